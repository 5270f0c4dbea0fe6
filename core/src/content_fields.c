/*
 * content_fields.c -- the parser's toolbox: reporting the first error,
 * joining text pieces, reading key: value fields and checking block
 * shapes.  Shared by content_parse.c and content_steps.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "content_parse.h"

/* ---- Errors ---------------------------------------------------------------- */

void im_cp_fail(parser *P, int line, const char *fmt, ...)
{
    if (P->failed)
        return;
    P->failed = 1;
    P->rc = IM_ERR_PARSE;
    char text[IM_DIAG_TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    im_diags_add(P->diags, P->file, line, "%s", text);
}

void im_cp_fail_nomem(parser *P)
{
    if (P->failed)
        return;
    P->failed = 1;
    P->rc = IM_ERR_NOMEM;
    im_diags_add(P->diags, P->file, 0, "out of memory");
}

void *im_cp_push(parser *P, im_vec *v)
{
    void *p = im_vec_push(P->a, v);
    if (!p)
        im_cp_fail_nomem(P);
    return p;
}

/* ---- Text ------------------------------------------------------------------- */

char *im_cp_join(parser *P, const im_vec *pieces)
{
    const im_slice *s = pieces->v;
    size_t len = 0;
    for (size_t i = 0; i < pieces->n; i++)
        len += s[i].n + 1;
    char *out = im_arena_alloc(P->a, len + 1);
    if (!out) {
        im_cp_fail_nomem(P);
        return NULL;
    }
    size_t at = 0;
    for (size_t i = 0; i < pieces->n; i++) {
        if (i)
            out[at++] = ' ';
        memcpy(out + at, s[i].s, s[i].n);
        at += s[i].n;
    }
    out[at] = '\0';
    return out;
}

char *im_cp_dup_slice(parser *P, im_slice s)
{
    char *p = im_arena_strndup(P->a, s.s, s.n);
    if (!p)
        im_cp_fail_nomem(P);
    return p;
}

/* The block's paragraphs and bullets as public paragraphs.  When
 * notes_are_text, a bullet's indented lines continue its text (cards);
 * otherwise they are its note (choices). */
im_text im_cp_block_text(parser *P, int notes_are_text)
{
    im_text t = {NULL, 0};
    size_t n = P->b.paras.n;
    if (n == 0 || P->failed)
        return t;
    im_para *v = im_arena_alloc(P->a, n * sizeof *v);
    if (!v) {
        im_cp_fail_nomem(P);
        return t;
    }
    para_build *pb = P->b.paras.v;
    for (size_t i = 0; i < n && !P->failed; i++) {
        v[i].bullet = pb[i].bullet;
        v[i].line = pb[i].line;
        if (notes_are_text) {
            im_vec all = pb[i].text;
            im_vec copy;
            im_vec_init(&copy, sizeof(im_slice));
            for (size_t k = 0; k < all.n + pb[i].note.n && !P->failed; k++) {
                im_slice *dst = im_cp_push(P, &copy);
                if (dst)
                    *dst = k < all.n ? ((im_slice *)all.v)[k]
                                     : ((im_slice *)pb[i].note.v)[k - all.n];
            }
            v[i].text = im_cp_join(P, &copy);
        } else {
            v[i].text = im_cp_join(P, &pb[i].text);
            if (pb[i].note.n)
                v[i].note = im_cp_join(P, &pb[i].note);
        }
    }
    t.v = v;
    t.n = n;
    return t;
}

/* ---- Fields ----------------------------------------------------------------- */

const field *im_cp_get(parser *P, const char *key)
{
    const field *f = P->b.fields.v;
    for (size_t i = 0; i < P->b.fields.n; i++)
        if (im_slice_eq(f[i].key, key))
            return &f[i];
    return NULL;
}

/* The allowed fields of each block kind, as " key key " strings. */
const char *im_cp_allowed_fields(block_kind k)
{
    switch (k) {
    case B_HEADER:
        return "id kind title step summary minutes dimension section tags "
               "safety links";
    case B_EXERCISE:
        return "id mode answer tags safety links turn-seconds reflect minutes "
               "guided";
    case B_PROMPT:
        return "id answer hint low high wellbeing seconds minutes pattern "
               "rounds paces lengths reflect";
    case B_PROMPTS:
        return "group answer hint low high wellbeing seconds minutes pattern "
               "rounds reflect";
    case B_SUMMARY: return "shows title";
    default: return NULL; /* no fields: every line is text */
    }
}

static int in_word_list(const char *list, im_slice word)
{
    const char *p = list;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        if (n == word.n && memcmp(p, word.s, n) == 0)
            return 1;
        p += n;
        while (*p == ' ')
            p++;
    }
    return 0;
}

const char *im_cp_block_name(block_kind k)
{
    switch (k) {
    case B_HEADER: return "the header";
    case B_CARD: return "'# Card'";
    case B_EXERCISE: return "'# Exercise'";
    case B_JOURNAL: return "'# Journal'";
    case B_STEP_CARD: return "'## Card'";
    case B_PROMPT: return "'## Prompt'";
    case B_PROMPTS: return "'## Prompts'";
    case B_DISCUSS: return "'## Discuss'";
    case B_SUMMARY: return "'## Summary'";
    case B_EX_JOURNAL: return "'## Journal'";
    default: return "?";
    }
}

