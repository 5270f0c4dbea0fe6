/*
 * journal_head.c -- the journal's sealed head: what it shows first.
 *
 * Design.  Listing a journal needs its order, and the order (created
 * times) lives inside every entry's ciphertext; reading them all costs
 * time that grows with the journal.  The head is a few more sealed records
 * (IM_KIND_JOURNAL_HEAD) holding what the Journal screen and Home need
 * first: the top (the number of entries and the order of the
 * IM_JHEAD_ENTRIES newest), their summaries (a slot record each), and the
 * days that have entries with their counts (the list's headings), in
 * buckets of DAYS_PER_BUCKET days so that a write rewrites the top, the
 * one summary that changed and one small bucket, not every day there is.
 * Opening a journal opens these (the top, a slot per listed entry, and one
 * per ~4 months written in), whatever the number of entries; the entries
 * themselves are read in later (journal_build.c).
 *
 * The head is a cache of the entries, and the entries are the truth.  It
 * is rewritten in the same transaction as every journal write that
 * changes it, so a kill leaves both old or both new, and a backup carries
 * it with the entries it describes.  It is not checked against the
 * entries at open (counting them means reading every row), but once the
 * journal has read every entry it compares the head with them and
 * rewrites it if it differs: a write made without it (by hand, or by a
 * build from before it) shows until the entries are read in, seconds
 * after unlock, and is then mended.  A vault made before the head gets one
 * the same way.
 *
 * Layout (record_codec fields).  The top: total, records, the order (the
 * ids of the IM_JHEAD_ENTRIES newest entries, in list order), and the
 * newest bucket's number and days, since nearly every write is to a recent
 * day: then only the entry, one slot and the top are written.  A slot
 * (one a listed entry, see "Slots" below): T_SLOT and one nested summary
 * (id, created, edited, day, mood, has link, uid, title, preview).  A
 * bucket: its number (day / DAYS_PER_BUCKET, rounded down) and its days
 * (varints: zigzag day delta from the previous day, newest first, then the
 * count).  No bucket record exists for the bucket the top holds.  A top
 * from before the slots holds the summaries itself (nested, in order) and
 * no order; it is read as before and rewritten in this layout by the next
 * store.
 */
#include "journal_internal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "utf8_text.h"

#define HEAD_FORMAT       1
#define HEAD_ENTRY_FORMAT 1

enum {
    T_TOTAL = 1,
    T_RECORDS,
    T_DAYS,
    T_ENTRY,
    T_BUCKET,
    T_TOP_BUCKET,
    T_ORDER, /* the top: the listed entries' ids, in list order (varints) */
    T_SLOT   /* a slot: its summary follows as T_ENTRY                    */
};

#define DAYS_PER_BUCKET 128

static int64_t bucket_of(int32_t day)
{
    int64_t d = day;
    return (d - ((d % DAYS_PER_BUCKET) + DAYS_PER_BUCKET) % DAYS_PER_BUCKET) /
           DAYS_PER_BUCKET;
}
enum {
    E_ID = 1,
    E_CREATED,
    E_EDITED,
    E_DAY,
    E_MOOD,
    E_LINK,
    E_UID,
    E_TITLE,
    E_PREVIEW
};

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
    int sorted = 1;
    for (size_t i = 0; i < n; i++) {
        d[i] = j->index.v[i]->day;
        sorted &= i == 0 || d[i] <= d[i - 1];
    }
    /* The index in list order has its days in order already (one pass
     * instead of a sort in the build's last slice). */
    if (!sorted)
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
        len += put_varint(buf + len,
                          ((uint64_t)delta << 1) ^ (uint64_t)(delta >> 63));
        len += put_varint(buf + len, days[i].count);
    }
    im_wbuf_bytes(w, T_DAYS, buf, len);
    free(buf); /* days and counts only: no text */
}

/* A summary's text field: absent when NULL or empty (as im_wbuf_str). */
static size_t text_len(const char *s)
{
    return s ? strlen(s) : 0;
}

/* The bytes put_entry writes for node (title and preview lengths given). */
static size_t entry_size(size_t title, size_t preview)
{
    return IM_FIELD_HEAD_BYTES + 1 + 6 * IM_FIELD_INT_BYTES +
           IM_FIELD_HEAD_BYTES + IM_ENTRY_UID_BYTES +
           (title ? IM_FIELD_HEAD_BYTES + title : 0) +
           (preview ? IM_FIELD_HEAD_BYTES + preview : 0);
}

/* One summary as a nested record at p, in the room entry_size said:
 * what im_wbuf_nest_begin(T_ENTRY), nine im_wbuf_int/bytes/str calls and
 * im_wbuf_nest_end wrote, byte for byte, without a call and a bounds
 * check per field (callgrind, journal_bench: the head's encoding was
 * 34 K instructions a save, for 24 of these).  Returns the end. */
