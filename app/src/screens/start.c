/*
 * start.c -- the first screens when the data cannot be used: a clear
 * message (another window has it; it cannot be read) and "Try again".
 * Neither touches the data.  Which first screen shows is the session's
 * choice (ui_session_first_screen, by the routes).
 */
#include <stdio.h>
#include <stdlib.h>

#include "app/strings.h"
#include "screens/start.h"
#include "widgets/basic.h"

enum { ACT_RETRY = 1, ACT_ERASE, ACT_ERASE_CONFIRM, ACT_ERASE_CANCEL };

static void problem_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    (void)scr;
    ui_session *s = ui_session_of(app);
    switch (a->kind) {
    case ACT_RETRY: /* the other window may have closed, or the disk come back */
        ui_session_reopen(s);
        ui_nav_reset(app, ui_session_first_screen(s));
        break;
    /* no secret can be checked here: set aside, never destroyed (issue 14) */
    case ACT_ERASE: ui_start_over_dialog(app, ACT_ERASE_CONFIRM, ACT_ERASE_CANCEL); break;
    case ACT_ERASE_CANCEL: ui_app_close_overlay(app); break;
    case ACT_ERASE_CONFIRM:
        ui_app_close_overlay(app);
        ui_start_over(app);
        break;
    default: break;
    }
}

static int busy_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)app, (void)args;
    ui_widget *col = s->body = ui_column_new(24, 16);
    if (!col) return -1;
    s->title = ui_str(STR_APP_NAME);
    ui_widget_add(col, ui_label_new(ui_str(STR_BUSY_TITLE), UI_TEXT_HEADING));
    ui_widget_add(col, ui_label_new(ui_str(STR_BUSY_BODY), UI_TEXT_BODY));
    ui_widget_add(col, ui_button_new(ui_str(STR_TRY_AGAIN), UI_BUTTON_PRIMARY, ACT_RETRY));
    return 0;
}

const ui_screen_class ui_busy_class = {
    .name = "busy", .options = UI_SCREEN_FORM, .build = busy_build, .action = problem_action
};

static int broken_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)args;
    ui_session *ss = ui_session_of(app);
    ui_widget *col = s->body = ui_column_new(24, 16);
    if (!col) return -1;
    s->title = ui_str(STR_APP_NAME);
    char body[512];
    snprintf(body, sizeof body, ui_str(STR_BROKEN_BODY), im_rc_message(ss->open_rc));
    ui_widget_add(col, ui_label_new(ui_str(STR_BROKEN_TITLE), UI_TEXT_HEADING));
    ui_widget_add(col, ui_label_new(body, UI_TEXT_BODY));
    ui_widget_add(col, ui_button_new(ui_str(STR_TRY_AGAIN), UI_BUTTON_PRIMARY, ACT_RETRY));
    ui_widget_add(col, ui_button_new(ui_str(STR_GB_START_OVER), UI_BUTTON_TEXT, ACT_ERASE));
    return 0;
}

const ui_screen_class ui_broken_class = {
    .name = "broken", .options = UI_SCREEN_FORM, .build = broken_build, .action = problem_action
};
