/*
 * test_engine_history -- the solo runs a person can come back to
 * (engine.h, "History of solo runs"): every run with an answer is listed,
 * newest first, finished or not, with the words of its first answer; a
 * blank run, a damaged record and a run of an exercise no longer in the
 * content are left out; the list filters by exercise and by words folded
 * as the journal's search folds them; it survives a restart; a locked
 * vault answers nothing; and nothing of it reaches the disk in clear.
 * A run saved as a file (im_run_export_write) holds its words as the
 * readable export writes them, mode 0600; a blank or missing run and a
 * locked vault leave no file.
 */
#include <stdio.h>
#include <sys/stat.h>

#include "engine_test.h"
#include "innermost/utf8.h"
#include "innermost/vault.h"
#include "vault_fixture.h"

#define CANARY "CANARY-5d1e-history-answer"

static im_library *lib;
static int64_t now = 1700000000000;
static im_clock clk;
static char *dir;

/* Step indices of the fixture's "all-kinds" exercise. */
enum { FREE = 1, PICK_ONE, PICK_MANY, FEEL, SIGNS, STEPS, WAIT, BREATHE };

static im_run *attached(im_vault *v, int64_t *id)
{
    const im_exercise *ex = im_library_find_exercise(lib, "all-kinds");
    im_run *r = NULL;
    REQUIRE(ex && im_run_start(ex, &clk, &r) == IM_OK);
    *id = 0;
    CHECK_RC(im_run_attach(r, v, id), IM_OK);
    return r;
}

static void go_to(im_run *r, size_t step)
{
    while (im_run_index(r) < step)
        CHECK_RC(im_run_next(r), IM_OK);
}

static void finish(im_run *r)
{
    while (!im_run_finished(r))
        CHECK_RC(im_run_skip(r), IM_OK);
}

static size_t listed(im_vault *v, const char *exercise, const char *query, im_run_entry **e)
{
    size_t n = 99;
    CHECK_RC(im_run_history(lib, v, exercise, query, e, &n), IM_OK);
    return n;
}

static size_t count_of(im_vault *v, const char *query)
{
    im_run_entry *e = NULL;
    size_t n = listed(v, NULL, query, &e);
    im_run_history_free(e, n);
    return n;
}

static int64_t run_a, run_b, run_c;

/* A: words written, finished.  B: two lines chosen, set aside.  C: a
 * timer only, finished.  And a run opened and left blank. */
static void make_runs(im_vault *v)
{
    im_run *r = attached(v, &run_a);
    go_to(r, FREE);
    CHECK_RC(im_run_answer_text(r, "Alpha words from the first run\n" CANARY " on line two"), IM_OK);
    finish(r);
    im_run_free(r);
    now += 60000;

    r = attached(v, &run_b);
    go_to(r, PICK_MANY);
    CHECK_RC(im_run_answer_choices(r, 1u | 4u), IM_OK); /* Red, Blue */
    go_to(r, FEEL);
    CHECK_RC(im_run_answer_scale(r, 7), IM_OK);
    CHECK_RC(im_run_not_now(r), IM_OK);
    im_run_free(r);
    now += 60000;

    r = attached(v, &run_c);
    go_to(r, WAIT);
    CHECK_RC(im_run_timer_start(r), IM_OK);
    now += 5000;
    CHECK_RC(im_run_timer_stop(r), IM_OK);
    finish(r);
    im_run_free(r);
    now += 60000;

    int64_t blank = 0;
    r = attached(v, &blank);
    go_to(r, PICK_ONE); /* seen, never answered */
    im_run_free(r);
    now += 60000;
}

