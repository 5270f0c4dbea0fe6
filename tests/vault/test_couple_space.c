/*
 * test_couple_space.c -- the couple's one shared space (couple_space.h),
 * tested as the attacker would:
 *  - members only: the space made by Alex (a person with a profile) and
 *    joined by Bea (another) is opened by each after their own unlock and
 *    by nobody else: the owner's key and a third person's key find no
 *    canary -- not through the API, not with their master key forced onto
 *    every row of couple/innermost.db, not in the raw bytes of the folder;
 *  - a leave rotates: Bea's old wrap and key pair, kept from a copy of the
 *    whole data folder taken before she left, give the old couple key, which
 *    opens no record of the space afterwards (re-sealed and new alike);
 *  - a member's rekey rotates too: Alex's old passphrase on a copy of his
 *    vault gets a key pair whose wrap is gone and a key that opens nothing;
 *  - migration moves the owner's couple records, partner records and
 *    connection maps (and nothing else) into the space, and kills at random
 *    moments of a migration and of a leave leave everything readable, each
 *    record once.
 * Fails on the old code: there was no couple space (couple records lived
 * in the owner's vault, readable by the owner's key alone).
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "innermost/content.h"
#include "innermost/couple_space.h"
#include "innermost/people.h"
#include "innermost/progress.h"
#include "vault_internal.h"
#include "couple_test.h"
#include "vault_test.h"

#define PASS_A "alex has a passphrase"
#define PASS_A2 "alex changed it to this"
#define PASS_B "bea has another one"
#define PASS_C "cai is a third person"

static const char canary1[] = "COUPLECANARY1 written before anyone left";
static const char canary2[] = "COUPLECANARY2 written after Bea left";
static const char canary3[] = "COUPLECANARY3 written after Alex's rekey";

static im_kdf_params k_min;

static void add(im_vault *owner, const char *pass)
{
    char code[IM_RECOVERY_CODE_SIZE];
    REQUIRE(im_people_add(owner, pass, &k_min, code) == IM_OK);
}

static im_vault *person(const char *dir, const char *pass)
{
    im_vault *v = NULL;
    REQUIRE(im_people_unlock(dir, pass, &k_min, &v) == IM_OK);
    return v;
}

typedef struct scan {
    const char *needle;
    long hits, opened;
} scan;

static int scan_fn(void *ctx, int64_t id, im_rc rc, const unsigned char *data, size_t len)
{
    (void)id;
    scan *s = ctx;
    if (rc != IM_OK || !data)
        return 0;
    s->opened++;
    size_t n = strlen(s->needle);
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(data + i, s->needle, n))
            s->hits++;
    return 0;
}

/* Records of every kind of v that open, and needle's hits in them. */
static scan scan_all(im_vault *v, const char *needle)
{
    scan s = {needle, 0, 0};
    for (uint32_t k = 1; k <= IM_KIND_MAX_; k++)
        CHECK_RC(im_record_foreach(v, k, scan_fn, &s), IM_OK);
    return s;
}

/* needle among the plaintexts of dir's couple space, opened by member. */
static long member_reads(const char *dir, im_vault *member, const char *needle)
{
    im_vault *s = NULL;
    im_rc rc = im_couple_space_open(dir, member, &s);
    if (rc != IM_OK)
        fprintf(stderr, "member_reads %s: %s\n", needle, im_rc_name(rc));
    REQUIRE(rc == IM_OK);
    scan r = scan_all(s, needle);
    im_vault_close(s);
    return r.hits;
}

/* The attack with a master key: forced onto couple/innermost.db, every
 * row tried.  Returns how many rows opened (and whether the key check let
 * it in through the front door). */
static long forced_opens(const char *dir, const unsigned char *master, int *front)
{
    char d[8200];
    snprintf(d, sizeof d, "%s/%s", dir, IM_COUPLE_SPACE_DIR);
    im_vault *s = NULL;
    REQUIRE(im_vault_open(d, &s) == IM_OK);
    *front = im_vault_unlock_master(s, master) == IM_OK;
    REQUIRE(im_vault_keys_set(s, master) == IM_OK);
    scan r = scan_all(s, "");
    im_vault_close(s);
    return r.opened;
}

/* needle in the raw bytes of every file of dir/couple. */
static int raw_has(const char *dir, const char *needle)
{
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "grep -rqa '%s' '%s/%s'", needle, dir, IM_COUPLE_SPACE_DIR);
    return system(cmd) == 0;
}

