#define _POSIX_C_SOURCE 200809L
/*
 * test_ui_app.c -- the real app, headless, through the driver's API:
 * no frames while idle, a fling over the 10,000-row list that coasts and
 * stops by itself (its frame times are tests/bench's: bench_ui fling), no
 * glyph rasterized twice, touch and mouse not counted twice, no button
 * after a drag, password never drawn, reflow on resize and text size,
 * 48 pt targets with 8 pt spacing, a single-line field's scroll (its end
 * while typed, its start once left), and the lifecycle hooks.
 */
#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "app/lifecycle.h"
#include "app_harness.h"
#include "check.h"
#include "widgets/basic.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"
#include "widgets/textfield.h"

static th_app h;
static ui_app *app;

static void step(const char *line)
{
    CHECK(th_app_step(&h, line) == 0);
    app = th_app_ui(&h);
}

static ui_widget *find(ui_widget *w, const char *label)
{
    if (!w || (w->flags & UI_WF_HIDDEN))
        return NULL;
    if (w->label && strcmp(w->label, label) == 0)
        return w;
    for (ui_widget *c = w->first; c; c = c->next) {
        ui_widget *f = find(c, label);
        if (f)
            return f;
    }
    return NULL;
}

static ui_widget *find_class(ui_widget *w, const ui_class *cls)
{
    if (!w)
        return NULL;
    if (w->cls == cls)
        return w;
    for (ui_widget *c = w->first; c; c = c->next) {
        ui_widget *f = find_class(c, cls);
        if (f)
            return f;
    }
    return NULL;
}

static int drawn(const char *needle) { return th_app_drawn(&h, needle); }

static const char *status(void)
{
    ui_widget *root = ui_app_input_root(app);
    for (ui_widget *w = root; w;) { /* first label starting with "Last action" */
        if (w->label && strncmp(w->label, "Last action", 11) == 0)
            return w->label;
        if (w->first)
            w = w->first;
        else {
            while (w && !w->next)
                w = w->parent;
            if (w)
                w = w->next;
        }
    }
    return "";
}

static void test_idle(void)
{
    step("wait 1");
    long f0 = app->frames;
    step("wait 10");
    CHECK(app->frames == f0);
    CHECK(!ui_app_animating(app));
    CHECK(ui_app_next_wakeup(app) == INT64_MAX);
    /* a focused field blinks its caret, then rests */
    step("tap \"Name\"");
    long f1 = app->frames;
    step("wait 3");
    CHECK(app->frames > f1 + 3);
    step("wait 15");
    long f2 = app->frames;
    step("wait 10");
    CHECK(app->frames == f2);
    step("key Escape"); /* nothing to go back to: stays */
    step("tap \"Toolkit\"");
}

static void test_fling_list(void)
{
    step("tap \"List\"");
    step("expect \"Row 1\"");
    ui_text_stats t0 = ui_text_get_stats(app->ctx.text);
    long f0 = app->frames;
    step("swipe up");
    long frames = app->frames - f0;
    ui_text_stats t1 = ui_text_get_stats(app->ctx.text);
    CHECK(frames > 10);                    /* it coasted over many frames */
    CHECK(!ui_app_animating(app));         /* and stopped by itself */
    CHECK(t1.rasterized == t0.rasterized); /* the digits were all drawn before */
    step("expect-not \"Row 1\"");
    step("swipe down");
    step("swipe down");
    step("swipe down");
    step("swipe down");
    step("tap \"Gallery\"");
}

static void push_finger(Uint32 type, SDL_TouchID touch, float x, float y)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = type;
    e.tfinger.touchId = touch;
    e.tfinger.fingerId = 7;
    e.tfinger.x = x / (float)app->ctx.metrics.width_px;
    e.tfinger.y = y / (float)app->ctx.metrics.height_px;
    SDL_PushEvent(&e);
}

static void push_mouse(Uint32 type, Uint32 which, int x, int y)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = type;
    e.button.which = which;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
    e.button.x = x;
    e.button.y = y;
    SDL_PushEvent(&e);
}

