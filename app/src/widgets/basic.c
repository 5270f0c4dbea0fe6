/* basic.c -- boxes, label, button, spacer; see basic.h. */
#include "widgets/basic.h"

#include <stdlib.h>
#include <string.h>

#include "input/grapheme.h"

typedef struct box_data {
    float padding_pt, gap_pt;
    int mode;    /* rows: ui_row_mode */
    int is_card; /* draws a surface */
} box_data;

typedef struct label_data {
    ui_text_style style;
    ui_color_id color;
} label_data;

typedef struct button_data {
    ui_button_style style;
} button_data;

void ui_text_style_font(const ui_ctx *c, ui_text_style st, ui_face *face, int *px)
{
    static const float size_pt[] = { 16, 24, 18, 13, 22 };
    *face = st == UI_TEXT_BODY || st == UI_TEXT_SMALL ? UI_FACE_REGULAR : UI_FACE_BOLD;
    if (st == UI_TEXT_BAR) *px = ui_dp(c, size_pt[st] * (1.0f + (c->metrics.text_scale - 1.0f) * 0.5f));
    else *px = ui_pt(c, size_pt[st]);
}

int ui_wrapped_height(ui_ctx *c, const char *text, ui_face face, int px, int width)
{
    ui_lines l = ui_text_wrap(c->text, face, px, text ? text : "", width);
    return l.count * l.line_height;
}

int ui_draw_wrapped(ui_ctx *c, ui_drawlist *dl, const char *text, ui_face face, int px, ui_rgba color, ui_rect r,
                    int center)
{
    if (!text) return 0;
    ui_lines l = ui_text_wrap(c->text, face, px, text, r.w);
    int y = r.y;
    for (int i = 0; i < l.count; i++) {
        const ui_line *ln = &l.lines[i];
        int x = ui_text_line_x(ln, r.x, r.w, center);
        if (ln->len > 0) ui_draw_text(dl, x, y, ln->width, l.line_height, face, px, color, text + ln->start, ln->len);
        y += l.line_height;
    }
    return y - r.y;
}

/* ---- where the characters are (a screen reader's character extents) -------- */

static int char_start(const char *s, int i) { return ((unsigned char)s[i] & 0xC0) != 0x80; }

int ui_char_boxes(ui_ctx *c, const ui_char_layout *l, ui_rect within, int *first, ui_rect *out, unsigned char *joins,
                  int cap)
{
    *first = 0;
    if (ui_rect_empty(within) || cap <= 0 || !l->s) return 0;
    ui_line one = { 0, l->n, 0, 0 };
    const ui_line *lines = l->lines && l->nlines > 0 ? l->lines : &one; /* valid until the next wrap */
    int nlines = l->lines && l->nlines > 0 ? l->nlines : 1, lh = l->line_height;
    int widest = 0;
    for (int i = 0; i < nlines; i++)
        if (lines[i].len > widest) widest = lines[i].len;
    int *x0 = malloc((size_t)(widest + 1) * 3 * sizeof *x0);
    if (!x0) return -1;
    int *x1 = x0 + widest + 1, *starts = x1 + widest + 1; /* starts: a user-perceived character begins */
    int k = 0, count = 0, full = 0, seen = 0;
    ui_rect end = { 0, 0, 0, 0 };
    for (int li = 0; li < nlines && !full; li++) {
        const ui_line *ln = &lines[li];
        int ls = ln->start, len = ln->len, next = li + 1 < nlines ? lines[li + 1].start : l->n;
        int y = l->box.y + li * lh;
        seen = y + lh > within.y && y < within.y + within.h;
        if (!seen && count > 0) break; /* past the lines shown */
        if (!seen) {                   /* before them: only counted */
            for (int b = ls; b < next; b++)
                k += char_start(l->s, b) && !(b >= l->skip_at && b < l->skip_at + l->skip_len);
            continue;
        }
        int x = l->lines ? ui_text_line_x(ln, l->box.x, l->box.w, l->center) : l->fixed_x;
        ui_text_char_spans(c->text, l->face, l->px, l->s + ls, len, x0, x1);
        /* a user-perceived character is one box, however many code
         * points and glyphs it is (an emoji ZWJ sequence, a letter and
         * its marks) */
        for (int a = 0, e; a < len; a = e) {
            e = (int)ui_grapheme_end(l->s + ls, (size_t)len, (size_t)a);
            if (e <= a) e = a + 1;
            int lo = x0[a], hi = x1[a];
            for (int i = a + 1; i < e; i++) {
                if (x0[i] < lo) lo = x0[i];
                if (x1[i] > hi) hi = x1[i];
            }
            for (int i = a; i < e; i++) x0[i] = lo, x1[i] = hi, starts[i] = i == a;
        }
        end = (ui_rect){ x + (len > 0 ? ui_text_caret_x(c->text, l->face, l->px, l->s + ls, len, len) : 0), y, 0, lh };
        for (int b = ls; b < next; b++) {
            if (!char_start(l->s, b) || (b >= l->skip_at && b < l->skip_at + l->skip_len)) continue;
            if (count == cap) {
                full = 1;
                break;
            }
            if (count == 0) *first = k;
            if (joins) joins[count] = b < ls + len && !starts[b - ls];
            out[count++] = b < ls + len ? (ui_rect){ x + x0[b - ls], y, x1[b - ls] - x0[b - ls], lh } : end;
            k++;
        }
    }
    if (!full && seen && !l->cut && count < cap) { /* where the caret goes after the last one */
        if (count == 0) *first = k;
        if (joins) joins[count] = 0;
        out[count++] = end;
    }
    free(x0);
    return count;
}

