/*
 * couple_space.c -- the couple's one shared space (couple_space.h).
 *
 * For the backup (c22backup): a new folder in the data folder,
 *   couple/innermost.db   a vault database (store.c schema 3) with no
 *                         keyslot rows; records sealed under the couple
 *                         key as record.c seals any vault's; meta rows
 *                         'vault_id', 'key_check', 'manifest' as any vault,
 *                         plus 'member.<32 hex>' (145 bytes: below),
 *                         'members' (the sealed list of members: 9),
 *                         'leaving' (a sealed mark: 6) while a leave runs
 *                         and 'moving' while a migration runs;
 *   couple/innermost.lock the instance lock (flock), empty;
 * and a new record kind, IM_KIND_COUPLE_MEMBER (12), in each member's own
 * vault.  A backup carries couple/innermost.db whole, as it is: only a
 * member's vault (restored with its own secret) opens it.
 *
 * Design
 *   - The space is a vault of its own (same schema, records, manifest and
 *     key check) with a random master key, the couple key, and no keyslot:
 *     the key reaches it only through a member (im_vault_unlock_master).
 *     Every engine call that takes a vault takes the space unchanged.
 *   - Each member vault holds one IM_KIND_COUPLE_MEMBER record (sealed
 *     under that vault's master key, like every record of it):
 *       u32 MEMBER_MAGIC, 16 space id (the space's vault id), 16 member id,
 *       32 pk, 32 sk, u8 has next, 32 pk next, 32 sk next, u8 state
 *     (0 in, 1 joining, 2 leaving; a record an older build wrote has no
 *     state byte and is in).
 *     The space holds, for each member, a clear meta row 'member.<id hex>':
 *       32 pk || crypto_box_seal(couple key || space id || member id || 1)
 *     (an older build's row has no final 1: 144 bytes, invariant 9).
 *     The couple key is thus wrapped under each member's own key (through
 *     the key pair whose secret half only that member's vault holds), and
 *     a rotation can wrap a new key for every member who stays without
 *     any of them unlocking.
 *   - A partner without a profile of their own has no vault: they reach the
 *     space through the owner's membership, as before.
 *   - What a copy of couple/ shows without any key: that a couple space
 *     exists, how many members it has (the member rows), their public keys,
 *     and (as any vault) record counts and padded sizes.  Not who they are:
 *     member ids are random and no vault names the space in clear.
 *   - What writing couple/ without any key does to membership: nothing.
 *     The rows are clear because a member must find its wrap before it has
 *     the key, so none of them is believed: who is a member is what the
 *     list sealed under the couple key says (9), and a 'leaving' mark acts
 *     only if it is sealed under the current couple key (6).  Someone with
 *     file access can still deny service (delete the file, or a member's
 *     row: that member is refused until another member's open puts it
 *     back) but cannot evict a member, add one, or get a key wrapped to a
 *     pair of their own; and an open says what it found
 *     (im_couple_space_open_found).  A whole-file copy put back is any
 *     vault's rollback (vault.h, im_history), not this file's to catch.
 *
 * Invariants
 *   1. The couple key is never stored unwrapped; it is in memory in the
 *      space handle's keys (sodium_malloc) and, for a call, in a
 *      sodium_malloc'd buffer wiped before return.
 *   2. A wrap opens only in its own place: the member id and space id are
 *      sealed inside it and checked, so a row copied under another member's
 *      name, or into another space, opens nothing.  A wrap holding any key
 *      but the current one is refused by the space's key check
 *      (IM_ERR_REPLACED), so an old row pasted back opens nothing.
 *   3. Leaving, joining and a member's rekey rotate the couple key in ONE
 *      space transaction (im_vault_rekey_master): key check, every record
 *      re-sealed, manifest, every member row re-wrapped as the sealed list
 *      has them (the leaver's deleted, the joiner's added, any other row
 *      gone), the new list sealed, any mark gone.  A kill leaves the old
 *      space with the old wraps or the new one with the new; never
 *      neither.
 *   4. A member's key pair changes in three steps, each its own
 *      transaction: the new pair is added to the member record beside the
 *      old; the space's row is re-wrapped to the new one (in the rotation
 *      of invariant 3); the old pair is dropped.  At every moment the
 *      member record holds the secret half of the row's public key.
 *   5. Migration copies, then deletes: the copy and a 'moving' row naming
 *      the source and its ids commit in one space transaction, the delete
 *      in one source transaction, then the row goes.  A rerun that finds
 *      the row only deletes.  Every record is in at least one of the two
 *      at every moment, and never twice in the space.  A record keeps its
 *      id when the space has none such (always, for a space made to take
 *      them): a connection map names its couple record by id, for a leave
 *      (engine_partner.c invariant 5); a map whose record had to take a new
 *      id counts as kept by nobody, the side that erases.
 *   6. A member who leaves of their own accord (im_couple_space_leave_with,
 *      their own passphrase) goes in four steps: (a) their member record
 *      takes the state leaving (their own vault's transaction); (b) one
 *      space transaction erases their place on Together's list (their
 *      unfinished sheets, their partner record, every revealed session
 *      both did not keep: engine_partner.c) and writes the meta row
 *      'leaving': nonce || XChaCha20-Poly1305 of their member id under a
 *      subkey of the current couple key ("imcouple", 2), the space id and
 *      the row's name as associated data; (c) the rotation of invariant 3
 *      drops their row and the mark together; (d) their member record
 *      goes.  Any open that finds a mark that opens under the current key
 *      and names a member of the sealed list runs (c) first, whoever
 *      opens, and a leaver who opens is refused (IM_ERR_NOT_FOUND) and
 *      runs (d): so after (b) the leaver never reads the space again, and
 *      a kill at any moment leaves either the old space whole or the
 *      leave done or under way.  Any other 'leaving' row -- planted in the
 *      file, a genuine one copied from an older copy of the folder (sealed
 *      under a key since turned: every rotation changes the key and takes
 *      the mark), or an older build's clear one -- changes nothing: the
 *      open deletes it and reports IM_COUPLE_FOUND_MARK.  A leaver whose
 *      open finds its state leaving and no mark (a kill between (a) and
 *      (b)) is in: the state goes back, and the key turns first, so that
 *      no copy of a mark it may have sealed in between ever counts.  The
 *      last member's leave erases the space instead (as quit).
 *   7. A place on Together's list (im_couple_space_place_of) that is a
 *      member's with another member in the space is left only by that
 *      member, with the passphrase of their own space, the way of 6
 *      (im_couple_space_partner_leave; im_partner_leave_in refuses it):
 *      no other vault's passphrase and no secret for Together speaks for
 *      them.  With one member the other place has no profile here and
 *      leaves as before (their secret for Together, or the passphrase of
 *      the vault that opened the space).  The same answer says what
 *      proves a place's forgotten secret for Together
 *      (im_partner_forget_in): the other member's place is refused, every
 *      other place takes the opener's passphrase, so no member's
 *      passphrase erases the other member's unfinished answers.  Both
 *      im_partner_leave_in and im_partner_forget_in (engine.h) live here
 *      for that reason: they ask the proof, then engine_partner.c erases
 *      (engine_partner.c invariant 6), which never asks this file.
 *   8. A session still under an older per-session lock is bound to the
 *      vault that made it and never moves (invariant 5's exception), so
 *      the one who stays could never reach it: the leaver's own leave
 *      (6, and the last member's) erases every such session from the
 *      leaver's vault in the one transaction of step (d) that drops
 *      their member record.  A kill before it leaves the record, a row
 *      gone or a mark naming them: the next im_couple_space_enter does it
 *      -- for a row gone, only when the record's state says it was on its
 *      way out (or in: a join a kill cut short), never for a member in
 *      (invariant 9).
 *   9. Who is a member is the sealed list, meta 'members': nonce ||
 *      XChaCha20-Poly1305 of (u8 n, n x (16 member id || its row, 145
 *      bytes)) under a subkey of the couple key ("imcouple", 1), the
 *      space id and the name as associated data.  It is written only in
 *      the rotation of invariant 3, so a list is current exactly as long
 *      as its key, and no older list is ever believed; joining rotates
 *      too for that reason.  Every open with the key puts the clear rows
 *      back as the list has them (a row gone, changed, swapped or
 *      planted: IM_COUPLE_FOUND_ROWS); the count, "alone" and each
 *      rotation's rows come from the list, so a row taken makes nobody
 *      the last member and a row planted never gets a key.  A member
 *      opens with its own row, or with a row sealed to its pair under
 *      another name (rows swapped); one whose own row is gone, or holds a
 *      wrap to its pair that does not open as its own, is refused
 *      (IM_ERR_DAMAGED) and keeps its record, unless the record's state
 *      says it was joining or leaving (then as 8).  The wrap's last byte
 *      (1) promises the list: a row of 144 bytes that opens to the current
 *      key is an older build's space, whose first open writes the list
 *      from its rows as they are, with a new key (trust on first use; its
 *      clear mark, if any, goes as in 6), and no one without the key can
 *      make a space look older.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine_couple.h"
#include "couple_space_internal.h"
#include "innermost/couple_space.h"
#include "innermost/people.h"
#include "innermost/progress.h"
#include "vault_internal.h"

#define MEMBER_MAGIC 0x4D434D49u /* "IMCM" */
#define KEY_BYTES    IM_MASTER_KEY_BYTES
#define PK_BYTES     crypto_box_PUBLICKEYBYTES
#define SK_BYTES     crypto_box_SECRETKEYBYTES
#define ID_BYTES     IM_COUPLE_MEMBER_ID_BYTES
/* A wrap's plaintext: couple key || space id || member id || format. */
#define WRAP_PLAIN     (KEY_BYTES + IM_VAULT_ID_BYTES + ID_BYTES + 1)
#define WRAP_BYTES     (PK_BYTES + crypto_box_SEALBYTES + WRAP_PLAIN)
#define WRAP_BYTES_OLD (WRAP_BYTES - 1) /* before the list: no format */
#define WRAP_LISTED    1 /* the format: the space keeps a sealed list */
/* A member record: as before, then its state (an older one has none). */
#define RECORD_BYTES_OLD \
    (4 + IM_VAULT_ID_BYTES + ID_BYTES + 1 + 2 * (PK_BYTES + SK_BYTES))
