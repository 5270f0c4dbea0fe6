/*
 * swipe.h -- a container that turns a horizontal swipe into "next card" /
 * "previous card".
 *
 * It holds one child (the card, usually a scroll view) filling it.  Vertical
 * drags go to the child (scroll views ignore horizontal drags and let them
 * bubble up here); a horizontal drag that ends farther than
 * SWIPE_DISTANCE_PT from where it started, or a horizontal fling, emits the
 * container's action with value +1 (finger moved left: next) or -1 (right:
 * back).  While the finger moves the card follows it, so a person sees what
 * the gesture does; it springs back on release.
 */
#ifndef UI_SWIPE_H
#define UI_SWIPE_H

#include "widgets/widget.h"

#define SWIPE_DISTANCE_PT 80.0f

extern const ui_class ui_swipe_class;

ui_widget *ui_swipe_new(int action);
/* Replaces the card (frees the old one with its tickers and focus). */
void ui_swipe_set_card(ui_widget *w, ui_ctx *c, ui_widget *card);

#endif
