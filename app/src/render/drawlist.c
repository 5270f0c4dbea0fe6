/* drawlist.c -- see drawlist.h. */
#include "render/drawlist.h"

#include <stdlib.h>
#include <string.h>

#include "innermost/wipe.h"

#define CLIP_STACK_MAX 32

void ui_drawlist_clear(ui_drawlist *dl)
{
    dl->count = 0;
    dl->arena_len = 0;
    dl->clip_depth = 0;
    dl->failed = 0;
}

void ui_drawlist_free(ui_drawlist *dl)
{
    free(dl->cmds);
    im_mem_wipe_free(dl->arena, dl->arena_cap);
    memset(dl, 0, sizeof *dl);
}

void ui_drawlist_wipe(ui_drawlist *dl)
{
    ui_drawlist_clear(dl);
    if (dl->arena) im_mem_wipe(dl->arena, dl->arena_cap);
}

static ui_cmd *push(ui_drawlist *dl, ui_cmd_kind kind, ui_rect r, ui_rgba c)
{
    if (dl->count == dl->cap) {
        size_t cap = dl->cap ? dl->cap * 2 : 256;
        ui_cmd *v = realloc(dl->cmds, cap * sizeof *v);
        if (!v) {
            dl->failed = 1;
            return NULL;
        }
        dl->cmds = v;
        dl->cap = cap;
    }
    ui_cmd *cmd = &dl->cmds[dl->count++];
    memset(cmd, 0, sizeof *cmd);
    cmd->kind = kind;
    cmd->r = r;
    cmd->color = c;
    return cmd;
}

void ui_draw_rect(ui_drawlist *dl, ui_rect r, ui_rgba c)
{
    if (r.w > 0 && r.h > 0 && c.a) push(dl, UI_CMD_RECT, r, c);
}

void ui_draw_rrect(ui_drawlist *dl, ui_rect r, int radius, ui_rgba c)
{
    if (r.w <= 0 || r.h <= 0 || !c.a) return;
    ui_cmd *cmd = push(dl, UI_CMD_RRECT, r, c);
    if (cmd) cmd->radius = radius;
}

void ui_draw_rrect_outline(ui_drawlist *dl, ui_rect r, int radius, int border, ui_rgba c)
{
    if (r.w <= 0 || r.h <= 0 || !c.a) return;
    ui_cmd *cmd = push(dl, UI_CMD_RRECT, r, c);
    if (cmd) {
        cmd->radius = radius;
        cmd->border = border > 0 ? border : 1;
    }
}

void ui_draw_rrect_bordered(ui_drawlist *dl, ui_rect r, int radius, int border, ui_rgba fill, ui_rgba edge)
{
    ui_draw_rrect(dl, r, radius, edge);
    /* One colour is one shape: a second would only blend its anti-aliased
     * corners over the first, and SDL's blend is not exact for equal
     * colours (a faint ring 2 levels darker). */
    if (fill.r == edge.r && fill.g == edge.g && fill.b == edge.b && fill.a == edge.a) return;
    ui_rect in = { r.x + border, r.y + border, r.w - 2 * border, r.h - 2 * border };
    ui_draw_rrect(dl, in, radius > border ? radius - border : 0, fill);
}

void ui_draw_text(ui_drawlist *dl, int x, int y, int w, int h, ui_face face, int px, ui_rgba c, const char *s, int n)
{
    if (n < 0) n = (int)strlen(s);
    if (dl->arena_len + (size_t)n > dl->arena_cap) {
        size_t cap = dl->arena_cap ? dl->arena_cap : 4096;
        while (cap < dl->arena_len + (size_t)n) cap *= 2;
        /* grown by copy-then-wipe, not realloc: the old arena holds the
         * texts of this frame, maybe a person's words */
        char *a = malloc(cap);
        if (!a) {
            dl->failed = 1;
            return;
        }
        if (dl->arena_len) memcpy(a, dl->arena, dl->arena_len);
        im_mem_wipe_free(dl->arena, dl->arena_cap);
        dl->arena = a;
        dl->arena_cap = cap;
    }
    ui_cmd *cmd = push(dl, UI_CMD_TEXT, (ui_rect){ x, y, w, h }, c);
    if (!cmd) return;
    cmd->face = face;
    cmd->px = px;
    cmd->text_off = dl->arena_len;
    cmd->text_len = n;
    memcpy(dl->arena + dl->arena_len, s, (size_t)n);
    dl->arena_len += (size_t)n;
}

void ui_draw_clip_push(ui_drawlist *dl, ui_rect r)
{
    if (push(dl, UI_CMD_CLIP_PUSH, r, (ui_rgba){ 0, 0, 0, 0 })) dl->clip_depth++;
}

void ui_draw_clip_pop(ui_drawlist *dl)
{
    if (dl->clip_depth > 0 && push(dl, UI_CMD_CLIP_POP, (ui_rect){ 0, 0, 0, 0 }, (ui_rgba){ 0, 0, 0, 0 }))
        dl->clip_depth--;
}

void ui_draw_image(ui_drawlist *dl, ui_rect r, void *texture)
{
    ui_cmd *cmd = push(dl, UI_CMD_IMAGE, r, (ui_rgba){ 255, 255, 255, 255 });
    if (cmd) cmd->image = texture;
}

const char *ui_drawlist_text(const ui_drawlist *dl, const ui_cmd *c) { return dl->arena + c->text_off; }

ui_rect ui_rect_intersect(ui_rect a, ui_rect b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    ui_rect r = { x0, y0, x1 - x0, y1 - y0 };
    if (r.w < 0) r.w = 0;
    if (r.h < 0) r.h = 0;
    return r;
}

int ui_rect_contains(ui_rect r, int x, int y) { return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h; }

int ui_rect_empty(ui_rect r) { return r.w <= 0 || r.h <= 0; }

int ui_drawlist_each_visible_text(const ui_drawlist *dl, int screen_w, int screen_h,
                                  int (*fn)(void *ctx, const char *s, int n, ui_rect r), void *ctx)
{
    ui_rect stack[CLIP_STACK_MAX];
    int depth = 0;
    ui_rect clip = { 0, 0, screen_w, screen_h };
    for (size_t i = 0; i < dl->count; i++) {
        const ui_cmd *c = &dl->cmds[i];
        if (c->kind == UI_CMD_CLIP_PUSH) {
            if (depth < CLIP_STACK_MAX) stack[depth] = clip;
            depth++;
            clip = ui_rect_intersect(clip, c->r);
        } else if (c->kind == UI_CMD_CLIP_POP) {
            if (depth > 0 && --depth < CLIP_STACK_MAX) clip = stack[depth];
        } else if (c->kind == UI_CMD_TEXT && c->text_len > 0) {
            ui_rect r = c->r;
            if (r.w < 1) r.w = 1;
            if (!ui_rect_empty(ui_rect_intersect(clip, r))) {
                int rc = fn(ctx, ui_drawlist_text(dl, c), c->text_len, c->r);
                if (rc) return rc;
            }
        }
    }
    return 0;
}
