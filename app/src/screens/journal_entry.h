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

/* The editor's arguments: entry_id (0: a new entry, then item_id / prompt
 * as in journal_new_entry_screen, and link_ref what inside item_id it
 * answers, e.g. "run:<id>", or NULL); listener may be NULL. */
typedef struct journal_entry_args {
    int64_t entry_id;
    const char *item_id, *prompt;
    const journal_listener *listener;
    const char *link_ref;
} journal_entry_args;
extern const ui_screen_class ui_journal_entry_class;

#endif
