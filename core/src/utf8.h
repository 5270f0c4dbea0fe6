/*
 * utf8.h -- the one UTF-8 validator in core (content files, answers, names,
 * saved states): shortest form only, no surrogates, nothing above U+10FFFF.
 */
#ifndef IM_UTF8_H
#define IM_UTF8_H

#include <stddef.h>

/* Length (1..4) of the valid sequence at p, or 0 if p does not start one
 * that ends by end.  p < end. */
size_t im_utf8_seq_len(const unsigned char *p, const unsigned char *end);

/* Whether s[0..n) is valid UTF-8 with no NUL byte. */
int im_utf8_ok(const char *s, size_t n);

#endif
