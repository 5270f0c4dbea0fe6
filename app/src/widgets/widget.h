/*
 * widget.h -- the retained widget tree and the context every widget sees.
 *
 * Design.  A screen builds a small tree of ui_widget once; widgets keep
 * their own state (text, value, scroll offset).  Each frame the tree is laid
 * out in pixels from points (measure -> layout), drawn into a draw list,
 * and walked for accessibility (every interactive widget has a label, its
 * accessible name, which is also what the script driver taps).  Input comes
 * in as gesture events (input/gesture.h) already routed to one widget, and
 * as keys and text for the focused widget.  A widget never calls the screen
 * directly: it emits a typed ui_action that the screen handles.
 *
 * Invariants.
 *  1. rect is in window pixels after the last layout; a widget is visible
 *     when its rect meets the clip of every ancestor (scroll views clip).
 *  2. A widget is freed with its parent; labels and data are owned.
 *  3. Only widgets with UI_WF_FOCUSABLE take keyboard focus; focus follows
 *     tree order for Tab / Shift-Tab.
 *  4. The context holds at most UI_TICKERS_MAX tickers, each once; asking
 *     for one more is a broken contract, not a ticker silently left out.
 *  5. The focused widget and every ticker belong to a tree the app shows
 *     (the top screen's or the overlay's for focus; any stacked screen's
 *     for tickers): a widget leaves the context (ui_ctx_forget) before it
 *     is freed.  The app checks this after every update (app.c).
 * Invariants 3 and 4 are checked (IM_ASSERT, innermost/contract.h) at
 * every change of focus or tickers.
 */
#ifndef UI_WIDGET_H
#define UI_WIDGET_H

#include <SDL.h>
#include <stdint.h>

#include "input/gesture.h"
#include "render/drawlist.h"
#include "render/metrics.h"
#include "render/text.h"
#include "render/theme.h"

typedef struct ui_widget ui_widget;
typedef struct ui_ctx ui_ctx;

enum {
    UI_WF_HIDDEN = 1u << 0,
    UI_WF_DISABLED = 1u << 1,
    UI_WF_FOCUSABLE = 1u << 2,
    UI_WF_PRESSED = 1u << 3,
    UI_WF_CLIPS = 1u << 4,       /* children are clipped to rect (scroll views) */
    UI_WF_INTERACTIVE = 1u << 5, /* taps reach it */
    UI_WF_FILL = 1u << 6,        /* in a column: takes the leftover height */
    UI_WF_READABLE = 1u << 7     /* a box: children no wider than UI_READABLE_WIDTH_PT, centred */
};

/* What a widget tells its screen.  kind is the widget's action id (set by
 * the screen when it built the widget); value depends on the widget.
 * Actions are queued: `source` is valid only until a handler changes the
 * screen or closes an overlay, so its label is copied into `label`. */
#define UI_ACTION_LABEL_MAX 128
typedef struct ui_action {
    int kind;
    ui_widget *source;
    int value;
    char label[UI_ACTION_LABEL_MAX];
} ui_action;

