/* charts.c -- see charts.h.  Sizes in points, converted at draw time, so a
 * text-size change or a rotation redraws the charts to fit. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "screens/charts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "widgets/basic.h"

#define MOOD_PLOT_PT 150
#define PAIRS_PLOT_PT 120
#define MARKER_PT 26
#define STEP_GAP_PT 8
#define DAY_GAP_PT 4
#define DAY_MAX_PT 44
#define WEEK 7

typedef struct chart_data {
    chart_kind kind;
    int n;
    int *a, *b, *mday;
    char *foot_left, *foot_right, *legend_a, *legend_b, *axis_top, *axis_bottom;
    char **details;       /* CHART_DAYS: n lines */
    char *weekdays[WEEK]; /* CHART_DAYS */
    int first_weekday;    /* CHART_DAYS */
    int selected;         /* CHART_DAYS: the tapped day, -1: none */
    ui_widget *detail;    /* CHART_DAYS: the label under the calendar */
} chart_data;

static chart_data *cd(ui_widget *w) { return w->data; }

static int small_px(ui_ctx *c, ui_face *face)
{
    int px;
    ui_text_style_font(c, UI_TEXT_SMALL, face, &px);
    return px;
}

static int text_w(ui_ctx *c, const char *s, int n)
{
    ui_face f;
    int px = small_px(c, &f);
    return s ? ui_text_measure(c->text, f, px, s, n) : 0;
}

static int line_h(ui_ctx *c)
{
    ui_face f;
    int px = small_px(c, &f);
    return ui_text_line_height(c->text, f, px);
}

/* Small text of n bytes (-1: all) with its left edge at x (align 0), its
 * right edge at x (1) or its middle at x (2). */
static void text_in(ui_ctx *c, ui_drawlist *dl, const char *s, int n, int x, int y, int align, ui_color_id col)
{
    if (!s || !s[0]) return;
    ui_face f;
    int px = small_px(c, &f);
    int w = ui_text_measure(c->text, f, px, s, n), h = ui_text_line_height(c->text, f, px);
    int left = align == 1 ? x - w : align == 2 ? x - w / 2 : x;
    ui_draw_text(dl, left, y, w, h, f, px, ui_color(c, col), s, n);
}

static void text_at(ui_ctx *c, ui_drawlist *dl, const char *s, int x, int y, int right_align)
{
    text_in(c, dl, s, -1, x, y, right_align, UI_C_TEXT_MUTED);
}

static int foot_h(ui_ctx *c, const chart_data *d)
{
    return (d->foot_left || d->foot_right) ? line_h(c) + ui_pt(c, 4) : 0;
}

static void draw_foot(ui_ctx *c, ui_drawlist *dl, chart_data *d, ui_rect plot, int y)
{
    text_at(c, dl, d->foot_left, plot.x, y, 0);
    text_at(c, dl, d->foot_right, plot.x + plot.w, y, 1);
}

/* The detail line's height under a chart (0 until a point is tapped). */
static int detail_h(ui_ctx *c, const chart_data *d, int width)
{
    if (!d->detail || (d->detail->flags & UI_WF_HIDDEN)) return 0;
    return ui_pt(c, 6) + ui_widget_measure(d->detail, c, width);
}

/* ---- mood ----------------------------------------------------------------------- */

/* Room left of the plot for the words at the ends of the y axis. */
static int mood_gutter(ui_ctx *c, const chart_data *d)
{
    int g = text_w(c, d->axis_top, -1), g2 = text_w(c, d->axis_bottom, -1);
    return (g > g2 ? g : g2) + ui_pt(c, 8);
}

/* At a large text size the words would squeeze the plot: then they go
 * over and under it instead of beside it. */
static int mood_stacked(ui_ctx *c, const chart_data *d, int width) { return mood_gutter(c, d) > width / 4; }

/* The chart above its detail line: the plot, its words and its foot. */
static int mood_base_h(ui_ctx *c, const chart_data *d, int width)
{
    return ui_pt(c, MOOD_PLOT_PT) + foot_h(c, d) + (mood_stacked(c, d, width) ? 2 * line_h(c) : 0);
}

