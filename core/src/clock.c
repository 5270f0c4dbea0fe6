/* clock.c -- the only place core reads the wall clock (see clock.h). */
#define _POSIX_C_SOURCE 200809L
#include "innermost/clock.h"

#include <stdint.h>
#include <time.h>

static int64_t system_now_ms(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t fixed_now_ms(void *ctx)
{
    return *(const int64_t *)ctx;
}

im_clock im_clock_system(void)
{
    im_clock c = {system_now_ms, 0};
    return c;
}

im_clock im_clock_fixed(int64_t *ms)
{
    im_clock c = {fixed_now_ms, ms};
    return c;
}

int64_t im_clock_now_ms(const im_clock *clock)
{
    if (!clock || !clock->now_ms)
        return system_now_ms(0);
    return clock->now_ms(clock->ctx);
}

/* Floor division, so days before 1970 and negative offsets group right. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int32_t im_day_from_ms(int64_t ms, int32_t tz_offset_min)
{
    return (int32_t)floor_div(ms + (int64_t)tz_offset_min * 60000, 86400000);
}

int64_t im_clock_shift_cycles(int64_t secs, int64_t lo, int64_t hi)
{
    const int64_t cycle = IM_CLOCK_CYCLE_SECONDS;
    if (hi < lo || hi - lo < cycle - 1)
        return secs;
    if (secs > hi)
        secs -= (secs - hi + cycle - 1) / cycle * cycle;
    else if (secs < lo)
        secs += (lo - secs + cycle - 1) / cycle * cycle;
    return secs;
}

/* A time the C library can take: where time_t is narrower than 64 bits,
 * moved by whole 28-year cycles into its range (see clock.h for what that
 * approximates).  The sizeof test is constant; the compiler drops the dead
 * branch. */
static time_t time_for_libc(int64_t secs)
{
    if (sizeof(time_t) < sizeof(int64_t))
        secs = im_clock_shift_cycles(secs, INT32_MIN, INT32_MAX);
    return (time_t)secs;
}

int32_t im_local_tz_offset_min(int64_t ms)
{
    time_t t = time_for_libc(floor_div(ms, 1000));
    struct tm local;
    if (!localtime_r(&t, &local))
        return 0;
    /* timegm is not C11/POSIX; compute the offset from broken-down fields. */
    struct tm utc;
    if (!gmtime_r(&t, &utc))
        return 0;
    int days = local.tm_yday - utc.tm_yday;
    if (local.tm_year != utc.tm_year)
        days = local.tm_year > utc.tm_year ? 1 : -1;
    return (int32_t)(days * 1440 + (local.tm_hour - utc.tm_hour) * 60 +
                     (local.tm_min - utc.tm_min));
}
