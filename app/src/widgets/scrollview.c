/* scrollview.c -- see scrollview.h. */
#include "widgets/scrollview.h"

#include <math.h>

#include "widgets/basic.h"

typedef struct scroll_data {
    im_scroller s;
    int inited;
    int top_px; /* scroll view only: room above the content (ui_scroll_set_top_inset) */
    /* list only */
    im_listwin lw;
    float row_pt;
    ui_list_label_fn label;
    void *label_ctx;
    ui_list_draw_fn draw_row;    /* NULL: one line of label text */
    uint32_t cursor;             /* the keyboard's row (< count while count > 0) */
    im_listwin_height_fn height; /* variable rows: asked again when the text size changes */
    uint32_t count;
    float rows_text_scale; /* the text size the heights were asked at */
} scroll_data;

static scroll_data *sd(ui_widget *w) { return w->data; }

void ui_scroll_set_top_inset(ui_widget *w, int px)
{
    if (w && w->cls == &ui_scroll_class) sd(w)->top_px = px > 0 ? px : 0;
}

im_scroller *ui_scroll_scroller(ui_widget *w)
{
    if (!w || (w->cls != &ui_scroll_class && w->cls != &ui_list_class)) return NULL;
    return &sd(w)->s;
}

static void scroller_prepare(ui_widget *w, ui_ctx *c)
{
    scroll_data *d = sd(w);
    if (!d->inited) {
        im_scroller_config cfg = im_scroller_config_default(c->metrics.scale);
        im_scroller_init(&d->s, &cfg);
        d->inited = 1;
    }
    im_scroller_set_scale(&d->s, c->metrics.scale);
    im_scroller_set_reduce_motion(&d->s, c->reduce_motion);
}

static int offset_px(ui_widget *w, ui_ctx *c) { return (int)lround(im_scroller_offset(&sd(w)->s) * c->metrics.scale); }

/* Shared by both: drags move the content, flings coast, DOWN catches. */
static int scroll_gesture(ui_widget *w, ui_ctx *c, const im_gesture_event *e, int x, int y)
{
    (void)x, (void)y;
    im_scroller *s = &sd(w)->s;
    switch (e->kind) {
    case IM_GESTURE_DOWN: im_scroller_touch(s, c->now_ms); return 1;
    case IM_GESTURE_DRAG_START:
    case IM_GESTURE_DRAG_MOVE:
        if (e->after_long_press || e->axis == IM_AXIS_HORIZONTAL) return 0;
        im_scroller_drag(s, e->dy, c->now_ms);
        ui_ctx_relayout(c);
        return 1;
    case IM_GESTURE_DRAG_END:
    case IM_GESTURE_FLING:
    case IM_GESTURE_CANCEL:
        if (e->axis == IM_AXIS_HORIZONTAL && e->kind != IM_GESTURE_CANCEL) return 0;
        /* DRAG_END carries the fling's velocity too; releasing twice is harmless. */
        im_scroller_release(s, e->kind == IM_GESTURE_CANCEL ? 0 : e->vy, c->now_ms);
        if (im_scroller_animating(s)) ui_ctx_start_ticker(c, w);
        ui_ctx_relayout(c);
        return 1;
    case IM_GESTURE_UP:
        /* A finger that only tapped (a button, a card) ends with no
         * DRAG_END; without a release the scroller would stay held: the
         * wheel ignored and a shrunk layout's offset left past the end. */
        if (im_scroller_get_mode(s) == IM_SCROLL_DRAGGING) {
            im_scroller_release(s, 0, c->now_ms);
            if (im_scroller_animating(s)) ui_ctx_start_ticker(c, w);
            ui_ctx_relayout(c);
        }
        return 0; /* an outer scroll view may hold on too */
    default: return 0;
    }
}

static int scroll_tick(ui_widget *w, ui_ctx *c)
{
    int moving = im_scroller_tick(&sd(w)->s, c->now_ms);
    ui_ctx_relayout(c);
    return moving;
}

