/*
 * session.c -- the open vault, locking, savers, the key-derivation worker,
 * wrong-try delays, the profile; see session.h.
 *
 * Locking has two halves.  secure_lock() runs the savers and wipes every
 * secret (journal index, vault keys); it may run inside the lifecycle
 * filter on the main thread (iOS gives no time after WILLENTERBACKGROUND).
 * finish_lock() closes the journal and resets the screen stack to the
 * unlock screen; it runs from the next ui_app_update, never in the middle
 * of a screen's handler.  Between the two, a screen still holding the
 * journal gets IM_ERR_LOCKED, never freed memory.
 */
#define _POSIX_C_SOURCE 200809L
#include "app/session.h"
#include "screens/player_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/paths.h"
#include "screens/areas.h"
#include "screens/start.h"

#define PREF_AUTOLOCK "autolock_s"
#define PREF_FAILURES "unlock_failures"
#define RETRY_FIRST_S 3
#define RETRY_MAX_S 300
#define PROFILE_VERSION 1

ui_session *ui_session_of(ui_app *app) { return app ? app->session : NULL; }

void ui_wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--) *v++ = 0;
}

int ui_session_is_unlocked(const ui_session *s) { return s && s->state == UI_SESSION_UNLOCKED; }

/* ---- clock --------------------------------------------------------------------- */

/* The test build's wall clock: the seam's epoch plus virtual time. */
static int64_t seam_now(void *ctx)
{
    ui_session *s = ctx;
    return s->app->opt.seam->epoch_ms + ui_app_now(s->app);
}

/* ---- savers ---------------------------------------------------------------------- */

int ui_session_add_saver(ui_session *s, ui_saver_fn fn, void *state)
{
    for (int i = 0; i < s->nsavers; i++)
        if (s->savers[i].fn == fn && s->savers[i].state == state) return 0;
    if (s->nsavers == UI_SAVERS_MAX) return -1;
    s->savers[s->nsavers++] = (ui_saver){ fn, state };
    return 0;
}

void ui_session_remove_saver(ui_session *s, ui_saver_fn fn, void *state)
{
    if (!s) return;
    for (int i = 0; i < s->nsavers; i++)
        if (s->savers[i].fn == fn && s->savers[i].state == state) {
            s->savers[i] = s->savers[--s->nsavers];
            return;
        }
}

void ui_session_run_savers(ui_session *s)
{
    if (!ui_session_is_unlocked(s)) return;
    /* a copy: a saver may remove itself */
    ui_saver copy[UI_SAVERS_MAX];
    int n = s->nsavers;
    memcpy(copy, s->savers, (size_t)n * sizeof copy[0]);
    for (int i = 0; i < n; i++) copy[i].fn(s->app, copy[i].state);
}

void ui_session_save_soon(ui_session *s)
{
    if (s && !s->save_at_ms) s->save_at_ms = ui_app_now(s->app) + UI_SAVE_SOON_MS;
}

/* ---- wrong tries ----------------------------------------------------------------- */

/* 3 s after the first wrong try, doubling, at most 5 minutes. */
static int retry_delay_s(int failures)
{
    if (failures <= 0) return 0;
    int64_t d = RETRY_FIRST_S;
    for (int i = 1; i < failures && d < RETRY_MAX_S; i++) d *= 2;
    return d > RETRY_MAX_S ? RETRY_MAX_S : (int)d;
}

void ui_session_note_failure(ui_session *s)
{
    s->failures++;
    if (s->vault) im_vault_pref_set(s->vault, PREF_FAILURES, s->failures);
    s->retry_at_ms = ui_app_now(s->app) + (int64_t)retry_delay_s(s->failures) * 1000;
}

void ui_session_note_success(ui_session *s)
{
    if (s->failures && s->vault) im_vault_pref_set(s->vault, PREF_FAILURES, 0);
    s->failures = 0;
    s->retry_at_ms = 0;
}

int ui_session_retry_wait_s(ui_session *s)
{
    int64_t left = s->retry_at_ms - ui_app_now(s->app);
    return left > 0 ? (int)((left + 999) / 1000) : 0;
}