#define RECORD_BYTES (RECORD_BYTES_OLD + 1)
#define ROW_PREFIX   "member."
/* The sealed list of members (invariant 9) and the 'leaving' mark (6). */
#define LIST_NAME      "members"
#define LIST_ENTRY     (ID_BYTES + WRAP_BYTES)
#define LIST_PLAIN_MAX (1 + IM_COUPLE_MEMBERS_MAX * LIST_ENTRY)
#define LIST_SUBKEY    1
#define MARK_NAME      "leaving"
#define MARK_SUBKEY    2
static const char couple_context[crypto_kdf_CONTEXTBYTES] = "imcouple";

/* A member record's state (invariants 6, 9): in, or on its way in or out:
 * only then may a missing row mean that it is not in. */
enum { STATE_IN = 0, STATE_JOINING = 1, STATE_LEAVING = 2 };

/* A member record, in sodium_malloc'd memory (it holds secret keys). */
typedef struct member {
    unsigned char space[IM_VAULT_ID_BYTES];
    unsigned char id[ID_BYTES];
    unsigned char pk[PK_BYTES], sk[SK_BYTES];
    int has_next;
    unsigned char pk_next[PK_BYTES], sk_next[SK_BYTES];
    int state;
    int64_t record_id;
} member;

static char *space_dir(const char *data_dir)
{
    size_t n = strlen(data_dir) + sizeof IM_COUPLE_SPACE_DIR + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", data_dir, IM_COUPLE_SPACE_DIR);
    return p;
}

int im_couple_space_exists(const char *data_dir)
{
    char *d = data_dir ? space_dir(data_dir) : NULL;
    int yes = d && im_vault_exists(d);
    free(d);
    return yes;
}

/* ---- member records ---- */

static void member_encode(const member *m, unsigned char b[RECORD_BYTES])
{
    unsigned char *p = b;
    for (int i = 0; i < 4; i++)
        *p++ = (unsigned char)(MEMBER_MAGIC >> (8 * i));
    memcpy(p, m->space, IM_VAULT_ID_BYTES), p += IM_VAULT_ID_BYTES;
    memcpy(p, m->id, ID_BYTES), p += ID_BYTES;
    memcpy(p, m->pk, PK_BYTES), p += PK_BYTES;
    memcpy(p, m->sk, SK_BYTES), p += SK_BYTES;
    *p++ = (unsigned char)(m->has_next ? 1 : 0);
    memcpy(p, m->pk_next, PK_BYTES), p += PK_BYTES;
    memcpy(p, m->sk_next, SK_BYTES), p += SK_BYTES;
    *p = (unsigned char)m->state;
}

static int member_decode(const unsigned char *b, size_t len, member *m)
{
    uint32_t magic = 0;
    if (len != RECORD_BYTES && len != RECORD_BYTES_OLD)
        return -1;
    for (int i = 0; i < 4; i++)
        magic |= (uint32_t)b[i] << (8 * i);
    if (magic != MEMBER_MAGIC)
        return -1;
    const unsigned char *p = b + 4;
    memcpy(m->space, p, IM_VAULT_ID_BYTES), p += IM_VAULT_ID_BYTES;
    memcpy(m->id, p, ID_BYTES), p += ID_BYTES;
    memcpy(m->pk, p, PK_BYTES), p += PK_BYTES;
    memcpy(m->sk, p, SK_BYTES), p += SK_BYTES;
    m->has_next = *p++ == 1;
    memcpy(m->pk_next, p, PK_BYTES), p += PK_BYTES;
    memcpy(m->sk_next, p, SK_BYTES), p += SK_BYTES;
    m->state = len == RECORD_BYTES ? *p : STATE_IN;
    return m->state <= STATE_LEAVING ? 0 : -1;
}

static im_rc member_put(im_vault *v, member *m)
{
    unsigned char *b = sodium_malloc(RECORD_BYTES);
    if (!b)
        return IM_ERR_NOMEM;
    member_encode(m, b);
    im_rc rc = im_record_put(v, IM_KIND_COUPLE_MEMBER, &m->record_id, b,
                             RECORD_BYTES);
    sodium_free(b);
    return rc;
}

/* member's record for space id into m: IM_ERR_NOT_FOUND when none. */
static im_rc member_find(im_vault *v, const unsigned char *space, member *m)
{
    int64_t *ids = NULL;
    size_t n = 0;
    im_rc rc = im_record_list(v, IM_KIND_COUPLE_MEMBER, &ids, &n);
    if (rc != IM_OK)
        return rc;
    rc = IM_ERR_NOT_FOUND;
    for (size_t i = 0; i < n && rc == IM_ERR_NOT_FOUND; i++) {
        im_buf b = {0};
        im_rc g = im_record_get(v, IM_KIND_COUPLE_MEMBER, ids[i], &b);
        if (g == IM_OK && member_decode(b.data, b.len, m) == 0 &&
            sodium_memcmp(m->space, space, IM_VAULT_ID_BYTES) == 0) {
            m->record_id = ids[i];
            rc = IM_OK;
        } else if (g != IM_OK && g != IM_ERR_DAMAGED) {
            rc = g;
        }
        im_buf_free(&b);
    }
    free(ids);
    return rc;
}

static member *member_new(void)
{
    member *m = sodium_malloc(sizeof *m);
    if (m)
        memset(m, 0, sizeof *m);
    return m;
}

/* The pair of m that row (pk || sealed box) was sealed to, if any. */
static int member_pair(const member *m, const unsigned char *row,
                       const unsigned char **pk, const unsigned char **sk)
{
    *pk = *sk = NULL;
    if (sodium_memcmp(row, m->pk, PK_BYTES) == 0)
        *pk = m->pk, *sk = m->sk;
    else if (m->has_next && sodium_memcmp(row, m->pk_next, PK_BYTES) == 0)
        *pk = m->pk_next, *sk = m->sk_next;
    return *pk != NULL;
}

/* ---- sealed meta rows: the list of members and the mark ---- */

/* meta name := nonce || AEAD(plain) under subkey sub of couple_key, with
 * the space id and the row's name as associated data: it opens under the
 * couple key it was sealed with only, in this space, under this name. */
