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

#if (defined(__GNUC__) || defined(__clang__)) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ASCII_RUNS 1
#endif

/* What im_utf8_decode accepts, checked in place, one branch per form: a
 * journal save validates every byte of its text (a long entry's save spent
 * 12 instructions a byte here, callgrind, journal_bench).  Runs of ASCII
 * go eight bytes at a time, up to their first byte that is NUL or has its
 * high bit set. */
int im_utf8_ok(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        if (c - 1u < 0x7Fu) { /* ASCII, not NUL */
#ifdef ASCII_RUNS
            if (n - i >= 8) {
                /* the NUL test: a byte minus one borrows into its high bit
                 * only if it was zero, and a borrow only reaches bytes
                 * above it -- so the lowest flagged byte is the first one
                 * that ends the run (and it is not byte 0, which is c) */
                const uint64_t ones = 0x0101010101010101ULL,
                               high = 0x8080808080808080ULL;
                uint64_t x;
                memcpy(&x, u + i, 8);
                uint64_t m = (x | ((x - ones) & ~x)) & high;
                i += m ? (size_t)__builtin_ctzll(m) / 8 : 8;
                continue;
            }
#endif
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) { /* a word of them in one loop */
            do {
                if (n - i < 2 || (u[i + 1] & 0xC0) != 0x80)
                    return 0;
                i += 2;
            } while (i < n && u[i] - 0xC2u <= 0xDFu - 0xC2u);
            continue;
        }
        if (c >= 0xE0 && c <= 0xEF) { /* E0 and ED narrow the second byte */
            do {
                c = u[i];
                unsigned lo = c == 0xE0 ? 0xA0 : 0x80,
                         hi = c == 0xED ? 0x9F : 0xBF;
                if (n - i < 3 || u[i + 1] < lo || u[i + 1] > hi ||
                    (u[i + 2] & 0xC0) != 0x80)
                    return 0;
                i += 3;
            } while (i < n && u[i] - 0xE0u <= 0xEFu - 0xE0u);
            continue;
        }
        if (c >= 0xF0 && c <= 0xF4) { /* F0 and F4 likewise */
            unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
            if (n - i < 4 || u[i + 1] < lo || u[i + 1] > hi ||
                (u[i + 2] & 0xC0) != 0x80 || (u[i + 3] & 0xC0) != 0x80)
                return 0;
            i += 4;
            continue;
        }
        return 0; /* NUL, a continuation byte, C0, C1, F5..FF */
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
