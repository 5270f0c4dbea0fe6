/*
 * content_lex.h -- the bottom layer of the content parser: checking raw
 * bytes, cutting them into lines, and reading the small value syntaxes
 * (ids, comma lists, whole numbers, breathing patterns).
 *
 * Nothing here allocates except im_lex_list (into the arena), and nothing
 * reads past the bytes it is given.
 */
#ifndef IM_CONTENT_LEX_H
#define IM_CONTENT_LEX_H

#include <stddef.h>

#include "content_internal.h"

typedef struct im_slice {
    const char *s;
    size_t n;
} im_slice;

/* Check the whole buffer: no NUL, no control characters other than tab, CR
 * and LF, valid UTF-8, no line over IM_CONTENT_LINE_MAX.  Returns 0 when
 * fine; otherwise writes the 1-based line and a message and returns -1. */
int im_lex_check_bytes(const char *data, size_t len, int *line, char *msg,
                       size_t msgsize);

/* Cut the next line from *pos (up to end), without its "\n" or "\r\n".
 * Returns 0 at the end of input. */
int im_lex_next_line(const char **pos, const char *end, im_slice *line);

im_slice im_slice_trim(im_slice s);
int im_slice_eq(im_slice s, const char *lit);  /* exact */
int im_slice_ieq(im_slice s, const char *lit); /* ASCII case-blind */

/* A "key: value" line: key is [a-z][a-z0-9-]* directly followed by ':' and
 * then a space or the end of the line.  Returns 1 and the trimmed parts. */
int im_lex_field(im_slice line, im_slice *key, im_slice *value);

/* A whole decimal number within [min, max]. */
int im_lex_int(im_slice s, long min, long max, long *out);

/* Split a comma-separated list into ids (each im_content_id_valid).
 * Returns 0 and fills *out (strings in the arena), or -1 with a reason
 * written to why ("an empty entry", "more than 64 entries", "'X' is not an
 * id"). */
int im_lex_list(im_arena *a, im_slice s, im_strings *out, char *why,
                size_t whysize);

/* Parse "in 4, hold 7, out 8" into phases.  Returns 0 or -1. */
int im_lex_breathing(im_slice s, im_phase *phases, size_t *n);

#endif
