/*
 * together.c -- Together: couple exercises on one shared device.
 *
 * One screen, one couple session (core's im_couple, attached to the vault
 * so every change is saved encrypted as it happens).  The body is rebuilt
 * from the engine's state after every action (show()): what is drawn is a
 * pure function of (engine phase, whose turn, the hand-off gate), so a
 * restart or an unlock that resumes the session draws the same thing.
 *
 * Privacy rules this file keeps:
 *  1. Whenever the partner who holds the device may change -- the engine's
 *     HANDOFF, a resumed session, each private consent question -- the
 *     body is the hand-off card and nothing else: the card shows names and
 *     the exercise title only.  Only a tap on "I'm <name>" (a button, so a
 *     tap anywhere else does nothing) opens the next partner's view.
 *  2. Nothing reads the other partner's answers before the engine says
 *     REVEALED / DONE: the only reads are im_couple_get_answer for the
 *     partner whose turn it is (the engine refuses the others anyway).
 *  3. Leaving (Back on the list) asks for the passphrase (a key check on
 *     the session's worker) or locks; while Together is shown its frame
 *     has no tabs, so journal, results and progress cannot be reached.
 *     Back inside an exercise only pauses it and returns to the list.
 *  4. Text being typed is given to the engine (sealed, saved) by the
 *     class's save before any lock, background or end.
 *  5. What a reveal or a comfort map shows is core's decision (engine.h):
 *     a reveal draws an answer only when core gives both partners' answers
 *     to that step, and the map only the mutual yeses core returns.
 *  6. A partner with their own secret (together_secret.c) passes their
 *     card only with it: the card's button starts the worker, and their
 *     view opens only when core opened their sheet.  The reveal's opening
 *     (IM_PHASE_OPENING) asks each of them in turn.
 *  7. The device owner out of a couple space that goes on without them
 *     sees, in the list's place, only that they left and the way back
 *     (couple_link.c, "joining again"): no exercise starts in their own
 *     vault meanwhile, so nothing would move into the space on their
 *     return, and Back asks for the passphrase as from the list.
 */
#include "innermost/wipe.h"
#include "screens/tg_shared.h"

/* The couple exercises, grouped by kind with their summaries, minutes and
 * intro cards: core's list (im_couple_menu). */
static void load_menu(tg *t)
{
    size_t n = im_couple_menu(ui_app_content(t->app), t->menu, TG_MENU_MAX);
    t->nmenu = n < TG_MENU_MAX ? n : TG_MENU_MAX;
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

/* The class's save: what is typed goes to the engine (sealed, saved). */
static void tg_save(ui_app *app, ui_screen *scr)
{
    (void)app;
    tg *t = scr->state;
    if (t && !t->opening) give_text(t); /* while the worker runs nothing is typed */
}

/* The names typed on the list, kept before the list goes (an intro card or
 * an exercise is drawn in its place); an empty field keeps the default. */
static void keep_names(tg *t)
{
    ui_widget *f[2] = { t->name_a, t->name_b };
    for (int p = 0; p < 2; p++) {
        const char *s = f[p] ? ui_field_text(f[p]) : NULL;
        if (!f[p]) continue;
        snprintf(t->typed[p], sizeof t->typed[p], "%s", s && *s ? s : ui_str(p ? STR_TG_DEFAULT_B : STR_TG_DEFAULT_A));
    }
}

/* Place p's name as kept from the list, else as the list shows it. */
static const char *typed_name(const tg *t, int p) { return tg_place_name(t, p); }

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
    snprintf(a, sizeof a, "%s", typed_name(t, 0));
    snprintf(b, sizeof b, "%s", typed_name(t, 1));
    close_couple(t);
    /* partner 0 answers first: the starter's name goes first */
    im_rng first = { starter_speaks_first, NULL };
    im_rc rc = im_couple_start(ex, t->starter ? b : a, t->starter ? a : b, &s->clock, &first, &t->c);
    /* whose place each partner is, in core from the start (the chip is a
     * place): every resume and seal goes by it, never by slot */
    if (rc == IM_OK) rc = im_couple_places_set(t->c, (unsigned)t->starter);
    if (rc == IM_OK) rc = im_couple_attach(t->c, ui_session_couple(s), &t->id);
    if (rc == IM_OK) tg_places(t->c, t->person);
    /* a partner who set their one secret for Together: this exercise's
     * sheet of theirs is sealed under it from the start, no new set-up */
    for (int p = 0; p < 2 && rc == IM_OK; p++) {
        if (im_partner_secret_of(ui_session_couple(s), (unsigned)t->person[p]) == IM_PARTNER_SECRET_NONE) continue;
        rc = im_couple_partner_bind(t->c, p, (unsigned)t->person[p]);
        if (rc == IM_ERR_STATE) rc = IM_OK; /* turns, the ladder: nothing private to seal */
    }
    if (rc != IM_OK) {
        close_couple(t);
        set_note_rc(t, rc);
        return;
    }
    t->view = VIEW_RUN;
    t->ladder_ask = -1;
    t->gate = im_couple_partner(t->c) >= 0 && im_couple_phase_of(t->c) == IM_PHASE_ANSWERING ? im_couple_partner(t->c)
                                                                                             : -1;
}

