/*
 * test_a11y_mobile.c -- what the phone bridges decide, tested where they
 * cannot run (app/src/a11y/mobile.h): the Java provider for TalkBack
 * (InnermostAccessibility.java, fed by a11y/android.c) and the VoiceOver
 * elements (ios/im_a11y_ios.m) only map what mobile.c gives them.
 *
 *  - On the real app's unlock screen (headless, the test standing where a
 *    bridge stands): the passphrase typed through the hub crosses as
 *    bullets only, one per character, never its words (invariant 1) --
 *    in none of the strings a bridge is handed; a finger on "Unlock"
 *    finds the Unlock button, between widgets the window.
 *  - On a snapshot made by hand: screen units (window origin + pixels x
 *    scale, rounded; invariant 2), a modal dialog taking every point, an
 *    offscreen node never hit.
 *  - UTF-16 for Java and NSString: an emoji as a surrogate pair, a bad
 *    byte as U+FFFD, a cut before a pair that does not fit.
 *  - The Java provider's constants (F_, S_, ROLE_, ST_, ACT_, REQ_, EV_)
 *    read from InnermostAccessibility.java equal the C enums here: a
 *    mismatch would hand TalkBack wrong roles or actions silently.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a11y/hub.h"
#include "a11y/mobile.h"
#include "app_harness.h"
#include "check.h"
#include "a11y_snap.h" /* snap, current, step */

#define CANARY "heron-canary-8813 dusk"
#define BULLET "\xE2\x80\xA2"


/* The centre of node i in screen units, from the numbers a bridge gets. */
static void centre(const int32_t *num, int i, int *x, int *y)
{
    const int32_t *f = num + (size_t)i * UI_A11Y_MF_COUNT;
    *x = f[UI_A11Y_MF_X] + f[UI_A11Y_MF_W] / 2;
    *y = f[UI_A11Y_MF_Y] + f[UI_A11Y_MF_H] / 2;
}

static void test_unlock_screen(void)
{
    th_app h;
    th_app_prepare(&h, "a11y-mobile");
    im_vault_close(th_vault_create(h.data, CANARY, NULL));
    th_app_start(&h);
    ui_app *app = th_app_ui(&h);
    app->a11y = ui_a11y_hub_new();
    REQUIRE(app->a11y != NULL);
    ui_a11y_hub_set_active(app->a11y, 1);
    step(&h, "resize 390 844");
    const ui_a11y_tree *t = current(&h);
    REQUIRE(t);
    int pw = ui_a11y_tree_find(t, 0, "Passphrase", UI_A11Y_ROLE_TEXT_FIELD);
    REQUIRE(pw > 0);
    ui_a11y_request r;
    memset(&r, 0, sizeof r);
    r.kind = UI_A11Y_REQ_INSERT_TEXT;
    r.id = t->nodes[pw].id;
    snprintf(r.name, sizeof r.name, "%s", t->nodes[pw].name);
    r.text = CANARY;
    CHECK(ui_a11y_hub_request(app->a11y, &r) == 0);
    step(&h, "wait 0.1");
    t = current(&h);
    pw = ui_a11y_tree_find(t, 0, "Passphrase", UI_A11Y_ROLE_TEXT_FIELD);
    REQUIRE(pw > 0 && t->nodes[pw].text_chars == (int)strlen(CANARY));

    /* every string a bridge is handed: bullets for the field, the canary nowhere */
    char buf[1024];
    const char *text = ui_a11y_mobile_string(t, pw, UI_A11Y_MS_TEXT, buf, sizeof buf);
    CHECK(strlen(text) == strlen(CANARY) * 3);
    for (size_t k = 0; k + 3 <= strlen(text); k += 3)
        CHECK(memcmp(text + k, BULLET, 3) == 0);
    for (int i = 0; i < t->count; i++)
        for (int s = 0; s < UI_A11Y_MS_COUNT; s++) {
            const char *got = ui_a11y_mobile_string(t, i, s, buf, sizeof buf);
            CHECK(!strstr(got, "heron-canary"));
        }
    /* a small buffer: whole bullets only, ended */
    char small[8];
    text = ui_a11y_mobile_string(t, pw, UI_A11Y_MS_TEXT, small, sizeof small);
    CHECK(strlen(text) == 6 && memcmp(text, BULLET BULLET, 6) == 0);

    /* the numbers, and a finger on Unlock */
    size_t n = (size_t)t->count * UI_A11Y_MF_COUNT;
    int32_t *num = calloc(n, sizeof *num);
    REQUIRE(num);
    CHECK(ui_a11y_mobile_numbers(t, num, n - 1) == 0); /* too small: nothing */
    CHECK(ui_a11y_mobile_numbers(t, num, n) == t->count);
    int unlock = ui_a11y_tree_find(t, 0, "Unlock", UI_A11Y_ROLE_BUTTON);
    REQUIRE(unlock > 0);
    const int32_t *f = num + (size_t)unlock * UI_A11Y_MF_COUNT;
    CHECK(f[UI_A11Y_MF_ROLE] == UI_A11Y_ROLE_BUTTON && (f[UI_A11Y_MF_ACTIONS] & UI_A11Y_ACT_ACTIVATE));
    CHECK((uint64_t)(uint32_t)f[UI_A11Y_MF_ID_HI] << 32 == (t->nodes[unlock].id & ~(uint64_t)0xffffffffu));
    CHECK((uint32_t)f[UI_A11Y_MF_ID_LO] == (uint32_t)t->nodes[unlock].id);
    CHECK(f[UI_A11Y_MF_W] > 0 && f[UI_A11Y_MF_H] > 0);
    int x, y;
    centre(num, unlock, &x, &y);
    CHECK(ui_a11y_mobile_hit(t, x, y) == unlock);
    centre(num, pw, &x, &y);
    CHECK(ui_a11y_mobile_hit(t, x, y) == pw);
    CHECK(num[(size_t)pw * UI_A11Y_MF_COUNT + UI_A11Y_MF_STATES] & UI_A11Y_ST_SECRET);
    free(num);

    ui_a11y_tree_free(snap);
    snap = NULL;
    th_app_finish(&h);
}

