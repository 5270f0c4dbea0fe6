/* areas.c -- the area table and the frame every area shares; see areas.h. */
#include "screens/areas.h"

#include <stdlib.h>

#include "app/strings.h"
#include "screens/journal_screens.h"
#include "screens/player.h"
#include "screens/start.h"
#include "screens/together.h"
#include "widgets/basic.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"

/* One line per area: its title and the function that builds it (NULL: a
 * placeholder).  Owners: home, settings -- shell; path, practice --
 * player; journal, progress -- journal-ui; together -- together. */
static const struct {
    ui_str_id title;
    ui_area_ctor make;
} areas[UI_AREA_COUNT] = {
    [UI_AREA_HOME] = { STR_AREA_HOME, ui_home_screen },
    [UI_AREA_PATH] = { STR_AREA_PATH, ui_path_screen },
    [UI_AREA_PRACTICE] = { STR_AREA_PRACTICE, ui_practice_screen },
    [UI_AREA_TOGETHER] = { STR_AREA_TOGETHER, ui_together_screen },
    [UI_AREA_JOURNAL] = { STR_AREA_JOURNAL, journal_list_screen },
    [UI_AREA_PROGRESS] = { STR_AREA_PROGRESS, progress_screen },
    [UI_AREA_SETTINGS] = { STR_AREA_SETTINGS, ui_settings_screen },
};

/* The tabs, in the order they are shown. */
static const ui_area tabs[] = { UI_AREA_HOME, UI_AREA_PATH, UI_AREA_PRACTICE, UI_AREA_JOURNAL, UI_AREA_PROGRESS };
#define NTABS (int)(sizeof tabs / sizeof tabs[0])

int ui_area_is_tab(ui_area area)
{
    for (int i = 0; i < NTABS; i++)
        if (tabs[i] == area) return 1;
    return 0;
}

const char *ui_area_title(ui_area area)
{
    return area >= 0 && area < UI_AREA_COUNT ? ui_str(areas[area].title) : "";
}

ui_screen *ui_area_screen(ui_app *app, ui_area area)
{
    if (area < 0 || area >= UI_AREA_COUNT) return NULL;
    return areas[area].make ? areas[area].make(app) : ui_area_placeholder(app, area);
}

ui_widget *ui_area_frame(ui_area area, const char *title)
{
    int tab = ui_area_is_tab(area);
    ui_widget *frame = ui_frame_new(title ? title : ui_area_title(area), tab ? 0 : UI_ACT_AREA_BACK);
    if (!frame || !tab) return frame;
    const char *labels[NTABS];
    int selected = 0;
    for (int i = 0; i < NTABS; i++) {
        labels[i] = ui_area_title(tabs[i]);
        if (tabs[i] == area) selected = i;
    }
    ui_frame_set_nav(frame, labels, NTABS, selected, UI_ACT_AREA_TAB);
    return frame;
}

int ui_area_handle_action(ui_app *app, const ui_action *a)
{
    if (a->kind == UI_ACT_AREA_TAB) {
        if (a->value >= 0 && a->value < NTABS) ui_session_open_area(app, tabs[a->value]);
        return 1;
    }
    if (a->kind == UI_ACT_AREA_BACK) {
        ui_nav_back(app);
        return 1;
    }
    return 0;
}

static void simple_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    (void)s;
    ui_area_handle_action(app, a);
}

static void simple_destroy(ui_screen *s) { free(s); }

ui_screen *ui_area_simple_screen(ui_area area, const char *title, ui_widget *col)
{
    ui_screen *s = calloc(1, sizeof *s);
    ui_widget *frame = ui_area_frame(area, title);
    ui_widget *scroll = col ? ui_scroll_new(col) : NULL; /* frees col if it fails */
    if (!s || !frame || !scroll) {
        free(s);
        ui_widget_free(frame);
        ui_widget_free(scroll);
        return NULL;
    }
    ui_frame_set_body(frame, scroll);
    s->title = ui_area_title(area);
    s->root = frame;
    s->on_action = simple_action;
    s->destroy = simple_destroy;
    return s;
}

ui_screen *ui_area_placeholder(ui_app *app, ui_area area)
{
    (void)app;
    ui_widget *col = ui_column_new(16, UI_SPACING_PT);
    if (!col) return NULL;
    ui_widget_add(col, ui_label_new(ui_str(STR_AREA_SOON), UI_TEXT_BODY));
    return ui_area_simple_screen(area, NULL, col);
}
