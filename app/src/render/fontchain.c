/*
 * fontchain.c -- see fontchain.h for the design and invariants.
 *
 * The (first, codepoint) -> slot answers sit in one open-addressed table,
 * cleared wholesale when full (cheap: the answers come back from the
 * loaded slots without a system search; the searched-for codepoints are
 * remembered in a second table that is never cleared, so a codepoint no
 * font has costs one search per chain, not one per frame).
 */
#define _DEFAULT_SOURCE /* madvise, O_CLOEXEC (glibc; elsewhere they are there anyway) */
#include "render/fontchain.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef IM_HAVE_FONTCONFIG
#include "platform/module.h"
#include "render/fontchain_fc.h" /* fontconfig itself is in the module */
#endif
#if !defined(_WIN32)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define IM_FONT_MMAP 1
#endif
#if defined(__ANDROID__) || defined(__APPLE__)
#include <dirent.h>
#define IM_FONT_FOLDER_SCAN 1
#endif

#define ANSWER_SLOTS 8192
#define ANSWER_MAX_FILL 6000
#define SEARCHED_SLOTS 4096
#define FC_IDLE 0
#define FC_RUNNING 1
#define FC_TAKEN 2
#define FC_PENDING (-2) /* a search's answer: not known yet, not to be cached */

typedef struct slot {
    char *path;
    int index;  /* face in a collection */
    int tried;  /* load attempted */
    void *data; /* bundled faces: the file's bytes */
    size_t size;
    void *map; /* or the file mapped read-only (IM_FONT_MMAP), map_len bytes */
    size_t map_len;
    hb_blob_t *blob;
    hb_face_t *hb_face;
    hb_font_t *hb;
    FT_Face ft;
    int upem, color;
} slot;

typedef struct answer {
    uint32_t key; /* (first + 1) << 21 | cp; 0 = empty */
    int8_t slot;
} answer;

struct ui_fontchain {
    FT_Library ft;
    slot slots[UI_FONTCHAIN_MAX_SLOTS];
    int nslots;
    answer answers[ANSWER_SLOTS];
    int nanswers;
    uint32_t searched[SEARCHED_SLOTS]; /* cp + 1 of codepoints a system search ran for */
    int nsearched;
    long searches;
    long ft_reopens; /* FreeType faces a trim closed, opened again */
#ifdef IM_HAVE_FONTCONFIG
    /* fontconfig's fonts sorted against Noto Sans (sets[0]) and against
     * Noto Color Emoji in colour (sets[1]), built once by the worker
     * through the module it opened (fcm, NULL when there is none; see
     * fontchain_fc.h); the config they came from is destroyed there.
     * Main thread only once fc_state is FC_TAKEN. */
    const ui_fc_module *fcm;
    void *sets[2];
    SDL_Thread *worker;
    SDL_sem *done;
    SDL_atomic_t fc_ready; /* the worker has finished (sets written) */
    int fc_state;          /* FC_IDLE, FC_RUNNING, FC_TAKEN */
    int fc_missed;         /* a search found the worker unfinished: answers were not kept */
    int fc_news;           /* taken after a miss: ui_fontchain_fonts_arrived answers 1 once */
    Uint32 budget_from;    /* SDL_GetTicks when the current frame-long waiting budget began */
    Uint32 budget_left;    /* ms of it left: every search of a frame shares it */
    int budget_set;
    void (*ready)(void *);
    void *ready_ctx;
#endif
#ifdef IM_FONT_FOLDER_SCAN
    char **scan; /* font files found in the system folder, lazily */
    int nscan, scan_done, scan_next;
#endif
};

static const char *bundled_files[UI_FONTCHAIN_BUNDLED] = { "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
                                                           "NotoSansSymbols2-Regular.ttf" };

static int slot_add(ui_fontchain *c, const char *path, int index)
{
    if (c->nslots == UI_FONTCHAIN_MAX_SLOTS) return -1;
    for (int i = 0; i < c->nslots; i++)
        if (c->slots[i].index == index && strcmp(c->slots[i].path, path) == 0) return i;
    slot *s = &c->slots[c->nslots];
    memset(s, 0, sizeof *s);
    s->path = SDL_strdup(path);
    if (!s->path) return -1;
    s->index = index;
    return c->nslots++;
}

