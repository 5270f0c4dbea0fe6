/*
 * journal_build.c -- reading every entry into the index after the journal
 * has opened, a slice at a time (see journal_internal.h, "States").
 *
 * Design.  A journal opens on its head alone (journal_head.c).  The rest
 * is read in two passes, each resumable after any entry:
 *   1. order: every journal record, newest id first, into the index, with
 *      its words (so a search made meanwhile finds the newest entries
 *      first); when none is left the index is sorted into list order, the
 *      days are counted, orphan drafts and expired trash go, and the head
 *      is checked and rewritten if it differs;
 *   2. words: nodes read without words (pass 1 finished in a hurry) get
 *      them, in list order, newest first;
 *   3. compaction: the dictionary's posting lists are copied tight
 *      (journal_words.c), search already exact.
 * A caller that needs the order now (a list past the head, a write) gets
 * pass 1 finished at once without words, which is several times faster
 * than with them; the words follow in pass 2.  Slices are measured in
 * bytes of entry read (plus a fixed part per entry), not time: core has
 * no clock of its own, and bytes are what the work grows with.
 */
#include "journal_internal.h"

#include <stdlib.h>
#include <string.h>

#include "utf8_text.h"

/* What reading one record costs beyond its bytes (the query, the open). */
#define ENTRY_COST 512
/* Ids listed at a time: a walk of the index on (kind, id) alone, so one
 * batch costs the same at 100 entries or 100,000. */
#define LIST_BATCH 64

void im_jbuild_clear(im_journal *j)
{
    free(j->unread);
    j->unread = NULL;
    j->nunread = 0;
    j->list_below = 0;
    j->listed = 0;
    free(j->expired);
    j->expired = NULL;
    j->nexpired = j->cap_expired = 0;
    j->words_at = 0;
    j->words_gen = 0;
}

/* Whether pass 1 has begun (ids listed, or everything read at once). */
static int started(const im_journal *j)
{
    return j->list_below != 0 || j->listed;
}

/* The next batch of ids below the last one listed, newest at the end;
 * listed is set when none is left. */
static im_rc list_more(im_journal *j, size_t *cost)
{
    if (!j->unread && !(j->unread = malloc(LIST_BATCH * sizeof *j->unread)))
        return IM_ERR_NOMEM;
    if (!started(j))
        j->damaged = 0;
    size_t n = 0;
    /* Listed as trash: the journal's rows (trash passes for them) and the
     * trash rows an older build stored under the trash kind itself, so
     * the walk meets every entry and every trash record once. */
    im_rc rc = im_record_ids_below(j->v, IM_KIND_TRASH,
                                   j->list_below ? j->list_below : INT64_MAX,
                                   LIST_BATCH, j->unread, &n);
    *cost += ENTRY_COST;
    if (rc != IM_OK)
        return rc;
    if (n == 0) {
        j->listed = 1;
        return IM_OK;
    }
    j->list_below = j->unread[n - 1];
    for (size_t a = 0, b = n - 1; a < b; a++, b--) {
        int64_t t = j->unread[a];
        j->unread[a] = j->unread[b];
        j->unread[b] = t;
    }
    j->nunread = n;
    return IM_OK;
}

/* Trash met by the walk (its rows pass for journal entries): kept for the
 * purge when it is past its window. */
static im_rc note_trash(im_journal *j, int64_t id, size_t *cost)
{
    if (!im_journal_trash_is_expired(j, id, cost))
        return IM_OK;
    if (j->nexpired == j->cap_expired) {
        size_t cap = j->cap_expired ? j->cap_expired * 2 : 16;
        int64_t *p = realloc(j->expired, cap * sizeof *p);
        if (!p)
            return IM_ERR_NOMEM;
        j->expired = p;
        j->cap_expired = cap;
    }
    j->expired[j->nexpired++] = id;
    return IM_OK;
}

/* Read record id (gone or damaged: counted, skipped; trash: noted) into a
 * node, with its words when words is set; add its size to *cost. */
