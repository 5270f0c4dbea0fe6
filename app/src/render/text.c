/*
 * text.c -- see text.h for the design and invariants.
 *
 * Three caches: shaped strings (text, face, px) -> glyphs in visual order
 * with pen positions in 1/64 px; atlas cells (font slot, px, glyph id,
 * colour) -> where that glyph's raster sits in the atlas; wrapped lines
 * (text, face, px, width) -> ui_line[].  The cell table is open addressing
 * and grows; the shaped and wrap caches are cleared wholesale when full
 * (cheap, and keeps them bounded).  Both keep copies of the texts, which
 * may be what a person wrote: wiped before they are freed (ui_text_forget).
 *
 * Positions.  Runs are shaped at scale = units per em (the font's own
 * units, exactly what `hb-shape` prints) and converted to 1/64 px per
 * glyph; the pen is rounded to whole pixels only when a glyph is drawn.
 *
 * Why rasters are kept per colour: a tinted copy (SDL's colour and alpha
 * modulation) takes SDL's generic per-pixel blitter in the software
 * renderer, about six times slower than its plain alpha blit, and text was
 * a third of a frame at 3x.  A screen uses a handful of text colours, so
 * keeping each glyph once per colour it is drawn in costs little atlas.
 *
 * The atlas starts small and doubles when full, up to ATLAS_MAX_SIZE (a
 * 2048 px square is 16 MiB of memory in the software renderer; most
 * screens fit in a quarter of that).  Full at the largest size, it starts
 * over empty and glyphs come back lazily.
 */
#include "render/text.h"

#include "innermost/utf8.h"
#include "innermost/wipe.h"
#include "render/fontchain.h"

#include <SDL_ttf.h>
#include <limits.h>
#include <fribidi.h>
#include <hb.h>
#include <linebreak.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ATLAS_MIN_SIZE 256
#define ATLAS_MAX_SIZE 2048
#define MAX_SIZED_FONTS 48
#define WRAP_SLOTS 1024
#define WRAP_MAX_FILL 700
#define SHAPE_SLOTS 2048
#define SHAPE_MAX_FILL 700
#define SHAPE_CHUNK 2048 /* wrapping shapes a long paragraph in pieces of about this many bytes */

typedef struct sized_font {
    int face, px;
    int ascent, lineskip; /* pixels */
} sized_font;

/* One glyph of a shaped string, in visual order. */
typedef struct sglyph {
    int32_t x, y;    /* pen + offset from the string's origin, 1/64 px (y up) */
    int32_t advance; /* 1/64 px */
    int32_t cluster; /* first byte of the characters it draws */
    uint16_t gid;
    uint8_t slot;
    uint8_t blank; /* whitespace or a control: never rasterized */
} sglyph;

typedef struct shaped {
    uint64_t hash; /* 0 = empty slot */
    char *text;
    int n, face, px;
    sglyph *g;
    int count;
    int32_t width; /* 1/64 px */
} shaped;

/* One glyph's raster in one colour, in the atlas. */
typedef struct cell {
    uint64_t key; /* cell_key(); 0 = empty slot */
    uint16_t x, y, w, h;
    int16_t left, top;
} cell;

typedef struct wrap_entry {
    uint64_t hash;
    char *text;
    int n, face, px, width;
    ui_line *lines;
    int count, max_width;
} wrap_entry;

struct ui_text {
    SDL_Renderer *renderer;
    ui_fontchain *chain;
    sized_font fonts[MAX_SIZED_FONTS]; /* line metrics of the bundled faces */
    int nfonts;
    cell *cells;
    size_t cell_cap, cell_count;
    SDL_Texture *atlas;
    int atlas_size; /* pixels square, of the next atlas to be made */
    int shelf_x, shelf_y, shelf_h;
    wrap_entry wraps[WRAP_SLOTS];
    int nwraps;
    int wraps_stale; /* fonts came: the wraps are made again at the next wrap */
    shaped shapes[SHAPE_SLOTS];
    int nshapes;
    hb_buffer_t *buf;
    ui_text_stats stats;
};

uint32_t ui_utf8_next(const char *s, int n, int *i)
{
    uint32_t cp;
    size_t bad = 1;
    size_t len = im_utf8_decode(s + *i, (size_t)(n - *i), &cp, &bad);
    *i += (int)(len ? len : bad);
    return len ? cp : 0xFFFD;
}

ui_text *ui_text_create(SDL_Renderer *renderer, const char *font_dir, char *err, size_t errlen)
{
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, errlen, "cannot start SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    ui_text *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    t->chain = ui_fontchain_create(font_dir, err, errlen);
    if (!t->chain) {
        free(t);
        return NULL;
    }
    init_linebreak(); /* libunibreak's tables; idempotent */
    t->cell_cap = 1024;
    t->cells = calloc(t->cell_cap, sizeof *t->cells);
    t->buf = hb_buffer_create();
    t->atlas_size = ATLAS_MIN_SIZE;
    if (!t->cells || !hb_buffer_allocation_successful(t->buf)) {
        snprintf(err, errlen, "out of memory");
        ui_text_destroy(t);
        return NULL;
    }
    t->renderer = renderer;
    return t;
}

/* The caches keep a copy of every text they hold, which may be a journal
 * entry or an answer: wiped before it is freed. */
static void wrap_cache_clear(ui_text *t)
{
    for (int i = 0; i < WRAP_SLOTS; i++) {
        if (t->wraps[i].text) im_mem_wipe_free(t->wraps[i].text, (size_t)t->wraps[i].n + 1);
        free(t->wraps[i].lines);
    }
    memset(t->wraps, 0, sizeof t->wraps);
    t->nwraps = 0;
}

static void shape_cache_clear(ui_text *t)
{
    for (int i = 0; i < SHAPE_SLOTS; i++) {
        if (t->shapes[i].text) im_mem_wipe_free(t->shapes[i].text, (size_t)t->shapes[i].n + 1);
        free(t->shapes[i].g);
    }
    memset(t->shapes, 0, sizeof t->shapes);
    t->nshapes = 0;
}

void ui_text_forget(ui_text *t)
{
    if (!t) return;
    wrap_cache_clear(t);
    shape_cache_clear(t);
    if (t->buf) hb_buffer_clear_contents(t->buf);
}

