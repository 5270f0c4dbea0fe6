/* journal_words.c -- see journal_words.h (design note and invariants). */
#define _GNU_SOURCE /* memmem, where the C library has it */
#include "journal_words.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "utf8_text.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#define HAVE_MMAP 1
#endif

/* Scratch larger than this is freed at the start of the next add rather
 * than kept: one huge entry must not pin megabytes for the session. */
#define SCRATCH_KEEP_BYTES (64u * 1024u)

/* Bytes readable after a token's end, in the fold scratch and in the
 * arena, so tokens are hashed and compared eight bytes at a time. */
#define SLACK 8

/* ---- Word bytes (invariant 3) --------------------------------------------- */

/* ASCII letters, digits and the apostrophe; every byte >= 0x80. */
#define WB(c)                                     \
    ((c) >= 0x80 || ((c) >= 'a' && (c) <= 'z') || \
     ((c) >= 'A' && (c) <= 'Z') || ((c) >= '0' && (c) <= '9') || (c) == '\'')
#define WB4(c)  WB(c), WB((c) + 1), WB((c) + 2), WB((c) + 3)
#define WB16(c) WB4(c), WB4((c) + 4), WB4((c) + 8), WB4((c) + 12)
#define WB64(c) WB16(c), WB16((c) + 16), WB16((c) + 32), WB16((c) + 48)
static const unsigned char WORD_BYTE[256] = {WB64(0), WB64(64), WB64(128),
                                             WB64(192)};

/* ---- Memory --------------------------------------------------------------- */

/* Make *p (cap bytes, the first used of them in use) hold at least need
 * bytes, growing by cap / half_steps each step (1: doubling; 2: by half,
 * for the list heads, 16 bytes a token, whose unused half after a
 * doubling was 1 MB at 82,000 tokens).  realloc would leave the old copy
 * behind in freed memory (invariant 4), so copy, wipe and free by hand.
 * 0 on success. */
static int grow_wiped_by(void **p, size_t *cap, size_t used, size_t need,
                         unsigned half_steps)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 256;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return -1;
        c += c / half_steps;
    }
    void *q = malloc(c);
    if (!q)
        return -1;
    if (*p) {
        memcpy(q, *p, used);
        sodium_memzero(*p, *cap);
        free(*p);
    }
    *p = q;
    *cap = c;
    return 0;
}

static int grow_wiped(void **p, size_t *cap, size_t used, size_t need)
{
    return grow_wiped_by(p, cap, used, need, 1);
}

static int grow_wiped_half(void **p, size_t *cap, size_t used, size_t need)
{
    return grow_wiped_by(p, cap, used, need, 2);
}

static void free_wiped(void *p, size_t bytes)
{
    if (p) {
        sodium_memzero(p, bytes);
        free(p);
    }
}

/* ---- Posting lists (invariant 7) ----------------------------------------
 * A token's docs, ascending, as gaps (each doc less the one before plus
 * 1; the first as it is) in nibble varints: 3 bits of the number a
 * nibble, low first, the high bit set on all but the last.  Dense lists
 * (a common word: gaps of 0..7) cost half a byte a doc; a doc below 2^24
 * needs at most 8 nibbles.  The nibbles go into chunks, chained: chunk
 * i of a list is 8 << min(i, POST_CLASSES - 1) bytes, its first 4 the arena offset of
 * the next chunk, the rest two nibbles a byte, low first.  Chunks are
 * cut from pages of IM_JWORDS_PAGE bytes (calloc'd, so zero), never
 * across one, and an arena offset is page * IM_JWORDS_PAGE + offset in
 * it; no chunk starts at offset 0 of a page, so 0 is "none".  Pages are
 * mapped on their own (page_new): from the heap they sat among its small
 * blocks and kept freed memory from going back. */

/* Chunk sizes 8, 16, 32, 64 bytes: the last chunk of a list is half empty
 * on average, so bigger ones cost more than their headers save (at
 * 100,000 entries of generated text: lists in chunks up to 64 bytes 19.1
 * MB, up to 256 bytes 21.0 MB, for 15.5 MB of nibbles). */
#define POST_CLASSES   4
#define PREFETCH_AHEAD 16   /* ids: see im_jwords_add_text */
#define CLS_EXACT      0xFF /* im_jpost.cls: the last chunk is an exact run */

static size_t chunk_bytes(unsigned cls)
{
    return (size_t)8 << cls;
}
static size_t chunk_nibbles(unsigned cls)
{
    return 2 * (chunk_bytes(cls) - 4);
}

static unsigned char *chunk_at(const im_jwords *d, uint32_t off)
{
    return d->pages[off / IM_JWORDS_PAGE] + off % IM_JWORDS_PAGE;
}

/* A zeroed page of chunks, mapped on its own where the system can (so the
 * pages never sit between the heap's small blocks, and go back to the
 * system when freed), else from the heap; NULL if there is no memory. */
