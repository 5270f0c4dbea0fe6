/* frame.c -- see frame.h. */
#include "widgets/frame.h"

#include <string.h>

#include "widgets/basic.h"

#define HEADER_PT 56
#define TABBAR_PT 64
#define RAIL_PT 96
#define NAV_MAX 6
/* A tab: its icon in a pill at the top, its label beneath.  The icon and
 * the pill are chrome (density points); the label follows the text size
 * up to NAV_LABEL_CAP_PT, then shrinks only as far as NAV_LABEL_MIN_PT to
 * keep each word whole in its tab, and a label of several words wraps to
 * two lines.  As iOS and Android cap their tab-bar labels: the bar keeps
 * to a thumb's height at 200 % text, and every label stays whole. */
#define NAV_ICON_PT 22
#define NAV_PILL_W_PT 56
#define NAV_PILL_H_PT 30
#define NAV_PAD_PT 6
#define NAV_GAP_PT 2
#define NAV_LABEL_PT 12
#define NAV_LABEL_CAP_PT 15
#define NAV_LABEL_MIN_PT 10
#define NAV_LABEL_LINES 2

typedef struct frame_data {
    ui_widget *header, *back, *title, *nav, *body;
} frame_data;

typedef struct nav_data {
    int wide;     /* drawn as a rail */
    int label_px; /* every tab's label size (nav_label_px) */
} nav_data;

typedef struct nav_item_data {
    const char *icon; /* UTF-8, drawn only (never the accessible name); NULL: none */
} nav_item_data;

/* ---- navigation (tab bar / side rail) --------------------------------------- */

/* Density points: chrome that keeps its size whatever the text size. */
static int chrome_px(const ui_ctx *c, float pt) { return ui_dp(c, pt); }

/* The widest word of s in bold at px (a label wraps between words only). */
static int widest_word(ui_ctx *c, const char *s, int px)
{
    int widest = 0;
    while (*s) {
        while (*s == ' ') s++;
        int n = 0;
        while (s[n] && s[n] != ' ') n++;
        if (n) {
            int tw = ui_text_measure(c->text, UI_FACE_BOLD, px, s, n);
            if (tw > widest) widest = tw;
        }
        s += n;
    }
    return widest;
}

/* One size for every tab's label: the person's text size, capped at
 * NAV_LABEL_CAP_PT, and shrunk until each label's widest word fits its
 * tab (in bold, as when it is chosen), never below NAV_LABEL_MIN_PT. */
static int nav_label_px(ui_widget *nav, ui_ctx *c, int item_w)
{
    int px = ui_pt(c, NAV_LABEL_PT), cap = chrome_px(c, NAV_LABEL_CAP_PT);
    int least = chrome_px(c, NAV_LABEL_MIN_PT), avail = item_w - chrome_px(c, 4);
    if (px > cap) px = cap;
    for (ui_widget *ch = nav->first; ch; ch = ch->next) {
        if (!ch->label) continue;
        int tw = widest_word(c, ch->label, px);
        while (tw > avail && px > least) {
            int next = (int)((long)px * avail / tw);
            px = next >= px ? px - 1 : next < least ? least : next;
            tw = widest_word(c, ch->label, px);
        }
    }
    return px;
}

/* The label's lines in width w at px (at most NAV_LABEL_LINES are drawn). */
static ui_lines nav_label_lines(ui_ctx *c, const char *s, int px, int w)
{
    return ui_text_wrap(c->text, UI_FACE_BOLD, px, s ? s : "", w);
}

/* The height a tab needs: pad, pill, gap, its label's lines, pad. */
static int nav_item_height(ui_widget *nav, ui_ctx *c, int item_w, int px)
{
    int lines = 1;
    for (ui_widget *ch = nav->first; ch; ch = ch->next) {
        ui_lines l = nav_label_lines(c, ch->label, px, item_w - chrome_px(c, 4));
        if (l.count > lines) lines = l.count;
    }
    if (lines > NAV_LABEL_LINES) lines = NAV_LABEL_LINES;
    int lh = ui_text_line_height(c->text, UI_FACE_BOLD, px);
    int need = chrome_px(c, 2 * NAV_PAD_PT + NAV_PILL_H_PT + NAV_GAP_PT) + lines * lh;
    int least = chrome_px(c, TABBAR_PT);
    return need > least ? need : least;
}

