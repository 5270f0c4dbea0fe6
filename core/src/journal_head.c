/*
 * journal_head.c -- the journal's sealed head: what it shows first.
 *
 * Design.  Listing a journal needs its order, and the order (created
 * times) lives inside every entry's ciphertext; reading them all costs
 * time that grows with the journal.  The head is one more sealed record
 * (IM_KIND_JOURNAL_HEAD) holding what the Journal screen and Home need
 * first: the number of entries, every day that has entries with its count
 * (the list's headings), and the summaries of the IM_JHEAD_ENTRIES newest
 * entries.  Opening a journal opens this one record, whatever the
 * journal's size; the entries themselves are read in later
 * (journal_build.c).
 *
 * The head is a cache of the entries, and the entries are the truth.  It
 * is rewritten in the same transaction as every journal write that
 * changes it, so a kill leaves both old or both new.  It is trusted only
 * while it counts as many journal records as the vault holds (a write made
 * without it, by an older version or by hand, changes that count in all
 * but contrived cases), and once the journal has read every entry it
 * checks the head against them and rewrites it if it differs (also how a
 * vault made before the head gets one).
 *
 * Layout (record_codec fields): total, records, days (varints: zigzag day
 * delta from the previous day, then the count), then one nested entry per
 * summary: id, created, edited, day, mood, has link, uid, title, preview.
 */
#include "journal_internal.h"

#include <stdlib.h>
#include <string.h>

#include "utf8_text.h"

#define HEAD_FORMAT 1
#define HEAD_ENTRY_FORMAT 1

enum { T_TOTAL = 1, T_RECORDS, T_DAYS, T_ENTRY };
enum { E_ID = 1, E_CREATED, E_EDITED, E_DAY, E_MOOD, E_LINK, E_UID, E_TITLE,
       E_PREVIEW };

/* ---- Days ------------------------------------------------------------------ */

/* Position of day in days (newest first), or where it would go. */
static size_t day_pos(const im_jday *days, size_t n, int32_t day, int *found)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (days[mid].day > day)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < n && days[lo].day == day;
    return lo;
}

im_rc im_jdays_add(im_journal *j, int32_t day, int delta)
{
    int found;
    size_t i = day_pos(j->days, j->ndays, day, &found);
    if (found) {
        j->days[i].count = (uint32_t)((int64_t)j->days[i].count + delta);
        if (j->days[i].count == 0) {
            memmove(j->days + i, j->days + i + 1,
                    (j->ndays - i - 1) * sizeof *j->days);
            j->ndays--;
        }
        return IM_OK;
    }
    if (delta < 0)
        return IM_OK;
    if (j->ndays == j->cap_days) {
        size_t cap = j->cap_days ? j->cap_days * 2 : 64;
        im_jday *d = realloc(j->days, cap * sizeof *d);
        if (!d)
            return IM_ERR_NOMEM;
        j->days = d;
        j->cap_days = cap;
    }
    memmove(j->days + i + 1, j->days + i, (j->ndays - i) * sizeof *j->days);
    j->days[i].day = day;
    j->days[i].count = (uint32_t)delta;
    j->ndays++;
    return IM_OK;
}

static int cmp_day_desc(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

im_rc im_jdays_count(im_journal *j)
{
    size_t n = j->index.n;
    int32_t *d = malloc((n ? n : 1) * sizeof *d);
    im_jday *out = malloc((n ? n : 1) * sizeof *out);
    if (!d || !out) {
        free(d);
        free(out);
        return IM_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        d[i] = j->index.v[i]->day;
    qsort(d, n, sizeof *d, cmp_day_desc);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k == 0 || out[k - 1].day != d[i]) {
            out[k].day = d[i];
            out[k++].count = 0;
        }
        out[k - 1].count++;
    }
    free(d);
    free(j->days);
    j->days = out;
    j->ndays = k;
    j->cap_days = n ? n : 1;
    return IM_OK;
}

/* ---- Varints ---------------------------------------------------------------- */

static size_t put_varint(unsigned char *p, uint64_t v)
{
    size_t n = 0;
    do {
        unsigned char b = v & 0x7F;
        v >>= 7;
        p[n++] = (unsigned char)(b | (v ? 0x80 : 0));
    } while (v);
    return n;
}

/* -1 if the bytes run out or the number is too long. */
static int get_varint(const unsigned char *p, size_t len, size_t *pos,
                      uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (*pos >= len)
            return -1;
        unsigned char b = p[(*pos)++];
        v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

/* ---- Encoding --------------------------------------------------------------- */

static void put_days(im_wbuf *w, const im_jday *days, size_t n)
{
    unsigned char *buf = malloc(n * 20 + 1);
    if (!buf) {
        w->rc = IM_ERR_NOMEM;
        return;
    }
    size_t len = 0;
    int64_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t delta = (int64_t)days[i].day - prev;
        prev = days[i].day;
        len += put_varint(buf + len, ((uint64_t)delta << 1) ^
                                         (uint64_t)(delta >> 63));
        len += put_varint(buf + len, days[i].count);
    }
    im_wbuf_bytes(w, T_DAYS, buf, len);
    free(buf);   /* days and counts only: no text */
}