/* Alex and Bea (people), Cai (a third person), the owner: a space of A+B. */
static char *make_folder(const char *tag)
{
    char *dir = im_tmpdir_make(tag);
    im_vault *owner = th_vault_create(dir, NULL, NULL);
    add(owner, PASS_A);
    add(owner, PASS_B);
    add(owner, PASS_C);
    im_vault_close(owner);
    im_vault *a = person(dir, PASS_A), *b = NULL, *s = NULL;
    REQUIRE(im_couple_space_create(dir, a, &s) == IM_OK);
    /* Bea proves her passphrase to join; a wrong one joins no one */
    CHECK_RC(im_couple_space_join_person(s, dir, "not anyone's passphrase", &k_min), IM_ERR_WRONG_SECRET);
    REQUIRE(im_couple_space_join_person(s, dir, PASS_B, &k_min) == IM_OK);
    b = person(dir, PASS_B);
    CHECK_RC(im_couple_space_join(s, b), IM_ERR_EXISTS);
    size_t n = 0;
    CHECK_RC(im_couple_space_members(s, &n), IM_OK);
    CHECK(n == 2);
    ct_put(s, canary1);
    im_vault_close(s);
    im_vault_close(a);
    im_vault_close(b);
    return dir;
}

static void test_members_only(void)
{
    char *dir = make_folder("couple-members");
    CHECK(im_couple_space_exists(dir));
    /* each member after their own unlock */
    im_vault *a = person(dir, PASS_A), *b = person(dir, PASS_B);
    CHECK(member_reads(dir, a, canary1) == 1);
    CHECK(member_reads(dir, b, canary1) == 1);
    im_vault_close(a);
    im_vault_close(b);
    /* the owner and a third person: nothing, by any way in */
    im_vault *owner = th_vault_reopen(NULL, dir), *c = person(dir, PASS_C);
    im_vault *x = NULL;
    CHECK_RC(im_couple_space_open(dir, owner, &x), IM_ERR_NOT_FOUND);
    CHECK_RC(im_couple_space_open(dir, c, &x), IM_ERR_NOT_FOUND);
    int front = 1;
    CHECK(forced_opens(dir, owner->keys->master, &front) == 0);
    CHECK(!front);
    CHECK(forced_opens(dir, c->keys->master, &front) == 0);
    CHECK(!front);
    CHECK(scan_all(owner, canary1).hits == 0);
    CHECK(scan_all(c, canary1).hits == 0);
    CHECK(!raw_has(dir, "COUPLECANARY"));
    /* Cai cannot join herself: joining takes an open space */
    CHECK_RC(im_couple_space_join(NULL, c), IM_ERR_INVALID);
    im_vault_close(owner);
    im_vault_close(c);
    im_tmpdir_remove(dir);
}

/* Erase everything: a member going for good leaves the space to the
 * others; the last one takes it with them, folder and all; someone who is
 * no member ends nothing. */
static void test_quit(void)
{
    char *dir = make_folder("couple-quit");
    im_vault *a = person(dir, PASS_A), *b = person(dir, PASS_B), *c = person(dir, PASS_C), *s = NULL;
    REQUIRE(im_couple_space_open(dir, a, &s) == IM_OK);
    CHECK_RC(im_couple_space_quit(s, c), IM_ERR_NOT_FOUND); /* frees s */
    CHECK(im_couple_space_exists(dir));
    CHECK(member_reads(dir, a, canary1) == 1);
    REQUIRE(im_couple_space_open(dir, b, &s) == IM_OK);
    CHECK_RC(im_couple_space_quit(s, b), IM_OK);
    CHECK(im_couple_space_exists(dir));
    CHECK(member_reads(dir, a, canary1) == 1);
    im_vault *x = NULL;
    CHECK_RC(im_couple_space_open(dir, b, &x), IM_ERR_NOT_FOUND);
    REQUIRE(im_couple_space_open(dir, a, &s) == IM_OK);
    CHECK_RC(im_couple_space_quit(s, a), IM_OK);
    CHECK(!im_couple_space_exists(dir));
    char sub[8300];
    struct stat st;
    snprintf(sub, sizeof sub, "%s/%s", dir, IM_COUPLE_SPACE_DIR);
    CHECK(stat(sub, &st) != 0 && errno == ENOENT);
    im_vault_close(a);
    im_vault_close(b);
    im_vault_close(c);
    im_tmpdir_remove(dir);
}

/* The couple key a member's copy gives (from a copied folder). */
static void key_from(const char *dir, const char *pass, unsigned char out[32])
{
    im_vault *m = person(dir, pass), *s = NULL;
    REQUIRE(im_couple_space_open(dir, m, &s) == IM_OK);
    memcpy(out, s->keys->master, 32);
    im_vault_close(s);
    im_vault_close(m);
}

