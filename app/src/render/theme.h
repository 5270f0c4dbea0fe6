/*
 * theme.h -- light and dark themes as semantic colour ids.
 *
 * Widgets never name a colour, only its role (UI_C_TEXT, UI_C_PRIMARY...).
 * Invariant (tested by computing WCAG contrast): body text (UI_C_TEXT) and
 * secondary text (UI_C_TEXT_MUTED) on UI_C_BG and UI_C_SURFACE, and
 * UI_C_ON_PRIMARY on UI_C_PRIMARY, and error text (UI_C_ERROR) on UI_C_BG
 * and UI_C_SURFACE, are at least 4.5:1 in both themes; in the high-contrast
 * palettes those are at least 7:1.  The focus ring (UI_C_FOCUS) is at least
 * 3:1 on UI_C_BG and UI_C_SURFACE in all four.
 */
#ifndef UI_THEME_H
#define UI_THEME_H

#include <stdint.h>

typedef struct ui_rgba {
    uint8_t r, g, b, a;
} ui_rgba;

typedef enum ui_theme_mode { UI_THEME_LIGHT, UI_THEME_DARK } ui_theme_mode;

typedef enum ui_color_id {
    UI_C_BG,          /* the window */
    UI_C_SURFACE,     /* cards, fields, sheets */
    UI_C_SURFACE_ALT, /* pressed surfaces, tracks, unselected chips */
    UI_C_TEXT,        /* body text */
    UI_C_TEXT_MUTED,  /* hints, secondary text */
    UI_C_PRIMARY,     /* buttons, selection, slider fill */
    UI_C_ON_PRIMARY,  /* text on primary */
    UI_C_OUTLINE,     /* borders */
    UI_C_FOCUS,       /* keyboard focus ring */
    UI_C_SELECTION,   /* selected text background */
    UI_C_MATCH,       /* behind a search's matches (always with an underline too) */
    UI_C_SCRIM,       /* behind dialogs */
    UI_C_TOAST,       /* toast background */
    UI_C_ON_TOAST,    /* toast text */
    UI_C_ERROR,       /* error text and its icon (never colour alone: the icon says it too) */
    UI_C_COUNT
} ui_color_id;

ui_rgba ui_theme_color(ui_theme_mode mode, ui_color_id id);
/* The same with high contrast on (the system's or Settings' choice): black
 * on white or white on black, text and its primary colour at 7:1 or more,
 * outlines as strong as text.  high_contrast 0 is ui_theme_color. */
ui_rgba ui_theme_color_hc(ui_theme_mode mode, int high_contrast, ui_color_id id);

/* WCAG 2.x relative luminance (0..1) and contrast ratio (1..21). */
double ui_relative_luminance(ui_rgba c);
double ui_contrast_ratio(ui_rgba a, ui_rgba b);

#endif
