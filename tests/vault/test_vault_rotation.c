/*
 * test_vault_rotation.c -- a changed secret locks the old one out, and
 * costs only go up.
 *
 * The attacks: someone kept the old keyslot rows (or a whole old copy of
 * the file) and knows the old passphrase or the old recovery code; after
 * the owner changes it, pasting the old rows back must open nothing written
 * since.  Someone lowers the cost stored in the passphrase slot; a new
 * passphrase set after that must still get the calibrated cost.  A slot
 * asking for crafted huge costs is refused at once.  Then: the rekey
 * reports progress, and a kill in the middle of it leaves a vault that
 * opens fully with one of the two passphrases.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "innermost/backup.h"
#include "vault_test.h"

#define NEW_PASS "a brand new passphrase"

static void path_in(char *out, size_t n, const char *dir, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

/* Copy innermost.db (the vault is closed, so the WAL is empty) to save. */
static void save_copy(const char *dir, const char *save)
{
    char db[4096];
    path_in(db, sizeof db, dir, "innermost.db");
    size_t n = 0;
    unsigned char *bytes = im_file_read(db, &n);
    REQUIRE(bytes && n > 0);
    REQUIRE(im_file_write(save, bytes, n) == 0);
    free(bytes);
}

/* Paste the keyslot rows (and, with check, the key check) of the saved
 * copy into the live file. */
static void paste_old_rows(const char *dir, const char *save, int check)
{
    char db[4096], sql[8192];
    path_in(db, sizeof db, dir, "innermost.db");
    sqlite3 *h = vt_sql_open(db);
    snprintf(sql, sizeof sql, "ATTACH '%s' AS old;", save);
    vt_sql(h, sql);
    vt_sql(h, "DELETE FROM keyslot; "
              "INSERT INTO keyslot SELECT * FROM old.keyslot;");
    if (check)
        vt_sql(h, "UPDATE meta SET value=(SELECT value FROM old.meta "
                  "WHERE key='key_check') WHERE key='key_check';");
    vt_sql(h, "DETACH old;");
    sqlite3_close(h);
}

static int reads(im_vault *v, int64_t id, const char *want)
{
    im_buf b;
    im_rc rc = im_record_get(v, IM_KIND_JOURNAL, id, &b);
    int ok = rc == IM_OK && b.len == strlen(want) && memcmp(b.data, want, b.len) == 0;
    im_buf_free(&b);
    return ok;
}

/* Unlock with secret (passphrase, or code if is_code); 1 if the record
 * written after the rotation can be read. */
static int old_secret_reads_new(const char *dir, const char *secret, int is_code, int64_t id, im_rc *rc)
{
    im_vault *v = NULL;
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    *rc = is_code ? im_vault_unlock_recovery(v, secret) : im_vault_unlock(v, secret);
    int r = *rc == IM_OK && reads(v, id, "written after");
    im_vault_close(v);
    return r;
}

static void attack_old_rows(int change_code)
{
    char *dir = im_tmpdir_make("vault-rotate");
    REQUIRE(dir);
    char save[4096];
    path_in(save, sizeof save, dir, "old-copy.db");
    char code[IM_RECOVERY_CODE_SIZE], code2[IM_RECOVERY_CODE_SIZE];
    im_vault *v = th_vault_create(dir, NULL, code);
    int64_t before = 0, after = 0;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &before, "written before", 14), IM_OK);
    im_vault_close(v);
    save_copy(dir, save); /* the attacker's copy: old rows, old secret */

    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    if (change_code)
        CHECK_RC(im_vault_new_recovery_code(v, code2), IM_OK);
    else
        CHECK_RC(im_vault_change_passphrase(v, NEW_PASS, NULL), IM_OK);
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &after, "written after", 13), IM_OK);
    CHECK(reads(v, before, "written before"));
    im_vault_close(v);

    const char *old = change_code ? code : TH_PASS;
    im_rc rc;
    /* Old rows alone: the key check refuses the stale key in plain words. */
    paste_old_rows(dir, save, 0);
    CHECK(!old_secret_reads_new(dir, old, change_code, after, &rc));
    CHECK_RC(rc, IM_ERR_REPLACED);
    /* Old rows and the old key check: it opens, but reads nothing new. */
    paste_old_rows(dir, save, 1);
    CHECK(!old_secret_reads_new(dir, old, change_code, after, &rc));
    im_tmpdir_remove(dir);
}

