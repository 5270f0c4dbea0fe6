/*
 * player_journal.h -- "Write about this": from an exercise or a path step
 * to a new journal entry linked back to it.
 *
 * The journal's screens belong to the journal area (journal-ui):
 * journal_new_entry_screen(app, item_id, prompt) in
 * screens/journal_screens.h builds the editor.  This file is the one
 * place the player reaches it.  Saving or leaving the editor comes back
 * to the screen that opened it.
 */
#ifndef UI_PLAYER_JOURNAL_H
#define UI_PLAYER_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* Opens a new journal entry answering prompt (NULL: a blank page) and
 * linked to item_id (an exercise or item id). */
void ui_player_journal_open(ui_app *app, const char *item_id, const char *prompt);

/* Opens a new journal entry written after one saved solo run of exercise
 * item_id (a run read back): it links to the exercise, and in link_ref to
 * the run's record, as "run:<run_id>" (ui_player_journal_run_ref). */
void ui_player_journal_open_run(ui_app *app, const char *item_id, int64_t run_id);

/* The link_ref naming run_id, into buf (cap bytes, at least 32). */
void ui_player_journal_run_ref(int64_t run_id, char *buf, size_t cap);

/* The run an entry's link_ref names: 1 with *run_id for "run:<id>" (id a
 * positive decimal number, nothing after it), else 0 (NULL, other links). */
int ui_player_journal_run_of(const char *link_ref, int64_t *run_id);

/* Opens the read view of saved run run_id (its answers, as the exercise
 * reads them back): how an entry written after a run leads back to it. */
void ui_player_journal_show_run(ui_app *app, int64_t run_id);

#endif
