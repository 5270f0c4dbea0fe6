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

/* The local offset from UTC in minutes at time ms (from the C library).
 * Where time_t is 32 bits (Android's armeabi-v7a; 32-bit glibc without
 * _TIME_BITS=64) a time outside 1901-12-13..2038-01-19 is first moved by
 * whole 28-year cycles into that range (im_clock_shift_cycles), so the
 * answer is the offset the rules give for the same date and weekday in the
 * nearest representable year: exact while the zone's rules are those of
 * that year (a tz database answers post-2037 dates from its final rule
 * anyway), and the calendar itself repeats exactly only within 1901-2099. */
int32_t im_local_tz_offset_min(int64_t ms);

/* 28 Gregorian years in seconds: from 1901 to 2099 the calendar (leap years
 * and weekdays) repeats exactly every 28 years; 2100 is not a leap year. */
#define IM_CLOCK_CYCLE_SECONDS INT64_C(883612800)

/* secs (Unix seconds) moved by a whole number of IM_CLOCK_CYCLE_SECONDS
 * into [lo, hi], the fewest cycles needed; secs unchanged if already inside
 * or if the range is shorter than a cycle (then no shift is sure to land). */
int64_t im_clock_shift_cycles(int64_t secs, int64_t lo, int64_t hi);

#ifdef __cplusplus
}
#endif
#endif
