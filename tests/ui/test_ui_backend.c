/*
 * test_ui_backend.c -- the replay skips paint nobody sees, and the picture
 * stays the same: every draw list here is replayed twice on a software
 * renderer, by ui_backend_replay (which skips covered bands and fills in
 * the colour already there) and by ui_backend_replay_every (which paints
 * every command), and the two pictures must match pixel for pixel (up to
 * the rounding of SDL's blend of a colour over itself).
 *
 * Lists: a journal-list-like screen (page colour under a header, a list
 * background and a tab bar; white cards on a white list, with text; a card
 * over earlier text, which must be painted), and 120 random lists
 * from a small palette (so same-colour fills happen often) with
 * translucent shapes, nested clips and text; and more covered bands than
 * the replay keeps apart.
 */
#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render/backend.h"
#include "render/corners.h"
#include "render/text.h"

#define W 360
#define H 640

typedef struct canvas {
    SDL_Surface *a, *b;
    SDL_Renderer *ra, *rb;
    ui_corners *ca, *cb;
    ui_text *ta, *tb;
} canvas;

static void open_side(SDL_Surface **s, SDL_Renderer **r, ui_corners **cc, ui_text **t, const char *fonts)
{
    char err[256];
    *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    REQUIRE(*s != NULL);
    *r = SDL_CreateSoftwareRenderer(*s);
    REQUIRE(*r != NULL);
    *cc = ui_corners_create(*r);
    REQUIRE(*cc != NULL);
    *t = ui_text_create(*r, fonts, err, sizeof err);
    if (!*t)
        fprintf(stderr, "fonts: %s\n", err);
    REQUIRE(*t != NULL);
}

/* Whether two pixels differ by more than rounding: SDL's software blend
 * of a colour over itself at partial alpha (an anti-aliased corner) comes
 * out up to 2 darker, which a skipped same-colour fill does not do. */
static int differs(Uint32 a, Uint32 b)
{
    for (int sh = 0; sh < 24; sh += 8) {
        int d = (int)((a >> sh) & 0xFF) - (int)((b >> sh) & 0xFF);
        if (d > 3 || d < -3)
            return 1;
    }
    return 0;
}

