/* journal_match.c -- where a search's words are in a text (journal.h,
 * im_journal_match_spans).
 *
 * Search keeps an entry when every query word is inside one folded token
 * of its text (journal_words.h, invariants 3 and 6).  This finds the same
 * words the same way: the query is folded and cut by im_jwords_next_word,
 * the text is cut into tokens as written by the same rule (folding keeps
 * word bytes word bytes), each token is folded alone and searched with
 * memmem.  A hit is a byte range of the folded token; it is taken back to
 * the token as written through the folded lengths of the token's
 * prefixes: the span starts at the last character boundary whose prefix
 * folds to no more than the hit's start, and ends at the first whose
 * prefix folds to at least the hit's end, so an "ß" matched by "ss", or a
 * letter with its combining accent, is covered whole.  A token of ASCII
 * folds byte for byte and needs none of that.
 *
 * Everything here is derived from the person's words (the folded query and
 * tokens, the spans): every buffer is wiped before it is freed. */
#define _GNU_SOURCE /* memmem, where the C library has it */
#include "innermost/journal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "journal_words.h"
#include "utf8_text.h"

/* A growable buffer of bytes, wiped when it grows and when freed. */
typedef struct wiped_buf {
    void *p;
    size_t cap; /* bytes */
} wiped_buf;

/* Make b hold at least need bytes, keeping its first used bytes.  0 on
 * success. */
static int buf_reserve(wiped_buf *b, size_t used, size_t need)
{
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    void *q = malloc(cap);
    if (!q)
        return -1;
    if (b->p) {
        memcpy(q, b->p, used);
        sodium_memzero(b->p, b->cap);
        free(b->p);
    }
    b->p = q;
    b->cap = cap;
    return 0;
}

static void buf_free(wiped_buf *b)
{
    if (b->p) {
        sodium_memzero(b->p, b->cap);
        free(b->p);
    }
    b->p = NULL;
    b->cap = 0;
}

/* Folds s[0..n) into b; returns the folded length, (size_t)-1 on no
 * memory or invalid UTF-8. */
static size_t fold_into(wiped_buf *b, const char *s, size_t n)
{
    size_t got = im_utf8_fold(s, n, b->p, b->cap);
    if (got == (size_t)-1 || got <= b->cap)
        return got;
    if (buf_reserve(b, 0, got) != 0)
        return (size_t)-1;
    return im_utf8_fold(s, n, b->p, b->cap);
}

/* The query's words: its folded form, and where each word is in it. */
typedef struct query_words {
    wiped_buf folded;
    size_t len;
    size_t from[IM_JWORDS_QUERY_MAX], n[IM_JWORDS_QUERY_MAX];
    unsigned count;
} query_words;

static int query_cut(query_words *q, const char *query)
{
    memset(q, 0, sizeof *q);
    q->len = fold_into(&q->folded, query, strlen(query));
    if (q->len == (size_t)-1)
        return -1;
    const unsigned char *f = q->folded.p;
    size_t at = 0, from, n;
    while (q->count < IM_JWORDS_QUERY_MAX &&
           (n = im_jwords_next_word(f, q->len, &at, &from)) > 0) {
        q->from[q->count] = from;
        q->n[q->count++] = n;
    }
    return 0;
}

/* One token being searched: as written, folded, and (for a token that is
 * not all ASCII) its character boundaries, made when first needed. */
typedef struct token {
    const char *raw;
    size_t raw_len, at; /* at: where the token starts in the text */
    int ascii;
    wiped_buf folded;
    size_t folded_len;
    wiped_buf bounds; /* size_t offsets into raw: 0, ..., raw_len */
    size_t nbounds;
} token;

static int make_bounds(token *t)
{
    if (buf_reserve(&t->bounds, 0, (t->raw_len + 1) * sizeof(size_t)) != 0)
        return -1;
    size_t *b = t->bounds.p, k = 0;
    for (size_t i = 0; i < t->raw_len; i++)
        if (((unsigned char)t->raw[i] & 0xC0) != 0x80)
            b[k++] = i;
    b[k++] = t->raw_len;
    t->nbounds = k;
    return 0;
}

/* The folded length of the token's first k characters. */
static size_t prefix_folded(const token *t, size_t k)
{
    const size_t *b = t->bounds.p;
    return im_utf8_fold(t->raw, b[k], NULL, 0);
}

/* Takes the folded range [a, z) back to the token as written (the design
 * note at the top). */