static im_rc read_one(im_journal *j, int64_t id, int words, size_t *cost)
{
    im_buf b = {0, 0};
    im_entry_view view;
    im_rc rc = im_record_get(j->v, IM_KIND_JOURNAL, id, &b);
    *cost += ENTRY_COST + b.len;
    if (rc == IM_ERR_NOT_FOUND)
        return note_trash(j, id, cost);
    if (rc == IM_OK && im_entry_view_decode(b.data, b.len, &view) != IM_OK)
        rc = IM_ERR_DAMAGED;
    if (rc == IM_ERR_DAMAGED) {
        j->damaged++;
        im_buf_free(&b);
        return IM_OK;
    }
    if (rc == IM_OK) {
        im_jnode *node = im_jnode_bare(words ? &j->index : NULL, id, &view);
        if (!node || im_jindex_append(&j->index, node) != IM_OK) {
            im_jnode_free(node);
            rc = IM_ERR_NOMEM;
        }
    }
    im_buf_free(&b);
    return rc;
}

static int all_have_words(const im_journal *j)
{
    for (size_t i = 0; i < j->index.n; i++)
        if (!j->index.v[i]->doc1)
            return 0;
    return 1;
}

/* Everything is read: purge the expired trash met, sort, count days, tidy
 * drafts, mend the head. */
static im_rc finish_order(im_journal *j)
{
    im_rc rc = j->nexpired ? im_journal_trash_delete(j, j->expired, j->nexpired)
                           : IM_OK;
    if (rc != IM_OK)
        return rc;
    j->nexpired = 0;
    im_jindex_sort(&j->index);
    rc = im_jdays_count(j);
    if (rc == IM_OK)
        rc = im_journal_top_text(j); /* what the head holds */
    if (rc != IM_OK)
        return rc;
    free(j->unread);
    j->unread = NULL;
    j->nunread = 0;
    j->ordered = 1;
    if ((rc = im_journal_drafts_drop_orphans(j)) != IM_OK)
        return rc;
    if (im_jhead_stale(j) && (rc = im_jhead_store_all(j)) != IM_OK)
        return rc;
    im_jhead_drop_entries(&j->head); /* the index answers from now on */
    j->words_at = 0;
    j->words_gen = j->index.gen;
    j->complete = all_have_words(j);
    return IM_OK;
}

/* Give the node at pos its words (its record read again). */
static im_rc words_one(im_journal *j, size_t pos, size_t *cost)
{
    const im_jnode *old = j->index.v[pos];
    im_buf b = {0, 0};
    im_entry_view view;
    im_rc rc = im_record_get(j->v, IM_KIND_JOURNAL, old->id, &b);
    *cost += ENTRY_COST + b.len;
    if (rc == IM_OK && im_entry_view_decode(b.data, b.len, &view) != IM_OK)
        rc = IM_ERR_DAMAGED;
    /* A node keeps its text if it had it (the head's, journal_head.c). */
    im_jnode *(*make)(im_jindex *, int64_t,
                      const im_entry_view *) = old->preview ? im_jnode_from_view
                                                            : im_jnode_bare;
    if (rc == IM_OK) {
        im_jnode *node = make(&j->index, old->id, &view);
        if (node)
            im_jindex_replace(&j->index, pos, node);
        else
            rc = IM_ERR_NOMEM;
    } else if (rc == IM_ERR_DAMAGED || rc == IM_ERR_NOT_FOUND) {
        /* It read once and not now: searchable as an empty entry rather
         * than holding the build up for ever. */
        im_entry_view empty;
        memset(&empty, 0, sizeof empty);
        empty.body = "";
        im_jnode *node = make(&j->index, old->id, &empty);
        if (node) {
            node->created_ms = old->created_ms;
            node->edited_ms = old->edited_ms;
            node->day = old->day;
            node->mood = old->mood;
            node->has_link = old->has_link;
            memcpy(node->uid, old->uid, IM_ENTRY_UID_BYTES);
            im_jindex_replace(&j->index, pos, node);
            rc = IM_OK;
        } else {
            rc = IM_ERR_NOMEM;
        }
    }
    im_buf_free(&b);
    return rc;
}

