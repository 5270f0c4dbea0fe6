/* swipe.c -- see swipe.h. */
#include "screens/swipe.h"

typedef struct swipe_data {
    float dx_pt; /* the finger's horizontal travel in this drag, points */
} swipe_data;

static int swipe_measure(ui_widget *w, ui_ctx *c, int width)
{
    return w->first ? ui_widget_measure(w->first, c, width) : 0;
}

static void swipe_layout(ui_widget *w, ui_ctx *c)
{
    swipe_data *d = w->data;
    if (!w->first) return;
    ui_rect r = w->rect;
    r.x += ui_pt(c, d->dx_pt * 0.5f); /* follows the finger, damped */
    ui_widget_place(w->first, c, r);
}

static void swipe_release(ui_widget *w, ui_ctx *c, int fling)
{
    swipe_data *d = w->data;
    float dx = d->dx_pt;
    d->dx_pt = 0;
    ui_ctx_relayout(c);
    if (fling || dx <= -SWIPE_DISTANCE_PT || dx >= SWIPE_DISTANCE_PT) ui_ctx_emit(c, w, dx < 0 ? 1 : -1);
}

static int swipe_gesture(ui_widget *w, ui_ctx *c, const im_gesture_event *e, int x, int y)
{
    (void)x, (void)y;
    swipe_data *d = w->data;
    if (e->axis != IM_AXIS_HORIZONTAL || e->after_long_press) {
        if (e->kind == IM_GESTURE_CANCEL && d->dx_pt != 0) {
            d->dx_pt = 0;
            ui_ctx_relayout(c);
        }
        return 0;
    }
    switch (e->kind) {
    case IM_GESTURE_DRAG_START:
        d->dx_pt = e->dx;
        ui_ctx_relayout(c);
        return 1;
    case IM_GESTURE_DRAG_MOVE:
        d->dx_pt += e->dx;
        ui_ctx_relayout(c);
        return 1;
    case IM_GESTURE_DRAG_END:
        /* DRAG_END carries the fling's speed; a FLING follows when fast */
        if (e->vx == 0) swipe_release(w, c, 0);
        return 1;
    case IM_GESTURE_FLING:
        if ((e->vx < 0) == (d->dx_pt < 0)) swipe_release(w, c, 1);
        else swipe_release(w, c, 0);
        return 1;
    case IM_GESTURE_CANCEL:
        d->dx_pt = 0;
        ui_ctx_relayout(c);
        return 1;
    default: return 0;
    }
}

const ui_class ui_swipe_class = {
    .name = "swipe", .measure = swipe_measure, .layout = swipe_layout, .gesture = swipe_gesture
};

ui_widget *ui_swipe_new(int action)
{
    ui_widget *w = ui_widget_new(&ui_swipe_class, NULL, sizeof(swipe_data));
    if (!w) return NULL;
    w->action = action;
    w->flags |= UI_WF_FILL | UI_WF_CLIPS; /* the card moving with the finger stays inside */
    return w;
}

void ui_swipe_set_card(ui_widget *w, ui_ctx *c, ui_widget *card)
{
    ui_widget_remove_children(w, c);
    if (card) ui_widget_add(w, card);
    ui_ctx_relayout(c);
}
