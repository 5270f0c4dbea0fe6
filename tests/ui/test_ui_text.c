/*
 * test_ui_text.c -- text: widths against SDL_ttf's HarfBuzz shaping,
 * wrapping, the symbols fallback, and the glyph atlas rasterizing each
 * glyph once (and again only after a render reset); forgetting the texts
 * it keeps (on lock).
 */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render/drawlist.h"
#include "render/text.h"

static ui_text *open_text(SDL_Renderer *r)
{
    char *dir = im_source_path("fonts");
    char err[256] = "";
    ui_text *t = ui_text_create(r, dir, err, sizeof err);
    if (!t)
        fprintf(stderr, "ui_text_create: %s\n", err);
    free(dir);
    return t;
}

/* Our layout (advances plus pair kerning learned from HarfBuzz) against
 * TTF_SizeUTF8, which shapes whole strings with HarfBuzz: within 2 % for
 * Latin text, and kerning-heavy text is measured narrower than the plain
 * sum of advances, exactly as the shaper does. */
static void test_widths_match_shaping(ui_text *t)
{
    static const char *samples[] = {"Hello, world", "Closeness", "What felt close today?",
                                    "Pass the device to Sam \xE2\x80\x94 Sam, tap to continue",
                                    "Caf\xC3\xA9 na\xC3\xAFve r\xC3\xA9sum\xC3\xA9"};
    char *path = im_source_path("fonts/NotoSans-Regular.ttf");
    TTF_Font *f = TTF_OpenFont(path, 48);
    free(path);
    REQUIRE(f != NULL);
    TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        int hw = 0, hh = 0;
        CHECK(TTF_SizeUTF8(f, samples[i], &hw, &hh) == 0);
        int ours = ui_text_measure(t, UI_FACE_REGULAR, 48, samples[i], -1);
        double diff = abs(ours - hw) / (double)hw;
        if (diff > 0.02)
            fprintf(stderr, "  \"%s\": ours %d, HarfBuzz %d\n", samples[i], ours, hw);
        CHECK(diff <= 0.02);
    }
    /* Kerning: "AVATAR To Wait." shapes narrower than its advances add up
     * to; ours follows the shaper to within 2 px, not the plain sum. */
    {
        const char *kerned = "AVATAR To Wait. Try Yes, You.";
        int hw = 0, sum = 0;
        CHECK(TTF_SizeUTF8(f, kerned, &hw, NULL) == 0);
        for (const char *p = kerned; *p; p++) {
            int minx, maxx, miny, maxy, adv = 0;
            TTF_GlyphMetrics32(f, (unsigned char)*p, &minx, &maxx, &miny, &maxy, &adv);
            sum += adv;
        }
        int ours = ui_text_measure(t, UI_FACE_REGULAR, 48, kerned, -1);
        fprintf(stderr, "  kerning: HarfBuzz %d, ours %d, sum of advances %d\n", hw, ours, sum);
        CHECK(sum - hw >= 20); /* the sample really is kerned */
        CHECK(abs(ours - hw) <= 2);
        CHECK(ui_text_get_stats(t).shaped > 0);
    }
    /* widths add up (to a pixel: positions are fractional, each measure
     * rounds once): measure(a + b) ~ measure(a) + measure(b) */
    CHECK(abs(ui_text_measure(t, UI_FACE_REGULAR, 20, "abcdef", -1) -
              (ui_text_measure(t, UI_FACE_REGULAR, 20, "abc", -1) +
               ui_text_measure(t, UI_FACE_REGULAR, 20, "def", -1))) <= 1);
    /* bold is wider than regular; bigger is wider */
    CHECK(ui_text_measure(t, UI_FACE_BOLD, 20, "Closeness", -1) >
          ui_text_measure(t, UI_FACE_REGULAR, 20, "Closeness", -1));
    CHECK(ui_text_measure(t, UI_FACE_REGULAR, 40, "Closeness", -1) >
          ui_text_measure(t, UI_FACE_REGULAR, 20, "Closeness", -1));
    TTF_CloseFont(f);
}

