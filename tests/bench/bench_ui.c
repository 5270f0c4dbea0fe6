/*
 * bench_ui.c -- UI figures for `make bench`, taken from the real toolkit and
 * screens (innermost_ui) without changing them.
 *
 *   bench_ui fling   The start screen's 10,000-row list at 1170x2532 px
 *                    (390x844 pt at scale 3) on the software renderer,
 *                    headless on virtual time: flings up and down, every
 *                    frame drawn while the list moves is timed (the app's
 *                    own measure: build the draw list, replay it, present).
 *                    One fling up and one down.  Prints "fling: frames N
 *                    p50 A ms p99 B ms max C ms size WxH" (wall time) and
 *                    "fling-cpu: p50 A ms p99 B ms" (the thread's CPU time
 *                    per frame: what a machine shared with other work
 *                    cannot inflate).
 *   bench_ui idle S  The app in a window (SDL's dummy video driver, real
 *                    time, the real loop ui_app_run) left alone for S
 *                    seconds after one second to settle: frames drawn and
 *                    CPU time meanwhile; then the same S seconds of a bare
 *                    SDL_WaitEvent loop on the same driver, because the dummy
 *                    driver cannot sleep in SDL_WaitEvent and polls every
 *                    millisecond, so that cost is SDL's, not the app's.
 *                    Prints "idle: seconds S frames F cpu A % baseline B %
 *                    rss R MB".
 *
 * The driver's own fling (the `swipe` step) runs until the list stops but
 * reports only totals, so the finger path is replayed here the same way
 * (six moves 16 ms apart, then frames 16 ms apart until idle).
 */
#define _POSIX_C_SOURCE 200809L
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "app/app.h"
#include "app/driver.h"
#include "app/loop.h"
#include "bench_util.h"

#define FRAME_MS 16
#define MAX_FRAMES 20000

static double frame_ms[MAX_FRAMES], frame_cpu_ms[MAX_FRAMES];
static int n_frames;

/* Events in, update, one frame; its time recorded if one was drawn. */
static void pump(ui_app *app)
{
    SDL_Event e;
    while (SDL_PollEvent(&e))
        ui_app_handle_event(app, &e);
    ui_app_update(app);
    double before = app->frame_ms_total, cpu = bench_thread_cpu_ms();
    if (ui_app_frame(app, 0) && n_frames < MAX_FRAMES) {
        frame_cpu_ms[n_frames] = bench_thread_cpu_ms() - cpu;
        frame_ms[n_frames++] = app->frame_ms_total - before;
    }
}

static void finger(ui_app *app, Uint32 type, float x, float y)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = type;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = 1;
    e.tfinger.x = x / (float)app->ctx.metrics.width_px;
    e.tfinger.y = y / (float)app->ctx.metrics.height_px;
    e.tfinger.pressure = 1.0f;
    SDL_PushEvent(&e);
    pump(app);
}

static void fling(ui_app *app, int up)
{
    float h = (float)app->ctx.metrics.height_px;
    float x = (float)app->ctx.metrics.width_px / 2;
    float y0 = up ? h * 0.7f : h * 0.3f, y1 = up ? h * 0.3f : h * 0.7f;
    finger(app, SDL_FINGERDOWN, x, y0);
    for (int i = 1; i <= 6; i++) {
        app->virtual_ms += FRAME_MS;
        pump(app);
        finger(app, SDL_FINGERMOTION, x, y0 + (y1 - y0) * (float)i / 6);
    }
    finger(app, SDL_FINGERUP, x, y1);
    for (int t = 0; t < 10000 && (ui_app_animating(app) || app->ctx.dirty); t += FRAME_MS) {
        app->virtual_ms += FRAME_MS;
        pump(app);
    }
}

