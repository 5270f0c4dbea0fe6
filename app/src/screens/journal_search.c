/* journal_search.c -- see journal_search.h.  Each edit of the field runs the
 * search again (core answers 10,000 entries in milliseconds); Return does
 * the same, for people who expect it.  Just after unlock core may still be
 * reading entries in: the answer is then partial, the count line says it is
 * still looking (never "no entries" too early), and the screen's tick runs
 * the search again a few times a second until the answer is whole. */
#include "screens/journal_search.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/session.h"
#include "app/strings.h"
#include "screens/journal_entry.h"
#include "screens/journal_read.h"
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
    ui_widget *field, *count, *list;
    journal_listener parent;
    int64_t watch_at; /* when a partial answer is next asked again; INT64_MAX: whole */
} search_state;

static void run_query(search_state *st)
{
    ui_ctx *c = &st->app->ctx;
    const char *q = ui_field_text(st->field);
    jr_model_set_query(&st->m, q, jr_today(im_clock_now_ms(im_vault_clock(im_journal_vault(st->j)))));
    ui_list_set_rows(st->list, c, st->m.rows, jr_row_height);
    char buf[160];
    if (!q[0]) snprintf(buf, sizeof buf, "%s", ui_str(STR_SEARCH_HINT));
    else if (st->m.partial && st->m.entries == 0) snprintf(buf, sizeof buf, "%s", ui_str(STR_SEARCH_LOOKING));
    else if (st->m.partial) snprintf(buf, sizeof buf, ui_str(STR_SEARCH_FOUND_SO_FAR), (int)st->m.entries);
    else if (st->m.entries == 0) snprintf(buf, sizeof buf, "%s", ui_str(STR_SEARCH_NONE));
    else snprintf(buf, sizeof buf, ui_str(STR_SEARCH_FOUND), (int)st->m.entries);
    ui_label_set_text(st->count, c, buf);
    st->watch_at = q[0] && st->m.partial ? c->now_ms + WATCH_MS : INT64_MAX;
}

/* A partial answer is asked again every WATCH_MS until it is whole. */
static void search_tick(ui_app *app, ui_screen *s)
{
    search_state *st = s->state;
    if (st && st->watch_at != INT64_MAX && app->ctx.now_ms >= st->watch_at) run_query(st);
}

static int64_t search_deadline(ui_app *app, ui_screen *s)
{
    (void)app;
    search_state *st = s->state;
    return st ? st->watch_at : INT64_MAX;
}

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
            journal_read_args ra = { e->id, ui_field_text(st->field), &l };
            ui_screen *rd = ui_screen_new(app, &ui_journal_read_class, &ra);
            if (rd) ui_nav_push(app, rd);
        }
        break;
    default: break;
    }
}

static void search_free(ui_screen *s)
{
    search_state *st = s->state;
    if (st) jr_model_free(&st->m);
    free(st);
}

static int search_build(ui_app *app, ui_screen *s, const void *args)
{
    const journal_listener *parent = args;
    ui_session *sess = ui_session_of(app);
    if (!sess || !sess->journal) return -1;
    search_state *st = s->state = calloc(1, sizeof *st);
    if (!st) return -1;
    st->app = app;
    st->j = sess->journal;
    st->watch_at = INT64_MAX;
    if (parent) st->parent = *parent;
    jr_model_init(&st->m, st->j, "");
    st->m.ui = &app->ctx;
    s->title = ui_str(STR_SEARCH_TITLE);
    s->root = ui_frame_new(s->title, ACT_BACK);
    ui_widget *page = ui_column_new(0, 0);
    if (!s->root || !page) {
        ui_widget_free(page);
        return -1;
    }
    page->flags |= UI_WF_FILL;
    ui_frame_set_body(s->root, page);
    ui_widget *top = ui_widget_add(page, ui_column_new(12, UI_SPACING_PT));
    st->field = top ? ui_widget_add(top, ui_field_new(ui_str(STR_SEARCH_FIELD), UI_FIELD_LINE, ACT_QUERY, ACT_QUERY))
                    : NULL;
    st->count = top ? ui_widget_add(top, ui_label_new(ui_str(STR_SEARCH_HINT), UI_TEXT_SMALL)) : NULL;
    st->list = ui_widget_add(page, ui_list_new(0, (float)JR_ENTRY_PT, jr_row_label, &st->m, ACT_ROW));
    if (!st->field || !st->count || !st->list) return -1;
    s->first_focus = st->field; /* the person came to type a word */
    ui_list_set_draw(st->list, jr_row_draw);
    return 0;
}

const ui_screen_class ui_journal_search_class = { .name = "journal-search",
                                                  .build = search_build,
                                                  .action = search_action,
                                                  .tick = search_tick,
                                                  .deadline = search_deadline,
                                                  .free = search_free };
