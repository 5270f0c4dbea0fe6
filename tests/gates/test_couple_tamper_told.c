/*
 * test_couple_tamper_told.c -- the person is told when the couple space's
 * files held something no member wrote.
 *
 * Someone who can write the data folder, with no key, plants a 'leaving'
 * mark in couple/innermost.db (the silent eviction test_couple_planted.c
 * holds core to: the mark does nothing, goes, and the open reports it).
 * The app then unlocks as the owner, and:
 *   - a toast says plainly that the files were changed outside Innermost,
 *     that nothing was lost and nobody left, all of it on screen;
 *   - Together still opens the shared space (not "You left");
 *   - after the app closes, both members still open the space, two of
 *     them, and the mark is gone.
 * And an untouched folder unlocks without any such words.
 * Fails on main: the open's report went to stderr only (the first expect).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "app_harness.h"
#include "check.h"
#include "innermost/content.h"
#include "innermost/couple_space.h"
#include "innermost/people.h"
#include "innermost/vault.h"
#include "vault_fixture.h"

#define ALEX_PASS "alex keeps a quiet notebook"

static th_app h;

static void step(const char *line) { REQUIRE(th_app_step(&h, line) == 0); }

/* The owner's folder with Alex's own space linked to the couple space. */
static void make_folder(const char *tag)
{
    th_app_prepare(&h, tag);
    im_vault *owner = th_vault_create(h.data, NULL, NULL), *space = NULL;
    im_kdf_params min = im_kdf_params_min();
    char code[IM_RECOVERY_CODE_SIZE];
    REQUIRE(im_people_add(owner, ALEX_PASS, &min, code) == IM_OK);
    REQUIRE(im_couple_space_create(h.data, owner, &space) == IM_OK);
    REQUIRE(im_couple_space_join_person(space, h.data, ALEX_PASS, &min) == IM_OK);
    im_vault_close(space);
    im_vault_close(owner);
}

static void space_sql(const char *sql)
{
    char p[TH_PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/%s/innermost.db", h.data, IM_COUPLE_SPACE_DIR);
    sqlite3 *db = NULL;
    REQUIRE(sqlite3_open(p, &db) == SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fprintf(stderr, "couple_tamper_told: %s\n", err ? err : "?");
    REQUIRE(err == NULL);
    sqlite3_close(db);
}

static int marks(void)
{
    char p[TH_PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/%s/innermost.db", h.data, IM_COUPLE_SPACE_DIR);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    REQUIRE(sqlite3_open(p, &db) == SQLITE_OK);
    REQUIRE(sqlite3_prepare_v2(db, "SELECT count(*) FROM meta WHERE key='leaving'", -1, &st, NULL) ==
            SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* Both members open the space, and it has two. */
static void both_in(void)
{
    im_vault *o = th_vault_reopen(NULL, h.data), *a = NULL, *s = NULL;
    im_kdf_params min = im_kdf_params_min();
    REQUIRE(im_couple_space_open(h.data, o, &s) == IM_OK);
    size_t n = 0;
    CHECK_RC(im_couple_space_members(s, &n), IM_OK);
    CHECK(n == 2);
    im_vault_close(s);
    REQUIRE(im_people_unlock(h.data, ALEX_PASS, &min, &a) == IM_OK);
    CHECK_RC(im_couple_space_open(h.data, a, &s), IM_OK);
    im_vault_close(s);
    im_vault_close(a);
    im_vault_close(o);
}

int main(void)
{
    im_process_harden();

    /* a planted mark: told, nothing happens */
    make_folder("tamper-told");
    space_sql("INSERT OR REPLACE INTO meta(key, value) VALUES('leaving', randomblob(16))");
    REQUIRE(marks() == 1);
    th_app_start(&h);
    th_app_unlock(&h, NULL);
    /* (the toast wraps: each expect is of words on one of its lines) */
    step("expect \"files were changed\"");
    step("expect \"outside Innermost\"");
    step("expect \"nobody left, and it is put right.\"");
    step("wait 10");
    step("tap \"Together\"");
    step("expect-not \"You left the couple space\"");
    th_app_stop(&h);
    CHECK(marks() == 0);
    both_in();
    th_app_finish(&h);

    /* an untouched folder: no such words */
    make_folder("tamper-none");
    th_app_start(&h);
    th_app_unlock(&h, NULL);
    step("expect-not \"outside Innermost\"");
    step("tap \"Together\"");
    step("expect-not \"outside Innermost\"");
    th_app_finish(&h);
    return im_check_done();
}