ui_fontchain *ui_fontchain_create(const char *font_dir, char *err, size_t errlen)
{
    ui_fontchain *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (FT_Init_FreeType(&c->ft) != 0) {
        snprintf(err, errlen, "cannot start FreeType");
        free(c);
        return NULL;
    }
    for (int f = 0; f < UI_FONTCHAIN_BUNDLED; f++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", font_dir, bundled_files[f]);
        /* Only looked for here, so a missing font is a clear message at
         * start; read when first drawn. */
        SDL_RWops *rw = SDL_RWFromFile(path, "rb");
        if (!rw || slot_add(c, path, 0) != f) {
            snprintf(err, errlen, "cannot read font %s: %s", path, rw ? "out of memory" : SDL_GetError());
            if (rw) SDL_RWclose(rw);
            ui_fontchain_destroy(c);
            return NULL;
        }
        SDL_RWclose(rw);
    }
    return c;
}

void ui_fontchain_destroy(ui_fontchain *c)
{
    if (!c) return;
    for (int i = 0; i < c->nslots; i++) {
        slot *s = &c->slots[i];
        if (s->hb) hb_font_destroy(s->hb);
        if (s->hb_face) hb_face_destroy(s->hb_face);
        if (s->ft) FT_Done_Face(s->ft); /* before the bytes it reads */
        if (s->blob) hb_blob_destroy(s->blob);
        SDL_free(s->data);
        SDL_free(s->path);
    }
#ifdef IM_HAVE_FONTCONFIG
    if (c->worker) SDL_WaitThread(c->worker, NULL); /* it cannot be cut short: ends in tens of ms */
    if (c->done) SDL_DestroySemaphore(c->done);
    for (int k = 0; k < 2; k++)
        if (c->sets[k]) c->fcm->destroy(c->sets[k]);
#endif
#ifdef IM_FONT_FOLDER_SCAN
    for (int i = 0; i < c->nscan; i++) free(c->scan[i]);
    free(c->scan);
#endif
    FT_Done_FreeType(c->ft);
    free(c);
}

/* Opens the slot's font on first use, mapped by HarfBuzz and read by
 * FreeType from the mapping, so a font costs only the pages either touches
 * (a 19 MB CJK collection; and the bundled faces, which reading whole cost
 * start-up half a megabyte each).  On Android the bundled faces live in the
 * APK's assets, which only SDL's file calls read: there they are read into
 * memory. */
#ifdef IM_FONT_MMAP
static void unmap_font(void *p)
{
    slot *s = p;
    munmap(s->map, s->map_len);
    s->map = NULL;
    s->map_len = 0;
}
#endif

/* s's file as a blob: mapped read-only and private where there is mmap
 * (the mapping is ours, so ui_fontchain_trim may drop its pages), else
 * HarfBuzz's own reading. */
static hb_blob_t *map_font(slot *s)
{
#ifdef IM_FONT_MMAP
    int fd = open(s->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    void *p = MAP_FAILED;
    if (fstat(fd, &st) == 0 && st.st_size > 0 && (unsigned long long)st.st_size < 0x80000000ULL)
        p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) return NULL;
    s->map = p;
    s->map_len = (size_t)st.st_size;
    return hb_blob_create((const char *)p, (unsigned)s->map_len, HB_MEMORY_MODE_READONLY, s, unmap_font);
#else
    return hb_blob_create_from_file(s->path);
#endif
}

void ui_fontchain_trim(ui_fontchain *c)
{
    for (int i = 0; i < c->nslots; i++) {
        slot *s = &c->slots[i];
        if (i >= UI_FONTCHAIN_BUNDLED && s->ft) {
            /* a system face's FreeType half (a CJK collection's CFF
             * tables, a colour font's strikes): opened again from the same
             * bytes by the next raster (slot_ft) */
            FT_Done_Face(s->ft);
            s->ft = NULL;
        }
#ifdef IM_FONT_MMAP
        if (s->map) madvise(s->map, s->map_len, MADV_DONTNEED);
#endif
    }
}

int ui_fontchain_ft_open(const ui_fontchain *c)
{
    int n = 0;
    for (int i = 0; i < c->nslots; i++) n += c->slots[i].ft != NULL;
    return n;
}

