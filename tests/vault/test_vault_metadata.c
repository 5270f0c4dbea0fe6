/*
 * test_vault_metadata.c -- what someone who copies the file learns without
 * a key: the attack reads the database with plain SQLite and compares two
 * vaults that hold the same number of records of the same sizes, one left
 * as written and one whose first entry was edited five times and whose
 * second entry sits in the trash.  Every clear column (everything but the
 * nonce and the sealed bytes, whose lengths are compared instead) must be
 * the same in both: edit counts and trash state live inside the ciphertext.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "vault_test.h"

/* Append s to the growing dump (REQUIREs room). */
static void add(char *dump, size_t cap, const char *s)
{
    size_t n = strlen(dump), k = strlen(s);
    REQUIRE(n + k + 1 < cap);
    memcpy(dump + n, s, k + 1);
}

/* Every row of table, each column as its value -- blobs as their length
 * only, so ciphertext and random nonces compare equal across vaults. */
static void dump_table(sqlite3 *db, const char *table, char *dump, size_t cap)
{
    char sql[128], cell[128];
    snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1", table);
    sqlite3_stmt *st;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, 0) == SQLITE_OK);
    add(dump, cap, table);
    add(dump, cap, ":\n");
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const char *name = sqlite3_column_name(st, c);
            if (sqlite3_column_type(st, c) == SQLITE_BLOB)
                snprintf(cell, sizeof cell, " %s=<%d bytes>", name, sqlite3_column_bytes(st, c));
            else
                snprintf(cell, sizeof cell, " %s=%s", name, (const char *)sqlite3_column_text(st, c));
            add(dump, cap, cell);
        }
        add(dump, cap, "\n");
    }
    sqlite3_finalize(st);
}

/* The clear view of a closed vault's record table and sequence. */
static void clear_view(const char *dir, char *dump, size_t cap)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/innermost.db", dir);
    sqlite3 *db = vt_sql_open(path);
    dump[0] = 0;
    dump_table(db, "record", dump, cap);
    dump_table(db, "sqlite_sequence", dump, cap);
    sqlite3_close(db);
}

static const char first[] = "first entry, as it reads in the end.";
static const char second[] = "second entry, same length as its twin";

static void put(im_vault *v, uint32_t kind, int64_t *id, const char *text)
{
    REQUIRE(im_record_put(v, kind, id, text, strlen(text)) == IM_OK);
}

/* Vault A: two entries written once. */
static void make_plain(const char *dir)
{
    im_vault *v = th_vault_create(dir, NULL, NULL);
    int64_t a = 0, b = 0;
    put(v, IM_KIND_JOURNAL, &a, first);
    put(v, IM_KIND_JOURNAL, &b, second);
    im_vault_close(v);
}

/* Vault B: the first entry edited five times, the second in the trash. */
static void make_used(const char *dir)
{
    im_vault *v = th_vault_create(dir, NULL, NULL);
    int64_t a = 0, b = 0;
    put(v, IM_KIND_JOURNAL, &a, "first entry, first draft, abandoned...");
    for (int i = 0; i < 4; i++)
        put(v, IM_KIND_JOURNAL, &a, first);
    put(v, IM_KIND_TRASH, &b, second);
    size_t n = 0;
    CHECK_RC(im_record_count(v, IM_KIND_JOURNAL, &n), IM_OK);
    CHECK(n == 1);
    CHECK_RC(im_record_count(v, IM_KIND_TRASH, &n), IM_OK);
    CHECK(n == 1);
    im_vault_close(v);
}

int main(void)
{
    char *plain = im_tmpdir_make("vault-meta-a");
    char *used = im_tmpdir_make("vault-meta-b");
    REQUIRE(plain && used);
    make_plain(plain);
    make_used(used);
    static char a[8192], b[8192];
    clear_view(plain, a, sizeof a);
    clear_view(used, b, sizeof b);
    if (strcmp(a, b) != 0)
        printf("clear view of the plain vault:\n%s"
               "clear view of the used vault:\n%s",
               a, b);
    CHECK(strcmp(a, b) == 0);

    /* The hidden state is still there for the owner. */
    im_vault *v = NULL;
    REQUIRE(im_vault_open(used, &v) == IM_OK);
    REQUIRE(im_vault_unlock(v, TH_PASS) == IM_OK);
    im_buf buf;
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, 1, &buf), IM_OK);
    CHECK(buf.len == strlen(first) && memcmp(buf.data, first, buf.len) == 0);
    im_buf_free(&buf);
    CHECK_RC(im_record_get(v, IM_KIND_TRASH, 2, &buf), IM_OK);
    CHECK(buf.len == strlen(second) && memcmp(buf.data, second, buf.len) == 0);
    im_buf_free(&buf);
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, 2, &buf), IM_ERR_NOT_FOUND);
    CHECK_RC(im_record_get(v, IM_KIND_TRASH, 1, &buf), IM_ERR_NOT_FOUND);
    im_history h;
    CHECK_RC(im_vault_history(v, &h), IM_OK);
    CHECK(!h.removed && !h.added && !h.changed && !h.unreadable);
    im_vault_close(v);
    im_tmpdir_remove(plain);
    im_tmpdir_remove(used);
    return im_check_done();
}
