/*
 * vault_aside.c -- setting a sealed vault aside and bringing it back (see
 * vault.h, "Setting a vault aside").
 *
 * Nothing here decrypts anything: the files move as they are, so an aside
 * stays exactly as sealed as the vault was.
 *
 * Invariants
 *   1. A move holds the instance lock of the data directory (the same lock
 *      im_vault_open takes), so no handle is open on the files it moves.
 *   2. The database file moves last, and its rename is the moment the
 *      vault changes place; the directory is fsync'd after each step.
 *   3. Only expire deletes, and only an aside older than IM_ASIDE_KEEP_MS.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "innermost/vault.h"
#include "folder.h"
#include "vault_internal.h"

#define ASIDE_PATH_MAX 4096

/* dir/name into buf; -1 if it does not fit (the path is then not used). */
static int join(char *buf, size_t cap, const char *dir, const char *name)
{
    int n = snprintf(buf, cap, "%s/%s", dir, name);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* A file of the vault: "innermost." and more, not the lock file. */
static int is_vault_file(const char *name)
{
    return !strncmp(name, "innermost.", 10) && strcmp(name, IM_LOCK_NAME) != 0;
}

/* Rename every vault file from -> to, the database last (invariant 2). */
static im_rc move_vault_files(const char *from, const char *to)
{
    DIR *d = opendir(from);
    if (!d)
        return IM_ERR_IO;
    im_rc rc = IM_OK;
    char a[ASIDE_PATH_MAX], b[ASIDE_PATH_MAX];
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_vault_file(e->d_name) || !strcmp(e->d_name, IM_DB_NAME))
            continue;
        if (join(a, sizeof a, from, e->d_name) ||
            join(b, sizeof b, to, e->d_name)) {
            rc = IM_ERR_INVALID;
            continue;
        }
        struct stat st;
        if (stat(a, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (rename(a, b) != 0)
            rc = IM_ERR_IO;
    }
    closedir(d);
    if (rc != IM_OK)
        return rc;
    im_rc_ignore(
        im_folder_sync(to)); /* best effort: the files themselves are synced */
    snprintf(a, sizeof a, "%s/%s", from, IM_DB_NAME);
    snprintf(b, sizeof b, "%s/%s", to, IM_DB_NAME);
    if (rename(a, b) != 0)
        return errno == ENOENT ? IM_ERR_NOT_FOUND : IM_ERR_IO;
    im_rc_ignore(
        im_folder_sync(to)); /* best effort: the files themselves are synced */
    im_rc_ignore(im_folder_sync(
        from)); /* best effort: the files themselves are synced */
    return IM_OK;
}

static void aside_root(const char *dir, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%s", dir, IM_ASIDE_DIR_NAME);
}

static void aside_path(const char *dir, int64_t when_ms, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%s/%" PRId64, dir, IM_ASIDE_DIR_NAME, when_ms);
}

/* Moves dir's vault aside; the caller holds the lock. */
static im_rc put_locked(const char *dir, int64_t now_ms)
{
    if (!im_vault_exists(dir))
        return IM_ERR_NOT_FOUND;
    char root[ASIDE_PATH_MAX], sub[ASIDE_PATH_MAX];
    aside_root(dir, root, sizeof root);
    aside_path(dir, now_ms, sub, sizeof sub);
    if (mkdir(root, 0700) != 0 && errno != EEXIST)
        return IM_ERR_IO;
    if (mkdir(sub, 0700) != 0)
        return errno == EEXIST ? IM_ERR_EXISTS : IM_ERR_IO;
    im_rc_ignore(im_folder_sync(
        root)); /* best effort: the files themselves are synced */
    return move_vault_files(dir, sub);
}

im_rc im_vault_aside_put(const char *dir, int64_t now_ms)
{
    if (!dir || now_ms < 0)
        return IM_ERR_INVALID;
    im_rc rc;
    int fd = im_folder_lock(dir, &rc);
    if (fd < 0)
        return rc;
    rc = put_locked(dir, now_ms);
    close(fd);
    return rc;
}

/* Parses an aside folder's name; 0 and *ms when it is one. */
static int parse_stamp(const char *name, int64_t *ms)
{
    if (!name[0] || strlen(name) > 19)
        return -1;
    int64_t v = 0;
    for (const char *p = name; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    *ms = v;
    return 0;
}

im_rc im_vault_aside_latest(const char *dir, int64_t *when_ms)
{
    if (!dir || !when_ms)
        return IM_ERR_INVALID;
    char root[ASIDE_PATH_MAX], sub[ASIDE_PATH_MAX];
    aside_root(dir, root, sizeof root);
    DIR *d = opendir(root);
    if (!d)
        return IM_ERR_NOT_FOUND;
    int found = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int64_t ms;
        if (parse_stamp(e->d_name, &ms) != 0)
            continue;
        if (join(sub, sizeof sub, root, e->d_name) || !im_vault_exists(sub))
            continue;
        if (!found || ms > *when_ms)
            *when_ms = ms;
        found = 1;
    }
    closedir(d);
    return found ? IM_OK : IM_ERR_NOT_FOUND;
}

/* Removes an aside folder: its files, then the folder. */
static im_rc remove_aside(const char *sub)
{
    DIR *d = opendir(sub);
    if (!d)
        return errno == ENOENT ? IM_OK : IM_ERR_IO;
    im_rc rc = IM_OK;
    char p[ASIDE_PATH_MAX];
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (join(p, sizeof p, sub, e->d_name) ||
            (unlink(p) != 0 && errno != ENOENT))
            rc = IM_ERR_IO;
    }
    closedir(d);
    if (rc == IM_OK && rmdir(sub) != 0 && errno != ENOENT)
        rc = IM_ERR_IO;
    return rc;
}

