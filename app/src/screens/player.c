/*
 * player.c -- the exercise player screen: one card at a time, swipe or
 * Previous / Next, progress dots, Skip and Not now always there.
 *
 * Design.  The screen is a frame (title, Back = leave and keep the place)
 * whose body is: the dots, a swipe container holding the card (a scroll
 * view, rebuilt whenever the step changes), and the bar of buttons.  The
 * engine's solo run (engine.h) is the only state: opening an exercise
 * continues its newest unfinished run (im_run_find_open) -- also one set
 * aside with "Not now", also after the app was restarted -- or starts a new
 * one attached to the vault, so every answer is sealed as it is given.
 * ui_player_run_class does the same on a run chosen in the read view
 * (run_read.c): a new one, or the one read back.
 *
 * The same screen reads an item's reading cards (ex == NULL, no run): the
 * cards are steps, Skip moves on, Not now leaves.
 *
 * When a run finishes, the engine logs the path step (for a path item) and
 * the practice to progress.h once, with the save of the finished run
 * (im_run_log_progress); the last card offers the exercise's
 * journal prompts ("Write about this", linked back to the exercise).
 *
 * Moving on from a rating at the hard end of a wellbeing check (content's
 * 'wellbeing:' on a scale) shows the care card (care.h) over the next
 * card: Skip there goes on exactly as Next would have.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a11y/tree.h"
#include "app/session.h"
#include "app/strings.h"
#include "innermost/progress.h"
#include "platform/sound.h"
#include "screens/care.h"
#include "screens/player.h"
#include "screens/player_internal.h"
#include "screens/player_journal.h"
#include "screens/swipe.h"
#include "screens/support.h"
#include "widgets/basic.h"
#include "widgets/controls.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"

/* ---- what is shown ------------------------------------------------------------ */

static size_t step_count(const player *p) { return p->ex ? p->ex->n_steps : p->item->n_cards; }

static size_t step_at(const player *p)
{
    if (!p->ex) return p->reader_at;
    return im_run_finished(p->run) ? p->ex->n_steps : im_run_index(p->run);
}

static int at_end(const player *p) { return step_at(p) >= step_count(p); }

void player_add_text(ui_widget *col, const im_text *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const im_para *pa = &t->v[i];
        if (pa->bullet) {
            size_t n = strlen(pa->text) + 8;
            char *s = malloc(n);
            if (!s) continue;
            snprintf(s, n, "\xE2\x80\xA2 %s", pa->text); /* Apple's SDK deprecates sprintf */
            ui_widget_add(col, ui_label_new(s, UI_TEXT_BODY));
            free(s);
        } else {
            ui_widget_add(col, ui_label_new(pa->text, UI_TEXT_BODY));
        }
    }
}

static const char *safety_id(const player *p)
{
    if (p->ex && p->ex->safety) return p->ex->safety;
    return p->item->kind == IM_ITEM_SAFETY ? NULL : p->item->safety;
}

static void add_summary(player *p, ui_widget *col)
{
    im_reflection refl[64];
    size_t n = im_run_summary(p->run, refl, 64);
    if (n > 64) n = 64;
    if (n == 0) ui_widget_add(col, ui_label_new(ui_str(STR_PLAYER_SUMMARY_EMPTY), UI_TEXT_SMALL));
    for (size_t i = 0; i < n; i++) {
        ui_widget *card = ui_widget_add(col, ui_card_new());
        if (!card) continue;
        ui_widget_add(card, ui_label_new(refl[i].text, UI_TEXT_HEADING));
        if (refl[i].note) ui_widget_add(card, ui_label_new(refl[i].note, UI_TEXT_BODY));
    }
    ui_widget_add(col, ui_label_new(ui_str(STR_PLAYER_SUMMARY_PRIVATE), UI_TEXT_SMALL));
}

/* The card's name for a screen reader, said as the card appears (the
 * window's name, "Step 2 of 3: In for four, ... - Slow, even breathing -
 * Innermost": a11y/tree.h ui_a11y_page_name_new): which step or card of
 * how many, and its title or first words -- the content's, never what the
 * person wrote.  The screen's title already names the exercise. */
