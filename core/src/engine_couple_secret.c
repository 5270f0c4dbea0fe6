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
 *  5. A partner's sheet is sealed under a person's one key only for that
 *     partner's own place when the session recorded its places at its
 *     start (engine_couple_places.c invariant 2): bind and join refuse the
 *     other place (IM_ERR_STATE), so no secret is filed under the wrong
 *     person whatever the caller guessed.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "engine_couple.h"

/* The saved form's tag of a person-lock (1 and 2 are the kinds of a
 * session's own lock, 0 no lock). */
#define SHEET_PERSON 3u

static void place(const im_couple *c, int p, im_partner_place *pl)
{
    if (c->lock[p].person)
        im_partner_place_person(pl, c->lock[p].space, c->session, (unsigned)p);
    else
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

/* Partner p's open sheet (im_sheet_save) sealed under their key, into a
 * malloc'd buffer (*sealed, free it); the plaintext is wiped on the way. */
static im_rc seal_sheet(const im_couple *c, int p, unsigned char **sealed,
                        size_t *slen)
{
    im_wbuf w = {0};
    unsigned char *plain = NULL;
    size_t len = 0;
    im_partner_place pl;
    place(c, p, &pl);
    im_sheet_save(&w, c->ex, &c->sheet[p]);
    im_rc rc = im_wbuf_take(&w, &plain, &len);
    if (rc == IM_OK)
        rc = im_partner_seal(&c->lock[p], &pl, plain, len, sealed, slen);
    im_state_free(plain, len);
    return rc;
}

/* A sheet sealed under the partner's one key (SHEET_PERSON): kind, person,
 * space, then the sealed bytes (none before anything was sealed). */
static void person_sheet_write(im_wbuf *w, const im_partner_lock *l,
                               const unsigned char *sealed, size_t slen)
{
    im_wbuf_u8(w, SHEET_PERSON);
    im_wbuf_u8(w, l->kind);
    im_wbuf_u8(w, l->person - 1);
    im_wbuf_raw(w, l->space, sizeof l->space);
    im_wbuf_u32(w, (uint32_t)slen);
    if (slen)
        im_wbuf_raw(w, sealed, slen);
}

im_rc im_couple_sheet_close(im_couple *c, int p)
{
    im_partner_lock *l = &c->lock[p];
    if (!l->kind || !l->key)
        return IM_OK;
    unsigned char *sealed = NULL;
    size_t slen = 0;
    im_rc rc = seal_sheet(c, p, &sealed, &slen);
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
        if (l->person) { /* nothing sealed yet: an empty sheet */
            person_sheet_write(w, l, l->sealed, l->sealed ? l->sealed_len : 0);
            return IM_OK;
        }
        if (!l->sealed)
            return IM_ERR_STATE;
        im_partner_lock_write(w, l, l->sealed, l->sealed_len);
        return IM_OK;
    }
    /* open: sealed afresh (a new nonce) at every save */
    unsigned char *sealed = NULL;
    size_t slen = 0;
    im_rc rc = seal_sheet(c, p, &sealed, &slen);
    if (rc == IM_OK && l->person) {
        person_sheet_write(w, l, sealed, slen);
    } else if (rc == IM_OK) {
        im_partner_lock_write(w, l, sealed, slen);
    }
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
    if (kind == SHEET_PERSON) {
        im_partner_lock *l = &c->lock[p];
        l->kind = im_rbuf_u8(r);
        l->person = im_rbuf_u8(r) + 1u;
        im_rbuf_raw(r, l->space, sizeof l->space);
        uint32_t n = im_rbuf_u32(r);
        if (r->err ||
            (l->kind != IM_PARTNER_SECRET_PIN &&
             l->kind != IM_PARTNER_SECRET_PASSPHRASE) ||
            l->person > IM_PARTNER_PERSONS || n > r->len - r->pos ||
            (n && n < IM_PARTNER_NONCE_BYTES + IM_PARTNER_TAG_BYTES))
            return IM_ERR_DAMAGED;
        if (n && im_partner_keep_sealed(l, r->p + r->pos, n) != IM_OK)
            return IM_ERR_NOMEM;
        r->pos += n;
        return IM_OK;
    }
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
    im_rc rc;
    if (l->person) {
        unsigned char space[IM_PARTNER_SPACE_BYTES];
        im_partner_secret kind = IM_PARTNER_SECRET_NONE;
        rc = im_partner_record_key(c->vault, l->person - 1, secret, &l->key,
                                   space, &kind);
        if (rc == IM_ERR_NOT_FOUND) {
            /* their record was forgotten (engine_partner.c): the sheet can
             * never open again; it goes, and so does the lock */
            l->key = old_key;
            im_partner_lock_free(l);
            im_sheet_wipe(&c->sheet[partner]);
            return im_couple_changed(c) == IM_OK ? IM_ERR_STATE : IM_ERR_IO;
        }
        if (rc == IM_OK) {
            if (sodium_memcmp(space, l->space, sizeof space) != 0) {
                /* a record made anew after a forget: what was sealed under
                 * the old one is gone; this session seals under the new */
                free(l->sealed);
                l->sealed = NULL;
                l->sealed_len = 0;
                memcpy(l->space, space, sizeof space);
                place(c, partner, &pl);
                im_sheet_wipe(&c->sheet[partner]);
                was_open = 1; /* nothing to unseal */
            }
            l->kind = (unsigned)kind; /* it may have been changed since */
        }
    } else {
        rc = im_partner_lock_open(l, &pl, secret);
    }
    if (rc != IM_OK) {
        im_secure_free(l->key);
        l->key = old_key;
        return rc;
    }
    im_secure_free(old_key);
    if (!was_open && l->person && !l->sealed) {
        was_open = 1; /* nothing sealed yet: the sheet is empty */
        im_sheet_wipe(&c->sheet[partner]);
    }
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

/* ---- A partner's one secret for Together ---------------------------------- */

/* Partner's lock becomes a person-lock of person's record, its key (may be
 * NULL: closed) and space. */
static void person_lock(im_couple *c, int partner, unsigned person,
                        im_partner_secret kind, const unsigned char *space,
                        unsigned char *key)
{
    im_partner_lock *l = &c->lock[partner];
    im_partner_lock_free(l);
    l->kind = (unsigned)kind;
    l->person = person + 1;
    memcpy(l->space, space, sizeof l->space);
    l->key = key;
}

int im_couple_sheet_empty(const im_couple *c, int partner)
{
    const im_sheet *s = &c->sheet[partner];
    for (size_t i = 0; i < s->n; i++)
        if (s->a[i].status > IM_STATUS_SEEN)
            return 0;
    return 1;
}

im_rc im_couple_partner_bind(im_couple *c, int partner, unsigned person)
{
    if (!c || (partner != 0 && partner != 1) || person >= IM_PARTNER_PERSONS)
        return IM_ERR_INVALID;
    if (c->wiped)
        return IM_ERR_LOCKED;
    if (!c->vault || !locking_mode(c) || c->lock[partner].kind ||
        (c->phase != IM_PHASE_ANSWERING && c->phase != IM_PHASE_HANDOFF) ||
        !im_couple_sheet_empty(c, partner) ||
        !im_couple_place_fits(c, partner, person))
        return IM_ERR_STATE;
    for (int q = 0; q < 2; q++)
        if (c->lock[q].person == person + 1)
            return IM_ERR_STATE; /* one person, one slot */
    im_partner_secret kind = IM_PARTNER_SECRET_NONE;
    unsigned char space[IM_PARTNER_SPACE_BYTES];
    im_rc rc = im_partner_record_peek(c->vault, person, &kind, space);
    if (rc != IM_OK)
        return rc;
    person_lock(c, partner, person, kind, space, NULL);
    return im_couple_changed(c);
}

im_rc im_couple_partner_join(im_couple *c, int partner, unsigned person,
                             im_partner_secret kind, const char *secret)
{
    if (!c || (partner != 0 && partner != 1) || person >= IM_PARTNER_PERSONS ||
        !secret)
        return IM_ERR_INVALID;
    if (c->wiped)
        return IM_ERR_LOCKED;
    if (!c->vault || !locking_mode(c) || c->lock[partner].kind ||
        !own_moment(c, partner) || !im_couple_place_fits(c, partner, person))
        return IM_ERR_STATE;
    for (int q = 0; q < 2; q++)
        if (c->lock[q].person == person + 1)
            return IM_ERR_STATE;
    im_partner_secret has = im_partner_secret_of(c->vault, person);
    im_rc rc = IM_OK;
    unsigned char *key = NULL, space[IM_PARTNER_SPACE_BYTES];
    if (has == IM_PARTNER_SECRET_NONE) { /* they join: one derivation */
        if ((rc = im_partner_record_create(c->vault, person, kind, secret, &key,
                                           space)) != IM_OK)
            return rc;
        has = kind;
    } else if ((rc = im_partner_record_key(c->vault, person, secret, &key,
                                           space, &has)) != IM_OK) {
        return rc;
    }
    person_lock(c, partner, person, has, space, key);
    /* invariant 1: the other's sheet is sealed while this one answers */
    if ((rc = im_couple_sheet_close(c, partner ^ 1)) != IM_OK)
        return rc;
    return im_couple_changed(c);
}

int im_couple_partner_person(const im_couple *c, int partner)
{
    if (!c || (partner != 0 && partner != 1) || !c->lock[partner].person)
        return -1;
    return (int)c->lock[partner].person - 1;
}