static void test_leave_rotates(void)
{
    char *dir = make_folder("couple-leave");
    char copy[8200];
    snprintf(copy, sizeof copy, "%s.copy", dir);
    ct_copy_tree(dir, copy); /* the attacker's copy, before Bea leaves */
    unsigned char old_key[32];
    key_from(copy, PASS_B, old_key);

    im_vault *a = person(dir, PASS_A), *b = person(dir, PASS_B), *s = NULL;
    char cmd[8300];
    REQUIRE(im_couple_space_open(dir, b, &s) == IM_OK);
    CHECK_RC(im_couple_space_leave(s, b), IM_OK);
    ct_put(s, canary2);
    size_t n = 0;
    CHECK_RC(im_couple_space_members(s, &n), IM_OK);
    CHECK(n == 1);
    CHECK_RC(im_couple_space_leave(s, a), IM_ERR_STATE); /* the last one */
    im_vault_close(s);
    /* Bea's wrap and pair are gone; Alex reads both canaries */
    im_vault *x = NULL;
    CHECK_RC(im_couple_space_open(dir, b, &x), IM_ERR_NOT_FOUND);
    size_t mine = 9;
    CHECK_RC(im_record_count(b, IM_KIND_COUPLE_MEMBER, &mine), IM_OK);
    CHECK(mine == 0);
    CHECK(member_reads(dir, a, canary1) == 1);
    CHECK(member_reads(dir, a, canary2) == 1);
    /* the old key from the copy opens no row of the space now */
    int front = 1;
    CHECK(forced_opens(dir, old_key, &front) == 0);
    CHECK(!front);
    /* Bea's copied vault still holds her old pair, and her old wrap row
     * pasted back from the copy opens -- to the old key, which the space's
     * key check refuses */
    im_vault *b_old = person(copy, PASS_B);
    sqlite3 *db = vt_sql_open(ct_space_db(dir, cmd, sizeof cmd));
    char att[8500];
    snprintf(att, sizeof att,
             "ATTACH '%s/couple/innermost.db' AS c; INSERT OR REPLACE INTO main.meta "
             "SELECT * FROM c.meta WHERE key LIKE 'member.%%'; DETACH c;",
             copy);
    vt_sql(db, att);
    sqlite3_close(db);
    CHECK_RC(im_couple_space_open(dir, b_old, &x), IM_ERR_REPLACED);
    /* Alex's row was pasted back too: refused alike, never the old key */
    CHECK_RC(im_couple_space_open(dir, a, &x), IM_ERR_REPLACED);
    im_vault_close(b_old);
    im_vault_close(b);
    im_vault_close(a);
    im_tmpdir_remove(dir);
    im_tmpdir_remove(strdup(copy));
}

static void test_rekey_rotates(void)
{
    char *dir = make_folder("couple-rekey");
    char copy[8200];
    snprintf(copy, sizeof copy, "%s.copy", dir);
    ct_copy_tree(dir, copy);
    unsigned char old_key[32];
    key_from(copy, PASS_A, old_key);
    im_vault *a = person(dir, PASS_A), *s = NULL, *c = person(dir, PASS_C);
    REQUIRE(im_vault_change_passphrase(a, PASS_A2, &k_min) == IM_OK);
    CHECK_RC(im_couple_space_after_rekey(dir, a), IM_OK);
    CHECK_RC(im_couple_space_after_rekey(dir, c), IM_OK); /* no member: nothing */
    im_vault_close(c);
    REQUIRE(im_couple_space_open(dir, a, &s) == IM_OK);
    ct_put(s, canary3);
    im_vault_close(s);
    im_vault_close(a);
    /* the new passphrase, and Bea, read everything */
    a = person(dir, PASS_A2);
    im_vault *b = person(dir, PASS_B);
    CHECK(member_reads(dir, a, canary1) == 1);
    CHECK(member_reads(dir, a, canary3) == 1);
    CHECK(member_reads(dir, b, canary3) == 1);
    /* the old passphrase on the copied vault: its pair's wrap is gone */
    im_vault *a_old = person(copy, PASS_A), *x = NULL;
    CHECK_RC(im_couple_space_open(dir, a_old, &x), IM_ERR_NOT_FOUND);
    int front = 1;
    CHECK(forced_opens(dir, old_key, &front) == 0);
    CHECK(!front);
    CHECK(!raw_has(dir, "COUPLECANARY"));
    im_vault_close(a_old);
    im_vault_close(a);
    im_vault_close(b);
    im_tmpdir_remove(dir);
    im_tmpdir_remove(strdup(copy));
}

/* ---- migration ---- */

#define N_MOVE 120

static void fill_owner(im_vault *owner)
{
    char text[64];
    for (int i = 0; i < N_MOVE; i++) {
        snprintf(text, sizeof text, "MOVECANARY-%03d", i);
        ct_put(owner, text);
    }
    int64_t id = 0;
    REQUIRE(im_record_put(owner, IM_KIND_PARTNER, &id, "MOVEPARTNER", 11) == IM_OK);
    id = 0;
    REQUIRE(im_record_put(owner, IM_KIND_JOURNAL, &id, "STAYJOURNAL", 11) == IM_OK);
    im_progress_event e = im_progress_event_make(IM_PROGRESS_CONNECTION_MAP, "couple.map", NULL);
    e.ratings[0][0] = 7;
    REQUIRE(im_progress_log(owner, &e, NULL) == IM_OK);
    e = im_progress_event_make(IM_PROGRESS_PATH_STEP, "path.one", NULL);
    REQUIRE(im_progress_log(owner, &e, NULL) == IM_OK);
}