static void test_touch_and_mouse_once(void)
{
    step("scroll-to \"Next step\"");
    ui_widget *b = find(ui_app_input_root(app), "Next step");
    REQUIRE(b != NULL);
    int x = b->rect.x + b->rect.w / 2, y = b->rect.y + b->rect.h / 2;
    /* a finger, plus the mouse events SDL synthesizes from it */
    push_finger(SDL_FINGERDOWN, 3, (float)x, (float)y);
    push_mouse(SDL_MOUSEBUTTONDOWN, SDL_TOUCH_MOUSEID, x, y);
    step("wait 0.1");
    push_finger(SDL_FINGERUP, 3, (float)x, (float)y);
    push_mouse(SDL_MOUSEBUTTONUP, SDL_TOUCH_MOUSEID, x, y);
    step("wait 0.1");
    if (!strstr(status(), "Step 2"))
        fprintf(stderr, "  status after touch: %s (button at %d,%d)\n", status(), x, y);
    step("expect \"Step 2 of 5\"");
    /* the mouse, plus the touch events SDL synthesizes from it */
    push_mouse(SDL_MOUSEBUTTONDOWN, 0, x, y);
    push_finger(SDL_FINGERDOWN, SDL_MOUSE_TOUCHID, (float)x, (float)y);
    step("wait 0.1");
    push_mouse(SDL_MOUSEBUTTONUP, 0, x, y);
    push_finger(SDL_FINGERUP, SDL_MOUSE_TOUCHID, (float)x, (float)y);
    step("wait 0.1");
    step("expect \"Step 3 of 5\"");
}

static void test_no_tap_after_drag(void)
{
    step("scroll-to \"Say hello\"");
    ui_widget *b = find(ui_app_input_root(app), "Say hello");
    REQUIRE(b != NULL);
    float x = (float)(b->rect.x + b->rect.w / 2), y = (float)(b->rect.y + b->rect.h / 2);
    char before[200];
    snprintf(before, sizeof before, "%s", status());
    push_finger(SDL_FINGERDOWN, 3, x, y);
    step("wait 0.02");
    for (int i = 1; i <= 5; i++) {
        push_finger(SDL_FINGERMOTION, 3, x, y + (float)(i * 12) * app->ctx.metrics.scale);
        step("wait 0.02");
    }
    step("wait 0.3"); /* held still: no fling either */
    push_finger(SDL_FINGERUP, 3, x, y + 60 * app->ctx.metrics.scale);
    step("wait 1");
    CHECK(strcmp(status(), before) == 0);
    CHECK(strstr(status(), "Tapped Say hello") == NULL);
    CHECK(!(b->flags & UI_WF_PRESSED));
}

static void test_password_never_drawn(void)
{
    step("scroll-to \"Passphrase\"");
    step("tap \"Passphrase\"");
    step("type \"Zq7secretword\"");
    step("expect \"Passphrase: 13 characters\"");
    CHECK(!drawn("Zq7"));
    CHECK(!drawn("secret"));
    CHECK(drawn("\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"));
    step("expect-not \"secret\"");
    /* Ctrl+C must not put it on the clipboard */
    SDL_SetClipboardText("before");
    step("key Ctrl+a");
    step("key Ctrl+c");
    char *clip = SDL_GetClipboardText();
    CHECK(clip && strstr(clip, "secret") == NULL);
    SDL_free(clip);
    /* shown only by the person's choice, and bullets again when the app
     * forgets what was typed (as on a lock) */
    step("tap \"Show passphrase\"");
    CHECK(drawn("Zq7secretword"));
    step("expect \"Hide passphrase\"");
    step("key Ctrl+a");
    step("key Ctrl+c");
    clip = SDL_GetClipboardText();
    CHECK(clip && strstr(clip, "secret") == NULL); /* shown is not copyable */
    SDL_free(clip);
    ui_app_forget_text(app);
    step("wait 0.1");
    CHECK(!drawn("Zq7"));
    CHECK(drawn("\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"));
    step("expect \"Show passphrase\"");
    step("key Escape");
    step("tap \"Toolkit\"");
}

