/* together_charts.c -- the connection map: both partners' ratings on a
 * radar with its five axes named, a legend and the maps before drawn faint
 * (the engine logs each map when it is revealed); see tg_shared.h.
 *
 * The two partners are told apart without colour: the first partner's
 * shape is a solid line over a solid wash, the second's a dashed line over
 * stripes, with square corners instead of round; the legend says so in
 * words beside each name.  The axis names sit round the radar when they
 * fit; at a large text size, when they would squeeze it too small, the
 * axes are numbered and a key under the radar names them. */
#include "screens/tg_shared.h"

#include "widgets/basic.h"

#define RADAR_MAX_PT 300.0f
#define RADAR_MIN_RADIUS_PT 70.0f
#define LABEL_GAP_PT 6.0f
#define AXIS_NAME_MAX 48
#define HIST_MAX 8

/* ---- radar ------------------------------------------------------------------------ */

typedef struct radar {
    int r[2][IM_CONNECTION_DIMENSIONS];
    int nhist;
    int hist[HIST_MAX][2][IM_CONNECTION_DIMENSIONS];
    char axis[IM_CONNECTION_DIMENSIONS][AXIS_NAME_MAX];
} radar;

/* Where the radar sits in the widget: its middle and radius, and whether
 * the axes are numbered (with a key under it) rather than named. */
typedef struct radar_geom {
    float cx, cy, rad;
    int numbered, side; /* side: the square the radar and its names use */
} radar_geom;

static const float dir_x[IM_CONNECTION_DIMENSIONS] = { 0.0f, 0.9511f, 0.5878f, -0.5878f, -0.9511f };
static const float dir_y[IM_CONNECTION_DIMENSIONS] = { -1.0f, -0.3090f, 0.8090f, 0.8090f, -0.3090f };

static int small_px(ui_ctx *c, ui_face *f)
{
    int px;
    ui_text_style_font(c, UI_TEXT_SMALL, f, &px);
    return px;
}

static int text_w(ui_ctx *c, const char *s)
{
    ui_face f;
    int px = small_px(c, &f);
    return ui_text_measure(c->text, f, px, s, -1);
}

static int line_h(ui_ctx *c)
{
    ui_face f;
    int px = small_px(c, &f);
    return ui_text_line_height(c->text, f, px);
}

/* The name (or number) shown at axis d. */
static void axis_text(const radar *rd, int d, int numbered, char *buf, size_t cap)
{
    if (numbered) snprintf(buf, cap, "%d", d + 1);
    else snprintf(buf, cap, "%s", rd->axis[d]);
}

/* The largest radius at which every axis text fits round the middle of a
 * box half_w wide and half_h high each side of it, and the two lower
 * names (centred under their axes) do not meet; 0 when none does. */
static float fit_radius(ui_ctx *c, const radar *rd, float half_w, float half_h, int numbered)
{
    float gap = (float)ui_pt(c, LABEL_GAP_PT), lh = (float)line_h(c), w[IM_CONNECTION_DIMENSIONS];
    float rad = half_h - gap - lh; /* the top name over the top axis */
    for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
        char s[AXIS_NAME_MAX];
        axis_text(rd, d, numbered, s, sizeof s);
        w[d] = (float)text_w(c, s);
    }
    if (w[0] / 2.0f > half_w) return 0;
    for (int d = 1; d < IM_CONNECTION_DIMENSIONS; d++) {
        float fx = dir_x[d] < 0 ? -dir_x[d] : dir_x[d], r;
        if (dir_y[d] > 0.5f) { /* a lower axis: its name centred under its end */
            r = (half_w - w[d] / 2.0f) / fx;
            if (r < rad) rad = r;
            r = (half_h - gap - lh) / dir_y[d];
        } else { /* a side axis: its name beside its end */
            r = (half_w - gap - w[d]) / fx;
        }
        if (r < rad) rad = r;
    }
    float apart = (w[2] + w[3]) / 2.0f + gap; /* the lower names side by side */
    return rad * (dir_x[2] - dir_x[3]) < apart ? 0 : rad;
}

