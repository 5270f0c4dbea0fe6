/*
 * test_a11y_pages.c -- what a screen reader is told as pages turn in place
 * and as a chip is chosen by key (issue 23), on the headless app with this
 * test standing where a bridge stands (a11y_snap.h), as test_a11y_tree.c.
 *
 *  - Together's answering pages name themselves: the window is named
 *    "Daily check-in, question 1 of 2: Today I appreciated you for... -
 *    Together - Innermost" and each new question is a screen event with
 *    those words (before, every answering page was "Together - Innermost"
 *    and Next said nothing: this part fails on the old code).  The page's
 *    name is no node and no label a tap finds.  The sealed answer is in no
 *    name, description or event from the moment its partner is done until
 *    the reveal; the reveal names itself.  In turns the page says who
 *    speaks (speaking and reflecting are two pages), and the speaking
 *    clock, a title-sized label, is not taken for the page: before, the
 *    window's name and a screen event changed with every second.
 *  - A solo exercise's cards name themselves the same way ("Step 2 of 3:
 *    In for four, out for four, at an easy pace. - Slow, even breathing -
 *    Innermost"); before, every card was the exercise's title alone.
 *  - A focused list's keyboard row is the focus (Up / Down move it): a
 *    reader says each row as it is reached (before, the list kept the
 *    focus and Orca said nothing on Down).
 *  - Space on a focused mood chip (the journal editor's, Home's): the same
 *    node (same id: the same AT-SPI object) becomes CHECKED while it keeps
 *    the focus -- the object:state-changed:checked on the locus of focus
 *    that Orca speaks as "selected" once it saw the Space (its radio button
 *    rule).  This held on the old code too: Orca said nothing because keys
 *    did not reach it (docs/platforms.md); test_orca_journey checks the
 *    words.
 */
#include <stdio.h>
#include <string.h>

#include "a11y/hub.h"
#include "app_harness.h"
#include "check.h"
#include "a11y_snap.h" /* snap, current, step */

#define PASS "orchid-canary-7741 harbour"
#define SEALED "SAMTHANKSFORDINNER"
#define ENTRY "A quiet walk by the river"
#define Q1 "Daily check-in, question 1 of 2: Today I appreciated you for..."
#define Q2 "Daily check-in, question 2 of 2: Something I need today, or tomorrow, is..."

/* s in any node's name or description, or any event's words. */
static int named_anywhere(const ui_a11y_tree *t, const char *s)
{
    for (int i = 0; t && i < t->count; i++)
        if (strstr(t->nodes[i].name, s) || strstr(t->nodes[i].description, s))
            return 1;
    for (int i = 0; t && i < t->nevents; i++)
        if (strstr(t->events[i].text, s))
            return 1;
    return 0;
}

static int screen_event(const ui_a11y_tree *t, const char *text)
{
    for (int i = 0; t && i < t->nevents; i++)
        if (t->events[i].kind == UI_A11Y_EV_SCREEN && !strcmp(t->events[i].text, text))
            return 1;
    return 0;
}

/* The window is named `page - Together - Innermost`, and that page came
 * with a screen event `page - Together`; named: the page has no title of
 * its own, its name is no node. */
static void expect_page(th_app *h, const char *page, int named)
{
    const ui_a11y_tree *t = current(h);
    REQUIRE(t && t->count > 0);
    char want[512];
    snprintf(want, sizeof want, "%s - Together - Innermost", page);
    if (strcmp(t->nodes[0].name, want))
        fprintf(stderr, "window: \"%s\"\n want: \"%s\"\n", t->nodes[0].name, want);
    CHECK(!strcmp(t->nodes[0].name, want));
    snprintf(want, sizeof want, "%s - Together", page);
    CHECK(screen_event(t, want));
    if (named)
        CHECK(ui_a11y_tree_find(t, 1, page, UI_A11Y_ROLE_NONE) < 0); /* a name, not a node */
}

/* A reader moves the focus to chip `name` (as Orca's focus follows Tab),
 * then Space: the same node, still focused, is checked. */