static int mood_measure(ui_ctx *c, const chart_data *d, int width)
{
    return mood_base_h(c, d, width) + detail_h(c, d, width);
}

/* Where the dots go: the plot inside the chart's rect (beside or under
 * the level words). */
static ui_rect mood_plot(ui_ctx *c, const chart_data *d, ui_rect r)
{
    int lh = line_h(c), stacked = mood_stacked(c, d, r.w);
    int gutter = stacked ? 0 : mood_gutter(c, d), top = r.y + (stacked ? lh : 0);
    return (ui_rect){ r.x + gutter, top + lh / 2, r.w - gutter, ui_pt(c, MOOD_PLOT_PT) - lh };
}

static void mood_layout(ui_widget *w, ui_ctx *c)
{
    chart_data *d = cd(w);
    if (!d->detail) return;
    int y = w->rect.y + mood_base_h(c, d, w->rect.w) + ui_pt(c, 6);
    ui_widget_place(d->detail, c, (ui_rect){ w->rect.x, y, w->rect.w, ui_widget_measure(d->detail, c, w->rect.w) });
}

/* Show day i's detail under the chart and ring its dot. */
static void mood_select(ui_widget *w, ui_ctx *c, int i)
{
    chart_data *d = cd(w);
    if (i < 0 || i >= d->n || d->a[i] <= 0 || !d->details || !d->details[i]) return;
    d->selected = i;
    ui_label_set_text(d->detail, c, d->details[i]);
    d->detail->flags &= ~(unsigned)UI_WF_HIDDEN;
    ui_ctx_relayout(c);
    ui_ctx_redraw(c);
}

/* The logged day nearest column x (a tap between two dots takes the
 * closer; the dots are narrower than a finger, the whole plot is the
 * target); -1 when no day has a mood. */
static int mood_nearest(ui_ctx *c, const chart_data *d, ui_rect r, int x)
{
    ui_rect plot = mood_plot(c, d, r);
    int best = -1, best_dist = 0, col = d->n > 0 ? plot.w / d->n : 0;
    for (int i = 0; i < d->n; i++) {
        if (d->a[i] <= 0) continue;
        int cx = plot.x + i * col + col / 2, dist = cx > x ? cx - x : x - cx;
        if (best < 0 || dist < best_dist) best = i, best_dist = dist;
    }
    return best;
}

/* The next logged day from `from` in direction dir (+1 / -1), or from
 * stays when there is none that way. */
static int mood_step(const chart_data *d, int from, int dir)
{
    for (int i = from + dir; i >= 0 && i < d->n; i += dir)
        if (d->a[i] > 0) return i;
    return from;
}

static int chart_gesture(ui_widget *w, ui_ctx *c, const im_gesture_event *e, int x, int y)
{
    (void)y;
    if (ui_press_gesture(w, c, e)) return 1;
    if (e->kind != IM_GESTURE_TAP) return 0;
    w->flags &= ~(unsigned)UI_WF_PRESSED;
    mood_select(w, c, mood_nearest(c, cd(w), w->rect, x));
    return 1;
}

/* Left / Right walk the logged days; Return or Space shows the latest. */
static int chart_key(ui_widget *w, ui_ctx *c, const SDL_KeyboardEvent *k)
{
    chart_data *d = cd(w);
    SDL_Keycode s = k->keysym.sym;
    int latest = mood_step(d, d->n, -1);
    if (s == SDLK_LEFT || s == SDLK_RIGHT) {
        int from = d->selected >= 0 ? d->selected : latest;
        mood_select(w, c, d->selected < 0 ? latest : mood_step(d, from, s == SDLK_LEFT ? -1 : 1));
        return 1;
    }
    if (s == SDLK_RETURN || s == SDLK_KP_ENTER || s == SDLK_SPACE) {
        mood_select(w, c, d->selected >= 0 ? d->selected : latest);
        return 1;
    }
    return 0;
}

