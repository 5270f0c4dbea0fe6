/*
 * bench_util.h -- what the benchmark programs share: clocks, percentiles,
 * resident memory.  Benchmarks print figures; none of this judges them.
 */
#ifndef IM_BENCH_UTIL_H
#define IM_BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

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

/* Journal-like text, the same sequence on every run (a fixed-seed
 * xorshift): bench_rand() is the next number; bench_word(i) a word of a
 * small vocabulary with some non-ASCII letters (i modulo its size);
 * bench_text_make() a title of two words (needs 64 bytes) and a body of
 * 200..2,000 bytes of words (needs 2,100 bytes). */
uint64_t bench_rand(void);
const char *bench_word(size_t i);
void bench_text_make(char *title, char *body);

#endif
