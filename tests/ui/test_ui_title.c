#define _POSIX_C_SOURCE 200809L
/*
 * test_ui_title.c -- the header's title at 200 % text on a narrow phone
 * (320 pt): wrapped between words only, in the bar and large at the top
 * of the page.  "Your vulnerability ladder" beside Back does not fit its
 * longest word at the bar's 200 % size; on main it was cut mid-word
 * before its ellipsis ("vulnerability la...").  Every
 * piece of the title drawn starts and ends at a word's edge (a single
 * word too long for its line may end in the ellipsis), the large
 * title shows at the top and the bar's copy once the page is scrolled,
 * and one widget of class "frame-title" keeps the whole title as its
 * name.  The real app, headless (the harness), read from its draw list.
 */
#include <string.h>

#include "app/screen.h"
#include "app_harness.h"
#include "check.h"

#define TITLE "Your vulnerability ladder"
#define ELLIPSIS "\xE2\x80\xA6"

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

/* Checks each text command of the title's pieces drawn in the window's
 * top part (y < limit px): whole words only.  Returns how many pieces. */
static int check_pieces(const ui_app *app, int limit, const char *when)
{
    const char *t = TITLE;
    int pieces = 0;
    for (size_t i = 0; i < app->dl.count; i++) {
        const ui_cmd *c = &app->dl.cmds[i];
        if (c->kind != UI_CMD_TEXT || c->r.y >= limit || c->text_len <= 0)
            continue;
        const char *s = ui_drawlist_text(&app->dl, c);
        int n = c->text_len;
        /* where in the title it is: a piece, by its bytes */
        const char *at = NULL;
        for (const char *p = t; *p; p++)
            if (!strncmp(p, s, (size_t)n)) {
                at = p;
                break;
            }
        if (!at || n < 3)
            continue; /* not the title's (or a stray letter) */
        pieces++;
        int starts = at == t || at[-1] == ' ';
        int ends = at[n] == '\0' || at[n] == ' ';
        if (!ends && i + 1 < app->dl.count) {
            /* cut before an ellipsis: at a word's end too, unless the
             * piece is one word too long for the line */
            const ui_cmd *e = &app->dl.cmds[i + 1];
            int ellipsis = e->kind == UI_CMD_TEXT && e->text_len == (int)strlen(ELLIPSIS) &&
                           !memcmp(ui_drawlist_text(&app->dl, e), ELLIPSIS, strlen(ELLIPSIS));
            ends = ellipsis && !memchr(s, ' ', (size_t)n);
        }
        CHECK(starts && ends);
        if (!starts || !ends)
            fprintf(stderr, "%s: title piece \"%.*s\" breaks a word\n", when, n, s);
    }
    return pieces;
}

int main(void)
{
    th_app h;
    th_app_prepare(&h, "ui-title");
    th_vault_make(h.data);
    h.opt.width_pt = 320;
    th_app_start(&h);
    th_app_unlock(&h, NULL);
    ui_app *app = th_app_ui(&h);
    ui_app_set_text_scale(app, 2.0f);
    CHECK(th_app_step(&h, "wait 0.2") == 0);
    CHECK(th_app_step(&h, "tap \"Practice\"") == 0);
    CHECK(th_app_step(&h, "scroll-to \"" TITLE "\"") == 0);
    CHECK(th_app_step(&h, "tap \"" TITLE "\"") == 0);
    CHECK(th_app_step(&h, "wait 0.5") == 0);
    ui_screen *top = ui_nav_top(app);
    ui_widget *title = find_class(top ? top->root : NULL, "frame-title");
    CHECK(title != NULL);
    if (title)
        CHECK(title->label && !strcmp(title->label, TITLE)); /* the whole title, for a screen reader */
    int third = app->ctx.metrics.height_px / 3;
    /* at the top: the large title */
    CHECK(check_pieces(app, third, "at the top") >= 2);
    /* scrolled: the bar's copy */
    for (int i = 0; i < 3; i++)
        CHECK(th_app_step(&h, "swipe up") == 0);
    CHECK(th_app_step(&h, "wait 1") == 0);
    CHECK(check_pieces(app, ui_dp(&app->ctx, 120), "scrolled") >= 1);
    th_app_finish(&h);
    return im_check_done();
}