static unsigned char *put_entry(unsigned char *p, const im_jnode *node,
                                size_t title, size_t preview)
{
    size_t n = entry_size(title, preview) - IM_FIELD_HEAD_BYTES;
    p[0] = T_ENTRY;
    im_put_u32le(p + 1, (uint32_t)n);
    p[IM_FIELD_HEAD_BYTES] = HEAD_ENTRY_FORMAT;
    p += IM_FIELD_HEAD_BYTES + 1;
    p = im_field_put_int(p, E_ID, node->id);
    p = im_field_put_int(p, E_CREATED, node->created_ms);
    p = im_field_put_int(p, E_EDITED, node->edited_ms);
    p = im_field_put_int(p, E_DAY, node->day);
    p = im_field_put_int(p, E_MOOD, node->mood);
    p = im_field_put_int(p, E_LINK, node->has_link);
    p = im_field_put_bytes(p, E_UID, node->uid, IM_ENTRY_UID_BYTES);
    if (title)
        p = im_field_put_bytes(p, E_TITLE, node->title, (uint32_t)title);
    if (preview)
        p = im_field_put_bytes(p, E_PREVIEW, node->preview, (uint32_t)preview);
    return p;
}

/* The top, holding the days j->days[0 .. ntop) of bucket tb and the ids
 * of the n entries the slots summarise, in list order. */
static im_rc top_encode(const im_journal *j, im_wbuf *w, int64_t tb,
                        size_t ntop, size_t n)
{
    unsigned char order[IM_JHEAD_ENTRIES * 10];
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += put_varint(order + len, (uint64_t)j->index.v[i]->id);
    im_wbuf_init(w, HEAD_FORMAT);
    /* the days: a pair of varints a day, a zigzag 32-bit delta and a
     * 32-bit count, 5 bytes at most each */
    im_wbuf_reserve(w, 3 * IM_FIELD_INT_BYTES + 2 * IM_FIELD_HEAD_BYTES + len +
                           ntop * 10);
    im_wbuf_int(w, T_TOTAL, (int64_t)j->index.n);
    im_wbuf_int(w, T_RECORDS, (int64_t)(j->index.n + j->damaged));
    if (n)
        im_wbuf_bytes(w, T_ORDER, order, len);
    if (ntop) {
        im_wbuf_int(w, T_TOP_BUCKET, tb);
        put_days(w, j->days, ntop);
    }
    return im_wbuf_rc(w);
}

/* The ordered days of bucket b: j->days[*first .. *first + *n). */
static void bucket_days(const im_journal *j, int64_t b, size_t *first,
                        size_t *n)
{
    size_t lo = 0, hi = j->ndays; /* first day at or below the bucket */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (bucket_of(j->days[mid].day) > b)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < j->ndays && bucket_of(j->days[end].day) == b)
        end++;
    *first = lo;
    *n = end - lo;
}

/* Put data as the head record *id (0: a new one; one gone meanwhile, as
 * after a restore, is made again). */
static im_rc put_head(im_journal *j, int64_t *id, const im_wbuf *w)
{
    int64_t want = *id;
    im_rc rc = im_record_put(j->v, IM_KIND_JOURNAL_HEAD, &want, w->data,
                             w->len);
    if (rc == IM_ERR_NOT_FOUND) {
        want = 0;
        rc = im_record_put(j->v, IM_KIND_JOURNAL_HEAD, &want, w->data, w->len);
    }
    if (rc == IM_OK)
        *id = want;
    return rc;
}

static im_jbucket *bucket_find(im_jhead *h, int64_t b)
{
    for (size_t i = 0; i < h->nbuckets; i++)
        if (h->buckets[i].bucket == b)
            return &h->buckets[i];
    return NULL;
}

static im_rc bucket_note(im_jhead *h, int64_t b, int64_t id)
{
    im_jbucket *k = bucket_find(h, b);
    if (k) {
        k->record_id = id;
        return IM_OK;
    }
    im_jbucket *more = realloc(h->buckets, (h->nbuckets + 1) * sizeof *more);
    if (!more)
        return IM_ERR_NOMEM;
    h->buckets = more;
    h->buckets[h->nbuckets].bucket = b;
    h->buckets[h->nbuckets++].record_id = id;
    return IM_OK;
}

