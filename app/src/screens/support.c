/*
 * support.c -- "My support": the contacts a person saves ahead of time, so
 * that in a hard moment they are one tap away (issue 15).
 *
 * The card lives in the vault as one sealed record (core: support.h); this
 * screen only shows three fields and hands them to im_support_save.  Words
 * typed here are user content, so they are kept like any answer:
 *  1. Every edit asks the session to save soon (ui_session_save_soon); the
 *     saver stores the fields when they changed, and runs before any lock,
 *     trip to the background or end.  Back saves too.
 *  2. The only plaintext copy made here is an im_support on the stack,
 *     wiped right after the save.
 *  3. Without an unlocked vault (first run, locked) nothing is read or
 *     written: the screen says where the card will be.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/support.h"
#include "screens/start.h"
#include "screens/support.h"
#include "widgets/basic.h"
#include "widgets/textfield.h"

enum { ACT_BACK = 1, ACT_SAVE, ACT_CHANGED };

typedef struct support_page {
    ui_app *app;
    ui_widget *field[IM_SUPPORT_FIELDS];
    ui_widget *message;
    int dirty;
    int saver;
} support_page;

static const ui_str_id labels[IM_SUPPORT_FIELDS] = {STR_SUP_CRISIS, STR_SUP_TRUSTED, STR_SUP_THERAPIST};

/* Stores the fields; returns the core's rc. */
static im_rc store(support_page *p)
{
    ui_session *ss = ui_session_of(p->app);
    if (!ss || !ui_session_is_unlocked(ss)) return IM_ERR_LOCKED;
    im_support card;
    memset(&card, 0, sizeof card);
    for (int i = 0; i < IM_SUPPORT_FIELDS; i++) {
        const char *t = ui_field_text(p->field[i]);
        snprintf(card.field[i], sizeof card.field[i], "%s", t ? t : "");
    }
    im_rc rc = im_support_save(ss->vault, &card);
    im_support_wipe(&card);
    if (rc == IM_OK) p->dirty = 0;
    return rc;
}

static void saver(ui_app *app, void *state)
{
    (void)app;
    support_page *p = state;
    if (p->dirty) store(p);
}

static void say(support_page *p, im_rc rc)
{
    char buf[240];
    int empty = 1;
    for (int i = 0; i < IM_SUPPORT_FIELDS; i++) {
        const char *t = ui_field_text(p->field[i]);
        if (t && *t) empty = 0;
    }
    if (rc == IM_OK) snprintf(buf, sizeof buf, "%s", ui_str(empty ? STR_SUP_CLEARED : STR_SUP_SAVED));
    else if (rc == IM_ERR_INVALID) snprintf(buf, sizeof buf, "%s", ui_str(STR_SUP_INVALID));
    else snprintf(buf, sizeof buf, ui_str(STR_SUP_NOT_SAVED), im_rc_message(rc));
    ui_message_set(p->message, &p->app->ctx, buf);
    ui_ctx_relayout(&p->app->ctx);
    ui_ctx_redraw(&p->app->ctx);
}

static void support_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    support_page *p = ui_form_state(s);
    switch (a->kind) {
    case ACT_BACK:
        if (p && p->dirty) store(p);
        ui_nav_back(app);
        break;
    case ACT_CHANGED:
        if (!p) break;
        p->dirty = 1;
        ui_message_set(p->message, &app->ctx, "");
        if (ui_session_of(app)) ui_session_save_soon(ui_session_of(app));
        break;
    case ACT_SAVE:
        if (p) say(p, store(p));
        break;
    default: break;
    }
}

static void support_free(void *state)
{
    support_page *p = state;
    ui_session *ss = ui_session_of(p->app);
    if (p->saver && ss) ui_session_remove_saver(ss, saver, p);
    free(p);
}

/* Back by Esc or the phone's key: save what changed, then let it pop. */
static int support_on_back(ui_app *app, ui_screen *s)
{
    (void)app;
    support_page *p = ui_form_state(s);
    if (p && p->dirty) store(p);
    return 0;
}

ui_screen *ui_support_screen(ui_app *app)
{
    ui_session *ss = ui_session_of(app);
    int open = ss && ui_session_is_unlocked(ss);
    support_page *p = calloc(1, sizeof *p);
    ui_widget *col = ui_column_new(24, 12);
    if (!p || !col) {
        free(p);
        ui_widget_free(col);
        return NULL;
    }
    p->app = app;
    ui_widget_add(col, ui_label_new(ui_str(STR_SUP_DANGER), UI_TEXT_HEADING));
    if (!open) {
        ui_widget_add(col, ui_label_new(ui_str(ss && ss->state == UI_SESSION_NONE ? STR_SUP_NONE_YET : STR_SUP_LOCKED),
                                        UI_TEXT_BODY));
        return ui_form_screen(ui_str(STR_SUP_TITLE), ACT_BACK, col, p, support_action, support_free);
    }
    ui_widget_add(col, ui_label_new(ui_str(STR_SUP_LEAD), UI_TEXT_BODY));
    im_support card;
    im_rc rc = im_support_load(ss->vault, &card);
    int ok = 1;
    for (int i = 0; i < IM_SUPPORT_FIELDS; i++) {
        p->field[i] = ui_widget_add(col, ui_field_new(ui_str(labels[i]), UI_FIELD_LINE,
                                                      i + 1 < IM_SUPPORT_FIELDS ? 0 : ACT_SAVE, ACT_CHANGED));
        if (!p->field[i]) ok = 0;
        else if (rc == IM_OK) ui_field_set_text(p->field[i], &app->ctx, card.field[i]);
    }
    im_support_wipe(&card);
    p->message = ui_widget_add(col, ui_message_new());
    ui_widget_add(col, ui_button_new(ui_str(STR_SUP_SAVE), UI_BUTTON_PRIMARY, ACT_SAVE));
    if (!ok || !p->message) {
        ui_widget_free(col);
        free(p);
        return NULL;
    }
    if (rc != IM_OK) ui_message_set(p->message, &app->ctx, ui_str(STR_SUP_DAMAGED));
    ui_screen *s = ui_form_screen(ui_str(STR_SUP_TITLE), ACT_BACK, col, p, support_action, support_free);
    if (!s) return NULL;
    s->on_back = support_on_back;
    p->saver = ui_session_add_saver(ss, saver, p) == 0;
    return s;
}

static void then_support(ui_app *app) { ui_nav_push(app, ui_support_screen(app)); }

void ui_support_open(ui_app *app, int shared)
{
    ui_session *ss = ui_session_of(app);
    if (shared && ss && ui_session_is_unlocked(ss)) ui_nav_push(app, ui_reauth_screen(app, UI_REAUTH_SUPPORT, then_support));
    else ui_nav_push(app, ui_support_screen(app));
}
