/*
 * test_ui_corners.c -- rounded rectangles as the backend really draws them:
 * a software renderer on an SDL surface, and the pixels it leaves.
 *
 * Shapes are drawn through ui_backend_replay (the straight parts and the
 * corner cells together), in sizes the app uses at 1x and 3x, plus odd
 * sizes, clamped radii and borders wider than the radius.  Checks: an
 * outline has ink at every step along its whole length; corners are
 * anti-aliased; the four corners are mirror images; a translucent shape
 * is blended exactly once everywhere; and after a reset or a new renderer
 * the same picture comes back, pixel for pixel.
 */
#include <SDL.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render/backend.h"
#include "render/corners.h"

#define CANVAS_W 720
#define CANVAS_H 720

typedef struct canvas {
    SDL_Surface *surface;
    SDL_Renderer *r;
    ui_corners *cc;
} canvas;

typedef struct shape {
    ui_rect box;
    int radius, border; /* border 0: a fill */
} shape;

static const ui_rgba WHITE = {255, 255, 255, 255};
static const ui_rgba BLACK = {0, 0, 0, 255};

/* Sizes the app draws: a journal card at 3x (radius 12 pt, border 1 pt)
 * and at 1x, small buttons, odd sizes, clamped radii (a circle, a pill),
 * and a border wider than the radius. */
static const shape SHAPES[] = {
    {{10, 10, 660, 240}, 36, 3}, {{7, 300, 331, 70}, 12, 1},    {{360, 300, 120, 40}, 8, 1},
    {{500, 300, 101, 51}, 6, 2}, {{20, 420, 41, 41}, 30, 1},    {{100, 420, 200, 45}, 40, 3},
    {{330, 420, 90, 60}, 2, 4},  {{450, 420, 144, 144}, 72, 6}, {{20, 600, 300, 90}, 24, 2},
};
enum { NSHAPES = sizeof SHAPES / sizeof SHAPES[0] };

static canvas canvas_open(void)
{
    canvas c;
    c.surface = SDL_CreateRGBSurfaceWithFormat(0, CANVAS_W, CANVAS_H, 32, SDL_PIXELFORMAT_ARGB8888);
    REQUIRE(c.surface != NULL);
    c.r = SDL_CreateSoftwareRenderer(c.surface);
    REQUIRE(c.r != NULL);
    c.cc = ui_corners_create(c.r);
    REQUIRE(c.cc != NULL);
    return c;
}

static void canvas_close(canvas *c)
{
    ui_corners_destroy(c->cc);
    SDL_DestroyRenderer(c->r);
    SDL_FreeSurface(c->surface);
}

