/*
 * test_vault_tamper.c -- what an attacker with the files can change, and
 * what the vault makes of it.
 *
 * Every single-bit flip across one record's nonce, ciphertext and tag is
 * IM_ERR_DAMAGED (never a crash) while the other records still open; a
 * record's sealed bytes moved to another row, kind or id are
 * rejected; tampered keyslots fail closed and crafted parameters cannot hang
 * unlock; files that are not vaults are IM_ERR_UNREADABLE.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "vault_test.h"

static char *dir;
static im_vault *v;
static sqlite3 *db;
static int64_t target, other, elsewhere;

static im_rc get_rc(uint32_t kind, int64_t id)
{
    im_buf b;
    im_rc rc = im_record_get(v, kind, id, &b);
    im_buf_free(&b);
    return rc;
}

static void flip_every_bit(const char *column)
{
    size_t n;
    unsigned char *orig = vt_record_blob(db, target, column, &n);
    unsigned char *copy = malloc(n);
    REQUIRE(copy);
    int damaged = 0, others_ok = 0;
    for (size_t bit = 0; bit < n * 8; bit++) {
        memcpy(copy, orig, n);
        copy[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        vt_record_set_blob(db, target, column, copy, n);
        damaged += get_rc(IM_KIND_JOURNAL, target) == IM_ERR_DAMAGED;
        others_ok += get_rc(IM_KIND_JOURNAL, other) == IM_OK;
    }
    CHECK(damaged == (int)(n * 8));
    CHECK(others_ok == (int)(n * 8));
    printf("%s: %zu bit flips, %d damaged\n", column, n * 8, damaged);
    vt_record_set_blob(db, target, column, orig, n);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_OK);
    free(copy);
    free(orig);
}

static void malformed_lengths(void)
{
    size_t n, nn, on;
    unsigned char *sealed = vt_record_blob(db, target, "sealed", &n);
    unsigned char *nonce = vt_record_blob(db, target, "nonce", &nn);
    unsigned char *other_nonce = vt_record_blob(db, other, "nonce", &on);
    unsigned char *longer = calloc(1, n + 256);
    REQUIRE(longer);
    memcpy(longer, sealed, n);
    size_t cuts[] = {0, 1, 16, n - 16, n - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        vt_record_set_blob(db, target, "sealed", sealed, cuts[i]);
        CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_ERR_DAMAGED);
    }
    vt_record_set_blob(db, target, "sealed", longer, n + 256);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_ERR_DAMAGED);
    vt_record_set_blob(db, target, "sealed", sealed, n);
    vt_record_set_blob(db, target, "nonce", nonce, nn - 1);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_ERR_DAMAGED);
    vt_sql(db, "UPDATE record SET nonce='text, not a blob' WHERE kind=2");
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_ERR_DAMAGED);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, other), IM_ERR_DAMAGED);
    vt_record_set_blob(db, target, "nonce", nonce, nn);
    vt_record_set_blob(db, other, "nonce", other_nonce, on);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_OK);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, other), IM_OK);
    free(other_nonce);
    free(longer);
    free(sealed);
    free(nonce);
}

static void moved_ciphertext(void)
{
    char sql[256];
    /* Into another row of the same kind. */
    size_t n, nn, on, onn;
    unsigned char *sealed = vt_record_blob(db, target, "sealed", &n);
    unsigned char *nonce = vt_record_blob(db, target, "nonce", &nn);
    unsigned char *osealed = vt_record_blob(db, other, "sealed", &on);
    unsigned char *ononce = vt_record_blob(db, other, "nonce", &onn);
    vt_record_set_blob(db, other, "sealed", sealed, n);
    vt_record_set_blob(db, other, "nonce", nonce, nn);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, other), IM_ERR_DAMAGED);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_OK);
    vt_record_set_blob(db, other, "sealed", osealed, on);
    vt_record_set_blob(db, other, "nonce", ononce, onn);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, other), IM_OK);

    /* Into a row of another kind. */
    vt_record_set_blob(db, elsewhere, "sealed", sealed, n);
    vt_record_set_blob(db, elsewhere, "nonce", nonce, nn);
    CHECK_RC(get_rc(IM_KIND_RUN, elsewhere), IM_ERR_DAMAGED);

    /* The row itself relabelled: kind, id, version. */
    snprintf(sql, sizeof sql, "UPDATE record SET kind=%d WHERE id=%lld", IM_KIND_PROFILE, (long long)target);
    vt_sql(db, sql);
    CHECK_RC(get_rc(IM_KIND_PROFILE, target), IM_ERR_DAMAGED);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_ERR_NOT_FOUND);
    snprintf(sql, sizeof sql, "UPDATE record SET kind=%d WHERE id=%lld", IM_KIND_JOURNAL, (long long)target);
    vt_sql(db, sql);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_OK);

    /* Stored as trash (the kind a trash record has in the file). */
    snprintf(sql, sizeof sql, "UPDATE record SET kind=%d WHERE id=%lld", IM_KIND_TRASH, (long long)target);
    vt_sql(db, sql);
    CHECK_RC(get_rc(IM_KIND_TRASH, target), IM_ERR_DAMAGED);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_ERR_NOT_FOUND);
    snprintf(sql, sizeof sql, "UPDATE record SET kind=%d WHERE id=%lld", IM_KIND_JOURNAL, (long long)target);
    vt_sql(db, sql);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_OK);

    /* Passed off as a row of the old format (edit count in clear). */
    snprintf(sql, sizeof sql,
             "UPDATE record SET legacy_version=1 "
             "WHERE id=%lld",
             (long long)target);
    vt_sql(db, sql);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_ERR_DAMAGED);
    snprintf(sql, sizeof sql,
             "UPDATE record SET legacy_version=0 "
             "WHERE id=%lld",
             (long long)target);
    vt_sql(db, sql);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_OK);

    snprintf(sql, sizeof sql, "UPDATE record SET id=777777 WHERE id=%lld", (long long)target);
    vt_sql(db, sql);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, 777777), IM_ERR_DAMAGED);
    snprintf(sql, sizeof sql, "UPDATE record SET id=%lld WHERE id=777777", (long long)target);
    vt_sql(db, sql);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_OK);

    /* An older version of the same record put back with its nonce: it
     * opens (no edit count is kept in clear to compare with), and the
     * manifest reports it at the next unlock (test_vault_history). */
    int64_t id = target;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, "newer text", 10), IM_OK);
    vt_record_set_blob(db, target, "sealed", sealed, n);
    vt_record_set_blob(db, target, "nonce", nonce, nn);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_OK);
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    im_history h;
    CHECK_RC(im_vault_history(v, &h), IM_OK);
    CHECK(h.changed && !h.removed && !h.added);

    free(sealed);
    free(nonce);
    free(osealed);
    free(ononce);
}

