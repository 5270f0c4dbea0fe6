/*
 * test_text.c -- UTF-8 validation and the case folding search relies on
 * (core/src/utf8_text.c): every range the header promises, the eight-byte
 * ASCII fast path at every alignment, and malformed input.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "check.h"
#include "innermost/utf8.h"
#include "utf8_text.h"

/* The search fold of s as utf8proc alone gives it (im_utf8_fold's slow
 * path, the reference for its plain-letter fast path). */
static int ref_fold(const char *s, size_t len, char *out, size_t cap, size_t *n)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t r =
        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m,
                     UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    int ok = r >= 0 && (size_t)r <= cap;
    if (ok) {
        memcpy(out, m, (size_t)r);
        *n = (size_t)r;
    }
    free(m);
    return ok;
}

/* im_utf8_fold of s equals utf8proc's (the text is not all ASCII). */
static int fold_agrees(const char *s, size_t len)
{
    char a[64], b[64];
    size_t nb = 0, na = im_utf8_fold(s, len, a, sizeof a);
    return ref_fold(s, len, b, sizeof b, &nb) && na == nb && memcmp(a, b, na) == 0;
}

/* The ranges im_utf8_fold folds without utf8proc (plain_fold in
 * utf8_text.c), whole: the code points it leaves to utf8proc in them are
 * checked too. */
static const uint32_t plain_ranges[][2] = {{0x01, 0x7F},     {0xC0, 0x17F},      {0x386, 0x3CE},
                                           {0x400, 0x45F},   {0x621, 0x64A},     {0x900, 0x97F},
                                           {0x4E00, 0x9FFF}, {0x1F300, 0x1F6FF}, {0x1F900, 0x1F9FF}};

/* The ranges' code points, those of blocks over 512 one in step. */
static size_t plain_list(uint32_t *cps, uint32_t step)
{
    size_t n = 0;
    for (size_t r = 0; r < sizeof plain_ranges / sizeof plain_ranges[0]; r++) {
        uint32_t lo = plain_ranges[r][0], hi = plain_ranges[r][1];
        for (uint32_t c = lo; c <= hi; c += hi - lo > 512 ? step : 1)
            cps[n++] = c;
    }
    return n;
}

/* Every code point of the plain ranges alone and after an ASCII letter,
 * and every pair of them (the large blocks one in 61): what the fast path
 * gives is what utf8proc gives, so no pair composes or reorders. */
