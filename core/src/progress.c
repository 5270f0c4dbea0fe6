/*
 * progress.c -- the progress event log and its series (see progress.h).
 *
 * The log is small (a few events a day), so queries simply decrypt every
 * IM_KIND_PROGRESS record with im_record_foreach and filter; no cache is
 * kept, so nothing lingers in memory after a query.
 */
#define _POSIX_C_SOURCE 200809L /* strnlen */
#include "innermost/progress.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "journal_internal.h"
#include "record_codec.h"
#include "utf8_text.h"

#define PROGRESS_FORMAT 1

enum { T_TYPE = 1, T_AT, T_TZ, T_ITEM, T_STEP, T_BEFORE, T_AFTER, T_RATINGS };

#define RATINGS_BYTES (IM_PROGRESS_PARTNERS * IM_CONNECTION_DIMENSIONS)
#define UNRATED_BYTE  0xFF

/* An id into its field: all of it, or as much as fits cut before a
 * character that would not fit whole (ids may be a person's words, and the
 * log takes only UTF-8). */
static void copy_id(char out[IM_PROGRESS_ID_MAX_BYTES + 1], const char *id)
{
    if (!id)
        return;
    size_t n = im_utf8_clip(id, strnlen(id, IM_PROGRESS_ID_MAX_BYTES + 1),
                            IM_PROGRESS_ID_MAX_BYTES);
    memcpy(out, id, n);
    out[n] = 0;
}

im_progress_event im_progress_event_make(int type, const char *item,
                                         const char *step)
{
    im_progress_event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.before = e.after = IM_PROGRESS_NOT_RATED;
    for (int p = 0; p < IM_PROGRESS_PARTNERS; p++)
        for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++)
            e.ratings[p][d] = IM_PROGRESS_NOT_RATED;
    copy_id(e.item, item);
    copy_id(e.step, step);
    return e;
}

/* ---- Checking and encoding ------------------------------------------------ */

static int id_ok(const char *s, int required)
{
    size_t n = strnlen(s, IM_PROGRESS_ID_MAX_BYTES + 1);
    if (n > IM_PROGRESS_ID_MAX_BYTES || (required && n == 0))
        return 0;
    return im_utf8_is_valid(s, n);
}

static int scale_ok(int x, int required)
{
    if (x == IM_PROGRESS_NOT_RATED)
        return !required;
    return x >= 0 && x <= IM_PROGRESS_SCALE_MAX;
}

static int event_ok(const im_progress_event *e)
{
    int ladder = e->type == IM_PROGRESS_LADDER_STEP ||
                 e->type == IM_PROGRESS_LADDER_RERATE;
    int checkin = e->type == IM_PROGRESS_CHECKIN;
    if (e->type < 1 || e->type > IM_PROGRESS_TYPE_MAX_)
        return 0;
    if (!id_ok(e->item, !checkin) || !id_ok(e->step, ladder))
        return 0;
    if (checkin &&
        (e->after < IM_MOOD_VERY_LOW || e->after > IM_MOOD_VERY_GOOD))
        return 0;
    if (!scale_ok(e->before, e->type == IM_PROGRESS_LADDER_STEP) ||
        !scale_ok(e->after, ladder))
        return 0;
    int rated = 0;
    for (int p = 0; p < IM_PROGRESS_PARTNERS; p++)
        for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
            if (!scale_ok(e->ratings[p][d], 0))
                return 0;
            rated += e->ratings[p][d] != IM_PROGRESS_NOT_RATED;
        }
    return e->type != IM_PROGRESS_CONNECTION_MAP || rated > 0;
}

