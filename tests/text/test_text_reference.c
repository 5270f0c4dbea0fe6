/*
 * test_text_reference.c -- the app's text layout against an outside
 * reference, in 13 scripts.
 *
 * For each sample sentence, every run the app itemises (direction, script,
 * font) is shaped again by `hb-shape` (Debian's libharfbuzz-bin: a separate
 * program, HarfBuzz's own command line) with the same font file, face,
 * direction, script, language and surrounding text; the glyph ids, clusters,
 * advances and offsets must be identical.  Then each sentence is drawn
 * headless and must lay out no placeholder box (.notdef) where the fallback
 * fonts are installed (scripts/setup.sh test installs fonts-noto-core,
 * fonts-noto-cjk and fonts-noto-color-emoji), and must put ink on the
 * surface.  A codepoint no font has is shown to lay out as exactly one box,
 * so the box check can fail.  Direction: in a left-to-right paragraph with
 * an Arabic word, the Arabic word's first letter sits right of its last;
 * in a right-to-left paragraph the English word sits left of the Arabic.
 *
 * IM_TEXT_SCREENSHOTS=dir writes each sentence's picture as dir/NAME.png
 * (docs/screenshots/scripts-*.png were made so).
 */
#include <SDL.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "platform/png.h"
#include "render/text.h"

typedef struct sample {
    const char *name, *text;
} sample;

