/*
 * ladder.h -- the person's one ladder: small steps toward something hard,
 * each with how uncomfortable it feels now (0..10), easiest first.
 *
 * Every solo exercise with an `answer: ladder` prompt works on this one
 * ladder.  A Together exercise's ladder prompt does not: its rungs are each
 * partner's own answer in that couple run (sealed as the run's answers
 * are), because the person's ladder would show their private rungs to the
 * partner and take the partner's rungs for theirs.
 * It is its own sealed record (IM_KIND_LADDER); a run attached to the
 * vault starts its ladder step from it, and every change of the run's
 * ladder (a rung added, removed, renamed, re-rated or tried) writes it in
 * the same transaction as the run's save (engine.h, im_run_answer_ladder).
 *
 * Invariants:
 *   1. There is one ladder: the oldest record of the kind is the one read
 *      and the one replaced.
 *   2. A rung's rating is the latest: set when planned, then the rating
 *      after each try (the history of tries is the IM_PROGRESS_LADDER_STEP
 *      events, progress.h).  Whether a rung was done is the run's, not the
 *      ladder's: the same rung may be tried in many runs over weeks.
 *   3. A vault from before the shared ladder has no record: the ladder is
 *      then the one of the run that changed last among those with rungs,
 *      and the first read writes it as the record (an empty one when no
 *      run has rungs), so the runs are scanned once, not at every read.
 */
#ifndef INNERMOST_LADDER_H
#define INNERMOST_LADDER_H

#include <stddef.h>

#include "innermost/error.h"
#include "innermost/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct im_ladder_rung {
    char *text; /* UTF-8, 1..IM_RUNG_TEXT_MAX bytes                 */
    int rating; /* discomfort now, 0..10                            */
} im_ladder_rung;

typedef struct im_ladder {
    im_ladder_rung *rungs; /* easiest first, as the person ordered them */
    size_t n;              /* at most IM_LADDER_RUNGS_MAX               */
} im_ladder;

/* Read the person's ladder into *out (n 0 when none was built yet; after
 * the migration of invariant 3).  IM_ERR_DAMAGED when the record does not
 * decode, IM_ERR_LOCKED when locked; *out is empty then.  Free with
 * im_ladder_free. */
IM_MUST_CHECK
im_rc im_ladder_load(im_vault *v, im_ladder *out);

/* Wipe the rungs' words and free them; *l is empty afterwards. */
void im_ladder_free(im_ladder *l);

#ifdef __cplusplus
}
#endif
#endif
