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
 * arena, an open-addressing hash from token to id); an entry keeps only
 * the set of its token ids, sorted and coded as varint gaps (a byte or two
 * an id).  A query scans the arena once per word, marks the ids whose
 * token contains the word, and an entry matches when every word marked one
 * of its ids.
 *
 * Invariants:
 *   1. A token is stored once.  Ids are dense, 0 .. count-1, given in order
 *      of first appearance, and neither change nor go away before
 *      im_jwords_clear; so a set made by im_jwords_add_text stays valid
 *      until then, whatever was added after it.
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
 *
 * Costs: per distinct token its bytes and a NUL, a 4-byte offset and
 * 21-43 bytes of hash slots; per entry about one byte per distinct word
 * (more once the dictionary passes 128 words: gaps grow).  A query costs
 * two bytes per distinct token for its marks, and one memmem pass over the
 * arena per word.
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
    /* Scratch of im_jwords_add_text, kept between calls when small. */
    char *fold; /* the entry's text, its word-byte bitmap,
                                room to fold a token (wiped after use)    */
    size_t fold_cap;
    uint32_t *ids; /* its distinct ids                          */
    size_t ids_cap;
    unsigned char *code; /* the coded set handed back                 */
    size_t code_cap;
    uint64_t *idbits; /* a bit per id, and one per 64 ids: all clear
                                between calls (for sorting; sized by
                                count, not trimmed)                       */
    uint64_t *idsum;
    size_t idbits_cap, idsum_cap;
    im_jfold *fcache;     /* IM_JWORDS_FOLD_CACHE of them; emptied when
                                the slots move                            */
    unsigned char *tfold; /* a token folded (it may grow: im_utf8_fold),
                                wiped after use                           */
    size_t tfold_cap;
} im_jwords;

/* Add the tokens of the entry text title "\n" body (valid UTF-8; title may
 * be NULL with title_len 0) to the dictionary, and code the set of their
 * ids into *set / *set_len: a buffer inside d, valid until the next call on
 * d (copy it).  IM_ERR_NOMEM leaves the dictionary consistent (tokens added
 * before the failure stay, invariant 5) and *set NULL; IM_ERR_TOO_LARGE
 * when the arena would pass 4 GiB. */
im_rc im_jwords_add_text(im_jwords *d, const char *title, size_t title_len,
                         const char *body, size_t body_len,
                         const unsigned char **set, size_t *set_len);

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
    uint16_t *mark; /* mark[id]: bit k set when token id contains word k */
    uint32_t count; /* ids covered: the dictionary's count when made     */
    uint16_t all;   /* the bits of every word; 0 when the query has none */
    int hopeless;   /* some word is in no token: nothing can match       */
    /* last[k]: the highest id marked for word k (a set's ids ascend, so
     * past it the set cannot give word k any more) */
    uint32_t last[IM_JWORDS_QUERY_MAX];
} im_jwords_query;

/* The next word of folded text f[0..len) at or after *at: its start in
 * *from and its length returned, 0 when no word is left; *at moves past
 * it.  A word is a run of word bytes (invariant 3).  Every search in core
 * cuts its query with this, so they all agree on what a word is. */
size_t im_jwords_next_word(const unsigned char *f, size_t len, size_t *at,
                           size_t *from);

/* Fold query (valid UTF-8, NUL-terminated), cut it into words, and mark
 * d's tokens.  A query without words gives all == 0, which matches
 * nothing.  IM_ERR_NOMEM on failure (q is then empty and safe to free). */
im_rc im_jwords_query_make(const im_jwords *d, const char *query,
                           im_jwords_query *q);

/* 1 if the coded set (from im_jwords_add_text on the same dictionary, since
 * its last clear) has, for every word of q, a token containing it. */
int im_jwords_query_matches(const im_jwords_query *q, const unsigned char *set,
                            size_t set_len);

/* Wipe and free q's marks (they tell what was searched for). */
void im_jwords_query_free(im_jwords_query *q);

#endif
