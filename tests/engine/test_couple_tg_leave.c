/*
 * test_couple_tg_leave -- Together's own "X leaves the couple space" when
 * both partners are members with a space of their own (docs/people.md,
 * "Leaving of one's own accord"): whoever's space is open speaks only for
 * their own place.
 *
 *  - attack: in Alex's space (a person linked to the owner's couple space),
 *    Alex's passphrase -- or the owner's -- confirming "Samantha leaves"
 *    (im_partner_leave_in, Together's leave) erases nothing: the owner's
 *    unfinished sheet is still in the space's stored records; the same in
 *    the owner's space for Alex's place;
 *  - the leave of one's own place goes the kill-safe way of Settings'
 *    leave (im_couple_space_partner_leave -> im_couple_space_leave_with):
 *    only the leaver's own passphrase, the leaver's unfinished answers
 *    erased, the other's whole, the couple key turned without the leaver;
 *  - kills at random moments of that leave leave the space whole or the
 *    leave done, the one who stays reading every record they keep;
 *  - a session still under an older per-session lock (bound to the
 *    owner's vault, never moved) goes from the owner's vault when the
 *    owner leaves (couple_space.c invariant 8), kills included.
 * The attack failed on main 9f47bfc: im_partner_leave_in took the
 * passphrase of whichever vault opened the space for either place; the
 * bound session stayed in the owner's vault after the leave.
 */
#define _DEFAULT_SOURCE
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine_test.h"
#include "innermost/couple_space.h"
#include "innermost/people.h"
#include "partner_fixture.h"
#include "vault_fixture.h"

#define PASS_A "alex keeps a quiet notebook"
#define OWNER_UNFINISHED "CANARY-owner-unfinished"
#define ALEX_UNFINISHED "CANARY-alex-unfinished"
#define KEPT_BOTH "CANARY-kept-by-both"

static pf_env env;
static im_kdf_params k_min;

/* The owner's space with Alex linked: an unfinished session and a reveal
 * both kept. */
