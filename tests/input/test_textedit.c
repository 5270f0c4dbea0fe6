/*
 * test_textedit.c -- every editing operation of the text buffer, with the
 * UTF-8 boundary cases (é precomposed and decomposed, emoji, skin tones,
 * ZWJ families, flags), word motion and deletion, selection replace, IME
 * preedit, the length limit, invalid input, and a randomized run that
 * checks the invariants after every operation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "input/textedit.h"

#define E_ACUTE "\xC3\xA9"                           /* é, U+00E9 */
#define E_COMB "e\xCC\x81"                           /* e + U+0301 */
#define GRIN "\xF0\x9F\x98\x80"                      /* 😀 */
#define THUMB_MED "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD" /* 👍🏽 */
#define FAMILY                                                                                               \
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D"                                               \
    "\xF0\x9F\x91\xA7" /* 👨‍👩‍👧 */
#define FLAG_FR "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7"
#define FLAG_DE "\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA"
#define FFFD "\xEF\xBF\xBD"

static int ins(im_textedit *te, const char *s) { return im_textedit_insert(te, s, strlen(s)); }

static int text_is(const im_textedit *te, const char *want)
{
    if (strcmp(im_textedit_text(te), want) == 0)
        return 1;
    fprintf(stderr, "  text is \"%s\", want \"%s\"\n", im_textedit_text(te), want);
    return 0;
}

static void test_insert_and_caret_ascii(void)
{
    im_textedit te;
    im_textedit_init(&te, 0, 0);
    CHECK(text_is(&te, ""));
    CHECK(im_textedit_caret(&te) == 0);
    CHECK(ins(&te, "hello") == IM_TEXT_OK);
    CHECK(im_textedit_caret(&te) == 5);
    im_textedit_move(&te, IM_MOVE_LEFT, 0);
    im_textedit_move(&te, IM_MOVE_LEFT, 0);
    CHECK(ins(&te, "XY") == IM_TEXT_OK);
    CHECK(text_is(&te, "helXYlo"));
    CHECK(im_textedit_caret(&te) == 5);
    im_textedit_move(&te, IM_MOVE_START, 0);
    CHECK(im_textedit_caret(&te) == 0);
    im_textedit_move(&te, IM_MOVE_LEFT, 0); /* stays at 0 */
    CHECK(im_textedit_caret(&te) == 0);
    im_textedit_move(&te, IM_MOVE_END, 0);
    im_textedit_move(&te, IM_MOVE_RIGHT, 0); /* stays at the end */
    CHECK(im_textedit_caret(&te) == 7);
    CHECK(im_textedit_length(&te) == 7 && im_textedit_chars(&te) == 7);
    im_textedit_free(&te);
    CHECK(text_is(&te, ""));
}

/* Step right then left through s and compare the caret stops. */
static void check_stops(const char *s, const size_t *stops, size_t n, int line)
{
    im_textedit te;
    im_textedit_init(&te, 1, 0);
    im_textedit_set_text(&te, s, strlen(s));
    im_textedit_move(&te, IM_MOVE_START, 0);
    int ok = 1;
    for (size_t i = 1; i < n; i++) {
        im_textedit_move(&te, IM_MOVE_RIGHT, 0);
        if (im_textedit_caret(&te) != stops[i]) {
            fprintf(stderr, "line %d: right stop %zu at %zu, want %zu\n", line, i, im_textedit_caret(&te),
                    stops[i]);
            ok = 0;
        }
    }
    for (size_t i = n - 1; i-- > 0;) {
        im_textedit_move(&te, IM_MOVE_LEFT, 0);
        if (im_textedit_caret(&te) != stops[i]) {
            fprintf(stderr, "line %d: left stop %zu at %zu, want %zu\n", line, i, im_textedit_caret(&te),
                    stops[i]);
            ok = 0;
        }
    }
    CHECK(ok);
    im_textedit_free(&te);
}
#define STOPS(s, ...)                                                                                        \
    do {                                                                                                     \
        const size_t st_[] = {__VA_ARGS__};                                                                  \
        check_stops((s), st_, sizeof st_ / sizeof st_[0], __LINE__);                                         \
    } while (0)

