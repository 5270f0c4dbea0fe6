/*
 * test_people_backup.c -- an owner's backup carries every person's space
 * sealed as it is (backup_format.h, "Sealed members"), as an attacker
 * would look at it: restored into an empty folder, each person's canary
 * opens only with that person's passphrase or code and none with the
 * owner's; the backup's own plaintext (what its passphrase opens) holds no
 * person's words nor key; a person's own backup holds only their space; a
 * truncated or altered backup is refused with its message and no file of
 * the folder changes; a space already here is kept, not written over; a
 * restored space whose passphrase equals one here opens with neither
 * (each code still opens its own); kills at random moments of a restore
 * leave each space as it was or whole.  Every backup's clear header says
 * one version (IM_BACKUP_VERSION), people or not; a version 1 file (one space) still restores.
 * Fails on the old code: the backup held the owner's space only (no
 * person was restored: the first checks of test_restore_into_empty).
 */
#define _DEFAULT_SOURCE
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <ftw.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backup_format.h"
#include "innermost/backup.h"
#include "innermost/people.h"
#include "record_codec.h"
#include "vault_test.h"

#define PASS_A "alex has a passphrase"
#define PASS_B "bea has another one"
#define PASS_BK "the backup's own passphrase"
#define PASS_N "the new device owner passphrase"

static const char canary_a[] = "BKCANARYALEX the words only Alex wrote";
static const char canary_b[] = "BKCANARYBEA the words only Bea wrote";
static const char canary_o[] = "BKCANARYOWNER the owner's own words";

static im_backup_options opts(void)
{
    im_backup_options o;
    memset(&o, 0, sizeof o);
    o.kdf = im_kdf_params_min();
    o.chunk_bytes = 4096;
    return o;
}

static void put(im_vault *v, const char *text)
{
    int64_t id = 0;
    REQUIRE(im_record_put(v, IM_KIND_JOURNAL, &id, text, strlen(text)) == IM_OK);
}

static int holds(im_vault *v, const char *text)
{
    im_buf b = {0};
    int ok = im_record_get(v, IM_KIND_JOURNAL, 1, &b) == IM_OK && b.len == strlen(text) &&
             memcmp(b.data, text, b.len) == 0;
    im_buf_free(&b);
    return ok;
}

/* Whether passphrase opens, among the people of dir, a space holding want. */
static int person_holds(const char *dir, const char *pass, const char *want)
{
    im_vault *p = NULL;
    if (im_people_unlock(dir, pass, NULL, &p) != IM_OK)
        return 0;
    int ok = holds(p, want);
    im_vault_close(p);
    return ok;
}

static int code_holds(const char *dir, const char *code, const char *want)
{
    im_vault *p = NULL;
    if (im_people_unlock_recovery(dir, code, &p) != IM_OK)
        return 0;
    int ok = holds(p, want);
    im_vault_close(p);
    return ok;
}

static char code_a[IM_RECOVERY_CODE_SIZE], code_b[IM_RECOVERY_CODE_SIZE];

/* An owner, Alex and Bea, each with a canary, and the owner's backup. */
static char *make_device(const char *backup)
{
    char *dir = im_tmpdir_make("pbk");
    im_kdf_params k = im_kdf_params_min();
    im_vault *owner = th_vault_create(dir, NULL, NULL);
    put(owner, canary_o);
    REQUIRE(im_people_add(owner, PASS_A, &k, code_a) == IM_OK);
    REQUIRE(im_people_add(owner, PASS_B, &k, code_b) == IM_OK);
    im_vault *p = NULL;
    REQUIRE(im_people_unlock(dir, PASS_A, NULL, &p) == IM_OK);
    put(p, canary_a);
    im_vault_close(p);
    REQUIRE(im_people_unlock(dir, PASS_B, NULL, &p) == IM_OK);
    put(p, canary_b);
    im_vault_close(p);
    im_backup_options o = opts();
    im_backup_stats st;
    REQUIRE(im_backup_write(owner, backup, PASS_BK, &o, &st) == IM_OK);
    CHECK(st.spaces == 2 && st.spaces_kept == 0);
    im_vault_close(owner);
    return dir;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    REQUIRE(f != NULL);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(*len + 1);
    REQUIRE(b && fread(b, 1, *len, f) == *len);
    fclose(f);
    return b;
}

