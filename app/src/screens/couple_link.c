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
 */
#include <stdio.h>
#include <stdlib.h>

#include "app/session.h"
#include "app/strings.h"
#include "screens/common.h"
#include "screens/settings.h"
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
