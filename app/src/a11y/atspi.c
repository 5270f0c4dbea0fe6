/*
 * atspi.c -- the accessibility tree over AT-SPI, the bus Orca and every
 * Linux screen reader use (built with INNERMOST_ATSPI; elsewhere only the
 * "no bridge" stubs at the end are compiled).
 *
 * Design.  Through ATK and atk-bridge (Debian's libatk1.0, libatk-bridge2.0)
 * rather than the AT-SPI D-Bus interfaces by hand: atk-bridge already
 * speaks every interface (Accessible, Component, Action, Text,
 * EditableText, Value, Cache, the events) the way GTK applications do, so
 * Orca meets what it was written against, and this file is only the
 * mapping from the snapshot (tree.h) to AtkObjects.  The cost is GLib,
 * which the desktop has anyway.
 *
 * Threads.  All of ATK, atk-bridge and GLib's default main context live
 * on one thread of their own (bridge_main), which blocks in
 * g_main_loop_run: it wakes only for D-Bus traffic from a client or when
 * the UI published a snapshot (on_notify adds an idle source, which wakes
 * the context).  The SDL loop is untouched: it still blocks in
 * SDL_WaitEvent and is woken by the hub's SDL event only when a client
 * asked for an action.  Nothing polls on either side.
 *
 * Objects.  One AtkObject per node, kept by node id (tree.h invariant 3)
 * across snapshots, so a client's references stay good while the widget
 * lives.  A new snapshot is diffed against the old: changed states, names,
 * text, caret and values are sent as the ATK signals atk-bridge turns into
 * AT-SPI events (object:state-changed:*, property-change:accessible-name,
 * text-changed:insert/delete, text-caret-moved, value-changed), changed
 * child lists as children-changed::remove/add, and vanished nodes become
 * defunct.  The types: a plain node (Component), an actionable one (+
 * Action), a text field (+ Text, EditableText) and a slider (+ Value).
 *
 * Invariants.
 *  1. A secret field is ATK_ROLE_PASSWORD_TEXT, and its Text gives one
 *     bullet (U+2022) per character: the snapshot has no text to give
 *     (tree.h invariant 1), so no path here can expose it.
 *  2. Only bridge_main's thread calls ATK or GLib's default context;
 *     the UI thread only calls on_notify (an idle source attached to that
 *     context, which GLib makes thread-safe).
 *  3. When atk_bridge_adaptor_init fails (no session bus, no accessibility
 *     bus), the thread ends, the hub is left inactive and the app runs
 *     exactly as without this file (hub.h invariant 2).
 *
 * Loading (issue 19).  On Linux desktops this file is built as the module
 * innermost-atspi.so (IM_ATSPI_MODULE), which the app opens only when an
 * accessibility bus is named (atspi_load.c): the hub and the tree live in
 * the executable and are reached through the table it hands in, by the
 * macros below; the rest of the file does not know.
 */
#include "a11y/hub.h"

#if IM_ATSPI_MODULE
#include "a11y/atspi_load.h"
static const ui_atspi_host *host; /* the app's hub and tree */
#define ui_a11y_hub_request(h, r) host->hub_request(h, r)
#define ui_a11y_hub_set_active(h, on) host->hub_set_active(h, on)
#define ui_a11y_hub_set_notify(h, fn, ctx) host->hub_set_notify(h, fn, ctx)
#define ui_a11y_hub_take(h) host->hub_take(h)
#define ui_a11y_tree_free(t) host->tree_free(t)
#define ui_a11y_hub_set_keys(h, fn, ctx) host->hub_set_keys(h, fn, ctx)
#define ui_a11y_bridge_start atspi_start
#define ui_a11y_bridge_stop atspi_stop
ui_a11y_bridge *atspi_start(ui_a11y_hub *hub);
void atspi_stop(ui_a11y_bridge *b);
__attribute__((visibility("default"))) const ui_atspi_module *ui_atspi_module_get(const ui_atspi_host *h);
const ui_atspi_module *ui_atspi_module_get(const ui_atspi_host *h)
{
    static const ui_atspi_module m = { atspi_start, atspi_stop };
    host = h;
    return &m;
}
#endif

#if IM_HAVE_ATSPI

#include <atk-bridge.h>
#include <atk/atk.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#define BULLET "\xe2\x80\xa2"

struct ui_a11y_bridge {
    ui_a11y_hub *hub;
    GThread *thread;
    GMainContext *ctx;
    GMainLoop *loop;
    SDL_atomic_t wake_pending;
    SDL_sem *started; /* bridge_main says whether it is up */
    int known;        /* ... and start has heard it */
    int up;
    /* the bridge thread's own: */
    ui_a11y_tree *tree;
    AtkObject *root;   /* the application */
    AtkObject *window; /* nodes[0] */
    GPtrArray *objs;   /* node index -> ImNode (a reference each) */
    GHashTable *by_id; /* uint64 id -> ImNode (borrowed from objs) */
};

static ui_a11y_bridge *the_bridge; /* AtkUtil's hooks take no argument */

/* ---- the node type -------------------------------------------------------- */

typedef struct ImNode {
    AtkObject parent;
    uint64_t id;
    int index; /* in the_bridge->tree; -1 once defunct */
    ui_a11y_role role;
} ImNode;

typedef struct ImNodeClass {
    AtkObjectClass parent_class;
} ImNodeClass;

static GType im_node_get_type(void);
#define IM_NODE(o) ((ImNode *)(o))

static const ui_a11y_node *node_of(AtkObject *o)
{
    ui_a11y_bridge *b = the_bridge;
    ImNode *n = IM_NODE(o);
    if (!b || !b->tree || n->index < 0 || n->index >= b->tree->count) return NULL;
    return &b->tree->nodes[n->index];
}

static AtkObject *obj_at(int index)
{
    ui_a11y_bridge *b = the_bridge;
    if (!b || !b->objs || index < 0 || index >= (int)b->objs->len) return NULL;
    return g_ptr_array_index(b->objs, index);
}

static void request(AtkObject *o, ui_a11y_req_kind kind, int a, int bb, const char *text)
{
    const ui_a11y_node *n = node_of(o);
    if (!n) return;
    ui_a11y_request r;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    r.id = n->id;
    snprintf(r.name, sizeof r.name, "%s", n->name);
    r.a = a;
    r.b = bb;
    r.text = text;
    ui_a11y_hub_request(the_bridge->hub, &r);
}

static const gchar *node_get_name(AtkObject *o)
{
    const ui_a11y_node *n = node_of(o);
    return n ? n->name : "";
}

static const gchar *node_get_description(AtkObject *o)
{
    const ui_a11y_node *n = node_of(o);
    return n ? n->description : "";
}

static AtkObject *node_get_parent(AtkObject *o)
{
    const ui_a11y_node *n = node_of(o);
    if (!n) return NULL;
    if (n->parent < 0) return the_bridge->root;
    return obj_at(n->parent);
}

static gint node_get_n_children(AtkObject *o)
{
    const ui_a11y_node *n = node_of(o);
    return n ? n->child_count : 0;
}

static AtkObject *node_ref_child(AtkObject *o, gint i)
{
    const ui_a11y_node *n = node_of(o);
    if (!n) return NULL;
    int k = n->first_child;
    for (int j = 0; k >= 0 && j < i; j++) k = the_bridge->tree->nodes[k].next_sibling;
    AtkObject *c = obj_at(k);
    return c ? g_object_ref(c) : NULL;
}

static gint node_get_index_in_parent(AtkObject *o)
{
    const ui_a11y_node *n = node_of(o);
    return n ? (n->parent < 0 ? 0 : n->index_in_parent) : -1;
}

