/* app.c -- creating the app, frames, timers and settings; see app.h. */
#define _POSIX_C_SOURCE 200809L
#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "a11y/hub.h"
#include "app/input.h"
#include "input/textedit.h"
#include "innermost/content.h"
#include "app/lifecycle.h"
#include "app/prefs.h"
#include "app/session.h"
#include "app/strings.h"
#include "innermost/contract.h"
#include "platform/sound.h"
#include "platform/paths.h"
#include "platform/protect.h"
#include "platform/a11y_bus.h"
#include "platform/window.h"
#include "render/backend.h"
#include "widgets/basic.h"
#include "widgets/scrollview.h"
#include "widgets/textfield.h"

#define FRAME_MS 16
#define TOAST_MS 3000
#define UI_IDLE_TRIM_MS 2000 /* no frame for this long: idle_trim() */

int64_t ui_app_now(const ui_app *app) { return app->opt.seam ? app->opt.seam->now_ms(app) : (int64_t)SDL_GetTicks64(); }

/* ctx.emit: queue; handled in ui_app_update after the event. */
static void app_emit(void *host, const ui_action *a)
{
    ui_app *app = host;
    if (app->nactions < UI_ACTIONS_MAX) app->actions[app->nactions++] = *a;
}

/* ctx.text_input: the focused field wants (or no longer wants) text. */
static void app_text_input(void *host, int on, ui_rect caret)
{
    ui_app *app = host;
    if (on) {
        /* The keyboard reads the field's kind when input starts (Android):
         * 0 ordinary, 1 a passphrase, 2 a PIN (a number keypad). */
        if (app->os && app->os->secret_text_input)
            app->os->secret_text_input(app->os->ctx, ui_field_is_secret(app->ctx.focus));
        if (!app->ctx.text_input_on) SDL_StartTextInput();
        app->ctx.text_input_on = 1;
        /* SDL wants window coordinates, we have pixels. */
        float k = 1.0f;
        if (app->window) {
            int ww, wh;
            SDL_GetWindowSize(app->window, &ww, &wh);
            if (ww > 0) k = (float)ww / (float)app->ctx.metrics.width_px;
        }
        SDL_Rect r = { (int)((float)caret.x * k), (int)((float)caret.y * k), (int)((float)caret.w * k) + 1,
                       (int)((float)caret.h * k) };
        SDL_SetTextInputRect(&r);
        /* SDL2 cannot tell the keyboard's height; where it slides over the
         * window (phones), plan for the lower 40 %. */
        app->ctx.keyboard_px = app->keyboard_sim_px             ? app->keyboard_sim_px
                               : SDL_HasScreenKeyboardSupport() ? app->ctx.metrics.height_px * 2 / 5
                                                                : 0;
    } else {
        if (app->ctx.text_input_on) SDL_StopTextInput();
        app->ctx.text_input_on = 0;
        app->ctx.keyboard_px = 0;
    }
}

static void save_prefs(ui_app *app)
{
    app->prefs.dark = app->ctx.theme == UI_THEME_DARK;
    ui_prefs_save(app->data_dir, &app->prefs);
}

/* ---- what is in force: the app's own choice, else the system's ----------------- */

static float text_in_force(const ui_app *app)
{
    if (app->prefs.text_own) return app->prefs.text_scale;
    return app->sys.text_scale > 0.0f ? app->sys.text_scale : 1.0f;
}

static int flag_in_force(int own, int own_value, int system_value)
{
    if (own) return own_value != 0;
    return system_value > 0; /* not said (-1): off */
}

/* Puts prefs + sys in force: the metrics' text size (a relayout when it
 * changed), reduce motion, the palette. */
static void apply_prefs(ui_app *app)
{
    ui_ctx *c = &app->ctx;
    float t = text_in_force(app);
    if (c->metrics.text_scale < t - 0.001f || c->metrics.text_scale > t + 0.001f) {
        ui_metrics_set_text_scale(&c->metrics, t);
        im_gesture_set_scale(&app->gesture, c->metrics.scale);
        ui_ctx_relayout(c);
    }
    app->text_scale = c->metrics.text_scale;
    int rm = flag_in_force(app->prefs.motion_own, app->prefs.reduce_motion, app->sys.reduce_motion);
    int hc = flag_in_force(app->prefs.contrast_own, app->prefs.high_contrast, app->sys.high_contrast);
    if (rm != c->reduce_motion || hc != c->high_contrast) ui_ctx_redraw(c);
    c->reduce_motion = rm;
    c->high_contrast = hc;
}

/* system_prefs' notify: on the watcher's thread, so it only posts. */
static void system_notify(void *p)
{
    ui_app *app = p;
    SDL_Event e;
    SDL_zero(e);
    e.type = app->system_event;
    SDL_PushEvent(&e);
}

