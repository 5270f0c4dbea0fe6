/*
 * test_search_words.c -- search through the word dictionary gives exactly
 * what the old scan of each entry's folded text gave.
 *
 * The reference here is that old algorithm, written plainly: fold the
 * query, cut it into words at ASCII separators (anything below 0x80 that is
 * not a letter, digit or apostrophe; at most the first 16 words), and keep
 * an entry when every word is a substring (memmem) of its folded
 * "title\nbody".  Over thousands of random entries -- English, accents,
 * Greek, Cyrillic, apostrophes, digits, punctuation, emoji, mixed case --
 * and thousands of queries (whole words, pieces of words cut anywhere
 * between characters, several words, words in no entry, the empty query,
 * separators only, 17+ words), the index must return the same entries in
 * the same (list) order, while entries are added, edited, deleted,
 * restored and the whole index reloaded.
 *
 * Part 1 drives the index (core/src/journal_index.h) directly: fast, so the
 * counts can be large.  Part 2 does the same through the public journal API
 * over a real vault, with a lock and unlock in between (reload), smaller.
 * Part 3 checks the dictionary itself: repeats cost nothing, a clear
 * empties it.
 */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "journal_internal.h"
#include "bench_util.h"
#include "jtest.h"
#include "utf8_text.h"

/* ---- Text ------------------------------------------------------------------ */

/* Words beyond the benchmark's own (tests/bench/bench_util.c, bench_word:
 * English and a few accented ones), which word() mixes in. */
static const char *const extra[] = {
    /* case, apostrophes, digits */
    "Trust",
    "TRUST",
    "I",
    "I'm",
    "don't",
    "it's",
    "rock'n'roll",
    "'quoted'",
    "2024",
    "3rd",
    "10pm",
    "x2",
    "B12",
    "o'clock",
    "Mother's",
    /* Latin-1, Extended-A (U+0130 folds to 'i', U+017F to 's') */
    "ÉLAN",
    "Ärger",
    "NAÏVE",
    "ŁÓDŹ",
    "İstanbul",
    "ſo",
    "ŸES",
    "straße",
    "Œuvre",
    "çà",
    /* Greek and Cyrillic, both cases */
    "Αγάπη",
    "ΦΟΒΟΣ",
    "φόβος",
    "σιωπή",
    "Σιωπή",
    "Страх",
    "страх",
    "ДОВЕРИЕ",
    "доверие",
    "тишина",
    "Ёлка",
    /* non-ASCII punctuation and symbols are word bytes */
    "don’t",
    "—",
    "well…",
    "😊",
    "naïve😊",
    /* long tokens (past 8 and 16 bytes) */
    "understanding",
    "understand",
    "misunderstanding",
    "incomprehensibilities",
    "supercalifragilistic",
};
#define N_EXTRA (sizeof extra / sizeof *extra)

static const char *const seps[] = {" ",   " ", " ", "  ", ", ", ". ", "! ", "? ", "\n", "\t",
                                   " - ", "-", "/", "(",  ") ", "\"", ":",  ";",  "..."};
#define N_SEPS (sizeof seps / sizeof *seps)

static uint64_t seed = 0x9E3779B97F4A7C15ULL;

static size_t pick(size_t n) { return (size_t)(jt_rand(&seed) % n); }

/* A word at random: the benchmark's half the time, else one of extra. */
static const char *word(void) { return pick(2) ? bench_word(pick(1000)) : extra[pick(N_EXTRA)]; }

/* Random text of about `words` words into a malloc'd string. */
static char *text_make(size_t words)
{
    size_t cap = 64, len = 0;
    char *s = malloc(cap);
    REQUIRE(s);
    s[0] = 0;
    for (size_t i = 0; i < words; i++) {
        const char *w = word();
        const char *sep = i ? seps[pick(N_SEPS)] : "";
        size_t need = len + strlen(w) + strlen(sep) + 1;
        if (need > cap) {
            while (cap < need)
                cap *= 2;
            s = realloc(s, cap);
            REQUIRE(s);
        }
        len += (size_t)sprintf(s + len, "%s%s", sep, w);
    }
    return s;
}

/* ---- The reference: the old search, plainly ------------------------------- */

static int old_is_separator(unsigned char c)
{
    if (c >= 0x80)
        return 0;
    return !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '\'');
}

