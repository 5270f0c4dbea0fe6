/*
 * anim.h -- a value easing from one number to another over a duration.
 *
 * Widgets keep a ui_anim, start it, register a ticker (ui_ctx_start_ticker)
 * and read ui_anim_value() while drawing; the ticker returns
 * ui_anim_running() so it stops the moment the animation ends.  With
 * reduce-motion the duration is 0: the change is instant and no frame is
 * spent animating.
 */
#ifndef UI_ANIM_H
#define UI_ANIM_H

#include <stdint.h>

#include "widgets/widget.h"

typedef struct ui_anim {
    float from, to;
    int64_t start_ms;
    int dur_ms;
} ui_anim;

/* Starts from the current value toward `to`; ticks w until done. */
void ui_anim_to(ui_anim *a, ui_ctx *c, ui_widget *w, float to, int dur_ms);
/* Jumps to v without animating. */
void ui_anim_set(ui_anim *a, float v);
float ui_anim_value(const ui_anim *a, int64_t now_ms);
int ui_anim_running(const ui_anim *a, int64_t now_ms);

#endif
