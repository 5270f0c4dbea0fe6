/*
 * test_gesture.c -- the gesture recognizer over recorded finger streams.
 *
 * Each stream is a list of timestamped samples (and ticks) as the event
 * loop would deliver them; the test compares the emitted event kinds, in
 * order, with the expected sequence, and checks the numbers that matter
 * (timestamps of PRESS / LONG_PRESS, drag deltas, fling velocity).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "input/gesture.h"

#define MAXLOG 512

typedef struct rec {
    im_gesture g;
    im_gesture_event ev[MAXLOG];
    int n;
} rec;

static void rec_init(rec *r, const im_gesture_config *cfg)
{
    memset(r, 0, sizeof *r);
    im_gesture_init(&r->g, cfg);
}

static void add(rec *r, const im_gesture_event *e, int n)
{
    for (int i = 0; i < n && r->n < MAXLOG; i++)
        r->ev[r->n++] = e[i];
}

static void feed(rec *r, im_pointer_phase ph, uint32_t f, float x, float y, int64_t t)
{
    im_pointer_sample s = {ph, f, x, y, t};
    im_gesture_event e[IM_GESTURE_EVENTS_MAX];
    add(r, e, im_gesture_feed(&r->g, &s, e, IM_GESTURE_EVENTS_MAX));
}

static void down(rec *r, float x, float y, int64_t t) { feed(r, IM_POINTER_DOWN, 1, x, y, t); }
static void move(rec *r, float x, float y, int64_t t) { feed(r, IM_POINTER_MOVE, 1, x, y, t); }
static void up(rec *r, float x, float y, int64_t t) { feed(r, IM_POINTER_UP, 1, x, y, t); }

static void tick(rec *r, int64_t t)
{
    im_gesture_event e[IM_GESTURE_EVENTS_MAX];
    add(r, e, im_gesture_tick(&r->g, t, e, IM_GESTURE_EVENTS_MAX));
}

/* Tick every `step` ms from `from` to `to` inclusive, as a 60 Hz loop
 * would while a finger rests. */
static void tick_span(rec *r, int64_t from, int64_t to, int64_t step)
{
    for (int64_t t = from; t <= to; t += step)
        tick(r, t);
}

/* "down,press,press-end,tap" */
static const char *kinds(const rec *r)
{
    static char buf[4096];
    buf[0] = '\0';
    for (int i = 0; i < r->n; i++) {
        if (i)
            strcat(buf, ",");
        strcat(buf, im_gesture_kind_name(r->ev[i].kind));
    }
    return buf;
}

static int expect_kinds(const rec *r, const char *want, int line)
{
    const char *got = kinds(r);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "line %d: got  %s\n          want %s\n", line, got, want);
        return 0;
    }
    return 1;
}
#define KINDS(r, want) CHECK(expect_kinds((r), (want), __LINE__))

static const im_gesture_event *find(const rec *r, im_gesture_kind k)
{
    for (int i = 0; i < r->n; i++)
        if (r->ev[i].kind == k)
            return &r->ev[i];
    return NULL;
}

static int count(const rec *r, im_gesture_kind k)
{
    int c = 0;
    for (int i = 0; i < r->n; i++)
        c += r->ev[i].kind == k;
    return c;
}

static int near(double a, double b, double tol) { return fabs(a - b) <= tol; }

/* ---- taps and presses ---------------------------------------------------- */

static void test_quick_tap(void)
{
    rec r;
    rec_init(&r, NULL);
    down(&r, 100, 200, 1000);
    tick(&r, 1016);
    tick(&r, 1033);
    up(&r, 101, 199, 1040);
    KINDS(&r, "down,tap,up");
    const im_gesture_event *tap = find(&r, IM_GESTURE_TAP);
    REQUIRE(tap);
    CHECK(tap->x == 101 && tap->y == 199);
    CHECK(tap->start_x == 100 && tap->start_y == 200);
    CHECK(!im_gesture_active(&r.g));
}

