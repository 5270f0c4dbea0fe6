/*
 * bench_fixture.c -- a data folder for the app's figures: a vault with N
 * journal entries, as if someone had written for a few years.
 *
 *   bench_fixture DIR PASSPHRASE ENTRIES min|calibrated
 *
 * DIR is made if missing and must not hold a vault yet.  "calibrated" derives the key with the
 * parameters im_kdf_calibrate picks on this machine, as the app does on
 * first run (so an unlock costs what it costs a person); "min" uses the
 * floor (64 MiB, one pass), for runs that only need the data.  Entries get
 * bench_text_make's titles and bodies and a mood, and are dated from about
 * three years ago to now (one every ~2.6 hours), so the journal list has
 * many days, as a real one would.  All entries are written in one
 * transaction.  Prints "fixture: entries N kdf t=T M MiB in S ms".
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_util.h"
#include "innermost/journal.h"
#include "innermost/vault.h"

#define STEP_MS (INT64_C(9360) * 1000) /* 2.6 hours */

static int fail(const char *what, im_rc rc)
{
    fprintf(stderr, "bench_fixture: %s: %s\n", what, im_rc_message(rc));
    return 1;
}

static int fill(im_vault *v, size_t entries, int64_t *clock_ms)
{
    im_journal *j;
    im_rc rc = im_journal_open(v, &j);
    if (rc) return fail("open the journal", rc);
    char title[64], *body = malloc(4096);
    if (!body || (rc = im_vault_begin(v))) {
        im_journal_close(j);
        free(body);
        return body ? fail("begin", rc) : 1;
    }
    for (size_t i = 0; i < entries && rc == IM_OK; i++) {
        *clock_ms += STEP_MS;
        bench_text_make(title, body);
        im_entry_fields f = {title, body, (int)(bench_rand() % 6), NULL, NULL, NULL};
        rc = im_journal_create(j, &f, NULL);
    }
    if (rc == IM_OK) rc = im_vault_commit(v);
    else im_vault_rollback(v);
    im_journal_close(j);
    free(body);
    return rc ? fail("write the entries", rc) : 0;
}

int main(int argc, char **argv)
{
    if (argc != 5 || (strcmp(argv[4], "min") && strcmp(argv[4], "calibrated"))) {
        fprintf(stderr, "usage: bench_fixture DIR PASSPHRASE ENTRIES min|calibrated\n");
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
    int bad = fill(v, entries, &clock_ms);
    im_vault_close(v);
    if (bad) return 1;
    printf("fixture: entries %zu kdf t=%llu %llu MiB in %.0f ms\n", entries,
           (unsigned long long)kdf.opslimit, (unsigned long long)(kdf.memlimit >> 20),
           bench_now_ms() - t0);
    return 0;
}
