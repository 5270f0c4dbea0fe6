/*
 * test_vault_diskfull.c -- a full disk is IM_ERR_DISK_FULL, and nothing
 * already saved is lost.
 *
 * The disk is "filled" with RLIMIT_FSIZE (SIGXFSZ ignored, as
 * im_process_harden does): writes past the limit fail with EFBIG, or are cut
 * short, exactly where ENOSPC would strike.  Then the limit is lifted and
 * every record acknowledged before or during the shortage must be intact,
 * after reopening too.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "vault_test.h"

#define MAX_KEPT 4096

static char *dir;
static struct rlimit saved_limit;
static int64_t kept_id[MAX_KEPT];
static int kept_n;

static void fill_text(char *buf, size_t n, int64_t seed)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)('a' + (seed * 31 + (int64_t)i * 7) % 26);
}

static void limit_files_to(off_t bytes)
{
    struct rlimit r = saved_limit;
    r.rlim_cur = (rlim_t)bytes;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &r) == 0);
}

static void unlimit(void) { REQUIRE(setrlimit(RLIMIT_FSIZE, &saved_limit) == 0); }

static off_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_size : 0;
}

static int check_all_kept(im_vault *v)
{
    int intact = 0;
    char want[4096];
    for (int i = 0; i < kept_n; i++) {
        im_buf b;
        fill_text(want, sizeof want, i);
        if (im_record_get(v, IM_KIND_JOURNAL, kept_id[i], &b) == IM_OK && b.len == sizeof want &&
            memcmp(b.data, want, b.len) == 0)
            intact++;
        im_buf_free(&b);
    }
    return intact;
}

static void test_create_on_full_disk(void)
{
    char *d = im_tmpdir_make("vault-full-create");
    REQUIRE(d);
    char code[IM_RECOVERY_CODE_SIZE];
    im_kdf_params kdf = im_kdf_params_min();
    im_vault *v = NULL;
    limit_files_to(2048);
    im_rc rc = im_vault_create(d, TH_PASS, &kdf, code, &v);
    unlimit();
    CHECK_RC(rc, IM_ERR_DISK_FULL);
    CHECK(v == NULL);
    CHECK(vt_dir_count(d) == 0);
    im_tmpdir_remove(d);
}

int main(void)
{
    im_process_harden(); /* ignores SIGXFSZ */
    REQUIRE(getrlimit(RLIMIT_FSIZE, &saved_limit) == 0);
    test_create_on_full_disk();

    dir = im_tmpdir_make("vault-full");
    REQUIRE(dir);
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *v = th_vault_create(dir, NULL, code);
    char text[4096];
    for (int i = 0; i < 20; i++) {
        int64_t id = 0;
        fill_text(text, sizeof text, kept_n);
        CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, text, sizeof text), IM_OK);
        kept_id[kept_n++] = id;
    }
    im_vault_lock(v); /* checkpoint: the WAL starts empty */
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);

    /* Room for a little more than what is there. */
    off_t db_size = file_size(im_vault_db_path(v));
    limit_files_to(db_size + 64 * 1024);

    /* A large record does not fit. */
    size_t big_len = 1024 * 1024;
    char *big = malloc(big_len);
    REQUIRE(big);
    memset(big, 'B', big_len);
    int64_t big_id = 0;
    CHECK_RC(im_record_put(v, IM_KIND_RUN, &big_id, big, big_len), IM_ERR_DISK_FULL);
    CHECK(big_id == 0);

    /* Small writes go on until there is no room either; each one either
     * succeeds (and is kept) or says the disk is full. */
    im_rc last = IM_OK;
    int puts = 0, others = 0;
    REQUIRE(kept_n + 200 <= MAX_KEPT);
    for (int i = 0; i < 200 && last == IM_OK; i++) {
        int64_t id = 0;
        fill_text(text, sizeof text, kept_n);
        last = im_record_put(v, IM_KIND_JOURNAL, &id, text, sizeof text);
        if (last == IM_OK)
            kept_id[kept_n++] = id;
        puts++;
    }
    CHECK_RC(last, IM_ERR_DISK_FULL);
    others += last != IM_OK && last != IM_ERR_DISK_FULL;
    printf("disk full after %d small records (limit %lld bytes)\n", puts, (long long)(db_size + 64 * 1024));

    /* Rewrapping a slot on a full disk: either done or not, never half. */
    im_rc change = im_vault_change_passphrase(v, "another passphrase", NULL);
    CHECK(change == IM_OK || change == IM_ERR_DISK_FULL);
    const char *pass = change == IM_OK ? "another passphrase" : TH_PASS;
    im_rc pref = im_vault_pref_set(v, "text_size", 110);
    CHECK(pref == IM_OK || pref == IM_ERR_DISK_FULL);

    /* A transaction that hits the wall commits all or nothing. */
    int64_t t1 = 0;
    CHECK_RC(im_vault_begin(v), IM_OK);
    im_rc r1 = im_record_put(v, IM_KIND_DRAFT, &t1, "draft", 5);
    int64_t t2 = 0;
    im_rc r2 = im_record_put(v, IM_KIND_DRAFT, &t2, big, big_len);
    /* The big write may fail at once (the page cache spilled) or only at
     * commit; either way the commit cannot succeed. */
    CHECK(r2 == IM_OK || r2 == IM_ERR_DISK_FULL);
    im_rc rc_commit = im_vault_commit(v);
    CHECK(rc_commit == IM_ERR_DISK_FULL || rc_commit == IM_ERR_STATE);
    printf("transaction on a full disk: put %s, commit %s\n", im_rc_name(r2), im_rc_name(rc_commit));
    size_t drafts = 99;
    CHECK_RC(im_record_count(v, IM_KIND_DRAFT, &drafts), IM_OK);
    CHECK(drafts == (rc_commit == IM_OK && r1 == IM_OK ? 1u : 0u));

    /* Everything acknowledged is still readable while the disk is full. */
    CHECK(check_all_kept(v) == kept_n);
    CHECK(others == 0);

    /* Space comes back: writing works again, nothing was lost. */
    unlimit();
    int64_t after = 0;
    CHECK_RC(im_record_put(v, IM_KIND_RUN, &after, big, big_len), IM_OK);
    im_vault_close(v);
    free(big);

    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    REQUIRE(v);
    CHECK_RC(im_vault_unlock(v, pass), IM_OK);
    CHECK(check_all_kept(v) == kept_n);
    size_t n = 0;
    CHECK_RC(im_record_count(v, IM_KIND_JOURNAL, &n), IM_OK);
    CHECK(n == (size_t)kept_n);
    CHECK_RC(im_record_count(v, IM_KIND_RUN, &n), IM_OK);
    CHECK(n == 1);
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock_recovery(v, code), IM_OK);
    printf("%d records kept through the shortage, all intact\n", kept_n);

    sqlite3 *db = vt_sql_open(im_vault_db_path(v));
    sqlite3_stmt *st;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, 0) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    im_vault_close(v);
    im_tmpdir_remove(dir);
    return im_check_done();
}