void ui_text_destroy(ui_text *t)
{
    if (!t) return;
    if (t->atlas) SDL_DestroyTexture(t->atlas);
    wrap_cache_clear(t);
    shape_cache_clear(t);
    if (t->buf) hb_buffer_destroy(t->buf);
    ui_fontchain_destroy(t->chain);
    free(t->cells);
    free(t);
}

/* Forgets every atlas cell (the texture is gone or full). */
static void atlas_drop(ui_text *t)
{
    if (t->atlas) SDL_DestroyTexture(t->atlas);
    t->atlas = NULL;
    t->shelf_x = t->shelf_y = t->shelf_h = 0;
    memset(t->cells, 0, t->cell_cap * sizeof *t->cells);
    t->cell_count = 0;
    t->stats.atlas_resets++;
}

void ui_text_set_renderer(ui_text *t, SDL_Renderer *renderer)
{
    /* The old texture belongs to the old renderer, which may be gone:
     * forget it without destroying it through a dead renderer. */
    t->atlas = NULL;
    atlas_drop(t);
    t->renderer = renderer;
}

void ui_text_reset(ui_text *t) { atlas_drop(t); }

/* The system fonts came after a text was shaped without them: everything
 * shaped or wrapped since may hold placeholders, so it is done again --
 * the shapes now, the wraps at the next ui_text_wrap, so the lines a wrap
 * returned stay valid until then as the header says (a measure between a
 * wrap and the use of its lines must not free them). */
static void fonts_check(ui_text *t)
{
    if (ui_fontchain_fonts_arrived(t->chain)) {
        shape_cache_clear(t);
        t->wraps_stale = 1;
    }
}

void ui_text_prefetch_fonts(ui_text *t, void (*ready)(void *ctx), void *ctx)
{
    if (t) ui_fontchain_prefetch(t->chain, ready, ctx);
}

void ui_text_open_faces(ui_text *t)
{
    if (!t) return;
    (void)ui_fontchain_open(t->chain, UI_FACE_REGULAR);
    (void)ui_fontchain_open(t->chain, UI_FACE_BOLD);
}

void ui_text_fonts_wait(ui_text *t)
{
    if (t) ui_fontchain_fonts_wait(t->chain);
}

int ui_text_fonts_ready(const ui_text *t) { return t && ui_fontchain_fonts_ready(t->chain); }

void ui_text_trim(ui_text *t)
{
    if (t) ui_fontchain_trim(t->chain);
}

/* The bundled faces' line metrics (ascent, line skip) per size, as SDL_ttf
 * gives them, so every screen keeps the spacing it was designed with;
 * computed from the chain's own face: opening a TTF_Font per size read and
 * parsed the whole font file again each time, a millisecond of start-up
 * apiece.  NULL when the face is unreadable. */
static const sized_font *sized(ui_text *t, int face, int px)
{
    if (px < 1) px = 1;
    if (px > 400) px = 400;
    for (int i = 0; i < t->nfonts; i++)
        if (t->fonts[i].face == face && t->fonts[i].px == px) return &t->fonts[i];
    if (t->nfonts == MAX_SIZED_FONTS) t->nfonts = 0; /* rare: many text sizes tried; start over */
    sized_font f = { face, px, 0, 0 };
    if (ui_fontchain_metrics(t->chain, face, px, &f.ascent, &f.lineskip) != 0) return NULL;
    t->fonts[t->nfonts] = f;
    return &t->fonts[t->nfonts++];
}

int ui_text_line_height(ui_text *t, ui_face face, int px)
{
    const sized_font *f = sized(t, face, px);
    return f ? f->lineskip : px;
}

int ui_text_ascent(ui_text *t, ui_face face, int px)
{
    const sized_font *f = sized(t, face, px);
    return f ? f->ascent : px;
}

int ui_text_has_glyph(ui_text *t, uint32_t cp) { return ui_fontchain_find(t->chain, UI_FACE_REGULAR, cp) >= 0; }

/* ---- itemising and shaping ----------------------------------------------- */

typedef struct run {
    int a, b; /* codepoint indices [a, b) */
    int level;
    hb_script_t script;
    int slot;
} run;

/* What shape_runs hands its callback for each run, in logical order. */
typedef struct shaped_run {
    const run *r;
    int start, len; /* bytes */
    hb_buffer_t *buf;
    hb_font_t *font;
} shaped_run;

typedef void (*run_fn)(ui_text *t, const shaped_run *sr, void *ctx);

/* Characters that belong with the one before them whatever their font:
 * combining marks, joiners, variation selectors, emoji modifiers and tags
 * (so an emoji sequence or a conjunct is shaped by one font). */
static int joins_previous(uint32_t cp)
{
    if (cp == 0x200D || cp == 0x200C || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) ||
        (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F) || cp == 0x20E3)
        return 1;
    hb_unicode_general_category_t gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK || gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

static int weak_script(hb_script_t s)
{
    return s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN;
}

/* The runs of s[0..n): codepoints decoded (cp, byte offsets off), bidi
 * levels (FriBiDi; skipped when nothing can be right-to-left), scripts with
 * the weak ones resolved to a neighbour, and a font slot per character.
 * Returns the run count, or -1 on no memory; *mem holds every array. */
