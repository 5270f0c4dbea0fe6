/*
 * engine_couple_secret.c -- a partner's own secret inside a couple run
 * (reveal and match): setting it, opening their sheet with it, sealing it
 * at the hand-off, and the sheet's place in the saved form.
 *
 * A locked partner's sheet is in memory in plaintext only while their lock
 * is open; a saved state holds it only sealed under their partner key
 * (partner_key.c).  The vault key (which seals the whole couple record)
 * alone therefore opens neither their answers nor their marks.
 *
 * Invariants:
 *  1. Outside the reveal's opening (IM_PHASE_OPENING), at most one sheet
 *     is open: the answering partner's.  Leaving a turn (hand-off, the
 *     second partner's last step) seals the sheet and wipes it and its key.
 *  2. A locked partner's sheet never changes, and no call reads it, while
 *     it is closed: answers, next, skip and back on their turn, and the
 *     hand-off to them, return IM_ERR_SEALED until their secret opens it.
 *  3. The reveal (or the match) is computed only with every locked sheet
 *     open; then the locks are dropped: what was revealed is the couple's
 *     shared history, sealed under the vault key as before.  For a reveal
 *     only the answers shown (steps both answered) are kept.
 *  4. A wrong secret changes nothing in memory or in the vault (the app
 *     counts it in the one wrong-try counter).
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "engine_couple.h"

static void place(const im_couple *c, int p, im_partner_place *pl)
{
    im_partner_place_of(pl, c->vault, c->session, (unsigned)p);
}

static int locking_mode(const im_couple *c)
{
    return c->ex->mode == IM_MODE_REVEAL || c->ex->mode == IM_MODE_MATCH;
}

int im_couple_sheet_closed(const im_couple *c, int p)
{
    return (p == 0 || p == 1) && c->lock[p].kind && !c->lock[p].key;
}

/* The sheet's bytes (im_sheet_save) into a malloc'd buffer (wipe it). */
static im_rc sheet_bytes(const im_couple *c, int p, unsigned char **data,
                         size_t *len)
{
    im_wbuf w = {0};
    im_sheet_save(&w, c->ex, &c->sheet[p]);
    return im_wbuf_take(&w, data, len);
}

im_rc im_couple_sheet_close(im_couple *c, int p)
{
    im_partner_lock *l = &c->lock[p];
    if (!l->kind || !l->key)
        return IM_OK;
    unsigned char *plain = NULL, *sealed = NULL;
    size_t len = 0, slen = 0;
    im_partner_place pl;
    place(c, p, &pl);
    im_rc rc = sheet_bytes(c, p, &plain, &len);
    if (rc == IM_OK)
        rc = im_partner_seal(l, &pl, plain, len, &sealed, &slen);
    im_state_free(plain, len);
    if (rc == IM_OK)
        rc = im_partner_keep_sealed(l, sealed, slen);
    free(sealed);
    if (rc != IM_OK)
        return rc; /* still open: nothing lost */
    im_sheet_wipe(&c->sheet[p]);
    im_partner_lock_close(l);
    return IM_OK;
}

void im_couple_locks_drop(im_couple *c)
{
    for (int p = 0; p < 2; p++)
        im_partner_lock_free(&c->lock[p]);
}

void im_couple_locks_close(im_couple *c)
{
    for (int p = 0; p < 2; p++)
        im_partner_lock_close(&c->lock[p]);
}

/* ---- The saved form --------------------------------------------------------- */

im_rc im_couple_sheet_write(im_wbuf *w, const im_couple *c, int p)
{
    const im_partner_lock *l = &c->lock[p];
    if (!l->kind) {
        im_wbuf_u8(w, 0);
        im_sheet_save(w, c->ex, &c->sheet[p]);
        return IM_OK;
    }
    if (!l->key) {
        if (!l->sealed)
            return IM_ERR_STATE;
        im_partner_lock_write(w, l, l->sealed, l->sealed_len);
        return IM_OK;
    }
    /* open: sealed afresh (a new nonce) at every save */
    unsigned char *plain = NULL, *sealed = NULL;
    size_t len = 0, slen = 0;
    im_partner_place pl;
    place(c, p, &pl);
    im_rc rc = sheet_bytes(c, p, &plain, &len);
    if (rc == IM_OK)
        rc = im_partner_seal(l, &pl, plain, len, &sealed, &slen);
    im_state_free(plain, len);
    if (rc == IM_OK)
        im_partner_lock_write(w, l, sealed, slen);
    free(sealed);
    return rc;
}

