/*
 * test_vault_history.c -- rewinding one record, reviving a deleted one or
 * deleting rows behind Innermost's back is reported at the next unlock, in
 * plain words, once.  Normal use, a rotation and a restart
 * report nothing.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "vault_test.h"

static char *dir;
static char dbp[4096];

static im_vault *reopen(im_history *h)
{
    im_vault *v = NULL;
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    REQUIRE(im_vault_unlock(v, TH_PASS) == IM_OK);
    CHECK_RC(im_vault_history(v, h), IM_OK);
    return v;
}

static int clean(const im_history *h)
{
    char words[512];
    return !h->removed && !h->added && !h->changed && !h->unreadable &&
           im_history_describe(h, words, sizeof words) == 0 && words[0] == 0;
}

static void put(im_vault *v, int64_t *id, const char *text)
{
    REQUIRE(im_record_put(v, IM_KIND_JOURNAL, id, text, strlen(text)) == IM_OK);
}

int main(void)
{
    dir = im_tmpdir_make("vault-history");
    REQUIRE(dir);
    snprintf(dbp, sizeof dbp, "%s/innermost.db", dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    int64_t a = 0, b = 0, c = 0;
    put(v, &a, "first words");
    put(v, &b, "to be deleted");
    put(v, &c, "kept");
    im_vault_close(v);
    im_history h;
    v = reopen(&h);
    CHECK(clean(&h));
    CHECK(h.generation >= 3);

    /* Keep old rows the way an attacker would: a copy of the table. */
    sqlite3 *db = vt_sql_open(dbp);
    vt_sql(db, "CREATE TABLE IF NOT EXISTS stash AS SELECT * FROM record");
    sqlite3_close(db);
    put(v, &a, "second words");
    CHECK_RC(im_record_delete(v, IM_KIND_JOURNAL, b), IM_OK);
    im_vault_close(v);
    v = reopen(&h);
    CHECK(clean(&h));
    im_vault_close(v);

    /* Replay: record a put back to its first version. */
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE record SET legacy_version=(SELECT legacy_version FROM "
             "stash WHERE id=%lld), nonce=(SELECT nonce FROM stash WHERE id=%lld), "
             "sealed=(SELECT sealed FROM stash WHERE id=%lld) WHERE id=%lld",
             (long long)a, (long long)a, (long long)a, (long long)a);
    db = vt_sql_open(dbp);
    vt_sql(db, sql);
    sqlite3_close(db);
    v = reopen(&h);
    CHECK(h.changed && !h.removed && !h.added);
    char words[1024];
    CHECK(im_history_describe(&h, words, sizeof words) > 0);
    CHECK(strstr(words, "earlier version") != NULL);
    printf("replay: %s\n", words);
    im_vault_close(v);
    v = reopen(&h); /* told once; then the file is the new baseline */
    CHECK(clean(&h));
    im_vault_close(v);

    /* Revival: the deleted record's row put back. */
    snprintf(sql, sizeof sql, "INSERT INTO record SELECT * FROM stash WHERE id=%lld", (long long)b);
    db = vt_sql_open(dbp);
    vt_sql(db, sql);
    sqlite3_close(db);
    v = reopen(&h);
    CHECK(h.added == 1 && !h.removed);
    CHECK(im_history_describe(&h, words, sizeof words) > 0);
    CHECK(strstr(words, "put back") != NULL);
    printf("revival: %s\n", words);
    im_vault_close(v);

    /* Deletion: two rows removed. */
    db = vt_sql_open(dbp);
    vt_sql(db, "DELETE FROM record WHERE id IN (SELECT id FROM record ORDER BY id DESC LIMIT 2)");
    vt_sql(db, "DROP TABLE stash");
    sqlite3_close(db);
    v = reopen(&h);
    CHECK(h.removed == 2 && !h.added);
    CHECK(im_history_describe(&h, words, sizeof words) > 0);
    CHECK(strstr(words, "2 saved items went missing") != NULL);
    printf("deletion: %s\n", words);

    /* A rotation and further writes keep it consistent. */
    int64_t d = 0;
    put(v, &d, "after the rotation");
    CHECK_RC(im_vault_change_passphrase(v, TH_PASS, NULL), IM_OK);
    put(v, &d, "after the rotation, edited");
    im_vault_close(v);
    v = reopen(&h);
    CHECK(clean(&h));
    /* The manifest itself replaced with junk: said so, not ignored. */
    im_vault_close(v);
    db = vt_sql_open(dbp);
    vt_sql(db, "UPDATE meta SET value=zeroblob(88) WHERE key='manifest'");
    sqlite3_close(db);
    v = reopen(&h);
    CHECK(h.unreadable);
    im_vault_close(v);
    im_tmpdir_remove(dir);
    return im_check_done();
}
