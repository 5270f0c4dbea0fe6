/*
 * backup_format.c -- header, key and payload of backup files (see
 * backup_format.h); messages for their problems.
 */
#include "backup_format.h"

#include <string.h>

#include "people_internal.h"
#include "record_codec.h"
#include "vault_internal.h"

static const char *const problem_messages[IM_BACKUP_PROBLEM_COUNT_] = {
    [IM_BACKUP_OK] = "The backup is complete and intact.",
    [IM_BACKUP_NOT_A_BACKUP] = "This file is not an Innermost backup.",
    [IM_BACKUP_NEWER_VERSION] =
        "This backup was made by a newer version of Innermost. Update the "
        "app to restore it.",
    [IM_BACKUP_HEADER_DAMAGED] =
        "The beginning of this backup file is damaged, so it cannot be "
        "opened. Nothing was restored.",
    [IM_BACKUP_WRONG_PASSPHRASE] = "That passphrase does not open this backup.",
    [IM_BACKUP_TRUNCATED] =
        "This backup file is incomplete: it ends too early. Nothing was "
        "restored.",
    [IM_BACKUP_CHUNK_DAMAGED] =
        "Part of this backup file has been changed or damaged. Nothing was "
        "restored.",
    [IM_BACKUP_CHUNK_ORDER] =
        "Parts of this backup file are missing or out of order. Nothing was "
        "restored.",
    [IM_BACKUP_TRAILING_DATA] =
        "This backup file has extra data after its end, so it is not "
        "trusted. Nothing was restored.",
    [IM_BACKUP_CONTENT_INVALID] =
        "This backup opened, but its contents are not in a form Innermost "
        "understands. Nothing was restored.",
    [IM_BACKUP_KEY_MISMATCH] = "This key was made for a different backup file.",
    [IM_BACKUP_UNREADABLE] = "The backup file could not be read.",
};

const char *im_backup_problem_message(im_backup_problem p)
{
    if ((unsigned)p >= IM_BACKUP_PROBLEM_COUNT_)
        return "Something is wrong with this backup file.";
    return problem_messages[p];
}

im_rc im_backup_problem_rc(im_backup_problem p)
{
    switch (p) {
    case IM_BACKUP_OK: return IM_OK;
    case IM_BACKUP_WRONG_PASSPHRASE: return IM_ERR_WRONG_SECRET;
    case IM_BACKUP_NOT_A_BACKUP:
    case IM_BACKUP_NEWER_VERSION:
    case IM_BACKUP_CONTENT_INVALID: return IM_ERR_PARSE;
    case IM_BACKUP_KEY_MISMATCH: return IM_ERR_INVALID;
    case IM_BACKUP_UNREADABLE: return IM_ERR_IO;
    default: return IM_ERR_DAMAGED;
    }
}

/* ---- Keys ------------------------------------------------------------------ */

#define KDF_CONTEXT "IMBACKUP"
enum { SUBKEY_STREAM = 1, SUBKEY_CHECK = 2 };

