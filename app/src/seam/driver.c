/*
 * driver.c -- the script driver; see app/driver.h.  It sits above the
 * screens (beside main_test.c), not in app/: it starts the whole app, and
 * hands it the screens' routes when the test that made it gave none.
 */
#define _POSIX_C_SOURCE 200809L
#include "app/driver.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "innermost/utf8.h"
#include "innermost/wipe.h"
#include "input/textedit.h"
#include "platform/paths.h"
#include "platform/png.h"
#include "platform/sound.h"
#include "screens/routes.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"

#define SETTLE_MAX_MS 10000
#define FRAME_MS 16
#define SCROLL_TO_MAX 50
#define ARG_MAX 4
#define ARG_LEN 1024

#define FORBID_MAX 32
#define SLOT_MAX 8

typedef struct args {
    int n;
    char v[ARG_MAX][ARG_LEN];
} args;

struct ui_driver {
    ui_test_seam seam; /* what d->opt.seam points at (app.h) */
    ui_app_options opt;
    ui_app *app;
    char *shots;
    /* `forbid "T"`: no frame's draw list may hold T until `allow "T"` */
    char forbid[FORBID_MAX][ARG_LEN];
    int nforbid;
    char forbid_hit[ARG_LEN]; /* the first forbidden text a frame held */
    long forbid_frame;        /* ... and in which frame */
    long wait_frames;         /* frames drawn by the last `wait` */
    /* `remember-slot "L"`: where widgets sat across the line (x and
     * width), for a later `expect-same-slot` to compare */
    struct {
        char label[ARG_LEN];
        int x, w;
    } slot[SLOT_MAX];
    int nslot;
    /* The step being run and its parsed arguments: kept here, not on the
     * stack, so they are wiped after each step (a `type` step holds what
     * the person "typed"; the driver stands in for the keyboard and must
     * not leave copies the app is then blamed for). */
    char step[ARG_LEN];
    args args;
};

ui_app *ui_driver_app(ui_driver *d) { return d->app; }

/* ---- running the app on virtual time ------------------------------------------ */

/* While the session's worker runs (a key derivation, a backup) virtual time
 * would race ahead of it: a frame costs far less than FRAME_MS here.  So
 * each step then lets a little real time pass too, and a settle's 10 s of
 * virtual time covers seconds of real work. */
static int working(ui_app *app) { return app->session && ui_session_work_busy(app->session); }

static void pump(ui_app *app)
{
    if (working(app)) SDL_Delay(8);
    SDL_Event e;
    while (SDL_PollEvent(&e)) ui_app_handle_event(app, &e);
    ui_app_update(app);
    ui_app_frame(app, 0);
}

static void advance(ui_app *app, int64_t ms)
{
    app->virtual_ms += ms;
    pump(app);
}

/* Until nothing animates, nothing is dirty and the worker is done, or 10 s
 * of virtual time. */
static void settle(ui_app *app)
{
    int64_t start = app->virtual_ms;
    pump(app);
    while ((ui_app_animating(app) || app->ctx.dirty || working(app) || SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT)) &&
           app->virtual_ms - start < SETTLE_MAX_MS)
        advance(app, FRAME_MS);
}

static void push_finger(ui_app *app, Uint32 type, float x, float y)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = type;
    e.tfinger.touchId = 1; /* a real touch device, not SDL_MOUSE_TOUCHID */
    e.tfinger.fingerId = 1;
    e.tfinger.x = x / (float)app->ctx.metrics.width_px;
    e.tfinger.y = y / (float)app->ctx.metrics.height_px;
    e.tfinger.pressure = 1.0f;
    SDL_PushEvent(&e);
    pump(app);
}

static void push_simple(Uint32 type)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = type;
    SDL_PushEvent(&e);
}

/* A straight finger path in `moves` steps, FRAME_MS apart; hold_ms still
 * before lifting (a held finger stops momentum). */
static void drag(ui_app *app, float x0, float y0, float x1, float y1, int moves, int hold_ms)
{
    push_finger(app, SDL_FINGERDOWN, x0, y0);
    for (int i = 1; i <= moves; i++) {
        advance(app, FRAME_MS);
        push_finger(app, SDL_FINGERMOTION, x0 + (x1 - x0) * (float)i / (float)moves,
                    y0 + (y1 - y0) * (float)i / (float)moves);
    }
    if (hold_ms) advance(app, hold_ms);
    push_finger(app, SDL_FINGERUP, x1, y1);
}

/* ---- what is on screen -------------------------------------------------------- */

typedef struct found {
    const char *want;
    int exact;
    int count; /* exact: enabled matches; else: any match */
    int disabled;
    ui_rect rect; /* the last match's visible rect */
    ui_widget *widget;
    const char *where;
} found;

static ui_rect screen_of(ui_app *app)
{
    return (ui_rect){ 0, 0, app->ctx.metrics.width_px, app->ctx.metrics.height_px };
}

static void match_label(void *p, ui_widget *w, const char *label, ui_rect vis, int enabled)
{
    found *f = p;
    if (f->exact ? strcmp(label, f->want) != 0 : strstr(label, f->want) == NULL) return;
    if (f->exact && !enabled) {
        f->disabled++;
        return;
    }
    f->count++;
    f->rect = vis;
    f->widget = w;
    f->where = label;
}

static int match_text(void *p, const char *s, int n, ui_rect r)
{
    found *f = p;
    size_t wl = strlen(f->want);
    for (int i = 0; i + (int)wl <= n; i++)
        if (memcmp(s + i, f->want, wl) == 0) {
            f->count++;
            f->rect = r;
            return 0;
        }
    return 0;
}

static void print_label(void *p, ui_widget *w, const char *label, ui_rect vis, int enabled)
{
    (void)w, (void)vis;
    fprintf((FILE *)p, "  \"%s\"%s\n", label, enabled ? "" : " (disabled)");
}

static int print_text(void *p, const char *s, int n, ui_rect r)
{
    (void)r;
    fprintf((FILE *)p, "  %.*s\n", n, s);
    return 0;
}

static void list_labels(ui_app *app, FILE *out)
{
    fprintf(out, "visible labels:\n");
    ui_widget_each_label(ui_app_input_root(app), &app->ctx, screen_of(app), print_label, out);
}

