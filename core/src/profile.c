/*
 * profile.c -- see profile.h.
 *
 * Current record (record_codec.h): format byte PROFILE_FORMAT, then
 *   tag 1 name, tag 2 partner (UTF-8; absent when "").
 * First build's record: byte PROFILE_V1, name, NUL, partner, NUL.
 */
#include "innermost/profile.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "record_codec.h"
#include "utf8.h"

#define PROFILE_V1     1
#define PROFILE_FORMAT 2

enum { TAG_NAME = 1, TAG_PARTNER = 2 };

void im_profile_wipe(im_profile *p)
{
    if (p)
        sodium_memzero(p, sizeof *p);
}

/* Copy s[0..n) into dst (IM_PROFILE_NAME_MAX + 1 bytes), cut at the last
 * character boundary that fits.  -1 if s is not UTF-8. */
static int name_copy(char *dst, const unsigned char *s, size_t n)
{
    if (!im_utf8_ok((const char *)s, n))
        return -1;
    size_t keep = im_utf8_clip((const char *)s, n, IM_PROFILE_NAME_MAX);
    memcpy(dst, s, keep);
    dst[keep] = '\0';
    return 0;
}

/* The first build's record: two NUL-ended names after the version. */
static int decode_v1(const unsigned char *d, size_t len, im_profile *out)
{
    if (len < 3 || d[len - 1] != 0)
        return -1;
    const char *name = (const char *)d + 1;
    size_t nl = strlen(name);
    if (1 + nl + 1 >= len)
        return -1;
    const char *partner = name + nl + 1;
    return name_copy(out->name, (const unsigned char *)name, nl) == 0 &&
                   name_copy(out->partner, (const unsigned char *)partner,
                             strlen(partner)) == 0
               ? 0
               : -1;
}

static int decode(const unsigned char *d, size_t len, im_profile *out)
{
    if (len >= 1 && d[0] == PROFILE_V1)
        return decode_v1(d, len, out);
    char *const slots[] = {[TAG_NAME - 1] = out->name,
                           [TAG_PARTNER - 1] = out->partner};
    return im_fields_to_slots(d, len, PROFILE_FORMAT, slots, 2, name_copy);
}

im_rc im_profile_load(im_vault *v, im_profile *out, int64_t *id)
{
    memset(out, 0, sizeof *out);
    *id = 0;
    int64_t *ids = NULL;
    size_t n = 0;
    im_rc rc = im_record_list(v, IM_KIND_PROFILE, &ids, &n);
    if (rc != IM_OK || n == 0) {
        free(ids);
        return rc;
    }
    im_buf b = {0};
    rc = im_record_get(v, IM_KIND_PROFILE, ids[0], &b);
    if (rc == IM_OK || rc == IM_ERR_DAMAGED)
        *id = ids[0];
    free(ids);
    if (rc == IM_OK && decode(b.data, b.len, out) != 0)
        rc = IM_ERR_DAMAGED;
    if (rc != IM_OK)
        im_profile_wipe(out);
    im_buf_free(&b);
    return rc;
}

im_rc im_profile_save(im_vault *v, const char *name, const char *partner,
                      int64_t *id, im_profile *out)
{
    im_profile p;
    memset(&p, 0, sizeof p);
    name = name ? name : "";
    partner = partner ? partner : "";
    if (name_copy(p.name, (const unsigned char *)name, strlen(name)) != 0 ||
        name_copy(p.partner, (const unsigned char *)partner, strlen(partner)) !=
            0) {
        im_profile_wipe(&p);
        return IM_ERR_INVALID;
    }
    im_wbuf w;
    im_wbuf_init(&w, PROFILE_FORMAT);
    im_wbuf_str(&w, TAG_NAME, p.name);
    im_wbuf_str(&w, TAG_PARTNER, p.partner);
    im_rc rc = im_wbuf_rc(&w);
    int64_t at = *id;
    if (rc == IM_OK)
        rc = im_record_put(v, IM_KIND_PROFILE, &at, w.data, w.len);
    im_wbuf_wipe(&w);
    if (rc == IM_OK) {
        *id = at;
        if (out)
            *out = p;
    }
    im_profile_wipe(&p);
    return rc;
}
