/*
 * journal.c -- journal lifecycle, entries, lists and search (see journal.h).
 *
 * Design: the vault is the truth, the index a cache of it.  Every write goes
 * to the vault first; only when that succeeded is the index changed, so a
 * failed write leaves both as they were (journal.h invariant 2).
 */
#include "journal_internal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int64_t im_journal_now(const im_journal *j)
{
    return im_clock_now_ms(im_vault_clock(j->v));
}

im_rc im_journal_put_rec(im_journal *j, uint32_t kind, int64_t *id,
                         const im_entry_rec *rec)
{
    im_wbuf w;
    im_rc rc = im_entry_rec_encode(rec, &w);
    if (rc == IM_OK)
        rc = im_record_put(j->v, kind, id, w.data, w.len);
    im_wbuf_wipe(&w);
    return rc;
}

im_rc im_journal_get_rec(im_journal *j, uint32_t kind, int64_t id,
                         im_entry_rec *rec)
{
    im_buf b = {0, 0};
    memset(rec, 0, sizeof *rec);
    im_rc rc = im_record_get(j->v, kind, id, &b);
    if (rc == IM_OK)
        rc = im_entry_rec_decode(b.data, b.len, rec);
    im_buf_free(&b);
    if (rc == IM_OK)
        rec->e.id = id;
    return rc;
}

/* ---- Lifecycle ------------------------------------------------------------ */

typedef struct load_ctx {
    im_journal *j;
    im_rc rc;
} load_ctx;

static int load_one(void *ctx, int64_t id, im_rc rc, const unsigned char *data,
                    size_t len)
{
    load_ctx *c = ctx;
    im_entry_view view;
    if (rc != IM_OK || im_entry_view_decode(data, len, &view) != IM_OK) {
        c->j->damaged++;
        return 0;
    }
    im_jnode *node = im_jnode_from_view(&c->j->index, id, &view);
    if (!node || im_jindex_append(&c->j->index, node) != IM_OK) {
        im_jnode_free(node);
        c->rc = IM_ERR_NOMEM;
        return 1;
    }
    return 0;
}

static im_rc journal_load(im_journal *j)
{
    load_ctx c = {j, IM_OK};
    j->damaged = 0;
    im_rc rc = im_journal_trash_expire(j, NULL);
    if (rc == IM_OK)
        rc = im_record_foreach(j->v, IM_KIND_JOURNAL, load_one, &c);
    if (rc == IM_OK)
        rc = c.rc;
    if (rc == IM_OK)
        rc = im_journal_drafts_load(j);
    if (rc == IM_OK)
        rc = im_journal_drafts_drop_orphans(j);
    if (rc != IM_OK) {
        im_journal_wipe(j);
        return rc;
    }
    im_jindex_sort(&j->index);
    j->loaded = 1;
    return IM_OK;
}

im_rc im_journal_ready(im_journal *j)
{
    if (!j)
        return IM_ERR_INVALID;
    if (!im_vault_is_unlocked(j->v)) {
        im_journal_wipe(j);
        return IM_ERR_LOCKED;
    }
    return j->loaded ? IM_OK : journal_load(j);
}

/* The vault is locking (or closing): wipe the index now, while nobody
 * calls the journal, rather than at its next call.  A closing vault is
 * forgotten as a listener; the journal must not be used after that. */
static void journal_on_lock(void *ctx, im_vault *v, int closing)
{
    im_journal *j = ctx;
    (void)v;
    im_journal_wipe(j);
    if (closing)
        j->listening = 0;
}

im_rc im_journal_open(im_vault *v, im_journal **out)
{
    if (!v || !out)
        return IM_ERR_INVALID;
    *out = NULL;
    if (sodium_init() < 0)
        return IM_ERR_NOMEM;
    im_journal *j = calloc(1, sizeof *j);
    if (!j)
        return IM_ERR_NOMEM;
    j->v = v;
    im_rc rc = im_vault_lock_listener_add(v, journal_on_lock, j);
    j->listening = rc == IM_OK;
    if (rc == IM_OK)
        rc = im_journal_ready(j);
    if (rc != IM_OK) {
        im_journal_close(j);
        return rc;
    }
    *out = j;
    return IM_OK;
}

