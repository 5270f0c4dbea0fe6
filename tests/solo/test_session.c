/*
 * test_session.c -- the session's promises to the screens, checked on the
 * real app driven headless:
 *   - a saver runs before the lock, while the vault is still unlocked, on
 *     `background`, on the idle auto-lock and on "Lock now";
 *   - what it saved (a journal draft) is there after unlocking again, and
 *     its words are nowhere on disk in clear;
 *   - after `background` the frame is the privacy cover (the draw list has
 *     no text but the app's name) and input goes nowhere;
 *   - a saver removed is not called;
 *   - ui_session_save_soon runs the savers within UI_SAVE_SOON_MS with no
 *     further input, once, and the loop's next wake-up is no later;
 *   - Home's check-in is one journal entry, changed by a second pick.
 */
#define _POSIX_C_SOURCE 200809L
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app_harness.h"
#include "check.h"
#include "innermost/journal.h"

#define CANARY "canary-words-in-a-draft"

static th_app h;

static int step(const char *s) { return th_app_step(&h, s); }

typedef struct saver_log {
    int calls, unlocked_each_time;
} saver_log;

static void save_draft(ui_app *app, void *state)
{
    saver_log *log = state;
    ui_session *s = ui_session_of(app);
    log->calls++;
    if (!ui_session_is_unlocked(s) || !im_vault_is_unlocked(s->vault))
        log->unlocked_each_time = 0;
    im_entry_fields f = {0};
    f.body = CANARY;
    CHECK_RC(im_journal_draft_save(s->journal, 0, &f), IM_OK);
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

    /* a check-in is one journal entry with a mood; a second pick changes it */
    CHECK(step("tap \"Low\"") == 0);
    CHECK(step("tap \"Good\"") == 0);
    CHECK(im_journal_count(s->journal) == 1);
    im_entry_page page = {0};
    CHECK_RC(im_journal_list(s->journal, 0, 10, &page), IM_OK);
    CHECK(page.n == 1 && page.items[0].mood == IM_MOOD_GOOD);
    im_entry_page_free(&page);

    /* background: saver first, then the lock and the cover */
    saver_log log = {0, 1};
    CHECK(ui_session_add_saver(s, save_draft, &log) == 0);
    CHECK(ui_session_add_saver(s, save_draft, &log) == 0); /* kept once */
    CHECK(step("background") == 0);
    CHECK(log.calls == 1 && log.unlocked_each_time);
    CHECK(!ui_session_is_unlocked(s) && !im_vault_is_unlocked(s->vault));
    CHECK(SDL_AtomicGet(&app->covered) == 1);
    CHECK(ui_app_input_root(app) == NULL);
    int others = 0;
    ui_drawlist_each_visible_text(&app->dl, app->ctx.metrics.width_px, app->ctx.metrics.height_px, text_fn,
                                  &others);
    CHECK(others == 0);
    CHECK(step("expect-not \"Hello\"") == 0);
    CHECK(step("foreground") == 0);
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

    /* save soon: with no key, no lock and no frame to draw, the savers run
     * within UI_SAVE_SOON_MS, and the loop is told to wake for it */
    log = (saver_log){0, 1};
    CHECK(ui_session_add_saver(s, save_draft, &log) == 0);
    int64_t asked = ui_app_now(app);
    ui_session_save_soon(s);
    ui_session_save_soon(s); /* a second ask keeps the first time */
    CHECK(ui_app_next_wakeup(app) <= asked + UI_SAVE_SOON_MS);
    CHECK(step("wait 1") == 0);
    CHECK(log.calls == 0);
    CHECK(step("wait 2.5") == 0);
    CHECK(log.calls == 1 && log.unlocked_each_time);
    CHECK(ui_session_is_unlocked(s));
    CHECK(step("wait 4") == 0); /* nothing asked since: no further run */
    CHECK(log.calls == 1);
    ui_session_remove_saver(s, save_draft, &log);

    /* the idle lock and "Lock now" call savers too; a removed one is not */
    log = (saver_log){0, 1};
    CHECK(ui_session_add_saver(s, save_draft, &log) == 0);
    CHECK(step("wait 301") == 0);
    CHECK(log.calls == 1 && log.unlocked_each_time);
    CHECK(!ui_session_is_unlocked(s));
    unlock_again();
    CHECK(ui_session_add_saver(s, save_draft, &log) == 0);
    CHECK(step("tap \"Lock now\"") == 0);
    CHECK(log.calls == 2 && log.unlocked_each_time);
    unlock_again();
    ui_session_add_saver(s, save_draft, &log);
    ui_session_remove_saver(s, save_draft, &log);
    CHECK(step("tap \"Lock now\"") == 0);
    CHECK(log.calls == 2);

    th_app_stop(&h);
    CHECK(th_app_scan(&h, CANARY) == 0);
    CHECK(th_app_scan(&h, TH_PASS) == 0);
    th_app_finish(&h);
    return im_check_done();
}
