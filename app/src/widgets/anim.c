/* anim.c -- see anim.h.  Ease-out cubic. */
#include "widgets/anim.h"

void ui_anim_set(ui_anim *a, float v)
{
    a->from = a->to = v;
    a->dur_ms = 0;
    a->start_ms = 0;
}

float ui_anim_value(const ui_anim *a, int64_t now_ms)
{
    if (a->dur_ms <= 0 || now_ms >= a->start_ms + a->dur_ms) return a->to;
    if (now_ms <= a->start_ms) return a->from;
    float t = (float)(now_ms - a->start_ms) / (float)a->dur_ms;
    float u = 1.0f - t;
    float e = 1.0f - u * u * u;
    return a->from + (a->to - a->from) * e;
}

int ui_anim_running(const ui_anim *a, int64_t now_ms) { return a->dur_ms > 0 && now_ms < a->start_ms + a->dur_ms; }

void ui_anim_to(ui_anim *a, ui_ctx *c, ui_widget *w, float to, int dur_ms)
{
    float cur = ui_anim_value(a, c->now_ms);
    a->from = cur;
    a->to = to;
    a->start_ms = c->now_ms;
    a->dur_ms = c->reduce_motion ? 0 : dur_ms;
    if (a->dur_ms > 0 && w) ui_ctx_start_ticker(c, w);
    else ui_ctx_redraw(c);
}
