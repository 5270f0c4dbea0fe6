/*
 * test_clock_shift.c -- local offsets after 2038 where time_t is 32 bits.
 *
 * im_local_tz_offset_min hands a time to the C library (localtime_r).  Where
 * time_t is 32 bits (Android armeabi-v7a; 32-bit glibc without
 * _TIME_BITS=64) it first moves a time outside 1901-2038 by whole 28-year
 * cycles into range (im_clock_shift_cycles).  This test checks the shift
 * itself on every target, and the offsets of dates after 2038 through the
 * C library.  It is built twice on 32-bit targets: test_clock_shift (the
 * core as built, 64-bit time_t on armhf) and test_clock_shift_time32, whose
 * copy of clock.c is compiled with the C library's 32-bit time_t, so the
 * shifting path itself is exercised (it checks that time_t really is 4
 * bytes there).  It prints sizeof(time_t).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "innermost/clock.h"

#define CYCLE IM_CLOCK_CYCLE_SECONDS

static void check_shift(void)
{
    const int64_t lo = INT32_MIN, hi = INT32_MAX;
    /* 2040-04-01 12:00Z moves one cycle back, to 2012-04-01 12:00Z. */
    CHECK(im_clock_shift_cycles(INT64_C(2216894400), lo, hi) == INT64_C(1333281600));
    /* Inside the range: unchanged, at both ends too. */
    CHECK(im_clock_shift_cycles(INT64_C(1768478400), lo, hi) == INT64_C(1768478400));
    CHECK(im_clock_shift_cycles(hi, lo, hi) == hi);
    CHECK(im_clock_shift_cycles(lo, lo, hi) == lo);
    CHECK(im_clock_shift_cycles(hi + 1, lo, hi) == hi + 1 - CYCLE);
    CHECK(im_clock_shift_cycles(lo - 1, lo, hi) == lo - 1 + CYCLE);
    /* 2099-12-31 needs three cycles: the fewest that land in range. */
    int64_t late = INT64_C(4102358400);
    int64_t got = im_clock_shift_cycles(late, lo, hi);
    CHECK(got <= hi && got > hi - CYCLE);
    CHECK((late - got) % CYCLE == 0 && (late - got) / CYCLE == 3);
    /* 1890-01-01 (before a 32-bit time_t's 1901): moved forward. */
    int64_t early = INT64_C(-2524521600);
    got = im_clock_shift_cycles(early, lo, hi);
    CHECK(got >= lo && got < lo + CYCLE && (got - early) % CYCLE == 0);
    /* A cycle is whole weeks, so the weekday is kept. */
    CHECK(CYCLE % (7 * 86400) == 0);
    /* A range shorter than a cycle: nothing is sure to land, no shift. */
    CHECK(im_clock_shift_cycles(INT64_C(5000000000), 0, CYCLE / 2) == INT64_C(5000000000));
}

static void check_offsets(void)
{
    /* A POSIX TZ rule needs no tz database: UTC-5, daylight time (UTC-4)
     * from the 2nd Sunday of March to the 1st Sunday of November. */
    setenv("TZ", "XST5XDT,M3.2.0,M11.1.0", 1);
    tzset();
    CHECK(im_local_tz_offset_min(INT64_C(1768478400000)) == -300); /* 2026-01-15 */
    CHECK(im_local_tz_offset_min(INT64_C(2216894400000)) == -240); /* 2040-04-01 */
    CHECK(im_local_tz_offset_min(INT64_C(2210328000000)) == -300); /* 2040-01-16 */
    /* 2040-03-11 is the 2nd Sunday of March: 06:00Z still standard time,
     * 08:00Z daylight time (the change is at 02:00 local = 07:00Z). */
    CHECK(im_local_tz_offset_min(INT64_C(2215058400000)) == -300);
    CHECK(im_local_tz_offset_min(INT64_C(2215065600000)) == -240);
    CHECK(im_local_tz_offset_min(INT64_C(4102358400000)) == -300); /* 2099-12-31 */
    setenv("TZ", "UTC0", 1);
    tzset();
    CHECK(im_local_tz_offset_min(INT64_C(2216894400000)) == 0);
}

int main(void)
{
    printf("time_t: %zu bytes\n", sizeof(time_t));
#ifdef IM_EXPECT_TIME32
    CHECK(sizeof(time_t) == 4); /* else this build did not test the shift */
#endif
    check_shift();
    check_offsets();
    return im_check_done();
}