static int itemise(ui_text *t, int face, const char *s, int n, int **off_out, run **runs_out, void **mem)
{
    size_t m_max = (size_t)n + 1;
    size_t bytes = m_max * (sizeof(uint32_t) + sizeof(int) + sizeof(FriBidiLevel) + sizeof(FriBidiCharType) +
                            sizeof(FriBidiBracketType) + sizeof(hb_script_t) + sizeof(int) + sizeof(run)) +
                   64;
    unsigned char *blk = malloc(bytes);
    if (!blk) return -1;
    unsigned char *p = blk;
#define TAKE(type, name)                                                                                               \
    type *name = (type *)(void *)p;                                                                                    \
    p += m_max * sizeof(type)
    TAKE(run, runs);
    TAKE(uint32_t, cp);
    TAKE(int, off);
    TAKE(FriBidiCharType, types);
    TAKE(FriBidiBracketType, brackets);
    TAKE(hb_script_t, sc);
    TAKE(int, sl);
    TAKE(FriBidiLevel, lv);
#undef TAKE
    int m = 0, maybe_rtl = 0;
    for (int i = 0; i < n;) {
        off[m] = i;
        cp[m] = ui_utf8_next(s, n, &i);
        if (cp[m] >= 0x590) maybe_rtl = 1;
        m++;
    }
    off[m] = n;
    if (maybe_rtl) {
        fribidi_get_bidi_types(cp, m, types);
        fribidi_get_bracket_types(cp, m, types, brackets);
        FriBidiParType base = FRIBIDI_PAR_ON;
        if (!fribidi_get_par_embedding_levels_ex(types, brackets, m, &base, lv)) memset(lv, 0, (size_t)m * sizeof *lv);
    } else {
        memset(lv, 0, (size_t)m * sizeof *lv);
    }
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_script_t last = HB_SCRIPT_COMMON;
    for (int i = 0; i < m; i++) {
        sc[i] = hb_unicode_script(uf, cp[i]);
        if (!weak_script(sc[i]) && weak_script(last)) last = sc[i];
    }
    for (int i = 0; i < m; i++) { /* weak scripts take the strong one before (or, leading, after) */
        if (weak_script(sc[i])) sc[i] = last;
        else last = sc[i];
    }
    for (int i = 0; i < m; i++) {
        uint32_t c = cp[i];
        int prev = i > 0 ? sl[i - 1] : -1;
        if (prev >= 0 && joins_previous(c)) sl[i] = prev;
        else if (prev >= 0 && (c < 0x20 || c == 0x7F)) sl[i] = prev; /* controls: shaped invisible, kept in the run */
        else if (prev >= 0 && hb_unicode_script(uf, c) == HB_SCRIPT_COMMON && ui_fontchain_covers(t->chain, prev, c) &&
                 !(c == ' ' && ui_fontchain_is_color(t->chain, prev)) &&
                 !(prev == UI_FACE_SYMBOLS && ui_fontchain_covers(t->chain, face, c)))
            /* spaces and punctuation stay in the run (not an emoji font's wide space, and not the symbols
             * face's digits and signs after a symbol: "✓ 200%" draws its number in the text's own face) */
            sl[i] = prev;
        else {
            int color = i + 1 < m && cp[i + 1] == 0xFE0F; /* emoji presentation asked for */
            int f = c < 0x20 ? face : ui_fontchain_find(t->chain, color ? UI_FONTCHAIN_COLOR : face, c);
            sl[i] = f >= 0 ? f : face; /* nobody has it: the face's box */
        }
    }
    int nr = 0;
    for (int i = 0; i < m; i++) {
        if (nr > 0 && runs[nr - 1].level == lv[i] && runs[nr - 1].script == sc[i] && runs[nr - 1].slot == sl[i]) {
            runs[nr - 1].b = i + 1;
            continue;
        }
        runs[nr++] = (run){ i, i + 1, lv[i], sc[i], sl[i] };
    }
    *off_out = off;
    *runs_out = runs;
    *mem = blk;
    return nr;
}

/* Shapes each run of s[0..n) with its font, the whole string as context,
 * and hands it to fn in logical order.  Returns the run count (-1: no
 * memory); *levels_out (malloc'd, nr entries) gets each run's level. */
