/*
 * test_people.c -- other people's spaces beside the owner's (people.h):
 * each person's passphrase and recovery code open only their own space and
 * never the owner's (nor the owner's theirs); what one writes is not in
 * another's vault; a wrong passphrase changes no file; the same passphrase
 * twice is refused; a person's changed passphrase keeps the shared salt;
 * trying a passphrase costs one derivation whatever the number of people
 * (figures printed); a kill while a person is added leaves nothing half
 * made that counts as a person, and the next add clears it away.
 * Fails on the old code: there was no people.h.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "innermost/people.h"
#include "vault_test.h"

#define PASS_A "alex has a passphrase"
#define PASS_B "bea has another one"

static const char canary_a[] = "PEOPLECANARYALEX the words only Alex wrote";
static const char canary_b[] = "PEOPLECANARYBEA the words only Bea wrote";
static const char canary_o[] = "PEOPLECANARYOWNER the owner's own words";

static im_kdf_params min_kdf(void) { return im_kdf_params_min(); }

static void add(im_vault *owner, const char *pass, char code[IM_RECOVERY_CODE_SIZE])
{
    im_kdf_params k = min_kdf();
    REQUIRE(im_people_add(owner, pass, &k, code) == IM_OK);
}

/* Whether record 1 of v is a journal entry holding exactly want. */
static int read_first(im_vault *v, const char *want, size_t len)
{
    im_buf b = {0};
    int ok =
        im_record_get(v, IM_KIND_JOURNAL, 1, &b) == IM_OK && b.len == len && memcmp(b.data, want, len) == 0;
    im_buf_free(&b);
    return ok;
}

static void put(im_vault *v, const char *text, size_t len)
{
    int64_t id = 0;
    REQUIRE(im_record_put(v, IM_KIND_JOURNAL, &id, text, len) == IM_OK);
    CHECK(id == 1);
}

