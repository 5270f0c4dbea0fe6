/*
 * loop.c -- events in, frames out, and the window's main loop.
 *
 * The loop blocks in SDL_WaitEvent while nothing moves; it wakes with a
 * timeout only when a ticker runs (one frame per 16 ms), a gesture timer is
 * pending (press, long press) or a timer is due (caret blink, toast).
 */
#include "app/app.h"
#include "a11y/hub.h"
#include "app/input.h"
#include "app/loop.h"
#include "platform/window.h"

void ui_app_handle_event(ui_app *app, const SDL_Event *e)
{
    ui_ctx *c = &app->ctx;
    if (e->type == app->refresh_event) {
        ui_ctx_redraw(c);
        return;
    }
    if (app->sys_watching && e->type == app->system_event) {
        ui_app_system_changed(app); /* the desktop's text size, motion or contrast */
        return;
    }
    if (app->a11y && ui_a11y_hub_is_event(app->a11y, e)) {
        ui_app_a11y_perform(app);
        return;
    }
    if (app->a11y && ui_a11y_hub_key_eaten(app->a11y, e)) return; /* the screen reader's command */
    switch (e->type) {
    case SDL_QUIT:
    case SDL_APP_TERMINATING: app->quit = 1; break;
    case SDL_APP_WILLENTERBACKGROUND:
    case SDL_APP_DIDENTERBACKGROUND:
        ui_input_cancel(app);
        ui_ctx_redraw(c); /* builds the cover into the draw list; nothing is rendered */
        break;
    case SDL_APP_WILLENTERFOREGROUND:
    case SDL_APP_DIDENTERFOREGROUND:
        /* the screens decide (e.g. after unlocking) when to uncover; with no
         * lock yet, the cover goes when we are back */
        SDL_AtomicSet(&app->covered, 0);
        ui_ctx_relayout(c);
        break;
    case SDL_APP_LOWMEMORY:
        ui_text_reset(c->text);         /* the atlas is rebuilt from the fonts on demand */
        ui_corners_reset(app->corners); /* and the corners from their geometry */
        ui_ctx_redraw(c);
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        ui_text_reset(c->text);
        ui_corners_reset(app->corners);
        ui_ctx_redraw(c);
        break;
    case SDL_WINDOWEVENT:
        if ((e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e->window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED) &&
            app->window) {
            int w, h, ww, wh;
            SDL_GetWindowSize(app->window, &ww, &wh);
            if (SDL_GetRendererOutputSize(app->renderer, &w, &h) == 0) {
#if !defined(__ANDROID__) && !defined(__IPHONEOS__)
                /* moved to a screen with another pixel ratio (or X11 scale) */
                float density = ui_window_density(app->window, w, ww);
                if (ww > 0 && density != c->metrics.density) {
                    ui_metrics_init(&c->metrics, density, app->text_scale, w, h);
                    im_gesture_set_scale(&app->gesture, c->metrics.scale);
                }
#endif
                ui_app_resize(app, w, h);
            }
        } else if (e->window.event == SDL_WINDOWEVENT_EXPOSED) {
            ui_ctx_redraw(c);
        } else if (e->window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
            ui_input_cancel(app);
        }
        break;
    default:
        if ((e->type >= SDL_KEYDOWN && e->type <= SDL_MULTIGESTURE) || e->type == SDL_TEXTINPUT)
            app->last_input_ms = ui_app_now(app);
        ui_input_event(app, e);
        break;
    }
}

int ui_app_run(ui_app *app)
{
    while (!app->quit) {
        ui_app_update(app);
        ui_app_frame(app, 0);
        int64_t wake = ui_app_next_wakeup(app);
        SDL_Event e;
        int got;
        if (wake == INT64_MAX) {
            got = SDL_WaitEvent(&e);
        } else {
            int64_t ms = wake - ui_app_now(app);
            got = SDL_WaitEventTimeout(&e, ms > 0 ? (int)(ms < 1000 ? ms : 1000) : 0);
        }
        while (got) {
            ui_app_handle_event(app, &e);
            got = SDL_PollEvent(&e);
        }
    }
    return 0;
}
