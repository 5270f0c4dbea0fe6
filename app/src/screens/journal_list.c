/*
 * journal_list.c -- the Journal area: entries grouped by day, newest first,
 * in a virtual list fed a page at a time (journal_rows.h), with ways to
 * write (blank, from a prompt, continue an unfinished entry), to search,
 * and an undo bar after a delete.
 *
 * The undo bar stays until the person undoes, dismisses it or leaves the
 * screen, rather than vanishing on a timer: core keeps a deleted entry for
 * IM_JOURNAL_UNDO_WINDOW_MS, so there is no hurry to take it away (and a
 * control that disappears by itself is hard to reach for some people).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/content.h"
#include "screens/areas.h"
#include "screens/journal_entry.h"
#include "screens/journal_read.h"
#include "screens/journal_rows.h"
#include "screens/journal_screens.h"
#include "screens/journal_search.h"
#include "widgets/basic.h"
#include "widgets/frame.h"
#include "widgets/overlay.h"
#include "widgets/scrollview.h"

#define PROMPTS_MAX 6

enum list_action {
    ACT_NEW = 100,
    ACT_PROMPTS,
    ACT_PROMPT_PICK,
    ACT_SHEET_CLOSE,
    ACT_SEARCH,
    ACT_ROW,
    ACT_UNDO,
    ACT_UNDO_DISMISS
};

typedef struct list_state {
    ui_app *app;
    im_journal *j;
    jr_model m;
    ui_widget *top, *list, *empty, *undo_bar, *undo_holder, *new_button;
    int64_t trash_id; /* the entry the undo bar brings back; 0: none */
    const char *prompts[PROMPTS_MAX];
    int nprompts;
} list_state;

static int32_t today_of(list_state *st) { return jr_today(im_clock_now_ms(im_vault_clock(im_journal_vault(st->j)))); }

static void show(ui_widget *w, int on)
{
    if (!w) return;
    if (on) w->flags &= ~(unsigned)UI_WF_HIDDEN;
    else w->flags |= UI_WF_HIDDEN;
}

/* Whether an unfinished new entry waits, to be offered by name.  A draft
 * with no words and no mood is nothing to continue (the editor drops one
 * emptied again, but an older draft may be so): it is dropped here, and
 * the button says what it does, "New entry". */
static int new_draft_waiting(list_state *st)
{
    int64_t *ids = NULL;
    size_t n = 0;
    int has_new = 0;
    if (im_journal_drafts(st->j, &ids, &n) == IM_OK)
        for (size_t i = 0; i < n; i++) has_new |= ids[i] == 0;
    free(ids);
    if (!has_new) return 0;
    im_entry d;
    memset(&d, 0, sizeof d);
    if (im_journal_draft_load(st->j, 0, &d) != IM_OK) return 1; /* unreadable now: still offered */
    int blank = !(d.title && d.title[0]) && !(d.body && d.body[0]) && d.mood == 0;
    im_entry_free(&d);
    if (blank && im_journal_draft_discard(st->j, 0) == IM_OK) return 0;
    return !blank;
}

/* Reads the journal again after any change. */
static void refresh(list_state *st)
{
    ui_ctx *c = &st->app->ctx;
    jr_model_reload(&st->m, today_of(st));
    ui_list_set_rows(st->list, c, st->m.rows, jr_row_height);
    show(st->empty, st->m.entries == 0);
    show(st->list, st->m.entries != 0);
    show(st->undo_holder, st->trash_id != 0); /* its padding too: the list keeps the height */
    /* With no list to show, the top part has the whole page to scroll in. */
    if (st->m.entries == 0) st->top->flags |= UI_WF_FILL;
    else st->top->flags &= ~(unsigned)UI_WF_FILL;
    ui_widget_set_label(st->new_button, ui_str(new_draft_waiting(st) ? STR_JOURNAL_CONTINUE : STR_JOURNAL_NEW));
    ui_ctx_relayout(c);
}

static void on_saved(ui_app *app, void *ctx, int64_t id)
{
    (void)app, (void)id;
    list_state *st = ctx;
    refresh(st);
}

static void on_deleted(ui_app *app, void *ctx, int64_t trash_id)
{
    (void)app;
    list_state *st = ctx;
    st->trash_id = trash_id;
    refresh(st);
}

/* An entry opens to be read; Edit there opens the editor. */
static void open_reader(ui_app *app, list_state *st, int64_t id)
{
    journal_listener l = { on_saved, on_deleted, st };
    ui_screen *s = ui_screen_new(app, &ui_journal_read_class, &(journal_read_args){ id, NULL, &l });
    if (s) ui_nav_push(app, s);
}

