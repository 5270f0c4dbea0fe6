/* prefs.c -- see prefs.h. */
#include "app/prefs.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/paths.h"

ui_prefs ui_prefs_load(const char *data_dir)
{
    ui_prefs p = { 0, 1.0f, 0 };
    char *path = ui_paths_join(data_dir, "ui-prefs.txt");
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
        }
        line = next;
    }
    SDL_free(buf);
    return p;
}

int ui_prefs_save(const char *data_dir, const ui_prefs *p)
{
    char *path = ui_paths_join(data_dir, "ui-prefs.txt");
    char *tmp = ui_paths_join(data_dir, "ui-prefs.txt.tmp");
    int rc = -1;
    if (path && tmp) {
        FILE *f = fopen(tmp, "w");
        if (f) {
            int ok = fprintf(f, "dark %d\ntext_scale %.2f\nreduce_motion %d\n", p->dark, p->text_scale,
                             p->reduce_motion) > 0;
            ok = fclose(f) == 0 && ok;
            rc = ok && rename(tmp, path) == 0 ? 0 : -1;
        }
    }
    free(path);
    free(tmp);
    return rc;
}
