/*
 * gallery.c -- every widget of the toolkit on one screen, labelled, so the
 * script tests (tests/ui) can tap, type, scroll and read them, and a person
 * can look at them (--gallery).
 * Tabs: Gallery (the widgets), List (10,000 virtual rows), About.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/gallery.h"
#include "innermost/content.h"
#include "input/textedit.h"
#include "widgets/basic.h"
#include "widgets/controls.h"
#include "widgets/frame.h"
#include "widgets/overlay.h"
#include "widgets/scrollview.h"
#include "widgets/textfield.h"

#define LIST_ROWS 10000

/* Symbols the gallery shows; tests check that a face has each of them. */
#define GALLERY_SYMBOLS "\xE2\x9C\x93 \xE2\x9C\x97 \xE2\x99\xA1 \xE2\x98\x85"

enum gallery_action {
    ACT_TAB = 1,
    ACT_HELLO,
    ACT_HOLD,
    ACT_HOLD_LONG,
    ACT_NAME_CHANGED,
    ACT_NAME_SUBMIT,
    ACT_PASS_CHANGED,
    ACT_NOTES_CHANGED,
    ACT_FEELING,
    ACT_CLOSENESS,
    ACT_DARK,
    ACT_REDUCE_MOTION,
    ACT_TEXT_SIZE,
    ACT_PREV_STEP,
    ACT_NEXT_STEP,
    ACT_OPEN_DIALOG,
    ACT_OPEN_SHEET,
    ACT_DISMISS,
    ACT_DIALOG_STAY,
    ACT_DIALOG_LEAVE,
    ACT_SHEET_PICK,
    ACT_TOAST,
    ACT_OPEN_DETAILS,
    ACT_BACK,
    ACT_ROW,
    ACT_ROW_LONG
};

typedef struct gallery {
    ui_widget *pages[3];
    ui_widget *status, *dots, *name, *pass, *notes, *saved;
} gallery;

static const float text_sizes[] = { 0.85f, 1.0f, 1.5f, 2.0f };

static void set_status(ui_app *app, gallery *g, const char *fmt, const char *arg, int n)
{
    char buf[300];
    char msg[200];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "", n);
    snprintf(buf, sizeof buf, "Last action: %s", msg);
    ui_label_set_text(g->status, &app->ctx, buf);
}

static void row_label(void *ctx, uint32_t row, char *buf, size_t cap)
{
    (void)ctx;
    snprintf(buf, cap, "Row %u", (unsigned)row + 1);
}

/* What ui-prefs.txt holds, shown so a restart can be checked by eye or script. */
static void show_saved(ui_app *app, gallery *g)
{
    char buf[160];
    snprintf(buf, sizeof buf, "Saved settings: %s theme, text %d%%, reduce motion %s",
             app->ctx.theme == UI_THEME_DARK ? "dark" : "light", (int)(app->text_scale * 100.0f + 0.5f),
             app->ctx.reduce_motion ? "on" : "off");
    ui_label_set_text(g->saved, &app->ctx, buf);
}

