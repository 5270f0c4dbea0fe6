/*
 * session.c -- the open vault, locking, saving the screens, the key-derivation worker,
 * wrong-try delays, the profile; see session.h.
 *
 * Locking has two halves.  secure_lock() saves every screen and wipes every
 * secret (journal index, vault keys); it may run inside the lifecycle
 * filter on the main thread (iOS gives no time after WILLENTERBACKGROUND).
 * finish_lock() closes the journal and resets the screen stack to the
 * unlock screen; it runs from the next ui_app_update, never in the middle
 * of a screen's handler.  Between the two, a screen still holding the
 * journal gets IM_ERR_LOCKED, never freed memory.
 *
 * Gates.  One count of wrong passphrases serves every prompt
 * (lock screen, recovery code, re-authentication, Together's leave prompt,
 * a backup locked with the vault's passphrase); it is saved at once, and
 * the wait it brings is timed on ui_app_now(), SDL's monotonic tick count
 * (the virtual clock when headless), never the wall clock, so setting the
 * system clock does not shorten it; a relaunch starts the whole wait
 * again.  The clipboard is cleared on every lock and UI_CLIPBOARD_KEEP_MS
 * after a copy, only if it still holds what a field copied: the session
 * keeps a keyed fingerprint of it (innermost/fingerprint.h), never the
 * text.  Leaving a desktop window covers it (lifecycle.c) and locks after
 * leave_grace_s.  Start over sets the vault aside (vault.h); set-aside
 * vaults past IM_ASIDE_KEEP_DAYS are deleted at start.  Other people's
 * spaces (Switch person) are session_people.c's: this file calls it from
 * the worker, when work is finished, at the end of a lock and at erase.
 *
 * The couple's space is held open while unlocked; core leaves a space held
 * open out of a backup (its instance lock), so a backup closes it for its
 * time and opens it again after (ui_session_backup_write, on the worker),
 * and a restore that put one back enters it (ui_session_reload).
 */
#if defined(__linux__) && !defined(__ANDROID__)
#define _GNU_SOURCE 1 /* pthread_attr_setaffinity_np, sched_getcpu: where the vault opens at start */
#else
#define _POSIX_C_SOURCE 200809L
#endif
#include "app/session.h"
#include "app/session_people.h"
#include "app/strings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#define PREFETCH_PLACED 1 /* see ui_session_prefetch */
#endif

#include "innermost/couple_space.h"
#include "innermost/profile.h"
#include "innermost/wipe.h"
#include "platform/paths.h"

/* Auto-lock and the wrong-try count live in core (sealed, and in a file
 * beside the database): no plain pref row is read for either.  The desktop
 * leave grace is a plain pref, so only the values Settings offers are taken
 * from it (a planted hour is refused). */
#define PREF_LEAVE_GRACE "leave_grace_s"
#define RETRY_FIRST_S 3
#define RETRY_MAX_S 300
/* a stored name always fits the session's copy, whole */
_Static_assert(UI_NAME_MAX == IM_PROFILE_NAME_MAX + 1, "profile names fit");

ui_session *ui_session_of(ui_app *app) { return app ? app->session : NULL; }

int ui_session_is_unlocked(const ui_session *s) { return s && s->state == UI_SESSION_UNLOCKED; }

/* ---- clock --------------------------------------------------------------------- */

/* The test build's wall clock: the seam's epoch plus virtual time. */
static int64_t seam_now(void *ctx)
{
    ui_session *s = ctx;
    return s->app->opt.seam->epoch_ms + ui_app_now(s->app);
}

/* ---- saving the screens --------------------------------------------------------- */

/* Every stacked screen's class saves what is typed on it, bottom first:
 * the text under a pushed page (an entry under the safety note) is kept
 * too.  Only while unlocked (the vault takes writes).  A save that fails
 * is its screen's to handle (it keeps its text and says so when seen
 * again); it never stops the others nor the lock that follows. */
static void save_screens(ui_session *s)
{
    if (!ui_session_is_unlocked(s)) return;
    ui_app *app = s->app;
    for (int i = 0; i < app->depth; i++) {
        ui_screen *scr = app->stack[i];
        if (scr->cls->save) scr->cls->save(app, scr);
    }
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
    int n = s->failures + 1;
    /* counted beside the database, never in it: innermost.db stays as it was */
    if (s->vault) {
        im_rc rc = im_vault_tries_note(s->vault, &n);
        if (rc != IM_OK)
            fprintf(stderr,
                    "innermost: the wrong-try count could not be kept beside the vault (%s); "
                    "it holds until the app closes.\n",
                    im_rc_message(rc));
    }
    s->failures = n;
    s->retry_at_ms = ui_app_now(s->app) + (int64_t)retry_delay_s(s->failures) * 1000;
}

void ui_session_note_counted(ui_session *s)
{
    int n = s->vault ? im_vault_tries_count(s->vault) : 0;
    s->failures = n > s->failures ? n : s->failures + 1; /* never less than one more */
    s->retry_at_ms = ui_app_now(s->app) + (int64_t)retry_delay_s(s->failures) * 1000;
}