im_rc bk_key_derive(const char *passphrase, const unsigned char *salt,
                    uint64_t opslimit, uint64_t memlimit, im_backup_key **out)
{
    *out = NULL;
    if (sodium_init() < 0)
        return IM_ERR_NOMEM;
    im_backup_key *k = sodium_malloc(sizeof *k);
    unsigned char *master = sodium_malloc(crypto_kdf_KEYBYTES);
    if (!k || !master) {
        sodium_free(k);
        sodium_free(master);
        return IM_ERR_NOMEM;
    }
    im_rc rc = IM_OK;
    if (crypto_pwhash(master, crypto_kdf_KEYBYTES, passphrase,
                      strlen(passphrase), salt, opslimit, (size_t)memlimit,
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        rc = IM_ERR_NOMEM;
    } else {
        crypto_kdf_derive_from_key(k->stream, sizeof k->stream, SUBKEY_STREAM,
                                   KDF_CONTEXT, master);
        crypto_kdf_derive_from_key(k->check, sizeof k->check, SUBKEY_CHECK,
                                   KDF_CONTEXT, master);
        memcpy(k->salt, salt, BK_SALT_BYTES);
        k->opslimit = opslimit;
        k->memlimit = memlimit;
    }
    sodium_free(master); /* sodium_free wipes */
    if (rc != IM_OK) {
        sodium_free(k);
        return rc;
    }
    *out = k;
    return IM_OK;
}

void im_backup_key_free(im_backup_key *k)
{
    sodium_free(k);
}

void bk_keycheck(const im_backup_key *k, const unsigned char *head,
                 unsigned char out[BK_CHECK_BYTES])
{
    crypto_generichash(out, BK_CHECK_BYTES, head, BK_OFF_KEYCHECK, k->check,
                       sizeof k->check);
}

void bk_header_put(const bk_header *h, unsigned char *head)
{
    memset(head, 0, IM_BACKUP_HEADER_BYTES);
    memcpy(head, IM_BACKUP_MAGIC, IM_BACKUP_MAGIC_BYTES);
    head[BK_OFF_VERSION] = (unsigned char)(h->version & 0xFF);
    head[BK_OFF_VERSION + 1] = (unsigned char)(h->version >> 8);
    im_put_u32le(head + BK_OFF_CHUNK, h->chunk_bytes);
    im_put_u64le(head + BK_OFF_OPS, h->opslimit);
    im_put_u64le(head + BK_OFF_MEM, h->memlimit);
    memcpy(head + BK_OFF_SALT, h->salt, BK_SALT_BYTES);
    memcpy(head + BK_OFF_SSHEADER, h->ss_header, sizeof h->ss_header);
}

void bk_header_seal(const im_backup_key *k, unsigned char *head)
{
    bk_keycheck(k, head, head + BK_OFF_KEYCHECK);
    crypto_generichash(head + BK_OFF_CHECKSUM, BK_CHECK_BYTES, head,
                       BK_OFF_CHECKSUM, NULL, 0);
}

im_backup_problem bk_header_parse(const unsigned char *file, size_t len,
                                  bk_header *h)
{
    size_t m = len < IM_BACKUP_MAGIC_BYTES ? len : IM_BACKUP_MAGIC_BYTES;
    if (len == 0)
        return IM_BACKUP_TRUNCATED;
    if (memcmp(file, IM_BACKUP_MAGIC, m) != 0)
        return IM_BACKUP_NOT_A_BACKUP;
    if (len < IM_BACKUP_HEADER_BYTES)
        return IM_BACKUP_TRUNCATED;
    h->version = (uint16_t)(file[BK_OFF_VERSION] | file[BK_OFF_VERSION + 1]
                                                       << 8);
    if (h->version > IM_BACKUP_VERSION)
        return IM_BACKUP_NEWER_VERSION;
    unsigned char sum[BK_CHECK_BYTES];
    crypto_generichash(sum, sizeof sum, file, BK_OFF_CHECKSUM, NULL, 0);
    if (sodium_memcmp(sum, file + BK_OFF_CHECKSUM, sizeof sum) != 0)
        return IM_BACKUP_HEADER_DAMAGED;
    h->chunk_bytes = im_get_u32le(file + BK_OFF_CHUNK);
    h->opslimit = im_get_u64le(file + BK_OFF_OPS);
    h->memlimit = im_get_u64le(file + BK_OFF_MEM);
    memcpy(h->salt, file + BK_OFF_SALT, BK_SALT_BYTES);
    memcpy(h->ss_header, file + BK_OFF_SSHEADER, sizeof h->ss_header);
    memcpy(h->keycheck, file + BK_OFF_KEYCHECK, BK_CHECK_BYTES);
    uint16_t flags = (uint16_t)(file[BK_OFF_FLAGS] | file[BK_OFF_FLAGS + 1]
                                                         << 8);
    if (h->version == 0 || flags != 0 || h->chunk_bytes < IM_BACKUP_CHUNK_MIN ||
        h->chunk_bytes > IM_BACKUP_CHUNK_MAX ||
        h->opslimit < crypto_pwhash_OPSLIMIT_MIN ||
        h->opslimit > IM_BACKUP_OPSLIMIT_MAX ||
        h->memlimit < IM_KDF_MEMLIMIT_MIN ||
        h->memlimit > IM_BACKUP_MEMLIMIT_MAX)
        return IM_BACKUP_HEADER_DAMAGED;
    return IM_BACKUP_OK;
}

/* Cost is memory times passes; compare in MiB-passes so nothing overflows. */
static uint64_t kdf_cost(uint64_t ops, uint64_t mem)
{
    return ops * (mem >> 20);
}

im_rc im_backup_kdf_warning(const unsigned char *file, size_t len,
                            const im_kdf_params *local, im_kdf_params *asked)
{
    if (!file || !local)
        return IM_ERR_INVALID;
    bk_header h;
    im_backup_problem p = bk_header_parse(file, len, &h);
    if (p != IM_BACKUP_OK)
        return im_backup_problem_rc(p);
    if (asked) {
        asked->opslimit = h.opslimit;
        asked->memlimit = h.memlimit;
    }
    return h.memlimit > local->memlimit ||
                   kdf_cost(h.opslimit, h.memlimit) >
                       kdf_cost(local->opslimit, local->memlimit)
               ? IM_ERR_TOO_LARGE
               : IM_OK;
}

/* ---- Payload ----------------------------------------------------------------- */

static int pref_key_ok(const unsigned char *k, size_t n)
{
    if (n == 0 || n > IM_BACKUP_PREF_KEY_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = k[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

/* Grow an array of `size`-byte elements to hold one more. */
static int grow(void **arr, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(*arr, c * size);
    if (!p)
        return -1;
    *arr = p;
    *cap = c;
    return 0;
}

/* A member the restore can put back: a known type (the couple's only from
 * version 3, and once), a name of its kind that no other member of its
 * type has, and a database's first bytes. */
static int member_ok(const bk_payload *pl, const bk_member *m, size_t nn,
                     uint64_t len)
{
    int couple = m->type == BK_MEMBER_COUPLE;
    if ((m->type != BK_MEMBER_PERSON &&
         !(couple && pl->version >= BK_PAYLOAD_VERSION_COUPLE)) ||
        pl->nmembers >= BK_MEMBERS_MAX || strlen(m->name) != nn ||
        !im_people_name_ok(m->name) || len < sizeof BK_SQLITE_MAGIC ||
        memcmp(m->data, BK_SQLITE_MAGIC, sizeof BK_SQLITE_MAGIC) != 0)
        return 0;
    size_t people = 0;
    for (size_t i = 0; i < pl->nmembers; i++) {
        const bk_member *o = &pl->members[i];
        people += o->type == BK_MEMBER_PERSON;
        if (o->type == m->type && (couple || strcmp(o->name, m->name) == 0))
            return 0;
    }
    return couple || people < IM_PEOPLE_MAX;
}

int bk_member_db_ok(const unsigned char *data, size_t len)
{
    sqlite3 *db = NULL;
    int ok = 0;
    /* a copy: an image of a WAL database reads in memory only as a rollback
     * one (header bytes 18 and 19), and the copy is SQLite's to free */
    unsigned char *img = len >= 100 ? sqlite3_malloc64(len) : NULL;
    if (!img)
        return 0;
    memcpy(img, data, len);
    img[18] = img[19] = 1;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) !=
        SQLITE_OK)
        sqlite3_free(img);
    else if (sqlite3_deserialize(
                 db, "main", img, (sqlite3_int64)len, (sqlite3_int64)len,
                 SQLITE_DESERIALIZE_READONLY |
                     SQLITE_DESERIALIZE_FREEONCLOSE) == SQLITE_OK) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) ==
                SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            ok = strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
        sqlite3_finalize(st);
        st = NULL;
        if (ok && sqlite3_prepare_v2(
                      db, "SELECT value FROM meta WHERE key='vault_id'", -1,
                      &st, NULL) == SQLITE_OK)
            ok = sqlite3_step(st) == SQLITE_ROW &&
                 sqlite3_column_bytes(st, 0) == IM_VAULT_ID_BYTES;
        else
            ok = 0;
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return ok;
}

int bk_data_dir(const im_vault *v, char *out, size_t cap)
{
    size_t n = strlen(v->dir);
    if (n >= cap)
        return -1;
    memcpy(out, v->dir, n + 1);
    for (int up = im_people_is_person(v) ? 2 : 0; up > 0; up--) {
        char *slash = strrchr(out, '/');
        if (!slash || slash == out)
            return -1;
        *slash = 0;
    }
    return 0;
}

im_backup_problem bk_payload_parse(const unsigned char *p, size_t len,
                                   bk_payload *out)
{
    size_t pos = 8, crec = 0, cpref = 0;
    memset(out, 0, sizeof *out);
    if (len < 8 || memcmp(p, BK_PAYLOAD_MAGIC, 4) != 0)
        return IM_BACKUP_CONTENT_INVALID;
    out->version = im_get_u32le(p + 4);
    if (out->version != BK_PAYLOAD_VERSION &&
        out->version != BK_PAYLOAD_VERSION_MEM &&
        out->version != BK_PAYLOAD_VERSION_COUPLE)
        return IM_BACKUP_CONTENT_INVALID;
    int v2 = out->version >= BK_PAYLOAD_VERSION_MEM; /* members, 3 counts */
    while (pos < len) {
        unsigned char t = p[pos++];
        size_t left = len - pos;
        if (t == 'R' && left >= 16) {
            bk_record r;
            r.kind = im_get_u32le(p + pos);
            r.id = (int64_t)im_get_u64le(p + pos + 4);
            r.len = im_get_u32le(p + pos + 12);
            r.data = p + pos + 16;
            if (r.kind < 1 || r.kind > IM_KIND_MAX_ || r.id <= 0 ||
                r.len > IM_RECORD_MAX_BYTES || r.len > left - 16 ||
                grow((void **)&out->records, out->nrecords, &crec, sizeof r))
                break;
            out->records[out->nrecords++] = r;
            pos += 16 + r.len;
        } else if (t == 'P' && left >= 1 && left - 1 >= (size_t)p[pos] + 8u) {
            bk_pref pr;
            size_t kn = p[pos];
            if (!pref_key_ok(p + pos + 1, kn) ||
                grow((void **)&out->prefs, out->nprefs, &cpref, sizeof pr))
                break;
            memcpy(pr.key, p + pos + 1, kn);
            pr.key[kn] = 0;
            pr.value = (int64_t)im_get_u64le(p + pos + 1 + kn);
            out->prefs[out->nprefs++] = pr;
            pos += 1 + kn + 8;
        } else if (t == 'S' && v2 && left >= 2 && p[pos + 1] >= 1 &&
                   p[pos + 1] <= BK_MEMBER_NAME_MAX &&
                   left - 2 >= (size_t)p[pos + 1] + 8u) {
            size_t nn = p[pos + 1];
            bk_member m;
            m.type = p[pos];
            memcpy(m.name, p + pos + 2, nn);
            m.name[nn] = 0;
            uint64_t ml = im_get_u64le(p + pos + 2 + nn);
            m.data = p + pos + 2 + nn + 8;
            if (ml > left - 2 - nn - 8 || !member_ok(out, &m, nn, ml))
                break;
            m.len = (size_t)ml;
            out->members[out->nmembers++] = m;
            pos += 2 + nn + 8 + m.len;
        } else if (t == 'E' && left == (v2 ? 24u : 16u) &&
                   im_get_u64le(p + pos) == out->nrecords &&
                   im_get_u64le(p + pos + 8) == out->nprefs &&
                   (!v2 || im_get_u64le(p + pos + 16) == out->nmembers)) {
            return IM_BACKUP_OK;
        } else {
            break;
        }
    }
    bk_payload_free(out);
    return IM_BACKUP_CONTENT_INVALID;
}

void bk_payload_free(bk_payload *pl)
{
    free(pl->records);
    free(pl->prefs);
    memset(pl, 0, sizeof *pl);
}

/* ---- The chunk stream ---------------------------------------------------------- */

#define SS_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES

im_backup_problem bk_stream_open(const im_backup_key *k,
                                 const unsigned char *file, size_t len,
                                 im_wbuf *plain)
{
    bk_header h;
    memset(plain, 0, sizeof *plain);
    im_backup_problem why = bk_header_parse(file, len, &h);
    if (why != IM_BACKUP_OK)
        return why;
    if (memcmp(h.salt, k->salt, BK_SALT_BYTES) != 0 ||
        h.opslimit != k->opslimit || h.memlimit != k->memlimit)
        return IM_BACKUP_KEY_MISMATCH;
    unsigned char check[BK_CHECK_BYTES];
    bk_keycheck(k, file, check);
    if (sodium_memcmp(check, h.keycheck, sizeof check) != 0)
        return IM_BACKUP_WRONG_PASSPHRASE;

    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, h.ss_header,
                                                        k->stream) != 0)
        return IM_BACKUP_HEADER_DAMAGED;
    unsigned char *out = malloc(h.chunk_bytes);
    unsigned char *ad = malloc(IM_BACKUP_HEADER_BYTES + IM_BACKUP_FRAME_BYTES);
    why = (out && ad) ? IM_BACKUP_OK : IM_BACKUP_UNREADABLE;
    size_t pos = IM_BACKUP_HEADER_BYTES;
    for (uint32_t idx = 0; why == IM_BACKUP_OK; idx++) {
        if (len - pos < IM_BACKUP_FRAME_BYTES) {
            why = IM_BACKUP_TRUNCATED;
            break;
        }
        uint32_t ci = im_get_u32le(file + pos);
        uint32_t clen = im_get_u32le(file + pos + 4);
        if (ci != idx) {
            why = IM_BACKUP_CHUNK_ORDER;
            break;
        }
        if (clen < SS_ABYTES || clen > h.chunk_bytes + SS_ABYTES) {
            why = IM_BACKUP_CHUNK_DAMAGED;
            break;
        }
        if (len - pos - IM_BACKUP_FRAME_BYTES < clen) {
            why = IM_BACKUP_TRUNCATED;
            break;
        }
        /* Associated data: the frame, and for chunk 0 the header before it. */
        size_t adlen = 0;
        if (idx == 0) {
            memcpy(ad, file, IM_BACKUP_HEADER_BYTES);
            adlen = IM_BACKUP_HEADER_BYTES;
        }
        memcpy(ad + adlen, file + pos, IM_BACKUP_FRAME_BYTES);
        adlen += IM_BACKUP_FRAME_BYTES;
        unsigned long long mlen;
        unsigned char tag;
        if (crypto_secretstream_xchacha20poly1305_pull(
                &st, out, &mlen, &tag, file + pos + IM_BACKUP_FRAME_BYTES, clen,
                ad, adlen) != 0) {
            why = IM_BACKUP_CHUNK_DAMAGED;
            break;
        }
        im_wbuf_raw(plain, out, (size_t)mlen);
        if (im_wbuf_rc(plain) != IM_OK) {
            why = IM_BACKUP_UNREADABLE;
            break;
        }
        pos += IM_BACKUP_FRAME_BYTES + clen;
        if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
            if (pos != len)
                why = IM_BACKUP_TRAILING_DATA;
            break;
        }
        if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
            why = IM_BACKUP_CHUNK_DAMAGED;
    }
    if (out) {
        sodium_memzero(out, h.chunk_bytes);
        free(out);
    }
    free(ad);
    sodium_memzero(&st, sizeof st);
    if (why != IM_BACKUP_OK)
        im_wbuf_wipe(plain);
    return why;
}
