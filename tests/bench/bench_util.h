/*
 * bench_util.h -- what the benchmark programs share: clocks, percentiles,
 * resident memory.  Benchmarks print figures; none of this judges them.
 */
#ifndef IM_BENCH_UTIL_H
#define IM_BENCH_UTIL_H

#include <stddef.h>

/* Milliseconds of a monotonic clock (wall time). */
double bench_now_ms(void);

/* Milliseconds of CPU time of this process / this thread. */
double bench_cpu_ms(void);
double bench_thread_cpu_ms(void);

/* Sort v[0..n) ascending and return the p-quantile (0 <= p <= 1), nearest
 * rank.  n > 0. */
double bench_pct(double *v, size_t n, double p);

/* This process's resident set (VmRSS) in KiB; 0 where /proc has none. */
long bench_rss_kib(void);

#endif
