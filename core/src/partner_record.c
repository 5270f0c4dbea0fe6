/*
 * partner_record.c -- a Together partner's one secret: their partner
 * record (IM_KIND_PARTNER).
 *
 * Record ids are the vault's (shared by every kind): a person's record is
 * found by the person byte inside it (at most IM_PARTNER_PERSONS records).
 *
 * Design: one random partner key per partner, drawn when they first set
 * their secret, wrapped (partner_key.c) under Argon2id of it.  Every couple
 * session's sheet of theirs is sealed under that key (engine_couple_secret.c,
 * a "person-lock" naming this record).  The record (itself sealed under the
 * vault key like every record) holds:
 *   u32 PARTNER_MAGIC, u8 person, 16 bytes space id, u8 kind, 16 salt,
 *   u64 opslimit, u64 memlimit, 72 bytes wrapped key.
 *
 * Invariants:
 *  1. The wrap's associated data binds the record's space id, the person
 *     slot, the kind, salt and costs (partner_key.c invariant 1, with the
 *     space id in the vault id's place and a fixed session of all 0xFF):
 *     Alex's record copied into Sam's slot does not open as Sam's.  The
 *     space id is drawn with the record and travels with the vault's
 *     records, so a backup restored into another folder still opens.
 *  2. The partner key is never stored unwrapped; in memory it lives in
 *     im_secure_alloc memory only while a call needs it.
 *  3. A changed secret rewraps the same key (same space): sheets sealed
 *     before still open.  A wrong old secret changes nothing.
 *  4. A record is set once per person; only a forget (engine_partner.c)
 *     removes it, and with it every sheet it sealed becomes unreadable.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "innermost/wipe.h"
#include "partner_lock.h"

#define PARTNER_MAGIC 0x52504D49u /* "IMPR" */
#define RECORD_BYTES                                                       \
    (4u + 1u + IM_PARTNER_SPACE_BYTES + 1u + IM_PARTNER_SALT_BYTES + 16u + \
     IM_PARTNER_WRAPPED_BYTES)

void im_partner_place_person(im_partner_place *pl, const unsigned char *space,
                             const unsigned char *session, unsigned slot)
{
    memset(pl, 0, sizeof *pl);
    memcpy(pl->vault_id, space, IM_PARTNER_SPACE_BYTES);
    if (session)
        memcpy(pl->session, session, sizeof pl->session);
    else
        memset(pl->session, 0xFF, sizeof pl->session); /* the record's own */
    pl->slot = slot;
}

typedef struct record {
    unsigned char space[IM_PARTNER_SPACE_BYTES];
    im_partner_lock lock; /* kind, salt, costs, wrapped */
} record;

/* person's record into b and *id: IM_ERR_NOT_FOUND when none. */
static im_rc record_find(im_vault *v, unsigned person, int64_t *id, im_buf *b)
{
    int64_t *ids = NULL;
    size_t n = 0;
    im_rc rc = im_record_list(v, IM_KIND_PARTNER, &ids, &n);
    if (rc != IM_OK)
        return rc;
    rc = IM_ERR_NOT_FOUND;
    for (size_t i = 0; i < n; i++) {
        im_buf t = {0};
        im_rc g = im_record_get(v, IM_KIND_PARTNER, ids[i], &t);
        if (g == IM_OK && t.len > 4 && t.data[4] == person) {
            *b = t;
            *id = ids[i];
            rc = IM_OK;
            break;
        }
        im_buf_free(&t);
        if (g != IM_OK && g != IM_ERR_DAMAGED) {
            rc = g;
            break;
        }
    }
    free(ids);
    return rc;
}

im_rc im_partner_record_id(im_vault *v, unsigned person, int64_t *id)
{
    im_buf b = {0};
    *id = 0;
    if (!v || person >= IM_PARTNER_PERSONS)
        return IM_ERR_INVALID;
    im_rc rc = record_find(v, person, id, &b);
    im_buf_free(&b);
    return rc;
}

