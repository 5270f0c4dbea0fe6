/*
 * export.c -- the readable Markdown export (see export.h).
 *
 * Built in one im_wbuf (which wipes what it leaves behind when it grows),
 * section by section: journal, progress (with the person's ladder),
 * exercise results.  User text goes in as written; only titles are kept
 * on one line, and prompts are quoted.
 * Content ids (events, links) are looked up in the library and shown by
 * their titles; an id the content no longer knows is named as such.
 */
#include "innermost/export.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "atomic_file.h"
#include "innermost/engine.h"
#include "innermost/ladder.h"
#include "innermost/progress.h"
#include "journal_internal.h"
#include "markdown.h"
#include "record_codec.h"

/* ---- Text helpers ----------------------------------------------------------- */

static void putf(im_wbuf *w, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        im_wbuf_raw(w, buf,
                    (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* Civil date from days since 1970-01-01 (H. Hinnant's algorithm). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

void im_export_day_text(int32_t day, char buf[11])
{
    int y, m, d;
    char tmp[48];
    civil_from_days(day, &y, &m, &d);
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, d);
    memcpy(buf, tmp, 10);
    buf[10] = 0;
}

/* "HH:MM" of a time in its local offset. */
static void time_text(int64_t ms, int32_t tz_min, char buf[6])
{
    int64_t local = ms + (int64_t)tz_min * 60000;
    int64_t min_of_day = ((local / 60000) % 1440 + 1440) % 1440;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%02d:%02d", (int)(min_of_day / 60),
             (int)(min_of_day % 60));
    memcpy(buf, tmp, 5);
    buf[5] = 0;
}

/* Each line of s as a Markdown quote. */
static void put_quoted(im_wbuf *w, const char *s)
{
    im_md_put(w, "> ");
    for (const char *p = s; *p; p++) {
        im_wbuf_raw(w, p, 1);
        if (*p == '\n')
            im_md_put(w, "> ");
    }
    im_md_put(w, "\n\n");
}

static int in_range(const im_export_options *o, int32_t day)
{
    return day >= o->from_day && day <= o->to_day;
}

/* ---- Sections ---------------------------------------------------------------- */

/* The title of what prompted an entry (an exercise or an item), or NULL
 * when the content does not know it: an id is never printed. */
static const char *link_title(const im_library *lib, const char *id)
{
    if (!lib || !id)
        return NULL;
    const im_exercise *ex = im_library_find_exercise(lib, id);
    if (ex && ex->title)
        return ex->title;
    const im_item *it = im_library_find_item(lib, id);
    return it ? it->title : NULL;
}

static im_rc put_entry(im_wbuf *w, const im_entry *e, const im_library *lib)
{
    char hm[6];
    time_text(e->created_ms, e->tz_offset_min, hm);
    putf(w, "#### %s", hm);
    if (e->title) {
        im_md_put(w, " - ");
        im_md_put_one_line(w, e->title);
    }
    im_md_put(w, "\n\n");
    if (e->mood)
        putf(w, "*Mood: %s (%d of 5)*\n\n", im_mood_word(e->mood), e->mood);
    /* the step or answer inside it (link_ref) is an id: the prompt,
     * quoted below, says the same in words */
    const char *from = link_title(lib, e->link_item);
    if (from) {
        im_md_put(w, "*Written after: ");
        im_md_put_one_line(w, from);
        im_md_put(w, "*\n\n");
    }
    if (e->prompt)
        put_quoted(w, e->prompt);
    im_md_put_lines(w, e->body);
    im_md_put(w, "\n\n");
    if (e->edited_ms != e->created_ms) {
        char day[11];
        int32_t d = im_day_from_ms(e->edited_ms, e->tz_offset_min);
        im_export_day_text(d, day);
        time_text(e->edited_ms, e->tz_offset_min, hm);
        putf(w, "*(edited %s %s)*\n\n", day, hm);
    }
    return im_wbuf_rc(w);
}

static im_rc put_journal(im_wbuf *w, im_journal *j, const im_export_options *o)
{
    im_md_put(w, "## Journal\n\n");
    int32_t last_day = 0;
    size_t shown = 0;
    im_rc rc = IM_OK;
    /* The index is newest first; walk it backwards. */
    for (size_t i = j->index.n; i-- > 0 && rc == IM_OK;) {
        const im_jnode *node = j->index.v[i];
        if (!in_range(o, node->day))
            continue;
        im_entry e;
        rc = im_journal_get(j, node->id, &e);
        if (rc != IM_OK)
            break;
        if (shown == 0 || node->day != last_day) {
            char day[11];
            im_export_day_text(node->day, day);
            putf(w, "### %s\n\n", day);
            last_day = node->day;
        }
        rc = put_entry(w, &e, o->library);
        im_entry_free(&e);
        shown++;
    }
    if (rc == IM_OK && shown == 0)
        im_md_put(w, "No entries in this range.\n\n");
    return rc;
}

/* ---- The runs, listed ----------------------------------------------------------- */

typedef struct run_list {
    const im_library *lib;
    int32_t from_day, to_day;
    im_export_run_info *v;
    size_t n, cap;
    im_rc rc;
} run_list;

static int list_run(void *ctx, int64_t id, im_rc rc, const unsigned char *data,
                    size_t len)
{
    run_list *l = ctx;
    im_export_run_info info;
    if (rc != IM_OK ||
        im_export_run_describe(l->lib, data, len, &info) != IM_OK ||
        info.day < l->from_day || info.day > l->to_day)
        return 0; /* damaged, gone from the content, or nothing in it */
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        im_export_run_info *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->rc = IM_ERR_NOMEM;
            return 1;
        }
        l->v = v;
        l->cap = cap;
    }
    info.id = id;
    l->v[l->n++] = info;
    return 0;
}

