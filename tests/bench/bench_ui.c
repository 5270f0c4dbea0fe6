/*
 * bench_ui.c -- UI figures for `make bench`, taken from the real app (its
 * screens, session and loop) over a data folder made by bench_fixture.
 * Nothing here changes how the app works: it watches through the app's
 * frame_drawn hook and, in `session`, the session's update hook.
 *
 *   bench_ui fling DATA PASSPHRASE
 *       Headless at 1170x2532 px (390x844 pt at scale 3) on the software
 *       renderer: unlock, open the Journal, then three flings up and three
 *       down through the script driver's own `swipe` (six finger moves
 *       16 ms apart, then frames until the list stops).  Every frame drawn
 *       while the list moves is timed (layout, draw list, replay, present).
 *       Prints "fling: frames N p50 A ms p99 B ms max C ms size WxH
 *       cpu-p50 D ms cpu-p99 E ms": wall time of each frame, then the
 *       thread's CPU time from one frame's end to the next (the frame and
 *       the driver's step before it), which a busy machine's other work
 *       does not inflate.
 *
 *   bench_ui build DATA PASSPHRASE
 *       Headless at 1170x2532 px like fling: unlock, open the Journal and
 *       fling its list up and down (the script driver's `swipe`) until the
 *       session's journal index is complete.  Every frame drawn while the
 *       index is still building after the unlock is logged: the gap from
 *       the frame before (the loop runs a slice of the index between
 *       frames, so a slice that blocks shows here), the thread's CPU time
 *       over that gap, and the frame's own time.  Prints "build: frames N
 *       in T ms (F per second) gap-p50 A ms gap-p99 B ms gap-max C ms
 *       (cpu G ms, its frame H ms) cpu-p99 P ms cpu-max D ms frame-max E ms
 *       size WxH" (G, H: the longest gap's CPU and frame); the rate is
 *       the driver's pace (virtual time, as fast as the frames come), not
 *       a display's 60 Hz: a gap under 16.7 ms is a frame that keeps 60 fps.
 *
 *   bench_ui search DATA PASSPHRASE
 *       Headless: unlock (the session loads the journal and its search
 *       dictionary), then one query in each of 13 scripts, an emoji and
 *       two two-word queries, through the journal the screens search
 *       (im_journal_search, first page of 50), the set 5 times over (the
 *       journal keeps the last answer: no query follows itself).  Meant for
 *       the journal in 13 scripts (bench_fixture ... mixed).  Prints one
 *       "query: HITS hits MEDIAN ms -- WHAT" line per query and
 *       "search: queries N p50 A ms max B ms first C ms" (first: the
 *       very first search after unlock).
 *
 *   bench_ui session DATA PASSPHRASE SECONDS
 *       The app in a window (SDL's dummy video driver, or whatever
 *       SDL_VIDEODRIVER names, e.g. x11 under xvfb-run), real time, the
 *       real loop (ui_app_run):
 *         1. the passphrase is typed into the unlock screen and Return
 *            pressed; from the moment the key derivation starts to the
 *            moment the session is unlocked (journal loaded): the time and
 *            the frames the unlock animation drew meanwhile;
 *         2. the Journal is opened: the time to its first frame;
 *         3. after one second to settle, SECONDS of real time with nothing
 *            moving: frames drawn and the process's CPU time;
 *         4. the resident memory then (VmRSS): the steady RSS of the app
 *            with every entry loaded.
 *       On the dummy driver SDL_WaitEvent cannot sleep and polls every
 *       millisecond, so the same SECONDS of a bare SDL_WaitEvent loop on
 *       the same driver are measured afterwards: that cost is SDL's.
 *       Prints "unlock: ms M frames F", "journal: first-frame M ms",
 *       "idle: driver D seconds S frames F cpu A % baseline B %" and
 *       "rss: MB".
 */
#define _POSIX_C_SOURCE 200809L
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __GLIBC__
#include <dlfcn.h>
#include <malloc.h>
#endif

#include "app/app.h"
#include "app/driver.h"
#include "app/loop.h"
#include "app/session.h"
#include "screens/areas.h"
#include "screens/routes.h"
#include "bench_util.h"
#include "journal_internal.h" /* BENCH_UI_MEMORY: the index's bytes */

#define MAX_FRAMES 20000

/* ---- fling ------------------------------------------------------------------ */

