/* app_harness.c -- see app_harness.h. */
#define _POSIX_C_SOURCE 200809L
#include "app_harness.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "render/text.h"

static int sdl_started; /* th_app_env ran and th_app_finish has not */

void th_app_env(void)
{
    if (sdl_started)
        return;
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    REQUIRE(SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) == 0);
    sdl_started = 1;
}

void th_app_prepare(th_app *h, const char *tag)
{
    memset(h, 0, sizeof *h);
    h->root = im_tmpdir_make(tag);
    REQUIRE(h->root != NULL);
    snprintf(h->data, sizeof h->data, "%s/data", h->root);
    snprintf(h->xdg, sizeof h->xdg, "%s/xdg", h->root);
    REQUIRE(mkdir(h->data, 0700) == 0 && mkdir(h->xdg, 0700) == 0);
    setenv("XDG_DATA_HOME", h->xdg, 1);
    /* The places the file chooser offers (platform/file_picker.h) are
     * this run's: a home with Documents and Downloads in the folder, no
     * user-dirs.dirs, no removable drive but what /media holds, and no
     * session bus (so no desktop portal) unless a test brings its own. */
    if (!getenv("XDG_CACHE_HOME") && getenv("HOME")) { /* fontconfig's cache stays where it was */
        char cache[TH_PATH_MAX];
        snprintf(cache, sizeof cache, "%s/.cache", getenv("HOME"));
        setenv("XDG_CACHE_HOME", cache, 1);
    }
    snprintf(h->home, sizeof h->home, "%s/home", h->root);
    char sub[TH_PATH_MAX + 16];
    REQUIRE(mkdir(h->home, 0700) == 0);
    snprintf(sub, sizeof sub, "%s/Documents", h->home);
    REQUIRE(mkdir(sub, 0700) == 0);
    snprintf(sub, sizeof sub, "%s/Downloads", h->home);
    REQUIRE(mkdir(sub, 0700) == 0);
    snprintf(sub, sizeof sub, "%s/config", h->root);
    REQUIRE(mkdir(sub, 0700) == 0);
    setenv("HOME", h->home, 1);
    setenv("XDG_CONFIG_HOME", sub, 1);
    unsetenv("DBUS_SESSION_BUS_ADDRESS");
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("INNERMOST_TEST_KDF", "min", 1);
    h->opt.headless = 1;
    h->opt.data_dir = h->data;
    h->opt.width_pt = 390;
    h->opt.height_pt = 844;
    h->opt.scale = 1.0f; /* pixels are not what these tests are about: frames stay cheap */
    h->name = tag;
}

int th_app_try_start(th_app *h, char *err, size_t errlen)
{
    REQUIRE(h->drv == NULL);
    th_app_env();
    h->drv = ui_driver_new(&h->opt, h->shots, err, errlen);
    if (!h->drv)
        return -1;
    ui_app *app = ui_driver_app(h->drv);
    const ui_test_seam *seam = app->opt.seam;
    REQUIRE(seam && seam->epoch_ms == TH_EPOCH_MS);
    /* The system fonts come from a worker the first frame starts
     * (render/fontchain.h), taken by whichever search runs when it is
     * done.  A test that compares a layout with a later one (the a11y
     * boxes with the caret) must not see them arrive in between: on a
     * slow machine they did, mid-loop.  So every test starts with them in,
     * and with the redraw they bring drawn (an idle test counts frames). */
    ui_text_fonts_wait(app->ctx.text);
    REQUIRE(ui_driver_step(h->drv, h->name, 0, "wait 0") == 0);
    return 0;
}

void th_app_start(th_app *h)
{
    char err[256] = "";
    if (th_app_try_start(h, err, sizeof err) != 0)
        fprintf(stderr, "%s: the app did not start: %s\n", h->name, err);
    REQUIRE(h->drv != NULL);
}

ui_app *th_app_ui(th_app *h) { return h->drv ? ui_driver_app(h->drv) : NULL; }

int th_app_drawn(th_app *h, const char *text)
{
    const ui_app *app = th_app_ui(h);
    REQUIRE(app != NULL);
    size_t n = strlen(text);
    for (size_t i = 0; i < app->dl.count; i++) {
        const ui_cmd *c = &app->dl.cmds[i];
        if (c->kind != UI_CMD_TEXT)
            continue;
        const char *s = ui_drawlist_text(&app->dl, c);
        for (int k = 0; k + (int)n <= c->text_len; k++)
            if (memcmp(s + k, text, n) == 0)
                return 1;
    }
    return 0;
}

int th_app_step(th_app *h, const char *line)
{
    int rc = ui_driver_step(h->drv, h->name, 0, line);
    if (rc != 0)
        fprintf(stderr, "  (the step was: %s)\n", line);
    return rc;
}

void th_app_unlock(th_app *h, const char *pass)
{
    char typed[300];
    snprintf(typed, sizeof typed, "type \"%s\"", pass ? pass : TH_PASS);
    CHECK(th_app_step(h, "expect \"Unlock Innermost\"") == 0);
    CHECK(th_app_step(h, "tap \"Passphrase\"") == 0);
    CHECK(th_app_step(h, typed) == 0);
    CHECK(th_app_step(h, "tap \"Unlock\"") == 0);
    CHECK(th_app_step(h, "expect \"Hello\"") == 0);
}

void th_app_stop(th_app *h)
{
    if (!h->drv)
        return;
    h->opt.start_virtual_ms = ui_driver_app(h->drv)->virtual_ms;
    ui_driver_free(h->drv);
    h->drv = NULL;
}

void th_app_finish(th_app *h)
{
    th_app_stop(h);
    im_tmpdir_remove(h->root);
    h->root = NULL;
    SDL_Quit();
    sdl_started = 0;
}

long th_app_scan(const th_app *h, const char *text)
{
    size_t n = strlen(text);
    return im_scan_dir_for(h->data, text, n) + im_scan_dir_for(h->xdg, text, n);
}
