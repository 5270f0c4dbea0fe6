/*
 * test_engine_logged -- the engine's use cases that write progress along
 * with a run's state, each in one transaction:
 *   - a couple step that reveals a connection map reports it
 *     (im_couple_advance) and logs the map; a reveal of any other exercise
 *     logs nothing; a skipped dimension is logged as not rated;
 *   - a solo run that finishes logs its practice (and its path step) once;
 *   - a ladder rung tried and re-rated logs its discomfort before and after
 *     with the run's save, the rung's words cut whole to the log's size;
 *   - the couple history lists sessions newest first with their exercise;
 *   - power failures at every write of the revealing step and of the
 *     finishing step and of a rung's re-rating (crash VFS, tests/crash):
 *     after the reboot the vault holds the new state together with its
 *     events, or neither -- never a reveal whose map is lost, never a
 *     finished run without its practice, never a tried rung without its
 *     ratings.
 */
#include <stdio.h>
#include <unistd.h>

#include "crash_vfs.h"
#include "engine_test.h"
#include "innermost/ladder.h"
#include "innermost/progress.h"
#include "innermost/vault.h"

#define PASS "logged engine test passphrase"
#define DB "innermost.db"

static const char *TEXT = "id: cm\nkind: together\ntitle: C\n\n"
                          "# Exercise: Connection map\nid: connection-map\nmode: reveal\n\n"
                          "## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nFeelings?\n\n"
                          "## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nIdeas?\n\n"
                          "## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nMoments?\n\n"
                          "## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nMeaning?\n\n"
                          "## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nComfort?\n\n"
                          "# Exercise: Four\nid: four-scales\nmode: reveal\n\n"
                          "## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nOne?\n\n## Prompt\nanswer: "
                          "scale\nlow: Far\nhigh: Close\nTwo?\n\n"
                          "## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nThree?\n\n## Prompt\nanswer: "
                          "scale\nlow: Far\nhigh: Close\nFour?\n";

static const char *PATH_TEXT =
    "id: first-step\nkind: path\nstep: 1\ntitle: First\n\n"
    "# Exercise: Small\nid: small\n\n"
    "## Prompt\nanswer: text\nWhat?\n\n## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nHow much?\n";

static const char *LADDER_TEXT = "id: steps\nkind: practice\ntitle: Steps\n\n"
                                 "# Exercise: Ladder\nid: my-ladder\n\n"
                                 "## Prompt\nanswer: ladder\nYour steps?\n";

/* 126 bytes of Latin, then a three-byte character across the log's
 * 128-byte id limit (IM_PROGRESS_ID_MAX_BYTES): the rung's words are cut
 * before it, never inside it. */
#define LONG_RUNG_HEAD                                                                                       \
    "Tell my sister what I have been carrying since the summer: the move, the job, and why I went quiet "    \
    "for so "                                                                                                \
    "long each time she c"
#define LONG_RUNG                                                                                            \
    LONG_RUNG_HEAD "\xE2\x80\xA6"                                                                            \
                   "alled"

static im_library *lib, *path_lib, *ladder_lib;
static int64_t now = 1700000000000;
static im_clock clk;
static uint64_t seed = 5;
static im_rng rng;
static cv_state cv;
static char code[IM_RECOVERY_CODE_SIZE];

static size_t events_of(im_vault *v, int type)
{
    im_progress_event *e = NULL;
    size_t n = 0;
    REQUIRE(im_progress_events(v, type, 0, INT64_MAX, &e, &n) == IM_OK);
    free(e);
    return n;
}

/* A couple of exercise_id attached to v, both partners' scales given up
 * to (not including) the second partner's last "next".  skip: the
 * dimension the second partner skips (-1: none). */
static im_couple *couple_before_reveal(im_vault *v, const char *exercise_id, int skip, int64_t *id)
{
    const im_exercise *ex = im_library_find_exercise(lib, exercise_id);
    REQUIRE(ex);
    im_couple *c = NULL;
    REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
    *id = 0;
    REQUIRE(im_couple_attach(c, v, id) == IM_OK);
    for (int p = 0; p < 2; p++) {
        for (size_t i = 0; i < ex->n_steps; i++) {
            if (p == 1 && (int)i == skip) {
                REQUIRE(im_couple_skip(c) == IM_OK);
                continue;
            }
            REQUIRE(im_couple_answer_scale(c, (int)i + 3 * p) == IM_OK);
            if (p == 1 && i + 1 == ex->n_steps)
                return c;
            REQUIRE(im_couple_next(c) == IM_OK);
        }
        REQUIRE(im_couple_phase_of(c) == IM_PHASE_HANDOFF);
        REQUIRE(im_couple_handoff_done(c) == IM_OK);
    }
    return c;
}

