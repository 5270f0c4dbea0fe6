/*
 * test_wrong_tries.c -- the attacks on the security settings, on the
 * real app driven headless:
 *   - wrong passphrases leave innermost.db and its -wal byte for byte as
 *     they were (the count lives in innermost.tries beside them);
 *   - after the right one, the owner is told how many wrong tries there
 *     were since the last unlock, in plain words;
 *   - a plain `autolock_s=0` planted in the file does not turn auto-lock
 *     off: the app uses the sealed value (or the default), never the plain
 *     row.
 */
#define _POSIX_C_SOURCE 200809L
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app_harness.h"
#include "check.h"
#include "innermost/vault.h"

static th_app h;

static int step(const char *s) { return th_app_step(&h, s); }

typedef struct snap {
    unsigned char *db, *wal;
    size_t ndb, nwal;
} snap;

static void snap_take(const char *dir, snap *s)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/innermost.db", dir);
    s->db = im_file_read(p, &s->ndb);
    snprintf(p, sizeof p, "%s/innermost.db-wal", dir);
    s->wal = im_file_read(p, &s->nwal);
    if (!s->wal)
        s->nwal = 0;
}

static int snap_same(const snap *a, const snap *b)
{
    return a->db && b->db && a->ndb == b->ndb && !memcmp(a->db, b->db, a->ndb) && !a->wal == !b->wal &&
           a->nwal == b->nwal && (!a->wal || !memcmp(a->wal, b->wal, a->nwal));
}

static void snap_free(snap *s)
{
    free(s->db);
    free(s->wal);
}

static void wrong_try(void)
{
    CHECK(step("tap \"Passphrase\"") == 0);
    CHECK(step("type \"not my words at all\"") == 0);
    CHECK(step("tap \"Unlock\"") == 0);
    CHECK(step("expect \"did not open Innermost\"") == 0);
    CHECK(step("wait 7") == 0); /* the growing wait: 3 s, then 6 s */
}

int main(void)
{
    th_app_prepare(&h, "wrong-tries");
    const char *dir = h.data;
    im_vault *v = th_vault_create(dir, NULL, NULL);
    /* the attacker's plain row: auto-lock off, a value Settings never offers */
    REQUIRE(im_vault_pref_set(v, "autolock_s", 0) == IM_OK);
    im_vault_close(v);

    th_app_start(&h);
    ui_session *s = ui_session_of(th_app_ui(&h));
    CHECK(step("expect \"Unlock Innermost\"") == 0);

    snap before = {0}, after = {0};
    snap_take(dir, &before);
    wrong_try();
    wrong_try();
    snap_take(dir, &after);
    CHECK(snap_same(&before, &after)); /* not one byte of the vault changed */
    snap_free(&before);
    snap_free(&after);

    CHECK(step("tap \"Passphrase\"") == 0);
    CHECK(step("type \"" TH_PASS "\"") == 0);
    CHECK(step("tap \"Unlock\"") == 0);
    CHECK(step("expect \"2 times since\"") == 0);
    CHECK(strstr(th_app_ui(&h)->toast,
                 "Someone typed a wrong passphrase or code 2 times since Innermost was last opened.") !=
          NULL);
    CHECK(ui_session_is_unlocked(s));
    CHECK(s->autolock_s == UI_AUTOLOCK_DEFAULT_S); /* the planted 0 refused */
    CHECK(s->failures == 0);

    /* the next unlock reports none */
    CHECK(step("tap \"Lock now\"") == 0);
    CHECK(step("tap \"Passphrase\"") == 0);
    CHECK(step("type \"" TH_PASS "\"") == 0);
    CHECK(step("tap \"Unlock\"") == 0);
    CHECK(step("expect \"Hello\"") == 0);
    CHECK(im_vault_tries_since_unlock(s->vault) == 0);

    th_app_finish(&h);
    return im_check_done();
}
