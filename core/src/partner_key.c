/*
 * partner_key.c -- a partner's own secret for Together: the lock that
 * seals one partner's unfinished sheet inside a couple record.
 *
 * Design: a random 32-byte partner key per partner per couple session,
 * wrapped with XChaCha20-Poly1305 under Argon2id(secret, random salt).  The
 * couple record (itself sealed under the vault key) holds, for a locked
 * partner, only the wrapped key and their sheet sealed under the partner
 * key; so the vault key alone opens neither.  No verifier is stored: a
 * wrong secret is an authentication failure of the wrap.
 *
 * Invariants:
 *  1. The associated data of the wrap binds the vault id, the couple
 *     session id, the partner slot, the kind and the cost (a lock moved to
 *     another vault, session or slot, or with a lowered cost written in,
 *     does not open); that of the sheet binds vault, session and slot.
 *  2. The partner key lives only in im_secure_alloc memory and only while
 *     open; closing wipes it.  Secrets are never copied here.
 *  3. Costs come from the vault's calibrated policy when a lock is made
 *     (PIN: passes times IM_PARTNER_PIN_COST_FACTOR), never below the
 *     vault's floor; costs read back are capped (IM_PARTNER_*_CAP).
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "innermost/wipe.h"
#include "partner_lock.h"
#include "vault_internal.h" /* the vault's id: in the clear part of v */

#define WRAP_LABEL  "innermost partner key v1"
#define SHEET_LABEL "innermost partner sheet v1"
#define AD_MAX      128u

im_rc im_partner_secret_check(im_partner_secret kind, const char *secret)
{
    if (!secret)
        return IM_ERR_INVALID;
    size_t n = strlen(secret);
    switch (kind) {
    case IM_PARTNER_SECRET_PIN:
        if (n < IM_PARTNER_PIN_MIN || n > IM_PARTNER_PIN_MAX)
            return IM_ERR_INVALID;
        for (size_t i = 0; i < n; i++)
            if (secret[i] < '0' || secret[i] > '9')
                return IM_ERR_INVALID;
        return IM_OK;
    case IM_PARTNER_SECRET_PASSPHRASE: return im_passphrase_check(secret);
    default: return IM_ERR_INVALID;
    }
}

void im_partner_place_of(im_partner_place *pl, const im_vault *v,
                         const unsigned char *session, unsigned slot)
{
    memset(pl, 0, sizeof *pl);
    if (v)
        memcpy(pl->vault_id, v->id, sizeof pl->vault_id);
    memcpy(pl->session, session, sizeof pl->session);
    pl->slot = slot;
}

/* label | vault id | session | slot, and for the wrap kind | salt | costs. */
static size_t make_ad(unsigned char *ad, const char *label,
                      const im_partner_place *pl, const im_partner_lock *l)
{
    size_t n = strlen(label);
    memcpy(ad, label, n);
    memcpy(ad + n, pl->vault_id, IM_VAULT_ID_BYTES);
    n += IM_VAULT_ID_BYTES;
    memcpy(ad + n, pl->session, IM_COUPLE_SESSION_BYTES);
    n += IM_COUPLE_SESSION_BYTES;
    ad[n++] = (unsigned char)pl->slot;
    if (l) {
        ad[n++] = (unsigned char)l->kind;
        memcpy(ad + n, l->salt, IM_PARTNER_SALT_BYTES);
        n += IM_PARTNER_SALT_BYTES;
        im_put_u64le(ad + n, l->opslimit);
        im_put_u64le(ad + n + 8, l->memlimit);
        n += 16;
    }
    return n;
}