static void add_page_name(player *p, ui_widget *col, const char *title, const im_text *text)
{
    const char *words = title && title[0] ? title : text && text->n ? text->v[0].text : "";
    char buf[UI_A11Y_PAGE_NAME_MAX * 2]; /* cut on a character by the page name */
    snprintf(buf, sizeof buf, ui_str(p->ex ? STR_PLAYER_PAGE_STEP : STR_PLAYER_PAGE_CARD), (int)step_at(p) + 1,
             (int)step_count(p), words);
    ui_widget_add(col, ui_a11y_page_name_new(buf));
}

static void add_step(player *p, ui_widget *col)
{
    const im_step *st = im_run_step(p->run);
    if (!st) return;
    add_page_name(p, col, st->title, &st->text);
    if (st->title) ui_widget_add(col, ui_label_new(st->title, UI_TEXT_HEADING));
    player_add_text(col, &st->text);
    switch (st->kind) {
    case IM_STEP_PROMPT: player_answers_add(p, col, st); break;
    case IM_STEP_SUMMARY: add_summary(p, col); break;
    case IM_STEP_DISCUSS:
        for (size_t i = 0; i < st->n_options; i++) {
            char buf[1200];
            snprintf(buf, sizeof buf, "\xE2\x80\xA2 %s", st->options[i].text);
            ui_widget_add(col, ui_label_new(buf, UI_TEXT_BODY));
        }
        break;
    default: break;
    }
}

static void add_finish(player *p, ui_widget *col)
{
    char buf[512];
    snprintf(buf, sizeof buf, ui_str(p->ex ? STR_PLAYER_FINISHED : STR_PLAYER_READ_ALL),
             p->ex ? p->ex->title : p->item->title);
    ui_widget_add(col, ui_a11y_page_name_new(buf)); /* the last page: "You finished ..." */
    ui_widget_add(col, ui_label_new(buf, UI_TEXT_HEADING));
    ui_widget_add(col, ui_label_new(ui_str(STR_PLAYER_FINISHED_BODY), UI_TEXT_BODY));
    const im_strings *prompts = p->ex && p->ex->journal.n ? &p->ex->journal : &p->item->journal;
    if (prompts->n) ui_widget_add(col, ui_label_new(ui_str(STR_PLAYER_WRITE_HEADING), UI_TEXT_HEADING));
    for (size_t i = 0; i < prompts->n; i++) {
        ui_widget *b = ui_widget_add(col, ui_button_new(prompts->v[i], UI_BUTTON_SECONDARY, PA_WRITE));
        if (b) b->value = (int)i;
    }
    ui_widget *w = ui_widget_add(col, ui_button_new(ui_str(STR_PLAYER_WRITE_ABOUT), UI_BUTTON_SECONDARY, PA_WRITE));
    if (w) w->value = -1;
    ui_widget_add(col, ui_button_new(ui_str(STR_PLAYER_DONE), UI_BUTTON_PRIMARY, PA_DONE));
}

static void add_reader_card(player *p, ui_widget *col)
{
    const im_card *card = &p->item->cards[p->reader_at];
    add_page_name(p, col, card->title, &card->text);
    if (card->title) ui_widget_add(col, ui_label_new(card->title, UI_TEXT_HEADING));
    player_add_text(col, &card->text);
}

static void set_enabled(ui_widget *w, int on)
{
    if (!w) return;
    if (on) w->flags &= ~(unsigned)UI_WF_DISABLED;
    else w->flags |= UI_WF_DISABLED;
}

static void update_bar(player *p)
{
    ui_ctx *c = &p->app->ctx;
    size_t n = step_count(p), at = step_at(p);
    int end = at >= n;
    ui_dots_set(p->dots, c, (int)(end ? n - 1 : at));
    set_enabled(p->prev, at > 0);
    set_enabled(p->next, !end);
    set_enabled(p->skip, !end);
    ui_widget_set_label(p->next, ui_str(at + 1 >= n ? STR_PLAYER_FINISH : STR_PLAYER_NEXT));
    ui_ctx_relayout(c);
}