static int scroll_wheel(ui_widget *w, ui_ctx *c, float steps)
{
    im_scroller *s = &sd(w)->s;
    if (im_scroller_max(s) <= 0) return 0;
    im_scroller_wheel(s, steps, c->now_ms);
    if (im_scroller_animating(s)) ui_ctx_start_ticker(c, w);
    ui_ctx_relayout(c);
    return 1;
}

static void scroll_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    /* A thin indicator while the content is longer than the view. */
    im_scroller *s = &sd(w)->s;
    double max = im_scroller_max(s);
    if (max <= 0) return;
    double view = s->viewport, content = view + max;
    int h = (int)(w->rect.h * view / content);
    int minh = ui_dp(c, 24);
    if (h < minh) h = minh;
    double off = im_scroller_offset(s);
    if (off < 0) off = 0;
    if (off > max) off = max;
    int y = w->rect.y + (int)((w->rect.h - h) * off / max);
    ui_rgba col = ui_color(c, UI_C_OUTLINE);
    col.a = 140;
    int bw = ui_dp(c, 3);
    (void)dl;
    ui_draw_rrect(dl, (ui_rect){ w->rect.x + w->rect.w - bw - ui_dp(c, 2), y, bw, h }, bw / 2, col);
}

/* ---- scroll view ------------------------------------------------------------ */

static int sv_measure(ui_widget *w, ui_ctx *c, int width)
{
    return w->first ? ui_widget_measure(w->first, c, width) : 0;
}

static void sv_layout(ui_widget *w, ui_ctx *c)
{
    scroller_prepare(w, c);
    scroll_data *d = sd(w);
    ui_widget *content = w->first;
    if (!content) return;
    /* Lines longer than ~90 characters are hard to read: wide windows get a
     * centred column. */
    int cw = w->rect.w, max = ui_pt(c, UI_READABLE_WIDTH_PT);
    if (cw > max) cw = max;
    int ch = ui_widget_measure(content, c, cw);
    im_scroller_set_size(&d->s, (ch + d->top_px) / c->metrics.scale, w->rect.h / c->metrics.scale);
    ui_widget_place(content, c,
                    (ui_rect){ w->rect.x + (w->rect.w - cw) / 2, w->rect.y + d->top_px - offset_px(w, c), cw, ch });
}

static void sv_draw_after(ui_widget *w, ui_ctx *c, ui_drawlist *dl) { scroll_draw(w, c, dl); }

const ui_class ui_scroll_class = { .name = "scroll",
                                   .measure = sv_measure,
                                   .layout = sv_layout,
                                   .draw = sv_draw_after,
                                   .gesture = scroll_gesture,
                                   .tick = scroll_tick,
                                   .wheel = scroll_wheel };

ui_widget *ui_scroll_new(ui_widget *content)
{
    ui_widget *w = ui_widget_new(&ui_scroll_class, NULL, sizeof(scroll_data));
    if (!w) {
        ui_widget_free(content);
        return NULL;
    }
    w->flags |= UI_WF_CLIPS | UI_WF_FILL | UI_WF_INTERACTIVE;
    ui_widget_add(w, content);
    return w;
}

void ui_scroll_reveal(ui_widget *w, ui_ctx *c, ui_rect r)
{
    ui_widget *sv = w;
    while (sv && sv->cls != &ui_scroll_class && sv->cls != &ui_list_class) sv = sv->parent;
    if (!sv) return;
    scroller_prepare(sv, c);
    double scale = c->metrics.scale;
    double content_top = sv->rect.y - offset_px(sv, c);
    double start = (r.y - content_top) / scale;
    /* The part of the view the keyboard hides counts as "below" r. */
    int view_bottom = sv->rect.y + sv->rect.h;
    int kb_top = c->metrics.height_px - c->keyboard_px;
    int hidden = c->keyboard_px > 0 && view_bottom > kb_top ? view_bottom - kb_top : 0;
    double before = offset_px(sv, c);
    im_scroller_scroll_to_visible(&sd(sv)->s, start, (r.h + hidden) / scale, 8.0, c->now_ms);
    int moving = im_scroller_animating(&sd(sv)->s);
    if (moving) ui_ctx_start_ticker(c, sv);
    /* Already in view: nothing moved, so no second layout (and frame). */
    if (moving || offset_px(sv, c) != before) ui_ctx_relayout(c);
}

