/*
 * controls.h -- toggle, choice chips, the 0-10 slider, progress dots.
 *
 * Each is at least UI_TOUCH_TARGET_PT tall and carries an accessible label:
 * the toggle's and slider's text, the chip's text, "Step k of n" for dots.
 * Values live in ui_widget.value; a change emits the widget's action with
 * the new value.
 */
#ifndef UI_CONTROLS_H
#define UI_CONTROLS_H

#include "widgets/widget.h"

/* The slider's range is 0 .. UI_SLIDER_MAX in steps of 1. */
#define UI_SLIDER_MAX 10

extern const ui_class ui_toggle_class, ui_chip_class, ui_slider_class, ui_dots_class;

ui_widget *ui_toggle_new(const char *label, int on, int action);
void ui_toggle_set(ui_widget *w, ui_ctx *c, int on);
/* A chip; put chips in a UI_ROW_WRAP row: selecting one clears its
 * siblings (single choice).  The action's value is the chip's index. */
ui_widget *ui_chip_new(const char *label, int action);
ui_widget *ui_slider_new(const char *label, int value, int action);
/* count dots, `current` (0-based) highlighted. */
ui_widget *ui_dots_new(int count, int current);
void ui_dots_set(ui_widget *w, ui_ctx *c, int current);

#endif