static void event_encode(const im_progress_event *e, im_wbuf *w)
{
    unsigned char r[RATINGS_BYTES];
    for (int p = 0; p < IM_PROGRESS_PARTNERS; p++)
        for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
            int x = e->ratings[p][d];
            r[p * IM_CONNECTION_DIMENSIONS + d] = x == IM_PROGRESS_NOT_RATED
                                                      ? UNRATED_BYTE
                                                      : (unsigned char)x;
        }
    im_wbuf_init(w, PROGRESS_FORMAT);
    im_wbuf_int(w, T_TYPE, e->type);
    im_wbuf_int(w, T_AT, e->at_ms);
    im_wbuf_int(w, T_TZ, e->tz_offset_min);
    im_wbuf_str(w, T_ITEM, e->item);
    im_wbuf_str(w, T_STEP, e->step);
    im_wbuf_int(w, T_BEFORE, e->before);
    im_wbuf_int(w, T_AFTER, e->after);
    if (e->type == IM_PROGRESS_CONNECTION_MAP)
        im_wbuf_bytes(w, T_RATINGS, r, sizeof r);
}

static int decode_id(const unsigned char *val, size_t n, char *out)
{
    if (n > IM_PROGRESS_ID_MAX_BYTES)
        return -1;
    memcpy(out, val, n);
    out[n] = 0;
    return 0;
}

static int decode_field(im_progress_event *e, uint8_t tag,
                        const unsigned char *val, size_t n)
{
    int64_t x;
    switch (tag) {
    case T_AT: return im_field_int(val, n, &e->at_ms);
    case T_TYPE:
    case T_TZ:
    case T_BEFORE:
    case T_AFTER:
        if (im_field_int(val, n, &x) || x < -1440 || x > 1440)
            return -1;
        if (tag == T_TYPE)
            e->type = (int)x;
        else if (tag == T_TZ)
            e->tz_offset_min = (int32_t)x;
        else if (tag == T_BEFORE)
            e->before = (int)x;
        else
            e->after = (int)x;
        return 0;
    case T_ITEM: return decode_id(val, n, e->item);
    case T_STEP: return decode_id(val, n, e->step);
    case T_RATINGS:
        if (n != RATINGS_BYTES)
            return -1;
        for (size_t i = 0; i < n; i++)
            e->ratings[i / IM_CONNECTION_DIMENSIONS]
                      [i % IM_CONNECTION_DIMENSIONS] =
                val[i] == UNRATED_BYTE ? IM_PROGRESS_NOT_RATED : val[i];
        return 0;
    default: return 0;
    }
}

/* Decode a record; 0 on success, -1 if malformed or not a valid event. */
static int event_decode(const unsigned char *data, size_t len,
                        im_progress_event *e)
{
    im_rbuf r;
    uint8_t tag;
    const unsigned char *val;
    size_t n;
    int more;
    *e = im_progress_event_make(0, NULL, NULL);
    if (im_rbuf_init(&r, data, len, PROGRESS_FORMAT) != 0)
        return -1;
    while ((more = im_field_next(&r, &tag, &val, &n)) == 1)
        if (decode_field(e, tag, val, n) != 0)
            return -1;
    if (more != 0 || !event_ok(e))
        return -1;
    e->day = im_day_from_ms(e->at_ms, e->tz_offset_min);
    return 0;
}

/* Seal e as record *id (0: a new one, and *id is set). */
static im_rc event_put(im_vault *v, const im_progress_event *e, int64_t *id)
{
    im_wbuf w;
    event_encode(e, &w);
    im_rc rc = im_wbuf_rc(&w);
    if (rc == IM_OK)
        rc = im_record_put(v, IM_KIND_PROGRESS, id, w.data, w.len);
    im_wbuf_wipe(&w);
    return rc;
}

im_rc im_progress_log(im_vault *v, const im_progress_event *in, int64_t *id)
{
    if (!v || !in)
        return IM_ERR_INVALID;
    if (!im_vault_is_unlocked(v))
        return IM_ERR_LOCKED;
    im_progress_event e = *in;
    if (!event_ok(&e))
        return IM_ERR_INVALID;
    e.at_ms = im_clock_now_ms(im_vault_clock(v));
    e.tz_offset_min = im_local_tz_offset_min(e.at_ms);
    int64_t new_id = 0;
    im_rc rc = event_put(v, &e, &new_id);
    if (rc == IM_OK && id)
        *id = new_id;
    return rc;
}

