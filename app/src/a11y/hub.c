/* hub.c -- snapshots out to a bridge, requests back to the UI thread; see hub.h. */
#define _POSIX_C_SOURCE 200809L
#include "a11y/hub.h"

#include <stdio.h>
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
    int (*offer)(void *ctx, const ui_a11y_key *k);
    void *offer_ctx;
    int ate_press; /* UI thread: the last key press went to the reader */
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

/* ---- keys for the screen reader (hub.h invariant 4) -------------------------------- */

void ui_a11y_hub_set_keys(ui_a11y_hub *h, int (*offer)(void *ctx, const ui_a11y_key *k), void *ctx)
{
    SDL_LockMutex(h->lock);
    h->offer = offer;
    h->offer_ctx = ctx;
    SDL_UnlockMutex(h->lock);
}

/* SDL scancode -> Linux evdev code (X keycode = evdev + 8), the keys a
 * reader's commands use; 0 for the rest. */
static unsigned evdev_of(SDL_Scancode s)
{
    static const char letters[] = { 30, 48, 46, 32, 18, 33, 34, 35, 23, 36, 37, 38, 50,
                                    49, 24, 25, 16, 19, 31, 20, 22, 47, 17, 45, 21, 44 };
    static const char kp[] = { 79, 80, 81, 75, 76, 77, 71, 72, 73, 82, 83 }; /* KP_1..9, 0, . */
    if (s >= SDL_SCANCODE_A && s <= SDL_SCANCODE_Z) return (unsigned)letters[s - SDL_SCANCODE_A];
    if (s >= SDL_SCANCODE_1 && s <= SDL_SCANCODE_0) return 2u + (unsigned)(s - SDL_SCANCODE_1);
    if (s >= SDL_SCANCODE_KP_1 && s <= SDL_SCANCODE_KP_PERIOD) return (unsigned)kp[s - SDL_SCANCODE_KP_1];
    if (s >= SDL_SCANCODE_F1 && s <= SDL_SCANCODE_F10) return 59u + (unsigned)(s - SDL_SCANCODE_F1);
    switch (s) {
    case SDL_SCANCODE_RETURN: return 28;
    case SDL_SCANCODE_ESCAPE: return 1;
    case SDL_SCANCODE_BACKSPACE: return 14;
    case SDL_SCANCODE_TAB: return 15;
    case SDL_SCANCODE_SPACE: return 57;
    case SDL_SCANCODE_CAPSLOCK: return 58;
    case SDL_SCANCODE_F11: return 87;
    case SDL_SCANCODE_F12: return 88;
    case SDL_SCANCODE_INSERT: return 110;
    case SDL_SCANCODE_HOME: return 102;
    case SDL_SCANCODE_PAGEUP: return 104;
    case SDL_SCANCODE_DELETE: return 111;
    case SDL_SCANCODE_END: return 107;
    case SDL_SCANCODE_PAGEDOWN: return 109;
    case SDL_SCANCODE_RIGHT: return 106;
    case SDL_SCANCODE_LEFT: return 105;
    case SDL_SCANCODE_DOWN: return 108;
    case SDL_SCANCODE_UP: return 103;
    case SDL_SCANCODE_NUMLOCKCLEAR: return 69;
    case SDL_SCANCODE_KP_DIVIDE: return 98;
    case SDL_SCANCODE_KP_MULTIPLY: return 55;
    case SDL_SCANCODE_KP_MINUS: return 74;
    case SDL_SCANCODE_KP_PLUS: return 78;
    case SDL_SCANCODE_KP_ENTER: return 96;
    case SDL_SCANCODE_LCTRL: return 29;
    case SDL_SCANCODE_LSHIFT: return 42;
    case SDL_SCANCODE_LALT: return 56;
    case SDL_SCANCODE_LGUI: return 125;
    case SDL_SCANCODE_RCTRL: return 97;
    case SDL_SCANCODE_RSHIFT: return 54;
    case SDL_SCANCODE_RALT: return 100;
    default: return 0;
    }
}

