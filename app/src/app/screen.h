/*
 * screen.h -- a screen: a widget tree plus the code that answers it, made
 * from a const class the way widgets are (widgets/widget.h's ui_class).
 *
 * One way to make a screen: ui_screen_new(app, cls, args).  It allocates
 * the screen, calls cls->build with the caller's typed arguments (a struct
 * the class declares beside its name; NULL when it takes none), and -- for
 * the options below -- puts what build made into its frame.  A build that
 * fails returns -1 and leaves what it made where it put it (s->root,
 * s->body, s->state): ui_screen_new frees it as it frees any screen and
 * returns NULL.  Screens are freed by the stack (nav.c) or the app: their
 * widget tree first, then cls->free for the state (which may be NULL or
 * half made), then the screen.
 *
 * The host drives the class; the class never reaches into the host's
 * loop:
 *   action     a typed action of its widgets (queued, run after the event)
 *   back       Back was asked for: 1 if the screen handled it
 *   tick       once per ui_app_update while the screen is on top
 *   deadline   when it next needs a tick (folded into the loop's wake-up)
 *   save       "store what is typed now": called by the session on every
 *              stacked screen before a lock, a trip to the background, the
 *              app's end and a save-soon; quick (one record write), never
 *              changes screens.  Nothing is registered, so nothing can
 *              fail to be; a write that fails is the screen's to handle
 *              (keep the text, say so when seen again): the session goes
 *              on with the other screens and the lock
 *   work_done  the session's worker finished (kind: ui_work_kind); the
 *              screen calls ui_session_work_finish
 *   free       frees state (the widgets are already gone)
 * Every hook may be NULL.
 */
#ifndef UI_SCREEN_H
#define UI_SCREEN_H

#include <stdint.h>

#include "widgets/widget.h"

typedef struct ui_app ui_app;
typedef struct ui_screen ui_screen;
typedef struct ui_screen_class ui_screen_class;

/* Options of a class. */
enum {
    /* build sets s->body (a column) and s->title; ui_screen_new puts a
     * scroll view of body in a frame: cls->frame's (an area's tabs or Back
     * button), else a plain frame titled s->title with a Back button when
     * s->back_action is not 0. */
    UI_SCREEN_FRAMED = 1u << 0,
    /* Back by any road (the Back button's action, Esc, Android's back key)
     * waits while the session's worker runs: the worker reports to this
     * very screen, and popping it would leave the work unfinished. */
    UI_SCREEN_WAITS_FOR_WORK = 1u << 1,
    /* the shell's forms: both of the above */
    UI_SCREEN_FORM = UI_SCREEN_FRAMED | UI_SCREEN_WAITS_FOR_WORK
};

struct ui_screen_class {
    const char *name;
    unsigned options;
    int area; /* for frame: which area the screen belongs to */
    /* UI_SCREEN_FRAMED: the frame (widgets/frame.h) to hold the body; NULL
     * for the plain one */
    ui_widget *(*frame)(const ui_screen *s);
    int (*build)(ui_app *app, ui_screen *s, const void *args);
    void (*action)(ui_app *app, ui_screen *s, const ui_action *a);
    int (*back)(ui_app *app, ui_screen *s);
    void (*tick)(ui_app *app, ui_screen *s);
    int64_t (*deadline)(ui_app *app, ui_screen *s);
    void (*save)(ui_app *app, ui_screen *s);
    void (*work_done)(ui_app *app, ui_screen *s, int kind);
    void (*free)(ui_screen *s);
};

struct ui_screen {
    const ui_screen_class *cls;
    const char *title;
    ui_widget *root;
    ui_widget *body; /* the options: what build made for the frame */
    int back_action; /* the plain frame's Back button's action (0: none) */
    void *state;
    /* The widget that takes keyboard focus when the screen comes on top
     * (the passphrase field of the unlock screen), so a person can type at
     * once; on phones focusing it brings up the on-screen keyboard.  NULL:
     * nothing is focused. */
    ui_widget *first_focus;
    /* The widget that had the focus when a pushed screen or an overlay
     * covered this one (nav.c): given back when this screen is on top
     * again and the keyboard is in use, if it is still in the tree, so Esc
     * returns a keyboard user to the row or button they left from.  A
     * screen that rebuilt its tree meanwhile gets the focus on the widget
     * of the same class and label instead, if it has one. */
    ui_widget *resume_focus;
    const void *resume_cls;
    char resume_label[128];
    int resume_pending; /* shown again: updates ui_nav_settle_focus still looks in */
};

/* Makes a screen of cls from args (see above); NULL on failure. */
ui_screen *ui_screen_new(ui_app *app, const ui_screen_class *cls, const void *args);
/* Frees the widget tree, the state (cls->free) and the screen.  NULL is fine. */
void ui_screen_free(ui_screen *s);
/* 1 if s is a screen of cls. */
int ui_screen_is(const ui_screen *s, const ui_screen_class *cls);

/* ---- routes ------------------------------------------------------------------
 * The screens the host and the session open by role, handed in from the
 * top (main.c, main_test.c: screens/routes.h fills the table), so nothing
 * under app/src/app/ names a screen.
 *
 * The host knows roles, not screens: the first screen for each state of
 * the session, the lock screen it returns to, the welcome after a start
 * over or an erase, the gallery of --gallery, and the areas as numbers
 * (0 .. nareas-1) that the screens give names to (screens/areas.h).
 *
 * Invariants: every class is non-NULL but gallery (then --gallery shows
 * nothing and the app does not start); area(i) is non-NULL for every
 * 0 <= i < nareas; home < nareas.
 */
struct ui_session;

typedef struct ui_routes {
    const ui_screen_class *welcome; /* no vault yet: first run; after start over, erase */
    const ui_screen_class *unlock;  /* the lock screen (a lock returns here) */
    const ui_screen_class *busy;    /* another Innermost has the data folder */
    const ui_screen_class *broken;  /* the data cannot be read */
    const ui_screen_class *gallery; /* --gallery: the toolkit, no session */
    /* The areas: their classes (arguments as each class says), which are
     * tabs (opening one replaces the stack; the others are pushed), and
     * the one an unlock opens first. */
    int nareas;
    const ui_screen_class *(*area)(int area);
    int (*area_is_tab)(int area);
    int home;
} ui_routes;

#endif