static char *fold_entry(const char *title, const char *body, size_t *len)
{
    size_t tl = title ? strlen(title) : 0, bl = strlen(body);
    /* the model: the whole text folded (im_utf8_fold, which may grow it) */
    size_t ft = im_utf8_fold(title ? title : "", tl, NULL, 0), fb = im_utf8_fold(body, bl, NULL, 0);
    REQUIRE(ft != (size_t)-1 && fb != (size_t)-1);
    char *f = malloc(ft + fb + 2);
    REQUIRE(f);
    size_t n = im_utf8_fold(title ? title : "", tl, f, ft);
    f[n++] = '\n';
    n += im_utf8_fold(body, bl, f + n, fb);
    f[n] = 0;
    *len = n;
    return f;
}

typedef struct ref_query {
    char *folded;
    const char *word[16];
    size_t len[16];
    size_t n;
} ref_query;

static void ref_prepare(ref_query *q, const char *query)
{
    size_t ql = strlen(query);
    size_t need = im_utf8_fold(query, ql, NULL, 0);
    REQUIRE(need != (size_t)-1);
    q->folded = malloc(need + 1);
    REQUIRE(q->folded);
    size_t fl = im_utf8_fold(query, ql, q->folded, need);
    const unsigned char *f = (const unsigned char *)q->folded;
    q->n = 0;
    for (size_t i = 0; i < fl && q->n < 16;) {
        while (i < fl && old_is_separator(f[i]))
            i++;
        size_t from = i;
        while (i < fl && !old_is_separator(f[i]))
            i++;
        if (i > from) {
            q->word[q->n] = q->folded + from;
            q->len[q->n++] = i - from;
        }
    }
}

static int ref_matches(const ref_query *q, const char *folded, size_t len)
{
    if (q->n == 0)
        return 0;
    for (size_t k = 0; k < q->n; k++)
        if (!memmem(folded, len, q->word[k], q->len[k]))
            return 0;
    return 1;
}

/* ---- Queries ----------------------------------------------------------------- */

/* Byte length of the UTF-8 character starting with byte c. */
static size_t char_len(unsigned char c)
{
    return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
}

/* A piece of s cut between characters (never empty unless s is), copied to
 * out (room for strlen(s) + 1). */
static void piece_of(const char *s, char *out)
{
    size_t n = strlen(s), cuts[256], nc = 0;
    for (size_t i = 0; i <= n && nc < 256; i += i < n ? char_len((unsigned char)s[i]) : 1)
        cuts[nc++] = i;
    if (nc < 2) {
        out[0] = 0;
        return;
    }
    size_t a = pick(nc - 1), b = a + 1 + pick(nc - 1 - a);
    memcpy(out, s + cuts[a], cuts[b] - cuts[a]);
    out[cuts[b] - cuts[a]] = 0;
}

/* Upper-case ASCII letters of s at random (mixed-case queries). */
static void shout(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z' && pick(2))
            *s = (char)(*s - 32);
}

/* A random query into q (room for 1024 bytes).  `sample` is an entry text
 * to cut pieces from (so pieces that do occur are common). */
static void query_make(char *q, const char *sample)
{
    char piece[512];
    size_t kind = pick(12);
    q[0] = 0;
    switch (kind) {
    case 0: /* one whole word */ strcpy(q, word()); break;
    case 1: /* two or three whole words, odd separators */
        for (size_t i = 0, n = 2 + pick(2); i < n; i++) {
            strcat(q, i ? seps[pick(N_SEPS)] : "");
            strcat(q, word());
        }
        break;
    case 2:
    case 3:
    case 4: /* a piece of a word: prefix, suffix, middle */
        piece_of(word(), piece);
        strcpy(q, piece);
        break;
    case 5: /* a piece of the sample text: may span separators */
        if (strlen(sample) < 500) {
            piece_of(sample, piece);
            strcpy(q, piece);
        }
        break;
    case 6: /* a piece of a word and a whole word, mixed case */
        piece_of(word(), piece);
        sprintf(q, "%s %s", piece, word());
        shout(q);
        break;
    case 7: /* single characters, including the apostrophe */
        strcpy(q, (const char *[]){"a", "'", "2", "é", "Σ", "i", "s", "😊", "x", "ß"}[pick(10)]);
        break;
    case 8: /* nothing to search for */
        strcpy(q, (const char *[]){"", " ", " ,.;! ", "\t\n", "-/-", "()"}[pick(6)]);
        break;
    case 9: /* a word in no entry */
        strcpy(q, (const char *[]){"zzyzx", "qwv", "trusty", "ladders", "страхи", "gardens rain"}[pick(6)]);
        break;
    case 10: /* 17 to 20 words: only the first 16 count */
        for (size_t i = 0, n = 17 + pick(4); i < n; i++) {
            strcat(q, i ? " " : "");
            strcat(q, i < 16 ? word() : "zzyzx");
        }
        break;
    default: /* a word, shouted */
        strcpy(q, word());
        shout(q);
        break;
    }
}