static void test_caret_over_utf8_and_clusters(void)
{
    STOPS("a" E_ACUTE "b", 0, 1, 3, 4);
    STOPS(E_COMB "x", 0, 3, 4);           /* mark attached */
    STOPS("e\xCC\x81\xCC\xA3!", 0, 5, 6); /* two marks */
    STOPS(GRIN GRIN, 0, 4, 8);
    STOPS("a" THUMB_MED "b", 0, 1, 9, 10); /* skin tone */
    STOPS(FAMILY "!", 0, 18, 19);          /* ZWJ sequence */
    STOPS(FLAG_FR FLAG_DE, 0, 8, 16);      /* flags pair up */
    STOPS("\xE2\x9D\xA4\xEF\xB8\x8F"
          "x",
          0, 6, 7); /* ❤️ with VS16 */
    STOPS("\xCC\x81"
          "a",
          0, 2, 3); /* lone mark first */
    STOPS("a\n\xCC\x81"
          "b",
          0, 1, 2, 4, 5);                     /* no mark on \n */
    STOPS("1\xEF\xB8\x8F\xE2\x83\xA3", 0, 7); /* keycap 1️⃣ */
}

static void test_set_caret_snaps(void)
{
    im_textedit te;
    im_textedit_init(&te, 0, 0);
    ins(&te, "a" E_COMB GRIN);        /* a(0) e+◌́(1..4) 😀(4..8) */
    im_textedit_set_caret(&te, 2, 0); /* inside the é sequence */
    CHECK(im_textedit_caret(&te) == 1);
    im_textedit_set_caret(&te, 3, 0); /* on the mark: same cluster */
    CHECK(im_textedit_caret(&te) == 1);
    im_textedit_set_caret(&te, 6, 0); /* inside the emoji */
    CHECK(im_textedit_caret(&te) == 4);
    im_textedit_set_caret(&te, 999, 0);
    CHECK(im_textedit_caret(&te) == 8);
    CHECK(im_textedit_next_char(&te, 1) == 4);
    CHECK(im_textedit_prev_char(&te, 8) == 4);
    CHECK(im_textedit_prev_char(&te, 0) == 0);
    CHECK(im_textedit_next_char(&te, 8) == 8);
    im_textedit_free(&te);
}

static void test_delete_by_character(void)
{
    im_textedit te;
    im_textedit_init(&te, 0, 0);
    ins(&te, "x" E_ACUTE E_COMB THUMB_MED FAMILY FLAG_FR);
    CHECK(im_textedit_delete_back(&te) == IM_TEXT_OK); /* the flag */
    CHECK(text_is(&te, "x" E_ACUTE E_COMB THUMB_MED FAMILY));
    CHECK(im_textedit_delete_back(&te) == IM_TEXT_OK); /* whole family */
    CHECK(text_is(&te, "x" E_ACUTE E_COMB THUMB_MED));
    CHECK(im_textedit_delete_back(&te) == IM_TEXT_OK); /* thumb + tone */
    CHECK(text_is(&te, "x" E_ACUTE E_COMB));
    CHECK(im_textedit_delete_back(&te) == IM_TEXT_OK); /* e + mark */
    CHECK(text_is(&te, "x" E_ACUTE));
    im_textedit_move(&te, IM_MOVE_START, 0);
    CHECK(im_textedit_delete_back(&te) == IM_TEXT_UNCHANGED);
    CHECK(im_textedit_delete_forward(&te) == IM_TEXT_OK);
    CHECK(text_is(&te, E_ACUTE));
    CHECK(im_textedit_delete_forward(&te) == IM_TEXT_OK);
    CHECK(text_is(&te, ""));
    CHECK(im_textedit_delete_forward(&te) == IM_TEXT_UNCHANGED);
    CHECK(im_textedit_chars(&te) == 0);
    im_textedit_free(&te);
}

