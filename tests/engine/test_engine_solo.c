/*
 * test_engine_solo -- transcripts of a solo run through the fixture
 * exercise "all-kinds" (every answer kind), with a restart (save, free,
 * load) after every single action: the run must continue exactly where it
 * was.  Also: navigation, skip, not now, refused answers leaving the state
 * alone, summaries, timers and breathing driven by an injected clock.
 */
#include <stdio.h>

#include "engine_test.h"

static im_library *lib;
static const im_exercise *ex;
static int64_t now = 1700000000000;
static im_clock clk;
static im_run *r;

/* Step on to the step with this id (by next), restarting on the way. */
static void go_to(const char *id)
{
    while (!im_run_finished(r) && strcmp(im_run_step(r)->id, id) != 0) {
        CHECK_RC(im_run_next(r), IM_OK);
        r = restart_run(lib, r, &clk);
    }
    REQUIRE(!im_run_finished(r));
}

static const im_answer *ans(const char *id)
{
    size_t i;
    for (i = 0; i < ex->n_steps; i++)
        if (!strcmp(ex->steps[i].id, id))
            break;
    return im_run_answer(r, i);
}

static void test_navigation(void)
{
    CHECK(im_run_index(r) == 0);
    CHECK(im_run_step(r)->kind == IM_STEP_CARD);
    CHECK_RC(im_run_back(r), IM_ERR_STATE);             /* first step */
    CHECK_RC(im_run_answer_text(r, "x"), IM_ERR_STATE); /* a card */
    CHECK_RC(im_run_next(r), IM_OK);
    r = restart_run(lib, r, &clk);
    CHECK(im_run_answer(r, 0)->status == IM_STATUS_SEEN);
    CHECK(!strcmp(im_run_step(r)->id, "free"));
    CHECK_RC(im_run_back(r), IM_OK);
    r = restart_run(lib, r, &clk);
    CHECK(im_run_index(r) == 0);
}

static void test_text(void)
{
    go_to("free");
    CHECK_RC(im_run_answer_scale(r, 3), IM_ERR_STATE); /* wrong kind */
    CHECK_RC(im_run_answer_text(r, "caf\xC3\x28"), IM_ERR_INVALID);
    CHECK(ans("free")->status == IM_STATUS_UNSEEN); /* left alone */
    CHECK_RC(im_run_answer_text(r, "I feel calm, mostly. \xE2\x9C\x93"), IM_OK);
    r = restart_run(lib, r, &clk);
    CHECK(!strcmp(ans("free")->text, "I feel calm, mostly. \xE2\x9C\x93"));
    CHECK(ans("free")->status == IM_STATUS_ANSWERED);
    CHECK_RC(im_run_answer_text(r, "Changed my mind"), IM_OK);
    r = restart_run(lib, r, &clk);
    CHECK(!strcmp(ans("free")->text, "Changed my mind"));
    char *big = malloc(IM_ANSWER_TEXT_MAX + 2);
    REQUIRE(big);
    memset(big, 'a', IM_ANSWER_TEXT_MAX + 1);
    big[IM_ANSWER_TEXT_MAX + 1] = '\0';
    CHECK_RC(im_run_answer_text(r, big), IM_ERR_TOO_LARGE);
    free(big);
    CHECK(!strcmp(ans("free")->text, "Changed my mind"));
}

static void test_one(void)
{
    go_to("pick-one");
    CHECK_RC(im_run_answer_choices(r, 0), IM_ERR_INVALID); /* none */
    CHECK_RC(im_run_answer_choices(r, 3), IM_ERR_INVALID); /* two */
    CHECK_RC(im_run_answer_choices(r, 4), IM_ERR_INVALID); /* no option 2 */
    CHECK_RC(im_run_answer_choices(r, 2), IM_OK);
    r = restart_run(lib, r, &clk);
    CHECK(ans("pick-one")->chosen == 2);
}

static void test_many(void)
{
    go_to("pick-many");
    CHECK_RC(im_run_answer_choices(r, 8), IM_ERR_INVALID);
    CHECK_RC(im_run_answer_choices(r, 5), IM_OK); /* Red, Blue */
    r = restart_run(lib, r, &clk);
    CHECK(ans("pick-many")->chosen == 5);
}

