#define _POSIX_C_SOURCE 200809L
/*
 * test_field_ime.c -- text fields of the real app (headless, the gallery's
 * "Name" line and "Notes" editor) with what input methods and keyboards
 * send beyond plain typing:
 *  - a long composition (64 bytes and more: Japanese, a Hindi phrase),
 *    which SDL delivers as one SDL_TEXTEDITING_EXT with a heap copy when
 *    SDL_HINT_IME_SUPPORT_EXTENDED_TEXT is on (a plain SDL_TEXTEDITING
 *    holds only 32 bytes): the app the harness starts has the hint on, as
 *    every app does (ui_app_create sets it), so the composition arrives
 *    whole, and is drawn whole in place, with the
 *    IME's cursor inside it past byte 32, not text until committed, then
 *    committed in several SDL_TEXTINPUT pieces as SDL splits long text;
 *    replaced by a shorter one, and cancelled by losing focus;
 *  - the arrow keys in right-to-left text move the caret visually: Left
 *    goes left on screen, which in Hebrew is logically forward, a grapheme
 *    at a time, and Ctrl+Left a word; in the editor the same on a
 *    right-aligned Hebrew line.
 */
#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "app_harness.h"
#include "check.h"
#include "input/textedit.h"
#include "widgets/textfield.h"

static th_app h;
static ui_app *app; /* th_app_ui(&h): the same app throughout (no step restarts it) */

static void step(const char *line) { CHECK(th_app_step(&h, line) == 0); }

static int drawn(const char *needle) { return th_app_drawn(&h, needle); }

/* The caret as drawn: the thin rectangle in the primary colour inside the
 * focused field (x, or -1 when none is drawn). */
static int caret_x(ui_widget *field)
{
    ui_rgba p = ui_color(&app->ctx, UI_C_PRIMARY);
    int w = ui_pt(&app->ctx, 2);
    for (size_t i = 0; i < app->dl.count; i++) {
        const ui_cmd *c = &app->dl.cmds[i];
        if (c->kind == UI_CMD_RECT && c->r.w == w && c->color.r == p.r && c->color.g == p.g &&
            c->color.b == p.b && c->r.x >= field->rect.x && c->r.x <= field->rect.x + field->rect.w &&
            c->r.y >= field->rect.y && c->r.y <= field->rect.y + field->rect.h)
            return c->r.x;
    }
    return -1;
}

/* What SDL sends for a composition (SDL_SendEditingText in SDL 2.26's
 * SDL_keyboard.c, which every input-method back end calls): with
 * SDL_HINT_IME_SUPPORT_EXTENDED_TEXT on, text of 32 bytes or more as one
 * SDL_TEXTEDITING_EXT holding a heap copy; else a plain SDL_TEXTEDITING
 * holding what fits of it (31 bytes, cut on a character boundary).  SDL
 * reads the hint at each composition, so the app's hint decides here. */
static void push_editing(const char *text, int start)
{
    SDL_Event e;
    SDL_zero(e);
    if (SDL_GetHintBoolean(SDL_HINT_IME_SUPPORT_EXTENDED_TEXT, SDL_FALSE) &&
        strlen(text) >= sizeof e.edit.text) {
        e.type = SDL_TEXTEDITING_EXT;
        e.editExt.text = SDL_strdup(text); /* the app frees it */
        e.editExt.start = start;
        e.editExt.length = 0;
    } else {
        e.type = SDL_TEXTEDITING;
        SDL_utf8strlcpy(e.edit.text, text, sizeof e.edit.text);
        e.edit.start = start;
        e.edit.length = 0;
    }
    SDL_PushEvent(&e);
}

/* A commit as SDL sends long text: pieces of under 32 bytes, each ending
 * on a character boundary. */
static void push_commit(const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        size_t k = n - i < 31 ? n - i : 31;
        while (i + k < n && ((unsigned char)text[i + k] & 0xC0) == 0x80)
            k--;
        SDL_Event e;
        SDL_zero(e);
        e.type = SDL_TEXTINPUT;
        memcpy(e.text.text, text + i, k);
        SDL_PushEvent(&e);
        i += k;
    }
}

/* にほんごのにゅうりょくはながいです。今日は。 (66 bytes) */
#define JA_LONG                                                                                              \
    "\xE3\x81\xAB\xE3\x81\xBB\xE3\x82\x93\xE3\x81\x94\xE3\x81\xAE\xE3\x81\xAB\xE3\x82\x85\xE3\x81\x86"       \
    "\xE3\x82\x8A\xE3\x82\x87\xE3\x81\x8F\xE3\x81\xAF\xE3\x81\xAA\xE3\x81\x8C\xE3\x81\x84\xE3\x81\xA7"       \
    "\xE3\x81\x99\xE3\x80\x82\xE4\xBB\x8A\xE6\x97\xA5\xE3\x81\xAF\xE3\x80\x82"
/* नमस्ते दुनिया, आज (a Hindi phrase, 49 bytes) */
#define HI_LONG                                                                                              \
    "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87 \xE0\xA4\xA6\xE0\xA5\x81"      \
    "\xE0\xA4\xA8\xE0\xA4\xBF\xE0\xA4\xAF\xE0\xA4\xBE, \xE0\xA4\x86\xE0\xA4\x9C"

