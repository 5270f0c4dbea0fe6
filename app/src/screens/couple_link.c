/*
 * couple_link.c -- Settings -> "Use my own space for Together": a partner
 * who has a space of their own on this device (people.c) links it to the
 * couple's shared space (core: im_couple_space_join_person, couple_space.h)
 * by typing its passphrase here, on the owner's open session.  After they
 * open their own space (Switch person), Together there shows the couple's
 * sessions and shared history.
 *
 * The passphrase is proven on the worker (one key derivation, whoever has
 * it, so a wrong one tells nobody how many spaces there are); a wrong one
 * counts like any wrong passphrase (the session's one counter and wait).
 * The owner's first visit here makes the couple's space if Together did
 * not yet (ui_session_couple_ensure), so there is something to link to.
 *
 * Settings -> "Leave the couple space" (couple-leave, below): a member
 * leaves of their own accord with their own passphrase -- the device owner
 * (whose passphrase also speaks for a partner without a profile, so
 * Together's leave cannot tell who leaves), or a linked person undoing the
 * link.  Core decides (im_couple_space_leave_with): with another member
 * the leaver's unfinished answers go, the key turns and kept reveals stay
 * with the other; as the last member (im_couple_space_leave_ends) the
 * space is erased, which the screen says plainly before, with the way to
 * keep the history (the partner's own space, linked first).  The leave is
 * never the default: the field's Enter does nothing, "Stay" is the
 * primary button.  A wrong passphrase counts in the session's one counter
 * with its growing wait.
 *
 * Joining again (couple_rejoin.h, below): an owner who left while a linked
 * person stayed finds, on Together, that they left and the way back: the
 * staying member's own passphrase typed there (im_couple_space_rejoin).
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "innermost/couple_space.h"
#include "innermost/engine.h"
#include "app/strings.h"
#include "screens/common.h"
#include "screens/couple_rejoin.h"
#include "screens/settings.h"
#include "screens/start.h"
#include "screens/worker_form.h"
#include "widgets/basic.h"
#include "widgets/textfield.h"

enum { ACT_BACK = 1, ACT_LINK };

typedef struct couple_link {
    ui_widget *field;
    ui_worker_form wf;
} couple_link;

static void link_free(ui_screen *s) { free(s->state); }

static void link_tick(ui_app *app, ui_screen *scr) { ui_worker_form_tick(&((couple_link *)scr->state)->wf, app); }

static int64_t link_deadline(ui_app *app, ui_screen *scr)
{
    return ui_worker_form_deadline(&((couple_link *)scr->state)->wf, app);
}

static void link_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    couple_link *l = scr->state;
    ui_session *s = ui_session_of(app);
    switch (a->kind) {
    case ACT_BACK: ui_nav_back(app); break; /* waits while work runs: UI_SCREEN_FORM */
    case ACT_LINK: {
        if (ui_session_work_busy(s)) break;
        if (ui_session_retry_wait_s(s) > 0) {
            ui_worker_form_say_wrong(&l->wf, app, STR_PP_LINK_WRONG);
            break;
        }
        const char *text = ui_field_text(l->field);
        if (!text[0]) {
            ui_worker_form_refuse(&l->wf, app, ui_str(STR_UNLOCK_EMPTY));
            break;
        }
        if (ui_worker_form_start(&l->wf, app, UI_WORK_COUPLE_JOIN, text) != 0) break;
        ui_field_set_text(l->field, &app->ctx, ""); /* the worker has its copy */
        break;
    }
    default: break;
    }
}

