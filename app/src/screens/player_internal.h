/*
 * player_internal.h -- what the exercise player's files share (player.c:
 * the screen and its navigation; player_answers.c: one card's widgets per
 * answer kind; player_ladder.c: the ladder card).
 *
 * Invariants.
 *  1. The engine holds every answer: a widget change is handed to it at
 *     once (im_run_answer_*), and the engine seals it into the vault.
 *     Widgets only show what the engine holds; rebuilding a card from the
 *     run gives the same picture.
 *  2. The run's pointers (p->run) are the player's; the widgets of a card
 *     are rebuilt whenever the step changes, so no widget outlives the
 *     step it shows.
 */
#ifndef UI_PLAYER_INTERNAL_H
#define UI_PLAYER_INTERNAL_H

#include "app/app.h"
#include "innermost/engine.h"

/* Action ids of the player screen (and its overlays). */
enum player_action {
    PA_LEAVE = 1, /* header Back: leave, keep the place */
    PA_SWIPE,     /* value +1 next, -1 previous */
    PA_NEXT,
    PA_PREV,
    PA_SKIP,
    PA_NOT_NOW,
    PA_DONE,
    PA_WRITE, /* value: journal prompt index, -1 none */
    PA_SAFETY,
    PA_TEXT,
    PA_CHIP,
    PA_TOGGLE,
    PA_SCALE,
    PA_TIMER_START,
    PA_TIMER_STOP,
    PA_TIMED_DONE,
    PA_RUNG_RATE,    /* a rung's discomfort slider; source->data unused, value 0..10 */
    PA_RUNG_DONE,    /* "I did it" on a rung: asks for the new rating */
    PA_RUNG_ADD,     /* add the typed step */
    PA_RUNG_SUGGEST, /* add a suggested step (value: option index) */
    PA_RUNG_SORT,    /* order the steps by their discomfort */
    PA_RERATE,       /* the re-rating slider in the dialog */
    PA_RERATE_SAVE,
    PA_RUNG_RENAME,      /* "Rename" on a rung: asks for the new words */
    PA_RUNG_RENAME_SAVE, /* the dialog's save (or Enter in its field) */
    PA_RUNG_REMOVE,      /* "Remove" on a rung */
    PA_DISMISS,
    PA_PACE,   /* breathing: value 0 the step's own pattern, k its pace k */
    PA_LENGTH, /* breathing: value i the step's length i */
    PA_EYES    /* the eyes-closed switch of a timed step */
};

typedef struct player {
    ui_app *app;
    const im_item *item;
    const im_exercise *ex; /* NULL: a reader of the item's cards */
    im_run *run;
    int64_t run_id;
    int save_failed;  /* the engine's last save failed: the class's save retries */
    size_t reader_at; /* reader: the card shown (n_cards: the end) */
    ui_widget *dots, *swipe, *prev, *next, *skip, *not_now;
    /* the current card's answer widgets (NULL when the kind has none) */
    ui_widget *field, *choices, *slider, *timed, *start, *stop;
    /* a timed step's Start / Stop row: not in the page that scrolls but
     * fixed under it, above the footer (player_rebuild), so it is always
     * in view whatever the text size */
    ui_widget *timed_row;
    ui_widget *rung_field;
    ui_widget *rung_slider[IM_LADDER_RUNGS_MAX], *rung_done[IM_LADDER_RUNGS_MAX];
    ui_widget *rung_rename[IM_LADDER_RUNGS_MAX], *rung_remove[IM_LADDER_RUNGS_MAX];
    /* the ladder's re-rating and renaming dialogs (one at a time): the
     * rung they are about, and the renaming's field */
    int rerate_rung, rerate_value;
    ui_widget *rename_field;
    int eyes_closed; /* sound only, the screen dim: kept from step to step */
} player;

/* Builds the answer part of the current prompt step into col. */
void player_answers_add(player *p, ui_widget *col, const im_step *st);
/* Handles an answer action; 1 if it was one. */
int player_answers_action(player *p, const ui_action *a);
/* Whole-card helpers in player.c. */
void player_rebuild(player *p);
void player_note_rc(player *p, im_rc rc);
/* A timed step ran to its end: in a guided exercise, moves on (starting
 * the next timed step) with a step tone, or an end tone when the timed
 * part is over.  1 if the card changed, 0 if the exercise is not guided. */
int player_guided_advance(player *p);

/* The ladder card (player_ladder.c). */
void player_ladder_add(player *p, ui_widget *col, const im_step *st);
int player_ladder_action(player *p, const ui_action *a);

/* Text helpers: paragraphs and bullets of content text as labels. */
void player_add_text(ui_widget *col, const im_text *t);

#endif
