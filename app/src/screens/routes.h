/*
 * routes.h -- the screens of the real app by role, for the host
 * (app/screen.h: ui_routes).  Only the program entries (main.c, main_test.c) and the
 * test seam's driver hand this table in; nothing below the screens asks
 * for it.
 */
#ifndef UI_SCREENS_ROUTES_H
#define UI_SCREENS_ROUTES_H

#include "app/screen.h"

/* The table: a static constant, valid for the program's life. */
const ui_routes *ui_screens_routes(void);

#endif
