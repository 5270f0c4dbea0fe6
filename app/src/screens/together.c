/*
 * together.c -- Together: couple exercises on one shared device.
 *
 * One screen, one couple session (core's im_couple, attached to the vault
 * so every change is saved encrypted as it happens).  The body is rebuilt
 * from the engine's state after every action (show()): what is drawn is a
 * pure function of (engine phase, whose turn, the hand-off gate), so a
 * restart or an unlock that resumes the session draws the same thing.
 *
 * Privacy rules this file keeps (issue 7):
 *  1. Whenever the partner who holds the device may change -- the engine's
 *     HANDOFF, a resumed session, each private consent question -- the
 *     body is the hand-off card and nothing else: the card shows names and
 *     the exercise title only.  Only a tap on "I'm <name>" (a button, so a
 *     tap anywhere else does nothing) opens the next partner's view.
 *  2. Nothing reads the other partner's answers before the engine says
 *     REVEALED / DONE: the only reads are im_couple_get_answer for the
 *     partner whose turn it is (the engine refuses the others anyway).
 *  3. Leaving (Back) asks for the passphrase (a key check on the session's
 *     worker) or locks; while Together is shown its frame has no tabs, so
 *     journal, results and progress cannot be reached.
 *  4. Text being typed is given to the engine (sealed, saved) by the
 *     session's saver before any lock, background or end.
 *  5. What a reveal or a comfort map shows is core's decision (engine.h):
 *     a reveal draws an answer only when core gives both partners' answers
 *     to that step, and the map only the mutual yeses core returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/strings.h"
#include "innermost/engine.h"
#include "innermost/progress.h"
#include "screens/areas.h"
#include "screens/support.h"
#include "screens/swipe.h"
#include "screens/together.h"
#include "widgets/basic.h"
#include "widgets/controls.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"
#include "widgets/textfield.h"

enum {
    ACT_START = 1, /* value: exercise index in the menu */
    ACT_CONTINUE,
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
    ACT_SWIPE, /* value: +1 next card (finger left), -1 previous (right) */
    ACT_AFRAID, /* the safety note for anyone afraid of their partner */
    ACT_START_0 = 100, /* + the exercise's index in the menu */
    ACT_HISTORY_0 = 200 /* + the record's index in history */
};

#define TG_MENU_MAX 32
#define TG_HISTORY_MAX 64

typedef enum tg_view { VIEW_MENU, VIEW_RUN, VIEW_HISTORY, VIEW_LEAVE } tg_view;

typedef struct tg {
    ui_app *app;
    ui_widget *col;            /* the body column, rebuilt by show() */
    ui_widget *name_a, *name_b, *text, *pass;
    tg_view view;
    int starter;               /* 0 or 1: who answers first */
    const im_exercise *menu[TG_MENU_MAX];
    size_t nmenu;
    int64_t history[TG_HISTORY_MAX];
    size_t nhistory;
    im_couple *c;
    int64_t id;
    int gate;                  /* -1: open; else the partner who must claim the device */
    int ladder_ask;            /* consent question: -1 none; 0/1 partner asked */
    int ladder_ready;          /* bit per partner: said ready this round */
    int ladder_note;           /* 0 none, 1 opened, 2 stay */
    size_t ladder_open_before;
    int leave_ok;              /* passphrase checked: Back may pop */
    int checking;
    int leave_wrong;           /* the last leave try was wrong */
    ui_widget *leave_msg;      /* under the leave field: wrong, and the wait */
    char note[160];
} tg;

static void show(tg *t);

/* ---- helpers ---------------------------------------------------------------- */

static ui_ctx *ctx_of(tg *t) { return &t->app->ctx; }

static void add_text(ui_widget *col, const char *s, ui_text_style st)
{
    if (s && *s) ui_widget_add(col, ui_label_new(s, st));
}

static void add_im_text(ui_widget *col, const im_text *tx)
{
    for (size_t i = 0; i < tx->n; i++) {
        char buf[1200];
        snprintf(buf, sizeof buf, "%s%s", tx->v[i].bullet ? "\xE2\x80\xA2 " : "", tx->v[i].text);
        add_text(col, buf, UI_TEXT_BODY);
    }
}

static void add_fmt(ui_widget *col, ui_text_style st, ui_str_id id, const char *a, const char *b)
{
    char buf[400];
    snprintf(buf, sizeof buf, ui_str(id), a, b);
    add_text(col, buf, st);
}

static void add_button(ui_widget *col, ui_str_id id, const char *arg, ui_button_style st, int action)
{
    char buf[200];
    snprintf(buf, sizeof buf, ui_str(id), arg);
    ui_widget_add(col, ui_button_new(buf, st, action));
}

static const char *name_of(tg *t, int p) { return im_couple_name(t->c, p); }

/* The exercises of Together items whose mode is a couple mode, in content
 * order. */
static void load_menu(tg *t)
{
    const im_library *lib = ui_app_content(t->app);
    t->nmenu = 0;
    size_t n = lib ? im_library_item_count(lib) : 0;
    for (size_t i = 0; i < n; i++) {
        const im_item *it = im_library_item(lib, i);
        if (it->kind != IM_ITEM_TOGETHER) continue;
        for (size_t k = 0; k < it->n_exercises && t->nmenu < TG_MENU_MAX; k++)
            if (it->exercises[k].mode != IM_MODE_SOLO) t->menu[t->nmenu++] = &it->exercises[k];
    }
}

static void set_note_rc(tg *t, im_rc rc)
{
    if (rc == IM_OK) return;
    snprintf(t->note, sizeof t->note, ui_str(STR_TG_ERROR), im_rc_message(rc));
}

static void close_couple(tg *t)
{
    im_couple_free(t->c);
    t->c = NULL;
    t->id = 0;
}

/* ---- saver: text being typed goes to the engine (sealed, saved) ---------- */

static void give_text(tg *t)
{
    if (!t->c || !t->text || t->gate >= 0) return;
    const im_step *st = im_couple_step(t->c);
    if (!st || st->answer != IM_ANSWER_TEXT) return;
    const char *s = ui_field_text(t->text);
    if (s && *s) set_note_rc(t, im_couple_answer_text(t->c, s));
}

static void tg_saver(ui_app *app, void *state)
{
    (void)app;
    give_text(state);
}

/* ---- menu ------------------------------------------------------------------- */