static void test_press_highlight_at_50ms(void)
{
    rec r;
    rec_init(&r, NULL);
    down(&r, 10, 10, 0);
    CHECK(im_gesture_next_deadline(&r.g) == 50);
    tick(&r, 49);
    KINDS(&r, "down");
    tick(&r, 50);
    KINDS(&r, "down,press");
    CHECK(r.ev[1].t_ms == 50);
    CHECK(im_gesture_next_deadline(&r.g) == 500);
    up(&r, 10, 10, 120);
    KINDS(&r, "down,press,press-end,tap,up");
    CHECK(im_gesture_next_deadline(&r.g) == IM_GESTURE_NO_DEADLINE);
}

static void test_press_fires_from_late_sample(void)
{
    /* No tick at all: the release at 80 ms still reports the press at its
     * deadline, before the tap. */
    rec r;
    rec_init(&r, NULL);
    down(&r, 10, 10, 0);
    up(&r, 10, 10, 80);
    KINDS(&r, "down,press,press-end,tap,up");
    CHECK(r.ev[1].t_ms == 50);
}

static void test_slop_boundary(void)
{
    /* Exactly 10 points away: still a tap. */
    rec r;
    rec_init(&r, NULL);
    down(&r, 100, 100, 0);
    move(&r, 106, 108, 20); /* distance 10.0 exactly */
    up(&r, 106, 108, 30);
    KINDS(&r, "down,tap,up");

    /* 10.05 points: a drag, and no tap afterwards. */
    rec_init(&r, NULL);
    down(&r, 100, 100, 0);
    move(&r, 110.05f, 100, 200);
    up(&r, 110.05f, 100, 300);
    KINDS(&r, "down,press,press-end,drag-start,drag-end,up");
    CHECK(count(&r, IM_GESTURE_TAP) == 0);

    /* Wander out and come back: still not a tap. */
    rec_init(&r, NULL);
    down(&r, 100, 100, 0);
    move(&r, 100, 125, 20);
    move(&r, 100, 100, 40);
    up(&r, 100, 100, 300);
    CHECK(count(&r, IM_GESTURE_TAP) == 0);
    CHECK(count(&r, IM_GESTURE_DRAG_END) == 1);

    /* A custom slop (scale-independent points) is honoured. */
    im_gesture_config c = im_gesture_config_default(2.0f);
    c.slop_pt = 4.0f;
    rec_init(&r, &c);
    down(&r, 0, 0, 0);
    move(&r, 5, 0, 10);
    KINDS(&r, "down,drag-start");
}

static void test_long_press(void)
{
    rec r;
    rec_init(&r, NULL);
    down(&r, 50, 50, 1000);
    tick_span(&r, 1016, 1499, 16);
    tick(&r, 1499);
    KINDS(&r, "down,press");
    tick(&r, 1500);
    KINDS(&r, "down,press,long-press");
    const im_gesture_event *lp = find(&r, IM_GESTURE_LONG_PRESS);
    REQUIRE(lp);
    CHECK(lp->t_ms == 1500);
    CHECK(im_gesture_next_deadline(&r.g) == IM_GESTURE_NO_DEADLINE);
    tick_span(&r, 1516, 2000, 16);
    up(&r, 50, 50, 2100);
    KINDS(&r, "down,press,long-press,press-end,up");
    CHECK(count(&r, IM_GESTURE_TAP) == 0);
}

static void test_long_press_with_jitter_within_slop(void)
{
    rec r;
    rec_init(&r, NULL);
    down(&r, 50, 50, 0);
    move(&r, 53, 48, 100);
    move(&r, 47, 55, 300); /* within 10 pt of the down point */
    tick(&r, 500);
    CHECK(count(&r, IM_GESTURE_LONG_PRESS) == 1);
}

static void test_no_long_press_after_moving(void)
{
    rec r;
    rec_init(&r, NULL);
    down(&r, 50, 50, 0);
    move(&r, 50, 70, 200); /* beyond the slop */
    move(&r, 50, 50, 300); /* and back: still ruled out */
    CHECK(im_gesture_next_deadline(&r.g) == IM_GESTURE_NO_DEADLINE);
    tick_span(&r, 316, 1000, 16);
    up(&r, 50, 50, 1100);
    CHECK(count(&r, IM_GESTURE_LONG_PRESS) == 0);
    CHECK(count(&r, IM_GESTURE_TAP) == 0);
    KINDS(&r, "down,press,press-end,drag-start,drag-move,drag-end,up");
}

