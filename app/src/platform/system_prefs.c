/*
 * system_prefs.c -- see system_prefs.h.
 *
 * Loading (issue 19).  The GSettings half needs GIO, whose libraries
 * (GIO, GObject, GLib, libmount, ...) cost the start-up ~2 M instructions
 * of symbol lookups and ~1 MB of RSS.  So on Linux desktops it is built
 * twice from this file: the app's copy (IM_HAVE_GIO) keeps the values and
 * opens the module innermost-gsettings.so (platform/module.h) at
 * ui_system_prefs_start, which the app calls after its first frame is
 * presented; the module's copy (IM_GSETTINGS_MODULE) is only the GLib
 * thread below, handed the app's store() through a table.  A missing
 * module: start says -1 and every value stays "not said" (invariant 1),
 * as in a build without GIO.
 *
 * The portal first (issue 19, system_prefs_portal.c).  GIO, GObject and
 * dconf, kept mapped to watch live, cost ~3 MB of steady RSS.  With a
 * session bus the desktop portal's org.freedesktop.portal.Settings says
 * the same keys over libdbus (mapped in every run anyway), read and
 * watched by innermost-portal.so; the GSettings module is opened only when
 * no portal answers the Settings interface.
 *
 * Read once when nothing can change (issues 17/19).  With no session bus
 * (and no X display GDBus could autolaunch one for) GSettings' dconf
 * backend never hears of a change, and the memory backend never has one
 * from outside; keeping GIO mapped to watch them cost the bench's steady
 * RSS ~2.9 MB (libgio alone 1.6 MB of touched pages: figures in
 * docs/performance.md's notes).  Then GLib's own `gsettings` tool lists
 * the two schemas in two child processes run side by side (start waits
 * for them as it waits for the module's first read: ~3-6 ms, where
 * opening the module took 2.5-12.7 ms), its values are stored as the
 * module would store them, and GIO is never mapped here.  Without the
 * tool (or with no answer within a second) the module is opened as
 * before; a backend that can watch without a bus (keyfile) is always the
 * module's.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* pipe2 */
#endif
#include "platform/system_prefs.h"

#include <SDL.h>
#include <string.h>

#if defined(IM_HAVE_GIO) || defined(IM_HAVE_DBUS) || defined(IM_GSETTINGS_MODULE)
#include "platform/system_prefs_module.h" /* the modules' door */
#endif

#ifdef IM_GSETTINGS_MODULE
#include <gio/gio.h>
static void (*store)(ui_system_prefs p); /* the app's */
#else
static SDL_SpinLock lock; /* no creation: the platform may call in before start */
static ui_system_prefs current = { 0.0f, -1, -1 };
static void (*notify_fn)(void *ctx);
static void *notify_ctx;

ui_system_prefs ui_system_prefs_get(void)
{
    ui_system_prefs p;
    SDL_AtomicLock(&lock);
    p = current;
    SDL_AtomicUnlock(&lock);
    return p;
}

/* Stores p; calls notify when it differs from what was there. */
static void store(ui_system_prefs p)
{
    if (p.text_scale != 0.0f) {
        if (p.text_scale < UI_SYSTEM_TEXT_SCALE_MIN) p.text_scale = UI_SYSTEM_TEXT_SCALE_MIN;
        if (p.text_scale > UI_SYSTEM_TEXT_SCALE_MAX) p.text_scale = UI_SYSTEM_TEXT_SCALE_MAX;
    }
    SDL_AtomicLock(&lock);
    int changed = memcmp(&p, &current, sizeof p) != 0;
    current = p;
    void (*fn)(void *) = notify_fn;
    void *ctx = notify_ctx;
    SDL_AtomicUnlock(&lock);
    if (changed && fn) fn(ctx);
}
#endif

#ifndef IM_GSETTINGS_MODULE
void ui_system_prefs_platform_set(float font_scale, float animator_scale, int high_contrast)
{
    ui_system_prefs p = { 0.0f, -1, -1 };
    if (font_scale > 0.0f) p.text_scale = font_scale;
    if (animator_scale >= 0.0f) p.reduce_motion = animator_scale == 0.0f;
    if (high_contrast >= 0) p.high_contrast = high_contrast != 0;
    store(p);
}

float ui_system_prefs_ios_category_scale(const char *category)
{
    /* UIKit's body text size in points at each category (Large, 17 pt, is
     * the default) divided by 17.  The constants' string values are
     * "UICTContentSizeCategoryL" and so on. */
    static const struct {
        const char *name;
        float pt;
    } sizes[] = { { "XS", 14 },
                  { "S", 15 },
                  { "M", 16 },
                  { "L", 17 },
                  { "XL", 19 },
                  { "XXL", 21 },
                  { "XXXL", 23 },
                  { "AccessibilityM", 28 },
                  { "AccessibilityL", 33 },
                  { "AccessibilityXL", 40 },
                  { "AccessibilityXXL", 47 },
                  { "AccessibilityXXXL", 53 } };
    static const char prefix[] = "UICTContentSizeCategory";
    if (!category) return 0.0f;
    if (!strncmp(category, prefix, sizeof prefix - 1)) category += sizeof prefix - 1;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (!strcmp(category, sizes[i].name)) return sizes[i].pt / 17.0f;
    return 0.0f;
}
#endif

