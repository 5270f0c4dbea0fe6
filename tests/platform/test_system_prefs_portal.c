#define _POSIX_C_SOURCE 200809L
/*
 * test_system_prefs_portal.c -- the desktop's accessibility settings read
 * and watched through the desktop portal's org.freedesktop.portal.Settings
 * (issue 19; app/src/platform/system_prefs_portal.c), against a fake
 * portal (fake_settings_portal.c) on a private session bus
 * (dbus-run-session).  The GSettings keyfile store says other values, so
 * which source the app heard is plain.
 *
 *  1. At start the app takes the portal's text size (125 %), not
 *     GSettings' (175 %); innermost-portal.so is mapped, and neither
 *     innermost-gsettings.so nor libgio is (/proc/self/maps).
 *  2. A SettingChanged to 150 % wakes the blocked loop and is applied.
 *  3. Idle, the watcher thread sleeps: no wake-up in a second.
 *  4. enable-animations false -> reduce motion; high-contrast true -> the
 *     high-contrast palette.
 *  5. Without the portal (a bus, nobody on it): the app falls back to
 *     GSettings (175 %) through innermost-gsettings.so.
 * Fails on the code before: the GSettings module answered 175 % and
 * mapped libgio.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_harness.h"
#include "check.h"
#include "platform/module.h"
#include "platform/system_prefs.h"
#include "portal_fixture.h"

static pf_fake portal;

/* The portal's value changes (a SettingChanged); waits until it was sent. */
static void pset(const char *ns, const char *key, const char *type, const char *value)
{
    char ack[160];
    snprintf(ack, sizeof ack, "set %s\n", key);
    int before = pf_log_count(&portal, ack);
    fprintf(portal.in, "set %s %s %s %s\n", ns, key, type, value);
    fflush(portal.in);
    for (int i = 0; i < 500 && pf_log_count(&portal, ack) == before; i++)
        SDL_Delay(10);
    REQUIRE(pf_log_count(&portal, ack) > before);
}

static int at_150(ui_app *app) { return fabsf(app->ctx.metrics.text_scale - 1.5f) < 0.01f; }
static int motion_on(ui_app *app) { return app->ctx.reduce_motion == 1; }
static int contrast_on(ui_app *app) { return app->ctx.high_contrast == 1; }

/* 1 when a library whose file name starts with name is mapped here */
static int mapped(const char *name)
{
    FILE *f = fopen("/proc/self/maps", "r");
    REQUIRE(f != NULL);
    char line[4608];
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        const char *slash = strrchr(line, '/');
        if (slash && !strncmp(slash + 1, name, strlen(name)))
            found = 1;
    }
    fclose(f);
    return found;
}

/* The voluntary context switches of this process's thread named comm; -1 if none. */
static long thread_switches(const char *comm)
{
    DIR *d = opendir("/proc/self/task");
    REQUIRE(d != NULL);
    struct dirent *e;
    long n = -1;
    while (n < 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[300], buf[256];
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        int is = fgets(buf, sizeof buf, f) && !strncmp(buf, comm, strlen(comm));
        fclose(f);
        if (!is)
            continue;
        snprintf(path, sizeof path, "/proc/self/task/%s/status", e->d_name);
        f = fopen(path, "r");
        while (f && fgets(buf, sizeof buf, f))
            if (sscanf(buf, "voluntary_ctxt_switches: %ld", &n) == 1)
                break;
        if (f)
            fclose(f);
    }
    closedir(d);
    return n;
}

int main(int argc, char **argv)
{
    REQUIRE(argc == 2);
    th_app h;
    pf_app_prepare(&h, "prefs-portal");
    pf_fake_init(&portal, argv[1], &h);
    char config_home[TH_PATH_MAX + 16];
    snprintf(config_home, sizeof config_home, "%s/config", h.root);
    REQUIRE(setenv("XDG_CONFIG_HOME", config_home, 1) == 0);
    REQUIRE(setenv("GSETTINGS_BACKEND", "keyfile", 1) == 0);
    pf_gset("org.gnome.desktop.interface", "text-scaling-factor", "1.75");

    pf_fake_start(&portal, NULL, 1);
    pset("org.gnome.desktop.interface", "text-scaling-factor", "d", "1.25");
    pset("org.gnome.desktop.interface", "enable-animations", "b", "true");
    pset("org.gnome.desktop.a11y.interface", "high-contrast", "b", "false");
    th_vault_make(h.data);
    h.opt.system_prefs = 1;
    th_app_start(&h);
    ui_app *app = th_app_ui(&h);

    /* 1. the portal's values, and no GIO */
    CHECK(pf_log_count(&portal, "ReadAll") == 1);
    CHECK(fabsf(ui_app_system_prefs(app).text_scale - 1.25f) < 0.01f);
    CHECK(fabsf(app->ctx.metrics.text_scale - 1.25f) < 0.01f);
    CHECK(app->ctx.reduce_motion == 0 && app->ctx.high_contrast == 0);
    CHECK(ui_module_is_open("portal"));
    CHECK(!ui_module_is_open("gsettings"));
    CHECK(!mapped("libgio-2.0"));
    th_app_unlock(&h, NULL);

    /* 2. a change while it runs wakes the blocked loop */
    pset("org.gnome.desktop.interface", "text-scaling-factor", "d", "1.5");
    int events = pf_wait_until(&h, at_150, 5000);
    CHECK(at_150(app));
    CHECK(events >= 1 && events <= 3);

    /* 3. idle: the watcher sleeps in poll() with no timeout */
    long before = thread_switches("im-system-pref");
    CHECK(before >= 0);
    SDL_Delay(1200);
    long after = thread_switches("im-system-pref");
    CHECK(after == before);
    if (after != before)
        fprintf(stderr, "the watcher woke %ld times in 1.2 s idle\n", after - before);

    /* 4. motion and contrast */
    pset("org.gnome.desktop.interface", "enable-animations", "b", "false");
    pf_wait_until(&h, motion_on, 5000);
    CHECK(motion_on(app));
    pset("org.gnome.desktop.a11y.interface", "high-contrast", "b", "true");
    pf_wait_until(&h, contrast_on, 5000);
    CHECK(contrast_on(app));
    ui_rgba bg = ui_color(&app->ctx, UI_C_BG);
    CHECK(bg.r == 255 && bg.g == 255 && bg.b == 255);
    CHECK(!mapped("libgio-2.0"));

    /* 5. no portal on the bus: GSettings, through its module */
    th_app_stop(&h);
    pf_fake_stop(&portal);
    th_app_start(&h);
    app = th_app_ui(&h);
    CHECK(fabsf(ui_app_system_prefs(app).text_scale - 1.75f) < 0.01f);
    CHECK(ui_module_is_open("gsettings"));
    th_app_finish(&h);
    return im_check_done();
}