/* The card for the current step (invariant 2: rebuilt from the run). */
void player_rebuild(player *p)
{
    ui_ctx *c = &p->app->ctx;
    p->field = p->choices = p->slider = p->timed = p->start = p->stop = p->rung_field = p->timed_row = NULL;
    ui_widget *col = ui_column_new(16, 12);
    if (!col) return;
    if (at_end(p)) add_finish(p, col);
    else if (p->ex) add_step(p, col);
    else add_reader_card(p, col);
    const char *safety = safety_id(p);
    if (safety && !at_end(p)) ui_widget_add(col, ui_button_new(ui_str(STR_PLAYER_SAFETY), UI_BUTTON_TEXT, PA_SAFETY));
    ui_widget *card = ui_scroll_new(col);
    if (card && p->timed_row) {
        /* a timed step: the page scrolls above its Start / Stop row, which
         * stays in view over the footer at any text size (issue 21: at
         * 200 % it was below the fold, partly behind the footer) */
        ui_widget *holder = ui_column_new(0, 0), *under = ui_column_new(12, 0);
        if (holder && under) {
            under->flags |= UI_WF_READABLE; /* as the footer: not stretched on a tablet */
            ui_widget_add(holder, card);
            ui_widget_add(under, p->timed_row);
            ui_widget_add(holder, under);
            card = holder;
        } else {
            ui_widget_free(holder);
            ui_widget_free(under);
            ui_widget_free(p->timed_row);
            p->start = p->stop = NULL;
        }
    } else if (p->timed_row) {
        ui_widget_free(p->timed_row); /* no card to put it under */
        p->start = p->stop = NULL;
    }
    p->timed_row = NULL;
    ui_swipe_set_card(p->swipe, c, card);
    update_bar(p);
}

void player_note_rc(player *p, im_rc rc)
{
    /* a refused move (first card, nothing to go back to) is not news; a
     * failed save is: the class's save tries again */
    p->save_failed = rc != IM_OK && rc != IM_ERR_STATE && rc != IM_ERR_INVALID && rc != IM_ERR_TOO_LARGE;
    if (p->save_failed) ui_app_toast(p->app, ui_str(STR_PLAYER_NOT_SAVED));
}

/* ---- moving --------------------------------------------------------------------- */

static void stop_timer_if_running(player *p)
{
    im_timer_status t;
    if (p->ex && im_run_step(p->run) && im_run_timer_status(p->run, &t) == IM_OK && t.running)
        player_note_rc(p, im_run_timer_stop(p->run));
}

/* Whether the step being left holds a rating at the hard end of a
 * wellbeing check (core decides: im_step_rating_is_hard). */
static int leaving_hard_rating(const player *p)
{
    const im_step *st = im_run_step(p->run);
    const im_answer *a = st ? im_run_answer(p->run, im_run_index(p->run)) : NULL;
    return a && a->status == IM_STATUS_ANSWERED && im_step_rating_is_hard(st, a->scale);
}

static void move(player *p, int kind)
{
    if (!p->ex) {
        size_t n = p->item->n_cards;
        if ((kind == PA_NEXT || kind == PA_SKIP) && p->reader_at < n) p->reader_at++;
        else if (kind == PA_PREV && p->reader_at > 0) p->reader_at--;
        else return;
        player_rebuild(p);
        return;
    }
    if (kind != PA_PREV && at_end(p)) return;
    stop_timer_if_running(p);
    int hard = kind == PA_NEXT && leaving_hard_rating(p);
    im_rc rc = kind == PA_NEXT ? im_run_next(p->run) : kind == PA_SKIP ? im_run_skip(p->run) : im_run_back(p->run);
    if (rc == IM_ERR_STATE) return;
    player_note_rc(p, rc);
    player_rebuild(p);
    /* over the next card, so that Skip on the care card goes on as before */
    if (hard && rc == IM_OK) ui_care_open(p->app);
}

int player_guided_advance(player *p)
{
    if (!p->ex || !p->ex->guided) return 0;
    im_rc rc = im_run_guided_advance(p->run);
    if (rc == IM_ERR_STATE) return 0;
    player_note_rc(p, rc);
    /* the person is here, eyes closed: a part that moves on by itself is
     * their activity, so auto-lock waits as it would after a tap */
    p->app->last_input_ms = ui_app_now(p->app);
    const im_step *st = im_run_step(p->run);
    int goes_on = st && (st->answer == IM_ANSWER_TIMER || st->answer == IM_ANSWER_BREATHING);
    ui_sound_cue(goes_on ? UI_CUE_STEP : UI_CUE_END);
    player_rebuild(p);
    return 1;
}