/* A window at (100, 50), 2 units a pixel: a button, an offscreen one on
 * top of it, a modal dialog with one button of its own. */
static void test_made_by_hand(void)
{
    ui_a11y_node nodes[5];
    memset(nodes, 0, sizeof nodes);
    const char *names[] = {"Innermost", "Back", "Hidden", "Sure?", "Yes"};
    ui_a11y_role roles[] = {UI_A11Y_ROLE_WINDOW, UI_A11Y_ROLE_BUTTON, UI_A11Y_ROLE_BUTTON,
                            UI_A11Y_ROLE_DIALOG, UI_A11Y_ROLE_BUTTON};
    ui_rect rects[] = {
        {0, 0, 400, 800}, {10, 10, 100, 50}, {10, 10, 100, 50}, {0, 300, 400, 200}, {50, 350, 101, 49}};
    for (int i = 0; i < 5; i++) {
        nodes[i].id = 1000 + (uint64_t)i + ((uint64_t)7 << 32);
        nodes[i].role = roles[i];
        nodes[i].name = names[i];
        nodes[i].description = "";
        nodes[i].bounds = rects[i];
        nodes[i].parent = i == 0 ? -1 : i == 4 ? 3 : 0;
        nodes[i].first_child = nodes[i].next_sibling = -1;
    }
    nodes[2].states = UI_A11Y_ST_OFFSCREEN;
    ui_a11y_tree t;
    memset(&t, 0, sizeof t);
    t.count = 5;
    t.nodes = nodes;
    t.window.x = 100;
    t.window.y = 50;
    t.window.to_screen = 2.0f;
    int32_t num[5 * UI_A11Y_MF_COUNT];
    REQUIRE(ui_a11y_mobile_numbers(&t, num, sizeof num / sizeof *num) == 5);
    const int32_t *yes = num + 4 * UI_A11Y_MF_COUNT;
    CHECK(yes[UI_A11Y_MF_X] == 200 && yes[UI_A11Y_MF_Y] == 750);
    CHECK(yes[UI_A11Y_MF_W] == 202 && yes[UI_A11Y_MF_H] == 98);
    CHECK(yes[UI_A11Y_MF_ID_HI] == 7 && yes[UI_A11Y_MF_ID_LO] == 1004);
    /* no dialog yet: the button, not the offscreen one drawn over it */
    nodes[3].role = UI_A11Y_ROLE_NONE;
    CHECK(ui_a11y_mobile_hit(&t, 100 + 2 * 50, 50 + 2 * 30) == 1);
    CHECK(ui_a11y_mobile_hit(&t, 100 + 2 * 300, 50 + 2 * 100) == 0); /* nothing there: the window */
    CHECK(ui_a11y_mobile_hit(&t, 99, 49) == 0);
    /* a modal dialog: nothing under it is reached, its own button is */
    nodes[3].role = UI_A11Y_ROLE_DIALOG;
    nodes[3].states = UI_A11Y_ST_MODAL;
    CHECK(ui_a11y_mobile_hit(&t, 100 + 2 * 50, 50 + 2 * 30) == 3);
    CHECK(ui_a11y_mobile_hit(&t, 100 + 2 * 60, 50 + 2 * 360) == 4);
    CHECK(ui_a11y_mobile_hit(NULL, 0, 0) == -1);
    CHECK(!strcmp(ui_a11y_mobile_string(&t, 9, UI_A11Y_MS_NAME, NULL, 0), ""));
}

