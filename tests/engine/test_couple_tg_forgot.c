/*
 * test_couple_tg_forgot -- Together's "X forgot their secret" when both
 * partners are members with a space of their own (docs/people.md,
 * "Forgetting a secret for Together"): whoever's space is open speaks only
 * for their own place.
 *
 *  - attack: in Alex's space (a person linked to the owner's couple space),
 *    Alex's passphrase -- or the owner's -- confirming "Samantha forgot
 *    their secret" (im_partner_forget_in, Together's forget) erases
 *    nothing: every stored record of the space is as it was (read before
 *    and after), Samantha's partner record and the seal on her unfinished
 *    sheet are there, and at the reveal's opening her PIN still opens her
 *    words; the same in the owner's space for Alex's place;
 *  - one's own place: Alex's passphrase (not the owner's) erases his
 *    secret and the sheet it sealed, and nothing of Samantha's;
 *  - which proof each place takes (im_couple_space_leave_proof), and a
 *    space with one member forgets as before.
 * The attack fails on main 86a48ad: im_partner_forget_in took the
 * passphrase of whichever vault opened the space for either place.
 */
#define _DEFAULT_SOURCE
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine_test.h"
#include "innermost/couple_space.h"
#include "innermost/people.h"
#include "partner_fixture.h"
#include "vault_fixture.h"

#define PASS_A "alex keeps a quiet notebook"
#define PIN_SAM "482913"
#define PIN_ALEX "736251"
#define SAM_UNFINISHED "CANARY-sam-unfinished"
#define ALEX_UNFINISHED "CANARY-alex-unfinished"

static pf_env env;
static im_kdf_params k_min;
static int64_t sid; /* the unfinished session, in the couple space */

/* A "hopes" session on space: Samantha (place 0) joins with her PIN and
 * answers, hands off; Alex (place 1) joins with his and answers; left
 * unfinished, both sheets sealed. */
static int64_t session(im_vault *space)
{
    const im_exercise *ex = im_library_find_exercise(env.lib, "hopes");
    REQUIRE(ex);
    im_couple *c = NULL;
    int64_t id = 0;
    REQUIRE(im_couple_start(ex, "Samantha", "Alex", &env.clk, &env.rng, &c) == IM_OK);
    CHECK_RC(im_couple_attach(c, space, &id), IM_OK);
    CHECK_RC(im_couple_partner_join(c, 0, IM_COUPLE_PLACE_OWNER, IM_PARTNER_SECRET_PIN, PIN_SAM), IM_OK);
    CHECK_RC(im_couple_answer_text(c, SAM_UNFINISHED), IM_OK);
    while (im_couple_phase_of(c) == IM_PHASE_ANSWERING)
        CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_partner_join(c, 1, IM_COUPLE_PLACE_PERSON, IM_PARTNER_SECRET_PIN, PIN_ALEX), IM_OK);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    CHECK_RC(im_couple_answer_text(c, ALEX_UNFINISHED), IM_OK);
    im_couple_free(c);
    return id;
}

typedef struct digest {
    crypto_generichash_state st;
    long records;
} digest;

static int digest_fn(void *ctx, int64_t id, im_rc rc, const unsigned char *d, size_t len)
{
    digest *g = ctx;
    int64_t head[3] = {id, (int64_t)rc, (int64_t)len};
    crypto_generichash_update(&g->st, (const unsigned char *)head, sizeof head);
    if (rc == IM_OK && d)
        crypto_generichash_update(&g->st, d, len);
    g->records++;
    return 0;
}

/* A digest of every stored record of v (any kind: ids and plaintext, as
 * the space's key reads them) into out; the number of records. */
static long records_of(im_vault *v, unsigned char out[crypto_generichash_BYTES])
{
    digest g;
    g.records = 0;
    crypto_generichash_init(&g.st, NULL, 0, crypto_generichash_BYTES);
    for (uint32_t k = 1; k <= IM_KIND_MAX_; k++) {
        crypto_generichash_update(&g.st, (const unsigned char *)&k, sizeof k);
        CHECK_RC(im_record_foreach(v, k, digest_fn, &g), IM_OK);
    }
    crypto_generichash_final(&g.st, out, crypto_generichash_BYTES);
    return g.records;
}

/* The owner's space with Alex linked, both with a PIN for Together and an
 * unfinished session sealed under each. */
