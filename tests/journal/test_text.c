/*
 * test_text.c -- UTF-8 validation and the case folding search relies on
 * (core/src/utf8_text.c): every range the header promises, the eight-byte
 * ASCII fast path at every alignment, and malformed input.
 */
#include <string.h>

#include "check.h"
#include "innermost/utf8.h"
#include "utf8_text.h"

static int folds_to(const char *in, const char *want)
{
    char out[256];
    size_t n = im_utf8_casefold(in, strlen(in), out);
    return n == strlen(want) && memcmp(out, want, n) == 0;
}

int main(void)
{
    static const char *const valid[] = {
        "", "plain", "é", "日本語", "\xF0\x9F\x98\x80", "\xEF\xBF\xBF", "\xF4\x8F\xBF\xBF", "a\xC2\x80z"};
    static const char *const invalid[] = {
        "\xC3",         "\xC0\xAF",     "\xC1\xBF",         "\xE0\x80\xAF",
        "\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80",
        "\xFF",         "\x80",         "a\xE2\x82",        "\xF0\x9F\x98"};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
        CHECK(im_utf8_is_valid(valid[i], strlen(valid[i])));
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        CHECK(!im_utf8_is_valid(invalid[i], strlen(invalid[i])));
    /* The public decoder agrees, and says how much one U+FFFD replaces. */
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
        CHECK(im_utf8_ok(valid[i], strlen(valid[i])) && im_utf8_chars(valid[i], strlen(valid[i])) >= 0);
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        CHECK(!im_utf8_ok(invalid[i], strlen(invalid[i])) &&
              im_utf8_chars(invalid[i], strlen(invalid[i])) == -1);
    CHECK(im_utf8_chars("a\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80", 10) == 4);
    uint32_t cp = 0;
    size_t sub = 0;
    CHECK(im_utf8_decode("\xE2\x82\xAC", 3, &cp, &sub) == 3 && cp == 0x20AC);
    CHECK(im_utf8_decode("\xE2\x82z", 3, &cp, &sub) == 0 && sub == 2);
    CHECK(im_utf8_decode("\xE0\x80\x80", 3, &cp, &sub) == 0 && sub == 1);
    CHECK(im_utf8_decode("\xF0\x9F\x98", 3, &cp, &sub) == 0 && sub == 3);
    CHECK(im_utf8_decode("\xFF", 1, &cp, &sub) == 0 && sub == 1);
    char enc[4];
    static const uint32_t cps[] = {0x41, 0xE9, 0x20AC, 0x1F600, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        size_t n = im_utf8_encode(cps[i], enc);
        CHECK(n > 0 && im_utf8_decode(enc, n, &cp, &sub) == n && cp == cps[i]);
    }
    CHECK(im_utf8_encode(0xD800, enc) == 0 && im_utf8_encode(0x110000, enc) == 0);
    CHECK(!im_utf8_is_valid("a\0b", 3)); /* an embedded NUL */

    CHECK(folds_to("Hello WORLD 123", "hello world 123"));
    CHECK(folds_to("ÀÉÎÕÜÇÑØÞ", "àéîõüçñøþ"));
    CHECK(folds_to("×ß÷", "×ß÷")); /* not letters / no pair */
    CHECK(folds_to("ĀĂĄĆČĎĐĒĚĞĢĪĮĲĴĶ", "āăąćčďđēěğģīįĳĵķ"));
    CHECK(folds_to("ĹĻĽĿŁŃŅŇ", "ĺļľŀłńņň"));
    CHECK(folds_to("ŊŌŐŒŔŘŚŞŠŢŤŦŨŮŰŲŴŶ", "ŋōőœŕřśşšţťŧũůűųŵŷ"));
    CHECK(folds_to("ŸŹŻŽ", "ÿźżž"));
    CHECK(folds_to("İſ", "is"));   /* shorter: 2 bytes -> 1 */
    CHECK(folds_to("ĸŉı", "ĸŉı")); /* no case */
    CHECK(folds_to("ΑΒΓΩ", "αβγω"));
    CHECK(folds_to("АБЯЁЂЏ", "абяёђџ"));
    CHECK(folds_to("日本 ABC", "日本 abc")); /* 3-byte text kept */

    /* The eight-byte ASCII path: every byte value at every position. */
    int bad = 0;
    for (int c = 1; c < 0x80; c++)
        for (int pos = 0; pos < 24; pos++) {
            char in[33], out[33];
            memset(in, 'Q', 32);
            in[32] = 0;
            in[pos] = (char)c;
            size_t n = im_utf8_casefold(in, 32, out);
            for (int k = 0; k < 32; k++) {
                unsigned char x = (unsigned char)in[k];
                char want = (char)((x >= 'A' && x <= 'Z') ? x + 32 : x);
                bad += out[k] != want;
            }
            bad += n != 32;
        }
    CHECK(bad == 0);
    /* Mixed: a multi-byte letter across an eight-byte boundary. */
    CHECK(folds_to("ABCDEFGÉHIJKLMNOP", "abcdefgéhijklmnop"));

    CHECK(im_utf8_clip("aé", 3, 2) == 1);
    CHECK(im_utf8_clip("aé", 3, 3) == 3);
    CHECK(im_utf8_clip("abc", 3, 10) == 3);
    return im_check_done();
}
