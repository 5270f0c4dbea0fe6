/* window.c -- see window.h. */
#include "platform/window.h"

#include "platform/window_icon_data.h"

void ui_window_class_prepare(void)
{
    /* SDL's X11 and Wayland back ends read these when the window is made. */
    SDL_setenv("SDL_VIDEO_X11_WMCLASS", UI_APP_ID, 0);
    SDL_setenv("SDL_VIDEO_WAYLAND_WMCLASS", UI_APP_ID, 0);
}

void ui_window_icon_set(SDL_Window *w)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom((void *)ui_window_icon_rgba, 48, 48, 32, 48 * 4,
                                                        SDL_PIXELFORMAT_RGBA32);
    if (!s) return; /* no icon: cosmetic, not fatal */
    SDL_SetWindowIcon(w, s);
    SDL_FreeSurface(s);
}
