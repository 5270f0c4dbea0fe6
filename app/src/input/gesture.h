/*
 * gesture.h -- turns timestamped pointer samples into gestures.
 *
 * A pure state machine: no SDL, no rendering, no globals, no clock of its
 * own.  The host (the toolkit's event loop) converts SDL finger and mouse
 * events into im_pointer_sample values in POINTS with a timestamp in
 * milliseconds, feeds them in order, and gets back gesture events.  Because
 * a long press happens when *nothing* arrives, the host also calls
 * im_gesture_tick() with the current time; im_gesture_next_deadline() says
 * when the next tick is needed so the loop can sleep (SDL_WaitEventTimeout)
 * instead of polling.
 *
 * One recognizer follows one gesture at a time: the first finger down is the
 * PRIMARY finger; everything else is secondary (see invariant 6).  The mouse
 * is just another finger: feed it with id IM_POINTER_MOUSE (and make sure a
 * mouse event that SDL synthesized from touch is not fed as well).
 *
 * Event sequences for one primary finger (DOWN always comes first):
 *
 *   tap:         DOWN [PRESS PRESS_END] TAP UP
 *   long press:  DOWN PRESS LONG_PRESS ... PRESS_END UP       (no TAP)
 *   drag:        DOWN [PRESS PRESS_END] DRAG_START DRAG_MOVE* DRAG_END
 *                [FLING] UP
 *   cancelled:   DOWN ... [PRESS_END] CANCEL              (no TAP, no FLING)
 *
 * Every DOWN is matched by exactly one UP or CANCEL, which is always the
 * gesture's last event: a widget that took DOWN (a scroller's touch) can
 * rely on hearing the end whatever happened in between.
 *
 * Invariants:
 *   1. TAP is emitted only on release, only if the finger never moved more
 *      than `slop_pt` from where it went down, and only if LONG_PRESS has not
 *      fired.  So there is never a tap after a drag or after a long press:
 *      buttons activate on release and never after a drag.
 *   2. PRESS (the highlight) fires once the finger has been down and within
 *      the slop for `press_ms`; PRESS_END always follows a PRESS exactly once
 *      (on release, drag start or cancel), so a highlight never sticks.
 *   3. LONG_PRESS fires at down + `long_press_ms` (from a tick, or from the
 *      next sample if that sample is later), only if the finger is still
 *      within the slop; moving beyond the slop first rules it out for good.
 *   4. DRAG_START fires the first time the finger is farther than `slop_pt`
 *      from its down point.  Its dx/dy are the whole displacement since DOWN,
 *      and every DRAG_MOVE carries the displacement since the previous drag
 *      event, so summing dx/dy over a drag gives the finger's total travel
 *      (on the unlocked axes): content that applies them follows the finger.
 *   5. The axis is decided once, at DRAG_START (see im_gesture_axis), and is
 *      the same in every later event of that drag.  A locked axis reports 0
 *      for the other component of dx/dy and vx/vy.
 *   6. Secondary fingers never produce events.  A secondary finger going down
 *      before the primary has started a drag or a long press cancels the
 *      gesture (CANCEL; a two-finger touch is not a tap); during a drag or
 *      after a long press it is ignored.  After the primary lifts, the
 *      recognizer is idle again even if secondary fingers remain down; their
 *      later moves and ups are ignored, and the next DOWN starts a new gesture.
 *   7. FLING follows DRAG_END only when the drag did not start after a
 *      LONG_PRESS (selecting or reordering never flings), the newest moving
 *      sample is under `fling_fresh_ms` old at release (a finger held still
 *      stops momentum), and the speed measured over the last
 *      IM_GESTURE_FLING_SAMPLES samples is at least `fling_min_px_s / scale`
 *      points per second.  DRAG_END carries the same velocity as the FLING
 *      it precedes, or 0 without one.
 *   8. Samples with a timestamp earlier than the previous one are treated as
 *      arriving at the previous timestamp (time never runs backwards).
 */
