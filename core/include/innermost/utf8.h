/*
 * utf8.h -- the one UTF-8 decoder, for core and the app alike.
 *
 * Valid means what Unicode calls well-formed: shortest form only, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF.  Core validates
 * every piece of text that enters it with these; the app decodes what it
 * edits and draws with the same calls, so both agree on where a code point
 * starts and on what replaces a broken one.
 */
#ifndef INNERMOST_UTF8_H
#define INNERMOST_UTF8_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Decode the code point at s[0..len) (len >= 1): its length (1..4) with
 * *cp set, or 0 if no valid sequence starts there, with *bad the length
 * of the maximal invalid subpart (at least 1) that one U+FFFD replaces
 * (Unicode's "substitution of maximal subparts").  bad may be NULL. */
size_t im_utf8_decode(const char *s, size_t len, uint32_t *cp, size_t *bad);

/* Length (1..4) of the valid sequence at p, or 0 if p does not start one
 * that ends by end.  p < end. */
size_t im_utf8_seq_len(const unsigned char *p, const unsigned char *end);

/* Whether s[0..n) is valid UTF-8 with no NUL byte. */
int im_utf8_ok(const char *s, size_t n);

/* Code points in s[0..n), or -1 if it is not valid UTF-8 (a NUL byte
 * counts as one code point). */
long im_utf8_chars(const char *s, size_t n);

/* Write cp (at most U+10FFFF, not a surrogate) to out: 1..4 bytes, the
 * length; 0 for a value that is not a code point (nothing written). */
size_t im_utf8_encode(uint32_t cp, char out[4]);

/* Where to cut s[0..len) to keep at most max bytes without splitting a
 * code point: len when it fits, else the largest n <= max at which no
 * continuation byte stands (s[n] is read, so len > max means it exists).
 * The one rule for every cut to a size: ids, previews, typed chunks. */
size_t im_utf8_clip(const char *s, size_t len, size_t max);

#ifdef __cplusplus
}
#endif
#endif
