/*
 * journal_index.h -- the in-memory index of a journal's entries.
 *
 * One node per entry holds what lists and search need: times, day, mood,
 * and the entry's doc in the index's dictionary (journal_words.h), whose
 * posting lists search reads.  Its title and preview are kept only in the
 * first keep_text nodes (the journal's head shows those, and stores them);
 * the rest are read from the entry's record when a page shows them
 * (journal_build.c, im_journal_page_text): 160 bytes of preview and a
 * title an entry were 18 of 58 MB at 100,000 entries.  Nodes are kept
 * in list order (created newest first, then id newest first), so a page is
 * a slice.  Everything here is user plaintext in memory only:
 * im_jindex_clear wipes every byte, the dictionary's too.
 *
 * A node's doc means something only in the dictionary of the index it was
 * made for (im_jnode_from_view's x): insert it there and nowhere else.
 * A node made without a dictionary has doc1 0: it is listed but not yet
 * searchable (the journal reads the words in later, journal_build.c).
 */
#ifndef INNERMOST_JOURNAL_INDEX_H
#define INNERMOST_JOURNAL_INDEX_H

#include "journal_entry.h"
#include "journal_words.h"

typedef struct im_jnode {
    int64_t id, created_ms, edited_ms;
    int32_t day, tz_offset_min;
    unsigned char uid[IM_ENTRY_UID_BYTES];
    char *title;   /* NULL if none, or if preview is NULL          */
    char *preview; /* NULL: title and preview not kept (read them
                           from the record, im_journal_page_text)        */
    uint32_t doc1; /* its doc in the index's dictionary + 1; 0: its
                           words are not read yet                        */
    int8_t mood;
    uint8_t has_link;
    /* 72 bytes: a block of 80 from malloc, 100,000 of them 8 MB.  The
     * title and preview, when kept, follow in the same block. */
} im_jnode;

typedef struct im_jindex {
    im_jnode **v;
    size_t n, cap;
    uint64_t gen;     /* bumped by every change, so caches can tell */
    int unsorted;     /* 1 after an append until im_jindex_sort        */
    size_t keep_text; /* insert and replace drop the title and preview
                             of a node at or past this position (0: keep
                             all); kept across im_jindex_clear            */
    im_jwords words;  /* every word of every node made for this index */
} im_jindex;

/* A node for entry id built from an entry's view / decoded record, its
 * words added to x's dictionary (they stay there even if the node is never
 * inserted: journal_words.h invariant 5); NULL when out of memory.  With x
 * NULL (im_jnode_from_view only) the node has no words. */
im_jnode *im_jnode_from_view(im_jindex *x, int64_t id, const im_entry_view *v);
/* The same without title and preview (preview NULL): what the build keeps
 * for the entries it reads. */
im_jnode *im_jnode_bare(im_jindex *x, int64_t id, const im_entry_view *v);
im_jnode *im_jnode_new(im_jindex *x, int64_t id, const im_entry_rec *rec);
void im_jnode_free(im_jnode *node);
/* Bytes of node's block: the node and the text it keeps. */
size_t im_jnode_bytes(const im_jnode *node);

/* Add node in list order.  IM_ERR_NOMEM leaves the index as it was.  The
 * node may be replaced by a copy without text (keep_text): do not use it
 * after. */
im_rc im_jindex_insert(im_jindex *x, im_jnode *node);

/* Append without ordering (bulk load); call im_jindex_sort after. */
im_rc im_jindex_append(im_jindex *x, im_jnode *node);
void im_jindex_sort(im_jindex *x);
/* Sort an array of nodes into list order. */
void im_jindex_sort_nodes(im_jnode **nodes, size_t n);

/* Position of entry id (or of uid), or -1. */
long im_jindex_find(const im_jindex *x, int64_t id);
long im_jindex_find_uid(const im_jindex *x, const unsigned char *uid);

/* Put node in place of the one at pos (same list position: created time
 * and id unchanged) and free the old one (node, as for insert, may be
 * replaced by a copy without text). */
void im_jindex_replace(im_jindex *x, size_t pos, im_jnode *node);

/* Take the node at pos out of the index (the caller frees it). */
im_jnode *im_jindex_remove(im_jindex *x, size_t pos);

/* Wipe and free every node, the array and the dictionary. */
void im_jindex_clear(im_jindex *x);

/* Copy nodes[offset .. offset+limit) into a page whose total is `total`.
 * An item whose node keeps no text has preview (and title) NULL: the
 * journal fills them from the record (im_journal_page_text). */
im_rc im_jindex_page(im_jnode *const *nodes, size_t total, size_t offset,
                     size_t limit, im_entry_page *out);

/* Nodes matching every word of the (valid UTF-8) query, in list order, into
 * a malloc'd array (*hits, may be NULL when *n is 0).  Nodes whose words
 * are not read yet are not tested; *unread says how many there were. */
im_rc im_jindex_search(const im_jindex *x, const char *query, im_jnode ***hits,
                       size_t *n, size_t *unread);

#endif
