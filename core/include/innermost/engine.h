/*
 * engine.h -- the exercise engine: pure state machines that walk a parsed
 * exercise (content.h), alone or as a couple on one device.
 *
 * Nothing here draws, sleeps or reads the time or random numbers directly:
 * time comes through an im_clock, randomness through an im_rng, so every
 * transcript is deterministic in tests.  A run is saved as an opaque byte
 * string (im_run_save / im_couple_save) that the store layer (bottom of this
 * file) seals into the vault after every change -- "saved as soon as it is
 * given" -- and a run loaded back continues exactly where it stopped.
 *
 * Solo run: next, back, skip, not now (pause here and come back later), an
 * answer call per answer kind, timers and breathing driven by the clock.
 *
 * Couple run (two named partners, one device):
 *   reveal   partner A answers every prompt, hands the device over, B
 *            answers; only then are both revealed, and only in pairs: a
 *            step shows both answers when both partners answered it, and
 *            neither when either skipped it.  Before the reveal, reading
 *            anything but the current answerer's own answers returns
 *            IM_ERR_SEALED.
 *   match    each marks yes / maybe / not now privately; the result holds
 *            only items both marked yes.  Individual marks are never
 *            readable (IM_ERR_SEALED) and are erased from the state once
 *            the result exists.  Property: whatever one partner marked,
 *            for every item not in the result both "maybe" and "not now"
 *            remain possible marks of the other.
 *   consent-ladder  the next step opens only when both confirm; either can
 *            pause or step back at any time; no reason is asked, and no call
 *            tells one partner that the other has confirmed.
 *   turns    speaker / listener per prompt; the speaker's time is limited
 *            (turn-seconds); when it ends the listener gets the reflect-back
 *            prompt, and only then do they swap.
 *
 * Invariants:
 *   1. A call refused (IM_ERR_STATE, IM_ERR_INVALID, IM_ERR_TOO_LARGE,
 *      IM_ERR_SEALED) leaves the state as it was.  When a vault is attached
 *      and the save after a change fails, the change stands in memory and
 *      the save's error is returned, so the caller can save again.
 *   2. A saved state loaded back (any time, any phase) behaves identically:
 *      same position, same answers, same seal.
 *   3. Sealed answers leave the engine only inside the save blob, which is
 *      written only to the vault (encrypted); no read call returns them.
 *   4. Answer text is wiped from memory when replaced or freed.
 */
#ifndef INNERMOST_ENGINE_H
#define INNERMOST_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/clock.h"
#include "innermost/content.h"
#include "innermost/error.h"
#include "innermost/partner_key.h"
#include "innermost/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Limits ------------------------------------------------------------ */

#define IM_ANSWER_TEXT_MAX  (64u * 1024u) /* bytes of one free-text answer */
#define IM_RUNG_TEXT_MAX    1024          /* bytes of one ladder step      */
#define IM_LADDER_RUNGS_MAX 32
#define IM_PARTNER_NAME_MAX 64 /* bytes of a partner's name     */
#define IM_RUN_STATE_MAX    (4u * 1024u * 1024u) /* a saved run            */

/* ---- Randomness ---------------------------------------------------------- */

typedef struct im_rng {
    /* A uniformly random 32-bit number. */
    uint32_t (*next_u32)(void *ctx);
    void *ctx;
} im_rng;

/* libsodium's generator (randombytes_random). */
im_rng im_rng_system(void);
/* A deterministic generator for tests: *state is advanced (splitmix64). */
im_rng im_rng_seeded(uint64_t *state);
/* A number in [0, n) without modulo bias; 0 when n is 0.  NULL: system. */
uint32_t im_rng_below(const im_rng *rng, uint32_t n);

/* ---- Answers ------------------------------------------------------------- */

typedef enum im_step_status {
    IM_STATUS_UNSEEN = 0,
    IM_STATUS_SEEN, /* shown, moved past without an answer            */
    IM_STATUS_ANSWERED,
    IM_STATUS_SKIPPED,
    IM_STATUS_NOT_NOW /* set aside: the run paused here                 */
} im_step_status;

typedef enum im_match {
    IM_MATCH_NONE = 0,
    IM_MATCH_YES,
    IM_MATCH_MAYBE,
    IM_MATCH_NOT_NOW
} im_match;

/* One step of a person's ladder, easiest first.  after is -1 until done. */
typedef struct im_rung {
    char *text;
    int before; /* discomfort 0..10 when planned                  */
    int done;
    int after; /* discomfort 0..10 when done, re-rated           */
} im_rung;

