/*
 * test_font_worker.c -- the system fonts are found on a worker
 * (app/src/render/fontchain.c, invariants 1, 4, 5): what the unlock screen
 * draws loads no fontconfig configuration; once the worker is asked and has
 * finished, a mixed-script line shaped while it ran (placeholders then) is
 * shaped again with the fonts, with no placeholder glyph left; a chain
 * destroyed while its worker runs joins it (ASan: no leak, no race).
 * fontconfig itself is not mapped until the worker opens its module
 * (render/fontchain_fc.h): linked into the program, it was mapped at exec.
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "platform/module.h"
#include "render/fontchain.h"
#include "render/text.h"

static const char mixed[] = "Hello \xE4\xBD\xA0\xE5\xA5\xBD \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 "
                            "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87 "
                            "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5 "
                            "\xEC\x95\x88\xEB\x85\x95 \xF0\x9F\x98\x80";

static void count_notdef(const ui_text_run *r, void *ctx)
{
    for (int i = 0; i < r->count; i++)
        *(int *)ctx += r->glyphs[i].gid == 0;
}

static int notdef(ui_text *t)
{
    int n = 0;
    CHECK(ui_text_runs(t, UI_FACE_REGULAR, mixed, -1, count_notdef, &n) > 0);
    return n;
}

/* 1 when a file whose name starts with lib is mapped in this process. */
static int lib_mapped(const char *lib)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return -1;
    char line[4608];
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        const char *slash = strrchr(line, '/');
        if (slash && !strncmp(slash + 1, lib, strlen(lib)))
            found = 1;
    }
    fclose(f);
    return found;
}

static SDL_atomic_t readies;
static SDL_sem *ready_sem;
static void on_ready(void *ctx)
{
    (void)ctx;
    SDL_AtomicAdd(&readies, 1); /* on the worker's thread, as an event push would be */
    SDL_SemPost(ready_sem);
}

int main(void)
{
    REQUIRE(SDL_Init(0) == 0);
    ready_sem = SDL_CreateSemaphore(0);
    char *dir = im_source_path("fonts");
    char err[256] = "";
    ui_text *t = ui_text_create(NULL, dir, err, sizeof err);
    REQUIRE(t != NULL);

    /* the unlock screen's words: no configuration loaded, no search */
    ui_text_measure(t, UI_FACE_BOLD, 28, "Unlock", -1);
    ui_text_measure(t, UI_FACE_REGULAR, 20, "Welcome back. Your passphrase \xE2\x9C\x93 caf\xC3\xA9", -1);
    ui_text_wrap(t, UI_FACE_REGULAR, 17, "Your journal stays on this device, sealed with your passphrase.",
                 300);
    CHECK(ui_fontchain_config_loads() == 0);
    CHECK(ui_text_get_stats(t).font_searches == 0);
    CHECK(!ui_text_fonts_ready(t));
#if defined(__linux__) && !defined(__ANDROID__)
    CHECK(lib_mapped("libfontconfig.so") == 0); /* not at exec, not by the chain's creation */
    CHECK(!ui_module_is_open("fontconfig"));
#endif

    /* asked after the first frame; a frame drawn right away does not wait
     * for the whole load: it gets placeholders (or, on a fast machine, the
     * fonts), and either way nothing blocks past the wait */
    ui_text_prefetch_fonts(t, on_ready, NULL);
    Uint64 t0 = SDL_GetPerformanceCounter();
    int early = notdef(t);
    double ms = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
    fprintf(stderr, "before the worker finished: %d placeholder glyphs, %.2f ms\n", early, ms);
    REQUIRE(SDL_SemWaitTimeout(ready_sem, 60000) == 0);
    CHECK(SDL_AtomicGet(&readies) == 1);
    CHECK(ui_fontchain_config_loads() == 1);
#if defined(__linux__) && !defined(__ANDROID__)
    CHECK(ui_module_is_open("fontconfig")); /* the worker opened it */
    CHECK(lib_mapped("libfontconfig.so") == 1);
#endif

    /* the same line after the worker: shaped again, no placeholder */
    CHECK(notdef(t) == 0);
    CHECK(ui_text_fonts_ready(t));
    CHECK(ui_fontchain_config_loads() == 1); /* once, not per search */
    ui_text_destroy(t);

    /* a chain destroyed while its worker runs (lock, quit) joins it */
    ui_text *t2 = ui_text_create(NULL, dir, err, sizeof err);
    REQUIRE(t2 != NULL);
    ui_text_prefetch_fonts(t2, NULL, NULL);
    ui_text_destroy(t2);
    CHECK(ui_fontchain_config_loads() == 2);

    /* without a prefetch (tools, tests), the first search waits as before */
    ui_text *t3 = ui_text_create(NULL, dir, err, sizeof err);
    REQUIRE(t3 != NULL);
    CHECK(notdef(t3) == 0);
    ui_text_destroy(t3);

    free(dir);
    SDL_DestroySemaphore(ready_sem);
    SDL_Quit();
    return im_check_done();
}
