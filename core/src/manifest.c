/*
 * manifest.c -- history that cannot be rewound unnoticed (within one file).
 *
 * The manifest is one sealed meta row, 'manifest': nonce || AEAD, under a
 * subkey of the master key, of
 *     generation (8) || live record count (8) || digest (32)
 * with the vault id as associated data.  The digest is the sum, modulo
 * 2^256, of a keyed BLAKE2b of every live record row's tag: its id, its
 * clear kind column and its nonce -- a fresh random 192-bit value at every
 * write, bound to the sealed bytes by the AEAD, so a row put back from an
 * older copy brings its old nonce and changes the digest.  (A row sealed
 * before schema 3 is hashed by the (id, kind, version) triple it kept in
 * clear then; the two inputs differ in length, so neither can pass for
 * the other.)  A multiset hash: a write updates it in O(1) (subtract the
 * old tag, add the new one) and nobody without the key can steer it.  No
 * edit count is kept anywhere in clear.
 *
 * Every record write (put, put_at, delete) updates it inside the same
 * transaction as the row (im_manifest_apply: at once for a write that is
 * its own commit; inside a caller transaction held until im_vault_commit
 * writes it, once, before the COMMIT: "One write a transaction" below), so
 * the two commit together or not at all.  A rotation recomputes it under the new key inside the
 * rekey transaction.  At unlock (im_manifest_check) the table is hashed
 * again and compared: fewer live records than sealed means rows were
 * deleted behind Innermost's back; more means deleted rows came back (or
 * rows were planted); the same count with a different digest means a
 * record was put back to an older version.  The finding is kept on the
 * handle for the app to show in plain words, and the manifest is then
 * re-based on what is there, so the same finding is reported once.
 *
 * What this cannot catch alone: the whole file (manifest included)
 * replaced by an older copy.  That needs the counter kept somewhere the
 * attacker cannot roll back (Android Keystore, iOS Keychain:
 * trusted_store.h); with a store set, unlock compares against it
 * (rolled_back).  A desktop has no such place.
 *
 * Invariants
 *   1. After any committed write the sealed digest equals the digest of
 *      the record table.
 *   2. The manifest key is derived on demand and wiped after each use.
 *   3. Apply, flush and rebuild run inside the write they account for (an
 *      open transaction, with the keys installed: in_write), so the
 *      manifest and the rows commit together; a manifest held for a
 *      caller transaction is written before its COMMIT or forgotten with
 *      its rollback; the check runs with the keys installed.  IM_ASSERT
 *      checks them (contract.h).
 */
#include "vault_internal.h"

#include <stdio.h>
#include <string.h>

static const char manifest_context[crypto_kdf_CONTEXTBYTES] = "immanifs";
#define MANIFEST_SUBKEY_ID 1
#define MF_PLAIN           (8 + 8 + 32)
#define MF_BLOB            (IM_AEAD_NONCE_BYTES + MF_PLAIN + IM_AEAD_TAG_BYTES)
_Static_assert(MF_BLOB == IM_MANIFEST_BLOB_BYTES, "the keys block's copy");

typedef struct manifest {
    uint64_t generation;
    uint64_t count;
    uint64_t limb[4]; /* the digest, little-endian 64-bit limbs */
} manifest;

static uint64_t get64(const unsigned char *p)
{
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--)
        x = (x << 8) | p[i];
    return x;
}

static im_rc manifest_check_file(im_vault *v);
static void trusted_compare(im_vault *v);

static void mf_key(const unsigned char *master, unsigned char *key)
{
    crypto_kdf_derive_from_key(key, IM_MANIFEST_KEY_BYTES, MANIFEST_SUBKEY_ID,
                               manifest_context, master);
}

/* The manifest key for master, derived into the keys block's scratch
 * (sodium_malloc'd with the keys: guard pages, mlock'd) rather than into
 * a fresh sodium_malloc: that one costs an mmap, three mprotects, an
 * madvise, mlock and munlock, munmap and a TLB shootdown, three times a
 * record write.  Wiped by mf_key_done after each use (invariant 2). */
static unsigned char *mf_key_get(im_vault *v, const unsigned char *master)
{
    mf_key(master, v->keys->scratch);
    return v->keys->scratch;
}

static void mf_key_done(unsigned char *key)
{
    sodium_memzero(key, IM_MANIFEST_KEY_BYTES);
}

