/*
 * test_export_week.c -- the readable export of a scripted week of use, as
 * a therapist would read it: journal entries over several days, a path
 * step, a breathing practice with its length, a thought record, a ladder
 * rung tried twice in two runs (and the ladder as it stands after) and a
 * mood check-in, all through the engine and the journal
 * as the app drives them.  Checked against golden files: every section
 * (titles, never ids; one line per event), and only chosen sections (the
 * journal for two days and one exercise).  Also what a choice leaves out,
 * in the words the export screen shows.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "golden.h"
#include "innermost/engine.h"
#include "innermost/export.h"
#include "innermost/progress.h"
#include "jtest.h"

#define HOUR_MS (3600000LL)
#define THOUGHT_WORDS "THOUGHT-OWN-WORDS-71c2"

static const char week_text[] = "id: barriers\nkind: path\nstep: 1\ntitle: What gets in the way\n\n"
                                "# Exercise: Naming the barriers\nid: barriers-list\n\n"
                                "## Prompt\nid: barrier\nanswer: text\nWhat gets in the way most?\n";

static const char breathing_text[] =
    "id: breathing\nkind: practice\ntitle: Breathing\n\n"
    "# Exercise: Even breathing\nid: breathing-even\n\n"
    "## Prompt\nid: breathe\nanswer: breathing\npattern: in 4, out 4\nrounds: 15\n"
    "Breathe with the circle.\n";

static const char thought_text[] = "id: thought-record\nkind: practice\ntitle: Thought record\n\n"
                                   "# Exercise: Catch the thought\nid: thought-catch\n\n"
                                   "## Prompt\nid: happened\nanswer: text\nWhat happened?\n\n"
                                   "## Prompt\nid: belief\nanswer: scale\nlow: Not at all\nhigh: Completely\n"
                                   "How strongly do you believe it?\n";

static const char ladder_text[] = "id: ladder\nkind: practice\ntitle: Step by step\n\n"
                                  "# Exercise: Your ladder\nid: ladder-build\n\n"
                                  "## Prompt\nid: rungs\nanswer: ladder\nYour steps, easiest first.\n";

static im_library *week_library(void)
{
    im_library *lib = im_library_new();
    im_diags d;
    REQUIRE(im_content_parse(lib, "week.txt", week_text, strlen(week_text), &d) == IM_OK);
    REQUIRE(im_content_parse(lib, "breathing.txt", breathing_text, strlen(breathing_text), &d) == IM_OK);
    REQUIRE(im_content_parse(lib, "thought.txt", thought_text, strlen(thought_text), &d) == IM_OK);
    REQUIRE(im_content_parse(lib, "ladder.txt", ladder_text, strlen(ladder_text), &d) == IM_OK);
    return lib;
}

/* A run of exercise id, attached and logging its progress as the player's. */
static im_run *start_run(jt_env *e, const im_library *lib, const char *id)
{
    im_run *r = NULL;
    int64_t rid = 0;
    const im_exercise *ex = im_library_find_exercise(lib, id);
    REQUIRE(ex != NULL);
    REQUIRE(im_run_start(ex, &e->clock, &r) == IM_OK);
    im_run_log_progress(r, 1);
    REQUIRE(im_run_attach(r, e->v, &rid) == IM_OK);
    return r;
}

static void write_entry(jt_env *e, im_journal *j, int day, int hour, const char *title, const char *body,
                        int mood, const char *link)
{
    e->now = JT_T0 + day * JT_DAY_MS + hour * HOUR_MS;
    im_entry_fields f = {title, body, mood, link, NULL, NULL};
    CHECK_RC(im_journal_create(j, &f, NULL), IM_OK);
}

