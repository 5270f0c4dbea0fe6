/*
 * store.c -- the vault's SQLite layer: open, pragmas, schema, migrations,
 * error mapping and write scopes.
 *
 * Design notes
 *   - WAL with synchronous=FULL (plus fullfsync on Apple, where fsync alone
 *     leaves the drive cache): a commit is on stable storage when the call
 *     returns (vault.h invariant 2), and a kill at any moment leaves either
 *     the old or the new state.  secure_delete=ON zeroes freed cells so a
 *     deleted record's ciphertext does not linger in the file;
 *     temp_store=MEMORY keeps sorts and temporary tables off the disk.
 *   - The schema version is PRAGMA user_version.  migrations[i] takes a
 *     database from version i to i+1 inside one transaction, so an old vault
 *     always climbs the same ladder a new one was built with.  A version
 *     newer than this build knows is refused (IM_ERR_UNREADABLE) rather than
 *     guessed at.
 *   - A database is only trusted to be ours after checking that its tables
 *     exist and that it holds no triggers or views: a crafted file must not
 *     be able to run SQL of its own when we write (defensive mode and
 *     trusted_schema=OFF back this up).
 *   - Errors: SQLITE_FULL, and an I/O error whose errno is ENOSPC, EFBIG or
 *     EDQUOT, are IM_ERR_DISK_FULL; NOTADB is IM_ERR_UNREADABLE; CORRUPT is
 *     IM_ERR_DAMAGED (a page is bad, the file may still mostly read).
 *
 * Invariants (IM_ASSERT in the write scope calls, contract.h; the handle
 * itself is checked against vault.c's, im_vault_state_ok)
 *   1. Every write runs inside a savepoint (im_store_write_begin/end); on
 *      any failure it is rolled back, so nothing half-written is visible.
 *      Inside a scope whose statements all succeeded a transaction is open
 *      (scope_ok): only a failure lets SQLite end it early.
 *   2. If SQLite rolled back a caller's outer transaction by itself (it may,
 *      after FULL or IOERR), the vault marks it doomed so the caller's
 *      commit reports failure instead of pretending (doom_recorded).
 */
#include "vault_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const migrations[IM_SCHEMA_VERSION] = {
    /* 0 -> 1: the first schema. */
    "CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL,"
    "                  value BLOB NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE keyslot(slot INTEGER PRIMARY KEY,"
    "                     kdf INTEGER NOT NULL,"
    "                     opslimit INTEGER NOT NULL,"
    "                     memlimit INTEGER NOT NULL,"
    "                     salt BLOB NOT NULL,"
    "                     nonce BLOB NOT NULL,"
    "                     wrapped BLOB NOT NULL);"
    "CREATE TABLE record(id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "                    kind INTEGER NOT NULL,"
    "                    version INTEGER NOT NULL,"
    "                    nonce BLOB NOT NULL,"
    "                    sealed BLOB NOT NULL);"
    "CREATE INDEX record_kind ON record(kind, id);"
    "CREATE TABLE pref(key TEXT PRIMARY KEY NOT NULL,"
    "                  value INTEGER NOT NULL) WITHOUT ROWID;",
    /* 1 -> 2: recovery slots sealed to a public key (recovery.c); the key
     * check row in meta is written at the first unlock (vault.c). */
    "ALTER TABLE keyslot ADD COLUMN pk BLOB;",
    /* 2 -> 3: a record's edit count and trash state move inside its
     * ciphertext (record.c).  Rows sealed before keep their count here
     * until the first unlock re-seals them (im_record_upgrade); a row in
     * the current format has 0. */
    "ALTER TABLE record RENAME COLUMN version TO legacy_version;",
};

static int is_space_errno(int e)
{
    return e == ENOSPC || e == EFBIG
#ifdef EDQUOT
           || e == EDQUOT
#endif
        ;
}

/* Whether an I/O error was a lack of space.  sqlite3_system_errno() reads
 * errno after the fact and is often 0 by then, so also ask the database
 * file and the WAL (or rollback journal) for the errno they recorded. */
static int io_error_is_full(sqlite3 *db)
{
    if (!db)
        return 0;
    int e = sqlite3_system_errno(db);
    if (is_space_errno(e))
        return 1;
    e = 0;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_LAST_ERRNO, &e) ==
            SQLITE_OK &&
        is_space_errno(e))
        return 1;
    sqlite3_file *journal = NULL;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER,
                             &journal) == SQLITE_OK &&
        journal && journal->pMethods) {
        e = 0;
        if (journal->pMethods->xFileControl(journal, SQLITE_FCNTL_LAST_ERRNO,
                                            &e) == SQLITE_OK &&
            is_space_errno(e))
            return 1;
    }
    return 0;
}

