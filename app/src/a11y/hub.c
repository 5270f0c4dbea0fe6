/* hub.c -- snapshots out to a bridge, requests back to the UI thread; see hub.h. */
#define _POSIX_C_SOURCE 200809L
#include "a11y/hub.h"

#include <stdlib.h>
#include <string.h>

#include "innermost/wipe.h"
#include "input/textedit.h"
#include "widgets/controls.h"
#include "widgets/scrollview.h"
#include "widgets/textfield.h"

typedef struct queued {
    ui_a11y_request r;
    char *text; /* owned, wiped (invariant 1) */
    size_t text_len;
} queued;

struct ui_a11y_hub {
    SDL_mutex *lock;
    Uint32 event;
    SDL_atomic_t active;
    SDL_atomic_t woken; /* an SDL event is on its way */
    ui_a11y_tree *last; /* UI thread only: what was published last */
    /* under lock: */
    ui_a11y_tree *pending;
    void (*notify)(void *ctx);
    void *notify_ctx;
    queued q[UI_A11Y_REQUESTS_MAX];
    int nq;
};

ui_a11y_hub *ui_a11y_hub_new(void)
{
    ui_a11y_hub *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->event = SDL_RegisterEvents(1);
    h->lock = SDL_CreateMutex();
    if (h->event == (Uint32)-1 || !h->lock) {
        if (h->lock) SDL_DestroyMutex(h->lock);
        free(h);
        return NULL;
    }
    return h;
}

static void queued_clear(queued *q)
{
    if (q->text) im_mem_wipe_free(q->text, q->text_len + 1);
    im_mem_wipe(q, sizeof *q);
}

void ui_a11y_hub_free(ui_a11y_hub *h)
{
    if (!h) return;
    for (int i = 0; i < h->nq; i++) queued_clear(&h->q[i]);
    ui_a11y_tree_free(h->pending);
    ui_a11y_tree_free(h->last);
    SDL_DestroyMutex(h->lock);
    free(h);
}

void ui_a11y_hub_set_active(ui_a11y_hub *h, int on) { SDL_AtomicSet(&h->active, on != 0); }
int ui_a11y_hub_active(const ui_a11y_hub *h) { return SDL_AtomicGet((SDL_atomic_t *)&h->active); }

void ui_a11y_hub_set_notify(ui_a11y_hub *h, void (*notify)(void *ctx), void *ctx)
{
    SDL_LockMutex(h->lock);
    h->notify = notify;
    h->notify_ctx = ctx;
    SDL_UnlockMutex(h->lock);
}

/* t gets the events of the snapshot it replaces first, then its own. */
static void carry_events(ui_a11y_tree *t, const ui_a11y_tree *old)
{
    if (!old->nevents) return;
    ui_a11y_event mine[UI_A11Y_EVENTS_MAX];
    int n = t->nevents;
    memcpy(mine, t->events, sizeof mine);
    t->nevents = 0;
    for (int i = 0; i < old->nevents; i++) ui_a11y_tree_add_event(t, old->events[i].kind, 0, old->events[i].text);
    for (int i = 0; i < n; i++) ui_a11y_tree_add_event(t, mine[i].kind, mine[i].node, mine[i].text);
}

int ui_a11y_hub_publish(ui_a11y_hub *h, const ui_a11y_input *in)
{
    if (!ui_a11y_hub_active(h)) { /* invariant 2 */
        ui_a11y_tree_free(h->last);
        h->last = NULL;
        return 0;
    }
    ui_a11y_tree *t = ui_a11y_tree_build(in, h->last);
    if (!t) return 0;
    if (ui_a11y_tree_same(h->last, t)) {
        ui_a11y_tree_free(t);
        return 0;
    }
    SDL_LockMutex(h->lock);
    if (h->pending) {
        carry_events(t, h->pending);
        ui_a11y_tree_free(h->pending);
    }
    h->pending = ui_a11y_tree_ref(t);
    void (*notify)(void *) = h->notify;
    void *ctx = h->notify_ctx;
    SDL_UnlockMutex(h->lock);
    ui_a11y_tree_free(h->last);
    h->last = t;
    if (notify) notify(ctx);
    return 1;
}

ui_a11y_tree *ui_a11y_hub_take(ui_a11y_hub *h)
{
    SDL_LockMutex(h->lock);
    ui_a11y_tree *t = h->pending;
    h->pending = NULL;
    SDL_UnlockMutex(h->lock);
    return t;
}

int ui_a11y_hub_is_event(const ui_a11y_hub *h, const SDL_Event *e) { return h && e->type == h->event; }

int ui_a11y_hub_request(ui_a11y_hub *h, const ui_a11y_request *r)
{
    queued q;
    memset(&q, 0, sizeof q);
    q.r = *r;
    q.r.name[sizeof q.r.name - 1] = 0;
    q.r.text = NULL;
    if (r->text) {
        q.text_len = strlen(r->text);
        q.text = malloc(q.text_len + 1);
        if (!q.text) return -1;
        memcpy(q.text, r->text, q.text_len + 1);
    }
    SDL_LockMutex(h->lock);
    int ok = h->nq < UI_A11Y_REQUESTS_MAX; /* invariant 3 */
    if (ok) h->q[h->nq++] = q;
    SDL_UnlockMutex(h->lock);
    if (!ok) {
        queued_clear(&q);
        return -1;
    }
    if (SDL_AtomicCAS(&h->woken, 0, 1)) {
        SDL_Event e;
        SDL_zero(e);
        e.type = h->event;
        if (SDL_PushEvent(&e) != 1) SDL_AtomicSet(&h->woken, 0);
    }
    return 0;
}

