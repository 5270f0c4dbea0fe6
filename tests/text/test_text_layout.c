/*
 * test_text_layout.c -- text layout details that SDL_ttf or FriBiDi are
 * the reference for:
 *  - line metrics: ui_text_line_height and ui_text_ascent equal SDL_ttf's
 *    TTF_FontLineSkip and TTF_FontAscent for the bundled faces at every
 *    size a screen might ask for (the text module computes them from its
 *    own face instead of opening a TTF_Font per size).
 */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render/text.h"

static const char *const FACES[UI_FACE_COUNT] = { "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
                                                  "NotoSansSymbols2-Regular.ttf" };

static void test_metrics(ui_text *t, const char *fonts)
{
    long bad = 0;
    for (int f = 0; f < UI_FACE_COUNT; f++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", fonts, FACES[f]);
        for (int px = 4; px <= 160; px++) {
            TTF_Font *ttf = TTF_OpenFont(path, px);
            REQUIRE(ttf != NULL);
            int lh = ui_text_line_height(t, (ui_face)f, px), as = ui_text_ascent(t, (ui_face)f, px);
            if (lh != TTF_FontLineSkip(ttf) || as != TTF_FontAscent(ttf)) {
                if (bad++ < 5)
                    fprintf(stderr, "%s at %d px: line %d ascent %d, SDL_ttf %d %d\n", FACES[f], px, lh, as,
                            TTF_FontLineSkip(ttf), TTF_FontAscent(ttf));
            }
            TTF_CloseFont(ttf);
        }
    }
    CHECK(bad == 0);
}

int main(void)
{
    REQUIRE(TTF_Init() == 0);
    char *fonts = im_source_path("fonts");
    char err[256];
    ui_text *t = ui_text_create(NULL, fonts, err, sizeof err);
    if (!t) fprintf(stderr, "%s\n", err);
    REQUIRE(t != NULL);
    test_metrics(t, fonts);
    ui_text_destroy(t);
    free(fonts);
    TTF_Quit();
    return im_check_done();
}
