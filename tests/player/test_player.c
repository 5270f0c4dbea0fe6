/*
 * test_player.c -- runs one script of the solo experience (Path, the
 * exercise player, Practice) through the real app, headless, in process,
 * so it can also look at what a script cannot see:
 *
 *   test_player SCRIPT
 *
 * The script is the driver's language (app/driver.h), one step per line,
 * plus directives in comments the driver would ignore:
 *
 *   #! secret "TEXT"  TEXT was typed in this script: at the end the data
 *                     folder is scanned and must hold it 0 times (answers
 *                     are sealed by the vault, never written in clear)
 *   #! ticking        something animates now: a second of waiting draws
 *                     frames
 *   #! sleeps         something runs now (a countdown), yet the loop's next
 *                     wake-up is at least 100 ms away, not the next frame
 *   #! idle           nothing animates now: ten seconds of waiting draw no
 *                     frame, and the loop would block (no wakeup due)
 *   #! first-run      the shell's first run with PASSPHRASE: welcome,
 *                     passphrase twice, the recovery code (read off the
 *                     screen, as a person copies it) and its check, names
 *                     skipped; ends on Home
 *   #! unlock         types PASSPHRASE on the unlock screen (after restart)
 *
 * A fresh data folder (and XDG_DATA_HOME) per run; the key derivation is
 * the session's test minimum (INNERMOST_TEST_KDF=min), so a first run
 * takes milliseconds.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/driver.h"
#include "check.h"

#define SECRETS_MAX 16
#define LINE_MAX_ 2048

static ui_driver *drv;
static char *secrets[SECRETS_MAX];
static int nsecrets;

static int step(const char *file, int line, const char *text)
{
    return ui_driver_step(drv, file, line, text);
}

/* The quoted text of `#! secret "TEXT"` (no escapes needed in secrets). */
static void add_secret(const char *rest)
{
    const char *a = strchr(rest, '"');
    const char *b = a ? strrchr(a + 1, '"') : NULL;
    if (!a || !b || b == a + 1 || nsecrets == SECRETS_MAX) {
        CHECK(!"a secret directive wants one quoted text");
        return;
    }
    secrets[nsecrets++] = strndup(a + 1, (size_t)(b - a - 1));
}

static void check_ticking(const char *file, int line)
{
    ui_app *app = ui_driver_app(drv);
    long f0 = app->frames;
    int was = ui_app_animating(app);
    CHECK(step(file, line, "wait 1") == 0);
    app = ui_driver_app(drv);
    if (!was || app->frames < f0 + 10) fprintf(stderr, "%s:%d: not ticking (animating %d, %ld frames in 1 s)\n", file, line, was, app->frames - f0);
    CHECK(was);
    CHECK(app->frames >= f0 + 10);
}

/* A countdown is running, yet the loop sleeps until its shown second
 * changes instead of waking every frame (widget.h, deadline).  The tick
 * that drew a new second asks for one more frame; the update after it is
 * quiet, and from there the loop sleeps: run that update first. */
static void check_sleeps(const char *file, int line)
{
    ui_app *app = ui_driver_app(drv);
    ui_app_update(app);
    int64_t ahead = ui_app_next_wakeup(app) - app->virtual_ms;
    if (!ui_app_animating(app) || ahead < 100)
        fprintf(stderr, "%s:%d: not sleeping (animating %d, next wake-up in %lld ms)\n", file, line,
                ui_app_animating(app), (long long)ahead);
    CHECK(ui_app_animating(app));
    CHECK(ahead >= 100);
}

static void check_idle(const char *file, int line)
{
    ui_app *app = ui_driver_app(drv);
    long f0 = app->frames;
    int was = ui_app_animating(app);
    CHECK(step(file, line, "wait 10") == 0);
    app = ui_driver_app(drv);
    if (was || app->frames != f0) fprintf(stderr, "%s:%d: not idle (animating %d, %ld frames in 10 s)\n", file, line, was, app->frames - f0);
    CHECK(!was);
    CHECK(app->frames == f0);
    CHECK(ui_app_next_wakeup(app) == INT64_MAX || ui_app_next_wakeup(app) > app->virtual_ms + 10000);
}

#define PASSPHRASE "correct horse battery staple"