static void test_words(void)
{
    im_textedit te;
    im_textedit_init(&te, 1, 0);
    const char *s = "Hello, w"
                    "\xC3\xB6"
                    "rld  foo_bar"
                    "\n"
                    "caf" E_COMB "!";
    /* offsets: Hello 0-5 ", " w(7) ö(8-10) rld(10-13) "  " foo_bar(15-22)
     * \n(22) caf(23-26) e+◌́(26-29) !(29) end 30 */
    ins(&te, s);
    CHECK(im_textedit_length(&te) == 30);
    im_textedit_move(&te, IM_MOVE_START, 0);
    size_t right[] = {5, 13, 22, 29, 30, 30};
    int ok = 1;
    for (size_t i = 0; i < sizeof right / sizeof right[0]; i++) {
        im_textedit_move(&te, IM_MOVE_WORD_RIGHT, 0);
        ok &= im_textedit_caret(&te) == right[i];
    }
    CHECK(ok);
    size_t left[] = {23, 15, 7, 0, 0};
    ok = 1;
    for (size_t i = 0; i < sizeof left / sizeof left[0]; i++) {
        im_textedit_move(&te, IM_MOVE_WORD_LEFT, 0);
        ok &= im_textedit_caret(&te) == left[i];
    }
    CHECK(ok);

    /* Delete word backward from the end of "wörld", then forward. */
    im_textedit_set_caret(&te, 13, 0);
    CHECK(im_textedit_delete_word_back(&te) == IM_TEXT_OK);
    CHECK(text_is(&te, "Hello,   foo_bar\ncaf" E_COMB "!"));
    CHECK(im_textedit_caret(&te) == 7);
    CHECK(im_textedit_delete_word_forward(&te) == IM_TEXT_OK);
    CHECK(text_is(&te, "Hello, \ncaf" E_COMB "!"));
    im_textedit_move(&te, IM_MOVE_END, 0);
    CHECK(im_textedit_delete_word_back(&te) == IM_TEXT_OK); /* "café!" */
    CHECK(text_is(&te, "Hello, \n"));
    CHECK(im_textedit_delete_word_forward(&te) == IM_TEXT_UNCHANGED);
    im_textedit_move(&te, IM_MOVE_START, 0);
    CHECK(im_textedit_delete_word_back(&te) == IM_TEXT_UNCHANGED);

    /* Double-tap selects a word; on punctuation just that character. */
    const char *w = "one tw" E_ACUTE "o, three"; /* twéo = [4, 9) */
    im_textedit_set_text(&te, w, strlen(w));
    im_textedit_select_word(&te, 5);
    size_t a, b;
    CHECK(im_textedit_selection(&te, &a, &b) == 5 && a == 4 && b == 9);
    im_textedit_select_word(&te, 9); /* just after the word */
    CHECK(im_textedit_selection(&te, &a, &b) == 5 && a == 4);
    im_textedit_select_word(&te, 10); /* on the space */
    CHECK(im_textedit_selection(&te, &a, &b) == 1 && a == 10);
    im_textedit_select_word(&te, 7); /* inside é */
    CHECK(im_textedit_selection(&te, &a, &b) == 5 && a == 4);
    im_textedit_free(&te);
}