static int fail(ui_app *app, const char *file, int line, const char *step, const char *fmt, ...)
{
    char why[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s:%d: %s: %s\n", file, line, step, why);
    if (app) list_labels(app, stderr);
    return -1;
}

static found find_label(ui_app *app, const char *label)
{
    found f = { label, 1, 0, 0, { 0, 0, 0, 0 }, NULL, NULL };
    ui_widget_each_label(ui_app_input_root(app), &app->ctx, screen_of(app), match_label, &f);
    return f;
}

static int text_visible(ui_app *app, const char *text, const char **where)
{
    found f = { text, 0, 0, 0, { 0, 0, 0, 0 }, NULL, NULL };
    ui_widget_each_label(ui_app_input_root(app), &app->ctx, screen_of(app), match_label, &f);
    if (f.count && where) *where = f.where;
    if (!f.count)
        ui_drawlist_each_visible_text(&app->dl, app->ctx.metrics.width_px, app->ctx.metrics.height_px, match_text, &f);
    return f.count;
}

/* Anywhere in the tree, visible or not (for scroll-to's direction). */
static ui_widget *find_anywhere(ui_widget *w, const char *label)
{
    if (!w || (w->flags & UI_WF_HIDDEN)) return NULL;
    if (w->label && strcmp(w->label, label) == 0) return w;
    for (ui_widget *ch = w->first; ch; ch = ch->next) {
        ui_widget *f = find_anywhere(ch, label);
        if (f) return f;
    }
    return NULL;
}

/* ---- highlights ---------------------------------------------------------------- */

/* Whether rect r lies along bytes [o, o + n) of text command t: the same x
 * range as the text's carets there (a pixel either way, for rounding),
 * inside t's line. */
static int lies_along(ui_app *app, const ui_cmd *t, const char *s, int o, int n, ui_rect r)
{
    int xa = t->r.x + ui_text_caret_x(app->ctx.text, t->face, t->px, s, t->text_len, o);
    int xb = t->r.x + ui_text_caret_x(app->ctx.text, t->face, t->px, s, t->text_len, o + n);
    if (xb < xa) {
        int tmp = xa;
        xa = xb;
        xb = tmp;
    }
    return abs(r.x - xa) <= 1 && abs(r.x + r.w - xb) <= 1 && r.y >= t->r.y - 1 && r.y + r.h <= t->r.y + t->r.h + 1;
}

/* What the draw list has behind the text `want` where a text command on
 * screen holds it: 2 for a highlight (a rect in the match colour along
 * it, drawn before the text) with an underline (a thin rect of another
 * colour along it, in the line's lower half: the sign that does not rely
 * on colour), 1 for the colour alone, 0 for neither. */
static int highlight_at(ui_app *app, const char *want)
{
    const ui_drawlist *dl = &app->dl;
    ui_rect screen = { 0, 0, app->ctx.metrics.width_px, app->ctx.metrics.height_px };
    ui_rgba mc = ui_color(&app->ctx, UI_C_MATCH);
    int wl = (int)strlen(want), best = 0;
    for (size_t i = 0; i < dl->count && wl; i++) {
        const ui_cmd *t = &dl->cmds[i];
        if (t->kind != UI_CMD_TEXT || ui_rect_empty(ui_rect_intersect(t->r, screen))) continue;
        const char *s = ui_drawlist_text(dl, t);
        for (int o = 0; o + wl <= t->text_len; o++) {
            if (memcmp(s + o, want, (size_t)wl) != 0) continue;
            int colour = 0, underline = 0;
            for (size_t k = 0; k < i; k++) {
                const ui_cmd *r = &dl->cmds[k];
                if (r->kind != UI_CMD_RECT || !lies_along(app, t, s, o, wl, r->r)) continue;
                int same = !memcmp(&r->color, &mc, sizeof mc);
                if (same && r->r.h >= t->r.h / 2) colour = 1;
                if (!same && r->r.h <= t->r.h / 4 && r->r.y >= t->r.y + t->r.h / 2) underline = 1;
            }
            int got = colour ? 1 + underline : 0;
            if (got > best) best = got;
        }
    }
    return best;
}

/* ---- errors ------------------------------------------------------------------- */

/* Whether the n bytes at s hold the wl bytes of want. */
static int memmem_n(const char *s, int n, const char *want, size_t wl)
{
    for (int o = 0; o + (int)wl <= n; o++)
        if (memcmp(s + o, want, wl) == 0) return 1;
    return 0;
}

/* How a visible text holding want is drawn as an error: 2 in the error
 * colour (UI_C_ERROR) after an icon in that colour drawn before it, at
 * its start and not below it; 1 in the colour without the icon; 0 not in
 * the error colour at all. */
static int error_at(ui_app *app, const char *want)
{
    const ui_drawlist *dl = &app->dl;
    ui_rect screen = { 0, 0, app->ctx.metrics.width_px, app->ctx.metrics.height_px };
    ui_rgba ec = ui_color(&app->ctx, UI_C_ERROR);
    size_t wl = strlen(want);
    int best = 0;
    for (size_t i = 0; i < dl->count && wl; i++) {
        const ui_cmd *t = &dl->cmds[i];
        if (t->kind != UI_CMD_TEXT || ui_rect_empty(ui_rect_intersect(t->r, screen))) continue;
        if (memcmp(&t->color, &ec, sizeof ec) != 0 || !memmem_n(ui_drawlist_text(dl, t), t->text_len, want, wl))
            continue;
        int got = 1;
        for (size_t k = 0; k < i; k++) {
            const ui_cmd *r = &dl->cmds[k];
            if ((r->kind == UI_CMD_RRECT || r->kind == UI_CMD_RECT) && !memcmp(&r->color, &ec, sizeof ec) &&
                r->r.x + r->r.w <= t->r.x && r->r.y <= t->r.y + t->r.h)
                got = 2;
        }
        if (got > best) best = got;
    }
    return best;
}

/* ---- parsing ----------------------------------------------------------------- */

/* Splits "cmd arg "quoted arg"" into words; returns -1 with a reason. */
static int parse(const char *s, char *cmd, size_t cmdcap, args *a, const char **why)
{
    size_t k = 0;
    while (*s && *s != ' ' && *s != '\t') {
        if (k + 1 < cmdcap) cmd[k++] = *s;
        s++;
    }
    cmd[k] = 0;
    a->n = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t') s++;
        if (!*s || *s == '#') return 0;
        if (a->n == ARG_MAX) {
            *why = "too many arguments";
            return -1;
        }
        char *out = a->v[a->n];
        size_t o = 0;
        if (*s == '"') {
            s++;
            while (*s && *s != '"') {
                char ch = *s++;
                if (ch == '\\') {
                    ch = *s++;
                    if (ch == 'n') ch = '\n';
                    else if (ch != '"' && ch != '\\') {
                        *why = ch ? "unknown escape (use \\\", \\\\ or \\n)" : "unterminated string";
                        return -1;
                    }
                }
                if (o + 1 < ARG_LEN) out[o++] = ch;
            }
            if (*s != '"') {
                *why = "unterminated string";
                return -1;
            }
            s++;
        } else {
            while (*s && *s != ' ' && *s != '\t') {
                if (o + 1 < ARG_LEN) out[o++] = *s;
                s++;
            }
        }
        out[o] = 0;
        a->n++;
    }
}

/* ---- the commands ------------------------------------------------------------- */

#define FAIL(...) return fail(app, file, line, step, __VA_ARGS__)

static int need_args(ui_app *app, const char *file, int line, const char *step, const args *a, int n, const char *usage)
{
    if (a->n != n) return fail(app, file, line, step, "expected %s", usage);
    return 0;
}

static int locate(ui_app *app, const char *file, int line, const char *step, const char *label, int *x, int *y)
{
    found f = find_label(app, label);
    if (f.count == 0) {
        if (f.disabled) FAIL("the widget labelled \"%s\" is disabled", label);
        FAIL("no visible widget is labelled \"%s\"", label);
    }
    if (f.count > 1) FAIL("%d visible widgets are labelled \"%s\"", f.count, label);
    *x = f.rect.x + f.rect.w / 2;
    *y = f.rect.y + f.rect.h / 2;
    return 0;
}

