/* journal_entry.c -- see journal_entry.h. */
#include "journal_entry.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "utf8_text.h"

#define ENTRY_FORMAT 1

enum {
    T_CREATED = 1,
    T_EDITED,
    T_TZ,
    T_MOOD,
    T_TITLE,
    T_BODY,
    T_LINK_ITEM,
    T_LINK_REF,
    T_PROMPT,
    T_UID,
    T_TARGET,
    T_DELETED
};

static const char *const mood_words[] = {"",     "Very low", "Low",
                                         "Okay", "Good",     "Very good"};

const char *im_mood_word(int mood)
{
    if (mood < IM_MOOD_VERY_LOW || mood > IM_MOOD_VERY_GOOD)
        return "";
    return mood_words[mood];
}

static im_rc text_check(const char *s, size_t max)
{
    if (!s)
        return IM_OK;
    size_t n = strlen(s);
    if (n > max)
        return IM_ERR_TOO_LARGE;
    return im_utf8_is_valid(s, n) ? IM_OK : IM_ERR_INVALID;
}

im_rc im_entry_fields_check(const im_entry_fields *f)
{
    if (!f || f->mood < IM_MOOD_NONE || f->mood > IM_MOOD_VERY_GOOD)
        return IM_ERR_INVALID;
    const struct {
        const char *s;
        size_t max;
    } texts[] = {
        {f->body, IM_JOURNAL_BODY_MAX_BYTES},
        {f->title, IM_JOURNAL_TITLE_MAX_BYTES},
        {f->prompt, IM_JOURNAL_PROMPT_MAX_BYTES},
        {f->link_item, IM_JOURNAL_REF_MAX_BYTES},
        {f->link_ref, IM_JOURNAL_REF_MAX_BYTES},
    };
    /* Invalid text anywhere wins over "too large" so the message is the
     * one that tells the person what to fix first. */
    im_rc worst = IM_OK;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        im_rc rc = text_check(texts[i].s, texts[i].max);
        if (rc == IM_ERR_INVALID)
            return rc;
        if (rc != IM_OK)
            worst = rc;
    }
    return worst;
}

char *im_str_dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* A copy of an optional string: NULL and "" both become NULL.  Returns -1
 * only when allocation fails. */
static int dup_opt(const char *s, char **out)
{
    *out = NULL;
    if (!s || !*s)
        return 0;
    *out = im_str_dup_n(s, strlen(s));
    return *out ? 0 : -1;
}

im_rc im_entry_rec_set_fields(im_entry_rec *rec, const im_entry_fields *f)
{
    char *s[5];
    const char *src[5] = {f->title, f->body ? f->body : "", f->link_item,
                          f->link_ref, f->prompt};
    int failed = 0;
    for (int i = 0; i < 5; i++)
        failed |= dup_opt(src[i], &s[i]);
    if (!failed && !s[1])
        failed = !(s[1] = im_str_dup_n("", 0));
    if (failed) {
        for (int i = 0; i < 5; i++)
            im_str_wipe_free(s[i]);
        return IM_ERR_NOMEM;
    }
    char **dst[5] = {&rec->e.title, &rec->e.body, &rec->e.link_item,
                     &rec->e.link_ref, &rec->e.prompt};
    for (int i = 0; i < 5; i++) {
        im_str_wipe_free(*dst[i]);
        *dst[i] = s[i];
    }
    rec->e.mood = f->mood;
    return IM_OK;
}

im_entry_fields im_entry_rec_fields(const im_entry_rec *rec)
{
    im_entry_fields f = {rec->e.title,     rec->e.body,     rec->e.mood,
                         rec->e.link_item, rec->e.link_ref, rec->e.prompt};
    return f;
}

