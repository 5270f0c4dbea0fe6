/* jtest.c -- see jtest.h. */
#define _POSIX_C_SOURCE 200809L
#include "jtest.h"

#include <stdlib.h>
#include <time.h> /* tzset */

void jt_open(jt_env *e, const char *tag)
{
    setenv("TZ", "UTC", 1);
    tzset();
    e->dir = im_tmpdir_make(tag);
    REQUIRE(e->dir != NULL);
    e->now = JT_T0;
    e->clock = im_clock_fixed(&e->now);
    e->v = th_vault_create(e->dir, NULL, NULL);
    im_vault_set_clock(e->v, &e->clock);
}

void jt_reopen(jt_env *e)
{
    im_vault_close(e->v);
    e->v = NULL;
    REQUIRE(im_vault_open(e->dir, &e->v) == IM_OK);
    im_vault_set_clock(e->v, &e->clock); /* before the unlock: it is dated */
    REQUIRE(im_vault_unlock(e->v, TH_PASS) == IM_OK);
}

void jt_close(jt_env *e)
{
    im_vault_close(e->v);
    e->v = NULL;
    im_tmpdir_remove(e->dir);
    e->dir = NULL;
}

uint64_t jt_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}