/* The keyed hash of one row's tag as four limbs. */
static void tag_hash(const unsigned char *key, const im_row_tag *t,
                     uint64_t out[4])
{
    unsigned char in[16 + IM_AEAD_NONCE_BYTES], h[32];
    unsigned char *p = im_le64_put(im_le64_put(in, (uint64_t)t->id),
                                   (uint64_t)t->kind);
    if (t->legacy > 0) {
        im_le64_put(p, (uint64_t)t->legacy);
        p += 8;
    } else {
        /* always the full 24 bytes (a damaged short one zero-filled) */
        memcpy(p, t->nonce, IM_AEAD_NONCE_BYTES);
        p += IM_AEAD_NONCE_BYTES;
    }
    crypto_generichash(h, sizeof h, in, (size_t)(p - in), key, 32);
    for (int i = 0; i < 4; i++)
        out[i] = get64(h + 8 * i);
}

void im_row_tag_read(sqlite3_stmt *st, int col, im_row_tag *t)
{
    t->id = sqlite3_column_int64(st, col);
    t->kind = sqlite3_column_int64(st, col + 1);
    t->legacy = sqlite3_column_int64(st, col + 2);
    const void *n = sqlite3_column_blob(st, col + 3);
    size_t len = (size_t)sqlite3_column_bytes(st, col + 3);
    memset(t->nonce, 0, sizeof t->nonce);
    if (n && len)
        memcpy(t->nonce, n, len < sizeof t->nonce ? len : sizeof t->nonce);
}

static void limbs_add(uint64_t a[4], const uint64_t b[4])
{
    unsigned carry = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t s = a[i] + b[i];
        unsigned c1 = s < a[i];
        uint64_t t = s + carry;
        unsigned c2 = t < s;
        a[i] = t;
        carry = c1 | c2;
    }
}

static void limbs_sub(uint64_t a[4], const uint64_t b[4])
{
    unsigned borrow = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t d = a[i] - b[i];
        unsigned b1 = a[i] < b[i];
        uint64_t t = d - borrow;
        unsigned b2 = d < borrow;
        a[i] = t;
        borrow = b1 | b2;
    }
}

/*
 * The last manifest written (or read).  A journal save writes two records
 * in one transaction, and each applies its tag: read, open, re-seal, write.
 * The keys block keeps the sealed row as this handle last wrote or opened
 * it, beside what it seals and the master it is under; a read that finds
 * exactly those bytes in the row takes the plaintext from there instead of
 * deriving the key and opening the AEAD again (callgrind, journal_bench:
 * 8.9 K instructions a read, two reads a save).  The same bytes under the
 * same master open to the same plaintext, so nothing is trusted that the
 * AEAD would not have said: a row rolled back, restored or planted differs
 * and is opened as before.  The copy lives in the keys block (sodium_malloc,
 * wiped by lock and close) and the manifest key is still wiped after each
 * use (invariant 2).
 */
static void mf_remember(im_vault *v, const unsigned char *master,
                        const unsigned char blob[MF_BLOB], const manifest *m)
{
    im_vault_keys *k = v->keys;
    memcpy(k->mf_master, master, IM_MASTER_KEY_BYTES);
    memcpy(k->mf_blob, blob, MF_BLOB);
    k->mf_plain[0] = m->generation;
    k->mf_plain[1] = m->count;
    memcpy(k->mf_plain + 2, m->limb, sizeof m->limb);
    k->mf_known = 1;
}

/* 1 (and *m) if blob is the row remembered under the handle's master. */
static int mf_recall(const im_vault *v, const unsigned char blob[MF_BLOB],
                     manifest *m)
{
    const im_vault_keys *k = v->keys;
    if (!k->mf_known || memcmp(k->mf_blob, blob, MF_BLOB) != 0 ||
        sodium_memcmp(k->mf_master, k->master, IM_MASTER_KEY_BYTES) != 0)
        return 0;
    m->generation = k->mf_plain[0];
    m->count = k->mf_plain[1];
    memcpy(m->limb, k->mf_plain + 2, sizeof m->limb);
    return 1;
}

