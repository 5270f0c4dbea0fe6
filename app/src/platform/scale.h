/*
 * scale.h -- the desktop's UI scale where SDL reports none (X11 in SDL 2.26:
 * the window's pixels are its points, and SDL_GetDisplayDPI gives nothing or
 * the monitor's measured size, which is not a preference).
 *
 * A person who wants a bigger UI on a HiDPI screen under X11 says so in one
 * of three places; the first one that holds a sensible number wins:
 *   Xft.dpi   in the X resource database (GNOME, Plasma and Xfce write it;
 *             `xrdb` users set it by hand): 96 is 1x, 192 is 2x;
 *   GDK_SCALE   GTK's window scale (an environment variable);
 *   QT_SCALE_FACTOR   Qt's.
 * Pure: no SDL, no X11, no locale (a decimal point is always '.').
 */
#ifndef UI_SCALE_H
#define UI_SCALE_H

#define UI_DESKTOP_SCALE_MIN 0.5f
#define UI_DESKTOP_SCALE_MAX 4.0f

/* Reads a plain decimal number ("192", " 1.5 ", "2."): digits with at most
 * one '.', spaces around it allowed, nothing else (no sign, exponent, unit
 * or comma).  0 and *out set when it is one and lies in [lo, hi]; -1 and
 * *out untouched otherwise (NULL text too). */
int ui_desktop_scale_parse(const char *text, float lo, float hi, float *out);

/* The desktop's factor from the three texts above (any may be NULL): the
 * first that parses (Xft.dpi 24..960, divided by 96; the two factors
 * 0.5..8), rounded to the nearest 1/8 (a DPI taken from a monitor's
 * measured size, 97 or 101, stays 1x; 120 is 1.25, 144 is 1.5) and clamped
 * to UI_DESKTOP_SCALE_MIN..MAX; 1 when none does. */
float ui_desktop_scale_pick(const char *xft_dpi, const char *gdk_scale, const char *qt_scale_factor);

#endif
