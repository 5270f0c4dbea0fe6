/*
 * scroll.h -- one scrolling axis: drag, fling with inertia, rubber band,
 * wheel steps and scroll-to-visible, as pure arithmetic over time.
 *
 * No SDL, no rendering, no globals, no clock: every call that moves time
 * takes the current time in milliseconds, and im_scroller_tick() advances
 * the animation to that time.  A 2-D scroll view uses two scrollers (one per
 * axis) and feeds each the matching component of the gesture events.  All
 * lengths are in POINTS; velocities in points per second; the pixel
 * thresholds of the design brief are converted with `scale`.
 *
 * Conventions: `offset` is how far the content is scrolled, 0 at the start,
 * im_scroller_max() at the end (content - viewport, never negative).  Finger
 * deltas and finger velocities are in FINGER direction (as the gesture
 * recognizer reports them): moving the finger up (negative dy) by 30 points
 * scrolls the offset forward by 30 -- the content follows the finger.
 *
 * Motion model:
 *   - Fling: velocity decays by `decay` (0.985) per 1/120 s, applied as
 *     pow(decay, dt * 120) and integrated exactly over each tick, so the
 *     path does not depend on the tick rate (30, 60, 120 Hz land on the same
 *     positions up to rounding).  Momentum stops below stop_px_s / scale.
 *   - Rubber band: beyond either edge a drag moves the content by
 *     (1 - 1 / (over * 0.55 / viewport + 1)) * viewport for a finger travel
 *     of `over` (the UIScrollView curve): resistance grows with distance and
 *     the overscroll never reaches one viewport.  After release, or when a
 *     fling crosses an edge, a critically damped spring (exact solution,
 *     also tick-rate independent) returns the offset to the edge.
 *   - Wheel steps and scroll-to animate toward a target by an exponential
 *     ease (the remaining distance x `ease` per 1/120 s) and land exactly.
 *   - reduce_motion: every animation lands at once.  A release with
 *     velocity puts the offset where the fling would have come to rest
 *     (clamped to the edges); springs and eases snap.  Direct dragging still
 *     follows the finger.
 *
 * Invariants:
 *   1. When not animating and not dragging, 0 <= offset <= max.
 *   2. im_scroller_animating() is 0 exactly when a tick would change nothing;
 *      the loop may stop ticking (and sleep) as soon as it returns 0.
 *   3. im_scroller_touch() stops all motion at once and keeps the offset
 *      where it is (a finger on the content catches a fling, even mid-bounce).
 *   4. A tick with a time earlier than the last one seen changes nothing.
 *   5. Non-finite inputs (NaN, inf) are ignored, never stored.
 */
#ifndef IM_INPUT_SCROLL_H
#define IM_INPUT_SCROLL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IM_SCROLL_DECAY 0.985 /* per 1/120 s */
#define IM_SCROLL_DECAY_HZ 120.0
#define IM_SCROLL_STOP_PX_S 15.0
#define IM_SCROLL_RUBBER_K 0.55      /* rubber-band stiffness */
#define IM_SCROLL_SPRING_OMEGA 16.0  /* rad/s: bounce settles ~0.5 s */
#define IM_SCROLL_EASE 0.80          /* remaining distance per 1/120 s */
#define IM_SCROLL_WHEEL_STEP_PT 48.0 /* one wheel notch */

typedef struct im_scroller_config {
    double scale;         /* pixels per point (> 0) */
    double decay;         /* velocity factor per 1/120 s, 0 < decay < 1 */
    double stop_px_s;     /* momentum stops below this speed (pixels/s) */
    double rubber_k;      /* rubber-band stiffness; 0 disables overscroll */
    double spring_omega;  /* spring-back stiffness, rad/s */
    double ease;          /* remaining-distance factor per 1/120 s */
    double wheel_step_pt; /* points per wheel step */
    int reduce_motion;    /* 1: animations land instantly */
} im_scroller_config;

typedef enum im_scroller_mode {
    IM_SCROLL_IDLE = 0,
    IM_SCROLL_DRAGGING, /* a finger holds the content */
    IM_SCROLL_FLING,    /* momentum */
    IM_SCROLL_SPRING,   /* returning from overscroll */
    IM_SCROLL_EASE_TO   /* animating toward a target (wheel, scroll-to) */
} im_scroller_mode;

