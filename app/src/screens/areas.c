/* areas.c -- the area table and the frame every area shares; see areas.h. */
#include "screens/areas.h"

#include "app/strings.h"
#include "screens/journal_screens.h"
#include "screens/player.h"
#include "screens/start.h"
#include "screens/together.h"
#include "widgets/frame.h"

/* One line per area: its title and its screen's class. */
static const struct {
    ui_str_id title;
    const ui_screen_class *cls;
} areas[UI_AREA_COUNT] = {
    [UI_AREA_HOME] = { STR_AREA_HOME, &ui_home_class },
    [UI_AREA_PATH] = { STR_AREA_PATH, &ui_path_class },
    [UI_AREA_PRACTICE] = { STR_AREA_PRACTICE, &ui_practice_class },
    [UI_AREA_TOGETHER] = { STR_AREA_TOGETHER, &ui_together_class },
    [UI_AREA_JOURNAL] = { STR_AREA_JOURNAL, &ui_journal_list_class },
    [UI_AREA_PROGRESS] = { STR_AREA_PROGRESS, &ui_progress_class },
    [UI_AREA_SETTINGS] = { STR_AREA_SETTINGS, &ui_settings_class },
};

/* The tabs, in the order they are shown. */
static const ui_area tabs[] = { UI_AREA_HOME, UI_AREA_PATH, UI_AREA_PRACTICE, UI_AREA_JOURNAL, UI_AREA_PROGRESS };
#define NTABS (int)(sizeof tabs / sizeof tabs[0])

/* Their icons, from the bundled Noto Sans Symbols 2 (fonts/): a house,
 * a road, a blossom, a pencil, a rising chart. */
static const char *const tab_icons[NTABS] = {
    "\xF0\x9F\x8F\xA0", /* U+1F3E0 HOUSE BUILDING */
    "\xE2\x9B\x99",     /* U+26D9 WHITE LEFT LANE MERGE: a road */
    "\xE2\x9D\x80",     /* U+2740 WHITE FLORETTE */
    "\xE2\x9C\x8E",     /* U+270E LOWER RIGHT PENCIL */
    "\xF0\x9F\x93\x88", /* U+1F4C8 CHART WITH UPWARDS TREND */
};

int ui_area_is_tab(int area)
{
    for (int i = 0; i < NTABS; i++)
        if ((int)tabs[i] == area) return 1;
    return 0;
}

const char *ui_area_title(ui_area area) { return area >= 0 && area < UI_AREA_COUNT ? ui_str(areas[area].title) : ""; }

const ui_screen_class *ui_area_class(int area) { return area >= 0 && area < UI_AREA_COUNT ? areas[area].cls : NULL; }

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
    ui_frame_set_nav_icons(frame, tab_icons, NTABS);
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

ui_widget *ui_area_screen_frame(const ui_screen *s) { return ui_area_frame(s->cls->area, NULL); }
