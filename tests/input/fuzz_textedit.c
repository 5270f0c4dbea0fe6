/*
 * fuzz_textedit.c -- libFuzzer: the input is a program of edit operations
 * with raw (possibly invalid) byte strings; after every operation the text
 * buffer's invariants (textedit.h) must hold.  Any violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/textedit.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static void must(int cond)
{
    if (!cond)
        abort();
}

static int on_boundary(const im_textedit *te, size_t pos)
{
    size_t p = 0;
    while (p < pos)
        p = im_textedit_next_char(te, p);
    return p == pos;
}

static void check(const im_textedit *te, size_t max)
{
    const char *t = im_textedit_text(te);
    size_t len = im_textedit_length(te);
    must(strlen(t) == len);
    must(im_utf8_valid(t, len));
    must(im_utf8_count(t, len) == im_textedit_chars(te));
    must(!max || im_textedit_chars(te) <= max);
    must(im_textedit_caret(te) <= len && im_textedit_anchor(te) <= len);
    must(on_boundary(te, im_textedit_caret(te)));
    must(on_boundary(te, im_textedit_anchor(te)));
    const char *p = im_textedit_preedit(te);
    must(im_utf8_valid(p, strlen(p)));
    for (size_t i = 0; i < len; i++)
        must((unsigned char)t[i] >= 0x20 || t[i] == '\n' || t[i] == '\t');
    char shown[32];
    size_t need = im_textedit_display(te, shown, sizeof shown);
    must(need == len + strlen(p));
    must(im_utf8_valid(shown, strlen(shown)));
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    if (n < 2)
        return 0;
    im_textedit te;
    size_t max = d[0] % 4 == 0 ? (size_t)(d[1] % 40) : 0;
    im_textedit_init(&te, d[0] & 1, max);
    size_t i = 2;
    while (i < n) {
        uint8_t op = d[i++];
        uint8_t arg = i < n ? d[i] : 0;
        size_t slen = (size_t)(op >> 4); /* string ops: up to 15 */
        if (slen > n - i)
            slen = n - i;
        switch (op & 15) {
        case 0:
            im_textedit_insert(&te, (const char *)d + i, slen);
            i += slen;
            break;
        case 1:
            im_textedit_preedit_set(&te, (const char *)d + i, slen, arg % 5);
            i += slen;
            break;
        case 2: im_textedit_delete_back(&te); break;
        case 3: im_textedit_delete_forward(&te); break;
        case 4: im_textedit_delete_word_back(&te); break;
        case 5: im_textedit_delete_word_forward(&te); break;
        case 6:
            im_textedit_move(&te, (im_text_move)(1 + arg % 6), arg >> 7);
            i++;
            break;
        case 7:
            im_textedit_set_caret(&te, arg, op >> 7);
            i++;
            break;
        case 8:
            im_textedit_select(&te, arg, op);
            i++;
            break;
        case 9: im_textedit_preedit_commit(&te); break;
        case 10: im_textedit_preedit_cancel(&te); break;
        case 11:
            im_textedit_select_word(&te, arg);
            i++;
            break;
        case 12: im_textedit_select_all(&te); break;
        case 13:
            im_textedit_set_text(&te, (const char *)d + i, slen);
            i += slen;
            break;
        case 14: {
            size_t clen;
            char *c = im_textedit_copy_selection(&te, &clen);
            must(!c || (strlen(c) == clen && im_utf8_valid(c, clen)));
            im_mem_wipe_free(c, clen);
            break;
        }
        default: im_textedit_delete_selection(&te); break;
        }
        check(&te, max);
    }
    im_textedit_free(&te);
    return 0;
}
