/* backend.c -- see backend.h. */
#include "render/backend.h"

#include <string.h>

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
            { b.x, b.y, k, k },
            { b.x + b.w - k, b.y, k, k },
            { b.x, b.y + b.h - k, k, k },
            { b.x + b.w - k, b.y + b.h - k, k, k },
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
    if (c->border > 0) stroke_rrect(r, cc, b, c->radius, c->border, c->color);
    else fill_rrect(r, cc, b, c->radius, c->color);
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

/* ---- skipping paint nobody sees ------------------------------------------ */

/* In the software renderer a frame's cost is mostly pixels written (at 3x
 * a full-window fill is 12 MB), and screens paint a lot of them twice: a
 * page colour under a header, a list's background and a tab bar that
 * cover it; a card filled white on a white list.  Two exact rules skip
 * that paint (the picture is the same, pixel for pixel):
 *  1. Covered bands: an opaque rectangle outside any clip, where a later
 *     opaque rectangle outside any clip spans its whole width, is painted
 *     only in the horizontal bands no later one covers (whatever is drawn
 *     there in between is painted over anyway).
 *  2. Same colour: an opaque fill of the colour a solid rectangle already
 *     left there, inside that rectangle and touching nothing drawn since,
 *     changes no pixel. */
#define MAX_COVERS 32
#define MAX_DIRTY 256
#define MAX_BANDS 16

typedef struct cull {
    long cover[MAX_COVERS]; /* command indices of the opaque unclipped rectangles */
    int ncover;
    int solid_valid;
    SDL_Rect solid;
    ui_rgba solid_color;
    SDL_Rect dirty[MAX_DIRTY]; /* what was drawn over the solid rectangle since */
    int ndirty;
} cull;

static int is_opaque_rect(const ui_cmd *c)
{
    return c->kind == UI_CMD_RECT && c->color.a == 255 && c->r.w > 0 && c->r.h > 0;
}

static void cull_init(cull *k, const ui_drawlist *dl, size_t start)
{
    memset(k, 0, sizeof *k);
    int depth = 0;
    for (size_t i = start; i < dl->count && k->ncover < MAX_COVERS; i++) {
        const ui_cmd *c = &dl->cmds[i];
        if (c->kind == UI_CMD_CLIP_PUSH) depth++;
        else if (c->kind == UI_CMD_CLIP_POP) depth -= depth > 0;
        else if (depth == 0 && is_opaque_rect(c)) k->cover[k->ncover++] = (long)i;
    }
}

/* Appends the band [y0, y1) to out[0..*n); when out is full the last band
 * is stretched to y1 instead (painting a little more, never less). */
static void band_push(int out[][2], int *n, int y0, int y1)
{
    if (*n == MAX_BANDS) {
        out[*n - 1][1] = y1;
        return;
    }
    out[*n][0] = y0;
    out[*n][1] = y1;
    (*n)++;
}

/* The bands [y0, y1) of command i's rectangle that no later opaque
 * unclipped rectangle spanning its width covers, top to bottom, in out[]
 * (at most MAX_BANDS).  Returns the count. */
static int cull_bands(const cull *k, const ui_drawlist *dl, long i, int out[][2])
{
    const ui_cmd *c = &dl->cmds[i];
    int n = 1;
    out[0][0] = c->r.y;
    out[0][1] = c->r.y + c->r.h;
    for (int j = 0; j < k->ncover && n > 0; j++) {
        if (k->cover[j] <= i) continue;
        const ui_rect *o = &dl->cmds[k->cover[j]].r;
        if (o->x > c->r.x || o->x + o->w < c->r.x + c->r.w) continue;
        int a = o->y, b = o->y + o->h, m = 0;
        int next[MAX_BANDS][2];
        for (int t = 0; t < n; t++) {
            int y0 = out[t][0], y1 = out[t][1];
            if (b <= y0 || a >= y1) {
                band_push(next, &m, y0, y1);
                continue;
            }
            if (a > y0) band_push(next, &m, y0, a);
            if (b < y1) band_push(next, &m, b, y1);
        }
        memcpy(out, next, (size_t)m * sizeof next[0]);
        n = m;
    }
    return n;
}

static int rect_inside(SDL_Rect a, SDL_Rect b)
{
    return a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
}

static int same_rgba(ui_rgba a, ui_rgba b) { return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a; }

/* Whether c, a fill (clipped to clip when has_clip), would only repaint
 * the solid rectangle's own colour. */