static ui_widget *page_widgets(gallery *g, ui_app *app)
{
    ui_widget *col = ui_column_new(16, UI_SPACING_PT);
    if (!col) return NULL;
    ui_widget_add(col, ui_label_new("Every widget of the toolkit, each with an accessible label. This paragraph "
                                    "is long on purpose: it wraps across lines at any width and reflows when "
                                    "the window turns or the text size changes.",
                                    UI_TEXT_BODY));

    ui_widget *card = ui_widget_add(col, ui_card_new());
    ui_widget_add(card, ui_label_new("A card", UI_TEXT_HEADING));
    ui_widget_add(card, ui_label_new("Cards group related things. Buttons act when the finger lifts, never "
                                     "after a drag.",
                                     UI_TEXT_SMALL));
    ui_widget_add(card, ui_button_new("Say hello", UI_BUTTON_PRIMARY, ACT_HELLO));
    ui_widget *hold = ui_widget_add(card, ui_button_new("Hold me", UI_BUTTON_SECONDARY, ACT_HOLD));
    if (hold) hold->long_action = ACT_HOLD_LONG;

    g->name = ui_widget_add(col, ui_field_new("Name", UI_FIELD_LINE, ACT_NAME_SUBMIT, ACT_NAME_CHANGED));
    g->pass = ui_widget_add(col, ui_field_new("Passphrase", UI_FIELD_PASSWORD, 0, ACT_PASS_CHANGED));
    g->notes = ui_widget_add(col, ui_field_new("Notes", UI_FIELD_EDITOR, 0, ACT_NOTES_CHANGED));

    ui_widget_add(col, ui_label_new("How do you feel?", UI_TEXT_HEADING));
    ui_widget *chips = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    static const char *const feelings[] = { "Calm", "Curious", "Tense", "Hopeful", "Unsure" };
    for (int i = 0; i < 5; i++) ui_widget_add(chips, ui_chip_new(feelings[i], ACT_FEELING));

    ui_widget_add(col, ui_slider_new("Closeness", 3, ACT_CLOSENESS));
    ui_widget_add(col, ui_toggle_new("Dark theme", app->ctx.theme == UI_THEME_DARK, ACT_DARK));
    ui_widget_add(col, ui_toggle_new("Reduce motion", app->ctx.reduce_motion, ACT_REDUCE_MOTION));

    ui_widget_add(col, ui_label_new("Text size", UI_TEXT_HEADING));
    ui_widget *sizes = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    static const char *const size_names[] = { "85%", "100%", "150%", "200%" };
    for (int i = 0; i < 4; i++) {
        ui_widget *chip = ui_widget_add(sizes, ui_chip_new(size_names[i], ACT_TEXT_SIZE));
        if (chip) chip->value = app->text_scale > text_sizes[i] - 0.01f && app->text_scale < text_sizes[i] + 0.01f;
    }

    g->saved = ui_widget_add(col, ui_label_new("", UI_TEXT_SMALL));

    ui_widget_add(col, ui_label_new("Progress", UI_TEXT_HEADING));
    g->dots = ui_widget_add(col, ui_dots_new(5, 0));
    ui_widget *steps = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    ui_widget_add(steps, ui_button_new("Previous step", UI_BUTTON_SECONDARY, ACT_PREV_STEP));
    ui_widget_add(steps, ui_button_new("Next step", UI_BUTTON_PRIMARY, ACT_NEXT_STEP));

    ui_widget_add(col, ui_button_new("Open dialog", UI_BUTTON_SECONDARY, ACT_OPEN_DIALOG));
    ui_widget_add(col, ui_button_new("Open sheet", UI_BUTTON_SECONDARY, ACT_OPEN_SHEET));
    ui_widget_add(col, ui_button_new("Show toast", UI_BUTTON_SECONDARY, ACT_TOAST));
    ui_widget_add(col, ui_button_new("Open details", UI_BUTTON_SECONDARY, ACT_OPEN_DETAILS));
    ui_widget_add(col, ui_label_new("End of gallery", UI_TEXT_SMALL));
    /* The status line stays put above the scrolling part, so a script can
     * read what the last action did wherever the page is scrolled. */
    ui_widget *page = ui_column_new(0, 0);
    if (!page) {
        ui_widget_free(col);
        return NULL;
    }
    ui_widget *strip = ui_widget_add(page, ui_column_new(16, 0));
    if (strip) strip->flags |= UI_WF_READABLE;
    g->status = strip ? ui_widget_add(strip, ui_label_new("Last action: none", UI_TEXT_SMALL)) : NULL;
    ui_widget *scroll = ui_widget_add(page, ui_scroll_new(col)); /* frees col if it fails */
    if (!scroll || !g->status) {
        ui_widget_free(page);
        return NULL;
    }
    page->flags |= UI_WF_FILL;
    return page;
}

static ui_widget *page_list(void) { return ui_list_new(LIST_ROWS, 56, row_label, NULL, ACT_ROW); }