static void show_menu(tg *t, ui_widget *col)
{
    ui_session *s = ui_session_of(t->app);
    add_text(col, ui_str(STR_TG_SETUP_LEAD), UI_TEXT_BODY);
    ui_widget_add(col, ui_button_new(ui_str(STR_SAFE_AFRAID), UI_BUTTON_TEXT, ACT_AFRAID));
    t->name_a = ui_widget_add(col, ui_field_new(ui_str(STR_TG_NAME_A), UI_FIELD_LINE, 0, 0));
    t->name_b = ui_widget_add(col, ui_field_new(ui_str(STR_TG_NAME_B), UI_FIELD_LINE, 0, 0));
    if (t->name_a) ui_field_set_text(t->name_a, ctx_of(t), s->name[0] ? s->name : ui_str(STR_TG_DEFAULT_A));
    if (t->name_b) ui_field_set_text(t->name_b, ctx_of(t), s->partner[0] ? s->partner : ui_str(STR_TG_DEFAULT_B));
    add_text(col, ui_str(STR_TG_WHO_STARTS), UI_TEXT_HEADING);
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    for (int p = 0; p < 2 && row; p++) {
        char buf[200];
        const char *who = p ? s->partner : s->name;
        snprintf(buf, sizeof buf, ui_str(STR_TG_STARTS), *who ? who : ui_str(p ? STR_TG_DEFAULT_B : STR_TG_DEFAULT_A));
        ui_widget *chip = ui_widget_add(row, ui_chip_new(buf, ACT_STARTER));
        if (chip) chip->value = p == t->starter;
    }
    add_text(col, ui_str(STR_TG_EXERCISES), UI_TEXT_HEADING);
    for (size_t i = 0; i < t->nmenu; i++) {
        int64_t open = 0;
        if (im_couple_find_open(s->vault, t->menu[i]->id, &open) == IM_OK)
            add_button(col, STR_TG_CONTINUE, t->menu[i]->title, UI_BUTTON_PRIMARY, ACT_CONTINUE);
        ui_widget_add(col, ui_button_new(t->menu[i]->title, UI_BUTTON_SECONDARY, ACT_START_0 + (int)i));
    }
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_HISTORY), UI_BUTTON_TEXT, ACT_HISTORY));
}

/* The text of a name field, or the default when empty. */
static const char *field_name(ui_widget *f, ui_str_id dflt)
{
    const char *s = f ? ui_field_text(f) : NULL;
    return s && *s ? s : ui_str(dflt);
}

/* The engine draws who speaks first in turns; here the couple chose who
 * starts (partner 0), so the draw always lands on partner 0: an even draw
 * (engine_couple.c stores below(2) ^ 1 and each prompt flips it once
 * before the first speaker begins). */
static uint32_t starter_speaks_first(void *ctx)
{
    (void)ctx;
    return 0;
}

static void start_exercise(tg *t, const im_exercise *ex)
{
    ui_session *s = ui_session_of(t->app);
    char a[UI_NAME_MAX], b[UI_NAME_MAX];
    snprintf(a, sizeof a, "%s", field_name(t->name_a, STR_TG_DEFAULT_A));
    snprintf(b, sizeof b, "%s", field_name(t->name_b, STR_TG_DEFAULT_B));
    close_couple(t);
    /* partner 0 answers first: the starter's name goes first */
    im_rng first = { starter_speaks_first, NULL };
    im_rc rc = im_couple_start(ex, t->starter ? b : a, t->starter ? a : b, &s->clock, &first, &t->c);
    if (rc == IM_OK) rc = im_couple_attach(t->c, s->vault, &t->id);
    if (rc != IM_OK) {
        close_couple(t);
        set_note_rc(t, rc);
        return;
    }
    t->view = VIEW_RUN;
    t->ladder_ask = -1;
    t->gate = im_couple_partner(t->c) >= 0 && im_couple_phase_of(t->c) == IM_PHASE_ANSWERING ? im_couple_partner(t->c) : -1;
}

/* Resumes record id; every resumed session starts behind the hand-off card
 * of whoever's turn it is (the device may be in either hand). */
static void resume(tg *t, int64_t id)
{
    ui_session *s = ui_session_of(t->app);
    close_couple(t);
    im_rc rc = im_couple_resume_from(ui_app_content(t->app), s->vault, id, &s->clock, NULL, &t->c);
    if (rc != IM_OK) {
        set_note_rc(t, rc);
        return;
    }
    t->id = id;
    t->view = VIEW_RUN;
    t->ladder_ask = -1;
    im_couple_phase ph = im_couple_phase_of(t->c);
    t->gate = ph == IM_PHASE_ANSWERING ? im_couple_partner(t->c) : ph == IM_PHASE_HANDOFF ? -1 : -1;
}

static void continue_nth(tg *t, int nth)
{
    ui_session *s = ui_session_of(t->app);
    int k = 0;
    for (size_t i = 0; i < t->nmenu; i++) {
        int64_t open = 0;
        if (im_couple_find_open(s->vault, t->menu[i]->id, &open) != IM_OK) continue;
        if (k++ == nth) {
            resume(t, open);
            return;
        }
    }
}

/* ---- history ------------------------------------------------------------------ */

static int collect_id(void *p, int64_t id, im_rc rc, const unsigned char *data, size_t len)
{
    (void)data;
    (void)len;
    tg *t = p;
    if (rc == IM_OK && t->nhistory < TG_HISTORY_MAX) t->history[t->nhistory++] = id;
    return 0;
}

static void show_history(tg *t, ui_widget *col)
{
    ui_session *s = ui_session_of(t->app);
    t->nhistory = 0;
    im_rc rc = im_record_foreach(s->vault, IM_KIND_COUPLE, collect_id, t);
    if (rc != IM_OK) set_note_rc(t, rc); /* the history may be short: say so */
    add_text(col, ui_str(STR_TG_HISTORY), UI_TEXT_TITLE);
    int shown = 0;
    for (size_t i = t->nhistory; i-- > 0;) { /* newest first */
        im_couple *c = NULL;
        if (im_couple_resume_from(ui_app_content(t->app), s->vault, t->history[i], &s->clock, NULL, &c) != IM_OK) continue;
        char buf[300];
        snprintf(buf, sizeof buf, ui_str(im_couple_phase_of(c) == IM_PHASE_DONE ? STR_TG_HISTORY_DONE : STR_TG_HISTORY_OPEN),
                 im_couple_exercise(c)->title);
        im_couple_free(c);
        ui_widget_add(col, ui_button_new(buf, UI_BUTTON_SECONDARY, ACT_HISTORY_0 + (int)i));
        shown++;
    }
    if (!shown) add_text(col, ui_str(STR_TG_HISTORY_EMPTY), UI_TEXT_BODY);
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_DONE), UI_BUTTON_TEXT, ACT_MENU));
}

/* ---- the hand-off card -------------------------------------------------------- */

static void show_gate(tg *t, ui_widget *col, int partner)
{
    add_text(col, im_couple_exercise(t->c)->title, UI_TEXT_SMALL);
    ui_widget_add(col, ui_spacer_new(96));
    add_fmt(col, UI_TEXT_TITLE, STR_TG_PASS_TO, name_of(t, partner), NULL);
    add_fmt(col, UI_TEXT_BODY, STR_TG_PASS_LEAD, name_of(t, partner), NULL);
    ui_widget_add(col, ui_spacer_new(48));
    add_button(col, STR_TG_IM, name_of(t, partner), UI_BUTTON_PRIMARY, ACT_GATE);
}

/* ---- answering privately ------------------------------------------------------- */