static void space_on_chip(th_app *h, const char *name)
{
    const ui_a11y_tree *t = current(h);
    int c = ui_a11y_tree_find(t, 0, name, UI_A11Y_ROLE_RADIO);
    REQUIRE(c > 0);
    CHECK(!(t->nodes[c].states & UI_A11Y_ST_CHECKED));
    uint64_t id = t->nodes[c].id;
    ui_a11y_request r;
    memset(&r, 0, sizeof r);
    r.kind = UI_A11Y_REQ_FOCUS;
    r.id = id;
    snprintf(r.name, sizeof r.name, "%s", name);
    CHECK(ui_a11y_hub_request(th_app_ui(h)->a11y, &r) == 0);
    step(h, "wait 0.1");
    t = current(h);
    c = ui_a11y_tree_find(t, 0, name, UI_A11Y_ROLE_RADIO);
    REQUIRE(c > 0);
    CHECK(t->focus == c && !(t->nodes[c].states & UI_A11Y_ST_CHECKED));
    step(h, "key \"Space\"");
    t = current(h);
    c = ui_a11y_tree_find(t, 0, name, UI_A11Y_ROLE_RADIO);
    REQUIRE(c > 0);
    CHECK(t->nodes[c].id == id);
    CHECK(t->nodes[c].states & UI_A11Y_ST_CHECKED);
    CHECK(t->focus == c && (t->nodes[c].states & UI_A11Y_ST_FOCUSED));
}