static ui_widget *page_about(ui_app *app)
{
    ui_widget *col = ui_column_new(16, UI_SPACING_PT);
    if (!col) return NULL;
    char loaded[300];
    snprintf(loaded, sizeof loaded, "Content: %zu items, %s%s",
             ui_app_content(app) ? im_library_item_count(ui_app_content(app)) : 0,
             app->content_dir ? "from " : "built in", app->content_dir ? app->content_dir : "");
    ui_widget_add(col, ui_label_new("About this build", UI_TEXT_HEADING));
    ui_widget_add(col, ui_label_new("Innermost is a private companion for getting closer to people. This "
                                    "gallery shows the toolkit its screens are made of.",
                                    UI_TEXT_BODY));
    ui_widget_add(col, ui_label_new("Symbols come from a fallback face: " GALLERY_SYMBOLS, UI_TEXT_BODY));
    ui_widget_add(col, ui_label_new(loaded, UI_TEXT_SMALL));
    return ui_scroll_new(col);
}

static void show_tab(ui_app *app, gallery *g, int tab)
{
    for (int i = 0; i < 3; i++) {
        if (!g->pages[i]) continue;
        if (i == tab) g->pages[i]->flags &= ~(unsigned)UI_WF_HIDDEN;
        else g->pages[i]->flags |= UI_WF_HIDDEN;
    }
    ui_ctx_set_focus(&app->ctx, NULL);
    ui_ctx_relayout(&app->ctx);
}

static const ui_screen_class details_class;

static void open_dialog(ui_app *app)
{
    ui_widget *o = ui_overlay_new(UI_OVERLAY_DIALOG, "Leave this exercise?", ACT_DISMISS);
    if (!o) return;
    ui_widget *card = ui_overlay_card(o);
    ui_widget_add(card,
                  ui_label_new("Your answers so far are kept. You can come back to it at any time.", UI_TEXT_BODY));
    ui_widget *row = ui_widget_add(card, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    ui_widget_add(row, ui_button_new("Stay", UI_BUTTON_SECONDARY, ACT_DIALOG_STAY));
    ui_widget_add(row, ui_button_new("Leave", UI_BUTTON_PRIMARY, ACT_DIALOG_LEAVE));
    ui_app_show_overlay(app, o);
}

static void open_sheet(ui_app *app)
{
    ui_widget *o = ui_overlay_new(UI_OVERLAY_SHEET, "Start from a prompt", ACT_DISMISS);
    if (!o) return;
    ui_widget *card = ui_overlay_card(o);
    static const char *const prompts[] = { "What felt close today?", "What did you hold back?",
                                           "What would you like to ask for?" };
    for (int i = 0; i < 3; i++) {
        ui_widget *b = ui_widget_add(card, ui_button_new(prompts[i], UI_BUTTON_SECONDARY, ACT_SHEET_PICK));
        if (b) b->value = i;
    }
    ui_app_show_overlay(app, o);
}

static void on_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    gallery *g = s->state;
    const char *label = a->label; /* a->source may be gone once an overlay closes */
    char num[32];
    switch (a->kind) {
    case ACT_TAB: show_tab(app, g, a->value); break;
    case ACT_HELLO:
        set_status(app, g, "Tapped %s", label, 0);
        ui_app_toast(app, "Hello \xE2\x9C\x93");
        break;
    case ACT_HOLD: set_status(app, g, "Tapped %s", label, 0); break;
    case ACT_HOLD_LONG: set_status(app, g, "Long-pressed %s", label, 0); break;
    case ACT_NAME_CHANGED: set_status(app, g, "Name: %s", ui_field_text(g->name), 0); break;
    case ACT_NAME_SUBMIT: set_status(app, g, "Submitted name %s", ui_field_text(g->name), 0); break;
    case ACT_PASS_CHANGED:
        /* never the passphrase itself: only how long it is */
        set_status(app, g, "Passphrase: %s%d characters", "", (int)im_textedit_chars(ui_field_edit(g->pass)));
        break;
    case ACT_NOTES_CHANGED:
        set_status(app, g, "Notes: %s%d characters", "", (int)im_textedit_chars(ui_field_edit(g->notes)));
        break;
    case ACT_FEELING: set_status(app, g, "Chose %s", label, 0); break;
    case ACT_CLOSENESS:
        snprintf(num, sizeof num, "%d", a->value);
        set_status(app, g, "Closeness: %s", num, 0);
        break;
    case ACT_DARK:
        ui_app_set_theme(app, a->value ? UI_THEME_DARK : UI_THEME_LIGHT);
        set_status(app, g, "Dark theme: %s", a->value ? "on" : "off", 0);
        break;
    case ACT_REDUCE_MOTION:
        ui_app_set_reduce_motion(app, a->value);
        set_status(app, g, "Reduce motion: %s", a->value ? "on" : "off", 0);
        break;
    case ACT_TEXT_SIZE:
        if (a->value >= 0 && a->value < 4) ui_app_set_text_scale(app, text_sizes[a->value]);
        set_status(app, g, "Text size %s", label, 0);
        break;
    case ACT_PREV_STEP:
    case ACT_NEXT_STEP:
        ui_dots_set(g->dots, &app->ctx, g->dots->value + (a->kind == ACT_NEXT_STEP ? 1 : -1));
        set_status(app, g, "%s", g->dots->label, 0);
        break;
    case ACT_OPEN_DIALOG: open_dialog(app); break;
    case ACT_OPEN_SHEET: open_sheet(app); break;
    case ACT_DISMISS:
        ui_app_close_overlay(app);
        set_status(app, g, "Dismissed", NULL, 0);
        break;
    case ACT_DIALOG_STAY:
    case ACT_DIALOG_LEAVE:
    case ACT_SHEET_PICK:
        ui_app_close_overlay(app);
        set_status(app, g, "Chose %s", label, 0);
        break;
    case ACT_TOAST: ui_app_toast(app, "Saved \xE2\x9C\x93"); break;
    case ACT_OPEN_DETAILS: ui_nav_push(app, ui_screen_new(app, &details_class, NULL)); break;
    case ACT_ROW:
        snprintf(num, sizeof num, "Opened Row %d", a->value + 1);
        set_status(app, g, "%s", num, 0);
        ui_app_toast(app, num); /* the status line is on the other tab */
        break;
    default: break;
    }
    if (a->kind == ACT_DARK || a->kind == ACT_REDUCE_MOTION || a->kind == ACT_TEXT_SIZE) show_saved(app, g);
}