static AtkRole atk_role_of(const ui_a11y_node *n)
{
    switch (n->role) {
    case UI_A11Y_ROLE_WINDOW: return ATK_ROLE_FRAME;
    case UI_A11Y_ROLE_STATIC_TEXT: return ATK_ROLE_LABEL;
    case UI_A11Y_ROLE_HEADING: return ATK_ROLE_HEADING;
    case UI_A11Y_ROLE_BUTTON: return ATK_ROLE_PUSH_BUTTON;
    case UI_A11Y_ROLE_TOGGLE: return ATK_ROLE_TOGGLE_BUTTON;
    case UI_A11Y_ROLE_RADIO: return ATK_ROLE_RADIO_BUTTON;
    case UI_A11Y_ROLE_TEXT_FIELD:
        if (n->states & UI_A11Y_ST_SECRET) return ATK_ROLE_PASSWORD_TEXT; /* invariant 1 */
        return (n->states & UI_A11Y_ST_MULTI_LINE) ? ATK_ROLE_TEXT : ATK_ROLE_ENTRY;
    case UI_A11Y_ROLE_SLIDER: return ATK_ROLE_SLIDER;
    case UI_A11Y_ROLE_LIST: return ATK_ROLE_LIST;
    case UI_A11Y_ROLE_LIST_ITEM: return ATK_ROLE_LIST_ITEM;
    case UI_A11Y_ROLE_TAB_LIST: return ATK_ROLE_PAGE_TAB_LIST;
    case UI_A11Y_ROLE_TAB: return ATK_ROLE_PAGE_TAB;
    case UI_A11Y_ROLE_DIALOG: return ATK_ROLE_DIALOG;
    case UI_A11Y_ROLE_IMAGE: return ATK_ROLE_IMAGE;
    case UI_A11Y_ROLE_PROGRESS: return ATK_ROLE_PROGRESS_BAR;
    case UI_A11Y_ROLE_ALERT: return n->id == UI_A11Y_ID_TOAST ? ATK_ROLE_NOTIFICATION : ATK_ROLE_ALERT;
    case UI_A11Y_ROLE_TIMER: return ATK_ROLE_TIMER;
    default: return ATK_ROLE_UNKNOWN;
    }
}

/* The ATK states of node n (NULL: defunct). */
static void add_states(AtkStateSet *s, const ui_a11y_node *n)
{
    if (!n) {
        atk_state_set_add_state(s, ATK_STATE_DEFUNCT);
        return;
    }
    unsigned st = n->states;
    atk_state_set_add_state(s, ATK_STATE_VISIBLE);
    if (!(st & UI_A11Y_ST_OFFSCREEN)) atk_state_set_add_state(s, ATK_STATE_SHOWING);
    if (!(st & UI_A11Y_ST_DISABLED)) {
        atk_state_set_add_state(s, ATK_STATE_ENABLED);
        atk_state_set_add_state(s, ATK_STATE_SENSITIVE);
    }
    if (st & UI_A11Y_ST_FOCUSABLE) atk_state_set_add_state(s, ATK_STATE_FOCUSABLE);
    if (st & UI_A11Y_ST_FOCUSED) atk_state_set_add_state(s, ATK_STATE_FOCUSED);
    if (st & UI_A11Y_ST_CHECKABLE) atk_state_set_add_state(s, ATK_STATE_CHECKABLE);
    if (st & UI_A11Y_ST_CHECKED) atk_state_set_add_state(s, ATK_STATE_CHECKED);
    if (n->role == UI_A11Y_ROLE_TAB || n->role == UI_A11Y_ROLE_LIST_ITEM)
        atk_state_set_add_state(s, ATK_STATE_SELECTABLE);
    if (st & UI_A11Y_ST_SELECTED) atk_state_set_add_state(s, ATK_STATE_SELECTED);
    if (st & UI_A11Y_ST_EXPANDED) atk_state_set_add_state(s, ATK_STATE_EXPANDED);
    if (st & UI_A11Y_ST_MODAL) atk_state_set_add_state(s, ATK_STATE_MODAL);
    if (st & UI_A11Y_ST_EDITABLE) atk_state_set_add_state(s, ATK_STATE_EDITABLE);
    if (st & UI_A11Y_ST_READ_ONLY) atk_state_set_add_state(s, ATK_STATE_READ_ONLY);
    if (n->role == UI_A11Y_ROLE_TEXT_FIELD)
        atk_state_set_add_state(s, (st & UI_A11Y_ST_MULTI_LINE) ? ATK_STATE_MULTI_LINE : ATK_STATE_SINGLE_LINE);
    if (n->role == UI_A11Y_ROLE_WINDOW) atk_state_set_add_state(s, ATK_STATE_ACTIVE);
}

static AtkStateSet *node_ref_state_set(AtkObject *o)
{
    AtkStateSet *s = atk_state_set_new();
    add_states(s, node_of(o));
    return s;
}

static AtkAttributeSet *attr(AtkAttributeSet *set, const char *name, const char *value)
{
    AtkAttribute *a = g_new(AtkAttribute, 1);
    a->name = g_strdup(name);
    a->value = g_strdup(value);
    return g_slist_append(set, a);
}

/* A toast, a message and the breathing guide's phase are live regions:
 * a reader speaks their changes without being asked (container-live). */
static AtkAttributeSet *node_get_attributes(AtkObject *o)
{
    const ui_a11y_node *n = node_of(o);
    AtkAttributeSet *set = attr(NULL, "toolkit", "Innermost");
    if (n && (n->role == UI_A11Y_ROLE_ALERT || n->role == UI_A11Y_ROLE_TIMER)) {
        const char *how = n->role == UI_A11Y_ROLE_ALERT && n->id != UI_A11Y_ID_TOAST ? "assertive" : "polite";
        set = attr(set, "live", how);
        set = attr(set, "container-live", how);
        set = attr(set, "atomic", "true");
    }
    return set;
}

static void im_node_class_init(ImNodeClass *k)
{
    AtkObjectClass *a = ATK_OBJECT_CLASS(k);
    a->get_name = node_get_name;
    a->get_description = node_get_description;
    a->get_parent = node_get_parent;
    a->get_n_children = node_get_n_children;
    a->ref_child = node_ref_child;
    a->get_index_in_parent = node_get_index_in_parent;
    a->ref_state_set = node_ref_state_set;
    a->get_attributes = node_get_attributes;
}

static void im_node_init(ImNode *n) { n->index = -1; }

/* Window pixels r of node n in a client's coordinates: the desktop's
 * (ATK_XY_SCREEN), the window's (ATK_XY_WINDOW) or n's parent's
 * (ATK_XY_PARENT); Component and Text give every rectangle this way. */
static void to_coords(const ui_a11y_node *n, ui_rect r, AtkCoordType type, gint *x, gint *y, gint *w, gint *h)
{
    float k = the_bridge->tree->window.to_screen;
    *x = (gint)((float)r.x * k);
    *y = (gint)((float)r.y * k);
    *w = (gint)((float)r.w * k);
    *h = (gint)((float)r.h * k);
    if (type == ATK_XY_SCREEN) {
        *x += the_bridge->tree->window.x;
        *y += the_bridge->tree->window.y;
    } else if (type == ATK_XY_PARENT && n->parent >= 0) {
        ui_rect p = the_bridge->tree->nodes[n->parent].bounds;
        *x -= (gint)((float)p.x * k);
        *y -= (gint)((float)p.y * k);
    }
}

/* The other way: a client's point (x, y) in window pixels. */
static void from_coords(const ui_a11y_node *n, gint x, gint y, AtkCoordType type, int *px, int *py)
{
    float k = the_bridge->tree->window.to_screen;
    if (type == ATK_XY_SCREEN) {
        x -= the_bridge->tree->window.x;
        y -= the_bridge->tree->window.y;
    } else if (type == ATK_XY_PARENT && n->parent >= 0) {
        ui_rect p = the_bridge->tree->nodes[n->parent].bounds;
        x += (gint)((float)p.x * k);
        y += (gint)((float)p.y * k);
    }
    *px = (int)((float)x / k);
    *py = (int)((float)y / k);
}

