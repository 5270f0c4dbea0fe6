/*
 * widget_up.c -- a widget that reaches up to a screen.  Compiled as a file
 * of the widgets' floor it must not build: that floor cannot see the
 * screens' headers (app/CMakeLists.txt; the test checks the compiler says
 * screens/start.h is not found).
 */
#include "widgets/widget.h"
#include "screens/start.h"

int ui_floor_probe_up(void);
int ui_floor_probe_up(void) { return UI_TICK_QUIET; }
