/*
 * test_scroll.c -- the scroller: inertia, stop speed, frame-rate
 * independence, a still finger, rubber band, wheel, scroll-to-visible,
 * reduce motion; and a recorded finger stream driving gesture + scroller the
 * way the toolkit glues them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "input/gesture.h"
#include "input/scroll.h"

static int near(double a, double b, double tol) { return fabs(a - b) <= tol; }

/* A scroller over 10,000 points of content in an 800-point viewport,
 * resting at `at`. */
static void setup(im_scroller *s, double scale, double at)
{
    im_scroller_config c = im_scroller_config_default(scale);
    im_scroller_init(s, &c);
    im_scroller_set_size(s, 10000, 800);
    im_scroller_set_reduce_motion(s, 1);
    im_scroller_scroll_to(s, at, 0);
    im_scroller_set_reduce_motion(s, 0);
}

/* Start a fling of `v` points/s (offset direction) at t = 0. */
static void fling(im_scroller *s, double v)
{
    im_scroller_touch(s, 0);
    im_scroller_release(s, -v, 0); /* finger velocity is opposite */
}

static void test_decay_per_120th(void)
{
    im_scroller s;
    setup(&s, 1.0, 1000);
    fling(&s, 2000);
    CHECK(im_scroller_get_mode(&s) == IM_SCROLL_FLING);
    CHECK(im_scroller_animating(&s));
    const double L = 120.0 * log(0.985);
    int bad = 0;
    /* 25 ms = 3/120 s: after k steps the velocity is 2000 * 0.985^(3k). */
    for (int k = 1; k <= 80; k++) {
        im_scroller_tick(&s, 25 * k);
        double n = 3.0 * k;
        double want_v = 2000.0 * pow(0.985, n);
        double want_x = 1000 + 2000.0 * (pow(0.985, n) - 1.0) / L;
        if (!near(im_scroller_velocity(&s), want_v, want_v * 1e-9) ||
            !near(im_scroller_offset(&s), want_x, 1e-6))
            bad++;
        if (k == 40) /* after exactly one second: 120 steps of 1/120 s */
            CHECK(near(im_scroller_velocity(&s), 2000.0 * pow(0.985, 120), 1e-6));
    }
    CHECK(bad == 0);
}

/* Run a fling ticking at `hz` (frame times rounded to whole ms, as the loop
 * sees them) and record the offset at each 100 ms checkpoint. */
static void run_at(double hz, double v, double *out, int ncheck, unsigned jitter_seed)
{
    im_scroller s;
    setup(&s, 1.0, 3000);
    fling(&s, v);
    int64_t t = 0;
    unsigned seed = jitter_seed;
    for (int c = 1; c <= ncheck; c++) {
        int64_t cp = 100 * c;
        for (;;) {
            int64_t dt = (int64_t)llround(1000.0 / hz);
            if (jitter_seed) { /* irregular frames 1..40 ms */
                seed = seed * 1103515245u + 12345u;
                dt = 1 + (seed >> 16) % 40;
            }
            if (t + dt >= cp)
                break;
            t += dt;
            im_scroller_tick(&s, t);
        }
        t = cp;
        im_scroller_tick(&s, t);
        out[c - 1] = im_scroller_offset(&s);
    }
}

static void test_frame_rate_independent(void)
{
    enum { N = 40 }; /* 4 seconds */
    double a[N], b[N], c[N], d[N];
    run_at(120, 2500, a, N, 0);
    run_at(60, 2500, b, N, 0);
    run_at(30, 2500, c, N, 0);
    run_at(60, 2500, d, N, 7); /* jittery frames */
    double worst = 0;
    for (int i = 0; i < N; i++) {
        worst = fmax(worst, fabs(a[i] - b[i]));
        worst = fmax(worst, fabs(a[i] - c[i]));
        worst = fmax(worst, fabs(a[i] - d[i]));
    }
    printf("fling 2500 pt/s: 30/60/120 Hz/jitter max difference %.2e pt\n", worst);
    CHECK(worst < 1e-6);
    CHECK(a[N - 1] > 3000 + 1000); /* it really moved */
}

