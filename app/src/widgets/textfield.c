/* textfield.c -- see textfield.h. */
#include "widgets/textfield.h"

#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

#include "innermost/vault.h"
#include "input/grapheme.h"

#include "widgets/basic.h"
#include "widgets/scrollview.h"

#define BULLET "\xE2\x80\xA2" /* U+2022 */
#define BULLET_LEN 3

typedef struct field_data {
    im_textedit te;
    ui_field_kind kind;
    int change_action;
    char *disp; /* what is drawn: text with the preedit, or bullets */
    size_t disp_cap;
    int scroll_x;     /* single line: pixels scrolled left */
    int64_t input_ms; /* last edit or caret move: restarts the blink */
    int reveal;       /* editor: scroll the caret into view after layout */
    ui_mark *marks;   /* reader: spans drawn highlighted, sorted, apart */
    int nmarks;
    int reveal_mark; /* reader: scroll its first mark into view after layout */
    ui_face face;    /* reader: how its text is set (UI_FACE_REGULAR, 16 pt) */
    int pt;
    int in_clear;      /* password: the person chose to see what they typed */
    int pin;           /* password: a PIN (digits): its toggle names a PIN, a number keypad asked */
    ui_widget *toggle; /* password: the Show / Hide button (a child) */
    int wrap;          /* line or password: wraps over the lines it needs (ui_field_set_wrap) */
} field_data;

static field_data *fd(ui_widget *w) { return w->data; }

/* The editor and the reader wrap their text over many lines, and so does
 * a line or password field set to (ui_field_set_wrap). */
static int multi_line(const field_data *d) { return d->kind == UI_FIELD_EDITOR || d->kind == UI_FIELD_READ || d->wrap; }

im_textedit *ui_field_edit(ui_widget *w) { return &fd(w)->te; }
const char *ui_field_text(ui_widget *w) { return im_textedit_text(&fd(w)->te); }
/* A password field drawn as bullets (not shown in clear by the person's
 * choice): every display offset counts characters, not bytes. */
static int masked(const field_data *d) { return d->kind == UI_FIELD_PASSWORD && !d->in_clear; }

int ui_field_is_secret(const ui_widget *w)
{
    if (!w || w->cls != &ui_field_class || ((const field_data *)w->data)->kind != UI_FIELD_PASSWORD) return 0;
    return ((const field_data *)w->data)->pin ? 2 : 1;
}

ui_field_kind ui_field_get_kind(const ui_widget *w) { return ((const field_data *)w->data)->kind; }

/* ---- the displayed string and offsets into it ------------------------------- */

