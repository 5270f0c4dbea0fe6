/*
 * vault_internal.h -- what the vault's modules share and nobody else sees.
 *
 * The vault is split by job: store.c (SQLite: open, pragmas, schema and
 * migrations, error mapping, write scopes), keyslot.c (Argon2id, wrapping
 * the master key), recovery.c (recovery codes), record.c (sealed records),
 * vault.c (lifecycle, instance lock, lock listeners, preferences,
 * transactions) and
 * harden.c (process hardening).  struct im_vault lives here so each module
 * can reach the connection and the keys without accessor boilerplate.
 */
#ifndef INNERMOST_VAULT_INTERNAL_H
#define INNERMOST_VAULT_INTERNAL_H

#include <sqlite3.h>
#include <sodium.h>

#include "innermost/contract.h"
#include "innermost/trusted_store.h"
#include "innermost/vault.h"

#define IM_MASTER_KEY_BYTES 32
#define IM_SLOT_KEY_BYTES   32
#define IM_AEAD_NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define IM_AEAD_TAG_BYTES   crypto_aead_xchacha20poly1305_ietf_ABYTES

/* A registered lock listener (vault.h). */
typedef struct im_lock_listener {
    im_lock_fn fn;
    void *ctx;
} im_lock_listener;

/* Keyslot numbers (the keyslot table's primary key). */
#define IM_SLOT_PASSPHRASE 1
#define IM_SLOT_RECOVERY   2

/* How a slot's key is derived from its secret (stored with the slot). */
#define IM_SLOT_KDF_ARGON2ID13 1 /* passphrase: crypto_pwhash Argon2id   */
#define IM_SLOT_KDF_BLAKE2B    2 /* recovery code, schema 1: keyed BLAKE2b */
#define IM_SLOT_KDF_BOX        3 /* recovery code: X25519 sealed box       */

/* A recovery slot of kind IM_SLOT_KDF_BOX holds the master key sealed to a
 * public key whose secret half only the code can rebuild, so a rotation can
 * seal a new master key for the code without knowing it. */
#define IM_SLOT_BOX_PLAIN   (IM_MASTER_KEY_BYTES + IM_VAULT_ID_BYTES)
#define IM_SLOT_WRAPPED_MAX (crypto_box_SEALBYTES + IM_SLOT_BOX_PLAIN)

#define IM_MANIFEST_KEY_BYTES 32
/* The sealed manifest row: nonce || AEAD of generation, count, digest. */
#define IM_MANIFEST_BLOB_BYTES \
    (IM_AEAD_NONCE_BYTES + 8 + 8 + 32 + IM_AEAD_TAG_BYTES)

/* The keys of an unlocked vault, in one sodium_malloc'd block (guard pages,
 * mlock'd where the OS allows, wiped by sodium_free). */
typedef struct im_vault_keys {
    unsigned char master[IM_MASTER_KEY_BYTES]; /* wrapped by the keyslots */
    unsigned char record[IM_MASTER_KEY_BYTES]; /* subkey sealing records  */
    unsigned char pass_kek[IM_SLOT_KEY_BYTES]; /* passphrase slot key,
                                                  if has_pass_kek         */
    int has_pass_kek;
    /* a subkey derived for one use and wiped straight after (the
     * manifest's key: manifest.c), here for the guard pages and mlock */
    unsigned char scratch[IM_MANIFEST_KEY_BYTES];
    /* the manifest row as this handle last wrote it under master, and
     * what it seals (manifest.c, "The last manifest written"); mf_known 0:
     * nothing remembered */
    int mf_known;
    unsigned char mf_master[IM_MASTER_KEY_BYTES]; /* the master it was under */
    unsigned char mf_blob[IM_MANIFEST_BLOB_BYTES];
    uint64_t mf_plain[6];
    /* the manifest a caller transaction's writes have made, written once
     * at its commit (manifest.c, "One write a transaction"): MF_NONE,
     * MF_HELD (mf_held is it) or MF_RECOUNT (a scope inside failed: count
     * the table at the commit; mf_held[0] is the generation) */
    int mf_state;
    uint64_t mf_held[6];
} im_vault_keys;

/* A statement prepared once and reused (store.c, "Statement cache"). */
typedef struct im_stmt_slot {
    const char *sql; /* the caller's SQL text, compared by address */
    sqlite3_stmt *st;
    int busy; /* handed out and not yet released                    */
} im_stmt_slot;

#define IM_STORE_STMTS 16

