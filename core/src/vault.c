/*
 * vault.c -- a vault's life: create, open, unlock, lock (and the listeners
 * told first), close, rewrap, erase; plus plain preferences and caller
 * transactions.
 *
 * Design notes
 *   - One instance per data directory: innermost.lock is flock'd for the
 *     life of the handle.  flock locks belong to the open file description,
 *     so a second open in the same process is refused too (IM_ERR_BUSY).
 *   - Create builds the whole vault (schema, id, both keyslots) in
 *     innermost.db.new in one transaction, closes it and renames it into
 *     place: a crash during create leaves no half vault that
 *     im_vault_exists would report, and a failure leaves nothing behind.
 *   - Unlock derives the slot key, opens the slot, and only then touches
 *     the database again (for an upward rewrap): a wrong secret writes
 *     nothing (vault.h invariant 3).
 *   - Lock tells the lock listeners while the keys are still there, so a
 *     module can save what it had not yet saved before it wipes its
 *     plaintext; close and erase tell them again, as "closing", so no
 *     module keeps a pointer to a freed vault.
 *   - Lock and close truncate the WAL after a checkpoint, so page images
 *     holding old ciphertext of replaced or deleted records do not outlive
 *     the session in the -wal file.
 *
 * Invariants (im_vault_state_ok checks 1, 2 and 4-6, im_vault_idle_ok 3
 * as well; IM_ASSERT at entry to the calls on a handle, contract.h)
 *   1. An open handle has its database, its directory and database paths,
 *      and its instance lock.
 *   2. v->keys is NULL exactly when the vault is locked; while it is set it
 *      points at sodium_malloc'd memory that sodium_free wipes, and when it
 *      holds the passphrase slot key (has_pass_kek) the cost that key was
 *      derived with (unlock_params) is a valid one.
 *   3. tx_depth >= 0, and at depth 0 SQLite is in autocommit mode: no call
 *      returns with a transaction of its own still open.
 *   4. A caller transaction (im_vault_begin) that SQLite or the caller
 *      rolled back is "doomed": writes and the final commit report
 *      IM_ERR_STATE until the outermost level is left.  Doomed implies
 *      depth > 0 (leaving the outermost level clears it).
 *   5. The lock listeners fit their allocation, and "notifying" is set
 *      only while notify_listeners walks them.
 *   6. The handle's KDF policy is valid parameters: it starts at the
 *      minimum and only ever rises by valid values.
 */
#define _DEFAULT_SOURCE
#include "folder.h"
#include "vault_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static const char record_key_context[crypto_kdf_CONTEXTBYTES] = "imrecord";
#define RECORD_SUBKEY_ID 1

/* Files a vault may leave in its directory; erase removes them all. */
static const char *const vault_files[] = {
    IM_DB_NAME,
    IM_DB_NAME "-wal",
    IM_DB_NAME "-shm",
    IM_DB_NAME "-journal",
    IM_DB_NAME ".new",
    IM_DB_NAME ".new-wal",
    IM_DB_NAME ".new-shm",
    IM_DB_NAME ".new-journal",
    IM_TRIES_NAME,
};

static char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Unlink every vault file in dir (not the lock file). */
static im_rc remove_vault_files(const char *dir)
{
    im_rc rc = IM_OK;
    for (size_t i = 0; i < sizeof vault_files / sizeof *vault_files; i++) {
        char *p = path_join(dir, vault_files[i]);
        if (!p)
            return IM_ERR_NOMEM;
        if (unlink(p) != 0 && errno != ENOENT)
            rc = IM_ERR_IO;
        free(p);
    }
    return rc;
}

int im_vault_exists(const char *dir)
{
    if (!dir)
        return 0;
    char *p = path_join(dir, IM_DB_NAME);
    struct stat st;
    int yes = p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
    free(p);
    return yes;
}

static int is_flag(int x)
{
    return x == 0 || x == 1;
}

int im_vault_state_ok(const im_vault *v)
{
    return v && v->db && v->dir && v->db_path && v->lock_fd >= 0 && /* 1 */
           (!v->keys || (is_flag(v->keys->has_pass_kek) &&          /* 2 */
                         (!v->keys->has_pass_kek ||
                          im_kdf_params_valid(&v->unlock_params)))) &&
           v->tx_depth >= 0 && is_flag(v->tx_doomed) && /* 3 */
           (!v->tx_doomed || v->tx_depth > 0) &&        /* 4 */
           v->n_listeners <= v->cap_listeners &&        /* 5 */
           (v->listeners || v->cap_listeners == 0) && is_flag(v->notifying) &&
           im_kdf_params_valid(&v->policy) && /* 6 */
           is_flag(v->has_clock) && is_flag(v->recovered) &&
           is_flag(v->salt_pinned);
}

