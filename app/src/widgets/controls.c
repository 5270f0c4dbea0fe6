/* controls.c -- see controls.h. */
#include "widgets/controls.h"

#include <stdio.h>

#include "widgets/anim.h"
#include "widgets/basic.h"
#include "widgets/scrollview.h"

/* ---- toggle ----------------------------------------------------------------- */

typedef struct toggle_data {
    ui_anim knob;
} toggle_data;

static int toggle_measure(ui_widget *w, ui_ctx *c, int width)
{
    ui_face face;
    int px;
    ui_text_style_font(c, UI_TEXT_BODY, &face, &px);
    int h = ui_wrapped_height(c, w->label, face, px, width - ui_dp(c, 52 + 16)) + 2 * ui_dp(c, 8);
    int min = ui_dp(c, UI_TOUCH_TARGET_PT);
    return h > min ? h : min;
}

static void toggle_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    toggle_data *d = w->data;
    ui_face face;
    int px;
    ui_text_style_font(c, UI_TEXT_BODY, &face, &px);
    int sw = ui_dp(c, 52), sh = ui_dp(c, 32);
    ui_rect text = { w->rect.x, w->rect.y, w->rect.w - sw - ui_dp(c, 16), 0 };
    int th = ui_wrapped_height(c, w->label, face, px, text.w);
    text.y = w->rect.y + (w->rect.h - th) / 2;
    text.h = th;
    if (w->flags & UI_WF_PRESSED) {
        ui_rgba shade = ui_color(c, UI_C_TEXT);
        shade.a = 24;
        ui_draw_rrect(dl, w->rect, ui_dp(c, 8), shade);
    }
    ui_draw_wrapped(c, dl, w->label, face, px, ui_color(c, UI_C_TEXT), text, 0);
    float t = ui_anim_value(&d->knob, c->now_ms);
    ui_rect track = { w->rect.x + w->rect.w - sw, w->rect.y + (w->rect.h - sh) / 2, sw, sh };
    ui_draw_rrect_bordered(dl, track, sh / 2, ui_dp(c, 1.5f), ui_color(c, t > 0.5f ? UI_C_PRIMARY : UI_C_SURFACE_ALT),
                           ui_color(c, t > 0.5f ? UI_C_PRIMARY : UI_C_OUTLINE));
    int k = sh - 2 * ui_dp(c, 4);
    int kx = track.x + ui_dp(c, 4) + (int)(t * (float)(sw - k - 2 * ui_dp(c, 4)));
    ui_draw_rrect(dl, (ui_rect){ kx, track.y + ui_dp(c, 4), k, k }, k / 2,
                  ui_color(c, t > 0.5f ? UI_C_ON_PRIMARY : UI_C_OUTLINE));
    ui_draw_focus(w, c, dl, w->rect, ui_dp(c, 8));
}

void ui_toggle_set(ui_widget *w, ui_ctx *c, int on)
{
    toggle_data *d = w->data;
    w->value = on ? 1 : 0;
    if (c) ui_anim_to(&d->knob, c, w, (float)w->value, 150);
    else ui_anim_set(&d->knob, (float)w->value);
}

static void toggle_flip(ui_widget *w, ui_ctx *c)
{
    ui_toggle_set(w, c, !w->value);
    ui_ctx_emit(c, w, w->value);
}

static int toggle_tick(ui_widget *w, ui_ctx *c) { return ui_anim_running(&((toggle_data *)w->data)->knob, c->now_ms); }

const ui_class ui_toggle_class = { .name = "toggle",
                                   .measure = toggle_measure,
                                   .draw = toggle_draw,
                                   .gesture = ui_tap_gesture,
                                   .key = ui_tap_key,
                                   .activate = toggle_flip,
                                   .tick = toggle_tick };

ui_widget *ui_toggle_new(const char *label, int on, int action)
{
    ui_widget *w = ui_widget_new(&ui_toggle_class, label, sizeof(toggle_data));
    if (!w) return NULL;
    w->action = action;
    w->flags |= UI_WF_FOCUSABLE | UI_WF_INTERACTIVE;
    ui_toggle_set(w, NULL, on);
    return w;
}

/* ---- chips ------------------------------------------------------------------ */

#define CHECK_MARK "\xE2\x9C\x93 " /* "✓ ", from the symbols fallback face */

static int chip_natural(ui_widget *w, ui_ctx *c)
{
    int px = ui_pt(c, 15);
    int tw = ui_text_measure(c->text, UI_FACE_REGULAR, px, CHECK_MARK, -1) +
             ui_text_measure(c->text, UI_FACE_REGULAR, px, w->label ? w->label : "", -1);
    int nat = tw + 2 * ui_dp(c, 16), min = ui_dp(c, UI_TOUCH_TARGET_PT);
    return nat > min ? nat : min;
}

