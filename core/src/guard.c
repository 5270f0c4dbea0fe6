/*
 * guard.c -- the security settings: the wrong-guess counter beside the
 * database, and auto-lock sealed inside it.
 *
 * The counter must be written while the vault is locked, so no vault key
 * can protect it.  It lives in its own small file, innermost.tries (one
 * decimal number, written whole by atomic_file), so a wrong passphrase
 * leaves innermost.db and its -wal byte for byte unchanged.  Someone who
 * can edit files can reset it; that matters little, since they can copy
 * the database and guess offline at the full key-derivation cost anyway.
 * With a trusted store (trusted_store.h: Android Keystore / iOS Keychain,
 * platform side not verified) the count is kept there too and the larger
 * of the two is used, so deleting the file does not reset it.
 *
 * At every unlock of a locked vault core takes the count (how many wrong
 * tries since the last unlock), keeps it on the handle for the app to tell
 * the owner, and resets the file.
 *
 * Auto-lock is a sealed meta row, 'sec_autolock': nonce || AEAD of the
 * seconds (8 bytes LE) under a subkey of the master key, associated data
 * the vault id and the row's name.  Only the values the app offers are
 * accepted (IM_AUTOLOCK_CHOICES); a row that fails to open or holds
 * another value reads as the default.  A plain pref row named autolock_s
 * is never read by anything any more.  A rotation re-seals the row
 * (im_guard_reseal, inside the rekey transaction).
 *
 * Invariants
 *   1. Nothing here writes innermost.db while the vault is locked.
 *   2. A value read back is always one of IM_AUTOLOCK_CHOICES.
 */
#include "vault_internal.h"
#include "atomic_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const int autolock_choices[] = IM_AUTOLOCK_CHOICES;
static const char sealed_context[crypto_kdf_CONTEXTBYTES] = "imsecset";
static const char autolock_name[] = "sec_autolock";
#define SEALED_SUBKEY_ID 1
#define SEALED_BLOB      (IM_AEAD_NONCE_BYTES + 8 + IM_AEAD_TAG_BYTES)
#define TRIES_MAX        1000000

/* ---- the counter ---- */

static char *tries_path(const im_vault *v)
{
    size_t n = strlen(v->dir) + sizeof "/" IM_TRIES_NAME;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", v->dir, IM_TRIES_NAME);
    return p;
}

static int tries_read_file(const im_vault *v);

/* The count: the file's, or the trusted store's if that is larger. */
static int tries_read(const im_vault *v)
{
    int n = tries_read_file(v);
    uint64_t kept = 0;
    char name[64];
    if (v->trusted.get) {
        im_trusted_name(v, "tries", name);
        if (v->trusted.get(v->trusted.ctx, name, &kept) == 0 &&
            kept < TRIES_MAX && (int)kept > n)
            n = (int)kept;
    }
    return n;
}

/* The file's count; 0 if there is no file or it is not a number. */
static int tries_read_file(const im_vault *v)
{
    char *path = tries_path(v);
    if (!path)
        return 0;
    FILE *f = fopen(path, "r");
    free(path);
    if (!f)
        return 0;
    char buf[32] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *end = NULL;
    long x = strtol(buf, &end, 10);
    return end != buf && x > 0 && x < TRIES_MAX ? (int)x : 0;
}

static im_rc tries_write(const im_vault *v, int count)
{
    if (v->trusted.put) {
        char name[64];
        im_trusted_name(v, "tries", name);
        v->trusted.put(v->trusted.ctx, name, (uint64_t)count);
    }
    char *path = tries_path(v);
    if (!path)
        return IM_ERR_NOMEM;
    im_rc rc;
    if (count == 0) {
        rc = unlink(path) == 0 || errno == ENOENT ? IM_OK : IM_ERR_IO;
    } else {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "%d\n", count);
        im_atomic_file f;
        rc = im_atomic_file_open(&f, path);
        if (!rc) {
            im_atomic_file_write(&f, buf, (size_t)n);
            rc = im_atomic_file_commit(&f);
        }
    }
    free(path);
    return rc;
}

im_rc im_vault_tries_note(im_vault *v, int *count)
{
    if (!v)
        return IM_ERR_INVALID;
    int n = tries_read(v);
    if (n < TRIES_MAX - 1)
        n++;
    im_rc rc = tries_write(v, n);
    if (count)
        *count = n;
    return rc;
}

im_rc im_vault_tries_clear(im_vault *v)
{
    if (!v)
        return IM_ERR_INVALID;
    if (!v->keys)
        return IM_ERR_LOCKED; /* only the owner, proven, clears it */
    return tries_read(v) ? tries_write(v, 0) : IM_OK;
}

int im_vault_tries_count(const im_vault *v)
{
    return v ? tries_read(v) : 0;
}

int im_vault_tries_since_unlock(const im_vault *v)
{
    return v ? v->tries_seen : 0;
}

