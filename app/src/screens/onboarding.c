/*
 * onboarding.c -- first run: welcome, a passphrase typed twice, the
 * recovery code shown once and checked (two groups drawn at random, or
 * the whole code), optional names, then Home.
 *
 * The flow state travels from step to step (each step replaces the last
 * screen).  The recovery code is the only secret it holds; it is wiped as
 * soon as the check passes or the flow ends.  The vault is created (and
 * the KDF calibrated) on the session's worker while dots pulse.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/strings.h"
#include "screens/settings.h"
#include "screens/common.h"
#include "screens/start.h"
#include "screens/worker_form.h"
#include "widgets/basic.h"
#include "widgets/textfield.h"
#include "innermost/engine.h"
#include "innermost/wipe.h"

enum {
    ACT_START = 1,
    ACT_ABOUT,
    ACT_HELP,
    ACT_BACK,
    ACT_PASS_CHANGED,
    ACT_CREATE,
    ACT_KEPT,
    ACT_CHECK,
    ACT_SHOW_AGAIN,
    ACT_NAMES_DONE,
    ACT_NAMES_SKIP,
    ACT_SUGGEST,
    ACT_BRING_BACK,
    ACT_CODE_CHANGED
};

typedef struct flow {
    char code[IM_RECOVERY_CODE_SIZE];
    int groups[2]; /* the two groups the check asks for, 0-based */
    ui_newpass np;
    ui_worker_form create; /* "Create" and its dots: the vault is made on the worker */
    ui_widget *check_field, *check_msg, *name, *partner;
} flow;

static void flow_free(flow *f)
{
    if (!f) return;
    im_mem_wipe(f->code, sizeof f->code);
    free(f);
}

/* Every step's free: the flow, if the step still holds it. */
static void step_free(ui_screen *s) { flow_free(s->state); }

static flow *flow_of(ui_screen *s) { return s->state; }

/* A step's arguments: the flow, handed over to the step (NULL: a new one). */
typedef struct step_args {
    flow *f;
} step_args;

static const ui_screen_class create_class, recovery_class, check_class, names_class;

/* Replaces step s by a step of cls, handing the flow on. */
static void flow_next(ui_app *app, ui_screen *s, const ui_screen_class *cls)
{
    step_args next = { s->state };
    s->state = NULL; /* the next step owns it now, even if it cannot be made */
    ui_screen *scr = ui_screen_new(app, cls, &next);
    if (scr) ui_nav_replace(app, scr);
}

/* Takes the flow into s->state and starts the step's column; -1 when out
 * of memory (ui_screen_new then frees what there is). */
static int step_begin(ui_screen *s, const void *args, const char *title, int spacing)
{
    const step_args *sa = args;
    s->state = sa && sa->f ? sa->f : calloc(1, sizeof(flow));
    s->body = ui_column_new(24, spacing);
    s->title = title;
    return s->state && s->body ? 0 : -1;
}

/* ---- welcome ------------------------------------------------------------------ */

static void welcome_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    if (a->kind == ACT_START) {
        flow_next(app, s, &create_class);
    } else if (a->kind == ACT_ABOUT) {
        ui_nav_push(app, ui_screen_new(app, &ui_about_class, NULL));
    } else if (a->kind == ACT_HELP) {
        ui_nav_push(app, ui_screen_new(app, &ui_help_class, NULL));
    } else if (a->kind == ACT_BRING_BACK) {
        ui_start_bring_back(app); /* a vault set aside by start over */
    }
}