static im_rc mf_write(im_vault *v, const unsigned char *master,
                      const manifest *m)
{
    unsigned char plain[MF_PLAIN], blob[MF_BLOB];
    unsigned char *p = im_le64_put(plain, m->generation);
    p = im_le64_put(p, m->count);
    for (int i = 0; i < 4; i++)
        p = im_le64_put(p, m->limb[i]);
    unsigned char *key = mf_key_get(v, master);
    randombytes_buf(blob, IM_AEAD_NONCE_BYTES);
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        blob + IM_AEAD_NONCE_BYTES, NULL, plain, sizeof plain, v->id,
        IM_VAULT_ID_BYTES, NULL, blob, key);
    mf_key_done(key);
    sqlite3_stmt *st;
    im_rc rc = im_store_cached(
        v, "INSERT OR REPLACE INTO meta(key, value) VALUES('manifest', ?)",
        &st);
    if (rc)
        return rc;
    sqlite3_bind_blob(st, 1, blob, sizeof blob, SQLITE_STATIC);
    rc = im_store_step_done_v(v, st);
    if (!rc)
        mf_remember(v, master, blob, m);
    return rc;
}

/* IM_OK, IM_ERR_NOT_FOUND (none yet), IM_ERR_DAMAGED (does not open). */
static im_rc mf_read(im_vault *v, manifest *m)
{
    sqlite3_stmt *st;
    im_rc rc = im_store_cached(v, "SELECT value FROM meta WHERE key='manifest'",
                               &st);
    if (rc)
        return rc;
    unsigned char blob[MF_BLOB], plain[MF_PLAIN];
    rc = im_store_get_blob_v(v, st, blob, sizeof blob);
    if (rc)
        return rc;
    if (mf_recall(v, blob, m))
        return IM_OK;
    unsigned char *key = mf_key_get(v, v->keys->master);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            plain, NULL, NULL, blob + IM_AEAD_NONCE_BYTES,
            sizeof blob - IM_AEAD_NONCE_BYTES, v->id, IM_VAULT_ID_BYTES, blob,
            key) != 0)
        rc = IM_ERR_DAMAGED;
    mf_key_done(key);
    if (rc)
        return rc;
    m->generation = get64(plain);
    m->count = get64(plain + 8);
    for (int i = 0; i < 4; i++)
        m->limb[i] = get64(plain + 16 + 8 * i);
    mf_remember(v, v->keys->master, blob, m);
    return IM_OK;
}

/* The manifest the record table has now, under master's key. */
static im_rc mf_compute(im_vault *v, const unsigned char *master, manifest *m)
{
    memset(m, 0, sizeof *m);
    unsigned char *key = mf_key_get(v, master);
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(
        v->db, "SELECT id, kind, legacy_version, nonce FROM record", &st);
    int s = SQLITE_DONE;
    while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
        uint64_t h[4];
        im_row_tag t;
        im_row_tag_read(st, 0, &t);
        tag_hash(key, &t, h);
        limbs_add(m->limb, h);
        m->count++;
    }
    if (!rc && s != SQLITE_DONE)
        rc = im_store_rc(v->db, s);
    sqlite3_finalize(st);
    mf_key_done(key);
    return rc;
}

/* Invariant 3. */
static int in_write(const im_vault *v)
{
    return im_vault_state_ok(v) && v->keys && !sqlite3_get_autocommit(v->db);
}

/*
 * One write a transaction.  A journal save is one caller transaction of
 * three record writes (the entry, a slot of the head and its top), and each
 * applied its tag by re-sealing and rewriting the manifest row (13.5 K
 * instructions a write: callgrind, journal_bench).  Inside a caller
 * transaction (im_vault_begin) the manifest is now held in the keys block
 * instead, and im_vault_commit writes it once, inside the transaction,
 * just before the outermost COMMIT: rows and manifest still commit
 * together or not at all (invariant 3), and what a commit leaves is the
 * digest of the table (invariant 1).  A rollback of the whole transaction
 * forgets it (im_vault_rollback; im_vault_begin forgets one a doomed
 * transaction left).  A write scope rolled back inside it (a savepoint:
 * some of its writes may be applied in the held value, their rows gone)
 * turns it into MF_RECOUNT: the commit counts the table, as an older vault
 * without a manifest gets one.  Outside a caller transaction every write
 * is its own commit and writes the row itself, as before.
 */
enum { MF_NONE, MF_HELD, MF_RECOUNT };