static void test_selection(void)
{
    im_textedit te;
    im_textedit_init(&te, 0, 0);
    ins(&te, "abc" E_ACUTE "def"); /* é at 3..5 */
    im_textedit_set_caret(&te, 2, 0);
    im_textedit_move(&te, IM_MOVE_RIGHT, 1);
    im_textedit_move(&te, IM_MOVE_RIGHT, 1);
    size_t a, b;
    CHECK(im_textedit_selection(&te, &a, &b) == 3 && a == 2 && b == 5);
    CHECK(im_textedit_anchor(&te) == 2 && im_textedit_caret(&te) == 5);
    size_t n;
    char *copy = im_textedit_copy_selection(&te, &n);
    CHECK(copy && n == 3 && strcmp(copy, "c" E_ACUTE) == 0);
    im_mem_wipe_free(copy, n);
    /* Typing replaces the selection. */
    CHECK(ins(&te, "ZZ") == IM_TEXT_OK);
    CHECK(text_is(&te, "abZZdef"));
    CHECK(im_textedit_caret(&te) == 4 && im_textedit_anchor(&te) == 4);
    CHECK(im_textedit_copy_selection(&te, &n) == NULL && n == 0);
    /* Extend backwards past the anchor, then collapse with LEFT / RIGHT. */
    im_textedit_move(&te, IM_MOVE_WORD_LEFT, 1);
    CHECK(im_textedit_selection(&te, &a, &b) == 4 && a == 0 && b == 4);
    im_textedit_move(&te, IM_MOVE_RIGHT, 0);
    CHECK(im_textedit_caret(&te) == 4 && im_textedit_selection(&te, 0, 0) == 0);
    im_textedit_select(&te, 1, 3);
    im_textedit_move(&te, IM_MOVE_LEFT, 0);
    CHECK(im_textedit_caret(&te) == 1 && im_textedit_selection(&te, 0, 0) == 0);
    /* Backspace and delete remove the selection only. */
    im_textedit_select(&te, 5, 2);
    CHECK(im_textedit_delete_back(&te) == IM_TEXT_OK);
    CHECK(text_is(&te, "abef"));
    im_textedit_select(&te, 1, 3);
    CHECK(im_textedit_delete_forward(&te) == IM_TEXT_OK);
    CHECK(text_is(&te, "af"));
    im_textedit_select(&te, 0, 1);
    CHECK(im_textedit_delete_word_back(&te) == IM_TEXT_OK);
    CHECK(text_is(&te, "f"));
    /* Select all, replace by pasted text. */
    im_textedit_select_all(&te);
    CHECK(im_textedit_selection(&te, &a, &b) == 1);
    CHECK(ins(&te, "pasted " GRIN) == IM_TEXT_OK);
    CHECK(text_is(&te, "pasted " GRIN));
    /* Select snapping: an anchor inside the emoji goes to its start. */
    im_textedit_select(&te, 9, 0);
    CHECK(im_textedit_anchor(&te) == 7);
    CHECK(im_textedit_delete_selection(&te) == IM_TEXT_OK);
    CHECK(text_is(&te, GRIN));
    CHECK(im_textedit_delete_selection(&te) == IM_TEXT_UNCHANGED);
    im_textedit_free(&te);
}

