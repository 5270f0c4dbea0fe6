/*
 * test_listwin.c -- list windowing against a brute-force model.
 *
 * 10,000 rows of varying heights (including zero-height rows); random
 * viewport queries are compared with a linear scan; then heights change
 * (single rows and all at once) and the count changes, and the comparison
 * repeats.  Prints the cost of a query (a figure, not a timed assertion).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "input/listwin.h"

#define NROWS 10000

typedef struct model {
    double h[NROWS * 2];
    int calls;
} model;

static double model_height(void *ctx, uint32_t row)
{
    model *m = ctx;
    m->calls++;
    return m->h[row];
}

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7FFF;
}

/* Heights in quarter points (exact in binary), some zero. */
static double random_height(unsigned *seed)
{
    unsigned r = rnd(seed);
    if (r % 50 == 0)
        return 0.0;
    return 24.0 + (double)(r % 800) * 0.25;
}

/* The brute-force answer: first row intersecting [off, off + vp), last
 * row whose top is before the window's end, by a linear scan. */
static im_listwin_range brute(const double *h, uint32_t n, double off, double vp)
{
    im_listwin_range r = {0, 0, 0.0, 1};
    double total = 0;
    for (uint32_t i = 0; i < n; i++)
        total += h[i];
    double start = off > 0 ? off : 0;
    double end = off + vp < total ? off + vp : total;
    if (n == 0 || vp <= 0 || start >= total || end <= start)
        return r;
    double y = 0;
    int found = 0;
    for (uint32_t i = 0; i < n; i++) {
        double top = y, bottom = y + h[i];
        if (h[i] > 0 && bottom > start && top < end) {
            if (!found) {
                r.first = i;
                r.first_y = top;
                found = 1;
            }
            r.last = i;
        }
        y = bottom;
    }
    r.empty = !found;
    return r;
}

static int same(im_listwin_range a, im_listwin_range b)
{
    if (a.empty || b.empty)
        return a.empty == b.empty;
    return a.first == b.first && a.last == b.last && a.first_y == b.first_y;
}

static int compare_random(const im_listwin *lw, const model *m, uint32_t n, unsigned *seed, int queries)
{
    double total = 0;
    for (uint32_t i = 0; i < n; i++)
        total += m->h[i];
    int bad = 0;
    for (int q = 0; q < queries; q++) {
        double off, vp;
        switch (rnd(seed) % 6) {
        case 0: /* exactly on a row top */
            off = im_listwin_row_y(lw, rnd(seed) % (n ? n : 1));
            vp = 800;
            break;
        case 1: /* ends exactly on a row top */
            vp = 640;
            off = im_listwin_row_y(lw, rnd(seed) % (n ? n : 1)) - vp;
            break;
        case 2: /* overscrolled at either end */
            off = (rnd(seed) & 1) ? -(double)(rnd(seed) % 300) : total - (double)(rnd(seed) % 300);
            vp = 700;
            break;
        default:
            off = fmod((double)rnd(seed) * 131.75, total + 500) - 250;
            vp = 1 + rnd(seed) % 2000;
            break;
        }
        im_listwin_range got = im_listwin_visible(lw, off, vp);
        im_listwin_range want = brute(m->h, n, off, vp);
        if (!same(got, want)) {
            if (bad < 5)
                fprintf(stderr,
                        "  off %.2f vp %.2f: got %u..%u y %.2f e%d, want "
                        "%u..%u y %.2f e%d\n",
                        off, vp, got.first, got.last, got.first_y, got.empty, want.first, want.last,
                        want.first_y, want.empty);
            bad++;
        }
    }
    return bad;
}

static int compare_positions(const im_listwin *lw, const model *m, uint32_t n)
{
    double y = 0;
    int bad = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (im_listwin_row_y(lw, i) != y || im_listwin_row_height(lw, i) != m->h[i])
            bad++;
        if (m->h[i] > 0 && (im_listwin_row_at(lw, y) != i || im_listwin_row_at(lw, y + m->h[i] * 0.5) != i))
            bad++;
        y += m->h[i];
    }
    if (im_listwin_total_height(lw) != y)
        bad++;
    return bad;
}

static model M;

static void test_variable_heights(void)
{
    unsigned seed = 42;
    for (uint32_t i = 0; i < NROWS * 2; i++)
        M.h[i] = random_height(&seed);
    im_listwin lw;
    M.calls = 0;
    REQUIRE(im_listwin_init_variable(&lw, NROWS, model_height, &M) == 0);
    CHECK(M.calls == NROWS);
    CHECK(im_listwin_count(&lw) == NROWS);
    CHECK(compare_positions(&lw, &M, NROWS) == 0);
    CHECK(compare_random(&lw, &M, NROWS, &seed, 1500) == 0);

    /* Single rows change: O(log n) updates, no full rescan. */
    M.calls = 0;
    for (int k = 0; k < 500; k++) {
        uint32_t row = rnd(&seed) % NROWS;
        M.h[row] = random_height(&seed);
        im_listwin_row_changed(&lw, row);
    }
    CHECK(M.calls == 500);
    CHECK(compare_positions(&lw, &M, NROWS) == 0);
    CHECK(compare_random(&lw, &M, NROWS, &seed, 800) == 0);
    im_listwin_set_height(&lw, 17, 1000);
    M.h[17] = 1000;
    im_listwin_set_height(&lw, 18, NAN); /* stored as 0 */
    M.h[18] = 0;
    im_listwin_set_height(&lw, NROWS + 5, 10); /* out of range: ignored */
    CHECK(compare_positions(&lw, &M, NROWS) == 0);

    /* Everything rewraps (text size changed). */
    for (uint32_t i = 0; i < NROWS; i++)
        M.h[i] = random_height(&seed);
    im_listwin_invalidate_all(&lw);
    CHECK(compare_positions(&lw, &M, NROWS) == 0);
    CHECK(compare_random(&lw, &M, NROWS, &seed, 800) == 0);

    /* Rows added and removed. */
    REQUIRE(im_listwin_set_count(&lw, NROWS * 2 - 3) == 0);
    CHECK(compare_positions(&lw, &M, NROWS * 2 - 3) == 0);
    CHECK(compare_random(&lw, &M, NROWS * 2 - 3, &seed, 800) == 0);
    REQUIRE(im_listwin_set_count(&lw, 1) == 0);
    CHECK(compare_random(&lw, &M, 1, &seed, 200) == 0);
    REQUIRE(im_listwin_set_count(&lw, 0) == 0);
    CHECK(im_listwin_visible(&lw, 0, 800).empty);
    CHECK(im_listwin_total_height(&lw) == 0);
    im_listwin_free(&lw);
}

