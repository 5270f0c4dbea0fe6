/*
 * test_vault_fixture.c -- today's build opens the vaults earlier builds
 * wrote (tests/fixtures/vault-v1, schema 1; vault-v2, schema 2), with their
 * passphrase and their recovery code, and finds every record as it was
 * written.  vault-v2 kept edit counts and trash state in clear columns:
 * the first unlock re-seals its rows so the file shows neither, after a
 * history check that still catches a row deleted from the old file.
 * Works on copies.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "fixture_data.h"
#include "vault_test.h"

/* The fixtures' codes are from before check characters: 8 groups of 4. */
#define LEGACY_CODE_LEN 39

static void check_contents_n(im_vault *v, size_t extra)
{
    unsigned char pattern[4096];
    for (size_t i = 0; i < sizeof pattern; i++)
        pattern[i] = fixture_pattern(i);
    for (size_t i = 0; i < FIXTURE_RECORDS; i++) {
        const struct fixture_record *r = &fixture_records[i];
        const void *want = r->text ? (const void *)r->text : pattern;
        size_t len = r->text ? strlen(r->text) : r->pattern_len;
        im_buf b;
        CHECK_RC(im_record_get(v, r->kind, r->id, &b), IM_OK);
        CHECK(b.len == len && (len == 0 || memcmp(b.data, want, len) == 0));
        im_buf_free(&b);
        size_t n = 0;
        CHECK_RC(im_record_count(v, r->kind, &n), IM_OK);
        CHECK(n == (r->kind == IM_KIND_JOURNAL ? 2u + extra : 1u));
    }
    im_buf b;
    CHECK_RC(im_record_get(v, IM_KIND_TRASH, FIXTURE_DELETED_ID, &b), IM_ERR_NOT_FOUND);
    int64_t pref = 0;
    CHECK_RC(im_vault_pref_get(v, FIXTURE_PREF_KEY, &pref), IM_OK);
    CHECK(pref == FIXTURE_PREF_VALUE);
}

static void check_contents(im_vault *v) { check_contents_n(v, 0); }

/* A copy of fixture dir's database in a new temporary directory. */
static char *fixture_copy(const char *fixture, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "%s/innermost.db", fixture);
    char *src = im_source_path(rel);
    size_t len = 0;
    unsigned char *db = im_file_read(src, &len);
    REQUIRE(db && len > 0);
    char *dir = im_tmpdir_make(name);
    REQUIRE(dir);
    char path[4096];
    snprintf(path, sizeof path, "%s/innermost.db", dir);
    REQUIRE(im_file_write(path, db, len) == 0);
    free(db);
    free(src);
    return dir;
}

/* One integer from SQL run on a closed vault's file. */
static int64_t sql_int(const char *dir, const char *sql)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/innermost.db", dir);
    sqlite3 *db = vt_sql_open(path);
    sqlite3_stmt *st;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, 0) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    int64_t x = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return x;
}

static void check_v2_contents(im_vault *v)
{
    check_contents(v);
    im_buf b;
    CHECK_RC(im_record_get(v, IM_KIND_TRASH, FIXTURE2_TRASH_ID, &b), IM_OK);
    CHECK(b.len == strlen(FIXTURE2_TRASH_TEXT) && memcmp(b.data, FIXTURE2_TRASH_TEXT, b.len) == 0);
    im_buf_free(&b);
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, FIXTURE2_TRASH_ID, &b), IM_ERR_NOT_FOUND);
    size_t n = 0;
    CHECK_RC(im_record_count(v, IM_KIND_TRASH, &n), IM_OK);
    CHECK(n == 1);
    int s = 0;
    CHECK_RC(im_vault_autolock_get(v, &s), IM_OK);
    CHECK(s == FIXTURE2_AUTOLOCK_S);
    im_history h;
    CHECK_RC(im_vault_history(v, &h), IM_OK);
    CHECK(!h.removed && !h.added && !h.changed && !h.unreadable);
}

