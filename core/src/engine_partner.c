/*
 * engine_partner.c -- forgetting a Together partner's secret (their
 * partner record and every unfinished sheet sealed under it go; nothing
 * else does), the reveal's "Keep this in our shared history", and a
 * partner leaving the couple space.
 *
 * A forgotten PIN or passphrase cannot be recovered (no one else holds the
 * partner key: partner_record.c).  What it sealed is only that partner's
 * unfinished answers and marks, so that is all that is lost.  The owner's
 * passphrase is the gate: whoever has it could delete those sealed sheets
 * anyway (the README says so), so it gives them nothing new.  On a couple
 * space with two members each place is a member's, and only that member's
 * own passphrase, in their own space, forgets it: couple_space.c decides
 * that and calls here (invariant 6).
 *
 * Invariants:
 *  1. Nothing changes unless owner_passphrase opens the vault's key.
 *  2. One transaction: the partner record is deleted and every couple
 *     record holding a sheet sealed under it is rewritten with that sheet
 *     empty and its lock gone; the other partner's sheet, lock and the
 *     session's place are kept.  A session waiting at the reveal's opening
 *     for that sheet alone goes on to its reveal (the forgotten partner's
 *     answers shown as not given).
 *  3. A forget never touches revealed history: locks exist only before a
 *     reveal.
 *  4. A partner leaving: the forget's erase of their unfinished sheets
 *     (sealed or not: every unfinished session's sheet of theirs), their
 *     record, and every revealed session not kept by BOTH partners' yes
 *     at its reveal, in one transaction; a kept one stays with the other.
 *  5. In the same transaction the leaver's ratings go from every
 *     connection map (progress.h) but those of a session kept by both:
 *     a map names its couple record in its step (engine_couple_state.c);
 *     a map logged before that (none named) was kept by nobody.
 *  6. Who may be spoken for on a couple space is membership, so it is
 *     couple_space.c's (invariant 7): im_partner_leave_in and
 *     im_partner_forget_in are defined there, ask im_couple_space_leave_proof
 *     and refuse a member's place before anything here runs; this file
 *     only does what a proven caller asks (im_partner_leave_with,
 *     im_partner_forget_with, im_partner_erase_leaving: engine_couple.h)
 *     and never reads the couple space's membership itself.
 *  7. im_partner_forget and im_partner_leave are Together on one vault (no
 *     couple space, no member's place): the _with calls on v itself.
 *  8. im_couple_bound_count only reads: it counts the sessions of a vault
 *     that a leave of its own accord erases whole (couple_space.c
 *     invariant 8), so the leave's screen can say so before, and how many.
 */
#include <stdlib.h>
#include <string.h>

#include "engine_couple.h"

typedef struct forget_ctx {
    const im_library *lib;
    unsigned person;
    int leaving; /* im_partner_leave: invariant 4 */
    int64_t *ids;
    size_t n, cap;
    im_rc rc;
    int64_t *kept; /* couple records kept by both: invariant 5 */
    size_t n_kept;
} forget_ctx;

/* A revealed session kept by both: its map stays whole (invariant 5). */
static im_rc note_kept(forget_ctx *f, int64_t id)
{
    int64_t *k = realloc(f->kept, (f->n_kept + 1) * sizeof *f->kept);
    if (!k)
        return IM_ERR_NOMEM;
    f->kept = k;
    f->kept[f->n_kept++] = id;
    return IM_OK;
}

static int map_kept(const char *step, void *ctx)
{
    forget_ctx *f = ctx;
    size_t pre = sizeof IM_COUPLE_MAP_STEP - 1;
    if (strncmp(step, IM_COUPLE_MAP_STEP, pre) != 0)
        return 0;
    char *end = NULL;
    long long id = strtoll(step + pre, &end, 10);
    for (size_t i = 0; end && !*end && i < f->n_kept; i++)
        if (f->kept[i] == id)
            return 1;
    return 0;
}

