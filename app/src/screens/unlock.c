/*
 * unlock.c -- unlocking: the passphrase (derived on the worker while dots
 * pulse), wrong tries answered with a plain message and a growing wait,
 * the recovery code followed by a new passphrase, and start over behind a
 * dialog that says what happens: the sealed vault is set aside for 30 days,
 * not destroyed (erasing for good is only in Settings, after the
 * passphrase).  Start over is not offered after Together's "Lock instead"
 * until the next unlock; a vault set aside can be brought back here.
 * "Switch person" (always offered: it names no one and counts no one)
 * opens someone else's own space with their passphrase or recovery code
 * (app/session_people.c), with the same form, the same counter and wait.
 *
 * The passphrase field is emptied (its memory wiped by the editor) the
 * moment the worker has its own copy, so a lock or a kill leaves no
 * passphrase in the widget tree.  The recovery code is shown as typed,
 * grouped as a code is written, and kept after a wrong try (in the field's
 * locked memory) so the person corrects a group instead of typing 32
 * characters again; a group holding a character no code has is named
 * before anything is tried.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/strings.h"
#include "innermost/wipe.h"
#include "screens/settings.h"
#include "screens/common.h"
#include "screens/start.h"
#include "screens/worker_form.h"
#include "widgets/basic.h"
#include "widgets/overlay.h"
#include "widgets/textfield.h"

enum {
    ACT_UNLOCK = 1,
    ACT_RECOVERY,
    ACT_ERASE,
    ACT_ERASE_CONFIRM,
    ACT_ERASE_CANCEL,
    ACT_BRING_BACK,
    ACT_BACK,
    ACT_RECOVER,
    ACT_PASS_CHANGED,
    ACT_SAVE_PASS,
    ACT_SUGGEST,
    ACT_CODE_CHANGED,
    ACT_SWITCH
};

typedef struct unlock {
    ui_widget *field;
    ui_worker_form wf; /* the button, the dots, the message line */
    int from_settings; /* new passphrase: asked for in Settings, not after recovery */
    ui_str_id wrong;   /* what the last try got wrong (0: none): stays above the countdown */
    int keep_typed;    /* the recovery code: kept after a try, to be corrected, not typed again */
    int person;        /* Switch person: the secret opens someone else's space, not the owner's */
    ui_newpass np;
} unlock;

static void unlock_free(ui_screen *s) { free(s->state); }

static unlock *unlock_of(ui_screen *s) { return s->state; }

/* While a new key re-seals the records, the dots say how far it is.  A
 * wait begun on a screen above (Switch person, the recovery code) shows
 * here too once this screen is back on top: one counter, one wait. */
static void unlock_tick(ui_app *app, ui_screen *scr)
{
    unlock *u = unlock_of(scr);
    ui_session *s = ui_session_of(app);
    if (!u->wf.shown_wait && !ui_session_work_busy(s) && !ui_session_is_unlocked(s) && ui_session_retry_wait_s(s) > 0)
        ui_worker_form_say_wrong(&u->wf, app, u->wrong);
    ui_worker_form_tick(&u->wf, app);
}

static int64_t unlock_deadline(ui_app *app, ui_screen *scr)
{
    return ui_worker_form_deadline(&unlock_of(scr)->wf, app);
}

/* The state every secret-asking screen starts with, in s->state. */
static unlock *unlock_new(ui_screen *s)
{
    s->state = calloc(1, sizeof(unlock));
    return s->state;
}

/* Starts a derivation of kind with the field's text; empties the field. */
static void start_work(ui_app *app, unlock *u, ui_work_kind kind)
{
    ui_session *s = ui_session_of(app);
    if (ui_session_work_busy(s)) return;
    if (ui_session_retry_wait_s(s) > 0) {
        ui_worker_form_say_wrong(&u->wf, app, u->wrong);
        return;
    }
    const char *text = ui_field_text(u->field);
    if (!text[0]) {
        ui_worker_form_refuse(&u->wf, app, ui_str(STR_UNLOCK_EMPTY));
        return;
    }
    int bad = kind == UI_WORK_RECOVER || kind == UI_WORK_SWITCH_RECOVER ? im_recovery_bad_group(text) : 0;
    if (bad) { /* the format tells where: no need to try */
        char msg[256];
        snprintf(msg, sizeof msg, ui_str(STR_RECOVER_BAD_GROUP), bad);
        ui_worker_form_refuse(&u->wf, app, msg);
        return;
    }
    if (ui_worker_form_start(&u->wf, app, kind, text) != 0) return;
    u->wrong = 0;
    if (!u->keep_typed) ui_field_set_text(u->field, &app->ctx, ""); /* the worker has its copy */
}

