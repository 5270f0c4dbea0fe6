/*
 * test_vault_records.c -- put / get / replace / delete / list / count /
 * foreach / ids below, limits, padding, fresh nonces, and transactions.
 */
#define _POSIX_C_SOURCE 200809L
#include <sodium.h>
#include <string.h>

#include "vault_test.h"

static char *dir;
static im_vault *v;

static int get_equals(uint32_t kind, int64_t id, const void *want, size_t n)
{
    im_buf b;
    im_rc rc = im_record_get(v, kind, id, &b);
    int ok = rc == IM_OK && b.len == n && (n == 0 || memcmp(b.data, want, n) == 0);
    im_buf_free(&b);
    return ok;
}

static void test_put_get_replace_delete(void)
{
    int64_t a = 0, b = 0, c = 0;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &a, "first", 5), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &b, "second", 6), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_RUN, &c, "a run", 5), IM_OK);
    CHECK(a > 0 && b > a && c > b);
    CHECK(get_equals(IM_KIND_JOURNAL, a, "first", 5));
    CHECK(get_equals(IM_KIND_JOURNAL, b, "second", 6));
    CHECK(get_equals(IM_KIND_RUN, c, "a run", 5));

    /* A record is found only under its own kind. */
    im_buf buf;
    CHECK_RC(im_record_get(v, IM_KIND_RUN, a, &buf), IM_ERR_NOT_FOUND);
    CHECK(buf.data == NULL);
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, 999999, &buf), IM_ERR_NOT_FOUND);

    /* Replace keeps the id. */
    int64_t same = a;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &same, "first, edited", 13), IM_OK);
    CHECK(same == a);
    CHECK(get_equals(IM_KIND_JOURNAL, a, "first, edited", 13));
    int64_t ghost = 424242;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &ghost, "x", 1), IM_ERR_NOT_FOUND);
    CHECK(ghost == 424242);
    int64_t wrong_kind = c;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &wrong_kind, "x", 1), IM_ERR_NOT_FOUND);
    CHECK(get_equals(IM_KIND_RUN, c, "a run", 5));

    /* list / count */
    int64_t *ids = NULL;
    size_t n = 0;
    CHECK_RC(im_record_list(v, IM_KIND_JOURNAL, &ids, &n), IM_OK);
    CHECK(n == 2 && ids && ids[0] == a && ids[1] == b);
    free(ids);
    CHECK_RC(im_record_count(v, IM_KIND_JOURNAL, &n), IM_OK);
    CHECK(n == 2);
    CHECK_RC(im_record_count(v, IM_KIND_PROFILE, &n), IM_OK);
    CHECK(n == 0);
    CHECK_RC(im_record_list(v, IM_KIND_PROFILE, &ids, &n), IM_OK);
    CHECK(n == 0);
    free(ids);

    /* delete */
    CHECK_RC(im_record_delete(v, IM_KIND_RUN, a), IM_ERR_NOT_FOUND);
    CHECK_RC(im_record_delete(v, IM_KIND_JOURNAL, a), IM_OK);
    CHECK_RC(im_record_delete(v, IM_KIND_JOURNAL, a), IM_ERR_NOT_FOUND);
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, a, &buf), IM_ERR_NOT_FOUND);
    CHECK_RC(im_record_count(v, IM_KIND_JOURNAL, &n), IM_OK);
    CHECK(n == 1);

    /* Ids are never reused, even after deleting the newest. */
    int64_t d = 0, e = 0;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &d, "d", 1), IM_OK);
    CHECK_RC(im_record_delete(v, IM_KIND_JOURNAL, d), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &e, "e", 1), IM_OK);
    CHECK(e > d);
}