/* A label's words as ui_draw_wrapped lays them out in its rect. */
static int label_char_boxes(ui_widget *w, ui_ctx *c, ui_rect within, int *first, ui_rect *out, unsigned char *joins,
                            int cap)
{
    label_data *d = w->data;
    ui_char_layout l;
    memset(&l, 0, sizeof l);
    ui_text_style_font(c, d->style, &l.face, &l.px);
    l.s = w->label ? w->label : "";
    l.n = (int)strlen(l.s);
    ui_lines wr = ui_text_wrap(c->text, l.face, l.px, l.s, w->rect.w);
    l.lines = wr.lines;
    l.nlines = wr.count;
    l.line_height = wr.line_height;
    l.box = w->rect;
    return ui_char_boxes(c, &l, within, first, out, joins, cap);
}

void ui_draw_focus(ui_widget *w, ui_ctx *c, ui_drawlist *dl, ui_rect r, int radius)
{
    if (c->focus != w || !c->focus_visible || !ui_widget_is_enabled(w)) return;
    int k = ui_pt(c, 2);
    ui_rect o = { r.x - k, r.y - k, r.w + 2 * k, r.h + 2 * k };
    ui_draw_rrect_outline(dl, o, radius + k, k, ui_color(c, UI_C_FOCUS));
}

/* ---- boxes ------------------------------------------------------------------ */

int ui_box_measure(ui_widget *w, ui_ctx *c, int width)
{
    box_data *b = w->data;
    int pad = ui_dp(c, b->padding_pt), gap = ui_dp(c, b->gap_pt);
    int h = 2 * pad, n = 0;
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        if (ch->flags & UI_WF_HIDDEN) continue;
        h += ui_widget_measure(ch, c, width - 2 * pad) + (n++ ? gap : 0);
    }
    return h;
}

void ui_box_layout(ui_widget *w, ui_ctx *c)
{
    box_data *b = w->data;
    int pad = ui_dp(c, b->padding_pt), gap = ui_dp(c, b->gap_pt);
    int inner = w->rect.w - 2 * pad, x = w->rect.x + pad;
    if ((w->flags & UI_WF_READABLE) && inner > ui_pt(c, UI_READABLE_WIDTH_PT) - 2 * pad) {
        /* line up with the centred column of the scroll views */
        x += (inner - (ui_pt(c, UI_READABLE_WIDTH_PT) - 2 * pad)) / 2;
        inner = ui_pt(c, UI_READABLE_WIDTH_PT) - 2 * pad;
    }
    int y = w->rect.y + pad;
    ui_widget *fill = NULL;
    int used = 2 * pad, n = 0;
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        if (ch->flags & UI_WF_HIDDEN) continue;
        if (ch->flags & UI_WF_FILL) fill = ch;
        else used += ui_widget_measure(ch, c, inner);
        used += n++ ? gap : 0;
    }
    int fill_h = w->rect.h - used;
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        if (ch->flags & UI_WF_HIDDEN) continue;
        int h = ch == fill ? (fill_h > 0 ? fill_h : 0) : ui_widget_measure(ch, c, inner);
        ui_widget_place(ch, c, (ui_rect){ x, y, inner, h });
        y += h + gap;
    }
}