static int utf8_count(const char *s, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static void disp_free(field_data *d)
{
    if (d->disp) im_mem_wipe_free(d->disp, d->disp_cap);
    d->disp = NULL;
    d->disp_cap = 0;
}

/* What is drawn: the text with the preedit, or bullets (d->disp); a
 * reader draws its text itself, never copied (it may be megabytes). */
static const char *shown(const field_data *d)
{
    if (d->kind == UI_FIELD_READ) return im_textedit_text(&d->te);
    return d->disp ? d->disp : "";
}

/* Rebuilds d->disp; returns its length.  A password field counts its
 * characters in place: no heap copy of the secret is made. */
static int disp_build(field_data *d)
{
    if (d->kind == UI_FIELD_READ) return (int)im_textedit_length(&d->te);
    size_t need = 1, out_len;
    char *spliced = NULL;
    if (masked(d)) {
        const char *t = im_textedit_text(&d->te), *pre = im_textedit_preedit(&d->te);
        out_len = (size_t)(utf8_count(t, strlen(t)) + utf8_count(pre, strlen(pre))) * BULLET_LEN;
    } else {
        need = im_textedit_display(&d->te, NULL, 0) + 1;
        spliced = malloc(need);
        if (!spliced) return 0;
        im_textedit_display(&d->te, spliced, need);
        out_len = need - 1;
    }
    if (out_len + 1 > d->disp_cap) {
        disp_free(d);
        d->disp = malloc(out_len + 1);
        if (!d->disp) {
            im_mem_wipe_free(spliced, need);
            return 0;
        }
        d->disp_cap = out_len + 1;
    }
    if (masked(d)) {
        for (size_t k = 0; k < out_len; k += BULLET_LEN) memcpy(d->disp + k, BULLET, BULLET_LEN);
    } else {
        memcpy(d->disp, spliced, out_len);
    }
    d->disp[out_len] = 0;
    im_mem_wipe_free(spliced, need);
    return (int)out_len;
}

/* Byte offset in the text -> byte offset in d->disp. */
static int to_disp(field_data *d, size_t off)
{
    size_t caret = im_textedit_caret(&d->te);
    size_t pre = strlen(im_textedit_preedit(&d->te));
    if (!masked(d)) return (int)(off <= caret ? off : off + pre);
    const char *t = im_textedit_text(&d->te);
    int cps = utf8_count(t, off);
    if (off > caret) cps += utf8_count(im_textedit_preedit(&d->te), pre);
    return cps * BULLET_LEN;
}

/* Byte offset in d->disp -> byte offset in the text (preedit -> caret). */
static size_t from_disp(field_data *d, int doff)
{
    size_t caret = im_textedit_caret(&d->te);
    const char *t = im_textedit_text(&d->te);
    size_t pre = strlen(im_textedit_preedit(&d->te));
    if (masked(d)) {
        int want = doff / BULLET_LEN;
        int caret_cps = utf8_count(t, caret), pre_cps = utf8_count(im_textedit_preedit(&d->te), pre);
        if (want > caret_cps) want = want < caret_cps + pre_cps ? caret_cps : want - pre_cps;
        size_t i = 0;
        for (int k = 0; t[i] && k < want; k++) {
            i++;
            while (((unsigned char)t[i] & 0xC0) == 0x80) i++;
        }
        return i;
    }
    size_t o = (size_t)doff;
    if (o <= caret) return o;
    if (o < caret + pre) return caret;
    return o - pre;
}

/* ---- geometry --------------------------------------------------------------- */

typedef struct geo {
    ui_rect box;   /* the field's outline */
    ui_rect inner; /* where text goes */
    ui_face face;
    int px, lh;
} geo;

/* The caption above the box wraps in the field's width (a long one at
 * 200 % text would run off the screen), 4 pt above the box. */
static int caption_height(ui_widget *w, ui_ctx *c, int width)
{
    int px = ui_pt(c, 13), lh = ui_text_line_height(c->text, UI_FACE_REGULAR, px);
    int h = w->label && w->label[0] ? ui_wrapped_height(c, w->label, UI_FACE_REGULAR, px, width) : lh;
    return (h > lh ? h : lh) + ui_dp(c, 4);
}

static ui_field_words words; /* the words for Show / Hide (set below, ui_field_set_words) */

/* The Show / Hide button: 64 pt wide (more when its word at a large text
 * size needs it), inside the box's end. */
static int toggle_width(ui_ctx *c)
{
    int px = ui_pt(c, 14), w = ui_dp(c, 64);
    for (int i = 0; i < 2; i++) {
        int tw = ui_text_measure(c->text, UI_FACE_BOLD, px, i ? words.hide : words.show, -1) + 2 * ui_dp(c, 12);
        if (tw > w) w = tw;
    }
    return w;
}

static geo field_geo(ui_widget *w, ui_ctx *c)
{
    geo g;
    g.face = fd(w)->face;
    g.px = ui_pt(c, fd(w)->pt);
    g.lh = ui_text_line_height(c->text, g.face, g.px);
    if (fd(w)->kind == UI_FIELD_READ) { /* no caption, no box: words on the page */
        g.box = g.inner = w->rect;
        return g;
    }
    int cap = caption_height(w, c, w->rect.w), pad = ui_dp(c, 12);
    g.box = (ui_rect){ w->rect.x, w->rect.y + cap, w->rect.w, w->rect.h - cap };
    if (fd(w)->kind == UI_FIELD_EDITOR)
        g.inner = (ui_rect){ g.box.x + pad, g.box.y + pad, g.box.w - 2 * pad, g.box.h - 2 * pad };
    else g.inner = (ui_rect){ g.box.x + pad, g.box.y + (g.box.h - g.lh) / 2, g.box.w - 2 * pad, g.lh };
    if (fd(w)->toggle) g.inner.w -= toggle_width(c) - pad; /* the Show button sits at the end */
    if (fd(w)->wrap) {                                     /* its lines, centred in the box as one line is */
        int th = ui_text_wrap(c->text, g.face, g.px, shown(fd(w)), g.inner.w > 1 ? g.inner.w : 1).count * g.lh;
        g.inner.y = g.box.y + (g.box.h - th) / 2;
        g.inner.h = th;
    }
    return g;
}

static int field_measure(ui_widget *w, ui_ctx *c, int width)
{
    field_data *d = fd(w);
    if (d->kind == UI_FIELD_READ) {
        ui_lines l = ui_text_wrap(c->text, d->face, ui_pt(c, d->pt), shown(d), width);
        return l.count * l.line_height;
    }
    int cap = caption_height(w, c, width);
    int pad = ui_dp(c, 12), box = ui_dp(c, UI_TOUCH_TARGET_PT);
    int line_box = ui_text_line_height(c->text, d->face, ui_pt(c, d->pt)) + 2 * pad;
    if (line_box > box) box = line_box; /* a line of large text and its padding */
    if (d->wrap) {                      /* a box as tall as its lines and their padding */
        disp_build(d);
        int iw = width - 2 * pad - (d->toggle ? toggle_width(c) - pad : 0);
        ui_lines l = ui_text_wrap(c->text, d->face, ui_pt(c, d->pt), shown(d), iw > 1 ? iw : 1);
        if (l.count * l.line_height + 2 * pad > box) box = l.count * l.line_height + 2 * pad;
    }
    if (d->kind == UI_FIELD_EDITOR) {
        disp_build(d);
        int px = ui_pt(c, 16);
        ui_lines l = ui_text_wrap(c->text, UI_FACE_REGULAR, px, shown(d), width - 2 * pad);
        int lines = l.count < 4 ? 4 : l.count;
        box = lines * l.line_height + 2 * pad;
    }
    return cap + box;
}

/* Caret position: line index and pixel x/y of byte offset doff in disp. */
static void caret_locate(ui_widget *w, ui_ctx *c, const geo *g, int doff, int *line, int *cx, int *cy)
{
    field_data *d = fd(w);
    const char *s = shown(d);
    if (!multi_line(d)) {
        *line = 0;
        *cx = g->inner.x - d->scroll_x + ui_text_caret_x(c->text, g->face, g->px, s, -1, doff);
        *cy = g->inner.y;
        return;
    }
    ui_lines l = ui_text_wrap(c->text, g->face, g->px, s, g->inner.w);
    int k = 0;
    for (int i = 0; i < l.count; i++)
        if (l.lines[i].start <= doff) k = i;
    const ui_line *ln = &l.lines[k];
    int in = doff - ln->start;
    if (in > ln->len) in = ln->len;
    *line = k;
    *cx = ui_text_line_x(ln, g->inner.x, g->inner.w, 0) +
          ui_text_caret_x(c->text, g->face, g->px, s + ln->start, ln->len, in);
    *cy = g->inner.y + k * l.line_height;
}

static ui_rect caret_rect(ui_widget *w, ui_ctx *c)
{
    field_data *d = fd(w);
    geo g = field_geo(w, c);
    int line, x, y;
    caret_locate(w, c, &g, to_disp(d, im_textedit_caret(&d->te)), &line, &x, &y);
    return (ui_rect){ x, y, ui_dp(c, 2), g.lh };
}

/* A single line's scroll: without the focus it shows its start (a field
 * left after typing a long text reads from its first word); with it the
 * caret stays inside the box with FIELD_CONTEXT_PCT % of the box's width
 * (at most FIELD_CONTEXT_DP) of text kept visible on either side of it,
 * and never scrolls further than the end needs. */
#define FIELD_CONTEXT_PCT 20
#define FIELD_CONTEXT_DP 32
static void line_scroll(ui_widget *w, ui_ctx *c)
{
    field_data *d = fd(w);
    if (c->focus != w) {
        d->scroll_x = 0;
        return;
    }
    geo g = field_geo(w, c);
    const char *s = shown(d);
    int cx = ui_text_measure(c->text, g.face, g.px, s, to_disp(d, im_textedit_caret(&d->te)));
    int total = ui_text_measure(c->text, g.face, g.px, s, -1);
    int m = g.inner.w * FIELD_CONTEXT_PCT / 100;
    if (m > ui_dp(c, FIELD_CONTEXT_DP)) m = ui_dp(c, FIELD_CONTEXT_DP);
    if (cx - d->scroll_x > g.inner.w - m) d->scroll_x = cx - (g.inner.w - m);
    if (cx - d->scroll_x < m) d->scroll_x = cx - m;
    int most = total + m - g.inner.w; /* the end, with room for the caret after it */
    if (d->scroll_x > most) d->scroll_x = most;
    if (d->scroll_x < 0) d->scroll_x = 0;
}

static void field_layout(ui_widget *w, ui_ctx *c)
{
    field_data *d = fd(w);
    disp_build(d);
    if (d->toggle) {
        geo g = field_geo(w, c);
        int tw = toggle_width(c);
        ui_widget_place(d->toggle, c, (ui_rect){ g.box.x + g.box.w - tw, g.box.y, tw, g.box.h });
    }
    if (!multi_line(d)) line_scroll(w, c);
    if (d->reveal_mark && d->nmarks > 0 && w->rect.w > 0) {
        d->reveal_mark = 0;
        geo g = field_geo(w, c);
        int line, x, y;
        caret_locate(w, c, &g, to_disp(d, (size_t)d->marks[0].start), &line, &x, &y);
        ui_scroll_reveal(w, c, (ui_rect){ w->rect.x, y, w->rect.w, g.lh });
    }
    if (c->focus == w) {
        ui_rect cr = caret_rect(w, c);
        if (c->text_input) c->text_input(c->host, 1, cr);
        if (d->reveal) {
            d->reveal = 0;
            ui_scroll_reveal(w, c, (ui_rect){ w->rect.x, cr.y, w->rect.w, cr.h });
        }
    }
}

/* ---- drawing ---------------------------------------------------------------- */

static void draw_selection(ui_widget *w, ui_ctx *c, ui_drawlist *dl, const geo *g, int line_start, int len, int x0,
                           int y, int sel0, int sel1)
{
    const char *s = shown(fd(w));
    int a = sel0 > line_start ? sel0 : line_start, b = sel1 < line_start + len ? sel1 : line_start + len;
    if (b <= a) return;
    /* caret positions, so right-to-left text is covered where it is drawn
     * (a selection crossing a direction change is drawn as one span) */
    int xa = x0 + ui_text_caret_x(c->text, g->face, g->px, s + line_start, len, a - line_start);
    int xb = x0 + ui_text_caret_x(c->text, g->face, g->px, s + line_start, len, b - line_start);
    if (xb < xa) {
        int tmp = xa;
        xa = xb;
        xb = tmp;
    }
    ui_draw_rect(dl, (ui_rect){ xa, y, xb - xa, g->lh }, ui_color(c, UI_C_SELECTION));
}

static int caret_visible(ui_widget *w, ui_ctx *c)
{
    int64_t since = c->now_ms - fd(w)->input_ms;
    if (since < 0 || since >= UI_CARET_BLINK_FOR_MS) return 1;
    return (since / UI_CARET_BLINK_MS) % 2 == 0;
}

/* The first of the sorted, disjoint marks that ends after byte offset at. */
static int first_mark_after(const ui_mark *marks, int n, int at)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (marks[mid].end <= at) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

void ui_draw_marks(ui_ctx *c, ui_drawlist *dl, ui_face face, int px, const char *line, int len, int line_start, int x,
                   int y, int lh, const ui_mark *marks, int nmarks)
{
    int thick = ui_pt(c, 2) > 0 ? ui_pt(c, 2) : 1;
    for (int k = first_mark_after(marks, nmarks, line_start); k < nmarks; k++) {
        int a = marks[k].start - line_start, b = marks[k].end - line_start;
        if (a >= len) break;
        if (a < 0) a = 0;
        if (b > len) b = len;
        if (b <= a) continue;
        /* caret positions, so a right-to-left word is covered where it is drawn */
        int xa = x + ui_text_caret_x(c->text, face, px, line, len, a);
        int xb = x + ui_text_caret_x(c->text, face, px, line, len, b);
        if (xb < xa) {
            int tmp = xa;
            xa = xb;
            xb = tmp;
        }
        ui_draw_rect(dl, (ui_rect){ xa, y, xb - xa, lh }, ui_color(c, UI_C_MATCH));
        ui_draw_rect(dl, (ui_rect){ xa, y + lh - thick, xb - xa, thick }, ui_color(c, UI_C_TEXT));
    }
}

/* The caption above and the box (not for a reader: its words sit on the page). */
static void draw_frame(ui_widget *w, ui_ctx *c, ui_drawlist *dl, const geo *g, int focused)
{
    int cpx = ui_pt(c, 13);
    const char *cap = w->label ? w->label : "";
    ui_draw_wrapped(c, dl, cap, UI_FACE_REGULAR, cpx, ui_color(c, UI_C_TEXT_MUTED),
                    (ui_rect){ w->rect.x, w->rect.y, w->rect.w, 0 }, 0);
    ui_draw_rrect_bordered(dl, g->box, ui_dp(c, 8), ui_dp(c, focused ? 2 : 1), ui_color(c, UI_C_SURFACE),
                           ui_color(c, focused ? UI_C_PRIMARY : UI_C_OUTLINE));
}

/* The editor's and the reader's wrapped lines: only those inside the
 * visible part (a 1 MB text is ~20,000 lines, and drawing the clipped ones
 * would cost every frame), each over its marks and selection. */
static void draw_lines(ui_widget *w, ui_ctx *c, ui_drawlist *dl, const geo *g, int sel0, int sel1, int pre0,
                       int pre_len)
{
    field_data *d = fd(w);
    const char *s = shown(d);
    ui_lines l = ui_text_wrap(c->text, g->face, g->px, s, g->inner.w);
    ui_rect vis = ui_widget_visible_rect(w, (ui_rect){ 0, 0, c->metrics.width_px, c->metrics.height_px });
    int first = 0, last = l.count - 1;
    if (l.line_height > 0) {
        if (vis.y > g->inner.y) first = (vis.y - g->inner.y) / l.line_height;
        last = (vis.y + vis.h - g->inner.y) / l.line_height;
        if (last > l.count - 1) last = l.count - 1;
    }
    ui_rgba text = ui_color(c, UI_C_TEXT);
    for (int i = first; i <= last; i++) {
        const ui_line *ln = &l.lines[i];
        int y = g->inner.y + i * l.line_height, x = ui_text_line_x(ln, g->inner.x, g->inner.w, 0);
        if (d->nmarks)
            ui_draw_marks(c, dl, g->face, g->px, s + ln->start, ln->len, ln->start, x, y, l.line_height, d->marks,
                          d->nmarks);
        draw_selection(w, c, dl, g, ln->start, ln->len, x, y, sel0, sel1);
        if (ln->len) ui_draw_text(dl, x, y, ln->width, l.line_height, g->face, g->px, text, s + ln->start, ln->len);
        if (pre_len) draw_selection(w, c, dl, g, ln->start, ln->len, x, y + g->lh - ui_pt(c, 2), pre0, pre0 + pre_len);
    }
}

static void field_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    field_data *d = fd(w);
    geo g = field_geo(w, c);
    int focused = c->focus == w;
    if (d->kind != UI_FIELD_READ) draw_frame(w, c, dl, &g, focused);
    if (d->kind != UI_FIELD_READ) ui_draw_focus(w, c, dl, g.box, ui_pt(c, 8)); /* from the keyboard */
    const char *s = shown(d);
    size_t s0, s1;
    im_textedit_selection(&d->te, &s0, &s1);
    int sel0 = to_disp(d, s0), sel1 = to_disp(d, s1);
    int pre0 = to_disp(d, im_textedit_caret(&d->te));
    int pre_len = masked(d) ? utf8_count(im_textedit_preedit(&d->te), strlen(im_textedit_preedit(&d->te))) * BULLET_LEN
                            : (int)strlen(im_textedit_preedit(&d->te));
    ui_rgba text = ui_color(c, UI_C_TEXT);
    int inset = d->kind == UI_FIELD_READ ? 0 : ui_dp(c, 4);
    ui_rect clip = { g.box.x + inset, g.box.y, g.box.w - 2 * inset, g.box.h };
    if (d->toggle) clip.w = g.inner.x + g.inner.w - clip.x; /* text never runs under the Show button */
    ui_draw_clip_push(dl, clip);
    if (multi_line(d)) {
        draw_lines(w, c, dl, &g, sel0, sel1, pre0, pre_len);
    } else {
        int n = (int)strlen(s);
        int x = g.inner.x - d->scroll_x;
        draw_selection(w, c, dl, &g, 0, n, x, g.inner.y, sel0, sel1);
        if (n)
            ui_draw_text(dl, x, g.inner.y, ui_text_measure(c->text, g.face, g.px, s, n), g.lh, g.face, g.px, text, s,
                         n);
        if (pre_len) { /* underline the composition */
            int xa = x + ui_text_caret_x(c->text, g.face, g.px, s, n, pre0);
            int xb = x + ui_text_caret_x(c->text, g.face, g.px, s, n, pre0 + pre_len);
            if (xb < xa) {
                int tmp = xa;
                xa = xb;
                xb = tmp;
            }
            ui_draw_rect(dl, (ui_rect){ xa, g.inner.y + g.lh - ui_pt(c, 2), xb - xa, ui_pt(c, 2) }, text);
        }
    }
    if (focused && sel0 == sel1 && caret_visible(w, c)) {
        ui_rect cr = caret_rect(w, c);
        ui_draw_rect(dl, cr, ui_color(c, UI_C_PRIMARY));
    }
    ui_draw_clip_pop(dl);
}

