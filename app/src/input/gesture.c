/*
 * gesture.c -- the gesture recognizer (contract in gesture.h).
 *
 * Design: one small state machine per recognizer.
 *
 *   IDLE --DOWN--> PENDING --still long_press_ms--> LONG
 *                     |  \                            |
 *                     |   moved > slop                | moved > slop
 *                     |         \                     v
 *                     |          `---------------> DRAGGING
 *                     `--secondary finger--> IGNORING
 *
 * Every state returns to IDLE when the primary finger lifts or is cancelled.
 * Timer events (PRESS at press_ms, LONG_PRESS at long_press_ms) are computed
 * from the down time, never from wall time, so a late tick or a sample that
 * arrives after the deadline produces the same events at the same
 * timestamps.  For the fling, a ring keeps the last IM_GESTURE_FLING_SAMPLES
 * primary positions that moved (plus the down point).
 */
#include "input/gesture.h"

#include <math.h>
#include <stddef.h>

enum {
    ST_IDLE = 0,
    ST_PENDING, /* down, within the slop, no long press yet */
    ST_LONG,    /* long press fired, still within the slop */
    ST_DRAGGING,
    ST_IGNORING /* cancelled by a second finger; wait for the primary up */
};

im_gesture_config im_gesture_config_default(float scale)
{
    im_gesture_config c;
    c.scale = scale > 0.0f && isfinite(scale) ? scale : 1.0f;
    c.slop_pt = IM_GESTURE_SLOP_PT;
    c.press_ms = IM_GESTURE_PRESS_MS;
    c.long_press_ms = IM_GESTURE_LONG_PRESS_MS;
    c.fling_fresh_ms = IM_GESTURE_FLING_FRESH_MS;
    c.fling_min_px_s = IM_GESTURE_FLING_MIN_PX_S;
    c.lock = IM_LOCK_AUTO;
    c.lock_angle_deg = 30.0f;
    return c;
}

/* Replace every field that makes no sense by its default, so the state
 * machine can trust its config (e.g. press_ms < long_press_ms). */
static im_gesture_config config_sanitize(const im_gesture_config *in)
{
    im_gesture_config d = im_gesture_config_default(in ? in->scale : 1.0f);
    if (!in) return d;
    im_gesture_config c = *in;
    c.scale = d.scale;
    if (!(c.slop_pt >= 0.0f) || !isfinite(c.slop_pt)) c.slop_pt = d.slop_pt;
    if (c.press_ms < 0) c.press_ms = d.press_ms;
    if (c.long_press_ms <= c.press_ms) {
        c.press_ms = d.press_ms;
        c.long_press_ms = d.long_press_ms;
    }
    if (c.fling_fresh_ms <= 0) c.fling_fresh_ms = d.fling_fresh_ms;
    if (!(c.fling_min_px_s >= 0.0f) || !isfinite(c.fling_min_px_s)) c.fling_min_px_s = d.fling_min_px_s;
    if (c.lock != IM_LOCK_NONE && c.lock != IM_LOCK_AUTO && c.lock != IM_LOCK_DOMINANT) c.lock = d.lock;
    if (!(c.lock_angle_deg > 0.0f && c.lock_angle_deg <= 45.0f)) c.lock_angle_deg = d.lock_angle_deg;
    return c;
}

void im_gesture_init(im_gesture *g, const im_gesture_config *cfg)
{
    static const im_gesture zero;
    *g = zero;
    g->cfg = config_sanitize(cfg);
    g->state = ST_IDLE;
}

void im_gesture_set_scale(im_gesture *g, float scale)
{
    if (scale > 0.0f && isfinite(scale)) g->cfg.scale = scale;
}

int im_gesture_active(const im_gesture *g) { return g->state != ST_IDLE; }

/* ---- event output ---------------------------------------------------- */

typedef struct sink {
    im_gesture_event *out;
    int cap, n;
} sink;

