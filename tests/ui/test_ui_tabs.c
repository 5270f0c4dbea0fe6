#define _POSIX_C_SOURCE 200809L
/*
 * test_ui_tabs.c -- the tab bar keeps every area's name whole and apart at
 * any text size and screen width: each tab label is drawn no narrower than
 * the text it holds (nothing cut off, as "Progr" was at 200 %), the labels
 * do not meet, and they share one size.  The real app, headless (the
 * harness), read from its draw list.
 */
#include <string.h>

#include "app_harness.h"
#include "check.h"

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

static void at_size(int width_pt, float text_scale, const char *when)
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
    th_app_finish(&h);
}

int main(void)
{
    at_size(390, 1.0f, "390 pt at 100 %");
    at_size(390, 2.0f, "390 pt at 200 %");
    at_size(320, 2.0f, "320 pt at 200 %");
    return im_check_done();
}