/* ---- where the characters are (ui_class.char_boxes, a11y/tree.h) ------------- */

/* A password field's geometry is that of its bullets (invariant 1): shown
 * in clear, the glyphs' widths would tell its letters apart, so a reader
 * is given the bullets it would draw, scrolled as the caret among them
 * needs (line_scroll's rule, on bullets). */
static int bullet_scroll(ui_widget *w, ui_ctx *c, const geo *g, const char *bullets, int chars, int caret)
{
    if (c->focus != w) return 0;
    int cx = ui_text_measure(c->text, g->face, g->px, bullets, caret * BULLET_LEN);
    int total = ui_text_measure(c->text, g->face, g->px, bullets, chars * BULLET_LEN);
    int m = g->inner.w * FIELD_CONTEXT_PCT / 100;
    if (m > ui_dp(c, FIELD_CONTEXT_DP)) m = ui_dp(c, FIELD_CONTEXT_DP);
    int x = cx > g->inner.w - m ? cx - (g->inner.w - m) : 0, most = total + m - g->inner.w;
    if (x > most) x = most;
    return x < 0 ? 0 : x;
}

static int field_char_boxes(ui_widget *w, ui_ctx *c, ui_rect within, int *first, ui_rect *out, unsigned char *joins,
                            int cap)
{
    field_data *d = fd(w);
    geo g = field_geo(w, c);
    ui_char_layout l;
    memset(&l, 0, sizeof l);
    l.face = g.face;
    l.px = g.px;
    l.line_height = g.lh;
    l.box = g.inner;
    char *bullets = NULL;
    if (d->kind == UI_FIELD_PASSWORD) {
        const char *t = im_textedit_text(&d->te);
        int chars = utf8_count(t, im_textedit_length(&d->te)), caret = utf8_count(t, im_textedit_caret(&d->te));
        bullets = malloc((size_t)chars * BULLET_LEN + 1);
        if (!bullets) return -1;
        for (int i = 0; i < chars; i++) memcpy(bullets + i * BULLET_LEN, BULLET, BULLET_LEN);
        bullets[chars * BULLET_LEN] = 0;
        l.s = bullets;
        l.n = chars * BULLET_LEN;
        l.fixed_x = g.inner.x - (masked(d) ? d->scroll_x : bullet_scroll(w, c, &g, bullets, chars, caret));
    } else {
        l.s = shown(d);
        l.n = d->kind == UI_FIELD_READ ? (int)im_textedit_length(&d->te) : (int)strlen(l.s);
        if (d->kind != UI_FIELD_READ) { /* the composition is drawn at the caret: no character yet */
            l.skip_at = (int)im_textedit_caret(&d->te);
            l.skip_len = (int)strlen(im_textedit_preedit(&d->te));
        }
        if (multi_line(d)) {
            ui_lines wr = ui_text_wrap(c->text, g.face, g.px, l.s, g.inner.w);
            l.lines = wr.lines;
            l.nlines = wr.count;
            l.line_height = wr.line_height;
        } else {
            l.fixed_x = g.inner.x - d->scroll_x;
        }
    }
    int n = ui_char_boxes(c, &l, within, first, out, joins, cap);
    free(bullets);
    return n;
}

