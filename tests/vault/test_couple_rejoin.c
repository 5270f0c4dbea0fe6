/*
 * test_couple_rejoin.c -- an owner who left the couple space joins it again
 * (couple_space.h: im_couple_space_rejoin_offered, im_couple_space_rejoin;
 * core/src/couple_rejoin.c), with real Together sessions:
 *  - the owner leaves while Alex (a person with his own space) is linked;
 *    the owner is offered the way back, Alex (in) is not;
 *  - a wrong passphrase, the owner's own, and Cai's (a person who is no
 *    member) are refused (IM_ERR_WRONG_SECRET) and change no stored row of
 *    the space nor the owner's vault (digests before and after);
 *  - Alex's passphrase takes the owner back in with a new key pair (a copy
 *    of the owner's vault taken before the leave opens nothing); both then
 *    open every record of the space; what the leave erased stays erased
 *    (the owner's unfinished answer, the reveal only the owner kept), the
 *    reveal both kept and Alex's unfinished answer are there;
 *  - nothing to join again when the owner was the last member (couple/
 *    erased): not offered, IM_ERR_NOT_FOUND, and a new space starts afresh;
 *  - kills at random moments of the rejoin (16): Alex reads every record
 *    whatever the moment; the owner is out (the enter of their next unlock
 *    drops a pair without its wrap) or in, reading every record, and the
 *    member count says the same -- never a wrap without its owner, nor a
 *    pair that opens; after an out, a new rejoin works.
 * Fails on main: there was no way back (the calls did not exist, and a
 * join of the owner needed a member's open space, which the owner's session
 * never has after its leave).
 */
#define _DEFAULT_SOURCE
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "couple_test.h"
#include "engine_test.h"
#include "innermost/couple_space.h"
#include "innermost/people.h"
#include "partner_fixture.h"
#include "vault_internal.h"
#include "vault_test.h"

#define PASS_A "alex keeps a quiet notebook"
#define PASS_C "cai is someone else entirely"
#define OWNER_UNFINISHED "CANARY-owner-unfinished"
#define ALEX_UNFINISHED "CANARY-alex-unfinished"
#define KEPT_BOTH "CANARY-kept-by-both"
#define KEPT_ONE "CANARY-kept-by-the-owner-only"
#define N_REC 60

static pf_env env;
static im_kdf_params k_min;

static im_vault *person(const char *dir, const char *pass)
{
    im_vault *v = NULL;
    REQUIRE(im_people_unlock(dir, pass, &k_min, &v) == IM_OK);
    return v;
}

/* BLAKE2b of every row of meta and record of the database at path: what
 * a refused try must leave as it was. */
static void rows_digest(const char *path, unsigned char out[32])
{
    sqlite3 *db = vt_sql_open(path);
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    const char *q[] = {"SELECT key, value FROM meta ORDER BY key", "SELECT * FROM record ORDER BY id"};
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st = NULL;
        REQUIRE(sqlite3_prepare_v2(db, q[i], -1, &st, NULL) == SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const void *b = sqlite3_column_blob(st, c);
                int n = sqlite3_column_bytes(st, c);
                if (b)
                    crypto_generichash_update(&h, b, (size_t)n);
                crypto_generichash_update(&h, (const unsigned char *)"|", 1);
            }
        sqlite3_finalize(st);
    }
    crypto_generichash_final(&h, out, 32);
    sqlite3_close(db);
}

/* Both databases' digests: the space's and the owner's vault's. */
static void folder_digest(const char *dir, unsigned char out[64])
{
    char p[8300];
    snprintf(p, sizeof p, "%s/%s/innermost.db", dir, IM_COUPLE_SPACE_DIR);
    rows_digest(p, out);
    snprintf(p, sizeof p, "%s/innermost.db", dir);
    rows_digest(p, out + 32);
}

typedef struct tally {
    long opened, refused;
} tally;

static int tally_fn(void *ctx, int64_t id, im_rc rc, const unsigned char *data, size_t len)
{
    (void)id, (void)data, (void)len;
    tally *t = ctx;
    if (rc == IM_OK)
        t->opened++;
    else
        t->refused++;
    return 0;
}