static int cmp_run(const void *a, const void *b)
{
    const im_export_run_info *x = a, *y = b;
    if (x->changed_ms != y->changed_ms)
        return x->changed_ms < y->changed_ms ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The runs of v in the days, oldest first, into l (free l->v). */
static im_rc list_runs(im_vault *v, run_list *l)
{
    im_rc rc = im_record_foreach(v, IM_KIND_RUN, list_run, l);
    if (rc == IM_OK)
        rc = l->rc;
    if (rc != IM_OK) {
        free(l->v);
        l->v = NULL;
        l->n = 0;
        return rc;
    }
    if (l->n)
        qsort(l->v, l->n, sizeof *l->v, cmp_run);
    return IM_OK;
}

im_rc im_export_runs(im_journal *j, const im_library *lib, int32_t from_day,
                     int32_t to_day, im_export_run_info **out, size_t *n)
{
    if (!lib || !out || !n || from_day > to_day)
        return IM_ERR_INVALID;
    *out = NULL;
    *n = 0;
    im_rc rc = im_journal_ready(j);
    if (rc != IM_OK)
        return rc;
    run_list l = {lib, from_day, to_day, NULL, 0, 0, IM_OK};
    rc = list_runs(j->v, &l);
    if (rc == IM_OK) {
        *out = l.v;
        *n = l.n;
    }
    return rc;
}

/* ---- Progress ---------------------------------------------------------------------- */

/* What stands for a title the export cannot give: without the library,
 * the kind of thing only; with it, that the content no longer has it. */
static const char *untitled(const im_library *lib, int step)
{
    if (!lib)
        return step ? "a path step" : "an exercise";
    return step ? "a step no longer in the app"
                : "an exercise no longer in the app";
}

static const im_exercise *find_exercise(const im_library *lib, const char *id)
{
    return lib ? im_library_find_exercise(lib, id) : NULL;
}

static const char *exercise_title(const im_library *lib, const char *id)
{
    const im_exercise *ex = find_exercise(lib, id);
    return ex && ex->title ? ex->title : untitled(lib, 0);
}

/* The run that logged practice e: of the same exercise, started before it
 * and last changed at or after it; NULL when none is kept. */
static const im_export_run_info *run_of(const run_list *runs,
                                        const im_progress_event *e)
{
    const im_export_run_info *found = NULL;
    for (size_t i = 0; i < runs->n; i++) {
        const im_export_run_info *r = &runs->v[i];
        if (strcmp(r->exercise_id, e->item) == 0 && r->started_ms <= e->at_ms &&
            r->changed_ms >= e->at_ms)
            found = r;
    }
    return found;
}

/* ", 2 minutes" when the run that logged practice e was timed. */
static void put_practice_time(im_wbuf *w, const run_list *runs,
                              const im_progress_event *e)
{
    const im_export_run_info *r = run_of(runs, e);
    if (r && r->practice_ms > 0) {
        im_md_put(w, ", ");
        im_md_put_duration(w, r->practice_ms);
    }
}

/* "Practised: Exercise (Item), 2 minutes". */
static void put_practice(im_wbuf *w, const im_library *lib,
                         const run_list *runs, const im_progress_event *e)
{
    const im_exercise *ex = find_exercise(lib, e->item);
    im_md_put(w, "Practised: ");
    im_md_put_one_line(w, exercise_title(lib, e->item));
    if (ex && ex->item && ex->item->title && ex->title &&
        strcmp(ex->item->title, ex->title)) {
        im_md_put(w, " (");
        im_md_put_one_line(w, ex->item->title);
        im_md_put(w, ")");
    }
    put_practice_time(w, runs, e);
}

/* A path step's finish: the step, and the exercise done for it when it
 * is named otherwise (practice, logged with it; may be NULL). */
static void put_path_step(im_wbuf *w, const im_library *lib,
                          const run_list *runs, const im_progress_event *e,
                          const im_progress_event *practice)
{
    const im_item *it = lib ? im_library_find_item(lib, e->item) : NULL;
    im_md_put(w, "Path step done: ");
    im_md_put_one_line(w, it && it->title ? it->title : untitled(lib, 1));
    if (!practice)
        return;
    const char *ex = exercise_title(lib, practice->item);
    if (!it || !it->title || strcmp(ex, it->title)) {
        im_md_put(w, " (practised: ");
        im_md_put_one_line(w, ex);
        put_practice_time(w, runs, practice);
        im_md_put(w, ")");
    } else {
        put_practice_time(w, runs, practice);
    }
}

/* "the rung" in Exercise: the rung is the person's own words. */
static void put_rung(im_wbuf *w, const im_library *lib,
                     const im_progress_event *e)
{
    im_md_put(w, "\"");
    im_md_put_one_line(w, e->step);
    im_md_put(w, "\" in ");
    im_md_put_one_line(w, exercise_title(lib, e->item));
}

/* The practice logged with a path step's finish: the next event, at the
 * same moment (engine_run.c logs both in one transaction). */
static const im_progress_event *logged_with(const im_progress_event *ev,
                                            size_t n, size_t i)
{
    if (ev[i].type != IM_PROGRESS_PATH_STEP || i + 1 >= n)
        return NULL;
    const im_progress_event *next = &ev[i + 1];
    return next->type == IM_PROGRESS_PRACTICE && next->at_ms == ev[i].at_ms
               ? next
               : NULL;
}

static void put_event(im_wbuf *w, const im_export_options *o,
                      const run_list *runs, const im_progress_event *e,
                      const im_progress_event *practice)
{
    char day[11], hm[6];
    im_export_day_text(e->day, day);
    time_text(e->at_ms, e->tz_offset_min, hm);
    putf(w, "- %s %s - ", day, hm);
    switch (e->type) {
    case IM_PROGRESS_PATH_STEP:
        put_path_step(w, o->library, runs, e, practice);
        break;
    case IM_PROGRESS_LADDER_STEP:
        im_md_put(w, "Ladder rung tried: ");
        put_rung(w, o->library, e);
        putf(w, " (discomfort %d before, %d after)", e->before, e->after);
        break;
    case IM_PROGRESS_LADDER_RERATE:
        im_md_put(w, "Ladder rung re-rated: ");
        put_rung(w, o->library, e);
        putf(w, " (discomfort now %d)", e->after);
        break;
    case IM_PROGRESS_CONNECTION_MAP:
        /* Both partners' numbers: not exported (see export.h). */
        im_md_put(w, "Connection map done together");
        break;
    case IM_PROGRESS_CHECKIN:
        im_md_put(w, "Checked in: ");
        im_md_put(w, im_mood_word(e->after));
        break;
    default: put_practice(w, o->library, runs, e); break;
    }
    im_md_put(w, "\n");
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* "Days with practice": distinct days of the n days (sorted here). */
static size_t distinct_days(int32_t *days, size_t n)
{
    qsort(days, n, sizeof *days, cmp_i32);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        distinct += i == 0 || days[i] != days[i - 1];
    return distinct;
}

/* 1 if e is already among the n events of ev (a map a move into the
 * couple's space copied and has not deleted from the vault yet: the move
 * copies, then deletes, so for a moment it is in both). */
static int already_in(const im_progress_event *ev, size_t n,
                      const im_progress_event *e)
{
    for (size_t i = 0; i < n; i++)
        if (ev[i].type == e->type && ev[i].at_ms == e->at_ms &&
            strcmp(ev[i].item, e->item) == 0 &&
            strcmp(ev[i].step, e->step) == 0)
            return 1;
    return 0;
}

/* The person's events and, from the couple's space (options.couple), the
 * connection maps done together, in one list by time, oldest first (a
 * stable merge: events at the same moment keep their own order, so a
 * path step's practice stays right after it). */
static im_rc events_with_couple(im_vault *v, const im_export_options *o,
                                im_progress_event **out, size_t *n)
{
    im_rc rc = im_progress_events(v, 0, INT64_MIN, INT64_MAX, out, n);
    if (rc != IM_OK || !o->couple || o->couple == v)
        return rc;
    im_progress_event *maps = NULL;
    size_t m = 0;
    rc = im_progress_events(o->couple, IM_PROGRESS_CONNECTION_MAP, INT64_MIN,
                            INT64_MAX, &maps, &m);
    im_progress_event *all = rc == IM_OK
                                 ? malloc((*n + m ? *n + m : 1) * sizeof *all)
                                 : NULL;
    if (rc == IM_OK && !all)
        rc = IM_ERR_NOMEM;
    if (rc != IM_OK) {
        free(maps);
        free(*out);
        *out = NULL;
        *n = 0;
        return rc;
    }
    size_t i = 0, k = 0, t = 0;
    while (i < *n || k < m) {
        if (k < m && already_in(*out, *n, &maps[k]))
            k++;
        else if (k < m && (i >= *n || maps[k].at_ms < (*out)[i].at_ms))
            all[t++] = maps[k++];
        else
            all[t++] = (*out)[i++];
    }
    free(maps);
    free(*out);
    *out = all;
    *n = t;
    return IM_OK;
}

static im_rc put_progress(im_wbuf *w, im_vault *v, const im_export_options *o)
{
    im_progress_event *ev;
    size_t n;
    im_rc rc = events_with_couple(v, o, &ev, &n);
    if (rc != IM_OK)
        return rc;
    /* every run: a practice at the range's edge may belong to one
     * changed after it */
    run_list runs = {
        o->library, IM_EXPORT_DAY_MIN, IM_EXPORT_DAY_MAX, NULL, 0, 0, IM_OK};
    int32_t *days = malloc((n ? n : 1) * sizeof *days);
    rc = !days ? IM_ERR_NOMEM : o->library ? list_runs(v, &runs) : IM_OK;
    if (rc != IM_OK) {
        free(days);
        free(ev);
        return rc;
    }
    im_md_put(w, "## Progress\n\n");
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        const im_progress_event *practice = logged_with(ev, n, i);
        if (in_range(o, ev[i].day)) {
            put_event(w, o, &runs, &ev[i], practice);
            if (ev[i].type != IM_PROGRESS_CHECKIN) /* a mood, not practice */
                days[shown++] = ev[i].day;
        }
        i += practice != NULL; /* said on the path step's line */
    }
    if (shown)
        putf(w, "\nDays with practice in this range: %zu\n\n",
             distinct_days(days, shown));
    else
        im_md_put(w, "No practice recorded in this range.\n\n");
    free(runs.v);
    free(days);
    free(ev);
    return im_wbuf_rc(w);
}

/* ---- The person's ladder --------------------------------------------------------------- */

/* How many of the n events are tries of rung (LADDER_STEP, in the range):
 * a try's step is the rung's words as the log clips them, so the rung is
 * clipped the same way (im_progress_event_make) before comparing. */
static size_t rung_tries(const im_export_options *o,
                         const im_progress_event *ev, size_t n,
                         const char *rung)
{
    im_progress_event as_logged = im_progress_event_make(
        IM_PROGRESS_LADDER_STEP, NULL, rung);
    size_t tries = 0;
    for (size_t i = 0; i < n; i++)
        tries += ev[i].type == IM_PROGRESS_LADDER_STEP &&
                 in_range(o, ev[i].day) &&
                 strcmp(ev[i].step, as_logged.step) == 0;
    sodium_memzero(&as_logged, sizeof as_logged); /* the person's words */
    return tries;
}

/* "1. Text an old friend -- discomfort now 3, tried 2 times"; an untried
 * rung is "not tried yet", or "not tried in these dates" when the range
 * starts later than the beginning (it may have been tried before). */
static void put_ladder_rung(im_wbuf *w, const im_export_options *o,
                            size_t number, const im_ladder_rung *rung,
                            size_t tries)
{
    putf(w, "%zu. ", number);
    im_md_put_one_line(w, rung->text);
    putf(w, " -- discomfort now %d, ", rung->rating);
    if (tries)
        putf(w, "tried %zu time%s\n", tries, tries == 1 ? "" : "s");
    else
        im_md_put(w, o->from_day > IM_EXPORT_DAY_MIN
                         ? "not tried in these dates\n"
                         : "not tried yet\n");
}

/* The person's ladder as it stands now (ladder.h), part of progress:
 * each rung easiest first with its rating and its tries in the range.
 * Nothing when there is no ladder, nor when the range ends before today
 * (the ratings are today's, which such a range leaves out); a ladder
 * record that does not decode is left out, as a damaged run is. */
static im_rc put_ladder(im_wbuf *w, im_vault *v, const im_export_options *o,
                        int32_t today)
{
    if (o->to_day < today)
        return IM_OK;
    im_ladder ladder;
    im_rc rc = im_ladder_load(v, &ladder);
    if (rc != IM_OK || ladder.n == 0) {
        im_ladder_free(&ladder); /* an empty ladder still holds its array */
        return rc == IM_ERR_DAMAGED ? IM_OK : rc;
    }
    im_progress_event *ev = NULL;
    size_t n = 0;
    rc = im_progress_ladder(v, NULL, &ev, &n);
    if (rc == IM_OK) {
        im_md_put(w, "## Your ladder\n\n");
        im_md_put(w, "Easiest first: how uncomfortable each step feels now "
                     "(0 to 10) and how many times it was tried");
        if (o->from_day > IM_EXPORT_DAY_MIN)
            im_md_put(w, " in these dates");
        im_md_put(w, ".\n\n");
        for (size_t i = 0; i < ladder.n; i++)
            put_ladder_rung(w, o, i + 1, &ladder.rungs[i],
                            rung_tries(o, ev, n, ladder.rungs[i].text));
        im_md_put(w, "\n");
        rc = im_wbuf_rc(w);
    }
    if (ev)
        sodium_memzero(ev, n * sizeof *ev); /* steps are rungs' words */
    free(ev);
    im_ladder_free(&ladder);
    return rc;
}

/* ---- Done together (the couple's space) ---------------------------------------------- */

typedef struct together_ctx {
    im_wbuf *w;
    const im_export_options *o;
    size_t shown;
    im_rc rc;
} together_ctx;

/* One couple session: listed by its exercise's title when it is finished
 * (DONE) or revealed (REVEALED), with whether both partners kept it.
 * Nothing of the session's answers is ever read out of it: a partner's
 * unfinished sheet may be sealed under their own secret, and even what was
 * revealed is both partners' words (export.h). */
static int put_together_one(void *ctx, int64_t id, im_rc rc,
                            const unsigned char *data, size_t len)
{
    (void)id;
    together_ctx *t = ctx;
    if (rc != IM_OK || !data)
        return 0; /* a damaged record is left out */
    im_couple *c = NULL;
    if (im_couple_load(t->o->library, data, len, NULL, NULL, &c) != IM_OK)
        return 0; /* one that does not decode, or whose exercise is gone */
    im_couple_phase phase = im_couple_phase_of(c);
    const im_exercise *ex = im_couple_exercise(c);
    if ((phase == IM_PHASE_DONE || phase == IM_PHASE_REVEALED) && ex) {
        int kept = im_couple_kept(c, 0) && im_couple_kept(c, 1);
        im_md_put(t->w, "- ");
        im_md_put_one_line(t->w,
                           ex->title ? ex->title : untitled(t->o->library, 0));
        im_md_put(t->w, kept
                            ? " -- kept in your shared history by both of you\n"
                            : " -- not kept by both of you: it goes if one of "
                              "you leaves the couple's space\n");
        t->shown++;
    }
    im_couple_free(c); /* wipes what it decoded */
    return 0;
}

/* "Done together": the Together exercises in the couple's space
 * (options.couple) that were finished or revealed, oldest first, by
 * title.  Their records keep no date, so they are listed only when the
 * export covers every date; otherwise one line says why they are not. */
static im_rc put_together(im_wbuf *w, const im_export_options *o)
{
    if (!o->couple || !o->library)
        return IM_OK;
    im_md_put(w, "## Done together\n\n");
    if (o->from_day > IM_EXPORT_DAY_MIN || o->to_day < IM_EXPORT_DAY_MAX) {
        im_md_put(w, "Together exercises keep no date, so they are listed only "
                     "in an export of all dates.\n\n");
        return im_wbuf_rc(w);
    }
    im_md_put(w, "Together exercises you finished or saw revealed, by name "
                 "only: neither partner's answers are in this file.\n\n");
    together_ctx t = {w, o, 0, IM_OK};
    im_rc rc = im_record_foreach(o->couple, IM_KIND_COUPLE, put_together_one,
                                 &t);
    if (rc == IM_OK)
        rc = t.rc;
    if (rc == IM_OK && t.shown == 0)
        im_md_put(w, "Nothing finished together yet.\n");
    im_md_put(w, "\n");
    return rc == IM_OK ? im_wbuf_rc(w) : rc;
}

/* ---- Exercise results ---------------------------------------------------------------- */

typedef struct run_ctx {
    im_wbuf *w;
    const im_export_options *o;
    size_t shown;
    im_rc rc;
} run_ctx;

static int chosen_run(const im_export_options *o, int64_t id)
{
    if (!o->runs)
        return 1;
    for (size_t i = 0; i < o->n_runs; i++)
        if (o->runs[i] == id)
            return 1;
    return 0;
}

/* The chosen renderer: the caller's, or the engine's with the library. */
static im_rc render_run(const im_export_options *o, const unsigned char *data,
                        size_t len, int64_t *when, char **md)
{
    if (o->run_renderer)
        return o->run_renderer(o->run_ctx, data, len, when, md);
    return im_export_run_markdown(o->library, data, len,
                                  !(o->kinds & IM_EXPORT_NO_ANSWERS), when, md);
}

static int put_run(void *ctx, int64_t id, im_rc rc, const unsigned char *data,
                   size_t len)
{
    run_ctx *c = ctx;
    if (rc != IM_OK || !chosen_run(c->o, id))
        return 0; /* a damaged record is left out, and one not ticked */
    char *md = NULL;
    int64_t when = 0;
    rc = render_run(c->o, data, len, &when, &md);
    if (rc == IM_OK && md &&
        (when == 0 ||
         in_range(c->o, im_day_from_ms(when, im_local_tz_offset_min(when))))) {
        /* one blank line after each run, whatever the renderer ends with */
        size_t n = strlen(md);
        while (n > 0 && md[n - 1] == '\n')
            n--;
        im_wbuf_raw(c->w, md, n);
        im_md_put(c->w, "\n\n");
        c->shown++;
    }
    if (md) {
        sodium_memzero(md, strlen(md));
        free(md);
    }
    if (rc != IM_OK && rc != IM_ERR_NOT_FOUND) {
        c->rc = rc;
        return 1;
    }
    return 0;
}

static im_rc put_exercises(im_wbuf *w, im_vault *v, const im_export_options *o)
{
    run_ctx c = {w, o, 0, IM_OK};
    im_md_put(w, "## Exercise results\n\n");
    im_rc rc = im_record_foreach(v, IM_KIND_RUN, put_run, &c);
    if (rc == IM_OK)
        rc = c.rc;
    if (rc == IM_OK && c.shown == 0)
        im_md_put(w, o->runs ? "No exercise results chosen in this range.\n\n"
                             : "No exercise results in this range.\n\n");
    return rc;
}

/* ---- What a choice leaves out -------------------------------------------------------- */

/* One more "; part" of the sentence into buf, if it fits whole. */
static void add_part(char *buf, size_t cap, int *parts, const char *part)
{
    size_t used = strlen(buf), need = strlen(part) + (*parts ? 2 : 0);
    if (used + need + 2 > cap) /* room for the closing "." */
        return;
    snprintf(buf + used, cap - used, "%s%s", *parts ? "; " : "", part);
    (*parts)++;
}

/* "anything before A or after B" for a range that is not everything. */
static void range_part(const im_export_options *o, char *part, size_t cap)
{
    char from[11], to[11];
    im_export_day_text(o->from_day, from);
    im_export_day_text(o->to_day, to);
    part[0] = 0;
    int before = o->from_day > IM_EXPORT_DAY_MIN,
        after = o->to_day < IM_EXPORT_DAY_MAX;
    if (before && after)
        snprintf(part, cap, "anything before %s or after %s", from, to);
    else if (before || after)
        snprintf(part, cap, "anything %s %s", before ? "before" : "after",
                 before ? from : to);
}

void im_export_left_out(const im_export_options *o, size_t runs_in_range,
                        char *buf, size_t cap)
{
    static const char lead[] = "Not included: ";
    if (!buf || cap < sizeof lead + 2)
        return;
    snprintf(buf, cap, "%s", lead);
    if (!o)
        return;
    int parts = 0;
    char part[96];
    if (!(o->kinds & IM_EXPORT_JOURNAL))
        add_part(buf, cap, &parts, "the journal");
    if (!(o->kinds & IM_EXPORT_PROGRESS))
        add_part(buf, cap, &parts, "progress");
    if (!(o->kinds & IM_EXPORT_EXERCISES)) {
        add_part(buf, cap, &parts, "exercises");
    } else {
        size_t chosen = o->runs ? o->n_runs : runs_in_range;
        if (chosen < runs_in_range) {
            snprintf(part, sizeof part, "%zu of %zu exercises in these dates",
                     runs_in_range - chosen, runs_in_range);
            add_part(buf, cap, &parts, part);
        }
        if ((o->kinds & IM_EXPORT_NO_ANSWERS) && !o->run_renderer)
            add_part(buf, cap, &parts,
                     "the answers of exercises (their titles and times are)");
    }
    range_part(o, part, sizeof part);
    if (part[0])
        add_part(buf, cap, &parts, part);
    size_t used = strlen(buf);
    snprintf(buf + used, cap - used, "%s",
             parts ? "." : "nothing you can choose.");
}

/* ---- Entry points -------------------------------------------------------------- */

im_rc im_export_markdown(im_journal *j, const im_export_options *o, char **out,
                         size_t *len)
{
    if (!o || !out || !len || o->from_day > o->to_day ||
        (o->kinds & ~(unsigned)(IM_EXPORT_JOURNAL | IM_EXPORT_PROGRESS |
                                IM_EXPORT_EXERCISES | IM_EXPORT_NO_ANSWERS)) ||
        ((o->kinds & IM_EXPORT_EXERCISES) && !o->run_renderer && !o->library) ||
        (o->n_runs && !o->runs))
        return IM_ERR_INVALID;
    *out = NULL;
    *len = 0;
    im_rc rc = im_journal_ready(j);
    if (rc != IM_OK)
        return rc;
    im_wbuf w;
    memset(&w, 0, sizeof w);
    char from[11], to[11], today[11];
    int64_t now = im_journal_now(j);
    int32_t today_day = im_day_from_ms(now, im_local_tz_offset_min(now));
    im_export_day_text(today_day, today);
    im_export_day_text(o->from_day, from);
    im_export_day_text(o->to_day, to);
    im_md_put(&w, "# Innermost export\n\n");
    putf(&w, "Exported on %s", today);
    if (o->from_day > IM_EXPORT_DAY_MIN || o->to_day < IM_EXPORT_DAY_MAX)
        putf(&w, ", covering %s to %s",
             o->from_day > IM_EXPORT_DAY_MIN ? from : "the beginning",
             o->to_day < IM_EXPORT_DAY_MAX ? to : "today");
    im_md_put(&w, ".\n\nThis file is not encrypted: keep it somewhere only you "
                  "can reach.\n\n");
    if (o->kinds & IM_EXPORT_JOURNAL)
        rc = put_journal(&w, j, o);
    if (rc == IM_OK && (o->kinds & IM_EXPORT_PROGRESS))
        rc = put_progress(&w, j->v, o);
    if (rc == IM_OK && (o->kinds & IM_EXPORT_PROGRESS))
        rc = put_ladder(&w, j->v, o, today_day);
    if (rc == IM_OK && (o->kinds & IM_EXPORT_PROGRESS))
        rc = put_together(&w, o);
    if (rc == IM_OK && (o->kinds & IM_EXPORT_EXERCISES))
        rc = put_exercises(&w, j->v, o);
    im_wbuf_raw(&w, "", 1); /* the NUL */
    if (rc == IM_OK)
        rc = im_wbuf_rc(&w);
    if (rc != IM_OK) {
        im_wbuf_wipe(&w);
        return rc;
    }
    *out = (char *)w.data;
    *len = w.len - 1;
    return IM_OK;
}

void im_export_free(char *md, size_t len)
{
    if (!md)
        return;
    sodium_memzero(md, len);
    free(md);
}

/* The export to path, or (path NULL) into fd. */
static im_rc export_write_to(im_journal *j, const im_export_options *o,
                             const char *path, int fd)
{
    char *md;
    size_t len;
    if (!path && fd < 0)
        return IM_ERR_INVALID;
    im_rc rc = im_export_markdown(j, o, &md, &len);
    if (rc != IM_OK)
        return rc;
    im_atomic_file f;
    rc = path ? im_atomic_file_open(&f, path) : im_atomic_file_adopt(&f, fd);
    if (rc == IM_OK) {
        im_atomic_file_write(&f, md, len);
        rc = im_atomic_file_commit(&f);
    }
    im_export_free(md, len);
    return rc;
}

im_rc im_export_markdown_write(im_journal *j, const im_export_options *o,
                               const char *path)
{
    return path ? export_write_to(j, o, path, -1) : IM_ERR_INVALID;
}

im_rc im_export_markdown_write_fd(im_journal *j, const im_export_options *o,
                                  int fd)
{
    return export_write_to(j, o, NULL, fd);
}
