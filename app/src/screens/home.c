/*
 * home.c -- Home: a "today" card (the next step on the path, a short
 * check-in) and the ways into the other areas.
 *
 * The next step is the first path item (in the content's step order) with
 * no IM_PROGRESS_PATH_STEP event in the progress log.
 *
 * The check-in: picking a mood logs an IM_PROGRESS_CHECKIN event
 * (im_progress_checkin), not a journal entry: the journal holds only what a
 * person wrote.  The Progress screen's mood chart draws check-ins beside
 * entries' moods (im_progress_mood_by_day), and today's latest one shows
 * as the chosen chip whenever Home is built, after an unlock too.  A second
 * pick on the same Home corrects that check-in rather than adding one.
 * "Very low" twice in a row brings the care card (care.h) instead of the
 * thank-you.
 *
 * Check-ins made by earlier versions are journal entries titled
 * "Check-in"; they stay as they are (the person's own records: they can
 * read, edit or delete them like any entry).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/strings.h"
#include "innermost/progress.h"
#include "screens/areas.h"
#include "screens/care.h"
#include "screens/player.h"
#include "screens/start.h"
#include "widgets/basic.h"
#include "widgets/controls.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"

#define PATH_MAX_STEPS 64

enum { ACT_OPEN_STEP = 1, ACT_MOOD, ACT_TOGETHER, ACT_SETTINGS, ACT_LOCK };

typedef struct home {
    ui_widget *checkin_note;
    int64_t checkin_id; /* the check-in this visit made: a second pick changes it */
    char next_item[IM_PROGRESS_ID_MAX_BYTES + 1];
} home;

/* Index in path[] of the first step not done; n when all are done. */
static size_t next_step(ui_session *s, const im_item **path, size_t n)
{
    im_progress_event *ev = NULL;
    size_t nev = 0;
    if (im_progress_events(s->vault, IM_PROGRESS_PATH_STEP, INT64_MIN, INT64_MAX, &ev, &nev) != IM_OK) return 0;
    size_t i;
    for (i = 0; i < n; i++) {
        int done = 0;
        for (size_t k = 0; k < nev && !done; k++) done = !strcmp(ev[k].item, path[i]->id);
        if (!done) break;
    }
    free(ev);
    return i;
}

/* The mood of today's latest check-in, IM_MOOD_NONE if none. */
static int todays_checkin(ui_session *s)
{
    if (!s->vault) return IM_MOOD_NONE;
    int64_t now = im_clock_now_ms(&s->clock);
    int mood = IM_MOOD_NONE;
    if (im_progress_checkin_on(s->vault, im_day_from_ms(now, im_local_tz_offset_min(now)), &mood) != IM_OK)
        return IM_MOOD_NONE;
    return mood;
}

