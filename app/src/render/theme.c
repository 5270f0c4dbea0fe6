/* theme.c -- the two palettes and their high-contrast twins; see theme.h for the contrast invariant. */
#include "render/theme.h"

#include <math.h>

#define RGB(hex)                                                                                                       \
    {                                                                                                                  \
        (uint8_t)((hex) >> 16), (uint8_t)((hex) >> 8), (uint8_t)(hex), 255                                             \
    }
#define RGBA(hex, a)                                                                                                   \
    {                                                                                                                  \
        (uint8_t)((hex) >> 16), (uint8_t)((hex) >> 8), (uint8_t)(hex), a                                               \
    }

static const ui_rgba light[UI_C_COUNT] = {
    [UI_C_BG] = RGB(0xF7F4F1),          [UI_C_SURFACE] = RGB(0xFFFFFF),
    [UI_C_SURFACE_ALT] = RGB(0xEBE5E0), [UI_C_TEXT] = RGB(0x1F1B18),
    [UI_C_TEXT_MUTED] = RGB(0x5E5650),  [UI_C_PRIMARY] = RGB(0x8A3B52),
    [UI_C_ON_PRIMARY] = RGB(0xFFFFFF),  [UI_C_OUTLINE] = RGB(0x8C827B),
    [UI_C_FOCUS] = RGB(0x2F5FD0),       [UI_C_SELECTION] = RGBA(0xF0C6D2, 255),
    [UI_C_SCRIM] = RGBA(0x000000, 110), [UI_C_TOAST] = RGB(0x2B2623),
    [UI_C_ON_TOAST] = RGB(0xFFFFFF),    [UI_C_MATCH] = RGB(0xFFE7A3),
    [UI_C_ERROR] = RGB(0xB3261E),
};

static const ui_rgba dark[UI_C_COUNT] = {
    [UI_C_BG] = RGB(0x161312),          [UI_C_SURFACE] = RGB(0x221E1C),
    [UI_C_SURFACE_ALT] = RGB(0x35302D), [UI_C_TEXT] = RGB(0xF1ECE8),
    [UI_C_TEXT_MUTED] = RGB(0xB8AEA7),  [UI_C_PRIMARY] = RGB(0xF0A8BD),
    [UI_C_ON_PRIMARY] = RGB(0x3A0F1D),  [UI_C_OUTLINE] = RGB(0x7D736D),
    [UI_C_FOCUS] = RGB(0x8FB0FF),       [UI_C_SELECTION] = RGBA(0x6A3446, 255),
    [UI_C_SCRIM] = RGBA(0x000000, 150), [UI_C_TOAST] = RGB(0xE9E3DF),
    [UI_C_ON_TOAST] = RGB(0x1F1B18),    [UI_C_MATCH] = RGB(0x4A3B0C),
    [UI_C_ERROR] = RGB(0xFFB4AB),
};

/* High contrast: black and white first, colour only where it means
 * something (primary, focus, error, match). */
static const ui_rgba light_hc[UI_C_COUNT] = {
    [UI_C_BG] = RGB(0xFFFFFF),          [UI_C_SURFACE] = RGB(0xFFFFFF),
    [UI_C_SURFACE_ALT] = RGB(0xE6E6E6), [UI_C_TEXT] = RGB(0x000000),
    [UI_C_TEXT_MUTED] = RGB(0x2E2E2E),  [UI_C_PRIMARY] = RGB(0x5C0F29),
    [UI_C_ON_PRIMARY] = RGB(0xFFFFFF),  [UI_C_OUTLINE] = RGB(0x000000),
    [UI_C_FOCUS] = RGB(0x0033B0),       [UI_C_SELECTION] = RGBA(0xB8CCFF, 255),
    [UI_C_SCRIM] = RGBA(0x000000, 170), [UI_C_TOAST] = RGB(0x000000),
    [UI_C_ON_TOAST] = RGB(0xFFFFFF),    [UI_C_MATCH] = RGB(0xFFE066),
    [UI_C_ERROR] = RGB(0x8A0000),
};

static const ui_rgba dark_hc[UI_C_COUNT] = {
    [UI_C_BG] = RGB(0x000000),          [UI_C_SURFACE] = RGB(0x000000),
    [UI_C_SURFACE_ALT] = RGB(0x2A2A2A), [UI_C_TEXT] = RGB(0xFFFFFF),
    [UI_C_TEXT_MUTED] = RGB(0xE0E0E0),  [UI_C_PRIMARY] = RGB(0xFFB8CE),
    [UI_C_ON_PRIMARY] = RGB(0x000000),  [UI_C_OUTLINE] = RGB(0xFFFFFF),
    [UI_C_FOCUS] = RGB(0xFFD60A),       [UI_C_SELECTION] = RGBA(0x4A2A70, 255),
    [UI_C_SCRIM] = RGBA(0x000000, 200), [UI_C_TOAST] = RGB(0xFFFFFF),
    [UI_C_ON_TOAST] = RGB(0x000000),    [UI_C_MATCH] = RGB(0x3A2E00),
    [UI_C_ERROR] = RGB(0xFFB4AB),
};

ui_rgba ui_theme_color_hc(ui_theme_mode mode, int high_contrast, ui_color_id id)
{
    if (!high_contrast) return ui_theme_color(mode, id);
    if ((unsigned)id >= UI_C_COUNT) id = UI_C_TEXT;
    return mode == UI_THEME_DARK ? dark_hc[id] : light_hc[id];
}

ui_rgba ui_theme_color(ui_theme_mode mode, ui_color_id id)
{
    if ((unsigned)id >= UI_C_COUNT) id = UI_C_TEXT;
    return mode == UI_THEME_DARK ? dark[id] : light[id];
}

static double channel(uint8_t v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double ui_relative_luminance(ui_rgba c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double ui_contrast_ratio(ui_rgba a, ui_rgba b)
{
    double la = ui_relative_luminance(a), lb = ui_relative_luminance(b);
    double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
    return (hi + 0.05) / (lo + 0.05);
}