void ui_app_system_changed(ui_app *app)
{
    app->sys = ui_system_prefs_get();
    /* kept for the next start's first frame (issue 19) */
    ui_prefs *c = &app->prefs;
    if (c->sys_text_scale != app->sys.text_scale || c->sys_reduce_motion != app->sys.reduce_motion ||
        c->sys_high_contrast != app->sys.high_contrast) {
        c->sys_text_scale = app->sys.text_scale;
        c->sys_reduce_motion = app->sys.reduce_motion;
        c->sys_high_contrast = app->sys.high_contrast;
        save_prefs(app);
    }
    apply_prefs(app);
    ui_action a = { .kind = UI_ACT_SYSTEM_PREFS };
    app_emit(app, &a);
}

/* Default lifecycle hooks: the filter already covered the screen; these run
 * on the filter's thread, so they only touch atomics. */
static void default_terminating(ui_app *app) { SDL_AtomicSet(&app->covered, 1); }

/* The window (or the headless surface) and its renderer: every app, in
 * every build and test, opens its output here, so what its window must
 * have from SDL is set here too.  Compositions longer than
 * SDL_TEXTEDITING's 32 bytes arrive whole as SDL_TEXTEDITING_EXT
 * (app/src/app/input.c) with SDL_HINT_IME_SUPPORT_EXTENDED_TEXT on; SDL
 * reads it at each composition it sends, so setting it before the window
 * exists is in time for all of them. */
