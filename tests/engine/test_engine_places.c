/*
 * test_engine_places -- whose place on Together's list each partner of a
 * couple session is, as core records it when the session begins
 * (engine_couple_places.c; engine.h im_couple_places_set).
 *
 *  - recorded: "the second place starts" gives partner 0 place 1 and
 *    partner 1 place 0, kept across a save and a resume from the vault,
 *    whatever is sealed (or not) afterwards;
 *  - recorded only at the start: after an answer, or a seal, a new record
 *    is refused; the same again is fine, another is refused; a bad place
 *    is refused; the other modes record it too;
 *  - a seal only for one's own place: with places recorded, binding or
 *    joining partner 0 as the other place is refused and nothing is filed
 *    (no partner record made); their own place works;
 *  - an older session (saved without places: the same bytes as before)
 *    reads by the old rule: by slot with no seal, by the seal when one
 *    names a place (the other partner: the other place);
 *  - a crafted record: a places byte out of range, or recorded places that
 *    disagree with a seal, is refused as damaged; "keep" and the places
 *    read back together.
 * The attack through the app (the resume that guessed by slot) is
 * tests/gates/test_couple_places.c.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine_test.h"
#include "innermost/couple_space.h"
#include "innermost/partner_key.h"
#include "partner_fixture.h"
#include "vault_fixture.h"

#define PIN_ALEX "736251"
#define PIN_SAM "482913"

static pf_env env;

static const im_exercise *ex_of(const char *id)
{
    const im_exercise *ex = im_library_find_exercise(env.lib, id);
    REQUIRE(ex);
    return ex;
}

static im_couple *start(const char *id, const char *a, const char *b)
{
    im_couple *c = NULL;
    REQUIRE(im_couple_start(ex_of(id), a, b, &env.clk, &env.rng, &c) == IM_OK);
    return c;
}

/* A copy of c: saved and loaded back (unattached); c stays. */
static im_couple *reload(im_couple *c)
{
    unsigned char *d = NULL;
    size_t n = 0;
    REQUIRE(im_couple_save(c, &d, &n) == IM_OK);
    im_couple *back = NULL;
    REQUIRE(im_couple_load(env.lib, d, n, &env.clk, &env.rng, &back) == IM_OK);
    im_state_free(d, n);
    return back;
}

static void recorded(im_vault *v)
{
    /* Alex (place 1) starts: partner 0 is his */
    im_couple *c = start("hopes", "Alex", "Samantha");
    CHECK(im_couple_places_of(c) == IM_COUPLE_PLACES_GUESSED);
    CHECK_RC(im_couple_places_set(c, IM_COUPLE_PLACE_PERSON), IM_OK);
    CHECK(im_couple_places_of(c) == IM_COUPLE_PLACES_RECORDED);
    CHECK(im_couple_partner_place(c, 0) == (int)IM_COUPLE_PLACE_PERSON);
    CHECK(im_couple_partner_place(c, 1) == (int)IM_COUPLE_PLACE_OWNER);
    CHECK(im_couple_partner_place(c, 2) == -1);
    CHECK(im_couple_partner_place(NULL, 0) == -1);
    int64_t id = 0;
    CHECK_RC(im_couple_attach(c, v, &id), IM_OK);
    im_couple_free(c);

    /* resumed from the vault, nothing sealed: still his, not by slot */
    c = pf_resume(&env, v, id);
    CHECK(im_couple_places_of(c) == IM_COUPLE_PLACES_RECORDED);
    CHECK(im_couple_partner_place(c, 0) == (int)IM_COUPLE_PLACE_PERSON);
    CHECK(im_couple_partner_place(c, 1) == (int)IM_COUPLE_PLACE_OWNER);

    /* a seal for the other place is refused, and files nothing */
    CHECK_RC(im_couple_partner_join(c, 0, IM_COUPLE_PLACE_OWNER, IM_PARTNER_SECRET_PIN, PIN_ALEX),
             IM_ERR_STATE);
    CHECK(im_partner_secret_of(v, IM_COUPLE_PLACE_OWNER) == IM_PARTNER_SECRET_NONE);
    CHECK(im_couple_partner_secret(c, 0) == IM_PARTNER_SECRET_NONE);
    /* his own place: filed as his */
    CHECK_RC(im_couple_partner_join(c, 0, IM_COUPLE_PLACE_PERSON, IM_PARTNER_SECRET_PIN, PIN_ALEX), IM_OK);
    CHECK(im_partner_secret_of(v, IM_COUPLE_PLACE_PERSON) == IM_PARTNER_SECRET_PIN);
    CHECK(im_partner_secret_of(v, IM_COUPLE_PLACE_OWNER) == IM_PARTNER_SECRET_NONE);
    CHECK(im_couple_partner_person(c, 0) == (int)IM_COUPLE_PLACE_PERSON);
    CHECK_RC(im_couple_answer_text(c, "alex's hope"), IM_OK);
    /* too late to record again: the same is fine, another is not */
    CHECK_RC(im_couple_places_set(c, IM_COUPLE_PLACE_PERSON), IM_OK);
    CHECK_RC(im_couple_places_set(c, IM_COUPLE_PLACE_OWNER), IM_ERR_STATE);
    CHECK(im_couple_partner_place(c, 0) == (int)IM_COUPLE_PLACE_PERSON);
    im_couple_free(c);

    /* a bind for the other place is refused too (Samantha has a PIN now) */
    c = start("hopes", "Samantha", "Alex");
    CHECK_RC(im_couple_places_set(c, IM_COUPLE_PLACE_OWNER), IM_OK);
    CHECK_RC(im_couple_attach(c, v, NULL), IM_OK);
    CHECK_RC(im_couple_partner_bind(c, 0, IM_COUPLE_PLACE_PERSON), IM_ERR_STATE);
    CHECK(im_couple_partner_person(c, 0) == -1);
    CHECK_RC(im_couple_partner_bind(c, 1, IM_COUPLE_PLACE_PERSON), IM_OK);
    CHECK(im_couple_partner_person(c, 1) == (int)IM_COUPLE_PLACE_PERSON);
    im_couple *back = reload(c);
    CHECK(im_couple_partner_place(back, 0) == (int)IM_COUPLE_PLACE_OWNER);
    CHECK(im_couple_partner_place(back, 1) == (int)IM_COUPLE_PLACE_PERSON);
    im_couple_free(back);
    im_couple_free(c);
}

