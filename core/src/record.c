/*
 * record.c -- sealed records: put, get, delete, list, count, foreach.
 *
 * A record row is (id, kind, version, nonce, sealed).  sealed is
 * XChaCha20-Poly1305 of the data padded with sodium_pad to a multiple of
 * IM_RECORD_PAD_BLOCK below 1 KiB and to a power of two above it
 * (im_record_padded_size; rows written before that open too), under the vault's record key (a subkey of the master
 * key), with a fresh random 192-bit nonce on every write (random nonces of
 * that size never collide in practice, so no counter has to survive a
 * crash).  The associated data is
 *     "innermost-record-v1" || vault id || kind || id || version
 * (integers as 64-bit little-endian), so a row whose sealed bytes were
 * copied from another row, another kind, another vault or an older
 * version of itself at another version number fails to open.
 *
 * Ids come from one AUTOINCREMENT sequence across kinds and are never
 * reused, even after a delete, so an old sealed row can never be revived
 * under a new record's id.
 *
 * Invariants
 *   1. Plaintext exists only in the caller's buffer and in heap buffers
 *      here that are wiped before they are freed; sealing happens in place,
 *      so the padded copy is overwritten by its own ciphertext.
 *   2. A row that fails to authenticate or is malformed is IM_ERR_DAMAGED
 *      for that record alone; foreach goes on to the next.
 */
#include "vault_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char record_ad_tag[] = "innermost-record-v1";

#define RECORD_AD_BYTES (sizeof record_ad_tag - 1 + IM_VAULT_ID_BYTES + 24)
/* The padded size of the largest record (the power of two above it). */
#define RECORD_PADDED_MAX (2u * IM_RECORD_MAX_BYTES)

/* What len bytes are padded to (sodium_pad always adds >= 1 byte): the
 * next multiple of IM_RECORD_PAD_BLOCK up to IM_RECORD_PAD_POW2_FROM, then
 * the next power of two, so a size says little more than its magnitude. */
size_t im_record_padded_size(size_t len)
{
    if (len < IM_RECORD_PAD_POW2_FROM)
        return (len / IM_RECORD_PAD_BLOCK + 1) * IM_RECORD_PAD_BLOCK;
    size_t p = IM_RECORD_PAD_POW2_FROM;
    while (p <= len)
        p *= 2;
    return p;
}

void im_buf_free(im_buf *b)
{
    if (!b)
        return;
    if (b->data) {
        sodium_memzero(b->data, b->len);
        free(b->data);
    }
    b->data = NULL;
    b->len = 0;
}

static int kind_valid(uint32_t kind)
{
    return kind >= 1 && kind <= IM_KIND_MAX_;
}

static im_rc check_access(const im_vault *v, uint32_t kind)
{
    if (!v || !kind_valid(kind))
        return IM_ERR_INVALID;
    return v->keys ? IM_OK : IM_ERR_LOCKED;
}

static void record_ad(const im_vault *v, uint32_t kind, int64_t id,
                      int64_t version, unsigned char ad[RECORD_AD_BYTES])
{
    unsigned char *p = ad;
    memcpy(p, record_ad_tag, sizeof record_ad_tag - 1);
    p += sizeof record_ad_tag - 1;
    memcpy(p, v->id, IM_VAULT_ID_BYTES);
    p += IM_VAULT_ID_BYTES;
    p = im_le64_put(p, kind);
    p = im_le64_put(p, (uint64_t)id);
    im_le64_put(p, (uint64_t)version);
}

/* Pad and seal data in a new heap buffer (*sealed, *sealed_len). */
static im_rc record_seal(const im_vault *v, const unsigned char *key,
                         uint32_t kind, int64_t id,
                         int64_t version, const void *data, size_t len,
                         unsigned char nonce[IM_AEAD_NONCE_BYTES],
                         unsigned char **sealed, size_t *sealed_len)
{
    size_t padded_max = im_record_padded_size(len);
    unsigned char *buf = malloc(padded_max + IM_AEAD_TAG_BYTES);
    if (!buf)
        return IM_ERR_NOMEM;
    if (len)
        memcpy(buf, data, len);
    size_t padded = 0;
    if (sodium_pad(&padded, buf, len, padded_max, padded_max) != 0) {
        sodium_memzero(buf, len);
        free(buf);
        return IM_ERR_INVALID;
    }
    unsigned char ad[RECORD_AD_BYTES];
    record_ad(v, kind, id, version, ad);
    randombytes_buf(nonce, IM_AEAD_NONCE_BYTES);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(buf, &clen, buf, padded, ad,
                                               sizeof ad, NULL, nonce, key);
    *sealed = buf;
    *sealed_len = (size_t)clen;
    return IM_OK;
}

