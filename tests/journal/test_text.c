/*
 * test_text.c -- UTF-8 validation and the case folding search relies on
 * (core/src/utf8_text.c): every range the header promises, the eight-byte
 * ASCII fast path at every alignment, and malformed input.
 */
#include <string.h>

#include "check.h"
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
        "", "plain", "é", "日本語", "\xF0\x9F\x98\x80", "\xEF\xBF\xBF",
        "\xF4\x8F\xBF\xBF", "a\xC2\x80z"};
    static const char *const invalid[] = {
        "\xC3", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xED\xA0\x80",
        "\xED\xBF\xBF", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xFF",
        "\x80", "a\xE2\x82", "\xF0\x9F\x98"};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
        CHECK(im_utf8_is_valid(valid[i], strlen(valid[i])));
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        CHECK(!im_utf8_is_valid(invalid[i], strlen(invalid[i])));
    CHECK(!im_utf8_is_valid("a\0b", 3));   /* an embedded NUL */

    CHECK(folds_to("Hello WORLD 123", "hello world 123"));
    CHECK(folds_to("ÀÉÎÕÜÇÑØÞ", "àéîõüçñøþ"));
    CHECK(folds_to("×ß÷", "×ß÷"));                  /* not letters / no pair */
    CHECK(folds_to("ĀĂĄĆČĎĐĒĚĞĢĪĮĲĴĶ", "āăąćčďđēěğģīįĳĵķ"));
    CHECK(folds_to("ĹĻĽĿŁŃŅŇ", "ĺļľŀłńņň"));
    CHECK(folds_to("ŊŌŐŒŔŘŚŞŠŢŤŦŨŮŰŲŴŶ", "ŋōőœŕřśşšţťŧũůűųŵŷ"));
    CHECK(folds_to("ŸŹŻŽ", "ÿźżž"));
    CHECK(folds_to("İſ", "is"));                     /* shorter: 2 bytes -> 1 */
    CHECK(folds_to("ĸŉı", "ĸŉı"));                   /* no case */
    CHECK(folds_to("ΑΒΓΩ", "αβγω"));
    CHECK(folds_to("АБЯЁЂЏ", "абяёђџ"));
    CHECK(folds_to("日本 ABC", "日本 abc"));          /* 3-byte text kept */

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