static void check_plain_fold(void)
{
    static uint32_t cps[26000];
    size_t n = plain_list(cps, 1), bad = 0;
    for (size_t i = 0; i < n; i++) {
        char s[8];
        size_t k = im_utf8_encode(cps[i], s + 1);
        s[0] = 'E';
        bad += !fold_agrees(s + 1, k) || !fold_agrees(s, k + 1);
    }
    CHECK(bad == 0);
    n = plain_list(cps, 61);
    bad = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            char s[8];
            size_t k = im_utf8_encode(cps[i], s);
            k += im_utf8_encode(cps[j], s + k);
            bad += !fold_agrees(s, k);
        }
    CHECK(bad == 0);
    /* A combining mark after a plain letter composes (through utf8proc);
     * sharp s and final sigma are plain and fold in full: "ss", sigma,
     * also inside words and beside capitals and combining marks. */
    char out[16];
    CHECK(im_utf8_fold("Stra\xC3\x9F"
                       "e",
                       7, out, sizeof out) == 7 &&
          memcmp(out, "strasse", 7) == 0);
    CHECK(fold_agrees("GRO\xC3\x9F", 5) && fold_agrees("\xC3\x9F\xCC\xA3", 4)); /* + dot below */
    CHECK(fold_agrees("\xCE\xBB\xCF\x8C\xCE\xB3\xCE\xBF\xCF\x82", 10));         /* logos, final sigma */
    CHECK(fold_agrees("\xCF\x82\xCC\x81", 4));                                  /* + acute */
    CHECK(im_utf8_fold("e\xCC\x81", 3, out, sizeof out) == 2 && memcmp(out, "\xC3\xA9", 2) == 0);
    CHECK(im_utf8_fold("\xC3\x9F", 2, out, sizeof out) == 2 && memcmp(out, "ss", 2) == 0);
    CHECK(im_utf8_fold("\xCF\x82", 2, out, sizeof out) == 2 && memcmp(out, "\xCF\x83", 2) == 0);
    CHECK(fold_agrees("\xE0\xA4\x95\xE0\xA4\xBC", 6)); /* ka + nukta: U+0958's decomposition */
    CHECK(im_utf8_fold("\xC3\x89t\xC3\xA9", 5, out, sizeof out) == 5 &&
          memcmp(out, "\xC3\xA9t\xC3\xA9", 5) == 0);
    CHECK(im_utf8_fold("\xC3\xA9\xC3", 3, out, sizeof out) == (size_t)-1); /* cut short */
}

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
    /* im_utf8_ok's in-place two- and three-byte checks agree with the
     * decoder for every lead and second byte, third bytes at the edges of
     * the continuation range, whole and cut short, alone and after ASCII. */
    {
        static const unsigned char thirds[] = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        size_t disagree = 0;
        for (unsigned b0 = 0x80; b0 <= 0xFF; b0++)
            for (unsigned b1 = 0; b1 <= 0xFF; b1++)
                for (size_t k = 0; k < sizeof thirds; k++)
                    for (size_t n = 1; n <= 3; n++) {
                        char buf[8] = {'a', (char)b0, (char)b1, (char)thirds[k]};
                        for (size_t at = 0; at < 2; at++) {
                            const char *str = buf + 1 - at;
                            size_t len = n + at;
                            /* what the decoder says, sequence by sequence */
                            int want = 1;
                            for (size_t i = 0; i < len && want;) {
                                size_t l = str[i] ? im_utf8_decode(str + i, len - i, &cp, NULL) : 0;
                                want = l != 0;
                                i += l;
                            }
                            disagree += im_utf8_ok(str, len) != want;
                        }
                    }
        CHECK(disagree == 0);
    }
    /* The four-byte forms likewise: every lead from F0 up, every second
     * byte, the third and fourth at the edges, whole and cut short. */
    {
        static const unsigned char edges[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0, 0xFF};
        size_t disagree = 0;
        for (unsigned b0 = 0xF0; b0 <= 0xFF; b0++)
            for (unsigned b1 = 0; b1 <= 0xFF; b1++)
                for (size_t k = 0; k < sizeof edges; k++)
                    for (size_t q = 0; q < sizeof edges; q++)
                        for (size_t n = 1; n <= 4; n++) {
                            char str[4] = {(char)b0, (char)b1, (char)edges[k], (char)edges[q]};
                            int want = 1;
                            for (size_t i = 0; i < n && want;) {
                                size_t l = str[i] ? im_utf8_decode(str + i, n - i, &cp, NULL) : 0;
                                want = l != 0;
                                i += l;
                            }
                            disagree += im_utf8_ok(str, n) != want;
                        }
        CHECK(disagree == 0);
    }
    /* Runs of ASCII (taken eight bytes at a time): one byte of every value
     * at every position of 24 bytes of ASCII, from every start offset, and
     * a valid two-byte letter there; the verdict is the decoder's. */
    {
        size_t disagree = 0;
        for (unsigned c = 0; c <= 0xFF; c++)
            for (size_t pos = 0; pos < 24; pos++)
                for (size_t off = 0; off < 8; off++) {
                    char buf[40];
                    memset(buf, 'q', sizeof buf);
                    buf[off + pos] = (char)c;
                    int want = c != 0 && c < 0x80;
                    disagree += im_utf8_ok(buf + off, 24) != want;
                    buf[off + pos] = (char)0xC3;
                    buf[off + pos + 1] = (char)0xA9;
                    disagree += im_utf8_ok(buf + off, 25) != 1;
                    disagree += im_utf8_ok(buf + off, pos + 1) != 0; /* cut after the lead */
                }
        CHECK(disagree == 0);
    }

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
    check_plain_fold();
    return im_check_done();
}