static void nav_item_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    int selected = w->parent && w->parent->value == w->value;
    const nav_item_data *id = w->data;
    ui_face face = selected ? UI_FACE_BOLD : UI_FACE_REGULAR;
    const char *s = w->label ? w->label : "";
    int px = w->parent ? ((nav_data *)w->parent->data)->label_px : ui_pt(c, NAV_LABEL_PT);
    ui_lines l = nav_label_lines(c, s, px, w->rect.w - chrome_px(c, 4));
    int lines = l.count < NAV_LABEL_LINES ? l.count : NAV_LABEL_LINES;
    int lh = l.line_height;
    /* the block (pill, gap, label) centred in the tab's height */
    int ph = chrome_px(c, NAV_PILL_H_PT), pw = chrome_px(c, NAV_PILL_W_PT);
    if (pw > w->rect.w - chrome_px(c, 4)) pw = w->rect.w - chrome_px(c, 4);
    int block = ph + chrome_px(c, NAV_GAP_PT) + lines * lh;
    int top = w->rect.y + (w->rect.h - block) / 2;
    ui_rect pill = { w->rect.x + (w->rect.w - pw) / 2, top, pw, ph };
    if (selected) ui_draw_rrect(dl, pill, ph / 2, ui_color(c, UI_C_SELECTION));
    if (w->flags & UI_WF_PRESSED) {
        ui_rgba shade = ui_color(c, UI_C_TEXT);
        shade.a = 30;
        ui_draw_rrect(dl, pill, ph / 2, shade);
    }
    ui_rgba col = ui_color(c, UI_C_TEXT);
    if (id && id->icon) {
        int ipx = chrome_px(c, NAV_ICON_PT);
        int iw = ui_text_measure(c->text, UI_FACE_REGULAR, ipx, id->icon, -1);
        int ih = ui_text_line_height(c->text, UI_FACE_REGULAR, ipx);
        ui_draw_text(dl, pill.x + (pill.w - iw) / 2, pill.y + (pill.h - ih) / 2, iw, ih, UI_FACE_REGULAR, ipx, col,
                     id->icon, -1);
    }
    /* the label in the chosen tab's bold even when not chosen: the lines
     * were measured in bold, so regular always fits them */
    int y = top + ph + chrome_px(c, NAV_GAP_PT);
    for (int i = 0; i < lines; i++) {
        const ui_line *ln = &l.lines[i];
        int n = ln->len, tw = ui_text_measure(c->text, face, px, s + ln->start, n);
        int x = w->rect.x + (w->rect.w - tw) / 2;
        ui_draw_text(dl, x, y + i * lh, tw, lh, face, px, col, s + ln->start, n);
    }
    ui_draw_focus(w, c, dl, pill, ph / 2);
}

static void nav_item_activate(ui_widget *w, ui_ctx *c)
{
    if (!w->parent) return;
    w->parent->value = w->value;
    ui_ctx_emit_kind(c, w, w->parent->action, w->value);
}

static const ui_class nav_item_class = {
    .name = "tab", .draw = nav_item_draw, .gesture = ui_tap_gesture, .key = ui_tap_key, .activate = nav_item_activate
};

static void nav_layout(ui_widget *w, ui_ctx *c)
{
    nav_data *d = w->data;
    int n = 0;
    for (ui_widget *ch = w->first; ch; ch = ch->next) n++;
    if (!n) return;
    int i = 0, item_w = d->wide ? w->rect.w : w->rect.w / n;
    d->label_px = nav_label_px(w, c, item_w);
    int item = nav_item_height(w, c, item_w, d->label_px);
    for (ui_widget *ch = w->first; ch; ch = ch->next, i++) {
        ui_rect r;
        if (d->wide) r = (ui_rect){ w->rect.x, w->rect.y + chrome_px(c, 8) + i * item, w->rect.w, item };
        else
            r = (ui_rect){ w->rect.x + w->rect.w * i / n, w->rect.y, w->rect.w * (i + 1) / n - w->rect.w * i / n,
                           w->rect.h };
        ui_widget_place(ch, c, r);
    }
}

static void nav_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    nav_data *d = w->data;
    ui_draw_rect(dl, w->rect, ui_color(c, UI_C_SURFACE));
    ui_rect edge = d->wide ? (ui_rect){ w->rect.x + w->rect.w - 1, w->rect.y, 1, w->rect.h }
                           : (ui_rect){ w->rect.x, w->rect.y, w->rect.w, 1 };
    ui_draw_rect(dl, edge, ui_color(c, UI_C_SURFACE_ALT));
}

const ui_class ui_nav_class = { .name = "nav", .layout = nav_layout, .draw = nav_draw };

/* ---- the header's title ------------------------------------------------------- */

#define TITLE_LINES_MAX 2
#define ELLIPSIS "\xE2\x80\xA6"

/* The title in the bar: wrapped to at most two lines -- at its size
 * (UI_TEXT_BAR), or smaller down to its size at 100 % text when that keeps
 * it to two -- and past that the second line ends in an ellipsis (the
 * accessible label keeps all of it, and the page usually says it again):
 * a long exercise's name at 200 % text must not take a third of the
 * screen above a page scrolling under it. */