typedef struct ui_class {
    const char *name;
    /* Preferred width in pixels (chips, buttons in a wrapping row); NULL:
     * as wide as offered. */
    int (*natural_width)(ui_widget *w, ui_ctx *c);
    /* Height in pixels at this width. */
    int (*measure)(ui_widget *w, ui_ctx *c, int width);
    /* Place children inside w->rect (already set by the parent). */
    void (*layout)(ui_widget *w, ui_ctx *c);
    void (*draw)(ui_widget *w, ui_ctx *c, ui_drawlist *dl);
    /* A gesture routed to this widget; x, y in window pixels.  1 = handled. */
    int (*gesture)(ui_widget *w, ui_ctx *c, const im_gesture_event *e, int x, int y);
    int (*key)(ui_widget *w, ui_ctx *c, const SDL_KeyboardEvent *k);
    /* Text input (editing = 0) or IME composition (editing = 1, cursor). */
    int (*text)(ui_widget *w, ui_ctx *c, const char *utf8, int editing, int cursor);
    /* Animation step; returns 1 while still moving, UI_TICK_QUIET while
     * still running but with nothing new to draw this frame (a countdown
     * between two seconds), 0 when done. */
    int (*tick)(ui_widget *w, ui_ctx *c);
    /* Virtual children (list rows): calls fn for each visible item. */
    void (*items)(ui_widget *w, ui_ctx *c, void (*fn)(void *ctx, const char *label, ui_rect r), void *ctx);
    void (*focus)(ui_widget *w, ui_ctx *c, int gained);
    /* The widget's one action (tap, Return, Space) for tappable widgets
     * that use ui_tap_gesture / ui_tap_key from basic.h. */
    void (*activate)(ui_widget *w, ui_ctx *c);
    /* When this widget next needs a frame without input (caret blink, the
     * next second of a countdown); INT64_MAX for never.  Asked of the
     * focused widget, and of every ticker while all tickers were quiet on
     * their last tick (UI_TICK_QUIET), so a countdown lets the loop sleep
     * until its shown second changes instead of waking every frame.  A
     * ticker without it is woken every frame. */
    int64_t (*deadline)(ui_widget *w, ui_ctx *c);
    /* Mouse wheel: steps toward the end (positive = down).  1 = handled. */
    int (*wheel)(ui_widget *w, ui_ctx *c, float steps);
    /* Words that change while the widget is shown and that a screen
     * reader should hear when they do (a breathing guide's phase), written
     * into buf (cap bytes); "" or NULL for none.  Read by the
     * accessibility tree (a11y/tree.h: the node's description, and a
     * UI_A11Y_EV_PHASE event when they change). */
    const char *(*live_text)(ui_widget *w, ui_ctx *c, char *buf, size_t cap);
    /* Where the characters of the text it gives a screen reader are
     * drawn (a field's text, a label's words; a11y/tree.h): the boxes, in
     * window pixels, of the characters (code points; those of one
     * user-perceived character share its box) on the lines that meet
     * `within`, written to out[0..cap) from character *first on, then one
     * zero-wide box where the caret goes after the last character when
     * that line is among them; joins (when not NULL) gets 1 for each of
     * them that continues the user-perceived character of the one before
     * (UAX #29: a ZWJ and the emoji after it, a combining mark), else 0.
     * Returns how many were written (0: none of the text is within).  A
     * secret field gives the boxes of the bullets it would draw, never of
     * its text.  NULL: no text geometry. */
    int (*char_boxes)(ui_widget *w, ui_ctx *c, ui_rect within, int *first, ui_rect *out, unsigned char *joins, int cap);
    void (*free)(ui_widget *w);
} ui_class;

struct ui_widget {
    const ui_class *cls;
    ui_widget *parent, *first, *last, *next;
    ui_rect rect;
    char *label; /* accessible name; NULL for pure layout */
    unsigned flags;
    int action;      /* ui_action.kind sent on activation (0: none) */
    int long_action; /* sent on a long press (0: none) */
    int value;       /* toggle on/off, slider 0-10, chip selected, ... */
    void *data;      /* class state */
};

#define UI_TICKERS_MAX 16
#define UI_TICK_QUIET 2 /* see ui_class.tick */
#define UI_OVERLAYS_MAX 4

/* The context: metrics, text, theme, time, focus, tickers, and how to reach
 * the app (emit actions, ask for a frame, control text input). */