static void link_work_done(ui_app *app, ui_screen *scr, int kind)
{
    (void)kind;
    couple_link *l = scr->state;
    ui_session *s = ui_session_of(app);
    im_rc rc;
    if (!ui_worker_form_done(&l->wf, app, UI_WORK_COUPLE_JOIN, &rc)) return;
    if (rc == IM_ERR_WRONG_SECRET) {
        ui_session_note_failure(s);
        ui_worker_form_say_wrong(&l->wf, app, STR_PP_LINK_WRONG);
    } else if (rc == IM_ERR_EXISTS) {
        ui_worker_form_say(&l->wf, app, ui_str(STR_PP_LINK_ALREADY));
    } else if (rc == IM_ERR_TOO_LARGE) {
        ui_worker_form_refuse(&l->wf, app, ui_str(STR_PP_LINK_FULL));
    } else if (rc != IM_OK) {
        ui_worker_form_failed(&l->wf, app, NULL, STR_PP_LINK_FAILED, rc);
    } else {
        ui_worker_form_say(&l->wf, app, ui_str(STR_PP_LINK_DONE));
    }
}

static int link_build(ui_app *app, ui_screen *scr, const void *args)
{
    (void)args;
    couple_link *l = scr->state = calloc(1, sizeof *l);
    ui_widget *col = scr->body = ui_column_new(24, 12);
    if (!l || !col) return -1;
    scr->title = ui_str(STR_PP_LINK_TITLE);
    scr->back_action = ACT_BACK;
    /* the owner's first visit here makes the space Together would make */
    im_rc made = ui_session_couple_ensure(ui_session_of(app));
    if (made != IM_OK) fprintf(stderr, "innermost: the couple's space could not be made (%s).\n", im_rc_message(made));
    ui_widget_add(col, ui_label_new(ui_str(STR_PP_LINK_LEAD), UI_TEXT_BODY));
    l->field = ui_widget_add(col, ui_field_new(ui_str(STR_PP_LINK_FIELD), UI_FIELD_PASSWORD, ACT_LINK, 0));
    l->wf.message = ui_widget_add(col, ui_message_new());
    int ok = ui_worker_form_add(&l->wf, col, ui_str(STR_PP_LINK_BUTTON), ACT_LINK, ui_str(STR_PP_LINK_WORKING));
    ui_widget_add(col, ui_label_new(ui_str(STR_PP_LINK_UNDO), UI_TEXT_SMALL));
    return l->field && l->wf.message && ok == 0 ? 0 : -1;
}

const ui_screen_class ui_couple_link_class = {
    .name = "couple-link",
    .options = UI_SCREEN_FORM,
    .build = link_build,
    .action = link_action,
    .tick = link_tick,
    .deadline = link_deadline,
    .work_done = link_work_done,
    .free = link_free,
};

/* ---- leaving the couple space ----------------------------------------------------- */

enum { ACT_LEAVE_STAY = 1, ACT_LEAVE_GO };

typedef struct couple_leave {
    ui_widget *field;
    ui_worker_form wf;
    const im_library *lib;
    char *secret; /* im_secure_alloc'd, the worker's copy */
    int ends;     /* what the words said: the space ends with this leave */
    int ended;    /* the worker's answer */
    int done;     /* args: 1 left, 2 ended (the screen after) */
} couple_leave;

static void forget_secret(couple_leave *l)
{
    im_secure_free(l->secret);
    l->secret = NULL;
}

static void leave_free(ui_screen *s)
{
    couple_leave *l = s->state;
    if (l) forget_secret(l);
    free(l);
}

static void leave_tick(ui_app *app, ui_screen *scr)
{
    couple_leave *l = scr->state;
    if (!l->done) ui_worker_form_tick(&l->wf, app);
}

static int64_t leave_deadline(ui_app *app, ui_screen *scr)
{
    couple_leave *l = scr->state;
    return l->done ? INT64_MAX : ui_worker_form_deadline(&l->wf, app);
}

/* On the worker, which has the vault and the space to itself: on IM_OK
 * core has closed the space and the session's handle is NULL. */
static im_rc leave_job(ui_session *s, void *ctx)
{
    couple_leave *l = ctx;
    return im_couple_space_leave_with(&s->couple, s->vault, l->lib, l->secret, &l->ended);
}

