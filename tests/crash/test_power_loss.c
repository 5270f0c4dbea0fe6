/*
 * test_power_loss.c -- power failures at every write of the vault's
 * operations, through the crash VFS (crash_vfs.h).
 *
 * For each operation: a template vault (three entries and a draft) is
 * copied, opened and unlocked; the operation runs and the vault closes (so
 * the checkpoint that folds the WAL into the database is inside the crash
 * window too).  A dry run counts its writes W and records the state it
 * promises.  Then for every write w in 1..W and several seeds, the power
 * fails at write w (unsynced sectors kept, lost or torn at random), the
 * machine "reboots", and the vault is checked:
 *   - PRAGMA integrity_check is "ok"                 (else: corrupt)
 *   - it opens and unlocks                           (else: unopenable)
 *   - a full read through the core API (every entry, the trash, every
 *     draft, no record failing to authenticate) gives exactly the state
 *     before or the state after the operation -- and the state after if
 *     the operation had returned IM_OK              (else: lost / torn)
 *
 * An operation is one function (pl_op) and a line in ops[].  Every write
 * above also updates the sealed manifest in its transaction, so each
 * operation's crash points cover the manifest update too; the rekey has
 * its own.  One operation starts from a locked vault of the old format
 * (tests/fixtures/vault-v2-journal, schema 2: edit counts and trash state
 * in clear) and is the first unlock, which re-seals every row in the
 * current format in one transaction: there the state also counts the rows
 * still in the old format, read from the file before the check unlocks
 * it, so a half-done upgrade would show.
 *
 * Usage: test_power_loss [TOTAL]   -- at least TOTAL crash points in all
 * (default 400, scaled by IM_TEST_SCALE); prints one line per operation and
 * a total line "crash points N: corrupt 0, unopenable 0, lost 0".
 * Unlocks use the recovery code (no Argon2id), so a crash point costs a few
 * milliseconds; the passphrase is the fallback.
 */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "crash_vfs.h"

#include "innermost/backup.h"
#include "innermost/journal.h"
#include "innermost/vault.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PL_PASS "power loss test passphrase"
#define PL_DB "innermost.db"
#define STATE_MAX 4096

typedef struct pl_ctx {
    im_vault *v;
    im_journal *j;    /* NULL for an operation on a locked vault */
    const char *code; /* the recovery code of the vault's template */
    const im_backup_key *backup_key;
    const unsigned char *backup;
    size_t backup_len;
} pl_ctx;

typedef im_rc (*pl_op)(pl_ctx *c);

/* ---- the operations ---- */

static im_rc op_entry(pl_ctx *c)
{
    im_entry_fields f = {.title = "New", .body = "words written just now", .mood = IM_MOOD_GOOD};
    int64_t id;
    return im_journal_create(c->j, &f, &id);
}

static im_rc op_edit(pl_ctx *c)
{
    im_entry_page p = {0};
    im_rc rc = im_journal_list(c->j, 0, 1, &p);
    if (!rc && p.n == 1) {
        im_entry_fields f = {.title = "Edited", .body = "a second thought"};
        rc = im_journal_update(c->j, p.items[0].id, &f);
    }
    im_entry_page_free(&p);
    return rc;
}

static im_rc op_delete(pl_ctx *c)
{
    im_entry_page p = {0};
    im_rc rc = im_journal_list(c->j, 0, 1, &p);
    int64_t trash;
    if (!rc && p.n == 1)
        rc = im_journal_delete(c->j, p.items[0].id, &trash);
    im_entry_page_free(&p);
    return rc;
}

static im_rc op_draft(pl_ctx *c)
{
    im_entry_fields f = {.body = "the draft, typed further along"};
    return im_journal_draft_save(c->j, 0, &f);
}

static im_rc op_draft_commit(pl_ctx *c)
{
    int64_t id;
    return im_journal_draft_commit(c->j, 0, &id);
}

static im_rc op_restore(pl_ctx *c)
{
    im_backup_stats st;
    im_backup_problem why;
    return im_backup_restore_with_key(c->v, c->backup_key, c->backup, c->backup_len, IM_RESTORE_REPLACE, &st,
                                      &why);
}

/* A new master key: every record re-sealed, new keyslots, key check and
 * manifest, in one transaction.  The same passphrase gets a new slot and
 * the code is replaced, so before the commit the old code opens the vault
 * and after it only the passphrase does (the check tries both). */