static void card_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    box_data *b = w->data;
    if (!b->is_card) return;
    int rad = ui_dp(c, 16);
    ui_draw_rrect_bordered(dl, w->rect, rad, ui_dp(c, 1), ui_color(c, UI_C_SURFACE), ui_color(c, UI_C_SURFACE_ALT));
}

const ui_class ui_column_class = { .name = "column", .measure = ui_box_measure, .layout = ui_box_layout };
const ui_class ui_card_class = { .name = "card", .measure = ui_box_measure, .layout = ui_box_layout, .draw = card_draw };

ui_widget *ui_column_new(float padding_pt, float gap_pt)
{
    ui_widget *w = ui_widget_new(&ui_column_class, NULL, sizeof(box_data));
    if (w) *(box_data *)w->data = (box_data){ padding_pt, gap_pt, 0, 0 };
    return w;
}

ui_widget *ui_card_new(void)
{
    ui_widget *w = ui_widget_new(&ui_card_class, NULL, sizeof(box_data));
    if (w) *(box_data *)w->data = (box_data){ 16, UI_SPACING_PT, 0, 1 };
    return w;
}

static int button_least_width(ui_widget *w, ui_ctx *c);

/* A UI_ROW_EQUAL_OR_STACK row whose shares are too narrow for a button's
 * longest word (three buttons at 200 % on a phone: "Mayb|e"): its
 * children are stacked instead, each the row's width, so no label breaks
 * inside a word. */
static int equal_row_stacks(ui_widget *w, ui_ctx *c, int cw)
{
    for (ui_widget *ch = w->first; ch; ch = ch->next)
        if (!(ch->flags & UI_WF_HIDDEN) && ch->cls == &ui_button_class && button_least_width(ch, c) > cw) return 1;
    return 0;
}

