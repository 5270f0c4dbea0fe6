/*
 * journal_trash.c -- delete with undo (see journal.h, "Trash").
 *
 * A deleted entry is moved, not flagged: one transaction writes it as an
 * IM_KIND_TRASH record (with its deletion time) and deletes the journal
 * record.  Restoring is the same move backwards; the entry keeps its
 * created time and uid, so it returns to its place and any draft of edits
 * to it re-attaches.  After IM_JOURNAL_UNDO_WINDOW_MS the trash record is
 * deleted; with secure_delete on, SQLite overwrites the freed bytes.
 */
#include "journal_internal.h"

#include <stdlib.h>
#include <string.h>

static int expired(const im_journal *j, int64_t deleted_ms)
{
    return im_journal_now(j) - deleted_ms >= IM_JOURNAL_UNDO_WINDOW_MS;
}

/* Move a record between kinds in one transaction: write rec as to_kind
 * (new id in *to_id), delete from_id of from_kind. */
static im_rc move_rec(im_journal *j, const im_entry_rec *rec,
                      uint32_t from_kind, int64_t from_id, uint32_t to_kind,
                      int64_t *to_id)
{
    im_rc rc = im_vault_begin(j->v);
    if (rc != IM_OK)
        return rc;
    *to_id = 0;
    rc = im_journal_put_rec(j, to_kind, to_id, rec);
    if (rc == IM_OK)
        rc = im_record_delete(j->v, from_kind, from_id);
    if (rc == IM_OK)
        rc = im_vault_commit(j->v);
    if (rc != IM_OK)
        im_vault_rollback(j->v);
    return rc;
}

im_rc im_journal_delete(im_journal *j, int64_t id, int64_t *trash_id)
{
    im_rc rc = im_journal_need_order(j);
    if (rc != IM_OK)
        return rc;
    long pos = im_jindex_find(&j->index, id);
    if (pos < 0)
        return IM_ERR_NOT_FOUND;
    im_entry_rec rec;
    if ((rc = im_journal_get_rec(j, IM_KIND_JOURNAL, id, &rec)) != IM_OK)
        return rc;
    rec.deleted_ms = im_journal_now(j);
    int64_t tid = 0;
    int32_t day = j->index.v[pos]->day;
    if ((rc = im_vault_begin(j->v)) == IM_OK) {
        rc = move_rec(j, &rec, IM_KIND_JOURNAL, id, IM_KIND_TRASH, &tid);
        if (rc == IM_OK) {
            im_jnode_free(im_jindex_remove(&j->index, (size_t)pos));
            rc = im_jdays_add(j, day, -1);
        }
        rc = im_journal_head_commit(j, rc, day);
    }
    im_entry_rec_clear(&rec);
    if (rc != IM_OK)
        return rc;
    if (trash_id)
        *trash_id = tid;
    return IM_OK;
}

im_rc im_journal_trash_restore(im_journal *j, int64_t trash_id, int64_t *id)
{
    im_rc rc = im_journal_need_order(j);
    if (rc != IM_OK)
        return rc;
    im_entry_rec rec;
    rc = im_journal_get_rec(j, IM_KIND_TRASH, trash_id, &rec);
    if (rc != IM_OK)
        return rc;
    if (expired(j, rec.deleted_ms)) {
        im_entry_rec_clear(&rec);
        /* Housekeeping only: the entry is past its time and reported gone
         * either way; a purge that fails now runs again when the trash is
         * next listed or the journal opened. */
        im_rc_ignore(im_journal_trash_purge(j, NULL));
        return IM_ERR_NOT_FOUND;
    }
    rec.deleted_ms = 0;
    int64_t new_id = 0;
    im_jnode *node = im_jnode_new(&j->index, 0, &rec);
    if (!node || (rc = im_vault_begin(j->v)) != IM_OK) {
        im_jnode_free(node);
        im_entry_rec_clear(&rec);
        return node ? rc : IM_ERR_NOMEM;
    }
    rc = move_rec(j, &rec, IM_KIND_TRASH, trash_id, IM_KIND_JOURNAL, &new_id);
    if (rc == IM_OK) {
        node->id = new_id;
        rc = im_jindex_insert(&j->index, node);
        if (rc == IM_OK)
            node = NULL;
    }
    if (rc == IM_OK)
        rc = im_jdays_add(j, rec.e.day, +1);
    im_jnode_free(node);
    rc = im_journal_head_commit(j, rc, rec.e.day);
    im_entry_rec_clear(&rec);
    if (rc != IM_OK)
        return rc;
    if (id)
        *id = new_id;
    return IM_OK;
}

