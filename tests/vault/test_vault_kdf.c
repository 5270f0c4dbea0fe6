/*
 * test_vault_kdf.c -- KDF calibration: never below the minimums, within
 * its memory ceiling, and what create without parameters does with it.
 * Prints the calibrated parameters and what one derivation costs here.
 */
#define _POSIX_C_SOURCE 200809L
#include <sodium.h>
#include <string.h>

#include "vault_test.h"

static double derive_ms(const im_kdf_params *p)
{
    unsigned char out[32], salt[crypto_pwhash_SALTBYTES] = {1};
    double t0 = vt_now_ms();
    int r = crypto_pwhash(out, sizeof out, "timing", 6, salt, p->opslimit, (size_t)p->memlimit,
                          crypto_pwhash_ALG_ARGON2ID13);
    CHECK(r == 0);
    return vt_now_ms() - t0;
}

int main(void)
{
    REQUIRE(sodium_init() >= 0);
    im_kdf_params p;
    CHECK_RC(im_kdf_calibrate(0, &p), IM_ERR_INVALID);
    CHECK_RC(im_kdf_calibrate(100, NULL), IM_ERR_INVALID);

    /* A target below what the minimum costs still gives the minimum. */
    CHECK_RC(im_kdf_calibrate(1, &p), IM_OK);
    CHECK(p.opslimit == IM_KDF_OPSLIMIT_MIN && p.memlimit == IM_KDF_MEMLIMIT_MIN);

    double t0 = vt_now_ms();
    CHECK_RC(im_kdf_calibrate(IM_KDF_TARGET_MS, &p), IM_OK);
    double calib_ms = vt_now_ms() - t0;
    CHECK(p.opslimit >= IM_KDF_OPSLIMIT_MIN);
    CHECK(p.memlimit >= IM_KDF_MEMLIMIT_MIN);
    CHECK(p.memlimit <= 256ULL * 1024 * 1024);
    double one = derive_ms(&p);
    im_kdf_params min = im_kdf_params_min();
    double at_min = derive_ms(&min);
    printf("calibrated for %d ms: opslimit %llu, memlimit %llu MiB; "
           "calibration took %.0f ms; one derivation %.0f ms "
           "(minimum 64 MiB t=1: %.0f ms)\n",
           IM_KDF_TARGET_MS, (unsigned long long)p.opslimit, (unsigned long long)(p.memlimit >> 20), calib_ms,
           one, at_min);

    /* Create with no parameters calibrates, and the slot keeps them. */
    char *dir = im_tmpdir_make("vault-kdf");
    REQUIRE(dir);
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *v = NULL;
    CHECK_RC(im_vault_create(dir, TH_PASS, NULL, code, &v), IM_OK);
    REQUIRE(v);
    im_kdf_params stored;
    CHECK_RC(im_vault_kdf_params(v, &stored), IM_OK);
    CHECK(stored.memlimit >= IM_KDF_MEMLIMIT_MIN && stored.opslimit >= 1);
    im_vault_lock(v);
    t0 = vt_now_ms();
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    printf("unlock with the calibrated slot (%llu passes, %llu MiB): %.0f ms\n",
           (unsigned long long)stored.opslimit, (unsigned long long)(stored.memlimit >> 20),
           vt_now_ms() - t0);
    im_vault_close(v);
    im_tmpdir_remove(dir);
    return im_check_done();
}
