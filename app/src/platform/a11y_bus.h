/*
 * a11y_bus.h -- whether an assistive-technology bus is named for this
 * session, asked without loading anything (issue 19: the AT-SPI bridge's
 * libraries are mapped only when the answer is yes, a11y/atspi_load.c).
 *
 * Where atk-bridge itself looks, cheapest first:
 *   1. AT_SPI_BUS_ADDRESS in the environment: yes.
 *   2. On X11, the AT_SPI_BUS property of the root window (older
 *      at-spi-bus-launchers set it): yes -- one round trip to the X server
 *      on SDL's display.
 *   3. Then atk-bridge asks the session bus for org.a11y.Bus, which may
 *      start the launcher; asking here too would need libdbus (the very
 *      library not to load), so a named session bus
 *      (DBUS_SESSION_BUS_ADDRESS) is taken as yes and atk-bridge decides.
 *   4. No window, or none of these: no (headless runs, the bench, a
 *      session without a bus: nothing of the bridge is loaded).
 * Linux desktops only: elsewhere (Android, iOS) any window says yes and the
 * platform's own bridge decides, as before.
 * So a desktop session with a session bus still opens the bridge's module
 * at start, as before issue 19 it linked it; only where there can be no
 * accessibility bus is it never opened.  At-spi2-core 2.46 on Debian 12
 * sets no root-window property (seen under Xvfb with --launch-immediately).
 */
#ifndef UI_PLATFORM_A11Y_BUS_H
#define UI_PLATFORM_A11Y_BUS_H

#include <SDL.h>

/* 1 when an accessibility bus may be there for window w (NULL: no window,
 * 0); the UI thread, which owns SDL's display connection. */
int ui_a11y_bus_named(SDL_Window *w);

#endif