/* A read-only view of one answer (owned by the run). */
typedef struct im_answer {
    im_step_status status;
    char *text;      /* TEXT: NUL-terminated UTF-8, else NULL          */
    uint64_t chosen; /* ONE / MANY / CHECKLIST: bit i = option i       */
    int scale;       /* SCALE: 0..10, -1 when not given                */
    im_rung *rungs;  /* LADDER                                         */
    size_t n_rungs;
    int64_t started_ms; /* TIMER / BREATHING: when started, 0 if not      */
    int elapsed_ms;     /* TIMER / BREATHING: time done when stopped      */
    int completed;      /* TIMER / BREATHING: ran to the end              */
    im_match match;     /* MATCH                                          */
    int pace;           /* BREATHING: 0 the step's pattern, k paces[k-1]  */
    int minutes;        /* BREATHING: 0 the step's rounds, else a length  */
} im_answer;

/* Where a timer or breathing step is, computed from the clock. */
typedef struct im_timer_status {
    int running;
    int completed;
    int64_t remaining_ms; /* whole step                                     */
    size_t round;         /* breathing: 0-based round                       */
    size_t phase_index;   /* breathing: index into step->phases             */
    im_breath_phase phase;
    int64_t phase_remaining_ms;
    /* breathing: the pattern and rounds being followed (the chosen pace
     * and length, else the step's own); phases points into the step */
    const im_phase *phases;
    size_t n_phases;
    int rounds;
} im_timer_status;

/* The total length of a timer or breathing step in milliseconds, as
 * written (im_timer_status.remaining_ms counts any chosen pace and
 * length). */
int64_t im_step_duration_ms(const im_step *step);

/* What a summary step reflects back: each chosen line with its note. */
typedef struct im_reflection {
    const char *prompt_id;
    const char *text;
    const char *note; /* may be NULL */
} im_reflection;

/* ---- Solo run -------------------------------------------------------------- */

typedef struct im_run im_run;

/* Start ex at its first step.  clock NULL: system clock.  The exercise (and
 * its library) must outlive the run. */
IM_MUST_CHECK
im_rc im_run_start(const im_exercise *ex, const im_clock *clock, im_run **out);
void im_run_free(im_run *r);

const im_exercise *im_run_exercise(const im_run *r);
size_t im_run_index(const im_run *r);        /* current step index      */
const im_step *im_run_step(const im_run *r); /* NULL once finished      */
int im_run_finished(const im_run *r);
int im_run_paused(const im_run *r); /* after "not now"         */
/* When the run was started and last changed, by its clock (0 for runs
 * saved before these were kept). */
int64_t im_run_started_ms(const im_run *r);
int64_t im_run_changed_ms(const im_run *r);
const im_answer *im_run_answer(const im_run *r, size_t step_index);

/* Move on (the current step becomes SEEN unless answered) / back one step
 * (IM_ERR_STATE at the first) / skip (SKIPPED, move on) / not now (NOT_NOW,
 * stay here and pause: im_run_resume continues from this step). */
IM_MUST_CHECK
im_rc im_run_next(im_run *r);
IM_MUST_CHECK
im_rc im_run_back(im_run *r);
IM_MUST_CHECK
im_rc im_run_skip(im_run *r);
IM_MUST_CHECK
im_rc im_run_not_now(im_run *r);
IM_MUST_CHECK
im_rc im_run_resume(im_run *r);

/* Answer the current step; IM_ERR_STATE if its answer kind differs,
 * IM_ERR_INVALID for a value out of range, text over IM_ANSWER_TEXT_MAX or
 * not UTF-8.  Answering does not move on. */
IM_MUST_CHECK
im_rc im_run_answer_text(im_run *r, const char *utf8);
IM_MUST_CHECK
im_rc im_run_answer_choices(im_run *r,
                            uint64_t chosen); /* one/many/checklist */
IM_MUST_CHECK
im_rc im_run_answer_scale(im_run *r, int value);
/* The person's ladder, easiest first (replaces any earlier one; done marks
 * of rungs with the same text are kept).  The ladder is the person's, not
 * the exercise's (ladder.h): a run attached to a vault shows it on
 * entering a ladder step (attach, resume, next, back), and this call, like
 * every ladder change below, writes it in the same transaction as the
 * run's save. */
IM_MUST_CHECK
im_rc im_run_answer_ladder(im_run *r, const char *const *texts,
                           const int *before, size_t n);
/* Rung rung was tried: it is marked done with its discomfort after (0..10).
 * A run logging its progress (im_run_log_progress) also logs the try as an
 * IM_PROGRESS_LADDER_STEP event (item: the exercise, step: the rung's
 * words, cut whole to fit; before: the rung's rating before this try) in
 * the same transaction as the run's save.  after becomes the rung's
 * rating on the person's ladder; the done mark is this run's only.
 * IM_ERR_INVALID for a rung that is not there or a rating out of range
 * (nothing changes). */