/* ---- Linux desktops: GSettings on a GLib thread (the module) ------------------------ */
#ifdef IM_GSETTINGS_MODULE

#define SCHEMA_INTERFACE "org.gnome.desktop.interface"
#define SCHEMA_A11Y "org.gnome.desktop.a11y.interface"

static SDL_Thread *thread;
static GMainContext *gctx;
static GMainLoop *gloop;
static SDL_sem *ready;

/* The settings object of schema id if the system has that schema with
 * key; NULL otherwise (GSettings aborts on a missing schema or key). */
static GSettings *settings_with(const char *id, const char *key)
{
    GSettingsSchemaSource *src = g_settings_schema_source_get_default();
    GSettingsSchema *schema = src ? g_settings_schema_source_lookup(src, id, TRUE) : NULL;
    if (!schema) return NULL;
    int has = g_settings_schema_has_key(schema, key);
    GSettings *s = has ? g_settings_new_full(schema, NULL, NULL) : NULL;
    g_settings_schema_unref(schema);
    return s;
}

typedef struct watch {
    GSettings *iface, *a11y;
    int iface_anim; /* iface has enable-animations too */
} watch;

static void read_all(watch *w)
{
    ui_system_prefs p = { 0.0f, -1, -1 };
    if (w->iface) {
        double f = g_settings_get_double(w->iface, "text-scaling-factor");
        if (f > 0.0) p.text_scale = (float)f;
        if (w->iface_anim) p.reduce_motion = !g_settings_get_boolean(w->iface, "enable-animations");
    }
    if (w->a11y) p.high_contrast = g_settings_get_boolean(w->a11y, "high-contrast") != 0;
    store(p);
}

static void on_changed(GSettings *s, const char *key, gpointer data)
{
    (void)s, (void)key;
    read_all(data);
}

static int glib_main(void *arg)
{
    (void)arg;
    g_main_context_push_thread_default(gctx);
    watch w = { 0 };
    /* made on this thread, with its context the default: their signals
     * are dispatched by the loop below, never on SDL's thread */
    w.iface = settings_with(SCHEMA_INTERFACE, "text-scaling-factor");
    if (w.iface) {
        GSettingsSchema *schema = NULL;
        g_object_get(w.iface, "settings-schema", &schema, NULL);
        w.iface_anim = schema && g_settings_schema_has_key(schema, "enable-animations");
        if (schema) g_settings_schema_unref(schema);
        g_signal_connect(w.iface, "changed", G_CALLBACK(on_changed), &w);
    }
    w.a11y = settings_with(SCHEMA_A11Y, "high-contrast");
    if (w.a11y) g_signal_connect(w.a11y, "changed", G_CALLBACK(on_changed), &w);
    /* a key is only watched once it was read (GSettings' rule) */
    read_all(&w);
    SDL_SemPost(ready);
    g_main_loop_run(gloop);
    if (w.iface) g_object_unref(w.iface);
    if (w.a11y) g_object_unref(w.a11y);
    g_main_context_pop_thread_default(gctx);
    return 0;
}

static int start_platform(void)
{
    gctx = g_main_context_new();
    gloop = g_main_loop_new(gctx, FALSE);
    ready = SDL_CreateSemaphore(0);
    if (!gctx || !gloop || !ready) return -1;
    thread = SDL_CreateThread(glib_main, "im-system-prefs", NULL);
    if (!thread) return -1;
    SDL_SemWaitTimeout(ready, 1000);
    return 0;
}

static gboolean quit_loop(gpointer data)
{
    g_main_loop_quit(data);
    return G_SOURCE_REMOVE;
}

static void stop_platform(void)
{
    if (thread) {
        /* asked on the loop's own context, so a run not yet started still
         * sees it */
        g_main_context_invoke(gctx, quit_loop, gloop);
        SDL_WaitThread(thread, NULL);
        thread = NULL;
    }
    if (gloop) g_main_loop_unref(gloop);
    if (gctx) g_main_context_unref(gctx);
    if (ready) SDL_DestroySemaphore(ready);
    gloop = NULL, gctx = NULL, ready = NULL;
}

__attribute__((visibility("default"))) const ui_gsettings_module *
ui_gsettings_module_get(void (*app_store)(ui_system_prefs));
const ui_gsettings_module *ui_gsettings_module_get(void (*app_store)(ui_system_prefs))
{
    static const ui_gsettings_module m = { start_platform, stop_platform };
    store = app_store;
    return &m;
}