/* The chip's words as drawn: the check mark when chosen, then the label. */
static void chip_words(ui_widget *w, int mark, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s%s", mark ? CHECK_MARK : "", w->label ? w->label : "");
}

/* The width the chip's words get in a pill width wide: 16 pt a side; if
 * they (with the check mark) do not fit so, the padding gives way to 4 pt
 * before they break (as a button's does); a label wider still (a long
 * choice at 200 % on a phone: "Look up and answer, even briefly") wraps
 * inside 12 pt a side, centred, instead of running past the pill's sides
 * where it was clipped.  Decided with the check mark, so choosing a chip
 * never changes its lines' width or its height. */
static int chip_inner(ui_widget *w, ui_ctx *c, int width, int px)
{
    char buf[256];
    chip_words(w, 1, buf, sizeof buf);
    int tw = ui_text_measure(c->text, UI_FACE_REGULAR, px, buf, -1);
    int roomy = width - 2 * ui_dp(c, 16), tight = width - 2 * ui_dp(c, 4);
    int inner = tw <= roomy ? roomy : tw <= tight ? tight : width - 2 * ui_dp(c, 12);
    return inner > 1 ? inner : 1;
}

/* The pill holds its text and 6 pt above and below it, inside a 6 pt
 * inset; never under the touch target. */
static int chip_measure(ui_widget *w, ui_ctx *c, int width)
{
    char buf[256];
    int px = ui_pt(c, 15);
    chip_words(w, 1, buf, sizeof buf);
    int h = ui_wrapped_height(c, buf, UI_FACE_REGULAR, px, chip_inner(w, c, width, px)) + 4 * ui_dp(c, 6);
    int min = ui_dp(c, UI_TOUCH_TARGET_PT);
    return h > min ? h : min;
}

static void chip_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    int px = ui_pt(c, 15);
    int rad = ui_dp(c, 8);
    /* The visible pill is 36 pt tall inside the 48 pt target (taller for
     * large text: chip_measure). */
    int inset = ui_dp(c, 6);
    ui_rect pill = { w->rect.x, w->rect.y + inset, w->rect.w, w->rect.h - 2 * inset };
    ui_rgba fg;
    if (w->value) {
        ui_draw_rrect(dl, pill, rad, ui_color(c, UI_C_PRIMARY));
        fg = ui_color(c, UI_C_ON_PRIMARY);
    } else {
        ui_draw_rrect_bordered(dl, pill, rad, ui_dp(c, 1), ui_color(c, UI_C_SURFACE), ui_color(c, UI_C_OUTLINE));
        fg = ui_color(c, UI_C_TEXT);
    }
    if (w->flags & UI_WF_PRESSED) {
        ui_rgba shade = ui_color(c, UI_C_TEXT);
        shade.a = 40;
        ui_draw_rrect(dl, pill, rad, shade);
    }
    char buf[256];
    chip_words(w, w->value, buf, sizeof buf);
    int inner = chip_inner(w, c, pill.w, px);
    int th = ui_wrapped_height(c, buf, UI_FACE_REGULAR, px, inner);
    ui_rect box = { pill.x + (pill.w - inner) / 2, pill.y + (pill.h - th) / 2, inner, th };
    ui_draw_wrapped(c, dl, buf, UI_FACE_REGULAR, px, fg, box, 1);
    ui_draw_focus(w, c, dl, pill, rad);
}

static void chip_select(ui_widget *w, ui_ctx *c)
{
    int index = 0, i = 0;
    if (w->parent) {
        for (ui_widget *s = w->parent->first; s; s = s->next, i++) {
            if (s == w) index = i;
            if (s->cls == &ui_chip_class) s->value = s == w;
        }
    } else {
        w->value = 1;
    }
    ui_ctx_emit(c, w, index);
}

/* Return / Space choose; the arrows move the focus to the chip before or
 * after in the same group (a row of choices is also walked as one, as a
 * radio group is), choosing nothing: a person reads the choices first. */