IM_MUST_CHECK
im_rc im_run_ladder_done(im_run *r, size_t rung, int after);
/* Rung rung gets new words (1..IM_RUNG_TEXT_MAX bytes of UTF-8), keeping
 * its place, ratings and done mark / leaves the ladder, the others keeping
 * their order.  Like every ladder change of a run attached to a vault, the
 * person's ladder (ladder.h) follows in the same save.  IM_ERR_INVALID for
 * a rung that is not there or bad words (nothing changes). */
IM_MUST_CHECK
im_rc im_run_ladder_rename(im_run *r, size_t rung, const char *text);
IM_MUST_CHECK
im_rc im_run_ladder_remove(im_run *r, size_t rung);
/* Timers and breathing: start, read, stop early.  Reaching the end marks
 * the step ANSWERED and completed (noticed on the next status or tick). */
IM_MUST_CHECK
im_rc im_run_timer_start(im_run *r);
IM_MUST_CHECK
im_rc im_run_timer_status(im_run *r, im_timer_status *out);
IM_MUST_CHECK
im_rc im_run_timer_stop(im_run *r);
/* Breathing, before starting: one of the paces the step offers (0: its
 * own pattern; k: step->paces[k-1]) and one of its lengths in minutes (0:
 * its own rounds; else a value of step->lengths, as whole rounds nearest
 * that length).  A finished run of the step is forgotten.  IM_ERR_STATE
 * while it runs or on another kind of step, IM_ERR_INVALID for a choice
 * the step does not offer (nothing changes).  Kept across a restart. */
IM_MUST_CHECK
im_rc im_run_breath_choose(im_run *r, int pace, int minutes);

/* A guided exercise ('guided: yes') runs itself: once its current timed
 * step has run to its end, this moves on to the next step and, when that
 * one is timed too (and not already done), starts its timer, so a person
 * with closed eyes needs no tap between parts.  IM_ERR_STATE, changing
 * nothing, when the exercise is not guided, the step is not timed, or its
 * timer is still running or was stopped short; else what im_run_next (and
 * im_run_timer_start) returned. */
IM_MUST_CHECK
im_rc im_run_guided_advance(im_run *r);

/* The reflections of the current summary step (chosen lines of the prompts
 * it shows, in order).  Returns how many there are; fills up to max. */
size_t im_run_summary(const im_run *r, im_reflection *out, size_t max);

/* Serialize the whole run / rebuild it against a library (steps matched by
 * id, so edited content keeps what still fits).  *data is malloc'd; free it
 * with im_state_free (which wipes it). */
IM_MUST_CHECK
im_rc im_run_save(const im_run *r, unsigned char **data, size_t *len);
IM_MUST_CHECK
im_rc im_run_load(const im_library *lib, const unsigned char *data, size_t len,
                  const im_clock *clock, im_run **out);
void im_state_free(unsigned char *data, size_t len);

/* ---- Readable export of a solo run -----------------------------------------
 * The Markdown the readable export (export.h) shows for one saved solo run
 * (the plaintext of an IM_KIND_RUN record), named through lib: a heading
 * with the exercise and its item, the day it was last worked on, then each
 * answered prompt's question and the person's answer, in step order:
 *   text       the words as written (line breaks kept);
 *   one, many, checklist   the chosen lines as a list;
 *   scale      "7 of 10", with the words of both ends;
 *   ladder     the steps in order, each with its discomfort before and,
 *              when done, after;
 *   timer, breathing   "Done: 2 minutes", "Stopped after 40 seconds of 2
 *              minutes" (or "Started, not finished"); the heading adds
 *              the time spent in all of them.
 * Steps skipped, set aside or never reached are left out.  *when_ms is the
 * run's last change (0 when not known).  IM_ERR_NOT_FOUND when nothing was
 * answered, or the exercise is no longer in lib (the run stays in the
 * vault); IM_ERR_DAMAGED if the state does not decode.  *markdown is
 * malloc'd and NUL-terminated; wipe it before freeing (export does).  The
 * signature is im_export_run_fn's, with ctx the const im_library *. */
IM_MUST_CHECK
im_rc im_run_render_markdown(void *lib, const unsigned char *data, size_t len,
                             int64_t *when_ms, char **markdown);

/* Writes the saved solo run `run_id` of v to path as the readable text
 * im_run_render_markdown gives for it: the file appears whole or not at
 * all (atomic_file.h: a temporary sibling, mode 0600, renamed over path),
 * and nothing is left at path on any failure.  This is readable text of
 * the person's words: the caller asks for the passphrase first, as for
 * the readable export.  IM_ERR_NOT_FOUND when there is no such run or
 * nothing in it was answered; IM_ERR_LOCKED when v is locked; IM_ERR_IO
 * family codes from the write; IM_ERR_INVALID for a NULL or empty path.
 * The text is wiped from memory once written. */
IM_MUST_CHECK
im_rc im_run_export_write(const im_library *lib, im_vault *v, int64_t run_id,
                          const char *path);

