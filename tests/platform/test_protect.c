/*
 * test_protect.c -- the data folder is kept out of backups and given a
 * data-protection class on Apple, on the app's real start-up path.
 *
 * Built with its own copy of app/src/platform/protect.c compiled with
 * IM_HAVE_APPLE_BACKUP_EXCLUSION (the iOS build's define), and this file
 * standing in for ios/im_apple_backup.m: the two Objective-C functions are
 * replaced by recorders.  Then:
 *   1. ui_protect_data_dir with a recording table calls both, with the
 *      folder, and a failing call gives -1 and a message naming the step;
 *   2. starting the real app (headless, the test harness: app_harness.h)
 *      calls BOTH Apple functions on the data folder -- before the fix
 *      neither was called.
 * What this cannot show: that NSURLIsExcludedFromBackupKey and
 * NSFileProtectionKey behave as Apple documents (no Apple SDK here).
 */
#include <stdio.h>
#include <string.h>

#include "app_harness.h"
#include "check.h"
#include "im_apple_backup.h"
#include "platform/protect.h"

typedef struct {
    int protect_calls, exclude_calls;
    char dir[512];
    int fail_exclude;
} rec;

static rec apple; /* what the Apple stand-ins saw (test-only state) */

int im_apple_exclude_from_backup(const char *dir_path)
{
    apple.exclude_calls++;
    snprintf(apple.dir, sizeof apple.dir, "%s", dir_path);
    return 0;
}

int im_apple_protect_dir(const char *dir_path)
{
    apple.protect_calls++;
    snprintf(apple.dir, sizeof apple.dir, "%s", dir_path);
    return 0;
}

static int rec_protect(void *ctx, const char *dir)
{
    rec *r = ctx;
    r->protect_calls++;
    snprintf(r->dir, sizeof r->dir, "%s", dir);
    return 0;
}

static int rec_exclude(void *ctx, const char *dir)
{
    rec *r = ctx;
    r->exclude_calls++;
    return r->fail_exclude ? -1 : 0;
    (void)dir;
}

static void check_table(void)
{
    rec r;
    memset(&r, 0, sizeof r);
    ui_protect_ops ops = {rec_protect, rec_exclude, &r};
    char err[128] = "";
    CHECK(ui_protect_data_dir(&ops, "/some/dir", err, sizeof err) == 0);
    CHECK(r.protect_calls == 1 && r.exclude_calls == 1);
    CHECK(strcmp(r.dir, "/some/dir") == 0);
    r.fail_exclude = 1;
    CHECK(ui_protect_data_dir(&ops, "/some/dir", err, sizeof err) == -1);
    CHECK(strstr(err, "backups") != NULL);
    CHECK(r.protect_calls == 2); /* the other step is still tried */
    CHECK(ui_protect_data_dir(NULL, "/x", err, sizeof err) == 0);
}

static void check_app_start(void)
{
    th_app h;
    th_app_prepare(&h, "protect");
    th_app_start(&h);
    CHECK(apple.exclude_calls == 1);
    CHECK(apple.protect_calls == 1);
    CHECK(strcmp(apple.dir, h.data) == 0);
    th_app_finish(&h);
}

int main(void)
{
    REQUIRE(ui_protect_platform_ops() != NULL); /* the Apple table is compiled in */
    check_table();
    check_app_start();
    return im_check_done();
}
