/* help.c -- Help and safety, and About (version, licences). */
#include <stdio.h>

#include "app/strings.h"
#include "screens/settings.h"
#include "screens/start.h"
#include "widgets/basic.h"

#ifndef IM_APP_VERSION
#define IM_APP_VERSION "unknown"
#endif

enum { ACT_BACK = 1 };

static void back_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    (void)s;
    if (a->kind == ACT_BACK) ui_nav_back(app);
}

ui_screen *ui_help_screen(ui_app *app)
{
    ui_widget *col = ui_column_new(24, 12);
    if (!col) return NULL;
    ui_widget_add(col, ui_label_new(ui_str(STR_HELP_LEAD), UI_TEXT_BODY));
    ui_content_add_item(col, im_library_find_item(ui_app_content(app), "crisis"), 1);
    return ui_form_screen(ui_str(STR_HELP_TITLE), ACT_BACK, col, NULL, back_action, NULL);
}

ui_screen *ui_about_screen(ui_app *app)
{
    ui_widget *col = ui_column_new(24, 12);
    if (!col) return NULL;
    char version[64];
    snprintf(version, sizeof version, ui_str(STR_ABOUT_VERSION), IM_APP_VERSION);
    ui_widget_add(col, ui_label_new(version, UI_TEXT_HEADING));
    ui_widget_add(col, ui_label_new(ui_str(STR_ABOUT_PRIVATE), UI_TEXT_BODY));
    ui_content_add_item(col, im_library_find_item(ui_app_content(app), "about"), 1);
    ui_widget_add(col, ui_label_new(ui_str(STR_ABOUT_LICENCES), UI_TEXT_HEADING));
    ui_widget_add(col, ui_label_new(ui_str(STR_ABOUT_FONTS), UI_TEXT_BODY));
    ui_widget_add(col, ui_label_new(ui_str(STR_ABOUT_LIBS), UI_TEXT_BODY));
    return ui_form_screen(ui_str(STR_ABOUT_TITLE), ACT_BACK, col, NULL, back_action, NULL);
}