/* ---- editing ---------------------------------------------------------------- */

static void edited(ui_widget *w, ui_ctx *c, int text_changed)
{
    field_data *d = fd(w);
    d->input_ms = c->now_ms;
    d->reveal = 1;
    ui_ctx_relayout(c);
    if (text_changed && d->change_action) ui_ctx_emit_kind(c, w, d->change_action, 0);
}

static void field_caret_to(ui_widget *w, ui_ctx *c, int x, int y, int extend)
{
    field_data *d = fd(w);
    geo g = field_geo(w, c);
    const char *s = shown(d);
    int doff;
    if (multi_line(d)) {
        ui_lines l = ui_text_wrap(c->text, g.face, g.px, s, g.inner.w);
        int k = (y - g.inner.y) / (l.line_height > 0 ? l.line_height : 1);
        if (k < 0) k = 0;
        if (k >= l.count) k = l.count - 1;
        const ui_line *ln = &l.lines[k];
        doff = ln->start + ui_text_offset_at(c->text, g.face, g.px, s + ln->start, ln->len,
                                             x - ui_text_line_x(ln, g.inner.x, g.inner.w, 0));
    } else {
        doff = ui_text_offset_at(c->text, g.face, g.px, s, -1, x - g.inner.x + d->scroll_x);
    }
    im_textedit_set_caret(&d->te, from_disp(d, doff), extend);
    edited(w, c, 0);
}