static void test_stop_below_15px(void)
{
    const double L = 120.0 * log(0.985);
    for (int sc = 1; sc <= 2; sc++) {
        im_scroller s;
        setup(&s, sc, 1000);
        fling(&s, 2000);
        double vstop = 15.0 / sc;
        double t_stop = log(vstop / 2000.0) / L; /* seconds */
        int64_t before = (int64_t)(t_stop * 1000) - 5;
        int64_t after = (int64_t)(t_stop * 1000) + 5;
        im_scroller_tick(&s, before);
        CHECK(im_scroller_animating(&s));
        CHECK(im_scroller_velocity(&s) >= vstop);
        double x_before = im_scroller_offset(&s);
        im_scroller_tick(&s, after);
        CHECK(!im_scroller_animating(&s));
        CHECK(im_scroller_get_mode(&s) == IM_SCROLL_IDLE);
        CHECK(im_scroller_velocity(&s) == 0.0);
        /* It stopped where the speed reached the stop speed. */
        double want = 1000 + (vstop - 2000.0) / L;
        CHECK(near(im_scroller_offset(&s), want, 1e-6));
        CHECK(im_scroller_offset(&s) >= x_before);
        /* Idle ticks change nothing. */
        im_scroller_tick(&s, after + 1000);
        CHECK(near(im_scroller_offset(&s), want, 1e-9));
    }
    /* A release slower than the stop speed does not fling at all. */
    im_scroller s;
    setup(&s, 1.0, 1000);
    fling(&s, 14.9);
    CHECK(!im_scroller_animating(&s));
}

static void test_still_finger_stops_momentum(void)
{
    im_scroller s;
    setup(&s, 1.0, 1000);
    fling(&s, 3000);
    im_scroller_tick(&s, 300);
    double at = im_scroller_offset(&s);
    CHECK(at > 1500);
    im_scroller_touch(&s, 316); /* finger lands and rests */
    CHECK(!im_scroller_animating(&s));
    CHECK(im_scroller_velocity(&s) == 0.0);
    for (int64_t t = 332; t < 1000; t += 16)
        im_scroller_tick(&s, t);
    CHECK(im_scroller_offset(&s) == at);
    im_scroller_release(&s, 0, 1000); /* lifts without a fling */
    im_scroller_tick(&s, 1500);
    CHECK(im_scroller_offset(&s) == at);
    CHECK(!im_scroller_animating(&s));
}

static void test_rubber_band(void)
{
    im_scroller s;
    im_scroller_config c = im_scroller_config_default(1.0);
    im_scroller_init(&s, &c);
    im_scroller_set_size(&s, 2000, 800);
    im_scroller_touch(&s, 0);
    im_scroller_drag(&s, 100, 16); /* pull down past the top */
    double o1 = im_scroller_offset(&s);
    double want = -(1.0 - 1.0 / (100 * 0.55 / 800 + 1.0)) * 800;
    CHECK(near(o1, want, 1e-9));
    CHECK(o1 < 0 && o1 > -100); /* resists */
    im_scroller_drag(&s, 100, 32);
    double o2 = im_scroller_offset(&s);
    CHECK(o2 < o1 && (o1 - o2) < -o1); /* resists more and more */
    for (int i = 0; i < 50; i++)
        im_scroller_drag(&s, 100, 48 + i);
    CHECK(im_scroller_offset(&s) > -800); /* never a whole viewport */
    /* Coming back inside follows the finger exactly again. */
    im_scroller_drag(&s, -5200, 200);
    CHECK(near(im_scroller_offset(&s), 0.0, 1e-6));
    im_scroller_drag(&s, -300, 216);
    CHECK(near(im_scroller_offset(&s), 300.0, 1e-6));
    im_scroller_drag(&s, 600, 232); /* 300 back to 0, 300 over */
    double over = im_scroller_offset(&s);
    CHECK(near(over, -(1.0 - 1.0 / (300 * 0.55 / 800 + 1.0)) * 800, 1e-6));

    /* Release: springs back to the edge, monotonically, without
     * overshooting into the content, within half a second. */
    im_scroller_release(&s, 0, 250);
    CHECK(im_scroller_get_mode(&s) == IM_SCROLL_SPRING);
    double prev = over;
    int monotonic = 1;
    int64_t t = 250;
    while (im_scroller_animating(&s) && t < 5000) {
        t += 16;
        im_scroller_tick(&s, t);
        double o = im_scroller_offset(&s);
        if (o < prev - 1e-9 || o > 0)
            monotonic = 0;
        prev = o;
    }
    CHECK(monotonic);
    CHECK(im_scroller_offset(&s) == 0.0);
    CHECK(t - 250 < 700);
    printf("rubber band: 61.6 pt overscroll settles in %lld ms\n", (long long)(t - 250));

    /* Caught mid-bounce: no jump when the finger lands or starts moving. */
    im_scroller_touch(&s, 1000);
    im_scroller_drag(&s, 200, 1016);
    im_scroller_release(&s, 0, 1032);
    im_scroller_tick(&s, 1100);
    double mid = im_scroller_offset(&s);
    CHECK(mid < 0);
    im_scroller_touch(&s, 1100);
    CHECK(im_scroller_offset(&s) == mid);
    im_scroller_drag(&s, 0, 1116);
    CHECK(near(im_scroller_offset(&s), mid, 1e-9));
    im_scroller_tick(&s, 3000); /* held: stays put */
    CHECK(near(im_scroller_offset(&s), mid, 1e-9));
    im_scroller_release(&s, 0, 3000);
    im_scroller_tick(&s, 5000);
    CHECK(im_scroller_offset(&s) == 0.0);

    /* rubber_k = 0: a hard edge. */
    c.rubber_k = 0;
    im_scroller_init(&s, &c);
    im_scroller_set_size(&s, 2000, 800);
    im_scroller_drag(&s, 100, 0);
    CHECK(im_scroller_offset(&s) == 0.0);
}