static void add_answer_input(tg *t, ui_widget *col, const im_step *st, const im_answer *mine)
{
    switch (st->answer) {
    case IM_ANSWER_TEXT:
        t->text = ui_widget_add(col, ui_field_new(st->hint ? st->hint : ui_str(STR_TG_ANSWER_FIELD), UI_FIELD_EDITOR, 0,
                                                  ACT_TEXT_CHANGED));
        if (t->text && mine && mine->text) ui_field_set_text(t->text, ctx_of(t), mine->text);
        break;
    case IM_ANSWER_SCALE: {
        int v = mine && mine->scale >= 0 ? mine->scale : 5;
        char lab[300];
        snprintf(lab, sizeof lab, "%s \xE2\x80\x93 %s", st->low ? st->low : "0", st->high ? st->high : "10");
        ui_widget *sl = ui_widget_add(col, ui_slider_new(lab, v, ACT_SCALE));
        if (sl) ui_ctx_set_focus(ctx_of(t), sl); /* arrow keys rate at once */
        if (!mine || mine->scale < 0) set_note_rc(t, im_couple_answer_scale(t->c, v));
        break;
    }
    case IM_ANSWER_ONE:
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST: {
        ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
        for (size_t i = 0; i < st->n_options && row; i++) {
            ui_widget *chip = ui_widget_add(row, ui_chip_new(st->options[i].text, ACT_CHOICE));
            if (chip && mine) chip->value = (int)((mine->chosen >> i) & 1u);
        }
        break;
    }
    case IM_ANSWER_MATCH: {
        ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
        if (!row) break;
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_YES), UI_BUTTON_SECONDARY, ACT_MATCH_YES));
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_MAYBE), UI_BUTTON_SECONDARY, ACT_MATCH_MAYBE));
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_NOT_NOW), UI_BUTTON_SECONDARY, ACT_MATCH_NOT_NOW));
        break;
    }
    default: break;
    }
}

/* Issue 15: on every private card of a reveal or match exercise, a word
 * that an answer held back out of fear matters, and the way to the note. */
static void add_honesty_note(ui_widget *col, const im_exercise *ex)
{
    if (ex->mode != IM_MODE_REVEAL && ex->mode != IM_MODE_MATCH) return;
    add_text(col, ui_str(STR_SAFE_HONEST), UI_TEXT_SMALL);
    ui_widget_add(col, ui_button_new(ui_str(STR_SAFE_AFRAID), UI_BUTTON_TEXT, ACT_AFRAID));
}

static void show_answering(tg *t, ui_widget *col)
{
    int p = im_couple_partner(t->c);
    const im_step *st = im_couple_step(t->c);
    const im_exercise *ex = im_couple_exercise(t->c);
    add_fmt(col, UI_TEXT_SMALL, STR_TG_YOUR_TURN, name_of(t, p), NULL);
    ui_widget_add(col, ui_dots_new((int)ex->n_steps, (int)im_couple_index(t->c)));
    if (!st) return;
    add_text(col, st->title, UI_TEXT_HEADING);
    add_im_text(col, &st->text);
    const im_answer *mine = NULL;
    if (im_couple_get_answer(t->c, p, im_couple_index(t->c), &mine) != IM_OK) mine = NULL;
    add_answer_input(t, col, st, mine);
    /* to the partner answering alone: a sheet of yeses shows no more */
    if (im_couple_match_all_yes(t->c)) add_text(col, ui_str(STR_TG_MATCH_ALL_YES), UI_TEXT_SMALL);
    if (st->answer == IM_ANSWER_MATCH) { /* the three buttons move on */
        add_honesty_note(col, ex);
        return;
    }
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (!row) return;
    if (im_couple_index(t->c) > 0) ui_widget_add(row, ui_button_new(ui_str(STR_TG_BACK_STEP), UI_BUTTON_SECONDARY, ACT_PREV));
    if (st->kind == IM_STEP_PROMPT) ui_widget_add(row, ui_button_new(ui_str(STR_TG_SKIP), UI_BUTTON_SECONDARY, ACT_SKIP));
    ui_widget_add(row, ui_button_new(ui_str(STR_TG_NEXT), UI_BUTTON_PRIMARY, ACT_NEXT));
    add_honesty_note(col, ex);
}

/* ---- reveal -------------------------------------------------------------------- */

/* One partner's answer as words. */
static void answer_words(const im_step *st, const im_answer *a, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", ui_str(STR_TG_NO_ANSWER));
    if (!a) return;
    switch (st->answer) {
    case IM_ANSWER_TEXT:
        if (a->text && *a->text) snprintf(buf, cap, "%s", a->text);
        break;
    case IM_ANSWER_SCALE:
        if (a->scale >= 0) snprintf(buf, cap, "%d / 10", a->scale);
        break;
    case IM_ANSWER_ONE:
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST: {
        size_t used = 0;
        buf[0] = 0;
        for (size_t i = 0; i < st->n_options && i < 64; i++)
            if ((a->chosen >> i) & 1u) {
                int k = snprintf(buf + used, cap - used, "%s%s", used ? ", " : "", st->options[i].text);
                if (k < 0 || (size_t)k >= cap - used) break;
                used += (size_t)k;
            }
        if (!used) snprintf(buf, cap, "%s", ui_str(STR_TG_NO_ANSWER));
        break;
    }
    default: break;
    }
}

static int is_connection_map(const im_exercise *ex)
{
    size_t scales = 0;
    for (size_t i = 0; i < ex->n_steps; i++) scales += ex->steps[i].answer == IM_ANSWER_SCALE;
    return scales == IM_CONNECTION_DIMENSIONS && strstr(ex->id, "connection") != NULL;
}

static void add_radar(tg *t, ui_widget *col);

static void show_match(tg *t, ui_widget *col);

/* Both sheets side by side (reveal) or the mutual items (match), then the
 * discussion step the engine is on, if any.  Which answers may be shown is
 * core's decision (a step either partner skipped gives neither answer:
 * engine.h); this only draws what im_couple_get_answer returns. */
static void show_revealed(tg *t, ui_widget *col)
{
    const im_exercise *ex = im_couple_exercise(t->c);
    if (ex->mode == IM_MODE_MATCH) show_match(t, col);
    else {
        add_text(col, ui_str(STR_TG_REVEAL_TITLE), UI_TEXT_TITLE);
        add_text(col, ui_str(STR_TG_REVEAL_LEAD), UI_TEXT_BODY);
    }
    if (is_connection_map(ex)) add_radar(t, col);
    for (size_t i = 0; i < ex->n_steps && ex->mode == IM_MODE_REVEAL; i++) {
        const im_step *st = &ex->steps[i];
        if (st->kind != IM_STEP_PROMPT) continue;
        ui_widget *card = ui_widget_add(col, ui_card_new());
        if (!card) continue;
        add_im_text(card, &st->text);
        const im_answer *pair[2] = { NULL, NULL };
        for (int p = 0; p < 2; p++)
            if (im_couple_get_answer(t->c, p, i, &pair[p]) != IM_OK) pair[p] = NULL;
        if (!pair[0] || !pair[1]) {
            add_text(card, ui_str(STR_TG_REVEAL_NOT_BOTH), UI_TEXT_SMALL);
            continue;
        }
        ui_widget *row = ui_widget_add(card, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
        for (int p = 0; p < 2 && row; p++) {
            ui_widget *side = ui_widget_add(row, ui_column_new(0, 4));
            const im_answer *a = pair[p];
            char buf[2048];
            answer_words(st, a, buf, sizeof buf);
            if (!side) continue;
            add_text(side, name_of(t, p), UI_TEXT_HEADING);
            add_text(side, buf, UI_TEXT_BODY);
        }
    }
    if (im_couple_phase_of(t->c) != IM_PHASE_REVEALED) return;
    const im_step *st = im_couple_step(t->c);
    if (st && st->kind == IM_STEP_DISCUSS) {
        add_text(col, st->title ? st->title : ui_str(STR_TG_TALK), UI_TEXT_HEADING);
        add_im_text(col, &st->text);
        for (size_t i = 0; i < st->n_options; i++) {
            char buf[1200];
            snprintf(buf, sizeof buf, "\xE2\x80\xA2 %s", st->options[i].text);
            add_text(col, buf, UI_TEXT_BODY);
        }
    }
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_NEXT), UI_BUTTON_PRIMARY, ACT_NEXT));
}

