/*
 * corners.c -- see corners.h for the design and invariants.
 *
 * Geometry of one quadrant (the top-left one; the others are mirrors).
 * Coordinates u, v run right and down from the shape's outer corner, in
 * pixels; the cell is [0, s) x [0, s).  The outer edge is a quarter circle
 * of radius r centred on (r, r); a ring's hole is the shape inset by k
 * (the border), whose corner is the concentric quarter circle of radius
 * r - k (a square corner at (k, k) when r <= k).  Straight edges fall on
 * whole pixels (r and k are integers), so only pixels of the r x r square
 * that a circle crosses are measured: along SUPERSAMPLE horizontal lines
 * through the pixel, the ink on each line found exactly from the circles'
 * equations; every other pixel is 0 or 255.
 */
#include "render/corners.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define SUPERSAMPLE 16        /* lines per pixel an arc crosses, each integrated exactly */
#define HALF_DIAGONAL 0.7072f /* a pixel lies within this of its centre */

typedef struct corner_tex {
    uint64_t key; /* corner_key(); 0 = unused */
    SDL_Texture *tex;
    int side; /* the cell: the texture is 2 * side square */
    unsigned last_used;
} corner_tex;

struct ui_corners {
    SDL_Renderer *renderer;
    corner_tex entries[UI_CORNERS_MAX_ENTRIES];
    int count;
    size_t bytes;
    unsigned clock; /* bumped on each lookup; orders entries by last use */
    ui_corners_stats stats;
};

ui_corners *ui_corners_create(SDL_Renderer *renderer)
{
    ui_corners *cc = calloc(1, sizeof *cc);
    if (cc) cc->renderer = renderer;
    return cc;
}

/* Forgets every entry; destroys the textures only when asked to (the
 * renderer that owns them may be gone). */
static void forget_all(ui_corners *cc, int destroy)
{
    for (int i = 0; i < cc->count; i++)
        if (destroy && cc->entries[i].tex) SDL_DestroyTexture(cc->entries[i].tex);
    SDL_memset(cc->entries, 0, sizeof cc->entries);
    cc->count = 0;
    cc->bytes = 0;
}

void ui_corners_destroy(ui_corners *cc)
{
    if (!cc) return;
    forget_all(cc, 1);
    free(cc);
}

void ui_corners_set_renderer(ui_corners *cc, SDL_Renderer *renderer)
{
    forget_all(cc, 0);
    cc->renderer = renderer;
    cc->stats.resets++;
}

void ui_corners_reset(ui_corners *cc)
{
    forget_all(cc, 1);
    cc->stats.resets++;
}

ui_corners_stats ui_corners_get_stats(const ui_corners *cc) { return cc->stats; }

int ui_corners_cell(int radius, int border) { return radius > border ? radius : border; }

/* ---- coverage --------------------------------------------------------------- */

/* Whether the pixel (px, py) of the top-left quadrant is all ink or all
 * background, and which (*ink).  Straight edges fall between pixels, so
 * only the circles can cross one: a pixel lies within HALF_DIAGONAL of
 * its centre, so a centre that far from both circles decides it. */
static int pixel_is_plain(int px, int py, int r, int k, int *ink)
{
    float u = (float)px + 0.5f, v = (float)py + 0.5f;
    int band = k > 0 && (px < k || py < k); /* never in the hole */
    if (px >= r || py >= r) {
        *ink = k == 0 || band;
        return 1;
    }
    float du = (float)r - u, dv = (float)r - v, d2 = du * du + dv * dv;
    float out = (float)r + HALF_DIAGONAL, in = (float)r - HALF_DIAGONAL;
    if (d2 >= out * out) {
        *ink = 0;
        return 1;
    }
    if (in < 0 || d2 > in * in) return 0; /* the outer arc crosses it */
    int ri = r - k;
    if (k == 0 || band || ri <= 0) {
        *ink = k == 0 || band;
        return 1;
    }
    float hin = (float)ri - HALF_DIAGONAL, hout = (float)ri + HALF_DIAGONAL;
    if (d2 >= hout * hout) {
        *ink = 1;
        return 1;
    }
    if (hin > 0 && d2 <= hin * hin) {
        *ink = 0;
        return 1;
    }
    return 0; /* the hole's arc crosses it */
}

/* Where the ink is on the line at height v of the top-left quadrant: from
 * the outer arc (*from) to the hole (*to; far away for a fill). */
static void ink_span(float v, int r, int k, float *from, float *to)
{
    float fr = (float)r, dv = fr - v;
    *from = dv > 0 ? fr - sqrtf(fmaxf(fr * fr - dv * dv, 0)) : 0;
    *to = 1e9f;
    if (k == 0 || v < (float)k) return;
    float ri = (float)(r - k);
    *to = dv > 0 && ri > 0 ? fr - sqrtf(fmaxf(ri * ri - dv * dv, 0)) : (float)k;
}

/* The share of the pixel (px, py) of the top-left quadrant that is ink,
 * 0..255: exact across each of SUPERSAMPLE lines through the pixel. */
static int coverage(int px, int py, int r, int k)
{
    int ink;
    if (pixel_is_plain(px, py, r, k, &ink)) return ink ? 255 : 0;
    float sum = 0, x0 = (float)px, x1 = x0 + 1;
    for (int j = 0; j < SUPERSAMPLE; j++) {
        float from, to;
        ink_span((float)py + ((float)j + 0.5f) / SUPERSAMPLE, r, k, &from, &to);
        float lo = fmaxf(from, x0), hi = fminf(to, x1);
        if (hi > lo) sum += hi - lo;
    }
    return (int)(sum * 255.0f / SUPERSAMPLE + 0.5f);
}