static unsigned char *page_new(void)
{
#ifdef HAVE_MMAP
    void *p = mmap(NULL, IM_JWORDS_PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
#else
    return calloc(1, IM_JWORDS_PAGE);
#endif
}

static void page_free(unsigned char *p)
{
    sodium_memzero(p, IM_JWORDS_PAGE);
#ifdef HAVE_MMAP
    munmap(p, IM_JWORDS_PAGE);
#else
    free(p);
#endif
}

/* A zeroed chunk of size bytes (a multiple of 8 keeps chunks aligned;
 * runs need not be); its offset in *off.  0 on success. */
static int chunk_new_bytes(im_jwords *d, size_t size, uint32_t *off)
{
    if (size > IM_JWORDS_PAGE - 8)
        return -1;
    if (!d->npages || d->page_used + size > IM_JWORDS_PAGE) {
        if ((d->npages + 1) * (size_t)IM_JWORDS_PAGE > UINT32_MAX)
            return -1;
        if (grow_wiped((void **)&d->pages, &d->pages_cap,
                       d->npages * sizeof *d->pages,
                       (d->npages + 1) * sizeof *d->pages))
            return -1;
        unsigned char *page = page_new();
        if (!page)
            return -1;
        d->pages[d->npages++] = page;
        d->live_pages++;
        d->page_used = 8; /* offset 0 stays "none" */
    }
    *off = (uint32_t)((d->npages - 1) * (size_t)IM_JWORDS_PAGE + d->page_used);
    d->page_used += size;
    return 0;
}

static int chunk_new(im_jwords *d, unsigned cls, uint32_t *off)
{
    return chunk_new_bytes(d, chunk_bytes(cls), off);
}

/* Append doc (above every doc in p) to list p.  A number may run on into
 * the next chunk, so every chunk but the tail is full; the next chunk is
 * cut before anything is written, so a failure leaves the list as it was. */
static im_rc post_add(im_jwords *d, im_jpost *p, uint32_t doc)
{
    uint32_t g = doc - p->next_doc;
    unsigned k = 1;
    for (uint32_t v = g >> 3; v; v >>= 3)
        k++; /* <= 8: docs stay below IM_JWORDS_DOCS_MAX = 2^24 */
    uint32_t fresh = 0;
    /* After an exact run (compacted) the chunks start again at class 0. */
    int full = p->cls == CLS_EXACT;
    unsigned fresh_cls = full                         ? 0u
                         : p->cls + 1u < POST_CLASSES ? p->cls + 1u
                                                      : p->cls;
    if (!p->tail) {
        if (chunk_new(d, 0, &fresh))
            return IM_ERR_NOMEM;
        p->first = p->tail = fresh;
        p->cls = 0;
        p->used = 0;
    } else if ((full || p->used + k > chunk_nibbles(p->cls)) &&
               chunk_new(d, fresh_cls, &fresh)) {
        return IM_ERR_NOMEM;
    }
    for (unsigned i = 0; i < k; i++, g >>= 3) {
        if (full || p->used == chunk_nibbles(p->cls)) {
            full = 0;
            memcpy(chunk_at(d, p->tail), &fresh, 4);
            p->tail = fresh;
            p->cls = (uint8_t)fresh_cls;
            p->used = 0;
        }
        unsigned char *c = chunk_at(d, p->tail) + 4;
        unsigned nib = (g & 7) | (i + 1 < k ? 8u : 0u);
        c[p->used / 2] |= (unsigned char)(nib << (4 * (p->used & 1)));
        p->used++;
    }
    p->next_doc = doc + 1;
    d->postings++;
    return IM_OK;
}

/* Set the bit of every doc of list p in bits. */
static void post_or(const im_jwords *d, const im_jpost *p, uint64_t *bits)
{
    uint32_t off = p->first, doc = 0, v = 0;
    unsigned shift = 0, cls = 0, chunk = 0;
    while (off) {
        const unsigned char *c = chunk_at(d, off);
        uint32_t next, n32;
        memcpy(&next, c, 4);
        size_t n;
        if (chunk < p->exact) { /* an exact run: its nibbles counted */
            memcpy(&n32, c + 4, 4);
            n = n32;
            c += 8;
        } else {
            n = off == p->tail ? p->used : chunk_nibbles(cls);
            c += 4;
            cls = cls + 1 < POST_CLASSES ? cls + 1 : cls;
        }
        chunk++;
        for (size_t i = 0; i < n; i++) {
            unsigned nib = (c[i / 2] >> (4 * (i & 1))) & 15;
            v |= (uint32_t)(nib & 7) << shift;
            shift += 3;
            if (!(nib & 8)) {
                doc += v;
                bits[doc / 64] |= 1ULL << (doc % 64);
                doc++;
                v = 0;
                shift = 0;
            } else if (shift > 24) {
                return; /* not a list this code wrote */
            }
        }
        if (off == p->tail)
            return;
        off = next;
    }
}

/* ---- Compaction (invariant 8) ---------------------------------------------
 * A list's last chunk is half empty on average and every chunk has a
 * header: 19.0 MB of chunks for 15.5 MB of nibbles at 100,000 entries.
 * Once the build has read every word, the lists are copied, a few at a
 * time, into exact runs: [next][nibble count][nibbles], cut only at page
 * ends, in pages opened for them; when every list is copied the old pages
 * are wiped and given back.  A list posted to afterwards goes on with
 * ordinary chunks after its runs (class 0 again).  Meanwhile both copies
 * exist (the old pages go only at the end): what a build of 100,000
 * entries holds for a second or so is 19 + 16 MB of lists. */

/* Payload bytes of the list (ordinary chunks only): its nibbles, two a byte. */
static size_t list_bytes(const im_jwords *d, const im_jpost *p)
{
    size_t bytes = 0;
    unsigned cls = 0;
    for (uint32_t off = p->first; off;) {
        const unsigned char *c = chunk_at(d, off);
        if (off == p->tail)
            return bytes + (p->used + 1u) / 2;
        bytes += chunk_bytes(cls) - 4;
        cls = cls + 1 < POST_CLASSES ? cls + 1 : cls;
        memcpy(&off, c, 4);
    }
    return bytes;
}

/* Copy list p (ordinary chunks only) into exact runs; 0 on success (on
 * failure p is as it was; the runs cut stay unused until the clear). */
static int list_compact(im_jwords *d, im_jpost *p)
{
    size_t left = list_bytes(d, p), nibbles = 2 * left;
    if (p->used % 2 && p->tail)
        nibbles--; /* the last byte holds one */
    uint32_t first = 0, prev = 0, src = p->first;
    unsigned cls = 0, runs = 0;
    size_t src_at = 0; /* bytes of the source chunk taken */
    while (left) {
        /* The rest of this page, or a fresh one if less than 64 bytes. */
        if (d->npages && IM_JWORDS_PAGE - d->page_used < 64)
            d->page_used = IM_JWORDS_PAGE;
        size_t room = d->npages ? IM_JWORDS_PAGE - d->page_used : 0;
        size_t take = room > 8 ? room - 8 : 0;
        if (take == 0)
            take = IM_JWORDS_PAGE - 16;
        if (take > left)
            take = left;
        uint32_t off;
        if (chunk_new_bytes(d, 8 + take, &off) || runs == 255)
            return -1;
        unsigned char *run = chunk_at(d, off);
        uint32_t n32 = (uint32_t)(left == take ? nibbles : 2 * take);
        memcpy(run + 4, &n32, 4);
        nibbles -= n32;
        for (size_t put = 0; put < take;) {
            const unsigned char *c = chunk_at(d, src);
            size_t have = src == p->tail ? (p->used + 1u) / 2
                                         : chunk_bytes(cls) - 4;
            size_t k = have - src_at < take - put ? have - src_at : take - put;
            memcpy(run + 8 + put, c + 4 + src_at, k);
            put += k;
            src_at += k;
            if (src_at == have && src != p->tail) {
                memcpy(&src, c, 4);
                cls = cls + 1 < POST_CLASSES ? cls + 1 : cls;
                src_at = 0;
            }
        }
        if (prev)
            memcpy(chunk_at(d, prev), &off, 4);
        else
            first = off;
        prev = off;
        runs++;
        left -= take;
    }
    p->first = first;
    p->tail = prev;
    p->exact = (uint8_t)runs;
    p->cls = CLS_EXACT;
    p->used = 0;
    return 0;
}

im_rc im_jwords_compact_step(im_jwords *d, size_t budget, int *done)
{
    *done = 0;
    if (!d->compacting) {
        if (d->compacted || !d->npages) {
            d->compacted = 1; /* nothing to copy: done until the clear */
            *done = 1;
            return IM_OK;
        }
        d->compacting = 1;
        d->compact_at = 0;
        d->freed_to = 0;
        d->old_pages = d->npages;
        d->page_used = IM_JWORDS_PAGE; /* runs go to fresh pages */
    }
    size_t cost = 0;
    for (; d->compact_at < d->count && cost < budget; d->compact_at++) {
        im_jpost *p = &d->post[d->compact_at];
        if (!p->first || p->exact)
            continue;
        size_t bytes = list_bytes(d, p);
        if (list_compact(d, p))
            return IM_ERR_NOMEM;
        cost += 16 + bytes / 16; /* a copy, far cheaper than reading */
    }
    if (d->compact_at < d->count)
        return IM_OK;
    /* Every list copied: the old pages go, a few a step (wiping one is a
     * 256 KiB memset; all 73 at 100,000 entries were a 6 ms step). */
    for (; d->freed_to < d->old_pages && cost < budget; d->freed_to++) {
        page_free(d->pages[d->freed_to]);
        d->pages[d->freed_to] = NULL;
        d->live_pages--;
        cost += IM_JWORDS_PAGE / 8;
    }
    if (d->freed_to < d->old_pages)
        return IM_OK;
    d->compacting = 0;
    d->compacted = 1;
    *done = 1;
    return IM_OK;
}

/* ---- Tokens --------------------------------------------------------------- */

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LITTLE_ENDIAN_LOADS 1
#endif

/* The n (1..8) bytes at p as a number, the first byte lowest; 8 bytes at p
 * must be readable (SLACK). */
static uint64_t load_upto8(const unsigned char *p, size_t n)
{
    uint64_t w;
#ifdef LITTLE_ENDIAN_LOADS
    memcpy(&w, p, 8);
    return w & (~0ULL >> (64 - 8 * n));
#else
    w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)p[i] << (8 * i);
    return w;
#endif
}