/* Write bucket b as the ordered days have it (deleted when it has none). */
static im_rc store_bucket(im_journal *j, int64_t b)
{
    size_t first, n;
    bucket_days(j, b, &first, &n);
    if (n && j->head.has_top_bucket && b == j->head.top_bucket &&
        b == bucket_of(j->days[0].day))
        return IM_OK; /* the top holds it */
    im_jbucket *k = bucket_find(&j->head, b);
    if (n == 0) {
        if (!k)
            return IM_OK;
        im_rc rc = im_record_delete(j->v, IM_KIND_JOURNAL_HEAD, k->record_id);
        if (rc == IM_OK || rc == IM_ERR_NOT_FOUND) {
            *k = j->head.buckets[--j->head.nbuckets];
            rc = IM_OK;
        }
        return rc;
    }
    im_wbuf w;
    im_wbuf_init(&w, HEAD_FORMAT);
    im_wbuf_int(&w, T_BUCKET, b);
    put_days(&w, j->days + first, n);
    im_rc rc = im_wbuf_rc(&w);
    int64_t id = k ? k->record_id : 0;
    if (rc == IM_OK)
        rc = put_head(j, &id, &w);
    if (rc == IM_OK)
        rc = bucket_note(&j->head, b, id);
    im_wbuf_wipe(&w);
    return rc;
}

/* Delete bucket b's record, if there is one. */
static im_rc bucket_drop(im_journal *j, int64_t b)
{
    im_jbucket *k = bucket_find(&j->head, b);
    if (!k)
        return IM_OK;
    im_rc rc = im_record_delete(j->v, IM_KIND_JOURNAL_HEAD, k->record_id);
    if (rc == IM_OK || rc == IM_ERR_NOT_FOUND) {
        *k = j->head.buckets[--j->head.nbuckets];
        rc = IM_OK;
    }
    return rc;
}

/* ---- Slots ----------------------------------------------------------------
 * The summaries of the listed entries live in records of their own, one an
 * entry (a slot: T_SLOT, then the summary as a T_ENTRY field), not in the
 * top.  With them inside, the top was 8 KiB sealed (24 summaries of a title
 * and 160 bytes of preview, padded to the power of two), and a save
 * re-sealed and rewrote all of it, two overflow pages and the leaf, for the
 * one summary that changed (callgrind, journal_bench: 163 K of a save's
 * 432 K instructions; 8.3 WAL frames a save).  Now a save writes the slot
 * of the summary that changed (a new entry takes the slot of the one that
 * left the list) and the small top, which lists the entries' ids in order
 * (entry ids, as the summaries always held: no record names another
 * record, so a restore that moves records to new ids leaves no dangling
 * reference, only a head that no longer matches, mended as any other).
 *
 * The head keeps each slot as stored (record id, entry id, the summary's
 * bytes).  That copy is only right while what is in memory is what was
 * committed: every failed or rolled-back journal write wipes the journal
 * (journal.h invariant 2; im_journal_head_commit, im_journal_save), and the
 * next call reloads the head from the records.  A slot is written when its
 * bytes differ from the summary the node would get, so a lost or changed
 * slot record (a restore) is written again once the summary is compared
 * with it; one the order names that is not there makes the head invalid at
 * the next open, and it is mended once the entries are read in.  A slot
 * no listed entry needs is deleted (no summary of a deleted entry lingers).
 */

static void slot_free(im_jhslot *s)
{
    if (s->enc) {
        sodium_memzero(s->enc, s->len);
        free(s->enc);
    }
    memset(s, 0, sizeof *s);
}

static void slots_clear(im_jhead *h)
{
    for (size_t i = 0; i < h->nslots; i++)
        slot_free(&h->slots[i]);
    free(h->slots);
    h->slots = NULL;
    h->nslots = h->cap_slots = 0;
}

/* A new slot at the end (record 0: not stored yet); NULL on no memory. */
static im_jhslot *slot_add(im_jhead *h, int64_t record_id)
{
    if (h->nslots == h->cap_slots) {
        size_t cap = h->cap_slots ? h->cap_slots * 2 : IM_JHEAD_ENTRIES + 1;
        im_jhslot *more = realloc(h->slots, cap * sizeof *more);
        if (!more)
            return NULL;
        h->slots = more;
        h->cap_slots = cap;
    }
    im_jhslot *s = &h->slots[h->nslots++];
    memset(s, 0, sizeof *s);
    s->record_id = record_id;
    return s;
}

/* Keep enc[0..len) as what slot s holds for entry_id. */
static im_rc slot_keep(im_jhslot *s, int64_t entry_id, const unsigned char *enc,
                       size_t len)
{
    unsigned char *copy = malloc(len ? len : 1);
    if (!copy)
        return IM_ERR_NOMEM;
    memcpy(copy, enc, len);
    if (s->enc) {
        sodium_memzero(s->enc, s->len);
        free(s->enc);
    }
    s->enc = copy;
    s->len = len;
    s->entry_id = entry_id;
    return IM_OK;
}

