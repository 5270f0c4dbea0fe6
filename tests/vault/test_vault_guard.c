/*
 * test_vault_guard.c -- the security settings in core:
 * auto-lock sealed and limited to the offered choices, a planted or moved
 * value refused; the wrong-try count kept beside the database, reported
 * once at the next unlock, and a wrong passphrase leaving the database's
 * bytes unchanged.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "vault_test.h"

static void db_hashes(const char *dir, unsigned char db[32], unsigned char wal[32])
{
    char p[4096];
    snprintf(p, sizeof p, "%s/innermost.db", dir);
    vt_hash_file(p, db);
    snprintf(p, sizeof p, "%s/innermost.db-wal", dir);
    vt_hash_file(p, wal);
}

static void autolock(void)
{
    char *dir = im_tmpdir_make("vault-guard");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    int s = -1;
    CHECK_RC(im_vault_autolock_get(v, &s), IM_OK);
    CHECK(s == IM_AUTOLOCK_DEFAULT_S);
    CHECK_RC(im_vault_autolock_set(v, 0), IM_ERR_INVALID);
    CHECK_RC(im_vault_autolock_set(v, 61), IM_ERR_INVALID);
    CHECK_RC(im_vault_autolock_set(v, 900), IM_OK);
    /* the plain row an attacker writes changes nothing */
    CHECK_RC(im_vault_pref_set(v, "autolock_s", 0), IM_OK);
    CHECK_RC(im_vault_autolock_get(v, &s), IM_OK);
    CHECK(s == 900);
    /* a rotation re-seals it */
    CHECK_RC(im_vault_change_passphrase(v, "another long passphrase", NULL), IM_OK);
    CHECK_RC(im_vault_autolock_get(v, &s), IM_OK);
    CHECK(s == 900);
    im_vault_lock(v);
    CHECK_RC(im_vault_autolock_get(v, &s), IM_ERR_LOCKED);
    CHECK(s == IM_AUTOLOCK_DEFAULT_S);
    im_vault_close(v);
    /* a sealed value from another vault, or garbage: refused, default */
    sqlite3 *h = NULL;
    char p[4096];
    snprintf(p, sizeof p, "%s/innermost.db", dir);
    h = vt_sql_open(p);
    vt_sql(h, "UPDATE meta SET value=zeroblob(48) WHERE key='sec_autolock'");
    sqlite3_close(h);
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_unlock(v, "another long passphrase"), IM_OK);
    CHECK_RC(im_vault_autolock_get(v, &s), IM_ERR_DAMAGED);
    CHECK(s == IM_AUTOLOCK_DEFAULT_S);
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

static void tries(void)
{
    char *dir = im_tmpdir_make("vault-tries");
    REQUIRE(dir);
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *v = th_vault_create(dir, NULL, code);
    im_vault_close(v);
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    unsigned char db0[32], wal0[32], db1[32], wal1[32];
    db_hashes(dir, db0, wal0);
    int n = 0;
    for (int i = 1; i <= 3; i++) {
        CHECK_RC(im_vault_unlock(v, "wrong wrong wrong"), IM_ERR_WRONG_SECRET);
        CHECK_RC(im_vault_tries_note(v, &n), IM_OK);
        CHECK(n == i);
    }
    CHECK_RC(im_vault_unlock_recovery(v, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_tries_note(v, &n), IM_OK);
    db_hashes(dir, db1, wal1);
    CHECK(memcmp(db0, db1, 32) == 0 && memcmp(wal0, wal1, 32) == 0);
    CHECK(im_vault_tries_count(v) == 4);
    im_vault_close(v);
    REQUIRE(im_vault_open(dir, &v) == IM_OK); /* survives a restart */
    CHECK(im_vault_tries_count(v) == 4);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    CHECK(im_vault_tries_since_unlock(v) == 4);
    CHECK(im_vault_tries_count(v) == 0);
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock_recovery(v, code), IM_OK);
    CHECK(im_vault_tries_since_unlock(v) == 0);
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

int main(void)
{
    autolock();
    tries();
    return im_check_done();
}
