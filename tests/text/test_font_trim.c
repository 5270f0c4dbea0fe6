/*
 * test_font_trim.c -- ui_fontchain_trim (app/src/render/fontchain.c): the
 * font files' pages leave the process's resident set (counted in
 * /proc/self/smaps, Linux), and every glyph rasterised afterwards is the
 * same picture as before: the pages come back from the file, unchanged.
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render/fontchain.h"

/* Resident KiB of the mappings of font files (.ttf, .otf, .ttc); -1 when
 * /proc is not there. */
static long font_rss_kib(void)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return -1;
    char line[1024];
    int in_font = 0;
    long kib = 0, v;
    while (fgets(line, sizeof line, f)) {
        char *path = strchr(line, '/');
        if (strchr(line, '-') == line + strspn(line, "0123456789abcdef")) {
            size_t n = path ? strcspn(path, "\n") : 0;
            in_font = path && n > 4 &&
                      (!strncmp(path + n - 4, ".ttf", 4) || !strncmp(path + n - 4, ".otf", 4) ||
                       !strncmp(path + n - 4, ".ttc", 4));
        } else if (in_font && sscanf(line, "Rss: %ld kB", &v) == 1) {
            kib += v;
        }
    }
    fclose(f);
    return kib;
}

/* The glyphs of some text in slot s, rasterised at px: their bytes, one
 * after the other, into out (NULL: only counted).  Returns the length. */
static size_t rasters(ui_fontchain *c, int s, int px, unsigned char *out)
{
    size_t n = 0;
    SDL_Color fg = {20, 30, 40, 255};
    for (unsigned gid = 1; gid < 200; gid += 3) {
        int left = 0, top = 0;
        SDL_Surface *r = ui_fontchain_raster(c, s, gid, px, fg, &left, &top);
        if (!r)
            continue;
        size_t bytes = (size_t)r->pitch * (size_t)r->h;
        if (out)
            memcpy(out + n, r->pixels, bytes);
        n += bytes;
        SDL_FreeSurface(r);
    }
    return n;
}

int main(void)
{
    const char *src = getenv("IM_SOURCE_DIR");
    char fonts[1024], err[256];
    snprintf(fonts, sizeof fonts, "%s/fonts", src ? src : ".");
    ui_fontchain *c = ui_fontchain_create(fonts, err, sizeof err);
    REQUIRE(c != NULL);
    /* Every bundled face, used: its pages are read. */
    size_t total = 0;
    for (int s = 0; s < UI_FONTCHAIN_BUNDLED; s++)
        total += rasters(c, s, 40, NULL);
    REQUIRE(total > 0);
    unsigned char *before = malloc(total), *after = malloc(total);
    REQUIRE(before && after);
    size_t n = 0;
    for (int s = 0; s < UI_FONTCHAIN_BUNDLED; s++)
        n += rasters(c, s, 40, before + n);
    long resident = font_rss_kib();
    ui_fontchain_trim(c);
    long trimmed = font_rss_kib();
    if (resident >= 0) { /* Linux: the pages left */
        CHECK(resident > 0);
        CHECK(trimmed == 0);
        fprintf(stderr, "font pages resident: %ld KiB, after the trim %ld KiB\n", resident, trimmed);
    }
    /* ... and the glyphs are what they were */
    memset(after, 0, total);
    n = 0;
    for (int s = 0; s < UI_FONTCHAIN_BUNDLED; s++)
        n += rasters(c, s, 40, after + n);
    CHECK(n == total && memcmp(before, after, total) == 0);
    if (resident >= 0)
        CHECK(font_rss_kib() > 0);
    free(before);
    free(after);
    ui_fontchain_destroy(c);
    return im_check_done();
}