static im_rc sealed_write(im_vault *s, const char *name,
                          const unsigned char *couple_key, uint64_t sub,
                          const unsigned char *plain, size_t len)
{
    size_t nlen = strlen(name),
           n = IM_AEAD_NONCE_BYTES + len + IM_AEAD_TAG_BYTES;
    unsigned char *k = sodium_malloc(KEY_BYTES), *b = malloc(n),
                  *ad = malloc(IM_VAULT_ID_BYTES + nlen);
    im_rc rc = k && b && ad ? IM_OK : IM_ERR_NOMEM;
    if (!rc) {
        crypto_kdf_derive_from_key(k, KEY_BYTES, sub, couple_context,
                                   couple_key);
        memcpy(ad, s->id, IM_VAULT_ID_BYTES);
        memcpy(ad + IM_VAULT_ID_BYTES, name, nlen);
        randombytes_buf(b, IM_AEAD_NONCE_BYTES);
        crypto_aead_xchacha20poly1305_ietf_encrypt(
            b + IM_AEAD_NONCE_BYTES, NULL, plain, len, ad,
            IM_VAULT_ID_BYTES + nlen, NULL, b, k);
        sqlite3_stmt *st;
        rc = im_store_prepare(
            s->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", &st);
        if (!rc) {
            sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
            sqlite3_bind_blob(st, 2, b, (int)n, SQLITE_TRANSIENT);
            rc = im_store_step_done(s->db, st);
        }
    }
    if (k)
        sodium_free(k);
    free(b);
    free(ad);
    return rc;
}

/* The plaintext of sealed row name under the space's current key into
 * plain (at most cap bytes): IM_ERR_NOT_FOUND without the row,
 * IM_ERR_DAMAGED if it does not open (not sealed under this key here). */
static im_rc sealed_read(im_vault *s, const char *name, uint64_t sub,
                         unsigned char *plain, size_t cap, size_t *len)
{
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(s->db, "SELECT value FROM meta WHERE key=?",
                                &st);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        sqlite3_finalize(st);
        return r == SQLITE_DONE ? IM_ERR_NOT_FOUND : im_store_rc(s->db, r);
    }
    const unsigned char *b = sqlite3_column_blob(st, 0);
    size_t n = (size_t)sqlite3_column_bytes(st, 0), nlen = strlen(name);
    unsigned char *k = sodium_malloc(KEY_BYTES),
                  *ad = malloc(IM_VAULT_ID_BYTES + nlen);
    unsigned long long got = 0;
    rc = k && ad ? IM_ERR_DAMAGED : IM_ERR_NOMEM;
    if (k && ad && b && n >= IM_AEAD_NONCE_BYTES + IM_AEAD_TAG_BYTES &&
        n - IM_AEAD_NONCE_BYTES - IM_AEAD_TAG_BYTES <= cap) {
        crypto_kdf_derive_from_key(k, KEY_BYTES, sub, couple_context,
                                   s->keys->master);
        memcpy(ad, s->id, IM_VAULT_ID_BYTES);
        memcpy(ad + IM_VAULT_ID_BYTES, name, nlen);
        if (crypto_aead_xchacha20poly1305_ietf_decrypt(
                plain, &got, NULL, b + IM_AEAD_NONCE_BYTES,
                n - IM_AEAD_NONCE_BYTES, ad, IM_VAULT_ID_BYTES + nlen, b,
                k) == 0) {
            *len = (size_t)got;
            rc = IM_OK;
        }
    }
    sqlite3_finalize(st);
    if (k)
        sodium_free(k);
    free(ad);
    return rc;
}

static im_rc meta_delete(im_vault *s, const char *name)
{
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(s->db, "DELETE FROM meta WHERE key=?", &st);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    return im_store_step_done(s->db, st);
}

/* ---- member rows in the space ---- */

typedef struct member_row {
    unsigned char id[ID_BYTES];
    unsigned char pk[PK_BYTES];
    unsigned char row[WRAP_BYTES]; /* the row as it is stored */
    size_t len;
} member_row;

/* The members: as the sealed list has them, or (rows_list) as the clear
 * rows show them. */
typedef struct roster {
    size_t n;
    member_row e[IM_COUPLE_MEMBERS_MAX];
} roster;

static const member_row *roster_find(const roster *r, const unsigned char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (sodium_memcmp(r->e[i].id, id, ID_BYTES) == 0)
            return &r->e[i];
    return NULL;
}

static void row_name(const unsigned char *id, char out[64])
{
    memcpy(out, ROW_PREFIX, sizeof ROW_PREFIX - 1);
    sodium_bin2hex(out + sizeof ROW_PREFIX - 1, 64 - (sizeof ROW_PREFIX - 1),
                   id, ID_BYTES);
}

/* The row stored under id's name: IM_ERR_NOT_FOUND if none,
 * IM_ERR_DAMAGED if it is of no size a wrap has. */
static im_rc row_read(im_vault *s, const unsigned char *id,
                      unsigned char row[WRAP_BYTES], size_t *len)
{
    char name[64];
    row_name(id, name);
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(s->db, "SELECT value FROM meta WHERE key=?",
                                &st);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        const void *b = sqlite3_column_blob(st, 0);
        rc = IM_ERR_DAMAGED;
        if (b && (n == WRAP_BYTES || n == WRAP_BYTES_OLD)) {
            memcpy(row, b, n);
            *len = n;
            rc = IM_OK;
        }
    } else {
        rc = r == SQLITE_DONE ? IM_ERR_NOT_FOUND : im_store_rc(s->db, r);
    }
    sqlite3_finalize(st);
    return rc;
}

/* The row for member id: key wrapped to pk, bound to the space and id. */
static im_rc row_make(const im_vault *s, const unsigned char *id,
                      const unsigned char *pk, const unsigned char *key,
                      unsigned char row[WRAP_BYTES])
{
    unsigned char *plain = sodium_malloc(WRAP_PLAIN);
    if (!plain)
        return IM_ERR_NOMEM;
    memcpy(plain, key, KEY_BYTES);
    memcpy(plain + KEY_BYTES, s->id, IM_VAULT_ID_BYTES);
    memcpy(plain + KEY_BYTES + IM_VAULT_ID_BYTES, id, ID_BYTES);
    plain[WRAP_PLAIN - 1] = WRAP_LISTED;
    memcpy(row, pk, PK_BYTES);
    int bad = crypto_box_seal(row + PK_BYTES, plain, WRAP_PLAIN, pk);
    sodium_free(plain);
    return bad ? IM_ERR_INVALID : IM_OK;
}

/* Every member row goes and r's rows take their place. */
static im_rc rows_put_all(im_vault *s, const roster *r)
{
    im_rc rc = im_store_exec(s->db,
                             "DELETE FROM meta WHERE key LIKE 'member.%'");
    for (size_t i = 0; !rc && i < r->n; i++) {
        char name[64];
        row_name(r->e[i].id, name);
        sqlite3_stmt *st;
        rc = im_store_prepare(
            s->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", &st);
        if (rc)
            break;
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 2, r->e[i].row, (int)r->e[i].len,
                          SQLITE_TRANSIENT);
        rc = im_store_step_done(s->db, st);
    }
    return rc;
}

/* The open of row (len bytes) with pair pk/sk into key: IM_OK if it opens
 * and is bound to this space and to id (invariant 2); *listed when it is
 * of the format that promises a sealed list (invariant 9). */
static im_rc wrap_open(const im_vault *s, const unsigned char *row, size_t len,
                       const unsigned char *id, const unsigned char *pk,
                       const unsigned char *sk, unsigned char *key, int *listed)
{
    unsigned char *plain = sodium_malloc(WRAP_PLAIN);
    if (!plain)
        return IM_ERR_NOMEM;
    im_rc rc = IM_ERR_WRONG_SECRET;
    if (crypto_box_seal_open(plain, row + PK_BYTES, len - PK_BYTES, pk, sk) ==
            0 &&
        sodium_memcmp(plain + KEY_BYTES, s->id, IM_VAULT_ID_BYTES) == 0 &&
        sodium_memcmp(plain + KEY_BYTES + IM_VAULT_ID_BYTES, id, ID_BYTES) ==
            0 &&
        (len == WRAP_BYTES_OLD || plain[WRAP_PLAIN - 1] == WRAP_LISTED)) {
        memcpy(key, plain, KEY_BYTES);
        *listed = len == WRAP_BYTES;
        rc = IM_OK;
    }
    sodium_free(plain);
    return rc;
}

/* m's wrap in the space into key.  Its own row first; else any row sealed
 * to its pair (*moved: rows were swapped).  IM_ERR_NOT_FOUND if no row is
 * sealed to its pair -- *missing when no row has its name either --
 * IM_ERR_DAMAGED if one is but does not open as m's (invariant 2). */
static im_rc member_wrap(im_vault *s, const member *m, unsigned char *key,
                         int *listed, int *moved, int *missing)
{
    unsigned char row[WRAP_BYTES];
    size_t len = 0;
    const unsigned char *pk, *sk;
    *listed = *moved = *missing = 0;
    im_rc rc = row_read(s, m->id, row, &len);
    if (rc == IM_ERR_NOT_FOUND || rc == IM_ERR_DAMAGED)
        *missing = 1;
    else if (rc)
        return rc;
    else if (member_pair(m, row, &pk, &sk)) {
        rc = wrap_open(s, row, len, m->id, pk, sk, key, listed);
        return rc == IM_ERR_WRONG_SECRET ? IM_ERR_DAMAGED : rc;
    }
    sqlite3_stmt *st;
    rc = im_store_prepare(
        s->db, "SELECT value FROM meta WHERE key LIKE 'member.%'", &st);
    if (rc)
        return rc;
    int r, tampered = 0;
    rc = IM_ERR_NOT_FOUND;
    while (rc == IM_ERR_NOT_FOUND && (r = sqlite3_step(st)) == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        const unsigned char *b = sqlite3_column_blob(st, 0);
        if (!b || (n != WRAP_BYTES && n != WRAP_BYTES_OLD) ||
            !member_pair(m, b, &pk, &sk))
            continue;
        im_rc o = wrap_open(s, b, n, m->id, pk, sk, key, listed);
        if (o == IM_OK)
            *moved = 1;
        if (o != IM_ERR_WRONG_SECRET)
            rc = o;
        else
            tampered = 1;
    }
    sqlite3_finalize(st);
    return rc == IM_ERR_NOT_FOUND && tampered ? IM_ERR_DAMAGED : rc;
}