static void gallery_free(ui_screen *s) { free(s->state); }

static int gallery_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)args;
    gallery *g = s->state = calloc(1, sizeof *g);
    ui_widget *frame = s->root = ui_frame_new("Toolkit", 0);
    ui_widget *body = ui_column_new(0, 0);
    if (!g || !frame || !body) {
        ui_widget_free(body);
        return -1;
    }
    static const char *const tabs[] = { "Gallery", "List", "About" };
    ui_frame_set_nav(frame, tabs, 3, 0, ACT_TAB);
    body->flags |= UI_WF_FILL;
    /* The body column holds the three pages; one shows at a time. */
    ui_frame_set_body(frame, body);
    g->pages[0] = ui_widget_add(body, page_widgets(g, app));
    g->pages[1] = ui_widget_add(body, page_list());
    g->pages[2] = ui_widget_add(body, page_about(app));
    if (!g->pages[0] || !g->pages[1] || !g->pages[2] || !g->status || !g->saved) return -1;
    show_saved(app, g);
    show_tab(app, g, 0);
    s->title = "Gallery";
    return 0;
}

const ui_screen_class ui_gallery_class = {
    .name = "gallery", .build = gallery_build, .action = on_action, .free = gallery_free
};

/* ---- a pushed screen, to show the stack and Back ----------------------------- */

static void details_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    (void)s;
    if (a->kind == ACT_BACK) ui_nav_back(app);
}

static int details_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)app, (void)args;
    ui_widget *col = s->body = ui_column_new(16, UI_SPACING_PT);
    if (!col) return -1;
    s->title = "Details";
    s->back_action = ACT_BACK;
    ui_widget_add(col, ui_label_new("A second screen on the stack. Back, Esc or the phone's back key return "
                                    "to the gallery.",
                                    UI_TEXT_BODY));
    return 0;
}

static const ui_screen_class details_class = {
    .name = "details", .options = UI_SCREEN_FRAMED, .build = details_build, .action = details_action
};