static void test_zero_height_edges(void)
{
    /* [10, 0, 0, 10, 0]: zero rows inside the window count, at its edges
     * they do not. */
    M.h[0] = 10;
    M.h[1] = 0;
    M.h[2] = 0;
    M.h[3] = 10;
    M.h[4] = 0;
    im_listwin lw;
    REQUIRE(im_listwin_init_variable(&lw, 5, model_height, &M) == 0);
    im_listwin_range r = im_listwin_visible(&lw, 0, 10);
    CHECK(!r.empty && r.first == 0 && r.last == 0);
    r = im_listwin_visible(&lw, 10, 5);
    CHECK(!r.empty && r.first == 3 && r.last == 3 && r.first_y == 10);
    r = im_listwin_visible(&lw, 5, 10);
    CHECK(r.first == 0 && r.last == 3);
    CHECK(im_listwin_row_at(&lw, 10) == 3);
    CHECK(im_listwin_row_at(&lw, 25) == 4); /* past the end: last row */
    CHECK(im_listwin_row_at(&lw, -3) == 0);
    r = im_listwin_visible(&lw, 20, 100); /* after the content */
    CHECK(r.empty);
    r = im_listwin_visible(&lw, -100, 50); /* before the content */
    CHECK(r.empty);
    r = im_listwin_visible(&lw, 0, 0);
    CHECK(r.empty);
    r = im_listwin_visible(&lw, NAN, 10);
    CHECK(r.empty);
    im_listwin_free(&lw);
}

static void test_fixed_heights(void)
{
    im_listwin lw;
    im_listwin_init_fixed(&lw, NROWS, 48);
    for (uint32_t i = 0; i < NROWS; i++)
        M.h[i] = 48;
    unsigned seed = 7;
    CHECK(compare_positions(&lw, &M, NROWS) == 0);
    CHECK(compare_random(&lw, &M, NROWS, &seed, 1500) == 0);
    CHECK(im_listwin_total_height(&lw) == 48.0 * NROWS);
    im_listwin_set_count(&lw, 3);
    CHECK(im_listwin_total_height(&lw) == 144);
    im_listwin_range r = im_listwin_visible(&lw, 40, 60);
    CHECK(r.first == 0 && r.last == 2 && r.first_y == 0);
    r = im_listwin_visible(&lw, 48, 48);
    CHECK(r.first == 1 && r.last == 1 && r.first_y == 48);
    im_listwin_free(&lw);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double *big_h;
static double big_height(void *ctx, uint32_t row)
{
    (void)ctx;
    return big_h[row];
}

/* A figure for the report: cost of a window query and of a height change
 * at 10,000 and 1,000,000 rows. */
static void report_cost(void)
{
    uint32_t sizes[] = {NROWS, 1000000};
    for (int k = 0; k < 2; k++) {
        uint32_t n = sizes[k];
        big_h = malloc(sizeof *big_h * n);
        REQUIRE(big_h);
        unsigned seed = 99;
        for (uint32_t i = 0; i < n; i++)
            big_h[i] = random_height(&seed);
        im_listwin lw;
        double t0 = now_s();
        REQUIRE(im_listwin_init_variable(&lw, n, big_height, NULL) == 0);
        double t_build = now_s() - t0;
        double total = im_listwin_total_height(&lw);
        const int Q = 50000;
        unsigned sink = 0;
        t0 = now_s();
        for (int q = 0; q < Q; q++) {
            double off = fmod((double)q * 7919.37, total);
            im_listwin_range r = im_listwin_visible(&lw, off, 900);
            sink += r.first + r.last;
        }
        double t_query = (now_s() - t0) / Q;
        t0 = now_s();
        for (int q = 0; q < Q; q++)
            im_listwin_set_height(&lw, (uint32_t)q * 7919u % n, 24.0 + (q & 63));
        double t_update = (now_s() - t0) / Q;
        printf("listwin %7u rows: build %.2f ms, visible() %.0f ns, "
               "height change %.0f ns (check %u)\n",
               n, t_build * 1e3, t_query * 1e9, t_update * 1e9, sink & 1);
        im_listwin_free(&lw);
        free(big_h);
    }
}

int main(void)
{
    test_variable_heights();
    test_zero_height_edges();
    test_fixed_heights();
    report_cost();
    return im_check_done();
}
