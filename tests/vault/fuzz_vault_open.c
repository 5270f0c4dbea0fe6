/*
 * fuzz_vault_open.c -- a vault opened from arbitrary database bytes gives
 * an error or a working vault, never a crash, hang or leak.
 *
 * Each input becomes innermost.db in a scratch directory.  If it opens, the
 * fuzzer reads the KDF parameters and a preference, tries the recovery code
 * of the checked-in fixture (tests/fixtures/vault-v1 is the seed corpus, so
 * mutations of a real vault get past the key check and into the records),
 * and when that unlocks walks, reads, writes and deletes records of every
 * kind.  Argon2id unlock is left out: at 64 MiB it would cap the fuzzer at
 * a few inputs per second; the keyslot parsing it shares is exercised by
 * the recovery path and by test_vault_tamper.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "innermost/vault.h"

/* In /dev/shm where there is one: the vault fsyncs every commit, and on a
 * disk that would make fuzzing crawl. */
static char dir[64];
static char db_path[sizeof dir + 16];
static char code[IM_RECOVERY_CODE_SIZE] = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA";

static void cleanup(void)
{
    /* at exit: a scratch directory left behind is all a failure costs */
    im_rc_ignore(im_vault_erase_dir(dir));
    rmdir(dir);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s/im-fuzz-vault-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir))
        abort();
    atexit(cleanup);
    snprintf(db_path, sizeof db_path, "%s/innermost.db", dir);
    const char *root = getenv("IM_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/vault-v1/recovery-code.txt", root && *root ? root : ".");
    FILE *f = fopen(path, "r");
    if (f) {
        if (!fgets(code, sizeof code, f))
            code[0] = '\0';
        fclose(f);
    }
}

static int visit(void *ctx, int64_t id, im_rc rc, const unsigned char *data, size_t len)
{
    size_t *sum = ctx;
    (void)id;
    if (rc == IM_OK && len)
        *sum += data[0] + data[len - 1];
    return 0;
}

static void exercise_records(im_vault *v)
{
    size_t sum = 0;
    for (uint32_t kind = IM_KIND_SETTING; kind <= IM_KIND_PROFILE; kind++) {
        int64_t *ids = NULL;
        size_t n = 0, count = 0;
        /* damaged rows and refused writes are expected of a crafted file;
         * the fuzzer looks for crashes, so the results go unread */
        im_rc_ignore(im_record_count(v, kind, &count));
        im_rc_ignore(im_record_foreach(v, kind, visit, &sum));
        if (im_record_list(v, kind, &ids, &n) == IM_OK) {
            for (size_t i = 0; i < n && i < 64; i++) {
                im_buf b;
                if (im_record_get(v, kind, ids[i], &b) == IM_OK && b.len)
                    sum += b.data[0];
                im_buf_free(&b);
            }
            if (n) {
                int64_t id = ids[0];
                im_rc_ignore(im_record_put(v, kind, &id, "fuzz", 4));
            }
        }
        free(ids);
    }
    int64_t fresh = 0;
    if (im_record_put(v, IM_KIND_DRAFT, &fresh, "fresh", 5) == IM_OK)
        im_rc_ignore(im_record_delete(v, IM_KIND_DRAFT, fresh));
    if (sum == 0x7fffffff)
        abort(); /* keeps the reads from being optimised away */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        setup();
        ready = 1;
    }
    /* the last input's files; none there (first run) is fine too */
    im_rc_ignore(im_vault_erase_dir(dir));
    FILE *f = fopen(db_path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);

    im_vault *v = NULL;
    im_rc rc = im_vault_open(dir, &v);
    if (rc == IM_OK) {
        im_kdf_params p;
        int64_t x;
        /* a crafted file may refuse either: looking for crashes */
        im_rc_ignore(im_vault_kdf_params(v, &p));
        im_rc_ignore(im_vault_pref_get(v, "text_size", &x));
        if (im_vault_unlock_recovery(v, code) == IM_OK)
            exercise_records(v);
        im_vault_close(v);
    } else if (v != NULL) {
        abort(); /* a failed open must not hand out a handle */
    }
    return 0;
}