static const sample samples[] = {
    {"latin", "\xC3\x87"
              "a m\xE2\x80\x99"
              "a touch\xC3\xA9"
              "e \xE2\x80\x94 na\xC3\xAF"
              "ve fa\xC3\xA7"
              "ade, \xC5\x81\xC3\xB3"
              "d\xC5\xBA, \xC3\x98resund, ffi"},
    {"greek",
     "\xCE\x97 \xCE\xB5\xCE\xBC\xCF\x80\xCE\xB9\xCF\x83\xCF\x84\xCE\xBF\xCF\x83\xCF\x8D\xCE\xBD\xCE\xB7 "
     "\xCF\x87\xCF\x84\xCE\xAF\xCE\xB6\xCE\xB5\xCF\x84\xCE\xB1\xCE\xB9 \xCF\x83\xCE\xB9\xCE\xB3\xCE\xAC."},
    {"cyrillic", "\xD0\x94\xD0\xBE\xD0\xB2\xD0\xB5\xD1\x80\xD0\xB8\xD0\xB5 "
                 "\xD1\x81\xD1\x82\xD1\x80\xD0\xBE\xD0\xB8\xD1\x82\xD1\x81\xD1\x8F "
                 "\xD0\xBF\xD0\xBE\xD1\x81\xD1\x82\xD0\xB5\xD0\xBF\xD0\xB5\xD0\xBD\xD0\xBD\xD0\xBE."},
    {"arabic", "\xD8\xA7\xD9\x84\xD8\xAB\xD9\x82\xD8\xA9 \xD8\xAA\xD9\x8F\xD8\xA8\xD9\x86\xD9\x89 "
               "\xD8\xA8\xD8\xA8\xD8\xB7\xD8\xA1."},
    {"hebrew",
     "\xD7\x94\xD7\x90\xD7\x9E\xD7\x95\xD7\x9F \xD7\xA0\xD7\x91\xD7\xA0\xD7\x94 \xD7\x9C\xD7\x90\xD7\x98."},
    {"devanagari",
     "\xE0\xA4\xAD\xE0\xA4\xB0\xE0\xA5\x8B\xE0\xA4\xB8\xE0\xA4\xBE "
     "\xE0\xA4\xA7\xE0\xA5\x80\xE0\xA4\xB0\xE0\xA5\x87 \xE0\xA4\xAC\xE0\xA4\xA8\xE0\xA4\xA4\xE0\xA4\xBE "
     "\xE0\xA4\xB9\xE0\xA5\x88, \xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7\xE0\xA4\xAE\xE0\xA4\xBE\xE0\xA5\xA4"},
    {"bengali",
     "\xE0\xA6\xAC\xE0\xA6\xBF\xE0\xA6\xB6\xE0\xA7\x8D\xE0\xA6\xAC\xE0\xA6\xBE\xE0\xA6\xB8 "
     "\xE0\xA6\xA7\xE0\xA7\x80\xE0\xA6\xB0\xE0\xA7\x87 \xE0\xA6\x97\xE0\xA6\xA1\xE0\xA6\xBC\xE0\xA7\x87 "
     "\xE0\xA6\x93\xE0\xA6\xA0\xE0\xA7\x87\xE0\xA5\xA4"},
    {"tamil",
     "\xE0\xAE\xA8\xE0\xAE\xAE\xE0\xAF\x8D\xE0\xAE\xAA\xE0\xAE\xBF\xE0\xAE\x95\xE0\xAF\x8D\xE0\xAE\x95\xE0"
     "\xAF\x88 \xE0\xAE\xAE\xE0\xAF\x86\xE0\xAE\xA4\xE0\xAF\x81\xE0\xAE\xB5\xE0\xAE\xBE\xE0\xAE\x95 "
     "\xE0\xAE\xB5\xE0\xAE\xB3\xE0\xAE\xB0\xE0\xAF\x8D\xE0\xAE\x95\xE0\xAE\xBF\xE0\xAE\xB1\xE0\xAE\xA4\xE0"
     "\xAF\x81."},
    {"thai", "\xE0\xB8\x84\xE0\xB8\xA7\xE0\xB8\xB2\xE0\xB8\xA1\xE0\xB9\x84\xE0\xB8\xA7\xE0\xB9\x89\xE0\xB8"
             "\xA7\xE0\xB8\xB2\xE0\xB8\x87\xE0\xB9\x83\xE0\xB8\x88\xE0\xB8\x84\xE0\xB9\x88\xE0\xB8\xAD\xE0"
             "\xB8\xA2\xE0\xB9\x86 "
             "\xE0\xB8\xAA\xE0\xB8\xA3\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\x87\xE0\xB8\x82\xE0\xB8\xB6\xE0\xB9"
             "\x89\xE0\xB8\x99"},
    {"chinese", "\xE4\xBF\xA1\xE4\xBB\xBB\xE6\x98\xAF\xE6\x85\xA2\xE6\x85\xA2\xE5\xBB\xBA\xE7\xAB\x8B\xE8\xB5"
                "\xB7\xE6\x9D\xA5\xE7\x9A\x84\xE3\x80\x82"},
    {"japanese", "\xE4\xBF\xA1\xE9\xA0\xBC\xE3\x81\xAF\xE3\x82\x86\xE3\x81\xA3\xE3\x81\x8F\xE3\x82\x8A\xE7"
                 "\xAF\x89\xE3\x81\x8B\xE3\x82\x8C\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82"},
    {"korean", "\xEC\x8B\xA0\xEB\xA2\xB0\xEB\x8A\x94 \xEC\xB2\x9C\xEC\xB2\x9C\xED\x9E\x88 "
               "\xEC\x8C\x93\xEC\x9E\x85\xEB\x8B\x88\xEB\x8B\xA4."},
    {"emoji", "\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD "
              "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 "
              "\xE2\x9D\xA4\xEF\xB8\x8F \xF0\x9F\x87\xB8\xF0\x9F\x87\xAA \xF0\x9F\x98\x8A"},
    {"mixed",
     "I wrote \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 today (\xD8\xB5\xD8\xAF\xD9\x8A\xD9\x82\xD9\x8A 2)."},
};
#define NSAMPLES (sizeof samples / sizeof samples[0])