/* The worker finished: 1 if the vault is now unlocked. */
static int work_done(ui_app *app, unlock *u, ui_work_kind want)
{
    ui_session *s = ui_session_of(app);
    im_rc rc = IM_OK;
    if (!ui_worker_form_done(&u->wf, app, want, &rc)) return 0;
    if (rc == IM_OK) {
        ui_session_note_success(s);
        return 1;
    }
    if (rc == IM_ERR_WRONG_SECRET) {
        ui_session_note_failure(s);
        u->wrong = want == UI_WORK_RECOVER || want == UI_WORK_SWITCH_RECOVER ? STR_RECOVER_WRONG
                   : want == UI_WORK_CHECK                                   ? STR_CONFIRM_WRONG
                   : want == UI_WORK_SWITCH                                  ? STR_PP_SWITCH_WRONG
                                                                             : STR_UNLOCK_WRONG;
        ui_worker_form_say_wrong(&u->wf, app, u->wrong);
    } else if (rc == IM_ERR_INVALID && (want == UI_WORK_RECOVER || want == UI_WORK_SWITCH_RECOVER)) {
        ui_worker_form_refuse(&u->wf, app, ui_str(STR_RECOVER_INVALID));
    } else {
        ui_worker_form_failed(&u->wf, app, NULL, STR_UNLOCK_FAILED, rc);
    }
    ui_ctx_set_focus(&app->ctx, u->field);
    return 0;
}

void ui_start_over_dialog(ui_app *app, int confirm_action, int dismiss_action)
{
    ui_widget *o = ui_overlay_new(UI_OVERLAY_DIALOG, ui_str(STR_GB_START_OVER_TITLE), dismiss_action);
    if (!o) return;
    ui_widget *card = ui_overlay_card(o);
    ui_widget_add(card, ui_label_new(ui_str(STR_GB_START_OVER_BODY), UI_TEXT_BODY));
    ui_widget_add(card, ui_button_new(ui_str(STR_GB_START_OVER_GO), UI_BUTTON_PRIMARY, confirm_action));
    ui_widget_add(card, ui_button_new(ui_str(STR_CANCEL), UI_BUTTON_SECONDARY, dismiss_action));
    ui_app_show_overlay(app, o);
}

void ui_start_over(ui_app *app)
{
    im_rc rc = ui_session_start_over(ui_session_of(app)); /* the welcome replaces every screen */
    char msg[256];
    if (rc != IM_OK) snprintf(msg, sizeof msg, ui_str(STR_GB_START_OVER_FAILED), im_rc_message(rc));
    else snprintf(msg, sizeof msg, "%s", ui_str(STR_GB_START_OVER_DONE));
    ui_app_toast(app, msg);
}

void ui_start_bring_back(ui_app *app)
{
    ui_session *s = ui_session_of(app);
    if (ui_session_work_busy(s)) return;
    im_rc rc = ui_session_bring_back(s);
    char msg[256];
    if (rc != IM_OK) snprintf(msg, sizeof msg, ui_str(STR_GB_BRING_BACK_FAILED), im_rc_message(rc));
    else snprintf(msg, sizeof msg, "%s", ui_str(STR_GB_BRING_BACK_DONE));
    /* the screen for what is in the folder now: the brought-back vault's lock screen */
    ui_nav_reset(app, ui_session_first_screen(s));
    ui_app_toast(app, msg);
}

static void unlock_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    unlock *u = unlock_of(scr);
    ui_session *s = ui_session_of(app);
    switch (a->kind) {
    case ACT_UNLOCK: start_work(app, u, UI_WORK_UNLOCK); break;
    case ACT_RECOVERY:
        if (!ui_session_work_busy(s)) ui_nav_push(app, ui_screen_new(app, &ui_recover_class, NULL));
        break;
    case ACT_ERASE:
        if (!ui_session_work_busy(s) && !s->no_start_over)
            ui_start_over_dialog(app, ACT_ERASE_CONFIRM, ACT_ERASE_CANCEL);
        break;
    case ACT_ERASE_CANCEL: ui_app_close_overlay(app); break;
    case ACT_ERASE_CONFIRM:
        ui_app_close_overlay(app);
        ui_start_over(app); /* replaces this screen with the welcome */
        break;
    case ACT_BRING_BACK: ui_start_bring_back(app); break;
    case ACT_SWITCH:
        if (!ui_session_work_busy(s)) ui_nav_push(app, ui_screen_new(app, &ui_switch_class, NULL));
        break;
    default: break;
    }
}

