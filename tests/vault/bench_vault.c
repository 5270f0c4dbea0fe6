/*
 * bench_vault.c -- prints what vault operations cost on this machine.
 * A benchmark, not a test: it asserts nothing about speed.
 *
 * Usage: bench_vault [records]    (default 1000 puts of 1 KiB)
 */
#define _POSIX_C_SOURCE 200809L
#include <sodium.h>
#include <string.h>

#include "vault_test.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *ms, int n)
{
    qsort(ms, (size_t)n, sizeof *ms, cmp_double);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += ms[i];
    printf("%-28s n=%d  p50 %.3f ms  p99 %.3f ms  max %.3f ms  mean %.3f ms\n", what, n, ms[n / 2],
           ms[n * 99 / 100], ms[n - 1], sum / n);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    if (n < 1)
        n = 1000;
    REQUIRE(sodium_init() >= 0);
    char *dir = im_tmpdir_make("vault-bench");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    double *ms = malloc((size_t)n * sizeof *ms);
    int64_t *ids = malloc((size_t)n * sizeof *ids);
    REQUIRE(ms && ids);
    unsigned char data[1024];
    randombytes_buf(data, sizeof data);

    for (int i = 0; i < n; i++) {
        ids[i] = 0;
        double t0 = vt_now_ms();
        CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &ids[i], data, sizeof data), IM_OK);
        ms[i] = vt_now_ms() - t0;
    }
    report("put new 1 KiB (own commit)", ms, n);
    for (int i = 0; i < n; i++) {
        double t0 = vt_now_ms();
        CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &ids[i], data, sizeof data), IM_OK);
        ms[i] = vt_now_ms() - t0;
    }
    report("replace 1 KiB (own commit)", ms, n);
    for (int i = 0; i < n; i++) {
        im_buf b;
        double t0 = vt_now_ms();
        CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, ids[i], &b), IM_OK);
        ms[i] = vt_now_ms() - t0;
        im_buf_free(&b);
    }
    report("get 1 KiB", ms, n);
    int k = n < 20 ? n : 20;
    for (int i = 0; i < k; i++) {
        im_vault_lock(v);
        double t0 = vt_now_ms();
        CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
        ms[i] = vt_now_ms() - t0;
    }
    report("unlock (64 MiB, t=1)", ms, k);
    im_vault_close(v);
    im_tmpdir_remove(dir);
    free(ms);
    free(ids);
    return im_check_done();
}