static radar_geom radar_geometry(ui_ctx *c, const radar *rd, ui_rect box)
{
    radar_geom g;
    g.side = box.w < ui_pt(c, RADAR_MAX_PT) ? box.w : ui_pt(c, RADAR_MAX_PT);
    float half_w = (float)box.w / 2.0f, half_h = (float)g.side / 2.0f;
    g.numbered = 0;
    g.rad = fit_radius(c, rd, half_w, half_h, 0);
    if (g.rad < (float)ui_pt(c, RADAR_MIN_RADIUS_PT)) {
        g.numbered = 1;
        g.rad = fit_radius(c, rd, half_w, half_h, 1);
    }
    if (g.rad < 1.0f) g.rad = 1.0f;
    g.cx = (float)box.x + half_w;
    g.cy = (float)box.y + half_h;
    return g;
}

static void radar_point(const radar_geom *g, int dim, float value, float *x, float *y)
{
    float rad = g->rad * value / 10.0f;
    *x = g->cx + dir_x[dim] * rad;
    *y = g->cy + dir_y[dim] * rad;
}

/* A line as a run of small squares (the draw list has rects, not lines);
 * dash > 0: on for dash pixels, off for as many. */
static void radar_line(ui_drawlist *dl, float x0, float y0, float x1, float y1, int thick, int dash, ui_rgba col)
{
    float dx = x1 - x0, dy = y1 - y0;
    float len = dx * dx + dy * dy;
    int steps = 1;
    while ((float)(steps * steps) < len && steps < 2000) steps++;
    int px = steps; /* about the length in pixels */
    steps = steps / (thick > 1 ? thick / 2 : 1) + 1;
    for (int i = 0; i <= steps; i++) {
        float f = (float)i / (float)steps;
        if (dash > 0 && ((int)(f * (float)px) / dash) % 2 == 1) continue;
        ui_draw_rect(dl, (ui_rect){ (int)(x0 + dx * f) - thick / 2, (int)(y0 + dy * f) - thick / 2, thick, thick },
                     col);
    }
}

static void shape_points(const radar_geom *g, const int *r, float *xs, float *ys)
{
    for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) radar_point(g, d, (float)(r[d] < 0 ? 0 : r[d]), &xs[d], &ys[d]);
}

static void radar_shape(ui_drawlist *dl, const radar_geom *g, const int *r, int thick, int dash, int square,
                        ui_rgba col)
{
    float xs[IM_CONNECTION_DIMENSIONS], ys[IM_CONNECTION_DIMENSIONS];
    shape_points(g, r, xs, ys);
    for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
        int e = (d + 1) % IM_CONNECTION_DIMENSIONS;
        radar_line(dl, xs[d], ys[d], xs[e], ys[e], thick, dash, col);
        ui_draw_rrect(dl, (ui_rect){ (int)xs[d] - thick * 2, (int)ys[d] - thick * 2, thick * 4, thick * 4 },
                      square ? thick / 2 : thick * 2, col);
    }
}

/* The inside of a partner's shape, row by row (even-odd rule); stripe > 0
 * fills only every other band of stripe pixels. */
