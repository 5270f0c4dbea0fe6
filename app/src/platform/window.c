/* window.c -- see window.h. */
#include "platform/window.h"

#include <string.h>

#if defined(IM_HAVE_X11)
#include <SDL_syswm.h>
#include <X11/Xlib.h>
#endif

#include "platform/scale.h"
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

/* Xft.dpi as Xft itself reads it (XGetDefault: the RESOURCE_MANAGER
 * property, else ~/.Xdefaults), on SDL's own connection; NULL when the
 * window is not an X11 one or the build has no Xlib.  The text is Xlib's. */
static const char *x11_xft_dpi(SDL_Window *w)
{
#if defined(IM_HAVE_X11) && defined(SDL_VIDEO_DRIVER_X11)
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!w || !SDL_GetWindowWMInfo(w, &info) || info.subsystem != SDL_SYSWM_X11 || !info.info.x11.display) return NULL;
    return XGetDefault(info.info.x11.display, "Xft", "dpi");
#else
    (void)w;
    return NULL;
#endif
}

float ui_window_desktop_scale(SDL_Window *w)
{
    const char *drv = SDL_GetCurrentVideoDriver();
    if (!drv || strcmp(drv, "x11")) return 1.0f;
    return ui_desktop_scale_pick(x11_xft_dpi(w), SDL_getenv("GDK_SCALE"), SDL_getenv("QT_SCALE_FACTOR"));
}

float ui_window_density(SDL_Window *w, int w_px, int w_pt)
{
    if (w_pt <= 0) return 1.0f;
    if (w_px == w_pt) return ui_window_desktop_scale(w);
    return (float)w_px / (float)w_pt;
}

SDL_Window *ui_window_open(const char *title, int w_pt, int h_pt)
{
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    float k = 1.0f;
#if !defined(__ANDROID__) && !defined(__IPHONEOS__)
    /* The scale comes from the window's X connection, so a hidden 1x1
     * probe asks first: the real window is then made at its size and
     * centred by SDL (resizing a made window leaves it where the old size
     * was centred, and a desktop with a window manager would show it
     * growing).  Phones: SDL's one window is the screen. */
    SDL_Window *probe = SDL_CreateWindow(title, 0, 0, 1, 1, SDL_WINDOW_HIDDEN);
    if (probe) {
        k = ui_window_desktop_scale(probe);
        SDL_DestroyWindow(probe);
    }
#endif
    SDL_Window *w = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                     (int)((float)w_pt * k + 0.5f), (int)((float)h_pt * k + 0.5f), flags);
    if (w) ui_window_icon_set(w);
    return w;
}