/* ---- Part 1: the index ------------------------------------------------------- */

/* An entry's text, and its folded "title\nbody" for the reference. */
typedef struct text {
    char *title, *body; /* title may be NULL */
    char *folded;
    size_t flen;
} text;

static void text_free(text *t)
{
    free(t->title);
    free(t->body);
    free(t->folded);
    memset(t, 0, sizeof *t);
}

/* Take title (may be NULL) and body (malloc'd) as t's text. */
static void text_set(text *t, char *title, char *body)
{
    text_free(t);
    t->title = title;
    t->body = body;
    t->folded = fold_entry(title, body, &t->flen);
}

typedef struct model {
    text t;
    int64_t created_ms;
    int live;
    unsigned char uid[IM_ENTRY_UID_BYTES];
} model;

#define MAX_IDS 20000
static model M[MAX_IDS]; /* by node id */
static int64_t next_id = 1;

static im_jnode *node_for(im_jindex *x, int64_t id)
{
    model *m = &M[id];
    im_entry_view v;
    memset(&v, 0, sizeof v);
    v.created_ms = v.edited_ms = m->created_ms;
    v.mood = 3;
    v.title = m->t.title;
    v.title_len = m->t.title ? strlen(m->t.title) : 0;
    v.body = m->t.body;
    v.body_len = strlen(m->t.body);
    memcpy(v.uid, m->uid, sizeof v.uid);
    /* With its text or without (as the build keeps them): search is the
     * same either way. */
    im_jnode *node = pick(2) ? im_jnode_from_view(x, id, &v) : im_jnode_bare(x, id, &v);
    REQUIRE(node != NULL);
    return node;
}

static int64_t add_entry(im_jindex *x)
{
    int64_t id = next_id++;
    REQUIRE(id < MAX_IDS);
    model *m = &M[id];
    m->created_ms = (int64_t)pick(1000000);
    m->live = 1;
    for (size_t i = 0; i < sizeof m->uid; i++)
        m->uid[i] = (unsigned char)pick(256);
    text_set(&m->t, pick(4) ? text_make(1 + pick(3)) : NULL, text_make(pick(60)));
    REQUIRE(im_jindex_insert(x, node_for(x, id)) == IM_OK);
    return id;
}

static size_t mismatches;
static size_t with_hits; /* queries the reference found something for */

/* Run query on the index and on the reference; 1 if they agree. */
static int check_query(const im_jindex *x, const char *query)
{
    im_jnode **hits = NULL;
    size_t n = 0, unread = 0;
    REQUIRE(im_jindex_search(x, query, &hits, &n, &unread) == IM_OK);
    CHECK(unread == 0);
    ref_query q;
    ref_prepare(&q, query);
    size_t k = 0;
    int same = 1;
    for (size_t i = 0; i < x->n && same; i++) {
        const model *m = &M[x->v[i]->id];
        if (!ref_matches(&q, m->t.folded, m->t.flen))
            continue;
        same = k < n && hits[k] == x->v[i];
        k++;
    }
    same = same && k == n;
    with_hits += k > 0;
    if (!same && mismatches++ < 5)
        fprintf(stderr,
                "  mismatch for query \"%s\": index %zu hits, "
                "reference %zu\n",
                query, n, k);
    free(q.folded);
    free(hits);
    return same;
}

static size_t queries_run(const im_jindex *x, size_t count)
{
    size_t ok = 0;
    char query[1024];
    for (size_t i = 0; i < count; i++) {
        const model *m = &M[x->v[pick(x->n)]->id];
        query_make(query, m->t.body);
        ok += check_query(x, query);
    }
    return ok;
}

/* A live entry's id at random. */
static int64_t live_id(const im_jindex *x) { return x->v[pick(x->n)]->id; }