/* ---- comfort map result --------------------------------------------------------- */

static void show_match(tg *t, ui_widget *col)
{
    const im_exercise *ex = im_couple_exercise(t->c);
    add_text(col, ui_str(STR_TG_MATCH_TITLE), UI_TEXT_TITLE);
    size_t steps[128], n = 0;
    int yes[128];
    if (im_couple_match_result(t->c, steps, yes, 128, &n) != IM_OK) n = 0;
    if (n > 128) n = 128;
    if (!n) add_text(col, ui_str(STR_TG_MATCH_NONE), UI_TEXT_BODY);
    else add_text(col, ui_str(STR_TG_MATCH_GENTLE), UI_TEXT_BODY);
    add_text(col, ui_str(STR_TG_MATCH_PRIVATE), UI_TEXT_SMALL);
    for (size_t i = 0; i < n; i++) {
        if (steps[i] >= ex->n_steps) continue;
        const im_step *st = &ex->steps[steps[i]];
        ui_widget *card = ui_widget_add(col, ui_card_new());
        if (!card) continue;
        add_im_text(card, &st->text);
        if (yes[i]) add_text(card, ui_str(STR_TG_MATCH_BOTH_YES), UI_TEXT_SMALL);
    }
}

/* ---- closeness ladder ------------------------------------------------------------ */

static void show_ladder(tg *t, ui_widget *col)
{
    const im_exercise *ex = im_couple_exercise(t->c);
    size_t open = im_couple_ladder_open(t->c);
    if (t->ladder_ask >= 0) { /* private question behind the gate */
        add_fmt(col, UI_TEXT_TITLE, STR_TG_LADDER_PRIVATE, name_of(t, t->ladder_ask), NULL);
        if (open < ex->n_steps) add_im_text(col, &ex->steps[open].text);
        ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
        if (!row) return;
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_LADDER_NOT_YET), UI_BUTTON_SECONDARY, ACT_LADDER_NOT_YET));
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_LADDER_READY), UI_BUTTON_PRIMARY, ACT_LADDER_READY));
        return;
    }
    char buf[80];
    if (open == 0) add_text(col, ui_str(STR_TG_LADDER_NONE), UI_TEXT_BODY);
    else {
        snprintf(buf, sizeof buf, ui_str(STR_TG_LADDER_STEP), (int)open, (int)ex->n_steps);
        add_text(col, buf, UI_TEXT_SMALL);
        if (open - 1 < ex->n_steps) add_im_text(col, &ex->steps[open - 1].text);
    }
    if (t->ladder_note) add_text(col, ui_str(t->ladder_note == 1 ? STR_TG_LADDER_OPENED : STR_TG_LADDER_STAY), UI_TEXT_SMALL);
    if (im_couple_paused(t->c)) {
        add_text(col, ui_str(STR_TG_LADDER_PAUSED), UI_TEXT_BODY);
        ui_widget_add(col, ui_button_new(ui_str(STR_TG_RESUME), UI_BUTTON_PRIMARY, ACT_RESUME));
        return;
    }
    if (open < ex->n_steps) {
        add_text(col, ui_str(STR_TG_LADDER_ASK), UI_TEXT_HEADING);
        add_text(col, ui_str(STR_TG_LADDER_ASK_LEAD), UI_TEXT_SMALL);
        ui_widget_add(col, ui_button_new(ui_str(STR_TG_LADDER_ASK_BUTTON), UI_BUTTON_PRIMARY, ACT_LADDER_ASK));
    } else {
        add_text(col, ui_str(STR_TG_LADDER_TOP), UI_TEXT_BODY);
    }
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (!row) return;
    ui_widget_add(row, ui_button_new(ui_str(STR_TG_LADDER_PAUSE), UI_BUTTON_SECONDARY, ACT_LADDER_PAUSE));
    if (open > 0) ui_widget_add(row, ui_button_new(ui_str(STR_TG_LADDER_STEP_BACK), UI_BUTTON_SECONDARY, ACT_LADDER_BACK));
}

/* Both partners were asked in turn; did the step open? */
static void ladder_answered(tg *t, int ready)
{
    int p = t->ladder_ask;
    if (ready) {
        t->ladder_ready |= 1 << p;
        set_note_rc(t, im_couple_ladder_confirm(t->c, p));
    }
    if (p == 0) { /* the other partner's turn, behind the card */
        t->ladder_ask = 1;
        t->gate = 1;
        return;
    }
    t->ladder_ask = -1;
    size_t open = im_couple_ladder_open(t->c);
    t->ladder_note = open > t->ladder_open_before ? 1 : 2;
    if (t->ladder_note == 2 && t->ladder_ready) set_note_rc(t, im_couple_ladder_pause(t->c)), set_note_rc(t, im_couple_resume(t->c));
    t->ladder_ready = 0;
    t->gate = -1;
}

/* ---- turns ------------------------------------------------------------------------ */

/* A label that follows the speaking clock: while SPEAKING it ticks, moving
 * the engine on when the time is up (the screen then redraws).  Between two
 * shown seconds the tick is UI_TICK_QUIET, so the app draws about one frame
 * a second, not one per FRAME_MS.  It is a
 * column (the toolkit's class, with a tick added) holding one label; the
 * couple session is found through the top screen (ctx host is the app). */
static void tg_action(ui_app *app, ui_screen *scr, const ui_action *a);

static int countdown_tick(ui_widget *w, ui_ctx *c)
{
    ui_screen *top = ui_nav_top(c->host);
    tg *t = top && top->on_action == tg_action ? top->state : NULL;
    if (!t || !t->c || im_couple_phase_of(t->c) != IM_PHASE_SPEAKING) return 0;
    /* tick only when the time is up: a tick that changes the phase saves
     * the session (one vault write), which is not for every frame */
    if (im_couple_turn_remaining_ms(t->c) <= 0) {
        im_rc rc = im_couple_tick(t->c);
        if (rc != IM_OK) set_note_rc(t, rc);
    }
    if (im_couple_phase_of(t->c) != IM_PHASE_SPEAKING) {
        ui_ctx_emit_kind(c, w, ACT_TICK, 0);
        return 0;
    }
    int s = (int)((im_couple_turn_remaining_ms(t->c) + 999) / 1000);
    /* redraw on demand: only when the shown second changes, not per frame */
    if (s == w->value) return UI_TICK_QUIET;
    w->value = s;
    char buf[64];
    snprintf(buf, sizeof buf, ui_str(STR_TG_TIME_LEFT), s / 60, s % 60);
    if (w->first) ui_label_set_text(w->first, c, buf);
    return 1;
}