/* Component: where it is, focus, scrolling into sight. */
static void comp_get_extents(AtkComponent *c, gint *x, gint *y, gint *w, gint *h, AtkCoordType type)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(c));
    *x = *y = *w = *h = 0;
    if (!n) return;
    to_coords(n, n->bounds, type, x, y, w, h);
}

static gboolean comp_grab_focus(AtkComponent *c)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(c));
    if (!n || !(n->actions & UI_A11Y_ACT_FOCUS)) return FALSE;
    request(ATK_OBJECT(c), UI_A11Y_REQ_FOCUS, 0, 0, NULL);
    return TRUE;
}

static gboolean comp_scroll_to(AtkComponent *c, AtkScrollType type)
{
    (void)type;
    request(ATK_OBJECT(c), UI_A11Y_REQ_SHOW, 0, 0, NULL);
    return TRUE;
}

static void comp_init(AtkComponentIface *i)
{
    i->get_extents = comp_get_extents;
    i->grab_focus = comp_grab_focus;
    i->scroll_to = comp_scroll_to;
}

G_DEFINE_TYPE_WITH_CODE(ImNode, im_node, ATK_TYPE_OBJECT, G_IMPLEMENT_INTERFACE(ATK_TYPE_COMPONENT, comp_init))

/* The window also says it is a window (AtkWindow: activate, create). */
typedef ImNode ImWindow;
typedef ImNodeClass ImWindowClass;
static void im_window_class_init(ImWindowClass *k) { (void)k; }
static void im_window_init(ImWindow *n) { (void)n; }
static void window_iface_init(AtkWindowIface *i) { (void)i; }
G_DEFINE_TYPE_WITH_CODE(ImWindow, im_window, im_node_get_type(),
                        G_IMPLEMENT_INTERFACE(ATK_TYPE_WINDOW, window_iface_init))

/* ---- Action ------------------------------------------------------------------ */

static gint act_get_n_actions(AtkAction *a)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(a));
    return n && (n->actions & UI_A11Y_ACT_ACTIVATE) ? 1 : 0;
}

static const gchar *act_get_name(AtkAction *a, gint i)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(a));
    if (!n || i != 0) return NULL;
    switch (n->role) {
    case UI_A11Y_ROLE_TOGGLE: return "toggle";
    case UI_A11Y_ROLE_LIST_ITEM: return "activate";
    case UI_A11Y_ROLE_TAB:
    case UI_A11Y_ROLE_RADIO: return "select";
    default: return "click";
    }
}

static gboolean act_do_action(AtkAction *a, gint i)
{
    if (i != 0 || act_get_n_actions(a) < 1) return FALSE;
    request(ATK_OBJECT(a), UI_A11Y_REQ_ACTIVATE, 0, 0, NULL);
    return TRUE;
}

static void action_init(AtkActionIface *i)
{
    i->get_n_actions = act_get_n_actions;
    i->get_name = act_get_name;
    i->do_action = act_do_action;
}

typedef ImNode ImAct;
typedef ImNodeClass ImActClass;
static void im_act_class_init(ImActClass *k) { (void)k; }
static void im_act_init(ImAct *n) { (void)n; }
G_DEFINE_TYPE_WITH_CODE(ImAct, im_act, im_node_get_type(), G_IMPLEMENT_INTERFACE(ATK_TYPE_ACTION, action_init))

/* ---- Text and EditableText ------------------------------------------------------- */

/* The text a client may read: the field's, or one bullet per character
 * of a secret one (invariant 1).  Newly allocated. */
static gchar *visible_text(const ui_a11y_node *n)
{
    if (!n) return g_strdup("");
    if (n->role != UI_A11Y_ROLE_TEXT_FIELD) return g_strdup(n->name); /* words to read: their name */
    if (n->text) return g_strdup(n->text);
    GString *s = g_string_sized_new((gsize)n->text_chars * 3);
    for (int i = 0; i < n->text_chars; i++) g_string_append(s, BULLET);
    return g_string_free(s, FALSE);
}

static gchar *text_get_text(AtkText *t, gint start, gint end)
{
    gchar *all = visible_text(node_of(ATK_OBJECT(t)));
    glong len = g_utf8_strlen(all, -1);
    if (end < 0 || end > len) end = (gint)len;
    if (start < 0) start = 0;
    if (start > end) start = end;
    gchar *out = g_utf8_substring(all, start, end);
    g_free(all);
    return out;
}

static gint text_get_character_count(AtkText *t)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(t));
    if (n && n->role != UI_A11Y_ROLE_TEXT_FIELD) return (gint)g_utf8_strlen(n->name, -1);
    return n ? n->text_chars : 0;
}

static gunichar text_get_character_at_offset(AtkText *t, gint off)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(t));
    if (!n || off < 0 || off >= text_get_character_count(t)) return 0;
    if (n->role != UI_A11Y_ROLE_TEXT_FIELD) return g_utf8_get_char(g_utf8_offset_to_pointer(n->name, off));
    if (!n->text) return 0x2022;
    return g_utf8_get_char(g_utf8_offset_to_pointer(n->text, off));
}

static gint text_get_caret_offset(AtkText *t)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(t));
    return n ? n->caret : 0;
}

static gboolean text_set_caret_offset(AtkText *t, gint off)
{
    request(ATK_OBJECT(t), UI_A11Y_REQ_SET_CARET, off, 0, NULL);
    return TRUE;
}

static int is_word_char(gunichar c) { return g_unichar_isalnum(c) || c == '\''; }

static int char_box(const ui_a11y_node *n, int off, ui_rect *r);

/* ---- Text: pieces of text around an offset ----
 * A character is a user-perceived one where the snapshot says which code
 * points join (tree.h: a ZWJ sequence, a letter and its marks), so a
 * reader steps over an emoji family at once; a line is the line as drawn
 * where the boxes say where the text wrapped (the wrap's space or '\n'
 * ends it), else up to '\n'; a paragraph (and a sentence) up to '\n'. */

typedef enum unit_kind { U_CHAR, U_WORD, U_WORD_START, U_WORD_END, U_LINE, U_LINE_END, U_PARA } unit_kind;

/* Character off continues the one before it. */
static int joins_prev(const ui_a11y_node *n, gint off)
{
    return n && n->joins && off > n->box_first && off < n->box_first + n->box_count && n->joins[off - n->box_first];
}

static int word_start_at(const gunichar *u, gint len, gint i)
{
    return i < len && is_word_char(u[i]) && (i == 0 || !is_word_char(u[i - 1]));
}

static int word_end_at(const gunichar *u, gint len, gint i)
{
    return i > 0 && i <= len && is_word_char(u[i - 1]) && (i == len || !is_word_char(u[i]));
}

/* [*s, *e) of the unit of kind k around offset off (0 <= off <= len) of
 * the text u[0..len) of node n. */