/* ---- profile ---------------------------------------------------------------------- */

/* The profile record: a version byte, the name, NUL, the partner, NUL. */
static void load_profile(ui_session *s)
{
    s->name[0] = s->partner[0] = 0;
    s->profile_id = 0;
    int64_t *ids = NULL;
    size_t n = 0;
    if (im_record_list(s->vault, IM_KIND_PROFILE, &ids, &n) != IM_OK) return;
    if (n > 0) {
        im_buf b = { 0 };
        if (im_record_get(s->vault, IM_KIND_PROFILE, ids[0], &b) == IM_OK && b.len >= 3 &&
            b.data[0] == PROFILE_VERSION && b.data[b.len - 1] == 0) {
            const char *name = (const char *)b.data + 1;
            size_t nl = strlen(name);
            if (1 + nl + 1 < b.len) {
                snprintf(s->name, sizeof s->name, "%s", name);
                snprintf(s->partner, sizeof s->partner, "%s", name + nl + 1);
            }
            s->profile_id = ids[0];
        }
        im_buf_free(&b);
    }
    free(ids);
}

im_rc ui_session_save_profile(ui_session *s, const char *name, const char *partner)
{
    if (!ui_session_is_unlocked(s)) return IM_ERR_LOCKED;
    char a[UI_NAME_MAX], b[UI_NAME_MAX];
    snprintf(a, sizeof a, "%s", name ? name : "");
    snprintf(b, sizeof b, "%s", partner ? partner : "");
    size_t la = strlen(a), lb = strlen(b);
    unsigned char rec[1 + 2 * UI_NAME_MAX];
    rec[0] = PROFILE_VERSION;
    memcpy(rec + 1, a, la + 1);
    memcpy(rec + 2 + la, b, lb + 1);
    int64_t id = s->profile_id;
    im_rc rc = im_record_put(s->vault, IM_KIND_PROFILE, &id, rec, 3 + la + lb);
    if (rc == IM_OK) {
        s->profile_id = id;
        memcpy(s->name, a, la + 1);
        memcpy(s->partner, b, lb + 1);
    }
    ui_wipe(rec, sizeof rec);
    ui_wipe(a, sizeof a);
    ui_wipe(b, sizeof b);
    return rc;
}

void ui_session_set_autolock(ui_session *s, int seconds)
{
    s->autolock_s = seconds < 0 ? 0 : seconds;
    if (s->vault) im_vault_pref_set(s->vault, PREF_AUTOLOCK, s->autolock_s);
    s->app->last_input_ms = ui_app_now(s->app);
}

static void load_prefs(ui_session *s)
{
    int64_t v;
    s->autolock_s = UI_AUTOLOCK_DEFAULT_S;
    if (im_vault_pref_get(s->vault, PREF_AUTOLOCK, &v) == IM_OK && v >= 0 && v <= 24 * 3600) s->autolock_s = (int)v;
    s->failures = 0;
    if (im_vault_pref_get(s->vault, PREF_FAILURES, &v) == IM_OK && v > 0 && v < 1000) s->failures = (int)v;
    /* after a restart the whole delay runs again: quitting does not skip it */
    s->retry_at_ms = s->failures ? ui_app_now(s->app) + (int64_t)retry_delay_s(s->failures) * 1000 : 0;
}

/* ---- lock and unlock --------------------------------------------------------------- */

/* Savers first, then every secret wiped.  Main thread only. */
static void secure_lock(ui_session *s)
{
    if (s->state != UI_SESSION_UNLOCKED) return;
    ui_session_run_savers(s);
    if (s->journal) im_journal_wipe(s->journal);
    im_vault_lock(s->vault);
    ui_wipe(s->name, sizeof s->name);
    ui_wipe(s->partner, sizeof s->partner);
    s->state = UI_SESSION_LOCKED;
}

/* Screens go (they may remove their savers), then the journal handle. */
static void finish_lock(ui_session *s)
{
    ui_nav_reset(s->app, ui_unlock_screen(s->app));
    ui_app_forget_text(s->app);
    im_journal_close(s->journal);
    s->journal = NULL;
    s->nsavers = 0;
    s->save_at_ms = 0; /* the savers ran in secure_lock */
    SDL_AtomicSet(&s->lock_pending, 0);
}

