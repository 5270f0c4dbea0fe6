/*
 * journal_entry.h -- the entry editor, as the journal's own screens open it.
 * (Other areas use journal_new_entry_screen in journal_screens.h.)
 */
#ifndef UI_JOURNAL_ENTRY_H
#define UI_JOURNAL_ENTRY_H

#include <stdint.h>

#include "app/app.h"

/* Told what the editor did, so the screen below can refresh (the editor
 * lives on top of it, so ctx outlives the editor). */
typedef struct journal_listener {
    void (*saved)(ui_app *app, void *ctx, int64_t entry_id);
    void (*deleted)(ui_app *app, void *ctx, int64_t trash_id);
    void *ctx;
} journal_listener;

/* The editor for entry_id (0: a new entry, then item_id / prompt as in
 * journal_new_entry_screen).  l may be NULL. */
ui_screen *journal_entry_screen(ui_app *app, int64_t entry_id, const char *item_id, const char *prompt,
                                const journal_listener *l);

#endif