/* Append one event filled from the recognizer's current state; returns it
 * (or NULL when the sink is full, so callers fill optional fields safely). */
static im_gesture_event *emit(const im_gesture *g, sink *k, im_gesture_kind kind, int64_t t)
{
    if (k->n >= k->cap || !k->out) return NULL;
    im_gesture_event *e = &k->out[k->n++];
    e->kind = kind;
    e->finger = g->finger;
    e->t_ms = t;
    e->x = g->last_x;
    e->y = g->last_y;
    e->start_x = g->start_x;
    e->start_y = g->start_y;
    e->dx = e->dy = 0.0f;
    e->vx = e->vy = 0.0f;
    e->axis = g->axis;
    e->after_long_press = g->long_pressed;
    return e;
}

/* ---- helpers ---------------------------------------------------------- */

static void ring_push(im_gesture *g, float x, float y, int64_t t)
{
    g->ring_x[g->ring_head] = x;
    g->ring_y[g->ring_head] = y;
    g->ring_t[g->ring_head] = t;
    g->ring_head = (g->ring_head + 1) % IM_GESTURE_FLING_SAMPLES;
    if (g->nsamples < IM_GESTURE_FLING_SAMPLES) g->nsamples++;
}

static float dist_from_start(const im_gesture *g) { return hypotf(g->last_x - g->start_x, g->last_y - g->start_y); }

/* Zero the component a locked axis excludes. */
static void lock_vector(im_gesture_axis axis, float *x, float *y)
{
    if (axis == IM_AXIS_HORIZONTAL) *y = 0.0f;
    else if (axis == IM_AXIS_VERTICAL) *x = 0.0f;
}

static im_gesture_axis decide_axis(const im_gesture *g, float dx, float dy)
{
    float ax = fabsf(dx), ay = fabsf(dy);
    switch (g->cfg.lock) {
    case IM_LOCK_NONE: return IM_AXIS_FREE;
    case IM_LOCK_DOMINANT: return ax > ay ? IM_AXIS_HORIZONTAL : IM_AXIS_VERTICAL;
    case IM_LOCK_AUTO:
    default: {
        float deg = atan2f(ay, ax) * (180.0f / 3.14159265f);
        if (deg <= g->cfg.lock_angle_deg) return IM_AXIS_HORIZONTAL;
        if (deg >= 90.0f - g->cfg.lock_angle_deg) return IM_AXIS_VERTICAL;
        return IM_AXIS_FREE;
    }
    }
}

/* Emit the timer events due at or before t (invariants 2 and 3).  Each is
 * stamped with its deadline, not with t. */
static void run_timers(im_gesture *g, int64_t t, sink *k)
{
    if (g->state != ST_PENDING) return;
    int64_t press_at = g->down_ms + g->cfg.press_ms;
    int64_t long_at = g->down_ms + g->cfg.long_press_ms;
    if (!g->pressed && t >= press_at) {
        g->pressed = 1;
        emit(g, k, IM_GESTURE_PRESS, press_at);
    }
    if (t >= long_at) {
        g->state = ST_LONG;
        g->long_pressed = 1;
        emit(g, k, IM_GESTURE_LONG_PRESS, long_at);
    }
}

static void end_press(im_gesture *g, int64_t t, sink *k)
{
    if (g->pressed) {
        g->pressed = 0;
        emit(g, k, IM_GESTURE_PRESS_END, t);
    }
}

/* Velocity over the ring (oldest to newest), points/s, or 0 when the
 * newest moving sample is stale (a finger held still stops momentum). */