#ifndef IM_INPUT_GESTURE_H
#define IM_INPUT_GESTURE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The thresholds from the design brief (section 3, "Touch"). */
#define IM_GESTURE_SLOP_PT 10.0f
#define IM_GESTURE_PRESS_MS 50
#define IM_GESTURE_LONG_PRESS_MS 500
#define IM_GESTURE_FLING_SAMPLES 5
#define IM_GESTURE_FLING_FRESH_MS 150
#define IM_GESTURE_FLING_MIN_PX_S 400.0f

/* The most events one call to im_gesture_feed() or im_gesture_tick() can
 * produce; size the output array with it. */
#define IM_GESTURE_EVENTS_MAX 8

/* Finger id the host uses for the mouse (SDL finger ids are 64-bit; the host
 * maps them to small uint32_t ids, e.g. by truncation, avoiding this one). */
#define IM_POINTER_MOUSE 0xFFFFFFFFu

/* How many milliseconds im_gesture_next_deadline() returns when no tick is
 * needed. */
#define IM_GESTURE_NO_DEADLINE INT64_MAX

typedef enum im_pointer_phase {
    IM_POINTER_DOWN = 1,
    IM_POINTER_MOVE,
    IM_POINTER_UP,
    IM_POINTER_CANCEL /* the system took the touch away (e.g. SDL window
                           lost focus, app backgrounded): ends the gesture */
} im_pointer_phase;

typedef struct im_pointer_sample {
    im_pointer_phase phase;
    uint32_t finger; /* finger id, or IM_POINTER_MOUSE */
    float x, y;      /* position in points, window coordinates */
    int64_t t_ms;    /* timestamp in milliseconds (any monotonic origin) */
} im_pointer_sample;

typedef enum im_gesture_kind {
    IM_GESTURE_NONE = 0,
    IM_GESTURE_DOWN,       /* primary finger touched: hit-test here, and a
                               scroller stops its momentum (a touch catches
                               a fling) */
    IM_GESTURE_PRESS,      /* still for press_ms: show the pressed highlight */
    IM_GESTURE_PRESS_END,  /* remove the highlight (release/drag/cancel) */
    IM_GESTURE_TAP,        /* activate: released within the slop */
    IM_GESTURE_LONG_PRESS, /* still for long_press_ms: context action */
    IM_GESTURE_DRAG_START, /* moved beyond the slop; axis decided */
    IM_GESTURE_DRAG_MOVE,  /* finger moved during a drag */
    IM_GESTURE_DRAG_END,   /* finger lifted after a drag */
    IM_GESTURE_FLING,      /* ...fast enough to fling: vx/vy in points/s */
    IM_GESTURE_CANCEL      /* gesture aborted: undo any press/drag state,
                               no activation, no fling */
    ,
    IM_GESTURE_UP /* the primary finger lifted: the last event of
                               every gesture not ended by CANCEL */
} im_gesture_kind;

/* How a drag's direction is decided. */
typedef enum im_gesture_axis {
    IM_AXIS_FREE = 0,   /* both components reported */
    IM_AXIS_HORIZONTAL, /* dy and vy are 0 */
    IM_AXIS_VERTICAL    /* dx and vx are 0 */
} im_gesture_axis;

typedef enum im_gesture_lock {
    IM_LOCK_NONE = 0, /* every drag is IM_AXIS_FREE */
    IM_LOCK_AUTO,     /* at DRAG_START: within lock_angle_deg of the
                               horizontal -> HORIZONTAL, of the vertical ->
                               VERTICAL, otherwise FREE */
    IM_LOCK_DOMINANT  /* at DRAG_START: whichever of |dx|, |dy| is
                               larger (ties -> VERTICAL); never FREE */
} im_gesture_lock;

typedef struct im_gesture_config {
    float scale; /* pixels per point (> 0); only used to turn
                                   fling_min_px_s into points */
    float slop_pt;
    int64_t press_ms;
    int64_t long_press_ms;
    int64_t fling_fresh_ms;
    float fling_min_px_s;
    im_gesture_lock lock;
    float lock_angle_deg; /* for IM_LOCK_AUTO; default 30 */
} im_gesture_config;

