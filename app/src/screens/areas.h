/*
 * areas.h -- the top-level areas of the app and the frame they share.
 *
 * Home, Path, Practice, Journal and Progress are the tabs (bottom tab bar on
 * phones, side rail in wide windows); Together and Settings open on top of
 * the current area with a Back button.  Which class makes each area's
 * screen is one line per area in areas.c.
 */
#ifndef UI_AREAS_H
#define UI_AREAS_H

#include "app/app.h"
#include "app/session.h"

/* The areas a person can open from Home: the numbers the routes hand the
 * session (ui_routes, app/screen.h), given names here. */
typedef enum ui_area {
    UI_AREA_HOME,
    UI_AREA_PATH,
    UI_AREA_PRACTICE,
    UI_AREA_TOGETHER,
    UI_AREA_JOURNAL,
    UI_AREA_PROGRESS,
    UI_AREA_SETTINGS,
    UI_AREA_COUNT
} ui_area;

/* 1 for the areas shown as tabs. */
int ui_area_is_tab(int area);
/* The class of an area's screen (NULL outside 0 .. UI_AREA_COUNT-1). */
const ui_screen_class *ui_area_class(int area);
/* The area's title from the strings table. */
const char *ui_area_title(ui_area area);
/* A frame for an area's screen: its title, the tabs with this area
 * selected (tabs), or a Back button (Together, Settings).  Tab taps emit
 * UI_ACT_AREA_TAB, Back UI_ACT_AREA_BACK; pass both on with
 * ui_area_handle_action. */
ui_widget *ui_area_frame(ui_area area, const char *title);
/* Handles UI_ACT_AREA_TAB / UI_ACT_AREA_BACK; 1 if it did. */
int ui_area_handle_action(ui_app *app, const ui_action *a);
/* The frame hook of an area screen's class (app/screen.h): with
 *     .options = UI_SCREEN_FRAMED, .area = UI_AREA_..., .frame = ui_area_screen_frame
 * build puts its column in s->body and it sits in the area's frame. */
ui_widget *ui_area_screen_frame(const ui_screen *s);

#endif
