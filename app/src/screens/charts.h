/*
 * charts.h -- the pictures of the Progress screen, drawn with the draw list
 * (rounded rectangles and text; no images, no tables of numbers).
 *
 * Every chart carries its text summary as its accessible label ("Mood
 * chart: logged on 3 of the last 30 days; ..."), so the script driver and a
 * screen reader read what a sighted person sees.  Colours are theme roles
 * only, so both themes work.
 *
 *   CHART_MOOD      one column per day; a dot at the day's mean mood, a
 *                   thin bar from its lowest to highest; nothing on a day
 *                   without a mood (a gap, not a zero).  a[i] = mean x 100
 *                   (0: no mood that day), b[i] = min * 10 + max.
 *   CHART_SEGMENTS  n segments, the first a[0] filled (path steps done).
 *   CHART_PAIRS     paired bars 0..10: a[i] before, b[i] after.
 *   CHART_DAYS      one square per day, filled when a[i] > 0.
 */
#ifndef UI_CHARTS_H
#define UI_CHARTS_H

#include "widgets/widget.h"

typedef enum chart_kind { CHART_MOOD, CHART_SEGMENTS, CHART_PAIRS, CHART_DAYS } chart_kind;

extern const ui_class chart_class;

/* A chart of n points (arrays are copied; b may be NULL when the kind does
 * not use it).  foot_left / foot_right label the ends of the x axis (NULL:
 * none); legend_a / legend_b name the two series of CHART_PAIRS. */
typedef struct chart_spec {
    chart_kind kind;
    const char *summary;
    int n;
    const int *a, *b;
    const char *foot_left, *foot_right;
    const char *legend_a, *legend_b;
    const char *axis_top, *axis_bottom; /* CHART_MOOD: words at the ends of the y axis */
} chart_spec;

ui_widget *ui_chart_new(const chart_spec *spec);

#endif
