/*
 * test_engine_ladder_shared -- one ladder per person: the rungs built in
 * one exercise's run are there in every other ladder exercise's run, in
 * the vault's own record (innermost/ladder.h), across a restart; a try
 * re-rates the rung for the next run (the done mark stays with its run);
 * and a vault from before the shared ladder starts it from the newest run
 * that has rungs, written as its record at that first read so the runs
 * are scanned once.  Runs on the shipped content.
 */
#include <stdio.h>

#include "engine_test.h"
#include "innermost/ladder.h"
#include "innermost/progress.h"
#include "innermost/vault.h"
#include "vault_fixture.h"

#define CANARY "CANARY-5d1e-ladder-rung"

static im_library *lib;
static int64_t now = 1700000000000;
static im_clock clk;
static char *dir;

/* A new run of exercise_id attached to v, walked on to its ladder step. */
static im_run *run_at_ladder(im_vault *v, const char *exercise_id)
{
    const im_exercise *ex = im_library_find_exercise(lib, exercise_id);
    REQUIRE(ex);
    im_run *r = NULL;
    int64_t id = 0;
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    im_run_log_progress(r, 1);
    REQUIRE(im_run_attach(r, v, &id) == IM_OK);
    while (!im_run_finished(r) && im_run_step(r)->answer != IM_ANSWER_LADDER)
        REQUIRE(im_run_next(r) == IM_OK);
    REQUIRE(!im_run_finished(r));
    return r;
}

static const im_answer *ladder_of(const im_run *r) { return im_run_answer(r, im_run_index(r)); }

/* Whether rung i of r reads text, rated before, done or not. */
static int rung_is(const im_run *r, size_t i, const char *text, int before, int done)
{
    const im_answer *a = ladder_of(r);
    return a && i < a->n_rungs && !strcmp(a->rungs[i].text, text) && a->rungs[i].before == before &&
           a->rungs[i].done == done;
}

static void test_shared_between_exercises(im_vault **vp)
{
    im_run *path = run_at_ladder(*vp, "vulnerability-first-rungs");
    CHECK(ladder_of(path)->n_rungs == 0); /* nobody built one yet */
    const char *texts[] = {"Say I am nervous", CANARY};
    int before[] = {2, 7};
    CHECK_RC(im_run_answer_ladder(path, texts, before, 2), IM_OK);
    im_run_free(path);

    im_run *practice = run_at_ladder(*vp, "vulnerability-ladder");
    CHECK(ladder_of(practice)->n_rungs == 2);
    CHECK(rung_is(practice, 0, "Say I am nervous", 2, 0));
    CHECK(rung_is(practice, 1, CANARY, 7, 0));
    /* a rung added here is the person's too */
    const char *more[] = {"Say I am nervous", "Share a song", CANARY};
    int more_before[] = {2, 4, 7};
    CHECK_RC(im_run_answer_ladder(practice, more, more_before, 3), IM_OK);
    im_run_free(practice);

    im_ladder l = {0};
    CHECK_RC(im_ladder_load(*vp, &l), IM_OK);
    CHECK(l.n == 3);
    if (l.n == 3)
        CHECK(!strcmp(l.rungs[1].text, "Share a song") && l.rungs[1].rating == 4);
    im_ladder_free(&l);

    /* a restart: the vault closed and opened again */
    *vp = th_vault_reopen(*vp, dir);
    im_run *pacing = run_at_ladder(*vp, "pacing-disclosure");
    CHECK(ladder_of(pacing)->n_rungs == 3);
    CHECK(rung_is(pacing, 1, "Share a song", 4, 0));
    im_run_free(pacing);
}

/* A run left on its ladder step sees the ladder as it is now when it is
 * opened again, not the copy it saved. */
static void test_open_run_follows(im_vault **vp)
{
    im_run *old = run_at_ladder(*vp, "vulnerability-first-rungs");
    int64_t old_id = 0;
    CHECK_RC(im_run_find_open(*vp, "vulnerability-first-rungs", &old_id), IM_OK);
    im_run_free(old);
    im_run *other = run_at_ladder(*vp, "vulnerability-ladder");
    const char *texts[] = {"Say I am nervous", "Share a song"};
    int before[] = {2, 4};
    CHECK_RC(im_run_answer_ladder(other, texts, before, 2), IM_OK); /* one removed */
    im_run_free(other);
    im_run *back = NULL;
    CHECK_RC(im_run_resume_from(lib, *vp, old_id, &clk, &back), IM_OK);
    REQUIRE(back);
    CHECK(ladder_of(back)->n_rungs == 2);
    im_run_free(back);
}

/* Trying a rung re-rates it for the person: the next run starts from the
 * new rating, not done (the done mark is the run's); the try is logged. */