/* Write slot s as enc[0..len), the summary of entry_id. */
static im_rc slot_write(im_journal *j, im_jhslot *s, int64_t entry_id,
                        const unsigned char *enc, size_t len)
{
    im_wbuf w;
    im_wbuf_init(&w, HEAD_FORMAT);
    im_wbuf_reserve(&w, IM_FIELD_INT_BYTES + len);
    im_wbuf_int(&w, T_SLOT, 1);
    im_wbuf_raw(&w, enc, len);
    im_rc rc = im_wbuf_rc(&w);
    if (rc == IM_OK)
        rc = put_head(j, &s->record_id, &w);
    im_wbuf_wipe(&w);
    return rc == IM_OK ? slot_keep(s, entry_id, enc, len) : rc;
}

/* 1 if slot s holds the summary put_entry would write for node: the fixed
 * part (ids, times, day, mood, link, uid) built on the stack and compared,
 * the title and preview compared where they lie, so a summary that did
 * not change is neither copied nor wiped (23 of 24 at a save). */
static int slot_same(const im_jhslot *s, const im_jnode *node, size_t title,
                     size_t preview)
{
    enum {
        FIXED = IM_FIELD_HEAD_BYTES + 1 + 6 * IM_FIELD_INT_BYTES +
                IM_FIELD_HEAD_BYTES + IM_ENTRY_UID_BYTES
    };
    if (!s->enc || s->entry_id != node->id ||
        s->len != entry_size(title, preview))
        return 0;
    unsigned char fixed[FIXED];
    put_entry(fixed, node, 0, 0); /* the fixed part only */
    fixed[1] = s->enc[1], fixed[2] = s->enc[2], fixed[3] = s->enc[3],
    fixed[4] = s->enc[4]; /* the length, already compared through s->len */
    int same = memcmp(fixed, s->enc, FIXED) == 0;
    sodium_memzero(fixed, sizeof fixed);
    const unsigned char *p = s->enc + FIXED;
    if (same && title) {
        same = p[0] == E_TITLE && im_get_u32le(p + 1) == title &&
               memcmp(p + IM_FIELD_HEAD_BYTES, node->title, title) == 0;
        p += IM_FIELD_HEAD_BYTES + title;
    }
    if (same && preview)
        same = p[0] == E_PREVIEW && im_get_u32le(p + 1) == preview &&
               memcmp(p + IM_FIELD_HEAD_BYTES, node->preview, preview) == 0;
    return same;
}

/* Write node's summary into slot s (title and preview lengths given). */
static im_rc slot_store(im_journal *j, im_jhslot *s, const im_jnode *node,
                        size_t title, size_t preview)
{
    size_t len = entry_size(title, preview);
    unsigned char *enc = malloc(len);
    if (!enc)
        return IM_ERR_NOMEM;
    put_entry(enc, node, title, preview);
    im_rc rc = slot_write(j, s, node->id, enc, len);
    sodium_memzero(enc, len);
    free(enc);
    return rc;
}

/* Give the first n entries of the index their slots, writing the ones
 * whose summary changed, and delete the slots left over. */
static im_rc slots_store(im_journal *j, size_t n)
{
    im_jhead *h = &j->head;
    size_t title[IM_JHEAD_ENTRIES], preview[IM_JHEAD_ENTRIES];
    for (size_t i = 0; i < n; i++) {
        const im_jnode *node = j->index.v[i];
        title[i] = text_len(node->title);
        preview[i] = text_len(node->preview);
        if (title[i] > UINT32_MAX - 64 || preview[i] > UINT32_MAX - 64)
            return IM_ERR_TOO_LARGE; /* a field's length is 32 bits */
    }
    size_t slot_of[IM_JHEAD_ENTRIES];
    unsigned char *used = calloc(h->nslots + n + 1, 1);
    im_rc rc = used ? IM_OK : IM_ERR_NOMEM;
    /* the slot already holding the entry, else one nobody needs, else a
     * new one */
    size_t none = (size_t)-1, old = h->nslots;
    for (size_t i = 0; rc == IM_OK && i < n; i++) {
        slot_of[i] = none;
        for (size_t k = 0; k < old; k++)
            if (!used[k] && h->slots[k].entry_id == j->index.v[i]->id) {
                slot_of[i] = k;
                used[k] = 1;
                break;
            }
    }
    size_t spare = 0;
    for (size_t i = 0; rc == IM_OK && i < n; i++) {
        if (slot_of[i] != none)
            continue;
        while (spare < old && used[spare])
            spare++;
        if (spare < old) {
            slot_of[i] = spare;
        } else if (slot_add(h, 0)) {
            slot_of[i] = h->nslots - 1;
        } else {
            rc = IM_ERR_NOMEM;
            break;
        }
        used[slot_of[i]] = 1;
    }
    for (size_t i = 0; rc == IM_OK && i < n; i++) {
        im_jhslot *s = &h->slots[slot_of[i]];
        const im_jnode *node = j->index.v[i];
        if (s->record_id == 0 || !slot_same(s, node, title[i], preview[i]))
            rc = slot_store(j, s, node, title[i], preview[i]);
    }
    /* left over: deleted, newest first so the indexes stay put */
    for (size_t k = old; rc == IM_OK && k-- > 0;) {
        if (used[k])
            continue;
        if (h->slots[k].record_id) {
            rc = im_record_delete(j->v, IM_KIND_JOURNAL_HEAD,
                                  h->slots[k].record_id);
            if (rc == IM_ERR_NOT_FOUND)
                rc = IM_OK;
        }
        if (rc == IM_OK) {
            slot_free(&h->slots[k]);
            memmove(h->slots + k, h->slots + k + 1,
                    (h->nslots - k - 1) * sizeof *h->slots);
            h->nslots--;
        }
    }
    free(used);
    return rc;
}

