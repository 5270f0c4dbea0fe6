/*
 * corners.h -- anti-aliased corners of rounded rectangles, cached as small
 * pre-coloured textures.
 *
 * Design.  The backend (backend.c) draws a rounded rectangle as plain
 * axis-aligned rectangles (the straight parts) and four corner cells of
 * s x s pixels, where s = ui_corners_cell(radius, border).  This module
 * draws the corner cells.  For each (radius, border, colour) it rasterizes
 * once a 2s x 2s texture holding the whole anti-aliased disc (border 0) or
 * ring (border > 0), with each pixel's coverage computed from the geometry
 * (measured along 16 lines through each pixel an arc crosses, the ink on
 * each line exact), and copies its four quadrants to the four corners
 * with a plain SDL_RenderCopy.
 *
 * Why pre-coloured: a tinted copy (SDL's colour or alpha modulation) takes
 * SDL's generic per-pixel blitter in the software renderer, about six
 * times slower than its plain alpha blit (the glyph atlas in text.c made
 * the same choice).  A screen uses a handful of (radius, border, colour)
 * triples, so one texture per triple is cheap.
 *
 * Why not triangles: SDL_RenderGeometry is not anti-aliased, and a ring of
 * thin quads left visible notches where an arc met a straight edge.
 *
 * Invariants.
 *  1. The quadrant of the texture copied to a corner is the exact mirror of
 *     the others: one quadrant is computed and the other three are its
 *     reflections, so the four corners of a shape are mirror images.
 *  2. A corner cell touches no pixel outside its s x s square, and the
 *     straight parts the backend draws never touch one inside it: nothing
 *     is blended twice, even in a translucent colour.
 *  3. The cache holds at most UI_CORNERS_MAX_ENTRIES textures and at most
 *     UI_CORNERS_MAX_BYTES of pixels; the least recently used goes first.
 *  4. After ui_corners_reset (render-target/device reset, low memory) or
 *     ui_corners_set_renderer (a new renderer) no texture is kept; each is
 *     made again, identical, on first use.
 *  5. Drawing never fails visibly: a cell too big to cache, or a texture
 *     SDL cannot make, is drawn as rows of plain rectangles (aliased, but
 *     with no gap).
 *
 * Traps.  The caller clamps radius and border to the shape (see
 * backend.c) before asking for a cell: this module trusts them.
 */
#ifndef UI_CORNERS_H
#define UI_CORNERS_H

#include <SDL.h>

#include "render/theme.h"

#define UI_CORNERS_MAX_ENTRIES 64
#define UI_CORNERS_MAX_BYTES (4 * 1024 * 1024)
#define UI_CORNERS_MAX_CELL 320 /* pixels; a bigger cell is drawn uncached */

typedef struct ui_corners ui_corners;

typedef struct ui_corners_stats {
    long made;     /* textures rasterized */
    long hits;     /* cells drawn from a cached texture */
    long evicted;  /* textures dropped to stay within the bounds */
    long resets;   /* ui_corners_reset / ui_corners_set_renderer calls */
    long uncached; /* cells drawn as plain rectangles (too big, or no texture) */
} ui_corners_stats;

/* A cache for renderer (which may be NULL and set later).  NULL only when
 * out of memory. */
ui_corners *ui_corners_create(SDL_Renderer *renderer);
/* Destroys the textures (through the renderer, which must still be alive)
 * and the cache.  NULL is fine. */
void ui_corners_destroy(ui_corners *cc);

/* A new renderer (or none): forgets every texture WITHOUT destroying it,
 * because the old renderer may be gone already (destroying a renderer
 * frees its textures).  Call it before destroying the old renderer too. */
void ui_corners_set_renderer(ui_corners *cc, SDL_Renderer *renderer);
/* Destroys every texture (a lost render target or device, low memory);
 * they are made again on demand. */
void ui_corners_reset(ui_corners *cc);

/* The side in pixels of the corner cell of a shape with this radius and
 * border (0: a fill): the radius, or the border if that is wider. */
int ui_corners_cell(int radius, int border);

/* Draws the four corner cells of the rounded rectangle box: a fill when
 * border is 0, else a ring border pixels wide.  radius >= 1, and
 * 2 * ui_corners_cell(radius, border) <= box.w and box.h.  Respects the
 * renderer's clip rectangle; changes its draw colour and blend mode. */
void ui_corners_draw(ui_corners *cc, SDL_Rect box, int radius, int border, ui_rgba color);

ui_corners_stats ui_corners_get_stats(const ui_corners *cc);

#endif
