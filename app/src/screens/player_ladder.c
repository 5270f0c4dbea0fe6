/*
 * player_ladder.c -- the ladder card: small steps toward something hard,
 * each rated 0-10 for discomfort, done one by one and rated again.
 *
 * The person builds their own ladder: a step typed in, or one of the
 * content's suggestions added with a tap.  A new step goes in by its
 * rating (easiest first); "Order by discomfort" re-sorts after ratings
 * changed (not while a slider moves: the card is never rebuilt under the
 * finger).  "I did this" asks how uncomfortable it felt this time; the
 * engine keeps both ratings and progress.h logs the pair, so the Progress
 * screen can draw discomfort before and after.
 *
 * The ladder is the person's, not this exercise's: core shows the same
 * rungs in every ladder exercise and keeps them across runs (ladder.h), so
 * a step can be renamed or removed here and is so everywhere.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/strings.h"
#include "innermost/wipe.h"
#include "screens/player_internal.h"
#include "widgets/basic.h"
#include "widgets/controls.h"
#include "widgets/overlay.h"
#include "widgets/textfield.h"

#define NEW_STEP_RATING 5

static const im_answer *ladder_answer(player *p)
{
    const im_answer *a = im_run_answer(p->run, im_run_index(p->run));
    return a && a->n_rungs ? a : NULL;
}

/* Hands the engine the ladder with `extra` inserted by its rating (NULL:
 * none), ratings from the sliders on screen, sorted when asked. */
static im_rc store_ladder(player *p, const char *extra, int sort)
{
    const im_answer *a = ladder_answer(p);
    size_t n = a ? a->n_rungs : 0;
    const char *texts[IM_LADDER_RUNGS_MAX + 1];
    int before[IM_LADDER_RUNGS_MAX + 1];
    size_t m = 0;
    /* copies: the engine frees the old rungs when it takes the new list */
    char *own[IM_LADDER_RUNGS_MAX + 1] = { 0 };
    for (size_t i = 0; i < n && m < IM_LADDER_RUNGS_MAX; i++) {
        own[m] = strdup(a->rungs[i].text);
        if (!own[m]) break;
        texts[m] = own[m];
        before[m++] = p->rung_slider[i] ? p->rung_slider[i]->value : a->rungs[i].before;
    }
    im_rc rc = m < (n < IM_LADDER_RUNGS_MAX ? n : IM_LADDER_RUNGS_MAX) ? IM_ERR_NOMEM : IM_OK;
    if (rc == IM_OK && extra && m >= IM_LADDER_RUNGS_MAX) rc = IM_ERR_TOO_LARGE;
    if (rc == IM_OK && extra) {
        size_t at = m;
        while (at > 0 && before[at - 1] > NEW_STEP_RATING) at--;
        memmove(texts + at + 1, texts + at, (m - at) * sizeof texts[0]);
        memmove(before + at + 1, before + at, (m - at) * sizeof before[0]);
        texts[at] = extra;
        before[at] = NEW_STEP_RATING;
        m++;
    }
    for (size_t i = 1; sort && i < m; i++) /* insertion sort: stable */
        for (size_t j = i; j > 0 && before[j - 1] > before[j]; j--) {
            const char *t = texts[j];
            int b = before[j];
            texts[j] = texts[j - 1], before[j] = before[j - 1];
            texts[j - 1] = t, before[j - 1] = b;
        }
    if (rc == IM_OK) rc = im_run_answer_ladder(p->run, texts, before, m);
    for (size_t i = 0; i <= IM_LADDER_RUNGS_MAX; i++)
        if (own[i]) {
            im_mem_wipe(own[i], strlen(own[i]));
            free(own[i]);
        }
    return rc;
}

static int has_rung(player *p, const char *text)
{
    const im_answer *a = ladder_answer(p);
    for (size_t i = 0; a && i < a->n_rungs; i++)
        if (strcmp(a->rungs[i].text, text) == 0) return 1;
    return 0;
}

