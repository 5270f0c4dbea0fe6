/*
 * player_answers.c -- the answer part of a prompt card, one builder per
 * answer kind, and what each widget's change asks of the engine.
 *
 *   text       a multi-line editor ("Your answer"), the hint under it
 *   one        choice chips (one at a time)
 *   many,      a switch per line (any number)
 *   checklist
 *   scale      a 0-10 slider with the words for 0 and 10 beside it
 *   ladder     player_ladder.c
 *   timer,     the live countdown or breathing shape (breathing.h) with
 *   breathing  Start / Stop; breathing also writes its pattern out
 *   none       nothing to enter
 *
 * Every change goes to the engine at once (player_internal.h invariant 1);
 * the widgets start from what the engine holds, so a card rebuilt after a
 * restart shows the answers given before it.
 */
#include <stdio.h>
#include <string.h>

#include "app/strings.h"
#include "platform/sound.h"
#include "screens/breathing.h"
#include "screens/player_internal.h"
#include "widgets/basic.h"
#include "widgets/controls.h"
#include "widgets/scrollview.h"
#include "widgets/textfield.h"

static const im_answer *current_answer(player *p) { return im_run_answer(p->run, im_run_index(p->run)); }

static void add_text(player *p, ui_widget *col, const im_step *st, const im_answer *ans)
{
    p->field = ui_widget_add(col, ui_field_new(ui_str(STR_PLAYER_YOUR_ANSWER), UI_FIELD_EDITOR, 0, PA_TEXT));
    if (p->field && ans && ans->text) ui_field_set_text(p->field, &p->app->ctx, ans->text);
    if (st->hint) ui_widget_add(col, ui_label_new(st->hint, UI_TEXT_SMALL));
}

static void add_chips(player *p, ui_widget *col, const im_step *st, const im_answer *ans)
{
    p->choices = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    if (!p->choices) return;
    for (size_t i = 0; i < st->n_options; i++) {
        ui_widget *chip = ui_widget_add(p->choices, ui_chip_new(st->options[i].text, PA_CHIP));
        if (chip && ans) chip->value = (ans->chosen >> i) & 1u;
    }
}

static void add_toggles(player *p, ui_widget *col, const im_step *st, const im_answer *ans)
{
    p->choices = ui_widget_add(col, ui_column_new(0, UI_SPACING_PT));
    if (!p->choices) return;
    for (size_t i = 0; i < st->n_options; i++)
        ui_widget_add(p->choices, ui_toggle_new(st->options[i].text, ans && ((ans->chosen >> i) & 1u), PA_TOGGLE));
}

static void add_scale(player *p, ui_widget *col, const im_step *st, const im_answer *ans)
{
    int given = ans && ans->status == IM_STATUS_ANSWERED && ans->scale >= 0;
    p->slider = ui_widget_add(col, ui_slider_new(ui_str(STR_PLAYER_YOUR_RATING), given ? ans->scale : 5, PA_SCALE));
    char buf[600];
    snprintf(buf, sizeof buf, ui_str(STR_PLAYER_SCALE_ENDS), st->low ? st->low : "", st->high ? st->high : "");
    ui_widget_add(col, ui_label_new(buf, UI_TEXT_SMALL));
}

/* "In 4 seconds, out 6 seconds. 6 rounds." -- the pattern in words, shown
 * with the shape and on its own under reduce-motion. */
static void add_pattern_words(player *p, ui_widget *col)
{
    static const ui_str_id words[] = { [IM_BREATH_IN] = STR_PLAYER_PATTERN_IN,
                                       [IM_BREATH_HOLD] = STR_PLAYER_PATTERN_HOLD,
                                       [IM_BREATH_OUT] = STR_PLAYER_PATTERN_OUT,
                                       [IM_BREATH_REST] = STR_PLAYER_PATTERN_REST };
    im_timer_status t; /* the pattern followed: the chosen pace and length */
    if (im_run_timer_status(p->run, &t) != IM_OK) return;
    char buf[512];
    size_t used = (size_t)snprintf(buf, sizeof buf, "%s", ui_str(STR_PLAYER_PATTERN));
    for (size_t i = 0; i < t.n_phases && used < sizeof buf; i++) {
        im_breath_phase ph = t.phases[i].phase;
        int n = snprintf(buf + used, sizeof buf - used, "%s%s %d s", i ? ", " : "",
                         ph >= IM_BREATH_IN && ph <= IM_BREATH_REST ? ui_str(words[ph]) : "", t.phases[i].seconds);
        if (n < 0) break;
        used += (size_t)n;
    }
    if (used < sizeof buf) snprintf(buf + used, sizeof buf - used, ui_str(STR_PLAYER_BREATH_ROUNDS), t.rounds);
    ui_widget_add(col, ui_label_new(buf, UI_TEXT_BODY));
}