static void test_index(void)
{
    const size_t entries = (size_t)im_test_scale(2000);
    const size_t rounds = 10, per_round = (size_t)im_test_scale(200);
    im_jindex x;
    memset(&x, 0, sizeof x);
    for (size_t i = 0; i < entries; i++)
        add_entry(&x);
    size_t total = 0, ok = 0;
    int64_t dead[64];
    size_t ndead = 0;
    for (size_t r = 0; r < rounds; r++) {
        /* Edits, deletes, restores, new entries between rounds. */
        for (size_t e = 0; e < 40; e++) {
            int64_t id = live_id(&x);
            long pos = im_jindex_find(&x, id);
            REQUIRE(pos >= 0);
            switch (pick(4)) {
            case 0: /* edit: new text, same place */
                text_set(&M[id].t, pick(2) ? text_make(2) : NULL, text_make(pick(60)));
                im_jindex_replace(&x, (size_t)pos, node_for(&x, id));
                break;
            case 1: /* delete (kept for a restore) */
                if (ndead < 64 && x.n > 1) {
                    im_jnode_free(im_jindex_remove(&x, (size_t)pos));
                    M[id].live = 0;
                    dead[ndead++] = id;
                }
                break;
            case 2: /* restore: a new id, same text and created time */
                if (ndead) {
                    int64_t old = dead[--ndead], fresh = next_id++;
                    REQUIRE(fresh < MAX_IDS);
                    M[fresh] = M[old];
                    M[fresh].live = 1;
                    memset(&M[old], 0, sizeof M[old]);
                    REQUIRE(im_jindex_insert(&x, node_for(&x, fresh)) == IM_OK);
                }
                break;
            default: add_entry(&x); break;
            }
        }
        if (r == rounds / 2) {
            /* A reload: clear (the dictionary too) and bulk-load, as the
             * journal does after an unlock. */
            uint32_t before = im_jwords_count(&x.words);
            im_jindex_clear(&x);
            CHECK(x.n == 0 && im_jwords_count(&x.words) == 0 && x.words.text == NULL &&
                  x.words.slots == NULL);
            for (int64_t id = 1; id < next_id; id++)
                if (M[id].live)
                    REQUIRE(im_jindex_append(&x, node_for(&x, id)) == IM_OK);
            im_jindex_sort(&x);
            /* Only live entries' words now: edits left some behind. */
            CHECK(im_jwords_count(&x.words) <= before);
        }
        total += per_round;
        ok += queries_run(&x, per_round);
    }
    printf("index: %zu entries, %u distinct words, %zu of %zu queries "
           "agree with the reference (%zu found something)\n",
           x.n, im_jwords_count(&x.words), ok, total, with_hits);
    CHECK(ok == total);
    im_jindex_clear(&x);
    for (int64_t id = 1; id < next_id; id++) {
        text_free(&M[id].t);
    }
    memset(M, 0, sizeof M);
    next_id = 1;
}

/* ---- Part 2: the journal API ------------------------------------------------ */

typedef struct jmodel {
    int64_t id;
    text t;
} jmodel;

/* Every id im_journal_search returns for query, in order, against the
 * reference over the list order im_journal_list gives. */
static int journal_agrees(im_journal *j, const jmodel *m, size_t n, const char *query)
{
    size_t total = im_journal_count(j);
    int64_t *order = malloc((total ? total : 1) * sizeof *order);
    REQUIRE(order);
    size_t got = 0;
    for (size_t off = 0; off < total; off += IM_JOURNAL_PAGE_MAX) {
        im_entry_page p;
        REQUIRE(im_journal_list(j, off, IM_JOURNAL_PAGE_MAX, &p) == IM_OK);
        for (size_t i = 0; i < p.n; i++)
            order[got++] = p.items[i].id;
        im_entry_page_free(&p);
    }
    REQUIRE(got == total);
    ref_query q;
    ref_prepare(&q, query);
    int same = 1;
    size_t k = 0, hits_total = 0;
    im_entry_page p = {0};
    for (size_t i = 0; i < total && same; i++) {
        const jmodel *e = NULL;
        for (size_t t = 0; t < n && !e; t++)
            if (m[t].id == order[i])
                e = &m[t];
        REQUIRE(e != NULL);
        if (!ref_matches(&q, e->t.folded, e->t.flen))
            continue;
        if (k % IM_JOURNAL_PAGE_MAX == 0) {
            im_entry_page_free(&p);
            REQUIRE(im_journal_search(j, query, k, IM_JOURNAL_PAGE_MAX, &p) == IM_OK);
            hits_total = p.total;
        }
        same = k % IM_JOURNAL_PAGE_MAX < p.n && p.items[k % IM_JOURNAL_PAGE_MAX].id == order[i];
        k++;
    }
    if (k == 0) {
        REQUIRE(im_journal_search(j, query, 0, 10, &p) == IM_OK);
        hits_total = p.total;
    }
    same = same && hits_total == k;
    if (!same && mismatches++ < 5)
        fprintf(stderr, "  journal mismatch for \"%s\": %zu vs %zu\n", query, hits_total, k);
    im_entry_page_free(&p);
    free(q.folded);
    free(order);
    return same;
}