#elif defined(IM_HAVE_GIO) || defined(IM_HAVE_DBUS)
#include "platform/module.h"
/* the app's side: the portal's Settings first (innermost-portal.so, over
 * libdbus, which is mapped anyway); then, when GSettings could never tell
 * of a change, one read by GLib's gsettings tool in a child process;
 * the GSettings module, and with it GIO, only when neither answers
 * (system_prefs_portal.c) */
static const ui_gsettings_module *mod; /* the one that answered */

#ifdef IM_HAVE_GIO
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define READ_ONCE_TIMEOUT_MS 1000 /* as long as the module's first read may take */
#define READ_ONCE_MAX 4096        /* a schema's keys as the tool lists them: ~2 KB */

/* 1 when no GSettings backend this process could use would ever hear of a
 * change, so reading once says all there is to say (issue 17/19: the
 * watching module keeps GIO, GObject and dconf mapped, ~3 MB of RSS).
 * The memory backend holds what this process sets, so nothing from outside
 * changes it; dconf (the default where it is installed, memory where not)
 * hears of a change only from dconf-service over the session bus: none in
 * the environment, none at $XDG_RUNTIME_DIR/bus, and no X display GDBus
 * could autolaunch one for.  Any other backend (keyfile watches its file)
 * is watched by the module. */
static int gsettings_deaf(void)
{
    const char *be = SDL_getenv("GSETTINGS_BACKEND");
    if (be && !strcmp(be, "memory")) return 1;
    if (be && be[0] && strcmp(be, "dconf")) return 0;
    const char *bus = SDL_getenv("DBUS_SESSION_BUS_ADDRESS");
    const char *display = SDL_getenv("DISPLAY");
    if ((bus && bus[0]) || (display && display[0])) return 0;
    const char *run = SDL_getenv("XDG_RUNTIME_DIR");
    char path[4096];
    struct stat st;
    if (run && run[0] && snprintf(path, sizeof path, "%s/bus", run) < (int)sizeof path && stat(path, &st) == 0)
        return 0;
    return 1;
}

/* One run of `gsettings list-recursively SCHEMA`: what it prints (one
 * "SCHEMA KEY VALUE" line a key), read from a pipe. */
typedef struct tool_run {
    pid_t pid; /* 0: not running */
    int fd;    /* the pipe's read end; -1 once it closed */
    char out[READ_ONCE_MAX];
    size_t n;
} tool_run;

/* Starts the tool on schema; -1 if it cannot be run (r->pid 0). */
static int tool_spawn(tool_run *r, const char *schema)
{
    int fds[2];
    r->pid = 0, r->fd = -1, r->n = 0, r->out[0] = 0;
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    char *argv[] = { "gsettings", "list-recursively", (char *)schema, NULL };
    int rc = posix_spawnp(&r->pid, "gsettings", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        r->pid = 0;
        close(fds[0]);
        return -1;
    }
    r->fd = fds[0];
    return 0;
}

/* Reads every run's output (nruns at most 2) until each closes its end or
 * READ_ONCE_TIMEOUT_MS pass (then the ones left are killed), and reaps
 * them.  Each r->out ends with a NUL; returns, per run in res[]: 0 the tool
 * exited 0, 1 it ran and said no (no such schema: its keys are not said),
 * -1 no answer. */
