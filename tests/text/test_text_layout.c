/*
 * test_text_layout.c -- text layout details that SDL_ttf or FriBiDi are
 * the reference for:
 *  - line metrics: ui_text_line_height and ui_text_ascent equal SDL_ttf's
 *    TTF_FontLineSkip and TTF_FontAscent for the bundled faces at every
 *    size a screen might ask for (the text module computes them from its
 *    own face instead of opening a TTF_Font per size).
 *  - paragraph direction: each wrapped line carries its paragraph's base
 *    direction from the first strong character (UAX #9 P2-P3, as FriBiDi
 *    decides it: fribidi_get_par_direction), and a right-to-left
 *    paragraph's lines start at the box's right edge (ui_text_line_x,
 *    which ui_draw_wrapped and the editor place lines with).
 *  - cutting before an ellipsis (ui_text_fit) in Latin, Arabic with
 *    Latin, Devanagari conjuncts, emoji sequences and Chinese: the cut
 *    prefix fits, the next cluster would not, and no cluster (a conjunct,
 *    a ZWJ family) is split; the whole string shaped once plus a check or
 *    two, not a binary search of shaped prefixes.
 */
#include <fribidi.h>
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render/text.h"

static const char *const FACES[UI_FACE_COUNT] = {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
                                                 "NotoSansSymbols2-Regular.ttf"};

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

/* FriBiDi's own answer for a whole paragraph, the reference. */
static int fribidi_rtl(const char *s)
{
    FriBidiChar cp[512];
    FriBidiCharType types[512];
    FriBidiStrIndex n = fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, s, (FriBidiStrIndex)strlen(s), cp);
    fribidi_get_bidi_types(cp, n, types);
    return fribidi_get_par_direction(types, n) == FRIBIDI_PAR_RTL;
}

static void test_direction(ui_text *t)
{
    static const struct {
        const char *text;
        int rtl;
    } cases[] = {
        {"plain English", 0},
        {"\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D", 1}, /* Hebrew */
        {"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 world", 1},                    /* Arabic, then Latin */
        {"hello \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", 0},                    /* Latin first */
        {"2026 - \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", 1}, /* digits are weak: the Hebrew decides */
        {"\xE2\x80\x9C\xD8\xA7\xD9\x84\xD8\xAB\xD9\x82\xD8\xA9\xE2\x80\x9D ok", 1}, /* quotes are neutral */
        {"123 456", 0},                                                             /* no strong character */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK(fribidi_rtl(cases[i].text) == cases[i].rtl); /* the table agrees with FriBiDi */
        ui_lines l = ui_text_wrap(t, UI_FACE_REGULAR, 20, cases[i].text, 2000);
        REQUIRE(l.count == 1);
        if (l.lines[0].rtl != cases[i].rtl)
            fprintf(stderr, "case %zu: rtl %d\n", i, l.lines[0].rtl);
        CHECK(l.lines[0].rtl == cases[i].rtl);
        int x = ui_text_line_x(&l.lines[0], 100, 600, 0);
        CHECK(x == (cases[i].rtl ? 100 + 600 - l.lines[0].width : 100));
        CHECK(ui_text_line_x(&l.lines[0], 100, 600, 1) == 100 + (600 - l.lines[0].width) / 2);
    }
    /* per paragraph, and every wrapped line of a paragraph the same */
    const char *mixed =
        "English first line\n"
        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D "
        "\xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D\n"
        "and English again";
    ui_lines l = ui_text_wrap(t, UI_FACE_REGULAR, 20, mixed, 120);
    REQUIRE(l.count >= 4);
    int seen_rtl = 0;
    for (int i = 0; i < l.count; i++) {
        const ui_line *ln = &l.lines[i];
        int in_hebrew = ln->start > 18 && ln->start < (int)strlen(mixed) - 17;
        CHECK(ln->rtl == in_hebrew);
        seen_rtl += ln->rtl;
        if (ln->rtl)
            CHECK(ui_text_line_x(ln, 0, 120, 0) == 120 - ln->width);
    }
    CHECK(seen_rtl >= 2); /* the Hebrew paragraph wrapped onto several lines */
}

typedef struct starts {
    unsigned char at[512];
} starts;

static void note_clusters(const ui_text_run *run, void *ctx)
{
    starts *st = ctx;
    for (int i = 0; i < run->count; i++)
        if (run->glyphs[i].cluster < sizeof st->at)
            st->at[run->glyphs[i].cluster] = 1;
}

static void test_fit(ui_text *t)
{
    static const char *const texts[] = {
        "Walking home by the river, slowly, in the rain, with nothing to carry",
        "\xD8\xA7\xD9\x84\xD8\xAB\xD9\x82\xD8\xA9 \xD8\xAA\xD9\x8F\xD8\xA8\xD9\x86\xD9\x89 "
        "\xD8\xA8\xD8\xA8\xD8\xB7\xD8\xA1. honest mother window",
        "\xE0\xA4\xAD\xE0\xA4\xB0\xE0\xA5\x8B\xE0\xA4\xB8\xE0\xA4\xBE "
        "\xE0\xA4\xA7\xE0\xA5\x80\xE0\xA4\xB0\xE0\xA5\x87 "
        "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7\xE0\xA4\xAE\xE0\xA4\xBE \xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7",
        "\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD "
        "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 \xE2\x9D\xA4\xEF\xB8\x8F "
        "ok \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",
        "\xE4\xBF\xA1\xE4\xBB\xBB\xE6\x98\xAF\xE6\x85\xA2\xE6\x85\xA2\xE5\xBB\xBA\xE7\xAB\x8B\xE8\xB5\xB7\xE6"
        "\x9D\xA5\xE7\x9A\x84\xE3\x80\x82 step sleep",
    };
    long bad = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *s = texts[i];
        int n = (int)strlen(s);
        starts st;
        memset(&st, 0, sizeof st);
        REQUIRE(ui_text_runs(t, UI_FACE_REGULAR, s, n, note_clusters, &st) > 0);
        st.at[n] = 1;
        int full = ui_text_measure(t, UI_FACE_REGULAR, 20, s, n);
        CHECK(ui_text_fit(t, UI_FACE_REGULAR, 20, s, n, full) == n);
        for (int w = 0; w < full; w += 5) {
            long shaped0 = ui_text_get_stats(t).shaped;
            int k = ui_text_fit(t, UI_FACE_REGULAR, 20, s, n, w);
            long shapes = ui_text_get_stats(t).shaped - shaped0;
            int next = k + 1;
            while (next < n && !st.at[next])
                next++;
            int ok = k >= 0 && k < n && st.at[k] && ui_text_measure(t, UI_FACE_REGULAR, 20, s, k) <= w &&
                     ui_text_measure(t, UI_FACE_REGULAR, 20, s, next) > w && shapes <= 4;
            if (!ok && bad++ < 5)
                fprintf(stderr, "fit text %zu width %d: cut %d (cluster start %d), %ld shapes\n", i, w, k,
                        k < n ? st.at[k] : 1, shapes);
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
    if (!t)
        fprintf(stderr, "%s\n", err);
    REQUIRE(t != NULL);
    test_metrics(t, fonts);
    test_direction(t);
    test_fit(t);
    ui_text_destroy(t);
    free(fonts);
    TTF_Quit();
    return im_check_done();
}
