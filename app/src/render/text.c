/*
 * text.c -- see text.h for the design and invariants.
 *
 * Three tables: sized fonts (face, px) -> TTF_Font; glyphs (face, px, cp)
 * -> advance, fallback face and atlas cell; wrapped lines (text, face, px,
 * width) -> ui_line[].  The glyph table is open addressing and grows; the
 * wrap cache is cleared wholesale when full (cheap, and keeps it bounded).
 */
#include "render/text.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ATLAS_SIZE 2048
#define MAX_SIZED_FONTS 48
#define WRAP_SLOTS 1024
#define WRAP_MAX_FILL 700

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
    uint8_t in_atlas;
    uint16_t ax, ay, aw, ah; /* atlas cell */
} glyph;

typedef struct wrap_entry {
    uint64_t hash;
    char *text;
    int n, face, px, width;
    ui_line *lines;
    int count, max_width;
} wrap_entry;

struct ui_text {
    SDL_Renderer *renderer;
    void *face_data[UI_FACE_COUNT];
    size_t face_size[UI_FACE_COUNT];
    sized_font fonts[MAX_SIZED_FONTS];
    int nfonts;
    glyph *glyphs;
    size_t glyph_cap, glyph_count;
    SDL_Texture *atlas;
    int shelf_x, shelf_y, shelf_h;
    wrap_entry wraps[WRAP_SLOTS];
    int nwraps;
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
    for (int f = 0; f < UI_FACE_COUNT; f++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", font_dir, face_files[f]);
        t->face_data[f] = SDL_LoadFile(path, &t->face_size[f]);
        if (!t->face_data[f]) {
            snprintf(err, errlen, "cannot read font %s: %s", path, SDL_GetError());
            ui_text_destroy(t);
            return NULL;
        }
    }
    t->glyph_cap = 1024;
    t->glyphs = calloc(t->glyph_cap, sizeof *t->glyphs);
    if (!t->glyphs) {
        snprintf(err, errlen, "out of memory");
        ui_text_destroy(t);
        return NULL;
    }
    t->renderer = renderer;
    return t;
}

static void wrap_cache_clear(ui_text *t)
{
    for (int i = 0; i < WRAP_SLOTS; i++) {
        free(t->wraps[i].text);
        free(t->wraps[i].lines);
    }
    memset(t->wraps, 0, sizeof t->wraps);
    t->nwraps = 0;
}

void ui_text_destroy(ui_text *t)
{
    if (!t) return;
    if (t->atlas) SDL_DestroyTexture(t->atlas);
    for (int i = 0; i < t->nfonts; i++) TTF_CloseFont(t->fonts[i].font);
    for (int f = 0; f < UI_FACE_COUNT; f++) SDL_free(t->face_data[f]);
    wrap_cache_clear(t);
    free(t->glyphs);
    free(t);
}

