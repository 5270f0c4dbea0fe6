/*
 * test_couple_backup.c -- a backup carries the couple's shared space
 * (couple/, couple_space.h) sealed as it is, as a member of its own type
 * (backup_format.h, "Sealed members").  The owner and Alex (a person with
 * a profile) are members with a canary in the space, Bea is a person who
 * is not; a kill left a migration of the owner's couple records half done
 * (the 'moving' row).  Restored into an empty folder: the owner and Alex,
 * each after their own unlock, open the space and read the canary, and
 * the half-done move finishes (every record once, in the space); Bea opens
 * nothing.  Where the owner is no member, the backup's passphrase opens no
 * couple record.  The backup's plaintext holds no canary.  Alex's own
 * backup carries the space, and restored alone on a fresh device opens it.
 * A damaged couple member is refused with no file of the folder changed; a
 * couple space already here is kept; kills during a restore leave couple/
 * absent or whole; version 1 and version 2 files still restore.
 * Fails on the old code: no backup carried couple/ (the first checks of
 * test_restore_into_empty).
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
#include "innermost/couple_space.h"
#include "innermost/people.h"
#include "record_codec.h"
#include "vault_internal.h"
#include "vault_test.h"

#define PASS_A "alex has a passphrase"
#define PASS_B "bea has another one"
#define PASS_BK "the backup's own passphrase"
#define PASS_N "the new device owner passphrase"

static const char canary_c[] = "CPLBKCANARY the couple's shared words";
static const char canary_m[] = "CPLBKMOVING a partner record half moved";
static im_kdf_params k_min;

static im_backup_options opts(void)
{
    im_backup_options o;
    memset(&o, 0, sizeof o);
    o.kdf = im_kdf_params_min();
    o.chunk_bytes = 4096;
    return o;
}

typedef struct scan {
    const char *needle;
    long hits;
} scan;

static int scan_fn(void *ctx, int64_t id, im_rc rc, const unsigned char *data, size_t len)
{
    (void)id;
    scan *s = ctx;
    size_t n = strlen(s->needle);
    for (size_t i = 0; rc == IM_OK && data && i + n <= len; i++)
        s->hits += !memcmp(data + i, s->needle, n);
    return 0;
}

static long hits(im_vault *v, const char *needle)
{
    scan s = {needle, 0};
    for (uint32_t k = 1; k <= IM_KIND_MAX_; k++)
        CHECK_RC(im_record_foreach(v, k, scan_fn, &s), IM_OK);
    return s.hits;
}

static im_vault *person(const char *dir, const char *pass)
{
    im_vault *v = NULL;
    return im_people_unlock(dir, pass, &k_min, &v) == IM_OK ? v : NULL;
}

/* How often member (after its own unlock) reads needle in dir's couple
 * space; -1 if it opens no space. */
static long member_reads(const char *dir, im_vault *member, const char *needle)
{
    im_vault *s = NULL;
    if (!member || im_couple_space_open(dir, member, &s) != IM_OK)
        return -1;
    long n = hits(s, needle);
    im_vault_close(s);
    return n;
}

static int has_moving(im_vault *s)
{
    sqlite3_stmt *st = NULL;
    REQUIRE(sqlite3_prepare_v2(s->db, "SELECT 1 FROM meta WHERE key='moving'", -1, &st, NULL) == SQLITE_OK);
    int yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return yes;
}

/* The state a kill leaves after step 1 of a migration (couple_space.c
 * invariant 5): the record copied into the space at its id, the 'moving'
 * row naming from, the original still in from. */
