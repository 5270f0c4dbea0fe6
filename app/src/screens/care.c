/*
 * care.c -- the care card (see care.h).
 *
 * The words are warm and plain and never diagnose: the card does not say
 * what the person feels or why, only that they do not have to do anything
 * with it, and what is here if they want it.  Everything on it is one tap
 * and skippable; Skip is as visible as the rest so that moving on never
 * feels like refusing help.
 *
 * The saved contacts are shown on the card itself (a hard moment is the
 * wrong time to look for them), read from the sealed card and wiped from
 * the stack at once; the labels go with the screen, and every screen goes
 * at a lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/support.h"
#include "screens/care.h"
#include "screens/player.h"
#include "screens/support.h"
#include "widgets/basic.h"

/* The practice offered first: even breathing, the gentlest of the three. */
#define CARE_BREATHING "breathing-even"
#define CRISIS_NOTE "crisis"

enum { ACT_SKIP = 1, ACT_BREATHE, ACT_SUPPORT, ACT_CRISIS };

static void care_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    (void)s;
    const im_exercise *breathing = im_library_find_exercise(ui_app_content(app), CARE_BREATHING);
    switch (a->kind) {
    case ACT_SKIP: ui_nav_back(app); break;
    case ACT_BREATHE:
        if (breathing) ui_nav_push(app, ui_screen_new(app, &ui_player_class, breathing));
        break;
    case ACT_SUPPORT: ui_support_open(app, 0); break;
    case ACT_CRISIS: ui_nav_push(app, ui_screen_new(app, &ui_safety_class, &(ui_safety_args){ CRISIS_NOTE, 0 })); break;
    default: break;
    }
}

/* The contacts the person saved, one label each; a line pointing to the
 * card when there are none (or it cannot be read). */
static void add_contacts(ui_app *app, ui_widget *col)
{
    ui_session *s = ui_session_of(app);
    im_support card;
    int shown = 0;
    if (s && s->vault) {
        if (im_support_load(s->vault, &card) == IM_OK)
            for (int i = 0; i < IM_SUPPORT_FIELDS; i++)
                if (card.field[i][0] && ui_widget_add(col, ui_label_new(card.field[i], UI_TEXT_BODY))) shown++;
        im_support_wipe(&card);
    }
    if (!shown) ui_widget_add(col, ui_label_new(ui_str(STR_CARE_NO_CONTACTS), UI_TEXT_SMALL));
    ui_widget_add(col, ui_button_new(ui_str(STR_SAFE_MY_SUPPORT), UI_BUTTON_SECONDARY, ACT_SUPPORT));
}

static int care_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)args;
    ui_widget *col = s->body = ui_column_new(24, 12);
    if (!col) return -1;
    s->title = ui_str(STR_CARE_TITLE);
    s->back_action = ACT_SKIP;
    ui_widget_add(col, ui_label_new(ui_str(STR_CARE_HEADING), UI_TEXT_HEADING));
    ui_widget_add(col, ui_label_new(ui_str(STR_CARE_BODY), UI_TEXT_BODY));
    if (im_library_find_exercise(ui_app_content(app), CARE_BREATHING))
        ui_widget_add(col, ui_button_new(ui_str(STR_CARE_BREATHE), UI_BUTTON_PRIMARY, ACT_BREATHE));
    ui_widget_add(col, ui_label_new(ui_str(STR_CARE_PEOPLE), UI_TEXT_HEADING));
    add_contacts(app, col);
    ui_widget_add(col, ui_label_new(ui_str(STR_SUP_DANGER), UI_TEXT_BODY));
    ui_widget_add(col, ui_button_new(ui_str(STR_CARE_CRISIS), UI_BUTTON_SECONDARY, ACT_CRISIS));
    ui_widget_add(col, ui_label_new(ui_str(STR_CARE_PRIVATE), UI_TEXT_SMALL));
    ui_widget_add(col, ui_button_new(ui_str(STR_CARE_SKIP), UI_BUTTON_TEXT, ACT_SKIP));
    return 0;
}

const ui_screen_class ui_care_class = {
    .name = "care", .options = UI_SCREEN_FRAMED, .build = care_build, .action = care_action
};

void ui_care_open(ui_app *app) { ui_nav_push(app, ui_screen_new(app, &ui_care_class, NULL)); }