/* Hash of token p[0..n), n > 0, whose first bytes are head (load_upto8);
 * SLACK readable after it. */
static uint32_t token_hash(const unsigned char *p, size_t n, uint64_t head)
{
    const uint64_t k = 0x9E3779B97F4A7C15ULL;
    uint64_t h = (head ^ n) * k;
    for (size_t i = 8; i < n; i += 8) {
        h = (h ^ load_upto8(p + i, n - i < 8 ? n - i : 8)) * k;
        h ^= h >> 29;
    }
    return (uint32_t)(h >> 32);
}

static uint64_t token_head(const unsigned char *p, size_t n)
{
    return load_upto8(p, n < 8 ? n : 8);
}

static size_t token_len(const im_jwords *d, uint32_t id)
{
    return d->start[id + 1] - d->start[id] - 1; /* less its NUL */
}

/* a[8..n) == b[8..n), n >= 8, eight bytes at a time (both have SLACK
 * readable after n): a libc call per long token costs more. */
static int same_tail(const unsigned char *a, const unsigned char *b, size_t n)
{
    uint64_t diff = 0;
    for (size_t i = 8; i < n; i += 8) {
        size_t k = n - i < 8 ? n - i : 8;
        diff |= load_upto8(a + i, k) ^ load_upto8(b + i, k);
    }
    return diff == 0;
}

