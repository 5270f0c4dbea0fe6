/* bench_util.c -- see bench_util.h. */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

double bench_now_ms(void) { return clock_ms(CLOCK_MONOTONIC); }
double bench_cpu_ms(void) { return clock_ms(CLOCK_PROCESS_CPUTIME_ID); }
double bench_thread_cpu_ms(void) { return clock_ms(CLOCK_THREAD_CPUTIME_ID); }

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double bench_pct(double *v, size_t n, double p)
{
    qsort(v, n, sizeof *v, cmp_double);
    return v[(size_t)(p * (double)(n - 1) + 0.5)];
}

long bench_rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

static const char *const words[] = {
    "trust",  "close",  "afraid",    "partner", "walk",    "morning",  "breath",  "quiet",   "letter",
    "mother", "garden", "rain",      "laugh",   "hands",   "phone",    "dinner",  "sleep",   "touch",
    "honest", "angry",  "sorry",     "small",   "step",    "ladder",   "élan",    "ärger",   "naïve",
    "łódź",   "tired",  "hope",      "listen",  "weekend", "argument", "kitchen", "message", "silence",
    "friend", "work",   "tears",     "warm",    "cold",    "promise",  "window",  "music",   "memory",
    "body",   "chest",  "shoulders", "stomach", "heavy",   "light",    "open",    "safe"};
#define N_WORDS (sizeof words / sizeof words[0])

static uint64_t seed = 0x2545F4914F6CDD1DULL;

uint64_t bench_rand(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

const char *bench_word(size_t i) { return words[i % N_WORDS]; }

void bench_text_make(char *title, char *body)
{
    size_t target = 200 + bench_rand() % 1800, n = 0;
    while (n < target)
        n += (size_t)sprintf(body + n, "%s%s", n ? " " : "", words[bench_rand() % N_WORDS]);
    sprintf(title, "%s %s", words[bench_rand() % N_WORDS], words[bench_rand() % N_WORDS]);
}
