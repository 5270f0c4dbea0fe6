/* file_picker.c -- see file_picker.h: places, folders, the chooser's run. */
#define _DEFAULT_SOURCE /* fstatat, strcasecmp, d_type */
#include "platform/file_picker.h"

#include <SDL.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

int ui_path_join(char *buf, size_t cap, const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    int slash = dl > 0 && dir[dl - 1] == '/';
    int n = snprintf(buf, cap, "%s%s%s", dir, slash ? "" : "/", name);
    return n >= 0 && (size_t)n < cap ? 0 : -1;
}

int ui_path_dir(char *buf, size_t cap, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return -1;
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    if (n + 1 > cap) return -1;
    memcpy(buf, path, n);
    buf[n] = 0;
    return 0;
}

static int is_dir(const char *p)
{
    struct stat st;
    return p && p[0] && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int ui_folder_free(const char *dir, uint64_t *bytes)
{
    struct statvfs v;
    if (statvfs(dir, &v) != 0) return -1;
    *bytes = (uint64_t)v.f_bavail * (uint64_t)v.f_frsize;
    return 0;
}

ui_folder_problem ui_folder_check(const char *dir)
{
    struct stat st;
    if (!dir || !dir[0]) return UI_FOLDER_MISSING;
    if (stat(dir, &st) != 0)
        return errno == ENOTDIR ? UI_FOLDER_NOT_FOLDER : errno == EACCES ? UI_FOLDER_NO_PERMISSION : UI_FOLDER_MISSING;
    if (!S_ISDIR(st.st_mode)) return UI_FOLDER_NOT_FOLDER;
    struct statvfs v;
    int have_vfs = statvfs(dir, &v) == 0;
    if (have_vfs && (v.f_flag & ST_RDONLY)) return UI_FOLDER_READ_ONLY;
    if (access(dir, W_OK | X_OK) != 0) return errno == EROFS ? UI_FOLDER_READ_ONLY : UI_FOLDER_NO_PERMISSION;
    if (have_vfs && v.f_bavail == 0) return UI_FOLDER_FULL;
    return UI_FOLDER_OK;
}

/* ---- places ----------------------------------------------------------------------- */

#ifndef __ANDROID__
/* XDG_<key>_DIR from user-dirs.dirs ("$HOME/..." or an absolute path);
 * 0 when found. */
static int xdg_user_dir(const char *home, const char *key, char *out, size_t cap)
{
    char conf[UI_PICK_PATH_MAX];
    const char *cfg = getenv("XDG_CONFIG_HOME");
    if (cfg && cfg[0]) snprintf(conf, sizeof conf, "%s/user-dirs.dirs", cfg);
    else snprintf(conf, sizeof conf, "%s/.config/user-dirs.dirs", home);
    FILE *f = fopen(conf, "r");
    if (!f) return -1;
    char line[UI_PICK_PATH_MAX + 64], want[64];
    snprintf(want, sizeof want, "XDG_%s_DIR=\"", key);
    int found = -1;
    while (found != 0 && fgets(line, sizeof line, f)) {
        if (strncmp(line, want, strlen(want)) != 0) continue;
        char *v = line + strlen(want), *end = strchr(v, '"');
        if (!end) continue;
        *end = 0;
        if (strncmp(v, "$HOME", 5) == 0) snprintf(out, cap, "%s%s", home, v + 5);
        else if (v[0] == '/') snprintf(out, cap, "%s", v);
        else continue;
        size_t n = strlen(out);
        while (n > 1 && out[n - 1] == '/') out[--n] = 0; /* "$HOME/" is home */
        found = 0;
    }
    fclose(f);
    return found;
}

#endif

static int add_place(ui_place *out, int n, int cap, ui_place_kind kind, const char *name, const char *path)
{
    if (n >= cap || !is_dir(path)) return n;
    char real[UI_PICK_PATH_MAX];
    const char *key = realpath(path, real) ? real : path;
    for (int i = 0; i < n; i++) {
        char other[UI_PICK_PATH_MAX];
        const char *ok = realpath(out[i].path, other) ? other : out[i].path;
        if (strcmp(ok, key) == 0) return n; /* invariant 1: each once */
    }
    ui_place *p = &out[n];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    snprintf(p->name, sizeof p->name, "%s", name ? name : "");
    snprintf(p->path, sizeof p->path, "%s", path);
    p->free_known = ui_folder_free(path, &p->free_bytes) == 0;
    return n + 1;
}

#ifndef __ANDROID__
/* Mounted drives directly under base: folders on another device than base. */
static int add_mounts(ui_place *out, int n, int cap, const char *base)
{
    struct stat bst;
    DIR *d = stat(base, &bst) == 0 ? opendir(base) : NULL;
    if (!d) return n;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < cap) {
        if (e->d_name[0] == '.') continue;
        char p[UI_PICK_PATH_MAX];
        struct stat st;
        if (ui_path_join(p, sizeof p, base, e->d_name) != 0 || stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        if (st.st_dev == bst.st_dev) continue; /* not a mount: an empty mount point or a user's folder */
        n = add_place(out, n, cap, UI_PLACE_REMOVABLE, e->d_name, p);
    }
    closedir(d);
    return n;
}

#endif

/* The folder chosen last, first, unless it is one of the others already. */
static int add_last(const char *last, ui_place *out, int n, int cap)
{
    if (!last || !last[0] || n >= cap) return n;
    ui_place *tmp = malloc(sizeof *tmp);
    if (!tmp) return n;
    int m = add_place(tmp, 0, 1, UI_PLACE_LAST, NULL, last);
    for (int i = 0; m && i < n; i++) {
        char a[UI_PICK_PATH_MAX], b[UI_PICK_PATH_MAX];
        if (strcmp(realpath(out[i].path, a) ? a : out[i].path, realpath(tmp[0].path, b) ? b : tmp[0].path) == 0) m = 0;
    }
    if (m) {
        memmove(out + 1, out, sizeof *out * (size_t)n);
        out[0] = tmp[0];
        n++;
    }
    free(tmp);
    return n;
}

static int places_list(ui_place *out, int cap)
{
    int n = 0;
#ifdef __ANDROID__
    const char *shared = SDL_AndroidGetExternalStoragePath();
    if (shared) n = add_place(out, n, cap, UI_PLACE_SHARED, NULL, shared);
    return n;
#else
    const char *home = getenv("HOME");
    if (!home || !home[0]) return n;
    static const struct {
        ui_place_kind kind;
        const char *key, *fallback;
    } std[] = { { UI_PLACE_DOCUMENTS, "DOCUMENTS", "Documents" },
                { UI_PLACE_DOWNLOADS, "DOWNLOAD", "Downloads" },
                { UI_PLACE_DESKTOP, "DESKTOP", "Desktop" } };
    for (size_t i = 0; i < sizeof std / sizeof std[0]; i++) {
        char p[UI_PICK_PATH_MAX];
        if (xdg_user_dir(home, std[i].key, p, sizeof p) != 0 || strcmp(p, home) == 0)
            snprintf(p, sizeof p, "%s/%s", home, std[i].fallback);
        n = add_place(out, n, cap, std[i].kind, NULL, p);
    }
    n = add_place(out, n, cap, UI_PLACE_HOME, NULL, home);
    const char *user = getenv("USER");
    char base[UI_PICK_PATH_MAX];
    if (user && user[0] && !strchr(user, '/')) {
        snprintf(base, sizeof base, "/run/media/%s", user);
        n = add_mounts(out, n, cap, base);
        snprintf(base, sizeof base, "/media/%s", user);
        n = add_mounts(out, n, cap, base);
    }
    n = add_mounts(out, n, cap, "/media");
    return n;
#endif
}

int ui_places_list(const char *last, ui_place *out, int cap)
{
    int n = places_list(out, cap > 0 ? cap - (last && last[0]) : 0);
    return add_last(last, out, n, cap);
}

/* ---- folders ---------------------------------------------------------------------- */

static int ends_with(const char *s, const char *ext)
{
    size_t a = strlen(s), b = strlen(ext);
    return a > b && strcasecmp(s + a - b, ext) == 0;
}

static int entry_order(const void *pa, const void *pb)
{
    const ui_dir_entry *a = pa, *b = pb;
    if (a->is_dir != b->is_dir) return a->is_dir ? -1 : 1;
    if (a->is_dir) return strcasecmp(a->name, b->name);
    if (a->mtime_s != b->mtime_s) return a->mtime_s > b->mtime_s ? -1 : 1;
    return strcmp(a->name, b->name);
}

int ui_dir_list(const char *dir, const char *ext, ui_dir_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return -1;
    size_t cap = 32, count = 0;
    ui_dir_entry *v = malloc(cap * sizeof *v);
    struct dirent *e;
    while (v && (e = readdir(d)) != NULL && count < UI_DIR_ENTRIES_MAX) {
        if (e->d_name[0] == '.' || strlen(e->d_name) >= UI_PICK_NAME_MAX) continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, 0) != 0) continue;
        int folder = S_ISDIR(st.st_mode);
        if (!folder && !(ext && S_ISREG(st.st_mode) && ends_with(e->d_name, ext))) continue;
        if (count == cap) {
            ui_dir_entry *g = realloc(v, 2 * cap * sizeof *v);
            if (!g) break;
            v = g;
            cap *= 2;
        }
        ui_dir_entry *x = &v[count++];
        snprintf(x->name, sizeof x->name, "%s", e->d_name);
        x->is_dir = folder;
        x->mtime_s = (int64_t)st.st_mtime;
        x->size = (uint64_t)st.st_size;
    }
    closedir(d);
    if (!v) return -1;
    qsort(v, count, sizeof *v, entry_order);
    *out = v;
    *n = count;
    return 0;
}

