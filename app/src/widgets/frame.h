/*
 * frame.h -- the shape of a screen: header, navigation, body.
 *
 * A frame fills the window.  Its header shows the title and, when the
 * screen can go back, a "Back" button.  Over a body that scrolls (a
 * ui_scroll_new view) the title is large at the top of the page, in room
 * the page leaves above its content, and scrolls with it under the bar,
 * where the bar's own copy fades in (scroll-linked; with Reduce motion
 * it appears at once): a long title at 200 % text takes the screen only
 * while the page is at its top.  A bar holding nothing but the title (no
 * Back, no actions: Home, the tabs, the welcome) is not drawn at the
 * page's top -- the large title is the top of the screen -- and comes in
 * from above as the page scrolls, a pixel for each pixel, over the
 * title's own room, so the content never jumps.  Titles wrap between
 * words, never inside one, and end in an ellipsis past their lines; the
 * widget (class
 * "frame-title", a heading) keeps the whole title as its name.
 * Each tab shows an icon (ui_frame_set_nav_icons) above its label.  Navigation is a tab bar along the
 * bottom on phones and a side rail on the left in wide windows
 * (UI_WIDE_WINDOW_PT and up); the choice is remade at every layout, so a
 * rotation or resize switches between them.  The body (usually a scroll
 * view) takes the rest.
 */
#ifndef UI_FRAME_H
#define UI_FRAME_H

#include "widgets/widget.h"

extern const ui_class ui_frame_class, ui_nav_class;

/* back_action 0: no Back button. */
ui_widget *ui_frame_new(const char *title, int back_action);
/* Tabs: labels[0..n), `selected`; tapping one emits `action` with its index. */
void ui_frame_set_nav(ui_widget *frame, const char *const *labels, int n, int selected, int action);
/* Each tab's icon, icons[i] for tab i (UTF-8, static, NULL: none): drawn
 * in the tab above its label and never read out -- a tab's accessible
 * name stays its label.  The bundled symbol face (fonts/) has the glyphs. */
void ui_frame_set_nav_icons(ui_widget *frame, const char *const *icons, int n);
void ui_frame_set_body(ui_widget *frame, ui_widget *body);
/* A text button at the header's end (after the title, which keeps the rest
 * of the width), emitting `action`: a screen's own command, such as Search,
 * that stays in reach without taking the page's height. */
ui_widget *ui_frame_add_action(ui_widget *frame, const char *label, int action);
ui_widget *ui_frame_nav(ui_widget *frame);
/* Pixels of the window's height the frame's chrome takes as last laid out:
 * its header, plus the tab bar when it runs along the bottom (a side rail
 * takes width, not height). */
int ui_frame_chrome_height(const ui_widget *frame);

#endif