static void open_editor(ui_app *app, list_state *st, int64_t id, const char *prompt)
{
    journal_listener l = { on_saved, on_deleted, st };
    ui_screen *s = ui_screen_new(app, &ui_journal_entry_class,
                                 &(journal_entry_args){ .entry_id = id, .prompt = prompt, .listener = &l });
    if (s) ui_nav_push(app, s);
}

/* Prompts from the content, path steps first, then practice and guides. */
static void collect_prompts(list_state *st, const im_library *lib)
{
    if (!lib) return;
    static const im_item_kind order[] = { IM_ITEM_PATH, IM_ITEM_PRACTICE, IM_ITEM_GUIDE };
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        for (size_t i = 0; i < im_library_item_count(lib) && st->nprompts < PROMPTS_MAX; i++) {
            const im_item *it = im_library_item(lib, i);
            if (it->kind != order[k] || it->journal.n == 0) continue;
            st->prompts[st->nprompts++] = it->journal.v[0]; /* one per item: variety */
        }
}

static void open_prompts(ui_app *app, list_state *st)
{
    ui_widget *o = ui_overlay_new(UI_OVERLAY_SHEET, ui_str(STR_JOURNAL_PROMPTS_TITLE), ACT_SHEET_CLOSE);
    if (!o) return;
    ui_widget *card = ui_overlay_card(o);
    if (st->nprompts == 0) ui_widget_add(card, ui_label_new(ui_str(STR_JOURNAL_NO_PROMPTS), UI_TEXT_BODY));
    for (int i = 0; i < st->nprompts; i++) {
        ui_widget *b = ui_widget_add(card, ui_button_new(st->prompts[i], UI_BUTTON_SECONDARY, ACT_PROMPT_PICK));
        if (b) b->value = i;
    }
    ui_app_show_overlay(app, o);
    ui_overlay_shown(o, &app->ctx);
}

static void undo_delete(ui_app *app, list_state *st)
{
    im_rc rc = im_journal_trash_restore(st->j, st->trash_id, NULL);
    st->trash_id = 0;
    ui_app_toast(app, ui_str(rc == IM_OK ? STR_JOURNAL_RESTORED : STR_JOURNAL_UNDO_GONE));
    refresh(st);
}

static void list_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    if (ui_area_handle_action(app, a)) return;
    list_state *st = s->state;
    size_t day = 0;
    const im_entry_summary *e = NULL;
    switch (a->kind) {
    case ACT_NEW: open_editor(app, st, 0, NULL); break;
    case ACT_PROMPTS: open_prompts(app, st); break;
    case ACT_SHEET_CLOSE: ui_app_close_overlay(app); break;
    case ACT_PROMPT_PICK: {
        int i = a->source ? a->source->value : -1; /* read before the overlay goes */
        ui_app_close_overlay(app);
        if (i >= 0 && i < st->nprompts) open_editor(app, st, 0, st->prompts[i]);
        break;
    }
    case ACT_SEARCH: {
        journal_listener l = { on_saved, on_deleted, st };
        ui_screen *search = ui_screen_new(app, &ui_journal_search_class, &l);
        if (search) ui_nav_push(app, search);
        break;
    }
    case ACT_ROW:
        if (a->value >= 0 && !jr_model_row(&st->m, (uint32_t)a->value, &day, &e) && e) open_reader(app, st, e->id);
        break;
    case ACT_UNDO: undo_delete(app, st); break;
    case ACT_UNDO_DISMISS:
        st->trash_id = 0;
        refresh(st);
        break;
    default: break;
    }
}

static void list_free(ui_screen *s)
{
    list_state *st = s->state;
    if (st) jr_model_free(&st->m);
    free(st);
}

static ui_widget *build_empty(void)
{
    ui_widget *card = ui_card_new();
    if (!card) return NULL;
    ui_widget_add(card, ui_label_new(ui_str(STR_JOURNAL_EMPTY_TITLE), UI_TEXT_HEADING));
    ui_widget_add(card, ui_label_new(ui_str(STR_JOURNAL_EMPTY_BODY), UI_TEXT_BODY));
    return card;
}

