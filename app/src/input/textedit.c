/*
 * textedit.c -- the UTF-8 edit buffer (contract in textedit.h).
 *
 * Design notes.
 *   - One contiguous buffer with the text; edits memmove the tail.  Text
 *     fields and journal entries are short enough (kilobytes) that a gap
 *     buffer would buy nothing measurable.
 *   - Everything that enters is cleaned first (clean_input): invalid UTF-8
 *     becomes U+FFFD per "maximal subpart" (Unicode ch. 3, U+FFFD
 *     substitution), line ends are normalized and control characters
 *     dropped.  So the stored text is valid by construction and the cursor
 *     code below can decode without checks.
 *   - Character boundaries follow a simplified UAX #29: a cluster is a base
 *     code point plus Extend marks, ZWJ-joined code points, and regional
 *     indicators in pairs.  Finding the boundary before a position is done
 *     by walking back to a position that is certainly a boundary and then
 *     forward, so regional-indicator pairing is counted correctly.
 *   - Memory that held text is wiped before release (im_mem_wipe); the
 *     buffer grows by copy-then-wipe, never realloc, so no copy of a
 *     passphrase is left behind in freed heap memory.  A secret field
 *     gives the buffer locked memory (im_textedit_set_alloc) for the text
 *     and preedit it keeps; copies made within one call stay on the heap,
 *     wiped before the call returns.
 */
#include "input/textedit.h"

#include "innermost/utf8.h"

#include <stdlib.h>
#include <string.h>

#define ZWJ 0x200Du
#define REPLACEMENT 0xFFFDu

/* ---- UTF-8 --------------------------------------------------------------- */

/* Decoding and encoding are core's (innermost/utf8.h): one decoder for
 * core and app, so both agree on every byte. */

int im_utf8_valid(const char *s, size_t len)
{
    size_t i = 0, bad;
    uint32_t cp;
    while (i < len) {
        size_t n = im_utf8_decode(s + i, len - i, &cp, &bad);
        if (!n) return 0;
        i += n;
    }
    return 1;
}

size_t im_utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}

/* Decode at pos in text known to be valid. */
static size_t cp_at(const char *s, size_t len, size_t pos, uint32_t *cp)
{
    size_t bad;
    size_t n = im_utf8_decode(s + pos, len - pos, cp, &bad);
    if (!n) { /* cannot happen for cleaned text; stay safe */
        *cp = REPLACEMENT;
        return 1;
    }
    return n;
}

/* Start of the code point before pos (pos > 0). */
static size_t cp_start_before(const char *s, size_t pos)
{
    do pos--;
    while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80);
    return pos;
}

/* ---- character classes --------------------------------------------------- */

typedef struct range {
    uint32_t lo, hi;
} range;

/* Code points that attach to the one before (Grapheme_Cluster_Break Extend
 * and SpacingMark for common scripts; not exhaustive). */
// clang-format off
static const range EXTEND[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
    {0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
    {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0711, 0x0711}, {0x0730, 0x074A},
    {0x0900, 0x0903}, {0x093A, 0x093C}, {0x093E, 0x094F}, {0x0951, 0x0957},
    {0x0962, 0x0963}, {0x0981, 0x0983}, {0x09BC, 0x09BC}, {0x09BE, 0x09C4},
    {0x09C7, 0x09C8}, {0x09CB, 0x09CD}, {0x0A01, 0x0A03}, {0x0A3C, 0x0A51},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF},
    {0x1DC0, 0x1DFF}, {0x200C, 0x200C}, {0x20D0, 0x20FF}, {0x302A, 0x302F},
    {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0x1F3FB, 0x1F3FF},
    {0xE0020, 0xE007F}, {0xE0100, 0xE01EF},
};
// clang-format on

/* Non-ASCII code points that separate words. */
// clang-format off
static const range NONWORD[] = {
    {0x0080, 0x00A9}, {0x00AB, 0x00B4}, {0x00B6, 0x00B9}, {0x00BB, 0x00BF},
    {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x1680, 0x1680}, {0x2000, 0x206F},
    {0x2E00, 0x2E7F}, {0x3000, 0x3003}, {0x3008, 0x3020}, {0xFEFF, 0xFEFF},
    {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65},
};
// clang-format on

static int in_ranges(const range *r, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < r[mid].lo) hi = mid;
        else if (cp > r[mid].hi) lo = mid + 1;
        else return 1;
    }
    return 0;
}

