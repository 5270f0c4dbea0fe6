/*
 * engine_history.c -- the solo runs kept in the vault, listed for a person
 * to come back to (engine.h, "History of solo runs").
 *
 * Design.  Every IM_KIND_RUN record is decrypted by the vault and loaded
 * like any run (im_run_load against the library, steps matched by id), so
 * what the list says about a run is what the player would show of it.  A
 * query is matched in memory the way the journal's search matches
 * (journal_words.h): the query and the run's words are folded with
 * im_utf8_fold, the query is cut into words of word bytes, and every word
 * must be a substring of the folded text.  The run's text is tiny next to
 * a journal, so it is scanned as it is rather than indexed.
 *
 * Everything built here holds the person's words (summaries, the text
 * searched, the folded query): it lives in wiped buffers (the codec's
 * wbuf, or im_mem_wipe before free) and never outlives the call, except
 * the summaries, which im_run_history_free wipes.
 */
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "innermost/wipe.h"
#include "journal_words.h"
#include "utf8_text.h"

#define QUERY_WORDS_MAX IM_JWORDS_QUERY_MAX /* later words are ignored */

/* ---- Folding and matching ------------------------------------------------------- */

/* The folded form of s[0..len) in a malloc'd buffer (*out_len bytes, not
 * NUL-terminated); NULL on no memory.  Free with im_mem_wipe_free. */
static char *fold_copy(const char *s, size_t len, size_t *cap_out,
                       size_t *out_len)
{
    size_t cap = len + 16;
    for (int tries = 0; tries < 3; tries++) {
        char *out = malloc(cap);
        if (!out)
            return NULL;
        size_t n = im_utf8_fold(s, len, out, cap);
        if (n != (size_t)-1 && n <= cap) {
            *cap_out = cap;
            *out_len = n;
            return out;
        }
        im_mem_wipe_free(out, cap);
        if (n == (size_t)-1)
            return NULL;
        cap = n + 16;
    }
    return NULL;
}

/* The words of a folded query: offsets into its buffer. */
typedef struct query {
    char *folded;
    size_t cap, len;
    size_t start[QUERY_WORDS_MAX], n[QUERY_WORDS_MAX];
    int words;
} query;

static im_rc query_make(query *q, const char *text)
{
    memset(q, 0, sizeof *q);
    if (!text || !*text)
        return IM_OK;
    size_t len = strlen(text);
    if (!im_utf8_ok(text, len))
        return IM_ERR_INVALID;
    q->folded = fold_copy(text, len, &q->cap, &q->len);
    if (!q->folded)
        return IM_ERR_NOMEM;
    const unsigned char *f = (const unsigned char *)q->folded;
    size_t at = 0, from, n;
    while (q->words < QUERY_WORDS_MAX &&
           (n = im_jwords_next_word(f, q->len, &at, &from)) > 0) {
        q->start[q->words] = from;
        q->n[q->words++] = n;
    }
    return IM_OK;
}

static void query_free(query *q)
{
    if (q->folded)
        im_mem_wipe_free(q->folded, q->cap);
    memset(q, 0, sizeof *q);
}

static int holds(const char *hay, size_t len, const char *w, size_t n)
{
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (hay[i] == w[0] && memcmp(hay + i, w, n) == 0)
            return 1;
    return 0;
}

/* ---- What a run says ------------------------------------------------------------- */

static void put(im_wbuf *w, const char *s)
{
    if (s)
        im_wbuf_raw(w, s, strlen(s));
}

/* Everything a query is matched against: titles, then each shown
 * answer's words, one per line. */