/* Resumes record id; every resumed session starts behind the hand-off card
 * of whoever's turn it is (the device may be in either hand). */
static void resume(tg *t, int64_t id)
{
    ui_session *s = ui_session_of(t->app);
    close_couple(t);
    im_rc rc = im_couple_resume_from(ui_app_content(t->app), ui_session_couple(s), id, &s->clock, NULL, &t->c);
    if (rc != IM_OK) {
        set_note_rc(t, rc);
        return;
    }
    t->id = id;
    t->view = VIEW_RUN;
    t->ladder_ask = -1;
    tg_places(t->c, t->person); /* whose place on the list each partner is: core's record */
    im_couple_phase ph = im_couple_phase_of(t->c);
    t->gate = ph == IM_PHASE_ANSWERING ? im_couple_partner(t->c) : ph == IM_PHASE_HANDOFF ? -1 : -1;
}

/* Continues the newest open session of menu entry i. */
static void continue_entry(tg *t, size_t i)
{
    int64_t open = 0;
    if (im_couple_find_open(ui_session_couple(ui_session_of(t->app)), t->menu[i].ex->id, &open) == IM_OK)
        resume(t, open);
}

/* Opens menu entry i: on its intro cards while the couple has never begun
 * it (core's record of sessions), else straight into a new session. */
static void open_entry(tg *t, size_t i)
{
    const im_couple_entry *e = &t->menu[i];
    int begun = 1;
    if (e->n_cards && im_couple_begun_before(ui_app_content(t->app), ui_session_couple(ui_session_of(t->app)),
                                             e->ex->id, &begun) != IM_OK)
        begun = 0; /* reading the record failed: the intro is the safe side */
    if (e->n_cards && !begun) {
        t->intro = e;
        t->intro_card = 0;
        t->view = VIEW_INTRO;
        return;
    }
    start_exercise(t, e->ex);
}

/* The menu entry of the running exercise (its intro cards), or NULL. */
static const im_couple_entry *entry_of_running(const tg *t)
{
    const im_exercise *ex = t->c ? im_couple_exercise(t->c) : NULL;
    for (size_t i = 0; ex && i < t->nmenu; i++)
        if (t->menu[i].ex == ex) return &t->menu[i];
    return NULL;
}

/* The intro's Next: the next card; after the last, back into the running
 * exercise ("About this") or the start of a new one. */
static void intro_next(tg *t)
{
    if (!t->intro) return;
    if (t->intro_card + 1 < t->intro->n_cards) {
        t->intro_card++;
        return;
    }
    if (t->c) t->view = VIEW_RUN;
    else start_exercise(t, t->intro->ex);
}

/* Both partners were asked in turn; did the step open?  Each private
 * answer stays here, in memory, until both are in: only when both said
 * ready does core hear it, both confirmations in a row.  So no record ever
 * holds one partner's "ready" alone (the owner's key would read it), and
 * a "ready" given before a restart cannot count in a later round where
 * that partner said "not yet" (it did, while each was saved as given). */
static void ladder_answered(tg *t, int ready)
{
    int p = t->ladder_ask;
    if (ready) t->ladder_ready |= 1 << p;
    if (p == 0) { /* the other partner's turn, behind the card */
        t->ladder_ask = 1;
        t->gate = 1;
        return;
    }
    t->ladder_ask = -1;
    if (t->ladder_ready == 3) {
        set_note_rc(t, im_couple_ladder_confirm(t->c, 0));
        set_note_rc(t, im_couple_ladder_confirm(t->c, 1));
    }
    size_t open = im_couple_ladder_open(t->c);
    t->ladder_note = open > t->ladder_open_before ? 1 : 2;
    /* stay: clear any confirmation an older build left in the record */
    if (t->ladder_note == 2) set_note_rc(t, im_couple_ladder_pause(t->c)), set_note_rc(t, im_couple_resume(t->c));
    t->ladder_ready = 0;
    t->gate = -1;
}

