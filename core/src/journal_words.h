/*
 * journal_words.h -- a journal's dictionary of words, for search.
 *
 * Design.  Search finds the entries whose folded "title\nbody" holds
 * every word of the query as a substring (journal.h, im_journal_search).
 * A query word is a run of word bytes -- [a-z0-9'] after folding, or any
 * byte >= 0x80 -- so it can only occur inside a token of the text: a
 * maximal run of word bytes.  Hence a word is in an entry's text iff it is
 * a substring of one of the entry's tokens, and the text itself need not
 * be kept.  The dictionary stores each distinct folded token once (one
 * arena, an open-addressing hash from token to id), and for each token
 * its posting list: the docs (a number per text added, handed out in
 * order) whose text has it, ascending, as nibble-varint gaps in chained
 * chunks cut from large pages (journal_words.c, "Posting lists").  A
 * query scans the arena once per word; the docs of every token containing
 * the word are set in a bitmap, one bit per doc, and the words' bitmaps
 * are intersected: a doc matches when its bit is left.
 *
 * Postings and not a set per entry (as before): the same pairs, but a
 * query reads only the lists of the tokens it hits, not every entry's set,
 * and a list is mostly small gaps (a common word is in most entries).  At
 * 100,000 entries of generated text (tests/bench/vocab.h): 12.9 million
 * pairs; the sets were 17.0 MB (1.31 bytes a pair), the lists are 15.5 MB
 * of nibbles, 19.0 MB in their chunks while the build runs and 16.0 MB
 * once compacted (1.24 bytes a pair); a search read every set (CPU p50
 * 28 ms) and now reads a few lists (4-6 ms).
 *
 * Invariants:
 *   1. A token is stored once.  Ids are dense, 0 .. count-1, given in order
 *      of first appearance, and neither change nor go away before
 *      im_jwords_clear; docs likewise, 0 .. ndocs-1, one per text added,
 *      so a doc from im_jwords_add_text means that text until then,
 *      whatever was added after it.
 *   2. The arena holds every token followed by a NUL, and NUL is not a word
 *      byte, so a query word found in the arena lies inside exactly one
 *      token: start[id] <= hit < start[id + 1].
 *   3. Word bytes are defined once (journal_words.c, WORD_BYTE; the
 *      eight-at-a-time form there must agree, and tests/journal/
 *      test_search_words.c checks every ASCII byte), and both the tokens
 *      of an entry and the words of a query are cut by it: that is what
 *      makes the match the same as a substring scan of the folded text.
 *      Folding keeps word bytes word bytes and separators separators, so
 *      tokens are cut from the text as written and folded one by one.
 *   4. Everything here is user plaintext (the tokens, and an entry's text
 *      in scratch) or derived from it (offsets, hash slots, word-byte
 *      bitmaps, query marks): every buffer is wiped before it is freed,
 *      also when it grows (never realloc), and im_jwords_clear wipes all of
 *      it.  An entry's text in scratch is wiped as soon as its tokens are
 *      taken.
 *   5. Tokens are never removed one by one: the words of an edited or
 *      deleted entry stay until the next clear (lock, close, reload).  The
 *      dictionary is bounded by the distinct words loaded or saved since
 *      then, never by how often they recur.
 *   6. Folding is NFKC plus full case folding (utf8_text.h, im_utf8_fold),
 *      for every script.  A folded token may hold ASCII punctuation (a
 *      full-width comma folds to ","); query words are cut after folding,
 *      so they never hold any, and a word is still in the folded text iff
 *      it is inside one folded token.  Text without spaces (Chinese,
 *      Japanese, Thai) is one long token, and a query word is matched as a
 *      substring of it: "建立" finds "信任是慢慢建立起来的" with no
 *      segmentation (stronger than character bigrams: any run matches).
 *   7. A token's list holds a doc at most once, ascending (a text posts
 *      each of its distinct tokens once, and docs only grow).  A doc whose
 *      text is replaced (an edit) or gone stays in the lists until the next
 *      clear; nothing names it any more (the index keeps the new doc), so
 *      it matches no node.  Docs stay below IM_JWORDS_DOCS_MAX, so a gap
 *      codes to at most 8 nibbles.
 *   8. Compaction (im_jwords_compact_step) changes how a list is stored,
 *      never what it holds: a query in the middle of it, or a doc posted
 *      then, sees the same lists.
 *
 * Costs: per distinct token its bytes and a NUL, a 4-byte offset, 21-43
 * bytes of hash slots and a 16-byte list head; per (entry, distinct word)
 * pair half a byte to a few (gaps of 8 or less take one nibble, up to 64
 * two, ...), plus chunk headers and the unused end of each list's last
 * chunk until the lists are compacted (then 8 bytes a run; a run per list
 * but where a page ends).  A query costs one bit per doc per word (two bitmaps), one
 * memmem pass over the arena per word and a read of the lists it hits.
 *
 * A zeroed im_jwords is an empty dictionary.  Not thread-safe; neither is
 * the journal that owns it.
 */
