/*
 * record.c -- sealed records: put, get, delete, list, count, foreach.
 *
 * A record row is (id, kind, legacy_version, nonce, sealed).  sealed is
 * XChaCha20-Poly1305 of
 *     kind (1 byte) || data
 * padded as sodium_pad pads (ISO/IEC 7816-4: 0x80, then zeros) to a
 * multiple of IM_RECORD_PAD_BLOCK below 1 KiB
 * and to a power of two above it (im_record_padded_size), under the
 * vault's record key (a subkey of the master key), with a fresh random
 * 192-bit nonce on every write (random nonces of that size never collide
 * in practice, so no counter has to survive a crash).  The associated
 * data is
 *     "innermost-record-v2" || vault id || stored kind || id
 * (integers as 64-bit little-endian), so sealed bytes copied from another
 * row, another stored kind or another vault fail to open.
 *
 * What a copy of the file shows, and what it does not
 *   - The kind column holds the record's *stored* kind: its own kind,
 *     except that a trash record is stored as a journal entry
 *     (record_class), so the file does not show what was deleted lately;
 *     the real kind is the first byte inside the ciphertext, checked
 *     against the stored one when a row is opened.  Telling the rows of a
 *     shared stored kind apart without opening them reads that byte alone
 *     (row_peek_kind: one keystream block), so the journal's walk over
 *     the trash costs little more than before.
 *   - No edit count is kept: a replace writes a new nonce, and the sealed
 *     manifest (manifest.c) hashes every row's nonce, so an older copy of
 *     a row put back is reported at the next unlock.
 *   - legacy_version is what rows sealed before schema 3 kept in clear
 *     (their edit count; "innermost-record-v1" || vault id || kind || id ||
 *     version as associated data, no kind byte inside).  They still open;
 *     the first unlock re-seals them all in the current format in one
 *     transaction (im_record_upgrade), after which the column is 0 in
 *     every row.
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
 *      for that record alone; foreach goes on to the next.  A damaged row
 *      whose real kind cannot be read counts as its stored kind.
 *   3. Every write stores the current format (legacy_version 0).
 *   4. Every call runs on a handle in a sound state (im_vault_state_ok,
 *      checked in check_access); sealing has a key and a kind that exists
 *      and a length within the limit; re-sealing runs with the keys
 *      installed and inside an open transaction (reseal_ok).  IM_ASSERT
 *      checks all three (contract.h).
 */
#include "vault_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char record_ad_tag[] = "innermost-record-v2";
static const char legacy_ad_tag[] = "innermost-record-v1";

#define RECORD_AD_MAX     (sizeof record_ad_tag - 1 + IM_VAULT_ID_BYTES + 24)
#define RECORD_HEAD_BYTES 1 /* the real kind, inside the ciphertext */
/* The padded size of the largest record (the power of two above it). */
#define RECORD_PADDED_MAX (2u * IM_RECORD_MAX_BYTES)

/* The columns every read takes, in row_read's order. */
#define ROW_COLUMNS "id, kind, legacy_version, nonce, sealed"

/* What sodium_pad pads n plaintext bytes to (it always adds >= 1 byte):
 * the next multiple of IM_RECORD_PAD_BLOCK up to IM_RECORD_PAD_POW2_FROM,
 * then the next power of two, so a size says little more than its
 * magnitude. */
static size_t pad_to(size_t n)
{
    if (n < IM_RECORD_PAD_POW2_FROM)
        return (n / IM_RECORD_PAD_BLOCK + 1) * IM_RECORD_PAD_BLOCK;
    size_t p = IM_RECORD_PAD_POW2_FROM;
    while (p <= n)
        p *= 2;
    return p;
}