static void test_wrapping(ui_text *t)
{
    const char *text =
        "Everything a person writes is encrypted on the device under a passphrase only they know.";
    int px = 20;
    int full = ui_text_measure(t, UI_FACE_REGULAR, px, text, -1);
    for (int width = 60; width <= full + 10; width += 37) {
        ui_lines l = ui_text_wrap(t, UI_FACE_REGULAR, px, text, width);
        CHECK(l.count >= 1);
        /* every line fits (a single word wider than the width is cut inside) */
        size_t total = 0;
        for (int i = 0; i < l.count; i++) {
            CHECK(l.lines[i].width <= width);
            CHECK(l.lines[i].width ==
                  ui_text_measure(t, UI_FACE_REGULAR, px, text + l.lines[i].start, l.lines[i].len));
            if (i > 0)
                CHECK(l.lines[i].start >= l.lines[i - 1].start + l.lines[i - 1].len);
            total += (size_t)l.lines[i].len;
        }
        /* nothing is lost but the spaces the breaks ate */
        size_t spaces = 0;
        for (const char *p = text; *p; p++)
            spaces += *p == ' ';
        CHECK(total + spaces >= strlen(text) && total <= strlen(text));
        /* greedy: the first word of the next line would not have fitted */
        for (int i = 0; i + 1 < l.count; i++) {
            const ui_line *a = &l.lines[i], *b = &l.lines[i + 1];
            int word = 0;
            while (b->start + word < (int)strlen(text) && text[b->start + word] != ' ')
                word++;
            int with = ui_text_measure(t, UI_FACE_REGULAR, px, text + a->start, b->start + word - a->start);
            CHECK(with > width || word > b->len);
        }
    }
    ui_lines one = ui_text_wrap(t, UI_FACE_REGULAR, px, text, full + 1);
    CHECK(one.count == 1);
    ui_lines nl = ui_text_wrap(t, UI_FACE_REGULAR, px, "one\ntwo\n", 1000);
    CHECK(nl.count == 3);
    CHECK(nl.count == 3 && nl.lines[0].len == 3 && nl.lines[1].len == 3 && nl.lines[2].len == 0);
    /* the cache answers the second time */
    ui_text_stats before = ui_text_get_stats(t);
    ui_text_wrap(t, UI_FACE_REGULAR, px, "one\ntwo\n", 1000);
    ui_text_stats after = ui_text_get_stats(t);
    CHECK(after.wrap_hits == before.wrap_hits + 1 && after.wrap_misses == before.wrap_misses);
}

/* A word wider than the line with no UAX #14 break in it (a file name:
 * a hyphen before a digit is no break) breaks after a hyphen or before a
 * dot, never between two letters or digits, at every width from its
 * widest piece ("innermost-", ".imbackup") to the whole of it. */