static int open_output(ui_app *app, char *err, size_t errlen)
{
    float density;
    int w, h;
    SDL_SetHint(SDL_HINT_IME_SUPPORT_EXTENDED_TEXT, "1");
    if (app->opt.headless) {
        density = app->opt.scale > 0 ? app->opt.scale : 1.0f;
        w = (int)((float)(app->opt.width_pt > 0 ? app->opt.width_pt : 390) * density + 0.5f);
        h = (int)((float)(app->opt.height_pt > 0 ? app->opt.height_pt : 844) * density + 0.5f);
        app->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        app->renderer = app->surface ? SDL_CreateSoftwareRenderer(app->surface) : NULL;
    } else {
        app->window = ui_window_open("Innermost", 480, 800);
        if (!app->window) {
            snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
            return -1;
        }
        app->renderer = SDL_CreateRenderer(app->window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
        if (!app->renderer) app->renderer = SDL_CreateRenderer(app->window, -1, SDL_RENDERER_SOFTWARE);
        int ww = 1, wh = 1;
        SDL_GetWindowSize(app->window, &ww, &wh);
        if (!app->renderer || SDL_GetRendererOutputSize(app->renderer, &w, &h) != 0) w = ww, h = wh;
        density = ui_window_density(app->window, w, ww);
#if defined(__ANDROID__) || defined(__IPHONEOS__)
        float ddpi = 0;
        if (SDL_GetDisplayDPI(0, &ddpi, NULL, NULL) == 0 && ddpi > 0) density = ddpi / 160.0f;
#endif
    }
    if (!app->renderer) {
        snprintf(err, errlen, "cannot create a renderer: %s", SDL_GetError());
        return -1;
    }
    ui_metrics_init(&app->ctx.metrics, density, app->text_scale, w, h);
    return 0;
}

/* The content library: --content DIR at run time, else the copy built in.
 * Problems in the files are the author's to fix: each is printed once as
 * "file:line: text" and the files that parsed are used. */
static int load_content(ui_app *app, char *err, size_t errlen)
{
    im_diags *diags = calloc(1, sizeof *diags);
    if (!diags) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    im_rc rc = app->content_dir ? im_content_load_dir(app->content_dir, &app->content, diags)
                                : im_content_load_embedded(&app->content, diags);
    for (size_t i = 0; i < diags->n; i++) {
        char line[IM_DIAG_FILE_MAX + IM_DIAG_TEXT_MAX + 32];
        im_diag_format(&diags->d[i], line, sizeof line);
        fprintf(stderr, "innermost: content: %s\n", line);
    }
    free(diags);
    if (rc != IM_OK && rc != IM_ERR_PARSE) {
        snprintf(err, errlen, "cannot load the content%s%s: %s", app->content_dir ? " from " : "",
                 app->content_dir ? app->content_dir : "", im_rc_message(rc));
        return -1;
    }
    return 0;
}

const struct im_library *ui_app_content(ui_app *app)
{
    char err[256];
    if (!app->content && load_content(app, err, sizeof err) != 0) fprintf(stderr, "innermost: %s\n", err);
    return app->content;
}

ui_app *ui_app_create(const ui_app_options *opt, char *err, size_t errlen)
{
    ui_app *app = calloc(1, sizeof *app);
    if (!app) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    app->opt = *opt;
    app->routes = opt->routes;
    ui_field_set_words(&(ui_field_words){ ui_str(STR_FIELD_SHOW), ui_str(STR_FIELD_HIDE), ui_str(STR_FIELD_SHOW_NAME),
                                          ui_str(STR_FIELD_HIDE_NAME), ui_str(STR_FIELD_SHOW_PIN_NAME),
                                          ui_str(STR_FIELD_HIDE_PIN_NAME) });
    app->virtual_ms = opt->start_virtual_ms;
    app->os = ui_os_platform_ops();
    app->data_dir = ui_paths_data_dir(opt->data_dir);
    if (!app->data_dir) {
        snprintf(err, errlen, "no data folder: %s", SDL_GetError());
        goto fail;
    }
    /* Out of backups, data protection (Apple): a failure is said, not fatal --
     * the vault is encrypted either way and the person keeps their data. */
    char perr[128];
    if (ui_protect_data_dir(ui_protect_platform_ops(), app->data_dir, perr, sizeof perr) != 0)
        fprintf(stderr, "innermost: %s\n", perr);
    /* the vault opens on a thread while the window and the fonts are made */
    if (!opt->gallery) app->prefetch = ui_session_prefetch(app->data_dir);
    app->content_dir = opt->content_dir ? strdup(opt->content_dir) : NULL;
    if (app->content_dir && load_content(app, err, errlen) != 0) goto fail;
    app->font_dir = ui_paths_font_dir();
    if (!app->font_dir) {
        snprintf(err, errlen, "cannot find the fonts folder (NotoSans-Regular.ttf) next to the program");
        goto fail;
    }
    app->prefs = ui_prefs_load(app->data_dir);
    app->sys = (ui_system_prefs){ 0.0f, -1, -1 }; /* not said, until read */
    if (!opt->headless || opt->system_prefs) {
        app->system_event = SDL_RegisterEvents(1);
        if (app->system_event != (Uint32)-1) {
            /* started after the first frame is presented (ui_app_frame):
             * GIO is not loaded before it (issue 19); its first values come
             * as a change, applied live */
            app->sys_watching = 1;
            app->sys_start_pending = 1;
            app->sys = (ui_system_prefs){ app->prefs.sys_text_scale, app->prefs.sys_reduce_motion,
                                          app->prefs.sys_high_contrast }; /* last heard */
        }
    }
    app->text_scale = text_in_force(app);
    if (open_output(app, err, errlen) != 0) goto fail;
    app->ctx.text = ui_text_create(app->renderer, app->font_dir, err, errlen);
    if (!app->ctx.text) goto fail;
    /* the two faces every first screen draws, opened here rather than in its
     * first layout: about 2 M instructions the main thread does while the
     * vault opens, before ui_session_create waits for it (issue 19) */
    ui_text_open_faces(app->ctx.text);
    app->corners = ui_corners_create(app->renderer);
    if (!app->corners) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    app->ctx.theme = app->prefs.dark ? UI_THEME_DARK : UI_THEME_LIGHT;
    apply_prefs(app);
    app->ctx.host = app;
    app->ctx.emit = app_emit;
    app->ctx.text_input = app_text_input;
    app->ctx.now_ms = ui_app_now(app);
    im_gesture_config gc = im_gesture_config_default(app->ctx.metrics.scale);
    im_gesture_init(&app->gesture, &gc);
    app->refresh_event = SDL_RegisterEvents(1);
    app->wipe_event = SDL_RegisterEvents(1);
    app->hooks.terminating = default_terminating;
    SDL_StopTextInput(); /* desktops start with it on; only a focused field wants it */
    app->main_thread = SDL_ThreadID();
    ui_lifecycle_install(app);
    app->last_input_ms = ui_app_now(app);
    if (!app->routes) {
        snprintf(err, errlen, "no screens were handed to the app");
        goto fail;
    }
    if (app->opt.gallery) ui_nav_push(app, ui_screen_new(app, app->routes->gallery, NULL));
    else if (ui_session_create(app)) ui_nav_push(app, ui_session_first_screen(app->session));
    if (!app->depth) {
        snprintf(err, errlen, "cannot build the start screen");
        goto fail;
    }
    ui_ctx_relayout(&app->ctx);
    /* A window's tree for screen readers; headless runs have none. */
    if (app->window) {
        app->a11y = ui_a11y_hub_new();
        /* the bridge's libraries only where a bus is named (issue 19) */
        app->a11y_bridge = app->a11y && ui_a11y_bus_named(app->window) ? ui_a11y_bridge_start(app->a11y) : NULL;
        if (!app->a11y_bridge) {
            ui_a11y_hub_free(app->a11y);
            app->a11y = NULL;
        }
    }
    return app;
fail:
    ui_app_destroy(app);
    return NULL;
}

void ui_app_destroy(ui_app *app)
{
    if (!app) return;
    ui_session_prefetch_drop(app->prefetch); /* failed before the session took it */
    app->prefetch = NULL;
    ui_lifecycle_remove(app);
    if (app->sys_watching) ui_system_prefs_stop(); /* no notify after this */
    ui_a11y_bridge_stop(app->a11y_bridge);
    ui_a11y_hub_free(app->a11y);
    app->a11y_bridge = NULL;
    app->a11y = NULL;
    if (app->host_quit) app->host_quit(app);
    if (app->ctx.text_input_on) SDL_StopTextInput();
    if (app->overlay) ui_widget_free(app->overlay);
    while (app->depth > 0) ui_screen_free(app->stack[--app->depth]);
    if (app->host_free) app->host_free(app);
    ui_text_destroy(app->ctx.text);
    ui_corners_destroy(app->corners);
    ui_drawlist_free(&app->dl);
    if (app->renderer) SDL_DestroyRenderer(app->renderer);
    if (app->surface) SDL_FreeSurface(app->surface);
    if (app->window) SDL_DestroyWindow(app->window);
    free(app->data_dir);
    free(app->font_dir);
    free(app->content_dir);
    im_library_free(app->content);
    ui_sound_shutdown(); /* the cues' devices, if a practice opened them */
    free(app);
}

ui_widget *ui_app_input_root(ui_app *app)
{
    if (SDL_AtomicGet(&app->covered)) return NULL; /* the cover hides and blocks everything */
    if (app->overlay) return app->overlay;
    return app->depth ? app->stack[app->depth - 1]->root : NULL;
}

ui_screen *ui_nav_top(ui_app *app) { return app->depth ? app->stack[app->depth - 1] : NULL; }

void ui_app_request_refresh(ui_app *app)
{
    /* Only the first request since the last frame pushes an event. */
    if (SDL_AtomicCAS(&app->refresh_pending, 0, 1)) {
        SDL_Event e;
        SDL_zero(e);
        e.type = app->refresh_event;
        SDL_PushEvent(&e);
    }
}

void ui_app_resize(ui_app *app, int width_px, int height_px)
{
    if (app->opt.headless && (width_px != app->ctx.metrics.width_px || height_px != app->ctx.metrics.height_px)) {
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, width_px, height_px, 32, SDL_PIXELFORMAT_ARGB8888);
        SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
        if (!r) {
            if (s) SDL_FreeSurface(s);
            return;
        }
        ui_text_set_renderer(app->ctx.text, NULL);
        ui_corners_set_renderer(app->corners, NULL);
        SDL_DestroyRenderer(app->renderer);
        SDL_FreeSurface(app->surface);
        app->surface = s;
        app->renderer = r;
        ui_text_set_renderer(app->ctx.text, r);
        ui_corners_set_renderer(app->corners, r);
    }
    ui_metrics_resize(&app->ctx.metrics, width_px, height_px);
    ui_ctx_relayout(&app->ctx);
}