static void unit_at(const ui_a11y_node *n, const gunichar *u, gint len, gint off, unit_kind k, gint *s, gint *e)
{
    gint a = off, b = off < len ? off + 1 : off;
    switch (k) {
    case U_CHAR:
        while (a > 0 && joins_prev(n, a)) a--;
        while (b < len && joins_prev(n, b)) b++;
        break;
    case U_WORD: /* the word itself (granularity) */
        b = off;
        while (a > 0 && is_word_char(u[a - 1])) a--;
        while (b < len && is_word_char(u[b])) b++;
        break;
    case U_WORD_START: /* a word's start to the next word's start */
        while (a > 0 && !word_start_at(u, len, a)) a--;
        while (b < len && !word_start_at(u, len, b)) b++;
        break;
    case U_WORD_END: /* a word's end to the next word's end */
        while (a > 0 && !word_end_at(u, len, a)) a--;
        while (b < len && !word_end_at(u, len, b)) b++;
        break;
    case U_LINE:
    case U_LINE_END:
    case U_PARA: {
        b = off;
        while (a > 0 && u[a - 1] != '\n') a--;
        while (b < len && u[b] != '\n') b++;
        if (b < len) b++;
        ui_rect r, q;
        if (k != U_PARA && char_box(n, off, &r)) { /* the line drawn: the characters on its row */
            gint lo = off, hi = off < len ? off + 1 : off;
            while (lo > a && char_box(n, lo - 1, &q) && q.y == r.y) lo--;
            while (hi < b && char_box(n, hi, &q) && q.y == r.y) hi++;
            a = lo;
            b = hi;
        }
        if (k == U_LINE_END) { /* the previous line's end to this one's, breaks before */
            if (a > 0 && u[a - 1] == '\n') a--;
            if (b > a && b <= len && u[b - 1] == '\n' && b - 1 > off) b--;
        }
        break;
    }
    }
    *s = a;
    *e = b;
}

/* The unit at off (which, -1 the one before it, 1 the one after) as text
 * a client may read, and where it is. */
static gchar *text_unit(AtkText *t, gint off, unit_kind k, int which, gint *start, gint *end)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(t));
    gchar *all = visible_text(n);
    gint len = (gint)g_utf8_strlen(all, -1);
    if (off < 0) off = 0;
    if (off > len) off = len;
    gunichar *u = g_utf8_to_ucs4_fast(all, -1, NULL);
    gint s, e;
    unit_at(n, u, len, off, k, &s, &e);
    if (which < 0) {
        if (s > 0) unit_at(n, u, len, s - 1, k, &s, &e);
        else s = e = 0;
    } else if (which > 0) {
        if (e < len) unit_at(n, u, len, e, k, &s, &e);
        else s = e = len;
    }
    g_free(u);
    *start = s;
    *end = e;
    gchar *out = g_utf8_substring(all, s, e);
    g_free(all);
    return out;
}

static gchar *text_get_string_at_offset(AtkText *t, gint off, AtkTextGranularity g, gint *start, gint *end)
{
    unit_kind k = g == ATK_TEXT_GRANULARITY_CHAR   ? U_CHAR
                  : g == ATK_TEXT_GRANULARITY_WORD ? U_WORD
                  : g == ATK_TEXT_GRANULARITY_LINE ? U_LINE
                                                   : U_PARA;
    return text_unit(t, off, k, 0, start, end);
}

/* The older boundary calls, which Orca 43 makes for its flat review,
 * braille and echo (GetTextAtOffset, -Before-, -After-). */
static unit_kind unit_of_boundary(AtkTextBoundary b)
{
    switch (b) {
    case ATK_TEXT_BOUNDARY_CHAR: return U_CHAR;
    case ATK_TEXT_BOUNDARY_WORD_START: return U_WORD_START;
    case ATK_TEXT_BOUNDARY_WORD_END: return U_WORD_END;
    case ATK_TEXT_BOUNDARY_LINE_START: return U_LINE;
    case ATK_TEXT_BOUNDARY_LINE_END: return U_LINE_END;
    default: return U_PARA; /* sentences */
    }
}

static gchar *text_get_text_at_offset(AtkText *t, gint off, AtkTextBoundary b, gint *start, gint *end)
{
    return text_unit(t, off, unit_of_boundary(b), 0, start, end);
}

static gchar *text_get_text_before_offset(AtkText *t, gint off, AtkTextBoundary b, gint *start, gint *end)
{
    return text_unit(t, off, unit_of_boundary(b), -1, start, end);
}

static gchar *text_get_text_after_offset(AtkText *t, gint off, AtkTextBoundary b, gint *start, gint *end)
{
    return text_unit(t, off, unit_of_boundary(b), 1, start, end);
}

static gint text_get_n_selections(AtkText *t)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(t));
    return n && n->sel_start != n->sel_end ? 1 : 0;
}

static gchar *text_get_selection(AtkText *t, gint i, gint *start, gint *end)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(t));
    *start = *end = 0;
    if (!n || i != 0 || n->sel_start == n->sel_end) return NULL;
    *start = n->sel_start;
    *end = n->sel_end;
    return text_get_text(t, n->sel_start, n->sel_end);
}

static gboolean text_set_selection(AtkText *t, gint i, gint start, gint end)
{
    if (i != 0) return FALSE;
    request(ATK_OBJECT(t), UI_A11Y_REQ_SELECT, start, end, NULL);
    return TRUE;
}

static gboolean text_add_selection(AtkText *t, gint start, gint end) { return text_set_selection(t, 0, start, end); }

static gboolean text_remove_selection(AtkText *t, gint i)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(t));
    if (!n || i != 0) return FALSE;
    request(ATK_OBJECT(t), UI_A11Y_REQ_SELECT, n->caret, n->caret, NULL);
    return TRUE;
}

/* ---- Text: where the characters are (tree.h invariant 6) ----
 * From the boxes the snapshot carries, which the widget's own layout gave
 * (shaped runs, wrapped lines, the scroll of a single line, right-to-left
 * runs where they are drawn; a secret field's bullets).  A character whose
 * line is not shown has no box: its extents are -1 (GTK's "cannot be
 * obtained"); a node that carries no boxes at all gives its own bounds, as
 * before there were any. */

/* Character off's box (the end box for off == the character count). */
static int char_box(const ui_a11y_node *n, int off, ui_rect *r)
{
    if (!n || n->box_count <= 0 || off < n->box_first || off >= n->box_first + n->box_count) return 0;
    *r = n->boxes[off - n->box_first];
    return 1;
}

static void text_get_character_extents(AtkText *t, gint off, gint *x, gint *y, gint *w, gint *h, AtkCoordType c)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(t));
    ui_rect r;
    *x = *y = *w = *h = -1;
    if (!n) return;
    if (n->box_count <= 0) {
        comp_get_extents(ATK_COMPONENT(t), x, y, w, h, c);
        return;
    }
    if (char_box(n, off, &r)) to_coords(n, r, c, x, y, w, h);
}

/* The smallest rectangle holding the boxes of characters [start, end). */
static void text_get_range_extents(AtkText *t, gint start, gint end, AtkCoordType c, AtkTextRectangle *rect)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(t));
    rect->x = rect->y = rect->width = rect->height = -1;
    if (!n) return;
    if (n->box_count <= 0) {
        comp_get_extents(ATK_COMPONENT(t), &rect->x, &rect->y, &rect->width, &rect->height, c);
        return;
    }
    if (end < 0 || end > text_get_character_count(t)) end = text_get_character_count(t);
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0, any = 0;
    for (int i = start < n->box_first ? n->box_first : start; i < end; i++) {
        ui_rect r;
        if (!char_box(n, i, &r)) break;
        if (!any || r.x < x0) x0 = r.x;
        if (!any || r.y < y0) y0 = r.y;
        if (!any || r.x + r.w > x1) x1 = r.x + r.w;
        if (!any || r.y + r.h > y1) y1 = r.y + r.h;
        any = 1;
    }
    if (any) to_coords(n, (ui_rect){ x0, y0, x1 - x0, y1 - y0 }, c, &rect->x, &rect->y, &rect->width, &rect->height);
}

/* The character drawn at a point: the one whose box holds it (the first
 * code point of a user-perceived character), else, inside the node, the
 * nearest on the nearest line; -1 outside the node or with no boxes. */