void ui_session_lock(ui_session *s)
{
    if (!ui_session_is_unlocked(s) || ui_session_work_busy(s)) return;
    secure_lock(s);
    finish_lock(s);
}

void ui_session_did_unlock(ui_session *s)
{
    s->state = UI_SESSION_UNLOCKED;
    if (!s->journal && im_journal_open(s->vault, &s->journal) != IM_OK) s->journal = NULL;
    load_profile(s);
    ui_session_note_success(s);
    s->app->last_input_ms = ui_app_now(s->app);
    ui_session_open_area(s->app, s->last_area);
}

void ui_session_reload(ui_session *s)
{
    if (!ui_session_is_unlocked(s)) return;
    /* the handle stays (screens may hold it); its next call reloads */
    im_journal_wipe(s->journal);
    load_profile(s);
    int64_t v;
    if (im_vault_pref_get(s->vault, PREF_AUTOLOCK, &v) == IM_OK && v >= 0 && v <= 24 * 3600) s->autolock_s = (int)v;
}

im_rc ui_session_erase(ui_session *s)
{
    if (ui_session_work_busy(s)) return IM_ERR_STATE;
    im_journal_close(s->journal);
    s->journal = NULL;
    s->nsavers = 0;
    im_rc rc = s->vault ? im_vault_erase(s->vault) : im_vault_erase_dir(s->app->data_dir);
    s->vault = NULL; /* freed by im_vault_erase whatever it returned */
    s->state = UI_SESSION_NONE;
    s->failures = 0;
    s->retry_at_ms = 0;
    s->last_area = UI_AREA_HOME;
    s->profile_id = 0;
    ui_wipe(s->name, sizeof s->name);
    ui_wipe(s->partner, sizeof s->partner);
    ui_nav_reset(s->app, ui_welcome_screen(s->app));
    ui_app_forget_text(s->app); /* what the screens drew and typed, as on a lock */
    s->save_at_ms = 0;
    return rc;
}

void ui_session_open_area(ui_app *app, ui_area area)
{
    ui_session *s = ui_session_of(app);
    if (!ui_session_is_unlocked(s) || area < 0 || area >= UI_AREA_COUNT) return;
    ui_screen *scr = ui_area_screen(app, area);
    if (!scr) return;
    if (ui_area_is_tab(area)) {
        s->last_area = area;
        ui_nav_reset(app, scr);
    } else {
        ui_nav_push(app, scr);
    }
}

/* ---- the worker ------------------------------------------------------------------ */

static int SDLCALL work_main(void *p)
{
    ui_work *w = p;
    ui_session *s = w->session;
    switch (w->kind) {
    case UI_WORK_UNLOCK:
    case UI_WORK_CHECK: w->rc = im_vault_unlock(s->vault, w->secret); break;
    case UI_WORK_RECOVER: w->rc = im_vault_unlock_recovery(s->vault, w->secret); break;
    case UI_WORK_CHANGE: w->rc = im_vault_change_passphrase(s->vault, w->secret, NULL); break;
    case UI_WORK_CREATE:
        if (s->test_kdf_min) {
            w->kdf = im_kdf_params_min();
            w->rc = IM_OK;
        } else {
            w->rc = im_kdf_calibrate(IM_KDF_TARGET_MS, &w->kdf);
        }
        if (w->rc == IM_OK) w->rc = im_vault_create(s->app->data_dir, w->secret, &w->kdf, w->recovery, &w->created);
        break;
    case UI_WORK_JOB: w->rc = w->job(s, w->job_ctx); break;
    default: w->rc = IM_ERR_STATE; break;
    }
    if (w->secret) ui_wipe(w->secret, strlen(w->secret));
    SDL_AtomicSet(&w->done, 1);
    ui_app_request_refresh(s->app);
    return 0;
}