typedef struct im_gesture_event {
    im_gesture_kind kind;
    uint32_t finger;
    int64_t t_ms;           /* time of the sample or tick that caused it */
    float x, y;             /* current finger position, points */
    float start_x, start_y; /* where the finger went down */
    float dx, dy;           /* DRAG_START / DRAG_MOVE, see invariant 4 */
    float vx, vy;           /* DRAG_END / FLING, points per second */
    im_gesture_axis axis;   /* drag events: the decided axis */
    int after_long_press;   /* drag events: 1 if LONG_PRESS fired first
                                   (e.g. text selection, reordering); a
                                   scroller should ignore such drags */
} im_gesture_event;

/* The recognizer.  The fields are private: use the functions.  It owns no
 * memory, so it can live inside a widget or on the stack; copy it freely. */
typedef struct im_gesture {
    im_gesture_config cfg;
    int state; /* private enum, see gesture.c */
    uint32_t finger;
    int pressed; /* PRESS emitted and not yet PRESS_END */
    int long_pressed;
    int dragging;
    im_gesture_axis axis;
    float start_x, start_y;
    float last_x, last_y; /* last primary position */
    float drag_x, drag_y; /* position at the last drag event */
    int64_t down_ms;
    int64_t last_ms;  /* newest time seen (sample or tick) */
    int64_t moved_ms; /* time of the newest sample that moved */
    int nsamples;     /* ring of recent samples for the fling */
    int ring_head;
    float ring_x[IM_GESTURE_FLING_SAMPLES];
    float ring_y[IM_GESTURE_FLING_SAMPLES];
    int64_t ring_t[IM_GESTURE_FLING_SAMPLES];
} im_gesture;

/* The design brief's numbers, for a display of `scale` pixels per point,
 * with IM_LOCK_AUTO. */
im_gesture_config im_gesture_config_default(float scale);

/* Start idle with a config (copied).  A NULL cfg means the defaults for
 * scale 1.  Out-of-range fields (scale <= 0, negative times) are replaced by
 * the defaults rather than trusted. */
void im_gesture_init(im_gesture *g, const im_gesture_config *cfg);

/* Change the scale (pixels per point) after a display or text-size change;
 * the gesture in progress continues. */
void im_gesture_set_scale(im_gesture *g, float scale);

/* Feed one sample.  Writes up to `cap` events to `out` and returns how many.
 * cap should be IM_GESTURE_EVENTS_MAX; with a smaller cap the extra events
 * are lost (never written past cap).  Timer events that fell due before the
 * sample's time (PRESS, LONG_PRESS) are emitted first, as if a tick had
 * happened at their deadline, so a host that ticks late still sees events in
 * the right order. */
int im_gesture_feed(im_gesture *g, const im_pointer_sample *s, im_gesture_event *out, int cap);

/* Advance time to now_ms without a sample: emits PRESS and LONG_PRESS when
 * due.  Returns the number of events written (0..cap).  Calling it often, or
 * with a time earlier than the last seen, is harmless. */
int im_gesture_tick(im_gesture *g, int64_t now_ms, im_gesture_event *out, int cap);

/* The absolute time (same clock as the samples) at which the host must call
 * im_gesture_tick() for the next timer event, or IM_GESTURE_NO_DEADLINE when
 * nothing is pending (idle, dragging, or after the long press). */
int64_t im_gesture_next_deadline(const im_gesture *g);

/* 1 while a primary finger is down (a gesture is in progress). */
int im_gesture_active(const im_gesture *g);

/* Abort the gesture in progress as if IM_POINTER_CANCEL arrived (e.g. the
 * widget under the finger went away).  Returns the events (PRESS_END,
 * CANCEL) written, 0 if idle. */
int im_gesture_cancel(im_gesture *g, int64_t now_ms, im_gesture_event *out, int cap);

/* A short stable name for an event kind ("tap", "drag-move") for tests and
 * developer logs. */
const char *im_gesture_kind_name(im_gesture_kind kind);

#ifdef __cplusplus
}
#endif
#endif