static void test_limits_and_errors(void)
{
    int64_t id = 0;
    CHECK_RC(im_record_put(v, 0, &id, "x", 1), IM_ERR_INVALID);
    CHECK_RC(im_record_put(v, IM_KIND_MAX_ + 1, &id, "x", 1), IM_ERR_INVALID);
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, NULL, "x", 1), IM_ERR_INVALID);
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, NULL, 3), IM_ERR_INVALID);
    id = -3;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, "x", 1), IM_ERR_INVALID);
    id = 0;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, "x", (size_t)IM_RECORD_MAX_BYTES + 1), IM_ERR_TOO_LARGE);
    CHECK(id == 0);

    /* Empty and largest records. */
    CHECK_RC(im_record_put(v, IM_KIND_SETTING, &id, NULL, 0), IM_OK);
    CHECK(get_equals(IM_KIND_SETTING, id, "", 0));
    unsigned char *big = malloc(IM_RECORD_MAX_BYTES);
    REQUIRE(big);
    randombytes_buf(big, IM_RECORD_MAX_BYTES);
    int64_t big_id = 0;
    CHECK_RC(im_record_put(v, IM_KIND_RUN, &big_id, big, IM_RECORD_MAX_BYTES), IM_OK);
    CHECK(get_equals(IM_KIND_RUN, big_id, big, IM_RECORD_MAX_BYTES));
    CHECK_RC(im_record_delete(v, IM_KIND_RUN, big_id), IM_OK);
    free(big);

    /* Locked: every record call says so. */
    im_vault_lock(v);
    im_buf b;
    int64_t *ids;
    size_t n;
    id = 0;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, "x", 1), IM_ERR_LOCKED);
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, 1, &b), IM_ERR_LOCKED);
    CHECK_RC(im_record_delete(v, IM_KIND_JOURNAL, 1), IM_ERR_LOCKED);
    CHECK_RC(im_record_list(v, IM_KIND_JOURNAL, &ids, &n), IM_ERR_LOCKED);
    CHECK_RC(im_record_count(v, IM_KIND_JOURNAL, &n), IM_ERR_LOCKED);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
}

/* Lengths (plus the one byte of kind sealed with the data, plus at least
 * one byte of padding) are padded to IM_RECORD_PAD_BLOCK below 1 KiB, to
 * powers of two above it; every write has a new nonce. */
static void test_padding_and_nonces(void)
{
    sqlite3 *db = vt_sql_open(im_vault_db_path(v));
    size_t lens[] = {0, 1, 200, 254, 255, 256, 257, 1000, 1022, 1023, 1500, 2046, 2047, 5000};
    size_t pads[] = {256, 256, 256, 256, 512, 512, 512, 1024, 1024, 2048, 2048, 2048, 4096, 8192};
    for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
        unsigned char data[5000] = {0};
        int64_t id = 0;
        CHECK_RC(im_record_put(v, IM_KIND_PROGRESS, &id, data, lens[i]), IM_OK);
        size_t n;
        unsigned char *sealed = vt_record_blob(db, id, "sealed", &n);
        size_t want = pads[i] + crypto_aead_xchacha20poly1305_ietf_ABYTES;
        CHECK(n == want && im_record_padded_size(lens[i]) == pads[i]);
        im_buf back;
        CHECK_RC(im_record_get(v, IM_KIND_PROGRESS, id, &back), IM_OK);
        CHECK(back.len == lens[i]);
        im_buf_free(&back);
        free(sealed);

        size_t n1, n2;
        unsigned char *nonce1 = vt_record_blob(db, id, "nonce", &n1);
        CHECK_RC(im_record_put(v, IM_KIND_PROGRESS, &id, data, lens[i]), IM_OK);
        unsigned char *nonce2 = vt_record_blob(db, id, "nonce", &n2);
        CHECK(n1 == 24 && n2 == 24 && memcmp(nonce1, nonce2, 24) != 0);
        free(nonce1);
        free(nonce2);
    }
    sqlite3_close(db);
}

struct seen {
    int64_t ids[16];
    char first[16];
    im_rc rcs[16];
    int n;
    int stop_after;
};