static int cmd_tap(ui_app *app, const char *file, int line, const char *step, const char *label, int long_press)
{
    int x = 0, y = 0;
    if (locate(app, file, line, step, label, &x, &y) != 0) return -1;
    push_finger(app, SDL_FINGERDOWN, (float)x, (float)y);
    /* a person's tap lasts a little; a long press outlasts 500 ms */
    int hold = long_press ? 700 : 60;
    for (int t = 0; t < hold; t += FRAME_MS) advance(app, FRAME_MS);
    push_finger(app, SDL_FINGERUP, (float)x, (float)y);
    settle(app);
    return 0;
}

static int cmd_type(ui_app *app, const char *file, int line, const char *step, const char *text)
{
    if (!app->ctx.focus || !app->ctx.focus->cls->text) FAIL("no text field has focus (tap one first)");
    size_t n = strlen(text), i = 0;
    while (i < n) {
        size_t take = im_utf8_clip(text + i, n - i, SDL_TEXTINPUTEVENT_TEXT_SIZE - 1);
        SDL_Event e;
        SDL_zero(e);
        e.type = SDL_TEXTINPUT;
        memcpy(e.text.text, text + i, take);
        SDL_PushEvent(&e);
        im_mem_wipe(&e, sizeof e);
        pump(app);
        i += take;
    }
    settle(app);
    return 0;
}

static int cmd_key(ui_app *app, const char *file, int line, const char *step, const char *name)
{
    Uint16 mod = KMOD_NONE;
    for (;;) {
        if (strncmp(name, "Shift+", 6) == 0) mod |= KMOD_LSHIFT, name += 6;
        else if (strncmp(name, "Ctrl+", 5) == 0) mod |= KMOD_LCTRL, name += 5;
        else break;
    }
    SDL_Keycode k = SDL_GetKeyFromName(name);
    if (k == SDLK_UNKNOWN)
        FAIL("unknown key name \"%s\" (SDL key names: Return, Escape, Backspace, Tab, AC Back)", name);
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(k);
    e.key.keysym.mod = mod;
    SDL_PushEvent(&e);
    e.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    SDL_PushEvent(&e);
    settle(app);
    return 0;
}

static int cmd_swipe(ui_app *app, const char *file, int line, const char *step, const char *dir)
{
    float w = (float)app->ctx.metrics.width_px, h = (float)app->ctx.metrics.height_px;
    float cx = w / 2, cy = h / 2;
    if (!strcmp(dir, "up")) drag(app, cx, h * 0.7f, cx, h * 0.3f, 6, 0);
    else if (!strcmp(dir, "down")) drag(app, cx, h * 0.3f, cx, h * 0.7f, 6, 0);
    else if (!strcmp(dir, "left")) drag(app, w * 0.8f, cy, w * 0.2f, cy, 6, 0);
    else if (!strcmp(dir, "right")) drag(app, w * 0.2f, cy, w * 0.8f, cy, 6, 0);
    else FAIL("swipe wants up, down, left or right, not \"%s\"", dir);
    settle(app);
    return 0;
}

/* `wheel N`: N notches of a mouse wheel (positive: down the page) over the
 * middle of the screen, the way a wheel event comes: with the pointer's
 * place in it and no mouse motion before it (a mouse that rests where the
 * app started, or a trackpad scroll, sends none). */
static int cmd_wheel(ui_app *app, const char *file, int line, const char *step, const char *count)
{
    char *end = NULL;
    long notches = strtol(count, &end, 10);
    if (!end || *end || notches == 0 || labs(notches) > 100)
        FAIL("wheel wants a whole number of notches, not \"%s\"", count);
    int win_w = app->ctx.metrics.width_px, win_h = app->ctx.metrics.height_px;
    if (app->window) SDL_GetWindowSize(app->window, &win_w, &win_h);
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_MOUSEWHEEL;
    e.wheel.which = 0;
    e.wheel.y = (Sint32)-notches; /* SDL: positive y is away from the person, up the page */
    e.wheel.preciseY = (float)-notches;
    e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
    e.wheel.mouseX = win_w / 2;
    e.wheel.mouseY = win_h / 2;
    SDL_PushEvent(&e);
    settle(app);
    return 0;
}

/* Visible enough to tap: all of it, or at least a touch target's height. */
static int shown(ui_app *app, const char *label)
{
    found f = find_label(app, label);
    if (f.count != 1) return f.count > 1;
    int target = ui_dp(&app->ctx, UI_TOUCH_TARGET_PT);
    return f.rect.w > 0 && (f.rect.h >= f.widget->rect.h || f.rect.h >= target);
}

static int cmd_scroll_to(ui_app *app, const char *file, int line, const char *step, const char *label)
{
    for (int i = 0; i <= SCROLL_TO_MAX; i++) {
        if (shown(app, label)) return 0;
        if (i == SCROLL_TO_MAX) break;
        ui_rect area = screen_of(app);
        int forward = 1;
        ui_widget *w = find_anywhere(ui_app_input_root(app), label);
        if (w) {
            ui_widget *sv = w;
            while (sv && !ui_scroll_scroller(sv)) sv = sv->parent;
            if (sv) area = ui_rect_intersect(sv->rect, area);
            forward = w->rect.y + w->rect.h / 2 > area.y + area.h / 2;
        }
        float cx = (float)(area.x + area.w / 2);
        float top = (float)area.y + (float)area.h * 0.25f, bottom = (float)area.y + (float)area.h * 0.75f;
        /* a slow drag held still at the end: no fling, a predictable half page */
        if (forward) drag(app, cx, bottom, cx, top, 8, 200);
        else drag(app, cx, top, cx, bottom, 8, 200);
        settle(app);
    }
    FAIL("\"%s\" is still not visible after %d swipes", label, SCROLL_TO_MAX);
}

static int cmd_screenshot(ui_driver *d, const char *file, int line, const char *step, const char *name)
{
    ui_app *app = d->app;
    if (!d->shots) FAIL("no --shots folder was given");
    /* the system fonts come from a worker after the first frame
     * (render/fontchain.h): a picture is taken once they are in, as a
     * person would see the screen a moment later */
    ui_text_fonts_wait(app->ctx.text);
    ui_app_frame(app, 1);
    size_t n = strlen(name);
    int bmp = n > 4 && strcmp(name + n - 4, ".bmp") == 0;
    int png = n > 4 && strcmp(name + n - 4, ".png") == 0;
    char fname[1100];
    snprintf(fname, sizeof fname, "%s%s", name, bmp || png ? "" : ".png");
    char *path = ui_paths_join(d->shots, fname);
    if (!path) FAIL("out of memory");
    int rc = bmp ? SDL_SaveBMP(app->surface, path) : ui_png_write(app->surface, path);
    free(path);
    if (rc != 0) FAIL("cannot write the screenshot: %s", SDL_GetError());
    return 0;
}

/* Whether want's words come one after another, whole, in the cue log. */
static int cues_hold(const char *log, const char *want)
{
    size_t n = strlen(want);
    for (const char *p = log; (p = strstr(p, want)) != NULL; p++)
        if ((p == log || p[-1] == ' ') && (p[n] == 0 || p[n] == ' ')) return 1;
    return 0;
}

/* expect-cues "A B" / expect-no-cues: the test sink's log since the last
 * such check, which then starts again empty. */