/* ---- virtualized list ------------------------------------------------------- */

static int list_measure(ui_widget *w, ui_ctx *c, int width)
{
    (void)width;
    double total = im_listwin_total_height(&sd(w)->lw) * c->metrics.scale;
    return total > 1e6 ? 1000000 : (int)total;
}

static void list_layout(ui_widget *w, ui_ctx *c)
{
    scroller_prepare(w, c);
    scroll_data *d = sd(w);
    if (d->height && d->rows_text_scale != c->metrics.text_scale) {
        /* a row's height may mix text points and chrome in density points */
        im_listwin fresh;
        if (im_listwin_init_variable(&fresh, d->count, d->height, d->label_ctx) == 0) {
            im_listwin_free(&d->lw);
            d->lw = fresh;
        }
        d->rows_text_scale = c->metrics.text_scale;
    }
    im_scroller_set_size(&d->s, im_listwin_total_height(&d->lw), w->rect.h / c->metrics.scale);
}

/* Calls fn for each visible row with its rect in window pixels. */
static void list_each_row(ui_widget *w, ui_ctx *c, void (*fn)(ui_widget *, ui_ctx *, uint32_t, ui_rect, void *),
                          void *ctx)
{
    scroll_data *d = sd(w);
    double scale = c->metrics.scale;
    double off = im_scroller_offset(&d->s);
    im_listwin_range r = im_listwin_visible(&d->lw, off < 0 ? 0 : off, w->rect.h / scale);
    if (r.empty) return;
    double y = r.first_y;
    for (uint32_t i = r.first; i <= r.last; i++) {
        double h = im_listwin_row_height(&d->lw, i);
        int y0 = w->rect.y + (int)lround((y - off) * scale);
        int y1 = w->rect.y + (int)lround((y + h - off) * scale);
        fn(w, c, i, (ui_rect){ w->rect.x, y0, w->rect.w, y1 - y0 }, ctx);
        y += h;
    }
}

static void draw_row(ui_widget *w, ui_ctx *c, uint32_t row, ui_rect r, void *ctx)
{
    ui_drawlist *dl = ctx;
    scroll_data *d = sd(w);
    if (d->draw_row) {
        d->draw_row(d->label_ctx, c, dl, row, r);
        return;
    }
    char buf[256];
    d->label(d->label_ctx, row, buf, sizeof buf);
    int px = ui_pt(c, 16), pad = ui_dp(c, 16);
    int lh = ui_text_line_height(c->text, UI_FACE_REGULAR, px);
    int tw = ui_text_measure(c->text, UI_FACE_REGULAR, px, buf, -1);
    ui_draw_text(dl, r.x + pad, r.y + (r.h - lh) / 2, tw, lh, UI_FACE_REGULAR, px, ui_color(c, UI_C_TEXT), buf, -1);
    ui_draw_rect(dl, (ui_rect){ r.x + pad, r.y + r.h - 1, r.w - 2 * pad, 1 }, ui_color(c, UI_C_SURFACE_ALT));
}

