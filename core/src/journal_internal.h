/*
 * journal_internal.h -- the journal handle shared by journal*.c.
 *
 * journal.c: lifecycle, entries, lists and search.  journal_trash.c: delete,
 * undo and purge.  journal_draft.c: drafts.  They share the handle below and
 * a few helpers; nothing here is public.
 */
#ifndef INNERMOST_JOURNAL_INTERNAL_H
#define INNERMOST_JOURNAL_INTERNAL_H

#include "journal_index.h"

typedef struct im_jdraft {
    unsigned char target[IM_ENTRY_UID_BYTES]; /* all zero: a new entry */
    int64_t record_id;
    int64_t created_ms;                       /* first save of the draft */
    int64_t saved_ms;                         /* last save this session */
} im_jdraft;

struct im_journal {
    im_vault *v;
    int listening;               /* registered as v's lock listener        */
    int loaded;
    size_t damaged;
    im_jindex index;
    im_jdraft *drafts;
    size_t ndrafts, cap_drafts;
    /* The last search, reused while the index is unchanged (paging). */
    char *search_query;
    im_jnode **search_hits;
    size_t search_n;
    uint64_t search_gen;
};

/* IM_ERR_LOCKED (after wiping the index) when the vault is locked; loads
 * the index if it is not loaded; IM_OK when the journal is ready. */
im_rc im_journal_ready(im_journal *j);

int64_t im_journal_now(const im_journal *j);

/* Encode rec and write it as a record of kind (*id 0: new). */
im_rc im_journal_put_rec(im_journal *j, uint32_t kind, int64_t *id,
                         const im_entry_rec *rec);

/* Read and decode a record of kind. */
im_rc im_journal_get_rec(im_journal *j, uint32_t kind, int64_t id,
                         im_entry_rec *rec);

/* Load / forget the drafts table (journal_draft.c). */
im_rc im_journal_drafts_load(im_journal *j);
void  im_journal_drafts_clear(im_journal *j);

/* Delete drafts whose target entry is neither live nor in the trash. */
im_rc im_journal_drafts_drop_orphans(im_journal *j);

/* Purge trash past its window without touching drafts (journal_trash.c). */
im_rc im_journal_trash_expire(im_journal *j, size_t *purged);

/* Uids of every trashed entry, in or past its window (IM_ENTRY_UID_BYTES
 * each, malloc'd). */
im_rc im_journal_trash_uids(im_journal *j, unsigned char **uids, size_t *n);

#endif
