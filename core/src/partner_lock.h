/*
 * partner_lock.h -- one partner's lock inside a couple record
 * (partner_key.c): a random partner key wrapped under Argon2id of their
 * secret, and their sheet sealed under that key.  Used by the couple run
 * (engine_couple*.c); see innermost/partner_key.h for what it protects.
 */
#ifndef IM_PARTNER_LOCK_H
#define IM_PARTNER_LOCK_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/partner_key.h"
#include "innermost/vault.h"
#include "record_codec.h"

#define IM_PARTNER_KEY_BYTES   32u
#define IM_PARTNER_SALT_BYTES  16u
#define IM_PARTNER_NONCE_BYTES 24u
#define IM_PARTNER_TAG_BYTES   16u
#define IM_PARTNER_WRAPPED_BYTES \
    (IM_PARTNER_NONCE_BYTES + IM_PARTNER_KEY_BYTES + IM_PARTNER_TAG_BYTES)
#define IM_COUPLE_SESSION_BYTES 16u
#define IM_PARTNER_SPACE_BYTES  16u
/* Costs read from a record are capped (a crafted record must not run for
 * minutes): the vault's caps, times the PIN factor for passes. */
#define IM_PARTNER_OPS_CAP (16u * IM_PARTNER_PIN_COST_FACTOR)
#define IM_PARTNER_MEM_CAP (1024ull * 1024 * 1024)

/* What binds a lock and its sheet to one place: this vault, this couple
 * session, this partner slot. */
typedef struct im_partner_place {
    unsigned char vault_id[IM_VAULT_ID_BYTES];
    unsigned char session[IM_COUPLE_SESSION_BYTES];
    unsigned slot; /* 0 or 1 */
} im_partner_place;

typedef struct im_partner_lock {
    unsigned kind; /* IM_PARTNER_SECRET_PIN / _PASSPHRASE; 0: no lock */
    /* 0: this session's own lock (h22sec's form: salt, costs, wrapped key
     * below); person + 1: the sheet is sealed under that partner's one key,
     * wrapped in their partner record (partner_record.c), of space: */
    unsigned person;
    unsigned char space[IM_PARTNER_SPACE_BYTES];
    unsigned char salt[IM_PARTNER_SALT_BYTES];
    uint64_t opslimit, memlimit;
    unsigned char wrapped[IM_PARTNER_WRAPPED_BYTES]; /* nonce | key sealed */
    unsigned char *key;    /* im_secure_alloc'd while open, else NULL       */
    unsigned char *sealed; /* the sheet as last sealed: nonce | ciphertext */
    size_t sealed_len;
} im_partner_lock;

/* The place of slot in a session of vault v (v unlocked or not: the id is
 * in the clear part). */
void im_partner_place_of(im_partner_place *pl, const im_vault *v,
                         const unsigned char *session, unsigned slot);

/* A new lock for secret (im_partner_secret_check first) at cost vault_kdf
 * (passes times IM_PARTNER_PIN_COST_FACTOR for a PIN), left open.  l must
 * be empty.  IM_ERR_NOMEM; nothing kept on failure. */
im_rc im_partner_lock_make(im_partner_lock *l, const im_partner_place *pl,
                           im_partner_secret kind, const char *secret,
                           const im_kdf_params *vault_kdf);
/* The same with the partner key given (key NULL: a new random one): a
 * changed secret wraps the same key. */
im_rc im_partner_lock_make_with(im_partner_lock *l, const im_partner_place *pl,
                                im_partner_secret kind, const char *secret,
                                const im_kdf_params *vault_kdf,
                                const unsigned char *key);
/* Opens l's key with secret: IM_ERR_WRONG_SECRET (nothing changes) when
 * it does not open, IM_ERR_DAMAGED for costs over the caps.  Open
 * already: the secret is still checked. */
im_rc im_partner_lock_open(im_partner_lock *l, const im_partner_place *pl,
                           const char *secret);
/* Wipe and drop the key (the sealed copy stays). */
void im_partner_lock_close(im_partner_lock *l);
/* Everything, wiped; l is empty afterwards. */
void im_partner_lock_free(im_partner_lock *l);

/* Seal plain under the open key (fresh nonce) into a malloc'd nonce |
 * ciphertext; IM_ERR_SEALED when closed. */
im_rc im_partner_seal(const im_partner_lock *l, const im_partner_place *pl,
                      const unsigned char *plain, size_t len,
                      unsigned char **out, size_t *out_len);
/* Open l->sealed with the open key into a malloc'd copy (wipe it);
 * IM_ERR_SEALED when closed, IM_ERR_DAMAGED when it fails to open. */
im_rc im_partner_unseal(const im_partner_lock *l, const im_partner_place *pl,
                        unsigned char **plain, size_t *len);
/* Keep a copy of sealed as l->sealed (replacing the old one). */
im_rc im_partner_keep_sealed(im_partner_lock *l, const unsigned char *sealed,
                             size_t len);

/* The lock in a saved state: u8 kind, salt, u64 ops, u64 mem, wrapped key
 * (raw bytes), u32 n, n bytes of sealed sheet.  Read refuses costs over the
 * caps and a kind it does not know (r->err). */
void im_partner_lock_write(im_wbuf *w, const im_partner_lock *l,
                           const unsigned char *sealed, size_t sealed_len);
void im_partner_lock_read(im_rbuf *r, im_partner_lock *l);

/* ---- The partner record (partner_record.c) ----
 * Opens person's record with secret: *key (IM_PARTNER_KEY_BYTES in
 * im_secure_alloc memory: the caller frees it), the record's space and
 * kind.  IM_ERR_NOT_FOUND without a record, IM_ERR_WRONG_SECRET,
 * IM_ERR_DAMAGED. */
im_rc im_partner_record_key(im_vault *v, unsigned person, const char *secret,
                            unsigned char **key,
                            unsigned char space[IM_PARTNER_SPACE_BYTES],
                            im_partner_secret *kind);
/* im_partner_secret_set, keeping the new key open for the caller (*key in
 * secure memory: free it) and its space: one derivation, not two. */
im_rc im_partner_record_create(im_vault *v, unsigned person,
                               im_partner_secret kind, const char *secret,
                               unsigned char **key,
                               unsigned char space[IM_PARTNER_SPACE_BYTES]);
/* The vault record id of person's record: IM_ERR_NOT_FOUND without one. */
im_rc im_partner_record_id(im_vault *v, unsigned person, int64_t *id);
/* person's record without its secret: its kind and space; IM_ERR_NOT_FOUND
 * without one. */
im_rc im_partner_record_peek(im_vault *v, unsigned person,
                             im_partner_secret *kind,
                             unsigned char space[IM_PARTNER_SPACE_BYTES]);
/* The place a person-lock's sheet is sealed at: space, session, slot. */
void im_partner_place_person(im_partner_place *pl, const unsigned char *space,
                             const unsigned char *session, unsigned slot);

/* Raw bytes in a saved state (no length prefix). */
void im_rbuf_raw(im_rbuf *r, void *out, size_t n);

#endif
