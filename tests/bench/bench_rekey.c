/*
 * bench_rekey.c -- what a key rotation costs with a long-time user's vault:
 * the calibrated Argon2id parameters (as a first run picks) and N records
 * of journal-entry size (default 10,000).  A passphrase change derives one
 * new slot key and re-seals every record in one transaction; the figure
 * that matters is the time beyond the key derivation.
 *
 * Usage: bench_rekey [N] [RUNS]
 * Prints: "rekey: entries N runs R total-median T ms kdf-median K ms
 *          beyond B ms"
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "innermost/vault.h"

static int fail(const char *what, im_rc rc)
{
    fprintf(stderr, "bench_rekey: %s: %s\n", what, im_rc_message(rc));
    return 1;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    int runs = argc > 2 ? atoi(argv[2]) : 3;
    if (n < 0 || n > 1000000)
        n = 10000;
    if (runs < 1 || runs > 20)
        runs = 3;
    const char *base = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/im-rekey-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir))
        return 1;
    im_kdf_params kdf;
    im_rc rc = im_kdf_calibrate(IM_KDF_TARGET_MS, &kdf);
    if (rc)
        return fail("calibrate", rc);
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *v;
    const char *pass[2] = {"benchmark passphrase one", "benchmark passphrase two"};
    if ((rc = im_vault_create(dir, pass[0], &kdf, code, &v)))
        return fail("create", rc);
    char text[600];
    memset(text, 'x', sizeof text);
    if ((rc = im_vault_begin(v)))
        return fail("begin", rc);
    for (int i = 0; i < n; i++) {
        int64_t id = 0;
        size_t len = 200 + (size_t)(i * 37) % 400; /* entries of 200-600 bytes */
        if ((rc = im_record_put(v, IM_KIND_JOURNAL, &id, text, len)))
            return fail("put", rc);
    }
    if ((rc = im_vault_commit(v)))
        return fail("commit", rc);
    double total[20], derive[20];
    for (int i = 0; i < runs; i++) {
        /* the derivation alone: an unlock check with the same parameters */
        double t = bench_now_ms();
        if ((rc = im_vault_unlock(v, pass[i % 2])))
            return fail("check", rc);
        derive[i] = bench_now_ms() - t;
        t = bench_now_ms();
        if ((rc = im_vault_change_passphrase(v, pass[(i + 1) % 2], NULL)))
            return fail("rekey", rc);
        total[i] = bench_now_ms() - t;
    }
    if ((rc = im_vault_erase(v)))
        return fail("erase", rc);
    remove(dir);
    double tm = bench_pct(total, (size_t)runs, 0.5), km = bench_pct(derive, (size_t)runs, 0.5);
    printf("kdf: opslimit %llu memlimit %llu MiB\n", (unsigned long long)kdf.opslimit,
           (unsigned long long)(kdf.memlimit >> 20));
    printf("rekey: entries %d runs %d total-median %.0f ms kdf-median %.0f ms beyond %.0f ms\n", n, runs, tm,
           km, tm - km);
    return 0;
}
