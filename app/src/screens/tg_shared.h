/*
 * tg_shared.h -- what the four files of Together share: its
 * actions, its state, a few small helpers, and the calls across them.
 *   together.c         the screen's life and its actions (the engine calls)
 *   together_views.c   the page drawn from the engine's state (tg_show)
 *   together_charts.c  the connection map's radar and its legend
 *   together_secret.c  a partner's own secret: set-up, asking, the opening
 * See together.c for the privacy rules all three keep.
 */
#ifndef UI_TG_SHARED_H
#define UI_TG_SHARED_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a11y/tree.h"
#include "app/strings.h"
#include "innermost/couple_space.h"
#include "innermost/engine.h"
#include "innermost/progress.h"
#include "screens/areas.h"
#include "screens/couple_rejoin.h"
#include "screens/support.h"
#include "screens/swipe.h"
#include "screens/together.h"
#include "screens/worker_form.h"
#include "widgets/basic.h"
#include "widgets/controls.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"
#include "widgets/textfield.h"

enum {
    ACT_START = 1, /* value: exercise index in the menu */
    ACT_STARTER,
    ACT_HISTORY,
    ACT_HISTORY_OPEN,
    ACT_GATE,
    ACT_NEXT,
    ACT_PREV,
    ACT_SKIP,
    ACT_TEXT_CHANGED,
    ACT_SCALE,
    ACT_CHOICE,
    ACT_MATCH_YES,
    ACT_MATCH_MAYBE,
    ACT_MATCH_NOT_NOW,
    ACT_LADDER_ASK,
    ACT_LADDER_READY,
    ACT_LADDER_NOT_YET,
    ACT_LADDER_PAUSE,
    ACT_LADDER_BACK,
    ACT_RESUME,
    ACT_MENU,
    ACT_LEAVE,
    ACT_LEAVE_LOCK,
    ACT_LEAVE_STAY,
    ACT_TICK,
    ACT_SWIPE,            /* value: +1 next card (finger left), -1 previous (right) */
    ACT_AFRAID,           /* the safety note for anyone afraid of their partner */
    ACT_INTRO_PREV,       /* the intro card before */
    ACT_INTRO_NEXT,       /* the next intro card; after the last: begin, or back to the exercise */
    ACT_ABOUT,            /* the running exercise's intro cards again */
    ACT_SECRET_KIND,      /* value: 0 no secret, 1 a PIN, 2 a passphrase */
    ACT_START_0 = 100,    /* + the exercise's index in the menu */
    ACT_HISTORY_0 = 200,  /* + the record's index in history */
    ACT_CONTINUE_0 = 300, /* + the index in the menu of the exercise to continue */
    ACT_KEEP = 380,       /* value: the partner toggling "Keep this in our shared history" */
    ACT_FORGET_GO = 390,  /* erase a forgotten secret's sheets (the owner's passphrase typed) */
    ACT_FORGET_0 = 400,   /* + the person (0, 1) whose secret is forgotten */
    ACT_PLEAVE_0 = 410    /* + the person (0, 1) who leaves the couple space */
};

#define TG_MENU_MAX 32
#define TG_HISTORY_MAX 64

typedef enum tg_view { VIEW_MENU, VIEW_INTRO, VIEW_RUN, VIEW_HISTORY, VIEW_LEAVE, VIEW_FORGET } tg_view;

typedef struct tg {
    ui_app *app;
    ui_widget *col; /* the body column, rebuilt by tg_show() */
    ui_widget *name_a, *name_b, *text, *pass;
    tg_view view;
    int starter; /* 0 or 1: who answers first */
    /* the names as typed on the list, kept while the list is not shown
     * (intro cards, a paused exercise); empty: not typed yet */
    char typed[2][UI_NAME_MAX];
    /* each place's name as the couple's space last gave it (together_names.c);
     * empty: not known */
    char known[2][UI_NAME_MAX];
    im_couple_entry menu[TG_MENU_MAX]; /* grouped by kind (im_couple_menu) */
    size_t nmenu;
    const im_couple_entry *intro; /* VIEW_INTRO: whose intro cards */
    size_t intro_card;            /* ... and which one is shown */
    int64_t history[TG_HISTORY_MAX];
    size_t nhistory;
    im_couple *c;
    int64_t id;
    int gate;         /* -1: open; else the partner who must claim the device */
    int ladder_ask;   /* consent question: -1 none; 0/1 partner asked */
    int ladder_ready; /* bit per partner: said ready this round */
    int ladder_note;  /* 0 none, 1 opened, 2 stay */
    size_t ladder_open_before;
    int leave_ok;              /* passphrase checked: Back may pop */
    int checking;              /* the key check runs on the worker */
    ui_worker_form check;      /* its form: no button to disable, no dots (the label below) */
    int leave_wrong;           /* the last leave try was wrong */
    ui_widget *leave_msg;      /* under the leave field: wrong, and the wait */
    ui_widget *countdown;      /* the speaking clock (SPEAKING only) */
    int countdown_s;           /* the seconds it shows (-1: none yet) */
    ui_widget *checking_label; /* "Checking..." while the key check runs */
    int checking_dots;
    char note[160];
    /* a partner's own secret (together_secret.c) */
    ui_widget *secret;                  /* the secret's field on a card */
    ui_worker_form sform;               /* its line, button and dots; the worker derives */
    im_partner_secret secret_choice[2]; /* chosen on a partner's first card */
    int secret_wrong;                   /* the "not right" words of the last try (0: none) */
    int secret_refused;                 /* a try refused before the worker: why (0: none) */
    int opening;                        /* the worker sets or opens a secret */
    int job_partner;
    im_partner_secret job_kind;    /* NONE: open; else join (set, or open their record) */
    int person[2];                 /* the session's partners' places on the list (-1: not known) */
    im_partner_secret rec_kind[2]; /* record_kind's last answer (the worker has the vault) */
    int forget;                    /* VIEW_FORGET: the person (0, 1) whose secret is forgotten */
    int job_forget;                /* the worker erases their sheets (job_secret: the owner's) */
    int leaving;                   /* VIEW_FORGET is the page of `forget` leaving the couple space */
    int forgot_done;               /* the erase just happened (said on the list once) */
    char *job_secret;              /* the worker's copy, in locked memory */
    int left_space;                /* the leaver was this profile: it left the couple space too */
    int leave_proof;               /* VIEW_FORGET: im_couple_leave_proof of `forget` */
    int bound;                     /* ... and, for one's own leave, im_couple_bound_count's last answer */
    ui_couple_rejoin *rejoin;      /* the owner out of the couple space: the list's place (couple_link.c) */
} tg;