/* ---- settings ------------------------------------------------------------- */

void ui_app_set_theme(ui_app *app, ui_theme_mode mode)
{
    app->ctx.theme = mode;
    save_prefs(app);
    ui_ctx_redraw(&app->ctx);
}

void ui_app_set_text_scale(ui_app *app, float text_scale)
{
    app->prefs.text_own = 1;
    app->prefs.text_scale = text_scale < UI_TEXT_SCALE_MIN   ? UI_TEXT_SCALE_MIN
                            : text_scale > UI_TEXT_SCALE_MAX ? UI_TEXT_SCALE_MAX
                                                             : text_scale;
    apply_prefs(app);
    save_prefs(app);
}

void ui_app_set_reduce_motion(ui_app *app, int on)
{
    app->prefs.motion_own = 1;
    app->prefs.reduce_motion = on != 0;
    apply_prefs(app);
    save_prefs(app);
    ui_ctx_redraw(&app->ctx);
}

void ui_app_set_high_contrast(ui_app *app, int on)
{
    app->prefs.contrast_own = 1;
    app->prefs.high_contrast = on != 0;
    apply_prefs(app);
    save_prefs(app);
    ui_ctx_redraw(&app->ctx);
}

void ui_app_follow_system(ui_app *app, ui_pref_kind which)
{
    if (which == UI_PREF_TEXT) app->prefs.text_own = 0;
    else if (which == UI_PREF_MOTION) app->prefs.motion_own = 0;
    else if (which == UI_PREF_CONTRAST) app->prefs.contrast_own = 0;
    apply_prefs(app);
    save_prefs(app);
    ui_ctx_redraw(&app->ctx);
}

int ui_app_follows_system(const ui_app *app, ui_pref_kind which)
{
    if (which == UI_PREF_TEXT) return !app->prefs.text_own;
    if (which == UI_PREF_MOTION) return !app->prefs.motion_own;
    return !app->prefs.contrast_own;
}