size_t im_record_padded_size(size_t len)
{
    return pad_to(len + RECORD_HEAD_BYTES);
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

static int kind_valid(int64_t kind)
{
    return kind >= 1 && kind <= IM_KIND_MAX_;
}

/* The kind a record of kind is stored as in the clear column: a trash
 * record passes for a journal entry. */
static int64_t record_class(uint32_t kind)
{
    return kind == IM_KIND_TRASH ? IM_KIND_JOURNAL : kind;
}

/* Whether rows stored as cls may be of more than one kind (and so must be
 * opened to be told apart). */
static int class_shared(int64_t cls)
{
    return cls == IM_KIND_JOURNAL;
}

static im_rc check_access(const im_vault *v, uint32_t kind)
{
    if (!v || !kind_valid(kind))
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    return v->keys ? IM_OK : IM_ERR_LOCKED;
}

/* One record row as read (pointers valid until the statement moves). */
typedef struct rec_row {
    int64_t id, stored, legacy;
    const void *nonce, *sealed;
    size_t nonce_len, sealed_len;
} rec_row;

/* The row whose ROW_COLUMNS are st's first columns. */
static void row_read(sqlite3_stmt *st, rec_row *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->stored = sqlite3_column_int64(st, 1);
    r->legacy = sqlite3_column_int64(st, 2);
    r->nonce = sqlite3_column_blob(st, 3);
    r->nonce_len = (size_t)sqlite3_column_bytes(st, 3);
    r->sealed = sqlite3_column_blob(st, 4);
    r->sealed_len = (size_t)sqlite3_column_bytes(st, 4);
}

/* The associated data of a row stored as (stored, id), in the legacy form
 * when legacy > 0; returns its length. */
static size_t record_ad(const im_vault *v, int64_t stored, int64_t id,
                        int64_t legacy, unsigned char ad[RECORD_AD_MAX])
{
    unsigned char *p = ad;
    memcpy(p, legacy > 0 ? legacy_ad_tag : record_ad_tag,
           sizeof record_ad_tag - 1);
    p += sizeof record_ad_tag - 1;
    memcpy(p, v->id, IM_VAULT_ID_BYTES);
    p += IM_VAULT_ID_BYTES;
    p = im_le64_put(p, (uint64_t)stored);
    p = im_le64_put(p, (uint64_t)id);
    if (legacy > 0)
        p = im_le64_put(p, (uint64_t)legacy);
    return (size_t)(p - ad);
}

/* Pad and seal (kind, data) for record id in a new heap buffer (*sealed,
 * *sealed_len), in the current format. */
static im_rc record_seal(const im_vault *v, const unsigned char *key,
                         uint32_t kind, int64_t id, const void *data,
                         size_t len, unsigned char nonce[IM_AEAD_NONCE_BYTES],
                         unsigned char **sealed, size_t *sealed_len)
{
    IM_ASSERT(key && kind_valid(kind) && (data || !len) &&
              len <= IM_RECORD_MAX_BYTES);
    size_t padded_max = im_record_padded_size(len);
    unsigned char *buf = malloc(padded_max + IM_AEAD_TAG_BYTES);
    if (!buf)
        return IM_ERR_NOMEM;
    buf[0] = (unsigned char)kind;
    if (len)
        memcpy(buf + RECORD_HEAD_BYTES, data, len);
    /* The bytes sodium_pad(.., blocksize = padded_max) writes: 0x80 after
     * the plaintext, then zeros to padded_max.  Its constant-time loop
     * walks the whole block (a 64 KiB entry: 64 Ki steps, a fifth of the
     * save's CPU); the length it would hide from a timer is in the
     * memcpy above already, and the padded size is the one that shows. */
    size_t padded = padded_max, end = len + RECORD_HEAD_BYTES;
    IM_ASSERT(end < padded);
    buf[end] = 0x80;
    memset(buf + end + 1, 0, padded - end - 1);
    unsigned char ad[RECORD_AD_MAX];
    size_t ad_len = record_ad(v, record_class(kind), id, 0, ad);
    randombytes_buf(nonce, IM_AEAD_NONCE_BYTES);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(buf, &clen, buf, padded, ad,
                                               ad_len, NULL, nonce, key);
    *sealed = buf;
    *sealed_len = (size_t)clen;
    return IM_OK;
}

/* The shape checks before opening: a nonce of the right size, a sealed
 * length that padding can produce, a stored kind that exists. */
static int row_plausible(const rec_row *r)
{
    return r->legacy >= 0 && kind_valid(r->stored) &&
           r->nonce_len == IM_AEAD_NONCE_BYTES && r->sealed &&
           r->sealed_len >= IM_AEAD_TAG_BYTES + IM_RECORD_PAD_BLOCK &&
           (r->sealed_len - IM_AEAD_TAG_BYTES) % IM_RECORD_PAD_BLOCK == 0 &&
           r->sealed_len - IM_AEAD_TAG_BYTES <= RECORD_PADDED_MAX;
}

/* Open row r under key: its data into out (heap, wiped by im_buf_free),
 * its real kind into *kind. */
static im_rc record_open(const im_vault *v, const unsigned char *key,
                         const rec_row *r, uint32_t *kind, im_buf *out)
{
    out->data = NULL;
    out->len = 0;
    if (!row_plausible(r))
        return IM_ERR_DAMAGED;
    size_t head = r->legacy > 0 ? 0 : RECORD_HEAD_BYTES;
    size_t padded = r->sealed_len - IM_AEAD_TAG_BYTES;
    unsigned char *buf = malloc(padded);
    if (!buf)
        return IM_ERR_NOMEM;
    unsigned char ad[RECORD_AD_MAX];
    size_t ad_len = record_ad(v, r->stored, r->id, r->legacy, ad);
    size_t len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(buf, NULL, NULL, r->sealed,
                                                   r->sealed_len, ad, ad_len,
                                                   r->nonce, key) != 0) {
        free(buf); /* nothing was written: decryption happens after the tag */
        return IM_ERR_DAMAGED;
    }
    /* the marker may sit anywhere in a power-of-two bucket's padding */
    int64_t k = r->stored;
    int ok = sodium_unpad(&len, buf, padded, padded) == 0 && len >= head &&
             len - head <= IM_RECORD_MAX_BYTES;
    if (ok && head) {
        k = buf[0];
        ok = kind_valid(k) && record_class((uint32_t)k) == r->stored;
    }
    if (!ok) {
        sodium_memzero(buf, padded);
        free(buf);
        return IM_ERR_DAMAGED;
    }
    memmove(buf, buf + head, len - head);
    len -= head;
    sodium_memzero(buf + len, padded - len);
    out->data = buf;
    out->len = len;
    *kind = (uint32_t)k;
    return IM_OK;
}