/* ---- Couple run --------------------------------------------------------------- */

typedef struct im_couple im_couple;

typedef enum im_couple_phase {
    IM_PHASE_ANSWERING = 1, /* reveal, match: a partner answers privately  */
    IM_PHASE_HANDOFF,       /* pass the device to the second partner       */
    IM_PHASE_REVEALED,      /* reveal: both visible; discussion steps      */
    IM_PHASE_LADDER,        /* consent-ladder in progress                  */
    IM_PHASE_SPEAKING,      /* turns: the speaker talks, the clock runs    */
    IM_PHASE_REFLECTING,    /* turns: the listener reflects back           */
    IM_PHASE_TOGETHER,      /* turns: a card both read (no speaker)        */
    IM_PHASE_DONE,
    IM_PHASE_OPENING /* reveal, match: both answered; a partner's secret
                        must open their sheet before the reveal         */
} im_couple_phase;

/* Start a couple run of ex (mode turns, reveal, match or consent-ladder)
 * for partners named a and b (partner 0 and 1).  rng NULL: system; it
 * decides who speaks first in turns.  clock NULL: system. */
IM_MUST_CHECK
im_rc im_couple_start(const im_exercise *ex, const char *name_a,
                      const char *name_b, const im_clock *clock,
                      const im_rng *rng, im_couple **out);
void im_couple_free(im_couple *c);

const im_exercise *im_couple_exercise(const im_couple *c);
const char *im_couple_name(const im_couple *c, int partner);
im_couple_phase im_couple_phase_of(const im_couple *c);
int im_couple_paused(const im_couple *c);
/* Whose turn it is: answering, speaking (turns), or -1 when shared. */
int im_couple_partner(const im_couple *c);
/* The listener in turns (-1 otherwise). */
int im_couple_listener(const im_couple *c);
size_t im_couple_index(const im_couple *c);
const im_step *im_couple_step(const im_couple *c);

/* Walk the steps of the current phase (answering, reveal discussion,
 * turns).  next at the last step of the first partner goes to HANDOFF;
 * of the second, to REVEALED (both sheets, or the match result). */
IM_MUST_CHECK
im_rc im_couple_next(im_couple *c);

/* What one step of a couple run did, for the screen to show. */
typedef struct im_couple_outcome {
    int revealed;   /* this call revealed both sheets (reveal) or the match
                        result (match): the phase became REVEALED         */
    int map_logged; /* and, a connection map attached to a vault, its
                        ratings were logged (progress.h) in the same
                        transaction as the revealed state                 */
} im_couple_outcome;

/* im_couple_next, reporting its outcome in *out (cleared first; may be
 * NULL).  Whenever a call reveals a connection map (im_couple_next,
 * im_couple_skip, im_couple_handoff_done alike) and a vault is attached,
 * the connection-map event -- both partners' ratings per dimension, a
 * step either skipped not rated -- is written in the one transaction that
 * saves the revealed state: the vault holds both or neither.  If that
 * save fails the event stays pending and goes with the next save that
 * succeeds, so a retry cannot lose it nor log it twice. */
IM_MUST_CHECK
im_rc im_couple_advance(im_couple *c, im_couple_outcome *out);

/* Whether ex is a connection map: five scale prompts (the dimensions of
 * progress.h, in order) in an exercise whose id names a connection. */
int im_exercise_is_connection_map(const im_exercise *ex);
IM_MUST_CHECK
im_rc im_couple_back(im_couple *c);
IM_MUST_CHECK
im_rc im_couple_skip(im_couple *c);
/* "Not now": pause the whole session here (resume continues). */
IM_MUST_CHECK
im_rc im_couple_not_now(im_couple *c);
IM_MUST_CHECK
im_rc im_couple_resume(im_couple *c);
/* HANDOFF -> the second partner answers from the first step. */
IM_MUST_CHECK
im_rc im_couple_handoff_done(im_couple *c);

/* Answers by the partner whose turn it is (reveal, match; turns: the
 * speaker, when the prompt takes an answer). */
IM_MUST_CHECK
im_rc im_couple_answer_text(im_couple *c, const char *utf8);
IM_MUST_CHECK
im_rc im_couple_answer_choices(im_couple *c, uint64_t chosen);
IM_MUST_CHECK
im_rc im_couple_answer_scale(im_couple *c, int value);
IM_MUST_CHECK
im_rc im_couple_answer_ladder(im_couple *c, const char *const *texts,
                              const int *before, size_t n);
IM_MUST_CHECK
im_rc im_couple_answer_match(im_couple *c, im_match m);

/* Read partner's answer to step_index.  IM_ERR_SEALED unless revealed or
 * it is that partner's own turn to answer (reveal), and always for match
 * marks.  After the reveal, IM_ERR_SEALED for both partners on a step that
 * either did not answer (skipped, or moved past): only what both gave is
 * shown.  IM_ERR_NOT_FOUND for an index out of range. */
