/*
 * text.c -- see text.h for the design and invariants.
 *
 * Four tables: sized fonts (face, px) -> TTF_Font; glyphs (face, px, cp)
 * -> advance and fallback face; atlas cells (face, px, cp, colour) -> where
 * that glyph's raster sits in the atlas; wrapped lines (text, face, px,
 * width) -> ui_line[].  The glyph and cell tables are open addressing and
 * grow; the wrap cache is cleared wholesale when full (cheap, and keeps it
 * bounded).
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

#include "input/textedit.h" /* im_text_wipe_free */

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ATLAS_MIN_SIZE 256
#define ATLAS_MAX_SIZE 2048
#define MAX_SIZED_FONTS 48
#define WRAP_SLOTS 1024
#define WRAP_MAX_FILL 700
#define KERN_SLOTS 4096 /* pair kerning cache; cleared wholesale when full */
#define KERN_MAX_FILL 3000

typedef struct sized_font {
    int face, px;
    TTF_Font *font;
} sized_font;

typedef struct glyph {
    uint64_t key;     /* 0 = empty slot */
    int16_t advance;  /* pixels */
    int16_t offset_x; /* where the raster starts relative to the pen */
    int16_t offset_y; /* baseline alignment of a fallback face */
    uint8_t face_used;
    int16_t hbh;      /* shaped width of "H", this glyph, "H"; HBH_UNKNOWN until asked */
} glyph;

#define HBH_UNKNOWN INT16_MIN

/* One glyph's raster in one colour, in the atlas. */
typedef struct cell {
    uint64_t key; /* cell_key(); 0 = empty slot */
    uint16_t x, y, w, h;
} cell;

/* Kerning of one pair in one face and size, learned from HarfBuzz. */
typedef struct kern_entry {
    uint64_t key; /* 0 = empty slot */
    int8_t px;    /* the pair's kerning in pixels (usually 0 or negative) */
} kern_entry;

typedef struct wrap_entry {
    uint64_t hash;
    char *text;
    int n, face, px, width;
    ui_line *lines;
    int count, max_width;
} wrap_entry;

struct ui_text {
    SDL_Renderer *renderer;
    char *font_dir;
    void *face_data[UI_FACE_COUNT]; /* read on first use (face_load) */
    size_t face_size[UI_FACE_COUNT];
    sized_font fonts[MAX_SIZED_FONTS];
    int nfonts;
    glyph *glyphs;
    size_t glyph_cap, glyph_count;
    cell *cells;
    size_t cell_cap, cell_count;
    SDL_Texture *atlas;
    int atlas_size; /* pixels square, of the next atlas to be made */
    int shelf_x, shelf_y, shelf_h;
    wrap_entry wraps[WRAP_SLOTS];
    int nwraps;
    kern_entry kerns[KERN_SLOTS];
    int nkerns;
    ui_text_stats stats;
};

static const char *face_files[UI_FACE_COUNT] = {
    "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansSymbols2-Regular.ttf"
};

uint32_t ui_utf8_next(const char *s, int n, int *i)
{
    const unsigned char *p = (const unsigned char *)s;
    int k = *i;
    unsigned c = p[k];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || k + len > n) {
        *i = k + 1;
        return 0xFFFD;
    }
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int j = 1; j < len; j++) {
        if ((p[k + j] & 0xC0) != 0x80) {
            *i = k + 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (p[k + j] & 0x3F);
    }
    *i = k + len;
    return cp;
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
    t->font_dir = SDL_strdup(font_dir);
    if (!t->font_dir) {
        snprintf(err, errlen, "out of memory");
        ui_text_destroy(t);
        return NULL;
    }
    for (int f = 0; f < UI_FACE_COUNT; f++) {
        /* Only looked for here, so a missing font is a clear message at
         * start; read when first drawn (a screen without symbols never
         * reads the 650 KB symbols face). */
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", font_dir, face_files[f]);
        SDL_RWops *rw = SDL_RWFromFile(path, "rb");
        if (!rw) {
            snprintf(err, errlen, "cannot read font %s: %s", path, SDL_GetError());
            ui_text_destroy(t);
            return NULL;
        }
        SDL_RWclose(rw);
    }
    t->glyph_cap = 1024;
    t->glyphs = calloc(t->glyph_cap, sizeof *t->glyphs);
    t->cell_cap = 1024;
    t->cells = calloc(t->cell_cap, sizeof *t->cells);
    t->atlas_size = ATLAS_MIN_SIZE;
    if (!t->glyphs || !t->cells) {
        snprintf(err, errlen, "out of memory");
        ui_text_destroy(t);
        return NULL;
    }
    t->renderer = renderer;
    return t;
}