/* Every member row as the clear rows show it (at most
 * IM_COUPLE_MEMBERS_MAX): what a space without the key, or one from
 * before the sealed list, has to go by. */
static im_rc rows_list(im_vault *s, roster *out)
{
    out->n = 0;
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(
        s->db, "SELECT key, value FROM meta WHERE key LIKE 'member.%'", &st);
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const void *val = sqlite3_column_blob(st, 1);
        size_t len = (size_t)sqlite3_column_bytes(st, 1);
        size_t hex = strlen(k) - (sizeof ROW_PREFIX - 1);
        member_row *e = &out->e[out->n];
        if (out->n == IM_COUPLE_MEMBERS_MAX || !val ||
            (len != WRAP_BYTES && len != WRAP_BYTES_OLD) ||
            hex != 2 * ID_BYTES ||
            sodium_hex2bin(e->id, ID_BYTES, k + sizeof ROW_PREFIX - 1, hex,
                           NULL, NULL, NULL) != 0) {
            sqlite3_finalize(st);
            return IM_ERR_DAMAGED;
        }
        memcpy(e->row, val, len);
        e->len = len;
        memcpy(e->pk, val, PK_BYTES);
        out->n++;
    }
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? IM_OK : im_store_rc(s->db, r);
}

/* The sealed list of members (invariant 9), under couple_key. */
static im_rc list_write(im_vault *s, const unsigned char *couple_key,
                        const roster *r)
{
    unsigned char plain[LIST_PLAIN_MAX];
    unsigned char *p = plain;
    *p++ = (unsigned char)r->n;
    for (size_t i = 0; i < r->n; i++) {
        if (r->e[i].len != WRAP_BYTES)
            return IM_ERR_INVALID; /* a listed row is a new one */
        memcpy(p, r->e[i].id, ID_BYTES), p += ID_BYTES;
        memcpy(p, r->e[i].row, WRAP_BYTES), p += WRAP_BYTES;
    }
    return sealed_write(s, LIST_NAME, couple_key, LIST_SUBKEY, plain,
                        (size_t)(p - plain));
}

/* The list under the space's current key: IM_ERR_NOT_FOUND if there is
 * none, IM_ERR_DAMAGED if it does not open or does not parse. */
static im_rc list_read(im_vault *s, roster *r)
{
    unsigned char plain[LIST_PLAIN_MAX];
    size_t len = 0;
    r->n = 0;
    if (!s->keys)
        return IM_ERR_LOCKED;
    im_rc rc = sealed_read(s, LIST_NAME, LIST_SUBKEY, plain, sizeof plain,
                           &len);
    if (rc)
        return rc;
    size_t n = len ? plain[0] : 0;
    if (len == 0 || n > IM_COUPLE_MEMBERS_MAX || len != 1 + n * LIST_ENTRY)
        return IM_ERR_DAMAGED;
    const unsigned char *p = plain + 1;
    for (size_t i = 0; i < n; i++) {
        memcpy(r->e[i].id, p, ID_BYTES), p += ID_BYTES;
        memcpy(r->e[i].row, p, WRAP_BYTES), p += WRAP_BYTES;
        memcpy(r->e[i].pk, r->e[i].row, PK_BYTES);
        r->e[i].len = WRAP_BYTES;
    }
    r->n = n;
    return IM_OK;
}

/* Put the clear rows back as the list has them (invariant 9): *changed
 * when any differed (gone, changed, swapped, or one that is no member's). */
static im_rc rows_repair(im_vault *s, const roster *r, int *changed)
{
    *changed = 0;
    sqlite3_stmt *st;
    int64_t total = 0;
    im_rc rc = im_store_prepare(
        s->db, "SELECT count(*) FROM meta WHERE key LIKE 'member.%'", &st);
    if (!rc)
        rc = im_store_get_int(s->db, st, &total);
    if (rc)
        return rc;
    int same = total == (int64_t)r->n;
    for (size_t i = 0; same && i < r->n; i++) {
        unsigned char row[WRAP_BYTES];
        size_t len = 0;
        rc = row_read(s, r->e[i].id, row, &len);
        if (rc && rc != IM_ERR_NOT_FOUND && rc != IM_ERR_DAMAGED)
            return rc;
        same = !rc && len == r->e[i].len && memcmp(row, r->e[i].row, len) == 0;
    }
    if (same)
        return IM_OK;
    *changed = 1;
    rc = im_store_write_begin(s);
    if (!rc)
        rc = im_store_write_end(s, rows_put_all(s, r));
    return rc;
}

/* The 'leaving' mark (invariant 6): the member id of a leave whose erase
 * committed and whose rotation has not yet, sealed under the current
 * couple key.  IM_ERR_NOT_FOUND: none; IM_ERR_DAMAGED: a row no member
 * sealed under this key (planted, a copy of an older one, an older
 * build's clear one). */
static im_rc mark_read(im_vault *s, unsigned char id[ID_BYTES])
{
    unsigned char plain[ID_BYTES + 1];
    size_t len = 0;
    im_rc rc = sealed_read(s, MARK_NAME, MARK_SUBKEY, plain, sizeof plain,
                           &len);
    if (!rc && len != ID_BYTES)
        rc = IM_ERR_DAMAGED;
    if (!rc)
        memcpy(id, plain, ID_BYTES);
    return rc;
}

/* ---- create, open, join ---- */

/* member's record for space s: found, or a new pair (and record, state
 * joining) made. */
static im_rc member_get_or_make(im_vault *v, im_vault *s, member *m, int *made)
{
    im_rc rc = member_find(v, s->id, m);
    *made = 0;
    if (rc != IM_ERR_NOT_FOUND)
        return rc;
    memset(m, 0, sizeof *m);
    memcpy(m->space, s->id, IM_VAULT_ID_BYTES);
    randombytes_buf(m->id, sizeof m->id);
    crypto_box_keypair(m->pk, m->sk);
    m->state = STATE_JOINING;
    *made = 1;
    return member_put(v, m);
}

typedef struct rotate_ctx {
    const unsigned char *key;    /* the new couple key */
    const roster *from;          /* the members before (NULL: the list) */
    const unsigned char *leaver; /* member id whose row goes, or NULL */
    const unsigned char *renew;  /* member id wrapped to renew_pk, or NULL */
    const unsigned char *renew_pk;
    const unsigned char *join; /* member id added, wrapped to join_pk */
    const unsigned char *join_pk;
} rotate_ctx;

static im_rc rotate(im_vault *s, rotate_ctx *r);

im_rc im_couple_space_join(im_vault *space, im_vault *v)
{
    if (!space || !v)
        return IM_ERR_INVALID;
    if (!space->keys || !v->keys)
        return IM_ERR_LOCKED;
    roster list;
    im_rc rc = list_read(space, &list);
    if (rc == IM_ERR_NOT_FOUND) { /* a space just made has no row yet */
        roster rows;
        rc = rows_list(space, &rows);
        if (!rc && rows.n)
            rc = IM_ERR_DAMAGED;
        list.n = 0;
    }
    if (rc)
        return rc;
    member *m = member_new();
    if (!m)
        return IM_ERR_NOMEM;
    int made = 0;
    rc = member_get_or_make(v, space, m, &made);
    /* a record without a place is a join a kill cut short: finish it */
    if (!rc && roster_find(&list, m->id))
        rc = IM_ERR_EXISTS;
    if (!rc && list.n >= IM_COUPLE_MEMBERS_MAX)
        rc = IM_ERR_TOO_LARGE;
    if (!rc && m->state != STATE_JOINING) {
        m->state = STATE_JOINING;
        rc = member_put(v, m);
    }
    rotate_ctx r = {NULL, &list, NULL, NULL, NULL, m->id, m->pk};
    if (!rc) /* a new key with the new list: no older list is current */
        rc = rotate(space, &r);
    if (!rc) {
        m->state = STATE_IN;
        /* in already; a failure here is mended at its next open */
        im_rc_ignore(member_put(v, m));
    }
    sodium_free(m);
    return rc;
}

im_rc im_couple_space_join_person(im_vault *space, const char *data_dir,
                                  const char *passphrase,
                                  const im_kdf_params *cost_if_none)
{
    if (!space || !data_dir || !passphrase)
        return IM_ERR_INVALID;
    if (!space->keys)
        return IM_ERR_LOCKED;
    im_vault *p = NULL;
    im_rc rc = im_people_unlock(data_dir, passphrase, cost_if_none, &p);
    if (rc)
        return rc;
    rc = im_couple_space_join(space, p);
    im_vault_close(p);
    return rc;
}