struct walk {
    int64_t id; /* the row watched */
    int seen;   /* handed to the walk */
    im_rc rc;   /* with this result */
};

static int watch(void *ctx, int64_t id, im_rc rc, const unsigned char *data, size_t len)
{
    (void)data, (void)len;
    struct walk *w = ctx;
    if (id == w->id) {
        w->seen = 1;
        w->rc = rc;
    }
    return 0;
}

/* A trash record is stored as a journal entry with its real kind as the
 * first sealed byte.  That byte flipped (kind 2 <-> 7 is one XOR, no key
 * needed) must not make an entry vanish: the journal's walk opens every
 * row stored as a journal entry and reports it damaged; the trash's walk
 * never hands it out. */
static void flipped_kind_byte(void)
{
    size_t n;
    unsigned char *sealed = vt_record_blob(db, target, "sealed", &n);
    unsigned char *bad = malloc(n);
    REQUIRE(bad);
    memcpy(bad, sealed, n);
    bad[0] ^= IM_KIND_JOURNAL ^ IM_KIND_TRASH;
    vt_record_set_blob(db, target, "sealed", bad, n);
    struct walk j = {target, 0, IM_OK}, t = {target, 0, IM_OK};
    CHECK_RC(im_record_foreach(v, IM_KIND_JOURNAL, watch, &j), IM_OK);
    CHECK(j.seen && j.rc == IM_ERR_DAMAGED);
    CHECK_RC(im_record_foreach(v, IM_KIND_TRASH, watch, &t), IM_OK);
    CHECK(!t.seen);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_ERR_DAMAGED);
    CHECK_RC(get_rc(IM_KIND_TRASH, target), IM_ERR_NOT_FOUND);
    vt_record_set_blob(db, target, "sealed", sealed, n);
    CHECK_RC(get_rc(IM_KIND_JOURNAL, target), IM_OK);
    free(bad);
    free(sealed);
}

/* Run SQL against the keyslot table, try the passphrase, undo. */
static im_rc unlock_after(const char *tamper)
{
    im_vault_lock(v);
    vt_sql(db, "SAVEPOINT t;");
    vt_sql(db, tamper);
    vt_sql(db, "RELEASE t;");
    im_rc rc = im_vault_unlock(v, TH_PASS);
    im_vault_lock(v);
    return rc;
}

