/*
 * window.h -- how the desktop names, sizes and draws the app's window: the
 * WM class / app id (so the desktop file's StartupWMClass and the icon
 * theme match it), the window icon, embedded (48x48, from the app SVG by
 * packaging/make-icons.sh) so it shows without an installed icon theme,
 * and the display density: pixels per point, including the desktop's own
 * scale where SDL leaves it out (X11: platform/scale.h).
 */
#ifndef UI_WINDOW_H
#define UI_WINDOW_H

#include <SDL.h>

#define UI_APP_ID "org.innermost.Innermost"

/* Before SDL_Init (X11 reads it in SDL_VideoInit): the X11 WM_CLASS and Wayland app id, unless the
 * environment already names one. */
void ui_window_class_prepare(void);
/* After SDL_CreateWindow: the embedded icon. */
void ui_window_icon_set(SDL_Window *w);

/* The app's window, resizable and HiDPI-aware, w_pt x h_pt points (on
 * X11 that many points at the desktop scale), centred, with the embedded
 * icon.  NULL (SDL_GetError says why) if SDL cannot make one. */
SDL_Window *ui_window_open(const char *title, int w_pt, int h_pt);

/* The desktop's scale that SDL does not already apply: on SDL's X11 driver,
 * Xft.dpi of the window's display (when the build links Xlib,
 * IM_HAVE_X11), else GDK_SCALE / QT_SCALE_FACTOR (ui_desktop_scale_pick);
 * 1 on every other driver (Wayland, phones and macOS give a pixel ratio). */
float ui_window_desktop_scale(SDL_Window *w);

/* Pixels per point for a window w_pt points wide drawn into w_px pixels:
 * the pixel ratio, times the desktop scale when that ratio is 1 (X11); 1
 * for w_pt <= 0. */
float ui_window_density(SDL_Window *w, int w_px, int w_pt);

#endif
