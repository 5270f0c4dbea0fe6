/* worker_form.c -- a form whose work runs on the session's worker; see
 * worker_form.h. */
#include "screens/worker_form.h"

#include <stdio.h>

#include "screens/common.h"
#include "widgets/basic.h"

int ui_worker_form_add(ui_worker_form *f, ui_widget *col, const char *label, int action, const char *caption)
{
    f->button = ui_widget_add(col, ui_button_new(label, UI_BUTTON_PRIMARY, action));
    f->busy = ui_widget_add(col, ui_busy_new(caption));
    return f->button && f->busy ? 0 : -1;
}

static void show_running(ui_worker_form *f, ui_app *app, int on)
{
    if (f->button) {
        if (on) f->button->flags |= UI_WF_DISABLED;
        else f->button->flags &= ~(unsigned)UI_WF_DISABLED;
    }
    ui_busy_show(f->busy, &app->ctx, on);
}

void ui_worker_form_started(ui_worker_form *f, ui_app *app)
{
    if (f->message) ui_message_set(f->message, &app->ctx, "");
    show_running(f, app, 1);
}

int ui_worker_form_start(ui_worker_form *f, ui_app *app, ui_work_kind kind, const char *secret)
{
    ui_session *s = ui_session_of(app);
    if (ui_session_work_busy(s) || ui_session_work_start(s, kind, secret) != 0) return -1;
    ui_worker_form_started(f, app);
    return 0;
}

int ui_worker_form_start_job(ui_worker_form *f, ui_app *app, ui_job_fn fn, void *ctx)
{
    ui_session *s = ui_session_of(app);
    if (ui_session_work_busy(s) || ui_session_job_start(s, fn, ctx) != 0) return -1;
    ui_worker_form_started(f, app);
    return 0;
}

int ui_worker_form_done(ui_worker_form *f, ui_app *app, ui_work_kind want, im_rc *rc)
{
    if (ui_session_work_finish(ui_session_of(app), rc) != want) return 0;
    show_running(f, app, 0);
    return 1;
}

void ui_worker_form_failed(ui_worker_form *f, ui_app *app, ui_widget *line, ui_str_id fmt, im_rc rc)
{
    if (!line) line = f->message;
    if (!line) return;
    char msg[256];
    snprintf(msg, sizeof msg, ui_str(fmt), im_rc_message(rc));
    ui_message_set(line, &app->ctx, msg);
}

void ui_worker_form_tick(ui_worker_form *f, ui_app *app) { ui_busy_follow(f->busy, app); }