int im_vault_idle_ok(const im_vault *v)
{
    return im_vault_state_ok(v) &&
           (v->tx_depth > 0 || sqlite3_get_autocommit(v->db));
}

static void vault_free(im_vault *v)
{
    if (!v)
        return;
    if (v->keys)
        sodium_free(v->keys);
    im_store_cache_clear(v);
    if (v->db)
        sqlite3_close_v2(v->db);
    if (v->lock_fd >= 0)
        close(v->lock_fd); /* releases the flock */
    free(v->listeners);
    free(v->dir);
    free(v->db_path);
    free(v);
}

static im_vault *vault_new(const char *dir)
{
    im_vault *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->lock_fd = -1;
    v->policy = im_kdf_params_min();
    v->dir = strdup(dir);
    v->db_path = path_join(dir, IM_DB_NAME);
    if (!v->dir || !v->db_path) {
        vault_free(v);
        return NULL;
    }
    return v;
}

static im_rc read_vault_id(im_vault *v)
{
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(
        v->db, "SELECT value FROM meta WHERE key='vault_id'", &st);
    if (rc)
        return rc;
    rc = im_store_get_blob(v->db, st, v->id, IM_VAULT_ID_BYTES);
    return rc == IM_ERR_NOT_FOUND || rc == IM_ERR_DAMAGED ? IM_ERR_UNREADABLE
                                                          : rc;
}

void im_vault_keys_derive(im_vault_keys *k)
{
    crypto_kdf_derive_from_key(k->record, sizeof k->record, RECORD_SUBKEY_ID,
                               record_key_context, k->master);
}

im_rc im_vault_keys_set(im_vault *v, const unsigned char *master)
{
    if (!v->keys) {
        v->keys = sodium_malloc(sizeof *v->keys);
        if (!v->keys)
            return IM_ERR_NOMEM;
        memset(v->keys, 0, sizeof *v->keys);
    }
    if (master != v->keys->master)
        memcpy(v->keys->master, master, IM_MASTER_KEY_BYTES);
    im_vault_keys_derive(v->keys);
    return IM_OK;
}

/* ---- open and create ---- */

/* Whether the database's -wal file holds anything: a session that ended
 * without its close (a crash, a kill) leaves its pages there.  A clean
 * close removes the file; SQLite's open then makes an empty one. */
static int wal_has_pages(const im_vault *v)
{
    char wal[4200];
    int n = snprintf(wal, sizeof wal, "%s-wal", v->db_path);
    struct stat st;
    if (n < 0 || (size_t)n >= sizeof wal)
        return 1; /* cannot tell: checkpoint as before */
    return stat(wal, &st) != 0 ? errno != ENOENT : st.st_size > 0;
}

/* Open the database of an already locked-for-us directory into v. */
static im_rc vault_attach(im_vault *v)
{
    /* looked at before SQLite opens it; the instance lock is held, so no
     * other process can write to it meanwhile */
    int leftovers = wal_has_pages(v);
    im_rc rc = im_store_open(v->db_path, 0, &v->db);
    if (!rc)
        rc = read_vault_id(v);
    /* drop leftovers of a crashed session; an empty WAL has none, and its
     * checkpoint (write locks, SQLite's first randomness, a truncate) is
     * start-up time before the unlock screen's first frame (issue 19) */
    if (!rc && leftovers)
        im_store_checkpoint(v->db);
    return rc;
}

im_rc im_vault_open(const char *dir, im_vault **out)
{
    if (!dir || !out)
        return IM_ERR_INVALID;
    *out = NULL;
    if (sodium_init() < 0)
        return IM_ERR_NOMEM;
    im_vault *v = vault_new(dir);
    if (!v)
        return IM_ERR_NOMEM;
    im_rc rc = IM_ERR_NOT_FOUND;
    /* Looking first keeps a lock file from appearing where no vault is;
     * looking again under the lock catches a concurrent erase. */
    if (im_vault_exists(dir))
        v->lock_fd = im_folder_lock(dir, &rc);
    if (!rc && !im_vault_exists(dir))
        rc = IM_ERR_NOT_FOUND;
    if (!rc)
        rc = vault_attach(v);
    if (rc) {
        vault_free(v);
        return rc;
    }
    IM_ASSERT(im_vault_idle_ok(v) && !v->keys);
    *out = v;
    return IM_OK;
}

