/*
 * nav.c -- the screen stack.  Screens are pushed, replaced and popped by
 * the screens' action handlers (typed actions), never from inside a widget:
 * a widget's gesture may still be running when the handler runs, so every
 * change first cancels the gesture and forgets focus and tickers.
 */
#include "app/app.h"
#include "app/input.h"
#include "app/session.h"
#include "widgets/overlay.h"

static void leave_current(ui_app *app)
{
    ui_input_cancel(app);
    ui_ctx_set_focus(&app->ctx, NULL);
    app->ctx.nticks = 0;
    ui_ctx_relayout(&app->ctx);
}

/* The new top screen's first field takes focus (see ui_screen). */
static void arrive(ui_app *app, ui_screen *s)
{
    if (s->first_focus) ui_ctx_set_focus(&app->ctx, s->first_focus);
}

void ui_nav_push(ui_app *app, ui_screen *s)
{
    if (!s) return;
    if (app->depth == UI_STACK_MAX) {
        ui_screen_free(s);
        return;
    }
    leave_current(app);
    app->stack[app->depth++] = s;
    arrive(app, s);
}

void ui_nav_replace(ui_app *app, ui_screen *s)
{
    if (!s) return;
    leave_current(app);
    if (app->depth > 0) ui_screen_free(app->stack[--app->depth]);
    app->stack[app->depth++] = s;
    arrive(app, s);
}

void ui_nav_reset(ui_app *app, ui_screen *s)
{
    if (!s) return;
    leave_current(app);
    if (app->overlay) {
        ui_widget_free(app->overlay);
        app->overlay = NULL;
    }
    while (app->depth > 0) ui_screen_free(app->stack[--app->depth]);
    app->stack[app->depth++] = s;
    arrive(app, s);
}

void ui_app_show_overlay(ui_app *app, ui_widget *overlay)
{
    if (!overlay) return;
    ui_app_close_overlay(app);
    leave_current(app);
    app->overlay = overlay;
    ui_overlay_shown(overlay, &app->ctx);
}

void ui_app_close_overlay(ui_app *app)
{
    if (!app->overlay) return;
    leave_current(app);
    ui_widget_free(app->overlay);
    app->overlay = NULL;
}

void ui_nav_back(ui_app *app)
{
    if (app->overlay) {
        /* the screen that opened it decides (its dismiss action), if any */
        if (app->overlay->action) ui_ctx_emit(&app->ctx, app->overlay, 0);
        else ui_app_close_overlay(app);
        return;
    }
    ui_screen *s = ui_nav_top(app);
    if (s && (s->cls->options & UI_SCREEN_WAITS_FOR_WORK) && ui_session_work_busy(ui_session_of(app))) return;
    if (s && s->cls->back && s->cls->back(app, s)) return;
    if (app->depth <= 1) { /* the start screen stays; a phone leaves the app */
        if (app->os && app->os->root_back) app->os->root_back(app->os->ctx);
        return;
    }
    leave_current(app);
    ui_screen_free(app->stack[--app->depth]);
}
