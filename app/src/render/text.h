/*
 * text.h -- fonts, a glyph atlas, measuring and wrapping.
 *
 * Design.  SDL_ttf (built with HarfBuzz) opens the faces from fonts/:
 * Noto Sans regular and bold, and Noto Sans Symbols 2 as a fallback for
 * codepoints the UI face lacks, so "✓" never draws as a box.  Every glyph
 * is rasterized once per (face, pixel size, codepoint, colour) into one
 * atlas texture and drawn from there untinted; a frame never rasterizes a
 * glyph it drew before.  Lines are laid out as the sum of glyph advances (the same
 * numbers measure and draw, so a caret lands where the glyph is).  Wrapped
 * lines are cached by (text, face, size, width).
 *
 * Invariants.
 *  1. ui_text_measure and ui_text_draw place glyphs identically.
 *  2. stats.rasterized grows only when a (face, px, codepoint, colour) is
 *     drawn the first time since creation or since the atlas was last reset
 *     (a render reset, or a full atlas: see atlas_resets).
 *  3. After ui_text_reset (render-target/device reset, or a new renderer)
 *     the atlas is rebuilt lazily from the fonts; nothing else changes.
 *
 * Traps.  The ui_lines a wrap returns points into the cache: it is valid
 * until the next ui_text_wrap call.  Whitespace is never rasterized.
 */
#ifndef UI_TEXT_H
#define UI_TEXT_H

#include <stddef.h>

#include <SDL.h>

#include "render/theme.h"

typedef enum ui_face { UI_FACE_REGULAR, UI_FACE_BOLD, UI_FACE_SYMBOLS, UI_FACE_COUNT } ui_face;

typedef struct ui_text ui_text;

typedef struct ui_line {
    int start, len; /* bytes into the wrapped text, without the break */
    int width;      /* pixels */
} ui_line;

typedef struct ui_lines {
    const ui_line *lines;
    int count;
    int line_height; /* pixels between baselines */
    int max_width;   /* widest line, pixels */
} ui_lines;

typedef struct ui_text_stats {
    long rasterized;   /* glyphs rendered by SDL_ttf into the atlas */
    long atlas_resets; /* atlas dropped (full, or render reset) */
    long wrap_hits, wrap_misses;
    long glyphs_drawn; /* glyph quads copied from the atlas */
    long kern_pairs;   /* letter pairs whose kerning was learned from HarfBuzz */
} ui_text_stats;

/* Finds the three faces in font_dir ("…/fonts"); each is read when first
 * used.  renderer may be NULL
 * (measuring only) and set later.  On failure returns NULL and writes a
 * one-line reason into err. */
ui_text *ui_text_create(SDL_Renderer *renderer, const char *font_dir, char *err, size_t errlen);
void ui_text_destroy(ui_text *t);
/* Forgets (wipes) every text copy it keeps: the wrap cache holds the texts
 * it wrapped, which may be what a person wrote.  Called on lock. */
void ui_text_forget(ui_text *t);

/* A new renderer (or a lost one): drops the atlas; glyphs are rasterized
 * again on first use. */
void ui_text_set_renderer(ui_text *t, SDL_Renderer *renderer);
void ui_text_reset(ui_text *t);

int ui_text_line_height(ui_text *t, ui_face face, int px);
int ui_text_ascent(ui_text *t, ui_face face, int px);

/* Width in pixels of s[0..n) on one line (n < 0: up to the NUL). */
int ui_text_measure(ui_text *t, ui_face face, int px, const char *s, int n);

/* The byte offset in s[0..n) whose caret position is nearest to x. */
int ui_text_offset_at(ui_text *t, ui_face face, int px, const char *s, int n, int x);

/* Whether some face has a glyph for cp (the fallback included). */
int ui_text_has_glyph(ui_text *t, uint32_t cp);

/* Breaks s at spaces (or inside a word longer than width) and at '\n'. */
ui_lines ui_text_wrap(ui_text *t, ui_face face, int px, const char *s, int width);

/* Draws s[0..n) with its top-left at (x, y) in color, from the atlas. */
void ui_text_draw(ui_text *t, ui_face face, int px, const char *s, int n, int x, int y, ui_rgba color);

ui_text_stats ui_text_get_stats(const ui_text *t);

/* Decodes one UTF-8 codepoint at s[*i] (advancing *i); bad bytes give
 * U+FFFD and advance by one. */
uint32_t ui_utf8_next(const char *s, int n, int *i);

#endif