static void draw_mood(ui_widget *w, ui_ctx *c, ui_drawlist *dl, chart_data *d)
{
    int lh = line_h(c), stacked = mood_stacked(c, d, w->rect.w);
    ui_rect plot = mood_plot(c, d, w->rect);
    /* five levels: faint lines, words at the top and bottom */
    for (int level = 1; level <= 5; level++) {
        int y = plot.y + plot.h - (level - 1) * plot.h / 4;
        ui_draw_rect(dl, (ui_rect){ plot.x, y, plot.w, ui_pt(c, 1) > 0 ? ui_pt(c, 1) : 1 },
                     ui_color(c, UI_C_SURFACE_ALT));
    }
    if (stacked) {
        text_at(c, dl, d->axis_top, plot.x, w->rect.y, 0);
        text_at(c, dl, d->axis_bottom, plot.x, plot.y + plot.h + lh / 2, 0);
    } else {
        text_at(c, dl, d->axis_top, plot.x - ui_pt(c, 8), plot.y - lh / 2, 1);
        text_at(c, dl, d->axis_bottom, plot.x - ui_pt(c, 8), plot.y + plot.h - lh / 2, 1);
    }
    if (d->n > 0) {
        int col = plot.w / d->n;
        int dot = ui_pt(c, 10);
        if (dot > col + col / 2) dot = col + col / 2; /* may overlap a neighbour's gap a little */
        for (int i = 0; i < d->n; i++) {
            if (d->a[i] <= 0) continue; /* a gap: nothing logged that day */
            int cx = plot.x + i * col + col / 2;
            int lo = d->b ? d->b[i] / 10 : 0, hi = d->b ? d->b[i] % 10 : 0;
            if (lo >= 1 && hi > lo) {
                int y0 = plot.y + plot.h - (hi - 1) * plot.h / 4, y1 = plot.y + plot.h - (lo - 1) * plot.h / 4;
                int bw = ui_pt(c, 3);
                ui_draw_rrect(dl, (ui_rect){ cx - bw / 2, y0, bw, y1 - y0 }, bw / 2, ui_color(c, UI_C_OUTLINE));
            }
            int y = plot.y + plot.h - (d->a[i] - 100) * plot.h / 400;
            ui_draw_rrect(dl, (ui_rect){ cx - dot / 2, y - dot / 2, dot, dot }, dot / 2, ui_color(c, UI_C_PRIMARY));
            if (i == d->selected) {
                int ring = dot + ui_pt(c, 6);
                ui_draw_rrect_outline(dl, (ui_rect){ cx - ring / 2, y - ring / 2, ring, ring }, ring / 2, ui_pt(c, 2),
                                      ui_color(c, UI_C_FOCUS));
            }
        }
    }
    draw_foot(c, dl, d, plot, plot.y + plot.h + lh / 2 + ui_pt(c, 4) + (stacked ? lh : 0));
}

/* ---- the path: numbered markers beside wrapping step names ------------------------ */

/* A marker wide enough for the longest step number at this text size. */
static int marker_size(ui_ctx *c, int n)
{
    char num[16];
    snprintf(num, sizeof num, "%d", n);
    int m = text_w(c, num, -1) + ui_pt(c, 10), lh = line_h(c) + ui_pt(c, 4);
    if (m < lh) m = lh;
    return m > ui_pt(c, MARKER_PT) ? m : ui_pt(c, MARKER_PT);
}

static int steps_measure(ui_widget *w, ui_ctx *c, int width)
{
    int m = marker_size(c, cd(w)->n), indent = m + ui_pt(c, 10), h = 0;
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        int lh = ui_widget_measure(ch, c, width - indent);
        h += (lh > m ? lh : m) + (ch->next ? ui_pt(c, STEP_GAP_PT) : 0);
    }
    return h;
}

static void steps_layout(ui_widget *w, ui_ctx *c)
{
    int m = marker_size(c, cd(w)->n), indent = m + ui_pt(c, 10), y = w->rect.y;
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        int lh = ui_widget_measure(ch, c, w->rect.w - indent);
        int row = lh > m ? lh : m;
        /* the name's first line beside the marker's middle */
        int dy = lh < m ? (m - lh) / 2 : 0;
        ui_widget_place(ch, c, (ui_rect){ w->rect.x + indent, y + dy, w->rect.w - indent, lh });
        y += row + ui_pt(c, STEP_GAP_PT);
    }
}