static int all_zero(const unsigned char *p, size_t n)
{
    unsigned char acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

im_rc im_entry_rec_encode(const im_entry_rec *rec, im_wbuf *w)
{
    const im_entry *e = &rec->e;
    im_wbuf_init(w, ENTRY_FORMAT);
    /* All of it at once, not by doublings (each copies and wipes). */
    im_wbuf_reserve(w, 256 + (e->title ? strlen(e->title) : 0) +
                           (e->body ? strlen(e->body) : 0));
    im_wbuf_int(w, T_CREATED, e->created_ms);
    im_wbuf_int(w, T_EDITED, e->edited_ms);
    im_wbuf_int(w, T_TZ, e->tz_offset_min);
    im_wbuf_int(w, T_MOOD, e->mood);
    im_wbuf_str(w, T_TITLE, e->title);
    im_wbuf_str(w, T_BODY, e->body);
    im_wbuf_str(w, T_LINK_ITEM, e->link_item);
    im_wbuf_str(w, T_LINK_REF, e->link_ref);
    im_wbuf_str(w, T_PROMPT, e->prompt);
    im_wbuf_bytes(w, T_UID, rec->uid, IM_ENTRY_UID_BYTES);
    if (!all_zero(rec->target, IM_ENTRY_UID_BYTES))
        im_wbuf_bytes(w, T_TARGET, rec->target, IM_ENTRY_UID_BYTES);
    if (rec->deleted_ms)
        im_wbuf_int(w, T_DELETED, rec->deleted_ms);
    return im_wbuf_rc(w);
}

/* Decode one text field: valid UTF-8 or the record is damaged. */
static int take_text(const unsigned char *val, size_t n, size_t max, char **out)
{
    if (n > max || !im_utf8_is_valid((const char *)val, n))
        return -1;
    im_str_wipe_free(*out);
    *out = im_str_dup_n((const char *)val, n);
    return *out ? 0 : -1;
}

static int decode_field(im_entry_rec *rec, uint8_t tag,
                        const unsigned char *val, size_t n)
{
    im_entry *e = &rec->e;
    int64_t x = 0;
    switch (tag) {
    case T_CREATED: return im_field_int(val, n, &e->created_ms);
    case T_EDITED: return im_field_int(val, n, &e->edited_ms);
    case T_DELETED: return im_field_int(val, n, &rec->deleted_ms);
    case T_TZ:
        if (im_field_int(val, n, &x) || x < -1440 || x > 1440)
            return -1;
        e->tz_offset_min = (int32_t)x;
        return 0;
    case T_MOOD:
        if (im_field_int(val, n, &x) || x < IM_MOOD_NONE ||
            x > IM_MOOD_VERY_GOOD)
            return -1;
        e->mood = (int)x;
        return 0;
    case T_TITLE:
        return take_text(val, n, IM_JOURNAL_TITLE_MAX_BYTES, &e->title);
    case T_BODY: return take_text(val, n, IM_JOURNAL_BODY_MAX_BYTES, &e->body);
    case T_LINK_ITEM:
        return take_text(val, n, IM_JOURNAL_REF_MAX_BYTES, &e->link_item);
    case T_LINK_REF:
        return take_text(val, n, IM_JOURNAL_REF_MAX_BYTES, &e->link_ref);
    case T_PROMPT:
        return take_text(val, n, IM_JOURNAL_PROMPT_MAX_BYTES, &e->prompt);
    case T_UID:
    case T_TARGET:
        if (n != IM_ENTRY_UID_BYTES)
            return -1;
        memcpy(tag == T_UID ? rec->uid : rec->target, val, n);
        return 0;
    default: return 0; /* a field from a later version */
    }
}

im_rc im_entry_rec_decode(const unsigned char *data, size_t len,
                          im_entry_rec *rec)
{
    memset(rec, 0, sizeof *rec);
    im_rbuf r;
    uint8_t tag;
    const unsigned char *val;
    size_t n;
    int more;
    if (im_rbuf_init(&r, data, len, ENTRY_FORMAT) != 0)
        return IM_ERR_DAMAGED;
    while ((more = im_field_next(&r, &tag, &val, &n)) == 1) {
        if (decode_field(rec, tag, val, n) != 0) {
            more = -1;
            break;
        }
    }
    if (more == 0 && !rec->e.body && !(rec->e.body = im_str_dup_n("", 0)))
        more = -1;
    if (more != 0) {
        im_entry_rec_clear(rec);
        return IM_ERR_DAMAGED;
    }
    rec->e.day = im_day_from_ms(rec->e.created_ms, rec->e.tz_offset_min);
    return IM_OK;
}

void im_entry_rec_clear(im_entry_rec *rec)
{
    im_entry_free(&rec->e);
    sodium_memzero(rec, sizeof *rec);
}

void im_entry_rec_take(im_entry_rec *rec, im_entry *out)
{
    *out = rec->e;
    memset(&rec->e, 0, sizeof rec->e);
}

void im_entry_free(im_entry *e)
{
    if (!e)
        return;
    im_str_wipe_free(e->title);
    im_str_wipe_free(e->body);
    im_str_wipe_free(e->link_item);
    im_str_wipe_free(e->link_ref);
    im_str_wipe_free(e->prompt);
    memset(e, 0, sizeof *e);
}

im_rc im_entry_view_decode(const unsigned char *data, size_t len,
                           im_entry_view *v)
{
    im_rbuf r;
    uint8_t tag;
    const unsigned char *val;
    size_t n;
    int more;
    int64_t x;
    memset(v, 0, sizeof *v);
    v->body = "";
    if (im_rbuf_init(&r, data, len, ENTRY_FORMAT) != 0)
        return IM_ERR_DAMAGED;
    while ((more = im_field_next(&r, &tag, &val, &n)) == 1) {
        int bad = 0;
        switch (tag) {
        case T_CREATED: bad = im_field_int(val, n, &v->created_ms); break;
        case T_EDITED: bad = im_field_int(val, n, &v->edited_ms); break;
        case T_TZ:
            bad = im_field_int(val, n, &x) || x < -1440 || x > 1440;
            v->tz_offset_min = (int32_t)x;
            break;
        case T_MOOD:
            bad = im_field_int(val, n, &x) || x < IM_MOOD_NONE ||
                  x > IM_MOOD_VERY_GOOD;
            v->mood = (int)x;
            break;
        case T_TITLE:
            v->title = (const char *)val;
            v->title_len = n;
            break;
        case T_BODY:
            v->body = (const char *)val;
            v->body_len = n;
            break;
        case T_LINK_ITEM: v->has_link = 1; break;
        case T_UID:
            bad = n != IM_ENTRY_UID_BYTES;
            if (!bad)
                memcpy(v->uid, val, n);
            break;
        default: break;
        }
        if (bad)
            return IM_ERR_DAMAGED;
    }
    if (more != 0)
        return IM_ERR_DAMAGED;
    v->day = im_day_from_ms(v->created_ms, v->tz_offset_min);
    return IM_OK;
}

void im_entry_view_of(const im_entry_rec *rec, im_entry_view *v)
{
    const im_entry *e = &rec->e;
    memset(v, 0, sizeof *v);
    v->created_ms = e->created_ms;
    v->edited_ms = e->edited_ms;
    v->tz_offset_min = e->tz_offset_min;
    v->day = e->day;
    v->mood = e->mood;
    v->has_link = e->link_item != NULL;
    v->title = e->title;
    v->title_len = e->title ? strlen(e->title) : 0;
    v->body = e->body ? e->body : "";
    v->body_len = strlen(v->body);
    memcpy(v->uid, rec->uid, IM_ENTRY_UID_BYTES);
}
