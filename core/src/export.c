/*
 * export.c -- the readable Markdown export (see export.h).
 *
 * Built in one im_wbuf (which wipes what it leaves behind when it grows),
 * section by section: journal, progress, exercise results.  User text goes
 * in as written; only titles are kept on one line, and prompts are quoted.
 */
#include "innermost/export.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "atomic_file.h"
#include "innermost/engine.h"
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

static im_rc put_entry(im_wbuf *w, const im_entry *e)
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
    if (e->link_item) {
        im_md_put(w, "*Written after: ");
        im_md_put_one_line(w, e->link_item);
        if (e->link_ref) {
            im_md_put(w, ", ");
            im_md_put_one_line(w, e->link_ref);
        }
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
        rc = put_entry(w, &e);
        im_entry_free(&e);
        shown++;
    }
    if (rc == IM_OK && shown == 0)
        im_md_put(w, "No entries in this range.\n\n");
    return rc;
}

static void put_event(im_wbuf *w, const im_progress_event *e)
{
    char day[11], hm[6];
    im_export_day_text(e->day, day);
    time_text(e->at_ms, e->tz_offset_min, hm);
    putf(w, "- %s %s - ", day, hm);
    switch (e->type) {
    case IM_PROGRESS_PATH_STEP:
        im_md_put(w, "Path step done: ");
        im_md_put_one_line(w, e->item);
        break;
    case IM_PROGRESS_LADDER_STEP:
        im_md_put(w, "Ladder step done: ");
        im_md_put_one_line(w, e->item);
        im_md_put(w, " / ");
        im_md_put_one_line(w, e->step);
        putf(w, " (discomfort %d before, %d after)", e->before, e->after);
        break;
    case IM_PROGRESS_LADDER_RERATE:
        im_md_put(w, "Ladder step re-rated: ");
        im_md_put_one_line(w, e->item);
        im_md_put(w, " / ");
        im_md_put_one_line(w, e->step);
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
    default:
        im_md_put(w, "Practice: ");
        im_md_put_one_line(w, e->item);
        break;
    }
    im_md_put(w, "\n");
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

static im_rc put_progress(im_wbuf *w, im_vault *v, const im_export_options *o)
{
    im_progress_event *ev;
    size_t n;
    im_rc rc = im_progress_events(v, 0, INT64_MIN, INT64_MAX, &ev, &n);
    if (rc != IM_OK)
        return rc;
    int32_t *days = malloc((n ? n : 1) * sizeof *days);
    if (!days) {
        free(ev);
        return IM_ERR_NOMEM;
    }
    im_md_put(w, "## Progress\n\n");
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (!in_range(o, ev[i].day))
            continue;
        put_event(w, &ev[i]);
        if (ev[i].type != IM_PROGRESS_CHECKIN) /* a mood, not practice */
            days[shown++] = ev[i].day;
    }
    qsort(days, shown, sizeof *days, cmp_i32);
    size_t distinct = 0;
    for (size_t i = 0; i < shown; i++)
        distinct += i == 0 || days[i] != days[i - 1];
    if (shown)
        putf(w, "\nDays with practice in this range: %zu\n\n", distinct);
    else
        im_md_put(w, "No practice recorded in this range.\n\n");
    free(days);
    free(ev);
    return im_wbuf_rc(w);
}

typedef struct run_ctx {
    im_wbuf *w;
    const im_export_options *o;
    im_export_run_fn render;
    void *render_ctx;
    size_t shown;
    im_rc rc;
} run_ctx;

static int put_run(void *ctx, int64_t id, im_rc rc, const unsigned char *data,
                   size_t len)
{
    run_ctx *c = ctx;
    (void)id;
    if (rc != IM_OK)
        return 0; /* a damaged record is left out */
    char *md = NULL;
    int64_t when = 0;
    rc = c->render(c->render_ctx, data, len, &when, &md);
    if (rc == IM_OK && md &&
        (when == 0 ||
         in_range(c->o, im_day_from_ms(when, im_local_tz_offset_min(when))))) {
        im_md_put(c->w, md);
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
    /* The engine's renderer reads the library and never writes it. */
    run_ctx c = {w,
                 o,
                 o->run_renderer ? o->run_renderer : im_run_render_markdown,
                 o->run_renderer ? o->run_ctx : (void *)o->library,
                 0,
                 IM_OK};
    im_md_put(w, "## Exercise results\n\n");
    im_rc rc = im_record_foreach(v, IM_KIND_RUN, put_run, &c);
    if (rc == IM_OK)
        rc = c.rc;
    if (rc == IM_OK && c.shown == 0)
        im_md_put(w, "No exercise results in this range.\n\n");
    return rc;
}

/* ---- Entry points -------------------------------------------------------------- */

im_rc im_export_markdown(im_journal *j, const im_export_options *o, char **out,
                         size_t *len)
{
    if (!o || !out || !len || o->from_day > o->to_day ||
        (o->kinds & ~(unsigned)(IM_EXPORT_JOURNAL | IM_EXPORT_PROGRESS |
                                IM_EXPORT_EXERCISES)) ||
        ((o->kinds & IM_EXPORT_EXERCISES) && !o->run_renderer && !o->library))
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
    im_export_day_text(im_day_from_ms(now, im_local_tz_offset_min(now)), today);
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

im_rc im_export_markdown_write(im_journal *j, const im_export_options *o,
                               const char *path)
{
    char *md;
    size_t len;
    if (!path)
        return IM_ERR_INVALID;
    im_rc rc = im_export_markdown(j, o, &md, &len);
    if (rc != IM_OK)
        return rc;
    im_atomic_file f;
    rc = im_atomic_file_open(&f, path);
    if (rc == IM_OK) {
        im_atomic_file_write(&f, md, len);
        rc = im_atomic_file_commit(&f);
    }
    im_export_free(md, len);
    return rc;
}