static void test_scale(void)
{
    go_to("feel");
    CHECK_RC(im_run_answer_scale(r, -1), IM_ERR_INVALID);
    CHECK_RC(im_run_answer_scale(r, 11), IM_ERR_INVALID);
    CHECK(ans("feel")->scale == -1);
    CHECK_RC(im_run_answer_scale(r, 0), IM_OK);
    r = restart_run(lib, r, &clk);
    CHECK(ans("feel")->scale == 0);
    CHECK_RC(im_run_answer_scale(r, 10), IM_OK);
    r = restart_run(lib, r, &clk);
    CHECK(ans("feel")->scale == 10);
}

static void test_checklist(void)
{
    go_to("signs");
    CHECK_RC(im_run_answer_choices(r, 1), IM_OK); /* Pulling away */
    r = restart_run(lib, r, &clk);
    CHECK(ans("signs")->chosen == 1);
}

static void test_ladder(void)
{
    go_to("steps");
    const char *texts[] = {"Say hello", "Share a worry", "Ask for a hug"};
    int before[] = {2, 6, 11};
    CHECK_RC(im_run_answer_ladder(r, texts, before, 3), IM_ERR_INVALID);
    before[2] = 8;
    CHECK_RC(im_run_ladder_done(r, 0, 1), IM_ERR_INVALID); /* no ladder yet */
    CHECK_RC(im_run_answer_ladder(r, texts, before, 3), IM_OK);
    r = restart_run(lib, r, &clk);
    CHECK(ans("steps")->n_rungs == 3);
    CHECK_RC(im_run_ladder_done(r, 0, 1), IM_OK); /* re-rated */
    CHECK_RC(im_run_ladder_done(r, 5, 1), IM_ERR_INVALID);
    r = restart_run(lib, r, &clk);
    const im_answer *a = ans("steps");
    CHECK(a->rungs[0].done && a->rungs[0].before == 2 && a->rungs[0].after == 1);
    CHECK(!a->rungs[1].done && a->rungs[1].after == -1);
    /* reordered and one added: the done rung keeps its re-rating */
    const char *again[] = {"Say hello", "Text a friend", "Share a worry"};
    int before2[] = {2, 4, 6};
    CHECK_RC(im_run_answer_ladder(r, again, before2, 3), IM_OK);
    r = restart_run(lib, r, &clk);
    a = ans("steps");
    CHECK(!strcmp(a->rungs[1].text, "Text a friend"));
    CHECK(a->rungs[0].done && a->rungs[0].after == 1);
}

static void test_timer(void)
{
    go_to("wait");
    im_timer_status ts;
    CHECK_RC(im_run_timer_status(r, &ts), IM_OK);
    CHECK(!ts.running && ts.remaining_ms == 120000);
    CHECK_RC(im_run_timer_stop(r), IM_ERR_STATE); /* not running */
    CHECK_RC(im_run_timer_start(r), IM_OK);
    now += 30000;
    r = restart_run(lib, r, &clk); /* the timer goes on across a restart */
    CHECK_RC(im_run_timer_status(r, &ts), IM_OK);
    CHECK(ts.running && ts.remaining_ms == 90000);
    now += 90000;
    CHECK_RC(im_run_timer_status(r, &ts), IM_OK);
    CHECK(!ts.running && ts.completed && ts.remaining_ms == 0);
    r = restart_run(lib, r, &clk);
    CHECK(ans("wait")->completed && ans("wait")->status == IM_STATUS_ANSWERED);
    /* started again and stopped early: partly done */
    CHECK_RC(im_run_timer_start(r), IM_OK);
    now += 45000;
    CHECK_RC(im_run_timer_stop(r), IM_OK);
    r = restart_run(lib, r, &clk);
    CHECK(!ans("wait")->completed && ans("wait")->elapsed_ms == 45000);
}