static char *make(const char *tag)
{
    char *dir = im_tmpdir_make(tag);
    im_vault *owner = th_vault_create(dir, NULL, NULL), *space = NULL;
    char code[IM_RECOVERY_CODE_SIZE];
    REQUIRE(im_people_add(owner, PASS_A, &k_min, code) == IM_OK);
    REQUIRE(im_couple_space_create(dir, owner, &space) == IM_OK);
    REQUIRE(im_couple_space_join_person(space, dir, PASS_A, &k_min) == IM_OK);
    pf_hopes_session(&env, space, OWNER_UNFINISHED, ALEX_UNFINISHED, 0, 3);
    pf_hopes_session(&env, space, KEPT_BOTH, "both said yes", 1, 3);
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

/* Alex's passphrase (and the owner's) do not make the owner leave in
 * Alex's space, nor Alex in the owner's. */
static void test_attack(void)
{
    char *dir = make("tg-leave-attack");
    im_vault *alex = alex_of(dir), *space = NULL;
    REQUIRE(im_couple_space_open(dir, alex, &space) == IM_OK);
    CHECK_RC(im_partner_leave_in(space, alex, env.lib, IM_COUPLE_PLACE_OWNER, PASS_A), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_partner_leave_in(space, alex, env.lib, IM_COUPLE_PLACE_OWNER, TH_PASS), IM_ERR_WRONG_SECRET);
    CHECK(pf_reads(space, OWNER_UNFINISHED) == 1);
    CHECK(pf_reads(space, ALEX_UNFINISHED) == 1);
    size_t n = 0;
    CHECK_RC(im_couple_space_members(space, &n), IM_OK);
    CHECK(n == 2);
    im_vault_close(space);
    im_vault_close(alex);

    im_vault *owner = th_vault_reopen(NULL, dir);
    REQUIRE(im_couple_space_open(dir, owner, &space) == IM_OK);
    CHECK_RC(im_partner_leave_in(space, owner, env.lib, IM_COUPLE_PLACE_PERSON, TH_PASS),
             IM_ERR_WRONG_SECRET);
    CHECK_RC(im_partner_leave_in(space, owner, env.lib, IM_COUPLE_PLACE_PERSON, PASS_A), IM_ERR_WRONG_SECRET);
    CHECK(pf_reads(space, OWNER_UNFINISHED) == 1);
    CHECK(pf_reads(space, ALEX_UNFINISHED) == 1);
    im_vault_close(space);
    im_vault_close(owner);
    im_tmpdir_remove(dir);
}

/* What proves each place, in each space; Alex leaves his own place the
 * kill-safe way, only with his own passphrase. */
static void test_own_leave(void)
{
    char *dir = make("tg-leave-own");
    im_vault *owner = th_vault_reopen(NULL, dir), *space = NULL;
    im_couple_leave_proof pr = 9;
    REQUIRE(im_couple_space_open(dir, owner, &space) == IM_OK);
    CHECK_RC(im_couple_space_leave_proof(space, owner, IM_COUPLE_PLACE_OWNER, &pr), IM_OK);
    CHECK(pr == IM_COUPLE_LEAVE_OWN_PASSPHRASE);
    CHECK_RC(im_couple_space_leave_proof(space, owner, IM_COUPLE_PLACE_PERSON, &pr), IM_OK);
    CHECK(pr == IM_COUPLE_LEAVE_OWN_SPACE);
    CHECK_RC(im_couple_space_leave_proof(owner, owner, IM_COUPLE_PLACE_PERSON, &pr), IM_OK);
    CHECK(pr == IM_COUPLE_LEAVE_SECRET); /* Together on the owner's own vault */
    /* the half-way call of before is refused for one's own place too */
    CHECK_RC(im_partner_leave_in(space, owner, env.lib, IM_COUPLE_PLACE_OWNER, TH_PASS), IM_ERR_STATE);
    im_vault_close(space);
    im_vault_close(owner);

    im_vault *alex = alex_of(dir);
    REQUIRE(im_couple_space_open(dir, alex, &space) == IM_OK);
    CHECK_RC(im_couple_space_leave_proof(space, alex, IM_COUPLE_PLACE_PERSON, &pr), IM_OK);
    CHECK(pr == IM_COUPLE_LEAVE_OWN_PASSPHRASE);
    int left = 9;
    CHECK_RC(im_couple_space_partner_leave(&space, alex, env.lib, IM_COUPLE_PLACE_OWNER, PASS_A, &left),
             IM_ERR_WRONG_SECRET);
    CHECK(space && left == 0);
    CHECK_RC(im_couple_space_partner_leave(&space, alex, env.lib, IM_COUPLE_PLACE_PERSON, TH_PASS, &left),
             IM_ERR_WRONG_SECRET); /* the owner's passphrase does not take Alex out */
    REQUIRE(space);
    CHECK(pf_reads(space, ALEX_UNFINISHED) == 1 && pf_reads(space, OWNER_UNFINISHED) == 1);
    CHECK_RC(im_couple_space_partner_leave(&space, alex, env.lib, IM_COUPLE_PLACE_PERSON, PASS_A, &left),
             IM_OK);
    CHECK(!space && left == 1);
    CHECK_RC(im_couple_space_open(dir, alex, &space), IM_ERR_NOT_FOUND);
    im_vault_close(alex);

    owner = th_vault_reopen(NULL, dir);
    REQUIRE(im_couple_space_open(dir, owner, &space) == IM_OK);
    size_t n = 0;
    CHECK_RC(im_couple_space_members(space, &n), IM_OK);
    CHECK(n == 1);
    CHECK(pf_reads(space, ALEX_UNFINISHED) == 0);
    CHECK(pf_reads(space, OWNER_UNFINISHED) == 1);
    CHECK(pf_reads(space, KEPT_BOTH) == 1);
    /* alone now: the other place has no profile here and leaves as before */
    CHECK_RC(im_couple_space_leave_proof(space, owner, IM_COUPLE_PLACE_PERSON, &pr), IM_OK);
    CHECK(pr == IM_COUPLE_LEAVE_SECRET);
    im_vault_close(space);
    im_vault_close(owner);
    im_tmpdir_remove(dir);
}

static void copy_tree(const char *from, const char *to)
{
    char cmd[20000];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -a '%s' '%s'", to, from, to);
    REQUIRE(system(cmd) == 0);
}

static void child_leave(const char *dir)
{
    im_vault *a = NULL, *s = NULL;
    if (im_people_unlock(dir, PASS_A, &k_min, &a) != IM_OK || im_couple_space_open(dir, a, &s) != IM_OK)
        _exit(2);
    _exit(im_couple_space_partner_leave(&s, a, env.lib, IM_COUPLE_PLACE_PERSON, PASS_A, NULL) == IM_OK ? 0
                                                                                                       : 3);
}

/* Kills at random moments of Alex's leave from Together in his space: the
 * owner always reads their unfinished answers and the kept reveal; Alex
 * is in with his answers whole (nothing committed) or out with them
 * erased, never half. */
static void test_leave_with_kills(void)
{
    char *tpl = make("tg-leave-kill");
    char dir[8200];
    snprintf(dir, sizeof dir, "%s.w", tpl);
    copy_tree(tpl, dir);
    int status;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0)
        child_leave(dir);
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    int cycles = im_test_scale(16), out = 0, in = 0;
    for (int i = 0; i < cycles; i++) {
        copy_tree(tpl, dir);
        pid = fork();
        if (pid == 0)
            child_leave(dir);
        /* the leave is the run's last part (the unlock's derivation first) */
        usleep((useconds_t)(ms * 300 + randombytes_uniform((uint32_t)(ms * 1300) + 1)));
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        im_vault *o = th_vault_reopen(NULL, dir), *s = NULL;
        REQUIRE(im_couple_space_open(dir, o, &s) == IM_OK); /* finishes a mark */
        CHECK(pf_reads(s, OWNER_UNFINISHED) == 1);
        CHECK(pf_reads(s, KEPT_BOTH) == 1);
        long alex_words = pf_reads(s, ALEX_UNFINISHED);
        size_t n = 0;
        CHECK_RC(im_couple_space_members(s, &n), IM_OK);
        im_vault_close(s);
        im_vault_close(o);
        im_vault *a = alex_of(dir);
        im_rc rc = im_couple_space_open(dir, a, &s);
        if (n == 1) {
            CHECK(alex_words == 0);
            CHECK_RC(rc, IM_ERR_NOT_FOUND);
            out++;
        } else {
            CHECK(n == 2 && alex_words == 1);
            CHECK_RC(rc, IM_OK);
            if (rc == IM_OK)
                im_vault_close(s);
            in++;
        }
        im_vault_close(a);
    }
    printf("tg_leave: %d kills during Alex's leave (one run %.0f ms): %d out, %d still in\n", cycles, ms, out,
           in);
    im_tmpdir_remove(strdup(dir));
    im_tmpdir_remove(tpl);
}

