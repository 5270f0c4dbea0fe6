/*
 * journal_search.h -- searching the journal as one types: a field, how many
 * entries were found, and the results (newest first) in a virtual list.
 * Core searches the decrypted index in memory; nothing is written.
 */
#ifndef UI_JOURNAL_SEARCH_H
#define UI_JOURNAL_SEARCH_H

#include "app/app.h"
#include "screens/journal_entry.h"

/* Arguments: the parent's journal_listener (NULL: none), which hears of
 * saves and deletes made from the results, so the list below can refresh
 * and offer Undo when the person returns. */
extern const ui_screen_class ui_journal_search_class;

#endif
