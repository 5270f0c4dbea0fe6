/*
 * solo_runs.h -- exercise runs the solo C tests need done in the real
 * app (through the harness), written once.
 */
#ifndef IM_TEST_SOLO_RUNS_H
#define IM_TEST_SOLO_RUNS_H

#include "app_harness.h"

/* From any area of an unlocked app: Practice -> "A thought record", its
 * first answer `words` (no double quotes), the rest skipped, finished and
 * closed.  Each step is CHECKed. */
void solo_finish_thought_record(th_app *h, const char *words);

#endif