static int speaking(const tg *t) { return t->countdown && t->c && im_couple_phase_of(t->c) == IM_PHASE_SPEAKING; }

static void countdown_tick(tg *t)
{
    if (!speaking(t)) return;
    /* tick only when the time is up: a tick that changes the phase saves
     * the session (one vault write), which is not for every frame */
    if (im_couple_turn_remaining_ms(t->c) <= 0) set_note_rc(t, im_couple_tick(t->c));
    if (im_couple_phase_of(t->c) != IM_PHASE_SPEAKING) tg_show(t);
    else tg_countdown_show(t);
}

/* When the shown second next changes; a second from now if the time is up
 * and the engine did not move on (its note says why). */
static int64_t countdown_deadline(const tg *t, int64_t now)
{
    if (!speaking(t)) return INT64_MAX;
    int64_t r = im_couple_turn_remaining_ms(t->c);
    return r <= 0 ? now + 1000 : now + r - ((r + 999) / 1000 - 1) * 1000;
}

/* ---- leaving ------------------------------------------------------------------------ */

/* "Checking..." while the key check runs on the worker: the screen's
 * tick moves its dots every CHECKING_DOT_MS. */
#define CHECKING_DOT_MS 300

static void checking_tick(tg *t)
{
    if (!t->checking || !t->checking_label) return;
    static const char *const dots[] = { "", ".", "..", "..." };
    int d = (int)((ctx_of(t)->now_ms / CHECKING_DOT_MS) % 4);
    if (d == t->checking_dots) return;
    t->checking_dots = d;
    char buf[128];
    snprintf(buf, sizeof buf, "%s%s", ui_str(STR_TG_LEAVE_CHECKING), dots[d]);
    ui_label_set_text(t->checking_label, ctx_of(t), buf);
    ui_ctx_redraw(ctx_of(t));
}

static void leave_check(tg *t)
{
    ui_session *s = ui_session_of(t->app);
    const char *p = t->pass ? ui_field_text(t->pass) : NULL;
    if (!p || !*p || t->checking) return;
    if (ui_session_retry_wait_s(s) > 0) return; /* the wait holds here too; the line shows it */
    if (ui_worker_form_start(&t->check, t->app, UI_WORK_CHECK, p) == 0) {
        t->checking = 1;
        ui_field_set_text(t->pass, ctx_of(t), ""); /* the worker has its copy */
    }
}

static void leave_done(tg *t)
{
    ui_session *s = ui_session_of(t->app);
    im_rc rc = IM_OK;
    if (!ui_worker_form_done(&t->check, t->app, UI_WORK_CHECK, &rc)) return;
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
    tg_show(t);
}

/* ---- actions ------------------------------------------------------------------------ */