static void test_preedit(void)
{
    im_textedit te;
    im_textedit_init(&te, 0, 0);
    ins(&te, "ab");
    im_textedit_move(&te, IM_MOVE_LEFT, 0);
    /* にほ, IME cursor after the first character. */
    const char *ni_ho = "\xE3\x81\xAB\xE3\x81\xBB";
    CHECK(im_textedit_preedit_set(&te, ni_ho, strlen(ni_ho), 1) == 0);
    CHECK(strcmp(im_textedit_preedit(&te), ni_ho) == 0);
    CHECK(im_textedit_preedit_cursor(&te) == 3);
    CHECK(text_is(&te, "ab")); /* not part of the text */
    CHECK(im_textedit_caret(&te) == 1);
    char shown[64];
    size_t need = im_textedit_display(&te, shown, sizeof shown);
    CHECK(need == 8 && strcmp(shown, "a\xE3\x81\xAB\xE3\x81\xBB"
                                     "b") == 0);
    /* Truncated display never splits a code point. */
    char small[4];
    CHECK(im_textedit_display(&te, small, sizeof small) == 8);
    CHECK(strcmp(small, "a") == 0);
    /* SDL commits with TEXTINPUT: insert clears the preedit. */
    const char *nihon = "\xE6\x97\xA5\xE6\x9C\xAC";
    CHECK(ins(&te, nihon) == IM_TEXT_OK);
    CHECK(strcmp(im_textedit_preedit(&te), "") == 0);
    CHECK(text_is(&te, "a\xE6\x97\xA5\xE6\x9C\xAC"
                       "b"));
    CHECK(im_textedit_caret(&te) == 7);
    /* Cancel drops it; an empty preedit clears it. */
    im_textedit_preedit_set(&te, "k", 1, 5); /* cursor clamped */
    CHECK(im_textedit_preedit_cursor(&te) == 1);
    im_textedit_preedit_cancel(&te);
    CHECK(strcmp(im_textedit_preedit(&te), "") == 0);
    im_textedit_preedit_set(&te, "k", 1, 0);
    im_textedit_preedit_set(&te, "", 0, 0);
    CHECK(strcmp(im_textedit_preedit(&te), "") == 0);
    CHECK(im_textedit_preedit_commit(&te) == IM_TEXT_UNCHANGED);
    /* Explicit commit replaces the selection. */
    im_textedit_select_all(&te);
    im_textedit_preedit_set(&te, E_COMB, strlen(E_COMB), 1);
    CHECK(text_is(&te, "a\xE6\x97\xA5\xE6\x9C\xAC"
                       "b")); /* still there */
    CHECK(im_textedit_preedit_commit(&te) == IM_TEXT_OK);
    CHECK(text_is(&te, E_COMB));
    /* Invalid bytes in a preedit are repaired too. */
    CHECK(im_textedit_preedit_set(&te, "x\xFF", 2, 0) == IM_TEXT_REPAIRED);
    CHECK(strcmp(im_textedit_preedit(&te), "x" FFFD) == 0);
    im_textedit_free(&te);
    CHECK(strcmp(im_textedit_preedit(&te), "") == 0);
}

static void test_max_length(void)
{
    im_textedit te;
    im_textedit_init(&te, 0, 5);
    CHECK(ins(&te, "abcdefg") == IM_TEXT_TRUNCATED);
    CHECK(text_is(&te, "abcde"));
    CHECK(ins(&te, "x") == IM_TEXT_FULL);
    CHECK(text_is(&te, "abcde"));
    CHECK(im_textedit_caret(&te) == 5);
    /* With two characters selected, two fit in their place. */
    im_textedit_select(&te, 1, 3);
    CHECK(ins(&te, "XYZ") == IM_TEXT_TRUNCATED);
    CHECK(text_is(&te, "aXYde"));
    /* FULL leaves the selection as it was. */
    im_textedit_select(&te, 0, 0);
    CHECK(ins(&te, E_ACUTE) == IM_TEXT_FULL);
    im_textedit_delete_back(&te); /* nothing selected */
    CHECK(text_is(&te, "aXYde"));
    im_textedit_move(&te, IM_MOVE_END, 0);
    im_textedit_delete_back(&te);
    /* Limits count code points: é is one; a toned thumb is two and is
     * never cut in half. */
    CHECK(ins(&te, E_ACUTE) == IM_TEXT_OK);
    CHECK(im_textedit_chars(&te) == 5 && im_textedit_length(&te) == 6);
    im_textedit_delete_back(&te);
    CHECK(ins(&te, THUMB_MED) == IM_TEXT_FULL); /* needs 2, 1 left */
    CHECK(ins(&te, "z" THUMB_MED) == IM_TEXT_TRUNCATED);
    CHECK(text_is(&te, "aXYdz"));
    /* set_text truncates too; combining sequence kept whole or dropped. */
    CHECK(im_textedit_set_text(&te, "abcd" E_COMB, 7) == IM_TEXT_TRUNCATED);
    CHECK(text_is(&te, "abcd"));
    /* Combined flags: repaired and truncated. */
    CHECK(im_textedit_set_text(&te,
                               "\xFF"
                               "bcdefgh",
                               8) == (IM_TEXT_TRUNCATED | IM_TEXT_REPAIRED));
    CHECK(text_is(&te, FFFD "bcde"));
    im_textedit_free(&te);
}

