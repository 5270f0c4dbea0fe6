/*
 * text.h -- fonts, a glyph atlas, measuring and wrapping.
 *
 * Design.  Text is itemised into runs by direction (FriBiDi, UAX #9, each
 * string one paragraph), script (HarfBuzz's Unicode data; common and
 * inherited characters join their neighbours) and font: a fallback chain
 * per character (render/fontchain.h: the bundled Noto Sans, its symbols
 * face, then system fonts found lazily).  Each run is shaped by HarfBuzz
 * on the font's own tables, so Arabic joins, Indic conjuncts form and
 * kerning and ligatures come from GPOS/GSUB; runs are laid out in visual
 * order (UAX #9 rule L2).  A character no font has is shaped as the
 * regular face's .notdef glyph: one visible box, never dropped.  Shaped
 * strings are cached by (text, face, size), so a frame shapes only text it
 * has not drawn before.  Glyph ids are rasterized by FreeType once per
 * (font, pixel size, glyph, colour) into one atlas texture and drawn from
 * there untinted.  Wrapping breaks at UAX #14 opportunities (libunibreak:
 * spaces, and between CJK ideographs) and is cached by (text, face, size,
 * width).
 *
 * Invariants.
 *  1. ui_text_measure and ui_text_draw place glyphs identically (both
 *     read the same shaped string).
 *  2. stats.rasterized grows only when a (font, px, glyph, colour) is
 *     drawn the first time since creation or since the atlas was last reset
 *     (a render reset, or a full atlas: see atlas_resets).
 *  3. After ui_text_reset (render-target/device reset, or a new renderer)
 *     the atlas is rebuilt lazily from the fonts; nothing else changes.
 *  4. Every byte of a string belongs to exactly one glyph cluster in its
 *     layout: nothing is dropped (an unknown character is a box).
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
    int rtl;        /* its paragraph's base direction is right-to-left (UAX #9
                       P2-P3: the first strong character, FriBiDi) */
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
    long glyphs_drawn;  /* glyph quads copied from the atlas */
    long shaped;        /* strings itemised and shaped by HarfBuzz (cache misses) */
    long shape_hits;    /* strings found already shaped */
    long notdef;        /* glyphs laid out as the placeholder box (no font had them) */
    long font_searches; /* system font searches (fontconfig, font folders): lazily, once per missing character */
} ui_text_stats;

/* Finds the three bundled faces in font_dir ("…/fonts"); each is read when first
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

/* An idle app's memory: the system fallback faces' FreeType halves are
 * closed and the font files' pages go back to the kernel
 * (ui_fontchain_trim); the shaped strings and the atlas stay, so the next
 * frame of the same screen costs what it would have (it draws from the
 * atlas and opens nothing); a glyph not in the atlas opens its face's
 * FreeType half again. */
void ui_text_trim(ui_text *t);

/* Starts finding the system fonts on a worker (ui_fontchain_prefetch):
 * call after the first frame; ready(ctx) runs on the worker's thread when
 * they are in (push a redraw event).  A frame drawn before then waits at
 * most UI_FONTCHAIN_WAIT_MS for them, draws what it lacks as placeholders,
 * and the next frame after ready reshapes with the fonts. */
void ui_text_prefetch_fonts(ui_text *t, void (*ready)(void *ctx), void *ctx);
/* Waits for a started worker's fonts (the test driver, before a picture);
 * when it returns, ready has run.  Never inside an event filter: ready
 * pushes an event, which waits for the queue's lock. */
void ui_text_fonts_wait(ui_text *t);
/* Whether the system fonts are in (tests). */
int ui_text_fonts_ready(const ui_text *t);

/* Opens the regular and bold faces now, with their layout tables (every
 * first screen draws both); the drawing would otherwise do it.  For
 * start-up: app.c calls it while the vault opens on its thread. */
void ui_text_open_faces(ui_text *t);

int ui_text_line_height(ui_text *t, ui_face face, int px);
int ui_text_ascent(ui_text *t, ui_face face, int px);