/* couple records of v (any session) */
static size_t couple_records(im_vault *v)
{
    int64_t *ids = NULL;
    size_t n = 0;
    CHECK_RC(im_record_list(v, IM_KIND_COUPLE, &ids, &n), IM_OK);
    free(ids);
    return n;
}

#define LEGACY_OWNER "CANARY-legacy-owner"
#define MOVED_OWNER "CANARY-moved-owner"

/* The owner's space with a session under an older per-session lock (bound
 * to the owner's vault: it never moves) and one that moves, then Alex
 * linked. */
static char *make_legacy(const char *tag)
{
    char *dir = im_tmpdir_make(tag);
    im_vault *owner = th_vault_create(dir, NULL, NULL), *space = NULL;
    const im_exercise *ex = im_library_find_exercise(env.lib, "hopes");
    REQUIRE(ex);
    im_couple *c = NULL;
    int64_t id = 0;
    REQUIRE(im_couple_start(ex, "Samantha", "Alex", &env.clk, &env.rng, &c) == IM_OK);
    CHECK_RC(im_couple_attach(c, owner, &id), IM_OK);
    CHECK_RC(im_couple_partner_lock(c, 0, IM_PARTNER_SECRET_PIN, "135790"), IM_OK);
    CHECK_RC(im_couple_answer_text(c, LEGACY_OWNER), IM_OK);
    im_couple_free(c);
    pf_hopes_session(&env, owner, MOVED_OWNER, "alex's", 0, 3);
    char code[IM_RECOVERY_CODE_SIZE];
    REQUIRE(im_people_add(owner, PASS_A, &k_min, code) == IM_OK);
    REQUIRE(im_couple_space_create(dir, owner, &space) == IM_OK);
    CHECK_RC(im_couple_space_migrate(owner, space, env.lib, NULL), IM_OK);
    REQUIRE(im_couple_space_join_person(space, dir, PASS_A, &k_min) == IM_OK);
    CHECK(couple_records(owner) == 1); /* the bound one stayed */
    CHECK(couple_records(space) == 1);
    im_vault_close(space);
    im_vault_close(owner);
    return dir;
}

