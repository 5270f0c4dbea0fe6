/*
 * progress.c -- the Progress area: pictures of what the person has done,
 * read from core's progress series when the screen opens.
 *
 *   mood over the last 30 days (dots by day, gaps where nothing was logged),
 *   the path (its steps by name, a filled marker when done),
 *   ladder rungs by name, each with its tries' discomfort before and after
 *   (paired bars with their numbers, the latest ten),
 *   days with any practice (a calendar of the last 30 days under weekday
 *   names; a tapped day says what was practised that day; and the number
 *   of days in all -- a count that only grows; no streaks).
 *
 * When there is nothing at all the screen says so kindly instead of showing
 * empty axes.  Each chart's accessible label is its text summary.  At the
 * top, "Your work" opens what was answered in the exercises (your_work.h).
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/content.h"
#include "innermost/progress.h"
#include "innermost/wipe.h"
#include "screens/areas.h"
#include "screens/charts.h"
#include "screens/journal_rows.h"
#include "screens/journal_screens.h"
#include "screens/your_work.h"
#include "widgets/basic.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"

#define DAYS_SHOWN 30
#define WEEK_SHOWN 7
#define LADDER_SHOWN 10
#define RUNGS_SHOWN 6
#define PATH_MAX_STEPS 64
#define DAY_DETAIL_MAX 320
#define DAY_NAME_MAX 80

enum { PG_YOUR_WORK = 1 }; /* below the areas' actions (9000 and up) */

/* One rung of a ladder (its words, as the person wrote them) and its
 * latest tries, oldest first. */
typedef struct rung_tries {
    char name[IM_PROGRESS_ID_MAX_BYTES + 1];
    int before[LADDER_SHOWN], after[LADDER_SHOWN];
    int32_t day[LADDER_SHOWN];
    int n, total;
} rung_tries;

/* Everything the charts show, gathered once (wiped before it is freed:
 * it holds the rungs' words and what was practised). */
typedef struct progress_data {
    int32_t today;
    int mood_avg[DAYS_SHOWN], mood_range[DAYS_SHOWN], mood_count[DAYS_SHOWN];
    int mood_days, last_mood, last_mood_day;
    int path_total, path_done_n;
    int path_done[PATH_MAX_STEPS];
    const char *path_names[PATH_MAX_STEPS];
    rung_tries rungs[RUNGS_SHOWN];
    int nrungs, ladder_total;
    int practice[DAYS_SHOWN], mday[DAYS_SHOWN];
    char day_name[DAYS_SHOWN][DAY_NAME_MAX];
    char day_detail[DAYS_SHOWN][DAY_DETAIL_MAX];
    char mood_detail[DAYS_SHOWN][DAY_DETAIL_MAX]; /* what a tap on a mood day says */
    size_t practice_30, practice_all;
    int practice_7;
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
        p->mood_count[i] = days[i].count;
        p->mood_days++;
        p->last_mood = (days[i].average_x100 + 50) / 100;
        p->last_mood_day = days[i].day;
    }
    free(days);
}

/* The path's steps by name, each marked done when a PATH_STEP event names
 * it (the Path screen's own rule). */
static void gather_path(progress_data *p, ui_app *app, im_vault *v)
{
    const im_item *steps[PATH_MAX_STEPS];
    const im_library *lib = ui_app_content(app);
    size_t n = lib ? im_library_path(lib, steps, PATH_MAX_STEPS) : 0;
    p->path_total = n > PATH_MAX_STEPS ? PATH_MAX_STEPS : (int)n;
    for (int k = 0; k < p->path_total; k++) p->path_names[k] = steps[k]->title ? steps[k]->title : steps[k]->id;
    im_progress_event *ev = NULL;
    size_t m = 0;
    if (im_progress_events(v, IM_PROGRESS_PATH_STEP, 0, INT64_MAX, &ev, &m) != IM_OK) return;
    for (size_t i = 0; i < m; i++)
        for (int k = 0; k < p->path_total; k++)
            if (!p->path_done[k] && strcmp(ev[i].item, steps[k]->id) == 0) {
                p->path_done[k] = 1;
                p->path_done_n++;
            }
    free(ev);
}

