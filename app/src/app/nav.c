/*
 * nav.c -- the screen stack.  Screens are pushed, replaced and popped by
 * the screens' action handlers (typed actions), never from inside a widget:
 * a widget's gesture may still be running when the handler runs, so every
 * change first cancels the gesture and forgets focus and tickers.
 *
 * The keyboard's place (issue 23): a screen covered by a pushed screen or
 * an overlay remembers its focused widget (ui_screen.resume_focus); when
 * it is on top again and the keyboard is in use (ui_ctx.focus_visible) the
 * focus goes back there, if that widget is still in its tree and can take
 * focus, else on the widget of the same class and label in its tree (a
 * screen that rebuilt itself meanwhile; ui_nav_settle_focus looks again
 * for a few updates, as the screen's own queued actions may rebuild it).
 * The same rule keeps the place when a screen replaces itself
 * (ui_nav_replace), when a body is rebuilt under the focus
 * (ui_ctx.lost_cls, set by ui_ctx_forget) and when a tab is chosen by key
 * (ui_nav_reset: the focus stays on the tab bar).  An overlay shown while
 * the keyboard is in use takes the focus on its first focusable widget, and
 * Tab stays inside it (the overlay is the input root, app.c), so a dialog
 * traps the focus until it closes.  None of this happens for touch and
 * mouse use: there the focus is only ever where a tap put it.
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/input.h"
#include "app/session.h"
#include "widgets/overlay.h"
#include "widgets/scrollview.h"

static void leave_current(ui_app *app)
{
    ui_input_cancel(app);
    ui_ctx_set_focus(&app->ctx, NULL);
    app->ctx.lost_cls = NULL;
    app->ctx.nticks = 0;
    ui_ctx_relayout(&app->ctx);
}

/* The new top screen's first field takes focus (see ui_screen). */
static void arrive(ui_app *app, ui_screen *s)
{
    if (s->first_focus) ui_ctx_set_focus(&app->ctx, s->first_focus);
}

static int in_tree(const ui_widget *root, const ui_widget *w)
{
    if (!root) return 0;
    if (root == w) return 1;
    for (const ui_widget *ch = root->first; ch; ch = ch->next)
        if (in_tree(ch, w)) return 1;
    return 0;
}

/* The focusable widget of class cls labelled label in w's tree, or NULL. */
static ui_widget *find_like(ui_widget *w, const void *cls, const char *label)
{
    if (!w) return NULL;
    if (w->cls == cls && (w->flags & UI_WF_FOCUSABLE) && !strcmp(w->label ? w->label : "", label)) return w;
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        ui_widget *f = find_like(ch, cls, label);
        if (f) return f;
    }
    return NULL;
}

/* The top screen is shown again (a pop, an overlay closed). */
static void resume(ui_app *app)
{
    ui_screen *s = ui_nav_top(app);
    if (!s) return;
    ui_widget *w = s->resume_focus;
    s->resume_focus = NULL;
    if (!app->ctx.focus_visible || !w) return;
    s->resume_pending = 3; /* its own queued actions may rebuild it on the next updates */
    if (!in_tree(s->root, w) || !(w->flags & UI_WF_FOCUSABLE) || strcmp(w->label ? w->label : "", s->resume_label))
        w = s->resume_cls ? find_like(s->root, s->resume_cls, s->resume_label) : NULL;
    if (!w || !ui_widget_is_enabled(w)) return;
    ui_ctx_set_focus(&app->ctx, w);
    app->reveal_focus = 1;
}

void ui_nav_settle_focus(ui_app *app)
{
    ui_ctx *c = &app->ctx;
    if (c->lost_cls) { /* the focused widget was rebuilt: its like in the new tree */
        ui_widget *w = c->focus || !c->focus_visible ? NULL
                                                     : find_like(ui_app_input_root(app), c->lost_cls, c->lost_label);
        c->lost_cls = NULL;
        if (w && ui_widget_is_enabled(w)) {
            ui_ctx_set_focus(c, w);
            app->reveal_focus = 1;
            ui_ctx_relayout(c);
        }
    }
    ui_screen *s = ui_nav_top(app);
    if (!s || !s->resume_pending) return;
    s->resume_pending--;
    if (app->ctx.focus || app->overlay || !app->ctx.focus_visible || !s->resume_cls) return;
    ui_widget *w = find_like(s->root, s->resume_cls, s->resume_label);
    if (!w || !ui_widget_is_enabled(w)) return;
    s->resume_pending = 0;
    ui_ctx_set_focus(&app->ctx, w);
    app->reveal_focus = 1;
    ui_ctx_relayout(&app->ctx);
}

