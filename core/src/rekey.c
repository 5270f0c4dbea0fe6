/*
 * rekey.c -- key rotation and the key check.
 *
 * A passphrase change, a new recovery code, and the passphrase set after a
 * recovery-code unlock all make a new random master key and re-seal every
 * record under it (im_vault_rekey).  Someone who kept the old keyslot rows
 * and knows the old secret then holds only the old master key, which opens
 * nothing written afterwards.
 *
 * The key check is one meta row, 'key_check': nonce || AEAD, under a subkey
 * of the master key, of a fixed tag and the stored KDF policy (opslimit,
 * memlimit), associated data the vault id.  Unlock verifies it: a slot
 * that opens a master key other than the current one (an old row pasted
 * back, a planted box) is refused with IM_ERR_REPLACED.  The policy inside
 * it is the calibrated cost, authenticated, so a new passphrase slot never
 * takes its cost from a number an attacker could have edited.
 *
 * Design notes
 *   - One SQLite transaction (BEGIN IMMEDIATE ... COMMIT) holds the new
 *     keyslots, the new key check and every re-sealed record.  A kill
 *     before COMMIT is on disk leaves the old vault (old secret, old key);
 *     after it, the new one.  There is no moment at which neither opens.
 *   - The new keys are installed in the handle only after COMMIT returned;
 *     on any failure they are wiped and the handle keeps the old ones.
 *   - After the commit the WAL is checkpointed and truncated and
 *     secure_delete is on, so the old rows' bytes do not stay in the files.
 *   - A record that does not open under the old key (already damaged) is
 *     left as it is: it was unreadable before and stays so.
 *
 * Invariants
 *   1. Every key made here lives in sodium_malloc'd memory and is freed
 *      (wiped) on every path that does not install it.
 *   2. im_vault_rekey runs only outside a caller transaction, so its
 *      COMMIT is the commit (and no other transaction is open then:
 *      im_vault_idle_ok).
 *   3. After a rotation the handle holds the new keys, with the passphrase
 *      slot key among them, and is as sound as before (im_vault_state_ok).
 *      IM_ASSERT checks 2 and 3 (contract.h).
 */
#include "people_internal.h"
#include "vault_internal.h"

#include <stdlib.h>
#include <string.h>

static const char check_context[crypto_kdf_CONTEXTBYTES] = "imkcheck";
static const char check_tag[] = "innermost-key-check-v1";
#define CHECK_SUBKEY_ID   1
#define CHECK_PLAIN_BYTES (sizeof check_tag - 1 + 16)
#define CHECK_BLOB_BYTES \
    (IM_AEAD_NONCE_BYTES + CHECK_PLAIN_BYTES + IM_AEAD_TAG_BYTES)

/* ---- key check ---- */

static int check_key(const unsigned char *master, unsigned char *key)
{
    return crypto_kdf_derive_from_key(key, 32, CHECK_SUBKEY_ID, check_context,
                                      master);
}

static im_rc keycheck_put(sqlite3 *db,
                          const unsigned char id[IM_VAULT_ID_BYTES],
                          const unsigned char *master,
                          const im_kdf_params *policy)
{
    unsigned char *key = sodium_malloc(32);
    if (!key)
        return IM_ERR_NOMEM;
    unsigned char plain[CHECK_PLAIN_BYTES], blob[CHECK_BLOB_BYTES];
    memcpy(plain, check_tag, sizeof check_tag - 1);
    im_le64_put(im_le64_put(plain + sizeof check_tag - 1, policy->opslimit),
                policy->memlimit);
    randombytes_buf(blob, IM_AEAD_NONCE_BYTES);
    check_key(master, key);
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        blob + IM_AEAD_NONCE_BYTES, NULL, plain, sizeof plain, id,
        IM_VAULT_ID_BYTES, NULL, blob, key);
    sodium_free(key);
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(
        db, "INSERT OR REPLACE INTO meta(key, value) VALUES('key_check', ?)",
        &st);
    if (rc)
        return rc;
    sqlite3_bind_blob(st, 1, blob, sizeof blob, SQLITE_TRANSIENT);
    return im_store_step_done(db, st);
}

im_rc im_keycheck_write(sqlite3 *db, const unsigned char id[IM_VAULT_ID_BYTES],
                        const unsigned char *master,
                        const im_kdf_params *policy)
{
    return keycheck_put(db, id, master, policy);
}

static uint64_t le64_get(const unsigned char *p)
{
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--)
        x = (x << 8) | p[i];
    return x;
}

