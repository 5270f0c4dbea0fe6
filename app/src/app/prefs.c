/* prefs.c -- see prefs.h. */
#define _POSIX_C_SOURCE 200809L
#include "app/prefs.h"

#include <SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/paths.h"

#define PREFS_FILE "ui-prefs.txt"
#define PREFS_TMP "ui-prefs.txt.tmp"

/* tmp, created or emptied, for the owner alone (a file an earlier version
 * left readable by others is made private first). */
static FILE *open_private(const char *tmp)
{
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return NULL;
    FILE *f = fchmod(fd, 0600) == 0 ? fdopen(fd, "w") : NULL;
    if (!f) close(fd);
    return f;
}

ui_prefs ui_prefs_load(const char *data_dir)
{
    ui_prefs p = { 0, 1.0f, 0, 0, 0, 0, 0, 0.0f, -1, -1 };
    int text_own = -1, motion_own = -1;
    char *path = ui_paths_join(data_dir, PREFS_FILE);
    size_t n = 0;
    char *buf = path ? SDL_LoadFile(path, &n) : NULL;
    free(path);
    if (!buf) return p;
    for (char *line = buf; line && *line;) {
        char *next = strchr(line, '\n');
        if (next) *next++ = 0;
        char key[32];
        float v;
        if (sscanf(line, "%31s %f", key, &v) == 2) {
            if (!strcmp(key, "dark")) p.dark = v != 0;
            else if (!strcmp(key, "text_scale") && v >= 0.5f && v <= 3.0f) p.text_scale = v;
            else if (!strcmp(key, "reduce_motion")) p.reduce_motion = v != 0;
            else if (!strcmp(key, "high_contrast")) p.high_contrast = v != 0;
            else if (!strcmp(key, "text_own")) text_own = v != 0;
            else if (!strcmp(key, "motion_own")) motion_own = v != 0;
            else if (!strcmp(key, "contrast_own")) p.contrast_own = v != 0;
            else if (!strcmp(key, "sys_text_scale") && (v == 0.0f || (v >= 0.5f && v <= 3.0f))) p.sys_text_scale = v;
            else if (!strcmp(key, "sys_reduce_motion")) p.sys_reduce_motion = v < 0 ? -1 : v != 0;
            else if (!strcmp(key, "sys_high_contrast")) p.sys_high_contrast = v < 0 ? -1 : v != 0;
        }
        line = next;
    }
    SDL_free(buf);
    /* an older file: what differs from the default was chosen */
    p.text_own = text_own >= 0 ? text_own : (p.text_scale < 0.99f || p.text_scale > 1.01f);
    p.motion_own = motion_own >= 0 ? motion_own : p.reduce_motion;
    return p;
}

/* One file gone, or never there. */
static int remove_file(const char *data_dir, const char *name)
{
    char *path = ui_paths_join(data_dir, name);
    int rc = path && (unlink(path) == 0 || errno == ENOENT) ? 0 : -1;
    free(path);
    return rc;
}

int ui_prefs_erase(const char *data_dir)
{
    int a = remove_file(data_dir, PREFS_FILE), b = remove_file(data_dir, PREFS_TMP);
    return a == 0 && b == 0 ? 0 : -1;
}

int ui_prefs_save(const char *data_dir, const ui_prefs *p)
{
    char *path = ui_paths_join(data_dir, PREFS_FILE);
    char *tmp = ui_paths_join(data_dir, PREFS_TMP);
    int rc = -1;
    if (path && tmp) {
        FILE *f = open_private(tmp);
        if (f) {
            int ok = fprintf(f,
                             "dark %d\ntext_scale %.2f\nreduce_motion %d\nhigh_contrast %d\n"
                             "text_own %d\nmotion_own %d\ncontrast_own %d\n"
                             "sys_text_scale %.2f\nsys_reduce_motion %d\nsys_high_contrast %d\n",
                             p->dark, p->text_scale, p->reduce_motion, p->high_contrast, p->text_own, p->motion_own,
                             p->contrast_own, p->sys_text_scale, p->sys_reduce_motion, p->sys_high_contrast) > 0;
            ok = fclose(f) == 0 && ok;
            rc = ok && rename(tmp, path) == 0 ? 0 : -1;
        }
    }
    free(path);
    free(tmp);
    return rc;
}