/* Build a complete vault in path (a new file) for master under both slots
 * (pass NULL: a keyed vault, no slots at all: couple_space.c). */
static im_rc build_new_db(const char *path, const unsigned char *id,
                          const im_slot *pass, const im_slot *rec,
                          const unsigned char *master)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == ENOSPC ? IM_ERR_DISK_FULL : IM_ERR_IO;
    close(fd); /* SQLite gives -wal and -shm the same 0600 mode */
    sqlite3 *db;
    im_rc rc = im_store_open(path, 1, &db);
    if (rc)
        return rc;
    rc = im_store_exec(db, "BEGIN IMMEDIATE;");
    if (!rc) {
        sqlite3_stmt *st;
        rc = im_store_prepare(
            db, "INSERT INTO meta(key, value) VALUES('vault_id', ?)", &st);
        if (!rc) {
            sqlite3_bind_blob(st, 1, id, IM_VAULT_ID_BYTES, SQLITE_STATIC);
            rc = im_store_step_done(db, st);
        }
    }
    if (!rc && pass)
        rc = im_slot_write(db, IM_SLOT_PASSPHRASE, pass);
    if (!rc && pass)
        rc = im_slot_write(db, IM_SLOT_RECOVERY, rec);
    if (!rc) {
        im_kdf_params min = im_kdf_params_min();
        rc = im_keycheck_write(db, id, master, pass ? &pass->params : &min);
    }
    if (!rc)
        rc = im_store_exec(db, "COMMIT;");
    if (rc && !sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK;", 0, 0, 0);
    if (!rc)
        rc = im_store_checkpoint(db);
    if (sqlite3_close(db) != SQLITE_OK && !rc)
        rc = IM_ERR_IO;
    return rc;
}

/* Fresh id, master key and both slots, written to innermost.db.new and
 * renamed into place.  The caller holds the instance lock. */
static im_rc vault_build(im_vault *v, const char *passphrase,
                         const im_kdf_params *params, const unsigned char *salt,
                         char recovery_code[IM_RECOVERY_CODE_SIZE])
{
    v->keys = sodium_malloc(sizeof *v->keys);
    char *tmp = path_join(v->dir, IM_DB_NAME ".new");
    im_rc rc = v->keys && tmp ? IM_OK : IM_ERR_NOMEM;
    im_slot pass, rec;
    if (!rc) {
        memset(v->keys, 0, sizeof *v->keys);
        randombytes_buf(v->id, sizeof v->id);
        randombytes_buf(v->keys->master, IM_MASTER_KEY_BYTES);
        rc = im_slot_make_passphrase_salted(v->id, passphrase, params, salt,
                                            v->keys->master, &pass,
                                            v->keys->pass_kek);
    }
    if (!rc) {
        v->keys->has_pass_kek = 1;
        v->unlock_params = pass.params;
        memcpy(v->pass_salt, pass.salt, IM_SALT_BYTES);
        rc = im_recovery_make_slot(v->id, v->keys->master, &rec, recovery_code);
    }
    if (!rc)
        rc = build_new_db(tmp, v->id, &pass, &rec, v->keys->master);
    if (!rc && rename(tmp, v->db_path) != 0)
        rc = errno == ENOSPC ? IM_ERR_DISK_FULL : IM_ERR_IO;
    if (!rc)
        im_rc_ignore(
            im_folder_sync(v->dir)); /* the data is synced: best effort */
    free(tmp);
    if (!rc)
        rc = im_vault_keys_set(v, v->keys->master);
    return rc;
}

/* Undo a failed create that held the lock: no file of ours stays. */
static void create_undo(im_vault *v)
{
    im_store_cache_clear(v);
    if (v->db) {
        sqlite3_close_v2(v->db);
        v->db = NULL;
    }
    remove_vault_files(v->dir);
    char *lock = path_join(v->dir, IM_LOCK_NAME);
    if (lock)
        unlink(lock);
    free(lock);
}

im_rc im_vault_create(const char *dir, const char *passphrase,
                      const im_kdf_params *kdf,
                      char recovery_code[IM_RECOVERY_CODE_SIZE], im_vault **out)
{
    return im_vault_create_salted(dir, passphrase, kdf, NULL, recovery_code,
                                  out);
}