/* Forgets every atlas cell (the texture is gone or full). */
static void atlas_drop(ui_text *t)
{
    if (t->atlas) SDL_DestroyTexture(t->atlas);
    t->atlas = NULL;
    t->shelf_x = t->shelf_y = t->shelf_h = 0;
    for (size_t i = 0; i < t->glyph_cap; i++) t->glyphs[i].in_atlas = 0;
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

static glyph *glyph_slot(ui_text *t, uint64_t key)
{
    size_t mask = t->glyph_cap - 1;
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
    while (t->glyphs[i].key && t->glyphs[i].key != key) i = (i + 1) & mask;
    return &t->glyphs[i];
}

static void glyph_table_grow(ui_text *t)
{
    glyph *old = t->glyphs;
    size_t oldcap = t->glyph_cap;
    glyph *fresh = calloc(oldcap * 2, sizeof *fresh);
    if (!fresh) return; /* stay at this size; lookups still work */
    t->glyphs = fresh;
    t->glyph_cap = oldcap * 2;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key) *glyph_slot(t, old[i].key) = old[i];
    free(old);
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

int ui_text_measure(ui_text *t, ui_face face, int px, const char *s, int n)
{
    if (n < 0) n = (int)strlen(s);
    int w = 0;
    for (int i = 0; i < n;) w += advance_of(t, face, px, ui_utf8_next(s, n, &i));
    return w;
}

int ui_text_offset_at(ui_text *t, ui_face face, int px, const char *s, int n, int x)
{
    if (n < 0) n = (int)strlen(s);
    int pen = 0;
    for (int i = 0; i < n;) {
        int start = i;
        int adv = advance_of(t, face, px, ui_utf8_next(s, n, &i));
        if (x < pen + adv / 2) return start;
        pen += adv;
    }
    return n;
}

/* ---- the atlas ---------------------------------------------------------- */

/* Puts g's raster into the atlas; 0 on success. */
static int atlas_put(ui_text *t, glyph *g, int face, int px, uint32_t cp)
{
    if (!t->renderer) return -1;
    TTF_Font *font = sized(t, g->face_used, px);
    (void)face;
    if (!font) return -1;
    SDL_Color white = { 255, 255, 255, 255 };
    SDL_Surface *s = TTF_RenderGlyph32_Blended(font, cp, white);
    if (!s) return -1;
    t->stats.rasterized++;
    if (s->w > ATLAS_SIZE || s->h > ATLAS_SIZE) {
        SDL_FreeSurface(s);
        return -1;
    }
    if (t->shelf_x + s->w > ATLAS_SIZE) {
        t->shelf_x = 0;
        t->shelf_y += t->shelf_h + 1;
        t->shelf_h = 0;
    }
    if (t->shelf_y + s->h > ATLAS_SIZE) {
        atlas_drop(t); /* full: start a fresh atlas; g's neighbours re-rasterize lazily */
    }
    if (!t->atlas) {
        t->atlas = SDL_CreateTexture(t->renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC,
                                     ATLAS_SIZE, ATLAS_SIZE);
        if (!t->atlas) {
            SDL_FreeSurface(s);
            return -1;
        }
        SDL_SetTextureBlendMode(t->atlas, SDL_BLENDMODE_BLEND);
    }
    SDL_Surface *conv = s->format->format == SDL_PIXELFORMAT_ARGB8888
                            ? s : SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    if (!conv) {
        SDL_FreeSurface(s);
        return -1;
    }
    SDL_Rect cell = { t->shelf_x, t->shelf_y, s->w, s->h };
    SDL_UpdateTexture(t->atlas, &cell, conv->pixels, conv->pitch);
    if (conv != s) SDL_FreeSurface(conv);
    SDL_FreeSurface(s);
    g->ax = (uint16_t)cell.x;
    g->ay = (uint16_t)cell.y;
    g->aw = (uint16_t)cell.w;
    g->ah = (uint16_t)cell.h;
    g->in_atlas = 1;
    t->shelf_x += cell.w + 1;
    if (cell.h > t->shelf_h) t->shelf_h = cell.h;
    return 0;
}

void ui_text_draw(ui_text *t, ui_face face, int px, const char *s, int n, int x, int y, ui_rgba color)
{
    if (!t->renderer) return;
    if (n < 0) n = (int)strlen(s);
    int pen = x;
    SDL_Texture *tinted = NULL; /* the atlas the colour was set on (it may be replaced mid-run) */
    for (int i = 0; i < n;) {
        uint32_t cp = ui_utf8_next(s, n, &i);
        glyph *g = glyph_get(t, face, px, cp);
        if (!g) continue;
        if (cp > ' ' && cp != 0xA0) {
            if (!g->in_atlas && atlas_put(t, g, face, px, cp) != 0) {
                pen += g->advance;
                continue;
            }
            if (tinted != t->atlas) { /* one colour per run and atlas */
                SDL_SetTextureColorMod(t->atlas, color.r, color.g, color.b);
                SDL_SetTextureAlphaMod(t->atlas, color.a);
                tinted = t->atlas;
            }
            SDL_Rect src = { g->ax, g->ay, g->aw, g->ah };
            SDL_Rect dst = { pen + g->offset_x, y + g->offset_y, g->aw, g->ah };
            SDL_RenderCopy(t->renderer, t->atlas, &src, &dst);
            t->stats.glyphs_drawn++;
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
                continue;
            }
            int adv = advance_of(t, face, px, cp);
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