static void spill(const char *path, const unsigned char *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    REQUIRE(f && fwrite(b, 1, len, f) == len);
    fclose(f);
}

static int contains(const unsigned char *hay, size_t n, const void *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return 1;
    return 0;
}

/* The owner's vault of a new device: TH_PASS... no: PASS_N, empty. */
static im_vault *new_owner(const char *dir) { return th_vault_create(dir, PASS_N, NULL); }

static void test_restore_into_empty(const char *backup)
{
    char *dir = im_tmpdir_make("pbk-new");
    im_vault *owner = new_owner(dir);
    im_backup_stats st;
    im_backup_problem why;
    CHECK_RC(im_backup_restore(owner, backup, PASS_BK, IM_RESTORE_ONLY_IF_EMPTY, &st, &why), IM_OK);
    CHECK(st.spaces == 2);
    CHECK(holds(owner, canary_o));
    im_vault_close(owner);
    int n = -1;
    CHECK_RC(im_people_count(dir, &n), IM_OK);
    CHECK(n == 2);
    CHECK(person_holds(dir, PASS_A, canary_a));
    CHECK(person_holds(dir, PASS_B, canary_b));
    CHECK(code_holds(dir, code_a, canary_a));
    CHECK(code_holds(dir, code_b, canary_b));
    /* neither the owner's passphrase here nor the backup's opens anyone */
    im_vault *p = NULL;
    CHECK_RC(im_people_unlock(dir, PASS_N, NULL, &p), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_people_unlock(dir, PASS_BK, NULL, &p), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_people_unlock(dir, TH_PASS, NULL, &p), IM_ERR_WRONG_SECRET);
    im_tmpdir_remove(dir);
}

/* What the backup's passphrase opens: the owner's words, and of the people
 * only their sealed databases (no canary, no key of theirs). */
static void test_backup_plaintext(const char *backup)
{
    size_t len = 0;
    unsigned char *file = slurp(backup, &len);
    CHECK(file[BK_OFF_VERSION] == IM_BACKUP_VERSION);
    im_backup_key *k = NULL;
    REQUIRE(im_backup_key_derive(file, len, PASS_BK, &k, NULL) == IM_OK);
    im_wbuf plain;
    REQUIRE(bk_stream_open(k, file, len, &plain) == IM_BACKUP_OK);
    CHECK(contains(plain.data, plain.len, canary_o, strlen(canary_o)));
    CHECK(!contains(plain.data, plain.len, "BKCANARYALEX", 12));
    CHECK(!contains(plain.data, plain.len, "BKCANARYBEA", 11));
    bk_payload pl;
    REQUIRE(bk_payload_parse(plain.data, plain.len, &pl) == IM_BACKUP_OK);
    CHECK(pl.nmembers == 2);
    bk_payload_free(&pl);
    im_wbuf_wipe(&plain);
    im_backup_key_free(k);
    free(file);
}

/* A person's own backup: their space only -- and the same version as the
 * owner's, so its clear header does not tell whether anyone else is here. */
static void test_persons_own_backup(const char *devdir, const char *tmpfile)
{
    im_vault *p = NULL;
    REQUIRE(im_people_unlock(devdir, PASS_A, NULL, &p) == IM_OK);
    im_backup_options o = opts();
    im_backup_stats st;
    REQUIRE(im_backup_write(p, tmpfile, PASS_BK, &o, &st) == IM_OK);
    CHECK(st.spaces == 0);
    im_vault_close(p);
    size_t len = 0;
    unsigned char *file = slurp(tmpfile, &len);
    CHECK(file[BK_OFF_VERSION] == IM_BACKUP_VERSION);
    free(file);
    char *dir = im_tmpdir_make("pbk-own");
    im_vault *owner = new_owner(dir);
    CHECK_RC(im_backup_restore(owner, tmpfile, PASS_BK, IM_RESTORE_ONLY_IF_EMPTY, &st, NULL), IM_OK);
    CHECK(holds(owner, canary_a));
    im_vault_close(owner);
    int n = -1;
    CHECK_RC(im_people_count(dir, &n), IM_OK);
    CHECK(n == 0);
    struct stat sb;
    CHECK(stat(dir, &sb) == 0);
    im_tmpdir_remove(dir);
}

