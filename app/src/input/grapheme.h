/*
 * grapheme.h -- user-perceived characters (UAX #29 extended grapheme
 * clusters) from utf8proc, as break data for the pure text buffer
 * (input/textedit.h, im_text_breaks).
 *
 * An emoji with a skin tone, a ZWJ family, a flag, a letter with combining
 * marks, a Devanagari consonant with its vowel sign, a Hangul syllable made
 * of jamo: each is one step of the caret, one backspace.  No SDL.
 */
#ifndef UI_INPUT_GRAPHEME_H
#define UI_INPUT_GRAPHEME_H

#include "input/textedit.h"

/* The breaks to give im_textedit_set_breaks (a constant: no state). */
const im_text_breaks *ui_grapheme_breaks(void);

/* The end of the grapheme cluster starting at byte pos of s[0..len). */
size_t ui_grapheme_end(const char *s, size_t len, size_t pos);

#endif
