/*
 * bench_fixture.c -- a data folder for the app's figures: a vault with N
 * journal entries, as if someone had written for a few years.
 *
 *   bench_fixture DIR PASSPHRASE ENTRIES min|calibrated [mixed]
 *
 * "mixed": each entry also holds sentences in three of 13 scripts (Latin
 * with diacritics, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Bengali,
 * Tamil, Thai, Chinese, Japanese, Korean, emoji), its title starting with
 * one, so the journal list shapes every script and its fallback fonts.
 *
 * DIR is made if missing and must not hold a vault yet.  "calibrated" derives the key with the
 * parameters im_kdf_calibrate picks on this machine, as the app does on
 * first run (so an unlock costs what it costs a person); "min" uses the
 * floor (64 MiB, one pass), for runs that only need the data.  Entries get
 * titles and bodies made from tests/bench/vocab.h's generated vocabulary
 * (60,000 distinct words in seven scripts, a Zipf-like spread, lengths
 * from a few words to several thousand) and a mood, and are dated back
 * from now, one every ~2.6 hours, so the journal list has many days, as a
 * real one would.  All entries are written in one transaction.  Prints
 * "fixture: entries N kdf t=T M MiB in S ms", then "text: W words, D
 * distinct, B MB of bodies".
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_util.h"
#include "vocab.h"
#include "innermost/journal.h"
#include "innermost/vault.h"

#define STEP_MS (INT64_C(9360) * 1000) /* 2.6 hours */
/* The same words and entries as tests/bench/journal_bench.c. */
#define VOCAB_WORDS 60000
#define VOCAB_SEED 0x1D2C3B4A59687766ULL

typedef struct text_stats {
    size_t words, distinct;
    double mb;
} text_stats;

static int fail(const char *what, im_rc rc)
{
    fprintf(stderr, "bench_fixture: %s: %s\n", what, im_rc_message(rc));
    return 1;
}

static const char *const mixed_sentences[] = {
    "\xC3\x87"
    "a m\xE2\x80\x99"
    "a touch\xC3\xA9"
    "e, na\xC3\xAF"
    "ve fa\xC3\xA7"
    "ade",
    "\xCE\x97 \xCE\xB5\xCE\xBC\xCF\x80\xCE\xB9\xCF\x83\xCF\x84\xCE\xBF\xCF\x83\xCF\x8D\xCE\xBD\xCE\xB7 "
    "\xCF\x87\xCF\x84\xCE\xAF\xCE\xB6\xCE\xB5\xCF\x84\xCE\xB1\xCE\xB9",
    "\xD0\x94\xD0\xBE\xD0\xB2\xD0\xB5\xD1\x80\xD0\xB8\xD0\xB5 "
    "\xD1\x81\xD1\x82\xD1\x80\xD0\xBE\xD0\xB8\xD1\x82\xD1\x81\xD1\x8F",
    "\xD8\xA7\xD9\x84\xD8\xAB\xD9\x82\xD8\xA9 \xD8\xAA\xD9\x8F\xD8\xA8\xD9\x86\xD9\x89 "
    "\xD8\xA8\xD8\xA8\xD8\xB7\xD8\xA1",
    "\xD7\x94\xD7\x90\xD7\x9E\xD7\x95\xD7\x9F \xD7\xA0\xD7\x91\xD7\xA0\xD7\x94 \xD7\x9C\xD7\x90\xD7\x98",
    "\xE0\xA4\xAD\xE0\xA4\xB0\xE0\xA5\x8B\xE0\xA4\xB8\xE0\xA4\xBE "
    "\xE0\xA4\xA7\xE0\xA5\x80\xE0\xA4\xB0\xE0\xA5\x87 "
    "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7\xE0\xA4\xAE\xE0\xA4\xBE",
    "\xE0\xA6\xAC\xE0\xA6\xBF\xE0\xA6\xB6\xE0\xA7\x8D\xE0\xA6\xAC\xE0\xA6\xBE\xE0\xA6\xB8 "
    "\xE0\xA6\xA7\xE0\xA7\x80\xE0\xA6\xB0\xE0\xA7\x87",
    "\xE0\xAE\xA8\xE0\xAE\xAE\xE0\xAF\x8D\xE0\xAE\xAA\xE0\xAE\xBF\xE0\xAE\x95\xE0\xAF\x8D\xE0\xAE\x95\xE0\xAF"
    "\x88 \xE0\xAE\xAE\xE0\xAF\x86\xE0\xAE\xA4\xE0\xAF\x81\xE0\xAE\xB5\xE0\xAE\xBE\xE0\xAE\x95",
    "\xE0\xB8\x84\xE0\xB8\xA7\xE0\xB8\xB2\xE0\xB8\xA1\xE0\xB9\x84\xE0\xB8\xA7\xE0\xB9\x89\xE0\xB8\xA7\xE0\xB8"
    "\xB2\xE0\xB8\x87\xE0\xB9\x83\xE0\xB8\x88",
    "\xE4\xBF\xA1\xE4\xBB\xBB\xE6\x98\xAF\xE6\x85\xA2\xE6\x85\xA2\xE5\xBB\xBA\xE7\xAB\x8B\xE8\xB5\xB7\xE6\x9D"
    "\xA5\xE7\x9A\x84\xE3\x80\x82",
    "\xE4\xBF\xA1\xE9\xA0\xBC\xE3\x81\xAF\xE3\x82\x86\xE3\x81\xA3\xE3\x81\x8F\xE3\x82\x8A\xE7\xAF\x89\xE3\x81"
    "\x8B\xE3\x82\x8C\xE3\x81\xBE\xE3\x81\x99",
    "\xEC\x8B\xA0\xEB\xA2\xB0\xEB\x8A\x94 \xEC\xB2\x9C\xEC\xB2\x9C\xED\x9E\x88 "
    "\xEC\x8C\x93\xEC\x9E\x85\xEB\x8B\x88\xEB\x8B\xA4",
    "\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD "
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 \xE2\x9D\xA4\xEF\xB8\x8F",
};
#define MIXED_N (sizeof mixed_sentences / sizeof mixed_sentences[0])

