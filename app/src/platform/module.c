/* module.c -- see module.h. */
#include "platform/module.h"

#include "platform/paths.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__) && !defined(__ANDROID__)
#include <dlfcn.h>

static void *open_in(const char *dir, const char *name)
{
    if (!dir) return NULL;
    char path[4096];
    size_t n = strlen(dir);
    int sep = n && dir[n - 1] != '/';
    if (snprintf(path, sizeof path, "%s%sinnermost-%s.so", dir, sep ? "/" : "", name) >= (int)sizeof path) return NULL;
    return dlopen(path, RTLD_NOW | RTLD_LOCAL);
}

static void *open_module(const char *name)
{
    char *base = SDL_GetBasePath();
    void *h = open_in(base, name);
    char *lib = base ? ui_paths_join(base, "../lib/innermost") : NULL; /* installed: bin/ and lib/innermost/ */
    if (!h && lib) h = open_in(lib, name);
    free(lib);
#ifdef IM_BUILD_DIR
    if (!h && ui_paths_in_build_tree(base, IM_BUILD_DIR)) h = open_in(IM_BUILD_DIR "/app", name);
#endif
    SDL_free(base);
    if (!h) (void)dlerror(); /* invariant 1: said nowhere */
    return h;
}

void *ui_module_entry(const char *name, const char *entry)
{
    void *h = open_module(name);
    return h ? dlsym(h, entry) : NULL; /* a second dlopen of one path is a count, kept (invariant 2) */
}

int ui_module_is_open(const char *name)
{
    char file[256];
    snprintf(file, sizeof file, "innermost-%s.so", name);
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f) return 0;
    char line[4608];
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        const char *slash = strrchr(line, '/');
        if (slash && !strncmp(slash + 1, file, strlen(file))) found = 1;
    }
    fclose(f);
    return found;
}
#else
void *ui_module_entry(const char *name, const char *entry)
{
    (void)name, (void)entry;
    return NULL;
}
int ui_module_is_open(const char *name)
{
    (void)name;
    return 0;
}
#endif
