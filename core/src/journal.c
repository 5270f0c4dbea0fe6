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

/* What a journal opens on: its head and its drafts, a few records however
 * many entries there are (journal_head.c). */
static im_rc journal_load(im_journal *j)
{
    im_rc rc = im_jhead_load(j);
    if (rc == IM_OK)
        rc = im_journal_drafts_load(j);
    if (rc != IM_OK) {
        im_journal_wipe(j);
        return rc;
    }
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
    /* Titles and previews only where the head needs them (the rest are
     * read when shown: journal_build.c, im_journal_page_text). */
    j->index.keep_text = IM_JHEAD_ENTRIES;
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
    im_jhead_clear(&j->head);
    im_jbuild_clear(j);
    free(j->days);
    j->days = NULL;
    j->ndays = j->cap_days = 0;
    im_journal_drafts_clear(j);
    j->loaded = j->ordered = j->complete = 0;
}

im_rc im_journal_index_step(im_journal *j, size_t budget, int *done)
{
    if (done)
        *done = 0;
    im_rc rc = im_journal_ready(j);
    if (rc != IM_OK)
        return rc;
    j->background = 1;
    return im_jbuild_step(j, budget ? budget : 1, done);
}

int im_journal_index_pending(const im_journal *j)
{
    return j && im_vault_is_unlocked(j->v) &&
           !(j->loaded && j->complete && j->index.words.compacted);
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

/* Write the head beside the change just made to the index, and commit the
 * transaction begun for both.  On any failure the transaction is rolled
 * back and the index wiped (it holds the change): the next call reloads. */
im_rc im_journal_head_commit(im_journal *j, im_rc rc, int32_t day)
{
    if (rc == IM_OK)
        rc = im_journal_top_text(j); /* a delete may bring one up */
    if (rc == IM_OK)
        rc = im_jhead_store(j, day);
    if (rc == IM_OK)
        rc = im_vault_commit(j->v);
    else
        im_vault_rollback(j->v);
    if (rc != IM_OK)
        im_journal_wipe(j);
    return rc;
}

im_rc im_journal_create(im_journal *j, const im_entry_fields *f, int64_t *id)
{
    im_rc rc = im_journal_need_order(j);
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
    im_jnode *node = im_jnode_new(&j->index, 0, &rec);
    if (!node) {
        im_entry_rec_clear(&rec);
        return IM_ERR_NOMEM;
    }
    if ((rc = im_vault_begin(j->v)) != IM_OK) {
        im_jnode_free(node);
        im_entry_rec_clear(&rec);
        return rc;
    }
    rc = im_journal_put_rec(j, IM_KIND_JOURNAL, &new_id, &rec);
    if (rc == IM_OK) {
        node->id = new_id;
        rc = im_jindex_insert(&j->index, node);
        if (rc != IM_OK)
            im_jnode_free(node);
        node = NULL;
    }
    if (rc == IM_OK)
        rc = im_jdays_add(j, rec.e.day, +1);
    im_jnode_free(node);
    rc = im_journal_head_commit(j, rc, rec.e.day);
    if (rc == IM_OK && id)
        *id = new_id;
    im_entry_rec_clear(&rec);
    return rc;
}

im_rc im_journal_update(im_journal *j, int64_t id, const im_entry_fields *f)
{
    im_rc rc = im_journal_need_order(j);
    if (rc != IM_OK)
        return rc;
    if ((rc = im_entry_fields_check(f)) != IM_OK)
        return rc;
    long pos = im_jindex_find(&j->index, id);
    if (pos < 0)
        return IM_ERR_NOT_FOUND;
    /* What stays of the entry is in its node (read from the record): no
     * need to open the record again. */
    const im_jnode *was = j->index.v[pos];
    im_entry_rec rec;
    memset(&rec, 0, sizeof rec);
    if ((rc = im_entry_rec_set_fields(&rec, f)) != IM_OK)
        return rc;
    rec.e.id = id;
    rec.e.created_ms = was->created_ms;
    rec.e.tz_offset_min = was->tz_offset_min;
    rec.e.day = was->day;
    memcpy(rec.uid, was->uid, IM_ENTRY_UID_BYTES);
    rec.e.edited_ms = im_journal_now(j);
    im_jnode *node = im_jnode_new(&j->index, id, &rec);
    if (!node) {
        im_entry_rec_clear(&rec);
        return IM_ERR_NOMEM;
    }
    /* Only the first entries are in the head. */
    int in_head = pos < IM_JHEAD_ENTRIES;
    if (in_head && (rc = im_vault_begin(j->v)) != IM_OK) {
        im_jnode_free(node);
        im_entry_rec_clear(&rec);
        return rc;
    }
    rc = im_journal_put_rec(j, IM_KIND_JOURNAL, &id, &rec);
    if (rc == IM_OK) {
        /* created_ms did not change, so the node keeps its place. */
        im_jindex_replace(&j->index, (size_t)pos, node);
    } else {
        im_jnode_free(node);
    }
    if (in_head)
        rc = im_journal_head_commit(j, rc, IM_JHEAD_NO_DAY);
    im_entry_rec_clear(&rec);
    return rc;
}

im_rc im_journal_get(im_journal *j, int64_t id, im_entry *out)
{
    im_rc rc = ready_for(j, out, sizeof *out);
    if (rc != IM_OK)
        return rc;
    memset(out, 0, sizeof *out);
    /* Before the journal is ordered the record itself says whether the
     * entry exists. */
    if (j->ordered && im_jindex_find(&j->index, id) < 0)
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
    if (im_journal_ready(j) != IM_OK)
        return 0;
    if (!j->ordered && j->head.valid)
        return j->head.total;
    return im_journal_need_order(j) == IM_OK ? j->index.n : 0;
}

/* ---- Lists and search ------------------------------------------------------ */

/* 1 if the head alone answers a page [offset, offset + limit). */
static int head_has_page(const im_journal *j, size_t offset, size_t limit)
{
    const im_jhead *h = &j->head;
    if (j->ordered || !h->valid)
        return 0;
    if (limit > IM_JOURNAL_PAGE_MAX)
        limit = IM_JOURNAL_PAGE_MAX;
    size_t end = offset >= h->total          ? offset
                 : h->total - offset < limit ? h->total
                                             : offset + limit;
    return end <= h->n || offset >= h->total;
}

im_rc im_journal_list(im_journal *j, size_t offset, size_t limit,
                      im_entry_page *out)
{
    im_rc rc = ready_for(j, out, sizeof *out);
    if (rc != IM_OK)
        return rc;
    if (head_has_page(j, offset, limit))
        return im_jindex_page(j->head.v, j->head.total, offset, limit, out);
    /* Past the head while the index builds: from what is read, if that
     * settles the page (journal_build.c). */
    int answered = 0;
    if ((rc = im_journal_list_early(j, offset, limit, out, &answered)) !=
            IM_OK ||
        answered)
        return rc;
    if ((rc = im_journal_need_order(j)) != IM_OK)
        return rc;
    rc = im_jindex_page(j->index.v, j->index.n, offset, limit, out);
    return rc == IM_OK ? im_journal_page_text(j, out) : rc;
}

/* 1 if every entry of local day `day` is in the head.  An entry's day is
 * its created time moved by its offset, which is within a day either way
 * (journal_entry.c), so an entry created before (day - 1) * 86,400,000 ms
 * is on an earlier day; the entries past the head are no newer than its
 * last. */
static int head_has_day(const im_journal *j, int32_t day)
{
    const im_jhead *h = &j->head;
    if (j->ordered || !h->valid)
        return 0;
    if (h->n == h->total)
        return 1;
    return h->n > 0 &&
           h->v[h->n - 1]->created_ms < ((int64_t)day - 1) * 86400000;
}

im_rc im_journal_list_day(im_journal *j, int32_t day, im_entry_page *out)
{
    im_rc rc = ready_for(j, out, sizeof *out);
    if (rc != IM_OK)
        return rc;
    im_jnode *const *v = j->head.v;
    size_t total = j->head.n;
    if (!head_has_day(j, day)) {
        if ((rc = im_journal_need_order(j)) != IM_OK)
            return rc;
        v = j->index.v;
        total = j->index.n;
    }
    /* Days follow created order except across time-zone changes, so scan
     * rather than bisect. */
    size_t n = 0;
    im_jnode **hits = malloc((total ? total : 1) * sizeof *hits);
    if (!hits)
        return IM_ERR_NOMEM;
    for (size_t i = 0; i < total; i++)
        if (v[i]->day == day)
            hits[n++] = v[i];
    rc = im_jindex_page(hits, n, 0, IM_JOURNAL_PAGE_MAX, out);
    free(hits);
    return rc == IM_OK ? im_journal_page_text(j, out) : rc;
}

im_rc im_journal_days(im_journal *j, int32_t **days, size_t **counts, size_t *n)
{
    im_rc rc = ready_for(j, days, sizeof *days);
    if (rc != IM_OK)
        return rc;
    if (!counts || !n)
        return IM_ERR_INVALID;
    *days = NULL;
    *counts = NULL;
    *n = 0;
    if (!j->head.valid && (rc = im_journal_need_order(j)) != IM_OK)
        return rc;
    const im_jday *src = j->ordered ? j->days : j->head.days;
    size_t k = j->ordered ? j->ndays : j->head.ndays;
    int32_t *d = malloc((k ? k : 1) * sizeof *d);
    size_t *c = malloc((k ? k : 1) * sizeof *c);
    if (!d || !c) {
        free(d);
        free(c);
        return IM_ERR_NOMEM;
    }
    for (size_t i = 0; i < k; i++) {
        d[i] = src[i].day;
        c[i] = src[i].count;
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
    /* A caller that steps the build takes what is read so far. */
    if (!j->background && (rc = im_journal_need_words(j)) != IM_OK)
        return rc;
    /* The app pages through one query: run it once per index state. */
    if (!j->search_query || j->search_gen != j->index.gen ||
        strcmp(j->search_query, query) != 0) {
        im_jnode **hits;
        size_t n, unread;
        search_cache_clear(j);
        if ((rc = im_jindex_search(&j->index, query, &hits, &n, &unread)) !=
            IM_OK)
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
    rc = im_jindex_page(j->search_hits, j->search_n, offset, limit, out);
    if (rc == IM_OK)
        rc = im_journal_page_text(j, out);
    out->partial = !j->complete;
    return rc;
}
