/*
 * together_secret.c -- a partner's own secret in Together: the choice on
 * a partner's first hand-off card when they join (no secret, a PIN, a
 * passphrase: their ONE secret for Together, kept in their partner record
 * and sealing every later exercise of theirs from its start), the secret
 * asked on every later card of that partner (a resume after a restart or a
 * lock, the next turn, the next exercise), and the reveal's opening, where
 * each partner opens their own answers.  Core decides everything
 * (engine.h: im_couple_partner_join / _bind / _open); here the secret is typed,
 * copied into locked memory for the worker (each call derives Argon2id)
 * and wiped, and a wrong one is counted in the session's one counter of
 * wrong tries, with its growing wait (the lock screen's, the leave
 * prompt's).  A right partner secret does not reset that counter: a
 * partner who knows their own secret must not buy fresh guesses at the
 * other's.
 */
#include "screens/common.h"
#include "innermost/couple_space.h"
#include "screens/tg_shared.h"

/* Reveal and match seal private answers; other modes have none. */
static int seals_answers(const tg *t)
{
    im_mode m = im_couple_exercise(t->c)->mode;
    return m == IM_MODE_REVEAL || m == IM_MODE_MATCH;
}

static void forget_secret(tg *t)
{
    im_secure_free(t->job_secret);
    t->job_secret = NULL;
}

static char *secret_copy(const char *p)
{
    size_t n = strlen(p) + 1;
    char *c = im_secure_alloc(n);
    if (c) memcpy(c, p, n);
    return c;
}

/* On the worker: the one slow call, with the vault to itself. */
static im_rc secret_job(ui_session *s, void *ctx)
{
    tg *t = ctx;
    t->left_space = 0;
    if (t->job_forget && t->leaving) {
        /* core decides who may leave with what (couple_space.h:
         * im_couple_space_leave_proof): the leaver is this space's own
         * member -- their space leaves the couple's the kill-safe way, and
         * the session's handle is closed and NULL after -- or a partner
         * without a profile here, as before; never another member */
        return im_couple_space_partner_leave(&s->couple, s->vault, ui_app_content(t->app), (unsigned)t->forget,
                                             t->job_secret, &t->left_space);
    }
    if (t->job_forget)
        return im_partner_forget_in(ui_session_couple(s), s->vault, ui_app_content(t->app), (unsigned)t->forget,
                                    t->job_secret);
    if (t->job_kind != IM_PARTNER_SECRET_NONE)
        return im_couple_partner_join(t->c, t->job_partner, (unsigned)t->person[t->job_partner], t->job_kind,
                                      t->job_secret);
    return im_couple_partner_open(t->c, t->job_partner, t->job_secret);
}

/* The kind of partner p's one secret for Together when this session does
 * not seal their sheet yet (a session begun before they set it): NONE if
 * they have none. */
static im_partner_secret record_kind(tg *t, int p)
{
    /* while the worker runs it has the vault to itself: the last answer */
    if (t->opening) return t->rec_kind[p];
    t->rec_kind[p] = IM_PARTNER_SECRET_NONE;
    if (im_couple_partner_secret(t->c, p) != IM_PARTNER_SECRET_NONE || t->person[p] < 0) return IM_PARTNER_SECRET_NONE;
    t->rec_kind[p] = im_partner_secret_of(ui_session_couple(ui_session_of(t->app)), (unsigned)t->person[p]);
    return t->rec_kind[p];
}

/* The partner whose card is shown: the gate's, or the hand-off's. */
static int card_partner(const tg *t)
{
    if (im_couple_phase_of(t->c) == IM_PHASE_OPENING) return im_couple_opening_partner(t->c);
    return t->gate >= 0 ? t->gate : 1;
}

/* Starts the worker on the typed secret: kind NONE opens, else sets. */
static void start_job(tg *t, int p, im_partner_secret kind)
{
    const char *typed = t->secret ? ui_field_text(t->secret) : NULL;
    t->secret_wrong = t->secret_refused = 0;
    if (!typed || !*typed) {
        t->secret_refused = STR_TG_SECRET_EMPTY; /* said on the card as it is drawn again */
        return;
    }
    if (kind != IM_PARTNER_SECRET_NONE && record_kind(t, p) == IM_PARTNER_SECRET_NONE) {
        if (im_partner_secret_check(kind, typed) != IM_OK) {
            t->secret_refused = kind == IM_PARTNER_SECRET_PIN ? STR_TG_SECRET_BAD_PIN : STR_TG_SECRET_WEAK;
            return;
        }
    } else if (ui_session_retry_wait_s(ui_session_of(t->app)) > 0) {
        return; /* the wait holds here too (a secret that exists is opened); the line shows it */
    }
    t->job_secret = secret_copy(typed);
    if (!t->job_secret) return;
    t->job_partner = p;
    t->job_kind = kind;
    if (ui_worker_form_start_job(&t->sform, t->app, secret_job, t) != 0) {
        forget_secret(t);
        return;
    }
    t->opening = 1;
    ui_field_set_text(t->secret, ctx_of(t), ""); /* the worker has its copy */
}