/* Replays dl both ways over the same grey; returns how many pixels differ. */
static long compare(canvas *c, const ui_drawlist *dl)
{
    SDL_Renderer *rs[2] = {c->ra, c->rb};
    for (int i = 0; i < 2; i++) {
        SDL_SetRenderDrawBlendMode(rs[i], SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(rs[i], 90, 90, 90, 255);
        SDL_RenderClear(rs[i]);
    }
    ui_backend_replay(c->ra, c->ta, c->ca, dl);
    ui_backend_replay_every(c->rb, c->tb, c->cb, dl);
    SDL_RenderFlush(c->ra);
    SDL_RenderFlush(c->rb);
    long diff = 0;
    for (int y = 0; y < H; y++) {
        const Uint32 *pa = (const Uint32 *)((const Uint8 *)c->a->pixels + (size_t)y * (size_t)c->a->pitch);
        const Uint32 *pb = (const Uint32 *)((const Uint8 *)c->b->pixels + (size_t)y * (size_t)c->b->pitch);
        for (int x = 0; x < W; x++) {
            if (differs(pa[x], pb[x]) && diff < 4)
                fprintf(stderr, "  at %d,%d: %06x skipping, %06x every command\n", x, y,
                        (unsigned)(pa[x] & 0xFFFFFF), (unsigned)(pb[x] & 0xFFFFFF));
            diff += differs(pa[x], pb[x]);
        }
    }
    return diff;
}

static const ui_rgba PAGE = {247, 244, 241, 255}, WHITE = {255, 255, 255, 255}, EDGE = {140, 130, 123, 255},
                     INK = {30, 30, 30, 255}, ACCENT = {138, 59, 82, 255};

/* A journal list as the app draws it, scrolled so the first card is half
 * under the header. */
static void screen_list(ui_drawlist *dl)
{
    ui_draw_rect(dl, (ui_rect){0, 0, W, H}, PAGE);
    ui_draw_rect(dl, (ui_rect){0, 0, W, 60}, PAGE);
    ui_draw_text(dl, 16, 10, 120, 40, UI_FACE_BOLD, 28, INK, "Journal", -1);
    ui_draw_rrect(dl, (ui_rect){12, 70, 140, 50}, 12, ACCENT);
    ui_draw_rrect_bordered(dl, (ui_rect){170, 70, 120, 50}, 12, 1, WHITE, EDGE);
    ui_draw_rect(dl, (ui_rect){0, 130, W, 600}, WHITE);
    ui_draw_clip_push(dl, (ui_rect){0, 130, W, 600});
    for (int i = 0; i < 8; i++) {
        ui_rect card = {16, 100 + i * 90, W - 32, 80};
        ui_draw_rrect(dl, card, 12, WHITE);
        ui_draw_rrect_outline(dl, card, 12, 1, EDGE);
        ui_draw_text(dl, card.x + 12, card.y + 8, 200, 24, UI_FACE_REGULAR, 16, INK, "15:11  \xC2\xB7  Okay",
                     -1);
        ui_draw_text(dl, card.x + 12, card.y + 36, 300, 30, UI_FACE_REGULAR, 20, INK,
                     "\xD7\x94\xD7\x90\xD7\x9E\xD7\x95\xD7\x9F naïve promise", -1);
    }
    /* a white card over text drawn before it: the text must go */
    ui_draw_text(dl, 30, 300, 200, 30, UI_FACE_REGULAR, 20, INK, "under a card", -1);
    ui_draw_rrect(dl, (ui_rect){20, 290, 260, 50}, 8, WHITE);
    ui_draw_clip_pop(dl);
    ui_draw_rect(dl, (ui_rect){0, H - 64, W, 64}, WHITE);
    ui_draw_rect(dl, (ui_rect){0, H - 64, W, 1}, EDGE);
    ui_draw_text(dl, 20, H - 48, 80, 30, UI_FACE_REGULAR, 18, INK, "Home", -1);
}

static unsigned next(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xFFFFFF;
}

static ui_rect random_rect(unsigned *s)
{
    int x = (int)(next(s) % (W + 40)) - 20, y = (int)(next(s) % (H + 40)) - 20;
    int w = (int)(next(s) % W) + 1, h = (int)(next(s) % (H / 2)) + 1;
    if (next(s) % 4 == 0)
        x = 0, w = W; /* full width: covers bands */
    return (ui_rect){x, y, w, h};
}

static void random_list(ui_drawlist *dl, unsigned seed)
{
    static const ui_rgba palette[] = {{255, 255, 255, 255},
                                      {247, 244, 241, 255},
                                      {30, 30, 30, 255},
                                      {255, 255, 255, 120},
                                      {138, 59, 82, 200}};
    unsigned s = seed;
    int depth = 0, n = 10 + (int)(next(&s) % 40);
    if (next(&s) % 2)
        ui_draw_rect(dl, (ui_rect){0, 0, W, H}, palette[next(&s) % 2]);
    for (int i = 0; i < n; i++) {
        ui_rgba c = palette[next(&s) % 5];
        ui_rect r = random_rect(&s);
        switch (next(&s) % 8) {
        case 0:
        case 1:
        case 2: ui_draw_rect(dl, r, c); break;
        case 3: ui_draw_rrect(dl, r, (int)(next(&s) % 30), c); break;
        case 4: ui_draw_rrect_outline(dl, r, (int)(next(&s) % 20), 1 + (int)(next(&s) % 4), c); break;
        case 5:
            ui_draw_text(dl, r.x, r.y, 200, 30, UI_FACE_REGULAR, 14 + (int)(next(&s) % 20), c,
                         "Ag \xC3\xA9\xCC\x81 j", -1);
            break;
        case 6:
            if (depth < 4) {
                ui_draw_clip_push(dl, r);
                depth++;
            }
            break;
        case 7:
            if (depth > 0) {
                ui_draw_clip_pop(dl);
                depth--;
            }
            break;
        }
    }
    while (depth-- > 0)
        ui_draw_clip_pop(dl);
}

int main(void)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    REQUIRE(SDL_Init(SDL_INIT_EVENTS) == 0);
    char *fonts = im_source_path("fonts");
    canvas c;
    open_side(&c.a, &c.ra, &c.ca, &c.ta, fonts);
    open_side(&c.b, &c.rb, &c.cb, &c.tb, fonts);
    free(fonts);

    ui_drawlist dl = {0};
    screen_list(&dl);
    long d = compare(&c, &dl);
    if (d)
        fprintf(stderr, "the list screen: %ld pixels differ\n", d);
    CHECK(d == 0);
    /* and the text under the late card really is gone (both ways) */
    Uint32 under =
        ((const Uint32 *)((const Uint8 *)c.a->pixels + (size_t)310 * (size_t)c.a->pitch))[40] & 0xFFFFFF;
    CHECK(under == 0xFFFFFF);

    /* more covered bands than the replay keeps apart: 40 stripes over a page */
    ui_drawlist_clear(&dl);
    ui_draw_rect(&dl, (ui_rect){0, 0, W, H}, PAGE);
    ui_draw_rect(&dl, (ui_rect){0, 0, W, H}, WHITE);
    for (int i = 0; i < 40; i++)
        ui_draw_rect(&dl, (ui_rect){0, 10 + i * 19, W, 9}, i % 2 ? ACCENT : EDGE);
    ui_draw_text(&dl, 20, 200, 200, 30, UI_FACE_REGULAR, 20, INK, "between the stripes", -1);
    d = compare(&c, &dl);
    if (d)
        fprintf(stderr, "the stripes: %ld pixels differ\n", d);
    CHECK(d == 0);

    long bad = 0;
    for (unsigned seed = 1; seed <= 120; seed++) {
        ui_drawlist_clear(&dl);
        random_list(&dl, seed);
        long n = compare(&c, &dl);
        if (n && bad < 5)
            fprintf(stderr, "random list %u: %ld pixels differ\n", seed, n);
        bad += n != 0;
    }
    CHECK(bad == 0);
    ui_drawlist_free(&dl);

    ui_text_destroy(c.ta);
    ui_text_destroy(c.tb);
    ui_corners_destroy(c.ca);
    ui_corners_destroy(c.cb);
    SDL_DestroyRenderer(c.ra);
    SDL_DestroyRenderer(c.rb);
    SDL_FreeSurface(c.a);
    SDL_FreeSurface(c.b);
    SDL_Quit();
    return im_check_done();
}
