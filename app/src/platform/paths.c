/* paths.c -- see paths.h. */
#define _POSIX_C_SOURCE 200809L
#include "platform/paths.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *ui_paths_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p) return NULL;
    size_t dl = strlen(dir);
    snprintf(p, n, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
    return p;
}

static int has_fonts(const char *dir)
{
    char *f = ui_paths_join(dir, "NotoSans-Regular.ttf");
    if (!f) return 0;
    SDL_RWops *rw = SDL_RWFromFile(f, "rb");
    free(f);
    if (!rw) return 0;
    SDL_RWclose(rw);
    return 1;
}

/* 1 when the running executable lies inside the build tree it was made in
 * (IM_BUILD_DIR), the only place the source-tree font fallback may apply: an
 * installed or copied binary with its fonts missing must fail plainly, not
 * quietly read a checkout that happens to still exist. */
int ui_paths_in_build_tree(const char *base, const char *build_dir)
{
    if (!base || !build_dir || !*build_dir) return 0;
    size_t n = strlen(build_dir);
    while (n > 1 && build_dir[n - 1] == '/') n--;
    return !strncmp(base, build_dir, n) && (base[n] == '/' || base[n] == '\0');
}

char *ui_paths_font_dir(void)
{
    static const char *rel[] = { "fonts", "../fonts", "../share/innermost/fonts", "assets/fonts" };
    const char *env = getenv("INNERMOST_FONT_DIR");
    if (env && has_fonts(env)) return strdup(env);
    char *base = SDL_GetBasePath();
    int dev = 0;
#if defined(IM_SOURCE_FONT_DIR) && defined(IM_BUILD_DIR)
    dev = ui_paths_in_build_tree(base, IM_BUILD_DIR);
#endif
    if (base) {
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            char *d = ui_paths_join(base, rel[i]);
            if (d && has_fonts(d)) {
                SDL_free(base);
                return d;
            }
            free(d);
        }
        SDL_free(base);
    }
#ifdef __ANDROID__
    if (has_fonts("fonts")) return strdup("fonts"); /* inside the APK's assets */
#endif
#if defined(__linux__) && !defined(__ANDROID__)
    /* Debian's fonts-noto-core: the .deb depends on it instead of shipping copies. */
    if (has_fonts(UI_PATHS_SYSTEM_NOTO)) return strdup(UI_PATHS_SYSTEM_NOTO);
#endif
#ifdef IM_SOURCE_FONT_DIR
    if (dev && has_fonts(IM_SOURCE_FONT_DIR)) return strdup(IM_SOURCE_FONT_DIR);
#endif
    (void)dev;
    return NULL;
}

char *ui_paths_data_dir(const char *override)
{
    if (override) {
        struct stat st;
        if (stat(override, &st) != 0) {
#ifdef _WIN32
            if (mkdir(override) != 0) {
#else
            if (mkdir(override, 0700) != 0) {
#endif
                SDL_SetError("cannot create data folder %s", override);
                return NULL;
            }
        } else if (!S_ISDIR(st.st_mode)) {
            SDL_SetError("%s is not a folder", override);
            return NULL;
        }
        return strdup(override);
    }
    char *p = SDL_GetPrefPath("Innermost", "Innermost");
    if (!p) return NULL;
    char *copy = strdup(p);
    SDL_free(p);
    return copy;
}
