/*
 * passphrase_lists.h -- the word lists compiled into the core, generated at
 * build time by cmake/embed_passphrase.cmake from core/data/passphrase/.
 */
#ifndef INNERMOST_PASSPHRASE_LISTS_H
#define INNERMOST_PASSPHRASE_LISTS_H

#include <stddef.h>

typedef struct im_pp_ranked {
    const char *word;  /* lowercase [a-z0-9]                          */
    unsigned    rank;  /* 1 = most common in the list it came from     */
} im_pp_ranked;

/* Common passwords, English words and names, sorted bytewise by word. */
const im_pp_ranked *im_pp_ranked_table(size_t *count);

/* The EFF large word list (lowercase letters, at most 9). */
const char *const *im_pp_word_table(size_t *count);

#endif