im_rc im_jhead_store(im_journal *j, int32_t day)
{
    im_jhead *h = &j->head;
    int has_tb = j->ndays > 0;
    int64_t tb = has_tb ? bucket_of(j->days[0].day) : 0;
    size_t first = 0, ntop = 0;
    if (has_tb)
        bucket_days(j, tb, &first, &ntop);
    im_rc rc = IM_OK;
    /* The newest bucket moved: the one the top held gets a record of its
     * own (or none, if it emptied), the new one's record goes. */
    if (h->has_top_bucket && (!has_tb || h->top_bucket != tb))
        rc = store_bucket(j, h->top_bucket);
    if (rc == IM_OK && has_tb)
        rc = bucket_drop(j, tb);
    size_t n = j->index.n < IM_JHEAD_ENTRIES ? j->index.n : IM_JHEAD_ENTRIES;
    if (rc == IM_OK)
        rc = slots_store(j, n);
    im_wbuf w = {0, 0, 0, IM_OK};
    if (rc == IM_OK)
        rc = top_encode(j, &w, tb, ntop, n);
    if (rc == IM_OK)
        rc = put_head(j, &h->record_id, &w);
    im_wbuf_wipe(&w);
    if (rc == IM_OK) {
        h->has_top_bucket = has_tb;
        h->top_bucket = tb;
    }
    if (rc == IM_OK && day != IM_JHEAD_NO_DAY &&
        (!has_tb || bucket_of(day) != tb))
        rc = store_bucket(j, bucket_of(day));
    return rc;
}

im_rc im_jhead_store_all(im_journal *j)
{
    im_rc rc = im_jhead_store(j, IM_JHEAD_NO_DAY);
    /* Buckets that no longer have days go; then every one that has. */
    for (size_t i = j->head.nbuckets; rc == IM_OK && i-- > 0;) {
        size_t first, n;
        bucket_days(j, j->head.buckets[i].bucket, &first, &n);
        if (n == 0)
            rc = store_bucket(j, j->head.buckets[i].bucket);
    }
    for (size_t i = 0; rc == IM_OK && i < j->ndays;) {
        int64_t b = bucket_of(j->days[i].day);
        if (b != j->head.top_bucket)
            rc = store_bucket(j, b);
        while (i < j->ndays && bucket_of(j->days[i].day) == b)
            i++;
    }
    return rc;
}

/* ---- Decoding --------------------------------------------------------------- */

/* Append a bucket's days to h->days (the buckets are read newest first). */
static int get_days(im_jhead *h, const unsigned char *p, size_t len, int64_t b)
{
    size_t pos = 0, first = h->ndays;
    int64_t prev = 0;
    while (pos < len) {
        uint64_t z, count;
        if (get_varint(p, len, &pos, &z) || get_varint(p, len, &pos, &count) ||
            count == 0 || count > UINT32_MAX)
            return -1;
        int64_t day = prev + (int64_t)((z >> 1) ^ (~(z & 1) + 1));
        if (day < INT32_MIN || day > INT32_MAX ||
            (h->ndays > first && day >= prev) || bucket_of((int32_t)day) != b)
            return -1;
        prev = day;
        if (h->ndays == h->cap_days) {
            size_t cap = h->cap_days ? h->cap_days * 2 : 64;
            im_jday *d = realloc(h->days, cap * sizeof *d);
            if (!d)
                return -1;
            h->days = d;
            h->cap_days = cap;
        }
        h->days[h->ndays].day = (int32_t)day;
        h->days[h->ndays++].count = (uint32_t)count;
    }
    return 0;
}

/* What a field walk calls for each field: non-zero if the field is bad. */
typedef int (*field_fn)(void *ctx, uint8_t tag, const unsigned char *val,
                        size_t n);