static int shape_runs(ui_text *t, int face, const char *s, int n, run_fn fn, void *ctx, int **levels_out)
{
    int *off;
    run *runs;
    void *mem;
    int nr = itemise(t, face, s, n, &off, &runs, &mem);
    if (nr < 0) return -1;
    int *levels = malloc((size_t)(nr + 1) * sizeof *levels);
    if (!levels) {
        free(mem);
        return -1;
    }
    for (int k = 0; k < nr; k++) {
        const run *r = &runs[k];
        levels[k] = r->level;
        hb_font_t *font = ui_fontchain_hb(t->chain, r->slot);
        if (!font) font = ui_fontchain_hb(t->chain, UI_FACE_REGULAR);
        hb_buffer_t *b = t->buf;
        hb_buffer_clear_contents(b);
        hb_buffer_add_utf8(b, s, n, (unsigned)off[r->a], off[r->b] - off[r->a]);
        hb_buffer_set_direction(b, (r->level & 1) ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
        hb_buffer_set_script(b, r->script);
        hb_buffer_guess_segment_properties(b); /* the language: the process's default */
        if (font) hb_shape(font, b, NULL, 0);
        shaped_run sr = { r, off[r->a], off[r->b] - off[r->a], b, font };
        fn(t, &sr, ctx);
    }
    free(mem);
    *levels_out = levels;
    t->stats.shaped++;
    return nr;
}

/* UAX #9 rule L2 over runs: from the highest level down to the lowest odd
 * one, reverse every stretch of runs at that level or higher.  order[]
 * gets the logical index of each visual position. */
static void visual_order(const int *levels, int nr, int *order)
{
    int hi = 0, lo_odd = 127;
    for (int k = 0; k < nr; k++) {
        order[k] = k;
        if (levels[k] > hi) hi = levels[k];
        if ((levels[k] & 1) && levels[k] < lo_odd) lo_odd = levels[k];
    }
    for (int lvl = hi; lvl >= lo_odd && lvl > 0; lvl--)
        for (int k = 0; k < nr;) {
            if (levels[order[k]] < lvl) {
                k++;
                continue;
            }
            int e = k;
            while (e < nr && levels[order[e]] >= lvl) e++;
            for (int a = k, z = e - 1; a < z; a++, z--) {
                int tmp = order[a];
                order[a] = order[z];
                order[z] = tmp;
            }
            k = e;
        }
}

/* Collects the glyphs of each run (1/64 px at px) for a shaped string. */
typedef struct collect {
    const char *s;
    int n, px;
    sglyph *g;
    int count, cap;
    int *run_first; /* first glyph of each run */
    int nruns, runs_cap;
    int failed;
} collect;

static int is_blank_at(const char *s, int n, int at)
{
    unsigned char c = (unsigned char)s[at];
    if (c <= ' ' || c == 0x7F) return 1;
    return at + 1 < n && c == 0xC2 && (unsigned char)s[at + 1] == 0xA0;
}

static void collect_run(ui_text *t, const shaped_run *sr, void *ctx)
{
    collect *c = ctx;
    unsigned len = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(sr->buf, &len);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(sr->buf, NULL);
    if (c->nruns == c->runs_cap) {
        int cap = c->runs_cap ? c->runs_cap * 2 : 8;
        int *v = realloc(c->run_first, (size_t)(cap + 1) * sizeof *v);
        if (!v) {
            c->failed = 1;
            return;
        }
        c->run_first = v;
        c->runs_cap = cap;
    }
    c->run_first[c->nruns++] = c->count;
    if (c->count + (int)len > c->cap) {
        int cap = c->cap ? c->cap : 16;
        while (cap < c->count + (int)len) cap *= 2;
        sglyph *v = realloc(c->g, (size_t)cap * sizeof *v);
        if (!v) {
            c->failed = 1;
            return;
        }
        c->g = v;
        c->cap = cap;
    }
    int64_t upem = ui_fontchain_upem(t->chain, sr->r->slot), scale = (int64_t)c->px * 64;
#define TO_PX64(v) ((int32_t)(((int64_t)(v)*scale + (v >= 0 ? upem / 2 : -upem / 2)) / upem))
    for (unsigned i = 0; i < len; i++) {
        int cl = (int)info[i].cluster;
        int blank = cl < c->n && is_blank_at(c->s, c->n, cl);
        int32_t adv = TO_PX64(pos[i].x_advance);
        if (cl < c->n && (c->s[cl] == '\n' || c->s[cl] == '\r')) adv = 0;
        if (info[i].codepoint == 0 && !blank) t->stats.notdef++;
        c->g[c->count++] = (sglyph){ TO_PX64(pos[i].x_offset),    TO_PX64(pos[i].y_offset), adv,           cl,
                                     (uint16_t)info[i].codepoint, (uint8_t)sr->r->slot,     (uint8_t)blank };
    }
#undef TO_PX64
}

static uint64_t hash_bytes(const char *s, int n, uint64_t h)
{
    for (int i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
    return h;
}

/* Lays s[0..n) out into out->g (visual order, pen positions from 0). */
static int shape_build(ui_text *t, int face, int px, const char *s, int n, shaped *out)
{
    collect c = { s, n, px, NULL, 0, 0, NULL, 0, 0, 0 };
    int *levels = NULL;
    int nr = n > 0 ? shape_runs(t, face, s, n, collect_run, &c, &levels) : 0;
    if (nr < 0 || c.failed) {
        free(c.g);
        free(c.run_first);
        free(levels);
        return -1;
    }
    sglyph *vis = c.count ? malloc((size_t)c.count * sizeof *vis) : NULL;
    int *order = malloc((size_t)(nr + 1) * sizeof *order);
    if ((c.count && !vis) || !order) {
        free(vis);
        free(order);
        free(c.g);
        free(c.run_first);
        free(levels);
        return -1;
    }
    visual_order(levels, nr, order);
    int32_t pen = 0;
    int k = 0;
    for (int v = 0; v < nr; v++) {
        int r = order[v], a = c.run_first[r], b = r + 1 < nr ? c.run_first[r + 1] : c.count;
        for (int i = a; i < b; i++) {
            vis[k] = c.g[i];
            vis[k].x = pen + c.g[i].x; /* collect_run left the offset in x */
            vis[k].blank |= (uint8_t)((levels[r] & 1) << 1);
            pen += c.g[i].advance;
            k++;
        }
    }
    free(c.g);
    free(c.run_first);
    free(levels);
    free(order);
    out->g = vis;
    out->count = k;
    out->width = pen;
    return 0;
}

#define BLANK 1
#define RTL 2

/* The shaped layout of s[0..n) in face at px, from the cache or shaped
 * now.  Valid until the next shape_get.  NULL only on no memory. */
static const shaped *shape_get(ui_text *t, int face, int px, const char *s, int n)
{
    fonts_check(t);
    if (px < 1) px = 1;
    if (px > 400) px = 400;
    uint64_t h = hash_bytes(s, n, 0xcbf29ce484222325ull) ^ ((uint64_t)face << 56) ^ ((uint64_t)px << 40);
    if (h == 0) h = 1;
    size_t i = (size_t)(h % SHAPE_SLOTS);
    while (t->shapes[i].hash) {
        shaped *e = &t->shapes[i];
        if (e->hash == h && e->n == n && e->face == face && e->px == px && memcmp(e->text, s, (size_t)n) == 0) {
            t->stats.shape_hits++;
            return e;
        }
        i = (i + 1) % SHAPE_SLOTS;
    }
    if (t->nshapes >= SHAPE_MAX_FILL) {
        shape_cache_clear(t);
        i = (size_t)(h % SHAPE_SLOTS);
    }
    shaped fresh = { 0 };
    fresh.text = malloc((size_t)n + 1);
    if (!fresh.text || shape_build(t, face, px, s, n, &fresh) != 0) {
        free(fresh.text);
        return NULL;
    }
    memcpy(fresh.text, s, (size_t)n);
    fresh.text[n] = '\0';
    fresh.hash = h;
    fresh.n = n;
    fresh.face = face;
    fresh.px = px;
    t->shapes[i] = fresh;
    t->nshapes++;
    return &t->shapes[i];
}

static int px_round(int32_t v) { return (int)((v + 32) >> 6); }

int ui_text_measure(ui_text *t, ui_face face, int px, const char *s, int n)
{
    if (n < 0) n = (int)strlen(s);
    if (n == 0) return 0;
    const shaped *sh = shape_get(t, face, px, s, n);
    return sh ? px_round(sh->width) : 0;
}

/* The first byte after cluster `cl` in logical order (n for the last). */
static int cluster_end(const shaped *sh, int cl)
{
    int end = sh->n;
    for (int i = 0; i < sh->count; i++)
        if (sh->g[i].cluster > cl && sh->g[i].cluster < end) end = sh->g[i].cluster;
    return end;
}

int ui_text_offset_at(ui_text *t, ui_face face, int px, const char *s, int n, int x)
{
    if (n < 0) n = (int)strlen(s);
    const shaped *sh = n > 0 ? shape_get(t, face, px, s, n) : NULL;
    if (!sh || sh->count == 0) return 0;
    int32_t x64 = (int32_t)x * 64;
    int32_t pen = 0;
    for (int i = 0; i < sh->count; i++) {
        const sglyph *g = &sh->g[i];
        int rtl = (g->blank & RTL) != 0;
        /* a cluster of several glyphs (a conjunct) is one caret stop: take
         * the whole stretch of glyphs sharing this cluster */
        int j = i;
        int32_t adv = 0;
        while (j < sh->count && sh->g[j].cluster == g->cluster) adv += sh->g[j++].advance;
        if (x64 < pen + adv) {
            int before = x64 < pen + adv / 2;
            return before != rtl ? g->cluster : cluster_end(sh, g->cluster);
        }
        pen += adv;
        i = j - 1;
    }
    const sglyph *last = &sh->g[sh->count - 1];
    return (last->blank & RTL) ? last->cluster : n;
}

int ui_text_caret_x(ui_text *t, ui_face face, int px, const char *s, int n, int offset)
{
    if (n < 0) n = (int)strlen(s);
    const shaped *sh = n > 0 ? shape_get(t, face, px, s, n) : NULL;
    if (!sh || sh->count == 0) return 0;
    /* the glyph whose cluster holds offset: its leading edge (left for
     * left-to-right, right for right-to-left); past the end, the trailing
     * edge of the logically last glyph */
    int best = -1, last = 0;
    int32_t pen = 0, best_x = 0, last_x = 0;
    for (int i = 0; i < sh->count; i++) {
        const sglyph *g = &sh->g[i];
        int rtl = (g->blank & RTL) != 0;
        if (g->cluster <= offset && (best < 0 || g->cluster > sh->g[best].cluster)) {
            best = i;
            best_x = rtl ? pen + g->advance : pen;
        }
        if (g->cluster >= sh->g[last].cluster) {
            last = i;
            last_x = rtl ? pen : pen + g->advance;
        }
        pen += g->advance;
    }
    if (offset >= n || best < 0) return px_round(offset >= n ? last_x : 0);
    return px_round(best_x);
}

int ui_text_char_spans(ui_text *t, ui_face face, int px, const char *s, int n, int *x0, int *x1)
{
    if (n < 0) n = (int)strlen(s);
    for (int i = 0; i < n; i++) x0[i] = x1[i] = INT_MIN;
    const shaped *sh = n > 0 ? shape_get(t, face, px, s, n) : NULL;
    int rc = n > 0 && !sh ? -1 : 0;
    int32_t pen = 0;
    for (int i = 0; sh && i < sh->count; i++) {
        const sglyph *g = &sh->g[i];
        int cl = g->cluster, a = px_round(pen), b = px_round(pen + g->advance);
        pen += g->advance;
        if (cl < 0 || cl >= n) continue;
        if (x0[cl] == INT_MIN || a < x0[cl]) x0[cl] = a;
        if (x1[cl] == INT_MIN || b > x1[cl]) x1[cl] = b;
    }
    /* a byte inside a cluster (logical order: the clusters before it) */
    for (int i = 0, last = -1; i < n; i++) {
        if (x0[i] != INT_MIN) last = i;
        else if (last >= 0) x0[i] = x0[last], x1[i] = x1[last];
        else x0[i] = x1[i] = 0;
    }
    return rc;
}

/* ---- the atlas ---------------------------------------------------------- */

/* slot 6 bits, px 9 bits, glyph 16 bits, colour 32 bits: never 0 (slot + 1). */
static uint64_t cell_key(int slot, int px, unsigned gid, ui_rgba c)
{
    uint32_t rgba = ((uint32_t)c.r << 24) | ((uint32_t)c.g << 16) | ((uint32_t)c.b << 8) | c.a;
    return ((uint64_t)(slot + 1) << 57) | ((uint64_t)(px & 0x1FF) << 48) | ((uint64_t)(gid & 0xFFFF) << 32) | rgba;
}

static void *slot_find(void *table, size_t size, size_t cap, uint64_t key)
{
    size_t mask = cap - 1, i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
    for (;;) {
        unsigned char *rec = (unsigned char *)table + i * size;
        uint64_t k;
        memcpy(&k, rec, sizeof k);
        if (!k || k == key) return rec;
        i = (i + 1) & mask;
    }
}

static cell *cell_slot(ui_text *t, uint64_t key) { return slot_find(t->cells, sizeof *t->cells, t->cell_cap, key); }

/* Room for one more cell (a table that cannot grow starts the atlas over,
 * which empties it). */
static void cell_table_make_room(ui_text *t)
{
    if ((t->cell_count + 1) * 4 <= t->cell_cap * 3) return;
    cell *fresh = calloc(t->cell_cap * 2, sizeof *fresh);
    if (!fresh) {
        atlas_drop(t);
        return;
    }
    for (size_t i = 0; i < t->cell_cap; i++)
        if (t->cells[i].key) *(cell *)slot_find(fresh, sizeof *fresh, t->cell_cap * 2, t->cells[i].key) = t->cells[i];
    free(t->cells);
    t->cells = fresh;
    t->cell_cap *= 2;
}

/* A shelf position for a w x h raster, making or growing the atlas as
 * needed; 0 on success. */
static int atlas_place(ui_text *t, int w, int h, SDL_Rect *out)
{
    if (w > ATLAS_MAX_SIZE || h > ATLAS_MAX_SIZE) return -1;
    if (t->atlas && t->shelf_x + w > t->atlas_size) {
        t->shelf_x = 0;
        t->shelf_y += t->shelf_h + 1;
        t->shelf_h = 0;
    }
    if (t->atlas && t->shelf_y + h > t->atlas_size) {
        /* full: a larger one if allowed; either way the cells come back lazily */
        if (t->atlas_size < ATLAS_MAX_SIZE) t->atlas_size *= 2;
        atlas_drop(t);
    }
    while (w > t->atlas_size || h > t->atlas_size) t->atlas_size *= 2;
    if (!t->atlas) {
        t->atlas = SDL_CreateTexture(t->renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, t->atlas_size,
                                     t->atlas_size);
        if (!t->atlas) return -1;
        SDL_SetTextureBlendMode(t->atlas, SDL_BLENDMODE_BLEND);
    }
    *out = (SDL_Rect){ t->shelf_x, t->shelf_y, w, h };
    t->shelf_x += w + 1;
    if (h > t->shelf_h) t->shelf_h = h;
    return 0;
}

/* Rasterizes glyph gid of slot at px in colour c into the atlas; returns
 * its cell (w == 0 for an empty glyph), or NULL when it cannot be drawn. */
static cell *atlas_put(ui_text *t, uint64_t key, int slot, unsigned gid, int px, ui_rgba c)
{
    if (!t->renderer) return NULL;
    int left = 0, top = 0;
    SDL_Surface *s = ui_fontchain_raster(t->chain, slot, gid, px, (SDL_Color){ c.r, c.g, c.b, c.a }, &left, &top);
    t->stats.rasterized++;
    cell_table_make_room(t);
    SDL_Rect r = { 0, 0, 0, 0 };
    if (s && atlas_place(t, s->w, s->h, &r) != 0) {
        SDL_FreeSurface(s);
        return NULL;
    }
    if (s) SDL_UpdateTexture(t->atlas, &r, s->pixels, s->pitch);
    cell *out = cell_slot(t, key);
    *out = (cell){ key, (uint16_t)r.x, (uint16_t)r.y, (uint16_t)r.w, (uint16_t)r.h, (int16_t)left, (int16_t)top };
    t->cell_count++;
    if (s) SDL_FreeSurface(s);
    return out;
}

void ui_text_draw(ui_text *t, ui_face face, int px, const char *s, int n, int x, int y, ui_rgba color)
{
    if (!t->renderer) return;
    if (n < 0) n = (int)strlen(s);
    if (n == 0) return;
    const shaped *sh = shape_get(t, face, px, s, n);
    if (!sh) return;
    int baseline = y + ui_text_ascent(t, face, sh->px);
    for (int i = 0; i < sh->count; i++) {
        const sglyph *g = &sh->g[i];
        if (g->blank & BLANK) continue;
        ui_rgba key_colour = ui_fontchain_is_color(t->chain, g->slot) ? (ui_rgba){ 0, 0, 0, 0 } : color;
        uint64_t key = cell_key(g->slot, sh->px, g->gid, key_colour);
        cell *c = cell_slot(t, key);
        if (c->key != key) c = atlas_put(t, key, g->slot, g->gid, sh->px, color);
        if (!c || c->w == 0) continue;
        SDL_Rect src = { c->x, c->y, c->w, c->h };
        SDL_Rect dst = { x + px_round(g->x) + c->left, baseline - px_round(g->y) - c->top, c->w, c->h };
        SDL_RenderCopy(t->renderer, t->atlas, &src, &dst);
        t->stats.glyphs_drawn++;
    }
}

/* ---- the outside-reference view ------------------------------------------ */

typedef struct runs_ctx {
    void (*fn)(const ui_text_run *run, void *ctx);
    void *ctx;
    ui_text_glyph *g;
    int cap;
    int failed;
} runs_ctx;

static void report_run(ui_text *t, const shaped_run *sr, void *ctx)
{
    runs_ctx *rc = ctx;
    unsigned len = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(sr->buf, &len);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(sr->buf, NULL);
    if ((int)len > rc->cap) {
        ui_text_glyph *v = realloc(rc->g, len * sizeof *v);
        if (!v) {
            rc->failed = 1;
            return;
        }
        rc->g = v;
        rc->cap = (int)len;
    }
    for (unsigned i = 0; i < len; i++)
        rc->g[i] = (ui_text_glyph){ info[i].codepoint, info[i].cluster, pos[i].x_advance,
                                    pos[i].y_advance,  pos[i].x_offset, pos[i].y_offset };
    ui_text_run run = { 0 };
    run.font_path = ui_fontchain_path(t->chain, sr->r->slot, &run.face_index);
    hb_tag_to_string(hb_script_to_iso15924_tag(sr->r->script), run.script);
    run.script[4] = '\0';
    snprintf(run.language, sizeof run.language, "%s", hb_language_to_string(hb_buffer_get_language(sr->buf)));
    run.rtl = sr->r->level & 1;
    run.level = sr->r->level;
    run.start = sr->start;
    run.len = sr->len;
    run.visual = -1;
    run.glyphs = rc->g;
    run.count = (int)len;
    rc->fn(&run, rc->ctx);
}

int ui_text_runs(ui_text *t, ui_face face, const char *s, int n, void (*fn)(const ui_text_run *run, void *ctx),
                 void *ctx)
{
    if (n < 0) n = (int)strlen(s);
    if (n == 0) return 0;
    runs_ctx rc = { fn, ctx, NULL, 0, 0 };
    int *levels = NULL;
    int nr = shape_runs(t, face, s, n, report_run, &rc, &levels);
    free(rc.g);
    free(levels);
    return rc.failed ? -1 : nr;
}

/* ---- wrapping ------------------------------------------------------------ */

typedef struct line_buf {
    ui_line *v;
    int n, cap;
} line_buf;

static int line_push(line_buf *b, int start, int len, int width, int rtl)
{
    if (b->n == b->cap) {
        int cap = b->cap ? b->cap * 2 : 8;
        ui_line *v = realloc(b->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = (ui_line){ start, len, width, rtl };
    return 0;
}

/* One paragraph s[p..q) (no '\n'): its clusters' advances (shaped in
 * pieces of about SHAPE_CHUNK bytes ending at break opportunities, so an
 * endless paragraph costs memory in proportion to a piece), then greedy
 * lines: a line ends at the last UAX #14 break opportunity before the
 * character that would not fit (trailing spaces hang past the edge; a
 * path's breaks sit before its slashes, slash_breaks), or inside a word
 * wider than the whole width, at soft_break's place or a cluster boundary. */
/* A line's width: the line shaped alone (what ui_text_draw will lay out,
 * invariant 1), except in a very long text, where shaping every line again
 * would double the cost of a wrap and flood the shape cache: there, the
 * sum of its clusters' advances in the paragraph (kerning across the break
 * aside, the same). */
#define WRAP_EXACT_MAX 16384

static int line_width(ui_text *t, int face, int px, const char *s, int a, int e, const int32_t *pre, int p, int exact)
{
    if (exact) return ui_text_measure(t, (ui_face)face, px, s + p + a, e - a);
    return px_round(pre[e] - pre[a]);
}

/* Whether s[p+a .. p+b) is wider than width: from the paragraph's
 * advances, and near the edge (exact mode) from the piece shaped alone,
 * so a line never measures wider than the width it was wrapped to. */
static int too_wide(ui_text *t, int face, int px, const char *s, int p, int a, int b, const int32_t *pre, int width,
                    int exact)
{
    int w = px_round(pre[b] - pre[a]);
    if (w > width) return 1;
    if (!exact || w < width - 2) return 0;
    return ui_text_measure(t, (ui_face)face, px, s + p + a, b - a) > width;
}

/* Where a word too long for its line breaks when UAX #14 offers nowhere
 * (a file name, "innermost-backup-2026-01-05.imbackup", where a hyphen
 * before a digit is no break): after a '-' or '_', or before a '.' or a
 * '/' (a path's next folder starts the line, as in slash_breaks), the last
 * such in the line; else at the cluster that overflows (at), as before; -1
 * when at is inside a cluster. */
static int soft_break(const char *s, const unsigned char *cstart, int start, int at)
{
    for (int k = at; k > start; k--) {
        if (!cstart[k]) continue;
        char before = s[k - 1], here = s[k];
        int slash = here == '/' && before != '/' && before != '~';
        if (before == '-' || before == '_' || slash || (here == '.' && k - start > 1)) return k;
    }
    return cstart[at] ? at : -1;
}

/* 1 when s[0..n) is "~", "." or "..": a path's start that never ends a
 * line alone ("in ~" + "/Documents" reads as two things). */
static int home_or_dot(const char *s, int n)
{
    return (n == 1 && (s[0] == '~' || s[0] == '.')) || (n == 2 && s[0] == '.' && s[1] == '.');
}

/* Folder paths break before a '/', never after it: UAX #14 (LB13, the
 * pair table's SY row) allows a break after a solidus that a letter
 * follows, so "/home/sam/Documents" wrapped as "/home/sam/" + "Documents"
 * and "Saved in /" + "home/..." (a line ending in a lone '/').  Here each
 * such break moves to before the slash (before the first of a run, "//"
 * staying whole), so the next folder's line starts with its '/'; a slash
 * after a space already starts a line there, and none after a path's "~",
 * "." or ".." ("~/Downloads" breaks, if it must, before "/Downloads"'s
 * next slash or at soft_break's place).  brk as libunibreak fills it
 * (the status after the character ending at each byte). */
static void slash_breaks(const char *s, int n, char *brk)
{
    for (int k = 0; k + 1 < n; k++) {
        if (s[k] != '/' || brk[k] != LINEBREAK_ALLOWBREAK) continue;
        brk[k] = LINEBREAK_NOBREAK;
        int j = k, c;
        while (j > 0 && s[j - 1] == '/') j--;
        for (c = j; c > 0 && s[c - 1] != ' ' && s[c - 1] != '/';) c--;
        if (home_or_dot(s + c, j - c)) continue; /* "~/Downloads" stays whole */
        if (j > 0 && s[j - 1] != ' ' && brk[j - 1] == LINEBREAK_NOBREAK) brk[j - 1] = LINEBREAK_ALLOWBREAK;
    }
}

/* UAX #9 P2-P3 for s[0..n): 1 when the first strong character (outside
 * isolates) is right-to-left; a paragraph with none is left-to-right. */
static int para_rtl(const char *s, int n)
{
    int maybe = 0;
    for (int i = 0; i < n && !maybe; i++) maybe = (unsigned char)s[i] >= 0xD6; /* U+0590 and up */
    if (!maybe) return 0;
    FriBidiChar *cp = malloc((size_t)n * sizeof *cp);
    FriBidiCharType *types = malloc((size_t)n * sizeof *types);
    int rtl = 0;
    if (cp && types) {
        int m = 0;
        for (int i = 0; i < n;) cp[m++] = ui_utf8_next(s, n, &i);
        fribidi_get_bidi_types(cp, m, types);
        rtl = fribidi_get_par_direction(types, m) == FRIBIDI_PAR_RTL;
    }
    free(cp);
    free(types);
    return rtl;
}

int ui_text_line_x(const ui_line *line, int box_x, int box_w, int center)
{
    if (center) return box_x + (box_w - line->width) / 2;
    return line->rtl ? box_x + box_w - line->width : box_x;
}

static void wrap_para(ui_text *t, int face, int px, const char *s, int p, int q, int width, int exact, line_buf *out)
{
    int len = q - p;
    int rtl = para_rtl(s + p, len);
    if (len == 0) {
        line_push(out, p, 0, 0, 0);
        return;
    }
    int32_t *pre = calloc((size_t)len + 1, sizeof *pre); /* advance at a cluster's first byte, then prefix sums */
    char *brk = malloc((size_t)len);
    unsigned char *cstart = calloc((size_t)len + 1, 1);
    if (!pre || !brk || !cstart) {
        line_push(out, p, len, ui_text_measure(t, (ui_face)face, px, s + p, len), rtl);
        free(pre), free(brk), free(cstart);
        return;
    }
    set_linebreaks_utf8((const utf8_t *)(s + p), (size_t)len, NULL, brk);
    slash_breaks(s + p, len, brk);
    for (int c = 0; c < len;) {
        int e = c + SHAPE_CHUNK < len ? c + SHAPE_CHUNK : len;
        while (e < len && brk[e - 1] != LINEBREAK_ALLOWBREAK) e++;
        shaped piece = { 0 };
        if (shape_build(t, face, px, s + p + c, e - c, &piece) == 0) {
            for (int i = 0; i < piece.count; i++) {
                int cl = c + piece.g[i].cluster;
                pre[cl + 1] += piece.g[i].advance;
                cstart[cl] = 1;
            }
            free(piece.g);
        }
        c = e;
    }
    for (int i = 0; i < len; i++) pre[i + 1] += pre[i];
    if (width < 1) width = 1;
    int start = 0, bp = -1;
    for (int i = 0; i < len;) {
        int at = i;
        uint32_t cp = ui_utf8_next(s + p, len, &i);
        int space = cp == ' ' || cp == '\t' || cp == 0x3000;
        if (!space && at > start && too_wide(t, face, px, s, p, start, i, pre, width, exact)) {
            int end = bp > start ? bp : soft_break(s + p, cstart, start, at);
            if (end > start) {
                int e = end;
                while (e > start && s[p + e - 1] == ' ') e--;
                if (line_push(out, p + start, e - start, line_width(t, face, px, s, start, e, pre, p, exact), rtl) != 0)
                    break;
                start = end;
                bp = -1;
            }
        }
        if (brk[i - 1] == LINEBREAK_ALLOWBREAK && i > start) bp = i;
    }
    int e = len;
    while (e > start && s[p + e - 1] == ' ') e--;
    line_push(out, p + start, e - start, line_width(t, face, px, s, start, e, pre, p, exact), rtl);
    free(pre), free(brk), free(cstart);
}

static void wrap_compute(ui_text *t, int face, int px, const char *s, int n, int width, line_buf *out)
{
    for (int p = 0;;) {
        const char *nl = memchr(s + p, '\n', (size_t)(n - p));
        int q = nl ? (int)(nl - s) : n;
        wrap_para(t, face, px, s, p, q, width, n <= WRAP_EXACT_MAX, out);
        if (!nl) break;
        p = q + 1;
    }
}

ui_lines ui_text_wrap(ui_text *t, ui_face face, int px, const char *s, int width)
{
    fonts_check(t);
    if (t->wraps_stale) {
        wrap_cache_clear(t);
        t->wraps_stale = 0;
    }
    int n = (int)strlen(s);
    uint64_t h = hash_bytes(s, n, 0xcbf29ce484222325ull);
    h = hash_bytes((const char *)&face, sizeof face, h);
    h = hash_bytes((const char *)&px, sizeof px, h);
    h = hash_bytes((const char *)&width, sizeof width, h);
    if (h == 0) h = 1;
    int lh = ui_text_line_height(t, face, px);
    size_t i = (size_t)(h % WRAP_SLOTS);
    while (t->wraps[i].hash) {
        wrap_entry *e = &t->wraps[i];
        if (e->hash == h && e->n == n && e->face == (int)face && e->px == px && e->width == width &&
            memcmp(e->text, s, (size_t)n) == 0) {
            t->stats.wrap_hits++;
            return (ui_lines){ e->lines, e->count, lh, e->max_width };
        }
        i = (i + 1) % WRAP_SLOTS;
    }
    t->stats.wrap_misses++;
    if (t->nwraps >= WRAP_MAX_FILL) {
        wrap_cache_clear(t);
        i = (size_t)(h % WRAP_SLOTS);
    }
    line_buf b = { 0 };
    wrap_compute(t, face, px, s, n, width, &b);
    wrap_entry *e = &t->wraps[i];
    e->text = malloc((size_t)n + 1);
    if (!e->text || !b.v) {
        free(e->text);
        e->text = NULL;
        free(b.v);
        static const ui_line empty = { 0, 0, 0, 0 };
        return (ui_lines){ &empty, 1, lh, 0 };
    }
    memcpy(e->text, s, (size_t)n + 1);
    e->hash = h;
    e->n = n;
    e->face = face;
    e->px = px;
    e->width = width;
    e->lines = b.v;
    e->count = b.n;
    e->max_width = 0;
    for (int k = 0; k < b.n; k++)
        if (b.v[k].width > e->max_width) e->max_width = b.v[k].width;
    t->nwraps++;
    return (ui_lines){ e->lines, e->count, lh, e->max_width };
}

ui_text_stats ui_text_get_stats(const ui_text *t)
{
    ui_text_stats s = t->stats;
    s.font_searches = ui_fontchain_searches(t->chain);
    return s;
}

/* The cluster starts of s[0..n) and their advances, from its shaped
 * layout: adv[b] is the advance of the glyphs whose cluster starts at byte
 * b (logical order, whatever the direction), start[b] whether b starts one.
 * Returns 0, or -1 on no memory. */
static int cluster_advances(ui_text *t, ui_face face, int px, const char *s, int n, int32_t **adv_out,
                            unsigned char **start_out)
{
    const shaped *sh = shape_get(t, face, px, s, n);
    int32_t *adv = calloc((size_t)n + 1, sizeof *adv);
    unsigned char *start = calloc((size_t)n + 1, 1);
    if (!sh || !adv || !start) {
        free(adv);
        free(start);
        return -1;
    }
    for (int i = 0; i < sh->count; i++) {
        int cl = sh->g[i].cluster;
        if (cl < 0 || cl >= n) continue;
        adv[cl] += sh->g[i].advance;
        start[cl] = 1;
    }
    start[n] = 1;
    *adv_out = adv;
    *start_out = start;
    return 0;
}

int ui_text_fit(ui_text *t, ui_face face, int px, const char *s, int n, int max_w)
{
    if (n < 0) n = (int)strlen(s);
    if (ui_text_measure(t, face, px, s, n) <= max_w) return n;
    /* The cut from the whole string's layout: the last cluster start whose
     * logical prefix's advances fit (a width is a sum of advances, in any
     * direction).  A prefix shaped alone may differ a little (a joining
     * form or a kerning pair at the cut), so the answer is then checked by
     * measuring it, stepping back or forward a cluster: one or two shapes,
     * not a dozen, which filled the shape cache with prefixes as rows
     * scrolled in. */
    int32_t *adv;
    unsigned char *start;
    if (cluster_advances(t, face, px, s, n, &adv, &start) != 0) return 0;
    int k = 0;
    int32_t pen = 0;
    for (int b = 0; b < n; b++) {
        pen += adv[b];
        if (start[b + 1] && px_round(pen) <= max_w) k = b + 1;
        if (px_round(pen) > max_w) break;
    }
    while (k > 0 && ui_text_measure(t, face, px, s, k) > max_w) /* back while too wide */
        do k--;
        while (k > 0 && !start[k]);
    for (;;) { /* forward while the next cluster still fits */
        int next = k + 1;
        while (next < n && !start[next]) next++;
        if (next >= n || ui_text_measure(t, face, px, s, next) > max_w) break;
        k = next;
    }
    free(adv);
    free(start);
    return k;
}
