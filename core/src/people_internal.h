/*
 * people_internal.h -- what core modules beside people.c need of the people
 * folder: its one walk (backups carry each space found by it) and the check
 * that keeps two spaces from sharing a passphrase (rekey.c).
 */
#ifndef INNERMOST_PEOPLE_INTERNAL_H
#define INNERMOST_PEOPLE_INTERNAL_H

#include "innermost/people.h"

/* dir: the space's folder; name: its 32 hex digits.  Non-zero stops. */
typedef im_rc (*im_people_dir_fn)(const char *dir, const char *name, void *ctx);

/* fn for each person's folder of data_dir that holds a whole vault (people.c
 * invariant 1), at most IM_PEOPLE_MAX; IM_OK with no people/. */
IM_MUST_CHECK
im_rc im_people_walk(const char *data_dir, im_people_dir_fn fn, void *ctx);

/* Before v (a person's space) takes new_passphrase: IM_ERR_EXISTS if it
 * opens another person's space of the same data folder, IM_OK if not or if
 * v is the owner's (the owner's passphrase is typed in another field and
 * opens only the owner's space).  One derivation per group (people.c).
 * A refusal counts as a wrong try twice over (vault.h, "Wrong guesses"):
 * in v's own counter, which the person's session waits on, and in the
 * owner's, the lock screen's and Switch person's, so locking and
 * switching in again does not skip the wait. */
IM_MUST_CHECK
im_rc im_people_passphrase_free(im_vault *v, const char *new_passphrase);

/* 1 if name is a person's folder name (32 lowercase hex digits). */
int im_people_name_ok(const char *name);

#endif