void ui_session_note_success(ui_session *s)
{
    /* core reset its count at an unlock; a passphrase asked again and
     * given while unlocked clears it here */
    if (s->failures && s->vault) {
        im_rc rc = im_vault_tries_clear(s->vault);
        if (rc != IM_OK)
            fprintf(stderr,
                    "innermost: the wrong-try count could not be cleared (%s); "
                    "the next unlock clears it.\n",
                    im_rc_message(rc));
    }
    s->failures = 0;
    s->retry_at_ms = 0;
}

int ui_session_retry_wait_s(ui_session *s)
{
    int64_t left = s->retry_at_ms - ui_app_now(s->app);
    return left > 0 ? (int)((left + 999) / 1000) : 0;
}

int64_t ui_session_retry_next_change(ui_session *s)
{
    if (!s->retry_at_ms) return INT64_MAX;
    int64_t now = ui_app_now(s->app), left = s->retry_at_ms - now;
    return left > 0 ? now + (left % 1000 ? left % 1000 : 1000) : now;
}

/* ---- profile ---------------------------------------------------------------------- */

/* The names, from core's profile record (profile.h); none or a record
 * that does not decode leaves both empty (a save then replaces it). */
static void load_profile(ui_session *s)
{
    im_profile p;
    s->name[0] = s->partner[0] = 0;
    s->profile_id = 0;
    im_rc_ignore(im_profile_load(s->vault, &p, &s->profile_id));
    snprintf(s->name, sizeof s->name, "%s", p.name);
    snprintf(s->partner, sizeof s->partner, "%s", p.partner);
    im_profile_wipe(&p);
}

im_rc ui_session_save_profile(ui_session *s, const char *name, const char *partner)
{
    if (!ui_session_is_unlocked(s)) return IM_ERR_LOCKED;
    im_profile p;
    int64_t id = s->profile_id;
    im_rc rc = im_profile_save(s->vault, name, partner, &id, &p);
    if (rc == IM_OK) {
        s->profile_id = id;
        snprintf(s->name, sizeof s->name, "%s", p.name);
        snprintf(s->partner, sizeof s->partner, "%s", p.partner);
        im_profile_wipe(&p);
    }
    return rc;
}

void ui_session_set_autolock(ui_session *s, int seconds)
{
    /* core takes only the values Settings offers, sealed in the vault */
    if (s->vault && im_vault_autolock_set(s->vault, seconds) != IM_OK) return;
    s->autolock_s = seconds;
    s->app->last_input_ms = ui_app_now(s->app);
}

/* The sealed auto-lock (unlocked only); 1 if core refused a stored value. */
static int load_autolock(ui_session *s)
{
    int secs = UI_AUTOLOCK_DEFAULT_S;
    im_rc rc = im_vault_autolock_get(s->vault, &secs);
    s->autolock_s = secs;
    return rc == IM_ERR_DAMAGED;
}

/* The leave grace from its plain pref, if it is one Settings offers. */
static void load_leave_grace(ui_session *s)
{
    static const int offered[] = { 0, 30, 120, 300 };
    int64_t v;
    s->leave_grace_s = UI_LEAVE_GRACE_DEFAULT_S;
    if (im_vault_pref_get(s->vault, PREF_LEAVE_GRACE, &v) != IM_OK) return;
    for (size_t i = 0; i < sizeof offered / sizeof offered[0]; i++)
        if (v == offered[i]) s->leave_grace_s = offered[i];
}

void ui_session_load_prefs(ui_session *s)
{
    s->autolock_s = UI_AUTOLOCK_DEFAULT_S;
    s->failures = im_vault_tries_count(s->vault);
    load_leave_grace(s);
    /* after a restart the whole delay runs again: quitting does not skip it */
    s->retry_at_ms = s->failures ? ui_app_now(s->app) + (int64_t)retry_delay_s(s->failures) * 1000 : 0;
}

/* ---- lock and unlock --------------------------------------------------------------- */

/* The screens save first, then every secret is wiped.  Main thread only. */
static void secure_lock(ui_session *s)
{
    if (s->state != UI_SESSION_UNLOCKED) return;
    save_screens(s);
    ui_session_clipboard_forget(s);
    if (s->journal) im_journal_wipe(s->journal);
    im_vault_lock(s->couple); /* the couple key goes with the vault's; closed in finish_lock */
    im_vault_lock(s->vault);
    im_mem_wipe(s->name, sizeof s->name);
    im_mem_wipe(s->partner, sizeof s->partner);
    s->state = UI_SESSION_LOCKED;
}

