/*
 * journal_internal.h -- the journal handle shared by journal*.c.
 *
 * journal.c: lifecycle, entries, lists and search.  journal_trash.c: delete,
 * undo and purge.  journal_draft.c: drafts.  journal_head.c: the sealed
 * head (count, days, first page) that lets a journal open without reading
 * every entry.  journal_build.c: reading every entry in later, in slices.
 * They share the handle below and a few helpers; nothing here is public.
 *
 * States of a handle (each implies the ones before it):
 *   loaded    the vault is unlocked, the head and the drafts are read;
 *             lists within the head, counts and days answer from the head
 *   ordered   every entry is in the index in list order (its words may
 *             not be read yet); days are counted in `days`; writes need this
 *   complete  every node has its words: search answers are whole
 * im_journal_wipe goes back to nothing (lock, close, a rolled-back write).
 */
#ifndef INNERMOST_JOURNAL_INTERNAL_H
#define INNERMOST_JOURNAL_INTERNAL_H

#include "journal_index.h"

/* Entries listed in the head: at least a screen's first page (the list
 * asks for pages of this many). */
#define IM_JHEAD_ENTRIES 24
#define IM_JHEAD_NO_DAY  INT32_MIN

typedef struct im_jbucket {
    int64_t bucket, record_id;
} im_jbucket;

typedef struct im_jday {
    int32_t day;
    uint32_t count;
} im_jday;

/* A summary record of the head (journal_head.c, "Slots"): its record,
 * the entry it summarises, and the summary as stored (the T_ENTRY field:
 * plaintext, wiped when freed). */
typedef struct im_jhslot {
    int64_t record_id, entry_id;
    unsigned char *enc;
    size_t len;
} im_jhslot;

/* The head as read at load: what the journal shows before it is ordered. */
typedef struct im_jhead {
    int valid;         /* read and well formed                       */
    int64_t record_id; /* 0: none stored yet                         */
    size_t total;      /* live entries                               */
    size_t records;    /* journal records, damaged ones included     */
    im_jday *days;     /* newest first                               */
    size_t ndays, cap_days;
    im_jnode **v; /* the first entries in list order, no words  */
    size_t n;
    im_jbucket *buckets; /* the day buckets' records (kept once ordered,
                              to rewrite them)                           */
    size_t nbuckets;
    int has_top_bucket; /* the stored top holds bucket top_bucket     */
    int64_t top_bucket;
    im_jhslot *slots; /* the summary records as stored (kept once
                              ordered, to rewrite only what changed)      */
    size_t nslots, cap_slots;
    unsigned char *top_enc; /* the top as last stored or read (no text:
                               counts, days, slot ids); NULL: unknown    */
    size_t top_len;
} im_jhead;

typedef struct im_jdraft {
    unsigned char target[IM_ENTRY_UID_BYTES]; /* all zero: a new entry */
    int64_t record_id;
    int64_t created_ms; /* first save of the draft */
    int64_t saved_ms;   /* last save this session */
} im_jdraft;

struct im_journal {
    im_vault *v;
    int listening; /* registered as v's lock listener        */
    int loaded, ordered, complete;
    int background; /* a caller steps the build: searches may
                                    answer before it is complete          */
    size_t damaged;
    im_jindex index;
    im_jhead head;
    im_jday *days; /* per-day counts of the index (ordered) */
    size_t ndays, cap_days;
    /* The build: a batch of journal record ids not read yet (taken from
     * the end, so the newest first), the id the walk goes on below (0:
     * not started), listed once the walk has passed the oldest; trash
     * met on the way that is past its window (purged when the order is
     * finished); and where the words pass has got to. */
    int64_t *unread;
    size_t nunread;
    int64_t list_below;
    int listed;
    int64_t *expired;
    size_t nexpired, cap_expired;
    size_t words_at;
    uint64_t words_gen;
    im_jdraft *drafts;
    size_t ndrafts, cap_drafts;
    /* The last search, reused while the index is unchanged (paging). */
    char *search_query;
    im_jnode **search_hits;
    size_t search_n;
    uint64_t search_gen;
};

/* IM_ERR_LOCKED (after wiping the index) when the vault is locked; reads
 * the head and the drafts if they are not read; IM_OK when loaded. */
