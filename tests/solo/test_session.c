/*
 * test_session.c -- the session's promises to the screens, checked on the
 * real app driven headless:
 *   - every stacked screen whose class has a save hook saves before the
 *     lock, once, while the vault is still unlocked, on `background`, on
 *     the idle auto-lock and on "Lock now"; a save that fails stops
 *     neither the other screens' saves nor the lock;
 *   - what a screen saved (a journal draft) is there after unlocking
 *     again, and its words are nowhere on disk in clear;
 *   - after `background` the frame is the privacy cover (the draw list has
 *     no text but the app's name) and input goes nowhere;
 *   - a screen no longer stacked is not saved;
 *   - ui_session_save_soon has every stacked screen save within
 *     UI_SAVE_SOON_MS with no further input, once, and the loop's next
 *     wake-up is no later;
 *   - Home's check-in is one journal entry, changed by a second pick.
 */
#define _POSIX_C_SOURCE 200809L
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screen.h"
#include "app/session.h"
#include "app_harness.h"
#include "check.h"
#include "innermost/journal.h"
#include "innermost/progress.h"
#include "widgets/basic.h"

#define CANARY "canary-words-in-a-draft"

static th_app h;

static int step(const char *s) { return th_app_step(&h, s); }

/* What the save hook of one test screen saw. */
typedef struct save_log {
    int calls, unlocked_each_time;
    im_rc last; /* what its last write returned */
} save_log;

static save_log fresh_log(void) { return (save_log){0, 1, IM_OK}; }

/* A screen with typed text on it: the log is its state (the test owns it). */
static int typed_build(ui_app *app, ui_screen *scr, const void *args)
{
    (void)app;
    scr->state = *(save_log *const *)args;
    scr->title = "Typed";
    ui_widget *col = scr->body = ui_column_new(24, 12);
    return col && ui_widget_add(col, ui_label_new("Typed text", UI_TEXT_BODY)) ? 0 : -1;
}

static void typed_write(ui_app *app, ui_screen *scr, const char *body)
{
    save_log *log = scr->state;
    ui_session *s = ui_session_of(app);
    log->calls++;
    if (!ui_session_is_unlocked(s) || !im_vault_is_unlocked(s->vault))
        log->unlocked_each_time = 0;
    im_entry_fields f = {0};
    f.body = body;
    log->last = im_journal_draft_save(s->journal, 0, &f);
}

/* Keeps the canary as the draft of a new entry. */
static void draft_save(ui_app *app, ui_screen *scr) { typed_write(app, scr, CANARY); }

/* Its write is refused (not UTF-8): the draft stays as it was. */
static void failing_save(ui_app *app, ui_screen *scr) { typed_write(app, scr, "\xff\xfe broken"); }

static const ui_screen_class draft_class = {
    .name = "typed", .options = UI_SCREEN_FRAMED, .build = typed_build, .save = draft_save};
static const ui_screen_class failing_class = {
    .name = "typed-failing", .options = UI_SCREEN_FRAMED, .build = typed_build, .save = failing_save};

static ui_screen *typed(ui_app *app, const ui_screen_class *cls, save_log *log)
{
    ui_screen *scr = ui_screen_new(app, cls, &log);
    REQUIRE(scr != NULL);
    return scr;
}

/* The stack: the given screens at the bottom, in order, Home on top (so
 * its "Lock now" can be tapped). */
static void stack_under_home(ui_app *app, ui_screen *bottom, ui_screen *next)
{
    ui_nav_reset(app, bottom);
    if (next)
        ui_nav_push(app, next);
    ui_screen *home = ui_screen_new(app, app->routes->area(app->routes->home), NULL);
    REQUIRE(home != NULL);
    ui_nav_push(app, home);
    ui_app_frame(app, 1); /* laid out and drawn, as after a tap */
    CHECK(step("expect \"Lock now\"") == 0);
}

static void unlock_again(void) { th_app_unlock(&h, NULL); }

/* One key press handled at once, without running the app to idle. */
static void press(ui_app *app, SDL_Keycode key)
{
    SDL_Event e = {0};
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = key;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(key);
    ui_app_handle_event(app, &e);
    ui_app_update(app);
}

static int text_fn(void *ctx, const char *text, int n, ui_rect r)
{
    (void)r;
    int *others = ctx;
    if (n != 9 || memcmp(text, "Innermost", 9) != 0)
        (*others)++;
    return 0;
}