typedef struct all_ctx {
    im_journal *j;
    int words;
    im_rc rc;
} all_ctx;

static int all_one(void *ctx, int64_t id, im_rc rc, const unsigned char *data,
                   size_t len)
{
    all_ctx *c = ctx;
    im_entry_view view;
    if (rc != IM_OK || im_entry_view_decode(data, len, &view) != IM_OK) {
        c->j->damaged++;
        return 0;
    }
    im_jnode *node = im_jnode_bare(c->words ? &c->j->index : NULL, id, &view);
    if (!node || im_jindex_append(&c->j->index, node) != IM_OK) {
        im_jnode_free(node);
        c->rc = IM_ERR_NOMEM;
        return 1;
    }
    return 0;
}

/* Pass 1 at once when nothing was read yet: one walk of the records (one
 * statement) rather than a read per id. */
static im_rc order_all(im_journal *j, int words)
{
    all_ctx c = {j, words, IM_OK};
    im_rc rc = im_journal_trash_expire(j, NULL);
    j->damaged = 0;
    if (rc == IM_OK)
        rc = im_record_foreach(j->v, IM_KIND_JOURNAL, all_one, &c);
    if (rc == IM_OK)
        rc = c.rc;
    if (rc == IM_OK) {
        j->listed = 1;
        rc = finish_order(j);
    }
    return rc;
}

/* Pass 1 until budget is spent or no id is left (then finished). */
static im_rc order_some(im_journal *j, size_t budget, int words, size_t *cost)
{
    im_rc rc = IM_OK;
    while (rc == IM_OK && !j->ordered && *cost < budget) {
        if (j->nunread > 0)
            rc = read_one(j, j->unread[--j->nunread], words, cost);
        else if (!j->listed)
            rc = list_more(j, cost);
        else
            rc = finish_order(j);
    }
    return rc;
}

static im_rc words_some(im_journal *j, size_t budget, size_t *cost)
{
    im_rc rc = IM_OK;
    if (j->index.gen != j->words_gen)
        j->words_at = 0; /* the index changed: look again from the top */
    while (rc == IM_OK && j->words_at < j->index.n && *cost < budget) {
        if (!j->index.v[j->words_at]->doc1)
            rc = words_one(j, j->words_at, cost);
        if (rc == IM_OK)
            j->words_at++;
    }
    j->words_gen = j->index.gen;
    if (rc == IM_OK && j->words_at >= j->index.n)
        j->complete = 1;
    return rc;
}

/* A failure leaves nothing half-built: the next call starts over. */
static im_rc failed(im_journal *j, im_rc rc)
{
    if (rc != IM_OK)
        im_journal_wipe(j);
    return rc;
}

im_rc im_jbuild_step(im_journal *j, size_t budget, int *done)
{
    size_t cost = 0;
    im_rc rc = IM_OK;
    if (!j->ordered)
        rc = order_some(j, budget, 1, &cost);
    if (rc == IM_OK && j->ordered && !j->complete)
        rc = words_some(j, budget, &cost);
    /* Every word in (done: search is exact): then the lists are copied
     * tight (journal_words.c, "Compaction") by the steps that follow, for
     * as long as im_journal_index_pending says so. */
    int compacted = 0;
    if (rc == IM_OK && j->complete && cost == 0) /* a step of its own */
        rc = im_jwords_compact_step(&j->index.words, budget - cost, &compacted);
    (void)compacted;
    if (done)
        *done = rc == IM_OK && j->complete;
    return failed(j, rc);
}

im_rc im_journal_need_order(im_journal *j)
{
    im_rc rc = im_journal_ready(j);
    if (rc != IM_OK || j->ordered)
        return rc;
    size_t cost = 0;
    return failed(j, started(j) ? order_some(j, SIZE_MAX, 0, &cost)
                                : order_all(j, 0));
}

im_rc im_journal_need_words(im_journal *j)
{
    im_rc rc = im_journal_ready(j);
    if (rc != IM_OK || j->complete)
        return rc;
    size_t cost = 0;
    if (!j->ordered)
        rc = started(j) ? order_some(j, SIZE_MAX, 1, &cost) : order_all(j, 1);
    if (rc == IM_OK && !j->complete)
        rc = words_some(j, SIZE_MAX, &cost);
    return failed(j, rc);
}