im_rc im_store_rc(sqlite3 *db, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return IM_OK;
    case SQLITE_FULL: return IM_ERR_DISK_FULL;
    case SQLITE_IOERR:
        return io_error_is_full(db) ? IM_ERR_DISK_FULL : IM_ERR_IO;
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN: return IM_ERR_UNREADABLE;
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT: return IM_ERR_DAMAGED;
    case SQLITE_NOMEM: return IM_ERR_NOMEM;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return IM_ERR_BUSY;
    case SQLITE_TOOBIG: return IM_ERR_TOO_LARGE;
    default: return IM_ERR_IO;
    }
}

im_rc im_store_exec(sqlite3 *db, const char *sql)
{
    return im_store_rc(db, sqlite3_exec(db, sql, 0, 0, 0));
}

im_rc im_store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
    *st = NULL;
    return im_store_rc(db, sqlite3_prepare_v2(db, sql, -1, st, 0));
}

/* The three step forms, leaving the statement for the caller to end. */
static im_rc step_done(sqlite3 *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? IM_OK : im_store_rc(db, rc);
}

static im_rc get_int(sqlite3 *db, sqlite3_stmt *st, int64_t *out)
{
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_INTEGER) {
        *out = sqlite3_column_int64(st, 0);
        return IM_OK;
    }
    if (s == SQLITE_ROW)
        return IM_ERR_DAMAGED;
    return s == SQLITE_DONE ? IM_ERR_NOT_FOUND : im_store_rc(db, s);
}

static im_rc get_blob(sqlite3 *db, sqlite3_stmt *st, void *out, size_t len)
{
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB &&
        (size_t)sqlite3_column_bytes(st, 0) == len) {
        memcpy(out, sqlite3_column_blob(st, 0), len);
        return IM_OK;
    }
    if (s == SQLITE_ROW)
        return IM_ERR_DAMAGED;
    return s == SQLITE_DONE ? IM_ERR_NOT_FOUND : im_store_rc(db, s);
}

im_rc im_store_step_done(sqlite3 *db, sqlite3_stmt *st)
{
    im_rc rc = step_done(db, st);
    sqlite3_finalize(st);
    return rc;
}

im_rc im_store_get_int(sqlite3 *db, sqlite3_stmt *st, int64_t *out)
{
    im_rc rc = get_int(db, st, out);
    sqlite3_finalize(st);
    return rc;
}

im_rc im_store_get_blob(sqlite3 *db, sqlite3_stmt *st, void *out, size_t len)
{
    im_rc rc = get_blob(db, st, out, len);
    sqlite3_finalize(st);
    return rc;
}

/* ---- Statement cache ------------------------------------------------------
 * A save prepared about a dozen statements (the record's row, its id, the
 * manifest's read and write, the savepoint and its release, the journal's
 * head ...) and parsing them was a third of a save's instructions (callgrind,
 * journal_bench: sqlite3_prepare_v2 and sqlite3_exec's parse 1.5 of 4.1 G).
 * The statements of the write path come from here instead, compiled once a
 * connection.  A statement handed out is marked busy until released, so a
 * nested use of the same SQL gets its own (prepared and finalized as
 * before); a released one is reset and its bindings cleared, so it holds no
 * pointer to the caller's buffers and no open read.  The SQL is known by
 * the address of its text: call sites pass string constants. */

im_rc im_store_cached(im_vault *v, const char *sql, sqlite3_stmt **st)
{
    im_stmt_slot *free_slot = NULL;
    for (size_t i = 0; i < IM_STORE_STMTS; i++) {
        im_stmt_slot *c = &v->stmts[i];
        if (c->sql == sql && !c->busy) {
            c->busy = 1;
            *st = c->st;
            return IM_OK;
        }
        if (!c->sql && !free_slot)
            free_slot = c;
    }
    *st = NULL;
    if (!free_slot)
        return im_store_prepare(v->db, sql, st);
    int s = sqlite3_prepare_v3(v->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
                               0);
    if (s != SQLITE_OK)
        return im_store_rc(v->db, s);
    free_slot->sql = sql;
    free_slot->st = *st;
    free_slot->busy = 1;
    return IM_OK;
}