static void test_try_rerates(im_vault **vp)
{
    im_run *r = run_at_ladder(*vp, "vulnerability-ladder");
    REQUIRE(rung_is(r, 1, "Share a song", 4, 0));
    CHECK_RC(im_run_ladder_done(r, 1, 1), IM_OK);
    CHECK(rung_is(r, 1, "Share a song", 4, 1));
    im_run_free(r);
    im_run *next = run_at_ladder(*vp, "vulnerability-first-rungs");
    CHECK(rung_is(next, 1, "Share a song", 1, 0));
    /* tried again weeks later: re-rated again, from the new rating */
    CHECK_RC(im_run_ladder_done(next, 1, 0), IM_OK);
    im_run_free(next);
    im_progress_event *e = NULL;
    size_t n = 0;
    REQUIRE(im_progress_ladder(*vp, NULL, &e, &n) == IM_OK);
    CHECK(n == 2);
    if (n == 2)
        CHECK(e[0].before == 4 && e[0].after == 1 && e[1].before == 1 && e[1].after == 0);
    free(e);
    im_ladder l = {0};
    CHECK_RC(im_ladder_load(*vp, &l), IM_OK);
    CHECK(l.n == 2 && l.rungs[1].rating == 0);
    im_ladder_free(&l);
}

/* A rung renamed keeps its place and ratings; one removed is gone from
 * the person's ladder too. */
static void test_rename_remove(im_vault **vp)
{
    im_run *r = run_at_ladder(*vp, "pacing-disclosure");
    REQUIRE(ladder_of(r)->n_rungs == 2);
    CHECK_RC(im_run_ladder_rename(r, 0, ""), IM_ERR_INVALID);
    CHECK_RC(im_run_ladder_rename(r, 2, "no such rung"), IM_ERR_INVALID);
    CHECK_RC(im_run_ladder_remove(r, 2), IM_ERR_INVALID);
    CHECK_RC(im_run_ladder_rename(r, 0, "Say I am a bit nervous"), IM_OK);
    CHECK(rung_is(r, 0, "Say I am a bit nervous", 2, 0));
    im_run_free(r);
    im_run *other = run_at_ladder(*vp, "vulnerability-ladder");
    CHECK(rung_is(other, 0, "Say I am a bit nervous", 2, 0));
    CHECK_RC(im_run_ladder_remove(other, 0), IM_OK);
    CHECK(rung_is(other, 0, "Share a song", 0, 0));
    im_run_free(other);
    *vp = th_vault_reopen(*vp, dir);
    im_ladder l = {0};
    CHECK_RC(im_ladder_load(*vp, &l), IM_OK);
    CHECK(l.n == 1 && !strcmp(l.rungs[0].text, "Share a song"));
    im_ladder_free(&l);
}

/* A run saved by the code before the shared ladder: only its own record. */
static void put_old_run(im_vault *v, const char *exercise_id, const char *const *texts, const int *before,
                        size_t n)
{
    const im_exercise *ex = im_library_find_exercise(lib, exercise_id);
    REQUIRE(ex);
    im_run *r = NULL;
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    while (im_run_step(r)->answer != IM_ANSWER_LADDER)
        REQUIRE(im_run_next(r) == IM_OK);
    REQUIRE(im_run_answer_ladder(r, texts, before, n) == IM_OK);
    unsigned char *data;
    size_t len;
    REQUIRE(im_run_save(r, &data, &len) == IM_OK);
    int64_t id = 0;
    REQUIRE(im_record_put(v, IM_KIND_RUN, &id, data, len) == IM_OK);
    im_state_free(data, len);
    im_run_free(r);
}

static void test_migration(void)
{
    char *old_dir = im_tmpdir_make("engine-ladder-old");
    REQUIRE(old_dir);
    im_vault *v = th_vault_create(old_dir, NULL, NULL);
    im_ladder l = {0};
    const char *older[] = {"An older rung"};
    int older_before[] = {3};
    put_old_run(v, "vulnerability-ladder", older, older_before, 1);
    now += 60000;
    const char *newer[] = {"Built before", "the shared ladder"};
    int newer_before[] = {1, 6};
    put_old_run(v, "vulnerability-first-rungs", newer, newer_before, 2);
    now += 60000;
    CHECK_RC(im_ladder_load(v, &l), IM_OK);
    CHECK(l.n == 2);
    if (l.n == 2)
        CHECK(!strcmp(l.rungs[0].text, "Built before") && l.rungs[1].rating == 6);
    im_ladder_free(&l);
    /* the first read kept what it migrated: the runs are not scanned
     * again (a run saved by an old build later does not change it) */
    size_t kept = 0;
    CHECK_RC(im_record_count(v, IM_KIND_LADDER, &kept), IM_OK);
    CHECK(kept == 1);
    const char *later[] = {"Saved by an old build later"};
    int later_before[] = {4};
    put_old_run(v, "vulnerability-ladder", later, later_before, 1);
    now += 60000;
    CHECK_RC(im_ladder_load(v, &l), IM_OK);
    CHECK(l.n == 2 && !strcmp(l.rungs[0].text, "Built before"));
    im_ladder_free(&l);
    im_run *r = run_at_ladder(v, "vulnerability-ladder");
    CHECK(rung_is(r, 0, "Built before", 1, 0));
    CHECK(rung_is(r, 1, "the shared ladder", 6, 0));
    im_run_free(r);
    im_vault_close(v);
    im_tmpdir_remove(old_dir);
}