/* The engine logs a connection map with the save that reveals it. */
static void step_next(tg *t)
{
    give_text(t);
    set_note_rc(t, im_couple_advance(t->c, NULL));
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

/* The card lets the partner in: the hand-off's end, or the gate opens. */
static void gate_open(tg *t)
{
    if (im_couple_phase_of(t->c) == IM_PHASE_HANDOFF && t->gate < 0) {
        set_note_rc(t, im_couple_handoff_done(t->c));
        return;
    }
    t->gate = -1;
}

/* "I'm <name>" (or Enter in their secret's field): a secret to set or to
 * open goes to the worker first (together_secret.c). */
static void on_gate(tg *t)
{
    if (tg_secret_gate(t)) return;
    gate_open(t);
}

static void run_action(tg *t, const ui_action *a)
{
    if (!t->c) return;
    switch (a->kind) {
    case ACT_GATE: on_gate(t); break;
    case ACT_SECRET_KIND: tg_secret_choose(t, a->value); break;
    case ACT_KEEP:
        if (a->value == 0 || a->value == 1)
            set_note_rc(t, im_couple_keep(t->c, a->value, !im_couple_kept(t->c, a->value)));
        break;
    case ACT_NEXT: step_next(t); break;
    case ACT_PREV:
        give_text(t);
        set_note_rc(t, im_couple_back(t->c));
        break;
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
        im_match m = a->kind == ACT_MATCH_YES     ? IM_MATCH_YES
                     : a->kind == ACT_MATCH_MAYBE ? IM_MATCH_MAYBE
                                                  : IM_MATCH_NOT_NOW;
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
    case ACT_LADDER_PAUSE:
        t->ladder_note = 0;
        set_note_rc(t, im_couple_ladder_pause(t->c));
        break;
    case ACT_LADDER_BACK:
        t->ladder_note = 0;
        set_note_rc(t, im_couple_ladder_step_back(t->c));
        break;
    case ACT_RESUME: set_note_rc(t, im_couple_resume(t->c)); break;
    case ACT_TICK: break;
    case ACT_SWIPE:
        if (!swipe_turns(t, a->value)) return;
        break;
    case ACT_TEXT_CHANGED: return;
    default: return;
    }
    tg_show(t);
}

static void tg_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    tg *t = scr->state;
    if (t->opening) return; /* the worker has the session until it ends */
    if (ui_area_handle_action(app, a)) return;
    if (t->rejoin && ui_couple_rejoin_action(t->rejoin, app, a)) return;
    keep_names(t);
    switch (a->kind) {
    case ACT_STARTER: t->starter = a->value ? 1 : 0; return;
    case ACT_START: break;
    case ACT_INTRO_NEXT: intro_next(t); break;
    case ACT_INTRO_PREV:
        if (t->intro_card > 0) t->intro_card--;
        break;
    case ACT_ABOUT:
        t->intro = entry_of_running(t);
        if (!t->intro || !t->intro->n_cards) return;
        give_text(t); /* what is typed is kept while the cards are read */
        t->intro_card = 0;
        t->view = VIEW_INTRO;
        break;
    case ACT_HISTORY: t->view = VIEW_HISTORY; break;
    case ACT_HISTORY_OPEN: break;
    case ACT_MENU:
        close_couple(t);
        t->view = VIEW_MENU;
        break;
    case ACT_LEAVE: leave_check(t); break;
    case ACT_AFRAID:
        ui_nav_push(app, ui_screen_new(app, &ui_safety_class, &(ui_safety_args){ "afraid-of-partner", 1 }));
        return;
    case ACT_LEAVE_LOCK: {
        /* no start over is offered on the lock screen that follows */
        ui_session *s = ui_session_of(app);
        if (ui_session_work_busy(s)) return;
        s->no_start_over = 1;
        ui_session_lock(s);
        return; /* the screen is gone */
    }
    case ACT_LEAVE_STAY:
        t->secret_wrong = 0;
        t->view = t->c ? VIEW_RUN : VIEW_MENU;
        break;
    case ACT_FORGET_GO: tg_forget_start(t); break;
    default:
        if (a->kind >= ACT_FORGET_0 && a->kind < ACT_PLEAVE_0 + 2 &&
            (a->kind < ACT_FORGET_0 + 2 || a->kind >= ACT_PLEAVE_0)) {
            t->leaving = a->kind >= ACT_PLEAVE_0;
            t->forget = a->kind - (t->leaving ? ACT_PLEAVE_0 : ACT_FORGET_0);
            t->secret_wrong = 0;
            t->view = VIEW_FORGET;
            break;
        }
        if (a->kind >= ACT_START_0 && (size_t)(a->kind - ACT_START_0) < t->nmenu) {
            open_entry(t, (size_t)(a->kind - ACT_START_0));
            break;
        }
        if (a->kind >= ACT_CONTINUE_0 && (size_t)(a->kind - ACT_CONTINUE_0) < t->nmenu) {
            continue_entry(t, (size_t)(a->kind - ACT_CONTINUE_0));
            break;
        }
        if (a->kind >= ACT_HISTORY_0 && (size_t)(a->kind - ACT_HISTORY_0) < t->nhistory) {
            resume(t, t->history[a->kind - ACT_HISTORY_0]);
            break;
        }
        run_action(t, a);
        return;
    }
    tg_show(t);
}

/* Back moves up one level inside Together: from an exercise (paused: it
 * is saved as it goes) or the history to the list, from "About this" to
 * the exercise, from the leave question back to the list.  Only Back on
 * the list asks for the passphrase (rule 3): leaving Together is guarded,
 * changing exercise is not. */
static int tg_back(ui_app *app, ui_screen *scr)
{
    tg *t = scr->state;
    if (t->leave_ok) return 0;
    if (t->opening) return 1; /* a secret is being set or opened */
    /* the staying member's passphrase is being proven (couple_link.c) */
    if (t->rejoin && ui_session_work_busy(ui_session_of(app))) return 1;
    keep_names(t);
    switch (t->view) {
    case VIEW_MENU: t->view = VIEW_LEAVE; break;
    case VIEW_INTRO: t->view = t->c ? VIEW_RUN : VIEW_MENU; break;
    case VIEW_RUN:
        give_text(t);
        close_couple(t); /* its record holds where it was: "In progress" */
        t->view = VIEW_MENU;
        break;
    case VIEW_FORGET:
    case VIEW_HISTORY:
    case VIEW_LEAVE:
        if (t->checking) return 1; /* the key check is under way */
        close_couple(t);
        t->view = VIEW_MENU;
        break;
    }
    tg_show(t);
    return 1;
}