void im_store_release(im_vault *v, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < IM_STORE_STMTS; i++) {
        if (v->stmts[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            v->stmts[i].busy = 0;
            return;
        }
    }
    sqlite3_finalize(st);
}

im_rc im_store_run(im_vault *v, const char *sql)
{
    sqlite3_stmt *st;
    im_rc rc = im_store_cached(v, sql, &st);
    return rc ? rc : im_store_step_done_v(v, st);
}

im_rc im_store_step_done_v(im_vault *v, sqlite3_stmt *st)
{
    im_rc rc = step_done(v->db, st);
    im_store_release(v, st);
    return rc;
}

im_rc im_store_get_int_v(im_vault *v, sqlite3_stmt *st, int64_t *out)
{
    im_rc rc = get_int(v->db, st, out);
    im_store_release(v, st);
    return rc;
}

im_rc im_store_get_blob_v(im_vault *v, sqlite3_stmt *st, void *out, size_t len)
{
    im_rc rc = get_blob(v->db, st, out, len);
    im_store_release(v, st);
    return rc;
}

void im_store_cache_clear(im_vault *v)
{
    for (size_t i = 0; i < IM_STORE_STMTS; i++) {
        if (v->stmts[i].st)
            sqlite3_finalize(v->stmts[i].st);
        v->stmts[i] = (im_stmt_slot){0};
    }
}

/* One integer from a query with no parameters. */
static im_rc query_int(sqlite3 *db, const char *sql, int64_t *out)
{
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(db, sql, &st);
    return rc ? rc : im_store_get_int(db, st, out);
}

/* Our tables are there, and nothing that could run SQL behind our back. */
static im_rc schema_is_ours(sqlite3 *db)
{
    int64_t tables = 0, active = 0;
    im_rc rc = query_int(
        db,
        "SELECT count(*) FROM sqlite_schema WHERE type='table' AND "
        "name IN ('meta','keyslot','record','pref')",
        &tables);
    if (!rc)
        rc = query_int(db,
                       "SELECT count(*) FROM sqlite_schema "
                       "WHERE type IN ('trigger','view')",
                       &active);
    if (rc)
        return rc;
    return (tables == 4 && active == 0) ? IM_OK : IM_ERR_UNREADABLE;
}

static im_rc migrate(sqlite3 *db, int64_t from)
{
    for (int64_t v = from; v < IM_SCHEMA_VERSION; v++) {
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d;", (int)(v + 1));
        im_rc rc = im_store_exec(db, "BEGIN IMMEDIATE;");
        if (!rc)
            rc = im_store_exec(db, migrations[v]);
        if (!rc)
            rc = im_store_exec(db, bump);
        if (!rc)
            rc = im_store_exec(db, "COMMIT;");
        if (rc) {
            if (!sqlite3_get_autocommit(db))
                sqlite3_exec(db, "ROLLBACK;", 0, 0, 0);
            return rc;
        }
    }
    return IM_OK;
}

/* On Apple, fsync() does not flush the drive's own cache, so synchronous=FULL
 * alone is not durable there; SQLite issues F_FULLFSYNC only when told
 * (fullfsync, checkpoint_fullfsync).  IM_STORE_FULLFSYNC is the seam: on by
 * default on Apple, and tests/platform/test_fullfsync compiles this file on
 * Linux with it set (where SQLite accepts the pragmas and uses fsync). */
#ifndef IM_STORE_FULLFSYNC
#ifdef __APPLE__
#define IM_STORE_FULLFSYNC 1
#else
#define IM_STORE_FULLFSYNC 0
#endif
#endif

/* The page cache: SQLite's default is 2 MiB a connection, and after the
 * journal's index has read every entry once it is full of their pages
 * (ciphertext read once, not again), two of the app's steady megabytes.
 * A quarter of a MiB still holds every interior page of a 100,000-entry
 * vault and the pages a save touches; the rest comes from the OS's cache.
 * (Negative: KiB, not pages.) */
#define IM_STORE_CACHE_KIB "-256"

/* Connection settings that are not stored in the file. */
static im_rc configure(sqlite3 *db)
{
    sqlite3_extended_result_codes(db, 1);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, (int *)0);
    sqlite3_busy_timeout(db, 2000);
    im_rc rc = im_store_exec(db, "PRAGMA secure_delete=ON;"
                                 "PRAGMA temp_store=MEMORY;"
                                 "PRAGMA synchronous=FULL;"
                                 "PRAGMA foreign_keys=ON;"
                                 "PRAGMA cell_size_check=ON;"
                                 "PRAGMA cache_size=" IM_STORE_CACHE_KIB ";");
    if (!rc && IM_STORE_FULLFSYNC)
        rc = im_store_exec(
            db, "PRAGMA fullfsync=ON; PRAGMA checkpoint_fullfsync=ON;");
    return rc;
}

