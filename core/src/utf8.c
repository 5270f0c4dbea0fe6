/* utf8.c -- see utf8.h. */
#include "utf8.h"

size_t im_utf8_seq_len(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4; min = 0x10000;
    } else {
        return 0;
    }
    if ((size_t)(end - p) < n)
        return 0;
    unsigned cp = c & (0x3Fu >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

int im_utf8_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        size_t len = *p ? im_utf8_seq_len(p, end) : 0;
        if (len == 0)
            return 0;
        p += len;
    }
    return 1;
}
