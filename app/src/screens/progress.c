/*
 * progress.c -- the Progress area: pictures of what the person has done,
 * read from core's progress series when the screen opens.
 *
 *   mood over the last 30 days (dots by day, gaps where nothing was logged),
 *   the path (one segment per step, filled when done),
 *   ladder steps (discomfort before and after, paired bars, the latest ten),
 *   days with any practice (a square per day over the last 30 days, and the
 *   number of days in all -- a count that only grows; no streaks).
 *
 * When there is nothing at all the screen says so kindly instead of showing
 * empty axes.  Each chart's accessible label is its text summary.  At the
 * top, "Your work" opens what was answered in the exercises (your_work.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/content.h"
#include "innermost/progress.h"
#include "screens/areas.h"
#include "screens/charts.h"
#include "screens/journal_rows.h"
#include "screens/journal_screens.h"
#include "screens/your_work.h"
#include "widgets/basic.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"

#define DAYS_SHOWN 30
#define LADDER_SHOWN 10
#define PATH_MAX_STEPS 64

enum { PG_YOUR_WORK = 1 }; /* below the areas' actions (9000 and up) */

/* Everything the charts show, gathered once. */
typedef struct progress_data {
    int32_t today;
    int mood_avg[DAYS_SHOWN], mood_range[DAYS_SHOWN];
    int mood_days, last_mood, last_mood_day;
    int path_done, path_total;
    int before[LADDER_SHOWN], after[LADDER_SHOWN];
    int ladder_n, ladder_total;
    int practice[DAYS_SHOWN];
    size_t practice_30, practice_all;
} progress_data;

static void gather_mood(progress_data *p, im_journal *j)
{
    im_mood_day *days = NULL;
    size_t n = 0;
    if (im_progress_mood_by_day(j, p->today - (DAYS_SHOWN - 1), p->today, &days, &n) != IM_OK) return;
    for (size_t i = 0; i < n && i < DAYS_SHOWN; i++) {
        if (days[i].count == 0) continue;
        p->mood_avg[i] = days[i].average_x100;
        p->mood_range[i] = days[i].min * 10 + days[i].max;
        p->mood_days++;
        p->last_mood = (days[i].average_x100 + 50) / 100;
        p->last_mood_day = days[i].day;
    }
    free(days);
}

static void gather_path(progress_data *p, ui_app *app, im_vault *v)
{
    const im_item *steps[PATH_MAX_STEPS];
    p->path_total = ui_app_content(app) ? (int)im_library_path(ui_app_content(app), steps, PATH_MAX_STEPS) : 0;
    if (p->path_total > PATH_MAX_STEPS) p->path_total = PATH_MAX_STEPS;
    size_t done = 0;
    if (im_progress_path_steps_done(v, &done) == IM_OK) p->path_done = (int)done;
    if (p->path_done > p->path_total) p->path_done = p->path_total;
}

static void gather_ladder(progress_data *p, im_vault *v)
{
    im_progress_event *ev = NULL;
    size_t n = 0;
    if (im_progress_ladder(v, NULL, &ev, &n) != IM_OK) return;
    for (size_t i = 0; i < n; i++) {
        if (ev[i].type != IM_PROGRESS_LADDER_STEP || ev[i].before < 0 || ev[i].after < 0) continue;
        p->ladder_total++;
        if (p->ladder_n == LADDER_SHOWN) { /* keep the latest: shift left */
            memmove(p->before, p->before + 1, (LADDER_SHOWN - 1) * sizeof p->before[0]);
            memmove(p->after, p->after + 1, (LADDER_SHOWN - 1) * sizeof p->after[0]);
            p->ladder_n--;
        }
        p->before[p->ladder_n] = ev[i].before;
        p->after[p->ladder_n] = ev[i].after;
        p->ladder_n++;
    }
    free(ev);
}

static void gather_practice(progress_data *p, im_vault *v)
{
    uint32_t *counts = NULL;
    if (im_progress_practice_days(v, p->today - (DAYS_SHOWN - 1), p->today, &counts, &p->practice_30) == IM_OK) {
        for (int i = 0; i < DAYS_SHOWN; i++) p->practice[i] = counts[i] > 0;
        free(counts);
    }
    if (im_progress_practice_days(v, p->today - (IM_PROGRESS_RANGE_MAX_DAYS - 1), p->today, NULL, &p->practice_all) !=
        IM_OK)
        p->practice_all = p->practice_30; /* unreadable: at least what the month shows */
}

static int has_anything(const progress_data *p)
{
    return p->mood_days || p->path_done || p->ladder_total || p->practice_all;
}

/* A card with a heading and a chart. */
static void add_chart(ui_widget *col, const char *title, const chart_spec *spec)
{
    ui_widget *card = ui_widget_add(col, ui_card_new());
    if (!card) return;
    ui_widget_add(card, ui_label_new(title, UI_TEXT_HEADING));
    ui_widget_add(card, ui_chart_new(spec));
}

