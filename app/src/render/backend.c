/* backend.c -- see backend.h. */
#include "render/backend.h"

#include <math.h>

#define CLIP_STACK_MAX 32
#define ARC_STEPS 8

enum { NPTS = 4 * (ARC_STEPS + 1) };

/* The perimeter of a rounded rectangle: 4 arcs of ARC_STEPS+1 points. */
static void perimeter(SDL_FRect b, float rad, SDL_FPoint *out)
{
    if (rad * 2 > b.w) rad = b.w / 2;
    if (rad * 2 > b.h) rad = b.h / 2;
    if (rad < 0) rad = 0;
    const float cx[4] = { b.x + b.w - rad, b.x + rad, b.x + rad, b.x + b.w - rad };
    const float cy[4] = { b.y + rad, b.y + rad, b.y + b.h - rad, b.y + b.h - rad };
    int n = 0;
    for (int q = 0; q < 4; q++) {
        for (int s = 0; s <= ARC_STEPS; s++) {
            float a = 1.57079632679f * ((float)q + (float)s / ARC_STEPS);
            out[n++] = (SDL_FPoint){ cx[q] + rad * cosf(a), cy[q] - rad * sinf(a) };
        }
    }
}

static void set_vertices(SDL_Vertex *v, int n, SDL_Color c)
{
    for (int i = 0; i < n; i++) {
        v[i].color = c;
        v[i].tex_coord = (SDL_FPoint){ 0, 0 };
    }
}

/* A filled rounded rectangle: three plain rectangles (the body) and a
 * fan in each corner.  Why not one fan around the centre: SDL's software
 * renderer tests every pixel of each triangle's bounding box, and the
 * centre fan's 36 triangles each span a quarter of the shape, so a card
 * cost about nine times its area (11 ms a frame for a screen of journal
 * cards at 3x).  Rectangles are plain fills; the corner fans span rad^2. */
static void fill_rrect(SDL_Renderer *r, SDL_FRect b, float rad, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    if (rad * 2 > b.w) rad = b.w / 2;
    if (rad * 2 > b.h) rad = b.h / 2;
    if (rad < 1.0f) {
        SDL_RenderFillRectF(r, &b);
        return;
    }
    const SDL_FRect body[3] = {
        { b.x + rad, b.y, b.w - 2 * rad, b.h },
        { b.x, b.y + rad, rad, b.h - 2 * rad },
        { b.x + b.w - rad, b.y + rad, rad, b.h - 2 * rad },
    };
    SDL_RenderFillRectsF(r, body, 3);
    enum { CORNER = ARC_STEPS + 2 }; /* the centre and the arc's points */
    SDL_Vertex v[4 * CORNER];
    SDL_FPoint p[NPTS];
    int idx[4 * ARC_STEPS * 3], k = 0;
    perimeter(b, rad, p);
    const float cx[4] = { b.x + b.w - rad, b.x + rad, b.x + rad, b.x + b.w - rad };
    const float cy[4] = { b.y + rad, b.y + rad, b.y + b.h - rad, b.y + b.h - rad };
    for (int q = 0; q < 4; q++) {
        SDL_Vertex *corner = &v[q * CORNER];
        corner[0].position = (SDL_FPoint){ cx[q], cy[q] };
        for (int i = 0; i <= ARC_STEPS; i++) corner[1 + i].position = p[q * (ARC_STEPS + 1) + i];
        for (int i = 0; i < ARC_STEPS; i++) {
            idx[k++] = q * CORNER;
            idx[k++] = q * CORNER + 1 + i;
            idx[k++] = q * CORNER + 2 + i;
        }
    }
    set_vertices(v, 4 * CORNER, c);
    SDL_RenderGeometry(r, NULL, v, 4 * CORNER, idx, k);
}

/* An outline: a ring of quads between the outer and the inset perimeter. */
static void stroke_rrect(SDL_Renderer *r, SDL_FRect b, float rad, float k, SDL_Color c)
{
    SDL_Vertex v[2 * NPTS];
    SDL_FPoint outer[NPTS], inner[NPTS];
    int idx[NPTS * 6];
    SDL_FRect in = { b.x + k, b.y + k, b.w - 2 * k, b.h - 2 * k };
    if (in.w <= 0 || in.h <= 0) {
        fill_rrect(r, b, rad, c);
        return;
    }
    perimeter(b, rad, outer);
    perimeter(in, rad - k, inner);
    for (int i = 0; i < NPTS; i++) {
        v[2 * i].position = outer[i];
        v[2 * i + 1].position = inner[i];
    }
    set_vertices(v, 2 * NPTS, c);
    for (int i = 0; i < NPTS; i++) {
        int a = 2 * i, b2 = 2 * ((i + 1) % NPTS);
        int *q = &idx[i * 6];
        q[0] = a, q[1] = a + 1, q[2] = b2;
        q[3] = b2, q[4] = a + 1, q[5] = b2 + 1;
    }
    SDL_RenderGeometry(r, NULL, v, 2 * NPTS, idx, NPTS * 6);
}

static SDL_Color sdl_color(ui_rgba c) { return (SDL_Color){ c.r, c.g, c.b, c.a }; }

/* Opaque fills skip blending: SDL's software renderer blends per pixel
 * even at alpha 255, which made a full-window fill cost ~20 ms at 3x. */
static void blend_for(SDL_Renderer *r, ui_rgba c)
{
    SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
}

static void draw_rrect_cmd(SDL_Renderer *r, const ui_cmd *c)
{
    SDL_FRect b = { (float)c->r.x, (float)c->r.y, (float)c->r.w, (float)c->r.h };
    if (c->border > 0)
        stroke_rrect(r, b, (float)c->radius, (float)c->border, sdl_color(c->color));
    else
        fill_rrect(r, b, (float)c->radius, sdl_color(c->color));
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

void ui_backend_replay(SDL_Renderer *r, ui_text *text, const ui_drawlist *dl)
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
            draw_rrect_cmd(r, c);
            break;
        case UI_CMD_TEXT:
            ui_text_draw(text, c->face, c->px, ui_drawlist_text(dl, c), c->text_len, c->r.x, c->r.y, c->color);
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
