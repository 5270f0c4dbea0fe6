/* worker_form.c -- a form whose work runs on the session's worker; see
 * worker_form.h. */
#include "screens/worker_form.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "screens/common.h"
#include "widgets/basic.h"

int ui_worker_form_add(ui_worker_form *f, ui_widget *col, const char *label, int action, const char *caption)
{
    f->button = ui_widget_add(col, ui_button_new(label, UI_BUTTON_PRIMARY, action));
    snprintf(f->label, sizeof f->label, "%s", label);
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

/* The button reads the wait ("Wait 3 s") and cannot be used while seconds
 * run; its own label and use again when they end (or the line moves on). */
static void button_wait(ui_worker_form *f, ui_app *app, int seconds)
{
    if (!f->button || !f->label[0]) return;
    char text[sizeof f->label];
    if (seconds > 0) snprintf(text, sizeof text, ui_str(STR_UNLOCK_BUTTON_WAIT), seconds);
    else snprintf(text, sizeof text, "%s", f->label);
    if (!f->button->label || strcmp(f->button->label, text) != 0) {
        ui_widget_set_label(f->button, text);
        ui_ctx_relayout(&app->ctx);
    }
    if (seconds > 0) f->button->flags |= UI_WF_DISABLED;
    else if (!ui_session_work_busy(ui_session_of(app))) f->button->flags &= ~(unsigned)UI_WF_DISABLED;
}

static void say(ui_worker_form *f, ui_app *app, ui_message_kind kind, const char *text)
{
    if (f->shown_wait) button_wait(f, app, 0);
    f->shown_wait = 0;
    if (f->message) ui_message_say(f->message, &app->ctx, kind, text);
}

void ui_worker_form_say(ui_worker_form *f, ui_app *app, const char *text) { say(f, app, UI_MESSAGE_INFO, text); }

void ui_worker_form_refuse(ui_worker_form *f, ui_app *app, const char *text) { say(f, app, UI_MESSAGE_ERROR, text); }

void ui_worker_form_failed(ui_worker_form *f, ui_app *app, ui_widget *line, ui_str_id fmt, im_rc rc)
{
    if (!line) line = f->message;
    if (!line) return;
    char msg[256];
    snprintf(msg, sizeof msg, ui_str(fmt), im_rc_message(rc));
    if (line == f->message) say(f, app, UI_MESSAGE_ERROR, msg); /* the line says something else now */
    else ui_message_say(line, &app->ctx, UI_MESSAGE_ERROR, msg);
}

/* The line: the wrong words, a space, the wait (either may be empty), as
 * an error: it refuses a try.  The button reads the wait too. */
static void show_wait(ui_worker_form *f, ui_app *app, int seconds)
{
    char msg[512], wait[128] = "";
    if (seconds == 1) snprintf(wait, sizeof wait, "%s", ui_str(STR_UNLOCK_WAIT_ONE));
    else if (seconds > 1) snprintf(wait, sizeof wait, ui_str(STR_UNLOCK_WAIT), seconds);
    const char *wrong = f->wrong ? ui_str(f->wrong) : "";
    snprintf(msg, sizeof msg, "%s%s%s", wrong, wrong[0] && wait[0] ? " " : "", wait);
    ui_message_say(f->message, &app->ctx, UI_MESSAGE_ERROR, msg);
    button_wait(f, app, seconds);
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