static int welcome_build(ui_app *app, ui_screen *s, const void *args)
{
    if (step_begin(s, args, ui_str(STR_APP_NAME), 12) != 0) return -1;
    ui_widget *col = s->body;
    ui_widget_add(col, ui_label_new(ui_str(STR_WELCOME_TITLE), UI_TEXT_HEADING));
    ui_widget_add(col, ui_label_new(ui_str(STR_WELCOME_LEAD), UI_TEXT_BODY));
    ui_widget_add(col, ui_label_new(ui_str(STR_WELCOME_IS_NOT), UI_TEXT_BODY));
    ui_widget_add(col, ui_label_new(ui_str(STR_WELCOME_PRIVATE), UI_TEXT_BODY));
    ui_widget_add(col, ui_button_new(ui_str(STR_WELCOME_START), UI_BUTTON_PRIMARY, ACT_START));
    int64_t when;
    if (ui_session_aside_latest(ui_session_of(app), &when)) {
        ui_widget_add(col, ui_label_new(ui_str(STR_GB_BRING_BACK_NOTE), UI_TEXT_SMALL));
        ui_widget_add(col, ui_button_new(ui_str(STR_GB_BRING_BACK), UI_BUTTON_SECONDARY, ACT_BRING_BACK));
    }
    /* where to turn in a crisis: the safety note's crisis card, the rest of
     * it one tap away */
    ui_widget *card = ui_widget_add(col, ui_card_new());
    const im_item *crisis = im_library_find_item(ui_app_content(app), "crisis");
    if (card && ui_content_add_card(card, crisis, "If you are in crisis") != 0) {
        ui_widget_add(card, ui_label_new(ui_str(STR_WELCOME_CRISIS_HEADING), UI_TEXT_HEADING));
        ui_content_add_item(card, crisis, 0);
    }
    if (card) ui_widget_add(card, ui_button_new(ui_str(STR_SET_HELP), UI_BUTTON_SECONDARY, ACT_HELP));
    ui_widget_add(col, ui_button_new(ui_str(STR_WELCOME_ABOUT), UI_BUTTON_TEXT, ACT_ABOUT));
    return 0;
}

const ui_screen_class ui_welcome_class = {
    .name = "welcome", .options = UI_SCREEN_FORM, .build = welcome_build, .action = welcome_action, .free = step_free
};

/* ---- passphrase ---------------------------------------------------------------- */

static void create_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    flow *f = flow_of(s);
    ui_session *ss = ui_session_of(app);
    switch (a->kind) {
    case ACT_PASS_CHANGED: ui_newpass_changed(&f->np, &app->ctx); break;
    case ACT_SUGGEST: ui_newpass_suggest(&f->np, &app->ctx); break;
    case ACT_CREATE: {
        if (ui_session_work_busy(ss)) break;
        const char *p = ui_newpass_accept(&f->np, &app->ctx);
        if (!p || ui_worker_form_start(&f->create, app, UI_WORK_CREATE, p) != 0) break;
        ui_newpass_clear(&f->np, &app->ctx);
        break;
    }
    default: break;
    }
}

static void create_work_done(ui_app *app, ui_screen *s, int kind)
{
    (void)kind;
    flow *f = flow_of(s);
    im_rc rc;
    if (!ui_worker_form_done(&f->create, app, UI_WORK_CREATE, &rc)) return;
    if (rc != IM_OK) {
        ui_worker_form_failed(&f->create, app, f->np.hint, STR_CREATE_FAILED, rc);
        return;
    }
    ui_session_take_recovery(ui_session_of(app), f->code);
    flow_next(app, s, &recovery_class);
}

static int create_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)app;
    if (step_begin(s, args, ui_str(STR_CREATE_TITLE), 12) != 0) return -1;
    flow *f = s->state;
    ui_widget *col = s->body;
    ui_widget_add(col, ui_label_new(ui_str(STR_CREATE_LEAD), UI_TEXT_BODY));
    ui_newpass_add(&f->np, col, ui_str(STR_CREATE_FIELD), ACT_PASS_CHANGED, ACT_CREATE, ACT_SUGGEST);
    int made = ui_worker_form_add(&f->create, col, ui_str(STR_CREATE_NEXT), ACT_CREATE, ui_str(STR_CREATING));
    ui_widget_add(col, ui_label_new(ui_str(STR_CREATING_NOTE), UI_TEXT_SMALL));
    if (!f->np.first || !f->np.second || !f->np.hint || made != 0) return -1;
    s->first_focus = f->np.first;
    return 0;
}