/* The owner's secrets still work after a rotation, everything intact. */
static void rotation_keeps_everything(void)
{
    char *dir = im_tmpdir_make("vault-rotate-ok");
    REQUIRE(dir);
    char code[IM_RECOVERY_CODE_SIZE], code2[IM_RECOVERY_CODE_SIZE];
    im_vault *v = th_vault_create(dir, NULL, code);
    int64_t id = 0;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, "written after", 13), IM_OK);
    CHECK_RC(im_vault_change_passphrase(v, NEW_PASS, NULL), IM_OK);
    CHECK(reads(v, id, "written after"));
    im_vault_close(v);
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_unlock_recovery(v, code), IM_OK); /* code kept */
    CHECK(reads(v, id, "written after"));
    CHECK(im_vault_recovery_used(v));
    /* After a recovery unlock: new passphrase and new code, one rekey. */
    CHECK_RC(im_vault_rekey(v, TH_PASS, NULL, code2, NULL, NULL), IM_OK);
    CHECK(!im_vault_recovery_used(v));
    im_vault_close(v);
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_unlock_recovery(v, code), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_unlock_recovery(v, code2), IM_OK);
    CHECK(reads(v, id, "written after"));
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock(v, NEW_PASS), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    CHECK(reads(v, id, "written after"));
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

/* ---- costs ---- */

static void slot_sql(const char *dir, const char *sql)
{
    char db[4096];
    path_in(db, sizeof db, dir, "innermost.db");
    sqlite3 *h = vt_sql_open(db);
    vt_sql(h, sql);
    sqlite3_close(h);
}

static void attack_lowered_cost(void)
{
    char *dir = im_tmpdir_make("vault-cost");
    REQUIRE(dir);
    char code[IM_RECOVERY_CODE_SIZE];
    im_kdf_params cal = {2, IM_KDF_MEMLIMIT_MIN}, got;
    im_vault *v = NULL;
    REQUIRE(im_vault_create(dir, TH_PASS, &cal, code, &v) == IM_OK);
    im_vault_close(v);
    /* The attacker makes the slot cheap: the passphrase now "fails". */
    slot_sql(dir, "UPDATE keyslot SET memlimit=8192, opslimit=1 WHERE slot=1");
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_ERR_WRONG_SECRET);
    /* The owner uses the recovery code and sets a new passphrase. */
    CHECK_RC(im_vault_unlock_recovery(v, code), IM_OK);
    CHECK_RC(im_vault_change_passphrase(v, NEW_PASS, NULL), IM_OK);
    CHECK_RC(im_vault_kdf_params(v, &got), IM_OK);
    CHECK(got.opslimit >= cal.opslimit && got.memlimit >= cal.memlimit);
    im_vault_close(v);

    /* A slot found below the sealed policy is rewrapped up at unlock,
     * even by a handle that was never told the policy. */
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_unlock(v, NEW_PASS), IM_OK);
    im_kdf_params min = im_kdf_params_min();
    CHECK_RC(im_vault_change_passphrase(v, TH_PASS, &min), IM_OK);
    im_vault_close(v);
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    CHECK_RC(im_vault_kdf_params(v, &got), IM_OK);
    CHECK(got.opslimit >= cal.opslimit && got.memlimit >= cal.memlimit);
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

/* A vault without a key check yet (schema 1 before its first unlock by
 * this build: here a vault made now with the check taken out, which takes
 * the same path) seals its first policy from the slot the passphrase just
 * opened -- the cost the derivation proved -- not from the handle, which
 * was never told the calibration.  So after a later recovery-code unlock a
 * new passphrase slot still gets the calibrated cost. */