static void leave_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    couple_leave *l = scr->state;
    ui_session *s = ui_session_of(app);
    switch (a->kind) {
    case ACT_LEAVE_STAY: ui_nav_back(app); break; /* waits while work runs: UI_SCREEN_FORM */
    case ACT_LEAVE_GO: {
        if (l->done || !l->field || ui_session_work_busy(s)) break;
        if (ui_session_retry_wait_s(s) > 0) {
            ui_worker_form_say_wrong(&l->wf, app, STR_CL_WRONG);
            break;
        }
        const char *text = ui_field_text(l->field);
        if (!text[0]) {
            ui_worker_form_refuse(&l->wf, app, ui_str(STR_UNLOCK_EMPTY));
            break;
        }
        if (!s->couple) {
            ui_worker_form_refuse(&l->wf, app, ui_str(STR_CL_NOT_IN));
            break;
        }
        l->lib = ui_app_content(app); /* loaded here, on the main thread */
        size_t n = strlen(text) + 1;
        l->secret = l->lib ? im_secure_alloc(n) : NULL;
        if (!l->secret) {
            ui_worker_form_failed(&l->wf, app, NULL, STR_CL_FAILED, IM_ERR_NOMEM);
            break;
        }
        memcpy(l->secret, text, n);
        l->ended = 0;
        if (ui_worker_form_start_job(&l->wf, app, leave_job, l) != 0) {
            forget_secret(l);
            break;
        }
        ui_field_set_text(l->field, &app->ctx, ""); /* the worker has its copy */
        break;
    }
    default: break;
    }
}

static void leave_work_done(ui_app *app, ui_screen *scr, int kind)
{
    (void)kind;
    couple_leave *l = scr->state;
    ui_session *s = ui_session_of(app);
    im_rc rc;
    if (l->done || !ui_worker_form_done(&l->wf, app, UI_WORK_JOB, &rc)) return;
    forget_secret(l);
    if (rc == IM_ERR_WRONG_SECRET) {
        ui_session_note_failure(s); /* the one counter, persisted */
        ui_worker_form_say_wrong(&l->wf, app, STR_CL_WRONG);
        return;
    }
    if (rc == IM_ERR_NOT_FOUND) {
        ui_worker_form_refuse(&l->wf, app, ui_str(STR_CL_NOT_IN));
        return;
    }
    if (rc != IM_OK) {
        ui_worker_form_failed(&l->wf, app, NULL, STR_CL_FAILED, rc);
        return;
    }
    ui_session_note_success(s);
    /* Settings is built again (its couple rows change), and the words of
     * what was done show above it; this screen goes first */
    int done = l->ended ? 2 : 1;
    ui_nav_back(app);
    ui_nav_replace(app, ui_screen_new(app, &ui_settings_class, NULL));
    ui_nav_push(app, ui_screen_new(app, &ui_couple_leave_class, &done));
}