IM_MUST_CHECK
im_rc im_couple_get_answer(const im_couple *c, int partner, size_t step_index,
                           const im_answer **out);

/* Match result (REVEALED, DONE): the step indices both marked yes, in step
 * order; both_yes[i] is 1 for each (kept for callers of the old result,
 * which also held mutual maybes).  IM_ERR_SEALED before.  *n is the full
 * count; up to max are written. */
IM_MUST_CHECK
im_rc im_couple_match_result(const im_couple *c, size_t *steps, int *both_yes,
                             size_t max, size_t *n);

/* Match, while a partner answers: 1 when they are on their last item and
 * have marked every earlier one yes (the screen then says, to them alone,
 * that a sheet of yeses shows no more of the other's list).  Reads only
 * the answering partner's own marks; 0 in any other phase. */
int im_couple_match_all_yes(const im_couple *c);

/* ---- A partner's own secret (partner_key.h) ----------------------------
 * Reveal and match, attached to a vault.  A partner with a secret has
 * their sheet sealed under their own partner key in every save; it is open
 * (in memory, answerable) only after their secret opened it on their turn,
 * and it is sealed and wiped when their turn ends.  While closed, their
 * answers, next, skip and back on their turn and the hand-off to them
 * return IM_ERR_SEALED.  When the second partner leaves their last step
 * and a partner's sheet is closed, the phase becomes IM_PHASE_OPENING: the
 * reveal (or match) is computed, in core, only once every locked sheet was
 * opened by its secret (both present), and saved as today; the locks are
 * then gone (what was revealed is the shared history, under the vault
 * key), and for a reveal in which either partner had a secret the answers
 * not shown (a step either skipped) are erased with them.  A resumed session (after a relaunch or a lock)
 * starts with every sheet closed.  Each call derives Argon2id at the
 * vault's cost (a PIN: IM_PARTNER_PIN_COST_FACTOR times): run it off the
 * UI thread. */

/* Partner sets a secret on their own moment (their turn; the second
 * partner at the hand-off): IM_ERR_STATE otherwise, when they have one
 * already, for turns and the consent ladder, or with no vault attached;
 * im_partner_secret_check's refusals; then saves (their sheet sealed). */
IM_MUST_CHECK
im_rc im_couple_partner_lock(im_couple *c, int partner, im_partner_secret kind,
                             const char *secret);
/* Opens partner's sheet with their secret: on their own moment, or in
 * OPENING (the last one opened reveals: the save's rc).  Opening one
 * partner's seals the other's.  IM_ERR_WRONG_SECRET changes nothing;
 * IM_ERR_STATE without a secret or at another moment. */
IM_MUST_CHECK
im_rc im_couple_partner_open(im_couple *c, int partner, const char *secret);
im_partner_secret im_couple_partner_secret(const im_couple *c, int partner);
/* 1 when partner has no secret or their sheet is open. */
int im_couple_partner_is_open(const im_couple *c, int partner);
/* OPENING: the first partner whose sheet is still closed; -1 otherwise. */
int im_couple_opening_partner(const im_couple *c);

/* ---- A partner's one secret for Together (partner_key.h) ---------------
 * person is the partner's place on Together's list (0 or 1); partner is
 * their slot in this session (0 answers first).  A person-lock seals
 * partner's sheet under person's one partner key; it opens with
 * im_couple_partner_open and the person's secret, as a session's own lock.
 *
 * bind: at the start (partner's sheet still empty, their moment not yet
 * needed), person's sheet in this session is sealed under their key from
 * now on; IM_ERR_NOT_FOUND when person has no secret, IM_ERR_STATE for a
 * partner who is locked already, a person bound to the other slot, turns,
 * the ladder, or no vault.  Saves.
 * join: on partner's own moment, with no lock yet: person's secret is set
 * now when they have none (kind, im_partner_secret_check's refusals), or
 * else must open their record (IM_ERR_WRONG_SECRET); then partner's sheet
 * is sealed under it and open.  Slow (Argon2id). */
IM_MUST_CHECK
im_rc im_couple_partner_bind(im_couple *c, int partner, unsigned person);
IM_MUST_CHECK
im_rc im_couple_partner_join(im_couple *c, int partner, unsigned person,
                             im_partner_secret kind, const char *secret);
/* The person partner's sheet is sealed for, -1 for none (or a session's
 * own lock). */
int im_couple_partner_person(const im_couple *c, int partner);

