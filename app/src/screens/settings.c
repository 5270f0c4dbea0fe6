/*
 * settings.c -- Settings: look and feel, privacy and security, your data,
 * help and about.  The screens behind the buttons are in settings_data.c
 * (backup, restore, export, passphrase, recovery code) and help.c.  The
 * passphrase is asked again (ui_reauth_class, the one re-authentication
 * screen) before every action that reveals or replaces everything: backup,
 * restore, export, a new passphrase, a new recovery code and erasing.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app/strings.h"
#include "screens/areas.h"
#include "screens/settings.h"
#include "screens/common.h"
#include "screens/start.h"
#include "widgets/basic.h"
#include "widgets/controls.h"

enum {
    ACT_TEXT_SIZE = 1,
    ACT_DARK,
    ACT_REDUCE_MOTION,
    ACT_AUTOLOCK,
    ACT_LEAVE_GRACE,
    ACT_CHANGE_PASS,
    ACT_NEW_CODE,
    ACT_BACKUP,
    ACT_RESTORE,
    ACT_EXPORT,
    ACT_ERASE,
    ACT_ERASE_CONFIRM,
    ACT_ERASE_CANCEL,
    ACT_HELP,
    ACT_ABOUT,
    ACT_PERSON_ADD
};

static const float text_sizes[] = { 0.85f, 1.0f, 1.25f, 1.5f, 2.0f };
static const char *const text_size_names[] = { "85%", "100%", "125%", "150%", "200%" };
#define NSIZES 5
static const int autolock_s[] = { 60, 300, 900, 3600 };
static const ui_str_id autolock_names[] = { STR_SET_AUTOLOCK_1, STR_SET_AUTOLOCK_5, STR_SET_AUTOLOCK_15,
                                            STR_SET_AUTOLOCK_60 };
#define NLOCKS 4
static const int leave_s[] = { 0, 30, 120, 300 };
static const ui_str_id leave_names[] = { STR_GB_LEAVE_0, STR_GB_LEAVE_30, STR_GB_LEAVE_120, STR_GB_LEAVE_300 };
#define NLEAVES 4

static void then_change(ui_app *app)
{
    ui_nav_push(app, ui_screen_new(app, &ui_newpass_class, &(ui_newpass_args){ .from_settings = 1 }));
}
static void then_new_code(ui_app *app) { ui_nav_push(app, ui_screen_new(app, &ui_new_code_class, NULL)); }
static void then_export(ui_app *app) { ui_nav_push(app, ui_screen_new(app, &ui_export_class, NULL)); }
static void then_erase(ui_app *app) { ui_erase_dialog(app, ACT_ERASE_CONFIRM, ACT_ERASE_CANCEL); }
static void then_backup(ui_app *app) { ui_nav_push(app, ui_screen_new(app, &ui_backup_class, NULL)); }
static void then_person_add(ui_app *app) { ui_nav_push(app, ui_screen_new(app, &ui_person_add_class, NULL)); }
static void then_restore(ui_app *app) { ui_nav_push(app, ui_screen_new(app, &ui_restore_class, NULL)); }

static void gate(ui_app *app, ui_reauth_for why, void (*then)(ui_app *app))
{
    ui_nav_push(app, ui_screen_new(app, &ui_reauth_class, &(ui_reauth_args){ why, then }));
}

static void settings_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    (void)scr;
    if (ui_area_handle_action(app, a)) return;
    ui_session *s = ui_session_of(app);
    switch (a->kind) {
    case ACT_TEXT_SIZE:
        if (a->value >= 0 && a->value < NSIZES) ui_app_set_text_scale(app, text_sizes[a->value]);
        break;
    case ACT_DARK: ui_app_set_theme(app, a->value ? UI_THEME_DARK : UI_THEME_LIGHT); break;
    case ACT_REDUCE_MOTION: ui_app_set_reduce_motion(app, a->value); break;
    case ACT_AUTOLOCK:
        if (a->value >= 0 && a->value < NLOCKS) ui_session_set_autolock(s, autolock_s[a->value]);
        break;
    case ACT_LEAVE_GRACE:
        if (a->value >= 0 && a->value < NLEAVES) ui_session_set_leave_grace(s, leave_s[a->value]);
        break;
    case ACT_CHANGE_PASS: gate(app, UI_REAUTH_CHANGE_PASS, then_change); break;
    case ACT_NEW_CODE: gate(app, UI_REAUTH_NEW_CODE, then_new_code); break;
    case ACT_EXPORT: gate(app, UI_REAUTH_EXPORT, then_export); break;
    case ACT_ERASE: gate(app, UI_REAUTH_ERASE, then_erase); break;
    case ACT_BACKUP: gate(app, UI_REAUTH_BACKUP, then_backup); break;
    case ACT_RESTORE: gate(app, UI_REAUTH_RESTORE, then_restore); break;
    case ACT_PERSON_ADD: gate(app, UI_REAUTH_PERSON_ADD, then_person_add); break;
    case ACT_HELP: ui_nav_push(app, ui_screen_new(app, &ui_help_class, NULL)); break;
    case ACT_ABOUT: ui_nav_push(app, ui_screen_new(app, &ui_about_class, NULL)); break;
    case ACT_ERASE_CANCEL: ui_app_close_overlay(app); break;
    case ACT_ERASE_CONFIRM: {
        ui_app_close_overlay(app);
        int person = ui_session_is_person(s); /* theirs goes, and the owner's lock screen shows */
        im_rc rc = ui_session_erase(s);       /* every screen goes; the welcome shows */
        char msg[256];
        if (rc == IM_OK) snprintf(msg, sizeof msg, "%s", ui_str(person ? STR_PP_ERASED : STR_ERASE_DONE));
        else snprintf(msg, sizeof msg, ui_str(STR_ERASE_FAILED), im_rc_message(rc));
        ui_app_toast(app, msg);
        break;
    }
    default: break;
    }
}

