/*
 * backend.h -- replays a draw list on an SDL_Renderer.
 *
 * Rectangles are fills; rounded rectangles are axis-aligned rectangles
 * plus four anti-aliased corner cells from a cache (corners.h); text runs
 * go through the glyph atlas (text.h); clips become SDL_RenderSetClipRect.
 * The backend holds no state between frames: the caches it draws from are
 * the caller's.
 * A replay paints every pixel of the target: from the last opaque rectangle
 * covering it all (what lies under it is skipped), or over a clear in the
 * renderer's current draw colour when there is none.  Paint that cannot
 * be seen is skipped too (an opaque band a later opaque rectangle covers,
 * a fill in the colour already there): the picture is the same as
 * painting every command, pixel for pixel (ui_backend_replay_every, the
 * tests' reference).
 */
#ifndef UI_BACKEND_H
#define UI_BACKEND_H

#include <SDL.h>

#include "render/corners.h"
#include "render/drawlist.h"
#include "render/text.h"

/* Draws dl on r.  text and corners must be bound to r (ui_text_set_renderer,
 * ui_corners_set_renderer); text may be NULL if dl holds no text. */
void ui_backend_replay(SDL_Renderer *r, ui_text *text, ui_corners *corners, const ui_drawlist *dl);
/* The same, painting every command (from the same start): the reference
 * ui_backend_replay's skipping is checked against. */
void ui_backend_replay_every(SDL_Renderer *r, ui_text *text, ui_corners *corners, const ui_drawlist *dl);

#endif
