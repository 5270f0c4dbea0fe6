/*
 * tree.h -- the accessibility tree: what a screen reader may know of the
 * screen, as one plain snapshot that any platform bridge can read.
 *
 * Design.  The widget tree (widgets/widget.h) already carries what
 * assistive technology needs: every interactive widget has a label (its
 * accessible name), a class, flags and a value.  ui_a11y_tree_build walks
 * the trees the app shows (the top screen, then the overlay), on the UI
 * thread, right after a frame was built, and writes a snapshot: a flat
 * array of nodes in reading order (tree order), each with its role, name,
 * states, value and range, bounds, the actions it accepts and, for text
 * fields, text, caret and selection.  Roles come from the widget's class
 * here (role_of in tree.c), not from each widget file: a class this module
 * does not know is a button when it takes taps and has a label, static
 * text when it only has a label, and invisible (its children taken up by
 * its parent) when it has neither.  Layout boxes (columns, rows, cards,
 * scroll views, the frame) are invisible in the same way, so the tree a
 * reader walks is the meaningful widgets and the few containers that
 * carry meaning (a list, the tab bar, a dialog).
 *
 * A snapshot owns all its memory (names and texts are copies in one
 * arena), so it is read on any thread, with no lock, while the UI goes on;
 * a bridge is handed one through the hub (a11y/hub.h) and keeps it until
 * the next.
 *
 * Invariants.
 *  1. A secret field (a passphrase, a recovery code being typed, a PIN)
 *     has UI_A11Y_ST_SECRET and text == NULL: its content is never copied
 *     into a snapshot, shown in clear or not.  Only its length in
 *     characters (text_chars) is known, as the bullets on screen show it;
 *     caret and selection are in those characters.  A bridge that must
 *     give text gives one bullet (U+2022) per character.
 *  2. nodes[0] is the window (UI_A11Y_ROLE_WINDOW); every other node's
 *     parent is a lower index; a node's children follow it in order
 *     (first_child, next_sibling), so walking the array front to back is
 *     reading order.
 *  3. ids are stable while a widget lives: the same widget (and, for a
 *     list row, the same row) has the same id in every snapshot; a bridge
 *     keeps its platform objects by id.  A request (hub.h) names a node by
 *     id and is carried out only while a widget with that id and that
 *     name is still shown.
 *  4. Every name, description and text is valid UTF-8 and NUL-terminated;
 *     a node with no name has "" (never NULL), but text is NULL for
 *     everything except text fields that are not secret.
 *  5. The privacy cover (the app in the background) yields the window
 *     alone: nothing of the screen under it is in the snapshot.
 *  6. Character geometry (boxes) comes from the layout the widget draws
 *     (ui_class.char_boxes: shaped runs, wrapped lines, a single line's
 *     scroll, right-to-left runs where they are drawn); code points of one
 *     user-perceived character (UAX #29: an emoji ZWJ sequence, a letter
 *     with its marks) share one box, and all but its first are marked as
 *     joining it (joins).  A secret field's boxes are its
 *     bullets', never its text's glyphs (the same when shown in clear).
 *     At most UI_A11Y_BOXES_MAX per node, from the first line shown.
 *  7. The window's name is the screen's title, its page's (a title-sized
 *     label outside a card, or a page name: ui_a11y_page_name_new) and the
 *     app's, cut on a character: never a field's text, a card's words or
 *     an answer; a name a person gave (a partner's) only as the screen's
 *     own labels show it.
 */
#ifndef UI_A11Y_TREE_H
#define UI_A11Y_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "widgets/widget.h"

/* The ids of the nodes that stand for no widget. */
#define UI_A11Y_ID_WINDOW 1u /* nodes[0] */
#define UI_A11Y_ID_TOAST 2u  /* the toast, an ALERT child of the window */

/* The most character boxes one node carries (invariant 6): a screen's
 * worth of text and more. */
#define UI_A11Y_BOXES_MAX 8192

typedef enum ui_a11y_role {
    UI_A11Y_ROLE_NONE = 0,    /* not exposed: its children go to its parent */
    UI_A11Y_ROLE_WINDOW,      /* nodes[0]: the window, "TITLE - Innermost" (the screen's or dialog's) */
    UI_A11Y_ROLE_STATIC_TEXT, /* words to read */
    UI_A11Y_ROLE_HEADING,     /* a screen's title, a section's heading */
    UI_A11Y_ROLE_BUTTON,
    UI_A11Y_ROLE_TOGGLE,     /* on/off switch: UI_A11Y_ST_CHECKED when on */
    UI_A11Y_ROLE_RADIO,      /* one choice of a group (a chip): CHECKED when chosen */
    UI_A11Y_ROLE_TEXT_FIELD, /* a line, a multi-line editor or a read-only reader */
    UI_A11Y_ROLE_SLIDER,     /* value in [min, max], step 1 */
    UI_A11Y_ROLE_LIST,       /* a (virtual) list; its rows are LIST_ITEMs */
    UI_A11Y_ROLE_LIST_ITEM,
    UI_A11Y_ROLE_TAB_LIST, /* the areas' tab bar or side rail */
    UI_A11Y_ROLE_TAB,      /* SELECTED when it is the open area */
    UI_A11Y_ROLE_DIALOG,   /* an overlay (dialog or sheet), named by its title */
    UI_A11Y_ROLE_IMAGE,    /* a chart, the radar: the name is its written summary */
    UI_A11Y_ROLE_PROGRESS, /* work under way ("Unlocking...") */
    UI_A11Y_ROLE_ALERT,    /* a toast, an error or notice said on the screen */
    UI_A11Y_ROLE_TIMER,    /* a timer or the breathing guide: the name is its phase */
    UI_A11Y_ROLE_COUNT
} ui_a11y_role;