static int is_extend(uint32_t cp) { return in_ranges(EXTEND, sizeof EXTEND / sizeof EXTEND[0], cp); }

static int is_regional(uint32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }
static int is_control(uint32_t cp) { return cp < 0x20 || cp == 0x7F; }

static int is_word(uint32_t cp)
{
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
    return !in_ranges(NONWORD, sizeof NONWORD / sizeof NONWORD[0], cp);
}

/* ---- clusters ---------------------------------------------------------- */

/* End of the cluster that starts at pos (pos < len, a boundary). */
static size_t cluster_end(const im_text_breaks *B, const char *s, size_t len, size_t pos)
{
    if (B && B->cluster_end && pos < len) {
        size_t q = B->cluster_end(s, len, pos, B->ctx);
        if (q <= pos || q > len) q = pos + 1; /* a bad answer: one byte, then to the sequence's end */
        while (q < len && ((unsigned char)s[q] & 0xC0) == 0x80) q++;
        return q;
    }
    uint32_t cp, nx;
    size_t p = pos + cp_at(s, len, pos, &cp);
    if (is_control(cp)) return p; /* GB4: nothing attaches to a control */
    if (is_regional(cp) && p < len) {
        size_t n = cp_at(s, len, p, &nx);
        if (is_regional(nx)) p += n; /* a flag: exactly two */
    }
    while (p < len) {
        size_t n = cp_at(s, len, p, &nx);
        if (is_extend(nx)) {
            p += n;
        } else if (nx == ZWJ) {
            p += n;
            if (p < len) {
                n = cp_at(s, len, p, &nx);
                if (!is_control(nx) && nx != ' ') p += n;
            }
        } else {
            break;
        }
    }
    return p;
}

/* A position at or before pos (< len) that is certainly a cluster
 * boundary: a code point that attaches to nothing before it. */
static size_t certain_boundary(const im_text_breaks *B, const char *s, size_t len, size_t pos)
{
    while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80) pos--;
    while (pos > 0) {
        uint32_t cp, pv;
        size_t q = cp_start_before(s, pos);
        cp_at(s, len, pos, &cp);
        cp_at(s, len, q, &pv);
        int attaches = B && B->attaches ? B->attaches(cp, B->ctx) : is_extend(cp) || cp == ZWJ;
        if (!attaches && pv != ZWJ && !(is_regional(cp) && is_regional(pv))) return pos;
        pos = q;
    }
    return 0;
}

/* The largest cluster boundary <= pos. */
static size_t snap_back(const im_text_breaks *B, const char *s, size_t len, size_t pos)
{
    if (pos >= len) return len;
    size_t p = certain_boundary(B, s, len, pos);
    for (;;) {
        size_t q = cluster_end(B, s, len, p);
        if (q > pos || q <= p) return p;
        p = q;
    }
}

/* The smallest cluster boundary >= pos. */
static size_t snap_forward(const im_text_breaks *B, const char *s, size_t len, size_t pos)
{
    size_t b = snap_back(B, s, len, pos);
    return b == pos ? pos : cluster_end(B, s, len, b);
}

static size_t next_char(const im_text_breaks *B, const char *s, size_t len, size_t pos)
{
    if (pos >= len) return len;
    return cluster_end(B, s, len, snap_back(B, s, len, pos));
}

static size_t prev_char(const im_text_breaks *B, const char *s, size_t len, size_t pos)
{
    if (pos == 0) return 0;
    if (pos > len) pos = len;
    return snap_back(B, s, len, pos - 1);
}

static int cluster_is_word(const im_text_breaks *B, const char *s, size_t len, size_t pos)
{
    (void)B;
    uint32_t cp;
    cp_at(s, len, pos, &cp);
    return is_word(cp);
}

static size_t next_word(const im_text_breaks *B, const char *s, size_t len, size_t pos)
{
    pos = snap_back(B, s, len, pos);
    while (pos < len && !cluster_is_word(B, s, len, pos)) pos = cluster_end(B, s, len, pos);
    while (pos < len && cluster_is_word(B, s, len, pos)) pos = cluster_end(B, s, len, pos);
    return pos;
}

static size_t prev_word(const im_text_breaks *B, const char *s, size_t len, size_t pos)
{
    pos = snap_back(B, s, len, pos);
    while (pos > 0) {
        size_t p = prev_char(B, s, len, pos);
        if (cluster_is_word(B, s, len, p)) break;
        pos = p;
    }
    while (pos > 0) {
        size_t p = prev_char(B, s, len, pos);
        if (!cluster_is_word(B, s, len, p)) break;
        pos = p;
    }
    return pos;
}