/* The countdown next changes when its shown second does (or at zero). */
static int64_t countdown_deadline(ui_widget *w, ui_ctx *c)
{
    (void)w;
    int64_t now = c->now_ms;
    ui_screen *top = ui_nav_top(c->host);
    tg *t = top && top->on_action == tg_action ? top->state : NULL;
    if (!t || !t->c) return now;
    int64_t r = im_couple_turn_remaining_ms(t->c);
    return r <= 0 ? now : now + r - ((r + 999) / 1000 - 1) * 1000;
}

static ui_widget *countdown_new(void)
{
    static ui_class cls;
    ui_widget *w = ui_column_new(0, 0);
    if (!w) return NULL;
    if (!cls.name) {
        cls = *w->cls;
        cls.name = "countdown";
        cls.tick = countdown_tick;
        cls.deadline = countdown_deadline;
    }
    w->cls = &cls;
    w->value = -1;
    ui_widget_add(w, ui_label_new(" ", UI_TEXT_TITLE));
    return w;
}

static void show_turns(tg *t, ui_widget *col)
{
    const im_step *st = im_couple_step(t->c);
    const im_exercise *ex = im_couple_exercise(t->c);
    im_couple_phase ph = im_couple_phase_of(t->c);
    ui_widget_add(col, ui_dots_new((int)ex->n_steps, (int)im_couple_index(t->c)));
    int sp = im_couple_partner(t->c), li = im_couple_listener(t->c);
    if (ph == IM_PHASE_TOGETHER) add_text(col, ui_str(STR_TG_TOGETHER_CARD), UI_TEXT_SMALL);
    else add_fmt(col, UI_TEXT_SMALL, STR_TG_SPEAKS, name_of(t, sp), name_of(t, li));
    if (st) {
        ui_widget *card = ui_widget_add(col, ui_card_new());
        if (card) {
            add_text(card, st->title, UI_TEXT_HEADING);
            add_im_text(card, &st->text);
        }
    }
    if (ph == IM_PHASE_SPEAKING) {
        ui_widget *cd = ui_widget_add(col, countdown_new());
        if (cd) {
            countdown_tick(cd, ctx_of(t));
            ui_ctx_start_ticker(ctx_of(t), cd);
        }
        ui_widget_add(col, ui_button_new(ui_str(STR_TG_DONE_SPEAKING), UI_BUTTON_PRIMARY, ACT_NEXT));
    } else if (ph == IM_PHASE_REFLECTING) {
        add_fmt(col, UI_TEXT_HEADING, STR_TG_REFLECT, name_of(t, li), NULL);
        add_text(col, im_couple_reflect_prompt(t->c), UI_TEXT_BODY);
        ui_widget_add(col, ui_button_new(ui_str(STR_TG_SWAP), UI_BUTTON_PRIMARY, ACT_NEXT));
    } else {
        ui_widget_add(col, ui_button_new(ui_str(STR_TG_NEXT), UI_BUTTON_PRIMARY, ACT_NEXT));
    }
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_SKIP_CARD), UI_BUTTON_SECONDARY, ACT_SKIP));
}

/* ---- radar ------------------------------------------------------------------------ */

typedef struct radar {
    int r[2][IM_CONNECTION_DIMENSIONS];
    int nhist;
    int hist[8][2][IM_CONNECTION_DIMENSIONS];
} radar;

static void radar_point(ui_rect box, int dim, float value, float *x, float *y)
{
    static const float cx[IM_CONNECTION_DIMENSIONS] = { 0.0f, 0.9511f, 0.5878f, -0.5878f, -0.9511f };
    static const float cy[IM_CONNECTION_DIMENSIONS] = { -1.0f, -0.3090f, 0.8090f, 0.8090f, -0.3090f };
    float rad = (float)(box.w < box.h ? box.w : box.h) * 0.42f * value / 10.0f;
    *x = (float)box.x + (float)box.w / 2.0f + cx[dim] * rad;
    *y = (float)box.y + (float)box.h / 2.0f + cy[dim] * rad;
}

/* A line as a run of small squares (the draw list has rects, not lines). */
static void radar_line(ui_drawlist *dl, float x0, float y0, float x1, float y1, int thick, ui_rgba col)
{
    float dx = x1 - x0, dy = y1 - y0;
    float len = dx * dx + dy * dy;
    int steps = 1;
    while ((float)(steps * steps) < len && steps < 2000) steps++;
    steps = steps / (thick > 1 ? thick / 2 : 1) + 1;
    for (int i = 0; i <= steps; i++) {
        float f = (float)i / (float)steps;
        ui_draw_rect(dl, (ui_rect){ (int)(x0 + dx * f) - thick / 2, (int)(y0 + dy * f) - thick / 2, thick, thick }, col);
    }
}

static void radar_shape(ui_drawlist *dl, ui_rect box, const int *r, int thick, ui_rgba col)
{
    for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
        int e = (d + 1) % IM_CONNECTION_DIMENSIONS;
        float x0, y0, x1, y1;
        radar_point(box, d, (float)(r[d] < 0 ? 0 : r[d]), &x0, &y0);
        radar_point(box, e, (float)(r[e] < 0 ? 0 : r[e]), &x1, &y1);
        radar_line(dl, x0, y0, x1, y1, thick, col);
        ui_draw_rrect(dl, (ui_rect){ (int)x0 - thick * 2, (int)y0 - thick * 2, thick * 4, thick * 4 }, thick * 2, col);
    }
}

/* The colour of a partner's shape on the radar, and of the swatch by the
 * partner's name in the legend: one function, so the two always agree. */
static ui_rgba partner_color(ui_ctx *c, int partner)
{
    return ui_color(c, partner ? UI_C_TEXT : UI_C_PRIMARY);
}

static int radar_measure(ui_widget *w, ui_ctx *c, int width)
{
    (void)w;
    int h = ui_pt(c, 260);
    return width < h ? width : h;
}

static void radar_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    radar *rd = w->data;
    ui_rect box = w->rect;
    int thin = ui_pt(c, 1) > 0 ? ui_pt(c, 1) : 1, thick = ui_pt(c, 2.5f);
    ui_rgba grid = ui_color(c, UI_C_OUTLINE), a = partner_color(c, 0), b = partner_color(c, 1);
    int ring[IM_CONNECTION_DIMENSIONS];
    for (int level = 5; level <= 10; level += 5) {
        for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) ring[d] = level;
        radar_shape(dl, box, ring, thin, grid);
    }
    for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
        float x0, y0, x1, y1;
        radar_point(box, d, 0, &x0, &y0);
        radar_point(box, d, 10, &x1, &y1);
        radar_line(dl, x0, y0, x1, y1, thin, grid);
    }
    ui_rgba faint = grid;
    for (int h = 0; h < rd->nhist; h++)
        for (int p = 0; p < 2; p++) radar_shape(dl, box, rd->hist[h][p], thin, faint);
    radar_shape(dl, box, rd->r[0], thick, a);
    radar_shape(dl, box, rd->r[1], thick, b);
}