/* The slot of token p[0..n) (head, hash h), or the empty slot where it
 * would go.  A head match settles a token under 8 bytes (zero padding
 * tells the lengths apart, and a token of 8 or more has no zero byte in
 * its head); a longer one also compares length and the rest. */
static inline im_jslot *slot_find(const im_jwords *d, const unsigned char *p,
                                  size_t n, uint64_t head, uint32_t h)
{
    size_t mask = d->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        im_jslot *s = &d->slots[i];
        /* Head first: usually the first slot holds the token.  An empty
         * slot's head is 0, which no token's is. */
        if (s->head == head) {
            if (n < 8)
                return s;
            uint32_t id = s->id1 - 1;
            if (token_len(d, id) == n &&
                same_tail((const unsigned char *)d->text + d->start[id], p, n))
                return s;
        }
        if (s->id1 == 0)
            return s;
    }
}

/* Double the table (1024 slots at first), moving every slot (with its
 * seen mark: this may happen halfway through an entry). */
static im_rc slots_grow(im_jwords *d)
{
    size_t n = d->nslots ? d->nslots * 2 : 1024;
    im_jslot *fresh = calloc(n, sizeof *fresh);
    if (!fresh)
        return IM_ERR_NOMEM;
    for (size_t i = 0; i < d->nslots; i++) {
        const im_jslot *s = &d->slots[i];
        if (!s->id1)
            continue;
        uint32_t id = s->id1 - 1;
        size_t len = token_len(d, id);
        const unsigned char *t = (const unsigned char *)d->text + d->start[id];
        size_t k = token_hash(t, len, s->head) & (n - 1);
        while (fresh[k].id1)
            k = (k + 1) & (n - 1);
        fresh[k] = *s;
    }
    free_wiped(d->slots, d->nslots * sizeof *d->slots);
    d->slots = fresh;
    d->nslots = n;
    /* The fold cache names slots by index: they all moved. */
    if (!d->fcache)
        d->fcache = calloc(IM_JWORDS_FOLD_CACHE, sizeof *d->fcache);
    else
        sodium_memzero(d->fcache, IM_JWORDS_FOLD_CACHE * sizeof *d->fcache);
    return d->fcache ? IM_OK : IM_ERR_NOMEM;
}

/* Add token p[0..n) (head, hash h), found missing at empty slot *slot, as
 * the next id; *slot is then its slot (the table may have grown). */
static im_rc token_add(im_jwords *d, const unsigned char *p, size_t n,
                       uint64_t head, uint32_t h, im_jslot **slot)
{
    if (n + 1 + SLACK > UINT32_MAX - d->text_len || d->count >= UINT32_MAX - 2)
        return IM_ERR_TOO_LARGE;
    size_t ids = d->count; /* start has ids + 1 entries */
    if (grow_wiped((void **)&d->text, &d->text_cap, d->text_len,
                   d->text_len + n + 1 + SLACK) ||
        grow_wiped((void **)&d->start, &d->start_cap,
                   (ids + 1) * sizeof *d->start,
                   (ids + 2) * sizeof *d->start) ||
        grow_wiped_half((void **)&d->post, &d->post_cap, ids * sizeof *d->post,
                        (ids + 1) * sizeof *d->post))
        return IM_ERR_NOMEM;
    if ((ids + 1) * 4 > d->nslots * 3) { /* fuller is slower; emptier is
                                              more memory to miss in */
        if (slots_grow(d) != IM_OK)
            return IM_ERR_NOMEM;
        *slot = slot_find(d, p, n, head, h);
    }
    d->start[0] = 0;
    memcpy(d->text + d->text_len, p, n);
    d->text[d->text_len + n] = 0;
    d->text_len += n + 1;
    d->start[ids + 1] = (uint32_t)d->text_len;
    (*slot)->head = head;
    (*slot)->id1 = (uint32_t)ids + 1;
    (*slot)->seen = 0;
    memset(&d->post[ids], 0, sizeof *d->post);
    d->count++;
    return IM_OK;
}

/* ---- Finding tokens: a bitmap of word bytes -------------------------------
 * Scanning byte by byte mispredicts a branch at nearly every token edge
 * (every six bytes or so of prose): that was most of a journal load.  So
 * the text is first turned into one bit per byte (set: word byte), eight
 * bytes at a time where loads are little-endian, and tokens are then found
 * with count-trailing-zeros: a branch per token, not per byte. */

#define K8(b) (0x0101010101010101ULL * (uint64_t)(b))

