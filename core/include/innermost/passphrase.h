/*
 * passphrase.h -- how guessable a new passphrase is, and a suggested one.
 *
 * The estimate follows zxcvbn (Wheeler, "zxcvbn: Low-Budget Password
 * Strength Estimation", USENIX Security 2016): the passphrase is split into
 * the pieces an attacker would guess first -- common passwords, English
 * words and names (also reversed, capitalised or with l33t substitutions),
 * repeats ("aaaa", "abcabc"), sequences ("abcd", "9753"), keyboard walks
 * ("qwerty", "zxcvbn"), dates and years -- and the cheapest way to cover it
 * with such pieces and brute force gives the number of guesses.  It runs
 * offline, in well under a millisecond for a typical passphrase, and its
 * word lists are compiled in (core/data/passphrase/, licences beside them).
 *
 * The estimate is what im_passphrase_check (vault.h) refuses below: a
 * minimum in guesses, not in length.  With the vault's Argon2id cost (at
 * least 64 MiB per guess) 10^10 guesses is years of work for one machine.
 *
 * Limits: the dictionaries are English; a passphrase in another script is
 * estimated as brute force (10 guesses per character), which is generous
 * for common words in that language.  The text is analysed in chunks of
 * IM_PP_ANALYSE_MAX code points (a long passphrase costs a few ms); a
 * chunk found earlier in the text counts for a doubling only.
 */
#ifndef INNERMOST_PASSPHRASE_H
#define INNERMOST_PASSPHRASE_H

#include <stddef.h>

#include "innermost/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IM_PP_MIN_GUESSES_LOG10 10 /* below this a new passphrase is refused */
#define IM_PP_STRONG_GUESSES_LOG10 \
    14                        /* "strong" from here                      */
#define IM_PP_ANALYSE_MAX 128 /* code points analysed together           */

typedef enum im_pp_level {
    IM_PP_TOO_EASY = 0, /* below IM_PP_MIN_GUESSES_LOG10: refused           */
    IM_PP_FAIR,         /* accepted                                         */
    IM_PP_STRONG        /* at least IM_PP_STRONG_GUESSES_LOG10              */
} im_pp_level;

/* The weakest kind of piece found in the cheapest cover, for a plain hint. */
typedef enum im_pp_weakness {
    IM_PP_WEAK_NONE = 0, /* nothing guessable found: only its length counts  */
    IM_PP_WEAK_COMMON,   /* a common password, word or name                  */
    IM_PP_WEAK_REPEAT,   /* the same character or group repeated             */
    IM_PP_WEAK_SEQUENCE, /* letters or digits in order ("abcd", "2468")       */
    IM_PP_WEAK_KEYBOARD, /* neighbouring keys ("qwerty", "zxcvb")            */
    IM_PP_WEAK_DATE,     /* a date or a recent year                          */
    IM_PP_WEAK_SHORT     /* short, with nothing else to blame                */
} im_pp_weakness;

typedef struct im_pp_strength {
    double guesses_log10; /* log10 of the estimated guesses         */
    im_pp_level level;
    im_pp_weakness weakness; /* the biggest guessable piece, if any    */
} im_pp_strength;

/* Estimate how many guesses passphrase (UTF-8, NUL-terminated) would take.
 * IM_ERR_INVALID for NULL or malformed UTF-8; IM_ERR_NOMEM if the work
 * space cannot be had.  The empty string is 0 (1 guess), IM_PP_TOO_EASY.
 * Deterministic: the same text always gives the same answer. */
IM_MUST_CHECK
im_rc im_pp_strength_estimate(const char *passphrase, im_pp_strength *out);

/* A suggested passphrase: IM_PP_SUGGEST_WORDS words drawn uniformly (libsodium
 * randombytes_uniform) from the bundled EFF list of 7,772 words, joined by
 * spaces, e.g. "mango pebble unsteady glider reprint" (about 64 bits).
 * Writes a NUL-terminated string to out; IM_ERR_INVALID if out is NULL.
 * The caller wipes it (sodium_memzero) when done. */
#define IM_PP_SUGGEST_WORDS 5
#define IM_PP_SUGGEST_SIZE  96 /* 5 words of at most 9 letters, spaces, NUL */
IM_MUST_CHECK
im_rc im_pp_suggest(char out[IM_PP_SUGGEST_SIZE]);

/* Bits of randomness in a suggestion (for docs and tests). */
double im_pp_suggest_bits(void);

#ifdef __cplusplus
}
#endif

#endif