static void radar_fill(ui_drawlist *dl, const radar_geom *g, const int *r, int stripe, ui_rgba col)
{
    float xs[IM_CONNECTION_DIMENSIONS], ys[IM_CONNECTION_DIMENSIONS];
    shape_points(g, r, xs, ys);
    float top = ys[0], bottom = ys[0];
    for (int d = 1; d < IM_CONNECTION_DIMENSIONS; d++) {
        if (ys[d] < top) top = ys[d];
        if (ys[d] > bottom) bottom = ys[d];
    }
    for (int y = (int)top; y <= (int)bottom; y++) {
        if (stripe > 0 && (y / stripe) % 2 == 1) continue;
        float fy = (float)y + 0.5f, cross[IM_CONNECTION_DIMENSIONS];
        int n = 0;
        for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
            int e = (d + 1) % IM_CONNECTION_DIMENSIONS;
            if ((ys[d] <= fy) == (ys[e] <= fy)) continue;
            cross[n++] = xs[d] + (fy - ys[d]) * (xs[e] - xs[d]) / (ys[e] - ys[d]);
        }
        for (int i = 1; i < n; i++) /* sort the few crossings */
            for (int k = i; k > 0 && cross[k] < cross[k - 1]; k--) {
                float t = cross[k];
                cross[k] = cross[k - 1];
                cross[k - 1] = t;
            }
        for (int i = 0; i + 1 < n; i += 2)
            ui_draw_rect(dl, (ui_rect){ (int)cross[i], y, (int)cross[i + 1] - (int)cross[i], 1 }, col);
    }
}

/* The colour of a partner's shape on the radar, and of the line by the
 * partner's name in the legend: one function, so the two always agree. */
static ui_rgba partner_color(ui_ctx *c, int partner) { return ui_color(c, partner ? UI_C_TEXT : UI_C_PRIMARY); }

static int partner_dash(ui_ctx *c, int partner) { return partner ? ui_pt(c, 5) : 0; }

static int key_h(ui_ctx *c, const radar_geom *g)
{
    return g->numbered ? ui_pt(c, 8) + IM_CONNECTION_DIMENSIONS * (line_h(c) + ui_pt(c, 2)) : 0;
}

static int radar_measure(ui_widget *w, ui_ctx *c, int width)
{
    radar_geom g = radar_geometry(c, w->data, (ui_rect){ 0, 0, width, 0 });
    return g.side + key_h(c, &g);
}

/* Each axis's name (or number) outside its end, placed away from the
 * radar: over the top axis, beside the side ones, centred under the
 * lower ones. */
static void draw_axis_names(ui_ctx *c, ui_drawlist *dl, const radar *rd, const radar_geom *g)
{
    ui_face f;
    int px = small_px(c, &f), lh = line_h(c), gap = ui_pt(c, LABEL_GAP_PT);
    for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
        char s[AXIS_NAME_MAX];
        axis_text(rd, d, g->numbered, s, sizeof s);
        int tw = text_w(c, s);
        float ex, ey;
        radar_point(g, d, 10, &ex, &ey);
        int x, y;
        if (d == 0) x = (int)ex - tw / 2, y = (int)ey - gap - lh;
        else if (dir_y[d] > 0.5f) x = (int)ex - tw / 2, y = (int)ey + gap;
        else if (dir_x[d] > 0) x = (int)ex + gap, y = (int)ey - lh / 2;
        else x = (int)ex - gap - tw, y = (int)ey - lh / 2;
        ui_draw_text(dl, x, y, tw, lh, f, px, ui_color(c, UI_C_TEXT), s, -1);
    }
}

/* The key of numbered axes: "1  Feelings", one a line, under the radar. */
static void draw_key(ui_ctx *c, ui_drawlist *dl, const radar *rd, ui_rect box, const radar_geom *g)
{
    ui_face f;
    int px = small_px(c, &f), lh = line_h(c), y = box.y + g->side + ui_pt(c, 8);
    for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++, y += lh + ui_pt(c, 2)) {
        char s[AXIS_NAME_MAX + 8];
        snprintf(s, sizeof s, "%d  %s", d + 1, rd->axis[d]);
        ui_draw_text(dl, box.x, y, text_w(c, s), lh, f, px, ui_color(c, UI_C_TEXT), s, -1);
    }
}

