/*
 * listwin.c -- virtualized list windowing (contract in listwin.h).
 *
 * Design: per-row heights live in `heights`; a Fenwick tree over them gives
 * prefix sums (row tops) in O(log n) and, by the usual binary descent, the
 * largest k whose prefix sum is <= y (or < y) in O(log n) as well -- that k
 * is the row containing y.  Fixed-height lists skip the arrays and divide.
 * Heights are doubles; integer and quarter-point heights sum exactly.
 */
#include "input/listwin.h"

#include <math.h>
#include <stdlib.h>

static double clean_height(double h) { return isfinite(h) && h > 0.0 ? h : 0.0; }

static uint32_t top_bit_of(uint32_t n)
{
    uint32_t b = 1;
    if (n == 0) return 0;
    while (b <= n / 2) b <<= 1;
    return b;
}

/* Fill the tree from `heights` in O(n). */
static void tree_build(im_listwin *lw)
{
    uint32_t n = lw->count;
    lw->tree[0] = 0.0;
    for (uint32_t i = 1; i <= n; i++) lw->tree[i] = lw->heights[i - 1];
    for (uint32_t i = 1; i <= n; i++) {
        uint32_t j = i + (i & (0u - i));
        if (j <= n && j > i) lw->tree[j] += lw->tree[i];
    }
    lw->top_bit = top_bit_of(n);
}

static void tree_add(im_listwin *lw, uint32_t row, double delta)
{
    for (uint32_t i = row + 1; i <= lw->count && i != 0; i += i & (0u - i)) lw->tree[i] += delta;
}

/* Sum of the heights of rows [0, k). */
static double tree_prefix(const im_listwin *lw, uint32_t k)
{
    double s = 0.0;
    for (uint32_t i = k; i > 0; i -= i & (0u - i)) s += lw->tree[i];
    return s;
}

/* Largest k in [0, count] with prefix(k) <= y (strict = 0) or < y
 * (strict = 1). */
static uint32_t tree_descend(const im_listwin *lw, double y, int strict)
{
    uint32_t pos = 0;
    double rem = y;
    for (uint32_t step = lw->top_bit; step > 0; step >>= 1) {
        uint32_t nx = pos + step;
        if (nx > lw->count) continue;
        double t = lw->tree[nx];
        if (strict ? t < rem : t <= rem) {
            pos = nx;
            rem -= t;
        }
    }
    return pos;
}

void im_listwin_init_fixed(im_listwin *lw, uint32_t count, double height)
{
    static const im_listwin zero;
    *lw = zero;
    lw->count = count;
    lw->fixed = clean_height(height);
    if (lw->fixed == 0.0) lw->fixed = 1.0;
}

/* Ask the callback for every row into fresh arrays; swap them in. */
static int rebuild(im_listwin *lw, uint32_t count)
{
    double *h = malloc(sizeof *h * ((size_t)count + 1));
    double *t = malloc(sizeof *t * ((size_t)count + 1));
    if (!h || !t) {
        free(h);
        free(t);
        return -1;
    }
    for (uint32_t i = 0; i < count; i++) h[i] = clean_height(lw->height_fn(lw->ctx, i));
    free(lw->heights);
    free(lw->tree);
    lw->heights = h;
    lw->tree = t;
    lw->count = count;
    lw->cap = count;
    tree_build(lw);
    return 0;
}

int im_listwin_init_variable(im_listwin *lw, uint32_t count, im_listwin_height_fn fn, void *ctx)
{
    static const im_listwin zero;
    *lw = zero;
    lw->height_fn = fn;
    lw->ctx = ctx;
    if (!fn) return -1;
    return rebuild(lw, count);
}

void im_listwin_free(im_listwin *lw)
{
    free(lw->heights);
    free(lw->tree);
    lw->heights = lw->tree = NULL;
    lw->count = lw->cap = lw->top_bit = 0;
}

int im_listwin_set_count(im_listwin *lw, uint32_t count)
{
    if (lw->fixed > 0.0) {
        lw->count = count;
        return 0;
    }
    if (!lw->height_fn) return -1;
    return rebuild(lw, count);
}

void im_listwin_set_height(im_listwin *lw, uint32_t row, double height)
{
    if (lw->fixed > 0.0 || row >= lw->count) return;
    height = clean_height(height);
    double delta = height - lw->heights[row];
    if (delta == 0.0) return;
    lw->heights[row] = height;
    tree_add(lw, row, delta);
}

void im_listwin_row_changed(im_listwin *lw, uint32_t row)
{
    if (lw->fixed > 0.0 || row >= lw->count || !lw->height_fn) return;
    im_listwin_set_height(lw, row, lw->height_fn(lw->ctx, row));
}

void im_listwin_invalidate_all(im_listwin *lw)
{
    if (lw->fixed > 0.0 || !lw->height_fn) return;
    for (uint32_t i = 0; i < lw->count; i++) lw->heights[i] = clean_height(lw->height_fn(lw->ctx, i));
    tree_build(lw);
}

uint32_t im_listwin_count(const im_listwin *lw) { return lw->count; }

double im_listwin_row_height(const im_listwin *lw, uint32_t row)
{
    if (row >= lw->count) return 0.0;
    return lw->fixed > 0.0 ? lw->fixed : lw->heights[row];
}

double im_listwin_row_y(const im_listwin *lw, uint32_t row)
{
    if (row > lw->count) row = lw->count;
    if (lw->fixed > 0.0) return (double)row * lw->fixed;
    return tree_prefix(lw, row);
}

double im_listwin_total_height(const im_listwin *lw) { return im_listwin_row_y(lw, lw->count); }

/* Largest k with row_y(k) <= y (or < y when strict), for fixed heights. */
static uint32_t fixed_descend(const im_listwin *lw, double y, int strict)
{
    if (y <= 0.0) return 0;
    double q = y / lw->fixed;
    double k = floor(q);
    if (strict && k == q) k -= 1.0;
    if (k >= (double)lw->count) return lw->count;
    return k < 0.0 ? 0 : (uint32_t)k;
}

static uint32_t descend(const im_listwin *lw, double y, int strict)
{
    return lw->fixed > 0.0 ? fixed_descend(lw, y, strict) : tree_descend(lw, y, strict);
}

uint32_t im_listwin_row_at(const im_listwin *lw, double y)
{
    if (lw->count == 0) return 0;
    if (!(y > 0.0)) y = 0.0;
    uint32_t k = descend(lw, y, 0);
    return k >= lw->count ? lw->count - 1 : k;
}

im_listwin_range im_listwin_visible(const im_listwin *lw, double offset, double viewport)
{
    im_listwin_range r = { 0, 0, 0.0, 1 };
    double total = im_listwin_total_height(lw);
    if (lw->count == 0 || !(viewport > 0.0) || !isfinite(offset) || !isfinite(viewport)) return r;
    double start = offset > 0.0 ? offset : 0.0;
    double end = offset + viewport < total ? offset + viewport : total;
    if (start >= total || end <= start) return r;
    r.first = descend(lw, start, 0);
    r.last = descend(lw, end, 1);
    if (r.last >= lw->count) r.last = lw->count - 1;
    if (r.first > r.last) /* only from rounding; stay safe */
        r.first = r.last;
    r.first_y = im_listwin_row_y(lw, r.first);
    r.empty = 0;
    return r;
}