/* The cache keeps a copy of every text it wrapped, which may be a journal
 * entry or an answer: wiped before it is freed. */
static void wrap_cache_clear(ui_text *t)
{
    for (int i = 0; i < WRAP_SLOTS; i++) {
        if (t->wraps[i].text) im_text_wipe_free(t->wraps[i].text, (size_t)t->wraps[i].n + 1);
        free(t->wraps[i].lines);
    }
    memset(t->wraps, 0, sizeof t->wraps);
    t->nwraps = 0;
}

void ui_text_forget(ui_text *t)
{
    if (t) wrap_cache_clear(t);
}

void ui_text_destroy(ui_text *t)
{
    if (!t) return;
    if (t->atlas) SDL_DestroyTexture(t->atlas);
    for (int i = 0; i < t->nfonts; i++) TTF_CloseFont(t->fonts[i].font);
    for (int f = 0; f < UI_FACE_COUNT; f++) SDL_free(t->face_data[f]);
    SDL_free(t->font_dir);
    wrap_cache_clear(t);
    free(t->glyphs);
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

/* The bytes of a face, read once; NULL if it cannot be read. */
static const void *face_load(ui_text *t, int face)
{
    if (!t->face_data[face] && t->font_dir) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", t->font_dir, face_files[face]);
        t->face_data[face] = SDL_LoadFile(path, &t->face_size[face]);
    }
    return t->face_data[face];
}

static TTF_Font *sized(ui_text *t, int face, int px)
{
    if (px < 1) px = 1;
    if (px > 400) px = 400;
    for (int i = 0; i < t->nfonts; i++)
        if (t->fonts[i].face == face && t->fonts[i].px == px) return t->fonts[i].font;
    if (t->nfonts == MAX_SIZED_FONTS) { /* rare: many text sizes tried; start over */
        for (int i = 0; i < t->nfonts; i++) TTF_CloseFont(t->fonts[i].font);
        t->nfonts = 0;
    }
    if (!face_load(t, face)) return NULL;
    SDL_RWops *rw = SDL_RWFromConstMem(t->face_data[face], (int)t->face_size[face]);
    TTF_Font *font = rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
    if (!font) return NULL;
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    TTF_SetFontScriptName(font, "Latn");
    TTF_SetFontDirection(font, TTF_DIRECTION_LTR);
    t->fonts[t->nfonts++] = (sized_font){ face, px, font };
    return font;
}

static uint64_t glyph_key(int face, int px, uint32_t cp)
{
    return ((uint64_t)(face + 1) << 48) | ((uint64_t)(unsigned)px << 24) | cp;
}

static void glyph_table_grow(ui_text *t);

/* The three caches (glyphs, atlas cells, kerning pairs) are open-addressed
 * tables of cap records (cap a power of two) of `size` bytes, each record
 * starting with its uint64_t key, 0 meaning empty.  slot_find returns the
 * record holding key, or the empty one where it goes; the table must have
 * an empty record. */
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

/* A table twice the size holding old's records (old is left as it was),
 * or NULL when out of memory. */
static void *table_doubled(const void *old, size_t size, size_t cap)
{
    unsigned char *fresh = calloc(cap * 2, size);
    for (size_t i = 0; fresh && i < cap; i++) {
        const unsigned char *rec = (const unsigned char *)old + i * size;
        uint64_t k;
        memcpy(&k, rec, sizeof k);
        if (k) memcpy(slot_find(fresh, size, cap * 2, k), rec, size);
    }
    return fresh;
}

static glyph *glyph_slot(ui_text *t, uint64_t key)
{
    return slot_find(t->glyphs, sizeof *t->glyphs, t->glyph_cap, key);
}

static void glyph_table_grow(ui_text *t)
{
    glyph *fresh = table_doubled(t->glyphs, sizeof *t->glyphs, t->glyph_cap);
    if (!fresh) return; /* stay at this size; lookups still work */
    free(t->glyphs);
    t->glyphs = fresh;
    t->glyph_cap *= 2;
}

/* The metrics of cp in face at px, with the fallback face resolved.  Never
 * rasterizes.  Returns NULL only when no font can be opened. */
