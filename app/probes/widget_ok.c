/*
 * widget_ok.c -- the control of the floor probes (app/CMakeLists.txt):
 * compiled as a file of the widgets' floor, with its own headers and those
 * of the floors below (render, input), it builds.
 */
#include "input/gesture.h"
#include "render/drawlist.h"
#include "widgets/widget.h"

int ui_floor_probe_ok(void);
int ui_floor_probe_ok(void) { return UI_TICK_QUIET; }