ui_system_prefs ui_app_system_prefs(const ui_app *app) { return app->sys; }

int ui_app_forget_settings(ui_app *app)
{
    app->ctx.theme = UI_THEME_LIGHT;
    app->prefs = (ui_prefs){ 0, 1.0f, 0, 0, 0, 0, 0, 0.0f, -1, -1 }; /* every one follows the system again */
    apply_prefs(app);
    ui_ctx_relayout(&app->ctx);
    return ui_prefs_erase(app->data_dir);
}

/* SDL keeps the entries of its event queue on a free list once they have
 * been handled, unwiped: the SDL_TEXTINPUT events of what was typed stay
 * there.  Adding blank events takes the most recently freed entries first
 * and copies a whole SDL_Event over each; flushing them returns the entries
 * blank.  WIPE_EVENTS covers far more than the queue's usual depth (typing
 * is a few events a frame); entries freed after a deeper burst that are
 * not reached keep what they held.  SDL_PeepEvents does not call the event
 * filter, so the lifecycle hooks never see these. */
#define WIPE_EVENTS 256
static void wipe_event_queue(ui_app *app)
{
    if (app->wipe_event == (Uint32)-1) return;
    SDL_Event *blank = calloc(WIPE_EVENTS, sizeof *blank);
    if (!blank) return;
    for (int i = 0; i < WIPE_EVENTS; i++) blank[i].type = app->wipe_event;
    SDL_PeepEvents(blank, WIPE_EVENTS, SDL_ADDEVENT, 0, 0);
    SDL_FlushEvent(app->wipe_event);
    free(blank);
}

void ui_app_forget_text(ui_app *app)
{
    wipe_event_queue(app);
    /* a passphrase shown in clear goes back to bullets on every screen kept */
    for (int i = 0; i < app->depth; i++) ui_field_hide_all(app->stack[i]->root, &app->ctx);
    ui_field_hide_all(app->overlay, &app->ctx);
    ui_text_forget(app->ctx.text);
    ui_drawlist_wipe(&app->dl);
    im_mem_wipe(app->toast, sizeof app->toast);
    app->toast_until = 0;
    ui_ctx_redraw(&app->ctx);
}

void ui_app_toast(ui_app *app, const char *text)
{
    snprintf(app->toast, sizeof app->toast, "%s", text);
    app->toast_until = ui_app_now(app) + TOAST_MS;
    app->toast_for_w = app->toast_for_h = 0; /* placed again at its first frame */
    ui_ctx_redraw(&app->ctx);
}

/* ---- time ------------------------------------------------------------------ */

static int64_t timer_due(ui_app *app)
{
    int64_t due = INT64_MAX;
    ui_widget *f = app->ctx.focus;
    if (f && f->cls->deadline) due = f->cls->deadline(f, &app->ctx);
    if (app->toast[0] && app->toast_until < due) due = app->toast_until;
    return due;
}

int ui_app_animating(ui_app *app) { return app->ctx.nticks > 0; }

/* When the running tickers next need a frame: the next frame, unless every
 * one was quiet last time and says when it next changes (widget.h). */
static int64_t tickers_due(ui_app *app, int64_t now)
{
    int64_t next_frame = now + FRAME_MS;
    if (!app->ctx.ticks_quiet) return next_frame;
    int64_t due = INT64_MAX;
    for (int i = 0; i < app->ctx.nticks; i++) {
        ui_widget *w = app->ctx.tickers[i];
        if (!w || !w->cls->deadline) return next_frame;
        int64_t d = w->cls->deadline(w, &app->ctx);
        if (d < due) due = d;
    }
    return due < next_frame ? next_frame : due;
}

int64_t ui_app_next_wakeup(ui_app *app)
{
    int64_t now = ui_app_now(app);
    /* an action a ticker queued (a timer that ended) is handled on the
     * next update, which must not wait for the next input */
    if (app->nactions > 0) return now;
    int64_t due = timer_due(app);
    int64_t g = im_gesture_next_deadline(&app->gesture);
    if (g < due) due = g;
    if (app->ctx.nticks > 0) {
        int64_t t = tickers_due(app, now);
        if (t < due) due = t;
    }
    if (app->host_deadline) {
        int64_t h = app->host_deadline(app);
        if (h < due) due = h;
    }
    if (app->frames && !app->trimmed && app->last_frame_ms + UI_IDLE_TRIM_MS < due)
        due = app->last_frame_ms + UI_IDLE_TRIM_MS;
    ui_screen *top = ui_nav_top(app);
    if (top && top->cls->deadline) {
        int64_t d = top->cls->deadline(app, top);
        if (d < due) due = d;
    }
    return due;
}

