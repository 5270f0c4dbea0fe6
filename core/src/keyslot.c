/*
 * keyslot.c -- key derivation policy and the keyslots that wrap the master
 * key.
 *
 * A keyslot is one row: how its key is derived (kdf, opslimit, memlimit,
 * salt) and the master key sealed under that key with XChaCha20-Poly1305.
 * There is no verifier: a wrong secret is a tag that does not verify, which
 * is also how a tampered slot looks (both are IM_ERR_WRONG_SECRET; telling
 * them apart would need a verifier, which an attacker could test offline).
 *
 * The associated data binds the vault id, the slot number and every stored
 * parameter, so a slot cannot be moved between vaults or slots, and its
 * stored parameters cannot be swapped for others without detection.
 *
 * Invariants
 *   1. Derived slot keys live only in sodium_malloc'd memory and are freed
 *      (wiped) before the function that derived them returns.
 *   2. Parameters read from disk are range-checked before use: a crafted
 *      file cannot make unlock allocate terabytes or run for hours.
 *   3. A slot in memory is well formed (slot_ok): a known kind, the wrapped
 *      length that kind seals to, and valid costs for a passphrase slot.
 *      im_slot_read gives only such slots and im_slot_write takes only
 *      such slots, for slot numbers that exist (IM_ASSERT, contract.h).
 */
#include "vault_internal.h"

#include "innermost/passphrase.h"
#include "innermost/utf8.h"

#include <string.h>

/* Upper bounds on stored parameters (a crafted file must not hang us):
 * IM_KDF_OPSLIMIT_CAP and IM_KDF_MEMLIMIT_CAP in vault_internal.h, 16
 * passes and 1 GiB, a little above anything calibration picks. */
/* Calibration keeps memory at or below this: phones kill apps that grab
 * much more, and beyond it extra passes buy the same cost. */
#define IM_KDF_MEMLIMIT_CALIBRATED_MAX (256ULL * 1024 * 1024)

static const char slot_ad_tag[] = "innermost-slot-v1";

im_kdf_params im_kdf_params_min(void)
{
    im_kdf_params p = {IM_KDF_OPSLIMIT_MIN, IM_KDF_MEMLIMIT_MIN};
    return p;
}

static uint64_t memlimit_cap(void)
{
    uint64_t cap = IM_KDF_MEMLIMIT_CAP;
    uint64_t lib = (uint64_t)crypto_pwhash_argon2id_memlimit_max();
    return lib < cap ? lib : cap;
}

/* Parameters libsodium accepts and we are willing to run.  Below-policy
 * values are allowed here (a slot from an older policy still opens, and is
 * then rewrapped upward); callers setting new parameters check the policy. */
int im_kdf_params_valid(const im_kdf_params *p)
{
    return p->opslimit >= crypto_pwhash_argon2id_opslimit_min() &&
           p->opslimit <= IM_KDF_OPSLIMIT_CAP &&
           p->memlimit >= crypto_pwhash_argon2id_memlimit_min() &&
           p->memlimit <= memlimit_cap();
}

int im_kdf_params_below(const im_kdf_params *have, const im_kdf_params *want)
{
    return have->opslimit < want->opslimit || have->memlimit < want->memlimit;
}

int im_kdf_params_acceptable(const im_kdf_params *p)
{
    im_kdf_params min = im_kdf_params_min();
    return im_kdf_params_valid(p) && !im_kdf_params_below(p, &min);
}

/* Milliseconds one Argon2id derivation takes with these parameters, or -1
 * if it failed (out of memory). */
static int64_t kdf_time_ms(uint64_t ops, uint64_t mem)
{
    unsigned char out[32];
    unsigned char salt[crypto_pwhash_SALTBYTES] = {0};
    int64_t t0 = im_clock_now_ms(NULL);
    int r = crypto_pwhash(out, sizeof out, "calibration", 11, salt, ops,
                          (size_t)mem, crypto_pwhash_ALG_ARGON2ID13);
    int64_t t1 = im_clock_now_ms(NULL);
    sodium_memzero(out, sizeof out);
    if (r != 0)
        return -1;
    return t1 > t0 ? t1 - t0 : 1;
}

