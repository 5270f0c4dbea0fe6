/* utf8.c -- the one UTF-8 decoder (innermost/utf8.h). */
#include "innermost/utf8.h"

#include <stdint.h>
#include <string.h>

size_t im_utf8_decode(const char *str, size_t len, uint32_t *cp, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned b0 = s[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    uint32_t v;
    size_t bad_len = 1;
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
        v = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        v = b0 & 0x0F;
        if (b0 == 0xE0)
            lo = 0xA0; /* shorter forms exist */
        if (b0 == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        v = b0 & 0x07;
        if (b0 == 0xF0)
            lo = 0x90;
        if (b0 == 0xF4)
            hi = 0x8F; /* past U+10FFFF */
    } else {
        if (bad)
            *bad = bad_len;
        return 0;
    }
    for (size_t k = 1; k <= need; k++) {
        if (k >= len || s[k] < lo || s[k] > hi) {
            if (bad)
                *bad = k;
            return 0;
        }
        v = (v << 6) | (s[k] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    return need + 1;
}

size_t im_utf8_seq_len(const unsigned char *p, const unsigned char *end)
{
    uint32_t cp;
    return im_utf8_decode((const char *)p, (size_t)(end - p), &cp, NULL);
}

int im_utf8_ok(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* ASCII (not NUL) needs no decoding; a run of it goes eight
         * bytes at a time while no byte is NUL or has its high bit set
         * (the NUL test: a byte minus one borrows into its high bit only
         * if it was zero). */
        unsigned char c = (unsigned char)s[i];
        if (c - 1u < 0x7Fu) {
            if (n - i >= 8) {
                uint64_t x;
                memcpy(&x, s + i, 8);
                const uint64_t ones = 0x0101010101010101ULL,
                               high = 0x8080808080808080ULL;
                if (((x | ((x - ones) & ~x)) & high) == 0) {
                    i += 8;
                    continue;
                }
            }
            i++;
            continue;
        }
        /* The two- and three-byte forms whose continuation bytes may be
         * any of 0x80..0xBF (most text not in Latin), checked in place;
         * the rest (E0 and ED narrow their second byte, four bytes) by the
         * decoder.  A journal save validates every byte of its text. */
        const unsigned char *u = (const unsigned char *)s + i;
        if (c >= 0xC2 && c <= 0xDF && n - i >= 2 && (u[1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && n - i >= 3 &&
            (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        uint32_t cp;
        size_t len = s[i] ? im_utf8_decode(s + i, n - i, &cp, NULL) : 0;
        if (len == 0)
            return 0;
        i += len;
    }
    return 1;
}

long im_utf8_chars(const char *s, size_t n)
{
    long count = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = im_utf8_decode(s + i, n - i, &cp, NULL);
        if (len == 0)
            return -1;
        i += len;
        count++;
    }
    return count;
}

size_t im_utf8_encode(uint32_t cp, char out[4])
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF)
        return 0;
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t im_utf8_clip(const char *str, size_t len, size_t max)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && (s[n] & 0xC0) == 0x80)
        n--;
    return n;
}