typedef struct frame_log {
    double ms[MAX_FRAMES];
    double cpu[MAX_FRAMES]; /* thread CPU since the previous frame ended */
    double cpu_last;
    size_t n;
} frame_log;

static void log_frame(ui_app *app, double ms, void *ctx)
{
    frame_log *log = ctx;
    (void)app;
    double now = bench_thread_cpu_ms();
    if (log->n < MAX_FRAMES) {
        log->cpu[log->n] = now - log->cpu_last;
        log->ms[log->n++] = ms;
    }
    log->cpu_last = now;
}

static int step(ui_driver *d, int line, const char *text)
{
    return ui_driver_step(d, "bench_ui", line, text);
}

/* The app headless (dummy driver, software renderer) on data_dir at 390x844
 * pt times scale, unlocked with pass through its unlock screen as a person
 * would: typed, then Return.  frame (may be NULL) watches every frame from
 * the Return on.  NULL, after saying why, if any of it fails. */
static ui_driver *start_unlocked(const char *data_dir, const char *pass, float scale,
                                 void (*frame)(ui_app *, double, void *), void *frame_ctx)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        return NULL;
    ui_app_options opt = {
        .headless = 1, .data_dir = data_dir, .width_pt = 390, .height_pt = 844, .scale = scale};
    char err[256], typed[512];
    ui_driver *d = ui_driver_new(&opt, NULL, err, sizeof err);
    if (!d) {
        fprintf(stderr, "bench_ui: %s\n", err);
        return NULL;
    }
    snprintf(typed, sizeof typed, "type \"%s\"", pass);
    if (step(d, 1, "expect \"Unlock Innermost\"") || step(d, 2, "tap \"Passphrase\"") || step(d, 3, typed))
        return NULL;
    ui_driver_app(d)->frame_drawn = frame;
    ui_driver_app(d)->frame_drawn_ctx = frame_ctx;
    return step(d, 4, "key Return") ? NULL : d;
}

static int bench_fling(const char *data_dir, const char *pass)
{
    ui_driver *d = start_unlocked(data_dir, pass, 3.0f, NULL, NULL);
    if (!d || step(d, 5, "tap \"Journal\"") || step(d, 6, "expect \"New entry\""))
        return 1;
    ui_app *app = ui_driver_app(d);
    static frame_log log;
    app->frame_drawn = log_frame;
    app->frame_drawn_ctx = &log;
    log.cpu_last = bench_thread_cpu_ms();
    const char *moves[] = {"swipe up", "swipe up", "swipe up", "swipe down", "swipe down", "swipe down"};
    for (int i = 0; i < 6; i++)
        if (step(d, 10 + i, moves[i]))
            return 1;
    app->frame_drawn = NULL;
    if (log.n == 0) {
        fprintf(stderr, "bench_ui: the flings drew no frames\n");
        return 1;
    }
    printf(
        "fling: frames %zu p50 %.2f ms p99 %.2f ms max %.2f ms size %dx%d cpu-p50 %.2f ms cpu-p99 %.2f ms\n",
        log.n, bench_pct(log.ms, log.n, 0.5), bench_pct(log.ms, log.n, 0.99), bench_pct(log.ms, log.n, 1.0),
        app->ctx.metrics.width_px, app->ctx.metrics.height_px, bench_pct(log.cpu, log.n, 0.5),
        bench_pct(log.cpu, log.n, 0.99));
    ui_driver_free(d);
    SDL_Quit();
    return 0;
}

/* ---- frames while the index builds ------------------------------------------ */

typedef struct build_log {
    double gap[MAX_FRAMES];         /* ms from the previous frame's end to this one's */
    double cpu[MAX_FRAMES];         /* the thread's CPU time over the same span */
    double frame[MAX_FRAMES];       /* the frame's own time (layout to present) */
    const char *screen[MAX_FRAMES]; /* the top screen's class name */
    double t_last, cpu_last, t_first, t_end;
    size_t n;
    int building; /* the last frame was drawn with the index still pending */
} build_log;

static int index_pending(ui_app *app)
{
    ui_session *s = ui_session_of(app);
    return s && s->state == UI_SESSION_UNLOCKED && s->journal && im_journal_index_pending(s->journal);
}

/* Every frame drawn while the index is pending after the unlock: the gap
 * since the frame before (the slice of the index the loop ran between them
 * is in it) and the frame's own time. */
