/*
 * bench_unlock.c -- the Argon2id parameters im_kdf_calibrate picks on this
 * machine, and what an unlock with them costs; with a data folder, also
 * what unlocking and opening its journal costs beyond the derivation.
 *
 * Without DIR: creates a vault with the calibrated parameters in $TMPDIR
 * (or /tmp), then locks and unlocks it RUNS times (default 5) and prints
 * the median.  Calibration itself takes a few times the target; it is
 * timed too.
 *
 * With DIR and PASSPHRASE (a folder from tests/bench/bench_fixture): opens
 * that vault and, RUNS times, times the unlock alone and the unlock
 * followed by what the app does before it shows Home (im_journal_open) and
 * the journal's first page of 24 (the Journal screen's page).  "beyond" is the median difference.
 * "search-complete" is from the unlock's start until the index is complete,
 * stepped with im_journal_index_step(IM_JOURNAL_STEP_BYTES) as the app's
 * loop steps it (timed once, after the runs).
 *
 * Usage: bench_unlock [RUNS [DIR PASSPHRASE]]
 * Prints: "kdf: opslimit T memlimit M MiB (calibrated in C ms)"
 *         "unlock: runs N median M ms min A ms max B ms"
 *   with DIR also
 *         "unlock+journal: runs N median M ms first-page F ms beyond B ms"
 *         "search-complete: S ms steps K first F ms max M ms (slice I, CPU C ms)"
 *   (F: the first slice after the open, M: the longest, the I-th, C its
 *   CPU time: on a shared machine M may count other work's turns; what
 *   one frame waits for the index at most)
 *         "rss: R MB with the index complete" (VmRSS then: core alone)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"
#include "innermost/journal.h"
#include "innermost/vault.h"

static int fail(const char *what, im_rc rc)
{
    fprintf(stderr, "bench_unlock: %s: %s\n", what, im_rc_message(rc));
    return 1;
}

/* Unlock, open the journal, read its first page: the times of each step
 * into unlock_ms, home_ms (unlock + journal open) and page_ms. */
static int unlock_with_journal(im_vault *v, const char *pass, double *unlock_ms, double *home_ms,
                               double *page_ms)
{
    im_journal *j;
    im_entry_page p;
    im_vault_lock(v);
    double t = bench_now_ms();
    im_rc rc = im_vault_unlock(v, pass);
    if (rc)
        return fail("unlock", rc);
    *unlock_ms = bench_now_ms() - t;
    if ((rc = im_journal_open(v, &j)))
        return fail("open the journal", rc);
    *home_ms = bench_now_ms() - t;
    if ((rc = im_journal_list(j, 0, 24, &p)))
        return fail("first page", rc);
    *page_ms = bench_now_ms() - t;
    im_entry_page_free(&p);
    im_journal_close(j);
    return 0;
}

static int over_fixture(int runs, const char *dir, const char *pass)
{
    im_vault *v;
    im_kdf_params kdf;
    im_rc rc = im_vault_open(dir, &v);
    if (rc)
        return fail("open the vault", rc);
    if ((rc = im_vault_kdf_params(v, &kdf)))
        return fail("kdf parameters", rc);
    double u[100], h[100], p[100], beyond[100];
    for (int i = 0; i < runs; i++) {
        if (unlock_with_journal(v, pass, &u[i], &h[i], &p[i]))
            return 1;
        beyond[i] = p[i] - u[i];
    }
    /* Unlock -> the search complete. */
    im_journal *j;
    im_vault_lock(v);
    double t = bench_now_ms();
    size_t steps = 0;
    double first_ms = 0, max_ms = 0, max_cpu = 0;
    size_t max_at = 0;
    if ((rc = im_vault_unlock(v, pass)) || (rc = im_journal_open(v, &j)))
        return fail("unlock", rc);
    double complete_ms = 0;
    /* While pending, as the app's loop steps it: after the search is
     * complete (done) the steps compact the word lists. */
    for (int done = 0; !done || im_journal_index_pending(j); steps++) {
        double s0 = bench_now_ms(), c0 = bench_cpu_ms();
        int was = done;
        if ((rc = im_journal_index_step(j, IM_JOURNAL_STEP_BYTES, &done)))
            return fail("step", rc);
        double one = bench_now_ms() - s0, cpu = bench_cpu_ms() - c0;
        if (steps == 0)
            first_ms = one;
        if (one > max_ms)
            max_ms = one, max_cpu = cpu, max_at = steps;
        if (done && !was)
            complete_ms = bench_now_ms() - t;
    }
    double tidy_ms = bench_now_ms() - t;
    long rss_kib = bench_rss_kib();
    im_journal_close(j);
    im_vault_close(v);
    double um = bench_pct(u, (size_t)runs, 0.5), lo = u[0], hi = u[runs - 1];
    printf("kdf: opslimit %llu memlimit %llu MiB (as stored)\n", (unsigned long long)kdf.opslimit,
           (unsigned long long)(kdf.memlimit >> 20));
    printf("unlock: runs %d median %.0f ms min %.0f ms max %.0f ms\n", runs, um, lo, hi);
    printf("unlock+journal: runs %d median %.0f ms first-page %.0f ms beyond %.1f ms\n", runs,
           bench_pct(h, (size_t)runs, 0.5), bench_pct(p, (size_t)runs, 0.5),
           bench_pct(beyond, (size_t)runs, 0.5));
    printf("search-complete: %.0f ms steps %zu first %.1f ms max %.1f ms (slice %zu, CPU %.1f ms)\n",
           complete_ms, steps, first_ms, max_ms, max_at + 1, max_cpu);
    printf("compacted: %.0f ms (the word lists, after the search is complete; steps counted above)\n",
           tidy_ms);
    printf("rss: %.1f MB with the index complete\n", (double)rss_kib / 1024);
    return 0;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    if (runs < 1 || runs > 100)
        runs = 5;
    if (argc == 4)
        return over_fixture(runs, argv[2], argv[3]);
    const char *base = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/im-unlock-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir))
        return 1;

    im_kdf_params kdf;
    double t = bench_now_ms();
    im_rc rc = im_kdf_calibrate(IM_KDF_TARGET_MS, &kdf);
    double calibrate_ms = bench_now_ms() - t;
    if (rc)
        return fail("calibrate", rc);
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *v;
    if ((rc = im_vault_create(dir, "benchmark passphrase", &kdf, code, &v)))
        return fail("create", rc);
    double ms[100];
    for (int i = 0; i < runs; i++) {
        im_vault_lock(v);
        t = bench_now_ms();
        if ((rc = im_vault_unlock(v, "benchmark passphrase")))
            return fail("unlock", rc);
        ms[i] = bench_now_ms() - t;
    }
    if ((rc = im_vault_erase(v)))
        return fail("erase", rc);
    remove(dir);
    double median = bench_pct(ms, (size_t)runs, 0.5); /* sorts ms */
    printf("kdf: opslimit %llu memlimit %llu MiB (calibrated in %.0f ms)\n", (unsigned long long)kdf.opslimit,
           (unsigned long long)(kdf.memlimit >> 20), calibrate_ms);
    printf("unlock: runs %d median %.0f ms min %.0f ms max %.0f ms\n", runs, median, ms[0], ms[runs - 1]);
    return 0;
}