static int collect(void *ctx, int64_t id, im_rc rc, const unsigned char *data, size_t len)
{
    struct seen *s = ctx;
    if (s->n < 16) {
        s->ids[s->n] = id;
        s->rcs[s->n] = rc;
        s->first[s->n] = data && len ? (char)data[0] : 0;
        s->n++;
    }
    return s->stop_after && s->n >= s->stop_after;
}

static int lock_midway(void *ctx, int64_t id, im_rc rc, const unsigned char *data, size_t len)
{
    (void)id, (void)rc, (void)data, (void)len;
    im_vault_lock(ctx);
    return 0;
}

/* Ids below a point, newest first, in batches: what the journal's build
 * walks instead of listing every row at once.  Trash rows pass for journal
 * rows on disk, so they are among a journal kind's ids (and read as the
 * journal kind they are not found). */
static void test_ids_below(void)
{
    int64_t j1 = 0, j2 = 0, t1 = 0, j3 = 0, got[8];
    size_t n = 99;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &j1, "one", 3), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &j2, "two", 3), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_TRASH, &t1, "gone", 4), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &j3, "three", 5), IM_OK);
    CHECK_RC(im_record_ids_below(v, IM_KIND_JOURNAL, INT64_MAX, 2, got, &n), IM_OK);
    CHECK(n == 2 && got[0] == j3 && got[1] == t1);
    CHECK_RC(im_record_ids_below(v, IM_KIND_JOURNAL, t1, 2, got, &n), IM_OK);
    CHECK(n == 2 && got[0] == j2 && got[1] == j1);
    im_buf b;
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, t1, &b), IM_ERR_NOT_FOUND);
    /* The trash kind sees the same rows. */
    CHECK_RC(im_record_ids_below(v, IM_KIND_TRASH, j3 + 1, 3, got, &n), IM_OK);
    CHECK(n == 3 && got[0] == j3 && got[1] == t1 && got[2] == j2);
    /* Below the oldest: none; other kinds are not mixed in. */
    CHECK_RC(im_record_ids_below(v, IM_KIND_JOURNAL, 1, 8, got, &n), IM_OK);
    CHECK(n == 0);
    int64_t c = 0;
    CHECK_RC(im_record_put(v, IM_KIND_COUPLE, &c, "c", 1), IM_OK);
    CHECK_RC(im_record_ids_below(v, IM_KIND_JOURNAL, INT64_MAX, 1, got, &n), IM_OK);
    CHECK(n == 1 && got[0] == j3);
    CHECK_RC(im_record_ids_below(v, IM_KIND_JOURNAL, INT64_MAX, 0, got, &n), IM_ERR_INVALID);
    im_vault_lock(v);
    CHECK_RC(im_record_ids_below(v, IM_KIND_JOURNAL, INT64_MAX, 8, got, &n), IM_ERR_LOCKED);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    CHECK_RC(im_record_delete(v, IM_KIND_COUPLE, c), IM_OK);
}

static void test_foreach(void)
{
    int64_t ids[4] = {0};
    const char *texts[4] = {"alpha", "beta", "gamma", "delta"};
    for (int i = 0; i < 4; i++)
        CHECK_RC(im_record_put(v, IM_KIND_COUPLE, &ids[i], texts[i], strlen(texts[i])), IM_OK);
    struct seen s = {0};
    CHECK_RC(im_record_foreach(v, IM_KIND_COUPLE, collect, &s), IM_OK);
    CHECK(s.n == 4);
    for (int i = 0; i < 4 && i < s.n; i++)
        CHECK(s.ids[i] == ids[i] && s.rcs[i] == IM_OK && s.first[i] == texts[i][0]);

    struct seen stop = {.stop_after = 2};
    CHECK_RC(im_record_foreach(v, IM_KIND_COUPLE, collect, &stop), IM_OK);
    CHECK(stop.n == 2);

    /* A damaged record is reported and the walk goes on. */
    sqlite3 *db = vt_sql_open(im_vault_db_path(v));
    size_t n;
    unsigned char *sealed = vt_record_blob(db, ids[1], "sealed", &n);
    sealed[3] ^= 0x10;
    vt_record_set_blob(db, ids[1], "sealed", sealed, n);
    free(sealed);
    sqlite3_close(db);
    struct seen d = {0};
    CHECK_RC(im_record_foreach(v, IM_KIND_COUPLE, collect, &d), IM_OK);
    CHECK(d.n == 4);
    CHECK(d.rcs[0] == IM_OK && d.rcs[1] == IM_ERR_DAMAGED && d.rcs[2] == IM_OK && d.rcs[3] == IM_OK);
    CHECK(d.first[1] == 0 && d.first[2] == 'g');
    CHECK_RC(im_record_foreach(v, IM_KIND_COUPLE, NULL, &d), IM_ERR_INVALID);

    /* A callback that locks the vault ends the walk cleanly. */
    CHECK_RC(im_record_foreach(v, IM_KIND_COUPLE, lock_midway, v), IM_ERR_LOCKED);
    CHECK(!im_vault_is_unlocked(v));
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
}