static void tool_collect(tool_run *runs, int nruns, int *res)
{
    Uint32 start = SDL_GetTicks();
    for (;;) {
        struct pollfd p[2];
        int np = 0, map[2];
        for (int i = 0; i < nruns && np < 2; i++)
            if (runs[i].fd >= 0) p[np] = (struct pollfd){ runs[i].fd, POLLIN, 0 }, map[np++] = i;
        Uint32 spent = SDL_GetTicks() - start;
        if (np == 0 || spent >= READ_ONCE_TIMEOUT_MS) break;
        int r = poll(p, (nfds_t)np, (int)(READ_ONCE_TIMEOUT_MS - spent));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        for (int k = 0; k < np; k++) {
            if (!p[k].revents) continue;
            tool_run *t = &runs[map[k]];
            char buf[512];
            ssize_t got = read(t->fd, buf, sizeof buf);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) { /* the tool closed its end: done */
                close(t->fd);
                t->fd = -1;
                continue;
            }
            size_t take = (size_t)got < sizeof t->out - 1 - t->n ? (size_t)got : sizeof t->out - 1 - t->n;
            memcpy(t->out + t->n, buf, take);
            t->n += take;
        }
    }
    for (int i = 0; i < nruns; i++) {
        tool_run *t = &runs[i];
        t->out[t->n] = 0;
        int late = t->fd >= 0;
        if (late) {
            close(t->fd);
            t->fd = -1;
        }
        res[i] = -1;
        if (!t->pid) continue;
        if (late) kill(t->pid, SIGKILL);
        int status = 0;
        while (waitpid(t->pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (!late && WIFEXITED(status)) res[i] = WEXITSTATUS(status) == 0 ? 0 : 1;
    }
}

/* The value the tool printed for key in list (GVariant text: "1.25",
 * "true"), or NULL when the key is not in it. */
static const char *tool_value(const char *list, const char *schema, const char *key)
{
    size_t ls = strlen(schema), lk = strlen(key);
    for (const char *l = list; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
        if (!strncmp(l, schema, ls) && l[ls] == ' ' && !strncmp(l + ls + 1, key, lk) && l[ls + 1 + lk] == ' ')
            return l + ls + 1 + lk + 1;
    return NULL;
}

/* "true" / "false" as 1 / 0; -1 for anything else. */
static int tool_bool(const char *v)
{
    if (v && !strncmp(v, "true", 4) && (v[4] == '\n' || !v[4])) return 1;
    if (v && !strncmp(v, "false", 5) && (v[5] == '\n' || !v[5])) return 0;
    return -1;
}

/* The GSettings values read once by GLib's own tool (both schemas at
 * once, so start waits for one run of the tool, ~3-6 ms), as the module's
 * read_all reads them (a missing schema or key: not said), and stored; 0,
 * or -1 when the tool could not say (then the module is opened). */
static int read_once_with_tool(void)
{
    static tool_run runs[2];
    static const char *const schemas[2] = { "org.gnome.desktop.interface", "org.gnome.desktop.a11y.interface" };
    int res[2] = { -1, -1 };
    for (int i = 0; i < 2; i++) tool_spawn(&runs[i], schemas[i]);
    tool_collect(runs, 2, res);
    if (res[0] < 0 || res[1] < 0) return -1;
    const char *iface = runs[0].out, *a11y = runs[1].out;
    ui_system_prefs p = { 0.0f, -1, -1 };
    const char *f = res[0] == 0 ? tool_value(iface, schemas[0], "text-scaling-factor") : NULL;
    if (f) {
        char *end;
        double d = SDL_strtod(f, &end);
        if (end != f && d > 0.0) p.text_scale = (float)d;
    }
    int anim = res[0] == 0 ? tool_bool(tool_value(iface, schemas[0], "enable-animations")) : -1;
    if (anim >= 0) p.reduce_motion = !anim;
    if (res[1] == 0) p.high_contrast = tool_bool(tool_value(a11y, schemas[1], "high-contrast"));
    store(p);
    return 0;
}
#endif
static const ui_gsettings_module *open_source(const char *module, const char *entry)
{
    ui_gsettings_entry get = (ui_gsettings_entry)ui_module_entry(module, entry);
    const ui_gsettings_module *m = get ? get(store) : NULL;
    return m && m->start() == 0 ? m : NULL;
}
static int start_platform(void)
{
#ifdef IM_HAVE_DBUS
    const char *bus = SDL_getenv("DBUS_SESSION_BUS_ADDRESS"); /* none: no portal, and its module not opened */
    if (!mod && bus && bus[0]) mod = open_source("portal", UI_PORTAL_SETTINGS_ENTRY);
#endif
#ifdef IM_HAVE_GIO
    /* nothing to watch: read once, the first read done when start returns
     * (system_prefs.h), as the module's is */
    if (!mod && gsettings_deaf() && read_once_with_tool() == 0) return 0;
    if (!mod) mod = open_source("gsettings", UI_GSETTINGS_ENTRY);
#endif
    return mod ? 0 : -1;
}
static void stop_platform(void)
{
    if (mod) mod->stop();
    mod = NULL;
}
#elif defined(__ANDROID__)
/* InnermostSystemPrefs.java calls in through android_jni.c, from the start. */
static int start_platform(void) { return 0; }
static void stop_platform(void) {}
#elif defined(__APPLE__) && defined(IM_HAVE_APPLE_PREFS)
#include "im_apple_prefs.h"
/* ios/im_apple_prefs.m reads now and on each change notification. */
static int start_platform(void)
{
    im_apple_prefs_start();
    return 0;
}
static void stop_platform(void) {}
#else
static int start_platform(void) { return -1; }
static void stop_platform(void) {}
#endif

#ifndef IM_GSETTINGS_MODULE
int ui_system_prefs_start(void (*notify)(void *ctx), void *ctx)
{
    SDL_AtomicLock(&lock);
    notify_fn = notify;
    notify_ctx = ctx;
    SDL_AtomicUnlock(&lock);
    return start_platform();
}

void ui_system_prefs_stop(void)
{
    SDL_AtomicLock(&lock);
    notify_fn = NULL;
    notify_ctx = NULL;
    SDL_AtomicUnlock(&lock);
    stop_platform();
}
#endif