/* Runs argv and returns its standard output (malloc'd), or NULL. */
static char *run_capture(char *const argv[])
{
    int fd[2];
    if (pipe(fd) != 0)
        return NULL;
    pid_t pid = fork();
    if (pid < 0)
        return NULL;
    if (pid == 0) {
        dup2(fd[1], 1);
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0)
            dup2(devnull, 2);
        close(fd[0]);
        close(fd[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    ssize_t got;
    while (out && (got = read(fd[0], out + len, cap - len - 1)) > 0) {
        len += (size_t)got;
        if (cap - len < 2) {
            char *bigger = realloc(out, cap * 2);
            if (!bigger) {
                free(out);
                out = NULL;
                break;
            }
            out = bigger;
            cap *= 2;
        }
    }
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!out || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        free(out);
        return NULL;
    }
    out[len] = '\0';
    while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
    return out;
}

typedef struct check_ctx {
    const char *text;
    int n;
    int runs, matched, notdef;
    char scripts[128];
} check_ctx;

/* The run as hb-shape's default text format prints it (hb-buffer-serialize:
 * gid=cluster[@x_offset,y_offset]+x_advance[,y_advance]), clusters
 * relative to the run. */
static void format_run(const ui_text_run *r, char *out, size_t cap)
{
    size_t k = 0;
    k += (size_t)snprintf(out + k, cap - k, "[");
    for (int i = 0; i < r->count && k < cap; i++) {
        const ui_text_glyph *g = &r->glyphs[i];
        k += (size_t)snprintf(out + k, cap - k, "%s%u=%u", i ? "|" : "", g->gid,
                              g->cluster - (unsigned)r->start);
        if (k < cap && (g->x_offset || g->y_offset))
            k += (size_t)snprintf(out + k, cap - k, "@%d,%d", g->x_offset, g->y_offset);
        if (k < cap)
            k += (size_t)snprintf(out + k, cap - k, "+%d", g->x_advance);
        if (k < cap && g->y_advance)
            k += (size_t)snprintf(out + k, cap - k, ",%d", g->y_advance);
    }
    if (k < cap)
        snprintf(out + k, cap - k, "]");
}

static void check_run(const ui_text_run *r, void *vctx)
{
    check_ctx *c = vctx;
    c->runs++;
    for (int i = 0; i < r->count; i++)
        c->notdef += r->glyphs[i].gid == 0;
    size_t sl = strlen(c->scripts);
    snprintf(c->scripts + sl, sizeof c->scripts - sl, "%s%s%s", sl ? " " : "", r->script, r->rtl ? "<" : "");

    char font[1100], face[32], dir[32], script[32], lang[64];
    snprintf(font, sizeof font, "--font-file=%s", r->font_path);
    snprintf(face, sizeof face, "--face-index=%d", r->face_index);
    snprintf(dir, sizeof dir, "--direction=%s", r->rtl ? "rtl" : "ltr");
    snprintf(script, sizeof script, "--script=%s", r->script);
    snprintf(lang, sizeof lang, "--language=%s", r->language);
    char *before = malloc((size_t)r->start + 16), *after = malloc((size_t)(c->n - r->start - r->len) + 16);
    char *textarg = malloc((size_t)r->len + 1);
    REQUIRE(before && after && textarg);
    snprintf(before, (size_t)r->start + 16, "--text-before=%.*s", r->start, c->text);
    snprintf(after, (size_t)(c->n - r->start - r->len) + 16, "--text-after=%s", c->text + r->start + r->len);
    memcpy(textarg, c->text + r->start, (size_t)r->len);
    textarg[r->len] = '\0';
    char *argv[] = {"hb-shape",        font,   face,  dir,  script,  lang, "--no-glyph-names",
                    "--utf8-clusters", before, after, "--", textarg, NULL};
    char *ref = run_capture(argv);
    char ours[8192];
    format_run(r, ours, sizeof ours);
    if (!ref || strcmp(ref, ours) != 0) {
        fprintf(stderr, "  run [%d,+%d) %s %s %s:\n    hb-shape %s\n    ours     %s\n", r->start, r->len,
                r->script, r->rtl ? "rtl" : "ltr", r->font_path, ref ? ref : "(did not run)", ours);
    } else {
        c->matched++;
    }
    CHECK(ref && strcmp(ref, ours) == 0);
    free(ref);
    free(before);
    free(after);
    free(textarg);
}

static int ink_pixels(SDL_Surface *s)
{
    int dark = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            Uint8 R, G, B;
            SDL_GetRGB(((Uint32 *)s->pixels)[y * s->pitch / 4 + x], s->format, &R, &G, &B);
            dark += R + G + B < 600;
        }
    return dark;
}