/* Erase the space's files and its folder (im_vault_erase leaves the
 * folder): what both a create that failed and the last member's quit
 * leave behind is nothing.  space is freed. */
static im_rc space_erase(im_vault *space)
{
    size_t dn = strlen(space->dir) + 1;
    char *dir = malloc(dn);
    if (dir)
        memcpy(dir, space->dir, dn);
    im_rc rc = im_vault_erase(space);
    if (!dir)
        return rc ? rc : IM_ERR_NOMEM;
    if (!rc && rmdir(dir) != 0 && errno != ENOENT)
        rc = IM_ERR_IO;
    free(dir);
    return rc;
}

im_rc im_couple_space_create(const char *data_dir, im_vault *v, im_vault **out)
{
    if (!data_dir || !v || !out)
        return IM_ERR_INVALID;
    *out = NULL;
    if (!v->keys)
        return IM_ERR_LOCKED;
    char *d = space_dir(data_dir);
    if (!d)
        return IM_ERR_NOMEM;
    im_rc rc = mkdir(d, 0700) != 0 && errno != EEXIST ? IM_ERR_IO : IM_OK;
    unsigned char *key = sodium_malloc(KEY_BYTES);
    if (!key)
        rc = rc ? rc : IM_ERR_NOMEM;
    im_vault *s = NULL;
    if (!rc) {
        randombytes_buf(key, KEY_BYTES);
        rc = im_vault_create_keyed(d, key, &s);
    }
    if (!rc)
        rc = im_couple_space_join(s, v);
    if (rc && s) {
        im_rc_ignore(space_erase(s)); /* no space without a member */
        s = NULL;
    }
    if (key)
        sodium_free(key);
    free(d);
    *out = s;
    return rc;
}

static im_rc finish_leave(im_vault *s, im_vault *v, const im_library *lib,
                          member *m, int *me, unsigned *found);
static im_rc leaver_tidy(im_vault *v, const im_library *lib, int64_t record_id);

/* What an open found and a caller was not told of (found NULL): said. */
static void say_found(unsigned found, im_rc rc)
{
    if (found & IM_COUPLE_FOUND_MARK)
        fprintf(stderr, "innermost: the couple's space held a 'leaving' mark "
                        "that no member sealed (its files were changed "
                        "without its key); it was ignored, nobody left.\n");
    if (found & IM_COUPLE_FOUND_ROWS)
        fprintf(stderr,
                "innermost: the couple's member rows were changed without "
                "its key; %s\n",
                rc == IM_OK ? "they were put back from the sealed list of "
                              "members, nobody left."
                            : "this member stays one, and the other "
                              "member's next unlock puts the row back.");
}

/* im_couple_space_open_found (found never NULL here). */
static im_rc space_open(const char *data_dir, im_vault *v,
                        const im_library *lib, im_vault **out, unsigned *found)
{
    *found = 0;
    if (!data_dir || !v || !out)
        return IM_ERR_INVALID;
    *out = NULL;
    if (!v->keys)
        return IM_ERR_LOCKED;
    char *d = space_dir(data_dir);
    if (!d)
        return IM_ERR_NOMEM;
    im_vault *s = NULL;
    im_rc rc = im_vault_open(d, &s);
    free(d);
    if (rc)
        return rc;
    member *m = member_new();
    unsigned char *key = sodium_malloc(KEY_BYTES);
    rc = m && key ? member_find(v, s->id, m) : IM_ERR_NOMEM;
    int listed = 0, moved = 0, missing = 0, has = !rc;
    if (!rc)
        rc = member_wrap(s, m, key, &listed, &moved, &missing);
    if (rc == IM_ERR_NOT_FOUND && has && m->state != STATE_IN) {
        /* no wrap, and it was on its way in or out: a join or a leave a
         * kill cut short (invariant 8; retried at the next enter) */
        if (lib)
            im_rc_ignore(leaver_tidy(v, lib, m->record_id));
    } else if (rc == IM_ERR_NOT_FOUND && has && missing) {
        /* a member whose row someone took: kept (invariant 9) */
        rc = IM_ERR_DAMAGED;
        *found |= IM_COUPLE_FOUND_ROWS;
    } else if (rc == IM_ERR_DAMAGED) {
        *found |= IM_COUPLE_FOUND_ROWS;
    }
    /* else IM_ERR_NOT_FOUND: its row holds another pair's wrap -- it
     * left, or v is an older copy of a vault that rekeyed since */
    if (moved)
        *found |= IM_COUPLE_FOUND_ROWS;
    if (!rc) {
        rc = im_vault_unlock_master(s, key);
        if (rc == IM_ERR_REPLACED) /* an old wrap pasted back */
            *found |= IM_COUPLE_FOUND_ROWS;
    }
    roster list;
    list.n = 0;
    if (!rc && !listed) {
        /* a space from before the sealed list: its rows, as they are,
         * make the first list, with a new key (invariant 9); a mark of
         * that time cannot be told from a planted one and goes */
        unsigned char who[ID_BYTES];
        rc = rows_list(s, &list);
        if (!rc && mark_read(s, who) != IM_ERR_NOT_FOUND)
            *found |= IM_COUPLE_FOUND_MARK;
        rotate_ctx r = {NULL, &list, NULL, NULL, NULL, NULL, NULL};
        if (!rc)
            rc = rotate(s, &r);
    }
    if (!rc) {
        rc = list_read(s, &list);
        if (rc == IM_ERR_NOT_FOUND || (!rc && !roster_find(&list, m->id)))
            rc = IM_ERR_DAMAGED; /* its wrap promised one, naming it */
        if (rc == IM_ERR_DAMAGED)
            *found |= IM_COUPLE_FOUND_ROWS;
    }
    if (!rc) {
        int changed = 0;
        im_rc w = rows_repair(s, &list, &changed);
        if (changed)
            *found |= IM_COUPLE_FOUND_ROWS;
        if (w)
            fprintf(stderr,
                    "innermost: the couple's member rows are put back at "
                    "the next open (%s).\n",
                    im_rc_message(w));
    }
    if (!rc) { /* a leave a kill cut short: finished first (invariant 6) */
        int me = 0;
        im_rc f = finish_leave(s, v, lib, m, &me, found);
        if (me) {
            rc = IM_ERR_NOT_FOUND; /* the leaver is let in no more */
        } else if (f == IM_OK && m->state != STATE_IN) {
            /* a join whose rotation committed is in; a leave that stopped
             * before its mark is not a leave, and the key turns so no copy
             * of a mark it may have sealed ever names it again */
            rotate_ctx r = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
            if (m->state == STATE_LEAVING)
                f = rotate(s, &r);
            if (f == IM_OK) {
                m->state = STATE_IN;
                f = member_put(v, m);
            }
        }
        if (!me && f != IM_OK)
            fprintf(stderr,
                    "innermost: a leave of the couple's space is "
                    "finished at the next open (%s).\n",
                    im_rc_message(f));
    }
    if (!rc && m->has_next) {
        /* a rekey a kill cut short after its rotation: finish it (4) */
        unsigned char row[WRAP_BYTES];
        size_t len = 0;
        if (row_read(s, m->id, row, &len) == IM_OK &&
            sodium_memcmp(row, m->pk_next, PK_BYTES) == 0) {
            memcpy(m->pk, m->pk_next, PK_BYTES);
            memcpy(m->sk, m->sk_next, SK_BYTES);
            m->has_next = 0;
            im_rc_ignore(member_put(v, m)); /* retried at the next open */
        }
    }
    if (m)
        sodium_free(m);
    if (key)
        sodium_free(key);
    if (rc) {
        im_vault_close(s);
        return rc;
    }
    *out = s;
    return IM_OK;
}

im_rc im_couple_space_open_found(const char *data_dir, im_vault *v,
                                 const im_library *lib, im_vault **out,
                                 unsigned *found)
{
    unsigned f = 0;
    im_rc rc = space_open(data_dir, v, lib, out, &f);
    if (found)
        *found = f;
    else
        say_found(f, rc);
    return rc;
}

im_rc im_couple_space_open(const char *data_dir, im_vault *v, im_vault **out)
{
    return im_couple_space_open_found(data_dir, v, NULL, out, NULL);
}

im_rc im_couple_space_has_member(im_vault *space, im_vault *v, int *yes)
{
    if (!space || !v || !yes)
        return IM_ERR_INVALID;
    *yes = 0;
    if (!v->keys)
        return IM_ERR_LOCKED;
    member *m = member_new();
    if (!m)
        return IM_ERR_NOMEM;
    im_rc rc = member_find(v, space->id, m);
    *yes = rc == IM_OK;
    sodium_free(m);
    return rc == IM_ERR_NOT_FOUND ? IM_OK : rc;
}

