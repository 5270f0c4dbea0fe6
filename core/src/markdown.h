/*
 * markdown.h -- writing the readable export's Markdown into a wbuf
 * (record_codec.h: it wipes what it leaves behind when it grows).  The
 * journal's, progress's and a run's sections (export.c, engine_export.c)
 * write with these, so a title or a person's words read the same in each.
 */
#ifndef IM_MARKDOWN_H
#define IM_MARKDOWN_H

#include "record_codec.h"

/* s as it is. */
void im_md_put(im_wbuf *w, const char *s);
/* s on one line (a heading, a list item): line breaks and tabs become
 * spaces. */
void im_md_put_one_line(im_wbuf *w, const char *s);
/* A person's words as written, each line break a Markdown hard break
 * (two spaces before it) so a reader shows the lines as typed. */
void im_md_put_lines(im_wbuf *w, const char *s);
/* A length of time in words, to the nearest second: "40 seconds",
 * "2 minutes", "1 minute 5 seconds". */
void im_md_put_duration(im_wbuf *w, int64_t ms);
/* s into buf (cap bytes, NUL-terminated), cut at a character boundary
 * when it does not fit. */
void im_md_copy_cut(char *buf, size_t cap, const char *s, size_t len);

#endif