/* Verify the key check under master and give the policy it holds. */
static im_rc keycheck_read(sqlite3 *db,
                           const unsigned char id[IM_VAULT_ID_BYTES],
                           const unsigned char *master, im_kdf_params *policy)
{
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(
        db, "SELECT value FROM meta WHERE key='key_check'", &st);
    if (rc)
        return rc;
    unsigned char blob[CHECK_BLOB_BYTES], plain[CHECK_PLAIN_BYTES];
    rc = im_store_get_blob(db, st, blob, sizeof blob);
    if (rc == IM_ERR_DAMAGED)
        rc = IM_ERR_REPLACED; /* a key check of another shape: not ours */
    if (rc)
        return rc;
    unsigned char *key = sodium_malloc(32);
    if (!key)
        return IM_ERR_NOMEM;
    check_key(master, key);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            plain, NULL, NULL, blob + IM_AEAD_NONCE_BYTES,
            sizeof blob - IM_AEAD_NONCE_BYTES, id, IM_VAULT_ID_BYTES, blob,
            key) != 0 ||
        memcmp(plain, check_tag, sizeof check_tag - 1) != 0)
        rc = IM_ERR_REPLACED;
    sodium_free(key);
    if (!rc && policy) {
        policy->opslimit = le64_get(plain + sizeof check_tag - 1);
        policy->memlimit = le64_get(plain + sizeof check_tag - 1 + 8);
        if (!im_kdf_params_valid(policy))
            *policy = im_kdf_params_min();
    }
    return rc;
}

im_rc im_keycheck_verify(sqlite3 *db, const unsigned char id[IM_VAULT_ID_BYTES],
                         const unsigned char *master)
{
    return keycheck_read(db, id, master, NULL);
}

im_rc im_keycheck_policy(im_vault *v, im_kdf_params *policy)
{
    IM_ASSERT(im_vault_state_ok(v) && v->keys);
    return keycheck_read(v->db, v->id, v->keys->master, policy);
}

im_rc im_keycheck_store(im_vault *v, const unsigned char *master,
                        const im_kdf_params *policy)
{
    return keycheck_put(v->db, v->id, master, policy);
}

/* ---- rotation ---- */

static void params_raise(im_kdf_params *p, const im_kdf_params *to)
{
    if (p->opslimit < to->opslimit)
        p->opslimit = to->opslimit;
    if (p->memlimit < to->memlimit)
        p->memlimit = to->memlimit;
}

/*
 * The cost of a new passphrase slot: the caller's (checked), else the cost
 * authenticated at the last passphrase unlock raised to the policy, else
 * (after a recovery-code unlock) the sealed policy, which is as trustworthy
 * as a fresh calibration and costs no extra seconds.  Never a number read
 * from a keyslot row.
 */
static im_rc new_slot_params(im_vault *v, const im_kdf_params *kdf,
                             im_kdf_params *out)
{
    if (kdf) {
        *out = *kdf;
        return im_kdf_params_acceptable(out) ? IM_OK : IM_ERR_INVALID;
    }
    *out = v->keys->has_pass_kek ? v->unlock_params : v->policy;
    params_raise(out, &v->policy);
    return im_kdf_params_acceptable(out) ? IM_OK : IM_ERR_INVALID;
}

/* Build the two new slots for nk->master into ps and rs. */
static im_rc make_slots(im_vault *v, im_vault_keys *nk,
                        const char *new_passphrase, const im_kdf_params *kdf,
                        char *new_code, im_slot *ps, im_slot *rs)
{
    im_rc rc;
    if (new_passphrase) {
        im_kdf_params params;
        rc = new_slot_params(v, kdf, &params);
        /* a person keeps the folder's shared salt while the cost is the
         * people's (people.c): their switch stays one derivation */
        int pin = v->salt_pinned &&
                  params.opslimit == v->pinned_params.opslimit &&
                  params.memlimit == v->pinned_params.memlimit;
        if (!rc)
            rc = im_slot_make_passphrase_salted(v->id, new_passphrase, &params,
                                                pin ? v->pinned_salt : NULL,
                                                nk->master, ps, nk->pass_kek);
    } else {
        memset(ps, 0, sizeof *ps);
        ps->kdf = IM_SLOT_KDF_ARGON2ID13;
        ps->params = v->unlock_params;
        memcpy(ps->salt, v->pass_salt, IM_SALT_BYTES);
        memcpy(nk->pass_kek, v->keys->pass_kek, IM_SLOT_KEY_BYTES);
        im_slot_seal(v->id, IM_SLOT_PASSPHRASE, ps, nk->pass_kek, nk->master);
        rc = IM_OK;
    }
    nk->has_pass_kek = 1;
    if (rc)
        return rc;
    if (new_code)
        return im_recovery_make_slot(v->id, nk->master, rs, new_code);
    rc = im_slot_read(v->db, IM_SLOT_RECOVERY, rs);
    return rc ? rc : im_recovery_reseal(v->id, rs, nk->master);
}