/* The field (edits emit change, 0: none), message line right under it,
 * button and dots every secret-asking screen has; 0 when all were made. */
static int add_secret_form(ui_widget *col, unlock *u, ui_str_id field, ui_str_id button, ui_str_id busy, int action,
                           int change)
{
    u->field = ui_widget_add(col, ui_field_new(ui_str(field), UI_FIELD_PASSWORD, action, change));
    u->wf.message = ui_widget_add(col, ui_message_new());
    int made = ui_worker_form_add(&u->wf, col, ui_str(button), action, ui_str(busy));
    return u->field && u->wf.message && made == 0 ? 0 : -1;
}

static void unlock_work_done(ui_app *app, ui_screen *scr, int kind)
{
    (void)kind;
    if (work_done(app, unlock_of(scr), UI_WORK_UNLOCK))
        ui_session_did_unlock(ui_session_of(app)); /* replaces this screen */
}

static int unlock_build(ui_app *app, ui_screen *scr, const void *args)
{
    (void)args;
    ui_session *s = ui_session_of(app);
    unlock *u = unlock_new(scr);
    ui_widget *col = scr->body = ui_column_new(24, 12);
    if (!u || !col) return -1;
    scr->title = ui_str(STR_UNLOCK_TITLE);
    int bad = add_secret_form(col, u, STR_UNLOCK_FIELD, STR_UNLOCK_BUTTON, STR_UNLOCKING, ACT_UNLOCK, 0);
    ui_widget_add(col, ui_spacer_new(16));
    ui_widget_add(col, ui_button_new(ui_str(STR_UNLOCK_USE_RECOVERY), UI_BUTTON_SECONDARY, ACT_RECOVERY));
    /* always there, whether or not anyone else has a space here */
    ui_widget_add(col, ui_button_new(ui_str(STR_PP_SWITCH), UI_BUTTON_SECONDARY, ACT_SWITCH));
    /* no start over right after Together's "Lock instead" */
    if (!s->no_start_over) ui_widget_add(col, ui_button_new(ui_str(STR_GB_START_OVER), UI_BUTTON_TEXT, ACT_ERASE));
    int64_t when;
    if (ui_session_aside_latest(s, &when)) {
        ui_widget_add(col, ui_label_new(ui_str(STR_GB_BRING_BACK_SWAP_NOTE), UI_TEXT_SMALL));
        ui_widget_add(col, ui_button_new(ui_str(STR_GB_BRING_BACK), UI_BUTTON_TEXT, ACT_BRING_BACK));
    }
    if (bad) return -1;
    /* a wait still running from before a relaunch or a lock counts down here */
    if (ui_session_retry_wait_s(s) > 0) ui_worker_form_say_wrong(&u->wf, app, 0);
    scr->first_focus = u->field;
    return 0;
}

const ui_screen_class ui_unlock_class = {
    .name = "unlock",
    .options = UI_SCREEN_FORM,
    .build = unlock_build,
    .action = unlock_action,
    .tick = unlock_tick,
    .deadline = unlock_deadline,
    .work_done = unlock_work_done,
    .free = unlock_free,
};

/* ---- Switch person: someone else's own space ----------------------------------------- */

static void switch_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    unlock *u = unlock_of(scr);
    ui_session *s = ui_session_of(app);
    switch (a->kind) {
    case ACT_BACK: ui_nav_back(app); break; /* waits while work runs: UI_SCREEN_FORM */
    case ACT_UNLOCK: start_work(app, u, UI_WORK_SWITCH); break;
    case ACT_RECOVERY:
        if (!ui_session_work_busy(s))
            ui_nav_push(app, ui_screen_new(app, &ui_recover_class, &(ui_recover_args){ .person = 1 }));
        break;
    default: break;
    }
}