static void test_fling_into_edge_bounces(void)
{
    /* A fling that reaches the end overshoots a little, comes back to the
     * end exactly, and does so the same way at 60 and 120 Hz. */
    double at60 = 0, at120 = 0, peak = 0;
    for (int pass = 0; pass < 2; pass++) {
        im_scroller s;
        setup(&s, 1.0, 9000); /* max is 9200 */
        fling(&s, 3000);
        int64_t step = pass ? 8 : 16;
        for (int64_t t = step; t <= 3000; t += step) {
            im_scroller_tick(&s, t);
            double over = im_scroller_offset(&s) - 9200;
            if (over > peak)
                peak = over;
            if (t == 400) {
                if (pass)
                    at120 = im_scroller_offset(&s);
                else
                    at60 = im_scroller_offset(&s);
            }
        }
        CHECK(!im_scroller_animating(&s));
        CHECK(im_scroller_offset(&s) == 9200);
    }
    printf("fling into the end: peak overscroll %.1f pt\n", peak);
    CHECK(peak > 1 && peak <= 800 * 0.25 + 1e-9);
    CHECK(near(at60, at120, 1e-6));
}

static void test_wheel(void)
{
    im_scroller s;
    setup(&s, 1.0, 0);
    im_scroller_wheel(&s, 1, 0);
    CHECK(im_scroller_animating(&s));
    im_scroller_wheel(&s, 1, 5); /* notches accumulate */
    int64_t t = 0;
    while (im_scroller_animating(&s) && t < 2000)
        im_scroller_tick(&s, t += 16);
    CHECK(im_scroller_offset(&s) == 2 * IM_SCROLL_WHEEL_STEP_PT);
    CHECK(t < 500);
    im_scroller_wheel(&s, -10, t); /* clamped at the start */
    while (im_scroller_animating(&s) && t < 4000)
        im_scroller_tick(&s, t += 16);
    CHECK(im_scroller_offset(&s) == 0.0);
    im_scroller_wheel(&s, -1, t); /* at the start already */
    CHECK(!im_scroller_animating(&s));
    im_scroller_set_reduce_motion(&s, 1);
    im_scroller_wheel(&s, 3, t);
    CHECK(!im_scroller_animating(&s));
    CHECK(im_scroller_offset(&s) == 3 * IM_SCROLL_WHEEL_STEP_PT);
    im_scroller_wheel(&s, NAN, t);
    CHECK(im_scroller_offset(&s) == 3 * IM_SCROLL_WHEEL_STEP_PT);
}

static void test_scroll_to_visible(void)
{
    im_scroller s;
    setup(&s, 1.0, 0);
    im_scroller_set_reduce_motion(&s, 1);
    CHECK(im_scroller_scroll_to_visible(&s, 1000, 50, 16, 0) == 266);
    CHECK(im_scroller_offset(&s) == 266);
    CHECK(im_scroller_scroll_to_visible(&s, 100, 20, 16, 0) == 84);
    CHECK(im_scroller_scroll_to_visible(&s, 300, 20, 16, 0) == 84);
    CHECK(im_scroller_offset(&s) == 84); /* visible: unchanged */
    CHECK(im_scroller_scroll_to_visible(&s, 2000, 1500, 16, 0) == 1984);
    CHECK(im_scroller_scroll_to_visible(&s, 9990, 10, 16, 0) == 9200);
    /* Animated, it lands on the same target. */
    im_scroller_set_reduce_motion(&s, 0);
    CHECK(im_scroller_scroll_to_visible(&s, 5000, 40, 0, 0) == 5000);
    CHECK(im_scroller_animating(&s));
    int64_t t = 0;
    while (im_scroller_animating(&s) && t < 5000)
        im_scroller_tick(&s, t += 16);
    CHECK(im_scroller_offset(&s) == 5000);
    /* Below the view: the item's bottom lands at the viewport's bottom. */
    CHECK(im_scroller_scroll_to_visible(&s, 6000, 40, 0, t) == 5240);
}