static const ui_class *radar_class(void)
{
    static ui_class cls;
    if (!cls.name) {
        cls.name = "radar";
        cls.measure = radar_measure;
        cls.draw = radar_draw;
    }
    return &cls;
}

/* One entry of the radar's legend: a small swatch in the partner's colour
 * (drawn with the draw list: a glyph would not carry the colour) followed
 * by the partner's name, a label child that wraps beside it.  w->value is
 * the partner (0 or 1). */
#define LEGEND_SWATCH_PT 14.0f
#define LEGEND_GAP_PT 8.0f

static int legend_indent(ui_ctx *c) { return ui_pt(c, LEGEND_SWATCH_PT + LEGEND_GAP_PT); }

static int legend_measure(ui_widget *w, ui_ctx *c, int width)
{
    int h = w->first ? ui_widget_measure(w->first, c, width - legend_indent(c)) : 0;
    int sw = ui_pt(c, LEGEND_SWATCH_PT);
    return h > sw ? h : sw;
}

static void legend_layout(ui_widget *w, ui_ctx *c)
{
    if (!w->first) return;
    ui_rect r = w->rect;
    r.x += legend_indent(c);
    r.w -= legend_indent(c);
    ui_widget_place(w->first, c, r);
}

static void legend_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    int sw = ui_pt(c, LEGEND_SWATCH_PT);
    /* by the first line of the name (small text is about 20 pt high) */
    ui_rect r = { w->rect.x, w->rect.y + ui_pt(c, 3), sw, sw };
    ui_draw_rrect(dl, r, ui_pt(c, 3), partner_color(c, w->value));
}

static ui_widget *legend_new(const char *name, int partner)
{
    static const ui_class cls = { .name = "legend", .measure = legend_measure, .layout = legend_layout,
                                  .draw = legend_draw };
    ui_widget *w = ui_widget_new(&cls, NULL, 0);
    if (!w) return NULL;
    w->value = partner;
    ui_widget *label = ui_label_new(name, UI_TEXT_SMALL);
    if (!label) {
        ui_widget_free(w);
        return NULL;
    }
    ui_widget_add(w, label);
    return w;
}

/* The legend: both names side by side, each by its colour. */
static void add_legend(tg *t, ui_widget *col)
{
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, 12));
    if (!row) return;
    for (int p = 0; p < 2; p++) ui_widget_add(row, legend_new(name_of(t, p), p));
}

/* Both partners' ratings in dimension order (the content's), and the map
 * logged once per finished session (progress.h's connection-map event). */
static void add_radar(tg *t, ui_widget *col)
{
    const im_exercise *ex = im_couple_exercise(t->c);
    ui_widget *w = ui_widget_new(radar_class(), NULL, sizeof(radar));
    if (!w) return;
    radar *rd = w->data;
    int d = 0;
    for (size_t i = 0; i < ex->n_steps && d < IM_CONNECTION_DIMENSIONS; i++) {
        if (ex->steps[i].answer != IM_ANSWER_SCALE) continue;
        for (int p = 0; p < 2; p++) {
            const im_answer *a = NULL;
            rd->r[p][d] = im_couple_get_answer(t->c, p, i, &a) == IM_OK && a ? a->scale : -1;
        }
        d++;
    }
    im_progress_event *hist = NULL;
    size_t nh = 0;
    ui_session *s = ui_session_of(t->app);
    if (im_progress_connection_maps(s->vault, &hist, &nh) == IM_OK) {
        /* the newest event is this map itself when it was just logged */
        if (nh && !memcmp(hist[nh - 1].ratings, rd->r, sizeof rd->r)) nh--;
        for (size_t k = nh > 8 ? nh - 8 : 0; k < nh; k++, rd->nhist++)
            memcpy(rd->hist[rd->nhist], hist[k].ratings, sizeof rd->hist[0]);
    }
    free(hist);
    add_text(col, ui_str(STR_TG_RADAR_TITLE), UI_TEXT_HEADING);
    add_legend(t, col);
    ui_widget_add(col, w);
    char legend[300];
    if (rd->nhist) {
        snprintf(legend, sizeof legend, ui_str(STR_TG_RADAR_HISTORY), rd->nhist);
        add_text(col, legend, UI_TEXT_SMALL);
    }
}

/* Logs the map when a connection map is revealed (once: at the moment of
 * the reveal, not when looked back on). */
static void log_connection_map(tg *t)
{
    const im_exercise *ex = im_couple_exercise(t->c);
    if (!is_connection_map(ex)) return;
    im_progress_event ev = im_progress_event_make(IM_PROGRESS_CONNECTION_MAP, ex->id, NULL);
    int d = 0;
    for (size_t i = 0; i < ex->n_steps && d < IM_CONNECTION_DIMENSIONS; i++) {
        if (ex->steps[i].answer != IM_ANSWER_SCALE) continue;
        for (int p = 0; p < 2; p++) {
            const im_answer *a = NULL;
            int v = im_couple_get_answer(t->c, p, i, &a) == IM_OK && a ? a->scale : -1;
            ev.ratings[p][d] = v < 0 ? IM_PROGRESS_NOT_RATED : v;
        }
        d++;
    }
    set_note_rc(t, im_progress_log(ui_session_of(t->app)->vault, &ev, NULL));
}

/* ---- leaving ------------------------------------------------------------------------ */

/* "Checking..." that ticks while the key check runs on the worker, so
 * the loop keeps drawing (and the check's end is picked up). */
static int busy_tick(ui_widget *w, ui_ctx *c)
{
    ui_session *s = ui_session_of(c->host);
    if (!s || !ui_session_work_busy(s)) return 0;
    static const char *const dots[] = { "", ".", "..", "..." };
    w->value = (int)((c->now_ms / 300) % 4);
    char buf[128];
    snprintf(buf, sizeof buf, "%s%s", ui_str(STR_TG_LEAVE_CHECKING), dots[w->value]);
    if (w->first) ui_label_set_text(w->first, c, buf);
    return 1;
}

static ui_widget *busy_new(tg *t)
{
    static ui_class cls;
    ui_widget *w = ui_column_new(0, 0);
    if (!w) return NULL;
    if (!cls.name) {
        cls = *w->cls;
        cls.name = "busy";
        cls.tick = busy_tick;
    }
    w->cls = &cls;
    ui_widget_add(w, ui_label_new(ui_str(STR_TG_LEAVE_CHECKING), UI_TEXT_SMALL));
    ui_ctx_start_ticker(ctx_of(t), w);
    return w;
}

/* The line under the leave field: "not right" and the wait of the one
 * counter of wrong passphrases (the lock screen's, issue 14). */