/* Every record once, in the space or (not yet moved) in the owner's. */
static void check_each_once(const char *dir, int finished)
{
    im_vault *owner = th_vault_reopen(NULL, dir), *s = NULL;
    REQUIRE(im_couple_space_open(dir, owner, &s) == IM_OK);
    char text[64];
    int bad = 0;
    for (int i = 0; i < N_MOVE; i++) {
        snprintf(text, sizeof text, "MOVECANARY-%03d", i);
        long in_s = scan_all(s, text).hits, in_o = scan_all(owner, text).hits;
        if (in_s > 1 || in_o > 1 || in_s + in_o == 0 || (finished && (in_s != 1 || in_o != 0)))
            bad++;
    }
    CHECK(bad == 0);
    CHECK(scan_all(owner, "STAYJOURNAL").hits == 1);
    CHECK(scan_all(s, "STAYJOURNAL").hits == 0);
    if (finished) {
        size_t n = 9;
        CHECK_RC(im_record_count(owner, IM_KIND_COUPLE, &n), IM_OK);
        CHECK(n == 0);
        CHECK_RC(im_record_count(owner, IM_KIND_PARTNER, &n), IM_OK);
        CHECK(n == 0);
        CHECK(scan_all(s, "MOVEPARTNER").hits == 1);
        im_progress_event *ev = NULL;
        CHECK_RC(im_progress_connection_maps(s, &ev, &n), IM_OK);
        CHECK(n == 1 && ev[0].ratings[0][0] == 7);
        free(ev);
        CHECK_RC(im_progress_connection_maps(owner, &ev, &n), IM_OK);
        CHECK(n == 0);
        free(ev);
        CHECK_RC(im_progress_events(owner, IM_PROGRESS_PATH_STEP, 0, INT64_MAX, &ev, &n), IM_OK);
        CHECK(n == 1);
        free(ev);
    }
    im_vault_close(s);
    im_vault_close(owner);
}

static void child_migrate(const char *dir)
{
    im_vault *owner = NULL, *s = NULL;
    if (im_vault_open(dir, &owner) != IM_OK || im_vault_unlock(owner, TH_PASS) != IM_OK ||
        im_couple_space_open(dir, owner, &s) != IM_OK)
        _exit(2);
    size_t n = 0;
    _exit(im_couple_space_migrate(owner, s, NULL, &n) == IM_OK ? 0 : 3);
}

static void test_migrate_with_kills(void)
{
    char *dir = im_tmpdir_make("couple-migrate");
    im_vault *owner = th_vault_create(dir, NULL, NULL), *s = NULL;
    fill_owner(owner);
    REQUIRE(im_couple_space_create(dir, owner, &s) == IM_OK);
    im_vault_close(s);
    im_vault_close(owner);
    double t0 = vt_now_ms();
    pid_t pid = fork();
    if (pid == 0) { /* timing run on a copy */
        char c[8200];
        snprintf(c, sizeof c, "%s.t", dir);
        ct_copy_tree(dir, c);
        child_migrate(c);
    }
    int status;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    double ms = vt_now_ms() - t0;
    int cycles = im_test_scale(16), killed_early = 0;
    for (int i = 0; i < cycles; i++) {
        pid = fork();
        if (pid == 0)
            child_migrate(dir);
        usleep((useconds_t)randombytes_uniform((uint32_t)(ms * 1000) + 1));
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        killed_early += WIFSIGNALED(status);
        check_each_once(dir, 0);
    }
    owner = th_vault_reopen(NULL, dir);
    im_rc move_rc = IM_ERR_IO;
    REQUIRE(im_couple_space_enter(dir, owner, NULL, &s, &move_rc) == IM_OK); /* finishes it */
    CHECK_RC(move_rc, IM_OK);
    size_t moved = 0;
    CHECK_RC(im_couple_space_migrate(owner, s, NULL, &moved), IM_OK);
    CHECK_RC(im_couple_space_migrate(owner, s, NULL, &moved), IM_OK);
    CHECK(moved == 0); /* nothing left: idempotent */
    im_vault_close(s);
    im_vault_close(owner);
    check_each_once(dir, 1);
    printf("couple_space: %d kills during migration (one run %.0f ms), %d before it ended\n", cycles, ms,
           killed_early);
    char t[8200];
    snprintf(t, sizeof t, "%s.t", dir);
    im_tmpdir_remove(strdup(t));
    im_tmpdir_remove(dir);
}

static void child_leave(const char *dir)
{
    im_vault *b = NULL, *s = NULL;
    if (im_people_unlock(dir, PASS_B, &k_min, &b) != IM_OK || im_couple_space_open(dir, b, &s) != IM_OK)
        _exit(2);
    _exit(im_couple_space_leave(s, b) == IM_OK ? 0 : 3);
}