static glyph *glyph_get(ui_text *t, int face, int px, uint32_t cp)
{
    uint64_t key = glyph_key(face, px, cp);
    glyph *g = glyph_slot(t, key);
    if (g->key == key) return g;
    if ((t->glyph_count + 1) * 4 > t->glyph_cap * 3) {
        glyph_table_grow(t);
        g = glyph_slot(t, key);
    }
    TTF_Font *font = sized(t, face, px);
    if (!font) return NULL;
    int used = face;
    if (face != UI_FACE_SYMBOLS && cp > 0x7F && !TTF_GlyphIsProvided32(font, cp)) {
        TTF_Font *sym = sized(t, UI_FACE_SYMBOLS, px);
        if (sym && TTF_GlyphIsProvided32(sym, cp)) used = UI_FACE_SYMBOLS;
    }
    TTF_Font *uf = sized(t, used, px);
    int minx = 0, maxx = 0, miny = 0, maxy = 0, adv = 0;
    if (!uf || TTF_GlyphMetrics32(uf, cp, &minx, &maxx, &miny, &maxy, &adv) != 0) adv = 0;
    memset(g, 0, sizeof *g);
    g->key = key;
    g->advance = (int16_t)adv;
    g->offset_x = (int16_t)(minx < 0 ? minx : 0);
    g->offset_y = (int16_t)(used == face ? 0 : TTF_FontAscent(font) - TTF_FontAscent(uf));
    g->face_used = (uint8_t)used;
    g->hbh = HBH_UNKNOWN;
    t->glyph_count++;
    return g;
}

int ui_text_line_height(ui_text *t, ui_face face, int px)
{
    TTF_Font *f = sized(t, face, px);
    return f ? TTF_FontLineSkip(f) : px;
}

int ui_text_ascent(ui_text *t, ui_face face, int px)
{
    TTF_Font *f = sized(t, face, px);
    return f ? TTF_FontAscent(f) : px;
}

int ui_text_has_glyph(ui_text *t, uint32_t cp)
{
    for (int f = 0; f < UI_FACE_COUNT; f++) {
        TTF_Font *font = sized(t, f, 16);
        if (font && TTF_GlyphIsProvided32(font, cp)) return 1;
    }
    return 0;
}

static int advance_of(ui_text *t, int face, int px, uint32_t cp)
{
    if (cp == '\n' || cp == '\r') return 0;
    glyph *g = glyph_get(t, face, px, cp);
    return g ? g->advance : 0;
}

static int utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The shaped width of "H", cp, "H" in font (HBH_UNKNOWN if it cannot be
 * shaped), asked once per glyph: every pair ending in cp needs it. */
static int shaped_hbh(TTF_Font *font, glyph *g, uint32_t cp)
{
    if (g->hbh == HBH_UNKNOWN && font) {
        char s[7];
        int n = 0, w = 0;
        s[n++] = 'H';
        n += utf8_put(s + n, cp);
        s[n++] = 'H';
        s[n] = '\0';
        if (TTF_SizeUTF8(font, s, &w, NULL) == 0 && w > INT16_MIN && w <= INT16_MAX) g->hbh = (int16_t)w;
    }
    return g->hbh;
}

/* The kerning between prev and cp, in pixels.
 *
 * Why this way: Noto Sans keeps its kerning in the OpenType GPOS table,
 * which only HarfBuzz reads; SDL_ttf 2.20's per-glyph kerning call sees the
 * legacy 'kern' table only and answers 0.  SDL_ttf does shape whole strings
 * with HarfBuzz, so the pair's kerning is the shaped width of "HabH" minus
 * that of "HbH" (kept per glyph: one shaping per new pair, not two) minus
 * a's advance.  The flat-sided H on both ends makes the
 * string's ink extent start and end on H, so a's left bearing and b's
 * overhang cancel out (measured here: "AVATAR To Wait. Try Yes, You." comes
 * to 646 px against HarfBuzz's 647 at 48 px).  It is asked once per pair, face
 * and size and cached, so a frame never shapes a pair it has seen.  Pairs
 * across faces (a symbol from the fallback font), with a space, or with a
 * control character are not kerned, which also keeps line widths additive
 * for the wrapper. */