#ifndef INNERMOST_JOURNAL_WORDS_H
#define INNERMOST_JOURNAL_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/error.h"

/* Query words after the first this many are ignored (as search always
 * did); each word takes one bit of a mark. */
#define IM_JWORDS_QUERY_MAX 16

/* A hash slot.  Tokens of up to 7 bytes are found from the slot alone
 * (head is the whole token, zero-padded: a token holds no NUL), longer
 * ones are checked against the arena past their first 8 bytes. */
typedef struct im_jslot {
    uint64_t head; /* the token's first 8 bytes, zero-padded         */
    uint32_t id1;  /* its id + 1; 0: an empty slot                   */
    uint32_t seen; /* == the dictionary's serial: already in the set
                          being made (im_jwords_add_text)                */
} im_jslot;

/* A short token as written (with capitals or non-ASCII characters) and
 * the slot of its folded form: folding is the slowest step of taking a
 * token, and the same few such tokens recur ("I", "The", "naïve"). */
typedef struct im_jfold {
    uint64_t raw;  /* the token as written, under 8 bytes; 0: empty  */
    uint32_t slot; /* index into slots of its folded form            */
} im_jfold;

#define IM_JWORDS_FOLD_CACHE 256

/* A token's posting list (journal_words.c, "Posting lists"). */
typedef struct im_jpost {
    uint32_t first;    /* arena offset of its first chunk; 0: empty */
    uint32_t tail;     /* of its last chunk, where the next doc goes */
    uint32_t next_doc; /* the last doc + 1 (0 when empty): gaps are from it */
    uint16_t used;     /* nibbles used in the last chunk */
    uint8_t cls;       /* the last chunk's size class; 0xFF: an exact run */
    uint8_t exact;     /* exact runs the list starts with (compacted)  */
} im_jpost;

/* Bytes of one arena page of posting chunks (uint32 offsets: 16,384 pages). */
#define IM_JWORDS_PAGE (256u * 1024u)
/* Docs a dictionary hands out (a gap then fits 8 nibbles). */
#define IM_JWORDS_DOCS_MAX (1u << 24)

typedef struct im_jwords {
    char *text; /* arena: token, NUL, token, NUL, ...        */
    size_t text_len, text_cap;
    uint32_t *start;  /* count + 1 offsets into text: token id is
                                text[start[id] .. start[id + 1] - 1)      */
    size_t start_cap; /* in bytes, like every _cap here            */
    uint32_t count;
    uint32_t serial;
    im_jslot *slots; /* open addressing, linear probing; a power
                                of two, at most three quarters full       */
    size_t nslots;
    im_jpost *post; /* count of them: post[id] is token id's list */
    size_t post_cap;
    unsigned char **pages; /* the chunks' pages, IM_JWORDS_PAGE each  */
    size_t npages, pages_cap, page_used; /* page_used: of the last one */
    size_t live_pages; /* pages not given back (compaction frees some) */
    uint32_t ndocs;    /* docs handed out                            */
    /* Compaction (journal_words.c): lists before compact_at are copied
     * into exact runs; the pages before old_pages go when all are. */
    int compacting, compacted;
    uint32_t compact_at;
    size_t old_pages, freed_to; /* old pages given back: [0, freed_to) */
    size_t postings;       /* (doc, token) pairs in all lists, for figures */
    unsigned char code[4]; /* im_jwords_add_text's coded doc           */
    /* Scratch of im_jwords_add_text, kept between calls when small. */
    char *fold; /* the entry's text, its word-byte bitmap,
                                room to fold a token (wiped after use)    */
    size_t fold_cap;
    uint32_t *ids; /* the text's distinct token ids (wiped after use) */
    size_t ids_cap;
    im_jfold *fcache;     /* IM_JWORDS_FOLD_CACHE of them; emptied when
                                the slots move                            */
    unsigned char *tfold; /* a token folded (it may grow: im_utf8_fold),
                                wiped after use                           */
    size_t tfold_cap;
    uint64_t *fixed;  /* a bit per token id: set once the token was met
                                as written and folding left it as it was
                                (journal_words.c, take_one)               */
    size_t fixed_cap; /* in bytes                                     */
} im_jwords;

