/* utf8_text.c -- see utf8_text.h. */
#include "utf8_text.h"

#include "innermost/utf8.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int im_utf8_is_valid(const char *str, size_t len)
{
    return im_utf8_ok(str, len);
}

/* The simple lower-case mapping of one code point, over the ranges the
 * header lists; anything else maps to itself. */
static uint32_t fold_cp(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c < 0xC0)
        return c;
    if (c <= 0xDE)
        return c == 0xD7 ? c : c + 32;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x130)
            return 'i';
        if (c == 0x178)
            return 0xFF;
        if (c == 0x17F)
            return 's';
        if (c <= 0x137 || (c >= 0x14A && c <= 0x177))
            return (c & 1) ? c : c + 1; /* even capital, odd small */
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
            return (c & 1) ? c + 1 : c; /* odd capital, even small */
        return c;                       /* 0x138, 0x149: no case */
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
        return c + 32;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    return c;
}

static size_t put_cp(uint32_t c, unsigned char *o)
{
    if (c < 0x80) {
        o[0] = (unsigned char)c;
        return 1;
    }
    /* Every folded code point here is below U+0800. */
    o[0] = (unsigned char)(0xC0 | (c >> 6));
    o[1] = (unsigned char)(0x80 | (c & 0x3F));
    return 2;
}

/* Lower-case eight ASCII bytes at once (no byte may have its high bit
 * set): a byte gets 0x20 added when it is >= 'A' and <= 'Z'.  The sums
 * cannot carry into the next byte because every byte is below 0x80. */
static uint64_t ascii8_lower(uint64_t x)
{
    const uint64_t high = 0x8080808080808080ULL;
    uint64_t ge_a = x + 0x3F3F3F3F3F3F3F3FULL; /* high bit: byte >= 'A' */
    uint64_t gt_z = x + 0x2525252525252525ULL; /* high bit: byte >  'Z' */
    return x | (((ge_a ^ gt_z) & high) >> 2);
}

size_t im_utf8_casefold(const char *str, size_t len, char *out)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char *o = (unsigned char *)out;
    size_t i = 0, n = 0;
    while (i < len) {
        /* Most journal text is ASCII: fold it eight bytes at a time. */
        if (len - i >= 8) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if ((x & 0x8080808080808080ULL) == 0) {
                x = ascii8_lower(x);
                memcpy(o + n, &x, 8);
                i += 8;
                n += 8;
                continue;
            }
        }
        unsigned c = s[i];
        if (c < 0x80) {
            o[n++] = (unsigned char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            i++;
        } else if ((c & 0xE0) == 0xC0 && i + 1 < len) {
            uint32_t cp = ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
            n += put_cp(fold_cp(cp), o + n);
            i += 2;
        } else {
            /* Three- and four-byte sequences are copied as they are. */
            size_t k = (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
            for (size_t j = 0; j < k && i < len; j++)
                o[n++] = s[i++];
        }
    }
    return n;
}

/* Code points decomposed on the stack before the heap is asked. */
#define FOLD_STACK 256

/*
 * The fold of a code point of the "plain" set, or -1 for one outside it.
 * A plain code point has combining class 0, is its own NFKC form, folds
 * (full case folding) to one code point -- or, U+00DF, to "ss", which is
 * never the first of a composition with a plain code point either -- and
 * is never the second of a canonical composition; so a text made of plain
 * code points only can neither compose nor reorder, and its NFKC_Casefold
 * is the fold of each code point in turn, which this gives without
 * utf8proc.  The set is the letters most journal text is made of: ASCII;
 * Latin-1 and Latin Extended-A letters but those that decompose or fold
 * to two other than sharp s (U+0130, U+0132-0133, U+013F-0140, U+0149,
 * U+017F); Greek letters with and without tonos, final sigma too (it
 * folds to sigma), but U+0387, U+0390 and U+03B0; Cyrillic U+0400-045F; Arabic letters U+0621-064A;
 * Devanagari but its nukta, virama, stress marks and the nukta letters
 * (composition exclusions); the CJK ideographs U+4E00-9FFF; and the emoji
 * blocks U+1F300-1F6FF and U+1F900-1F9FF.  tests/journal/test_text.c
 * checks every one of these ranges' code points, and every pair of them
 * (the large blocks sampled), against utf8proc.
 */
#define PLAIN_SS 0x110000 /* plain_fold's answer for U+00DF: "ss" */