/* The last frame's text run starting with `start`, and the clip it is
 * drawn in; 0 when there is none. */
static int text_run(const char *start, ui_rect *run, ui_rect *clip)
{
    ui_rect clips[32];
    int depth = 0;
    size_t n = strlen(start);
    for (size_t i = 0; i < app->dl.count; i++) {
        const ui_cmd *c = &app->dl.cmds[i];
        if (c->kind == UI_CMD_CLIP_PUSH && depth < 32)
            clips[depth++] = c->r;
        else if (c->kind == UI_CMD_CLIP_POP && depth > 0)
            depth--;
        else if (c->kind == UI_CMD_TEXT && depth > 0 && c->text_len >= (int)n &&
                 memcmp(ui_drawlist_text(&app->dl, c), start, n) == 0) {
            *run = c->r;
            *clip = clips[depth - 1];
            return 1;
        }
    }
    return 0;
}

/* A single-line field scrolled by typing past its width shows its end
 * with room after the caret while it is edited, keeps text on either side
 * of a caret moved back, and shows its start again once the focus leaves
 * (the draw list: where the text run sits in the field's clip). */
static void test_field_scroll(void)
{
    static const char *const words =
        "Start-of-it one two three four five six seven eight nine ten eleven-END";
    ui_rect run, clip;
    step("scroll-to \"Name\"");
    step("tap \"Name\"");
    step("type \"Start-of-it one two three four five six seven eight nine ten eleven-END\"");
    step("wait 0.05");
    CHECK(text_run(words, &run, &clip));
    CHECK(run.w > clip.w);                                        /* longer than the box: it scrolled */
    CHECK(run.x < clip.x);                                        /* the start is out of sight ... */
    CHECK(run.x + run.w <= clip.x + clip.w);                      /* ... the end in it */
    CHECK(run.x + run.w < clip.x + clip.w - ui_dp(&app->ctx, 8)); /* with room after the caret */
    /* the caret moved back past the box's left edge: text before it stays in sight */
    for (int i = 0; i < 40; i++)
        step("key Left");
    CHECK(text_run(words, &run, &clip));
    CHECK(run.x < clip.x); /* still scrolled, not back at the start */
    int caret = -1;
    for (size_t i = 0; i < app->dl.count; i++) {
        const ui_cmd *c = &app->dl.cmds[i];
        if (c->kind == UI_CMD_RECT && c->r.w == ui_dp(&app->ctx, 2) && c->r.x >= clip.x &&
            c->r.x < clip.x + clip.w && c->r.y >= clip.y && c->r.y < clip.y + clip.h)
            caret = c->r.x;
    }
    CHECK(caret >= 0);
    CHECK(caret - clip.x >= ui_dp(&app->ctx, 8)); /* context before the caret */
    /* the focus leaves: the field reads from its first word */
    step("key Tab");
    step("wait 0.05");
    CHECK(text_run(words, &run, &clip));
    CHECK(run.x >= clip.x);
    CHECK(run.x - clip.x <= ui_dp(&app->ctx, 16));
    step("tap \"Name\"");
    step("key Ctrl+a");
    step("key Backspace");
    step("key Escape");
}

/* An equal-or-stack row (Together's Yes | Maybe | Not now) of three
 * buttons too narrow for "Maybe" (as at 200 % text on a phone) stacks them rather than break the word: each button is at
 * least as wide as its longest word, and they do not overlap. */