static void tg_tick(ui_app *app, ui_screen *scr)
{
    tg *t = scr->state;
    ui_worker_form_tick(&t->sform, app); /* the dots and the wait on a card */
    if (t->opening) return;              /* the worker has the session */
    countdown_tick(t);
    checking_tick(t);
    ui_worker_form_tick(&t->check, app); /* the wait on the leave line */
    if (t->rejoin) ui_couple_rejoin_tick(t->rejoin, app);
}

static int64_t tg_deadline(ui_app *app, ui_screen *scr)
{
    tg *t = scr->state;
    int64_t now = ui_app_now(app), due = countdown_deadline(t, now);
    int64_t wait = ui_worker_form_deadline(&t->check, app);
    if (wait < due) due = wait;
    wait = ui_worker_form_deadline(&t->sform, app);
    if (wait < due) due = wait;
    wait = t->rejoin ? ui_couple_rejoin_deadline(t->rejoin, app) : INT64_MAX;
    if (wait < due) due = wait;
    if (t->checking) {
        int64_t dot = (now / CHECKING_DOT_MS + 1) * CHECKING_DOT_MS;
        if (dot < due) due = dot;
    }
    return due;
}

static void tg_work_done(ui_app *app, ui_screen *scr, int kind)
{
    (void)kind;
    tg *t = scr->state;
    int joined = t->rejoin ? ui_couple_rejoin_work_done(t->rejoin, app) : 0;
    if (joined == 2) { /* in the couple space again (or none is left): Together itself */
        snprintf(t->note, sizeof t->note, "%s", ui_couple_rejoin_note(t->rejoin));
        ui_couple_rejoin_free(t->rejoin);
        t->rejoin = NULL;
        t->view = VIEW_MENU;
        tg_show(t);
    }
    if (joined) return;
    int proceed = 0;
    if (tg_secret_done(t, &proceed)) {
        if (proceed) gate_open(t);
        tg_show(t);
        return;
    }
    leave_done(t); /* may pop the screen */
}

static void tg_free(ui_screen *scr)
{
    tg *t = scr->state;
    if (!t) return;
    close_couple(t);
    tg_secret_free(t);
    ui_couple_rejoin_free(t->rejoin);
    im_mem_wipe(t, sizeof *t); /* the names typed and known */
    free(t);
}

static int tg_build(ui_app *app, ui_screen *scr, const void *args)
{
    (void)args;
    tg *t = scr->state = calloc(1, sizeof *t);
    ui_widget *frame = scr->root = ui_area_frame(UI_AREA_TOGETHER, NULL);
    ui_widget *col = ui_column_new(16, 12);
    if (!t || !frame || !col) {
        ui_widget_free(col);
        return -1;
    }
    scr->title = ui_area_title(UI_AREA_TOGETHER);
    t->app = app;
    t->col = col;
    t->gate = -1;
    t->ladder_ask = -1;
    /* the owner's first Together: the couple's own space, and their
     * sessions moved into it (a failure leaves them where they were) */
    im_rc made = ui_session_couple_ensure(ui_session_of(app));
    if (made != IM_OK) fprintf(stderr, "innermost: the couple's space could not be made (%s).\n", im_rc_message(made));
    /* the owner left a space that goes on without them: the way back
     * takes the list's place (couple_link.c) */
    t->rejoin = ui_couple_rejoin_new(app);
    load_menu(t);
    /* the page sits in a swipe container: cards of the turns deck are
     * swiped through (swipe_turns); vertical drags still scroll */
    ui_widget *swipe = ui_swipe_new(ACT_SWIPE);
    ui_widget *scroll = ui_scroll_new(col); /* frees col if it fails */
    if (!swipe || !scroll) {
        ui_widget_free(swipe);
        ui_widget_free(scroll);
        return -1;
    }
    ui_widget_add(swipe, scroll);
    ui_frame_set_body(frame, swipe);
    tg_show(t);
    return 0;
}

const ui_screen_class ui_together_class = {
    .name = "together",
    .build = tg_build,
    .action = tg_action,
    .back = tg_back,
    .tick = tg_tick,
    .deadline = tg_deadline,
    .save = tg_save,
    .work_done = tg_work_done,
    .free = tg_free,
};
