/*
 * your_work.h -- "Your work": every solo run with something to show
 * (thought records, self-checks, maps, ladders, guided practices), newest
 * first, with a search field that filters the way the journal's search
 * does (core's im_run_history); a row opens the run read back
 * (ui_run_read_class).  Opened from Progress; no arguments.
 */
#ifndef UI_YOUR_WORK_H
#define UI_YOUR_WORK_H

#include "app/app.h"

extern const ui_screen_class ui_your_work_class;

#endif
