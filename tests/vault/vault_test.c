/* vault_test.c -- see vault_test.h. */
#define _POSIX_C_SOURCE 200809L
#include "vault_test.h"

#include <dirent.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

void vt_hash_file(const char *path, unsigned char out[32])
{
    size_t n = 0;
    unsigned char *data = im_file_read(path, &n);
    memset(out, 0, 32);
    if (data)
        crypto_generichash(out, 32, data, n, NULL, 0);
    free(data);
}

int vt_dir_count(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

sqlite3 *vt_sql_open(const char *db_path)
{
    sqlite3 *db = NULL;
    REQUIRE(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    vt_sql(db, "PRAGMA synchronous=OFF;");
    return db;
}

void vt_sql(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, 0, 0, &err);
    if (rc != SQLITE_OK)
        fprintf(stderr, "  sql: %s: %s\n", sql, err ? err : "?");
    sqlite3_free(err);
    REQUIRE(rc == SQLITE_OK);
}

unsigned char *vt_record_blob(sqlite3 *db, int64_t id, const char *column, size_t *len)
{
    char sql[128];
    sqlite3_stmt *st;
    snprintf(sql, sizeof sql, "SELECT %s FROM record WHERE id=?", column);
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, 0) == SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    *len = (size_t)sqlite3_column_bytes(st, 0);
    unsigned char *out = malloc(*len ? *len : 1);
    REQUIRE(out != NULL);
    memcpy(out, sqlite3_column_blob(st, 0), *len);
    sqlite3_finalize(st);
    return out;
}

void vt_record_set_blob(sqlite3 *db, int64_t id, const char *column, const void *data, size_t len)
{
    char sql[128];
    sqlite3_stmt *st;
    snprintf(sql, sizeof sql, "UPDATE record SET %s=? WHERE id=?", column);
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, 0) == SQLITE_OK);
    sqlite3_bind_blob(st, 1, data, (int)len, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    REQUIRE(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
}

double vt_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

double vt_cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
