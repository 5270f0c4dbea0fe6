/*
 * window.h -- how the desktop names and draws the app's window: the WM
 * class / app id (so the desktop file's StartupWMClass and the icon theme
 * match it) and the window icon, embedded (48x48, from the app SVG by
 * packaging/make-icons.sh) so it shows without an installed icon theme.
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

#endif