static im_rc record_read(im_vault *v, unsigned person, record *r)
{
    memset(r, 0, sizeof *r);
    if (!v || person >= IM_PARTNER_PERSONS)
        return IM_ERR_INVALID;
    if (!im_vault_is_unlocked(v))
        return IM_ERR_LOCKED;
    im_buf b = {0};
    int64_t id = 0;
    im_rc rc = record_find(v, person, &id, &b);
    if (rc != IM_OK)
        return rc;
    im_rbuf rb;
    im_rbuf_open(&rb, b.data, b.len);
    unsigned char cost[16];
    uint32_t magic = im_rbuf_u32(&rb);
    unsigned who = im_rbuf_u8(&rb);
    im_rbuf_raw(&rb, r->space, sizeof r->space);
    r->lock.kind = im_rbuf_u8(&rb);
    im_rbuf_raw(&rb, r->lock.salt, sizeof r->lock.salt);
    im_rbuf_raw(&rb, cost, sizeof cost);
    im_rbuf_raw(&rb, r->lock.wrapped, sizeof r->lock.wrapped);
    r->lock.opslimit = im_get_u64le(cost);
    r->lock.memlimit = im_get_u64le(cost + 8);
    int bad = rb.err || rb.pos != rb.len || magic != PARTNER_MAGIC ||
              who != person ||
              (r->lock.kind != IM_PARTNER_SECRET_PIN &&
               r->lock.kind != IM_PARTNER_SECRET_PASSPHRASE) ||
              r->lock.opslimit > IM_PARTNER_OPS_CAP ||
              r->lock.memlimit > IM_PARTNER_MEM_CAP;
    im_buf_free(&b);
    return bad ? IM_ERR_DAMAGED : IM_OK;
}

static im_rc record_write(im_vault *v, unsigned person, const record *r)
{
    unsigned char b[RECORD_BYTES], *p = b;
    im_put_u32le(p, PARTNER_MAGIC);
    p += 4;
    *p++ = (unsigned char)person;
    memcpy(p, r->space, IM_PARTNER_SPACE_BYTES);
    p += IM_PARTNER_SPACE_BYTES;
    *p++ = (unsigned char)r->lock.kind;
    memcpy(p, r->lock.salt, IM_PARTNER_SALT_BYTES);
    p += IM_PARTNER_SALT_BYTES;
    im_put_u64le(p, r->lock.opslimit);
    im_put_u64le(p + 8, r->lock.memlimit);
    p += 16;
    memcpy(p, r->lock.wrapped, IM_PARTNER_WRAPPED_BYTES);
    int64_t id = 0;
    im_rc rc = im_partner_record_id(v, person, &id);
    if (rc != IM_OK && rc != IM_ERR_NOT_FOUND)
        return rc;
    return im_record_put(v, IM_KIND_PARTNER, &id, b, sizeof b); /* 0: new */
}

im_rc im_partner_record_peek(im_vault *v, unsigned person,
                             im_partner_secret *kind,
                             unsigned char space[IM_PARTNER_SPACE_BYTES])
{
    record r;
    im_rc rc = record_read(v, person, &r);
    if (rc != IM_OK)
        return rc;
    if (kind)
        *kind = (im_partner_secret)r.lock.kind;
    if (space)
        memcpy(space, r.space, IM_PARTNER_SPACE_BYTES);
    return IM_OK;
}

im_partner_secret im_partner_secret_of(im_vault *v, unsigned person)
{
    im_partner_secret k = IM_PARTNER_SECRET_NONE;
    if (im_partner_record_peek(v, person, &k, NULL) != IM_OK)
        return IM_PARTNER_SECRET_NONE;
    return k;
}

im_rc im_partner_record_key(im_vault *v, unsigned person, const char *secret,
                            unsigned char **key,
                            unsigned char space[IM_PARTNER_SPACE_BYTES],
                            im_partner_secret *kind)
{
    *key = NULL;
    if (!secret)
        return IM_ERR_INVALID;
    record r;
    im_rc rc = record_read(v, person, &r);
    if (rc != IM_OK)
        return rc;
    im_partner_place pl;
    im_partner_place_person(&pl, r.space, NULL, person);
    if ((rc = im_partner_lock_open(&r.lock, &pl, secret)) != IM_OK)
        return rc;
    *key = r.lock.key; /* handed over: the caller frees it */
    if (space)
        memcpy(space, r.space, IM_PARTNER_SPACE_BYTES);
    if (kind)
        *kind = (im_partner_secret)r.lock.kind;
    return IM_OK;
}