static void radar_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    radar *rd = w->data;
    radar_geom g = radar_geometry(c, rd, w->rect);
    int thin = ui_pt(c, 1) > 0 ? ui_pt(c, 1) : 1, thick = ui_pt(c, 2.5f);
    ui_rgba grid = ui_color(c, UI_C_OUTLINE);
    int ring[IM_CONNECTION_DIMENSIONS];
    for (int level = 5; level <= 10; level += 5) {
        for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) ring[d] = level;
        radar_shape(dl, &g, ring, thin, 0, 0, grid);
    }
    for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
        float x0, y0, x1, y1;
        radar_point(&g, d, 0, &x0, &y0);
        radar_point(&g, d, 10, &x1, &y1);
        radar_line(dl, x0, y0, x1, y1, thin, 0, grid);
    }
    for (int h = 0; h < rd->nhist; h++)
        for (int p = 0; p < 2; p++) radar_shape(dl, &g, rd->hist[h][p], thin, 0, 0, grid);
    for (int p = 0; p < 2; p++) {
        ui_rgba wash = partner_color(c, p);
        wash.a = p ? 70 : 50;
        radar_fill(dl, &g, rd->r[p], p ? ui_pt(c, 3) : 0, wash);
    }
    for (int p = 0; p < 2; p++) radar_shape(dl, &g, rd->r[p], thick, partner_dash(c, p), p, partner_color(c, p));
    draw_axis_names(c, dl, rd, &g);
    if (g.numbered) draw_key(c, dl, rd, w->rect, &g);
}

static const ui_class radar_class = { .name = "radar", .measure = radar_measure, .draw = radar_draw };

/* One entry of the radar's legend: a short sample of the partner's line
 * (solid or dashed, in the partner's colour, drawn with the draw list)
 * followed by the partner's name and the line's kind in words, a label
 * child that wraps beside it.  w->value is the partner (0 or 1). */
#define LEGEND_SAMPLE_PT 28.0f
#define LEGEND_GAP_PT 8.0f

static int legend_indent(ui_ctx *c) { return ui_pt(c, LEGEND_SAMPLE_PT + LEGEND_GAP_PT); }

static int legend_measure(ui_widget *w, ui_ctx *c, int width)
{
    int h = w->first ? ui_widget_measure(w->first, c, width - legend_indent(c)) : 0;
    int sw = ui_pt(c, 14);
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
    int len = ui_pt(c, LEGEND_SAMPLE_PT), thick = ui_pt(c, 2.5f);
    /* by the middle of the name's first line */
    float y = (float)(w->rect.y + line_h(c) / 2);
    float x0 = (float)w->rect.x, x1 = x0 + (float)len;
    ui_rgba wash = partner_color(c, w->value);
    wash.a = w->value ? 70 : 50;
    int band = ui_pt(c, 10), stripe = w->value ? ui_pt(c, 3) : 0;
    for (int k = 0; k < band; k++) /* the shape's fill under the line */
        if (!stripe || (k / stripe) % 2 == 0)
            ui_draw_rect(dl, (ui_rect){ (int)x0, (int)y + thick + k - band / 2 + band / 2, len, 1 }, wash);
    radar_line(dl, x0, y, x1, y, thick, partner_dash(c, w->value), partner_color(c, w->value));
}

static ui_widget *legend_new(const char *name, int partner)
{
    static const ui_class cls = {
        .name = "legend", .measure = legend_measure, .layout = legend_layout, .draw = legend_draw
    };
    char text[200];
    snprintf(text, sizeof text, ui_str(partner ? STR_TG_RADAR_LEGEND_B : STR_TG_RADAR_LEGEND_A), name);
    ui_widget *w = ui_widget_new(&cls, NULL, 0);
    if (!w) return NULL;
    w->value = partner;
    ui_widget *label = ui_label_new(text, UI_TEXT_SMALL);
    if (!label) {
        ui_widget_free(w);
        return NULL;
    }
    ui_widget_add(w, label);
    return w;
}