/* Open a stored row into out (heap, wiped by im_buf_free). */
static im_rc record_open(const im_vault *v, const unsigned char *key,
                         uint32_t kind, int64_t id,
                         int64_t version, const void *nonce, size_t nonce_len,
                         const void *sealed, size_t sealed_len, im_buf *out)
{
    out->data = NULL;
    out->len = 0;
    if (nonce_len != IM_AEAD_NONCE_BYTES || !sealed ||
        sealed_len < IM_AEAD_TAG_BYTES + IM_RECORD_PAD_BLOCK ||
        (sealed_len - IM_AEAD_TAG_BYTES) % IM_RECORD_PAD_BLOCK != 0 ||
        sealed_len - IM_AEAD_TAG_BYTES > RECORD_PADDED_MAX)
        return IM_ERR_DAMAGED;
    size_t padded = sealed_len - IM_AEAD_TAG_BYTES;
    unsigned char *buf = malloc(padded);
    if (!buf)
        return IM_ERR_NOMEM;
    unsigned char ad[RECORD_AD_BYTES];
    record_ad(v, kind, id, version, ad);
    size_t len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            buf, NULL, NULL, sealed, sealed_len, ad, sizeof ad, nonce,
            key) != 0) {
        free(buf); /* nothing was written: decryption happens after the tag */
        return IM_ERR_DAMAGED;
    }
    /* the marker may sit anywhere in a power-of-two bucket's padding */
    if (sodium_unpad(&len, buf, padded, padded) != 0 ||
        len > IM_RECORD_MAX_BYTES) {
        sodium_memzero(buf, padded);
        free(buf);
        return IM_ERR_DAMAGED;
    }
    sodium_memzero(buf + len, padded - len);
    out->data = buf;
    out->len = len;
    return IM_OK;
}

/* Prepare a statement whose parameters are ?1 = kind and (if it has it)
 * ?2 = id. */
static im_rc prepare_for(const im_vault *v, const char *sql, uint32_t kind,
                         int64_t id, sqlite3_stmt **st)
{
    im_rc rc = im_store_prepare(v->db, sql, st);
    if (!rc) {
        sqlite3_bind_int64(*st, 1, kind);
        if (sqlite3_bind_parameter_count(*st) >= 2)
            sqlite3_bind_int64(*st, 2, id);
    }
    return rc;
}

/* Open the record whose (version, nonce, sealed) are columns col.. of the
 * current row of st. */
static im_rc open_columns(const im_vault *v, uint32_t kind, int64_t id,
                          sqlite3_stmt *st, int col, im_buf *out)
{
    return record_open(v, v->keys->record, kind, id,
                       sqlite3_column_int64(st, col),
                       sqlite3_column_blob(st, col + 1),
                       (size_t)sqlite3_column_bytes(st, col + 1),
                       sqlite3_column_blob(st, col + 2),
                       (size_t)sqlite3_column_bytes(st, col + 2), out);
}

/* The id a new record gets: past every id ever handed out. */
static im_rc next_id(sqlite3 *db, int64_t *id)
{
    sqlite3_stmt *st;
    int64_t last = 0;
    im_rc rc = im_store_prepare(db,
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence "
        "WHERE name='record'),0), coalesce((SELECT max(id) FROM record),0))",
        &st);
    if (!rc)
        rc = im_store_get_int(db, st, &last);
    if (!rc && (last < 0 || last == INT64_MAX))
        rc = IM_ERR_DAMAGED;
    if (!rc)
        *id = last + 1;
    return rc;
}

