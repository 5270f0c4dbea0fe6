/*
 * hub.h -- where the UI thread and a platform's accessibility bridge meet.
 *
 * Design.  A bridge (AT-SPI on Linux: a11y/atspi.c; TalkBack and VoiceOver
 * later) runs on a thread of its own, or is called on one, and must never
 * touch a widget.  The hub hands it two things and takes one back:
 *
 *   UI thread, after each frame built:  ui_a11y_hub_publish(hub, &input)
 *       makes a snapshot (tree.h); when it tells a reader anything new it
 *       becomes the hub's pending snapshot and the bridge's notify hook is
 *       called (on the UI thread: it must only wake the bridge's loop).
 *   bridge thread:  ui_a11y_hub_take(hub)
 *       returns the newest snapshot not yet taken (the bridge now holds a
 *       reference: ui_a11y_tree_free when done with it), with every event
 *       of the snapshots it skipped carried over.  It reads it without any
 *       lock while the UI goes on.
 *   bridge thread:  ui_a11y_hub_request(hub, &req)
 *       queues an action (press, focus, set a value, edit text) and pushes
 *       one SDL user event; the UI thread's event loop sees it
 *       (ui_a11y_hub_is_event) and calls ui_a11y_hub_perform, which finds
 *       the widget by id and name (tree.h invariant 3) and acts on it
 *       there, the way the widget's own input would.  A request for a node
 *       that has gone does nothing.
 *
 * Writing a bridge (what atspi.c does, and what Android's and iOS's will):
 *   - start: ui_a11y_hub_set_notify, then ui_a11y_hub_set_active(hub, 1)
 *     once the platform's service is reached (never before: invariant 2);
 *   - on notify: take the snapshot and keep one platform object per node
 *     id (tree.h invariant 3); diff it against the one held to send the
 *     platform's change events (states, names, text, values, children);
 *     events[] say what to announce: UI_A11Y_EV_SCREEN as a screen change
 *     (Android TYPE_WINDOW_STATE_CHANGED, iOS
 *     UIAccessibilityScreenChangedNotification), TOAST, MESSAGE and PHASE
 *     as announcements (announceForAccessibility,
 *     UIAccessibilityAnnouncementNotification);
 *   - roles map onto the platform's (Android className "android.widget.
 *     Button", "EditText"...; iOS traits Button, Header, Selected...); a
 *     node with UI_A11Y_ST_SECRET is a password field (Android
 *     setPassword(true), iOS secure text) and has no text to give: give its
 *     length as bullets or nothing (tree.h invariant 1);
 *   - bounds are window pixels: window.xy + bounds * window.to_screen;
 *   - what the user asks for becomes ui_a11y_hub_request; never touch a
 *     widget, never wait for the UI thread.
 *
 * So the SDL loop still sleeps in SDL_WaitEvent: the bridge wakes it only
 * by an event when a client asked for something, and the UI wakes the
 * bridge only when the snapshot changed.  Neither polls.
 *
 * Invariants.
 *  1. Text in a request (what a reader types, possibly a passphrase) is
 *     copied into memory of the hub's own and wiped when the request has
 *     been carried out or dropped; it is never logged.
 *  2. A snapshot is made only while a bridge is active
 *     (ui_a11y_hub_set_active): with no assistive-technology bus, the app
 *     does exactly what it did without the hub.
 *  3. At most UI_A11Y_REQUESTS_MAX requests wait; one more is refused
 *     (returns -1), never blocks the bridge.
 */
#ifndef UI_A11Y_HUB_H
#define UI_A11Y_HUB_H

#include <SDL.h>
#include <stdint.h>

#include "a11y/tree.h"

typedef struct ui_a11y_hub ui_a11y_hub;

typedef enum ui_a11y_req_kind {
    UI_A11Y_REQ_ACTIVATE,    /* the node's one action (UI_A11Y_ACT_ACTIVATE) */
    UI_A11Y_REQ_FOCUS,       /* keyboard focus to it */
    UI_A11Y_REQ_SHOW,        /* scroll it into sight */
    UI_A11Y_REQ_SET_VALUE,   /* a = the new value (clamped to the range) */
    UI_A11Y_REQ_SET_TEXT,    /* the whole text becomes `text` */
    UI_A11Y_REQ_INSERT_TEXT, /* `text` inserted at character a */
    UI_A11Y_REQ_DELETE_TEXT, /* characters [a, b) deleted */
    UI_A11Y_REQ_SET_CARET,   /* the caret to character a */
    UI_A11Y_REQ_SELECT       /* characters [a, b) selected */
} ui_a11y_req_kind;

#define UI_A11Y_REQUESTS_MAX 32
#define UI_A11Y_NAME_MAX 256

typedef struct ui_a11y_request {
    ui_a11y_req_kind kind;
    uint64_t id;                 /* the node's id */
    char name[UI_A11Y_NAME_MAX]; /* its name when asked (checked again) */
    int a, b;
    const char *text; /* UTF-8; copied by ui_a11y_hub_request */
} ui_a11y_request;