static void draw_steps(ui_widget *w, ui_ctx *c, ui_drawlist *dl, chart_data *d)
{
    int m = marker_size(c, d->n), i = 0, lh = line_h(c);
    int y = w->rect.y;
    for (ui_widget *ch = w->first; ch; ch = ch->next, i++) {
        int row = ch->rect.h > m ? ch->rect.h : m;
        ui_rect r = { w->rect.x, y, m, m };
        char num[16];
        snprintf(num, sizeof num, "%d", i + 1);
        if (d->a[i]) { /* done: a filled disc */
            ui_draw_rrect(dl, r, m / 2, ui_color(c, UI_C_PRIMARY));
            text_in(c, dl, num, -1, r.x + m / 2, r.y + (m - lh) / 2, 2, UI_C_ON_PRIMARY);
        } else { /* not yet: a ring */
            ui_draw_rrect_outline(dl, r, m / 2, ui_pt(c, 1.5f) > 0 ? ui_pt(c, 1.5f) : 1, ui_color(c, UI_C_OUTLINE));
            text_in(c, dl, num, -1, r.x + m / 2, r.y + (m - lh) / 2, 2, UI_C_TEXT_MUTED);
        }
        y += row + ui_pt(c, STEP_GAP_PT);
    }
}

/* ---- ladder: paired bars with their numbers ------------------------------------- */

/* Half the distance between a pair's two bars: room for "10" over each. */
static int pair_half(ui_ctx *c) { return text_w(c, "10", -1) / 2 + ui_pt(c, 3); }

/* How many of the latest tries fit side by side without their numbers
 * touching. */
static int pairs_shown(ui_ctx *c, int width, int n)
{
    int per = 4 * pair_half(c) + ui_pt(c, 8);
    int fit = per > 0 ? width / per : n;
    if (fit < 1) fit = 1;
    return n < fit ? n : fit;
}

static int legend_entry_w(ui_ctx *c, const char *text)
{
    return ui_pt(c, 12) + ui_pt(c, 6) + text_w(c, text, -1) + ui_pt(c, 16);
}

/* Both legend entries on one line when they fit, else one under the other. */
static int legend_one_line(ui_ctx *c, const chart_data *d, int width)
{
    return legend_entry_w(c, d->legend_a) + legend_entry_w(c, d->legend_b) <= width;
}

static int legend_h(ui_ctx *c, const chart_data *d, int width)
{
    if (!d->legend_a) return 0;
    return (legend_one_line(c, d, width) ? 1 : 2) * (line_h(c) + ui_pt(c, 4)) + ui_pt(c, 4);
}

static void swatch(ui_ctx *c, ui_drawlist *dl, ui_rect r, int filled)
{
    if (filled) ui_draw_rrect(dl, r, ui_pt(c, 3), ui_color(c, UI_C_PRIMARY));
    else
        ui_draw_rrect_bordered(dl, r, ui_pt(c, 3), ui_pt(c, 1.5f) > 0 ? ui_pt(c, 1.5f) : 1, ui_color(c, UI_C_SURFACE),
                               ui_color(c, UI_C_TEXT_MUTED));
}

/* One legend entry; returns its width.  Before is hollow, after filled,
 * so the two read apart without colour. */
static int legend(ui_ctx *c, ui_drawlist *dl, int x, int y, int filled, const char *text)
{
    int sq = ui_pt(c, 12), lh = line_h(c);
    swatch(c, dl, (ui_rect){ x, y + (lh - sq) / 2, sq, sq }, filled);
    text_at(c, dl, text, x + sq + ui_pt(c, 6), y, 0);
    return legend_entry_w(c, text);
}

/* The bars' area under the legend, with a line for the numbers over it. */
static ui_rect pairs_plot(ui_ctx *c, const chart_data *d, ui_rect r)
{
    return (ui_rect){ r.x, r.y + legend_h(c, d, r.w) + line_h(c), r.w, ui_pt(c, PAIRS_PLOT_PT) };
}

/* The column of the shown try k of shown, numbers included: what a tap
 * on it hits. */
static ui_rect pairs_column(ui_ctx *c, ui_rect plot, int k, int shown)
{
    int col = plot.w / shown;
    return (ui_rect){ plot.x + k * col, plot.y - line_h(c), col, plot.h + line_h(c) };
}