/* Screens go (they may still hold the journal), then the journal handle. */
static void finish_lock(ui_session *s)
{
    ui_nav_reset(s->app, ui_screen_new(s->app, s->app->routes->unlock, NULL));
    ui_app_forget_text(s->app);
    im_journal_close(s->journal);
    s->journal = NULL;
    im_vault_close(s->couple); /* no screen holds it any more */
    s->couple = NULL;
    s->save_at_ms = 0; /* the screens saved in secure_lock */
    SDL_AtomicSet(&s->lock_pending, 0);
    /* someone else's space closes; the owner's lock screen, as always */
    if (ui_session_people_leave(s)) ui_nav_reset(s->app, ui_screen_new(s->app, s->app->routes->unlock, NULL));
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
    s->no_start_over = 0;
    if (!s->journal && im_journal_open(s->vault, &s->journal) != IM_OK) s->journal = NULL;
    load_profile(s);
    int refused = load_autolock(s);
    ui_session_note_success(s);
    s->app->last_input_ms = ui_app_now(s->app);
    ui_session_open_area(s->app, s->last_area);
    /* the owner should know when someone tried to get in, and when the
     * file was changed behind the app's back (core's history check) */
    int tries = im_vault_tries_since_unlock(s->vault);
    im_history h;
    char msg[640] = "", part[160] = "";
    if (im_vault_history(s->vault, &h) == IM_OK) im_history_describe(&h, msg, 480);
    if (tries == 1) snprintf(part, sizeof part, "%s", ui_str(STR_WRONG_TRIES_ONE));
    else if (tries > 1) snprintf(part, sizeof part, ui_str(STR_WRONG_TRIES_MANY), tries);
    else if (refused) snprintf(part, sizeof part, "%s", ui_str(STR_AUTOLOCK_REFUSED));
    if (part[0]) {
        size_t n = strlen(msg);
        snprintf(msg + n, sizeof msg - n, "%s%s", n ? " " : "", part);
    }
    if (msg[0]) ui_app_toast(s->app, msg);
}

void ui_session_reload(ui_session *s)
{
    if (!ui_session_is_unlocked(s)) return;
    /* the handle stays (screens may hold it); its next call reloads */
    im_journal_wipe(s->journal);
    load_profile(s);
    load_autolock(s);
    load_leave_grace(s);
    /* the restore may have put back the couple's space (with the member
     * record that reaches it): Together uses it from now on, as after an
     * unlock.  Quick: no key derivation, the wrap is a sealed box. */
    if (!s->couple && im_couple_space_exists(s->app->data_dir)) {
        ui_work w = { .lib = ui_app_content(s->app) };
        ui_session_couple_enter(s, s->vault, &w);
        s->couple = w.couple;
        if (s->couple) im_vault_set_clock(s->couple, &s->clock);
        ui_session_tell_found(s, &w);
    }
}

im_rc ui_session_erase(ui_session *s)
{
    if (ui_session_work_busy(s)) return IM_ERR_STATE;
    /* the couple's space: left for the other member, or erased with its
     * last (core decides: im_couple_space_quit) */
    im_rc space_rc = s->couple && s->vault ? im_couple_space_quit(s->couple, s->vault) : IM_OK;
    if (s->couple && !s->vault) im_vault_close(s->couple);
    s->couple = NULL;
    if (space_rc == IM_ERR_NOT_FOUND) space_rc = IM_OK; /* not a member: nothing of theirs there */
    if (s->person) {
        im_rc prc = ui_session_people_erase(s);
        return prc != IM_OK ? prc : space_rc;
    }
    im_journal_close(s->journal);
    s->journal = NULL;
    ui_session_clipboard_forget(s);
    im_rc rc = s->vault ? im_vault_erase(s->vault) : im_vault_erase_dir(s->app->data_dir);
    s->vault = NULL; /* freed by im_vault_erase whatever it returned */
    if (ui_app_forget_settings(s->app) != 0 && rc == IM_OK) rc = IM_ERR_IO; /* a file stayed: say so */
    if (rc == IM_OK) rc = space_rc;
    /* Vaults set aside by start over stay: destroying one needs its own
     * secret (bring it back, unlock, erase), or its 30 days to pass --
     * else whoever started over could erase the owner's vault here with a
     * passphrase of their own. */
    s->state = UI_SESSION_NONE;
    s->failures = 0;
    s->retry_at_ms = 0;
    s->last_area = s->app->routes->home;
    s->profile_id = 0;
    im_mem_wipe(s->name, sizeof s->name);
    im_mem_wipe(s->partner, sizeof s->partner);
    ui_nav_reset(s->app, ui_screen_new(s->app, s->app->routes->welcome, NULL));
    ui_app_forget_text(s->app); /* what the screens drew and typed, as on a lock */
    s->save_at_ms = 0;
    return rc;
}

void ui_session_open_area(ui_app *app, int area) { ui_session_open_area_with(app, area, NULL); }

void ui_session_open_area_with(ui_app *app, int area, const void *args)
{
    ui_session *s = ui_session_of(app);
    const ui_routes *r = app->routes;
    if (!ui_session_is_unlocked(s) || area < 0 || area >= r->nareas) return;
    ui_screen *scr = ui_screen_new(app, r->area(area), args);
    if (!scr) return;
    if (r->area_is_tab(area)) {
        s->last_area = area;
        ui_nav_reset(app, scr);
    } else {
        ui_nav_push(app, scr);
    }
}

/* ---- the worker ------------------------------------------------------------------ */

/* ---- the couple's space ------------------------------------------------------------ */

im_vault *ui_session_couple(ui_session *s) { return s->couple ? s->couple : s->vault; }