im_rc im_couple_space_members(im_vault *space, size_t *n)
{
    if (!space || !n)
        return IM_ERR_INVALID;
    roster r;
    im_rc rc = space->keys ? list_read(space, &r) : rows_list(space, &r);
    *n = rc ? 0 : r.n;
    return rc;
}

/* ---- rotation ---- */

/* Inside the rotation's transaction: every member's row re-wrapped, as
 * the list had them, and the new list sealed (invariants 3 and 9); no
 * other member row and no mark outlives the old key. */
static im_rc rotate_rows(im_vault *s, void *ctx)
{
    rotate_ctx *r = ctx;
    roster to;
    to.n = 0;
    im_rc rc = IM_OK;
    for (size_t i = 0; !rc && i < r->from->n; i++) {
        const member_row *e = &r->from->e[i];
        if (r->leaver && sodium_memcmp(e->id, r->leaver, ID_BYTES) == 0)
            continue;
        member_row *t = &to.e[to.n++];
        memcpy(t->id, e->id, ID_BYTES);
        memcpy(t->pk,
               r->renew && sodium_memcmp(e->id, r->renew, ID_BYTES) == 0
                   ? r->renew_pk
                   : e->pk,
               PK_BYTES);
        t->len = WRAP_BYTES;
        rc = row_make(s, t->id, t->pk, r->key, t->row);
    }
    if (!rc && r->join) {
        if (to.n == IM_COUPLE_MEMBERS_MAX)
            return IM_ERR_TOO_LARGE;
        member_row *t = &to.e[to.n++];
        memcpy(t->id, r->join, ID_BYTES);
        memcpy(t->pk, r->join_pk, PK_BYTES);
        t->len = WRAP_BYTES;
        rc = row_make(s, t->id, t->pk, r->key, t->row);
    }
    if (!rc)
        rc = rows_put_all(s, &to);
    if (!rc)
        rc = list_write(s, r->key, &to);
    if (!rc)
        rc = meta_delete(s, MARK_NAME);
    return rc;
}

/* A new couple key for s (invariant 3), the members as r->from has them
 * (NULL: as the sealed list does). */
static im_rc rotate(im_vault *s, rotate_ctx *r)
{
    roster list;
    im_rc rc = IM_OK;
    if (!r->from) {
        rc = list_read(s, &list);
        r->from = &list;
    }
    unsigned char *key = rc ? NULL : sodium_malloc(KEY_BYTES);
    if (!rc && !key)
        rc = IM_ERR_NOMEM;
    if (!rc) {
        randombytes_buf(key, KEY_BYTES);
        r->key = key;
        rc = im_vault_rekey_master(s, key, rotate_rows, r);
        r->key = NULL;
    }
    if (r->from == &list)
        r->from = NULL;
    if (key)
        sodium_free(key);
    return rc;
}

/* m's record for space and whether it is alone there, as the sealed list
 * says (not the clear rows: invariant 9). */
static im_rc member_and_count(im_vault *space, im_vault *v, member *m,
                              int *alone)
{
    roster list;
    list.n = 0;
    *alone = 0;
    im_rc rc = member_find(v, space->id, m);
    if (!rc)
        rc = list_read(space, &list);
    if (!rc && !roster_find(&list, m->id))
        rc = IM_ERR_NOT_FOUND;
    if (!rc)
        *alone = list.n < 2;
    return rc;
}

/* member_and_count for a caller that wants only *alone. */
static im_rc member_alone(im_vault *space, im_vault *v, int *alone)
{
    member *m = member_new();
    if (!m)
        return IM_ERR_NOMEM;
    im_rc rc = member_and_count(space, v, m, alone);
    sodium_free(m);
    return rc;
}

im_rc im_couple_space_leave(im_vault *space, im_vault *v)
{
    if (!space || !v)
        return IM_ERR_INVALID;
    if (!space->keys || !v->keys)
        return IM_ERR_LOCKED;
    member *m = member_new();
    if (!m)
        return IM_ERR_NOMEM;
    int alone = 0;
    im_rc rc = member_and_count(space, v, m, &alone);
    if (!rc && alone)
        rc = IM_ERR_STATE;
    if (!rc) { /* its own vault knows first that it goes (invariant 9) */
        m->state = STATE_LEAVING;
        rc = member_put(v, m);
    }
    rotate_ctx r = {NULL, NULL, m->id, NULL, NULL, NULL, NULL};
    if (!rc)
        rc = rotate(space, &r);
    /* the wrap is gone and the key new: the pair opens nothing now; drop
     * it too (a kill here leaves a record that opens nothing) */
    if (!rc)
        rc = im_record_delete(v, IM_KIND_COUPLE_MEMBER, m->record_id);
    sodium_free(m);
    return rc;
}

/* The rotation a 'leaving' mark asks for, if there is one sealed under
 * the current key and naming a member (invariant 6): *me when it names m,
 * whose pair then goes too.  Any other mark changes nothing, goes, and is
 * told in *found (may be NULL). */
static im_rc finish_leave(im_vault *s, im_vault *v, const im_library *lib,
                          member *m, int *me, unsigned *found)
{
    unsigned char who[ID_BYTES];
    *me = 0;
    im_rc rc = mark_read(s, who);
    if (rc == IM_ERR_NOT_FOUND)
        return IM_OK;
    int bad = rc == IM_ERR_DAMAGED;
    if (rc && !bad)
        return rc;
    roster list;
    list.n = 0;
    if (!bad) {
        rc = list_read(s, &list);
        if (rc)
            return rc;
        bad = !roster_find(&list, who);
    }
    if (bad) {
        if (found)
            *found |= IM_COUPLE_FOUND_MARK;
        rc = im_store_write_begin(s);
        if (!rc)
            rc = im_store_write_end(s, meta_delete(s, MARK_NAME));
        return rc;
    }
    *me = sodium_memcmp(who, m->id, sizeof who) == 0;
    /* a mark is written only beside another member: never the last one */
    if (list.n < 2)
        return IM_OK; /* never written so; kept as it is, the leaver refused */
    rotate_ctx r = {NULL, &list, who, NULL, NULL, NULL, NULL};
    rc = rotate(s, &r);
    if (!rc && *me)
        rc = leaver_tidy(v, lib, m->record_id);
    return rc;
}

/* Whether couple record id of v is a session still under an older
 * per-session lock bound to v (couple_movable's "no"): one that could not
 * move into the space. */
static int lock_bound_here(im_vault *v, const im_library *lib, int64_t id)
{
    im_buf b = {0};
    if (im_record_get(v, IM_KIND_COUPLE, id, &b) != IM_OK)
        return 0; /* a damaged record is left as it is */
    im_couple *c = NULL;
    im_rc rc = im_couple_load(lib, b.data, b.len, NULL, NULL, &c);
    im_buf_free(&b);
    if (rc != IM_OK)
        return 0;
    int bound = 0;
    for (int p = 0; p < 2; p++)
        bound |= c->lock[p].kind && !c->lock[p].person;
    im_couple_free(c);
    return bound;
}

/* The last step of a member's leave (invariants 6 and 8), in ONE
 * transaction of v: its member record goes, and (with lib) every session
 * of v under an older per-session lock, so nothing of the couple stays in
 * the leaver's Together.  Without lib only the record goes. */
static im_rc leaver_tidy(im_vault *v, const im_library *lib, int64_t record_id)
{
    int64_t *ids = NULL;
    size_t n = 0;
    im_rc rc = im_vault_begin(v);
    if (rc)
        return rc;
    rc = im_record_delete(v, IM_KIND_COUPLE_MEMBER, record_id);
    if (rc == IM_ERR_NOT_FOUND)
        rc = IM_OK;
    if (!rc && lib)
        rc = im_record_list(v, IM_KIND_COUPLE, &ids, &n);
    for (size_t i = 0; !rc && i < n; i++)
        if (lock_bound_here(v, lib, ids[i]))
            rc = im_record_delete(v, IM_KIND_COUPLE, ids[i]);
    free(ids);
    if (rc) {
        im_vault_rollback(v);
        return rc;
    }
    return im_vault_commit(v);
}

unsigned im_couple_space_place_of(const im_vault *v)
{
    return v && im_people_is_person(v) ? IM_COUPLE_PLACE_PERSON
                                       : IM_COUPLE_PLACE_OWNER;
}

im_rc im_couple_space_leave_ends(im_vault *space, im_vault *v, int *ends)
{
    if (!space || !v || !ends)
        return IM_ERR_INVALID;
    *ends = 0;
    if (!space->keys || !v->keys)
        return IM_ERR_LOCKED;
    int alone = 0;
    im_rc rc = member_alone(space, v, &alone);
    if (!rc)
        *ends = alone;
    return rc;
}

