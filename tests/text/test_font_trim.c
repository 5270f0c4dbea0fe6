/*
 * test_font_trim.c -- ui_fontchain_trim (app/src/render/fontchain.c): the
 * font files' pages leave the process's resident set (counted in
 * /proc/self/smaps, Linux), and every glyph rasterised afterwards is the
 * same picture as before: the pages come back from the file, unchanged.
 * The system fallback faces' FreeType halves (a CJK collection, the colour
 * emoji font) are closed: the C library's heap in use drops (issue 17's
 * RSS); shaping, coverage, units per em, colour and the same codepoint's
 * slot are answered without opening them again, and the next raster opens
 * the face again and draws the same glyph.
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render/fontchain.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

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

/* The C library's heap in use, bytes; -1 where it cannot say (ASan's
 * allocator, which glibc's mallinfo2 does not see, answers 0). */
static long heap_in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    long used = (long)mallinfo2().uordblks;
    return used > 0 ? used : -1;
#else
    return -1;
#endif
}

/* One glyph's raster: its bytes into out (cap), the length returned. */
static size_t raster_of(ui_fontchain *c, int s, uint32_t cp, unsigned char *out, size_t cap)
{
    hb_codepoint_t gid = 0;
    hb_font_t *f = ui_fontchain_hb(c, s);
    if (!f || !hb_font_get_nominal_glyph(f, cp, &gid) || !gid)
        return 0;
    int left = 0, top = 0;
    SDL_Surface *r = ui_fontchain_raster(c, s, gid, 32, (SDL_Color){20, 30, 40, 255}, &left, &top);
    if (!r)
        return 0;
    size_t bytes = (size_t)r->pitch * (size_t)r->h;
    if (bytes > cap)
        bytes = cap;
    memcpy(out, r->pixels, bytes);
    SDL_FreeSurface(r);
    return bytes;
}

/* The system fallback faces closed by the trim, opened again on use. */
static void fallback_faces(ui_fontchain *c)
{
    int cjk = ui_fontchain_find(c, 0, 0x4F60); /* 你 */
    int emoji = ui_fontchain_find(c, UI_FONTCHAIN_COLOR, 0x1F600);
    if (cjk < UI_FONTCHAIN_BUNDLED) {
        fprintf(stderr, "no system font has U+4F60 (fonts-noto-cjk): the fallback part is skipped\n");
        return;
    }
    static unsigned char a[1 << 16], b[1 << 16];
    size_t na = raster_of(c, cjk, 0x4F60, a, sizeof a);
    REQUIRE(na > 0);
    int upem = ui_fontchain_upem(c, cjk);
    int color = emoji >= UI_FONTCHAIN_BUNDLED ? ui_fontchain_is_color(c, emoji) : -1;
    if (emoji >= UI_FONTCHAIN_BUNDLED) {
        unsigned char e[1 << 16];
        CHECK(raster_of(c, emoji, 0x1F600, e, sizeof e) > 0);
    }
    int open = ui_fontchain_ft_open(c);
    CHECK(open >= UI_FONTCHAIN_BUNDLED + 1);
    long heap = heap_in_use();
    ui_fontchain_trim(c);
    long heap_after = heap_in_use();
    CHECK(ui_fontchain_ft_open(c) == UI_FONTCHAIN_BUNDLED); /* only the bundled faces stay open */
    if (heap >= 0) {
        /* the CJK collection's FreeType face alone is some hundreds of KB */
        CHECK(heap - heap_after > 100 * 1024);
        fprintf(stderr, "heap in use with %d faces open: %ld KB, after the trim %ld KB\n", open, heap / 1024,
                heap_after / 1024);
    }
    /* what every drawn glyph asks, answered without opening a face */
    CHECK(ui_fontchain_upem(c, cjk) == upem);
    if (color >= 0)
        CHECK(ui_fontchain_is_color(c, emoji) == color && color == 1);
    CHECK(ui_fontchain_find(c, 0, 0x4F60) == cjk); /* the answer stays */
    CHECK(ui_fontchain_find(c, 0, 0x4E16) == cjk); /* 世, a new codepoint: the same face, from its cmap */
    CHECK(ui_fontchain_covers(c, cjk, 0x597D));    /* 好 */
    CHECK(ui_fontchain_ft_reopens(c) == 0);
    CHECK(ui_fontchain_ft_open(c) == UI_FONTCHAIN_BUNDLED);
    /* new text: the face opens again and draws the same picture */
    size_t nb = raster_of(c, cjk, 0x4F60, b, sizeof b);
    CHECK(nb == na && memcmp(a, b, na) == 0);
    CHECK(ui_fontchain_ft_reopens(c) == 1);
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
    fallback_faces(c);
    ui_fontchain_destroy(c);
    return im_check_done();
}