static void test_list(im_vault *v)
{
    im_run_entry *e = NULL;
    size_t n = listed(v, NULL, NULL, &e);
    REQUIRE(n == 3);
    /* newest first: C, B, A; the blank run is not listed */
    CHECK(e[0].id == run_c && e[1].id == run_b && e[2].id == run_a);
    CHECK(e[0].finished && !e[0].paused && e[0].answered == 1 && e[0].summary == NULL);
    CHECK(!e[1].finished && e[1].paused && e[1].answered == 2);
    CHECK(e[1].summary && !strcmp(e[1].summary, "Red, Blue"));
    CHECK(e[2].finished && e[2].answered == 1);
    /* the first line of the words, as written */
    CHECK(e[2].summary && !strcmp(e[2].summary, "Alpha words from the first run"));
    CHECK(e[2].ex && !strcmp(e[2].ex->id, "all-kinds"));
    CHECK(e[2].started_ms > 0 && e[2].changed_ms >= e[2].started_ms);
    CHECK(e[0].changed_ms > e[1].changed_ms && e[1].changed_ms > e[2].changed_ms);
    im_run_history_free(e, n);

    n = listed(v, "all-kinds", NULL, &e);
    CHECK(n == 3);
    im_run_history_free(e, n);
    n = listed(v, "no-such-exercise", NULL, &e);
    CHECK(n == 0 && e == NULL);
    im_run_history_free(e, n);

    /* the newest of an exercise, and whether it is finished */
    int64_t id = 0;
    int fin = -1;
    CHECK_RC(im_run_find_last(lib, v, "all-kinds", &id, &fin), IM_OK);
    CHECK(id == run_c && fin == 1);
    CHECK_RC(im_run_find_last(lib, v, "no-such-exercise", &id, &fin), IM_ERR_NOT_FOUND);
    CHECK(id == 0 && fin == 0);
}

static void test_search(im_vault *v)
{
    /* words written, in any case; every word must be there */
    CHECK(count_of(v, "ALPHA") == 1);
    CHECK(count_of(v, "alpha line two") == 1);
    CHECK(count_of(v, "first-run") == 1); /* cut into words like the journal */
    CHECK(count_of(v, "alpha blue") == 0);
    /* chosen lines and the exercise's title */
    CHECK(count_of(v, "blue") == 1);
    CHECK(count_of(v, "red") == 1);
    CHECK(count_of(v, "all kinds") == 3);
    CHECK(count_of(v, "tools") == 3); /* the item's title */
    /* substrings, as the journal matches */
    CHECK(count_of(v, "lph") == 1);
    /* no words: everything */
    CHECK(count_of(v, "") == 3);
    CHECK(count_of(v, " -- ") == 3);
    /* words of a step that was never answered do not match */
    CHECK(count_of(v, "green") == 0);
    /* not UTF-8 */
    im_run_entry *e = NULL;
    size_t n = 0;
    CHECK_RC(im_run_history(lib, v, NULL, "\xff", &e, &n), IM_ERR_INVALID);
    CHECK(e == NULL && n == 0);
}

static void test_folding_and_summary(im_vault *v)
{
    int64_t id = 0;
    im_run *r = attached(v, &id);
    go_to(r, FREE);
    char text[600] = "Stra\xC3\x9F"
                     "e ";
    while (strlen(text) + 2 < sizeof text - 1)
        strcat(text, "\xC3\xA9"); /* é: two bytes each */
    CHECK_RC(im_run_answer_text(r, text), IM_OK);
    im_run_free(r);
    now += 60000;

    CHECK(count_of(v, "STRASSE") == 1); /* full case folding */
    im_run_entry *e = NULL;
    size_t n = listed(v, NULL, "strasse", &e);
    REQUIRE(n == 1);
    CHECK(e[0].id == id && !e[0].finished && !e[0].paused);
    const char *s = e[0].summary;
    REQUIRE(s);
    size_t len = strlen(s);
    /* cut on a character, the ellipsis after */
    CHECK(len <= IM_RUN_SUMMARY_MAX + 3 && len > IM_RUN_SUMMARY_MAX - 4);
    CHECK(im_utf8_ok(s, len));
    CHECK(!strcmp(s + len - 3, "\xE2\x80\xA6"));
    CHECK(!strncmp(s,
                   "Stra\xC3\x9F"
                   "e ",
                   7));
    im_run_history_free(e, n);

    /* a ladder's steps make the summary when nothing was written first */
    r = attached(v, &id);
    go_to(r, STEPS);
    const char *rungs[] = {"Say hello", "Share a worry"};
    const int before[] = {3, 6};
    CHECK_RC(im_run_answer_ladder(r, rungs, before, 2), IM_OK);
    im_run_free(r);
    now += 60000;
    n = listed(v, NULL, "worry", &e);
    REQUIRE(n == 1);
    CHECK(e[0].summary && !strcmp(e[0].summary, "Say hello, Share a worry"));
    im_run_history_free(e, n);
}