/* Collects the ids of couple records (rewritten after the walk). */
static int collect(void *ctx, int64_t id, im_rc rc, const unsigned char *data,
                   size_t len)
{
    (void)data, (void)len;
    forget_ctx *f = ctx;
    if (rc != IM_OK)
        return 0; /* a damaged record is left as it is */
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        int64_t *ids = realloc(f->ids, cap * sizeof *ids);
        if (!ids) {
            f->rc = IM_ERR_NOMEM;
            return 1;
        }
        f->ids = ids;
        f->cap = cap;
    }
    f->ids[f->n++] = id;
    return 0;
}

/* Drops person's sheets from couple record id; *changed when it did. */
static im_rc forget_in(im_vault *v, forget_ctx *f, int64_t id)
{
    im_buf b = {0};
    im_rc rc = im_record_get(v, IM_KIND_COUPLE, id, &b);
    if (rc != IM_OK)
        return rc == IM_ERR_DAMAGED ? IM_OK : rc;
    im_couple *c = NULL;
    rc = im_couple_load(f->lib, b.data, b.len, NULL, NULL, &c);
    im_buf_free(&b);
    if (rc != IM_OK)
        return rc == IM_ERR_NOMEM ? rc : IM_OK; /* not ours to judge here */
    int hit = 0;
    int revealed = c->phase == IM_PHASE_REVEALED || c->phase == IM_PHASE_DONE;
    if (f->leaving && revealed) {
        im_rc d = IM_OK;
        if (!(c->keep[0] && c->keep[1]))
            d = im_record_delete(v, IM_KIND_COUPLE, id); /* not kept by both */
        else
            d = note_kept(f, id);
        im_couple_free(c);
        return d;
    }
    for (int p = 0; p < 2; p++) {
        /* leaving: their sheet in every unfinished session goes; which
         * slot is theirs: their seal, else the place the session recorded
         * when it began, else the other's seal's other slot, else the
         * slot (im_couple_partner_place: engine_couple_places.c) */
        int mine = c->lock[p].person == f->person + 1;
        if (!mine && f->leaving && !c->lock[p].person)
            mine = im_couple_partner_place(c, p) == (int)f->person;
        if (!mine || (!f->leaving && !c->lock[p].kind))
            continue;
        im_partner_lock_free(&c->lock[p]);
        im_sheet_wipe(&c->sheet[p]);
        hit = 1;
    }
    if (hit && c->phase == IM_PHASE_OPENING && !c->lock[0].kind &&
        !c->lock[1].kind)
        rc = im_couple_open_finish(c); /* unattached: computes, saves nothing */
    if (hit && rc == IM_OK) {
        unsigned char *data = NULL;
        size_t len = 0;
        rc = im_couple_save(c, &data, &len);
        if (rc == IM_OK) {
            rc = im_record_put(v, IM_KIND_COUPLE, &id, data, len);
            im_state_free(data, len);
        }
    }
    im_couple_free(c);
    return rc;
}

static im_rc erase(im_vault *v, const im_library *lib, unsigned person,
                   int leaving);

im_rc im_partner_forget_with(im_vault *v, im_vault *owner,
                             const im_library *lib, unsigned person,
                             const char *owner_passphrase)
{
    if (!v || !owner || !lib || !owner_passphrase ||
        person >= IM_PARTNER_PERSONS)
        return IM_ERR_INVALID;
    if (!im_vault_is_unlocked(v) || !im_vault_is_unlocked(owner))
        return IM_ERR_LOCKED;
    im_rc rc = im_vault_unlock(owner, owner_passphrase); /* invariant 1 */
    if (rc != IM_OK)
        return rc;
    return erase(v, lib, person, 0);
}

im_rc im_partner_forget(im_vault *v, const im_library *lib, unsigned person,
                        const char *owner_passphrase)
{
    /* Together on v itself: no couple space, no member's place */
    return im_partner_forget_with(v, v, lib, person, owner_passphrase);
}

im_rc im_partner_leave_with(im_vault *v, im_vault *owner, const im_library *lib,
                            unsigned person, const char *secret)
{
    if (!v || !owner || !lib || !secret || person >= IM_PARTNER_PERSONS)
        return IM_ERR_INVALID;
    if (!im_vault_is_unlocked(v) || !im_vault_is_unlocked(owner))
        return IM_ERR_LOCKED;
    /* their own secret, or (without one, or forgotten) the owner's */
    im_rc rc = im_partner_secret_try(v, person, secret);
    if (rc != IM_OK)
        rc = im_vault_unlock(owner, secret);
    if (rc != IM_OK)
        return rc;
    return erase(v, lib, person, 1);
}

