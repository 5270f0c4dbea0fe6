/*
 * make_crash_fixture.c -- writes tests/fixtures/vault-v2-journal, the
 * schema-2 vault whose first unlock by a later build re-seals every row
 * (im_record_upgrade); test_power_loss fails the power during that unlock.
 *
 * Usage: make_crash_fixture OUT_DIR
 * Run by hand, linked against the schema-2 core (see the fixture's
 * README); never by CTest.  The vault: passphrase CF_PASS, minimum KDF,
 * three journal entries (one edited twice), one in the trash, a draft.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "innermost/journal.h"
#include "innermost/vault.h"

#define CF_PASS "power loss test passphrase"

static int fail(const char *what, im_rc rc)
{
    fprintf(stderr, "make_crash_fixture: %s: %s\n", what, im_rc_name(rc));
    return 1;
}

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

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_crash_fixture OUT_DIR\n");
        return 2;
    }
    char tmp[] = "/tmp/im-crash-fixture-XXXXXX";
    if (!mkdtemp(tmp))
        return 1;
    char code[IM_RECOVERY_CODE_SIZE];
    im_kdf_params kdf = im_kdf_params_min();
    im_vault *v = NULL;
    im_rc rc = im_vault_create(tmp, CF_PASS, &kdf, code, &v);
    if (rc)
        return fail("create", rc);
    im_journal *j = NULL;
    if ((rc = im_journal_open(v, &j)))
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
    if (rc)
        return fail("entries", rc);
    im_journal_close(j);
    char from[4096], to[4096];
    snprintf(from, sizeof from, "%s", im_vault_db_path(v));
    im_vault_close(v);
    snprintf(to, sizeof to, "%s/innermost.db", argv[1]);
    if (copy_file(from, to) != 0)
        return fail("copy", IM_ERR_IO);
    snprintf(to, sizeof to, "%s/recovery-code.txt", argv[1]);
    FILE *f = fopen(to, "w");
    if (!f || fprintf(f, "%s\n", code) < 0 || fclose(f) != 0)
        return fail("recovery code", IM_ERR_IO);
    im_rc erased = im_vault_erase_dir(tmp);
    if (erased)
        return fail("erase the scratch vault", erased);
    rmdir(tmp);
    printf("wrote %s/innermost.db; recovery code %s\n", argv[1], code);
    return 0;
}