/* The first of bits 0..63 set in x (x != 0). */
static unsigned lowest_bit(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctzll(x);
#else
    unsigned n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

/* One bit per byte of p[0..64): bit i set when p[i] is a word byte
 * (WORD_BYTE, computed sixteen or eight bytes at a time where it can be:
 * SSE2 on x86-64, else eight at a time where loads are little-endian). */
static uint64_t word_bits64(const unsigned char *p)
{
    uint64_t bits = 0;
#if defined(__SSE2__)
    for (unsigned k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128(
            (const __m128i *)(const void *)(p + 16 * k));
        /* v - lo, moved down by 128, is below -128 + count exactly when
         * v is in lo .. lo + count - 1 (signed compare).  Bytes >= 0x80
         * are word bytes by their own high bit. */
        __m128i low = _mm_or_si128(x, _mm_set1_epi8(0x20));
        __m128i alpha = _mm_cmplt_epi8(
            _mm_add_epi8(low, _mm_set1_epi8((char)(0x80 - 'a'))),
            _mm_set1_epi8((char)(-128 + 26)));
        __m128i digit = _mm_cmplt_epi8(
            _mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - '0'))),
            _mm_set1_epi8((char)(-128 + 10)));
        __m128i apos = _mm_cmpeq_epi8(x, _mm_set1_epi8('\''));
        __m128i m = _mm_or_si128(_mm_or_si128(x, alpha),
                                 _mm_or_si128(digit, apos));
        bits |= (uint64_t)(uint16_t)_mm_movemask_epi8(m) << (16 * k);
    }
#elif defined(LITTLE_ENDIAN_LOADS)
    for (unsigned k = 0; k < 8; k++) {
        uint64_t x, y, low, m;
        memcpy(&x, p + 8 * k, 8);
        /* Per byte, in its high bit (no sum below carries out of its
         * byte: every operand byte is < 0x80): non-ASCII, or for ASCII y,
         * a letter (low = y | 0x20 in 'a'..'z'), a digit, or '\''. */
        y = x & K8(0x7F);
        low = y | K8(0x20);
        m = (x | ((low + K8(0x80 - 'a')) & ~(low + K8(0x7F - 'z'))) |
             ((y + K8(0x80 - '0')) & ~(y + K8(0x7F - '9'))) |
             ~((y ^ K8('\'')) + K8(0x7F))) &
            K8(0x80);
        /* Gather the eight high bits into one byte, byte 0 lowest. */
        bits |= (((m >> 7) * 0x0102040810204080ULL) >> 56) << (8 * k);
    }
#else
    for (unsigned i = 0; i < 64; i++)
        bits |= (uint64_t)WORD_BYTE[p[i]] << i;
#endif
    return bits;
}

/* Nonzero if one of the 8 bytes of w needs folding: an ASCII capital or a
 * byte of a non-ASCII character. */
static uint64_t unfolded8(uint64_t w)
{
    uint64_t y = w & K8(0x7F);
    return (w | ((y + K8(0x80 - 'A')) & ~(y + K8(0x7F - 'Z')))) & K8(0x80);
}

/* ---- Tokens that fold to themselves --------------------------------------
 * Most tokens of a script without case (Arabic, Devanagari, CJK), and the
 * lower-case words of one with it, are non-ASCII and so go to folding,
 * yet come out as they went in: folding was most of what a long entry's
 * save cost (callgrind, journal_bench: im_utf8_fold 58% of
 * im_jwords_add_doc).  Bit id of d->fixed is set when token id was met as
 * written and folding it gave back the same bytes, i.e. fold(t) == t.  A
 * token of the text equal to such a t byte for byte then folds to t (it
 * is t), so its slot is found without folding.  A bit is only ever set
 * from a fold just made, so a wrong one cannot arise; a token not yet
 * marked is folded as before. */

static int fixed_has(const im_jwords *d, uint32_t id)
{
    return (size_t)id / 64 < d->fixed_cap / 8 &&
           (d->fixed[id / 64] >> (id % 64) & 1);
}

static im_rc fixed_set(im_jwords *d, uint32_t id)
{
    size_t used = d->fixed_cap, need = ((size_t)id / 64 + 1) * 8;
    if (need > d->fixed_cap) {
        if (grow_wiped((void **)&d->fixed, &d->fixed_cap, used, need))
            return IM_ERR_NOMEM;
        memset((unsigned char *)d->fixed + used, 0, d->fixed_cap - used);
    }
    d->fixed[id / 64] |= (uint64_t)1 << (id % 64);
    return IM_OK;
}

/* The slot of token p[0..n) as written, which needs folding (unfolded8),
 * adding its folded form if new.  A token is whole characters and folds
 * to exactly the token the folded text would have (journal_words.h
 * invariant 3); tf has room for n + SLACK.  Short ones go through the
 * fold cache. */
