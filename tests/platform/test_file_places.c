/*
 * test_file_places.c -- the in-app chooser's ground (platform/file_picker.h):
 * the places offered (existing folders only, each once, in order, XDG
 * user-dirs honoured, the last used first unless it is one of them), what
 * a folder holds (folders by name, then only the asked-for files, newest
 * first, hidden ones left out), the backups found across places newest
 * first, and the folder check's specific answers.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"
#include "innermost/error.h"
#include "platform/file_picker.h"

static char root[1024];

static void mk(const char *rel)
{
    char p[2048];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    REQUIRE(mkdir(p, 0700) == 0);
}

/* A file rel whose modification time is t (seconds). */
static void touch(const char *rel, long t)
{
    char p[2048];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    REQUIRE(f != NULL);
    fputs("IMBACKUP", f);
    fclose(f);
    struct timeval tv[2] = {{t, 0}, {t, 0}};
    REQUIRE(utimes(p, tv) == 0);
}

static const char *at(const char *rel)
{
    static char p[2048];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    return p;
}

int main(void)
{
    char *tmp = im_tmpdir_make("places");
    REQUIRE(tmp != NULL);
    snprintf(root, sizeof root, "%s", tmp);
    mk("home");
    mk("home/Documents");
    mk("home/Papers"); /* Documents per user-dirs.dirs */
    mk("home/Desktop");
    mk("config");
    mk("other");
    setenv("HOME", at("home"), 1);
    setenv("XDG_CONFIG_HOME", at("config"), 1);
    setenv("USER", "nobody-such-user", 1);

    /* no user-dirs.dirs: the usual names; Downloads is missing, so left out */
    ui_place pl[UI_PLACES_MAX];
    int n = ui_places_list(NULL, pl, UI_PLACES_MAX);
    REQUIRE(n >= 3);
    CHECK(pl[0].kind == UI_PLACE_DOCUMENTS && strcmp(pl[0].path, at("home/Documents")) == 0);
    CHECK(pl[1].kind == UI_PLACE_DESKTOP);
    CHECK(pl[2].kind == UI_PLACE_HOME && strcmp(pl[2].path, at("home")) == 0);
    CHECK(pl[0].free_known && pl[0].free_bytes > 0);
    for (int i = 3; i < n; i++)
        CHECK(pl[i].kind == UI_PLACE_REMOVABLE); /* only real mounts under /media */

    /* user-dirs.dirs: Documents is Papers; the desktop set to home itself is
     * taken as unset, and home is listed once */
    FILE *f = fopen(at("config/user-dirs.dirs"), "w");
    REQUIRE(f != NULL);
    fputs(
        "# written by xdg-user-dirs-update\nXDG_DOCUMENTS_DIR=\"$HOME/Papers\"\nXDG_DESKTOP_DIR=\"$HOME/\"\n",
        f);
    fclose(f);
    n = ui_places_list(NULL, pl, UI_PLACES_MAX);
    CHECK(n >= 3 && strcmp(pl[0].path, at("home/Papers")) == 0);
    CHECK(n >= 3 && pl[1].kind == UI_PLACE_DESKTOP && strcmp(pl[1].path, at("home/Desktop")) == 0);
    int homes = 0;
    for (int i = 0; i < n; i++)
        homes += strcmp(pl[i].path, at("home")) == 0;
    CHECK(homes == 1);

    /* the last used: first, unless it is a place already */
    n = ui_places_list(at("other"), pl, UI_PLACES_MAX);
    CHECK(n >= 4 && pl[0].kind == UI_PLACE_LAST && strcmp(pl[0].path, at("other")) == 0);
    n = ui_places_list(at("home/Papers"), pl, UI_PLACES_MAX);
    CHECK(n >= 3 && pl[0].kind == UI_PLACE_DOCUMENTS);
    n = ui_places_list(at("gone"), pl, UI_PLACES_MAX);
    CHECK(n >= 3 && pl[0].kind == UI_PLACE_DOCUMENTS); /* not there: not offered */

    /* a folder's listing */
    mk("other/beta");
    mk("other/Alpha");
    mk("other/.hidden");
    touch("other/old.imbackup", 1000000);
    touch("other/new.IMBACKUP", 2000000);
    touch("other/notes.txt", 3000000);
    touch("other/.secret.imbackup", 4000000);
    ui_dir_entry *e;
    size_t k;
    REQUIRE(ui_dir_list(at("other"), ".imbackup", &e, &k) == 0);
    REQUIRE(k == 4);
    CHECK(e[0].is_dir && strcmp(e[0].name, "Alpha") == 0);
    CHECK(e[1].is_dir && strcmp(e[1].name, "beta") == 0);
    CHECK(!e[2].is_dir && strcmp(e[2].name, "new.IMBACKUP") == 0 && e[2].size == 8);
    CHECK(!e[3].is_dir && strcmp(e[3].name, "old.imbackup") == 0 && e[3].mtime_s == 1000000);
    free(e);
    REQUIRE(ui_dir_list(at("other"), NULL, &e, &k) == 0);
    CHECK(k == 2); /* folders only */
    free(e);
    CHECK(ui_dir_list(at("gone"), NULL, &e, &k) == -1 && e == NULL && k == 0);

    /* backups found across places, newest first */
    touch("home/Papers/mid.imbackup", 1500000);
    ui_place two[2];
    memset(two, 0, sizeof two);
    snprintf(two[0].path, sizeof two[0].path, "%s", at("home/Papers"));
    snprintf(two[1].path, sizeof two[1].path, "%s", at("other"));
    ui_found_file found[8];
    size_t m = ui_files_find(two, 2, ".imbackup", found, 8);
    CHECK(m == 3);
    CHECK(m == 3 && strcmp(found[0].e.name, "new.IMBACKUP") == 0 && found[0].place == 1);
    CHECK(m == 3 && strcmp(found[1].e.name, "mid.imbackup") == 0 && found[1].place == 0);
    CHECK(m == 3 && strcmp(found[1].path, at("home/Papers/mid.imbackup")) == 0);
    CHECK(m == 3 && strcmp(found[2].e.name, "old.imbackup") == 0);
    CHECK(ui_files_find(two, 2, ".imbackup", NULL, 0) == 3);

    /* the folder check names what is wrong */
    CHECK(ui_folder_check(at("other")) == UI_FOLDER_OK);
    CHECK(ui_folder_check(at("gone")) == UI_FOLDER_MISSING);
    CHECK(ui_folder_check(at("other/notes.txt")) == UI_FOLDER_NOT_FOLDER);
    CHECK(ui_folder_check(at("other/notes.txt/below")) == UI_FOLDER_NOT_FOLDER);
    CHECK(ui_folder_check("") == UI_FOLDER_MISSING);
    if (geteuid() != 0) { /* root writes anywhere: then only the others are shown */
        mk("locked");
        REQUIRE(chmod(at("locked"), 0500) == 0);
        CHECK(ui_folder_check(at("locked")) == UI_FOLDER_NO_PERMISSION);
        chmod(at("locked"), 0700);
    }
    /* path helpers */
    char buf[64];
    CHECK(ui_path_join(buf, sizeof buf, "/a/", "b") == 0 && strcmp(buf, "/a/b") == 0);
    CHECK(ui_path_join(buf, sizeof buf, "/a", "b") == 0 && strcmp(buf, "/a/b") == 0);
    CHECK(ui_path_join(buf, 4, "/a", "bcd") == -1);
    CHECK(ui_path_dir(buf, sizeof buf, "/a/b/c.md") == 0 && strcmp(buf, "/a/b") == 0);
    CHECK(ui_path_dir(buf, sizeof buf, "/c.md") == 0 && strcmp(buf, "/") == 0);
    CHECK(ui_path_dir(buf, sizeof buf, "c.md") == -1);

    im_tmpdir_remove(tmp);
    return im_check_done();
}