/* ---- Text not kept in memory ------------------------------------------------
 * The build keeps no title or preview (im_jnode_bare): at 100,000 entries
 * they were 18 MB.  A page shows at most IM_JOURNAL_PAGE_MAX entries, so
 * reading their records again when one is shown costs a few dozen AEAD
 * opens, whatever the journal's size; and the head's entries (the newest
 * IM_JHEAD_ENTRIES) are kept with their text, for the head's store. */

/* The entry's title and preview, read from its record: copies in *title
 * (NULL if none) and *preview.  A record gone or damaged since it was
 * indexed reads as no title and an empty preview. */
static im_rc text_read(im_journal *j, int64_t id, char **title, char **preview)
{
    im_buf b = {0, 0};
    im_entry_view view;
    *title = *preview = NULL;
    im_rc rc = im_record_get(j->v, IM_KIND_JOURNAL, id, &b);
    if (rc == IM_OK && im_entry_view_decode(b.data, b.len, &view) != IM_OK)
        rc = IM_ERR_DAMAGED;
    if (rc == IM_ERR_NOT_FOUND || rc == IM_ERR_DAMAGED) {
        memset(&view, 0, sizeof view);
        view.body = "";
        rc = IM_OK;
    }
    if (rc == IM_OK) {
        size_t plen = im_utf8_clip(view.body, view.body_len,
                                   IM_JOURNAL_PREVIEW_BYTES);
        *preview = im_str_dup_n(view.body, plen);
        if (view.title)
            *title = im_str_dup_n(view.title, view.title_len);
        if (!*preview || (view.title && !*title)) {
            im_str_wipe_free(*preview);
            im_str_wipe_free(*title);
            *title = *preview = NULL;
            rc = IM_ERR_NOMEM;
        }
    }
    im_buf_free(&b);
    return rc;
}

im_rc im_journal_page_text(im_journal *j, im_entry_page *p)
{
    for (size_t i = 0; i < p->n; i++) {
        im_entry_summary *s = &p->items[i];
        if (s->preview)
            continue;
        im_rc rc = text_read(j, s->id, &s->title, &s->preview);
        if (rc != IM_OK) {
            im_entry_page_free(p);
            return rc;
        }
    }
    return IM_OK;
}

im_rc im_journal_top_text(im_journal *j)
{
    size_t n = j->index.n < IM_JHEAD_ENTRIES ? j->index.n : IM_JHEAD_ENTRIES;
    for (size_t i = 0; i < n; i++) {
        const im_jnode *old = j->index.v[i];
        if (old->preview)
            continue;
        char *title, *preview;
        im_rc rc = text_read(j, old->id, &title, &preview);
        if (rc != IM_OK)
            return rc;
        im_entry_view v;
        memset(&v, 0, sizeof v);
        v.created_ms = old->created_ms;
        v.edited_ms = old->edited_ms;
        v.tz_offset_min = old->tz_offset_min;
        v.day = old->day;
        v.mood = old->mood;
        v.has_link = old->has_link;
        v.title = title;
        v.title_len = title ? strlen(title) : 0;
        v.body = preview;
        v.body_len = strlen(preview);
        memcpy(v.uid, old->uid, sizeof v.uid);
        im_jnode *node = im_jnode_from_view(NULL, old->id, &v);
        im_str_wipe_free(title);
        im_str_wipe_free(preview);
        if (!node)
            return IM_ERR_NOMEM;
        node->doc1 = old->doc1; /* the same words */
        im_jindex_replace(&j->index, i, node);
    }
    return IM_OK;
}

