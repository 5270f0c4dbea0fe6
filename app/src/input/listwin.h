/*
 * listwin.h -- which rows of a long list are on screen, in O(log n).
 *
 * The virtualized list widget keeps one im_listwin.  Rows have either one
 * fixed height or per-row heights from a callback (e.g. wrapped text
 * measured by the text module).  Per-row heights are cached in a Fenwick
 * (binary indexed) tree of prefix sums, so a row's y position, the row at a
 * given y, and the visible window are all O(log n), and a row whose height
 * changed is updated in O(log n).  Only im_listwin_set_count() and
 * im_listwin_invalidate_all() touch every row (O(n) callback calls).
 *
 * No SDL, no rendering, no globals.  Lengths are in points, as doubles so a
 * sum over 100,000 rows stays exact to well under a pixel.  Row spacing, if
 * any, is part of a row's height.
 *
 * Invariants:
 *   1. row_y(0) = 0, row_y(i + 1) = row_y(i) + height(i), and
 *      total_height() = row_y(count).
 *   2. Heights from the callback that are negative or not finite are stored
 *      as 0 (a zero-height row is never visible but keeps its index).
 *   3. The window covers exactly the rows that intersect
 *      [offset, offset + viewport): first is the row containing `offset`
 *      (clamped into the content), last is the row containing the last
 *      visible point; zero-height rows inside the window are included,
 *      those at its edges are not.
 */
#ifndef IM_INPUT_LISTWIN_H
#define IM_INPUT_LISTWIN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Height of `row` in points.  Called by set_count, invalidate_all and
 * row_changed only -- never by the queries. */
typedef double (*im_listwin_height_fn)(void *ctx, uint32_t row);

typedef struct im_listwin {
    uint32_t count;
    double fixed; /* > 0: every row is this tall, no arrays */
    im_listwin_height_fn height_fn;
    void *ctx;
    double *heights;  /* per-row cache (count) */
    double *tree;     /* Fenwick tree, 1-based (count + 1) */
    uint32_t cap;     /* allocated rows */
    uint32_t top_bit; /* highest power of two <= count */
} im_listwin;

/* The visible window. */
typedef struct im_listwin_range {
    uint32_t first, last; /* inclusive row indices; meaningless if empty */
    double first_y;       /* content y of row `first`'s top edge */
    int empty;            /* 1 when no row is visible (no rows, zero
                                viewport, or offset past the content) */
} im_listwin_range;

/* Rows all `height` points tall (> 0).  No allocation; cannot fail. */
void im_listwin_init_fixed(im_listwin *lw, uint32_t count, double height);

/* Rows whose heights come from fn(ctx, row).  Returns 0, or -1 when the
 * cache cannot be allocated (then the list is empty). */
int im_listwin_init_variable(im_listwin *lw, uint32_t count, im_listwin_height_fn fn, void *ctx);

void im_listwin_free(im_listwin *lw);

/* The row count changed (rows inserted or removed): every height is asked
 * again.  O(n).  Returns 0 or -1 on allocation failure (the list keeps its
 * previous rows). */
int im_listwin_set_count(im_listwin *lw, uint32_t count);

/* Row `row`'s height changed (e.g. its text rewrapped): asks the callback
 * for that one row.  O(log n).  No-op for fixed heights or out of range. */
void im_listwin_row_changed(im_listwin *lw, uint32_t row);

/* Set a row's height directly (without the callback).  O(log n). */
void im_listwin_set_height(im_listwin *lw, uint32_t row, double height);

/* Every height changed (width or text size changed).  O(n). */
void im_listwin_invalidate_all(im_listwin *lw);

uint32_t im_listwin_count(const im_listwin *lw);
double im_listwin_row_height(const im_listwin *lw, uint32_t row);

/* Content y of the top of `row`; row == count gives the total height. */
double im_listwin_row_y(const im_listwin *lw, uint32_t row);
double im_listwin_total_height(const im_listwin *lw);

/* The row containing content y (the last row whose top is <= y and that
 * has a non-zero height); y < 0 gives 0, y >= total gives count - 1.
 * count must be > 0. */
uint32_t im_listwin_row_at(const im_listwin *lw, double y);

/* The rows visible in [offset, offset + viewport).  Draw row i at screen y
 * = row_y(i) - offset; walk from first to last adding row_height. */
im_listwin_range im_listwin_visible(const im_listwin *lw, double offset, double viewport);

#ifdef __cplusplus
}
#endif
#endif
