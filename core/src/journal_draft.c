/*
 * journal_draft.c -- drafts that survive a kill (see journal.h, "Drafts").
 *
 * A draft is an IM_KIND_DRAFT record in the entry layout, plus the uid of
 * the entry it edits (all zero for a new entry).  The handle keeps a small
 * table target -> record id so a save is a single vault write: the record is
 * replaced in place by im_record_put, which is one SQLite transaction, so a
 * kill at any moment leaves either the previous draft or the new one.
 */
#include "journal_internal.h"

#include <stdlib.h>
#include <string.h>

static const unsigned char no_target[IM_ENTRY_UID_BYTES];

typedef struct draft_load_ctx {
    im_journal *j;
    im_rc rc;
} draft_load_ctx;

static im_rc drafts_add(im_journal *j, const unsigned char *target,
                        int64_t record_id, int64_t created_ms)
{
    if (j->ndrafts == j->cap_drafts) {
        size_t cap = j->cap_drafts ? j->cap_drafts * 2 : 4;
        im_jdraft *d = realloc(j->drafts, cap * sizeof *d);
        if (!d)
            return IM_ERR_NOMEM;
        j->drafts = d;
        j->cap_drafts = cap;
    }
    im_jdraft *d = &j->drafts[j->ndrafts++];
    memcpy(d->target, target, IM_ENTRY_UID_BYTES);
    d->record_id = record_id;
    d->created_ms = created_ms;
    d->saved_ms = 0;
    return IM_OK;
}

static int draft_load_one(void *ctx, int64_t id, im_rc rc,
                          const unsigned char *data, size_t len)
{
    draft_load_ctx *c = ctx;
    im_entry_rec rec;
    if (rc != IM_OK || im_entry_rec_decode(data, len, &rec) != IM_OK)
        return 0; /* a damaged draft is skipped, never fatal */
    c->rc = drafts_add(c->j, rec.target, id, rec.e.created_ms);
    im_entry_rec_clear(&rec);
    return c->rc != IM_OK;
}

im_rc im_journal_drafts_load(im_journal *j)
{
    draft_load_ctx c = {j, IM_OK};
    im_journal_drafts_clear(j);
    im_rc rc = im_record_foreach(j->v, IM_KIND_DRAFT, draft_load_one, &c);
    return rc != IM_OK ? rc : c.rc;
}

void im_journal_drafts_clear(im_journal *j)
{
    free(j->drafts);
    j->drafts = NULL;
    j->ndrafts = j->cap_drafts = 0;
}

/* The uid a target entry id stands for (0: a new entry). */
static im_rc target_uid(im_journal *j, int64_t entry_id, unsigned char *uid)
{
    if (entry_id == 0) {
        memset(uid, 0, IM_ENTRY_UID_BYTES);
        return IM_OK;
    }
    long pos = im_jindex_find(&j->index, entry_id);
    if (pos < 0)
        return IM_ERR_NOT_FOUND;
    memcpy(uid, j->index.v[pos]->uid, IM_ENTRY_UID_BYTES);
    return IM_OK;
}

static im_jdraft *draft_find(im_journal *j, const unsigned char *uid)
{
    for (size_t i = 0; i < j->ndrafts; i++)
        if (memcmp(j->drafts[i].target, uid, IM_ENTRY_UID_BYTES) == 0)
            return &j->drafts[i];
    return NULL;
}

static void draft_remove(im_journal *j, im_jdraft *d)
{
    size_t i = (size_t)(d - j->drafts);
    memmove(d, d + 1, (j->ndrafts - i - 1) * sizeof *d);
    j->ndrafts--;
}

/* Ready, and the draft slot for entry_id (NULL if none yet). */
static im_rc draft_lookup(im_journal *j, int64_t entry_id, unsigned char *uid,
                          im_jdraft **d)
{
    /* A draft of edits names its entry by uid: that needs the index. */
    im_rc rc = entry_id ? im_journal_need_order(j) : im_journal_ready(j);
    if (rc == IM_OK)
        rc = target_uid(j, entry_id, uid);
    *d = rc == IM_OK ? draft_find(j, uid) : NULL;
    return rc;
}