static void run_actions(ui_app *app)
{
    /* Handlers may queue more actions (and change screens): take a copy. */
    for (int guard = 0; app->nactions > 0 && guard < 8; guard++) {
        ui_action batch[UI_ACTIONS_MAX];
        int n = app->nactions;
        memcpy(batch, app->actions, (size_t)n * sizeof batch[0]);
        app->nactions = 0;
        for (int i = 0; i < n; i++) {
            ui_screen *s = ui_nav_top(app);
            if (s && s->cls->action) s->cls->action(app, s, &batch[i]);
        }
    }
    app->nactions = 0;
}

#if IM_CONTRACTS_CHECKED
/* The root of w's tree. */
static const ui_widget *root_of(const ui_widget *w)
{
    while (w->parent) w = w->parent;
    return w;
}

/* Whether root is the tree of a stacked screen (only the top one: top) or
 * the overlay. */
static int shown_root(const ui_app *app, const ui_widget *root, int top)
{
    if (root == app->overlay) return 1;
    for (int i = top && app->depth ? app->depth - 1 : 0; i < app->depth; i++)
        if (app->stack[i]->root == root) return 1;
    return 0;
}

/* Invariant 5 of widgets/widget.h: focus and tickers are in trees the app
 * shows.  Walks a few parents per widget: checked builds only. */
static void check_ctx_trees(const ui_app *app)
{
    const ui_ctx *c = &app->ctx;
    IM_ASSERT(!c->focus || shown_root(app, root_of(c->focus), 1));
    for (int i = 0; i < c->nticks; i++) IM_ASSERT(!c->tickers[i] || shown_root(app, root_of(c->tickers[i]), 0));
}
#else
static void check_ctx_trees(const ui_app *app) { (void)app; }
#endif

/* Once per idle spell (no frame for UI_IDLE_TRIM_MS): the font files'
 * pages and the allocator's free pages go back to the system, so an app
 * left open on a screen holds what that screen needs (steady RSS, issue
 * 19).  Nothing is drawn and nothing is lost: the next glyph reads its
 * font page back from the file. */
