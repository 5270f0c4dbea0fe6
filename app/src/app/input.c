/* input.c -- see input.h. */
#include "app/input.h"

#include "widgets/scrollview.h"
#include "widgets/textfield.h"
#include "innermost/wipe.h"

#include <string.h>

static void dispatch(ui_app *app, const im_gesture_event *ev, int n)
{
    ui_ctx *c = &app->ctx;
    float k = c->metrics.scale;
    ui_rect screen = { 0, 0, c->metrics.width_px, c->metrics.height_px };
    for (int i = 0; i < n; i++) {
        const im_gesture_event *e = &ev[i];
        int x = (int)(e->x * k), y = (int)(e->y * k);
        if (e->kind == IM_GESTURE_DOWN) {
            app->gesture_target = ui_widget_hit(ui_app_input_root(app), x, y, screen);
            if (c->focus_visible) c->focus_visible = 0, ui_ctx_redraw(c); /* a pointer: no ring */
        }
        ui_widget *target = app->gesture_target;
        if (e->kind == IM_GESTURE_TAP && c->focus && c->focus != target && c->focus->cls == &ui_field_class)
            ui_ctx_set_focus(c, NULL); /* a tap elsewhere puts the keyboard away */
        for (ui_widget *w = target; w; w = w->parent)
            if (w->cls->gesture && w->cls->gesture(w, c, e, x, y)) break;
    }
}

static void feed(ui_app *app, im_pointer_phase phase, uint32_t finger, float x_px, float y_px)
{
    float k = app->ctx.metrics.scale;
    im_pointer_sample s = { phase, finger, x_px / k, y_px / k, ui_app_now(app) };
    im_gesture_event ev[IM_GESTURE_EVENTS_MAX];
    app->ctx.now_ms = s.t_ms;
    int n = im_gesture_feed(&app->gesture, &s, ev, IM_GESTURE_EVENTS_MAX);
    dispatch(app, ev, n);
}

void ui_input_tick(ui_app *app)
{
    im_gesture_event ev[IM_GESTURE_EVENTS_MAX];
    int n = im_gesture_tick(&app->gesture, ui_app_now(app), ev, IM_GESTURE_EVENTS_MAX);
    dispatch(app, ev, n);
}

void ui_input_cancel(ui_app *app)
{
    im_gesture_event ev[IM_GESTURE_EVENTS_MAX];
    int n = im_gesture_cancel(&app->gesture, ui_app_now(app), ev, IM_GESTURE_EVENTS_MAX);
    dispatch(app, ev, n);
    app->gesture_target = NULL;
}

/* Window coordinates (mouse) to pixels. */
static void mouse_to_px(ui_app *app, int x, int y, float *px, float *py)
{
    float k = 1.0f;
    if (app->window) {
        int ww, wh;
        SDL_GetWindowSize(app->window, &ww, &wh);
        if (ww > 0) k = (float)app->ctx.metrics.width_px / (float)ww;
    }
    *px = (float)x * k;
    *py = (float)y * k;
}

static uint32_t finger_id(SDL_FingerID id)
{
    uint32_t f = (uint32_t)id;
    return f == IM_POINTER_MOUSE ? 0 : f;
}

/* A wheel turn scrolls the scrolling widget under the pointer.  The place
 * comes from the wheel event itself: a mouse resting where the window
 * opened, or a trackpad's two-finger scroll, sends no motion first, and the
 * last known place (0,0 until then: the header) would find nothing to
 * scroll until a drag moved it. */
static void wheel(ui_app *app, const SDL_MouseWheelEvent *e)
{
    float steps = (float)-e->y;
    if (e->direction == SDL_MOUSEWHEEL_FLIPPED) steps = -steps;
    if (steps == 0) return;
    float px, py;
    mouse_to_px(app, e->mouseX, e->mouseY, &px, &py);
    app->mouse_x = (int)px, app->mouse_y = (int)py;
    ui_ctx *c = &app->ctx;
    ui_rect screen = { 0, 0, c->metrics.width_px, c->metrics.height_px };
    ui_widget *w = ui_widget_hit(ui_app_input_root(app), app->mouse_x, app->mouse_y, screen);
    for (; w; w = w->parent)
        if (w->cls->wheel && w->cls->wheel(w, c, steps)) break;
}