/* A person restoring the owner's backup into their own space: the
 * backup's records, and nobody's space goes anywhere. */
static void test_person_restores_owners(const char *backup)
{
    char *dir = im_tmpdir_make("pbk-pers");
    im_kdf_params k = im_kdf_params_min();
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *owner = new_owner(dir);
    REQUIRE(im_people_add(owner, "cam picks this passphrase", &k, code) == IM_OK);
    im_vault_close(owner);
    im_vault *p = NULL;
    REQUIRE(im_people_unlock(dir, "cam picks this passphrase", NULL, &p) == IM_OK);
    im_backup_stats st;
    CHECK_RC(im_backup_restore(p, backup, PASS_BK, IM_RESTORE_ONLY_IF_EMPTY, &st, NULL), IM_OK);
    CHECK(st.spaces == 0 && st.spaces_kept == 2);
    im_vault_close(p);
    int n = -1;
    CHECK_RC(im_people_count(dir, &n), IM_OK);
    CHECK(n == 1);
    im_tmpdir_remove(dir);
}

/* ---- nothing touched: every file of the folder, hashed ---- */

static crypto_generichash_state tree_h;
static size_t tree_skip;

static int tree_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)ftw;
    if (strstr(path, "innermost.lock"))
        return 0;
    crypto_generichash_update(&tree_h, (const unsigned char *)path + tree_skip, strlen(path) - tree_skip + 1);
    if (type == FTW_F) {
        unsigned char one[32];
        vt_hash_file(path, one);
        crypto_generichash_update(&tree_h, one, sizeof one);
        crypto_generichash_update(&tree_h, (const unsigned char *)&sb->st_size, sizeof sb->st_size);
    }
    return 0;
}

static void hash_tree(const char *dir, unsigned char out[32])
{
    crypto_generichash_init(&tree_h, NULL, 0, 32);
    tree_skip = strlen(dir);
    REQUIRE(nftw(dir, tree_one, 16, FTW_PHYS) == 0);
    crypto_generichash_final(&tree_h, out, 32);
}

static void test_damaged_refused(const char *backup)
{
    size_t len = 0;
    unsigned char *file = slurp(backup, &len);
    char *dir = im_tmpdir_make("pbk-bad");
    im_vault *owner = new_owner(dir);
    char bad[8300];
    snprintf(bad, sizeof bad, "%s.bad", backup);
    struct {
        size_t cut;  /* 0: keep the length */
        size_t flip; /* 0: flip nothing */
        im_backup_problem want;
    } cases[] = {
        {len - 1, 0, IM_BACKUP_TRUNCATED},
        {len / 2, 0, IM_BACKUP_TRUNCATED},
        {IM_BACKUP_HEADER_BYTES + 5, 0, IM_BACKUP_TRUNCATED},
        {0, len / 2, IM_BACKUP_CHUNK_DAMAGED},
        {0, len - 20, IM_BACKUP_CHUNK_DAMAGED},
        {0, BK_OFF_SALT + 3, IM_BACKUP_HEADER_DAMAGED},
        {0, BK_OFF_VERSION, IM_BACKUP_NEWER_VERSION},
    };
    unsigned char before[32], after[32];
    hash_tree(dir, before);
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        unsigned char *b = malloc(len);
        memcpy(b, file, len);
        size_t n = cases[c].cut ? cases[c].cut : len;
        if (cases[c].flip == BK_OFF_VERSION)
            b[BK_OFF_VERSION] = IM_BACKUP_VERSION + 1; /* 3 ^ 1 would be 2 */
        else if (cases[c].flip)
            b[cases[c].flip] ^= 0x01;
        spill(bad, b, n);
        free(b);
        im_backup_problem why = IM_BACKUP_OK;
        im_rc rc = im_backup_restore(owner, bad, PASS_BK, IM_RESTORE_ONLY_IF_EMPTY, NULL, &why);
        CHECK(rc != IM_OK);
        CHECK(why == cases[c].want);
        CHECK(strstr(im_backup_problem_message(why), "Nothing was restored") != NULL ||
              why == IM_BACKUP_NEWER_VERSION);
        hash_tree(dir, after);
        CHECK(memcmp(before, after, 32) == 0);
    }
    int n = -1;
    CHECK_RC(im_people_count(dir, &n), IM_OK);
    CHECK(n == 0);
    im_vault_close(owner);
    unlink(bad);
    im_tmpdir_remove(dir);
    free(file);
}