static const ui_screen_class create_class = {
    .name = "create",
    .options = UI_SCREEN_FORM,
    .build = create_build,
    .action = create_action,
    .work_done = create_work_done,
    .free = step_free,
};

/* ---- the recovery code, and its check ------------------------------------------------ */

static void recovery_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    if (a->kind == ACT_KEPT) flow_next(app, s, &check_class);
}

static int recovery_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)app;
    if (step_begin(s, args, ui_str(STR_RECOVERY_TITLE), 16) != 0) return -1;
    flow *f = s->state;
    ui_widget *col = s->body;
    ui_widget_add(col, ui_label_new(ui_str(STR_RECOVERY_LEAD), UI_TEXT_BODY));
    ui_recovery_code_add(col, f->code, ACT_KEPT);
    return 0;
}

static const ui_screen_class recovery_class = {
    .name = "recovery", .options = UI_SCREEN_FORM, .build = recovery_build, .action = recovery_action, .free = step_free
};

#define CODE_GROUPS 8
#define GROUP_CHARS_MAX 5 /* 4 and a check character */

size_t ui_recovery_code_normalise(const char *typed, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = typed; *p && n < cap - 1; p++) {
        char ch = (char)toupper((unsigned char)*p);
        if (ch == ' ' || ch == '-') continue;
        if (ch == '0') ch = 'O';
        if (ch == '1') ch = 'I';
        if (ch == '8') ch = 'B';
        out[n++] = ch;
    }
    out[n] = 0;
    return n;
}

int ui_recovery_check_ok(const char *code, const int groups[2], const char *typed)
{
    char want[IM_RECOVERY_CODE_SIZE], got[IM_RECOVERY_CODE_SIZE], pick[2 * GROUP_CHARS_MAX + 1];
    size_t nw = ui_recovery_code_normalise(code, want, sizeof want);
    size_t ng = ui_recovery_code_normalise(typed, got, sizeof got);
    /* today's groups carry a check character; a code from before has 4 */
    size_t per = nw == CODE_GROUPS * GROUP_CHARS_MAX ? GROUP_CHARS_MAX : GROUP_CHARS_MAX - 1;
    int ok = 0;
    if (nw == CODE_GROUPS * per && ng == nw) {
        ok = memcmp(want, got, nw) == 0; /* the whole code */
    } else if (nw == CODE_GROUPS * per && ng == 2 * per && groups[0] >= 0 && groups[0] < CODE_GROUPS &&
               groups[1] >= 0 && groups[1] < CODE_GROUPS) {
        memcpy(pick, want + (size_t)groups[0] * per, per);
        memcpy(pick + per, want + (size_t)groups[1] * per, per);
        ok = memcmp(pick, got, 2 * per) == 0;
    }
    im_mem_wipe(want, sizeof want);
    im_mem_wipe(got, sizeof got);
    im_mem_wipe(pick, sizeof pick);
    return ok;
}

static void check_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    flow *f = flow_of(s);
    if (a->kind == ACT_SHOW_AGAIN) {
        flow_next(app, s, &recovery_class);
    } else if (a->kind == ACT_CODE_CHANGED) {
        ui_code_field_regroup(f->check_field, &app->ctx);
    } else if (a->kind == ACT_CHECK) {
        if (!ui_recovery_check_ok(f->code, f->groups, ui_field_text(f->check_field))) {
            ui_message_say(f->check_msg, &app->ctx, UI_MESSAGE_ERROR, ui_str(STR_RECOVERY_CHECK_WRONG));
            return;
        }
        im_mem_wipe(f->code, sizeof f->code);
        flow_next(app, s, &names_class);
    }
}

