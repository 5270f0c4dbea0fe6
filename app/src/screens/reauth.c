/*
 * reauth.c -- the one re-authentication screen: every action that reveals
 * or replaces everything (backup, restore, readable export, erase, a new
 * passphrase, a new recovery code) asks for the passphrase here first.
 *
 * Invariants
 *   1. Wrong tries count in the session's one counter, the lock screen's
 *      (ui_session_note_failure): the same growing wait, persisted, shown
 *      here as a countdown; no try starts while it runs.
 *   2. The passphrase leaves the field the moment the worker has its copy
 *      (the worker wipes its copy), as on the lock screen.
 *   3. then() runs only after the vault said yes, and after this screen has
 *      gone, so Back from the gated screen returns to Settings.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app/strings.h"
#include "screens/common.h"
#include "screens/start.h"
#include "screens/worker_form.h"
#include "widgets/basic.h"
#include "widgets/textfield.h"

enum { ACT_BACK = 1, ACT_CONFIRM };

typedef struct reauth {
    ui_widget *field;
    ui_worker_form wf; /* the button, the dots, the message line */
    int wrong;         /* the last try was wrong: says so above the countdown */
    void (*then)(ui_app *app);
} reauth;

static const ui_str_id leads[UI_REAUTH_COUNT_] = {
    [UI_REAUTH_BACKUP] = STR_REAUTH_BACKUP,      [UI_REAUTH_RESTORE] = STR_REAUTH_RESTORE,
    [UI_REAUTH_EXPORT] = STR_REAUTH_EXPORT,      [UI_REAUTH_ERASE] = STR_REAUTH_ERASE,
    [UI_REAUTH_CHANGE_PASS] = STR_REAUTH_CHANGE, [UI_REAUTH_NEW_CODE] = STR_REAUTH_NEW_CODE,
    [UI_REAUTH_SUPPORT] = STR_REAUTH_SUPPORT,    [UI_REAUTH_PERSON_ADD] = STR_PP_REAUTH,
};

static void try_passphrase(ui_app *app, reauth *r)
{
    ui_session *s = ui_session_of(app);
    if (ui_session_work_busy(s)) return;
    if (ui_session_retry_wait_s(s) > 0) { /* invariant 1: no try while the wait runs */
        ui_worker_form_say_wrong(&r->wf, app, r->wrong ? STR_CONFIRM_WRONG : 0);
        return;
    }
    const char *text = ui_field_text(r->field);
    if (!text[0]) {
        ui_worker_form_refuse(&r->wf, app, ui_str(STR_UNLOCK_EMPTY));
        return;
    }
    if (ui_worker_form_start(&r->wf, app, UI_WORK_CHECK, text) != 0) return;
    r->wrong = 0;
    ui_field_set_text(r->field, &app->ctx, ""); /* invariant 2 */
}

static void checked(ui_app *app, reauth *r)
{
    ui_session *s = ui_session_of(app);
    im_rc rc = IM_OK;
    if (!ui_worker_form_done(&r->wf, app, UI_WORK_CHECK, &rc)) return;
    if (rc == IM_OK) {
        ui_session_note_success(s);
        void (*then)(ui_app *) = r->then;
        ui_nav_back(app); /* frees this screen (invariant 3) */
        then(app);
        return;
    }
    if (rc == IM_ERR_WRONG_SECRET) {
        ui_session_note_failure(s);
        r->wrong = 1;
        ui_worker_form_say_wrong(&r->wf, app, STR_CONFIRM_WRONG);
    } else {
        ui_worker_form_failed(&r->wf, app, NULL, STR_UNLOCK_FAILED, rc);
    }
    ui_ctx_set_focus(&app->ctx, r->field);
}

static void reauth_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    reauth *r = scr->state;
    switch (a->kind) {
    case ACT_BACK: ui_nav_back(app); break; /* waits while work runs: UI_SCREEN_FORM */
    case ACT_CONFIRM: try_passphrase(app, r); break;
    default: break;
    }
}

static void reauth_work_done(ui_app *app, ui_screen *scr, int kind)
{
    (void)kind;
    checked(app, scr->state);
}

static int reauth_build(ui_app *app, ui_screen *scr, const void *args)
{
    const ui_reauth_args *ra = args;
    if (!ra || ra->why < 0 || ra->why >= UI_REAUTH_COUNT_ || !ra->then) return -1;
    reauth *r = scr->state = calloc(1, sizeof *r);
    ui_widget *col = scr->body = ui_column_new(24, 12);
    if (!r || !col) return -1;
    scr->title = ui_str(STR_CONFIRM_TITLE);
    scr->back_action = ACT_BACK;
    r->then = ra->then;
    ui_widget_add(col, ui_label_new(ui_str(leads[ra->why]), UI_TEXT_BODY));
    r->field = ui_widget_add(col, ui_field_new(ui_str(STR_CONFIRM_FIELD), UI_FIELD_PASSWORD, ACT_CONFIRM, 0));
    r->wf.message = ui_widget_add(col, ui_message_new());
    int made = ui_worker_form_add(&r->wf, col, ui_str(STR_CONFIRM_BUTTON), ACT_CONFIRM, ui_str(STR_CHECKING));
    if (!r->field || !r->wf.message || made != 0) return -1;
    ui_worker_form_say_wrong(&r->wf, app, 0); /* a wait still running from the lock screen */
    scr->first_focus = r->field;
    return 0;
}

static void reauth_free(ui_screen *scr) { free(scr->state); }

static void reauth_tick(ui_app *app, ui_screen *scr) { ui_worker_form_tick(&((reauth *)scr->state)->wf, app); }

static int64_t reauth_deadline(ui_app *app, ui_screen *scr)
{
    return ui_worker_form_deadline(&((reauth *)scr->state)->wf, app);
}

const ui_screen_class ui_reauth_class = {
    .name = "reauth",
    .options = UI_SCREEN_FORM,
    .build = reauth_build,
    .action = reauth_action,
    .tick = reauth_tick,
    .deadline = reauth_deadline,
    .work_done = reauth_work_done,
    .free = reauth_free,
};