static int cull_same_colour(const cull *k, const ui_cmd *c, int has_clip, SDL_Rect clip)
{
    if (!k->solid_valid || c->color.a != 255 || !same_rgba(c->color, k->solid_color)) return 0;
    if (c->kind != UI_CMD_RECT && c->kind != UI_CMD_RRECT) return 0;
    SDL_Rect b = { c->r.x, c->r.y, c->r.w, c->r.h };
    if (has_clip && !SDL_IntersectRect(&b, &clip, &b)) return 1; /* paints nothing at all */
    if (!rect_inside(b, k->solid)) return 0;
    for (int i = 0; i < k->ndirty; i++)
        if (SDL_HasIntersection(&b, &k->dirty[i])) return 0;
    return 1;
}

/* After c was drawn (clipped to clip when has_clip): what the solid
 * rectangle now holds.  Text may reach past its box (marks above, tails
 * below): its box is taken a font size larger on every side. */
static void cull_note(cull *k, const ui_cmd *c, int painted_whole, int has_clip, SDL_Rect clip)
{
    if (c->kind == UI_CMD_CLIP_PUSH || c->kind == UI_CMD_CLIP_POP) return;
    SDL_Rect b = { c->r.x, c->r.y, c->r.w, c->r.h };
    if (c->kind == UI_CMD_TEXT) b = (SDL_Rect){ b.x - c->px, b.y - c->px, b.w + 2 * c->px, b.h + 2 * c->px };
    if (has_clip && !SDL_IntersectRect(&b, &clip, &b)) return; /* painted nothing */
    if (is_opaque_rect(c) && painted_whole) {
        k->solid_valid = 1;
        k->solid = b;
        k->solid_color = c->color;
        k->ndirty = 0;
        return;
    }
    if (!k->solid_valid || !SDL_HasIntersection(&b, &k->solid)) return;
    if (k->ndirty == MAX_DIRTY) {
        k->solid_valid = 0;
        return;
    }
    k->dirty[k->ndirty++] = b;
}

static void replay(SDL_Renderer *r, ui_text *text, ui_corners *corners, const ui_drawlist *dl, int skip_unseen)
{
    cull k;
    SDL_Rect stack[CLIP_STACK_MAX];
    int depth = 0;
    int has_clip = 0;
    SDL_Rect clip = { 0, 0, 0, 0 };
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_RenderSetClipRect(r, NULL);
    long start = first_visible(r, dl);
    if (start < 0) SDL_RenderClear(r); /* in the renderer's current draw colour */
    cull_init(&k, dl, start < 0 ? 0 : (size_t)start);
    for (size_t i = start < 0 ? 0 : (size_t)start; i < dl->count; i++) {
        const ui_cmd *c = &dl->cmds[i];
        int whole = 1;
        if (skip_unseen && cull_same_colour(&k, c, has_clip, clip)) continue;
        switch (c->kind) {
        case UI_CMD_RECT: {
            SDL_Rect b = { c->r.x, c->r.y, c->r.w, c->r.h };
            blend_for(r, c->color);
            SDL_SetRenderDrawColor(r, c->color.r, c->color.g, c->color.b, c->color.a);
            if (skip_unseen && depth == 0 && is_opaque_rect(c)) {
                int bands[MAX_BANDS][2];
                int nb = cull_bands(&k, dl, (long)i, bands);
                whole = nb == 1 && bands[0][0] == b.y && bands[0][1] == b.y + b.h;
                for (int t = 0; t < nb; t++) {
                    SDL_Rect part = { b.x, bands[t][0], b.w, bands[t][1] - bands[t][0] };
                    SDL_RenderFillRect(r, &part);
                }
            } else {
                SDL_RenderFillRect(r, &b);
            }
            break;
        }
        case UI_CMD_RRECT:
            blend_for(r, c->color);
            draw_rrect_cmd(r, corners, c);
            break;
        case UI_CMD_TEXT:
            if (text)
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
        if (skip_unseen) cull_note(&k, c, whole, has_clip, clip);
    }
    SDL_RenderSetClipRect(r, NULL);
}

void ui_backend_replay(SDL_Renderer *r, ui_text *text, ui_corners *corners, const ui_drawlist *dl)
{
    replay(r, text, corners, dl, 1);
}

void ui_backend_replay_every(SDL_Renderer *r, ui_text *text, ui_corners *corners, const ui_drawlist *dl)
{
    replay(r, text, corners, dl, 0);
}