static int field_gesture(ui_widget *w, ui_ctx *c, const im_gesture_event *e, int x, int y)
{
    field_data *d = fd(w);
    if (d->kind == UI_FIELD_READ) return 0; /* a drag scrolls the page; nothing to edit */
    switch (e->kind) {
    case IM_GESTURE_TAP:
        ui_ctx_set_focus(c, w);
        field_caret_to(w, c, x, y, 0);
        return 1;
    case IM_GESTURE_LONG_PRESS:
        ui_ctx_set_focus(c, w);
        field_caret_to(w, c, x, y, 0);
        im_textedit_select_word(&d->te, im_textedit_caret(&d->te));
        edited(w, c, 0);
        return 1;
    case IM_GESTURE_DRAG_START:
    case IM_GESTURE_DRAG_MOVE:
        if (!e->after_long_press) return 0; /* a plain drag scrolls the page */
        field_caret_to(w, c, x, y, 1);
        return 1;
    default: return 0;
    }
}

static int field_text(ui_widget *w, ui_ctx *c, const char *utf8, int editing, int cursor)
{
    field_data *d = fd(w);
    if (d->kind == UI_FIELD_READ) return 0;
    if (editing) im_textedit_preedit_set(&d->te, utf8, strlen(utf8), cursor < 0 ? 0 : (size_t)cursor);
    else im_textedit_insert(&d->te, utf8, strlen(utf8));
    edited(w, c, !editing);
    return 1;
}