static void test_utf16(void)
{
    uint16_t u[16];
    size_t n = ui_a11y_mobile_utf16("a\xF0\x9F\x98\x80\xC3\xA9", u, 16);
    CHECK(n == 4 && u[0] == 'a' && u[1] == 0xD83D && u[2] == 0xDE00 && u[3] == 0xE9);
    n = ui_a11y_mobile_utf16("x\xFFy\xE2\x80", u, 16); /* a bad byte, a cut sequence */
    CHECK(n == 5 && u[0] == 'x' && u[1] == 0xFFFD && u[2] == 'y' && u[3] == 0xFFFD && u[4] == 0xFFFD);
    n = ui_a11y_mobile_utf16("\xED\xA0\x80", u, 16); /* an encoded surrogate is not a character */
    CHECK(n >= 1 && u[0] == 0xFFFD);
    n = ui_a11y_mobile_utf16("ab\xF0\x9F\x98\x80", u, 3); /* the pair does not fit: cut before it */
    CHECK(n == 2);
    CHECK(ui_a11y_mobile_utf16(NULL, u, 16) == 0);
}

/* ---- the Java provider's constants ------------------------------------------------ */

static char *java;

/* The value of `static final int NAME = ...` in the Java file ("N" or
 * "1 << N"); -1000 when not found. */
static long java_const(const char *name)
{
    char pat[64];
    snprintf(pat, sizeof pat, " %s = ", name);
    const char *p = strstr(java, pat);
    if (!p) {
        snprintf(pat, sizeof pat, "%s = ", name);
        p = strstr(java, pat);
        if (!p || (p > java && (p[-1] == '_' || (p[-1] >= 'A' && p[-1] <= 'Z'))))
            return -1000;
    }
    p = strchr(p, '=') + 1;
    char *end;
    long v = strtol(p, &end, 0);
    while (*end == ' ')
        end++;
    if (end[0] == '<' && end[1] == '<')
        v <<= strtol(end + 2, NULL, 0);
    return v;
}

#define SAME(name, value)                                                                                    \
    do {                                                                                                     \
        long got_ = java_const(name);                                                                        \
        if (got_ != (long)(value))                                                                           \
            fprintf(stderr, "InnermostAccessibility.%s = %ld, C says %ld\n", name, got_, (long)(value));     \
        CHECK(got_ == (long)(value));                                                                        \
    } while (0)