static void test_timers_from_a_late_sample(void)
{
    /* The loop slept through both deadlines; the next sample (still within
     * the slop) reports both, stamped with their deadlines, in order. */
    rec r;
    rec_init(&r, NULL);
    down(&r, 0, 0, 0);
    move(&r, 2, 2, 700);
    KINDS(&r, "down,press,long-press");
    CHECK(r.ev[1].t_ms == 50 && r.ev[2].t_ms == 500);
    /* A sample beyond the slop at 700 ms: the long press came first (the
     * finger was still until then), then the drag. */
    rec_init(&r, NULL);
    down(&r, 0, 0, 0);
    move(&r, 0, 40, 700);
    KINDS(&r, "down,press,long-press,press-end,drag-start");
    CHECK(r.ev[4].after_long_press == 1);
    /* A quick drag after a long press (selecting, reordering) never
     * flings. */
    move(&r, 0, 100, 716);
    move(&r, 0, 160, 732);
    up(&r, 0, 160, 740);
    KINDS(&r, "down,press,long-press,press-end,drag-start,drag-move,"
              "drag-move,drag-end,up");
    const im_gesture_event *de = find(&r, IM_GESTURE_DRAG_END);
    CHECK(de && de->vy == 0.0f && de->after_long_press == 1);
}

/* ---- drags and axis lock ------------------------------------------------ */

static void test_drag_deltas_sum_to_travel(void)
{
    rec r;
    rec_init(&r, NULL); /* IM_LOCK_AUTO */
    down(&r, 200, 500, 0);
    float y = 500;
    for (int i = 1; i <= 20; i++) {
        y -= 7.5f;
        move(&r, 200 + (i % 3), y, i * 8); /* slight sideways wobble */
    }
    up(&r, 200, y, 20 * 8 + 300); /* held still: no fling */
    const im_gesture_event *ds = find(&r, IM_GESTURE_DRAG_START);
    REQUIRE(ds);
    CHECK(ds->axis == IM_AXIS_VERTICAL);
    CHECK(ds->dy == -15.0f); /* whole displacement since down */
    double sum = 0, sumx = 0;
    for (int i = 0; i < r.n; i++)
        if (r.ev[i].kind == IM_GESTURE_DRAG_START || r.ev[i].kind == IM_GESTURE_DRAG_MOVE) {
            sum += r.ev[i].dy;
            sumx += r.ev[i].dx;
            CHECK(r.ev[i].axis == IM_AXIS_VERTICAL);
        }
    CHECK(near(sum, -150.0, 1e-3));
    CHECK(sumx == 0.0); /* locked: the wobble never leaks */
    CHECK(count(&r, IM_GESTURE_FLING) == 0);
    CHECK(count(&r, IM_GESTURE_TAP) == 0);
    const im_gesture_event *de = find(&r, IM_GESTURE_DRAG_END);
    REQUIRE(de);
    CHECK(de->vx == 0 && de->vy == 0);
}

static im_gesture_axis axis_of(im_gesture_lock lock, float dx, float dy)
{
    im_gesture_config c = im_gesture_config_default(1.0f);
    c.lock = lock;
    rec r;
    rec_init(&r, &c);
    down(&r, 0, 0, 0);
    move(&r, dx, dy, 16);
    const im_gesture_event *ds = find(&r, IM_GESTURE_DRAG_START);
    return ds ? ds->axis : (im_gesture_axis)-1;
}