static gint text_get_offset_at_point(AtkText *t, gint x, gint y, AtkCoordType c)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(t));
    if (!n || n->box_count <= 0) return -1;
    int px, py;
    from_coords(n, x, y, c, &px, &py);
    int chars = text_get_character_count(t), best = -1;
    long best_d = 0;
    for (int i = n->box_first; i < n->box_first + n->box_count && i < chars; i++) {
        ui_rect r = n->boxes[i - n->box_first];
        if (px >= r.x && px < r.x + r.w && py >= r.y && py < r.y + r.h) return i;
        long dy = py < r.y ? r.y - py : (py >= r.y + r.h ? py - (r.y + r.h) + 1 : 0);
        long dx = px < r.x ? r.x - px : (px >= r.x + r.w ? px - (r.x + r.w) + 1 : 0);
        long d = dy * 100000 + dx; /* the line first, then along it */
        if (best < 0 || d < best_d) best = i, best_d = d;
    }
    ui_rect b = n->bounds;
    if (px < b.x || py < b.y || px >= b.x + b.w || py >= b.y + b.h) return -1;
    return best;
}

static AtkAttributeSet *text_get_run_attributes(AtkText *t, gint off, gint *start, gint *end)
{
    *start = 0;
    *end = text_get_character_count(t);
    (void)off;
    return NULL;
}

static void text_init(AtkTextIface *i)
{
    i->get_text = text_get_text;
    i->get_character_count = text_get_character_count;
    i->get_character_at_offset = text_get_character_at_offset;
    i->get_caret_offset = text_get_caret_offset;
    i->set_caret_offset = text_set_caret_offset;
    i->get_string_at_offset = text_get_string_at_offset;
    i->get_text_at_offset = text_get_text_at_offset;
    i->get_text_before_offset = text_get_text_before_offset;
    i->get_text_after_offset = text_get_text_after_offset;
    i->get_n_selections = text_get_n_selections;
    i->get_selection = text_get_selection;
    i->set_selection = text_set_selection;
    i->add_selection = text_add_selection;
    i->remove_selection = text_remove_selection;
    i->get_character_extents = text_get_character_extents;
    i->get_range_extents = text_get_range_extents;
    i->get_offset_at_point = text_get_offset_at_point;
    i->get_run_attributes = text_get_run_attributes;
}

static int editable_node(AtkEditableText *t)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(t));
    return n && (n->actions & UI_A11Y_ACT_EDIT_TEXT);
}

static gboolean et_set_run_attributes(AtkEditableText *t, AtkAttributeSet *a, gint s, gint e)
{
    (void)t, (void)a, (void)s, (void)e;
    return FALSE;
}

static void et_set_text_contents(AtkEditableText *t, const gchar *s)
{
    if (editable_node(t)) request(ATK_OBJECT(t), UI_A11Y_REQ_SET_TEXT, 0, 0, s ? s : "");
}

static void et_insert_text(AtkEditableText *t, const gchar *s, gint length, gint *position)
{
    if (!editable_node(t) || !s || !position) return;
    /* length is in bytes; -1 for all of it */
    gchar *copy = length < 0 ? g_strdup(s) : g_strndup(s, (gsize)length);
    if (g_utf8_validate(copy, -1, NULL)) {
        request(ATK_OBJECT(t), UI_A11Y_REQ_INSERT_TEXT, *position, 0, copy);
        *position += (gint)g_utf8_strlen(copy, -1);
    }
    memset(copy, 0, strlen(copy)); /* what was typed may be a passphrase */
    g_free(copy);
}

static void et_delete_text(AtkEditableText *t, gint start, gint end)
{
    if (!editable_node(t)) return;
    if (end < 0) end = text_get_character_count(ATK_TEXT(t));
    request(ATK_OBJECT(t), UI_A11Y_REQ_DELETE_TEXT, start, end, NULL);
}

static void editable_init(AtkEditableTextIface *i)
{
    i->set_run_attributes = et_set_run_attributes;
    i->set_text_contents = et_set_text_contents;
    i->insert_text = et_insert_text;
    i->delete_text = et_delete_text;
}

typedef ImNode ImText;
typedef ImNodeClass ImTextClass;
static void im_text_class_init(ImTextClass *k) { (void)k; }
static void im_text_init(ImText *n) { (void)n; }
G_DEFINE_TYPE_WITH_CODE(ImText, im_text, im_node_get_type(),
                        G_IMPLEMENT_INTERFACE(ATK_TYPE_ACTION, action_init)
                            G_IMPLEMENT_INTERFACE(ATK_TYPE_TEXT, text_init)
                                G_IMPLEMENT_INTERFACE(ATK_TYPE_EDITABLE_TEXT, editable_init))

/* Words to read (static text, headings, toasts, messages, the breathing
 * guide): Text alone, giving their name, as GTK's labels do, so a reader's
 * review and say-all can move through them by character, word and line. */
static void label_text_init(AtkTextIface *i)
{
    i->get_text = text_get_text;
    i->get_character_count = text_get_character_count;
    i->get_character_at_offset = text_get_character_at_offset;
    i->get_caret_offset = text_get_caret_offset;
    i->get_string_at_offset = text_get_string_at_offset;
    i->get_text_at_offset = text_get_text_at_offset;
    i->get_text_before_offset = text_get_text_before_offset;
    i->get_text_after_offset = text_get_text_after_offset;
    i->get_n_selections = text_get_n_selections;
    i->get_selection = text_get_selection;
    i->get_character_extents = text_get_character_extents;
    i->get_range_extents = text_get_range_extents;
    i->get_offset_at_point = text_get_offset_at_point;
    i->get_run_attributes = text_get_run_attributes;
}

typedef ImNode ImLabel;
typedef ImNodeClass ImLabelClass;
static void im_label_class_init(ImLabelClass *k) { (void)k; }
static void im_label_init(ImLabel *n) { (void)n; }
G_DEFINE_TYPE_WITH_CODE(ImLabel, im_label, im_node_get_type(), G_IMPLEMENT_INTERFACE(ATK_TYPE_TEXT, label_text_init))

/* ---- Value ----------------------------------------------------------------------- */

static void val_get_value_and_text(AtkValue *v, gdouble *value, gchar **text)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(v));
    *value = n ? n->value : 0;
    if (text) *text = n ? g_strdup_printf("%d", n->value) : NULL;
}

static AtkRange *val_get_range(AtkValue *v)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(v));
    return n ? atk_range_new(n->min, n->max, NULL) : NULL;
}

static gdouble val_get_increment(AtkValue *v)
{
    (void)v;
    return 1.0;
}

static void val_set_value(AtkValue *v, gdouble value)
{
    request(ATK_OBJECT(v), UI_A11Y_REQ_SET_VALUE, (int)(value + (value < 0 ? -0.5 : 0.5)), 0, NULL);
}

static void val_get_current(AtkValue *v, GValue *out)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(v));
    g_value_init(out, G_TYPE_DOUBLE);
    g_value_set_double(out, n ? n->value : 0);
}

static void val_get_min(AtkValue *v, GValue *out)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(v));
    g_value_init(out, G_TYPE_DOUBLE);
    g_value_set_double(out, n ? n->min : 0);
}

static void val_get_max(AtkValue *v, GValue *out)
{
    const ui_a11y_node *n = node_of(ATK_OBJECT(v));
    g_value_init(out, G_TYPE_DOUBLE);
    g_value_set_double(out, n ? n->max : 0);
}

static void val_get_step(AtkValue *v, GValue *out)
{
    (void)v;
    g_value_init(out, G_TYPE_DOUBLE);
    g_value_set_double(out, 1.0);
}

static gboolean val_set_current(AtkValue *v, const GValue *in)
{
    if (!G_VALUE_HOLDS_DOUBLE(in)) return FALSE;
    val_set_value(v, g_value_get_double(in));
    return TRUE;
}

