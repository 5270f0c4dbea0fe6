#define _POSIX_C_SOURCE 200809L
/*
 * test_ui_tabs.c -- the tab bar keeps every area's name whole and apart at
 * any text size and screen width: each tab label is drawn no narrower than
 * the text it holds (nothing cut off, as "Progr" was at 200 %), the labels
 * do not meet, and they share one size; each tab is at least 48 pt each
 * way with its icon drawn above its label, the label's size follows the
 * text size up to its cap (bigger at 200 % than at 100 %, never below
 * 10 pt), and a tab's accessible name is its label, never the icon.  The
 * real app, headless (the harness), read from its draw list and tree.
 */
#include <string.h>

#include "app/screen.h"
#include "app_harness.h"
#include "check.h"
#include "widgets/frame.h"

static const char *const tabs[] = {"Home", "Path", "Practice", "Journal", "Progress"};
#define NTABS (int)(sizeof tabs / sizeof tabs[0])

/* The draw list's command for tab label t in the bar at the bottom, or
 * NULL. */
static const ui_cmd *tab_label(const ui_app *app, const char *t)
{
    const ui_cmd *found = NULL;
    for (size_t i = 0; i < app->dl.count; i++) {
        const ui_cmd *c = &app->dl.cmds[i];
        const char *s = ui_drawlist_text(&app->dl, c);
        if (c->kind == UI_CMD_TEXT && c->text_len == (int)strlen(t) && !memcmp(s, t, strlen(t)))
            if (!found || c->r.y > found->r.y)
                found = c; /* the lowest: the bar, not a heading */
    }
    return found;
}

/* The bar's icons, as areas.c draws them. */
static const char *const icons[NTABS] = {"\xF0\x9F\x8F\xA0", "\xE2\x9B\x99", "\xE2\x9D\x80", "\xE2\x9C\x8E",
                                         "\xF0\x9F\x93\x88"};

/* The draw list's text command drawing s inside r, or NULL. */
static const ui_cmd *text_in(const ui_app *app, const char *s, ui_rect r)
{
    for (size_t i = 0; i < app->dl.count; i++) {
        const ui_cmd *c = &app->dl.cmds[i];
        if (c->kind != UI_CMD_TEXT || c->text_len != (int)strlen(s))
            continue;
        if (memcmp(ui_drawlist_text(&app->dl, c), s, strlen(s)))
            continue;
        if (c->r.x >= r.x && c->r.x + c->r.w <= r.x + r.w && c->r.y >= r.y && c->r.y + c->r.h <= r.y + r.h)
            return c;
    }
    return NULL;
}

/* Each tab widget: 48 pt or more each way, named by its label, its icon
 * drawn inside it above the label.  Returns the labels' size in px. */
static int check_tab_widgets(th_app *h, const char *when)
{
    ui_app *app = th_app_ui(h);
    ui_screen *top = ui_nav_top(app);
    ui_widget *nav = top && top->root ? ui_frame_nav(top->root) : NULL;
    CHECK(nav != NULL);
    if (!nav)
        return 0;
    int least = ui_dp(&app->ctx, 48), i = 0, px = 0;
    for (ui_widget *t = nav->first; t; t = t->next, i++) {
        CHECK(i < NTABS);
        if (i >= NTABS)
            break;
        CHECK(t->label && !strcmp(t->label, tabs[i])); /* the accessible name: the label alone */
        CHECK(t->rect.w >= least && t->rect.h >= least);
        const ui_cmd *ic = text_in(app, icons[i], t->rect), *lc = text_in(app, tabs[i], t->rect);
        CHECK(ic != NULL && lc != NULL);
        if (!ic || !lc) {
            fprintf(stderr, "%s: tab %s: icon %s, label %s\n", when, tabs[i], ic ? "drawn" : "missing",
                    lc ? "drawn" : "missing");
            continue;
        }
        CHECK(ic->r.y + ic->r.h <= lc->r.y + lc->r.h / 4); /* above it (line boxes may touch) */
        CHECK(lc->px >= ui_dp(&app->ctx, 10));
        px = lc->px;
    }
    CHECK(i == NTABS);
    return px;
}

static void check_tabs(th_app *h, const char *when)
{
    const ui_app *app = th_app_ui(h);
    const ui_cmd *c[NTABS];
    for (int i = 0; i < NTABS; i++) {
        c[i] = tab_label(app, tabs[i]);
        CHECK(c[i] != NULL);
        if (!c[i])
            return;
        int whole = ui_text_measure(app->ctx.text, c[i]->face, c[i]->px, tabs[i], -1);
        CHECK(c[i]->r.w >= whole); /* drawn whole, not cut to its tab */
        if (c[i]->r.w < whole)
            fprintf(stderr, "%s: \"%s\" drawn %d px wide of %d\n", when, tabs[i], c[i]->r.w, whole);
        CHECK(c[i]->px == c[0]->px); /* one size for the bar */
    }
    for (int i = 0; i + 1 < NTABS; i++)
        CHECK(c[i]->r.x + c[i]->r.w <= c[i + 1]->r.x); /* apart */
}

/* Returns the labels' size in density points x 100. */
static int at_size(int width_pt, float text_scale, const char *when)
{
    th_app h;
    th_app_prepare(&h, "ui-tabs");
    th_vault_make(h.data);
    h.opt.width_pt = width_pt;
    th_app_start(&h);
    th_app_unlock(&h, NULL);
    ui_app_set_text_scale(th_app_ui(&h), text_scale);
    CHECK(th_app_step(&h, "wait 0.2") == 0);
    check_tabs(&h, when);
    int px = check_tab_widgets(&h, when);
    int dp100 = (int)(px * 100 / th_app_ui(&h)->ctx.metrics.density);
    th_app_finish(&h);
    return dp100;
}

int main(void)
{
    int at100 = at_size(390, 1.0f, "390 pt at 100 %");
    int at200 = at_size(390, 2.0f, "390 pt at 200 %");
    at_size(360, 2.0f, "360 pt at 200 %");
    at_size(320, 2.0f, "320 pt at 200 %");
    CHECK(at200 > at100); /* the labels grow with the text, up to their cap */
    return im_check_done();
}
