/*
 * scroll.c -- one scrolling axis (contract in scroll.h).
 *
 * Design notes.  Every animation is a closed-form function of elapsed time,
 * so the result does not depend on how often the host ticks:
 *
 *   fling   v(t) = v0 r^(120 t)            (r = decay per 1/120 s)
 *           x(t) = x0 + v0 (r^(120 t) - 1) / L,   L = 120 ln r  (< 0)
 *           Crossing an edge and falling below the stop speed are found by
 *           solving these for t, so a tick that overshoots either event is
 *           split exactly at it.
 *   spring  critically damped, displacement u from the edge:
 *           u(t) = (u0 + (v0 + w u0) t) e^(-w t)
 *           v(t) = (v0 - w (v0 + w u0) t) e^(-w t)
 *           evaluated from its start time, never accumulated per tick.
 *   ease    x = target + (x - target) ease^(120 dt): exact for any split of
 *           the interval, since the factors multiply.
 *
 * The rubber band maps an unresisted finger overscroll `raw` to a displayed
 * overscroll band(raw) = (1 - 1/(raw k / d + 1)) d with d the viewport; its
 * inverse lets a drag resume from a caught bounce without a jump.
 */
#include "input/scroll.h"

#include <math.h>
#include <stddef.h>

#define SETTLE_PT 0.25 /* spring / ease end when this close (points) */