/* Forget the last search (its query is user text: wipe it). */
static void search_cache_clear(im_journal *j)
{
    im_str_wipe_free(j->search_query);
    free(j->search_hits);
    j->search_query = NULL;
    j->search_hits = NULL;
    j->search_n = 0;
}

void im_journal_wipe(im_journal *j)
{
    if (!j)
        return;
    search_cache_clear(j);
    im_jindex_clear(&j->index);
    im_journal_drafts_clear(j);
    j->loaded = 0;
}

void im_journal_close(im_journal *j)
{
    if (!j)
        return;
    if (j->listening)
        im_vault_lock_listener_remove(j->v, journal_on_lock, j);
    im_journal_wipe(j);
    free(j);
}

size_t im_journal_damaged_count(const im_journal *j)
{
    return j ? j->damaged : 0;
}

im_vault *im_journal_vault(im_journal *j)
{
    return j ? j->v : NULL;
}

/* ---- Entries ---------------------------------------------------------------- */

/* Ready, and an output pointer was given (cleared first, so a caller may
 * free it whatever the answer). */
static im_rc ready_for(im_journal *j, void *out, size_t size)
{
    if (out)
        memset(out, 0, size);
    im_rc rc = im_journal_ready(j);
    return rc != IM_OK ? rc : out ? IM_OK : IM_ERR_INVALID;
}

im_rc im_journal_create(im_journal *j, const im_entry_fields *f, int64_t *id)
{
    im_rc rc = im_journal_ready(j);
    if (rc != IM_OK)
        return rc;
    if ((rc = im_entry_fields_check(f)) != IM_OK)
        return rc;
    im_entry_rec rec;
    memset(&rec, 0, sizeof rec);
    if ((rc = im_entry_rec_set_fields(&rec, f)) != IM_OK)
        return rc;
    rec.e.created_ms = rec.e.edited_ms = im_journal_now(j);
    rec.e.tz_offset_min = im_local_tz_offset_min(rec.e.created_ms);
    rec.e.day = im_day_from_ms(rec.e.created_ms, rec.e.tz_offset_min);
    randombytes_buf(rec.uid, sizeof rec.uid);
    int64_t new_id = 0;
    /* Build the node first: after the vault write nothing may fail. */
    im_jnode *node = im_jnode_new(&j->index, 0, &rec);
    rc = node ? im_journal_put_rec(j, IM_KIND_JOURNAL, &new_id, &rec)
              : IM_ERR_NOMEM;
    if (rc == IM_OK) {
        node->id = new_id;
        if (im_jindex_insert(&j->index, node) != IM_OK) {
            /* The entry is safely stored; rebuild the index on next use. */
            im_jnode_free(node);
            im_journal_wipe(j);
        }
        if (id)
            *id = new_id;
    } else {
        im_jnode_free(node);
    }
    im_entry_rec_clear(&rec);
    return rc;
}

im_rc im_journal_update(im_journal *j, int64_t id, const im_entry_fields *f)
{
    im_rc rc = im_journal_ready(j);
    if (rc != IM_OK)
        return rc;
    if ((rc = im_entry_fields_check(f)) != IM_OK)
        return rc;
    long pos = im_jindex_find(&j->index, id);
    if (pos < 0)
        return IM_ERR_NOT_FOUND;
    im_entry_rec rec;
    if ((rc = im_journal_get_rec(j, IM_KIND_JOURNAL, id, &rec)) != IM_OK)
        return rc;
    if ((rc = im_entry_rec_set_fields(&rec, f)) != IM_OK) {
        im_entry_rec_clear(&rec);
        return rc;
    }
    rec.e.edited_ms = im_journal_now(j);
    im_jnode *node = im_jnode_new(&j->index, id, &rec);
    rc = node ? im_journal_put_rec(j, IM_KIND_JOURNAL, &id, &rec)
              : IM_ERR_NOMEM;
    if (rc == IM_OK) {
        /* created_ms did not change, so the node keeps its place. */
        im_jindex_replace(&j->index, (size_t)pos, node);
    } else {
        im_jnode_free(node);
    }
    im_entry_rec_clear(&rec);
    return rc;
}

