/*
 * newcode.c -- a new recovery code: made on the worker (core re-seals
 * every record under a new key while the dots keep moving and the count
 * goes up), shown once, then checked against the person's copy.
 *
 * Two ways in: Settings -> "New recovery code" (ui_new_code_class), and
 * the new passphrase set after a recovery-code unlock, whose rekey also
 * made a new code (ui_code_show_class with after_recovery 1; the used
 * code no longer works, so the person must see and keep the new one).
 *
 * Invariants
 *   1. The code lives in this screen's state only while it is shown or
 *      checked, and is wiped when the check passes or the screen goes.
 *   2. The check compares the whole code as the vault reads codes (case,
 *      spaces and dashes ignored; 0, 1 and 8 read as O, I and B).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/wipe.h"
#include "screens/settings.h"
#include "screens/common.h"
#include "screens/start.h"
#include "screens/worker_form.h"
#include "widgets/basic.h"
#include "widgets/controls.h"
#include "widgets/textfield.h"

enum { ACT_BACK = 1, ACT_KEPT, ACT_CHECK, ACT_SHOW_AGAIN, ACT_CODE_CHANGED };

typedef struct code_state {
    char code[IM_RECOVERY_CODE_SIZE];
    int after_recovery;
    int for_person; /* someone else's new space: lock after the check */
    ui_widget *field, *msg;
    ui_worker_form make; /* Settings' new code: the dots and the message line */
} code_state;

static void code_free(ui_screen *s)
{
    code_state *c = s->state;
    if (!c) return;
    im_mem_wipe(c->code, sizeof c->code);
    free(c);
}

/* The state of a screen that shows or checks args' code (a copy). */
static code_state *code_new(ui_screen *s, const ui_code_args *args)
{
    code_state *c = s->state = calloc(1, sizeof *c);
    if (c && args) {
        memcpy(c->code, args->code, sizeof c->code);
        c->after_recovery = args->after_recovery;
        c->for_person = args->for_person;
    }
    return c;
}

/* The next step's arguments: this step's code, to be wiped by the caller. */
static ui_code_args code_args(const code_state *c)
{
    ui_code_args a = { .after_recovery = c->after_recovery, .for_person = c->for_person };
    memcpy(a.code, c->code, sizeof a.code);
    return a;
}

static const ui_screen_class check_class;

/* Replaces s by a screen of cls for the same code. */
static void code_step(ui_app *app, ui_screen *s, const ui_screen_class *cls)
{
    ui_code_args next = code_args(s->state);
    ui_nav_replace(app, ui_screen_new(app, cls, &next));
    im_mem_wipe(&next, sizeof next);
}

static int code_matches(const char *code, const char *typed)
{
    char a[IM_RECOVERY_CODE_SIZE * 2], b[IM_RECOVERY_CODE_SIZE * 2];
    size_t na = ui_recovery_code_normalise(code, a, sizeof a);
    size_t nb = ui_recovery_code_normalise(typed, b, sizeof b);
    int ok = na == nb && na > 0 && memcmp(a, b, na) == 0;
    im_mem_wipe(a, sizeof a);
    im_mem_wipe(b, sizeof b);
    return ok;
}

static void show_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    if (a->kind == ACT_KEPT) code_step(app, s, &check_class);
}

static int show_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)app;
    code_state *c = code_new(s, args);
    ui_widget *col = s->body = ui_column_new(24, 16);
    if (!c || !col) return -1;
    s->title = ui_str(c->for_person ? STR_PP_CODE_TITLE : STR_NEWCODE_TITLE);
    ui_str_id lead = c->for_person       ? STR_PP_CODE_LEAD
                     : c->after_recovery ? STR_RECOVERED_NEWCODE_LEAD
                                         : STR_NEWCODE_LEAD;
    ui_widget_add(col, ui_label_new(ui_str(lead), UI_TEXT_BODY));
    ui_recovery_code_add(col, c->code, ACT_KEPT);
    return 0;
}

const ui_screen_class ui_code_show_class = {
    .name = "code-show", .options = UI_SCREEN_FORM, .build = show_build, .action = show_action, .free = code_free
};