/* Clears to bg and replays dl, then waits for the renderer to finish. */
static void paint(canvas *c, ui_rgba bg, const ui_drawlist *dl)
{
    SDL_SetRenderDrawBlendMode(c->r, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(c->r, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(c->r);
    ui_backend_replay(c->r, NULL, c->cc, dl);
    SDL_RenderFlush(c->r);
}

static void add_shape(ui_drawlist *dl, shape s, ui_rgba color)
{
    if (s.border > 0)
        ui_draw_rrect_outline(dl, s.box, s.radius, s.border, color);
    else
        ui_draw_rrect(dl, s.box, s.radius, color);
}

/* Paints one shape in color on bg. */
static void paint_shape(canvas *c, shape s, ui_rgba color, ui_rgba bg)
{
    ui_drawlist dl = {0};
    add_shape(&dl, s, color);
    paint(c, bg, &dl);
    ui_drawlist_free(&dl);
}

static Uint32 pixel(const canvas *c, int x, int y)
{
    if (x < 0 || y < 0 || x >= CANVAS_W || y >= CANVAS_H)
        return 0;
    const Uint8 *row = (const Uint8 *)c->surface->pixels + (size_t)y * (size_t)c->surface->pitch;
    return ((const Uint32 *)row)[x] & 0xFFFFFF;
}

/* Black ink on white: 0 (none) .. 255 (full). */
static int ink(const canvas *c, int x, int y) { return 255 - (int)(pixel(c, x, y) & 0xFF); }

static int clamped_radius(ui_rect b, int r)
{
    if (r > b.w / 2)
        r = b.w / 2;
    if (r > b.h / 2)
        r = b.h / 2;
    return r;
}

/* Signed distance from (x, y) to the outline of the rounded box b with
 * corner radius rad (negative inside). */
static float sdf(float x, float y, float bx, float by, float bw, float bh, float rad)
{
    float hx = bw / 2, hy = bh / 2;
    float qx = fabsf(x - (bx + hx)) - (hx - rad), qy = fabsf(y - (by + hy)) - (hy - rad);
    float ox = qx > 0 ? qx : 0, oy = qy > 0 ? qy : 0;
    float in = qx > qy ? qx : qy;
    return sqrtf(ox * ox + oy * oy) + (in < 0 ? in : 0) - rad;
}

/* A point on the centre line of s's outline, t in [0, 1), and the
 * outward normal there. */
static void centre_line_at(shape s, int rad, float t, float *x, float *y, float *nx, float *ny)
{
    float k = (float)s.border;
    float bx = (float)s.box.x + k / 2, by = (float)s.box.y + k / 2;
    float bw = (float)s.box.w - k, bh = (float)s.box.h - k;
    float rc = (float)rad - k / 2;
    if (rc < 0)
        rc = 0;
    float sw = bw - 2 * rc, sh = bh - 2 * rc, arc = 1.5707963f * rc;
    float len = 2 * sw + 2 * sh + 4 * arc, d = t * len;
    /* top edge left to right, then clockwise: arc, right edge, arc, ... */
    const float seg[8] = {sw, arc, sh, arc, sw, arc, sh, arc};
    const float cx[4] = {bx + bw - rc, bx + bw - rc, bx + rc, bx + rc};
    const float cy[4] = {by + rc, by + bh - rc, by + bh - rc, by + rc};
    int i = 0;
    while (i < 7 && d > seg[i])
        d -= seg[i++];
    switch (i) {
    case 0: *x = bx + rc + d, *y = by, *nx = 0, *ny = -1; return;
    case 2: *x = bx + bw, *y = by + rc + d, *nx = 1, *ny = 0; return;
    case 4: *x = bx + bw - rc - d, *y = by + bh, *nx = 0, *ny = 1; return;
    case 6: *x = bx, *y = by + bh - rc - d, *nx = -1, *ny = 0; return;
    default: break;
    }
    int q = i / 2; /* arcs: top-right, bottom-right, bottom-left, top-left */
    float a = (rc > 0 ? d / rc : 0) + 1.5707963f * (float)(q - 1);
    *nx = cosf(a), *ny = sinf(a);
    *x = cx[q] + rc * *nx, *y = cy[q] + rc * *ny;
}

/* The least ink found across the band at any step along the outline: at
 * each step, the best pixel on the normal through the band. */
static int least_ink_along(const canvas *c, shape s)
{
    int rad = clamped_radius(s.box, s.radius), least = 255;
    float k = (float)s.border;
    float len = 2.0f * (float)(s.box.w + s.box.h);
    int steps = (int)(len * 4);
    for (int i = 0; i < steps; i++) {
        float x, y, nx, ny;
        centre_line_at(s, rad, (float)i / (float)steps, &x, &y, &nx, &ny);
        int best = 0;
        for (float t = -k / 2; t <= k / 2 + 0.001f; t += 0.25f) {
            int v = ink(c, (int)floorf(x + t * nx), (int)floorf(y + t * ny));
            if (v > best)
                best = v;
        }
        if (best < least)
            least = best;
    }
    return least;
}

/* 1. An outline has ink at every step of its length (no notch where an
 *    arc meets a straight edge).  "Ink" is a quarter of a pixel: an
 *    anti-aliased 1-pixel band crossing pixels at a slant covers its best
 *    pixel by about 36 % at worst, and a gap leaves none. */
static void test_outline_has_no_gap(canvas *c)
{
    for (int i = 0; i < NSHAPES; i++) {
        paint_shape(c, SHAPES[i], BLACK, WHITE);
        int least = least_ink_along(c, SHAPES[i]);
        if (least < 64)
            fprintf(stderr, "  shape %d: least ink %d along its outline\n", i, least);
        CHECK(least >= 64);
    }
}

/* Pixels in the s x s cell at (x0, y0) strictly between background and
 * full ink. */
static int partial_pixels(const canvas *c, int x0, int y0, int s)
{
    int n = 0;
    for (int y = y0; y < y0 + s; y++)
        for (int x = x0; x < x0 + s; x++)
            n += ink(c, x, y) > 0 && ink(c, x, y) < 255;
    return n;
}

/* 2. Every corner of a fill and of an outline is anti-aliased: the arc's
 *    edge has pixels of intermediate coverage. */
static void test_corners_are_antialiased(canvas *c)
{
    for (int i = 0; i < NSHAPES; i++) {
        for (int fill = 0; fill < 2; fill++) {
            shape s = SHAPES[i];
            if (fill)
                s.border = 0;
            int rad = clamped_radius(s.box, s.radius);
            if (rad < 3)
                continue; /* a radius of 1 or 2 pixels has almost no arc */
            paint_shape(c, s, BLACK, WHITE);
            ui_rect b = s.box;
            int corner[4] = {
                partial_pixels(c, b.x, b.y, rad),
                partial_pixels(c, b.x + b.w - rad, b.y, rad),
                partial_pixels(c, b.x, b.y + b.h - rad, rad),
                partial_pixels(c, b.x + b.w - rad, b.y + b.h - rad, rad),
            };
            for (int q = 0; q < 4; q++) {
                if (corner[q] < rad / 2)
                    fprintf(stderr, "  shape %d fill %d corner %d: %d partial pixels\n", i, fill, q,
                            corner[q]);
                CHECK(corner[q] >= rad / 2);
            }
        }
    }
}

/* 3. The four corners are mirror images: the whole box is symmetric left
 *    to right and top to bottom, pixel for pixel. */
static void test_corners_are_mirrors(canvas *c)
{
    for (int i = 0; i < NSHAPES; i++) {
        for (int fill = 0; fill < 2; fill++) {
            shape s = SHAPES[i];
            if (fill)
                s.border = 0;
            paint_shape(c, s, BLACK, WHITE);
            ui_rect b = s.box;
            int odd = 0;
            for (int y = b.y; y < b.y + b.h; y++) {
                for (int x = b.x; x < b.x + b.w; x++) {
                    Uint32 p = pixel(c, x, y);
                    odd += p != pixel(c, 2 * b.x + b.w - 1 - x, y) || p != pixel(c, x, 2 * b.y + b.h - 1 - y);
                }
            }
            if (odd)
                fprintf(stderr, "  shape %d fill %d: %d pixels differ from their mirror\n", i, fill, odd);
            CHECK(odd == 0);
        }
    }
}

static int channel_gap(Uint32 a, Uint32 b)
{
    int worst = 0;
    for (int sh = 0; sh < 24; sh += 8) {
        int d = abs((int)((a >> sh) & 0xFF) - (int)((b >> sh) & 0xFF));
        if (d > worst)
            worst = d;
    }
    return worst;
}

/* Pixels of s well inside its ink (a fill's body, an outline's band, at
 * least a pixel from every edge) that differ from want by more than
 * SDL's rounding (1 per channel: its fill and blit blend differently). */
static int nonuniform_pixels(const canvas *c, shape s, Uint32 want)
{
    ui_rect b = s.box;
    int rad = clamped_radius(b, s.radius), k = s.border, n = 0;
    int hole_rad = rad - k > 0 ? rad - k : 0;
    for (int y = b.y; y < b.y + b.h; y++) {
        for (int x = b.x; x < b.x + b.w; x++) {
            float px = (float)x + 0.5f, py = (float)y + 0.5f;
            if (sdf(px, py, (float)b.x, (float)b.y, (float)b.w, (float)b.h, (float)rad) > -1.5f)
                continue;
            if (k > 0 && sdf(px, py, (float)(b.x + k), (float)(b.y + k), (float)(b.w - 2 * k),
                             (float)(b.h - 2 * k), (float)hole_rad) < 1.5f)
                continue;
            n += channel_gap(pixel(c, x, y), want) > 1;
        }
    }
    return n;
}

/* 4. A translucent fill or outline is blended once everywhere: its inside
 *    is one uniform colour (a pixel blended twice would be much darker). */
static void test_translucent_blends_once(canvas *c)
{
    const ui_rgba ink_color = {40, 60, 200, 128};
    ui_drawlist dl = {0};
    ui_draw_rect(&dl, (ui_rect){0, 0, 1, 1}, ink_color);
    paint(c, WHITE, &dl); /* the colour of one blend, from a plain rectangle */
    Uint32 want = pixel(c, 0, 0);
    ui_drawlist_free(&dl);
    CHECK(want != 0xFFFFFF);
    for (int i = 0; i < NSHAPES; i++) {
        for (int fill = 0; fill < 2; fill++) {
            shape s = SHAPES[i];
            if (fill)
                s.border = 0;
            if (!fill && s.border < 3)
                continue; /* no pixel of a thin band is a pixel from both its edges */
            paint_shape(c, s, ink_color, WHITE);
            int n = nonuniform_pixels(c, s, want);
            if (n)
                fprintf(stderr, "  shape %d fill %d: %d pixels not blended exactly once\n", i, fill, n);
            CHECK(n == 0);
        }
    }
}

/* Every shape in black, filled and outlined, plus translucent ones: a
 * picture that uses many corner textures. */
static void scene(ui_drawlist *dl)
{
    for (int i = 0; i < NSHAPES; i++) {
        shape s = SHAPES[i];
        add_shape(dl, s, (ui_rgba){30, 20, 10, 255});
        s.border = 0;
        s.box = (ui_rect){s.box.x + 4, s.box.y + 4, s.box.w - 8, s.box.h - 8};
        add_shape(dl, s, (ui_rgba){200, 40, 90, 100});
    }
}

static Uint32 *snapshot(const canvas *c)
{
    Uint32 *px = malloc((size_t)CANVAS_W * CANVAS_H * 4);
    REQUIRE(px != NULL);
    for (int y = 0; y < CANVAS_H; y++)
        for (int x = 0; x < CANVAS_W; x++)
            px[y * CANVAS_W + x] = pixel(c, x, y);
    return px;
}

static int same_picture(const canvas *c, const Uint32 *want)
{
    Uint32 *got = snapshot(c);
    int same = memcmp(got, want, (size_t)CANVAS_W * CANVAS_H * 4) == 0;
    free(got);
    return same;
}

/* 5. After a render reset (textures destroyed) and after a new renderer
 *    (textures forgotten) the corners are made again and the picture is
 *    pixel-identical; a cache full of colours evicts and stays bounded. */
static void test_reset_gives_same_picture(canvas *c)
{
    ui_drawlist dl = {0};
    scene(&dl);
    ui_corners_reset(c->cc); /* forget the earlier tests' corners */
    long made0 = ui_corners_get_stats(c->cc).made;
    paint(c, WHITE, &dl);
    Uint32 *before = snapshot(c);
    ui_corners_stats s0 = ui_corners_get_stats(c->cc);
    long made = s0.made - made0; /* textures the scene needs */
    CHECK(made > 0);

    ui_corners_reset(c->cc);
    paint(c, WHITE, &dl);
    ui_corners_stats s1 = ui_corners_get_stats(c->cc);
    CHECK(s1.resets == s0.resets + 1);
    CHECK(s1.made == s0.made + made); /* every texture made again */
    CHECK(same_picture(c, before));

    ui_corners_set_renderer(c->cc, NULL);
    SDL_DestroyRenderer(c->r);
    c->r = SDL_CreateSoftwareRenderer(c->surface);
    REQUIRE(c->r != NULL);
    ui_corners_set_renderer(c->cc, c->r);
    paint(c, WHITE, &dl);
    CHECK(ui_corners_get_stats(c->cc).made == s0.made + 2 * made);
    CHECK(same_picture(c, before));

    /* more colours than the cache holds: old ones go, the picture stays */
    ui_drawlist many = {0};
    for (int i = 0; i < 2 * UI_CORNERS_MAX_ENTRIES; i++)
        ui_draw_rrect(&many, (ui_rect){10 + (i % 16) * 40, 10 + (i / 16) * 40, 36, 36}, 10,
                      (ui_rgba){(Uint8)i, 0, 0, 255});
    paint(c, WHITE, &many);
    CHECK(ui_corners_get_stats(c->cc).evicted >= UI_CORNERS_MAX_ENTRIES);
    paint(c, WHITE, &dl);
    CHECK(same_picture(c, before));
    ui_drawlist_free(&many);
    ui_drawlist_free(&dl);
    free(before);
}

/* 6. A corner too big to cache is still drawn whole: no gap, mirrored. */
static void test_uncached_corner_has_no_gap(canvas *c)
{
    shape s = {{10, 10, 700, 700}, UI_CORNERS_MAX_CELL + 10, 4};
    long before = ui_corners_get_stats(c->cc).uncached;
    paint_shape(c, s, BLACK, WHITE);
    CHECK(ui_corners_get_stats(c->cc).uncached == before + 1);
    CHECK(least_ink_along(c, s) >= 128);
}

int main(void)
{
    REQUIRE(SDL_Init(SDL_INIT_EVENTS) == 0);
    canvas c = canvas_open();
    test_outline_has_no_gap(&c);
    test_corners_are_antialiased(&c);
    test_corners_are_mirrors(&c);
    test_translucent_blends_once(&c);
    test_reset_gives_same_picture(&c);
    test_uncached_corner_has_no_gap(&c);
    canvas_close(&c);
    SDL_Quit();
    return im_check_done();
}