/* Hand each field of data[0..len) (a record of format) to fn: 0 if the
 * record is well formed and fn took every field, -1 otherwise.  The one
 * walk of the head's three record shapes (top, entry, bucket). */
static int walk_fields(const unsigned char *data, size_t len,
                       unsigned char format, field_fn fn, void *ctx)
{
    im_rbuf r;
    uint8_t tag;
    const unsigned char *val;
    size_t n;
    int more;
    if (im_rbuf_init(&r, data, len, format))
        return -1;
    while ((more = im_field_next(&r, &tag, &val, &n)) == 1)
        if (fn(ctx, tag, val, n))
            return -1;
    return more != 0 ? -1 : 0;
}

typedef struct entry_read {
    int64_t id;
    im_entry_view v;
} entry_read;

/* One field of an entry the head lists. */
static int entry_field(void *ctx, uint8_t tag, const unsigned char *val,
                       size_t n)
{
    entry_read *e = ctx;
    int64_t x = 0;
    switch (tag) {
    case E_ID: return im_field_int(val, n, &e->id) || e->id <= 0;
    case E_CREATED: return im_field_int(val, n, &e->v.created_ms);
    case E_EDITED: return im_field_int(val, n, &e->v.edited_ms);
    case E_DAY:
        if (im_field_int(val, n, &x) || x < INT32_MIN || x > INT32_MAX)
            return 1;
        e->v.day = (int32_t)x;
        return 0;
    case E_MOOD:
        if (im_field_int(val, n, &x) || x < IM_MOOD_NONE ||
            x > IM_MOOD_VERY_GOOD)
            return 1;
        e->v.mood = (int)x;
        return 0;
    case E_LINK:
        if (im_field_int(val, n, &x))
            return 1;
        e->v.has_link = x != 0;
        return 0;
    case E_UID:
        if (n != IM_ENTRY_UID_BYTES)
            return 1;
        memcpy(e->v.uid, val, n);
        return 0;
    case E_TITLE:
        e->v.title = (const char *)val;
        e->v.title_len = n;
        return n > IM_JOURNAL_TITLE_MAX_BYTES ||
               !im_utf8_is_valid((const char *)val, n);
    case E_PREVIEW:
        e->v.body = (const char *)val;
        e->v.body_len = n;
        return n > IM_JOURNAL_PREVIEW_BYTES ||
               !im_utf8_is_valid((const char *)val, n);
    default: return 0;
    }
}

/* A summary (a T_ENTRY field's value) as a node without words, or NULL. */
static im_jnode *entry_node(const unsigned char *p, size_t len)
{
    entry_read e;
    memset(&e, 0, sizeof e);
    e.v.body = "";
    if (walk_fields(p, len, HEAD_ENTRY_FORMAT, entry_field, &e) || e.id == 0)
        return NULL;
    return im_jnode_from_view(NULL, e.id, &e.v);
}

/* A summary the top itself lists (the layout before slots). */
static int get_entry(im_jhead *h, const unsigned char *p, size_t len)
{
    im_jnode *node = h->n < IM_JHEAD_ENTRIES ? entry_node(p, len) : NULL;
    if (!node)
        return -1;
    h->v[h->n++] = node;
    return 0;
}

/* One field of the top record. */
static int top_field(void *ctx, uint8_t tag, const unsigned char *val, size_t n)
{
    im_jhead *h = ctx;
    int64_t x = 0;
    switch (tag) {
    case T_TOTAL:
    case T_RECORDS:
        if (im_field_int(val, n, &x) || x < 0)
            return 1;
        *(tag == T_TOTAL ? &h->total : &h->records) = (size_t)x;
        return 0;
    case T_ENTRY: return get_entry(h, val, n);
    default: return 0;
    }
}

/* The top record's fields into h. */
static int top_decode(im_jhead *h, const unsigned char *data, size_t len)
{
    h->v = calloc(IM_JHEAD_ENTRIES, sizeof *h->v);
    if (!h->v)
        return -1;
    return walk_fields(data, len, HEAD_FORMAT, top_field, h);
}

typedef struct kind_read {
    int is_bucket, has_top_bucket, is_slot;
    int64_t bucket;
    const unsigned char *days, *entry;
    size_t days_len, entry_len;
} kind_read;

/* One field of a head record, for what kind of record it is. */
static int kind_field(void *ctx, uint8_t tag, const unsigned char *val,
                      size_t n)
{
    kind_read *k = ctx;
    if (tag == T_BUCKET || tag == T_TOP_BUCKET) {
        if (im_field_int(val, n, &k->bucket))
            return 1;
        *(tag == T_BUCKET ? &k->is_bucket : &k->has_top_bucket) = 1;
    } else if (tag == T_DAYS) {
        k->days = val;
        k->days_len = n;
    } else if (tag == T_SLOT) {
        k->is_slot = 1;
    } else if (tag == T_ENTRY) {
        k->entry = val; /* a slot's summary (the top's own are read later) */
        k->entry_len = n;
    }
    return 0;
}