void ui_player_close(ui_app *app) { ui_nav_back(app); }

int ui_player_on_back(ui_app *app, ui_screen *s)
{
    (void)s;
    /* queued: handled once this screen is gone, by the one below */
    ui_action a = { .kind = UI_ACT_PLAYER_CHANGED };
    app->ctx.emit(app->ctx.host, &a);
    return 0;
}

static void not_now(player *p)
{
    if (p->ex && !at_end(p)) {
        stop_timer_if_running(p);
        player_note_rc(p, im_run_not_now(p->run));
        ui_app_toast(p->app, ui_str(STR_PLAYER_SET_ASIDE));
    }
    ui_player_close(p->app);
}

static void write_about(player *p, int index)
{
    const im_strings *prompts = p->ex && p->ex->journal.n ? &p->ex->journal : &p->item->journal;
    const char *prompt = index >= 0 && (size_t)index < prompts->n ? prompts->v[index] : NULL;
    ui_player_journal_open(p->app, p->ex ? p->ex->id : p->item->id, prompt);
}

static void open_safety(player *p)
{
    if (safety_id(p))
        ui_nav_push(p->app, ui_screen_new(p->app, &ui_safety_class, &(ui_safety_args){ safety_id(p), 0 }));
}

static void on_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    player *p = s->state;
    (void)app;
    if (player_answers_action(p, a) || player_ladder_action(p, a)) return;
    switch (a->kind) {
    case PA_LEAVE: ui_player_close(p->app); break;
    case PA_SWIPE:
        if (a->value > 0 && !at_end(p)) move(p, PA_NEXT);
        else if (a->value < 0) move(p, PA_PREV);
        break;
    case PA_NEXT:
    case PA_PREV:
    case PA_SKIP: move(p, a->kind); break;
    case PA_NOT_NOW: not_now(p); break;
    case PA_DONE: ui_player_close(p->app); break;
    case PA_WRITE: write_about(p, a->source ? a->source->value : -1); break; /* the button's index */
    case PA_SAFETY: open_safety(p); break;
    default: break;
    }
}

/* The class's save: answers are sealed as given; only a save that failed
 * needs doing again before a lock. */
static void player_save(ui_app *app, ui_screen *scr)
{
    player *p = scr->state;
    ui_session *s = ui_session_of(app);
    if (!p || !p->run || !p->save_failed || !s || !s->vault) return;
    p->save_failed = im_run_attach(p->run, s->vault, &p->run_id) != IM_OK;
}

static void player_free(ui_screen *s)
{
    player *p = s->state;
    if (!p) return;
    im_run_free(p->run);
    free(p);
}

/* ---- opening --------------------------------------------------------------------- */

/* Which run a player opens (player_build_for's want_run). */
#define OPEN_NEWEST_OR_NEW ((int64_t)-1) /* the newest unfinished run, else a new one */
#define OPEN_NEW ((int64_t)0)            /* a new run, whatever is unfinished */

/* The run record `id` of ex, continued where it was left; IM_OK or why not. */
static im_rc continue_run(player *p, ui_session *s, int64_t id)
{
    im_rc rc = im_run_resume_from(ui_app_content(p->app), s->vault, id, &s->clock, &p->run);
    if (rc != IM_OK) return rc;
    p->run_id = id;
    im_run_log_progress(p->run, 1);
    if (im_run_paused(p->run)) player_note_rc(p, im_run_resume(p->run));
    return IM_OK;
}

/* Opens the run want_run says (a record id, OPEN_NEWEST_OR_NEW or
 * OPEN_NEW); a new run is attached to the vault at once. */
static im_rc open_run(player *p, int64_t want_run)
{
    ui_session *s = ui_session_of(p->app);
    if (!s || !s->vault) return IM_ERR_STATE;
    int64_t id = want_run;
    im_rc rc = IM_ERR_NOT_FOUND;
    if (want_run == OPEN_NEWEST_OR_NEW) rc = im_run_find_open(s->vault, p->ex->id, &id);
    else if (want_run > 0) rc = IM_OK;
    if (rc == IM_OK && continue_run(p, s, id) == IM_OK) return IM_OK;
    rc = im_run_start(p->ex, &s->clock, &p->run);
    if (rc != IM_OK) return rc;
    im_run_log_progress(p->run, 1);
    p->run_id = 0;
    return im_run_attach(p->run, s->vault, &p->run_id);
}