/* ---- Whose place each partner is (engine_couple_places.c) ---------------
 * A session's two partners (slots: 0 answers first) sit at the two places
 * of Together's list (couple_space.h: IM_COUPLE_PLACE_OWNER, the device
 * owner's, IM_COUPLE_PLACE_PERSON, a member person's), in either order:
 * the couple chooses who starts.
 *
 * places_set: record it when the session begins, before anything is
 * answered or sealed (IM_ERR_STATE after, or for a different place once
 * recorded; the same again is IM_OK): partner 0 is at place first (0 or 1,
 * IM_ERR_INVALID otherwise), partner 1 at the other.  Kept in the session
 * (attached: saved now, inside its sealed record).  From then on a
 * partner's sheet is sealed only for their own place:
 * im_couple_partner_bind and im_couple_partner_join refuse the other
 * person (IM_ERR_STATE), and a saved session whose seal says otherwise is
 * IM_ERR_DAMAGED. */
IM_MUST_CHECK
im_rc im_couple_places_set(im_couple *c, unsigned first);

/* partner's place on Together's list, 0 or 1 (-1 for a bad partner): the
 * recorded one; for a session saved before places were recorded, the old
 * rule: their seal's person (im_couple_partner_person), else the place the
 * other's seal leaves, else their slot (partner 0 at the owner's place). */
int im_couple_partner_place(const im_couple *c, int partner);

/* How im_couple_partner_place knows. */
typedef enum im_couple_places {
    IM_COUPLE_PLACES_GUESSED = 0, /* an older session, no seal: by slot      */
    IM_COUPLE_PLACES_SEALED = 1,  /* an older session: a seal names a place  */
    IM_COUPLE_PLACES_RECORDED = 2 /* recorded when it began (places_set)     */
} im_couple_places;
im_couple_places im_couple_places_of(const im_couple *c);

/* "I forgot my PIN": person's partner record and every unfinished sheet
 * sealed under it are erased, in one transaction, after owner_passphrase
 * opened the vault's key (IM_ERR_WRONG_SECRET: nothing changes).  Each
 * session keeps the other partner's answers; one waiting at the reveal's
 * opening only for person goes on to its reveal.  Revealed history is not
 * touched.  Slow (one vault key derivation). */
IM_MUST_CHECK
im_rc im_partner_forget(im_vault *v, const im_library *lib, unsigned person,
                        const char *owner_passphrase);

/* "Keep this in our shared history", partner's answer at a reveal or a
 * match's result (REVEALED or DONE; IM_ERR_STATE otherwise): saved.  What
 * was revealed stays after one of them leaves only if BOTH said yes. */
IM_MUST_CHECK
im_rc im_couple_keep(im_couple *c, int partner, int yes);
int im_couple_kept(const im_couple *c, int partner);

/* person leaves the couple space, with their own secret (or, without one
 * or forgotten, the device owner's passphrase; IM_ERR_WRONG_SECRET: nothing
 * changes), in one transaction: their partner record, their sheet in every
 * unfinished session (the other's stays), and every revealed session that
 * was not kept by both (im_couple_keep) are erased.  Slow. */
IM_MUST_CHECK
im_rc im_partner_leave(im_vault *v, const im_library *lib, unsigned person,
                       const char *secret);

/* The same two on the couple's space (couple_space.h), which has no
 * passphrase of its own: the records go from space, and the device owner's
 * passphrase is proven on owner (the member vault that opened it).  A
 * leave of a place that is a member's, with another member in space
 * (couple_space.h: im_couple_space_leave_proof), is not done here:
 * IM_ERR_WRONG_SECRET for the other member's place (they leave from their
 * own space), IM_ERR_STATE for owner's own (im_couple_space_partner_leave,
 * the kill-safe way); nothing changes.  A forget of the other member's
 * place on such a space is IM_ERR_WRONG_SECRET whatever is typed (they
 * forget it from their own space); a forget of owner's own place takes
 * owner's own passphrase, as every other place does. */
IM_MUST_CHECK
im_rc im_partner_forget_in(im_vault *space, im_vault *owner,
                           const im_library *lib, unsigned person,
                           const char *owner_passphrase);
IM_MUST_CHECK
im_rc im_partner_leave_in(im_vault *space, im_vault *owner,
                          const im_library *lib, unsigned person,
                          const char *secret);

/* *n: how many sessions of v (a member's own vault, unlocked) are still
 * sealed under an older per-session lock.  Such a session is bound to v,
 * never moved into the couple space, and is always unfinished; a leave of
 * v's own accord (couple_space.h: im_couple_space_leave_with, and the
 * last member's) erases it whole, the other partner's answers in it too
 * (couple_space.c invariant 8).  Reads every couple record of v, changes
 * nothing, no derivation.  IM_ERR_INVALID for a NULL argument. */
IM_MUST_CHECK
im_rc im_couple_bound_count(im_vault *v, const im_library *lib, size_t *n);

/* Consent ladder.  open is the number of steps opened so far (the step
 * they are on is open - 1; 0: none yet).  confirm: partner is ready for the
 * next step; when both have, it opens.  pause and step_back are for either
 * partner at any time and clear pending confirmations. */
