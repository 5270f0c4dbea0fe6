/*
 * app.h -- one running app: window or headless surface, the screen stack,
 * input routing, the redraw-on-demand frame, lifecycle hooks.
 *
 * Data flows one way: SDL event -> gesture (input/gesture.h) -> widget ->
 * typed action (queued) -> the top screen's handler -> navigation or new
 * widget state -> layout -> draw list -> renderer.  Actions are queued and
 * handled after the event, so a handler may pop the very screen whose
 * button was tapped.
 *
 * Redraw on demand: nothing is laid out or drawn unless ctx.dirty is set
 * (input changed something, a ticker moved, a timer fired, a refresh was
 * requested).  ui_app_next_wakeup() says when the loop must wake without
 * input; when it returns INT64_MAX the loop blocks in SDL_WaitEvent.
 *
 * Time: ui_app_now() is SDL_GetTicks64() (monotonic) in the product, and
 * the test seam's virtual clock (advanced only by the script driver of the
 * test build, innermost-test) when opt.seam is set.
 */
#ifndef UI_APP_H
#define UI_APP_H

#include <SDL.h>

#include "a11y/tree.h"
#include "input/gesture.h"
#include "platform/os.h"
#include "render/corners.h"
#include "render/drawlist.h"
#include "app/prefs.h"
#include "app/screen.h"
#include "platform/system_prefs.h"
#include "widgets/widget.h"

typedef struct ui_app ui_app;
struct im_library;
struct ui_a11y_hub;
struct ui_a11y_bridge;

/* What the platform tells us, reached from the SDL event filter (which may
 * run on another thread on phones: handlers must be quick and thread-safe;
 * the screens use them to save, lock and cover). */
typedef struct ui_lifecycle {
    void (*will_background)(ui_app *app);
    void (*did_foreground)(ui_app *app);
    void (*terminating)(ui_app *app);
    void (*low_memory)(ui_app *app);
    /* Desktop: the window was left (focus lost, minimised, hidden: left 1)
     * or came back (left 0).  The filter has already covered it. */
    void (*window_left)(ui_app *app, int left);
} ui_lifecycle;

/* The test seam: what only the test build's script driver (driver.h) puts
 * in ui_app_options.  The product's options never carry one (its main hands
 * ui_main no extension, cli.h), so in the product time is SDL's monotonic
 * tick count and the wall clock the system's, and no one can move either. */
typedef struct ui_test_seam {
    int64_t (*now_ms)(const ui_app *app); /* the virtual monotonic clock */
    int64_t epoch_ms;                     /* the virtual wall clock at virtual time 0 */
    int kdf_min;                          /* new vaults: the smallest KDF the policy allows */
} ui_test_seam;

typedef struct ui_app_options {
    int headless;             /* draw into a surface (set by the driver) */
    const ui_test_seam *seam; /* NULL but in the test build's driver */
    const char *data_dir;     /* NULL: SDL_GetPrefPath("Innermost", "Innermost") */
    const char *content_dir;  /* --content; kept for the content screens */
    int width_pt, height_pt;  /* headless window size (points) */
    float scale;              /* headless display density (pixels per point) */
    int64_t start_virtual_ms; /* test seam: the virtual clock at start (restart keeps it) */
    int gallery;              /* --gallery: start on the toolkit gallery, no session */
    const ui_routes *routes;  /* the screens by role (app/screen.h); required */
    /* Read the platform's text size, motion and contrast settings
     * (platform/system_prefs.h) in a headless run too; a window always
     * does.  Off, a headless run (every script) sees the system say
     * nothing, so the desktop it runs on cannot change its pictures. */
    int system_prefs;
} ui_app_options;

#define UI_STACK_MAX 16
#define UI_ACTIONS_MAX 32

