/* backend.c -- see backend.h. */
#include "render/backend.h"

#define CLIP_STACK_MAX 32

/* The radius a w x h box can take: at most half its shorter side, whole
 * pixels, so the straight parts and the corner cells meet on pixel edges. */
static int clamp_radius(SDL_Rect b, int rad)
{
    if (rad > b.w / 2) rad = b.w / 2;
    if (rad > b.h / 2) rad = b.h / 2;
    return rad < 0 ? 0 : rad;
}

/* Draws the non-empty rectangles of rs[0..n) in the current colour. */
static void fill_rects(SDL_Renderer *r, const SDL_Rect *rs, int n)
{
    SDL_Rect keep[4];
    int k = 0;
    for (int i = 0; i < n && k < 4; i++)
        if (rs[i].w > 0 && rs[i].h > 0) keep[k++] = rs[i];
    if (k) SDL_RenderFillRects(r, keep, k);
}

/* A filled rounded rectangle: three rectangles (the middle band, and the
 * top and bottom bands between the corners) and four anti-aliased corner
 * cells from the cache (corners.h).  The pieces partition the box, so a
 * translucent colour is blended once everywhere.  Why not triangles: SDL's
 * triangles are not anti-aliased, and the software renderer tests every
 * pixel of a triangle's bounding box. */
static void fill_rrect(SDL_Renderer *r, ui_corners *cc, SDL_Rect b, int rad, ui_rgba c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    rad = clamp_radius(b, rad);
    if (rad < 1) {
        SDL_RenderFillRect(r, &b);
        return;
    }
    const SDL_Rect body[3] = {
        { b.x + rad, b.y, b.w - 2 * rad, rad },
        { b.x, b.y + rad, b.w, b.h - 2 * rad },
        { b.x + rad, b.y + b.h - rad, b.w - 2 * rad, rad },
    };
    fill_rects(r, body, 3);
    ui_corners_draw(cc, b, rad, 0, c);
}

/* An outline k pixels wide: four straight bands between the corner cells
 * (each cell is the radius, or the border if wider, square) and four ring
 * corners from the cache.  A border too wide to leave a hole is a fill. */
static void stroke_rrect(SDL_Renderer *r, ui_corners *cc, SDL_Rect b, int rad, int k, ui_rgba c)
{
    if (2 * k >= b.w || 2 * k >= b.h) {
        fill_rrect(r, cc, b, rad, c);
        return;
    }
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    rad = clamp_radius(b, rad);
    int s = rad < 1 ? k : ui_corners_cell(rad, k);
    const SDL_Rect band[4] = {
        { b.x + s, b.y, b.w - 2 * s, k },
        { b.x + s, b.y + b.h - k, b.w - 2 * s, k },
        { b.x, b.y + s, k, b.h - 2 * s },
        { b.x + b.w - k, b.y + s, k, b.h - 2 * s },
    };
    fill_rects(r, band, 4);
    if (rad < 1) { /* square corners: k x k blocks */
        const SDL_Rect sq[4] = {
            { b.x, b.y, k, k }, { b.x + b.w - k, b.y, k, k },
            { b.x, b.y + b.h - k, k, k }, { b.x + b.w - k, b.y + b.h - k, k, k },
        };
        fill_rects(r, sq, 4);
        return;
    }
    ui_corners_draw(cc, b, rad, k, c);
}

/* Opaque fills skip blending: SDL's software renderer blends per pixel
 * even at alpha 255, which made a full-window fill cost ~20 ms at 3x. */
static void blend_for(SDL_Renderer *r, ui_rgba c)
{
    SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
}

static void draw_rrect_cmd(SDL_Renderer *r, ui_corners *cc, const ui_cmd *c)
{
    SDL_Rect b = { c->r.x, c->r.y, c->r.w, c->r.h };
    if (c->border > 0)
        stroke_rrect(r, cc, b, c->radius, c->border, c->color);
    else
        fill_rrect(r, cc, b, c->radius, c->color);
}

/* Where drawing starts: at the last opaque rectangle that covers the whole
 * target outside any clip, since everything before it would be painted
 * over (a screen's page colour over the window's: at 3x each full fill is
 * 12 MB written, a millisecond in software).  -1 if there is none. */
static long first_visible(SDL_Renderer *r, const ui_drawlist *dl)
{
    int w = 0, h = 0, depth = 0;
    long start = -1;
    if (SDL_GetRendererOutputSize(r, &w, &h) != 0) return -1;
    for (size_t i = 0; i < dl->count; i++) {
        const ui_cmd *c = &dl->cmds[i];
        if (c->kind == UI_CMD_CLIP_PUSH) depth++;
        else if (c->kind == UI_CMD_CLIP_POP) depth -= depth > 0;
        else if (depth == 0 && c->kind == UI_CMD_RECT && c->color.a == 255 && c->r.x <= 0 && c->r.y <= 0 &&
                 c->r.x + c->r.w >= w && c->r.y + c->r.h >= h)
            start = (long)i;
    }
    return start;
}

void ui_backend_replay(SDL_Renderer *r, ui_text *text, ui_corners *corners, const ui_drawlist *dl)
{
    SDL_Rect stack[CLIP_STACK_MAX];
    int depth = 0;
    int has_clip = 0;
    SDL_Rect clip = { 0, 0, 0, 0 };
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_RenderSetClipRect(r, NULL);
    long start = first_visible(r, dl);
    if (start < 0) SDL_RenderClear(r); /* in the renderer's current draw colour */
    for (size_t i = start < 0 ? 0 : (size_t)start; i < dl->count; i++) {
        const ui_cmd *c = &dl->cmds[i];
        switch (c->kind) {
        case UI_CMD_RECT: {
            SDL_Rect b = { c->r.x, c->r.y, c->r.w, c->r.h };
            blend_for(r, c->color);
            SDL_SetRenderDrawColor(r, c->color.r, c->color.g, c->color.b, c->color.a);
            SDL_RenderFillRect(r, &b);
            break;
        }
        case UI_CMD_RRECT:
            blend_for(r, c->color);
            draw_rrect_cmd(r, corners, c);
            break;
        case UI_CMD_TEXT:
            if (text) ui_text_draw(text, c->face, c->px, ui_drawlist_text(dl, c), c->text_len, c->r.x, c->r.y, c->color);
            break;
        case UI_CMD_CLIP_PUSH: {
            SDL_Rect want = { c->r.x, c->r.y, c->r.w, c->r.h };
            if (depth < CLIP_STACK_MAX) stack[depth] = has_clip ? clip : (SDL_Rect){ -1, -1, -1, -1 };
            depth++;
            if (has_clip) {
                SDL_Rect out;
                if (!SDL_IntersectRect(&clip, &want, &out)) out = (SDL_Rect){ 0, 0, 0, 0 };
                want = out;
            }
            clip = want;
            has_clip = 1;
            SDL_RenderSetClipRect(r, &clip);
            break;
        }
        case UI_CMD_CLIP_POP:
            if (depth > 0) depth--;
            if (depth < CLIP_STACK_MAX && stack[depth].w >= 0) {
                clip = stack[depth];
                SDL_RenderSetClipRect(r, &clip);
            } else {
                has_clip = 0;
                SDL_RenderSetClipRect(r, NULL);
            }
            break;
        case UI_CMD_IMAGE:
            if (c->image) {
                SDL_Rect b = { c->r.x, c->r.y, c->r.w, c->r.h };
                SDL_RenderCopy(r, (SDL_Texture *)c->image, NULL, &b);
            }
            break;
        }
    }
    SDL_RenderSetClipRect(r, NULL);
}
