/* journal_index.c -- see journal_index.h. */
#include "journal_index.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "utf8_text.h"

static im_jnode *node_make(im_jindex *x, int64_t id, const im_entry_view *v,
                           int text)
{
    uint32_t doc = 0;
    if (x && im_jwords_add_doc(&x->words, v->title, v->title_len, v->body,
                               v->body_len, &doc) != IM_OK)
        return NULL;
    /* One block: the node, then title and preview, each with its NUL (a
     * load makes 100,000 of these; one malloc each is faster). */
    size_t plen = text ? im_utf8_clip(v->body, v->body_len,
                                      IM_JOURNAL_PREVIEW_BYTES)
                       : 0;
    size_t tlen = text && v->title ? v->title_len + 1 : 0;
    size_t size = sizeof(im_jnode) + tlen + (text ? plen + 1 : 0);
    im_jnode *node = malloc(size);
    if (!node)
        return NULL;
    memset(node, 0, sizeof *node);
    char *t = (char *)(node + 1);
    node->id = id;
    node->created_ms = v->created_ms;
    node->edited_ms = v->edited_ms;
    node->day = v->day;
    node->tz_offset_min = v->tz_offset_min;
    node->mood = (int8_t)v->mood;
    node->has_link = v->has_link != 0;
    memcpy(node->uid, v->uid, sizeof node->uid);
    if (text && v->title) {
        node->title = t;
        memcpy(t, v->title, v->title_len);
        t[v->title_len] = 0;
        t += tlen;
    }
    if (text) {
        node->preview = t;
        memcpy(t, v->body, plen);
        t[plen] = 0;
    }
    node->doc1 = x ? doc + 1 : 0;
    return node;
}

im_jnode *im_jnode_from_view(im_jindex *x, int64_t id, const im_entry_view *v)
{
    return node_make(x, id, v, 1);
}

im_jnode *im_jnode_bare(im_jindex *x, int64_t id, const im_entry_view *v)
{
    return node_make(x, id, v, 0);
}

im_jnode *im_jnode_new(im_jindex *x, int64_t id, const im_entry_rec *rec)
{
    im_entry_view v;
    im_entry_view_of(rec, &v);
    return im_jnode_from_view(x, id, &v);
}

_Static_assert(sizeof(im_jnode) <= 72, "a node is a block of 80 from malloc");

size_t im_jnode_bytes(const im_jnode *node)
{
    size_t n = sizeof *node;
    if (node->preview)
        n += strlen(node->preview) + 1 +
             (node->title ? strlen(node->title) + 1 : 0);
    return n;
}

/* node without its title and preview: a copy of its fields alone, the old
 * one wiped and freed; node itself when it keeps no text, or when there is
 * no memory for the copy (keeping text is only memory). */
static im_jnode *strip(im_jnode *node)
{
    if (!node->preview)
        return node;
    im_jnode *bare = malloc(sizeof *bare);
    if (!bare)
        return node;
    *bare = *node;
    bare->title = bare->preview = NULL;
    im_jnode_free(node);
    return bare;
}

void im_jnode_free(im_jnode *node)
{
    if (!node)
        return;
    sodium_memzero(node, im_jnode_bytes(node));
    free(node);
}

/* List order: newer created first, then larger id first. */
static int before(const im_jnode *a, const im_jnode *b)
{
    if (a->created_ms != b->created_ms)
        return a->created_ms > b->created_ms;
    return a->id > b->id;
}

static int cmp_nodes(const void *pa, const void *pb)
{
    const im_jnode *a = *(im_jnode *const *)pa, *b = *(im_jnode *const *)pb;
    return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

void im_jindex_sort_nodes(im_jnode **nodes, size_t n)
{
    size_t i = 1;
    while (i < n && !before(nodes[i], nodes[i - 1]))
        i++;
    if (i < n) /* not in order already */
        qsort(nodes, n, sizeof *nodes, cmp_nodes);
}

static im_rc reserve(im_jindex *x)
{
    if (x->n < x->cap)
        return IM_OK;
    size_t cap = x->cap ? x->cap * 2 : 64;
    im_jnode **v = realloc(x->v, cap * sizeof *v);
    if (!v)
        return IM_ERR_NOMEM;
    x->v = v;
    x->cap = cap;
    return IM_OK;
}

im_rc im_jindex_append(im_jindex *x, im_jnode *node)
{
    if (reserve(x) != IM_OK)
        return IM_ERR_NOMEM;
    x->v[x->n++] = node;
    x->unsorted = 1;
    x->gen++;
    return IM_OK;
}

/* 1 if x is in list order (newest first) already. */
static int in_order(const im_jindex *x)
{
    for (size_t i = 1; i < x->n; i++)
        if (before(x->v[i], x->v[i - 1]))
            return 0;
    return 1;
}

static void reverse(im_jindex *x)
{
    for (size_t a = 0, b = x->n; b > a + 1; a++, b--) {
        im_jnode *t = x->v[a];
        x->v[a] = x->v[b - 1];
        x->v[b - 1] = t;
    }
}

void im_jindex_sort(im_jindex *x)
{
    /* Records come in id order, usually creation order: ascending when
     * read at once, descending when the build reads the newest first.
     * Either way the list is then sorted, or sorted reversed, and qsort
     * (11 ms at 100,000 entries, in one slice) is not needed. */
    if (!in_order(x)) {
        reverse(x);
        if (!in_order(x))
            qsort(x->v, x->n, sizeof *x->v, cmp_nodes);
    }
    x->unsorted = 0;
    x->gen++;
}

im_rc im_jindex_insert(im_jindex *x, im_jnode *node)
{
    if (reserve(x) != IM_OK)
        return IM_ERR_NOMEM;
    size_t lo = 0, hi = x->n; /* first position node goes before */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (before(x->v[mid], node))
            lo = mid + 1;
        else
            hi = mid;
    }
    memmove(x->v + lo + 1, x->v + lo, (x->n - lo) * sizeof *x->v);
    x->v[lo] = node;
    x->n++;
    x->gen++;
    /* No text past keep_text: the new node's, or the one it pushed there. */
    if (x->keep_text && lo >= x->keep_text)
        x->v[lo] = strip(x->v[lo]);
    else if (x->keep_text && x->n > x->keep_text)
        x->v[x->keep_text] = strip(x->v[x->keep_text]);
    return IM_OK;
}