static void test_leave_with_kills(void)
{
    char *tpl = make_folder("couple-leave-kill");
    im_vault *a = person(tpl, PASS_A), *s = NULL;
    REQUIRE(im_couple_space_open(tpl, a, &s) == IM_OK);
    char text[64];
    for (int i = 0; i < N_MOVE; i++) {
        snprintf(text, sizeof text, "LEAVECANARY-%03d", i);
        ct_put(s, text);
    }
    im_vault_close(s);
    im_vault_close(a);
    char dir[8200];
    snprintf(dir, sizeof dir, "%s.w", tpl);
    ct_copy_tree(tpl, dir);
    double t0 = vt_now_ms();
    int status;
    pid_t pid = fork();
    if (pid == 0)
        child_leave(dir);
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    double ms = vt_now_ms() - t0;
    int cycles = im_test_scale(16), left = 0, stayed = 0;
    for (int i = 0; i < cycles; i++) {
        ct_copy_tree(tpl, dir);
        pid = fork();
        if (pid == 0)
            child_leave(dir);
        usleep((useconds_t)randombytes_uniform((uint32_t)(ms * 1000) + 1));
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        /* Alex reads everything whatever the moment */
        a = person(dir, PASS_A);
        REQUIRE(im_couple_space_open(dir, a, &s) == IM_OK);
        CHECK(scan_all(s, "LEAVECANARY-").hits == N_MOVE);
        CHECK(scan_all(s, canary1).hits == 1);
        size_t n = 0;
        CHECK_RC(im_couple_space_members(s, &n), IM_OK);
        im_vault_close(s);
        im_vault_close(a);
        im_vault *b = person(dir, PASS_B), *x = NULL;
        im_rc rc = im_couple_space_open(dir, b, &x);
        if (n == 1) { /* the rotation committed: her wrap is gone */
            CHECK_RC(rc, IM_ERR_NOT_FOUND);
            left++;
        } else { /* it did not: she is still in, with the old key */
            CHECK(n == 2);
            CHECK_RC(rc, IM_OK);
            if (rc == IM_OK)
                im_vault_close(x);
            stayed++;
        }
        im_vault_close(b);
    }
    printf("couple_space: %d kills during a leave (one run %.0f ms): %d after the rotation, %d before\n",
           cycles, ms, left, stayed);
    im_tmpdir_remove(strdup(dir));
    im_tmpdir_remove(tpl);
}

/* ---- leaving of one's own accord (im_couple_space_leave_with) ---- */

static const char canary4[] = "COUPLECANARY4 written after the owner left";

/* The owner (TH_PASS) and Alex (a person), a space the owner made and
 * Alex joined by proving his passphrase (Settings, "Use my own space for
 * Together"); linked 0: the owner alone (the partner has no profile). */
static char *owner_folder(const char *tag, int linked)
{
    char *dir = im_tmpdir_make(tag);
    im_vault *owner = th_vault_create(dir, NULL, NULL), *s = NULL;
    add(owner, PASS_A);
    REQUIRE(im_couple_space_create(dir, owner, &s) == IM_OK);
    if (linked)
        REQUIRE(im_couple_space_join_person(s, dir, PASS_A, &k_min) == IM_OK);
    ct_put(s, canary1);
    im_vault_close(s);
    im_vault_close(owner);
    return dir;
}

/* The owner leaves while Alex is linked: a wrong passphrase changes
 * nothing; the right one takes the owner out -- the owner's wrap and pair
 * gone, the couple key new -- and Alex keeps the space.  The attack: the
 * owner's key (the master key, and the couple key a copy of the owner's
 * vault and of couple/ gives) opens 0 rows of couple/innermost.db after,
 * and the owner's old wrap pasted back opens nothing. */