static void clipboard_paste(ui_widget *w)
{
    char *clip = SDL_HasClipboardText() ? SDL_GetClipboardText() : NULL;
    if (!clip) return;
    size_t n = strlen(clip);
    im_textedit_insert(&fd(w)->te, clip, n);
    SDL_memset(clip, 0, n);
    SDL_free(clip);
}

static void clipboard_copy(ui_widget *w, ui_ctx *c, int cut)
{
    field_data *d = fd(w);
    if (d->kind == UI_FIELD_PASSWORD) return; /* a passphrase never leaves the field */
    size_t n = 0;
    char *sel = im_textedit_copy_selection(&d->te, &n);
    if (!sel) return;
    if (SDL_SetClipboardText(sel) == 0 && c->copied) c->copied(c->host, sel, n);
    im_mem_wipe_free(sel, n);
    if (cut) im_textedit_delete_selection(&d->te);
}

/* Up / Down in the editor: the same x on the previous / next visual line. */
static void editor_line_move(ui_widget *w, ui_ctx *c, int dir, int extend)
{
    field_data *d = fd(w);
    geo g = field_geo(w, c);
    int line, x, y;
    caret_locate(w, c, &g, to_disp(d, im_textedit_caret(&d->te)), &line, &x, &y);
    field_caret_to(w, c, x, y + dir * g.lh + g.lh / 2, extend);
}

/* Home / End: the start or end of the line the caret is on -- in the
 * editor the visual line (as wrapped on screen), in a field its one line;
 * with Ctrl (Cmd) the whole text's.  A soft-wrapped line ends before the
 * space it broke at; one broken inside a long word ends before its last
 * character, so the caret stays on the line it was asked to end (an offset
 * equal to the next line's start is drawn on that next line). */
static void line_edge(ui_widget *w, ui_ctx *c, int end, int whole, int extend)
{
    field_data *d = fd(w);
    im_textedit *te = &d->te;
    if (whole || d->kind != UI_FIELD_EDITOR) {
        im_text_move m = whole ? (end ? IM_MOVE_END : IM_MOVE_START) : (end ? IM_MOVE_LINE_END : IM_MOVE_LINE_START);
        im_textedit_move(te, m, extend);
        return;
    }
    disp_build(d);
    geo g = field_geo(w, c);
    ui_lines l = ui_text_wrap(c->text, g.face, g.px, shown(d), g.inner.w);
    if (l.count <= 0) {
        im_textedit_move(te, end ? IM_MOVE_LINE_END : IM_MOVE_LINE_START, extend);
        return;
    }
    int doff = to_disp(d, im_textedit_caret(te)), k = 0;
    for (int i = 0; i < l.count; i++)
        if (l.lines[i].start <= doff) k = i;
    const ui_line *ln = &l.lines[k];
    size_t target = from_disp(d, end ? ln->start + ln->len : ln->start);
    if (end && k + 1 < l.count && target >= from_disp(d, l.lines[k + 1].start) && target > from_disp(d, ln->start))
        target = im_textedit_prev_char(te, target);
    im_textedit_set_caret(te, target, extend);
}