/* ---- input cleaning (invariant 3) ------------------------------------ */

typedef struct cleaned {
    char *s;
    size_t len, chars;
    int flags;
} cleaned;

/* Make text valid for the buffer.  Returns 0, or -1 when out of memory.
 * The result is malloc'd (wipe it with im_mem_wipe_free). */
static int clean_input(const char *in, size_t len, int multiline, cleaned *out)
{
    out->s = NULL;
    out->len = out->chars = 0;
    out->flags = 0;
    if (!in) len = 0;
    if (len > (SIZE_MAX - 1) / 3) return -1;
    out->s = malloc(len * 3 + 1); /* worst case: every byte -> U+FFFD */
    if (!out->s) return -1;
    const unsigned char *u = (const unsigned char *)in;
    size_t i = 0, o = 0;
    while (i < len) {
        uint32_t cp;
        size_t bad, n = im_utf8_decode(in + i, len - i, &cp, &bad);
        if (!n) {
            cp = REPLACEMENT;
            n = bad;
            out->flags |= IM_TEXT_REPAIRED;
        }
        i += n;
        if (cp == '\r') {
            if (i < len && u[i] == '\n') continue; /* CR LF: keep only the LF */
            cp = '\n';
        }
        if (cp == '\n' || cp == '\t') {
            if (!multiline) cp = ' ';
        } else if (is_control(cp)) {
            continue;
        }
        o += im_utf8_encode(cp, out->s + o);
        out->chars++;
    }
    out->s[o] = '\0';
    out->len = o;
    return 0;
}

/* Cut cleaned text to at most max_chars code points at a cluster boundary. */
static void clean_truncate(const im_text_breaks *B, cleaned *c, size_t max_chars)
{
    if (c->chars <= max_chars) return;
    size_t p = 0, chars = 0;
    while (p < c->len) {
        size_t q = cluster_end(B, c->s, c->len, p);
        size_t k = im_utf8_count(c->s + p, q - p);
        if (chars + k > max_chars) break;
        chars += k;
        p = q;
    }
    im_mem_wipe(c->s + p, c->len - p);
    c->len = p;
    c->chars = chars;
    c->flags |= IM_TEXT_TRUNCATED;
}

/* ---- the buffer ---------------------------------------------------------- */

void im_textedit_init(im_textedit *te, int multiline, size_t max_chars)
{
    static const im_textedit zero;
    *te = zero;
    te->multiline = multiline != 0;
    te->max_chars = max_chars;
}

void im_textedit_set_breaks(im_textedit *te, const im_text_breaks *b)
{
    te->breaks = b;
    te->caret = snap_back(b, te->buf, te->len, te->caret);
    te->anchor = snap_back(b, te->buf, te->len, te->anchor);
}

/* Memory for text from the buffer's allocator, and back to it wiped. */
static void *mem_get(const im_textedit *te, size_t n) { return te->mem ? te->mem->alloc(n) : malloc(n); }

static void mem_put(const im_textedit *te, void *p, size_t n)
{
    if (!p) return;
    im_mem_wipe(p, n);
    if (te->mem) te->mem->release(p);
    else free(p);
}

/* A copy of s[0..n) (n includes the NUL) in the buffer's memory. */
static char *mem_dup(const im_textedit *te, const char *s, size_t n)
{
    char *p = mem_get(te, n);
    if (p) memcpy(p, s, n);
    return p;
}

static void preedit_clear(im_textedit *te)
{
    mem_put(te, te->pre, te->pre_cap);
    te->pre = NULL;
    te->pre_len = te->pre_cap = te->pre_cursor = 0;
}

void im_textedit_free(im_textedit *te)
{
    const im_text_alloc *mem = te->mem;
    mem_put(te, te->buf, te->cap);
    preedit_clear(te);
    im_textedit_init(te, te->multiline, te->max_chars);
    te->mem = mem;
}

int im_textedit_set_alloc(im_textedit *te, const im_text_alloc *a)
{
    im_textedit moved = *te;
    moved.mem = a;
    moved.buf = NULL;
    moved.pre = NULL;
    if (te->buf && !(moved.buf = mem_dup(&moved, te->buf, te->cap))) return -1;
    if (te->pre && !(moved.pre = mem_dup(&moved, te->pre, te->pre_cap))) {
        mem_put(&moved, moved.buf, moved.cap);
        return -1;
    }
    mem_put(te, te->buf, te->cap);
    mem_put(te, te->pre, te->pre_cap);
    *te = moved;
    return 0;
}

