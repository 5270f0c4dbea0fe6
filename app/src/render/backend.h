/*
 * backend.h -- replays a draw list on an SDL_Renderer.
 *
 * Rectangles are fills; rounded rectangles are triangle fans through
 * SDL_RenderGeometry; text runs go through the glyph atlas (text.h); clips
 * become SDL_RenderSetClipRect.  The backend holds no state between frames.
 * A replay paints every pixel of the target: from the last opaque rectangle
 * covering it all (what lies under it is skipped), or over a clear in the
 * renderer's current draw colour when there is none.
 */
#ifndef UI_BACKEND_H
#define UI_BACKEND_H

#include <SDL.h>

#include "render/drawlist.h"
#include "render/text.h"

void ui_backend_replay(SDL_Renderer *r, ui_text *text, const ui_drawlist *dl);

#endif
