/*
 * journal_bench.c -- figures for the journal with 10,000 (or N) entries
 * (not a test: it prints, it does not judge).  Run it with `make
 * bench-journal` (a Release build).
 *
 * The entries are tests/bench/vocab.h text: 60,000 generated words in
 * seven scripts drawn with a Zipf-like spread, entries from a few words to
 * several thousand, dated one every ~2.6 hours back from now.
 *
 *   save     one entry per call, each its own transaction (fsync): create,
 *            update, and a draft save, 1,000 of each; p50 and p99; and
 *            im_record_put of 1 KiB alone, to show what the vault costs
 *   open     im_journal_open plus the first page of 24 (the Journal screen's
 *            page; it comes from the journal's head:
 *            no entry is read); best and median of 7
 *   build    from open, im_journal_index_step(IM_JOURNAL_STEP_BYTES) over
 *            and over, as the app's loop does, while the index is pending:
 *            the time until the search is complete, steps (with the ones
 *            after it that compact the word lists), the longest step (what
 *            one frame would wait at most), and the time until compacted
 *   search   30 different queries of 1-2 words over all entries (each a
 *            fresh scan): common, middling and rare words; p50 and max
 *   rss      the process's resident memory (VmRSS) with the journal open
 *            and all entries in its index (core alone: no SDL, no fonts)
 *   memory   where the index's bytes are: nodes (and the text they keep),
 *            the node array, the dictionary's parts (tokens, hash slots,
 *            list heads, posting chunks), and the C library's heap (in
 *            use, free but kept, mapped) where it can say (glibc)
 * Targets (on the 2-core build machine): save p99 <= 1 ms, first
 * page <= 10 ms at 10,000 and 100,000 entries, search <= 30 ms.
 *
 * Open and search print CPU time beside wall time: on a loaded machine the
 * difference is time spent waiting for a core.
 *
 * Usage: journal_bench [entries [saves]]   (default 10000; "saves": the
 * setup and the create row alone, for callgrind and strace, with the
 * slowest saves, their size and whether a checkpoint ran in them; with
 * JOURNAL_BENCH_KEEP set it exits there without closing, leaving the vault
 * and its WAL to look at).  The vault goes to
 * $TMPDIR (or /tmp); the disk there decides the save figures.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "journal_internal.h"
#include "vocab.h"
#include "innermost/journal.h"
#include "innermost/vault.h"
#ifdef __GLIBC__
#include <malloc.h>
#endif

static void fail(const char *what, im_rc rc)
{
    fprintf(stderr, "journal_bench: %s: %s\n", what, im_rc_name(rc));
    exit(1);
}

#define SAVES 1000
#define FIRST_PAGE 24 /* app/src/screens/journal_rows.h, JR_PAGE_ROWS */
#define VOCAB_WORDS 60000
#define VOCAB_SEED 0x1D2C3B4A59687766ULL
#define STEP_MS (INT64_C(9360) * 1000) /* 2.6 hours */

/* A query of one or two words: common, middling or rare by q. */
static void query_make(bench_vocab *voc, int q, char *out, size_t cap)
{
    static const size_t lo[3] = {0, 500, 10000}, span[3] = {100, 9500, 40000};
    int band = q % 3;
    size_t a = lo[band] + (size_t)(bench_vocab_rand(voc) % span[band]);
    if (q % 4 == 3) {
        size_t b = (size_t)(bench_vocab_rand(voc) % 300);
        snprintf(out, cap, "%s %s", bench_vocab_word(voc, a), bench_vocab_word(voc, b));
    } else {
        snprintf(out, cap, "%s", bench_vocab_word(voc, a));
    }
}