/* Whether the text at the caret runs right to left: the strong direction
 * of the character before it, else of the one after.  The arrow keys move
 * the caret visually, so in right-to-left text Left is logically forward. */
static int rtl_at(const char *s, size_t len, size_t pos)
{
    for (int side = 0; side < 2; side++) {
        size_t p = pos;
        if (side == 0) {
            if (p == 0) continue;
            do p--;
            while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80);
        } else if (p >= len) {
            continue;
        }
        int i = (int)p;
        uint32_t cp = ui_utf8_next(s, (int)len, &i);
        FriBidiCharType t = fribidi_get_bidi_type(cp);
        if (FRIBIDI_IS_STRONG(t)) return FRIBIDI_IS_RTL(t) ? 1 : 0;
    }
    return 0;
}

static int field_key(ui_widget *w, ui_ctx *c, const SDL_KeyboardEvent *k)
{
    field_data *d = fd(w);
    im_textedit *te = &d->te;
    int ctrl = (k->keysym.mod & (KMOD_CTRL | KMOD_GUI)) != 0, shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    int changed = 1;
    if (d->kind == UI_FIELD_READ) return 0;
    switch (k->keysym.sym) {
    case SDLK_BACKSPACE: ctrl ? im_textedit_delete_word_back(te) : im_textedit_delete_back(te); break;
    case SDLK_DELETE: ctrl ? im_textedit_delete_word_forward(te) : im_textedit_delete_forward(te); break;
    case SDLK_LEFT:
    case SDLK_RIGHT: {
        int forward = (k->keysym.sym == SDLK_RIGHT) !=
                      rtl_at(im_textedit_text(te), im_textedit_length(te), im_textedit_caret(te));
        im_text_move m = ctrl ? (forward ? IM_MOVE_WORD_RIGHT : IM_MOVE_WORD_LEFT)
                              : (forward ? IM_MOVE_RIGHT : IM_MOVE_LEFT);
        im_textedit_move(te, m, shift);
        changed = 0;
        break;
    }
    case SDLK_HOME:
    case SDLK_END:
        line_edge(w, c, k->keysym.sym == SDLK_END, ctrl, shift);
        changed = 0;
        break;
    case SDLK_UP:
    case SDLK_DOWN:
        if (d->kind != UI_FIELD_EDITOR) return 0;
        editor_line_move(w, c, k->keysym.sym == SDLK_UP ? -1 : 1, shift);
        return 1;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        if (d->kind == UI_FIELD_EDITOR) {
            im_textedit_insert(te, "\n", 1);
            break;
        }
        ui_ctx_emit(c, w, 0);
        return 1;
    case SDLK_a:
        if (!ctrl) return 0;
        im_textedit_select_all(te);
        changed = 0;
        break;
    case SDLK_v:
        if (!ctrl) return 0;
        clipboard_paste(w);
        break;
    case SDLK_c:
        if (!ctrl) return 0;
        clipboard_copy(w, c, 0);
        changed = 0;
        break;
    case SDLK_x:
        if (!ctrl) return 0;
        clipboard_copy(w, c, 1);
        break;
    default: return 0;
    }
    edited(w, c, changed);
    return 1;
}

static void field_focus(ui_widget *w, ui_ctx *c, int gained)
{
    field_data *d = fd(w);
    d->input_ms = c->now_ms;
    if (!gained) im_textedit_preedit_cancel(&d->te);
    if (c->text_input) c->text_input(c->host, gained, gained ? caret_rect(w, c) : (ui_rect){ 0, 0, 0, 0 });
    if (gained) d->reveal = 1;
    ui_ctx_relayout(c);
}

static int64_t field_deadline(ui_widget *w, ui_ctx *c)
{
    int64_t since = c->now_ms - fd(w)->input_ms;
    if (since < 0 || since >= UI_CARET_BLINK_FOR_MS) return INT64_MAX;
    return c->now_ms + (UI_CARET_BLINK_MS - since % UI_CARET_BLINK_MS);
}

/* Marks say where the person's search words are: wiped like the text. */
static void marks_free(field_data *d)
{
    if (d->marks) im_mem_wipe_free(d->marks, (size_t)d->nmarks * sizeof *d->marks);
    d->marks = NULL;
    d->nmarks = 0;
}

static void field_free(ui_widget *w)
{
    marks_free(fd(w));
    disp_free(fd(w));
    im_textedit_free(&fd(w)->te);
}

const ui_class ui_field_class = { .name = "field",
                                  .measure = field_measure,
                                  .layout = field_layout,
                                  .draw = field_draw,
                                  .gesture = field_gesture,
                                  .key = field_key,
                                  .text = field_text,
                                  .focus = field_focus,
                                  .deadline = field_deadline,
                                  .char_boxes = field_char_boxes,
                                  .free = field_free };

/* ---- the Show / Hide button of a password field -------------------------------- */

static ui_field_words words = { "Show", "Hide", "Show passphrase", "Hide passphrase", "Show PIN", "Hide PIN" };