static void test_v2(void)
{
    char *code_path = im_source_path(FIXTURE2_DIR "/recovery-code.txt");
    size_t code_len = 0;
    unsigned char *code = im_file_read(code_path, &code_len);
    REQUIRE(code && code_len >= LEGACY_CODE_LEN);
    code[LEGACY_CODE_LEN] = '\0';
    char *dir = fixture_copy(FIXTURE2_DIR, "vault-fixture-v2");
    /* What the old format showed to anyone with the file. */
    CHECK(sql_int(dir, "SELECT count(*) FROM record WHERE kind=7") == 1);
    CHECK(sql_int(dir, "SELECT max(version) FROM record") == 2 + FIXTURE2_EXTRA_EDITS);

    im_vault *v = NULL;
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    REQUIRE(v);
    CHECK_RC(im_vault_unlock(v, FIXTURE2_PASSPHRASE), IM_OK);
    check_v2_contents(v);
    im_vault_close(v);
    /* Upgraded: neither shows now. */
    CHECK(sql_int(dir, "PRAGMA user_version") == 3);
    CHECK(sql_int(dir, "SELECT count(*) FROM record WHERE kind=7") == 0);
    CHECK(sql_int(dir, "SELECT count(*) FROM record "
                       "WHERE legacy_version<>0") == 0);
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    CHECK_RC(im_vault_unlock_recovery(v, (const char *)code), IM_OK);
    check_v2_contents(v);
    im_vault_close(v);
    im_tmpdir_remove(dir);

    /* A row deleted from the old file before the upgrade is reported. */
    dir = fixture_copy(FIXTURE2_DIR, "vault-fixture-v2-cut");
    char path[4096];
    snprintf(path, sizeof path, "%s/innermost.db", dir);
    sqlite3 *db = vt_sql_open(path);
    vt_sql(db, "DELETE FROM record WHERE id=7");
    sqlite3_close(db);
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    CHECK_RC(im_vault_unlock(v, FIXTURE2_PASSPHRASE), IM_OK);
    im_history h;
    CHECK_RC(im_vault_history(v, &h), IM_OK);
    CHECK(h.removed == 1 && !h.added && !h.changed);
    im_vault_close(v);
    CHECK(sql_int(dir, "SELECT count(*) FROM record "
                       "WHERE legacy_version<>0") == 0);
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    CHECK_RC(im_vault_unlock(v, FIXTURE2_PASSPHRASE), IM_OK);
    CHECK_RC(im_vault_history(v, &h), IM_OK);
    CHECK(!h.removed && !h.added && !h.changed && !h.unreadable);
    im_vault_close(v);
    im_tmpdir_remove(dir);
    free(code);
    free(code_path);
}

int main(void)
{
    test_v2();

    char *src = im_source_path(FIXTURE_DIR "/innermost.db");
    char *code_path = im_source_path(FIXTURE_DIR "/recovery-code.txt");
    size_t db_len = 0, code_len = 0;
    unsigned char *db = im_file_read(src, &db_len);
    unsigned char *code = im_file_read(code_path, &code_len);
    REQUIRE(db && db_len > 0 && code && code_len >= LEGACY_CODE_LEN);
    code[LEGACY_CODE_LEN] = '\0'; /* drop the newline */
    unsigned char before[32], after[32];
    vt_hash_file(src, before);

    char *dir = im_tmpdir_make("vault-fixture");
    REQUIRE(dir);
    char path[4096];
    snprintf(path, sizeof path, "%s/innermost.db", dir);
    REQUIRE(im_file_write(path, db, db_len) == 0);

    im_vault *v = NULL;
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    REQUIRE(v);
    im_kdf_params kdf;
    CHECK_RC(im_vault_kdf_params(v, &kdf), IM_OK);
    CHECK(kdf.opslimit == 1 && kdf.memlimit == IM_KDF_MEMLIMIT_MIN);
    CHECK_RC(im_vault_unlock(v, "not the fixture passphrase"), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_unlock(v, FIXTURE_PASSPHRASE), IM_OK);
    check_contents(v);
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock_recovery(v, (const char *)code), IM_OK);
    check_contents(v);

    /* This version keeps writing to the old vault. */
    int64_t id = 0;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, "new entry", 9), IM_OK);
    CHECK(id > 7);
    im_vault_close(v);
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    CHECK_RC(im_vault_unlock(v, FIXTURE_PASSPHRASE), IM_OK);
    im_buf b;
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, id, &b), IM_OK);
    CHECK(b.len == 9 && memcmp(b.data, "new entry", 9) == 0);
    im_buf_free(&b);
    im_history h;
    CHECK_RC(im_vault_history(v, &h), IM_OK);
    CHECK(!h.removed && !h.added && !h.changed && !h.unreadable);

    /* Schema 1's recovery slot cannot follow a new master key without the
     * code: the first rotation must make a new code, and says so. */
    CHECK(im_vault_recovery_needs_new(v));
    CHECK_RC(im_vault_change_passphrase(v, "upgraded passphrase", NULL), IM_ERR_STATE);
    char code2[IM_RECOVERY_CODE_SIZE];
    CHECK_RC(im_vault_rekey(v, "upgraded passphrase", NULL, code2, NULL, NULL), IM_OK);
    CHECK(!im_vault_recovery_needs_new(v));
    im_vault_close(v);
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    CHECK_RC(im_vault_unlock(v, FIXTURE_PASSPHRASE), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_unlock_recovery(v, (const char *)code), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_unlock(v, "upgraded passphrase"), IM_OK);
    check_contents_n(v, 1);
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock_recovery(v, code2), IM_OK);
    check_contents_n(v, 1);
    CHECK_RC(im_vault_history(v, &h), IM_OK);
    CHECK(!h.removed && !h.added && !h.changed && !h.unreadable);
    im_vault_close(v);

    vt_hash_file(src, after);
    CHECK(memcmp(before, after, 32) == 0); /* the checked-in file untouched */
    im_tmpdir_remove(dir);
    free(db);
    free(code);
    free(src);
    free(code_path);
    return im_check_done();
}