const im_text_alloc *im_textedit_alloc(const im_textedit *te) { return te->mem; }

/* Room for `need` bytes of text plus the NUL.  Grows by copy + wipe so no
 * stale copy survives in freed memory.  0 or -1. */
static int reserve(im_textedit *te, size_t need)
{
    if (need < te->cap) return 0;
    if (need > SIZE_MAX / 2 - 1) return -1;
    size_t cap = te->cap ? te->cap * 2 : 32;
    while (cap <= need) cap *= 2;
    char *nb = mem_get(te, cap);
    if (!nb) return -1;
    if (te->buf) memcpy(nb, te->buf, te->len + 1);
    mem_put(te, te->buf, te->cap);
    te->buf = nb;
    te->cap = cap;
    return 0;
}

/* Replace bytes [a, b) by ins (already clean).  0 or -1 (unchanged). */
static int splice(im_textedit *te, size_t a, size_t b, const char *ins, size_t ins_len)
{
    size_t new_len = te->len - (b - a) + ins_len;
    if (reserve(te, new_len) != 0) return -1;
    size_t removed_chars = im_utf8_count(te->buf + a, b - a);
    memmove(te->buf + a + ins_len, te->buf + b, te->len - b);
    if (ins_len) memcpy(te->buf + a, ins, ins_len);
    if (new_len < te->len) im_mem_wipe(te->buf + new_len, te->len - new_len);
    te->len = new_len;
    te->buf[new_len] = '\0';
    te->nchars = te->nchars - removed_chars + im_utf8_count(ins, ins_len);
    return 0;
}

const char *im_textedit_text(const im_textedit *te) { return te->buf ? te->buf : ""; }

size_t im_textedit_length(const im_textedit *te) { return te->len; }
size_t im_textedit_chars(const im_textedit *te) { return te->nchars; }
size_t im_textedit_caret(const im_textedit *te) { return te->caret; }
size_t im_textedit_anchor(const im_textedit *te) { return te->anchor; }

size_t im_textedit_selection(const im_textedit *te, size_t *start, size_t *end)
{
    size_t a = te->anchor < te->caret ? te->anchor : te->caret;
    size_t b = te->anchor < te->caret ? te->caret : te->anchor;
    if (start) *start = a;
    if (end) *end = b;
    return b - a;
}

/* Put caret (and anchor) at pos, snapped forward onto a boundary: an edit
 * can make a former boundary fall inside a cluster (a base inserted before
 * a lone combining mark). */
static void caret_after_edit(im_textedit *te, size_t pos)
{
    te->caret = te->anchor = snap_forward(te->breaks, te->buf, te->len, pos);
}

/* Replace the selection by cleaned text, honouring max_chars. */
static int replace_selection(im_textedit *te, cleaned *c)
{
    size_t a, b;
    im_textedit_selection(te, &a, &b);
    if (te->max_chars) {
        size_t sel = b > a ? im_utf8_count(te->buf + a, b - a) : 0;
        size_t kept = te->nchars - sel;
        size_t room = kept < te->max_chars ? te->max_chars - kept : 0;
        size_t had = c->len;
        clean_truncate(te->breaks, c, room);
        if (had > 0 && c->len == 0) return (c->flags & ~IM_TEXT_TRUNCATED) | IM_TEXT_FULL;
    }
    if (c->len == 0 && a == b) return c->flags | IM_TEXT_UNCHANGED;
    if (splice(te, a, b, c->s, c->len) != 0) return IM_TEXT_NOMEM;
    caret_after_edit(te, a + c->len);
    return c->flags;
}

int im_textedit_insert(im_textedit *te, const char *utf8, size_t len)
{
    cleaned c;
    preedit_clear(te);
    if (clean_input(utf8, len, te->multiline, &c) != 0) return IM_TEXT_NOMEM;
    int rc = replace_selection(te, &c);
    im_mem_wipe_free(c.s, c.len + 1);
    return rc;
}

int im_textedit_set_text(im_textedit *te, const char *utf8, size_t len)
{
    cleaned c;
    preedit_clear(te);
    if (clean_input(utf8, len, te->multiline, &c) != 0) return IM_TEXT_NOMEM;
    if (te->max_chars) clean_truncate(te->breaks, &c, te->max_chars);
    int rc = c.flags;
    if (splice(te, 0, te->len, c.s, c.len) != 0) rc = IM_TEXT_NOMEM;
    else te->caret = te->anchor = te->len;
    im_mem_wipe_free(c.s, c.len + 1);
    return rc;
}