static void idle_trim(ui_app *app)
{
    app->trimmed = 1;
    ui_text_trim(app->ctx.text);
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void ui_app_update(ui_app *app)
{
    int64_t now = ui_app_now(app);
    int64_t due = timer_due(app);
    app->ctx.now_ms = now;
    ui_input_tick(app);
    run_actions(app);
    if (app->host_update) app->host_update(app);
    ui_screen *top = ui_nav_top(app);
    if (top && top->cls->tick) top->cls->tick(app, top);
    ui_nav_settle_focus(app);
    if (app->ctx.nticks) ui_ctx_run_tickers(&app->ctx);
    if (app->toast[0] && now >= app->toast_until) {
        app->toast[0] = 0;
        ui_ctx_redraw(&app->ctx);
    }
    if (now >= due) ui_ctx_redraw(&app->ctx); /* the caret blinked */
    check_ctx_trees(app);
    if (app->frames && !app->trimmed && now >= app->last_frame_ms + UI_IDLE_TRIM_MS) idle_trim(app);
}

/* ---- frames ---------------------------------------------------------------- */

static void layout(ui_app *app)
{
    ui_rect screen = { 0, 0, app->ctx.metrics.width_px, app->ctx.metrics.height_px };
    for (int pass = 0; pass < 3 && app->ctx.layout_dirty; pass++) {
        app->ctx.layout_dirty = 0;
        ui_screen *s = ui_nav_top(app);
        if (s && s->root) ui_widget_place(s->root, &app->ctx, screen);
        if (app->overlay) ui_widget_place(app->overlay, &app->ctx, screen);
        app->layouts++;
        if (pass == 0 && app->reveal_focus && app->ctx.focus) /* now that it has its place */
            ui_scroll_reveal(app->ctx.focus, &app->ctx, app->ctx.focus->rect);
        app->reveal_focus = 0;
    }
}

/* The toast: a banner as wide as the screen allows (TOAST_MARGIN_PT
 * either side, at most TOAST_MAX_W_PT), its words wrapped inside it to
 * at most TOAST_LINES lines, so 200 % text makes it taller by a line or
 * two, never a narrow tower.  It goes where it covers no control: the
 * lowest place, from just above the bottom (and above the on-screen
 * keyboard) up to the top, whose rect meets no visible, enabled widget
 * that takes taps -- above a tab bar or a player's footer, or higher up;
 * where every place would cover one, the lowest place that covers no
 * fixed control (a tab, Search, Next) -- a row of a page the person can
 * scroll out from under it, as a phone's snackbar does --, and failing
 * that the place that covers least.  It is
 * placed once, at its first frame (and again if the window's size
 * changes), so it does not wander while the page scrolls under it. */
#define TOAST_MARGIN_PT 16
#define TOAST_MAX_W_PT 560
#define TOAST_PAD_X_PT 16
#define TOAST_PAD_Y_PT 12
#define TOAST_LINES 3
#define TOAST_STEP_PT 4
#define TOAST_TARGETS_MAX 256

typedef struct toast_targets {
    int n;
    ui_rect r[TOAST_TARGETS_MAX];
    unsigned char fixed[TOAST_TARGETS_MAX]; /* not in a page that scrolls */
} toast_targets;

/* The visible rects of the enabled widgets that take taps (a list's rows,
 * not the list as a whole), and whether each is fixed (a tab, a header's
 * action, a footer's button) or in a page the person can scroll away. */
static void add_target(void *p, ui_widget *w, const char *label, ui_rect vis, int enabled)
{
    toast_targets *t = p;
    if (!enabled || !(w->flags & UI_WF_INTERACTIVE) || t->n == TOAST_TARGETS_MAX) return;
    if (label == w->label && w->cls->items) return;         /* its rows come one by one */
    const ui_widget *a = label == w->label ? w->parent : w; /* a row is in its list */
    while (a && !ui_scroll_scroller((ui_widget *)a)) a = a->parent;
    t->fixed[t->n] = a == NULL;
    t->r[t->n++] = vis;
}

/* What r covers: the area of the controls under it, and of the fixed
 * ones alone. */
static long covered_area(const toast_targets *t, ui_rect r, long *fixed)
{
    long area = 0;
    *fixed = 0;
    for (int i = 0; i < t->n; i++) {
        ui_rect x = ui_rect_intersect(t->r[i], r);
        if (ui_rect_empty(x)) continue;
        area += (long)x.w * x.h;
        if (t->fixed[i]) *fixed += (long)x.w * x.h;
    }
    return area;
}

static ui_rect place_toast(ui_app *app, int w, int h)
{
    ui_ctx *c = &app->ctx;
    int sw = c->metrics.width_px, sh = c->metrics.height_px - c->keyboard_px, margin = ui_dp(c, TOAST_MARGIN_PT);
    ui_rect screen = { 0, 0, c->metrics.width_px, c->metrics.height_px };
    toast_targets *t = calloc(1, sizeof *t);
    ui_rect best = { (sw - w) / 2, sh - margin - h, w, h };
    if (!t) return best;
    ui_screen *s = ui_nav_top(app);
    if (s && s->root) ui_widget_each_label(s->root, c, screen, add_target, t);
    if (app->overlay) ui_widget_each_label(app->overlay, c, screen, add_target, t);
    /* from the bottom up: the first place that covers nothing; else the
     * lowest that covers no fixed control; else the one covering least */
    ui_rect lowest_unfixed = { 0, 0, 0, 0 };
    long least = -1;
    for (int y = sh - margin - h; y >= margin; y -= ui_dp(c, TOAST_STEP_PT)) {
        ui_rect r = { (sw - w) / 2, y, w, h };
        long fixed, a = covered_area(t, r, &fixed);
        if (a == 0) {
            best = r;
            lowest_unfixed.w = 0;
            break;
        }
        if (fixed == 0 && !lowest_unfixed.w) lowest_unfixed = r;
        if (least < 0 || a < least) least = a, best = r;
    }
    if (lowest_unfixed.w) best = lowest_unfixed;
    free(t);
    return best;
}

static void draw_toast(ui_app *app, ui_drawlist *dl)
{
    ui_ctx *c = &app->ctx;
    ui_face face;
    int px;
    ui_text_style_font(c, UI_TEXT_BODY, &face, &px);
    int padx = ui_dp(c, TOAST_PAD_X_PT), pady = ui_dp(c, TOAST_PAD_Y_PT);
    int w = c->metrics.width_px - 2 * ui_dp(c, TOAST_MARGIN_PT), most = ui_dp(c, TOAST_MAX_W_PT);
    if (w > most) w = most;
    ui_lines l = ui_text_wrap(c->text, face, px, app->toast, w - 2 * padx);
    int lines = l.count < 1 ? 1 : l.count > TOAST_LINES ? TOAST_LINES : l.count;
    int h = lines * l.line_height + 2 * pady;
    if (app->toast_for_w != c->metrics.width_px || app->toast_for_h != c->metrics.height_px || app->toast_rect.w != w ||
        app->toast_rect.h != h) {
        app->toast_rect = place_toast(app, w, h);
        app->toast_for_w = c->metrics.width_px, app->toast_for_h = c->metrics.height_px;
    }
    ui_rect r = app->toast_rect;
    ui_draw_rrect(dl, r, ui_dp(c, 12), ui_color(c, UI_C_TOAST));
    ui_rect inner = { r.x + padx, r.y + pady, r.w - 2 * padx, lines * l.line_height };
    ui_draw_clip_push(dl, inner); /* past TOAST_LINES the words are cut */
    ui_draw_wrapped(c, dl, app->toast, face, px, ui_color(c, UI_C_ON_TOAST), inner, 1);
    ui_draw_clip_pop(dl);
}

/* The privacy cover: what the app switcher may show. */
static void draw_cover(ui_app *app, ui_drawlist *dl)
{
    ui_ctx *c = &app->ctx;
    ui_face face;
    int px;
    ui_text_style_font(c, UI_TEXT_TITLE, &face, &px);
    ui_rect r = { 0, c->metrics.height_px / 2 - px, c->metrics.width_px, px * 2 };
    ui_draw_wrapped(c, dl, "Innermost", face, px, ui_color(c, UI_C_TEXT_MUTED), r, 1);
}

static void build(ui_app *app)
{
    ui_drawlist *dl = &app->dl;
    ui_ctx *c = &app->ctx;
    ui_drawlist_clear(dl);
    ui_draw_rect(dl, (ui_rect){ 0, 0, c->metrics.width_px, c->metrics.height_px }, ui_color(c, UI_C_BG));
    if (SDL_AtomicGet(&app->covered)) {
        draw_cover(app, dl);
        return;
    }
    ui_screen *s = ui_nav_top(app);
    if (s && s->root) ui_widget_draw(s->root, c, dl);
    if (app->overlay) ui_widget_draw(app->overlay, c, dl);
    if (app->toast[0]) draw_toast(app, dl);
}

ui_a11y_input ui_app_a11y_input(ui_app *app)
{
    ui_screen *s = ui_nav_top(app);
    ui_a11y_input in = { 0 };
    in.screen = s ? s->root : NULL;
    in.overlay = app->overlay;
    in.title = s ? s->title : NULL;
    in.toast = app->toast;
    in.covered = SDL_AtomicGet(&app->covered);
    in.ctx = &app->ctx;
    in.screen_rect = (ui_rect){ 0, 0, app->ctx.metrics.width_px, app->ctx.metrics.height_px };
    in.to_screen = 1.0f;
    if (app->window) {
        int ww = 0, wh = 0;
        SDL_GetWindowPosition(app->window, &in.win_x, &in.win_y);
        SDL_GetWindowSize(app->window, &ww, &wh);
        if (ww > 0 && app->ctx.metrics.width_px > 0) in.to_screen = (float)ww / (float)app->ctx.metrics.width_px;
    }
    return in;
}

void ui_app_a11y_perform(ui_app *app)
{
    if (!app->a11y) return;
    ui_a11y_input in = ui_app_a11y_input(app);
    ui_a11y_hub_perform(app->a11y, &in);
}

/* From the font worker's thread: a redraw event (thread-safe). */
static void fonts_ready(void *ctx) { ui_app_request_refresh(ctx); }

int ui_app_frame(ui_app *app, int force)
{
    if (!force && !app->ctx.dirty) return 0;
    Uint64 t0 = SDL_GetPerformanceCounter();
    SDL_AtomicSet(&app->refresh_pending, 0);
    app->ctx.dirty = 0;
    app->ctx.now_ms = ui_app_now(app);
    layout(app);
    build(app);
    if (app->frame_built) app->frame_built(app, app->frame_built_ctx);
    if (app->a11y) {
        ui_a11y_input in = ui_app_a11y_input(app);
        ui_a11y_hub_publish(app->a11y, &in);
    }
    if (SDL_AtomicGet(&app->backgrounded) && !force) return 0; /* never render in the background */
    ui_rgba bg = ui_color(&app->ctx, UI_C_BG);
    SDL_SetRenderDrawColor(app->renderer, bg.r, bg.g, bg.b, 255); /* if replay must clear */
    ui_backend_replay(app->renderer, app->ctx.text, app->corners, &app->dl);
    SDL_RenderPresent(app->renderer);
    app->frames++;
    /* the system fonts are found behind the first frame (fontchain.h) */
    if (app->frames == 1) ui_text_prefetch_fonts(app->ctx.text, fonts_ready, app);
    if (app->sys_start_pending) {
        app->sys_start_pending = 0;
        /* the first read is done when it returns (system_prefs.h); what
         * differs from the last heard (or, with no reader, "not said") is
         * applied now, before its event comes */
        ui_system_prefs_start(system_notify, app);
        ui_system_prefs now = ui_system_prefs_get();
        if (now.text_scale != app->sys.text_scale || now.reduce_motion != app->sys.reduce_motion ||
            now.high_contrast != app->sys.high_contrast)
            ui_app_system_changed(app);
    }
    app->last_frame_ms = ui_app_now(app);
    app->trimmed = 0;
    double ms = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
    app->frame_ms_total += ms;
    if (ms > app->frame_ms_max) app->frame_ms_max = ms;
    if (app->frame_drawn) app->frame_drawn(app, ms, app->frame_drawn_ctx);
    return 1;
}