/* Rows: returns the height; places children when place = 1. */
static int row_flow(ui_widget *w, ui_ctx *c, int width, int place)
{
    box_data *b = w->data;
    int gap = ui_dp(c, b->gap_pt);
    int n = 0;
    for (ui_widget *ch = w->first; ch; ch = ch->next) n += !(ch->flags & UI_WF_HIDDEN);
    if (!n) return 0;
    if (b->mode == UI_ROW_LEAD) {
        ui_widget *lead = NULL;
        int rest = 0;
        for (ui_widget *ch = w->first; ch; ch = ch->next) {
            if (ch->flags & UI_WF_HIDDEN) continue;
            if (!lead) lead = ch;
            else rest += (ch->cls->natural_width ? ch->cls->natural_width(ch, c) : 0) + gap;
        }
        /* the others need more than half the line: the lead has a line of
         * its own and they go under it, at its end */
        int stacked = rest > width / 2;
        int lead_w = stacked ? width : width - rest;
        int lead_h = ui_widget_measure(lead, c, lead_w), h = 0;
        for (ui_widget *ch = lead->next; ch; ch = ch->next) {
            if (ch->flags & UI_WF_HIDDEN) continue;
            int cw = ch->cls->natural_width ? ch->cls->natural_width(ch, c) : 0;
            if (cw > width) cw = width;
            int ch_h = ui_widget_measure(ch, c, cw);
            if (ch_h > h) h = ch_h;
        }
        int line = stacked ? lead_h : (lead_h > h ? lead_h : h);
        if (place) {
            ui_widget_place(lead, c, (ui_rect){ w->rect.x, w->rect.y, lead_w, line });
            int x = w->rect.x + width - (rest > gap ? rest - gap : 0);
            if (x < w->rect.x) x = w->rect.x;
            int y = stacked ? w->rect.y + lead_h + gap : w->rect.y;
            for (ui_widget *ch = lead->next; ch; ch = ch->next) {
                if (ch->flags & UI_WF_HIDDEN) continue;
                int cw = ch->cls->natural_width ? ch->cls->natural_width(ch, c) : 0;
                if (cw > width) cw = width;
                ui_widget_place(ch, c, (ui_rect){ x, y, cw, stacked ? h : line });
                x += cw + gap;
            }
        }
        return stacked ? lead_h + (h ? gap + h : 0) : line;
    }
    if (b->mode == UI_ROW_EQUAL_OR_STACK && n > 1 && equal_row_stacks(w, c, (width - gap * (n - 1)) / n)) {
        int y = 0;
        for (ui_widget *ch = w->first; ch; ch = ch->next) {
            if (ch->flags & UI_WF_HIDDEN) continue;
            int ch_h = ui_widget_measure(ch, c, width);
            if (place) ui_widget_place(ch, c, (ui_rect){ w->rect.x, w->rect.y + y, width, ch_h });
            y += ch_h + gap;
        }
        return y - gap;
    }
    if (b->mode == UI_ROW_EQUAL || b->mode == UI_ROW_EQUAL_OR_STACK) {
        int cw = (width - gap * (n - 1)) / n, h = 0, x = w->rect.x;
        for (ui_widget *ch = w->first; ch; ch = ch->next) {
            if (ch->flags & UI_WF_HIDDEN) continue;
            int ch_h = ui_widget_measure(ch, c, cw);
            if (ch_h > h) h = ch_h;
        }
        if (place)
            for (ui_widget *ch = w->first; ch; ch = ch->next) {
                if (ch->flags & UI_WF_HIDDEN) continue;
                ui_widget_place(ch, c, (ui_rect){ x, w->rect.y, cw, h });
                x += cw + gap;
            }
        return h;
    }
    int x = 0, y = 0, line_h = 0;
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        if (ch->flags & UI_WF_HIDDEN) continue;
        int cw = ch->cls->natural_width ? ch->cls->natural_width(ch, c) : width;
        if (cw > width) cw = width;
        if (x > 0 && x + cw > width) {
            x = 0;
            y += line_h + gap;
            line_h = 0;
        }
        int h = ui_widget_measure(ch, c, cw);
        if (place) ui_widget_place(ch, c, (ui_rect){ w->rect.x + x, w->rect.y + y, cw, h });
        if (h > line_h) line_h = h;
        x += cw + gap;
    }
    return y + line_h;
}

static int row_measure(ui_widget *w, ui_ctx *c, int width) { return row_flow(w, c, width, 0); }
static void row_layout(ui_widget *w, ui_ctx *c) { row_flow(w, c, w->rect.w, 1); }

const ui_class ui_row_class = { .name = "row", .measure = row_measure, .layout = row_layout };

ui_widget *ui_row_new(ui_row_mode mode, float gap_pt)
{
    ui_widget *w = ui_widget_new(&ui_row_class, NULL, sizeof(box_data));
    if (w) *(box_data *)w->data = (box_data){ 0, gap_pt, (int)mode, 0 };
    return w;
}

/* ---- label ------------------------------------------------------------------ */

static int label_measure(ui_widget *w, ui_ctx *c, int width)
{
    label_data *d = w->data;
    ui_face face;
    int px;
    ui_text_style_font(c, d->style, &face, &px);
    return ui_wrapped_height(c, w->label, face, px, width);
}

static void label_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    label_data *d = w->data;
    ui_face face;
    int px;
    ui_text_style_font(c, d->style, &face, &px);
    ui_draw_wrapped(c, dl, w->label, face, px, ui_color(c, d->color), w->rect, 0);
}

const ui_class ui_label_class = {
    .name = "label", .measure = label_measure, .draw = label_draw, .char_boxes = label_char_boxes
};

