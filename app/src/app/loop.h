/* loop.h -- the windowed main loop (redraw on demand). */
#ifndef UI_LOOP_H
#define UI_LOOP_H

#include "app/app.h"

/* Runs until SDL_QUIT; returns 0. */
int ui_app_run(ui_app *app);

#endif