/* Everything that must commit together: slots, key check, records. */
static im_rc rekey_write(im_vault *v, im_vault_keys *nk, const im_slot *ps,
                         const im_slot *rs, im_progress_fn fn, void *ctx)
{
    im_rc rc = im_store_exec(v->db, "BEGIN IMMEDIATE;");
    if (rc)
        return rc;
    rc = im_slot_write(v->db, IM_SLOT_PASSPHRASE, ps);
    if (!rc)
        rc = im_slot_write(v->db, IM_SLOT_RECOVERY, rs);
    if (!rc)
        rc = keycheck_put(v->db, v->id, nk->master, &v->policy);
    if (!rc)
        rc = im_guard_reseal(v, nk->master);
    if (!rc)
        rc = im_record_reseal_all(v, nk->record, fn, ctx);
    if (!rc)
        rc = im_manifest_rebuild(v, nk->master);
    if (!rc)
        rc = im_store_exec(v->db, "COMMIT;");
    if (rc && !sqlite3_get_autocommit(v->db))
        sqlite3_exec(v->db, "ROLLBACK;", 0, 0, 0);
    return rc;
}

im_rc im_vault_rekey(im_vault *v, const char *new_passphrase,
                     const im_kdf_params *kdf,
                     char new_code[IM_RECOVERY_CODE_SIZE], im_progress_fn fn,
                     void *ctx)
{
    if (!v)
        return IM_ERR_INVALID;
    if (!v->keys)
        return IM_ERR_LOCKED;
    if (v->tx_depth > 0 || v->notifying)
        return IM_ERR_STATE;
    IM_ASSERT(im_vault_idle_ok(v));
    im_rc rc = new_passphrase ? im_passphrase_check(new_passphrase) : IM_OK;
    if (!rc && new_passphrase) /* two people never share one: people.c */
        rc = im_people_passphrase_free(v, new_passphrase);
    if (rc)
        return rc;
    if (!new_passphrase && !v->keys->has_pass_kek)
        return IM_ERR_STATE; /* after a recovery unlock: set a passphrase */
    im_vault_keys *nk = sodium_malloc(sizeof *nk);
    if (!nk)
        return IM_ERR_NOMEM;
    memset(nk, 0, sizeof *nk);
    randombytes_buf(nk->master, IM_MASTER_KEY_BYTES);
    im_vault_keys_derive(nk);
    im_slot ps, rs;
    rc = make_slots(v, nk, new_passphrase, kdf, new_code, &ps, &rs);
    if (!rc)
        rc = rekey_write(v, nk, &ps, &rs, fn, ctx);
    if (rc) {
        sodium_free(nk);
        if (new_code)
            sodium_memzero(new_code, IM_RECOVERY_CODE_SIZE);
        return rc;
    }
    sodium_free(v->keys);
    v->keys = nk;
    v->unlock_params = ps.params;
    memcpy(v->pass_salt, ps.salt, IM_SALT_BYTES);
    if (new_code)
        v->recovered = 0;
    im_store_checkpoint(v->db);
    IM_ASSERT(im_vault_idle_ok(v) && v->keys == nk && nk->has_pass_kek);
    return IM_OK;
}

im_rc im_vault_rekey_master(im_vault *v, const unsigned char *new_master,
                            im_rc (*extra)(im_vault *v, void *ctx), void *ctx)
{
    if (!v || !new_master)
        return IM_ERR_INVALID;
    if (!v->keys)
        return IM_ERR_LOCKED;
    if (v->tx_depth > 0 || v->notifying)
        return IM_ERR_STATE;
    IM_ASSERT(im_vault_idle_ok(v));
    im_vault_keys *nk = sodium_malloc(sizeof *nk);
    if (!nk)
        return IM_ERR_NOMEM;
    memset(nk, 0, sizeof *nk);
    memcpy(nk->master, new_master, IM_MASTER_KEY_BYTES);
    im_vault_keys_derive(nk);
    im_rc rc = im_store_exec(v->db, "BEGIN IMMEDIATE;");
    if (!rc) {
        rc = keycheck_put(v->db, v->id, nk->master, &v->policy);
        if (!rc)
            rc = im_guard_reseal(v, nk->master);
        if (!rc)
            rc = im_record_reseal_all(v, nk->record, NULL, NULL);
        if (!rc)
            rc = im_manifest_rebuild(v, nk->master);
        if (!rc && extra)
            rc = extra(v, ctx);
        if (!rc)
            rc = im_store_exec(v->db, "COMMIT;");
        if (rc && !sqlite3_get_autocommit(v->db))
            sqlite3_exec(v->db, "ROLLBACK;", 0, 0, 0);
    }
    if (rc) {
        sodium_free(nk);
        return rc;
    }
    sodium_free(v->keys);
    v->keys = nk;
    im_store_checkpoint(v->db);
    IM_ASSERT(im_vault_idle_ok(v) && v->keys == nk);
    return IM_OK;
}

int im_vault_recovery_used(const im_vault *v)
{
    return v && v->keys && v->recovered;
}

int im_vault_recovery_needs_new(im_vault *v)
{
    if (!v || !v->keys)
        return 0;
    im_slot s;
    return v->recovered || im_slot_read(v->db, IM_SLOT_RECOVERY, &s) != IM_OK ||
           s.kdf != IM_SLOT_KDF_BOX;
}