/* The rung called name, added (while there is room) when new. */
static rung_tries *rung_for(progress_data *p, const char *name)
{
    for (int r = 0; r < p->nrungs; r++)
        if (strcmp(p->rungs[r].name, name) == 0) return &p->rungs[r];
    if (p->nrungs == RUNGS_SHOWN) return NULL;
    rung_tries *t = &p->rungs[p->nrungs++];
    snprintf(t->name, sizeof t->name, "%s", name);
    return t;
}

/* A try of a rung, keeping its latest LADDER_SHOWN. */
static void add_try(rung_tries *t, int before, int after, int32_t day)
{
    t->total++;
    if (t->n == LADDER_SHOWN) { /* keep the latest: shift left */
        memmove(t->before, t->before + 1, (LADDER_SHOWN - 1) * sizeof t->before[0]);
        memmove(t->after, t->after + 1, (LADDER_SHOWN - 1) * sizeof t->after[0]);
        memmove(t->day, t->day + 1, (LADDER_SHOWN - 1) * sizeof t->day[0]);
        t->n--;
    }
    t->before[t->n] = before;
    t->after[t->n] = after;
    t->day[t->n] = day;
    t->n++;
}

static void gather_ladder(progress_data *p, im_vault *v)
{
    im_progress_event *ev = NULL;
    size_t n = 0;
    if (im_progress_ladder(v, NULL, &ev, &n) != IM_OK) return;
    for (size_t i = 0; i < n; i++) {
        if (ev[i].type != IM_PROGRESS_LADDER_STEP || ev[i].before < 0 || ev[i].after < 0) continue;
        p->ladder_total++;
        rung_tries *t = rung_for(p, ev[i].step[0] ? ev[i].step : ev[i].item);
        if (t) add_try(t, ev[i].before, ev[i].after, ev[i].day);
    }
    im_mem_wipe(ev, n * sizeof *ev);
    free(ev);
}

/* What an event's item is called: its exercise's or item's title. */
static const char *item_title(const im_library *lib, const char *id)
{
    const im_exercise *ex = lib ? im_library_find_exercise(lib, id) : NULL;
    if (ex && ex->title) return ex->title;
    const im_item *it = lib ? im_library_find_item(lib, id) : NULL;
    return it && it->title ? it->title : NULL;
}

/* Appends title to the day's list of what was practised, once. */
static void add_practised(char *list, size_t cap, const char *title)
{
    if (!title || strstr(list, title)) return;
    size_t used = strlen(list);
    snprintf(list + used, cap - used, "%s%s", used ? ", " : "", title);
}

/* Each day's name and the line a tap on it shows: what was practised
 * (the practice events of that day, by title). */
static void gather_day_details(progress_data *p, ui_app *app, im_vault *v)
{
    const im_library *lib = ui_app_content(app);
    int32_t first = p->today - (DAYS_SHOWN - 1);
    char done[DAYS_SHOWN][DAY_DETAIL_MAX];
    memset(done, 0, sizeof done);
    im_progress_event *ev = NULL;
    size_t n = 0;
    int64_t from = ((int64_t)first - 1) * 86400000; /* a day early: the local offset */
    if (im_progress_events(v, IM_PROGRESS_PRACTICE, from, INT64_MAX, &ev, &n) == IM_OK) {
        for (size_t i = 0; i < n; i++)
            if (ev[i].day >= first && ev[i].day <= p->today)
                add_practised(done[ev[i].day - first], DAY_DETAIL_MAX, item_title(lib, ev[i].item));
        free(ev);
    }
    for (int i = 0; i < DAYS_SHOWN; i++) {
        time_t at = (time_t)(first + i) * 86400;
        struct tm tm;
        p->mday[i] = gmtime_r(&at, &tm) ? tm.tm_mday : 0;
        jr_date_text(first + i, p->day_name[i], DAY_NAME_MAX);
        if (done[i][0] || p->practice[i])
            snprintf(p->day_detail[i], DAY_DETAIL_MAX, ui_str(STR_PROGRESS_DAY_DETAIL), p->day_name[i],
                     done[i][0] ? done[i] : ui_str(STR_PROGRESS_DAY_SOME));
        else snprintf(p->day_detail[i], DAY_DETAIL_MAX, ui_str(STR_PROGRESS_DAY_NONE), p->day_name[i]);
    }
    im_mem_wipe(done, sizeof done);
}