static void run_words(const im_run *r, im_wbuf *w)
{
    const im_exercise *ex = im_run_exercise(r);
    put(w, ex->title);
    im_wbuf_raw(w, "\n", 1);
    if (ex->item)
        put(w, ex->item->title);
    for (size_t i = 0; i < ex->n_steps; i++) {
        const im_step *st = &ex->steps[i];
        const im_answer *a = im_run_answer(r, i);
        if (!im_answer_shows(st, a))
            continue;
        im_wbuf_raw(w, "\n", 1);
        put(w, a->text);
        for (size_t o = 0; o < st->n_options && o < 64; o++)
            if (a->chosen & (UINT64_C(1) << o)) {
                im_wbuf_raw(w, "\n", 1);
                put(w, st->options[o].text);
            }
        for (size_t k = 0; k < a->n_rungs; k++) {
            im_wbuf_raw(w, "\n", 1);
            put(w, a->rungs[k].text);
        }
    }
}

/* 1 if every word of q is in the folded words of r; -1 on no memory. */
static int run_matches(const im_run *r, const query *q)
{
    if (q->words == 0)
        return 1;
    im_wbuf w = {0};
    run_words(r, &w);
    if (im_wbuf_rc(&w) != IM_OK) {
        im_wbuf_wipe(&w);
        return -1;
    }
    size_t cap = 0, len = 0;
    char *folded = fold_copy((const char *)w.data, w.len, &cap, &len);
    im_wbuf_wipe(&w);
    if (!folded)
        return -1;
    int all = 1;
    for (int k = 0; k < q->words && all; k++)
        all = holds(folded, len, q->folded + q->start[k], q->n[k]);
    im_mem_wipe_free(folded, cap);
    return all;
}

/* The words of the first answer that has any (engine.h, im_run_entry's
 * summary), on one line. */
static void summary_words(const im_run *r, im_wbuf *w)
{
    const im_exercise *ex = im_run_exercise(r);
    for (size_t i = 0; i < ex->n_steps; i++) {
        const im_step *st = &ex->steps[i];
        const im_answer *a = im_run_answer(r, i);
        if (!im_answer_shows(st, a))
            continue;
        if (a->text && *a->text) {
            size_t n = strcspn(a->text, "\r\n");
            im_wbuf_raw(w, a->text, n);
            return;
        }
        int any = 0;
        for (size_t o = 0; o < st->n_options && o < 64; o++)
            if (a->chosen & (UINT64_C(1) << o)) {
                put(w, any++ ? ", " : NULL);
                put(w, st->options[o].text);
            }
        for (size_t k = 0; k < a->n_rungs; k++) {
            put(w, any++ ? ", " : NULL);
            put(w, a->rungs[k].text);
        }
        if (any)
            return;
    }
}

/* *out: the summary (NUL-terminated, malloc'd) or NULL when no answer has
 * words.  Cut on a character boundary; the words past the cut are wiped
 * with the scratch buffer, not carried behind the NUL. */
static im_rc run_summary(const im_run *r, char **out)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    *out = NULL;
    im_wbuf w = {0};
    summary_words(r, &w);
    im_rc rc = im_wbuf_rc(&w);
    if (rc == IM_OK && w.len > 0) {
        const char *words = (const char *)w.data;
        size_t keep = im_utf8_clip(words, w.len, IM_RUN_SUMMARY_MAX);
        size_t more = keep < w.len ? sizeof ellipsis - 1 : 0;
        char *s = malloc(keep + more + 1);
        if (s) {
            memcpy(s, words, keep);
            memcpy(s + keep, ellipsis, more);
            s[keep + more] = 0;
            *out = s;
        } else {
            rc = IM_ERR_NOMEM;
        }
    }
    im_wbuf_wipe(&w);
    return rc;
}

static size_t shown_count(const im_run *r)
{
    const im_exercise *ex = im_run_exercise(r);
    size_t n = 0;
    for (size_t i = 0; i < ex->n_steps; i++)
        n += (size_t)im_answer_shows(&ex->steps[i], im_run_answer(r, i));
    return n;
}

/* ---- The list --------------------------------------------------------------------- */

typedef struct hist_ctx {
    const im_library *lib;
    const char *exercise_id;
    const query *q;
    int summaries;
    im_run_entry *items;
    size_t n, cap;
    im_rc rc;
} hist_ctx;

