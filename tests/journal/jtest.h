/*
 * jtest.h -- helpers shared by the journal, progress, backup and export
 * tests: the fixture's vault (vault_fixture.h: minimum KDF, TH_PASS) in a
 * temporary directory with a settable clock.
 */
#ifndef IM_JTEST_H
#define IM_JTEST_H

#include <stdint.h>

#include "check.h"
#include "innermost/journal.h"
#include "innermost/vault.h"
#include "vault_fixture.h"

#define JT_DAY_MS (24LL * 60 * 60 * 1000)
#define JT_T0 1767225600000LL /* 2026-01-01T00:00:00Z */

typedef struct jt_env {
    char *dir;
    im_vault *v;
    int64_t now; /* the vault's clock reads this */
    im_clock clock;
} jt_env;

/* A new vault in a fresh temporary directory, unlocked, clock at JT_T0, TZ
 * set to UTC.  REQUIREs success. */
void jt_open(jt_env *e, const char *tag);

/* Close the vault and reopen + unlock it (a restart). */
void jt_reopen(jt_env *e);

/* Close the vault and delete the directory. */
void jt_close(jt_env *e);

/* A small deterministic generator (xorshift) for test data. */
uint64_t jt_rand(uint64_t *state);

#endif