int main(void)
{
    th_app h;
    th_app_prepare(&h, "a11y-pages");
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
    step(&h, "expect \"Journal\"");

    /* ---- Space on a mood chip: Home's check-in, the journal editor's */
    space_on_chip(&h, "Okay");
    step(&h, "tap \"Journal\"");
    step(&h, "tap \"New entry\"");
    step(&h, "expect \"Your words\"");
    space_on_chip(&h, "Good");
    step(&h, "tap \"Your words\"");
    step(&h, "type \"" ENTRY "\"");
    step(&h, "key \"Escape\""); /* kept: the list has its row */

    /* ---- a focused list: its keyboard row is the focus, named by its words */
    step(&h, "expect \"" ENTRY "\"");
    const ui_a11y_tree *t = current(&h);
    int list = ui_a11y_tree_find(t, 0, "Journal entries", UI_A11Y_ROLE_LIST);
    REQUIRE(list > 0);
    ui_a11y_request r;
    memset(&r, 0, sizeof r);
    r.kind = UI_A11Y_REQ_FOCUS;
    r.id = t->nodes[list].id;
    snprintf(r.name, sizeof r.name, "Journal entries");
    CHECK(ui_a11y_hub_request(app->a11y, &r) == 0);
    step(&h, "wait 0.1");
    t = current(&h);
    REQUIRE(t->focus > 0);
    CHECK(t->nodes[t->focus].role == UI_A11Y_ROLE_LIST_ITEM && t->nodes[t->focus].parent == list);
    CHECK(!(t->nodes[list].states & UI_A11Y_ST_FOCUSED));
    step(&h, "key \"Down\"");
    t = current(&h);
    REQUIRE(t->focus > 0);
    if (!strstr(t->nodes[t->focus].name, ENTRY))
        fprintf(stderr, "focus: \"%s\"\n", t->nodes[t->focus].name);
    CHECK(t->nodes[t->focus].role == UI_A11Y_ROLE_LIST_ITEM && strstr(t->nodes[t->focus].name, ENTRY));
    CHECK(t->nodes[t->focus].states & UI_A11Y_ST_FOCUSED);
    uint64_t row = t->nodes[t->focus].id;
    step(&h, "key \"Up\"");
    t = current(&h);
    CHECK(t->focus > 0 && t->nodes[t->focus].id != row && t->nodes[t->focus].role == UI_A11Y_ROLE_LIST_ITEM);

    /* ---- a solo exercise turns its cards in place too: each names itself */
    step(&h, "tap \"Practice\"");
    step(&h, "scroll-to \"Breathing to settle\"");
    step(&h, "tap \"Breathing to settle\"");
    step(&h, "tap \"Slow, even breathing\"");
    t = current(&h);
    const char *card1 = "Step 1 of 3: Breathe in for four counts and out for four counts";
    if (strncmp(t->nodes[0].name, card1, strlen(card1)))
        fprintf(stderr, "window: \"%s\"\n", t->nodes[0].name);
    CHECK(!strncmp(t->nodes[0].name, card1, strlen(card1)));
    CHECK(strstr(t->nodes[0].name, " - Slow, even breathing - Innermost") != NULL);
    step(&h, "tap \"Next\"");
    t = current(&h);
    const char *card2 = "Step 2 of 3: In for four, out for four, at an easy pace.";
    if (strncmp(t->nodes[0].name, card2, strlen(card2)))
        fprintf(stderr, "window: \"%s\"\n", t->nodes[0].name);
    CHECK(!strncmp(t->nodes[0].name, card2, strlen(card2)));
    CHECK(strstr(t->nodes[0].name, " - Slow, even breathing - Innermost") != NULL);
    int turned = 0;
    for (int i = 0; i < t->nevents; i++)
        turned += t->events[i].kind == UI_A11Y_EV_SCREEN && !strncmp(t->events[i].text, card2, strlen(card2));
    CHECK(turned == 1);
    step(&h, "key \"Escape\"");
    step(&h, "key \"Escape\"");

    /* ---- Together: each answering page says which it is */
    step(&h, "tap \"Home\"");
    step(&h, "scroll-to \"Together\"");
    step(&h, "tap \"Together\"");
    step(&h, "tap \"First partner's name\"");
    step(&h, "key \"Ctrl+A\"");
    step(&h, "type \"Alex\"");
    step(&h, "tap \"Second partner's name\"");
    step(&h, "key \"Ctrl+A\"");
    step(&h, "type \"Sam\"");
    step(&h, "tap \"Partner 2 starts\"");
    step(&h, "scroll-to \"Daily check-in\"");
    step(&h, "tap \"Daily check-in\"");
    step(&h, "scroll-to \"Begin\"");
    step(&h, "tap \"Begin\"");
    expect_page(&h, "Pass the device to Sam", 0);
    step(&h, "tap \"I'm Sam\"");
    expect_page(&h, Q1, 1);
    step(&h, "expect-not \"question 1 of 2\""); /* nothing drawn, nothing to tap */
    step(&h, "tap \"Something small is perfect.\"");
    step(&h, "type \"" SEALED "\"");
    CHECK(!strstr(current(&h)->nodes[0].name, SEALED)); /* her own words are text, never a name */
    step(&h, "tap \"Next\"");
    expect_page(&h, Q2, 1);
    step(&h, "tap \"For example: \\\"a quiet evening\\\", \\\"a hug when I get home\\\".\"");
    step(&h, "type \"a walk\"");
    step(&h, "tap \"Next\"");
    /* Sam is done: her answer is nowhere a reader may look until the reveal */
    expect_page(&h, "Pass the device to Alex", 0);
    CHECK(!named_anywhere(current(&h), SEALED));
    step(&h, "tap \"I'm Alex\"");
    expect_page(&h, Q1, 1);
    CHECK(!named_anywhere(current(&h), SEALED));
    step(&h, "tap \"Something small is perfect.\"");
    step(&h, "type \"ALEXAPPRECIATESTEA\"");
    step(&h, "tap \"Next\"");
    expect_page(&h, Q2, 1);
    CHECK(!named_anywhere(current(&h), SEALED));
    step(&h, "tap \"For example: \\\"a quiet evening\\\", \\\"a hug when I get home\\\".\"");
    step(&h, "type \"quiet evening\"");
    /* Previous and Next again: the same page is announced again */
    step(&h, "tap \"Previous\"");
    expect_page(&h, Q1, 1);
    step(&h, "tap \"Next\"");
    expect_page(&h, Q2, 1);
    CHECK(!named_anywhere(current(&h), SEALED));
    step(&h, "tap \"Next\"");
    expect_page(&h, "Your answers, side by side", 0);
    t = current(&h);
    CHECK(ui_a11y_tree_find(t, 0, SEALED, UI_A11Y_ROLE_STATIC_TEXT) > 0); /* now it is words to read */
    CHECK(!strstr(t->nodes[0].name, SEALED));

    /* ---- turns: a card, then who speaks on which question; the speaking
     * clock (a title-sized label) is not the page: no new page a second */
    step(&h, "tap \"Next\"");
    step(&h, "tap \"Done\"");
    step(&h, "scroll-to \"Sharing feelings, in turns\"");
    step(&h, "tap \"Sharing feelings, in turns\"");
    step(&h, "scroll-to \"Begin\"");
    step(&h, "tap \"Begin\"");
    expect_page(&h, "Sharing feelings, in turns: Choose a few", 1);
    step(&h, "tap \"Next\"");
    t = current(&h);
    const char *speak = "Sharing feelings, in turns, question 1 of ";
    if (strncmp(t->nodes[0].name, speak, strlen(speak)))
        fprintf(stderr, "window: \"%s\"\n", t->nodes[0].name);
    CHECK(!strncmp(t->nodes[0].name, speak, strlen(speak)));
    CHECK(strstr(t->nodes[0].name, ", Sam speaks, Alex listens: ") != NULL);
    char was[256];
    snprintf(was, sizeof was, "%s", t->nodes[0].name);
    step(&h, "wait 2.5"); /* the clock moves on */
    t = current(&h);
    CHECK(!strcmp(t->nodes[0].name, was));
    int screens = 0;
    for (int i = 0; i < t->nevents; i++)
        screens += t->events[i].kind == UI_A11Y_EV_SCREEN;
    CHECK(screens == 0);
    step(&h, "tap \"Done speaking\"");
    t = current(&h);
    CHECK(strstr(t->nodes[0].name, ", Alex, reflect back what you heard: ") != NULL);

    ui_a11y_tree_free(snap);
    th_app_finish(&h);
    return im_check_done();
}
