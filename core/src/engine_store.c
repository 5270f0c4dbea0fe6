/*
 * engine_store.c -- runs in the vault.  A saved state is one record of
 * kind IM_KIND_RUN (solo) or IM_KIND_COUPLE (couple), replaced after every
 * change; the vault encrypts it (vault.h), so sealed couple answers never
 * reach the disk in clear.  Also the small helpers of the saved form
 * (engine_internal.h).
 */
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

im_rc im_state_take(im_wbuf *w, unsigned char **data, size_t *len)
{
    if (im_wbuf_rc(w) == IM_OK && w->len > IM_RUN_STATE_MAX) {
        im_wbuf_wipe(w);
        *data = NULL;
        *len = 0;
        return IM_ERR_TOO_LARGE;
    }
    return im_wbuf_take(w, data, len);
}

void im_state_free(unsigned char *data, size_t len)
{
    im_mem_wipe_free(data, len);
}

int im_rbuf_text_eq(im_rbuf *r, const char *want)
{
    char buf[IM_CONTENT_ID_MAX + 32];
    im_rbuf_id(r, buf, sizeof buf);
    return !r->err && strcmp(buf, want) == 0;
}

im_rc im_engine_store(im_vault *v, uint32_t kind, int64_t *id,
                      const unsigned char *data, size_t len,
                      const im_progress_event *events, size_t n)
{
    if (n == 0)
        return im_record_put(v, kind, id, data, len);
    return im_engine_store_also(v, kind, id, data, len, events, n, 0, NULL,
                                NULL, 0);
}

im_rc im_engine_store_also(im_vault *v, uint32_t kind, int64_t *id,
                           const unsigned char *data, size_t len,
                           const im_progress_event *events, size_t n,
                           uint32_t also_kind, int64_t *also_id,
                           const unsigned char *also_data, size_t also_len)
{
    int64_t was = *id, also_was = also_id ? *also_id : 0;
    im_rc rc = im_vault_begin(v);
    if (rc != IM_OK)
        return rc;
    rc = im_record_put(v, kind, id, data, len);
    if (rc == IM_OK && also_data)
        rc = im_record_put(v, also_kind, also_id, also_data, also_len);
    for (size_t i = 0; rc == IM_OK && i < n; i++)
        rc = im_progress_log(v, &events[i], NULL);
    if (rc == IM_OK)
        rc = im_vault_commit(v);
    if (rc != IM_OK) {
        im_vault_rollback(v);
        *id = was; /* a new record's id went with the rollback */
        if (also_id)
            *also_id = also_was;
    }
    return rc;
}

void im_engine_unbind(im_vault *vault, int *listening, im_lock_fn fn, void *ctx)
{
    if (*listening)
        im_vault_lock_listener_remove(vault, fn, ctx);
    *listening = 0;
}

im_rc im_engine_bind(im_vault **vault, int *listening, im_vault *v,
                     im_lock_fn fn, void *ctx)
{
    im_engine_unbind(*vault, listening, fn, ctx);
    *vault = v;
    im_rc rc = im_vault_lock_listener_add(v, fn, ctx);
    *listening = rc == IM_OK;
    return rc;
}

/* ---- Finding an open run --------------------------------------------------- */

typedef struct find_ctx {
    uint32_t magic;
    const char *exercise_id;
    int64_t found;
} find_ctx;

/* Whether a saved state is of this exercise and still open: a solo run
 * with a current step, or a couple run not DONE. */
static int state_is_open(const find_ctx *f, const unsigned char *data,
                         size_t len)
{
    im_rbuf r;
    im_rbuf_open(&r, data, len);
    uint32_t magic = im_rbuf_u32(&r);
    if (f->magic == IM_RUN_MAGIC &&
        (magic == IM_RUN_MAGIC_V1 || magic == IM_RUN_MAGIC_V2))
        magic = IM_RUN_MAGIC; /* an older solo run: same layout up front */
    if (f->magic == IM_COUPLE_MAGIC && magic == IM_COUPLE_MAGIC_V1)
        magic = IM_COUPLE_MAGIC; /* an older couple run: the same head */
    if (magic != f->magic || !im_rbuf_text_eq(&r, f->exercise_id))
        return 0;
    if (f->magic == IM_RUN_MAGIC)
        return im_rbuf_u32(&r) != 0xFFFFFFFFu && !r.err;
    unsigned phase = im_rbuf_u8(&r);
    return !r.err && phase != IM_PHASE_DONE;
}