static char *make(const char *tag)
{
    char *dir = im_tmpdir_make(tag);
    im_vault *owner = th_vault_create(dir, NULL, NULL), *space = NULL;
    char code[IM_RECOVERY_CODE_SIZE];
    REQUIRE(im_people_add(owner, PASS_A, &k_min, code) == IM_OK);
    REQUIRE(im_couple_space_create(dir, owner, &space) == IM_OK);
    REQUIRE(im_couple_space_join_person(space, dir, PASS_A, &k_min) == IM_OK);
    sid = session(space);
    im_vault_close(space);
    im_vault_close(owner);
    return dir;
}

static im_vault *alex_of(const char *dir)
{
    im_vault *alex = NULL;
    REQUIRE(im_people_unlock(dir, PASS_A, &k_min, &alex) == IM_OK);
    return alex;
}

/* Slot p's sheet of the session is still sealed for place person, under
 * a PIN. */
static int sealed_for(im_vault *space, int p, unsigned person)
{
    im_couple *c = pf_resume(&env, space, sid);
    int ok = im_couple_partner_person(c, p) == (int)person &&
             im_couple_partner_secret(c, p) == IM_PARTNER_SECRET_PIN;
    im_couple_free(c);
    return ok;
}

/* Every stored record of the space is as it was before the tries. */
static void tries_change_nothing(im_vault *space, im_vault *member, unsigned place,
                                 const char *const *secrets, size_t n)
{
    unsigned char before[crypto_generichash_BYTES], after[crypto_generichash_BYTES];
    long n0 = records_of(space, before);
    for (size_t i = 0; i < n; i++)
        CHECK_RC(im_partner_forget_in(space, member, env.lib, place, secrets[i]), IM_ERR_WRONG_SECRET);
    long n1 = records_of(space, after);
    CHECK(n0 == n1 && n0 > 0);
    CHECK(!memcmp(before, after, sizeof before));
    CHECK(im_partner_secret_of(space, place) == IM_PARTNER_SECRET_PIN);
    CHECK(sealed_for(space, (int)place, place)); /* place p answers in slot p here */
}

/* Alex's passphrase (and the owner's) do not forget the owner's secret in
 * Alex's space, nor Alex's in the owner's; the owner's words are still
 * opened by her PIN at the reveal's opening. */
static void test_attack(void)
{
    char *dir = make("tg-forgot-attack");
    static const char *const both[] = {PASS_A, TH_PASS};
    im_vault *alex = alex_of(dir), *space = NULL;
    REQUIRE(im_couple_space_open(dir, alex, &space) == IM_OK);
    tries_change_nothing(space, alex, IM_COUPLE_PLACE_OWNER, both, 2);
    im_vault_close(space);
    im_vault_close(alex);

    im_vault *owner = th_vault_reopen(NULL, dir);
    REQUIRE(im_couple_space_open(dir, owner, &space) == IM_OK);
    tries_change_nothing(space, owner, IM_COUPLE_PLACE_PERSON, both, 2);
    /* both sheets whole: Alex finishes his turn, each PIN opens its words */
    im_couple *c = pf_resume(&env, space, sid);
    CHECK_RC(im_couple_partner_open(c, 1, PIN_ALEX), IM_OK);
    const char *a = pf_text_of(c, 1, 0);
    CHECK(a && !strcmp(a, ALEX_UNFINISHED));
    im_couple_outcome out;
    while (im_couple_phase_of(c) == IM_PHASE_ANSWERING)
        CHECK_RC(im_couple_advance(c, &out), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_OPENING);
    CHECK_RC(im_couple_partner_open(c, 0, PIN_SAM), IM_OK);
    const char *s = pf_text_of(c, 0, 0);
    CHECK(s && !strcmp(s, SAM_UNFINISHED));
    im_couple_free(c);
    im_vault_close(space);
    im_vault_close(owner);
    im_tmpdir_remove(dir);
}

/* What proves each place's forget; Alex forgets his own secret with his
 * own passphrase only, and nothing of Samantha's goes. */