/* SDL keycode -> X keysym and its name (for ATK's string). */
static unsigned keysym_of(SDL_Keycode k, const char **name)
{
    static const struct {
        SDL_Keycode k;
        unsigned sym;
        const char *name;
    } t[] = {
        { SDLK_RETURN, 0xff0d, "Return" },
        { SDLK_ESCAPE, 0xff1b, "Escape" },
        { SDLK_BACKSPACE, 0xff08, "BackSpace" },
        { SDLK_TAB, 0xff09, "Tab" },
        { SDLK_INSERT, 0xff63, "Insert" },
        { SDLK_DELETE, 0xffff, "Delete" },
        { SDLK_HOME, 0xff50, "Home" },
        { SDLK_END, 0xff57, "End" },
        { SDLK_PAGEUP, 0xff55, "Page_Up" },
        { SDLK_PAGEDOWN, 0xff56, "Page_Down" },
        { SDLK_LEFT, 0xff51, "Left" },
        { SDLK_UP, 0xff52, "Up" },
        { SDLK_RIGHT, 0xff53, "Right" },
        { SDLK_DOWN, 0xff54, "Down" },
        { SDLK_KP_ENTER, 0xff8d, "KP_Enter" },
        { SDLK_KP_PLUS, 0xffab, "KP_Add" },
        { SDLK_KP_MINUS, 0xffad, "KP_Subtract" },
        { SDLK_KP_MULTIPLY, 0xffaa, "KP_Multiply" },
        { SDLK_KP_DIVIDE, 0xffaf, "KP_Divide" },
        { SDLK_KP_0, 0xffb0, "KP_0" },
        { SDLK_KP_1, 0xffb1, "KP_1" },
        { SDLK_KP_2, 0xffb2, "KP_2" },
        { SDLK_KP_3, 0xffb3, "KP_3" },
        { SDLK_KP_4, 0xffb4, "KP_4" },
        { SDLK_KP_5, 0xffb5, "KP_5" },
        { SDLK_KP_6, 0xffb6, "KP_6" },
        { SDLK_KP_7, 0xffb7, "KP_7" },
        { SDLK_KP_8, 0xffb8, "KP_8" },
        { SDLK_KP_9, 0xffb9, "KP_9" },
        { SDLK_KP_PERIOD, 0xffae, "KP_Decimal" },
        { SDLK_LSHIFT, 0xffe1, "Shift_L" },
        { SDLK_RSHIFT, 0xffe2, "Shift_R" },
        { SDLK_LCTRL, 0xffe3, "Control_L" },
        { SDLK_RCTRL, 0xffe4, "Control_R" },
        { SDLK_CAPSLOCK, 0xffe5, "Caps_Lock" },
        { SDLK_LALT, 0xffe9, "Alt_L" },
        { SDLK_RALT, 0xffea, "Alt_R" },
        { SDLK_LGUI, 0xffeb, "Super_L" },
        { SDLK_NUMLOCKCLEAR, 0xff7f, "Num_Lock" },
    };
    *name = NULL;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].k == k) return *name = t[i].name, t[i].sym;
    if (k >= SDLK_F1 && k <= SDLK_F12) return 0xffbeu + (unsigned)(k - SDLK_F1);
    if (k >= 0x20 && k < 0x7f) return (unsigned)k; /* Latin-1's keysyms are its code points */
    return 0;
}

int ui_a11y_hub_key_eaten(ui_a11y_hub *h, const SDL_Event *e)
{
    if (e->type == SDL_TEXTINPUT) return h->ate_press;
    if (e->type != SDL_KEYDOWN && e->type != SDL_KEYUP) return 0;
    SDL_LockMutex(h->lock);
    int (*offer)(void *, const ui_a11y_key *) = h->offer;
    void *ctx = h->offer_ctx;
    SDL_UnlockMutex(h->lock);
    if (e->type == SDL_KEYDOWN) h->ate_press = 0;
    if (!offer) return 0; /* invariant 4 */
    ui_a11y_key k;
    memset(&k, 0, sizeof k);
    const char *name;
    k.press = e->type == SDL_KEYDOWN;
    k.keysym = keysym_of(e->key.keysym.sym, &name);
    unsigned ev = evdev_of(e->key.keysym.scancode);
    k.keycode = ev ? ev + 8 : 0;
    Uint16 m = e->key.keysym.mod;
    k.modifiers = ((m & KMOD_SHIFT) ? 1u : 0) | ((m & KMOD_CAPS) ? 2u : 0) | ((m & KMOD_CTRL) ? 4u : 0) |
                  ((m & KMOD_ALT) ? 8u : 0) | ((m & KMOD_NUM) ? 16u : 0) | ((m & KMOD_GUI) ? 64u : 0);
    k.time = e->key.timestamp;
    if (name) snprintf(k.text, sizeof k.text, "%s", name);
    else if (k.keysym >= 0x20 && k.keysym < 0x7f) k.text[0] = (char)k.keysym;
    if (!k.keysym && !k.keycode) return 0;
    int ate = offer(ctx, &k) == 1;
    if (k.press) h->ate_press = ate;
    return ate;
}