long im_jindex_find(const im_jindex *x, int64_t id)
{
    for (size_t i = 0; i < x->n; i++)
        if (x->v[i]->id == id)
            return (long)i;
    return -1;
}

long im_jindex_find_uid(const im_jindex *x, const unsigned char *uid)
{
    for (size_t i = 0; i < x->n; i++)
        if (memcmp(x->v[i]->uid, uid, IM_ENTRY_UID_BYTES) == 0)
            return (long)i;
    return -1;
}

void im_jindex_replace(im_jindex *x, size_t pos, im_jnode *node)
{
    im_jnode_free(x->v[pos]);
    x->v[pos] = x->keep_text && pos >= x->keep_text ? strip(node) : node;
    x->gen++;
}

im_jnode *im_jindex_remove(im_jindex *x, size_t pos)
{
    im_jnode *node = x->v[pos];
    memmove(x->v + pos, x->v + pos + 1, (x->n - pos - 1) * sizeof *x->v);
    x->n--;
    x->gen++;
    return node;
}

void im_jindex_clear(im_jindex *x)
{
    uint64_t gen = x->gen + 1;
    size_t keep = x->keep_text;
    for (size_t i = 0; i < x->n; i++)
        im_jnode_free(x->v[i]);
    free(x->v);
    im_jwords_clear(&x->words);
    memset(x, 0, sizeof *x);
    x->gen = gen;
    x->keep_text = keep;
}

im_rc im_jindex_page(im_jnode *const *nodes, size_t total, size_t offset,
                     size_t limit, im_entry_page *out)
{
    memset(out, 0, sizeof *out);
    out->total = total;
    if (limit > IM_JOURNAL_PAGE_MAX)
        limit = IM_JOURNAL_PAGE_MAX;
    if (offset >= total || limit == 0)
        return IM_OK;
    size_t n = total - offset < limit ? total - offset : limit;
    out->items = calloc(n, sizeof *out->items);
    if (!out->items)
        return IM_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const im_jnode *node = nodes[offset + i];
        im_entry_summary *s = &out->items[i];
        s->id = node->id;
        s->created_ms = node->created_ms;
        s->edited_ms = node->edited_ms;
        s->day = node->day;
        s->mood = node->mood;
        s->has_link = node->has_link;
        if (!node->preview) { /* not kept: the journal reads it */
            out->n = i + 1;
            continue;
        }
        s->preview = im_str_dup_n(node->preview, strlen(node->preview));
        s->title = node->title ? im_str_dup_n(node->title, strlen(node->title))
                               : NULL;
        out->n = i + 1;
        if (!s->preview || (node->title && !s->title)) {
            im_entry_page_free(out);
            return IM_ERR_NOMEM;
        }
    }
    return IM_OK;
}

void im_entry_page_free(im_entry_page *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        im_str_wipe_free(p->items[i].title);
        im_str_wipe_free(p->items[i].preview);
    }
    free(p->items);
    memset(p, 0, sizeof *p);
}

/* ---- Search ---------------------------------------------------------------
 * The dictionary finds the docs that have every word (their posting lists,
 * intersected as bitmaps); a node matches when its doc is among them.
 * Same answers as scanning each entry's folded text for every word
 * (journal_words.h). */

im_rc im_jindex_search(const im_jindex *x, const char *query, im_jnode ***hits,
                       size_t *n, size_t *unread)
{
    *hits = NULL;
    *n = 0;
    *unread = 0;
    im_jwords_query q;
    im_rc rc = im_jwords_query_make(&x->words, query, &q);
    if (rc != IM_OK)
        return rc;
    im_jnode **out = NULL;
    if (q.words != 0 && !q.hopeless && x->n > 0 &&
        !(out = malloc(x->n * sizeof *out))) {
        rc = IM_ERR_NOMEM;
        goto done;
    }
    /* One pass over the nodes in list order: the unread ones counted, the
     * read ones looked up in the bitmap. */
    size_t found = 0;
    for (size_t i = 0; i < x->n; i++) {
        const im_jnode *node = x->v[i];
        if (!node->doc1)
            (*unread)++;
        else if (out && im_jwords_query_has(&q, node->doc1 - 1))
            out[found++] = x->v[i];
    }
    if (!out)
        goto done;
    /* While entries are still being read in, the index is in read order. */
    if (x->unsorted && found > 1)
        qsort(out, found, sizeof *out, cmp_nodes);
    *hits = out;
    *n = found;
done:
    im_jwords_query_free(&q);
    return rc;
}