static im_rc current_version(const im_vault *v, uint32_t kind, int64_t id,
                             int64_t *version)
{
    sqlite3_stmt *st;
    im_rc rc = prepare_for(v,
        "SELECT version FROM record WHERE kind=?1 AND id=?2", kind, id, &st);
    if (rc)
        return rc;
    rc = im_store_get_int(v->db, st, version);
    if (!rc && (*version < 0 || *version == INT64_MAX))
        rc = IM_ERR_DAMAGED;
    return rc;
}

static im_rc record_store(im_vault *v, uint32_t kind, int64_t id,
                          int64_t version, int is_new, const void *data,
                          size_t len)
{
    unsigned char nonce[IM_AEAD_NONCE_BYTES];
    unsigned char *sealed = NULL;
    size_t sealed_len = 0;
    im_rc rc = record_seal(v, v->keys->record, kind, id, version, data, len,
                           nonce, &sealed, &sealed_len);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    rc = im_store_prepare(v->db, is_new
        ? "INSERT INTO record(version, nonce, sealed, id, kind) "
          "VALUES(?,?,?,?,?)"
        : "UPDATE record SET version=?, nonce=?, sealed=? "
          "WHERE id=? AND kind=?", &st);
    if (!rc) {
        sqlite3_bind_int64(st, 1, version);
        sqlite3_bind_blob(st, 2, nonce, sizeof nonce, SQLITE_STATIC);
        sqlite3_bind_blob64(st, 3, sealed, sealed_len, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, id);
        sqlite3_bind_int64(st, 5, kind);
        rc = im_store_step_done(v->db, st);
    }
    free(sealed); /* ciphertext only: no need to wipe */
    return rc;
}

/* The checks every write of data makes: access, id >= 0 (and not the
 * largest id), data present when len says so, len within the limit. */
static im_rc check_put(const im_vault *v, uint32_t kind, int64_t id,
                       const void *data, size_t len)
{
    im_rc rc = check_access(v, kind);
    if (rc)
        return rc;
    if (id < 0 || id == INT64_MAX || (!data && len))
        return IM_ERR_INVALID;
    return len > IM_RECORD_MAX_BYTES ? IM_ERR_TOO_LARGE : IM_OK;
}

im_rc im_record_put(im_vault *v, uint32_t kind, int64_t *id,
                    const void *data, size_t len)
{
    im_rc rc = check_put(v, kind, id ? *id : -1, data, len);
    if (rc)
        return rc;
    rc = im_store_write_begin(v);
    if (rc)
        return rc;
    int64_t rid = *id, version = 1;
    if (rid == 0)
        rc = next_id(v->db, &rid);
    else if (!(rc = current_version(v, kind, rid, &version)))
        version++;
    if (!rc)
        rc = record_store(v, kind, rid, version, *id == 0, data, len);
    if (!rc)
        rc = im_manifest_apply(v, rid, kind, *id == 0 ? -1 : version - 1,
                               version);
    rc = im_store_write_end(v, rc);
    if (!rc)
        *id = rid;
    return rc;
}

/*
 * A new record at a chosen id (backup restore keeps ids this way).  The
 * id is free across all kinds or the call is IM_ERR_EXISTS: ids are one
 * primary key.  The row starts at version 1 like any new record.  SQLite
 * raises the AUTOINCREMENT sequence to an explicit id larger than it, so
 * records made afterwards by im_record_put are numbered past it.
 */
im_rc im_record_put_at(im_vault *v, uint32_t kind, int64_t id,
                       const void *data, size_t len)
{
    im_rc rc = check_put(v, kind, id == 0 ? -1 : id, data, len);
    if (rc)
        return rc;
    rc = im_store_write_begin(v);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    int64_t taken = 0;
    rc = im_store_prepare(v->db, "SELECT count(*) FROM record WHERE id=?", &st);
    if (!rc) {
        sqlite3_bind_int64(st, 1, id);
        rc = im_store_get_int(v->db, st, &taken);
    }
    if (!rc && taken)
        rc = IM_ERR_EXISTS;
    if (!rc)
        rc = record_store(v, kind, id, 1, 1, data, len);
    if (!rc)
        rc = im_manifest_apply(v, id, kind, -1, 1);
    return im_store_write_end(v, rc);
}

