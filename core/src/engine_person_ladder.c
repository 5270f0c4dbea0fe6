/*
 * engine_person_ladder.c -- the person's one ladder (ladder.h): its sealed
 * record, the migration from runs saved before it existed, and the two
 * ways between it and a run's ladder answer.
 *
 * Saved form (record_codec.h, sequential):
 *   u32 IM_LADDER_MAGIC, u32 n, then n times: str text, u8 rating.
 */
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "innermost/ladder.h"

#define IM_LADDER_MAGIC 0x314c4d49u /* "IML1" */

void im_ladder_free(im_ladder *l)
{
    for (size_t i = 0; l->rungs && i < l->n; i++)
        im_str_wipe_free(l->rungs[i].text);
    free(l->rungs);
    l->rungs = NULL;
    l->n = 0;
}

/* The rating a run's rung leaves on the person's ladder: after its try in
 * this run, else as planned. */
static int rung_rating(const im_rung *r)
{
    return r->done ? r->after : r->before;
}

im_rc im_ladder_encode(const im_answer *a, unsigned char **data, size_t *len)
{
    im_wbuf w = {0};
    im_wbuf_u32(&w, IM_LADDER_MAGIC);
    im_wbuf_u32(&w, (uint32_t)a->n_rungs);
    for (size_t i = 0; i < a->n_rungs; i++) {
        im_wbuf_text(&w, a->rungs[i].text);
        im_wbuf_u8(&w, (unsigned)rung_rating(&a->rungs[i]));
    }
    return im_state_take(&w, data, len);
}

/* Decode a ladder record into *out (empty on IM_ERR_DAMAGED). */
static im_rc ladder_decode(const unsigned char *data, size_t len,
                           im_ladder *out)
{
    im_rbuf r;
    im_rbuf_open(&r, data, len);
    uint32_t n = im_rbuf_u32(&r);
    if (n != IM_LADDER_MAGIC)
        return IM_ERR_DAMAGED;
    n = im_rbuf_u32(&r);
    if (r.err || n > IM_LADDER_RUNGS_MAX)
        return IM_ERR_DAMAGED;
    out->rungs = calloc(n ? n : 1, sizeof *out->rungs);
    if (!out->rungs)
        return IM_ERR_NOMEM;
    for (size_t i = 0; i < n && !r.err; i++) {
        out->rungs[i].text = im_rbuf_text(&r, IM_RUNG_TEXT_MAX, NULL);
        out->rungs[i].rating = (int)im_rbuf_u8(&r);
        out->n = i + 1;
        if (!out->rungs[i].text || !out->rungs[i].text[0] ||
            out->rungs[i].rating > IM_SCALE_MAX)
            r.err = 1;
    }
    if (r.err) {
        im_ladder_free(out);
        return IM_ERR_DAMAGED;
    }
    return IM_OK;
}

/* ---- Finding it ------------------------------------------------------------ */

typedef struct read_ctx {
    int64_t id; /* the ladder record, 0: none       */
    im_rc rc;   /* its decoding                     */
    im_ladder *out;
} read_ctx;

static int read_fn(void *ctx, int64_t id, im_rc rc, const unsigned char *data,
                   size_t len)
{
    read_ctx *c = ctx;
    c->id = id; /* the oldest is the one (invariant 1) */
    c->rc = rc == IM_OK && data ? ladder_decode(data, len, c->out)
                                : IM_ERR_DAMAGED;
    return 1;
}

/* The newest run with rungs, for a vault without a ladder record. */
typedef struct migrate_ctx {
    int64_t changed_ms;
    int found;
    im_answer best;
} migrate_ctx;

/* The ladder answer of one saved run and when the run last changed. */
static int run_rungs(const unsigned char *data, size_t len, im_answer *a,
                     int64_t *changed_ms)
{
    im_rbuf r;
    im_rbuf_open(&r, data, len);
    uint32_t magic = im_rbuf_u32(&r);
    if (magic != IM_RUN_MAGIC && magic != IM_RUN_MAGIC_V1)
        return 0;
    int absent;
    free(im_rbuf_text(&r, IM_CONTENT_ID_MAX + 32, NULL));    /* exercise id */
    free(im_rbuf_text(&r, IM_CONTENT_ID_MAX + 32, &absent)); /* step id */
    (void)im_rbuf_u8(&r);
    if (r.err || im_sheet_scan_ladder(&r, a) != IM_OK)
        return 0;
    *changed_ms = 0;
    if (magic == IM_RUN_MAGIC) {
        (void)im_rbuf_i64(&r);
        *changed_ms = im_rbuf_i64(&r);
        if (r.err)
            *changed_ms = 0;
    }
    return a->n_rungs > 0;
}