IM_MUST_CHECK
im_rc im_couple_ladder_confirm(im_couple *c, int partner);
IM_MUST_CHECK
im_rc im_couple_ladder_pause(im_couple *c);
IM_MUST_CHECK
im_rc im_couple_ladder_step_back(im_couple *c);
size_t im_couple_ladder_open(const im_couple *c);

/* Turns.  tick checks the clock: a speaker whose time is up moves to
 * REFLECTING.  next in SPEAKING ends the turn early (to REFLECTING); next
 * in REFLECTING swaps speaker, or after both have spoken moves to the next
 * prompt.  remaining_ms of the speaking time. */
IM_MUST_CHECK
im_rc im_couple_tick(im_couple *c);
int64_t im_couple_turn_remaining_ms(const im_couple *c);
/* The reflect-back prompt while REFLECTING (NULL otherwise). */
const char *im_couple_reflect_prompt(const im_couple *c);

IM_MUST_CHECK
im_rc im_couple_save(const im_couple *c, unsigned char **data, size_t *len);
IM_MUST_CHECK
im_rc im_couple_load(const im_library *lib, const unsigned char *data,
                     size_t len, const im_clock *clock, const im_rng *rng,
                     im_couple **out);

/* ---- Storage ---------------------------------------------------------------------
 * A run attached to a vault is saved (IM_KIND_RUN / IM_KIND_COUPLE) after
 * every call that changes it.  *id 0: a new record is made and *id set.  A
 * failed save is returned by the call that changed the state (the change
 * stays in memory, so it can be saved again).
 *
 * Locking: an attached run or couple session listens to its vault's lock
 * (vault.h).  When the vault locks, a change whose save had failed is
 * saved once more (the keys are still there), then every answer -- both
 * partners' answers, sealed ones included, the match result and the
 * partners' names -- is wiped from memory.  From then on the object is
 * spent: reads show an empty run, every changing call returns
 * IM_ERR_LOCKED and never saves (its record keeps the last saved state),
 * and the app frees it and resumes from the vault after unlock
 * (im_run_resume_from, im_couple_resume_from).  If the vault is closed
 * first, the object forgets it and can still be freed.  A run that was
 * never attached holds no vault data and is not touched. */
IM_MUST_CHECK
im_rc im_run_attach(im_run *r, im_vault *v, int64_t *id);
IM_MUST_CHECK
im_rc im_couple_attach(im_couple *c, im_vault *v, int64_t *id);
IM_MUST_CHECK
im_rc im_run_resume_from(const im_library *lib, im_vault *v, int64_t id,
                         const im_clock *clock, im_run **out);
IM_MUST_CHECK
im_rc im_couple_resume_from(const im_library *lib, im_vault *v, int64_t id,
                            const im_clock *clock, const im_rng *rng,
                            im_couple **out);
/* Progress of a solo run, when asked for with im_run_log_progress(r, 1)
 * (the player does; a run is not logged by default, so a caller that keeps
 * its own log counts nothing twice): when a call finishes an attached run
 * (its last step left by next or skip), the run logs its practice
 * (progress.h:
 * PRACTICE with the exercise id and, for an exercise of a path step,
 * PATH_STEP with the step's id) in the same transaction that saves the
 * finished state -- both or neither are in the vault.  A failed save keeps
 * the events pending for the next save that succeeds.  Logged once per run
 * object: stepping back and finishing again logs nothing new.
 * im_run_progress_logged tells whether this run's finish is in the log. */
void im_run_log_progress(im_run *r, int on);
int im_run_progress_logged(const im_run *r);

/* The couple sessions stored in v, for a history list: each one's record
 * id, exercise and whether it is done, newest first.  Only the head of
 * each saved state is read (no answers are decoded); a record that does
 * not decode, or whose exercise is no longer in lib, is left out.  Free
 * *out with free(). */
typedef struct im_couple_summary {
    int64_t id;
    const im_exercise *ex; /* in lib */
    int done;              /* phase DONE */
} im_couple_summary;
IM_MUST_CHECK
im_rc im_couple_history(const im_library *lib, im_vault *v,
                        im_couple_summary **out, size_t *n);

/* ---- The Together list -------------------------------------------------------------
 * What a couple does in an exercise decides where it sits on the list, so
 * look-alike titles are told apart by kind as well as by name. */
typedef enum im_couple_kind {
    IM_COUPLE_KIND_TURNS = 1, /* talk in turns: one speaks, one listens      */
    IM_COUPLE_KIND_REVEAL,    /* answer privately, then see both             */
    IM_COUPLE_KIND_MAP,       /* a map: mutual yeses, or the five ratings    */
    IM_COUPLE_KIND_LADDER,    /* steps that open when both are ready         */
    IM_COUPLE_KIND_CHECK_IN   /* a short check-in (its item tagged check-in) */
} im_couple_kind;
#define IM_COUPLE_KINDS 5

