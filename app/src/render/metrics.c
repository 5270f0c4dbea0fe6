/* metrics.c -- see metrics.h. */
#include "render/metrics.h"

static float clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }

void ui_metrics_init(ui_metrics *m, float density, float text_scale, int width_px, int height_px)
{
    m->density = density > 0.1f ? density : 1.0f;
    m->text_scale = 1.0f;
    m->width_px = width_px;
    m->height_px = height_px;
    ui_metrics_set_text_scale(m, text_scale);
}

void ui_metrics_set_text_scale(ui_metrics *m, float text_scale)
{
    m->text_scale = clampf(text_scale, UI_TEXT_SCALE_MIN, UI_TEXT_SCALE_MAX);
    m->scale = m->density * m->text_scale;
}

void ui_metrics_resize(ui_metrics *m, int width_px, int height_px)
{
    m->width_px = width_px;
    m->height_px = height_px;
}

static int round_px(float pt, float k)
{
    float px = pt * k;
    int r = (int)(px >= 0 ? px + 0.5f : px - 0.5f);
    if (pt > 0 && r < 1) r = 1;
    return r;
}

int ui_px(const ui_metrics *m, float pt) { return round_px(pt, m->scale); }

int ui_px_dp(const ui_metrics *m, float pt) { return round_px(pt, m->density); }

float ui_metrics_width_dp(const ui_metrics *m) { return (float)m->width_px / m->density; }

int ui_metrics_is_wide(const ui_metrics *m) { return ui_metrics_width_dp(m) >= UI_WIDE_WINDOW_PT; }