/* Delete [a, b) and leave the caret at a. */
static int delete_range(im_textedit *te, size_t a, size_t b)
{
    if (a >= b) return IM_TEXT_UNCHANGED;
    if (splice(te, a, b, NULL, 0) != 0) /* shrinking never allocates */
        return IM_TEXT_NOMEM;
    caret_after_edit(te, a);
    return IM_TEXT_OK;
}

int im_textedit_delete_selection(im_textedit *te)
{
    size_t a, b;
    im_textedit_selection(te, &a, &b);
    return delete_range(te, a, b);
}

/* Backspace-like keys: the selection if there is one, else [a, b). */
static int delete_selection_or(im_textedit *te, size_t a, size_t b)
{
    if (te->anchor != te->caret) return im_textedit_delete_selection(te);
    return delete_range(te, a, b);
}

int im_textedit_delete_back(im_textedit *te)
{
    return delete_selection_or(te, prev_char(te->breaks, te->buf, te->len, te->caret), te->caret);
}

int im_textedit_delete_forward(im_textedit *te)
{
    return delete_selection_or(te, te->caret, next_char(te->breaks, te->buf, te->len, te->caret));
}

int im_textedit_delete_word_back(im_textedit *te)
{
    return delete_selection_or(te, prev_word(te->breaks, te->buf, te->len, te->caret), te->caret);
}

int im_textedit_delete_word_forward(im_textedit *te)
{
    return delete_selection_or(te, te->caret, next_word(te->breaks, te->buf, te->len, te->caret));
}

/* ---- caret and selection ------------------------------------------------ */

static void put_caret(im_textedit *te, size_t pos, int extend)
{
    te->caret = pos;
    if (!extend) te->anchor = pos;
}

void im_textedit_move(im_textedit *te, im_text_move how, int extend)
{
    size_t a, b;
    int has_sel = im_textedit_selection(te, &a, &b) > 0;
    const im_text_breaks *B = te->breaks;
    const char *s = te->buf;
    size_t len = te->len, c = te->caret;
    switch (how) {
    case IM_MOVE_LEFT: put_caret(te, has_sel && !extend ? a : prev_char(B, s, len, c), extend); break;
    case IM_MOVE_RIGHT: put_caret(te, has_sel && !extend ? b : next_char(B, s, len, c), extend); break;
    case IM_MOVE_WORD_LEFT: put_caret(te, prev_word(B, s, len, c), extend); break;
    case IM_MOVE_WORD_RIGHT: put_caret(te, next_word(B, s, len, c), extend); break;
    case IM_MOVE_START: put_caret(te, 0, extend); break;
    case IM_MOVE_END: put_caret(te, len, extend); break;
    case IM_MOVE_LINE_START: put_caret(te, im_textedit_line_start(te, c), extend); break;
    case IM_MOVE_LINE_END: put_caret(te, im_textedit_line_end(te, c), extend); break;
    }
}

/* '\n' is one byte that never occurs inside a UTF-8 sequence nor a cluster
 * (CR LF was made '\n' on the way in), so both ends are boundaries. */
size_t im_textedit_line_start(const im_textedit *te, size_t pos)
{
    if (pos > te->len) pos = te->len;
    while (pos > 0 && te->buf[pos - 1] != '\n') pos--;
    return pos;
}

size_t im_textedit_line_end(const im_textedit *te, size_t pos)
{
    if (pos > te->len) pos = te->len;
    while (pos < te->len && te->buf[pos] != '\n') pos++;
    return pos;
}

void im_textedit_set_caret(im_textedit *te, size_t pos, int extend)
{
    put_caret(te, snap_back(te->breaks, te->buf, te->len, pos), extend);
}

void im_textedit_select(im_textedit *te, size_t anchor, size_t caret)
{
    te->anchor = snap_back(te->breaks, te->buf, te->len, anchor);
    te->caret = snap_back(te->breaks, te->buf, te->len, caret);
}

void im_textedit_select_all(im_textedit *te)
{
    te->anchor = 0;
    te->caret = te->len;
}