long ui_fontchain_ft_reopens(const ui_fontchain *c) { return c->ft_reopens; }

static slot *slot_load(ui_fontchain *c, int i)
{
    if (i < 0 || i >= c->nslots) return NULL;
    slot *s = &c->slots[i];
    if (s->tried) return s->hb ? s : NULL;
    s->tried = 1;
#ifdef __ANDROID__
    int read_whole = i < UI_FONTCHAIN_BUNDLED;
#else
    int read_whole = 0;
#endif
    if (read_whole) {
        s->data = SDL_LoadFile(s->path, &s->size);
        if (!s->data) return NULL;
        s->blob = hb_blob_create(s->data, (unsigned)s->size, HB_MEMORY_MODE_READONLY, NULL, NULL);
        if (FT_New_Memory_Face(c->ft, s->data, (FT_Long)s->size, s->index, &s->ft) != 0) s->ft = NULL;
    } else {
        /* one mapping shared by HarfBuzz and FreeType: only the pages
         * either reads count towards memory */
        s->blob = map_font(s);
        unsigned blen = 0;
        const char *bytes = s->blob ? hb_blob_get_data(s->blob, &blen) : NULL;
        if (!bytes || blen == 0 ||
            FT_New_Memory_Face(c->ft, (const FT_Byte *)bytes, (FT_Long)blen, s->index, &s->ft) != 0)
            s->ft = NULL;
    }
    if (!s->ft || !s->blob || hb_blob_get_length(s->blob) == 0) return NULL;
    s->hb_face = hb_face_create(s->blob, (unsigned)s->index);
    s->upem = (int)hb_face_get_upem(s->hb_face);
    s->hb = hb_font_create(s->hb_face);
    if (!s->hb || s->upem <= 0) {
        if (s->hb) hb_font_destroy(s->hb);
        s->hb = NULL;
        return NULL;
    }
    hb_font_set_scale(s->hb, s->upem, s->upem);
    s->color = FT_HAS_COLOR(s->ft) ? 1 : 0;
    return s;
}

int ui_fontchain_open(ui_fontchain *c, int i)
{
    slot *s = slot_load(c, i);
    if (!s) return -1;
    /* HarfBuzz checks and indexes each table on its first use (about a
     * million instructions for Noto Sans's GSUB and GPOS together) */
    hb_face_t *f = hb_font_get_face(s->hb);
    (void)hb_ot_layout_has_substitution(f);
    (void)hb_ot_layout_has_positioning(f);
    return 0;
}

/* The slot loaded, with its FreeType face (a trim closed a system one:
 * opened again over the bytes HarfBuzz's blob still holds). */
static slot *slot_ft(ui_fontchain *c, int i)
{
    slot *s = slot_load(c, i);
    if (!s || s->ft) return s;
    unsigned blen = 0;
    const char *bytes = hb_blob_get_data(s->blob, &blen);
    if (!bytes || FT_New_Memory_Face(c->ft, (const FT_Byte *)bytes, (FT_Long)blen, s->index, &s->ft) != 0) {
        s->ft = NULL;
        return NULL;
    }
    c->ft_reopens++;
    return s;
}

int ui_fontchain_metrics(ui_fontchain *c, int i, int px, int *ascent, int *lineskip)
{
    slot *s = slot_ft(c, i);
    if (!s || !FT_IS_SCALABLE(s->ft) || FT_Set_Pixel_Sizes(s->ft, 0, (FT_UInt)px) != 0) return -1;
    /* SDL_ttf's own rounding (TTF_initFontMetrics): 26.6 values rounded up */
    FT_Fixed scale = s->ft->size->metrics.y_scale;
    *ascent = (int)((FT_MulFix(s->ft->ascender, scale) + 63) & -64) / 64;
    *lineskip = (int)((FT_MulFix(s->ft->height, scale) + 63) & -64) / 64;
    return 0;
}

int ui_fontchain_covers(ui_fontchain *c, int i, uint32_t cp)
{
    slot *s = slot_load(c, i);
    hb_codepoint_t g = 0;
    return s && hb_font_get_nominal_glyph(s->hb, cp, &g) && g != 0;
}