/* The owner leaves: nothing of the couple stays in the owner's Together,
 * the session under the older lock included; Alex keeps the moved one. */
static void test_legacy_leave(void)
{
    char *dir = make_legacy("tg-leave-legacy");
    im_vault *owner = th_vault_reopen(NULL, dir), *space = NULL;
    REQUIRE(im_couple_space_enter(dir, owner, env.lib, &space, NULL) == IM_OK);
    CHECK(couple_records(owner) == 1);
    int left = 0;
    CHECK_RC(im_couple_space_partner_leave(&space, owner, env.lib, IM_COUPLE_PLACE_OWNER, TH_PASS, &left),
             IM_OK);
    CHECK(!space && left == 1);
    CHECK(couple_records(owner) == 0);
    im_vault_close(owner);
    im_vault *alex = alex_of(dir);
    REQUIRE(im_couple_space_open(dir, alex, &space) == IM_OK);
    CHECK(couple_records(space) == 1);
    CHECK(pf_reads(space, MOVED_OWNER) == 0); /* the leaver's sheet went */
    CHECK(pf_reads(space, "alex's") == 1);
    im_vault_close(space);
    im_vault_close(alex);
    im_tmpdir_remove(dir);
}

static void child_owner_leave(const char *dir)
{
    im_vault *o = NULL, *s = NULL;
    if (im_vault_open(dir, &o) != IM_OK || im_vault_unlock(o, TH_PASS) != IM_OK ||
        im_couple_space_open(dir, o, &s) != IM_OK)
        _exit(2);
    _exit(im_couple_space_partner_leave(&s, o, env.lib, IM_COUPLE_PLACE_OWNER, TH_PASS, NULL) == IM_OK ? 0
                                                                                                       : 3);
}

/* Kills at random moments of that leave: after the owner's next unlock
 * (im_couple_space_enter, as the app's), the owner is in with the bound
 * session, or out without it -- never out with it. */
static void test_legacy_kills(void)
{
    char *tpl = make_legacy("tg-leave-legacy-kill");
    char dir[8200];
    snprintf(dir, sizeof dir, "%s.w", tpl);
    copy_tree(tpl, dir);
    int status;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0)
        child_owner_leave(dir);
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    int cycles = im_test_scale(16), out = 0, in = 0;
    for (int i = 0; i < cycles; i++) {
        copy_tree(tpl, dir);
        pid = fork();
        if (pid == 0)
            child_owner_leave(dir);
        /* the leave is the run's last part (the unlock's derivation first) */
        usleep((useconds_t)(ms * 300 + randombytes_uniform((uint32_t)(ms * 1300) + 1)));
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        im_vault *o = th_vault_reopen(NULL, dir), *s = NULL;
        im_rc rc = im_couple_space_enter(dir, o, env.lib, &s, NULL);
        if (rc == IM_OK) {
            CHECK(couple_records(o) == 1);
            im_vault_close(s);
            in++;
        } else {
            CHECK_RC(rc, IM_ERR_NOT_FOUND);
            CHECK(couple_records(o) == 0);
            out++;
        }
        im_vault_close(o);
    }
    printf(
        "tg_leave: %d kills during the owner's leave with a bound session (one run %.0f ms): %d out, %d in\n",
        cycles, ms, out, in);
    im_tmpdir_remove(strdup(dir));
    im_tmpdir_remove(tpl);
}

int main(void)
{
    REQUIRE(sodium_init() >= 0);
    k_min = im_kdf_params_min();
    im_vault *v = pf_setup(&env, "tg-leave", 22);
    im_vault_close(v);
    im_tmpdir_remove(env.dir);
    test_attack();
    test_own_leave();
    test_leave_with_kills();
    test_legacy_leave();
    test_legacy_kills();
    im_library_free(env.lib);
    return im_check_done();
}