static int found_order(const void *pa, const void *pb)
{
    const ui_found_file *a = pa, *b = pb;
    if (a->e.mtime_s != b->e.mtime_s) return a->e.mtime_s > b->e.mtime_s ? -1 : 1;
    return strcmp(a->path, b->path);
}

size_t ui_files_find(const ui_place *places, int nplaces, const char *ext, ui_found_file *out, size_t cap)
{
    size_t n = 0;
    for (int i = 0; i < nplaces; i++) {
        ui_dir_entry *v;
        size_t k;
        if (ui_dir_list(places[i].path, ext, &v, &k) != 0) continue;
        for (size_t j = 0; j < k; j++) {
            if (v[j].is_dir) continue;
            if (out && n < cap) {
                ui_found_file *f = &out[n];
                f->e = v[j];
                f->place = i;
                if (ui_path_join(f->path, sizeof f->path, places[i].path, v[j].name) != 0) continue;
            }
            n++;
        }
        free(v);
    }
    if (out) qsort(out, n < cap ? n : cap, sizeof *out, found_order);
    return n;
}

/* ---- a chooser's run ------------------------------------------------------------- */

static void copy_in(char *dst, size_t cap, const char *s) { snprintf(dst, cap, "%s", s ? s : ""); }

ui_picker *ui_picker_native_start(const ui_pick_request *req)
{
    if (!ui_picker_native_possible()) return NULL;
    ui_picker *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->req = *req;
    copy_in(p->title, sizeof p->title, req->title);
    copy_in(p->file_name, sizeof p->file_name, req->file_name);
    copy_in(p->filter_name, sizeof p->filter_name, req->filter_name);
    copy_in(p->pattern, sizeof p->pattern, req->pattern);
    copy_in(p->mime, sizeof p->mime, req->mime);
    p->req.title = p->title;
    p->req.file_name = p->file_name;
    p->req.filter_name = p->filter_name;
    p->req.pattern = p->pattern;
    p->req.mime = p->mime;
    p->result.fd = -1;
    p->state = UI_PICK_RUNNING;
    p->refs = 2;
    p->lock = SDL_CreateMutex();
    if (!p->lock || ui_picker_platform_start(p) != 0) {
        if (p->lock) SDL_DestroyMutex(p->lock);
        free(p);
        return NULL;
    }
    return p;
}