/* Argon2id(secret, salt) at l's cost into kek (secure memory). */
static im_rc derive(const im_partner_lock *l, const char *secret,
                    unsigned char *kek)
{
    if (l->opslimit < IM_KDF_OPSLIMIT_MIN || l->opslimit > IM_PARTNER_OPS_CAP ||
        l->memlimit < IM_KDF_MEMLIMIT_MIN || l->memlimit > IM_PARTNER_MEM_CAP)
        return IM_ERR_DAMAGED;
    if (crypto_pwhash(kek, IM_PARTNER_KEY_BYTES, secret, strlen(secret),
                      l->salt, l->opslimit, (size_t)l->memlimit,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        return IM_ERR_NOMEM;
    return IM_OK;
}

im_rc im_partner_lock_make(im_partner_lock *l, const im_partner_place *pl,
                           im_partner_secret kind, const char *secret,
                           const im_kdf_params *vault_kdf)
{
    return im_partner_lock_make_with(l, pl, kind, secret, vault_kdf, NULL);
}

im_rc im_partner_lock_make_with(im_partner_lock *l, const im_partner_place *pl,
                                im_partner_secret kind, const char *secret,
                                const im_kdf_params *vault_kdf,
                                const unsigned char *key)
{
    if (!l || !pl || !secret || !vault_kdf || l->kind || l->key ||
        (kind != IM_PARTNER_SECRET_PIN && kind != IM_PARTNER_SECRET_PASSPHRASE))
        return IM_ERR_INVALID;
    im_partner_lock n = {0};
    n.kind = (unsigned)kind;
    randombytes_buf(n.salt, sizeof n.salt);
    n.opslimit = vault_kdf->opslimit < IM_KDF_OPSLIMIT_MIN
                     ? IM_KDF_OPSLIMIT_MIN
                     : vault_kdf->opslimit;
    n.memlimit = vault_kdf->memlimit < IM_KDF_MEMLIMIT_MIN
                     ? IM_KDF_MEMLIMIT_MIN
                     : vault_kdf->memlimit;
    if (kind == IM_PARTNER_SECRET_PIN)
        n.opslimit *= IM_PARTNER_PIN_COST_FACTOR;
    if (n.opslimit > IM_PARTNER_OPS_CAP)
        n.opslimit = IM_PARTNER_OPS_CAP;
    if (n.memlimit > IM_PARTNER_MEM_CAP)
        n.memlimit = IM_PARTNER_MEM_CAP;
    unsigned char *kek = im_secure_alloc(IM_PARTNER_KEY_BYTES);
    n.key = im_secure_alloc(IM_PARTNER_KEY_BYTES);
    if (!kek || !n.key) {
        im_secure_free(kek);
        im_secure_free(n.key);
        return IM_ERR_NOMEM;
    }
    if (key)
        memcpy(n.key, key, IM_PARTNER_KEY_BYTES);
    else
        crypto_aead_xchacha20poly1305_ietf_keygen(n.key);
    im_rc rc = derive(&n, secret, kek);
    if (rc == IM_OK) {
        unsigned char ad[AD_MAX];
        size_t adn = make_ad(ad, WRAP_LABEL, pl, &n);
        randombytes_buf(n.wrapped, IM_PARTNER_NONCE_BYTES);
        crypto_aead_xchacha20poly1305_ietf_encrypt(
            n.wrapped + IM_PARTNER_NONCE_BYTES, NULL, n.key,
            IM_PARTNER_KEY_BYTES, ad, adn, NULL, n.wrapped, kek);
    }
    im_secure_free(kek);
    if (rc != IM_OK) {
        im_secure_free(n.key);
        return rc;
    }
    *l = n;
    return IM_OK;
}

im_rc im_partner_lock_open(im_partner_lock *l, const im_partner_place *pl,
                           const char *secret)
{
    if (!l || !pl || !secret || !l->kind)
        return IM_ERR_INVALID;
    unsigned char *kek = im_secure_alloc(IM_PARTNER_KEY_BYTES);
    unsigned char *key = im_secure_alloc(IM_PARTNER_KEY_BYTES);
    im_rc rc = kek && key ? derive(l, secret, kek) : IM_ERR_NOMEM;
    if (rc == IM_OK) {
        unsigned char ad[AD_MAX];
        size_t adn = make_ad(ad, WRAP_LABEL, pl, l);
        if (crypto_aead_xchacha20poly1305_ietf_decrypt(
                key, NULL, NULL, l->wrapped + IM_PARTNER_NONCE_BYTES,
                IM_PARTNER_WRAPPED_BYTES - IM_PARTNER_NONCE_BYTES, ad, adn,
                l->wrapped, kek) != 0)
            rc = IM_ERR_WRONG_SECRET;
    }
    im_secure_free(kek);
    if (rc != IM_OK) {
        im_secure_free(key);
        return rc;
    }
    im_secure_free(l->key);
    l->key = key;
    return IM_OK;
}

void im_partner_lock_close(im_partner_lock *l)
{
    if (!l)
        return;
    im_secure_free(l->key); /* wipes */
    l->key = NULL;
}

void im_partner_lock_free(im_partner_lock *l)
{
    if (!l)
        return;
    im_partner_lock_close(l);
    free(l->sealed); /* ciphertext: nothing to wipe */
    memset(l, 0, sizeof *l);
}

im_rc im_partner_seal(const im_partner_lock *l, const im_partner_place *pl,
                      const unsigned char *plain, size_t len,
                      unsigned char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (!l->key)
        return IM_ERR_SEALED;
    size_t n = IM_PARTNER_NONCE_BYTES + len + IM_PARTNER_TAG_BYTES;
    unsigned char *b = malloc(n);
    if (!b)
        return IM_ERR_NOMEM;
    unsigned char ad[AD_MAX];
    size_t adn = make_ad(ad, SHEET_LABEL, pl, NULL);
    randombytes_buf(b, IM_PARTNER_NONCE_BYTES);
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        b + IM_PARTNER_NONCE_BYTES, NULL, plain, len, ad, adn, NULL, b, l->key);
    *out = b;
    *out_len = n;
    return IM_OK;
}

im_rc im_partner_unseal(const im_partner_lock *l, const im_partner_place *pl,
                        unsigned char **plain, size_t *len)
{
    *plain = NULL;
    *len = 0;
    if (!l->key)
        return IM_ERR_SEALED;
    if (!l->sealed ||
        l->sealed_len < IM_PARTNER_NONCE_BYTES + IM_PARTNER_TAG_BYTES)
        return IM_ERR_DAMAGED;
    size_t n = l->sealed_len - IM_PARTNER_NONCE_BYTES - IM_PARTNER_TAG_BYTES;
    unsigned char *p = malloc(n ? n : 1);
    if (!p)
        return IM_ERR_NOMEM;
    unsigned char ad[AD_MAX];
    size_t adn = make_ad(ad, SHEET_LABEL, pl, NULL);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            p, NULL, NULL, l->sealed + IM_PARTNER_NONCE_BYTES,
            l->sealed_len - IM_PARTNER_NONCE_BYTES, ad, adn, l->sealed,
            l->key) != 0) {
        free(p);
        return IM_ERR_DAMAGED;
    }
    *plain = p;
    *len = n;
    return IM_OK;
}