static void only_at_start(void)
{
    im_couple *c = start("hopes", "Samantha", "Alex");
    CHECK_RC(im_couple_places_set(c, 2), IM_ERR_INVALID);
    CHECK_RC(im_couple_places_set(NULL, 0), IM_ERR_INVALID);
    CHECK_RC(im_couple_answer_text(c, "an answer first"), IM_OK);
    CHECK_RC(im_couple_places_set(c, IM_COUPLE_PLACE_PERSON), IM_ERR_STATE);
    CHECK(im_couple_places_of(c) == IM_COUPLE_PLACES_GUESSED);
    im_couple_free(c);

    /* every mode keeps them (the names follow them on the list) */
    const char *modes[] = {"turns", "comfort", "closer"};
    for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
        c = start(modes[i], "Alex", "Samantha");
        CHECK_RC(im_couple_places_set(c, IM_COUPLE_PLACE_PERSON), IM_OK);
        im_couple *back = reload(c);
        CHECK(im_couple_places_of(back) == IM_COUPLE_PLACES_RECORDED);
        CHECK(im_couple_partner_place(back, 0) == (int)IM_COUPLE_PLACE_PERSON);
        im_couple_free(back);
        im_couple_free(c);
    }
}

static void older_sessions(im_vault *v)
{
    /* saved without places: the saved form is as before (no byte added) */
    im_couple *c = start("hopes", "Alex", "Samantha"), *d = start("hopes", "Alex", "Samantha");
    CHECK_RC(im_couple_places_set(d, IM_COUPLE_PLACE_OWNER), IM_OK);
    unsigned char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;
    REQUIRE(im_couple_save(c, &a, &alen) == IM_OK);
    REQUIRE(im_couple_save(d, &b, &blen) == IM_OK);
    CHECK(blen == alen + 2); /* keep (0) and places */
    CHECK(b[blen - 1] == 1 && b[blen - 2] == 0);
    im_state_free(a, alen);
    im_state_free(b, blen);
    im_couple_free(d);
    im_couple *back = reload(c);
    CHECK(im_couple_places_of(back) == IM_COUPLE_PLACES_GUESSED);
    CHECK(im_couple_partner_place(back, 0) == 0 && im_couple_partner_place(back, 1) == 1);
    im_couple_free(back);
    im_couple_free(c);

    /* an older session where Alex's seal says he is partner 0: the seal
     * rules, the other partner has the other place */
    c = start("hopes", "Alex", "Samantha");
    CHECK_RC(im_couple_attach(c, v, NULL), IM_OK);
    CHECK_RC(im_couple_partner_join(c, 0, IM_COUPLE_PLACE_PERSON, IM_PARTNER_SECRET_PIN, PIN_ALEX), IM_OK);
    back = reload(c);
    CHECK(im_couple_places_of(back) == IM_COUPLE_PLACES_SEALED);
    CHECK(im_couple_partner_place(back, 0) == (int)IM_COUPLE_PLACE_PERSON);
    CHECK(im_couple_partner_place(back, 1) == (int)IM_COUPLE_PLACE_OWNER);
    im_couple_free(back);
    im_couple_free(c);
}