static im_rc slot_of_unfolded(im_jwords *d, const unsigned char *p, size_t n,
                              uint64_t raw, unsigned char *tf, im_jslot **s)
{
    im_jfold *c = NULL;
    if (n < 8) {
        c = &d->fcache[(raw * 0x9E3779B97F4A7C15ULL) >> 56];
        if (c->raw == raw) {
            *s = &d->slots[c->slot];
            return IM_OK;
        }
    }
    (void)tf;
    size_t need = im_utf8_fold((const char *)p, n, (char *)d->tfold,
                               d->tfold_cap > SLACK ? d->tfold_cap - SLACK : 0);
    if (need == (size_t)-1)
        return IM_ERR_NOMEM;
    if (need + SLACK > d->tfold_cap) {
        /* grow (nothing worth keeping in it), then fold again */
        free_wiped(d->tfold, d->tfold_cap);
        d->tfold = NULL;
        d->tfold_cap = 0;
        if (grow_wiped((void **)&d->tfold, &d->tfold_cap, 0, need + SLACK))
            return IM_ERR_NOMEM;
        need = im_utf8_fold((const char *)p, n, (char *)d->tfold,
                            d->tfold_cap - SLACK);
        if (need == (size_t)-1 || need + SLACK > d->tfold_cap)
            return IM_ERR_NOMEM;
    }
    tf = d->tfold;
    memset(tf + need, 0, SLACK);
    int same = need == n && memcmp(tf, p, n) == 0;
    n = need;
    uint64_t head = token_head(tf, n);
    uint32_t h = token_hash(tf, n, head);
    *s = slot_find(d, tf, n, head, h);
    if (!(*s)->id1) {
        im_rc rc = token_add(d, tf, n, head, h, s);
        if (rc != IM_OK)
            return rc;
        if (c)
            c = &d->fcache[(raw * 0x9E3779B97F4A7C15ULL) >> 56];
    }
    if (c) {
        c->raw = raw;
        c->slot = (uint32_t)(*s - d->slots);
    }
    sodium_memzero(tf, n + SLACK);
    return same ? fixed_set(d, (*s)->id1 - 1) : IM_OK;
}

/* Intern token p[0..n) of the entry's text and put its id into d->ids[*k]
 * unless the text had it already.  The hot path of a journal load: a
 * multiply or two of hashing and usually one slot read that hits. */
static inline im_rc take_one(im_jwords *d, const unsigned char *p, size_t n,
                             unsigned char *tf, size_t *k)
{
    uint64_t head = token_head(p, n), unfolded = unfolded8(head);
    for (size_t i = 8; i < n; i += 8)
        unfolded |= unfolded8(load_upto8(p + i, n - i < 8 ? n - i : 8));
    im_jslot *s;
    if (unfolded) {
        /* First as written: a token that folds to itself is found so
         * (fixed_has), short ones too -- the fold cache, which had them
         * alone, is 256 slots for a vocabulary of tens of thousands of
         * such words (Cyrillic, Greek, CJK: under 8 bytes is 2-3
         * characters), and a miss folds again. */
        s = slot_find(d, p, n, head, token_hash(p, n, head));
        if (!s->id1 || !fixed_has(d, s->id1 - 1))
            s = NULL;
        im_rc rc = s ? IM_OK : slot_of_unfolded(d, p, n, head, tf, &s);
        if (rc != IM_OK)
            return rc;
    } else {
        uint32_t h = token_hash(p, n, head);
        s = slot_find(d, p, n, head, h);
        if (!s->id1) {
            im_rc rc = token_add(d, p, n, head, h, &s);
            if (rc != IM_OK)
                return rc;
        }
    }
    if (*k * sizeof *d->ids == d->ids_cap &&
        grow_wiped((void **)&d->ids, &d->ids_cap, *k * sizeof *d->ids,
                   (*k + 1) * sizeof *d->ids))
        return IM_ERR_NOMEM;
    /* Kept only if not yet in this text; without a branch, as repeats
     * come and go unpredictably. */
    d->ids[*k] = s->id1 - 1;
    *k += s->seen != d->serial;
    s->seen = d->serial;
    return IM_OK;
}

/* Intern every token of the text f, whose word-byte bitmap is bits[0..nw)
 * (its last bit clear), putting each distinct id once into d->ids; *n
 * their count; tf is take_one's room to fold a token in.  Per 64-bit
 * word, the bits where a token starts and where one ends (the byte after
 * it) are taken lowest first; they alternate, and a token may start in
 * one word and end in a later one. */
static im_rc take_tokens(im_jwords *d, const unsigned char *f,
                         const uint64_t *bits, size_t nw, unsigned char *tf,
                         size_t *n)
{
    if (!d->nslots && slots_grow(d) != IM_OK)
        return IM_ERR_NOMEM;
    size_t k = 0, from = 0;
    uint64_t carry = 0; /* the last bit of the word before */
    for (size_t w = 0; w < nw; w++) {
        uint64_t b = bits[w], before = (b << 1) | carry;
        uint64_t starts = b & ~before, ends = ~b & before;
        carry = b >> 63;
        while (ends) {
            if (starts && lowest_bit(starts) < lowest_bit(ends)) {
                from = w * 64 + lowest_bit(starts);
                starts &= starts - 1;
            }
            size_t to = w * 64 + lowest_bit(ends);
            ends &= ends - 1;
            im_rc rc = take_one(d, f + from, to - from, tf, &k);
            if (rc != IM_OK)
                return rc;
        }
        if (starts)
            from = w * 64 + lowest_bit(starts);
    }
    *n = k;
    return IM_OK;
}

/* ---- Adding a text ------------------------------------------------------- */

/* Free scratch a huge entry left behind (SCRATCH_KEEP_BYTES). */
static void scratch_trim(im_jwords *d)
{
    struct {
        void **p;
        size_t *cap;
    } s[] = {
        {(void **)&d->fold, &d->fold_cap},
        {(void **)&d->ids, &d->ids_cap},
        {(void **)&d->tfold, &d->tfold_cap},
    };
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        if (*s[i].cap > SCRATCH_KEEP_BYTES) {
            free_wiped(*s[i].p, *s[i].cap);
            *s[i].p = NULL;
            *s[i].cap = 0;
        }
}