static size_t journal_queries(im_journal *j, const jmodel *m, size_t n, size_t count, size_t *total)
{
    size_t ok = 0;
    char query[1024];
    for (size_t i = 0; i < count; i++) {
        query_make(query, m[pick(n)].t.body);
        ok += journal_agrees(j, m, n, query);
    }
    *total += count;
    return ok;
}

static void test_journal(void)
{
    jt_env env;
    jt_open(&env, "search-words");
    im_journal *j;
    REQUIRE(im_journal_open(env.v, &j) == IM_OK);
    /* At least 80: the 60 edits and deletes below must leave some (under
     * qemu IM_TEST_SCALE shrinks 300 to 15). */
    const size_t scaled = (size_t)im_test_scale(300), entries = scaled < 80 ? 80 : scaled;
    jmodel *m = calloc(entries + 200, sizeof *m);
    REQUIRE(m);
    size_t n = 0, total = 0, ok = 0;
    REQUIRE(im_vault_begin(env.v) == IM_OK);
    for (; n < entries; n++) {
        text_set(&m[n].t, pick(3) ? text_make(2) : NULL, text_make(pick(50)));
        im_entry_fields f = {m[n].t.title, m[n].t.body, 0, NULL, NULL, NULL};
        env.now += 60000;
        REQUIRE(im_journal_create(j, &f, &m[n].id) == IM_OK);
    }
    REQUIRE(im_vault_commit(env.v) == IM_OK);
    ok += journal_queries(j, m, n, 150, &total);

    /* Edits, deletes and restores through the API. */
    for (size_t e = 0; e < 60; e++) {
        size_t t = pick(n);
        env.now += 1000;
        if (e % 3 == 0) {
            text_set(&m[t].t, text_make(2), text_make(pick(50)));
            im_entry_fields f = {m[t].t.title, m[t].t.body, 0, NULL, NULL, NULL};
            REQUIRE(im_journal_update(j, m[t].id, &f) == IM_OK);
        } else {
            int64_t trash = 0;
            REQUIRE(im_journal_delete(j, m[t].id, &trash) == IM_OK);
            if (e % 3 == 1) { /* restored under a new id */
                REQUIRE(im_journal_trash_restore(j, trash, &m[t].id) == IM_OK);
            } else { /* gone: drop it from the model */
                text_free(&m[t].t);
                m[t] = m[--n];
            }
        }
    }
    ok += journal_queries(j, m, n, 150, &total);

    /* Lock wipes the dictionary; unlock reloads it from the vault. */
    CHECK(im_jwords_count(&j->index.words) > 0);
    im_vault_lock(env.v);
    CHECK(im_jwords_count(&j->index.words) == 0 && j->index.words.text == NULL &&
          j->index.words.slots == NULL);
    REQUIRE(im_vault_unlock(env.v, TH_PASS) == IM_OK);
    ok += journal_queries(j, m, n, 150, &total);
    printf("journal: %zu entries, %zu of %zu queries agree with the "
           "reference\n",
           n, ok, total);
    CHECK(ok == total);

    im_journal_close(j);
    for (size_t i = 0; i < n; i++) {
        text_free(&m[i].t);
    }
    free(m);
    jt_close(&env);
}

/* ---- Part 3: the dictionary itself ------------------------------------------ */

/* Every ASCII byte, at every position of an 8-byte lane, splits a token
 * exactly when the old rule called it a separator: both where entries are
 * cut and where queries are. */
static void test_word_bytes(void)
{
    size_t wrong = 0;
    for (int c = 1; c < 128; c++)
        for (size_t lead = 0; lead < 16; lead++) {
            char text[40];
            memset(text, 'k', lead);
            text[lead] = 'a';
            text[lead + 1] = (char)c;
            text[lead + 2] = 'b';
            text[lead + 3] = 0;
            im_jwords d;
            memset(&d, 0, sizeof d);
            uint32_t doc;
            REQUIRE(im_jwords_add_doc(&d, NULL, 0, text, lead + 3, &doc) == IM_OK);
            uint32_t want = old_is_separator((unsigned char)c) ? 2 : 1;
            im_jwords_query q;
            REQUIRE(im_jwords_query_make(&d, text + lead, &q) == IM_OK);
            /* "a?b" as a query: one word, or "a" and "b" (both there). */
            int query_ok = im_jwords_query_has(&q, doc) && q.words == want;
            wrong += im_jwords_count(&d) != want || !query_ok;
            im_jwords_query_free(&q);
            im_jwords_clear(&d);
        }
    CHECK(wrong == 0);
}

