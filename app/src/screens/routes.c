/* routes.c -- the screens the host opens by role; see routes.h. */
#include "screens/routes.h"

#include "screens/areas.h"
#include "screens/gallery.h"
#include "screens/start.h"

static const ui_routes routes = {
    .welcome = &ui_welcome_class,
    .unlock = &ui_unlock_class,
    .busy = &ui_busy_class,
    .broken = &ui_broken_class,
    .gallery = &ui_gallery_class,
    .nareas = UI_AREA_COUNT,
    .area = ui_area_class,
    .area_is_tab = ui_area_is_tab,
    .home = UI_AREA_HOME,
};

const ui_routes *ui_screens_routes(void) { return &routes; }
