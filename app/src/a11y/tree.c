/* tree.c -- the accessibility snapshot of the widget tree; see tree.h. */
#define _POSIX_C_SOURCE 200809L
#include "a11y/tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "innermost/utf8.h"
#include "innermost/wipe.h"
#include "input/textedit.h"
#include "widgets/basic.h"
#include "widgets/controls.h"
#include "widgets/frame.h"
#include "widgets/overlay.h"
#include "widgets/scrollview.h"
#include "widgets/textfield.h"

#define WINDOW_ID UI_A11Y_ID_WINDOW
#define TOAST_ID UI_A11Y_ID_TOAST
#define NO_STR ((size_t)-1)

/* ---- roles from classes ---------------------------------------------------- */

/* Classes private to their files, known by name. */
static const struct {
    const char *name;
    ui_a11y_role role;
} named[] = {
    { "tab", UI_A11Y_ROLE_TAB },             /* frame.c: one area of the tab bar */
    { "frame-title", UI_A11Y_ROLE_HEADING }, /* frame.c: the screen's title in its bar */
    { "field-toggle", UI_A11Y_ROLE_BUTTON }, /* textfield.c: Show / Hide passphrase */
    { "message", UI_A11Y_ROLE_ALERT },       /* screens/common.c: an error or notice */
    { "busy", UI_A11Y_ROLE_PROGRESS },       /* screens/common.c: "Unlocking..." */
    { "chart", UI_A11Y_ROLE_IMAGE },         /* screens/charts.c, named by its summary */
    { "radar", UI_A11Y_ROLE_IMAGE },         /* screens/together_charts.c */
    { "progress-bar", UI_A11Y_ROLE_IMAGE },
    { "chart-day", UI_A11Y_ROLE_BUTTON },      /* a tappable day of a chart */
    { "timed", UI_A11Y_ROLE_TIMER },           /* screens/breathing.c */
    { "recovery-code", UI_A11Y_ROLE_HEADING }, /* screens/common.c: read as the title label it was */
    /* layout only: their children belong to their parent */
    { "column", UI_A11Y_ROLE_NONE },
    { "row", UI_A11Y_ROLE_NONE },
    { "card", UI_A11Y_ROLE_NONE },
    { "scroll", UI_A11Y_ROLE_NONE },
    { "frame", UI_A11Y_ROLE_NONE },
    { "header", UI_A11Y_ROLE_NONE },
    { "spacer", UI_A11Y_ROLE_NONE },
    { "swipe", UI_A11Y_ROLE_NONE },
    { "sheet", UI_A11Y_ROLE_NONE },
    { "dialog", UI_A11Y_ROLE_NONE }, /* overlay.c's card; the overlay is the dialog */
    { "legend", UI_A11Y_ROLE_NONE },
};

static int has_label(const ui_widget *w) { return w->label && w->label[0]; }

static ui_a11y_role role_of(const ui_widget *w)
{
    const ui_class *k = w->cls;
    if (k == &ui_label_class) {
        if (!has_label(w)) return UI_A11Y_ROLE_NONE;
        ui_text_style st = ui_label_style(w);
        return st == UI_TEXT_TITLE || st == UI_TEXT_HEADING ? UI_A11Y_ROLE_HEADING : UI_A11Y_ROLE_STATIC_TEXT;
    }
    if (k == &ui_button_class) return UI_A11Y_ROLE_BUTTON;
    if (k == &ui_toggle_class) return UI_A11Y_ROLE_TOGGLE;
    if (k == &ui_chip_class) return UI_A11Y_ROLE_RADIO;
    if (k == &ui_slider_class) return UI_A11Y_ROLE_SLIDER;
    if (k == &ui_field_class) return UI_A11Y_ROLE_TEXT_FIELD;
    if (k == &ui_list_class) return UI_A11Y_ROLE_LIST;
    if (k == &ui_nav_class) return UI_A11Y_ROLE_TAB_LIST;
    if (k == &ui_overlay_class) return UI_A11Y_ROLE_DIALOG;
    if (k == &ui_dots_class) return has_label(w) ? UI_A11Y_ROLE_STATIC_TEXT : UI_A11Y_ROLE_NONE;
    const char *n = k->name ? k->name : "";
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (!strcmp(n, named[i].name)) {
            if (named[i].role == UI_A11Y_ROLE_ALERT && !has_label(w)) return UI_A11Y_ROLE_NONE;
            return named[i].role;
        }
    if (!has_label(w)) return UI_A11Y_ROLE_NONE;
    return (w->flags & UI_WF_INTERACTIVE) ? UI_A11Y_ROLE_BUTTON : UI_A11Y_ROLE_STATIC_TEXT;
}

