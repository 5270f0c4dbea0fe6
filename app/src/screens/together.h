/*
 * together.h -- Together (couple mode): its area screen, built by the
 * areas table (screens/areas.c).  See together.c for what it keeps private.
 */
#ifndef UI_TOGETHER_H
#define UI_TOGETHER_H

#include "app/app.h"

ui_screen *ui_together_screen(ui_app *app);

#endif