static void test_equal_row_words(void)
{
    ui_ctx *c = &app->ctx;
    ui_widget *row = ui_row_new(UI_ROW_EQUAL_OR_STACK, UI_SPACING_PT);
    REQUIRE(row != NULL);
    ui_widget *b[3] = {ui_widget_add(row, ui_button_new("Yes", UI_BUTTON_SECONDARY, 1)),
                       ui_widget_add(row, ui_button_new("Maybe", UI_BUTTON_SECONDARY, 2)),
                       ui_widget_add(row, ui_button_new("Not now", UI_BUTTON_SECONDARY, 3))};
    REQUIRE(b[0] && b[1] && b[2]);
    int word = ui_text_measure(c->text, UI_FACE_BOLD, ui_pt(c, 16), "Maybe", -1);
    int width = 2 * word; /* a third of it is narrower than the word */
    int h = ui_widget_measure(row, c, width);
    ui_widget_place(row, c, (ui_rect){0, 0, width, h});
    CHECK(b[1]->rect.w >= word);
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++) {
            ui_rect p = b[i]->rect, q = b[j]->rect;
            CHECK(p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y || q.y + q.h <= p.y);
        }
    /* wide enough: one line, equal shares, as before */
    width = 12 * word;
    h = ui_widget_measure(row, c, width);
    ui_widget_place(row, c, (ui_rect){0, 0, width, h});
    CHECK(b[0]->rect.y == b[2]->rect.y && b[0]->rect.w == b[2]->rect.w);
    ui_widget_free(row);
}

/* Every tappable widget is >= 48 pt tall and wide; siblings stacked in a
 * column keep >= 8 pt between them.  Density points (ui_dp): a target is
 * the size of a finger, whatever the text size, and grows past it only as
 * its words need. */
static void check_targets(ui_widget *w, int *checked)
{
    if (!w || (w->flags & UI_WF_HIDDEN))
        return;
    int min = ui_dp(&app->ctx, UI_TOUCH_TARGET_PT), gap = ui_dp(&app->ctx, UI_SPACING_PT);
    int leaf_target = (w->flags & UI_WF_INTERACTIVE) && !(w->flags & UI_WF_CLIPS) && w->label;
    if (leaf_target) {
        if (w->rect.h < min || w->rect.w < min)
            fprintf(stderr, "  target \"%s\" is %dx%d px, under %d\n", w->label, w->rect.w, w->rect.h, min);
        CHECK(w->rect.h >= min && w->rect.w >= min);
        (*checked)++;
        if (w->next && (w->next->flags & UI_WF_INTERACTIVE) && w->next->rect.x == w->rect.x)
            CHECK(w->next->rect.y - (w->rect.y + w->rect.h) >= gap);
    }
    for (ui_widget *c = w->first; c; c = c->next)
        check_targets(c, checked);
}

static void test_targets_and_reflow(void)
{
    int checked = 0;
    check_targets(ui_app_input_root(app), &checked);
    CHECK(checked >= 20);
    ui_widget *nav = find_class(ui_app_input_root(app), &ui_nav_class);
    REQUIRE(nav != NULL);
    step("scroll-to \"Hold me\"");
    ui_widget *hold = find(ui_app_input_root(app), "Hold me");
    REQUIRE(hold != NULL);
    int narrow_w = hold->rect.w;
    CHECK(nav->rect.w > nav->rect.h); /* phone: a tab bar */
    step("resize 844 390");           /* rotated */
    CHECK(nav->rect.h > nav->rect.w); /* wide: a side rail */
    CHECK(hold->rect.w > narrow_w);
    CHECK(hold->rect.x + hold->rect.w <= app->ctx.metrics.width_px);
    step("resize 390 844");
    CHECK(nav->rect.w > nav->rect.h);
    CHECK(hold->rect.w == narrow_w);
    /* text size 200 %: bigger targets, everything still inside the window */
    int h100 = hold->rect.h;
    step("scroll-to \"200%\"");
    step("tap \"200%\"");
    CHECK(app->ctx.metrics.text_scale == 2.0f);
    CHECK(hold->rect.h > h100);
    checked = 0;
    check_targets(ui_app_input_root(app), &checked);
    CHECK(checked >= 20);
    step("scroll-to \"100%\"");
    step("tap \"100%\"");
    CHECK(hold->rect.h == h100);
}

/* The wheel scrolls the view under the mouse; the editor keeps its caret
 * above an on-screen keyboard. */
