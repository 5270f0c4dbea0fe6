/*
 * charts.h -- the pictures of the Progress screen, drawn with the draw list
 * (rounded rectangles and text; no images, no tables of numbers).
 *
 * Every chart carries its one-sentence summary as its accessible label
 * ("Practice chart: practised on 4 of the last 7 days; ..."), so the script
 * driver and a screen reader read what a sighted person sees.  Colours are
 * theme roles only, so both themes work, and no chart tells two things
 * apart by colour alone (filled against hollow).  Every word on a chart
 * is sized from the text size, and the charts make room for it: step
 * names wrap, weekday names shorten to a letter, a ladder shows fewer
 * tries when their numbers would not fit side by side.
 *
 *   CHART_MOOD   one column per day; a dot at the day's mean mood, a thin
 *                bar from its lowest to highest; nothing on a day without
 *                a mood (a gap, not a zero).  a[i] = mean x 100 (0: no mood
 *                that day), b[i] = min * 10 + max.  With details, the
 *                whole plot is one target (the dots are narrower than a
 *                finger): a tap shows the nearest logged day's details[i]
 *                under the chart and rings its dot; Left / Right walk the
 *                logged days, Return shows the latest.
 *   CHART_STEPS  the path, one row per step: a numbered marker, filled
 *                when a[i] != 0, and names[i] beside it (wrapping).
 *   CHART_PAIRS  the tries of one ladder rung, oldest first: paired bars
 *                0..10, a[i] before (hollow) and b[i] after (filled), each
 *                with its number over it.  With details, each try is a
 *                tappable spot labelled names[i] and a tap shows details[i]
 *                under the bars.
 *   CHART_DAYS   a calendar: weekday names over seven columns (Monday
 *                first), one square per day, filled when a[i] > 0, its day
 *                of the month in it.  Each day is a tappable spot labelled
 *                names[i]; a tap shows details[i] under the calendar.
 */
#ifndef UI_CHARTS_H
#define UI_CHARTS_H

#include "widgets/widget.h"

typedef enum chart_kind { CHART_MOOD, CHART_STEPS, CHART_PAIRS, CHART_DAYS } chart_kind;

extern const ui_class chart_class;

/* A chart of n points (arrays and strings are copied; b may be NULL when
 * the kind does not use it).  foot_left / foot_right label the ends of the
 * x axis (NULL: none); legend_a / legend_b name the two series of
 * CHART_PAIRS (NULL: no legend). */
typedef struct chart_spec {
    chart_kind kind;
    const char *summary;
    int n;
    const int *a, *b;
    const char *foot_left, *foot_right;
    const char *legend_a, *legend_b;
    const char *axis_top, *axis_bottom; /* CHART_MOOD: words at the ends of the y axis */
    const char *const *names;           /* CHART_STEPS: step names; CHART_DAYS, CHART_PAIRS: each point's name */
    const char *const *details;         /* CHART_DAYS, CHART_PAIRS, CHART_MOOD: what a tap on point i shows */
    const int *day_of_month;            /* CHART_DAYS: printed in each square (NULL: none) */
    int first_weekday;                  /* CHART_DAYS: weekday of day 0, 0 = Monday .. 6 = Sunday */
    const char *const *weekdays;        /* CHART_DAYS: 7 short names, Monday first */
} chart_spec;

ui_widget *ui_chart_new(const chart_spec *spec);

#endif
