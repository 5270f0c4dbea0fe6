/*
 * test_vault_canary.c -- no plaintext, passphrase or recovery code ever
 * reaches a file, and old ciphertext of replaced and deleted records does
 * not outlive a lock.
 *
 * Records hold unique canary strings: kept, replaced, deleted, rolled back,
 * one large enough for overflow pages, and some written by a process that
 * dies without closing (so the WAL is left behind).  Every byte of every
 * file in the data directory is scanned while the vault is open, after
 * lock, and after close.
 */
#define _POSIX_C_SOURCE 200809L
#include <sodium.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vault_test.h"

enum { KEPT, REPLACED_OLD, REPLACED_NEW, DELETED, ROLLED_BACK, BIG, CHILD, N_CANARY };

static char canary[N_CANARY][40];
static char *dir;
static char code[IM_RECOVERY_CODE_SIZE];

static long scan(const char *s) { return im_scan_dir_for(dir, s, strlen(s)); }

static long scan_all_canaries(void)
{
    long hits = 0;
    for (int i = 0; i < N_CANARY; i++)
        hits += scan(canary[i]);
    return hits;
}

/* The recovery code as shown and without its dashes. */
static long scan_secrets(void)
{
    char bare[IM_RECOVERY_CODE_SIZE];
    size_t n = 0;
    for (const char *p = code; *p; p++)
        if (*p != '-')
            bare[n++] = *p;
    bare[n] = '\0';
    return scan(TH_PASS) + scan(code) + scan(bare);
}

static void put_text(im_vault *v, uint32_t kind, int64_t *id, const char *s)
{
    char text[256];
    snprintf(text, sizeof text, "Dear diary, today %s happened.", s);
    CHECK_RC(im_record_put(v, kind, id, text, strlen(text)), IM_OK);
}

/* First 48 bytes of a record's sealed column (to look for it later). */
static void sealed_prefix(const char *db_path, int64_t id, unsigned char out[48])
{
    sqlite3 *db = vt_sql_open(db_path);
    size_t n;
    unsigned char *sealed = vt_record_blob(db, id, "sealed", &n);
    REQUIRE(n >= 48);
    memcpy(out, sealed, 48);
    free(sealed);
    sqlite3_close(db);
}

int main(void)
{
    for (int i = 0; i < N_CANARY; i++) {
        unsigned char r[12];
        randombytes_buf(r, sizeof r);
        strcpy(canary[i], "CANARY-");
        sodium_bin2hex(canary[i] + 7, sizeof canary[i] - 7, r, sizeof r);
    }
    dir = im_tmpdir_make("vault-canary");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, code);

    int64_t kept = 0, replaced = 0, deleted = 0, rolled = 0, big = 0;
    put_text(v, IM_KIND_JOURNAL, &kept, canary[KEPT]);
    put_text(v, IM_KIND_JOURNAL, &replaced, canary[REPLACED_OLD]);
    put_text(v, IM_KIND_DRAFT, &deleted, canary[DELETED]);

    size_t big_len = 200 * 1024, clen = strlen(canary[BIG]);
    char *big_text = malloc(big_len);
    REQUIRE(big_text);
    for (size_t i = 0; i < big_len; i++)
        big_text[i] = canary[BIG][i % clen];
    CHECK_RC(im_record_put(v, IM_KIND_RUN, &big, big_text, big_len), IM_OK);
    free(big_text);

    unsigned char old_replaced[48], old_deleted[48], old_big[48];
    sealed_prefix(im_vault_db_path(v), replaced, old_replaced);
    sealed_prefix(im_vault_db_path(v), deleted, old_deleted);
    sealed_prefix(im_vault_db_path(v), big, old_big);

    put_text(v, IM_KIND_JOURNAL, &replaced, canary[REPLACED_NEW]);
    CHECK_RC(im_record_delete(v, IM_KIND_DRAFT, deleted), IM_OK);
    CHECK_RC(im_record_delete(v, IM_KIND_RUN, big), IM_OK);
    CHECK_RC(im_vault_begin(v), IM_OK);
    put_text(v, IM_KIND_JOURNAL, &rolled, canary[ROLLED_BACK]);
    im_vault_rollback(v);

    /* While open and unlocked: the files hold ciphertext only. */
    CHECK(scan_all_canaries() == 0);
    CHECK(scan_secrets() == 0);

    im_vault_lock(v);
    CHECK(scan_all_canaries() == 0);
    /* Lock truncated the WAL; secure_delete zeroed the freed cells. */
    CHECK(im_scan_dir_for(dir, old_replaced, 48) == 0);
    CHECK(im_scan_dir_for(dir, old_deleted, 48) == 0);
    CHECK(im_scan_dir_for(dir, old_big, 48) == 0);
    im_vault_close(v);
    CHECK(scan_all_canaries() == 0);
    CHECK(scan_secrets() == 0);
    CHECK(im_scan_dir_for(dir, old_replaced, 48) == 0);
    CHECK(im_scan_dir_for(dir, old_deleted, 48) == 0);

    /* A process that dies holding the vault open leaves a WAL behind. */
    fflush(NULL);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        im_vault *cv = NULL;
        int64_t id = 0;
        if (im_vault_open(dir, &cv) || im_vault_unlock_recovery(cv, code))
            _exit(2);
        for (int i = 0; i < 20; i++) {
            id = 0;
            put_text(cv, IM_KIND_JOURNAL, &id, canary[CHILD]);
        }
        _exit(0); /* no lock, no close */
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(scan_all_canaries() == 0);
    CHECK(scan_secrets() == 0);

    /* And everything is still there. */
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    REQUIRE(v);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    size_t n = 0;
    CHECK_RC(im_record_count(v, IM_KIND_JOURNAL, &n), IM_OK);
    CHECK(n == 22);
    im_buf b;
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, replaced, &b), IM_OK);
    char want[256];
    snprintf(want, sizeof want, "Dear diary, today %s happened.", canary[REPLACED_NEW]);
    CHECK(b.len == strlen(want) && memcmp(b.data, want, b.len) == 0);
    im_buf_free(&b);
    im_vault_close(v);
    CHECK(scan_all_canaries() == 0);
    CHECK(scan_secrets() == 0);
    im_tmpdir_remove(dir);
    return im_check_done();
}
