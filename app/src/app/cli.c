/* cli.c -- see cli.h. */
#include "app/cli.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/loop.h"
#include "platform/window.h"

static int usage(const char *why)
{
    fprintf(stderr,
            "innermost: %s\n"
            "usage: innermost [--data-dir DIR] [--content DIR] [--gallery]\n",
            why);
    return 2;
}

/* Invariant 1: the test build's options, named so a mistaken script or
 * a curious user gets a plain answer rather than "unknown option". */
static int test_only(const char *a)
{
    static const char *const names[] = { "--headless", "--script", "--shots", "--size", "--scale" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(a, names[i])) {
            fprintf(stderr,
                    "innermost: %s is not an option of this program; it opens a window only. "
                    "(Scripted runs are in the test build, innermost-test.)\n",
                    a);
            return 1;
        }
    return 0;
}

#ifndef IM_APP_VERSION
#define IM_APP_VERSION "unknown"
#endif

/* --help: what the program is and its options, on stdout, exit 0. */
static int help(void)
{
    printf("Innermost %s: a private, offline companion for working through fear of\n"
           "closeness, alone or as a couple sharing one device.  Everything stays on\n"
           "this device, encrypted with your passphrase.\n\n"
           "usage: innermost [--data-dir DIR] [--content DIR] [--gallery]\n\n"
           "  --data-dir DIR  keep the encrypted vault in DIR (default: the per-user\n"
           "                  data folder, e.g. ~/.local/share/Innermost/Innermost)\n"
           "  --content DIR   read the programmes from DIR instead of the built-in ones\n"
           "  --gallery       show the widget gallery (for designers)\n"
           "  --help          print this help and exit\n"
           "  --version       print the version and exit\n\n"
           "See innermost(1).\n",
           IM_APP_VERSION);
    return 0;
}

static int no_display(const char *why)
{
    fprintf(stderr, "innermost: no display to open a window on (%s).\n", why);
    return 1;
}

static int run_window(const ui_app_options *opt)
{
    const char *asked = SDL_getenv("SDL_VIDEODRIVER");
#if defined(__linux__) && !defined(__ANDROID__)
    /* Checked before SDL probes, which would print its own complaints. */
    if (!asked && !SDL_getenv("DISPLAY") && !SDL_getenv("WAYLAND_DISPLAY"))
        return no_display("DISPLAY and WAYLAND_DISPLAY are not set");
#endif
    ui_window_class_prepare();                           /* SDL's X11 back end reads the class at SDL_Init */
    SDL_SetHint(SDL_HINT_ANDROID_TRAP_BACK_BUTTON, "1"); /* AC Back arrives as a key: "back" */
    SDL_SetHint(SDL_HINT_ORIENTATIONS, "Portrait PortraitUpsideDown LandscapeLeft LandscapeRight");
    SDL_SetHint(SDL_HINT_IME_SHOW_UI, "1");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) return no_display(SDL_GetError());
    /* SDL falls back to an invisible driver rather than failing. */
    const char *drv = SDL_GetCurrentVideoDriver();
    if (!asked && drv && (!strcmp(drv, "offscreen") || !strcmp(drv, "dummy"))) {
        SDL_Quit();
        return no_display("only an offscreen video driver is available");
    }
    char err[256];
    ui_app *app = ui_app_create(opt, err, sizeof err);
    if (!app) {
        fprintf(stderr, "innermost: %s\n", err);
        SDL_Quit();
        return 1;
    }
    int rc = ui_app_run(app);
    ui_app_destroy(app);
    SDL_Quit();
    return rc;
}

int ui_main(int argc, char **argv, const ui_routes *routes, const ui_cli_ext *ext)
{
    ui_app_options opt;
    memset(&opt, 0, sizeof opt);
    opt.routes = routes;
    opt.width_pt = 390;
    opt.height_pt = 844;
    opt.scale = 1.0f;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) return help();
        if (!strcmp(a, "--version")) {
            printf("innermost %s\n", IM_APP_VERSION);
            return 0;
        }
        if (!strcmp(a, "--gallery")) {
            opt.gallery = 1;
            continue;
        }
        if (!strncmp(a, "-psn_", 5)) continue; /* macOS Finder */
        if (!strcmp(a, "--data-dir") || !strcmp(a, "--content")) {
            if (!v) {
                char why[128];
                snprintf(why, sizeof why, "%s needs a value", a);
                return usage(why);
            }
            if (!strcmp(a, "--data-dir")) opt.data_dir = v;
            else opt.content_dir = v;
            i++;
            continue;
        }
        int took = ext ? ext->option(ext->st, argc, argv, i, &opt) : 0;
        if (took < 0) return 2;
        if (took > 0) {
            i += took - 1;
            continue;
        }
        if (!ext && test_only(a)) return 2;
        char why[128];
        snprintf(why, sizeof why, "unknown option %s", a);
        return usage(why);
    }
    if (ext) {
        int rc = ext->run(ext->st, &opt);
        if (rc >= 0) return rc;
    }
    return run_window(&opt);
}