static void test_wrap_file_name(ui_text *t)
{
    static const char *const name = "innermost-backup-2026-01-05.imbackup";
    int px = 16, full = ui_text_measure(t, UI_FACE_REGULAR, px, name, -1);
    int checked = 0, widest = 0;
    static const char *const pieces[] = {"innermost-", "backup-", "2026-01-05", ".imbackup"};
    for (int i = 0; i < 4; i++) {
        int w = ui_text_measure(t, UI_FACE_REGULAR, px, pieces[i], -1);
        widest = w > widest ? w : widest;
    }
    for (int width = widest; width < full; width += 3) {
        ui_lines l = ui_text_wrap(t, UI_FACE_REGULAR, px, name, width);
        CHECK(l.count >= 2);
        for (int i = 0; i + 1 < l.count; i++) {
            int end = l.lines[i].start + l.lines[i].len;
            char before = name[end - 1], after = name[end];
            int soft = before == '-' || after == '.';
            if (!soft)
                fprintf(stderr, "  width %d: a line ends \"%.*s|\"\n", width, l.lines[i].len,
                        name + l.lines[i].start);
            CHECK(soft);
            checked++;
        }
    }
    CHECK(checked > 10);

    /* Folder paths break before a '/', which starts the new line (a line
     * never ends in a lone '/'), and never inside a folder's name; a file
     * name at the end of a path breaks as above, and a path's "~" never
     * ends a line ("~" + "/Downloads").  Widths from the widest
     * piece that must stay whole (each fits a line alone) up to the whole
     * path. */
    static const struct {
        const char *path, *pieces[6];
    } paths[] = {
        {"/home/sam/Documents/Innermost", {"/home", "/sam", "/Documents", "/Innermost"}},
        {"/media/sam/Backups/innermost-backup-2026-01-05.imbackup",
         {"/media", "/sam", "/Backups", "/innermost-", "2026-01-05", ".imbackup"}},
        {"Saved in /home/sam/Documents/Innermost.",
         {"Saved", "in", "/home", "/sam", "/Documents", "/Innermost."}},
        {"The folder ~/Downloads/Innermost is not there", {"folder", "~/Downloads", "/Innermost", "there"}},
    };
    for (size_t n = 0; n < sizeof paths / sizeof paths[0]; n++) {
        const char *s = paths[n].path;
        int whole = ui_text_measure(t, UI_FACE_REGULAR, px, s, -1), wide = 0, seen = 0;
        for (int i = 0; i < 6 && paths[n].pieces[i]; i++) {
            int w = ui_text_measure(t, UI_FACE_REGULAR, px, paths[n].pieces[i], -1);
            wide = w > wide ? w : wide;
        }
        for (int width = wide; width < whole; width += 2) {
            ui_lines l = ui_text_wrap(t, UI_FACE_REGULAR, px, s, width);
            CHECK(l.count >= 2);
            for (int i = 0; i + 1 < l.count; i++) {
                int end = l.lines[i].start + l.lines[i].len, next = l.lines[i + 1].start;
                char before = s[end - 1], after = s[next];
                int soft = next > end                                          /* at a space */
                           || (after == '/' && before != '/' && before != '~') /* before a slash */
                           || before == '-' || after == '.';                   /* inside the file name */
                if (!soft)
                    fprintf(stderr, "  width %d: \"%.*s|%s\"\n", width, l.lines[i].len, s + l.lines[i].start,
                            s + next);
                CHECK(soft);
                CHECK(l.lines[i].width <= width);
                seen++;
            }
        }
        CHECK(seen > 10);
    }
}

/* Random text (words, runs of spaces, newlines, accents, symbols, long
 * words, bad UTF-8) at random widths: lines stay in order, inside the text,
 * within the width unless one character alone is wider, and every
 * non-space byte lands in exactly one line. */
static void test_wrap_random(ui_text *t)
{
    static const char *pieces[] = {"a",
                                   "word",
                                   " ",
                                   "  ",
                                   "\n",
                                   "\xC3\xA9t\xC3\xA9",
                                   "\xE2\x9C\x93",
                                   "supercalifragilisticexpialidocious",
                                   "\xFF",
                                   "I",
                                   "WW"};
    unsigned seed = 12345;
    for (int round = 0; round < 300; round++) {
        char text[400];
        size_t n = 0;
        int parts = (int)(seed % 30);
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(p);
            if (n + pl >= sizeof text)
                break;
            memcpy(text + n, p, pl);
            n += pl;
        }
        text[n] = 0;
        seed = seed * 1103515245u + 12345u;
        int width = 1 + (int)((seed >> 16) % 300);
        ui_lines l = ui_text_wrap(t, UI_FACE_REGULAR, 16, text, width);
        REQUIRE(l.count >= 1);
        int covered = 0, prev_end = 0;
        for (int i = 0; i < l.count; i++) {
            const ui_line *ln = &l.lines[i];
            CHECK(ln->start >= prev_end && ln->len >= 0 && ln->start + ln->len <= (int)n);
            prev_end = ln->start + ln->len;
            int first = 0;
            ui_utf8_next(text + ln->start, ln->len, &first);
            int one = ln->len ? ui_text_measure(t, UI_FACE_REGULAR, 16, text + ln->start, first) : 0;
            if (!(ln->width <= width || ln->width == one))
                fprintf(stderr, "  line \"%.*s\" %d px at width %d (first char %d)\n", ln->len,
                        text + ln->start, ln->width, width, one);
            CHECK(ln->width <= width || ln->width == one);
            for (int k = 0; k < ln->len; k++)
                covered += text[ln->start + k] != ' ' && text[ln->start + k] != '\n';
        }
        int solid = 0;
        for (size_t k = 0; k < n; k++)
            solid += text[k] != ' ' && text[k] != '\n';
        if (covered != solid)
            fprintf(stderr, "  lost bytes wrapping \"%s\" at %d\n", text, width);
        CHECK(covered == solid);
    }
}