hb_font_t *ui_fontchain_hb(ui_fontchain *c, int i)
{
    slot *s = slot_load(c, i);
    return s ? s->hb : NULL;
}

int ui_fontchain_upem(ui_fontchain *c, int i)
{
    slot *s = slot_load(c, i);
    return s ? s->upem : 1000;
}

int ui_fontchain_is_color(ui_fontchain *c, int i)
{
    slot *s = slot_load(c, i);
    return s ? s->color : 0;
}

const char *ui_fontchain_path(const ui_fontchain *c, int i, int *face_index)
{
    if (i < 0 || i >= c->nslots) return NULL;
    if (face_index) *face_index = c->slots[i].index;
    return c->slots[i].path;
}

int ui_fontchain_count(const ui_fontchain *c) { return c->nslots; }
long ui_fontchain_searches(const ui_fontchain *c) { return c->searches; }

/* ---- system fonts ------------------------------------------------------- */

/* Emoji-like codepoints ask for a colour font first. */
static int is_pictographic(uint32_t cp)
{
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || cp == 0x2B50 || cp == 0x2B55 ||
           cp == 0x203C || cp == 0x2049;
}

#ifdef IM_HAVE_FONTCONFIG
/* The worker: it opens the fontconfig module (so neither fontconfig nor
 * libexpat is mapped before the first frame: fontchain_fc.h), and every
 * fontconfig call that loads or sorts happens here, on this thread alone,
 * with its own FcConfig (never the process's current one).  Loading the
 * XML configuration and sorting the fonts costs ~50 M instructions, which
 * used to land in the first frame that drew a character the bundled faces
 * lack.  The sets keep what the chain reads (file, index, charset); the
 * config and its parse go before the worker ends, so they never count
 * towards the steady RSS.  No module: no sets, and every search answers
 * "no font" (placeholders). */
static SDL_atomic_t config_loads;

static int fc_worker(void *arg)
{
    ui_fontchain *c = arg;
    ui_fc_entry get = (ui_fc_entry)ui_module_entry(UI_FC_MODULE, UI_FC_ENTRY);
    const ui_fc_module *m = get ? get() : NULL;
    if (m) {
        SDL_AtomicAdd(&config_loads, 1);
        c->fcm = m;
        (void)m->sort(c->sets); /* -1: no configuration, no sets */
    }
    SDL_AtomicSet(&c->fc_ready, 1);
    /* told before done is posted, so whoever waited on done (fonts_wait:
     * a test, a screenshot) finds the redraw already queued rather than
     * arriving at some later moment (test_ui_app's idle app drew a frame) */
    if (c->ready) c->ready(c->ready_ctx);
    SDL_SemPost(c->done);
    return 0;
}

void ui_fontchain_prefetch(ui_fontchain *c, void (*ready)(void *ctx), void *ctx)
{
    if (c->fc_state != FC_IDLE) return;
    c->ready = ready;
    c->ready_ctx = ctx;
    c->done = SDL_CreateSemaphore(0);
    c->worker = c->done ? SDL_CreateThread(fc_worker, "im-fonts", c) : NULL;
    c->fc_state = FC_RUNNING;
    if (!c->worker) fc_worker(c); /* no thread: found here, as before */
}

/* The sorted sets when the worker has finished (joined only at destroy); waits at most
 * wait_ms for it.  0 when they are not there (yet). */
static int fc_take(ui_fontchain *c, Uint32 wait_ms)
{
    if (c->fc_state == FC_TAKEN) return 1;
    if (c->fc_state == FC_IDLE) {
        /* nobody asked ahead (a tool, a test): found now, as before */
        ui_fontchain_prefetch(c, NULL, NULL);
        wait_ms = SDL_MUTEX_MAXWAIT;
    }
    if (!SDL_AtomicGet(&c->fc_ready) && c->done &&
        (wait_ms == SDL_MUTEX_MAXWAIT ? SDL_SemWait(c->done) : SDL_SemWaitTimeout(c->done, wait_ms)) != 0)
        return 0;
    /* No join here: the worker may still be inside its ready callback
     * (SDL_PushEvent, which waits for the event queue's lock), and this
     * can run inside an event filter that holds that lock -- a join would
     * wait for ever.  fc_ready is set after the sets are written; the
     * thread is joined when the chain is destroyed. */
    c->fc_state = FC_TAKEN;
    if (c->fc_missed) {
        /* answers given while waiting were not kept; the searched-for
         * codepoints of that time are searched again */
        memset(c->searched, 0, sizeof c->searched);
        c->nsearched = 0;
        memset(c->answers, 0, sizeof c->answers);
        c->nanswers = 0;
        c->fc_news = 1;
    }
    return 1;
}