/* Restoring back into the device the backup came from: the spaces there
 * are kept as they are now (Alex wrote on since), not written over. */
static void test_spaces_here_kept(const char *devdir, const char *backup)
{
    im_vault *p = NULL;
    REQUIRE(im_people_unlock(devdir, PASS_A, NULL, &p) == IM_OK);
    REQUIRE(im_record_delete(p, IM_KIND_JOURNAL, 1) == IM_OK);
    int64_t id = 1;
    REQUIRE(im_record_put_at(p, IM_KIND_JOURNAL, id, "alex later", 10) == IM_OK);
    im_vault_close(p);
    im_vault *owner = NULL;
    REQUIRE(im_vault_open(devdir, &owner) == IM_OK);
    REQUIRE(im_vault_unlock(owner, TH_PASS) == IM_OK);
    im_backup_stats st;
    CHECK_RC(im_backup_restore(owner, backup, PASS_BK, IM_RESTORE_REPLACE, &st, NULL), IM_OK);
    CHECK(st.spaces == 0 && st.spaces_kept == 2);
    im_vault_close(owner);
    CHECK(person_holds(devdir, PASS_A, "alex later"));
    CHECK(person_holds(devdir, PASS_B, canary_b));
}

/* A folder where Cam already uses Alex's passphrase: after the restore
 * that passphrase opens neither space (it would open one of them for the
 * other); each recovery code opens its own. */
static void test_same_passphrase_restored(const char *backup)
{
    char *dir = im_tmpdir_make("pbk-same");
    im_kdf_params k = im_kdf_params_min();
    char code_c[IM_RECOVERY_CODE_SIZE];
    im_vault *owner = new_owner(dir);
    REQUIRE(im_people_add(owner, PASS_A, &k, code_c) == IM_OK);
    im_vault *c = NULL;
    REQUIRE(im_people_unlock(dir, PASS_A, NULL, &c) == IM_OK);
    put(c, "cam words");
    im_vault_close(c);
    im_backup_stats st;
    CHECK_RC(im_backup_restore(owner, backup, PASS_BK, IM_RESTORE_ONLY_IF_EMPTY, &st, NULL), IM_OK);
    CHECK(st.spaces == 2);
    im_vault_close(owner);
    c = NULL;
    CHECK_RC(im_people_unlock(dir, PASS_A, NULL, &c), IM_ERR_WRONG_SECRET);
    CHECK(code_holds(dir, code_c, "cam words"));
    CHECK(code_holds(dir, code_a, canary_a));
    CHECK(person_holds(dir, PASS_B, canary_b));
    im_tmpdir_remove(dir);
}

/* ---- kills during a restore ---- */

/* 1 if a restore was cut while building a space (a hidden .new- folder). */
static int leftover(const char *dir)
{
    char root[8300];
    snprintf(root, sizeof root, "%s/people", dir);
    DIR *d = opendir(root);
    int found = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        found |= strncmp(e->d_name, ".new-", 5) == 0;
    if (d)
        closedir(d);
    return found;
}

