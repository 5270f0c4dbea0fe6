/*
 * utf8_text.h -- UTF-8 validation and case folding for core's own use.
 *
 * Every piece of user text that enters core (journal title, body, prompt,
 * search query, ids) is checked with im_utf8_is_valid before it is stored,
 * so nothing broken is ever written.  Search compares folded text.
 *
 * What im_utf8_casefold covers (simple one-to-one lower-casing):
 *   - ASCII A-Z;
 *   - Latin-1 Supplement U+00C0..U+00DE (not U+00D7 multiplication sign);
 *   - Latin Extended-A U+0100..U+017F, including U+0130 (I with dot) -> "i",
 *     U+0178 (Y with diaeresis) -> U+00FF and U+017F (long s) -> "s";
 *   - Greek U+0391..U+03A9 and Cyrillic U+0400..U+042F capitals.
 * It does not fold "ß" to "ss", ligatures, or anything needing more than one
 * code point, and does not strip accents ("é" does not match "e").
 */
#ifndef INNERMOST_UTF8_TEXT_H
#define INNERMOST_UTF8_TEXT_H

#include <stddef.h>

#include "innermost/utf8.h"

/* 1 if s[0..len) is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF, no NUL byte), else 0. */
int im_utf8_is_valid(const char *s, size_t len);

/* Write the case-folded form of valid UTF-8 s[0..len) to out, which must
 * have room for len bytes (folding never makes text longer).  Returns the
 * folded length. */
size_t im_utf8_casefold(const char *s, size_t len, char *out);

/* Search folding, for every script: Unicode compatibility normalisation
 * (NFKC) and full case folding, by utf8proc -- "Straße" and "STRASSE",
 * "ﬁ" and "fi", a precomposed "é" and "e" + U+0301, full-width "ＡＢ" and
 * "ab", Greek final sigma, Cherokee and Deseret capitals all fold alike.
 * Writes the folded form of valid UTF-8 s[0..len) to out[0..cap) and
 * returns its length, which may exceed len (a few characters fold to
 * more bytes); when it exceeds cap, out is left unspecified and the caller
 * calls again with that much room.  (size_t)-1 on no memory.  Only ASCII
 * separators stay separators for sure; a non-ASCII character may fold to
 * ASCII punctuation (a full-width comma to ","), which search handles
 * (journal_words.h).  Scratch is wiped: the text is the person's. */
size_t im_utf8_fold(const char *s, size_t len, char *out, size_t cap);

#endif