/*
 * The real kind of a current-format row without opening it: the first
 * plaintext byte, from one block of the cipher's keystream
 * (XChaCha20-Poly1305 encrypts the message from block 1 of XChaCha20 under
 * the same key and nonce).  Unauthenticated: it only chooses which rows a
 * walk skips.  Every row handed out with data is opened in full, and the
 * walk of a stored kind's own kind opens all its rows, so a row whose byte
 * was changed is still reported damaged there.  -1 if the row cannot say.
 */
static int row_peek_kind(const im_vault *v, const rec_row *r, uint32_t *kind)
{
    if (!row_plausible(r))
        return -1;
    unsigned char k = 0;
    crypto_stream_xchacha20_xor_ic(&k, r->sealed, 1, r->nonce, 1,
                                   v->keys->record);
    if (!kind_valid(k) || record_class(k) != r->stored)
        return -1;
    *kind = k;
    return 0;
}

/*
 * Whether row r holds a record of kind want.  The row is opened when out
 * is not NULL (its data then goes there; the caller frees it), except
 * that a row of a shared stored kind is first peeked at when want is not
 * the stored kind itself (the trash among journal entries: cheap to skip
 * the rest).  *opened is the open's result (IM_OK without one).  A row
 * that does not open counts as its stored kind (invariant 2).
 */