static void test_far_jump_lands_at_once(void)
{
    /* More than ten viewports away (the caret at the end of a 1 MB paste):
     * no animation, every frame of it would redraw the whole content. */
    im_scroller s;
    setup(&s, 1.0, 0);
    im_scroller_set_size(&s, 100000, 100);
    CHECK(im_scroller_scroll_to_visible(&s, 50000, 20, 0, 0) == 49920);
    CHECK(!im_scroller_animating(&s));
    CHECK(im_scroller_offset(&s) == 49920);
    /* a near one still eases */
    CHECK(im_scroller_scroll_to_visible(&s, 49000, 20, 0, 0) == 49000);
    CHECK(im_scroller_animating(&s));
}

static void test_reduce_motion(void)
{
    /* A fling lands where the animated fling would have stopped. */
    im_scroller a, b;
    setup(&a, 1.0, 1000);
    setup(&b, 1.0, 1000);
    im_scroller_set_reduce_motion(&b, 1);
    fling(&a, 2000);
    fling(&b, 2000);
    CHECK(!im_scroller_animating(&b));
    im_scroller_tick(&a, 10000);
    CHECK(near(im_scroller_offset(&a), im_scroller_offset(&b), 1e-6));
    /* Overscroll snaps back at once. */
    im_scroller_touch(&b, 0);
    im_scroller_drag(&b, 5000, 10);
    CHECK(im_scroller_offset(&b) < 0);
    im_scroller_release(&b, 0, 20);
    CHECK(im_scroller_offset(&b) == 0.0);
    CHECK(!im_scroller_animating(&b));
    /* Turning it on mid-animation lands at the next tick. */
    im_scroller_touch(&a, 10000);
    im_scroller_release(&a, -2000, 10000);
    im_scroller_tick(&a, 10100);
    CHECK(im_scroller_animating(&a));
    im_scroller_set_reduce_motion(&a, 1);
    im_scroller_tick(&a, 10116);
    CHECK(!im_scroller_animating(&a));
}

static void test_sizes_and_bad_input(void)
{
    im_scroller s;
    setup(&s, 1.0, 4000);
    im_scroller_set_size(&s, 3000, 800); /* content shrank */
    CHECK(im_scroller_offset(&s) == 2200);
    CHECK(!im_scroller_animating(&s));
    im_scroller_set_size(&s, 500, 800); /* shorter than the view */
    CHECK(im_scroller_max(&s) == 0);
    CHECK(im_scroller_offset(&s) == 0);
    im_scroller_set_size(&s, NAN, 800); /* ignored */
    CHECK(im_scroller_max(&s) == 0);
    im_scroller_set_size(&s, 3000, 800);
    im_scroller_drag(&s, NAN, 10);
    im_scroller_release(&s, INFINITY, 20);
    CHECK(isfinite(im_scroller_offset(&s)));
    CHECK(!im_scroller_animating(&s));
    im_scroller_tick(&s, 5); /* time going back: nothing */
    CHECK(!im_scroller_animating(&s));

    /* Springing back past the end when more content arrives (a list
     * loading rows): the offset is inside again, so it simply rests. */
    setup(&s, 1.0, 2200);
    im_scroller_set_size(&s, 3000, 800);
    im_scroller_touch(&s, 100);
    im_scroller_drag(&s, -200, 116); /* pull up past the end */
    im_scroller_release(&s, 0, 132);
    im_scroller_tick(&s, 150);
    double o = im_scroller_offset(&s);
    CHECK(o > 2200 && im_scroller_get_mode(&s) == IM_SCROLL_SPRING);
    im_scroller_set_size(&s, 6000, 800);
    CHECK(!im_scroller_animating(&s));
    CHECK(im_scroller_offset(&s) == o);
    /* ...and when the end moves but the offset is still beyond it, the
     * spring heads for the new end. */
    im_scroller_set_size(&s, 3000, 800); /* clamps: IDLE */
    im_scroller_touch(&s, 200);
    im_scroller_drag(&s, -300, 216);
    im_scroller_release(&s, 0, 232);
    im_scroller_set_size(&s, 3100, 800);
    CHECK(im_scroller_get_mode(&s) == IM_SCROLL_SPRING);
    im_scroller_tick(&s, 3000);
    CHECK(im_scroller_offset(&s) == 2300);
}