im_rc im_journal_get(im_journal *j, int64_t id, im_entry *out)
{
    im_rc rc = ready_for(j, out, sizeof *out);
    if (rc != IM_OK)
        return rc;
    memset(out, 0, sizeof *out);
    if (im_jindex_find(&j->index, id) < 0)
        return IM_ERR_NOT_FOUND;
    im_entry_rec rec;
    if ((rc = im_journal_get_rec(j, IM_KIND_JOURNAL, id, &rec)) != IM_OK)
        return rc;
    im_entry_rec_take(&rec, out);
    im_entry_rec_clear(&rec);
    return IM_OK;
}

size_t im_journal_count(im_journal *j)
{
    return im_journal_ready(j) == IM_OK ? j->index.n : 0;
}

/* ---- Lists and search ------------------------------------------------------ */

im_rc im_journal_list(im_journal *j, size_t offset, size_t limit,
                      im_entry_page *out)
{
    im_rc rc = ready_for(j, out, sizeof *out);
    if (rc != IM_OK)
        return rc;
    return im_jindex_page(j->index.v, j->index.n, offset, limit, out);
}

im_rc im_journal_list_day(im_journal *j, int32_t day, im_entry_page *out)
{
    im_rc rc = ready_for(j, out, sizeof *out);
    if (rc != IM_OK)
        return rc;
    /* Days follow created order except across time-zone changes, so scan
     * rather than bisect. */
    size_t n = 0;
    im_jnode **hits = malloc((j->index.n ? j->index.n : 1) * sizeof *hits);
    if (!hits)
        return IM_ERR_NOMEM;
    for (size_t i = 0; i < j->index.n; i++)
        if (j->index.v[i]->day == day)
            hits[n++] = j->index.v[i];
    rc = im_jindex_page(hits, n, 0, IM_JOURNAL_PAGE_MAX, out);
    free(hits);
    return rc;
}

static int cmp_day_desc(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

im_rc im_journal_days(im_journal *j, int32_t **days, size_t **counts,
                      size_t *n)
{
    im_rc rc = ready_for(j, days, sizeof *days);
    if (rc != IM_OK)
        return rc;
    if (!counts || !n)
        return IM_ERR_INVALID;
    *days = NULL;
    *counts = NULL;
    *n = 0;
    size_t total = j->index.n;
    int32_t *d = malloc((total ? total : 1) * sizeof *d);
    size_t *c = calloc(total ? total : 1, sizeof *c);
    if (!d || !c) {
        free(d);
        free(c);
        return IM_ERR_NOMEM;
    }
    for (size_t i = 0; i < total; i++)
        d[i] = j->index.v[i]->day;
    qsort(d, total, sizeof *d, cmp_day_desc);
    size_t k = 0;
    for (size_t i = 0; i < total; i++) {
        if (k == 0 || d[k - 1] != d[i])
            d[k++] = d[i];
        c[k - 1]++;
    }
    *days = d;
    *counts = c;
    *n = k;
    return IM_OK;
}

im_rc im_journal_search(im_journal *j, const char *query, size_t offset,
                        size_t limit, im_entry_page *out)
{
    im_rc rc = ready_for(j, out, sizeof *out);
    if (rc != IM_OK)
        return rc;
    if (!query)
        return IM_ERR_INVALID;
    memset(out, 0, sizeof *out);
    im_entry_fields check = {0};
    check.title = query;
    if ((rc = im_entry_fields_check(&check)) != IM_OK)
        return rc;
    /* The app pages through one query: run it once per index state. */
    if (!j->search_query || j->search_gen != j->index.gen ||
        strcmp(j->search_query, query) != 0) {
        im_jnode **hits;
        size_t n;
        search_cache_clear(j);
        if ((rc = im_jindex_search(&j->index, query, &hits, &n)) != IM_OK)
            return rc;
        j->search_query = im_str_dup_n(query, strlen(query));
        if (!j->search_query) {
            free(hits);
            return IM_ERR_NOMEM;
        }
        j->search_hits = hits;
        j->search_n = n;
        j->search_gen = j->index.gen;
    }
    return im_jindex_page(j->search_hits, j->search_n, offset, limit, out);
}
