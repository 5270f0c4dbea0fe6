/*
 * item.c -- one item's page: a path step or a practice tool or guide.
 *
 * It shows the item's summary, a way into its reading cards (one at a
 * time, in the reader), its solo exercises with what is done or in
 * progress, its journal prompts, and the safety note when the item has
 * one.  An exercise done before opens on its last run's answers (the
 * read view, ui_player_open_exercise).  When a player opened from here
 * closes, the page is rebuilt (UI_ACT_PLAYER_CHANGED), so "in progress"
 * and "done" are current.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/engine.h"
#include "innermost/progress.h"
#include "screens/player.h"
#include "screens/player_journal.h"
#include "screens/support.h"
#include "widgets/basic.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"

enum { IT_BACK = 1, IT_READ, IT_EXERCISE, IT_WRITE, IT_SAFETY };

typedef struct item_page {
    const im_item *item;
} item_page;

/* Whether ex was ever finished: a PRACTICE event names it. */
static int exercise_done(ui_session *s, const char *ex_id)
{
    im_progress_event *ev = NULL;
    size_t n = 0;
    int done = 0;
    if (im_progress_events(s->vault, IM_PROGRESS_PRACTICE, 0, INT64_MAX, &ev, &n) != IM_OK) return 0;
    for (size_t i = 0; i < n && !done; i++) done = strcmp(ev[i].item, ex_id) == 0;
    free(ev);
    return done;
}

static void add_exercise(ui_widget *col, ui_session *s, const im_exercise *ex, int index)
{
    ui_widget *card = ui_widget_add(col, ui_card_new());
    if (!card) return;
    ui_widget *b = ui_widget_add(card, ui_button_new(ex->title, UI_BUTTON_PRIMARY, IT_EXERCISE));
    if (b) b->value = index;
    int64_t id;
    const char *state = NULL;
    if (im_run_find_open(s->vault, ex->id, &id) == IM_OK) state = ui_str(STR_PLAYER_IN_PROGRESS);
    else if (exercise_done(s, ex->id)) state = ui_str(STR_PLAYER_EXERCISE_DONE);
    char buf[64];
    snprintf(buf, sizeof buf, ui_str(STR_PLAYER_STEPS_COUNT), ex->n_steps);
    ui_widget_add(card, ui_label_new(state ? state : buf, UI_TEXT_SMALL));
}

static ui_widget *build(ui_app *app, const im_item *item)
{
    ui_session *s = ui_session_of(app);
    ui_widget *col = ui_column_new(16, 12);
    if (!col) return NULL;
    if (item->summary) ui_widget_add(col, ui_label_new(item->summary, UI_TEXT_BODY));
    char buf[160];
    if (item->kind == IM_ITEM_PATH && item->minutes)
        snprintf(buf, sizeof buf, ui_str(STR_PLAYER_STEP_META), item->step, item->minutes);
    else if (item->minutes) snprintf(buf, sizeof buf, ui_str(STR_PLAYER_MINUTES), item->minutes);
    else buf[0] = 0;
    if (buf[0]) ui_widget_add(col, ui_label_new(buf, UI_TEXT_SMALL));
    if (item->n_cards) {
        snprintf(buf, sizeof buf, ui_str(item->n_cards == 1 ? STR_PLAYER_READ_ONE : STR_PLAYER_READ_CARDS),
                 item->n_cards);
        ui_widget_add(col, ui_button_new(buf, UI_BUTTON_SECONDARY, IT_READ));
    }
    int shown = 0;
    for (size_t i = 0; i < item->n_exercises; i++) {
        const im_exercise *ex = &item->exercises[i];
        if (ex->mode != IM_MODE_SOLO) continue;
        if (!shown++) ui_widget_add(col, ui_label_new(ui_str(STR_PLAYER_EXERCISES), UI_TEXT_HEADING));
        add_exercise(col, s, ex, (int)i);
    }
    if (item->journal.n) ui_widget_add(col, ui_label_new(ui_str(STR_PLAYER_WRITE_HEADING), UI_TEXT_HEADING));
    for (size_t i = 0; i < item->journal.n; i++) {
        ui_widget *b = ui_widget_add(col, ui_button_new(item->journal.v[i], UI_BUTTON_SECONDARY, IT_WRITE));
        if (b) b->value = (int)i;
    }
    if (item->safety) ui_widget_add(col, ui_button_new(ui_str(STR_PLAYER_SAFETY), UI_BUTTON_TEXT, IT_SAFETY));
    return col;
}

static void on_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    const im_item *item = ((item_page *)s->state)->item;
    int i = a->source ? a->source->value : -1; /* buttons carry their index */
    switch (a->kind) {
    case IT_BACK: ui_player_close(app); break;
    case IT_READ: ui_nav_push(app, ui_screen_new(app, &ui_reader_class, item)); break;
    case IT_EXERCISE:
        if (i >= 0 && (size_t)i < item->n_exercises)
            ui_player_open_exercise(app, &item->exercises[i]); /* or its last run's answers */
        break;
    case IT_WRITE:
        if (i >= 0 && (size_t)i < item->journal.n) ui_player_journal_open(app, item->id, item->journal.v[i]);
        break;
    case IT_SAFETY: ui_nav_push(app, ui_screen_new(app, &ui_safety_class, &(ui_safety_args){ item->safety, 0 })); break;
    case UI_ACT_PLAYER_CHANGED:
        ui_nav_replace(app, ui_screen_new(app, &ui_item_class, item));
        break; /* s is gone now */
    default: break;
    }
}

static void item_free(ui_screen *s) { free(s->state); }

static int item_build(ui_app *app, ui_screen *s, const void *args)
{
    const im_item *item = args;
    if (!item) return -1;
    item_page *ip = s->state = calloc(1, sizeof *ip);
    if (!ip) return -1;
    ip->item = item;
    s->title = item->title;
    s->back_action = IT_BACK;
    s->body = build(app, item);
    return s->body ? 0 : -1;
}

const ui_screen_class ui_item_class = {
    .name = "item",
    .options = UI_SCREEN_FRAMED,
    .build = item_build,
    .action = on_action,
    .back = ui_player_on_back,
    .free = item_free,
};