static int leave_build(ui_app *app, ui_screen *scr, const void *args)
{
    couple_leave *l = scr->state = calloc(1, sizeof *l);
    ui_widget *col = scr->body = ui_column_new(24, 12);
    if (!l || !col) return -1;
    ui_session *s = ui_session_of(app);
    scr->title = ui_str(STR_CL_TITLE);
    scr->back_action = ACT_LEAVE_STAY;
    if (args) { /* after: what was done, and the way back */
        l->done = *(const int *)args;
        ui_widget_add(col, ui_label_new(ui_str(l->done == 2 ? STR_CL_DONE_ENDED : STR_CL_DONE_LEFT), UI_TEXT_BODY));
        /* the owner left a space that goes on: Together is the way back */
        if (l->done == 1 && !ui_session_is_person(s))
            ui_widget_add(col, ui_label_new(ui_str(STR_RJ_AFTER_LEAVE), UI_TEXT_BODY));
        return ui_widget_add(col, ui_button_new(ui_str(STR_CL_BACK), UI_BUTTON_PRIMARY, ACT_LEAVE_STAY)) ? 0 : -1;
    }
    int ends = 0;
    if (!s->couple || im_couple_space_leave_ends(s->couple, s->vault, &ends) != IM_OK) {
        ui_widget_add(col, ui_label_new(ui_str(STR_CL_NOT_IN), UI_TEXT_BODY));
        return ui_widget_add(col, ui_button_new(ui_str(STR_CL_BACK), UI_BUTTON_PRIMARY, ACT_LEAVE_STAY)) ? 0 : -1;
    }
    l->ends = ends;
    int person = ui_session_is_person(s);
    /* sessions under an older per-session lock: any leave erases them whole,
     * the other partner's answers in them too (couple_space.c invariant 8) */
    size_t bound = 0;
    if (im_couple_bound_count(s->vault, ui_app_content(app), &bound) != IM_OK) bound = 0;
    if (ends) {
        ui_widget_add(col, ui_label_new(ui_str(person ? STR_CL_LEAD_LAST : STR_CL_LEAD_ENDS), UI_TEXT_BODY));
        if (!person)
            ui_widget_add(col, ui_label_new(ui_str(bound ? STR_CL_LEAD_PATH_BOUND : STR_CL_LEAD_PATH), UI_TEXT_BODY));
    } else {
        ui_widget_add(col, ui_label_new(ui_str(person ? STR_CL_LEAD_PERSON : STR_CL_LEAD_LINKED), UI_TEXT_BODY));
    }
    if (bound) {
        char said[400];
        snprintf(said, sizeof said, ui_str(bound == 1 ? STR_CL_BOUND_ONE : STR_CL_BOUND_MANY), (int)bound);
        ui_widget_add(col, ui_label_new(said, UI_TEXT_BODY));
    }
    /* Enter in the field leaves nothing: the choice is the button's */
    l->field = ui_widget_add(col, ui_field_new(ui_str(STR_CL_FIELD), UI_FIELD_PASSWORD, 0, 0));
    l->wf.message = ui_widget_add(col, ui_message_new());
    /* one above the other, each the page's width: side by side, at 200 %
     * text on a phone, each button wrapped its words one a line (four
     * lines, taller than a third of a 360x640 screen) */
    ui_widget *row = ui_widget_add(col, ui_column_new(0, UI_SPACING_PT));
    if (row) {
        ui_widget_add(row, ui_button_new(ui_str(STR_CL_STAY), UI_BUTTON_PRIMARY, ACT_LEAVE_STAY));
        const char *label = ui_str(ends ? STR_CL_END : STR_CL_LEAVE);
        l->wf.button = ui_widget_add(row, ui_button_new(label, UI_BUTTON_SECONDARY, ACT_LEAVE_GO));
        snprintf(l->wf.label, sizeof l->wf.label, "%s", label);
    }
    l->wf.busy = ui_widget_add(col, ui_busy_new(ui_str(STR_CL_WORKING)));
    if (ui_session_retry_wait_s(s) > 0) ui_worker_form_say_wrong(&l->wf, app, 0); /* earlier wrong tries' wait */
    return l->field && l->wf.message && l->wf.button && l->wf.busy ? 0 : -1;
}

const ui_screen_class ui_couple_leave_class = {
    .name = "couple-leave",
    .options = UI_SCREEN_FORM,
    .build = leave_build,
    .action = leave_action,
    .tick = leave_tick,
    .deadline = leave_deadline,
    .work_done = leave_work_done,
    .free = leave_free,
};

/* ---- joining again (couple_rejoin.h) ----------------------------------------------
 *
 * The device owner left the couple space (above) while a linked person
 * stayed: the space goes on with them, and nothing of the owner's opens it.
 * Together then shows this page in its list's place: that they left (the
 * other member named only by the partner's name of the owner's own
 * profile, never by anything read elsewhere), and the way back, which is
 * the staying member's consent: they type the passphrase of their own
 * space here, on the owner's open session, as on the link screen.  Core
 * proves it on the worker (im_couple_space_rejoin: one derivation, whoever
 * has it); a wrong one counts in the session's one counter with its
 * growing wait.  The owner's own passphrase is no consent (core refuses it
 * as any wrong one).  Back from the page is Together's: it asks for the
 * owner's passphrase, since the device may be in the other's hands. */

