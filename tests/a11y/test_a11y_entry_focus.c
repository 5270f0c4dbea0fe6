/*
 * test_a11y_entry_focus.c -- a saved journal entry opened to edit (the
 * reader's "Edit") has its words field focused, with the caret after the
 * last character, as the new-entry editor does: a screen reader's "where
 * am I" names the field and reads the entry, and typing goes on at the
 * end of what was written.  Fails on main: the editor opened with nothing
 * focused (the tree's focus -1; Orca's where am I said only "Edit entry").
 */
#include <stdio.h>
#include <string.h>

#include "a11y/hub.h"
#include "app_harness.h"
#include "check.h"
#include "a11y_snap.h" /* snap, current, step */

#define PASS "orchid-canary-7741 harbour"
#define ENTRY "A quiet walk by the river"
#define MORE " and home again"

/* The focus is the words field, holding want, the caret at its end. */
static void focus_at_end(th_app *h, const char *want)
{
    const ui_a11y_tree *t = current(h);
    REQUIRE(t && t->count > 0);
    int f = t->focus;
    if (f < 0 || strcmp(t->nodes[f].name, "Your words") != 0)
        fprintf(stderr, "focus: %d (\"%s\"), window \"%s\"\n", f, f >= 0 ? t->nodes[f].name : "",
                t->nodes[0].name);
    REQUIRE(f > 0);
    CHECK(!strcmp(t->nodes[f].name, "Your words"));
    CHECK(t->nodes[f].states & UI_A11Y_ST_FOCUSED);
    REQUIRE(t->nodes[f].text);
    CHECK(!strcmp(t->nodes[f].text, want));
    CHECK(t->nodes[f].caret == t->nodes[f].text_chars);
    CHECK(t->nodes[f].sel_start == t->nodes[f].sel_end); /* nothing selected: a key does not replace it */
}

int main(void)
{
    th_app h;
    th_app_prepare(&h, "a11y-entry-focus");
    im_vault_close(th_vault_create(h.data, PASS, NULL));
    th_app_start(&h);
    ui_app *app = th_app_ui(&h);
    app->a11y = ui_a11y_hub_new();
    REQUIRE(app->a11y != NULL);
    ui_a11y_hub_set_active(app->a11y, 1);
    step(&h, "resize 390 844");
    step(&h, "tap \"Passphrase\"");
    step(&h, "type \"" PASS "\"");
    step(&h, "tap \"Unlock\"");
    step(&h, "wait 2");

    /* a new entry: the words field, empty (as before) */
    step(&h, "tap \"Journal\"");
    step(&h, "tap \"New entry\"");
    focus_at_end(&h, "");
    step(&h, "type \"" ENTRY "\"");
    step(&h, "tap \"Save\"");
    step(&h, "expect \"Saved\"");

    /* the saved entry, opened to read, then to edit */
    step(&h, "tap \"" ENTRY "\"");
    step(&h, "tap \"Edit\"");
    step(&h, "expect \"Edit entry\"");
    focus_at_end(&h, ENTRY);
    /* typing goes on at the end, with no tap first */
    step(&h, "type \"" MORE "\"");
    focus_at_end(&h, ENTRY MORE);
    step(&h, "tap \"Save\"");
    step(&h, "expect \"" ENTRY MORE "\"");

    ui_a11y_tree_free(snap);
    th_app_finish(&h);
    return im_check_done();
}