static void test_owner_leaves_linked(void)
{
    char *dir = owner_folder("couple-owner-leaves", 1);
    char copy[8200], cmd[8300];
    snprintf(copy, sizeof copy, "%s.copy", dir);
    ct_copy_tree(dir, copy); /* the attacker's copy, before the owner leaves */
    unsigned char old_key[32];
    {
        im_vault *o = th_vault_reopen(NULL, copy), *x = NULL;
        REQUIRE(im_couple_space_open(copy, o, &x) == IM_OK);
        memcpy(old_key, x->keys->master, 32);
        im_vault_close(x);
        im_vault_close(o);
    }
    im_library *lib = im_library_new();
    REQUIRE(lib);
    im_vault *owner = th_vault_reopen(NULL, dir), *s = NULL;
    REQUIRE(im_couple_space_open(dir, owner, &s) == IM_OK);
    int ends = 9, ended = 9;
    CHECK_RC(im_couple_space_leave_ends(s, owner, &ends), IM_OK);
    CHECK(ends == 0);
    CHECK_RC(im_couple_space_leave_with(&s, owner, lib, "not the owner's passphrase", &ended),
             IM_ERR_WRONG_SECRET);
    CHECK(s != NULL && ended == 0); /* nothing changed: still open, still two */
    size_t n = 0;
    CHECK_RC(im_couple_space_members(s, &n), IM_OK);
    CHECK(n == 2);
    CHECK_RC(im_couple_space_leave_with(&s, owner, lib, PASS_A, &ended),
             IM_ERR_WRONG_SECRET); /* Alex's passphrase is not the owner's */
    CHECK(s != NULL);
    CHECK_RC(im_couple_space_leave_with(&s, owner, lib, TH_PASS, &ended), IM_OK);
    CHECK(s == NULL && ended == 0);
    /* the owner is out: no open, no pair; Alex reads the old and the new */
    im_vault *x = NULL;
    CHECK_RC(im_couple_space_open(dir, owner, &x), IM_ERR_NOT_FOUND);
    size_t mine = 9;
    CHECK_RC(im_record_count(owner, IM_KIND_COUPLE_MEMBER, &mine), IM_OK);
    CHECK(mine == 0);
    im_vault *a = person(dir, PASS_A);
    REQUIRE(im_couple_space_open(dir, a, &s) == IM_OK);
    CHECK_RC(im_couple_space_members(s, &n), IM_OK);
    CHECK(n == 1);
    ct_put(s, canary4);
    im_vault_close(s);
    CHECK(member_reads(dir, a, canary1) == 1);
    CHECK(member_reads(dir, a, canary4) == 1);
    /* the owner's keys: 0 rows of couple/innermost.db open */
    int front = 1;
    CHECK(forced_opens(dir, owner->keys->master, &front) == 0);
    CHECK(!front);
    CHECK(forced_opens(dir, old_key, &front) == 0);
    CHECK(!front);
    CHECK(scan_all(owner, "COUPLECANARY").hits == 0);
    CHECK(!raw_has(dir, "COUPLECANARY"));
    /* the owner's copied vault and its old wrap pasted back: refused */
    im_vault *o_old = th_vault_reopen(NULL, copy);
    sqlite3 *db = vt_sql_open(ct_space_db(dir, cmd, sizeof cmd));
    char att[8500];
    snprintf(att, sizeof att,
             "ATTACH '%s/couple/innermost.db' AS c; INSERT OR REPLACE INTO main.meta "
             "SELECT * FROM c.meta WHERE key LIKE 'member.%%'; DETACH c;",
             copy);
    vt_sql(db, att);
    sqlite3_close(db);
    CHECK_RC(im_couple_space_open(dir, o_old, &x), IM_ERR_REPLACED);
    im_vault_close(o_old);
    im_vault_close(a);
    im_vault_close(owner);
    im_library_free(lib);
    im_tmpdir_remove(dir);
    im_tmpdir_remove(strdup(copy));
}

/* The owner leaves while the partner has no profile: Together ends on
 * this device -- the space's files and folder go, and the owner's pair. */
static void test_owner_leaves_alone(void)
{
    char *dir = owner_folder("couple-owner-ends", 0);
    im_library *lib = im_library_new();
    REQUIRE(lib);
    im_vault *owner = th_vault_reopen(NULL, dir), *s = NULL;
    REQUIRE(im_couple_space_open(dir, owner, &s) == IM_OK);
    int ends = 9, ended = 9;
    CHECK_RC(im_couple_space_leave_ends(s, owner, &ends), IM_OK);
    CHECK(ends == 1);
    CHECK_RC(im_couple_space_leave_with(&s, owner, lib, "a wrong one", &ended), IM_ERR_WRONG_SECRET);
    CHECK(s != NULL && ended == 0 && im_couple_space_exists(dir));
    CHECK(scan_all(s, canary1).hits == 1);
    /* Alex (no member) ends nothing */
    im_vault *a = person(dir, PASS_A);
    CHECK_RC(im_couple_space_leave_with(&s, a, lib, PASS_A, &ended), IM_ERR_NOT_FOUND);
    CHECK_RC(im_couple_space_leave_ends(s, a, &ends), IM_ERR_NOT_FOUND);
    CHECK(s != NULL && im_couple_space_exists(dir));
    im_vault_close(a);
    CHECK_RC(im_couple_space_leave_with(&s, owner, lib, TH_PASS, &ended), IM_OK);
    CHECK(s == NULL && ended == 1);
    CHECK(!im_couple_space_exists(dir));
    char sub[8300];
    struct stat st;
    snprintf(sub, sizeof sub, "%s/%s", dir, IM_COUPLE_SPACE_DIR);
    CHECK(stat(sub, &st) != 0 && errno == ENOENT);
    size_t mine = 9;
    CHECK_RC(im_record_count(owner, IM_KIND_COUPLE_MEMBER, &mine), IM_OK);
    CHECK(mine == 0);
    /* a new space can be made again: Together starts afresh */
    REQUIRE(im_couple_space_create(dir, owner, &s) == IM_OK);
    CHECK(scan_all(s, canary1).hits == 0);
    im_vault_close(s);
    im_vault_close(owner);
    im_library_free(lib);
    im_tmpdir_remove(dir);
}

/* Undoing a link: Alex leaves from his own space, with his passphrase
 * (the owner's does not do it for him); the owner keeps the space, and
 * Alex's old couple key opens 0 rows after. */
