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
#include "innermost/couple_space.h"
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
    ACT_HIGH_CONTRAST,
    ACT_MOTION_FOLLOW,
    ACT_CONTRAST_FOLLOW,
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
    ACT_PERSON_ADD,
    ACT_COUPLE_LINK,
    ACT_COUPLE_LEAVE
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

/* The settings that can follow the system (look and feel), kept so they
 * change in place when the person or the system changes them. */
typedef struct follow_row {
    ui_widget *toggle, *note, *silent, *follow; /* the note or the button shows */
} follow_row;

typedef struct settings_state {
    ui_widget *like_chip, *size_chips[NSIZES];
    follow_row motion, contrast;
} settings_state;

static void show(ui_widget *w, int on)
{
    if (!w) return;
    if (on) w->flags &= ~(unsigned)UI_WF_HIDDEN;
    else w->flags |= UI_WF_HIDDEN;
}

static void update_row(ui_app *app, follow_row *r, ui_pref_kind kind, int on, int system_says)
{
    int follows = ui_app_follows_system(app, kind);
    if (r->toggle && r->toggle->value != on) ui_toggle_set(r->toggle, &app->ctx, on);
    show(r->note, follows && system_says >= 0);
    show(r->silent, follows && system_says < 0);
    if (!follows || !r->follow) {
        show(r->follow, !follows);
    } else if (!(r->follow->flags & UI_WF_HIDDEN)) {
        if (app->ctx.focus == r->follow) ui_ctx_set_focus(&app->ctx, r->toggle); /* the button goes */
        show(r->follow, 0);
    }
}

/* What is in force, and what the system says, shown again. */
static void update(ui_app *app, settings_state *st)
{
    ui_system_prefs sys = ui_app_system_prefs(app);
    int follows = ui_app_follows_system(app, UI_PREF_TEXT);
    if (st->like_chip) {
        char like[64];
        /* the size the app would use: the system's, within what the app can show */
        float t = sys.text_scale > 0.0f ? sys.text_scale : 1.0f;
        t = t < UI_TEXT_SCALE_MIN ? UI_TEXT_SCALE_MIN : t > UI_TEXT_SCALE_MAX ? UI_TEXT_SCALE_MAX : t;
        snprintf(like, sizeof like, ui_str(STR_SET_TEXT_SYSTEM), (int)(t * 100.0f + 0.5f));
        ui_widget_set_label(st->like_chip, like);
        st->like_chip->value = follows;
    }
    for (int i = 0; i < NSIZES; i++)
        if (st->size_chips[i])
            st->size_chips[i]->value = !follows && app->text_scale > text_sizes[i] - 0.01f &&
                                       app->text_scale < text_sizes[i] + 0.01f;
    update_row(app, &st->motion, UI_PREF_MOTION, app->ctx.reduce_motion, sys.reduce_motion);
    update_row(app, &st->contrast, UI_PREF_CONTRAST, app->ctx.high_contrast, sys.high_contrast);
    ui_ctx_relayout(&app->ctx);
}

static void add_followable(ui_widget *col, follow_row *r, ui_str_id name, int action, ui_str_id follow_name,
                           int follow_action)
{
    r->toggle = ui_widget_add(col, ui_toggle_new(ui_str(name), 0, action));
    r->note = ui_widget_add(col, ui_label_new(ui_str(STR_SET_FOLLOWS_SYSTEM), UI_TEXT_SMALL));
    r->silent = ui_widget_add(col, ui_label_new(ui_str(STR_SET_SYSTEM_SILENT), UI_TEXT_SMALL));
    r->follow = ui_widget_add(col, ui_button_new(ui_str(follow_name), UI_BUTTON_TEXT, follow_action));
}

static void settings_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    settings_state *st = scr->state;
    if (ui_area_handle_action(app, a)) return;
    ui_session *s = ui_session_of(app);
    switch (a->kind) {
    case ACT_TEXT_SIZE:
        /* chip 0 is "Like the system", then the sizes */
        if (a->value == 0) ui_app_follow_system(app, UI_PREF_TEXT);
        else if (a->value >= 1 && a->value <= NSIZES) ui_app_set_text_scale(app, text_sizes[a->value - 1]);
        update(app, st);
        break;
    case ACT_DARK: ui_app_set_theme(app, a->value ? UI_THEME_DARK : UI_THEME_LIGHT); break;
    case ACT_REDUCE_MOTION:
        ui_app_set_reduce_motion(app, a->value);
        update(app, st);
        break;
    case ACT_HIGH_CONTRAST:
        ui_app_set_high_contrast(app, a->value);
        update(app, st);
        break;
    case ACT_MOTION_FOLLOW:
        ui_app_follow_system(app, UI_PREF_MOTION);
        update(app, st);
        break;
    case ACT_CONTRAST_FOLLOW:
        ui_app_follow_system(app, UI_PREF_CONTRAST);
        update(app, st);
        break;
    case UI_ACT_SYSTEM_PREFS: update(app, st); break; /* what the system says changed */
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
    case ACT_COUPLE_LINK: ui_nav_push(app, ui_screen_new(app, &ui_couple_link_class, NULL)); break;
    case ACT_COUPLE_LEAVE: ui_nav_push(app, ui_screen_new(app, &ui_couple_leave_class, NULL)); break;
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
    settings_state *st = scr->state = calloc(1, sizeof *st);
    if (!st) return -1;
    ui_widget *sizes = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    if (sizes) st->like_chip = ui_widget_add(sizes, ui_chip_new("", ACT_TEXT_SIZE)); /* its words: update() */
    for (int i = 0; i < NSIZES && sizes; i++)
        st->size_chips[i] = ui_widget_add(sizes, ui_chip_new(text_size_names[i], ACT_TEXT_SIZE));
    ui_widget_add(col, ui_toggle_new(ui_str(STR_SET_DARK), app->ctx.theme == UI_THEME_DARK, ACT_DARK));
    add_followable(col, &st->motion, STR_SET_REDUCE_MOTION, ACT_REDUCE_MOTION, STR_SET_MOTION_FOLLOW,
                   ACT_MOTION_FOLLOW);
    add_followable(col, &st->contrast, STR_SET_HIGH_CONTRAST, ACT_HIGH_CONTRAST, STR_SET_CONTRAST_FOLLOW,
                   ACT_CONTRAST_FOLLOW);
    if (st->motion.toggle) ui_toggle_set(st->motion.toggle, NULL, app->ctx.reduce_motion); /* no animation */
    if (st->contrast.toggle) ui_toggle_set(st->contrast.toggle, NULL, app->ctx.high_contrast);
    update(app, st);

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
    /* the partner proves their own passphrase: no one links a space they
     * cannot open; an owner who left the couple's space links nothing to it */
    int in_couple = s->couple != NULL;
    if (!ui_session_is_person(s) && (in_couple || !im_couple_space_exists(app->data_dir)))
        add_button(col, STR_PP_LINK, ACT_COUPLE_LINK);
    /* a member leaves of their own accord: the owner, or a linked person
     * undoing the link (couple_link.c) */
    if (in_couple) add_button(col, STR_CL_SET, ACT_COUPLE_LEAVE);

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

static void settings_free(ui_screen *scr) { free(scr->state); }

const ui_screen_class ui_settings_class = {
    .name = "settings",
    .options = UI_SCREEN_FRAMED,
    .area = UI_AREA_SETTINGS,
    .frame = ui_area_screen_frame,
    .build = settings_build,
    .action = settings_action,
    .free = settings_free,
};
