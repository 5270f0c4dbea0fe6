/*
 * test_leave_large.c -- Settings -> "Leave the couple space" at 200 % text
 * on a 360x640 and a 390x844 phone, both cases (another member stays: the
 * owner with Alex linked; the owner is the last member): "Stay in the
 * couple space" and the leave button show whole, their words on at most
 * two lines, with room beside them (widgets/basic.c: button_side_pad keeps
 * 16 pt when a label wraps, giving way to 4 pt only in a slot too narrow
 * for its words).
 * The walk with screenshots is tests/gates/scripts/couple_leave_large.txt.
 * Fails on main: the two buttons shared one line, each words one a line
 * (four lines), and "End Together and erase it" and "Erase my answers and
 * leave" had their words 4 pt from the outline at 360x640, 5-6 pt at
 * 390x844.
 */
#include <stdio.h>
#include <string.h>

#include "app_harness.h"
#include "check.h"
#include "innermost/couple_space.h"
#include "innermost/people.h"
#include "innermost/vault.h"
#include "render/metrics.h"
#include "vault_fixture.h"
#include "widgets/widget.h"

#define ALEX_PASS "alex keeps a quiet notebook"
#define STAY "Stay in the couple space"

static th_app h;

static void step(const char *line) { REQUIRE(th_app_step(&h, line) == 0); }

typedef struct hit {
    const char *want;
    ui_rect r;
    int n;
} hit;

static void match(void *p, ui_widget *w, const char *label, ui_rect vis, int enabled)
{
    hit *t = p;
    (void)vis;
    if (!enabled || strcmp(label, t->want) != 0)
        return;
    t->r = w->rect;
    t->n++;
}

/* The words drawn inside the button labelled label are on at most two
 * lines and keep at least 10 pt from its left and right sides (16 pt is
 * asked when it wraps; a line can come out a few pixels wider than the
 * wrapper measured it, so not 16; below 10 the padding gave way). */
static void words_padded(const char *label, const char *where)
{
    ui_app *app = th_app_ui(&h);
    ui_rect screen = {0, 0, app->ctx.metrics.width_px, app->ctx.metrics.height_px};
    hit t = {label, {0, 0, 0, 0}, 0};
    ui_widget_each_label(ui_app_input_root(app), &app->ctx, screen, match, &t);
    REQUIRE(t.n == 1);
    int pad = ui_dp(&app->ctx, 10), runs = 0, least = t.r.w;
    for (size_t i = 0; i < app->dl.count; i++) {
        const ui_cmd *k = &app->dl.cmds[i];
        int cy = k->r.y + k->r.h / 2, cx = k->r.x + k->r.w / 2;
        if (k->kind != UI_CMD_TEXT || cy < t.r.y || cy >= t.r.y + t.r.h || cx < t.r.x || cx >= t.r.x + t.r.w)
            continue;
        runs++;
        int left = k->r.x - t.r.x, right = t.r.x + t.r.w - (k->r.x + k->r.w);
        if (left < least)
            least = left;
        if (right < least)
            least = right;
    }
    if (!runs || runs > 2 || least < pad)
        fprintf(stderr, "%s: \"%s\" (%d px wide): %d runs, words %d px from its side (want %d)\n", where,
                label, t.r.w, runs, least, pad);
    CHECK(runs > 0 && runs <= 2 && least >= pad);
}

/* The leave page from Settings at 200 % on a w x h window: its buttons
 * whole and padded. */
static void walk(int w, int hgt, const char *leave)
{
    char line[128], where[64];
    snprintf(line, sizeof line, "resize %d %d", w, hgt);
    step(line);
    step("wait 1");
    step("scroll-to \"Leave the couple space\"");
    step("tap \"Leave the couple space\"");
    step("wait 1");
    step("expect-no-overlap");
    step("expect-fits");
    snprintf(line, sizeof line, "scroll-to \"%s\"", leave);
    step(line);
    step("swipe up");
    step("expect-whole \"" STAY "\"");
    snprintf(line, sizeof line, "expect-whole \"%s\"", leave);
    step(line);
    step("expect-no-overlap");
    step("expect-fits");
    snprintf(where, sizeof where, "%dx%d", w, hgt);
    words_padded(STAY, where);
    words_padded(leave, where);
    step("tap \"Back\"");
}

/* The owner's folder with the couple space (Alex linked when linked), the
 * app unlocked on it at 200 % text. */
static void start(const char *tag, int linked)
{
    th_app_prepare(&h, tag);
    im_vault *owner = th_vault_create(h.data, NULL, NULL), *space = NULL;
    im_kdf_params min = im_kdf_params_min();
    char code[IM_RECOVERY_CODE_SIZE];
    if (linked)
        REQUIRE(im_people_add(owner, ALEX_PASS, &min, code) == IM_OK);
    REQUIRE(im_couple_space_create(h.data, owner, &space) == IM_OK);
    if (linked)
        REQUIRE(im_couple_space_join_person(space, h.data, ALEX_PASS, &min) == IM_OK);
    im_vault_close(space);
    im_vault_close(owner);
    th_app_start(&h);
    th_app_unlock(&h, NULL);
    step("tap \"Settings\"");
    step("scroll-to \"200%\"");
    step("tap \"200%\"");
}

int main(void)
{
    im_process_harden();
    start("leave-large-linked", 1);
    step("scroll-to \"Leave the couple space\"");
    step("tap \"Leave the couple space\"");
    step("expect \"the couple space stays with them\"");
    step("tap \"Back\"");
    walk(360, 640, "Erase my answers and leave");
    walk(390, 844, "Erase my answers and leave");
    th_app_finish(&h);

    start("leave-large-ends", 0);
    step("scroll-to \"Leave the couple space\"");
    step("tap \"Leave the couple space\"");
    step("expect \"Together ends on this device\"");
    step("tap \"Back\"");
    walk(360, 640, "End Together and erase it");
    walk(390, 844, "End Together and erase it");
    th_app_finish(&h);
    return im_check_done();
}