/* The kind of couple exercise ex is; 0 for a solo exercise. */
im_couple_kind im_couple_kind_of(const im_exercise *ex);

/* One exercise on the Together list, with what its item says of it: the
 * one-line summary, the minutes it takes and the intro cards. */
typedef struct im_couple_entry {
    const im_exercise *ex;
    im_couple_kind kind;
    const char *summary;  /* the item's; may be NULL                          */
    int minutes;          /* the item's; 0 when not given                     */
    const im_card *cards; /* the item's intro cards, read before it starts    */
    size_t n_cards;
} im_couple_entry;

/* The couple exercises of lib's Together items, grouped by kind (in the
 * order of im_couple_kind) and in content order within a kind.  Writes at
 * most max into out and returns how many there are. */
size_t im_couple_menu(const im_library *lib, im_couple_entry *out, size_t max);

/* Whether the couple has begun exercise_id before: a session of it, open
 * or done, is stored in v (*begun 1), or none is (0).  The intro cards
 * open an exercise until it is begun once; heads only are read. */
IM_MUST_CHECK
im_rc im_couple_begun_before(const im_library *lib, im_vault *v,
                             const char *exercise_id, int *begun);

/* The newest unfinished run of exercise_id (IM_ERR_NOT_FOUND if none). */
IM_MUST_CHECK
im_rc im_run_find_open(im_vault *v, const char *exercise_id, int64_t *id);
IM_MUST_CHECK
im_rc im_couple_find_open(im_vault *v, const char *exercise_id, int64_t *id);

/* ---- History of solo runs ---------------------------------------------------------
 * Every solo run stays in the vault as its own record (IM_KIND_RUN), also
 * once finished, so a person can come back to what they did: the list
 * below says which runs there are, and im_run_resume_from reads one back
 * (answers through im_run_answer; the run listens to the lock like any
 * other, so a read view's answers go when the vault locks).
 *
 * A run is listed when at least one answer of it shows
 * (im_answer_shows): a run opened and left blank is not work to come back
 * to.  A record that does not decode, or whose exercise is no longer in
 * lib, is left out (it stays in the vault).  Newest first: by the last
 * change, then by record id. */

/* Whether a's answer to st has something to show a person: an ANSWERED
 * prompt with words written, a choice made (none ticked counts for
 * many / checklist), a scale given, a ladder with steps, or a timer or
 * breathing started.  Match and consent answers belong to couple
 * sessions: never. */
int im_answer_shows(const im_step *st, const im_answer *a);

/* Bytes of a run's summary line at most (before the ellipsis). */
#define IM_RUN_SUMMARY_MAX 160

typedef struct im_run_entry {
    int64_t id;            /* the record (im_run_resume_from)           */
    const im_exercise *ex; /* in lib                                    */
    int finished;          /* every step was left (next or skip)        */
    int paused;            /* set aside with "not now"                  */
    int64_t started_ms;    /* 0 when not known (runs saved before times
                               were kept)                                */
    int64_t changed_ms;    /* the last change; 0 when not known         */
    size_t answered;       /* answers that show                         */
    char *summary;         /* one line from the first answer that has
                               words: its text (first line), the chosen
                               lines or the ladder's steps, joined by ", ",
                               cut at IM_RUN_SUMMARY_MAX bytes on a
                               character boundary with an ellipsis; NULL
                               when no answer has words (a scale, a timer) */
} im_run_entry;

/* The runs in v, newest first, as above.  exercise_id: only that
 * exercise's runs (NULL: every exercise's).  query: only the runs whose
 * exercise title, item title or answers (words written, chosen lines,
 * ladder steps) hold every word of it, folded the way the journal's
 * search folds (NFKC, full case folding; a word is a run of letters,
 * digits and apostrophes), as substrings; NULL or a query without words:
 * all.  Everything is read and matched in memory; nothing is written.
 * *out (NULL when *n is 0) is freed with im_run_history_free, which wipes
 * the summaries.  IM_ERR_LOCKED when the vault is locked. */
IM_MUST_CHECK
im_rc im_run_history(const im_library *lib, im_vault *v,
                     const char *exercise_id, const char *query,
                     im_run_entry **out, size_t *n);
void im_run_history_free(im_run_entry *entries, size_t n);

/* The newest listed run of exercise_id, finished or not (as
 * im_run_history, without the summaries); IM_ERR_NOT_FOUND if none. */
IM_MUST_CHECK
im_rc im_run_find_last(const im_library *lib, im_vault *v,
                       const char *exercise_id, int64_t *id, int *finished);

#ifdef __cplusplus
}
#endif
#endif