static void fling_velocity(const im_gesture *g, int64_t now, float *vx, float *vy)
{
    *vx = *vy = 0.0f;
    if (g->nsamples < 2 || now - g->moved_ms >= g->cfg.fling_fresh_ms) return;
    int newest = (g->ring_head + IM_GESTURE_FLING_SAMPLES - 1) % IM_GESTURE_FLING_SAMPLES;
    int oldest = (g->ring_head + IM_GESTURE_FLING_SAMPLES - g->nsamples) % IM_GESTURE_FLING_SAMPLES;
    int64_t dt = g->ring_t[newest] - g->ring_t[oldest];
    if (dt <= 0) return;
    *vx = (g->ring_x[newest] - g->ring_x[oldest]) * 1000.0f / (float)dt;
    *vy = (g->ring_y[newest] - g->ring_y[oldest]) * 1000.0f / (float)dt;
}

/* Emit a drag event carrying the (axis-locked) displacement from
 * (from_x, from_y) to the current position, and remember the position for
 * the next DRAG_MOVE.  A move that is zero after locking emits nothing. */
static void emit_drag(im_gesture *g, sink *k, im_gesture_kind kind, int64_t t, float from_x, float from_y)
{
    float dx = g->last_x - from_x, dy = g->last_y - from_y;
    lock_vector(g->axis, &dx, &dy);
    if (kind == IM_GESTURE_DRAG_MOVE && dx == 0.0f && dy == 0.0f) return;
    g->drag_x = g->last_x;
    g->drag_y = g->last_y;
    im_gesture_event *e = emit(g, k, kind, t);
    if (e) {
        e->dx = dx;
        e->dy = dy;
    }
}

/* The primary finger is at (x, y) at time t: record it, and start or
 * continue a drag. */
static void primary_moved(im_gesture *g, float x, float y, int64_t t, sink *k)
{
    if (x != g->last_x || y != g->last_y) {
        g->last_x = x;
        g->last_y = y;
        g->moved_ms = t;
        ring_push(g, x, y, t);
    }
    if ((g->state == ST_PENDING || g->state == ST_LONG) && dist_from_start(g) > g->cfg.slop_pt) {
        end_press(g, t, k);
        g->axis = decide_axis(g, x - g->start_x, y - g->start_y);
        g->state = ST_DRAGGING;
        emit_drag(g, k, IM_GESTURE_DRAG_START, t, g->start_x, g->start_y);
    } else if (g->state == ST_DRAGGING) {
        emit_drag(g, k, IM_GESTURE_DRAG_MOVE, t, g->drag_x, g->drag_y);
    }
}

static void primary_up(im_gesture *g, int64_t t, sink *k)
{
    switch (g->state) {
    case ST_PENDING:
        end_press(g, t, k);
        emit(g, k, IM_GESTURE_TAP, t);
        break;
    case ST_LONG: end_press(g, t, k); break;
    case ST_DRAGGING: {
        float vx = 0.0f, vy = 0.0f;
        if (!g->long_pressed) fling_velocity(g, t, &vx, &vy);
        lock_vector(g->axis, &vx, &vy);
        float min_pt = g->cfg.fling_min_px_s / g->cfg.scale;
        int fling = hypotf(vx, vy) >= min_pt && (vx != 0.0f || vy != 0.0f);
        if (!fling) vx = vy = 0.0f;
        im_gesture_event *e = emit(g, k, IM_GESTURE_DRAG_END, t);
        if (e) {
            e->vx = vx;
            e->vy = vy;
        }
        if (fling && (e = emit(g, k, IM_GESTURE_FLING, t)) != NULL) {
            e->vx = vx;
            e->vy = vy;
        }
        break;
    }
    default: break;
    }
    if (g->state != ST_IGNORING) /* IGNORING already ended in CANCEL */
        emit(g, k, IM_GESTURE_UP, t);
    g->state = ST_IDLE;
}

static void abort_gesture(im_gesture *g, int64_t t, sink *k, int to_state)
{
    end_press(g, t, k);
    if (g->state != ST_IGNORING) emit(g, k, IM_GESTURE_CANCEL, t);
    g->state = to_state;
}