static int32_t plain_fold(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? (int32_t)c + 32 : (int32_t)c;
    if (c < 0xC0)
        return -1;
    if (c < 0x180) {
        /* German's sharp s, in every word that has it: utf8proc took a
         * long entry's save most of its fold time (journal_bench) */
        if (c == 0xDF)
            return PLAIN_SS;
        if (c == 0x130 || c == 0x132 || c == 0x133 || c == 0x13F ||
            c == 0x140 || c == 0x149 || c == 0x17F)
            return -1;
        return (int32_t)fold_cp(c);
    }
    if (c >= 0x386 && c <= 0x3CE) {
        switch (c) {
        case 0x386: return 0x3AC;
        case 0x388:
        case 0x389:
        case 0x38A: return (int32_t)c + 37;
        case 0x38C: return 0x3CC;
        case 0x38E:
        case 0x38F: return (int32_t)c + 63;
        case 0x387:
        case 0x38B:
        case 0x38D:
        case 0x390:
        case 0x3A2:
        case 0x3B0: return -1;
        case 0x3C2: return 0x3C3; /* final sigma folds to sigma */
        default: return c <= 0x3AB ? (int32_t)c + 32 : (int32_t)c;
        }
    }
    if (c >= 0x400 && c <= 0x45F)
        return c < 0x410   ? (int32_t)c + 80
               : c < 0x430 ? (int32_t)c + 32
                           : (int32_t)c;
    if (c >= 0x621 && c <= 0x64A)
        return (int32_t)c;
    if (c >= 0x900 && c <= 0x97F)
        return c == 0x93C || c == 0x94D || (c >= 0x951 && c <= 0x954) ||
                       (c >= 0x958 && c <= 0x95F)
                   ? -1
                   : (int32_t)c;
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x1F300 && c <= 0x1F6FF) ||
        (c >= 0x1F900 && c <= 0x1F9FF))
        return (int32_t)c;
    return -1;
}

/* Fold s[0..len) if every code point of it is plain (plain_fold): 1 with
 * *need set, 0 if it is not (or not valid UTF-8: utf8proc decides). */
static int fold_plain(const char *str, size_t len, char *out, size_t cap,
                      size_t *need)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, o = 0;
    char enc[4];
    int plain = 1;
    while (i < len) {
        uint32_t cp;
        size_t k;
        if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < len &&
            (s[i + 1] & 0xC0) == 0x80) { /* two bytes, the common case */
            cp = ((uint32_t)(s[i] & 0x1F) << 6) | (s[i + 1] & 0x3F);
            k = 2;
        } else {
            k = im_utf8_decode(str + i, len - i, &cp, NULL);
        }
        int32_t f = k ? plain_fold(cp) : -1;
        if (f < 0) {
            plain = 0;
            break;
        }
        i += k;
        if (f == PLAIN_SS) {
            if (o + 2 <= cap)
                memcpy(out + o, "ss", 2);
            o += 2;
            continue;
        }
        if (o + 4 <= cap) { /* straight into out while it has room */
            o += im_utf8_encode((uint32_t)f, out + o);
            continue;
        }
        size_t e = im_utf8_encode((uint32_t)f, enc);
        if (o + e <= cap)
            memcpy(out + o, enc, e);
        o += e;
    }
    sodium_memzero(enc, sizeof enc);
    *need = o;
    return plain;
}

size_t im_utf8_fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t i = 0;
    while (i < len && (unsigned char)s[i] < 0x80)
        i++;
    if (i == len) { /* ASCII: the fast path, folding A-Z only */
        if (len <= cap)
            for (size_t k = 0; k < len; k++)
                out[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
        return len;
    }
    size_t need;
    if (fold_plain(s, len, out, cap, &need))
        return need;
    const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                   UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t stack[FOLD_STACK];
    utf8proc_ssize_t n = utf8proc_decompose(u, (utf8proc_ssize_t)len, stack,
                                            FOLD_STACK, opts);
    if (n < 0) {
        sodium_memzero(stack, sizeof stack);
        return (size_t)-1;
    }
    utf8proc_int32_t *cps = stack;
    if (n > FOLD_STACK) {
        cps = malloc((size_t)n * sizeof *cps);
        if (!cps) {
            sodium_memzero(stack, sizeof stack);
            return (size_t)-1;
        }
        sodium_memzero(stack, sizeof stack);
        if (utf8proc_decompose(u, (utf8proc_ssize_t)len, cps, n, opts) != n) {
            sodium_memzero(cps, (size_t)n * sizeof *cps);
            free(cps);
            return (size_t)-1;
        }
    }
    utf8proc_ssize_t m = utf8proc_normalize_utf32(cps, n,
                                                  opts); /* compose, in place */
    size_t o = 0;
    utf8proc_uint8_t enc[4];
    for (utf8proc_ssize_t k = 0; m > 0 && k < m; k++) {
        if (o + 4 <= cap) { /* straight into out while it has room */
            o += (size_t)utf8proc_encode_char(cps[k],
                                              (utf8proc_uint8_t *)out + o);
            continue;
        }
        utf8proc_ssize_t e = utf8proc_encode_char(cps[k], enc);
        if (o + (size_t)e <= cap)
            memcpy(out + o, enc, (size_t)e);
        o += (size_t)e;
    }
    sodium_memzero(enc, sizeof enc);
    /* Wiped as far as it was written: utf8proc writes at most n code
     * points, and the whole stack when n did not fit it. */
    sodium_memzero(cps, (size_t)n * sizeof *cps);
    if (cps != stack)
        free(cps);
    return m < 0 ? (size_t)-1 : o;
}
