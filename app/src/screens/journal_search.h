/*
 * journal_search.h -- searching the journal as one types: a field, how many
 * entries were found, and the results (newest first) in a virtual list.
 * Core searches the decrypted index in memory; nothing is written.
 */
#ifndef UI_JOURNAL_SEARCH_H
#define UI_JOURNAL_SEARCH_H

#include "app/app.h"
#include "screens/journal_entry.h"

/* parent (may be NULL) hears of saves and deletes made from the results,
 * so the list below can refresh and offer Undo when the person returns. */
ui_screen *journal_search_screen(ui_app *app, const journal_listener *parent);

#endif