int tg_secret_gate(tg *t)
{
    if (t->opening) return 1;
    if (!seals_answers(t)) return 0;
    int p = card_partner(t);
    if (p < 0) return 0;
    if (im_couple_partner_secret(t->c, p) != IM_PARTNER_SECRET_NONE) {
        if (im_couple_partner_is_open(t->c, p)) return 0;
        start_job(t, p, IM_PARTNER_SECRET_NONE);
        return 1;
    }
    if (im_couple_phase_of(t->c) == IM_PHASE_OPENING) return 0;
    im_partner_secret rec = record_kind(t, p);
    if (rec != IM_PARTNER_SECRET_NONE) { /* their secret opens their record: this sheet joins it */
        start_job(t, p, rec);
        return 1;
    }
    if (t->secret_choice[p] == IM_PARTNER_SECRET_NONE) return 0;
    start_job(t, p, t->secret_choice[p]);
    return 1;
}

void tg_secret_choose(tg *t, int choice)
{
    if (t->opening || !t->c) return;
    int p = card_partner(t);
    if (p < 0 || choice < 0 || choice > 2) return;
    t->secret_choice[p] = (im_partner_secret)choice;
    t->secret_wrong = t->secret_refused = 0;
}

int tg_secret_done(tg *t, int *proceed)
{
    im_rc rc = IM_OK;
    *proceed = 0;
    if (!t->opening || !ui_worker_form_done(&t->sform, t->app, UI_WORK_JOB, &rc)) return 0;
    t->opening = 0;
    forget_secret(t);
    if (t->job_forget) {
        t->job_forget = 0;
        if (rc == IM_OK) {
            ui_session_note_success(ui_session_of(t->app));
            t->forgot_done = t->leaving ? 2 : 1;
            t->view = VIEW_MENU;
            if (t->left_space) {
                /* no longer a member: the couple's key goes now, Together
                 * here is this person's own again */
                im_couple_free(t->c);
                t->c = NULL;
                t->id = 0;
                ui_session_couple_drop(ui_session_of(t->app));
                t->forgot_done = 3;
            }
        } else if (rc == IM_ERR_WRONG_SECRET) {
            ui_session_note_failure(ui_session_of(t->app)); /* the one counter, persisted */
            t->secret_wrong = STR_TG_LEAVE_WRONG;
        } else {
            set_note_rc(t, rc);
        }
        return 1;
    }
    if (rc == IM_OK) {
        /* set or opened on a hand-off card: the card lets the partner in;
         * at the opening the page moves on by itself (the last one opened
         * revealed, in core) */
        im_couple_phase ph = im_couple_phase_of(t->c);
        *proceed = ph != IM_PHASE_OPENING && ph != IM_PHASE_REVEALED;
        t->secret_choice[t->job_partner] = IM_PARTNER_SECRET_NONE;
    } else if (rc == IM_ERR_WRONG_SECRET) {
        ui_session_note_failure(ui_session_of(t->app)); /* the one counter, persisted */
        im_partner_secret k = im_couple_partner_secret(t->c, t->job_partner);
        if (k == IM_PARTNER_SECRET_NONE) k = t->job_kind;
        t->secret_wrong = k == IM_PARTNER_SECRET_PIN ? STR_TG_SECRET_WRONG_PIN : STR_TG_SECRET_WRONG_PASS;
    } else {
        set_note_rc(t, rc);
    }
    return 1;
}

