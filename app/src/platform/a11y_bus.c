/* a11y_bus.c -- see a11y_bus.h. */
#include "platform/a11y_bus.h"

#if defined(__linux__) && !defined(__ANDROID__)
#include <SDL_syswm.h>

#ifdef IM_HAVE_X11
#include <X11/Xlib.h>
#endif

static int env_set(const char *name)
{
    const char *v = SDL_getenv(name);
    return v && v[0];
}

int ui_a11y_bus_named(SDL_Window *w)
{
    if (!w) return 0;
    if (env_set("AT_SPI_BUS_ADDRESS")) return 1;
#ifdef IM_HAVE_X11
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (SDL_GetWindowWMInfo(w, &info) && info.subsystem == SDL_SYSWM_X11) {
        Display *d = info.info.x11.display;
        Atom a = XInternAtom(d, "AT_SPI_BUS", True); /* None: no one ever named it */
        if (a != None) {
            Atom type = None;
            int format = 0;
            unsigned long n = 0, after = 0;
            unsigned char *data = NULL;
            int rc = XGetWindowProperty(d, DefaultRootWindow(d), a, 0, 0, False, AnyPropertyType, &type, &format, &n,
                                        &after, &data);
            if (data) XFree(data);
            if (rc == Success && type != None) return 1;
        }
    }
#endif
    return env_set("DBUS_SESSION_BUS_ADDRESS");
}
#else
/* the phones' bridges (a11y/android.c, ios/) and the no-bridge stub decide for themselves */
int ui_a11y_bus_named(SDL_Window *w) { return w != NULL; }
#endif
