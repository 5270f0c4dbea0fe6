/*
 * support.h -- "My support": the few contacts a person saves ahead of time
 * so that, in a hard moment, they are one tap away instead of a search:
 * a local crisis line, someone they trust, a therapist.
 *
 * The card is one sealed record in the vault (kind IM_KIND_SETTING, told
 * apart from other settings by its format byte), so it is encrypted like the
 * journal, travels in backups, and is gone with an erase.
 *
 * Invariants:
 *   1. Saving is one record write in one transaction: after a kill the card
 *      is either the old one or the new one, never a mix.
 *   2. At most one support record exists; saving replaces it, and saving an
 *      all-empty card deletes it.
 *   3. Fields are valid UTF-8 without control characters (a tab or newline
 *      is refused with IM_ERR_INVALID), at most IM_SUPPORT_FIELD_MAX - 1
 *      bytes; nothing is written when one is not.
 *   4. The plaintext copies this module makes are wiped before they are
 *      freed; im_support_wipe wipes the caller's.
 */
#ifndef INNERMOST_SUPPORT_H
#define INNERMOST_SUPPORT_H

#include "innermost/error.h"
#include "innermost/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IM_SUPPORT_FIELD_MAX 256 /* bytes per field, with the NUL */

typedef enum im_support_field {
    IM_SUPPORT_CRISIS_LINE = 0, /* a local crisis line: name and number */
    IM_SUPPORT_TRUSTED,         /* someone to call: name and number     */
    IM_SUPPORT_THERAPIST,       /* a therapist, counsellor or doctor    */
    IM_SUPPORT_FIELDS
} im_support_field;

typedef struct im_support {
    char field[IM_SUPPORT_FIELDS][IM_SUPPORT_FIELD_MAX];
} im_support;

/* Reads the card into *out: all fields empty (and IM_OK) when none was
 * saved.  IM_ERR_LOCKED when locked, IM_ERR_DAMAGED when the record fails
 * to authenticate or decode (*out is then empty). */
IM_MUST_CHECK
im_rc im_support_load(im_vault *v, im_support *out);

/* Saves *in as the card (invariants 1-3).  IM_ERR_INVALID for a field that
 * is not valid text, IM_ERR_LOCKED when locked; on any error the saved card
 * is unchanged. */
IM_MUST_CHECK
im_rc im_support_save(im_vault *v, const im_support *in);

/* 1 when every field is empty. */
int im_support_is_empty(const im_support *s);

/* Wipes *s (all fields empty). */
void im_support_wipe(im_support *s);

#ifdef __cplusplus
}
#endif
#endif