struct im_vault {
    sqlite3 *db;
    im_stmt_slot stmts[IM_STORE_STMTS]; /* finalized before db closes */
    char *dir;
    char *db_path;
    int lock_fd; /* flock'd instance lock, -1 if none      */
    unsigned char id[IM_VAULT_ID_BYTES];
    im_vault_keys *keys;  /* NULL while locked                      */
    im_kdf_params policy; /* unlock rewraps slots weaker than this  */
    im_clock clock;
    int has_clock;
    im_lock_listener *listeners; /* told before the keys are wiped         */
    size_t n_listeners, cap_listeners;
    int notifying; /* listeners are being called             */
    int tx_depth;  /* im_vault_begin nesting                 */
    int tx_doomed; /* the outer transaction was rolled back  */
    /* Set at a passphrase unlock: the passphrase slot as it was opened,
     * so its cost is one the AEAD authenticated (never re-read). */
    unsigned char pass_salt[IM_SALT_BYTES];
    im_kdf_params unlock_params;
    im_trusted_store trusted; /* get == NULL: none (desktop)            */
    im_history history;       /* what the unlock's manifest check found */
    int tries_seen;           /* wrong tries counted before this unlock */
    int recovered;            /* unlocked by recovery code: the code
                                    should be replaced (im_vault_rekey)    */
    /* A person's vault (people.c): a new passphrase slot of cost
     * pinned_params takes pinned_salt, the folder's shared one, so that
     * "Switch person" stays one derivation; no upward rewrap at unlock
     * (the people's cost rises together or not at all). */
    int salt_pinned;
    unsigned char pinned_salt[IM_SALT_BYTES];
    im_kdf_params pinned_params;
};

/* A stored keyslot row. */
typedef struct im_slot {
    int kdf;
    im_kdf_params params; /* Argon2id only                          */
    unsigned char salt[IM_SALT_BYTES];
    unsigned char nonce[IM_AEAD_NONCE_BYTES];    /* zero for a box slot  */
    unsigned char pk[crypto_box_PUBLICKEYBYTES]; /* box slot only        */
    unsigned char wrapped[IM_SLOT_WRAPPED_MAX];
    size_t wrapped_len;
} im_slot;

#define IM_SLOT_AEAD_WRAPPED (IM_MASTER_KEY_BYTES + IM_AEAD_TAG_BYTES)

/* Little-endian encoding for associated data, so a vault written on one
 * machine opens on any other. */
static inline unsigned char *im_le64_put(unsigned char *p, uint64_t x)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(x >> (8 * i));
    return p + 8;
}

/* ---- store.c ---- */
#define IM_DB_NAME        "innermost.db"
#define IM_LOCK_NAME      "innermost.lock"
#define IM_TRIES_NAME     "innermost.tries"
#define IM_SCHEMA_VERSION 3

im_rc im_store_rc(sqlite3 *db, int rc);
im_rc im_store_exec(sqlite3 *db, const char *sql);
im_rc im_store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st);
/* Step a statement for one integer in column 0 and finalize it:
 * IM_ERR_NOT_FOUND without a row, IM_ERR_DAMAGED if it is not an integer. */
im_rc im_store_get_int(sqlite3 *db, sqlite3_stmt *st, int64_t *out);
/* The same for a blob of exactly len bytes, copied to out: IM_ERR_NOT_FOUND
 * without a row, IM_ERR_DAMAGED if it is not a blob of that size. */
im_rc im_store_get_blob(sqlite3 *db, sqlite3_stmt *st, void *out, size_t len);
/* Step a statement expected to finish (INSERT/UPDATE/DELETE), finalize it. */
im_rc im_store_step_done(sqlite3 *db, sqlite3_stmt *st);
im_rc im_store_open(const char *path, int create, sqlite3 **out);
/* Statement cache (store.c).  im_store_cached: sql (a string constant:
 * the cache knows it by address) prepared once per connection and handed
 * out reset, with no bindings; one already handed out is prepared afresh.
 * Every statement from it goes back through im_store_release (reset and
 * bindings cleared, or finalized if it was not cached) -- also by the
 * _v forms below, which step like the ones above and then release.
 * im_store_cache_clear finalizes them all: before the connection closes. */
im_rc im_store_cached(im_vault *v, const char *sql, sqlite3_stmt **st);
void im_store_release(im_vault *v, sqlite3_stmt *st);
im_rc im_store_run(im_vault *v, const char *sql);
im_rc im_store_step_done_v(im_vault *v, sqlite3_stmt *st);
im_rc im_store_get_int_v(im_vault *v, sqlite3_stmt *st, int64_t *out);
im_rc im_store_get_blob_v(im_vault *v, sqlite3_stmt *st, void *out, size_t len);
void im_store_cache_clear(im_vault *v);
im_rc im_store_checkpoint(sqlite3 *db);
/* Every write call brackets its statements with these: a savepoint that
 * nests inside im_vault_begin and commits on its own otherwise. */