/* The today card; mood: today's check-in, shown as the chosen chip. */
static void add_today(ui_app *app, home *h, ui_widget *col, int mood)
{
    ui_session *s = ui_session_of(app);
    ui_widget *card = ui_widget_add(col, ui_card_new());
    if (!card) return;
    ui_widget_add(card, ui_label_new(ui_str(STR_HOME_TODAY), UI_TEXT_HEADING));
    const im_item *path[PATH_MAX_STEPS];
    size_t n = ui_app_content(app) ? im_library_path(ui_app_content(app), path, PATH_MAX_STEPS) : 0;
    if (n > 0) {
        size_t i = next_step(s, path, n);
        if (i < n) {
            char line[128];
            snprintf(line, sizeof line, ui_str(STR_HOME_NEXT_STEP), (int)i + 1, (int)n);
            ui_widget_add(card, ui_label_new(line, UI_TEXT_SMALL));
            ui_widget_add(card, ui_label_new(path[i]->title, UI_TEXT_HEADING));
            if (path[i]->summary) ui_widget_add(card, ui_label_new(path[i]->summary, UI_TEXT_BODY));
            snprintf(h->next_item, sizeof h->next_item, "%s", path[i]->id);
            ui_widget_add(card, ui_button_new(ui_str(STR_HOME_OPEN_STEP), UI_BUTTON_PRIMARY, ACT_OPEN_STEP));
        } else {
            ui_widget_add(card, ui_label_new(ui_str(STR_HOME_PATH_DONE), UI_TEXT_BODY));
        }
    }
    ui_widget_add(card, ui_label_new(ui_str(STR_HOME_CHECKIN), UI_TEXT_HEADING));
    ui_widget *chips = ui_widget_add(card, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    for (int m = IM_MOOD_VERY_LOW; m <= IM_MOOD_VERY_GOOD && chips; m++) {
        ui_widget *chip = ui_widget_add(chips, ui_chip_new(im_mood_word(m), ACT_MOOD));
        if (chip) chip->value = m == mood;
    }
}

/* A button with a line under it saying where it goes. */
static void add_place(ui_widget *col, ui_area area, ui_str_id note, int action)
{
    ui_widget *b = ui_widget_add(col, ui_button_new(ui_area_title(area), UI_BUTTON_SECONDARY, action));
    (void)b;
    ui_widget_add(col, ui_label_new(ui_str(note), UI_TEXT_SMALL));
}

static void check_in(ui_app *app, home *h, int mood)
{
    ui_session *s = ui_session_of(app);
    if (!s->vault || mood < IM_MOOD_VERY_LOW || mood > IM_MOOD_VERY_GOOD) return;
    im_rc rc = im_progress_checkin(s->vault, mood, &h->checkin_id);
    int hard = 0;
    if (rc == IM_OK && im_progress_checkin_is_hard(s->vault, h->checkin_id, &hard) != IM_OK) hard = 0;
    char msg[200];
    /* after "Very low" twice, the care card speaks instead of a thank-you */
    if (rc == IM_OK)
        snprintf(msg, sizeof msg, ui_str(hard ? STR_HOME_CHECKED_IN : STR_HOME_CHECKIN_SAVED), im_mood_word(mood));
    else snprintf(msg, sizeof msg, "%s", im_rc_message(rc));
    ui_label_set_text(h->checkin_note, &app->ctx, msg);
    if (hard) ui_care_open(app);
}

static void home_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    if (ui_area_handle_action(app, a)) return;
    home *h = scr->state;
    switch (a->kind) {
    case ACT_OPEN_STEP: ui_session_open_area_with(app, UI_AREA_PATH, &(ui_path_args){ h->next_item }); break;
    case ACT_MOOD: check_in(app, h, a->value + IM_MOOD_VERY_LOW); break;
    case ACT_TOGETHER: ui_session_open_area(app, UI_AREA_TOGETHER); break;
    case ACT_SETTINGS: ui_session_open_area(app, UI_AREA_SETTINGS); break;
    case ACT_LOCK: ui_session_lock(ui_session_of(app)); break;
    default: break;
    }
}

static void home_free(ui_screen *s) { free(s->state); }

/* The frame is Home's own: its title greets the person by name. */
static int home_build(ui_app *app, ui_screen *scr, const void *args)
{
    (void)args;
    ui_session *s = ui_session_of(app);
    home *h = scr->state = calloc(1, sizeof *h);
    char title[UI_NAME_MAX + 32];
    if (s->name[0]) snprintf(title, sizeof title, ui_str(STR_HOME_HELLO), s->name);
    else snprintf(title, sizeof title, "%s", ui_str(STR_HOME_HELLO_PLAIN));
    ui_widget *frame = scr->root = ui_area_frame(UI_AREA_HOME, title);
    ui_widget *col = ui_column_new(16, 12);
    scr->title = ui_area_title(UI_AREA_HOME);
    if (!h || !frame || !col) {
        ui_widget_free(col);
        return -1;
    }
    int mood = todays_checkin(s);
    add_today(app, h, col, mood);
    char note[160] = "";
    if (mood) snprintf(note, sizeof note, ui_str(STR_HOME_CHECKED_IN), im_mood_word(mood));
    h->checkin_note = ui_widget_add(col, ui_label_new(note, UI_TEXT_SMALL));
    ui_widget_add(col, ui_label_new(ui_str(STR_HOME_PLACES), UI_TEXT_HEADING));
    add_place(col, UI_AREA_TOGETHER, STR_HOME_TOGETHER_NOTE, ACT_TOGETHER);
    add_place(col, UI_AREA_SETTINGS, STR_HOME_SETTINGS_NOTE, ACT_SETTINGS);
    ui_widget_add(col, ui_button_new(ui_str(STR_LOCK_NOW), UI_BUTTON_TEXT, ACT_LOCK));
    if (!h->checkin_note) {
        ui_widget_free(col);
        return -1;
    }
    ui_widget *scroll = ui_scroll_new(col); /* frees col if it fails */
    if (!scroll) return -1;
    ui_frame_set_body(frame, scroll);
    return 0;
}

const ui_screen_class ui_home_class = { .name = "home", .build = home_build, .action = home_action, .free = home_free };