/* The largest n <= max with s[0..n) ending on a UTF-8 boundary. */
static size_t clip_utf8(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* Puts sentences of three scripts (rotating with i) around the entry's
 * own words; the title starts with (up to 40 bytes of) the first.  body
 * has room for BENCH_VOCAB_BODY_CAP + 512 bytes. */
static void mix(size_t i, char title[64], char *body)
{
    const char *a = mixed_sentences[i % MIXED_N], *b = mixed_sentences[(i * 5 + 3) % MIXED_N],
               *c = mixed_sentences[(i * 7 + 6) % MIXED_N];
    char t[128], *rest = strdup(body);
    if (!rest)
        return;
    snprintf(t, sizeof t, "%.*s %s", (int)clip_utf8(a, 40), a, title);
    size_t n = clip_utf8(t, 63);
    memcpy(title, t, n);
    title[n] = '\0';
    snprintf(body, BENCH_VOCAB_BODY_CAP + 512, "%s. %s %s.", b, rest, c);
    free(rest);
}

static int fill(im_vault *v, size_t entries, int64_t *clock_ms, int mixed, text_stats *st)
{
    im_journal *j;
    bench_vocab voc;
    if (bench_vocab_make(&voc, VOCAB_WORDS, VOCAB_SEED))
        return fail("make the vocabulary", IM_ERR_NOMEM);
    im_rc rc = im_journal_open(v, &j);
    if (rc) {
        bench_vocab_free(&voc);
        return fail("open the journal", rc);
    }
    char title[64], *body = malloc(BENCH_VOCAB_BODY_CAP + 512);
    if (!body || (rc = im_vault_begin(v))) {
        im_journal_close(j);
        free(body);
        bench_vocab_free(&voc);
        return body ? fail("begin", rc) : 1;
    }
    double bytes = 0;
    for (size_t i = 0; i < entries && rc == IM_OK; i++) {
        *clock_ms += STEP_MS;
        st->words += bench_vocab_entry(&voc, title, sizeof title, body, BENCH_VOCAB_BODY_CAP);
        if (mixed)
            mix(i, title, body);
        bytes += (double)strlen(body);
        im_entry_fields f = {title, body, (int)(bench_vocab_rand(&voc) % 6), NULL, NULL, NULL};
        rc = im_journal_create(j, &f, NULL);
    }
    st->distinct = voc.n_used;
    st->mb = bytes / 1e6;
    bench_vocab_free(&voc);
    if (rc == IM_OK)
        rc = im_vault_commit(v);
    else
        im_vault_rollback(v);
    im_journal_close(j);
    free(body);
    return rc ? fail("write the entries", rc) : 0;
}

int main(int argc, char **argv)
{
    int mixed = argc == 6 && !strcmp(argv[5], "mixed");
    if ((argc != 5 && !mixed) || (strcmp(argv[4], "min") && strcmp(argv[4], "calibrated"))) {
        fprintf(stderr, "usage: bench_fixture DIR PASSPHRASE ENTRIES min|calibrated [mixed]\n");
        return 2;
    }
    size_t entries = (size_t)atol(argv[3]);
    double t0 = bench_now_ms();
    im_kdf_params kdf = im_kdf_params_min();
    im_rc rc = IM_OK;
    if (!strcmp(argv[4], "calibrated") && (rc = im_kdf_calibrate(IM_KDF_TARGET_MS, &kdf)))
        return fail("calibrate", rc);
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *v;
    mkdir(argv[1], 0700); /* an existing folder is fine */
    if ((rc = im_vault_create(argv[1], argv[2], &kdf, code, &v)))
        return fail("create the vault", rc);
    /* The entries are dated back from now: set the clock before each. */
    int64_t now = im_clock_now_ms(NULL), clock_ms = now - (int64_t)entries * STEP_MS;
    im_clock fixed = im_clock_fixed(&clock_ms);
    im_vault_set_clock(v, &fixed);
    text_stats st = {0, 0, 0};
    int bad = fill(v, entries, &clock_ms, mixed, &st);
    im_vault_close(v);
    if (bad)
        return 1;
    printf("fixture: entries %zu%s kdf t=%llu %llu MiB in %.0f ms\n", entries,
           mixed ? " (mixed scripts)" : "", (unsigned long long)kdf.opslimit,
           (unsigned long long)(kdf.memlimit >> 20), bench_now_ms() - t0);
    printf("text: %zu words, %zu distinct, %.1f MB of bodies\n", st.words, st.distinct, st.mb);
    return 0;
}
