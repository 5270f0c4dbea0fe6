/*
 * test_couple_places.c -- whose place on Together's list each partner of a
 * session is, when the session was begun by the linked person in their
 * own space and resumed before anyone sealed (issue 22; docs/people.md).
 *
 * The folder is made before the app starts: the owner (Samantha) with a
 * couple space, and Alex's own space joined to it (a linked person: place
 * 1, couple_space.h IM_COUPLE_PLACE_PERSON).  Then, in the app, in Alex's
 * space: "Alex starts" a Daily check-in (he is partner 0), Back to the
 * list at his hand-off card before anything is sealed, "Continue", and
 * there he sets his PIN and answers.  What is stored is then read as core
 * reads it:
 *   - his sheet is sealed for his own place (im_couple_partner_person 1),
 *     the space's partner record with a PIN is place 1's, place 0 has none
 *     (what core records as the session's places is tests/engine's
 *     test_engine_places);
 *   - in the owner's space Together's list says Alex has a PIN, not
 *     Samantha, and "Alex forgot their secret" is the other member's
 *     place there (no field), not the owner's own;
 *   - the owner's "forgot my secret" for her own place (im_partner_forget_in,
 *     her passphrase) and then her Together leave of her own place
 *     (im_couple_space_partner_leave, her passphrase: Alex stays) leave
 *     Alex's sheet whole: afterwards, in his space, his PIN opens it and
 *     his words are in it.
 * Fails on main 20a8b9d: the resume mapped partner 0 to place 0 by
 * position (together_names.c tg_places), so Alex's PIN was filed as the
 * owner's place (person 0): his list said "Samantha has their own PIN",
 * the owner's named her own place "Alex" (the seal gave the session's
 * names to the wrong places) and offered his forget as her own, and her
 * forget erased Alex's secret and his sealed answers.
 */
#include <stdio.h>
#include <string.h>

#include "app_harness.h"
#include "check.h"
#include "innermost/content.h"
#include "innermost/couple_space.h"
#include "innermost/engine.h"
#include "innermost/partner_key.h"
#include "innermost/people.h"
#include "innermost/vault.h"
#include "vault_fixture.h"

#define ALEX_PASS "alex keeps a quiet notebook"
#define ALEX_PIN "736251"
#define ALEX_WORDS "ALEXPLACECANARY"

static th_app h;
static im_library *lib;
static im_kdf_params k_min;

static void step(const char *line) { REQUIRE(th_app_step(&h, line) == 0); }
/* A step whose failure is a verdict, not a dead end: the test goes on. */
static void verdict(const char *line) { CHECK(th_app_step(&h, line) == 0); }

/* The owner's folder: the couple space with the owner, Alex's own space
 * joined to it; nothing begun yet. */
static void make_folder(void)
{
    th_app_prepare(&h, "couple-places");
    im_vault *owner = th_vault_create(h.data, NULL, NULL), *space = NULL;
    char code[IM_RECOVERY_CODE_SIZE];
    REQUIRE(im_people_add(owner, ALEX_PASS, &k_min, code) == IM_OK);
    REQUIRE(im_couple_space_create(h.data, owner, &space) == IM_OK);
    REQUIRE(im_couple_space_join_person(space, h.data, ALEX_PASS, &k_min) == IM_OK);
    im_vault_close(space);
    im_vault_close(owner);
}

/* The one open Daily check-in of space, resumed (REQUIREd). */
static im_couple *session(im_vault *space)
{
    int64_t id = 0;
    REQUIRE(im_couple_find_open(space, "daily-check-in", &id) == IM_OK);
    im_couple *c = NULL;
    REQUIRE(im_couple_resume_from(lib, space, id, NULL, NULL, &c) == IM_OK);
    return c;
}

/* Whether Alex's PIN opens his sheet (partner 0, on his turn) and his
 * words are in it. */
static int alex_words_open(im_vault *space)
{
    im_couple *c = session(space);
    int ok = im_couple_partner_person(c, 0) == (int)IM_COUPLE_PLACE_PERSON &&
             im_couple_partner_open(c, 0, ALEX_PIN) == IM_OK;
    const im_answer *a = NULL;
    ok = ok && im_couple_get_answer(c, 0, 0, &a) == IM_OK && a && a->text && strstr(a->text, ALEX_WORDS);
    im_couple_free(c);
    return ok;
}