static void crafted(im_vault *v)
{
    /* Samantha starts, places recorded, her sheet sealed as hers; then the
     * places byte says Alex starts: the seal disagrees, refused */
    im_couple *c = start("hopes", "Samantha", "Alex");
    CHECK_RC(im_couple_places_set(c, IM_COUPLE_PLACE_OWNER), IM_OK);
    CHECK_RC(im_couple_attach(c, v, NULL), IM_OK);
    CHECK_RC(im_couple_partner_join(c, 0, IM_COUPLE_PLACE_OWNER, IM_PARTNER_SECRET_PIN, PIN_SAM), IM_OK);
    unsigned char *d = NULL;
    size_t n = 0;
    REQUIRE(im_couple_save(c, &d, &n) == IM_OK);
    im_couple *back = NULL;
    CHECK_RC(im_couple_load(env.lib, d, n, &env.clk, &env.rng, &back), IM_OK);
    im_couple_free(back);
    back = NULL;
    REQUIRE(d[n - 1] == 1);
    d[n - 1] = 2;
    CHECK_RC(im_couple_load(env.lib, d, n, &env.clk, &env.rng, &back), IM_ERR_DAMAGED);
    CHECK(back == NULL);
    const unsigned char bad[] = {0, 3, 255};
    for (size_t i = 0; i < sizeof bad; i++) {
        d[n - 1] = bad[i];
        CHECK_RC(im_couple_load(env.lib, d, n, &env.clk, &env.rng, &back), IM_ERR_DAMAGED);
    }
    im_state_free(d, n);
    im_couple_free(c);

    /* keep and places together, read back as written */
    c = start("hopes", "Alex", "Samantha");
    CHECK_RC(im_couple_places_set(c, IM_COUPLE_PLACE_PERSON), IM_OK);
    CHECK_RC(im_couple_answer_text(c, "his"), IM_OK);
    while (im_couple_phase_of(c) == IM_PHASE_ANSWERING)
        CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    CHECK_RC(im_couple_answer_text(c, "hers"), IM_OK);
    while (im_couple_phase_of(c) == IM_PHASE_ANSWERING)
        CHECK_RC(im_couple_next(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    CHECK_RC(im_couple_keep(c, 1, 1), IM_OK);
    back = restart_couple(env.lib, c, &env.clk, &env.rng); /* the same bytes again */
    CHECK(im_couple_partner_place(back, 0) == (int)IM_COUPLE_PLACE_PERSON);
    CHECK(!im_couple_kept(back, 0) && im_couple_kept(back, 1));
    im_couple_free(back);
}

/* A leave of an unsealed sheet goes by the recorded places: Alex (place
 * 1) started, so partner 0 is his; neither sealed.  His leave erases his
 * answers and keeps Samantha's (the rule by slot erased hers); then
 * hers erases hers. */
static void leave_unsealed(void)
{
    pf_env e2 = env;
    im_vault *v = pf_setup(&e2, "engine-places-leave", 23);
    const im_exercise *ex = im_library_find_exercise(e2.lib, "hopes");
    REQUIRE(ex);
    int64_t id[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        im_couple *c = NULL;
        REQUIRE(im_couple_start(ex, "Alex", "Samantha", &e2.clk, &e2.rng, &c) == IM_OK);
        CHECK_RC(im_couple_places_set(c, IM_COUPLE_PLACE_PERSON), IM_OK);
        CHECK_RC(im_couple_attach(c, v, &id[k]), IM_OK);
        CHECK_RC(im_couple_answer_text(c, k ? "alex two" : "alex one"), IM_OK);
        while (im_couple_phase_of(c) == IM_PHASE_ANSWERING)
            CHECK_RC(im_couple_next(c), IM_OK);
        CHECK_RC(im_couple_handoff_done(c), IM_OK);
        CHECK_RC(im_couple_answer_text(c, k ? "samantha two" : "samantha one"), IM_OK);
        im_couple_free(c);
    }
    /* two sessions, so a rule by slot cannot be right by chance */
    CHECK_RC(im_partner_leave(v, e2.lib, IM_COUPLE_PLACE_PERSON, TH_PASS), IM_OK);
    CHECK(pf_reads(v, "alex one") == 0 && pf_reads(v, "alex two") == 0);
    CHECK(pf_reads(v, "samantha one") == 1 && pf_reads(v, "samantha two") == 1);
    CHECK_RC(im_partner_leave(v, e2.lib, IM_COUPLE_PLACE_OWNER, TH_PASS), IM_OK);
    CHECK(pf_reads(v, "samantha one") == 0 && pf_reads(v, "samantha two") == 0);
    im_vault_close(v);
    im_tmpdir_remove(e2.dir);
    im_library_free(e2.lib);
}

int main(void)
{
    REQUIRE(sodium_init() >= 0);
    im_vault *v = pf_setup(&env, "engine-places", 22);
    recorded(v);
    only_at_start();
    older_sessions(v);
    crafted(v);
    leave_unsealed();
    im_vault_close(v);
    im_tmpdir_remove(env.dir);
    im_library_free(env.lib);
    return im_check_done();
}