static void add_mood(ui_widget *col, const progress_data *p)
{
    char summary[300], first[32], last[32];
    if (p->mood_days) {
        char when[80];
        jr_day_text(p->last_mood_day, p->today, when, sizeof when);
        snprintf(summary, sizeof summary, ui_str(STR_PROGRESS_MOOD_SUMMARY), p->mood_days, jr_mood_word(p->last_mood),
                 when);
    } else {
        snprintf(summary, sizeof summary, "%s", ui_str(STR_PROGRESS_MOOD_NONE));
    }
    jr_day_short(p->today - (DAYS_SHOWN - 1), first, sizeof first);
    snprintf(last, sizeof last, "%s", ui_str(STR_JOURNAL_TODAY));
    chart_spec spec = { .kind = CHART_MOOD,
                        .summary = summary,
                        .n = DAYS_SHOWN,
                        .a = p->mood_avg,
                        .b = p->mood_range,
                        .foot_left = first,
                        .foot_right = last,
                        .axis_top = jr_mood_word(5),
                        .axis_bottom = jr_mood_word(1) };
    add_chart(col, ui_str(STR_PROGRESS_MOOD_TITLE), &spec);
}

static void add_path(ui_widget *col, const progress_data *p)
{
    if (p->path_total == 0) return;
    char summary[200];
    snprintf(summary, sizeof summary, ui_str(STR_PROGRESS_PATH_SUMMARY), p->path_done, p->path_total);
    chart_spec spec = { .kind = CHART_SEGMENTS, .summary = summary, .n = p->path_total, .a = &p->path_done };
    add_chart(col, ui_str(STR_PROGRESS_PATH_TITLE), &spec);
}

static void add_ladder(ui_widget *col, const progress_data *p)
{
    char summary[400], pairs[240] = "";
    if (p->ladder_total) {
        for (int i = 0; i < p->ladder_n; i++) {
            char one[32];
            snprintf(one, sizeof one, ui_str(STR_PROGRESS_LADDER_PAIR), p->before[i], p->after[i]);
            size_t used = strlen(pairs);
            snprintf(pairs + used, sizeof pairs - used, "%s%s", i ? ", " : "", one);
        }
        snprintf(summary, sizeof summary, ui_str(STR_PROGRESS_LADDER_SUMMARY), p->ladder_total, pairs);
    } else {
        snprintf(summary, sizeof summary, "%s", ui_str(STR_PROGRESS_LADDER_NONE));
    }
    if (!p->ladder_total) { /* no empty axes: a plain line says it */
        ui_widget *card = ui_widget_add(col, ui_card_new());
        if (!card) return;
        ui_widget_add(card, ui_label_new(ui_str(STR_PROGRESS_LADDER_TITLE), UI_TEXT_HEADING));
        ui_widget_add(card, ui_label_new(summary, UI_TEXT_SMALL));
        return;
    }
    chart_spec spec = { .kind = CHART_PAIRS,
                        .summary = summary,
                        .n = p->ladder_n,
                        .a = p->before,
                        .b = p->after,
                        .legend_a = ui_str(STR_PROGRESS_BEFORE),
                        .legend_b = ui_str(STR_PROGRESS_AFTER) };
    add_chart(col, ui_str(STR_PROGRESS_LADDER_TITLE), &spec);
}

static void add_practice(ui_widget *col, const progress_data *p)
{
    char summary[200], first[32];
    snprintf(summary, sizeof summary, ui_str(STR_PROGRESS_PRACTICE_SUMMARY), (int)p->practice_30, (int)p->practice_all);
    jr_day_short(p->today - (DAYS_SHOWN - 1), first, sizeof first);
    chart_spec spec = { .kind = CHART_DAYS,
                        .summary = summary,
                        .n = DAYS_SHOWN,
                        .a = p->practice,
                        .foot_left = first,
                        .foot_right = ui_str(STR_JOURNAL_TODAY) };
    add_chart(col, ui_str(STR_PROGRESS_PRACTICE_TITLE), &spec);
}

static ui_widget *build_body(ui_app *app, ui_session *sess)
{
    progress_data *p = calloc(1, sizeof *p);
    ui_widget *col = ui_column_new(16, UI_SPACING_PT);
    if (!p || !col) {
        free(p);
        ui_widget_free(col);
        return NULL;
    }
    p->today = jr_today(im_clock_now_ms(im_vault_clock(sess->vault)));
    gather_mood(p, sess->journal);
    gather_path(p, app, sess->vault);
    gather_ladder(p, sess->vault);
    gather_practice(p, sess->vault);
    ui_widget_add(col, ui_button_new(ui_str(STR_YOUR_WORK_TITLE), UI_BUTTON_SECONDARY, PG_YOUR_WORK));
    if (!has_anything(p)) {
        ui_widget *card = ui_widget_add(col, ui_card_new());
        if (card) {
            ui_widget_add(card, ui_label_new(ui_str(STR_PROGRESS_EMPTY_TITLE), UI_TEXT_HEADING));
            ui_widget_add(card, ui_label_new(ui_str(STR_PROGRESS_EMPTY_BODY), UI_TEXT_BODY));
        }
    } else {
        add_mood(col, p);
        add_path(col, p);
        add_ladder(col, p);
        add_practice(col, p);
    }
    free(p);
    return ui_scroll_new(col);
}

static void progress_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    (void)s;
    if (a->kind == PG_YOUR_WORK) ui_nav_push(app, ui_screen_new(app, &ui_your_work_class, NULL));
    else ui_area_handle_action(app, a);
}

static int progress_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)args;
    ui_session *sess = ui_session_of(app);
    if (!sess || !sess->journal || !sess->vault) return -1;
    s->title = ui_str(STR_PROGRESS_TITLE);
    s->root = ui_area_frame(UI_AREA_PROGRESS, s->title);
    ui_widget *body = s->root ? build_body(app, sess) : NULL;
    if (!body) return -1;
    ui_frame_set_body(s->root, body);
    return 0;
}

const ui_screen_class ui_progress_class = { .name = "progress", .build = progress_build, .action = progress_action };