static int kern_of(ui_text *t, int face, int px, uint32_t prev, uint32_t cp)
{
    if (prev <= ' ' || cp <= ' ' || prev == 0xA0 || cp == 0xA0) return 0;
    glyph *a = glyph_get(t, face, px, prev);
    if (!a || a->face_used != face) return 0;
    int a_advance = a->advance; /* the next glyph_get may grow the table and move a */
    glyph *b = glyph_get(t, face, px, cp);
    if (!b || b->face_used != face) return 0;
    uint64_t key = ((uint64_t)(face + 1) << 60) | ((uint64_t)(px & 0x1FF) << 42) |
                   ((uint64_t)(prev & 0x1FFFFF) << 21) | (cp & 0x1FFFFF);
    kern_entry *slot = slot_find(t->kerns, sizeof t->kerns[0], KERN_SLOTS, key);
    if (slot->key == key) return slot->px;
    if (t->nkerns >= KERN_MAX_FILL) { /* bounded: forget every pair and go on */
        memset(t->kerns, 0, sizeof t->kerns);
        t->nkerns = 0;
        slot = slot_find(t->kerns, sizeof t->kerns[0], KERN_SLOTS, key);
    }
    TTF_Font *font = sized(t, face, px);
    int k = 0;
    char pair[11];
    int n = 0;
    pair[n++] = 'H';
    n += utf8_put(pair + n, prev);
    n += utf8_put(pair + n, cp);
    pair[n++] = 'H';
    pair[n] = '\0';
    int w_pair = 0, w_second = shaped_hbh(font, b, cp);
    if (font && w_second != HBH_UNKNOWN && TTF_SizeUTF8(font, pair, &w_pair, NULL) == 0) {
        k = w_pair - w_second - a_advance;
        if (k > px / 8 || k < -px / 2) k = 0; /* not kerning: odd metrics */
    }
    slot->key = key;
    slot->px = (int8_t)k;
    t->nkerns++;
    t->stats.kern_pairs++;
    return k;
}

/* The pen movement for cp after prev: its advance plus the pair kerning. */
static int step_of(ui_text *t, int face, int px, uint32_t prev, uint32_t cp)
{
    return kern_of(t, face, px, prev, cp) + advance_of(t, face, px, cp);
}

int ui_text_measure(ui_text *t, ui_face face, int px, const char *s, int n)
{
    if (n < 0) n = (int)strlen(s);
    int w = 0;
    uint32_t prev = 0;
    for (int i = 0; i < n;) {
        uint32_t cp = ui_utf8_next(s, n, &i);
        w += step_of(t, face, px, prev, cp);
        prev = cp;
    }
    return w;
}

int ui_text_offset_at(ui_text *t, ui_face face, int px, const char *s, int n, int x)
{
    if (n < 0) n = (int)strlen(s);
    int pen = 0;
    uint32_t prev = 0;
    for (int i = 0; i < n;) {
        int start = i;
        uint32_t cp = ui_utf8_next(s, n, &i);
        int adv = step_of(t, face, px, prev, cp);
        prev = cp;
        if (x < pen + adv / 2) return start;
        pen += adv;
    }
    return n;
}

/* ---- the atlas ---------------------------------------------------------- */

/* face 2 bits, px 9 bits, cp 21 bits, colour 32 bits: never 0 (face + 1). */
static uint64_t cell_key(int face, int px, uint32_t cp, ui_rgba c)
{
    uint32_t rgba = ((uint32_t)c.r << 24) | ((uint32_t)c.g << 16) | ((uint32_t)c.b << 8) | c.a;
    return ((uint64_t)(face + 1) << 62) | ((uint64_t)(px & 0x1FF) << 53) | ((uint64_t)(cp & 0x1FFFFF) << 32) | rgba;
}

static cell *cell_slot(ui_text *t, uint64_t key)
{
    return slot_find(t->cells, sizeof *t->cells, t->cell_cap, key);
}

/* Room for one more cell (a table that cannot grow starts the atlas over,
 * which empties it). */
static void cell_table_make_room(ui_text *t)
{
    if ((t->cell_count + 1) * 4 <= t->cell_cap * 3) return;
    cell *fresh = table_doubled(t->cells, sizeof *t->cells, t->cell_cap);
    if (!fresh) {
        atlas_drop(t);
        return;
    }
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
        t->atlas = SDL_CreateTexture(t->renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC,
                                     t->atlas_size, t->atlas_size);
        if (!t->atlas) return -1;
        SDL_SetTextureBlendMode(t->atlas, SDL_BLENDMODE_BLEND);
    }
    *out = (SDL_Rect){ t->shelf_x, t->shelf_y, w, h };
    t->shelf_x += w + 1;
    if (h > t->shelf_h) t->shelf_h = h;
    return 0;
}

/* Rasterizes g (cp in face at px) in colour c into the atlas; returns its
 * cell, or NULL when it cannot be drawn. */
