#define _POSIX_C_SOURCE 200809L
/*
 * test_ui_bare_bar.c -- a bar holding nothing but the title (no Back, no
 * actions) over a large title of two lines: at 200 % text on a 360x640
 * phone, first run's "Check your copy".  The page is scrolled a few
 * points at a time from its top past the title; at each offset, wherever
 * the large title has begun to go (its top above the bar's bottom: cut),
 * the bar shows its one-line copy, drawn inside the bar; and once the
 * large title's first line has gone, the bar is whole and its copy
 * opaque.  On main the bar stayed away until the title's last line was a
 * bar's height from the top: "Check your" cut mid-line at the screen's
 * top, no bar (tests/screenshots/shell.txt, shell-04-check-code at
 * 360x640 and 200 %, the code field focused).  The real app, headless
 * (the harness), read from its widget tree and draw list.
 */
#include <string.h>

#include "app/screen.h"
#include "app_harness.h"
#include "check.h"
#include "input/scroll.h"
#include "widgets/scrollview.h"

#define TITLE "Check your copy"
#define BAR_PT 56 /* frame.c's HEADER_PT */

static ui_widget *find_class(ui_widget *w, const char *name)
{
    if (!w)
        return NULL;
    if (w->cls && w->cls->name && !strcmp(w->cls->name, name))
        return w;
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        ui_widget *f = find_class(ch, name);
        if (f)
            return f;
    }
    return NULL;
}

/* The largest size any piece of the title is drawn at: the large one's. */
static int title_px(const ui_app *app)
{
    int most = 0;
    for (size_t i = 0; i < app->dl.count; i++) {
        const ui_cmd *c = &app->dl.cmds[i];
        if (c->kind == UI_CMD_TEXT && c->text_len >= 3 &&
            !strncmp(TITLE, ui_drawlist_text(&app->dl, c), (size_t)c->text_len) && c->px > most)
            most = c->px;
    }
    return most;
}

/* The alpha of the most opaque piece of the title drawn smaller than
 * large_px (the bar's copy) with some of it inside the bar (it slides in
 * with the bar, clipped to it), 0 when none is. */
static int bar_copy_alpha(const ui_app *app, ui_rect bar, int large_px)
{
    int best = 0;
    for (size_t i = 0; i < app->dl.count; i++) {
        const ui_cmd *c = &app->dl.cmds[i];
        if (c->kind != UI_CMD_TEXT || c->text_len < 3 || c->px >= large_px)
            continue;
        const char *s = ui_drawlist_text(&app->dl, c);
        if (strncmp(TITLE, s, (size_t)c->text_len) != 0)
            continue; /* not the title's first words */
        int top = c->r.y > bar.y ? c->r.y : bar.y;
        int bottom = c->r.y + c->r.h < bar.y + bar.h ? c->r.y + c->r.h : bar.y + bar.h;
        if (bottom <= top)
            continue; /* not in the bar */
        if (c->color.a > best)
            best = c->color.a;
    }
    return best;
}

/* How many offsets a sweep saw the large title cut, and its first line gone. */
struct sweep {
    int cut, whole;
};

/* Scrolls the page from its top a few points at a time to its end,
 * checking the bar at each offset (the file's comment). */
