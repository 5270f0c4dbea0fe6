/*
 * system_prefs.h -- the platform's own accessibility settings: how large
 * text should be, whether motion should be reduced, whether colours should
 * be of high contrast.  One module for every platform, read where the
 * platform says them:
 *
 *   Linux desktops  GSettings through GIO (optional at build time:
 *                   IM_HAVE_GIO): org.gnome.desktop.interface
 *                   text-scaling-factor and enable-animations, and
 *                   org.gnome.desktop.a11y.interface high-contrast.  A
 *                   GLib thread of its own runs a main loop with the
 *                   "changed" signals; a change pushes one SDL event
 *                   (the `notify` below), so the SDL loop sleeps until
 *                   something really changed -- it is never polled.
 *                   A schema or key the system lacks is "not said".
 *                   That half is the module innermost-gsettings.so,
 *                   opened at the first start (platform/module.h;
 *                   issue 19: GIO is not mapped before it); without the
 *                   module the start says -1.  Asked first, with a
 *                   session bus: the desktop portal's
 *                   org.freedesktop.portal.Settings, the same keys over
 *                   libdbus (innermost-portal.so, system_prefs_portal.c);
 *                   the GSettings module is opened only when no portal
 *                   answers.  When GSettings could never tell of a
 *                   change (no session bus for dconf, or the memory
 *                   backend) the values are read once by GLib's
 *                   `gsettings` tool in a child process and GIO is not
 *                   mapped at all (the module reads them where the tool
 *                   is missing).
 *   Android         Configuration.fontScale, Settings.Global
 *                   ANIMATOR_DURATION_SCALE / TRANSITION_ANIMATION_SCALE
 *                   (0 = motion off) and high_text_contrast_enabled, sent
 *                   by InnermostActivity over JNI at start and on every
 *                   change (ui_system_prefs_platform_set, android_jni.c;
 *                   android/.../InnermostSystemPrefs.java).
 *                   Written, not run here (docs/platforms.md).
 *   iOS             UIApplication.preferredContentSizeCategory,
 *                   UIAccessibilityIsReduceMotionEnabled,
 *                   UIAccessibilityDarkerSystemColorsEnabled, read by
 *                   ios/im_apple_prefs.m at start and on their
 *                   notifications (ui_system_prefs_platform_set).  Written,
 *                   not run here.
 *   elsewhere       nothing is said: every value is "not said".
 *
 * Invariants.
 *  1. A value is either said by the platform or "not said" (text_scale 0,
 *     the flags -1); never a guess.  The app then uses its own default.
 *  2. notify runs on any thread (the GLib thread, Java's UI thread, the
 *     main thread on iOS) and must only post (an SDL event); it is called
 *     once per change, after the new values can be read.
 *  3. Reading (ui_system_prefs_get) and the platform's setter are safe from
 *     any thread at any time, before a start too: the values sit behind one
 *     SDL spin lock (which needs no creation).
 */
#ifndef UI_SYSTEM_PREFS_H
#define UI_SYSTEM_PREFS_H

#define UI_SYSTEM_TEXT_SCALE_MIN 0.5f
#define UI_SYSTEM_TEXT_SCALE_MAX 3.0f

typedef struct ui_system_prefs {
    float text_scale;  /* 1.0 = the platform's normal size; 0: not said */
    int reduce_motion; /* 1 / 0; -1: not said */
    int high_contrast; /* 1 / 0; -1: not said */
} ui_system_prefs;

/* Starts reading (and on Linux watching) the platform's settings; the
 * first values are there when it returns (on Linux it waits up to a second
 * for the GLib thread's first read).  notify(ctx) is called after each
 * change (invariant 2); NULL: none.  0 when started, -1 when the platform
 * says nothing here (then every value stays "not said").  Once. */
int ui_system_prefs_start(void (*notify)(void *ctx), void *ctx);

/* The latest values (invariant 3). */
ui_system_prefs ui_system_prefs_get(void);

/* Stops the watcher (joins the GLib thread); notify is not called after
 * it returns.  Safe without a start. */
void ui_system_prefs_stop(void);

/* The platform layers' door in (Android's JNI, iOS's Objective-C): the
 * values as that platform says them, converted here.  font_scale: the
 * system's text scale (1.0 normal); animator_scale: 0 when the person
 * turned animations off; high_contrast: 1 / 0; a negative value is
 * "not said".  Calls notify when something changed. */
void ui_system_prefs_platform_set(float font_scale, float animator_scale, int high_contrast);

/* iOS's content size categories, as UIKit names them
 * (UIContentSizeCategoryLarge is the default), to a text scale; 0 for a
 * name it does not know.  Pure: tested on Linux. */
float ui_system_prefs_ios_category_scale(const char *category);

#endif