im_rc im_partner_keep_sealed(im_partner_lock *l, const unsigned char *sealed,
                             size_t len)
{
    unsigned char *c = malloc(len ? len : 1);
    if (!c)
        return IM_ERR_NOMEM;
    if (len)
        memcpy(c, sealed, len);
    free(l->sealed);
    l->sealed = c;
    l->sealed_len = len;
    return IM_OK;
}

void im_partner_lock_write(im_wbuf *w, const im_partner_lock *l,
                           const unsigned char *sealed, size_t sealed_len)
{
    unsigned char cost[16];
    im_put_u64le(cost, l->opslimit);
    im_put_u64le(cost + 8, l->memlimit);
    im_wbuf_u8(w, l->kind);
    im_wbuf_raw(w, l->salt, sizeof l->salt);
    im_wbuf_raw(w, cost, sizeof cost);
    im_wbuf_raw(w, l->wrapped, sizeof l->wrapped);
    im_wbuf_u32(w, (uint32_t)sealed_len);
    im_wbuf_raw(w, sealed, sealed_len);
}

void im_rbuf_raw(im_rbuf *r, void *out, size_t n)
{
    if (r->err || r->len - r->pos < n) {
        r->err = 1;
        memset(out, 0, n);
        return;
    }
    memcpy(out, r->p + r->pos, n);
    r->pos += n;
}

void im_partner_lock_read(im_rbuf *r, im_partner_lock *l)
{
    unsigned char cost[16];
    memset(l, 0, sizeof *l);
    l->kind = im_rbuf_u8(r);
    im_rbuf_raw(r, l->salt, sizeof l->salt);
    im_rbuf_raw(r, cost, sizeof cost);
    im_rbuf_raw(r, l->wrapped, sizeof l->wrapped);
    l->opslimit = im_get_u64le(cost);
    l->memlimit = im_get_u64le(cost + 8);
    uint32_t n = im_rbuf_u32(r);
    if (r->err ||
        (l->kind != IM_PARTNER_SECRET_PIN &&
         l->kind != IM_PARTNER_SECRET_PASSPHRASE) ||
        l->opslimit > IM_PARTNER_OPS_CAP || l->memlimit > IM_PARTNER_MEM_CAP ||
        n < IM_PARTNER_NONCE_BYTES + IM_PARTNER_TAG_BYTES ||
        n > r->len - r->pos) {
        r->err = 1;
        return;
    }
    if (im_partner_keep_sealed(l, r->p + r->pos, n) != IM_OK) {
        r->err = 1;
        return;
    }
    r->pos += n;
}