void im_guard_take_tries(im_vault *v)
{
    v->tries_seen = tries_read(v);
    if (v->tries_seen)
        tries_write(v, 0); /* best effort: a stale count only errs long */
}

/* ---- sealed auto-lock ---- */

int im_autolock_allowed(int64_t seconds)
{
    for (size_t i = 0; i < sizeof autolock_choices / sizeof *autolock_choices;
         i++)
        if (autolock_choices[i] == seconds)
            return 1;
    return 0;
}

static void sealed_ad(const im_vault *v, unsigned char *ad)
{
    memcpy(ad, v->id, IM_VAULT_ID_BYTES);
    memcpy(ad + IM_VAULT_ID_BYTES, autolock_name, sizeof autolock_name - 1);
}
#define SEALED_AD_BYTES (IM_VAULT_ID_BYTES + sizeof autolock_name - 1)

static im_rc autolock_write(im_vault *v, const unsigned char *master,
                            int64_t seconds)
{
    unsigned char *key = sodium_malloc(32);
    if (!key)
        return IM_ERR_NOMEM;
    crypto_kdf_derive_from_key(key, 32, SEALED_SUBKEY_ID, sealed_context,
                               master);
    unsigned char plain[8], blob[SEALED_BLOB], ad[SEALED_AD_BYTES];
    im_le64_put(plain, (uint64_t)seconds);
    sealed_ad(v, ad);
    randombytes_buf(blob, IM_AEAD_NONCE_BYTES);
    crypto_aead_xchacha20poly1305_ietf_encrypt(blob + IM_AEAD_NONCE_BYTES, NULL,
                                               plain, sizeof plain, ad,
                                               sizeof ad, NULL, blob, key);
    sodium_free(key);
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(
        v->db,
        "INSERT OR REPLACE INTO meta(key, value) VALUES('sec_autolock', ?)",
        &st);
    if (rc)
        return rc;
    sqlite3_bind_blob(st, 1, blob, sizeof blob, SQLITE_TRANSIENT);
    return im_store_step_done(v->db, st);
}

/* The sealed value under master: IM_OK with *seconds, IM_ERR_NOT_FOUND if
 * none is stored, IM_ERR_DAMAGED if it does not open or is not a choice. */
static im_rc autolock_read(im_vault *v, const unsigned char *master,
                           int64_t *seconds)
{
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(
        v->db, "SELECT value FROM meta WHERE key='sec_autolock'", &st);
    if (rc)
        return rc;
    unsigned char blob[SEALED_BLOB], plain[8], ad[SEALED_AD_BYTES];
    rc = im_store_get_blob(v->db, st, blob, sizeof blob);
    if (rc)
        return rc;
    unsigned char *key = sodium_malloc(32);
    if (!key)
        return IM_ERR_NOMEM;
    crypto_kdf_derive_from_key(key, 32, SEALED_SUBKEY_ID, sealed_context,
                               master);
    sealed_ad(v, ad);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            plain, NULL, NULL, blob + IM_AEAD_NONCE_BYTES,
            sizeof blob - IM_AEAD_NONCE_BYTES, ad, sizeof ad, blob, key) != 0)
        rc = IM_ERR_DAMAGED;
    sodium_free(key);
    if (!rc) {
        uint64_t x = 0;
        for (int i = 7; i >= 0; i--)
            x = (x << 8) | plain[i];
        *seconds = (int64_t)x;
        if (!im_autolock_allowed(*seconds))
            rc = IM_ERR_DAMAGED;
    }
    return rc;
}

im_rc im_vault_autolock_get(im_vault *v, int *seconds)
{
    if (!v || !seconds)
        return IM_ERR_INVALID;
    *seconds = IM_AUTOLOCK_DEFAULT_S;
    if (!v->keys)
        return IM_ERR_LOCKED;
    int64_t s = 0;
    im_rc rc = autolock_read(v, v->keys->master, &s);
    if (!rc)
        *seconds = (int)s;
    /* absent or refused: the default, and the caller is told which */
    return rc == IM_ERR_NOT_FOUND ? IM_OK : rc;
}

im_rc im_vault_autolock_set(im_vault *v, int seconds)
{
    if (!v || !im_autolock_allowed(seconds))
        return IM_ERR_INVALID;
    if (!v->keys)
        return IM_ERR_LOCKED;
    im_rc rc = im_store_write_begin(v);
    if (!rc)
        rc = im_store_write_end(v, autolock_write(v, v->keys->master, seconds));
    return rc;
}

im_rc im_guard_reseal(im_vault *v, const unsigned char *new_master)
{
    int64_t s = 0;
    im_rc rc = autolock_read(v, v->keys->master, &s);
    if (rc == IM_ERR_NOT_FOUND)
        return IM_OK;
    if (rc == IM_ERR_DAMAGED)
        s = IM_AUTOLOCK_DEFAULT_S; /* refused before; the default now */
    else if (rc)
        return rc;
    return autolock_write(v, new_master, s);
}