im_rc im_vault_create_salted(const char *dir, const char *passphrase,
                             const im_kdf_params *kdf,
                             const unsigned char *salt,
                             char recovery_code[IM_RECOVERY_CODE_SIZE],
                             im_vault **out)
{
    if (!dir || !recovery_code || !out)
        return IM_ERR_INVALID;
    *out = NULL;
    im_rc rc = im_passphrase_check(passphrase);
    if (rc)
        return rc;
    if (sodium_init() < 0)
        return IM_ERR_NOMEM;
    im_kdf_params params;
    if (kdf) {
        params = *kdf;
        if (!im_kdf_params_acceptable(&params))
            return IM_ERR_INVALID;
    } else if ((rc = im_kdf_calibrate(IM_KDF_TARGET_MS, &params))) {
        return rc;
    }
    im_vault *v = vault_new(dir);
    if (!v)
        return IM_ERR_NOMEM;
    v->lock_fd = im_folder_lock(dir, &rc);
    if (!rc && im_vault_exists(dir)) {
        vault_free(v);
        return IM_ERR_EXISTS;
    }
    if (!rc)
        rc = remove_vault_files(dir); /* a crashed earlier create */
    if (!rc)
        rc = vault_build(v, passphrase, &params, salt, recovery_code);
    if (!rc)
        rc = vault_attach(v);
    if (rc) {
        if (v->lock_fd >= 0)
            create_undo(v);
        sodium_memzero(recovery_code, IM_RECOVERY_CODE_SIZE);
        vault_free(v);
        return rc;
    }
    v->policy = params;
    IM_ASSERT(im_vault_idle_ok(v) && v->keys && v->keys->has_pass_kek);
    *out = v;
    return IM_OK;
}

/*
 * A keyed vault (couple_space.c): the same schema, records, manifest and
 * key check as any vault, but no keyslot at all -- its master key is given
 * and only ever reaches it from outside (im_vault_unlock_master).  Built
 * in innermost.db.new and renamed into place, like any create.
 */
im_rc im_vault_create_keyed(const char *dir, const unsigned char *master,
                            im_vault **out)
{
    if (!dir || !master || !out)
        return IM_ERR_INVALID;
    *out = NULL;
    if (sodium_init() < 0)
        return IM_ERR_NOMEM;
    im_vault *v = vault_new(dir);
    if (!v)
        return IM_ERR_NOMEM;
    im_rc rc = IM_OK;
    v->lock_fd = im_folder_lock(dir, &rc);
    if (!rc && im_vault_exists(dir)) {
        vault_free(v);
        return IM_ERR_EXISTS;
    }
    char *tmp = path_join(dir, IM_DB_NAME ".new");
    if (!rc && !tmp)
        rc = IM_ERR_NOMEM;
    if (!rc)
        rc = remove_vault_files(dir);
    if (!rc) {
        randombytes_buf(v->id, sizeof v->id);
        rc = build_new_db(tmp, v->id, NULL, NULL, master);
    }
    if (!rc && rename(tmp, v->db_path) != 0)
        rc = errno == ENOSPC ? IM_ERR_DISK_FULL : IM_ERR_IO;
    if (!rc)
        im_rc_ignore(im_folder_sync(dir));
    free(tmp);
    if (!rc)
        rc = vault_attach(v);
    if (!rc)
        rc = im_vault_keys_set(v, master);
    if (rc) {
        if (v->lock_fd >= 0)
            create_undo(v);
        vault_free(v);
        return rc;
    }
    IM_ASSERT(im_vault_idle_ok(v) && v->keys);
    *out = v;
    return IM_OK;
}

/* ---- locked memory ---- */

void *im_secure_alloc(size_t n)
{
    if (n == 0 || sodium_init() < 0)
        return NULL;
    void *p = sodium_malloc(n);
    if (p)
        memset(p, 0, n);
    return p;
}

void im_secure_free(void *p)
{
    if (p)
        sodium_free(p); /* wipes before it unmaps */
}

/* ---- settings on the handle ---- */

void im_vault_set_clock(im_vault *v, const im_clock *clock)
{
    if (!v)
        return;
    IM_ASSERT(im_vault_state_ok(v));
    v->has_clock = clock != NULL;
    if (clock)
        v->clock = *clock;
}

const im_clock *im_vault_clock(const im_vault *v)
{
    return v && v->has_clock ? &v->clock : NULL;
}

void im_vault_set_kdf_policy(im_vault *v, const im_kdf_params *kdf)
{
    if (!v || !kdf || !im_kdf_params_valid(kdf))
        return;
    IM_ASSERT(im_vault_state_ok(v));
    if (kdf->opslimit > v->policy.opslimit)
        v->policy.opslimit = kdf->opslimit;
    if (kdf->memlimit > v->policy.memlimit)
        v->policy.memlimit = kdf->memlimit;
}

