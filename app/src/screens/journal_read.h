/*
 * journal_read.h -- one journal entry to read: when it was written, its
 * mood, the exercise or prompt it answers, its title and words, and Edit.
 * The journal list and search open entries here; Edit opens the editor
 * (journal_entry.h) over it.
 */
#ifndef UI_JOURNAL_READ_H
#define UI_JOURNAL_READ_H

#include <stdint.h>

#include "screens/journal_entry.h"

/* entry_id: the entry to show; query: the search it was found by (its
 * matches are highlighted), or NULL; listener (may be NULL) hears of what
 * the editor opened from here saved or deleted.  Back returns to the
 * screen below; an entry deleted in the editor closes this view too. */
typedef struct journal_read_args {
    int64_t entry_id;
    const char *query;
    const journal_listener *listener;
} journal_read_args;
extern const ui_screen_class ui_journal_read_class;

#endif