static void leave_message(tg *t, char *buf, size_t cap, int seconds)
{
    char wait[128] = "";
    if (seconds == 1) snprintf(wait, sizeof wait, "%s", ui_str(STR_UNLOCK_WAIT_ONE));
    else if (seconds > 1) snprintf(wait, sizeof wait, ui_str(STR_UNLOCK_WAIT), seconds);
    snprintf(buf, cap, "%s%s%s", t->leave_wrong ? ui_str(STR_TG_LEAVE_WRONG) : "",
             t->leave_wrong && wait[0] ? " " : "", wait);
}

static void show_leave(tg *t, ui_widget *col)
{
    add_text(col, ui_str(STR_TG_LEAVE_TITLE), UI_TEXT_TITLE);
    add_text(col, ui_str(STR_TG_LEAVE_LEAD), UI_TEXT_BODY);
    t->pass = ui_widget_add(col, ui_field_new(ui_str(STR_TG_LEAVE_FIELD), UI_FIELD_PASSWORD, ACT_LEAVE, 0));
    char msg[320];
    leave_message(t, msg, sizeof msg, ui_session_retry_wait_s(ui_session_of(t->app)));
    t->leave_msg = ui_widget_add(col, ui_label_new(msg, UI_TEXT_SMALL));
    if (t->checking) ui_widget_add(col, busy_new(t));
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_LEAVE_BUTTON), UI_BUTTON_PRIMARY, ACT_LEAVE));
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_LEAVE_LOCK), UI_BUTTON_SECONDARY, ACT_LEAVE_LOCK));
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_LEAVE_STAY), UI_BUTTON_TEXT, ACT_LEAVE_STAY));
}

/* The countdown moved: only the message line changes (what is typed stays). */
static void leave_tick(tg *t, int seconds)
{
    if (t->view != VIEW_LEAVE || !t->leave_msg) return;
    char msg[320];
    leave_message(t, msg, sizeof msg, seconds);
    ui_label_set_text(t->leave_msg, ctx_of(t), msg);
}

static void leave_check(tg *t)
{
    ui_session *s = ui_session_of(t->app);
    const char *p = t->pass ? ui_field_text(t->pass) : NULL;
    if (!p || !*p || t->checking) return;
    if (ui_session_retry_wait_s(s) > 0) return; /* the wait holds here too; the line shows it */
    if (ui_session_work_start(s, UI_WORK_CHECK, p) == 0) {
        t->checking = 1;
        ui_field_set_text(t->pass, ctx_of(t), ""); /* the worker has its copy */
    }
}

static void leave_done(tg *t)
{
    ui_session *s = ui_session_of(t->app);
    im_rc rc = IM_OK;
    if (ui_session_work_finish(s, &rc) != UI_WORK_CHECK) return;
    t->checking = 0;
    if (rc == IM_OK) {
        ui_session_note_success(s);
        t->leave_ok = 1;
        ui_nav_back(t->app); /* pops this screen: t is gone after this */
        return;
    }
    if (rc == IM_ERR_WRONG_SECRET) {
        ui_session_note_failure(s); /* counted and persisted, as at the lock screen */
        t->leave_wrong = 1;
    } else {
        snprintf(t->note, sizeof t->note, ui_str(STR_UNLOCK_FAILED), im_rc_message(rc));
    }
    show(t);
}

/* ---- drawing the body ---------------------------------------------------------------- */

static void show_run(tg *t, ui_widget *col)
{
    if (t->gate >= 0) {
        show_gate(t, col, t->gate);
        return;
    }
    add_text(col, im_couple_exercise(t->c)->title, UI_TEXT_SMALL);
    switch (im_couple_phase_of(t->c)) {
    case IM_PHASE_ANSWERING: show_answering(t, col); break;
    case IM_PHASE_HANDOFF: show_gate(t, col, 1); break;
    case IM_PHASE_REVEALED: show_revealed(t, col); break;
    case IM_PHASE_LADDER: show_ladder(t, col); break;
    case IM_PHASE_SPEAKING:
    case IM_PHASE_REFLECTING:
    case IM_PHASE_TOGETHER: show_turns(t, col); break;
    case IM_PHASE_DONE:
        if (im_couple_exercise(t->c)->mode == IM_MODE_MATCH || im_couple_exercise(t->c)->mode == IM_MODE_REVEAL)
            show_revealed(t, col);
        add_text(col, ui_str(STR_TG_FINISHED), UI_TEXT_BODY);
        ui_widget_add(col, ui_button_new(ui_str(STR_TG_DONE), UI_BUTTON_PRIMARY, ACT_MENU));
        break;
    }
}

static void show(tg *t)
{
    ui_ctx *c = ctx_of(t);
    ui_widget_remove_children(t->col, c);
    t->name_a = t->name_b = t->text = t->pass = t->leave_msg = NULL;
    if (t->note[0]) add_text(t->col, t->note, UI_TEXT_SMALL);
    t->note[0] = 0;
    if (t->view == VIEW_LEAVE) show_leave(t, t->col);
    else if (t->view == VIEW_HISTORY) show_history(t, t->col);
    else if (t->view == VIEW_RUN && t->c) show_run(t, t->col);
    else {
        t->view = VIEW_MENU;
        show_menu(t, t->col);
    }
    /* a new page starts at its top, at once (a page of the other partner
     * never slides through) */
    im_scroller *sc = t->col->parent ? ui_scroll_scroller(t->col->parent) : NULL;
    if (sc) {
        im_scroller_set_reduce_motion(sc, 1);
        im_scroller_scroll_to(sc, 0, c->now_ms);
        im_scroller_set_reduce_motion(sc, c->reduce_motion);
    }
    ui_ctx_relayout(c);
    ui_ctx_redraw(c);
}

/* ---- actions ------------------------------------------------------------------------ */

static void step_next(tg *t)
{
    im_couple_phase before = im_couple_phase_of(t->c);
    give_text(t);
    set_note_rc(t, im_couple_next(t->c));
    im_couple_phase after = im_couple_phase_of(t->c);
    if (before != IM_PHASE_REVEALED && (after == IM_PHASE_REVEALED || (after == IM_PHASE_DONE && before == IM_PHASE_ANSWERING)))
        log_connection_map(t);
}

/* A swipe over the speaker / listener deck: left is the next card (as
 * "Skip card"), right the card before.  Anywhere else -- the menu, a
 * hand-off card, private answers -- a swipe does nothing, so a sideways
 * brush can never move a partner past a sealed step.  Returns 1 when the
 * deck moved (the page is then rebuilt). */
static int swipe_turns(tg *t, int dir)
{
    if (t->view != VIEW_RUN || t->gate >= 0) return 0;
    im_couple_phase ph = im_couple_phase_of(t->c);
    if (ph != IM_PHASE_SPEAKING && ph != IM_PHASE_REFLECTING && ph != IM_PHASE_TOGETHER) return 0;
    if (dir < 0 && im_couple_index(t->c) == 0) return 0; /* the first card: nothing before */
    set_note_rc(t, dir > 0 ? im_couple_skip(t->c) : im_couple_back(t->c));
    return 1;
}