/* "4-7-8": a pattern's seconds, as people name breathing paces. */
static void pace_name(const im_phase *ph, size_t n, char *out, size_t size)
{
    size_t used = 0;
    out[0] = 0;
    for (size_t i = 0; i < n && used < size; i++) {
        int k = snprintf(out + used, size - used, "%s%d", i ? "-" : "", ph[i].seconds);
        if (k < 0) break;
        used += (size_t)k;
    }
}

/* A row of chips under a heading; the chosen one (index chosen) lit, and
 * none can change while the breath runs. */
static ui_widget *add_choice_row(ui_widget *col, ui_str_id heading)
{
    ui_widget_add(col, ui_label_new(ui_str(heading), UI_TEXT_SMALL));
    return ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
}

static void add_choice_chip(ui_widget *row, const char *label, int action, int lit, int running)
{
    ui_widget *chip = row ? ui_widget_add(row, ui_chip_new(label, action)) : NULL;
    if (!chip) return;
    chip->value = lit;
    if (running) chip->flags |= UI_WF_DISABLED;
}

/* The paces and lengths the step offers, chosen before Start. */
static void add_breath_choices(player *p, ui_widget *col, const im_step *st)
{
    const im_answer *a = current_answer(p);
    im_timer_status t;
    int running = im_run_timer_status(p->run, &t) == IM_OK && t.running;
    char name[64];
    if (st->n_paces) {
        ui_widget *row = add_choice_row(col, STR_PLAYER_PACE);
        pace_name(st->phases, st->n_phases, name, sizeof name);
        add_choice_chip(row, name, PA_PACE, !a || a->pace == 0, running);
        for (size_t i = 0; i < st->n_paces; i++) {
            pace_name(st->paces[i].phases, st->paces[i].n_phases, name, sizeof name);
            add_choice_chip(row, name, PA_PACE, a && a->pace == (int)i + 1, running);
        }
    }
    if (st->n_lengths) {
        ui_widget *row = add_choice_row(col, STR_PLAYER_LENGTH);
        for (size_t i = 0; i < st->n_lengths; i++) {
            snprintf(name, sizeof name, ui_str(STR_PLAYER_LENGTH_MIN), st->lengths[i]);
            add_choice_chip(row, name, PA_LENGTH, a && a->minutes == st->lengths[i], running);
        }
    }
}

/* A chip tapped: the engine takes the choice, the card shows it. */
static void choose_breath(player *p, int kind, int value)
{
    const im_step *st = im_run_step(p->run);
    const im_answer *a = current_answer(p);
    if (!st || !a || value < 0) return;
    int pace = kind == PA_PACE ? value : a->pace;
    int minutes = a->minutes;
    if (kind == PA_LENGTH && (size_t)value < st->n_lengths) minutes = st->lengths[value];
    player_note_rc(p, im_run_breath_choose(p->run, pace, minutes));
    player_rebuild(p);
}

/* How to follow what is on screen -- the circle, the square, or under
 * reduce-motion the words and their count -- and what the tones mean, so
 * the text never names a shape that is not drawn. */
static void add_follow_words(player *p, ui_widget *col, const im_step *st)
{
    ui_ctx *c = &p->app->ctx;
    if (st->answer == IM_ANSWER_BREATHING) {
        ui_str_id how = c->reduce_motion              ? STR_PLAYER_FOLLOW_COUNT
                        : ui_breath_is_square(p->run) ? STR_PLAYER_FOLLOW_SQUARE
                                                      : STR_PLAYER_FOLLOW_CIRCLE;
        ui_widget_add(col, ui_label_new(ui_str(how), UI_TEXT_BODY));
    }
    ui_str_id tones = p->ex->guided ? STR_PLAYER_TONES_GUIDED : STR_PLAYER_TONES;
    ui_widget_add(col, ui_label_new(ui_str(tones), UI_TEXT_SMALL));
    ui_widget_add(col, ui_toggle_new(ui_str(STR_PLAYER_EYES_CLOSED), p->eyes_closed, PA_EYES));
    ui_widget_add(col, ui_label_new(ui_str(STR_PLAYER_EYES_CLOSED_NOTE), UI_TEXT_SMALL));
}

