/*
 * path.c -- the two lists of the solo experience: the Path (the ten steps
 * in order, what is done, what comes next) and Practice (the tools and
 * guides).  Both are top-level areas (tabs); a tap opens the item's page
 * (item.c).  Practice lists the tools, then each content 'section:' (its
 * tools and guides, headed by the section's name, in content order), then
 * the guides.  What is done comes from progress.h: a path step is done once
 * one of its exercises was finished.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/progress.h"
#include "screens/areas.h"
#include "screens/player.h"
#include "screens/support.h"
#include "widgets/basic.h"

#define PATH_STEPS_MAX 32

enum { LIST_OPEN = 1, LIST_SAFETY, LIST_OPEN_INDEX /* value: library index */ };

/* Which path items have a PATH_STEP event. */
static void path_done(ui_session *s, const im_item *const *steps, size_t n, int *done)
{
    im_progress_event *ev = NULL;
    size_t m = 0;
    memset(done, 0, n * sizeof *done);
    if (im_progress_events(s->vault, IM_PROGRESS_PATH_STEP, 0, INT64_MAX, &ev, &m) != IM_OK) return;
    for (size_t i = 0; i < m; i++)
        for (size_t k = 0; k < n; k++)
            if (strcmp(ev[i].item, steps[k]->id) == 0) done[k] = 1;
    free(ev);
}

/* One entry: a small line over a button with the title, the summary under. */
static void add_entry(ui_widget *col, const char *over, const im_item *item, int primary, size_t index)
{
    ui_widget *card = ui_widget_add(col, ui_card_new());
    if (!card) return;
    if (over) ui_widget_add(card, ui_label_new(over, UI_TEXT_SMALL));
    ui_widget *b = ui_widget_add(
        card, ui_button_new(item->title, primary ? UI_BUTTON_PRIMARY : UI_BUTTON_SECONDARY, LIST_OPEN));
    if (b) b->value = (int)index;
    if (item->summary) ui_widget_add(card, ui_label_new(item->summary, UI_TEXT_SMALL));
}

/* The index of item in the library (what LIST_OPEN carries). */
static size_t library_index(const im_library *lib, const im_item *item)
{
    for (size_t i = 0; i < im_library_item_count(lib); i++)
        if (strcmp(im_library_item(lib, i)->id, item->id) == 0) return i;
    return 0;
}

static void list_action(ui_app *app, ui_screen *s, const ui_action *a, ui_area area)
{
    (void)s;
    if (ui_area_handle_action(app, a)) return;
    switch (a->kind) {
    case LIST_OPEN: {
        int i = a->source ? a->source->value : -1; /* buttons carry their index */
        if (i >= 0 && (size_t)i < im_library_item_count(ui_app_content(app)))
            ui_nav_push(app, ui_screen_new(app, &ui_item_class, im_library_item(ui_app_content(app), (size_t)i)));
        break;
    }
    case LIST_OPEN_INDEX:
        if (a->value >= 0 && (size_t)a->value < im_library_item_count(ui_app_content(app)))
            ui_nav_push(app,
                        ui_screen_new(app, &ui_item_class, im_library_item(ui_app_content(app), (size_t)a->value)));
        break;
    case LIST_SAFETY: ui_nav_push(app, ui_screen_new(app, &ui_safety_class, &(ui_safety_args){ "crisis", 0 })); break;
    case UI_ACT_PLAYER_CHANGED: ui_session_open_area(app, area); break; /* rebuilt with what changed */
    default: break;
    }
}

static void path_action(ui_app *app, ui_screen *s, const ui_action *a) { list_action(app, s, a, UI_AREA_PATH); }
static void practice_action(ui_app *app, ui_screen *s, const ui_action *a) { list_action(app, s, a, UI_AREA_PRACTICE); }

/* Home's "Open this step" names an item (ui_path_args): it opens on top of
 * the list once the list is shown (a queued action reaches the screen on
 * top of the stack, which by then is this one). */
static void open_asked_item(ui_app *app, const char *item_id)
{
    if (!item_id || !item_id[0] || !ui_app_content(app)) return;
    for (size_t i = 0; i < im_library_item_count(ui_app_content(app)); i++)
        if (strcmp(im_library_item(ui_app_content(app), i)->id, item_id) == 0) {
            ui_action a = { .kind = LIST_OPEN_INDEX, .value = (int)i };
            app->ctx.emit(app->ctx.host, &a);
        }
}

