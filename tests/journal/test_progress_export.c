/*
 * test_progress_export.c -- the progress log and its series (mood by day
 * with gaps, path steps, ladder, connection maps, practice days), and the
 * Markdown export (kinds, date range, what is never included), with
 * exercise results from real engine runs of every answer kind.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "innermost/engine.h"
#include "innermost/export.h"
#include "golden.h"
#include "innermost/progress.h"
#include "jtest.h"

#define COUPLE_SECRET "PARTNER-PRIVATE-ANSWER-93d1"

static int32_t day_of(int64_t ms) { return im_day_from_ms(ms, 0); }

static void log_ok(jt_env *e, im_progress_event ev) { CHECK_RC(im_progress_log(e->v, &ev, NULL), IM_OK); }

static void test_progress_log(jt_env *e)
{
    im_progress_event ev = im_progress_event_make(IM_PROGRESS_PATH_STEP, "", NULL);
    CHECK_RC(im_progress_log(e->v, &ev, NULL), IM_ERR_INVALID); /* no item */
    ev = im_progress_event_make(IM_PROGRESS_PATH_STEP, "path\xC3", NULL);
    CHECK_RC(im_progress_log(e->v, &ev, NULL), IM_ERR_INVALID); /* UTF-8 */
    ev = im_progress_event_make(IM_PROGRESS_LADDER_STEP, "l", "s");
    ev.after = 3;
    CHECK_RC(im_progress_log(e->v, &ev, NULL), IM_ERR_INVALID); /* no before */
    ev.before = 11;
    CHECK_RC(im_progress_log(e->v, &ev, NULL), IM_ERR_INVALID); /* range */
    ev = im_progress_event_make(IM_PROGRESS_CONNECTION_MAP, "map", NULL);
    CHECK_RC(im_progress_log(e->v, &ev, NULL), IM_ERR_INVALID); /* no ratings */
    ev = im_progress_event_make(99, "x", NULL);
    CHECK_RC(im_progress_log(e->v, &ev, NULL), IM_ERR_INVALID);
    size_t n = 1;
    CHECK_RC(im_record_count(e->v, IM_KIND_PROGRESS, &n), IM_OK);
    CHECK(n == 0);

    /* Day 0: two path steps (one twice), day 2: ladder, day 5: map + practice. */
    log_ok(e, im_progress_event_make(IM_PROGRESS_PATH_STEP, "path.1", NULL));
    e->now += 1000;
    log_ok(e, im_progress_event_make(IM_PROGRESS_PATH_STEP, "path.2", NULL));
    e->now += 1000;
    log_ok(e, im_progress_event_make(IM_PROGRESS_PATH_STEP, "path.1", NULL));
    e->now = JT_T0 + 2 * JT_DAY_MS;
    ev = im_progress_event_make(IM_PROGRESS_LADDER_STEP, "ladder.a", "call mum");
    ev.before = 8;
    ev.after = 5;
    log_ok(e, ev);
    e->now += 1000;
    ev = im_progress_event_make(IM_PROGRESS_LADDER_RERATE, "ladder.a", "call mum");
    ev.after = 3;
    log_ok(e, ev);
    ev = im_progress_event_make(IM_PROGRESS_LADDER_STEP, "ladder.b", "hold hands");
    ev.before = 6;
    ev.after = 6;
    log_ok(e, ev);
    e->now = JT_T0 + 5 * JT_DAY_MS;
    ev = im_progress_event_make(IM_PROGRESS_CONNECTION_MAP, "connection-map", NULL);
    for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
        ev.ratings[0][d] = d + 3;
        ev.ratings[1][d] = 9 - d;
    }
    log_ok(e, ev);
    log_ok(e, im_progress_event_make(IM_PROGRESS_PRACTICE, "breathing", NULL));

    im_progress_event *out;
    CHECK_RC(im_progress_events(e->v, IM_PROGRESS_PATH_STEP, INT64_MIN, INT64_MAX, &out, &n), IM_OK);
    CHECK(n == 3 && strcmp(out[0].item, "path.1") == 0 && out[0].at_ms == JT_T0 &&
          out[2].at_ms == JT_T0 + 2000);
    free(out);
    size_t distinct = 0;
    CHECK_RC(im_progress_path_steps_done(e->v, &distinct), IM_OK);
    CHECK(distinct == 2);
    CHECK_RC(im_progress_ladder(e->v, "ladder.a", &out, &n), IM_OK);
    CHECK(n == 2 && out[0].type == IM_PROGRESS_LADDER_STEP && out[0].before == 8 && out[0].after == 5 &&
          out[1].type == IM_PROGRESS_LADDER_RERATE && out[1].after == 3 &&
          out[1].before == IM_PROGRESS_NOT_RATED && strcmp(out[1].step, "call mum") == 0);
    free(out);
    CHECK_RC(im_progress_ladder(e->v, NULL, &out, &n), IM_OK);
    CHECK(n == 3);
    free(out);
    CHECK_RC(im_progress_connection_maps(e->v, &out, &n), IM_OK);
    CHECK(n == 1 && out[0].ratings[0][0] == 3 && out[0].ratings[1][4] == 5 &&
          out[0].day == day_of(JT_T0) + 5);
    free(out);
    CHECK_RC(im_progress_events(e->v, 0, JT_T0 + JT_DAY_MS, JT_T0 + 3 * JT_DAY_MS, &out, &n), IM_OK);
    CHECK(n == 3);
    free(out);

    uint32_t *counts;
    size_t days = 0;
    int32_t d0 = day_of(JT_T0);
    CHECK_RC(im_progress_practice_days(e->v, d0 - 1, d0 + 6, &counts, &days), IM_OK);
    CHECK(days == 3);
    CHECK(counts[0] == 0 && counts[1] == 3 && counts[2] == 0 && counts[3] == 3 && counts[6] == 2 &&
          counts[7] == 0);
    free(counts);
    CHECK_RC(im_progress_practice_days(e->v, d0 + 1, d0 + 4, NULL, &days), IM_OK);
    CHECK(days == 1);
    CHECK_RC(im_progress_practice_days(e->v, d0 + 4, d0, NULL, &days), IM_ERR_INVALID);
}