static im_rc op_rekey(pl_ctx *c)
{
    im_kdf_params kdf = im_kdf_params_min();
    char code[IM_RECOVERY_CODE_SIZE];
    im_rc rc = im_vault_rekey(c->v, PL_PASS, &kdf, code, NULL, NULL);
    sodium_memzero(code, sizeof code);
    return rc;
}

/* The first unlock of a schema-2 vault: its rows re-sealed in the current
 * format and the manifest re-based, in one transaction. */
static im_rc op_upgrade(pl_ctx *c) { return im_vault_unlock_recovery(c->v, c->code); }

static const struct {
    const char *name;
    pl_op run;
    int legacy; /* from the schema-2 template, on the locked vault */
} ops[] = {
    {"journal entry save", op_entry, 0},
    {"journal entry edit", op_edit, 0},
    {"entry to the trash", op_delete, 0},
    {"draft save", op_draft, 0},
    {"draft to entry", op_draft_commit, 0},
    {"backup restore (replace)", op_restore, 0},
    {"rekey (new master key, manifest re-sealed)", op_rekey, 0},
    {"first unlock of a schema-2 vault (re-seal)", op_upgrade, 1},
};
#define N_OPS (sizeof ops / sizeof ops[0])

/* ---- files ---- */

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    REQUIRE(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void copy_file(const char *from_dir, const char *to_dir, const char *name)
{
    char *a = path_in(from_dir, name), *b = path_in(to_dir, name);
    size_t len;
    unsigned char *data = im_file_read(a, &len);
    unlink(b);
    if (data) {
        REQUIRE(im_file_write(b, data, len) == 0);
        free(data);
    }
    free(a);
    free(b);
}

static void remove_file(const char *dir, const char *name)
{
    char *p = path_in(dir, name);
    unlink(p);
    free(p);
}

/* The work vault starts as a copy of the template, WAL and all. */
static void reset_work(const char *tmpl, const char *work)
{
    remove_file(work, PL_DB "-shm");
    remove_file(work, PL_DB "-wal");
    copy_file(tmpl, work, PL_DB);
    copy_file(tmpl, work, PL_DB "-wal");
}

/* ---- state as read through the core ---- */

static void state_add(char *st, const char *tag, long long id, const char *title, const char *body)
{
    size_t n = strlen(st);
    snprintf(st + n, STATE_MAX - n, "%s%lld|%s|%s\n", tag, id, title ? title : "", body ? body : "");
}

/* Every entry, trashed entry and draft, in a canonical order; IM_ERR_DAMAGED if any
 * record fails to authenticate. */
static im_rc read_state(im_vault *v, char st[STATE_MAX])
{
    st[0] = '\0';
    im_journal *j;
    im_rc rc = im_journal_open(v, &j);
    if (rc)
        return rc;
    if (im_journal_damaged_count(j) > 0)
        rc = IM_ERR_DAMAGED;
    im_entry_page p = {0};
    if (!rc)
        rc = im_journal_list(j, 0, 1000, &p);
    for (size_t i = 0; !rc && i < p.n; i++) {
        im_entry e;
        rc = im_journal_get(j, p.items[i].id, &e);
        if (!rc) {
            state_add(st, "E", (long long)e.id, e.title, e.body);
            im_entry_free(&e);
        }
    }
    im_entry_page_free(&p);
    im_entry_page tp = {0};
    if (!rc)
        rc = im_journal_trash_list(j, &tp);
    for (size_t i = 0; !rc && i < tp.n; i++)
        state_add(st, "T", (long long)tp.items[i].id, tp.items[i].title, tp.items[i].preview);
    im_entry_page_free(&tp);
    int64_t *ids = NULL;
    size_t n = 0;
    if (!rc)
        rc = im_journal_drafts(j, &ids, &n);
    for (size_t i = 0; !rc && i < n; i++) {
        im_entry e;
        rc = im_journal_draft_load(j, ids[i], &e);
        if (!rc) {
            state_add(st, "D", (long long)ids[i], e.title, e.body);
            im_entry_free(&e);
        }
    }
    free(ids);
    im_journal_close(j);
    return rc;
}

/* ---- one run ---- */

typedef struct pl_env {
    cv_state cv;
    char *tmpl, *work;
    char code[IM_RECOVERY_CODE_SIZE];
    char *legacy; /* the schema-2 template */
    char legacy_code[IM_RECOVERY_CODE_SIZE];
    const char *tmpl_now, *code_now; /* the current op's template */
    int by_code;                     /* the last open_work unlocked with the template's code */
    pl_ctx ctx;
} pl_env;

/* The op k runs from now on (its template and code). */
static void use_op(pl_env *e, size_t k)
{
    e->tmpl_now = ops[k].legacy ? e->legacy : e->tmpl;
    e->code_now = ops[k].legacy ? e->legacy_code : e->code;
}

static im_vault *open_work(pl_env *e)
{
    im_vault *v = NULL;
    if (im_vault_open(e->work, &v) != IM_OK)
        return NULL;
    /* The recovery code costs no Argon2id.  Should a recovery unlock ever
     * replace the code (the recovery code's lifecycle), the passphrase still opens
     * the vault, only slower. */
    e->by_code = im_vault_unlock_recovery(v, e->code_now) == IM_OK;
    if (!e->by_code && im_vault_unlock(v, PL_PASS) != IM_OK) {
        im_vault_close(v);
        return NULL;
    }
    return v;
}

/* Which key the vault is under, as part of its state: the template's
 * recovery code opens it until a rekey replaced the code (then only the
 * passphrase does), so a rekey lost after it was acknowledged shows. */
static void key_state(const pl_env *e, char st[STATE_MAX])
{
    state_add(st, "K", e->by_code, e->by_code ? "old code opens" : "code replaced", NULL);
}

/* How many rows of the closed work vault are still in the old format
 * (-1 if the file does not answer), read with plain SQLite. */
static long legacy_rows(const pl_env *e)
{
    static const char *const sql[] = {
        "SELECT count(*) FROM record WHERE legacy_version<>0", /* schema 3 */
        "SELECT count(*) FROM record WHERE version<>0",        /* schema 2 */
    };
    char *db = path_in(e->work, PL_DB);
    sqlite3 *raw = NULL;
    long n = -1;
    if (sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
        for (int i = 0; i < 2 && n < 0; i++) {
            sqlite3_stmt *st = NULL;
            if (sqlite3_prepare_v2(raw, sql[i], -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
                n = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
    sqlite3_close(raw);
    free(db);
    return n;
}

static void format_state(long legacy, char st[STATE_MAX])
{
    state_add(st, "L", legacy, "rows in the old format", NULL);
}

/* Run op from the template with the power failing at write crash_at (0:
 * never).  Returns the op's rc; *writes counts the writes it made. */
static im_rc run_op(pl_env *e, pl_op op, long crash_at, uint64_t seed, long *writes)
{
    reset_work(e->tmpl_now, e->work);
    cv_reboot(&e->cv);
    pl_ctx c = e->ctx;
    c.j = NULL;
    c.code = e->code_now;
    im_rc rc;
    if (e->tmpl_now == e->legacy) {
        /* the open (schema migration) and the unlock are the operation */
        cv_arm(&e->cv, crash_at, seed);
        rc = im_vault_open(e->work, &c.v);
        if (!rc) {
            rc = op(&c);
            im_vault_close(c.v);
        }
    } else {
        c.v = open_work(e);
        REQUIRE(c.v != NULL);
        REQUIRE(im_journal_open(c.v, &c.j) == IM_OK);
        cv_arm(&e->cv, crash_at, seed);
        rc = op(&c);
        im_journal_close(c.j);
        im_vault_close(c.v);
    }
    *writes = e->cv.writes;
    /* The machine comes back: shared memory is gone. */
    cv_reboot(&e->cv);
    remove_file(e->work, PL_DB "-shm");
    return rc;
}

typedef struct pl_tally {
    long points, corrupt, unopenable, lost, acked;
} pl_tally;

/* Check the vault after a crash at write w; name NULL: count quietly. */
static void check_after(pl_env *e, const char *before, const char *after, int acked, pl_tally *t,
                        const char *name, long w)
{
    t->points++;
    t->acked += acked;
    char *db = path_in(e->work, PL_DB);
    sqlite3 *raw = NULL;
    int ok = sqlite3_open_v2(db, &raw, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK;
    sqlite3_stmt *st = NULL;
    if (ok)
        ok = sqlite3_prepare_v2(raw, "PRAGMA integrity_check;", -1, &st, NULL) == SQLITE_OK &&
             sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    sqlite3_finalize(st);
    sqlite3_close(raw);
    free(db);
    if (!ok) {
        t->corrupt++;
        if (name)
            fprintf(stderr, "  %s, write %ld: integrity_check failed\n", name, w);
        return;
    }
    long legacy = legacy_rows(e);
    im_vault *v = open_work(e);
    if (!v) {
        t->unopenable++;
        if (name)
            fprintf(stderr, "  %s, write %ld: does not open\n", name, w);
        return;
    }
    char *now = malloc(STATE_MAX);
    REQUIRE(now);
    im_rc rc = read_state(v, now);
    key_state(e, now);
    format_state(legacy, now);
    im_vault_close(v);
    int good = !rc && (strcmp(now, after) == 0 || (!acked && strcmp(now, before) == 0));
    if (!good) {
        t->lost++;
        if (name)
            fprintf(stderr,
                    "  %s, write %ld (%s): state neither before nor "
                    "after%s:\n%s",
                    name, w, im_rc_name(rc), acked ? " (acknowledged)" : "", now);
    }
    free(now);
}

int main(int argc, char **argv)
{
    REQUIRE(sodium_init() >= 0);
    long total = argc > 1 ? atol(argv[1]) : im_test_scale(400);
    if (total < 1)
        total = 1;
    setenv("TZ", "UTC", 1);
    pl_env e;
    memset(&e, 0, sizeof e);
    REQUIRE(cv_register(&e.cv) == SQLITE_OK);
    e.tmpl = im_tmpdir_make("pl-template");
    e.work = im_tmpdir_make("pl-work");
    REQUIRE(e.tmpl && e.work);

    /* The backup the restore puts back: two entries of its own. */
    char *bdir = im_tmpdir_make("pl-backup");
    REQUIRE(bdir);
    char *bpath = path_in(bdir, "backup.innermost");
    im_kdf_params kdf = im_kdf_params_min();
    {
        im_vault *v;
        char code[IM_RECOVERY_CODE_SIZE];
        REQUIRE(im_vault_create(bdir, PL_PASS, &kdf, code, &v) == IM_OK);
        im_journal *j;
        REQUIRE(im_journal_open(v, &j) == IM_OK);
        int64_t id;
        im_entry_fields a = {.title = "From the backup", .body = "kept safe"};
        im_entry_fields b = {.body = "and a second one"};
        REQUIRE(im_journal_create(j, &a, &id) == IM_OK);
        REQUIRE(im_journal_create(j, &b, &id) == IM_OK);
        im_journal_close(j);
        im_backup_options bo = {.kdf = kdf};
        REQUIRE(im_backup_write(v, bpath, PL_PASS, &bo, NULL) == IM_OK);
        im_vault_close(v);
    }
    size_t blen;
    unsigned char *bfile = im_file_read(bpath, &blen);
    REQUIRE(bfile);
    im_backup_key *bkey;
    im_backup_problem why;
    REQUIRE(im_backup_key_derive(bfile, blen, PL_PASS, &bkey, &why) == IM_OK);
    e.ctx.backup_key = bkey;
    e.ctx.backup = bfile;
    e.ctx.backup_len = blen;

    /* The template: three entries and a draft of a new one. */
    {
        im_vault *v;
        REQUIRE(im_vault_create(e.tmpl, PL_PASS, &kdf, e.code, &v) == IM_OK);
        im_journal *j;
        REQUIRE(im_journal_open(v, &j) == IM_OK);
        int64_t id;
        const char *bodies[] = {"the first morning", "a hard evening", "something I want to remember"};
        for (int i = 0; i < 3; i++) {
            im_entry_fields f = {.title = "Before", .body = bodies[i]};
            REQUIRE(im_journal_create(j, &f, &id) == IM_OK);
        }
        im_entry_fields d = {.body = "the draft so far"};
        REQUIRE(im_journal_draft_save(j, 0, &d) == IM_OK);
        im_journal_close(j);
        im_vault_close(v);
    }

    /* The schema-2 template: the checked-in fixture. */
    e.legacy = im_tmpdir_make("pl-legacy");
    REQUIRE(e.legacy);
    {
        char *src = im_source_path("tests/fixtures/vault-v2-journal/innermost.db");
        char *cpath = im_source_path("tests/fixtures/vault-v2-journal/recovery-code.txt");
        size_t n = 0, cn = 0;
        unsigned char *db = im_file_read(src, &n);
        unsigned char *code = im_file_read(cpath, &cn);
        /* a code from before check characters: 39 characters */
        REQUIRE(db && code && cn >= 39);
        memcpy(e.legacy_code, code, 39);
        e.legacy_code[39] = '\0';
        char *dst = path_in(e.legacy, PL_DB);
        REQUIRE(im_file_write(dst, db, n) == 0);
        free(dst);
        free(db);
        free(code);
        free(src);
        free(cpath);
    }

    /* Dry runs: writes per operation, and the states before and after. */
    char *before[N_OPS], *after[N_OPS];
    long writes[N_OPS], sum_writes = 0;
    for (size_t k = 0; k < N_OPS; k++) {
        use_op(&e, k);
        before[k] = malloc(STATE_MAX);
        after[k] = malloc(STATE_MAX);
        REQUIRE(before[k] && after[k]);
        reset_work(e.tmpl_now, e.work);
        long legacy = legacy_rows(&e);
        im_vault *v = open_work(&e);
        REQUIRE(v);
        REQUIRE(read_state(v, before[k]) == IM_OK);
        key_state(&e, before[k]);
        format_state(legacy, before[k]);
        im_vault_close(v);
        REQUIRE(run_op(&e, ops[k].run, 0, 0, &writes[k]) == IM_OK);
        legacy = legacy_rows(&e);
        v = open_work(&e);
        REQUIRE(v);
        REQUIRE(read_state(v, after[k]) == IM_OK);
        key_state(&e, after[k]);
        format_state(legacy, after[k]);
        im_vault_close(v);
        CHECK(strcmp(after[k], before[k]) != 0); /* the op did something */
        CHECK(writes[k] > 0);
        sum_writes += writes[k];
    }
    long seeds = (total + sum_writes - 1) / sum_writes;
    printf("power loss: %ld seeds at each write (%ld writes over %zu "
           "operations)\n",
           seeds, sum_writes, N_OPS);

    pl_tally all = {0};
    double t0 = (double)clock();
    for (size_t k = 0; k < N_OPS; k++) {
        pl_tally t = {0};
        use_op(&e, k);
        for (long w = 1; w <= writes[k]; w++)
            for (long s = 1; s <= seeds; s++) {
                long n;
                im_rc rc = run_op(&e, ops[k].run, w, (uint64_t)(w * 7919 + s), &n);
                /* an unlock's IM_OK does not promise its re-seal (best
                 * effort: a failed one is retried at the next unlock) */
                check_after(&e, before[k], after[k], rc == IM_OK && !ops[k].legacy, &t, ops[k].name, w);
            }
        printf("  %-26s %3ld writes, %6ld crash points: corrupt %ld, "
               "unopenable %ld, lost %ld (acknowledged before the crash: "
               "%ld)\n",
               ops[k].name, writes[k], t.points, t.corrupt, t.unopenable, t.lost, t.acked);
        all.points += t.points;
        all.corrupt += t.corrupt;
        all.unopenable += t.unopenable;
        all.lost += t.lost;
        all.acked += t.acked;
        CHECK(t.corrupt == 0);
        CHECK(t.unopenable == 0);
        CHECK(t.lost == 0);
    }
    printf("crash points %ld: corrupt %ld, unopenable %ld, lost %ld "
           "(sectors lost %ld, torn %ld; %.1f s cpu)\n",
           all.points, all.corrupt, all.unopenable, all.lost, e.cv.sectors_lost, e.cv.sectors_torn,
           ((double)clock() - t0) / CLOCKS_PER_SEC);
    CHECK(all.points >= total);
    CHECK(e.cv.sectors_lost > 0 && e.cv.sectors_torn > 0);

    /* The harness can fail: with a disk whose sync is a lie, acknowledged
     * saves must go missing (or the file break) at some crash points. */
    e.cv.lying_sync = 1;
    pl_tally liar = {0};
    use_op(&e, 0);
    for (long w = 1; w <= writes[0]; w++)
        for (long s = 1; s <= 8; s++) {
            long n;
            im_rc rc = run_op(&e, ops[0].run, w, (uint64_t)s, &n);
            check_after(&e, before[0], after[0], rc == IM_OK, &liar, NULL, w);
        }
    e.cv.lying_sync = 0;
    printf("self-test, sync that syncs nothing: %ld crash points, corrupt "
           "%ld, unopenable %ld, lost %ld (must not be all 0)\n",
           liar.points, liar.corrupt, liar.unopenable, liar.lost);
    CHECK(liar.corrupt + liar.unopenable + liar.lost > 0);

    for (size_t k = 0; k < N_OPS; k++) {
        free(after[k]);
        free(before[k]);
    }
    im_backup_key_free(bkey);
    free(bfile);
    free(bpath);
    im_tmpdir_remove(bdir);
    im_tmpdir_remove(e.tmpl);
    im_tmpdir_remove(e.legacy);
    im_tmpdir_remove(e.work);
    return im_check_done();
}
