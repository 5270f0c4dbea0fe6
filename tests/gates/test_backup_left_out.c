/*
 * test_backup_left_out.c -- a backup made in the app says plainly when a
 * space it should carry was left out, without counting or naming anyone.
 *
 * The owner's folder holds a second person's space (im_people_add, before
 * the app starts).  While the app runs, this process holds that space
 * open (its instance lock), as another copy of Innermost would; the owner
 * backs up from Settings: the backup is saved without it and the screen
 * says "Something open in another copy of Innermost was not included".
 * With the space let go, the same backup says only "Backup saved." and
 * carries it (read back here: stats.spaces of a restore into an empty
 * folder).  Fails on main: the screen said "Backup saved." both times.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "app_harness.h"
#include "check.h"
#include "innermost/backup.h"
#include "innermost/people.h"
#include "innermost/vault.h"
#include "vault_fixture.h"

#define LEFT_OUT "open in another copy of Innermost was not included"

static th_app h;

static void step(const char *line) { REQUIRE(th_app_step(&h, line) == 0); }

/* Settings -> Back up, the passphrase asked again, to Documents/name. */
static void back_up(const char *name)
{
    char line[256];
    step("tap \"Settings\"");
    step("scroll-to \"Back up\"");
    step("tap \"Back up\"");
    step("tap \"Current passphrase\"");
    step("type \"" TH_PASS "\"");
    step("tap \"Confirm\"");
    step("scroll-to \"Choose where to save\"");
    step("tap \"Choose where to save\"");
    step("tap \"File name\"");
    step("key \"Ctrl+A\"");
    snprintf(line, sizeof line, "type \"%s\"", name);
    step(line);
    step("tap \"Documents\"");
    step("tap \"Current passphrase\"");
    step("type \"" TH_PASS "\"");
    step("tap \"Save backup\"");
    step("expect \"Backup saved\"");
}

/* How many people's spaces the backup at name puts back into an empty
 * folder of its own. */
static size_t spaces_in(const char *name)
{
    char file[TH_PATH_MAX + 64];
    snprintf(file, sizeof file, "%s/Documents/%s", h.home, name);
    char *dir = im_tmpdir_make("left-out-to");
    im_vault *v = th_vault_create(dir, NULL, NULL);
    im_backup_stats st = {0};
    im_backup_problem why;
    CHECK_RC(im_backup_restore(v, file, TH_PASS, IM_RESTORE_REPLACE, &st, &why), IM_OK);
    im_vault_close(v);
    im_tmpdir_remove(dir);
    return st.spaces;
}

int main(void)
{
    im_process_harden();
    th_app_prepare(&h, "backup-left-out");
    im_vault *owner = th_vault_create(h.data, NULL, NULL);
    char code[IM_RECOVERY_CODE_SIZE];
    im_kdf_params min = im_kdf_params_min();
    REQUIRE(im_people_add(owner, "a second person's own words", &min, code) == IM_OK);
    im_vault_close(owner);
    /* the person's space, held open here as another copy would */
    char people[TH_PATH_MAX + 16];
    snprintf(people, sizeof people, "%s/%s", h.data, IM_PEOPLE_DIR_NAME);
    im_vault *held = NULL;
    char path[TH_PATH_MAX + 320] = "";
    DIR *d = opendir(people);
    REQUIRE(d);
    for (struct dirent *e; (e = readdir(d));)
        if (strlen(e->d_name) == 32 && /* a person's folder: 32 hex digits */
            snprintf(path, sizeof path, "%s/%s", people, e->d_name) >= (int)sizeof path)
            path[0] = 0;
    closedir(d);
    REQUIRE(path[0]);
    REQUIRE(im_vault_open(path, &held) == IM_OK);

    th_app_start(&h);
    th_app_unlock(&h, NULL);
    back_up("held.imbackup");
    step("expect \"" LEFT_OUT "\"");
    step("expect \"Close it and back up again.\"");
    CHECK(spaces_in("held.imbackup") == 0);

    /* let go: the same backup carries it, and says only that it was saved */
    im_vault_close(held);
    step("tap \"Back\"");
    step("tap \"Back\"");
    back_up("free.imbackup");
    step("expect-not \"was not included\"");
    CHECK(spaces_in("free.imbackup") == 1);
    th_app_finish(&h);
    return im_check_done();
}