static void test_axis_lock(void)
{
    CHECK(axis_of(IM_LOCK_AUTO, 3, 20) == IM_AXIS_VERTICAL);
    CHECK(axis_of(IM_LOCK_AUTO, -20, 4) == IM_AXIS_HORIZONTAL);
    CHECK(axis_of(IM_LOCK_AUTO, 12, 12) == IM_AXIS_FREE);       /* 45 deg */
    CHECK(axis_of(IM_LOCK_AUTO, 20, 11) == IM_AXIS_HORIZONTAL); /* 28.8 */
    CHECK(axis_of(IM_LOCK_AUTO, 20, 12) == IM_AXIS_FREE);       /* 31.0 */
    CHECK(axis_of(IM_LOCK_DOMINANT, 12, 12) == IM_AXIS_VERTICAL);
    CHECK(axis_of(IM_LOCK_DOMINANT, 13, 12) == IM_AXIS_HORIZONTAL);
    CHECK(axis_of(IM_LOCK_NONE, 0, 30) == IM_AXIS_FREE);

    /* Once locked horizontally, vertical motion reports nothing; a move
     * that is purely off-axis produces no drag-move at all. */
    rec r;
    rec_init(&r, NULL);
    down(&r, 0, 0, 0);
    move(&r, 30, 2, 16);
    move(&r, 30, 40, 32);
    move(&r, 50, 80, 48);
    KINDS(&r, "down,drag-start,drag-move");
    CHECK(r.ev[2].dx == 20 && r.ev[2].dy == 0);

    /* A free drag reports both. */
    rec_init(&r, NULL);
    down(&r, 0, 0, 0);
    move(&r, 12, 12, 16);
    move(&r, 20, 30, 32);
    CHECK(r.n == 3 && r.ev[2].dx == 8 && r.ev[2].dy == 18);
}

/* ---- fling ------------------------------------------------------------ */

/* A straight vertical stroke: `n` moves of `step` points every `dt` ms. */
static void stroke(rec *r, int n, float step, int64_t dt, int64_t t0, float *y_out, int64_t *t_out)
{
    float y = 800;
    int64_t t = t0;
    down(r, 100, y, t);
    for (int i = 0; i < n; i++) {
        t += dt;
        y -= step;
        move(r, 100, y, t);
    }
    *y_out = y;
    *t_out = t;
}

static void test_fling_speed_from_samples(void)
{
    rec r;
    float y;
    int64_t t;
    rec_init(&r, NULL);
    stroke(&r, 12, 16.0f, 8, 0, &y, &t); /* 2000 pt/s upward */
    up(&r, 100, y, t);
    KINDS(&r, "down,drag-start,drag-move,drag-move,drag-move,drag-move,"
              "drag-move,drag-move,drag-move,drag-move,drag-move,drag-move,"
              "drag-move,drag-end,fling,up");
    const im_gesture_event *f = find(&r, IM_GESTURE_FLING);
    REQUIRE(f);
    CHECK(near(f->vy, -2000.0, 0.5));
    CHECK(f->vx == 0.0f);
    const im_gesture_event *de = find(&r, IM_GESTURE_DRAG_END);
    CHECK(de && de->vy == f->vy);

    /* Only the last 5 samples count: a slow start then a fast flick is
     * measured at the flick's speed. */
    rec_init(&r, NULL);
    down(&r, 100, 800, 0);
    y = 800;
    t = 0;
    for (int i = 0; i < 10; i++) { /* 100 pt/s */
        t += 20;
        y -= 2;
        move(&r, 100, y, t);
    }
    for (int i = 0; i < 4; i++) { /* 3000 pt/s */
        t += 8;
        y -= 24;
        move(&r, 100, y, t);
    }
    up(&r, 100, y, t + 4);
    f = find(&r, IM_GESTURE_FLING);
    REQUIRE(f);
    CHECK(near(f->vy, -3000.0, 0.5));
}

static void test_fling_minimum(void)
{
    rec r;
    float y;
    int64_t t;
    /* Exactly 400 px/s at scale 1: flings (the minimum is inclusive). */
    rec_init(&r, NULL);
    stroke(&r, 8, 4.0f, 10, 0, &y, &t);
    up(&r, 100, y, t);
    CHECK(count(&r, IM_GESTURE_FLING) == 1);
    /* 390 px/s: no fling, and drag-end carries 0. */
    rec_init(&r, NULL);
    stroke(&r, 8, 3.9f, 10, 0, &y, &t);
    up(&r, 100, y, t);
    CHECK(count(&r, IM_GESTURE_FLING) == 0);
    const im_gesture_event *de = find(&r, IM_GESTURE_DRAG_END);
    CHECK(de && de->vy == 0.0f);
    /* 250 pt/s is 500 px/s on a 2x display: flings there, not at 1x. */
    im_gesture_config c2 = im_gesture_config_default(2.0f);
    rec_init(&r, &c2);
    stroke(&r, 8, 2.5f, 10, 0, &y, &t);
    up(&r, 100, y, t);
    CHECK(count(&r, IM_GESTURE_FLING) == 1);
    rec_init(&r, NULL);
    stroke(&r, 8, 2.5f, 10, 0, &y, &t);
    up(&r, 100, y, t);
    CHECK(count(&r, IM_GESTURE_FLING) == 0);
    /* set_scale mid-gesture takes effect at release. */
    rec_init(&r, NULL);
    stroke(&r, 8, 2.5f, 10, 0, &y, &t);
    im_gesture_set_scale(&r.g, 2.0f);
    up(&r, 100, y, t);
    CHECK(count(&r, IM_GESTURE_FLING) == 1);
}