/* A head record: the top (one), a bucket (k->bucket its number) or a
 * slot (k->entry its summary). */
static int record_kind(const unsigned char *data, size_t len, kind_read *k)
{
    memset(k, 0, sizeof *k);
    int bad = walk_fields(data, len, HEAD_FORMAT, kind_field, k);
    return bad || k->is_slot + k->is_bucket > 1 || (k->is_slot && !k->entry);
}

typedef struct head_read {
    im_journal *j;
    int tops, bad;
    im_rc rc;
    /* the top's order (T_ORDER), and the slots' summaries as nodes
     * (slot_nodes[i] for j->head.slots[i]), put in that order at the end */
    unsigned char *order;
    size_t order_len;
    int has_order;
    im_jnode **slot_nodes;
    size_t cap_nodes;
    /* the buckets' plaintext waits here until all are read, to be put in
     * order (newest bucket first) */
    unsigned char **days;
    size_t *days_len;
    int64_t *bucket;
    size_t n, cap;
} head_read;

/* A slot record: kept (its summary's bytes as stored, to compare with at
 * the next store) and its summary read as a node; 1 stops the walk (no
 * memory), a bad summary only makes the head invalid. */
static int read_slot(head_read *hr, int64_t id, const unsigned char *val,
                     size_t n)
{
    im_jhead *h = &hr->j->head;
    im_jnode *node = entry_node(val, n);
    if (!node) {
        hr->bad = 1;
        return 0;
    }
    unsigned char *enc = malloc(IM_FIELD_HEAD_BYTES + n);
    im_jhslot *s = enc ? slot_add(h, id) : NULL;
    if (s && h->nslots > hr->cap_nodes) {
        size_t cap = h->cap_slots;
        im_jnode **more = realloc(hr->slot_nodes, cap * sizeof *more);
        if (more) {
            hr->slot_nodes = more;
            hr->cap_nodes = cap;
        } else {
            h->nslots--;
            s = NULL;
        }
    }
    if (!s) {
        free(enc);
        im_jnode_free(node);
        hr->rc = IM_ERR_NOMEM;
        return 1;
    }
    /* the T_ENTRY field whole, as slots_store encodes it */
    enc[0] = T_ENTRY;
    im_put_u32le(enc + 1, (uint32_t)n);
    memcpy(enc + IM_FIELD_HEAD_BYTES, val, n);
    s->enc = enc;
    s->len = IM_FIELD_HEAD_BYTES + n;
    s->entry_id = node->id;
    hr->slot_nodes[h->nslots - 1] = node;
    return 0;
}

/* One field of the top, for its order. */
static int order_field(void *ctx, uint8_t tag, const unsigned char *val,
                       size_t n)
{
    head_read *hr = ctx;
    if (tag != T_ORDER)
        return 0;
    if (hr->has_order || !(hr->order = malloc(n ? n : 1)))
        return 1;
    memcpy(hr->order, val, n);
    hr->order_len = n;
    hr->has_order = 1;
    return 0;
}

static int top_order(head_read *hr, const unsigned char *data, size_t len)
{
    return walk_fields(data, len, HEAD_FORMAT, order_field, hr);
}

/* The slots' summaries into h->v in the top's order: 0 if every id it
 * lists has its slot (once) and the top listed none of its own. */
static int slots_assemble(im_jhead *h, head_read *hr)
{
    if (!hr->has_order)
        return 0; /* the layout before slots, or an empty journal */
    if (!h->v || h->n != 0)
        return -1;
    size_t pos = 0;
    while (pos < hr->order_len) {
        uint64_t id;
        if (h->n >= IM_JHEAD_ENTRIES ||
            get_varint(hr->order, hr->order_len, &pos, &id))
            return -1;
        size_t k = 0;
        while (k < h->nslots &&
               (!hr->slot_nodes[k] || (uint64_t)h->slots[k].entry_id != id))
            k++;
        if (k == h->nslots)
            return -1; /* not there, or named twice */
        h->v[h->n++] = hr->slot_nodes[k];
        hr->slot_nodes[k] = NULL;
    }
    return 0;
}