static int bench_fling(const char *data_dir)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        return 1;
    ui_app_options opt = {0};
    opt.headless = 1;
    opt.data_dir = data_dir;
    opt.width_pt = 390;
    opt.height_pt = 844;
    opt.scale = 3.0f;
    char err[256];
    ui_driver *d = ui_driver_new(&opt, NULL, err, sizeof err);
    if (!d) {
        fprintf(stderr, "bench_ui: %s\n", err);
        return 1;
    }
    if (ui_driver_step(d, "bench_ui", 1, "tap \"List\"") ||
        ui_driver_step(d, "bench_ui", 2, "expect \"Row 1\""))
        return 1;
    ui_app *app = ui_driver_app(d);
    for (int i = 0; i < 2; i++)
        fling(app, i == 0);
    if (n_frames == 0)
        return 1;
    size_t n = (size_t)n_frames;
    printf("fling: frames %zu p50 %.2f ms p99 %.2f ms max %.2f ms size %dx%d\n",
           n, bench_pct(frame_ms, n, 0.5), bench_pct(frame_ms, n, 0.99),
           bench_pct(frame_ms, n, 1.0), app->ctx.metrics.width_px,
           app->ctx.metrics.height_px);
    printf("fling-cpu: p50 %.2f ms p99 %.2f ms (this thread's CPU time per frame)\n",
           bench_pct(frame_cpu_ms, n, 0.5), bench_pct(frame_cpu_ms, n, 0.99));
    ui_driver_free(d);
    SDL_Quit();
    return 0;
}

/* ---- idle ---- */

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
           ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

struct watch {
    ui_app *app;       /* NULL for the bare loop */
    int seconds;
    int phase;         /* 0: settling, 1: measuring */
    double cpu0, cpu1;
    long frames0, frames1;
};

/* SDL timer thread: start measuring after one second, stop after more. */
static Uint32 on_timer(Uint32 interval, void *p)
{
    struct watch *w = p;
    if (w->phase == 0) {
        w->cpu0 = cpu_s();
        w->frames0 = w->app ? w->app->frames : 0;
        w->phase = 1;
        return (Uint32)w->seconds * 1000;
    }
    w->cpu1 = cpu_s();
    w->frames1 = w->app ? w->app->frames : 0;
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_QUIT;
    SDL_PushEvent(&e);
    (void)interval;
    return 0;
}

static int bench_idle(const char *data_dir, int seconds)
{
    if (!SDL_getenv("SDL_VIDEODRIVER")) /* e.g. x11 under xvfb-run */
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER) != 0)
        return 1;
    ui_app_options opt = {0};
    opt.data_dir = data_dir;
    char err[256];
    ui_app *app = ui_app_create(&opt, err, sizeof err);
    if (!app) {
        fprintf(stderr, "bench_ui: %s\n", err);
        return 1;
    }
    char driver[32];
    snprintf(driver, sizeof driver, "%s", SDL_GetCurrentVideoDriver());
    struct watch app_w = {app, seconds, 0, 0, 0, 0, 0};
    SDL_AddTimer(1000, on_timer, &app_w);
    ui_app_run(app);
    long rss = bench_rss_kib();
    ui_app_destroy(app);

    struct watch bare_w = {NULL, seconds, 0, 0, 0, 0, 0};
    SDL_Window *win = SDL_CreateWindow("bare", 0, 0, 480, 800, 0);
    SDL_AddTimer(1000, on_timer, &bare_w);
    for (SDL_Event e; SDL_WaitEvent(&e) && e.type != SDL_QUIT;)
        ;
    SDL_DestroyWindow(win);
    SDL_Quit();
    printf("idle: driver %s seconds %d frames %ld cpu %.2f %% baseline %.2f %% rss %.1f MB\n",
           driver, seconds, app_w.frames1 - app_w.frames0,
           100 * (app_w.cpu1 - app_w.cpu0) / seconds,
           100 * (bare_w.cpu1 - bare_w.cpu0) / seconds, (double)rss / 1024);
    return 0;
}

int main(int argc, char **argv)
{
    const char *base = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/im-bench-ui-XXXXXX", base && *base ? base : "/tmp");
    if (argc < 2 || !mkdtemp(dir)) {
        fprintf(stderr, "usage: bench_ui fling | idle SECONDS\n");
        return 2;
    }
    int rc = !strcmp(argv[1], "fling") ? bench_fling(dir)
           : !strcmp(argv[1], "idle") ? bench_idle(dir, argc > 2 ? atoi(argv[2]) : 10)
           : 2;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