static void test_person_unlinks(void)
{
    char *dir = owner_folder("couple-unlink", 1);
    unsigned char old_key[32];
    key_from(dir, PASS_A, old_key);
    im_library *lib = im_library_new();
    REQUIRE(lib);
    im_vault *a = person(dir, PASS_A), *s = NULL;
    REQUIRE(im_couple_space_open(dir, a, &s) == IM_OK);
    CHECK(im_couple_space_place_of(a) == IM_COUPLE_PLACE_PERSON);
    int ended = 9;
    CHECK_RC(im_couple_space_leave_with(&s, a, lib, TH_PASS, &ended), IM_ERR_WRONG_SECRET);
    CHECK(s != NULL);
    CHECK_RC(im_couple_space_leave_with(&s, a, lib, PASS_A, &ended), IM_OK);
    CHECK(s == NULL && ended == 0 && im_couple_space_exists(dir));
    im_vault *x = NULL;
    CHECK_RC(im_couple_space_open(dir, a, &x), IM_ERR_NOT_FOUND);
    im_vault *owner = th_vault_reopen(NULL, dir);
    CHECK(im_couple_space_place_of(owner) == IM_COUPLE_PLACE_OWNER);
    REQUIRE(im_couple_space_open(dir, owner, &s) == IM_OK);
    ct_put(s, canary4);
    size_t n = 0;
    CHECK_RC(im_couple_space_members(s, &n), IM_OK);
    CHECK(n == 1);
    im_vault_close(s);
    CHECK(member_reads(dir, owner, canary1) == 1);
    CHECK(member_reads(dir, owner, canary4) == 1);
    int front = 1;
    CHECK(forced_opens(dir, old_key, &front) == 0);
    CHECK(!front);
    CHECK(forced_opens(dir, a->keys->master, &front) == 0);
    im_vault_close(owner);
    im_vault_close(a);
    im_library_free(lib);
    im_tmpdir_remove(dir);
}

/* The moment after the erase's transaction (a sealed 'leaving' mark): the
 * owner's leave cut short there -- its space's connection turns every
 * COMMIT after the erase's into a rollback, as a kill would leave it.
 * Whoever opens next finishes the leave; the leaver is refused from then
 * on, and their pair goes.  (A mark made by hand in the file is no mark:
 * test_couple_planted.c.) */
static int commit_once(void *ctx)
{
    int *n = ctx;
    return (*n)++ >= 1;
}

static void test_leave_mark_finished(void)
{
    for (int leaver_first = 0; leaver_first < 2; leaver_first++) {
        char *copy = owner_folder(leaver_first ? "couple-mark-a" : "couple-mark-o", 1);
        im_library *lib = im_library_new();
        im_vault *owner = th_vault_reopen(NULL, copy), *s = NULL;
        REQUIRE(im_couple_space_open(copy, owner, &s) == IM_OK);
        int commits = 0;
        sqlite3_commit_hook(s->db, commit_once, &commits);
        CHECK(im_couple_space_leave_with(&s, owner, lib, TH_PASS, NULL) != IM_OK);
        CHECK(commits == 2); /* the erase and its mark, not the rotation */
        REQUIRE(s != NULL);
        sqlite3_commit_hook(s->db, NULL, NULL);
        im_vault_close(s);
        im_vault_close(owner);
        owner = th_vault_reopen(NULL, copy);
        im_vault *a = person(copy, PASS_A), *x = NULL;
        if (leaver_first)
            CHECK_RC(im_couple_space_open(copy, owner, &x), IM_ERR_NOT_FOUND);
        REQUIRE(im_couple_space_open(copy, a, &s) == IM_OK);
        size_t n = 0;
        CHECK_RC(im_couple_space_members(s, &n), IM_OK);
        CHECK(n == 1);
        CHECK(scan_all(s, canary1).hits == 1);
        im_vault_close(s);
        CHECK_RC(im_couple_space_open(copy, owner, &x), IM_ERR_NOT_FOUND);
        size_t mine = 9;
        CHECK_RC(im_record_count(owner, IM_KIND_COUPLE_MEMBER, &mine), IM_OK);
        CHECK(mine == (size_t)(leaver_first ? 0 : 1)); /* the leaver's own open drops it */
        int front = 1;
        CHECK(forced_opens(copy, owner->keys->master, &front) == 0);
        im_vault_close(a);
        im_vault_close(owner);
        im_library_free(lib);
        im_tmpdir_remove(copy);
    }
}

/* Kills at random moments of the owner's leave: Alex reads every record
 * whatever the moment, and the owner is either fully in (nothing
 * committed) or out for good -- never back in after a refusal. */