static void value_init(AtkValueIface *i)
{
    i->get_value_and_text = val_get_value_and_text;
    i->get_range = val_get_range;
    i->get_increment = val_get_increment;
    i->set_value = val_set_value;
    i->get_current_value = val_get_current;
    i->get_minimum_value = val_get_min;
    i->get_maximum_value = val_get_max;
    i->get_minimum_increment = val_get_step;
    i->set_current_value = val_set_current;
}

typedef ImNode ImValue;
typedef ImNodeClass ImValueClass;
static void im_value_class_init(ImValueClass *k) { (void)k; }
static void im_value_init(ImValue *n) { (void)n; }
G_DEFINE_TYPE_WITH_CODE(ImValue, im_value, im_node_get_type(),
                        G_IMPLEMENT_INTERFACE(ATK_TYPE_ACTION, action_init)
                            G_IMPLEMENT_INTERFACE(ATK_TYPE_VALUE, value_init))

/* ---- the application (the root) ------------------------------------------------- */

typedef AtkObject ImRoot;
typedef AtkObjectClass ImRootClass;

static gint root_get_n_children(AtkObject *o)
{
    (void)o;
    return 1;
}

static AtkObject *root_ref_child(AtkObject *o, gint i)
{
    (void)o;
    return i == 0 && the_bridge->window ? g_object_ref(the_bridge->window) : NULL;
}

static const gchar *root_get_name(AtkObject *o)
{
    (void)o;
    return "Innermost";
}

static AtkObject *root_get_parent(AtkObject *o)
{
    (void)o;
    return NULL;
}

static void im_root_class_init(ImRootClass *k)
{
    k->get_n_children = root_get_n_children;
    k->ref_child = root_ref_child;
    k->get_name = root_get_name;
    k->get_parent = root_get_parent;
}

static void im_root_init(ImRoot *o) { o->role = ATK_ROLE_APPLICATION; }
G_DEFINE_TYPE(ImRoot, im_root, ATK_TYPE_OBJECT)

/* ---- AtkUtil: the root, the toolkit's name, event listeners --------------------- */

static AtkObject *util_get_root(void) { return the_bridge ? the_bridge->root : NULL; }
static const gchar *util_get_toolkit_name(void) { return "Innermost"; }
static const gchar *util_get_toolkit_version(void) { return IM_APP_VERSION; }

typedef struct listener {
    guint signal_id;
    gulong hook_id;
} listener;

static GHashTable *listeners; /* our id -> listener */
static guint next_listener = 1;

/* "Toolkit:Type:signal[:detail]": an emission hook on Type's signal, as
 * GTK's own AtkUtil does (atk-bridge asks for AtkObject's, AtkText's, ...). */
static guint util_add_global_event_listener(GSignalEmissionHook fn, const gchar *event_type)
{
    gchar **p = g_strsplit(event_type, ":", 4);
    guint id = 0;
    if (p[0] && p[1] && p[2]) {
        GType type = g_type_from_name(p[1]);
        guint sig = type ? g_signal_lookup(p[2], type) : 0;
        if (sig) {
            GQuark detail = p[3] ? g_quark_from_string(p[3]) : 0;
            listener *l = g_new0(listener, 1);
            l->signal_id = sig;
            l->hook_id = g_signal_add_emission_hook(sig, detail, fn, g_strdup(event_type), g_free);
            id = next_listener++;
            g_hash_table_insert(listeners, GUINT_TO_POINTER(id), l);
        }
    }
    g_strfreev(p);
    return id;
}

static void util_remove_global_event_listener(guint id)
{
    listener *l = g_hash_table_lookup(listeners, GUINT_TO_POINTER(id));
    if (!l) return;
    g_signal_remove_emission_hook(l->signal_id, l->hook_id);
    g_hash_table_remove(listeners, GUINT_TO_POINTER(id));
}

/* ---- AtkUtil: key event listeners (hub.h invariant 4) ----------------------------
 * atk-bridge registers one to offer keys to the registry (and so to Orca).
 * The UI thread hands a key over with offer_key, which runs the listeners
 * on the bridge's thread and waits for their answer at most
 * UI_A11Y_KEY_WAIT_MS; an answer that comes later is dropped.  The offer
 * is shared by both threads and freed by whichever lets go last. */

typedef struct key_listener {
    AtkKeySnoopFunc fn;
    gpointer data;
} key_listener;

static GHashTable *key_listeners; /* bridge thread: our id -> key_listener */

typedef struct key_offer {
    SDL_atomic_t refs;
    SDL_sem *done;
    SDL_atomic_t eaten;
    ui_a11y_key k;
} key_offer;

static void offer_unref(key_offer *o)
{
    if (!SDL_AtomicDecRef(&o->refs)) return;
    SDL_DestroySemaphore(o->done);
    g_free(o);
}

static gboolean run_key_listeners(gpointer p)
{
    key_offer *o = p;
    AtkKeyEventStruct ev;
    memset(&ev, 0, sizeof ev);
    ev.type = o->k.press ? ATK_KEY_EVENT_PRESS : ATK_KEY_EVENT_RELEASE;
    ev.state = o->k.modifiers;
    ev.keyval = o->k.keysym;
    ev.string = o->k.text;
    ev.length = (gint)strlen(o->k.text);
    ev.keycode = (guint16)o->k.keycode;
    ev.timestamp = o->k.time;
    int eaten = 0;
    GHashTableIter it;
    gpointer key, val;
    g_hash_table_iter_init(&it, key_listeners);
    while (!eaten && g_hash_table_iter_next(&it, &key, &val)) {
        key_listener *l = val;
        eaten = l->fn(&ev, l->data) != 0;
    }
    SDL_AtomicSet(&o->eaten, eaten);
    SDL_SemPost(o->done);
    return G_SOURCE_REMOVE;
}

/* UI thread (the hub's offer hook). */
static int offer_key(void *p, const ui_a11y_key *k)
{
    ui_a11y_bridge *b = p;
    key_offer *o = g_new0(key_offer, 1);
    o->done = SDL_CreateSemaphore(0);
    if (!o->done) return g_free(o), 0;
    o->k = *k;
    SDL_AtomicSet(&o->refs, 2);
    GSource *s = g_idle_source_new();
    g_source_set_priority(s, G_PRIORITY_HIGH);
    g_source_set_callback(s, run_key_listeners, o, (GDestroyNotify)offer_unref);
    g_source_attach(s, b->ctx);
    g_source_unref(s);
    int eaten = SDL_SemWaitTimeout(o->done, UI_A11Y_KEY_WAIT_MS) == 0 && SDL_AtomicGet(&o->eaten);
    offer_unref(o);
    return eaten;
}

static guint util_add_key_event_listener(AtkKeySnoopFunc fn, gpointer data)
{
    key_listener *l = g_new0(key_listener, 1);
    l->fn = fn;
    l->data = data;
    guint id = next_listener++;
    g_hash_table_insert(key_listeners, GUINT_TO_POINTER(id), l);
    if (the_bridge) ui_a11y_hub_set_keys(the_bridge->hub, offer_key, the_bridge);
    return id;
}

static void util_remove_key_event_listener(guint id)
{
    g_hash_table_remove(key_listeners, GUINT_TO_POINTER(id));
    if (the_bridge && !g_hash_table_size(key_listeners)) ui_a11y_hub_set_keys(the_bridge->hub, NULL, NULL);
}

static void install_util(void)
{
    key_listeners = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    listeners = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    AtkUtilClass *u = g_type_class_ref(ATK_TYPE_UTIL);
    u->get_root = util_get_root;
    u->get_toolkit_name = util_get_toolkit_name;
    u->get_toolkit_version = util_get_toolkit_version;
    u->add_global_event_listener = util_add_global_event_listener;
    u->remove_global_event_listener = util_remove_global_event_listener;
    u->add_key_event_listener = util_add_key_event_listener;
    u->remove_key_event_listener = util_remove_key_event_listener;
    /* the types whose signals listeners name must exist before they ask */
    g_type_class_unref(g_type_class_ref(ATK_TYPE_OBJECT));
    (void)atk_text_get_type();
    (void)atk_value_get_type();
    (void)atk_window_get_type();
    (void)atk_component_get_type();
    (void)atk_action_get_type();
    (void)atk_editable_text_get_type();
    (void)im_text_get_type();
    (void)im_label_get_type();
    (void)im_value_get_type();
    (void)im_window_get_type();
}