/* ---- gesture + scroller, as the toolkit glues them ----------------------- */

typedef struct glue {
    im_gesture g;
    im_scroller s;
    int flings, taps;
} glue;

static void glue_feed(glue *k, im_pointer_phase ph, float y, int64_t t)
{
    im_pointer_sample smp = {ph, 7, 200, y, t};
    im_gesture_event e[IM_GESTURE_EVENTS_MAX];
    int n = im_gesture_feed(&k->g, &smp, e, IM_GESTURE_EVENTS_MAX);
    for (int i = 0; i < n; i++) {
        switch (e[i].kind) {
        case IM_GESTURE_DOWN: im_scroller_touch(&k->s, e[i].t_ms); break;
        case IM_GESTURE_DRAG_START:
        case IM_GESTURE_DRAG_MOVE: im_scroller_drag(&k->s, e[i].dy, e[i].t_ms); break;
        case IM_GESTURE_DRAG_END:
            im_scroller_release(&k->s, e[i].vy, e[i].t_ms);
            if (e[i].vy != 0)
                k->flings++;
            break;
        case IM_GESTURE_UP:     /* always last: after DRAG_END it is a */
        case IM_GESTURE_CANCEL: /* no-op, after a tap it ends the hold */
            if (im_scroller_get_mode(&k->s) == IM_SCROLL_DRAGGING)
                im_scroller_release(&k->s, 0, e[i].t_ms);
            break;
        case IM_GESTURE_TAP: k->taps++; break;
        default: break;
        }
    }
}

static void test_recorded_stream_through_both(void)
{
    glue k;
    memset(&k, 0, sizeof k);
    im_gesture_init(&k.g, NULL);
    im_scroller_init(&k.s, NULL);
    im_scroller_set_size(&k.s, 5000, 800);
    /* A slow 150-point drag up, held still, lifted: content followed the
     * finger exactly and stays. */
    float y = 600;
    glue_feed(&k, IM_POINTER_DOWN, y, 0);
    for (int i = 1; i <= 30; i++)
        glue_feed(&k, IM_POINTER_MOVE, y -= 5, i * 16);
    glue_feed(&k, IM_POINTER_UP, y, 30 * 16 + 200);
    CHECK(near(im_scroller_offset(&k.s), 150.0, 1e-4));
    CHECK(k.flings == 0);
    CHECK(k.taps == 0);
    CHECK(!im_scroller_animating(&k.s));
    /* A quick flick: flings, keeps moving after the finger left. */
    int64_t t = 2000;
    y = 600;
    glue_feed(&k, IM_POINTER_DOWN, y, t);
    for (int i = 1; i <= 6; i++)
        glue_feed(&k, IM_POINTER_MOVE, y -= 30, t += 8);
    glue_feed(&k, IM_POINTER_UP, y, t);
    CHECK(k.flings == 1);
    double at_release = im_scroller_offset(&k.s);
    CHECK(near(at_release, 150.0 + 180.0, 1e-3));
    im_scroller_tick(&k.s, t + 500);
    CHECK(im_scroller_offset(&k.s) > at_release + 500);
    /* A tap on the moving content catches it, and is not a drag. */
    double caught = 0;
    glue_feed(&k, IM_POINTER_DOWN, 400, t + 500);
    caught = im_scroller_offset(&k.s);
    glue_feed(&k, IM_POINTER_UP, 400, t + 560);
    im_scroller_tick(&k.s, t + 2000);
    CHECK(im_scroller_offset(&k.s) == caught);
    CHECK(k.taps == 1);
    /* ...and the UP that closed the tap released the hold: the wheel
     * works again. */
    CHECK(im_scroller_get_mode(&k.s) == IM_SCROLL_IDLE);
    im_scroller_wheel(&k.s, 1, t + 2000);
    CHECK(im_scroller_animating(&k.s));
}

int main(void)
{
    test_decay_per_120th();
    test_frame_rate_independent();
    test_stop_below_15px();
    test_still_finger_stops_momentum();
    test_rubber_band();
    test_fling_into_edge_bounces();
    test_wheel();
    test_scroll_to_visible();
    test_far_jump_lands_at_once();
    test_reduce_motion();
    test_sizes_and_bad_input();
    test_recorded_stream_through_both();
    return im_check_done();
}
