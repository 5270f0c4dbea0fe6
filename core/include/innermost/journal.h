/*
 * journal.h -- the person's journal: entries, trash with undo, drafts, search.
 *
 * An entry is one IM_KIND_JOURNAL record in the vault.  Everything about it
 * -- title, body, mood, the exercise that prompted it, the prompt it
 * answered, its created and edited times -- lives inside the ciphertext.
 *
 * im_journal_open reads the journal's sealed head: one record with the
 * number of entries, the days that have entries and the summaries of the
 * newest ones, so the first page shows after a few AEAD opens whatever the
 * journal's size.  Every entry is then read once into an in-memory index
 * (titles, short previews, the words search tests): in slices, when the
 * caller steps it (im_journal_index_step, from the app's loop, never
 * blocking a frame), or all at once by the first call that needs it (a page
 * past the head, a write; a search, unless the caller steps the index).
 * Lists, counts, days and search are answered from memory, and every write
 * updates the index and the head in one transaction.  There is no plaintext
 * index on disk.  The journal registers itself as a lock listener of its
 * vault (vault.h), so im_vault_lock wipes the index, the head and whatever
 * the build had read at once; im_journal_close and im_journal_wipe wipe them
 * too.  A journal call made while the vault is locked returns
 * IM_ERR_LOCKED; the first call after a new unlock reads the head again.
 *
 * Deleting moves an entry to the trash (IM_KIND_TRASH) in one transaction;
 * it can be restored for IM_JOURNAL_UNDO_WINDOW_MS and is then deleted for
 * good (the vault runs with secure_delete).  Expired trash is purged on open
 * and whenever the trash is listed or purged explicitly.
 *
 * Drafts (IM_KIND_DRAFT) hold what is being written: one per target (a new
 * entry, or one existing entry being edited).  The app saves at least every
 * IM_JOURNAL_DRAFT_INTERVAL_MS and on request; each save is one atomic
 * vault write, so after a kill the last saved draft comes back.
 *
 * Invariants:
 *   1. Text that is not valid UTF-8 is refused with IM_ERR_INVALID; text over
 *      a limit is refused with IM_ERR_TOO_LARGE.  A refused call changes
 *      nothing: the stored entry or draft stays as it was.
 *   2. The index always equals the records: a write updates the index only
 *      after the vault write succeeded.
 *   3. No user text is logged or written anywhere but into vault records.
 *
 * A caller that wraps journal writes in its own im_vault_begin and then
 * rolls back must call im_journal_wipe, since the index already holds
 * those writes (the journal's own transactions handle this themselves).
 */
#ifndef INNERMOST_JOURNAL_H
#define INNERMOST_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/error.h"
#include "innermost/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Limits (bytes of UTF-8, without the NUL) --------------------------- */

#define IM_JOURNAL_BODY_MAX_BYTES   (4u * 1024u * 1024u) /* 4 MiB           */
#define IM_JOURNAL_TITLE_MAX_BYTES  1024u
#define IM_JOURNAL_PROMPT_MAX_BYTES (16u * 1024u)
#define IM_JOURNAL_REF_MAX_BYTES    256u  /* link item id and link ref    */
#define IM_JOURNAL_PREVIEW_BYTES    160u  /* of the body, in summaries     */
#define IM_JOURNAL_PAGE_MAX         1000u /* largest page a list returns   */

#define IM_JOURNAL_UNDO_WINDOW_MS    (7LL * 24 * 60 * 60 * 1000) /* 7 days */
#define IM_JOURNAL_DRAFT_INTERVAL_MS 3000 /* save a draft at least this often */

/* ---- Mood --------------------------------------------------------------- */

/* Five gentle steps; 0 means no mood was given. */
enum {
    IM_MOOD_NONE = 0,
    IM_MOOD_VERY_LOW = 1,
    IM_MOOD_LOW = 2,
    IM_MOOD_OKAY = 3,
    IM_MOOD_GOOD = 4,
    IM_MOOD_VERY_GOOD = 5
};

/* The words shown for a mood: "Very low", "Low", "Okay", "Good", "Very
 * good"; "" for IM_MOOD_NONE and anything out of range.  Never NULL. */
const char *im_mood_word(int mood);

/* ---- Entries ------------------------------------------------------------ */

/* What the app hands in when creating, editing or saving a draft.  All
 * strings are NUL-terminated UTF-8; NULL and "" both mean "none". */
typedef struct im_entry_fields {
    const char *title;
    const char *body;      /* may be empty; up to IM_JOURNAL_BODY_MAX_BYTES */
    int mood;              /* IM_MOOD_NONE or 1..5                          */
    const char *link_item; /* content item id of the exercise that prompted it */
    const char *link_ref;  /* optional step or answer inside that item      */
    const char *prompt;    /* the prompt text it answered                   */
} im_entry_fields;

