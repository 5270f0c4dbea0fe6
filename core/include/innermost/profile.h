/*
 * profile.h -- the names given at onboarding: the person's own and their
 * partner's, one IM_KIND_PROFILE record sealed in the vault.
 *
 * The record is written in core's one record format (a format byte, then
 * tagged fields); records of the first build (a version byte 1 and the two
 * names, each ended by a NUL) are still read, and the next save rewrites
 * them in the current format.
 *
 * Invariants:
 *   1. Names are UTF-8 without NUL, at most IM_PROFILE_NAME_MAX bytes; a
 *      longer name is cut at a character boundary, never inside one.
 *   2. There is one profile: the oldest record of the kind is the one read,
 *      and a save replaces the record it was loaded from.
 */
#ifndef INNERMOST_PROFILE_H
#define INNERMOST_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/error.h"
#include "innermost/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IM_PROFILE_NAME_MAX 63 /* bytes of one name, without the NUL */

typedef struct im_profile {
    char name[IM_PROFILE_NAME_MAX + 1];    /* "" when not given */
    char partner[IM_PROFILE_NAME_MAX + 1]; /* "" when not given */
} im_profile;

/* Read the profile into *out and its record id into *id (0 and both names
 * "" when there is none yet).  IM_ERR_DAMAGED when the record does not
 * decode: the names are "" and *id is still set, so a save replaces it. */
IM_MUST_CHECK
im_rc im_profile_load(im_vault *v, im_profile *out, int64_t *id);

/* Write name and partner (NULL is ""), cut to IM_PROFILE_NAME_MAX bytes,
 * as the profile record *id (0: a new record; *id is set).  IM_ERR_INVALID
 * for a name that is not UTF-8.  When out is not NULL it receives the
 * names as stored. */
IM_MUST_CHECK
im_rc im_profile_save(im_vault *v, const char *name, const char *partner,
                      int64_t *id, im_profile *out);

/* Wipe the names from memory. */
void im_profile_wipe(im_profile *p);

#ifdef __cplusplus
}
#endif
#endif
