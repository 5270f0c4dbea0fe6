/*
 * journal_entry.h -- the plaintext layout of journal, draft and trash
 * records, and the checks every piece of entry text passes before storage.
 *
 * All three kinds share one layout (record_codec fields) so an entry moves
 * between them without conversion:
 *   created, edited, tz offset, mood, title, body, link item, link ref,
 *   prompt, uid (16 random bytes naming the entry for life, kept through
 *   trash and restore), and for drafts the target uid (all zero for a new
 *   entry), for trash the deletion time.
 * Ids of records may change when a backup is restored; uids do not, which is
 * why drafts point at their entry by uid.
 */
#ifndef INNERMOST_JOURNAL_ENTRY_H
#define INNERMOST_JOURNAL_ENTRY_H

#include "innermost/journal.h"
#include "innermost/wipe.h" /* im_str_wipe_free */
#include "record_codec.h"

#define IM_ENTRY_UID_BYTES 16

typedef struct im_entry_rec {
    im_entry e;
    unsigned char uid[IM_ENTRY_UID_BYTES];
    unsigned char target[IM_ENTRY_UID_BYTES]; /* drafts only */
    int64_t deleted_ms;                       /* trash only  */
} im_entry_rec;

/* An entry as pointers into its decoded record (no copies): what the
 * index needs when a journal loads thousands of entries at once. */
typedef struct im_entry_view {
    int64_t created_ms, edited_ms;
    int32_t tz_offset_min, day;
    int mood;
    int has_link;
    const char *title; /* NULL if none; not NUL-terminated */
    size_t title_len;
    const char *body;
    size_t body_len;
    unsigned char uid[IM_ENTRY_UID_BYTES];
} im_entry_view;

/* Decode the fields the index needs, pointing into data.  The text is
 * not UTF-8 checked again (the record authenticated, and it was checked
 * when written); IM_ERR_DAMAGED if the layout is malformed. */
im_rc im_entry_view_decode(const unsigned char *data, size_t len,
                           im_entry_view *v);

/* The view of a decoded record. */
void im_entry_view_of(const im_entry_rec *rec, im_entry_view *v);

/* IM_ERR_INVALID for bad UTF-8 or a mood out of range, IM_ERR_TOO_LARGE for
 * text over a limit, else IM_OK.  f->body NULL counts as "". */
im_rc im_entry_fields_check(const im_entry_fields *f);

/* Copy fields into rec's strings (NULL for absent).  rec's times and ids
 * are left alone.  IM_ERR_NOMEM on failure (rec then holds what it held). */
im_rc im_entry_rec_set_fields(im_entry_rec *rec, const im_entry_fields *f);

/* A view of rec's strings as fields (no copies). */
im_entry_fields im_entry_rec_fields(const im_entry_rec *rec);

/* Encode rec; the caller wipes w with im_wbuf_wipe. */
im_rc im_entry_rec_encode(const im_entry_rec *rec, im_wbuf *w);

/* Decode data into rec (zeroed first).  IM_ERR_DAMAGED if malformed. */
im_rc im_entry_rec_decode(const unsigned char *data, size_t len,
                          im_entry_rec *rec);

/* Wipe and free rec's strings; rec is zeroed. */
void im_entry_rec_clear(im_entry_rec *rec);

/* Move rec's entry into out (out owns the strings afterwards). */
void im_entry_rec_take(im_entry_rec *rec, im_entry *out);

/* A copy of s[0..n) with a NUL; NULL on allocation failure. */
char *im_str_dup_n(const char *s, size_t n);

#endif