/* Add the tokens of the entry text title "\n" body (valid UTF-8; title may
 * be NULL with title_len 0) to the dictionary, the text as a new doc in
 * the list of each of its distinct tokens; *doc is that doc.  IM_ERR_NOMEM
 * leaves the dictionary consistent (tokens and postings added before the
 * failure stay, invariants 5 and 7; the doc is not handed out) and *doc 0;
 * IM_ERR_TOO_LARGE when the arena would pass 4 GiB or the docs
 * IM_JWORDS_DOCS_MAX. */
im_rc im_jwords_add_doc(im_jwords *d, const char *title, size_t title_len,
                        const char *body, size_t body_len, uint32_t *doc);

/* The same, the doc coded into *set / *set_len (a varint, in a buffer
 * inside d valid until the next call: copy it) for im_jwords_query_matches:
 * the form the search tests have always used. */
im_rc im_jwords_add_text(im_jwords *d, const char *title, size_t title_len,
                         const char *body, size_t body_len,
                         const unsigned char **set, size_t *set_len);

/* Copy the posting lists into exact runs, about budget bytes of work at a
 * time (as a build slice), and give the old pages back when all are
 * copied; *done 1 then (and at once when there is nothing to do, or it was
 * done since the last clear).  IM_ERR_NOMEM leaves every list readable. */
im_rc im_jwords_compact_step(im_jwords *d, size_t budget, int *done);

/* Number of distinct tokens; token id's bytes (not NUL-terminated in the
 * contract, though the arena has one after it) and length. */
uint32_t im_jwords_count(const im_jwords *d);
const char *im_jwords_token(const im_jwords *d, uint32_t id, size_t *len);

/* Bytes held by d (arena, tables, scratch), for figures and tests. */
size_t im_jwords_bytes(const im_jwords *d);

/* Wipe and free everything; d is then an empty dictionary. */
void im_jwords_clear(im_jwords *d);

/* ---- Queries ------------------------------------------------------------ */

typedef struct im_jwords_query {
    uint64_t *hits; /* a bit per doc: set when the doc has every word    */
    size_t nbits;   /* uint64_t words in hits                            */
    uint32_t ndocs; /* docs covered: the dictionary's when made          */
    unsigned words; /* words in the query (at most IM_JWORDS_QUERY_MAX)  */
    int hopeless;   /* some word is in no doc left: nothing can match    */
} im_jwords_query;

/* The next word of folded text f[0..len) at or after *at: its start in
 * *from and its length returned, 0 when no word is left; *at moves past
 * it.  A word is a run of word bytes (invariant 3).  Every search in core
 * cuts its query with this, so they all agree on what a word is. */
size_t im_jwords_next_word(const unsigned char *f, size_t len, size_t *at,
                           size_t *from);

/* Fold query (valid UTF-8, NUL-terminated), cut it into words, and find
 * the docs that have every one (as a substring of one of their tokens).
 * A query without words gives words == 0, which matches nothing.
 * IM_ERR_NOMEM on failure (q is then empty and safe to free). */
im_rc im_jwords_query_make(const im_jwords *d, const char *query,
                           im_jwords_query *q);

/* 1 if doc (from im_jwords_add_text on the same dictionary, since its last
 * clear) has, for every word of q, a token containing it. */
int im_jwords_query_has(const im_jwords_query *q, uint32_t doc);

/* The same for a doc as im_jwords_add_text coded it; 0 for anything else. */
int im_jwords_query_matches(const im_jwords_query *q, const unsigned char *set,
                            size_t set_len);

/* Wipe and free q's bitmap (it tells what was searched for). */
void im_jwords_query_free(im_jwords_query *q);

#endif
