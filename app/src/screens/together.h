/*
 * together.h -- Together (couple mode): its area screen, built by the
 * areas table (screens/areas.c).  See together.c for what it keeps private.
 */
#ifndef UI_TOGETHER_H
#define UI_TOGETHER_H

#include "app/app.h"

/* No arguments. */
extern const ui_screen_class ui_together_class;

#endif
