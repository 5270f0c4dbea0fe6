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

#include "app/app.h"

/* Opens a new journal entry answering prompt (NULL: a blank page) and
 * linked to item_id (an exercise or item id). */
void ui_player_journal_open(ui_app *app, const char *item_id, const char *prompt);

#endif