/* Step (b) of a member's leave (invariant 6): the erase of its place and
 * the mark naming it, sealed under the current couple key, in one space
 * transaction. */
static im_rc leave_erase(im_vault *s, const im_library *lib,
                         const unsigned char *id, unsigned place)
{
    im_rc rc = im_vault_begin(s);
    if (rc)
        return rc;
    rc = im_partner_erase_leaving(s, lib, place);
    if (!rc) {
        rc = im_store_write_begin(s);
        if (!rc)
            rc = im_store_write_end(s,
                                    sealed_write(s, MARK_NAME, s->keys->master,
                                                 MARK_SUBKEY, id, ID_BYTES));
    }
    if (rc) {
        im_vault_rollback(s);
        return rc;
    }
    return im_vault_commit(s);
}

im_rc im_couple_space_leave_with(im_vault **sp, im_vault *v,
                                 const im_library *lib, const char *passphrase,
                                 int *ended)
{
    if (ended)
        *ended = 0;
    if (!sp || !*sp || !v || !lib || !passphrase)
        return IM_ERR_INVALID;
    im_vault *space = *sp;
    if (!space->keys || !v->keys)
        return IM_ERR_LOCKED;
    member *m = member_new();
    if (!m)
        return IM_ERR_NOMEM;
    int alone = 0;
    im_rc rc = member_and_count(space, v, m, &alone);
    if (!rc) /* nothing changes unless it is member's own passphrase */
        rc = im_vault_unlock(v, passphrase);
    if (!rc && alone) {
        /* the last member: no other key opens it again (as quit) */
        *sp = NULL;
        rc = space_erase(space);
        if (!rc)
            rc = leaver_tidy(v, lib, m->record_id);
        if (!rc && ended)
            *ended = 1;
    } else if (!rc) {
        m->state = STATE_LEAVING; /* step (a): its own vault knows first */
        rc = member_put(v, m);
        if (!rc)
            rc = leave_erase(space, lib, m->id, im_couple_space_place_of(v));
        int me = 0;
        if (!rc) /* steps (c) and (d): the rotation, then the pair */
            rc = finish_leave(space, v, lib, m, &me, NULL);
        if (!rc) {
            *sp = NULL;
            im_vault_close(space);
        }
    }
    sodium_free(m);
    return rc;
}

im_rc im_couple_space_leave_proof(im_vault *space, im_vault *v, unsigned person,
                                  im_couple_leave_proof *proof)
{
    if (!space || !v || !proof || person >= IM_PARTNER_PERSONS)
        return IM_ERR_INVALID;
    *proof = IM_COUPLE_LEAVE_SECRET;
    if (space == v)
        return IM_OK; /* Together on v itself: no space, as before */
    if (!v->keys)
        return IM_ERR_LOCKED;
    int alone = 0;
    im_rc rc = member_alone(space, v, &alone);
    if (rc == IM_ERR_NOT_FOUND)
        return IM_OK; /* v is no member of it: nobody's place is a profile */
    if (rc)
        return rc;
    /* invariant 7: with another member, each place is a profile's */
    if (!alone)
        *proof = person == im_couple_space_place_of(v)
                     ? IM_COUPLE_LEAVE_OWN_PASSPHRASE
                     : IM_COUPLE_LEAVE_OWN_SPACE;
    return IM_OK;
}

/* engine.h: Together's forget and leave on a couple space.  Defined here,
 * not in engine_partner.c: whose place may be spoken for is membership
 * (invariant 7); engine_partner.c does the erase once it is proven.  The
 * proof for person, with their argument checks: IM_OK, or what to return
 * with nothing changed -- the other member's place is nobody else's to
 * speak for (IM_ERR_WRONG_SECRET), one's own with another member in goes
 * the kill-safe way (IM_ERR_STATE: im_couple_space_partner_leave) when
 * own_refused. */
static im_rc spoken_for(im_vault *space, im_vault *owner, const im_library *lib,
                        unsigned person, const char *secret, int own_refused)
{
    if (!space || !owner || !lib || !secret || person >= IM_PARTNER_PERSONS)
        return IM_ERR_INVALID;
    if (!im_vault_is_unlocked(space) || !im_vault_is_unlocked(owner))
        return IM_ERR_LOCKED;
    im_couple_leave_proof proof = IM_COUPLE_LEAVE_SECRET;
    im_rc rc = im_couple_space_leave_proof(space, owner, person, &proof);
    if (rc == IM_OK && proof == IM_COUPLE_LEAVE_OWN_SPACE)
        rc = IM_ERR_WRONG_SECRET;
    if (rc == IM_OK && own_refused && proof == IM_COUPLE_LEAVE_OWN_PASSPHRASE)
        rc = IM_ERR_STATE;
    return rc;
}

im_rc im_partner_forget_in(im_vault *space, im_vault *owner,
                           const im_library *lib, unsigned person,
                           const char *owner_passphrase)
{
    im_rc rc = spoken_for(space, owner, lib, person, owner_passphrase, 0);
    return rc ? rc
              : im_partner_forget_with(space, owner, lib, person,
                                       owner_passphrase);
}

im_rc im_partner_leave_in(im_vault *space, im_vault *owner,
                          const im_library *lib, unsigned person,
                          const char *secret)
{
    im_rc rc = spoken_for(space, owner, lib, person, secret, 1);
    return rc ? rc : im_partner_leave_with(space, owner, lib, person, secret);
}

im_rc im_couple_space_partner_leave(im_vault **sp, im_vault *v,
                                    const im_library *lib, unsigned person,
                                    const char *secret, int *left)
{
    if (left)
        *left = 0;
    if (!sp || !v || !lib || !secret || person >= IM_PARTNER_PERSONS)
        return IM_ERR_INVALID;
    if (!*sp) /* no space: Together runs on v, as before */
        return im_partner_leave_in(v, v, lib, person, secret);
    im_couple_leave_proof proof = IM_COUPLE_LEAVE_SECRET;
    im_rc rc = im_couple_space_leave_proof(*sp, v, person, &proof);
    if (rc)
        return rc;
    switch (proof) {
    case IM_COUPLE_LEAVE_SECRET:
        return im_partner_leave_in(*sp, v, lib, person, secret);
    case IM_COUPLE_LEAVE_OWN_PASSPHRASE: {
        int ended = 0;
        rc = im_couple_space_leave_with(sp, v, lib, secret, &ended);
        if (!rc && left)
            *left = 1;
        return rc;
    }
    case IM_COUPLE_LEAVE_OWN_SPACE:
    default: return IM_ERR_WRONG_SECRET; /* nothing typed here proves them */
    }
}

im_rc im_couple_space_quit(im_vault *space, im_vault *v)
{
    if (!space)
        return IM_ERR_INVALID;
    im_rc rc = IM_OK;
    size_t n = 0;
    member *m = member_new();
    if (!v)
        rc = IM_ERR_INVALID;
    else if (!space->keys || !v->keys)
        rc = IM_ERR_LOCKED;
    else if (!m)
        rc = IM_ERR_NOMEM;
    /* only a member may end the space: never someone else's */
    if (!rc)
        rc = member_find(v, space->id, m);
    if (!rc)
        rc = im_couple_space_members(space, &n);
    if (m)
        sodium_free(m);
    if (!rc && n >= 2)
        rc = im_couple_space_leave(space, v);
    if (rc || n >= 2) {
        im_vault_close(space);
        return rc;
    }
    return space_erase(space); /* the last member: no other key opens it */
}

im_rc im_couple_space_rekey(im_vault *space, im_vault *v)
{
    if (!space || !v)
        return IM_ERR_INVALID;
    if (!space->keys || !v->keys)
        return IM_ERR_LOCKED;
    member *m = member_new();
    if (!m)
        return IM_ERR_NOMEM;
    im_rc rc = member_find(v, space->id, m);
    if (!rc) { /* step 1: the new pair beside the old (invariant 4) */
        crypto_box_keypair(m->pk_next, m->sk_next);
        m->has_next = 1;
        rc = member_put(v, m);
    }
    rotate_ctx r = {NULL, NULL, NULL, m->id, m->pk_next, NULL, NULL};
    if (!rc) /* step 2: new couple key, this row to the new pair */
        rc = rotate(space, &r);
    if (!rc) { /* step 3: the old pair goes */
        memcpy(m->pk, m->pk_next, PK_BYTES);
        memcpy(m->sk, m->sk_next, SK_BYTES);
        sodium_memzero(m->pk_next, PK_BYTES + SK_BYTES);
        sodium_memzero(m->sk_next, SK_BYTES);
        m->has_next = 0;
        rc = member_put(v, m);
    }
    sodium_free(m);
    return rc;
}