struct ui_couple_rejoin {
    ui_widget *field;
    ui_worker_form wf;
    const im_library *lib;
    char *secret;   /* im_secure_alloc'd, the worker's copy */
    int running;    /* this panel's work is on the worker */
    int wrong;      /* the last try was wrong (said again when the page is rebuilt) */
    ui_str_id note; /* the words for Together once the owner is out no more */
};

static void rejoin_forget(ui_couple_rejoin *r)
{
    im_secure_free(r->secret);
    r->secret = NULL;
}

ui_couple_rejoin *ui_couple_rejoin_new(ui_app *app)
{
    ui_session *s = ui_session_of(app);
    if (!ui_session_is_unlocked(s) || ui_session_is_person(s) || s->couple || ui_session_work_busy(s)) return NULL;
    int yes = 0;
    im_rc rc = im_couple_space_rejoin_offered(app->data_dir, s->vault, &yes);
    if (rc != IM_OK) fprintf(stderr, "innermost: the couple's space could not be read (%s).\n", im_rc_message(rc));
    return rc == IM_OK && yes ? calloc(1, sizeof(ui_couple_rejoin)) : NULL;
}

void ui_couple_rejoin_free(ui_couple_rejoin *r)
{
    if (!r) return;
    rejoin_forget(r);
    free(r);
}

/* text, or fmt with the partner's name of the owner's profile */
static void rejoin_words(ui_widget *col, ui_str_id plain, ui_str_id named, const char *name, ui_text_style st)
{
    char buf[640];
    if (name[0]) snprintf(buf, sizeof buf, ui_str(named), name);
    else snprintf(buf, sizeof buf, "%s", ui_str(plain));
    ui_widget_add(col, ui_label_new(buf, st));
}

void ui_couple_rejoin_hide(ui_couple_rejoin *r)
{
    if (!r) return;
    r->field = r->wf.button = r->wf.busy = r->wf.message = NULL;
    r->wf.shown_wait = 0;
}

void ui_couple_rejoin_show(ui_couple_rejoin *r, ui_app *app, ui_widget *col)
{
    ui_session *s = ui_session_of(app);
    const char *name = s->partner; /* the owner's own words; "" if none */
    ui_widget_add(col, ui_label_new(ui_str(STR_RJ_TITLE), UI_TEXT_TITLE));
    rejoin_words(col, STR_RJ_LEAD, STR_RJ_LEAD_NAMED, name, UI_TEXT_BODY);
    rejoin_words(col, STR_RJ_HOW, STR_RJ_HOW_NAMED, name, UI_TEXT_BODY);
    char label[200];
    if (name[0]) snprintf(label, sizeof label, ui_str(STR_RJ_FIELD_NAMED), name);
    else snprintf(label, sizeof label, "%s", ui_str(STR_RJ_FIELD));
    r->field = ui_widget_add(col, ui_field_new(label, UI_FIELD_PASSWORD, UI_REJOIN_ACT_JOIN, 0));
    r->wf.message = ui_widget_add(col, ui_message_new());
    if (ui_worker_form_add(&r->wf, col, ui_str(STR_RJ_BUTTON), UI_REJOIN_ACT_JOIN, ui_str(STR_RJ_WORKING)) != 0)
        r->wf.button = r->wf.busy = NULL;
    if (r->running) ui_worker_form_started(&r->wf, app); /* rebuilt while the worker proves it */
    else if (r->wrong || ui_session_retry_wait_s(s) > 0)
        ui_worker_form_say_wrong(&r->wf, app, r->wrong ? STR_RJ_WRONG : 0);
}