static void test_each_opens_only_their_own(void)
{
    char *dir = im_tmpdir_make("people");
    char code_o[IM_RECOVERY_CODE_SIZE], code_a[IM_RECOVERY_CODE_SIZE], code_b[IM_RECOVERY_CODE_SIZE];
    im_vault *owner = th_vault_create(dir, NULL, code_o);
    put(owner, canary_o, sizeof canary_o);
    add(owner, PASS_A, code_a);
    add(owner, PASS_B, code_b);
    int n = -1;
    CHECK_RC(im_people_count(dir, &n), IM_OK);
    CHECK(n == 2);
    CHECK(!im_people_is_person(owner));

    /* the same passphrase as someone's is refused; a locked owner adds nobody */
    char code_x[IM_RECOVERY_CODE_SIZE];
    im_kdf_params k = min_kdf();
    CHECK_RC(im_people_add(owner, PASS_A, &k, code_x), IM_ERR_EXISTS);
    CHECK_RC(im_people_add(owner, "short", &k, code_x), IM_ERR_WEAK_SECRET);
    im_vault_lock(owner);
    CHECK_RC(im_people_add(owner, "somebody new here", &k, code_x), IM_ERR_LOCKED);
    CHECK_RC(im_people_count(dir, &n), IM_OK);
    CHECK(n == 2);
    im_vault_close(owner);

    im_vault *a = NULL, *b = NULL, *x = NULL;
    REQUIRE(im_people_unlock(dir, PASS_A, &k, &a) == IM_OK);
    CHECK(im_people_is_person(a));
    CHECK(im_vault_is_unlocked(a));
    put(a, canary_a, sizeof canary_a);
    /* Bea's space opens while Alex's is open: a different folder, a different lock */
    REQUIRE(im_people_unlock(dir, PASS_B, &k, &b) == IM_OK);
    put(b, canary_b, sizeof canary_b);
    CHECK(read_first(a, canary_a, sizeof canary_a));
    CHECK(read_first(b, canary_b, sizeof canary_b));
    CHECK(!read_first(b, canary_a, sizeof canary_a));
    unsigned char ida[IM_VAULT_ID_BYTES], idb[IM_VAULT_ID_BYTES];
    im_vault_id(a, ida);
    im_vault_id(b, idb);
    CHECK(memcmp(ida, idb, sizeof ida) != 0);
    im_vault_close(a);
    im_vault_close(b);

    /* the owner's secrets open no person; a person's do not open the owner */
    CHECK_RC(im_people_unlock(dir, TH_PASS, &k, &x), IM_ERR_WRONG_SECRET);
    CHECK(x == NULL);
    CHECK_RC(im_people_unlock_recovery(dir, code_o, &x), IM_ERR_WRONG_SECRET);
    REQUIRE(im_vault_open(dir, &owner) == IM_OK);
    CHECK_RC(im_vault_unlock(owner, PASS_A), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_unlock_recovery(owner, code_a), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_unlock(owner, TH_PASS), IM_OK);
    CHECK(read_first(owner, canary_o, sizeof canary_o));
    im_vault_close(owner);

    /* each recovery code opens its own person's space, which then wants a new passphrase */
    REQUIRE(im_people_unlock_recovery(dir, code_b, &b) == IM_OK);
    CHECK(read_first(b, canary_b, sizeof canary_b));
    CHECK(im_vault_recovery_used(b));
    im_vault_close(b);
    REQUIRE(im_people_unlock_recovery(dir, code_a, &a) == IM_OK);
    CHECK(read_first(a, canary_a, sizeof canary_a));
    im_vault_close(a);
    CHECK_RC(im_people_unlock_recovery(dir, "not a code", &x), IM_ERR_INVALID);

    /* no canary is in any file as plain text */
    CHECK(im_scan_dir_for(dir, "PEOPLECANARY", 12) == 0);

    /* removing Alex leaves Bea and the owner as they were */
    REQUIRE(im_people_unlock(dir, PASS_A, &k, &a) == IM_OK);
    CHECK_RC(im_people_remove(a), IM_OK);
    CHECK_RC(im_people_count(dir, &n), IM_OK);
    CHECK(n == 1);
    CHECK_RC(im_people_unlock(dir, PASS_A, &k, &x), IM_ERR_WRONG_SECRET);
    REQUIRE(im_people_unlock(dir, PASS_B, &k, &b) == IM_OK);
    CHECK(read_first(b, canary_b, sizeof canary_b));
    CHECK_RC(im_people_remove(b), IM_OK);
    char root[8200];
    snprintf(root, sizeof root, "%s/people", dir);
    struct stat st;
    CHECK(stat(root, &st) != 0); /* the last one gone: no empty folder tells of them */
    owner = th_vault_reopen(NULL, dir);
    CHECK(read_first(owner, canary_o, sizeof canary_o));
    im_vault_close(owner);
    im_tmpdir_remove(dir);
}

/* Hash of every file under dir/people, in a fixed order, into out. */
static void hash_people(const char *dir, unsigned char out[32])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    char root[8200];
    snprintf(root, sizeof root, "%s/people", dir);
    struct dirent **subs;
    int n = scandir(root, &subs, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *files[] = {"innermost.db", "innermost.db-wal", "innermost.tries"};
        for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
            char p[8600];
            unsigned char one[32];
            snprintf(p, sizeof p, "%s/%s/%s", root, subs[i]->d_name, files[f]);
            vt_hash_file(p, one);
            crypto_generichash_update(&h, one, sizeof one);
        }
        free(subs[i]);
    }
    if (n > 0)
        free(subs);
    crypto_generichash_final(&h, out, 32);
}