static int cmd_cues(ui_app *app, const char *file, int line, const char *step, const char *want)
{
    char got[ARG_LEN];
    snprintf(got, sizeof got, "%s", ui_sound_log());
    ui_sound_log_clear();
    if (!want && got[0]) FAIL("cues were given: \"%s\"", got);
    if (want && !*want) FAIL("expect-cues wants cue names (start in hold out rest step end)");
    if (want && !cues_hold(got, want)) FAIL("the cues were \"%s\", without \"%s\" in a row", got, want);
    return 0;
}

/* `remember-slot "L"` and `expect-same-slot "L" ["AS"]`: the one enabled
 * widget labelled L and its place across the screen (x and width, not y:
 * a page's text above it may be longer), kept under L, or compared with
 * the place kept under AS (default L).  A control that moves sideways
 * between pages, or with a name's length, fails the compare. */
static int cmd_slot(ui_driver *d, const char *file, int line, const char *step, const args *a, int remember)
{
    ui_app *app = d->app;
    const char *label = a->v[0], *as = a->n > 1 ? a->v[1] : label;
    int x = 0, y = 0;
    if (locate(app, file, line, step, label, &x, &y) != 0) return -1;
    const ui_widget *w = find_label(app, label).widget;
    int k = 0;
    while (k < d->nslot && strcmp(d->slot[k].label, as) != 0) k++;
    if (remember) {
        if (k == SLOT_MAX) FAIL("at most %d slots can be remembered", SLOT_MAX);
        if (k == d->nslot) snprintf(d->slot[d->nslot++].label, ARG_LEN, "%s", as);
        d->slot[k].x = w->rect.x, d->slot[k].w = w->rect.w;
        return 0;
    }
    if (k == d->nslot) FAIL("no slot \"%s\" was remembered", as);
    if (w->rect.x != d->slot[k].x || w->rect.w != d->slot[k].w)
        FAIL("\"%s\" sits at x %d, width %d; \"%s\" sat at x %d, width %d", label, w->rect.x, w->rect.w, as,
             d->slot[k].x, d->slot[k].w);
    return 0;
}

/* `expect-fits`: nothing drawn (rects, texts, images) reaches past the
 * screen's left or right edge, a pixel either way for rounding: what
 * would be cut off on a narrow phone. */
static int cmd_fits(ui_app *app, const char *file, int line, const char *step)
{
    const ui_drawlist *dl = &app->dl;
    int width = app->ctx.metrics.width_px;
    for (size_t i = 0; i < dl->count; i++) {
        const ui_cmd *k = &dl->cmds[i];
        if (k->kind != UI_CMD_RECT && k->kind != UI_CMD_RRECT && k->kind != UI_CMD_TEXT && k->kind != UI_CMD_IMAGE)
            continue;
        if (k->r.x < -1 || k->r.x + k->r.w > width + 1)
            FAIL("something is drawn from x %d to %d, past the screen's width %d", k->r.x, k->r.x + k->r.w, width);
    }
    return 0;
}

/* ---- keyboard focus -------------------------------------------------------------- */

static int is_focus_ring(const ui_app *app, const ui_cmd *k)
{
    ui_rgba fc = ui_color(&app->ctx, UI_C_FOCUS);
    return k->kind == UI_CMD_RRECT && k->border >= ui_pt(&app->ctx, 2) && !memcmp(&k->color, &fc, sizeof fc);
}

/* `expect-focus "L"`: see driver.h. */
static int cmd_expect_focus(ui_app *app, const char *file, int line, const char *step, const char *want)
{
    ui_ctx *c = &app->ctx;
    ui_widget *f = c->focus;
    if (!f) FAIL("nothing has the keyboard focus");
    char row[256];
    const char *got = f->label ? f->label : "";
    ui_rect r = f->rect, vis;
    if (ui_list_cursor_label(f, c, row, sizeof row, &r) == 0) {
        got = row;
        vis = ui_rect_intersect(r, ui_widget_visible_rect(f, screen_of(app)));
    } else {
        vis = ui_widget_visible_rect(f, screen_of(app));
    }
    if (strcmp(got, want) != 0) FAIL("the focus is on \"%s\" (a %s)", got, f->cls->name);
    if (!ui_widget_is_enabled(f)) FAIL("the focused \"%s\" is disabled or hidden", want);
    int enough = r.h < 2 * ui_pt(c, UI_TOUCH_TARGET_PT) ? (r.h + 1) / 2 : ui_pt(c, UI_TOUCH_TARGET_PT);
    if (ui_rect_empty(vis) || vis.h < enough)
        FAIL("the focused \"%s\" is not on screen (%d of its %d px rows show)", want, ui_rect_empty(vis) ? 0 : vis.h,
             r.h);
    for (size_t i = 0; i < app->dl.count; i++) {
        const ui_cmd *k = &app->dl.cmds[i];
        if (!is_focus_ring(app, k)) continue;
        int cx = k->r.x + k->r.w / 2, cy = k->r.y + k->r.h / 2;
        if (ui_rect_contains(r, cx, cy)) return 0;
    }
    FAIL("the focused \"%s\" has no focus ring drawn over it", want);
}

static int cmd_no_focus_ring(ui_app *app, const char *file, int line, const char *step)
{
    for (size_t i = 0; i < app->dl.count; i++)
        if (is_focus_ring(app, &app->dl.cmds[i])) FAIL("a focus ring is drawn");
    return 0;
}

/* The first frame in the tree, depth first (the top screen's; an overlay
 * has none). */
static const ui_widget *first_frame(const ui_widget *w)
{
    if (!w || (w->flags & UI_WF_HIDDEN)) return NULL;
    if (w->cls == &ui_frame_class) return w;
    for (const ui_widget *ch = w->first; ch; ch = ch->next) {
        const ui_widget *f = first_frame(ch);
        if (f) return f;
    }
    return NULL;
}

/* `expect-chrome-at-most PCT`: the screen's header and its tab bar take
 * at most PCT % of the window's height (ui_frame_chrome_height): at a large
 * text size the page keeps the room, the chrome does not zoom. */
static int cmd_chrome_at_most(ui_app *app, const char *file, int line, const char *step, const char *pct)
{
    char *end = NULL;
    long most = strtol(pct ? pct : "", &end, 10);
    if (!pct || !*pct || *end || most < 1 || most > 100) FAIL("expect-chrome-at-most wants a percentage (1-100)");
    const ui_widget *f = first_frame(ui_app_input_root(app));
    if (!f) FAIL("no screen frame is shown");
    int h = ui_frame_chrome_height(f), win = app->ctx.metrics.height_px;
    if ((long)h * 100 > most * (long)win)
        FAIL("the header and tab bar take %d of %d px (%.1f %%), more than %ld %%", h, win, 100.0 * h / win, most);
    return 0;
}

/* ---- whole, clear of controls ------------------------------------------------ */

#define TARGETS_MAX 512

typedef struct targets {
    const ui_widget *skip; /* this widget, its ancestors and its descendants */
    int n;
    struct {
        ui_rect r;
        const char *label;
    } t[TARGETS_MAX];
} targets;