static void test_wheel_and_keyboard(void)
{
    step("tap \"Gallery\"");
    ui_widget *page = find(ui_app_input_root(app), "End of gallery");
    REQUIRE(page != NULL);
    ui_widget *sv = page;
    while (sv && sv->cls != &ui_scroll_class)
        sv = sv->parent;
    REQUIRE(sv != NULL);
    im_scroller *s = ui_scroll_scroller(sv);
    step("scroll-to \"Say hello\"");
    double before = im_scroller_offset(s);
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_MOUSEMOTION;
    e.motion.x = sv->rect.x + sv->rect.w / 2;
    e.motion.y = sv->rect.y + sv->rect.h / 2;
    SDL_PushEvent(&e);
    SDL_zero(e);
    e.type = SDL_MOUSEWHEEL;
    e.wheel.y = -3; /* toward the person: the content moves up */
    /* SDL puts the pointer's place in every wheel event (2.26) */
    e.wheel.mouseX = sv->rect.x + sv->rect.w / 2;
    e.wheel.mouseY = sv->rect.y + sv->rect.h / 2;
    SDL_PushEvent(&e);
    step("wait 1");
    CHECK(im_scroller_offset(s) > before + 100);

    app->keyboard_sim_px = app->ctx.metrics.height_px * 2 / 5;
    step("scroll-to \"Notes\"");
    step("tap \"Notes\"");
    CHECK(app->ctx.keyboard_px == app->keyboard_sim_px);
    step("type \"1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n10\\n11\\n12 the caret is here\"");
    ui_widget *notes = find(ui_app_input_root(app), "Notes");
    REQUIRE(notes != NULL);
    int caret_bottom = notes->rect.y + notes->rect.h - ui_pt(&app->ctx, 12);
    int keyboard_top = app->ctx.metrics.height_px - app->ctx.keyboard_px;
    if (caret_bottom > keyboard_top)
        fprintf(stderr, "  caret bottom %d under the keyboard top %d\n", caret_bottom, keyboard_top);
    CHECK(caret_bottom <= keyboard_top);
    CHECK(caret_bottom > sv->rect.y);
    step("tap \"Toolkit\""); /* a tap elsewhere puts the keyboard away */
    CHECK(app->ctx.focus == NULL && app->ctx.keyboard_px == 0);
    app->keyboard_sim_px = 0;
}

/* IME composition: the preedit shows at the caret but is not text until
 * the IME commits it with SDL_TEXTINPUT. */
static void test_ime(void)
{
    step("tap \"Gallery\"");
    step("scroll-to \"Name\"");
    step("tap \"Name\"");
    ui_widget *name = app->ctx.focus;
    REQUIRE(name != NULL && name->cls == &ui_field_class);
    ui_field_set_text(name, &app->ctx, "Jos");
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_TEXTEDITING;
    snprintf(e.edit.text, sizeof e.edit.text, "%s", "e\xCC\x81"); /* e + combining acute */
    e.edit.start = 2;
    SDL_PushEvent(&e);
    step("wait 0.1");
    CHECK(strcmp(ui_field_text(name), "Jos") == 0);
    CHECK(drawn("Jose\xCC\x81"));
    SDL_zero(e);
    e.type = SDL_TEXTINPUT;
    snprintf(e.text.text, sizeof e.text.text, "%s", "\xC3\xA9");
    SDL_PushEvent(&e);
    step("wait 0.1");
    CHECK(strcmp(ui_field_text(name), "Jos\xC3\xA9") == 0);
    CHECK(drawn("Jos\xC3\xA9") && !drawn("\xCC\x81"));
    step("expect \"Name: Jos\xC3\xA9\"");
    step("tap \"Toolkit\"");
}

/* Refresh requests from anywhere coalesce into one event and one frame. */
static void test_refresh_coalesces(void)
{
    step("wait 1");
    long f0 = app->frames;
    for (int i = 0; i < 100; i++)
        ui_app_request_refresh(app);
    SDL_Event evs[8];
    int queued = SDL_PeepEvents(evs, 8, SDL_PEEKEVENT, app->refresh_event, app->refresh_event);
    CHECK(queued == 1);
    step("wait 0.1");
    CHECK(app->frames == f0 + 1);
    for (int i = 0; i < 3; i++)
        ui_app_request_refresh(app); /* after a frame, a new request counts */
    step("wait 0.1");
    CHECK(app->frames == f0 + 2);
}

