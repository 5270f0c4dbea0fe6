/*
 * your_work.c -- see your_work.h.
 *
 * Design.  The list is asked of core whole (im_run_history) when the
 * screen opens, on every edit of the search field, and when a player
 * opened from here closes (UI_ACT_PLAYER_CHANGED): a person's runs are a
 * few hundred at most, so a column of cards is rebuilt rather than paged.
 * The entries hold the person's words (summaries): they are freed with
 * im_run_history_free, which wipes them, whenever the list is asked again
 * and when the screen goes.
 */
#include "screens/your_work.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/engine.h"
#include "screens/journal_rows.h"
#include "screens/player.h"
#include "widgets/basic.h"
#include "widgets/frame.h"
#include "widgets/textfield.h"

enum { YW_BACK = 1, YW_QUERY, YW_ROW };

typedef struct your_work {
    ui_app *app;
    ui_widget *field, *count, *list;
    im_run_entry *entries;
    size_t n;
} your_work;

/* "Untangling a thought · Finished · Today" */
static void row_line(const im_run_entry *e, int32_t today, char *buf, size_t cap)
{
    char state[160], day[80];
    int64_t when = e->changed_ms ? e->changed_ms : e->started_ms;
    if (when > 0) {
        jr_day_text(jr_today(when), today, day, sizeof day);
        snprintf(state, sizeof state, ui_str(e->finished ? STR_RUN_READ_FINISHED : STR_RUN_READ_OPEN), day);
    } else {
        snprintf(state, sizeof state, "%s",
                 ui_str(e->finished ? STR_RUN_READ_FINISHED_UNDATED : STR_RUN_READ_OPEN_UNDATED));
    }
    const char *item = e->ex->item && e->ex->item->title ? e->ex->item->title : "";
    if (item[0]) snprintf(buf, cap, ui_str(STR_YOUR_WORK_ROW), item, state);
    else snprintf(buf, cap, "%s", state);
}

/* A card for entry i: the exercise (the button that opens it), when, and
 * the first words answered. */
static void add_row(your_work *w, size_t i, int32_t today)
{
    const im_run_entry *e = &w->entries[i];
    ui_widget *card = ui_widget_add(w->list, ui_card_new());
    if (!card) return;
    ui_widget *b = ui_widget_add(card,
                                 ui_button_new(e->ex->title ? e->ex->title : e->ex->id, UI_BUTTON_SECONDARY, YW_ROW));
    if (b) b->value = (int)i;
    char buf[400];
    row_line(e, today, buf, sizeof buf);
    ui_widget_add(card, ui_label_new(buf, UI_TEXT_SMALL));
    if (e->summary) ui_widget_add(card, ui_label_new(e->summary, UI_TEXT_BODY));
}

/* The count line: how many, none found, or nothing yet. */
static void set_count(your_work *w, const char *query, im_rc rc)
{
    char buf[200];
    int searching = query && query[0];
    if (rc != IM_OK || (!w->n && !searching)) snprintf(buf, sizeof buf, "%s", ui_str(STR_YOUR_WORK_EMPTY));
    else if (!w->n) snprintf(buf, sizeof buf, "%s", ui_str(STR_YOUR_WORK_NONE_FOUND));
    else snprintf(buf, sizeof buf, ui_str(searching ? STR_YOUR_WORK_FOUND : STR_YOUR_WORK_COUNT), w->n);
    ui_label_set_text(w->count, &w->app->ctx, buf);
}

/* Asks core for the runs the field's words find, and shows them. */
static void run_query(your_work *w)
{
    ui_session *s = ui_session_of(w->app);
    ui_ctx *c = &w->app->ctx;
    const char *query = ui_field_text(w->field);
    im_run_history_free(w->entries, w->n);
    w->entries = NULL;
    w->n = 0;
    im_rc rc = s && s->vault && ui_app_content(w->app)
                   ? im_run_history(ui_app_content(w->app), s->vault, NULL, query, &w->entries, &w->n)
                   : IM_ERR_LOCKED;
    ui_widget_remove_children(w->list, c);
    int32_t today = jr_today(s ? im_clock_now_ms(&s->clock) : 0);
    for (size_t i = 0; i < w->n; i++) add_row(w, i, today);
    set_count(w, query, rc);
    ui_ctx_relayout(c);
}

static void on_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    your_work *w = s->state;
    int i = a->source ? a->source->value : -1; /* a row's button carries its index */
    switch (a->kind) {
    case YW_BACK: ui_nav_back(app); break;
    case YW_QUERY:
    case UI_ACT_PLAYER_CHANGED: run_query(w); break;
    case YW_ROW:
        if (i >= 0 && (size_t)i < w->n) {
            ui_screen *rd = ui_screen_new(app, &ui_run_read_class,
                                          &(ui_run_read_args){ w->entries[i].id, ui_field_text(w->field) });
            if (rd) ui_nav_push(app, rd);
        }
        break;
    default: break;
    }
}

static void your_work_free(ui_screen *s)
{
    your_work *w = s->state;
    if (!w) return;
    im_run_history_free(w->entries, w->n);
    free(w);
}

static int your_work_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)args;
    ui_session *sess = ui_session_of(app);
    if (!sess || !sess->vault) return -1;
    your_work *w = s->state = calloc(1, sizeof *w);
    ui_widget *col = s->body = ui_column_new(16, 12);
    if (!w || !col) return -1;
    w->app = app;
    s->title = ui_str(STR_YOUR_WORK_TITLE);
    s->back_action = YW_BACK;
    ui_widget_add(col, ui_label_new(ui_str(STR_YOUR_WORK_INTRO), UI_TEXT_BODY));
    w->field = ui_widget_add(col, ui_field_new(ui_str(STR_YOUR_WORK_SEARCH), UI_FIELD_LINE, YW_QUERY, YW_QUERY));
    w->count = ui_widget_add(col, ui_label_new("", UI_TEXT_SMALL));
    w->list = ui_widget_add(col, ui_column_new(0, 12));
    if (!w->field || !w->count || !w->list) return -1;
    run_query(w);
    return 0;
}

const ui_screen_class ui_your_work_class = {
    .name = "your-work",
    .options = UI_SCREEN_FRAMED,
    .build = your_work_build,
    .action = on_action,
    .free = your_work_free,
};
