/* widget.c -- the tree, the context helpers and the generic walks; see widget.h. */
#define _POSIX_C_SOURCE 200809L
#include "widgets/widget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "innermost/contract.h"

ui_widget *ui_widget_new(const ui_class *cls, const char *label, size_t data_size)
{
    ui_widget *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->cls = cls;
    if (data_size) {
        w->data = calloc(1, data_size);
        if (!w->data) {
            free(w);
            return NULL;
        }
    }
    if (label) ui_widget_set_label(w, label);
    return w;
}

ui_widget *ui_widget_add(ui_widget *parent, ui_widget *child)
{
    if (!parent || !child) return child;
    child->parent = parent;
    child->next = NULL;
    if (parent->last) parent->last->next = child;
    else parent->first = child;
    parent->last = child;
    return child;
}

void ui_widget_free(ui_widget *w)
{
    if (!w) return;
    ui_widget *ch = w->first;
    while (ch) {
        ui_widget *next = ch->next;
        ui_widget_free(ch);
        ch = next;
    }
    if (w->cls && w->cls->free) w->cls->free(w);
    free(w->data);
    free(w->label);
    free(w);
}

static void forget_tree(ui_ctx *c, ui_widget *w)
{
    ui_ctx_forget(c, w);
    for (ui_widget *ch = w->first; ch; ch = ch->next) forget_tree(c, ch);
}

void ui_widget_remove_children(ui_widget *w, ui_ctx *c)
{
    ui_widget *ch = w->first;
    while (ch) {
        ui_widget *next = ch->next;
        if (c) forget_tree(c, ch);
        ui_widget_free(ch);
        ch = next;
    }
    w->first = w->last = NULL;
}

void ui_widget_set_label(ui_widget *w, const char *label)
{
    char *copy = label ? strdup(label) : NULL;
    if (label && !copy) return; /* keep the old label rather than none */
    free(w->label);
    w->label = copy;
}

int ui_widget_is_enabled(const ui_widget *w)
{
    for (; w; w = w->parent)
        if (w->flags & (UI_WF_DISABLED | UI_WF_HIDDEN)) return 0;
    return 1;
}

/* ---- context --------------------------------------------------------------- */

ui_rgba ui_color(const ui_ctx *c, ui_color_id id) { return ui_theme_color_hc(c->theme, c->high_contrast, id); }

int ui_pt(const ui_ctx *c, float pt) { return ui_px(&c->metrics, pt); }

void ui_ctx_redraw(ui_ctx *c) { c->dirty = 1; }

void ui_ctx_relayout(ui_ctx *c) { c->dirty = c->layout_dirty = 1; }

void ui_ctx_emit(ui_ctx *c, ui_widget *source, int value)
{
    ui_ctx_emit_kind(c, source, source ? source->action : 0, value);
}

void ui_ctx_emit_kind(ui_ctx *c, ui_widget *source, int kind, int value)
{
    ui_action a = { kind, source, value, "" };
    if (source && source->label) snprintf(a.label, sizeof a.label, "%s", source->label);
    c->dirty = 1;
    if (a.kind && c->emit) c->emit(c->host, &a);
}

/* Invariants 3 and 4 of the context. */
static void ctx_check(const ui_ctx *c)
{
    IM_ASSERT(c->nticks >= 0 && c->nticks <= UI_TICKERS_MAX);
    IM_ASSERT(!c->focus || (c->focus->flags & UI_WF_FOCUSABLE));
}

void ui_ctx_start_ticker(ui_ctx *c, ui_widget *w)
{
    ctx_check(c);
    c->dirty = 1;
    for (int i = 0; i < c->nticks; i++)
        if (c->tickers[i] == w) return;
    IM_ASSERT(c->nticks < UI_TICKERS_MAX); /* invariant 4 */
    if (c->nticks < UI_TICKERS_MAX) c->tickers[c->nticks++] = w;
}

int ui_ctx_run_tickers(ui_ctx *c)
{
    ctx_check(c);
    int kept = 0, quiet = 1;
    for (int i = 0; i < c->nticks; i++) {
        ui_widget *w = c->tickers[i];
        int r = w && w->cls->tick ? w->cls->tick(w, c) : 0;
        if (r) c->tickers[kept++] = w;
        if (r != UI_TICK_QUIET) c->dirty = 1, quiet = 0;
    }
    c->nticks = kept;
    c->ticks_quiet = quiet;
    return kept;
}

void ui_ctx_set_focus(ui_ctx *c, ui_widget *w)
{
    IM_ASSERT(!w || (w->flags & UI_WF_FOCUSABLE)); /* invariant 3 */
    if (c->focus == w) return;
    ui_widget *old = c->focus;
    c->focus = w;
    if (old && old->cls->focus) old->cls->focus(old, c, 0);
    if (w && w->cls->focus) w->cls->focus(w, c, 1);
    c->dirty = 1;
}

void ui_ctx_forget(ui_ctx *c, ui_widget *w)
{
    ctx_check(c);
    if (c->focus == w) {
        if (w->cls->focus) w->cls->focus(w, c, 0);
        c->focus = NULL;
        if (c->focus_visible) {
            c->lost_cls = w->cls;
            snprintf(c->lost_label, sizeof c->lost_label, "%s", w->label ? w->label : "");
        }
    }
    for (int i = 0; i < c->nticks; i++)
        if (c->tickers[i] == w) c->tickers[i] = NULL;
}

