/*
 * content_lex.c -- bytes to lines, and the small value syntaxes.
 * See content_lex.h.
 */
#include "content_lex.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

int im_lex_check_bytes(const char *data, size_t len, int *line, char *msg,
                       size_t msgsize)
{
    const unsigned char *p = (const unsigned char *)data;
    const unsigned char *end = p + len;
    const unsigned char *line_start = p;
    int ln = 1;
    while (p < end) {
        unsigned c = *p;
        if (c == '\n') {
            ln++;
            p++;
            line_start = p;
            continue;
        }
        if ((size_t)(p - line_start) >= IM_CONTENT_LINE_MAX) {
            *line = ln;
            snprintf(msg, msgsize, "line longer than %d bytes",
                     IM_CONTENT_LINE_MAX);
            return -1;
        }
        if (c == 0) {
            *line = ln;
            snprintf(msg, msgsize,
                     "binary data (a zero byte); expected UTF-8 text");
            return -1;
        }
        if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
            *line = ln;
            snprintf(msg, msgsize,
                     "control character 0x%02X; expected plain text", c);
            return -1;
        }
        size_t n = im_utf8_seq_len(p, end);
        if (n == 0) {
            *line = ln;
            snprintf(msg, msgsize, "invalid UTF-8; expected UTF-8 text");
            return -1;
        }
        p += n;
    }
    return 0;
}

int im_lex_next_line(const char **pos, const char *end, im_slice *line)
{
    const char *p = *pos;
    if (p >= end)
        return 0;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;
    line->s = p;
    line->n = (size_t)(stop - p);
    if (line->n > 0 && line->s[line->n - 1] == '\r')
        line->n--;
    *pos = nl ? nl + 1 : end;
    return 1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

im_slice im_slice_trim(im_slice s)
{
    while (s.n > 0 && is_space(s.s[0])) {
        s.s++;
        s.n--;
    }
    while (s.n > 0 && is_space(s.s[s.n - 1]))
        s.n--;
    return s;
}

int im_slice_eq(im_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.n == n && memcmp(s.s, lit, n) == 0;
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

int im_slice_ieq(im_slice s, const char *lit)
{
    size_t n = strlen(lit);
    if (s.n != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower(s.s[i]) != lower(lit[i]))
            return 0;
    return 1;
}

int im_lex_field(im_slice line, im_slice *key, im_slice *value)
{
    size_t i = 0;
    if (line.n == 0 || !(line.s[0] >= 'a' && line.s[0] <= 'z'))
        return 0;
    while (i < line.n &&
           ((line.s[i] >= 'a' && line.s[i] <= 'z') ||
            (line.s[i] >= '0' && line.s[i] <= '9') || line.s[i] == '-'))
        i++;
    if (i >= line.n || line.s[i] != ':')
        return 0;
    if (i + 1 < line.n && !is_space(line.s[i + 1]))
        return 0;
    key->s = line.s;
    key->n = i;
    im_slice v = {line.s + i + 1, line.n - i - 1};
    *value = im_slice_trim(v);
    return 1;
}

int im_lex_int(im_slice s, long min, long max, long *out)
{
    s = im_slice_trim(s);
    if (s.n == 0 || s.n > 9)
        return -1;
    long v = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (s.s[i] < '0' || s.s[i] > '9')
            return -1;
        v = v * 10 + (s.s[i] - '0');
    }
    if (v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int im_lex_list(im_arena *a, im_slice s, im_strings *out, char *why,
                size_t whysize)
{
    const char *items[IM_CONTENT_LIST_MAX];
    size_t n = 0;
    const char *p = s.s, *end = s.s + s.n;
    while (p <= end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        im_slice part = im_slice_trim((im_slice){p, (size_t)(stop - p)});
        if (part.n == 0) {
            snprintf(why, whysize, "an empty entry");
            return -1;
        }
        if (!im_content_id_valid(part.s, part.n)) {
            snprintf(why, whysize, "'%.*s' is not an id",
                     (int)(part.n > 40 ? 40 : part.n), part.s);
            return -1;
        }
        if (n == IM_CONTENT_LIST_MAX) {
            snprintf(why, whysize, "more than %d entries", IM_CONTENT_LIST_MAX);
            return -1;
        }
        items[n] = im_arena_strndup(a, part.s, part.n);
        if (!items[n]) {
            snprintf(why, whysize, "out of memory");
            return -1;
        }
        n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    const char **v = im_arena_alloc(a, (n ? n : 1) * sizeof *v);
    if (!v) {
        snprintf(why, whysize, "out of memory");
        return -1;
    }
    memcpy(v, items, n * sizeof *v);
    out->v = v;
    out->n = n;
    return 0;
}

int im_lex_breathing(im_slice s, im_phase *phases, size_t *n)
{
    static const struct {
        const char *name;
        im_breath_phase phase;
    } names[] = {
        {"in", IM_BREATH_IN},
        {"hold", IM_BREATH_HOLD},
        {"out", IM_BREATH_OUT},
        {"rest", IM_BREATH_REST},
    };
    *n = 0;
    const char *p = s.s, *end = s.s + s.n;
    while (p <= end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        im_slice part = im_slice_trim((im_slice){p, (size_t)(stop - p)});
        const char *sp = memchr(part.s, ' ', part.n);
        if (!sp || *n == IM_BREATH_PHASES_MAX)
            return -1;
        im_slice word = {part.s, (size_t)(sp - part.s)};
        im_slice num = {sp + 1, part.n - word.n - 1};
        long secs;
        if (im_lex_int(num, 1, 60, &secs) != 0)
            return -1;
        size_t k;
        for (k = 0; k < sizeof names / sizeof names[0]; k++)
            if (im_slice_ieq(word, names[k].name))
                break;
        if (k == sizeof names / sizeof names[0])
            return -1;
        phases[*n].phase = names[k].phase;
        phases[*n].seconds = (int)secs;
        (*n)++;
        if (!comma)
            break;
        p = comma + 1;
    }
    return *n > 0 ? 0 : -1;
}
