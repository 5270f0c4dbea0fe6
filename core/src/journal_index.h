/*
 * journal_index.h -- the in-memory index of a journal's entries.
 *
 * One node per entry holds what lists and search need: times, day, mood,
 * title, a short preview, and the set of the entry's words (ids in the
 * index's dictionary, journal_words.h) that search tests.  Nodes are kept
 * in list order (created newest first, then id newest first), so a page is
 * a slice.  Everything here is user plaintext in memory only:
 * im_jindex_clear wipes every byte, the dictionary's too.
 *
 * A node's word ids mean something only in the dictionary of the index it
 * was made for (im_jnode_from_view's x): insert it there and nowhere else.
 * A node made without a dictionary has words NULL: it is listed but not yet
 * searchable (the journal reads the words in later, journal_build.c).
 */
#ifndef INNERMOST_JOURNAL_INDEX_H
#define INNERMOST_JOURNAL_INDEX_H

#include "journal_entry.h"
#include "journal_words.h"

typedef struct im_jnode {
    int64_t id, created_ms, edited_ms;
    int32_t day, tz_offset_min;
    int mood;
    int has_link;
    unsigned char uid[IM_ENTRY_UID_BYTES];
    char *title; /* NULL if none */
    char *preview;
    const unsigned char *words; /* coded id set (im_jwords_add_text);
                                    NULL: not read yet */
    size_t words_len;
    size_t size; /* the node and its text are one allocation */
} im_jnode;

typedef struct im_jindex {
    im_jnode **v;
    size_t n, cap;
    uint64_t gen;    /* bumped by every change, so caches can tell */
    int unsorted;    /* 1 after an append until im_jindex_sort        */
    im_jwords words; /* every word of every node made for this index */
} im_jindex;

/* A node for entry id built from an entry's view / decoded record, its
 * words added to x's dictionary (they stay there even if the node is never
 * inserted: journal_words.h invariant 5); NULL when out of memory.  With x
 * NULL (im_jnode_from_view only) the node has no words. */
im_jnode *im_jnode_from_view(im_jindex *x, int64_t id, const im_entry_view *v);
im_jnode *im_jnode_new(im_jindex *x, int64_t id, const im_entry_rec *rec);
void im_jnode_free(im_jnode *node);

/* Add node in list order.  IM_ERR_NOMEM leaves the index as it was. */
im_rc im_jindex_insert(im_jindex *x, im_jnode *node);

/* Append without ordering (bulk load); call im_jindex_sort after. */
im_rc im_jindex_append(im_jindex *x, im_jnode *node);
void im_jindex_sort(im_jindex *x);

/* Position of entry id (or of uid), or -1. */
long im_jindex_find(const im_jindex *x, int64_t id);
long im_jindex_find_uid(const im_jindex *x, const unsigned char *uid);

/* Put node in place of the one at pos (same list position: created time
 * and id unchanged) and free the old one. */
void im_jindex_replace(im_jindex *x, size_t pos, im_jnode *node);

/* Take the node at pos out of the index (the caller frees it). */
im_jnode *im_jindex_remove(im_jindex *x, size_t pos);

/* Wipe and free every node, the array and the dictionary. */
void im_jindex_clear(im_jindex *x);

/* Copy nodes[offset .. offset+limit) into a page whose total is `total`. */
im_rc im_jindex_page(im_jnode *const *nodes, size_t total, size_t offset,
                     size_t limit, im_entry_page *out);

/* Nodes matching every word of the (valid UTF-8) query, in list order, into
 * a malloc'd array (*hits, may be NULL when *n is 0).  Nodes whose words
 * are not read yet are not tested; *unread says how many there were. */
im_rc im_jindex_search(const im_jindex *x, const char *query, im_jnode ***hits,
                       size_t *n, size_t *unread);

#endif