/* ---- layout and drawing ----------------------------------------------------- */

int ui_widget_measure(ui_widget *w, ui_ctx *c, int width)
{
    if (w->flags & UI_WF_HIDDEN) return 0;
    return w->cls->measure ? w->cls->measure(w, c, width) : ui_pt(c, UI_TOUCH_TARGET_PT);
}

void ui_widget_place(ui_widget *w, ui_ctx *c, ui_rect r)
{
    w->rect = r;
    if (w->cls->layout) w->cls->layout(w, c);
}

void ui_widget_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    if (w->flags & UI_WF_HIDDEN) return;
    if (w->cls->draw) w->cls->draw(w, c, dl);
    if (!w->first) return;
    int clips = (w->flags & UI_WF_CLIPS) != 0;
    if (clips) ui_draw_clip_push(dl, w->rect);
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        if (clips && ui_rect_empty(ui_rect_intersect(ch->rect, w->rect))) continue;
        ui_widget_draw(ch, c, dl);
    }
    if (clips) ui_draw_clip_pop(dl);
}

ui_rect ui_widget_visible_rect(const ui_widget *w, ui_rect screen)
{
    ui_rect r = ui_rect_intersect(w->rect, screen);
    for (const ui_widget *p = w->parent; p; p = p->parent)
        if (p->flags & UI_WF_CLIPS) r = ui_rect_intersect(r, p->rect);
    return r;
}

static ui_widget *hit(ui_widget *w, int x, int y, ui_rect clip)
{
    if (w->flags & (UI_WF_HIDDEN | UI_WF_DISABLED)) return NULL;
    if (w->flags & UI_WF_CLIPS) clip = ui_rect_intersect(clip, w->rect);
    if (!ui_rect_contains(clip, x, y)) return NULL;
    ui_widget *found = NULL;
    for (ui_widget *ch = w->first; ch; ch = ch->next) { /* later siblings are on top */
        ui_widget *h = hit(ch, x, y, clip);
        if (h) found = h;
    }
    if (found) return found;
    if ((w->flags & UI_WF_INTERACTIVE) && ui_rect_contains(w->rect, x, y)) return w;
    return NULL;
}

ui_widget *ui_widget_hit(ui_widget *root, int x, int y, ui_rect screen)
{
    return root ? hit(root, x, y, screen) : NULL;
}

ui_widget *ui_widget_ancestor(ui_widget *w, const ui_class *cls)
{
    for (; w; w = w->parent)
        if (w->cls == cls) return w;
    return NULL;
}

typedef struct item_walk {
    ui_label_fn fn;
    void *ctx;
    ui_widget *w;
    ui_rect clip;
    int enabled;
} item_walk;

static void item_cb(void *p, const char *label, ui_rect r)
{
    item_walk *iw = p;
    ui_rect v = ui_rect_intersect(r, iw->clip);
    if (!ui_rect_empty(v)) iw->fn(iw->ctx, iw->w, label, v, iw->enabled);
}

static void each_label(ui_widget *w, ui_ctx *c, ui_rect clip, ui_label_fn fn, void *ctx, int enabled)
{
    if (w->flags & UI_WF_HIDDEN) return;
    enabled = enabled && !(w->flags & UI_WF_DISABLED);
    ui_rect v = ui_rect_intersect(w->rect, clip);
    if (w->label && !ui_rect_empty(v)) fn(ctx, w, w->label, v, enabled);
    if (w->flags & UI_WF_CLIPS) clip = ui_rect_intersect(clip, w->rect);
    if (w->cls->items) {
        item_walk iw = { fn, ctx, w, clip, enabled };
        w->cls->items(w, c, item_cb, &iw);
    }
    for (ui_widget *ch = w->first; ch; ch = ch->next) each_label(ch, c, clip, fn, ctx, enabled);
}

void ui_widget_each_label(ui_widget *root, ui_ctx *c, ui_rect screen, ui_label_fn fn, void *ctx)
{
    if (root) each_label(root, c, screen, fn, ctx, 1);
}

/* Pre-order successor / predecessor in the whole tree. */
static ui_widget *next_pre(ui_widget *w)
{
    if (w->first) return w->first;
    while (w) {
        if (w->next) return w->next;
        w = w->parent;
    }
    return NULL;
}

static ui_widget *last_leaf(ui_widget *w)
{
    while (w->last) w = w->last;
    return w;
}

static ui_widget *prev_pre(ui_widget *w)
{
    ui_widget *p = w->parent;
    if (!p) return NULL;
    if (p->first == w) return p;
    ui_widget *s = p->first;
    while (s->next != w) s = s->next;
    return last_leaf(s);
}

ui_widget *ui_widget_focus_step(ui_widget *root, ui_widget *from, int backwards)
{
    if (!root) return NULL;
    ui_widget *w = from;
    for (int guard = 0; guard < 100000; guard++) {
        if (!w) w = backwards ? last_leaf(root) : root;
        else {
            w = backwards ? prev_pre(w) : next_pre(w);
            if (!w) w = backwards ? last_leaf(root) : root;
        }
        if ((w->flags & UI_WF_FOCUSABLE) && ui_widget_is_enabled(w)) return w;
        if (w == from) return NULL;
    }
    return NULL;
}