/* Roles whose children are not theirs to a reader (a field's Show button
 * sits beside it): the children go to the parent. */
static int is_leaf(ui_a11y_role r)
{
    switch (r) {
    case UI_A11Y_ROLE_LIST:
    case UI_A11Y_ROLE_TAB_LIST:
    case UI_A11Y_ROLE_DIALOG:
    case UI_A11Y_ROLE_WINDOW:
    case UI_A11Y_ROLE_NONE: return 0;
    default: return 1;
    }
}

const char *ui_a11y_role_name(ui_a11y_role r)
{
    static const char *const names[UI_A11Y_ROLE_COUNT] = {
        "none", "window",    "static text", "heading", "button", "toggle", "radio",    "text field", "slider",
        "list", "list item", "tab list",    "tab",     "dialog", "image",  "progress", "alert",      "timer",
    };
    return (unsigned)r < UI_A11Y_ROLE_COUNT ? names[r] : "?";
}

/* ---- building --------------------------------------------------------------- */

typedef struct builder {
    ui_a11y_tree *t;
    int cap;
    size_t *name_off, *desc_off, *text_off; /* arena offsets until the end */
    size_t *box_off;                        /* offsets into t->boxes until the end */
    int *last_child;
    ui_widget **widget; /* what each node stands for (NULL: window, toast, rows' lists) */
    const ui_a11y_input *in;
    ui_rect screen;
    int oom;
} builder;

static size_t arena_put(builder *b, const char *s, size_t n)
{
    ui_a11y_tree *t = b->t;
    if (t->arena_len + n + 1 > t->arena_cap) {
        size_t cap = t->arena_cap ? t->arena_cap : 1024;
        while (cap < t->arena_len + n + 1) cap *= 2;
        char *a = malloc(cap); /* never realloc: the old block is wiped, not left behind */
        if (!a) {
            b->oom = 1;
            return NO_STR;
        }
        if (t->arena) {
            memcpy(a, t->arena, t->arena_len);
            im_mem_wipe_free(t->arena, t->arena_cap);
        }
        t->arena = a;
        t->arena_cap = cap;
    }
    size_t off = t->arena_len;
    memcpy(t->arena + off, s, n);
    t->arena[off + n] = 0;
    t->arena_len += n + 1;
    return off;
}

static int grow(builder *b)
{
    int cap = b->cap ? b->cap * 2 : 64;
    ui_a11y_node *nodes = realloc(b->t->nodes, (size_t)cap * sizeof *nodes);
    if (nodes) b->t->nodes = nodes;
    size_t *no = realloc(b->name_off, (size_t)cap * sizeof *no);
    if (no) b->name_off = no;
    size_t *de = realloc(b->desc_off, (size_t)cap * sizeof *de);
    if (de) b->desc_off = de;
    size_t *te = realloc(b->text_off, (size_t)cap * sizeof *te);
    if (te) b->text_off = te;
    size_t *bo = realloc(b->box_off, (size_t)cap * sizeof *bo);
    if (bo) b->box_off = bo;
    int *lc = realloc(b->last_child, (size_t)cap * sizeof *lc);
    if (lc) b->last_child = lc;
    ui_widget **wd = realloc(b->widget, (size_t)cap * sizeof *wd);
    if (wd) b->widget = wd;
    if (!nodes || !no || !de || !te || !bo || !lc || !wd) return b->oom = 1, -1;
    b->cap = cap;
    return 0;
}