static void test_long_composition(void)
{
    CHECK(SDL_GetHintBoolean(SDL_HINT_IME_SUPPORT_EXTENDED_TEXT, SDL_FALSE)); /* the app set it */
    step("scroll-to \"Name\"");
    step("tap \"Name\"");
    ui_widget *name = app->ctx.focus;
    REQUIRE(name != NULL && name->cls == &ui_field_class);
    ui_field_set_text(name, &app->ctx, "A: ");
    im_textedit_set_caret(ui_field_edit(name), 3, 0);
    REQUIRE(strlen(JA_LONG) >= 64);
    /* the IME's cursor after the 20th character: byte 60, past 32 */
    push_editing(JA_LONG, 20);
    step("wait 0.1");
    CHECK(strcmp(ui_field_text(name), "A: ") == 0); /* not text yet */
    CHECK(strcmp(im_textedit_preedit(ui_field_edit(name)), JA_LONG) == 0);
    CHECK(im_textedit_preedit_cursor(ui_field_edit(name)) == 60);
    CHECK(drawn("A: " JA_LONG)); /* drawn whole, in place */
    /* a shorter composition replaces it */
    push_editing(HI_LONG, 3);
    step("wait 0.1");
    CHECK(strcmp(im_textedit_preedit(ui_field_edit(name)), HI_LONG) == 0);
    CHECK(drawn("A: " HI_LONG) && !drawn(JA_LONG));
    /* committed in pieces: the whole phrase is text, the composition gone */
    push_commit(HI_LONG);
    step("wait 0.1");
    CHECK(strcmp(ui_field_text(name), "A: " HI_LONG) == 0);
    CHECK(strcmp(im_textedit_preedit(ui_field_edit(name)), "") == 0);
    /* a composition left open when focus goes is dropped, not committed */
    push_editing(JA_LONG, 0);
    step("wait 0.1");
    CHECK(drawn(JA_LONG));
    step("tap \"Toolkit\"");
    CHECK(strcmp(ui_field_text(name), "A: " HI_LONG) == 0);
    CHECK(!drawn(JA_LONG));
}

/* שלום עולם: two Hebrew words, 2 bytes a letter. */
#define HE "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D"

static void test_rtl_arrows(const char *label, int editor)
{
    char buf[64];
    snprintf(buf, sizeof buf, "scroll-to \"%s\"", label);
    step(buf);
    snprintf(buf, sizeof buf, "tap \"%s\"", label);
    step(buf);
    ui_widget *f = app->ctx.focus;
    REQUIRE(f != NULL && f->cls == &ui_field_class);
    im_textedit *te = ui_field_edit(f);
    ui_field_set_text(f, &app->ctx, HE);
    im_textedit_set_caret(te, 0, 0); /* logical start: the right end of the Hebrew */
    step("wait 0.05");
    int x0 = caret_x(f);
    step("key Left");
    CHECK(im_textedit_caret(te) == 2); /* one letter logically forward */
    int x1 = caret_x(f);
    if (!(x1 >= 0 && x1 < x0))
        fprintf(stderr, "  %s: Left moved the caret from x %d to %d\n", label, x0, x1);
    CHECK(x1 >= 0 && x1 < x0); /* and to the left on screen */
    step("key Left");
    CHECK(im_textedit_caret(te) == 4);
    CHECK(caret_x(f) < x1);
    step("key Right");
    CHECK(im_textedit_caret(te) == 2);
    CHECK(caret_x(f) == x1);
    step("key Right");
    step("key Right"); /* at the logical start: stays */
    CHECK(im_textedit_caret(te) == 0);
    step("key Ctrl+Left"); /* a word: past שלום */
    size_t after_word = im_textedit_caret(te);
    CHECK(after_word == 8 || after_word == 9);
    CHECK(caret_x(f) < x1);
    step("key Shift+Left"); /* selecting moves visually too */
    size_t s0, s1;
    im_textedit_selection(te, &s0, &s1);
    CHECK(s0 == after_word && s1 > after_word);
    if (editor) {
        /* the Hebrew line is right-aligned: its logical start is near the
         * field's right edge */
        step("key Home");
        int x = caret_x(f);
        if (!(x > f->rect.x + f->rect.w / 2))
            fprintf(stderr, "  the editor's caret at x %d, the field %d..%d\n", x, f->rect.x,
                    f->rect.x + f->rect.w);
        CHECK(x > f->rect.x + f->rect.w / 2);
    }
    step("tap \"Toolkit\"");
}

int main(void)
{
    /* SDL reads a hint's environment variable first: without it, the hint
     * is on only if the app sets it. */
    unsetenv("SDL_IME_SUPPORT_EXTENDED_TEXT");
    th_app_prepare(&h, "field-ime");
    h.opt.scale = 2.0f; /* the caret and the right-aligned line are measured in pixels */
    h.opt.gallery = 1;
    th_app_start(&h);
    app = th_app_ui(&h);
    step("tap \"Gallery\"");
    test_long_composition();
    test_rtl_arrows("Name", 0);
    test_rtl_arrows("Notes", 1);
    th_app_finish(&h);
    return im_check_done();
}