static void key(ui_app *app, const SDL_KeyboardEvent *k)
{
    ui_ctx *c = &app->ctx;
    SDL_Keycode sym = k->keysym.sym;
    if (!c->focus_visible) c->focus_visible = 1, ui_ctx_redraw(c); /* the keyboard: show the ring */
    if (sym == SDLK_ESCAPE || sym == SDLK_AC_BACK) {
        ui_nav_back(app);
        return;
    }
    if (sym == SDLK_TAB) {
        ui_widget *next = ui_widget_focus_step(ui_app_input_root(app), c->focus, (k->keysym.mod & KMOD_SHIFT) != 0);
        ui_ctx_set_focus(c, next);
        if (next && next->parent) {
            /* keep the focused widget in view */
            ui_scroll_reveal(next, c, next->rect);
        }
        return;
    }
    /* A focused widget that was disabled since (a page's Finish once the
     * run is done) keeps the place for Tab but takes no key. */
    if (c->focus && c->focus->cls->key && ui_widget_is_enabled(c->focus)) c->focus->cls->key(c->focus, c, k);
}

void ui_input_event(ui_app *app, const SDL_Event *e)
{
    ui_ctx *c = &app->ctx;
    float px, py;
    switch (e->type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
        if (e->tfinger.touchId == SDL_MOUSE_TOUCHID) return; /* we feed the mouse ourselves */
        px = e->tfinger.x * (float)c->metrics.width_px;
        py = e->tfinger.y * (float)c->metrics.height_px;
        feed(app,
             e->type == SDL_FINGERDOWN ? IM_POINTER_DOWN
             : e->type == SDL_FINGERUP ? IM_POINTER_UP
                                       : IM_POINTER_MOVE,
             finger_id(e->tfinger.fingerId), px, py);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT) return;
        mouse_to_px(app, e->button.x, e->button.y, &px, &py);
        app->mouse_x = (int)px, app->mouse_y = (int)py;
        feed(app, e->type == SDL_MOUSEBUTTONDOWN ? IM_POINTER_DOWN : IM_POINTER_UP, IM_POINTER_MOUSE, px, py);
        break;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID) return;
        mouse_to_px(app, e->motion.x, e->motion.y, &px, &py);
        app->mouse_x = (int)px, app->mouse_y = (int)py;
        if (e->motion.state & SDL_BUTTON_LMASK) feed(app, IM_POINTER_MOVE, IM_POINTER_MOUSE, px, py);
        break;
    case SDL_MOUSEWHEEL:
        if (e->wheel.which == SDL_TOUCH_MOUSEID) return;
        wheel(app, &e->wheel);
        break;
    case SDL_KEYDOWN: key(app, &e->key); break;
    case SDL_TEXTINPUT:
        if (c->focus && c->focus->cls->text) c->focus->cls->text(c->focus, c, e->text.text, 0, 0);
        break;
    case SDL_TEXTEDITING:
        if (c->focus && c->focus->cls->text) c->focus->cls->text(c->focus, c, e->edit.text, 1, e->edit.start);
        break;
    case SDL_TEXTEDITING_EXT: /* a composition of any length (SDL_HINT_IME_SUPPORT_EXTENDED_TEXT) */
        if (!e->editExt.text) break;
        if (c->focus && c->focus->cls->text) c->focus->cls->text(c->focus, c, e->editExt.text, 1, e->editExt.start);
        /* ours to free (SDL_events.h); it held what is being typed */
        im_mem_wipe(e->editExt.text, strlen(e->editExt.text));
        SDL_free(e->editExt.text);
        break;
    default: break;
    }
}
