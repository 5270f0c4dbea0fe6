/*
 * couple_space_internal.h -- what the backup (backup_write.c) asks of the
 * couple's space (couple_space.c) without its key.
 */
#ifndef INNERMOST_COUPLE_SPACE_INTERNAL_H
#define INNERMOST_COUPLE_SPACE_INTERNAL_H

#include "innermost/couple_space.h"

/* *yes 1 if v (unlocked) holds a member record for space (open, locked or
 * not): v is, or was until a kill cut its leave short, one of its members.
 * Reads v's records only; nothing is unwrapped. */
IM_MUST_CHECK
im_rc im_couple_space_has_member(im_vault *space, im_vault *v, int *yes);

#endif
