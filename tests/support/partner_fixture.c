/* partner_fixture.c -- see partner_fixture.h. */
#include "partner_fixture.h"

#include <sodium.h>
#include <string.h>

#include "engine_test.h"
#include "vault_fixture.h"

im_vault *pf_setup(pf_env *e, const char *tag, uint64_t seed)
{
    REQUIRE(sodium_init() >= 0);
    memset(e, 0, sizeof *e);
    e->now = 1700000000000;
    e->seed = seed;
    e->clk = im_clock_fixed(&e->now);
    e->rng = im_rng_seeded(&e->seed);
    e->lib = fixture_library();
    e->dir = im_tmpdir_make(tag);
    REQUIRE(e->dir);
    return th_vault_create(e->dir, NULL, NULL);
}

im_couple *pf_resume(pf_env *e, im_vault *v, int64_t id)
{
    im_couple *c = NULL;
    CHECK_RC(im_couple_resume_from(e->lib, v, id, &e->clk, &e->rng, &c), IM_OK);
    REQUIRE(c);
    return c;
}

const char *pf_text_of(im_couple *c, int p, size_t step)
{
    const im_answer *a = NULL;
    if (im_couple_get_answer(c, p, step, &a) != IM_OK || !a || !a->text)
        return NULL;
    return a->text;
}

typedef struct scan {
    const char *needle;
    size_t n;
    long hits, records;
} scan;

static int scan_fn(void *ctx, int64_t id, im_rc rc, const unsigned char *data, size_t len)
{
    (void)id;
    scan *s = ctx;
    if (rc != IM_OK || !data)
        return 0;
    s->records++;
    for (size_t i = 0; s->n <= len && i + s->n <= len; i++)
        if (!memcmp(data + i, s->needle, s->n))
            s->hits++;
    return 0;
}

long pf_owner_reads(const char *dir, const char *needle, const uint32_t *kinds, size_t n_kinds, long *records)
{
    im_vault *v = NULL;
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    REQUIRE(im_vault_unlock(v, TH_PASS) == IM_OK);
    scan s = {needle, strlen(needle), 0, 0};
    for (size_t k = 0; k < n_kinds; k++)
        CHECK_RC(im_record_foreach(v, kinds[k], scan_fn, &s), IM_OK);
    im_vault_close(v);
    if (records)
        *records = s.records;
    return s.hits;
}

int64_t pf_hopes_session(pf_env *e, im_vault *space, const char *first, const char *second, int reveal,
                         unsigned keep)
{
    const im_exercise *ex = im_library_find_exercise(e->lib, "hopes");
    REQUIRE(ex);
    im_couple *c = NULL;
    int64_t id = 0;
    REQUIRE(im_couple_start(ex, "Samantha", "Alex", &e->clk, &e->rng, &c) == IM_OK);
    CHECK_RC(im_couple_attach(c, space, &id), IM_OK);
    CHECK_RC(im_couple_answer_text(c, first), IM_OK);
    while (im_couple_phase_of(c) == IM_PHASE_ANSWERING)
        CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    CHECK_RC(im_couple_answer_text(c, second), IM_OK);
    if (reveal) {
        im_couple_outcome out;
        while (im_couple_phase_of(c) == IM_PHASE_ANSWERING)
            CHECK_RC(im_couple_advance(c, &out), IM_OK);
        CHECK(im_couple_phase_of(c) == IM_PHASE_REVEALED);
        for (int p = 0; p < 2; p++)
            CHECK_RC(im_couple_keep(c, p, keep >> p & 1), IM_OK);
    }
    im_couple_free(c);
    return id;
}

long pf_reads(im_vault *v, const char *needle)
{
    scan s = {needle, strlen(needle), 0, 0};
    for (uint32_t k = 1; k <= IM_KIND_MAX_; k++)
        CHECK_RC(im_record_foreach(v, k, scan_fn, &s), IM_OK);
    return s.hits;
}