static void put_entry(im_wbuf *w, const im_jnode *node)
{
    im_wbuf e;
    im_wbuf_init(&e, HEAD_ENTRY_FORMAT);
    im_wbuf_int(&e, E_ID, node->id);
    im_wbuf_int(&e, E_CREATED, node->created_ms);
    im_wbuf_int(&e, E_EDITED, node->edited_ms);
    im_wbuf_int(&e, E_DAY, node->day);
    im_wbuf_int(&e, E_MOOD, node->mood);
    im_wbuf_int(&e, E_LINK, node->has_link);
    im_wbuf_bytes(&e, E_UID, node->uid, IM_ENTRY_UID_BYTES);
    im_wbuf_str(&e, E_TITLE, node->title);
    im_wbuf_str(&e, E_PREVIEW, node->preview);
    if (im_wbuf_rc(&e) == IM_OK)
        im_wbuf_bytes(w, T_ENTRY, e.data, e.len);
    else
        w->rc = IM_ERR_NOMEM;
    im_wbuf_wipe(&e);
}

static im_rc head_encode(const im_journal *j, im_wbuf *w)
{
    im_wbuf_init(w, HEAD_FORMAT);
    im_wbuf_int(w, T_TOTAL, (int64_t)j->index.n);
    im_wbuf_int(w, T_RECORDS, (int64_t)(j->index.n + j->damaged));
    put_days(w, j->days, j->ndays);
    size_t n = j->index.n < IM_JHEAD_ENTRIES ? j->index.n : IM_JHEAD_ENTRIES;
    for (size_t i = 0; i < n; i++)
        put_entry(w, j->index.v[i]);
    return im_wbuf_rc(w);
}

im_rc im_jhead_store(im_journal *j)
{
    im_wbuf w;
    im_rc rc = head_encode(j, &w);
    if (rc == IM_OK) {
        int64_t id = j->head.record_id;
        rc = im_record_put(j->v, IM_KIND_JOURNAL_HEAD, &id, w.data, w.len);
        if (rc == IM_ERR_NOT_FOUND) {   /* gone (a restore): a new one */
            id = 0;
            rc = im_record_put(j->v, IM_KIND_JOURNAL_HEAD, &id, w.data, w.len);
        }
        if (rc == IM_OK)
            j->head.record_id = id;
    }
    im_wbuf_wipe(&w);
    return rc;
}

/* ---- Decoding --------------------------------------------------------------- */

static int get_days(im_jhead *h, const unsigned char *p, size_t len)
{
    size_t cap = 0, pos = 0;
    int64_t prev = 0;
    while (pos < len) {
        uint64_t z, count;
        if (get_varint(p, len, &pos, &z) || get_varint(p, len, &pos, &count) ||
            count == 0 || count > UINT32_MAX)
            return -1;
        int64_t day = prev + (int64_t)((z >> 1) ^ (~(z & 1) + 1));
        if (day < INT32_MIN || day > INT32_MAX || (h->ndays && day >= prev))
            return -1;
        prev = day;
        if (h->ndays == cap) {
            cap = cap ? cap * 2 : 64;
            im_jday *d = realloc(h->days, cap * sizeof *d);
            if (!d)
                return -1;
            h->days = d;
        }
        h->days[h->ndays].day = (int32_t)day;
        h->days[h->ndays++].count = (uint32_t)count;
    }
    return 0;
}

static int get_entry(im_jhead *h, const unsigned char *p, size_t len)
{
    im_rbuf r;
    uint8_t tag;
    const unsigned char *val;
    size_t n;
    int more, bad = 0;
    int64_t id = 0, x = 0;
    im_entry_view v;
    memset(&v, 0, sizeof v);
    v.body = "";
    if (h->n >= IM_JHEAD_ENTRIES || im_rbuf_init(&r, p, len, HEAD_ENTRY_FORMAT))
        return -1;
    while (!bad && (more = im_field_next(&r, &tag, &val, &n)) == 1) {
        switch (tag) {
        case E_ID: bad = im_field_int(val, n, &id) || id <= 0; break;
        case E_CREATED: bad = im_field_int(val, n, &v.created_ms); break;
        case E_EDITED: bad = im_field_int(val, n, &v.edited_ms); break;
        case E_DAY:
            bad = im_field_int(val, n, &x) || x < INT32_MIN || x > INT32_MAX;
            v.day = (int32_t)x;
            break;
        case E_MOOD:
            bad = im_field_int(val, n, &x) || x < IM_MOOD_NONE ||
                  x > IM_MOOD_VERY_GOOD;
            v.mood = (int)x;
            break;
        case E_LINK:
            bad = im_field_int(val, n, &x);
            v.has_link = x != 0;
            break;
        case E_UID:
            bad = n != IM_ENTRY_UID_BYTES;
            if (!bad)
                memcpy(v.uid, val, n);
            break;
        case E_TITLE:
            bad = n > IM_JOURNAL_TITLE_MAX_BYTES ||
                  !im_utf8_is_valid((const char *)val, n);
            v.title = (const char *)val;
            v.title_len = n;
            break;
        case E_PREVIEW:
            bad = n > IM_JOURNAL_PREVIEW_BYTES ||
                  !im_utf8_is_valid((const char *)val, n);
            v.body = (const char *)val;
            v.body_len = n;
            break;
        default: break;
        }
    }
    if (bad || more != 0 || id == 0)
        return -1;
    im_jnode *node = im_jnode_from_view(NULL, id, &v);
    if (!node)
        return -1;
    h->v[h->n++] = node;
    return 0;
}

