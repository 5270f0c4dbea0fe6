/*
 * engine_internal.h -- what the engine's files share: the helpers of the
 * saved state, the answer sheet (one person's answers to one exercise) and
 * the vault glue.
 */
#ifndef IM_ENGINE_INTERNAL_H
#define IM_ENGINE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/engine.h"
#include "innermost/progress.h"
#include "innermost/wipe.h" /* im_str_wipe_free, im_mem_wipe_free */
#include "record_codec.h"
#include "utf8.h"

/* ---- Codec ------------------------------------------------------------------
 * Saved states are written and read with the sequential calls of core's one
 * record codec (record_codec.h): u8, u32, i64 and length-prefixed strings,
 * sticky errors checked once at the end. */

/* Hand a saved state over (to im_state_free later), refusing one over
 * IM_RUN_STATE_MAX (IM_ERR_TOO_LARGE): the loaders would not take it. */
im_rc im_state_take(im_wbuf *w, unsigned char **data, size_t *len);

/* A string compared in place without allocating (ids). */
int im_rbuf_text_eq(im_rbuf *r, const char *want);

/* ---- Answer sheet (engine_answer.c) ----------------------------------------- */

typedef struct im_sheet {
    im_answer *a; /* one per step of the exercise */
    size_t n;
} im_sheet;

im_rc im_sheet_init(im_sheet *s, size_t n);
void im_sheet_free(im_sheet *s);
void im_answer_clear(im_answer *a); /* back to unseen, wiped */
/* Every answer back to unseen, wiped; the sheet keeps its size. */
void im_sheet_wipe(im_sheet *s);

im_rc im_answer_set_text(const im_step *st, im_answer *a, const char *utf8);
im_rc im_answer_set_choices(const im_step *st, im_answer *a, uint64_t chosen);
im_rc im_answer_set_scale(const im_step *st, im_answer *a, int value);
im_rc im_answer_set_ladder(const im_step *st, im_answer *a,
                           const char *const *texts, const int *before,
                           size_t n);
im_rc im_answer_ladder_done(const im_step *st, im_answer *a, size_t rung,
                            int after);
/* Rename / remove one rung (see im_run_ladder_rename, _remove). */
im_rc im_answer_ladder_rename(const im_step *st, im_answer *a, size_t rung,
                              const char *text);
im_rc im_answer_ladder_remove(const im_step *st, im_answer *a, size_t rung);
im_rc im_answer_set_match(const im_step *st, im_answer *a, im_match m);
im_rc im_answer_timer_start(const im_step *st, im_answer *a, int64_t now);
/* Compute the status at now; a timer that reached its end is marked
 * completed and ANSWERED (returns 1 then, so the caller saves). */
int im_answer_timer_status(const im_step *st, im_answer *a, int64_t now,
                           im_timer_status *out);
im_rc im_answer_timer_stop(const im_step *st, im_answer *a, int64_t now);
/* Breathing: the pace (0: the step's own pattern; k: st->paces[k-1]) and
 * length (0: st->rounds; else one of st->lengths, in minutes) chosen
 * before starting.  IM_ERR_STATE while running or for another kind,
 * IM_ERR_INVALID for a choice the step does not offer. */
im_rc im_answer_breath_choose(const im_step *st, im_answer *a, int pace,
                              int minutes);
/* The rounds and whole length of st with a's choices (a may be NULL). */
int im_answer_breath_rounds(const im_step *st, const im_answer *a);
int64_t im_answer_duration_ms(const im_step *st, const im_answer *a);

/* Save / load a sheet: each answered or visited step by step id, so a
 * sheet loaded against edited content keeps what still matches. */
void im_sheet_save(im_wbuf *w, const im_exercise *ex, const im_sheet *s);
im_rc im_sheet_load(im_rbuf *r, const im_exercise *ex, im_sheet *s);

/* Read a saved sheet without its exercise (a run saved before the shared
 * ladder, engine_person_ladder.c): *out gets the first answer with rungs
 * (none: n_rungs 0), the other answers are read past and wiped.  At most
 * IM_SHEET_SCAN_MAX answers; IM_ERR_DAMAGED (and *out empty) on bad bytes. */
#define IM_SHEET_SCAN_MAX 4096u
im_rc im_sheet_scan_ladder(im_rbuf *r, im_answer *out);

/* Summary reflections from a sheet (see im_run_summary). */
size_t im_sheet_summary(const im_exercise *ex, const im_sheet *s,
                        const im_step *summary, im_reflection *out, size_t max);

/* Index of the step with this id, or ex->n_steps. */
size_t im_exercise_step_index(const im_exercise *ex, const char *id);

/* ---- The person's ladder (engine_person_ladder.c, ladder.h) ---------------- */

struct im_ladder;
/* The person's ladder into *out and its record's id into *id (0: no record
 * yet; *out then comes from the newest run with rungs, ladder.h
 * invariant 3).  Errors as im_ladder_load. */
im_rc im_ladder_read(im_vault *v, struct im_ladder *out, int64_t *id);
/* The ladder record for a run's ladder answer a: each rung's text and its
 * rating (after, if tried in this run, else before).  Free with
 * im_state_free. */
im_rc im_ladder_encode(const im_answer *a, unsigned char **data, size_t *len);
/* Replace a's rungs by the person's ladder l: ratings as l has them; a
 * rung tried in this run and not re-rated since keeps its done mark and
 * both ratings.  IM_ERR_NOMEM leaves a as it was. */
im_rc im_answer_from_ladder(im_answer *a, const struct im_ladder *l);

/* ---- Vault glue (engine_store.c) ---------------------------------------------- */

/* Put a saved state (kind IM_KIND_RUN / IM_KIND_COUPLE) at *id, and log
 * events[0..n) (progress.h; n may be 0) in the same transaction: the vault
 * then holds the state and every event, or none of them (*id is left as
 * it was on failure). */
im_rc im_engine_store(im_vault *v, uint32_t kind, int64_t *id,
                      const unsigned char *data, size_t len,
                      const im_progress_event *events, size_t n);

/* As im_engine_store, with one more record (also_kind at *also_id, 0: a
 * new one) written in the same transaction; also_data NULL: none. */
im_rc im_engine_store_also(im_vault *v, uint32_t kind, int64_t *id,
                           const unsigned char *data, size_t len,
                           const im_progress_event *events, size_t n,
                           uint32_t also_kind, int64_t *also_id,
                           const unsigned char *also_data, size_t also_len);

/* Attach a run or couple session to v: stop listening to the vault it was
 * bound to (*vault, when *listening), then bind to v and listen to its lock
 * with fn(ctx).  *vault is v afterwards even if listening failed. */
im_rc im_engine_bind(im_vault **vault, int *listening, im_vault *v,
                     im_lock_fn fn, void *ctx);
/* Stop listening (nothing if not listening). */
void im_engine_unbind(im_vault *vault, int *listening, im_lock_fn fn,
                      void *ctx);

/* The magic numbers at the start of a saved run / couple state. */
#define IM_RUN_MAGIC       0x33524d49u /* "IMR3": with breathing choices      */
#define IM_RUN_MAGIC_V2    0x32524d49u /* "IMR2": with started / changed times */
#define IM_RUN_MAGIC_V1    0x31524d49u /* "IMR1": without them (still read)   */
#define IM_COUPLE_MAGIC    0x32434d49u /* "IMC2": sheets may be partner-sealed */
#define IM_COUPLE_MAGIC_V1 0x31434d49u /* "IMC1": plain sheets (still read) */

#endif