static void add_heading(ui_widget *col, ui_str_id id)
{
    ui_widget_add(col, ui_spacer_new(8));
    ui_widget_add(col, ui_label_new(ui_str(id), UI_TEXT_HEADING));
}

static void add_button(ui_widget *col, ui_str_id id, int action)
{
    ui_widget_add(col, ui_button_new(ui_str(id), UI_BUTTON_SECONDARY, action));
}

static int settings_build(ui_app *app, ui_screen *scr, const void *args)
{
    (void)args;
    ui_session *s = ui_session_of(app);
    ui_widget *col = scr->body = ui_column_new(16, 12);
    if (!col) return -1;
    scr->title = ui_area_title(UI_AREA_SETTINGS);
    add_heading(col, STR_SET_LOOK);
    ui_widget_add(col, ui_label_new(ui_str(STR_SET_TEXT_SIZE), UI_TEXT_BODY));
    ui_widget *sizes = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    for (int i = 0; i < NSIZES && sizes; i++) {
        ui_widget *chip = ui_widget_add(sizes, ui_chip_new(text_size_names[i], ACT_TEXT_SIZE));
        if (chip) chip->value = app->text_scale > text_sizes[i] - 0.01f && app->text_scale < text_sizes[i] + 0.01f;
    }
    ui_widget_add(col, ui_toggle_new(ui_str(STR_SET_DARK), app->ctx.theme == UI_THEME_DARK, ACT_DARK));
    ui_widget_add(col, ui_toggle_new(ui_str(STR_SET_REDUCE_MOTION), app->ctx.reduce_motion, ACT_REDUCE_MOTION));

    add_heading(col, STR_SET_SECURITY);
    ui_widget_add(col, ui_label_new(ui_str(STR_SET_AUTOLOCK), UI_TEXT_BODY));
    ui_widget *locks = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    for (int i = 0; i < NLOCKS && locks; i++) {
        ui_widget *chip = ui_widget_add(locks, ui_chip_new(ui_str(autolock_names[i]), ACT_AUTOLOCK));
        if (chip) chip->value = s->autolock_s == autolock_s[i];
    }
    ui_widget_add(col, ui_label_new(ui_str(STR_SET_AUTOLOCK_NOTE), UI_TEXT_SMALL));
    ui_widget_add(col, ui_label_new(ui_str(STR_GB_LEAVE), UI_TEXT_BODY));
    ui_widget *leaves = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    for (int i = 0; i < NLEAVES && leaves; i++) {
        ui_widget *chip = ui_widget_add(leaves, ui_chip_new(ui_str(leave_names[i]), ACT_LEAVE_GRACE));
        if (chip) chip->value = s->leave_grace_s == leave_s[i];
    }
    add_button(col, STR_SET_CHANGE_PASS, ACT_CHANGE_PASS);
    add_button(col, STR_SET_NEW_RECOVERY, ACT_NEW_CODE);
    /* only the owner lets someone else in (core refuses a person too) */
    if (!ui_session_is_person(s)) add_button(col, STR_PP_SET_ADD, ACT_PERSON_ADD);

    add_heading(col, STR_SET_DATA);
    add_button(col, STR_SET_BACKUP, ACT_BACKUP);
    add_button(col, STR_SET_RESTORE, ACT_RESTORE);
    add_button(col, STR_SET_EXPORT, ACT_EXPORT);
    add_button(col, STR_SET_ERASE, ACT_ERASE);

    ui_widget_add(col, ui_spacer_new(8));
    add_button(col, STR_SET_HELP, ACT_HELP);
    add_button(col, STR_SET_ABOUT, ACT_ABOUT);
    return 0;
}

const ui_screen_class ui_settings_class = {
    .name = "settings",
    .options = UI_SCREEN_FRAMED,
    .area = UI_AREA_SETTINGS,
    .frame = ui_area_screen_frame,
    .build = settings_build,
    .action = settings_action,
};