struct ui_app {
    ui_app_options opt;
    const ui_routes *routes; /* opt.routes */
    char *data_dir, *font_dir, *content_dir;
    struct im_library *content; /* read it with ui_app_content(): loaded on first use */
    SDL_Window *window;
    SDL_Renderer *renderer;
    SDL_Surface *surface; /* headless: the software renderer draws here */
    ui_corners *corners;  /* rounded corners for the renderer (render/corners.h) */
    ui_ctx ctx;
    ui_drawlist dl;
    im_gesture gesture;
    ui_widget *gesture_target;
    int mouse_x, mouse_y; /* last mouse position, pixels */
    ui_screen *stack[UI_STACK_MAX];
    int depth;
    ui_widget *overlay;
    ui_action actions[UI_ACTIONS_MAX];
    int nactions;
    char toast[640];
    int64_t toast_until;
    /* where the toast was placed (draw_toast, app.c), for the screen
     * size it was placed on: it stays there while it shows */
    ui_rect toast_rect;
    int toast_for_w, toast_for_h;
    int64_t virtual_ms; /* test seam only: moved by the driver (driver.c) */
    long frames;        /* frames drawn (replayed + presented) */
    long layouts;
    double frame_ms_total, frame_ms_max; /* time spent building + replaying frames */
    int quit;
    SDL_threadID main_thread;  /* the thread that created the app and draws */
    SDL_atomic_t backgrounded; /* set by the event filter */
    SDL_atomic_t covered;      /* show the privacy cover, not the screen */
    SDL_atomic_t lifecycle_count[4];
    SDL_atomic_t refresh_pending;
    Uint32 refresh_event;
    Uint32 wipe_event; /* blank events that overwrite SDL's used queue entries */
    ui_lifecycle hooks;
    const ui_os_ops *os; /* platform/os.h: root Back, secret input; NULL on desktops */
    int keyboard_sim_px; /* tests: pretend an on-screen keyboard this tall */
    /* The real app's session (app/session.h); NULL on the gallery.  The
     * session sets these: host_update runs in every ui_app_update (idle
     * lock, finished workers), host_deadline adds a wakeup time,
     * host_quit runs first in ui_app_destroy (save drafts, close the
     * vault) and host_free last (after the screens are gone). */
    struct ui_session *session;
    struct ui_vault_prefetch *prefetch; /* start-up: the vault opening meanwhile (session.h) */
    int64_t last_input_ms;              /* ui_app_now() at the last input event */
    void (*host_update)(ui_app *app);
    int64_t (*host_deadline)(ui_app *app);
    void (*host_quit)(ui_app *app);
    void (*host_free)(ui_app *app);
    /* nav.c: the focus given back to a screen shown again wants scrolling
     * into view after the next layout */
    int reveal_focus;
    /* prefs: the saved choices, what the system says, and the text size in
     * force (the one the metrics use: prefs' own choice or the system's) */
    ui_prefs prefs;
    ui_system_prefs sys;
    int sys_watching;
    int sys_start_pending; /* ui_system_prefs_start after the first frame (issue 19) */
    Uint32 system_event;   /* pushed by system_prefs' notify (any thread) */
    float text_scale;
    char err[256];
    /* Tests: called each time a frame's draw list has been built (the
     * script driver's `forbid`); NULL otherwise. */
    void (*frame_built)(ui_app *app, void *ctx);
    void *frame_built_ctx;
    /* Assistive technology (a11y/hub.h): the hub a platform bridge reads
     * the accessibility tree from, made after each frame built while a
     * bridge is active, and the bridge (AT-SPI on Linux desktops).  Both
     * NULL headless and where no bridge could start. */
    struct ui_a11y_hub *a11y;
    struct ui_a11y_bridge *a11y_bridge;
    /* Benchmarks: called after each frame is presented, with the time it
     * took (layout, draw list, replay, present); NULL otherwise. */
    void (*frame_drawn)(ui_app *app, double ms, void *ctx);
    void *frame_drawn_ctx;
    /* Idle: UI_IDLE_TRIM_MS after the last frame, once, the memory an idle
     * app does not need goes back (ui_text_trim, the allocator's free
     * pages). */
    int64_t last_frame_ms;
    int trimmed;
};

/* Creates the window (or the headless surface), opens fonts, installs the
 * event filter, makes the session and pushes its first screen (or, with
 * --gallery, the routes' gallery and no session).  NULL on failure with a one-line
 * reason in err. */
ui_app *ui_app_create(const ui_app_options *opt, char *err, size_t errlen);
void ui_app_destroy(ui_app *app);

int64_t ui_app_now(const ui_app *app);
/* Handles one SDL event (input, window, render reset, refresh, quit). */
void ui_app_handle_event(ui_app *app, const SDL_Event *e);
/* Advances gestures, timers and tickers to now; runs queued actions. */
void ui_app_update(ui_app *app);
/* Lays out if needed, builds the draw list; replays and presents it when
 * force or dirty.  Returns 1 if a frame was drawn. */