/* The recovery code's label: eight groups of four, in two lines. */
static const char *find_code(ui_widget *w)
{
    if (!w || (w->flags & UI_WF_HIDDEN)) return NULL;
    if (w->label && strlen(w->label) == 39 && w->label[4] == '-' && w->label[19] == '\n') return w->label;
    for (ui_widget *c = w->first; c; c = c->next) {
        const char *f = find_code(c);
        if (f) return f;
    }
    return NULL;
}

static int steps(const char *file, int line, const char *const *list)
{
    for (; *list; list++)
        if (step(file, line, *list) != 0) return -1;
    return 0;
}

static int first_run(const char *file, int line)
{
    static const char *const start[] = { "tap \"Get started\"", "tap \"Passphrase\"", "type \"" PASSPHRASE "\"",
                                         "tap \"Type it again\"", "type \"" PASSPHRASE "\"",
                                         "tap \"Create my private space\"", "wait 2", NULL };
    if (steps(file, line, start) != 0) return -1;
    const char *code = find_code(ui_app_input_root(ui_driver_app(drv)));
    if (!code) {
        fprintf(stderr, "%s:%d: first-run: no recovery code on screen\n", file, line);
        return -1;
    }
    char typed[64];
    snprintf(typed, sizeof typed, "type \"%s\"", code); /* the whole code passes the check */
    const char *const check[] = { "tap \"I have written it down\"", "tap \"Groups from your code\"", typed, "tap \"Check\"",
                                  "tap \"Skip\"", NULL };
    return steps(file, line, check);
}

static int unlock(const char *file, int line)
{
    static const char *const list[] = { "tap \"Passphrase\"", "type \"" PASSPHRASE "\"", "tap \"Unlock\"", "wait 2", NULL };
    return steps(file, line, list);
}

static int run_script(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        return -1;
    }
    char buf[LINE_MAX_];
    int line = 0, status = 0;
    while (status == 0 && fgets(buf, sizeof buf, f)) {
        line++;
        buf[strcspn(buf, "\r\n")] = 0;
        char *p = buf;
        while (*p == ' ' || *p == '\t') p++;
        if (!strncmp(p, "#! secret", 9)) add_secret(p + 9);
        else if (!strcmp(p, "#! ticking")) check_ticking(path, line);
        else if (!strcmp(p, "#! sleeps")) check_sleeps(path, line);
        else if (!strcmp(p, "#! idle")) check_idle(path, line);
        else if (!strcmp(p, "#! first-run")) status = first_run(path, line);
        else if (!strcmp(p, "#! unlock")) status = unlock(path, line);
        else if (*p && *p != '#' && step(path, line, p) != 0) status = -1;
    }
    fclose(f);
    return status;
}

int main(int argc, char **argv)
{
    REQUIRE(argc == 2);
    char *dir = im_tmpdir_make("player");
    REQUIRE(dir != NULL);
    char xdg[1024], data[1024];
    snprintf(xdg, sizeof xdg, "%s/xdg", dir);
    snprintf(data, sizeof data, "%s/data", dir);
    setenv("XDG_DATA_HOME", xdg, 1);
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("INNERMOST_TEST_KDF", "min", 1);
    REQUIRE(SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) == 0);
    ui_app_options opt = { 0 };
    opt.headless = 1;
    opt.data_dir = data;
    opt.width_pt = 390;
    opt.height_pt = 844;
    opt.scale = getenv("IM_PLAYER_SCALE") ? (float)atof(getenv("IM_PLAYER_SCALE")) : 1.0f; /* pixels are not what this test is about: keep frames cheap */
    char err[256] = "";
    const char *shots = getenv("IM_PLAYER_SHOTS");
    drv = ui_driver_new(&opt, shots, err, sizeof err);
    if (!drv) fprintf(stderr, "driver: %s\n", err);
    REQUIRE(drv != NULL);
    CHECK(run_script(argv[1]) == 0);
    ui_driver_free(drv); /* closes the vault: what is on disk is final */
    for (int i = 0; i < nsecrets; i++) {
        long hits = im_scan_dir_for(data, secrets[i], strlen(secrets[i]));
        if (hits != 0) fprintf(stderr, "\"%s\" found %ld times in the data folder\n", secrets[i], hits);
        CHECK(hits == 0);
        free(secrets[i]);
    }
    im_tmpdir_remove(dir);
    SDL_Quit();
    return im_check_done();
}