static int related(const ui_widget *a, const ui_widget *b)
{
    for (const ui_widget *p = a; p; p = p->parent)
        if (p == b) return 1;
    for (const ui_widget *p = b; p; p = p->parent)
        if (p == a) return 1;
    return 0;
}

/* The visible rects of enabled widgets that take taps: a list's rows one
 * by one, not the list as a whole. */
static void add_target(void *p, ui_widget *w, const char *label, ui_rect vis, int enabled)
{
    targets *g = p;
    if (!enabled || !(w->flags & UI_WF_INTERACTIVE) || g->n == TARGETS_MAX) return;
    if (label == w->label && w->cls->items) return;
    if (g->skip && related(w, g->skip)) return;
    g->t[g->n].r = vis;
    g->t[g->n].label = label;
    g->n++;
}

/* The first control whose rect meets r (its label into why), or 0. */
static int meets_control(ui_app *app, ui_rect r, const ui_widget *skip, char *why, size_t cap)
{
    targets *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(why, cap, "out of memory");
        return 1;
    }
    g->skip = skip;
    ui_widget_each_label(ui_app_input_root(app), &app->ctx, screen_of(app), add_target, g);
    int hit = 0;
    for (int i = 0; i < g->n && !hit; i++) {
        ui_rect x = ui_rect_intersect(g->t[i].r, r);
        if (ui_rect_empty(x)) continue;
        hit = 1;
        snprintf(why, cap, "\"%s\" (%d,%d %dx%d)", g->t[i].label, g->t[i].r.x, g->t[i].r.y, g->t[i].r.w, g->t[i].r.h);
    }
    free(g);
    return hit;
}

/* `expect-toast-clear`: a toast shows (a rounded rect in UI_C_TOAST in
 * the last frame); it is a banner (at least 80 % of the screen's width,
 * or 320 pt on a wide one); it lies inside the screen, above the
 * on-screen keyboard; its words lie inside it; and it meets no visible,
 * enabled widget that takes taps. */
static int cmd_toast_clear(ui_app *app, const char *file, int line, const char *step)
{
    const ui_drawlist *dl = &app->dl;
    ui_rgba tc = ui_color(&app->ctx, UI_C_TOAST);
    size_t at = dl->count;
    for (size_t i = 0; i < dl->count; i++)
        if (dl->cmds[i].kind == UI_CMD_RRECT && !memcmp(&dl->cmds[i].color, &tc, sizeof tc)) at = i;
    if (at == dl->count) FAIL("no toast is shown");
    ui_rect r = dl->cmds[at].r;
    int sw = app->ctx.metrics.width_px, sh = app->ctx.metrics.height_px - app->ctx.keyboard_px;
    int least = sw * 4 / 5 < ui_dp(&app->ctx, 320) ? sw * 4 / 5 : ui_dp(&app->ctx, 320);
    if (r.w < least) FAIL("the toast is %d px wide, not a banner (at least %d of the screen's %d)", r.w, least, sw);
    if (r.x < 0 || r.y < 0 || r.x + r.w > sw || r.y + r.h > sh)
        FAIL("the toast (%d,%d %dx%d) is not inside the screen (%dx%d above the keyboard)", r.x, r.y, r.w, r.h, sw, sh);
    for (size_t i = at + 1; i < dl->count; i++) {
        const ui_cmd *k = &dl->cmds[i];
        if (k->kind != UI_CMD_TEXT || k->text_len <= 0) continue;
        if (k->r.x < r.x || k->r.y < r.y || k->r.x + k->r.w > r.x + r.w || k->r.y + k->r.h > r.y + r.h)
            FAIL("the toast's words \"%.*s\" run outside it", k->text_len, ui_drawlist_text(dl, k));
    }
    char why[600];
    if (meets_control(app, r, NULL, why, sizeof why))
        FAIL("the toast (%d,%d %dx%d) covers %s", r.x, r.y, r.w, r.h, why);
    return 0;
}

/* `expect-whole "L"`: the one enabled widget labelled L shows whole,
 * without scrolling: all of its rect inside the screen and inside every
 * clip above it (a scroll view's viewport), and no other control (a
 * footer's button, a tab) over any of it. */
static int cmd_whole(ui_app *app, const char *file, int line, const char *step, const char *label)
{
    int x = 0, y = 0;
    if (locate(app, file, line, step, label, &x, &y) != 0) return -1;
    const ui_widget *w = find_label(app, label).widget;
    ui_rect vis = ui_widget_visible_rect(w, screen_of(app));
    if (vis.x != w->rect.x || vis.y != w->rect.y || vis.w != w->rect.w || vis.h != w->rect.h)
        FAIL("\"%s\" (%d,%d %dx%d) shows only %dx%d of itself (at %d,%d)", label, w->rect.x, w->rect.y, w->rect.w,
             w->rect.h, ui_rect_empty(vis) ? 0 : vis.w, ui_rect_empty(vis) ? 0 : vis.h, vis.x, vis.y);
    char why[600];
    if (meets_control(app, w->rect, w, why, sizeof why)) FAIL("\"%s\" is under %s", label, why);
    return 0;
}

/* `expect-top-at-most "L" PT`: the top of the topmost visible widget
 * labelled L (a title, not the tab of the same name) is at most PT points
 * below the window's top (the app draws no status bar of its own: the
 * window's top is the safe top). */
typedef struct topmost {
    const char *want;
    int count, top;
} topmost;

static void match_top(void *p, ui_widget *w, const char *label, ui_rect vis, int enabled)
{
    topmost *t = p;
    (void)vis, (void)enabled;
    if (strcmp(label, t->want) != 0) return;
    if (!t->count || w->rect.y < t->top) t->top = w->rect.y;
    t->count++;
}

static int cmd_top_at_most(ui_app *app, const char *file, int line, const char *step, const char *label, const char *pt)
{
    char *end = NULL;
    long most = strtol(pt, &end, 10);
    if (!*pt || *end || most < 0 || most > 4000) FAIL("expect-top-at-most wants a label and points (0-4000)");
    topmost t = { label, 0, 0 };
    ui_widget_each_label(ui_app_input_root(app), &app->ctx, screen_of(app), match_top, &t);
    if (!t.count) FAIL("no visible widget is labelled \"%s\"", label);
    int top = t.top, limit = ui_dp(&app->ctx, (float)most);
    if (top > limit) FAIL("\"%s\" starts %d px below the top, more than %ld pt (%d px)", label, top, most, limit);
    return 0;
}

static void cmd_dump(ui_app *app)
{
    printf("visible labels:\n");
    ui_widget_each_label(ui_app_input_root(app), &app->ctx, screen_of(app), print_label, stdout);
    printf("visible texts:\n");
    ui_drawlist_each_visible_text(&app->dl, app->ctx.metrics.width_px, app->ctx.metrics.height_px, print_text, stdout);
    char row[256];
    ui_widget *f = app->ctx.focus;
    if (f && ui_list_cursor_label(f, &app->ctx, row, sizeof row, NULL) == 0) printf("focus: row \"%s\"\n", row);
    else if (f) printf("focus: \"%s\" (%s)\n", f->label ? f->label : "", f->cls->name);
    else printf("focus: none\n");
    fflush(stdout);
}

