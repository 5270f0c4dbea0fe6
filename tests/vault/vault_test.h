/*
 * vault_test.h -- helpers shared by the vault tests: file hashes and direct
 * SQL access for tampering.  The vault itself comes from the one fixture
 * every test starts from (th_vault_create, TH_PASS: vault_fixture.h).
 */
#ifndef IM_VAULT_TEST_H
#define IM_VAULT_TEST_H

#include <sqlite3.h>
#include <stdint.h>

#include "check.h"
#include "innermost/vault.h"
#include "vault_fixture.h"

/* BLAKE2b-256 of a file's bytes; all zero bytes if it does not exist. */
void vt_hash_file(const char *path, unsigned char out[32]);

/* Number of entries in dir (not counting . and ..). */
int vt_dir_count(const char *dir);

/* Open the vault's database directly (tests may use SQL; the app may not). */
sqlite3 *vt_sql_open(const char *db_path);
/* Run SQL that must succeed. */
void vt_sql(sqlite3 *db, const char *sql);
/* Read a blob column of one record row into a malloc'd buffer. */
unsigned char *vt_record_blob(sqlite3 *db, int64_t id, const char *column, size_t *len);
/* Overwrite a blob column of one record row. */
void vt_record_set_blob(sqlite3 *db, int64_t id, const char *column, const void *data, size_t len);

/* Milliseconds from a monotonic clock, for figures the tests print. */
double vt_now_ms(void);

/* Milliseconds of this thread's CPU time: for a check of how much work was
 * done (a shared machine's load does not inflate it as it does wall time). */
double vt_cpu_ms(void);

#endif