int ui_fontchain_fonts_arrived(ui_fontchain *c)
{
    if (c->fc_state == FC_RUNNING && SDL_AtomicGet(&c->fc_ready)) fc_take(c, 0);
    int n = c->fc_news;
    c->fc_news = 0;
    return n;
}

int ui_fontchain_fonts_ready(const ui_fontchain *c) { return c->fc_state == FC_TAKEN; }

void ui_fontchain_fonts_wait(ui_fontchain *c)
{
    if (c->fc_state == FC_RUNNING) fc_take(c, SDL_MUTEX_MAXWAIT);
}
long ui_fontchain_config_loads(void) { return SDL_AtomicGet(&config_loads); }

/* The first font of the sorted set whose charset has cp becomes a slot.
 * FC_PENDING when the worker has not finished within a frame's share. */
static int search_fontconfig(ui_fontchain *c, uint32_t cp, int want_color)
{
    const void *fs = c->sets[want_color || is_pictographic(cp) ? 1 : 0];
    int found = -1, has = 0;
    for (int i = 0; fs && found < 0 && has >= 0; i++) {
        const char *file = NULL;
        int index = 0;
        has = c->fcm->font(fs, i, cp, &file, &index);
        if (has <= 0) continue;
        int s = slot_add(c, file, index);
        if (s >= 0 && ui_fontchain_covers(c, s, cp)) found = s;
    }
    return found;
}
#else
void ui_fontchain_prefetch(ui_fontchain *c, void (*ready)(void *ctx), void *ctx) { (void)c, (void)ready, (void)ctx; }
int ui_fontchain_fonts_arrived(ui_fontchain *c)
{
    (void)c;
    return 0;
}
int ui_fontchain_fonts_ready(const ui_fontchain *c)
{
    (void)c;
    return 1;
}
void ui_fontchain_fonts_wait(ui_fontchain *c) { (void)c; }
long ui_fontchain_config_loads(void) { return 0; }
#endif

#ifdef IM_FONT_FOLDER_SCAN
/* Written for Android (/system/fonts) and iOS (/System/Library/Fonts);
 * never run on a phone.  Lists the folder's font files once; then opens
 * them one at a time, Noto and emoji files first, until one has cp. */
static int font_file_name(const char *n)
{
    size_t l = strlen(n);
    return l > 4 && (!strcmp(n + l - 4, ".ttf") || !strcmp(n + l - 4, ".otf") || !strcmp(n + l - 4, ".ttc"));
}

static void scan_folder(ui_fontchain *c, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!font_file_name(e->d_name)) continue;
        char **v = realloc(c->scan, (size_t)(c->nscan + 1) * sizeof *v);
        if (!v) break;
        c->scan = v;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(len);
        if (!p) break;
        snprintf(p, len, "%s/%s", dir, e->d_name);
        /* Noto and emoji first: the families the bundled faces match */
        if (strstr(e->d_name, "Noto") || strstr(e->d_name, "Emoji")) {
            memmove(c->scan + 1, c->scan, (size_t)c->nscan * sizeof *c->scan);
            c->scan[0] = p;
        } else {
            c->scan[c->nscan] = p;
        }
        c->nscan++;
    }
    closedir(d);
}

static int search_folder(ui_fontchain *c, uint32_t cp)
{
    if (!c->scan_done) {
        c->scan_done = 1;
#ifdef __ANDROID__
        scan_folder(c, "/system/fonts");
#else
        scan_folder(c, "/System/Library/Fonts");
        scan_folder(c, "/System/Library/Fonts/Core");
        scan_folder(c, "/System/Library/Fonts/CoreAddition");
#endif
    }
    /* slots already opened from the folder were checked by the caller;
     * open new files until one covers cp */
    while (c->scan_next < c->nscan && c->nslots < UI_FONTCHAIN_MAX_SLOTS) {
        int s = slot_add(c, c->scan[c->scan_next++], 0);
        if (s >= 0 && ui_fontchain_covers(c, s, cp)) return s;
    }
    return -1;
}
#endif

