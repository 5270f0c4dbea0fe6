#define _POSIX_C_SOURCE 200809L
/*
 * test_system_prefs_once.c -- the desktop's settings read once when
 * GSettings could never tell of a change (issues 17 and 19;
 * app/src/platform/system_prefs.c, "Read once when nothing can change").
 *
 * No session bus, no X display, GSETTINGS_BACKEND=memory, and the GNOME
 * schemas compiled into a private GSETTINGS_SCHEMA_DIR with an override
 * (text 125 %, animations off, high contrast on), so every value differs
 * from the system's defaults:
 *
 *   test_system_prefs_once tool     the values are said (1.25, reduce
 *                                   motion, high contrast), notify ran
 *                                   once, by the time start returned (its
 *                                   contract), and neither the GSettings module
 *                                   nor GIO was mapped into this process
 *                                   (GLib's gsettings tool read them in a
 *                                   child).  Fails on the code before,
 *                                   which opened the module (~3 MB RSS).
 *   test_system_prefs_once no-tool  PATH without the tool: the same values,
 *                                   through the module as before (nothing
 *                                   is lost where the tool is missing).
 *
 * A backend that can watch without a bus (keyfile) is still watched live:
 * test_system_prefs.
 */
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "platform/module.h"
#include "platform/system_prefs.h"

static SDL_atomic_t notified; /* notify may run on the reader's thread */
static void on_notify(void *ctx)
{
    (void)ctx;
    SDL_AtomicAdd(&notified, 1);
}

/* 1 when /proc/self/maps names a file whose name starts with prefix. */
static int maps_has(const char *prefix)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[4608];
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f)) {
        const char *slash = strrchr(line, '/');
        if (slash && !strncmp(slash + 1, prefix, strlen(prefix)))
            found = 1;
    }
    if (f)
        fclose(f);
    return found;
}

static void copy_file(const char *from, const char *to)
{
    size_t n = 0;
    unsigned char *b = im_file_read(from, &n);
    REQUIRE(b != NULL);
    REQUIRE(im_file_write(to, b, n) == 0);
    free(b);
}

/* The two schemas (and the enums the interface one names) with an
 * override, compiled into dir. */
static void schemas_make(const char *dir)
{
    static const char *const files[] = {"org.gnome.desktop.interface.gschema.xml",
                                        "org.gnome.desktop.a11y.interface.gschema.xml",
                                        "org.gnome.desktop.enums.xml"};
    char from[1024], to[1024], cmd[2200];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(from, sizeof from, "/usr/share/glib-2.0/schemas/%s", files[i]);
        REQUIRE(snprintf(to, sizeof to, "%s/%s", dir, files[i]) < (int)sizeof to);
        copy_file(from, to);
    }
    static const char override[] = "[org.gnome.desktop.interface]\n"
                                   "text-scaling-factor=1.25\n"
                                   "enable-animations=false\n"
                                   "[org.gnome.desktop.a11y.interface]\n"
                                   "high-contrast=true\n";
    REQUIRE(snprintf(to, sizeof to, "%s/90_test.gschema.override", dir) < (int)sizeof to);
    REQUIRE(im_file_write(to, override, sizeof override - 1) == 0);
    REQUIRE(snprintf(cmd, sizeof cmd, "glib-compile-schemas '%s'", dir) < (int)sizeof cmd);
    REQUIRE(system(cmd) == 0);
}

int main(int argc, char **argv)
{
    int no_tool = argc > 1 && !strcmp(argv[1], "no-tool");
    char *dir = im_tmpdir_make("prefs-once");
    REQUIRE(dir != NULL);
    schemas_make(dir);
    REQUIRE(setenv("GSETTINGS_SCHEMA_DIR", dir, 1) == 0);
    REQUIRE(setenv("GSETTINGS_BACKEND", "memory", 1) == 0);
    unsetenv("DBUS_SESSION_BUS_ADDRESS");
    unsetenv("DISPLAY");
    unsetenv("XDG_RUNTIME_DIR");
    if (no_tool)
        REQUIRE(setenv("PATH", dir, 1) == 0); /* a folder with no gsettings in it */
    CHECK(!maps_has("libgio-2.0"));

    CHECK(ui_system_prefs_start(on_notify, NULL) == 0);
    ui_system_prefs p = ui_system_prefs_get();
    CHECK(fabsf(p.text_scale - 1.25f) < 0.001f);
    CHECK(p.reduce_motion == 1);
    CHECK(p.high_contrast == 1);
    CHECK(SDL_AtomicGet(&notified) == 1);
    if (no_tool) {
        CHECK(ui_module_is_open("gsettings"));
    } else {
        CHECK(!ui_module_is_open("gsettings"));
        CHECK(!maps_has("libgio-2.0"));
        CHECK(!maps_has("libgobject-2.0"));
    }
    printf("%s: text %.2f, reduce motion %d, high contrast %d; module %s, libgio %s\n",
           no_tool ? "no tool" : "tool", (double)p.text_scale, p.reduce_motion, p.high_contrast,
           ui_module_is_open("gsettings") ? "opened" : "not opened",
           maps_has("libgio-2.0") ? "mapped" : "not mapped");
    ui_system_prefs_stop();
    im_tmpdir_remove(dir);
    return im_check_done();
}
