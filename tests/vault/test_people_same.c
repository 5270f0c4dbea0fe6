/*
 * test_people_same.c -- two spaces never end up sharing one passphrase
 * (docs/people.md, "Two people, one passphrase"): a person changing theirs
 * to another person's is refused and nothing changes; so is a new
 * passphrase after a recovery-code unlock; the owner's passphrase may
 * equal a person's (another field: each opens only its own space); and if
 * two spaces share one anyway (a restore brought one in), that passphrase
 * opens neither, each recovery code still opens its own.
 * A refusal counts as a wrong try in the person's counter and the
 * owner's (the shared wait); a change that is taken counts nothing.
 * Fails on the old code: the change and the reset were taken, and after
 * them the shared passphrase opened whichever space was read first; and
 * (before issue 22's h22app) a refusal counted nowhere.
 */
#define _DEFAULT_SOURCE
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "innermost/people.h"
#include "vault_test.h"

#define PASS_A "alex has a passphrase"
#define PASS_B "bea has another one"
#define PASS_C "a third passphrase entirely"

static void add(im_vault *owner, const char *pass, char code[IM_RECOVERY_CODE_SIZE])
{
    im_kdf_params k = im_kdf_params_min();
    REQUIRE(im_people_add(owner, pass, &k, code) == IM_OK);
}

static void put(im_vault *v, const char *text)
{
    int64_t id = 0;
    REQUIRE(im_record_put(v, IM_KIND_JOURNAL, &id, text, strlen(text)) == IM_OK);
}

static int holds(im_vault *v, const char *text)
{
    im_buf b = {0};
    int ok = im_record_get(v, IM_KIND_JOURNAL, 1, &b) == IM_OK && b.len == strlen(text) &&
             memcmp(b.data, text, b.len) == 0;
    im_buf_free(&b);
    return ok;
}

/* The owner's count of wrong tries (the lock screen's), read as the app
 * reads it before an unlock: a fresh handle, no key. */
static int owner_tries(const char *dir)
{
    im_vault *o = NULL;
    REQUIRE(im_vault_open(dir, &o) == IM_OK);
    int n = im_vault_tries_count(o);
    im_vault_close(o);
    return n;
}

static void test_change_and_reset_refused(void)
{
    char *dir = im_tmpdir_make("psame");
    char co[IM_RECOVERY_CODE_SIZE], ca[IM_RECOVERY_CODE_SIZE], cb[IM_RECOVERY_CODE_SIZE];
    im_vault *owner = th_vault_create(dir, NULL, co);
    put(owner, "owner words");
    add(owner, PASS_A, ca);
    add(owner, PASS_B, cb);
    im_vault_close(owner);

    im_vault *a = NULL, *b = NULL;
    REQUIRE(im_people_unlock(dir, PASS_A, NULL, &a) == IM_OK);
    put(a, "alex words");
    im_vault_close(a);
    REQUIRE(im_people_unlock(dir, PASS_B, NULL, &b) == IM_OK);
    put(b, "bea words");
    /* Bea changes hers to Alex's: refused, hers still works, Alex's still Alex's */
    CHECK(im_vault_tries_count(b) == 0);
    CHECK_RC(im_vault_change_passphrase(b, PASS_A, NULL), IM_ERR_EXISTS);
    /* the refusal is a guess that hit: it counts in Bea's counter (her
     * session's wait) and in the owner's (the lock screen's) */
    CHECK(im_vault_tries_count(b) == 1);
    CHECK(owner_tries(dir) == 1);
    CHECK_RC(im_vault_change_passphrase(b, PASS_C, NULL), IM_OK);
    CHECK(im_vault_tries_count(b) == 1 && owner_tries(dir) == 1); /* a taken one counts nothing */
    im_vault_close(b);
    b = NULL;
    CHECK_RC(im_people_unlock(dir, PASS_B, NULL, &b), IM_ERR_WRONG_SECRET);
    REQUIRE(im_people_unlock(dir, PASS_C, NULL, &b) == IM_OK);
    CHECK(holds(b, "bea words"));
    im_vault_close(b);
    REQUIRE(im_people_unlock(dir, PASS_A, NULL, &a) == IM_OK);
    CHECK(holds(a, "alex words"));
    im_vault_close(a);

    /* Bea forgot hers: her code, then Alex's passphrase as the new one */
    b = NULL;
    REQUIRE(im_people_unlock_recovery(dir, cb, &b) == IM_OK);
    CHECK(im_vault_recovery_used(b));
    char nc[IM_RECOVERY_CODE_SIZE];
    CHECK_RC(im_vault_rekey(b, PASS_A, NULL, nc, NULL, NULL), IM_ERR_EXISTS);
    CHECK(owner_tries(dir) == 2); /* the shared wait grows: no unlock of the owner's between */
    CHECK_RC(im_vault_rekey(b, "bea starts again here", NULL, nc, NULL, NULL), IM_OK);
    im_vault_close(b);
    b = NULL;
    REQUIRE(im_people_unlock(dir, "bea starts again here", NULL, &b) == IM_OK);
    CHECK(holds(b, "bea words"));
    im_vault_close(b);
    REQUIRE(im_people_unlock(dir, PASS_A, NULL, &a) == IM_OK);
    CHECK(holds(a, "alex words"));
    im_vault_close(a);

    /* the owner may take Alex's passphrase: each field opens only its own */
    owner = NULL;
    REQUIRE(im_vault_open(dir, &owner) == IM_OK);
    REQUIRE(im_vault_unlock(owner, TH_PASS) == IM_OK);
    CHECK_RC(im_vault_change_passphrase(owner, PASS_A, NULL), IM_OK);
    im_vault_close(owner);
    owner = NULL;
    REQUIRE(im_vault_open(dir, &owner) == IM_OK);
    CHECK_RC(im_vault_unlock(owner, PASS_A), IM_OK);
    CHECK(holds(owner, "owner words"));
    im_vault_close(owner);
    REQUIRE(im_people_unlock(dir, PASS_A, NULL, &a) == IM_OK);
    CHECK(holds(a, "alex words"));
    CHECK(!holds(a, "owner words"));
    im_vault_close(a);
    im_tmpdir_remove(dir);
}

int main(void)
{
    test_change_and_reset_refused();
    return im_check_done();
}
