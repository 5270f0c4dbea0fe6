/*
 * couple_rejoin.c -- a member who left the couple's space joins it again
 * (couple_space.h: im_couple_space_rejoin_offered, im_couple_space_rejoin).
 *
 * The case: the device owner left of their own accord (Settings, "Leave the
 * couple space": im_couple_space_leave_with) while a linked person stayed.
 * The space went on with that person as its only member; the couple key
 * turned without the owner's wrap and the owner's key pair went
 * (couple_space.c invariants 3 and 6).  Nothing the owner holds opens the
 * space any more, so the way back needs a member who is in it: their own
 * passphrase, typed on the owner's open session (as the link flow,
 * im_couple_space_join_person, has the partner type theirs).  It is their
 * consent: the owner's passphrase alone never takes the owner back in.
 *
 * No file format of its own: it is the member record and member row of
 * couple_space.c, made again through its calls (create/open/join/enter),
 * so how those are stored (couple_space.c's business) is not repeated here.
 *
 * Design
 *   - A rejoin is a join with a fresh key pair: the leaver's old pair went
 *     with the leave, and a record a kill left behind (a leave cut short
 *     after its rotation) is dropped first by the enter of step 1, so no
 *     pair that a copy of the vault taken before the leave holds opens the
 *     new wrap.
 *   - It brings nothing back.  What the leave erased (the leaver's
 *     unfinished answers, their partner record, the reveals both did not
 *     keep) is gone from the space, and the key the leave made is the one
 *     the rejoiner gets: they read what the space holds now, as the member
 *     who stayed does.  The couple key does not turn here (no one loses
 *     access, so no old copy needs locking out).
 *   - The one who consents is a member with a space of their own on this
 *     device (people.h: one derivation, whoever has the passphrase, so a
 *     wrong one tells nobody how many spaces there are).  A passphrase that
 *     opens a person's space who is no member of the couple space is no
 *     consent either: the same IM_ERR_WRONG_SECRET, counted by the caller
 *     as any wrong try.
 *
 * Invariants
 *   1. Nothing changes before the consent is proven (steps 1-2 write only
 *      what an ordinary unlock's enter would: a leave a kill cut short is
 *      finished).
 *   2. Kill safe: the rejoiner's new member record goes in first (one
 *      transaction of its vault), its wrap second (one transaction of the
 *      space).  A kill between leaves a record whose row is missing, which
 *      the rejoiner's next enter drops (couple_space.c: a leave cut short
 *      after its rotation), so they are out; after the second they are in.
 *      A wrap never exists without the record holding its secret half.
 *   3. Every record of the space opens for both members after: the wrap is
 *      of the space's current key, which the key check proves at the
 *      rejoiner's open (step 4).
 */
#include <stddef.h>

#include "couple_space_internal.h"
#include "innermost/couple_space.h"
#include "innermost/people.h"
#include "vault_internal.h"

im_rc im_couple_space_rejoin_offered(const char *data_dir, im_vault *v,
                                     int *yes)
{
    if (yes)
        *yes = 0;
    if (!data_dir || !v || !yes)
        return IM_ERR_INVALID;
    if (!v->keys)
        return IM_ERR_LOCKED;
    if (!im_couple_space_exists(data_dir))
        return IM_OK; /* nothing to join again: Together starts afresh */
    im_vault *s = NULL;
    im_rc rc = im_couple_space_open(data_dir, v, &s);
    if (rc == IM_OK) { /* a member: nothing to join */
        im_vault_close(s);
        return IM_OK;
    }
    if (rc != IM_ERR_NOT_FOUND)
        return rc; /* open elsewhere, damaged: not known, nothing offered */
    /* a space without v: it goes on with whoever stayed (a space never
     * keeps no member: the last one's leave erases it) */
    *yes = 1;
    return IM_OK;
}

im_rc im_couple_space_rejoin(const char *data_dir, im_vault *v,
                             const im_library *lib, const char *passphrase,
                             const im_kdf_params *cost_if_none, im_vault **out)
{
    if (out)
        *out = NULL;
    if (!data_dir || !v || !lib || !passphrase || !out)
        return IM_ERR_INVALID;
    if (!v->keys)
        return IM_ERR_LOCKED;
    if (!im_couple_space_exists(data_dir))
        return IM_ERR_NOT_FOUND;
    /* 1. v is out (or in: nothing to do).  The enter an unlock runs: a
     * leave of v's that a kill cut short is finished and its leftover
     * record dropped, so the join below makes v a new pair */
    im_vault *s = NULL;
    im_rc rc = im_couple_space_enter(data_dir, v, lib, &s, NULL);
    if (rc == IM_OK) {
        im_vault_close(s);
        return IM_ERR_EXISTS;
    }
    if (rc != IM_ERR_NOT_FOUND)
        return rc;
    /* 2. the consent: a member who stayed, with their own passphrase */
    im_vault *p = NULL;
    rc = im_people_unlock(data_dir, passphrase, cost_if_none, &p);
    if (rc)
        return rc;
    rc = im_couple_space_open(data_dir, p, &s);
    if (rc == IM_ERR_NOT_FOUND)
        rc = IM_ERR_WRONG_SECRET; /* their space, but not one who stayed */
    /* 3. v's new pair (v's transaction), then its wrap (the space's):
     * invariant 2 */
    if (!rc) {
        rc = im_couple_space_join(s, v);
        im_vault_close(s);
        s = NULL;
    }
    im_vault_close(p); /* their keys go before v opens the space */
    if (rc)
        return rc;
    /* 4. v opens it with its own key, as at its next unlock */
    im_rc moved = IM_OK;
    rc = im_couple_space_enter(data_dir, v, lib, out, &moved);
    (void)moved; /* a move cut short is finished at the next enter */
    return rc;
}