/* A vault with no ladder anywhere reads an empty one, and keeps it as an
 * empty record: the runs without rungs are not scanned at every read. */
static void test_migration_empty(void)
{
    char *empty_dir = im_tmpdir_make("engine-ladder-empty");
    REQUIRE(empty_dir);
    im_vault *v = th_vault_create(empty_dir, NULL, NULL);
    im_ladder l = {0};
    CHECK_RC(im_ladder_load(v, &l), IM_OK);
    CHECK(l.n == 0); /* nothing anywhere: empty, not an error */
    im_ladder_free(&l);
    size_t kept = 0;
    CHECK_RC(im_record_count(v, IM_KIND_LADDER, &kept), IM_OK);
    CHECK(kept == 1);
    CHECK_RC(im_ladder_load(v, &l), IM_OK);
    CHECK(l.n == 0);
    CHECK_RC(im_record_count(v, IM_KIND_LADDER, &kept), IM_OK);
    CHECK(kept == 1); /* read again: still one */
    im_ladder_free(&l);
    im_vault_close(v);
    im_tmpdir_remove(empty_dir);
}

/* A Together exercise with a ladder prompt: its rungs are each partner's
 * own answer in that couple run, never the person's ladder -- the person's
 * rungs are not shown to the partner, and the partner's rungs do not
 * become the person's. */
static void test_couple_ladder_is_not_the_persons(im_vault *v)
{
    static const char text[] = "id: couple-steps\nkind: together\ntitle: Steps together\n"
                               "dimension: emotional\n\n# Card: Together\nRead this together.\n\n"
                               "# Exercise: Small steps\nid: small-steps\nmode: reveal\n\n"
                               "## Prompt\nid: steps\nanswer: ladder\nA few small steps?\n";
    im_library *own = im_library_new();
    REQUIRE(own);
    static im_diags diags;
    REQUIRE(im_content_parse(own, "couple-steps.txt", text, sizeof text - 1, &diags) == IM_OK);
    const im_exercise *ex = im_library_find_exercise(own, "small-steps");
    REQUIRE(ex);
    im_ladder before = {0};
    CHECK_RC(im_ladder_load(v, &before), IM_OK);
    REQUIRE(before.n > 0); /* the person has rungs of their own */
    size_t records = 0;
    CHECK_RC(im_record_count(v, IM_KIND_LADDER, &records), IM_OK);

    im_couple *c = NULL;
    int64_t id = 0;
    REQUIRE(im_couple_start(ex, "Ana", "Sam", &clk, NULL, &c) == IM_OK);
    REQUIRE(im_couple_attach(c, v, &id) == IM_OK);
    const im_answer *a = NULL;
    CHECK_RC(im_couple_get_answer(c, im_couple_partner(c), im_couple_index(c), &a), IM_OK);
    CHECK(a && a->n_rungs == 0); /* not the person's rungs */
    const char *texts[] = {"PARTNER-RUNG-canary"};
    int rated[] = {5};
    CHECK_RC(im_couple_answer_ladder(c, texts, rated, 1), IM_OK);
    im_couple_free(c);

    im_ladder after = {0};
    CHECK_RC(im_ladder_load(v, &after), IM_OK);
    CHECK(after.n == before.n);
    for (size_t i = 0; i < after.n && i < before.n; i++)
        CHECK(!strcmp(after.rungs[i].text, before.rungs[i].text) &&
              after.rungs[i].rating == before.rungs[i].rating);
    size_t now_records = 0;
    CHECK_RC(im_record_count(v, IM_KIND_LADDER, &now_records), IM_OK);
    CHECK(now_records == records);
    im_ladder_free(&before);
    im_ladder_free(&after);
    im_library_free(own);
}

int main(void)
{
    clk = im_clock_fixed(&now);
    static im_diags diags;
    char *content = im_source_path("content");
    REQUIRE(im_content_load_dir(content, &lib, &diags) == IM_OK && lib);
    free(content);
    dir = im_tmpdir_make("engine-ladder-shared");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    test_shared_between_exercises(&v);
    test_open_run_follows(&v);
    test_try_rerates(&v);
    test_rename_remove(&v);
    test_couple_ladder_is_not_the_persons(v);
    im_vault_close(v);
    /* the person's ladder is sealed like every other record */
    CHECK(im_scan_dir_for(dir, CANARY, strlen(CANARY)) == 0);
    im_tmpdir_remove(dir);
    test_migration();
    test_migration_empty();
    im_library_free(lib);
    return im_check_done();
}
