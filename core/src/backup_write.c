/*
 * backup_write.c -- writing a backup file (see backup.h, invariant 1).
 *
 * Records are streamed: each one is decrypted by the vault, appended to a
 * chunk-sized plaintext buffer, and every full buffer is sealed and written
 * straight away, so memory stays at one chunk however large the vault is.
 * The file is written under a temporary name beside the target, fsync'd,
 * renamed over the target, and the directory fsync'd.
 *
 * Invariant (writer_ok; IM_ASSERT, contract.h)
 *   1. While the writer has not failed, both its buffers exist and the
 *      buffered plaintext fits one chunk (0 <= used <= chunk_bytes, and
 *      chunk_bytes > 0), so a chunk is never sealed past its buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "backup_format.h"
#include "couple_space_internal.h"
#include "innermost/contract.h"
#include "people_internal.h"
#include "record_codec.h"
#include "vault_internal.h"

#include <stdio.h>

#define PATH_MAX_SPACE 4400

typedef struct writer {
    im_atomic_file file;
    im_rc rc; /* sticky */
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char head[IM_BACKUP_HEADER_BYTES];
    unsigned char *buf; /* chunk plaintext */
    size_t used, chunk_bytes;
    unsigned char *ct; /* frame + chunk ciphertext */
    uint32_t index;
    im_backup_stats stats;
} writer;

/* Invariant 1. */
static int writer_ok(const writer *w)
{
    return w->rc != IM_OK ||
           (w->buf && w->ct && w->chunk_bytes > 0 && w->used <= w->chunk_bytes);
}

static void write_all(writer *w, const unsigned char *p, size_t n)
{
    if (w->rc == IM_OK)
        w->rc = im_atomic_file_write(&w->file, p, n);
}

/* Seal the buffered plaintext as the next chunk and write it. */
static void flush_chunk(writer *w, unsigned char tag)
{
    if (w->rc != IM_OK)
        return;
    IM_ASSERT(writer_ok(w));
    unsigned char ad[IM_BACKUP_HEADER_BYTES + IM_BACKUP_FRAME_BYTES];
    size_t adlen = 0;
    uint32_t clen = (uint32_t)(w->used +
                               crypto_secretstream_xchacha20poly1305_ABYTES);
    im_put_u32le(w->ct, w->index);
    im_put_u32le(w->ct + 4, clen);
    if (w->index == 0) {
        memcpy(ad, w->head, IM_BACKUP_HEADER_BYTES);
        adlen = IM_BACKUP_HEADER_BYTES;
    }
    memcpy(ad + adlen, w->ct, IM_BACKUP_FRAME_BYTES);
    adlen += IM_BACKUP_FRAME_BYTES;
    crypto_secretstream_xchacha20poly1305_push(
        &w->st, w->ct + IM_BACKUP_FRAME_BYTES, NULL, w->buf, w->used, ad, adlen,
        tag);
    write_all(w, w->ct, IM_BACKUP_FRAME_BYTES + clen);
    sodium_memzero(w->buf, w->used);
    w->used = 0;
    w->index++;
}

/* Append payload bytes; a full chunk is written only once more bytes come,
 * so the final chunk is never empty. */
