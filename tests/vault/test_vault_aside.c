/*
 * test_vault_aside.c -- "start over" sets the sealed vault aside instead of
 * destroying it: the files move into
 * set-aside/<ms>/ unchanged (same bytes, still sealed), a new vault can be
 * made, the old one comes back (the new one going aside in its place) and
 * opens with its old passphrase or recovery code, and only an aside older
 * than 30 days is deleted.  Fails on the old code: there was no aside.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "vault_test.h"

static const char secret_note[] = "ASIDECANARY the words of the first vault";

static int64_t put_note(im_vault *v)
{
    int64_t id = 0;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, secret_note, sizeof secret_note), IM_OK);
    return id;
}

static void test_aside_and_back(void)
{
    char *dir = im_tmpdir_make("aside");
    char code[IM_RECOVERY_CODE_SIZE], db[8200], sub[4096];
    im_vault *v = th_vault_create(dir, NULL, code);
    int64_t id = put_note(v);
    im_vault_close(v);
    snprintf(db, sizeof db, "%s/innermost.db", dir);
    unsigned char before[32], after[32];
    vt_hash_file(db, before);

    /* busy while a handle is open */
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_aside_put(dir, 1000), IM_ERR_BUSY);
    CHECK(im_vault_exists(dir));
    im_vault_close(v);

    CHECK_RC(im_vault_aside_put(dir, 1000), IM_OK);
    CHECK(!im_vault_exists(dir));
    snprintf(sub, sizeof sub, "%s/set-aside/1000", dir);
    CHECK(im_vault_exists(sub));
    snprintf(db, sizeof db, "%s/innermost.db", sub);
    vt_hash_file(db, after);
    CHECK(memcmp(before, after, 32) == 0); /* moved, not rewritten: still sealed */
    CHECK(im_scan_dir_for(dir, secret_note, 11) == 0);
    int64_t when = 0;
    CHECK_RC(im_vault_aside_latest(dir, &when), IM_OK);
    CHECK(when == 1000);
    CHECK_RC(im_vault_aside_put(dir, 2000), IM_ERR_NOT_FOUND); /* nothing left to set aside */

    /* a fresh start, then the old vault back: the new one goes aside */
    im_vault *fresh = th_vault_create(dir, "a different passphrase", NULL);
    im_vault_close(fresh);
    CHECK_RC(im_vault_aside_restore(dir, 1000, 5000), IM_OK);
    CHECK(im_vault_exists(dir));
    CHECK(!im_vault_exists(sub));
    snprintf(sub, sizeof sub, "%s/set-aside/5000", dir);
    CHECK(im_vault_exists(sub)); /* the fresh one, kept */
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_unlock(v, "a different passphrase"), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_unlock_recovery(v, code), IM_OK);
    im_buf b;
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, id, &b), IM_OK);
    CHECK(b.len == sizeof secret_note && !memcmp(b.data, secret_note, b.len));
    im_buf_free(&b);
    im_vault_close(v);
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

static void test_expiry(void)
{
    char *dir = im_tmpdir_make("aside-expire");
    char sub[4096];
    const int64_t day = 24LL * 3600 * 1000, t0 = 1767603600000LL;
    im_vault_close(th_vault_create(dir, NULL, NULL));
    CHECK_RC(im_vault_aside_put(dir, t0), IM_OK);
    im_vault_close(th_vault_create(dir, NULL, NULL));
    CHECK_RC(im_vault_aside_put(dir, t0 + 20 * day), IM_OK);
    int removed = -1;
    CHECK_RC(im_vault_aside_expire(dir, t0 + 30 * day, &removed), IM_OK);
    CHECK(removed == 0); /* exactly 30 days: still kept */
    CHECK_RC(im_vault_aside_expire(dir, t0 + 30 * day + 1, &removed), IM_OK);
    CHECK(removed == 1);
    snprintf(sub, sizeof sub, "%s/set-aside/%lld", dir, (long long)t0);
    struct stat st;
    CHECK(stat(sub, &st) != 0);
    int64_t when = 0;
    CHECK_RC(im_vault_aside_latest(dir, &when), IM_OK);
    CHECK(when == t0 + 20 * day);
    /* a clock set back: the aside is in the "future" and is kept */
    CHECK_RC(im_vault_aside_expire(dir, t0 - 400 * day, &removed), IM_OK);
    CHECK(removed == 0);
    CHECK_RC(im_vault_aside_latest(dir, &when), IM_OK);
    im_tmpdir_remove(dir);
}

int main(void)
{
    im_process_harden();
    test_aside_and_back();
    test_expiry();
    return im_check_done();
}