static int chip_key(ui_widget *w, ui_ctx *c, const SDL_KeyboardEvent *k)
{
    SDL_Keycode s = k->keysym.sym;
    int back = s == SDLK_LEFT || s == SDLK_UP;
    if (!back && s != SDLK_RIGHT && s != SDLK_DOWN) return ui_tap_key(w, c, k);
    if (!w->parent) return 0;
    ui_widget *prev = NULL, *to = NULL;
    for (ui_widget *o = w->parent->first; o; o = o->next) {
        if (o->cls != &ui_chip_class || !ui_widget_is_enabled(o)) continue;
        if (o == w) {
            if (back) to = prev;
        } else if (!back && prev == w) {
            to = o;
        }
        prev = o;
        if (to) break;
    }
    if (!to) return 1; /* the end of the group: stay */
    ui_ctx_set_focus(c, to);
    ui_scroll_reveal(to, c, to->rect);
    return 1;
}

const ui_class ui_chip_class = { .name = "chip",
                                 .natural_width = chip_natural,
                                 .measure = chip_measure,
                                 .draw = chip_draw,
                                 .gesture = ui_tap_gesture,
                                 .key = chip_key,
                                 .activate = chip_select };

ui_widget *ui_chip_new(const char *label, int action)
{
    ui_widget *w = ui_widget_new(&ui_chip_class, label, 0);
    if (!w) return NULL;
    w->action = action;
    w->flags |= UI_WF_FOCUSABLE | UI_WF_INTERACTIVE;
    return w;
}

/* ---- slider ----------------------------------------------------------------- */

#define SLIDER_MAX UI_SLIDER_MAX

/* The label wraps beside the value (room for "10" in bold and a gap), so
 * at a large text size it never runs into the number or off the screen;
 * the track, a touch target tall, goes under it. */
static int slider_label_width(ui_ctx *c, int width)
{
    int px = ui_pt(c, 16);
    return width - ui_text_measure(c->text, UI_FACE_BOLD, px, "10", -1) - ui_dp(c, 12);
}

static int slider_label_height(ui_widget *w, ui_ctx *c, int width)
{
    int px = ui_pt(c, 16);
    int h = ui_wrapped_height(c, w->label, UI_FACE_REGULAR, px, slider_label_width(c, width));
    int lh = ui_text_line_height(c->text, UI_FACE_REGULAR, px);
    return h > lh ? h : lh;
}

static int slider_measure(ui_widget *w, ui_ctx *c, int width)
{
    return slider_label_height(w, c, width) + ui_dp(c, UI_TOUCH_TARGET_PT);
}

static ui_rect slider_track(ui_widget *w, ui_ctx *c)
{
    int top = slider_label_height(w, c, w->rect.w);
    int pad = ui_dp(c, 12);
    return (ui_rect){ w->rect.x + pad, w->rect.y + top, w->rect.w - 2 * pad, ui_dp(c, UI_TOUCH_TARGET_PT) };
}

static void slider_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    int px = ui_pt(c, 16);
    int lh = ui_text_line_height(c->text, UI_FACE_REGULAR, px);
    ui_rgba text = ui_color(c, UI_C_TEXT);
    ui_draw_wrapped(c, dl, w->label, UI_FACE_REGULAR, px, text,
                    (ui_rect){ w->rect.x, w->rect.y, slider_label_width(c, w->rect.w), 0 }, 0);
    char num[16];
    snprintf(num, sizeof num, "%d", w->value);
    int nw = ui_text_measure(c->text, UI_FACE_BOLD, px, num, -1);
    ui_draw_text(dl, w->rect.x + w->rect.w - nw, w->rect.y, nw, lh, UI_FACE_BOLD, px, text, num, -1);
    ui_rect tr = slider_track(w, c);
    int bar = ui_dp(c, 4), cy = tr.y + tr.h / 2;
    ui_draw_rrect(dl, (ui_rect){ tr.x, cy - bar / 2, tr.w, bar }, bar / 2, ui_color(c, UI_C_SURFACE_ALT));
    int kx = tr.x + tr.w * w->value / SLIDER_MAX;
    ui_draw_rrect(dl, (ui_rect){ tr.x, cy - bar / 2, kx - tr.x, bar }, bar / 2, ui_color(c, UI_C_PRIMARY));
    int tick = ui_dp(c, 2);
    for (int i = 0; i <= SLIDER_MAX; i++)
        ui_draw_rect(dl, (ui_rect){ tr.x + tr.w * i / SLIDER_MAX - tick / 2, cy + ui_dp(c, 8), tick, ui_dp(c, 4) },
                     ui_color(c, UI_C_OUTLINE));
    int k = ui_dp(c, (w->flags & UI_WF_PRESSED) ? 28 : 24);
    ui_draw_rrect(dl, (ui_rect){ kx - k / 2, cy - k / 2, k, k }, k / 2, ui_color(c, UI_C_PRIMARY));
    ui_draw_focus(w, c, dl, w->rect, ui_dp(c, 8));
}