/* Whether a system search already ran for cp; records it if not. */
static int searched_before(ui_fontchain *c, uint32_t cp)
{
    size_t mask = SEARCHED_SLOTS - 1, i = (size_t)(cp * 2654435761u) & mask;
    while (c->searched[i]) {
        if (c->searched[i] == cp + 1) return 1;
        i = (i + 1) & mask;
    }
    if (c->nsearched * 4 >= SEARCHED_SLOTS * 3) return 1; /* full: no more searches */
    c->searched[i] = cp + 1;
    c->nsearched++;
    return 0;
}

/* cp may carry 0x200000 (asking for a colour font): remembered apart. */
static int search_system(ui_fontchain *c, uint32_t cp_flag)
{
    uint32_t cp = cp_flag & 0x1FFFFF;
#ifdef IM_HAVE_FONTCONFIG
    if (c->fc_state != FC_TAKEN) {
        /* one budget per frame's length, shared by every search in it */
        Uint32 now = SDL_GetTicks();
        if (c->fc_state == FC_IDLE || !c->budget_set || now - c->budget_from >= 16) {
            c->budget_set = 1;
            c->budget_from = now;
            c->budget_left = UI_FONTCHAIN_WAIT_MS;
        }
        Uint32 t0 = now;
        int got = fc_take(c, c->budget_left);
        Uint32 spent = SDL_GetTicks() - t0;
        c->budget_left = spent >= c->budget_left ? 0 : c->budget_left - spent;
        if (!got) {
            c->fc_missed = 1;
            return FC_PENDING; /* nothing recorded: asked again once the fonts are there */
        }
    }
#endif
    if (searched_before(c, cp_flag)) return -1;
    c->searches++;
#ifdef IM_HAVE_FONTCONFIG
    return search_fontconfig(c, cp, (cp_flag & 0x200000u) != 0);
#elif defined(IM_FONT_FOLDER_SCAN)
    return search_folder(c, cp);
#else
    (void)cp;
    return -1;
#endif
}

static int find_uncached(ui_fontchain *c, int first, uint32_t cp)
{
    if (ui_fontchain_covers(c, first, cp)) return first;
    if (first != 0 && ui_fontchain_covers(c, 0, cp)) return 0;
    if (first != 2 && ui_fontchain_covers(c, 2, cp)) return 2;
    /* colour emoji before a monochrome system face that also has it */
    int n = c->nslots;
    if (is_pictographic(cp))
        for (int i = UI_FONTCHAIN_BUNDLED; i < n; i++)
            if (c->slots[i].tried && c->slots[i].color && ui_fontchain_covers(c, i, cp)) return i;
    for (int i = UI_FONTCHAIN_BUNDLED; i < n; i++)
        if (c->slots[i].tried && ui_fontchain_covers(c, i, cp)) return i;
    return search_system(c, cp);
}

/* Emoji presentation (the character was followed by U+FE0F): a colour
 * font that has it, loaded or searched for, before the rest of the chain. */
static int find_color(ui_fontchain *c, uint32_t cp)
{
    for (int i = UI_FONTCHAIN_BUNDLED; i < c->nslots; i++)
        if (c->slots[i].tried && c->slots[i].color && ui_fontchain_covers(c, i, cp)) return i;
    int s = search_system(c, cp | 0x200000u);
    if (s >= 0 && ui_fontchain_is_color(c, s)) return s;
    int other = find_uncached(c, 0, cp);
    return s == FC_PENDING && other < 0 ? FC_PENDING : other;
}