void ui_session_couple_enter(ui_session *s, im_vault *member, ui_work *w)
{
    if (!w->lib || !im_couple_space_exists(s->app->data_dir)) return;
    /* im_couple_space_enter, with what the open found said to the person
     * (ui_session_tell_found) rather than only on stderr */
    im_rc moved = IM_OK;
    im_rc rc = im_couple_space_open_found(s->app->data_dir, member, w->lib, &w->couple, &w->couple_found);
    if (rc == IM_OK) moved = im_couple_space_migrate(member, w->couple, w->lib, NULL);
    if (rc != IM_OK) w->couple = NULL;
    w->couple_own_row_gone = rc == IM_ERR_DAMAGED;
    /* not a member (never joined, or left): Together stays in their own vault */
    if (rc != IM_OK && rc != IM_ERR_NOT_FOUND)
        fprintf(stderr, "innermost: the couple's space could not be opened (%s).\n", im_rc_message(rc));
    if (rc == IM_OK && moved != IM_OK)
        fprintf(stderr, "innermost: moving into the couple's space stopped (%s); the next unlock goes on.\n",
                im_rc_message(moved));
}

/* On the main thread, after an enter: when the couple space's files held
 * something no member wrote (a planted or replayed 'leaving' mark, member
 * rows changed), core did nothing with it and put the rows back
 * (couple_space.c invariants 6 and 9); the person is told so, once, and
 * plainly -- including when their own row was taken, so Together cannot
 * open the space until the other member's next unlock puts it back. */
void ui_session_tell_found(ui_session *s, ui_work *w)
{
    if (w->couple_own_row_gone) ui_app_toast(s->app, ui_str(STR_CS_OWN_ROW_GONE));
    else if (w->couple_found) ui_app_toast(s->app, ui_str(STR_CS_FOUND));
    w->couple_found = 0;
    w->couple_own_row_gone = 0;
}

/* On the worker, right after the vault's own rekey: the couple key turns
 * too, so the old master key opens nothing written after. */
static void couple_rekey(ui_session *s)
{
    im_rc rc = s->couple ? im_couple_space_rekey(s->couple, s->vault)
                         : im_couple_space_after_rekey(s->app->data_dir, s->vault);
    if (rc != IM_OK)
        fprintf(stderr, "innermost: the couple's key could not be turned with the new passphrase (%s).\n",
                im_rc_message(rc));
}

im_rc ui_session_backup_write(ui_session *s, const char *path, int fd, const char *passphrase,
                              const im_backup_options *opts, im_backup_stats *stats)
{
    int had = s->couple != NULL;
    if (had) { /* its instance lock goes with the handle: core can read it now */
        im_vault_close(s->couple);
        s->couple = NULL;
    }
    im_rc rc = path ? im_backup_write(s->vault, path, passphrase, opts, stats)
                    : im_backup_write_fd(s->vault, fd, passphrase, opts, stats);
    if (had) {
        im_vault *space = NULL;
        im_rc back = im_couple_space_open(s->app->data_dir, s->vault, &space);
        if (back == IM_OK) {
            im_vault_set_clock(space, &s->clock);
            s->couple = space;
        } else {
            /* Together must not go on in the session's own vault: lock, and
             * the next unlock enters the space again */
            fprintf(stderr, "innermost: the couple's space did not open again after the backup (%s); locking.\n",
                    im_rc_message(back));
            SDL_AtomicSet(&s->lock_pending, 1);
        }
    }
    return rc;
}

void ui_session_couple_drop(ui_session *s)
{
    im_vault_close(s->couple);
    s->couple = NULL;
}

im_rc ui_session_couple_ensure(ui_session *s)
{
    if (!ui_session_is_unlocked(s) || s->couple || s->person || ui_session_work_busy(s)) return IM_OK;
    if (im_couple_space_exists(s->app->data_dir)) return IM_OK; /* not a member: their own, as before */
    const im_library *lib = ui_app_content(s->app);
    if (!lib) return IM_ERR_NOMEM;
    im_rc rc = im_couple_space_create(s->app->data_dir, s->vault, &s->couple);
    if (rc != IM_OK) {
        s->couple = NULL;
        return rc;
    }
    im_vault_set_clock(s->couple, &s->clock);
    /* a move a kill cuts short is finished at the next unlock (enter) */
    return im_couple_space_migrate(s->vault, s->couple, lib, NULL);
}

/* Called on the worker while records are re-sealed: the screen reads it. */
static void work_progress(void *ctx, size_t done, size_t total)
{
    ui_work *w = ctx;
    SDL_AtomicSet(&w->total_n, total > INT32_MAX ? INT32_MAX : (int)total);
    SDL_AtomicSet(&w->done_n, done > INT32_MAX ? INT32_MAX : (int)done);
    ui_app_request_refresh(w->session->app);
}

int ui_session_work_progress(ui_session *s, int *done, int *total)
{
    if (!ui_session_work_busy(s)) return 0;
    *total = SDL_AtomicGet(&s->work.total_n);
    *done = SDL_AtomicGet(&s->work.done_n);
    return *total > 0;
}

