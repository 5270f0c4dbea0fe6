/*
 * driver.h -- the headless script driver, the test seam.  Part of the test
 * build only (innermost_ui_test, innermost-test: app/CMakeLists.txt); the
 * product has no driver, no virtual clock and no INNERMOST_TEST_KDF.  It is
 * implemented above the screens (app/src/seam/driver.c): options without
 * routes get the screens' own (screens/routes.h).
 *
 *   innermost-test --headless [--data-dir DIR] [--size WxH] [--scale S]
 *                  [--shots DIR] [--content DIR] --script FILE
 *
 * (--script -: the script comes line by line on stdin, so a runner can
 * react to a `dump` before it sends the next lines.)
 *
 * Runs the real app on SDL's dummy video driver with a software renderer,
 * handing it the test seam (app.h: ui_test_seam).  Time is virtual: it moves only through `wait` (and the few milliseconds a
 * gesture takes); after every step the app runs until idle (no ticker, no
 * gesture timer) or 10 s of virtual time.  One command per line, `#`
 * comments, strings in double quotes with \" \\ \n escapes:
 *   tap "L"  long-press "L"  type "T"  key NAME  swipe up|down|left|right
 *   scroll-to "L"  expect "T"  expect-not "T"  wait S  background
 *   foreground  restart  resize W H  screenshot "N"  dump
 *   wheel N  (N notches of a mouse wheel, positive down the page, over
 *   the middle of the screen, with no mouse motion before it)
 *   forbid "T"  allow "T"   (no frame drawn from then on may hold the
 *   text T in its draw list, until allow; the step that drew it fails)
 *   expect-highlight "T"  expect-no-highlight "T"  (a visible text command
 *   holding T has, drawn before it, a rect in the match colour
 *   (UI_C_MATCH) along exactly those bytes and a thin underline along
 *   them too; or nothing in that colour there)
 *   expect-error "T"  (a visible text command holding T is drawn in the
 *   error colour (UI_C_ERROR) with an icon in that colour drawn before it,
 *   at its start: an error told by shape as well as colour)
 *   expect-frames MIN MAX  (the last `wait` drew MIN to MAX frames: how a
 *   script shows the app redraws on demand, not every FRAME_MS)
 *   expect-animating  expect-not-animating  (something moves now, or not)
 *   expect-no-overlap ["L"]  (no visible text run, clipped as drawn,
 *   meets another, and none reaches past the screen's left or right
 *   edge; with L, only the runs inside visible widgets whose labels
 *   contain L)
 *   expect-wakeup S  (after an update with no input, the loop's next
 *   wake-up is S seconds away or more, or none is due: the loop sleeps)
 *   expect-cues "A B"  expect-no-cues  (the sound cues given since the last
 *   such check -- the driver turns on the test sink of platform/sound.h,
 *   so cues are logged by name, never played -- hold A then B in a row,
 *   or there were none; either way the log then starts again empty.
 *   Names: start in hold out rest step end)
 *   remember-slot "L"  expect-same-slot "L" ["AS"]  (the enabled widget
 *   labelled L now sits at the same x and width as the one remembered
 *   under AS, default L: a control that keeps its place across pages and
 *   names; y may differ)
 *   expect-fits  (nothing drawn reaches past the screen's left or right
 *   edge: what a narrow phone would cut off)
 *   expect-focus "L"  (the keyboard focus is on the widget labelled
 *   exactly L -- for a list, on its row whose label is L --, enabled, on
 *   screen: at least half of it, or 48 pt of it, inside every clip; and the
 *   last frame drew a focus ring (an outline in UI_C_FOCUS, 2 pt wide or
 *   more) over it)
 *   expect-no-focus-ring  (the last frame drew no outline in UI_C_FOCUS:
 *   after a tap the ring stays hidden, whatever has the focus)
 *   expect-chrome-at-most PCT  (the screen's header and its tab bar take
 *   at most PCT % of the window's height: chrome that does not zoom)
 *   expect-toast-clear  (a toast shows, a banner -- at least 80 % of the
 *   screen's width, or 320 pt --, inside the screen above the keyboard,
 *   its words inside it, over no visible enabled widget that takes taps)
 *   expect-whole "L"  (the enabled widget labelled L shows whole without
 *   scrolling: inside the screen and every clip above it, no other
 *   control -- a footer's button, a tab -- over it)
 *   expect-top-at-most "L" PT  (the topmost visible widget labelled L
 *   starts at most PT points below the window's top)
 * A failing step prints `FILE:LINE: STEP: why` and the visible labels on
 * stderr; the run stops with status 1.  Labels are matched exactly against
 * the accessible labels of visible, enabled widgets; expect matches any
 * visible text or label containing the string.
 */
#ifndef UI_DRIVER_H
#define UI_DRIVER_H

#include "app/app.h"

typedef struct ui_driver ui_driver;

/* The fixed moment the driver's records are timed from (Monday 5 January
 * 2026, 09:00 UTC) plus virtual time, so runs and screenshots repeat. */
#define UI_DRIVER_EPOCH_MS 1767603600000LL

ui_driver *ui_driver_new(const ui_app_options *opt, const char *shots_dir, char *err, size_t errlen);
void ui_driver_free(ui_driver *d);
ui_app *ui_driver_app(ui_driver *d);

/* Runs one script line (the text after any indentation); file and line are
 * for messages.  0 on success; -1 after printing the failure. */
int ui_driver_step(ui_driver *d, const char *file, int line, const char *text);

/* Runs a whole script file ("-": lines from stdin, each run as soon as it
 * is read); returns the exit status (0 or 1). */
int ui_driver_run_file(ui_driver *d, const char *path);

#endif