static void test_transactions(void)
{
    size_t before, n;
    CHECK_RC(im_record_count(v, IM_KIND_TRASH, &before), IM_OK);

    /* Commit: nested begins, one write at the end. */
    int64_t a = 0, b = 0;
    CHECK_RC(im_vault_begin(v), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_TRASH, &a, "a", 1), IM_OK);
    CHECK_RC(im_vault_begin(v), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_TRASH, &b, "b", 1), IM_OK);
    CHECK_RC(im_vault_commit(v), IM_OK);
    CHECK_RC(im_vault_commit(v), IM_OK);
    CHECK_RC(im_vault_commit(v), IM_ERR_STATE); /* nothing open */
    CHECK_RC(im_record_count(v, IM_KIND_TRASH, &n), IM_OK);
    CHECK(n == before + 2);

    /* Rollback leaves nothing: new records, a replacement, a delete. */
    int64_t c = 0;
    CHECK_RC(im_vault_begin(v), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_TRASH, &c, "c", 1), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_TRASH, &a, "A!", 2), IM_OK);
    CHECK_RC(im_record_delete(v, IM_KIND_TRASH, b), IM_OK);
    CHECK_RC(im_vault_pref_set(v, "in_tx", 1), IM_OK);
    im_vault_rollback(v);
    CHECK_RC(im_record_count(v, IM_KIND_TRASH, &n), IM_OK);
    CHECK(n == before + 2);
    CHECK(get_equals(IM_KIND_TRASH, a, "a", 1));
    CHECK(get_equals(IM_KIND_TRASH, b, "b", 1));
    im_buf buf;
    CHECK_RC(im_record_get(v, IM_KIND_TRASH, c, &buf), IM_ERR_NOT_FOUND);
    int64_t x;
    CHECK_RC(im_vault_pref_get(v, "in_tx", &x), IM_ERR_NOT_FOUND);

    /* An inner rollback dooms the whole transaction. */
    int64_t d = 0;
    CHECK_RC(im_vault_begin(v), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_TRASH, &d, "d", 1), IM_OK);
    CHECK_RC(im_vault_begin(v), IM_OK);
    im_vault_rollback(v);
    int64_t e = 0;
    CHECK_RC(im_record_put(v, IM_KIND_TRASH, &e, "e", 1), IM_ERR_STATE);
    CHECK_RC(im_vault_commit(v), IM_ERR_STATE);
    CHECK_RC(im_record_count(v, IM_KIND_TRASH, &n), IM_OK);
    CHECK(n == before + 2);
    /* ...and afterwards writing works again. */
    CHECK_RC(im_record_put(v, IM_KIND_TRASH, &e, "e", 1), IM_OK);

    /* A failed write inside a transaction does not undo the others. */
    int64_t f = 0, missing = 987654;
    CHECK_RC(im_vault_begin(v), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_TRASH, &f, "f", 1), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_TRASH, &missing, "m", 1), IM_ERR_NOT_FOUND);
    CHECK_RC(im_vault_commit(v), IM_OK);
    CHECK(get_equals(IM_KIND_TRASH, f, "f", 1));

    /* Lock inside a transaction rolls it back. */
    int64_t g = 0;
    CHECK_RC(im_vault_begin(v), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_TRASH, &g, "g", 1), IM_OK);
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    CHECK_RC(im_record_get(v, IM_KIND_TRASH, g, &buf), IM_ERR_NOT_FOUND);
    CHECK_RC(im_vault_commit(v), IM_ERR_STATE);

    /* Committed data survives close and reopen. */
    im_vault_close(v);
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    REQUIRE(v);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    CHECK(get_equals(IM_KIND_TRASH, a, "a", 1));
    CHECK(get_equals(IM_KIND_TRASH, e, "e", 1));
    CHECK(get_equals(IM_KIND_TRASH, f, "f", 1));
}