static void test_left_out(im_vault *v)
{
    size_t before = count_of(v, NULL);
    /* a record that does not decode */
    int64_t junk = 0;
    CHECK_RC(im_record_put(v, IM_KIND_RUN, &junk, "junk", 4), IM_OK);
    /* a run of an exercise the content no longer has */
    im_library *other = text_library("id: gone\nkind: practice\ntitle: Gone\n\n"
                                     "# Exercise: Gone soon\nid: gone-soon\n\n"
                                     "## Prompt\nid: q\nanswer: text\nSay it.\n");
    const im_exercise *ex = im_library_find_exercise(other, "gone-soon");
    REQUIRE(ex);
    im_run *r = NULL;
    int64_t id = 0;
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    CHECK_RC(im_run_attach(r, v, &id), IM_OK);
    CHECK_RC(im_run_answer_text(r, "words of a gone exercise"), IM_OK);
    im_run_free(r);
    im_library_free(other);
    CHECK(count_of(v, NULL) == before);
}

static void test_answer_shows(void)
{
    const im_exercise *ex = im_library_find_exercise(lib, "all-kinds");
    im_run *r = NULL;
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    CHECK(!im_answer_shows(&ex->steps[0], im_run_answer(r, 0))); /* a card */
    go_to(r, FREE);
    CHECK_RC(im_run_answer_text(r, ""), IM_OK);
    CHECK(!im_answer_shows(&ex->steps[FREE], im_run_answer(r, FREE))); /* no words */
    CHECK_RC(im_run_answer_text(r, "x"), IM_OK);
    CHECK(im_answer_shows(&ex->steps[FREE], im_run_answer(r, FREE)));
    go_to(r, PICK_MANY);
    CHECK_RC(im_run_answer_choices(r, 0), IM_OK);
    CHECK(im_answer_shows(&ex->steps[PICK_MANY], im_run_answer(r, PICK_MANY))); /* none ticked */
    go_to(r, BREATHE);
    CHECK(!im_answer_shows(&ex->steps[BREATHE], im_run_answer(r, BREATHE))); /* not started */
    CHECK(!im_answer_shows(NULL, im_run_answer(r, 1)) && !im_answer_shows(&ex->steps[1], NULL));
    im_run_free(r);
}

/* 1 if the file at path exists and holds text. */
static int file_holds(const char *path, const char *text)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return strstr(buf, text) != NULL;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Run A as a file, outside the vault's folder (the scan below covers only
 * the vault's); B never written on a failure. */
static void test_export_write(im_vault *v, const char *out_dir)
{
    char path[1024], none[1024];
    snprintf(path, sizeof path, "%s/run-a.md", out_dir);
    snprintf(none, sizeof none, "%s/none.md", out_dir);
    CHECK_RC(im_run_export_write(lib, v, run_a, path), IM_OK);
    CHECK(file_holds(path, "Alpha words from the first run"));
    CHECK(file_holds(path, CANARY));
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK_RC(im_run_export_write(lib, v, 999999, none), IM_ERR_NOT_FOUND);
    CHECK_RC(im_run_export_write(lib, v, run_a, ""), IM_ERR_INVALID);
    CHECK(!exists(none));
    remove(path);
}

int main(void)
{
    clk = im_clock_fixed(&now);
    lib = fixture_library();
    dir = im_tmpdir_make("engine-history");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    test_answer_shows();
    CHECK(count_of(v, NULL) == 0);
    make_runs(v);
    test_list(v);
    test_search(v);
    /* a restart: the same list from the vault */
    v = th_vault_reopen(v, dir);
    test_list(v);
    test_search(v);
    test_folding_and_summary(v);
    test_left_out(v);
    char *out_dir = im_tmpdir_make("engine-history-out");
    REQUIRE(out_dir);
    test_export_write(v, out_dir);
    /* locked: nothing is read */
    im_vault_lock(v);
    char locked_path[1024];
    snprintf(locked_path, sizeof locked_path, "%s/locked.md", out_dir);
    CHECK(im_run_export_write(lib, v, run_a, locked_path) != IM_OK);
    CHECK(!exists(locked_path));
    im_tmpdir_remove(out_dir);
    im_run_entry *e = NULL;
    size_t n = 7;
    CHECK_RC(im_run_history(lib, v, NULL, NULL, &e, &n), IM_ERR_LOCKED);
    CHECK(e == NULL && n == 0);
    im_vault_close(v);
    CHECK(im_scan_dir_for(dir, CANARY, strlen(CANARY)) == 0);
    im_tmpdir_remove(dir);
    im_library_free(lib);
    return im_check_done();
}