im_rc im_vault_kdf_params(im_vault *v, im_kdf_params *out)
{
    if (!v || !out)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    im_slot s;
    im_rc rc = im_slot_read(v->db, IM_SLOT_PASSPHRASE, &s);
    if (!rc && s.kdf != IM_SLOT_KDF_ARGON2ID13)
        rc = IM_ERR_DAMAGED;
    if (!rc)
        *out = s.params;
    return rc;
}

im_rc im_vault_kdf_local(const im_vault *v, im_kdf_params *out)
{
    if (!v || !out)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    *out = v->policy;
    if (v->keys && v->keys->has_pass_kek) {
        if (v->unlock_params.opslimit > out->opslimit)
            out->opslimit = v->unlock_params.opslimit;
        if (v->unlock_params.memlimit > out->memlimit)
            out->memlimit = v->unlock_params.memlimit;
    }
    return IM_OK;
}

int im_vault_is_unlocked(const im_vault *v)
{
    return v && v->keys != NULL;
}

const char *im_vault_db_path(const im_vault *v)
{
    return v ? v->db_path : NULL;
}

void im_vault_id(const im_vault *v, unsigned char id[IM_VAULT_ID_BYTES])
{
    if (v && id)
        memcpy(id, v->id, IM_VAULT_ID_BYTES);
}

/* ---- transactions ---- */

im_rc im_vault_begin(im_vault *v)
{
    if (!v)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_idle_ok(v));
    if (v->tx_depth == 0) {
        im_rc rc = im_store_run(v, "BEGIN IMMEDIATE;");
        if (rc)
            return rc;
        v->tx_doomed = 0;
        im_manifest_discard(v); /* one a doomed transaction left */
    }
    v->tx_depth++;
    return IM_OK;
}

im_rc im_vault_commit(im_vault *v)
{
    if (!v || v->tx_depth == 0)
        return v ? IM_ERR_STATE : IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    if (--v->tx_depth > 0)
        return v->tx_doomed ? IM_ERR_STATE : IM_OK;
    if (v->tx_doomed) {
        v->tx_doomed = 0;
        return IM_ERR_STATE;
    }
    /* the manifest the transaction's writes made, once (manifest.c) */
    im_rc rc = im_manifest_flush(v);
    if (!rc)
        rc = im_store_run(v, "COMMIT;");
    if (rc && !sqlite3_get_autocommit(v->db))
        sqlite3_exec(v->db, "ROLLBACK;", 0, 0, 0);
    return rc;
}

/* Rolls back the whole outer transaction at once; inner levels still end
 * with commit or rollback, and the outermost commit reports IM_ERR_STATE. */
void im_vault_rollback(im_vault *v)
{
    if (!v || v->tx_depth == 0)
        return;
    IM_ASSERT(im_vault_state_ok(v));
    if (!sqlite3_get_autocommit(v->db))
        sqlite3_exec(v->db, "ROLLBACK;", 0, 0, 0);
    im_manifest_discard(v);
    if (--v->tx_depth > 0)
        v->tx_doomed = 1;
    else
        v->tx_doomed = 0;
}

/* ---- unlock, lock, rewrap ---- */

/* Rewrap the passphrase slot for the current master key under passphrase
 * and params (same master: no rotation), keeping the new slot key. */
static im_rc rewrap_passphrase(im_vault *v, const char *passphrase,
                               const im_kdf_params *params)
{
    im_slot s;
    unsigned char *key = sodium_malloc(IM_SLOT_KEY_BYTES);
    if (!key)
        return IM_ERR_NOMEM;
    im_rc rc = im_slot_make_passphrase(v->id, passphrase, params,
                                       v->keys->master, &s, key);
    if (!rc)
        rc = im_store_write_begin(v);
    if (!rc)
        rc = im_store_write_end(v,
                                im_slot_write(v->db, IM_SLOT_PASSPHRASE, &s));
    if (!rc) {
        memcpy(v->keys->pass_kek, key, IM_SLOT_KEY_BYTES);
        v->keys->has_pass_kek = 1;
        v->unlock_params = s.params;
        memcpy(v->pass_salt, s.salt, IM_SALT_BYTES);
    }
    sodium_free(key);
    return rc;
}

/*
 * The policy a vault without a key check (schema 1) seals first.  After a
 * passphrase unlock it is the cost of the slot that just opened: the
 * derivation proved it, while the handle's policy is only what this
 * process was told (often nothing, i.e. the minimum).  After a
 * recovery-code unlock no cost in the file is proven, so this device is
 * calibrated afresh (about a second, once in a vault's life).
 */
