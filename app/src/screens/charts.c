/* charts.c -- see charts.h.  Sizes in points, converted at draw time, so a
 * text-size change or a rotation redraws the charts to fit. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "screens/charts.h"

#include <stdlib.h>
#include <string.h>

#include "widgets/basic.h"

#define MOOD_PLOT_PT 150
#define PAIRS_PLOT_PT 120
#define SEGMENT_PT 28
#define DAY_GAP_PT 3

typedef struct chart_data {
    chart_kind kind;
    int n;
    int *a, *b;
    char *foot_left, *foot_right, *legend_a, *legend_b, *axis_top, *axis_bottom;
} chart_data;

static chart_data *cd(ui_widget *w) { return w->data; }

static int small_px(ui_ctx *c, ui_face *face)
{
    int px;
    ui_text_style_font(c, UI_TEXT_SMALL, face, &px);
    return px;
}

static void text_at(ui_ctx *c, ui_drawlist *dl, const char *s, int x, int y, int right_align)
{
    if (!s || !s[0]) return;
    ui_face f;
    int px = small_px(c, &f);
    int w = ui_text_measure(c->text, f, px, s, -1), h = ui_text_line_height(c->text, f, px);
    ui_draw_text(dl, right_align ? x - w : x, y, w, h, f, px, ui_color(c, UI_C_TEXT_MUTED), s, -1);
}

static int line_h(ui_ctx *c)
{
    ui_face f;
    int px = small_px(c, &f);
    return ui_text_line_height(c->text, f, px);
}

/* Squares per row for CHART_DAYS: as many as fit at >= 14 pt, then evened
 * out so the rows are equally long (30 days: one row of 30 or two of 15). */
static int days_per_row(ui_ctx *c, int width, int n)
{
    int fit = width / ui_pt(c, 14 + DAY_GAP_PT);
    if (fit < 1) fit = 1;
    if (n <= 0) return 1;
    int rows = (n + fit - 1) / fit;
    return (n + rows - 1) / rows;
}

static int chart_measure(ui_widget *w, ui_ctx *c, int width)
{
    chart_data *d = cd(w);
    int foot = (d->foot_left || d->foot_right) ? line_h(c) + ui_pt(c, 4) : 0;
    switch (d->kind) {
    case CHART_MOOD: return ui_pt(c, MOOD_PLOT_PT) + foot;
    case CHART_SEGMENTS: return ui_pt(c, SEGMENT_PT) + foot;
    case CHART_PAIRS: return ui_pt(c, PAIRS_PLOT_PT) + line_h(c) + ui_pt(c, 8) + foot;
    case CHART_DAYS: {
        int per = days_per_row(c, width, d->n), rows = (d->n + per - 1) / per;
        int cell = width / per;
        return rows * cell + foot;
    }
    }
    return 0;
}

static void draw_foot(ui_ctx *c, ui_drawlist *dl, chart_data *d, ui_rect plot, int y)
{
    text_at(c, dl, d->foot_left, plot.x, y, 0);
    text_at(c, dl, d->foot_right, plot.x + plot.w, y, 1);
}

static void draw_mood(ui_widget *w, ui_ctx *c, ui_drawlist *dl, chart_data *d)
{
    ui_face f;
    int px = small_px(c, &f);
    int gutter = ui_text_measure(c->text, f, px, d->axis_top ? d->axis_top : "", -1);
    int g2 = ui_text_measure(c->text, f, px, d->axis_bottom ? d->axis_bottom : "", -1);
    if (g2 > gutter) gutter = g2;
    gutter += ui_pt(c, 8);
    int lh = line_h(c);
    ui_rect plot = { w->rect.x + gutter, w->rect.y + lh / 2, w->rect.w - gutter, ui_pt(c, MOOD_PLOT_PT) - lh };
    /* five levels: faint lines, words at the top and bottom */
    for (int level = 1; level <= 5; level++) {
        int y = plot.y + plot.h - (level - 1) * plot.h / 4;
        ui_draw_rect(dl, (ui_rect){ plot.x, y, plot.w, ui_pt(c, 1) > 0 ? ui_pt(c, 1) : 1 },
                     ui_color(c, UI_C_SURFACE_ALT));
    }
    text_at(c, dl, d->axis_top, plot.x - ui_pt(c, 8), plot.y - lh / 2, 1);
    text_at(c, dl, d->axis_bottom, plot.x - ui_pt(c, 8), plot.y + plot.h - lh / 2, 1);
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
        }
    }
    draw_foot(c, dl, d, plot, plot.y + plot.h + lh / 2 + ui_pt(c, 4));
}

static void draw_segments(ui_widget *w, ui_ctx *c, ui_drawlist *dl, chart_data *d)
{
    if (d->n <= 0) return;
    int gap = ui_pt(c, 4), h = ui_pt(c, SEGMENT_PT);
    int seg = (w->rect.w - gap * (d->n - 1)) / d->n;
    for (int i = 0; i < d->n; i++) {
        ui_rect r = { w->rect.x + i * (seg + gap), w->rect.y, seg, h };
        if (i < d->a[0]) {
            ui_draw_rrect(dl, r, ui_pt(c, 6), ui_color(c, UI_C_PRIMARY));
        } else {
            ui_draw_rrect(dl, r, ui_pt(c, 6), ui_color(c, UI_C_SURFACE_ALT));
            ui_draw_rrect_outline(dl, r, ui_pt(c, 6), 1, ui_color(c, UI_C_OUTLINE));
        }
    }
    draw_foot(c, dl, d, w->rect, w->rect.y + h + ui_pt(c, 4));
}

