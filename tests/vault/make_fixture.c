/*
 * make_fixture.c -- writes a checked-in vault (tests/fixtures/vault-vN).
 *
 * Usage: make_fixture OUT_DIR [v2]
 * Creates a vault with FIXTURE_PASSPHRASE (minimum KDF parameters) holding
 * fixture_records -- with "v2", FIXTURE2_PASSPHRASE and the extra edits,
 * trash record and auto-lock fixture_data.h lists for vault-v2 --, closes
 * it cleanly (WAL checkpointed and removed), and
 * copies the single database file to OUT_DIR/innermost.db; the recovery
 * code goes to OUT_DIR/recovery-code.txt.  Run by hand when a new fixture
 * version is wanted (never by CTest): an old fixture must stay as it is.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture_data.h"

static int fail(const char *what, im_rc rc)
{
    fprintf(stderr, "make_fixture: %s: %s\n", what, im_rc_name(rc));
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

int main(int argc, char **argv)
{
    if (argc != 2 && !(argc == 3 && strcmp(argv[2], "v2") == 0)) {
        fprintf(stderr, "usage: make_fixture OUT_DIR [v2]\n");
        return 2;
    }
    int v2 = argc == 3;
    char tmp[] = "/tmp/im-fixture-XXXXXX";
    if (!mkdtemp(tmp))
        return 1;
    char code[IM_RECOVERY_CODE_SIZE];
    im_kdf_params kdf = im_kdf_params_min();
    im_vault *v = NULL;
    im_rc rc = im_vault_create(tmp, v2 ? FIXTURE2_PASSPHRASE : FIXTURE_PASSPHRASE, &kdf, code, &v);
    if (rc)
        return fail("create", rc);
    unsigned char pattern[4096];
    for (size_t i = 0; i < sizeof pattern; i++)
        pattern[i] = fixture_pattern(i);
    for (size_t i = 0; i < FIXTURE_RECORDS; i++) {
        const struct fixture_record *r = &fixture_records[i];
        int64_t id = 0;
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
    if (v2)
        rc = add_v2(v);
    if (rc)
        return fail("v2 records", rc);
    rc = im_vault_pref_set(v, FIXTURE_PREF_KEY, FIXTURE_PREF_VALUE);
    if (rc)
        return fail("pref", rc);
    char from[4096], to[4096];
    snprintf(from, sizeof from, "%s", im_vault_db_path(v));
    im_vault_close(v); /* checkpoints; SQLite removes -wal and -shm */
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