/* ---- applying a snapshot ---------------------------------------------------------- */

static GType type_for(const ui_a11y_node *n)
{
    if (n->role == UI_A11Y_ROLE_WINDOW) return im_window_get_type();
    if (n->role == UI_A11Y_ROLE_TEXT_FIELD) return im_text_get_type();
    if (n->role == UI_A11Y_ROLE_SLIDER) return im_value_get_type();
    if (n->actions & UI_A11Y_ACT_ACTIVATE) return im_act_get_type();
    switch (n->role) {
    case UI_A11Y_ROLE_STATIC_TEXT:
    case UI_A11Y_ROLE_HEADING:
    case UI_A11Y_ROLE_ALERT:
    case UI_A11Y_ROLE_TIMER: return im_label_get_type();
    default: return im_node_get_type();
    }
}

static ImNode *make_node(const ui_a11y_node *n, int index)
{
    ImNode *o = g_object_new(type_for(n), NULL);
    o->id = n->id;
    o->index = index;
    o->role = n->role;
    ATK_OBJECT(o)->role = atk_role_of(n);
    ATK_OBJECT(o)->layer = ATK_LAYER_WIDGET;
    return o;
}

/* The ATK states that differ between two nodes, as state-change signals. */
static void send_state_changes(AtkObject *o, const ui_a11y_node *was, const ui_a11y_node *now)
{
    AtkStateSet *a = atk_state_set_new(), *b = atk_state_set_new();
    add_states(a, was);
    add_states(b, now);
    for (int s = ATK_STATE_INVALID + 1; s < ATK_STATE_LAST_DEFINED; s++) {
        gboolean x = atk_state_set_contains_state(a, (AtkStateType)s);
        gboolean y = atk_state_set_contains_state(b, (AtkStateType)s);
        if (x != y) atk_object_notify_state_change(o, (AtkState)s, y);
    }
    g_object_unref(a);
    g_object_unref(b);
}

/* Text that changed between two snapshots of a field: one removal and one
 * insertion around the common start and end (as bullets when secret). */
static void send_text_changes(AtkObject *o, const ui_a11y_node *was, const ui_a11y_node *now)
{
    gchar *x = visible_text(was), *y = visible_text(now);
    if (strcmp(x, y) != 0) {
        glong lx = g_utf8_strlen(x, -1), ly = g_utf8_strlen(y, -1);
        gunichar *ux = g_utf8_to_ucs4_fast(x, -1, NULL), *uy = g_utf8_to_ucs4_fast(y, -1, NULL);
        glong pre = 0, suf = 0;
        while (pre < lx && pre < ly && ux[pre] == uy[pre]) pre++;
        while (suf < lx - pre && suf < ly - pre && ux[lx - 1 - suf] == uy[ly - 1 - suf]) suf++;
        if (lx - pre - suf > 0) {
            gchar *gone = g_utf8_substring(x, pre, lx - suf);
            g_signal_emit_by_name(o, "text-remove", (gint)pre, (gint)(lx - pre - suf), gone);
            g_free(gone);
        }
        if (ly - pre - suf > 0) {
            gchar *come = g_utf8_substring(y, pre, ly - suf);
            g_signal_emit_by_name(o, "text-insert", (gint)pre, (gint)(ly - pre - suf), come);
            g_free(come);
        }
        g_free(ux);
        g_free(uy);
    }
    if (was->caret != now->caret) g_signal_emit_by_name(o, "text-caret-moved", now->caret);
    if (was->sel_start != now->sel_start || was->sel_end != now->sel_end)
        g_signal_emit_by_name(o, "text-selection-changed");
    g_free(x);
    g_free(y);
}

static void send_node_changes(AtkObject *o, const ui_a11y_node *was, const ui_a11y_node *now)
{
    if (strcmp(was->name, now->name) != 0) g_object_notify(G_OBJECT(o), "accessible-name");
    if (strcmp(was->description, now->description) != 0) g_object_notify(G_OBJECT(o), "accessible-description");
    if (now->role == UI_A11Y_ROLE_TEXT_FIELD) send_text_changes(o, was, now);
    if (now->has_value && was->value != now->value) {
        g_object_notify(G_OBJECT(o), "accessible-value");
        gchar *t = g_strdup_printf("%d", now->value);
        g_signal_emit_by_name(o, "value-changed", (gdouble)now->value, t);
        g_free(t);
    }
    send_state_changes(o, was, now);
}

/* The ids of node i's children, for comparing child lists. */
static GArray *child_ids(const ui_a11y_tree *t, int i)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    for (int k = t->nodes[i].first_child; k >= 0; k = t->nodes[k].next_sibling) g_array_append_val(a, t->nodes[k].id);
    return a;
}

static int same_ids(GArray *a, GArray *b)
{
    return a->len == b->len && (a->len == 0 || !memcmp(a->data, b->data, a->len * sizeof(uint64_t)));
}

static int find_index(const ui_a11y_tree *t, uint64_t id)
{
    for (int i = 0; t && i < t->count; i++)
        if (t->nodes[i].id == id) return i;
    return -1;
}

