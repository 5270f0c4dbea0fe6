/*
 * support.c -- the "My support" card (see support.h).
 *
 * Design.  The card is one IM_KIND_SETTING record whose plaintext starts
 * with SUPPORT_FORMAT, then one string field per entry (record_codec.h):
 * tag = field index + 1.  Other settings may share the kind; the format
 * byte tells ours apart, so finding the card decrypts each setting record
 * once (there are a handful at most).  A field that is empty is not
 * written, so an all-empty card is simply no record.
 *
 * Invariants (numbered as in support.h):
 *   1. im_support_save finds, replaces or deletes inside one
 *      im_vault_begin / im_vault_commit.
 *   4. Every im_wbuf is wiped (im_wbuf_wipe) and every decrypted record is
 *      wiped by the vault (im_record_foreach) before memory is released.
 */
#define _POSIX_C_SOURCE 200809L /* strnlen */
#include "innermost/support.h"

#include <sodium.h>
#include <string.h>

#include "record_codec.h"
#include "utf8_text.h"

#define SUPPORT_FORMAT 0x53 /* 'S' */

void im_support_wipe(im_support *s)
{
    if (s)
        sodium_memzero(s, sizeof *s);
}

int im_support_is_empty(const im_support *s)
{
    for (int f = 0; f < IM_SUPPORT_FIELDS; f++)
        if (s->field[f][0])
            return 0;
    return 1;
}

/* Valid UTF-8, NUL-terminated within the field, no control characters. */
static int field_ok(const char *s)
{
    size_t n = strnlen(s, IM_SUPPORT_FIELD_MAX);
    if (n >= IM_SUPPORT_FIELD_MAX || !im_utf8_is_valid(s, n))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
            return 0;
    return 1;
}

typedef struct find_ctx {
    int64_t id;      /* the card's record, 0 when none */
    int damaged;     /* a setting record failed to authenticate */
    im_support *out; /* decode into this when non-NULL */
    int bad;         /* our record did not decode */
} find_ctx;

/* One entry into its slot (IM_SUPPORT_FIELD_MAX bytes): whole, never cut;
 * -1 for one too long, with a NUL inside, or not field_ok. */
static int field_copy(char *dst, const unsigned char *val, size_t n)
{
    if (n >= IM_SUPPORT_FIELD_MAX)
        return -1;
    memcpy(dst, val, n);
    dst[n] = '\0';
    return strlen(dst) == n && field_ok(dst) ? 0 : -1;
}

static int decode(const unsigned char *data, size_t len, im_support *out)
{
    char *slots[IM_SUPPORT_FIELDS];
    for (size_t i = 0; i < IM_SUPPORT_FIELDS; i++)
        slots[i] = out->field[i];
    return im_fields_to_slots(data, len, SUPPORT_FORMAT, slots,
                              IM_SUPPORT_FIELDS, field_copy) == 0
               ? 0
               : -1;
}

static int find_one(void *p, int64_t id, im_rc rc, const unsigned char *data,
                    size_t len)
{
    find_ctx *f = p;
    if (rc != IM_OK || !data) {
        f->damaged = 1;
        return 0;
    }
    if (len == 0 || data[0] != SUPPORT_FORMAT)
        return 0; /* another setting */
    f->id = id;
    if (f->out && decode(data, len, f->out) != 0)
        f->bad = 1;
    return 1;
}

im_rc im_support_load(im_vault *v, im_support *out)
{
    im_support_wipe(out);
    find_ctx f = {0, 0, out, 0};
    im_rc rc = im_record_foreach(v, IM_KIND_SETTING, find_one, &f);
    if (rc == IM_OK && (f.bad || (!f.id && f.damaged)))
        rc = IM_ERR_DAMAGED;
    if (rc != IM_OK)
        im_support_wipe(out);
    return rc;
}

im_rc im_support_save(im_vault *v, const im_support *in)
{
    for (int i = 0; i < IM_SUPPORT_FIELDS; i++)
        if (!field_ok(in->field[i]))
            return IM_ERR_INVALID;
    im_rc rc = im_vault_begin(v);
    if (rc != IM_OK)
        return rc;
    find_ctx f = {0, 0, NULL, 0};
    rc = im_record_foreach(v, IM_KIND_SETTING, find_one, &f);
    if (rc == IM_OK && im_support_is_empty(in)) {
        if (f.id)
            rc = im_record_delete(v, IM_KIND_SETTING, f.id);
    } else if (rc == IM_OK) {
        im_wbuf w;
        im_wbuf_init(&w, SUPPORT_FORMAT);
        for (int i = 0; i < IM_SUPPORT_FIELDS; i++)
            im_wbuf_str(&w, (uint8_t)(i + 1), in->field[i]);
        rc = im_wbuf_rc(&w);
        int64_t id = f.id;
        if (rc == IM_OK)
            rc = im_record_put(v, IM_KIND_SETTING, &id, w.data, w.len);
        im_wbuf_wipe(&w);
    }
    if (rc != IM_OK) {
        im_vault_rollback(v);
        return rc;
    }
    return im_vault_commit(v);
}