/*
 * Cost is roughly proportional to memory x passes, so a measurement at the
 * minimum (64 MiB, 1 pass) prices a "unit".  Spend the budget on memory
 * first (what makes GPU and ASIC attacks dear), up to a third of it and at
 * most 256 MiB, then on passes; then measure the choice once and trim passes
 * if it overshoots by half.  If memory cannot be had, halve it (never below
 * 64 MiB).  The result never goes below the minimums even when the minimum
 * alone is slower than target_ms.
 */
im_rc im_kdf_calibrate(int target_ms, im_kdf_params *out)
{
    if (!out || target_ms <= 0)
        return IM_ERR_INVALID;
    if (sodium_init() < 0)
        return IM_ERR_NOMEM;
    /* The faster of two runs: the first also pays for faulting memory in,
     * and a busy moment should not make the result weaker. */
    int64_t unit_ms = kdf_time_ms(IM_KDF_OPSLIMIT_MIN, IM_KDF_MEMLIMIT_MIN);
    int64_t again = kdf_time_ms(IM_KDF_OPSLIMIT_MIN, IM_KDF_MEMLIMIT_MIN);
    if (unit_ms < 0 || again < 0)
        return IM_ERR_NOMEM;
    if (again < unit_ms)
        unit_ms = again;
    double budget = (double)target_ms / (double)unit_ms; /* in units */
    double max_units = (double)IM_KDF_MEMLIMIT_CALIBRATED_MAX /
                       (double)IM_KDF_MEMLIMIT_MIN;
    double mem_units = budget / 3.0;
    if (mem_units > max_units)
        mem_units = max_units;
    if (mem_units < 1.0)
        mem_units = 1.0;
    uint64_t mib = (uint64_t)(mem_units * (double)(IM_KDF_MEMLIMIT_MIN >> 20));
    im_kdf_params p;
    p.memlimit = mib << 20;
    for (;;) {
        double units = (double)p.memlimit / (double)IM_KDF_MEMLIMIT_MIN;
        double ops = budget / units + 0.5;
        p.opslimit = ops < 1.0 ? 1 : ops > 16.0 ? 16 : (uint64_t)ops;
        if (p.opslimit > IM_KDF_OPSLIMIT_CAP)
            p.opslimit = IM_KDF_OPSLIMIT_CAP;
        int64_t t = kdf_time_ms(p.opslimit, p.memlimit);
        if (t * 10 > (int64_t)target_ms * 11) {
            /* Too slow may be a busy moment, not this device: the faster
             * of two runs, so noise does not lower the passes. */
            int64_t again = kdf_time_ms(p.opslimit, p.memlimit);
            if (again >= 0 && again < t)
                t = again;
        }
        if (t >= 0) {
            /* Passes cost about the same each at a given memory, but a
             * large block is not `units` times a 64 MiB one (caches, page
             * faults): scale the passes by what this run took when it
             * missed the target by more than a tenth (a later unlock may
             * run a tenth or so faster or slower than this one did). */
            if (t > 0 && (t * 10 < (int64_t)target_ms * 9 ||
                          t * 10 > (int64_t)target_ms * 11)) {
                double scaled = (double)p.opslimit * (double)target_ms /
                                    (double)t +
                                0.5;
                p.opslimit = scaled < 1.0    ? 1
                             : scaled > 16.0 ? 16
                                             : (uint64_t)scaled;
                if (p.opslimit > IM_KDF_OPSLIMIT_CAP)
                    p.opslimit = IM_KDF_OPSLIMIT_CAP;
            }
            break;
        }
        if (p.memlimit <= IM_KDF_MEMLIMIT_MIN)
            return IM_ERR_NOMEM;
        p.memlimit /= 2;
        if (p.memlimit < IM_KDF_MEMLIMIT_MIN)
            p.memlimit = IM_KDF_MEMLIMIT_MIN;
    }
    *out = p;
    return IM_OK;
}


im_rc im_passphrase_check(const char *passphrase)
{
    if (!passphrase)
        return IM_ERR_INVALID;
    size_t n = strlen(passphrase);
    if (n > IM_PASSPHRASE_MAX_BYTES)
        return IM_ERR_TOO_LARGE;
    long chars = im_utf8_chars(passphrase, n);
    if (chars < 0)
        return IM_ERR_INVALID;
    /* The floor is in estimated guesses (passphrase.h), not in length. */
    im_pp_strength st;
    im_rc rc = im_pp_strength_estimate(passphrase, &st);
    if (rc)
        return rc;
    return st.level == IM_PP_TOO_EASY ? IM_ERR_WEAK_SECRET : IM_OK;
}