/* The docs of list id, decoded by a query for the token alone (an exact
 * token that is no other token's substring). */
static int doc_has(const im_jwords *d, const char *word, uint32_t doc)
{
    im_jwords_query q;
    REQUIRE(im_jwords_query_make(d, word, &q) == IM_OK);
    int has = im_jwords_query_has(&q, doc);
    im_jwords_query_free(&q);
    return has;
}

/* Whether token id is marked as folding to itself (journal_words.c,
 * "Tokens that fold to themselves"). */
static int marked_fixed(const im_jwords *d, const char *token)
{
    for (uint32_t id = 0; id < im_jwords_count(d); id++) {
        size_t tl;
        const char *t = im_jwords_token(d, id, &tl);
        if (tl == strlen(token) && memcmp(t, token, tl) == 0)
            return id / 64 < d->fixed_cap / 8 && (d->fixed[id / 64] >> (id % 64) & 1);
    }
    return -1; /* no such token */
}

/* A long non-ASCII token met as written is found without folding only once
 * folding it was seen to change nothing; one that folding changes (case,
 * a compatibility form) is never taken as written. */
static void test_fold_fixed(void)
{
    im_jwords d;
    memset(&d, 0, sizeof d);
    uint32_t doc;
    const char *caps = "СЛОВАРЬ ﬁlesystems Straße";
    REQUIRE(im_jwords_add_doc(&d, NULL, 0, caps, strlen(caps), &doc) == IM_OK);
    CHECK(im_jwords_count(&d) == 3);
    /* Folded forms stored, none marked: each was met only as something
     * that folds to something else. */
    CHECK(marked_fixed(&d, "словарь") == 0 && marked_fixed(&d, "filesystems") == 0 &&
          marked_fixed(&d, "strasse") == 0);
    const char *low = "словарь Ελληνικά 信任是慢慢建立起来的";
    for (int i = 0; i < 3; i++)
        REQUIRE(im_jwords_add_doc(&d, NULL, 0, low, strlen(low), &doc) == IM_OK);
    CHECK(im_jwords_count(&d) == 5); /* "ελληνικά", the Chinese run: new */
    CHECK(marked_fixed(&d, "словарь") == 1 && marked_fixed(&d, "信任是慢慢建立起来的") == 1);
    CHECK(marked_fixed(&d, "ελληνικά") == 0); /* met as "Ελληνικά" only */
    CHECK(marked_fixed(&d, "filesystems") == 0);
    /* Found as written or through folding, every doc is in the lists. */
    for (uint32_t k = 1; k <= 3; k++)
        CHECK(doc_has(&d, "словарь", k) && doc_has(&d, "建立", k) && doc_has(&d, "ελληνικά", k));
    CHECK(doc_has(&d, "СЛОВАРЬ", 0) && doc_has(&d, "словарь", 0) && doc_has(&d, "filesystems", 0) &&
          doc_has(&d, "strasse", 0) && !doc_has(&d, "ελληνικά", 0));
    im_jwords_clear(&d);
    CHECK(d.fixed == NULL && d.fixed_cap == 0);
}

