/*
 * fontchain.h -- the fonts text is drawn with, and which one draws a
 * character.
 *
 * Design.  A chain of font slots: the bundled faces first (slot 0 Noto Sans
 * regular, 1 bold, 2 Noto Sans Symbols 2, read from fonts/ when first
 * used), then system fonts added lazily the first time a character none of
 * the loaded slots has is asked for: fontconfig on Linux desktops, the
 * system font folder on Android (/system/fonts) and iOS
 * (/System/Library/Fonts) -- the phone lookups are written but were never
 * run on a phone.  Each slot holds a HarfBuzz font (scale = units per em,
 * so positions are the font's own units, as `hb-shape` prints them) and a
 * FreeType face for rasterizing glyph ids (colour bitmaps included:
 * Noto Color Emoji is CBDT, which FreeType decodes with libpng).
 *
 * Invariants.
 *  1. Creating a chain reads no font and starts no fontconfig: the first
 *     frame of a Latin screen opens only the bundled faces it draws.
 *  2. ui_fontchain_find answers the same slot for the same (first, cp)
 *     for the chain's life (answers are cached, "no font" included).
 *  3. Slots are never removed or reordered; a slot index stays valid.
 *  4. fontconfig runs on one thread only: the chain's worker opens it
 *     (the module innermost-fontconfig.so, render/fontchain_fc.h: it is
 *     not mapped before then) and loads its configuration (its own
 *     FcConfig, destroyed once the two sorted sets the chain searches are
 *     made); the main thread reads those sets only once the worker has
 *     finished.  No module: no sets (bundled faces and placeholders).
 *     Faces are opened on the main thread.
 *  5. While the worker runs, a search waits at most UI_FONTCHAIN_WAIT_MS;
 *     a character it could not answer is drawn as a placeholder and is
 *     not remembered (invariant 2 holds from the worker's end on), and
 *     ui_fontchain_fonts_arrived says so once, for the caller to reshape.
 */
#ifndef UI_FONTCHAIN_H
#define UI_FONTCHAIN_H

#include <stddef.h>
#include <stdint.h>

#include <SDL.h>
#include <hb.h>

#define UI_FONTCHAIN_BUNDLED 3
#define UI_FONTCHAIN_MAX_SLOTS 48
#define UI_FONTCHAIN_WAIT_MS 2 /* a search's wait for the worker: a slice of a frame */
#define UI_FONTCHAIN_COLOR 3   /* `first` for ui_fontchain_find: emoji presentation, a colour font first */

typedef struct ui_fontchain ui_fontchain;

/* A chain over the three bundled files in font_dir.  Returns NULL (and a
 * one-line reason in err) when a bundled file is missing or on no memory. */
ui_fontchain *ui_fontchain_create(const char *font_dir, char *err, size_t errlen);
void ui_fontchain_destroy(ui_fontchain *c);

/* Opens slot now (its file mapped, FreeType and HarfBuzz faces) and has
 * HarfBuzz read its layout tables (GSUB, GPOS), work the first shaping
 * with it would do anyway; for start-up, which has it done while the
 * vault opens on its thread (app.c).  0, or -1 when the slot cannot load. */
int ui_fontchain_open(ui_fontchain *c, int slot);

/* The slot whose font has a glyph for cp: `first` (a bundled slot), then
 * the regular face, the symbols face, the system fonts already loaded, then
 * (once per codepoint) a system font search.  -1 when no font has it.
 * first == UI_FONTCHAIN_COLOR: a colour font first (emoji presentation). */
int ui_fontchain_find(ui_fontchain *c, int first, uint32_t cp);

/* Whether slot has a glyph for cp (loads the slot if needed). */
int ui_fontchain_covers(ui_fontchain *c, int slot, uint32_t cp);

/* The slot's line metrics at px pixels per em, exactly as SDL_ttf's
 * TTF_FontAscent and TTF_FontLineSkip give them, from the face already
 * read (no second copy of the font opened per size).  0, or -1 if the
 * slot is unreadable or not scalable. */
int ui_fontchain_metrics(ui_fontchain *c, int slot, int px, int *ascent, int *lineskip);

/* The slot's HarfBuzz font at scale = units per em, or NULL if unreadable. */
hb_font_t *ui_fontchain_hb(ui_fontchain *c, int slot);
int ui_fontchain_upem(ui_fontchain *c, int slot);
/* Where the slot's font lives ("bundled" slots: font_dir/file) and which
 * face of a collection it is. */
const char *ui_fontchain_path(const ui_fontchain *c, int slot, int *face_index);
int ui_fontchain_count(const ui_fontchain *c);
/* Whether the slot is a colour font (its rasters ignore the text colour). */
int ui_fontchain_is_color(ui_fontchain *c, int slot);

/* Rasterizes glyph gid of slot at px pixels per em in colour fg, as an
 * ARGB8888 surface (NULL for an empty glyph such as a space, or on error);
 * *left and *top place it from the pen on the baseline (top: pixels
 * above).  A bitmap-only colour font is scaled to px. */
SDL_Surface *ui_fontchain_raster(ui_fontchain *c, int slot, unsigned gid, int px, SDL_Color fg, int *left, int *top);

/* Starts the worker that loads the system font configuration (fontconfig;
 * nothing elsewhere) and sorts its fonts, once; ready(ctx) is called from
 * the worker's thread when it is done (it must be thread-safe: push an
 * event).  Call it after the first frame: start-up never pays for it.
 * Without it, the first search loads the configuration itself and waits
 * for it (a tool, a test).  The chain's destroy joins the worker. */
void ui_fontchain_prefetch(ui_fontchain *c, void (*ready)(void *ctx), void *ctx);
/* 1 once, on the main thread, after the worker's fonts were taken when a
 * search had had to answer without them: caches of shaped text are stale. */
int ui_fontchain_fonts_arrived(ui_fontchain *c);
/* Waits for a started worker and takes its fonts (no-op when none runs). */
void ui_fontchain_fonts_wait(ui_fontchain *c);
/* Whether the system font sets are in (always 1 without fontconfig). */
int ui_fontchain_fonts_ready(const ui_fontchain *c);

/* How many times this process loaded a font configuration (fontconfig's
 * XML and font list), all chains together: for tests. */
long ui_fontchain_config_loads(void);

/* How many system font searches ran (fontconfig or a folder scan). */
long ui_fontchain_searches(const ui_fontchain *c);

/* For an idle app, whose glyphs on screen are in the atlas already and
 * whose shaped strings are cached: closes the FreeType face of every
 * system (fallback) slot -- a CJK collection's CFF tables, a colour
 * font's strikes: about 1 MB of heap with the 13-script journal on
 * screen -- and drops the resident pages of every font file the chain has
 * mapped (a private read-only mapping: the kernel reads them back from the
 * file, usually from its cache, when a glyph needs them; faces read whole,
 * as the bundled ones on Android, keep theirs).  HarfBuzz's faces stay, so
 * shaping, coverage and the answers are untouched (invariants 2 and 3);
 * the next raster or new text size of a closed face opens its FreeType
 * face again over the same bytes (a millisecond for the CJK collection).
 * The bundled faces keep theirs: every screen draws them. */
void ui_fontchain_trim(ui_fontchain *c);
/* FreeType faces open now, and how many a trim closed were opened again
 * (tests). */
int ui_fontchain_ft_open(const ui_fontchain *c);
long ui_fontchain_ft_reopens(const ui_fontchain *c);

#endif
