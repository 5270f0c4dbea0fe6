/*
 * partner_key.h -- a partner's own secret for Together (couple runs on one
 * device).
 *
 * Everything in the vault is sealed under the device owner's key.  In a
 * couple run (engine.h) each partner may add a secret of their own -- a
 * passphrase, or a PIN of at least IM_PARTNER_PIN_MIN digits -- so that
 * their unfinished answers and marks are sealed, inside the couple record,
 * under a key only that secret opens: the owner's key alone then sees
 * ciphertext.  What each choice protects, said plainly to the couple:
 *   none        the hand-off is a matter of trust: whoever holds the
 *               device after a relaunch can tap "I'm <name>";
 *   PIN         stops a glance and a quick try (every wrong try brings the
 *               app's one growing wait), but NOT someone who copies the
 *               file and has time: 10^6 PINs at IM_PARTNER_PIN_COST_FACTOR
 *               times the vault's Argon2id cost are days of one computer,
 *               far less for many;
 *   passphrase  also stops the copied file (the vault's own strength rule).
 * The secret belongs to the partner, not to one exercise: it is set once,
 * when they first join Together (IM_PARTNER_PERSONS slots: the first and
 * the second partner on Together's list), kept in their partner record
 * (IM_KIND_PARTNER: a random partner key wrapped under Argon2id of the
 * secret, bound to the record's own space id and the slot), and every
 * exercise's sheet of theirs is then sealed under that one key
 * (engine.h: im_couple_partner_join, im_couple_partner_bind).  The space
 * id travels inside the vault's records, so a backup restored into another
 * folder keeps every seal and opens with the same secrets.  Changing the
 * secret needs the old one and rewraps the same key (every sealed sheet
 * still opens).  A forgotten secret loses only that partner's unfinished
 * answers, in every exercise (im_partner_forget, engine.h); nothing else.
 * Per-exercise locks of the earlier form (im_couple_partner_lock) are
 * still read and opened as before.
 */
#ifndef INNERMOST_PARTNER_KEY_H
#define INNERMOST_PARTNER_KEY_H

#include <stddef.h>

#include "innermost/error.h"
#include "innermost/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum im_partner_secret {
    IM_PARTNER_SECRET_NONE = 0,  /* a matter of trust                       */
    IM_PARTNER_SECRET_PIN,       /* IM_PARTNER_PIN_MIN..MAX ASCII digits     */
    IM_PARTNER_SECRET_PASSPHRASE /* as strong as the vault's (vault.h)      */
} im_partner_secret;

#define IM_PARTNER_PIN_MIN 6
#define IM_PARTNER_PIN_MAX 32
/* A PIN's Argon2id passes are this many times the vault's (same memory):
 * a PIN has far fewer guesses than a passphrase, so each costs more. */
#define IM_PARTNER_PIN_COST_FACTOR 4u

/* Whether secret may be set as a new secret of this kind: IM_OK;
 * IM_ERR_INVALID for a PIN that is not 6..32 digits (or a kind that is not
 * PIN or PASSPHRASE), IM_ERR_WEAK_SECRET for a passphrase the vault would
 * refuse (im_passphrase_check), IM_ERR_TOO_LARGE past its limit. */
IM_MUST_CHECK
im_rc im_partner_secret_check(im_partner_secret kind, const char *secret);

/* ---- A partner's one secret for Together (partner_record.c) ---------- */

#define IM_PARTNER_PERSONS \
    2u /* 0: the first partner on the list, 1: the second */

/* The kind of person's secret in vault v (unlocked): NONE when they have
 * none (or v is locked, or person is out of range). */
im_partner_secret im_partner_secret_of(im_vault *v, unsigned person);

/* Sets person's one secret (im_partner_secret_check first): a new random
 * partner key wrapped under Argon2id of secret at the vault's cost (a PIN
 * IM_PARTNER_PIN_COST_FACTOR times).  IM_ERR_EXISTS when they have one
 * (change it with the old one), IM_ERR_LOCKED, IM_ERR_INVALID.  Slow: run
 * it off the UI thread. */
IM_MUST_CHECK
im_rc im_partner_secret_set(im_vault *v, unsigned person,
                            im_partner_secret kind, const char *secret);

/* Whether secret opens person's record: IM_OK, IM_ERR_WRONG_SECRET,
 * IM_ERR_NOT_FOUND.  Slow. */
IM_MUST_CHECK
im_rc im_partner_secret_try(im_vault *v, unsigned person, const char *secret);

/* Changes person's secret: old_secret must open it (IM_ERR_WRONG_SECRET:
 * nothing changes); the same partner key is wrapped anew under new_secret
 * (kind may change), so every sheet sealed under it still opens.  Slow. */
IM_MUST_CHECK
im_rc im_partner_secret_change(im_vault *v, unsigned person,
                               const char *old_secret, im_partner_secret kind,
                               const char *new_secret);

#ifdef __cplusplus
}
#endif
#endif
