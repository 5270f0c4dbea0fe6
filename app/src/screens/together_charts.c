/* together_charts.c -- the connection map: both partners' ratings on a
 * radar with a legend and the maps before drawn faint (the engine logs
 * each map when it is revealed); see tg_shared.h. */
#include "screens/tg_shared.h"

/* ---- radar ------------------------------------------------------------------------ */

typedef struct radar {
    int r[2][IM_CONNECTION_DIMENSIONS];
    int nhist;
    int hist[8][2][IM_CONNECTION_DIMENSIONS];
} radar;

static void radar_point(ui_rect box, int dim, float value, float *x, float *y)
{
    static const float cx[IM_CONNECTION_DIMENSIONS] = { 0.0f, 0.9511f, 0.5878f, -0.5878f, -0.9511f };
    static const float cy[IM_CONNECTION_DIMENSIONS] = { -1.0f, -0.3090f, 0.8090f, 0.8090f, -0.3090f };
    float rad = (float)(box.w < box.h ? box.w : box.h) * 0.42f * value / 10.0f;
    *x = (float)box.x + (float)box.w / 2.0f + cx[dim] * rad;
    *y = (float)box.y + (float)box.h / 2.0f + cy[dim] * rad;
}

/* A line as a run of small squares (the draw list has rects, not lines). */
static void radar_line(ui_drawlist *dl, float x0, float y0, float x1, float y1, int thick, ui_rgba col)
{
    float dx = x1 - x0, dy = y1 - y0;
    float len = dx * dx + dy * dy;
    int steps = 1;
    while ((float)(steps * steps) < len && steps < 2000) steps++;
    steps = steps / (thick > 1 ? thick / 2 : 1) + 1;
    for (int i = 0; i <= steps; i++) {
        float f = (float)i / (float)steps;
        ui_draw_rect(dl, (ui_rect){ (int)(x0 + dx * f) - thick / 2, (int)(y0 + dy * f) - thick / 2, thick, thick },
                     col);
    }
}

static void radar_shape(ui_drawlist *dl, ui_rect box, const int *r, int thick, ui_rgba col)
{
    for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
        int e = (d + 1) % IM_CONNECTION_DIMENSIONS;
        float x0, y0, x1, y1;
        radar_point(box, d, (float)(r[d] < 0 ? 0 : r[d]), &x0, &y0);
        radar_point(box, e, (float)(r[e] < 0 ? 0 : r[e]), &x1, &y1);
        radar_line(dl, x0, y0, x1, y1, thick, col);
        ui_draw_rrect(dl, (ui_rect){ (int)x0 - thick * 2, (int)y0 - thick * 2, thick * 4, thick * 4 }, thick * 2, col);
    }
}

/* The colour of a partner's shape on the radar, and of the swatch by the
 * partner's name in the legend: one function, so the two always agree. */
static ui_rgba partner_color(ui_ctx *c, int partner) { return ui_color(c, partner ? UI_C_TEXT : UI_C_PRIMARY); }

static int radar_measure(ui_widget *w, ui_ctx *c, int width)
{
    (void)w;
    int h = ui_pt(c, 260);
    return width < h ? width : h;
}

static void radar_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    radar *rd = w->data;
    ui_rect box = w->rect;
    int thin = ui_pt(c, 1) > 0 ? ui_pt(c, 1) : 1, thick = ui_pt(c, 2.5f);
    ui_rgba grid = ui_color(c, UI_C_OUTLINE), a = partner_color(c, 0), b = partner_color(c, 1);
    int ring[IM_CONNECTION_DIMENSIONS];
    for (int level = 5; level <= 10; level += 5) {
        for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) ring[d] = level;
        radar_shape(dl, box, ring, thin, grid);
    }
    for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
        float x0, y0, x1, y1;
        radar_point(box, d, 0, &x0, &y0);
        radar_point(box, d, 10, &x1, &y1);
        radar_line(dl, x0, y0, x1, y1, thin, grid);
    }
    ui_rgba faint = grid;
    for (int h = 0; h < rd->nhist; h++)
        for (int p = 0; p < 2; p++) radar_shape(dl, box, rd->hist[h][p], thin, faint);
    radar_shape(dl, box, rd->r[0], thick, a);
    radar_shape(dl, box, rd->r[1], thick, b);
}