static im_rc first_policy(im_vault *v, const im_kdf_params *proven,
                          im_kdf_params *out)
{
    im_kdf_params p;
    if (proven)
        p = *proven;
    else {
        im_rc rc = im_kdf_calibrate(IM_KDF_TARGET_MS, &p);
        if (rc)
            return rc;
    }
    *out = v->policy;
    if (im_kdf_params_valid(&p)) {
        if (p.opslimit > out->opslimit)
            out->opslimit = p.opslimit;
        if (p.memlimit > out->memlimit)
            out->memlimit = p.memlimit;
    }
    return IM_OK;
}

/*
 * The master key a slot opened is the current one: the sealed key check
 * verifies under it (IM_ERR_REPLACED if not: an old slot pasted back).  A
 * vault from schema 1 has no check yet and gets one now, from the key its
 * slot opened and the policy first_policy gives (the migration; nothing
 * else is written).  The sealed policy raises the handle's.  proven is the
 * cost of the passphrase slot that opened master (NULL: recovery code).
 */
static im_rc accept_master(im_vault *v, const unsigned char *master,
                           const im_kdf_params *proven)
{
    im_rc rc = im_keycheck_verify(v->db, v->id, master);
    if (rc == IM_ERR_NOT_FOUND) {
        im_kdf_params policy;
        rc = first_policy(v, proven, &policy);
        if (!rc)
            rc = im_store_write_begin(v);
        if (!rc)
            rc = im_store_write_end(
                v, im_keycheck_write(v->db, v->id, master, &policy));
    }
    if (rc)
        return rc;
    rc = im_vault_keys_set(v, master);
    if (!rc)
        im_guard_take_tries(v);
    /* Both best effort: a full disk must not lock the owner out.  Rows an
     * older build sealed are upgraded only after a check that re-based
     * the manifest, so the upgrade's rebuild absorbs nothing unreported;
     * if it fails they stay readable and the next unlock tries again. */
    if (!rc && im_manifest_check(v) == IM_OK)
        im_record_upgrade(v);
    im_kdf_params sealed;
    if (!rc && im_keycheck_policy(v, &sealed) == IM_OK)
        im_vault_set_kdf_policy(v, &sealed);
    return rc;
}

/* On success master holds the key slot opened; compare or install it. */
static im_rc unlock_with_master(im_vault *v, const unsigned char *master,
                                const im_kdf_params *proven)
{
    if (v->keys)
        return sodium_memcmp(master, v->keys->master, IM_MASTER_KEY_BYTES) == 0
                   ? IM_OK
                   : IM_ERR_REPLACED;
    return accept_master(v, master, proven);
}

/* Open the passphrase slot s with key; install (or confirm) its master. */
static im_rc unlock_pass(im_vault *v, const im_slot *s,
                         const unsigned char *key)
{
    unsigned char *master = sodium_malloc(IM_MASTER_KEY_BYTES);
    if (!master)
        return IM_ERR_NOMEM;
    int was_unlocked = v->keys != NULL;
    im_rc rc = im_slot_open(v->id, IM_SLOT_PASSPHRASE, s, key, master) != 0
                   ? IM_ERR_WRONG_SECRET
                   : unlock_with_master(v, master, &s->params);
    sodium_free(master);
    if (!rc && !was_unlocked) {
        /* The cost the AEAD just authenticated: new slots start from it. */
        memcpy(v->keys->pass_kek, key, IM_SLOT_KEY_BYTES);
        v->keys->has_pass_kek = 1;
        v->unlock_params = s->params;
        memcpy(v->pass_salt, s->salt, IM_SALT_BYTES);
        v->recovered = 0;
    }
    return rc;
}

/*
 * On an unlocked vault this only checks the passphrase (for screens that
 * ask for it again) and the vault stays unlocked whatever the answer.
 */
im_rc im_vault_unlock(im_vault *v, const char *passphrase)
{
    if (!v || !passphrase)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    if (strlen(passphrase) > IM_PASSPHRASE_MAX_BYTES)
        return IM_ERR_WRONG_SECRET; /* could never have been set */
    im_slot s;
    im_rc rc = im_slot_read(v->db, IM_SLOT_PASSPHRASE, &s);
    if (!rc && s.kdf != IM_SLOT_KDF_ARGON2ID13)
        rc = IM_ERR_DAMAGED;
    if (rc)
        return rc;
    unsigned char *key = sodium_malloc(IM_SLOT_KEY_BYTES);
    if (!key)
        return IM_ERR_NOMEM;
    rc = im_slot_passphrase_key(&s, passphrase, key);
    if (!rc)
        rc = unlock_pass(v, &s, key);
    sodium_free(key);
    if (!rc && !v->salt_pinned && im_kdf_params_below(&s.params, &v->policy)) {
        im_kdf_params up = s.params;
        if (up.opslimit < v->policy.opslimit)
            up.opslimit = v->policy.opslimit;
        if (up.memlimit < v->policy.memlimit)
            up.memlimit = v->policy.memlimit;
        /* Best effort: the vault is unlocked either way, and a failed
         * rewrap (disk full) is simply retried at the next unlock. */
        rewrap_passphrase(v, passphrase, &up);
    }
    return rc;
}

