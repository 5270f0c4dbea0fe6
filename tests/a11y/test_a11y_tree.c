/*
 * test_a11y_tree.c -- the accessibility tree (app/src/a11y/tree.h) and its
 * hub (hub.h) on the real app, headless, with no platform bridge: this test
 * stands where a bridge stands, takes the snapshots the app publishes after
 * its frames and sends requests back through the hub's SDL event.
 *
 * What it holds the tree to:
 *  - the shape (tree.h invariant 2): nodes[0] the window, parents before
 *    children, children linked in order, every interactive node named;
 *  - the unlock screen: the passphrase field is a secret text field with
 *    no text (invariant 1), typed into through the hub, its length known;
 *    the passphrase is nowhere in the snapshot's memory -- also while the
 *    person chose to see it in clear ("Show passphrase");
 *  - "Unlock" through the hub opens Home: a new-screen event, the tabs with
 *    Home selected, a request for a widget that has gone does nothing;
 *  - the privacy cover (the app in the background) leaves the window alone
 *    (invariant 5).
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <string.h>

#include "a11y/hub.h"
#include "app_harness.h"
#include "check.h"
#include "a11y_snap.h" /* snap, current, step */

#define CANARY "otter-canary-5521 lantern"


static int holds(const ui_a11y_tree *t, const char *s)
{
    if (!t || !t->arena)
        return 0;
    if (memmem(t->arena, t->arena_len, s, strlen(s)))
        return 1;
    for (int i = 0; i < t->nevents; i++)
        if (strstr(t->events[i].text, s))
            return 1;
    return 0;
}

static void ask(th_app *h, const ui_a11y_tree *t, int node, ui_a11y_req_kind kind, int a, const char *text)
{
    ui_a11y_request r;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    r.id = t->nodes[node].id;
    snprintf(r.name, sizeof r.name, "%s", t->nodes[node].name);
    r.a = a;
    r.text = text;
    CHECK(ui_a11y_hub_request(th_app_ui(h)->a11y, &r) == 0);
    step(h, "wait 0.1"); /* the driver's pump handles the hub's event */
}

/* Invariant 2, and a role and a name for everything one can use. */
static void check_shape(const ui_a11y_tree *t)
{
    REQUIRE(t && t->count >= 1);
    CHECK(t->nodes[0].role == UI_A11Y_ROLE_WINDOW && t->nodes[0].parent == -1);
    for (int i = 0; i < t->count; i++) {
        const ui_a11y_node *n = &t->nodes[i];
        CHECK(n->name != NULL && n->description != NULL);
        if (i > 0)
            CHECK(n->parent >= 0 && n->parent < i);
        int k = 0, last = i;
        for (int c = n->first_child; c >= 0; c = t->nodes[c].next_sibling, k++) {
            CHECK(c > last && t->nodes[c].parent == i && t->nodes[c].index_in_parent == k);
            last = c;
        }
        CHECK(k == n->child_count);
        if (n->actions & (UI_A11Y_ACT_ACTIVATE | UI_A11Y_ACT_EDIT_TEXT | UI_A11Y_ACT_SET_VALUE)) {
            if (!(n->role != UI_A11Y_ROLE_NONE && n->name[0]))
                fprintf(stderr, "unnamed: %s %d\n", ui_a11y_role_name(n->role), i);
            CHECK(n->role != UI_A11Y_ROLE_NONE && n->name[0]);
        }
    }
}