static void append(writer *w, const void *data, size_t n)
{
    const unsigned char *p = data;
    IM_ASSERT(writer_ok(w) && (data || n == 0));
    while (w->rc == IM_OK && n > 0) {
        if (w->used == w->chunk_bytes)
            flush_chunk(w, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
        size_t k = w->chunk_bytes - w->used;
        if (k > n)
            k = n;
        memcpy(w->buf + w->used, p, k);
        w->used += k;
        p += k;
        n -= k;
    }
}

typedef struct kind_ctx {
    writer *w;
    uint32_t kind;
} kind_ctx;

static int record_item(void *ctx, int64_t id, im_rc rc,
                       const unsigned char *data, size_t len)
{
    writer *w = ((kind_ctx *)ctx)->w;
    uint32_t kind = ((kind_ctx *)ctx)->kind;
    if (rc != IM_OK) {
        w->stats.damaged++; /* cannot be decrypted: cannot be carried */
        return 0;
    }
    unsigned char head[17];
    head[0] = 'R';
    im_put_u32le(head + 1, kind);
    im_put_u64le(head + 5, (uint64_t)id);
    im_put_u32le(head + 13, (uint32_t)len);
    append(w, head, sizeof head);
    append(w, data, len);
    w->stats.records++;
    return w->rc != IM_OK;
}

static int pref_item(void *ctx, const char *key, int64_t value)
{
    writer *w = ctx;
    size_t kn = strlen(key);
    if (kn == 0 || kn > IM_BACKUP_PREF_KEY_MAX)
        return 0; /* never produced by the vault; skip rather than fail */
    unsigned char item[1 + 1 + IM_BACKUP_PREF_KEY_MAX + 8];
    item[0] = 'P';
    item[1] = (unsigned char)kn;
    memcpy(item + 2, key, kn);
    im_put_u64le(item + 2 + kn, (uint64_t)value);
    append(w, item, 2 + kn + 8);
    w->stats.prefs++;
    return w->rc != IM_OK;
}

/* The people's spaces an owner's backup carries (none in a person's), and
 * the couple's space (backup_format.h, "The couple's space"). */
typedef struct spaces {
    char dir[BK_MEMBERS_MAX][PATH_MAX_SPACE];
    char name[BK_MEMBERS_MAX][BK_MEMBER_NAME_MAX + 1];
    size_t n;
    char couple[PATH_MAX_SPACE]; /* "" if none */
    char maker[BK_MEMBER_NAME_MAX + 1];
    int couple_if_member; /* a person's backup */
} spaces;

static im_rc space_note(const char *dir, const char *name, void *ctx)
{
    spaces *sp = ctx;
    if (sp->n >= BK_MEMBERS_MAX || strlen(dir) >= PATH_MAX_SPACE)
        return IM_OK;
    snprintf(sp->dir[sp->n], PATH_MAX_SPACE, "%s", dir);
    snprintf(sp->name[sp->n], sizeof sp->name[0], "%s", name);
    sp->n++;
    return IM_OK;
}

/* One space, sealed as it is: its database as SQLite holds it (a
 * consistent image, WAL included), read through a locked handle that never
 * sees a key.  A space open in another copy of the app (or, for couple/,
 * still open in this one) is left out.  member_of: carry the couple's
 * space only if this vault is one of its members (a person's backup). */
static void write_member(writer *w, const char *dir, unsigned type,
                         const char *name, im_vault *member_of)
{
    im_vault *pv = NULL;
    im_rc rc = im_vault_open(dir, &pv);
    if (rc == IM_ERR_NOMEM)
        w->rc = rc;
    if (rc) {
        w->stats.spaces_kept++;
        return;
    }
    int carry = 1;
    if (member_of) {
        rc = im_couple_space_has_member(pv, member_of, &carry);
        if (rc != IM_OK)
            w->rc = rc;
    }
    sqlite3_int64 sz = 0;
    unsigned char *img = carry && w->rc == IM_OK
                             ? sqlite3_serialize(pv->db, "main", &sz, 0)
                             : NULL;
    if (!carry || w->rc != IM_OK) {
        /* not a member: nothing of it belongs in this backup */
    } else if (!img || sz < 0) {
        w->stats.spaces_kept++;
    } else {
        size_t nn = strlen(name);
        unsigned char head[3 + BK_MEMBER_NAME_MAX + 8];
        head[0] = 'S';
        head[1] = (unsigned char)type;
        head[2] = (unsigned char)nn;
        memcpy(head + 3, name, nn);
        im_put_u64le(head + 3 + nn, (uint64_t)sz);
        append(w, head, 3 + nn + 8);
        append(w, img, (size_t)sz);
        w->stats.spaces++;
    }
    sqlite3_free(img);
    im_vault_close(pv);
}

/* Everything in the vault, as payload, inside one read transaction so the
 * backup is a consistent snapshot; then, in an owner's backup, every
 * person's space sealed as it is (backup_format.h, "Sealed members"). */
static void write_payload(writer *w, im_vault *v, const spaces *sp)
{
    unsigned char head[8];
    memcpy(head, BK_PAYLOAD_MAGIC, 4);
    im_put_u32le(head + 4, BK_PAYLOAD_VERSION_COUPLE);
    append(w, head, sizeof head);
    im_rc rc = im_vault_begin(v);
    for (uint32_t kind = 1;
         rc == IM_OK && w->rc == IM_OK && kind <= IM_KIND_MAX_; kind++) {
        kind_ctx ctx = {w, kind};
        rc = im_record_foreach(v, kind, record_item, &ctx);
    }
    if (rc == IM_OK && w->rc == IM_OK)
        rc = im_vault_pref_foreach(v, pref_item, w);
    if (rc == IM_OK)
        rc = im_vault_commit(v);
    else
        im_vault_rollback(v);
    if (w->rc == IM_OK)
        w->rc = rc;
    for (size_t i = 0; i < sp->n && w->rc == IM_OK; i++)
        write_member(w, sp->dir[i], BK_MEMBER_PERSON, sp->name[i], NULL);
    if (sp->couple[0] && w->rc == IM_OK)
        write_member(w, sp->couple, BK_MEMBER_COUPLE, sp->maker,
                     sp->couple_if_member ? v : NULL);
    unsigned char end[25];
    end[0] = 'E';
    im_put_u64le(end + 1, w->stats.records);
    im_put_u64le(end + 9, w->stats.prefs);
    im_put_u64le(end + 17, w->stats.spaces);
    append(w, end, sizeof end);
    flush_chunk(w, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
}

static im_rc options_resolve(const im_backup_options *opts,
                             im_backup_options *out)
{
    if (opts) {
        *out = *opts;
    } else {
        memset(out, 0, sizeof *out);
        im_rc rc = im_kdf_calibrate(IM_KDF_TARGET_MS, &out->kdf);
        if (rc != IM_OK)
            return rc;
    }
    if (out->chunk_bytes == 0)
        out->chunk_bytes = IM_BACKUP_CHUNK_DEFAULT;
    if (out->chunk_bytes < IM_BACKUP_CHUNK_MIN ||
        out->chunk_bytes > IM_BACKUP_CHUNK_MAX ||
        out->kdf.memlimit < IM_KDF_MEMLIMIT_MIN ||
        out->kdf.memlimit > IM_BACKUP_MEMLIMIT_MAX ||
        out->kdf.opslimit < IM_KDF_OPSLIMIT_MIN ||
        out->kdf.opslimit > IM_BACKUP_OPSLIMIT_MAX)
        return IM_ERR_INVALID;
    return IM_OK;
}

/* Key, header and buffers for a new backup. */
static im_rc writer_start(writer *w, const char *passphrase,
                          const im_backup_options *o, uint16_t version,
                          im_backup_key **key)
{
    bk_header h;
    memset(&h, 0, sizeof h);
    h.version = version;
    h.chunk_bytes = o->chunk_bytes;
    h.opslimit = o->kdf.opslimit;
    h.memlimit = o->kdf.memlimit;
    randombytes_buf(h.salt, sizeof h.salt);
    im_rc rc = bk_key_derive(passphrase, h.salt, h.opslimit, h.memlimit, key);
    if (rc != IM_OK)
        return rc;
    crypto_secretstream_xchacha20poly1305_init_push(&w->st, h.ss_header,
                                                    (*key)->stream);
    bk_header_put(&h, w->head);
    bk_header_seal(*key, w->head);
    w->chunk_bytes = o->chunk_bytes;
    w->buf = malloc(w->chunk_bytes);
    w->ct = malloc(IM_BACKUP_FRAME_BYTES + w->chunk_bytes +
                   crypto_secretstream_xchacha20poly1305_ABYTES);
    return (w->buf && w->ct) ? IM_OK : IM_ERR_NOMEM;
}

/* The backup of v to path, or (path NULL) into fd. */
static im_rc backup_write_to(im_vault *v, const char *path, int fd,
                             const char *passphrase,
                             const im_backup_options *opts,
                             im_backup_stats *stats)
{
    im_backup_options o;
    im_backup_key *key = NULL;
    if (!v || (!path && fd < 0) || !passphrase)
        return IM_ERR_INVALID;
    if (!im_vault_is_unlocked(v))
        return IM_ERR_LOCKED;
    im_rc rc = im_passphrase_check(passphrase);
    if (rc == IM_OK)
        rc = options_resolve(opts, &o);
    if (rc != IM_OK)
        return rc;
    spaces *sp = calloc(1, sizeof *sp);
    if (!sp)
        return IM_ERR_NOMEM;
    if (!im_people_is_person(v))
        rc = im_people_walk(v->dir, space_note, sp);
    char data_dir[PATH_MAX_SPACE - 64];
    if (rc == IM_OK && bk_data_dir(v, data_dir, sizeof data_dir) == 0 &&
        im_couple_space_exists(data_dir)) {
        snprintf(sp->couple, sizeof sp->couple, "%s/%s", data_dir,
                 IM_COUPLE_SPACE_DIR);
        sodium_bin2hex(sp->maker, sizeof sp->maker, v->id, IM_VAULT_ID_BYTES);
        sp->couple_if_member = im_people_is_person(v);
    }
    if (rc != IM_OK) {
        free(sp);
        return rc;
    }
    writer w;
    memset(&w, 0, sizeof w);
    w.file.fd = -1;
    rc = writer_start(&w, passphrase, &o, IM_BACKUP_VERSION, &key);
    if (rc == IM_OK)
        rc = path ? im_atomic_file_open(&w.file, path)
                  : im_atomic_file_adopt(&w.file, fd);
    if (rc == IM_OK) {
        write_all(&w, w.head, sizeof w.head);
        write_payload(&w, v, sp);
        rc = w.rc;
        if (rc == IM_OK) {
            uint64_t bytes = w.file.written;
            rc = im_atomic_file_commit(&w.file);
            w.stats.bytes = bytes;
        } else {
            im_atomic_file_abort(&w.file);
        }
    }
    if (rc == IM_OK && stats)
        *stats = w.stats;
    if (w.buf) {
        sodium_memzero(w.buf, w.chunk_bytes);
        free(w.buf);
    }
    free(w.ct);
    free(sp);
    sodium_memzero(&w.st, sizeof w.st);
    im_backup_key_free(key);
    return rc;
}

im_rc im_backup_write(im_vault *v, const char *path, const char *passphrase,
                      const im_backup_options *opts, im_backup_stats *stats)
{
    if (!path)
        return IM_ERR_INVALID;
    return backup_write_to(v, path, -1, passphrase, opts, stats);
}

im_rc im_backup_write_fd(im_vault *v, int fd, const char *passphrase,
                         const im_backup_options *opts, im_backup_stats *stats)
{
    return backup_write_to(v, NULL, fd, passphrase, opts, stats);
}