static void test_own_forget(void)
{
    char *dir = make("tg-forgot-own");
    im_couple_leave_proof pr = 9;
    im_vault *alex = alex_of(dir), *space = NULL;
    REQUIRE(im_couple_space_open(dir, alex, &space) == IM_OK);
    CHECK_RC(im_couple_space_leave_proof(space, alex, IM_COUPLE_PLACE_PERSON, &pr), IM_OK);
    CHECK(pr == IM_COUPLE_LEAVE_OWN_PASSPHRASE);
    CHECK_RC(im_couple_space_leave_proof(space, alex, IM_COUPLE_PLACE_OWNER, &pr), IM_OK);
    CHECK(pr == IM_COUPLE_LEAVE_OWN_SPACE);
    /* the owner's passphrase, or his own PIN, is not his passphrase */
    static const char *const wrong[] = {TH_PASS, PIN_ALEX};
    tries_change_nothing(space, alex, IM_COUPLE_PLACE_PERSON, wrong, 2);
    CHECK_RC(im_partner_forget_in(space, alex, env.lib, IM_COUPLE_PLACE_PERSON, PASS_A), IM_OK);
    CHECK(im_partner_secret_of(space, IM_COUPLE_PLACE_PERSON) == IM_PARTNER_SECRET_NONE);
    CHECK(im_partner_secret_of(space, IM_COUPLE_PLACE_OWNER) == IM_PARTNER_SECRET_PIN);
    im_couple *c = pf_resume(&env, space, sid);
    CHECK(im_couple_partner_secret(c, 1) == IM_PARTNER_SECRET_NONE);
    CHECK(pf_text_of(c, 1, 0) == NULL); /* his sealed words went with it */
    CHECK(im_couple_partner_person(c, 0) == IM_COUPLE_PLACE_OWNER);
    CHECK(im_couple_partner_secret(c, 0) == IM_PARTNER_SECRET_PIN);
    im_couple_free(c);
    size_t n = 0;
    CHECK_RC(im_couple_space_members(space, &n), IM_OK);
    CHECK(n == 2); /* a forget is not a leave */
    im_vault_close(space);
    im_vault_close(alex);

    /* the owner's own place in her space: her passphrase */
    im_vault *owner = th_vault_reopen(NULL, dir);
    REQUIRE(im_couple_space_open(dir, owner, &space) == IM_OK);
    CHECK_RC(im_couple_space_leave_proof(space, owner, IM_COUPLE_PLACE_OWNER, &pr), IM_OK);
    CHECK(pr == IM_COUPLE_LEAVE_OWN_PASSPHRASE);
    CHECK_RC(im_partner_forget_in(space, owner, env.lib, IM_COUPLE_PLACE_OWNER, PASS_A), IM_ERR_WRONG_SECRET);
    CHECK(im_partner_secret_of(space, IM_COUPLE_PLACE_OWNER) == IM_PARTNER_SECRET_PIN);
    CHECK_RC(im_partner_forget_in(space, owner, env.lib, IM_COUPLE_PLACE_OWNER, TH_PASS), IM_OK);
    CHECK(im_partner_secret_of(space, IM_COUPLE_PLACE_OWNER) == IM_PARTNER_SECRET_NONE);
    im_vault_close(space);
    im_vault_close(owner);
    im_tmpdir_remove(dir);
}

/* A space with one member (the partner has no profile here) forgets the
 * other place as before: the opener's passphrase. */
static void test_one_member(void)
{
    char *dir = im_tmpdir_make("tg-forgot-one");
    im_vault *owner = th_vault_create(dir, NULL, NULL), *space = NULL;
    REQUIRE(im_couple_space_create(dir, owner, &space) == IM_OK);
    sid = session(space);
    im_couple_leave_proof pr = 9;
    CHECK_RC(im_couple_space_leave_proof(space, owner, IM_COUPLE_PLACE_PERSON, &pr), IM_OK);
    CHECK(pr == IM_COUPLE_LEAVE_SECRET);
    CHECK_RC(im_partner_forget_in(space, owner, env.lib, IM_COUPLE_PLACE_PERSON, PIN_ALEX),
             IM_ERR_WRONG_SECRET);
    CHECK(im_partner_secret_of(space, IM_COUPLE_PLACE_PERSON) == IM_PARTNER_SECRET_PIN);
    CHECK_RC(im_partner_forget_in(space, owner, env.lib, IM_COUPLE_PLACE_PERSON, TH_PASS), IM_OK);
    CHECK(im_partner_secret_of(space, IM_COUPLE_PLACE_PERSON) == IM_PARTNER_SECRET_NONE);
    CHECK(sealed_for(space, 0, IM_COUPLE_PLACE_OWNER));
    im_vault_close(space);
    im_vault_close(owner);
    im_tmpdir_remove(dir);
}

int main(void)
{
    REQUIRE(sodium_init() >= 0);
    k_min = im_kdf_params_min();
    im_vault *v = pf_setup(&env, "tg-forgot", 22);
    im_vault_close(v);
    im_tmpdir_remove(env.dir);
    test_attack();
    test_own_forget();
    test_one_member();
    im_library_free(env.lib);
    return im_check_done();
}
