/* vault_fixture.c -- see vault_fixture.h. */
#include "vault_fixture.h"

#include <errno.h>
#include <sys/stat.h>

#include "check.h"

im_vault *th_vault_create(const char *dir, const char *pass, char code[IM_RECOVERY_CODE_SIZE])
{
    REQUIRE(mkdir(dir, 0700) == 0 || errno == EEXIST);
    im_kdf_params kdf = im_kdf_params_min();
    char own[IM_RECOVERY_CODE_SIZE];
    im_vault *v = NULL;
    im_rc rc = im_vault_create(dir, pass ? pass : TH_PASS, &kdf, code ? code : own, &v);
    if (rc != IM_OK)
        fprintf(stderr, "th_vault_create(%s): %s\n", dir, im_rc_message(rc));
    REQUIRE(rc == IM_OK && v != NULL);
    return v;
}

void th_vault_make(const char *dir) { im_vault_close(th_vault_create(dir, NULL, NULL)); }

im_vault *th_vault_reopen(im_vault *v, const char *dir)
{
    im_vault_close(v);
    im_vault *w = NULL;
    REQUIRE(im_vault_open(dir, &w) == IM_OK);
    REQUIRE(im_vault_unlock(w, TH_PASS) == IM_OK);
    return w;
}