static int SDLCALL work_main(void *p)
{
    ui_work *w = p;
    ui_session *s = w->session;
    switch (w->kind) {
    case UI_WORK_UNLOCK:
        w->rc = im_vault_unlock(s->vault, w->secret);
        if (w->rc == IM_OK) ui_session_couple_enter(s, s->vault, w);
        break;
    case UI_WORK_CHECK: w->rc = im_vault_unlock(s->vault, w->secret); break;
    case UI_WORK_RECOVER:
        w->rc = im_vault_unlock_recovery(s->vault, w->secret);
        if (w->rc == IM_OK) ui_session_couple_enter(s, s->vault, w);
        break;
    case UI_WORK_CHANGE:
        /* After a recovery-code unlock the used code is replaced in the
         * same rekey (and shown once by the screen). */
        w->made_code = im_vault_recovery_needs_new(s->vault);
        w->rc = im_vault_rekey(s->vault, w->secret, NULL, w->made_code ? w->recovery : NULL, work_progress, w);
        if (w->rc != IM_OK) w->made_code = 0;
        else couple_rekey(s);
        break;
    case UI_WORK_NEWCODE:
        w->made_code = 1;
        w->rc = im_vault_rekey(s->vault, NULL, NULL, w->recovery, work_progress, w);
        if (w->rc != IM_OK) w->made_code = 0;
        else couple_rekey(s);
        break;
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
    default:
        if (!ui_session_people_work(s, w)) w->rc = IM_ERR_STATE;
        break;
    }
    if (w->secret) im_mem_wipe(w->secret, strlen(w->secret));
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
    w->secret = im_secure_alloc(n + 1); /* locked memory, wiped on free */
    if (!w->secret) return -1;
    memcpy(w->secret, secret, n + 1);
    SDL_AtomicSet(&w->done_n, 0);
    SDL_AtomicSet(&w->total_n, 0);
    w->made_code = 0;
    w->kind = kind;
    w->rc = IM_OK;
    w->created = NULL;
    w->couple = NULL;
    /* the content is loaded here, on the main thread, for the move into
     * the couple's space the unlock may make */
    w->lib = kind != UI_WORK_CHECK && kind != UI_WORK_CREATE && kind != UI_WORK_COUPLE_JOIN &&
                     im_couple_space_exists(s->app->data_dir)
                 ? ui_app_content(s->app)
                 : NULL;
    w->session = s;
    SDL_AtomicSet(&w->done, 0);
    w->thread = SDL_CreateThread(work_main, "innermost-kdf", w);
    if (!w->thread) {
        im_secure_free(w->secret);
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
    im_secure_free(w->secret);
    w->secret = NULL;
    ui_work_kind k = w->kind;
    w->kind = UI_WORK_NONE;
    if (rc) *rc = w->rc;
    if (w->couple && w->rc == IM_OK) {
        im_vault_close(s->couple);
        s->couple = w->couple;
        im_vault_set_clock(s->couple, &s->clock);
    } else {
        im_vault_close(w->couple);
    }
    w->couple = NULL;
    if (w->rc == IM_OK) ui_session_tell_found(s, w);
    if (k == UI_WORK_CREATE && w->rc == IM_OK) {
        s->vault = w->created;
        w->created = NULL;
        im_vault_set_clock(s->vault, &s->clock);
        ui_session_load_prefs(s);
        s->state = UI_SESSION_UNLOCKED;
        if (im_journal_open(s->vault, &s->journal) != IM_OK) s->journal = NULL;
    }
    ui_session_people_finish(s, k);
    return k;
}

int ui_session_start_new_code(ui_session *s)
{
    ui_work *w = &s->work;
    if (w->kind != UI_WORK_NONE || !ui_session_is_unlocked(s)) return -1;
    w->kind = UI_WORK_NEWCODE;
    w->secret = NULL;
    w->rc = IM_OK;
    w->made_code = 0;
    w->session = s;
    SDL_AtomicSet(&w->done_n, 0);
    SDL_AtomicSet(&w->total_n, 0);
    SDL_AtomicSet(&w->done, 0);
    w->thread = SDL_CreateThread(work_main, "innermost-rekey", w);
    if (!w->thread) {
        w->kind = UI_WORK_NONE;
        return -1;
    }
    return 0;
}

int ui_session_made_code(const ui_session *s) { return s->work.made_code; }

void ui_session_take_recovery(ui_session *s, char out[IM_RECOVERY_CODE_SIZE])
{
    s->work.made_code = 0;
    memcpy(out, s->work.recovery, IM_RECOVERY_CODE_SIZE);
    im_mem_wipe(s->work.recovery, sizeof s->work.recovery);
}

/* ---- the gates -------------------------------------------------------- */

void ui_session_set_leave_grace(ui_session *s, int seconds)
{
    s->leave_grace_s = seconds < 0 ? 0 : seconds;
    if (s->vault) {
        im_rc rc = im_vault_pref_set(s->vault, PREF_LEAVE_GRACE, s->leave_grace_s);
        if (rc != IM_OK)
            fprintf(stderr,
                    "innermost: the lock-on-leave setting could not be saved (%s); "
                    "it holds until the app closes.\n",
                    im_rc_message(rc));
    }
}

/* The lifecycle filter (maybe another thread, as on Android): only an
 * atomic here; host_update times the grace on the main thread. */
static void on_window_left(ui_app *app, int left)
{
    SDL_AtomicSet(&app->session->away, left ? 1 : 0);
    ui_app_request_refresh(app);
}

/* Main thread: when the window was first seen away (0: it is here). */
static void track_away(ui_session *s, int64_t now)
{
    if (!SDL_AtomicGet(&s->away)) s->left_at_ms = 0;
    else if (!s->left_at_ms) s->left_at_ms = now ? now : 1; /* 0 means "here" */
}

/* ctx.copied: keep only a keyed fingerprint of the text, and a deadline. */
static void on_copied(void *host, const char *text, size_t len)
{
    ui_app *app = host;
    ui_session *s = app->session;
    im_fingerprint(s->clip_key, text, len, s->clip_print);
    s->clip_clear_at_ms = ui_app_now(app) + UI_CLIPBOARD_KEEP_MS;
}

void ui_session_clipboard_forget(ui_session *s)
{
    if (!s || !s->clip_clear_at_ms) return;
    s->clip_clear_at_ms = 0;
    char *now = SDL_HasClipboardText() ? SDL_GetClipboardText() : NULL;
    if (now) {
        size_t n = strlen(now);
        unsigned char print[IM_FINGERPRINT_BYTES];
        im_fingerprint(s->clip_key, now, n, print);
        /* something copied since in another app is not ours to clear */
        if (im_fingerprint_equal(print, s->clip_print)) SDL_SetClipboardText("");
        im_mem_wipe(now, n);
        SDL_free(now);
    }
    im_mem_wipe(s->clip_print, sizeof s->clip_print);
}

im_rc ui_session_start_over(ui_session *s)
{
    if (ui_session_work_busy(s) || ui_session_is_unlocked(s)) return IM_ERR_STATE;
    im_vault_close(s->vault); /* the instance lock goes: the files can move */
    s->vault = NULL;
    im_rc rc = im_vault_aside_put(s->app->data_dir, im_clock_now_ms(&s->clock));
    if (rc != IM_OK) {
        ui_session_reopen(s); /* nothing moved: the vault is as it was */
        return rc;
    }
    s->state = UI_SESSION_NONE;
    s->failures = 0;
    s->retry_at_ms = 0;
    s->no_start_over = 0;
    s->last_area = s->app->routes->home;
    ui_nav_reset(s->app, ui_screen_new(s->app, s->app->routes->welcome, NULL));
    ui_app_forget_text(s->app);
    return IM_OK;
}

int ui_session_aside_latest(ui_session *s, int64_t *when_ms)
{
    return im_vault_aside_latest(s->app->data_dir, when_ms) == IM_OK;
}

im_rc ui_session_bring_back(ui_session *s)
{
    int64_t when;
    if (ui_session_work_busy(s) || ui_session_is_unlocked(s)) return IM_ERR_STATE;
    if (!ui_session_aside_latest(s, &when)) return IM_ERR_NOT_FOUND;
    im_vault_close(s->vault);
    s->vault = NULL;
    im_rc rc = im_vault_aside_restore(s->app->data_dir, when, im_clock_now_ms(&s->clock));
    s->state = UI_SESSION_NONE;
    ui_session_reopen(s); /* LOCKED (its own wrong-try count), or as it was */
    return rc;
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

/* The worker finished: the top screen (the one that started it) is told. */
static void deliver_work_done(ui_app *app, ui_work_kind kind)
{
    ui_screen *top = ui_nav_top(app);
    if (top && top->cls->work_done) top->cls->work_done(app, top, (int)kind);
}

static void host_update(ui_app *app)
{
    ui_session *s = app->session;
    int64_t now = ui_app_now(app);
    track_away(s, now); /* first: the grace runs from leaving, even while work runs */
    if (s->work.kind != UI_WORK_NONE && SDL_AtomicGet(&s->work.done)) deliver_work_done(app, s->work.kind);
    if (ui_session_work_busy(s)) return;
    if (SDL_AtomicGet(&s->lock_pending)) {
        SDL_AtomicSet(&s->lock_pending, 0);
        secure_lock(s);
        if (s->state == UI_SESSION_LOCKED && !ui_screen_is(ui_nav_top(app), app->routes->unlock)) finish_lock(s);
    }
    if (s->save_at_ms && now >= s->save_at_ms) {
        s->save_at_ms = 0; /* before they save: a save may ask again */
        save_screens(s);
    }
    if (s->state == UI_SESSION_UNLOCKED && s->autolock_s > 0 &&
        now - s->app->last_input_ms >= (int64_t)s->autolock_s * 1000)
        ui_session_lock(s);
    if (s->left_at_ms && s->state == UI_SESSION_UNLOCKED && now - s->left_at_ms >= (int64_t)s->leave_grace_s * 1000)
        ui_session_lock(s);
    if (s->clip_clear_at_ms && now >= s->clip_clear_at_ms) ui_session_clipboard_forget(s);
    /* the journal reads its entries in behind the screens, a few
     * milliseconds a pass, so frames keep coming (search says when it has
     * not looked through everything yet); never while the worker thread
     * has the vault */
    if (s->state == UI_SESSION_UNLOCKED && !ui_session_work_busy(s) && im_journal_index_pending(s->journal))
        /* a slice that fails leaves the index pending: the next pass tries
         * again, and search says meanwhile that it has not seen it all */
        im_rc_ignore(im_journal_index_step(s->journal, IM_JOURNAL_STEP_BYTES, NULL));
}

static int64_t host_deadline(ui_app *app)
{
    ui_session *s = app->session;
    int64_t due = INT64_MAX;
    if (s->state == UI_SESSION_UNLOCKED && s->autolock_s > 0)
        due = s->app->last_input_ms + (int64_t)s->autolock_s * 1000;
    if (s->save_at_ms && s->save_at_ms < due) due = s->save_at_ms;
    if (SDL_AtomicGet(&s->away) != (s->left_at_ms != 0)) due = ui_app_now(app); /* track_away now */
    if (s->left_at_ms && s->state == UI_SESSION_UNLOCKED) {
        int64_t at = s->left_at_ms + (int64_t)s->leave_grace_s * 1000;
        if (at < due) due = at;
    }
    if (s->clip_clear_at_ms && s->clip_clear_at_ms < due) due = s->clip_clear_at_ms;
    if (s->state == UI_SESSION_UNLOCKED && !ui_session_work_busy(s) && im_journal_index_pending(s->journal))
        due = ui_app_now(app); /* the next slice of the journal's index */
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
        im_vault_close(s->work.couple);
        s->work.couple = NULL;
        im_secure_free(s->work.secret);
        s->work.secret = NULL;
        s->work.kind = UI_WORK_NONE;
    }
    im_mem_wipe(s->work.recovery, sizeof s->work.recovery);
    secure_lock(s);
}

static void host_free(ui_app *app)
{
    ui_session_destroy(app->session);
    app->session = NULL;
}

/* The vault opens at start on a thread of its own while the main thread
 * makes the window and opens the fonts (about 0.6 ms: SQLite's open, its
 * WAL and shared-memory files, the schema check).  Linux puts a new thread
 * on the CPU of the thread that made it, and an idle CPU takes it only at a
 * balance point (the busy CPU's tick, every 4 ms at HZ=250, or when a CPU
 * goes idle), so measured (perf sched, issue 19) the open ran only once the
 * main thread blocked waiting for it: no overlap, 0.4-0.5 ms of waiting
 * before the first frame.  So:
 *   1. With glibc the thread is started on the process's other CPUs (where
 *      one is idle it runs at once) and takes all of them back as its first
 *      step.  With one CPU, or where that is not offered, an SDL thread.
 *   2. The open is claimed by whoever comes first: when the main thread
 *      needs the vault and the thread has not started (no idle CPU took it),
 *      the main thread opens it itself rather than waiting for the thread
 *      to get a CPU, and the thread, when it runs, finds nothing to do.  The
 *      main thread waits only for an open already under way (f->done).
 *   3. The thread is detached; f is freed by the last of the two to let go
 *      of it (f->refs). */
enum { PREFETCH_PENDING, PREFETCH_BY_THREAD, PREFETCH_BY_MAIN };

struct ui_vault_prefetch {
    SDL_atomic_t claim; /* PREFETCH_* */
    SDL_atomic_t refs;  /* the thread's and the taker's */
    SDL_sem *done;      /* posted by the thread once its open is over */
#ifdef PREFETCH_PLACED
    cpu_set_t cpus; /* the process's CPUs */
#endif
    char *dir;
    im_vault *vault;
    im_rc rc;
};

static void prefetch_unref(struct ui_vault_prefetch *f)
{
    if (SDL_AtomicAdd(&f->refs, -1) != 1) return;
    if (f->done) SDL_DestroySemaphore(f->done);
    free(f->dir);
    free(f);
}

static int prefetch_run(void *p)
{
    struct ui_vault_prefetch *f = p;
    if (SDL_AtomicCAS(&f->claim, PREFETCH_PENDING, PREFETCH_BY_THREAD)) {
        f->rc = im_vault_open(f->dir, &f->vault);
        SDL_SemPost(f->done);
    }
    prefetch_unref(f);
    return 0;
}

#ifdef PREFETCH_PLACED
static void *prefetch_placed_run(void *p)
{
    struct ui_vault_prefetch *f = p;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL); /* signals are the main thread's, as in SDL's threads */
    pthread_setname_np(pthread_self(), "vault-open");
    pthread_setaffinity_np(pthread_self(), sizeof f->cpus, &f->cpus);
    prefetch_run(f);
    return NULL;
}