static void test_breathing(void)
{
    go_to("breathe");
    const im_step *st = im_run_step(r);
    CHECK(im_step_duration_ms(st) == 3 * 19000); /* 4+7+8, x3 */
    im_timer_status ts;
    CHECK_RC(im_run_timer_start(r), IM_OK);
    now += 2000;
    CHECK_RC(im_run_timer_status(r, &ts), IM_OK);
    CHECK(ts.round == 0 && ts.phase == IM_BREATH_IN && ts.phase_remaining_ms == 2000);
    now += 3000; /* 5 s: hold, 6 s left */
    r = restart_run(lib, r, &clk);
    CHECK_RC(im_run_timer_status(r, &ts), IM_OK);
    CHECK(ts.phase == IM_BREATH_HOLD && ts.phase_index == 1 && ts.phase_remaining_ms == 6000);
    now += 19000 + 7000; /* round 2, 12 s in: out, 7 s left */
    CHECK_RC(im_run_timer_status(r, &ts), IM_OK);
    CHECK(ts.round == 1 && ts.phase == IM_BREATH_OUT && ts.phase_remaining_ms == 7000);
    now += 60000;
    CHECK_RC(im_run_timer_status(r, &ts), IM_OK);
    CHECK(ts.completed && !ts.running && ts.round == 2);
}

static void test_none_and_summary(void)
{
    go_to("all-kinds.10"); /* answer: none */
    CHECK(im_run_step(r)->answer == IM_ANSWER_NONE);
    CHECK_RC(im_run_answer_text(r, "x"), IM_ERR_STATE);
    CHECK_RC(im_run_next(r), IM_OK);
    r = restart_run(lib, r, &clk);
    CHECK(im_run_step(r)->kind == IM_STEP_SUMMARY);
    im_reflection refl[8];
    size_t n = im_run_summary(r, refl, 8);
    /* shows: signs (Pulling away, with its note), pick-many (Red, Blue) */
    REQUIRE(n == 3);
    CHECK(!strcmp(refl[0].text, "Pulling away") && !strcmp(refl[0].note, "It made sense once."));
    CHECK(!strcmp(refl[1].text, "Red") && !strcmp(refl[2].text, "Blue"));
    CHECK(!strcmp(refl[1].prompt_id, "pick-many"));
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK(im_run_finished(r) && im_run_step(r) == NULL);
    r = restart_run(lib, r, &clk);
    CHECK(im_run_finished(r));
    CHECK_RC(im_run_next(r), IM_ERR_STATE);
    CHECK_RC(im_run_back(r), IM_OK); /* back from the end to the summary */
}

static void test_skip_and_not_now(void)
{
    im_run_free(r);
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    CHECK_RC(im_run_skip(r), IM_OK); /* the card */
    CHECK(im_run_answer(r, 0)->status == IM_STATUS_SKIPPED);
    CHECK_RC(im_run_not_now(r), IM_OK); /* "free": pause */
    r = restart_run(lib, r, &clk);
    CHECK(im_run_paused(r) && im_run_index(r) == 1);
    CHECK(im_run_answer(r, 1)->status == IM_STATUS_NOT_NOW);
    CHECK_RC(im_run_next(r), IM_ERR_STATE); /* paused */
    CHECK_RC(im_run_answer_text(r, "x"), IM_ERR_STATE);
    CHECK_RC(im_run_resume(r), IM_OK);
    CHECK(!im_run_paused(r) && im_run_index(r) == 1);
    /* skipping an answered step keeps the words */
    CHECK_RC(im_run_answer_text(r, "kept"), IM_OK);
    CHECK_RC(im_run_skip(r), IM_OK);
    r = restart_run(lib, r, &clk);
    CHECK(im_run_answer(r, 1)->status == IM_STATUS_ANSWERED && !strcmp(im_run_answer(r, 1)->text, "kept"));
    /* every step can be skipped */
    while (!im_run_finished(r))
        CHECK_RC(im_run_skip(r), IM_OK);
    CHECK(im_run_index(r) == ex->n_steps);
}

/* Damaged or foreign saved states are refused, never half-loaded. */
static void test_damaged_state(void)
{
    unsigned char *data;
    size_t len;
    REQUIRE(im_run_save(r, &data, &len) == IM_OK);
    im_run *x = NULL;
    for (size_t cut = 0; cut < len; cut++) {
        im_rc rc = im_run_load(lib, data, cut, &clk, &x);
        CHECK(rc != IM_OK && x == NULL);
    }
    unsigned char *copy = malloc(len);
    REQUIRE(copy);
    size_t accepted = 0;
    for (size_t i = 0; i < len; i++)
        for (int bit = 0; bit < 8; bit++) {
            memcpy(copy, data, len);
            copy[i] ^= (unsigned char)(1u << bit);
            if (im_run_load(lib, copy, len, &clk, &x) == IM_OK) {
                accepted++; /* a flipped answer byte may still be valid */
                im_run_free(x);
            }
        }
    printf("bit flips accepted as another valid state: %zu of %zu\n", accepted, len * 8);
    free(copy);
    im_state_free(data, len);
}

