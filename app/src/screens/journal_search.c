/* journal_search.c -- see journal_search.h.  Each edit of the field runs the
 * search again (core answers 10,000 entries in milliseconds); Return does
 * the same, for people who expect it.  Just after unlock core may still be
 * reading entries in: the answer is then partial, the count line says it is
 * still looking (never "no entries" too early), and a watcher runs the
 * search again a few times a second until the answer is whole. */
#include "screens/journal_search.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/session.h"
#include "app/strings.h"
#include "screens/journal_entry.h"
#include "screens/journal_rows.h"
#include "widgets/basic.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"
#include "widgets/textfield.h"

enum search_action { ACT_BACK = 1, ACT_QUERY, ACT_ROW };

#define WATCH_MS 250 /* how often a partial answer is asked again */

typedef struct search_state {
    ui_app *app;
    im_journal *j;
    jr_model m;
    ui_widget *field, *count, *list, *watch;
    journal_listener parent;
    int64_t watch_at; /* when the watcher next asks again */
} search_state;

static void run_query(search_state *st)
{
    ui_ctx *c = &st->app->ctx;
    const char *q = ui_field_text(st->field);
    jr_model_set_query(&st->m, q, jr_today(im_clock_now_ms(im_vault_clock(im_journal_vault(st->j)))));
    ui_list_set_rows(st->list, c, st->m.rows, NULL);
    char buf[160];
    if (!q[0]) snprintf(buf, sizeof buf, "%s", ui_str(STR_SEARCH_HINT));
    else if (st->m.partial && st->m.entries == 0) snprintf(buf, sizeof buf, "%s", ui_str(STR_SEARCH_LOOKING));
    else if (st->m.partial) snprintf(buf, sizeof buf, ui_str(STR_SEARCH_FOUND_SO_FAR), (int)st->m.entries);
    else if (st->m.entries == 0) snprintf(buf, sizeof buf, "%s", ui_str(STR_SEARCH_NONE));
    else snprintf(buf, sizeof buf, ui_str(STR_SEARCH_FOUND), (int)st->m.entries);
    ui_label_set_text(st->count, c, buf);
    if (q[0] && st->m.partial && st->watch) {
        st->watch_at = c->now_ms + WATCH_MS;
        ui_ctx_start_ticker(c, st->watch);
    }
}

/* ---- the watcher: an empty widget whose tick asks a partial search again */

static int watch_measure(ui_widget *w, ui_ctx *c, int width)
{
    (void)w, (void)c, (void)width;
    return 0;
}

static void watch_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl) { (void)w, (void)c, (void)dl; }

static int watch_tick(ui_widget *w, ui_ctx *c)
{
    search_state *st = w->data ? *(search_state **)w->data : NULL;
    if (!st || !st->m.partial) return 0;
    if (c->now_ms < st->watch_at) return UI_TICK_QUIET;
    run_query(st); /* sets the next time, or ends when whole */
    return st->m.partial ? UI_TICK_QUIET : 0;
}

static int64_t watch_deadline(ui_widget *w, ui_ctx *c)
{
    (void)c;
    search_state *st = w->data ? *(search_state **)w->data : NULL;
    return st && st->m.partial ? st->watch_at : INT64_MAX;
}

static const ui_class watch_class = {
    .name = "search-watch", .measure = watch_measure, .draw = watch_draw, .tick = watch_tick,
    .deadline = watch_deadline
};

static void on_saved(ui_app *app, void *ctx, int64_t id)
{
    search_state *st = ctx;
    run_query(st);
    if (st->parent.saved) st->parent.saved(app, st->parent.ctx, id);
}

static void on_deleted(ui_app *app, void *ctx, int64_t trash_id)
{
    search_state *st = ctx;
    run_query(st);
    ui_app_toast(app, ui_str(STR_JOURNAL_DELETED));
    if (st->parent.deleted) st->parent.deleted(app, st->parent.ctx, trash_id);
}

static void search_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    search_state *st = s->state;
    size_t day = 0;
    const im_entry_summary *e = NULL;
    switch (a->kind) {
    case ACT_BACK: ui_nav_back(app); break;
    case ACT_QUERY: run_query(st); break;
    case ACT_ROW:
        if (a->value >= 0 && !jr_model_row(&st->m, (uint32_t)a->value, &day, &e) && e) {
            journal_listener l = { on_saved, on_deleted, st };
            ui_screen *ed = journal_entry_screen(app, e->id, NULL, NULL, &l);
            if (ed) ui_nav_push(app, ed);
        }
        break;
    default: break;
    }
}

static void search_destroy(ui_screen *s)
{
    search_state *st = s->state;
    if (st) jr_model_free(&st->m);
    free(st);
    free(s); /* the stack freed s->root */
}

ui_screen *journal_search_screen(ui_app *app, const journal_listener *parent)
{
    ui_session *sess = ui_session_of(app);
    if (!sess || !sess->journal) return NULL;
    ui_screen *s = calloc(1, sizeof *s);
    search_state *st = calloc(1, sizeof *st);
    ui_widget *page = ui_column_new(0, 0);
    if (!s || !st || !page) goto fail;
    st->app = app;
    st->j = sess->journal;
    if (parent) st->parent = *parent;
    jr_model_init(&st->m, st->j, "");
    page->flags |= UI_WF_FILL;
    ui_widget *top = ui_widget_add(page, ui_column_new(12, UI_SPACING_PT));
    st->field = top ? ui_widget_add(top, ui_field_new(ui_str(STR_SEARCH_FIELD), UI_FIELD_LINE, ACT_QUERY, ACT_QUERY))
                    : NULL;
    st->count = top ? ui_widget_add(top, ui_label_new(ui_str(STR_SEARCH_HINT), UI_TEXT_SMALL)) : NULL;
    st->watch = top ? ui_widget_add(top, ui_widget_new(&watch_class, NULL, sizeof(search_state *))) : NULL;
    if (st->watch) {
        *(search_state **)st->watch->data = st;
        st->watch->flags |= UI_WF_HIDDEN; /* takes no room; it only ticks */
    }
    st->list = ui_widget_add(page, ui_list_new(0, (float)JR_ENTRY_PT, jr_row_label, &st->m, ACT_ROW));
    s->root = ui_frame_new(ui_str(STR_SEARCH_TITLE), ACT_BACK);
    if (!st->field || !st->count || !st->watch || !st->list || !s->root) goto fail;
    ui_list_set_draw(st->list, jr_row_draw);
    ui_frame_set_body(s->root, page);
    page = NULL;
    s->title = ui_str(STR_SEARCH_TITLE);
    s->state = st;
    s->on_action = search_action;
    s->destroy = search_destroy;
    return s;
fail:
    ui_widget_free(page);
    if (s) ui_widget_free(s->root);
    if (st) jr_model_free(&st->m);
    free(st);
    free(s);
    return NULL;
}