static void mf_hold(im_vault *v, const manifest *m)
{
    im_vault_keys *k = v->keys;
    k->mf_held[0] = m->generation;
    k->mf_held[1] = m->count;
    memcpy(k->mf_held + 2, m->limb, sizeof m->limb);
    if (k->mf_state != MF_RECOUNT)
        k->mf_state = MF_HELD;
}

im_rc im_manifest_flush(im_vault *v)
{
    if (!v->keys || v->keys->mf_state == MF_NONE)
        return IM_OK;
    IM_ASSERT(in_write(v));
    im_vault_keys *k = v->keys;
    manifest m;
    im_rc rc = IM_OK;
    if (k->mf_state == MF_RECOUNT) {
        uint64_t gen = k->mf_held[0];
        rc = mf_compute(v, k->master, &m);
        m.generation = gen;
    } else {
        m.generation = k->mf_held[0];
        m.count = k->mf_held[1];
        memcpy(m.limb, k->mf_held + 2, sizeof m.limb);
    }
    k->mf_state = MF_NONE;
    return rc ? rc : mf_write(v, k->master, &m);
}

void im_manifest_discard(im_vault *v)
{
    if (v && v->keys)
        v->keys->mf_state = MF_NONE;
}

void im_manifest_scope_failed(im_vault *v)
{
    if (v && v->keys && v->keys->mf_state == MF_HELD)
        v->keys->mf_state = MF_RECOUNT;
}

im_rc im_manifest_apply(im_vault *v, const im_row_tag *gone,
                        const im_row_tag *now)
{
    IM_ASSERT(in_write(v) && (gone || now));
    manifest m;
    im_vault_keys *k = v->keys;
    if (k->mf_state == MF_RECOUNT) {
        k->mf_held[0]++; /* counted at the commit */
        return IM_OK;
    }
    im_rc rc = IM_OK;
    if (k->mf_state == MF_HELD) {
        m.generation = k->mf_held[0];
        m.count = k->mf_held[1];
        memcpy(m.limb, k->mf_held + 2, sizeof m.limb);
    } else {
        rc = mf_read(v, &m);
    }
    if (rc == IM_ERR_NOT_FOUND || rc == IM_ERR_DAMAGED) {
        /* none yet (created by an older build) or unreadable: the write
         * is already in the table, so count from the table itself */
        rc = mf_compute(v, v->keys->master, &m);
        if (!rc)
            m.generation = 1;
        return rc ? rc : mf_write(v, v->keys->master, &m);
    }
    if (rc)
        return rc;
    unsigned char *key = mf_key_get(v, v->keys->master);
    uint64_t h[4];
    if (gone) {
        tag_hash(key, gone, h);
        limbs_sub(m.limb, h);
        m.count--;
    }
    if (now) {
        tag_hash(key, now, h);
        limbs_add(m.limb, h);
        m.count++;
    }
    mf_key_done(key);
    m.generation++;
    if (v->tx_depth > 0) {
        mf_hold(v, &m);
        return IM_OK;
    }
    return mf_write(v, v->keys->master, &m);
}

im_rc im_manifest_rebuild(im_vault *v, const unsigned char *new_master)
{
    IM_ASSERT(in_write(v) && new_master);
    manifest old, m;
    uint64_t gen = mf_read(v, &old) == IM_OK ? old.generation : 0;
    im_rc rc = mf_compute(v, new_master, &m);
    m.generation = gen + 1;
    return rc ? rc : mf_write(v, new_master, &m);
}

/*
 * At unlock: compare, keep the finding, re-base.  A vault from an older
 * build has no manifest yet and simply gets one (nothing to compare).
 */
im_rc im_manifest_check(im_vault *v)
{
    IM_ASSERT(im_vault_state_ok(v) && v->keys);
    memset(&v->history, 0, sizeof v->history);
    trusted_compare(v);
    im_rc rc = manifest_check_file(v);
    im_manifest_remember(v);
    return rc;
}