static int row_is(const im_vault *v, const rec_row *r, uint32_t want,
                  im_buf *out, im_rc *opened)
{
    if (out) {
        out->data = NULL;
        out->len = 0;
    }
    *opened = IM_OK;
    int shared = r->legacy <= 0 && class_shared(r->stored);
    if (shared && (!out || (int64_t)want != r->stored)) {
        uint32_t k = 0;
        int is = row_peek_kind(v, r, &k) == 0 ? k == want
                                              : (int64_t)want == r->stored;
        if (!out || !is)
            return is;
    } else if (!out) {
        return r->stored == want;
    }
    uint32_t kind = 0;
    *opened = record_open(v, v->keys->record, r, &kind, out);
    if (*opened == IM_ERR_DAMAGED)
        return r->stored == want;
    return *opened == IM_OK && kind == want;
}

/* The row id (?3) if it is stored under kind want's stored kind (?1) or,
 * by an older build, under want itself (?2). */
#define SQL_BY_ID                         \
    "SELECT " ROW_COLUMNS " FROM record " \
    "WHERE id=?3 AND kind IN (?1, ?2)"

static im_rc prepare_kind(im_vault *v, const char *sql, uint32_t kind,
                          int64_t id, sqlite3_stmt **st)
{
    im_rc rc = im_store_cached(v, sql, st);
    if (!rc) {
        sqlite3_bind_int64(*st, 1, record_class(kind));
        sqlite3_bind_int64(*st, 2, kind);
        if (sqlite3_bind_parameter_count(*st) >= 3)
            sqlite3_bind_int64(*st, 3, id);
    }
    return rc;
}

/*
 * Find the record (kind, id): IM_OK if that id holds a record of that
 * kind, IM_ERR_NOT_FOUND if not.  Its tag goes to *tag (NULL ok); with
 * out, it is opened into out and *opened says how that went.
 */
static im_rc find_row(im_vault *v, uint32_t kind, int64_t id, im_row_tag *tag,
                      im_buf *out, im_rc *opened)
{
    sqlite3_stmt *st;
    im_rc rc = prepare_kind(v, SQL_BY_ID, kind, id, &st);
    if (rc)
        return rc;
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        rec_row r;
        im_rc one;
        row_read(st, &r);
        if (tag)
            im_row_tag_read(st, 0, tag);
        int is = row_is(v, &r, kind, out, &one);
        rc = one == IM_ERR_NOMEM ? one : is ? IM_OK : IM_ERR_NOT_FOUND;
        if (rc && out)
            im_buf_free(out);
        if (opened)
            *opened = one;
    } else {
        rc = s == SQLITE_DONE ? IM_ERR_NOT_FOUND : im_store_rc(v->db, s);
    }
    im_store_release(v, st);
    return rc;
}

/* The id a new record gets: past every id ever handed out. */
static im_rc next_id(im_vault *v, int64_t *id)
{
    sqlite3_stmt *st;
    int64_t last = 0;
    im_rc rc = im_store_cached(
        v,
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence "
        "WHERE name='record'),0), coalesce((SELECT max(id) FROM record),0))",
        &st);
    if (!rc)
        rc = im_store_get_int_v(v, st, &last);
    if (!rc && (last < 0 || last == INT64_MAX))
        rc = IM_ERR_DAMAGED;
    if (!rc)
        *id = last + 1;
    return rc;
}

/* Seal data as record (kind, id) and store it: in place of the row tagged
 * gone, or as a new row (gone NULL); the manifest follows. */