im_rc im_vault_unlock_key(im_vault *v, const im_slot *s,
                          const unsigned char *key)
{
    if (!v || !s || !key || v->keys)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    if (s->kdf != IM_SLOT_KDF_ARGON2ID13)
        return IM_ERR_DAMAGED;
    return unlock_pass(v, s, key);
}

im_rc im_vault_unlock_master(im_vault *v, const unsigned char *master)
{
    if (!v || !master)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    im_kdf_params min = im_kdf_params_min();
    return unlock_with_master(v, master, &min);
}

im_rc im_vault_unlock_recovery(im_vault *v, const char *code)
{
    if (!v)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    unsigned char *secret = sodium_malloc(IM_RECOVERY_CODE_BYTES +
                                          IM_MASTER_KEY_BYTES);
    if (!secret)
        return IM_ERR_NOMEM;
    unsigned char *master = secret + IM_RECOVERY_CODE_BYTES;
    im_slot s;
    im_rc rc = im_recovery_parse(code, secret);
    if (!rc)
        rc = im_slot_read(v->db, IM_SLOT_RECOVERY, &s);
    if (!rc && s.kdf != IM_SLOT_KDF_BLAKE2B && s.kdf != IM_SLOT_KDF_BOX)
        rc = IM_ERR_DAMAGED;
    if (!rc) {
        int was_unlocked = v->keys != NULL;
        rc = im_recovery_open(v->id, &s, secret, master) != 0
                 ? IM_ERR_WRONG_SECRET
                 : unlock_with_master(v, master, NULL);
        if (!rc && !was_unlocked)
            v->recovered = 1; /* no passphrase key: a rekey needs a new one */
    }
    sodium_free(secret);
    return rc;
}

/* ---- lock listeners ---- */

im_rc im_vault_lock_listener_add(im_vault *v, im_lock_fn fn, void *ctx)
{
    if (!v || !fn)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    if (v->notifying)
        return IM_ERR_STATE;
    for (size_t i = 0; i < v->n_listeners; i++)
        if (v->listeners[i].fn == fn && v->listeners[i].ctx == ctx)
            return IM_OK;
    if (v->n_listeners == v->cap_listeners) {
        size_t cap = v->cap_listeners ? v->cap_listeners * 2 : 4;
        im_lock_listener *p = realloc(v->listeners, cap * sizeof *p);
        if (!p)
            return IM_ERR_NOMEM;
        v->listeners = p;
        v->cap_listeners = cap;
    }
    v->listeners[v->n_listeners++] = (im_lock_listener){fn, ctx};
    return IM_OK;
}

void im_vault_lock_listener_remove(im_vault *v, im_lock_fn fn, void *ctx)
{
    if (!v || v->notifying)
        return;
    IM_ASSERT(im_vault_state_ok(v));
    for (size_t i = 0; i < v->n_listeners; i++) {
        if (v->listeners[i].fn == fn && v->listeners[i].ctx == ctx) {
            memmove(&v->listeners[i], &v->listeners[i + 1],
                    (v->n_listeners - i - 1) * sizeof *v->listeners);
            v->n_listeners--;
            return;
        }
    }
}

/* Call every listener.  The notifying flag keeps the list as it is while
 * it is walked (add and remove refuse), and keeps a listener that locks
 * the vault from calling the listeners again. */
static void notify_listeners(im_vault *v, int closing)
{
    if (v->notifying)
        return;
    v->notifying = 1;
    for (size_t i = 0; i < v->n_listeners; i++)
        v->listeners[i].fn(v->listeners[i].ctx, v, closing);
    v->notifying = 0;
}

