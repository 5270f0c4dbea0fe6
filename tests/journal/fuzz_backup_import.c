/*
 * fuzz_backup_import.c -- libFuzzer target for reading backups.
 *
 * Set-up (once): a vault with a few records writes a real backup; its key
 * is derived once (Argon2id is far too slow per input), and a second,
 * staging vault receives restores.
 *
 * Each input is one of two things, chosen by its first byte:
 *   even: a whole backup file, checked with the key (header parsing, key
 *         check, framing, chunk authentication);
 *   odd:  a plaintext payload.  The target seals it into a valid backup
 *         with the key (so parsing of authentic contents is reached), then
 *         applies the damage bytes 1-3 describe (none, a bit flip, a
 *         truncation or an appended byte), checks it, and restores it into
 *         the staging vault when the check passes.  A damaged file must
 *         never pass, and a file that fails must change nothing.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backup_format.h"
#include "innermost/backup.h"
#include "record_codec.h"

#define PASS "fuzzing passphrase"
#define CHUNK 256u

static im_backup_key *key;
static unsigned char header[IM_BACKUP_HEADER_BYTES];
static im_vault *staging;

static char *make_dir(void)
{
    const char *base = getenv("TMPDIR");
    char buf[4096];
    snprintf(buf, sizeof buf, "%s/im-fuzz-backup-XXXXXX", base && *base ? base : "/tmp");
    char *d = mkdtemp(buf);
    return d ? strdup(d) : NULL;
}

static void die(const char *what)
{
    fprintf(stderr, "fuzz_backup_import set-up failed: %s\n", what);
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char *src = make_dir(), *dst = make_dir();
    if (!src || !dst)
        die("temporary directories");
    im_kdf_params kdf = im_kdf_params_min();
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *v;
    if (im_vault_create(src, PASS, &kdf, code, &v) != IM_OK ||
        im_vault_create(dst, PASS, &kdf, code, &staging) != IM_OK)
        die("vaults");
    int64_t id = 0;
    if (im_record_put(v, IM_KIND_JOURNAL, &id, "seed record", 11) != IM_OK ||
        im_vault_pref_set(v, "theme", 1) != IM_OK)
        die("seed");
    char path[4200];
    snprintf(path, sizeof path, "%s/seed.backup", src);
    im_backup_options o = {kdf, CHUNK};
    if (im_backup_write(v, path, PASS, &o, NULL) != IM_OK)
        die("backup");
    if (im_vault_erase(v) != IM_OK)
        die("erase the seed vault");
    FILE *f = fopen(path, "rb");
    unsigned char file[4096];
    size_t n = f ? fread(file, 1, sizeof file, f) : 0;
    if (f)
        fclose(f);
    remove(path);
    remove(src);
    if (im_backup_key_derive(file, n, PASS, &key, NULL) != IM_OK)
        die("key");
    memcpy(header, file, sizeof header);
    free(src);
    free(dst);
    return 0;
}

/* Seal payload into a backup under key (fresh stream header). */
static unsigned char *seal(const unsigned char *p, size_t n, size_t *outlen)
{
    size_t chunks = n / CHUNK + 1;
    size_t cap = IM_BACKUP_HEADER_BYTES +
                 chunks * (IM_BACKUP_FRAME_BYTES + CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES) + 1;
    unsigned char *out = malloc(cap);
    if (!out)
        return NULL;
    bk_header h;
    bk_header_parse(header, sizeof header, &h);
    h.chunk_bytes = CHUNK;
    crypto_secretstream_xchacha20poly1305_state st;
    crypto_secretstream_xchacha20poly1305_init_push(&st, h.ss_header, key->stream);
    bk_header_put(&h, out);
    bk_header_seal(key, out);
    size_t pos = IM_BACKUP_HEADER_BYTES;
    for (uint32_t i = 0; i < chunks; i++) {
        size_t m = n - (size_t)i * CHUNK < CHUNK ? n - (size_t)i * CHUNK : CHUNK;
        unsigned char ad[IM_BACKUP_HEADER_BYTES + IM_BACKUP_FRAME_BYTES];
        size_t adlen = 0;
        uint32_t clen = (uint32_t)(m + crypto_secretstream_xchacha20poly1305_ABYTES);
        im_put_u32le(out + pos, i);
        im_put_u32le(out + pos + 4, clen);
        if (i == 0) {
            memcpy(ad, out, IM_BACKUP_HEADER_BYTES);
            adlen = IM_BACKUP_HEADER_BYTES;
        }
        memcpy(ad + adlen, out + pos, IM_BACKUP_FRAME_BYTES);
        adlen += IM_BACKUP_FRAME_BYTES;
        crypto_secretstream_xchacha20poly1305_push(
            &st, out + pos + IM_BACKUP_FRAME_BYTES, NULL, p + (size_t)i * CHUNK, m, ad, adlen,
            i + 1 == chunks ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                            : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
        pos += IM_BACKUP_FRAME_BYTES + clen;
    }
    *outlen = pos;
    return out;
}

static size_t total_records(void)
{
    size_t t = 0;
    for (uint32_t k = 1; k <= IM_KIND_MAX_; k++) {
        size_t n = 0;
        if (im_record_count(staging, k, &n) == IM_OK)
            t += n;
    }
    return t;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    if ((data[0] & 1) == 0) {
        im_backup_problem why;
        /* most inputs are refused: the fuzzer looks for crashes */
        im_rc_ignore(im_backup_check(key, data + 1, size - 1, &why));
        return 0;
    }
    if (size < 4)
        return 0;
    size_t len;
    unsigned char *file = seal(data + 4, size - 4, &len);
    if (!file)
        return 0;
    int op = data[1] % 4;
    size_t at = ((size_t)data[2] << 8 | data[3]) % len;
    if (op == 1)
        file[at] ^= (unsigned char)(1u << (data[2] % 8));
    else if (op == 2)
        len = at;
    else if (op == 3)
        file[len++] = data[3];
    im_backup_problem why;
    im_rc rc = im_backup_check(key, file, len, &why);
    if (op != 0 && rc == IM_OK)
        abort(); /* damage went unnoticed */
    size_t before = total_records();
    rc = im_backup_restore_with_key(staging, key, file, len, IM_RESTORE_REPLACE, NULL, &why);
    if (rc != IM_OK && total_records() != before)
        abort(); /* a failed restore changed the vault */
    free(file);
    return 0;
}