/* ---- A page past the head while the order is not finished -------------------
 * The list past the head used to finish pass 1 at once (every entry not
 * read yet, without words): at 10,000 entries a 190 ms frame when a person
 * scrolled past the first 24 while the index built, 2 s at 100,000.  Yet
 * the head knows how many entries each day has (j->head.days, all of
 * them), and pass 1 reads the newest ids first, which are nearly always
 * the newest entries.  When every day from the newest down to some day is
 * complete among the nodes read, every entry not read is on an older day
 * E; its created time is then before the end of day E in its own time
 * zone, so before (E + 2) days in UTC (offsets are within a day either
 * way).  A node read whose created time is at or past that is ahead of
 * every entry not read, and so is every node ahead of it in list order:
 * those nodes, sorted, are exactly the list's first positions.  A page
 * inside them is answered; otherwise about as many entries as it lacks are
 * read (without words, as before: pass 2 adds them) and it is tried again.
 * So a page costs what its depth costs, not what the journal's size does. */

#define DAY_MS INT64_C(86400000)

static size_t day_index(const im_jday *days, size_t n, int32_t day)
{
    size_t lo = 0, hi = n; /* days newest first */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (days[mid].day > day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && days[lo].day == day ? lo : n;
}

/* The nodes read so far that settle the list's first positions, in list
 * order, into *out (malloc'd; NULL when none), *n of them. */
static im_rc settled(im_journal *j, im_jnode ***out, size_t *n)
{
    const im_jhead *h = &j->head;
    *out = NULL;
    *n = 0;
    if (!h->valid || h->ndays == 0 || j->index.n == 0)
        return IM_OK;
    uint32_t *seen = calloc(h->ndays, sizeof *seen);
    if (!seen)
        return IM_ERR_NOMEM;
    for (size_t i = 0; i < j->index.n; i++) {
        size_t k = day_index(h->days, h->ndays, j->index.v[i]->day);
        if (k == h->ndays) { /* a day the head does not know: it cannot tell */
            free(seen);
            return IM_OK;
        }
        seen[k]++;
    }
    size_t k = 0;
    while (k < h->ndays && seen[k] == h->days[k].count)
        k++;
    free(seen);
    if (k == 0)
        return IM_OK;
    int64_t from = k == h->ndays ? INT64_MIN
                                 : ((int64_t)h->days[k].day + 2) * DAY_MS;
    im_jnode **s = malloc(j->index.n * sizeof *s);
    if (!s)
        return IM_ERR_NOMEM;
    size_t m = 0;
    for (size_t i = 0; i < j->index.n; i++)
        if (j->index.v[i]->created_ms >= from)
            s[m++] = j->index.v[i];
    /* Read newest id first, they are nearly always in list order already. */
    im_jindex_sort_nodes(s, m);
    *out = s;
    *n = m;
    return IM_OK;
}

im_rc im_journal_list_early(im_journal *j, size_t offset, size_t limit,
                            im_entry_page *out, int *answered)
{
    *answered = 0;
    /* Only for a caller that steps the build (the app): one that reads the
     * whole list page by page is better served by ordering it at once. */
    if (j->ordered || !j->head.valid || !j->background)
        return IM_OK;
    size_t total = j->head.total;
    if (limit > IM_JOURNAL_PAGE_MAX)
        limit = IM_JOURNAL_PAGE_MAX;
    size_t end = offset >= total          ? total
                 : total - offset < limit ? total
                                          : offset + limit;
    for (;;) {
        im_jnode **s;
        size_t n;
        im_rc rc = settled(j, &s, &n);
        if (rc != IM_OK)
            return rc;
        if (n >= end && n > 0) {
            rc = im_jindex_page(s, total, offset, limit, out);
            free(s);
            if (rc == IM_OK)
                rc = im_journal_page_text(j, out);
            *answered = rc == IM_OK;
            return rc;
        }
        free(s);
        if (j->ordered)
            return IM_OK; /* finished meanwhile: the index answers */
        /* Read as many entries as the page lacks, and a few more (each
         * order_some of budget 1 reads one record, or lists a batch of
         * ids), then look again. */
        size_t lack = end - n + 16, had = j->index.n;
        while (rc == IM_OK && !j->ordered && j->index.n < had + lack) {
            size_t cost = 0;
            rc = order_some(j, 1, 0, &cost);
        }
        if ((rc = failed(j, rc)) != IM_OK)
            return rc;
    }
}
