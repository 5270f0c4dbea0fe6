/* markdown.c -- the export's Markdown writers; see markdown.h. */
#include "markdown.h"

#include <string.h>

void im_md_put(im_wbuf *w, const char *s)
{
    im_wbuf_raw(w, s, strlen(s));
}

void im_md_put_one_line(im_wbuf *w, const char *s)
{
    for (const char *p = s; *p; p++) {
        char c = (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p;
        im_wbuf_raw(w, &c, 1);
    }
}

void im_md_put_lines(im_wbuf *w, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == '\n')
            im_md_put(w, "  ");
        im_wbuf_raw(w, p, 1);
    }
}