static void draw_pairs(ui_widget *w, ui_ctx *c, ui_drawlist *dl, chart_data *d)
{
    int lh = line_h(c), y = w->rect.y;
    if (d->legend_a) {
        int used = legend(c, dl, w->rect.x, y, 0, d->legend_a);
        int one = legend_one_line(c, d, w->rect.w);
        legend(c, dl, one ? w->rect.x + used : w->rect.x, one ? y : y + lh + ui_pt(c, 4), 1, d->legend_b);
    }
    ui_rect plot = pairs_plot(c, d, w->rect);
    ui_draw_rect(dl, (ui_rect){ plot.x, plot.y + plot.h, plot.w, 1 }, ui_color(c, UI_C_OUTLINE));
    int shown = pairs_shown(c, plot.w, d->n), first = d->n - shown;
    if (shown > 0) {
        int col = plot.w / shown, half = pair_half(c), bar = half * 2 - ui_pt(c, 4);
        if (bar > ui_pt(c, 18)) bar = ui_pt(c, 18);
        for (int k = 0; k < shown; k++) {
            int i = first + k, cx = plot.x + k * col + col / 2;
            int v[2] = { d->a[i], d->b ? d->b[i] : 0 };
            if (i == d->selected)
                ui_draw_rrect_outline(dl, pairs_column(c, plot, k, shown), ui_pt(c, 6), ui_pt(c, 2),
                                      ui_color(c, UI_C_FOCUS));
            for (int s = 0; s < 2; s++) {
                int bx = cx + (s ? half : -half), h = v[s] * plot.h / 10;
                if (h > 0) swatch(c, dl, (ui_rect){ bx - bar / 2, plot.y + plot.h - h, bar, h }, s);
                char num[8];
                snprintf(num, sizeof num, "%d", v[s]);
                text_in(c, dl, num, -1, bx, plot.y + plot.h - h - lh, 2, UI_C_TEXT);
            }
        }
    }
    draw_foot(c, dl, d, plot, plot.y + plot.h + ui_pt(c, 4));
}

/* ---- the calendar ------------------------------------------------------------------- */

typedef struct cal_geom {
    int cell, sq, top, rows; /* column width, square side, y of the first row, rows */
} cal_geom;

static cal_geom cal_geometry(ui_ctx *c, const chart_data *d, ui_rect r)
{
    cal_geom g;
    g.cell = r.w / WEEK;
    g.sq = g.cell - ui_pt(c, DAY_GAP_PT);
    if (g.sq > ui_pt(c, DAY_MAX_PT)) g.sq = ui_pt(c, DAY_MAX_PT);
    if (g.sq < 1) g.sq = 1;
    g.top = r.y + line_h(c) + ui_pt(c, 4);
    g.rows = (d->first_weekday + d->n + WEEK - 1) / WEEK;
    return g;
}

static ui_rect day_rect(const cal_geom *g, const chart_data *d, ui_rect r, int i, int gap)
{
    int p = d->first_weekday + i;
    return (ui_rect){ r.x + (p % WEEK) * g->cell + (g->cell - g->sq) / 2, g->top + (p / WEEK) * (g->sq + gap), g->sq,
                      g->sq };
}

/* The calendar's height above its detail line: weekday names, rows, foot. */
static int days_grid_h(ui_ctx *c, const chart_data *d, const cal_geom *g, int y)
{
    return (g->top - y) + g->rows * (g->sq + ui_pt(c, DAY_GAP_PT)) + foot_h(c, d);
}

static int days_measure(ui_widget *w, ui_ctx *c, int width)
{
    chart_data *d = cd(w);
    cal_geom g = cal_geometry(c, d, (ui_rect){ 0, 0, width, 0 });
    int h = days_grid_h(c, d, &g, 0);
    return h + detail_h(c, d, width);
}

