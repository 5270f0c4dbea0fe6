/*
 * couple_test.c -- helpers the couple space's tests share (couple_test.h).
 */
#include "couple_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "innermost/content.h"
#include "innermost/couple_space.h"
#include "vault_test.h"

void ct_copy_tree(const char *from, const char *to)
{
    char cmd[17000];
    int n = snprintf(cmd, sizeof cmd,
                     "rm -rf '%s' && cp -a '%s' '%s' && rm -f '%s'/innermost.lock "
                     "'%s'/*/innermost.lock '%s'/*/*/innermost.lock",
                     to, from, to, to, to, to);
    REQUIRE(n > 0 && (size_t)n < sizeof cmd);
    REQUIRE(system(cmd) == 0);
}

const char *ct_space_db(const char *dir, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%s/innermost.db", dir, IM_COUPLE_SPACE_DIR);
    return buf;
}

void ct_put(im_vault *v, const char *text)
{
    int64_t id = 0;
    REQUIRE(im_record_put(v, IM_KIND_COUPLE, &id, text, strlen(text)) == IM_OK);
}

void ct_child_leave_with(const char *dir)
{
    im_vault *o = NULL, *s = NULL;
    im_library *lib = im_library_new();
    if (!lib || im_vault_open(dir, &o) != IM_OK || im_vault_unlock(o, TH_PASS) != IM_OK ||
        im_couple_space_open(dir, o, &s) != IM_OK)
        _exit(2);
    _exit(im_couple_space_leave_with(&s, o, lib, TH_PASS, NULL) == IM_OK ? 0 : 3);
}