static void test_mood_by_day(jt_env *e, im_journal *j)
{
    int32_t d0 = day_of(JT_T0);
    int moods[][2] = {{0, 4}, {0, 1}, {2, 5}, {2, 0}, {4, 3}};
    for (size_t i = 0; i < 5; i++) {
        e->now = JT_T0 + moods[i][0] * JT_DAY_MS + 3600000 * (int64_t)(i + 1);
        im_entry_fields f = {NULL, "mood entry", moods[i][1], NULL, NULL, NULL};
        CHECK_RC(im_journal_create(j, &f, NULL), IM_OK);
    }
    im_mood_day *md;
    size_t n;
    CHECK_RC(im_progress_mood_by_day(j, d0 - 1, d0 + 4, &md, &n), IM_OK);
    CHECK(n == 6);
    CHECK(md[0].day == d0 - 1 && md[0].count == 0);
    CHECK(md[1].count == 2 && md[1].min == 1 && md[1].max == 4 && md[1].average_x100 == 250);
    CHECK(md[2].count == 0 && md[2].average_x100 == 0);   /* a gap */
    CHECK(md[3].count == 1 && md[3].average_x100 == 500); /* mood 0 not counted */
    CHECK(md[5].day == d0 + 4 && md[5].count == 1 && md[5].min == 3);
    free(md);
    CHECK_RC(im_progress_mood_by_day(j, d0, d0 + IM_PROGRESS_RANGE_MAX_DAYS, &md, &n), IM_ERR_INVALID);
}

/* ---- Exercise results: real runs from the engine --------------------------- */

#define SOLO_CANARY "SOLO-OWN-WORDS-5be0"