static int find_fn(void *ctx, int64_t id, im_rc rc, const unsigned char *data,
                   size_t len)
{
    find_ctx *f = ctx;
    if (rc == IM_OK && data && state_is_open(f, data, len))
        f->found = id; /* ascending ids: the last match is the newest */
    return 0;
}

static im_rc find_open(im_vault *v, uint32_t kind, uint32_t magic,
                       const char *exercise_id, int64_t *id)
{
    find_ctx f = {magic, exercise_id, 0};
    *id = 0;
    im_rc rc = im_record_foreach(v, kind, find_fn, &f);
    if (rc != IM_OK)
        return rc;
    if (!f.found)
        return IM_ERR_NOT_FOUND;
    *id = f.found;
    return IM_OK;
}

im_rc im_run_find_open(im_vault *v, const char *exercise_id, int64_t *id)
{
    return find_open(v, IM_KIND_RUN, IM_RUN_MAGIC, exercise_id, id);
}

im_rc im_couple_find_open(im_vault *v, const char *exercise_id, int64_t *id)
{
    return find_open(v, IM_KIND_COUPLE, IM_COUPLE_MAGIC, exercise_id, id);
}

/* ---- Couple history ---------------------------------------------------------- */

typedef struct history_ctx {
    const im_library *lib;
    im_couple_summary *items;
    size_t n, cap;
    im_rc rc;
} history_ctx;

/* The head of a saved couple state: magic, exercise id, phase. */
static int couple_head(const im_library *lib, const unsigned char *data,
                       size_t len, im_couple_summary *out)
{
    char exercise_id[IM_CONTENT_ID_MAX + 32];
    im_rbuf r;
    im_rbuf_open(&r, data, len);
    uint32_t magic = im_rbuf_u32(&r);
    if (magic != IM_COUPLE_MAGIC && magic != IM_COUPLE_MAGIC_V1)
        return 0;
    im_rbuf_id(&r, exercise_id, sizeof exercise_id);
    unsigned phase = im_rbuf_u8(&r);
    if (r.err || phase < IM_PHASE_ANSWERING || phase > IM_PHASE_OPENING)
        return 0;
    out->ex = im_library_find_exercise(lib, exercise_id);
    out->done = phase == IM_PHASE_DONE;
    return out->ex != NULL;
}

static int history_fn(void *ctx, int64_t id, im_rc rc,
                      const unsigned char *data, size_t len)
{
    history_ctx *h = ctx;
    im_couple_summary s = {id, NULL, 0};
    if (rc != IM_OK || !data || len > IM_RUN_STATE_MAX ||
        !couple_head(h->lib, data, len, &s))
        return 0;
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 16;
        im_couple_summary *p = realloc(h->items, cap * sizeof *p);
        if (!p) {
            h->rc = IM_ERR_NOMEM;
            return 1;
        }
        h->items = p;
        h->cap = cap;
    }
    h->items[h->n++] = s;
    return 0;
}

im_rc im_couple_history(const im_library *lib, im_vault *v,
                        im_couple_summary **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!lib || !v)
        return IM_ERR_INVALID;
    history_ctx h = {lib, NULL, 0, 0, IM_OK};
    im_rc rc = im_record_foreach(v, IM_KIND_COUPLE, history_fn, &h);
    if (rc == IM_OK)
        rc = h.rc;
    if (rc != IM_OK) {
        free(h.items);
        return rc;
    }
    /* ascending ids: reversed, newest first */
    for (size_t i = 0; i < h.n / 2; i++) {
        im_couple_summary t = h.items[i];
        h.items[i] = h.items[h.n - 1 - i];
        h.items[h.n - 1 - i] = t;
    }
    *out = h.items;
    *n = h.n;
    return IM_OK;
}