/* The run's times: set at start, moved by every change, saved; a state
 * saved before times were kept ("IMR1", ending after the answers) still
 * loads, with both times 0. */
static void test_times(void)
{
    im_run *t = NULL;
    int64_t t0 = now;
    REQUIRE(im_run_start(ex, &clk, &t) == IM_OK);
    CHECK(im_run_started_ms(t) == t0 && im_run_changed_ms(t) == t0);
    now += 5000;
    CHECK_RC(im_run_next(t), IM_OK);
    CHECK(im_run_started_ms(t) == t0 && im_run_changed_ms(t) == t0 + 5000);
    t = restart_run(lib, t, &clk);
    CHECK(im_run_started_ms(t) == t0 && im_run_changed_ms(t) == t0 + 5000);

    unsigned char *data;
    size_t len;
    REQUIRE(im_run_save(t, &data, &len) == IM_OK);
    REQUIRE(len > 24 && !memcmp(data, "IMR3", 4));
    /* saved before breathing choices were kept: no count of them at the end */
    data[3] = '2';
    im_run *old = NULL;
    CHECK_RC(im_run_load(lib, data, len - 4, &clk, &old), IM_OK);
    REQUIRE(old);
    CHECK(im_run_started_ms(old) == t0 && im_run_changed_ms(old) == t0 + 5000);
    im_run_free(old);
    old = NULL;
    data[3] = '1';
    CHECK_RC(im_run_load(lib, data, len - 4 - 16, &clk, &old), IM_OK);
    REQUIRE(old);
    CHECK(im_run_started_ms(old) == 0 && im_run_changed_ms(old) == 0);
    CHECK(im_run_index(old) == im_run_index(t));
    im_run_free(old);
    im_state_free(data, len);
    im_run_free(t);
}

/* A guided exercise moves on by itself when a timed step ends, starting
 * the next timed step; it waits at anything else; an exercise that is not
 * guided never moves on its own. */
static void test_guided(void)
{
    im_library *g = text_library("id: g\nkind: practice\ntitle: G\n"
                                 "# Exercise: Guided\nid: guided\nguided: yes\n"
                                 "## Prompt\nid: a\nanswer: timer\nseconds: 5\nA\n"
                                 "## Prompt\nid: b\nanswer: breathing\npattern: in 2, out 1\nrounds: 1\nB\n"
                                 "## Prompt\nid: c\nanswer: scale\nlow: l\nhigh: h\nC\n"
                                 "# Exercise: Plain\nid: plain\n"
                                 "## Prompt\nid: p\nanswer: timer\nseconds: 5\nP\n"
                                 "## Prompt\nid: q\nanswer: timer\nseconds: 5\nQ\n");
    im_run *run;
    im_timer_status ts;
    REQUIRE(im_run_start(im_library_find_exercise(g, "guided"), &clk, &run) == IM_OK);
    CHECK_RC(im_run_guided_advance(run), IM_ERR_STATE); /* not started */
    CHECK_RC(im_run_timer_start(run), IM_OK);
    now += 4000;
    CHECK_RC(im_run_guided_advance(run), IM_ERR_STATE); /* still running */
    CHECK(im_run_index(run) == 0);
    now += 1000;
    CHECK_RC(im_run_guided_advance(run), IM_OK);
    CHECK(im_run_index(run) == 1);
    run = restart_run(g, run, &clk); /* the started breathing survives a restart */
    CHECK_RC(im_run_timer_status(run, &ts), IM_OK);
    CHECK(ts.running && ts.remaining_ms == 3000 && ts.phase == IM_BREATH_IN);
    now += 3000;
    CHECK_RC(im_run_guided_advance(run), IM_OK);
    CHECK(im_run_index(run) == 2 && !im_run_finished(run));
    CHECK_RC(im_run_guided_advance(run), IM_ERR_STATE); /* a rating waits for the person */
    CHECK(im_run_index(run) == 2);
    im_run_free(run);
    /* not guided: a finished timer stays where it is */
    REQUIRE(im_run_start(im_library_find_exercise(g, "plain"), &clk, &run) == IM_OK);
    CHECK_RC(im_run_timer_start(run), IM_OK);
    now += 6000;
    CHECK_RC(im_run_timer_status(run, &ts), IM_OK);
    CHECK(ts.completed);
    CHECK_RC(im_run_guided_advance(run), IM_ERR_STATE);
    CHECK(im_run_index(run) == 0);
    im_run_free(run);
    im_library_free(g);
}