static void check_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    code_state *c = s->state;
    if (a->kind == ACT_SHOW_AGAIN) {
        code_step(app, s, &ui_code_show_class);
    } else if (a->kind == ACT_CODE_CHANGED) {
        ui_code_field_regroup(c->field, &app->ctx); /* grouped as typed */
    } else if (a->kind == ACT_CHECK) {
        if (!code_matches(c->code, ui_field_text(c->field))) {
            ui_message_say(c->msg, &app->ctx, UI_MESSAGE_ERROR, ui_str(STR_NEWCODE_CHECK_WRONG));
            return;
        }
        im_mem_wipe(c->code, sizeof c->code);
        if (c->for_person) {
            /* the owner's space, open behind, closes before the device is theirs */
            ui_session_lock(ui_session_of(app)); /* the lock screen replaces this one */
            ui_app_toast(app, ui_str(STR_PP_READY));
        } else if (c->after_recovery) {
            ui_app_toast(app, ui_str(STR_NEWPASS_SAVED));
            ui_session_did_unlock(ui_session_of(app)); /* replaces this screen */
        } else {
            ui_app_toast(app, ui_str(STR_NEWCODE_SAVED));
            ui_nav_back(app);
        }
    }
}

static int check_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)app;
    code_state *c = code_new(s, args);
    ui_widget *col = s->body = ui_column_new(24, 12);
    if (!c || !col) return -1;
    s->title = ui_str(STR_RECOVERY_CHECK_TITLE);
    ui_widget_add(col, ui_label_new(ui_str(STR_NEWCODE_CHECK_LEAD), UI_TEXT_BODY));
    c->field = ui_widget_add(col,
                             ui_field_new(ui_str(STR_NEWCODE_CHECK_FIELD), UI_FIELD_LINE, ACT_CHECK, ACT_CODE_CHANGED));
    ui_field_set_wrap(c->field); /* the whole code in sight at 200 % too */
    c->msg = ui_widget_add(col, ui_message_new());
    ui_widget_add(col, ui_button_new(ui_str(STR_RECOVERY_CHECK_OK), UI_BUTTON_PRIMARY, ACT_CHECK));
    ui_widget_add(col, ui_button_new(ui_str(STR_RECOVERY_SHOW_AGAIN), UI_BUTTON_TEXT, ACT_SHOW_AGAIN));
    s->first_focus = c->field;
    return 0;
}

static const ui_screen_class check_class = {
    .name = "code-check", .options = UI_SCREEN_FORM, .build = check_build, .action = check_action, .free = code_free
};

/* ---- Settings -> New recovery code: made on the worker ------------------------------ */

static void make_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    (void)s;
    if (a->kind == ACT_BACK && !ui_session_work_busy(ui_session_of(app))) ui_nav_back(app);
}

static void make_work_done(ui_app *app, ui_screen *s, int kind)
{
    (void)kind;
    code_state *c = s->state;
    ui_session *ss = ui_session_of(app);
    im_rc rc;
    if (!ui_worker_form_done(&c->make, app, UI_WORK_NEWCODE, &rc)) return;
    if (rc != IM_OK) {
        ui_worker_form_failed(&c->make, app, NULL, STR_NEWCODE_FAILED, rc);
        return;
    }
    ui_session_take_recovery(ss, c->code);
    code_step(app, s, &ui_code_show_class);
}

static int make_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)args;
    code_state *c = code_new(s, NULL);
    ui_widget *col = s->body = ui_column_new(24, 16);
    if (!c || !col) return -1;
    s->title = ui_str(STR_NEWCODE_TITLE);
    s->back_action = ACT_BACK;
    c->make.busy = ui_widget_add(col, ui_busy_new(ui_str(STR_NEWCODE_WORKING)));
    c->make.message = c->msg = ui_widget_add(col, ui_message_new());
    if (!c->make.busy || !c->msg) return -1;
    /* started at once: the dots' first frame keeps them moving */
    if (ui_session_start_new_code(ui_session_of(app)) == 0) ui_worker_form_started(&c->make, app);
    else ui_worker_form_failed(&c->make, app, NULL, STR_NEWCODE_FAILED, IM_ERR_STATE);
    return 0;
}

/* While core re-seals every record, the dots say how far it is. */
static void make_tick(ui_app *app, ui_screen *s) { ui_worker_form_tick(&((code_state *)s->state)->make, app); }

const ui_screen_class ui_new_code_class = {
    .name = "new-code",
    .options = UI_SCREEN_FORM,
    .build = make_build,
    .action = make_action,
    .tick = make_tick,
    .work_done = make_work_done,
    .free = code_free,
};