static void switch_work_done(ui_app *app, ui_screen *scr, int kind)
{
    (void)kind;
    /* the session holds their space now: Home, theirs, replaces every screen */
    if (work_done(app, unlock_of(scr), UI_WORK_SWITCH)) ui_session_did_unlock(ui_session_of(app));
}

static int switch_build(ui_app *app, ui_screen *scr, const void *args)
{
    (void)args;
    ui_session *s = ui_session_of(app);
    unlock *u = unlock_new(scr);
    ui_widget *col = scr->body = ui_column_new(24, 12);
    if (!u || !col) return -1;
    u->person = 1;
    scr->title = ui_str(STR_PP_SWITCH_TITLE);
    scr->back_action = ACT_BACK;
    ui_widget_add(col, ui_label_new(ui_str(STR_PP_SWITCH_LEAD), UI_TEXT_BODY));
    int bad = add_secret_form(col, u, STR_PP_SWITCH_FIELD, STR_PP_SWITCH_BUTTON, STR_UNLOCKING, ACT_UNLOCK, 0);
    ui_widget_add(col, ui_spacer_new(16));
    ui_widget_add(col, ui_button_new(ui_str(STR_PP_SWITCH_RECOVERY), UI_BUTTON_SECONDARY, ACT_RECOVERY));
    if (bad) return -1;
    /* the lock screen's wait holds here too: one counter */
    if (ui_session_retry_wait_s(s) > 0) ui_worker_form_say_wrong(&u->wf, app, 0);
    scr->first_focus = u->field;
    return 0;
}

const ui_screen_class ui_switch_class = {
    .name = "switch-person",
    .options = UI_SCREEN_FORM,
    .build = switch_build,
    .action = switch_action,
    .tick = unlock_tick,
    .deadline = unlock_deadline,
    .work_done = switch_work_done,
    .free = unlock_free,
};

/* ---- the recovery code, then a new passphrase ------------------------------------------ */

static void recover_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    unlock *u = unlock_of(scr);
    switch (a->kind) {
    case ACT_BACK:
        ui_nav_back(app); /* waits while work runs: UI_SCREEN_FORM */
        break;
    case ACT_RECOVER: start_work(app, u, u->person ? UI_WORK_SWITCH_RECOVER : UI_WORK_RECOVER); break;
    case ACT_CODE_CHANGED: ui_code_field_regroup(u->field, &app->ctx); break;
    default: break;
    }
}

static void recover_work_done(ui_app *app, ui_screen *scr, int kind)
{
    (void)kind;
    unlock *u = unlock_of(scr);
    if (!work_done(app, u, u->person ? UI_WORK_SWITCH_RECOVER : UI_WORK_RECOVER)) return;
    /* unlocked: it counts as such at once (a lock now wipes the keys),
     * but Home waits for the new passphrase */
    ui_session_of(app)->state = UI_SESSION_UNLOCKED;
    ui_nav_reset(app, ui_screen_new(app, &ui_newpass_class, NULL));
}

static int recover_build(ui_app *app, ui_screen *scr, const void *args)
{
    (void)app;
    const ui_recover_args *ra = args;
    unlock *u = unlock_new(scr);
    ui_widget *col = scr->body = ui_column_new(24, 12);
    if (!u || !col) return -1;
    u->person = ra && ra->person;
    scr->title = ui_str(STR_RECOVER_TITLE);
    scr->back_action = ACT_BACK;
    ui_widget_add(col, ui_label_new(ui_str(STR_RECOVER_LEAD), UI_TEXT_BODY));
    /* the code is a secret too: a password field (its text in locked
     * memory), but shown as typed, since it is copied from paper (Hide is
     * there); kept after a wrong try so one group can be corrected */
    if (add_secret_form(col, u, STR_RECOVER_FIELD, STR_RECOVER_BUTTON, STR_UNLOCKING, ACT_RECOVER, ACT_CODE_CHANGED))
        return -1;
    ui_field_show_clear(u->field, NULL, 1);
    ui_field_set_wrap(u->field); /* the whole code in sight at 200 % too, in whole groups */
    u->keep_typed = 1;
    return 0;
}

const ui_screen_class ui_recover_class = {
    .name = "recover",
    .options = UI_SCREEN_FORM,
    .build = recover_build,
    .action = recover_action,
    .tick = unlock_tick,
    .deadline = unlock_deadline,
    .work_done = recover_work_done,
    .free = unlock_free,
};

