/*
 * test_lifecycle.c -- what the platform tells the app, through the real app
 * driven headless by ui-core's script driver (app/src/app/driver.h), started
 * by the test harness (tests/support/app_harness.h).
 *
 * The OS events are pushed with SDL_PushEvent, exactly as SDL's Android and
 * iOS back ends push them, so they pass through the app's event filter
 * (lifecycle.c) and its loop (loop.c).  Frames are compared pixel by pixel
 * on the headless framebuffer.
 *
 *   1. Render-target reset and render-device reset: the glyph atlas is
 *      dropped and rebuilt (glyphs rasterized again), a frame is drawn, and
 *      it is pixel-identical to the frame before: nothing was lost.
 *   2. Low memory: the filter counts it, the caches are dropped (atlas), and
 *      the next frame is pixel-identical: nothing lost.
 *   3. Background: the cover flag is set and no frame is drawn while in
 *      the background; foreground: the cover goes and the screen comes back
 *      pixel-identical.
 *   4. (`test_lifecycle cover`, registered DISABLED until the app does it)
 *      the privacy cover is the LAST frame presented on background, which
 *      is what iOS snapshots for the app switcher.
 * Saving drafts and locking on background, and the unlock screen on
 * foreground, belong to the screens and the vault: not tested
 * here yet.
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/lifecycle.h"
#include "app_harness.h"
#include "check.h"
#include "render/text.h"

static th_app h;
static ui_app *app;

/* Runs one driver step; a failure names this file's line (REQUIRE's). */
#define STEP(text) REQUIRE(th_app_step(&h, (text)) == 0)

static void push(Uint32 type)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = type;
    int rc = SDL_PushEvent(&e);
    if (rc != 1)
        fprintf(stderr, "SDL_PushEvent(%#x) = %d: %s\n", (unsigned)type, rc, SDL_GetError());
    REQUIRE(rc == 1);
}

/* A copy of the headless framebuffer. */
typedef struct frame {
    unsigned char *px;
    size_t size;
} frame;

static frame frame_grab(void)
{
    frame f = {0, 0};
    SDL_Surface *s = app->surface;
    REQUIRE(s != NULL);
    f.size = (size_t)s->pitch * (size_t)s->h;
    f.px = malloc(f.size);
    REQUIRE(f.px != NULL);
    SDL_LockSurface(s);
    memcpy(f.px, s->pixels, f.size);
    SDL_UnlockSurface(s);
    return f;
}

static int frame_same(frame a, frame b) { return a.size == b.size && memcmp(a.px, b.px, a.size) == 0; }

static void check_render_reset(Uint32 type, const char *name)
{
    frame before = frame_grab();
    ui_text_stats s0 = ui_text_get_stats(app->ctx.text);
    long frames0 = app->frames;

    push(type);
    STEP("wait 0.1");

    ui_text_stats s1 = ui_text_get_stats(app->ctx.text);
    frame after = frame_grab();
    printf("%s: atlas resets %ld -> %ld, glyphs rasterized %ld -> %ld, frames %ld -> %ld\n", name,
           s0.atlas_resets, s1.atlas_resets, s0.rasterized, s1.rasterized, frames0, app->frames);
    CHECK(s1.atlas_resets == s0.atlas_resets + 1); /* dropped once */
    CHECK(s1.rasterized > s0.rasterized);          /* rebuilt from the fonts */
    CHECK(app->frames > frames0);                  /* and drawn */
    CHECK(frame_same(before, after));              /* nothing lost */
    free(before.px);
    free(after.px);
}

static void check_low_memory(void)
{
    frame before = frame_grab();
    ui_text_stats s0 = ui_text_get_stats(app->ctx.text);
    int count0 = SDL_AtomicGet(&app->lifecycle_count[UI_LC_LOW_MEMORY]);

    push(SDL_APP_LOWMEMORY);
    STEP("wait 0.1");

    ui_text_stats s1 = ui_text_get_stats(app->ctx.text);
    frame after = frame_grab();
    printf("low memory: atlas resets %ld -> %ld, glyphs rasterized %ld -> %ld\n", s0.atlas_resets,
           s1.atlas_resets, s0.rasterized, s1.rasterized);
    CHECK(SDL_AtomicGet(&app->lifecycle_count[UI_LC_LOW_MEMORY]) == count0 + 1);
    CHECK(s1.atlas_resets > s0.atlas_resets); /* the glyph cache was dropped */
    CHECK(frame_same(before, after));         /* nothing lost */
    free(before.px);
    free(after.px);
}

/* Background and back: the cover flag, no drawing while in the background,
 * the same screen afterwards. */
static void check_background_foreground(void)
{
    frame screen = frame_grab();

    STEP("background");
    long frames_bg = app->frames;
    CHECK(SDL_AtomicGet(&app->covered) == 1);
    CHECK(SDL_AtomicGet(&app->lifecycle_count[UI_LC_BACKGROUND]) >= 1);

    /* Backgrounded: time passes, nothing more is drawn. */
    STEP("wait 30");
    CHECK(app->frames == frames_bg);

    STEP("foreground");
    frame back = frame_grab();
    CHECK(SDL_AtomicGet(&app->covered) == 0);
    CHECK(frame_same(screen, back)); /* the same screen again, as it was */

    free(screen.px);
    free(back.px);
}

/* `test_lifecycle cover`: the privacy cover must be the LAST frame
 * presented when the app goes to the background -- iOS snapshots that
 * frame for the app switcher.  The event filter presents it at once. */
static void check_cover_is_last_frame(void)
{
    frame screen = frame_grab();
    STEP("background");
    frame cover = frame_grab();
    CHECK(!frame_same(screen, cover)); /* the last frame is not the screen */
    STEP("wait 30");
    frame later = frame_grab();
    CHECK(frame_same(cover, later)); /* and it stays the cover */
    STEP("foreground");
    free(screen.px);
    free(cover.px);
    free(later.px);
}

int main(int argc, char **argv)
{
    int cover_only = argc > 1 && strcmp(argv[1], "cover") == 0;
    th_app_prepare(&h, "lifecycle");
    h.opt.scale = 2.0f; /* a phone's density */
    th_app_start(&h);
    app = th_app_ui(&h);
    REQUIRE(app != NULL && app->ctx.text != NULL);

    STEP("wait 0.1");
    REQUIRE(ui_text_get_stats(app->ctx.text).rasterized > 0); /* text is on screen */

    if (cover_only) {
        check_cover_is_last_frame();
    } else {
        check_render_reset(SDL_RENDER_TARGETS_RESET, "render targets reset");
        check_render_reset(SDL_RENDER_DEVICE_RESET, "render device reset");
        check_low_memory();
        check_background_foreground();
    }

    th_app_finish(&h);
    return im_check_done();
}