static ui_widget *build_bar(player *p)
{
    ui_widget *bar = ui_column_new(12, UI_SPACING_PT);
    if (bar) bar->flags |= UI_WF_READABLE; /* on a tablet: not stretched across the screen */
    ui_widget *row1 = ui_widget_add(bar, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    ui_widget *row2 = ui_widget_add(bar, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (!row1 || !row2) return bar;
    p->prev = ui_widget_add(row1, ui_button_new(ui_str(STR_PLAYER_PREV), UI_BUTTON_SECONDARY, PA_PREV));
    p->next = ui_widget_add(row1, ui_button_new(ui_str(STR_PLAYER_NEXT), UI_BUTTON_PRIMARY, PA_NEXT));
    p->skip = ui_widget_add(row2, ui_button_new(ui_str(STR_PLAYER_SKIP), UI_BUTTON_TEXT, PA_SKIP));
    p->not_now = ui_widget_add(row2, ui_button_new(ui_str(STR_PLAYER_NOT_NOW), UI_BUTTON_TEXT, PA_NOT_NOW));
    return bar;
}

/* A player of ex on the run want_run says (open_run), or a reader of
 * item's cards (ex NULL). */
static int player_build_for(ui_app *app, ui_screen *s, const im_item *item, const im_exercise *ex, int64_t want_run)
{
    player *p = s->state = calloc(1, sizeof *p);
    ui_widget *frame = s->root = ui_frame_new(ex ? ex->title : item->title, PA_LEAVE);
    ui_widget *body = ui_column_new(0, 0);
    if (!p || !frame || !body) {
        ui_widget_free(body);
        return -1;
    }
    p->app = app;
    p->item = item;
    p->ex = ex;
    p->rerate_rung = -1;
    body->flags |= UI_WF_FILL;
    ui_frame_set_body(frame, body);
    if (ex && open_run(p, want_run) != IM_OK) return -1;
    ui_widget *top = ui_widget_add(body, ui_column_new(8, 0));
    size_t n = step_count(p);
    p->dots = top ? ui_widget_add(top, ui_dots_new((int)(n ? n : 1), 0)) : NULL;
    p->swipe = ui_widget_add(body, ui_swipe_new(PA_SWIPE));
    ui_widget_add(body, build_bar(p));
    if (!p->dots || !p->swipe || !p->prev || !p->not_now) return -1;
    s->title = ex ? ex->title : item->title;
    player_rebuild(p);
    return 0;
}

static int player_build(ui_app *app, ui_screen *s, const void *args)
{
    const im_exercise *ex = args;
    return ex ? player_build_for(app, s, ex->item, ex, OPEN_NEWEST_OR_NEW) : -1;
}

static int player_run_build(ui_app *app, ui_screen *s, const void *args)
{
    const ui_player_args *pa = args;
    if (!pa || !pa->ex) return -1;
    return player_build_for(app, s, pa->ex->item, pa->ex, pa->run_id > 0 ? pa->run_id : OPEN_NEW);
}

static int reader_build(ui_app *app, ui_screen *s, const void *args)
{
    const im_item *item = args;
    return item && item->n_cards ? player_build_for(app, s, item, NULL, OPEN_NEW) : -1;
}

const ui_screen_class ui_player_class = {
    .name = "player",
    .build = player_build,
    .action = on_action,
    .back = ui_player_on_back, /* Esc, the phone's back key: leave, keep the place */
    .save = player_save,
    .free = player_free,
};

const ui_screen_class ui_player_run_class = {
    .name = "player",
    .build = player_run_build,
    .action = on_action,
    .back = ui_player_on_back,
    .save = player_save,
    .free = player_free,
};

const ui_screen_class ui_reader_class = {
    .name = "reader", .build = reader_build, .action = on_action, .back = ui_player_on_back, .free = player_free
};