/* ---- carrying requests out (UI thread) -------------------------------------- */

/* The byte offset of character k of s (clamped to its end). */
static size_t byte_of(const char *s, size_t len, int k)
{
    size_t i = 0;
    int seen = 0;
    if (k < 0) return len;
    while (i < len) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (seen == k) return i;
            seen++;
        }
        i++;
    }
    return len;
}

static void tap(ui_widget *w, ui_ctx *c, ui_rect r)
{
    if (!w->cls->gesture) return;
    int x = r.x + r.w / 2, y = r.y + r.h / 2;
    float k = c->metrics.scale > 0 ? c->metrics.scale : 1.0f;
    im_gesture_event e;
    memset(&e, 0, sizeof e);
    e.kind = IM_GESTURE_TAP;
    e.t_ms = c->now_ms;
    e.x = e.start_x = (float)x / k;
    e.y = e.start_y = (float)y / k;
    w->cls->gesture(w, c, &e, x, y);
}

static void key(ui_widget *w, ui_ctx *c, SDL_Keycode sym)
{
    SDL_KeyboardEvent k;
    SDL_zero(k);
    k.type = SDL_KEYDOWN;
    k.state = SDL_PRESSED;
    k.keysym.sym = sym;
    k.keysym.scancode = SDL_GetScancodeFromKey(sym);
    if (w->cls->key) w->cls->key(w, c, &k);
}

static int editable(ui_widget *w)
{
    return w->cls == &ui_field_class && ui_field_get_kind(w) != UI_FIELD_READ && ui_widget_is_enabled(w);
}

static void edit(ui_widget *w, ui_ctx *c, const queued *q)
{
    if (!editable(w)) return;
    if ((w->flags & UI_WF_FOCUSABLE) && c->focus != w) ui_ctx_set_focus(c, w);
    im_textedit *te = ui_field_edit(w);
    const char *s = im_textedit_text(te);
    size_t len = im_textedit_length(te);
    switch (q->r.kind) {
    case UI_A11Y_REQ_SET_TEXT:
        im_textedit_select_all(te);
        if (len) key(w, c, SDLK_BACKSPACE); /* the field's own edit: its change action fires */
        if (q->text && q->text[0]) w->cls->text(w, c, q->text, 0, 0);
        break;
    case UI_A11Y_REQ_INSERT_TEXT:
        im_textedit_set_caret(te, byte_of(s, len, q->r.a), 0);
        if (q->text && q->text[0]) w->cls->text(w, c, q->text, 0, 0);
        break;
    case UI_A11Y_REQ_DELETE_TEXT: {
        size_t a = byte_of(s, len, q->r.a), b = byte_of(s, len, q->r.b);
        if (a >= b) break;
        im_textedit_select(te, a, b);
        key(w, c, SDLK_BACKSPACE);
        break;
    }
    case UI_A11Y_REQ_SET_CARET: im_textedit_set_caret(te, byte_of(s, len, q->r.a), 0); break;
    case UI_A11Y_REQ_SELECT: im_textedit_select(te, byte_of(s, len, q->r.a), byte_of(s, len, q->r.b)); break;
    default: break;
    }
    ui_ctx_relayout(c);
}

static void perform(const ui_a11y_input *in, const queued *q)
{
    ui_ctx *c = in->ctx;
    ui_rect r = { 0, 0, 0, 0 };
    ui_widget *w = ui_a11y_widget_of(in, q->r.id, q->r.name, &r);
    if (!w) return;
    switch (q->r.kind) {
    case UI_A11Y_REQ_ACTIVATE:
        if (!ui_widget_is_enabled(w)) break;
        if (w->cls == &ui_field_class) {
            if (w->flags & UI_WF_FOCUSABLE) ui_ctx_set_focus(c, w);
        } else if (w->cls->activate) {
            w->cls->activate(w, c);
        } else {
            tap(w, c, r); /* a list's row, a class with only a tap */
        }
        break;
    case UI_A11Y_REQ_FOCUS:
        if ((w->flags & UI_WF_FOCUSABLE) && ui_widget_is_enabled(w)) ui_ctx_set_focus(c, w);
        break;
    case UI_A11Y_REQ_SHOW: ui_scroll_reveal(w, c, r); break;
    case UI_A11Y_REQ_SET_VALUE: {
        if (w->cls != &ui_slider_class || !ui_widget_is_enabled(w)) break;
        int v = q->r.a < 0 ? 0 : q->r.a > UI_SLIDER_MAX ? UI_SLIDER_MAX : q->r.a;
        if (v != w->value) {
            w->value = v;
            ui_ctx_emit(c, w, v); /* as the slider's own keys do */
        }
        break;
    }
    default: edit(w, c, q); break;
    }
    ui_ctx_redraw(c);
}

int ui_a11y_hub_perform(ui_a11y_hub *h, const ui_a11y_input *in)
{
    queued batch[UI_A11Y_REQUESTS_MAX];
    SDL_AtomicSet(&h->woken, 0);
    SDL_LockMutex(h->lock);
    int n = h->nq;
    memcpy(batch, h->q, (size_t)n * sizeof batch[0]);
    im_mem_wipe(h->q, (size_t)n * sizeof h->q[0]);
    h->nq = 0;
    SDL_UnlockMutex(h->lock);
    for (int i = 0; i < n; i++) {
        perform(in, &batch[i]);
        queued_clear(&batch[i]);
    }
    return n;
}
