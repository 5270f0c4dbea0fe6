/*
 * atspi_load.h -- the door between the app and the AT-SPI bridge when the
 * bridge (atspi.c, with ATK, atk-bridge and GLib) is built as the module
 * innermost-atspi.so (issue 19: those libraries are mapped only when an
 * accessibility bus is there).  atspi_load.c is the app's side: it opens
 * the module at ui_a11y_bridge_start and hands it the hub's functions, which
 * live in the executable; atspi.c built with IM_ATSPI_MODULE calls them
 * through this table.
 */
#ifndef UI_A11Y_ATSPI_LOAD_H
#define UI_A11Y_ATSPI_LOAD_H

#include "a11y/hub.h"

typedef struct ui_atspi_host {
    int (*hub_request)(ui_a11y_hub *hub, const ui_a11y_request *r);
    void (*hub_set_active)(ui_a11y_hub *hub, int on);
    void (*hub_set_notify)(ui_a11y_hub *hub, void (*notify)(void *ctx), void *ctx);
    ui_a11y_tree *(*hub_take)(ui_a11y_hub *hub);
    void (*tree_free)(ui_a11y_tree *t);
    void (*hub_set_keys)(ui_a11y_hub *hub, int (*offer)(void *ctx, const ui_a11y_key *k), void *ctx);
} ui_atspi_host;

typedef struct ui_atspi_module {
    ui_a11y_bridge *(*start)(ui_a11y_hub *hub); /* ui_a11y_bridge_start's contract */
    void (*stop)(ui_a11y_bridge *b);
} ui_atspi_module;

typedef const ui_atspi_module *(*ui_atspi_entry)(const ui_atspi_host *host);
#define UI_ATSPI_ENTRY "ui_atspi_module_get"

#endif