static im_rc record_store(im_vault *v, uint32_t kind, int64_t id,
                          const im_row_tag *gone, const void *data, size_t len)
{
    im_row_tag now = {.id = id, .kind = record_class(kind), .legacy = 0};
    unsigned char *sealed = NULL;
    size_t sealed_len = 0;
    im_rc rc = record_seal(v, v->keys->record, kind, id, data, len, now.nonce,
                           &sealed, &sealed_len);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    rc = im_store_cached(
        v,
        gone ? "UPDATE record SET kind=?1, legacy_version=0, nonce=?2, "
               "sealed=?3 "
               "WHERE id=?4"
             : "INSERT INTO record(kind, legacy_version, nonce, sealed, id) "
               "VALUES(?1, 0, ?2, ?3, ?4)",
        &st);
    if (!rc) {
        sqlite3_bind_int64(st, 1, now.kind);
        sqlite3_bind_blob(st, 2, now.nonce, sizeof now.nonce, SQLITE_STATIC);
        sqlite3_bind_blob64(st, 3, sealed, sealed_len, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, id);
        rc = im_store_step_done_v(v, st);
    }
    free(sealed); /* ciphertext only: no need to wipe */
    return rc ? rc : im_manifest_apply(v, gone, &now);
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

im_rc im_record_put(im_vault *v, uint32_t kind, int64_t *id, const void *data,
                    size_t len)
{
    im_rc rc = check_put(v, kind, id ? *id : -1, data, len);
    if (rc)
        return rc;
    rc = im_store_write_begin(v);
    if (rc)
        return rc;
    int64_t rid = *id;
    im_row_tag old;
    if (rid == 0)
        rc = next_id(v, &rid);
    else
        rc = find_row(v, kind, rid, &old, NULL, NULL);
    if (!rc)
        rc = record_store(v, kind, rid, *id ? &old : NULL, data, len);
    rc = im_store_write_end(v, rc);
    if (!rc)
        *id = rid;
    return rc;
}

/*
 * A new record at a chosen id (backup restore keeps ids this way).  The
 * id is free across all kinds or the call is IM_ERR_EXISTS: ids are one
 * primary key.  SQLite raises the AUTOINCREMENT sequence to an explicit id
 * larger than it, so records made afterwards by im_record_put are
 * numbered past it.
 */
im_rc im_record_put_at(im_vault *v, uint32_t kind, int64_t id, const void *data,
                       size_t len)
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
        rc = record_store(v, kind, id, NULL, data, len);
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
    im_rc opened = IM_OK;
    rc = find_row(v, kind, id, NULL, out, &opened);
    return rc ? rc : opened;
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
    im_row_tag old;
    rc = find_row(v, kind, id, &old, NULL, NULL);
    if (!rc)
        rc = im_store_prepare(v->db, "DELETE FROM record WHERE id=?", &st);
    if (!rc) {
        sqlite3_bind_int64(st, 1, id);
        rc = im_store_step_done(v->db, st);
        if (!rc && sqlite3_changes(v->db) == 0)
            rc = IM_ERR_NOT_FOUND;
    }
    if (!rc)
        rc = im_manifest_apply(v, &old, NULL);
    return im_store_write_end(v, rc);
}

/* ---- walking a kind ---- */

/* Step st: *live says whether it is on a row. */
static im_rc step_next(const im_vault *v, sqlite3_stmt *st, int *live)
{
    int s = sqlite3_step(st);
    *live = s == SQLITE_ROW;
    return s == SQLITE_ROW || s == SQLITE_DONE ? IM_OK : im_store_rc(v->db, s);
}

/*
 * Call fn(ctx, id, rc, data, len) for every record of kind in id order,
 * opened when want_data (else data is NULL, rc IM_OK).  fn returns
 * non-zero to stop.  Stops with IM_ERR_LOCKED if the vault was locked
 * meanwhile (fn may lock it).  The rows sit under the kind's stored kind
 * and (rows of an older build) under the kind itself: one statement each,
 * in index order, merged by id -- a single "kind IN (...) ORDER BY id"
 * would sort every row, sealed bytes and all, in memory first.
 */