/* Take a field line into the open block.  Returns 0, or -1 on error. */
int im_cp_add_field(parser *P, im_slice key, im_slice value, int line)
{
    const char *allowed = im_cp_allowed_fields(P->b.kind);
    if (!in_word_list(allowed, key)) {
        im_cp_fail(P, line, "unknown field '%.*s:' in %s (expected one of: %s)",
                   (int)key.n, key.s, im_cp_block_name(P->b.kind), allowed);
        return -1;
    }
    const field *f = P->b.fields.v;
    for (size_t i = 0; i < P->b.fields.n; i++)
        if (f[i].key.n == key.n && memcmp(f[i].key.s, key.s, key.n) == 0) {
            im_cp_fail(P, line, "field '%.*s:' given twice (first on line %d)",
                       (int)key.n, key.s, f[i].line);
            return -1;
        }
    if (value.n == 0) {
        im_cp_fail(P, line, "expected a value after '%.*s:'", (int)key.n,
                   key.s);
        return -1;
    }
    field *nf = im_cp_push(P, &P->b.fields);
    if (!nf)
        return -1;
    nf->key = key;
    nf->value = value;
    nf->line = line;
    return 0;
}

const char *im_cp_field_str(parser *P, const char *key)
{
    const field *f = im_cp_get(P, key);
    return f ? im_cp_dup_slice(P, f->value) : NULL;
}

/* A whole number field in [min, max]; def when absent; -1 on error. */
int im_cp_field_int(parser *P, const char *key, long min, long max, long def,
                    long *out)
{
    const field *f = im_cp_get(P, key);
    *out = def;
    if (!f)
        return 0;
    if (im_lex_int(f->value, min, max, out) != 0) {
        im_cp_fail(P, f->line,
                   "expected a whole number from %ld to %ld after '%s:'", min,
                   max, key);
        return -1;
    }
    return 0;
}

int im_cp_field_list(parser *P, const char *key, im_strings *out)
{
    const field *f = im_cp_get(P, key);
    out->v = NULL;
    out->n = 0;
    if (!f)
        return 0;
    char why[96];
    if (im_lex_list(P->a, f->value, out, why, sizeof why) != 0) {
        im_cp_fail(P, f->line,
                   "expected ids separated by commas after '%s:' (found %s)",
                   key, why);
        return -1;
    }
    return 0;
}

int im_cp_field_id(parser *P, const char *key, const char **out)
{
    const field *f = im_cp_get(P, key);
    *out = NULL;
    if (!f)
        return 0;
    if (!im_content_id_valid(f->value.s, f->value.n)) {
        im_cp_fail(P, f->line,
                   "expected an id of lower-case letters, digits and '-' "
                   "(at most %d) after '%s:'",
                   IM_CONTENT_ID_MAX, key);
        return -1;
    }
    *out = im_cp_dup_slice(P, f->value);
    return 0;
}

/* Match a field against a table of names; -1 when absent (def used) or on
 * error (P->failed set). */
int im_cp_field_enum(parser *P, const char *key, const char *const *names,
                     const int *values, size_t n, const char *expected, int def,
                     int *out)
{
    const field *f = im_cp_get(P, key);
    *out = def;
    if (!f)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (im_slice_eq(f->value, names[i])) {
            *out = values[i];
            return 0;
        }
    im_cp_fail(P, f->line, "expected '%s:' to be %s", key, expected);
    return -1;
}

/* ---- Block checks --------------------------------------------------------------- */

int im_cp_has_plain_paras(parser *P)
{
    const para_build *pb = P->b.paras.v;
    for (size_t i = 0; i < P->b.paras.n; i++)
        if (!pb[i].bullet)
            return pb[i].line;
    return 0;
}

int im_cp_bullet_count(parser *P)
{
    const para_build *pb = P->b.paras.v;
    int n = 0;
    for (size_t i = 0; i < P->b.paras.n; i++)
        n += pb[i].bullet;
    return n;
}

int im_cp_require_only_bullets(parser *P, int min)
{
    int line = im_cp_has_plain_paras(P);
    if (line) {
        im_cp_fail(P, line, "expected only '- ' bullets under %s",
                   im_cp_block_name(P->b.kind));
        return -1;
    }
    if (im_cp_bullet_count(P) < min) {
        im_cp_fail(P, P->b.line, "expected at least %d '- ' bullet%s under %s",
                   min, min == 1 ? "" : "s", im_cp_block_name(P->b.kind));
        return -1;
    }
    return 0;
}

/* Bullets as a list of strings (journal prompts). */
im_strings im_cp_bullets_as_strings(parser *P)
{
    im_strings s = {NULL, 0};
    size_t n = P->b.paras.n;
    const char **v = im_arena_alloc(P->a, (n ? n : 1) * sizeof *v);
    if (!v) {
        im_cp_fail_nomem(P);
        return s;
    }
    const para_build *pb = P->b.paras.v;
    for (size_t i = 0; i < n; i++)
        v[i] = im_cp_join(P, &pb[i].text);
    s.v = v;
    s.n = n;
    return s;
}
