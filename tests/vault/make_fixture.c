/*
 * make_fixture.c -- writes a checked-in vault under tests/fixtures (each
 * fixture's README says which build wrote it and how).
 *
 * Usage: make_fixture OUT_DIR [v1|v2|journal]      (default v1)
 *   v1       tests/fixtures/vault-v1: FIXTURE_PASSPHRASE, fixture_records
 *            and the preference fixture_data.h lists;
 *   v2       tests/fixtures/vault-v2: FIXTURE2_PASSPHRASE, the same plus
 *            the extra edits, trash record and auto-lock listed for vault-v2;
 *   journal  tests/fixtures/vault-v2-journal (test_power_loss fails the
 *            power during its first unlock): JOURNAL_PASSPHRASE, three
 *            journal entries (one edited twice), one in the trash, a draft.
 * Each is created with the minimum KDF parameters, closed cleanly (WAL
 * checkpointed and removed), and its single database file copied to
 * OUT_DIR/innermost.db; the recovery code goes to OUT_DIR/recovery-code.txt.
 * Run by hand, linked against the core of the schema the fixture is for
 * (never by CTest): a checked-in fixture must stay as it is.  Built with
 * the tests so it keeps compiling against today's API.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture_data.h"
#include "innermost/journal.h"

/* test_power_loss.c's PL_PASS: the passphrase of vault-v2-journal. */
#define JOURNAL_PASSPHRASE "power loss test passphrase"

/* Says what failed and why on stderr; returns 1, the exit status. */
static int fail(const char *what, im_rc rc)
{
    fprintf(stderr, "make_fixture: %s: %s\n", what, im_rc_name(rc));
    return 1;
}

/* Copies the file from into to (made or truncated): 0, or -1 on any
 * read or write error. */
static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[65536];
    size_t n;
    int ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* vault-v1's records into the fresh vault v, with the replaced row and the
 * gap fixture_data.h describes, each at the id it lists: 0, or 1 (said). */
static int put_v1_records(im_vault *v)
{
    unsigned char pattern[4096];
    for (size_t i = 0; i < sizeof pattern; i++)
        pattern[i] = fixture_pattern(i);
    for (size_t i = 0; i < FIXTURE_RECORDS; i++) {
        const struct fixture_record *r = &fixture_records[i];
        int64_t id = 0;
        im_rc rc = IM_OK;
        if (r->id == FIXTURE_REPLACED_ID) {
            rc = im_record_put(v, r->kind, &id, FIXTURE_REPLACED_FIRST, strlen(FIXTURE_REPLACED_FIRST));
            if (rc)
                return fail("put", rc);
        }
        if (r->id == FIXTURE_DELETED_ID + 1) {
            int64_t doomed = 0;
            rc = im_record_put(v, IM_KIND_TRASH, &doomed, "gone", 4);
            if (!rc)
                rc = im_record_delete(v, IM_KIND_TRASH, doomed);
            if (rc || doomed != FIXTURE_DELETED_ID)
                return fail("delete", rc);
        }
        rc = r->text ? im_record_put(v, r->kind, &id, r->text, strlen(r->text))
                     : im_record_put(v, r->kind, &id, pattern, r->pattern_len);
        if (rc || id != r->id)
            return fail("put", rc);
    }
    return 0;
}

/* What vault-v2 holds beyond vault-v1's records. */
static im_rc add_v2(im_vault *v)
{
    const struct fixture_record *r = &fixture_records[2];
    im_rc rc = IM_OK;
    for (int i = 0; !rc && i < FIXTURE2_EXTRA_EDITS; i++) {
        int64_t id = r->id;
        rc = im_record_put(v, r->kind, &id, r->text, strlen(r->text));
    }
    int64_t trash = 0;
    if (!rc)
        rc = im_record_put(v, IM_KIND_TRASH, &trash, FIXTURE2_TRASH_TEXT, strlen(FIXTURE2_TRASH_TEXT));
    if (!rc && trash != FIXTURE2_TRASH_ID)
        rc = IM_ERR_STATE;
    return rc ? rc : im_vault_autolock_set(v, FIXTURE2_AUTOLOCK_S);
}

/* The preference both vault-v1 and vault-v2 end with: 0, or 1 (said). */
static int put_pref(im_vault *v)
{
    im_rc rc = im_vault_pref_set(v, FIXTURE_PREF_KEY, FIXTURE_PREF_VALUE);
    return rc ? fail("pref", rc) : 0;
}