static void unref(ui_picker *p)
{
    SDL_LockMutex(p->lock);
    int left = --p->refs;
    SDL_UnlockMutex(p->lock);
    if (left > 0) return;
    if (p->result.fd >= 0) close(p->result.fd); /* chosen, never taken */
    SDL_DestroyMutex(p->lock);
    free(p);
}

void ui_picker_finish(ui_picker *p, ui_pick_state state, const ui_pick_result *r)
{
    SDL_LockMutex(p->lock);
    if (p->state == UI_PICK_RUNNING) { /* invariant 2: once */
        p->state = state;
        if (r && state == UI_PICK_CHOSEN) p->result = *r;
        if (!p->abandoned && p->req.wake) p->req.wake(p->req.wake_ctx);
    } else if (r && r->fd >= 0) {
        close(r->fd);
    }
    SDL_UnlockMutex(p->lock);
    unref(p);
}

int ui_picker_abandoned(ui_picker *p)
{
    SDL_LockMutex(p->lock);
    int a = p->abandoned;
    SDL_UnlockMutex(p->lock);
    return a;
}

ui_pick_state ui_picker_poll(ui_picker *p, ui_pick_result *out)
{
    if (!p) return UI_PICK_FAILED;
    SDL_LockMutex(p->lock);
    ui_pick_state st = (ui_pick_state)p->state;
    if (st == UI_PICK_CHOSEN && out) {
        *out = p->result;
        p->result.fd = -1; /* the caller's now */
    }
    SDL_UnlockMutex(p->lock);
    return st;
}

void ui_picker_free(ui_picker *p)
{
    if (!p) return;
    SDL_LockMutex(p->lock);
    p->abandoned = 1;
    SDL_UnlockMutex(p->lock);
    unref(p);
}
