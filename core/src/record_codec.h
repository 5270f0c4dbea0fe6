/*
 * record_codec.h -- the small tagged binary format inside core's records.
 *
 * A record's plaintext is a format byte followed by fields, each
 *     tag (1 byte) | length (4 bytes, little endian) | value
 * Integers are 8-byte little-endian values; strings are UTF-8 without a NUL.
 * Readers skip tags they do not know, so a later version can add fields.
 *
 * The same buffers also carry the saved engine states, which are a fixed
 * sequence rather than tagged fields (engine_internal.h): the sequential
 * calls below write and read u8, u32 and i64 little endian and strings as
 * a u32 length (0xFFFFFFFF: absent) and the bytes.  A buffer started as
 * `im_wbuf w = {0}` has no format byte; im_wbuf_init writes one.
 *
 * The writer holds user plaintext, so it never leaves copies behind: when it
 * grows it wipes the old buffer, and im_wbuf_wipe wipes the final one.
 * Errors are sticky (SQLite style): after an allocation failure every later
 * call is a no-op and im_wbuf_rc reports IM_ERR_NOMEM once at the end.
 */
#ifndef INNERMOST_RECORD_CODEC_H
#define INNERMOST_RECORD_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/error.h"

typedef struct im_wbuf {
    unsigned char *data;
    size_t len, cap;
    im_rc rc;
} im_wbuf;

void im_wbuf_init(im_wbuf *w, unsigned char format);
void im_wbuf_raw(im_wbuf *w, const void *p, size_t n);
void im_wbuf_int(im_wbuf *w, uint8_t tag, int64_t value);
void im_wbuf_bytes(im_wbuf *w, uint8_t tag, const void *p, size_t n);
/* A NULL or empty string writes nothing: absence and "" are the same. */
void im_wbuf_str(im_wbuf *w, uint8_t tag, const char *s);
im_rc im_wbuf_rc(const im_wbuf *w);
void im_wbuf_wipe(im_wbuf *w);
/* Make room for n more bytes at once (a failure is w's sticky error). */
void im_wbuf_reserve(im_wbuf *w, size_t n);
/* A nested record as one field: what im_wbuf_bytes(w, tag, e.data, e.len)
 * writes for an im_wbuf e begun with im_wbuf_init(&e, format), without a
 * buffer of its own.  nest_begin writes the tag, a length to come and the
 * format byte, and returns where; the nested fields follow in w; nest_end
 * fills in the length. */
size_t im_wbuf_nest_begin(im_wbuf *w, uint8_t tag, unsigned char format);
void im_wbuf_nest_end(im_wbuf *w, size_t at);

/* Fields written in place, for a writer that knows its size beforehand
 * (the journal's head: two dozen summaries of nine fields on every save,
 * where a call per field was most of the encoding).  im_wbuf_append adds n
 * bytes to w and returns them for the caller to fill whole (NULL on the
 * sticky error); the puts write one field at p and return its end. */
#define IM_FIELD_HEAD_BYTES 5 /* tag and length */
#define IM_FIELD_INT_BYTES  (IM_FIELD_HEAD_BYTES + 8)
unsigned char *im_wbuf_append(im_wbuf *w, size_t n);
unsigned char *im_field_put_int(unsigned char *p, uint8_t tag, int64_t value);
unsigned char *im_field_put_bytes(unsigned char *p, uint8_t tag,
                                  const void *src, uint32_t n);

/* Sequential writes (no tag). */
void im_wbuf_u8(im_wbuf *w, unsigned v);
void im_wbuf_u32(im_wbuf *w, uint32_t v);
void im_wbuf_i64(im_wbuf *w, int64_t v);
/* A length-prefixed string; NULL is written as absent (not as ""). */
void im_wbuf_text(im_wbuf *w, const char *s);
/* Hand the bytes over (malloc'd; wipe before freeing) and empty w, or
 * return the sticky error (w then wiped). */
im_rc im_wbuf_take(im_wbuf *w, unsigned char **data, size_t *len);

void im_put_u32le(unsigned char *p, uint32_t v);
void im_put_u64le(unsigned char *p, uint64_t v);
uint32_t im_get_u32le(const unsigned char *p);
uint64_t im_get_u64le(const unsigned char *p);

/* Walk the fields of data[0..len).  im_field_next returns 1 with the next
 * field in tag, val and n, 0 at the clean end, -1 if the bytes are malformed.
 * The sequential reads are sticky instead: a read past the end or of a bad
 * string sets err, returns 0 / NULL, and every later read does the same. */
typedef struct im_rbuf {
    const unsigned char *p;
    size_t len, pos;
    int err;
} im_rbuf;

/* Returns -1 if data is empty or its format byte is not format. */
int im_rbuf_init(im_rbuf *r, const void *data, size_t len,
                 unsigned char format);
/* Read data[0..len) from its first byte (no format byte). */
void im_rbuf_open(im_rbuf *r, const void *data, size_t len);

unsigned im_rbuf_u8(im_rbuf *r);
uint32_t im_rbuf_u32(im_rbuf *r);
int64_t im_rbuf_i64(im_rbuf *r);
/* A malloc'd NUL-terminated copy, NULL when absent or on error (then err);
 * *absent (may be NULL) tells which.  At most max bytes, UTF-8, no NUL. */
char *im_rbuf_text(im_rbuf *r, size_t max, int *absent);
/* A string of fewer than size bytes into buf (no NUL inside; else err). */
void im_rbuf_id(im_rbuf *r, char *buf, size_t size);
int im_field_next(im_rbuf *r, uint8_t *tag, const unsigned char **val,
                  size_t *n);
/* Decode an integer field's value; -1 if it is not 8 bytes. */
int im_field_int(const unsigned char *val, size_t n, int64_t *out);

/* A record of text fields (format byte format), each into its slot: the
 * field tagged t (1..n_slots) goes to slots[t - 1] through copy, which puts
 * val[0..n) there NUL-ended or returns -1 when it may not be there; other
 * tags (a later version's) are skipped.  0, or -1 when the record does not
 * parse or a copy refused (the slots may then hold part of it: the caller
 * wipes them). */
typedef int (*im_field_copy_fn)(char *slot, const unsigned char *val, size_t n);
int im_fields_to_slots(const void *data, size_t len, unsigned char format,
                       char *const *slots, size_t n_slots,
                       im_field_copy_fn copy);

#endif