int main(void)
{
    th_app h;
    th_app_prepare(&h, "a11y-tree");
    im_vault_close(th_vault_create(h.data, CANARY, NULL)); /* locked by the canary */
    th_app_start(&h);
    ui_app *app = th_app_ui(&h);
    REQUIRE(app->a11y == NULL); /* headless: no bridge, no hub */
    app->a11y = ui_a11y_hub_new();
    REQUIRE(app->a11y != NULL);
    ui_a11y_hub_set_active(app->a11y, 1);
    step(&h, "resize 390 844"); /* a frame, so a first snapshot */

    /* ---- the unlock screen */
    const ui_a11y_tree *t = current(&h);
    check_shape(t);
    int pw = ui_a11y_tree_find(t, 0, "Passphrase", UI_A11Y_ROLE_TEXT_FIELD);
    REQUIRE(pw > 0);
    CHECK(t->nodes[pw].states & UI_A11Y_ST_SECRET);
    CHECK(t->nodes[pw].text == NULL);
    CHECK(t->nodes[pw].actions & UI_A11Y_ACT_EDIT_TEXT);
    CHECK(t->nevents >= 1 && t->events[0].kind == UI_A11Y_EV_SCREEN);
    int unlock = ui_a11y_tree_find(t, 0, "Unlock", UI_A11Y_ROLE_BUTTON);
    REQUIRE(unlock > 0);
    CHECK(t->nodes[unlock].actions & UI_A11Y_ACT_ACTIVATE);

    /* typed through the hub: its length, never its words */
    ask(&h, t, pw, UI_A11Y_REQ_INSERT_TEXT, 0, CANARY);
    t = current(&h);
    pw = ui_a11y_tree_find(t, 0, "Passphrase", UI_A11Y_ROLE_TEXT_FIELD);
    REQUIRE(pw > 0);
    CHECK(t->nodes[pw].text_chars == (int)strlen(CANARY));
    CHECK(t->nodes[pw].caret == (int)strlen(CANARY));
    CHECK(t->nodes[pw].text == NULL);
    CHECK(t->focus == pw && (t->nodes[pw].states & UI_A11Y_ST_FOCUSED));
    CHECK(!holds(t, CANARY));
    CHECK(!holds(t, "otter-canary"));

    /* shown in clear on screen, still secret in the tree */
    int show = ui_a11y_tree_find(t, 0, "Show passphrase", UI_A11Y_ROLE_BUTTON);
    REQUIRE(show > 0);
    ask(&h, t, show, UI_A11Y_REQ_ACTIVATE, 0, NULL);
    CHECK(th_app_drawn(&h, CANARY)); /* the person sees it... */
    t = current(&h);
    CHECK(ui_a11y_tree_find(t, 0, "Hide passphrase", UI_A11Y_ROLE_BUTTON) > 0);
    pw = ui_a11y_tree_find(t, 0, "Passphrase", UI_A11Y_ROLE_TEXT_FIELD);
    REQUIRE(pw > 0);
    CHECK(t->nodes[pw].text == NULL && (t->nodes[pw].states & UI_A11Y_ST_SECRET));
    CHECK(!holds(t, CANARY)); /* ...the tree never */

    /* a request for a widget by a name it no longer has does nothing */
    ui_a11y_request stale;
    memset(&stale, 0, sizeof stale);
    stale.kind = UI_A11Y_REQ_ACTIVATE;
    stale.id = t->nodes[unlock].id;
    snprintf(stale.name, sizeof stale.name, "Not Unlock");
    CHECK(ui_a11y_hub_request(app->a11y, &stale) == 0);
    step(&h, "wait 0.1");
    step(&h, "expect \"Passphrase\"");

    /* ---- Unlock through the hub: Home */
    unlock = ui_a11y_tree_find(t, 0, "Unlock", UI_A11Y_ROLE_BUTTON);
    REQUIRE(unlock > 0);
    uint64_t unlock_id = t->nodes[unlock].id;
    ask(&h, t, unlock, UI_A11Y_REQ_ACTIVATE, 0, NULL);
    step(&h, "wait 2");
    step(&h, "expect \"Journal\"");
    t = current(&h);
    check_shape(t);
    CHECK(ui_a11y_tree_find(t, 0, "Passphrase", UI_A11Y_ROLE_TEXT_FIELD) < 0);
    int home = ui_a11y_tree_find(t, 0, "Home", UI_A11Y_ROLE_TAB);
    int journal = ui_a11y_tree_find(t, 0, "Journal", UI_A11Y_ROLE_TAB);
    REQUIRE(home > 0 && journal > 0);
    CHECK(t->nodes[home].states & UI_A11Y_ST_SELECTED);
    CHECK(!(t->nodes[journal].states & UI_A11Y_ST_SELECTED));
    CHECK(t->nodes[t->nodes[home].parent].role == UI_A11Y_ROLE_TAB_LIST);
    int screen_events = 0;
    for (int i = 0; i < t->nevents; i++)
        screen_events += t->events[i].kind == UI_A11Y_EV_SCREEN;
    CHECK(screen_events >= 1);
    CHECK(!holds(t, CANARY));

    /* the Unlock button is gone: a request naming it does nothing */
    stale.id = unlock_id;
    snprintf(stale.name, sizeof stale.name, "Unlock");
    CHECK(ui_a11y_hub_request(app->a11y, &stale) == 0);
    step(&h, "wait 0.1");
    step(&h, "expect \"Journal\"");

    /* a chip (radio) chosen through the hub is checked */
    int good = ui_a11y_tree_find(t, 0, "Good", UI_A11Y_ROLE_RADIO);
    REQUIRE(good > 0);
    CHECK((t->nodes[good].states & UI_A11Y_ST_CHECKABLE) && !(t->nodes[good].states & UI_A11Y_ST_CHECKED));
    ask(&h, t, good, UI_A11Y_REQ_ACTIVATE, 0, NULL);
    t = current(&h);
    good = ui_a11y_tree_find(t, 0, "Good", UI_A11Y_ROLE_RADIO);
    REQUIRE(good > 0);
    CHECK(t->nodes[good].states & UI_A11Y_ST_CHECKED);

    /* the Journal tab through the hub */
    journal = ui_a11y_tree_find(t, 0, "Journal", UI_A11Y_ROLE_TAB);
    REQUIRE(journal > 0);
    ask(&h, t, journal, UI_A11Y_REQ_ACTIVATE, 0, NULL);
    step(&h, "expect \"New entry\"");
    t = current(&h);
    journal = ui_a11y_tree_find(t, 0, "Journal", UI_A11Y_ROLE_TAB);
    REQUIRE(journal > 0);
    CHECK(t->nodes[journal].states & UI_A11Y_ST_SELECTED);

    /* ---- the breathing guide: its phase is the timer's live words, and
     * each change of phase is an event */
    step(&h, "tap \"Practice\"");
    step(&h, "scroll-to \"Breathing to settle\"");
    step(&h, "tap \"Breathing to settle\"");
    step(&h, "tap \"Slow, even breathing\"");
    step(&h, "tap \"Next\"");
    step(&h, "scroll-to \"Start\"");
    step(&h, "tap \"Start\"");
    int saw_in = 0, saw_out = 0, timers = 0;
    for (int i = 0; i < 6; i++) {
        step(&h, "wait 2");
        t = current(&h);
        for (int e = 0; e < t->nevents; e++) {
            if (t->events[e].kind != UI_A11Y_EV_PHASE)
                continue;
            saw_in += !strcmp(t->events[e].text, "Breathe in");
            saw_out += !strcmp(t->events[e].text, "Breathe out");
        }
        for (int k = 0; k < t->count; k++)
            if (t->nodes[k].role == UI_A11Y_ROLE_TIMER) {
                timers++;
                CHECK(t->nodes[k].name[0]);
                CHECK(!strcmp(t->nodes[k].description, "Breathe in") ||
                      !strcmp(t->nodes[k].description, "Breathe out"));
            }
    }
    CHECK(timers >= 1);
    CHECK(saw_in >= 1 && saw_out >= 1);

    /* ---- the privacy cover: the window alone */
    step(&h, "background");
    t = current(&h);
    REQUIRE(t != NULL);
    CHECK(t->count == 1 && t->nodes[0].role == UI_A11Y_ROLE_WINDOW);

    ui_a11y_tree_free(snap);
    th_app_finish(&h);
    return im_check_done();
}