static void start(im_gesture *g, const im_pointer_sample *s, int64_t t, sink *k)
{
    g->state = ST_PENDING;
    g->finger = s->finger;
    g->pressed = 0;
    g->long_pressed = 0;
    g->axis = IM_AXIS_FREE;
    g->start_x = g->last_x = g->drag_x = s->x;
    g->start_y = g->last_y = g->drag_y = s->y;
    g->down_ms = g->moved_ms = t;
    g->nsamples = 0;
    g->ring_head = 0;
    ring_push(g, s->x, s->y, t);
    emit(g, k, IM_GESTURE_DOWN, t);
}

/* ---- public ------------------------------------------------------------ */

int im_gesture_feed(im_gesture *g, const im_pointer_sample *s, im_gesture_event *out, int cap)
{
    sink k = { out, cap, 0 };
    if (!s || !isfinite(s->x) || !isfinite(s->y)) return 0;
    int64_t t = s->t_ms > g->last_ms ? s->t_ms : g->last_ms;
    if (g->state == ST_IDLE) {
        g->last_ms = t;
        if (s->phase == IM_POINTER_DOWN) start(g, s, t, &k);
        return k.n;
    }
    run_timers(g, t, &k);
    g->last_ms = t;
    if (s->finger != g->finger) {
        if (s->phase == IM_POINTER_DOWN && g->state == ST_PENDING) abort_gesture(g, t, &k, ST_IGNORING);
        return k.n;
    }
    switch (s->phase) {
    case IM_POINTER_MOVE:
        if (g->state != ST_IGNORING) primary_moved(g, s->x, s->y, t, &k);
        break;
    case IM_POINTER_UP:
        if (g->state != ST_IGNORING) primary_moved(g, s->x, s->y, t, &k);
        primary_up(g, t, &k);
        break;
    case IM_POINTER_CANCEL: abort_gesture(g, t, &k, ST_IDLE); break;
    case IM_POINTER_DOWN: /* the same finger cannot go down twice: a lost
                              UP.  End the old gesture without activation
                              and start afresh. */
        abort_gesture(g, t, &k, ST_IDLE);
        start(g, s, t, &k);
        break;
    default: break;
    }
    return k.n;
}

int im_gesture_tick(im_gesture *g, int64_t now_ms, im_gesture_event *out, int cap)
{
    sink k = { out, cap, 0 };
    if (now_ms <= g->last_ms) return 0;
    run_timers(g, now_ms, &k);
    g->last_ms = now_ms;
    return k.n;
}

int64_t im_gesture_next_deadline(const im_gesture *g)
{
    if (g->state != ST_PENDING) return IM_GESTURE_NO_DEADLINE;
    if (!g->pressed) return g->down_ms + g->cfg.press_ms;
    return g->down_ms + g->cfg.long_press_ms;
}

int im_gesture_cancel(im_gesture *g, int64_t now_ms, im_gesture_event *out, int cap)
{
    sink k = { out, cap, 0 };
    if (g->state == ST_IDLE) return 0;
    int64_t t = now_ms > g->last_ms ? now_ms : g->last_ms;
    g->last_ms = t;
    abort_gesture(g, t, &k, ST_IDLE);
    return k.n;
}

const char *im_gesture_kind_name(im_gesture_kind kind)
{
    switch (kind) {
    case IM_GESTURE_NONE: return "none";
    case IM_GESTURE_DOWN: return "down";
    case IM_GESTURE_PRESS: return "press";
    case IM_GESTURE_PRESS_END: return "press-end";
    case IM_GESTURE_TAP: return "tap";
    case IM_GESTURE_LONG_PRESS: return "long-press";
    case IM_GESTURE_DRAG_START: return "drag-start";
    case IM_GESTURE_DRAG_MOVE: return "drag-move";
    case IM_GESTURE_DRAG_END: return "drag-end";
    case IM_GESTURE_FLING: return "fling";
    case IM_GESTURE_CANCEL: return "cancel";
    case IM_GESTURE_UP: return "up";
    }
    return "unknown";
}