/* States (ui_a11y_node.states). */
enum {
    UI_A11Y_ST_FOCUSABLE = 1u << 0,
    UI_A11Y_ST_FOCUSED = 1u << 1,
    UI_A11Y_ST_DISABLED = 1u << 2,  /* shown but cannot be used now */
    UI_A11Y_ST_CHECKABLE = 1u << 3, /* toggles and radios */
    UI_A11Y_ST_CHECKED = 1u << 4,
    UI_A11Y_ST_SELECTED = 1u << 5, /* the open tab */
    UI_A11Y_ST_EXPANDED = 1u << 6, /* an open dialog or sheet */
    UI_A11Y_ST_SECRET = 1u << 7,   /* protected content: invariant 1 */
    UI_A11Y_ST_EDITABLE = 1u << 8,
    UI_A11Y_ST_MULTI_LINE = 1u << 9,
    UI_A11Y_ST_READ_ONLY = 1u << 10,
    UI_A11Y_ST_OFFSCREEN = 1u << 11, /* scrolled out of sight (bounds still true) */
    UI_A11Y_ST_MODAL = 1u << 12      /* a dialog that takes every input */
};

/* What a node accepts (ui_a11y_node.actions); a bridge requests them
 * through the hub (hub.h), never by touching widgets. */
enum {
    UI_A11Y_ACT_ACTIVATE = 1u << 0,  /* press, toggle, choose, open the row or tab */
    UI_A11Y_ACT_FOCUS = 1u << 1,     /* take keyboard focus */
    UI_A11Y_ACT_SET_VALUE = 1u << 2, /* sliders: value in [min, max] */
    UI_A11Y_ACT_EDIT_TEXT = 1u << 3, /* insert, delete, replace text; caret, selection */
    UI_A11Y_ACT_SHOW = 1u << 4       /* scroll it into sight */
};

typedef struct ui_a11y_node {
    uint64_t id; /* invariant 3 */
    ui_a11y_role role;
    unsigned states;               /* UI_A11Y_ST_* */
    unsigned actions;              /* UI_A11Y_ACT_* */
    int parent;                    /* index; -1 for nodes[0] */
    int first_child, next_sibling; /* indices; -1 for none */
    int child_count, index_in_parent;
    const char *name;        /* the accessible name (invariant 4) */
    const char *description; /* live words (a timer's phase: ui_class.live_text); "" */
    ui_rect bounds;          /* window pixels; see ui_a11y_tree.window */
    int has_value;           /* sliders */
    int value, min, max;
    /* Text fields.  text: NULL when secret (invariant 1); else the whole
     * text.  Offsets are in characters (code points). */
    const char *text;
    int text_chars;
    int caret, sel_start, sel_end; /* sel_start == sel_end: no selection */
    /* Where its characters are drawn (invariant 6): boxes[i], in window
     * pixels, is character box_first + i's, for box_count of them -- those
     * on the lines shown, and one zero-wide box past the last character
     * (where the caret goes) when its line is shown.  box_count 0: none
     * known (the node's bounds are all there is).  joins[i] is 1 when that
     * character continues the user-perceived character of the one before
     * (a ZWJ sequence's parts, a mark): a reader steps over it. */
    int box_first, box_count;
    const ui_rect *boxes;
    const unsigned char *joins;
} ui_a11y_node;

/* What changed since the previous snapshot, for a bridge to announce. */
typedef enum ui_a11y_event_kind {
    UI_A11Y_EV_SCREEN,  /* a new screen (or dialog) came on top; text: its title */
    UI_A11Y_EV_TOAST,   /* a toast appeared; text: its words */
    UI_A11Y_EV_MESSAGE, /* an error or notice appeared on the screen */
    UI_A11Y_EV_PHASE    /* the breathing guide moved to a new phase; text: its word */
} ui_a11y_event_kind;

#define UI_A11Y_EVENTS_MAX 8
#define UI_A11Y_EVENT_TEXT_MAX 640