im_rc im_journal_ready(im_journal *j);

/* Ready and ordered (reads every entry not read yet, without words). */
im_rc im_journal_need_order(im_journal *j);

/* Ordered and complete (reads every word not read yet). */
im_rc im_journal_need_words(im_journal *j);

/* End the transaction the caller began for a write that changed the index
 * (and the count of local day `day`, or IM_JHEAD_NO_DAY): given rc IM_OK,
 * store the head and commit; otherwise, or if that fails, roll back and
 * wipe the index (it holds the change).  Returns the result. */
im_rc im_journal_head_commit(im_journal *j, im_rc rc, int32_t day);

/* ---- The head (journal_head.c) ---- */

/* Read the stored head into j->head (valid or not: a missing or stale head
 * is not an error, the journal then orders itself on first need). */
im_rc im_jhead_load(im_journal *j);
void im_jhead_clear(im_jhead *h);
/* Forget what the head says (the index answers), keeping its record ids. */
void im_jhead_drop_entries(im_jhead *h);

/* Write the top of the head from the ordered index, and the bucket of day
 * unless it is IM_JHEAD_NO_DAY (inside the caller's transaction, beside the
 * write that changed them); or all of it. */
im_rc im_jhead_store(im_journal *j, int32_t day);
im_rc im_jhead_store_all(im_journal *j);

/* 1 if the stored head differs from what the ordered index would store. */
int im_jhead_stale(const im_journal *j);

/* Count the index's days into j->days (ordered), and keep them as entries
 * come and go (delta +1 / -1).  IM_ERR_NOMEM leaves j->days as it was. */
im_rc im_jdays_count(im_journal *j);
im_rc im_jdays_add(im_journal *j, int32_t day, int delta);

/* ---- The build (journal_build.c) ---- */

/* Read up to about budget bytes of entries into the index (the newest
 * first), then their words; *done 1 once complete. */
im_rc im_jbuild_step(im_journal *j, size_t budget, int *done);
void im_jbuild_clear(im_journal *j);

/* Fill the title and preview of p's items whose node keeps none (preview
 * NULL) from their records; on failure p is freed and emptied. */
im_rc im_journal_page_text(im_journal *j, im_entry_page *p);
/* Give the index's first IM_JHEAD_ENTRIES nodes their text (what the
 * head stores and compares), reading the records of those that lack it. */
im_rc im_journal_top_text(im_journal *j);
/* A list page past the head before the order is finished, from the nodes
 * read so far when they settle it (reading more, about as many as it
 * lacks, until they do): *answered 1 and out filled; 0 when the journal
 * cannot answer early (the caller orders it all, as before). */
im_rc im_journal_list_early(im_journal *j, size_t offset, size_t limit,
                            im_entry_page *out, int *answered);

int64_t im_journal_now(const im_journal *j);

/* Encode rec and write it as a record of kind (*id 0: new). */
im_rc im_journal_put_rec(im_journal *j, uint32_t kind, int64_t *id,
                         const im_entry_rec *rec);

/* Read and decode a record of kind. */
im_rc im_journal_get_rec(im_journal *j, uint32_t kind, int64_t id,
                         im_entry_rec *rec);

/* Load / forget the drafts table (journal_draft.c). */
im_rc im_journal_drafts_load(im_journal *j);
void im_journal_drafts_clear(im_journal *j);

/* Delete drafts whose target entry is neither live nor in the trash. */
im_rc im_journal_drafts_drop_orphans(im_journal *j);

/* Purge trash past its window without touching drafts (journal_trash.c). */
im_rc im_journal_trash_expire(im_journal *j, size_t *purged);

/* 1 if record id opens as trash past its window (0: live trash, not trash,
 * gone or damaged); adds what reading it cost to *cost. */
int im_journal_trash_is_expired(im_journal *j, int64_t id, size_t *cost);

/* Delete the n trash records ids in one transaction (without touching
 * drafts); one already gone counts as deleted. */
im_rc im_journal_trash_delete(im_journal *j, const int64_t *ids, size_t n);

/* Uids of every trashed entry, in or past its window (IM_ENTRY_UID_BYTES
 * each, malloc'd). */
im_rc im_journal_trash_uids(im_journal *j, unsigned char **uids, size_t *n);

#endif