/* One line: where the index's memory is (see the top). */
static void memory_print(const im_journal *j)
{
    const im_jindex *x = &j->index;
    const im_jwords *d = &x->words;
    size_t nodes = 0, kept = 0, with_text = 0;
    for (size_t i = 0; i < x->n; i++) {
#ifdef __GLIBC__
        nodes += malloc_usable_size(x->v[i]) + sizeof(size_t);
#else
        nodes += im_jnode_bytes(x->v[i]);
#endif
        if (x->v[i]->preview) {
            kept += im_jnode_bytes(x->v[i]) - sizeof(im_jnode);
            with_text++;
        }
    }
    size_t chunks = d->live_pages ? (d->live_pages - 1) * (size_t)IM_JWORDS_PAGE + d->page_used : 0;
    printf("memory nodes %.1f MB (%zu, %zu with text: %.2f MB) array %.1f MB; dictionary %.1f MB: "
           "tokens %.1f MB, slots %.1f MB, list heads %.1f MB, postings %.1f MB in %zu pages of %u KiB "
           "(%zu pairs, %.2f bytes a pair)",
           nodes / 1e6, x->n, with_text, kept / 1e6, x->cap * sizeof *x->v / 1e6, im_jwords_bytes(d) / 1e6,
           (d->text_cap + d->start_cap) / 1e6, d->nslots * sizeof *d->slots / 1e6, d->post_cap / 1e6,
           chunks / 1e6, d->live_pages, IM_JWORDS_PAGE / 1024, d->postings,
           d->postings ? (double)chunks / (double)d->postings : 0.0);
#if defined(__GLIBC__) && defined(__GLIBC_MINOR__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    struct mallinfo2 mi = mallinfo2();
    printf("; heap in use %.1f MB, free %.1f MB, mapped %.1f MB", (double)mi.uordblks / 1e6,
           (double)mi.fordblks / 1e6, (double)mi.hblkhd / 1e6);
#endif
    printf("\n");
}

/* The save row: SAVES creates on top of the full journal, one
 * transaction each.  A function of its own so that callgrind can count it
 * alone (--toggle-collect=save_creates: instructions per save). */
/* One create.  Two copies of the call, so that callgrind shows the long
 * entries (over LONG_BYTES of body: the "long evening" ones that set the
 * p99) apart from the rest: save_one / save_one_long, inclusive. */
#define LONG_BYTES (16 * 1024)
__attribute__((noinline)) static im_rc save_one(im_journal *j, const im_entry_fields *f, int64_t *id)
{
    return im_journal_create(j, f, id);
}
__attribute__((noinline)) static im_rc save_one_long(im_journal *j, const im_entry_fields *f, int64_t *id)
{
    im_rc rc = im_journal_create(j, f, id);
    __asm__ volatile("" ::: "memory"); /* not folded into save_one */
    return rc;
}

/* What the saves mode tells of each save beside its time: the body's
 * bytes, and whether SQLite checkpointed the WAL into the database file
 * during it (the file's modification time moved: nothing else writes it). */
static size_t save_bytes[SAVES];
static int save_ckpt[SAVES];
static char save_db[4200];

static long long db_mtime_ns(void)
{
    struct stat st;
    if (!save_db[0] || stat(save_db, &st) != 0)
        return 0;
    return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

__attribute__((noinline)) static void save_creates(im_journal *j, bench_vocab *voc, char *title,
                                                   size_t title_cap, char *body, int64_t *ids, double *ms,
                                                   double *cpu)
{
    for (size_t i = 0; i < SAVES; i++) {
        bench_vocab_entry(voc, title, title_cap, body, BENCH_VOCAB_BODY_CAP);
        im_entry_fields f = {title, body, 3, NULL, NULL, NULL};
        save_bytes[i] = strlen(body);
        long long m0 = db_mtime_ns();
        double c1 = bench_cpu_ms();
        double t = bench_now_ms();
        im_rc rc = strlen(body) > LONG_BYTES ? save_one_long(j, &f, &ids[i]) : save_one(j, &f, &ids[i]);
        if (rc != IM_OK)
            fail("save", rc);
        ms[i] = bench_now_ms() - t;
        cpu[i] = bench_cpu_ms() - c1;
        save_ckpt[i] = db_mtime_ns() != m0;
    }
}

/* The saves mode's tail: the slowest saves, their size, CPU time and
 * whether a checkpoint ran in them. */
static void tail_print(const double *ms, const double *cpu, size_t n)
{
    size_t order[SAVES];
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 0; i < n && i < 15; i++)
        for (size_t k = i + 1; k < n; k++)
            if (ms[order[k]] > ms[order[i]]) {
                size_t t = order[i];
                order[i] = order[k];
                order[k] = t;
            }
    size_t ckpt = 0, long_n = 0;
    for (size_t i = 0; i < n; i++) {
        ckpt += save_ckpt[i] != 0;
        long_n += save_bytes[i] > LONG_BYTES;
    }
    printf("saves with a checkpoint: %zu; over %d KiB of body: %zu\n", ckpt, LONG_BYTES / 1024, long_n);
    printf("slowest 15: ");
    for (size_t i = 0; i < n && i < 15; i++)
        printf("%.3f ms (CPU %.3f, %zu B%s)%s", ms[order[i]], cpu[order[i]], save_bytes[order[i]],
               save_ckpt[order[i]] ? ", checkpoint" : "", i + 1 < 15 ? "; " : "\n");
}