static im_rc walk_kind(im_vault *v, uint32_t kind, int want_data,
                       im_record_fn fn, void *ctx)
{
    int64_t stored[2] = {record_class(kind), kind};
    int n = stored[0] == stored[1] ? 1 : 2, live[2] = {0, 0};
    sqlite3_stmt *st[2] = {NULL, NULL};
    im_rc rc = IM_OK;
    for (int i = 0; !rc && i < n; i++) {
        rc = im_store_prepare(v->db,
                              "SELECT " ROW_COLUMNS " FROM record "
                              "WHERE kind=? ORDER BY id",
                              &st[i]);
        if (!rc) {
            sqlite3_bind_int64(st[i], 1, stored[i]);
            rc = step_next(v, st[i], &live[i]);
        }
    }
    while (!rc && (live[0] || live[1])) {
        int i = !live[1]   ? 0
                : !live[0] ? 1
                : sqlite3_column_int64(st[0], 0) <=
                        sqlite3_column_int64(st[1], 0)
                    ? 0
                    : 1;
        if (!v->keys) {
            rc = IM_ERR_LOCKED;
            break;
        }
        rec_row r;
        row_read(st[i], &r);
        im_buf buf = {NULL, 0};
        im_rc one;
        int is = row_is(v, &r, kind, want_data ? &buf : NULL, &one);
        if (one == IM_ERR_NOMEM) {
            rc = one;
            break;
        }
        int stop = is && fn(ctx, r.id, one, buf.data, buf.len);
        im_buf_free(&buf);
        if (stop)
            break;
        rc = step_next(v, st[i], &live[i]);
    }
    sqlite3_finalize(st[0]);
    sqlite3_finalize(st[1]);
    return rc;
}

typedef struct id_list {
    int64_t *ids;
    size_t n, cap;
    im_rc rc;
} id_list;

static int list_one(void *ctx, int64_t id, im_rc rc, const unsigned char *d,
                    size_t len)
{
    (void)rc, (void)d, (void)len;
    id_list *l = ctx;
    if (l->n == l->cap) {
        size_t bigger = l->cap ? l->cap * 2 : 16;
        int64_t *p = realloc(l->ids, bigger * sizeof *p);
        if (!p) {
            l->rc = IM_ERR_NOMEM;
            return 1;
        }
        l->ids = p;
        l->cap = bigger;
    }
    l->ids[l->n++] = id;
    return 0;
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
    id_list l = {NULL, 0, 0, IM_OK};
    rc = walk_kind(v, kind, 0, list_one, &l);
    if (!rc)
        rc = l.rc;
    if (rc) {
        free(l.ids);
        return rc;
    }
    *ids = l.ids;
    *n = l.n;
    return IM_OK;
}

/* Up to max ids below before stored as cls, newest first, into ids. */
static im_rc ids_below_one(const im_vault *v, int64_t cls, int64_t before,
                           size_t max, int64_t *ids, size_t *n)
{
    sqlite3_stmt *st;
    *n = 0;
    im_rc rc = im_store_prepare(v->db,
                                "SELECT id FROM record WHERE kind=?1 AND id<?2 "
                                "ORDER BY id DESC LIMIT ?3",
                                &st);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, cls);
    sqlite3_bind_int64(st, 2, before);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
    int live = 0;
    rc = step_next(v, st, &live);
    while (!rc && live) {
        ids[(*n)++] = sqlite3_column_int64(st, 0);
        rc = step_next(v, st, &live);
    }
    sqlite3_finalize(st);
    return rc;
}

/*
 * The ids come from the index on (kind, id) alone: no row is read, so a
 * call costs the same whatever the number of records.  Rows of an older
 * build stored under the kind itself are merged in, by id.
 */