ui_text_style ui_label_style(const ui_widget *w) { return ((const label_data *)w->data)->style; }

ui_widget *ui_label_new(const char *text, ui_text_style style)
{
    ui_widget *w = ui_widget_new(&ui_label_class, text ? text : "", sizeof(label_data));
    if (w) *(label_data *)w->data = (label_data){ style, style == UI_TEXT_SMALL ? UI_C_TEXT_MUTED : UI_C_TEXT };
    return w;
}

void ui_label_set_text(ui_widget *w, ui_ctx *c, const char *text)
{
    if (w->label && text && strcmp(w->label, text) == 0) return;
    ui_widget_set_label(w, text ? text : "");
    if (c) ui_ctx_relayout(c);
}

/* ---- button ----------------------------------------------------------------- */

static void button_font(ui_ctx *c, ui_face *face, int *px)
{
    *face = UI_FACE_BOLD;
    *px = ui_pt(c, 16);
}

/* Side padding: 20 pt around the words in the natural width, 16 pt kept
 * when wrapping; a text button (no outline) 12 pt for both.  In a slot
 * narrower than that needs (a fixed [Skip | Next] slot at 200 % text) the
 * padding gives way, down to 4 pt, before the label breaks inside a
 * word. */
static int button_side_pad(ui_widget *w, ui_ctx *c, int natural, int width)
{
    int text = ((const button_data *)w->data)->style == UI_BUTTON_TEXT;
    int pad = ui_dp(c, text ? 12 : natural ? 20 : 16);
    if (natural || width <= 0) return pad;
    int tw = ui_text_measure(c->text, UI_FACE_BOLD, ui_pt(c, 16), w->label ? w->label : "", -1);
    if (tw + 2 * pad > width) {
        int fit = (width - tw) / 2, least = ui_dp(c, 4);
        pad = fit > least ? fit : least;
    }
    return pad;
}

/* The narrowest a button can be without breaking a word of its label:
 * its longest word and the least side padding (4 pt). */
static int button_least_width(ui_widget *w, ui_ctx *c)
{
    ui_face face;
    int px, most = 0;
    button_font(c, &face, &px);
    const char *s = w->label ? w->label : "";
    while (*s) {
        int n = (int)strcspn(s, " ");
        int tw = n ? ui_text_measure(c->text, face, px, s, n) : 0;
        if (tw > most) most = tw;
        s += n;
        while (*s == ' ') s++;
    }
    return most + 2 * ui_dp(c, 4);
}

static int button_natural(ui_widget *w, ui_ctx *c)
{
    ui_face face;
    int px;
    button_font(c, &face, &px);
    int tw = ui_text_measure(c->text, face, px, w->label ? w->label : "", -1);
    int min = ui_dp(c, UI_TOUCH_TARGET_PT);
    int nat = tw + 2 * button_side_pad(w, c, 1, 0);
    return nat > min ? nat : min;
}

static int button_measure(ui_widget *w, ui_ctx *c, int width)
{
    ui_face face;
    int px;
    button_font(c, &face, &px);
    /* a text button has no outline to pad: 4 pt above and below its words
     * (in a header bar, say), the 48 pt target still */
    int vpad = ((button_data *)w->data)->style == UI_BUTTON_TEXT ? 4 : 12;
    int h = ui_wrapped_height(c, w->label, face, px, width - 2 * button_side_pad(w, c, 0, width)) + 2 * ui_dp(c, vpad);
    int min = ui_dp(c, UI_TOUCH_TARGET_PT);
    return h > min ? h : min;
}