static void first_policy_from_slot(void)
{
    char *dir = im_tmpdir_make("vault-first-policy");
    REQUIRE(dir);
    char code[IM_RECOVERY_CODE_SIZE];
    im_kdf_params cal = {2, IM_KDF_MEMLIMIT_MIN}, got;
    im_vault *v = NULL;
    REQUIRE(im_vault_create(dir, TH_PASS, &cal, code, &v) == IM_OK);
    im_vault_close(v);
    slot_sql(dir, "DELETE FROM meta WHERE key='key_check'");
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    im_vault_close(v);
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_unlock_recovery(v, code), IM_OK);
    char code2[IM_RECOVERY_CODE_SIZE];
    CHECK_RC(im_vault_rekey(v, NEW_PASS, NULL, code2, NULL, NULL), IM_OK);
    CHECK_RC(im_vault_kdf_params(v, &got), IM_OK);
    CHECK(got.opslimit >= cal.opslimit && got.memlimit >= cal.memlimit);
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

static void attack_huge_costs(void)
{
    char *dir = im_tmpdir_make("vault-huge");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    im_vault_close(v);
    static const char *const crafted[] = {
        "UPDATE keyslot SET opslimit=17 WHERE slot=1",
        "UPDATE keyslot SET opslimit=64 WHERE slot=1",
        "UPDATE keyslot SET memlimit=2147483648 WHERE slot=1",
        "UPDATE keyslot SET memlimit=4294967296, opslimit=64 WHERE slot=1",
    };
    for (size_t i = 0; i < sizeof crafted / sizeof *crafted; i++) {
        slot_sql(dir, crafted[i]);
        REQUIRE(im_vault_open(dir, &v) == IM_OK);
        double t0 = vt_now_ms();
        CHECK_RC(im_vault_unlock(v, TH_PASS), IM_ERR_DAMAGED);
        double ms = vt_now_ms() - t0;
        CHECK(ms < 100.0); /* refused before any key derivation */
        im_vault_close(v);
        slot_sql(dir, "UPDATE keyslot SET opslimit=1, memlimit=67108864 "
                      "WHERE slot=1");
    }
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

/* A backup asking for more than this device's calibration warns before
 * anything runs; one over the hard caps cannot even be written. */
static void backup_costs(void)
{
    char *dir = im_tmpdir_make("vault-bk-cost");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    char path[4096];
    snprintf(path, sizeof path, "%s/backup.imb", dir);
    im_backup_options opts = {{2, IM_KDF_MEMLIMIT_MIN}, 0};
    CHECK_RC(im_backup_write(v, path, "backup passphrase", &opts, NULL), IM_OK);
    size_t n = 0;
    unsigned char *file = im_file_read(path, &n);
    REQUIRE(file);
    im_kdf_params local = im_kdf_params_min(), asked;
    CHECK_RC(im_backup_kdf_warning(file, n, &local, &asked), IM_ERR_TOO_LARGE);
    CHECK(asked.opslimit == 2 && asked.memlimit == IM_KDF_MEMLIMIT_MIN);
    local.opslimit = 2;
    CHECK_RC(im_backup_kdf_warning(file, n, &local, NULL), IM_OK);
    CHECK(im_backup_kdf_warning(file, 10, &local, NULL) != IM_OK);
    /* What the app compares with: this vault's own cost (1 pass here). */
    CHECK_RC(im_vault_kdf_local(v, &local), IM_OK);
    CHECK(local.opslimit == 1 && local.memlimit == IM_KDF_MEMLIMIT_MIN);
    CHECK_RC(im_backup_kdf_warning(file, n, &local, NULL), IM_ERR_TOO_LARGE);
    free(file);
    opts.kdf.opslimit = 17; /* over the cap of 16 passes */
    CHECK(im_backup_write(v, path, "backup passphrase", &opts, NULL) != IM_OK);
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

/* ---- progress and kills ---- */

struct prog {
    size_t calls, last_done, last_total;
    int monotonic;
};

static void on_progress(void *ctx, size_t done, size_t total)
{
    struct prog *p = ctx;
    if (done < p->last_done || done > total)
        p->monotonic = 0;
    p->calls++;
    p->last_done = done;
    p->last_total = total;
}

static void fill(im_vault *v, int n)
{
    char text[64];
    REQUIRE(im_vault_begin(v) == IM_OK);
    for (int i = 0; i < n; i++) {
        int64_t id = 0;
        int len = snprintf(text, sizeof text, "entry %d", i);
        REQUIRE(im_record_put(v, IM_KIND_JOURNAL, &id, text, (size_t)len) == IM_OK);
    }
    REQUIRE(im_vault_commit(v) == IM_OK);
}

static void progress_reported(void)
{
    char *dir = im_tmpdir_make("vault-progress");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    fill(v, 300);
    struct prog p = {0, 0, 0, 1};
    CHECK_RC(im_vault_rekey(v, NEW_PASS, NULL, NULL, on_progress, &p), IM_OK);
    CHECK(p.calls >= 4 && p.monotonic);
    CHECK(p.last_done == 300 && p.last_total == 300);
    /* Not inside a caller's transaction: its commit must be the commit. */
    REQUIRE(im_vault_begin(v) == IM_OK);
    CHECK_RC(im_vault_change_passphrase(v, TH_PASS, NULL), IM_ERR_STATE);
    im_vault_rollback(v);
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

/* Every record reads as written; -1 if the vault did not open. */
static int all_read(im_vault *v, int n)
{
    size_t count = 0;
    if (im_record_count(v, IM_KIND_JOURNAL, &count) || count != (size_t)n)
        return 0;
    int64_t *ids = NULL;
    size_t k = 0;
    if (im_record_list(v, IM_KIND_JOURNAL, &ids, &k))
        return 0;
    int ok = 1;
    char want[64];
    for (size_t i = 0; i < k; i++) {
        snprintf(want, sizeof want, "entry %zu", i);
        ok &= reads(v, ids[i], want);
    }
    free(ids);
    return ok;
}

static void kill_during_rekey(void)
{
    int cycles = im_test_scale(12);
    int n = 2000, old_ok = 0, new_ok = 0;
    char *dir = im_tmpdir_make("vault-rekey-kill");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    fill(v, n);
    im_vault_close(v);
    const char *cur = TH_PASS;
    for (int c = 0; c < cycles; c++) {
        const char *next = strcmp(cur, TH_PASS) == 0 ? NEW_PASS : TH_PASS;
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            im_vault *cv = NULL;
            if (im_vault_open(dir, &cv) || im_vault_unlock(cv, cur))
                _exit(2);
            _exit(im_vault_change_passphrase(cv, next, NULL) ? 3 : 0);
        }
        /* Spread the kill over the derivation and the re-seal. */
        struct timespec ts = {0, (long)(20 + (c * 37) % 400) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int st;
        waitpid(pid, &st, 0);
        REQUIRE(im_vault_open(dir, &v) == IM_OK);
        if (im_vault_unlock(v, next) == IM_OK) {
            cur = next;
            new_ok++;
        } else {
            CHECK_RC(im_vault_unlock(v, cur), IM_OK);
            old_ok++;
        }
        CHECK(all_read(v, n));
        im_vault_close(v);
    }
    printf("rekey kills: %d cycles, %d left the old passphrase, %d the new\n", cycles, old_ok, new_ok);
    im_tmpdir_remove(dir);
}

int main(void)
{
    attack_old_rows(0);
    attack_old_rows(1);
    rotation_keeps_everything();
    attack_lowered_cost();
    first_policy_from_slot();
    attack_huge_costs();
    backup_costs();
    progress_reported();
    kill_during_rekey();
    return im_check_done();
}
