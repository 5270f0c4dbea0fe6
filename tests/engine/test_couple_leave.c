/*
 * test_couple_leave -- leaving the couple's space of one's own accord
 * (couple_space.h: im_couple_space_leave_with), with real Together
 * sessions, as the issue words it: "their own unfinished answers are
 * erased, what was revealed stays with the other only if both agreed when
 * it was revealed".
 *
 *  - the device owner leaves while Alex (a person with his own space) is
 *    linked: in Alex's space afterwards the owner's sheet of an unfinished
 *    session is empty and Alex's is whole, the reveal both kept is there,
 *    the one only the owner kept is gone; no plaintext of the space has
 *    the owner's unfinished words; the owner's Together is the owner's
 *    own vault again, with none of it;
 *  - Alex undoes his link (leaves from his own space): the same with the
 *    places swapped, the owner keeping the space.
 * Fails on main: there was no leave of the owner's (Together's leave with
 * the owner's passphrase erased the place's sheets and left the owner in
 * the space) and no way for a linked person to leave but Together's, which
 * any member's passphrase let erase either place.
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
#define OWNER_UNFINISHED "CANARY-owner-unfinished"
#define ALEX_UNFINISHED "CANARY-alex-unfinished"
#define KEPT_BOTH "CANARY-kept-by-both"
#define KEPT_ONE "CANARY-kept-by-one"

static pf_env env;
static im_kdf_params k_min;

typedef struct folder {
    char *dir;
    int64_t unfinished, kept, kept_by_leaver;
} folder;

/* The owner's space, Alex linked, three sessions; the reveal the leaver
 * alone kept (leaver_place) and one both kept. */
static folder make(const char *tag, unsigned leaver_place)
{
    folder f;
    f.dir = im_tmpdir_make(tag);
    im_vault *owner = th_vault_create(f.dir, NULL, NULL), *space = NULL;
    char code[IM_RECOVERY_CODE_SIZE];
    REQUIRE(im_people_add(owner, PASS_A, &k_min, code) == IM_OK);
    REQUIRE(im_couple_space_create(f.dir, owner, &space) == IM_OK);
    REQUIRE(im_couple_space_join_person(space, f.dir, PASS_A, &k_min) == IM_OK);
    f.unfinished = pf_hopes_session(&env, space, OWNER_UNFINISHED, ALEX_UNFINISHED, 0, 0);
    f.kept = pf_hopes_session(&env, space, KEPT_BOTH, "both said yes", 1, 3);
    f.kept_by_leaver = pf_hopes_session(&env, space, KEPT_ONE, "only one said yes", 1, 1 << leaver_place);
    im_vault_close(space);
    im_vault_close(owner);
    return f;
}

/* What the one who stays (stayer) finds after leaver_place left. */
static void check_after(const folder *f, im_vault *stayer, unsigned leaver_place)
{
    im_vault *space = NULL;
    REQUIRE(im_couple_space_open(f->dir, stayer, &space) == IM_OK);
    /* the unfinished session resumes; in the plaintext of the space (no
     * partner secrets here) the leaver's answers are gone, the other's not */
    im_couple *c = pf_resume(&env, space, f->unfinished);
    im_couple_free(c);
    unsigned stays = leaver_place ^ 1;
    const char *mine = stays == 0 ? OWNER_UNFINISHED : ALEX_UNFINISHED;
    const char *theirs = stays == 0 ? ALEX_UNFINISHED : OWNER_UNFINISHED;
    CHECK(pf_reads(space, mine) == 1);
    c = pf_resume(&env, space, f->kept);
    CHECK(pf_text_of(c, 0, 0) && !strcmp(pf_text_of(c, 0, 0), KEPT_BOTH));
    im_couple_free(c);
    im_buf b = {0};
    CHECK_RC(im_record_get(space, IM_KIND_COUPLE, f->kept_by_leaver, &b), IM_ERR_NOT_FOUND);
    CHECK(pf_reads(space, theirs) == 0);
    CHECK(pf_reads(space, KEPT_ONE) == 0);
    CHECK(pf_reads(space, KEPT_BOTH) == 1);
    im_vault_close(space);
}

static void test_owner_leaves(void)
{
    folder f = make("couple-leave-owner", IM_COUPLE_PLACE_OWNER);
    im_vault *owner = th_vault_reopen(NULL, f.dir), *space = NULL;
    REQUIRE(im_couple_space_open(f.dir, owner, &space) == IM_OK);
    int ended = 9;
    CHECK_RC(im_couple_space_leave_with(&space, owner, env.lib, "river stone lamp", &ended),
             IM_ERR_WRONG_SECRET);
    REQUIRE(space);
    CHECK(pf_reads(space, OWNER_UNFINISHED) == 1); /* a wrong try erased nothing */
    CHECK_RC(im_couple_space_leave_with(&space, owner, env.lib, TH_PASS, &ended), IM_OK);
    CHECK(!space && ended == 0);
    /* the owner's Together is the owner's own vault again: none of it */
    CHECK_RC(im_couple_space_open(f.dir, owner, &space), IM_ERR_NOT_FOUND);
    CHECK(pf_reads(owner, KEPT_BOTH) == 0 && pf_reads(owner, ALEX_UNFINISHED) == 0);
    im_vault *alex = NULL;
    REQUIRE(im_people_unlock(f.dir, PASS_A, &k_min, &alex) == IM_OK);
    check_after(&f, alex, IM_COUPLE_PLACE_OWNER);
    im_vault_close(alex);
    im_vault_close(owner);
    im_tmpdir_remove(f.dir);
}

static void test_alex_unlinks(void)
{
    folder f = make("couple-leave-alex", IM_COUPLE_PLACE_PERSON);
    im_vault *alex = NULL, *space = NULL;
    REQUIRE(im_people_unlock(f.dir, PASS_A, &k_min, &alex) == IM_OK);
    REQUIRE(im_couple_space_open(f.dir, alex, &space) == IM_OK);
    int ended = 9;
    /* the owner's passphrase does not take Alex out */
    CHECK_RC(im_couple_space_leave_with(&space, alex, env.lib, TH_PASS, &ended), IM_ERR_WRONG_SECRET);
    REQUIRE(space);
    CHECK_RC(im_couple_space_leave_with(&space, alex, env.lib, PASS_A, &ended), IM_OK);
    CHECK(!space && ended == 0);
    CHECK_RC(im_couple_space_open(f.dir, alex, &space), IM_ERR_NOT_FOUND);
    CHECK(pf_reads(alex, KEPT_BOTH) == 0);
    im_vault *owner = th_vault_reopen(NULL, f.dir);
    check_after(&f, owner, IM_COUPLE_PLACE_PERSON);
    im_vault_close(owner);
    im_vault_close(alex);
    im_tmpdir_remove(f.dir);
}

int main(void)
{
    REQUIRE(sodium_init() >= 0);
    k_min = im_kdf_params_min();
    im_vault *v = pf_setup(&env, "couple-leave", 22);
    im_vault_close(v);
    im_tmpdir_remove(env.dir);
    test_owner_leaves();
    test_alex_unlinks();
    im_library_free(env.lib);
    return im_check_done();
}