im_rc im_partner_erase_leaving(im_vault *v, const im_library *lib,
                               unsigned person)
{
    if (!v || !lib || person >= IM_PARTNER_PERSONS)
        return IM_ERR_INVALID;
    if (!im_vault_is_unlocked(v))
        return IM_ERR_LOCKED;
    return erase(v, lib, person, 1);
}

im_rc im_partner_leave(im_vault *v, const im_library *lib, unsigned person,
                       const char *secret)
{
    return im_partner_leave_with(v, v, lib, person, secret);
}

im_rc im_couple_keep(im_couple *c, int partner, int yes)
{
    if (!c || (partner != 0 && partner != 1))
        return IM_ERR_INVALID;
    if (c->wiped)
        return IM_ERR_LOCKED;
    if (c->phase != IM_PHASE_REVEALED && c->phase != IM_PHASE_DONE)
        return IM_ERR_STATE;
    if (c->ex->mode != IM_MODE_REVEAL && c->ex->mode != IM_MODE_MATCH)
        return IM_ERR_STATE;
    c->keep[partner] = yes ? 1 : 0;
    return im_couple_changed(c);
}

int im_couple_kept(const im_couple *c, int partner)
{
    return c && (partner == 0 || partner == 1) && c->keep[partner];
}

static im_rc erase(im_vault *v, const im_library *lib, unsigned person,
                   int leaving)
{
    im_rc rc;
    forget_ctx f = {lib, person, leaving, NULL, 0, 0, IM_OK, NULL, 0};
    if ((rc = im_vault_begin(v)) != IM_OK)
        return rc;
    int64_t pid = 0;
    rc = im_partner_record_id(v, person, &pid);
    if (rc == IM_OK)
        rc = im_record_delete(v, IM_KIND_PARTNER, pid);
    if (rc == IM_ERR_NOT_FOUND)
        rc = IM_OK; /* sheets of an earlier, half-done forget still go */
    if (rc == IM_OK)
        rc = im_record_foreach(v, IM_KIND_COUPLE, collect, &f);
    if (rc == IM_OK)
        rc = f.rc;
    for (size_t i = 0; rc == IM_OK && i < f.n; i++)
        rc = forget_in(v, &f, f.ids[i]);
    free(f.ids);
    if (rc == IM_OK && leaving)
        rc = im_progress_map_drop_partner(v, (int)person, map_kept, &f);
    free(f.kept);
    if (rc == IM_OK)
        rc = im_vault_commit(v);
    if (rc != IM_OK)
        im_vault_rollback(v);
    return rc;
}

/* ---- sessions bound to their vault (invariant 8) ------------------------ */

typedef struct bound_ctx {
    const im_library *lib;
    size_t n;
} bound_ctx;

/* A session with a sheet under an older per-session lock: bound to the
 * vault that made it (partner_lock.h: person 0 is a session's own lock). */
static int count_bound(void *ctx, int64_t id, im_rc rc,
                       const unsigned char *data, size_t len)
{
    (void)id;
    bound_ctx *b = ctx;
    im_couple *c = NULL;
    if (rc != IM_OK || !data ||
        im_couple_load(b->lib, data, len, NULL, NULL, &c) != IM_OK)
        return 0; /* damaged, or not a session this build reads */
    int bound = 0;
    for (int p = 0; p < 2; p++)
        bound |= c->lock[p].kind && !c->lock[p].person;
    im_couple_free(c);
    b->n += (size_t)bound;
    return 0;
}

im_rc im_couple_bound_count(im_vault *v, const im_library *lib, size_t *n)
{
    if (!n)
        return IM_ERR_INVALID;
    *n = 0;
    if (!v || !lib)
        return IM_ERR_INVALID;
    bound_ctx b = {lib, 0};
    im_rc rc = im_record_foreach(v, IM_KIND_COUPLE, count_bound, &b);
    if (rc == IM_OK)
        *n = b.n;
    return rc;
}