static int path_build(ui_app *app, ui_screen *scr, const void *args)
{
    const ui_path_args *pa = args;
    ui_session *s = ui_session_of(app);
    const im_item *steps[PATH_STEPS_MAX];
    size_t n = ui_app_content(app) ? im_library_path(ui_app_content(app), steps, PATH_STEPS_MAX) : 0;
    if (n > PATH_STEPS_MAX) n = PATH_STEPS_MAX;
    int done[PATH_STEPS_MAX];
    path_done(s, steps, n, done);
    size_t ndone = 0, next = n;
    for (size_t i = 0; i < n; i++) {
        ndone += (size_t)done[i];
        if (!done[i] && next == n) next = i;
    }
    ui_widget *col = scr->body = ui_column_new(16, 12);
    if (!col) return -1;
    scr->title = ui_area_title(UI_AREA_PATH);
    ui_widget_add(col, ui_label_new(ui_str(STR_PLAYER_PATH_INTRO), UI_TEXT_BODY));
    char buf[160];
    snprintf(buf, sizeof buf, ui_str(STR_PLAYER_PATH_DONE_COUNT), ndone, n);
    ui_widget_add(col, ui_label_new(buf, UI_TEXT_SMALL));
    for (size_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf,
                 ui_str(done[i]     ? STR_PLAYER_STEP_DONE
                        : i == next ? STR_PLAYER_STEP_NEXT
                                    : STR_PLAYER_STEP_N),
                 steps[i]->step);
        add_entry(col, buf, steps[i], i == next, library_index(ui_app_content(app), steps[i]));
    }
    open_asked_item(app, pa ? pa->item_id : NULL);
    return 0;
}

const ui_screen_class ui_path_class = {
    .name = "path",
    .options = UI_SCREEN_FRAMED,
    .area = UI_AREA_PATH,
    .frame = ui_area_screen_frame,
    .build = path_build,
    .action = path_action,
};

/* The items of one kind that have no section, under heading. */
static void add_kind(ui_app *app, ui_widget *col, im_item_kind kind, ui_str_id heading)
{
    int shown = 0;
    for (size_t i = 0; ui_app_content(app) && i < im_library_item_count(ui_app_content(app)); i++) {
        const im_item *it = im_library_item(ui_app_content(app), i);
        if (it->kind != kind || it->section) continue;
        if (!shown++) ui_widget_add(col, ui_label_new(ui_str(heading), UI_TEXT_HEADING));
        add_entry(col, NULL, it, 0, i);
    }
}

static int listed_in_sections(const im_item *it)
{
    return it->section && (it->kind == IM_ITEM_PRACTICE || it->kind == IM_ITEM_GUIDE);
}

/* Each section once, where its first item stands, with all its items. */
static void add_sections(ui_app *app, ui_widget *col)
{
    const im_library *lib = ui_app_content(app);
    size_t n = lib ? im_library_item_count(lib) : 0;
    for (size_t i = 0; i < n; i++) {
        const im_item *first = im_library_item(lib, i);
        if (!listed_in_sections(first)) continue;
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++) {
            const im_item *it = im_library_item(lib, k);
            seen = listed_in_sections(it) && strcmp(it->section, first->section) == 0;
        }
        if (seen) continue;
        ui_widget_add(col, ui_label_new(first->section, UI_TEXT_HEADING));
        for (size_t k = i; k < n; k++) {
            const im_item *it = im_library_item(lib, k);
            if (listed_in_sections(it) && strcmp(it->section, first->section) == 0) add_entry(col, NULL, it, 0, k);
        }
    }
}

static int practice_build(ui_app *app, ui_screen *scr, const void *args)
{
    (void)args;
    ui_widget *col = scr->body = ui_column_new(16, 12);
    if (!col) return -1;
    scr->title = ui_area_title(UI_AREA_PRACTICE);
    ui_widget_add(col, ui_label_new(ui_str(STR_PLAYER_PRACTICE_INTRO), UI_TEXT_BODY));
    add_kind(app, col, IM_ITEM_PRACTICE, STR_PLAYER_TOOLS);
    add_sections(app, col);
    add_kind(app, col, IM_ITEM_GUIDE, STR_PLAYER_GUIDES);
    ui_widget_add(col, ui_button_new(ui_str(STR_PLAYER_SAFETY), UI_BUTTON_TEXT, LIST_SAFETY));
    return 0;
}

const ui_screen_class ui_practice_class = {
    .name = "practice",
    .options = UI_SCREEN_FRAMED,
    .area = UI_AREA_PRACTICE,
    .frame = ui_area_screen_frame,
    .build = practice_build,
    .action = practice_action,
};
