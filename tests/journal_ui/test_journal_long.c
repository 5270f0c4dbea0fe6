#define _POSIX_C_SOURCE 200809L
/*
 * test_journal_long.c -- the journal editor through the real app headless
 * (driver API, in process):
 *  - a 1 MB paste: the paste, a keystroke after it and the Back that stores
 *    it each finish within a generous ceiling (STEP_CEILING_MS: a hang or a
 *    blow-up, not a benchmark), and the entry comes back whole;
 *  - the 1 MB entry opened to be read (the read view): it opens and
 *    scrolls within the ceiling, and each frame's draw list holds only
 *    the visible lines (READ_DRAWN_MAX bytes of text), never the whole
 *    entry; from a search, its matches are highlighted;
 *  - an entry opened from an exercise (journal_new_entry_screen, as the
 *    player opens it) shows "From: <exercise title>" and its prompt, and
 *    keeps the link when opened again from the list;
 *  - 10,000 entries: the Journal opens and flings through its virtual list
 *    (its figures are tests/bench's: bench_ui fling over bench_fixture's
 *    entries, journal_bench open);
 *  - the data folder holds none of the typed text in clear.
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app_harness.h"
#include "check.h"
#include "innermost/content.h"
#include "screens/journal_screens.h"

#define PASTE_BYTES (1024 * 1024)
#define CANARY "zephyr-canary-end"
/* What one step of a 1 MB edit may take at most, in the sanitizer build on
 * a loaded machine: far above what it takes (well under a second), so the
 * check catches a hang or a quadratic blow-up, never a slow runner. */
#define STEP_CEILING_MS 60000.0
/* Text bytes a frame of the read view may hold: a screenful of lines and
 * the view's own words, a small fraction of the 1 MB entry. */
#define READ_DRAWN_MAX (32 * 1024)

static th_app h;

static void step(const char *line) { CHECK(th_app_step(&h, line) == 0); }