static int read_one(void *ctx, int64_t id, im_rc rc, const unsigned char *data,
                    size_t len)
{
    head_read *hr = ctx;
    im_jhead *h = &hr->j->head;
    kind_read k;
    if (rc != IM_OK || record_kind(data, len, &k)) {
        hr->bad = 1;
        return 0;
    }
    int is_bucket = k.is_bucket, has_top = k.has_top_bucket;
    int64_t b = k.bucket;
    const unsigned char *days = k.days;
    size_t days_len = k.days_len;
    if (k.is_slot)
        return read_slot(hr, id, k.entry, k.entry_len);
    if (!is_bucket) {
        h->record_id = id;
        if (hr->tops++ || top_decode(h, data, len) || top_order(hr, data, len))
            hr->bad = 1;
        h->has_top_bucket = has_top;
        h->top_bucket = b;
        if (!has_top)
            return 0; /* no days at all */
    } else if (bucket_note(h, b, id) != IM_OK) {
        hr->rc = IM_ERR_NOMEM;
        return 1;
    }
    if (hr->n == hr->cap) {
        size_t cap = hr->cap ? hr->cap * 2 : 16;
        unsigned char **d = realloc(hr->days, cap * sizeof *d);
        if (d)
            hr->days = d;
        size_t *l = d ? realloc(hr->days_len, cap * sizeof *l) : NULL;
        if (l)
            hr->days_len = l;
        int64_t *k = l ? realloc(hr->bucket, cap * sizeof *k) : NULL;
        if (!k) {
            hr->rc = IM_ERR_NOMEM;
            return 1;
        }
        hr->bucket = k;
        hr->cap = cap;
    }
    hr->days[hr->n] = malloc(days_len ? days_len : 1);
    if (!hr->days[hr->n]) {
        hr->rc = IM_ERR_NOMEM;
        return 1;
    }
    if (days_len)
        memcpy(hr->days[hr->n], days, days_len);
    hr->days_len[hr->n] = days_len;
    hr->bucket[hr->n++] = b;
    return 0;
}

/* The buckets' days in order into h->days; 0 if they fit the top. */
static int days_assemble(im_jhead *h, head_read *hr)
{
    int bad = 0;
    for (size_t a = 0; a < hr->n; a++)
        for (size_t b = a + 1; b < hr->n; b++)
            bad |= hr->bucket[a] == hr->bucket[b]; /* one record a bucket */
    for (size_t done = 0; done < hr->n && !bad; done++) {
        size_t best = hr->n; /* the newest bucket not taken yet */
        for (size_t i = 0; i < hr->n; i++)
            if (hr->days[i] &&
                (best == hr->n || hr->bucket[i] > hr->bucket[best]))
                best = i;
        bad = get_days(h, hr->days[best], hr->days_len[best], hr->bucket[best]);
        free(hr->days[best]);
        hr->days[best] = NULL;
    }
    size_t sum = 0;
    for (size_t i = 0; i < h->ndays; i++)
        sum += h->days[i].count;
    size_t want = h->total < IM_JHEAD_ENTRIES ? h->total : IM_JHEAD_ENTRIES;
    return bad || sum != h->total || h->n != want || h->records < h->total;
}

static void head_read_free(im_jhead *h, head_read *hr)
{
    for (size_t i = 0; i < h->nslots && hr->slot_nodes; i++)
        im_jnode_free(hr->slot_nodes[i]); /* the ones no order took */
    free(hr->slot_nodes);
    free(hr->order); /* entry ids only: no text */
    for (size_t i = 0; i < hr->n; i++)
        free(hr->days[i]);
    free(hr->days);
    free(hr->days_len);
    free(hr->bucket);
}

void im_jhead_drop_entries(im_jhead *h)
{
    for (size_t i = 0; h->v && i < h->n; i++)
        im_jnode_free(h->v[i]);
    free(h->v);
    free(h->days);
    h->v = NULL;
    h->days = NULL;
    h->n = h->ndays = h->cap_days = 0;
    h->total = h->records = 0;
    h->valid = 0;
}

void im_jhead_clear(im_jhead *h)
{
    im_jhead_drop_entries(h);
    slots_clear(h);
    free(h->buckets);
    memset(h, 0, sizeof *h);
}

im_rc im_jhead_load(im_journal *j)
{
    im_jhead *h = &j->head;
    head_read hr;
    memset(&hr, 0, sizeof hr);
    hr.j = j;
    im_jhead_clear(h);
    im_rc rc = im_record_foreach(j->v, IM_KIND_JOURNAL_HEAD, read_one, &hr);
    if (rc == IM_OK)
        rc = hr.rc;
    int bad = rc != IM_OK || hr.bad || hr.tops != 1 || slots_assemble(h, &hr) ||
              days_assemble(h, &hr);
    head_read_free(h, &hr);
    if (rc != IM_OK) {
        im_jhead_clear(h);
        return rc;
    }
    /* Missing or unreadable: rewritten once the journal is ordered (the
     * record ids are kept for that). */
    if (bad) {
        im_jhead_drop_entries(h);
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
