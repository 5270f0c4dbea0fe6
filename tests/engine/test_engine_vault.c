/*
 * test_engine_vault -- runs stored in the real vault: every answer is in
 * the vault as soon as it is given (a "restart" right after any answer
 * finds it), a couple run interrupted before the reveal resumes sealed, and
 * no answer text reaches the disk in clear (canary scan).
 */
#include <stdio.h>

#include "engine_test.h"
#include "innermost/vault.h"
#include "vault_fixture.h"

#define CANARY_A "CANARY-7f3a-solo-answer"
#define CANARY_B "CANARY-91c2-sealed-answer"

static im_library *lib;
static int64_t now = 1700000000000;
static im_clock clk;
static uint64_t seed = 3;
static im_rng rng;
static char *dir;

static im_vault *reopen(im_vault *v) { return th_vault_reopen(v, dir); }

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
    CHECK(im_run_index(seen) == 1 && !strcmp(im_run_answer(seen, 1)->text, CANARY_A));
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

/* ---- Stable prompt ids: answers stay with their items ------------------- */

/* A deck (solo, text answers) and a comfort map (match), then the same
 * file edited: items reordered, one inserted at the top, one removed. */
static const char lib_v1[] = "id: tools\nkind: together\ntitle: Tools\n\n"
                             "# Exercise: Deck\nid: deck\n\n## Prompts\nanswer: text\n"
                             "- [first-memory] What is your first memory?\n"
                             "- [favourite-place] Where do you feel at home?\n"
                             "- [small-joy] What small thing made you smile?\n\n"
                             "# Exercise: Map\nid: map\nmode: match\n\n## Prompts\n"
                             "- [holding-hands] Holding hands\n"
                             "- [long-hug] A long hug\n"
                             "- [cooking] Cooking together\n"
                             "- [walk] A walk\n";
static const char lib_v2[] = "id: tools\nkind: together\ntitle: Tools\n\n"
                             "# Exercise: Deck\nid: deck\n\n## Prompts\nanswer: text\n"
                             "- [new-one] A question written later?\n"
                             "- [small-joy] What small thing made you smile today?\n"
                             "- [first-memory] What is your first memory?\n"
                             "- [favourite-place] Where do you feel at home?\n\n"
                             "# Exercise: Map\nid: map\nmode: match\n\n## Prompts\n"
                             "- [dancing] Dancing in the kitchen\n"
                             "- [walk] A walk\n"
                             "- [cooking] Cooking together\n"
                             "- [holding-hands] Holding hands\n";

static const char *answer_of(const im_run *r, const char *step_id)
{
    const im_exercise *ex = im_run_exercise(r);
    for (size_t i = 0; i < ex->n_steps; i++)
        if (!strcmp(ex->steps[i].id, step_id))
            return im_run_answer(r, i)->text;
    return NULL;
}

