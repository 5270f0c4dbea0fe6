/*
 * atspi_load.c -- the app's side of the AT-SPI bridge on Linux desktops
 * (built when IM_ATSPI_LOADED): ui_a11y_bridge_start opens the module
 * innermost-atspi.so (atspi.c built with IM_ATSPI_MODULE) and starts it.
 *
 * Design.  A module rather than dlopen()ing ATK, atk-bridge and GLib
 * themselves: the bridge calls some hundred functions and macros of
 * theirs (GObject's type machinery among them), which a table of dlsym()
 * pointers would have to mirror one by one; as a module it is atspi.c
 * unchanged, linked against them the ordinary way, and the app pays for
 * none of them until the module is opened.  When to open it is the
 * caller's (app.c asks ui_a11y_bus_named first, platform/a11y_bus.h):
 * only where an accessibility bus is named, so a desktop with no screen
 * reader maps none of GLib, GObject, GIO, ATK, atk-bridge or libdbus.
 *
 * Invariants.
 *  1. A missing module is a build without the bridge: NULL, said nowhere
 *     (hub.h invariant 2).
 *  2. The module stays open once opened (platform/module.h invariant 2).
 */
#include "a11y/atspi_load.h"

#if IM_ATSPI_LOADED
#include "platform/module.h"

#include <string.h>

static const ui_atspi_module *mod;

ui_a11y_bridge *ui_a11y_bridge_start(ui_a11y_hub *hub)
{
    static const ui_atspi_host host = { ui_a11y_hub_request, ui_a11y_hub_set_active, ui_a11y_hub_set_notify,
                                        ui_a11y_hub_take,    ui_a11y_tree_free,      ui_a11y_hub_set_keys };
    if (!hub) return NULL;
    const char *off = SDL_getenv("NO_AT_BRIDGE"); /* atk-bridge's own switch, asked before loading it */
    if (off && !strcmp(off, "1")) return NULL;
    if (!mod) {
        ui_atspi_entry get = (ui_atspi_entry)ui_module_entry("atspi", UI_ATSPI_ENTRY);
        mod = get ? get(&host) : NULL;
    }
    return mod ? mod->start(hub) : NULL; /* invariant 1 */
}

void ui_a11y_bridge_stop(ui_a11y_bridge *b)
{
    if (b && mod) mod->stop(b);
}
#else
typedef int ui_atspi_load_unused;
#endif