/* On the worker, which has the vault to itself; the session holds no
 * space while the owner is out, and gets the one core opened for them. */
static im_rc rejoin_job(ui_session *s, void *ctx)
{
    ui_couple_rejoin *r = ctx;
    im_kdf_params cost; /* one derivation, at the owner's cost when nobody has that passphrase */
    int have = im_vault_kdf_params(s->vault, &cost) == IM_OK;
    im_vault *space = NULL;
    im_rc rc = im_couple_space_rejoin(s->app->data_dir, s->vault, r->lib, r->secret, have ? &cost : NULL, &space);
    if (rc == IM_OK) {
        im_vault_set_clock(space, &s->clock);
        s->couple = space;
    }
    return rc;
}

int ui_couple_rejoin_action(ui_couple_rejoin *r, ui_app *app, const ui_action *a)
{
    if (a->kind != UI_REJOIN_ACT_JOIN) return 0;
    ui_session *s = ui_session_of(app);
    if (r->running || ui_session_work_busy(s) || !r->field) return 1;
    if (ui_session_retry_wait_s(s) > 0) {
        ui_worker_form_say_wrong(&r->wf, app, STR_RJ_WRONG);
        return 1;
    }
    const char *text = ui_field_text(r->field);
    if (!text[0]) {
        ui_worker_form_refuse(&r->wf, app, ui_str(STR_UNLOCK_EMPTY));
        return 1;
    }
    r->lib = ui_app_content(app); /* loaded here, on the main thread */
    size_t n = strlen(text) + 1;
    r->secret = r->lib ? im_secure_alloc(n) : NULL;
    if (!r->secret) {
        ui_worker_form_failed(&r->wf, app, NULL, STR_RJ_FAILED, IM_ERR_NOMEM);
        return 1;
    }
    memcpy(r->secret, text, n);
    r->wrong = 0;
    if (ui_worker_form_start_job(&r->wf, app, rejoin_job, r) != 0) {
        rejoin_forget(r);
        return 1;
    }
    r->running = 1;
    ui_field_set_text(r->field, &app->ctx, ""); /* the worker has its copy */
    return 1;
}

void ui_couple_rejoin_tick(ui_couple_rejoin *r, ui_app *app) { ui_worker_form_tick(&r->wf, app); }

int64_t ui_couple_rejoin_deadline(ui_couple_rejoin *r, ui_app *app) { return ui_worker_form_deadline(&r->wf, app); }

int ui_couple_rejoin_work_done(ui_couple_rejoin *r, ui_app *app)
{
    ui_session *s = ui_session_of(app);
    im_rc rc;
    if (!r->running || !ui_worker_form_done(&r->wf, app, UI_WORK_JOB, &rc)) return 0;
    r->running = 0;
    rejoin_forget(r);
    switch (rc) {
    case IM_OK: r->note = STR_RJ_DONE; return 2;
    case IM_ERR_NOT_FOUND: /* the space went meanwhile: Together starts afresh */
        r->note = STR_RJ_GONE;
        im_rc made = ui_session_couple_ensure(s);
        if (made != IM_OK)
            fprintf(stderr, "innermost: the couple's space could not be made (%s).\n", im_rc_message(made));
        return 2;
    case IM_ERR_WRONG_SECRET:
        ui_session_note_failure(s); /* the one counter, persisted, with its wait */
        r->wrong = 1;
        ui_worker_form_say_wrong(&r->wf, app, STR_RJ_WRONG);
        return 1;
    case IM_ERR_BUSY: ui_worker_form_refuse(&r->wf, app, ui_str(STR_RJ_BUSY)); return 1;
    default: ui_worker_form_failed(&r->wf, app, NULL, STR_RJ_FAILED, rc); return 1;
    }
}

const char *ui_couple_rejoin_note(const ui_couple_rejoin *r) { return r && r->note ? ui_str(r->note) : ""; }
