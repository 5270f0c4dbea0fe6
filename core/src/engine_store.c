/*
 * engine_store.c -- runs in the vault.  A saved state is one record of
 * kind IM_KIND_RUN (solo) or IM_KIND_COUPLE (couple), replaced after every
 * change; the vault encrypts it (vault.h), so sealed couple answers never
 * reach the disk in clear.
 */
#include <string.h>

#include "engine_internal.h"

im_rc im_engine_store(im_vault *v, uint32_t kind, int64_t *id,
                      const unsigned char *data, size_t len)
{
    return im_record_put(v, kind, id, data, len);
}

void im_engine_unbind(im_vault *vault, int *listening, im_lock_fn fn,
                      void *ctx)
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
    im_rbuf r = {data, len, 0, 0};
    uint32_t magic = im_r_u32(&r);
    if (f->magic == IM_RUN_MAGIC && magic == IM_RUN_MAGIC_V1)
        magic = IM_RUN_MAGIC; /* an older solo run: same layout up front */
    if (magic != f->magic || !im_r_str_eq(&r, f->exercise_id))
        return 0;
    if (f->magic == IM_RUN_MAGIC)
        return im_r_u32(&r) != 0xFFFFFFFFu && !r.err;
    unsigned phase = im_r_u8(&r);
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