static cell *atlas_put(ui_text *t, const glyph *g, uint64_t key, int px, uint32_t cp, ui_rgba c)
{
    if (!t->renderer) return NULL;
    TTF_Font *font = sized(t, g->face_used, px);
    if (!font) return NULL;
    SDL_Surface *s = TTF_RenderGlyph32_Blended(font, cp, (SDL_Color){ c.r, c.g, c.b, c.a });
    if (!s) return NULL;
    t->stats.rasterized++;
    SDL_Surface *conv = s->format->format == SDL_PIXELFORMAT_ARGB8888
                            ? s : SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Rect r;
    cell *out = NULL;
    cell_table_make_room(t);
    if (conv && atlas_place(t, s->w, s->h, &r) == 0) {
        SDL_UpdateTexture(t->atlas, &r, conv->pixels, conv->pitch);
        out = cell_slot(t, key);
        *out = (cell){ key, (uint16_t)r.x, (uint16_t)r.y, (uint16_t)r.w, (uint16_t)r.h };
        t->cell_count++;
    }
    if (conv && conv != s) SDL_FreeSurface(conv);
    SDL_FreeSurface(s);
    return out;
}

void ui_text_draw(ui_text *t, ui_face face, int px, const char *s, int n, int x, int y, ui_rgba color)
{
    if (!t->renderer) return;
    if (n < 0) n = (int)strlen(s);
    int pen = x;
    uint32_t prev = 0;
    for (int i = 0; i < n;) {
        uint32_t cp = ui_utf8_next(s, n, &i);
        glyph *g = glyph_get(t, face, px, cp);
        if (!g) continue;
        pen += kern_of(t, face, px, prev, cp);
        prev = cp;
        if (cp > ' ' && cp != 0xA0) {
            uint64_t key = cell_key(face, px, cp, color);
            cell *c = cell_slot(t, key);
            if (c->key != key) c = atlas_put(t, g, key, px, cp, color);
            if (c) {
                SDL_Rect src = { c->x, c->y, c->w, c->h };
                SDL_Rect dst = { pen + g->offset_x, y + g->offset_y, c->w, c->h };
                SDL_RenderCopy(t->renderer, t->atlas, &src, &dst);
                t->stats.glyphs_drawn++;
            }
        }
        pen += g->advance;
    }
}

/* ---- wrapping ------------------------------------------------------------ */

static uint64_t hash_bytes(const char *s, int n, uint64_t h)
{
    for (int i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
    return h;
}

typedef struct line_buf {
    ui_line *v;
    int n, cap;
} line_buf;

static int line_push(line_buf *b, int start, int len, int width)
{
    if (b->n == b->cap) {
        int cap = b->cap ? b->cap * 2 : 8;
        ui_line *v = realloc(b->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = (ui_line){ start, len, width };
    return 0;
}

/* Greedy wrapping: a line ends at '\n', or before the word that would not
 * fit (trailing spaces hang past the edge), or inside a word wider than
 * the whole width. */
static void wrap_compute(ui_text *t, int face, int px, const char *s, int n, int width, line_buf *out)
{
    int i = 0;
    if (width < 1) width = 1;
    do {
        int start = i, w = 0;
        uint32_t prev = 0;
        int brk = -1, brk_w = 0, resume = -1;
        int end = n, end_w = 0, next = n;
        while (i < n) {
            int at = i;
            uint32_t cp = ui_utf8_next(s, n, &i);
            if (cp == '\n') {
                end = at, end_w = w, next = i;
                goto emit;
            }
            if (cp == ' ') {
                brk = at, brk_w = w, resume = i;
                w += advance_of(t, face, px, cp);
                prev = cp;
                continue;
            }
            int adv = step_of(t, face, px, prev, cp);
            prev = cp;
            if (w + adv > width && at > start) {
                if (brk > start || (brk == start && resume > start)) {
                    end = brk, end_w = brk_w, next = resume;
                    while (next < n && s[next] == ' ') next++;
                } else {
                    end = at, end_w = w, next = at;
                }
                goto emit;
            }
            w += adv;
        }
        end = n, end_w = w, next = n;
    emit:
        /* drop trailing spaces from the measured width */
        while (end > start && s[end - 1] == ' ') {
            end--;
            end_w -= advance_of(t, face, px, ' ');
        }
        if (line_push(out, start, end - start, end_w) != 0) return;
        i = next;
    } while (i < n);
    if (n > 0 && s[n - 1] == '\n') line_push(out, n, 0, 0); /* the empty last line */
}

ui_lines ui_text_wrap(ui_text *t, ui_face face, int px, const char *s, int width)
{
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
    if (n == 0) line_push(&b, 0, 0, 0);
    wrap_entry *e = &t->wraps[i];
    e->text = malloc((size_t)n + 1);
    if (!e->text || !b.v) {
        free(e->text);
        e->text = NULL;
        free(b.v);
        static const ui_line empty = { 0, 0, 0 };
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

ui_text_stats ui_text_get_stats(const ui_text *t) { return t->stats; }