/* ---- slots on disk ---- */

static int blob_copy(sqlite3_stmt *st, int col, unsigned char *dst, size_t n)
{
    if (sqlite3_column_type(st, col) != SQLITE_BLOB ||
        (size_t)sqlite3_column_bytes(st, col) != n)
        return -1;
    memcpy(dst, sqlite3_column_blob(st, col), n);
    return 0;
}

static int slot_number_ok(int slot)
{
    return slot == IM_SLOT_PASSPHRASE || slot == IM_SLOT_RECOVERY;
}

/* Invariant 3. */
static int slot_ok(const im_slot *s)
{
    switch (s->kdf) {
    case IM_SLOT_KDF_ARGON2ID13:
        return s->wrapped_len == IM_SLOT_AEAD_WRAPPED &&
               im_kdf_params_valid(&s->params);
    case IM_SLOT_KDF_BLAKE2B: return s->wrapped_len == IM_SLOT_AEAD_WRAPPED;
    case IM_SLOT_KDF_BOX: return s->wrapped_len == IM_SLOT_WRAPPED_MAX;
    default: return 0;
    }
}

/* Read slot; IM_ERR_DAMAGED if missing or malformed. */
im_rc im_slot_read(sqlite3 *db, int slot, im_slot *out)
{
    IM_ASSERT(db && slot_number_ok(slot));
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(
        db,
        "SELECT kdf, opslimit, memlimit, salt, nonce, wrapped, pk "
        "FROM keyslot WHERE slot=?",
        &st);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, slot);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        sqlite3_int64 ops = sqlite3_column_int64(st, 1);
        sqlite3_int64 mem = sqlite3_column_int64(st, 2);
        out->kdf = sqlite3_column_int(st, 0);
        out->params.opslimit = ops > 0 ? (uint64_t)ops : 0;
        out->params.memlimit = mem > 0 ? (uint64_t)mem : 0;
        int box = out->kdf == IM_SLOT_KDF_BOX;
        out->wrapped_len = box ? IM_SLOT_WRAPPED_MAX : IM_SLOT_AEAD_WRAPPED;
        memset(out->pk, 0, sizeof out->pk);
        if (blob_copy(st, 3, out->salt, sizeof out->salt) ||
            blob_copy(st, 4, out->nonce, sizeof out->nonce) ||
            blob_copy(st, 5, out->wrapped, out->wrapped_len) ||
            (box && blob_copy(st, 6, out->pk, sizeof out->pk)))
            rc = IM_ERR_DAMAGED;
        else if (out->kdf == IM_SLOT_KDF_ARGON2ID13 &&
                 !im_kdf_params_valid(&out->params))
            rc = IM_ERR_DAMAGED;
        else if (out->kdf != IM_SLOT_KDF_ARGON2ID13 &&
                 out->kdf != IM_SLOT_KDF_BLAKE2B && !box)
            rc = IM_ERR_DAMAGED;
    } else {
        rc = s == SQLITE_DONE ? IM_ERR_DAMAGED : im_store_rc(db, s);
    }
    sqlite3_finalize(st);
    IM_ASSERT(rc || slot_ok(out));
    return rc;
}

im_rc im_slot_write(sqlite3 *db, int slot, const im_slot *s)
{
    IM_ASSERT(db && slot_number_ok(slot) && slot_ok(s));
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(
        db,
        "INSERT OR REPLACE INTO keyslot"
        "(slot, kdf, opslimit, memlimit, salt, nonce, wrapped, pk) "
        "VALUES(?,?,?,?,?,?,?,?)",
        &st);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, slot);
    sqlite3_bind_int(st, 2, s->kdf);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)s->params.opslimit);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)s->params.memlimit);
    sqlite3_bind_blob(st, 5, s->salt, sizeof s->salt, SQLITE_STATIC);
    sqlite3_bind_blob(st, 6, s->nonce, sizeof s->nonce, SQLITE_STATIC);
    sqlite3_bind_blob(st, 7, s->wrapped, (int)s->wrapped_len, SQLITE_STATIC);
    if (s->kdf == IM_SLOT_KDF_BOX)
        sqlite3_bind_blob(st, 8, s->pk, sizeof s->pk, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 8);
    return im_store_step_done(db, st);
}

