/*
 * bench_people.c -- how long "Switch person" takes with a wrong passphrase
 * for 0, 1 and 4 people beside the owner, next to the owner's own wrong
 * unlock, at the cost this device calibrates to (im_kdf_calibrate, about
 * 0.75 s) or with --min at the policy minimum.  A benchmark (figures
 * only), not a test: test_people checks the same at the minimum.
 *
 *   bench_people [--min] [REPS]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "innermost/people.h"
#include "vault_test.h"

static double best_of(int reps, const char *dir, const im_kdf_params *k, im_vault *owner)
{
    double best = 1e12;
    for (int i = 0; i < reps; i++) {
        im_vault *x = NULL;
        double t0 = vt_now_ms();
        im_rc rc = owner ? im_vault_unlock(owner, "not the passphrase at all")
                         : im_people_unlock(dir, "not the passphrase at all", k, &x);
        double t = vt_now_ms() - t0;
        REQUIRE(rc == IM_ERR_WRONG_SECRET);
        if (t < best)
            best = t;
    }
    return best;
}

int main(int argc, char **argv)
{
    int min = 0, reps = 3;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--min"))
            min = 1;
        else
            reps = atoi(argv[i]) > 0 ? atoi(argv[i]) : reps;
    }
    im_kdf_params k = im_kdf_params_min();
    if (!min)
        REQUIRE(im_kdf_calibrate(IM_KDF_TARGET_MS, &k) == IM_OK);
    char *dir = im_tmpdir_make("bench-people");
    char code[IM_RECOVERY_CODE_SIZE], pass[64];
    im_vault *owner = NULL;
    REQUIRE(im_vault_create(dir, "the owner's own passphrase", &k, code, &owner) == IM_OK);
    printf("bench_people: Argon2id %llu pass(es), %llu MiB; best of %d\n", (unsigned long long)k.opslimit,
           (unsigned long long)(k.memlimit >> 20), reps);
    im_vault_lock(owner);
    printf("  owner's unlock, wrong passphrase:        %6.0f ms\n", best_of(reps, dir, &k, owner));
    printf("  Switch person, wrong, nobody else there: %6.0f ms\n", best_of(reps, dir, &k, NULL));
    REQUIRE(im_vault_unlock(owner, "the owner's own passphrase") == IM_OK);
    for (int n = 1; n <= 4; n++) {
        snprintf(pass, sizeof pass, "person number %d of four", n);
        REQUIRE(im_people_add(owner, pass, NULL, code) == IM_OK);
        if (n == 1 || n == 4) {
            im_vault_lock(owner);
            printf("  Switch person, wrong, %d other(s):        %6.0f ms\n", n, best_of(reps, dir, &k, NULL));
            /* a well-formed wrong code: every space opened and tried, no
             * derivation -- what each person adds to a switch */
            double best = 1e12;
            for (int i = 0; i < 20; i++) {
                im_vault *x = NULL;
                double t0 = vt_now_ms();
                REQUIRE(im_people_unlock_recovery(dir, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AA", &x) ==
                        IM_ERR_WRONG_SECRET);
                double t = vt_now_ms() - t0;
                if (t < best)
                    best = t;
            }
            printf("    of which opening the %d space(s), best of 20: %.2f ms\n", n, best);
            REQUIRE(im_vault_unlock(owner, "the owner's own passphrase") == IM_OK);
        }
    }
    im_vault *p = NULL;
    double t0 = vt_now_ms();
    REQUIRE(im_people_unlock(dir, "person number 3 of four", &k, &p) == IM_OK);
    printf("  Switch person, right, 4 others:          %6.0f ms\n", vt_now_ms() - t0);
    im_vault_close(p);
    im_vault_close(owner);
    im_tmpdir_remove(dir);
    return im_check_done();
}
