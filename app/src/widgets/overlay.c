/* overlay.c -- see overlay.h. */
#include "widgets/overlay.h"

#include "widgets/anim.h"
#include "widgets/basic.h"
#include "widgets/scrollview.h"

typedef struct overlay_data {
    ui_overlay_kind kind;
    ui_widget *card;   /* the content: a box */
    ui_widget *scroll; /* holds the card: scrolls when it is taller than the window leaves */
    ui_anim enter;     /* 0 -> 1 */
} overlay_data;

/* The card at its height, or, when that is more than the window leaves
 * (a long dialog at 200 % text), as tall as that with its content
 * scrolling: its title and its buttons always in reach. */
static void overlay_layout(ui_widget *w, ui_ctx *c)
{
    overlay_data *d = w->data;
    int margin = ui_dp(c, 16);
    if (d->kind == UI_OVERLAY_DIALOG) {
        int cw = w->rect.w - 2 * margin, max = ui_pt(c, 440);
        if (cw > max) cw = max;
        int ch = ui_widget_measure(d->card, c, cw), room = w->rect.h - 2 * margin;
        if (ch > room) ch = room;
        ui_widget_place(d->scroll, c,
                        (ui_rect){ w->rect.x + (w->rect.w - cw) / 2, w->rect.y + (w->rect.h - ch) / 2, cw, ch });
    } else {
        int cw = w->rect.w, max = ui_pt(c, 640);
        if (cw > max) cw = max;
        int ch = ui_widget_measure(d->card, c, cw), room = w->rect.h - ui_dp(c, 48);
        if (ch > room) ch = room;
        float t = ui_anim_value(&d->enter, c->now_ms);
        int y = w->rect.y + w->rect.h - (int)((float)ch * t);
        ui_widget_place(d->scroll, c, (ui_rect){ w->rect.x + (w->rect.w - cw) / 2, y, cw, ch });
    }
}

static void overlay_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    overlay_data *d = w->data;
    ui_rgba scrim = ui_color(c, UI_C_SCRIM);
    scrim.a = (uint8_t)((float)scrim.a * ui_anim_value(&d->enter, c->now_ms));
    ui_draw_rect(dl, w->rect, scrim);
}

static int overlay_gesture(ui_widget *w, ui_ctx *c, const im_gesture_event *e, int x, int y)
{
    overlay_data *d = w->data;
    if (e->kind == IM_GESTURE_TAP && !ui_rect_contains(d->scroll->rect, x, y)) ui_ctx_emit(c, w, 0);
    return 1; /* nothing reaches the screen below */
}

static int overlay_tick(ui_widget *w, ui_ctx *c)
{
    ui_ctx_relayout(c);
    return ui_anim_running(&((overlay_data *)w->data)->enter, c->now_ms);
}

const ui_class ui_overlay_class = {
    .name = "overlay", .layout = overlay_layout, .draw = overlay_draw, .gesture = overlay_gesture, .tick = overlay_tick
};

static void sheet_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    int rad = ui_dp(c, 20);
    ui_rect r = w->rect;
    ui_draw_rrect(dl, (ui_rect){ r.x, r.y, r.w, r.h + rad }, rad, ui_color(c, UI_C_SURFACE));
    int hw = ui_dp(c, 36), hh = ui_dp(c, 4);
    ui_draw_rrect(dl, (ui_rect){ r.x + (r.w - hw) / 2, r.y + ui_dp(c, 8), hw, hh }, hh / 2, ui_color(c, UI_C_OUTLINE));
}

static void dialog_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    ui_draw_rrect(dl, w->rect, ui_dp(c, 20), ui_color(c, UI_C_SURFACE));
}

static const ui_class sheet_card_class = {
    .name = "sheet", .measure = ui_box_measure, .layout = ui_box_layout, .draw = sheet_draw
};
static const ui_class dialog_card_class = {
    .name = "dialog", .measure = ui_box_measure, .layout = ui_box_layout, .draw = dialog_draw
};

ui_widget *ui_overlay_new(ui_overlay_kind kind, const char *title, int dismiss_action)
{
    ui_widget *w = ui_widget_new(&ui_overlay_class, NULL, sizeof(overlay_data));
    if (!w) return NULL;
    overlay_data *d = w->data;
    d->kind = kind;
    w->action = dismiss_action;
    w->flags |= UI_WF_INTERACTIVE;
    /* The card reuses the column's box layout: a column's data, another class. */
    ui_widget *card = ui_column_new(24, 12);
    if (!card) {
        ui_widget_free(w);
        return NULL;
    }
    card->cls = kind == UI_OVERLAY_SHEET ? &sheet_card_class : &dialog_card_class;
    card->flags |= UI_WF_INTERACTIVE;        /* taps on the card stay on the card */
    ui_widget *scroll = ui_scroll_new(card); /* takes the card, even on failure */
    if (!scroll) {
        ui_widget_free(w);
        return NULL;
    }
    d->card = card;
    d->scroll = ui_widget_add(w, scroll);
    ui_widget_add(card, ui_label_new(title, UI_TEXT_HEADING));
    ui_anim_set(&d->enter, 1.0f);
    return w;
}

ui_widget *ui_overlay_card(ui_widget *overlay) { return ((overlay_data *)overlay->data)->card; }

void ui_overlay_shown(ui_widget *overlay, ui_ctx *c)
{
    overlay_data *d = overlay->data;
    ui_anim_set(&d->enter, 0.0f);
    ui_anim_to(&d->enter, c, overlay, 1.0f, d->kind == UI_OVERLAY_SHEET ? 220 : 120);
    ui_ctx_relayout(c);
}