int ui_fontchain_find(ui_fontchain *c, int first, uint32_t cp)
{
    if (first != UI_FONTCHAIN_COLOR && (first < 0 || first >= UI_FONTCHAIN_BUNDLED)) first = 0;
    uint32_t key = ((uint32_t)(first + 1) << 21) | (cp & 0x1FFFFF);
    size_t mask = ANSWER_SLOTS - 1, i = (size_t)(key * 2654435761u) & mask;
    while (c->answers[i].key) {
        if (c->answers[i].key == key) return c->answers[i].slot;
        i = (i + 1) & mask;
    }
    int s = first == UI_FONTCHAIN_COLOR ? find_color(c, cp) : find_uncached(c, first, cp);
    if (s == FC_PENDING) return -1; /* drawn as a placeholder this time, not remembered */
    if (c->nanswers >= ANSWER_MAX_FILL) {
        memset(c->answers, 0, sizeof c->answers);
        c->nanswers = 0;
        i = (size_t)(key * 2654435761u) & mask;
    }
    c->answers[i] = (answer){ key, (int8_t)s };
    c->nanswers++;
    return s;
}

/* ---- rasterizing --------------------------------------------------------- */

SDL_Surface *ui_fontchain_raster(ui_fontchain *c, int i, unsigned gid, int px, SDL_Color fg, int *left, int *top)
{
    slot *s = slot_ft(c, i);
    if (!s || px < 1) return NULL;
    FT_Face f = s->ft;
    double scale = 1.0;
    if (FT_IS_SCALABLE(f)) {
        if (FT_Set_Pixel_Sizes(f, 0, (FT_UInt)px) != 0) return NULL;
    } else {
        /* bitmap strikes only (CBDT emoji): the strike nearest above px, scaled */
        int best = 0;
        for (int k = 0; k < f->num_fixed_sizes; k++) {
            int h = f->available_sizes[k].y_ppem >> 6, bh = f->available_sizes[best].y_ppem >> 6;
            if ((h >= px && (bh < px || h < bh)) || (bh < px && h > bh)) best = k;
        }
        if (f->num_fixed_sizes == 0 || FT_Select_Size(f, best) != 0) return NULL;
        scale = (double)px / (double)(f->available_sizes[best].y_ppem >> 6);
    }
    FT_Int32 flags = s->color ? FT_LOAD_COLOR : FT_LOAD_TARGET_LIGHT;
    if (FT_Load_Glyph(f, gid, flags) != 0) return NULL;
    if (f->glyph->format != FT_GLYPH_FORMAT_BITMAP && FT_Render_Glyph(f->glyph, FT_RENDER_MODE_LIGHT) != 0) return NULL;
    FT_Bitmap *b = &f->glyph->bitmap;
    if (b->width == 0 || b->rows == 0) return NULL;
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, (int)b->width, (int)b->rows, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!out) return NULL;
    for (unsigned y = 0; y < b->rows; y++) {
        const unsigned char *row = b->buffer + (long)y * b->pitch;
        Uint32 *dst = (Uint32 *)((Uint8 *)out->pixels + y * out->pitch);
        for (unsigned x = 0; x < b->width; x++) {
            unsigned a, r = fg.r, g = fg.g, bl = fg.b;
            if (b->pixel_mode == FT_PIXEL_MODE_BGRA) {
                const unsigned char *p = row + x * 4; /* premultiplied */
                a = p[3];
                if (a) {
                    bl = p[0] * 255u / a, g = p[1] * 255u / a, r = p[2] * 255u / a;
                }
            } else if (b->pixel_mode == FT_PIXEL_MODE_MONO) {
                a = (row[x >> 3] >> (7 - (x & 7))) & 1 ? fg.a : 0;
            } else {
                a = row[x] * fg.a / 255u;
            }
            dst[x] = (a << 24) | (r << 16) | (g << 8) | bl;
        }
    }
    *left = f->glyph->bitmap_left;
    *top = f->glyph->bitmap_top;
    if (scale != 1.0) {
        int w = (int)(b->width * scale + 0.5), h = (int)(b->rows * scale + 0.5);
        SDL_Surface *small = SDL_CreateRGBSurfaceWithFormat(0, w > 0 ? w : 1, h > 0 ? h : 1, 32,
                                                            SDL_PIXELFORMAT_ARGB8888);
        if (small && SDL_SoftStretchLinear(out, NULL, small, NULL) == 0) {
            SDL_FreeSurface(out);
            out = small;
        } else if (small) {
            SDL_FreeSurface(small);
        }
        *left = (int)(*left * scale);
        *top = (int)(*top * scale + 0.5);
    }
    return out;
}