static void days_layout(ui_widget *w, ui_ctx *c)
{
    chart_data *d = cd(w);
    cal_geom g = cal_geometry(c, d, w->rect);
    int gap = ui_pt(c, DAY_GAP_PT);
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        if (ch == d->detail) continue;
        ui_widget_place(ch, c, day_rect(&g, d, w->rect, ch->value, gap));
    }
    if (d->detail) {
        int y = w->rect.y + days_grid_h(c, d, &g, w->rect.y) + ui_pt(c, 6);
        ui_widget_place(d->detail, c, (ui_rect){ w->rect.x, y, w->rect.w, ui_widget_measure(d->detail, c, w->rect.w) });
    }
}

/* The weekday names over the columns: as given when every one fits its
 * column, else each shortened to its first character. */
static void draw_weekdays(ui_ctx *c, ui_drawlist *dl, chart_data *d, ui_rect r, int cell)
{
    int fit = 1;
    for (int k = 0; k < WEEK; k++)
        if (text_w(c, d->weekdays[k], -1) > cell - ui_pt(c, 4)) fit = 0;
    for (int k = 0; k < WEEK; k++) {
        const char *s = d->weekdays[k];
        if (!s) continue;
        int n = fit ? -1 : 1;
        while (!fit && s[n] && ((unsigned char)s[n] & 0xC0) == 0x80) n++; /* a whole UTF-8 character */
        text_in(c, dl, s, n, r.x + k * cell + cell / 2, r.y, 2, UI_C_TEXT_MUTED);
    }
}

static void draw_days(ui_widget *w, ui_ctx *c, ui_drawlist *dl, chart_data *d)
{
    cal_geom g = cal_geometry(c, d, w->rect);
    int gap = ui_pt(c, DAY_GAP_PT), lh = line_h(c);
    draw_weekdays(c, dl, d, w->rect, g.cell);
    ui_widget *spot = d->detail ? d->detail->next : NULL; /* the days, in order */
    for (int i = 0; i < d->n; i++, spot = spot ? spot->next : NULL) {
        ui_rect r = day_rect(&g, d, w->rect, i, gap);
        int filled = d->a[i] > 0;
        if (filled) ui_draw_rrect(dl, r, ui_pt(c, 5), ui_color(c, UI_C_PRIMARY));
        else ui_draw_rrect_bordered(dl, r, ui_pt(c, 5), 1, ui_color(c, UI_C_SURFACE_ALT), ui_color(c, UI_C_OUTLINE));
        if (i == d->selected || (spot && c->focus == spot)) {
            ui_rect ring = { r.x - ui_pt(c, 2), r.y - ui_pt(c, 2), r.w + ui_pt(c, 4), r.h + ui_pt(c, 4) };
            ui_draw_rrect_outline(dl, ring, ui_pt(c, 7), ui_pt(c, 2), ui_color(c, UI_C_FOCUS));
        }
        if (d->mday) {
            char num[8];
            snprintf(num, sizeof num, "%d", d->mday[i]);
            if (text_w(c, num, -1) <= r.w - ui_pt(c, 2) && lh <= r.h)
                text_in(c, dl, num, -1, r.x + r.w / 2, r.y + (r.h - lh) / 2, 2, filled ? UI_C_ON_PRIMARY : UI_C_TEXT);
        }
    }
    draw_foot(c, dl, d, w->rect, g.top + g.rows * (g.sq + gap) + ui_pt(c, 2));
}

/* A point of a chart (a day of the calendar, a try of a rung): tapped (or
 * Return on it), it is the point whose detail the line under the chart
 * shows.  value: its index. */
static void spot_activate(ui_widget *w, ui_ctx *c)
{
    ui_widget *chart = w->parent;
    chart_data *d = cd(chart);
    d->selected = w->value;
    if (d->detail && d->details && d->details[w->value]) {
        ui_label_set_text(d->detail, c, d->details[w->value]);
        d->detail->flags &= ~(unsigned)UI_WF_HIDDEN;
    }
    ui_ctx_relayout(c);
    ui_ctx_redraw(c);
}

static int spot_measure(ui_widget *w, ui_ctx *c, int width)
{
    (void)w, (void)width;
    return ui_pt(c, DAY_MAX_PT);
}

static const ui_class spot_class = { .name = "chart-day",
                                     .measure = spot_measure,
                                     .gesture = ui_tap_gesture,
                                     .key = ui_tap_key,
                                     .activate = spot_activate };

