/* scale.c -- see scale.h. */
#include "platform/scale.h"

#include <stddef.h>

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int ui_desktop_scale_parse(const char *text, float lo, float hi, float *out)
{
    if (!text) return -1;
    const char *p = text;
    while (is_space(*p)) p++;
    double v = 0, unit = 1;
    int digits = 0, dot = 0;
    for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
        if (*p == '.') {
            if (dot++) return -1;
            continue;
        }
        if (++digits > 12) return -1; /* nothing sensible has more; keeps v exact */
        if (dot) unit /= 10, v += (*p - '0') * unit;
        else v = v * 10 + (*p - '0');
    }
    while (is_space(*p)) p++;
    if (*p || !digits || v < lo || v > hi) return -1;
    *out = (float)v;
    return 0;
}

float ui_desktop_scale_pick(const char *xft_dpi, const char *gdk_scale, const char *qt_scale_factor)
{
    float v, k = 1.0f;
    if (ui_desktop_scale_parse(xft_dpi, 24.0f, 960.0f, &v) == 0) k = v / 96.0f;
    else if (ui_desktop_scale_parse(gdk_scale, 0.5f, 8.0f, &v) == 0) k = v;
    else if (ui_desktop_scale_parse(qt_scale_factor, 0.5f, 8.0f, &v) == 0) k = v;
    k = (float)(int)(k * 8.0f + 0.5f) / 8.0f;
    return k < UI_DESKTOP_SCALE_MIN ? UI_DESKTOP_SCALE_MIN : k > UI_DESKTOP_SCALE_MAX ? UI_DESKTOP_SCALE_MAX : k;
}
