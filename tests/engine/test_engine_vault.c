/*
 * test_engine_vault -- runs stored in the real vault: every answer is in
 * the vault as soon as it is given (a "restart" right after any answer
 * finds it), a couple run interrupted before the reveal resumes sealed, and
 * no answer text reaches the disk in clear (canary scan).
 */
#include <stdio.h>

#include "engine_test.h"
#include "innermost/vault.h"

#define PASS "correct horse battery staple"
#define CANARY_A "CANARY-7f3a-solo-answer"
#define CANARY_B "CANARY-91c2-sealed-answer"

static im_library *lib;
static int64_t now = 1700000000000;
static im_clock clk;
static uint64_t seed = 3;
static im_rng rng;
static char *dir;

static im_vault *reopen(im_vault *v)
{
    im_vault_close(v);
    im_vault *w = NULL;
    REQUIRE(im_vault_open(dir, &w) == IM_OK);
    REQUIRE(im_vault_unlock(w, PASS) == IM_OK);
    return w;
}

/* The solo run as the vault has it now (a restart). */
static im_run *from_vault(im_vault *v, int64_t id)
{
    im_run *r = NULL;
    CHECK_RC(im_run_resume_from(lib, v, id, &clk, &r), IM_OK);
    REQUIRE(r);
    return r;
}

static void test_solo(im_vault **vp)
{
    const im_exercise *ex = im_library_find_exercise(lib, "all-kinds");
    im_run *r = NULL;
    int64_t id = 0, found = 0;
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    CHECK_RC(im_run_find_open(*vp, "all-kinds", &found), IM_ERR_NOT_FOUND);
    CHECK_RC(im_run_attach(r, *vp, &id), IM_OK);
    CHECK(id > 0);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK_RC(im_run_answer_text(r, CANARY_A), IM_OK);
    /* no further call: the answer is already stored */
    im_run *seen = from_vault(*vp, id);
    CHECK(im_run_index(seen) == 1 &&
          !strcmp(im_run_answer(seen, 1)->text, CANARY_A));
    im_run_free(seen);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK_RC(im_run_answer_choices(r, 1), IM_OK);
    im_run_free(r); /* the process ends here, without any goodbye */

    *vp = reopen(*vp);
    CHECK_RC(im_run_find_open(*vp, "all-kinds", &found), IM_OK);
    CHECK(found == id);
    r = from_vault(*vp, found);
    CHECK(im_run_index(r) == 2 && im_run_answer(r, 2)->chosen == 1);
    CHECK(!strcmp(im_run_answer(r, 1)->text, CANARY_A));
    /* it stays attached: going on keeps saving into the same record */
    CHECK_RC(im_run_answer_choices(r, 2), IM_OK);
    while (!im_run_finished(r))
        CHECK_RC(im_run_skip(r), IM_OK);
    im_run_free(r);
    r = from_vault(*vp, id);
    CHECK(im_run_finished(r) && im_run_answer(r, 2)->chosen == 2);
    im_run_free(r);
    CHECK_RC(im_run_find_open(*vp, "all-kinds", &found), IM_ERR_NOT_FOUND);
    size_t n = 0;
    CHECK_RC(im_record_count(*vp, IM_KIND_RUN, &n), IM_OK);
    CHECK(n == 1); /* one record per run, replaced in place */
}

static void test_couple_sealed_across_restart(im_vault **vp)
{
    const im_exercise *ex = im_library_find_exercise(lib, "hopes");
    im_couple *c = NULL;
    int64_t id = 0, found = 0;
    REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
    CHECK_RC(im_couple_attach(c, *vp, &id), IM_OK);
    CHECK_RC(im_couple_answer_text(c, CANARY_B), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_answer_scale(c, 4), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK); /* hand-off */
    im_couple_free(c);                  /* interrupted */

    *vp = reopen(*vp);
    CHECK_RC(im_couple_find_open(*vp, "hopes", &found), IM_OK);
    CHECK(found == id);
    CHECK_RC(im_couple_resume_from(lib, *vp, found, &clk, &rng, &c), IM_OK);
    REQUIRE(c);
    CHECK(im_couple_phase_of(c) == IM_PHASE_HANDOFF);
    const im_answer *a;
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_ERR_SEALED);
    CHECK(a == NULL);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_ERR_SEALED);
    CHECK_RC(im_couple_answer_text(c, "Sam's hope"), IM_OK);
    im_couple_free(c); /* interrupted again, mid-way through Sam's turn */

    CHECK_RC(im_couple_resume_from(lib, *vp, id, &clk, &rng, &c), IM_OK);
    REQUIRE(c);
    CHECK(im_couple_partner(c) == 1);
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_ERR_SEALED);
    CHECK_RC(im_couple_get_answer(c, 1, 0, &a), IM_OK);
    CHECK(a && !strcmp(a->text, "Sam's hope"));
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_answer_scale(c, 6), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_OK);
    CHECK(a && !strcmp(a->text, CANARY_B));
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_DONE);
    im_couple_free(c);
    CHECK_RC(im_couple_find_open(*vp, "hopes", &found), IM_ERR_NOT_FOUND);
}

int main(void)
{
    clk = im_clock_fixed(&now);
    rng = im_rng_seeded(&seed);
    lib = fixture_library();
    dir = im_tmpdir_make("engine-vault");
    REQUIRE(dir);
    im_kdf_params kdf = im_kdf_params_min();
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *v = NULL;
    REQUIRE(im_vault_create(dir, PASS, &kdf, code, &v) == IM_OK);
    test_solo(&v);
    test_couple_sealed_across_restart(&v);
    im_vault_close(v);
    /* no answer text anywhere on disk in clear */
    CHECK(im_scan_dir_for(dir, CANARY_A, strlen(CANARY_A)) == 0);
    CHECK(im_scan_dir_for(dir, CANARY_B, strlen(CANARY_B)) == 0);
    im_tmpdir_remove(dir);
    im_library_free(lib);
    return im_check_done();
}