static void test_invalid_utf8_repaired(void)
{
    struct {
        const char *in;
        size_t len;
        const char *out;
    } cases[] = {
        {"a\xFF"
         "b",
         3, "a" FFFD "b"},
        {"\xE2\x82", 2, FFFD}, /* truncated € */
        {"\xE2\x82"
         "x",
         3, FFFD "x"},
        {"\xC0\xAF", 2, FFFD FFFD},                   /* overlong '/' */
        {"\xED\xA0\x80", 3, FFFD FFFD FFFD},          /* surrogate */
        {"\xF4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD}, /* > U+10FFFF */
        {"\xF0\x9F\x98", 3, FFFD},                    /* cut emoji */
        {"\x80\x80", 2, FFFD FFFD},                   /* stray continuation */
        {"ok" E_ACUTE, 4, "ok" E_ACUTE},              /* valid stays */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        im_textedit te;
        im_textedit_init(&te, 0, 0);
        int rc = im_textedit_insert(&te, cases[i].in, cases[i].len);
        int valid = strcmp(cases[i].in, cases[i].out) == 0;
        if (!text_is(&te, cases[i].out) || rc != (valid ? IM_TEXT_OK : IM_TEXT_REPAIRED)) {
            fprintf(stderr, "  case %zu rc %d\n", i, rc);
            CHECK(0);
        }
        CHECK(im_utf8_valid(im_textedit_text(&te), im_textedit_length(&te)));
        im_textedit_free(&te);
    }
    CHECK(!im_utf8_valid("\xC3", 1));
    CHECK(im_utf8_valid(GRIN, 4));
    CHECK(im_utf8_count(FAMILY, strlen(FAMILY)) == 5);
}

static void test_line_ends_and_controls(void)
{
    im_textedit te;
    im_textedit_init(&te, 0, 0); /* single line */
    CHECK(im_textedit_insert(&te,
                             "a\nb\r\nc\rd\te\0f\x1b"
                             "g",
                             14) == 0);
    CHECK(text_is(&te, "a b c d efg"));
    im_textedit_free(&te);
    im_textedit_init(&te, 1, 0); /* multi-line */
    CHECK(im_textedit_insert(&te, "a\nb\r\nc\rd\te\0f\x7f", 13) == 0);
    CHECK(text_is(&te, "a\nb\nc\nd\tef"));
    CHECK(im_textedit_insert(&te, "\0\0", 2) == IM_TEXT_UNCHANGED);
    CHECK(im_textedit_insert(&te, NULL, 5) == IM_TEXT_UNCHANGED);
    im_textedit_free(&te);
}

/* Home and End of a logical line: the caret goes to the line's start or
 * to just before its newline, never to the start or end of the whole text;
 * Shift keeps the anchor, so Shift+End selects the rest of the line. */
static void test_line_home_end(void)
{
    im_textedit te;
    im_textedit_init(&te, 1, 0);
    CHECK(ins(&te, "first line\nsecond " E_ACUTE "t" E_ACUTE "\n\nlast") == IM_TEXT_OK);
    /* "first line" 0..10 (its newline), "second été" 11..23 (é is two bytes), an empty line, "last" */
    im_textedit_set_caret(&te, 14, 0); /* inside "second" */
    im_textedit_move(&te, IM_MOVE_LINE_START, 0);
    CHECK(im_textedit_caret(&te) == 11);
    im_textedit_move(&te, IM_MOVE_LINE_START, 0); /* already there: stays */
    CHECK(im_textedit_caret(&te) == 11);
    im_textedit_move(&te, IM_MOVE_LINE_END, 0);
    CHECK(im_textedit_caret(&te) == 23); /* before the newline, after the last é */
    im_textedit_move(&te, IM_MOVE_LINE_END, 0);
    CHECK(im_textedit_caret(&te) == 23);
    CHECK(ins(&te, "!") == IM_TEXT_OK);
    CHECK(text_is(&te, "first line\nsecond " E_ACUTE "t" E_ACUTE "!\n\nlast"));
    /* the empty line (its newline at 25 now): both ends are where the caret is */
    im_textedit_set_caret(&te, 25, 0);
    im_textedit_move(&te, IM_MOVE_LINE_START, 0);
    CHECK(im_textedit_caret(&te) == 25);
    im_textedit_move(&te, IM_MOVE_LINE_END, 0);
    CHECK(im_textedit_caret(&te) == 25);
    /* the first and last lines end at the text's edges */
    im_textedit_set_caret(&te, 3, 0);
    im_textedit_move(&te, IM_MOVE_LINE_START, 0);
    CHECK(im_textedit_caret(&te) == 0);
    im_textedit_move(&te, IM_MOVE_END, 0);
    im_textedit_move(&te, IM_MOVE_LINE_START, 0);
    CHECK(im_textedit_caret(&te) == 26);
    im_textedit_move(&te, IM_MOVE_LINE_END, 0);
    CHECK(im_textedit_caret(&te) == im_textedit_length(&te));
    /* Shift+Home from the middle selects back to the line start only */
    im_textedit_set_caret(&te, 16, 0);
    im_textedit_move(&te, IM_MOVE_LINE_START, 1);
    size_t a, b;
    CHECK(im_textedit_selection(&te, &a, &b) == 5 && a == 11 && b == 16);
    im_textedit_move(&te, IM_MOVE_LINE_END, 1); /* the anchor stays at 16 */
    CHECK(im_textedit_selection(&te, &a, &b) == 8 && a == 16 && b == 24);
    CHECK(im_textedit_line_start(&te, 1000) == 26 && im_textedit_line_end(&te, 0) == 10);
    im_textedit_free(&te);
    /* a single-line field is one line: Home and End are its two ends */
    im_textedit_init(&te, 0, 0);
    CHECK(ins(&te, "one\ntwo") == IM_TEXT_OK); /* the newline became a space */
    im_textedit_set_caret(&te, 5, 0);
    im_textedit_move(&te, IM_MOVE_LINE_START, 0);
    CHECK(im_textedit_caret(&te) == 0);
    im_textedit_move(&te, IM_MOVE_LINE_END, 0);
    CHECK(im_textedit_caret(&te) == 7);
    im_textedit_free(&te);
    /* an empty buffer */
    im_textedit_init(&te, 1, 0);
    im_textedit_move(&te, IM_MOVE_LINE_END, 0);
    im_textedit_move(&te, IM_MOVE_LINE_START, 0);
    CHECK(im_textedit_caret(&te) == 0);
    im_textedit_free(&te);
}

static void test_wipes_freed_bytes(void)
{
    /* After a deletion the bytes past the end of the text are zero (the
     * buffer may have held a passphrase). */
    im_textedit te;
    im_textedit_init(&te, 0, 0);
    ins(&te, "correct horse battery staple");
    size_t old = im_textedit_length(&te);
    im_textedit_move(&te, IM_MOVE_WORD_LEFT, 0);
    im_textedit_delete_word_back(&te);
    im_textedit_move(&te, IM_MOVE_END, 0);
    im_textedit_delete_word_back(&te);
    const char *buf = im_textedit_text(&te);
    size_t len = im_textedit_length(&te);
    int zero = 1;
    for (size_t i = len; i < old; i++)
        zero &= buf[i] == 0;
    CHECK(zero);
    CHECK(text_is(&te, "correct horse "));
    /* Growth copies and wipes; contents survive many doublings. */
    for (int i = 0; i < 200; i++)
        ins(&te, "0123456789");
    CHECK(im_textedit_length(&te) == 14 + 2000);
    im_textedit_free(&te);
    CHECK(im_textedit_length(&te) == 0);
    /* wipe helper */
    char secret[8] = "hunter2";
    im_mem_wipe(secret, sizeof secret);
    CHECK(memcmp(secret, "\0\0\0\0\0\0\0\0", 8) == 0);
}

/* ---- randomized invariants --------------------------------------------- */

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7FFF;
}

