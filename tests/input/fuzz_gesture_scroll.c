/*
 * fuzz_gesture_scroll.c -- libFuzzer: random pointer streams (any finger
 * ids, phases, positions including NaN, times jumping back and forth) into
 * the recognizer, glued to a scroller as the toolkit does.  Checks: event
 * counts within bounds, PRESS/PRESS_END balanced, every DOWN closed by
 * exactly one UP or CANCEL that comes last, no TAP after a drag, every
 * offset finite, and the scroller at rest inside its bounds once ticked
 * long enough after the gesture ended.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/gesture.h"
#include "input/scroll.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static void must(int cond)
{
    if (!cond)
        abort();
}

static float coord(uint8_t b)
{
    if (b == 255)
        return NAN;
    return (float)b * 4.0f - 100.0f;
}

/* Events after index j in e[0..k) that belong to a new gesture (a DOWN
 * and what follows it in the same call). */
static int downs_after(const im_gesture_event *e, int j, int k)
{
    for (int i = j + 1; i < k; i++)
        if (e[i].kind == IM_GESTURE_DOWN)
            return k - i;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    im_gesture g;
    im_scroller s;
    im_gesture_init(&g, NULL);
    im_scroller_init(&s, NULL);
    im_scroller_set_size(&s, 3000, 600);
    int64_t t = 0;
    int pressed = 0, dragged = 0, open = 0;
    for (size_t i = 0; i + 4 <= n; i += 4) {
        im_gesture_event e[IM_GESTURE_EVENTS_MAX];
        int k;
        uint8_t op = d[i];
        t += (int64_t)(d[i + 3] % 64) - 4; /* sometimes backwards */
        if ((op & 7) == 7) {
            k = im_gesture_tick(&g, t, e, IM_GESTURE_EVENTS_MAX);
            im_scroller_tick(&s, t);
            if (op & 8)
                im_scroller_wheel(&s, (double)(int8_t)d[i + 1] / 16.0, t);
            if (op & 16)
                im_scroller_set_size(&s, d[i + 1] * 20.0, d[i + 2] * 5.0);
            if (op & 32)
                im_scroller_set_reduce_motion(&s, op >> 7);
        } else {
            im_pointer_sample smp;
            smp.phase = (im_pointer_phase)(1 + (op & 7) % 4);
            smp.finger = (op >> 3) & 3;
            smp.x = coord(d[i + 1]);
            smp.y = coord(d[i + 2]);
            smp.t_ms = t;
            k = im_gesture_feed(&g, &smp, e, IM_GESTURE_EVENTS_MAX);
        }
        must(k >= 0 && k <= IM_GESTURE_EVENTS_MAX);
        for (int j = 0; j < k; j++) {
            must(isfinite(e[j].dx) && isfinite(e[j].dy));
            must(isfinite(e[j].vx) && isfinite(e[j].vy));
            switch (e[j].kind) {
            case IM_GESTURE_DOWN:
                must(!pressed && !open);
                open = 1;
                dragged = 0;
                im_scroller_touch(&s, e[j].t_ms);
                break;
            case IM_GESTURE_PRESS:
                must(!pressed);
                pressed = 1;
                break;
            case IM_GESTURE_PRESS_END:
                must(pressed);
                pressed = 0;
                break;
            case IM_GESTURE_TAP:
                must(!dragged && !pressed);
                im_scroller_release(&s, 0, e[j].t_ms);
                break;
            case IM_GESTURE_DRAG_START:
                must(!pressed);
                dragged = 1;
                im_scroller_drag(&s, e[j].dy, e[j].t_ms);
                break;
            case IM_GESTURE_DRAG_MOVE:
                must(dragged);
                im_scroller_drag(&s, e[j].dy, e[j].t_ms);
                break;
            case IM_GESTURE_DRAG_END:
                must(!pressed && open);
                im_scroller_release(&s, e[j].vy, e[j].t_ms);
                break;
            case IM_GESTURE_UP:
            case IM_GESTURE_CANCEL:
                /* closes the DOWN, and nothing of this gesture follows */
                must(!pressed && open && j == k - 1 - downs_after(e, j, k));
                open = 0;
                if (im_scroller_get_mode(&s) == IM_SCROLL_DRAGGING)
                    im_scroller_release(&s, 0, e[j].t_ms);
                break;
            default: break;
            }
        }
        must(isfinite(im_scroller_offset(&s)));
    }
    /* A gesture closed by a second finger's CANCEL stays active (ignoring)
     * until its finger lifts; an open one is always active. */
    must(!open || im_gesture_active(&g));
    if (!open) {
        must(im_scroller_get_mode(&s) != IM_SCROLL_DRAGGING);
        im_scroller_tick(&s, t + 60000);
        must(!im_scroller_animating(&s));
        must(im_scroller_offset(&s) >= 0.0 && im_scroller_offset(&s) <= im_scroller_max(&s));
    }
    return 0;
}