static int head_decode(im_jhead *h, const unsigned char *data, size_t len)
{
    im_rbuf r;
    uint8_t tag;
    const unsigned char *val;
    size_t n;
    int more, bad = 0;
    int64_t x;
    h->v = calloc(IM_JHEAD_ENTRIES, sizeof *h->v);
    if (!h->v || im_rbuf_init(&r, data, len, HEAD_FORMAT))
        return -1;
    while (!bad && (more = im_field_next(&r, &tag, &val, &n)) == 1) {
        switch (tag) {
        case T_TOTAL:
            bad = im_field_int(val, n, &x) || x < 0;
            h->total = (size_t)x;
            break;
        case T_RECORDS:
            bad = im_field_int(val, n, &x) || x < 0;
            h->records = (size_t)x;
            break;
        case T_DAYS: bad = get_days(h, val, n); break;
        case T_ENTRY: bad = get_entry(h, val, n); break;
        default: break;
        }
    }
    if (bad || more != 0)
        return -1;
    /* What the lists rely on: as many entries as the head says, up to its
     * size, and days that count them all. */
    size_t sum = 0;
    for (size_t i = 0; i < h->ndays; i++)
        sum += h->days[i].count;
    size_t want = h->total < IM_JHEAD_ENTRIES ? h->total : IM_JHEAD_ENTRIES;
    return sum == h->total && h->n == want && h->records >= h->total ? 0 : -1;
}

void im_jhead_clear(im_jhead *h)
{
    for (size_t i = 0; h->v && i < h->n; i++)
        im_jnode_free(h->v[i]);
    free(h->v);
    free(h->days);
    memset(h, 0, sizeof *h);
}

im_rc im_jhead_load(im_journal *j)
{
    im_jhead *h = &j->head;
    im_jhead_clear(h);
    int64_t *ids = NULL;
    size_t n = 0, records = 0;
    im_rc rc = im_record_list(j->v, IM_KIND_JOURNAL_HEAD, &ids, &n);
    if (rc != IM_OK || n == 0) {
        free(ids);
        return rc;
    }
    h->record_id = ids[n - 1];
    free(ids);
    im_buf b = {0, 0};
    rc = im_record_get(j->v, IM_KIND_JOURNAL_HEAD, h->record_id, &b);
    if (rc == IM_ERR_DAMAGED)
        return IM_OK;   /* rewritten once the journal is ordered */
    if (rc != IM_OK)
        return rc;
    int bad = head_decode(h, b.data, b.len);
    im_buf_free(&b);
    if (!bad && (rc = im_record_count(j->v, IM_KIND_JOURNAL, &records)) != IM_OK)
        return rc;
    if (bad || records != h->records) {
        int64_t keep = h->record_id;
        im_jhead_clear(h);
        h->record_id = keep;
        return IM_OK;
    }
    h->valid = 1;
    return IM_OK;
}

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int im_jhead_stale(const im_journal *j)
{
    const im_jhead *h = &j->head;
    if (!h->valid || h->total != j->index.n ||
        h->records != j->index.n + j->damaged || h->ndays != j->ndays)
        return 1;
    for (size_t i = 0; i < h->ndays; i++)
        if (h->days[i].day != j->days[i].day ||
            h->days[i].count != j->days[i].count)
            return 1;
    for (size_t i = 0; i < h->n; i++) {
        const im_jnode *a = h->v[i], *b = j->index.v[i];
        if (a->id != b->id || a->created_ms != b->created_ms ||
            a->edited_ms != b->edited_ms || a->day != b->day ||
            a->mood != b->mood || a->has_link != b->has_link ||
            memcmp(a->uid, b->uid, IM_ENTRY_UID_BYTES) != 0 ||
            !same_text(a->title, b->title) ||
            !same_text(a->preview, b->preview))
            return 1;
    }
    return 0;
}
