/*
 * worker_form.h -- a form whose work runs on the session's worker (a key
 * derivation, a rekey, a backup): the one way every such screen goes
 *   idle? -> start -> button disabled, dots shown -> done -> message.
 *
 * The form is three widgets the screen owns (any may be NULL): the button
 * that starts the work (disabled while it runs), the dots (ui_busy_new)
 * and the line the form speaks on (emptied when work starts).  The
 * screen's class forwards three hooks: work_done to ui_worker_form_done,
 * tick to ui_worker_form_tick (a re-seal's count on the dots, the seconds
 * of the wrong-try wait on the line) and deadline to
 * ui_worker_form_deadline (when those seconds next change).
 *
 * Invariants:
 *   1. the dots show and the button is disabled exactly while work this
 *      form started runs, until the screen has taken its end;
 *   2. while the line shows the wrong-try wait (ui_worker_form_say_wrong),
 *      it shows the seconds the session's one counter has left, each tick,
 *      down to the "not right" words alone; the screen asks nothing of the
 *      session to keep it so.  Meanwhile the button (when the form added
 *      it) reads the wait ("Wait 3 s") and is disabled; its own label and
 *      use come back when the wait ends or the line says something else.
 *   3. wrong tries, failures and refusals are said as errors (the error
 *      colour and icon, common.h); ui_worker_form_say is plain information.
 */
#ifndef UI_WORKER_FORM_H
#define UI_WORKER_FORM_H

#include "app/app.h"
#include "app/session.h"
#include "app/strings.h"

typedef struct ui_worker_form {
    ui_widget *button, *busy, *message;
    ui_str_id wrong; /* the "not right" words the wait line begins with (0: none) */
    int shown_wait;  /* the seconds the line shows; 0: it shows no wait */
    char label[96];  /* the button's own label, read again when a wait ends */
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

/* The line says fmt (one %s) with rc's plain message, as an error; line
 * NULL: the form's own. */
void ui_worker_form_failed(ui_worker_form *f, ui_app *app, ui_widget *line, ui_str_id fmt, im_rc rc);

/* The line says text as information (and no longer counts a wait down). */
void ui_worker_form_say(ui_worker_form *f, ui_app *app, const char *text);
/* The same, said as an error: a try refused (an empty field, a code that
 * is not a code). */
void ui_worker_form_refuse(ui_worker_form *f, ui_app *app, const char *text);

/* The line says wrong (0: nothing) and the seconds of the wrong-try wait
 * still running (ui_session_retry_wait_s), and keeps counting them down
 * (invariant 2) until the line says something else. */
void ui_worker_form_say_wrong(ui_worker_form *f, ui_app *app, ui_str_id wrong);

/* The class's tick: while records are re-sealed the dots count them; a
 * wait on the line moves to the seconds left. */
void ui_worker_form_tick(ui_worker_form *f, ui_app *app);

/* The class's deadline: when the seconds on the line next change;
 * INT64_MAX when the line shows no wait. */
int64_t ui_worker_form_deadline(const ui_worker_form *f, ui_app *app);

#endif
