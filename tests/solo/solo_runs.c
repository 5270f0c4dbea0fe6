/* solo_runs.c -- see solo_runs.h. */
#include "solo_runs.h"

#include <stdio.h>

#include "check.h"

void solo_finish_thought_record(th_app *h, const char *words)
{
    char typed[512];
    snprintf(typed, sizeof typed, "type \"%s\"", words);
    CHECK(th_app_step(h, "tap \"Practice\"") == 0);
    CHECK(th_app_step(h, "scroll-to \"Untangling a thought\"") == 0);
    CHECK(th_app_step(h, "tap \"Untangling a thought\"") == 0);
    CHECK(th_app_step(h, "tap \"A thought record\"") == 0);
    CHECK(th_app_step(h, "tap \"Your answer\"") == 0);
    CHECK(th_app_step(h, typed) == 0);
    CHECK(th_app_step(h, "tap \"Next\"") == 0);
    for (int i = 0; i < 7; i++)
        CHECK(th_app_step(h, "tap \"Skip\"") == 0);
    CHECK(th_app_step(h, "tap \"Finish\"") == 0);
    CHECK(th_app_step(h, "tap \"Done\"") == 0);
}
