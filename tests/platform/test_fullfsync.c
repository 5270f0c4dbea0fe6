/*
 * test_fullfsync.c -- the vault asks SQLite for F_FULLFSYNC on Apple.
 *
 * Built twice from this file (tests/platform/CMakeLists.txt):
 *   test_fullfsync_apple  links its own copy of core/src/store.c compiled
 *                         with IM_STORE_FULLFSYNC=1, the value __APPLE__
 *                         selects: fullfsync and checkpoint_fullfsync must
 *                         read back as 1 on a freshly opened store;
 *   test_fullfsync        the normal Linux core: both stay 0 (fsync is
 *                         enough there), so the check can tell them apart.
 * What this cannot show: that Apple's SQLite then issues fcntl(F_FULLFSYNC);
 * that is SQLite's documented behaviour, not run here.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "vault_internal.h"

static int pragma(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

int main(void)
{
    char dir[] = "/tmp/im-fullfsync-XXXXXX";
    REQUIRE(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/v.db", dir);
    sqlite3 *db = NULL;
    REQUIRE(im_store_open(path, 1, &db) == IM_OK);
#ifdef IM_EXPECT_FULLFSYNC
    int want = 1;
#else
    int want = 0;
#endif
    CHECK(pragma(db, "PRAGMA fullfsync;") == want);
    CHECK(pragma(db, "PRAGMA checkpoint_fullfsync;") == want);
    CHECK(pragma(db, "PRAGMA synchronous;") == 2); /* FULL, on every platform */
    sqlite3_close(db);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    return im_check_done();
}