static void log_build_frame(ui_app *app, double ms, void *ctx)
{
    build_log *log = ctx;
    double now = bench_now_ms(), cpu = bench_thread_cpu_ms();
    int pending = index_pending(app);
    if (pending && log->building && log->n < MAX_FRAMES) {
        log->gap[log->n] = now - log->t_last;
        log->cpu[log->n] = cpu - log->cpu_last;
        log->screen[log->n] = app->depth > 0 ? app->stack[app->depth - 1]->cls->name : "?";
        log->frame[log->n++] = ms;
    }
    if (pending && !log->t_first)
        log->t_first = now;
    if (!pending && log->t_first && !log->t_end)
        log->t_end = now;
    log->building = pending;
    log->t_last = now;
    log->cpu_last = cpu;
}

/* Unlock, open the Journal and fling its list up and down, as a person
 * reading it would, until the index is complete; every frame drawn
 * meanwhile is logged. */
static int bench_build(const char *data_dir, const char *pass)
{
    static build_log log;
    ui_driver *d = start_unlocked(data_dir, pass, 3.0f, log_build_frame, &log);
    if (!d || step(d, 5, "tap \"Journal\""))
        return 1;
    ui_app *app = ui_driver_app(d);
    for (int i = 0; index_pending(app); i++)
        if (i >= 2000 || step(d, 10 + i, i % 6 < 3 ? "swipe up" : "swipe down"))
            return 1;
    app->frame_drawn = NULL;
    if (log.n == 0) {
        fprintf(stderr, "bench_ui: no frame was drawn while the index built\n");
        return 1;
    }
    double span = (log.t_end ? log.t_end : bench_now_ms()) - log.t_first;
    size_t longest = 0;
    for (size_t i = 1; i < log.n; i++)
        if (log.gap[i] > log.gap[longest])
            longest = i;
    double longest_gap = log.gap[longest], longest_cpu = log.cpu[longest], longest_frame = log.frame[longest];
    if (getenv("BENCH_UI_TOP")) { /* the longest gaps, to see where one goes */
        static int seen[MAX_FRAMES];
        for (int k = 0; k < 8; k++) {
            size_t at = 0;
            for (size_t i = 1; i < log.n; i++)
                if (!seen[i] && (seen[at] || log.gap[i] > log.gap[at]))
                    at = i;
            seen[at] = 1;
            fprintf(stderr, "gap #%zu of %zu: %.2f ms, cpu %.2f ms, its frame %.2f ms (%s)\n", at, log.n,
                    log.gap[at], log.cpu[at], log.frame[at], log.screen[at]);
        }
    }
    printf("build: frames %zu in %.0f ms (%.1f per second) gap-p50 %.2f ms gap-p99 %.2f ms gap-max %.2f ms "
           "(cpu %.2f ms, its frame %.2f ms) cpu-p99 %.2f ms cpu-max %.2f ms frame-max %.2f ms size %dx%d\n",
           log.n, span, span > 0 ? 1000.0 * (double)log.n / span : 0.0, bench_pct(log.gap, log.n, 0.5),
           bench_pct(log.gap, log.n, 0.99), longest_gap, longest_cpu, longest_frame,
           bench_pct(log.cpu, log.n, 0.99), bench_pct(log.cpu, log.n, 1.0), bench_pct(log.frame, log.n, 1.0),
           app->ctx.metrics.width_px, app->ctx.metrics.height_px);
    ui_driver_free(d);
    SDL_Quit();
    return 0;
}

/* ---- search in every script ---------------------------------------------------- */