static void unfold_range(const token *t, size_t a, size_t z, size_t *start,
                         size_t *end)
{
    const size_t *b = t->bounds.p;
    size_t lo = 0, hi = t->nbounds - 1;
    while (lo < hi) { /* the last boundary folding to <= a */
        size_t mid = lo + (hi - lo + 1) / 2;
        if (prefix_folded(t, mid) <= a)
            lo = mid;
        else
            hi = mid - 1;
    }
    *start = b[lo];
    lo = 0, hi = t->nbounds - 1;
    while (lo < hi) { /* the first boundary folding to >= z */
        size_t mid = lo + (hi - lo) / 2;
        if (prefix_folded(t, mid) >= z)
            hi = mid;
        else
            lo = mid + 1;
    }
    *end = b[lo] > *start ? b[lo] : t->raw_len;
}

/* The spans found so far, in the order found. */
typedef struct span_list {
    wiped_buf buf;
    size_t n;
} span_list;

static int span_push(span_list *l, size_t start, size_t end)
{
    size_t sz = sizeof(im_text_span);
    if (buf_reserve(&l->buf, l->n * sz, (l->n + 1) * sz) != 0)
        return -1;
    ((im_text_span *)l->buf.p)[l->n++] = (im_text_span){start, end};
    return 0;
}

/* Every hit of every query word in token t, as spans of the text. */
static int token_spans(token *t, const query_words *q, span_list *out)
{
    const char *f = t->folded.p;
    for (unsigned w = 0; w < q->count; w++) {
        const char *word = (const char *)q->folded.p + q->from[w];
        size_t wn = q->n[w], off = 0;
        const char *hit;
        while (off + wn <= t->folded_len &&
               (hit = memmem(f + off, t->folded_len - off, word, wn))) {
            size_t a = (size_t)(hit - f), start = a, end = a + wn;
            if (!t->ascii) {
                if (!t->nbounds && make_bounds(t) != 0)
                    return -1;
                unfold_range(t, a, a + wn, &start, &end);
            }
            if (span_push(out, t->at + start, t->at + end) != 0)
                return -1;
            off = a + 1;
        }
    }
    return 0;
}

static int by_start(const void *x, const void *y)
{
    const im_text_span *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return (a->end > b->end) - (a->end < b->end);
}

/* Sorts the spans and merges the ones that touch or overlap; returns how
 * many are left. */
static size_t sort_merge(im_text_span *s, size_t n)
{
    if (n == 0)
        return 0;
    qsort(s, n, sizeof *s, by_start);
    size_t k = 0;
    for (size_t i = 1; i < n; i++) {
        if (s[i].start <= s[k].end) {
            if (s[i].end > s[k].end)
                s[k].end = s[i].end;
        } else {
            s[++k] = s[i];
        }
    }
    return k + 1;
}

static int is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

/* Every span of q's words in text[0..len), unsorted, into out. */
static int collect(const char *text, size_t len, const query_words *q,
                   span_list *out)
{
    token t;
    memset(&t, 0, sizeof t);
    size_t at = 0, from, n;
    int rc = 0;
    while (rc == 0 && (n = im_jwords_next_word((const unsigned char *)text, len,
                                               &at, &from)) > 0) {
        t.raw = text + from;
        t.raw_len = n;
        t.at = from;
        t.ascii = is_ascii(t.raw, n);
        t.nbounds = 0;
        t.folded_len = fold_into(&t.folded, t.raw, n);
        rc = t.folded_len == (size_t)-1 ? -1 : token_spans(&t, q, out);
    }
    buf_free(&t.folded);
    buf_free(&t.bounds);
    return rc;
}

size_t im_journal_match_spans(const char *text, size_t len, const char *query,
                              im_text_span *spans, size_t max)
{
    if (!im_utf8_is_valid(text, len))
        return (size_t)-1;
    query_words q;
    if (query_cut(&q, query) != 0) {
        buf_free(&q.folded);
        return (size_t)-1;
    }
    span_list all = {{NULL, 0}, 0};
    size_t count = (size_t)-1;
    if (collect(text, len, &q, &all) == 0) {
        count = sort_merge(all.buf.p, all.n);
        if (spans && max && count)
            memcpy(spans, all.buf.p,
                   (count < max ? count : max) * sizeof *spans);
    }
    buf_free(&all.buf);
    buf_free(&q.folded);
    return count;
}
