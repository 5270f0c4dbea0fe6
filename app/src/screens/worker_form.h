/*
 * worker_form.h -- a form whose work runs on the session's worker (a key
 * derivation, a rekey, a backup): the one way every such screen goes
 *   idle? -> start -> button disabled, dots shown -> done -> message.
 *
 * The form is three widgets the screen owns (any may be NULL): the button
 * that starts the work (disabled while it runs), the dots (ui_busy_new)
 * and the line the form speaks on (emptied when work starts).  The
 * screen's class forwards two hooks: work_done to ui_worker_form_done and
 * tick to ui_worker_form_tick (a re-seal's count on the dots).
 *
 * Invariant: the dots show and the button is disabled exactly while work
 * this form started runs, until the screen has taken its end.
 */
#ifndef UI_WORKER_FORM_H
#define UI_WORKER_FORM_H

#include "app/app.h"
#include "app/session.h"
#include "app/strings.h"

typedef struct ui_worker_form {
    ui_widget *button, *busy, *message;
} ui_worker_form;

/* Adds the button (label, action) and the dots (caption) to col; 0 when
 * both were made. */
int ui_worker_form_add(ui_worker_form *f, ui_widget *col, const char *label, int action, const char *caption);

/* Starts kind on the worker with a copy of secret (ui_session_work_start),
 * or fn(ctx) as a job (ui_session_job_start).  -1, and nothing shown, when
 * work already runs or the worker cannot start; else 0 and the form shows
 * it. */
int ui_worker_form_start(ui_worker_form *f, ui_app *app, ui_work_kind kind, const char *secret);
int ui_worker_form_start_job(ui_worker_form *f, ui_app *app, ui_job_fn fn, void *ctx);
/* Work this form asked for was started another way (a new recovery code):
 * the form shows it. */
void ui_worker_form_started(ui_worker_form *f, ui_app *app);

/* The class's work_done: when the work that finished is want, takes its
 * end (ui_session_work_finish), hides the dots, enables the button and
 * returns 1 with its rc in *rc; else 0. */
int ui_worker_form_done(ui_worker_form *f, ui_app *app, ui_work_kind want, im_rc *rc);

/* The line says fmt (one %s) with rc's plain message; line NULL: the
 * form's own. */
void ui_worker_form_failed(ui_worker_form *f, ui_app *app, ui_widget *line, ui_str_id fmt, im_rc rc);

/* The class's tick: while records are re-sealed the dots count them. */
void ui_worker_form_tick(ui_worker_form *f, ui_app *app);

#endif