/* The symbols we ship have glyphs: the fallback face supplies what Noto
 * Sans lacks, so nothing draws as a box. */
static void test_fallback(ui_text *t)
{
    static const uint32_t shipped[] = {0x2713 /* ✓ */,
                                       0x2717 /* ✗ */,
                                       0x2661 /* ♡ */,
                                       0x2605 /* ★ */,
                                       0x2022 /* • */,
                                       0x2014 /* — */,
                                       0xE9 /* é */};
    for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++)
        CHECK(ui_text_has_glyph(t, shipped[i]));
    CHECK(ui_text_measure(t, UI_FACE_REGULAR, 20, "\xE2\x9C\x93", -1) > 0);
    CHECK(!ui_text_has_glyph(t, 0x10FFFD)); /* a private-use codepoint nobody has */
    /* Digits and signs after a fallback symbol are drawn in the text's own
     * face, not the symbols face's (a chosen chip read "✓ 2 0 0 %"): the
     * width is the mark's plus the number's as Noto Sans sets it. */
    for (int face = UI_FACE_REGULAR; face <= UI_FACE_BOLD; face++) {
        int whole = ui_text_measure(t, (ui_face)face, 30, "\xE2\x9C\x93 200%", -1);
        int parts = ui_text_measure(t, (ui_face)face, 30, "\xE2\x9C\x93 ", -1) +
                    ui_text_measure(t, (ui_face)face, 30, "200%", -1);
        if (abs(whole - parts) > 1)
            fprintf(stderr, "  \"\xE2\x9C\x93 200%%\" is %d px, its parts %d\n", whole, parts);
        CHECK(abs(whole - parts) <= 1);
    }
}

static void test_rasterized_once(SDL_Renderer *r, ui_text *t)
{
    ui_rgba ink = {0, 0, 0, 255};
    ui_text_stats s0 = ui_text_get_stats(t);
    ui_text_draw(t, UI_FACE_REGULAR, 24, "Hello \xE2\x9C\x93", -1, 0, 0, ink); /* H e l o ✓ = 5 distinct */
    ui_text_stats s1 = ui_text_get_stats(t);
    CHECK(s1.rasterized - s0.rasterized == 5);
    /* the next frame draws the same text: no glyph is rasterized again */
    SDL_RenderClear(r);
    ui_text_draw(t, UI_FACE_REGULAR, 24, "Hello \xE2\x9C\x93", -1, 0, 40, ink);
    ui_text_draw(t, UI_FACE_REGULAR, 24, "oleH", -1, 0, 80, ink);
    ui_text_stats s2 = ui_text_get_stats(t);
    CHECK(s2.rasterized == s1.rasterized);
    CHECK(s2.glyphs_drawn - s1.glyphs_drawn == 10); /* 6 + 4, the space is not drawn */
    /* a new size or face is a new glyph */
    ui_text_draw(t, UI_FACE_BOLD, 24, "H", -1, 0, 0, ink);
    ui_text_draw(t, UI_FACE_REGULAR, 25, "H", -1, 0, 0, ink);
    CHECK(ui_text_get_stats(t).rasterized == s2.rasterized + 2);
    /* measuring never rasterizes */
    ui_text_measure(t, UI_FACE_REGULAR, 31, "Measuring only", -1);
    CHECK(ui_text_get_stats(t).rasterized == s2.rasterized + 2);
    /* after a render reset the atlas is rebuilt once, then cached again */
    ui_text_reset(t);
    ui_text_stats s3 = ui_text_get_stats(t);
    CHECK(s3.atlas_resets == s2.atlas_resets + 1);
    ui_text_draw(t, UI_FACE_REGULAR, 24, "Hello", -1, 0, 0, ink);
    ui_text_draw(t, UI_FACE_REGULAR, 24, "Hello", -1, 0, 0, ink);
    CHECK(ui_text_get_stats(t).rasterized == s3.rasterized + 4);
}

