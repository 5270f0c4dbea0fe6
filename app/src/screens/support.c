/*
 * support.c -- "My support": the contacts a person saves ahead of time, so
 * that in a hard moment they are one tap away.
 *
 * The card lives in the vault as one sealed record (core: support.h); this
 * screen only shows three fields and hands them to im_support_save.  Words
 * typed here are user content, so they are kept like any answer:
 *  1. Every edit asks the session to save soon (ui_session_save_soon); the
 *     class's save stores the fields when they changed, and runs before any lock,
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
#include "screens/common.h"
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
} support_page;

static const ui_str_id labels[IM_SUPPORT_FIELDS] = { STR_SUP_CRISIS, STR_SUP_TRUSTED, STR_SUP_THERAPIST };

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

/* The class's save: the fields, when they changed (only an open card can
 * change: the locked one has no fields). */
static void support_save(ui_app *app, ui_screen *s)
{
    (void)app;
    support_page *p = s->state;
    if (p && p->dirty) store(p);
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
    support_page *p = s->state;
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

static void support_free(ui_screen *s) { free(s->state); }

/* Back by Esc or the phone's key: save what changed, then let it pop. */
static int support_on_back(ui_app *app, ui_screen *s)
{
    support_save(app, s);
    return 0;
}

static int support_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)args;
    ui_session *ss = ui_session_of(app);
    int open = ss && ui_session_is_unlocked(ss);
    support_page *p = s->state = calloc(1, sizeof *p);
    ui_widget *col = s->body = ui_column_new(24, 12);
    if (!p || !col) return -1;
    p->app = app;
    s->title = ui_str(STR_SUP_TITLE);
    s->back_action = ACT_BACK;
    ui_widget_add(col, ui_label_new(ui_str(STR_SUP_DANGER), UI_TEXT_HEADING));
    if (!open) {
        ui_widget_add(col, ui_label_new(ui_str(ss && ss->state == UI_SESSION_NONE ? STR_SUP_NONE_YET : STR_SUP_LOCKED),
                                        UI_TEXT_BODY));
        return 0;
    }
    ui_widget_add(col, ui_label_new(ui_str(STR_SUP_LEAD), UI_TEXT_BODY));
    im_support card;
    im_rc rc = im_support_load(ss->vault, &card);
    int ok = 1;
    for (int i = 0; i < IM_SUPPORT_FIELDS; i++) {
        p->field[i] = ui_widget_add(
            col, ui_field_new(ui_str(labels[i]), UI_FIELD_LINE, i + 1 < IM_SUPPORT_FIELDS ? 0 : ACT_SAVE, ACT_CHANGED));
        ui_field_set_wrap(p->field[i]); /* a saved number read whole at 200 % too */
        if (!p->field[i]) ok = 0;
        else if (rc == IM_OK) ui_field_set_text(p->field[i], &app->ctx, card.field[i]);
    }
    im_support_wipe(&card);
    p->message = ui_widget_add(col, ui_message_new());
    ui_widget_add(col, ui_button_new(ui_str(STR_SUP_SAVE), UI_BUTTON_PRIMARY, ACT_SAVE));
    if (!ok || !p->message) return -1;
    if (rc != IM_OK) ui_message_say(p->message, &app->ctx, UI_MESSAGE_ERROR, ui_str(STR_SUP_DAMAGED));
    return 0;
}

const ui_screen_class ui_support_class = {
    .name = "support",
    .options = UI_SCREEN_FRAMED,
    .build = support_build,
    .action = support_action,
    .back = support_on_back,
    .save = support_save,
    .free = support_free,
};

static void then_support(ui_app *app) { ui_nav_push(app, ui_screen_new(app, &ui_support_class, NULL)); }

void ui_support_open(ui_app *app, int shared)
{
    ui_session *ss = ui_session_of(app);
    if (shared && ss && ui_session_is_unlocked(ss))
        ui_nav_push(app, ui_screen_new(app, &ui_reauth_class, &(ui_reauth_args){ UI_REAUTH_SUPPORT, then_support }));
    else ui_nav_push(app, ui_screen_new(app, &ui_support_class, NULL));
}