static void test_owner_leave_with_kills(void)
{
    char *tpl = owner_folder("couple-owner-leave-kill", 1);
    im_vault *a = person(tpl, PASS_A), *s = NULL;
    REQUIRE(im_couple_space_open(tpl, a, &s) == IM_OK);
    char text[64];
    for (int i = 0; i < N_MOVE; i++) {
        snprintf(text, sizeof text, "LEAVECANARY-%03d", i);
        ct_put(s, text);
    }
    im_vault_close(s);
    im_vault_close(a);
    char dir[8200];
    snprintf(dir, sizeof dir, "%s.w", tpl);
    ct_copy_tree(tpl, dir);
    double t0 = vt_now_ms();
    int status;
    pid_t pid = fork();
    if (pid == 0)
        ct_child_leave_with(dir);
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    double ms = vt_now_ms() - t0;
    int cycles = im_test_scale(16), left = 0, stayed = 0;
    for (int i = 0; i < cycles; i++) {
        ct_copy_tree(tpl, dir);
        pid = fork();
        if (pid == 0)
            ct_child_leave_with(dir);
        usleep((useconds_t)randombytes_uniform((uint32_t)(ms * 1000) + 1));
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        /* on odd cycles the owner opens first, on even ones Alex */
        im_vault *o = th_vault_reopen(NULL, dir), *x = NULL;
        im_rc first = IM_OK;
        if (i & 1) {
            first = im_couple_space_open(dir, o, &x);
            if (first == IM_OK)
                im_vault_close(x);
        }
        /* a kill never reads as someone changing the files */
        a = person(dir, PASS_A);
        unsigned found = 9;
        REQUIRE(im_couple_space_open_found(dir, a, NULL, &s, &found) == IM_OK);
        CHECK(found == 0);
        CHECK(scan_all(s, "LEAVECANARY-").hits == N_MOVE);
        CHECK(scan_all(s, canary1).hits == 1);
        size_t n = 0;
        CHECK_RC(im_couple_space_members(s, &n), IM_OK);
        im_vault_close(s);
        im_vault_close(a);
        im_rc rc = im_couple_space_open_found(dir, o, NULL, &x, &found);
        CHECK(found == 0);
        if (n == 1) { /* out: refused, before and after */
            CHECK_RC(rc, IM_ERR_NOT_FOUND);
            left++;
        } else { /* nothing committed: in, with both rows */
            CHECK(n == 2);
            CHECK_RC(first, IM_OK);
            CHECK_RC(rc, IM_OK);
            if (rc == IM_OK)
                im_vault_close(x);
            stayed++;
        }
        im_vault_close(o);
    }
    printf("couple_space: %d kills during the owner's leave (one run %.0f ms): %d out, %d still in\n", cycles,
           ms, left, stayed);
    im_tmpdir_remove(strdup(dir));
    im_tmpdir_remove(tpl);
}

static void child_rekey(const char *dir)
{
    im_vault *a = NULL, *s = NULL;
    if (im_people_unlock(dir, PASS_A, &k_min, &a) != IM_OK || im_couple_space_open(dir, a, &s) != IM_OK)
        _exit(2);
    _exit(im_couple_space_rekey(s, a) == IM_OK ? 0 : 3);
}

/* Kills during a member's rekey (invariant 4): both members always open
 * the space and read every record. */
static void test_rekey_with_kills(void)
{
    char *dir = make_folder("couple-rekey-kill");
    im_vault *a = person(dir, PASS_A), *s = NULL;
    REQUIRE(im_couple_space_open(dir, a, &s) == IM_OK);
    char text[64];
    for (int i = 0; i < N_MOVE; i++) {
        snprintf(text, sizeof text, "REKEYCANARY-%03d", i);
        ct_put(s, text);
    }
    im_vault_close(s);
    im_vault_close(a);
    double t0 = vt_now_ms();
    int status;
    pid_t pid = fork();
    if (pid == 0)
        child_rekey(dir);
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    double ms = vt_now_ms() - t0;
    int cycles = im_test_scale(16), done = 0;
    for (int i = 0; i < cycles; i++) {
        pid = fork();
        if (pid == 0)
            child_rekey(dir);
        usleep((useconds_t)randombytes_uniform((uint32_t)(ms * 1000) + 1));
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        done += WIFEXITED(status);
        const char *pass[2] = {PASS_A, PASS_B};
        for (int m = 0; m < 2; m++) {
            im_vault *v = person(dir, pass[m]);
            REQUIRE(im_couple_space_open(dir, v, &s) == IM_OK);
            CHECK(scan_all(s, "REKEYCANARY-").hits == N_MOVE);
            im_vault_close(s);
            im_vault_close(v);
        }
    }
    printf("couple_space: %d kills during a rekey (one run %.0f ms), %d ran to the end\n", cycles, ms, done);
    im_tmpdir_remove(dir);
}

int main(void)
{
    REQUIRE(sodium_init() >= 0);
    k_min = im_kdf_params_min();
    test_members_only();
    test_leave_rotates();
    test_quit();
    test_rekey_rotates();
    test_migrate_with_kills();
    test_leave_with_kills();
    test_rekey_with_kills();
    test_owner_leaves_linked();
    test_owner_leaves_alone();
    test_person_unlinks();
    test_leave_mark_finished();
    test_owner_leave_with_kills();
    return im_check_done();
}