static void test_still_finger_stops_fling(void)
{
    rec r;
    float y;
    int64_t t;
    /* Fast stroke, then the finger rests 150 ms before lifting. */
    rec_init(&r, NULL);
    stroke(&r, 10, 20.0f, 8, 0, &y, &t);
    tick_span(&r, t + 16, t + 149, 16);
    up(&r, 100, y, t + 150);
    CHECK(count(&r, IM_GESTURE_FLING) == 0);
    CHECK(count(&r, IM_GESTURE_DRAG_END) == 1);
    /* Resting 149 ms: the newest sample is still fresh, so it flings. */
    rec_init(&r, NULL);
    stroke(&r, 10, 20.0f, 8, 0, &y, &t);
    up(&r, 100, y, t + 149);
    CHECK(count(&r, IM_GESTURE_FLING) == 1);
}

static void test_up_at_new_position_counts(void)
{
    /* SDL may deliver the last movement only with the UP: it is a sample. */
    rec r;
    rec_init(&r, NULL);
    down(&r, 0, 0, 0);
    move(&r, 0, 20, 10);
    move(&r, 0, 40, 20);
    up(&r, 0, 60, 30);
    KINDS(&r, "down,drag-start,drag-move,drag-move,drag-end,fling,up");
    const im_gesture_event *f = find(&r, IM_GESTURE_FLING);
    CHECK(f && near(f->vy, 2000.0, 0.5));
}

/* ---- several fingers, cancel, robustness -------------------------------- */

static void test_second_finger(void)
{
    rec r;
    /* A second finger before anything was decided: no tap. */
    rec_init(&r, NULL);
    down(&r, 10, 10, 0);
    tick(&r, 60);
    feed(&r, IM_POINTER_DOWN, 2, 200, 200, 80);
    feed(&r, IM_POINTER_UP, 2, 200, 200, 100);
    up(&r, 10, 10, 120);
    KINDS(&r, "down,press,press-end,cancel");
    CHECK(!im_gesture_active(&r.g));
    CHECK(im_gesture_next_deadline(&r.g) == IM_GESTURE_NO_DEADLINE);

    /* During a drag the second finger is ignored; the drag goes on. */
    rec_init(&r, NULL);
    down(&r, 0, 0, 0);
    move(&r, 0, 30, 10);
    feed(&r, IM_POINTER_DOWN, 2, 300, 300, 20);
    feed(&r, IM_POINTER_MOVE, 2, 300, 400, 30);
    move(&r, 0, 40, 40);
    up(&r, 0, 40, 500);
    feed(&r, IM_POINTER_MOVE, 2, 300, 500, 510); /* left over: ignored */
    feed(&r, IM_POINTER_UP, 2, 300, 500, 520);
    KINDS(&r, "down,drag-start,drag-move,drag-end,up");

    /* The next DOWN starts a new gesture even if some finger lingered. */
    down(&r, 5, 5, 600);
    up(&r, 5, 5, 620);
    KINDS(&r, "down,drag-start,drag-move,drag-end,up,down,tap,up");
    CHECK(r.ev[5].finger == 1);
}

