/*
 * a11y_snap.h -- what test_a11y_tree.c and test_a11y_mobile.c both do in
 * a bridge's place: keep the newest snapshot the headless app published
 * (taken from its hub) and run script steps.  Included once per test
 * (its state is the test's own).
 */
#ifndef IM_TEST_A11Y_SNAP_H
#define IM_TEST_A11Y_SNAP_H

#include "a11y/hub.h"
#include "app_harness.h"
#include "check.h"

static ui_a11y_tree *snap; /* the newest snapshot taken; the test frees it */

/* The newest snapshot the app published (the last one if none since). */
static inline const ui_a11y_tree *current(th_app *h)
{
    ui_a11y_tree *t = ui_a11y_hub_take(th_app_ui(h)->a11y);
    if (t) {
        ui_a11y_tree_free(snap);
        snap = t;
    }
    return snap;
}

/* One script step (tests/ui's language), which must succeed. */
static inline void step(th_app *h, const char *line) { REQUIRE(th_app_step(h, line) == 0); }

#endif