static int on_boundary(const im_textedit *te, size_t pos)
{
    /* A boundary is where stepping right from the previous stop lands. */
    size_t p = 0;
    while (p < pos)
        p = im_textedit_next_char(te, p);
    return p == pos;
}

static void test_random_operations(void)
{
    static const char *pieces[] = {
        "a",
        "Z",
        " ",
        ",",
        E_ACUTE,
        E_COMB,
        "\xCC\x81",
        GRIN,
        THUMB_MED,
        FAMILY,
        FLAG_FR,
        "\xF0\x9F\x87\xAB",
        "\xE2\x80\x8D",
        "\n",
        "\xFF",
        "\xE2\x82",
        "word",
        "\xEF\xB8\x8F",
    };
    unsigned seed = 12345;
    int bad = 0;
    for (int round = 0; round < 40; round++) {
        im_textedit te;
        size_t max = round % 3 == 0 ? 25 : 0;
        im_textedit_init(&te, round & 1, max);
        for (int op = 0; op < 150; op++) {
            unsigned r = rnd(&seed) % 14;
            const char *p = pieces[rnd(&seed) % (sizeof pieces / sizeof pieces[0])];
            int ext = rnd(&seed) & 1;
            switch (r) {
            case 0:
            case 1:
            case 2: ins(&te, p); break;
            case 3: im_textedit_delete_back(&te); break;
            case 4: im_textedit_delete_forward(&te); break;
            case 5: im_textedit_delete_word_back(&te); break;
            case 6: im_textedit_delete_word_forward(&te); break;
            case 7: im_textedit_move(&te, IM_MOVE_LEFT + rnd(&seed) % 6, ext); break;
            case 8: im_textedit_set_caret(&te, rnd(&seed) % 64, ext); break;
            case 9: im_textedit_select(&te, rnd(&seed) % 64, rnd(&seed) % 64); break;
            case 10: im_textedit_preedit_set(&te, p, strlen(p), rnd(&seed) % 3); break;
            case 11: im_textedit_preedit_commit(&te); break;
            case 12: im_textedit_select_word(&te, rnd(&seed) % 64); break;
            case 13: im_textedit_move(&te, IM_MOVE_RIGHT, ext); break;
            }
            const char *t = im_textedit_text(&te);
            size_t len = im_textedit_length(&te);
            if (strlen(t) != len || !im_utf8_valid(t, len) ||
                im_utf8_count(t, len) != im_textedit_chars(&te) || (max && im_textedit_chars(&te) > max) ||
                im_textedit_caret(&te) > len || im_textedit_anchor(&te) > len ||
                !on_boundary(&te, im_textedit_caret(&te)) || !on_boundary(&te, im_textedit_anchor(&te)) ||
                (!(round & 1) && strchr(t, '\n'))) {
                bad++;
                fprintf(stderr, "  invariant broken: round %d op %d r %u\n", round, op, r);
                break;
            }
        }
        im_textedit_free(&te);
    }
    CHECK(bad == 0);
}

int main(void)
{
    test_insert_and_caret_ascii();
    test_caret_over_utf8_and_clusters();
    test_set_caret_snaps();
    test_delete_by_character();
    test_words();
    test_selection();
    test_preedit();
    test_max_length();
    test_invalid_utf8_repaired();
    test_line_ends_and_controls();
    test_line_home_end();
    test_wipes_freed_bytes();
    test_random_operations();
    return im_check_done();
}