static void remember(ui_app *app)
{
    ui_screen *s = ui_nav_top(app);
    if (!s || app->overlay) return;
    ui_widget *f = app->ctx.focus;
    s->resume_focus = f;
    s->resume_cls = f ? f->cls : NULL;
    snprintf(s->resume_label, sizeof s->resume_label, "%s", f && f->label ? f->label : "");
}

void ui_nav_push(ui_app *app, ui_screen *s)
{
    if (!s) return;
    if (app->depth == UI_STACK_MAX) {
        ui_screen_free(s);
        return;
    }
    remember(app);
    leave_current(app);
    app->stack[app->depth++] = s;
    arrive(app, s);
}

void ui_nav_replace(ui_app *app, ui_screen *s)
{
    if (!s) return;
    /* A screen rebuilt as a new one (a page turned, a run finished) keeps
     * the keyboard's place: the widget like the focused one (or like the
     * one the old screen was still to give the focus back to). */
    ui_screen *old = ui_nav_top(app);
    ui_widget *f = app->overlay ? NULL : app->ctx.focus;
    if (f) {
        s->resume_cls = f->cls;
        snprintf(s->resume_label, sizeof s->resume_label, "%s", f->label ? f->label : "");
        s->resume_pending = 3;
    } else if (old && old->resume_pending) {
        s->resume_cls = old->resume_cls;
        memcpy(s->resume_label, old->resume_label, sizeof s->resume_label);
        s->resume_pending = old->resume_pending;
    }
    leave_current(app);
    if (app->depth > 0) ui_screen_free(app->stack[--app->depth]);
    app->stack[app->depth++] = s;
    arrive(app, s);
    if (s->first_focus) s->resume_pending = 0;
    else ui_nav_settle_focus(app);
}

void ui_nav_reset(ui_app *app, ui_screen *s)
{
    if (!s) return;
    /* A tab chosen from the keyboard: the focus stays on that tab of the
     * new screen's bar (the same class and label), not back at the top. */
    const void *was_cls = app->ctx.focus ? app->ctx.focus->cls : NULL;
    char was[UI_ACTION_LABEL_MAX] = "";
    if (app->ctx.focus && app->ctx.focus->label) snprintf(was, sizeof was, "%s", app->ctx.focus->label);
    leave_current(app);
    if (app->overlay) {
        ui_widget_free(app->overlay);
        app->overlay = NULL;
    }
    while (app->depth > 0) ui_screen_free(app->stack[--app->depth]);
    app->stack[app->depth++] = s;
    arrive(app, s);
    ui_widget *same = was_cls && !s->first_focus && app->ctx.focus_visible ? find_like(s->root, was_cls, was) : NULL;
    if (same) ui_ctx_set_focus(&app->ctx, same);
}

void ui_app_show_overlay(ui_app *app, ui_widget *overlay)
{
    if (!overlay) return;
    if (app->overlay) {
        leave_current(app);
        ui_widget_free(app->overlay);
        app->overlay = NULL;
    } else {
        remember(app);
    }
    leave_current(app);
    app->overlay = overlay;
    ui_overlay_shown(overlay, &app->ctx);
    if (app->ctx.focus_visible) ui_ctx_set_focus(&app->ctx, ui_widget_focus_step(overlay, NULL, 0));
}

void ui_app_close_overlay(ui_app *app)
{
    if (!app->overlay) return;
    leave_current(app);
    ui_widget_free(app->overlay);
    app->overlay = NULL;
    resume(app);
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
    resume(app);
}