static const struct {
    const char *query, *what;
} search_queries[] = {
    {"na\xC3\xAFve", "Latin with diacritics"},
    {"\xCE\x95\xCE\x9C\xCE\xA0\xCE\x99\xCE\xA3\xCE\xA4\xCE\x9F\xCE\xA3\xCE\x8E\xCE\x9D\xCE\x97",
     "Greek, in capitals"},
    {"\xD0\xB4\xD0\xBE\xD0\xB2\xD0\xB5\xD1\x80\xD0\xB8\xD0\xB5", "Cyrillic"},
    {"\xD8\xA7\xD9\x84\xD8\xAB\xD9\x82\xD8\xA9", "Arabic"},
    {"\xD7\x94\xD7\x90\xD7\x9E\xD7\x95\xD7\x9F", "Hebrew"},
    {"\xE0\xA4\xA7\xE0\xA5\x80\xE0\xA4\xB0\xE0\xA5\x87", "Devanagari"},
    {"\xE0\xA6\xAC\xE0\xA6\xBF\xE0\xA6\xB6\xE0\xA7\x8D\xE0\xA6\xAC\xE0\xA6\xBE\xE0\xA6\xB8", "Bengali"},
    {"\xE0\xAE\xAE\xE0\xAF\x86\xE0\xAE\xA4\xE0\xAF\x81\xE0\xAE\xB5\xE0\xAE\xBE\xE0\xAE\x95", "Tamil"},
    {"\xE0\xB9\x84\xE0\xB8\xA7\xE0\xB9\x89\xE0\xB8\xA7\xE0\xB8\xB2\xE0\xB8\x87\xE0\xB9\x83\xE0\xB8\x88",
     "Thai, inside text without spaces"},
    {"\xE5\xBB\xBA\xE7\xAB\x8B", "Chinese, two characters inside a sentence"},
    {"\xE3\x82\x86\xE3\x81\xA3\xE3\x81\x8F\xE3\x82\x8A", "Japanese kana"},
    {"\xEC\xB2\x9C\xEC\xB2\x9C\xED\x9E\x88", "Korean"},
    {"\xE2\x9D\xA4\xEF\xB8\x8F", "an emoji"},
    {"na\xC3\xAFve fa\xC3\xA7"
     "ade",
     "two words"},
    {"\xE4\xBF\xA1\xE4\xBB\xBB \xEA\xB1\xB4\xEA\xB0\x95", "two scripts, one word in no entry"},
};
#define SEARCH_N (sizeof search_queries / sizeof search_queries[0])
#define SEARCH_REPEAT 5

static int bench_search(const char *data_dir, const char *pass)
{
    ui_driver *d = start_unlocked(data_dir, pass, 1.0f, NULL, NULL);
    if (!d || step(d, 5, "expect \"Journal\""))
        return 1;
    ui_session *s = ui_session_of(ui_driver_app(d));
    if (!s || s->state != UI_SESSION_UNLOCKED || !s->journal) {
        fprintf(stderr, "bench_ui: the session did not unlock\n");
        return 1;
    }
    /* The journal keeps the last query's answer, so only a query's first
     * run searches: each query is timed once, in a different script from
     * the one before, and the set is run SEARCH_REPEAT times over. */
    static double all[SEARCH_N * SEARCH_REPEAT];
    double per[SEARCH_N][SEARCH_REPEAT];
    size_t hits[SEARCH_N], n = 0;
    for (int r = 0; r < SEARCH_REPEAT; r++)
        for (size_t q = 0; q < SEARCH_N; q++) {
            im_entry_page page = {0};
            double t = bench_now_ms();
            im_rc rc = im_journal_search(s->journal, search_queries[q].query, 0, 50, &page);
            per[q][r] = all[n++] = bench_now_ms() - t;
            if (rc != IM_OK) {
                fprintf(stderr, "bench_ui: search: %s\n", im_rc_message(rc));
                return 1;
            }
            hits[q] = page.total;
            im_entry_page_free(&page);
        }
    for (size_t q = 0; q < SEARCH_N; q++)
        printf("query: %zu hits %.2f ms -- %s\n", hits[q], bench_pct(per[q], SEARCH_REPEAT, 0.5),
               search_queries[q].what);
    printf("search: queries %zu p50 %.2f ms max %.2f ms first %.2f ms\n", SEARCH_N, bench_pct(all, n, 0.5),
           bench_pct(all, n, 1.0), all[0]);
    ui_driver_free(d);
    SDL_Quit();
    return 0;
}

/* ---- session: unlock, journal, idle, memory -------------------------------- */

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
           ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

typedef enum phase { P_UNLOCKING, P_JOURNAL, P_SETTLE, P_IDLE, P_DONE } phase;

typedef struct watch {
    ui_app *app; /* NULL: the bare SDL_WaitEvent loop */
    void (*session_update)(ui_app *app);
    phase phase;
    int seconds;
    double t_work, t_unlocked, t_open, t_journal; /* ms, bench_now_ms */
    long frames_work, frames_unlock, frames_idle0, frames_idle1;
    double deadline; /* ms, bench_now_ms: when the phase ends */
    double cpu0, cpu1;
    long rss_kib;
    Uint32 timer_event;
} watch;