void im_vault_lock(im_vault *v)
{
    if (!v || v->notifying)
        return;
    IM_ASSERT(im_vault_state_ok(v));
    if (v->keys)
        notify_listeners(v, 0);
    if (v->keys)
        im_manifest_remember(v);
    if (v->keys) {
        sodium_free(v->keys);
        v->keys = NULL;
    }
    if (v->db) {
        if (!sqlite3_get_autocommit(v->db))
            sqlite3_exec(v->db, "ROLLBACK;", 0, 0, 0);
        v->tx_depth = 0;
        v->tx_doomed = 0;
        im_store_checkpoint(v->db);
    }
    IM_ASSERT(im_vault_idle_ok(v) && !v->keys && v->tx_depth == 0);
}

void im_vault_close(im_vault *v)
{
    if (!v || v->notifying)
        return;
    im_vault_lock(v);
    notify_listeners(v, 1);
    v->n_listeners = 0;
    vault_free(v);
}

im_rc im_vault_change_passphrase(im_vault *v, const char *new_passphrase,
                                 const im_kdf_params *kdf)
{
    if (!v)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    if (!new_passphrase && v->keys)
        return IM_ERR_INVALID;
    return im_vault_rekey(v, new_passphrase, kdf, NULL, NULL, NULL);
}

im_rc im_vault_new_recovery_code(im_vault *v,
                                 char recovery_code[IM_RECOVERY_CODE_SIZE])
{
    if (!v || !recovery_code)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    return im_vault_rekey(v, NULL, NULL, recovery_code, NULL, NULL);
}

/* ---- erase ---- */

/* Best effort before unlinking: zero the keyslots in place (secure_delete)
 * so the wrapped master key is gone from the file's blocks even where the
 * file system keeps unlinked data around for a while. */
static void wipe_keyslots(sqlite3 *db)
{
    sqlite3_exec(db, "DELETE FROM keyslot;", 0, 0, 0);
    im_store_checkpoint(db);
}

static im_rc erase_locked_dir(const char *dir)
{
    im_rc rc = remove_vault_files(dir);
    char *lock = path_join(dir, IM_LOCK_NAME);
    if (!lock)
        return IM_ERR_NOMEM;
    if (unlink(lock) != 0 && errno != ENOENT)
        rc = IM_ERR_IO;
    free(lock);
    im_rc_ignore(im_folder_sync(dir)); /* the data is synced: best effort */
    return rc;
}

im_rc im_vault_erase(im_vault *v)
{
    if (!v)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    if (v->notifying)
        return IM_ERR_STATE;
    im_vault_lock(v);
    notify_listeners(v, 1);
    v->n_listeners = 0;
    if (v->db) {
        wipe_keyslots(v->db);
        im_store_cache_clear(v);
        sqlite3_close_v2(v->db);
        v->db = NULL;
    }
    im_rc rc = erase_locked_dir(v->dir);
    vault_free(v); /* closes the lock fd last */
    return rc;
}

im_rc im_vault_erase_dir(const char *dir)
{
    if (!dir)
        return IM_ERR_INVALID;
    im_rc rc;
    int fd = im_folder_lock(dir, &rc);
    if (fd < 0)
        return rc;
    rc = erase_locked_dir(dir);
    close(fd);
    return rc;
}

/* ---- plain preferences ---- */

static int pref_key_valid(const char *key)
{
    size_t n = 0;
    if (!key)
        return 0;
    for (; key[n]; n++) {
        char c = key[n];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return 0;
    }
    return n > 0 && n <= 64;
}

im_rc im_vault_pref_get(im_vault *v, const char *key, int64_t *value)
{
    if (!v || !value || !pref_key_valid(key))
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(v->db, "SELECT value FROM pref WHERE key=?",
                                &st);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    return im_store_get_int(v->db, st, value);
}

im_rc im_vault_pref_set(im_vault *v, const char *key, int64_t value)
{
    if (!v || !pref_key_valid(key))
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    im_rc rc = im_store_write_begin(v);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    rc = im_store_prepare(
        v->db, "INSERT OR REPLACE INTO pref(key, value) VALUES(?, ?)", &st);
    if (!rc) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, value);
        rc = im_store_step_done(v->db, st);
    }
    return im_store_write_end(v, rc);
}

/* Every preference in key order, for backup.  Reads only the pref table,
 * which holds no secrets, so it works locked or unlocked.  fn returning
 * non-zero stops the walk (still IM_OK). */
im_rc im_vault_pref_foreach(im_vault *v, im_pref_fn fn, void *ctx)
{
    if (!v || !fn)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_state_ok(v));
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(
        v->db, "SELECT key, value FROM pref ORDER BY key", &st);
    if (rc)
        return rc;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        if (key && fn(ctx, key, sqlite3_column_int64(st, 1)) != 0)
            break;
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = im_store_rc(v->db, s);
    sqlite3_finalize(st);
    return rc;
}