static void add_timed(player *p, ui_widget *col, const im_step *st)
{
    ui_ctx *c = &p->app->ctx;
    if (st->answer == IM_ANSWER_BREATHING) {
        add_breath_choices(p, col, st);
        add_pattern_words(p, col);
    }
    add_follow_words(p, col, st);
    p->timed = ui_widget_add(col, ui_timed_new(c, p->run, PA_TIMED_DONE));
    if (p->timed) ui_timed_set_eyes_closed(p->timed, c, p->eyes_closed);
    /* Start / Stop go under the page, not in it (player_rebuild) */
    ui_widget *row = p->timed_row = ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT);
    if (!row) return;
    p->start = ui_widget_add(row, ui_button_new(ui_str(STR_PLAYER_START), UI_BUTTON_PRIMARY, PA_TIMER_START));
    p->stop = ui_widget_add(row, ui_button_new(ui_str(STR_PLAYER_STOP), UI_BUTTON_SECONDARY, PA_TIMER_STOP));
}

/* Start / Stop enabled as the engine's clock says. */
static void update_timed_buttons(player *p)
{
    im_timer_status t = { 0 };
    if (!p->start || !p->stop || im_run_timer_status(p->run, &t) != IM_OK) return;
    if (t.running) p->start->flags |= UI_WF_DISABLED;
    else p->start->flags &= ~(unsigned)UI_WF_DISABLED;
    if (t.running) p->stop->flags &= ~(unsigned)UI_WF_DISABLED;
    else p->stop->flags |= UI_WF_DISABLED;
    ui_widget_set_label(p->start, ui_str(t.completed ? STR_PLAYER_START_AGAIN : STR_PLAYER_START));
    ui_ctx_relayout(&p->app->ctx);
}

void player_answers_add(player *p, ui_widget *col, const im_step *st)
{
    const im_answer *ans = current_answer(p);
    switch (st->answer) {
    case IM_ANSWER_TEXT: add_text(p, col, st, ans); break;
    case IM_ANSWER_ONE: add_chips(p, col, st, ans); break;
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST: add_toggles(p, col, st, ans); break;
    case IM_ANSWER_SCALE: add_scale(p, col, st, ans); break;
    case IM_ANSWER_LADDER: player_ladder_add(p, col, st); break;
    case IM_ANSWER_TIMER:
    case IM_ANSWER_BREATHING:
        add_timed(p, col, st);
        update_timed_buttons(p);
        break;
    default: break;
    }
}

static uint64_t chosen_of(ui_widget *group)
{
    uint64_t bits = 0;
    int i = 0;
    for (ui_widget *w = group ? group->first : NULL; w && i < 64; w = w->next, i++)
        if (w->value) bits |= (uint64_t)1 << i;
    return bits;
}

int player_answers_action(player *p, const ui_action *a)
{
    if (!p->ex || !im_run_step(p->run)) return 0;
    switch (a->kind) {
    case PA_TEXT:
        if (p->field) player_note_rc(p, im_run_answer_text(p->run, ui_field_text(p->field)));
        return 1;
    case PA_CHIP:
        if (a->value >= 0 && a->value < 64) player_note_rc(p, im_run_answer_choices(p->run, (uint64_t)1 << a->value));
        return 1;
    case PA_TOGGLE: player_note_rc(p, im_run_answer_choices(p->run, chosen_of(p->choices))); return 1;
    case PA_SCALE: player_note_rc(p, im_run_answer_scale(p->run, a->value)); return 1;
    case PA_TIMER_START:
    case PA_TIMER_STOP:
        player_note_rc(p, a->kind == PA_TIMER_START ? im_run_timer_start(p->run) : im_run_timer_stop(p->run));
        if (p->timed) ui_timed_poke(p->timed, &p->app->ctx);
        /* started: the page scrolls so the shape (or the count) shows,
         * whole -- it is sized to fit the page (breathing.c) */
        if (p->timed && a->kind == PA_TIMER_START) ui_scroll_reveal(p->timed, &p->app->ctx, p->timed->rect);
        update_timed_buttons(p);
        return 1;
    case PA_PACE:
    case PA_LENGTH: choose_breath(p, a->kind, a->value); return 1;
    case PA_EYES:
        p->eyes_closed = a->source ? a->source->value : !p->eyes_closed;
        if (p->timed) ui_timed_set_eyes_closed(p->timed, &p->app->ctx, p->eyes_closed);
        return 1;
    case PA_TIMED_DONE:
        if (player_guided_advance(p)) return 1;
        ui_sound_cue(UI_CUE_END); /* eyes closed, the person still hears it end */
        update_timed_buttons(p);
        return 1;
    default: return 0;
    }
}