int ui_session_work_start(ui_session *s, ui_work_kind kind, const char *secret)
{
    ui_work *w = &s->work;
    if (w->kind != UI_WORK_NONE || !secret) return -1;
    if (kind != UI_WORK_CREATE && !s->vault) return -1;
    size_t n = strlen(secret);
    w->secret = malloc(n + 1);
    if (!w->secret) return -1;
    memcpy(w->secret, secret, n + 1);
    w->kind = kind;
    w->rc = IM_OK;
    w->created = NULL;
    w->session = s;
    SDL_AtomicSet(&w->done, 0);
    w->thread = SDL_CreateThread(work_main, "innermost-kdf", w);
    if (!w->thread) {
        ui_wipe(w->secret, n);
        free(w->secret);
        w->secret = NULL;
        w->kind = UI_WORK_NONE;
        return -1;
    }
    return 0;
}

int ui_session_job_start(ui_session *s, ui_job_fn fn, void *ctx)
{
    ui_work *w = &s->work;
    if (w->kind != UI_WORK_NONE || !fn || !ui_session_is_unlocked(s)) return -1;
    w->kind = UI_WORK_JOB;
    w->job = fn;
    w->job_ctx = ctx;
    w->secret = NULL;
    w->rc = IM_OK;
    w->session = s;
    SDL_AtomicSet(&w->done, 0);
    w->thread = SDL_CreateThread(work_main, "innermost-job", w);
    if (!w->thread) {
        w->kind = UI_WORK_NONE;
        return -1;
    }
    return 0;
}

const im_kdf_params *ui_session_job_kdf(ui_session *s, im_kdf_params *buf)
{
    if (!s->test_kdf_min) return NULL;
    *buf = im_kdf_params_min();
    return buf;
}

int ui_session_work_busy(ui_session *s) { return s && s->work.kind != UI_WORK_NONE && !SDL_AtomicGet(&s->work.done); }

ui_work_kind ui_session_work_finish(ui_session *s, im_rc *rc)
{
    ui_work *w = &s->work;
    if (w->kind == UI_WORK_NONE || !SDL_AtomicGet(&w->done)) return UI_WORK_NONE;
    SDL_WaitThread(w->thread, NULL);
    w->thread = NULL;
    free(w->secret);
    w->secret = NULL;
    ui_work_kind k = w->kind;
    w->kind = UI_WORK_NONE;
    if (rc) *rc = w->rc;
    if (k == UI_WORK_CREATE && w->rc == IM_OK) {
        s->vault = w->created;
        w->created = NULL;
        im_vault_set_clock(s->vault, &s->clock);
        load_prefs(s);
        s->state = UI_SESSION_UNLOCKED;
        if (im_journal_open(s->vault, &s->journal) != IM_OK) s->journal = NULL;
    }
    return k;
}

void ui_session_take_recovery(ui_session *s, char out[IM_RECOVERY_CODE_SIZE])
{
    memcpy(out, s->work.recovery, IM_RECOVERY_CODE_SIZE);
    ui_wipe(s->work.recovery, sizeof s->work.recovery);
}

/* ---- hooks on the app ---------------------------------------------------------------- */

/* The lifecycle filter: maybe another thread (Android).  On the main thread
 * (iOS, desktop, the script driver) the secrets go at once; elsewhere the
 * main loop does it as soon as it sees the event. */
static void on_will_background(ui_app *app)
{
    ui_session *s = app->session;
    SDL_AtomicSet(&s->lock_pending, 1);
    if (SDL_ThreadID() == s->main_thread && !ui_session_work_busy(s)) secure_lock(s);
}

static void on_terminating(ui_app *app)
{
    SDL_AtomicSet(&app->covered, 1);
    on_will_background(app);
}

/* The session's screens get these as actions (screens/start.h). */
static void deliver(ui_app *app, int kind, int value)
{
    ui_screen *top = ui_nav_top(app);
    ui_action a = { .kind = kind, .value = value };
    if (top && top->on_action) top->on_action(app, top, &a);
}