/* The toggle's accessible name for d shown in clear (hide) or not. */
static const char *toggle_name(const field_data *d, int in_clear)
{
    if (d->pin) return in_clear ? words.hide_pin_name : words.show_pin_name;
    return in_clear ? words.hide_name : words.show_name;
}

void ui_field_set_wrap(ui_widget *w)
{
    if (w && w->cls == &ui_field_class && (fd(w)->kind == UI_FIELD_LINE || fd(w)->kind == UI_FIELD_PASSWORD))
        fd(w)->wrap = 1;
}

void ui_field_set_pin(ui_widget *w)
{
    if (!w || w->cls != &ui_field_class) return;
    field_data *d = fd(w);
    if (d->kind != UI_FIELD_PASSWORD) return;
    d->pin = 1;
    if (d->toggle) ui_widget_set_label(d->toggle, toggle_name(d, d->in_clear));
}

void ui_field_set_words(const ui_field_words *w) { words = *w; }

void ui_field_show_clear(ui_widget *w, ui_ctx *c, int on)
{
    field_data *d = fd(w);
    if (!d->toggle || d->in_clear == !!on) return;
    d->in_clear = !!on;
    /* its accessible name says what a tap does */
    ui_widget_set_label(d->toggle, toggle_name(d, d->in_clear));
    disp_build(d);
    if (c) ui_ctx_relayout(c);
}

static void toggle_activate(ui_widget *t, ui_ctx *c)
{
    ui_widget *w = t->parent;
    ui_field_show_clear(w, c, !fd(w)->in_clear);
}

static void toggle_draw(ui_widget *t, ui_ctx *c, ui_drawlist *dl)
{
    const char *word = fd(t->parent)->in_clear ? words.hide : words.show;
    int px = ui_pt(c, 14), lh = ui_text_line_height(c->text, UI_FACE_BOLD, px);
    int tw = ui_text_measure(c->text, UI_FACE_BOLD, px, word, -1);
    if (t->flags & UI_WF_PRESSED) ui_draw_rrect(dl, t->rect, ui_dp(c, 8), ui_color(c, UI_C_SURFACE_ALT));
    ui_draw_text(dl, t->rect.x + (t->rect.w - tw) / 2, t->rect.y + (t->rect.h - lh) / 2, tw, lh, UI_FACE_BOLD, px,
                 ui_color(c, UI_C_PRIMARY), word, -1);
    ui_draw_focus(t, c, dl, t->rect, ui_pt(c, 8));
}

static const ui_class toggle_class = { .name = "field-toggle",
                                       .draw = toggle_draw,
                                       .gesture = ui_tap_gesture,
                                       .key = ui_tap_key,
                                       .activate = toggle_activate };

void ui_field_hide_all(ui_widget *root, ui_ctx *c)
{
    if (!root) return;
    if (root->cls == &ui_field_class) ui_field_show_clear(root, c, 0);
    for (ui_widget *ch = root->first; ch; ch = ch->next) ui_field_hide_all(ch, c);
}

/* A password field's text lives in locked memory from core (guard pages,
 * kept out of swap where the OS allows, wiped when released). */
static const im_text_alloc secret_mem = { im_secure_alloc, im_secure_free };

ui_widget *ui_field_new(const char *label, ui_field_kind kind, int action, int change_action)
{
    ui_widget *w = ui_widget_new(&ui_field_class, label, sizeof(field_data));
    if (!w) return NULL;
    field_data *d = fd(w);
    d->kind = kind;
    d->change_action = change_action;
    d->face = UI_FACE_REGULAR;
    d->pt = 16;
    im_textedit_init(&d->te, multi_line(d), 0);
    im_textedit_set_breaks(&d->te, ui_grapheme_breaks()); /* UAX #29 characters */
    if (kind == UI_FIELD_PASSWORD) {
        im_textedit_set_alloc(&d->te, &secret_mem); /* empty: cannot fail */
        d->toggle = ui_widget_add(w, ui_widget_new(&toggle_class, words.show_name, 0));
        if (d->toggle) d->toggle->flags |= UI_WF_FOCUSABLE | UI_WF_INTERACTIVE;
    }
    w->action = action;
    if (kind != UI_FIELD_READ) w->flags |= UI_WF_FOCUSABLE | UI_WF_INTERACTIVE;
    return w;
}

void ui_field_set_text(ui_widget *w, ui_ctx *c, const char *text)
{
    im_textedit_set_text(&fd(w)->te, text, strlen(text));
    if (c) ui_ctx_relayout(c);
}

void ui_field_set_marks(ui_widget *w, ui_ctx *c, const ui_mark *marks, int n)
{
    field_data *d = fd(w);
    marks_free(d);
    if (n > 0) {
        d->marks = malloc((size_t)n * sizeof *d->marks);
        if (!d->marks) return; /* no highlights: the words are all still shown */
        memcpy(d->marks, marks, (size_t)n * sizeof *d->marks);
        d->nmarks = n;
    }
    if (c) ui_ctx_redraw(c);
}

void ui_field_reveal_mark(ui_widget *w, ui_ctx *c)
{
    fd(w)->reveal_mark = 1;
    if (c) ui_ctx_relayout(c);
}

void ui_field_set_face(ui_widget *w, ui_face face, int pt)
{
    fd(w)->face = face;
    fd(w)->pt = pt;
}