/* `expect-no-overlap ["T"]`: the visible part of every text run (clipped
 * as it is drawn, and not under a scrim drawn over the whole screen)
 * meets no other run's visible part, and no visible run
 * reaches past the screen's left or right edge: labels that wrap or
 * shorten at a large text size rather than run into each other or off the
 * screen.  With T, only the runs whose middle lies inside a visible widget
 * whose label contains T (the charts, say, and not the rest of the
 * screen). */
#define OVERLAP_RUNS_MAX 1024

typedef struct text_run {
    ui_rect vis;
    const char *s;
    int n;
} text_run;

static int collect_runs(const ui_drawlist *dl, ui_rect screen, text_run *runs, int *off_screen)
{
    ui_rect stack[32], clip = screen;
    int depth = 0, n = 0;
    for (size_t i = 0; i < dl->count && n < OVERLAP_RUNS_MAX; i++) {
        const ui_cmd *c = &dl->cmds[i];
        if (c->kind == UI_CMD_CLIP_PUSH) {
            if (depth < 32) stack[depth] = clip;
            depth++;
            clip = ui_rect_intersect(clip, c->r);
        } else if (c->kind == UI_CMD_CLIP_POP) {
            if (depth > 0 && --depth < 32) clip = stack[depth];
        } else if (c->kind == UI_CMD_RECT && ui_rect_contains(c->r, screen.x, screen.y) &&
                   ui_rect_contains(c->r, screen.x + screen.w - 1, screen.y + screen.h - 1)) {
            /* a rect over the whole screen (a dialog's scrim, the privacy
             * cover) hides what was drawn before it: only what comes after
             * is read */
            n = 0;
            *off_screen = -1;
        } else if (c->kind == UI_CMD_TEXT && c->text_len > 0) {
            ui_rect vis = ui_rect_intersect(clip, c->r);
            if (ui_rect_empty(vis)) continue;
            if ((c->r.x < screen.x || c->r.x + c->r.w > screen.x + screen.w) && *off_screen < 0) *off_screen = n;
            runs[n++] = (text_run){ vis, ui_drawlist_text(dl, c), c->text_len };
        }
    }
    return n;
}

#define OVERLAP_REGIONS_MAX 64

typedef struct regions {
    const char *want;
    int n;
    ui_rect r[OVERLAP_REGIONS_MAX];
} regions;

static void add_region(void *p, ui_widget *w, const char *label, ui_rect vis, int enabled)
{
    regions *g = p;
    (void)w, (void)enabled;
    if (strstr(label, g->want) && g->n < OVERLAP_REGIONS_MAX) g->r[g->n++] = vis;
}

/* Keeps the runs whose middle lies in one of the regions; returns how many. */
static int keep_in_regions(text_run *runs, int n, const regions *g, int *off)
{
    int kept = 0, off_kept = -1;
    for (int i = 0; i < n; i++) {
        int cx = runs[i].vis.x + runs[i].vis.w / 2, cy = runs[i].vis.y + runs[i].vis.h / 2, in = 0;
        for (int k = 0; k < g->n && !in; k++) in = ui_rect_contains(g->r[k], cx, cy);
        if (!in) continue;
        if (i == *off) off_kept = kept;
        runs[kept++] = runs[i];
    }
    *off = off_kept;
    return kept;
}

static int cmd_expect_no_overlap(ui_app *app, const char *file, int line, const char *step, const char *within)
{
    regions *g = NULL;
    if (within) {
        g = calloc(1, sizeof *g);
        if (!g) FAIL("out of memory");
        g->want = within;
        ui_widget_each_label(ui_app_input_root(app), &app->ctx, screen_of(app), add_region, g);
        if (!g->n) {
            free(g);
            FAIL("no visible widget's label contains \"%s\"", within);
        }
    }
    text_run *runs = malloc(OVERLAP_RUNS_MAX * sizeof *runs);
    if (!runs) {
        free(g);
        FAIL("out of memory");
    }
    int off = -1;
    int n = collect_runs(&app->dl, screen_of(app), runs, &off), rc = 0;
    if (g) n = keep_in_regions(runs, n, g, &off);
    free(g);
    for (int i = 0; i < n && !rc; i++)
        for (int k = i + 1; k < n && !rc; k++)
            if (!ui_rect_empty(ui_rect_intersect(runs[i].vis, runs[k].vis)))
                rc = fail(app, file, line, step, "\"%.*s\" overlaps \"%.*s\"", runs[i].n, runs[i].s, runs[k].n,
                          runs[k].s);
    if (!rc && off >= 0)
        rc = fail(app, file, line, step, "\"%.*s\" runs past the edge of the screen", runs[off].n, runs[off].s);
    free(runs);
    return rc;
}

/* The frame hook of `forbid`: looks at the text runs of the draw list just
 * built (visible or clipped away), joined end to end, so a word the layout
 * broke over two lines is still found. */
static void check_forbidden(ui_app *app, void *p)
{
    ui_driver *d = p;
    const ui_drawlist *dl = &app->dl;
    if (!d->nforbid || d->forbid_hit[0]) return;
    size_t total = 1;
    for (size_t i = 0; i < dl->count; i++)
        if (dl->cmds[i].kind == UI_CMD_TEXT) total += (size_t)dl->cmds[i].text_len;
    char *all = malloc(total), *end = all;
    if (!all) return;
    for (size_t i = 0; i < dl->count; i++)
        if (dl->cmds[i].kind == UI_CMD_TEXT) {
            memcpy(end, ui_drawlist_text(dl, &dl->cmds[i]), (size_t)dl->cmds[i].text_len);
            end += dl->cmds[i].text_len;
        }
    *end = 0;
    for (int k = 0; k < d->nforbid; k++)
        if (strstr(all, d->forbid[k])) {
            snprintf(d->forbid_hit, sizeof d->forbid_hit, "%s", d->forbid[k]);
            d->forbid_frame = app->frames + 1;
            break;
        }
    /* a whole frame's words: wiped, so a memory scan after a lock
     * (tests/reliability/rel_app_people.c) does not find the driver's copy */
    im_mem_wipe(all, total);
    free(all);
}

static int cmd_forbid(ui_driver *d, const char *file, int line, const char *step, const char *text, int allow)
{
    ui_app *app = d->app;
    for (int k = 0; k < d->nforbid; k++)
        if (!strcmp(d->forbid[k], text)) {
            if (allow) memmove(d->forbid[k], d->forbid[k + 1], sizeof d->forbid[0] * (size_t)(d->nforbid-- - k - 1));
            return 0;
        }
    if (allow) FAIL("\"%s\" was not forbidden", text);
    if (!*text) FAIL("forbid wants a text");
    if (d->nforbid == FORBID_MAX) FAIL("at most %d texts can be forbidden at once", FORBID_MAX);
    snprintf(d->forbid[d->nforbid++], ARG_LEN, "%s", text);
    return 0;
}

static int start_app(ui_driver *d, char *err, size_t errlen)
{
    d->app = ui_app_create(&d->opt, err, errlen);
    if (!d->app) return -1;
    d->app->frame_built = check_forbidden;
    d->app->frame_built_ctx = d;
    settle(d->app);
    if (d->app->frames == 0) ui_app_frame(d->app, 1); /* a script's first step sees a drawn screen */
    return 0;
}