/* Every record of the open space s, of every kind: how many open. */
static tally open_all(im_vault *s)
{
    tally t = {0, 0};
    for (uint32_t k = 1; k <= IM_KIND_MAX_; k++)
        CHECK_RC(im_record_foreach(s, k, tally_fn, &t), IM_OK);
    return t;
}

/* Records in the space's database, counted without any key. */
static long stored_records(const char *dir)
{
    char p[8300];
    snprintf(p, sizeof p, "%s/%s/innermost.db", dir, IM_COUPLE_SPACE_DIR);
    sqlite3 *db = vt_sql_open(p);
    sqlite3_stmt *st = NULL;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT count(*) FROM record", -1, &st, NULL) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static size_t members_of(im_vault *s)
{
    size_t n = 0;
    CHECK_RC(im_couple_space_members(s, &n), IM_OK);
    return n;
}

static size_t pairs_of(im_vault *v)
{
    size_t n = 99;
    CHECK_RC(im_record_count(v, IM_KIND_COUPLE_MEMBER, &n), IM_OK);
    return n;
}

typedef struct folder {
    char *dir;
    int64_t unfinished, kept, kept_by_owner;
} folder;

/* The owner's space, Alex linked (and Cai, a person who is no member),
 * three sessions (unfinished; kept by both; kept by the owner only) and
 * n_extra plain records; then the owner leaves from Settings. */
static folder make(const char *tag, int n_extra)
{
    folder f;
    f.dir = im_tmpdir_make(tag);
    im_vault *owner = th_vault_create(f.dir, NULL, NULL), *space = NULL;
    char code[IM_RECOVERY_CODE_SIZE];
    REQUIRE(im_people_add(owner, PASS_A, &k_min, code) == IM_OK);
    REQUIRE(im_people_add(owner, PASS_C, &k_min, code) == IM_OK);
    REQUIRE(im_couple_space_create(f.dir, owner, &space) == IM_OK);
    REQUIRE(im_couple_space_join_person(space, f.dir, PASS_A, &k_min) == IM_OK);
    f.unfinished = pf_hopes_session(&env, space, OWNER_UNFINISHED, ALEX_UNFINISHED, 0, 0);
    f.kept = pf_hopes_session(&env, space, KEPT_BOTH, "both said yes", 1, 3);
    f.kept_by_owner = pf_hopes_session(&env, space, KEPT_ONE, "only the owner said yes", 1, 1);
    for (int i = 0; i < n_extra; i++) {
        char text[64];
        int64_t id = 0;
        snprintf(text, sizeof text, "REJOINCANARY-%03d", i);
        REQUIRE(im_record_put(space, IM_KIND_COUPLE, &id, text, strlen(text)) == IM_OK);
    }
    int ended = 9;
    REQUIRE(im_couple_space_leave_with(&space, owner, env.lib, TH_PASS, &ended) == IM_OK);
    REQUIRE(!space && ended == 0);
    im_vault_close(owner);
    return f;
}

/* What both members find after the owner joined again. */
static void check_both_in(const folder *f, im_vault *owner)
{
    long stored = stored_records(f->dir);
    im_vault *alex = person(f->dir, PASS_A), *m[2] = {owner, alex};
    for (int i = 0; i < 2; i++) {
        im_vault *s = NULL;
        REQUIRE(im_couple_space_open(f->dir, m[i], &s) == IM_OK);
        CHECK(members_of(s) == 2);
        tally t = open_all(s);
        CHECK(t.refused == 0 && t.opened == stored); /* every record, for each */
        /* nothing came back: the leave's erase stays */
        CHECK(pf_reads(s, OWNER_UNFINISHED) == 0);
        CHECK(pf_reads(s, KEPT_ONE) == 0);
        im_buf b = {0};
        CHECK_RC(im_record_get(s, IM_KIND_COUPLE, f->kept_by_owner, &b), IM_ERR_NOT_FOUND);
        /* what stayed with Alex is shared again */
        CHECK(pf_reads(s, ALEX_UNFINISHED) == 1);
        CHECK(pf_reads(s, KEPT_BOTH) == 1);
        im_couple *c = pf_resume(&env, s, f->kept);
        CHECK(pf_text_of(c, 0, 0) && !strcmp(pf_text_of(c, 0, 0), KEPT_BOTH));
        im_couple_free(c);
        im_vault_close(s);
    }
    im_vault_close(alex);
}

static void test_rejoin(void)
{
    folder f = make("couple-rejoin", 0);
    char copy[8200];
    snprintf(copy, sizeof copy, "%s.before", f.dir);
    im_vault *owner = th_vault_reopen(NULL, f.dir), *alex = person(f.dir, PASS_A), *s = NULL;
    int yes = 9;
    CHECK_RC(im_couple_space_rejoin_offered(f.dir, owner, &yes), IM_OK);
    CHECK(yes == 1);
    CHECK_RC(im_couple_space_rejoin_offered(f.dir, alex, &yes), IM_OK);
    CHECK(yes == 0); /* in: nothing to join */
    im_vault_close(alex);
    CHECK(pairs_of(owner) == 0);
    /* refused: nobody's passphrase, the owner's own, a person's who is no
     * member; not a row of either database changes */
    unsigned char before[64], after[64];
    folder_digest(f.dir, before);
    const char *wrong[] = {"a passphrase nobody has", TH_PASS, PASS_C};
    for (int i = 0; i < 3; i++) {
        CHECK_RC(im_couple_space_rejoin(f.dir, owner, env.lib, wrong[i], &k_min, &s), IM_ERR_WRONG_SECRET);
        CHECK(s == NULL);
    }
    folder_digest(f.dir, after);
    CHECK(sodium_memcmp(before, after, 64) == 0);
    CHECK(pairs_of(owner) == 0);
    ct_copy_tree(f.dir, copy); /* the owner's vault as it was when out */
    /* Alex's consent: in, with the space open on the owner's key */
    CHECK_RC(im_couple_space_rejoin(f.dir, owner, env.lib, PASS_A, &k_min, &s), IM_OK);
    REQUIRE(s);
    CHECK(members_of(s) == 2);
    CHECK(pf_reads(s, KEPT_BOTH) == 1);
    im_vault_close(s);
    CHECK(pairs_of(owner) == 1);
    CHECK_RC(im_couple_space_rejoin_offered(f.dir, owner, &yes), IM_OK);
    CHECK(yes == 0);
    CHECK_RC(im_couple_space_rejoin(f.dir, owner, env.lib, PASS_A, &k_min, &s), IM_ERR_EXISTS);
    CHECK(s == NULL);
    check_both_in(&f, owner);
    /* after a relaunch too (the next unlock's enter) */
    im_vault_close(owner);
    owner = th_vault_reopen(NULL, f.dir);
    REQUIRE(im_couple_space_enter(f.dir, owner, env.lib, &s, NULL) == IM_OK);
    im_vault_close(s);
    /* the owner's vault from before (its pair gone with the leave) opens
     * nothing of the space now: the new pair is only in the new vault */
    im_vault *old = th_vault_reopen(NULL, copy);
    CHECK(pairs_of(old) == 0);
    CHECK_RC(im_couple_space_open(f.dir, old, &s), IM_ERR_NOT_FOUND);
    im_vault_close(old);
    /* leaving and joining again once more: the same way */
    REQUIRE(im_couple_space_open(f.dir, owner, &s) == IM_OK);
    REQUIRE(im_couple_space_leave_with(&s, owner, env.lib, TH_PASS, NULL) == IM_OK);
    CHECK_RC(im_couple_space_rejoin_offered(f.dir, owner, &yes), IM_OK);
    CHECK(yes == 1);
    CHECK_RC(im_couple_space_rejoin(f.dir, owner, env.lib, PASS_A, &k_min, &s), IM_OK);
    im_vault_close(s);
    check_both_in(&f, owner);
    im_vault_close(owner);
    im_tmpdir_remove(f.dir);
    im_tmpdir_remove(strdup(copy));
}

/* The owner was the last member: couple/ went with the leave.  Nothing to
 * join again; a new space starts afresh, as at a first visit. */
static void test_nothing_to_rejoin(void)
{
    char *dir = im_tmpdir_make("couple-rejoin-none");
    im_vault *owner = th_vault_create(dir, NULL, NULL), *s = NULL;
    char code[IM_RECOVERY_CODE_SIZE];
    REQUIRE(im_people_add(owner, PASS_A, &k_min, code) == IM_OK); /* a person, never linked */
    REQUIRE(im_couple_space_create(dir, owner, &s) == IM_OK);
    pf_hopes_session(&env, s, KEPT_BOTH, "both said yes", 1, 3);
    int ended = 0;
    REQUIRE(im_couple_space_leave_with(&s, owner, env.lib, TH_PASS, &ended) == IM_OK);
    REQUIRE(ended == 1 && !im_couple_space_exists(dir));
    int yes = 9;
    CHECK_RC(im_couple_space_rejoin_offered(dir, owner, &yes), IM_OK);
    CHECK(yes == 0);
    CHECK_RC(im_couple_space_rejoin(dir, owner, env.lib, PASS_A, &k_min, &s), IM_ERR_NOT_FOUND);
    CHECK(s == NULL && !im_couple_space_exists(dir));
    REQUIRE(im_couple_space_create(dir, owner, &s) == IM_OK);
    CHECK(members_of(s) == 1);
    CHECK(open_all(s).opened == 0 && pf_reads(s, KEPT_BOTH) == 0);
    im_vault_close(s);
    CHECK_RC(im_couple_space_rejoin_offered(dir, owner, &yes), IM_OK);
    CHECK(yes == 0);
    im_vault_close(owner);
    im_tmpdir_remove(dir);
}

/* The moment between the two steps, made without a kill: the owner's
 * new record goes in (its own vault's transaction, state joining), then
 * the space refuses its commit (a commit hook), so the space has no wrap
 * for it -- what a kill between the two leaves.  (A copy of the owner's
 * vault from after a whole rejoin beside the space from before is not
 * that moment: its record says it is in, so a missing row reads as one
 * taken from the file, refused and kept: test_couple_planted.c.)  The
 * next enter leaves the owner out and drops the pair; Alex reads
 * everything; a rejoin then works. */
static int refuse_commit(void *ctx)
{
    (void)ctx;
    return 1; /* the commit becomes a rollback */
}

static void test_between_steps(void)
{
    folder f = make("couple-rejoin-between", 0);
    im_vault *o = th_vault_reopen(NULL, f.dir), *s = NULL;
    im_vault *a = person(f.dir, PASS_A);
    REQUIRE(im_couple_space_open(f.dir, a, &s) == IM_OK);
    sqlite3_commit_hook(s->db, refuse_commit, NULL);
    CHECK(im_couple_space_join(s, o) != IM_OK); /* step 1 done, step 2 not */
    sqlite3_commit_hook(s->db, NULL, NULL);
    im_vault_close(s);
    im_vault_close(a);
    im_vault_close(o);
    o = th_vault_reopen(NULL, f.dir);
    CHECK(pairs_of(o) == 1); /* the new pair, no wrap for it */
    CHECK_RC(im_couple_space_enter(f.dir, o, env.lib, &s, NULL), IM_ERR_NOT_FOUND);
    CHECK(pairs_of(o) == 0);
    int yes = 0;
    CHECK_RC(im_couple_space_rejoin_offered(f.dir, o, &yes), IM_OK);
    CHECK(yes == 1);
    a = person(f.dir, PASS_A);
    REQUIRE(im_couple_space_open(f.dir, a, &s) == IM_OK);
    CHECK(members_of(s) == 1 && pf_reads(s, KEPT_BOTH) == 1);
    im_vault_close(s);
    im_vault_close(a);
    CHECK_RC(im_couple_space_rejoin(f.dir, o, env.lib, PASS_A, &k_min, &s), IM_OK);
    im_vault_close(s);
    check_both_in(&f, o);
    im_vault_close(o);
    im_tmpdir_remove(f.dir);
}

static void child_rejoin(const char *dir)
{
    im_vault *o = NULL, *s = NULL;
    im_library *lib = fixture_library();
    if (!lib || im_vault_open(dir, &o) != IM_OK || im_vault_unlock(o, TH_PASS) != IM_OK)
        _exit(2);
    _exit(im_couple_space_rejoin(dir, o, lib, PASS_A, &k_min, &s) == IM_OK ? 0 : 3);
}

/* Kills at random moments of a rejoin (invariant 2 of couple_rejoin.c). */
static void test_rejoin_with_kills(void)
{
    folder f = make("couple-rejoin-kill", N_REC);
    char dir[8200];
    snprintf(dir, sizeof dir, "%s.w", f.dir);
    ct_copy_tree(f.dir, dir);
    long stored = stored_records(f.dir);
    double t0 = vt_now_ms();
    int status;
    pid_t pid = fork();
    if (pid == 0)
        child_rejoin(dir);
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    double ms = vt_now_ms() - t0;
    int cycles = im_test_scale(16), in = 0, out = 0, between = 0;
    for (int i = 0; i < cycles; i++) {
        ct_copy_tree(f.dir, dir);
        pid = fork();
        if (pid == 0)
            child_rejoin(dir);
        /* half of the kills in the run's last third, where its writes are
         * (the derivation takes the rest) */
        double from = i % 2 ? 0 : ms * 2 / 3, span = i % 2 ? ms : ms / 3;
        usleep((useconds_t)(from * 1000) + randombytes_uniform((uint32_t)(span * 1000) + 1));
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        /* the owner's next unlock, then Alex's: on odd cycles Alex first */
        im_vault *o = th_vault_reopen(NULL, dir), *a = NULL, *s = NULL, *x = NULL;
        if (i & 1) {
            a = person(dir, PASS_A);
            REQUIRE(im_couple_space_open(dir, a, &s) == IM_OK);
            im_vault_close(s);
            im_vault_close(a);
        }
        size_t pairs = pairs_of(o); /* 1 and no row: cut between the two steps */
        im_rc rc = im_couple_space_enter(dir, o, env.lib, &x, NULL);
        tally ot = {0, 0};
        if (rc == IM_OK) { /* what the owner reads, before Alex opens it */
            ot = open_all(x);
            im_vault_close(x);
            x = NULL;
        }
        a = person(dir, PASS_A);
        REQUIRE(im_couple_space_open(dir, a, &s) == IM_OK);
        tally t = open_all(s);
        CHECK(t.refused == 0 && t.opened == stored);
        CHECK(pf_reads(s, KEPT_BOTH) == 1 && pf_reads(s, OWNER_UNFINISHED) == 0);
        size_t n = members_of(s);
        im_vault_close(s);
        im_vault_close(a);
        if (rc == IM_OK) { /* in: both rows, every record */
            CHECK(n == 2);
            CHECK(ot.refused == 0 && ot.opened == stored);
            CHECK(pairs_of(o) == 1);
            in++;
        } else { /* out: no row, and the pair without it dropped */
            CHECK_RC(rc, IM_ERR_NOT_FOUND);
            CHECK(n == 1);
            CHECK(pairs_of(o) == 0);
            between += pairs == 1;
            /* and the way back still works */
            CHECK_RC(im_couple_space_rejoin(dir, o, env.lib, PASS_A, &k_min, &x), IM_OK);
            if (x) {
                t = open_all(x);
                CHECK(t.refused == 0 && t.opened == stored && members_of(x) == 2);
                im_vault_close(x);
            }
            out++;
        }
        im_vault_close(o);
    }
    printf("couple_rejoin: %d kills during a rejoin (one run %.0f ms): %d out (%d with the new pair and no "
           "wrap yet), %d in\n",
           cycles, ms, out, between, in);
    im_tmpdir_remove(strdup(dir));
    im_tmpdir_remove(f.dir);
}

int main(void)
{
    REQUIRE(sodium_init() >= 0);
    k_min = im_kdf_params_min();
    im_vault *v = pf_setup(&env, "couple-rejoin-env", 22);
    im_vault_close(v);
    im_tmpdir_remove(env.dir);
    test_rejoin();
    test_nothing_to_rejoin();
    test_between_steps();
    test_rejoin_with_kills();
    return im_check_done();
}
