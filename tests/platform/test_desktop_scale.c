/*
 * test_desktop_scale.c -- the desktop's UI scale on X11 from Xft.dpi,
 * GDK_SCALE or QT_SCALE_FACTOR (app/src/platform/scale.h), as pure
 * functions: the parse (plain decimals only, in range) and the choice (the
 * first sensible source, 1/8 steps, clamped).  The same factor through the
 * real window under Xvfb: check_hidpi_x11.sh.
 */
#include "check.h"
#include "platform/scale.h"

static float parsed(const char *s, float lo, float hi)
{
    float v = -1.0f;
    return ui_desktop_scale_parse(s, lo, hi, &v) == 0 ? v : -1.0f;
}

static void check_parse(void)
{
    CHECK(parsed("192", 24, 960) == 192.0f);
    CHECK(parsed(" 144\n", 24, 960) == 144.0f);
    CHECK(parsed("1.5", 0.5f, 8) == 1.5f);
    CHECK(parsed("2.", 0.5f, 8) == 2.0f);
    CHECK(parsed(".5", 0.5f, 8) == 0.5f);
    CHECK(parsed("192.000000", 24, 960) == 192.0f);
    /* not numbers, or not plain ones: refused, *out untouched */
    const char *bad[] = {"", " ", ".", "abc", "2x", "1,5", "-2", "+2", "1e2", "1.2.3", "19 2", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        float v = 7.0f;
        CHECK(ui_desktop_scale_parse(bad[i], 0, 1000, &v) == -1 && v == 7.0f);
    }
    float v = 7.0f;
    CHECK(ui_desktop_scale_parse(NULL, 0, 1000, &v) == -1 && v == 7.0f);
    /* out of range */
    CHECK(parsed("23", 24, 960) == -1.0f);
    CHECK(parsed("961", 24, 960) == -1.0f);
    CHECK(parsed("24", 24, 960) == 24.0f);
    CHECK(parsed("1234567890123", 0, 1e13f) == -1.0f);
}

static void check_pick(void)
{
    CHECK(ui_desktop_scale_pick(NULL, NULL, NULL) == 1.0f);
    CHECK(ui_desktop_scale_pick("96", NULL, NULL) == 1.0f);
    CHECK(ui_desktop_scale_pick("192", NULL, NULL) == 2.0f);
    CHECK(ui_desktop_scale_pick("144", NULL, NULL) == 1.5f);
    CHECK(ui_desktop_scale_pick("120", NULL, NULL) == 1.25f);
    CHECK(ui_desktop_scale_pick("288", NULL, NULL) == 3.0f);
    /* a DPI measured from the monitor, not a choice: stays 1x */
    CHECK(ui_desktop_scale_pick("97", NULL, NULL) == 1.0f);
    CHECK(ui_desktop_scale_pick("101", NULL, NULL) == 1.0f);
    /* a smaller UI asked for: honoured, down to 0.5 */
    CHECK(ui_desktop_scale_pick("72", NULL, NULL) == 0.75f);
    /* Xft.dpi wins over the toolkits' variables (GDK_SCALE=2 with
     * Xft.dpi 192 is the usual HiDPI recipe: 2, not 4) */
    CHECK(ui_desktop_scale_pick("192", "2", "2") == 2.0f);
    CHECK(ui_desktop_scale_pick("96", "2", NULL) == 1.0f);
    /* no (or no sensible) Xft.dpi: GDK_SCALE, then QT_SCALE_FACTOR */
    CHECK(ui_desktop_scale_pick(NULL, "2", "3") == 2.0f);
    CHECK(ui_desktop_scale_pick("huge", "2", NULL) == 2.0f);
    CHECK(ui_desktop_scale_pick("5000", NULL, "1.5") == 1.5f);
    CHECK(ui_desktop_scale_pick(NULL, "0", "1.5") == 1.5f);
    CHECK(ui_desktop_scale_pick(NULL, "2x", "bad") == 1.0f);
    /* clamped to 0.5..4 */
    CHECK(ui_desktop_scale_pick("960", NULL, NULL) == UI_DESKTOP_SCALE_MAX);
    CHECK(ui_desktop_scale_pick("24", NULL, NULL) == UI_DESKTOP_SCALE_MIN);
    CHECK(ui_desktop_scale_pick(NULL, "8", NULL) == UI_DESKTOP_SCALE_MAX);
    /* 1/8 steps */
    CHECK(ui_desktop_scale_pick(NULL, NULL, "1.3") == 1.25f);
    CHECK(ui_desktop_scale_pick(NULL, NULL, "1.33") == 1.375f);
}

int main(void)
{
    check_parse();
    check_pick();
    return im_check_done();
}
