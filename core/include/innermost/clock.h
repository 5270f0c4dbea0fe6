/*
 * clock.h -- time enters core only through this interface.
 *
 * Core never calls time() or clock_gettime() directly outside clock.c, so a
 * test (or the app's headless script driver, whose time is virtual) can hand
 * in its own clock and get deterministic timestamps, undo windows, draft
 * intervals and timers.
 */
#ifndef INNERMOST_CLOCK_H
#define INNERMOST_CLOCK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct im_clock {
    /* Milliseconds since the Unix epoch (UTC). */
    int64_t (*now_ms)(void *ctx);
    void *ctx;
} im_clock;

/* The wall clock. */
im_clock im_clock_system(void);

/* Read a clock; a NULL clock means the system clock. */
int64_t im_clock_now_ms(const im_clock *clock);

/* A settable clock for tests: now_ms returns *(int64_t *)ctx. */
im_clock im_clock_fixed(int64_t *ms);

/* The local calendar day (days since 1970-01-01 in local time) of a time,
 * used to group entries "by day".  tz_offset_min is minutes east of UTC. */
int32_t im_day_from_ms(int64_t ms, int32_t tz_offset_min);

/* The current local offset from UTC in minutes (from the C library). */
int32_t im_local_tz_offset_min(int64_t ms);

#ifdef __cplusplus
}
#endif
#endif