/* ---- Reading the trash ------------------------------------------------------ */

enum { WANT_EXPIRED = 0, WANT_LIVE = 1, WANT_ALL = 2 };

typedef struct trash_scan {
    const im_journal *j;
    int want; /* WANT_LIVE, WANT_EXPIRED or WANT_ALL */
    int64_t *ids;
    im_entry_rec *recs; /* decoded records, when wanted */
    size_t n, cap;
    im_rc rc;
} trash_scan;

static int scan_one(void *ctx, int64_t id, im_rc rc, const unsigned char *data,
                    size_t len)
{
    trash_scan *s = ctx;
    im_entry_rec rec;
    if (rc != IM_OK || im_entry_rec_decode(data, len, &rec) != IM_OK)
        return 0; /* damaged: neither listed nor purged */
    if (s->want != WANT_ALL && expired(s->j, rec.deleted_ms) == s->want) {
        im_entry_rec_clear(&rec);
        return 0;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        int64_t *ids = realloc(s->ids, cap * sizeof *ids);
        if (ids)
            s->ids = ids;
        im_entry_rec *recs = ids ? realloc(s->recs, cap * sizeof *recs) : NULL;
        if (recs)
            s->recs = recs;
        if (!ids || !recs) {
            im_entry_rec_clear(&rec);
            s->rc = IM_ERR_NOMEM;
            return 1;
        }
        s->cap = cap;
    }
    rec.e.id = id;
    s->ids[s->n] = id;
    s->recs[s->n++] = rec;
    return 0;
}

static void scan_free(trash_scan *s)
{
    for (size_t i = 0; i < s->n; i++)
        im_entry_rec_clear(&s->recs[i]);
    free(s->recs);
    free(s->ids);
    memset(s, 0, sizeof *s);
}

static im_rc scan(im_journal *j, int want, trash_scan *s)
{
    memset(s, 0, sizeof *s);
    s->j = j;
    s->want = want;
    im_rc rc = im_record_foreach(j->v, IM_KIND_TRASH, scan_one, s);
    if (rc == IM_OK)
        rc = s->rc;
    if (rc != IM_OK)
        scan_free(s);
    return rc;
}

im_rc im_journal_trash_delete(im_journal *j, const int64_t *ids, size_t n)
{
    im_rc rc = im_vault_begin(j->v);
    for (size_t i = 0; rc == IM_OK && i < n; i++) {
        rc = im_record_delete(j->v, IM_KIND_TRASH, ids[i]);
        if (rc == IM_ERR_NOT_FOUND)
            rc = IM_OK; /* gone already: what was asked */
    }
    if (rc == IM_OK)
        rc = im_vault_commit(j->v);
    else
        im_vault_rollback(j->v);
    return rc;
}

int im_journal_trash_is_expired(im_journal *j, int64_t id, size_t *cost)
{
    im_buf b = {0, 0};
    im_entry_rec rec;
    im_rc rc = im_record_get(j->v, IM_KIND_TRASH, id, &b);
    *cost += b.len;
    int past = rc == IM_OK && im_entry_rec_decode(b.data, b.len, &rec) == IM_OK;
    if (past) {
        past = expired(j, rec.deleted_ms);
        im_entry_rec_clear(&rec);
    }
    im_buf_free(&b);
    return past;
}

