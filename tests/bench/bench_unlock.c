/*
 * bench_unlock.c -- the Argon2id parameters im_kdf_calibrate picks on this
 * machine, and what an unlock with them costs.
 *
 * Creates a vault with the calibrated parameters in $TMPDIR (or /tmp),
 * then locks and unlocks it RUNS times (default 5) and prints the median.
 * Calibration itself takes a few times the target; it is timed too.
 *
 * Usage: bench_unlock [RUNS]
 * Prints: "kdf: opslimit T memlimit M MiB (calibrated in C ms)"
 *         "unlock: runs N median M ms min A ms max B ms"
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"
#include "innermost/vault.h"

static int fail(const char *what, im_rc rc)
{
    fprintf(stderr, "bench_unlock: %s: %s\n", what, im_rc_message(rc));
    return 1;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    if (runs < 1 || runs > 100)
        runs = 5;
    const char *base = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/im-unlock-XXXXXX",
             base && *base ? base : "/tmp");
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
    printf("kdf: opslimit %llu memlimit %llu MiB (calibrated in %.0f ms)\n",
           (unsigned long long)kdf.opslimit,
           (unsigned long long)(kdf.memlimit >> 20), calibrate_ms);
    printf("unlock: runs %d median %.0f ms min %.0f ms max %.0f ms\n", runs,
           median, ms[0], ms[runs - 1]);
    return 0;
}