static struct sweep sweep(th_app *h, ui_widget *page, ui_widget *bar, ui_widget *title)
{
    ui_app *app = th_app_ui(h);
    ui_ctx *c = &app->ctx;
    struct sweep seen = {0, 0};
    im_scroller *s = ui_scroll_scroller(page);
    REQUIRE(s != NULL);
    im_scroller_scroll_to(s, 0, c->now_ms);
    ui_ctx_start_ticker(c, page);
    ui_ctx_relayout(c);
    REQUIRE(th_app_step(h, "wait 0.5") == 0);
    int full = ui_dp(c, BAR_PT), title_top0 = title->rect.y, line = title->rect.h / 2,
        large_px = title_px(app);
    double max = im_scroller_max(s);
    REQUIRE(max * c->metrics.scale > title_top0 + line / 2); /* the title can be cut */
    for (int off_pt = 0; off_pt <= (int)max; off_pt += 2) {
        im_scroller_scroll_to(s, off_pt, c->now_ms);
        ui_ctx_start_ticker(c, page); /* it moves as a reveal's scroll does */
        ui_ctx_relayout(c);
        REQUIRE(th_app_step(h, "wait 0.5") == 0);
        int off = (int)(im_scroller_offset(s) * c->metrics.scale + 0.5);
        int large_top = title_top0 - off; /* where the large title's top is */
        int bar_bottom = bar->rect.y + bar->rect.h;
        int alpha = bar_copy_alpha(app, bar->rect, large_px);
        if (large_top < bar_bottom || large_top < 0) {
            /* the large title is cut: the bar shows the title */
            seen.cut++;
            CHECK(alpha > 0);
            if (alpha == 0)
                fprintf(stderr,
                        "scrolled %d pt: the large title cut at %d px, no copy in the bar (%d px tall)\n",
                        off_pt, large_top, bar->rect.h);
        }
        if (large_top + line <= 0) {
            /* its first line gone: the bar whole, its copy opaque */
            seen.whole++;
            CHECK(bar->rect.h == full && alpha == 255);
            if (bar->rect.h != full || alpha != 255)
                fprintf(stderr, "scrolled %d pt: first line gone, the bar %d px of %d, its copy's alpha %d\n",
                        off_pt, bar->rect.h, full, alpha);
        }
    }
    return seen;
}

int main(void)
{
    th_app h;
    th_app_prepare(&h, "ui-bare-bar");
    h.opt.width_pt = 360;
    h.opt.height_pt = 640;
    th_app_start(&h);
    ui_app *app = th_app_ui(&h);
    ui_app_set_text_scale(app, 2.0f);
    static const char *const steps[] = {"wait 0.2",
                                        "scroll-to \"Get started\"",
                                        "tap \"Get started\"",
                                        "scroll-to \"Passphrase\"",
                                        "tap \"Passphrase\"",
                                        "type \"river stone lamp\"",
                                        "scroll-to \"Type it again\"",
                                        "tap \"Type it again\"",
                                        "type \"river stone lamp\"",
                                        "scroll-to \"Create my private space\"",
                                        "tap \"Create my private space\"",
                                        "wait 2",
                                        "scroll-to \"I have written it down\"",
                                        "tap \"I have written it down\"",
                                        "wait 1"};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        REQUIRE(th_app_step(&h, steps[i]) == 0);
    ui_screen *top = ui_nav_top(app);
    ui_widget *title = find_class(top ? top->root : NULL, "frame-title");
    ui_widget *bar = find_class(top ? top->root : NULL, "header");
    ui_widget *page = NULL;
    for (ui_widget *w = top && top->root ? top->root->first : NULL; w; w = w->next)
        if (w->cls == &ui_scroll_class)
            page = w;
    REQUIRE(title && bar && page && title->label && !strcmp(title->label, TITLE));
    ui_ctx *c = &app->ctx;
    /* at the top: the large title (two lines at 200 %) and no bar */
    REQUIRE(th_app_step(&h, "wait 0.5") == 0);
    CHECK(bar->rect.h == 0);
    CHECK(title->rect.h >= 2 * ui_pt(c, 30)); /* two lines of the large title */
    struct sweep at640 = sweep(&h, page, bar, title);
    /* the page scrolls little here (64 pt): the title cut, never gone */
    CHECK(at640.cut > 10);
    /* a shorter window, so the page scrolls the title away */
    REQUIRE(th_app_step(&h, "resize 360 520") == 0);
    REQUIRE(th_app_step(&h, "wait 0.5") == 0);
    struct sweep at520 = sweep(&h, page, bar, title);
    CHECK(at520.cut > 10 && at520.whole > 10);
    th_app_finish(&h);
    return im_check_done();
}