/* A card along the bottom: what happened, Undo, Dismiss. */
static ui_widget *build_undo_bar(void)
{
    ui_widget *card = ui_card_new();
    if (!card) return NULL;
    ui_widget_add(card, ui_label_new(ui_str(STR_JOURNAL_DELETED), UI_TEXT_BODY));
    ui_widget *row = ui_widget_add(card, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (!row) {
        ui_widget_free(card);
        return NULL;
    }
    ui_widget_add(row, ui_button_new(ui_str(STR_JOURNAL_DISMISS), UI_BUTTON_SECONDARY, ACT_UNDO_DISMISS));
    ui_widget_add(row, ui_button_new(ui_str(STR_JOURNAL_UNDO), UI_BUTTON_PRIMARY, ACT_UNDO));
    return card;
}

/* The top part of the page (the actions and the empty state) scrolls on
 * its own, above the list: at a large text size it is taller than a phone's
 * screen, and a fixed column would push its words under the tab bar, out of
 * reach.  Beside a list it takes at most a third of the screen's height,
 * so the list keeps the rest; alone it fills the page (refresh sets
 * UI_WF_FILL then, and the page's column ignores this measure). */
static int top_measure(ui_widget *w, ui_ctx *c, int width)
{
    int wanted = w->first ? ui_widget_measure(w->first, c, width) : 0;
    int most = c->metrics.height_px / 3;
    return wanted < most ? wanted : most;
}

/* Its one child, the scroll view, fills it. */
static void top_layout(ui_widget *w, ui_ctx *c)
{
    if (w->first) ui_widget_place(w->first, c, w->rect);
}

static const ui_class top_class = { .name = "journal-top", .measure = top_measure, .layout = top_layout };

/* The top holder around a scroll view of `content` (taken even on failure). */
static ui_widget *top_new(ui_widget *content)
{
    ui_widget *scroll = ui_scroll_new(content);
    ui_widget *holder = scroll ? ui_widget_new(&top_class, NULL, 0) : NULL;
    if (!holder) {
        ui_widget_free(scroll);
        return NULL;
    }
    ui_widget_add(holder, scroll);
    return holder;
}

static ui_widget *build_body(list_state *st)
{
    ui_widget *page = ui_column_new(0, 0);
    if (!page) return NULL;
    page->flags |= UI_WF_FILL;
    ui_widget *top = ui_column_new(12, UI_SPACING_PT);
    st->top = top ? ui_widget_add(page, top_new(top)) : NULL;
    if (!st->top) top = NULL; /* freed by top_new */
    ui_widget *actions = top ? ui_widget_add(top, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT)) : NULL;
    if (actions) {
        st->new_button = ui_widget_add(actions, ui_button_new(ui_str(STR_JOURNAL_NEW), UI_BUTTON_PRIMARY, ACT_NEW));
        ui_widget_add(actions, ui_button_new(ui_str(STR_JOURNAL_FROM_PROMPT), UI_BUTTON_SECONDARY, ACT_PROMPTS));
    }
    st->empty = top ? ui_widget_add(top, build_empty()) : NULL;
    st->list = ui_widget_add(page, ui_list_new(0, (float)JR_ENTRY_PT, jr_row_label, &st->m, ACT_ROW));
    if (st->list) ui_widget_set_label(st->list, ui_str(STR_JOURNAL_LIST_NAME)); /* one Tab stop: it needs a name */
    ui_widget *bottom = st->undo_holder = ui_widget_add(page, ui_column_new(12, 0));
    st->undo_bar = bottom ? ui_widget_add(bottom, build_undo_bar()) : NULL;
    if (!st->top || !st->new_button || !st->empty || !st->list || !st->undo_bar) {
        ui_widget_free(page);
        return NULL;
    }
    ui_list_set_draw(st->list, jr_row_draw);
    return page;
}

static int list_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)args;
    ui_session *sess = ui_session_of(app);
    if (!sess || !sess->journal) return -1;
    list_state *st = s->state = calloc(1, sizeof *st);
    if (!st) return -1;
    st->app = app;
    st->j = sess->journal;
    jr_model_init(&st->m, st->j, NULL);
    st->m.ui = &app->ctx;
    collect_prompts(st, ui_app_content(app));
    s->title = ui_str(STR_JOURNAL_TITLE);
    s->root = ui_area_frame(UI_AREA_JOURNAL, s->title);
    /* Search in the header bar: in reach from the top of the list, and the
     * actions above the list keep to one or two rows at large text */
    if (s->root && !ui_frame_add_action(s->root, ui_str(STR_JOURNAL_SEARCH), ACT_SEARCH)) return -1;
    ui_widget *body = s->root ? build_body(st) : NULL;
    if (!body) return -1;
    ui_frame_set_body(s->root, body);
    refresh(st);
    return 0;
}

const ui_screen_class ui_journal_list_class = {
    .name = "journal", .build = list_build, .action = list_action, .free = list_free
};