im_rc im_store_write_begin(im_vault *v);
im_rc im_store_write_end(im_vault *v, im_rc rc);

/* ---- keyslot.c ---- */
int im_kdf_params_valid(const im_kdf_params *p);
/* Valid and not below the policy minimums: fit for a new slot. */
int im_kdf_params_acceptable(const im_kdf_params *p);
int im_kdf_params_below(const im_kdf_params *have, const im_kdf_params *want);
im_rc im_slot_read(sqlite3 *db, int slot, im_slot *out);
im_rc im_slot_write(sqlite3 *db, int slot, const im_slot *s);
/* Seal the master key into s under slot_key (fresh nonce). */
void im_slot_seal(const unsigned char id[IM_VAULT_ID_BYTES], int slot,
                  im_slot *s, const unsigned char *slot_key,
                  const unsigned char *master);
/* Open s under slot_key into master; -1 if it does not authenticate. */
int im_slot_open(const unsigned char id[IM_VAULT_ID_BYTES], int slot,
                 const im_slot *s, const unsigned char *slot_key,
                 unsigned char *master);
/* A passphrase slot: new salt, Argon2id under params, sealed master. */
im_rc im_slot_make_passphrase(const unsigned char id[IM_VAULT_ID_BYTES],
                              const char *passphrase,
                              const im_kdf_params *params,
                              const unsigned char *master, im_slot *out,
                              unsigned char *key_out);
/* The same with a given salt (NULL: a fresh one).  Only the people of a
 * data folder share one (people.c): every other slot has its own. */
im_rc im_slot_make_passphrase_salted(const unsigned char id[IM_VAULT_ID_BYTES],
                                     const char *passphrase,
                                     const im_kdf_params *params,
                                     const unsigned char *salt,
                                     const unsigned char *master, im_slot *out,
                                     unsigned char *key_out);
/* Largest stored costs read from disk are allowed to ask for. */
#define IM_KDF_OPSLIMIT_CAP 16ULL
#define IM_KDF_MEMLIMIT_CAP (1ULL * 1024 * 1024 * 1024)
/* Derive the passphrase slot key (sodium_malloc'd buffer of 32 bytes). */
im_rc im_slot_passphrase_key(const im_slot *s, const char *passphrase,
                             unsigned char *key);

/* ---- recovery.c ---- */
im_rc im_recovery_make_slot(const unsigned char id[IM_VAULT_ID_BYTES],
                            const unsigned char *master, im_slot *out,
                            char code[IM_RECOVERY_CODE_SIZE]);
/* Parse a typed code into its 20 bytes; IM_ERR_INVALID if malformed. */
im_rc im_recovery_parse(const char *typed,
                        unsigned char bytes[IM_RECOVERY_CODE_BYTES]);
void im_recovery_slot_key(const im_slot *s,
                          const unsigned char bytes[IM_RECOVERY_CODE_BYTES],
                          unsigned char *key);
/* Open a recovery slot (either kind) with the code's bytes into master;
 * -1 if it does not open. */
int im_recovery_open(const unsigned char id[IM_VAULT_ID_BYTES],
                     const im_slot *s,
                     const unsigned char bytes[IM_RECOVERY_CODE_BYTES],
                     unsigned char *master);
/* Seal master into a box slot for the code that made it (no code needed). */
im_rc im_recovery_reseal(const unsigned char id[IM_VAULT_ID_BYTES], im_slot *s,
                         const unsigned char *master);

/* ---- rekey.c ---- */
/* Write the key check for master (meta 'key_check'), replacing any. */
im_rc im_keycheck_write(sqlite3 *db, const unsigned char id[IM_VAULT_ID_BYTES],
                        const unsigned char *master,
                        const im_kdf_params *policy);
/* IM_OK if master passes the stored check, IM_ERR_REPLACED if it fails,
 * IM_ERR_NOT_FOUND if the vault has none yet (schema 1). */
im_rc im_keycheck_verify(sqlite3 *db, const unsigned char id[IM_VAULT_ID_BYTES],
                         const unsigned char *master);

/* The policy sealed in the key check (v unlocked; IM_ERR_NOT_FOUND if the
 * vault has no key check yet), and writing it with a new policy. */
im_rc im_keycheck_policy(im_vault *v, im_kdf_params *policy);
im_rc im_keycheck_store(im_vault *v, const unsigned char *master,
                        const im_kdf_params *policy);

/* ---- guard.c ---- */
/* At an unlock: keep the wrong-try count on the handle, reset the file. */
void im_guard_take_tries(im_vault *v);
int im_autolock_allowed(int64_t seconds);
/* In the rekey transaction: re-seal auto-lock under new_master. */
im_rc im_guard_reseal(im_vault *v, const unsigned char *new_master);

