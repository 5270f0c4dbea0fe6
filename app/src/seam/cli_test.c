/*
 * cli_test.c -- the test build's command-line extension (cli.h): the
 * headless script driver's options.  Linked only into innermost-test (and
 * the in-process test programs), never into the product.
 *
 *   innermost-test --headless [--data-dir DIR] [--size WxH] [--scale S]
 *                  [--shots DIR] [--content DIR] --script FILE
 *   (FILE "-": stdin, a line at a time)
 */
#include "seam/cli_test.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/driver.h"

typedef struct test_cli {
    int headless;
    const char *script, *shots;
} test_cli;

static int bad(const char *why)
{
    fprintf(stderr,
            "innermost-test: %s\n"
            "usage: innermost-test [--data-dir DIR] [--content DIR] [--gallery]\n"
            "       innermost-test --headless [--data-dir DIR] [--size WxH] [--scale S] [--shots DIR]\n"
            "                      [--content DIR] --script FILE  (FILE \"-\": stdin, a line at a time)\n",
            why);
    return -1;
}

static int test_option(void *st, int argc, char **argv, int i, ui_app_options *opt)
{
    test_cli *t = st;
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--headless")) {
        t->headless = 1;
        return 1;
    }
    if (strcmp(a, "--script") && strcmp(a, "--shots") && strcmp(a, "--size") && strcmp(a, "--scale")) return 0;
    if (!v) {
        char why[128];
        snprintf(why, sizeof why, "%s needs a value", a);
        return bad(why);
    }
    if (!strcmp(a, "--script")) t->script = v;
    else if (!strcmp(a, "--shots")) t->shots = v;
    else if (!strcmp(a, "--size")) {
        if (sscanf(v, "%dx%d", &opt->width_pt, &opt->height_pt) != 2 || opt->width_pt < 100 || opt->height_pt < 100 ||
            opt->width_pt > 4000 || opt->height_pt > 4000)
            return bad("--size wants WxH in points, e.g. 390x844");
    } else {
        char *end;
        opt->scale = strtof(v, &end);
        if (*end || opt->scale < 0.5f || opt->scale > 4.0f) return bad("--scale wants a number from 0.5 to 4");
    }
    return 2;
}

static int run_headless(const ui_app_options *opt, const char *script, const char *shots)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "innermost: cannot start SDL headless: %s\n", SDL_GetError());
        return 1;
    }
    char err[256];
    ui_driver *d = ui_driver_new(opt, shots, err, sizeof err);
    if (!d) {
        fprintf(stderr, "innermost: %s\n", err); /* the app's own words, as tests expect */
        SDL_Quit();
        return 1;
    }
    int rc = ui_driver_run_file(d, script);
    ui_driver_free(d);
    SDL_Quit();
    return rc;
}

static int test_run(void *st, const ui_app_options *opt)
{
    test_cli *t = st;
    if (t->headless) {
        if (!t->script) {
            bad("--headless needs --script FILE");
            return 2;
        }
        return run_headless(opt, t->script, t->shots);
    }
    if (t->script || t->shots) {
        bad("--script and --shots need --headless");
        return 2;
    }
    return -1; /* a window, as the product */
}

int ui_test_main(int argc, char **argv, const ui_routes *routes)
{
    test_cli t = { 0 };
    ui_cli_ext ext = { test_option, test_run, &t };
    return ui_main(argc, argv, routes, &ext);
}