/* Monday to Saturday of 2026-01-01's week, in the order a person would. */
static void script_week(jt_env *e, im_journal *j, const im_library *lib)
{
    write_entry(e, j, 0, 9, "A slow start", "Slept badly.\nStill got up.", 2, NULL);

    e->now = JT_T0 + 10 * HOUR_MS; /* the path step: finishing logs two events */
    im_run *r = start_run(e, lib, "barriers-list");
    CHECK_RC(im_run_answer_text(r, "Being tired after work"), IM_OK);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK(im_run_finished(r));
    im_run_free(r);

    e->now = JT_T0 + JT_DAY_MS + 8 * HOUR_MS;
    int64_t checkin = 0;
    CHECK_RC(im_progress_checkin(e->v, IM_MOOD_GOOD, &checkin), IM_OK);
    write_entry(e, j, 1, 12, NULL, "Lunch outside.", 4, NULL);

    e->now = JT_T0 + JT_DAY_MS + 20 * HOUR_MS; /* two minutes of breathing */
    r = start_run(e, lib, "breathing-even");
    im_timer_status ts;
    CHECK_RC(im_run_timer_start(r), IM_OK);
    e->now += 121000;
    CHECK_RC(im_run_timer_status(r, &ts), IM_OK);
    CHECK(ts.completed);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK(im_run_finished(r));
    im_run_free(r);

    e->now = JT_T0 + 2 * JT_DAY_MS + 18 * HOUR_MS;
    r = start_run(e, lib, "thought-catch");
    CHECK_RC(im_run_answer_text(r, "My friend did not answer. " THOUGHT_WORDS), IM_OK);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK_RC(im_run_answer_scale(r, 7), IM_OK);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK(im_run_finished(r));
    im_run_free(r);
    write_entry(e, j, 2, 19, "After the call", "It went better than I feared.", 4, "thought-record");

    e->now = JT_T0 + 4 * JT_DAY_MS + 17 * HOUR_MS;
    r = start_run(e, lib, "ladder-build");
    const char *rungs[] = {"Text an old friend", "Ask to meet"};
    int before[] = {6, 8};
    CHECK_RC(im_run_answer_ladder(r, rungs, before, 2), IM_OK);
    e->now += HOUR_MS;
    CHECK_RC(im_run_ladder_done(r, 0, 3), IM_OK);
    im_run_free(r); /* not finished: the ladder goes on */

    /* Saturday: a new run starts from the person's ladder and tries the
     * first rung again; the second is still untried. */
    e->now = JT_T0 + 5 * JT_DAY_MS + 11 * HOUR_MS;
    r = start_run(e, lib, "ladder-build");
    CHECK_RC(im_run_ladder_done(r, 0, 2), IM_OK);
    im_run_free(r);

    write_entry(e, j, 5, 21, NULL, "A quiet day.", 0, NULL);
    e->now = JT_T0 + 6 * JT_DAY_MS + 9 * HOUR_MS; /* exported on Sunday */
}

/* Before any ladder was built, progress has no ladder section. */
static void test_no_ladder(im_journal *j)
{
    im_export_options o = {
        IM_EXPORT_PROGRESS, IM_EXPORT_DAY_MIN, IM_EXPORT_DAY_MAX, NULL, NULL, NULL, NULL, 0, NULL};
    char *md;
    size_t len;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    CHECK(strstr(md, "## Progress") && !strstr(md, "ladder"));
    im_export_free(md, len);
}