static void test_wrong_changes_nothing(void)
{
    char *dir = im_tmpdir_make("people-wrong");
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *owner = th_vault_create(dir, NULL, NULL);
    add(owner, PASS_A, code);
    add(owner, PASS_B, code);
    im_vault_close(owner);
    unsigned char before[32], after[32];
    hash_people(dir, before);
    im_kdf_params k = min_kdf();
    im_vault *x = NULL;
    for (int i = 0; i < 3; i++)
        CHECK_RC(im_people_unlock(dir, "a wrong passphrase", &k, &x), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_people_unlock_recovery(dir, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AA", &x),
             IM_ERR_WRONG_SECRET);
    hash_people(dir, after);
    CHECK(memcmp(before, after, 32) == 0);
    CHECK(x == NULL);
    im_tmpdir_remove(dir);
}

/* Reads the passphrase slot's salt of the vault in dir with plain SQL. */
static void slot_salt(const char *dir, unsigned char salt[IM_SALT_BYTES])
{
    char p[8600];
    snprintf(p, sizeof p, "%s/innermost.db", dir);
    sqlite3 *db = vt_sql_open(p);
    sqlite3_stmt *st;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT salt FROM keyslot WHERE slot=1", -1, &st, NULL) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == IM_SALT_BYTES);
    memcpy(salt, sqlite3_column_blob(st, 0), IM_SALT_BYTES);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* The folders of the people of dir, sorted, into names (at most 8). */
static int people_dirs(const char *dir, char names[8][8500])
{
    char root[8200];
    snprintf(root, sizeof root, "%s/people", dir);
    struct dirent **subs;
    int n = scandir(root, &subs, NULL, alphasort), k = 0;
    for (int i = 0; i < n; i++) {
        if (subs[i]->d_name[0] != '.' && k < 8)
            snprintf(names[k++], 8500, "%s/%s", root, subs[i]->d_name);
        free(subs[i]);
    }
    if (n > 0)
        free(subs);
    return k;
}

static void test_shared_salt_survives_a_change(void)
{
    char *dir = im_tmpdir_make("people-salt");
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *owner = th_vault_create(dir, NULL, NULL);
    add(owner, PASS_A, code);
    add(owner, PASS_B, code);
    im_vault_close(owner);
    static char names[8][8500];
    REQUIRE(people_dirs(dir, names) == 2);
    unsigned char s0[IM_SALT_BYTES], s1[IM_SALT_BYTES];
    slot_salt(names[0], s0);
    slot_salt(names[1], s1);
    CHECK(memcmp(s0, s1, IM_SALT_BYTES) == 0);

    im_kdf_params k = min_kdf();
    im_vault *a = NULL, *x = NULL;
    REQUIRE(im_people_unlock(dir, PASS_A, &k, &a) == IM_OK);
    CHECK_RC(im_vault_change_passphrase(a, "alex changed it today", NULL), IM_OK);
    im_vault_close(a);
    slot_salt(names[0], s0);
    slot_salt(names[1], s1);
    CHECK(memcmp(s0, s1, IM_SALT_BYTES) == 0);
    CHECK_RC(im_people_unlock(dir, PASS_A, &k, &x), IM_ERR_WRONG_SECRET);
    REQUIRE(im_people_unlock(dir, "alex changed it today", &k, &a) == IM_OK);
    im_vault_close(a);
    REQUIRE(im_people_unlock(dir, PASS_B, &k, &a) == IM_OK);
    im_vault_close(a);
    im_tmpdir_remove(dir);
}

static double time_wrong(const char *dir)
{
    im_kdf_params k = min_kdf();
    im_vault *x = NULL;
    double best = 1e9;
    for (int i = 0; i < 5; i++) {
        double t0 = vt_cpu_ms();
        CHECK_RC(im_people_unlock(dir, "a wrong passphrase", &k, &x), IM_ERR_WRONG_SECRET);
        double t = vt_cpu_ms() - t0;
        if (t < best)
            best = t;
    }
    return best;
}

static void test_one_derivation_whatever_the_count(void)
{
    char *dir = im_tmpdir_make("people-time");
    char code[IM_RECOVERY_CODE_SIZE], pass[64];
    im_vault *owner = th_vault_create(dir, NULL, NULL);
    im_vault_lock(owner);
    double t0 = time_wrong(dir);
    REQUIRE(im_vault_unlock(owner, TH_PASS) == IM_OK);
    add(owner, PASS_A, code);
    im_vault_lock(owner);
    double t1 = time_wrong(dir);
    REQUIRE(im_vault_unlock(owner, TH_PASS) == IM_OK);
    for (int i = 0; i < 5; i++) {
        snprintf(pass, sizeof pass, "person number %d here", i);
        add(owner, pass, code);
    }
    im_vault_close(owner);
    double t6 = time_wrong(dir);
    printf("people: a wrong passphrase on Switch person, CPU time, best of 5 (Argon2id 64 MiB, 1 pass): "
           "0 people %.0f ms, 1 person %.0f ms, 6 people %.0f ms\n",
           t0, t1, t6);
    /* One derivation per person would make 6 people take about 6 times
     * one (measured: 998 ms against 151 with a salt per person).  The
     * bound is loose, and 0 against 1 is only printed.  Counted in this
     * thread's CPU time, not wall time: on a shared machine the load moved
     * a wall-clock derivation by half and failed this check. */
    CHECK(t6 < 3.0 * t1);
    im_tmpdir_remove(dir);
}

/* ---- kills while a person is added ---- */

static void child_add(const char *dir, const char *pass)
{
    im_vault *owner = NULL;
    char code[IM_RECOVERY_CODE_SIZE];
    im_kdf_params k = min_kdf();
    if (im_vault_open(dir, &owner) != IM_OK || im_vault_unlock(owner, TH_PASS) != IM_OK)
        _exit(2);
    _exit(im_people_add(owner, pass, &k, code) == IM_OK ? 0 : 3);
}

static int hidden_dirs(const char *dir)
{
    char root[8200];
    snprintf(root, sizeof root, "%s/people", dir);
    DIR *d = opendir(root);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (strncmp(e->d_name, ".new-", 5) == 0)
            n++;
    if (d)
        closedir(d);
    return n;
}

static void test_kill_while_adding(void)
{
    char *dir = im_tmpdir_make("people-kill");
    th_vault_make(dir);
    /* how long one add takes, to spread the kills over it */
    double t0 = vt_now_ms();
    pid_t pid = fork();
    if (pid == 0)
        child_add(dir, "the timing person");
    int status;
    waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    double add_ms = vt_now_ms() - t0;
    int cycles = im_test_scale(24), made = 1, seen_hidden = 0;
    char pass[64];
    for (int i = 0; i < cycles && made < IM_PEOPLE_MAX; i++) {
        snprintf(pass, sizeof pass, "killed person %d", i);
        pid = fork();
        if (pid == 0)
            child_add(dir, pass);
        usleep((useconds_t)(randombytes_uniform((uint32_t)(add_ms * 2000) + 1)));
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        int n = -1;
        CHECK_RC(im_people_count(dir, &n), IM_OK);
        seen_hidden += hidden_dirs(dir) > 0;
        /* whoever counts as a person opens with their passphrase */
        im_vault *x = NULL;
        im_kdf_params k = min_kdf();
        im_rc rc = im_people_unlock(dir, pass, &k, &x);
        if (rc == IM_OK) {
            im_vault_close(x);
            made++;
        } else {
            CHECK_RC(rc, IM_ERR_WRONG_SECRET);
        }
        CHECK(n == made);
    }
    printf("people: %d kills while adding (one add %.0f ms): %d people made whole, "
           "%d kills left a hidden half-made folder, none counted\n",
           cycles, add_ms, made - 1, seen_hidden);
    /* the next add clears what the kills left */
    im_vault *owner = th_vault_reopen(NULL, dir);
    char code[IM_RECOVERY_CODE_SIZE];
    im_kdf_params k = min_kdf();
    im_rc rc = im_people_add(owner, "after the kills", &k, code);
    CHECK(rc == IM_OK || rc == IM_ERR_TOO_LARGE);
    CHECK(hidden_dirs(dir) == 0);
    im_vault_close(owner);
    im_tmpdir_remove(dir);
}

int main(void)
{
    test_each_opens_only_their_own();
    test_wrong_changes_nothing();
    test_shared_salt_survives_a_change();
    test_one_derivation_whatever_the_count();
    test_kill_while_adding();
    return im_check_done();
}
