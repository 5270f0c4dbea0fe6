/* frame.c -- see frame.h. */
#include "widgets/frame.h"

#include <string.h>

#include "widgets/basic.h"
#include "widgets/scrollview.h"

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

/* The widest word of s in face at px (labels and titles wrap between
 * words only). */
static int widest_word(ui_ctx *c, ui_face face, const char *s, int px)
{
    int widest = 0;
    while (*s) {
        while (*s == ' ') s++;
        int n = 0;
        while (s[n] && s[n] != ' ') n++;
        if (n) {
            int tw = ui_text_measure(c->text, face, px, s, n);
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
        int tw = widest_word(c, UI_FACE_BOLD, ch->label, px);
        while (tw > avail && px > least) {
            int next = (int)((long)px * avail / tw);
            px = next >= px ? px - 1 : next < least ? least : next;
            tw = widest_word(c, UI_FACE_BOLD, ch->label, px);
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
#define LARGE_LINES_MAX 3
#define LARGE_PT 30     /* the large title, in text points ... */
#define LARGE_CAP_PT 44 /* ... up to this, in density points */
#define LARGE_TOP_PT 4
#define LARGE_TOP_BARE_PT 16 /* above it when the bar is bare (frame_layout) */
#define LARGE_BOTTOM_PT 12
#define ELLIPSIS "\xE2\x80\xA6"

/* Where the title is: one widget (the screen's heading for a screen
 * reader, class "frame-title") drawn in the bar, or large at the top of a
 * scrolling page -- in the room the page leaves above its content
 * (ui_scroll_set_top_inset), scrolling with it under the bar -- while
 * the bar's copy fades in as the large one goes under the bar.  Set by
 * frame_layout. */
typedef struct title_data {
    int large;          /* the large title is laid out (the body scrolls) */
    int large_shown;    /* part of it is below the bar: the widget's rect is it */
    ui_rect large_rect; /* its lines, window pixels (may start above the bar) */
    ui_rect bar_rect;   /* the bar's title */
    int clip_top;       /* the bar's bottom: nothing large is drawn above it */
    int clip_bottom;    /* the body's bottom */
    int bar_alpha;      /* 0..255: the bar's copy */
    int bar_lines;      /* the bar's copy: TITLE_LINES_MAX, or one line beside a large title */
} title_data;

/* The title s wrapped between words to at most max_lines -- at px, or
 * smaller down to least when that keeps it to max_lines and every word
 * whole -- the lines the draw shows end in an ellipsis past that. */
static ui_lines title_wrap(ui_ctx *c, const char *s, ui_face face, int *px, int least, int width, int max_lines)
{
    ui_lines l = ui_text_wrap(c->text, face, *px, s, width);
    while ((l.count > max_lines || widest_word(c, face, s, *px) > width) && *px > least) {
        int next = *px * 9 / 10;
        *px = next < least ? least : next;
        l = ui_text_wrap(c->text, face, *px, s, width);
    }
    return l;
}

/* The title in the bar: wrapped between words to at most two lines -- at
 * its size (UI_TEXT_BAR), or smaller down to its size at 100 % text when
 * that keeps it to two and every word whole -- and past that the last
 * line shown ends in an ellipsis (the accessible label keeps all of it,
 * and the page usually says it again): a long exercise's name at 200 %
 * text must not take a third of the screen above a page scrolling under
 * it, and a word too long for the bar is cut with an ellipsis, never
 * carried on to the next line ("Documen-ts"). */
static int bar_lines(const ui_widget *w)
{
    const title_data *td = w->data;
    return td->bar_lines > 0 ? td->bar_lines : TITLE_LINES_MAX;
}

static ui_lines title_lines(ui_widget *w, ui_ctx *c, int width, ui_face *face, int *px)
{
    ui_text_style_font(c, UI_TEXT_BAR, face, px);
    return title_wrap(c, w->label ? w->label : "", *face, px, chrome_px(c, 22), width, bar_lines(w));
}

/* The large title: LARGE_PT text points (bold) up to LARGE_CAP_PT, down to
 * the bar's size, at most LARGE_LINES_MAX lines. */
static ui_lines large_lines(ui_widget *w, ui_ctx *c, int width, ui_face *face, int *px)
{
    int bar;
    ui_text_style_font(c, UI_TEXT_BAR, face, &bar);
    *face = UI_FACE_BOLD;
    *px = ui_pt(c, LARGE_PT);
    if (*px > chrome_px(c, LARGE_CAP_PT)) *px = chrome_px(c, LARGE_CAP_PT);
    if (*px < bar) *px = bar;
    return title_wrap(c, w->label ? w->label : "", *face, px, bar, width, LARGE_LINES_MAX);
}

/* How many of l's lines are drawn: at most max, and none that starts
 * inside a word (the wrap broke a word too long for the width): the line
 * before it ends in the ellipsis instead. */
static int title_shown(const ui_lines *l, const char *s, int max)
{
    int n = l->count < max ? l->count : max;
    for (int i = 1; i < n; i++) {
        const ui_line *prev = &l->lines[i - 1], *ln = &l->lines[i];
        char before = ln->start > 0 ? s[ln->start - 1] : ' ';
        if (prev->start + prev->len == ln->start && before != ' ' && before != '-' && before != '/' && before != '\n')
            return i;
    }
    return n;
}

static int title_measure(ui_widget *w, ui_ctx *c, int width)
{
    ui_face face;
    int px;
    ui_lines l = title_lines(w, c, width, &face, &px);
    return title_shown(&l, w->label ? w->label : "", bar_lines(w)) * l.line_height;
}

/* The lines of l (wrapped from s at px) in r, the last one shown ending
 * in an ellipsis when more did not fit. */
static void title_lines_draw(ui_ctx *c, ui_drawlist *dl, const char *s, ui_lines l, int max, ui_face face, int px,
                             ui_rect r, ui_rgba col)
{
    int shown = title_shown(&l, s, max);
    for (int i = 0; i < shown; i++) {
        const ui_line *ln = &l.lines[i];
        int y = r.y + i * l.line_height;
        if (i == shown - 1 && l.count > shown) {
            /* the rest of the title, cut to fit before an ellipsis (the
             * lines are not read again: a measure may reuse their cache) */
            const char *rest = s + ln->start;
            int lh = l.line_height, n = (int)strlen(rest);
            int ew = ui_text_measure(c->text, face, px, ELLIPSIS, -1);
            int cut = ui_text_fit(c->text, face, px, rest, n, r.w - ew);
            int word = cut; /* back to the last word's end when one fits */
            if (cut < n && rest[cut] != ' ')
                while (word > 0 && rest[word - 1] != ' ') word--;
            if (word > 0) cut = word;
            while (cut > 0 && rest[cut - 1] == ' ') cut--;
            int cw = ui_text_measure(c->text, face, px, rest, cut);
            ui_draw_text(dl, r.x, y, cw, lh, face, px, col, rest, cut);
            ui_draw_text(dl, r.x + cw, y, ew, lh, face, px, col, ELLIPSIS, -1);
            break;
        }
        int x = ui_text_line_x(ln, r.x, r.w, 0);
        if (ln->len > 0) ui_draw_text(dl, x, y, ln->width, l.line_height, face, px, col, s + ln->start, ln->len);
    }
}

static void title_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    const title_data *td = w->data;
    const char *s = w->label ? w->label : "";
    ui_face face;
    int px;
    ui_rgba col = ui_color(c, UI_C_TEXT);
    if (!td->large) {
        ui_lines l = title_lines(w, c, w->rect.w, &face, &px);
        title_lines_draw(c, dl, s, l, bar_lines(w), face, px, w->rect, col);
        return;
    }
    if (td->large_shown) {
        ui_draw_clip_push(dl, (ui_rect){ td->large_rect.x - chrome_px(c, 16), td->clip_top,
                                         td->large_rect.w + chrome_px(c, 32), td->clip_bottom - td->clip_top });
        ui_lines l = large_lines(w, c, td->large_rect.w, &face, &px);
        title_lines_draw(c, dl, s, l, LARGE_LINES_MAX, face, px, td->large_rect, col);
        ui_draw_clip_pop(dl);
    }
    if (td->bar_alpha > 0 && w->parent && w->parent->rect.h > 0) {
        /* clipped to the bar: a bare bar slides in from above (frame_layout) */
        ui_draw_clip_push(dl, w->parent->rect);
        ui_lines l = title_lines(w, c, td->bar_rect.w, &face, &px);
        col.a = (unsigned char)(col.a * td->bar_alpha / 255);
        title_lines_draw(c, dl, s, l, bar_lines(w), face, px, td->bar_rect, col);
        ui_draw_clip_pop(dl);
    }
}

/* Where the title's characters are (ui_class.char_boxes): on the lines
 * drawn whole, in the large title while it shows, else in the bar; a line
 * cut before an ellipsis and what follows it have none (the draw sets the
 * rest of the title there, not the wrapped line). */
static int title_char_boxes(ui_widget *w, ui_ctx *c, ui_rect within, int *first, ui_rect *out, unsigned char *joins,
                            int cap)
{
    const title_data *td = w->data;
    ui_char_layout l;
    memset(&l, 0, sizeof l);
    l.s = w->label ? w->label : "";
    l.n = (int)strlen(l.s);
    ui_lines wr;
    int max;
    if (td->large && td->large_shown) {
        wr = large_lines(w, c, td->large_rect.w, &l.face, &l.px);
        l.box = td->large_rect;
        max = LARGE_LINES_MAX;
    } else {
        l.box = td->large ? td->bar_rect : w->rect;
        wr = title_lines(w, c, l.box.w, &l.face, &l.px);
        max = bar_lines(w);
    }
    int shown = title_shown(&wr, l.s, max);
    if (wr.count > shown && shown > 0) {
        shown--;
        l.n = wr.lines[shown].start;
        l.cut = 1;
    }
    if (shown <= 0) return 0;
    l.lines = wr.lines;
    l.nlines = shown;
    l.line_height = wr.line_height;
    return ui_char_boxes(c, &l, within, first, out, joins, cap);
}

static const ui_class title_class = {
    .name = "frame-title", .measure = title_measure, .draw = title_draw, .char_boxes = title_char_boxes
};

/* The large title's lines over a page of width r.w: how far below the
 * page's top its last line ends (its top margin, top_pt, plus its lines),
 * and the room the page leaves above its content for it.  0 when the body
 * does not scroll or there is no title. */
static int large_title_room(ui_widget *title, ui_widget *body, ui_ctx *c, ui_rect r, int top_pt, int *gone)
{
    im_scroller *sc = body && body->cls == &ui_scroll_class ? ui_scroll_scroller(body) : NULL;
    *gone = 0;
    if (!sc || !title->label || !title->label[0]) return 0;
    int col = r.w, most = ui_pt(c, UI_READABLE_WIDTH_PT);
    if (col > most) col = most;
    ui_face face;
    int px;
    ui_lines l = large_lines(title, c, col - chrome_px(c, 32), &face, &px);
    int text_h = title_shown(&l, title->label, LARGE_LINES_MAX) * l.line_height;
    *gone = chrome_px(c, top_pt) + text_h;
    return *gone + chrome_px(c, LARGE_BOTTOM_PT);
}

/* The body's scroll offset in window pixels (0 when it does not scroll). */
static int body_offset_px(ui_widget *body, ui_ctx *c)
{
    im_scroller *sc = body && body->cls == &ui_scroll_class ? ui_scroll_scroller(body) : NULL;
    if (!sc) return 0;
    double off = im_scroller_offset(sc);
    return (int)(off * c->metrics.scale + (off >= 0 ? 0.5 : -0.5));
}

/* Lays the large title out over a scrolling body placed at body (its
 * rect to come) under a bar ending at bar_bottom: the room above the
 * page's content, where the title is for the scroll offset, and how much
 * of the bar's copy shows.  A body that does not scroll: the title stays
 * in the bar.  A bare bar coming in over the page (frame_layout) takes
 * its height so far, `taken` pixels, off that room, so the page's content
 * stays where it was. */
static void large_title_layout(ui_widget *title, ui_widget *body, ui_ctx *c, ui_rect r, int bar_bottom, int top_pt,
                               int taken)
{
    title_data *td = title->data;
    td->bar_rect = title->rect;
    td->large = td->large_shown = 0;
    td->bar_alpha = 255;
    int gone = 0, room = large_title_room(title, body, c, r, top_pt, &gone);
    if (!room) {
        if (body) ui_scroll_set_top_inset(body, 0);
        return;
    }
    /* in the page's column: as wide as the scroll view centres its
     * content (UI_READABLE_WIDTH_PT), inside its margins */
    int col = r.w, most = ui_pt(c, UI_READABLE_WIDTH_PT);
    if (col > most) col = most;
    ui_face face;
    int px, width = col - chrome_px(c, 32);
    ui_lines l = large_lines(title, c, width, &face, &px);
    int top = chrome_px(c, top_pt), text_h = gone - top;
    ui_scroll_set_top_inset(body, room - taken);
    int off = body_offset_px(body, c);
    td->large = 1;
    td->large_rect = (ui_rect){ r.x + (r.w - col) / 2 + chrome_px(c, 16), bar_bottom - taken + top - off, width,
                                text_h };
    td->clip_top = bar_bottom;
    td->clip_bottom = r.y + r.h;
    /* gone under the bar once its last line's bottom passes the bar's */
    td->large_shown = off < gone - taken;
    if (c->reduce_motion) {
        td->bar_alpha = off >= gone ? 255 : 0; /* a jump, no fade */
    } else {
        int fade = l.line_height, from = gone - fade;
        td->bar_alpha = off <= from ? 0 : off >= gone ? 255 : (off - from) * 255 / fade;
    }
    title->rect = td->large_shown ? td->large_rect : td->bar_rect;
}

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

/* Whether the header holds the title alone: no Back, no actions. */
static int header_bare(const frame_data *d)
{
    for (const ui_widget *ch = d->header->first; ch; ch = ch->next)
        if (ch != d->title && !(ch->flags & UI_WF_HIDDEN)) return 0;
    return 1;
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
    if (d->title) {
        /* beside a large title (the whole of it at the page's top) the
         * bar's copy keeps to one line, so the bar stays HEADER_PT */
        int large = d->body && d->body->cls == &ui_scroll_class && d->title->label && d->title->label[0];
        ((title_data *)d->title->data)->bar_lines = large ? 1 : TITLE_LINES_MAX;
    }
    int hh = header_height(d->header, c, r.w), taken = 0, top_pt = LARGE_TOP_PT;
    if (d->title && header_bare(d)) {
        /* Nothing in the bar but the title (no Back, no actions): at the
         * page's top the large title is the top of the screen, with no
         * empty bar above it.  The bar comes in as the page scrolls --
         * one pixel of bar for each pixel scrolled once the title's last
         * line is a bar's height from the top, whole when it has gone --
         * over the page's own room for the title, so the content moves
         * with the finger, never jumps. */
        int gone = 0;
        top_pt = LARGE_TOP_BARE_PT;
        if (large_title_room(d->title, d->body, c, (ui_rect){ r.x, r.y, r.w, r.h }, top_pt, &gone)) {
            int from = gone > hh ? gone - hh : 0, grown = body_offset_px(d->body, c) - from;
            int full = hh;
            hh = grown < 0 ? 0 : grown > full ? full : grown;
            taken = hh; /* the bar's part of the title's room */
            ui_widget_place(d->header, c, (ui_rect){ r.x, r.y, r.w, hh });
            /* its title where a whole bar's would be, the bar sliding in
             * from above (drawn clipped to the bar: title_draw) */
            header_flow(d->header, c, (ui_rect){ r.x, r.y + hh - full, r.w, full }, 1);
        } else {
            ui_widget_place(d->header, c, (ui_rect){ r.x, r.y, r.w, hh });
        }
    } else {
        ui_widget_place(d->header, c, (ui_rect){ r.x, r.y, r.w, hh });
    }
    if (d->title)
        large_title_layout(d->title, d->body, c, (ui_rect){ r.x, r.y + hh, r.w, r.h - hh }, r.y + hh, top_pt, taken);
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
    d->title = ui_widget_add(d->header, ui_widget_new(&title_class, title ? title : "", sizeof(title_data)));
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