static int parse_size(const char *w, const char *h, int *ow, int *oh)
{
    char *e1, *e2;
    long a = strtol(w, &e1, 10), b = strtol(h, &e2, 10);
    if (*e1 || *e2 || a < 100 || b < 100 || a > 4000 || b > 4000) return -1;
    *ow = (int)a, *oh = (int)b;
    return 0;
}

static int run_step(ui_driver *d, const char *file, int line, const char *text);

/* A step, then `forbid`'s verdict on every frame the step drew. */
int ui_driver_step(ui_driver *d, const char *file, int line, const char *text)
{
    int rc = run_step(d, file, line, text);
    im_mem_wipe(d->step, sizeof d->step);
    im_mem_wipe(&d->args, sizeof d->args);
    if (rc == 0 && d->forbid_hit[0] && d->app) {
        ui_app *app = d->app;
        const char *step = text;
        FAIL("a frame (number %ld) drew the forbidden text \"%s\"", d->forbid_frame, d->forbid_hit);
    }
    return rc;
}

static int run_step(ui_driver *d, const char *file, int line, const char *text)
{
    ui_app *app = d->app;
    char *step = d->step;
    snprintf(step, ARG_LEN, "%s", text);
    size_t sl = strlen(step);
    while (sl && (step[sl - 1] == ' ' || step[sl - 1] == '\t' || step[sl - 1] == '\r')) step[--sl] = 0;
    char cmd[64];
    args *a = &d->args;
    const char *why = NULL;
    if (parse(step, cmd, sizeof cmd, a, &why) != 0) FAIL("%s", why);
    const char *a0 = a->n > 0 ? a->v[0] : "";
    if (!strcmp(cmd, "tap") || !strcmp(cmd, "long-press")) {
        if (need_args(app, file, line, step, a, 1, "one quoted label")) return -1;
        return cmd_tap(app, file, line, step, a0, cmd[0] == 'l');
    }
    if (!strcmp(cmd, "type")) {
        if (need_args(app, file, line, step, a, 1, "one quoted text")) return -1;
        return cmd_type(app, file, line, step, a0);
    }
    if (!strcmp(cmd, "key")) {
        /* key names may contain a space ("AC Back") */
        char name[ARG_LEN * 2] = "";
        for (int i = 0; i < a->n; i++) {
            if (i) strcat(name, " ");
            strncat(name, a->v[i], ARG_LEN - 1);
        }
        if (!a->n) FAIL("expected a key name");
        return cmd_key(app, file, line, step, name);
    }
    if (!strcmp(cmd, "swipe")) {
        if (need_args(app, file, line, step, a, 1, "up, down, left or right")) return -1;
        return cmd_swipe(app, file, line, step, a0);
    }
    if (!strcmp(cmd, "wheel")) {
        if (need_args(app, file, line, step, a, 1, "a number of notches")) return -1;
        return cmd_wheel(app, file, line, step, a0);
    }
    if (!strcmp(cmd, "scroll-to")) {
        if (need_args(app, file, line, step, a, 1, "one quoted label")) return -1;
        return cmd_scroll_to(app, file, line, step, a0);
    }
    if (!strcmp(cmd, "expect") || !strcmp(cmd, "expect-not")) {
        if (need_args(app, file, line, step, a, 1, "one quoted text")) return -1;
        const char *where = NULL;
        int seen = text_visible(app, a0, &where);
        if (cmd[6] == 0 && !seen) FAIL("no visible text or label contains \"%s\"", a0);
        if (cmd[6] == '-' && seen)
            FAIL("\"%s\" is visible%s%s%s", a0, where ? " (in \"" : "", where ? where : "", where ? "\")" : "");
        return 0;
    }
    if (!strcmp(cmd, "expect-highlight") || !strcmp(cmd, "expect-no-highlight")) {
        if (need_args(app, file, line, step, a, 1, "one quoted text")) return -1;
        int got = highlight_at(app, a0);
        if (cmd[7] == 'h' && got == 0) FAIL("no visible text \"%s\" has a highlight behind it", a0);
        if (cmd[7] == 'h' && got == 1) FAIL("\"%s\" is highlighted by colour alone (no underline)", a0);
        if (cmd[7] == 'n' && got) FAIL("\"%s\" is highlighted", a0);
        return 0;
    }
    if (!strcmp(cmd, "expect-no-overlap")) {
        if (a->n > 1) FAIL("expected nothing or one quoted label");
        return cmd_expect_no_overlap(app, file, line, step, a->n ? a0 : NULL);
    }
    if (!strcmp(cmd, "expect-error")) {
        if (need_args(app, file, line, step, a, 1, "one quoted text")) return -1;
        int got = error_at(app, a0);
        if (got == 0) FAIL("no visible text holding \"%s\" is drawn in the error colour", a0);
        if (got == 1) FAIL("\"%s\" is an error by colour alone (no icon before it)", a0);
        return 0;
    }
    if (!strcmp(cmd, "wait")) {
        char *end;
        double s = a->n == 1 ? strtod(a0, &end) : -1;
        if (a->n != 1 || *end || s < 0 || s > 86400) FAIL("expected seconds (0 to 86400)");
        int64_t stop = app->virtual_ms + (int64_t)(s * 1000.0 + 0.5);
        long f0 = app->frames;
        while (app->virtual_ms < stop) {
            int64_t next = ui_app_next_wakeup(app);
            if (next <= app->virtual_ms) next = app->virtual_ms + 1;
            app->virtual_ms = next < stop ? next : stop;
            pump(app);
        }
        d->wait_frames = app->frames - f0;
        settle(app);
        return 0;
    }
    if (!strcmp(cmd, "expect-frames")) {
        char *e0, *e1;
        long lo = a->n == 2 ? strtol(a->v[0], &e0, 10) : -1, hi = a->n == 2 ? strtol(a->v[1], &e1, 10) : -1;
        if (a->n != 2 || *e0 || *e1 || lo < 0 || hi < lo) FAIL("expected a minimum and a maximum frame count");
        if (d->wait_frames < lo || d->wait_frames > hi)
            FAIL("the last wait drew %ld frames, not %ld to %ld", d->wait_frames, lo, hi);
        return 0;
    }
    if (!strcmp(cmd, "expect-animating") || !strcmp(cmd, "expect-not-animating")) {
        if (need_args(app, file, line, step, a, 0, "no arguments")) return -1;
        int want = cmd[7] == 'a';
        if (ui_app_animating(app) != want)
            FAIL("something %s", want ? "should animate now, but nothing does" : "animates now");
        return 0;
    }
    if (!strcmp(cmd, "expect-wakeup")) {
        char *end;
        double s = a->n == 1 ? strtod(a0, &end) : -1;
        if (a->n != 1 || *end || s < 0 || s > 86400) FAIL("expected seconds (0 to 86400)");
        ui_app_update(app); /* what the loop runs last before it sleeps */
        int64_t next = ui_app_next_wakeup(app);
        int64_t ahead = next == INT64_MAX ? INT64_MAX : next - app->virtual_ms;
        if (ahead < (int64_t)(s * 1000.0 + 0.5))
            FAIL("the loop's next wake-up is %lld ms away, not %g s or more", (long long)ahead, s);
        return 0;
    }
    if (!strcmp(cmd, "background") || !strcmp(cmd, "foreground")) {
        if (need_args(app, file, line, step, a, 0, "no arguments")) return -1;
        int bg = cmd[0] == 'b';
        push_simple(bg ? SDL_APP_WILLENTERBACKGROUND : SDL_APP_WILLENTERFOREGROUND);
        push_simple(bg ? SDL_APP_DIDENTERBACKGROUND : SDL_APP_DIDENTERFOREGROUND);
        settle(app);
        return 0;
    }
    if (!strcmp(cmd, "restart")) {
        if (need_args(app, file, line, step, a, 0, "no arguments")) return -1;
        d->opt.width_pt = (int)((float)app->ctx.metrics.width_px / app->ctx.metrics.density + 0.5f);
        d->opt.height_pt = (int)((float)app->ctx.metrics.height_px / app->ctx.metrics.density + 0.5f);
        int64_t now = app->virtual_ms;
        d->opt.start_virtual_ms = now;
        ui_app_destroy(app);
        d->app = NULL;
        SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
        char err[256];
        if (start_app(d, err, sizeof err) != 0) {
            fprintf(stderr, "%s:%d: %s: the app did not start again: %s\n", file, line, step, err);
            return -1;
        }
        d->app->virtual_ms = now;
        return 0;
    }
    if (!strcmp(cmd, "resize")) {
        int w, h;
        if (a->n != 2 || parse_size(a->v[0], a->v[1], &w, &h) != 0)
            FAIL("expected a width and a height in points (100-4000)");
        float k = app->ctx.metrics.density;
        ui_app_resize(app, (int)((float)w * k + 0.5f), (int)((float)h * k + 0.5f));
        settle(app);
        return 0;
    }
    if (!strcmp(cmd, "screenshot")) {
        if (need_args(app, file, line, step, a, 1, "one quoted name")) return -1;
        if (strchr(a0, '/')) FAIL("a screenshot name, not a path");
        return cmd_screenshot(d, file, line, step, a0);
    }
    if (!strcmp(cmd, "forbid") || !strcmp(cmd, "allow")) {
        if (need_args(app, file, line, step, a, 1, "one quoted text")) return -1;
        return cmd_forbid(d, file, line, step, a0, cmd[0] == 'a');
    }
    if (!strcmp(cmd, "expect-cues") || !strcmp(cmd, "expect-no-cues")) {
        int none = cmd[7] == 'n';
        if (need_args(app, file, line, step, a, none ? 0 : 1, none ? "no arguments" : "one quoted list of cues"))
            return -1;
        return cmd_cues(app, file, line, step, none ? NULL : a0);
    }
    if (!strcmp(cmd, "remember-slot") || !strcmp(cmd, "expect-same-slot")) {
        if (a->n != 1 && (a->n != 2 || cmd[0] == 'r')) FAIL("expected a quoted label (and, to compare, another)");
        return cmd_slot(d, file, line, step, a, cmd[0] == 'r');
    }
    if (!strcmp(cmd, "expect-chrome-at-most")) {
        if (need_args(app, file, line, step, a, 1, "a percentage")) return -1;
        return cmd_chrome_at_most(app, file, line, step, a0);
    }
    if (!strcmp(cmd, "expect-fits")) {
        if (need_args(app, file, line, step, a, 0, "no arguments")) return -1;
        return cmd_fits(app, file, line, step);
    }
    if (!strcmp(cmd, "expect-focus")) {
        if (need_args(app, file, line, step, a, 1, "one quoted label")) return -1;
        return cmd_expect_focus(app, file, line, step, a0);
    }
    if (!strcmp(cmd, "expect-no-focus-ring")) {
        if (need_args(app, file, line, step, a, 0, "no arguments")) return -1;
        return cmd_no_focus_ring(app, file, line, step);
    }
    if (!strcmp(cmd, "expect-toast-clear")) {
        if (need_args(app, file, line, step, a, 0, "no arguments")) return -1;
        return cmd_toast_clear(app, file, line, step);
    }
    if (!strcmp(cmd, "expect-whole")) {
        if (need_args(app, file, line, step, a, 1, "one quoted label")) return -1;
        return cmd_whole(app, file, line, step, a0);
    }
    if (!strcmp(cmd, "expect-top-at-most")) {
        if (need_args(app, file, line, step, a, 2, "a quoted label and points")) return -1;
        return cmd_top_at_most(app, file, line, step, a0, a->v[1]);
    }
    if (!strcmp(cmd, "dump")) {
        cmd_dump(app);
        return 0;
    }
    FAIL("unknown command \"%s\"", cmd);
}

