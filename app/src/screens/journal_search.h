/*
 * journal_search.h -- searching the journal as one types: a field, how many
 * entries were found, and the results (newest first) in a virtual list.
 * Core searches the decrypted index in memory; nothing is written.
 */
#ifndef UI_JOURNAL_SEARCH_H
#define UI_JOURNAL_SEARCH_H

#include "app/app.h"

ui_screen *journal_search_screen(ui_app *app);

#endif
