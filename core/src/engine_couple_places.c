/*
 * engine_couple_places.c -- whose place on Together's list each partner of
 * a couple session is.
 *
 * A session has two slots (partner 0 answers first); Together's list has
 * two places (couple_space.h: IM_COUPLE_PLACE_OWNER, the device owner's,
 * and IM_COUPLE_PLACE_PERSON, a member person's own), and everything that
 * speaks for a person goes by place: the partner record their secret for
 * Together is filed under (partner_record.c), the seal on their sheet, and
 * so every forget and leave (engine_partner.c, couple_space.c invariant 7).
 * Which slot is which place is the couple's choice of who starts, so it is
 * known only when the session begins -- and the app knows it then (the
 * place the couple chose to start, the open vault being the typing
 * person's own place).  It used to be guessed at every resume from the
 * seals, and with none yet by slot (partner 0 at the owner's place): a
 * linked person who started in their own space and set their secret after
 * a resume had it filed under the owner's place, and the owner's forget or
 * leave of her own place then erased his sheet (tests/gates
 * test_couple_places).
 *
 * Invariants:
 *  1. The places are recorded once, when the session begins (before any
 *     answer or seal: im_couple_places_set), and saved with the session,
 *     inside the couple record (engine_couple_state.c), so sealed with it
 *     like its names.  Nothing changes them afterwards.
 *  2. With the places recorded, a partner's sheet is sealed only for their
 *     own place (im_couple_place_fits, asked by im_couple_partner_bind and
 *     _join), and a saved session whose seal names the other place does
 *     not load (IM_ERR_DAMAGED).
 *  3. A session saved before places were recorded is still read, and its
 *     places are the old rule's: a partner's seal names their place, the
 *     other partner has the other place, and with no seal partner 0 is at
 *     the owner's place (im_couple_places_of says which was used, so a
 *     reader may refuse to take a guess for a fact: together_names.c).
 *  4. im_couple_partner_place is the one answer to "which place is this
 *     partner"; the app asks nothing else (together_names.c tg_places).
 */
#include "engine_couple.h"
#include "innermost/couple_space.h"

im_rc im_couple_places_set(im_couple *c, unsigned first)
{
    if (!c || first > IM_COUPLE_PLACE_PERSON)
        return IM_ERR_INVALID;
    if (c->wiped)
        return IM_ERR_LOCKED;
    if (c->places)
        return c->places == (int)first + 1 ? IM_OK : IM_ERR_STATE;
    /* invariant 1: before anything of either partner is kept */
    for (int p = 0; p < 2; p++)
        if (c->lock[p].kind || !im_couple_sheet_empty(c, p))
            return IM_ERR_STATE;
    c->places = (int)first + 1;
    return im_couple_changed(c); /* unattached: nothing to save yet */
}

im_couple_places im_couple_places_of(const im_couple *c)
{
    if (!c)
        return IM_COUPLE_PLACES_GUESSED;
    if (c->places)
        return IM_COUPLE_PLACES_RECORDED;
    return c->lock[0].person || c->lock[1].person ? IM_COUPLE_PLACES_SEALED
                                                  : IM_COUPLE_PLACES_GUESSED;
}

int im_couple_partner_place(const im_couple *c, int partner)
{
    if (!c || (partner != 0 && partner != 1))
        return -1;
    if (c->places) /* invariant 1 */
        return (c->places - 1) ^ partner;
    /* invariant 3: the rule of the sessions saved before */
    if (c->lock[partner].person)
        return (int)c->lock[partner].person - 1;
    if (c->lock[partner ^ 1].person)
        return ((int)c->lock[partner ^ 1].person - 1) ^ 1;
    return partner;
}

int im_couple_place_fits(const im_couple *c, int partner, unsigned person)
{
    return !c->places ||
           (unsigned)im_couple_partner_place(c, partner) == person;
}