static const char solo_text[] = "id: practice-all\nkind: practice\ntitle: Every kind\n\n"
                                "# Exercise: All the answers\nid: all-kinds\n\n"
                                "## Card\nTake your time.\n\n"
                                "## Prompt\nid: words\nanswer: text\nWhat is on your mind?\n\n"
                                "## Prompt\nid: pick-one\nanswer: one\nWhich fits best?\n"
                                "- Morning\n- Evening\n\n"
                                "## Prompt\nid: pick-many\nanswer: many\nWhat helps?\n"
                                "- A walk\n- Music\n- A friend\n\n"
                                "## Prompt\nid: how-safe\nanswer: scale\nlow: Not safe at all\n"
                                "high: Completely safe\nHow safe does it feel?\n\n"
                                "## Prompt\nid: signs\nanswer: checklist\nWhat do you notice?\n"
                                "- Tight shoulders\n- Racing thoughts\n\n"
                                "## Prompt\nid: steps\nanswer: ladder\nYour steps, easiest first.\n\n"
                                "## Prompt\nid: pause\nanswer: timer\nseconds: 30\nSit quietly.\n\n"
                                "## Prompt\nid: breathe\nanswer: breathing\npattern: in 2, out 2\n"
                                "rounds: 2\nBreathe slowly.\n\n"
                                "## Prompt\nid: skipped\nanswer: text\nA question left for later?\n\n"
                                "# Exercise: Untouched\nid: untouched\n\n"
                                "## Prompt\nid: q\nanswer: text\nNever answered?\n";

static const char couple_text[] = "id: together-one\nkind: together\ntitle: Together\n\n"
                                  "# Exercise: Hopes\nid: hopes\nmode: reveal\n\n"
                                  "## Prompt\nid: hope\nanswer: text\nOne hope for us?\n";

static im_library *export_library(void)
{
    im_library *lib = im_library_new();
    im_diags d;
    REQUIRE(im_content_parse(lib, "all.txt", solo_text, strlen(solo_text), &d) == IM_OK);
    REQUIRE(im_content_parse(lib, "couple.txt", couple_text, strlen(couple_text), &d) == IM_OK);
    return lib;
}

/* A solo run through every answer kind, saved in the vault as it goes. */
static void run_every_kind(jt_env *e, const im_library *lib)
{
    im_run *r = NULL;
    int64_t id = 0;
    REQUIRE(im_run_start(im_library_find_exercise(lib, "all-kinds"), &e->clock, &r) == IM_OK);
    REQUIRE(im_run_attach(r, e->v, &id) == IM_OK);
    CHECK_RC(im_run_next(r), IM_OK); /* the card */
    CHECK_RC(im_run_answer_text(r, "First line " SOLO_CANARY "\nsecond line"), IM_OK);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK_RC(im_run_answer_choices(r, 1u << 1), IM_OK);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK_RC(im_run_answer_choices(r, (1u << 0) | (1u << 2)), IM_OK);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK_RC(im_run_answer_scale(r, 7), IM_OK);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK_RC(im_run_answer_choices(r, 1u << 0), IM_OK);
    CHECK_RC(im_run_next(r), IM_OK);
    const char *rungs[] = {"Say hello first", "Share a worry"};
    int before[] = {4, 8};
    CHECK_RC(im_run_answer_ladder(r, rungs, before, 2), IM_OK);
    CHECK_RC(im_run_ladder_done(r, 0, 2), IM_OK);
    CHECK_RC(im_run_next(r), IM_OK);
    im_timer_status ts;
    CHECK_RC(im_run_timer_start(r), IM_OK);
    e->now += 31000;
    CHECK_RC(im_run_timer_status(r, &ts), IM_OK);
    CHECK(ts.completed);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK_RC(im_run_timer_start(r), IM_OK);
    e->now += 9000;
    CHECK_RC(im_run_timer_status(r, &ts), IM_OK);
    CHECK(ts.completed);
    CHECK_RC(im_run_next(r), IM_OK);
    CHECK_RC(im_run_skip(r), IM_OK);
    CHECK(im_run_finished(r));
    im_run_free(r);

    /* Started and left without an answer: nothing to show. */
    id = 0;
    REQUIRE(im_run_start(im_library_find_exercise(lib, "untouched"), &e->clock, &r) == IM_OK);
    REQUIRE(im_run_attach(r, e->v, &id) == IM_OK);
    CHECK_RC(im_run_next(r), IM_OK);
    im_run_free(r);
}