/* The cursor row's rect in window pixels (it may lie outside the view). */
static ui_rect cursor_rect(ui_widget *w, ui_ctx *c)
{
    scroll_data *d = sd(w);
    double scale = c->metrics.scale, off = im_scroller_offset(&d->s);
    double y = im_listwin_row_y(&d->lw, d->cursor), h = im_listwin_row_height(&d->lw, d->cursor);
    int y0 = w->rect.y + (int)lround((y - off) * scale), y1 = w->rect.y + (int)lround((y + h - off) * scale);
    return (ui_rect){ w->rect.x, y0, w->rect.w, y1 - y0 };
}

static void list_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    ui_draw_rect(dl, w->rect, ui_color(c, UI_C_SURFACE));
    ui_draw_clip_push(dl, w->rect);
    list_each_row(w, c, draw_row, dl);
    if (im_listwin_count(&sd(w)->lw) > 0) {
        /* the ring inside the row, so the list's clip does not cut it */
        int k = ui_pt(c, 2);
        ui_rect r = cursor_rect(w, c);
        ui_draw_focus(w, c, dl, (ui_rect){ r.x + 2 * k, r.y + 2 * k, r.w - 4 * k, r.h - 4 * k }, ui_pt(c, 6));
    }
    scroll_draw(w, c, dl);
    ui_draw_clip_pop(dl);
}

typedef struct item_ctx {
    void (*fn)(void *ctx, const char *label, ui_rect r);
    void *ctx;
} item_ctx;

static void item_row(ui_widget *w, ui_ctx *c, uint32_t row, ui_rect r, void *p)
{
    (void)c;
    item_ctx *ic = p;
    char buf[256];
    sd(w)->label(sd(w)->label_ctx, row, buf, sizeof buf);
    ic->fn(ic->ctx, buf, r);
}

static void list_items(ui_widget *w, ui_ctx *c, void (*fn)(void *ctx, const char *label, ui_rect r), void *ctx)
{
    item_ctx ic = { fn, ctx };
    list_each_row(w, c, item_row, &ic);
}

static uint32_t list_row_at(ui_widget *w, ui_ctx *c, int y)
{
    scroll_data *d = sd(w);
    double content_y = (y - w->rect.y) / c->metrics.scale + im_scroller_offset(&d->s);
    return im_listwin_row_at(&d->lw, content_y);
}

static int list_gesture(ui_widget *w, ui_ctx *c, const im_gesture_event *e, int x, int y)
{
    scroll_data *d = sd(w);
    if (e->kind == IM_GESTURE_TAP || e->kind == IM_GESTURE_LONG_PRESS) {
        if (im_listwin_count(&d->lw) == 0) return 1;
        uint32_t row = list_row_at(w, c, y);
        int kind = e->kind == IM_GESTURE_TAP ? w->action : w->long_action;
        ui_ctx_emit_kind(c, w, kind, (int)row);
        return 1;
    }
    return scroll_gesture(w, c, e, x, y);
}

static void list_free(ui_widget *w) { im_listwin_free(&sd(w)->lw); }

/* Up / Down move the keyboard's row, Page Up / Page Down by a view, Home /
 * End to the ends, each kept in view; Return / Space open the row (the
 * list's tap action), the Menu key (or Shift+F10) its long-press one. */
