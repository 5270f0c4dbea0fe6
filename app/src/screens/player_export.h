/*
 * player_export.h -- solo exercise answers in the readable export.
 *
 * The export (core/export.h) leaves run records to whoever knows their
 * format: this renders one IM_KIND_RUN record as Markdown -- the exercise's
 * title, then each answered question with the answer in words.  Runs with
 * no answer, or whose exercise is no longer in the content, are left out.
 */
#ifndef UI_PLAYER_EXPORT_H
#define UI_PLAYER_EXPORT_H

#include "app/session.h"

/* Sets s->export_run (and its context, the app) so Settings can offer
 * "Exercise answers" in the export. */
void ui_player_export_install(ui_session *s, ui_app *app);

#endif
