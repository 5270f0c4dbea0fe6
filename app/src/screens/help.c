/*
 * help.c -- Help and safety, every safety note (ui_safety_class), and
 * About (version, licences).
 *
 * Safety screens: every safety link of the app -- the help
 * screen, the "Safety" button of an item or exercise, the path's safety
 * entry, Together -- opens a note here, and each starts with the same two
 * buttons: "My support" (the contacts saved ahead of time, screens/
 * support.c) and the note for anyone afraid of their partner.  So the card
 * is one tap from every safety link; from Together (shared) it asks for the
 * passphrase first, as the partner may be holding the device.
 *
 * After those buttons the crisis steps come first (the note's own order,
 * content/safety.txt), before anything about what the app is not: someone
 * who opens Help in a hard moment needs where to turn before a disclaimer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/strings.h"
#include "screens/settings.h"
#include "screens/common.h"
#include "screens/support.h"
#include "widgets/basic.h"

#define AFRAID_NOTE "afraid-of-partner"

#ifndef IM_APP_VERSION
#define IM_APP_VERSION "unknown"
#endif

enum { ACT_BACK = 1, ACT_SUPPORT, ACT_AFRAID };

typedef struct safety_page {
    int shared; /* opened from Together */
} safety_page;

static void back_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    (void)s;
    if (a->kind == ACT_BACK) ui_nav_back(app);
}

static void safety_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    safety_page *p = s->state;
    int shared = p ? p->shared : 1; /* unsure: the careful way */
    switch (a->kind) {
    case ACT_BACK: ui_nav_back(app); break;
    case ACT_SUPPORT: ui_support_open(app, shared); break;
    case ACT_AFRAID:
        ui_nav_push(app, ui_screen_new(app, &ui_safety_class, &(ui_safety_args){ AFRAID_NOTE, shared }));
        break;
    default: break;
    }
}

static void safety_free(ui_screen *s) { free(s->state); }

/* The two buttons every safety screen starts with (the second unless the
 * note is that one), and the private-gate line when shared. */
static void add_safety_buttons(ui_widget *col, const char *note_id, int shared)
{
    ui_widget_add(col, ui_button_new(ui_str(STR_SAFE_MY_SUPPORT), UI_BUTTON_PRIMARY, ACT_SUPPORT));
    if (shared) ui_widget_add(col, ui_label_new(ui_str(STR_SUP_PRIVATE_GATE), UI_TEXT_SMALL));
    if (!note_id || strcmp(note_id, AFRAID_NOTE) != 0)
        ui_widget_add(col, ui_button_new(ui_str(STR_SAFE_AFRAID), UI_BUTTON_SECONDARY, ACT_AFRAID));
}

/* The page's state and column; -1 when out of memory. */
static int safety_start(ui_screen *s, int shared)
{
    safety_page *p = s->state = calloc(1, sizeof *p);
    s->body = ui_column_new(24, 12);
    if (!p || !s->body) return -1;
    p->shared = shared;
    s->back_action = ACT_BACK;
    return 0;
}

static int safety_build(ui_app *app, ui_screen *s, const void *args)
{
    const ui_safety_args *sa = args;
    const char *note_id = sa ? sa->note_id : NULL;
    if (safety_start(s, sa ? sa->shared : 1) != 0) return -1;
    const im_item *note = note_id ? im_library_find_item(ui_app_content(app), note_id) : NULL;
    if (!note) note = im_library_find_item(ui_app_content(app), "crisis");
    add_safety_buttons(s->body, note ? note->id : NULL, sa ? sa->shared : 1);
    ui_content_add_item(s->body, note, 0);
    s->title = note && note->title ? note->title : ui_str(STR_HELP_TITLE);
    return 0;
}

const ui_screen_class ui_safety_class = {
    .name = "safety", .options = UI_SCREEN_FORM, .build = safety_build, .action = safety_action, .free = safety_free
};

static int help_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)args;
    if (safety_start(s, 0) != 0) return -1;
    s->title = ui_str(STR_HELP_TITLE);
    add_safety_buttons(s->body, "crisis", 0);
    ui_content_add_item(s->body, im_library_find_item(ui_app_content(app), "crisis"), 1);
    ui_widget_add(s->body, ui_label_new(ui_str(STR_HELP_LEAD), UI_TEXT_BODY));
    return 0;
}

const ui_screen_class ui_help_class = {
    .name = "help", .options = UI_SCREEN_FORM, .build = help_build, .action = safety_action, .free = safety_free
};

static int about_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)args;
    ui_widget *col = s->body = ui_column_new(24, 12);
    if (!col) return -1;
    s->title = ui_str(STR_ABOUT_TITLE);
    s->back_action = ACT_BACK;
    char version[64];
    snprintf(version, sizeof version, ui_str(STR_ABOUT_VERSION), IM_APP_VERSION);
    ui_widget_add(col, ui_label_new(version, UI_TEXT_HEADING));
    ui_widget_add(col, ui_label_new(ui_str(STR_ABOUT_PRIVATE), UI_TEXT_BODY));
    ui_content_add_item(col, im_library_find_item(ui_app_content(app), "about"), 1);
    ui_widget_add(col, ui_label_new(ui_str(STR_ABOUT_LICENCES), UI_TEXT_HEADING));
    ui_widget_add(col, ui_label_new(ui_str(STR_ABOUT_FONTS), UI_TEXT_BODY));
    ui_widget_add(col, ui_label_new(ui_str(STR_ABOUT_LIBS), UI_TEXT_BODY));
    return 0;
}

const ui_screen_class ui_about_class = {
    .name = "about", .options = UI_SCREEN_FORM, .build = about_build, .action = back_action
};