typedef struct ui_a11y_event {
    ui_a11y_event_kind kind;
    int node;                          /* the node it concerns (index), or 0 */
    char text[UI_A11Y_EVENT_TEXT_MAX]; /* what to say (cut at the size) */
} ui_a11y_event;

typedef struct ui_a11y_tree {
    uint64_t serial;    /* one more than the previous snapshot's */
    uint64_t structure; /* equal in two snapshots iff ids, parents and order are */
    uint64_t screen_id; /* which screen and dialog are shown (for UI_A11Y_EV_SCREEN) */
    int count;
    ui_a11y_node *nodes; /* count nodes; nodes[0] the window */
    int focus;           /* index of the focused node, -1 for none */
    int nevents;
    ui_a11y_event events[UI_A11Y_EVENTS_MAX];
    /* Where the window is: screen = window.xy + bounds * to_screen (SDL's
     * window coordinates, which are the desktop's on X11). */
    struct {
        int x, y;
        float to_screen;
    } window;
    char *arena; /* every string; wiped when freed */
    size_t arena_len, arena_cap;
    ui_rect *boxes;       /* every node's character boxes (invariant 6); wiped when freed */
    unsigned char *joins; /* ... and their joins, at the same indices */
    size_t boxes_len, boxes_cap;
    SDL_atomic_t refs; /* ui_a11y_tree_ref / ui_a11y_tree_free */
} ui_a11y_tree;

/* What the snapshot is made of: the app hands it the trees it shows. */
typedef struct ui_a11y_input {
    ui_widget *screen;  /* the top screen's root (NULL: none) */
    ui_widget *overlay; /* the open dialog or sheet (NULL: none) */
    const char *title;  /* the top screen's title (NULL: its first heading) */
    const char *toast;  /* the toast shown now ("" or NULL: none) */
    int covered;        /* the privacy cover is up: invariant 5 */
    ui_ctx *ctx;
    ui_rect screen_rect; /* the window in pixels */
    int win_x, win_y;    /* the window's position on the desktop */
    float to_screen;     /* desktop units per pixel */
} ui_a11y_input;

/* A snapshot of what `in` shows (UI thread).  prev, the snapshot made
 * before (NULL at first), is only read: for the serial, the events (a new
 * screen, toast, message, phase since then) and the structure serial.
 * NULL when memory runs out (the bridge keeps the previous one). */
ui_a11y_tree *ui_a11y_tree_build(const ui_a11y_input *in, const ui_a11y_tree *prev);

/* 1 when a and b would tell a reader the same (nodes, texts, states,
 * bounds, focus, window) and b carries no event: nothing to publish. */
int ui_a11y_tree_same(const ui_a11y_tree *a, const ui_a11y_tree *b);

/* Snapshots are shared by count (the UI keeps the last one to compare
 * with, the bridge reads it): ref adds a holder; free drops one, and the
 * last wipes the arena and frees it.  Any thread; NULL is fine. */
ui_a11y_tree *ui_a11y_tree_ref(ui_a11y_tree *t);
void ui_a11y_tree_free(ui_a11y_tree *t);

/* Appends an event to t (its text copied into t's arena); 0, or -1 when
 * full or out of memory.  The hub carries events of a snapshot no bridge
 * took over into the next one with it. */
int ui_a11y_tree_add_event(ui_a11y_tree *t, ui_a11y_event_kind kind, int node, const char *text);

/* The live widget that node id `id` named `name` stands for in what `in`
 * shows (UI thread), or NULL when it is gone (invariant 3); bounds gets
 * the node's (a list row's own, whose widget is the list). */
ui_widget *ui_a11y_widget_of(const ui_a11y_input *in, uint64_t id, const char *name, ui_rect *bounds);

/* A page's name for a reader, on a screen that turns its pages in place
 * with no title-sized label of their own (Together's answering pages:
 * "Daily check-in, question 1 of 2: Today I appreciated you for...").  A
 * hidden widget: nothing drawn, no room taken, no node, no label a tap or
 * a test finds; while it is in the shown tree, before any title-sized
 * label, the window is named "NAME - TITLE - Innermost", so a new page is
 * a new window name and a screen event (find_events in tree.c).  The
 * name reaches window lists and a reader's log: only words the page shows
 * anyway and never a person's answer or a secret (invariant 7).  Cut to
 * UI_A11Y_PAGE_NAME_MAX bytes on a character.  NULL when memory runs out. */
#define UI_A11Y_PAGE_NAME_MAX 200
ui_widget *ui_a11y_page_name_new(const char *name);

/* The role's name in English ("button"), for logs and tests. */
const char *ui_a11y_role_name(ui_a11y_role r);

/* The index of the first node (from index `from`) whose name is `name`
 * (and role `role`, unless UI_A11Y_ROLE_NONE); -1 if none.  For tests. */
int ui_a11y_tree_find(const ui_a11y_tree *t, int from, const char *name, ui_a11y_role role);

#endif