im_rc im_couple_space_enter(const char *data_dir, im_vault *v,
                            const im_library *lib, im_vault **out,
                            im_rc *move_rc)
{
    if (move_rc)
        *move_rc = IM_OK;
    im_rc rc = im_couple_space_open_found(data_dir, v, lib, out, NULL);
    if (rc)
        return rc;
    im_rc m = im_couple_space_migrate(v, *out, lib, NULL);
    if (move_rc)
        *move_rc = m;
    return IM_OK;
}

im_rc im_couple_space_after_rekey(const char *data_dir, im_vault *v)
{
    if (!data_dir || !v)
        return IM_ERR_INVALID;
    if (!im_couple_space_exists(data_dir))
        return IM_OK;
    im_vault *s = NULL;
    im_rc rc = im_couple_space_open(data_dir, v, &s);
    if (rc == IM_ERR_NOT_FOUND)
        return IM_OK; /* not a member */
    if (!rc)
        rc = im_couple_space_rekey(s, v);
    im_vault_close(s);
    return rc;
}

/* ---- migration ---- */

typedef struct move_list {
    int64_t *ids;
    uint32_t *kinds;
    size_t n, cap;
} move_list;

static im_rc move_add(move_list *l, uint32_t kind, int64_t id)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        int64_t *ids = realloc(l->ids, cap * sizeof *ids);
        if (!ids)
            return IM_ERR_NOMEM;
        l->ids = ids;
        uint32_t *kinds = realloc(l->kinds, cap * sizeof *kinds);
        if (!kinds)
            return IM_ERR_NOMEM;
        l->kinds = kinds;
        l->cap = cap;
    }
    l->ids[l->n] = id;
    l->kinds[l->n++] = kind;
    return IM_OK;
}

/* Whether couple record id of from can move: no sheet under a lock bound
 * to from's own id (an older build's per-session lock). */
static int couple_movable(im_vault *from, const im_library *lib, int64_t id)
{
    im_buf b = {0};
    if (im_record_get(from, IM_KIND_COUPLE, id, &b) != IM_OK)
        return 0;
    im_couple *c = NULL;
    im_rc rc = lib ? im_couple_load(lib, b.data, b.len, NULL, NULL, &c)
                   : IM_ERR_INVALID;
    im_buf_free(&b);
    if (rc != IM_OK)
        return 1; /* not a session this build reads: no lock to break */
    int ok = 1;
    for (int p = 0; p < 2; p++)
        if (c->lock[p].kind && !c->lock[p].person)
            ok = 0;
    im_couple_free(c);
    return ok;
}

static im_rc collect_moves(im_vault *from, const im_library *lib, move_list *l)
{
    int64_t *ids = NULL;
    size_t n = 0;
    im_rc rc = im_record_list(from, IM_KIND_COUPLE, &ids, &n);
    for (size_t i = 0; !rc && i < n; i++)
        if (couple_movable(from, lib, ids[i]))
            rc = move_add(l, IM_KIND_COUPLE, ids[i]);
    free(ids);
    ids = NULL;
    if (!rc)
        rc = im_record_list(from, IM_KIND_PARTNER, &ids, &n);
    for (size_t i = 0; !rc && i < n; i++)
        rc = move_add(l, IM_KIND_PARTNER, ids[i]);
    free(ids);
    im_progress_event *ev = NULL;
    if (!rc)
        rc = im_progress_connection_maps(from, &ev, &n);
    for (size_t i = 0; !rc && i < n; i++)
        rc = move_add(l, IM_KIND_PROGRESS, ev[i].id);
    free(ev);
    return rc;
}

#define MOVE_ENTRY 12 /* u32 kind, i64 id */

static im_rc moving_write(im_vault *s, const im_vault *from, const move_list *l)
{
    size_t len = IM_VAULT_ID_BYTES + l->n * MOVE_ENTRY;
    unsigned char *b = malloc(len);
    if (!b)
        return IM_ERR_NOMEM;
    memcpy(b, from->id, IM_VAULT_ID_BYTES);
    for (size_t i = 0; i < l->n; i++) {
        unsigned char *p = b + IM_VAULT_ID_BYTES + i * MOVE_ENTRY;
        for (int k = 0; k < 4; k++)
            p[k] = (unsigned char)(l->kinds[i] >> (8 * k));
        im_le64_put(p + 4, (uint64_t)l->ids[i]);
    }
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(
        s->db, "INSERT OR REPLACE INTO meta(key, value) VALUES('moving', ?)",
        &st);
    if (!rc) {
        sqlite3_bind_blob(st, 1, b, (int)len, SQLITE_TRANSIENT);
        rc = im_store_step_done(s->db, st);
    }
    free(b);
    return rc;
}

/* The pending move's list, if any (IM_ERR_NOT_FOUND: none); IM_ERR_STATE
 * if it is another vault's. */
static im_rc moving_read(im_vault *s, const im_vault *from, move_list *l)
{
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(
        s->db, "SELECT value FROM meta WHERE key='moving'", &st);
    if (rc)
        return rc;
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        sqlite3_finalize(st);
        return r == SQLITE_DONE ? IM_ERR_NOT_FOUND : im_store_rc(s->db, r);
    }
    const unsigned char *b = sqlite3_column_blob(st, 0);
    size_t len = (size_t)sqlite3_column_bytes(st, 0);
    if (len < IM_VAULT_ID_BYTES || (len - IM_VAULT_ID_BYTES) % MOVE_ENTRY)
        rc = IM_ERR_DAMAGED;
    else if (memcmp(b, from->id, IM_VAULT_ID_BYTES) != 0)
        rc = IM_ERR_STATE;
    for (size_t i = 0; !rc && i < (len - IM_VAULT_ID_BYTES) / MOVE_ENTRY; i++) {
        const unsigned char *p = b + IM_VAULT_ID_BYTES + i * MOVE_ENTRY;
        uint32_t kind = 0;
        uint64_t id = 0;
        for (int k = 0; k < 4; k++)
            kind |= (uint32_t)p[k] << (8 * k);
        for (int k = 0; k < 8; k++)
            id |= (uint64_t)p[4 + k] << (8 * k);
        rc = move_add(l, kind, (int64_t)id);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Step 1 (invariant 5): copies and the 'moving' row, one transaction. */
static im_rc move_copy(im_vault *from, im_vault *s, const move_list *l)
{
    im_rc rc = im_vault_begin(s);
    if (rc)
        return rc;
    for (size_t i = 0; !rc && i < l->n; i++) {
        im_buf b = {0};
        rc = im_record_get(from, l->kinds[i], l->ids[i], &b);
        if (!rc) { /* its own id if free: a map names its couple record */
            rc = im_record_put_at(s, l->kinds[i], l->ids[i], b.data, b.len);
            int64_t id = 0;
            if (rc == IM_ERR_EXISTS)
                rc = im_record_put(s, l->kinds[i], &id, b.data, b.len);
        }
        im_buf_free(&b);
    }
    if (!rc) {
        rc = im_store_write_begin(s);
        if (!rc)
            rc = im_store_write_end(s, moving_write(s, from, l));
    }
    if (rc) {
        im_vault_rollback(s);
        return rc;
    }
    return im_vault_commit(s);
}

/* Step 2: the source's copies go, one transaction (gone already: fine). */
static im_rc move_delete(im_vault *from, const move_list *l)
{
    im_rc rc = im_vault_begin(from);
    if (rc)
        return rc;
    for (size_t i = 0; !rc && i < l->n; i++) {
        rc = im_record_delete(from, l->kinds[i], l->ids[i]);
        if (rc == IM_ERR_NOT_FOUND)
            rc = IM_OK;
    }
    if (rc) {
        im_vault_rollback(from);
        return rc;
    }
    return im_vault_commit(from);
}

im_rc im_couple_space_migrate(im_vault *from, im_vault *space,
                              const im_library *lib, size_t *moved)
{
    if (moved)
        *moved = 0;
    if (!from || !space || from == space)
        return IM_ERR_INVALID;
    if (!from->keys || !space->keys)
        return IM_ERR_LOCKED;
    move_list l = {0};
    im_rc rc = moving_read(space, from, &l);
    if (rc == IM_ERR_NOT_FOUND) {
        rc = collect_moves(from, lib, &l);
        if (!rc && l.n == 0) {
            free(l.ids), free(l.kinds);
            return IM_OK;
        }
        if (!rc)
            rc = move_copy(from, space, &l);
    }
    if (!rc)
        rc = move_delete(from, &l);
    if (!rc) { /* step 3 */
        rc = im_store_write_begin(space);
        if (!rc)
            rc = im_store_write_end(
                space, im_store_exec(space->db,
                                     "DELETE FROM meta WHERE key='moving'"));
    }
    if (!rc && moved)
        *moved = l.n;
    free(l.ids);
    free(l.kinds);
    return rc;
}