/* BENCH_UI_MEMORY=FILE: where the resident memory is when rss is read,
 * for finding what to cut (not a figure of the table): the process's
 * smaps (every mapping: Rss, private dirty and clean, file or anonymous),
 * the C library's heap (mallinfo2, malloc_info) and SQLite's own count
 * (found in the process, so this program needs no SQLite header). */
static void dump_memory(ui_app *app)
{
    const char *path = getenv("BENCH_UI_MEMORY");
    FILE *out = path ? fopen(path, "w") : NULL;
    if (!out)
        return;
    FILE *in = fopen("/proc/self/smaps", "r");
    char buf[8192];
    size_t n;
    while (in && (n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    if (in)
        fclose(in);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    struct mallinfo2 mi = mallinfo2();
    fprintf(out, "mallinfo2: arena %zu in-use %zu free %zu mmapped %zu (%zu blocks) keepcost %zu\n", mi.arena,
            mi.uordblks, mi.fordblks, mi.hblkhd, mi.hblks, mi.keepcost);
    malloc_info(0, out);
    long long (*sqlite_used)(void) = (long long (*)(void))dlsym(RTLD_DEFAULT, "sqlite3_memory_used");
    long long (*sqlite_high)(int) = (long long (*)(int))dlsym(RTLD_DEFAULT, "sqlite3_memory_highwater");
    if (sqlite_used)
        fprintf(out, "sqlite3_memory_used: %lld highwater %lld\n", sqlite_used(),
                sqlite_high ? sqlite_high(0) : -1);
#endif
    ui_session *s = ui_session_of(app);
    if (s && s->journal) {
        const im_jindex *x = &s->journal->index;
        size_t nodes = 0;
        for (size_t i = 0; i < x->n; i++)
            nodes += im_jnode_bytes(x->v[i]);
        fprintf(out, "index: entries %zu nodes %zu bytes array %zu bytes dictionary %zu bytes pending %d\n",
                x->n, nodes, x->cap * sizeof *x->v, im_jwords_bytes(&x->words),
                im_journal_index_pending(s->journal));
    }
    fclose(out);
}

/* On SDL's timer thread: only posts an event, which wakes the loop; the
 * phase moves on the loop's thread once the deadline has passed. */
static Uint32 post_timer(Uint32 interval, void *p)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = ((watch *)p)->timer_event;
    SDL_PushEvent(&e);
    (void)interval;
    return 0;
}

static void wake_in(watch *w, int ms)
{
    w->deadline = bench_now_ms() + ms;
    SDL_AddTimer((Uint32)ms, post_timer, w);
}

/* Settle -> idle -> done, each once its deadline has passed (SDL's timer
 * may fire a hair early against this clock: a millisecond's slack). */
static void clock_phase(watch *w)
{
    if (bench_now_ms() < w->deadline - 1)
        return;
    if (w->phase == P_SETTLE) {
        w->phase = P_IDLE;
        w->cpu0 = cpu_s();
        w->frames_idle0 = w->app ? w->app->frames : 0;
        wake_in(w, w->seconds * 1000);
    } else if (w->phase == P_IDLE) {
        w->cpu1 = cpu_s();
        w->frames_idle1 = w->app ? w->app->frames : 0;
        w->rss_kib = bench_rss_kib();
        if (w->app)
            dump_memory(w->app);
        w->phase = P_DONE;
        SDL_Event e;
        SDL_zero(e);
        e.type = SDL_QUIT;
        SDL_PushEvent(&e);
    }
}

static watch *the_watch; /* the session's update hook has no context pointer */

/* Wraps the session's own update hook (ui_app_update calls it on the
 * loop's thread, after every wake-up): notices the derivation start and
 * end, opens the Journal, and moves the clock phases on. */
static void watch_update(ui_app *app)
{
    watch *w = the_watch;
    w->session_update(app);
    ui_session *s = ui_session_of(app);
    if (w->phase == P_UNLOCKING && !w->t_work && s->work.kind != UI_WORK_NONE) {
        w->t_work = bench_now_ms();
        w->frames_work = app->frames;
    }
    if (w->phase == P_UNLOCKING && w->t_work && s->state == UI_SESSION_UNLOCKED) {
        w->t_unlocked = bench_now_ms();
        w->frames_unlock = app->frames - w->frames_work;
        w->phase = P_JOURNAL;
        w->t_open = bench_now_ms();
        ui_session_open_area(app, UI_AREA_JOURNAL);
    }
    if (w->phase == P_SETTLE || w->phase == P_IDLE)
        clock_phase(w);
}

/* The first frame after the Journal was asked for is the Journal's. */
static void watch_frame(ui_app *app, double ms, void *ctx)
{
    watch *w = ctx;
    (void)app, (void)ms;
    if (w->phase == P_JOURNAL) {
        w->t_journal = bench_now_ms();
        w->phase = P_SETTLE;
        wake_in(w, 1000);
    }
}

/* What a keyboard would send: the passphrase, then Return. */
static void push_passphrase(const char *text)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_TEXTINPUT;
    size_t n = strlen(text), chunk = sizeof e.text.text - 1;
    for (size_t i = 0; i < n; i += chunk) {
        SDL_zero(e.text.text);
        memcpy(e.text.text, text + i, n - i < chunk ? n - i : chunk);
        SDL_PushEvent(&e);
    }
    SDL_zero(e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = SDLK_RETURN;
    e.key.keysym.scancode = SDL_SCANCODE_RETURN;
    SDL_PushEvent(&e);
    e.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    SDL_PushEvent(&e);
}

/* The same idle seconds with no app: a bare SDL_WaitEvent loop. */
static void run_bare(watch *w)
{
    SDL_Window *win = SDL_CreateWindow("bare", 0, 0, 390, 844, 0);
    wake_in(w, 1000);
    for (SDL_Event e; w->phase != P_DONE && SDL_WaitEvent(&e);)
        if (e.type == w->timer_event)
            clock_phase(w);
    SDL_DestroyWindow(win);
}

static int bench_session(const char *data_dir, const char *pass, int seconds)
{
    if (!SDL_getenv("SDL_VIDEODRIVER"))
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER) != 0)
        return 1;
    ui_app_options opt = {.data_dir = data_dir, .routes = ui_screens_routes()};
    char err[256];
    ui_app *app = ui_app_create(&opt, err, sizeof err);
    if (!app || !app->session || ui_session_of(app)->state != UI_SESSION_LOCKED) {
        fprintf(stderr, "bench_ui: %s\n", app ? "the data folder holds no locked vault" : err);
        return 1;
    }
    char driver[32];
    snprintf(driver, sizeof driver, "%s", SDL_GetCurrentVideoDriver());
    watch w = {.app = app, .seconds = seconds, .timer_event = SDL_RegisterEvents(1)};
    the_watch = &w;
    w.session_update = app->host_update;
    app->host_update = watch_update;
    app->frame_drawn = watch_frame;
    app->frame_drawn_ctx = &w;
    push_passphrase(pass);
    ui_app_run(app);
    app->frame_drawn = NULL;
    ui_app_destroy(app);
    if (w.phase != P_DONE) {
        fprintf(stderr, "bench_ui: the session stopped before the end (phase %d)\n", (int)w.phase);
        return 1;
    }
    watch bare = {.seconds = seconds, .phase = P_SETTLE, .timer_event = w.timer_event};
    run_bare(&bare);
    SDL_Quit();
    printf("unlock: ms %.0f frames %ld\n", w.t_unlocked - w.t_work, w.frames_unlock);
    printf("journal: first-frame %.1f ms\n", w.t_journal - w.t_open);
    printf("idle: driver %s seconds %d frames %ld cpu %.2f %% baseline %.2f %%\n", driver, seconds,
           w.frames_idle1 - w.frames_idle0, 100 * (w.cpu1 - w.cpu0) / seconds,
           100 * (bare.cpu1 - bare.cpu0) / seconds);
    printf("rss: %.1f MB\n", (double)w.rss_kib / 1024);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "fling"))
        return bench_fling(argv[2], argv[3]);
    if (argc >= 4 && !strcmp(argv[1], "search"))
        return bench_search(argv[2], argv[3]);
    if (argc >= 4 && !strcmp(argv[1], "build"))
        return bench_build(argv[2], argv[3]);
    if (argc >= 5 && !strcmp(argv[1], "session"))
        return bench_session(argv[2], argv[3], atoi(argv[4]));
    fprintf(stderr,
            "usage: bench_ui fling DATA PASSPHRASE | build DATA PASSPHRASE | search DATA PASSPHRASE | "
            "session DATA PASSPHRASE SECONDS\n");
    return 2;
}