static void test_reveal_logs_map(im_vault *v)
{
    int64_t id;
    im_couple_outcome out = {1, 1};
    im_couple *c = couple_before_reveal(v, "connection-map", 2, &id);
    CHECK(events_of(v, IM_PROGRESS_CONNECTION_MAP) == 0);
    CHECK_RC(im_couple_advance(c, &out), IM_OK);
    CHECK(out.revealed && out.map_logged);
    CHECK(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    im_progress_event *maps = NULL;
    size_t n = 0;
    REQUIRE(im_progress_connection_maps(v, &maps, &n) == IM_OK);
    CHECK(n == 1);
    if (n == 1) {
        CHECK(!strcmp(maps[0].item, "connection-map"));
        for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
            int skipped = d == 2; /* shown to neither: rated by neither */
            CHECK(maps[0].ratings[0][d] == (skipped ? IM_PROGRESS_NOT_RATED : d));
            CHECK(maps[0].ratings[1][d] == (skipped ? IM_PROGRESS_NOT_RATED : d + 3));
        }
    }
    free(maps);
    /* further steps reveal nothing new and log nothing more */
    CHECK_RC(im_couple_advance(c, &out), IM_OK);
    CHECK(!out.revealed && !out.map_logged);
    CHECK(im_couple_phase_of(c) == IM_PHASE_DONE);
    CHECK(events_of(v, IM_PROGRESS_CONNECTION_MAP) == 1);
    im_couple_free(c);

    /* a reveal of something else: revealed, nothing logged */
    c = couple_before_reveal(v, "four-scales", -1, &id);
    CHECK_RC(im_couple_advance(c, &out), IM_OK);
    CHECK(out.revealed && !out.map_logged);
    CHECK(events_of(v, IM_PROGRESS_CONNECTION_MAP) == 1);
    im_couple_free(c);

    /* a step that is not the reveal: nothing to report */
    c = couple_before_reveal(v, "connection-map", -1, &id);
    CHECK_RC(im_couple_back(c), IM_OK);
    CHECK_RC(im_couple_advance(c, &out), IM_OK);
    CHECK(!out.revealed && !out.map_logged);
    CHECK(events_of(v, IM_PROGRESS_CONNECTION_MAP) == 1);
    /* the reveal by "skip" logs the map as well */
    CHECK_RC(im_couple_skip(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    CHECK(events_of(v, IM_PROGRESS_CONNECTION_MAP) == 2);
    im_couple_free(c);
}

static void test_history(im_vault *v)
{
    im_couple_summary *h = NULL;
    size_t n = 0;
    CHECK_RC(im_couple_history(lib, v, &h, &n), IM_OK);
    /* test_reveal_logs_map made three: map (done), four (revealed), map
     * (revealed) -- newest first */
    CHECK(n == 3);
    if (n == 3) {
        CHECK(h[0].id > h[1].id && h[1].id > h[2].id);
        CHECK(!strcmp(h[0].ex->id, "connection-map") && !h[0].done);
        CHECK(!strcmp(h[1].ex->id, "four-scales") && !h[1].done);
        CHECK(!strcmp(h[2].ex->id, "connection-map") && h[2].done);
    }
    free(h);
    /* against a library without those exercises: nothing to list */
    CHECK_RC(im_couple_history(path_lib, v, &h, &n), IM_OK);
    CHECK(n == 0);
    free(h);
}

/* A path run attached to v, on its last step. */
static im_run *run_before_finish(im_vault *v, int64_t *id)
{
    const im_exercise *ex = im_library_find_exercise(path_lib, "small");
    REQUIRE(ex);
    im_run *r = NULL;
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    im_run_log_progress(r, 1);
    *id = 0;
    REQUIRE(im_run_attach(r, v, id) == IM_OK);
    REQUIRE(im_run_answer_text(r, "a few words") == IM_OK);
    REQUIRE(im_run_next(r) == IM_OK);
    REQUIRE(im_run_answer_scale(r, 4) == IM_OK);
    return r;
}

static void test_finish_logs_practice(im_vault *v)
{
    int64_t id;
    size_t practice = events_of(v, IM_PROGRESS_PRACTICE);
    im_run *r = run_before_finish(v, &id);
    CHECK(!im_run_progress_logged(r));
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK(im_run_finished(r) && im_run_progress_logged(r));
    CHECK(events_of(v, IM_PROGRESS_PRACTICE) == practice + 1);
    CHECK(events_of(v, IM_PROGRESS_PATH_STEP) == 1);
    size_t steps = 0;
    CHECK_RC(im_progress_path_steps_done(v, &steps), IM_OK);
    CHECK(steps == 1);
    /* back and finished again: logged once per run */
    CHECK_RC(im_run_back(r), IM_OK);
    CHECK_RC(im_run_skip(r), IM_OK);
    CHECK(events_of(v, IM_PROGRESS_PRACTICE) == practice + 1);
    im_run_free(r);
    /* a run not asked to log its progress logs nothing */
    r = run_before_finish(v, &id);
    im_run_log_progress(r, 0);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK(im_run_finished(r) && !im_run_progress_logged(r));
    CHECK(events_of(v, IM_PROGRESS_PRACTICE) == practice + 1);
    im_run_free(r);
    /* a run not in a vault logs nowhere and says so */
    const im_exercise *ex = im_library_find_exercise(path_lib, "small");
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    im_run_log_progress(r, 1);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK(im_run_finished(r) && !im_run_progress_logged(r));
    im_run_free(r);
}

/* A ladder run attached to v, its two rungs rated, none tried yet. */
static im_run *ladder_run(im_vault *v, int64_t *id, int log)
{
    const im_exercise *ex = im_library_find_exercise(ladder_lib, "my-ladder");
    REQUIRE(ex);
    im_run *r = NULL;
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    im_run_log_progress(r, log);
    *id = 0;
    REQUIRE(im_run_attach(r, v, id) == IM_OK);
    const char *texts[] = {"Say hello first", LONG_RUNG};
    int before[] = {4, 8};
    REQUIRE(im_run_answer_ladder(r, texts, before, 2) == IM_OK);
    return r;
}

static void test_rung_logs_ratings(im_vault *v)
{
    int64_t id;
    size_t was = events_of(v, IM_PROGRESS_LADDER_STEP);
    im_run *r = ladder_run(v, &id, 1);
    CHECK_RC(im_run_ladder_done(r, 0, 2), IM_OK);
    CHECK_RC(im_run_ladder_done(r, 1, 5), IM_OK);
    CHECK_RC(im_run_ladder_done(r, 2, 5), IM_ERR_INVALID); /* no such rung: nothing logged */
    im_run_free(r);
    im_progress_event *e = NULL;
    size_t n = 0;
    REQUIRE(im_progress_ladder(v, "my-ladder", &e, &n) == IM_OK);
    CHECK(n == 2 && events_of(v, IM_PROGRESS_LADDER_STEP) == was + 2);
    if (n == 2) {
        CHECK(e[0].type == IM_PROGRESS_LADDER_STEP && !strcmp(e[0].step, "Say hello first"));
        CHECK(e[0].before == 4 && e[0].after == 2);
        CHECK(!strcmp(e[1].step, LONG_RUNG_HEAD)); /* cut whole */
        CHECK(e[1].before == 8 && e[1].after == 5);
    }
    free(e);
    /* a run not asked to log its progress keeps the rating, logs nothing */
    r = ladder_run(v, &id, 0);
    CHECK_RC(im_run_ladder_done(r, 0, 1), IM_OK);
    CHECK(im_run_answer(r, 0)->rungs[0].done);
    im_run_free(r);
    CHECK(events_of(v, IM_PROGRESS_LADDER_STEP) == was + 2);
}

/* ---- power loss --------------------------------------------------------- */

/* After the reboot shared memory is gone: no -shm file survives it. */
static void remove_shm(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/" DB "-shm", dir);
    unlink(path);
}

static im_vault *open_dir(const char *dir)
{
    im_vault *v = NULL;
    if (im_vault_open(dir, &v) != IM_OK)
        return NULL;
    if (im_vault_unlock_recovery(v, code) != IM_OK && im_vault_unlock(v, PASS) != IM_OK) {
        im_vault_close(v);
        return NULL;
    }
    return v;
}

/* One operation under test: prepare (in the template, before the crash
 * window), step (inside it) and check (after the reboot: the state and
 * its events agree; returns whether the new state is there). */
typedef struct op {
    const char *name;
    int64_t id;
    void (*prepare)(struct op *o, im_vault *v);
    im_rc (*step)(struct op *o, im_vault *v);
    int (*check)(struct op *o, im_vault *v);
} op;

static void reveal_prepare(op *o, im_vault *v)
{
    im_couple_free(couple_before_reveal(v, "connection-map", -1, &o->id));
}

static im_rc reveal_step(op *o, im_vault *v)
{
    im_couple *c = NULL;
    REQUIRE(im_couple_resume_from(lib, v, o->id, &clk, &rng, &c) == IM_OK);
    im_couple_outcome out;
    im_rc rc = im_couple_advance(c, &out);
    CHECK(out.revealed); /* in memory it is revealed, saved or not */
    im_couple_free(c);
    return rc;
}

static int reveal_check(op *o, im_vault *v)
{
    im_couple *c = NULL;
    REQUIRE(im_couple_resume_from(lib, v, o->id, &clk, &rng, &c) == IM_OK);
    int revealed = im_couple_phase_of(c) == IM_PHASE_REVEALED;
    im_couple_free(c);
    size_t maps = events_of(v, IM_PROGRESS_CONNECTION_MAP);
    CHECK(maps == (size_t)revealed);
    return revealed;
}

static void finish_prepare(op *o, im_vault *v) { im_run_free(run_before_finish(v, &o->id)); }

static im_rc finish_step(op *o, im_vault *v)
{
    im_run *r = NULL;
    REQUIRE(im_run_resume_from(path_lib, v, o->id, &clk, &r) == IM_OK);
    im_run_log_progress(r, 1);
    im_rc rc = im_run_next(r);
    im_run_free(r);
    return rc;
}

static int finish_check(op *o, im_vault *v)
{
    im_run *r = NULL;
    REQUIRE(im_run_resume_from(path_lib, v, o->id, &clk, &r) == IM_OK);
    int finished = im_run_finished(r);
    im_run_free(r);
    CHECK(events_of(v, IM_PROGRESS_PRACTICE) == (size_t)finished);
    CHECK(events_of(v, IM_PROGRESS_PATH_STEP) == (size_t)finished);
    return finished;
}

static void rung_prepare(op *o, im_vault *v) { im_run_free(ladder_run(v, &o->id, 1)); }

static im_rc rung_step(op *o, im_vault *v)
{
    im_run *r = NULL;
    REQUIRE(im_run_resume_from(ladder_lib, v, o->id, &clk, &r) == IM_OK);
    im_run_log_progress(r, 1);
    im_rc rc = im_run_ladder_done(r, 0, 3);
    im_run_free(r);
    return rc;
}

static int rung_check(op *o, im_vault *v)
{
    im_run *r = NULL;
    REQUIRE(im_run_resume_from(ladder_lib, v, o->id, &clk, &r) == IM_OK);
    int tried = im_run_answer(r, 0)->rungs[0].done;
    im_run_free(r);
    CHECK(events_of(v, IM_PROGRESS_LADDER_STEP) == (size_t)tried);
    /* the person's ladder took the new rating in the same transaction */
    im_ladder l = {0};
    CHECK_RC(im_ladder_load(v, &l), IM_OK);
    CHECK(l.n == 2 && l.rungs[0].rating == (tried ? 3 : 4));
    im_ladder_free(&l);
    return tried;
}

/* Power fails at each write of o's step in turn (the vault's close, with
 * its checkpoint, inside the window too), until a run makes it through;
 * each time a fresh vault is prepared up to the step, and after the reboot
 * it must agree with itself. */
static void power_loss(op *o)
{
    long points = 0, after = 0;
    im_kdf_params kdf = im_kdf_params_min();
    for (long w = 1;; w++) {
        char *dir = im_tmpdir_make("engine-logged-power");
        REQUIRE(dir);
        cv_reboot(&cv);
        im_vault *v = NULL;
        REQUIRE(im_vault_create(dir, PASS, &kdf, code, &v) == IM_OK);
        o->prepare(o, v);
        cv_arm(&cv, w, (uint64_t)w * 7919u);
        im_rc rc = o->step(o, v);
        im_vault_close(v);
        int crashed = cv.crashed;
        cv_reboot(&cv);
        remove_shm(dir);
        v = open_dir(dir);
        CHECK(v != NULL);
        int there = v ? o->check(o, v) : 0;
        if (rc == IM_OK && !crashed)
            CHECK(there); /* acknowledged and nothing failed: never lost */
        im_vault_close(v);
        im_tmpdir_remove(dir);
        points++;
        after += there;
        if (!v || !crashed)
            break;
    }
    printf("%s: %ld crash points (%ld with the new state)\n", o->name, points, after);
    CHECK(points > 1 && after >= 1);
}

/* Sam (partner 1) leaves the couple space: his connection-map ratings go
 * from every map whose session both did not agree to keep; Alex's stay,
 * and a map both kept keeps Sam's too.  Fails on main: the ratings of a
 * leaver stayed in every map. */
static void test_leave_erases_map(im_vault *v)
{
    int64_t kept = 0, one = 0;
    im_couple_outcome out;
    im_couple *c = couple_before_reveal(v, "connection-map", -1, &kept);
    REQUIRE(im_couple_advance(c, &out) == IM_OK && out.map_logged);
    CHECK_RC(im_couple_keep(c, 0, 1), IM_OK);
    CHECK_RC(im_couple_keep(c, 1, 1), IM_OK);
    im_couple_free(c);
    c = couple_before_reveal(v, "connection-map", -1, &one);
    REQUIRE(im_couple_advance(c, &out) == IM_OK && out.map_logged);
    CHECK_RC(im_couple_keep(c, 0, 1), IM_OK); /* Alex only */
    im_couple_free(c);
    im_progress_event *maps = NULL;
    size_t n0 = 0, n = 0;
    REQUIRE(im_progress_connection_maps(v, &maps, &n0) == IM_OK);
    free(maps);
    CHECK_RC(im_partner_leave(v, lib, 1, PASS), IM_OK);
    REQUIRE(im_progress_connection_maps(v, &maps, &n) == IM_OK);
    CHECK(n == n0); /* Alex's ratings keep every map */
    int sam_rated = 0, alex_rated = 0;
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
            sam_rated += maps[i].ratings[1][d] != IM_PROGRESS_NOT_RATED;
            alex_rated += maps[i].ratings[0][d] != IM_PROGRESS_NOT_RATED;
        }
    /* the kept one only (the earlier maps nobody kept) */
    if (sam_rated != IM_CONNECTION_DIMENSIONS)
        printf("sam_rated %d alex_rated %d n %zu\n", sam_rated, alex_rated, n);
    CHECK(sam_rated == IM_CONNECTION_DIMENSIONS);
    CHECK(alex_rated >= 2 * IM_CONNECTION_DIMENSIONS);
    free(maps);
}

int main(void)
{
    clk = im_clock_fixed(&now);
    rng = im_rng_seeded(&seed);
    lib = text_library(TEXT);
    path_lib = text_library(PATH_TEXT);
    ladder_lib = text_library(LADDER_TEXT);
    REQUIRE(cv_register(&cv) == 0);
    char *dir = im_tmpdir_make("engine-logged");
    REQUIRE(dir);
    im_kdf_params kdf = im_kdf_params_min();
    im_vault *v = NULL;
    REQUIRE(im_vault_create(dir, PASS, &kdf, code, &v) == IM_OK);
    test_reveal_logs_map(v);
    test_history(v);
    test_finish_logs_practice(v);
    test_rung_logs_ratings(v);
    test_leave_erases_map(v);
    im_vault_close(v);
    im_tmpdir_remove(dir);

    op reveal = {"couple reveal with its map", 0, reveal_prepare, reveal_step, reveal_check};
    op finish = {"solo finish with its practice", 0, finish_prepare, finish_step, finish_check};
    power_loss(&reveal);
    power_loss(&finish);
    op rung = {"ladder rung with its ratings", 0, rung_prepare, rung_step, rung_check};
    power_loss(&rung);
    im_library_free(lib);
    im_library_free(path_lib);
    im_library_free(ladder_lib);
    return im_check_done();
}
