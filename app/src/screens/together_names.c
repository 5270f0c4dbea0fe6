/*
 * together_names.c -- the names of the two places on Together's list (the
 * first partner, the second), one answer for every screen of the couple's
 * space.
 *
 * A session keeps the names it was begun with (core's im_couple_name: the
 * hand-off card, the reveal, "Pass the device to ..."), while the list
 * used to fill its fields from the open vault's profile alone.  So after a
 * relaunch, or in a linked person's own space, the list said "Partner 2"
 * for the person the hand-off card of the same space called "Alex".  The
 * couple space holds the sessions, and so the names the couple last used;
 * the list takes them from there (tg_names_load), and every line that names
 * a place asks tg_place_name.
 *
 * Rules:
 *  1. A name typed on the list in this visit wins; then the name the
 *     newest session of the space gave that place; then the open vault's
 *     profile (its own name at its own place: the owner's vault is the
 *     first, a member person's the second, couple_space.h); then the
 *     default ("Partner 1", "Partner 2").
 *  2. A session's names are given to places only when its places are
 *     known: core recorded them when it began, or (a session saved before
 *     that) a partner's seal names their place (im_couple_places_of), or
 *     one of its names is the open vault's profile name for a place.
 *     Otherwise (an older session, no secret, no profile name) nothing is
 *     taken from it: a name put at the wrong place would bind the next
 *     session's sheet to the other partner's secret.
 *  3. The names are wiped with the screen's state (tg_free) and reloaded
 *     each time the list is drawn: nothing outlives the unlock.
 *  4. Which place a session's partner is, is core's answer
 *     (im_couple_partner_place: recorded when the session began,
 *     engine_couple_places.c), and tg_places is the app's only reader of
 *     it: the hand-off card's secret, the binds at the start and the names
 *     all follow it.
 */
#include "app/session.h"
#include "innermost/wipe.h"
#include "screens/tg_shared.h"

/* The open vault's own place on the list: a person who is a member of the
 * couple's space is its second place; the owner, or anyone whose Together
 * is in their own vault, the first. */
static int own_place(ui_session *s)
{
    return s->couple ? (int)im_couple_space_place_of(s->vault) : (int)IM_COUPLE_PLACE_OWNER;
}

/* The open vault's profile name for place, or "". */
static const char *profile_name(ui_session *s, int place) { return place == own_place(s) ? s->name : s->partner; }

void tg_places(const im_couple *c, int person[2])
{
    /* whose place on the list each partner is (rule 4): as recorded when
     * the session began; core's older rule for a session saved before */
    for (int p = 0; p < 2; p++) person[p] = im_couple_partner_place(c, p);
}

/* The places of c's partners when they are known (rule 2): 1, else 0. */
static int places_known(ui_session *s, const im_couple *c, int person[2])
{
    if (im_couple_places_of(c) != IM_COUPLE_PLACES_GUESSED) {
        tg_places(c, person);
        return 1;
    }
    for (int place = 0; place < 2; place++) {
        const char *n = profile_name(s, place);
        for (int p = 0; p < 2 && *n; p++) {
            if (strcmp(im_couple_name(c, p), n) != 0 || !strcmp(im_couple_name(c, p ^ 1), n)) continue;
            person[p] = place;
            person[p ^ 1] = place ^ 1;
            return 1;
        }
    }
    return 0;
}

void tg_names_load(tg *t)
{
    ui_session *s = ui_session_of(t->app);
    im_vault *space = ui_session_couple(s);
    im_mem_wipe(t->known, sizeof t->known);
    im_couple_summary *h = NULL;
    size_t n = 0;
    if (!space || im_couple_history(ui_app_content(t->app), space, &h, &n) != IM_OK) return;
    /* newest first: the first session whose places are known names both */
    for (size_t i = 0; i < n; i++) {
        im_couple *c = NULL;
        if (im_couple_resume_from(ui_app_content(t->app), space, h[i].id, &s->clock, NULL, &c) != IM_OK) continue;
        int person[2];
        int known = places_known(s, c, person);
        for (int p = 0; p < 2 && known; p++)
            snprintf(t->known[person[p]], sizeof t->known[person[p]], "%s", im_couple_name(c, p));
        im_couple_free(c);
        if (known) break;
    }
    free(h);
}

const char *tg_place_name(const tg *t, int place)
{
    ui_session *s = ui_session_of(t->app);
    if (t->typed[place][0]) return t->typed[place];
    if (t->known[place][0]) return t->known[place];
    const char *n = profile_name(s, place);
    return *n ? n : ui_str(place ? STR_TG_DEFAULT_B : STR_TG_DEFAULT_A);
}
