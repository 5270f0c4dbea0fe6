/*
 * vocab.h -- a generated vocabulary for journal figures: many distinct
 * words in several scripts, drawn with a Zipf-like spread, and entry text
 * made from them.
 *
 * Real journals have tens of thousands of distinct words, a few of them
 * very common and most rare; search and its dictionary cost what that
 * spread makes them cost, so a handful of repeated words flatters them.
 * Words are made from syllables of each script (Latin with accents,
 * Cyrillic, Greek, Arabic, Devanagari, CJK ideographs, emoji), never copied
 * from any text.  Everything follows from the seed: the same seed gives
 * the same words and the same entries on every run and machine.
 *
 * Rank r (0 = most common) is drawn with probability proportional to
 * 1 / (r + 1).  An entry's length in words is drawn from three bands: most
 * entries a few words to about a hundred, some several hundred, a few
 * several thousand.
 */
#ifndef IM_BENCH_VOCAB_H
#define IM_BENCH_VOCAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_vocab {
    char *text;            /* every word, each followed by a NUL            */
    uint32_t *start;       /* word r is text + start[r]                     */
    unsigned char *script; /* script of word r (0 Latin ... 6 emoji)       */
    double *cdf;           /* cdf[r]: probability of a rank <= r            */
    unsigned char *used;   /* a bit per word drawn so far                   */
    size_t n, n_used;
    uint64_t rng;
} bench_vocab;

/* Make n distinct words from seed.  0 on success, -1 out of memory. */
int bench_vocab_make(bench_vocab *v, size_t n, uint64_t seed);
void bench_vocab_free(bench_vocab *v);

const char *bench_vocab_word(const bench_vocab *v, size_t rank);

/* The next pseudo-random number of v's sequence. */
uint64_t bench_vocab_rand(bench_vocab *v);

/* A rank drawn with the Zipf-like spread (and marked as used). */
size_t bench_vocab_draw(bench_vocab *v);

/* An entry: a title of 1-5 words (at most title_cap - 1 bytes, cut
 * between words) and a body of the drawn length (at most body_cap - 1
 * bytes: BENCH_VOCAB_BODY_CAP always fits), with spaces, commas,
 * full stops and paragraph breaks between words (no space between two
 * ideographic words, as such text is written).  Returns the body's words. */
#define BENCH_VOCAB_BODY_CAP (64u * 1024u)
size_t bench_vocab_entry(bench_vocab *v, char *title, size_t title_cap, char *body, size_t body_cap);

#endif
