/* wipe.c -- see innermost/wipe.h. */
#include "innermost/wipe.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void im_mem_wipe(void *p, size_t n)
{
    if (p && n)
        sodium_memzero(p, n);
}

void im_mem_wipe_free(void *p, size_t n)
{
    if (!p)
        return;
    im_mem_wipe(p, n);
    free(p);
}

void im_str_wipe_free(char *s)
{
    if (s)
        im_mem_wipe_free(s, strlen(s));
}
