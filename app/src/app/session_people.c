/*
 * session_people.c -- the session's side of other people's spaces on this
 * device (core: innermost/people.h; the public calls in session.h).
 *
 * Design notes
 *   - One vault handle at a time.  While someone else's space is open the
 *     owner's handle is closed: nothing of the owner's is open in this
 *     process, and the person's keys are the only keys in memory.  A lock
 *     (any: the Lock button, auto-lock, the background) wipes the person's
 *     keys like the owner's (secure_lock), and at its end (finish_lock)
 *     closes the person's handle and opens the owner's again, locked, so the
 *     lock screen is built for the owner, with the owner's wrong-try count,
 *     whoever used the device last.  The screens were all destroyed and the
 *     app's text caches forgotten before (finish_lock), so nothing one person
 *     saw is in the next person's draw list.
 *   - One wait for the lock screen.  A wrong passphrase on "Switch person"
 *     is counted like one on the owner's unlock (the session's one counter,
 *     kept beside the owner's vault), and the same growing wait follows.
 *     A person's right passphrase ends the wait for their session but
 *     leaves the count: only the owner's unlock clears it (guard.c) and
 *     tells the owner how many wrong tries there were, so after a person
 *     locks the lock screen shows what is left of the wait, as after a
 *     relaunch.
 *   - Nothing names anyone.  The switch is tried on every space at once
 *     (core: one derivation whatever their number), and a wrong passphrase
 *     gets the same words with nobody there as with five.
 *   - The owner adds people (Settings); core refuses anyone else.
 *
 * Invariants
 *   1. s->person is 1 exactly while s->vault is a person's handle.
 *   2. While s->person, no handle of the owner's vault is open here.
 */
#include "app/session_people.h"

#include "innermost/couple_space.h"
#include "innermost/people.h"
#include "innermost/wipe.h"

int ui_session_is_person(const ui_session *s) { return s && s->person; }

int ui_session_people_work(ui_session *s, ui_work *w)
{
    switch (w->kind) {
    case UI_WORK_SWITCH: {
        /* with nobody there core still derives once, at the owner's cost */
        im_kdf_params cost;
        int have = im_vault_kdf_params(s->vault, &cost) == IM_OK;
        w->rc = im_people_unlock(s->app->data_dir, w->secret, have ? &cost : NULL, &w->created);
        if (w->rc == IM_OK && w->created) ui_session_couple_enter(s, w->created, w);
        return 1;
    }
    case UI_WORK_SWITCH_RECOVER:
        w->rc = im_people_unlock_recovery(s->app->data_dir, w->secret, &w->created);
        if (w->rc == IM_OK && w->created) ui_session_couple_enter(s, w->created, w);
        return 1;
    case UI_WORK_ADD_PERSON: {
        im_kdf_params buf;
        w->made_code = 0;
        w->rc = im_people_add(s->vault, w->secret, ui_session_job_kdf(s, &buf), w->recovery);
        w->made_code = w->rc == IM_OK;
        return 1;
    }
    case UI_WORK_COUPLE_JOIN: {
        /* one derivation, at the owner's cost when nobody has that passphrase */
        im_kdf_params cost;
        int have = im_vault_kdf_params(s->vault, &cost) == IM_OK;
        w->rc = s->couple ? im_couple_space_join_person(s->couple, s->app->data_dir, w->secret, have ? &cost : NULL)
                          : IM_ERR_STATE;
        return 1;
    }
    default: return 0;
    }
}

void ui_session_people_finish(ui_session *s, ui_work_kind kind)
{
    ui_work *w = &s->work;
    if ((kind != UI_WORK_SWITCH && kind != UI_WORK_SWITCH_RECOVER) || w->rc != IM_OK || !w->created) return;
    /* the owner's count of wrong tries stays in the owner's folder: only
     * the owner's unlock clears it (guard.c), and tells them of it */
    im_vault_close(s->vault);
    s->vault = w->created;
    w->created = NULL;
    s->person = 1;
    im_vault_set_clock(s->vault, &s->clock);
    ui_session_load_prefs(s);
    s->failures = 0;
    s->retry_at_ms = 0;
    s->last_area = s->app->routes->home; /* never the owner's last area */
    s->state = UI_SESSION_LOCKED;        /* the screen that asked calls did_unlock */
}

/* Back to the owner's vault, locked, as at the app's start. */
static void back_to_owner(ui_session *s)
{
    s->person = 0;
    s->vault = NULL;
    s->state = UI_SESSION_NONE;
    s->last_area = s->app->routes->home;
    s->profile_id = 0;
    ui_session_reopen(s); /* LOCKED, or BUSY / BROKEN as at a start */
}

int ui_session_people_leave(ui_session *s)
{
    if (!s->person || s->state != UI_SESSION_LOCKED) return 0;
    im_vault_close(s->vault);
    back_to_owner(s);
    return 1;
}

im_rc ui_session_people_erase(ui_session *s)
{
    im_journal_close(s->journal);
    s->journal = NULL;
    ui_session_clipboard_forget(s);
    im_rc rc = im_people_remove(s->vault); /* frees the handle whatever it returns */
    im_mem_wipe(s->name, sizeof s->name);
    im_mem_wipe(s->partner, sizeof s->partner);
    back_to_owner(s);
    ui_nav_reset(s->app, ui_session_first_screen(s));
    ui_app_forget_text(s->app); /* what the screens drew and typed, as on a lock */
    s->save_at_ms = 0;
    return rc;
}