/* Width in pixels of s[0..n) on one line (n < 0: up to the NUL). */
int ui_text_measure(ui_text *t, ui_face face, int px, const char *s, int n);

/* The byte offset in s[0..n) whose caret position is nearest to x. */
int ui_text_offset_at(ui_text *t, ui_face face, int px, const char *s, int n, int x);

/* The longest prefix s[0..k) (k on a glyph cluster boundary, so a
 * conjunct or an emoji sequence is never split) whose measured width is at
 * most max_w, for cutting a line before an ellipsis: measure(k) <= max_w
 * and the next cluster would not fit.  Unlike ui_text_offset_at it holds
 * for right-to-left and mixed text, where the logical prefix is not the
 * visual left part. */
int ui_text_fit(ui_text *t, ui_face face, int px, const char *s, int n, int max_w);

/* The x (pixels from the start) of the caret before byte offset of
 * s[0..n), in visual order: right-to-left text puts it on a glyph's right
 * edge.  offset == n: after the logically last character. */
int ui_text_caret_x(ui_text *t, ui_face face, int px, const char *s, int n, int offset);

/* Where each byte of s[0..n) is drawn on one line: x0[i], x1[i] (pixels
 * from the line's start, x0 <= x1) are the left and right edges of the
 * glyphs of the cluster that holds byte i, as ui_text_draw places them
 * (visual order: a right-to-left run's first character is at its right).
 * A byte of a cluster that draws nothing (a line break) has x0 == x1.
 * For a screen reader's character extents (a11y/tree.h).  0, or -1 on no
 * memory (then x0 == x1 == 0 everywhere). */
int ui_text_char_spans(ui_text *t, ui_face face, int px, const char *s, int n, int *x0, int *x1);

/* Whether some font has a glyph for cp (the bundled faces, then the
 * system fallbacks, found lazily). */
int ui_text_has_glyph(ui_text *t, uint32_t cp);

/* One shaped run, for checking the layout against an outside shaper:
 * glyph ids and positions are in the font's units (scale = units per em),
 * clusters are byte offsets into the whole string. */
typedef struct ui_text_glyph {
    unsigned gid, cluster;
    int x_advance, y_advance, x_offset, y_offset;
} ui_text_glyph;

typedef struct ui_text_run {
    const char *font_path;
    int face_index;
    char script[5];    /* ISO 15924 tag, e.g. "Arab" */
    char language[32]; /* the BCP 47 language the run was shaped with */
    int rtl;
    int start, len; /* bytes */
    int level;      /* bidi embedding level */
    int visual;     /* position of the run in visual order */
    const ui_text_glyph *glyphs;
    int count;
} ui_text_run;

/* Itemises and shapes s[0..n) as ui_text_draw does, calling fn once per
 * run in logical order.  Returns the number of runs, -1 on no memory. */
int ui_text_runs(ui_text *t, ui_face face, const char *s, int n, void (*fn)(const ui_text_run *run, void *ctx),
                 void *ctx);

/* Breaks s at UAX #14 opportunities (or inside a word longer than width) and at '\n'. */
ui_lines ui_text_wrap(ui_text *t, ui_face face, int px, const char *s, int width);

/* Where a wrapped line starts in a box [box_x, box_x + box_w): at the
 * start edge of its paragraph's direction (left, or right for a
 * right-to-left paragraph), or centred when center is set. */
int ui_text_line_x(const ui_line *line, int box_x, int box_w, int center);

/* Draws s[0..n) with its top-left at (x, y) in color, from the atlas. */
void ui_text_draw(ui_text *t, ui_face face, int px, const char *s, int n, int x, int y, ui_rgba color);

ui_text_stats ui_text_get_stats(const ui_text *t);

/* Decodes one UTF-8 codepoint at s[*i] (advancing *i) with core's decoder
 * (innermost/utf8.h); each maximal invalid subpart gives one U+FFFD. */
uint32_t ui_utf8_next(const char *s, int n, int *i);

#endif