im_rc im_progress_map_drop_partner(im_vault *v, int partner,
                                   int (*kept)(const char *step, void *ctx),
                                   void *ctx)
{
    if (!v || !kept || partner < 0 || partner >= IM_PROGRESS_PARTNERS)
        return IM_ERR_INVALID;
    im_progress_event *ev = NULL;
    size_t n = 0;
    im_rc rc = im_progress_connection_maps(v, &ev, &n);
    for (size_t i = 0; rc == IM_OK && i < n; i++) {
        im_progress_event *e = &ev[i];
        if (kept(e->step, ctx))
            continue;
        int had = 0, left = 0;
        for (int d = 0; d < IM_CONNECTION_DIMENSIONS; d++) {
            had |= e->ratings[partner][d] != IM_PROGRESS_NOT_RATED;
            e->ratings[partner][d] = IM_PROGRESS_NOT_RATED;
            left |= e->ratings[!partner][d] != IM_PROGRESS_NOT_RATED;
        }
        if (!had)
            continue;
        int64_t id = e->id;
        rc = left ? event_put(v, e, &id)
                  : im_record_delete(v, IM_KIND_PROGRESS, id);
    }
    if (ev)
        sodium_memzero(ev, n * sizeof *ev);
    free(ev);
    return rc;
}

/* Check-in id, read back; IM_ERR_NOT_FOUND when id is another event. */
static im_rc checkin_get(im_vault *v, int64_t id, im_progress_event *e)
{
    im_buf b = {NULL, 0};
    im_rc rc = im_record_get(v, IM_KIND_PROGRESS, id, &b);
    if (rc != IM_OK)
        return rc;
    if (event_decode(b.data, b.len, e) != 0)
        rc = IM_ERR_DAMAGED;
    else if (e->type != IM_PROGRESS_CHECKIN)
        rc = IM_ERR_NOT_FOUND;
    im_buf_free(&b);
    return rc;
}

im_rc im_progress_checkin(im_vault *v, int mood, int64_t *id)
{
    if (!v || !id || mood < IM_MOOD_VERY_LOW || mood > IM_MOOD_VERY_GOOD)
        return IM_ERR_INVALID;
    if (*id == 0) {
        im_progress_event e = im_progress_event_make(IM_PROGRESS_CHECKIN, NULL,
                                                     NULL);
        e.after = mood;
        return im_progress_log(v, &e, id);
    }
    im_progress_event e;
    im_rc rc = checkin_get(v, *id, &e);
    if (rc != IM_OK)
        return rc;
    e.after = mood; /* its time stays: a correction, not a new check-in */
    return event_put(v, &e, id);
}

/* ---- Queries ---------------------------------------------------------------- */

typedef struct event_filter {
    int type; /* 0: any */
    int64_t from_ms, to_ms;
    const char *item; /* NULL: any */
    int ladder;       /* both ladder types */
} event_filter;

typedef struct collect_ctx {
    event_filter f;
    im_progress_event *v;
    size_t n, cap;
    im_rc rc;
} collect_ctx;

static int matches(const event_filter *f, const im_progress_event *e)
{
    if (f->ladder && e->type != IM_PROGRESS_LADDER_STEP &&
        e->type != IM_PROGRESS_LADDER_RERATE)
        return 0;
    if (f->type && e->type != f->type)
        return 0;
    if (f->item && strcmp(f->item, e->item) != 0)
        return 0;
    return e->at_ms >= f->from_ms && e->at_ms < f->to_ms;
}