/* 1 if f's thread was started, detached, on the CPUs other than this thread's. */
static int prefetch_place(struct ui_vault_prefetch *f)
{
    int here = sched_getcpu();
    if (here < 0 || here >= CPU_SETSIZE || sched_getaffinity(0, sizeof f->cpus, &f->cpus) != 0) return 0;
    cpu_set_t others = f->cpus;
    CPU_CLR(here, &others);
    if (CPU_COUNT(&others) == 0) return 0;
    pthread_attr_t attr;
    pthread_t t;
    if (pthread_attr_init(&attr) != 0) return 0;
    int ok = pthread_attr_setaffinity_np(&attr, sizeof others, &others) == 0 &&
             pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0 &&
             pthread_create(&t, &attr, prefetch_placed_run, f) == 0;
    pthread_attr_destroy(&attr);
    return ok;
}
#endif

struct ui_vault_prefetch *ui_session_prefetch(const char *data_dir)
{
    if (!im_vault_exists(data_dir)) return NULL;
    struct ui_vault_prefetch *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->dir = strdup(data_dir);
    f->done = SDL_CreateSemaphore(0);
    SDL_AtomicSet(&f->refs, 2);
    if (f->dir && f->done) {
#ifdef PREFETCH_PLACED
        if (prefetch_place(f)) return f;
#endif
        SDL_Thread *t = SDL_CreateThread(prefetch_run, "vault-open", f);
        if (t) {
            SDL_DetachThread(t);
            return f;
        }
    }
    SDL_AtomicSet(&f->refs, 1);
    prefetch_unref(f);
    return NULL;
}