im_rc im_journal_trash_expire(im_journal *j, size_t *purged)
{
    trash_scan s;
    im_rc rc = scan(j, WANT_EXPIRED, &s);
    if (purged)
        *purged = 0;
    if (rc != IM_OK || s.n == 0) {
        scan_free(&s);
        return rc;
    }
    rc = im_journal_trash_delete(j, s.ids, s.n);
    if (rc == IM_OK && purged)
        *purged = s.n;
    scan_free(&s);
    return rc;
}

/* Trash ids of records still in their window, into a page sorted by
 * deletion time, newest first. */
static int cmp_deleted_desc(const void *pa, const void *pb)
{
    const im_jnode *a = *(im_jnode *const *)pa, *b = *(im_jnode *const *)pb;
    if (a->edited_ms != b->edited_ms)
        return a->edited_ms > b->edited_ms ? -1 : 1;
    return a->id > b->id ? -1 : a->id < b->id ? 1 : 0;
}

im_rc im_journal_trash_list(im_journal *j, im_entry_page *out)
{
    im_rc rc = im_journal_need_order(j);
    if (rc != IM_OK)
        return rc;
    if (!out)
        return IM_ERR_INVALID;
    memset(out, 0, sizeof *out);
    if ((rc = im_journal_trash_purge(j, NULL)) != IM_OK)
        return rc;
    trash_scan s;
    if ((rc = scan(j, WANT_LIVE, &s)) != IM_OK)
        return rc;
    im_jindex nodes;
    memset(&nodes, 0, sizeof nodes);
    for (size_t i = 0; rc == IM_OK && i < s.n; i++) {
        im_jnode *node = im_jnode_new(&nodes, s.ids[i], &s.recs[i]);
        if (node)
            node->edited_ms = s.recs[i].deleted_ms;
        if (!node || im_jindex_append(&nodes, node) != IM_OK) {
            im_jnode_free(node);
            rc = IM_ERR_NOMEM;
        }
    }
    scan_free(&s);
    if (rc == IM_OK) {
        if (nodes.n > 1)
            qsort(nodes.v, nodes.n, sizeof *nodes.v, cmp_deleted_desc);
        rc = im_jindex_page(nodes.v, nodes.n, 0, IM_JOURNAL_PAGE_MAX, out);
    }
    im_jindex_clear(&nodes);
    return rc;
}

im_rc im_journal_trash_forget(im_journal *j, int64_t trash_id)
{
    im_rc rc = im_journal_need_order(j);
    if (rc == IM_OK)
        rc = im_record_delete(j->v, IM_KIND_TRASH, trash_id);
    if (rc == IM_OK)
        rc = im_journal_drafts_drop_orphans(j);
    return rc;
}

im_rc im_journal_trash_purge(im_journal *j, size_t *purged)
{
    im_rc rc = im_journal_need_order(j);
    if (rc == IM_OK)
        rc = im_journal_trash_expire(j, purged);
    if (rc == IM_OK)
        rc = im_journal_drafts_drop_orphans(j);
    return rc;
}

im_rc im_journal_trash_uids(im_journal *j, unsigned char **uids, size_t *n)
{
    trash_scan all;
    *uids = NULL;
    *n = 0;
    im_rc rc = scan(j, WANT_ALL, &all);
    if (rc != IM_OK)
        return rc;
    unsigned char *u = malloc((all.n ? all.n : 1) * IM_ENTRY_UID_BYTES);
    if (!u) {
        rc = IM_ERR_NOMEM;
    } else {
        for (size_t i = 0; i < all.n; i++)
            memcpy(u + i * IM_ENTRY_UID_BYTES, all.recs[i].uid,
                   IM_ENTRY_UID_BYTES);
        *uids = u;
        *n = all.n;
    }
    scan_free(&all);
    return rc;
}
