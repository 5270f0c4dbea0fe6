/*
 * im_apple_prefs.h -- iOS's text size, reduce motion and darker colours for
 * app/src/platform/system_prefs.c (issue 23).  iOS only; compiled with ARC.
 * UNVERIFIED: no Apple toolchain on the machine this was written on.
 */
#ifndef IM_APPLE_PREFS_H
#define IM_APPLE_PREFS_H

/* Reads UIApplication.preferredContentSizeCategory,
 * UIAccessibilityIsReduceMotionEnabled() and
 * UIAccessibilityDarkerSystemColorsEnabled() now and after each of their
 * change notifications, and hands them to ui_system_prefs_platform_set.
 * Called once, by ui_system_prefs_start, on SDL's main thread (which on iOS
 * is the UI thread). */
void im_apple_prefs_start(void);

#endif