/* ---- helpers ---------------------------------------------------------------- */

static inline ui_ctx *ctx_of(tg *t) { return &t->app->ctx; }

static inline void add_text(ui_widget *col, const char *s, ui_text_style st)
{
    if (s && *s) ui_widget_add(col, ui_label_new(s, st));
}

static inline void add_im_text(ui_widget *col, const im_text *tx)
{
    for (size_t i = 0; i < tx->n; i++) {
        char buf[1200];
        snprintf(buf, sizeof buf, "%s%s", tx->v[i].bullet ? "\xE2\x80\xA2 " : "", tx->v[i].text);
        add_text(col, buf, UI_TEXT_BODY);
    }
}

static inline void add_fmt(ui_widget *col, ui_text_style st, ui_str_id id, const char *a, const char *b)
{
    char buf[400];
    snprintf(buf, sizeof buf, ui_str(id), a, b);
    add_text(col, buf, st);
}

static inline void add_button(ui_widget *col, ui_str_id id, const char *arg, ui_button_style st, int action)
{
    char buf[200];
    snprintf(buf, sizeof buf, ui_str(id), arg);
    ui_widget_add(col, ui_button_new(buf, st, action));
}

static inline const char *name_of(tg *t, int p) { return im_couple_name(t->c, p); }

static inline void set_note_rc(tg *t, im_rc rc)
{
    if (rc == IM_OK) return;
    snprintf(t->note, sizeof t->note, ui_str(STR_TG_ERROR), im_rc_message(rc));
}

/* ---- across the files ------------------------------------------------------- */

/* together_views.c: rebuilds the body from the engine's state (privacy
 * rule 1: a hand-off card whenever the holder may change). */
void tg_show(tg *t);
/* The speaking clock's label shows the seconds left (only when they changed). */
void tg_countdown_show(tg *t);

/* together_secret.c.  The card's button: 1 when a secret is set or opened
 * on the worker first (or one already runs), 0 when the card may let the
 * partner in at once (no secret chosen, not a sealing exercise, open). */
int tg_secret_gate(tg *t);
/* A chip of the set-up: 0 no secret, 1 a PIN, 2 a passphrase. */
void tg_secret_choose(tg *t, int choice);
/* The class's work_done for the secret's job: 1 when it was ours, with
 * *proceed 1 when the card now lets the partner in. */
int tg_secret_done(tg *t, int *proceed);
/* On partner p's hand-off card: the set-up or the secret's field; 1 when
 * it added the card's button itself. */
int tg_secret_card(tg *t, ui_widget *col, int p);
/* IM_PHASE_OPENING: each partner opens their own answers. */
void tg_show_opening(tg *t, ui_widget *col);
void tg_secret_free(tg *t);
/* The list's lines for each partner's one secret, and "<name> forgot
 * their secret" (together_secret.c). */
void tg_secret_list(tg *t, ui_widget *col);
/* At the list's end: "<name> leaves the couple space", for each. */
void tg_leave_list(tg *t, ui_widget *col);
/* The forgotten secret's page (VIEW_FORGET) and its erase on the worker. */
void tg_show_forget(tg *t, ui_widget *col);
void tg_forget_start(tg *t);

/* together_names.c: the names of the list's places, the same on every
 * screen of the couple's space.  tg_names_load reads them from the space's
 * newest session (when the list is drawn); tg_place_name is place's name
 * (typed, the space's, the profile's, or the default); tg_places the places
 * of c's partners as core recorded them when c began
 * (im_couple_partner_place). */
void tg_names_load(tg *t);
const char *tg_place_name(const tg *t, int place);
void tg_places(const im_couple *c, int person[2]);

/* together_charts.c: the radar of both partners' ratings, its legend and
 * the maps before. */
void tg_add_radar(tg *t, ui_widget *col);

#endif
