/*
 * partner_fixture.h -- the set-up the partner-secret tests share
 * (tests/engine/test_partner_secret.c, test_partner_person.c): a fixed
 * clock, a seeded generator, the fixture library and one fast vault in a
 * fresh folder; resuming a session; a "hopes" session played on a couple
 * space (the couple tests: tests/engine/test_couple_leave.c,
 * test_couple_tg_leave.c); and reading the plaintext of stored records,
 * through an open vault or as the attacker with the file and the owner's
 * passphrase (TH_PASS), through the public record API.
 */
#ifndef IM_TEST_PARTNER_FIXTURE_H
#define IM_TEST_PARTNER_FIXTURE_H

#include <stdint.h>

#include "innermost/engine.h"
#include "innermost/vault.h"

typedef struct pf_env {
    im_library *lib;
    int64_t now;
    im_clock clk;
    uint64_t seed;
    im_rng rng;
    char *dir;
} pf_env;

/* e's clock (fixed at 1700000000000 ms) and generator (seeded with seed),
 * the fixture library, a fresh folder named after tag and, in it, a vault
 * with TH_PASS returned unlocked.  REQUIREs success. */
im_vault *pf_setup(pf_env *e, const char *tag, uint64_t seed);

/* Session id of v resumed with e's library, clock and generator
 * (REQUIREd). */
im_couple *pf_resume(pf_env *e, im_vault *v, int64_t id);

/* Partner p's text answer at step, or NULL. */
const char *pf_text_of(im_couple *c, int p, size_t step);

/* How often needle occurs in the plaintext of every record of each kind
 * in kinds[0..n_kinds), read with TH_PASS from a fresh open of the vault
 * in dir (the attacker has the file); *records (may be NULL) counts the
 * records read. */
long pf_owner_reads(const char *dir, const char *needle, const uint32_t *kinds, size_t n_kinds,
                    long *records);

/* A "hopes" session started on space with e's clock and generator:
 * place 0 answers first, hands off, place 1 answers second; when reveal,
 * revealed and kept by place p when bit p of keep is set.  Its id. */
int64_t pf_hopes_session(pf_env *e, im_vault *space, const char *first, const char *second, int reveal,
                         unsigned keep);

/* How often needle occurs in the plaintext of every stored record of v
 * (open and unlocked), of every kind. */
long pf_reads(im_vault *v, const char *needle);

#endif