static ui_lines title_lines(ui_widget *w, ui_ctx *c, int width, ui_face *face, int *px)
{
    const char *s = w->label ? w->label : "";
    ui_text_style_font(c, UI_TEXT_BAR, face, px);
    int least = chrome_px(c, 22); /* the bar's title at 100 % */
    ui_lines l = ui_text_wrap(c->text, *face, *px, s, width);
    while (l.count > TITLE_LINES_MAX && *px > least) {
        int next = *px * 9 / 10;
        *px = next < least ? least : next;
        l = ui_text_wrap(c->text, *face, *px, s, width);
    }
    return l;
}

static int title_measure(ui_widget *w, ui_ctx *c, int width)
{
    ui_face face;
    int px;
    ui_lines l = title_lines(w, c, width, &face, &px);
    return (l.count < TITLE_LINES_MAX ? l.count : TITLE_LINES_MAX) * l.line_height;
}

static void title_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    ui_face face;
    int px;
    const char *s = w->label ? w->label : "";
    ui_lines l = title_lines(w, c, w->rect.w, &face, &px);
    ui_rgba col = ui_color(c, UI_C_TEXT);
    for (int i = 0; i < l.count && i < TITLE_LINES_MAX; i++) {
        const ui_line *ln = &l.lines[i];
        int y = w->rect.y + i * l.line_height;
        if (i == TITLE_LINES_MAX - 1 && l.count > TITLE_LINES_MAX) {
            /* the rest of the title, cut to fit before an ellipsis (the
             * lines are not read again: a measure may reuse their cache) */
            const char *rest = s + ln->start;
            int lh = l.line_height, n = (int)strlen(rest);
            int ew = ui_text_measure(c->text, face, px, ELLIPSIS, -1);
            int cut = ui_text_fit(c->text, face, px, rest, n, w->rect.w - ew);
            while (cut > 0 && rest[cut - 1] == ' ') cut--;
            int cw = ui_text_measure(c->text, face, px, rest, cut);
            ui_draw_text(dl, w->rect.x, y, cw, lh, face, px, col, rest, cut);
            ui_draw_text(dl, w->rect.x + cw, y, ew, lh, face, px, col, ELLIPSIS, -1);
            break;
        }
        int x = ui_text_line_x(ln, w->rect.x, w->rect.w, 0);
        if (ln->len > 0) ui_draw_text(dl, x, y, ln->width, l.line_height, face, px, col, s + ln->start, ln->len);
    }
}

static const ui_class title_class = { .name = "frame-title", .measure = title_measure, .draw = title_draw };

/* ---- frame ------------------------------------------------------------------ */

static void header_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl) { ui_draw_rect(dl, w->rect, ui_color(c, UI_C_BG)); }

/* [Back] Title [actions], vertically centred in r: the title takes the
 * width the buttons leave (and wraps in it).  Returns the tallest child's
 * height; places them when place = 1. */
static int header_flow(ui_widget *w, ui_ctx *c, ui_rect r, int place)
{
    int x = r.x + chrome_px(c, 8), gap = chrome_px(c, 8), tallest = 0;
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        int cw;
        if (ch->cls->natural_width) {
            cw = ch->cls->natural_width(ch, c);
        } else {
            int trailing = 0; /* the buttons after the title, and the end margin */
            for (ui_widget *t = ch->next; t; t = t->next)
                trailing += (t->cls->natural_width ? t->cls->natural_width(t, c) : 0) + gap;
            if (ch->next) trailing += chrome_px(c, 8);
            cw = r.x + r.w - x - chrome_px(c, 16) - trailing;
            x += chrome_px(c, 8);
        }
        int h = ui_widget_measure(ch, c, cw);
        if (h > tallest) tallest = h;
        if (place) ui_widget_place(ch, c, (ui_rect){ x, r.y + (r.h - h) / 2, cw, h });
        x += cw + gap;
    }
    return tallest;
}

static void header_layout(ui_widget *w, ui_ctx *c) { header_flow(w, c, w->rect, 1); }

/* HEADER_PT, or taller when a long title wraps (it must never spill out). */
static int header_height(ui_widget *w, ui_ctx *c, int width)
{
    int tallest = header_flow(w, c, (ui_rect){ 0, 0, width, 0 }, 0);
    int hh = chrome_px(c, HEADER_PT);
    return tallest + chrome_px(c, 8) > hh ? tallest + chrome_px(c, 8) : hh;
}

static const ui_class header_class = { .name = "header", .layout = header_layout, .draw = header_draw };

