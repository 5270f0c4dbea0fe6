/*
 * people.c -- Settings -> "Someone else on this device": the owner hands
 * the device over and the other person makes a space of their own (core:
 * innermost/people.h; the session's side: app/session_people.c).
 *
 * The person chooses a passphrase with the same fields as every new
 * passphrase (ui_newpass), the space is made on the worker, and their
 * recovery code is shown once and checked with the same screens as a new
 * code (newcode.c, ui_code_args.for_person).  When the check passes the
 * session locks: the owner's space, open behind these screens, closes
 * before the person is left alone with the device, and the person opens
 * their own space with Switch person.  The screen says all this plainly
 * before anything is typed.
 *
 * Only the owner's Settings offer it (a person's space adds nobody; core
 * refuses it too).
 */
#include <stdlib.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/wipe.h"
#include "screens/common.h"
#include "screens/settings.h"
#include "screens/start.h"
#include "screens/worker_form.h"
#include "widgets/basic.h"

enum { ACT_BACK = 1, ACT_PASS_CHANGED, ACT_SUGGEST, ACT_MAKE };

typedef struct person_add {
    ui_newpass np;
    ui_worker_form wf;
} person_add;

static void add_free(ui_screen *s) { free(s->state); }

static void add_tick(ui_app *app, ui_screen *scr) { ui_worker_form_tick(&((person_add *)scr->state)->wf, app); }

static int64_t add_deadline(ui_app *app, ui_screen *scr)
{
    return ui_worker_form_deadline(&((person_add *)scr->state)->wf, app);
}

static void add_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    person_add *p = scr->state;
    ui_session *s = ui_session_of(app);
    switch (a->kind) {
    case ACT_BACK: ui_nav_back(app); break; /* waits while work runs: UI_SCREEN_FORM */
    case ACT_PASS_CHANGED: ui_newpass_changed(&p->np, &app->ctx); break;
    case ACT_SUGGEST: ui_newpass_suggest(&p->np, &app->ctx); break;
    case ACT_MAKE: {
        if (ui_session_work_busy(s)) break;
        const char *pass = ui_newpass_accept(&p->np, &app->ctx);
        if (!pass || ui_worker_form_start(&p->wf, app, UI_WORK_ADD_PERSON, pass) != 0) break;
        ui_newpass_clear(&p->np, &app->ctx); /* the worker has its copy */
        break;
    }
    default: break;
    }
}

static void add_work_done(ui_app *app, ui_screen *scr, int kind)
{
    (void)kind;
    person_add *p = scr->state;
    ui_session *s = ui_session_of(app);
    im_rc rc;
    if (!ui_worker_form_done(&p->wf, app, UI_WORK_ADD_PERSON, &rc)) return;
    if (rc == IM_ERR_EXISTS || rc == IM_ERR_TOO_LARGE) {
        ui_worker_form_refuse(&p->wf, app, ui_str(rc == IM_ERR_EXISTS ? STR_PP_ADD_EXISTS : STR_PP_ADD_FULL));
        return;
    }
    if (rc != IM_OK || !ui_session_made_code(s)) {
        ui_worker_form_failed(&p->wf, app, p->np.hint, STR_PP_ADD_FAILED, rc);
        return;
    }
    ui_code_args code = { .for_person = 1 };
    ui_session_take_recovery(s, code.code);
    ui_screen *show = ui_screen_new(app, &ui_code_show_class, &code);
    im_mem_wipe(code.code, sizeof code.code);
    if (show) ui_nav_replace(app, show);
}

static int add_build(ui_app *app, ui_screen *scr, const void *args)
{
    (void)app, (void)args;
    person_add *p = scr->state = calloc(1, sizeof *p);
    ui_widget *col = scr->body = ui_column_new(24, 12);
    if (!p || !col) return -1;
    scr->title = ui_str(STR_PP_ADD_TITLE);
    scr->back_action = ACT_BACK;
    ui_widget_add(col, ui_label_new(ui_str(STR_PP_ADD_LEAD), UI_TEXT_BODY));
    ui_widget_add(col, ui_label_new(ui_str(STR_PP_ADD_HANDOVER), UI_TEXT_BODY));
    ui_newpass_add(&p->np, col, ui_str(STR_PP_ADD_FIELD), ACT_PASS_CHANGED, ACT_MAKE, ACT_SUGGEST);
    int made = ui_worker_form_add(&p->wf, col, ui_str(STR_PP_ADD_BUTTON), ACT_MAKE, ui_str(STR_PP_ADD_WORKING));
    return p->np.first && p->np.second && p->np.hint && made == 0 ? 0 : -1;
}

const ui_screen_class ui_person_add_class = {
    .name = "person-add",
    .options = UI_SCREEN_FORM,
    .build = add_build,
    .action = add_action,
    .tick = add_tick,
    .deadline = add_deadline,
    .work_done = add_work_done,
    .free = add_free,
};