/* A full atlas starts over (counted) and drawing goes on, in colour. */
static void test_atlas_overflow(ui_text *t)
{
    ui_text_stats s0 = ui_text_get_stats(t);
    const char *alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (int px = 120; px < 160; px += 2)
        ui_text_draw(t, UI_FACE_BOLD, px, alpha, -1, 0, 0, (ui_rgba){0, 0, 0, 255});
    ui_text_stats s1 = ui_text_get_stats(t);
    CHECK(s1.atlas_resets > s0.atlas_resets);
    CHECK(s1.rasterized - s0.rasterized >= 20 * 52);
}

/* The glyph really lands in the target: dark pixels where "H" was drawn. */
static void test_pixels(SDL_Surface *surf, SDL_Renderer *r, ui_text *t)
{
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    ui_text_draw(t, UI_FACE_BOLD, 40, "H", -1, 10, 10, (ui_rgba){0, 0, 0, 255});
    SDL_RenderPresent(r);
    int dark = 0;
    for (int y = 0; y < 80; y++)
        for (int x = 0; x < 80; x++) {
            Uint32 p = ((Uint32 *)surf->pixels)[y * surf->pitch / 4 + x];
            Uint8 R, G, B;
            SDL_GetRGB(p, surf->format, &R, &G, &B);
            dark += R < 100;
        }
    CHECK(dark > 100);
}

/* On lock the app forgets the texts it keeps outside its screens: the
 * wrap cache (a copy of every text wrapped) and the draw list's arena (the
 * texts of past frames).  After ui_text_forget the next wrap of the same
 * text is a miss; after ui_drawlist_wipe the whole arena is zero; and an
 * arena that grew (copy-then-wipe) still holds the texts drawn before. */
static void test_forget_and_wipe(ui_text *t)
{
    const char *secret = "words typed in the journal, meant to go at lock";
    ui_text_wrap(t, UI_FACE_REGULAR, 16, secret, 200);
    ui_text_stats a = ui_text_get_stats(t);
    ui_text_wrap(t, UI_FACE_REGULAR, 16, secret, 200);
    ui_text_stats b = ui_text_get_stats(t);
    CHECK(b.wrap_hits == a.wrap_hits + 1);
    ui_text_forget(t);
    ui_text_wrap(t, UI_FACE_REGULAR, 16, secret, 200);
    ui_text_stats c = ui_text_get_stats(t);
    CHECK(c.wrap_misses == b.wrap_misses + 1 && c.wrap_hits == b.wrap_hits);

    ui_drawlist dl = {0};
    static char big[3000];
    memset(big, 'x', sizeof big);
    ui_rgba ink = {0, 0, 0, 255};
    ui_draw_text(&dl, 0, 0, 10, 10, UI_FACE_REGULAR, 16, ink, secret, -1);
    ui_draw_text(&dl, 0, 0, 10, 10, UI_FACE_REGULAR, 16, ink, big, (int)sizeof big);
    ui_draw_text(&dl, 0, 0, 10, 10, UI_FACE_REGULAR, 16, ink, big, (int)sizeof big); /* grows past 4 KiB */
    REQUIRE(dl.count == 3 && dl.arena_cap > 4096);
    CHECK(memcmp(ui_drawlist_text(&dl, &dl.cmds[0]), secret, strlen(secret)) == 0);
    CHECK(memcmp(ui_drawlist_text(&dl, &dl.cmds[2]), big, sizeof big) == 0);
    ui_drawlist_wipe(&dl);
    CHECK(dl.count == 0 && dl.arena_len == 0);
    size_t nonzero = 0;
    for (size_t i = 0; i < dl.arena_cap; i++)
        nonzero += dl.arena[i] != 0;
    CHECK(nonzero == 0);
    ui_drawlist_free(&dl);
}

int main(void)
{
    REQUIRE(SDL_Init(0) == 0);
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 400, 200, 32, SDL_PIXELFORMAT_ARGB8888);
    REQUIRE(surf != NULL);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    REQUIRE(r != NULL);
    ui_text *t = open_text(r);
    REQUIRE(t != NULL);
    test_widths_match_shaping(t);
    test_wrapping(t);
    test_wrap_random(t);
    test_wrap_file_name(t);
    test_fallback(t);
    test_rasterized_once(r, t);
    test_atlas_overflow(t);
    test_pixels(surf, r, t);
    test_forget_and_wipe(t);
    ui_text_destroy(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    TTF_Quit();
    SDL_Quit();
    return im_check_done();
}
