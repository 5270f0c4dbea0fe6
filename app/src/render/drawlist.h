/*
 * drawlist.h -- the flat list of drawing commands a frame is made of.
 *
 * Widgets append commands in pixels; the backend (backend.h) replays them on
 * an SDL_Renderer; tests and the script driver read the same list to learn
 * what is on screen.  Text runs keep their own copy of the text (in one
 * arena), so the list outlives the widget strings it was built from.
 *
 * Invariant: every UI_CMD_CLIP_PUSH is matched by a UI_CMD_CLIP_POP; a clip
 * is the intersection with the enclosing clip.
 */
#ifndef UI_DRAWLIST_H
#define UI_DRAWLIST_H

#include <stddef.h>

#include "render/text.h"
#include "render/theme.h"

typedef struct ui_rect {
    int x, y, w, h;
} ui_rect;

typedef enum ui_cmd_kind {
    UI_CMD_RECT,
    UI_CMD_RRECT, /* radius; border > 0 draws an outline of that width */
    UI_CMD_TEXT,  /* r.x, r.y = top-left; r.w = measured width; r.h = line height */
    UI_CMD_CLIP_PUSH,
    UI_CMD_CLIP_POP,
    UI_CMD_IMAGE /* image texture, stretched into r */
} ui_cmd_kind;

typedef struct ui_cmd {
    ui_cmd_kind kind;
    ui_rect r;
    ui_rgba color;
    int radius, border;
    ui_face face;
    int px;
    size_t text_off; /* into the list's arena */
    int text_len;
    void *image; /* SDL_Texture * for UI_CMD_IMAGE */
} ui_cmd;

typedef struct ui_drawlist {
    ui_cmd *cmds;
    size_t count, cap;
    char *arena;
    size_t arena_len, arena_cap;
    int clip_depth;
    int failed; /* sticky: an allocation failed; the frame is incomplete */
} ui_drawlist;

void ui_drawlist_clear(ui_drawlist *dl);
void ui_drawlist_free(ui_drawlist *dl);
/* Clears the list and zeroes its whole text arena, which still holds the
 * texts of past frames (clear only rewinds it): called on lock.  The arena
 * is also wiped when it grows and when it is freed. */
void ui_drawlist_wipe(ui_drawlist *dl);

void ui_draw_rect(ui_drawlist *dl, ui_rect r, ui_rgba c);
void ui_draw_rrect(ui_drawlist *dl, ui_rect r, int radius, ui_rgba c);
/* A ring: for outlines over content of unknown colour (focus rings). */
void ui_draw_rrect_outline(ui_drawlist *dl, ui_rect r, int radius, int border, ui_rgba c);
/* An opaque filled shape with a border: the border colour, then the fill
 * inset by `border`.  Exact at any scale, unlike a 1-pixel ring. */
void ui_draw_rrect_bordered(ui_drawlist *dl, ui_rect r, int radius, int border, ui_rgba fill, ui_rgba edge);
void ui_draw_text(ui_drawlist *dl, int x, int y, int w, int h, ui_face face, int px, ui_rgba c, const char *s, int n);
void ui_draw_clip_push(ui_drawlist *dl, ui_rect r);
void ui_draw_clip_pop(ui_drawlist *dl);
void ui_draw_image(ui_drawlist *dl, ui_rect r, void *texture);

/* The text of a UI_CMD_TEXT command (not NUL-terminated: use text_len). */
const char *ui_drawlist_text(const ui_drawlist *dl, const ui_cmd *c);

/* Calls fn for each text run that is at least partly inside its clip and
 * the screen (0,0,w,h).  Stops early when fn returns non-zero. */
int ui_drawlist_each_visible_text(const ui_drawlist *dl, int screen_w, int screen_h,
                                  int (*fn)(void *ctx, const char *s, int n, ui_rect r), void *ctx);

ui_rect ui_rect_intersect(ui_rect a, ui_rect b);
int ui_rect_contains(ui_rect r, int x, int y);
int ui_rect_empty(ui_rect r);

#endif
