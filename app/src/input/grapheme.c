/*
 * grapheme.c -- see grapheme.h.
 *
 * utf8proc_grapheme_break_stateful carries the state UAX #29 needs across
 * a cluster (regional indicator pairs, emoji ZWJ sequences); a cluster is
 * walked from its first code point, so the state starts fresh there.
 * Invalid UTF-8 is one byte per cluster (the buffer never holds any: its
 * invariant 1; the check is for callers that pass other text).
 */
#include "input/grapheme.h"

#include <utf8proc.h>

size_t ui_grapheme_end(const char *s, size_t len, size_t pos)
{
    if (pos >= len) return len;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t cp = 0, next = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p + pos, (utf8proc_ssize_t)(len - pos), &cp);
    if (n <= 0) return pos + 1;
    utf8proc_int32_t state = 0;
    size_t at = pos + (size_t)n;
    while (at < len) {
        utf8proc_ssize_t m = utf8proc_iterate(p + at, (utf8proc_ssize_t)(len - at), &next);
        if (m <= 0 || utf8proc_grapheme_break_stateful(cp, next, &state)) break;
        cp = next;
        at += (size_t)m;
    }
    return at;
}

static size_t end_fn(const char *s, size_t len, size_t pos, void *ctx)
{
    (void)ctx;
    return ui_grapheme_end(s, len, pos);
}

/* Whether cp may continue the cluster before it: anything but a plain
 * character, a control or a pictograph (which join only after a ZWJ, and
 * the buffer checks for the ZWJ itself).  Hangul L/LV/LVT may follow an L
 * jamo, so they count as attaching (a "no" must be certain).  A Prepend
 * character (rare: a few Arabic number signs and Indic repha forms) makes
 * the next character attach; that case is not seen here. */
static int attaches_fn(uint32_t cp, void *ctx)
{
    (void)ctx;
    int bc = utf8proc_get_property((utf8proc_int32_t)cp)->boundclass;
    return !(bc == UTF8PROC_BOUNDCLASS_OTHER || bc == UTF8PROC_BOUNDCLASS_CR || bc == UTF8PROC_BOUNDCLASS_LF ||
             bc == UTF8PROC_BOUNDCLASS_CONTROL || bc == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC);
}

static const im_text_breaks breaks = { end_fn, attaches_fn, NULL };

const im_text_breaks *ui_grapheme_breaks(void) { return &breaks; }
