/*
 * engine_codec.c -- the byte format of saved engine state (engine_internal.h).
 *
 * Why our own tiny codec: the state is a handful of integers and strings,
 * it must be read back from bytes that may be damaged or hostile (a crafted
 * backup), and every read must be bounds-checked.  Sticky errors keep the
 * readers short: decode everything, then look at err once.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

static void w_reserve(im_wbuf *w, size_t more)
{
    if (w->err)
        return;
    if (more > IM_RUN_STATE_MAX || w->n > IM_RUN_STATE_MAX - more) {
        w->err = 1;
        return;
    }
    if (w->n + more <= w->cap)
        return;
    size_t cap = w->cap ? w->cap * 2 : 256;
    while (cap < w->n + more)
        cap *= 2;
    unsigned char *p = malloc(cap);
    if (!p) {
        w->err = 1;
        return;
    }
    if (w->n)
        memcpy(p, w->p, w->n);
    if (w->p) {
        sodium_memzero(w->p, w->cap);
        free(w->p);
    }
    w->p = p;
    w->cap = cap;
}

static void w_bytes(im_wbuf *w, const void *src, size_t n)
{
    w_reserve(w, n);
    if (w->err)
        return;
    if (n)
        memcpy(w->p + w->n, src, n);
    w->n += n;
}

void im_w_raw(im_wbuf *w, const void *p, size_t n)
{
    w_bytes(w, p, n);
}

void im_w_u8(im_wbuf *w, unsigned v)
{
    unsigned char b = (unsigned char)v;
    w_bytes(w, &b, 1);
}

void im_w_u32(im_wbuf *w, uint32_t v)
{
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                          (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    w_bytes(w, b, 4);
}

void im_w_i64(im_wbuf *w, int64_t v)
{
    uint64_t u = (uint64_t)v;
    im_w_u32(w, (uint32_t)u);
    im_w_u32(w, (uint32_t)(u >> 32));
}

void im_w_str(im_wbuf *w, const char *s)
{
    if (!s) {
        im_w_u32(w, 0xFFFFFFFFu);
        return;
    }
    size_t n = strlen(s);
    if (n >= 0xFFFFFFFFu) {
        w->err = 1;
        return;
    }
    im_w_u32(w, (uint32_t)n);
    w_bytes(w, s, n);
}

void im_w_free(im_wbuf *w)
{
    if (w->p) {
        sodium_memzero(w->p, w->cap);
        free(w->p);
    }
    w->p = NULL;
    w->n = w->cap = 0;
}

im_rc im_w_finish(im_wbuf *w, unsigned char **data, size_t *len)
{
    if (w->err) {
        im_w_free(w);
        return IM_ERR_NOMEM;
    }
    *data = w->p;
    *len = w->n;
    w->p = NULL;
    w->n = w->cap = 0;
    return IM_OK;
}

void im_state_free(unsigned char *data, size_t len)
{
    if (data) {
        sodium_memzero(data, len);
        free(data);
    }
}

/* ---- Reading ------------------------------------------------------------ */

static const unsigned char *r_take(im_rbuf *r, size_t n)
{
    if (r->err || n > r->n - r->at) {
        r->err = 1;
        return NULL;
    }
    const unsigned char *p = r->p + r->at;
    r->at += n;
    return p;
}

unsigned im_r_u8(im_rbuf *r)
{
    const unsigned char *p = r_take(r, 1);
    return p ? p[0] : 0;
}

uint32_t im_r_u32(im_rbuf *r)
{
    const unsigned char *p = r_take(r, 4);
    if (!p)
        return 0;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

int64_t im_r_i64(im_rbuf *r)
{
    uint64_t lo = im_r_u32(r);
    uint64_t hi = im_r_u32(r);
    return (int64_t)(lo | hi << 32);
}

char *im_r_str(im_rbuf *r, size_t max, int *absent)
{
    uint32_t n = im_r_u32(r);
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
    const unsigned char *p = r_take(r, n);
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

void im_r_id(im_rbuf *r, char *buf, size_t size)
{
    uint32_t n = im_r_u32(r);
    buf[0] = '\0';
    if (r->err || n >= size) {
        r->err = 1;
        return;
    }
    const unsigned char *p = r_take(r, n);
    if (!p)
        return;
    memcpy(buf, p, n);
    buf[n] = '\0';
    if (strlen(buf) != n)
        r->err = 1;
}

int im_r_str_eq(im_rbuf *r, const char *want)
{
    char buf[IM_CONTENT_ID_MAX + 32];
    im_r_id(r, buf, sizeof buf);
    return !r->err && strcmp(buf, want) == 0;
}

void im_wipe_free(char *s)
{
    if (s) {
        sodium_memzero(s, strlen(s));
        free(s);
    }
}