/* ---- sealing ---- */

#define SLOT_AD_BYTES \
    (sizeof slot_ad_tag - 1 + IM_VAULT_ID_BYTES + 2 + 16 + IM_SALT_BYTES)

static void slot_ad(const unsigned char id[IM_VAULT_ID_BYTES], int slot,
                    const im_slot *s, unsigned char ad[SLOT_AD_BYTES])
{
    unsigned char *p = ad;
    memcpy(p, slot_ad_tag, sizeof slot_ad_tag - 1);
    p += sizeof slot_ad_tag - 1;
    memcpy(p, id, IM_VAULT_ID_BYTES);
    p += IM_VAULT_ID_BYTES;
    *p++ = (unsigned char)slot;
    *p++ = (unsigned char)s->kdf;
    p = im_le64_put(p, s->params.opslimit);
    p = im_le64_put(p, s->params.memlimit);
    memcpy(p, s->salt, IM_SALT_BYTES);
}

void im_slot_seal(const unsigned char id[IM_VAULT_ID_BYTES], int slot,
                  im_slot *s, const unsigned char *slot_key,
                  const unsigned char *master)
{
    unsigned char ad[SLOT_AD_BYTES];
    slot_ad(id, slot, s, ad);
    randombytes_buf(s->nonce, sizeof s->nonce);
    s->wrapped_len = IM_SLOT_AEAD_WRAPPED;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        s->wrapped, NULL, master, IM_MASTER_KEY_BYTES, ad, sizeof ad, NULL,
        s->nonce, slot_key);
}

int im_slot_open(const unsigned char id[IM_VAULT_ID_BYTES], int slot,
                 const im_slot *s, const unsigned char *slot_key,
                 unsigned char *master)
{
    IM_ASSERT(slot_number_ok(slot) && slot_ok(s) && s->kdf != IM_SLOT_KDF_BOX);
    unsigned char ad[SLOT_AD_BYTES];
    slot_ad(id, slot, s, ad);
    return crypto_aead_xchacha20poly1305_ietf_decrypt(
        master, NULL, NULL, s->wrapped, IM_SLOT_AEAD_WRAPPED, ad, sizeof ad,
        s->nonce, slot_key);
}

im_rc im_slot_passphrase_key(const im_slot *s, const char *passphrase,
                             unsigned char *key)
{
    if (crypto_pwhash(key, IM_SLOT_KEY_BYTES, passphrase, strlen(passphrase),
                      s->salt, s->params.opslimit, (size_t)s->params.memlimit,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        return IM_ERR_NOMEM;
    return IM_OK;
}

im_rc im_slot_make_passphrase(const unsigned char id[IM_VAULT_ID_BYTES],
                              const char *passphrase,
                              const im_kdf_params *params,
                              const unsigned char *master, im_slot *out,
                              unsigned char *key_out)
{
    return im_slot_make_passphrase_salted(id, passphrase, params, NULL, master,
                                          out, key_out);
}

im_rc im_slot_make_passphrase_salted(const unsigned char id[IM_VAULT_ID_BYTES],
                                     const char *passphrase,
                                     const im_kdf_params *params,
                                     const unsigned char *salt,
                                     const unsigned char *master, im_slot *out,
                                     unsigned char *key_out)
{
    memset(out, 0, sizeof *out);
    out->kdf = IM_SLOT_KDF_ARGON2ID13;
    out->params = *params;
    if (salt)
        memcpy(out->salt, salt, sizeof out->salt);
    else
        randombytes_buf(out->salt, sizeof out->salt);
    unsigned char *key = sodium_malloc(IM_SLOT_KEY_BYTES);
    if (!key)
        return IM_ERR_NOMEM;
    im_rc rc = im_slot_passphrase_key(out, passphrase, key);
    if (!rc)
        im_slot_seal(id, IM_SLOT_PASSPHRASE, out, key, master);
    if (!rc && key_out)
        memcpy(key_out, key, IM_SLOT_KEY_BYTES);
    sodium_free(key);
    return rc;
}
