/*
 * engine_couple.h -- the couple run's state, shared by its files:
 * engine_couple.c (lifecycle, private answers, reveal, match),
 * engine_turns.c (speaker / listener), engine_ladder.c (consent ladder),
 * engine_couple_state.c (saved form, vault), engine_couple_secret.c (a
 * partner's own secret), engine_couple_places.c (whose place each partner
 * is).
 */
#ifndef IM_ENGINE_COUPLE_H
#define IM_ENGINE_COUPLE_H

#include "engine_internal.h"
#include "partner_lock.h"

/* A connection map's step: this and its couple record's id. */
#define IM_COUPLE_MAP_STEP "couple:"

struct im_couple {
    const im_exercise *ex;
    im_clock clock;
    im_rng rng;
    char name[2][IM_PARTNER_NAME_MAX + 1];
    im_couple_phase phase;
    int paused;
    int partner;       /* answering partner; turns: the speaker      */
    size_t index;      /* current step; n_steps when none            */
    im_sheet sheet[2]; /* private answers (match: erased at result)  */
    size_t n_result;   /* match: mutual yes steps                    */
    size_t *result;
    unsigned char *result_yes;
    size_t open; /* consent ladder: steps opened               */
    int confirmed[2];
    int first_speaker;      /* turns: who opens the current prompt        */
    int spoken;             /* turns: speakers done on it (0 or 1)        */
    int64_t speak_start_ms; /* turns: 0 while not running                 */
    int64_t speak_used_ms;  /* turns: speaking time used before a pause   */
    im_vault *vault;
    int64_t record_id;
    int listening;   /* registered as the vault's lock listener    */
    int unsaved;     /* the last save failed                       */
    int wiped;       /* the vault locked: state wiped, saves refused */
    int revealed;    /* the current call revealed (outcome)        */
    int map_pending; /* a connection map to log with the next save */
    int map_logged;  /* the current call's save logged it (outcome) */
    /* a partner's own secret (engine_couple_secret.c): kind 0 none */
    im_partner_lock lock[2];
    unsigned char session[IM_COUPLE_SESSION_BYTES]; /* random, binds the locks */
    int keep[2]; /* each said yes to "Keep this in our shared history" (revealed) */
    /* engine_couple_places.c: 0 not recorded (a session saved before);
     * else 1 + partner 0's place on Together's list (partner 1: the other) */
    int places;
};

/* ---- A partner's own secret (engine_couple_secret.c) ---- */

/* Partner p has a secret and their sheet is not open (sealed, wiped). */
int im_couple_sheet_closed(const im_couple *c, int p);
/* Seal p's open sheet, wipe it and its key (nothing if unlocked or
 * closed); on failure it stays open. */
im_rc im_couple_sheet_close(im_couple *c, int p);
/* After the reveal: the locks go (the sheets are shared history). */
void im_couple_locks_drop(im_couple *c);
/* Wipe both keys (the vault locks). */
void im_couple_locks_close(im_couple *c);
/* Sheet p in the saved form: u8 0 + the sheet, or the lock with the sheet
 * sealed (partner_lock.h). */
im_rc im_couple_sheet_write(im_wbuf *w, const im_couple *c, int p);
im_rc im_couple_sheet_read(im_rbuf *r, im_couple *c, int p);
/* OPENING with every sheet open: reveal (or match) and save
 * (engine_couple.c). */
im_rc im_couple_open_finish(im_couple *c);

/* Whether partner p's sheet holds nothing yet (engine_couple_secret.c). */
int im_couple_sheet_empty(const im_couple *c, int p);

/* ---- Whose place each partner is (engine_couple_places.c) ---- */

/* 1 when partner's sheet may be sealed for person: the places are not
 * recorded (an older session), or person is partner's recorded place
 * (invariant 2). */
int im_couple_place_fits(const im_couple *c, int partner, unsigned person);

/* Stop listening to the attached vault's lock (engine_couple_state.c). */
void im_couple_unbind(im_couple *c);

/* Save to the attached vault, if any (engine_couple_state.c). */
im_rc im_couple_changed(im_couple *c);

int64_t im_couple_now(const im_couple *c);

/* Turns: enter step i (SPEAKING for a prompt, TOGETHER otherwise, DONE
 * past the end). */
void im_turns_enter(im_couple *c, size_t i);
im_rc im_turns_next(im_couple *c);
im_rc im_turns_back(im_couple *c);
im_rc im_turns_skip(im_couple *c);
void im_turns_pause(im_couple *c);
void im_turns_resume(im_couple *c);

/* Consent ladder: the step index of rung k (k-th prompt), n_steps if none;
 * the number of rungs. */
size_t im_ladder_rung_step(const im_exercise *ex, size_t k);
size_t im_ladder_rungs(const im_exercise *ex);

/* im_partner_forget and im_partner_leave (engine.h) with the records in v
 * and the owner's passphrase proven on owner: what im_partner_forget_in
 * and im_partner_leave_in (couple_space.c, which first refuses a member's
 * place: its invariant 7) do once the place is one anyone's proof may
 * speak for.  No membership check here. */
IM_MUST_CHECK
im_rc im_partner_forget_with(im_vault *v, im_vault *owner,
                             const im_library *lib, unsigned person,
                             const char *owner_passphrase);
IM_MUST_CHECK
im_rc im_partner_leave_with(im_vault *v, im_vault *owner, const im_library *lib,
                            unsigned person, const char *secret);

/* A partner leaving, after their proof was checked by the caller
 * (couple_space.c: the member's own passphrase): im_partner_leave's
 * erase of person's place (engine_partner.c invariants 2 to 5), in one
 * transaction -- nested in the caller's when one is open. */
IM_MUST_CHECK
im_rc im_partner_erase_leaving(im_vault *v, const im_library *lib,
                               unsigned person);

#endif