static void legend(ui_ctx *c, ui_drawlist *dl, int x, int y, ui_color_id col, const char *text, int *used)
{
    int sq = ui_pt(c, 12), lh = line_h(c);
    ui_draw_rrect(dl, (ui_rect){ x, y + (lh - sq) / 2, sq, sq }, ui_pt(c, 3), ui_color(c, col));
    text_at(c, dl, text, x + sq + ui_pt(c, 6), y, 0);
    ui_face f;
    int px = small_px(c, &f);
    *used = sq + ui_pt(c, 6) + ui_text_measure(c->text, f, px, text ? text : "", -1) + ui_pt(c, 16);
}

static void draw_pairs(ui_widget *w, ui_ctx *c, ui_drawlist *dl, chart_data *d)
{
    int lh = line_h(c), used = 0;
    legend(c, dl, w->rect.x, w->rect.y, UI_C_OUTLINE, d->legend_a, &used);
    legend(c, dl, w->rect.x + used, w->rect.y, UI_C_PRIMARY, d->legend_b, &used);
    ui_rect plot = { w->rect.x, w->rect.y + lh + ui_pt(c, 8), w->rect.w, ui_pt(c, PAIRS_PLOT_PT) };
    ui_draw_rect(dl, (ui_rect){ plot.x, plot.y + plot.h, plot.w, 1 }, ui_color(c, UI_C_OUTLINE));
    if (d->n > 0) {
        int col = plot.w / d->n, bar = col / 3;
        if (bar > ui_pt(c, 18)) bar = ui_pt(c, 18);
        for (int i = 0; i < d->n; i++) {
            int cx = plot.x + i * col + col / 2;
            int ha = d->a[i] * plot.h / 10, hb = d->b ? d->b[i] * plot.h / 10 : 0;
            int r = ui_pt(c, 3);
            if (ha > 0)
                ui_draw_rrect(dl, (ui_rect){ cx - bar - 1, plot.y + plot.h - ha, bar, ha }, r,
                              ui_color(c, UI_C_OUTLINE));
            if (hb > 0)
                ui_draw_rrect(dl, (ui_rect){ cx + 1, plot.y + plot.h - hb, bar, hb }, r, ui_color(c, UI_C_PRIMARY));
        }
    }
    draw_foot(c, dl, d, plot, plot.y + plot.h + ui_pt(c, 4));
}

static void draw_days(ui_widget *w, ui_ctx *c, ui_drawlist *dl, chart_data *d)
{
    int per = days_per_row(c, w->rect.w, d->n), cell = w->rect.w / per, gap = ui_pt(c, DAY_GAP_PT);
    for (int i = 0; i < d->n; i++) {
        ui_rect r = { w->rect.x + (i % per) * cell, w->rect.y + (i / per) * cell, cell - gap, cell - gap };
        if (d->a[i] > 0) {
            ui_draw_rrect(dl, r, ui_pt(c, 4), ui_color(c, UI_C_PRIMARY));
        } else {
            ui_draw_rrect(dl, r, ui_pt(c, 4), ui_color(c, UI_C_SURFACE_ALT));
        }
    }
    int rows = (d->n + per - 1) / per;
    draw_foot(c, dl, d, w->rect, w->rect.y + rows * cell + ui_pt(c, 2));
}

static void chart_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    chart_data *d = cd(w);
    switch (d->kind) {
    case CHART_MOOD: draw_mood(w, c, dl, d); break;
    case CHART_SEGMENTS: draw_segments(w, c, dl, d); break;
    case CHART_PAIRS: draw_pairs(w, c, dl, d); break;
    case CHART_DAYS: draw_days(w, c, dl, d); break;
    }
}

static void chart_free(ui_widget *w)
{
    chart_data *d = cd(w);
    free(d->a);
    free(d->b);
    free(d->foot_left);
    free(d->foot_right);
    free(d->legend_a);
    free(d->legend_b);
    free(d->axis_top);
    free(d->axis_bottom);
}

const ui_class chart_class = { .name = "chart", .measure = chart_measure, .draw = chart_draw, .free = chart_free };

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

ui_widget *ui_chart_new(const chart_spec *spec)
{
    ui_widget *w = ui_widget_new(&chart_class, spec->summary, sizeof(chart_data));
    if (!w) return NULL;
    chart_data *d = cd(w);
    int failed = 0;
    d->kind = spec->kind;
    d->n = spec->n > 0 ? spec->n : 0;
    d->a = dup_ints(spec->a, spec->kind == CHART_SEGMENTS ? 1 : d->n, &failed);
    d->b = dup_ints(spec->b, d->n, &failed);
    d->foot_left = dup_opt(spec->foot_left, &failed);
    d->foot_right = dup_opt(spec->foot_right, &failed);
    d->legend_a = dup_opt(spec->legend_a, &failed);
    d->legend_b = dup_opt(spec->legend_b, &failed);
    d->axis_top = dup_opt(spec->axis_top, &failed);
    d->axis_bottom = dup_opt(spec->axis_bottom, &failed);
    if (failed || (!d->a && d->n > 0)) {
        ui_widget_free(w);
        return NULL;
    }
    return w;
}