/* The field, its line and the button for partner p's secret. */
static void add_secret_field(tg *t, ui_widget *col, int p, im_partner_secret kind, ui_str_id button, int action)
{
    char label[160];
    snprintf(label, sizeof label,
             ui_str(kind == IM_PARTNER_SECRET_PIN ? STR_TG_SECRET_PIN_FIELD : STR_TG_SECRET_PASS_FIELD), name_of(t, p));
    t->secret = ui_widget_add(col, ui_field_new(label, UI_FIELD_PASSWORD, action, 0));
    if (kind == IM_PARTNER_SECRET_PIN) ui_field_set_pin(t->secret); /* "Show PIN", a number keypad */
    t->sform.message = ui_widget_add(col, ui_message_new());
    if (t->secret_refused) ui_worker_form_refuse(&t->sform, t->app, ui_str((ui_str_id)t->secret_refused));
    else if (t->secret_wrong) ui_worker_form_say_wrong(&t->sform, t->app, (ui_str_id)t->secret_wrong);
    else if (ui_session_retry_wait_s(ui_session_of(t->app)) > 0 &&
             (kind == im_couple_partner_secret(t->c, p) || kind == record_kind(t, p)))
        ui_worker_form_say_wrong(&t->sform, t->app, 0); /* the wait of earlier wrong tries */
    t->sform.busy = NULL;
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (row) {
        char text[sizeof t->sform.label];
        snprintf(text, sizeof text, ui_str(button), name_of(t, p));
        t->sform.button = ui_widget_add(row, ui_button_new(text, UI_BUTTON_PRIMARY, action));
        snprintf(t->sform.label, sizeof t->sform.label, "%s", text);
    }
    t->sform.busy = ui_widget_add(col, ui_busy_new(ui_str(STR_TG_SECRET_WORKING)));
    if (t->opening) ui_worker_form_started(&t->sform, t->app);
    if (t->secret) ui_ctx_set_focus(ctx_of(t), t->secret);
}

int tg_secret_card(tg *t, ui_widget *col, int p)
{
    if (!seals_answers(t)) return 0;
    im_partner_secret has = im_couple_partner_secret(t->c, p);
    if (has != IM_PARTNER_SECRET_NONE) {
        if (im_couple_partner_is_open(t->c, p)) return 0;
        add_fmt(col, UI_TEXT_BODY, has == IM_PARTNER_SECRET_PIN ? STR_TG_SECRET_SEALED_PIN : STR_TG_SECRET_SEALED_PASS,
                name_of(t, p), NULL);
        add_secret_field(t, col, p, has, STR_TG_IM, ACT_GATE);
        return 1;
    }
    im_partner_secret rec = record_kind(t, p);
    if (rec != IM_PARTNER_SECRET_NONE) { /* their one secret, set in another exercise */
        add_fmt(col, UI_TEXT_BODY, rec == IM_PARTNER_SECRET_PIN ? STR_TG_SECRET_SEALED_PIN : STR_TG_SECRET_SEALED_PASS,
                name_of(t, p), NULL);
        add_secret_field(t, col, p, rec, STR_TG_IM, ACT_GATE);
        return 1;
    }
    /* the set-up: no secret, a PIN or a passphrase, and what each protects */
    add_text(col, ui_str(STR_TG_SECRET_ASK), UI_TEXT_HEADING);
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    static const ui_str_id chips[3] = { STR_TG_SECRET_NONE, STR_TG_SECRET_PIN, STR_TG_SECRET_PASS };
    for (int k = 0; k < 3 && row; k++) {
        ui_widget *chip = ui_widget_add(row, ui_chip_new(ui_str(chips[k]), ACT_SECRET_KIND));
        if (chip) chip->value = (int)t->secret_choice[p] == k;
    }
    static const ui_str_id says[3] = { STR_TG_SECRET_NONE_SAYS, STR_TG_SECRET_PIN_SAYS, STR_TG_SECRET_PASS_SAYS };
    add_text(col, ui_str(says[t->secret_choice[p]]), UI_TEXT_SMALL);
    if (t->secret_choice[p] == IM_PARTNER_SECRET_NONE) return 0; /* the card's own button */
    add_secret_field(t, col, p, t->secret_choice[p], STR_TG_IM, ACT_GATE);
    return 1;
}

void tg_show_opening(tg *t, ui_widget *col)
{
    int p = im_couple_opening_partner(t->c);
    add_text(col, ui_str(STR_TG_OPEN_TITLE), UI_TEXT_TITLE);
    add_text(col, ui_str(STR_TG_OPEN_LEAD), UI_TEXT_BODY);
    if (p < 0) return; /* opened: core reveals with the last one */
    im_partner_secret has = im_couple_partner_secret(t->c, p);
    add_fmt(col, UI_TEXT_BODY, has == IM_PARTNER_SECRET_PIN ? STR_TG_SECRET_SEALED_PIN : STR_TG_SECRET_SEALED_PASS,
            name_of(t, p), NULL);
    add_secret_field(t, col, p, has, STR_TG_OPEN_BUTTON, ACT_GATE);
}