im_rc im_record_ids_below(im_vault *v, uint32_t kind, int64_t before,
                          size_t max, int64_t *ids, size_t *n)
{
    if (!ids || !n || max == 0)
        return IM_ERR_INVALID;
    *n = 0;
    im_rc rc = check_access(v, kind);
    if (rc)
        return rc;
    int64_t cls = record_class(kind);
    if (cls == kind)
        return ids_below_one(v, cls, before, max, ids, n);
    int64_t *own = malloc(max * sizeof *own);
    size_t a = 0, b = 0, na = 0, nb = 0;
    if (!own)
        return IM_ERR_NOMEM;
    rc = ids_below_one(v, cls, before, max, ids, &na);
    if (!rc)
        rc = ids_below_one(v, kind, before, max, own, &nb);
    if (!rc) {
        int64_t *merged = malloc(max * sizeof *merged);
        if (!merged)
            rc = IM_ERR_NOMEM;
        while (!rc && *n < max && (a < na || b < nb))
            merged[(*n)++] = b >= nb || (a < na && ids[a] > own[b]) ? ids[a++]
                                                                    : own[b++];
        if (!rc)
            memcpy(ids, merged, *n * sizeof *ids);
        free(merged);
    }
    free(own);
    return rc;
}

static int count_one(void *ctx, int64_t id, im_rc rc, const unsigned char *d,
                     size_t len)
{
    (void)id, (void)rc, (void)d, (void)len;
    (*(size_t *)ctx)++;
    return 0;
}

im_rc im_record_count(im_vault *v, uint32_t kind, size_t *n)
{
    if (!n)
        return IM_ERR_INVALID;
    *n = 0;
    im_rc rc = check_access(v, kind);
    if (rc)
        return rc;
    size_t count = 0;
    rc = walk_kind(v, kind, 0, count_one, &count);
    if (!rc)
        *n = count;
    return rc;
}

/*
 * One statement walks the kind in id order; each row is opened, handed to
 * fn and wiped.  fn may call other vault functions, including writes; rows
 * it adds or removes of this kind may or may not be visited (SQLite's rule
 * for changing a table under a running SELECT), but nothing breaks.  If fn
 * locks the vault the walk stops with IM_ERR_LOCKED; fn must not close it.
 */
im_rc im_record_foreach(im_vault *v, uint32_t kind, im_record_fn fn, void *ctx)
{
    if (!fn)
        return IM_ERR_INVALID;
    im_rc rc = check_access(v, kind);
    return rc ? rc : walk_kind(v, kind, 1, fn, ctx);
}

/* ---- re-sealing: rotation and upgrade ---- */

/* The ids sql selects, in a malloc'd array. */
static im_rc ids_where(sqlite3 *db, const char *sql, int64_t **out, size_t *n)
{
    sqlite3_stmt *st;
    *out = NULL;
    *n = 0;
    im_rc rc = im_store_prepare(db, sql, &st);
    if (rc)
        return rc;
    id_list l = {NULL, 0, 0, IM_OK};
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW)
        if (list_one(&l, sqlite3_column_int64(st, 0), IM_OK, NULL, 0))
            break;
    rc = l.rc;
    if (!rc && s != SQLITE_ROW && s != SQLITE_DONE)
        rc = im_store_rc(db, s);
    sqlite3_finalize(st);
    if (rc) {
        free(l.ids);
        return rc;
    }
    *out = l.ids;
    *n = l.n;
    return IM_OK;
}

/* Re-seal row id under new_key in the current format (*done counts it).
 * A row that does not open under the current key is left as it was. */
