/*
 * test_a11y_text.c -- where a text's characters are, as the accessibility
 * tree gives them (a11y/tree.h invariant 6: ui_class.char_boxes, the
 * node's boxes), which the AT-SPI bridge turns into GetCharacterExtents,
 * GetRangeExtents and GetOffsetAtPoint for Orca's flat review, mouse review
 * and caret tracking.
 *
 * Fields are made here, on the real app's context (its fonts, its scale),
 * placed in a column of their own and snapshotted as a screen.  Each box
 * is held to what the field itself computes for its caret
 * (ui_text_caret_x, the editor's own caret positions, at the field's own
 * scroll) and to the renderer's hit test (ui_text_offset_at), which are
 * other code paths than the one giving the boxes:
 *  - left-to-right: boxes follow each other without gap, each from the
 *    caret before the character to the caret after it;
 *  - a Hebrew run inside English and an Arabic word: drawn right to left,
 *    so along the text the boxes go leftwards; an Arabic paragraph in the
 *    editor starts at the box's right edge;
 *  - the editor's wrapped lines: the boxes go down a line where the text
 *    wraps, and start again at the left;
 *  - the caret the editor places itself (what it hands the IME) at every
 *    offset of a wrapped English and a wrapped Hebrew paragraph: at the
 *    box's leading edge, on its row;
 *  - a single line scrolled to keep the caret in sight: every box moves
 *    left by the same amount, the first ones out of the box;
 *  - an emoji ZWJ family: one box for its five code points, one step;
 *    a flag's two regional indicators one box too;
 *  - a passphrase shown in clear: the boxes of its bullets, never of its
 *    glyphs (they would tell "iii" from "WWW");
 *  - a label's words have boxes too, and a screen's title, whose line cut
 *    before an ellipsis has none;
 *  - the phones' per-unit rectangles (mobile.h: Android's character
 *    location, iOS's range frames) count UTF-16 units, a surrogate pair's
 *    two sharing its character's box.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "a11y/mobile.h"
#include "a11y/tree.h"
#include "app_harness.h"
#include "check.h"
#include "render/text.h"
#include "widgets/basic.h"
#include "widgets/frame.h"
#include "widgets/textfield.h"

static ui_ctx *ctx;
static ui_widget *root;

#define W 390
#define H 844

/* A snapshot of root as the one screen shown. */
static ui_a11y_tree *snapshot(void)
{
    ui_widget_place(root, ctx, (ui_rect){0, 0, W, H});
    ui_a11y_input in;
    memset(&in, 0, sizeof in);
    in.screen = root;
    in.title = "Text";
    in.ctx = ctx;
    in.screen_rect = (ui_rect){0, 0, W, H};
    in.to_screen = 1.0f;
    ui_a11y_tree *t = ui_a11y_tree_build(&in, NULL);
    REQUIRE(t != NULL);
    return t;
}

static const ui_a11y_node *node(const ui_a11y_tree *t, const char *name)
{
    int i = ui_a11y_tree_find(t, 0, name, UI_A11Y_ROLE_NONE);
    REQUIRE(i > 0);
    return &t->nodes[i];
}