int ui_app_frame(ui_app *app, int force);
/* When the loop must wake without input (INT64_MAX: never); now while an
 * action waits to be handled. */
int64_t ui_app_next_wakeup(ui_app *app);
/* 1 while something animates (a ticker runs).  A pending gesture timer
 * (a finger resting, maybe a long press) is not animation: it only sets
 * the next wakeup. */
int ui_app_animating(ui_app *app);

/* Carries out what assistive technology asked for (a11y/hub.h): the loop
 * calls it for the hub's SDL event. */
void ui_app_a11y_perform(ui_app *app);
/* What the accessibility tree is made of now: the top screen, the
 * overlay, the toast, the cover, where the window is (a11y/tree.h). */
ui_a11y_input ui_app_a11y_input(ui_app *app);

/* Ask for a frame from any thread; many requests coalesce into one event. */
void ui_app_request_refresh(ui_app *app);

/* The window's pixel size changed (resize, rotation). */
void ui_app_resize(ui_app *app, int width_px, int height_px);

/* ---- navigation (typed actions end up here) ------------------------------ */
void ui_nav_push(ui_app *app, ui_screen *s);
void ui_nav_replace(ui_app *app, ui_screen *s);
/* Frees every screen (and the overlay) and shows s alone (lock, tabs). */
void ui_nav_reset(ui_app *app, ui_screen *s);
/* Back: closes the overlay, else asks the screen, else pops (never the last). */
void ui_nav_back(ui_app *app);
/* After the top screen's tick: a screen shown again that rebuilt its tree
 * since (nav.c) gets the keyboard's focus on the widget like the one left. */
void ui_nav_settle_focus(ui_app *app);
ui_screen *ui_nav_top(ui_app *app);
void ui_app_show_overlay(ui_app *app, ui_widget *overlay);
void ui_app_close_overlay(ui_app *app);
void ui_app_toast(ui_app *app, const char *text);
/* Wipes the texts the app keeps outside its screens: the wrap cache of
 * render/text.c, the draw list's text arena, the toast.  The session calls
 * it when it locks, after the screens are gone, so none of what was on
 * screen (entries, answers, names) stays in memory; the next frame draws
 * the unlock screen afresh.  Also blanks the entries of SDL's event queue
 * that held typed text (SDL_TEXTINPUT), as far as SDL's API reaches. */
void ui_app_forget_text(ui_app *app);

/* Settings that change the whole UI. */
void ui_app_set_theme(ui_app *app, ui_theme_mode mode);
void ui_app_set_text_scale(ui_app *app, float text_scale);
void ui_app_set_reduce_motion(ui_app *app, int on);
void ui_app_set_high_contrast(ui_app *app, int on);
/* The three settings that can follow the system: each setter above makes
 * it the app's own choice; this gives it back to the system (the default),
 * saved at once.  The values in force change with what the system says
 * (at start and whenever it changes: ui_app_handle_event). */
/* Sent to the top screen when what the system says changed (Settings
 * shows it); other screens ignore it. */
enum { UI_ACT_SYSTEM_PREFS = 9100 };
typedef enum ui_pref_kind { UI_PREF_TEXT, UI_PREF_MOTION, UI_PREF_CONTRAST } ui_pref_kind;
void ui_app_follow_system(ui_app *app, ui_pref_kind which);
/* Whether which follows the system now (1) or is the app's own (0). */
int ui_app_follows_system(const ui_app *app, ui_pref_kind which);
/* What the system says now (system_prefs.h; everything "not said" in a
 * headless run without options.system_prefs). */
ui_system_prefs ui_app_system_prefs(const ui_app *app);
/* The system's settings changed: read them and apply what follows them
 * (ui_app_handle_event calls it on the watcher's event). */
void ui_app_system_changed(ui_app *app);
/* Erase everything: the settings back to their defaults, in memory and on
 * disk (no preference file is left); 0, or -1 when a file stayed. */
int ui_app_forget_settings(ui_app *app);

/* The widget tree that receives input: the overlay, else the top screen. */
ui_widget *ui_app_input_root(ui_app *app);

/* The programs and exercises: the copy built in, read on first use (the
 * unlock screen needs none of it, so a start does not pay for parsing it),
 * or the --content folder, read at start so its author sees problems at
 * once.  NULL if it cannot be loaded (out of memory). */
const struct im_library *ui_app_content(ui_app *app);

#endif