im_rc im_couple_sheet_read(im_rbuf *r, im_couple *c, int p)
{
    unsigned kind = im_rbuf_u8(r);
    if (r->err)
        return IM_ERR_DAMAGED;
    if (kind == 0)
        return im_sheet_load(r, c->ex, &c->sheet[p]);
    r->pos--; /* the lock reads its own kind */
    im_partner_lock_read(r, &c->lock[p]);
    return r->err ? IM_ERR_DAMAGED : IM_OK;
}

/* ---- Public calls ---------------------------------------------------------- */

/* Whether partner p may hold the device for their own answers now: their
 * turn, or the hand-off to them. */
static int own_moment(const im_couple *c, int p)
{
    if (c->phase == IM_PHASE_ANSWERING)
        return c->partner == p;
    return c->phase == IM_PHASE_HANDOFF && p == 1;
}

im_rc im_couple_partner_lock(im_couple *c, int partner, im_partner_secret kind,
                             const char *secret)
{
    if (!c || (partner != 0 && partner != 1))
        return IM_ERR_INVALID;
    if (c->wiped)
        return IM_ERR_LOCKED;
    if (!c->vault || !locking_mode(c) || c->lock[partner].kind ||
        !own_moment(c, partner))
        return IM_ERR_STATE;
    im_rc rc = im_partner_secret_check(kind, secret);
    if (rc != IM_OK)
        return rc;
    im_kdf_params kdf;
    if ((rc = im_vault_kdf_local(c->vault, &kdf)) != IM_OK)
        return rc;
    im_partner_place pl;
    place(c, partner, &pl);
    if ((rc = im_partner_lock_make(&c->lock[partner], &pl, kind, secret,
                                   &kdf)) != IM_OK)
        return rc;
    return im_couple_changed(c);
}

im_rc im_couple_partner_open(im_couple *c, int partner, const char *secret)
{
    if (!c || (partner != 0 && partner != 1) || !secret)
        return IM_ERR_INVALID;
    if (c->wiped)
        return IM_ERR_LOCKED;
    if (!c->lock[partner].kind || !c->vault)
        return IM_ERR_STATE;
    if (c->phase != IM_PHASE_OPENING && !own_moment(c, partner))
        return IM_ERR_STATE;
    im_partner_lock *l = &c->lock[partner];
    im_partner_place pl;
    place(c, partner, &pl);
    int was_open = l->key != NULL;
    unsigned char *old_key = l->key;
    l->key =
        NULL; /* open derives a new copy; keep the old one until it succeeds */
    im_rc rc = im_partner_lock_open(l, &pl, secret);
    if (rc != IM_OK) {
        l->key = old_key;
        return rc;
    }
    im_secure_free(old_key);
    if (!was_open) {
        unsigned char *plain = NULL;
        size_t len = 0;
        rc = im_partner_unseal(l, &pl, &plain, &len);
        if (rc == IM_OK) {
            im_rbuf r;
            im_rbuf_open(&r, plain, len);
            im_sheet_wipe(&c->sheet[partner]);
            rc = im_sheet_load(&r, c->ex, &c->sheet[partner]);
            if (rc == IM_OK && (r.err || r.pos != r.len))
                rc = IM_ERR_DAMAGED;
            im_state_free(plain, len);
        }
        if (rc != IM_OK) {
            im_sheet_wipe(&c->sheet[partner]);
            im_partner_lock_close(l);
            return rc;
        }
    }
    /* invariant 1: the other's sheet is sealed while this one answers */
    if (c->phase != IM_PHASE_OPENING &&
        (rc = im_couple_sheet_close(c, partner ^ 1)) != IM_OK)
        return rc;
    if (c->phase == IM_PHASE_OPENING && im_couple_opening_partner(c) < 0)
        return im_couple_open_finish(c);
    return IM_OK;
}

im_partner_secret im_couple_partner_secret(const im_couple *c, int partner)
{
    return (partner == 0 || partner == 1)
               ? (im_partner_secret)c->lock[partner].kind
               : IM_PARTNER_SECRET_NONE;
}

int im_couple_partner_is_open(const im_couple *c, int partner)
{
    return (partner == 0 || partner == 1) &&
           !im_couple_sheet_closed(c, partner);
}

int im_couple_opening_partner(const im_couple *c)
{
    if (c->phase != IM_PHASE_OPENING)
        return -1;
    for (int p = 0; p < 2; p++)
        if (im_couple_sheet_closed(c, p))
            return p;
    return -1;
}