void im_textedit_select_word(im_textedit *te, size_t pos)
{
    const im_text_breaks *B = te->breaks;
    const char *s = te->buf;
    size_t len = te->len;
    pos = snap_back(B, s, len, pos);
    if ((pos >= len || !cluster_is_word(B, s, len, pos)) && pos > 0 &&
        cluster_is_word(B, s, len, prev_char(B, s, len, pos)))
        pos = prev_char(B, s, len, pos);
    if (pos >= len) {
        im_textedit_select(te, len, len);
        return;
    }
    if (!cluster_is_word(B, s, len, pos)) {
        im_textedit_select(te, pos, cluster_end(B, s, len, pos));
        return;
    }
    size_t a = pos, b = pos;
    while (a > 0 && cluster_is_word(B, s, len, prev_char(B, s, len, a))) a = prev_char(B, s, len, a);
    while (b < len && cluster_is_word(B, s, len, b)) b = cluster_end(B, s, len, b);
    te->anchor = a;
    te->caret = b;
}

char *im_textedit_copy_selection(const im_textedit *te, size_t *len)
{
    size_t a, b;
    size_t n = im_textedit_selection(te, &a, &b);
    if (len) *len = 0;
    if (n == 0) return NULL;
    char *out = malloc(n + 1);
    if (!out) return NULL;
    memcpy(out, te->buf + a, n);
    out[n] = '\0';
    if (len) *len = n;
    return out;
}

size_t im_textedit_next_char(const im_textedit *te, size_t pos) { return next_char(te->breaks, te->buf, te->len, pos); }

size_t im_textedit_prev_char(const im_textedit *te, size_t pos) { return prev_char(te->breaks, te->buf, te->len, pos); }

size_t im_textedit_next_word(const im_textedit *te, size_t pos) { return next_word(te->breaks, te->buf, te->len, pos); }

size_t im_textedit_prev_word(const im_textedit *te, size_t pos) { return prev_word(te->breaks, te->buf, te->len, pos); }

/* ---- IME composition -------------------------------------------------- */

int im_textedit_preedit_set(im_textedit *te, const char *utf8, size_t len, size_t cursor_cp)
{
    cleaned c;
    if (clean_input(utf8, len, te->multiline, &c) != 0) return IM_TEXT_NOMEM;
    preedit_clear(te);
    if (c.len == 0) {
        im_mem_wipe_free(c.s, 1);
        return c.flags;
    }
    te->pre = te->mem ? mem_dup(te, c.s, c.len + 1) : c.s;
    if (te->mem) im_mem_wipe_free(c.s, c.len + 1);
    if (!te->pre) return IM_TEXT_NOMEM;
    te->pre_len = c.len;
    te->pre_cap = c.len + 1;
    size_t p = 0;
    for (size_t k = 0; k < cursor_cp && p < c.len; k++) {
        uint32_t cp;
        p += cp_at(te->pre, c.len, p, &cp);
    }
    te->pre_cursor = p;
    return c.flags;
}

int im_textedit_preedit_commit(im_textedit *te)
{
    if (!te->pre) return IM_TEXT_UNCHANGED;
    char *p = te->pre;
    size_t n = te->pre_len, cap = te->pre_cap;
    te->pre = NULL; /* insert() would clear it */
    te->pre_len = te->pre_cap = te->pre_cursor = 0;
    int rc = im_textedit_insert(te, p, n);
    mem_put(te, p, cap);
    return rc;
}

void im_textedit_preedit_cancel(im_textedit *te) { preedit_clear(te); }

const char *im_textedit_preedit(const im_textedit *te) { return te->pre ? te->pre : ""; }

size_t im_textedit_preedit_cursor(const im_textedit *te) { return te->pre_cursor; }

/* Append src[0..n) to out within cap - 1 bytes, never splitting a code
 * point; *o is the write position. */
static void copy_bounded(char *out, size_t cap, size_t *o, const char *src, size_t n)
{
    if (cap == 0 || *o >= cap - 1) return;
    size_t room = cap - 1 - *o;
    n = im_utf8_clip(src, n, room);
    memcpy(out + *o, src, n);
    *o += n;
}

size_t im_textedit_display(const im_textedit *te, char *out, size_t cap)
{
    const char *s = im_textedit_text(te);
    size_t o = 0;
    if (out && cap) {
        copy_bounded(out, cap, &o, s, te->caret);
        /* Once truncated, later parts must not be appended after a gap. */
        if (o == te->caret) copy_bounded(out, cap, &o, im_textedit_preedit(te), te->pre_len);
        if (o == te->caret + te->pre_len) copy_bounded(out, cap, &o, s + te->caret, te->len - te->caret);
        out[o] = '\0';
    }
    return te->len + te->pre_len;
}