static void test_sentences(ui_text *t, SDL_Surface *surf, SDL_Renderer *r)
{
    const char *shots = getenv("IM_TEXT_SCREENSHOTS");
    for (size_t i = 0; i < NSAMPLES; i++) {
        const sample *sm = &samples[i];
        check_ctx c = {sm->text, (int)strlen(sm->text), 0, 0, 0, ""};
        int nr = ui_text_runs(t, UI_FACE_REGULAR, sm->text, -1, check_run, &c);
        fprintf(stderr, "%-10s %d runs (%s), %d match hb-shape, %d boxes\n", sm->name, nr, c.scripts,
                c.matched, c.notdef);
        CHECK(nr >= 1 && c.matched == nr);
        CHECK(c.notdef == 0); /* every character found a font */

        SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
        SDL_RenderClear(r);
        ui_text_stats s0 = ui_text_get_stats(t);
        ui_text_draw(t, UI_FACE_REGULAR, 30, sm->text, -1, 12, 14, (ui_rgba){30, 30, 40, 255});
        SDL_RenderPresent(r);
        ui_text_stats s1 = ui_text_get_stats(t);
        CHECK(s1.notdef == s0.notdef);
        CHECK(s1.glyphs_drawn > s0.glyphs_drawn);
        CHECK(ink_pixels(surf) > 200);
        if (shots) {
            char path[1024];
            snprintf(path, sizeof path, "%s/scripts-%s.png", shots, sm->name);
            CHECK(ui_png_write(surf, path) == 0);
        }
    }
}

/* The box check can fail: a codepoint nobody has is one box, not nothing. */
static void test_missing_is_one_box(ui_text *t)
{
    ui_text_stats s0 = ui_text_get_stats(t);
    const char *s = "a\xF4\x8F\xBF\xBD"
                    "b"; /* U+10FFFD, private use */
    CHECK(ui_text_measure(t, UI_FACE_REGULAR, 20, s, -1) > ui_text_measure(t, UI_FACE_REGULAR, 20, "ab", -1));
    CHECK(ui_text_get_stats(t).notdef == s0.notdef + 1);
}

/* Visual order: the caret before the first Arabic letter (logical) is to
 * the right of the caret before its last letter in an English sentence;
 * an Arabic sentence puts its English word on the left. */
static void test_direction(ui_text *t)
{
    const char *ltr = "I wrote \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 today"; /* مرحبا at bytes 8..18 */
    int x_first = ui_text_caret_x(t, UI_FACE_REGULAR, 20, ltr, -1, 8);
    int x_last = ui_text_caret_x(t, UI_FACE_REGULAR, 20, ltr, -1, 16);
    int x_today = ui_text_caret_x(t, UI_FACE_REGULAR, 20, ltr, -1, 19);
    int x_wrote = ui_text_caret_x(t, UI_FACE_REGULAR, 20, ltr, -1, 2);
    fprintf(stderr, "direction: wrote %d, alif-first %d, last %d, today %d\n", x_wrote, x_first, x_last,
            x_today);
    CHECK(x_wrote < x_last && x_last < x_first && x_first <= x_today);
    const char *rtl = "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 Hello"; /* Hello at byte 11 */
    CHECK(ui_text_caret_x(t, UI_FACE_REGULAR, 20, rtl, -1, 11) <
          ui_text_caret_x(t, UI_FACE_REGULAR, 20, rtl, -1, 0));
    /* offset_at answers the caret positions back */
    CHECK(ui_text_offset_at(t, UI_FACE_REGULAR, 20, ltr, -1, x_first - 1) == 8);
}