static void test_reordered_items(im_vault **vp)
{
    im_library *v1 = text_library(lib_v1);
    const im_exercise *deck = im_library_find_exercise(v1, "deck");
    const im_exercise *map = im_library_find_exercise(v1, "map");
    REQUIRE(deck && map);

    /* Solo: answer the first two deck questions, stop on the second. */
    im_run *r = NULL;
    int64_t rid = 0;
    REQUIRE(im_run_start(deck, &clk, &r) == IM_OK);
    REQUIRE(im_run_attach(r, *vp, &rid) == IM_OK);
    CHECK_RC(im_run_answer_text(r, "the sea"), IM_OK);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK_RC(im_run_answer_text(r, "grandma's kitchen"), IM_OK);
    im_run_free(r);

    /* Match: Alex marks every item, then hands over. */
    im_couple *c = NULL;
    int64_t cid = 0;
    static const im_match alex[] = {IM_MATCH_YES, IM_MATCH_NOT_NOW, IM_MATCH_MAYBE, IM_MATCH_YES};
    REQUIRE(im_couple_start(map, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
    REQUIRE(im_couple_attach(c, *vp, &cid) == IM_OK);
    for (size_t i = 0; i < 4; i++) {
        CHECK_RC(im_couple_answer_match(c, alex[i]), IM_OK);
        CHECK_RC(im_couple_next(c), IM_OK);
    }
    CHECK(im_couple_phase_of(c) == IM_PHASE_HANDOFF);
    im_couple_free(c);

    /* The content is edited; the app restarts with the new library. */
    *vp = reopen(*vp);
    im_library *v2 = text_library(lib_v2);
    CHECK_RC(im_run_resume_from(v2, *vp, rid, &clk, &r), IM_OK);
    REQUIRE(r);
    const char *a = answer_of(r, "first-memory");
    CHECK(a && !strcmp(a, "the sea"));
    a = answer_of(r, "favourite-place");
    CHECK(a && !strcmp(a, "grandma's kitchen"));
    CHECK(answer_of(r, "small-joy") == NULL && answer_of(r, "new-one") == NULL);
    /* and the run stands where it stood: on "favourite-place" */
    CHECK(im_run_step(r) && !strcmp(im_run_step(r)->id, "favourite-place"));
    CHECK(im_run_index(r) == 3);
    im_run_free(r);

    /* Sam marks the new list: yes to all.  Mutual: Alex's yes items that
     * still exist (holding hands, walk), in the new order; not cooking
     * (Alex: maybe, never shown), not the long hug (Alex: not now, and it
     * is gone), not the new dancing item (Alex never saw it). */
    CHECK_RC(im_couple_resume_from(v2, *vp, cid, &clk, &rng, &c), IM_OK);
    REQUIRE(c);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    for (size_t i = 0; i < 4; i++) {
        CHECK_RC(im_couple_answer_match(c, IM_MATCH_YES), IM_OK);
        CHECK_RC(im_couple_next(c), IM_OK);
    }
    REQUIRE(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    size_t steps[8], n = 0;
    int yes[8];
    CHECK_RC(im_couple_match_result(c, steps, yes, 8, &n), IM_OK);
    const im_exercise *map2 = im_library_find_exercise(v2, "map");
    CHECK(n == 2);
    if (n == 2) {
        CHECK(!strcmp(map2->steps[steps[0]].id, "walk") && yes[0]);
        CHECK(!strcmp(map2->steps[steps[1]].id, "holding-hands") && yes[1]);
    }
    im_couple_free(c);

    /* The result loaded against the old order comes in that order. */
    CHECK_RC(im_couple_resume_from(v1, *vp, cid, &clk, &rng, &c), IM_OK);
    REQUIRE(c);
    CHECK_RC(im_couple_match_result(c, steps, yes, 8, &n), IM_OK);
    CHECK(n == 2);
    if (n == 2) {
        CHECK(!strcmp(map->steps[steps[0]].id, "holding-hands") && yes[0]);
        CHECK(!strcmp(map->steps[steps[1]].id, "walk") && yes[1]);
    }
    im_couple_free(c);
    im_library_free(v2);
    im_library_free(v1);
}

/* Begun before: no session of an exercise until one is attached, then
 * one (open or done) -- what keeps the intro cards to the first time. */
static void test_begun_before(im_vault *v)
{
    int begun = -1;
    CHECK_RC(im_couple_begun_before(lib, v, "never-started", &begun), IM_OK);
    CHECK(begun == 0);
    CHECK_RC(im_couple_begun_before(lib, v, "hopes", &begun), IM_OK);
    CHECK(begun == 1); /* test_couple_sealed_across_restart began it */
    CHECK_RC(im_couple_begun_before(lib, v, NULL, &begun), IM_ERR_INVALID);
}

int main(void)
{
    clk = im_clock_fixed(&now);
    rng = im_rng_seeded(&seed);
    lib = fixture_library();
    dir = im_tmpdir_make("engine-vault");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    test_solo(&v);
    test_couple_sealed_across_restart(&v);
    test_reordered_items(&v);
    test_begun_before(v);
    im_vault_close(v);
    /* no answer text anywhere on disk in clear */
    CHECK(im_scan_dir_for(dir, CANARY_A, strlen(CANARY_A)) == 0);
    CHECK(im_scan_dir_for(dir, CANARY_B, strlen(CANARY_B)) == 0);
    im_tmpdir_remove(dir);
    im_library_free(lib);
    return im_check_done();
}
