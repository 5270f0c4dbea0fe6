/*
 * vault_fixture.h -- the one fast vault the tests start from: the smallest
 * key derivation the policy allows (milliseconds, not seconds) and one
 * passphrase, TH_PASS, that every test and script types.
 */
#ifndef IM_TEST_VAULT_FIXTURE_H
#define IM_TEST_VAULT_FIXTURE_H

#include "innermost/vault.h"

#define TH_PASS "correct horse battery staple"

/* Creates a vault in dir (made if missing) protected by pass (NULL: TH_PASS)
 * and returns it unlocked; the recovery code goes to code unless it is
 * NULL.  REQUIREs success: a test cannot go on without its vault. */
im_vault *th_vault_create(const char *dir, const char *pass, char code[IM_RECOVERY_CODE_SIZE]);

/* A restart: v (TH_PASS's, in dir) closed, opened again and unlocked;
 * REQUIREs success.  Returns the new handle. */
im_vault *th_vault_reopen(im_vault *v, const char *dir);

/* A vault with TH_PASS created in dir and closed, as a first run leaves
 * it: the app started on dir opens on the unlock screen. */
void th_vault_make(const char *dir);

#endif