im_rc im_record_get(im_vault *v, uint32_t kind, int64_t id, im_buf *out)
{
    if (!out)
        return IM_ERR_INVALID;
    out->data = NULL;
    out->len = 0;
    im_rc rc = check_access(v, kind);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    rc = prepare_for(v, "SELECT version, nonce, sealed FROM record "
                        "WHERE kind=?1 AND id=?2", kind, id, &st);
    if (rc)
        return rc;
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        rc = open_columns(v, kind, id, st, 0, out);
    else
        rc = s == SQLITE_DONE ? IM_ERR_NOT_FOUND : im_store_rc(v->db, s);
    sqlite3_finalize(st);
    return rc;
}

im_rc im_record_delete(im_vault *v, uint32_t kind, int64_t id)
{
    im_rc rc = check_access(v, kind);
    if (rc)
        return rc;
    rc = im_store_write_begin(v);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    int64_t version = 0;
    rc = current_version(v, kind, id, &version);
    if (!rc)
        rc = prepare_for(v, "DELETE FROM record WHERE kind=?1 AND id=?2",
                         kind, id, &st);
    if (!rc) {
        rc = im_store_step_done(v->db, st);
        if (!rc && sqlite3_changes(v->db) == 0)
            rc = IM_ERR_NOT_FOUND;
    }
    if (!rc)
        rc = im_manifest_apply(v, id, kind, version, -1);
    return im_store_write_end(v, rc);
}

im_rc im_record_list(im_vault *v, uint32_t kind, int64_t **ids, size_t *n)
{
    if (!ids || !n)
        return IM_ERR_INVALID;
    *ids = NULL;
    *n = 0;
    im_rc rc = check_access(v, kind);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    rc = prepare_for(v, "SELECT id FROM record WHERE kind=?1 ORDER BY id",
                     kind, 0, &st);
    if (rc)
        return rc;
    int64_t *list = NULL;
    size_t count = 0, cap = 0;
    int s;
    while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            size_t bigger = cap ? cap * 2 : 16;
            int64_t *p = realloc(list, bigger * sizeof *list);
            if (!p) {
                rc = IM_ERR_NOMEM;
                break;
            }
            list = p;
            cap = bigger;
        }
        list[count++] = sqlite3_column_int64(st, 0);
    }
    if (!rc && s != SQLITE_DONE)
        rc = im_store_rc(v->db, s);
    sqlite3_finalize(st);
    if (rc) {
        free(list);
        return rc;
    }
    *ids = list;
    *n = count;
    return IM_OK;
}

im_rc im_record_count(im_vault *v, uint32_t kind, size_t *n)
{
    if (!n)
        return IM_ERR_INVALID;
    *n = 0;
    im_rc rc = check_access(v, kind);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    int64_t count = 0;
    rc = prepare_for(v, "SELECT count(*) FROM record WHERE kind=?1", kind, 0,
                     &st);
    if (rc)
        return rc;
    rc = im_store_get_int(v->db, st, &count);
    if (!rc)
        *n = (size_t)count;
    return rc;
}

/*
 * One statement walks the kind in id order; each row is opened, handed to
 * fn and wiped.  fn may call other vault functions, including writes; rows
 * it adds or removes of this kind may or may not be visited (SQLite's rule
 * for changing a table under a running SELECT), but nothing breaks.  If fn
 * locks the vault the walk stops with IM_ERR_LOCKED; fn must not close it.
 */
im_rc im_record_foreach(im_vault *v, uint32_t kind, im_record_fn fn,
                        void *ctx)
{
    if (!fn)
        return IM_ERR_INVALID;
    im_rc rc = check_access(v, kind);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    rc = prepare_for(v, "SELECT id, version, nonce, sealed FROM record "
                        "WHERE kind=?1 ORDER BY id", kind, 0, &st);
    if (rc)
        return rc;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (!v->keys) { /* fn locked the vault */
            rc = IM_ERR_LOCKED;
            break;
        }
        int64_t id = sqlite3_column_int64(st, 0);
        im_buf buf;
        im_rc one = open_columns(v, kind, id, st, 1, &buf);
        if (one == IM_ERR_NOMEM) {
            rc = one;
            break;
        }
        int stop = fn(ctx, id, one, buf.data, buf.len);
        im_buf_free(&buf);
        if (stop)
            break;
    }
    if (!rc && s != SQLITE_ROW && s != SQLITE_DONE)
        rc = im_store_rc(v->db, s);
    sqlite3_finalize(st);
    return rc;
}