int main(void)
{
    im_process_harden();
    REQUIRE(im_content_load_embedded(&lib, NULL) == IM_OK);
    k_min = im_kdf_params_min();
    make_folder();
    th_app_start(&h);

    /* -- Alex's own space: he starts, goes back before anything is sealed */
    step("tap \"Switch person\"");
    step("tap \"Your passphrase\"");
    step("type \"" ALEX_PASS "\"");
    step("tap \"Open my space\"");
    step("wait 1");
    step("tap \"Home\"");
    step("tap \"Together\"");
    step("tap \"First partner's name\"");
    step("key \"Ctrl+A\"");
    step("type \"Samantha\"");
    step("tap \"Second partner's name\"");
    step("key \"Ctrl+A\"");
    step("type \"Alex\"");
    step("tap \"Partner 2 starts\""); /* place 1: Alex, whose space this is */
    step("scroll-to \"Daily check-in\"");
    step("tap \"Daily check-in\"");
    step("scroll-to \"Begin\"");
    step("tap \"Begin\"");
    step("expect \"Pass the device to Alex\"");
    step("tap \"Back\"");
    step("scroll-to \"Continue: Daily check-in\"");
    step("tap \"Continue: Daily check-in\"");
    /* -- resumed: his PIN at his hand-off card, his answer */
    step("expect \"Pass the device to Alex\"");
    step("tap \"A PIN\"");
    step("tap \"PIN for Alex\"");
    step("type \"" ALEX_PIN "\"");
    step("tap \"I'm Alex\"");
    step("wait 1");
    step("tap \"Something small is perfect.\"");
    step("type \"" ALEX_WORDS "\"");
    step("tap \"Next\"");
    step("tap \"Back\"");
    verdict("expect \"Alex has their own PIN for Together\"");
    verdict("expect-not \"Samantha has their own PIN\"");
    th_app_stop(&h);

    /* -- what core reads: the seal and the partner record are place 1's */
    im_vault *owner = th_vault_reopen(NULL, h.data), *space = NULL;
    REQUIRE(im_couple_space_open(h.data, owner, &space) == IM_OK);
    im_couple *c = session(space);
    CHECK(!strcmp(im_couple_name(c, 0), "Alex"));
    CHECK(im_couple_partner_person(c, 0) == (int)IM_COUPLE_PLACE_PERSON);
    CHECK(im_couple_partner_person(c, 1) == -1);
    im_couple_free(c);
    CHECK(im_partner_secret_of(space, IM_COUPLE_PLACE_PERSON) == IM_PARTNER_SECRET_PIN);
    CHECK(im_partner_secret_of(space, IM_COUPLE_PLACE_OWNER) == IM_PARTNER_SECRET_NONE);
    im_vault_close(space);
    im_vault_close(owner);

    /* -- the owner's Together names the PIN as Alex's */
    th_app_start(&h);
    th_app_unlock(&h, NULL);
    step("tap \"Together\"");
    verdict("expect \"Alex has their own PIN for Together\"");
    verdict("expect-not \"Samantha has their own PIN\"");
    /* his secret is the other member's, not the owner's own to forget */
    step("scroll-to \"Alex forgot their secret\"");
    step("tap \"Alex forgot their secret\"");
    verdict("expect \"Alex has a space of their own on this device\"");
    verdict("expect-not \"This is your own place in Together\"");
    th_app_stop(&h);

    /* -- the owner forgets her own place's secret, then leaves from it */
    owner = th_vault_reopen(NULL, h.data);
    REQUIRE(im_couple_space_open(h.data, owner, &space) == IM_OK);
    im_rc rc = im_partner_forget_in(space, owner, lib, IM_COUPLE_PLACE_OWNER, TH_PASS);
    CHECK(rc == IM_OK || rc == IM_ERR_NOT_FOUND);
    CHECK(im_partner_secret_of(space, IM_COUPLE_PLACE_PERSON) == IM_PARTNER_SECRET_PIN);
    CHECK(alex_words_open(space));
    int left = 0;
    CHECK_RC(im_couple_space_partner_leave(&space, owner, lib, IM_COUPLE_PLACE_OWNER, TH_PASS, &left), IM_OK);
    CHECK(left == 1);
    if (space)
        im_vault_close(space);
    im_vault_close(owner);

    /* -- Alex, in his own space: his secret and his words are whole */
    im_vault *alex = NULL;
    REQUIRE(im_people_unlock(h.data, ALEX_PASS, &k_min, &alex) == IM_OK);
    REQUIRE(im_couple_space_open(h.data, alex, &space) == IM_OK);
    CHECK(im_partner_secret_of(space, IM_COUPLE_PLACE_PERSON) == IM_PARTNER_SECRET_PIN);
    CHECK(alex_words_open(space));
    im_vault_close(space);
    im_vault_close(alex);

    th_app_finish(&h);
    im_library_free(lib);
    return im_check_done();
}