/* A whole entry as read back.  Strings are NULL when absent.  Free with
 * im_entry_free, which wipes the text. */
typedef struct im_entry {
    int64_t id;
    int64_t created_ms, edited_ms;
    int32_t tz_offset_min; /* local offset when it was created */
    int32_t day;           /* local day of created_ms (clock.h) */
    int mood;
    char *title, *body, *link_item, *link_ref, *prompt;
} im_entry;

void im_entry_free(im_entry *e);

/* One line of a list: enough to draw it without decrypting the entry. */
typedef struct im_entry_summary {
    int64_t id;
    int64_t created_ms, edited_ms;
    int32_t day;
    int mood;
    int has_link;
    char *title;   /* NULL if none                                  */
    char *preview; /* start of the body, at most
                               IM_JOURNAL_PREVIEW_BYTES, cut between
                               characters; "" if the body is empty           */
} im_entry_summary;

/* A page of summaries, newest first.  total is the number of entries the
 * whole list (or search, or day) has, so the app can size its scrollbar.
 * Free with im_entry_page_free, which wipes the text. */
typedef struct im_entry_page {
    im_entry_summary *items;
    size_t n;
    size_t total;
    int partial; /* search only: 1 while older entries are still being
                      read into the index, so more may match (total then
                      counts the matches found so far)                    */
} im_entry_page;

void im_entry_page_free(im_entry_page *p);

typedef struct im_journal im_journal;

/* Open the journal of an unlocked vault: read its head and drafts (a few
 * records).  The vault must outlive the journal.  Entries that fail to
 * authenticate are skipped and counted when they are read (see
 * im_journal_damaged_count), never fatal.  Expired trash is purged when
 * the entries are read. */
IM_MUST_CHECK
im_rc im_journal_open(im_vault *v, im_journal **out);

/* Read entries into the index for about budget bytes of entries (each
 * entry also counts a few hundred bytes for its read), the newest first,
 * then their words; *done (may be NULL) is 1 once the index is complete.
 * IM_JOURNAL_STEP_BYTES is a few milliseconds of work on a phone-class
 * core.  The first step also tells the journal that its caller steps it:
 * from then on im_journal_search answers from what is read so far, with
 * partial set, instead of reading everything first. */
#define IM_JOURNAL_STEP_BYTES (32u * 1024u)
IM_MUST_CHECK
im_rc im_journal_index_step(im_journal *j, size_t budget, int *done);

/* 1 while the vault is unlocked and the index is not complete, or its
 * word lists not yet compacted (a step would do something: the steps after
 * *done is 1 copy the lists tight, search already exact). */
int im_journal_index_pending(const im_journal *j);

/* Wipe the index and free the journal.  NULL is fine. */
void im_journal_close(im_journal *j);

/* Wipe the in-memory index now (locking the vault does this by itself).
 * The journal stays usable: the next call after unlock reloads. */
void im_journal_wipe(im_journal *j);

/* How many entries failed to authenticate at the last load (counted as the
 * entries are read). */
size_t im_journal_damaged_count(const im_journal *j);

/* Create an entry with created = edited = now (the vault's clock).  Sets
 * *id. */
IM_MUST_CHECK
im_rc im_journal_create(im_journal *j, const im_entry_fields *f, int64_t *id);

/* Replace the fields of entry id and set edited = now (created stays). */
IM_MUST_CHECK
im_rc im_journal_update(im_journal *j, int64_t id, const im_entry_fields *f);

IM_MUST_CHECK
im_rc im_journal_get(im_journal *j, int64_t id, im_entry *out);

/* Move entry id to the trash; *trash_id (may be NULL) names it there.  A
 * draft of edits to it is kept, hidden, and comes back with the entry if it
 * is restored; it is deleted when the trashed entry is gone for good. */
IM_MUST_CHECK
im_rc im_journal_delete(im_journal *j, int64_t id, int64_t *trash_id);

size_t im_journal_count(im_journal *j);

/* Entries newest first (by created time, then id), offset/limit paging;
 * limit is capped at IM_JOURNAL_PAGE_MAX. */
IM_MUST_CHECK
im_rc im_journal_list(im_journal *j, size_t offset, size_t limit,
                      im_entry_page *out);

/* Every entry created on local day `day` (im_day_from_ms), newest first. */
IM_MUST_CHECK
im_rc im_journal_list_day(im_journal *j, int32_t day, im_entry_page *out);

/* Days that have entries, newest first, with how many each has.  Free both
 * arrays with free(). */