im_rc im_vault_aside_restore(const char *dir, int64_t when_ms, int64_t now_ms)
{
    if (!dir || when_ms < 0)
        return IM_ERR_INVALID;
    char sub[ASIDE_PATH_MAX];
    aside_path(dir, when_ms, sub, sizeof sub);
    if (!im_vault_exists(sub))
        return IM_ERR_NOT_FOUND;
    im_rc rc;
    int fd = im_folder_lock(dir, &rc);
    if (fd < 0)
        return rc;
    /* the vault here, if any, goes aside first: nothing is lost */
    if (im_vault_exists(dir)) {
        if (now_ms == when_ms)
            now_ms++;
        rc = put_locked(dir, now_ms);
    }
    if (rc == IM_OK)
        rc = move_vault_files(sub, dir);
    if (rc == IM_OK) {
        remove_aside(sub); /* only a lock file is left in it */
        char root[ASIDE_PATH_MAX];
        aside_root(dir, root, sizeof root);
        im_rc_ignore(im_folder_sync(
            root)); /* best effort: the files themselves are synced */
    }
    close(fd);
    return rc;
}

im_rc im_vault_aside_expire(const char *dir, int64_t now_ms, int *removed)
{
    if (removed)
        *removed = 0;
    if (!dir)
        return IM_ERR_INVALID;
    char root[ASIDE_PATH_MAX], sub[ASIDE_PATH_MAX];
    aside_root(dir, root, sizeof root);
    DIR *d = opendir(root);
    if (!d)
        return IM_OK;
    im_rc rc = IM_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int64_t ms;
        if (parse_stamp(e->d_name, &ms) != 0 || now_ms - ms <= IM_ASIDE_KEEP_MS)
            continue; /* not an aside, or still kept (a future stamp too) */
        im_rc r = join(sub, sizeof sub, root, e->d_name) ? IM_ERR_INVALID
                                                         : remove_aside(sub);
        if (r != IM_OK)
            rc = r;
        else if (removed)
            (*removed)++;
    }
    closedir(d);
    im_rc_ignore(im_folder_sync(
        root)); /* best effort: the files themselves are synced */
    return rc;
}