static im_rc entry_add(hist_ctx *h, const im_run_entry *e)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 16;
        im_run_entry *p = realloc(h->items, cap * sizeof *p);
        if (!p)
            return IM_ERR_NOMEM;
        h->items = p;
        h->cap = cap;
    }
    h->items[h->n++] = *e;
    return IM_OK;
}

/* One run: listed when it belongs, shows something and matches. */
static im_rc consider(hist_ctx *h, int64_t id, const im_run *r)
{
    const im_exercise *ex = im_run_exercise(r);
    if (h->exercise_id && strcmp(ex->id, h->exercise_id) != 0)
        return IM_OK;
    im_run_entry e = {id,
                      ex,
                      im_run_finished(r),
                      im_run_paused(r),
                      im_run_started_ms(r),
                      im_run_changed_ms(r),
                      shown_count(r),
                      NULL};
    if (e.answered == 0)
        return IM_OK;
    int m = run_matches(r, h->q);
    if (m < 0)
        return IM_ERR_NOMEM;
    if (!m)
        return IM_OK;
    im_rc rc = h->summaries ? run_summary(r, &e.summary) : IM_OK;
    if (rc == IM_OK)
        rc = entry_add(h, &e);
    if (rc != IM_OK)
        im_str_wipe_free(e.summary);
    return rc;
}

static int hist_fn(void *ctx, int64_t id, im_rc rc, const unsigned char *data,
                   size_t len)
{
    hist_ctx *h = ctx;
    im_run *r = NULL;
    if (rc != IM_OK || !data ||
        im_run_load(h->lib, data, len, NULL, &r) != IM_OK)
        return 0; /* damaged, or its exercise is gone: left out */
    h->rc = consider(h, id, r);
    im_run_free(r);
    return h->rc != IM_OK;
}

static int newest_first(const void *pa, const void *pb)
{
    const im_run_entry *a = pa, *b = pb;
    if (a->changed_ms != b->changed_ms)
        return a->changed_ms < b->changed_ms ? 1 : -1;
    return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static im_rc history(const im_library *lib, im_vault *v,
                     const char *exercise_id, const char *text, int summaries,
                     im_run_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!lib || !v)
        return IM_ERR_INVALID;
    query q;
    im_rc rc = query_make(&q, text);
    if (rc != IM_OK)
        return rc;
    hist_ctx h = {lib, exercise_id, &q, summaries, NULL, 0, 0, IM_OK};
    rc = im_record_foreach(v, IM_KIND_RUN, hist_fn, &h);
    query_free(&q);
    if (rc == IM_OK)
        rc = h.rc;
    if (rc != IM_OK) {
        im_run_history_free(h.items, h.n);
        return rc;
    }
    if (h.n > 1)
        qsort(h.items, h.n, sizeof *h.items, newest_first);
    *out = h.items;
    *n = h.n;
    return IM_OK;
}

im_rc im_run_history(const im_library *lib, im_vault *v,
                     const char *exercise_id, const char *query,
                     im_run_entry **out, size_t *n)
{
    return history(lib, v, exercise_id, query, 1, out, n);
}

void im_run_history_free(im_run_entry *entries, size_t n)
{
    for (size_t i = 0; entries && i < n; i++)
        im_str_wipe_free(entries[i].summary);
    free(entries);
}

im_rc im_run_find_last(const im_library *lib, im_vault *v,
                       const char *exercise_id, int64_t *id, int *finished)
{
    im_run_entry *e = NULL;
    size_t n = 0;
    *id = 0;
    if (finished)
        *finished = 0;
    if (!exercise_id)
        return IM_ERR_INVALID;
    im_rc rc = history(lib, v, exercise_id, NULL, 0, &e, &n);
    if (rc == IM_OK && n == 0)
        rc = IM_ERR_NOT_FOUND;
    if (rc == IM_OK) {
        *id = e[0].id;
        if (finished)
            *finished = e[0].finished;
    }
    im_run_history_free(e, n);
    return rc;
}