/* A private-then-reveal session, both partners' words stored (sealed in
 * an IM_KIND_COUPLE record). */
static void run_couple(jt_env *e, const im_library *lib)
{
    im_couple *c = NULL;
    int64_t id = 0;
    REQUIRE(im_couple_start(im_library_find_exercise(lib, "hopes"), "Alex", "Sam", &e->clock, NULL, &c) ==
            IM_OK);
    REQUIRE(im_couple_attach(c, e->v, &id) == IM_OK);
    CHECK_RC(im_couple_answer_text(c, COUPLE_SECRET), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    CHECK_RC(im_couple_answer_text(c, "Sam: " COUPLE_SECRET), IM_OK);
    im_couple_free(c); /* left mid-way: Alex's answer still sealed */
}

static void check_solo_run(const char *md)
{
    CHECK(strstr(md, "## Exercise results") != NULL);
    CHECK(strstr(md, "### All the answers (Every kind)\n") != NULL);
    CHECK(strstr(md, "Finished, last worked on 2026-01-11.") != NULL);
    CHECK(strstr(md, "**What is on your mind?**\n\nFirst line " SOLO_CANARY "  \nsecond line\n") != NULL);
    CHECK(strstr(md, "**Which fits best?**\n\n- Evening\n\n") != NULL);
    CHECK(strstr(md, "**What helps?**\n\n- A walk\n- A friend\n\n") != NULL);
    CHECK(strstr(md, "**How safe does it feel?**\n\n7 of 10 (0: Not safe at "
                     "all; 10: Completely safe)") != NULL);
    CHECK(strstr(md, "**What do you notice?**\n\n- Tight shoulders\n\n") != NULL);
    CHECK(strstr(md, "1. Say hello first -- discomfort 4 before, 2 after "
                     "(done)\n2. Share a worry -- discomfort 8 (not done "
                     "yet)\n") != NULL);
    CHECK(strstr(md, "**Sit quietly.**\n\nDone: 30 seconds.") != NULL);
    CHECK(strstr(md, "**Breathe slowly.**\n\nDone: 8 seconds.") != NULL);
    /* a card, a skipped prompt and an untouched run show nothing */
    CHECK(strstr(md, "Take your time") == NULL);
    CHECK(strstr(md, "left for later") == NULL);
    CHECK(strstr(md, "Untouched") == NULL);
    /* couple sessions never: neither partner's words, nor the exercise */
    CHECK(strstr(md, COUPLE_SECRET) == NULL);
    CHECK(strstr(md, "One hope for us") == NULL);
}

static void test_export(jt_env *e, im_journal *j, const char *dir)
{
    int32_t d0 = day_of(JT_T0);
    e->now = JT_T0 + 10 * JT_DAY_MS + 9 * 3600000;
    im_entry_fields f = {"Evening\nwalk",
                         "We walked.\nI said it.",
                         4,
                         "ex.closeness-ladder",
                         "rung-2",
                         "What felt brave?\nAnd what felt safe?"};
    CHECK_RC(im_journal_create(j, &f, NULL), IM_OK);
    im_library *lib = export_library();
    run_every_kind(e, lib);
    run_couple(e, lib);

    im_export_options o = {IM_EXPORT_JOURNAL | IM_EXPORT_PROGRESS | IM_EXPORT_EXERCISES,
                           IM_EXPORT_DAY_MIN,
                           IM_EXPORT_DAY_MAX,
                           NULL,
                           NULL,
                           NULL,
                           NULL,
                           0,
                           NULL};
    char *md;
    size_t len;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_ERR_INVALID);
    o.library = lib;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    CHECK(len == strlen(md));
    th_golden_check(md, len, "tests/fixtures/export/everything.md");
    CHECK(strstr(md, "# Innermost export") != NULL);
    CHECK(strstr(md, "#### 09:00 - Evening walk\n") != NULL);
    CHECK(strstr(md, "*Mood: Good (4 of 5)*") != NULL);
    /* an id the content does not know is not printed */
    CHECK(strstr(md, "ex.closeness-ladder") == NULL && strstr(md, "rung-2") == NULL);
    CHECK(strstr(md, "> What felt brave?\n> And what felt safe?") != NULL);
    CHECK(strstr(md, "We walked.  \nI said it.") != NULL);
    CHECK(strstr(md, "Ladder rung tried: \"call mum\" in an exercise no longer in the app (discomfort 8 "
                     "before, 5 after)") != NULL);
    CHECK(strstr(md, "Connection map done together\n") != NULL);
    CHECK(strstr(md, "Days with practice in this range: 3") != NULL);
    check_solo_run(md);
    /* Oldest first. */
    char *first = strstr(md, "mood entry"), *last = strstr(md, "We walked.");
    CHECK(first && last && first < last);
    im_export_free(md, len);

    /* A range: only day d0+2 .. d0+4, journal only. */
    o.kinds = IM_EXPORT_JOURNAL;
    o.from_day = d0 + 2;
    o.to_day = d0 + 4;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    th_golden_check(md, len, "tests/fixtures/export/journal-3-days.md");
    char a[11], b[11];
    im_export_day_text(d0 + 2, a);
    im_export_day_text(d0 + 4, b);
    CHECK(strcmp(a, "2026-01-03") == 0);
    CHECK(strstr(md, "### 2026-01-03") && strstr(md, "### 2026-01-05"));
    CHECK(!strstr(md, "### 2026-01-01") && !strstr(md, "We walked."));
    CHECK(!strstr(md, "## Progress") && !strstr(md, "## Exercise results"));
    CHECK(strstr(md, "covering 2026-01-03 to 2026-01-05") != NULL);
    im_export_free(md, len);
    /* Exercises in that range: the run (last worked on d0 + 10) is not. */
    o.kinds = IM_EXPORT_EXERCISES;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    th_golden_check(md, len, "tests/fixtures/export/exercises-none.md");
    CHECK(strstr(md, "No exercise results in this range.") != NULL);
    CHECK(!strstr(md, SOLO_CANARY));
    im_export_free(md, len);
    o.from_day = d0 + 10;
    o.to_day = d0 + 10;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    th_golden_check(md, len, "tests/fixtures/export/exercises-one-day.md");
    CHECK(strstr(md, SOLO_CANARY) && !strstr(md, COUPLE_SECRET));
    im_export_free(md, len);

    /* To a file, atomically. */
    char path[4096];
    snprintf(path, sizeof path, "%s/export.md", dir);
    o.kinds = IM_EXPORT_JOURNAL | IM_EXPORT_PROGRESS;
    o.from_day = IM_EXPORT_DAY_MIN;
    o.to_day = IM_EXPORT_DAY_MAX;
    CHECK_RC(im_export_markdown_write(j, &o, path), IM_OK);
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    size_t flen = 0;
    unsigned char *file = im_file_read(path, &flen);
    CHECK(file && flen == len && memcmp(file, md, len) == 0);
    if (file)
        th_golden_check((const char *)file, flen, "tests/fixtures/export/journal-and-progress.md");
    free(file);
    im_export_free(md, len);
    o.to_day = o.from_day - 1;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_ERR_INVALID);
    im_library_free(lib);
}

int main(void)
{
    jt_env e;
    jt_open(&e, "progress");
    test_progress_log(&e);
    im_journal *j;
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    test_mood_by_day(&e, j);
    char *out = im_tmpdir_make("export");
    test_export(&e, j, out);
    im_tmpdir_remove(out);
    im_journal_close(j);
    /* Progress records keep their ids and values inside the ciphertext. */
    im_vault_close(e.v);
    e.v = NULL;
    CHECK(im_scan_dir_for(e.dir, "call mum", 8) == 0);
    CHECK(im_scan_dir_for(e.dir, "ladder.a", 8) == 0);
    REQUIRE(im_vault_open(e.dir, &e.v) == IM_OK);
    jt_close(&e);
    return im_check_done();
}