static void child_restore(const char *dir, const char *backup)
{
    im_vault *owner = NULL;
    if (im_vault_open(dir, &owner) != IM_OK || im_vault_unlock(owner, PASS_N) != IM_OK)
        _exit(2);
    _exit(im_backup_restore(owner, backup, PASS_BK, IM_RESTORE_REPLACE, NULL, NULL) == IM_OK ? 0 : 3);
}

static void test_kill_while_restoring(const char *backup)
{
    char *dir = im_tmpdir_make("pbk-kill");
    im_vault_close(new_owner(dir));
    double t0 = vt_now_ms();
    pid_t pid = fork();
    if (pid == 0)
        child_restore(dir, backup);
    int status = 0;
    waitpid(pid, &status, 0);
    double full = vt_now_ms() - t0;
    REQUIRE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    im_tmpdir_remove(dir);
    int whole = 0, cut = 0, one = 0, hidden = 0;
    for (int round = 0; round < 24; round++) {
        dir = im_tmpdir_make("pbk-kill");
        im_vault_close(new_owner(dir));
        useconds_t wait = (useconds_t)(full * 600 + randombytes_uniform((uint32_t)(full * 450)) + 1);
        pid = fork();
        if (pid == 0)
            child_restore(dir, backup);
        if (round % 2) {
            /* aim at the spaces: wait for people/ to appear, then 0-40 ms */
            char root[8300];
            struct stat sb;
            snprintf(root, sizeof root, "%s/people", dir);
            for (int t = 0; t < 20000 && stat(root, &sb) != 0; t++)
                usleep(50);
            usleep(randombytes_uniform(40000));
        } else {
            usleep(wait);
        }
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        cut += WIFSIGNALED(status);
        /* the owner's: nothing or everything */
        im_vault *owner = NULL;
        REQUIRE(im_vault_open(dir, &owner) == IM_OK);
        REQUIRE(im_vault_unlock(owner, PASS_N) == IM_OK);
        size_t nrec = 99;
        CHECK_RC(im_record_count(owner, IM_KIND_JOURNAL, &nrec), IM_OK);
        CHECK(nrec == 0 || (nrec == 1 && holds(owner, canary_o)));
        im_vault_close(owner);
        /* each person: absent, or whole with their own secret */
        int n = -1;
        CHECK_RC(im_people_count(dir, &n), IM_OK);
        CHECK(n >= 0 && n <= 2);
        int a = person_holds(dir, PASS_A, canary_a), b = person_holds(dir, PASS_B, canary_b);
        CHECK(a + b == n);
        whole += n == 2;
        hidden += leftover(dir);
        one += n == 1;
        /* and a restore run again completes it */
        owner = NULL;
        REQUIRE(im_vault_open(dir, &owner) == IM_OK);
        REQUIRE(im_vault_unlock(owner, PASS_N) == IM_OK);
        CHECK_RC(im_backup_restore(owner, backup, PASS_BK, IM_RESTORE_REPLACE, NULL, NULL), IM_OK);
        im_vault_close(owner);
        CHECK_RC(im_people_count(dir, &n), IM_OK);
        CHECK(n == 2 && person_holds(dir, PASS_A, canary_a) && person_holds(dir, PASS_B, canary_b));
        im_tmpdir_remove(dir);
    }
    printf("kills during restore: 24 rounds (restore %.0f ms), %d cut short, %d left one space, %d both, "
           "%d a half-built hidden one\n",
           full, cut, one, whole, hidden);
}

/* An old backup (version 1, one space), made byte for byte as the old
 * writer did: still restores. */