static int migrate_fn(void *ctx, int64_t id, im_rc rc,
                      const unsigned char *data, size_t len)
{
    migrate_ctx *m = ctx;
    im_answer a;
    int64_t changed = 0;
    (void)id;
    memset(&a, 0, sizeof a);
    if (rc == IM_OK && data && run_rungs(data, len, &a, &changed) &&
        (!m->found || changed >= m->changed_ms)) {
        im_answer_clear(&m->best); /* ascending ids: a tie goes to the later */
        m->best = a;
        m->changed_ms = changed;
        m->found = 1;
        return 0;
    }
    im_answer_clear(&a);
    return 0;
}

/* The ladder as the rungs of a run's answer (ratings as rung_rating). */
static im_rc ladder_from_answer(const im_answer *a, im_ladder *out)
{
    out->rungs = calloc(a->n_rungs ? a->n_rungs : 1, sizeof *out->rungs);
    if (!out->rungs)
        return IM_ERR_NOMEM;
    for (size_t i = 0; i < a->n_rungs; i++) {
        size_t n = strlen(a->rungs[i].text);
        out->rungs[i].text = malloc(n + 1);
        if (!out->rungs[i].text) {
            im_ladder_free(out);
            return IM_ERR_NOMEM;
        }
        memcpy(out->rungs[i].text, a->rungs[i].text, n + 1);
        out->rungs[i].rating = rung_rating(&a->rungs[i]);
        out->n = i + 1;
    }
    return IM_OK;
}

/* Write the migrated ladder as the person's record (an empty one too), so
 * the runs are scanned once in a vault's life, not at every ladder step.
 * A failed write changes nothing: the next read migrates again. */
static void keep_migrated(im_vault *v, const im_answer *best, int64_t *id)
{
    unsigned char *data;
    size_t len;
    if (im_ladder_encode(best, &data, &len) != IM_OK)
        return;
    int64_t put = 0;
    if (im_record_put(v, IM_KIND_LADDER, &put, data, len) == IM_OK)
        *id = put;
    im_state_free(data, len);
}

static im_rc migrate(im_vault *v, im_ladder *out, int64_t *id)
{
    migrate_ctx m;
    memset(&m, 0, sizeof m);
    im_rc rc = im_record_foreach(v, IM_KIND_RUN, migrate_fn, &m);
    if (rc == IM_OK && m.found)
        rc = ladder_from_answer(&m.best, out);
    if (rc == IM_OK)
        keep_migrated(v, &m.best, id);
    im_answer_clear(&m.best);
    return rc;
}

im_rc im_ladder_read(im_vault *v, im_ladder *out, int64_t *id)
{
    memset(out, 0, sizeof *out);
    *id = 0;
    if (!v)
        return IM_ERR_INVALID;
    read_ctx c = {0, IM_OK, out};
    im_rc rc = im_record_foreach(v, IM_KIND_LADDER, read_fn, &c);
    if (rc != IM_OK)
        return rc;
    *id = c.id;
    if (c.id)
        return c.rc;
    return migrate(v, out, id);
}

im_rc im_ladder_load(im_vault *v, im_ladder *out)
{
    int64_t id;
    return im_ladder_read(v, out, &id);
}

/* ---- Into a run ------------------------------------------------------------- */

/* A run's own rung of this text that was tried in the run and not
 * re-rated since (elsewhere), or NULL. */
static const im_rung *tried_here(const im_answer *a, const im_ladder_rung *l)
{
    for (size_t k = 0; k < a->n_rungs; k++)
        if (a->rungs[k].done && a->rungs[k].after == l->rating &&
            strcmp(a->rungs[k].text, l->text) == 0)
            return &a->rungs[k];
    return NULL;
}

im_rc im_answer_from_ladder(im_answer *a, const im_ladder *l)
{
    im_rung *r = calloc(l->n ? l->n : 1, sizeof *r);
    if (!r)
        return IM_ERR_NOMEM;
    for (size_t i = 0; i < l->n; i++) {
        size_t n = strlen(l->rungs[i].text);
        r[i].text = malloc(n + 1);
        if (!r[i].text) {
            for (size_t k = 0; k < i; k++)
                im_str_wipe_free(r[k].text);
            free(r);
            return IM_ERR_NOMEM;
        }
        memcpy(r[i].text, l->rungs[i].text, n + 1);
        const im_rung *here = tried_here(a, &l->rungs[i]);
        r[i].before = here ? here->before : l->rungs[i].rating;
        r[i].done = here != NULL;
        r[i].after = here ? here->after : -1;
    }
    for (size_t k = 0; k < a->n_rungs; k++)
        im_str_wipe_free(a->rungs[k].text);
    free(a->rungs);
    a->rungs = r;
    a->n_rungs = l->n;
    if (l->n)
        a->status = IM_STATUS_ANSWERED;
    return IM_OK;
}