/* A hub with its own SDL event type (SDL_RegisterEvents); NULL when SDL
 * has none left or memory runs out. */
ui_a11y_hub *ui_a11y_hub_new(void);
/* Frees the hub, every snapshot it holds and every waiting request (their
 * text wiped).  The bridge must be stopped first. */
void ui_a11y_hub_free(ui_a11y_hub *hub);

/* ---- the UI thread ------------------------------------------------------- */

/* Makes a snapshot of what `in` shows when a bridge is active, and hands
 * it over if it differs from the last one; returns 1 when it did. */
int ui_a11y_hub_publish(ui_a11y_hub *hub, const ui_a11y_input *in);
/* 1 if e is the hub's event (a request waits). */
int ui_a11y_hub_is_event(const ui_a11y_hub *hub, const SDL_Event *e);
/* Carries out every waiting request on what `in` shows; returns how many
 * found their widget. */
int ui_a11y_hub_perform(ui_a11y_hub *hub, const ui_a11y_input *in);

/* ---- the bridge ------------------------------------------------------------ */

/* The bridge is connected and wants snapshots (1), or is gone (0).  While
 * 0, publish makes none (invariant 2).  Any thread. */
void ui_a11y_hub_set_active(ui_a11y_hub *hub, int on);
int ui_a11y_hub_active(const ui_a11y_hub *hub);
/* notify(ctx) is called on the UI thread after each publish that handed a
 * snapshot over: it must be quick and thread-safe (wake a loop). */
void ui_a11y_hub_set_notify(ui_a11y_hub *hub, void (*notify)(void *ctx), void *ctx);
/* The newest snapshot not yet taken (the caller holds a reference), or
 * NULL when there is none. */
ui_a11y_tree *ui_a11y_hub_take(ui_a11y_hub *hub);
/* Queues r (r->text copied) and wakes the UI thread; 0, or -1 when the
 * queue is full or memory runs out. */
int ui_a11y_hub_request(ui_a11y_hub *hub, const ui_a11y_request *r);

/* ---- keys for the screen reader (issue 23) ----------------------------------
 * A screen reader's own commands (Orca's say all, flat review, where am I)
 * are keys it takes before the app sees them: GTK offers each key press and
 * release to atk-bridge (AtkUtil's key event listeners), which asks the
 * reader, and the app acts on the key only if the reader did not consume
 * it.  Here the bridge registers offer() while a listener is registered;
 * the UI thread's loop hands each SDL key event to ui_a11y_hub_key_eaten
 * first.  offer is called on the UI thread and must answer within
 * UI_A11Y_KEY_WAIT_MS (then the key is the app's): a stuck bus delays a
 * key by at most that, never freezes typing.
 *
 *  4. With no offer hook set, no key is delayed or eaten; a text input
 *     event is eaten only when the key press that made it was. */
#define UI_A11Y_KEY_WAIT_MS 100
typedef struct ui_a11y_key {
    int press;          /* 1 press, 0 release */
    unsigned keysym;    /* X keysym (what ATK calls keyval) */
    unsigned keycode;   /* X keycode on an evdev keymap (scancode + 8) */
    unsigned modifiers; /* X modifier mask: Shift 1, Lock 2, Control 4, Mod1 8, Mod2 16, Mod4 64 */
    uint32_t time;      /* ms */
    char text[16];      /* what the key types, UTF-8, or its keysym's name ("Insert") */
} ui_a11y_key;
/* Bridge: offer(ctx, k) returns 1 when the reader consumed k.  Any thread;
 * NULL takes it away (before the bridge goes). */
void ui_a11y_hub_set_keys(ui_a11y_hub *hub, int (*offer)(void *ctx, const ui_a11y_key *k), void *ctx);
/* UI thread: 1 when the reader consumed e (an SDL_KEYDOWN, SDL_KEYUP, or
 * the SDL_TEXTINPUT of a consumed key press): the app must not act on it. */
int ui_a11y_hub_key_eaten(ui_a11y_hub *hub, const SDL_Event *e);

/* ---- the platform's bridge --------------------------------------------------
 * One per platform, chosen at build time: AT-SPI on Linux desktops built
 * with it (INNERMOST_ATSPI, a11y/atspi.c), TalkBack's node provider on
 * Android (a11y/android.c with InnermostAccessibility.java), VoiceOver's
 * elements on iOS (ios/im_a11y_ios.m); the phone ones share a11y/mobile.h
 * and are written, not run, here (docs/platforms.md).  start returns NULL when
 * the platform has no bridge or no assistive-technology bus can be
 * reached (then the app runs without one); stop ends and frees it. */
typedef struct ui_a11y_bridge ui_a11y_bridge;
ui_a11y_bridge *ui_a11y_bridge_start(ui_a11y_hub *hub);
void ui_a11y_bridge_stop(ui_a11y_bridge *b);

#endif
