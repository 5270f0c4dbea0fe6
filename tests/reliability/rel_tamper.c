/*
 * rel_tamper.c -- counts for the tamper row of `make reliability`.
 *
 * An attacker with the files (design.md section 4) can flip bits and move
 * sealed bytes between rows.  This program does both to a vault of records
 * of several kinds and sizes and counts what the vault makes of it:
 *   flips  every single-bit flip over three whole records (nonce,
 *          ciphertext and tag), one at a time: im_record_get must refuse
 *          the record, and every other record must still open;
 *   swaps  every record's (nonce, sealed) copied into every other row, of
 *          the same kind or another; and every row relabelled to every other
 *          kind and passed off as the old format (a legacy edit count):
 *          each must be refused.
 * `make reliability` runs it from the ASan+UBSan build, so a crash or a
 * memory error shows as a failed run (the script counts it as a crash).
 * tests/vault/test_vault_tamper.c checks the same properties on a smaller
 * scale inside `make test`; this one reports counts.
 *
 * Prints: "tamper: flips N rejected R accepted A neighbours-broken B"
 *         "tamper: swaps N rejected R accepted A"
 * Exit status 1 if anything tampered was accepted.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "vault_test.h"

#define N_RECORDS 10

static im_vault *v;
static sqlite3 *db;
static int64_t ids[N_RECORDS];
static uint32_t kinds[N_RECORDS];

struct count {
    long tried, rejected, accepted, neighbours_broken;
};

static im_rc get_rc(uint32_t kind, int64_t id)
{
    im_buf b;
    im_rc rc = im_record_get(v, kind, id, &b);
    im_buf_free(&b);
    return rc;
}

static void tally(struct count *c, im_rc rc)
{
    c->tried++;
    if (rc == IM_OK)
        c->accepted++;
    else
        c->rejected++;
}

/* Every single-bit flip of one column of record i, one at a time. */
static void flip_column(int i, const char *column, struct count *c)
{
    size_t n;
    unsigned char *orig = vt_record_blob(db, ids[i], column, &n);
    unsigned char *copy = malloc(n ? n : 1);
    REQUIRE(orig && copy);
    int neighbour = (i + 1) % N_RECORDS;
    for (size_t bit = 0; bit < n * 8; bit++) {
        memcpy(copy, orig, n);
        copy[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        vt_record_set_blob(db, ids[i], column, copy, n);
        tally(c, get_rc(kinds[i], ids[i]));
        if (get_rc(kinds[neighbour], ids[neighbour]) != IM_OK)
            c->neighbours_broken++;
    }
    vt_record_set_blob(db, ids[i], column, orig, n);
    CHECK_RC(get_rc(kinds[i], ids[i]), IM_OK);
    free(copy);
    free(orig);
}

/* Row j given the sealed bytes of row i. */
static void swap_into(int i, int j, struct count *c)
{
    size_t n, nn, on, onn;
    unsigned char *sealed = vt_record_blob(db, ids[i], "sealed", &n);
    unsigned char *nonce = vt_record_blob(db, ids[i], "nonce", &nn);
    unsigned char *osealed = vt_record_blob(db, ids[j], "sealed", &on);
    unsigned char *ononce = vt_record_blob(db, ids[j], "nonce", &onn);
    vt_record_set_blob(db, ids[j], "sealed", sealed, n);
    vt_record_set_blob(db, ids[j], "nonce", nonce, nn);
    tally(c, get_rc(kinds[j], ids[j]));
    vt_record_set_blob(db, ids[j], "sealed", osealed, on);
    vt_record_set_blob(db, ids[j], "nonce", ononce, onn);
    free(sealed);
    free(nonce);
    free(osealed);
    free(ononce);
}

/* Row i relabelled: another kind, or the old format. */
static void relabel(int i, const char *column, long long value, long long back, uint32_t read_kind,
                    struct count *c)
{
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE record SET %s=%lld WHERE id=%lld", column, value, (long long)ids[i]);
    vt_sql(db, sql);
    tally(c, get_rc(read_kind, ids[i]));
    snprintf(sql, sizeof sql, "UPDATE record SET %s=%lld WHERE id=%lld", column, back, (long long)ids[i]);
    vt_sql(db, sql);
}

int main(void)
{
    static const uint32_t kind_cycle[] = {IM_KIND_JOURNAL, IM_KIND_RUN, IM_KIND_DRAFT, IM_KIND_COUPLE,
                                          IM_KIND_PROFILE};
    static const size_t sizes[] = {0, 1, 23, 255, 256, 700, 1000, 3000, 9000, 40};
    char *dir = im_tmpdir_make("rel-tamper");
    REQUIRE(dir);
    v = th_vault_create(dir, NULL, NULL);
    unsigned char *data = malloc(9000);
    REQUIRE(data);
    for (int i = 0; i < N_RECORDS; i++) {
        for (size_t k = 0; k < sizes[i]; k++)
            data[k] = (unsigned char)(i * 31 + (int)k);
        kinds[i] = kind_cycle[i % 5];
        CHECK_RC(im_record_put(v, kinds[i], &ids[i], data, sizes[i]), IM_OK);
    }
    /* One record replaced, so one row has been written twice. */
    CHECK_RC(im_record_put(v, kinds[3], &ids[3], data, 100), IM_OK);
    free(data);
    db = vt_sql_open(im_vault_db_path(v));

    struct count flips = {0}, swaps = {0};
    static const int flipped[] = {1, 4, 6}; /* 1 byte, 256 bytes, 1,000 bytes */
    for (size_t k = 0; k < sizeof flipped / sizeof *flipped; k++) {
        flip_column(flipped[k], "nonce", &flips);
        flip_column(flipped[k], "sealed", &flips);
    }
    for (int i = 0; i < N_RECORDS; i++) {
        for (int j = 0; j < N_RECORDS; j++)
            if (i != j)
                swap_into(i, j, &swaps);
        for (size_t k = 0; k < sizeof kind_cycle / sizeof *kind_cycle; k++)
            if (kind_cycle[k] != kinds[i])
                relabel(i, "kind", kind_cycle[k], kinds[i], kind_cycle[k], &swaps);
        relabel(i, "legacy_version", 1, 0, kinds[i], &swaps);
    }
    /* After all that, every record opens again. */
    int intact = 0;
    for (int i = 0; i < N_RECORDS; i++)
        intact += get_rc(kinds[i], ids[i]) == IM_OK;
    CHECK(intact == N_RECORDS);
    sqlite3_close(db);
    im_vault_close(v);
    im_tmpdir_remove(dir);

    printf("tamper: flips %ld rejected %ld accepted %ld neighbours-broken %ld\n", flips.tried, flips.rejected,
           flips.accepted, flips.neighbours_broken);
    printf("tamper: swaps %ld rejected %ld accepted %ld\n", swaps.tried, swaps.rejected, swaps.accepted);
    CHECK(flips.accepted == 0 && flips.neighbours_broken == 0);
    CHECK(swaps.accepted == 0);
    return im_check_done();
}
