/*
 * test_leave_words.c -- Settings -> "Leave the couple space" says that a
 * leave also erases whole every session still sealed under an older
 * per-session lock (couple_space.c invariant 8), and how many, exactly
 * when the leaver's vault holds such a session.
 *
 * Such sessions cannot be made in the app today (this build seals a
 * partner's sheet under their one secret), so the owner's vault is made
 * here before the app starts: sessions under im_couple_partner_lock (an
 * older build's lock, bound to the owner's vault) beside one that moves
 * into the couple space, the space made and, for the linked case, Alex's
 * own space joined to it.  Then the app, on that folder:
 *   - linked, two bound sessions: the words count two and say the
 *     partner's answers in them go too, on Settings' page and on
 *     Together's leave of the owner's own place (the same leave); after
 *     the leave the owner's vault holds none (im_couple_bound_count 0:
 *     the words were true);
 *   - the last member (no one linked), one bound session: "One unfinished
 *     session", and the way to keep the history no longer says "only";
 *   - linked, no bound session: none of those words.
 * Fails on main: the screen said only that "your unfinished answers" are
 * erased in every case (the first expect).
 */
#include <stdio.h>
#include <string.h>

#include "app_harness.h"
#include "check.h"
#include "innermost/content.h"
#include "innermost/couple_space.h"
#include "innermost/engine.h"
#include "innermost/people.h"
#include "innermost/vault.h"
#include "vault_fixture.h"

#define ALEX_PASS "alex keeps a quiet notebook"
#define BOUND_WORDS "earlier version of Innermost"

static th_app h;
static im_library *lib;

static void step(const char *line) { REQUIRE(th_app_step(&h, line) == 0); }

/* A "Hopes for us" session on v, Samantha's first answer typed; sealed
 * under her PIN with the session's own lock when bound. */
static void session(im_vault *v, int bound)
{
    const im_exercise *ex = im_library_find_exercise(lib, "reveal-hopes");
    REQUIRE(ex);
    im_couple *c = NULL;
    int64_t id = 0;
    REQUIRE(im_couple_start(ex, "Samantha", "Alex", NULL, NULL, &c) == IM_OK);
    CHECK_RC(im_couple_attach(c, v, &id), IM_OK);
    if (bound)
        CHECK_RC(im_couple_partner_lock(c, 0, IM_PARTNER_SECRET_PIN, "135790"), IM_OK);
    CHECK_RC(im_couple_answer_text(c, "a hope of Samantha's"), IM_OK);
    im_couple_free(c);
}

/* The owner's folder: n_bound bound sessions and one that moves, the
 * couple space made (the moved one in it), and Alex linked when linked. */
static void make_folder(const char *tag, int n_bound, int linked)
{
    th_app_prepare(&h, tag);
    im_vault *owner = th_vault_create(h.data, NULL, NULL), *space = NULL;
    for (int i = 0; i < n_bound; i++)
        session(owner, 1);
    session(owner, 0);
    im_kdf_params min = im_kdf_params_min();
    if (linked) {
        char code[IM_RECOVERY_CODE_SIZE];
        REQUIRE(im_people_add(owner, ALEX_PASS, &min, code) == IM_OK);
    }
    REQUIRE(im_couple_space_create(h.data, owner, &space) == IM_OK);
    CHECK_RC(im_couple_space_migrate(owner, space, lib, NULL), IM_OK);
    if (linked)
        REQUIRE(im_couple_space_join_person(space, h.data, ALEX_PASS, &min) == IM_OK);
    size_t n = 99;
    CHECK_RC(im_couple_bound_count(owner, lib, &n), IM_OK);
    CHECK(n == (size_t)n_bound); /* the moved one is not counted */
    CHECK_RC(im_couple_bound_count(space, lib, &n), IM_OK);
    CHECK(n == 0);
    im_vault_close(space);
    im_vault_close(owner);
    th_app_start(&h);
    th_app_unlock(&h, NULL);
}

/* Home -> Settings -> "Leave the couple space". */
static void settings_leave(void)
{
    step("tap \"Settings\"");
    step("scroll-to \"Leave the couple space\"");
    step("tap \"Leave the couple space\"");
}

int main(void)
{
    im_process_harden();
    REQUIRE(im_content_load_embedded(&lib, NULL) == IM_OK);

    /* linked, two bound sessions: counted, and then truly erased */
    make_folder("leave-words-two", 2, 1);
    /* Together's own leave of one's own place is that same leave */
    step("tap \"Together\"");
    step("scroll-to \"Partner 1 leaves the couple space\"");
    step("tap \"Partner 1 leaves the couple space\"");
    step("expect \"This is your own place in Together\"");
    step("expect \"2 unfinished sessions were begun with an " BOUND_WORDS "\"");
    step("tap \"Stay\"");
    step("tap \"Back\"");
    step("tap \"Passphrase\"");
    step("type \"" TH_PASS "\"");
    step("tap \"Leave\"");
    step("wait 1");
    step("tap \"Home\"");
    settings_leave();
    step("expect \"2 unfinished sessions were begun with an " BOUND_WORDS "\"");
    step("expect \"with your partner's answers in them\"");
    step("expect \"the couple space stays with them\"");
    step("expect-not \"One unfinished session\"");
    step("tap \"Your passphrase, to confirm\"");
    step("type \"" TH_PASS "\"");
    step("tap \"Erase my answers and leave\"");
    step("wait 2");
    step("expect \"You have left the couple space.\"");
    th_app_stop(&h);
    im_vault *owner = th_vault_reopen(NULL, h.data);
    size_t n = 99;
    CHECK_RC(im_couple_bound_count(owner, lib, &n), IM_OK);
    CHECK(n == 0);
    im_vault_close(owner);
    th_app_finish(&h);

    /* the last member, one bound session */
    make_folder("leave-words-one", 1, 0);
    settings_leave();
    step("expect \"Together ends on this device\"");
    step("expect \"One unfinished session was begun with an " BOUND_WORDS "\"");
    step("expect \"with your partner's answers in it.\"");
    step("expect \"and the older sessions below\"");
    step("expect-not \"Leaving then erases only\"");
    step("expect-not \"unfinished sessions were begun\"");
    th_app_finish(&h);

    /* linked, nothing bound: none of it */
    make_folder("leave-words-none", 0, 1);
    settings_leave();
    step("expect \"the couple space stays with them\"");
    step("expect-not \"" BOUND_WORDS "\"");
    step("expect-not \"older sessions\"");
    th_app_finish(&h);

    im_library_free(lib);
    return im_check_done();
}
