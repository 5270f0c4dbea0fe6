/*
 * passphrase_lists.h -- the word lists compiled into the core, generated at
 * build time by cmake/embed_passphrase.cmake from core/data/passphrase/.
 */
#ifndef INNERMOST_PASSPHRASE_LISTS_H
#define INNERMOST_PASSPHRASE_LISTS_H

#include <stddef.h>

/* Words are stored in place, not as pointers (no relocations at start-up). */
#define IM_PP_WORD_MAX 21

typedef struct im_pp_ranked {
    char           word[IM_PP_WORD_MAX + 1]; /* lowercase [a-z0-9], NUL-terminated */
    unsigned short rank;                     /* 1 = most common in the list it came from */
} im_pp_ranked;

typedef char im_pp_word[10]; /* an EFF word: at most 9 letters, NUL-terminated */

/* Common passwords, English words and names, sorted bytewise by word. */
const im_pp_ranked *im_pp_ranked_table(size_t *count);

/* The EFF large word list (lowercase letters, at most 9). */
const im_pp_word *im_pp_word_table(size_t *count);

#endif