/* ---- rotation ---- */

/* Every (id, kind) in id order, in a malloc'd array of pairs. */
static im_rc all_ids(sqlite3 *db, int64_t **out, size_t *n)
{
    sqlite3_stmt *st;
    *out = NULL;
    *n = 0;
    im_rc rc = im_store_prepare(db, "SELECT id, kind FROM record ORDER BY id",
                                &st);
    if (rc)
        return rc;
    int64_t *list = NULL;
    size_t count = 0, cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            size_t bigger = cap ? cap * 2 : 64;
            int64_t *p = realloc(list, bigger * 2 * sizeof *list);
            if (!p) {
                rc = IM_ERR_NOMEM;
                break;
            }
            list = p;
            cap = bigger;
        }
        list[2 * count] = sqlite3_column_int64(st, 0);
        list[2 * count + 1] = sqlite3_column_int64(st, 1);
        count++;
    }
    if (!rc && s != SQLITE_DONE)
        rc = im_store_rc(db, s);
    sqlite3_finalize(st);
    if (rc) {
        free(list);
        return rc;
    }
    *out = list;
    *n = count;
    return IM_OK;
}

/* Re-seal one row under new_key, keeping its version.  A row that does
 * not open under the current key is left as it was. */
static im_rc reseal_one(im_vault *v, const unsigned char *new_key,
                        sqlite3_stmt *get, sqlite3_stmt *put, int64_t id,
                        uint32_t kind)
{
    sqlite3_reset(get);
    sqlite3_bind_int64(get, 1, id);
    int s = sqlite3_step(get);
    if (s != SQLITE_ROW)
        return s == SQLITE_DONE ? IM_OK : im_store_rc(v->db, s);
    int64_t version = sqlite3_column_int64(get, 0);
    im_buf plain;
    im_rc rc = open_columns(v, kind, id, get, 0, &plain);
    if (rc == IM_ERR_DAMAGED)
        return IM_OK;
    if (rc)
        return rc;
    unsigned char nonce[IM_AEAD_NONCE_BYTES];
    unsigned char *sealed = NULL;
    size_t sealed_len = 0;
    rc = record_seal(v, new_key, kind, id, version, plain.data, plain.len,
                     nonce, &sealed, &sealed_len);
    im_buf_free(&plain);
    if (rc)
        return rc;
    sqlite3_reset(put);
    sqlite3_bind_blob(put, 1, nonce, sizeof nonce, SQLITE_TRANSIENT);
    sqlite3_bind_blob64(put, 2, sealed, sealed_len, SQLITE_STATIC);
    sqlite3_bind_int64(put, 3, id);
    s = sqlite3_step(put);
    sqlite3_clear_bindings(put);
    free(sealed); /* ciphertext only */
    return s == SQLITE_DONE ? IM_OK : im_store_rc(v->db, s);
}

/*
 * Runs inside im_vault_rekey's transaction: ids are listed first so the
 * updates never race a running SELECT over the same table.
 */
im_rc im_record_reseal_all(im_vault *v, const unsigned char *new_key,
                           im_progress_fn fn, void *ctx)
{
    int64_t *ids = NULL;
    size_t n = 0;
    im_rc rc = all_ids(v->db, &ids, &n);
    if (rc)
        return rc;
    sqlite3_stmt *get = NULL, *put = NULL;
    rc = im_store_prepare(v->db,
        "SELECT version, nonce, sealed FROM record WHERE id=?", &get);
    if (!rc)
        rc = im_store_prepare(v->db,
            "UPDATE record SET nonce=?, sealed=? WHERE id=?", &put);
    for (size_t i = 0; !rc && i < n; i++) {
        rc = reseal_one(v, new_key, get, put, ids[2 * i],
                        (uint32_t)ids[2 * i + 1]);
        if (!rc && fn && ((i + 1) % 64 == 0 || i + 1 == n))
            fn(ctx, i + 1, n);
    }
    if (!rc && fn && n == 0)
        fn(ctx, 0, 0);
    sqlite3_finalize(get);
    sqlite3_finalize(put);
    free(ids);
    return rc;
}