static void on_gate(tg *t)
{
    if (im_couple_phase_of(t->c) == IM_PHASE_HANDOFF && t->gate < 0) {
        set_note_rc(t, im_couple_handoff_done(t->c));
        return;
    }
    t->gate = -1;
}

static void run_action(tg *t, const ui_action *a)
{
    if (!t->c) return;
    switch (a->kind) {
    case ACT_GATE: on_gate(t); break;
    case ACT_NEXT: step_next(t); break;
    case ACT_PREV: give_text(t); set_note_rc(t, im_couple_back(t->c)); break;
    case ACT_SKIP: set_note_rc(t, im_couple_skip(t->c)); break;
    case ACT_SCALE: set_note_rc(t, im_couple_answer_scale(t->c, a->value)); return; /* no rebuild while sliding */
    case ACT_CHOICE: {
        const im_step *st = im_couple_step(t->c);
        const im_answer *mine = NULL;
        uint64_t chosen = 0;
        if (im_couple_get_answer(t->c, im_couple_partner(t->c), im_couple_index(t->c), &mine) == IM_OK && mine)
            chosen = mine->chosen;
        uint64_t bit = (uint64_t)1 << (a->value & 63);
        chosen = st && st->answer == IM_ANSWER_ONE ? bit : chosen ^ bit;
        set_note_rc(t, im_couple_answer_choices(t->c, chosen));
        break;
    }
    case ACT_MATCH_YES:
    case ACT_MATCH_MAYBE:
    case ACT_MATCH_NOT_NOW: {
        im_match m = a->kind == ACT_MATCH_YES ? IM_MATCH_YES : a->kind == ACT_MATCH_MAYBE ? IM_MATCH_MAYBE : IM_MATCH_NOT_NOW;
        im_rc rc = im_couple_answer_match(t->c, m);
        if (rc == IM_OK) step_next(t);
        else set_note_rc(t, rc);
        break;
    }
    case ACT_LADDER_ASK:
        t->ladder_open_before = im_couple_ladder_open(t->c);
        t->ladder_ready = 0;
        t->ladder_note = 0;
        t->ladder_ask = 0;
        t->gate = 0;
        break;
    case ACT_LADDER_READY: ladder_answered(t, 1); break;
    case ACT_LADDER_NOT_YET: ladder_answered(t, 0); break;
    case ACT_LADDER_PAUSE: t->ladder_note = 0; set_note_rc(t, im_couple_ladder_pause(t->c)); break;
    case ACT_LADDER_BACK: t->ladder_note = 0; set_note_rc(t, im_couple_ladder_step_back(t->c)); break;
    case ACT_RESUME: set_note_rc(t, im_couple_resume(t->c)); break;
    case ACT_TICK: break;
    case ACT_SWIPE:
        if (!swipe_turns(t, a->value)) return;
        break;
    case ACT_TEXT_CHANGED: return;
    default: return;
    }
    show(t);
}

static void tg_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    tg *t = scr->state;
    if (a->kind == UI_ACT_WORK_DONE) {
        leave_done(t); /* may pop the screen */
        return;
    }
    if (a->kind == UI_ACT_SECOND) {
        leave_tick(t, a->value);
        return;
    }
    if (ui_area_handle_action(app, a)) return;
    switch (a->kind) {
    case ACT_STARTER: t->starter = a->value ? 1 : 0; return;
    case ACT_START: break;
    case ACT_CONTINUE: {
        /* the nth "Continue" button on the menu */
        int nth = 0;
        for (ui_widget *w = t->col->first; w && w != a->source; w = w->next)
            nth += w->action == ACT_CONTINUE;
        continue_nth(t, nth);
        break;
    }
    case ACT_HISTORY: t->view = VIEW_HISTORY; break;
    case ACT_HISTORY_OPEN: break;
    case ACT_MENU:
        close_couple(t);
        t->view = VIEW_MENU;
        break;
    case ACT_LEAVE: leave_check(t); break;
    case ACT_AFRAID: ui_nav_push(app, ui_safety_screen(app, "afraid-of-partner", 1)); return;
    case ACT_LEAVE_LOCK: {
        /* no start over is offered on the lock screen that follows (issue 14) */
        ui_session *s = ui_session_of(app);
        if (ui_session_work_busy(s)) return;
        s->no_start_over = 1;
        ui_session_lock(s);
        return; /* the screen is gone */
    }
    case ACT_LEAVE_STAY: t->view = t->c ? VIEW_RUN : VIEW_MENU; break;
    default:
        if (a->kind >= ACT_START_0 && (size_t)(a->kind - ACT_START_0) < t->nmenu) {
            start_exercise(t, t->menu[a->kind - ACT_START_0]);
            break;
        }
        if (a->kind >= ACT_HISTORY_0 && (size_t)(a->kind - ACT_HISTORY_0) < t->nhistory) {
            resume(t, t->history[a->kind - ACT_HISTORY_0]);
            break;
        }
        run_action(t, a);
        return;
    }
    show(t);
}

/* Back never leaves directly: it shows the passphrase question (rule 3). */
static int tg_back(ui_app *app, ui_screen *scr)
{
    (void)app;
    tg *t = scr->state;
    if (t->leave_ok) return 0;
    give_text(t);
    if (t->c && t->gate < 0 && im_couple_phase_of(t->c) == IM_PHASE_ANSWERING) t->gate = im_couple_partner(t->c);
    t->view = VIEW_LEAVE;
    show(t);
    return 1;
}

static void tg_destroy(ui_screen *scr)
{
    tg *t = scr->state;
    if (t) {
        ui_session_remove_saver(ui_session_of(t->app), tg_saver, t);
        close_couple(t);
        free(t);
    }
    free(scr);
}

ui_screen *ui_together_screen(ui_app *app)
{
    ui_screen *scr = calloc(1, sizeof *scr);
    tg *t = calloc(1, sizeof *t);
    ui_widget *frame = ui_area_frame(UI_AREA_TOGETHER, NULL);
    ui_widget *col = ui_column_new(16, 12);
    if (!scr || !t || !frame || !col) goto fail;
    t->app = app;
    t->col = col;
    t->gate = -1;
    t->ladder_ask = -1;
    load_menu(t);
    ui_widget *scroll = ui_scroll_new(col);
    col = NULL;
    if (!scroll) goto fail;
    /* the page sits in a swipe container: cards of the turns deck are
     * swiped through (swipe_turns); vertical drags still scroll */
    ui_widget *swipe = ui_swipe_new(ACT_SWIPE);
    if (!swipe) {
        ui_widget_free(scroll);
        goto fail;
    }
    ui_widget_add(swipe, scroll);
    ui_frame_set_body(frame, swipe);
    scr->title = ui_area_title(UI_AREA_TOGETHER);
    scr->root = frame;
    scr->state = t;
    scr->on_action = tg_action;
    scr->on_back = tg_back;
    scr->destroy = tg_destroy;
    ui_session_add_saver(ui_session_of(app), tg_saver, t);
    show(t);
    return scr;
fail:
    ui_widget_free(col);
    ui_widget_free(frame);
    free(t);
    free(scr);
    return NULL;
}