im_rc im_journal_draft_save(im_journal *j, int64_t entry_id,
                            const im_entry_fields *f)
{
    unsigned char uid[IM_ENTRY_UID_BYTES];
    im_jdraft *d;
    im_rc rc = draft_lookup(j, entry_id, uid, &d);
    if (rc == IM_OK)
        rc = im_entry_fields_check(f);
    if (rc != IM_OK)
        return rc;
    int64_t now = im_journal_now(j);
    im_entry_rec rec;
    memset(&rec, 0, sizeof rec);
    rec.e.created_ms = d ? d->created_ms : now;
    rec.e.edited_ms = now;
    rec.e.tz_offset_min = im_local_tz_offset_min(now);
    memcpy(rec.target, uid, IM_ENTRY_UID_BYTES);
    if ((rc = im_entry_rec_set_fields(&rec, f)) != IM_OK)
        return rc;
    if (!d && (rc = drafts_add(j, uid, 0, now)) == IM_OK)
        d = &j->drafts[j->ndrafts - 1];
    if (rc == IM_OK) {
        int64_t id = d->record_id;
        rc = im_journal_put_rec(j, IM_KIND_DRAFT, &id, &rec);
        if (rc == IM_OK) {
            d->record_id = id;
            d->saved_ms = now;
        } else if (d->record_id == 0) {
            draft_remove(j, d);
        }
    }
    im_entry_rec_clear(&rec);
    return rc;
}

im_rc im_journal_draft_load(im_journal *j, int64_t entry_id, im_entry *out)
{
    unsigned char uid[IM_ENTRY_UID_BYTES];
    im_jdraft *d;
    if (!out)
        return IM_ERR_INVALID;
    memset(out, 0, sizeof *out);
    im_rc rc = draft_lookup(j, entry_id, uid, &d);
    if (rc != IM_OK)
        return rc;
    if (!d)
        return IM_ERR_NOT_FOUND;
    im_entry_rec rec;
    if ((rc = im_journal_get_rec(j, IM_KIND_DRAFT, d->record_id, &rec)) !=
        IM_OK)
        return rc;
    rec.e.id = entry_id;
    im_entry_rec_take(&rec, out);
    im_entry_rec_clear(&rec);
    return IM_OK;
}

im_rc im_journal_draft_discard(im_journal *j, int64_t entry_id)
{
    unsigned char uid[IM_ENTRY_UID_BYTES];
    im_jdraft *d;
    im_rc rc = draft_lookup(j, entry_id, uid, &d);
    if (rc != IM_OK || !d)
        return rc;
    rc = im_record_delete(j->v, IM_KIND_DRAFT, d->record_id);
    if (rc == IM_OK || rc == IM_ERR_NOT_FOUND) {
        draft_remove(j, d);
        rc = IM_OK;
    }
    return rc;
}

im_rc im_journal_save(im_journal *j, int64_t *id, const im_entry_fields *f)
{
    if (!id)
        return IM_ERR_INVALID;
    unsigned char uid[IM_ENTRY_UID_BYTES];
    im_jdraft *d;
    int64_t target = *id;
    im_rc rc = draft_lookup(j, target, uid, &d);
    if (rc == IM_OK)
        rc = im_entry_fields_check(f);
    if (rc == IM_OK)
        rc = im_vault_begin(j->v);
    if (rc != IM_OK)
        return rc;
    rc = target ? im_journal_update(j, target, f)
                : im_journal_create(j, f, &target);
    if (rc == IM_OK && d) {
        rc = im_record_delete(j->v, IM_KIND_DRAFT, d->record_id);
        if (rc == IM_ERR_NOT_FOUND)
            rc = IM_OK;
    }
    if (rc == IM_OK)
        rc = im_vault_commit(j->v);
    if (rc != IM_OK) {
        im_vault_rollback(j->v);
        im_journal_wipe(j); /* the index may hold the rolled-back entry */
        return rc;
    }
    if (d)
        draft_remove(j, d);
    *id = target;
    return IM_OK;
}