static double clampd(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

im_scroller_config im_scroller_config_default(double scale)
{
    im_scroller_config c;
    c.scale = scale > 0.0 && isfinite(scale) ? scale : 1.0;
    c.decay = IM_SCROLL_DECAY;
    c.stop_px_s = IM_SCROLL_STOP_PX_S;
    c.rubber_k = IM_SCROLL_RUBBER_K;
    c.spring_omega = IM_SCROLL_SPRING_OMEGA;
    c.ease = IM_SCROLL_EASE;
    c.wheel_step_pt = IM_SCROLL_WHEEL_STEP_PT;
    c.reduce_motion = 0;
    return c;
}

static im_scroller_config config_sanitize(const im_scroller_config *in)
{
    im_scroller_config d = im_scroller_config_default(in ? in->scale : 1.0);
    if (!in) return d;
    im_scroller_config c = *in;
    c.scale = d.scale;
    if (!(c.decay > 0.0 && c.decay < 1.0)) c.decay = d.decay;
    if (!(c.stop_px_s > 0.0) || !isfinite(c.stop_px_s)) c.stop_px_s = d.stop_px_s;
    if (!(c.rubber_k >= 0.0) || !isfinite(c.rubber_k)) c.rubber_k = d.rubber_k;
    if (!(c.spring_omega > 0.0) || !isfinite(c.spring_omega)) c.spring_omega = d.spring_omega;
    if (!(c.ease > 0.0 && c.ease < 1.0)) c.ease = d.ease;
    if (!(c.wheel_step_pt > 0.0) || !isfinite(c.wheel_step_pt)) c.wheel_step_pt = d.wheel_step_pt;
    c.reduce_motion = c.reduce_motion != 0;
    return c;
}

void im_scroller_init(im_scroller *s, const im_scroller_config *cfg)
{
    static const im_scroller zero;
    *s = zero;
    s->cfg = config_sanitize(cfg);
    s->mode = IM_SCROLL_IDLE;
}

void im_scroller_set_reduce_motion(im_scroller *s, int on) { s->cfg.reduce_motion = on != 0; }

void im_scroller_set_scale(im_scroller *s, double scale)
{
    if (scale > 0.0 && isfinite(scale)) s->cfg.scale = scale;
}

double im_scroller_max(const im_scroller *s)
{
    double m = s->content - s->viewport;
    return m > 0.0 ? m : 0.0;
}

double im_scroller_offset(const im_scroller *s) { return s->offset; }
im_scroller_mode im_scroller_get_mode(const im_scroller *s) { return s->mode; }

double im_scroller_velocity(const im_scroller *s)
{
    return s->mode == IM_SCROLL_FLING || s->mode == IM_SCROLL_SPRING ? s->velocity : 0.0;
}

static double stop_speed(const im_scroller *s) { return s->cfg.stop_px_s / s->cfg.scale; }

static int out_of_bounds(const im_scroller *s) { return s->offset < 0.0 || s->offset > im_scroller_max(s); }

/* ---- rubber band -------------------------------------------------------- */

static double band_dim(const im_scroller *s) { return s->viewport > 1.0 ? s->viewport : 1.0; }

/* Displayed overscroll for an unresisted overscroll raw >= 0. */
static double band(const im_scroller *s, double raw)
{
    if (s->cfg.rubber_k <= 0.0) return 0.0;
    double d = band_dim(s);
    return (1.0 - 1.0 / (raw * s->cfg.rubber_k / d + 1.0)) * d;
}

/* Inverse of band() for 0 <= shown < d. */
static double unband(const im_scroller *s, double shown)
{
    if (s->cfg.rubber_k <= 0.0) return 0.0;
    double d = band_dim(s);
    if (shown >= d * 0.999) shown = d * 0.999;
    return d * (1.0 / (1.0 - shown / d) - 1.0) / s->cfg.rubber_k;
}

static double raw_to_offset(const im_scroller *s, double raw)
{
    double max = im_scroller_max(s);
    if (raw < 0.0) return -band(s, -raw);
    if (raw > max) return max + band(s, raw - max);
    return raw;
}

static double offset_to_raw(const im_scroller *s, double off)
{
    double max = im_scroller_max(s);
    if (off < 0.0) return -unband(s, -off);
    if (off > max) return max + unband(s, off - max);
    return off;
}

/* ---- mode changes -------------------------------------------------------- */

static void rest_at(im_scroller *s, double offset)
{
    s->offset = offset;
    s->velocity = 0.0;
    s->mode = IM_SCROLL_IDLE;
}

/* Start returning to the nearer-violated edge from the current offset with
 * velocity v0 at time t0 (ms, may be fractional).  The outward velocity is
 * capped so the bounce peaks within a quarter viewport. */
static void spring_start(im_scroller *s, double v0, double t0_ms)
{
    double max = im_scroller_max(s);
    double edge = s->offset < 0.0 ? 0.0 : max;
    if (s->cfg.reduce_motion || s->cfg.rubber_k <= 0.0 || (s->offset >= 0.0 && s->offset <= max && v0 == 0.0)) {
        rest_at(s, clampd(s->offset, 0.0, max));
        return;
    }
    double w = s->cfg.spring_omega;
    double vcap = w * exp(1.0) * band_dim(s) * 0.25;
    s->spring_edge = edge;
    s->spring_x0 = s->offset - edge;
    s->spring_v0 = clampd(v0, -vcap, vcap);
    s->spring_t0_ms = t0_ms;
    s->velocity = s->spring_v0;
    s->mode = IM_SCROLL_SPRING;
}

void im_scroller_set_size(im_scroller *s, double content, double viewport)
{
    if (!isfinite(content) || !isfinite(viewport)) return;
    s->content = content > 0.0 ? content : 0.0;
    s->viewport = viewport > 0.0 ? viewport : 0.0;
    double max = im_scroller_max(s);
    switch (s->mode) {
    case IM_SCROLL_IDLE: s->offset = clampd(s->offset, 0.0, max); break;
    case IM_SCROLL_EASE_TO:
        s->target = clampd(s->target, 0.0, max);
        s->offset = clampd(s->offset, 0.0, max);
        break;
    case IM_SCROLL_FLING:
        if (s->offset > max) rest_at(s, max);
        break;
    case IM_SCROLL_SPRING:
        /* The edge may have moved: restart toward the current one, or rest
         * if the new bounds already contain the offset. */
        if (out_of_bounds(s)) spring_start(s, s->velocity, (double)s->last_ms);
        else rest_at(s, s->offset);
        break;
    case IM_SCROLL_DRAGGING: break;
    }
}

void im_scroller_touch(im_scroller *s, int64_t now_ms)
{
    s->mode = IM_SCROLL_DRAGGING;
    s->velocity = 0.0;
    s->drag_raw = offset_to_raw(s, s->offset);
    if (now_ms > s->last_ms) s->last_ms = now_ms;
}

void im_scroller_drag(im_scroller *s, double finger_delta, int64_t now_ms)
{
    if (!isfinite(finger_delta)) return;
    if (s->mode != IM_SCROLL_DRAGGING) im_scroller_touch(s, now_ms);
    if (now_ms > s->last_ms) s->last_ms = now_ms;
    s->drag_raw -= finger_delta; /* content follows the finger */
    s->offset = raw_to_offset(s, s->drag_raw);
}

/* Where a fling from `offset` at velocity v comes to rest (stop speed
 * reached), for reduce-motion. */
static double fling_rest(const im_scroller *s, double v)
{
    double L = IM_SCROLL_DECAY_HZ * log(s->cfg.decay);
    double vstop = v > 0.0 ? stop_speed(s) : -stop_speed(s);
    return s->offset + (vstop - v) / L;
}

void im_scroller_release(im_scroller *s, double finger_velocity, int64_t now_ms)
{
    if (!isfinite(finger_velocity)) finger_velocity = 0.0;
    if (now_ms > s->last_ms) s->last_ms = now_ms;
    double v = -finger_velocity;
    double max = im_scroller_max(s);
    if (out_of_bounds(s)) {
        spring_start(s, 0.0, (double)s->last_ms);
        return;
    }
    if (fabs(v) < stop_speed(s)) {
        rest_at(s, s->offset);
        return;
    }
    if (s->cfg.reduce_motion) {
        rest_at(s, clampd(fling_rest(s, v), 0.0, max));
        return;
    }
    s->velocity = v;
    s->mode = IM_SCROLL_FLING;
}

#define EASE_FAR_VIEWPORTS 10.0

static void ease_to(im_scroller *s, double target, int64_t now_ms)
{
    if (now_ms > s->last_ms) s->last_ms = now_ms;
    target = clampd(target, 0.0, im_scroller_max(s));
    /* Far jumps (the caret at the end of a long pasted text) land at once:
     * easing across many screens shows nothing readable and costs a frame of
     * the whole content for every step of the way. */
    double far = s->viewport > 0.0 ? EASE_FAR_VIEWPORTS * s->viewport : INFINITY;
    if (s->cfg.reduce_motion || fabs(target - s->offset) < SETTLE_PT || fabs(target - s->offset) > far) {
        rest_at(s, target);
        return;
    }
    s->target = target;
    s->velocity = 0.0;
    s->mode = IM_SCROLL_EASE_TO;
}

/* The offset the scroller is heading for (the base for wheel steps and
 * visibility checks). */
static double resting_goal(const im_scroller *s)
{
    if (s->mode == IM_SCROLL_EASE_TO) return s->target;
    return clampd(s->offset, 0.0, im_scroller_max(s));
}

void im_scroller_wheel(im_scroller *s, double steps, int64_t now_ms)
{
    if (!isfinite(steps) || steps == 0.0 || s->mode == IM_SCROLL_DRAGGING) return;
    ease_to(s, resting_goal(s) + steps * s->cfg.wheel_step_pt, now_ms);
}

void im_scroller_scroll_to(im_scroller *s, double offset, int64_t now_ms)
{
    if (!isfinite(offset)) return;
    ease_to(s, offset, now_ms);
}

double im_scroller_scroll_to_visible(im_scroller *s, double start, double length, double margin, int64_t now_ms)
{
    double goal = resting_goal(s);
    if (!isfinite(start) || !isfinite(length) || !isfinite(margin)) return goal;
    if (length < 0.0) length = 0.0;
    if (margin < 0.0) margin = 0.0;
    double lo = start - margin, hi = start + length + margin;
    double target = goal;
    if (hi - lo > s->viewport || lo < goal) target = lo;
    else if (hi > goal + s->viewport) target = hi - s->viewport;
    target = clampd(target, 0.0, im_scroller_max(s));
    if (target != goal) ease_to(s, target, now_ms);
    return target;
}

/* ---- time ------------------------------------------------------------- */

/* Advance a fling by dt seconds; returns the unused seconds when it turned
 * into a spring (the caller continues with the spring), else 0. */
static double fling_step(im_scroller *s, double dt, double start_ms)
{
    double L = IM_SCROLL_DECAY_HZ * log(s->cfg.decay);
    double v = s->velocity, vstop = stop_speed(s);
    /* Time until the speed drops to the stop speed. */
    double t_stop = log(vstop / fabs(v)) / L;
    if (t_stop < 0.0) t_stop = 0.0;
    double step = dt < t_stop ? dt : t_stop;
    /* Would it cross an edge within `step`? */
    double max = im_scroller_max(s);
    double edge = v > 0.0 ? max : 0.0;
    double dist = edge - s->offset;  /* same sign as v if ahead */
    double arg = 1.0 + dist * L / v; /* e^(L t_hit) */
    if (arg > 0.0 && arg <= 1.0) {
        double t_hit = log(arg) / L;
        if (t_hit <= step) {
            s->offset = edge;
            s->velocity = v * arg;
            spring_start(s, s->velocity, start_ms + t_hit * 1000.0);
            return dt - t_hit;
        }
    }
    double f = exp(L * step);
    s->offset += v * (f - 1.0) / L;
    s->velocity = v * f;
    if (step >= t_stop) rest_at(s, clampd(s->offset, 0.0, max));
    return 0.0;
}

static void spring_eval(im_scroller *s, double now_ms)
{
    double w = s->cfg.spring_omega;
    double t = (now_ms - s->spring_t0_ms) / 1000.0;
    if (t < 0.0) t = 0.0;
    double u0 = s->spring_x0, v0 = s->spring_v0;
    double e = exp(-w * t);
    double u = (u0 + (v0 + w * u0) * t) * e;
    double v = (v0 - w * (v0 + w * u0) * t) * e;
    s->offset = s->spring_edge + u;
    s->velocity = v;
    if (fabs(u) < SETTLE_PT && fabs(v) < stop_speed(s)) rest_at(s, s->spring_edge);
}

int im_scroller_tick(im_scroller *s, int64_t now_ms)
{
    if (now_ms <= s->last_ms) return im_scroller_animating(s);
    double dt = (double)(now_ms - s->last_ms) / 1000.0;
    double start_ms = (double)s->last_ms;
    s->last_ms = now_ms;
    if (s->mode == IM_SCROLL_IDLE && out_of_bounds(s)) spring_start(s, 0.0, start_ms);
    if (s->cfg.reduce_motion) {
        switch (s->mode) {
        case IM_SCROLL_FLING: rest_at(s, clampd(fling_rest(s, s->velocity), 0.0, im_scroller_max(s))); break;
        case IM_SCROLL_SPRING: rest_at(s, s->spring_edge); break;
        case IM_SCROLL_EASE_TO: rest_at(s, s->target); break;
        default: break;
        }
        return im_scroller_animating(s);
    }
    if (s->mode == IM_SCROLL_FLING) dt = fling_step(s, dt, start_ms);
    if (s->mode == IM_SCROLL_SPRING) spring_eval(s, (double)now_ms);
    else if (s->mode == IM_SCROLL_EASE_TO) {
        double k = pow(s->cfg.ease, dt * IM_SCROLL_DECAY_HZ);
        s->offset = s->target + (s->offset - s->target) * k;
        if (fabs(s->offset - s->target) < SETTLE_PT) rest_at(s, s->target);
    }
    return im_scroller_animating(s);
}

int im_scroller_animating(const im_scroller *s)
{
    switch (s->mode) {
    case IM_SCROLL_FLING:
    case IM_SCROLL_SPRING:
    case IM_SCROLL_EASE_TO: return 1;
    case IM_SCROLL_IDLE: return out_of_bounds(s);
    case IM_SCROLL_DRAGGING: return 0;
    }
    return 0;
}