static const ui_class radar_class = { .name = "radar", .measure = radar_measure, .draw = radar_draw };

/* One entry of the radar's legend: a small swatch in the partner's colour
 * (drawn with the draw list: a glyph would not carry the colour) followed
 * by the partner's name, a label child that wraps beside it.  w->value is
 * the partner (0 or 1). */
#define LEGEND_SWATCH_PT 14.0f
#define LEGEND_GAP_PT 8.0f

static int legend_indent(ui_ctx *c) { return ui_pt(c, LEGEND_SWATCH_PT + LEGEND_GAP_PT); }

static int legend_measure(ui_widget *w, ui_ctx *c, int width)
{
    int h = w->first ? ui_widget_measure(w->first, c, width - legend_indent(c)) : 0;
    int sw = ui_pt(c, LEGEND_SWATCH_PT);
    return h > sw ? h : sw;
}

static void legend_layout(ui_widget *w, ui_ctx *c)
{
    if (!w->first) return;
    ui_rect r = w->rect;
    r.x += legend_indent(c);
    r.w -= legend_indent(c);
    ui_widget_place(w->first, c, r);
}

static void legend_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    int sw = ui_pt(c, LEGEND_SWATCH_PT);
    /* by the first line of the name (small text is about 20 pt high) */
    ui_rect r = { w->rect.x, w->rect.y + ui_pt(c, 3), sw, sw };
    ui_draw_rrect(dl, r, ui_pt(c, 3), partner_color(c, w->value));
}

static ui_widget *legend_new(const char *name, int partner)
{
    static const ui_class cls = {
        .name = "legend", .measure = legend_measure, .layout = legend_layout, .draw = legend_draw
    };
    ui_widget *w = ui_widget_new(&cls, NULL, 0);
    if (!w) return NULL;
    w->value = partner;
    ui_widget *label = ui_label_new(name, UI_TEXT_SMALL);
    if (!label) {
        ui_widget_free(w);
        return NULL;
    }
    ui_widget_add(w, label);
    return w;
}

/* The legend: both names side by side, each by its colour. */
static void add_legend(tg *t, ui_widget *col)
{
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, 12));
    if (!row) return;
    for (int p = 0; p < 2; p++) ui_widget_add(row, legend_new(name_of(t, p), p));
}

/* Both partners' ratings in dimension order (the content's), over the
 * maps logged before (progress.h's connection-map events, one per reveal,
 * written by the engine). */
void tg_add_radar(tg *t, ui_widget *col)
{
    const im_exercise *ex = im_couple_exercise(t->c);
    ui_widget *w = ui_widget_new(&radar_class, NULL, sizeof(radar));
    if (!w) return;
    radar *rd = w->data;
    int d = 0;
    for (size_t i = 0; i < ex->n_steps && d < IM_CONNECTION_DIMENSIONS; i++) {
        if (ex->steps[i].answer != IM_ANSWER_SCALE) continue;
        for (int p = 0; p < 2; p++) {
            const im_answer *a = NULL;
            rd->r[p][d] = im_couple_get_answer(t->c, p, i, &a) == IM_OK && a ? a->scale : -1;
        }
        d++;
    }
    im_progress_event *hist = NULL;
    size_t nh = 0;
    ui_session *s = ui_session_of(t->app);
    if (im_progress_connection_maps(s->vault, &hist, &nh) == IM_OK) {
        /* the newest event is this map itself when it was just logged */
        if (nh && !memcmp(hist[nh - 1].ratings, rd->r, sizeof rd->r)) nh--;
        for (size_t k = nh > 8 ? nh - 8 : 0; k < nh; k++, rd->nhist++)
            memcpy(rd->hist[rd->nhist], hist[k].ratings, sizeof rd->hist[0]);
    }
    free(hist);
    add_text(col, ui_str(STR_TG_RADAR_TITLE), UI_TEXT_HEADING);
    add_legend(t, col);
    ui_widget_add(col, w);
    char legend[300];
    if (rd->nhist) {
        snprintf(legend, sizeof legend, ui_str(STR_TG_RADAR_HISTORY), rd->nhist);
        add_text(col, legend, UI_TEXT_SMALL);
    }
}