/*
 * Open the database at path and bring its schema to IM_SCHEMA_VERSION.
 * create=0 refuses a file that is not already a vault (IM_ERR_UNREADABLE);
 * create=1 expects a fresh, empty file and builds the schema in it.  The
 * file is never modified before it has been recognised as ours.
 */
im_rc im_store_open(const char *path, int create, sqlite3 **out)
{
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                (create ? SQLITE_OPEN_CREATE : 0);
    *out = NULL;
    int s = sqlite3_open_v2(path, &db, flags, NULL);
    im_rc rc = s == SQLITE_OK ? configure(db) : im_store_rc(db, s);
    int64_t version = 0;
    if (!rc)
        rc = query_int(db, "PRAGMA user_version;", &version);
    if (!rc && !create && (version < 1 || schema_is_ours(db)))
        rc = IM_ERR_UNREADABLE;
    if (!rc && (version > IM_SCHEMA_VERSION || (create && version != 0)))
        rc = IM_ERR_UNREADABLE;
    if (!rc) {
        /* Converting to WAL writes the header once; a no-op afterwards. */
        sqlite3_stmt *st;
        rc = im_store_prepare(db, "PRAGMA journal_mode=WAL;", &st);
        if (!rc) {
            s = sqlite3_step(st);
            if (s != SQLITE_ROW ||
                strcmp((const char *)sqlite3_column_text(st, 0), "wal") != 0)
                rc = s == SQLITE_ROW ? IM_ERR_IO : im_store_rc(db, s);
            sqlite3_finalize(st);
        }
    }
    if (!rc)
        rc = migrate(db, version);
    if (!rc && create)
        rc = schema_is_ours(db);
    if (rc == IM_ERR_DAMAGED)
        rc = IM_ERR_UNREADABLE;
    if (rc) {
        sqlite3_close_v2(db);
        return rc;
    }
    *out = db;
    return IM_OK;
}

/* Move everything from the WAL into the database and truncate the WAL to
 * zero bytes, so old page images (old ciphertext of replaced or deleted
 * records) do not linger in it. */
im_rc im_store_checkpoint(sqlite3 *db)
{
    int s = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                      NULL, NULL);
    return im_store_rc(db, s);
}

/* Invariant 1: a scope whose body returned rc is still open unless rc
 * reports a failure. */
static int scope_ok(const im_vault *v, im_rc rc)
{
    return rc != IM_OK || !sqlite3_get_autocommit(v->db);
}

/* Invariant 2, after a scope ended: inside a caller transaction, either
 * SQLite's transaction is still open or the vault knows it is doomed. */
static int doom_recorded(const im_vault *v)
{
    return v->tx_depth == 0 || !sqlite3_get_autocommit(v->db) || v->tx_doomed;
}

im_rc im_store_write_begin(im_vault *v)
{
    IM_ASSERT(im_vault_state_ok(v));
    if (v->tx_doomed)
        return IM_ERR_STATE;
    return im_store_run(v, "SAVEPOINT im_op;");
}

im_rc im_store_write_end(im_vault *v, im_rc rc)
{
    IM_ASSERT(im_vault_state_ok(v) && scope_ok(v, rc));
    if (!rc) {
        /* Outside im_vault_begin this RELEASE is the commit. */
        rc = im_store_run(v, "RELEASE im_op;");
        if (!rc)
            return IM_OK;
    }
    if (!sqlite3_get_autocommit(v->db)) {
        if (v->tx_depth == 0)
            sqlite3_exec(v->db, "ROLLBACK;", 0, 0, 0);
        else
            sqlite3_exec(v->db, "ROLLBACK TO im_op; RELEASE im_op;", 0, 0, 0);
    }
    /* Rows the transaction's held manifest counts may be gone with the
     * scope: the commit counts the table instead (manifest.c). */
    if (v->tx_depth > 0)
        im_manifest_scope_failed(v);
    /* SQLite may have rolled back the caller's whole transaction itself. */
    if (v->tx_depth > 0 && sqlite3_get_autocommit(v->db))
        v->tx_doomed = 1;
    IM_ASSERT(doom_recorded(v));
    return rc;
}