static double ms_since(Uint64 t0)
{
    return (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

/* About 1 MB of prose in lines and paragraphs, the canary at its end. */
static char *big_text(void)
{
    static const char words[] = "I noticed how my shoulders rose when she asked about my week, ";
    char *s = malloc(PASTE_BYTES + 1);
    if (!s)
        return NULL;
    size_t n = 0, w = sizeof words - 1, end = sizeof CANARY - 1;
    while (n + w + 2 + end < PASTE_BYTES) {
        memcpy(s + n, words, w);
        n += w;
        if (n % 7 == 0)
            s[n++] = '\n';
    }
    memcpy(s + n, CANARY, end);
    n += end;
    s[n] = 0;
    return s;
}

/* Bytes of text in the last frame's draw list. */
static size_t drawn_text_bytes(const ui_app *app)
{
    size_t n = 0;
    for (size_t i = 0; i < app->dl.count; i++)
        if (app->dl.cmds[i].kind == UI_CMD_TEXT)
            n += (size_t)app->dl.cmds[i].text_len;
    return n;
}

/* The long entry read: opened from the list by its row (named by its
 * first 80 bytes, as the list names it), scrolled, then from a search. */
static void read_long(const char *text)
{
    ui_app *app = th_app_ui(&h);
    char row[200];
    size_t k = 0;
    while (text[k] && text[k] != '\n' && k < 80)
        k++;
    snprintf(row, sizeof row, "tap \"%.*s\"", (int)k, text);
    Uint64 t0 = SDL_GetPerformanceCounter();
    step(row);
    double open_ms = ms_since(t0);
    step("expect \"Edit\"");
    step("expect-not \"Your words\"");
    size_t drawn = drawn_text_bytes(app);
    long f0 = app->frames;
    t0 = SDL_GetPerformanceCounter();
    step("swipe up");
    double scroll_ms = ms_since(t0);
    CHECK(app->frames - f0 > 5);         /* it moved over several frames */
    step("expect-not \"January 2026\""); /* the date line above the words has scrolled away */
    if (drawn > READ_DRAWN_MAX || drawn_text_bytes(app) > READ_DRAWN_MAX)
        fprintf(stderr, "  the read view drew %zu, then %zu bytes of text\n", drawn, drawn_text_bytes(app));
    CHECK(drawn > 0 && drawn <= READ_DRAWN_MAX && drawn_text_bytes(app) <= READ_DRAWN_MAX);
    CHECK(open_ms < STEP_CEILING_MS && scroll_ms < STEP_CEILING_MS);
    step("key Escape");
    step("tap \"Search\"");
    step("tap \"Search words\"");
    step("type \"NOTICED\"");
    step("expect \"Entries found: 1\"");
    t0 = SDL_GetPerformanceCounter();
    step(row); /* some 16,000 matches in 1 MB: the first MARKS_MAX are marked */
    double marked_ms = ms_since(t0);
    CHECK(marked_ms < STEP_CEILING_MS);
    step("expect-highlight \"noticed\"");
    step("expect-no-highlight \"shoulders\"");
    step("key Escape");
    step("key Escape");
    step("expect \"Today: 1\"");
}

int main(void)
{
    th_app_prepare(&h, "journal-long");
    th_app_start(&h);
    /* a vault (first run up to the recovery code), then a fresh start */
    step("tap \"Get started\"");
    step("tap \"Passphrase\"");
    step("type \"correct horse battery staple\"");
    step("tap \"Type it again\"");
    step("type \"correct horse battery staple\"");
    step("tap \"Create my private space\"");
    step("wait 2");
    step("restart");
    th_app_unlock(&h, NULL);
    step("tap \"Journal\"");
    step("tap \"New entry\"");
    step("tap \"Your words\"");

    char *text = big_text();
    REQUIRE(text != NULL);
    size_t len = strlen(text);
    REQUIRE(SDL_SetClipboardText(text) == 0);
    ui_app *app = th_app_ui(&h);
    long frames0 = app->frames, layouts0 = app->layouts;
    Uint64 t0 = SDL_GetPerformanceCounter();
    step("key Ctrl+v");
    double paste_ms = ms_since(t0);
    long paste_frames = app->frames - frames0, paste_layouts = app->layouts - layouts0;
    t0 = SDL_GetPerformanceCounter();
    step("type \"!\"");
    double key_ms = ms_since(t0);
    step("wait 4"); /* no key: the session's save-soon timer writes the draft */
    {
        ui_session *ss = ui_session_of(app);
        im_entry d;
        memset(&d, 0, sizeof d);
        CHECK(ss && ss->journal && im_journal_draft_load(ss->journal, 0, &d) == IM_OK);
        CHECK(d.body && strlen(d.body) == len + 1 && d.body[len] == '!');
        im_entry_free(&d);
    }
    t0 = SDL_GetPerformanceCounter();
    step("type \"?\""); /* over 64 KiB: no save on this key, only the timer's later */
    double draft_ms = ms_since(t0);
    t0 = SDL_GetPerformanceCounter();
    step("key Escape"); /* Back stores the entry */
    double back_ms = ms_since(t0);
    CHECK(paste_ms < STEP_CEILING_MS && key_ms < STEP_CEILING_MS);
    CHECK(draft_ms < STEP_CEILING_MS && back_ms < STEP_CEILING_MS);
    /* the paste is one edit: a handful of frames and layouts, not one per line */
    if (paste_frames > 20 || paste_layouts > 20)
        fprintf(stderr, "  the paste drew %ld frames, %ld layouts\n", paste_frames, paste_layouts);
    CHECK(paste_frames <= 20 && paste_layouts <= 20);
    step("expect \"Today: 1\"");

    /* the entry holds every byte, the two typed characters after the paste */
    ui_session *sess = ui_session_of(th_app_ui(&h));
    REQUIRE(sess && sess->journal);
    im_entry_page page = {0};
    CHECK_RC(im_journal_list(sess->journal, 0, 10, &page), IM_OK);
    CHECK(page.n == 1);
    if (page.n == 1) {
        im_entry e;
        memset(&e, 0, sizeof e);
        CHECK_RC(im_journal_get(sess->journal, page.items[0].id, &e), IM_OK);
        CHECK(e.body && strlen(e.body) == len + 2);
        CHECK(e.body && strncmp(e.body, text, len) == 0 && strcmp(e.body + len, "!?") == 0);
        im_entry_free(&e);
    }
    im_entry_page_free(&page);
    read_long(text);
    memset(text, 0, len);
    free(text);
    SDL_SetClipboardText("");

    /* from an exercise, as the player opens it */
    ui_app *a = th_app_ui(&h);
    const im_exercise *ex =
        ui_app_content(a) ? im_library_find_exercise(ui_app_content(a), "barriers-noticing") : NULL;
    REQUIRE(ex != NULL && ex->title != NULL);
    ui_screen *ed = journal_new_entry_screen(a, ex->id, "Which wall did you notice first?");
    REQUIRE(ed != NULL);
    ui_nav_push(a, ed);
    step("wait 0.1"); /* lay out and draw the pushed screen */
    char line[300];
    snprintf(line, sizeof line, "expect \"From: %s\"", ex->title);
    step(line);
    step("expect \"Which wall did you notice first?\"");
    step("tap \"Your words\"");
    step("type \"The quiet-canary wall of staying busy.\"");
    step("tap \"Save\"");
    step("tap \"Progress\""); /* the Journal tab builds the list afresh */
    step("tap \"Journal\"");
    step("expect \"Today: 2\"");
    step("expect \"From an exercise\"");
    step("tap \"The quiet-canary wall of staying busy.\"");
    step(line);
    step("expect \"Which wall did you notice first?\"");
    step("key Escape");

    /* 10,000 entries over 100 days: the list stays a handful of pages */
    sess = ui_session_of(th_app_ui(&h));
    REQUIRE(sess && sess->journal);
    CHECK_RC(im_vault_begin(sess->vault), IM_OK);
    for (int i = 0; i < 10000; i++) {
        char body[80];
        snprintf(body, sizeof body, "Entry number %d of many, kept short.", i);
        im_entry_fields f = {0};
        f.body = body;
        f.mood = 1 + i % 5;
        if (im_journal_create(sess->journal, &f, NULL) != IM_OK) {
            CHECK(0);
            break;
        }
    }
    CHECK_RC(im_vault_commit(sess->vault), IM_OK);
    step("tap \"Progress\"");
    a = th_app_ui(&h);
    step("tap \"Journal\"");
    step("expect \"Entry number 9999 of many\"");
    long f0 = a->frames;
    step("swipe up");
    CHECK(a->frames - f0 > 10);                       /* it coasted over many frames */
    CHECK(!ui_app_animating(a));                      /* and stopped by itself */
    step("expect-not \"Entry number 9999 of many\""); /* it scrolled */

    th_app_stop(&h); /* closes the vault */
    CHECK(th_app_scan(&h, CANARY) == 0);
    CHECK(th_app_scan(&h, "shoulders rose") == 0);
    CHECK(th_app_scan(&h, "quiet-canary") == 0);
    th_app_finish(&h);
    return im_check_done();
}