/* Fonts are found lazily: Latin and the bundled symbols (what the unlock
 * screen draws) start no system font search; the first Chinese character
 * does, and the next ones reuse the font it found. */
static void test_lazy_fallback(void)
{
    char *dir = im_source_path("fonts");
    char err[256] = "";
    ui_text *t = ui_text_create(NULL, dir, err, sizeof err);
    free(dir);
    REQUIRE(t != NULL);
    ui_text_measure(t, UI_FACE_REGULAR, 20,
                    "Welcome back. Your passphrase \xE2\x9C\x93 \xE2\x80\x94 caf\xC3\xA9", -1);
    ui_text_measure(t, UI_FACE_BOLD, 28, "Unlock", -1);
    CHECK(ui_text_get_stats(t).font_searches == 0);
    ui_text_measure(t, UI_FACE_REGULAR, 20, "\xE4\xBF\xA1", -1);
    long after_one = ui_text_get_stats(t).font_searches;
    CHECK(after_one >= 1);
    ui_text_measure(t, UI_FACE_REGULAR, 20, "\xE4\xBB\xBB\xE6\x98\xAF\xE6\x85\xA2", -1);
    CHECK(ui_text_get_stats(t).font_searches == after_one);
    ui_text_destroy(t);
}

/* Cutting before an ellipsis fits in mixed and right-to-left text. */
static void test_fit(ui_text *t)
{
    const char *rtl = "\xD8\xA7\xD9\x84\xD8\xAB\xD9\x82\xD8\xA9 \xD8\xAA\xD9\x8F\xD8\xA8\xD9\x86\xD9\x89. "
                      "honest mother window weekend sorry small close";
    int full = ui_text_measure(t, UI_FACE_REGULAR, 20, rtl, -1);
    for (int w = 10; w < full; w += 23) {
        int k = ui_text_fit(t, UI_FACE_REGULAR, 20, rtl, -1, w);
        CHECK(ui_text_measure(t, UI_FACE_REGULAR, 20, rtl, k) <= w);
        CHECK(k == 0 || ((unsigned char)rtl[k] & 0xC0) != 0x80);
    }
    CHECK(ui_text_fit(t, UI_FACE_REGULAR, 20, rtl, -1, full) == (int)strlen(rtl));
}

/* Line breaking (UAX #14): Chinese breaks between ideographs, no spaces
 * needed; every byte lands on a line. */
static void test_cjk_wrap(ui_text *t)
{
    const char *zh = samples[9].text;
    int full = ui_text_measure(t, UI_FACE_REGULAR, 20, zh, -1);
    ui_lines l = ui_text_wrap(t, UI_FACE_REGULAR, 20, zh, full / 3);
    CHECK(l.count >= 3);
    int total = 0;
    for (int i = 0; i < l.count; i++) {
        total += l.lines[i].len;
        CHECK(l.lines[i].width <= full / 3);
        CHECK(l.lines[i].len % 3 == 0); /* whole ideographs (3 bytes each) */
    }
    CHECK(total == (int)strlen(zh));
}

int main(void)
{
    REQUIRE(SDL_Init(0) == 0);
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 1000, 64, 32, SDL_PIXELFORMAT_ARGB8888);
    REQUIRE(surf != NULL);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    REQUIRE(r != NULL);
    char *dir = im_source_path("fonts");
    char err[256] = "";
    ui_text *t = ui_text_create(r, dir, err, sizeof err);
    free(dir);
    if (!t)
        fprintf(stderr, "ui_text_create: %s\n", err);
    REQUIRE(t != NULL);
    test_sentences(t, surf, r);
    test_missing_is_one_box(t);
    test_direction(t);
    test_cjk_wrap(t);
    test_fit(t);
    test_lazy_fallback();
    ui_text_destroy(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    SDL_Quit();
    return im_check_done();
}
