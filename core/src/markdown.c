/* markdown.c -- the export's Markdown writers; see markdown.h. */
#include "markdown.h"

#include <stdio.h>
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

/* "n unit" or "n units". */
static void put_count(im_wbuf *w, long long n, const char *unit)
{
    char buf[48];
    snprintf(buf, sizeof buf, "%lld %s%s", n, unit, n == 1 ? "" : "s");
    im_md_put(w, buf);
}

void im_md_put_duration(im_wbuf *w, int64_t ms)
{
    long long seconds = (long long)((ms < 0 ? 0 : ms) + 500) / 1000;
    if (seconds < 60) {
        put_count(w, seconds, "second");
        return;
    }
    put_count(w, seconds / 60, "minute");
    if (seconds % 60) {
        im_md_put(w, " ");
        put_count(w, seconds % 60, "second");
    }
}

void im_md_copy_cut(char *buf, size_t cap, const char *s, size_t len)
{
    if (cap == 0)
        return;
    size_t n = len < cap ? len : cap - 1;
    /* back off continuation bytes so a character is never split */
    if (n < len)
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    memcpy(buf, s, n);
    buf[n] = 0;
}