static int collect_one(void *ctx, int64_t id, im_rc rc,
                       const unsigned char *data, size_t len)
{
    collect_ctx *c = ctx;
    im_progress_event e;
    if (rc != IM_OK || event_decode(data, len, &e) != 0 || !matches(&c->f, &e))
        return 0; /* damaged or malformed events are skipped */
    e.id = id;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        im_progress_event *p = realloc(c->v, cap * sizeof *p);
        if (!p) {
            c->rc = IM_ERR_NOMEM;
            return 1;
        }
        c->v = p;
        c->cap = cap;
    }
    c->v[c->n++] = e;
    return 0;
}

static int cmp_time(const void *pa, const void *pb)
{
    const im_progress_event *a = pa, *b = pb;
    if (a->at_ms != b->at_ms)
        return a->at_ms < b->at_ms ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static im_rc collect(im_vault *v, const event_filter *f,
                     im_progress_event **out, size_t *n)
{
    if (!v || !out || !n)
        return IM_ERR_INVALID;
    *out = NULL;
    *n = 0;
    collect_ctx c;
    memset(&c, 0, sizeof c);
    c.f = *f;
    im_rc rc = im_record_foreach(v, IM_KIND_PROGRESS, collect_one, &c);
    if (rc == IM_OK)
        rc = c.rc;
    if (rc != IM_OK) {
        free(c.v);
        return rc;
    }
    if (c.n > 1)
        qsort(c.v, c.n, sizeof *c.v, cmp_time);
    *out = c.v;
    *n = c.n;
    return IM_OK;
}

static event_filter filter_all(void)
{
    event_filter f = {0, INT64_MIN, INT64_MAX, NULL, 0};
    return f;
}

im_rc im_progress_events(im_vault *v, int type, int64_t from_ms, int64_t to_ms,
                         im_progress_event **out, size_t *n)
{
    event_filter f = filter_all();
    f.type = type;
    f.from_ms = from_ms;
    f.to_ms = to_ms;
    return collect(v, &f, out, n);
}

im_rc im_progress_path_steps_done(im_vault *v, size_t *distinct)
{
    im_progress_event *e;
    size_t n;
    if (!distinct)
        return IM_ERR_INVALID;
    event_filter f = filter_all();
    f.type = IM_PROGRESS_PATH_STEP;
    im_rc rc = collect(v, &f, &e, &n);
    if (rc != IM_OK)
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t seen = 0;
        while (seen < i && strcmp(e[seen].item, e[i].item) != 0)
            seen++;
        k += seen == i;
    }
    free(e);
    *distinct = k;
    return IM_OK;
}

im_rc im_progress_ladder(im_vault *v, const char *ladder_id,
                         im_progress_event **out, size_t *n)
{
    event_filter f = filter_all();
    f.ladder = 1;
    f.item = ladder_id;
    return collect(v, &f, out, n);
}

im_rc im_progress_connection_maps(im_vault *v, im_progress_event **out,
                                  size_t *n)
{
    event_filter f = filter_all();
    f.type = IM_PROGRESS_CONNECTION_MAP;
    return collect(v, &f, out, n);
}

/* Every check-in, oldest first. */
static im_rc checkins(im_vault *v, im_progress_event **out, size_t *n)
{
    event_filter f = filter_all();
    f.type = IM_PROGRESS_CHECKIN;
    return collect(v, &f, out, n);
}

im_rc im_progress_checkin_on(im_vault *v, int32_t day, int *mood)
{
    im_progress_event *e;
    size_t n;
    if (!mood)
        return IM_ERR_INVALID;
    *mood = IM_MOOD_NONE;
    im_rc rc = checkins(v, &e, &n);
    if (rc != IM_OK)
        return rc;
    for (size_t i = n; i-- > 0 && *mood == IM_MOOD_NONE;)
        if (e[i].day == day)
            *mood = e[i].after;
    free(e);
    return IM_OK;
}

