/*
 * test_grapheme.c -- the text buffer on UAX #29 grapheme clusters (utf8proc
 * break data fed through im_text_breaks): one caret step and one backspace
 * per user-perceived character, for emoji with a skin tone, a ZWJ family,
 * a flag, a decomposed accent, a Devanagari consonant with its vowel sign,
 * and a Hangul syllable spelled in conjoining jamo (which the built-in
 * approximation splits in three: checked too, so the test shows why the
 * break data is fed in).
 */
#include <string.h>

#include "check.h"
#include "input/grapheme.h"
#include "input/textedit.h"

/* Caret steps from the start to the end of text. */
static int steps(const char *text, const im_text_breaks *b)
{
    im_textedit te;
    im_textedit_init(&te, 1, 0);
    im_textedit_set_breaks(&te, b);
    REQUIRE(im_textedit_set_text(&te, text, strlen(text)) == 0);
    im_textedit_set_caret(&te, 0, 0);
    int n = 0;
    while (im_textedit_caret(&te) < im_textedit_length(&te) && n < 100) {
        im_textedit_move(&te, IM_MOVE_RIGHT, 0);
        n++;
    }
    /* and back again, the same number of steps */
    int back = 0;
    while (im_textedit_caret(&te) > 0 && back < 100) {
        im_textedit_move(&te, IM_MOVE_LEFT, 0);
        back++;
    }
    CHECK(back == n);
    im_textedit_free(&te);
    return n;
}

/* Backspaces to empty the text. */
static int backspaces(const char *text, const im_text_breaks *b)
{
    im_textedit te;
    im_textedit_init(&te, 1, 0);
    im_textedit_set_breaks(&te, b);
    REQUIRE(im_textedit_set_text(&te, text, strlen(text)) == 0);
    im_textedit_move(&te, IM_MOVE_END, 0);
    int n = 0;
    while (im_textedit_length(&te) > 0 && n < 100) {
        im_textedit_delete_back(&te);
        CHECK(im_utf8_valid(im_textedit_text(&te), im_textedit_length(&te)));
        n++;
    }
    im_textedit_free(&te);
    return n;
}

int main(void)
{
    const im_text_breaks *g = ui_grapheme_breaks();
    static const struct {
        const char *name, *text;
        int chars;
    } cases[] = {
        {"wave, skin tone",
         "a\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD"
         "b",
         3},
        {"ZWJ family", "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7!", 2},
        {"two flags", "\xF0\x9F\x87\xB8\xF0\x9F\x87\xAA\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5", 2},
        {"e + combining acute", "Cafe\xCC\x81", 4},
        {"Devanagari ki", "\xE0\xA4\x95\xE0\xA4\xBF\xE0\xA4\xA4", 2}, /* कि त */
        {"Hangul jamo L V T",
         "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8"
         "a",
         2}, /* ᄀ ᅡ ᆨ a */
        {"CR LF", "a\r\nb", 3},
        {"Thai sara am", "\xE0\xB8\x81\xE0\xB8\xB3", 1}, /* กำ */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int s = steps(cases[i].text, g), b = backspaces(cases[i].text, g);
        if (s != cases[i].chars || b != cases[i].chars)
            fprintf(stderr, "  %s: %d steps, %d backspaces, want %d\n", cases[i].name, s, b, cases[i].chars);
        CHECK(s == cases[i].chars);
        CHECK(b == cases[i].chars);
    }
    /* the built-in approximation (no break data) splits the jamo syllable */
    CHECK(steps("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8"
                "a",
                NULL) > 2);
    /* ui_grapheme_end on its own */
    CHECK(ui_grapheme_end("\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBDx", 9, 0) == 8);
    CHECK(ui_grapheme_end("ab", 2, 2) == 2);
    CHECK(ui_grapheme_end("\xFF"
                          "a",
                          2, 0) == 1); /* bad byte: one */
    return im_check_done();
}