static im_rc manifest_check_file(im_vault *v)
{
    manifest sealed, now;
    im_rc rc = mf_compute(v, v->keys->master, &now);
    if (rc)
        return rc;
    rc = mf_read(v, &sealed);
    if (rc == IM_ERR_NOT_FOUND) {
        now.generation = 1;
    } else if (rc == IM_ERR_DAMAGED) {
        v->history.unreadable = 1;
        now.generation = 1;
    } else if (rc) {
        return rc;
    } else {
        v->history.generation = sealed.generation;
        if (sealed.count == now.count &&
            memcmp(sealed.limb, now.limb, sizeof now.limb) == 0)
            return IM_OK; /* as Innermost left it */
        if (now.count < sealed.count)
            v->history.removed = (int64_t)(sealed.count - now.count);
        else if (now.count > sealed.count)
            v->history.added = (int64_t)(now.count - sealed.count);
        else
            v->history.changed = 1;
        now.generation = sealed.generation + 1;
    }
    rc = im_store_write_begin(v);
    if (!rc)
        rc = im_store_write_end(v, mf_write(v, v->keys->master, &now));
    return rc;
}

void im_trusted_name(const im_vault *v, const char *what, char out[64])
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    for (int i = 0; i < IM_VAULT_ID_BYTES; i++) {
        out[n++] = hex[v->id[i] >> 4];
        out[n++] = hex[v->id[i] & 15];
    }
    snprintf(out + n, 64 - n, ".%s", what);
}

/* The sealed counter now, or 0 if there is none that opens. */
static uint64_t sealed_generation(im_vault *v)
{
    manifest m;
    return v->keys && mf_read(v, &m) == IM_OK ? m.generation : 0;
}

void im_manifest_remember(im_vault *v)
{
    if (!v->trusted.put)
        return;
    uint64_t g = sealed_generation(v);
    char name[64];
    im_trusted_name(v, "generation", name);
    if (g)
        v->trusted.put(v->trusted.ctx, name, g);
}

/* With a trusted store: is the file older than the counter kept there? */
static void trusted_compare(im_vault *v)
{
    if (!v->trusted.get)
        return;
    char name[64];
    uint64_t kept = 0;
    im_trusted_name(v, "generation", name);
    if (v->trusted.get(v->trusted.ctx, name, &kept) == 0 &&
        sealed_generation(v) < kept)
        v->history.rolled_back = 1;
}

void im_vault_set_trusted_store(im_vault *v, const im_trusted_store *ts)
{
    if (!v)
        return;
    IM_ASSERT(im_vault_state_ok(v));
    memset(&v->trusted, 0, sizeof v->trusted);
    if (ts && ts->get && ts->put)
        v->trusted = *ts;
}

im_rc im_vault_history(const im_vault *v, im_history *out)
{
    if (!v || !out)
        return IM_ERR_INVALID;
    *out = v->history;
    return IM_OK;
}

/* Appends s to buf (cap bytes), keeping a NUL; returns the new length. */
static size_t put(char *buf, size_t cap, size_t n, const char *s)
{
    size_t k = strlen(s);
    if (cap == 0)
        return n + k;
    for (size_t i = 0; i < k && n + 1 < cap; i++)
        buf[n++] = s[i];
    buf[n < cap ? n : cap - 1] = 0;
    return n;
}

size_t im_history_describe(const im_history *h, char *buf, size_t cap)
{
    if (buf && cap)
        buf[0] = 0;
    if (!h || !buf)
        return 0;
    char line[256];
    size_t n = 0;
    if (h->rolled_back)
        n = put(buf, cap, n,
                "The saved data is older than the last time you "
                "used Innermost on this device: the whole file may have been "
                "replaced with an earlier copy. ");
    if (h->unreadable)
        n = put(buf, cap, n,
                "Innermost's record of your saved history could "
                "not be read, so it could not check whether your entries "
                "were changed outside the app. ");
    if (h->removed) {
        snprintf(line, sizeof line,
                 "%lld saved item%s went missing from "
                 "the file since you last used Innermost: something outside "
                 "the app deleted %s. ",
                 (long long)h->removed, h->removed == 1 ? "" : "s",
                 h->removed == 1 ? "it" : "them");
        n = put(buf, cap, n, line);
    }
    if (h->added) {
        snprintf(line, sizeof line,
                 "%lld item%s appeared in the file that "
                 "Innermost did not save last time: deleted entries may have "
                 "been put back from an older copy. ",
                 (long long)h->added, h->added == 1 ? "" : "s");
        n = put(buf, cap, n, line);
    }
    if (h->changed)
        n = put(buf, cap, n,
                "Some saved items were put back to an earlier "
                "version from outside the app. ");
    if (n)
        n = put(buf, cap, n,
                "Someone with access to this device's files "
                "may have done this. What you see now is what the file holds.");
    return n;
}