static void test_cancel(void)
{
    rec r;
    rec_init(&r, NULL);
    down(&r, 0, 0, 0);
    tick(&r, 60);
    feed(&r, IM_POINTER_CANCEL, 1, 0, 0, 80);
    up(&r, 0, 0, 90); /* a stray UP afterwards: nothing */
    KINDS(&r, "down,press,press-end,cancel");

    rec_init(&r, NULL);
    down(&r, 0, 0, 0);
    move(&r, 0, 50, 10);
    im_gesture_event e[IM_GESTURE_EVENTS_MAX];
    add(&r, e, im_gesture_cancel(&r.g, 20, e, IM_GESTURE_EVENTS_MAX));
    KINDS(&r, "down,drag-start,cancel");
    CHECK(count(&r, IM_GESTURE_FLING) == 0);
    CHECK(im_gesture_cancel(&r.g, 30, e, IM_GESTURE_EVENTS_MAX) == 0);

    /* A lost UP: the same finger goes down again. */
    rec_init(&r, NULL);
    down(&r, 0, 0, 0);
    down(&r, 50, 50, 100);
    up(&r, 50, 50, 120);
    KINDS(&r, "down,press,press-end,cancel,down,tap,up");
}

static void test_mouse_and_time_order(void)
{
    rec r;
    rec_init(&r, NULL);
    feed(&r, IM_POINTER_MOVE, IM_POINTER_MOUSE, 5, 5, 0); /* hover: nothing */
    feed(&r, IM_POINTER_DOWN, IM_POINTER_MOUSE, 5, 5, 10);
    feed(&r, IM_POINTER_UP, IM_POINTER_MOUSE, 5, 5, 40);
    KINDS(&r, "down,tap,up");
    CHECK(r.ev[1].finger == IM_POINTER_MOUSE);

    /* A timestamp that runs backwards is taken as "no time passed". */
    rec_init(&r, NULL);
    down(&r, 0, 0, 1000);
    up(&r, 0, 0, 900);
    KINDS(&r, "down,tap,up");
    CHECK(r.ev[1].t_ms == 1000);

    /* Non-finite coordinates are dropped, not stored. */
    rec_init(&r, NULL);
    down(&r, 0, 0, 0);
    move(&r, NAN, 0, 10);
    move(&r, INFINITY, 0, 10);
    up(&r, 0, 0, 20);
    KINDS(&r, "down,tap,up");
}

static void test_small_output_buffer(void)
{
    /* cap = 1: never writes past the array; the extra events are lost. */
    im_gesture g;
    im_gesture_init(&g, NULL);
    im_gesture_event e[2];
    memset(e, 0x5A, sizeof e);
    im_pointer_sample s = {IM_POINTER_DOWN, 1, 0, 0, 0};
    CHECK(im_gesture_feed(&g, &s, e, 1) == 1);
    s.phase = IM_POINTER_UP;
    s.t_ms = 600;
    CHECK(im_gesture_feed(&g, &s, e, 1) == 1); /* press (first of 3) */
    CHECK(e[0].kind == IM_GESTURE_PRESS);
    unsigned char *tail = (unsigned char *)&e[1];
    CHECK(tail[0] == 0x5A && tail[sizeof e[1] - 1] == 0x5A);
    /* And a NULL output array is tolerated. */
    s.phase = IM_POINTER_DOWN;
    s.t_ms = 700;
    CHECK(im_gesture_feed(&g, &s, NULL, 0) == 0);
    CHECK(im_gesture_active(&g));
}

static void test_bad_config_is_sanitized(void)
{
    im_gesture_config c = im_gesture_config_default(1.0f);
    c.scale = -3;
    c.long_press_ms = 10; /* shorter than press: nonsense */
    c.slop_pt = NAN;
    rec r;
    rec_init(&r, &c);
    CHECK(r.g.cfg.scale == 1.0f);
    CHECK(r.g.cfg.press_ms == IM_GESTURE_PRESS_MS);
    CHECK(r.g.cfg.long_press_ms == IM_GESTURE_LONG_PRESS_MS);
    CHECK(r.g.cfg.slop_pt == IM_GESTURE_SLOP_PT);
}

int main(void)
{
    test_quick_tap();
    test_press_highlight_at_50ms();
    test_press_fires_from_late_sample();
    test_slop_boundary();
    test_long_press();
    test_long_press_with_jitter_within_slop();
    test_no_long_press_after_moving();
    test_timers_from_a_late_sample();
    test_drag_deltas_sum_to_travel();
    test_axis_lock();
    test_fling_speed_from_samples();
    test_fling_minimum();
    test_still_finger_stops_fling();
    test_up_at_new_position_counts();
    test_second_finger();
    test_cancel();
    test_mouse_and_time_order();
    test_small_output_buffer();
    test_bad_config_is_sanitized();
    return im_check_done();
}
