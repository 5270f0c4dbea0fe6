/*
 * a11y_bus.h -- whether an assistive-technology bus is named for this
 * session, asked without loading anything (issue 19: the AT-SPI bridge's
 * libraries are mapped only when the answer is yes, a11y/atspi_load.c).
 *
 * Where atk-bridge itself looks, cheapest first:
 *   1. AT_SPI_BUS_ADDRESS in the environment: yes.
 *   2. On X11, the AT_SPI_BUS property of the root window, which
 *      at-spi-bus-launcher sets when it runs (every desktop that has a
 *      screen reader running, Orca included, has it running): yes if set,
 *      no otherwise -- one round trip to the X server on SDL's display.
 *   3. Elsewhere (Wayland), atk-bridge asks the session bus for org.a11y.Bus;
 *      asking too would need libdbus, so a named session bus
 *      (DBUS_SESSION_BUS_ADDRESS) is taken as yes.
 * So on X11 a launcher started after the app is not seen until the next
 * start (before, atk-bridge could have activated it through the session
 * bus at start); a screen reader's session has it from login.
 */
#ifndef UI_PLATFORM_A11Y_BUS_H
#define UI_PLATFORM_A11Y_BUS_H

#include <SDL.h>

/* 1 when an accessibility bus may be there for window w (NULL: no window,
 * 0); the UI thread, which owns SDL's display connection. */
int ui_a11y_bus_named(SDL_Window *w);

#endif
