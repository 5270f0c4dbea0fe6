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
 * A forgotten secret loses only that partner's unfinished answers in that
 * session.  The calls that use a secret live with the couple run
 * (engine.h: im_couple_partner_lock, im_couple_partner_open).
 */
#ifndef INNERMOST_PARTNER_KEY_H
#define INNERMOST_PARTNER_KEY_H

#include <stddef.h>

#include "innermost/error.h"

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

#ifdef __cplusplus
}
#endif
#endif