static void gather_practice(progress_data *p, ui_app *app, im_vault *v)
{
    uint32_t *counts = NULL;
    if (im_progress_practice_days(v, p->today - (DAYS_SHOWN - 1), p->today, &counts, &p->practice_30) == IM_OK) {
        for (int i = 0; i < DAYS_SHOWN; i++) p->practice[i] = counts[i] > 0;
        free(counts);
    }
    for (int i = DAYS_SHOWN - WEEK_SHOWN; i < DAYS_SHOWN; i++) p->practice_7 += p->practice[i];
    if (im_progress_practice_days(v, p->today - (IM_PROGRESS_RANGE_MAX_DAYS - 1), p->today, NULL, &p->practice_all) !=
        IM_OK)
        p->practice_all = p->practice_30; /* unreadable: at least what the month shows */
    gather_day_details(p, app, v);
}

static int has_anything(const progress_data *p)
{
    return p->mood_days || p->path_done_n || p->ladder_total || p->practice_all;
}

/* A card with a heading and a chart. */
static ui_widget *add_chart(ui_widget *col, const char *title, const chart_spec *spec)
{
    ui_widget *card = ui_widget_add(col, ui_card_new());
    if (!card) return NULL;
    ui_widget_add(card, ui_label_new(title, UI_TEXT_HEADING));
    ui_widget_add(card, ui_chart_new(spec));
    return card;
}

/* What a tap on day i of the mood chart says: the day, its mood, and
 * when more than one was logged, the mean, the range and how many. */
static void say_mood_day(const progress_data *p, int i, char *out, size_t cap)
{
    int lo = p->mood_range[i] / 10, hi = p->mood_range[i] % 10, mean = (p->mood_avg[i] + 50) / 100;
    if (p->mood_count[i] <= 1 || lo == hi)
        snprintf(out, cap, ui_str(p->mood_count[i] <= 1 ? STR_PROGRESS_MOOD_DAY_ONE : STR_PROGRESS_MOOD_DAY_SAME),
                 p->day_name[i], jr_mood_word(mean), p->mood_count[i]);
    else
        snprintf(out, cap, ui_str(STR_PROGRESS_MOOD_DAY_RANGE), p->day_name[i], jr_mood_word(mean), jr_mood_word(lo),
                 jr_mood_word(hi), p->mood_count[i]);
}

static void add_mood(ui_widget *col, const progress_data *p)
{
    char summary[300], first[32], last[32];
    const char *details[DAYS_SHOWN];
    for (int i = 0; i < DAYS_SHOWN; i++) details[i] = p->mood_avg[i] > 0 ? p->mood_detail[i] : NULL;
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
                        .axis_bottom = jr_mood_word(1),
                        .details = p->mood_days ? details : NULL };
    add_chart(col, ui_str(STR_PROGRESS_MOOD_TITLE), &spec);
}

static void add_path(ui_widget *col, const progress_data *p)
{
    if (p->path_total == 0) return;
    char summary[600], names[480] = "";
    for (int k = 0; k < p->path_total; k++)
        if (p->path_done[k]) add_practised(names, sizeof names, p->path_names[k]);
    snprintf(summary, sizeof summary, ui_str(STR_PROGRESS_PATH_SUMMARY), p->path_done_n, p->path_total,
             names[0] ? ": " : "", names);
    chart_spec spec = {
        .kind = CHART_STEPS, .summary = summary, .n = p->path_total, .a = p->path_done, .names = p->path_names
    };
    add_chart(col, ui_str(STR_PROGRESS_PATH_TITLE), &spec);
}

/* One rung: its words over its tries' paired bars (the legend over the
 * first rung only). */