/* A breathing step's offered paces and lengths: the choice sets the
 * pattern followed and the whole length, survives a restart, and is
 * refused while running or when the step does not offer it. */
static void test_breath_choice(void)
{
    im_library *g = text_library("id: g\nkind: practice\ntitle: G\n"
                                 "# Exercise: Choose\nid: choose\n"
                                 "## Prompt\nid: b\nanswer: breathing\npattern: in 4, out 4\nrounds: 2\n"
                                 "paces: in 4, hold 4, out 4, rest 4; in 4, hold 7, out 8; in 5, out 5\n"
                                 "lengths: 1, 3, 5\nB\n");
    im_run *run;
    im_timer_status ts;
    REQUIRE(im_run_start(im_library_find_exercise(g, "choose"), &clk, &run) == IM_OK);
    CHECK_RC(im_run_timer_status(run, &ts), IM_OK);
    CHECK(ts.remaining_ms == 16000 && ts.rounds == 2 && ts.n_phases == 2); /* as written */
    CHECK_RC(im_run_breath_choose(run, 2, 3), IM_OK);                      /* 4-7-8, three minutes */
    CHECK_RC(im_run_timer_status(run, &ts), IM_OK);
    CHECK(ts.rounds == 9 && ts.remaining_ms == 9 * 19000 && ts.n_phases == 3); /* 171 s: nearest 180 */
    CHECK_RC(im_run_breath_choose(run, 3, 1), IM_OK); /* 5-5, one minute: six rounds */
    run = restart_run(g, run, &clk);
    CHECK_RC(im_run_timer_status(run, &ts), IM_OK);
    CHECK(ts.rounds == 6 && ts.remaining_ms == 60000);
    CHECK_RC(im_run_breath_choose(run, 4, 0), IM_ERR_INVALID); /* no fourth pace */
    CHECK_RC(im_run_breath_choose(run, 1, 2), IM_ERR_INVALID); /* no two minutes */
    CHECK_RC(im_run_timer_status(run, &ts), IM_OK);
    CHECK(ts.remaining_ms == 60000); /* a refused choice changed nothing */
    CHECK_RC(im_run_timer_start(run), IM_OK);
    now += 5000;
    CHECK_RC(im_run_timer_status(run, &ts), IM_OK);
    CHECK(ts.phase == IM_BREATH_OUT && ts.phase_remaining_ms == 5000);
    CHECK_RC(im_run_breath_choose(run, 1, 5), IM_ERR_STATE); /* not while running */
    run = restart_run(g, run, &clk);                         /* still 5-5 after a restart mid-breath */
    CHECK_RC(im_run_timer_status(run, &ts), IM_OK);
    CHECK(ts.running && ts.phase == IM_BREATH_OUT && ts.phase_remaining_ms == 5000 &&
          ts.remaining_ms == 55000);
    im_run_free(run);
    im_library_free(g);
}

int main(void)
{
    clk = im_clock_fixed(&now);
    lib = fixture_library();
    ex = im_library_find_exercise(lib, "all-kinds");
    REQUIRE(ex);
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    test_navigation();
    test_text();
    test_one();
    test_many();
    test_scale();
    test_checklist();
    test_ladder();
    test_timer();
    test_breathing();
    test_none_and_summary();
    test_skip_and_not_now();
    test_damaged_state();
    test_times();
    test_guided();
    test_breath_choice();
    im_run_free(r);
    im_library_free(lib);
    return im_check_done();
}
