/*
 * input.h -- SDL input to gestures, keys and text for the widget tree.
 *
 * Touch and mouse become im_pointer_sample values in points for one
 * recognizer (input/gesture.h).  A mouse event SDL synthesized from touch
 * (button.which == SDL_TOUCH_MOUSEID) and a touch event synthesized from
 * the mouse (touchId == SDL_MOUSE_TOUCHID) are dropped, so nothing is
 * counted twice.  Gesture events go to the widget hit at DOWN and bubble to
 * its ancestors until one handles them (a drag that starts on a button
 * scrolls the page).  The wheel goes to the scrollable widget under the
 * mouse; Tab / Shift-Tab move focus; Esc and AC Back mean "back"; other
 * keys and text go to the focused widget.
 */
#ifndef UI_INPUT_H
#define UI_INPUT_H

#include "app/app.h"

void ui_input_event(ui_app *app, const SDL_Event *e);
/* Timer-driven gestures (press highlight, long press). */
void ui_input_tick(ui_app *app);
/* Abandon the gesture in progress (its widget is going away). */
void ui_input_cancel(ui_app *app);

#endif