static void button_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    button_data *d = w->data;
    int rad = ui_dp(c, 12);
    ui_color_id fg = UI_C_PRIMARY;
    if (d->style == UI_BUTTON_PRIMARY) {
        ui_draw_rrect(dl, w->rect, rad, ui_color(c, UI_C_PRIMARY));
        fg = UI_C_ON_PRIMARY;
    } else if (d->style == UI_BUTTON_SECONDARY) {
        ui_draw_rrect_bordered(dl, w->rect, rad, ui_dp(c, 1), ui_color(c, UI_C_SURFACE), ui_color(c, UI_C_OUTLINE));
    }
    if (w->flags & UI_WF_PRESSED) {
        ui_rgba shade = ui_color(c, UI_C_TEXT);
        shade.a = 40;
        ui_draw_rrect(dl, w->rect, rad, shade);
    }
    ui_face face;
    int px;
    button_font(c, &face, &px);
    int pad = button_side_pad(w, c, 0, w->rect.w);
    ui_rect inner = { w->rect.x + pad, 0, w->rect.w - 2 * pad, 0 };
    int th = ui_wrapped_height(c, w->label, face, px, inner.w);
    inner.y = w->rect.y + (w->rect.h - th) / 2;
    inner.h = th;
    ui_rgba col = ui_color(c, fg);
    if (!ui_widget_is_enabled(w)) col.a = 120;
    ui_draw_wrapped(c, dl, w->label, face, px, col, inner, 1);
    ui_draw_focus(w, c, dl, w->rect, rad);
}

/* Pressed highlight on PRESS, cleared on PRESS_END/CANCEL; TAP activates. */
int ui_press_gesture(ui_widget *w, ui_ctx *c, const im_gesture_event *e)
{
    switch (e->kind) {
    case IM_GESTURE_PRESS:
        w->flags |= UI_WF_PRESSED;
        ui_ctx_redraw(c);
        return 1;
    case IM_GESTURE_PRESS_END:
    case IM_GESTURE_CANCEL:
        w->flags &= ~(unsigned)UI_WF_PRESSED;
        ui_ctx_redraw(c);
        return 1;
    default: return 0;
    }
}

int ui_tap_gesture(ui_widget *w, ui_ctx *c, const im_gesture_event *e, int x, int y)
{
    (void)x, (void)y;
    if (ui_press_gesture(w, c, e)) return 1;
    if (e->kind != IM_GESTURE_TAP || !w->cls->activate) return 0;
    w->flags &= ~(unsigned)UI_WF_PRESSED;
    w->cls->activate(w, c);
    return 1;
}

int ui_tap_key(ui_widget *w, ui_ctx *c, const SDL_KeyboardEvent *k)
{
    SDL_Keycode s = k->keysym.sym;
    if ((s != SDLK_RETURN && s != SDLK_KP_ENTER && s != SDLK_SPACE) || !w->cls->activate) return 0;
    w->cls->activate(w, c);
    return 1;
}

static void button_activate(ui_widget *w, ui_ctx *c) { ui_ctx_emit(c, w, 0); }

static int button_gesture(ui_widget *w, ui_ctx *c, const im_gesture_event *e, int x, int y)
{
    if (e->kind == IM_GESTURE_LONG_PRESS && w->long_action) {
        ui_ctx_emit_kind(c, w, w->long_action, 0);
        return 1;
    }
    return ui_tap_gesture(w, c, e, x, y);
}

const ui_class ui_button_class = { .name = "button",
                                   .natural_width = button_natural,
                                   .measure = button_measure,
                                   .draw = button_draw,
                                   .gesture = button_gesture,
                                   .key = ui_tap_key,
                                   .activate = button_activate };

ui_widget *ui_button_new(const char *label, ui_button_style style, int action)
{
    ui_widget *w = ui_widget_new(&ui_button_class, label, sizeof(button_data));
    if (!w) return NULL;
    ((button_data *)w->data)->style = style;
    w->action = action;
    w->flags |= UI_WF_FOCUSABLE | UI_WF_INTERACTIVE;
    return w;
}

/* ---- spacer ----------------------------------------------------------------- */

typedef struct spacer_data {
    float h;
} spacer_data;

static int spacer_measure(ui_widget *w, ui_ctx *c, int width)
{
    (void)width;
    return ui_dp(c, ((spacer_data *)w->data)->h);
}

const ui_class ui_spacer_class = { .name = "spacer", .measure = spacer_measure };

ui_widget *ui_spacer_new(float height_pt)
{
    ui_widget *w = ui_widget_new(&ui_spacer_class, NULL, sizeof(spacer_data));
    if (w) ((spacer_data *)w->data)->h = height_pt;
    return w;
}