/* Reduce motion: a sheet appears and a fling lands without animation frames. */
static void test_reduce_motion(void)
{
    step("tap \"Gallery\"");
    step("scroll-to \"Open sheet\"");
    long f0 = app->frames;
    step("tap \"Open sheet\"");
    long animated = app->frames - f0;
    step("key Escape");
    ui_app_set_reduce_motion(app, 1);
    f0 = app->frames;
    step("tap \"Open sheet\"");
    long instant = app->frames - f0;
    step("expect \"Start from a prompt\"");
    step("key Escape");
    CHECK(animated > 5);
    CHECK(instant <= 3);
    step("tap \"List\"");
    f0 = app->frames;
    step("swipe up");
    CHECK(app->frames - f0 <= 12); /* the finger's moves, then one landing frame */
    step("expect-not \"Row 1\"");
    step("tap \"Gallery\"");
    ui_app_set_reduce_motion(app, 0);
}

/* Sends an event with no payload, lets the app run, and says whether the
 * glyph atlas and the rounded-corner cache were dropped and rebuilt by it. */
static int atlas_rebuilt_by(Uint32 type)
{
    ui_text_stats s0 = ui_text_get_stats(app->ctx.text);
    ui_corners_stats c0 = ui_corners_get_stats(app->corners);
    SDL_Event e;
    SDL_zero(e);
    e.type = type;
    SDL_PushEvent(&e);
    step("wait 0.1");
    ui_text_stats s1 = ui_text_get_stats(app->ctx.text);
    ui_corners_stats c1 = ui_corners_get_stats(app->corners);
    return s1.atlas_resets == s0.atlas_resets + 1 && s1.rasterized > s0.rasterized &&
           c1.resets == c0.resets + 1 && c1.made > c0.made;
}

/* A lost render target or device: the atlas is rebuilt, text still shows. */
static void test_render_reset(void)
{
    CHECK(atlas_rebuilt_by(SDL_RENDER_DEVICE_RESET));
    CHECK(atlas_rebuilt_by(SDL_RENDER_TARGETS_RESET));
    ui_text_stats s1 = ui_text_get_stats(app->ctx.text);
    long r = s1.rasterized;
    ui_app_request_refresh(app);
    step("wait 0.1");
    CHECK(ui_text_get_stats(app->ctx.text).rasterized == r); /* cached again */
}

static int hook_calls;
static void count_hook(ui_app *a)
{
    (void)a;
    hook_calls++;
}

static void test_lifecycle(void)
{
    app->hooks.will_background = count_hook;
    app->hooks.did_foreground = count_hook;
    step("scroll-to \"Say hello\"");
    step("background");
    CHECK(hook_calls == 1);
    CHECK(SDL_AtomicGet(&app->lifecycle_count[UI_LC_BACKGROUND]) == 1);
    CHECK(drawn("Innermost"));
    CHECK(!drawn("Say hello")); /* the app-switcher snapshot shows nothing private */
    long f0 = app->frames;
    step("wait 5");
    CHECK(app->frames == f0); /* nothing is rendered in the background */
    step("foreground");
    CHECK(hook_calls == 2);
    CHECK(drawn("Say hello"));
    /* low memory drops the atlas; the next frame rebuilds it */
    CHECK(atlas_rebuilt_by(SDL_APP_LOWMEMORY));
}

int main(void)
{
    th_app_prepare(&h, "ui-app");
    h.opt.scale = 2.0f;
    h.opt.gallery = 1;
    th_app_start(&h);
    app = th_app_ui(&h);
    test_idle();
    test_fling_list();
    test_touch_and_mouse_once();
    test_no_tap_after_drag();
    test_password_never_drawn();
    test_field_scroll();
    test_equal_row_words();
    test_targets_and_reflow();
    test_wheel_and_keyboard();
    test_ime();
    test_refresh_coalesces();
    test_reduce_motion();
    test_render_reset();
    test_lifecycle();
    th_app_finish(&h);
    return im_check_done();
}