static void write_v1(const char *path, const char *text)
{
    bk_header h;
    memset(&h, 0, sizeof h);
    im_kdf_params kdf = im_kdf_params_min();
    h.version = 1;
    h.chunk_bytes = 4096;
    h.opslimit = kdf.opslimit;
    h.memlimit = kdf.memlimit;
    randombytes_buf(h.salt, sizeof h.salt);
    im_backup_key *k = NULL;
    REQUIRE(bk_key_derive(PASS_BK, h.salt, h.opslimit, h.memlimit, &k) == IM_OK);
    crypto_secretstream_xchacha20poly1305_state st;
    crypto_secretstream_xchacha20poly1305_init_push(&st, h.ss_header, k->stream);
    unsigned char head[IM_BACKUP_HEADER_BYTES];
    bk_header_put(&h, head);
    bk_header_seal(k, head);
    unsigned char pl[512];
    size_t n = 0, tl = strlen(text);
    memcpy(pl, "IMBP", 4);
    im_put_u32le(pl + 4, 1);
    n = 8;
    pl[n++] = 'R';
    im_put_u32le(pl + n, IM_KIND_JOURNAL);
    im_put_u64le(pl + n + 4, 1);
    im_put_u32le(pl + n + 12, (uint32_t)tl);
    memcpy(pl + n + 16, text, tl);
    n += 16 + tl;
    pl[n++] = 'E';
    im_put_u64le(pl + n, 1);
    im_put_u64le(pl + n + 8, 0);
    n += 16;
    unsigned char ad[IM_BACKUP_HEADER_BYTES + IM_BACKUP_FRAME_BYTES], ct[IM_BACKUP_FRAME_BYTES + 512 + 64];
    uint32_t clen = (uint32_t)(n + crypto_secretstream_xchacha20poly1305_ABYTES);
    im_put_u32le(ct, 0);
    im_put_u32le(ct + 4, clen);
    memcpy(ad, head, sizeof head);
    memcpy(ad + sizeof head, ct, IM_BACKUP_FRAME_BYTES);
    crypto_secretstream_xchacha20poly1305_push(&st, ct + IM_BACKUP_FRAME_BYTES, NULL, pl, n, ad, sizeof ad,
                                               crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    FILE *f = fopen(path, "wb");
    REQUIRE(f != NULL);
    REQUIRE(fwrite(head, 1, sizeof head, f) == sizeof head);
    REQUIRE(fwrite(ct, 1, IM_BACKUP_FRAME_BYTES + clen, f) == IM_BACKUP_FRAME_BYTES + clen);
    fclose(f);
    im_backup_key_free(k);
}

static void test_old_backup_restores(const char *path)
{
    write_v1(path, "words from an old backup");
    char *dir = im_tmpdir_make("pbk-v1");
    im_vault *owner = new_owner(dir);
    im_backup_stats st;
    im_backup_problem why = IM_BACKUP_CHUNK_DAMAGED;
    CHECK_RC(im_backup_restore(owner, path, PASS_BK, IM_RESTORE_ONLY_IF_EMPTY, &st, &why), IM_OK);
    CHECK(why == IM_BACKUP_OK && st.records == 1 && st.spaces == 0);
    CHECK(holds(owner, "words from an old backup"));
    im_vault_close(owner);
    int n = -1;
    CHECK_RC(im_people_count(dir, &n), IM_OK);
    CHECK(n == 0);
    im_tmpdir_remove(dir);
}

int main(void)
{
    char *files = im_tmpdir_make("pbk-files");
    char backup[8200], own[8200], old[8200];
    snprintf(old, sizeof old, "%s/old.imbackup", files);
    test_old_backup_restores(old);
    snprintf(backup, sizeof backup, "%s/owner.imbackup", files);
    snprintf(own, sizeof own, "%s/alex.imbackup", files);
    char *dev = make_device(backup);
    test_restore_into_empty(backup);
    test_backup_plaintext(backup);
    test_persons_own_backup(dev, own);
    test_person_restores_owners(backup);
    test_damaged_refused(backup);
    test_same_passphrase_restored(backup);
    test_kill_while_restoring(backup);
    test_spaces_here_kept(dev, backup);
    im_tmpdir_remove(dev);
    im_tmpdir_remove(files);
    return im_check_done();
}