static int list_key(ui_widget *w, ui_ctx *c, const SDL_KeyboardEvent *k)
{
    scroll_data *d = sd(w);
    uint32_t n = im_listwin_count(&d->lw);
    if (n == 0) return 0;
    int64_t row = d->cursor, page = 1;
    double rh = im_listwin_row_height(&d->lw, d->cursor);
    if (rh > 0) page = (int64_t)(w->rect.h / c->metrics.scale / rh);
    if (page < 1) page = 1;
    SDL_Keycode s = k->keysym.sym;
    switch (s) {
    case SDLK_UP: row--; break;
    case SDLK_DOWN: row++; break;
    case SDLK_PAGEUP: row -= page; break;
    case SDLK_PAGEDOWN: row += page; break;
    case SDLK_HOME: row = 0; break;
    case SDLK_END: row = (int64_t)n - 1; break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE: ui_ctx_emit_kind(c, w, w->action, (int)d->cursor); return 1;
    case SDLK_APPLICATION:
    case SDLK_MENU:
        if (!w->long_action) return 0;
        ui_ctx_emit_kind(c, w, w->long_action, (int)d->cursor);
        return 1;
    case SDLK_F10:
        if (!(k->keysym.mod & KMOD_SHIFT) || !w->long_action) return 0;
        ui_ctx_emit_kind(c, w, w->long_action, (int)d->cursor);
        return 1;
    default: return 0;
    }
    if (row < 0) row = 0;
    if (row >= (int64_t)n) row = (int64_t)n - 1;
    d->cursor = (uint32_t)row;
    scroller_prepare(w, c);
    im_scroller_scroll_to_visible(&d->s, im_listwin_row_y(&d->lw, d->cursor), im_listwin_row_height(&d->lw, d->cursor),
                                  0.0, c->now_ms);
    if (im_scroller_animating(&d->s)) ui_ctx_start_ticker(c, w);
    ui_ctx_relayout(c);
    return 1;
}

const ui_class ui_list_class = { .name = "list",
                                 .measure = list_measure,
                                 .layout = list_layout,
                                 .draw = list_draw,
                                 .gesture = list_gesture,
                                 .key = list_key,
                                 .tick = scroll_tick,
                                 .items = list_items,
                                 .wheel = scroll_wheel,
                                 .free = list_free };

ui_widget *ui_list_new(uint32_t count, float row_height_pt, ui_list_label_fn fn, void *fn_ctx, int action)
{
    ui_widget *w = ui_widget_new(&ui_list_class, NULL, sizeof(scroll_data));
    if (!w) return NULL;
    scroll_data *d = sd(w);
    im_listwin_init_fixed(&d->lw, count, row_height_pt);
    d->row_pt = row_height_pt;
    d->label = fn;
    d->label_ctx = fn_ctx;
    w->action = action;
    w->flags |= UI_WF_CLIPS | UI_WF_FILL | UI_WF_INTERACTIVE;
    if (count > 0) w->flags |= UI_WF_FOCUSABLE; /* one Tab stop; arrows move inside (list_key) */
    return w;
}

void ui_list_set_draw(ui_widget *w, ui_list_draw_fn fn)
{
    if (w && w->cls == &ui_list_class) sd(w)->draw_row = fn;
}

int ui_list_set_rows(ui_widget *w, ui_ctx *c, uint32_t count, im_listwin_height_fn height)
{
    if (!w || w->cls != &ui_list_class) return -1;
    scroll_data *d = sd(w);
    im_listwin fresh;
    if (height) {
        if (im_listwin_init_variable(&fresh, count, height, d->label_ctx) != 0) return -1;
    } else {
        im_listwin_init_fixed(&fresh, count, d->row_pt);
    }
    im_listwin_free(&d->lw);
    d->lw = fresh;
    if (d->cursor >= count) d->cursor = count ? count - 1 : 0;
    if (count > 0) w->flags |= UI_WF_FOCUSABLE;
    else {
        if (c && c->focus == w) ui_ctx_set_focus(c, NULL); /* widget.h invariant 3 */
        w->flags &= ~(unsigned)UI_WF_FOCUSABLE;
    }
    d->height = height;
    d->count = count;
    d->rows_text_scale = c->metrics.text_scale;
    ui_ctx_relayout(c);
    return 0;
}

int ui_list_cursor_label(ui_widget *w, ui_ctx *c, char *buf, size_t cap, ui_rect *r)
{
    if (!w || w->cls != &ui_list_class || !cap) return -1;
    scroll_data *d = sd(w);
    if (im_listwin_count(&d->lw) == 0) return -1;
    buf[0] = 0;
    d->label(d->label_ctx, d->cursor, buf, cap);
    if (r) *r = cursor_rect(w, c);
    return 0;
}