static int check_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)app;
    if (step_begin(s, args, ui_str(STR_RECOVERY_CHECK_TITLE), 12) != 0) return -1;
    flow *f = s->state;
    ui_widget *col = s->body;
    /* Two different groups, drawn afresh each time the check is shown. */
    im_rng rng = im_rng_system();
    f->groups[0] = (int)im_rng_below(&rng, CODE_GROUPS);
    f->groups[1] = (int)im_rng_below(&rng, CODE_GROUPS - 1);
    if (f->groups[1] >= f->groups[0]) f->groups[1]++;
    if (f->groups[1] < f->groups[0]) {
        int t = f->groups[0];
        f->groups[0] = f->groups[1];
        f->groups[1] = t;
    }
    char lead[256];
    snprintf(lead, sizeof lead, ui_str(STR_RECOVERY_CHECK_LEAD), f->groups[0] + 1, f->groups[1] + 1);
    ui_widget_add(col, ui_label_new(lead, UI_TEXT_BODY));
    f->check_field = ui_widget_add(
        col, ui_field_new(ui_str(STR_RECOVERY_CHECK_FIELD), UI_FIELD_LINE, ACT_CHECK, ACT_CODE_CHANGED));
    ui_field_set_wrap(f->check_field); /* the whole code in sight at 200 % too */
    f->check_msg = ui_widget_add(col, ui_message_new());
    ui_widget_add(col, ui_button_new(ui_str(STR_RECOVERY_CHECK_OK), UI_BUTTON_PRIMARY, ACT_CHECK));
    ui_widget_add(col, ui_button_new(ui_str(STR_RECOVERY_SHOW_AGAIN), UI_BUTTON_TEXT, ACT_SHOW_AGAIN));
    s->first_focus = f->check_field; /* the code is typed back at once, from the paper */
    return f->check_field && f->check_msg ? 0 : -1;
}

static const ui_screen_class check_class = {
    .name = "recovery-check", .options = UI_SCREEN_FORM, .build = check_build, .action = check_action, .free = step_free
};

/* ---- names ---------------------------------------------------------------------------- */

static void names_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    flow *f = flow_of(s);
    ui_session *ss = ui_session_of(app);
    if (a->kind != ACT_NAMES_DONE && a->kind != ACT_NAMES_SKIP) return;
    if (a->kind == ACT_NAMES_DONE) {
        const char *n = ui_field_text(f->name), *p = ui_field_text(f->partner);
        if ((n[0] || p[0]) && ui_session_save_profile(ss, n, p) != IM_OK) {
            ui_app_toast(app, im_rc_message(IM_ERR_IO));
            return;
        }
    }
    ui_session_did_unlock(ss);
}

static int names_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)app;
    if (step_begin(s, args, ui_str(STR_NAMES_TITLE), 12) != 0) return -1;
    flow *f = s->state;
    ui_widget *col = s->body;
    ui_widget_add(col, ui_label_new(ui_str(STR_NAMES_LEAD), UI_TEXT_BODY));
    f->name = ui_widget_add(col, ui_field_new(ui_str(STR_NAMES_YOU), UI_FIELD_LINE, 0, 0));
    f->partner = ui_widget_add(col, ui_field_new(ui_str(STR_NAMES_PARTNER), UI_FIELD_LINE, ACT_NAMES_DONE, 0));
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (row) {
        ui_widget_add(row, ui_button_new(ui_str(STR_NAMES_SKIP), UI_BUTTON_SECONDARY, ACT_NAMES_SKIP));
        ui_widget_add(row, ui_button_new(ui_str(STR_NAMES_DONE), UI_BUTTON_PRIMARY, ACT_NAMES_DONE));
    }
    return f->name && f->partner && row ? 0 : -1;
}

static const ui_screen_class names_class = {
    .name = "names", .options = UI_SCREEN_FORM, .build = names_build, .action = names_action, .free = step_free
};
