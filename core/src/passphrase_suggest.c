/*
 * passphrase_suggest.c -- a suggested passphrase of random words
 * (passphrase.h).
 *
 * Words are drawn with randombytes_uniform, which has no modulo bias, from
 * the compiled-in EFF large word list (core/data/passphrase/eff_large.txt,
 * CC BY 3.0 US: LICENSE-eff.txt).  The words are chosen so they are easy to
 * type on a phone: lowercase letters only, joined by single spaces.
 */
#include "innermost/passphrase.h"

#include "passphrase_lists.h"

#include <math.h>
#include <sodium.h>
#include <string.h>

im_rc im_pp_suggest(char out[IM_PP_SUGGEST_SIZE])
{
    if (!out)
        return IM_ERR_INVALID;
    size_t count, o = 0;
    const im_pp_word *words = im_pp_word_table(&count);
    for (int k = 0; k < IM_PP_SUGGEST_WORDS; k++) {
        const char *wd = words[randombytes_uniform((uint32_t)count)];
        size_t len = strlen(wd);
        if (o + len + 2 >
            IM_PP_SUGGEST_SIZE) { /* cannot happen: <= 9 letters */
            sodium_memzero(out, IM_PP_SUGGEST_SIZE);
            return IM_ERR_TOO_LARGE;
        }
        if (k)
            out[o++] = ' ';
        memcpy(out + o, wd, len);
        o += len;
    }
    out[o] = '\0';
    return IM_OK;
}

double im_pp_suggest_bits(void)
{
    size_t count;
    im_pp_word_table(&count);
    return IM_PP_SUGGEST_WORDS * log2((double)count);
}