/* vault-v1's contents into v: 0, or 1 (said). */
static int fill_v1(im_vault *v) { return put_v1_records(v) || put_pref(v); }

/* vault-v2's contents into v: 0, or 1 (said). */
static int fill_v2(im_vault *v)
{
    if (put_v1_records(v))
        return 1;
    im_rc rc = add_v2(v);
    if (rc)
        return fail("v2 records", rc);
    return put_pref(v);
}

/* vault-v2-journal's contents into v, through the journal: four entries,
 * the second edited twice and the fourth moved to the trash, and a draft
 * of a new entry.  0, or 1 (said). */
static int fill_journal(im_vault *v)
{
    im_journal *j = NULL;
    im_rc rc = im_journal_open(v, &j);
    if (rc)
        return fail("journal", rc);
    const char *bodies[] = {"the first morning", "a hard evening", "something I want to remember",
                            "written, then thrown away"};
    int64_t ids[4];
    for (int i = 0; i < 4 && !rc; i++) {
        im_entry_fields f = {.title = "Before", .body = bodies[i]};
        rc = im_journal_create(j, &f, &ids[i]);
    }
    for (int i = 0; i < 2 && !rc; i++) {
        im_entry_fields f = {.title = "Before",
                             .body = "a hard evening, "
                                     "looked at again"};
        rc = im_journal_update(j, ids[1], &f);
    }
    int64_t trash = 0;
    if (!rc)
        rc = im_journal_delete(j, ids[3], &trash);
    im_entry_fields d = {.body = "the draft so far"};
    if (!rc)
        rc = im_journal_draft_save(j, 0, &d);
    im_journal_close(j);
    return rc ? fail("entries", rc) : 0;
}

/* The fixtures this program writes, by the word that names each. */
typedef struct fixture_kind {
    const char *word;
    const char *passphrase;
    int (*fill)(im_vault *v); /* 0, or 1 having said what failed */
} fixture_kind;

static const fixture_kind fixture_kinds[] = {
    {"v1", FIXTURE_PASSPHRASE, fill_v1},
    {"v2", FIXTURE2_PASSPHRASE, fill_v2},
    {"journal", JOURNAL_PASSPHRASE, fill_journal},
};

/* The kind word names, or NULL. */
static const fixture_kind *kind_named(const char *word)
{
    for (size_t i = 0; i < sizeof fixture_kinds / sizeof *fixture_kinds; i++)
        if (strcmp(word, fixture_kinds[i].word) == 0)
            return &fixture_kinds[i];
    return NULL;
}

/* Closes v (the scratch vault in tmp), copies its database and writes the
 * recovery code into out_dir, then erases tmp: the exit status. */
static int write_out(im_vault *v, const char *code, const char *tmp, const char *out_dir)
{
    char from[4096], to[4096];
    snprintf(from, sizeof from, "%s", im_vault_db_path(v));
    im_vault_close(v); /* checkpoints; SQLite removes -wal and -shm */
    snprintf(to, sizeof to, "%s/innermost.db", out_dir);
    if (copy_file(from, to) != 0)
        return fail("copy", IM_ERR_IO);
    snprintf(to, sizeof to, "%s/recovery-code.txt", out_dir);
    FILE *f = fopen(to, "w");
    if (!f || fprintf(f, "%s\n", code) < 0 || fclose(f) != 0)
        return fail("recovery code", IM_ERR_IO);
    im_rc erased = im_vault_erase_dir(tmp);
    if (erased)
        return fail("erase the scratch vault", erased);
    rmdir(tmp);
    printf("wrote %s/innermost.db; recovery code %s\n", out_dir, code);
    return 0;
}

int main(int argc, char **argv)
{
    const fixture_kind *kind = argc == 2 ? &fixture_kinds[0] : argc == 3 ? kind_named(argv[2]) : NULL;
    if (!kind) {
        fprintf(stderr, "usage: make_fixture OUT_DIR [v1|v2|journal]\n");
        return 2;
    }
    char tmp[] = "/tmp/im-fixture-XXXXXX";
    if (!mkdtemp(tmp))
        return 1;
    char code[IM_RECOVERY_CODE_SIZE];
    im_kdf_params kdf = im_kdf_params_min();
    im_vault *v = NULL;
    im_rc rc = im_vault_create(tmp, kind->passphrase, &kdf, code, &v);
    if (rc)
        return fail("create", rc);
    if (kind->fill(v) != 0)
        return 1;
    return write_out(v, code, tmp, argv[1]);
}