void tg_secret_free(tg *t) { forget_secret(t); }

/* ---- the list: each partner's one secret, and forgetting it ---------------- */

/* The name of person (a place on the list) as the list shows it. */
static const char *person_name(const tg *t, int person) { return tg_place_name(t, person); }

void tg_secret_list(tg *t, ui_widget *col)
{
    ui_session *s = ui_session_of(t->app);
    for (int q = 0; q < 2; q++) {
        im_partner_secret k = im_partner_secret_of(ui_session_couple(s), (unsigned)q);
        if (k == IM_PARTNER_SECRET_NONE) continue;
        char buf[200];
        snprintf(buf, sizeof buf, ui_str(k == IM_PARTNER_SECRET_PIN ? STR_TG_HAS_PIN : STR_TG_HAS_PASS),
                 person_name(t, q));
        add_text(col, buf, UI_TEXT_SMALL);
        snprintf(buf, sizeof buf, ui_str(STR_TG_FORGOT), person_name(t, q));
        ui_widget_add(col, ui_button_new(buf, UI_BUTTON_TEXT, ACT_FORGET_0 + q));
    }
    if (t->forgot_done) {
        add_text(col, ui_str(t->forgot_done == 1 ? STR_TG_FORGOT_DONE : STR_TG_PLEAVE_DONE), UI_TEXT_SMALL);
        if (t->forgot_done == 3) add_text(col, ui_str(STR_TG_PLEAVE_DONE_SPACE), UI_TEXT_SMALL);
        t->forgot_done = 0;
    }
}

void tg_leave_list(tg *t, ui_widget *col)
{
    for (int q = 0; q < 2; q++) {
        char buf[200];
        snprintf(buf, sizeof buf, ui_str(STR_TG_PLEAVE), person_name(t, q));
        ui_widget_add(col, ui_button_new(buf, UI_BUTTON_TEXT, ACT_PLEAVE_0 + q));
    }
}