im_rc im_journal_draft_commit(im_journal *j, int64_t entry_id, int64_t *id)
{
    im_entry draft;
    im_rc rc = im_journal_draft_load(j, entry_id, &draft);
    if (rc != IM_OK)
        return rc;
    im_entry_fields f = {draft.title,     draft.body,     draft.mood,
                         draft.link_item, draft.link_ref, draft.prompt};
    int64_t target = entry_id;
    rc = im_journal_save(j, &target, &f);
    im_entry_free(&draft);
    if (rc == IM_OK && id)
        *id = target;
    return rc;
}

im_rc im_journal_drafts(im_journal *j, int64_t **entry_ids, size_t *n)
{
    im_rc rc = im_journal_ready(j);
    for (size_t i = 0; rc == IM_OK && !j->ordered && i < j->ndrafts; i++)
        if (memcmp(j->drafts[i].target, no_target, IM_ENTRY_UID_BYTES) != 0)
            rc = im_journal_need_order(j); /* uids to entry ids */
    if (rc != IM_OK)
        return rc;
    if (!entry_ids || !n)
        return IM_ERR_INVALID;
    *n = 0;
    *entry_ids = malloc((j->ndrafts ? j->ndrafts : 1) * sizeof **entry_ids);
    if (!*entry_ids)
        return IM_ERR_NOMEM;
    for (size_t i = 0; i < j->ndrafts; i++) {
        const unsigned char *t = j->drafts[i].target;
        if (memcmp(t, no_target, IM_ENTRY_UID_BYTES) == 0) {
            (*entry_ids)[(*n)++] = 0;
            continue;
        }
        long pos = im_jindex_find_uid(&j->index, t);
        if (pos >= 0) /* drafts of trashed entries stay hidden */
            (*entry_ids)[(*n)++] = j->index.v[pos]->id;
    }
    return IM_OK;
}

int im_journal_draft_due(im_journal *j, int64_t entry_id)
{
    unsigned char uid[IM_ENTRY_UID_BYTES];
    im_jdraft *d;
    if (draft_lookup(j, entry_id, uid, &d) != IM_OK || !d || !d->saved_ms)
        return 1;
    return im_journal_now(j) - d->saved_ms >= IM_JOURNAL_DRAFT_INTERVAL_MS;
}

static int uid_in(const unsigned char *uids, size_t n, const unsigned char *u)
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(uids + i * IM_ENTRY_UID_BYTES, u, IM_ENTRY_UID_BYTES) == 0)
            return 1;
    return 0;
}

im_rc im_journal_drafts_drop_orphans(im_journal *j)
{
    unsigned char *trash = NULL;
    size_t ntrash = 0;
    int any = 0;
    for (size_t i = 0; i < j->ndrafts && !any; i++)
        any = memcmp(j->drafts[i].target, no_target, IM_ENTRY_UID_BYTES) != 0 &&
              im_jindex_find_uid(&j->index, j->drafts[i].target) < 0;
    if (!any)
        return IM_OK;
    im_rc rc = im_journal_trash_uids(j, &trash, &ntrash);
    for (size_t i = 0; rc == IM_OK && i < j->ndrafts;) {
        const unsigned char *t = j->drafts[i].target;
        if (memcmp(t, no_target, IM_ENTRY_UID_BYTES) == 0 ||
            im_jindex_find_uid(&j->index, t) >= 0 || uid_in(trash, ntrash, t)) {
            i++;
            continue;
        }
        rc = im_record_delete(j->v, IM_KIND_DRAFT, j->drafts[i].record_id);
        if (rc == IM_ERR_NOT_FOUND)
            rc = IM_OK;
        if (rc == IM_OK)
            draft_remove(j, &j->drafts[i]);
    }
    free(trash);
    return rc;
}