static void host_update(ui_app *app)
{
    ui_session *s = app->session;
    int64_t now = ui_app_now(app);
    if (s->work.kind != UI_WORK_NONE && SDL_AtomicGet(&s->work.done)) deliver(app, UI_ACT_WORK_DONE, s->work.kind);
    if (ui_session_work_busy(s)) return;
    if (SDL_AtomicGet(&s->lock_pending)) {
        SDL_AtomicSet(&s->lock_pending, 0);
        secure_lock(s);
        if (s->state == UI_SESSION_LOCKED && !ui_start_is_unlock(ui_nav_top(app))) finish_lock(s);
    }
    if (s->save_at_ms && now >= s->save_at_ms) {
        s->save_at_ms = 0; /* before running them: a saver may ask again */
        ui_session_run_savers(s);
    }
    if (s->state == UI_SESSION_UNLOCKED && s->autolock_s > 0 &&
        now - s->app->last_input_ms >= (int64_t)s->autolock_s * 1000)
        ui_session_lock(s);
    if (s->retry_at_ms) {
        int wait = ui_session_retry_wait_s(s);
        if (wait != s->shown_wait) {
            s->shown_wait = wait;
            deliver(app, UI_ACT_SECOND, wait);
        }
        if (!wait) s->retry_at_ms = 0;
    }
}

static int64_t host_deadline(ui_app *app)
{
    ui_session *s = app->session;
    int64_t due = INT64_MAX;
    if (s->state == UI_SESSION_UNLOCKED && s->autolock_s > 0)
        due = s->app->last_input_ms + (int64_t)s->autolock_s * 1000;
    if (s->save_at_ms && s->save_at_ms < due) due = s->save_at_ms;
    if (s->retry_at_ms) {
        /* the next whole second of the countdown */
        int64_t now = ui_app_now(app), left = s->retry_at_ms - now;
        int64_t next = left > 0 ? now + (left % 1000 ? left % 1000 : 1000) : now;
        if (next < due) due = next;
    }
    return due;
}

static void host_quit(ui_app *app)
{
    ui_session *s = app->session;
    if (s->work.thread) {
        SDL_WaitThread(s->work.thread, NULL);
        s->work.thread = NULL;
        if (s->work.created) im_vault_close(s->work.created);
        s->work.created = NULL;
        free(s->work.secret);
        s->work.secret = NULL;
        s->work.kind = UI_WORK_NONE;
    }
    ui_wipe(s->work.recovery, sizeof s->work.recovery);
    secure_lock(s);
}

static void host_free(ui_app *app)
{
    ui_session_destroy(app->session);
    app->session = NULL;
}

void ui_session_reopen(ui_session *s)
{
    if (s->vault || s->state == UI_SESSION_UNLOCKED) return;
    if (!im_vault_exists(s->app->data_dir)) {
        s->state = UI_SESSION_NONE;
        return;
    }
    s->open_rc = im_vault_open(s->app->data_dir, &s->vault);
    if (s->open_rc == IM_OK) {
        im_vault_set_clock(s->vault, &s->clock);
        s->state = UI_SESSION_LOCKED;
        load_prefs(s);
    } else {
        s->vault = NULL;
        s->state = s->open_rc == IM_ERR_BUSY ? UI_SESSION_BUSY : UI_SESSION_BROKEN;
    }
}

ui_session *ui_session_create(ui_app *app)
{
    ui_session *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->app = app;
    s->main_thread = SDL_ThreadID();
    s->last_area = UI_AREA_HOME;
    s->autolock_s = UI_AUTOLOCK_DEFAULT_S;
    if (app->opt.seam) s->clock = (im_clock){ seam_now, s };
    else s->clock = im_clock_system();
    /* Test build only: the smallest KDF the policy allows (64 MiB, never
     * less), when its driver says so; the product always calibrates. */
    s->test_kdf_min = app->opt.seam && app->opt.seam->kdf_min;
    ui_session_reopen(s);
    app->session = s;
    app->hooks.will_background = on_will_background;
    app->hooks.terminating = on_terminating;
    app->host_update = host_update;
    app->host_deadline = host_deadline;
    app->host_quit = host_quit;
    app->host_free = host_free;
    player_export_install(s, app); /* exercise answers in the readable export */
    return s;
}

void ui_session_destroy(ui_session *s)
{
    if (!s) return;
    secure_lock(s);
    im_journal_close(s->journal);
    im_vault_close(s->vault);
    ui_wipe(s, sizeof *s);
    free(s);
}
