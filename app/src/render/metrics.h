/*
 * metrics.h -- points to pixels.
 *
 * Every size in the UI is written in points, of two kinds:
 *  - text points (ui_px): scale = display density (pixels per point the
 *    screen gives us) x the person's text-size setting (85 % .. 200 %):
 *    font sizes, and whatever must grow with the words (a line's height);
 *  - density points (ui_px_dp): the density alone: chrome -- padding,
 *    margins, gaps, corner radii, borders, bars, the 48 pt touch target
 *    minimum.  At 200 % text the words grow while the chrome keeps its
 *    size, so a phone screen still holds a useful amount (the page is not
 *    zoomed).
 * A resize or rotation only changes the window size; the layout is
 * recomputed from points, so it reflows instead of stretching.
 */
#ifndef UI_METRICS_H
#define UI_METRICS_H

#define UI_TEXT_SCALE_MIN 0.85f
#define UI_TEXT_SCALE_MAX 2.00f
#define UI_TOUCH_TARGET_PT 48    /* minimum touch target, points */
#define UI_SPACING_PT 8          /* the spacing unit between targets */
#define UI_WIDE_WINDOW_PT 720    /* at or above: side rail instead of tab bar */
#define UI_READABLE_WIDTH_PT 680 /* scroll views centre content no wider than this */

typedef struct ui_metrics {
    float density;    /* pixels per point from the display (or --scale) */
    float text_scale; /* the person's text-size setting, clamped */
    float scale;      /* density * text_scale */
    int width_px, height_px;
} ui_metrics;

/* Sets every field; text_scale is clamped to 85 %..200 %, density to >0. */
void ui_metrics_init(ui_metrics *m, float density, float text_scale, int width_px, int height_px);
void ui_metrics_set_text_scale(ui_metrics *m, float text_scale);
void ui_metrics_resize(ui_metrics *m, int width_px, int height_px);

/* Text points to whole pixels (rounded, never 0 for a positive size). */
int ui_px(const ui_metrics *m, float pt);
/* Density points to whole pixels (the same rounding; the text size is
 * ignored): chrome that keeps its size whatever the text size. */
int ui_px_dp(const ui_metrics *m, float pt);

/* The window width in density points (ignores the text-size setting): a
 * window is "wide" by its physical size, not by how big the text is. */
float ui_metrics_width_dp(const ui_metrics *m);
int ui_metrics_is_wide(const ui_metrics *m);

#endif