/* ---- manifest.c ---- */
/* What the manifest hashes of one record row: its clear columns id and
 * kind, and either its nonce (fresh at every write) or, for a row sealed
 * before schema 3, the edit count it then kept in clear (legacy > 0). */
typedef struct im_row_tag {
    int64_t id;
    int64_t kind;
    int64_t legacy;
    unsigned char nonce[IM_AEAD_NONCE_BYTES]; /* a short one zero-filled */
} im_row_tag;
/* The tag of the row whose id, kind, legacy_version and nonce are columns
 * col.. of st's current row. */
void im_row_tag_read(sqlite3_stmt *st, int col, im_row_tag *t);
/* In a record write's savepoint: row gone went away (NULL: a new record)
 * and row now took its place (NULL: a delete). */
im_rc im_manifest_apply(im_vault *v, const im_row_tag *gone,
                        const im_row_tag *now);
/* A caller transaction's manifest (held by im_manifest_apply inside it):
 * flush writes it, in the transaction, before the outermost commit;
 * discard forgets it (rolled back); scope_failed notes that a write scope
 * inside was rolled back, so the flush counts the table instead. */
im_rc im_manifest_flush(im_vault *v);
void im_manifest_discard(im_vault *v);
void im_manifest_scope_failed(im_vault *v);
/* In the rekey transaction: the manifest recomputed under new_master. */
im_rc im_manifest_rebuild(im_vault *v, const unsigned char *new_master);
/* At unlock (keys installed): compare, keep the finding, re-base. */
im_rc im_manifest_check(im_vault *v);

/* Name of a value of v in the trusted store ("<id hex>.<what>"). */
void im_trusted_name(const im_vault *v, const char *what, char out[64]);
/* At lock: the current write counter into the trusted store, if any. */
void im_manifest_remember(im_vault *v);

/* ---- record.c ---- */
/* Re-seal every record under new_key (opened under v->keys->record) in
 * the current format, in the caller's transaction, reporting (done, total)
 * to fn if not NULL. */
im_rc im_record_reseal_all(im_vault *v, const unsigned char *new_key,
                           im_progress_fn fn, void *ctx);
/* At unlock, after the manifest check: re-seal, in one transaction, the
 * rows an older build sealed with their edit count and trash state in
 * clear, and re-base the manifest on the result.  IM_OK if none is left. */
im_rc im_record_upgrade(im_vault *v);

/* ---- vault.c ---- */
/* Whether v satisfies the handle invariants listed in vault.c (1, 2, 4-6):
 * for IM_ASSERT at entry to every call on a handle. */
int im_vault_state_ok(const im_vault *v);
/* Invariant 3 of vault.c as well: no SQL transaction is open beyond the
 * caller's (true between calls, not inside a write scope). */
int im_vault_idle_ok(const im_vault *v);
/* Install the keys for master (derives the record subkey). */
im_rc im_vault_keys_set(im_vault *v, const unsigned char *master);
/* Derive k->record from k->master. */
void im_vault_keys_derive(im_vault_keys *k);
/* im_vault_create with the passphrase slot under salt (NULL: a fresh one). */
im_rc im_vault_create_salted(const char *dir, const char *passphrase,
                             const im_kdf_params *kdf,
                             const unsigned char *salt,
                             char recovery_code[IM_RECOVERY_CODE_SIZE],
                             im_vault **out);
/* Unlock a locked v with the key already derived for its passphrase slot s
 * (as im_slot_read gave it): what im_vault_unlock does after its
 * derivation, without the upward rewrap.  IM_ERR_WRONG_SECRET if the slot
 * does not open under key. */
im_rc im_vault_unlock_key(im_vault *v, const im_slot *s,
                          const unsigned char *key);

/* A vault with no keyslot, for master (couple_space.c): created unlocked.
 * IM_ERR_EXISTS if dir holds a vault. */
im_rc im_vault_create_keyed(const char *dir, const unsigned char *master,
                            im_vault **out);
/* Unlock v with its master key itself (checked against the key check:
 * IM_ERR_REPLACED for any other key, an old one included); on an unlocked
 * v, compare only. */
im_rc im_vault_unlock_master(im_vault *v, const unsigned char *master);
/* Rotate a keyed vault to new_master: key check, auto-lock, every record
 * and the manifest re-sealed, and extra(v, ctx) written (if not NULL), all
 * in one transaction; the handle holds the new key only after COMMIT. */
im_rc im_vault_rekey_master(im_vault *v, const unsigned char *new_master,
                            im_rc (*extra)(im_vault *v, void *ctx), void *ctx);
#endif