int main(void)
{
    th_app_prepare(&h, "session");
    th_vault_make(h.data); /* a vault made by core, as a first run would */
    th_app_start(&h);
    ui_app *app = th_app_ui(&h);
    unlock_again();
    ui_session *s = ui_session_of(app);
    REQUIRE(s != NULL && ui_session_is_unlocked(s));

    /* a check-in is one progress event with a mood, never a journal
     * entry; a second pick changes it */
    CHECK(step("tap \"Low\"") == 0);
    CHECK(step("tap \"Good\"") == 0);
    CHECK(im_journal_count(s->journal) == 0);
    im_progress_event *ev = NULL;
    size_t n_ev = 0;
    CHECK_RC(im_progress_events(s->vault, IM_PROGRESS_CHECKIN, 0, INT64_MAX, &ev, &n_ev), IM_OK);
    CHECK(n_ev == 1 && ev && ev[0].after == IM_MOOD_GOOD);
    free(ev);

    /* background: every stacked screen saves first, once each, the one
     * whose write fails too (below the other: the other still saves),
     * then the lock and the cover */
    save_log log = fresh_log(), bad = fresh_log();
    stack_under_home(app, typed(app, &failing_class, &bad), typed(app, &draft_class, &log));
    CHECK(step("background") == 0);
    CHECK(bad.calls == 1 && bad.unlocked_each_time && bad.last == IM_ERR_INVALID);
    CHECK(log.calls == 1 && log.unlocked_each_time && log.last == IM_OK);
    CHECK(!ui_session_is_unlocked(s) && !im_vault_is_unlocked(s->vault));
    CHECK(SDL_AtomicGet(&app->covered) == 1);
    CHECK(ui_app_input_root(app) == NULL);
    int others = 0;
    ui_drawlist_each_visible_text(&app->dl, app->ctx.metrics.width_px, app->ctx.metrics.height_px, text_fn,
                                  &others);
    CHECK(others == 0);
    CHECK(step("expect-not \"Hello\"") == 0);
    CHECK(step("foreground") == 0);
    CHECK(bad.calls == 1 && log.calls == 1); /* the screens went with the lock */
    unlock_again();
    im_entry draft = {0};
    CHECK_RC(im_journal_draft_load(s->journal, 0, &draft), IM_OK);
    CHECK(draft.body && !strcmp(draft.body, CANARY));
    im_entry_free(&draft);

    /* Back (Esc, Android's back key) while the key is being derived on the
     * worker must not free the screen the worker reports to: the screen
     * stays until the work is done, however Back was asked for. */
    CHECK(step("tap \"Settings\"") == 0);
    CHECK(step("scroll-to \"Change passphrase\"") == 0);
    CHECK(step("tap \"Change passphrase\"") == 0);
    CHECK(step("expect \"Confirm it is you\"") == 0);
    {
        ui_screen *confirm = ui_nav_top(app);
        const char *confirm_title = confirm->title;
        CHECK(step("tap \"Current passphrase\"") == 0);
        CHECK(step("type \"" TH_PASS "\"") == 0);
        press(app, SDLK_RETURN); /* starts the key derivation on the worker */
        CHECK(ui_session_work_busy(s));
        press(app, SDLK_ESCAPE); /* straight in, while the worker runs */
        CHECK(ui_nav_top(app) == confirm);
        for (int i = 0; i < 500 && ui_session_work_busy(s); i++) {
            SDL_Delay(10);
            step("wait 0.1"); /* the work finishes and is delivered */
        }
        CHECK(!ui_session_work_busy(s));
        /* confirmed: on to the new passphrase (titles, not pointers: the new
         * screen may reuse the freed one's address) */
        CHECK(strcmp(ui_nav_top(app)->title, confirm_title) != 0);
        CHECK(step("expect \"New passphrase\"") == 0);
        CHECK(step("key Escape") == 0); /* nothing runs now: Back works */
    }
    CHECK(step("tap \"Back\"") == 0);

    /* save soon: with no key, no lock and no frame to draw, the stacked
     * screens save within UI_SAVE_SOON_MS, and the loop is told to wake
     * for it */
    log = fresh_log();
    stack_under_home(app, typed(app, &draft_class, &log), NULL);
    int64_t asked = ui_app_now(app);
    ui_session_save_soon(s);
    ui_session_save_soon(s); /* a second ask keeps the first time */
    CHECK(ui_app_next_wakeup(app) <= asked + UI_SAVE_SOON_MS);
    CHECK(step("wait 1") == 0);
    CHECK(log.calls == 0);
    CHECK(step("wait 2.5") == 0);
    CHECK(log.calls == 1 && log.unlocked_each_time);
    CHECK(ui_session_is_unlocked(s));
    CHECK(step("wait 4") == 0); /* nothing asked since: no further save */
    CHECK(log.calls == 1);

    /* the idle lock and "Lock now" save the screens too; a screen that
     * was popped is not saved */
    log = fresh_log();
    CHECK(step("wait 301") == 0);
    CHECK(log.calls == 1 && log.unlocked_each_time);
    CHECK(!ui_session_is_unlocked(s));
    unlock_again();
    stack_under_home(app, typed(app, &draft_class, &log), NULL);
    CHECK(step("tap \"Lock now\"") == 0);
    CHECK(log.calls == 2 && log.unlocked_each_time);
    unlock_again();
    ui_nav_push(app, typed(app, &draft_class, &log));
    ui_app_frame(app, 1);
    CHECK(step("expect \"Typed text\"") == 0);
    CHECK(step("key Escape") == 0); /* popped: it is gone */
    CHECK(step("tap \"Lock now\"") == 0);
    CHECK(!ui_session_is_unlocked(s));
    CHECK(log.calls == 2);

    th_app_stop(&h);
    CHECK(th_app_scan(&h, CANARY) == 0);
    CHECK(th_app_scan(&h, TH_PASS) == 0);
    th_app_finish(&h);
    return im_check_done();
}
