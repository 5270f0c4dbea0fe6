/* vocab.c -- see vocab.h. */
#include "vocab.h"

#include <stdlib.h>
#include <string.h>

enum { S_LATIN, S_CYRILLIC, S_GREEK, S_ARABIC, S_DEVANAGARI, S_CJK, S_EMOJI };

/* Code points each script's syllables are made of. */
static const uint32_t latin_c[] = {'b', 'c', 'd',          'f',          'g',           'h', 'j', 'k',
                                   'l', 'm', 'n',          'p',          'r',           's', 't', 'v',
                                   'w', 'z', 0xE7 /* ç */, 0xF1 /* ñ */, 0x142 /* ł */, 0xDF /* ß */};
static const uint32_t latin_v[] = {'a',  'e',  'i',  'o',  'u',  'a',  'e',  'i',  'o',  'u',  'y',  0xE9,
                                   0xE8, 0xEA, 0xE1, 0xE0, 0xE4, 0xED, 0xF3, 0xF6, 0xFA, 0xFC, 0xF8, 0xE5};
static const uint32_t cyr_c[] = {0x431, 0x432, 0x433, 0x434, 0x436, 0x437, 0x43A, 0x43B, 0x43C, 0x43D,
                                 0x43F, 0x440, 0x441, 0x442, 0x444, 0x445, 0x446, 0x447, 0x448, 0x449};
static const uint32_t cyr_v[] = {0x430, 0x435, 0x438, 0x43E, 0x443, 0x44B, 0x44D, 0x44E, 0x44F};
static const uint32_t greek_c[] = {0x3B2, 0x3B3, 0x3B4, 0x3B6, 0x3B8, 0x3BA, 0x3BB, 0x3BC, 0x3BD,
                                   0x3BE, 0x3C0, 0x3C1, 0x3C3, 0x3C4, 0x3C6, 0x3C7, 0x3C8};
static const uint32_t greek_v[] = {0x3B1, 0x3B5, 0x3B7, 0x3B9, 0x3BF, 0x3C5, 0x3C9,
                                   0x3AC, 0x3AD, 0x3AE, 0x3AF, 0x3CC, 0x3CD, 0x3CE};

typedef struct gen {
    uint64_t *rng;
    char *out;
    size_t n;
} gen;

static uint64_t next(uint64_t *s)
{
    /* xorshift64*: small, fast, the same everywhere */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

static size_t pick(uint64_t *s, size_t n) { return (size_t)(next(s) % n); }

static void put(gen *g, uint32_t c)
{
    char *o = g->out + g->n;
    if (c < 0x80) {
        o[0] = (char)c;
        g->n += 1;
    } else if (c < 0x800) {
        o[0] = (char)(0xC0 | c >> 6);
        o[1] = (char)(0x80 | (c & 0x3F));
        g->n += 2;
    } else if (c < 0x10000) {
        o[0] = (char)(0xE0 | c >> 12);
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        g->n += 3;
    } else {
        o[0] = (char)(0xF0 | c >> 18);
        o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[3] = (char)(0x80 | (c & 0x3F));
        g->n += 4;
    }
}

#define PICK(g, a) put((g), (a)[pick((g)->rng, sizeof(a) / sizeof((a)[0]))])

/* Syllables consonant-vowel, sometimes closed by a consonant. */
static void syllables(gen *g, const uint32_t *c, size_t nc, const uint32_t *vw, size_t nv)
{
    size_t k = 1 + pick(g->rng, 4);
    for (size_t i = 0; i < k; i++) {
        put(g, c[pick(g->rng, nc)]);
        put(g, vw[pick(g->rng, nv)]);
        if (pick(g->rng, 4) == 0)
            put(g, c[pick(g->rng, nc)]);
    }
}

static void word_make(gen *g, int script)
{
    size_t k;
    switch (script) {
    case S_LATIN: syllables(g, latin_c, sizeof latin_c / 4, latin_v, sizeof latin_v / 4); break;
    case S_CYRILLIC: syllables(g, cyr_c, sizeof cyr_c / 4, cyr_v, sizeof cyr_v / 4); break;
    case S_GREEK: syllables(g, greek_c, sizeof greek_c / 4, greek_v, sizeof greek_v / 4); break;
    case S_ARABIC:
        k = 3 + pick(g->rng, 5);
        for (size_t i = 0; i < k; i++)
            put(g, 0x627 + (uint32_t)pick(g->rng, 0x64A - 0x627 + 1));
        break;
    case S_DEVANAGARI:
        k = 2 + pick(g->rng, 3);
        for (size_t i = 0; i < k; i++) {
            put(g, 0x915 + (uint32_t)pick(g->rng, 0x939 - 0x915 + 1));
            if (pick(g->rng, 3))
                put(g, 0x93E + (uint32_t)pick(g->rng, 0x94C - 0x93E + 1));
        }
        break;
    case S_CJK:
        k = 1 + pick(g->rng, 3);
        for (size_t i = 0; i < k; i++)
            put(g, 0x4E00 + (uint32_t)pick(g->rng, 4000));
        break;
    default:
        k = 1 + pick(g->rng, 2);
        for (size_t i = 0; i < k; i++)
            put(g, 0x1F300 + (uint32_t)pick(g->rng, 0x1F64F - 0x1F300 + 1));
        break;
    }
}

/* The script of rank r: the commonest words are Latin (as a person writing
 * mostly in one language with words of others), the rest spread. */
static int script_of(uint64_t *s, size_t r)
{
    if (r < 300)
        return S_LATIN;
    unsigned x = (unsigned)pick(s, 100);
    return x < 55   ? S_LATIN
           : x < 66 ? S_CYRILLIC
           : x < 74 ? S_GREEK
           : x < 82 ? S_ARABIC
           : x < 90 ? S_DEVANAGARI
           : x < 98 ? S_CJK
                    : S_EMOJI;
}

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
    return h;
}