/* A new record for person around key (NULL: a new key) under secret;
 * keep (may be NULL): the partner key, left open for the caller (secure
 * memory), and the space into out_space. */
static im_rc record_make_keep(im_vault *v, unsigned person,
                              im_partner_secret kind, const char *secret,
                              const unsigned char *space,
                              const unsigned char *key, unsigned char **keep,
                              unsigned char *out_space);

static im_rc record_make(im_vault *v, unsigned person, im_partner_secret kind,
                         const char *secret, const unsigned char *space,
                         const unsigned char *key)
{
    return record_make_keep(v, person, kind, secret, space, key, NULL, NULL);
}

static im_rc record_make_keep(im_vault *v, unsigned person,
                              im_partner_secret kind, const char *secret,
                              const unsigned char *space,
                              const unsigned char *key, unsigned char **keep,
                              unsigned char *out_space)
{
    im_rc rc = im_partner_secret_check(kind, secret);
    if (rc != IM_OK)
        return rc;
    im_kdf_params kdf;
    if ((rc = im_vault_kdf_local(v, &kdf)) != IM_OK)
        return rc;
    record r;
    memset(&r, 0, sizeof r);
    if (space)
        memcpy(r.space, space, sizeof r.space);
    else
        randombytes_buf(r.space, sizeof r.space);
    im_partner_place pl;
    im_partner_place_person(&pl, r.space, NULL, person);
    if ((rc = im_partner_lock_make_with(&r.lock, &pl, kind, secret, &kdf,
                                        key)) != IM_OK)
        return rc;
    rc = record_write(v, person, &r);
    if (rc == IM_OK && keep) {
        *keep = r.lock.key; /* handed over */
        r.lock.key = NULL;
        if (out_space)
            memcpy(out_space, r.space, sizeof r.space);
    }
    im_partner_lock_close(&r.lock); /* the key: wiped */
    return rc;
}

im_rc im_partner_record_create(im_vault *v, unsigned person,
                               im_partner_secret kind, const char *secret,
                               unsigned char **key,
                               unsigned char space[IM_PARTNER_SPACE_BYTES])
{
    *key = NULL;
    record r;
    im_rc rc = record_read(v, person, &r);
    if (rc == IM_OK)
        return IM_ERR_EXISTS;
    if (rc != IM_ERR_NOT_FOUND)
        return rc;
    return record_make_keep(v, person, kind, secret, NULL, NULL, key, space);
}

im_rc im_partner_secret_set(im_vault *v, unsigned person,
                            im_partner_secret kind, const char *secret)
{
    record r;
    im_rc rc = record_read(v, person, &r);
    if (rc == IM_OK)
        return IM_ERR_EXISTS;
    if (rc != IM_ERR_NOT_FOUND)
        return rc;
    return record_make(v, person, kind, secret, NULL, NULL);
}

im_rc im_partner_secret_try(im_vault *v, unsigned person, const char *secret)
{
    unsigned char *key = NULL;
    im_rc rc = im_partner_record_key(v, person, secret, &key, NULL, NULL);
    im_secure_free(key);
    return rc;
}

im_rc im_partner_secret_change(im_vault *v, unsigned person,
                               const char *old_secret, im_partner_secret kind,
                               const char *new_secret)
{
    im_rc rc = im_partner_secret_check(kind, new_secret);
    if (rc != IM_OK)
        return rc;
    unsigned char *key = NULL, space[IM_PARTNER_SPACE_BYTES];
    if ((rc = im_partner_record_key(v, person, old_secret, &key, space,
                                    NULL)) != IM_OK)
        return rc;
    rc = record_make(v, person, kind, new_secret, space, key);
    im_secure_free(key);
    return rc;
}