static void test_java_constants(void)
{
    char *path = im_source_path("android/app/src/main/java/org/innermost/app/InnermostAccessibility.java");
    FILE *f = fopen(path, "rb");
    free(path);
    REQUIRE(f);
    java = calloc(1, 1 << 20);
    REQUIRE(java);
    size_t got = fread(java, 1, (1 << 20) - 1, f);
    fclose(f);
    REQUIRE(got > 0);
    SAME("F_ID_LO", UI_A11Y_MF_ID_LO);
    SAME("F_ID_HI", UI_A11Y_MF_ID_HI);
    SAME("F_ROLE", UI_A11Y_MF_ROLE);
    SAME("F_STATES", UI_A11Y_MF_STATES);
    SAME("F_ACTIONS", UI_A11Y_MF_ACTIONS);
    SAME("F_PARENT", UI_A11Y_MF_PARENT);
    SAME("F_X", UI_A11Y_MF_X);
    SAME("F_Y", UI_A11Y_MF_Y);
    SAME("F_W", UI_A11Y_MF_W);
    SAME("F_H", UI_A11Y_MF_H);
    SAME("F_HAS_VALUE", UI_A11Y_MF_HAS_VALUE);
    SAME("F_VALUE", UI_A11Y_MF_VALUE);
    SAME("F_MIN", UI_A11Y_MF_MIN);
    SAME("F_MAX", UI_A11Y_MF_MAX);
    SAME("F_TEXT_CHARS", UI_A11Y_MF_TEXT_CHARS);
    SAME("F_CARET", UI_A11Y_MF_CARET);
    SAME("F_SEL_START", UI_A11Y_MF_SEL_START);
    SAME("F_SEL_END", UI_A11Y_MF_SEL_END);
    SAME("F_COUNT", UI_A11Y_MF_COUNT);
    SAME("S_NAME", UI_A11Y_MS_NAME);
    SAME("S_DESCRIPTION", UI_A11Y_MS_DESCRIPTION);
    SAME("S_TEXT", UI_A11Y_MS_TEXT);
    SAME("S_COUNT", UI_A11Y_MS_COUNT);
    static const struct {
        const char *name;
        long value;
    } roles[] = {{"ROLE_NONE", UI_A11Y_ROLE_NONE},
                 {"ROLE_WINDOW", UI_A11Y_ROLE_WINDOW},
                 {"ROLE_STATIC_TEXT", UI_A11Y_ROLE_STATIC_TEXT},
                 {"ROLE_HEADING", UI_A11Y_ROLE_HEADING},
                 {"ROLE_BUTTON", UI_A11Y_ROLE_BUTTON},
                 {"ROLE_TOGGLE", UI_A11Y_ROLE_TOGGLE},
                 {"ROLE_RADIO", UI_A11Y_ROLE_RADIO},
                 {"ROLE_TEXT_FIELD", UI_A11Y_ROLE_TEXT_FIELD},
                 {"ROLE_SLIDER", UI_A11Y_ROLE_SLIDER},
                 {"ROLE_LIST", UI_A11Y_ROLE_LIST},
                 {"ROLE_LIST_ITEM", UI_A11Y_ROLE_LIST_ITEM},
                 {"ROLE_TAB_LIST", UI_A11Y_ROLE_TAB_LIST},
                 {"ROLE_TAB", UI_A11Y_ROLE_TAB},
                 {"ROLE_DIALOG", UI_A11Y_ROLE_DIALOG},
                 {"ROLE_IMAGE", UI_A11Y_ROLE_IMAGE},
                 {"ROLE_PROGRESS", UI_A11Y_ROLE_PROGRESS},
                 {"ROLE_ALERT", UI_A11Y_ROLE_ALERT},
                 {"ROLE_TIMER", UI_A11Y_ROLE_TIMER},
                 {"ST_FOCUSABLE", UI_A11Y_ST_FOCUSABLE},
                 {"ST_FOCUSED", UI_A11Y_ST_FOCUSED},
                 {"ST_DISABLED", UI_A11Y_ST_DISABLED},
                 {"ST_CHECKABLE", UI_A11Y_ST_CHECKABLE},
                 {"ST_CHECKED", UI_A11Y_ST_CHECKED},
                 {"ST_SELECTED", UI_A11Y_ST_SELECTED},
                 {"ST_EXPANDED", UI_A11Y_ST_EXPANDED},
                 {"ST_SECRET", UI_A11Y_ST_SECRET},
                 {"ST_EDITABLE", UI_A11Y_ST_EDITABLE},
                 {"ST_MULTI_LINE", UI_A11Y_ST_MULTI_LINE},
                 {"ST_READ_ONLY", UI_A11Y_ST_READ_ONLY},
                 {"ST_OFFSCREEN", UI_A11Y_ST_OFFSCREEN},
                 {"ST_MODAL", UI_A11Y_ST_MODAL},
                 {"ACT_ACTIVATE", UI_A11Y_ACT_ACTIVATE},
                 {"ACT_FOCUS", UI_A11Y_ACT_FOCUS},
                 {"ACT_SET_VALUE", UI_A11Y_ACT_SET_VALUE},
                 {"ACT_EDIT_TEXT", UI_A11Y_ACT_EDIT_TEXT},
                 {"ACT_SHOW", UI_A11Y_ACT_SHOW},
                 {"REQ_ACTIVATE", UI_A11Y_REQ_ACTIVATE},
                 {"REQ_FOCUS", UI_A11Y_REQ_FOCUS},
                 {"REQ_SHOW", UI_A11Y_REQ_SHOW},
                 {"REQ_SET_VALUE", UI_A11Y_REQ_SET_VALUE},
                 {"REQ_SET_TEXT", UI_A11Y_REQ_SET_TEXT},
                 {"REQ_INSERT_TEXT", UI_A11Y_REQ_INSERT_TEXT},
                 {"REQ_DELETE_TEXT", UI_A11Y_REQ_DELETE_TEXT},
                 {"REQ_SET_CARET", UI_A11Y_REQ_SET_CARET},
                 {"REQ_SELECT", UI_A11Y_REQ_SELECT},
                 {"EV_SCREEN", UI_A11Y_EV_SCREEN},
                 {"EV_TOAST", UI_A11Y_EV_TOAST},
                 {"EV_MESSAGE", UI_A11Y_EV_MESSAGE},
                 {"EV_PHASE", UI_A11Y_EV_PHASE}};
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        SAME(roles[i].name, roles[i].value);
    CHECK(UI_A11Y_ROLE_COUNT == 18); /* a new role needs its Java name too */
    free(java);
}

int main(void)
{
    test_unlock_screen();
    test_made_by_hand();
    test_utf16();
    test_java_constants();
    return im_check_done();
}
