/*
 * engine_internal.h -- what the engine's files share: the byte codec for
 * saved state, the answer sheet (one person's answers to one exercise) and
 * the vault glue.
 */
#ifndef IM_ENGINE_INTERNAL_H
#define IM_ENGINE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/engine.h"
#include "innermost/progress.h"
#include "utf8.h"

/* ---- Codec (engine_codec.c) ----------------------------------------------
 * Little-endian fixed-size integers and length-prefixed byte strings.  Both
 * sides are sticky: after the first error every call is a no-op and err
 * stays set, so a caller checks once at the end.  The writer's buffer holds
 * user text: it is wiped when it grows and when freed. */

typedef struct im_wbuf {
    unsigned char *p;
    size_t n, cap;
    int err;
} im_wbuf;

void im_w_raw(im_wbuf *w, const void *p, size_t n); /* bytes as they are */
void im_w_u8(im_wbuf *w, unsigned v);
void im_w_u32(im_wbuf *w, uint32_t v);
void im_w_i64(im_wbuf *w, int64_t v);
void im_w_str(im_wbuf *w, const char *s);       /* NULL: written as absent */
void im_w_free(im_wbuf *w);
/* Hand the bytes over (to im_state_free later); the wbuf is emptied. */
im_rc im_w_finish(im_wbuf *w, unsigned char **data, size_t *len);

typedef struct im_rbuf {
    const unsigned char *p;
    size_t n, at;
    int err;
} im_rbuf;

unsigned im_r_u8(im_rbuf *r);
uint32_t im_r_u32(im_rbuf *r);
int64_t  im_r_i64(im_rbuf *r);
/* A malloc'd NUL-terminated copy, NULL when absent or on error (then err).
 * max: the longest allowed; the bytes must be UTF-8 without NUL. */
char    *im_r_str(im_rbuf *r, size_t max, int *absent);
/* A string compared in place without allocating (ids). */
int      im_r_str_eq(im_rbuf *r, const char *want);
/* Read an id (at most IM_CONTENT_ID_MAX + 16) into buf. */
void     im_r_id(im_rbuf *r, char *buf, size_t size);


/* Free a malloc'd string after wiping it. */
void im_wipe_free(char *s);

/* ---- Answer sheet (engine_answer.c) ----------------------------------------- */

typedef struct im_sheet {
    im_answer *a;     /* one per step of the exercise */
    size_t n;
} im_sheet;

im_rc im_sheet_init(im_sheet *s, size_t n);
void  im_sheet_free(im_sheet *s);
void  im_answer_clear(im_answer *a);       /* back to unseen, wiped */
/* Every answer back to unseen, wiped; the sheet keeps its size. */
void  im_sheet_wipe(im_sheet *s);

im_rc im_answer_set_text(const im_step *st, im_answer *a, const char *utf8);
im_rc im_answer_set_choices(const im_step *st, im_answer *a, uint64_t chosen);
im_rc im_answer_set_scale(const im_step *st, im_answer *a, int value);
im_rc im_answer_set_ladder(const im_step *st, im_answer *a,
                           const char *const *texts, const int *before,
                           size_t n);
im_rc im_answer_ladder_done(const im_step *st, im_answer *a, size_t rung,
                            int after);
im_rc im_answer_set_match(const im_step *st, im_answer *a, im_match m);
im_rc im_answer_timer_start(const im_step *st, im_answer *a, int64_t now);
/* Compute the status at now; a timer that reached its end is marked
 * completed and ANSWERED (returns 1 then, so the caller saves). */
int   im_answer_timer_status(const im_step *st, im_answer *a, int64_t now,
                             im_timer_status *out);
im_rc im_answer_timer_stop(const im_step *st, im_answer *a, int64_t now);

/* Save / load a sheet: each answered or visited step by step id, so a
 * sheet loaded against edited content keeps what still matches. */
void  im_sheet_save(im_wbuf *w, const im_exercise *ex, const im_sheet *s);
im_rc im_sheet_load(im_rbuf *r, const im_exercise *ex, im_sheet *s);

/* Summary reflections from a sheet (see im_run_summary). */
size_t im_sheet_summary(const im_exercise *ex, const im_sheet *s,
                        const im_step *summary, im_reflection *out,
                        size_t max);

/* Index of the step with this id, or ex->n_steps. */
size_t im_exercise_step_index(const im_exercise *ex, const char *id);

/* ---- Vault glue (engine_store.c) ---------------------------------------------- */

/* Put a saved state (kind IM_KIND_RUN / IM_KIND_COUPLE) at *id, and log
 * events[0..n) (progress.h; n may be 0) in the same transaction: the vault
 * then holds the state and every event, or none of them (*id is left as
 * it was on failure). */
im_rc im_engine_store(im_vault *v, uint32_t kind, int64_t *id,
                      const unsigned char *data, size_t len,
                      const im_progress_event *events, size_t n);

/* Attach a run or couple session to v: stop listening to the vault it was
 * bound to (*vault, when *listening), then bind to v and listen to its lock
 * with fn(ctx).  *vault is v afterwards even if listening failed. */
im_rc im_engine_bind(im_vault **vault, int *listening, im_vault *v,
                     im_lock_fn fn, void *ctx);
/* Stop listening (nothing if not listening). */
void  im_engine_unbind(im_vault *vault, int *listening, im_lock_fn fn,
                       void *ctx);

/* The magic numbers at the start of a saved run / couple state. */
#define IM_RUN_MAGIC    0x32524d49u /* "IMR2": with started / changed times */
#define IM_RUN_MAGIC_V1 0x31524d49u /* "IMR1": without them (still read)   */
#define IM_COUPLE_MAGIC 0x31434d49u /* "IMC1" */

#endif
