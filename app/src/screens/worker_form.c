/* worker_form.c -- a form whose work runs on the session's worker; see
 * worker_form.h. */
#include "screens/worker_form.h"

#include <stdint.h>
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
    ui_worker_form_say(f, app, "");
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

void ui_worker_form_say(ui_worker_form *f, ui_app *app, const char *text)
{
    f->shown_wait = 0;
    if (f->message) ui_message_set(f->message, &app->ctx, text);
}

void ui_worker_form_failed(ui_worker_form *f, ui_app *app, ui_widget *line, ui_str_id fmt, im_rc rc)
{
    if (!line) line = f->message;
    if (!line) return;
    if (line == f->message) f->shown_wait = 0; /* the line says something else now */
    char msg[256];
    snprintf(msg, sizeof msg, ui_str(fmt), im_rc_message(rc));
    ui_message_set(line, &app->ctx, msg);
}

/* The line: the wrong words, a space, the wait (either may be empty). */
static void show_wait(ui_worker_form *f, ui_app *app, int seconds)
{
    char msg[512], wait[128] = "";
    if (seconds == 1) snprintf(wait, sizeof wait, "%s", ui_str(STR_UNLOCK_WAIT_ONE));
    else if (seconds > 1) snprintf(wait, sizeof wait, ui_str(STR_UNLOCK_WAIT), seconds);
    const char *wrong = f->wrong ? ui_str(f->wrong) : "";
    snprintf(msg, sizeof msg, "%s%s%s", wrong, wrong[0] && wait[0] ? " " : "", wait);
    ui_message_set(f->message, &app->ctx, msg);
    f->shown_wait = seconds;
}

void ui_worker_form_say_wrong(ui_worker_form *f, ui_app *app, ui_str_id wrong)
{
    f->wrong = wrong;
    if (f->message) show_wait(f, app, ui_session_retry_wait_s(ui_session_of(app)));
}

void ui_worker_form_tick(ui_worker_form *f, ui_app *app)
{
    ui_busy_follow(f->busy, app);
    if (!f->shown_wait || !f->message) return;
    int left = ui_session_retry_wait_s(ui_session_of(app));
    if (left != f->shown_wait) show_wait(f, app, left);
}

int64_t ui_worker_form_deadline(const ui_worker_form *f, ui_app *app)
{
    return f->shown_wait ? ui_session_retry_next_change(ui_session_of(app)) : INT64_MAX;
}