/* The tab bar's height: TABBAR_PT in density points, or taller when the
 * labels (at their fitted size, nav_label_px) wrap to two lines or grow
 * to their cap.  Computed before the bar is placed. */
static int tabbar_height(ui_widget *nav, ui_ctx *c, int width)
{
    int n = 0;
    for (ui_widget *ch = nav->first; ch; ch = ch->next) n++;
    if (!n) return chrome_px(c, TABBAR_PT);
    int px = nav_label_px(nav, c, width / n);
    return nav_item_height(nav, c, width / n, px);
}

static void frame_layout(ui_widget *w, ui_ctx *c)
{
    frame_data *d = w->data;
    int wide = ui_metrics_is_wide(&c->metrics);
    ui_rect r = w->rect;
    if (d->nav) {
        ((nav_data *)d->nav->data)->wide = wide;
        if (wide) {
            int rw = chrome_px(c, RAIL_PT);
            ui_widget_place(d->nav, c, (ui_rect){ r.x, r.y, rw, r.h });
            r.x += rw;
            r.w -= rw;
        } else {
            int th = tabbar_height(d->nav, c, r.w);
            ui_widget_place(d->nav, c, (ui_rect){ r.x, r.y + r.h - th, r.w, th });
            r.h -= th;
        }
    }
    int hh = header_height(d->header, c, r.w);
    ui_widget_place(d->header, c, (ui_rect){ r.x, r.y, r.w, hh });
    if (d->body) ui_widget_place(d->body, c, (ui_rect){ r.x, r.y + hh, r.w, r.h - hh });
}

static void frame_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl) { ui_draw_rect(dl, w->rect, ui_color(c, UI_C_BG)); }

const ui_class ui_frame_class = { .name = "frame", .layout = frame_layout, .draw = frame_draw };

ui_widget *ui_frame_new(const char *title, int back_action)
{
    ui_widget *w = ui_widget_new(&ui_frame_class, NULL, sizeof(frame_data));
    if (!w) return NULL;
    frame_data *d = w->data;
    d->header = ui_widget_add(w, ui_widget_new(&header_class, NULL, 0));
    if (!d->header) {
        ui_widget_free(w);
        return NULL;
    }
    if (back_action) d->back = ui_widget_add(d->header, ui_button_new("Back", UI_BUTTON_TEXT, back_action));
    d->title = ui_widget_add(d->header, ui_widget_new(&title_class, title ? title : "", 0));
    return w;
}

void ui_frame_set_body(ui_widget *frame, ui_widget *body)
{
    frame_data *d = frame->data;
    d->body = body;
    /* the body goes before the nav so the nav draws on top */
    if (d->nav) {
        ui_widget *nav = d->nav;
        frame->last = frame->first;
        while (frame->last->next != nav) frame->last = frame->last->next;
        frame->last->next = NULL;
        ui_widget_add(frame, body);
        ui_widget_add(frame, nav);
    } else {
        ui_widget_add(frame, body);
    }
}

void ui_frame_set_nav(ui_widget *frame, const char *const *labels, int n, int selected, int action)
{
    frame_data *d = frame->data;
    if (d->nav) return;
    /* its name for a screen reader, and for a script's checks */
    d->nav = ui_widget_add(frame, ui_widget_new(&ui_nav_class, "Areas", sizeof(nav_data)));
    if (!d->nav) return;
    d->nav->value = selected;
    d->nav->action = action;
    for (int i = 0; i < n && i < NAV_MAX; i++) {
        ui_widget *it = ui_widget_add(d->nav, ui_widget_new(&nav_item_class, labels[i], sizeof(nav_item_data)));
        if (!it) continue;
        it->value = i;
        it->flags |= UI_WF_FOCUSABLE | UI_WF_INTERACTIVE;
    }
}

void ui_frame_set_nav_icons(ui_widget *frame, const char *const *icons, int n)
{
    frame_data *d = frame->data;
    if (!d->nav) return;
    int i = 0;
    for (ui_widget *it = d->nav->first; it && i < n; it = it->next, i++) ((nav_item_data *)it->data)->icon = icons[i];
}

ui_widget *ui_frame_nav(ui_widget *frame) { return ((frame_data *)frame->data)->nav; }

ui_widget *ui_frame_add_action(ui_widget *frame, const char *label, int action)
{
    frame_data *d = frame->data;
    return ui_widget_add(d->header, ui_button_new(label, UI_BUTTON_TEXT, action));
}

int ui_frame_chrome_height(const ui_widget *frame)
{
    const frame_data *d = frame->data;
    int h = d->header ? d->header->rect.h : 0;
    if (d->nav && !((const nav_data *)d->nav->data)->wide) h += d->nav->rect.h;
    return h;
}
