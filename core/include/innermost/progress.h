/*
 * progress.h -- a small event log of practice, and the series the Progress
 * screen draws from it.
 *
 * Each event is one IM_KIND_PROGRESS record; its type, time and values live
 * inside the ciphertext.  The app or the exercise engine calls
 * im_progress_log when something is done; the queries read the log (and,
 * for mood, the journal) and return plain arrays.
 *
 * A mood check-in (Home's "How are you right now?") is an event too, not a
 * journal entry: the journal lists only what a person wrote.  It is drawn
 * on the mood chart beside entries' moods, and it is not practice: the
 * practice days do not count it.
 *
 * There are no streaks here on purpose: nothing counts consecutive days and
 * nothing can report a broken run.  Practice is counted as days with any
 * practice, which only ever grows.
 *
 * Invariants:
 *   1. Events are stamped with the vault's clock (and the local offset at
 *      that moment), never with a time the caller hands in.
 *   2. Ids and references are UTF-8 checked; values are range checked; a
 *      refused event writes nothing.
 *   3. Series come back in time order, oldest first (what a chart draws).
 */
#ifndef INNERMOST_PROGRESS_H
#define INNERMOST_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/error.h"
#include "innermost/journal.h"
#include "innermost/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IM_PROGRESS_ID_MAX_BYTES 128 /* item and step ids, UTF-8 bytes */
#define IM_CONNECTION_DIMENSIONS \
    5                            /* emotional, physical, intellectual,
                                         experiential, spiritual (in the
                                         order the content defines)       */
#define IM_PROGRESS_SCALE_MAX 10 /* discomfort and ratings: 0..10    */
#define IM_PROGRESS_NOT_RATED (-1)
#define IM_PROGRESS_PARTNERS  2

typedef enum im_progress_type {
    IM_PROGRESS_PATH_STEP = 1,      /* item: path step id                    */
    IM_PROGRESS_LADDER_STEP = 2,    /* item: ladder id, step: ladder step id,
                                       before/after: discomfort 0..10       */
    IM_PROGRESS_LADDER_RERATE = 3,  /* item, step as above; after: the new
                                       discomfort rating, before optional    */
    IM_PROGRESS_CONNECTION_MAP = 4, /* item: exercise id; ratings of both
                                       partners per dimension               */
    IM_PROGRESS_PRACTICE = 5,       /* item: the practice tool or exercise   */
    IM_PROGRESS_CHECKIN = 6,        /* after: the mood given, IM_MOOD_VERY_LOW
                                       ..IM_MOOD_VERY_GOOD; item unused     */
    IM_PROGRESS_TYPE_MAX_ = 6
} im_progress_type;

typedef struct im_progress_event {
    int64_t id;            /* record id (set by log and queries)     */
    int type;              /* im_progress_type                        */
    int64_t at_ms;         /* set by im_progress_log                  */
    int32_t tz_offset_min; /* set by im_progress_log                  */
    int32_t day;           /* local day of at_ms (queries set it)     */
    char item[IM_PROGRESS_ID_MAX_BYTES + 1];
    char step[IM_PROGRESS_ID_MAX_BYTES + 1];
    int before, after; /* 0..10 or IM_PROGRESS_NOT_RATED          */
    int ratings[IM_PROGRESS_PARTNERS][IM_CONNECTION_DIMENSIONS];
    /* 0..10 or IM_PROGRESS_NOT_RATED          */
} im_progress_event;

/* An event of type with every value unset (ratings and discomfort
 * IM_PROGRESS_NOT_RATED), ready to fill in. */
im_progress_event im_progress_event_make(int type, const char *item,
                                         const char *step);

/* Append an event, stamped now.  What each type needs:
 *   PATH_STEP, PRACTICE: item.
 *   LADDER_STEP: item, step, before and after.
 *   LADDER_RERATE: item, step, after (before optional).
 *   CONNECTION_MAP: item and at least one rating.
 *   CHECKIN: after, a mood 1..5 (im_progress_checkin is the easier way).
 * IM_ERR_INVALID if something needed is missing, out of range or not UTF-8.
 * Sets *id (may be NULL). */