/* Fields are private except where noted; read them through the functions. */
typedef struct im_scroller {
    im_scroller_config cfg;
    im_scroller_mode mode;
    double content;      /* content length, points */
    double viewport;     /* visible length, points */
    double offset;       /* current offset (may be beyond an edge) */
    double velocity;     /* offset units per second (FLING, SPRING) */
    double target;       /* EASE_TO target */
    double drag_raw;     /* unresisted offset while dragging */
    double spring_x0;    /* SPRING: displacement from the edge at t0 */
    double spring_v0;    /*         velocity at t0 */
    double spring_edge;  /*         the edge it returns to */
    double spring_t0_ms; /*         start time (may fall between ticks) */
    int64_t last_ms;     /* time of the last tick or input */
} im_scroller;

/* The design brief's numbers for `scale` pixels per point. */
im_scroller_config im_scroller_config_default(double scale);

/* Start idle at offset 0 with empty content.  NULL cfg: defaults, scale 1.
 * Out-of-range fields are replaced by the defaults. */
void im_scroller_init(im_scroller *s, const im_scroller_config *cfg);

/* Change reduce-motion or scale at any time; a running animation then
 * follows the new setting (reduce_motion lands it at the next tick). */
void im_scroller_set_reduce_motion(im_scroller *s, int on);
void im_scroller_set_scale(im_scroller *s, double scale);

/* Set content and viewport lengths (negative -> 0).  If the content shrank
 * so the offset is now beyond the end, the offset is clamped at once (a
 * layout change is not an overscroll); a running fling continues within
 * the new bounds. */
void im_scroller_set_size(im_scroller *s, double content, double viewport);

/* Largest resting offset: max(0, content - viewport). */
double im_scroller_max(const im_scroller *s);

/* The offset to draw with (points, may be outside [0, max] while
 * rubber-banding). */
double im_scroller_offset(const im_scroller *s);

/* Current velocity of the offset, points per second (0 unless flinging or
 * springing). */
double im_scroller_velocity(const im_scroller *s);

im_scroller_mode im_scroller_get_mode(const im_scroller *s);

/* A finger went down on the content (gesture DOWN): all motion stops where
 * it is and the scroller is held (mode DRAGGING) until im_scroller_release.
 * The host must call release when that finger lifts however the gesture
 * ended -- the gesture's UP or CANCEL, which always closes a DOWN -- so
 * content caught mid-bounce springs back and the wheel works again. */
void im_scroller_touch(im_scroller *s, int64_t now_ms);

/* The finger moved by `finger_delta` points (gesture DRAG_START / DRAG_MOVE
 * component for this axis).  Starts dragging if not already.  Beyond the
 * edges the content moves less than the finger (rubber band). */
void im_scroller_drag(im_scroller *s, double finger_delta, int64_t now_ms);

/* The finger lifted with `finger_velocity` points per second (the FLING
 * component for this axis, or 0 after DRAG_END without FLING).  If the
 * offset is beyond an edge it springs back; otherwise it flings when the
 * speed is at least the stop speed; otherwise it rests.  Also ends a drag
 * that was cancelled (pass 0). */
void im_scroller_release(im_scroller *s, double finger_velocity, int64_t now_ms);

/* Wheel or trackpad: `steps` notches, positive toward the END (offset
 * grows).  SDL's wheel y > 0 means "away from the user" = toward the start,
 * so the host passes -y (and honours SDL_MOUSEWHEEL_FLIPPED).  Consecutive
 * steps accumulate onto the target; the target is clamped to [0, max].
 * Ignored while a finger holds the content (between touch and release). */
void im_scroller_wheel(im_scroller *s, double steps, int64_t now_ms);

/* Animate (or, with reduce_motion, jump) to `offset`, clamped to [0, max]. */
void im_scroller_scroll_to(im_scroller *s, double offset, int64_t now_ms);

/* Scroll the least distance that shows [start, start + length) with
 * `margin` points to spare on each side (e.g. the caret line above the
 * on-screen keyboard).  An item longer than the viewport shows its start.
 * Returns the target offset; does nothing if it is already visible. */
double im_scroller_scroll_to_visible(im_scroller *s, double start, double length, double margin, int64_t now_ms);

/* Advance the animation to now_ms.  Returns im_scroller_animating() after
 * the step. */
int im_scroller_tick(im_scroller *s, int64_t now_ms);

/* 1 while flinging, springing or easing, or when idle beyond an edge (the
 * next tick starts the spring back): the loop must keep ticking.  0 when at
 * rest or while a finger holds or drags (input events drive it then). */
int im_scroller_animating(const im_scroller *s);

#ifdef __cplusplus
}
#endif
#endif