/* Begin a new set: no id is "seen" in it yet. */
static void serial_next(im_jwords *d)
{
    if (++d->serial == 0) {
        for (size_t i = 0; i < d->nslots; i++)
            d->slots[i].seen = 0;
        d->serial = 1;
    }
}

im_rc im_jwords_add_doc(im_jwords *d, const char *title, size_t title_len,
                        const char *body, size_t body_len, uint32_t *doc)
{
    *doc = 0;
    if (d->ndocs >= IM_JWORDS_DOCS_MAX)
        return IM_ERR_TOO_LARGE;
    scratch_trim(d);
    /* Scratch: the entry's text "title\nbody" as it is (word bytes are
     * the same before and after folding: only tokens are folded, in
     * take_one), zeros up to a multiple of 64 bytes (at least SLACK of
     * them), the bitmap, one bit per text byte, then room to fold a token.
     * "\n" is not a word byte, so no token spans title and body. */
    size_t len = title_len + 1 + body_len;
    if (len > SIZE_MAX / 4)
        return IM_ERR_NOMEM;
    size_t area = (len + SLACK + 63) / 64 * 64, nw = area / 64;
    size_t scratch = area + nw * 8 + len + SLACK;
    if (grow_wiped((void **)&d->fold, &d->fold_cap, 0, scratch))
        return IM_ERR_NOMEM;
    unsigned char *f = (unsigned char *)d->fold;
    uint64_t *bits = (uint64_t *)(void *)(f + area);
    if (title_len)
        memcpy(f, title, title_len);
    f[title_len] = '\n';
    memcpy(f + title_len + 1, body, body_len);
    memset(f + len, 0, area - len);
    for (size_t w = 0; w < nw; w++)
        bits[w] = word_bits64(f + 64 * w);
    serial_next(d);
    size_t n = 0;
    im_rc rc = take_tokens(d, f, bits, nw, f + area + nw * 8, &n);
    sodium_memzero(f, scratch);
    /* The doc joins each distinct token's list.  Each list's head and
     * tail chunk are somewhere in megabytes: two cache misses a token if
     * taken in turn, so heads are fetched PREFETCH_AHEAD ids ahead and
     * tail chunks half that. */
    const uint32_t *ids = d->ids;
    for (size_t i = 0; rc == IM_OK && i < n; i++) {
#if defined(__GNUC__) || defined(__clang__)
        if (i + PREFETCH_AHEAD < n)
            __builtin_prefetch(&d->post[ids[i + PREFETCH_AHEAD]], 1);
        if (i + PREFETCH_AHEAD / 2 < n) {
            const im_jpost *p = &d->post[ids[i + PREFETCH_AHEAD / 2]];
            if (p->tail)
                __builtin_prefetch(chunk_at(d, p->tail) + 4 + p->used / 2, 1);
        }
#endif
        rc = post_add(d, &d->post[ids[i]], d->ndocs);
    }
    if (n)
        sodium_memzero(d->ids, n * sizeof *d->ids);
    if (rc != IM_OK)
        return rc; /* the doc is not handed out: lists that got it keep a
                      doc no node names (harmless, invariant 7) */
    *doc = d->ndocs++;
    return IM_OK;
}

im_rc im_jwords_add_text(im_jwords *d, const char *title, size_t title_len,
                         const char *body, size_t body_len,
                         const unsigned char **set, size_t *set_len)
{
    uint32_t doc;
    *set = NULL;
    *set_len = 0;
    im_rc rc = im_jwords_add_doc(d, title, title_len, body, body_len, &doc);
    if (rc != IM_OK)
        return rc;
    size_t n = 0;
    do {
        d->code[n++] = (unsigned char)((doc & 0x7F) | (doc >= 0x80 ? 0x80 : 0));
        doc >>= 7;
    } while (doc);
    *set = d->code;
    *set_len = n;
    return IM_OK;
}

uint32_t im_jwords_count(const im_jwords *d)
{
    return d->count;
}

const char *im_jwords_token(const im_jwords *d, uint32_t id, size_t *len)
{
    if (id >= d->count)
        return NULL;
    *len = token_len(d, id);
    return d->text + d->start[id];
}

size_t im_jwords_bytes(const im_jwords *d)
{
    return d->text_cap + d->start_cap + d->nslots * sizeof *d->slots +
           d->post_cap + d->live_pages * IM_JWORDS_PAGE + d->pages_cap +
           d->fold_cap + d->ids_cap + d->tfold_cap + d->fixed_cap +
           (d->fcache ? IM_JWORDS_FOLD_CACHE * sizeof *d->fcache : 0);
}

void im_jwords_clear(im_jwords *d)
{
    free_wiped(d->text, d->text_cap);
    free_wiped(d->start, d->start_cap);
    free_wiped(d->slots, d->nslots * sizeof *d->slots);
    free_wiped(d->fold, d->fold_cap);
    free_wiped(d->ids, d->ids_cap);
    free_wiped(d->post, d->post_cap);
    for (size_t i = 0; i < d->npages; i++)
        if (d->pages[i])
            page_free(d->pages[i]);
    free_wiped(d->pages, d->pages_cap);
    free_wiped(d->tfold, d->tfold_cap);
    free_wiped(d->fixed, d->fixed_cap);
    free_wiped(d->fcache,
               d->fcache ? IM_JWORDS_FOLD_CACHE * sizeof *d->fcache : 0);
    sodium_memzero(d, sizeof *d);
}