static void tampered_slots(void)
{
    vt_sql(db, "CREATE TEMP TABLE saved AS SELECT * FROM keyslot;");
    const char *restore = "DELETE FROM keyslot; "
                          "INSERT INTO keyslot SELECT * FROM temp.saved;";
    /* byte 6 of the wrapped key made something else than it was (setting
     * it to 00 changed nothing for one vault in 256, whose byte was 00) */
    CHECK_RC(unlock_after("UPDATE keyslot SET wrapped=CAST("
                          "substr(wrapped,1,5)||"
                          "CASE WHEN substr(wrapped,6,1)=x'00' THEN x'01' ELSE x'00' END||"
                          "substr(wrapped,7) AS BLOB) WHERE slot=1"),
             IM_ERR_WRONG_SECRET);
    CHECK_RC(unlock_after(restore), IM_OK);
    CHECK_RC(unlock_after("UPDATE keyslot SET salt=zeroblob(16) WHERE slot=1"), IM_ERR_WRONG_SECRET);
    CHECK_RC(unlock_after(restore), IM_OK);
    /* Stronger-looking parameters than were used: AD binds them. */
    CHECK_RC(unlock_after("UPDATE keyslot SET opslimit=2 WHERE slot=1"), IM_ERR_WRONG_SECRET);
    /* Parameters that would take hours or terabytes are refused at once. */
    CHECK_RC(unlock_after("UPDATE keyslot SET opslimit=1000000000 "
                          "WHERE slot=1"),
             IM_ERR_DAMAGED);
    CHECK_RC(unlock_after("UPDATE keyslot SET opslimit=1, "
                          "memlimit=1099511627776 WHERE slot=1"),
             IM_ERR_DAMAGED);
    CHECK_RC(unlock_after("UPDATE keyslot SET memlimit=-5 WHERE slot=1"), IM_ERR_DAMAGED);
    CHECK_RC(unlock_after("UPDATE keyslot SET salt=x'00' WHERE slot=1"), IM_ERR_DAMAGED);
    CHECK_RC(unlock_after("UPDATE keyslot SET kdf=9 WHERE slot=1"), IM_ERR_DAMAGED);
    CHECK_RC(unlock_after("DELETE FROM keyslot WHERE slot=1"), IM_ERR_DAMAGED);
    /* The recovery slot swapped into the passphrase slot. */
    CHECK_RC(unlock_after("DELETE FROM keyslot; INSERT INTO keyslot "
                          "SELECT 1,kdf,opslimit,memlimit,salt,nonce,wrapped,pk "
                          "FROM temp.saved WHERE slot=2"),
             IM_ERR_DAMAGED);
    CHECK_RC(unlock_after(restore), IM_OK);
    /* A different vault id: the slots no longer open. */
    CHECK_RC(unlock_after("UPDATE meta SET value=zeroblob(16) "
                          "WHERE key='vault_id'"),
             IM_OK); /* id read at open */
    im_vault_close(v);
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_ERR_WRONG_SECRET);
    im_vault_close(v);
    vt_sql(db, "UPDATE meta SET value=x'0102' WHERE key='vault_id'");
    CHECK_RC(im_vault_open(dir, &v), IM_ERR_UNREADABLE);
    CHECK(v == NULL);
}

/* Replace the database with bytes that are not a vault. */
static void not_a_vault(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/innermost.db", dir);
    im_vault *w = NULL;

    CHECK(im_file_write(path, "", 0) == 0);
    CHECK_RC(im_vault_open(dir, &w), IM_ERR_UNREADABLE);
    unsigned char junk[8192];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 131 + 7);
    CHECK(im_file_write(path, junk, sizeof junk) == 0);
    CHECK_RC(im_vault_open(dir, &w), IM_ERR_UNREADABLE);
    memcpy(junk, "SQLite format 3", 16);
    CHECK(im_file_write(path, junk, sizeof junk) == 0);
    CHECK_RC(im_vault_open(dir, &w), IM_ERR_UNREADABLE);
    CHECK(w == NULL);

    /* A real SQLite database that is not ours, or is ours plus a trigger,
     * or comes from a future version. */
    const char *variants[] = {
        "CREATE TABLE notes(x);",
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;"
        "CREATE TABLE keyslot(slot INTEGER PRIMARY KEY);"
        "CREATE TABLE record(id INTEGER PRIMARY KEY);"
        "CREATE TABLE pref(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
        "CREATE TRIGGER t AFTER INSERT ON record BEGIN DELETE FROM pref; END;"
        "PRAGMA user_version=1;",
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;"
        "CREATE TABLE keyslot(slot INTEGER PRIMARY KEY);"
        "CREATE TABLE record(id INTEGER PRIMARY KEY);"
        "CREATE TABLE pref(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
        "PRAGMA user_version=99;",
    };
    for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
        remove(path);
        sqlite3 *x = NULL;
        REQUIRE(sqlite3_open(path, &x) == SQLITE_OK);
        vt_sql(x, variants[i]);
        sqlite3_close(x);
        CHECK_RC(im_vault_open(dir, &w), IM_ERR_UNREADABLE);
    }
    CHECK(w == NULL);
}

int main(void)
{
    dir = im_tmpdir_make("vault-tamper");
    REQUIRE(dir);
    v = th_vault_create(dir, NULL, NULL);
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &target, "the record under attack", 23), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &other, "a neighbour that must stay readable", 35), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_RUN, &elsewhere, "another kind", 12), IM_OK);
    db = vt_sql_open(im_vault_db_path(v));

    flip_every_bit("nonce");
    flip_every_bit("sealed");
    malformed_lengths();
    moved_ciphertext();
    flipped_kind_byte();
    tampered_slots();
    sqlite3_close(db);
    not_a_vault();

    im_tmpdir_remove(dir);
    return im_check_done();
}
