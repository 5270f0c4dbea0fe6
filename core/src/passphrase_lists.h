/*
 * passphrase_lists.h -- the word lists compiled into the core, generated at
 * build time by cmake/embed_passphrase.cmake from core/data/passphrase/.
 */
#ifndef INNERMOST_PASSPHRASE_LISTS_H
#define INNERMOST_PASSPHRASE_LISTS_H

#include <stddef.h>

/* No pointer per word (no relocations at start-up), no padding. */
#define IM_PP_WORD_MAX 21

/* The common passwords, English words and names of one length L: count
 * words of exactly L characters ([a-z0-9]) side by side in `words` (word i
 * at words + i * L, no NUL between them), sorted bytewise; ranks[i] is word
 * i's rank (1 = most common in the list it came from). */
typedef struct im_pp_bucket {
    const char *words;
    const unsigned short *ranks;
    size_t count;
} im_pp_bucket;

typedef char im_pp_word[10]; /* an EFF word: at most 9 letters, NUL-terminated */

/* The bucket of words of length len (count 0 outside 1..IM_PP_WORD_MAX or
 * when there are none). */
im_pp_bucket im_pp_ranked_bucket(size_t len);

/* The EFF large word list (lowercase letters, at most 9). */
const im_pp_word *im_pp_word_table(size_t *count);

#endif
