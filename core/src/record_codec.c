/* record_codec.c -- see record_codec.h. */
#include "record_codec.h"

#include "utf8.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void im_put_u32le(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

void im_put_u64le(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

uint32_t im_get_u32le(const unsigned char *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

uint64_t im_get_u64le(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

/* Grow to hold n more bytes.  realloc would leave the old plaintext behind
 * in freed memory, so copy, wipe and free by hand. */
static int wbuf_reserve(im_wbuf *w, size_t n)
{
    if (w->rc != IM_OK)
        return 0;
    if (n > SIZE_MAX / 2 - w->len) {
        w->rc = IM_ERR_TOO_LARGE;
        return 0;
    }
    if (w->len + n <= w->cap)
        return 1;
    /* An empty buffer takes the size asked for (a writer that sized its
     * record first gets no slack to wipe), at least 256 bytes. */
    size_t cap = w->cap ? w->cap : n > 256 ? n : 256;
    while (cap < w->len + n)
        cap *= 2;
    unsigned char *p = malloc(cap);
    if (!p) {
        w->rc = IM_ERR_NOMEM;
        return 0;
    }
    if (w->data) {
        memcpy(p, w->data, w->len);
        sodium_memzero(w->data, w->cap);
        free(w->data);
    }
    w->data = p;
    w->cap = cap;
    return 1;
}

void im_wbuf_init(im_wbuf *w, unsigned char format)
{
    memset(w, 0, sizeof *w);
    im_wbuf_raw(w, &format, 1);
}

void im_wbuf_raw(im_wbuf *w, const void *p, size_t n)
{
    if (!wbuf_reserve(w, n))
        return;
    if (n)
        memcpy(w->data + w->len, p, n);
    w->len += n;
}

void im_wbuf_bytes(im_wbuf *w, uint8_t tag, const void *p, size_t n)
{
    unsigned char head[5];
    if (n > UINT32_MAX) {
        if (w->rc == IM_OK)
            w->rc = IM_ERR_TOO_LARGE;
        return;
    }
    head[0] = tag;
    im_put_u32le(head + 1, (uint32_t)n);
    if (n > SIZE_MAX - sizeof head) {
        if (w->rc == IM_OK)
            w->rc = IM_ERR_TOO_LARGE;
        return;
    }
    /* One reservation for both: a head is written a few hundred fields
     * at a time on every journal save. */
    if (!wbuf_reserve(w, sizeof head + n))
        return;
    memcpy(w->data + w->len, head, sizeof head);
    if (n)
        memcpy(w->data + w->len + sizeof head, p, n);
    w->len += sizeof head + n;
}

void im_wbuf_reserve(im_wbuf *w, size_t n)
{
    (void)wbuf_reserve(w, n);
}

size_t im_wbuf_nest_begin(im_wbuf *w, uint8_t tag, unsigned char format)
{
    unsigned char head[6] = {tag, 0, 0, 0, 0, format};
    size_t at = w->len;
    im_wbuf_raw(w, head, sizeof head);
    return at;
}

void im_wbuf_nest_end(im_wbuf *w, size_t at)
{
    if (w->rc != IM_OK)
        return;
    size_t n = w->len - at - 5;
    if (n > UINT32_MAX) {
        w->rc = IM_ERR_TOO_LARGE;
        return;
    }
    im_put_u32le(w->data + at + 1, (uint32_t)n);
}

unsigned char *im_wbuf_append(im_wbuf *w, size_t n)
{
    if (!wbuf_reserve(w, n))
        return NULL;
    unsigned char *p = w->data + w->len;
    w->len += n;
    return p;
}

unsigned char *im_field_put_int(unsigned char *p, uint8_t tag, int64_t value)
{
    p[0] = tag;
    im_put_u32le(p + 1, 8);
    im_put_u64le(p + IM_FIELD_HEAD_BYTES, (uint64_t)value);
    return p + IM_FIELD_INT_BYTES;
}

unsigned char *im_field_put_bytes(unsigned char *p, uint8_t tag,
                                  const void *src, uint32_t n)
{
    p[0] = tag;
    im_put_u32le(p + 1, n);
    if (n)
        memcpy(p + IM_FIELD_HEAD_BYTES, src, n);
    return p + IM_FIELD_HEAD_BYTES + n;
}

void im_wbuf_int(im_wbuf *w, uint8_t tag, int64_t value)
{
    unsigned char v[8];
    im_put_u64le(v, (uint64_t)value);
    im_wbuf_bytes(w, tag, v, sizeof v);
}

void im_wbuf_str(im_wbuf *w, uint8_t tag, const char *s)
{
    if (s && *s)
        im_wbuf_bytes(w, tag, s, strlen(s));
}

im_rc im_wbuf_rc(const im_wbuf *w)
{
    return w->rc;
}

void im_wbuf_wipe(im_wbuf *w)
{
    if (w->data) {
        sodium_memzero(w->data, w->cap);
        free(w->data);
    }
    memset(w, 0, sizeof *w);
}

/* ---- Sequential writes ------------------------------------------------ */

void im_wbuf_u8(im_wbuf *w, unsigned v)
{
    unsigned char b = (unsigned char)v;
    im_wbuf_raw(w, &b, 1);
}

void im_wbuf_u32(im_wbuf *w, uint32_t v)
{
    unsigned char b[4];
    im_put_u32le(b, v);
    im_wbuf_raw(w, b, sizeof b);
}

void im_wbuf_i64(im_wbuf *w, int64_t v)
{
    unsigned char b[8];
    im_put_u64le(b, (uint64_t)v);
    im_wbuf_raw(w, b, sizeof b);
}

void im_wbuf_text(im_wbuf *w, const char *s)
{
    if (!s) {
        im_wbuf_u32(w, 0xFFFFFFFFu);
        return;
    }
    size_t n = strlen(s);
    if (n >= 0xFFFFFFFFu) {
        if (w->rc == IM_OK)
            w->rc = IM_ERR_TOO_LARGE;
        return;
    }
    im_wbuf_u32(w, (uint32_t)n);
    im_wbuf_raw(w, s, n);
}

im_rc im_wbuf_take(im_wbuf *w, unsigned char **data, size_t *len)
{
    im_rc rc = w->rc;
    *data = NULL;
    *len = 0;
    if (rc != IM_OK) {
        im_wbuf_wipe(w);
        return rc;
    }
    *data = w->data;
    *len = w->len;
    memset(w, 0, sizeof *w);
    return IM_OK;
}

/* ---- Reading ------------------------------------------------------------ */

int im_rbuf_init(im_rbuf *r, const void *data, size_t len, unsigned char format)
{
    r->p = data;
    r->len = len;
    r->pos = 1;
    r->err = 0;
    if (!data || len < 1 || r->p[0] != format)
        return -1;
    return 0;
}

int im_field_next(im_rbuf *r, uint8_t *tag, const unsigned char **val,
                  size_t *n)
{
    if (r->pos == r->len)
        return 0;
    if (r->len - r->pos < 5)
        return -1;
    uint32_t flen = im_get_u32le(r->p + r->pos + 1);
    if (flen > r->len - r->pos - 5)
        return -1;
    *tag = r->p[r->pos];
    *val = r->p + r->pos + 5;
    *n = flen;
    r->pos += 5 + (size_t)flen;
    return 1;
}

int im_field_int(const unsigned char *val, size_t n, int64_t *out)
{
    if (n != 8)
        return -1;
    *out = (int64_t)im_get_u64le(val);
    return 0;
}

int im_fields_to_slots(const void *data, size_t len, unsigned char format,
                       char *const *slots, size_t n_slots,
                       im_field_copy_fn copy)
{
    im_rbuf r;
    if (im_rbuf_init(&r, data, len, format) != 0)
        return -1;
    uint8_t tag;
    const unsigned char *val;
    size_t n;
    int more;
    while ((more = im_field_next(&r, &tag, &val, &n)) == 1)
        if (tag >= 1 && tag <= n_slots && copy(slots[tag - 1], val, n) != 0)
            return -1;
    return more;
}

void im_rbuf_open(im_rbuf *r, const void *data, size_t len)
{
    r->p = data;
    r->len = data ? len : 0;
    r->pos = 0;
    r->err = 0;
}

static const unsigned char *rbuf_take(im_rbuf *r, size_t n)
{
    if (r->err || n > r->len - r->pos) {
        r->err = 1;
        return NULL;
    }
    const unsigned char *p = r->p + r->pos;
    r->pos += n;
    return p;
}

unsigned im_rbuf_u8(im_rbuf *r)
{
    const unsigned char *p = rbuf_take(r, 1);
    return p ? p[0] : 0;
}

uint32_t im_rbuf_u32(im_rbuf *r)
{
    const unsigned char *p = rbuf_take(r, 4);
    return p ? im_get_u32le(p) : 0;
}

int64_t im_rbuf_i64(im_rbuf *r)
{
    const unsigned char *p = rbuf_take(r, 8);
    return p ? (int64_t)im_get_u64le(p) : 0;
}

char *im_rbuf_text(im_rbuf *r, size_t max, int *absent)
{
    uint32_t n = im_rbuf_u32(r);
    if (absent)
        *absent = 0;
    if (r->err)
        return NULL;
    if (n == 0xFFFFFFFFu) {
        if (absent)
            *absent = 1;
        return NULL;
    }
    if (n > max) {
        r->err = 1;
        return NULL;
    }
    const unsigned char *p = rbuf_take(r, n);
    if (!p || !im_utf8_ok((const char *)p, n)) {
        r->err = 1;
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (!s) {
        r->err = 1;
        return NULL;
    }
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

void im_rbuf_id(im_rbuf *r, char *buf, size_t size)
{
    uint32_t n = im_rbuf_u32(r);
    buf[0] = '\0';
    if (r->err || n >= size) {
        r->err = 1;
        return;
    }
    const unsigned char *p = rbuf_take(r, n);
    if (!p)
        return;
    memcpy(buf, p, n);
    buf[n] = '\0';
    if (strlen(buf) != n)
        r->err = 1;
}