static im_rc reseal_one(im_vault *v, const unsigned char *new_key,
                        sqlite3_stmt *get, sqlite3_stmt *put, int64_t id,
                        size_t *done)
{
    sqlite3_reset(get);
    sqlite3_bind_int64(get, 1, id);
    int s = sqlite3_step(get);
    if (s != SQLITE_ROW)
        return s == SQLITE_DONE ? IM_OK : im_store_rc(v->db, s);
    rec_row r;
    row_read(get, &r);
    uint32_t kind = 0;
    im_buf plain;
    im_rc rc = record_open(v, v->keys->record, &r, &kind, &plain);
    if (rc == IM_ERR_DAMAGED)
        return IM_OK;
    if (rc)
        return rc;
    unsigned char nonce[IM_AEAD_NONCE_BYTES];
    unsigned char *sealed = NULL;
    size_t sealed_len = 0;
    rc = record_seal(v, new_key, kind, id, plain.data, plain.len, nonce,
                     &sealed, &sealed_len);
    im_buf_free(&plain);
    if (rc)
        return rc;
    sqlite3_reset(put);
    sqlite3_bind_int64(put, 1, record_class(kind));
    sqlite3_bind_blob(put, 2, nonce, sizeof nonce, SQLITE_TRANSIENT);
    sqlite3_bind_blob64(put, 3, sealed, sealed_len, SQLITE_STATIC);
    sqlite3_bind_int64(put, 4, id);
    s = sqlite3_step(put);
    sqlite3_clear_bindings(put);
    free(sealed); /* ciphertext only */
    if (s != SQLITE_DONE)
        return im_store_rc(v->db, s);
    (*done)++;
    return IM_OK;
}

/*
 * Re-seal the rows ids_sql selects, in the caller's transaction: the ids
 * are listed first so the updates never race a running SELECT over the
 * same table.  *done counts the rows re-sealed.
 */
static im_rc reseal_where(im_vault *v, const unsigned char *new_key,
                          const char *ids_sql, im_progress_fn fn, void *ctx,
                          size_t *done)
{
    int64_t *ids = NULL;
    size_t n = 0;
    *done = 0;
    im_rc rc = ids_where(v->db, ids_sql, &ids, &n);
    if (rc)
        return rc;
    sqlite3_stmt *get = NULL, *put = NULL;
    rc = im_store_prepare(
        v->db, "SELECT " ROW_COLUMNS " FROM record WHERE id=?", &get);
    if (!rc)
        rc = im_store_prepare(
            v->db,
            "UPDATE record SET kind=?1, legacy_version=0, nonce=?2, "
            "sealed=?3 WHERE id=?4",
            &put);
    for (size_t i = 0; !rc && i < n; i++) {
        rc = reseal_one(v, new_key, get, put, ids[i], done);
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

/* Invariant 4 for re-sealing: keys to open the rows with, and a
 * transaction that makes the rewrite all or nothing. */
static int reseal_ok(const im_vault *v)
{
    return im_vault_state_ok(v) && v->keys && !sqlite3_get_autocommit(v->db);
}

/* Runs inside im_vault_rekey's transaction. */
im_rc im_record_reseal_all(im_vault *v, const unsigned char *new_key,
                           im_progress_fn fn, void *ctx)
{
    IM_ASSERT(reseal_ok(v) && new_key);
    size_t done = 0;
    return reseal_where(v, new_key, "SELECT id FROM record ORDER BY id", fn,
                        ctx, &done);
}

/*
 * The manifest check ran just before and re-based the manifest on the
 * table, so rebuilding it after the re-seal hides nothing an attacker did;
 * the row count and ids stay as they were.  A row that does not open
 * stays in the old format (and is reported damaged when read).
 */
im_rc im_record_upgrade(im_vault *v)
{
    IM_ASSERT(im_vault_state_ok(v) && v->keys);
    sqlite3_stmt *st;
    int64_t legacy = 0;
    im_rc rc = im_store_prepare(
        v->db, "SELECT count(*) FROM record WHERE legacy_version<>0", &st);
    if (!rc)
        rc = im_store_get_int(v->db, st, &legacy);
    if (rc || legacy == 0)
        return rc;
    rc = im_store_write_begin(v);
    if (rc)
        return rc;
    size_t done = 0;
    IM_ASSERT(reseal_ok(v));
    rc = reseal_where(v, v->keys->record,
                      "SELECT id FROM record WHERE legacy_version<>0 "
                      "ORDER BY id",
                      NULL, NULL, &done);
    if (!rc && done)
        rc = im_manifest_rebuild(v, v->keys->master);
    rc = im_store_write_end(v, rc);
    if (!rc && done)
        im_store_checkpoint(v->db); /* old rows' bytes out of the WAL */
    return rc;
}
