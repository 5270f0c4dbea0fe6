/*
 * test_vault_wrong_secret.c -- 1,000 wrong passphrases and 1,000 wrong
 * recovery codes: every one is IM_ERR_WRONG_SECRET, the vault stays locked,
 * and the database, its -wal and its -shm are byte-identical before and
 * after.
 *
 * Cost: each wrong passphrase is a full Argon2id derivation at the minimum
 * parameters (64 MiB, 1 pass), about 45 ms here, so this test takes about
 * 45 s on an idle machine; the time is printed.
 *
 * Usage: test_vault_wrong_secret [tries]   (default im_test_scale(1000):
 * 1,000 natively, 50 under `make test-arm`'s IM_TEST_SCALE=0.05, where one
 * derivation takes 0.5-1.5 s.)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "vault_test.h"

#define TRIES 1000

static const char *const suffixes[] = {"", "-wal", "-shm"};

static void hash_files(const char *db, unsigned char out[3][32])
{
    for (int i = 0; i < 3; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s%s", db, suffixes[i]);
        vt_hash_file(p, out[i]);
    }
}

int main(int argc, char **argv)
{
    int tries = argc > 1 ? atoi(argv[1]) : im_test_scale(TRIES);
    REQUIRE(tries > 0);
    char *dir = im_tmpdir_make("vault-wrong");
    REQUIRE(dir);
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *v = th_vault_create(dir, NULL, code);
    int64_t id = 0;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, "kept", 4), IM_OK);
    im_vault_close(v);

    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    REQUIRE(v);
    unsigned char before[3][32], after[3][32];
    hash_files(im_vault_db_path(v), before);

    int wrong = 0, unlocked = 0;
    double t0 = vt_now_ms();
    for (int i = 0; i < tries; i++) {
        char guess[64];
        /* Near misses and plain guesses alike. */
        if (i % 2)
            snprintf(guess, sizeof guess, "%s%d", TH_PASS, i);
        else
            snprintf(guess, sizeof guess, "guess number %d", i);
        wrong += im_vault_unlock(v, guess) == IM_ERR_WRONG_SECRET;
        unlocked += im_vault_is_unlocked(v);
    }
    double pass_ms = vt_now_ms() - t0;
    CHECK(wrong == tries);
    CHECK(unlocked == 0);

    /* Guesses are near misses spelt as codes were before check characters
     * (the 32 characters alone): well-formed codes that are tried.  One
     * character changed in today's spelling never gets that far: its
     * group's check refuses it (test_vault_recovery_typing). */
    char bare[IM_RECOVERY_CODE_SIZE];
    size_t nb = 0;
    for (int i = 0; code[i]; i++)
        if (code[i] != '-' && i % 6 != 4)
            bare[nb++] = code[i];
    bare[nb] = 0;
    CHECK(nb == 32);
    int wrong_codes = 0;
    t0 = vt_now_ms();
    for (int i = 0; i < tries; i++) {
        char guess[IM_RECOVERY_CODE_SIZE];
        memcpy(guess, bare, sizeof guess);
        guess[i % 32] = guess[i % 32] == 'Q' ? 'R' : 'Q';
        wrong_codes += im_vault_unlock_recovery(v, guess) == IM_ERR_WRONG_SECRET;
        unlocked += im_vault_is_unlocked(v);
    }
    double code_ms = vt_now_ms() - t0;
    CHECK(wrong_codes == tries);
    CHECK(unlocked == 0);

    hash_files(im_vault_db_path(v), after);
    CHECK(memcmp(before, after, sizeof before) == 0);
    im_vault_close(v);

    /* And the right secrets still open it. */
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock_recovery(v, code), IM_OK);
    im_buf b;
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, id, &b), IM_OK);
    CHECK(b.len == 4 && memcmp(b.data, "kept", 4) == 0);
    im_buf_free(&b);
    im_vault_close(v);

    printf("wrong passphrases: %d in %.1f s (%.1f ms each, 64 MiB t=1), "
           "%d rejected; wrong recovery codes: %d in %.1f ms, %d rejected\n",
           tries, pass_ms / 1000, pass_ms / tries, wrong, tries, code_ms, wrong_codes);
    im_tmpdir_remove(dir);
    return im_check_done();
}