/* The open's result, and the vault into *out (NULL unless IM_OK): opened
 * here if the thread has not started it, else when the thread's is over. */
static im_rc prefetch_take(struct ui_vault_prefetch *f, im_vault **out)
{
    if (SDL_AtomicCAS(&f->claim, PREFETCH_PENDING, PREFETCH_BY_MAIN)) f->rc = im_vault_open(f->dir, &f->vault);
    else SDL_SemWait(f->done);
    im_rc rc = f->rc;
    *out = rc == IM_OK ? f->vault : NULL;
    prefetch_unref(f);
    return rc;
}

void ui_session_prefetch_drop(struct ui_vault_prefetch *f)
{
    im_vault *v = NULL;
    if (f && prefetch_take(f, &v) == IM_OK) im_vault_close(v);
}

void ui_session_reopen(ui_session *s)
{
    if (s->vault || s->state == UI_SESSION_UNLOCKED) return;
    struct ui_vault_prefetch *f = s->app->prefetch;
    s->app->prefetch = NULL;
    if (f) {
        s->open_rc = prefetch_take(f, &s->vault); /* opened while the window was made */
        if (s->open_rc == IM_ERR_NOT_FOUND) {     /* erased meanwhile */
            s->state = UI_SESSION_NONE;
            return;
        }
    } else if (!im_vault_exists(s->app->data_dir)) {
        s->state = UI_SESSION_NONE;
        return;
    } else {
        s->open_rc = im_vault_open(s->app->data_dir, &s->vault);
    }
    if (s->open_rc == IM_OK) {
        im_vault_set_clock(s->vault, &s->clock);
        s->state = UI_SESSION_LOCKED;
        ui_session_load_prefs(s);
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
    s->last_area = s->app->routes->home;
    s->autolock_s = UI_AUTOLOCK_DEFAULT_S;
    if (app->opt.seam) s->clock = (im_clock){ seam_now, s };
    else s->clock = im_clock_system();
    /* Test build only: the smallest KDF the policy allows (64 MiB, never
     * less), when its driver says so; the product always calibrates. */
    s->test_kdf_min = app->opt.seam && app->opt.seam->kdf_min;
    /* set-aside vaults older than IM_ASIDE_KEEP_DAYS go at start */
    im_rc expired = im_vault_aside_expire(app->data_dir, im_clock_now_ms(&s->clock), NULL);
    if (expired != IM_OK)
        fprintf(stderr,
                "innermost: set-aside vaults past their time could not be removed (%s); "
                "the next start tries again.\n",
                im_rc_message(expired));
    ui_session_reopen(s);
    app->session = s;
    app->hooks.will_background = on_will_background;
    app->hooks.terminating = on_terminating;
    app->hooks.window_left = on_window_left;
    app->ctx.copied = on_copied;
    im_fingerprint_keygen(s->clip_key);
    s->leave_grace_s = UI_LEAVE_GRACE_DEFAULT_S;
    app->host_update = host_update;
    app->host_deadline = host_deadline;
    app->host_quit = host_quit;
    app->host_free = host_free;
    return s;
}

ui_screen *ui_session_first_screen(ui_session *s)
{
    const ui_routes *r = s->app->routes;
    switch (s->state) {
    case UI_SESSION_NONE: return ui_screen_new(s->app, r->welcome, NULL);
    case UI_SESSION_LOCKED: return ui_screen_new(s->app, r->unlock, NULL);
    case UI_SESSION_BUSY: return ui_screen_new(s->app, r->busy, NULL);
    default: return ui_screen_new(s->app, r->broken, NULL);
    }
}

void ui_session_destroy(ui_session *s)
{
    if (!s) return;
    secure_lock(s);
    im_journal_close(s->journal);
    im_vault_close(s->couple);
    im_vault_close(s->vault);
    im_mem_wipe(s, sizeof *s);
    free(s);
}
