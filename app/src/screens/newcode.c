/*
 * newcode.c -- a new recovery code: made on the worker (core re-seals
 * every record under a new key while the dots keep moving and the count
 * goes up), shown once, then checked against the person's copy.
 *
 * Two ways in: Settings -> "New recovery code" (ui_new_code_screen), and
 * the new passphrase set after a recovery-code unlock, whose rekey also
 * made a new code (ui_code_show_screen with after_recovery 1; the used
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
#include "screens/settings.h"
#include "screens/start.h"
#include "widgets/basic.h"
#include "widgets/controls.h"
#include "widgets/textfield.h"

enum { ACT_BACK = 1, ACT_KEPT, ACT_CHECK, ACT_SHOW_AGAIN };

typedef struct code_state {
    char code[IM_RECOVERY_CODE_SIZE];
    int after_recovery;
    ui_widget *field, *msg, *busy;
} code_state;

static void code_free(void *p)
{
    code_state *c = p;
    if (!c) return;
    ui_wipe(c->code, sizeof c->code);
    free(c);
}

static code_state *code_take(ui_screen *s)
{
    code_state *c = ui_form_state(s);
    code_state *copy = calloc(1, sizeof *copy);
    if (copy && c) {
        memcpy(copy->code, c->code, sizeof c->code);
        copy->after_recovery = c->after_recovery;
    }
    return copy;
}

static ui_screen *check_screen(ui_app *app, code_state *c);

static int code_matches(const char *code, const char *typed)
{
    char a[IM_RECOVERY_CODE_SIZE * 2], b[IM_RECOVERY_CODE_SIZE * 2];
    size_t na = ui_recovery_code_normalise(code, a, sizeof a);
    size_t nb = ui_recovery_code_normalise(typed, b, sizeof b);
    int ok = na == nb && na > 0 && memcmp(a, b, na) == 0;
    ui_wipe(a, sizeof a);
    ui_wipe(b, sizeof b);
    return ok;
}

static void show_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    if (a->kind == ACT_KEPT) ui_nav_replace(app, check_screen(app, code_take(s)));
}

ui_screen *ui_code_show_screen(ui_app *app, const char code[IM_RECOVERY_CODE_SIZE], int after_recovery)
{
    (void)app;
    code_state *c = calloc(1, sizeof *c);
    ui_widget *col = ui_column_new(24, 16);
    if (!c || !col) {
        free(c);
        ui_widget_free(col);
        return NULL;
    }
    memcpy(c->code, code, sizeof c->code);
    c->after_recovery = after_recovery;
    ui_widget_add(col, ui_label_new(ui_str(after_recovery ? STR_RECOVERED_NEWCODE_LEAD : STR_NEWCODE_LEAD), UI_TEXT_BODY));
    ui_widget *card = ui_widget_add(col, ui_card_new());
    /* two lines of four groups: easier to copy than one long line */
    char lines[IM_RECOVERY_CODE_SIZE + 2];
    snprintf(lines, sizeof lines, "%.19s\n%s", c->code, c->code + 20);
    if (card) ui_widget_add(card, ui_label_new(lines, UI_TEXT_TITLE));
    ui_wipe(lines, sizeof lines);
    ui_widget_add(col, ui_button_new(ui_str(STR_RECOVERY_KEPT), UI_BUTTON_PRIMARY, ACT_KEPT));
    return ui_form_screen(ui_str(STR_NEWCODE_TITLE), 0, col, c, show_action, code_free);
}

static void check_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    code_state *c = ui_form_state(s);
    if (a->kind == ACT_SHOW_AGAIN) {
        code_state *t = code_take(s);
        if (t) ui_nav_replace(app, ui_code_show_screen(app, t->code, t->after_recovery));
        code_free(t);
    } else if (a->kind == ACT_CHECK) {
        if (!code_matches(c->code, ui_field_text(c->field))) {
            ui_message_set(c->msg, &app->ctx, ui_str(STR_NEWCODE_CHECK_WRONG));
            return;
        }
        ui_wipe(c->code, sizeof c->code);
        if (c->after_recovery) {
            ui_app_toast(app, ui_str(STR_NEWPASS_SAVED));
            ui_session_did_unlock(ui_session_of(app)); /* replaces this screen */
        } else {
            ui_app_toast(app, ui_str(STR_NEWCODE_SAVED));
            ui_nav_back(app);
        }
    }
}

static ui_screen *check_screen(ui_app *app, code_state *c)
{
    (void)app;
    ui_widget *col = c ? ui_column_new(24, 12) : NULL;
    if (!col) {
        code_free(c);
        return NULL;
    }
    ui_widget_add(col, ui_label_new(ui_str(STR_NEWCODE_CHECK_LEAD), UI_TEXT_BODY));
    c->field = ui_widget_add(col, ui_field_new(ui_str(STR_NEWCODE_CHECK_FIELD), UI_FIELD_LINE, ACT_CHECK, 0));
    c->msg = ui_widget_add(col, ui_message_new());
    ui_widget_add(col, ui_button_new(ui_str(STR_RECOVERY_CHECK_OK), UI_BUTTON_PRIMARY, ACT_CHECK));
    ui_widget_add(col, ui_button_new(ui_str(STR_RECOVERY_SHOW_AGAIN), UI_BUTTON_TEXT, ACT_SHOW_AGAIN));
    ui_screen *scr = ui_form_screen(ui_str(STR_RECOVERY_CHECK_TITLE), 0, col, c, check_action, code_free);
    if (scr) scr->first_focus = c->field;
    return scr;
}

/* ---- Settings -> New recovery code: made on the worker ------------------------------ */

static void make_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    code_state *c = ui_form_state(s);
    ui_session *ss = ui_session_of(app);
    im_rc rc;
    switch (a->kind) {
    case ACT_BACK:
        if (!ui_session_work_busy(ss)) ui_nav_back(app);
        break;
    case UI_ACT_WORK_DONE:
        if (ui_session_work_finish(ss, &rc) != UI_WORK_NEWCODE) break;
        ui_busy_show(c->busy, &app->ctx, 0);
        if (rc != IM_OK) {
            char msg[256];
            snprintf(msg, sizeof msg, ui_str(STR_NEWCODE_FAILED), im_rc_message(rc));
            ui_message_set(c->msg, &app->ctx, msg);
            break;
        }
        ui_session_take_recovery(ss, c->code);
        ui_nav_replace(app, ui_code_show_screen(app, c->code, 0));
        break;
    default: break;
    }
}

ui_screen *ui_new_code_screen(ui_app *app)
{
    ui_session *s = ui_session_of(app);
    code_state *c = calloc(1, sizeof *c);
    ui_widget *col = ui_column_new(24, 16);
    if (!c || !col) {
        free(c);
        ui_widget_free(col);
        return NULL;
    }
    c->busy = ui_widget_add(col, ui_busy_new(ui_str(STR_NEWCODE_WORKING)));
    c->msg = ui_widget_add(col, ui_message_new());
    ui_screen *scr = ui_form_screen(ui_str(STR_NEWCODE_TITLE), ACT_BACK, col, c, make_action, code_free);
    if (!scr) return NULL;
    if (ui_session_start_new_code(s) == 0) {
        ui_busy_show(c->busy, &app->ctx, 1); /* its first frame keeps it moving */
    } else {
        char msg[256];
        snprintf(msg, sizeof msg, ui_str(STR_NEWCODE_FAILED), im_rc_message(IM_ERR_STATE));
        ui_message_set(c->msg, &app->ctx, msg);
    }
    return scr;
}