/* The legend: one name under the other, each by its line. */
static void add_legend(tg *t, ui_widget *col)
{
    for (int p = 0; p < 2; p++) ui_widget_add(col, legend_new(name_of(t, p), p));
}

/* An axis's name: the words before the prompt's colon ("Feelings: how
 * connected do you feel ..."), else the step's title, else its number. */
static void axis_name(const im_step *st, int d, char *buf, size_t cap)
{
    const char *text = st->text.n ? st->text.v[0].text : NULL;
    const char *colon = text ? strchr(text, ':') : NULL;
    if (colon && colon > text && (size_t)(colon - text) < cap) snprintf(buf, cap, "%.*s", (int)(colon - text), text);
    else if (st->title) snprintf(buf, cap, "%s", st->title);
    else snprintf(buf, cap, "%d", d + 1);
}

/* The radar's one-sentence summary, its accessible name. */
static void radar_summary(tg *t, const radar *rd, char *buf, size_t cap)
{
    char dims[400] = "";
    for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
        size_t used = strlen(dims);
        char a[8], b[8];
        snprintf(a, sizeof a, "%d", rd->r[0][d]);
        snprintf(b, sizeof b, "%d", rd->r[1][d]);
        snprintf(dims + used, sizeof dims - used, ui_str(STR_TG_RADAR_DIM), d ? ", " : "", rd->axis[d],
                 rd->r[0][d] < 0 ? "-" : a, rd->r[1][d] < 0 ? "-" : b);
    }
    snprintf(buf, cap, ui_str(STR_TG_RADAR_SUMMARY), name_of(t, 0), name_of(t, 1), dims);
}

/* Both partners' ratings in dimension order (the content's), over the
 * maps logged before (progress.h's connection-map events, one per reveal,
 * written by the engine). */
void tg_add_radar(tg *t, ui_widget *col)
{
    const im_exercise *ex = im_couple_exercise(t->c);
    radar rd;
    memset(&rd, 0, sizeof rd);
    int d = 0;
    for (size_t i = 0; i < ex->n_steps && d < IM_CONNECTION_DIMENSIONS; i++) {
        if (ex->steps[i].answer != IM_ANSWER_SCALE) continue;
        for (int p = 0; p < 2; p++) {
            const im_answer *a = NULL;
            rd.r[p][d] = im_couple_get_answer(t->c, p, i, &a) == IM_OK && a ? a->scale : -1;
        }
        axis_name(&ex->steps[i], d, rd.axis[d], sizeof rd.axis[d]);
        d++;
    }
    for (; d < IM_CONNECTION_DIMENSIONS; d++) snprintf(rd.axis[d], sizeof rd.axis[d], "%d", d + 1);
    im_progress_event *hist = NULL;
    size_t nh = 0;
    ui_session *s = ui_session_of(t->app);
    if (im_progress_connection_maps(ui_session_couple(s), &hist, &nh) == IM_OK) {
        /* the newest event is this map itself when it was just logged */
        if (nh && !memcmp(hist[nh - 1].ratings, rd.r, sizeof rd.r)) nh--;
        for (size_t k = nh > HIST_MAX ? nh - HIST_MAX : 0; k < nh; k++, rd.nhist++)
            memcpy(rd.hist[rd.nhist], hist[k].ratings, sizeof rd.hist[0]);
    }
    free(hist);
    char summary[700];
    radar_summary(t, &rd, summary, sizeof summary);
    ui_widget *w = ui_widget_new(&radar_class, summary, sizeof(radar));
    if (!w) return;
    memcpy(w->data, &rd, sizeof rd);
    add_text(col, ui_str(STR_TG_RADAR_TITLE), UI_TEXT_HEADING);
    add_legend(t, col);
    ui_widget_add(col, w);
    char legend[300];
    if (rd.nhist) {
        snprintf(legend, sizeof legend, ui_str(STR_TG_RADAR_HISTORY), rd.nhist);
        add_text(col, legend, UI_TEXT_SMALL);
    }
}