static void newpass_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    unlock *u = unlock_of(scr);
    ui_session *s = ui_session_of(app);
    switch (a->kind) {
    case ACT_BACK:
        ui_nav_back(app); /* waits while work runs: UI_SCREEN_FORM */
        break;
    case ACT_PASS_CHANGED: ui_newpass_changed(&u->np, &app->ctx); break;
    case ACT_SUGGEST: ui_newpass_suggest(&u->np, &app->ctx); break;
    case ACT_SAVE_PASS: {
        if (ui_session_work_busy(s)) break;
        if (ui_session_retry_wait_s(s) > 0) { /* the shared wait holds here too */
            ui_worker_form_say_wrong(&u->wf, app, 0);
            break;
        }
        const char *p = ui_newpass_accept(&u->np, &app->ctx);
        if (!p || ui_worker_form_start(&u->wf, app, UI_WORK_CHANGE, p) != 0) break;
        ui_newpass_clear(&u->np, &app->ctx);
        break;
    }
    default: break;
    }
}

static void newpass_work_done(ui_app *app, ui_screen *scr, int kind)
{
    (void)kind;
    unlock *u = unlock_of(scr);
    ui_session *s = ui_session_of(app);
    im_rc rc;
    if (!ui_worker_form_done(&u->wf, app, UI_WORK_CHANGE, &rc)) return;
    if (rc == IM_ERR_EXISTS) {
        /* it opens someone else's space: said without naming anyone, and
         * counted (core did) like a wrong passphrase, with the one wait */
        ui_session_note_counted(s);
        ui_worker_form_say_wrong(&u->wf, app, STR_CHANGE_TAKEN);
        return;
    }
    if (rc != IM_OK) {
        ui_worker_form_failed(&u->wf, app, u->np.hint, STR_CHANGE_FAILED, rc);
        return;
    }
    if (ui_session_made_code(s)) {
        /* after a recovery-code unlock: the used code was replaced in the
         * same rekey; show the new one once and check the copy */
        ui_code_args code = { .after_recovery = !u->from_settings };
        ui_session_take_recovery(s, code.code);
        ui_screen *show = ui_screen_new(app, &ui_code_show_class, &code);
        im_mem_wipe(code.code, sizeof code.code);
        if (show) {
            /* from Settings (a vault older than schema 2, whose code cannot
             * follow a new key): back to Settings after */
            if (u->from_settings) ui_nav_replace(app, show);
            else ui_nav_reset(app, show);
            return;
        }
    }
    if (u->from_settings) {
        ui_app_toast(app, ui_str(STR_CHANGE_SAVED));
        ui_nav_back(app);
    } else {
        ui_app_toast(app, ui_str(STR_NEWPASS_SAVED));
        ui_session_did_unlock(s);
    }
}

static int newpass_build(ui_app *app, ui_screen *scr, const void *args)
{
    (void)app;
    const ui_newpass_args *na = args;
    unlock *u = unlock_new(scr);
    ui_widget *col = scr->body = ui_column_new(24, 12);
    if (!u || !col) return -1;
    u->from_settings = na && na->from_settings;
    scr->title = ui_str(u->from_settings ? STR_CHANGE_TITLE : STR_NEWPASS_TITLE);
    scr->back_action = u->from_settings ? ACT_BACK : 0;
    ui_widget_add(col, ui_label_new(ui_str(STR_NEWPASS_LEAD), UI_TEXT_BODY));
    ui_newpass_add(&u->np, col, ui_str(STR_NEWPASS_FIELD), ACT_PASS_CHANGED, ACT_SAVE_PASS, ACT_SUGGEST);
    /* the form's own line: a refusal and the shared wait (the hint above
     * stays the passphrase's) */
    u->wf.message = ui_widget_add(col, ui_message_new());
    int made = ui_worker_form_add(&u->wf, col, ui_str(STR_NEWPASS_BUTTON), ACT_SAVE_PASS, ui_str(STR_CHECKING));
    return u->np.first && u->np.second && u->np.hint && u->wf.message && made == 0 ? 0 : -1;
}

const ui_screen_class ui_newpass_class = {
    .name = "newpass",
    .options = UI_SCREEN_FORM,
    .build = newpass_build,
    .action = newpass_action,
    .tick = unlock_tick,
    .deadline = unlock_deadline,
    .work_done = newpass_work_done,
    .free = unlock_free,
};