/* ---- the class ---------------------------------------------------------------------- */

static int pairs_base_h(ui_ctx *c, const chart_data *d, int width)
{
    return legend_h(c, d, width) + line_h(c) + ui_pt(c, PAIRS_PLOT_PT) + ui_pt(c, 4) + foot_h(c, d);
}

static int pairs_measure(ui_ctx *c, chart_data *d, int width)
{
    return pairs_base_h(c, d, width) + detail_h(c, d, width);
}

/* Each shown try's spot over its column; the tries that do not fit are
 * hidden (they are in the summary); the detail line under the bars. */
static void pairs_layout(ui_widget *w, ui_ctx *c)
{
    chart_data *d = cd(w);
    ui_rect plot = pairs_plot(c, d, w->rect);
    int shown = pairs_shown(c, plot.w, d->n), first = d->n - shown;
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        if (ch == d->detail) continue;
        if (ch->value < first) {
            ch->flags |= UI_WF_HIDDEN;
            continue;
        }
        ch->flags &= ~(unsigned)UI_WF_HIDDEN;
        ui_widget_place(ch, c, pairs_column(c, plot, ch->value - first, shown));
    }
    if (d->detail) {
        int y = w->rect.y + pairs_base_h(c, d, w->rect.w) + ui_pt(c, 6);
        ui_widget_place(d->detail, c, (ui_rect){ w->rect.x, y, w->rect.w, ui_widget_measure(d->detail, c, w->rect.w) });
    }
}

static int chart_measure(ui_widget *w, ui_ctx *c, int width)
{
    chart_data *d = cd(w);
    switch (d->kind) {
    case CHART_MOOD: return mood_measure(c, d, width);
    case CHART_STEPS: return steps_measure(w, c, width);
    case CHART_PAIRS: return pairs_measure(c, d, width);
    case CHART_DAYS: return days_measure(w, c, width);
    }
    return 0;
}

static void chart_layout(ui_widget *w, ui_ctx *c)
{
    chart_data *d = cd(w);
    if (d->kind == CHART_STEPS) steps_layout(w, c);
    if (d->kind == CHART_DAYS) days_layout(w, c);
    if (d->kind == CHART_PAIRS && d->detail) pairs_layout(w, c);
    if (d->kind == CHART_MOOD) mood_layout(w, c);
}

static void chart_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    chart_data *d = cd(w);
    switch (d->kind) {
    case CHART_MOOD: draw_mood(w, c, dl, d); break;
    case CHART_STEPS: draw_steps(w, c, dl, d); break;
    case CHART_PAIRS: draw_pairs(w, c, dl, d); break;
    case CHART_DAYS: draw_days(w, c, dl, d); break;
    }
}

static void chart_free(ui_widget *w)
{
    chart_data *d = cd(w);
    free(d->a);
    free(d->b);
    free(d->mday);
    free(d->foot_left);
    free(d->foot_right);
    free(d->legend_a);
    free(d->legend_b);
    free(d->axis_top);
    free(d->axis_bottom);
    for (int i = 0; d->details && i < d->n; i++) free(d->details[i]);
    free(d->details);
    for (int k = 0; k < WEEK; k++) free(d->weekdays[k]);
}

const ui_class chart_class = {
    .name = "chart", .measure = chart_measure, .layout = chart_layout, .draw = chart_draw, .free = chart_free
};

/* The mood chart with details: the whole plot is one target (its dots
 * are narrower than a finger) that picks the nearest logged day. */
static const ui_class mood_chart_class = { .name = "chart",
                                           .measure = chart_measure,
                                           .layout = chart_layout,
                                           .draw = chart_draw,
                                           .gesture = chart_gesture,
                                           .key = chart_key,
                                           .free = chart_free };

static char *dup_opt(const char *s, int *failed)
{
    if (!s) return NULL;
    char *p = strdup(s);
    if (!p) *failed = 1;
    return p;
}

static int *dup_ints(const int *v, int n, int *failed)
{
    if (!v || n <= 0) return NULL;
    int *p = malloc((size_t)n * sizeof *p);
    if (!p) *failed = 1;
    else memcpy(p, v, (size_t)n * sizeof *p);
    return p;
}