static void slider_set(ui_widget *w, ui_ctx *c, int v)
{
    if (v < 0) v = 0;
    if (v > SLIDER_MAX) v = SLIDER_MAX;
    if (v == w->value) return;
    w->value = v;
    ui_ctx_emit(c, w, v);
}

static void slider_at(ui_widget *w, ui_ctx *c, int x)
{
    ui_rect tr = slider_track(w, c);
    if (tr.w <= 0) return;
    int v = ((x - tr.x) * SLIDER_MAX * 2 + tr.w) / (2 * tr.w); /* nearest step */
    if (x < tr.x) v = 0;
    slider_set(w, c, v);
}

static int slider_gesture(ui_widget *w, ui_ctx *c, const im_gesture_event *e, int x, int y)
{
    (void)y;
    if (ui_press_gesture(w, c, e)) return 1;
    switch (e->kind) {
    case IM_GESTURE_TAP: slider_at(w, c, x); return 1;
    case IM_GESTURE_DRAG_START:
    case IM_GESTURE_DRAG_MOVE:
        if (e->axis == IM_AXIS_VERTICAL) return 0; /* let the page scroll */
        w->flags |= UI_WF_PRESSED;
        slider_at(w, c, x);
        return 1;
    case IM_GESTURE_DRAG_END:
    case IM_GESTURE_FLING:
        if (e->axis == IM_AXIS_VERTICAL) return 0;
        w->flags &= ~(unsigned)UI_WF_PRESSED;
        ui_ctx_redraw(c);
        return 1;
    default: return 0;
    }
}

static int slider_key(ui_widget *w, ui_ctx *c, const SDL_KeyboardEvent *k)
{
    switch (k->keysym.sym) {
    case SDLK_LEFT:
    case SDLK_DOWN: slider_set(w, c, w->value - 1); return 1;
    case SDLK_RIGHT:
    case SDLK_UP: slider_set(w, c, w->value + 1); return 1;
    case SDLK_HOME: slider_set(w, c, 0); return 1;
    case SDLK_END: slider_set(w, c, SLIDER_MAX); return 1;
    default: return 0;
    }
}

const ui_class ui_slider_class = {
    .name = "slider", .measure = slider_measure, .draw = slider_draw, .gesture = slider_gesture, .key = slider_key
};

ui_widget *ui_slider_new(const char *label, int value, int action)
{
    ui_widget *w = ui_widget_new(&ui_slider_class, label, 0);
    if (!w) return NULL;
    w->value = value < 0 ? 0 : value > SLIDER_MAX ? SLIDER_MAX : value;
    w->action = action;
    w->flags |= UI_WF_FOCUSABLE | UI_WF_INTERACTIVE;
    return w;
}

/* ---- progress dots ---------------------------------------------------------- */

typedef struct dots_data {
    int count;
} dots_data;

static int dots_measure(ui_widget *w, ui_ctx *c, int width)
{
    (void)w, (void)width;
    return ui_dp(c, 24);
}

static void dots_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    dots_data *d = w->data;
    int dot = ui_dp(c, 8), gap = ui_dp(c, 8), cur = ui_dp(c, 24);
    int total = (d->count - 1) * (dot + gap) + cur;
    int x = w->rect.x + (w->rect.w - total) / 2, y = w->rect.y + (w->rect.h - dot) / 2;
    for (int i = 0; i < d->count; i++) {
        int dw = i == w->value ? cur : dot;
        ui_draw_rrect(dl, (ui_rect){ x, y, dw, dot }, dot / 2,
                      ui_color(c, i <= w->value ? UI_C_PRIMARY : UI_C_OUTLINE));
        x += dw + gap;
    }
}

const ui_class ui_dots_class = { .name = "dots", .measure = dots_measure, .draw = dots_draw };

void ui_dots_set(ui_widget *w, ui_ctx *c, int current)
{
    dots_data *d = w->data;
    if (current < 0) current = 0;
    if (current >= d->count) current = d->count - 1;
    w->value = current;
    char label[64];
    snprintf(label, sizeof label, "Step %d of %d", current + 1, d->count);
    ui_widget_set_label(w, label);
    if (c) ui_ctx_redraw(c);
}

ui_widget *ui_dots_new(int count, int current)
{
    ui_widget *w = ui_widget_new(&ui_dots_class, NULL, sizeof(dots_data));
    if (!w) return NULL;
    ((dots_data *)w->data)->count = count > 0 ? count : 1;
    ui_dots_set(w, NULL, current);
    return w;
}