void tg_show_forget(tg *t, ui_widget *col)
{
    const char *n = person_name(t, t->forget);
    char field[200];
    ui_session *s = ui_session_of(t->app);
    /* core says what proves this place, for the leave and the forget alike
     * (couple_space.h: im_couple_space_leave_proof); while the worker runs
     * it has the vault to itself: the last answer */
    im_vault *space = ui_session_couple(s);
    im_couple_leave_proof proof = IM_COUPLE_LEAVE_OWN_SPACE; /* not known: nothing is offered */
    if (!t->opening)
        t->leave_proof = im_couple_space_leave_proof(space, s->vault, (unsigned)t->forget, &proof) == IM_OK
                             ? (int)proof
                             : IM_COUPLE_LEAVE_OWN_SPACE;
    if (t->leaving) {
        add_fmt(col, UI_TEXT_TITLE, STR_TG_PLEAVE_TITLE, n, NULL);
        if (t->leave_proof == IM_COUPLE_LEAVE_OWN_SPACE) {
            /* another member, with a space of their own: they leave from
             * it, and nothing typed here would make them */
            add_fmt(col, UI_TEXT_BODY, STR_TG_PLEAVE_ELSEWHERE, n, n);
            ui_widget_add(col, ui_button_new(ui_str(STR_TG_PLEAVE_BACK), UI_BUTTON_PRIMARY, ACT_LEAVE_STAY));
            return;
        }
        add_fmt(col, UI_TEXT_BODY, STR_TG_PLEAVE_LEAD, n, person_name(t, t->forget ^ 1));
        if (t->leave_proof == IM_COUPLE_LEAVE_OWN_PASSPHRASE) {
            add_fmt(col, UI_TEXT_BODY, STR_TG_PLEAVE_OWN_LEAD, person_name(t, t->forget ^ 1), NULL);
            /* Settings' leave: it erases whole every session of this vault
             * under an older per-session lock (couple_space.c invariant 8) */
            size_t n = 0;
            if (!t->opening)
                t->bound = im_couple_bound_count(s->vault, ui_app_content(t->app), &n) == IM_OK ? (int)n : 0;
            if (t->bound) {
                char said[400];
                snprintf(said, sizeof said, ui_str(t->bound == 1 ? STR_CL_BOUND_ONE : STR_CL_BOUND_MANY), t->bound);
                add_text(col, said, UI_TEXT_BODY);
            }
            snprintf(field, sizeof field, "%s", ui_str(STR_TG_PLEAVE_FIELD_OWN));
        } else {
            snprintf(field, sizeof field,
                     ui_str(ui_session_is_person(s) ? STR_TG_PLEAVE_FIELD_MINE : STR_TG_PLEAVE_FIELD), n);
        }
    } else {
        add_fmt(col, UI_TEXT_TITLE, STR_TG_FORGOT_TITLE, n, NULL);
        if (t->leave_proof == IM_COUPLE_LEAVE_OWN_SPACE) {
            /* another member's secret: forgotten from their own space, and
             * nothing typed here would erase their answers */
            add_fmt(col, UI_TEXT_BODY, STR_TG_FORGOT_ELSEWHERE, n, n);
            ui_widget_add(col, ui_button_new(ui_str(STR_TG_PLEAVE_BACK), UI_BUTTON_PRIMARY, ACT_LEAVE_STAY));
            return;
        }
        add_fmt(col, UI_TEXT_BODY, STR_TG_FORGOT_LEAD, n, n);
        /* what is asked: the passphrase of the vault that opened the space */
        if (t->leave_proof == IM_COUPLE_LEAVE_OWN_PASSPHRASE)
            add_fmt(col, UI_TEXT_BODY, STR_TG_FORGOT_WHY_OWN, person_name(t, t->forget ^ 1), NULL);
        else
            add_text(col, ui_str(ui_session_is_person(s) ? STR_TG_FORGOT_WHY_MINE : STR_TG_FORGOT_WHY_OWNER),
                     UI_TEXT_BODY);
        snprintf(field, sizeof field, "%s",
                 ui_str(t->leave_proof == IM_COUPLE_LEAVE_OWN_PASSPHRASE || ui_session_is_person(s)
                            ? STR_TG_FORGOT_FIELD_OWN
                            : STR_TG_FORGOT_FIELD));
    }
    t->secret = ui_widget_add(col, ui_field_new(field, UI_FIELD_PASSWORD, ACT_FORGET_GO, 0));
    t->sform.message = ui_widget_add(col, ui_message_new());
    if (t->secret_wrong) ui_worker_form_say_wrong(&t->sform, t->app, (ui_str_id)t->secret_wrong);
    else if (ui_session_retry_wait_s(ui_session_of(t->app)) > 0) ui_worker_form_say_wrong(&t->sform, t->app, 0);
    char text[sizeof t->sform.label];
    snprintf(text, sizeof text, ui_str(t->leaving ? STR_TG_PLEAVE_BUTTON : STR_TG_FORGOT_BUTTON), n);
    t->sform.busy = NULL;
    t->sform.button = ui_widget_add(col, ui_button_new(text, UI_BUTTON_PRIMARY, ACT_FORGET_GO));
    snprintf(t->sform.label, sizeof t->sform.label, "%s", text);
    t->sform.busy = ui_widget_add(col, ui_busy_new(ui_str(STR_TG_LEAVE_CHECKING)));
    if (t->opening) ui_worker_form_started(&t->sform, t->app);
    ui_widget_add(col, ui_button_new(ui_str(t->leaving ? STR_TG_PLEAVE_STAY : STR_TG_FORGOT_KEEP), UI_BUTTON_TEXT,
                                     ACT_LEAVE_STAY));
    if (t->secret) ui_ctx_set_focus(ctx_of(t), t->secret);
}

void tg_forget_start(tg *t)
{
    const char *typed = t->secret ? ui_field_text(t->secret) : NULL;
    t->secret_wrong = 0;
    if (!typed || !*typed || t->opening) return;
    if (ui_session_retry_wait_s(ui_session_of(t->app)) > 0) return; /* the wait holds here too */
    t->job_secret = secret_copy(typed);
    if (!t->job_secret) return;
    t->job_forget = 1;
    if (ui_worker_form_start_job(&t->sform, t->app, secret_job, t) != 0) {
        t->job_forget = 0;
        forget_secret(t);
        return;
    }
    t->opening = 1;
    ui_field_set_text(t->secret, ctx_of(t), "");
}