/* Fills a 2s x 2s ARGB8888 buffer with the whole disc or ring in colour c,
 * alpha scaled by coverage: one quadrant computed, three mirrored
 * (invariant 1). */
static void rasterize(Uint32 *px, int s, int r, int k, ui_rgba c)
{
    int side = 2 * s;
    Uint32 rgb = ((Uint32)c.r << 16) | ((Uint32)c.g << 8) | c.b;
    for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
            Uint32 a = ((Uint32)c.a * (Uint32)coverage(x, y, r, k) + 127) / 255;
            Uint32 p = (a << 24) | rgb;
            px[y * side + x] = p;
            px[y * side + (side - 1 - x)] = p;
            px[(side - 1 - y) * side + x] = p;
            px[(side - 1 - y) * side + (side - 1 - x)] = p;
        }
    }
}

/* ---- the cache -------------------------------------------------------------- */

static uint64_t corner_key(int radius, int border, ui_rgba c)
{
    uint32_t rgba = ((uint32_t)c.r << 24) | ((uint32_t)c.g << 16) | ((uint32_t)c.b << 8) | c.a;
    return ((uint64_t)rgba << 32) | ((uint64_t)(unsigned)radius << 16) | (unsigned)border;
}

static size_t texture_bytes(int s) { return (size_t)(2 * s) * (size_t)(2 * s) * 4; }

static void evict_oldest(ui_corners *cc)
{
    int old = 0;
    for (int i = 1; i < cc->count; i++)
        if (cc->entries[i].last_used < cc->entries[old].last_used) old = i;
    SDL_DestroyTexture(cc->entries[old].tex);
    cc->bytes -= texture_bytes(cc->entries[old].side);
    cc->entries[old] = cc->entries[--cc->count];
    cc->stats.evicted++;
}

/* A new texture for the cell, or NULL (no renderer, out of memory). */
static SDL_Texture *make_texture(SDL_Renderer *renderer, int s, int radius, int border, ui_rgba c)
{
    Uint32 *px = malloc(texture_bytes(s));
    if (!px) return NULL;
    rasterize(px, s, radius, border, c);
    SDL_Texture *t = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, 2 * s, 2 * s);
    if (t && (SDL_UpdateTexture(t, NULL, px, 2 * s * 4) != 0 || SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND) != 0)) {
        SDL_DestroyTexture(t);
        t = NULL;
    }
    free(px);
    return t;
}

/* The cached texture of this cell, made if needed (invariant 3); NULL if
 * it cannot be made. */
static SDL_Texture *lookup(ui_corners *cc, int s, int radius, int border, ui_rgba c)
{
    uint64_t key = corner_key(radius, border, c);
    cc->clock++;
    for (int i = 0; i < cc->count; i++) {
        if (cc->entries[i].key == key) {
            cc->entries[i].last_used = cc->clock;
            cc->stats.hits++;
            return cc->entries[i].tex;
        }
    }
    if (!cc->renderer) return NULL;
    while (cc->count > 0 &&
           (cc->count == UI_CORNERS_MAX_ENTRIES || cc->bytes + texture_bytes(s) > UI_CORNERS_MAX_BYTES))
        evict_oldest(cc);
    SDL_Texture *t = make_texture(cc->renderer, s, radius, border, c);
    if (!t) return NULL;
    cc->entries[cc->count++] = (corner_tex){ key, t, s, cc->clock };
    cc->bytes += texture_bytes(s);
    cc->stats.made++;
    return t;
}

/* ---- drawing ---------------------------------------------------------------- */

/* Invariant 5: the cell as runs of pixels at least half covered, one row
 * of the quadrant (and its three mirrors) at a time. */
static void draw_uncached(ui_corners *cc, SDL_Rect b, int s, int radius, int border, ui_rgba c)
{
    SDL_Renderer *r = cc->renderer;
    SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    for (int y = 0; y < s; y++) {
        SDL_Rect rows[8]; /* a row of a ring has at most 2 runs; 4 mirrors */
        int n = 0;
        for (int x = 0; x < s;) {
            if (coverage(x, y, radius, border) < 128) {
                x++;
                continue;
            }
            int x0 = x;
            while (x < s && coverage(x, y, radius, border) >= 128) x++;
            int w = x - x0;
            if (n + 4 > 8) break;
            rows[n++] = (SDL_Rect){ b.x + x0, b.y + y, w, 1 };
            rows[n++] = (SDL_Rect){ b.x + b.w - x0 - w, b.y + y, w, 1 };
            rows[n++] = (SDL_Rect){ b.x + x0, b.y + b.h - 1 - y, w, 1 };
            rows[n++] = (SDL_Rect){ b.x + b.w - x0 - w, b.y + b.h - 1 - y, w, 1 };
        }
        if (n) SDL_RenderFillRects(r, rows, n);
    }
    cc->stats.uncached++;
}

void ui_corners_draw(ui_corners *cc, SDL_Rect b, int radius, int border, ui_rgba c)
{
    if (!cc->renderer) return;
    int s = ui_corners_cell(radius, border);
    SDL_Texture *t = s <= UI_CORNERS_MAX_CELL ? lookup(cc, s, radius, border, c) : NULL;
    if (!t) {
        draw_uncached(cc, b, s, radius, border, c);
        return;
    }
    const SDL_Rect src[4] = { { 0, 0, s, s }, { s, 0, s, s }, { 0, s, s, s }, { s, s, s, s } };
    const SDL_Rect dst[4] = {
        { b.x, b.y, s, s },
        { b.x + b.w - s, b.y, s, s },
        { b.x, b.y + b.h - s, s, s },
        { b.x + b.w - s, b.y + b.h - s, s, s },
    };
    for (int q = 0; q < 4; q++) SDL_RenderCopy(cc->renderer, t, &src[q], &dst[q]);
}