im_rc im_progress_checkin_is_hard(im_vault *v, int64_t id, int *hard)
{
    im_progress_event *e;
    size_t n, i;
    if (!hard)
        return IM_ERR_INVALID;
    *hard = 0;
    im_rc rc = checkins(v, &e, &n);
    if (rc != IM_OK)
        return rc;
    for (i = 0; i < n && e[i].id != id; i++)
        ;
    if (i == n)
        rc = IM_ERR_NOT_FOUND;
    else
        *hard = e[i].after == IM_MOOD_VERY_LOW && i > 0 &&
                e[i - 1].after == IM_MOOD_VERY_LOW;
    free(e);
    return rc;
}

static im_rc day_range(int32_t from_day, int32_t to_day, size_t *ndays)
{
    if (to_day < from_day ||
        (int64_t)to_day - from_day >= IM_PROGRESS_RANGE_MAX_DAYS)
        return IM_ERR_INVALID;
    *ndays = (size_t)((int64_t)to_day - from_day + 1);
    return IM_OK;
}

/* Adds one mood given on day to its element of d (and of sum). */
static void add_mood(im_mood_day *d, int *sum, int32_t from_day, int32_t to_day,
                     int32_t day, int mood)
{
    if (mood == IM_MOOD_NONE || day < from_day || day > to_day)
        return;
    im_mood_day *x = &d[day - from_day];
    if (x->count == 0 || mood < x->min)
        x->min = mood;
    if (mood > x->max)
        x->max = mood;
    x->count++;
    sum[day - from_day] += mood;
}

im_rc im_progress_mood_by_day(im_journal *j, int32_t from_day, int32_t to_day,
                              im_mood_day **out, size_t *n)
{
    size_t ndays, nchk = 0;
    im_progress_event *chk = NULL;
    if (!out || !n)
        return IM_ERR_INVALID;
    *out = NULL;
    *n = 0;
    im_rc rc = im_journal_ready(j);
    if (rc == IM_OK)
        rc = day_range(from_day, to_day, &ndays);
    if (rc == IM_OK)
        rc = checkins(j->v, &chk, &nchk);
    if (rc != IM_OK)
        return rc;
    im_mood_day *d = calloc(ndays, sizeof *d);
    int *sum = calloc(ndays, sizeof *sum);
    if (!d || !sum) {
        free(d);
        free(sum);
        free(chk);
        return IM_ERR_NOMEM;
    }
    for (size_t i = 0; i < ndays; i++)
        d[i].day = from_day + (int32_t)i;
    for (size_t i = 0; i < j->index.n; i++)
        add_mood(d, sum, from_day, to_day, j->index.v[i]->day,
                 j->index.v[i]->mood);
    for (size_t i = 0; i < nchk; i++)
        add_mood(d, sum, from_day, to_day, chk[i].day, chk[i].after);
    free(chk);
    for (size_t i = 0; i < ndays; i++)
        if (d[i].count)
            d[i].average_x100 = (sum[i] * 100 + d[i].count / 2) / d[i].count;
    free(sum);
    *out = d;
    *n = ndays;
    return IM_OK;
}

im_rc im_progress_practice_days(im_vault *v, int32_t from_day, int32_t to_day,
                                uint32_t **counts, size_t *days_with_practice)
{
    size_t ndays, n;
    im_progress_event *e;
    if (!days_with_practice)
        return IM_ERR_INVALID;
    *days_with_practice = 0;
    if (counts)
        *counts = NULL;
    im_rc rc = day_range(from_day, to_day, &ndays);
    if (rc != IM_OK)
        return rc;
    event_filter f = filter_all();
    if ((rc = collect(v, &f, &e, &n)) != IM_OK)
        return rc;
    uint32_t *c = calloc(ndays, sizeof *c);
    if (!c) {
        free(e);
        return IM_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        if (e[i].day >= from_day && e[i].day <= to_day &&
            e[i].type != IM_PROGRESS_CHECKIN) /* a mood, not practice */
            c[e[i].day - from_day]++;
    free(e);
    for (size_t i = 0; i < ndays; i++)
        *days_with_practice += c[i] != 0;
    if (counts)
        *counts = c;
    else
        free(c);
    return IM_OK;
}
