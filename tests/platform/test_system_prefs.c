#define _POSIX_C_SOURCE 200809L
/*
 * test_system_prefs.c -- the desktop's accessibility settings, read live
 * (issue 23; app/src/platform/system_prefs.h).  The real app, headless in
 * this process, with options.system_prefs on, on a private GSettings store:
 * GSETTINGS_BACKEND=keyfile under a temporary XDG_CONFIG_HOME, changed by
 * the `gsettings` tool in another process while the app runs, as a person's
 * desktop settings panel would.
 *
 *  1. At start the app takes the system's text size (125 %).
 *  2. The system's text size changes to 150 %: the app's main thread,
 *     blocked in SDL_WaitEventTimeout with nothing else to do, is woken by
 *     the watcher's one event (never by a poll), and Home's "Settings"
 *     button is drawn 1.5/1.25 as tall.
 *  3. enable-animations false turns reduce motion on; high-contrast true
 *     the high-contrast palette (a white page).
 *  4. Settings: 100 % chosen for this app wins over the system's 200 %;
 *     "Like the system (200%)" gives it back.  Reduce motion turned off in
 *     Settings stays off while the system says on.  250 % is shown (and
 *     named in Settings) as 200 %, the most the app draws.
 * And the pure part: iOS's content size categories to a scale.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_harness.h"
#include "check.h"
#include "platform/system_prefs.h"
#include "portal_fixture.h"

static char config_home[TH_PATH_MAX];

static int at_150(ui_app *app) { return fabsf(app->ctx.metrics.text_scale - 1.5f) < 0.01f; }
static int at_200(ui_app *app) { return fabsf(app->ctx.metrics.text_scale - 2.0f) < 0.01f; }
static int motion_on(ui_app *app) { return app->ctx.reduce_motion == 1; }
static int motion_off(ui_app *app) { return app->ctx.reduce_motion == 0; }
static int contrast_on(ui_app *app) { return app->ctx.high_contrast == 1; }
static int said_200(ui_app *app) { return fabsf(ui_app_system_prefs(app).text_scale - 2.0f) < 0.01f; }
static int said_250(ui_app *app) { return fabsf(ui_app_system_prefs(app).text_scale - 2.5f) < 0.01f; }
static int said_motion(ui_app *app) { return ui_app_system_prefs(app).reduce_motion == 1; }

typedef struct find {
    const char *label;
    ui_rect r;
    int n;
} find;

static void find_cb(void *p, ui_widget *w, const char *label, ui_rect visible, int enabled)
{
    (void)visible, (void)enabled;
    find *f = p;
    if (!strcmp(label, f->label))
        f->r = w->rect, f->n++;
}

static int height_of(th_app *h, const char *label)
{
    char step[128];
    snprintf(step, sizeof step, "scroll-to \"%s\"", label);
    CHECK(th_app_step(h, step) == 0);
    ui_app *app = th_app_ui(h);
    find f = {label, {0, 0, 0, 0}, 0};
    ui_rect screen = {0, 0, app->ctx.metrics.width_px, app->ctx.metrics.height_px};
    ui_widget_each_label(ui_app_input_root(app), &app->ctx, screen, find_cb, &f);
    CHECK(f.n >= 1);
    return f.r.h;
}

static void ios_categories(void)
{
    CHECK(fabsf(ui_system_prefs_ios_category_scale("UICTContentSizeCategoryL") - 1.0f) < 0.001f);
    CHECK(fabsf(ui_system_prefs_ios_category_scale("UICTContentSizeCategoryXS") - 14.0f / 17.0f) < 0.001f);
    CHECK(fabsf(ui_system_prefs_ios_category_scale("UICTContentSizeCategoryAccessibilityXXXL") -
                53.0f / 17.0f) < 0.001f);
    CHECK(ui_system_prefs_ios_category_scale("UICTContentSizeCategoryHuge") == 0.0f);
    CHECK(ui_system_prefs_ios_category_scale(NULL) == 0.0f);
}

int main(void)
{
    ios_categories();
    th_app h;
    th_app_prepare(&h, "system-prefs");
    snprintf(config_home, sizeof config_home, "%s/config", h.root);
    REQUIRE(setenv("XDG_CONFIG_HOME", config_home, 1) == 0);
    REQUIRE(setenv("GSETTINGS_BACKEND", "keyfile", 1) == 0);
    pf_gset("org.gnome.desktop.interface", "text-scaling-factor", "1.25");
    th_vault_make(h.data);
    h.opt.system_prefs = 1;
    th_app_start(&h);
    ui_app *app = th_app_ui(&h);

    /* 1. at start */
    CHECK(fabsf(ui_app_system_prefs(app).text_scale - 1.25f) < 0.01f);
    CHECK(fabsf(app->ctx.metrics.text_scale - 1.25f) < 0.01f);
    CHECK(app->ctx.reduce_motion == 0 && app->ctx.high_contrast == 0);
    th_app_unlock(&h, NULL);
    int before = height_of(&h, "Settings");

    /* 2. a change while it runs wakes the blocked loop, once or so */
    pf_gset("org.gnome.desktop.interface", "text-scaling-factor", "1.5");
    int events = pf_wait_until(&h, at_150, 5000);
    CHECK(at_150(app));
    CHECK(events >= 1 && events <= 3);
    CHECK(th_app_step(&h, "wait 0.1") == 0);
    int after = height_of(&h, "Settings");
    /* the words grow, the chrome (padding, in density points) does not:
     * taller, at most in proportion to the text */
    CHECK(after > before && after * 125 <= before * 150 + 125 * 2);
    if (!(after > before && after * 125 <= before * 150 + 250))
        fprintf(stderr, "the Settings button: %d px tall at 125 %%, %d px at 150 %%\n", before, after);

    /* 3. motion and contrast */
    pf_gset("org.gnome.desktop.interface", "enable-animations", "false");
    pf_wait_until(&h, motion_on, 5000);
    CHECK(motion_on(app));
    pf_gset("org.gnome.desktop.a11y.interface", "high-contrast", "true");
    pf_wait_until(&h, contrast_on, 5000);
    CHECK(contrast_on(app));
    ui_rgba bg = ui_color(&app->ctx, UI_C_BG);
    CHECK(bg.r == 255 && bg.g == 255 && bg.b == 255);

    /* 4. Settings' own choice wins; "like the system" gives it back */
    CHECK(th_app_step(&h, "scroll-to \"Settings\"") == 0);
    CHECK(th_app_step(&h, "tap \"Settings\"") == 0);
    CHECK(th_app_step(&h, "expect \"Like the system (150%)\"") == 0);
    CHECK(th_app_step(&h, "tap \"100%\"") == 0);
    CHECK(fabsf(app->ctx.metrics.text_scale - 1.0f) < 0.01f);
    pf_gset("org.gnome.desktop.interface", "text-scaling-factor", "2.0");
    pf_wait_until(&h, said_200, 5000);
    CHECK(said_200(app));
    CHECK(th_app_step(&h, "wait 0.1") == 0);
    CHECK(fabsf(app->ctx.metrics.text_scale - 1.0f) < 0.01f); /* the app's own choice */
    CHECK(th_app_step(&h, "expect \"Like the system (200%)\"") == 0);
    CHECK(th_app_step(&h, "tap \"Like the system (200%)\"") == 0);
    CHECK(at_200(app));
    /* reduce motion: the system says on; Settings turns it off for the app */
    CHECK(th_app_step(&h, "scroll-to \"Reduce motion\"") == 0);
    CHECK(th_app_step(&h, "tap \"Reduce motion\"") == 0);
    CHECK(motion_off(app));
    CHECK(th_app_step(&h, "expect \"Reduce motion: like the system\"") == 0);
    pf_gset("org.gnome.desktop.interface", "enable-animations", "true");
    pf_gset("org.gnome.desktop.interface", "enable-animations", "false");
    pf_wait_until(&h, motion_on, 2000); /* it must not come */
    CHECK(said_motion(app) && motion_off(app));
    CHECK(th_app_step(&h, "tap \"Reduce motion: like the system\"") == 0);
    CHECK(motion_on(app));
    /* more than the app can show: 200 %, and Settings says so */
    pf_gset("org.gnome.desktop.interface", "text-scaling-factor", "2.5");
    pf_wait_until(&h, said_250, 5000);
    CHECK(said_250(app) && at_200(app));
    CHECK(th_app_step(&h, "scroll-to \"Like the system (200%)\"") == 0);
    pf_gset("org.gnome.desktop.interface", "text-scaling-factor", "2.0");
    pf_wait_until(&h, said_200, 5000);
    /* the choices survive a restart: text follows (200 %), motion follows */
    th_app_stop(&h);
    th_app_start(&h);
    app = th_app_ui(&h);
    CHECK(at_200(app) && motion_on(app) && contrast_on(app));
    th_app_finish(&h);
    return im_check_done();
}
