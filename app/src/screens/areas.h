/*
 * areas.h -- the top-level areas of the app and the frame they share.
 *
 * Home, Path, Practice, Journal and Progress are the tabs (bottom tab bar on
 * phones, side rail in wide windows); Together and Settings open on top of
 * the current area with a Back button.  Which function builds each area is
 * one line per area in areas.c: the engineer who owns an area replaces the
 * placeholder on their own line and nowhere else.
 */
#ifndef UI_AREAS_H
#define UI_AREAS_H

#include "app/app.h"
#include "app/session.h"

typedef ui_screen *(*ui_area_ctor)(ui_app *app);

/* 1 for the areas shown as tabs. */
int ui_area_is_tab(ui_area area);
/* Builds the screen of an area (a placeholder until it exists). */
ui_screen *ui_area_screen(ui_app *app, ui_area area);
/* The area's title from the strings table. */
const char *ui_area_title(ui_area area);
/* A frame for an area's screen: its title, the tabs with this area
 * selected (tabs), or a Back button (Together, Settings).  Tab taps emit
 * UI_ACT_AREA_TAB, Back UI_ACT_AREA_BACK; pass both on with
 * ui_area_handle_action. */
ui_widget *ui_area_frame(ui_area area, const char *title);
/* Handles UI_ACT_AREA_TAB / UI_ACT_AREA_BACK; 1 if it did. */
int ui_area_handle_action(ui_app *app, const ui_action *a);
/* A screen saying the area is still being built. */
ui_screen *ui_area_placeholder(ui_app *app, ui_area area);
/* A plain screen: frame as above, body = a scroll view of col; on_action
 * passes area actions on and then calls extra (may be NULL). */
ui_screen *ui_area_simple_screen(ui_area area, const char *title, ui_widget *col);

#endif