struct ui_ctx {
    ui_metrics metrics;
    ui_text *text;
    ui_theme_mode theme;
    int reduce_motion;
    int high_contrast; /* the high-contrast palette (ui_color) */
    int64_t now_ms;
    ui_widget *focus;
    /* The focus ring shows (ui_draw_focus) only while the keyboard is in
     * use: a key sets it, a touch or a mouse press clears it (the
     * "focus-visible" rule), so a tapped button does not keep a ring. */
    int focus_visible;
    /* The focused widget was removed while the keyboard was in use (a
     * screen rebuilt its body): its class and label, for the host to put
     * the focus on the widget like it in the new tree (app/nav.c). */
    const ui_class *lost_cls;
    char lost_label[UI_ACTION_LABEL_MAX];
    ui_widget *tickers[UI_TICKERS_MAX];
    int nticks;
    int ticks_quiet;  /* every ticker said UI_TICK_QUIET on its last run */
    int dirty;        /* something changed: draw a frame */
    int layout_dirty; /* sizes may have changed: lay out first */
    int keyboard_px;  /* height of the on-screen keyboard (0 on desktop) */
    int text_input_on;
    /* Set by the app. */
    void *host;
    void (*emit)(void *host, const ui_action *a);
    void (*text_input)(void *host, int on, ui_rect caret);
    /* A field put text on the system clipboard (NULL: nobody listens);
     * the session clears it again later. */
    void (*copied)(void *host, const char *text, size_t len);
};

/* ---- tree ---------------------------------------------------------------- */
ui_widget *ui_widget_new(const ui_class *cls, const char *label, size_t data_size);
ui_widget *ui_widget_add(ui_widget *parent, ui_widget *child); /* returns child */
void ui_widget_free(ui_widget *w);
void ui_widget_remove_children(ui_widget *w, ui_ctx *c);
void ui_widget_set_label(ui_widget *w, const char *label);
int ui_widget_is_enabled(const ui_widget *w);

/* ---- context helpers ------------------------------------------------------ */
ui_rgba ui_color(const ui_ctx *c, ui_color_id id);
/* Text points (grow with the text size) and density points (chrome:
 * padding, gaps, radii, borders, touch-target minimums); render/metrics.h. */
int ui_pt(const ui_ctx *c, float pt);
int ui_dp(const ui_ctx *c, float pt);
void ui_ctx_redraw(ui_ctx *c);
void ui_ctx_relayout(ui_ctx *c);
void ui_ctx_emit(ui_ctx *c, ui_widget *source, int value);
void ui_ctx_emit_kind(ui_ctx *c, ui_widget *source, int kind, int value);
void ui_ctx_start_ticker(ui_ctx *c, ui_widget *w);
/* Run every ticker once; returns how many still move. */
int ui_ctx_run_tickers(ui_ctx *c);
void ui_ctx_set_focus(ui_ctx *c, ui_widget *w);
/* The widget is going away: drop focus and tickers pointing at it. */
void ui_ctx_forget(ui_ctx *c, ui_widget *w);

/* ---- layout, drawing, hit testing ----------------------------------------- */
int ui_widget_measure(ui_widget *w, ui_ctx *c, int width);
void ui_widget_place(ui_widget *w, ui_ctx *c, ui_rect r); /* sets rect, lays out */
void ui_widget_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl);

/* The visible part of w: its rect clipped by every clipping ancestor. */
ui_rect ui_widget_visible_rect(const ui_widget *w, ui_rect screen);

/* The deepest visible, enabled widget with UI_WF_INTERACTIVE at (x, y). */
ui_widget *ui_widget_hit(ui_widget *root, int x, int y, ui_rect screen);

/* The nearest ancestor (or w) whose class is cls. */
ui_widget *ui_widget_ancestor(ui_widget *w, const ui_class *cls);

/* Calls fn for every visible widget with a label, and every visible item
 * of a virtual list, in tree order. enabled tells whether it can be used. */
typedef void (*ui_label_fn)(void *ctx, ui_widget *w, const char *label, ui_rect visible, int enabled);
void ui_widget_each_label(ui_widget *root, ui_ctx *c, ui_rect screen, ui_label_fn fn, void *ctx);

/* The next / previous focusable, enabled, shown widget after `from`
 * (wrapping); NULL if none. */
ui_widget *ui_widget_focus_step(ui_widget *root, ui_widget *from, int backwards);

#endif