static void half_moved(im_vault *from, im_vault *s)
{
    int64_t id = 0;
    REQUIRE(im_record_put(from, IM_KIND_PARTNER, &id, canary_m, strlen(canary_m)) == IM_OK);
    REQUIRE(im_record_put_at(s, IM_KIND_PARTNER, id, canary_m, strlen(canary_m)) == IM_OK);
    unsigned char row[IM_VAULT_ID_BYTES + 12];
    memcpy(row, from->id, IM_VAULT_ID_BYTES);
    im_put_u32le(row + IM_VAULT_ID_BYTES, IM_KIND_PARTNER);
    im_put_u64le(row + IM_VAULT_ID_BYTES + 4, (uint64_t)id);
    sqlite3_stmt *st = NULL;
    REQUIRE(sqlite3_prepare_v2(s->db, "INSERT INTO meta(key, value) VALUES('moving', ?)", -1, &st, NULL) ==
            SQLITE_OK);
    sqlite3_bind_blob(st, 1, row, sizeof row, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
}

/* An owner, Alex and Bea; the couple space with Alex and (owner_member)
 * the owner, or Bea, as members; the canary in it; the owner's backup. */
static char *make_device(const char *backup, int owner_member)
{
    char *dir = im_tmpdir_make("cbk");
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *owner = th_vault_create(dir, NULL, NULL);
    REQUIRE(im_people_add(owner, PASS_A, &k_min, code) == IM_OK);
    REQUIRE(im_people_add(owner, PASS_B, &k_min, code) == IM_OK);
    im_vault *a = person(dir, PASS_A), *s = NULL;
    REQUIRE(a && im_couple_space_create(dir, a, &s) == IM_OK);
    if (owner_member)
        REQUIRE(im_couple_space_join(s, owner) == IM_OK);
    else
        REQUIRE(im_couple_space_join_person(s, dir, PASS_B, &k_min) == IM_OK);
    int64_t id = 0;
    REQUIRE(im_record_put(s, IM_KIND_COUPLE, &id, canary_c, strlen(canary_c)) == IM_OK);
    if (owner_member)
        half_moved(owner, s);
    im_vault_close(s);
    im_vault_close(a);
    im_backup_options o = opts();
    im_backup_stats st;
    REQUIRE(im_backup_write(owner, backup, PASS_BK, &o, &st) == IM_OK);
    CHECK(st.spaces == 3 && st.spaces_kept == 0); /* Alex, Bea, couple/ */
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

static int contains(const unsigned char *hay, size_t n, const void *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return 1;
    return 0;
}

static im_vault *new_owner(const char *dir) { return th_vault_create(dir, PASS_N, NULL); }

static void test_restore_into_empty(const char *backup)
{
    char *dir = im_tmpdir_make("cbk-new");
    im_vault *owner = new_owner(dir);
    im_backup_stats st;
    im_backup_problem why;
    CHECK(!im_couple_space_exists(dir));
    CHECK_RC(im_backup_restore(owner, backup, PASS_BK, IM_RESTORE_ONLY_IF_EMPTY, &st, &why), IM_OK);
    CHECK(st.spaces == 3);
    CHECK(im_couple_space_exists(dir));
    /* the owner, after their own unlock: the canary, and the cut move
     * finished -- the record once, in the space only */
    CHECK(hits(owner, canary_m) == 1);
    im_vault *s = NULL;
    im_rc moved = IM_ERR_IO;
    CHECK_RC(im_couple_space_enter(dir, owner, NULL, &s, &moved), IM_OK);
    CHECK_RC(moved, IM_OK);
    if (s) {
        CHECK(hits(s, canary_c) == 1);
        CHECK(hits(s, canary_m) == 1);
        CHECK(!has_moving(s));
        im_vault_close(s);
    }
    CHECK(hits(owner, canary_m) == 0);
    /* Alex, after his own unlock; Bea (no member) opens nothing */
    im_vault *a = person(dir, PASS_A), *b = person(dir, PASS_B);
    CHECK(member_reads(dir, a, canary_c) == 1);
    CHECK(member_reads(dir, b, canary_c) == -1);
    im_vault_close(a);
    im_vault_close(b);
    im_vault_close(owner);
    im_tmpdir_remove(dir);
}

/* The owner is no member: the backup's passphrase (a new owner made with
 * any passphrase, the backup restored into it) opens no couple record. */
static void test_passphrase_alone(const char *backup)
{
    char *dir = im_tmpdir_make("cbk-alone");
    im_vault *owner = new_owner(dir);
    CHECK_RC(im_backup_restore(owner, backup, PASS_BK, IM_RESTORE_ONLY_IF_EMPTY, NULL, NULL), IM_OK);
    CHECK(im_couple_space_exists(dir));
    CHECK(member_reads(dir, owner, canary_c) == -1);
    im_vault *a = person(dir, PASS_A), *b = person(dir, PASS_B);
    CHECK(member_reads(dir, a, canary_c) == 1);
    CHECK(member_reads(dir, b, canary_c) == 1);
    im_vault_close(a);
    im_vault_close(b);
    im_vault_close(owner);
    im_tmpdir_remove(dir);
}

/* What the backup's passphrase decrypts: the couple's database sealed,
 * no canary in it. */
static void test_backup_plaintext(const char *backup)
{
    size_t len = 0;
    unsigned char *file = slurp(backup, &len);
    im_backup_key *k = NULL;
    REQUIRE(im_backup_key_derive(file, len, PASS_BK, &k, NULL) == IM_OK);
    im_wbuf plain;
    REQUIRE(bk_stream_open(k, file, len, &plain) == IM_BACKUP_OK);
    bk_payload pl;
    REQUIRE(bk_payload_parse(plain.data, plain.len, &pl) == IM_BACKUP_OK);
    CHECK(pl.version == BK_PAYLOAD_VERSION_COUPLE);
    int couples = 0;
    for (size_t i = 0; i < pl.nmembers; i++)
        couples += pl.members[i].type == BK_MEMBER_COUPLE;
    CHECK(couples == 1);
    CHECK(!contains(plain.data, plain.len, canary_c, strlen(canary_c)));
    CHECK(!contains(file, len, canary_c, strlen(canary_c)));
    CHECK(file[BK_OFF_VERSION] == IM_BACKUP_VERSION); /* one version for all */
    bk_payload_free(&pl);
    im_wbuf_wipe(&plain);
    im_backup_key_free(k);
    free(file);
}

/* Alex's own backup carries the space he is a member of: restored alone
 * on a fresh device (as its owner), he opens it. */
static void test_persons_own_backup(const char *devdir, const char *own)
{
    im_vault *a = person(devdir, PASS_A);
    REQUIRE(a != NULL);
    im_backup_options o = opts();
    im_backup_stats st;
    CHECK_RC(im_backup_write(a, own, PASS_BK, &o, &st), IM_OK);
    CHECK(st.spaces == 1);
    im_vault_close(a);
    char *dir = im_tmpdir_make("cbk-alex");
    im_vault *owner = new_owner(dir);
    CHECK_RC(im_backup_restore(owner, own, PASS_BK, IM_RESTORE_ONLY_IF_EMPTY, &st, NULL), IM_OK);
    CHECK(st.spaces == 1);
    CHECK(member_reads(dir, owner, canary_c) == 1);
    int n = -1;
    CHECK_RC(im_people_count(dir, &n), IM_OK);
    CHECK(n == 0);
    im_vault_close(owner);
    im_tmpdir_remove(dir);
}

/* ---- a re-sealed payload: damaged members, older versions ---- */

static void seal_payload(const char *path, uint16_t version, const unsigned char *pl, size_t n)
{
    bk_header h;
    memset(&h, 0, sizeof h);
    im_kdf_params kdf = im_kdf_params_min();
    h.version = version;
    h.chunk_bytes = IM_BACKUP_CHUNK_MAX;
    h.opslimit = kdf.opslimit;
    h.memlimit = kdf.memlimit;
    REQUIRE(n <= IM_BACKUP_CHUNK_MAX);
    randombytes_buf(h.salt, sizeof h.salt);
    im_backup_key *k = NULL;
    REQUIRE(bk_key_derive(PASS_BK, h.salt, h.opslimit, h.memlimit, &k) == IM_OK);
    crypto_secretstream_xchacha20poly1305_state st;
    crypto_secretstream_xchacha20poly1305_init_push(&st, h.ss_header, k->stream);
    unsigned char head[IM_BACKUP_HEADER_BYTES];
    bk_header_put(&h, head);
    bk_header_seal(k, head);
    uint32_t clen = (uint32_t)(n + crypto_secretstream_xchacha20poly1305_ABYTES);
    unsigned char *ct = malloc(IM_BACKUP_FRAME_BYTES + clen);
    unsigned char ad[IM_BACKUP_HEADER_BYTES + IM_BACKUP_FRAME_BYTES];
    REQUIRE(ct != NULL);
    im_put_u32le(ct, 0);
    im_put_u32le(ct + 4, clen);
    memcpy(ad, head, sizeof head);
    memcpy(ad + sizeof head, ct, IM_BACKUP_FRAME_BYTES);
    crypto_secretstream_xchacha20poly1305_push(&st, ct + IM_BACKUP_FRAME_BYTES, NULL, pl, n, ad, sizeof ad,
                                               crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    FILE *f = fopen(path, "wb");
    REQUIRE(f && fwrite(head, 1, sizeof head, f) == sizeof head);
    REQUIRE(fwrite(ct, 1, IM_BACKUP_FRAME_BYTES + clen, f) == IM_BACKUP_FRAME_BYTES + clen);
    fclose(f);
    free(ct);
    im_backup_key_free(k);
}

/* backup's plaintext, decrypted. */
static void open_plain(const char *backup, im_wbuf *plain)
{
    size_t len = 0;
    unsigned char *file = slurp(backup, &len);
    im_backup_key *k = NULL;
    REQUIRE(im_backup_key_derive(file, len, PASS_BK, &k, NULL) == IM_OK);
    REQUIRE(bk_stream_open(k, file, len, plain) == IM_BACKUP_OK);
    im_backup_key_free(k);
    free(file);
}

static crypto_generichash_state tree_h;

static int tree_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)ftw;
    crypto_generichash_update(&tree_h, (const unsigned char *)path, strlen(path));
    if (type == FTW_F) {
        size_t n = 0;
        unsigned char *b = slurp(path, &n);
        crypto_generichash_update(&tree_h, b, n);
        free(b);
    }
    (void)sb;
    return 0;
}

static void hash_tree(const char *dir, unsigned char out[32])
{
    crypto_generichash_init(&tree_h, NULL, 0, 32);
    nftw(dir, tree_one, 16, FTW_PHYS);
    crypto_generichash_final(&tree_h, out, 32);
}

/* The couple member's database damaged (its SQLite magic, then its page
 * size field): refused before anything is touched. */
static void test_damaged_couple_refused(const char *backup, const char *tmpfile)
{
    for (int how = 0; how < 2; how++) {
        im_wbuf plain;
        open_plain(backup, &plain);
        bk_payload pl;
        REQUIRE(bk_payload_parse(plain.data, plain.len, &pl) == IM_BACKUP_OK);
        unsigned char *db = NULL;
        for (size_t i = 0; i < pl.nmembers; i++)
            if (pl.members[i].type == BK_MEMBER_COUPLE)
                db = (unsigned char *)pl.members[i].data;
        REQUIRE(db != NULL);
        if (how == 0)
            db[3] ^= 0x20; /* "SQLite format 3" no more */
        else
            db[16] = 0, db[17] = 3; /* page size 3: no database */
        bk_payload_free(&pl);
        seal_payload(tmpfile, IM_BACKUP_VERSION, plain.data, plain.len);
        im_wbuf_wipe(&plain);
        char *dir = im_tmpdir_make("cbk-bad");
        im_vault *owner = new_owner(dir);
        unsigned char before[32], after[32];
        hash_tree(dir, before);
        im_backup_problem why = IM_BACKUP_OK;
        CHECK_RC(im_backup_restore(owner, tmpfile, PASS_BK, IM_RESTORE_ONLY_IF_EMPTY, NULL, &why),
                 IM_ERR_PARSE);
        CHECK(why == IM_BACKUP_CONTENT_INVALID);
        hash_tree(dir, after);
        CHECK(memcmp(before, after, 32) == 0);
        CHECK(!im_couple_space_exists(dir));
        size_t n = 9;
        CHECK_RC(im_record_count(owner, IM_KIND_COUPLE_MEMBER, &n), IM_OK);
        CHECK(n == 0);
        im_vault_close(owner);
        im_tmpdir_remove(dir);
    }
}

/* A couple space already here is kept as it is. */
static void test_couple_here_kept(const char *devdir, const char *backup)
{
    char db[8300];
    snprintf(db, sizeof db, "%s/couple/innermost.db", devdir);
    size_t n0 = 0, n1 = 0;
    unsigned char *b0 = slurp(db, &n0);
    im_vault *owner = NULL;
    REQUIRE(im_vault_open(devdir, &owner) == IM_OK && im_vault_unlock(owner, TH_PASS) == IM_OK);
    im_backup_stats st;
    CHECK_RC(im_backup_restore(owner, backup, PASS_BK, IM_RESTORE_KEEP, &st, NULL), IM_OK);
    CHECK(st.spaces == 0 && st.spaces_kept == 3);
    im_vault_close(owner);
    unsigned char *b1 = slurp(db, &n1);
    CHECK(n0 == n1 && memcmp(b0, b1, n0) == 0);
    free(b0);
    free(b1);
}

/* Version 1 (one space) and version 2 (people, no couple member) files,
 * as the older writers made them, still restore. */
static void test_old_versions(const char *tmpfile)
{
    static const char text[] = "words from an older backup";
    for (uint16_t ver = 1; ver <= 2; ver++) {
        unsigned char pl[256];
        size_t n = 0, tl = strlen(text);
        memcpy(pl, "IMBP", 4);
        im_put_u32le(pl + 4, ver);
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
        if (ver == 2)
            im_put_u64le(pl + n, 0), n += 8;
        seal_payload(tmpfile, ver, pl, n);
        char *dir = im_tmpdir_make("cbk-old");
        im_vault *owner = new_owner(dir);
        im_backup_stats st;
        CHECK_RC(im_backup_restore(owner, tmpfile, PASS_BK, IM_RESTORE_ONLY_IF_EMPTY, &st, NULL), IM_OK);
        CHECK(st.records == 1 && st.spaces == 0);
        CHECK(hits(owner, text) == 1);
        CHECK(!im_couple_space_exists(dir));
        im_vault_close(owner);
        im_tmpdir_remove(dir);
    }
}

/* ---- kills during a restore ---- */

static void child_restore(const char *dir, const char *backup)
{
    im_vault *owner = NULL;
    if (im_vault_open(dir, &owner) != IM_OK || im_vault_unlock(owner, PASS_N) != IM_OK)
        _exit(2);
    _exit(im_backup_restore(owner, backup, PASS_BK, IM_RESTORE_REPLACE, NULL, NULL) == IM_OK ? 0 : 3);
}

/* couple/ absent, or whole: the owner enters it and reads the canary. */
static int couple_state(const char *dir)
{
    if (!im_couple_space_exists(dir))
        return 0;
    im_vault *owner = NULL;
    REQUIRE(im_vault_open(dir, &owner) == IM_OK && im_vault_unlock(owner, PASS_N) == IM_OK);
    im_vault *s = NULL;
    im_rc moved = IM_ERR_IO;
    im_rc rc = im_couple_space_enter(dir, owner, NULL, &s, &moved);
    int whole = rc == IM_OK && moved == IM_OK && hits(s, canary_c) == 1 && hits(s, canary_m) == 1 &&
                hits(owner, canary_m) == 0;
    im_vault_close(s);
    im_vault_close(owner);
    return whole ? 1 : -1;
}

static void test_kill_while_restoring(const char *backup)
{
    char *dir = im_tmpdir_make("cbk-kill");
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
    int cut = 0, absent = 0, whole = 0, broken = 0;
    for (int round = 0; round < 16; round++) {
        dir = im_tmpdir_make("cbk-kill");
        im_vault_close(new_owner(dir));
        pid = fork();
        if (pid == 0)
            child_restore(dir, backup);
        if (round % 2) { /* aim at the spaces: people/ appears first */
            char root[8300];
            struct stat sb;
            snprintf(root, sizeof root, "%s/people", dir);
            for (int t = 0; t < 20000 && stat(root, &sb) != 0; t++)
                usleep(50);
            usleep(randombytes_uniform(30000));
        } else {
            usleep((useconds_t)(full * 500 + randombytes_uniform((uint32_t)(full * 600)) + 1));
        }
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        cut += WIFSIGNALED(status);
        int s = couple_state(dir);
        absent += s == 0, whole += s == 1, broken += s < 0;
        /* a restore run again completes it */
        im_vault *owner = NULL;
        REQUIRE(im_vault_open(dir, &owner) == IM_OK && im_vault_unlock(owner, PASS_N) == IM_OK);
        CHECK_RC(im_backup_restore(owner, backup, PASS_BK, IM_RESTORE_REPLACE, NULL, NULL), IM_OK);
        im_vault_close(owner);
        CHECK(im_couple_space_exists(dir));
        im_tmpdir_remove(dir);
    }
    CHECK(broken == 0);
    printf("kills during restore: 16 rounds (restore %.0f ms), %d cut short, couple/ %d absent, %d whole, "
           "%d broken\n",
           full, cut, absent, whole, broken);
}

int main(void)
{
    k_min = im_kdf_params_min();
    char *files = im_tmpdir_make("cbk-files");
    char backup[8200], apart[8200], own[8200], tmp[8200];
    snprintf(backup, sizeof backup, "%s/owner.imbackup", files);
    snprintf(apart, sizeof apart, "%s/apart.imbackup", files);
    snprintf(own, sizeof own, "%s/alex.imbackup", files);
    snprintf(tmp, sizeof tmp, "%s/tmp.imbackup", files);
    test_old_versions(tmp);
    char *dev = make_device(backup, 1);
    char *dev2 = make_device(apart, 0);
    test_restore_into_empty(backup);
    test_passphrase_alone(apart);
    test_backup_plaintext(backup);
    test_persons_own_backup(dev, own);
    test_damaged_couple_refused(backup, tmp);
    test_couple_here_kept(dev, backup);
    test_kill_while_restoring(backup);
    im_tmpdir_remove(dev);
    im_tmpdir_remove(dev2);
    im_tmpdir_remove(files);
    return im_check_done();
}