/* No line of md's lists appears twice, and no content id is printed. */
static void check_readable(const char *md)
{
    static const char *ids[] = {"barriers-list", "breathing-even", "thought-catch",
                                "ladder-build",  ": barriers",     "thought-record"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        CHECK(strstr(md, ids[i]) == NULL);
    for (const char *line = md; (line = strstr(line, "\n- ")) != NULL; line++) {
        const char *end = strchr(line + 1, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char buf[512];
        if (n >= sizeof buf)
            continue;
        memcpy(buf, line, n);
        buf[n] = 0;
        CHECK(strstr(line + n, buf) == NULL);
    }
}

static void test_everything(im_journal *j, const im_library *lib)
{
    im_export_options o = {IM_EXPORT_JOURNAL | IM_EXPORT_PROGRESS | IM_EXPORT_EXERCISES,
                           IM_EXPORT_DAY_MIN,
                           IM_EXPORT_DAY_MAX,
                           lib,
                           NULL,
                           NULL,
                           NULL,
                           0,
                           NULL};
    char *md;
    size_t len;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    th_golden_check(md, len, "tests/fixtures/export/week-everything.md");
    check_readable(md);
    CHECK(strstr(md, "Path step done: What gets in the way") != NULL);
    CHECK(strstr(md, "Practised: Even breathing (Breathing), 2 minutes") != NULL);
    CHECK(strstr(md, "Checked in: Good") != NULL);
    CHECK(strstr(md, "Text an old friend") != NULL);
    /* the person's ladder as it stands: easiest first, rating now, tries */
    CHECK(strstr(md, "## Your ladder\n") != NULL);
    CHECK(strstr(md, "1. Text an old friend -- discomfort now 2, tried 2 times\n") != NULL);
    CHECK(strstr(md, "2. Ask to meet -- discomfort now 8, not tried yet\n") != NULL);
    CHECK(strstr(md, "*Written after: Thought record*") != NULL);
    CHECK(strstr(md, "Started.") == NULL);
    CHECK(strstr(md, THOUGHT_WORDS) != NULL);
    im_export_free(md, len);

    /* Without the answers: what was done and for how long, no words. */
    o.kinds |= IM_EXPORT_NO_ANSWERS;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    CHECK(strstr(md, THOUGHT_WORDS) == NULL);
    CHECK(strstr(md, "### Catch the thought (Thought record)") != NULL);
    CHECK(strstr(md, "Answered 2 questions (answers not included).") != NULL);
    CHECK(strstr(md, "Time spent practising: 2 minutes.") != NULL);
    im_export_free(md, len);

    /* Progress without the content: named by kind, still no id. */
    o.kinds = IM_EXPORT_PROGRESS;
    o.library = NULL;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    check_readable(md);
    CHECK(strstr(md, "Path step done: a path step (practised: an exercise)\n") != NULL);
    CHECK(strstr(md, "Practised: an exercise\n") != NULL);
    CHECK(strstr(md, "## Your ladder\n") != NULL); /* the person's words need no library */
    im_export_free(md, len);
}

/* The chooser's list: every run with something in it, oldest first. */
static void test_runs_listed(im_journal *j, const im_library *lib, int64_t *thought_id)
{
    im_export_run_info *runs;
    size_t n;
    CHECK_RC(im_export_runs(j, lib, IM_EXPORT_DAY_MIN, IM_EXPORT_DAY_MAX, &runs, &n), IM_OK);
    REQUIRE(n == 5);
    CHECK(strcmp(runs[0].title, "Naming the barriers (What gets in the way)") == 0 && runs[0].finished);
    CHECK(strcmp(runs[1].title, "Even breathing (Breathing)") == 0 && runs[1].practice_ms == 120000);
    CHECK(strcmp(runs[2].title, "Catch the thought (Thought record)") == 0 && runs[2].answered == 2);
    CHECK(strcmp(runs[3].title, "Your ladder (Step by step)") == 0 && !runs[3].finished);
    CHECK(strcmp(runs[4].title, "Your ladder (Step by step)") == 0 && !runs[4].finished);
    CHECK(runs[2].day == im_day_from_ms(JT_T0, 0) + 2);
    *thought_id = runs[2].id;
    free(runs);
    int32_t d0 = im_day_from_ms(JT_T0, 0);
    CHECK_RC(im_export_runs(j, lib, d0 + 1, d0 + 2, &runs, &n), IM_OK);
    CHECK(n == 2);
    free(runs);
}

static void test_chosen(im_journal *j, const im_library *lib, int64_t thought_id)
{
    int32_t d0 = im_day_from_ms(JT_T0, 0);
    int64_t chosen[] = {thought_id};
    im_export_options o = {
        IM_EXPORT_JOURNAL | IM_EXPORT_EXERCISES, d0 + 1, d0 + 2, lib, NULL, NULL, chosen, 1, NULL};
    char *md;
    size_t len;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    th_golden_check(md, len, "tests/fixtures/export/week-chosen.md");
    check_readable(md);
    CHECK(strstr(md, "Lunch outside.") && strstr(md, "It went better"));
    CHECK(!strstr(md, "Slept badly") && !strstr(md, "A quiet day"));
    CHECK(strstr(md, THOUGHT_WORDS) && !strstr(md, "Even breathing") && !strstr(md, "## Progress"));
    CHECK(!strstr(md, "## Your ladder")); /* it is progress, not chosen */
    im_export_free(md, len);

    /* What the screen says before writing. */
    char said[512];
    im_export_left_out(&o, 2, said, sizeof said);
    CHECK(strcmp(said, "Not included: progress; 1 of 2 exercises in these dates; anything before "
                       "2026-01-02 or after 2026-01-03.") == 0);
    o.kinds = IM_EXPORT_JOURNAL | IM_EXPORT_PROGRESS | IM_EXPORT_EXERCISES | IM_EXPORT_NO_ANSWERS;
    o.runs = NULL;
    o.n_runs = 0;
    o.from_day = IM_EXPORT_DAY_MIN;
    o.to_day = IM_EXPORT_DAY_MAX;
    im_export_left_out(&o, 4, said, sizeof said);
    CHECK(strcmp(said, "Not included: the answers of exercises (their titles and times are).") == 0);
    o.kinds &= ~(unsigned)IM_EXPORT_NO_ANSWERS;
    im_export_left_out(&o, 4, said, sizeof said);
    CHECK(strcmp(said, "Not included: nothing you can choose.") == 0);
    o.kinds = IM_EXPORT_PROGRESS;
    o.to_day = d0 + 3;
    im_export_left_out(&o, 4, said, sizeof said);
    CHECK(strcmp(said, "Not included: the journal; exercises; anything after 2026-01-04.") == 0);

    /* The ladder's ratings are today's: a range that ends before today
     * leaves it out, as the sentence says; one from Saturday counts only
     * Saturday's try. */
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    CHECK(strstr(md, "## Progress") && !strstr(md, "## Your ladder"));
    im_export_free(md, len);
    o.from_day = d0 + 5;
    o.to_day = IM_EXPORT_DAY_MAX;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    CHECK(strstr(md, "how many times it was tried in these dates.\n") != NULL);
    CHECK(strstr(md, "1. Text an old friend -- discomfort now 2, tried 1 time\n") != NULL);
    CHECK(strstr(md, "2. Ask to meet -- discomfort now 8, not tried in these dates\n") != NULL);
    im_export_free(md, len);
}

int main(void)
{
    jt_env e;
    jt_open(&e, "export-week");
    im_journal *j;
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    im_library *lib = week_library();
    test_no_ladder(j);
    script_week(&e, j, lib);
    test_everything(j, lib);
    int64_t thought_id = 0;
    test_runs_listed(j, lib, &thought_id);
    test_chosen(j, lib, thought_id);
    im_library_free(lib);
    im_journal_close(j);
    jt_close(&e);
    return im_check_done();
}