static void test_dictionary(void)
{
    im_jwords d;
    memset(&d, 0, sizeof d);
    uint32_t doc;
    /* Case and repeats fold to one token each; separators split. */
    REQUIRE(im_jwords_add_doc(&d, "Trust TRUST", 11, "trust, trust; don't", 19, &doc) == IM_OK);
    CHECK(im_jwords_count(&d) == 2 && doc == 0); /* "trust", "don't" */
    CHECK(d.postings == 2);                      /* each token posts the text once */
    size_t tl;
    const char *t = im_jwords_token(&d, 1, &tl);
    CHECK(t && tl == 5 && memcmp(t, "don't", 5) == 0);
    /* The same text again adds no token, and a doc per text to each list;
     * 1,000 docs of gap 0 are 1,000 nibbles (500 bytes) a list, in chunks
     * that grow to 256 bytes. */
    size_t bytes = im_jwords_bytes(&d);
    for (int i = 0; i < 1000; i++)
        REQUIRE(im_jwords_add_doc(&d, NULL, 0, "don't trust TRUST", 17, &doc) == IM_OK);
    CHECK(im_jwords_count(&d) == 2 && doc == 1000 && d.postings == 2002);
    CHECK(im_jwords_bytes(&d) == bytes && d.npages == 1 && d.page_used < 8 + 2 * 1100);
    CHECK(doc_has(&d, "trust", 0) && doc_has(&d, "don't", 1000) && doc_has(&d, "TRUST", 517));
    /* Long tokens that share their first 8 bytes and their length stay
     * apart (enough of them that some share hash slots' probe runs), and
     * each is found again. */
    uint32_t before = im_jwords_count(&d);
    char longw[32];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 3000; i++) {
            int wl = snprintf(longw, sizeof longw, "abcdefghij%05d", i);
            REQUIRE(im_jwords_add_doc(&d, NULL, 0, longw, (size_t)wl, &doc) == IM_OK);
        }
    CHECK(im_jwords_count(&d) == before + 3000);
    CHECK(doc_has(&d, "abcdefghij00042", 1001 + 42) && doc_has(&d, "abcdefghij00042", 4001 + 42) &&
          !doc_has(&d, "abcdefghij00042", 1001 + 43));
    /* An empty text is a doc that matches nothing. */
    REQUIRE(im_jwords_add_doc(&d, NULL, 0, "", 0, &doc) == IM_OK);
    CHECK(doc == 7001 && !doc_has(&d, "trust", doc));
    /* A token longer than any scratch kept, then a small one. */
    size_t big = 200000;
    char *huge = malloc(big + 1);
    REQUIRE(huge);
    memset(huge, 'q', big);
    huge[big] = 0;
    REQUIRE(im_jwords_add_doc(&d, NULL, 0, huge, big, &doc) == IM_OK);
    CHECK(im_jwords_count(&d) == 3003);
    t = im_jwords_token(&d, 3002, &tl);
    CHECK(t && tl == big);
    REQUIRE(im_jwords_add_doc(&d, NULL, 0, "trust", 5, &doc) == IM_OK);
    CHECK(d.fold_cap < big); /* the big scratch went */
    free(huge);
    /* Many distinct tokens: the table grows, ids stay. */
    char word[32];
    for (int i = 0; i < 5000; i++) {
        int wl = snprintf(word, sizeof word, "w%dx", i);
        REQUIRE(im_jwords_add_doc(&d, NULL, 0, word, (size_t)wl, &doc) == IM_OK);
    }
    CHECK(im_jwords_count(&d) == 8003);
    t = im_jwords_token(&d, 8002, &tl);
    CHECK(t && tl == 6 && memcmp(t, "w4999x", 6) == 0);
    t = im_jwords_token(&d, 1, &tl);
    CHECK(t && tl == 5 && memcmp(t, "don't", 5) == 0);
    /* One entry of many words whose lists are long and short: each of its
     * words finds it, and none of their neighbours does. */
    char many[2048];
    size_t ml = (size_t)snprintf(many, sizeof many, "trust don't");
    for (int i = 24; i >= 0; i--)
        ml += (size_t)snprintf(many + ml, sizeof many - ml, " w%dx", i * 199);
    REQUIRE(im_jwords_add_doc(&d, NULL, 0, many, ml, &doc) == IM_OK);
    CHECK(im_jwords_count(&d) == 8003);
    uint32_t many_doc = doc;
    size_t found_in = 0, found_out = 0;
    for (int i = 0; i < 25; i++) {
        char in[16], out[16];
        snprintf(in, sizeof in, "w%dx", i * 199);
        snprintf(out, sizeof out, "w%dx", i * 199 + 1);
        found_in += (size_t)doc_has(&d, in, many_doc);
        found_out += (size_t)doc_has(&d, out, many_doc);
    }
    CHECK(found_in == 25 && found_out == 0);
    /* A word inside tokens: every doc of every token holding it. */
    im_jwords_query q;
    REQUIRE(im_jwords_query_make(&d, "W4999", &q) == IM_OK);
    CHECK(q.words == 1 && !q.hopeless && im_jwords_query_has(&q, many_doc - 1) &&
          !im_jwords_query_has(&q, many_doc - 2));
    im_jwords_query_free(&q);
    /* Two words: only the docs with both; a word in no token: none. */
    REQUIRE(im_jwords_query_make(&d, "trust w4776x", &q) == IM_OK);
    CHECK(q.words == 2 && im_jwords_query_has(&q, many_doc) && !im_jwords_query_has(&q, 0));
    im_jwords_query_free(&q);
    REQUIRE(im_jwords_query_make(&d, "trust zzzz", &q) == IM_OK);
    CHECK(q.hopeless && !im_jwords_query_has(&q, many_doc));
    im_jwords_query_free(&q);
    im_jwords_clear(&d);
    CHECK(im_jwords_count(&d) == 0 && d.text == NULL && d.slots == NULL && d.start == NULL &&
          d.fold == NULL && d.post == NULL && d.pages == NULL && im_jwords_bytes(&d) == 0);
}