/* put_at places a record at a chosen id, refuses a taken one (of any
 * kind), and later puts are numbered past it: ids are never handed out
 * twice.  A row moved from its id by hand does not open at the other. */
static void test_put_at(void)
{
    int64_t a = 0;
    CHECK_RC(im_record_put(v, IM_KIND_PROFILE, &a, "here", 4), IM_OK);
    CHECK_RC(im_record_put_at(v, IM_KIND_PROFILE, a, "x", 1), IM_ERR_EXISTS);
    CHECK_RC(im_record_put_at(v, IM_KIND_SETTING, a, "x", 1), IM_ERR_EXISTS);
    CHECK(get_equals(IM_KIND_PROFILE, a, "here", 4));
    CHECK_RC(im_record_put_at(v, IM_KIND_PROFILE, 0, "x", 1), IM_ERR_INVALID);
    CHECK_RC(im_record_put_at(v, IM_KIND_PROFILE, -3, "x", 1), IM_ERR_INVALID);
    CHECK_RC(im_record_put_at(v, 0, a + 5, "x", 1), IM_ERR_INVALID);

    int64_t far = a + 1000;
    CHECK_RC(im_record_put_at(v, IM_KIND_PROFILE, far, "far away", 8), IM_OK);
    CHECK(get_equals(IM_KIND_PROFILE, far, "far away", 8));
    int64_t next = 0;
    CHECK_RC(im_record_put(v, IM_KIND_PROFILE, &next, "next", 4), IM_OK);
    CHECK(next == far + 1);

    /* A free id below the sequence (a deleted one) can be filled again,
     * and the sequence does not go back. */
    CHECK_RC(im_record_delete(v, IM_KIND_PROFILE, far), IM_OK);
    CHECK_RC(im_record_put_at(v, IM_KIND_PROFILE, far, "again", 5), IM_OK);
    CHECK(get_equals(IM_KIND_PROFILE, far, "again", 5));
    int64_t after = 0;
    CHECK_RC(im_record_put(v, IM_KIND_PROFILE, &after, "after", 5), IM_OK);
    CHECK(after == next + 1);

    /* The sequence survives close and reopen. */
    im_vault_close(v);
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    REQUIRE(v);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    CHECK(get_equals(IM_KIND_PROFILE, far, "again", 5));
    int64_t later = 0;
    CHECK_RC(im_record_put(v, IM_KIND_PROFILE, &later, "later", 5), IM_OK);
    CHECK(later == after + 1);

    im_vault_lock(v);
    CHECK_RC(im_record_put_at(v, IM_KIND_PROFILE, later + 7, "x", 1), IM_ERR_LOCKED);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
}

int main(void)
{
    dir = im_tmpdir_make("vault-records");
    REQUIRE(dir);
    v = th_vault_create(dir, NULL, NULL);
    test_put_get_replace_delete();
    test_limits_and_errors();
    test_padding_and_nonces();
    test_foreach();
    test_ids_below();
    test_transactions();
    test_put_at();
    im_vault_close(v);
    im_tmpdir_remove(dir);
    return im_check_done();
}