/* ---- Queries -------------------------------------------------------------- */

#if (defined(__GLIBC__) || defined(__APPLE__) || defined(__ANDROID__)) && \
    !defined(IM_JWORDS_NO_MEMMEM) /* define it to try the fallback */
#define HAVE_MEMMEM 1 /* glibc's is a two-way search, fast on any input */
#endif

/* The first w[0..n) (n > 0) in hay[0..len), or NULL. */
static const char *find_bytes(const char *hay, size_t len,
                              const unsigned char *w, size_t n)
{
#ifdef HAVE_MEMMEM
    return memmem(hay, len, w, n);
#else
    /* Elsewhere (Windows): memchr for the first byte, then compare.  The
     * arena holds distinct words only, so this is quick enough. */
    const char *end = hay + len;
    for (const char *p = hay; (size_t)(end - p) >= n; p++) {
        p = memchr(p, w[0], (size_t)(end - p) - n + 1);
        if (!p)
            return NULL;
        if (memcmp(p + 1, w + 1, n - 1) == 0)
            return p;
    }
    return NULL;
#endif
}

/* Set in bits the docs of every token containing word w[0..n), by one
 * pass over the arena (invariant 2: a hit is inside one token, found by
 * bisecting the starts; the next search begins at the token after).
 * Returns how many tokens it found. */
static size_t mark_word(const im_jwords *d, const unsigned char *w, size_t n,
                        uint64_t *bits)
{
    size_t at = 0, marked = 0;
    uint32_t lo = 0; /* start[lo] <= every later hit */
    while (at < d->text_len) {
        const char *hit = find_bytes(d->text + at, d->text_len - at, w, n);
        if (!hit)
            break;
        uint32_t pos = (uint32_t)(hit - d->text), hi = d->count;
        while (hi - lo > 1) { /* the last token starting <= pos */
            uint32_t mid = lo + (hi - lo) / 2;
            if (d->start[mid] <= pos)
                lo = mid;
            else
                hi = mid;
        }
        post_or(d, &d->post[lo], bits);
        marked++;
        at = d->start[++lo];
    }
    return marked;
}

size_t im_jwords_next_word(const unsigned char *f, size_t len, size_t *at,
                           size_t *from)
{
    size_t i = *at;
    while (i < len && !WORD_BYTE[f[i]])
        i++;
    *from = i;
    while (i < len && WORD_BYTE[f[i]])
        i++;
    *at = i;
    return i - *from;
}

im_rc im_jwords_query_make(const im_jwords *d, const char *query,
                           im_jwords_query *q)
{
    memset(q, 0, sizeof *q);
    size_t qlen = strlen(query);
    size_t need = im_utf8_fold(query, qlen, NULL, 0), fcap = need + 1;
    char *folded = need == (size_t)-1 ? NULL : malloc(fcap);
    q->ndocs = d->ndocs;
    q->nbits = (size_t)d->ndocs / 64 + 1;
    q->hits = calloc(q->nbits, sizeof *q->hits);
    uint64_t *word = calloc(q->nbits, sizeof *word);
    if (!folded || !q->hits || !word) {
        free(folded);
        free(word);
        im_jwords_query_free(q);
        return IM_ERR_NOMEM;
    }
    size_t flen = im_utf8_fold(query, qlen, folded, need);
    const unsigned char *f = (const unsigned char *)folded;
    size_t at = 0, from, n;
    while (q->words < IM_JWORDS_QUERY_MAX &&
           (n = im_jwords_next_word(f, flen, &at, &from)) > 0) {
        if (q->hopeless) {
            q->words++; /* counted, nothing left to look for */
            continue;
        }
        /* The first word's docs are the hits; each later word's docs
         * are taken in a bitmap of their own and kept where both are. */
        uint64_t *into = q->words == 0 ? q->hits : word;
        size_t marked = mark_word(d, f + from, n, into);
        uint64_t any = 0;
        if (q->words > 0) {
            for (size_t i = 0; i < q->nbits; i++) {
                q->hits[i] &= word[i];
                any |= q->hits[i];
            }
            sodium_memzero(word, q->nbits * sizeof *word);
        } else {
            for (size_t i = 0; i < q->nbits && !any; i++)
                any |= q->hits[i];
        }
        q->words++;
        if (marked == 0 || !any)
            q->hopeless = 1;
    }
    free_wiped(word, q->nbits * sizeof *word);
    sodium_memzero(folded, fcap);
    free(folded);
    return IM_OK;
}

int im_jwords_query_has(const im_jwords_query *q, uint32_t doc)
{
    if (q->words == 0 || q->hopeless || doc >= q->ndocs)
        return 0;
    return (int)((q->hits[doc / 64] >> (doc % 64)) & 1);
}

int im_jwords_query_matches(const im_jwords_query *q, const unsigned char *set,
                            size_t set_len)
{
    uint32_t doc = 0;
    for (size_t i = 0; i < set_len; i++) {
        if (i >= 4 || (i == set_len - 1) != !(set[i] & 0x80))
            return 0; /* not what im_jwords_add_text coded */
        doc |= (uint32_t)(set[i] & 0x7F) << (7 * i);
    }
    return set_len > 0 && im_jwords_query_has(q, doc);
}

void im_jwords_query_free(im_jwords_query *q)
{
    free_wiped(q->hits, q->nbits * sizeof *q->hits);
    memset(q, 0, sizeof *q);
}