static void add_rung(ui_widget *card, const rung_tries *t, int with_legend)
{
    char summary[800], pairs[240] = "";
    for (int i = 0; i < t->n; i++) {
        char one[32];
        snprintf(one, sizeof one, ui_str(STR_PROGRESS_LADDER_PAIR), t->before[i], t->after[i]);
        size_t used = strlen(pairs);
        snprintf(pairs + used, sizeof pairs - used, "%s%s", i ? ", " : "", one);
    }
    snprintf(summary, sizeof summary, ui_str(STR_PROGRESS_RUNG_SUMMARY), t->name, pairs);
    /* each try by name ("<rung>, try 2") and what a tap on it says */
    char names[LADDER_SHOWN][IM_PROGRESS_ID_MAX_BYTES + 32], details[LADDER_SHOWN][IM_PROGRESS_ID_MAX_BYTES + 160];
    const char *name_of_try[LADDER_SHOWN], *detail_of_try[LADDER_SHOWN];
    for (int i = 0; i < t->n; i++) {
        char day[DAY_NAME_MAX];
        int number = t->total - t->n + i + 1;
        jr_date_text(t->day[i], day, sizeof day);
        snprintf(names[i], sizeof names[i], ui_str(STR_PROGRESS_TRY_NAME), t->name, number);
        snprintf(details[i], sizeof details[i], ui_str(STR_PROGRESS_TRY_DETAIL), t->name, number, day, t->before[i],
                 t->after[i]);
        name_of_try[i] = names[i];
        detail_of_try[i] = details[i];
    }
    ui_widget_add(card, ui_label_new(t->name, UI_TEXT_BODY));
    chart_spec spec = { .kind = CHART_PAIRS,
                        .summary = summary,
                        .n = t->n,
                        .a = t->before,
                        .b = t->after,
                        .names = name_of_try,
                        .details = detail_of_try,
                        .legend_a = with_legend ? ui_str(STR_PROGRESS_BEFORE) : NULL,
                        .legend_b = with_legend ? ui_str(STR_PROGRESS_AFTER) : NULL };
    ui_widget_add(card, ui_chart_new(&spec));
    im_mem_wipe(summary, sizeof summary);
    im_mem_wipe(names, sizeof names);
    im_mem_wipe(details, sizeof details);
}

static void add_ladder(ui_widget *col, const progress_data *p)
{
    char summary[400];
    ui_widget *card = ui_widget_add(col, ui_card_new());
    if (!card) return;
    ui_widget_add(card, ui_label_new(ui_str(STR_PROGRESS_LADDER_TITLE), UI_TEXT_HEADING));
    if (!p->ladder_total) { /* no empty axes: a plain line says it */
        ui_widget_add(card, ui_label_new(ui_str(STR_PROGRESS_LADDER_NONE), UI_TEXT_SMALL));
        return;
    }
    snprintf(summary, sizeof summary, ui_str(STR_PROGRESS_LADDER_SUMMARY), p->nrungs, p->ladder_total);
    ui_widget_add(card, ui_label_new(summary, UI_TEXT_SMALL));
    for (int r = 0; r < p->nrungs; r++) add_rung(card, &p->rungs[r], r == 0);
}

static void add_practice(ui_widget *col, const progress_data *p)
{
    char summary[240], first[32], span[96];
    const char *names[DAYS_SHOWN], *details[DAYS_SHOWN], *weekdays[7];
    for (int i = 0; i < DAYS_SHOWN; i++) names[i] = p->day_name[i], details[i] = p->day_detail[i];
    for (int k = 0; k < 7; k++) weekdays[k] = ui_str((ui_str_id)(STR_WEEKDAY_SHORT_0 + (k + 1) % 7));
    snprintf(summary, sizeof summary, ui_str(STR_PROGRESS_PRACTICE_SUMMARY), p->practice_7, (int)p->practice_30,
             (int)p->practice_all);
    int32_t day0 = p->today - (DAYS_SHOWN - 1);
    jr_day_short(day0, first, sizeof first);
    snprintf(span, sizeof span, ui_str(STR_PROGRESS_DAYS_SPAN), first);
    chart_spec spec = { .kind = CHART_DAYS,
                        .summary = summary,
                        .n = DAYS_SHOWN,
                        .a = p->practice,
                        .names = names,
                        .details = details,
                        .day_of_month = p->mday,
                        .first_weekday = (int)((((int64_t)day0 % 7) + 7 + 3) % 7), /* 1970-01-01: a Thursday */
                        .weekdays = weekdays,
                        .foot_left = span };
    ui_widget *card = add_chart(col, ui_str(STR_PROGRESS_PRACTICE_TITLE), &spec);
    if (card) ui_widget_add(card, ui_label_new(ui_str(STR_PROGRESS_TAP_DAY), UI_TEXT_SMALL));
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
    gather_practice(p, app, sess->vault);
    for (int i = 0; i < DAYS_SHOWN; i++)
        if (p->mood_avg[i] > 0) say_mood_day(p, i, p->mood_detail[i], sizeof p->mood_detail[i]);
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
    im_mem_wipe_free(p, sizeof *p);
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