IM_MUST_CHECK
im_rc im_progress_log(im_vault *v, const im_progress_event *e, int64_t *id);

/* Events of type (0: every type) with from_ms <= at_ms < to_ms, oldest
 * first.  Free *out with free(). */
IM_MUST_CHECK
im_rc im_progress_events(im_vault *v, int type, int64_t from_ms, int64_t to_ms,
                         im_progress_event **out, size_t *n);

/* Path: how many distinct path steps have been done, ever. */
IM_MUST_CHECK
im_rc im_progress_path_steps_done(im_vault *v, size_t *distinct);

/* Ladder steps done and re-ratings of one ladder (item; NULL: all
 * ladders), oldest first: the points of a "discomfort over time" chart. */
IM_MUST_CHECK
im_rc im_progress_ladder(im_vault *v, const char *ladder_id,
                         im_progress_event **out, size_t *n);

/* Connection-map ratings of both partners, oldest first: the radar
 * history. */
IM_MUST_CHECK
im_rc im_progress_connection_maps(im_vault *v, im_progress_event **out,
                                  size_t *n);

/* A partner leaving (engine_partner.c): in every connection map whose
 * step (the session's id) kept(step, ctx) does not accept, partner's
 * ratings are erased; a map left with no rating at all is deleted.  Runs
 * in the caller's transaction (im_vault_begin) if there is one.  Times,
 * ids and the other's ratings are kept. */
IM_MUST_CHECK
im_rc im_progress_map_drop_partner(im_vault *v, int partner,
                                   int (*kept)(const char *step, void *ctx),
                                   void *ctx);

/* A mood check-in: how the person feels right now, mood IM_MOOD_VERY_LOW
 * ..IM_MOOD_VERY_GOOD, as an IM_PROGRESS_CHECKIN event stamped now.
 * *id == 0: a new check-in, and *id is set to it.  Otherwise check-in *id
 * takes the new mood and keeps its time: a second pick on the same card
 * corrects the first rather than counting twice.  IM_ERR_INVALID for a
 * mood out of range, IM_ERR_NOT_FOUND when *id is no check-in. */
IM_MUST_CHECK
im_rc im_progress_checkin(im_vault *v, int mood, int64_t *id);

/* The mood of the latest check-in on local day `day` into *mood;
 * IM_MOOD_NONE when there was none that day. */
IM_MUST_CHECK
im_rc im_progress_checkin_on(im_vault *v, int32_t day, int *mood);

/* *hard = 1 when check-in id says "Very low" and so did the check-in
 * before it (other events in between do not count): twice in a row is
 * when the app offers its care card instead of a plain thank-you.  Once is
 * not: a single low day is ordinary.  IM_ERR_NOT_FOUND when id is no
 * check-in. */
IM_MUST_CHECK
im_rc im_progress_checkin_is_hard(im_vault *v, int64_t id, int *hard);

/* Mood by local day over [from_day, to_day]: one element per day, gaps
 * included (count 0), oldest first: the moods of journal entries and of
 * check-ins together.  Free *out with free(). */
typedef struct im_mood_day {
    int32_t day;
    int count;        /* entries and check-ins with a mood that day */
    int min, max;     /* 0 when count is 0                       */
    int average_x100; /* mean mood times 100 (e.g. 350); 0 if none */
} im_mood_day;

#define IM_PROGRESS_RANGE_MAX_DAYS 3660 /* ten years per query */

IM_MUST_CHECK
im_rc im_progress_mood_by_day(im_journal *j, int32_t from_day, int32_t to_day,
                              im_mood_day **out, size_t *n);

/* Practice per local day over [from_day, to_day]: counts[i] is the number
 * of events (of any type but check-ins) on day from_day + i; *days_with_practice is how
 * many of those days have at least one.  counts may be NULL when only the
 * number of days is wanted; otherwise free it with free(). */
IM_MUST_CHECK
im_rc im_progress_practice_days(im_vault *v, int32_t from_day, int32_t to_day,
                                uint32_t **counts, size_t *days_with_practice);

#ifdef __cplusplus
}
#endif
#endif