/* Words made until n distinct ones are found (a hash set of offsets). */
static int words_make(bench_vocab *v, size_t n)
{
    size_t cap = n * 48, nslots = 1;
    while (nslots < n * 2)
        nslots *= 2;
    uint32_t *slot = calloc(nslots, sizeof *slot); /* offset + 1 */
    v->text = malloc(cap);
    v->start = malloc(n * sizeof *v->start);
    v->script = malloc(n);
    if (!slot || !v->text || !v->start || !v->script) {
        free(slot);
        return -1;
    }
    size_t len = 0;
    for (size_t r = 0; r < n;) {
        gen g = {&v->rng, v->text + len, 0};
        int script = script_of(&v->rng, r);
        word_make(&g, script);
        v->text[len + g.n] = 0;
        size_t k = hash_bytes(v->text + len, g.n) & (nslots - 1);
        int dup = 0;
        while (slot[k] && !dup) {
            dup = !strcmp(v->text + slot[k] - 1, v->text + len);
            k = (k + 1) & (nslots - 1);
        }
        if (dup)
            continue;
        slot[k] = (uint32_t)len + 1;
        v->start[r] = (uint32_t)len;
        v->script[r++] = (unsigned char)script;
        len += g.n + 1;
    }
    free(slot);
    return 0;
}

int bench_vocab_make(bench_vocab *v, size_t n, uint64_t seed)
{
    memset(v, 0, sizeof *v);
    v->rng = seed ? seed : 1;
    v->n = n;
    v->cdf = malloc(n * sizeof *v->cdf);
    v->used = calloc(n / 8 + 1, 1);
    if (!v->cdf || !v->used || words_make(v, n)) {
        bench_vocab_free(v);
        return -1;
    }
    double sum = 0;
    for (size_t r = 0; r < n; r++)
        v->cdf[r] = (sum += 1.0 / (double)(r + 1));
    for (size_t r = 0; r < n; r++)
        v->cdf[r] /= sum;
    return 0;
}

void bench_vocab_free(bench_vocab *v)
{
    free(v->text);
    free(v->start);
    free(v->script);
    free(v->cdf);
    free(v->used);
    memset(v, 0, sizeof *v);
}

const char *bench_vocab_word(const bench_vocab *v, size_t rank) { return v->text + v->start[rank % v->n]; }

uint64_t bench_vocab_rand(bench_vocab *v) { return next(&v->rng); }

size_t bench_vocab_draw(bench_vocab *v)
{
    double u = (double)(next(&v->rng) >> 11) / 9007199254740992.0;
    size_t lo = 0, hi = v->n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->cdf[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!(v->used[lo / 8] & (1u << (lo % 8)))) {
        v->used[lo / 8] |= (unsigned char)(1u << (lo % 8));
        v->n_used++;
    }
    return lo;
}

/* Append word r (and the separator before it) if it fits in cap - 1. */
static int append(const bench_vocab *v, char *out, size_t *n, size_t cap, size_t r, const char *sep)
{
    const char *w = bench_vocab_word(v, r);
    size_t ls = strlen(sep), lw = strlen(w);
    if (*n + ls + lw + 1 > cap)
        return -1;
    memcpy(out + *n, sep, ls);
    memcpy(out + *n + ls, w, lw);
    *n += ls + lw;
    out[*n] = 0;
    return 0;
}

static size_t body_words(bench_vocab *v)
{
    unsigned band = (unsigned)(next(&v->rng) % 100);
    if (band < 75)
        return 3 + next(&v->rng) % 118; /* a few lines       */
    if (band < 97)
        return 120 + next(&v->rng) % 480; /* a page or two     */
    return 600 + next(&v->rng) % 3400;    /* a long evening    */
}

size_t bench_vocab_entry(bench_vocab *v, char *title, size_t title_cap, char *body, size_t body_cap)
{
    size_t n = 0, nt = 1 + next(&v->rng) % 5;
    title[0] = body[0] = 0;
    for (size_t i = 0; i < nt; i++)
        if (append(v, title, &n, title_cap, bench_vocab_draw(v), i ? " " : ""))
            break;
    size_t words = body_words(v), done = 0;
    int prev = -1;
    n = 0;
    for (; done < words; done++) {
        size_t r = bench_vocab_draw(v);
        unsigned p = (unsigned)(next(&v->rng) % 100);
        const char *sep = done == 0 ? "" : p < 2 ? ".\n\n" : p < 8 ? ". " : p < 14 ? ", " : " ";
        if (!strcmp(sep, " ") && prev == S_CJK && v->script[r] == S_CJK)
            sep = "";
        if (append(v, body, &n, body_cap, r, sep))
            break;
        prev = v->script[r];
    }
    return done;
}
