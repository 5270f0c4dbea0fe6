/*
 * journal_screens.h -- the Journal and Progress screens, as other screens
 * reach them.
 *
 *   ui_journal_list_class       entries by day (newest first), search, new
 *                            entry, the undo bar after a delete.  A top-level
 *                            area (Home's "Journal").
 *   journal_new_entry_screen the editor for a new entry: blank, from a
 *                            prompt, or from an exercise (item_id links it
 *                            back; the editor shows "From: <title>").
 *   ui_progress_class           the drawn charts (Home's "Progress").
 *
 * All of them use the session's journal and vault (app/session.h) and are
 * only built while the session is unlocked.  Text being written is saved as
 * a draft every IM_JOURNAL_DRAFT_INTERVAL_MS while typing and whenever the
 * session saves its screens (lock, background, the app's end); the editor
 * brings the draft back when it opens again.
 */
#ifndef UI_JOURNAL_SCREENS_H
#define UI_JOURNAL_SCREENS_H

#include "app/app.h"

/* The Journal area (entries by day); no arguments. */
extern const ui_screen_class ui_journal_list_class;

/* A new entry.  item_id: the content item (exercise) that prompted it, or
 * NULL; prompt: the question it answers (shown above the editor), or NULL
 * for a blank page.  Push it with ui_nav_push; Back or Save stores it and
 * returns.  If an unfinished new entry was left (a draft, e.g. after the
 * app was killed) it comes back instead, unless it answered another prompt
 * or exercise: then it is saved as an entry first, so nothing is lost. */
ui_screen *journal_new_entry_screen(ui_app *app, const char *item_id, const char *prompt);
/* The editor for a new entry about one thing inside item_id (link_ref, as
 * im_entry_fields has it; a run read back gives "run:<id>"), kept with the
 * entry and its draft. */
ui_screen *journal_new_run_entry_screen(ui_app *app, const char *item_id, const char *link_ref);

/* The Progress area (charts); no arguments. */
extern const ui_screen_class ui_progress_class;

#endif