int main(int argc, char **argv)
{
    size_t entries = argc > 1 ? (size_t)atol(argv[1]) : 10000;
    /* "saves": the setup and the creates alone (for callgrind, strace). */
    int saves_only = argc > 2 && strcmp(argv[2], "saves") == 0;
    const char *base = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/im-bench-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir))
        return 1;
    im_kdf_params kdf = im_kdf_params_min();
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *v;
    im_journal *j;
    im_rc rc = im_vault_create(dir, "benchmark passphrase", &kdf, code, &v);
    if (rc != IM_OK)
        fail("create vault", rc);
    if ((rc = im_journal_open(v, &j)) != IM_OK)
        fail("open journal", rc);

    bench_vocab voc;
    if (bench_vocab_make(&voc, VOCAB_WORDS, VOCAB_SEED))
        fail("vocabulary", IM_ERR_NOMEM);
    char title[256], *body = malloc(BENCH_VOCAB_BODY_CAP);
    int64_t now_ms = im_clock_now_ms(NULL);
    int64_t clock_ms = now_ms - (int64_t)entries * STEP_MS;
    im_clock fixed = im_clock_fixed(&clock_ms);
    im_vault_set_clock(v, &fixed);
    double t = bench_now_ms();
    size_t words = 0, bytes = 0;
    if ((rc = im_vault_begin(v)) != IM_OK)
        fail("begin", rc);
    for (size_t i = 0; i < entries; i++) {
        clock_ms += STEP_MS;
        words += bench_vocab_entry(&voc, title, sizeof title, body, BENCH_VOCAB_BODY_CAP);
        bytes += strlen(body);
        im_entry_fields f = {title, body, (int)(bench_vocab_rand(&voc) % 6), NULL, NULL, NULL};
        if ((rc = im_journal_create(j, &f, NULL)) != IM_OK)
            fail("create", rc);
    }
    if ((rc = im_vault_commit(v)) != IM_OK)
        fail("commit", rc);
    im_vault_set_clock(v, NULL);
    printf("setup: %zu entries in one transaction: %.0f ms\n", entries, bench_now_ms() - t);
    printf("text: %zu words, %zu distinct (of %d generated), %.1f MB of bodies\n", words, voc.n_used,
           VOCAB_WORDS, (double)bytes / 1e6);

    /* Open + first page. */
    double open_ms[7], open_cpu[7];
    size_t count = 0;
    for (int r = 0; r < 7; r++) {
        im_journal_close(j);
        double c = bench_cpu_ms();
        t = bench_now_ms();
        if ((rc = im_journal_open(v, &j)) != IM_OK)
            fail("reopen", rc);
        im_entry_page p;
        if ((rc = im_journal_list(j, 0, FIRST_PAGE, &p)) != IM_OK || p.n != FIRST_PAGE)
            fail("first page", rc);
        open_ms[r] = bench_now_ms() - t;
        open_cpu[r] = bench_cpu_ms() - c;
        count = p.total;
        im_entry_page_free(&p);
    }
    double open_best = bench_pct(open_ms, 7, 0.0), open_med = bench_pct(open_ms, 7, 0.5);
    double open_cpu_med = bench_pct(open_cpu, 7, 0.5);

    /* The build, stepped as the app's loop steps it. */
    im_journal_close(j);
    size_t steps = 0, cap = 1024;
    double *step_ms = malloc(cap * sizeof *step_ms);
    double c0 = bench_cpu_ms();
    t = bench_now_ms();
    if ((rc = im_journal_open(v, &j)) != IM_OK)
        fail("reopen", rc);
    /* Stepped while it is pending, as the app's loop does: the steps after
     * the search is complete (done) compact the word lists. */
    double build_ms = 0, build_cpu = 0;
    size_t steps_complete = 0;
    for (int done = 0; !done || im_journal_index_pending(j);) {
        double s0 = bench_now_ms();
        int was = done;
        if ((rc = im_journal_index_step(j, IM_JOURNAL_STEP_BYTES, &done)) != IM_OK)
            fail("step", rc);
        if (steps == cap)
            step_ms = realloc(step_ms, (cap *= 2) * sizeof *step_ms);
        step_ms[steps++] = bench_now_ms() - s0;
        if (done && !was) {
            build_ms = bench_now_ms() - t, build_cpu = bench_cpu_ms() - c0;
            steps_complete = steps;
        }
    }
    double tidy_ms = bench_now_ms() - t, tidy_cpu = bench_cpu_ms() - c0;
    double step50 = bench_pct(step_ms, steps, 0.5), step99 = bench_pct(step_ms, steps, 0.99),
           stepmax = bench_pct(step_ms, steps, 1.0);
    free(step_ms);
    long rss_loaded = bench_rss_kib();
    memory_print(j);

    /* Search: distinct queries, each a fresh scan. */
    double search_ms[30], search_cpu[30];
    size_t hits = 0;
    for (int q = 0; q < 30; q++) {
        char query[128];
        query_make(&voc, q, query, sizeof query);
        im_entry_page p;
        double c = bench_cpu_ms();
        t = bench_now_ms();
        if ((rc = im_journal_search(j, query, 0, 50, &p)) != IM_OK)
            fail("search", rc);
        search_ms[q] = bench_now_ms() - t;
        search_cpu[q] = bench_cpu_ms() - c;
        hits += p.total;
        im_entry_page_free(&p);
    }
    double s50 = bench_pct(search_ms, 30, 0.5), smax = bench_pct(search_ms, 30, 1.0);
    double scpu50 = bench_pct(search_cpu, 30, 0.5), scpumax = bench_pct(search_cpu, 30, 1.0);

    /* Saves, one transaction each, on top of the full journal (after the
     * open and search figures, which are taken at exactly `entries`). */
    static double create_ms[SAVES], create_cpu[SAVES], update_ms[SAVES], draft_ms[SAVES];
    int64_t *ids = malloc(SAVES * sizeof *ids);
    if (saves_only)
        snprintf(save_db, sizeof save_db, "%s/innermost.db", dir);
    save_creates(j, &voc, title, sizeof title, body, ids, create_ms, create_cpu);
    if (saves_only) {
        tail_print(create_ms, create_cpu, SAVES);
        if (getenv("JOURNAL_BENCH_KEEP")) { /* the vault as the saves left it, WAL and all */
            printf("kept: %s\n", dir);
            fflush(stdout);
            _exit(0);
        }
        printf("save   create p50 %.3f ms  p99 %.3f ms  (CPU p50 %.3f ms  p99 %.3f ms)\n",
               bench_pct(create_ms, SAVES, 0.5), bench_pct(create_ms, SAVES, 0.99),
               bench_pct(create_cpu, SAVES, 0.5), bench_pct(create_cpu, SAVES, 0.99));
        im_journal_close(j);
        if (im_vault_erase(v) != IM_OK)
            fprintf(stderr, "erase failed\n");
        remove(dir);
        return 0;
    }
    for (size_t i = 0; i < SAVES; i++) {
        bench_vocab_entry(&voc, title, sizeof title, body, BENCH_VOCAB_BODY_CAP);
        im_entry_fields f = {title, body, 4, NULL, NULL, NULL};
        t = bench_now_ms();
        if ((rc = im_journal_update(j, ids[bench_rand() % SAVES], &f)) != IM_OK)
            fail("update", rc);
        update_ms[i] = bench_now_ms() - t;
    }
    for (size_t i = 0; i < SAVES; i++) {
        bench_vocab_entry(&voc, title, sizeof title, body, BENCH_VOCAB_BODY_CAP);
        im_entry_fields f = {title, body, 0, NULL, NULL, NULL};
        t = bench_now_ms();
        if ((rc = im_journal_draft_save(j, 0, &f)) != IM_OK)
            fail("draft", rc);
        draft_ms[i] = bench_now_ms() - t;
    }
    /* For comparison: the vault alone, one 1 KiB record per transaction. */
    static double raw_ms[SAVES];
    memset(body, 'x', 1024);
    for (size_t i = 0; i < SAVES; i++) {
        int64_t id = 0;
        t = bench_now_ms();
        if ((rc = im_record_put(v, IM_KIND_PROFILE, &id, body, 1024)) != IM_OK)
            fail("record put", rc);
        raw_ms[i] = bench_now_ms() - t;
    }
    double r50 = bench_pct(raw_ms, SAVES, 0.5), r99 = bench_pct(raw_ms, SAVES, 0.99);
    double c50 = bench_pct(create_ms, SAVES, 0.5), c99 = bench_pct(create_ms, SAVES, 0.99);
    double cc50 = bench_pct(create_cpu, SAVES, 0.5), cc99 = bench_pct(create_cpu, SAVES, 0.99);
    double u50 = bench_pct(update_ms, SAVES, 0.5), u99 = bench_pct(update_ms, SAVES, 0.99);
    double d50 = bench_pct(draft_ms, SAVES, 0.5), d99 = bench_pct(draft_ms, SAVES, 0.99);

    printf("journal with %zu entries (generated vocabulary), vault in %s\n", count,
           base && *base ? base : "/tmp");
    printf("save   create p50 %.3f ms  p99 %.3f ms   (target p99 <= 1 ms)  (CPU p50 %.3f ms  p99 %.3f ms)\n",
           c50, c99, cc50, cc99);
    printf("       update p50 %.3f ms  p99 %.3f ms\n", u50, u99);
    printf("       draft  p50 %.3f ms  p99 %.3f ms\n", d50, d99);
    printf("       (vault alone, im_record_put of 1 KiB: p50 %.3f ms  p99 %.3f ms)\n", r50, r99);
    printf("open   load + first page: best %.1f ms  median %.1f ms "
           "(CPU median %.1f ms)   (goal <= 10 ms)\n",
           open_best, open_med, open_cpu_med);
    printf("build  open -> search complete: total %.0f ms (CPU %.0f ms) steps %zu "
           "step-p50 %.2f ms step-p99 %.2f ms step-max %.2f ms\n",
           build_ms, build_cpu, steps, step50, step99, stepmax);
    printf("       then the word lists compacted: %.0f ms (CPU %.0f ms) from open, %zu steps more "
           "(in the step figures above)\n",
           tidy_ms, tidy_cpu, steps - steps_complete);
    printf("search 30 queries: p50 %.2f ms  max %.2f ms (CPU p50 %.2f, max "
           "%.2f)  (%zu hits)   (target <= 30 ms)\n",
           s50, smax, scpu50, scpumax, hits);
    printf("rss    with the journal open and its index complete: %.1f MB (VmRSS, core only)\n",
           (double)rss_loaded / 1024);
    printf("(wall times include waiting for the CPU on a shared machine; CPU "
           "times are this process's own work)\n");

    im_journal_close(j);
    im_rc erased = im_vault_erase(v);
    if (erased)
        fprintf(stderr, "erase: %s\n", im_rc_message(erased));
    remove(dir);
    free(ids);
    free(body);
    bench_vocab_free(&voc);
    return 0;
}