/* A node under parent, its name copied; returns its index or -1. */
static int add_node(builder *b, int parent, uint64_t id, ui_a11y_role role, const char *name, ui_widget *w)
{
    if (b->oom || (b->t->count == b->cap && grow(b) != 0)) return -1;
    int i = b->t->count++;
    ui_a11y_node *n = &b->t->nodes[i];
    memset(n, 0, sizeof *n);
    n->id = id;
    n->role = role;
    n->parent = parent;
    n->first_child = n->next_sibling = -1;
    b->name_off[i] = arena_put(b, name ? name : "", name ? strlen(name) : 0);
    b->desc_off[i] = NO_STR;
    b->text_off[i] = NO_STR;
    b->box_off[i] = 0;
    b->last_child[i] = -1;
    b->widget[i] = w;
    if (parent >= 0) {
        ui_a11y_node *p = &b->t->nodes[parent];
        n->index_in_parent = p->child_count++;
        if (b->last_child[parent] < 0) p->first_child = i;
        else b->t->nodes[b->last_child[parent]].next_sibling = i;
        b->last_child[parent] = i;
    }
    return i;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; s && *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static uint64_t widget_id(const ui_widget *w) { return (uint64_t)(uintptr_t)w; }

/* A list row: the list's id mixed with the row's label (rows come and go
 * as the list scrolls; the same row keeps its words). */
static uint64_t row_id(const ui_widget *list, const char *label)
{
    return (widget_id(list) * 31u) ^ hash_str(label) ^ 0x5a5a000000000000u;
}

static int chars_before(const char *s, size_t bytes)
{
    int k = 0;
    for (size_t i = 0; i < bytes && s[i]; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static void fill_text(builder *b, int i, ui_widget *w)
{
    ui_a11y_node *n = &b->t->nodes[i];
    ui_field_kind kind = ui_field_get_kind(w);
    im_textedit *te = ui_field_edit(w);
    const char *s = im_textedit_text(te);
    size_t start = 0, end = 0;
    im_textedit_selection(te, &start, &end);
    /* offsets are only counted, never copied: the same for secret text */
    n->text_chars = chars_before(s, im_textedit_length(te));
    n->caret = chars_before(s, im_textedit_caret(te));
    n->sel_start = chars_before(s, start);
    n->sel_end = chars_before(s, end);
    if (kind == UI_FIELD_PASSWORD) {
        n->states |= UI_A11Y_ST_SECRET | UI_A11Y_ST_EDITABLE; /* invariant 1: no text */
    } else {
        b->text_off[i] = arena_put(b, s, im_textedit_length(te));
        if (kind == UI_FIELD_READ) n->states |= UI_A11Y_ST_READ_ONLY | UI_A11Y_ST_MULTI_LINE;
        else n->states |= UI_A11Y_ST_EDITABLE;
        if (kind == UI_FIELD_EDITOR) n->states |= UI_A11Y_ST_MULTI_LINE;
    }
    if (kind != UI_FIELD_READ) n->actions |= UI_A11Y_ACT_EDIT_TEXT;
}

/* Where node i's characters are drawn, asked of its widget (invariant 6):
 * the lines of them that are shown on the screen. */
static void fill_boxes(builder *b, int i, ui_widget *w)
{
    ui_a11y_tree *t = b->t;
    ui_a11y_node *n = &t->nodes[i];
    const char *s = n->role == UI_A11Y_ROLE_TEXT_FIELD ? NULL : w->label;
    int chars = s ? chars_before(s, strlen(s)) : n->text_chars;
    size_t cap = (size_t)(chars < UI_A11Y_BOXES_MAX ? chars + 1 : UI_A11Y_BOXES_MAX);
    if (t->boxes_len + cap > t->boxes_cap) {
        size_t want = t->boxes_cap ? t->boxes_cap : 256;
        while (want < t->boxes_len + cap) want *= 2;
        ui_rect *v = malloc(want * sizeof *v); /* not realloc: the old blocks are wiped */
        unsigned char *j = malloc(want);
        if (!v || !j) { /* no memory: the bounds alone */
            free(v);
            free(j);
            return;
        }
        if (t->boxes) {
            memcpy(v, t->boxes, t->boxes_len * sizeof *v);
            memcpy(j, t->joins, t->boxes_len);
            im_mem_wipe_free(t->boxes, t->boxes_cap * sizeof *v);
            im_mem_wipe_free(t->joins, t->boxes_cap);
        }
        t->boxes = v;
        t->joins = j;
        t->boxes_cap = want;
    }
    int first = 0;
    int got = w->cls->char_boxes(w, b->in->ctx, ui_widget_visible_rect(w, b->screen), &first, t->boxes + t->boxes_len,
                                 t->joins + t->boxes_len, (int)cap);
    if (got <= 0) return; /* none shown, or no memory: the bounds alone */
    n->box_first = first;
    n->box_count = got;
    b->box_off[i] = t->boxes_len;
    t->boxes_len += (size_t)got;
}

typedef struct rows_ctx {
    builder *b;
    int parent;
    ui_widget *list;
    int enabled;
} rows_ctx;

static void row_cb(void *p, const char *label, ui_rect r)
{
    rows_ctx *rc = p;
    builder *b = rc->b;
    ui_rect v = ui_rect_intersect(r, ui_widget_visible_rect(rc->list, b->screen));
    if (ui_rect_empty(v)) return;
    int i = add_node(b, rc->parent, row_id(rc->list, label), UI_A11Y_ROLE_LIST_ITEM, label, rc->list);
    if (i < 0) return;
    ui_a11y_node *n = &b->t->nodes[i];
    n->bounds = r;
    if (rc->enabled) n->actions = UI_A11Y_ACT_ACTIVATE | UI_A11Y_ACT_SHOW;
    else n->states |= UI_A11Y_ST_DISABLED;
}

/* A focused list: its keyboard row (Up / Down move it) is the focus, as a
 * reader expects of a list (it says each row as the arrows reach it);
 * the list keeps it when that row is scrolled out of sight (no node). */
static void focus_cursor_row(builder *b, int list, ui_widget *w, int first_row)
{
    char cur[256]; /* as the list gives its rows (scrollview.c), so the same words */
    if (ui_list_cursor_label(w, b->in->ctx, cur, sizeof cur, NULL) != 0) return;
    uint64_t id = row_id(w, cur);
    for (int i = first_row; i < b->t->count; i++) {
        ui_a11y_node *n = &b->t->nodes[i];
        if (n->parent != list || n->id != id) continue;
        b->t->nodes[list].states &= ~(unsigned)UI_A11Y_ST_FOCUSED;
        n->states |= UI_A11Y_ST_FOCUSABLE | UI_A11Y_ST_FOCUSED | UI_A11Y_ST_SELECTED;
        b->t->focus = i;
        return;
    }
}

/* The first heading's words under w (a dialog's title). */
static const char *first_heading(const ui_widget *w)
{
    if (w->flags & UI_WF_HIDDEN) return NULL;
    if (has_label(w) && role_of(w) == UI_A11Y_ROLE_HEADING) return w->label;
    for (const ui_widget *ch = w->first; ch; ch = ch->next) {
        const char *h = first_heading(ch);
        if (h) return h;
    }
    return NULL;
}

#define UI_A11Y_NAME_MAX_WINDOW 256

/* ui_a11y_page_name_new's class: no measure, no draw; the widget is hidden. */
static const ui_class page_name_class = { .name = "page-name" };

ui_widget *ui_a11y_page_name_new(const char *name)
{
    char cut[UI_A11Y_PAGE_NAME_MAX + 1];
    size_t len = name ? strlen(name) : 0;
    len = im_utf8_clip(name ? name : "", len, UI_A11Y_PAGE_NAME_MAX);
    memcpy(cut, name ? name : "", len);
    cut[len] = 0;
    ui_widget *w = ui_widget_new(&page_name_class, cut, 0);
    if (w) w->flags |= UI_WF_HIDDEN;
    return w;
}

/* snprintf into buf[cap], the cut (if any) moved back to a character's
 * start: a window's name stays valid UTF-8 (invariant 4). */
static void name_fmt(char *buf, size_t cap, const char *a, const char *b)
{
    char all[2 * UI_A11Y_NAME_MAX_WINDOW]; /* longer than buf: the byte after the cut is still there */
    int n = b ? snprintf(all, sizeof all, "%s - %s - Innermost", a, b) : snprintf(all, sizeof all, "%s - Innermost", a);
    size_t len = n < 0 ? 0 : im_utf8_clip(all, strlen(all), cap - 1);
    memcpy(buf, all, len);
    buf[len] = 0;
}

/* The page's own title under w: the first title-sized label that is not the
 * screen's title (nor the frame's bar repeating it).  A screen that turns
 * its pages in place (Together's hand-off card, a partner's answers, the
 * reveal) keeps its title; this is what says which page is shown. */
static const char *page_heading(const ui_widget *w, const char *title)
{
    if (w->cls == &page_name_class) return has_label(w) ? w->label : NULL; /* hidden by design */
    /* never what a card shows (a recovery code is a title-sized label in
     * one): a window's name reaches window lists and logs */
    if ((w->flags & UI_WF_HIDDEN) || w->cls == &ui_card_class) return NULL;
    if (has_label(w) && w->cls == &ui_label_class && ui_label_style(w) == UI_TEXT_TITLE &&
        (!title || strcmp(w->label, title)))
        return w->label; /* a page's title, not a section's heading */
    for (const ui_widget *ch = w->first; ch; ch = ch->next) {
        const char *h = page_heading(ch, title);
        if (h) return h;
    }
    return NULL;
}

/* What is on top: the dialog's title, else the screen's (its first
 * heading when it has no title). */
static const char *screen_title(const ui_a11y_input *in)
{
    const char *title = in->title;
    if (!title && in->screen) title = first_heading(in->screen);
    if (in->overlay) {
        const char *h = first_heading(in->overlay);
        if (h) title = h;
    }
    return title;
}

static void visit(builder *b, ui_widget *w, int parent, int enabled)
{
    if (w->flags & UI_WF_HIDDEN) return;
    enabled = enabled && !(w->flags & UI_WF_DISABLED);
    ui_a11y_role role = role_of(w);
    int me = parent;
    if (role != UI_A11Y_ROLE_NONE) {
        const char *name = w->label;
        if (role == UI_A11Y_ROLE_DIALOG && !has_label(w)) name = first_heading(w);
        me = add_node(b, parent, widget_id(w), role, name, w);
        if (me < 0) return;
        ui_a11y_node *n = &b->t->nodes[me];
        ui_ctx *c = b->in->ctx;
        n->bounds = w->rect;
        if (w->cls->live_text) {
            char live[256];
            const char *s = w->cls->live_text(w, c, live, sizeof live);
            if (s && s[0]) b->desc_off[me] = arena_put(b, s, strlen(s));
        }
        if (ui_rect_empty(ui_widget_visible_rect(w, b->screen))) n->states |= UI_A11Y_ST_OFFSCREEN;
        if (w->flags & UI_WF_FOCUSABLE) {
            n->states |= UI_A11Y_ST_FOCUSABLE;
            if (enabled) n->actions |= UI_A11Y_ACT_FOCUS;
        }
        if (c && c->focus == w) {
            n->states |= UI_A11Y_ST_FOCUSED;
            b->t->focus = me;
        }
        if (!enabled) n->states |= UI_A11Y_ST_DISABLED;
        n->actions |= UI_A11Y_ACT_SHOW;
        switch (role) {
        case UI_A11Y_ROLE_TOGGLE:
        case UI_A11Y_ROLE_RADIO: n->states |= UI_A11Y_ST_CHECKABLE | (w->value ? UI_A11Y_ST_CHECKED : 0); break;
        case UI_A11Y_ROLE_TAB:
            if (w->parent && w->parent->value == w->value) n->states |= UI_A11Y_ST_SELECTED;
            break;
        case UI_A11Y_ROLE_DIALOG: n->states |= UI_A11Y_ST_EXPANDED | UI_A11Y_ST_MODAL; break;
        case UI_A11Y_ROLE_SLIDER:
            n->has_value = 1;
            n->value = w->value;
            n->min = 0;
            n->max = UI_SLIDER_MAX;
            if (enabled) n->actions |= UI_A11Y_ACT_SET_VALUE;
            break;
        case UI_A11Y_ROLE_TEXT_FIELD: fill_text(b, me, w); break;
        default: break;
        }
        if (w->cls->char_boxes && c && c->text &&
            (role == UI_A11Y_ROLE_TEXT_FIELD || role == UI_A11Y_ROLE_STATIC_TEXT || role == UI_A11Y_ROLE_HEADING)) {
            fill_boxes(b, me, w);
            n = &b->t->nodes[me];
        }
        if (!enabled) n->actions &= ~(unsigned)(UI_A11Y_ACT_EDIT_TEXT | UI_A11Y_ACT_FOCUS);
        /* tappable things take the one action: buttons, toggles, chips,
         * tabs, a chart's days (their class's activate, or a tap) */
        if (enabled && (w->cls->activate || ((w->flags & UI_WF_INTERACTIVE) && w->cls->gesture)) &&
            role != UI_A11Y_ROLE_TEXT_FIELD && role != UI_A11Y_ROLE_SLIDER && role != UI_A11Y_ROLE_LIST &&
            role != UI_A11Y_ROLE_DIALOG)
            n->actions |= UI_A11Y_ACT_ACTIVATE;
    }
    if (w->cls->items) {
        rows_ctx rc = { b, me, w, enabled };
        int first_row = b->t->count;
        w->cls->items(w, b->in->ctx, row_cb, &rc);
        if (role == UI_A11Y_ROLE_LIST && me >= 0 && b->t->focus == me) focus_cursor_row(b, me, w, first_row);
    }
    int kids = is_leaf(role) ? parent : me;
    for (ui_widget *ch = w->first; ch; ch = ch->next) visit(b, ch, kids, enabled);
}

static const ui_a11y_node *find_id(const ui_a11y_tree *t, uint64_t id)
{
    if (!t) return NULL;
    for (int i = 0; i < t->count; i++)
        if (t->nodes[i].id == id) return &t->nodes[i];
    return NULL;
}

int ui_a11y_tree_add_event(ui_a11y_tree *t, ui_a11y_event_kind kind, int node, const char *text)
{
    if (t->nevents >= UI_A11Y_EVENTS_MAX) return -1;
    ui_a11y_event *e = &t->events[t->nevents++];
    e->kind = kind;
    e->node = node;
    snprintf(e->text, sizeof e->text, "%s", text ? text : "");
    return 0;
}

/* What changed since prev: a new screen, a toast, a message, a phase. */
static void find_events(ui_a11y_tree *t, const ui_a11y_tree *prev, uint64_t screen_id, const char *title)
{
    t->screen_id = screen_id;
    /* a new screen or dialog, or a page turned in place (the window's
     * name, which names the page, changed) */
    if (!prev || prev->screen_id != screen_id ||
        (prev->count > 0 && t->count > 0 && strcmp(prev->nodes[0].name, t->nodes[0].name))) {
        char said[UI_A11Y_EVENT_TEXT_MAX];
        snprintf(said, sizeof said, "%s", t->count > 0 ? t->nodes[0].name : (title ? title : ""));
        char *tail = strstr(said, " - Innermost"); /* the page and the screen, not the app's name */
        if (tail && !tail[strlen(" - Innermost")]) *tail = 0;
        ui_a11y_tree_add_event(t, UI_A11Y_EV_SCREEN, 0, said);
    }
    for (int i = 1; i < t->count; i++) {
        const ui_a11y_node *n = &t->nodes[i];
        if (n->role != UI_A11Y_ROLE_ALERT && n->role != UI_A11Y_ROLE_TIMER) continue;
        const ui_a11y_node *o = find_id(prev, n->id);
        if (n->role == UI_A11Y_ROLE_TIMER) { /* its live words: the phase */
            if (n->description[0] && (!o || strcmp(o->description, n->description)))
                ui_a11y_tree_add_event(t, UI_A11Y_EV_PHASE, i, n->description);
            continue;
        }
        if (o && !strcmp(o->name, n->name)) continue;
        {
            ui_a11y_tree_add_event(t, n->id == TOAST_ID ? UI_A11Y_EV_TOAST : UI_A11Y_EV_MESSAGE, i, n->name);
        }
    }
}

static void builder_free(builder *b)
{
    free(b->name_off);
    free(b->desc_off);
    free(b->text_off);
    free(b->box_off);
    free(b->last_child);
    free(b->widget);
}

/* The tree of `in` into b (b->t made here); 0, or -1 out of memory. */
static int build(builder *b, const ui_a11y_input *in)
{
    memset(b, 0, sizeof *b);
    b->in = in;
    b->screen = in->screen_rect;
    b->t = calloc(1, sizeof *b->t);
    if (!b->t) return -1;
    SDL_AtomicSet(&b->t->refs, 1);
    b->t->focus = -1;
    b->t->window.x = in->win_x;
    b->t->window.y = in->win_y;
    b->t->window.to_screen = in->to_screen > 0 ? in->to_screen : 1.0f;
    /* the window is named by what it shows, as a desktop window's title
     * is: a reader says it when the screen changes */
    const char *title = in->covered ? NULL : screen_title(in);
    /* a titled screen with no overlay names its page too ("Pass the
     * device to Sam - Together - Innermost"), so a page turned in place is
     * a new window name, said as a new screen is (find_events) */
    const char *page = title && in->title && !in->overlay && in->screen ? page_heading(in->screen, title) : NULL;
    char name[UI_A11Y_NAME_MAX_WINDOW];
    if (page && page[0]) name_fmt(name, sizeof name, page, title);
    else if (title && title[0] && strcmp(title, "Innermost")) name_fmt(name, sizeof name, title, NULL);
    else snprintf(name, sizeof name, "Innermost");
    int win = add_node(b, -1, WINDOW_ID, UI_A11Y_ROLE_WINDOW, name, NULL);
    if (win >= 0) b->t->nodes[win].bounds = in->screen_rect;
    if (!in->covered) { /* invariant 5 */
        if (in->screen) visit(b, in->screen, win, !in->overlay);
        if (in->overlay) visit(b, in->overlay, win, 1);
        if (in->toast && in->toast[0]) {
            int i = add_node(b, win, TOAST_ID, UI_A11Y_ROLE_ALERT, in->toast, NULL);
            if (i >= 0) b->t->nodes[i].bounds = in->screen_rect;
        }
    }
    if (b->oom) return -1;
    /* offsets to pointers, now that the arena no longer moves */
    ui_a11y_tree *t = b->t;
    uint64_t s = 1469598103934665603u;
    for (int i = 0; i < t->count; i++) {
        ui_a11y_node *n = &t->nodes[i];
        n->name = t->arena + b->name_off[i];
        n->description = b->desc_off[i] == NO_STR ? "" : t->arena + b->desc_off[i];
        n->text = b->text_off[i] == NO_STR ? NULL : t->arena + b->text_off[i];
        n->boxes = n->box_count > 0 ? t->boxes + b->box_off[i] : NULL;
        n->joins = n->box_count > 0 ? t->joins + b->box_off[i] : NULL;
        s = (s ^ n->id) * 1099511628211u;
        s = (s ^ (uint64_t)(n->parent + 1)) * 1099511628211u;
        s = (s ^ (uint64_t)n->role) * 1099511628211u;
    }
    t->structure = s;
    return 0;
}

ui_a11y_tree *ui_a11y_tree_build(const ui_a11y_input *in, const ui_a11y_tree *prev)
{
    builder b;
    if (build(&b, in) != 0) {
        ui_a11y_tree_free(b.t);
        builder_free(&b);
        return NULL;
    }
    ui_a11y_tree *t = b.t;
    t->serial = prev ? prev->serial + 1 : 1;
    const char *title = in->covered ? NULL : screen_title(in);
    uint64_t screen_id = in->covered ? 0 : widget_id(in->screen) * 3u ^ widget_id(in->overlay);
    find_events(t, prev, screen_id, title);
    builder_free(&b);
    return t;
}

ui_widget *ui_a11y_widget_of(const ui_a11y_input *in, uint64_t id, const char *name, ui_rect *bounds)
{
    builder b;
    ui_widget *found = NULL;
    if (build(&b, in) == 0) {
        for (int i = 1; i < b.t->count; i++) {
            const ui_a11y_node *n = &b.t->nodes[i];
            if (n->id == id && !strcmp(n->name, name ? name : "")) {
                found = b.widget[i];
                if (bounds) *bounds = n->bounds;
                break;
            }
        }
    }
    ui_a11y_tree_free(b.t);
    builder_free(&b);
    return found;
}

static int str_eq(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    return !strcmp(a, b);
}

int ui_a11y_tree_same(const ui_a11y_tree *a, const ui_a11y_tree *b)
{
    if (!a || !b) return 0;
    if (b->nevents || a->count != b->count || a->structure != b->structure || a->focus != b->focus) return 0;
    if (a->window.x != b->window.x || a->window.y != b->window.y || a->window.to_screen != b->window.to_screen)
        return 0;
    for (int i = 0; i < a->count; i++) {
        const ui_a11y_node *x = &a->nodes[i], *y = &b->nodes[i];
        if (x->states != y->states || x->actions != y->actions || memcmp(&x->bounds, &y->bounds, sizeof x->bounds) ||
            x->value != y->value || x->min != y->min || x->max != y->max || x->text_chars != y->text_chars ||
            x->caret != y->caret || x->sel_start != y->sel_start || x->sel_end != y->sel_end ||
            !str_eq(x->name, y->name) || !str_eq(x->description, y->description) || !str_eq(x->text, y->text) ||
            x->box_first != y->box_first || x->box_count != y->box_count ||
            (x->box_count > 0 && (memcmp(x->boxes, y->boxes, (size_t)x->box_count * sizeof *x->boxes) ||
                                  memcmp(x->joins, y->joins, (size_t)x->box_count))))
            return 0;
    }
    return 1;
}

ui_a11y_tree *ui_a11y_tree_ref(ui_a11y_tree *t)
{
    if (t) SDL_AtomicIncRef(&t->refs);
    return t;
}

void ui_a11y_tree_free(ui_a11y_tree *t)
{
    if (!t || !SDL_AtomicDecRef(&t->refs)) return;
    if (t->arena) im_mem_wipe_free(t->arena, t->arena_cap);
    if (t->boxes) im_mem_wipe_free(t->boxes, t->boxes_cap * sizeof *t->boxes);
    if (t->joins) im_mem_wipe_free(t->joins, t->boxes_cap);
    free(t->nodes);
    im_mem_wipe(t->events, sizeof t->events);
    free(t);
}

int ui_a11y_tree_find(const ui_a11y_tree *t, int from, const char *name, ui_a11y_role role)
{
    for (int i = from < 0 ? 0 : from; t && i < t->count; i++)
        if (!strcmp(t->nodes[i].name, name) && (role == UI_A11Y_ROLE_NONE || t->nodes[i].role == role)) return i;
    return -1;
}