IM_MUST_CHECK
im_rc im_journal_days(im_journal *j, int32_t **days, size_t **counts,
                      size_t *n);

/* Entries whose title or body contains every word of query (words split at
 * ASCII spaces and punctuation; matched after NFKC normalisation and full
 * case folding, in every script; text written without spaces, such as
 * Chinese or Thai, is found by any run of its characters), newest first,
 * paged like im_journal_list.  A query with no words matches nothing.
 * Reads every entry first, unless the caller steps the index: then it
 * answers from the entries read so far and sets out->partial until the
 * index is complete (never a wrong "no results": a partial empty page
 * means "none yet"). */
IM_MUST_CHECK
im_rc im_journal_search(im_journal *j, const char *query, size_t offset,
                        size_t limit, im_entry_page *out);

/* Where query's words are in text[0..len) (valid UTF-8), for drawing the
 * matches of a search: each word is found as im_journal_search finds it
 * (the same cutting into words, the same folding, inside one word of the
 * text), every occurrence of every word.  The spans are byte ranges
 * [start, end) of text as written, on character boundaries, covering all
 * of the text that folds to the match (an "ß" for "ss", a letter and its
 * combining accent), sorted and merged where they touch or overlap.
 * Writes the first min(count, max) to spans (which may be NULL when max is
 * 0) and returns count, so a caller can ask again with room for all;
 * (size_t)-1 on no memory or invalid UTF-8.  Pure: no journal, no lock. */
typedef struct im_text_span {
    size_t start, end;
} im_text_span;
size_t im_journal_match_spans(const char *text, size_t len, const char *query,
                              im_text_span *spans, size_t max);

/* ---- Trash -------------------------------------------------------------- */

/* Deleted entries still within their undo window, most recently deleted
 * first.  The summaries' ids are trash ids; edited_ms is the deletion time. */
IM_MUST_CHECK
im_rc im_journal_trash_list(im_journal *j, im_entry_page *out);

/* Bring a trashed entry back (with its created time, so it returns to its
 * place in the list).  Sets *id (may be NULL) to its new entry id.
 * IM_ERR_NOT_FOUND if it is gone or its window has passed. */
IM_MUST_CHECK
im_rc im_journal_trash_restore(im_journal *j, int64_t trash_id, int64_t *id);

/* Delete one trashed entry for good, now. */
IM_MUST_CHECK
im_rc im_journal_trash_forget(im_journal *j, int64_t trash_id);

/* Delete for good every trashed entry whose window has passed.  Sets
 * *purged (may be NULL). */
IM_MUST_CHECK
im_rc im_journal_trash_purge(im_journal *j, size_t *purged);

/* ---- Drafts ------------------------------------------------------------- */

/* Save the text being written.  entry_id 0 is the draft of a new entry;
 * otherwise the draft of edits to that entry.  Replaces the previous draft
 * for the same target atomically. */
IM_MUST_CHECK
im_rc im_journal_draft_save(im_journal *j, int64_t entry_id,
                            const im_entry_fields *f);

/* Read the draft for a target back (id is the target entry id, created_ms
 * is when the draft was first saved, edited_ms the last save).
 * IM_ERR_NOT_FOUND if there is none. */
IM_MUST_CHECK
im_rc im_journal_draft_load(im_journal *j, int64_t entry_id, im_entry *out);

/* Drop the draft for a target (IM_OK if there was none). */
IM_MUST_CHECK
im_rc im_journal_draft_discard(im_journal *j, int64_t entry_id);

/* Store fields as the entry *id (0: a new entry; *id is then set to it) and
 * drop that target's draft, if any, in one transaction: the entry is sealed
 * once (with the journal's head when the change shows in it), nothing is
 * read back.  What Save does in the editor. */
IM_MUST_CHECK
im_rc im_journal_save(im_journal *j, int64_t *id, const im_entry_fields *f);

/* Turn the draft for a target into the entry (create or update) and drop
 * the draft, in one transaction.  Sets *id (may be NULL) to the entry. */
IM_MUST_CHECK
im_rc im_journal_draft_commit(im_journal *j, int64_t entry_id, int64_t *id);

/* Targets that have drafts (0 = a new entry), so the app can offer them
 * after a restart.  Free *entry_ids with free(). */
IM_MUST_CHECK
im_rc im_journal_drafts(im_journal *j, int64_t **entry_ids, size_t *n);

/* 1 if a draft save for target is due: none saved yet in this session or
 * the last one is IM_JOURNAL_DRAFT_INTERVAL_MS old. */
int im_journal_draft_due(im_journal *j, int64_t entry_id);

/* The vault the journal lives in (for progress and export). */
im_vault *im_journal_vault(im_journal *j);

#ifdef __cplusplus
}
#endif
#endif
