/*
 * test_restore_security.c -- a restore never brings back security settings
 * a backup holding autolock_s=0 and no wrong tries,
 * restored over a vault with a 1-minute auto-lock and 3 wrong tries (in
 * both modes), leaves the auto-lock, the leave-grace and the counter as
 * they were, while an ordinary preference (theme) and every record come
 * back.  Fails on main: the restore wrote autolock_s=0 and
 * unlock_failures=0.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "innermost/backup.h"
#include "innermost/vault.h"
#include "vault_fixture.h"

#define PASS TH_PASS

static im_vault *make(const char *dir) { return th_vault_create(dir, NULL, NULL); }

static int64_t pref(im_vault *v, const char *key)
{
    int64_t x = -999;
    if (im_vault_pref_get(v, key, &x) != IM_OK)
        return -999;
    return x;
}

static void restore_over(const char *file, im_restore_mode mode)
{
    char *dir = im_tmpdir_make("restore-sec-to");
    im_vault *v = make(dir);
    REQUIRE(im_vault_pref_set(v, "autolock_s", 60) == IM_OK);
    REQUIRE(im_vault_pref_set(v, "leave_grace_s", 10) == IM_OK);
    REQUIRE(im_vault_pref_set(v, "unlock_failures", 3) == IM_OK);
    int64_t id = 0;
    REQUIRE(im_record_put(v, IM_KIND_JOURNAL, &id, "here", 4) == IM_OK);
    im_backup_problem why;
    CHECK_RC(im_backup_restore(v, file, PASS, mode, NULL, &why), IM_OK);
    CHECK(pref(v, "autolock_s") == 60);
    CHECK(pref(v, "leave_grace_s") == 10);
    CHECK(pref(v, "unlock_failures") == 3);
    CHECK(pref(v, "theme") == 1); /* not a security setting: restored */
    size_t n = 0;
    CHECK_RC(im_record_count(v, IM_KIND_JOURNAL, &n), IM_OK);
    CHECK(n == (mode == IM_RESTORE_REPLACE ? 1u : 2u));
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

int main(void)
{
    im_process_harden();
    char *dir = im_tmpdir_make("restore-sec-from");
    im_vault *v = make(dir);
    REQUIRE(im_vault_pref_set(v, "autolock_s", 0) == IM_OK);
    REQUIRE(im_vault_pref_set(v, "leave_grace_s", 3600) == IM_OK);
    REQUIRE(im_vault_pref_set(v, "unlock_failures", 0) == IM_OK);
    REQUIRE(im_vault_pref_set(v, "theme", 1) == IM_OK);
    int64_t id = 0;
    REQUIRE(im_record_put(v, IM_KIND_JOURNAL, &id, "from the backup", 15) == IM_OK);
    char file[4200];
    snprintf(file, sizeof file, "%s/b.imbackup", dir);
    im_backup_options o = {.kdf = im_kdf_params_min()};
    REQUIRE(im_backup_write(v, file, PASS, &o, NULL) == IM_OK);
    im_vault_close(v);
    restore_over(file, IM_RESTORE_REPLACE);
    restore_over(file, IM_RESTORE_KEEP);
    im_tmpdir_remove(dir);
    return im_check_done();
}