/* The byte offset of code point k of s. */
static int byte_of(const char *s, int k)
{
    int i = 0;
    for (int n = 0; s[i] && n < k; n++) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

static int chars_of(const char *s)
{
    int k = 0;
    for (; *s; s++)
        k += ((unsigned char)*s & 0xC0) != 0x80;
    return k;
}

/* Every box of n lies inside its bounds (vertically always; across too
 * unless scrolled) and has the field's line height; all are known. */
static void check_whole(const ui_a11y_node *n, int across)
{
    CHECK(n->box_first == 0);
    CHECK(n->box_count == n->text_chars + 1); /* every character, and the end */
    for (int i = 0; i < n->box_count; i++) {
        ui_rect r = n->boxes[i];
        CHECK(r.w >= 0 && r.h > 0);
        CHECK(r.y >= n->bounds.y && r.y + r.h <= n->bounds.y + n->bounds.h);
        if (across)
            CHECK(r.x >= n->bounds.x && r.x + r.w <= n->bounds.x + n->bounds.w);
    }
}

/* The field's own caret x at byte offset off of its one line, from where
 * its text starts: box x of character 0 (left to right) minus caret x 0. */
static int caret_x(const char *s, int off)
{
    return ui_text_caret_x(ctx->text, UI_FACE_REGULAR, ui_pt(ctx, 16), s, -1, off);
}

static void left_to_right(ui_widget *f, const char *s)
{
    ui_a11y_tree *t = snapshot();
    const ui_a11y_node *n = node(t, "Line");
    REQUIRE(n->text_chars == chars_of(s) && n->box_count > 0);
    check_whole(n, 1);
    int x0 = n->boxes[0].x - caret_x(s, 0);
    for (int i = 0; i < n->text_chars; i++) {
        ui_rect r = n->boxes[i], next = n->boxes[i + 1];
        CHECK(r.y == n->boxes[0].y);
        CHECK(r.w > 0);
        CHECK(next.x == r.x + r.w); /* no gap, no overlap */
        /* from the caret before it to the caret after it */
        CHECK(r.x == x0 + caret_x(s, byte_of(s, i)));
        CHECK(r.x + r.w == x0 + caret_x(s, byte_of(s, i + 1)));
        /* the renderer's hit test at its centre: this character */
        int at = ui_text_offset_at(ctx->text, UI_FACE_REGULAR, ui_pt(ctx, 16), s, -1, r.x + r.w / 2 - x0 - 1);
        CHECK(at == byte_of(s, i));
    }
    CHECK(n->boxes[n->text_chars].w == 0); /* the end: where the caret goes */
    (void)f;
    ui_a11y_tree_free(t);
}

/* A Hebrew run inside English: its letters are drawn right to left. */
static void hebrew_run(ui_widget *f)
{
    const char *s = "abc \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D def"; /* abc שלום def */
    ui_field_set_text(f, ctx, s);
    ui_a11y_tree *t = snapshot();
    const ui_a11y_node *n = node(t, "Line");
    REQUIRE(n->text_chars == 12);
    check_whole(n, 1);
    const ui_rect *b = n->boxes;
    for (int i = 4; i < 7; i++) {
        CHECK(b[i].w > 0);
        CHECK(b[i + 1].x + b[i + 1].w == b[i].x); /* the next letter is to its left */
    }
    /* the run sits between "abc " and " def", the English in order */
    CHECK(b[0].x < b[1].x && b[1].x < b[2].x);
    CHECK(b[7].x >= b[3].x + b[3].w && b[4].x + b[4].w <= b[8].x);
    CHECK(b[9].x > b[8].x && b[10].x > b[9].x);
    ui_a11y_tree_free(t);
}

/* An Arabic word (joined letters) in the line and in the editor. */
static void arabic(ui_widget *line, ui_widget *ed)
{
    const char *s = "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"; /* مرحبا */
    ui_field_set_text(line, ctx, s);
    ui_field_set_text(ed, ctx, s);
    ui_a11y_tree *t = snapshot();
    const ui_a11y_node *n = node(t, "Line"), *e = node(t, "Editor");
    REQUIRE(n->text_chars == 5 && e->text_chars == 5);
    check_whole(n, 1);
    check_whole(e, 1);
    for (int i = 0; i + 1 < 5; i++) {
        CHECK(n->boxes[i].w > 0);
        CHECK(n->boxes[i + 1].x + n->boxes[i + 1].w == n->boxes[i].x);
        CHECK(e->boxes[i + 1].x + e->boxes[i + 1].w == e->boxes[i].x);
    }
    /* a right-to-left paragraph starts at the editor's right: its first
     * letter's right edge is in the right half, the line field's (a line
     * field keeps its text at its start, the left) in the left half */
    CHECK(e->boxes[0].x + e->boxes[0].w > e->bounds.x + e->bounds.w / 2);
    CHECK(n->boxes[0].x + n->boxes[0].w < n->bounds.x + n->bounds.w / 2);
    /* the end (the caret after the last letter) is at the left of the word */
    CHECK(e->boxes[5].x == e->boxes[4].x);
    ui_a11y_tree_free(t);
}

/* The editor wraps: boxes go down a line and start again at the left. */
static void wrapped(ui_widget *ed)
{
    const char *s = "The lantern was lit at dusk and the path down to the water was quiet, "
                    "the reeds still, the boats drawn up on the stones for the night.";
    ui_field_set_text(ed, ctx, s);
    ui_a11y_tree *t = snapshot();
    const ui_a11y_node *e = node(t, "Editor");
    REQUIRE(e->text_chars == chars_of(s));
    check_whole(e, 1);
    int lines = 1, lh = e->boxes[0].h;
    for (int i = 0; i + 1 < e->box_count; i++) {
        ui_rect a = e->boxes[i], b = e->boxes[i + 1];
        if (b.y == a.y) {
            CHECK(b.x >= a.x + a.w); /* along the line */
        } else {
            CHECK(b.y == a.y + lh); /* down one line... */
            CHECK(b.x < a.x);       /* ...back at the left */
            CHECK(b.x == e->boxes[0].x);
            lines++;
        }
    }
    CHECK(lines >= 3);

    /* only the lines shown: asked for the second line alone, the widget
     * gives its characters, from the first of them, as they are in the whole */
    int second = 1;
    while (second < e->text_chars && e->boxes[second].y == e->boxes[0].y)
        second++;
    ui_rect out[200];
    int first = -1;
    int got =
        ed->cls->char_boxes(ed, ctx, (ui_rect){0, e->boxes[second].y + 1, W, lh - 2}, &first, out, NULL, 200);
    CHECK(first == second && got > 5);
    for (int k = 0; k < got && first >= 0; k++) {
        CHECK(!memcmp(&out[k], &e->boxes[first + k], sizeof out[k]));
        CHECK(out[k].y == e->boxes[second].y);
    }
    CHECK(e->boxes[first + got].y == e->boxes[second].y + lh); /* the next is on the next line */
    first = -1;
    CHECK(ed->cls->char_boxes(ed, ctx, (ui_rect){0, 0, W, 0}, &first, out, NULL, 200) ==
          0); /* nothing shown */
    ui_a11y_tree_free(t);
}

/* The caret the editor itself places (what it hands the IME,
 * ui_ctx.text_input) stands at the left edge of the character after it in
 * left-to-right text and at the right edge in right-to-left text, on its
 * row -- at every offset of a wrapped English text and of a wrapped
 * Hebrew paragraph (drawn from the box's right edge). */
static ui_rect caret_seen;
static void catch_caret(void *host, int on, ui_rect r)
{
    (void)host;
    if (on)
        caret_seen = r;
}

static void caret_agrees(ui_widget *ed)
{
    static const char *const texts[2] = {
        "The lantern was lit at dusk and the path down to the water was quiet, the reeds still.",
        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D \xD7\x96\xD7\x94 "
        "\xD7\x94\xD7\x95\xD7\x90 \xD7\x98\xD7\xA7\xD7\xA1\xD7\x98 \xD7\x90\xD7\xA8\xD7\x95\xD7\x9A "
        "\xD7\xA9\xD7\x9C \xD7\x9E\xD7\x99\xD7\x9C\xD7\x99\xD7\x9D "
        "\xD7\xA9\xD7\x9E\xD7\xAA\xD7\x92\xD7\x9C\xD7\x92\xD7\x9C\xD7\x95\xD7\xAA "
        "\xD7\xA2\xD7\x9C \xD7\xA4\xD7\xA0\xD7\x99 \xD7\x94\xD7\xA9\xD7\x95\xD7\xA8\xD7\x94 "
        "\xD7\x94\xD7\x91\xD7\x90\xD7\x94",
    };
    void (*was)(void *, int, ui_rect) = ctx->text_input;
    ctx->text_input = catch_caret;
    for (int rtl = 0; rtl < 2; rtl++) {
        const char *s = texts[rtl];
        ui_field_set_text(ed, ctx, s);
        ui_ctx_set_focus(ctx, ed);
        ui_a11y_tree *t = snapshot();
        const ui_a11y_node *e = node(t, "Editor");
        REQUIRE(e->box_count == chars_of(s) + 1);
        int rows = 1, bad = 0;
        for (int k = 0; k < e->text_chars; k++) {
            im_textedit_set_caret(ui_field_edit(ed), (size_t)byte_of(s, k), 0);
            ui_widget_place(root, ctx, (ui_rect){0, 0, W, H});
            ui_rect b = e->boxes[k];
            int edge = rtl ? b.x + b.w : b.x;
            if (caret_seen.y != b.y || caret_seen.x != edge)
                bad++;
            if (k > 0 && b.y != e->boxes[k - 1].y)
                rows++;
        }
        CHECK(bad == 0);
        CHECK(rows >= 2); /* it wrapped */
        if (rtl)
            CHECK(e->boxes[0].x + e->boxes[0].w > e->bounds.x + e->bounds.w / 2); /* from the right */
        ui_a11y_tree_free(t);
        ui_ctx_set_focus(ctx, NULL);
    }
    ctx->text_input = was;
}

/* A long single line with the caret at its end scrolls left: every box
 * moves by the same amount, the first characters out of the box. */
static void scrolled(ui_widget *f)
{
    const char *s = "a long line of words that cannot fit in one field, so it scrolls to its end";
    ui_field_set_text(f, ctx, s);
    ui_a11y_tree *t0 = snapshot(); /* not focused: it shows its start */
    ui_ctx_set_focus(ctx, f);
    im_textedit_set_caret(ui_field_edit(f), strlen(s), 0);
    ui_a11y_tree *t1 = snapshot();
    const ui_a11y_node *a = node(t0, "Line"), *b = node(t1, "Line");
    REQUIRE(a->box_count == b->box_count && a->box_count == chars_of(s) + 1);
    check_whole(a, 0);
    check_whole(b, 0);
    int shift = a->boxes[0].x - b->boxes[0].x;
    CHECK(shift > 0);
    for (int i = 0; i < a->box_count; i++) {
        CHECK(a->boxes[i].x - b->boxes[i].x == shift);
        CHECK(a->boxes[i].w == b->boxes[i].w);
    }
    CHECK(a->boxes[0].x >= a->bounds.x);      /* unscrolled: from the start */
    CHECK(b->boxes[0].x < b->bounds.x);       /* scrolled: out at the left */
    ui_rect end = b->boxes[b->box_count - 1]; /* the caret */
    CHECK(end.x > b->bounds.x && end.x < b->bounds.x + b->bounds.w);
    ui_a11y_tree_free(t0);
    ui_a11y_tree_free(t1);
    ui_ctx_set_focus(ctx, NULL);
}

/* An emoji ZWJ family is one user-perceived character: one box, one step. */
static void zwj(ui_widget *f)
{
    /* a, woman ZWJ woman ZWJ girl, b: seven code points, three characters */
    const char *s = "a\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"
                    "b";
    ui_field_set_text(f, ctx, s);
    ui_a11y_tree *t = snapshot();
    const ui_a11y_node *n = node(t, "Line");
    REQUIRE(n->text_chars == 7);
    check_whole(n, 1);
    const ui_rect *b = n->boxes;
    CHECK(b[1].w > 0);
    for (int i = 2; i <= 5; i++)
        CHECK(!memcmp(&b[i], &b[1], sizeof b[1]));
    /* ...and its parts are marked as joining it: a reader steps over them */
    REQUIRE(n->joins != NULL);
    for (int i = 0; i <= 7; i++)
        CHECK(n->joins[i] == (i >= 2 && i <= 5));
    CHECK(b[1].x == b[0].x + b[0].w);
    CHECK(b[6].x == b[1].x + b[1].w); /* "b" right after it: one step */

    /* the phones count UTF-16 units (a surrogate pair is two): each unit
     * gets its character's box, in screen units (mobile.h) */
    t->window.x = 7;
    t->window.y = 5;
    t->window.to_screen = 2.0f;
    int32_t r[4 * 12];
    int i = (int)(n - t->nodes);
    CHECK(ui_a11y_mobile_char_rects(t, i, 0, 12, r, sizeof r / sizeof r[0]) == 12);
    static const int char_of_unit[10] = {0, 1, 1, 2, 3, 3, 4, 5, 5, 6};
    for (int u = 0; u < 10; u++) {
        ui_rect want = b[char_of_unit[u]];
        CHECK(r[4 * u] == 7 + 2 * want.x && r[4 * u + 1] == 5 + 2 * want.y);
        CHECK(r[4 * u + 2] == 2 * want.w && r[4 * u + 3] == 2 * want.h);
    }
    for (int u = 10; u < 12; u++)
        CHECK(r[4 * u + 2] == -1 && r[4 * u + 3] == -1); /* past the text: none */
    CHECK(ui_a11y_mobile_char_rects(t, i, 9, 1, r, 4) == 1 && r[0] == 7 + 2 * b[6].x);
    ui_a11y_tree_free(t);

    /* a flag (two regional indicators, which the shaper leaves apart
     * where no font joins them): one character too */
    s = "x\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7y"; /* x, F R, y */
    ui_field_set_text(f, ctx, s);
    t = snapshot();
    n = node(t, "Line");
    REQUIRE(n->text_chars == 4);
    check_whole(n, 1);
    b = n->boxes;
    CHECK(b[1].w > 0 && !memcmp(&b[2], &b[1], sizeof b[1]));
    CHECK(n->joins[1] == 0 && n->joins[2] == 1 && n->joins[3] == 0);
    CHECK(b[1].x == b[0].x + b[0].w && b[3].x == b[1].x + b[1].w);
    ui_a11y_tree_free(t);
}

/* A passphrase: its bullets' boxes, also when shown in clear. */
static void secret(ui_widget *pw)
{
    ui_field_set_text(pw, ctx, "iiiWWW");
    ui_a11y_tree *t0 = snapshot();
    ui_field_show_clear(pw, ctx, 1);
    CHECK(ui_text_measure(ctx->text, UI_FACE_REGULAR, ui_pt(ctx, 16), "iii", 3) <
          ui_text_measure(ctx->text, UI_FACE_REGULAR, ui_pt(ctx, 16), "WWW", 3)); /* they would differ */
    ui_a11y_tree *t1 = snapshot();
    const ui_a11y_node *a = node(t0, "Passphrase"), *b = node(t1, "Passphrase");
    REQUIRE(a->text == NULL && b->text == NULL && a->box_count == 7 && b->box_count == 7);
    check_whole(a, 1);
    for (int i = 0; i < 6; i++) {
        CHECK(b->boxes[i].w == b->boxes[0].w && b->boxes[i].w > 0); /* all alike */
        CHECK(b->joins[i] == 0);
        CHECK(!memcmp(&a->boxes[i], &b->boxes[i], sizeof a->boxes[i]));
    }
    int32_t r[4 * 6];
    CHECK(ui_a11y_mobile_char_rects(t1, (int)(b - t1->nodes), 0, 6, r, 24) == 6); /* one unit a bullet */
    for (int i = 0; i < 6; i++)
        CHECK(r[4 * i] == b->boxes[i].x && r[4 * i + 2] == b->boxes[i].w);
    ui_field_show_clear(pw, ctx, 0);
    ui_a11y_tree_free(t0);
    ui_a11y_tree_free(t1);
}

/* Words to read: a label's boxes, in its rect. */
static void label(void)
{
    ui_a11y_tree *t = snapshot();
    int i = ui_a11y_tree_find(t, 0, "Read these words", UI_A11Y_ROLE_STATIC_TEXT);
    REQUIRE(i > 0);
    const ui_a11y_node *n = &t->nodes[i];
    CHECK(n->box_first == 0 && n->box_count == 17);
    for (int k = 0; k + 1 < 16; k++)
        CHECK(n->boxes[k + 1].x == n->boxes[k].x + n->boxes[k].w);
    CHECK(n->boxes[0].x == n->bounds.x && n->boxes[0].y == n->bounds.y);
    ui_a11y_tree_free(t);
}

/* A screen's title (frame.c): its characters in the bar; one cut before
 * an ellipsis has boxes only on the lines drawn whole. */
static void title(void)
{
    static const char *const titles[2] = {
        "Journal",
        "Naming what holds you back and the walls that once helped, one by one, slowly, with kindness and "
        "patience",
    };
    for (int k = 0; k < 2; k++) {
        ui_widget *frame = ui_frame_new(titles[k], 0);
        REQUIRE(frame != NULL);
        ui_widget_place(frame, ctx, (ui_rect){0, 0, W, H});
        ui_a11y_input in;
        memset(&in, 0, sizeof in);
        in.screen = frame;
        in.ctx = ctx;
        in.screen_rect = (ui_rect){0, 0, W, H};
        in.to_screen = 1.0f;
        ui_a11y_tree *t = ui_a11y_tree_build(&in, NULL);
        REQUIRE(t != NULL);
        int i = ui_a11y_tree_find(t, 0, titles[k], UI_A11Y_ROLE_HEADING);
        REQUIRE(i > 0);
        const ui_a11y_node *n = &t->nodes[i];
        int chars = chars_of(titles[k]);
        CHECK(n->box_first == 0 && n->box_count > 0);
        if (k == 0)
            CHECK(n->box_count == chars + 1);
        else
            CHECK(n->box_count < chars); /* cut: the drawn lines, the last ending at its break */
        for (int b = 0; b < n->box_count; b++) {
            ui_rect r = n->boxes[b];
            CHECK(r.x >= n->bounds.x && r.x + r.w <= n->bounds.x + n->bounds.w);
            CHECK(r.y >= n->bounds.y && r.y + r.h <= n->bounds.y + n->bounds.h);
        }
        ui_a11y_tree_free(t);
        ui_widget_free(frame);
    }
}

/* The lines a wrap returns, which the boxes are laid out from, stay
 * valid until the next wrap (render/text.h) also when the system fonts
 * come in between: the next shaping then drops the shapes, not the wraps
 * (under ASan a read of the lines after it was a use after free). */
static SDL_sem *fonts_in;
static void on_fonts(void *p)
{
    (void)p;
    SDL_SemPost(fonts_in);
}

static void wraps_outlive_fonts(void)
{
    char *dir = im_source_path("fonts");
    char err[256] = "";
    ui_text *t = ui_text_create(NULL, dir, err, sizeof err);
    REQUIRE(t != NULL);
    fonts_in = SDL_CreateSemaphore(0);
    REQUIRE(fonts_in != NULL);
    ui_text_prefetch_fonts(t, on_fonts, NULL);
    /* with words the bundled faces lack (Chinese, Thai), laid out with
     * placeholders until the fonts come */
    const char *s = "The reeds were still \xE4\xBD\xA0\xE5\xA5\xBD and the boats drawn up "
                    "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5 for the night.";
    ui_lines l = ui_text_wrap(t, UI_FACE_REGULAR, 17, s, 120);
    int before = !ui_text_fonts_ready(t); /* the fonts come after this wrap */
    ui_line saved[32];
    REQUIRE(l.count > 1 && l.count <= 32);
    memcpy(saved, l.lines, (size_t)l.count * sizeof *saved);
    REQUIRE(SDL_SemWaitTimeout(fonts_in, 60000) == 0);
    ui_text_measure(t, UI_FACE_REGULAR, 17, "a word measured between the wrap and its use", -1);
    CHECK(!memcmp(l.lines, saved, (size_t)l.count * sizeof *saved)); /* still there */
    long misses = ui_text_get_stats(t).wrap_misses;
    ui_text_wrap(t, UI_FACE_REGULAR, 17, s, 120);
    if (before)
        CHECK(ui_text_get_stats(t).wrap_misses == misses + 1); /* wrapped again with the fonts */
    printf("fonts came after the wrap: %s\n", before ? "yes" : "no (this run proves nothing of it)");
    ui_text_destroy(t);
    SDL_DestroySemaphore(fonts_in);
    free(dir);
}

/* What the boxes cost a snapshot: a 40-line entry in the editor, the
 * snapshot made with and without text geometry (a context with no text
 * asks for none), printed for the record (CPU time, noisy on a shared
 * machine; callgrind gives the instruction counts). */
static void cost(ui_widget *ed)
{
    char body[8000] = "";
    for (int i = 0; i < 40; i++)
        strcat(body, "The reeds were still and the boats drawn up for the night. ");
    ui_field_set_text(ed, ctx, body);
    ui_widget_place(root, ctx, (ui_rect){0, 0, W, 4000});
    ui_ctx bare = *ctx;
    bare.text = NULL;
    double ms[2] = {0, 0};
    int boxes = 0;
    for (int with = 0; with < 2; with++) {
        ui_a11y_input in;
        memset(&in, 0, sizeof in);
        in.screen = root;
        in.title = "Text";
        in.ctx = with ? ctx : &bare;
        in.screen_rect = (ui_rect){0, 0, W, 4000};
        in.to_screen = 1.0f;
        clock_t t0 = clock();
        for (int k = 0; k < 50; k++) {
            ui_a11y_tree *t = ui_a11y_tree_build(&in, NULL);
            REQUIRE(t != NULL);
            if (with)
                boxes = (int)t->boxes_len;
            ui_a11y_tree_free(t);
        }
        ms[with] = (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC / 50;
    }
    CHECK(boxes > (int)strlen(body));
    printf("snapshot with a %zu-character entry: %.3f ms CPU without boxes, %.3f ms with %d boxes\n",
           strlen(body), ms[0], ms[1], boxes);
    ui_field_set_text(ed, ctx, "");
}

int main(void)
{
    th_app h;
    th_app_prepare(&h, "a11y-text");
    th_app_start(&h);
    ctx = &th_app_ui(&h)->ctx;
    root = ui_column_new(16, 16);
    REQUIRE(root != NULL);
    ui_widget_add(root, ui_label_new("Read these words", UI_TEXT_BODY));
    ui_widget *line = ui_widget_add(root, ui_field_new("Line", UI_FIELD_LINE, 0, 0));
    ui_widget *pw = ui_widget_add(root, ui_field_new("Passphrase", UI_FIELD_PASSWORD, 0, 0));
    ui_widget *ed = ui_widget_add(root, ui_field_new("Editor", UI_FIELD_EDITOR, 0, 0));
    REQUIRE(line && pw && ed);

    const char *hello = "Hello, quiet world";
    ui_field_set_text(line, ctx, hello);
    left_to_right(line, hello);
    hebrew_run(line);
    arabic(line, ed);
    wrapped(ed);
    caret_agrees(ed);
    scrolled(line);
    zwj(line);
    secret(pw);
    label();
    title();
    wraps_outlive_fonts();
    cost(ed);

    ui_ctx_set_focus(ctx, NULL);
    ui_widget_free(root);
    th_app_finish(&h);
    return im_check_done();
}