/* Long lists with gaps from 0 to a few thousand (1 to 5 nibbles, numbers
 * running on across chunk ends, lists across page ends): every doc posted
 * is found, and no other. */
static void test_postings(void)
{
    im_jwords d;
    memset(&d, 0, sizeof d);
    const uint32_t ndocs = (uint32_t)im_test_scale(300000);
    unsigned char *want = calloc(ndocs, 1);
    REQUIRE(want);
    uint32_t doc;
    for (uint32_t i = 0; i < ndocs; i++) {
        /* "alpha" in about every other doc, "beta" in doc i when i is a
         * multiple of a gap that grows, "gamma" in a sparse few. */
        uint32_t r = (uint32_t)pick(1000);
        int a = r < 500, b = i % (1 + i / 1000) == 0, g = i == 7 || i == ndocs - 1 || r == 999;
        char text[64];
        snprintf(text, sizeof text, "x y%s%s%s", a ? " alpha" : "", b ? " beta" : "", g ? " gamma" : "");
        REQUIRE(im_jwords_add_doc(&d, NULL, 0, text, strlen(text), &doc) == IM_OK);
        REQUIRE(doc == i);
        want[i] = (unsigned char)(a | b << 1 | g << 2);
    }
    const char *words[3] = {"alpha", "beta", "gamma"};
    size_t wrong = 0;
    for (int w = 0; w < 3; w++) {
        im_jwords_query q;
        REQUIRE(im_jwords_query_make(&d, words[w], &q) == IM_OK);
        for (uint32_t i = 0; i < ndocs; i++)
            wrong += (size_t)(im_jwords_query_has(&q, i) != ((want[i] >> w) & 1));
        im_jwords_query_free(&q);
    }
    im_jwords_query q;
    REQUIRE(im_jwords_query_make(&d, "beta alpha", &q) == IM_OK);
    for (uint32_t i = 0; i < ndocs; i++)
        wrong += (size_t)(im_jwords_query_has(&q, i) != ((want[i] & 3) == 3));
    im_jwords_query_free(&q);
    size_t pages_before = d.live_pages,
           used_before = (d.live_pages - 1) * (size_t)IM_JWORDS_PAGE + d.page_used;
    /* Compacted a little at a time, queried in between and after, and
     * posted to after: the same docs, in fewer pages. */
    for (int fin = 0, round = 0; !fin; round++) {
        REQUIRE(im_jwords_compact_step(&d, 2048, &fin) == IM_OK);
        if (round % 50 == 0 || fin) {
            REQUIRE(im_jwords_query_make(&d, "beta", &q) == IM_OK);
            for (uint32_t i = 0; i < ndocs; i += 7)
                wrong += (size_t)(im_jwords_query_has(&q, i) != ((want[i] >> 1) & 1));
            im_jwords_query_free(&q);
        }
    }
    size_t used_after = (d.live_pages - 1) * (size_t)IM_JWORDS_PAGE + d.page_used;
    CHECK(d.compacted && d.live_pages <= pages_before && used_after < used_before);
    for (uint32_t i = 0; i < 2000; i++) { /* after compaction: ordinary chunks after the runs */
        REQUIRE(im_jwords_add_doc(&d, NULL, 0, "alpha gamma", 11, &doc) == IM_OK);
        REQUIRE(doc == ndocs + i);
    }
    for (int w = 0; w < 3; w++) {
        REQUIRE(im_jwords_query_make(&d, words[w], &q) == IM_OK);
        for (uint32_t i = 0; i < ndocs + 2000; i++) {
            int has = i < ndocs ? (want[i] >> w) & 1 : w != 1;
            wrong += (size_t)(im_jwords_query_has(&q, i) != has);
        }
        im_jwords_query_free(&q);
    }
    printf("postings: %u docs, %zu pairs in %zu KB of chunks, compacted into %zu KB; %zu wrong\n", ndocs,
           d.postings, used_before / 1024, used_after / 1024, wrong);
    CHECK(wrong == 0 && (ndocs < 300000 || d.npages >= 2)); /* lists across pages */
    free(want);
    im_jwords_clear(&d);
}

int main(void)
{
    test_word_bytes();
    test_dictionary();
    test_fold_fixed();
    test_postings();
    test_index();
    test_journal();
    CHECK(mismatches == 0);
    return im_check_done();
}