/* The path's step names as label children (they wrap by themselves). */
static int add_step_names(ui_widget *w, const chart_spec *spec)
{
    for (int i = 0; i < spec->n; i++)
        if (!ui_widget_add(w, ui_label_new(spec->names && spec->names[i] ? spec->names[i] : "", UI_TEXT_BODY)))
            return -1;
    return 0;
}

/* The detail line (hidden until a point is tapped), the points (days,
 * tries) as tappable spots, and copies of the details and, for the
 * calendar, the weekday names. */
static int add_spots(ui_widget *w, chart_data *d, const chart_spec *spec)
{
    int failed = 0;
    d->detail = ui_widget_add(w, ui_label_new("", UI_TEXT_SMALL));
    if (!d->detail) return -1;
    d->detail->flags |= UI_WF_HIDDEN;
    d->mday = dup_ints(spec->day_of_month, d->n, &failed);
    d->first_weekday = spec->first_weekday >= 0 && spec->first_weekday < WEEK ? spec->first_weekday : 0;
    for (int k = 0; k < WEEK && spec->weekdays; k++) d->weekdays[k] = dup_opt(spec->weekdays[k], &failed);
    d->details = calloc((size_t)(d->n > 0 ? d->n : 1), sizeof *d->details);
    if (!d->details) return -1;
    for (int i = 0; i < d->n; i++) {
        d->details[i] = dup_opt(spec->details ? spec->details[i] : NULL, &failed);
        ui_widget *spot = ui_widget_add(
            w, ui_widget_new(&spot_class, spec->names && spec->names[i] ? spec->names[i] : "", 0));
        if (!spot) return -1;
        spot->value = i;
        spot->flags |= UI_WF_INTERACTIVE | UI_WF_FOCUSABLE;
    }
    return failed ? -1 : 0;
}

/* The mood chart's detail line (hidden until a day is picked) and its
 * days' details. */
static int add_mood_detail(ui_widget *w, chart_data *d, const chart_spec *spec)
{
    int failed = 0;
    d->detail = ui_widget_add(w, ui_label_new("", UI_TEXT_SMALL));
    d->details = calloc((size_t)(d->n > 0 ? d->n : 1), sizeof *d->details);
    if (!d->detail || !d->details) return -1;
    d->detail->flags |= UI_WF_HIDDEN;
    for (int i = 0; i < d->n; i++) d->details[i] = dup_opt(spec->details[i], &failed);
    w->flags |= UI_WF_INTERACTIVE | UI_WF_FOCUSABLE;
    return failed ? -1 : 0;
}

ui_widget *ui_chart_new(const chart_spec *spec)
{
    int mood_taps = spec->kind == CHART_MOOD && spec->details;
    ui_widget *w = ui_widget_new(mood_taps ? &mood_chart_class : &chart_class, spec->summary, sizeof(chart_data));
    if (!w) return NULL;
    chart_data *d = cd(w);
    int failed = 0;
    d->kind = spec->kind;
    d->selected = -1;
    d->n = spec->n > 0 ? spec->n : 0;
    d->a = dup_ints(spec->a, d->n, &failed);
    d->b = dup_ints(spec->b, d->n, &failed);
    d->foot_left = dup_opt(spec->foot_left, &failed);
    d->foot_right = dup_opt(spec->foot_right, &failed);
    d->legend_a = dup_opt(spec->legend_a, &failed);
    d->legend_b = dup_opt(spec->legend_b, &failed);
    d->axis_top = dup_opt(spec->axis_top, &failed);
    d->axis_bottom = dup_opt(spec->axis_bottom, &failed);
    if (!failed && d->kind == CHART_STEPS && add_step_names(w, spec) != 0) failed = 1;
    int spots = d->kind == CHART_DAYS || (d->kind == CHART_PAIRS && spec->details);
    if (!failed && spots && add_spots(w, d, spec) != 0) failed = 1;
    if (!failed && mood_taps && add_mood_detail(w, d, spec) != 0) failed = 1;
    if (failed || (!d->a && d->n > 0)) {
        ui_widget_free(w);
        return NULL;
    }
    return w;
}