static void add_rung(player *p, ui_widget *col, size_t i, const im_rung *r)
{
    char buf[IM_RUNG_TEXT_MAX + 64];
    ui_widget *card = ui_widget_add(col, ui_card_new());
    if (!card) return;
    snprintf(buf, sizeof buf, "%zu. %s", i + 1, r->text);
    ui_widget_add(card, ui_label_new(buf, UI_TEXT_HEADING));
    snprintf(buf, sizeof buf, ui_str(STR_PLAYER_RUNG_RATING), i + 1);
    p->rung_slider[i] = ui_widget_add(card, ui_slider_new(buf, r->before, PA_RUNG_RATE));
    if (r->done) {
        snprintf(buf, sizeof buf, ui_str(STR_PLAYER_RUNG_DONE_NOTE), r->before, r->after);
        ui_widget_add(card, ui_label_new(buf, UI_TEXT_SMALL));
    } else {
        snprintf(buf, sizeof buf, ui_str(STR_PLAYER_RUNG_DID), i + 1);
        p->rung_done[i] = ui_widget_add(card, ui_button_new(buf, UI_BUTTON_SECONDARY, PA_RUNG_DONE));
    }
    ui_widget *row = ui_widget_add(card, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (!row) return;
    snprintf(buf, sizeof buf, ui_str(STR_PLAYER_RUNG_RENAME), i + 1);
    p->rung_rename[i] = ui_widget_add(row, ui_button_new(buf, UI_BUTTON_TEXT, PA_RUNG_RENAME));
    snprintf(buf, sizeof buf, ui_str(STR_PLAYER_RUNG_REMOVE), i + 1);
    p->rung_remove[i] = ui_widget_add(row, ui_button_new(buf, UI_BUTTON_TEXT, PA_RUNG_REMOVE));
}

void player_ladder_add(player *p, ui_widget *col, const im_step *st)
{
    memset(p->rung_slider, 0, sizeof p->rung_slider);
    memset(p->rung_done, 0, sizeof p->rung_done);
    memset(p->rung_rename, 0, sizeof p->rung_rename);
    memset(p->rung_remove, 0, sizeof p->rung_remove);
    const im_answer *a = ladder_answer(p);
    if (!a) ui_widget_add(col, ui_label_new(ui_str(STR_PLAYER_LADDER_EMPTY), UI_TEXT_SMALL));
    for (size_t i = 0; a && i < a->n_rungs && i < IM_LADDER_RUNGS_MAX; i++) add_rung(p, col, i, &a->rungs[i]);
    if (a && a->n_rungs > 1)
        ui_widget_add(col, ui_button_new(ui_str(STR_PLAYER_LADDER_SORT), UI_BUTTON_TEXT, PA_RUNG_SORT));
    p->rung_field = ui_widget_add(col, ui_field_new(ui_str(STR_PLAYER_LADDER_OWN), UI_FIELD_LINE, PA_RUNG_ADD, 0));
    ui_widget_add(col, ui_button_new(ui_str(STR_PLAYER_LADDER_ADD), UI_BUTTON_SECONDARY, PA_RUNG_ADD));
    int ideas = 0;
    for (size_t i = 0; i < st->n_options; i++) {
        if (has_rung(p, st->options[i].text)) continue;
        if (!ideas++) ui_widget_add(col, ui_label_new(ui_str(STR_PLAYER_LADDER_IDEAS), UI_TEXT_HEADING));
        char buf[IM_RUNG_TEXT_MAX + 32];
        snprintf(buf, sizeof buf, ui_str(STR_PLAYER_LADDER_ADD_IDEA), st->options[i].text);
        ui_widget *b = ui_widget_add(col, ui_button_new(buf, UI_BUTTON_SECONDARY, PA_RUNG_SUGGEST));
        if (b) b->value = (int)i;
    }
}

static int rung_of(ui_widget *const *set, const ui_widget *w)
{
    for (int i = 0; i < IM_LADDER_RUNGS_MAX; i++)
        if (set[i] && set[i] == w) return i;
    return -1;
}

/* ---- done and re-rated ------------------------------------------------------- */

static void ask_rerate(player *p, int rung)
{
    const im_answer *a = ladder_answer(p);
    if (!a || rung < 0 || (size_t)rung >= a->n_rungs) return;
    p->rerate_rung = rung;
    p->rerate_value = a->rungs[rung].before;
    ui_widget *o = ui_overlay_new(UI_OVERLAY_DIALOG, ui_str(STR_PLAYER_RERATE_TITLE), PA_DISMISS);
    if (!o) return;
    ui_widget *card = ui_overlay_card(o);
    ui_widget_add(card, ui_label_new(a->rungs[rung].text, UI_TEXT_HEADING));
    ui_widget_add(card, ui_label_new(ui_str(STR_PLAYER_RERATE_BODY), UI_TEXT_BODY));
    ui_widget_add(card, ui_slider_new(ui_str(STR_PLAYER_RERATE_SLIDER), p->rerate_value, PA_RERATE));
    ui_widget *row = ui_widget_add(card, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (row) {
        ui_widget_add(row, ui_button_new(ui_str(STR_PLAYER_CANCEL), UI_BUTTON_SECONDARY, PA_DISMISS));
        ui_widget_add(row, ui_button_new(ui_str(STR_PLAYER_RERATE_SAVE), UI_BUTTON_PRIMARY, PA_RERATE_SAVE));
    }
    ui_app_show_overlay(p->app, o);
}

/* The rung tried and re-rated: core marks it and logs the try in one
 * transaction (im_run_ladder_done). */
static void save_rerate(player *p)
{
    const im_answer *a = ladder_answer(p);
    int rung = p->rerate_rung;
    ui_app_close_overlay(p->app);
    p->rerate_rung = -1;
    if (!a || rung < 0 || (size_t)rung >= a->n_rungs) return;
    im_rc rc = im_run_ladder_done(p->run, (size_t)rung, p->rerate_value);
    player_note_rc(p, rc);
    if (rc == IM_OK) ui_app_toast(p->app, ui_str(STR_PLAYER_RUNG_SAVED));
    player_rebuild(p);
}

/* ---- renamed and removed ------------------------------------------------------ */

static void ask_rename(player *p, int rung)
{
    const im_answer *a = ladder_answer(p);
    if (!a || rung < 0 || (size_t)rung >= a->n_rungs) return;
    p->rerate_rung = rung;
    ui_widget *o = ui_overlay_new(UI_OVERLAY_DIALOG, ui_str(STR_PLAYER_RENAME_TITLE), PA_DISMISS);
    if (!o) return;
    ui_widget *card = ui_overlay_card(o);
    ui_widget_add(card, ui_label_new(a->rungs[rung].text, UI_TEXT_HEADING));
    p->rename_field = ui_widget_add(
        card, ui_field_new(ui_str(STR_PLAYER_RENAME_FIELD), UI_FIELD_LINE, PA_RUNG_RENAME_SAVE, 0));
    ui_widget *row = ui_widget_add(card, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (row) {
        ui_widget_add(row, ui_button_new(ui_str(STR_PLAYER_CANCEL), UI_BUTTON_SECONDARY, PA_DISMISS));
        ui_widget_add(row, ui_button_new(ui_str(STR_PLAYER_RENAME_SAVE), UI_BUTTON_PRIMARY, PA_RUNG_RENAME_SAVE));
    }
    ui_app_show_overlay(p->app, o);
}

/* The new words go to core, which renames the rung in the person's ladder
 * too (im_run_ladder_rename); empty words or a step already there change
 * nothing. */
static void save_rename(player *p)
{
    const char *t = p->rename_field ? ui_field_text(p->rename_field) : "";
    int rung = p->rerate_rung;
    im_rc rc = IM_OK;
    if (t[0] && !has_rung(p, t) && rung >= 0) rc = im_run_ladder_rename(p->run, (size_t)rung, t);
    player_note_rc(p, rc);
    ui_app_close_overlay(p->app);
    p->rename_field = NULL;
    p->rerate_rung = -1;
    player_rebuild(p);
}

static void remove_rung(player *p, int rung)
{
    if (rung < 0) return;
    im_rc rc = im_run_ladder_remove(p->run, (size_t)rung);
    player_note_rc(p, rc);
    if (rc == IM_OK) ui_app_toast(p->app, ui_str(STR_PLAYER_RUNG_REMOVED));
    player_rebuild(p);
}

static void add_typed(player *p)
{
    const char *t = p->rung_field ? ui_field_text(p->rung_field) : "";
    if (!t[0] || has_rung(p, t)) return;
    im_rc rc = store_ladder(p, t, 0);
    player_note_rc(p, rc);
    if (rc == IM_ERR_TOO_LARGE || rc == IM_ERR_INVALID) ui_app_toast(p->app, ui_str(STR_PLAYER_LADDER_FULL));
    else player_rebuild(p);
}

int player_ladder_action(player *p, const ui_action *a)
{
    const im_step *st = p->ex ? im_run_step(p->run) : NULL;
    if (!st || st->answer != IM_ANSWER_LADDER) return 0;
    switch (a->kind) {
    case PA_RUNG_RATE:
        if (rung_of(p->rung_slider, a->source) >= 0) player_note_rc(p, store_ladder(p, NULL, 0));
        return 1;
    case PA_RUNG_SORT:
        player_note_rc(p, store_ladder(p, NULL, 1));
        player_rebuild(p);
        return 1;
    case PA_RUNG_ADD: add_typed(p); return 1;
    case PA_RUNG_SUGGEST: {
        int i = a->source ? a->source->value : -1; /* the button's index */
        if (i >= 0 && (size_t)i < st->n_options && !has_rung(p, st->options[i].text)) {
            player_note_rc(p, store_ladder(p, st->options[i].text, 0));
            player_rebuild(p);
        }
        return 1;
    }
    case PA_RUNG_DONE: ask_rerate(p, rung_of(p->rung_done, a->source)); return 1;
    case PA_RERATE: p->rerate_value = a->value; return 1;
    case PA_RERATE_SAVE: save_rerate(p); return 1;
    case PA_RUNG_RENAME: ask_rename(p, rung_of(p->rung_rename, a->source)); return 1;
    case PA_RUNG_RENAME_SAVE: save_rename(p); return 1;
    case PA_RUNG_REMOVE: remove_rung(p, rung_of(p->rung_remove, a->source)); return 1;
    case PA_DISMISS:
        ui_app_close_overlay(p->app);
        p->rename_field = NULL;
        p->rerate_rung = -1;
        return 1;
    default: return 0;
    }
}
