/*
 * lifecycle.c -- the SDL event filter for the app lifecycle.
 *
 * On phones SDL_APP_WILLENTERBACKGROUND and friends must be answered before
 * the OS suspends us, which can be before the main loop sees the event, so
 * the filter calls the app's handlers directly.  It may run on another
 * thread (Android's Java thread): it only flips atomics and calls the
 * hooks, which must be quick and thread-safe themselves.  The events stay
 * in the queue (return 1) so the loop also learns of them and redraws.
 *
 * Leaving a desktop window (focus lost, minimised, hidden) covers it at
 * once, before another app can show a thumbnail of it, and tells the
 * session, which locks after the leave grace; coming back
 * uncovers it (after a lock, the unlock screen is what shows).
 */
#include "app/lifecycle.h"

/* Present the cover now, from the drawing thread only (see below). */
static void present_cover(ui_app *app)
{
    if (SDL_ThreadID() == app->main_thread && app->renderer) ui_app_frame(app, 1);
}

static void window_event(ui_app *app, const SDL_WindowEvent *w)
{
    switch (w->event) {
    case SDL_WINDOWEVENT_FOCUS_LOST:
    case SDL_WINDOWEVENT_MINIMIZED:
    case SDL_WINDOWEVENT_HIDDEN:
        SDL_AtomicSet(&app->covered, 1);
        if (app->hooks.window_left) app->hooks.window_left(app, 1);
        present_cover(app);
        break;
    case SDL_WINDOWEVENT_FOCUS_GAINED:
    case SDL_WINDOWEVENT_RESTORED:
    case SDL_WINDOWEVENT_SHOWN:
        if (SDL_AtomicGet(&app->backgrounded)) break; /* a phone: the foreground event decides */
        if (app->hooks.window_left) app->hooks.window_left(app, 0);
        SDL_AtomicSet(&app->covered, 0);
        ui_app_request_refresh(app);
        break;
    default: break;
    }
}

static int SDLCALL lifecycle_filter(void *userdata, SDL_Event *e)
{
    ui_app *app = userdata;
    switch (e->type) {
    case SDL_WINDOWEVENT: window_event(app, &e->window); break;
    case SDL_APP_WILLENTERBACKGROUND:
        SDL_AtomicAdd(&app->lifecycle_count[UI_LC_BACKGROUND], 1);
        SDL_AtomicSet(&app->backgrounded, 1);
        SDL_AtomicSet(&app->covered, 1); /* the app-switcher snapshot shows the cover */
        if (app->hooks.will_background) app->hooks.will_background(app);
        /* iOS snapshots the last presented frame for the app switcher and
         * may suspend us before the loop runs again, so present the cover
         * now.  Only on the drawing thread (iOS, desktop, the driver):
         * rendering from Android's Java thread is not allowed, and there
         * FLAG_SECURE keeps snapshots blank instead. */
        present_cover(app);
        break;
    case SDL_APP_DIDENTERFOREGROUND:
        SDL_AtomicAdd(&app->lifecycle_count[UI_LC_FOREGROUND], 1);
        SDL_AtomicSet(&app->backgrounded, 0);
        if (app->hooks.did_foreground) app->hooks.did_foreground(app);
        ui_app_request_refresh(app);
        break;
    case SDL_APP_TERMINATING:
        SDL_AtomicAdd(&app->lifecycle_count[UI_LC_TERMINATING], 1);
        if (app->hooks.terminating) app->hooks.terminating(app);
        break;
    case SDL_APP_LOWMEMORY:
        SDL_AtomicAdd(&app->lifecycle_count[UI_LC_LOW_MEMORY], 1);
        if (app->hooks.low_memory) app->hooks.low_memory(app);
        break;
    default: break;
    }
    return 1;
}

void ui_lifecycle_install(ui_app *app) { SDL_SetEventFilter(lifecycle_filter, app); }

void ui_lifecycle_remove(ui_app *app)
{
    SDL_EventFilter f = NULL;
    void *ud = NULL;
    if (SDL_GetEventFilter(&f, &ud) && ud == app) SDL_SetEventFilter(NULL, NULL);
}