/* The virtual clock: moved only by this file (`wait`, gestures, settle). */
static int64_t virtual_now(const ui_app *app) { return app->virtual_ms; }

ui_driver *ui_driver_new(const ui_app_options *opt, const char *shots_dir, char *err, size_t errlen)
{
    ui_driver *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->opt = *opt;
    d->opt.headless = 1;
    if (!d->opt.routes) d->opt.routes = ui_screens_routes();
    /* Records are timed from a fixed moment (UI_DRIVER_EPOCH_MS) plus
     * virtual time, so runs and screenshots repeat.  The smallest KDF only
     * on request (INNERMOST_TEST_KDF=min, read here, in the test build
     * alone). */
    const char *kdf = getenv("INNERMOST_TEST_KDF");
    d->seam.now_ms = virtual_now;
    d->seam.epoch_ms = UI_DRIVER_EPOCH_MS;
    d->seam.kdf_min = kdf && !strcmp(kdf, "min");
    d->opt.seam = &d->seam;
    d->shots = shots_dir ? strdup(shots_dir) : NULL;
    ui_sound_record(1); /* headless: cues are logged for expect-cues, never played */
    if (start_app(d, err, errlen) != 0) {
        ui_driver_free(d);
        return NULL;
    }
    return d;
}

void ui_driver_free(ui_driver *d)
{
    if (!d) return;
    ui_app_destroy(d->app);
    free(d->shots);
    free(d);
}

/* `--script -`: one line at a time from stdin, each run before the next is
 * read, so a test runner can answer what the app showed (a `dump` of the
 * recovery code) with the next lines.  The line buffer is wiped. */
static int run_stdin(ui_driver *d)
{
    char line[ARG_LEN];
    int n = 0, status = 0;
    while (status == 0 && fgets(line, sizeof line, stdin)) {
        n++;
        line[strcspn(line, "\r\n")] = 0;
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (*p && *p != '#' && ui_driver_step(d, "stdin", n, p) != 0) status = 1;
    }
    im_mem_wipe(line, sizeof line);
    return status;
}

int ui_driver_run_file(ui_driver *d, const char *path)
{
    if (!strcmp(path, "-")) return run_stdin(d);
    size_t n = 0;
    char *buf = SDL_LoadFile(path, &n);
    if (!buf) {
        fprintf(stderr, "%s: cannot read the script: %s\n", path, SDL_GetError());
        return 1;
    }
    int line = 0, status = 0;
    for (char *p = buf; p && *p && status == 0;) {
        char *next = strchr(p, '\n');
        if (next) *next++ = 0;
        line++;
        while (*p == ' ' || *p == '\t') p++;
        if (*p && *p != '#' && *p != '\r' && ui_driver_step(d, path, line, p) != 0) status = 1;
        p = next;
    }
    SDL_free(buf);
    return status;
}