static void apply(ui_a11y_bridge *b, ui_a11y_tree *now)
{
    ui_a11y_tree *was = b->tree;
    /* objects for the new snapshot: the same object for the same id and role */
    /* objs holds a reference to each; by_id only points (the first node of
     * an id: two rows of equal words get an object each, the second not
     * kept by id) */
    GPtrArray *objs = g_ptr_array_new_full((guint)now->count, g_object_unref);
    GHashTable *by_id = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    int *old_of = g_new(int, (gsize)now->count); /* index in `was`, or -1 for a new object */
    for (int i = 0; i < now->count; i++) {
        const ui_a11y_node *n = &now->nodes[i];
        int first = !g_hash_table_contains(by_id, &n->id);
        ImNode *o = first && b->by_id ? g_hash_table_lookup(b->by_id, &n->id) : NULL;
        if (o && (o->role != n->role || G_OBJECT_TYPE(o) != type_for(n))) o = NULL;
        if (o) {
            g_object_ref(o);
            old_of[i] = was && o->index >= 0 && o->index < was->count && was->nodes[o->index].id == n->id ? o->index
                                                                                                          : -1;
        } else {
            o = make_node(n, i);
            old_of[i] = -1;
        }
        g_ptr_array_add(objs, o);
        if (first) {
            gint64 *key = g_new(gint64, 1);
            *key = (gint64)n->id;
            g_hash_table_insert(by_id, key, o);
        }
    }
    /* what was: objects no longer shown, each node's old children */
    GPtrArray *gone = g_ptr_array_new_with_free_func(g_object_unref);
    GPtrArray *old_objs = b->objs;
    if (old_objs)
        for (guint i = 0; i < old_objs->len; i++) {
            ImNode *o = g_ptr_array_index(old_objs, i);
            ImNode *kept = g_hash_table_lookup(by_id, &was->nodes[i].id);
            if (kept != o) g_ptr_array_add(gone, g_object_ref(o));
        }
    /* the new snapshot becomes the one every query reads; the old one is
     * kept until the signals below have compared against it */
    for (int i = 0; i < now->count; i++) IM_NODE(g_ptr_array_index(objs, i))->index = i;
    for (guint i = 0; i < gone->len; i++) IM_NODE(g_ptr_array_index(gone, i))->index = -1;
    b->tree = now;
    b->objs = objs;
    if (b->by_id) g_hash_table_unref(b->by_id);
    b->by_id = by_id;
    if (!b->window) b->window = g_object_ref(g_ptr_array_index(objs, 0));
    if (old_objs) g_ptr_array_unref(old_objs);

    if (was) {
        /* child lists that changed: every old child removed, every new one added */
        for (int i = 0; i < now->count; i++) {
            int o = old_of[i];
            if (o < 0) continue;
            GArray *x = child_ids(was, o), *y = child_ids(now, i);
            if (!same_ids(x, y)) {
                AtkObject *p = g_ptr_array_index(objs, i);
                for (int k = (int)x->len - 1; k >= 0; k--) {
                    uint64_t id = g_array_index(x, uint64_t, k);
                    int ni = find_index(now, id);
                    AtkObject *child = NULL;
                    for (guint g = 0; g < gone->len && !child; g++)
                        if (IM_NODE(g_ptr_array_index(gone, g))->id == id) child = g_ptr_array_index(gone, g);
                    if (!child && ni >= 0) child = g_ptr_array_index(objs, ni);
                    if (child) g_signal_emit_by_name(p, "children-changed::remove", k, child);
                }
                for (guint k = 0; k < y->len; k++) {
                    int ni = find_index(now, g_array_index(y, uint64_t, k));
                    if (ni >= 0)
                        g_signal_emit_by_name(p, "children-changed::add", (gint)k, g_ptr_array_index(objs, ni));
                }
            }
            g_array_free(x, TRUE);
            g_array_free(y, TRUE);
        }
        for (guint g = 0; g < gone->len; g++)
            atk_object_notify_state_change(g_ptr_array_index(gone, g), ATK_STATE_DEFUNCT, TRUE);
        /* what changed on the nodes kept */
        for (int i = 0; i < now->count; i++)
            if (old_of[i] >= 0) send_node_changes(g_ptr_array_index(objs, i), &was->nodes[old_of[i]], &now->nodes[i]);
        /* the focused node, newly come, says so too */
        if (now->focus >= 0 && old_of[now->focus] < 0)
            atk_object_notify_state_change(g_ptr_array_index(objs, now->focus), ATK_STATE_FOCUSED, TRUE);
    }
    for (int e = 0; e < now->nevents; e++) {
        const ui_a11y_event *ev = &now->events[e];
        /* a toast or message is a new node or a new name, a phase a new
         * description: the diff above has sent those; a new screen also
         * says its window is active again */
        if (ev->kind == UI_A11Y_EV_SCREEN) g_signal_emit_by_name(b->window, was ? "activate" : "create");
        /* a toast or message says it is showing, as a GTK notification
         * does: Orca speaks a notification or alert when it comes into view
         * (a new node alone, children-changed, it does not say) */
        if ((ev->kind == UI_A11Y_EV_TOAST || ev->kind == UI_A11Y_EV_MESSAGE) && ev->node > 0 &&
            ev->node < (int)b->objs->len)
            atk_object_notify_state_change(g_ptr_array_index(b->objs, ev->node), ATK_STATE_SHOWING, TRUE);
    }
    g_ptr_array_unref(gone);
    g_free(old_of);
    ui_a11y_tree_free(was);
}

/* ---- the thread --------------------------------------------------------------------- */

static gboolean on_wake(gpointer p)
{
    ui_a11y_bridge *b = p;
    SDL_AtomicSet(&b->wake_pending, 0);
    ui_a11y_tree *t = ui_a11y_hub_take(b->hub);
    if (t) apply(b, t);
    return G_SOURCE_REMOVE;
}

/* The UI thread: a snapshot waits (hub.h).  Invariant 2. */
static void on_notify(void *p)
{
    ui_a11y_bridge *b = p;
    if (!SDL_AtomicCAS(&b->wake_pending, 0, 1)) return;
    GSource *s = g_idle_source_new();
    g_source_set_callback(s, on_wake, b, NULL);
    g_source_attach(s, b->ctx);
    g_source_unref(s);
}

static gpointer bridge_main(gpointer p)
{
    ui_a11y_bridge *b = p;
    install_util();
    b->root = g_object_new(im_root_get_type(), NULL);
    b->loop = g_main_loop_new(b->ctx, FALSE);
    /* atk-bridge finds the accessibility bus through the session bus (or
     * AT_SPI_BUS_ADDRESS) and registers the root with the registry */
    b->up = atk_bridge_adaptor_init(NULL, NULL) == 0;
    SDL_SemPost(b->started);
    if (!b->up) return NULL; /* invariant 3 */
    ui_a11y_hub_set_notify(b->hub, on_notify, b);
    ui_a11y_hub_set_active(b->hub, 1);
    g_main_loop_run(b->loop);
    ui_a11y_hub_set_active(b->hub, 0);
    ui_a11y_hub_set_notify(b->hub, NULL, NULL);
    ui_a11y_hub_set_keys(b->hub, NULL, NULL);
    atk_bridge_adaptor_cleanup();
    return NULL;
}

static gboolean quit_loop(gpointer p)
{
    g_main_loop_quit(p);
    return G_SOURCE_REMOVE;
}

ui_a11y_bridge *ui_a11y_bridge_start(ui_a11y_hub *hub)
{
    if (the_bridge || !hub) return NULL; /* one per process: AtkUtil is global */
    const char *off = SDL_getenv("NO_AT_BRIDGE");
    if (off && !strcmp(off, "1")) return NULL;
    ui_a11y_bridge *b = g_new0(ui_a11y_bridge, 1);
    b->hub = hub;
    b->ctx = g_main_context_default();
    b->started = SDL_CreateSemaphore(0);
    the_bridge = b;
    b->thread = g_thread_try_new("a11y-atspi", bridge_main, b, NULL);
    if (!b->thread || !b->started) {
        the_bridge = NULL;
        if (b->started) SDL_DestroySemaphore(b->started);
        g_free(b);
        return NULL;
    }
    /* Wait (at most 3 s) to learn whether a bus was found; a slow bus
     * leaves the thread to finish connecting on its own. */
    b->known = SDL_SemWaitTimeout(b->started, 3000) == 0;
    if (b->known && !b->up) { /* no bus: as if built without (invariant 3) */
        ui_a11y_bridge_stop(b);
        return NULL;
    }
    return b;
}

void ui_a11y_bridge_stop(ui_a11y_bridge *b)
{
    if (!b) return;
    if (!b->known) SDL_SemWait(b->started); /* bridge_main got past its start either way */
    if (b->up) {
        GSource *s = g_idle_source_new();
        g_source_set_callback(s, quit_loop, b->loop, NULL);
        g_source_attach(s, b->ctx);
        g_source_unref(s);
    }
    g_thread_join(b->thread);
    ui_a11y_hub_set_active(b->hub, 0);
    /* the objects are the bridge's: it is gone, so they go with it */
    if (b->by_id) g_hash_table_unref(b->by_id);
    if (b->objs) g_ptr_array_unref(b->objs);
    if (b->window) g_object_unref(b->window);
    ui_a11y_tree_free(b->tree);
    if (b->loop) g_main_loop_unref(b->loop);
    if (b->root) g_object_unref(b->root);
    SDL_DestroySemaphore(b->started);
    the_bridge = NULL;
    g_free(b);
}

#elif !defined(__ANDROID__) && !defined(IM_HAVE_IOS_A11Y) && !IM_ATSPI_LOADED
/* no AT-SPI in this build and no phone's bridge (a11y/android.c,
 * ios/im_a11y_ios.m): no bridge */

ui_a11y_bridge *ui_a11y_bridge_start(ui_a11y_hub *hub)
{
    (void)hub;
    return NULL;
}

void ui_a11y_bridge_stop(ui_a11y_bridge *b) { (void)b; }

#endif
