/*
 * test_backup.c -- encrypted backup: round trip equality; truncation at
 * every chunk boundary and at 1,000 random offsets; every single-bit flip
 * in the header and the first chunk; chunks reordered, dropped, repeated;
 * trailing garbage; wrong passphrase; restore over existing data; nothing
 * restored from a bad file; canary scans of the backup and the data dir.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "innermost/backup.h"
#include "innermost/progress.h"
#include "jtest.h"

#define CANARY "CANARY-backup-51c2e8"
#define BACKUP_PASS "another long passphrase"
#define CHUNK 1024u

/* ---- Snapshots of a whole vault ------------------------------------------- */

typedef struct snap {
    size_t n[IM_KIND_MAX_ + 1];
    im_buf *data[IM_KIND_MAX_ + 1];
    int64_t *ids[IM_KIND_MAX_ + 1];
    int64_t prefs[4];
} snap;

static const char *const pref_keys[4] = {"text_size", "theme", "reduce_motion", "auto_lock_s"};

static int snap_one(void *ctx, int64_t id, im_rc rc, const unsigned char *d, size_t len)
{
    snap *s = ((void **)ctx)[0];
    uint32_t kind = *(uint32_t *)((void **)ctx)[1];
    if (rc != IM_OK)
        return 1;
    s->ids[kind][s->n[kind]] = id;
    im_buf *b = &s->data[kind][s->n[kind]++];
    b->data = malloc(len ? len : 1);
    memcpy(b->data, d, len);
    b->len = len;
    return 0;
}

static void snap_take(im_vault *v, snap *s)
{
    memset(s, 0, sizeof *s);
    for (uint32_t k = 1; k <= IM_KIND_MAX_; k++) {
        size_t n = 0;
        REQUIRE(im_record_count(v, k, &n) == IM_OK);
        s->data[k] = calloc(n + 1, sizeof(im_buf));
        s->ids[k] = calloc(n + 1, sizeof(int64_t));
        void *ctx[2] = {s, &k};
        REQUIRE(im_record_foreach(v, k, snap_one, ctx) == IM_OK);
    }
    for (int i = 0; i < 4; i++)
        if (im_vault_pref_get(v, pref_keys[i], &s->prefs[i]) != IM_OK)
            s->prefs[i] = -999;
}

static size_t snap_total(const snap *s)
{
    size_t t = 0;
    for (int k = 1; k <= IM_KIND_MAX_; k++)
        t += s->n[k];
    return t;
}

static int snap_equal(const snap *a, const snap *b)
{
    for (int k = 1; k <= IM_KIND_MAX_; k++) {
        if (a->n[k] != b->n[k])
            return 0;
        for (size_t i = 0; i < a->n[k]; i++)
            if (a->ids[k][i] != b->ids[k][i] || a->data[k][i].len != b->data[k][i].len ||
                memcmp(a->data[k][i].data, b->data[k][i].data, a->data[k][i].len) != 0)
                return 0;
    }
    return memcmp(a->prefs, b->prefs, sizeof a->prefs) == 0;
}

static void snap_free(snap *s)
{
    for (int k = 1; k <= IM_KIND_MAX_; k++) {
        for (size_t i = 0; i < s->n[k]; i++)
            free(s->data[k][i].data);
        free(s->data[k]);
        free(s->ids[k]);
    }
}

/* ---- A vault with something of everything ----------------------------------- */

static void fill(jt_env *e)
{
    im_journal *j;
    REQUIRE(im_journal_open(e->v, &j) == IM_OK);
    uint64_t seed = 42;
    char body[3000];
    for (int i = 0; i < 120; i++) {
        size_t len = 50 + jt_rand(&seed) % 2500;
        for (size_t k = 0; k < len; k++)
            body[k] = (char)('a' + jt_rand(&seed) % 26);
        body[len] = 0;
        if (i % 10 == 0)
            memcpy(body, CANARY, strlen(CANARY));
        im_entry_fields f = {i % 3 ? "a title" : NULL, body, i % 6, NULL, NULL, NULL};
        e->now += 3600 * 1000;
        int64_t id;
        REQUIRE(im_journal_create(j, &f, &id) == IM_OK);
        if (i % 17 == 0)
            REQUIRE(im_journal_delete(j, id, NULL) == IM_OK);
    }
    im_entry_fields d = {CANARY, "a draft " CANARY, 3, NULL, NULL, NULL};
    REQUIRE(im_journal_draft_save(j, 0, &d) == IM_OK);
    im_journal_close(j);
    im_progress_event ev = im_progress_event_make(IM_PROGRESS_LADDER_STEP, "ladder.1", "step.2");
    ev.before = 7;
    ev.after = 4;
    REQUIRE(im_progress_log(e->v, &ev, NULL) == IM_OK);
    /* Other kinds, as other modules would write them: one larger than many
     * chunks, one empty. */
    unsigned char *blob = malloc(100000);
    for (size_t k = 0; k < 100000; k++)
        blob[k] = (unsigned char)jt_rand(&seed);
    int64_t id = 0;
    REQUIRE(im_record_put(e->v, IM_KIND_RUN, &id, blob, 100000) == IM_OK);
    id = 0;
    REQUIRE(im_record_put(e->v, IM_KIND_COUPLE, &id, CANARY, strlen(CANARY)) == IM_OK);
    id = 0;
    REQUIRE(im_record_put(e->v, IM_KIND_PROFILE, &id, "", 0) == IM_OK);
    free(blob);
    for (int i = 0; i < 4; i++)
        REQUIRE(im_vault_pref_set(e->v, pref_keys[i], 10 * i + 1) == IM_OK);
}

/* ---- Chunk surgery ---------------------------------------------------------- */

typedef struct chunks {
    size_t off[4096]; /* frame offsets */
    size_t len[4096]; /* frame + ciphertext bytes */
    size_t n;
} chunks;

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void find_chunks(const unsigned char *f, size_t len, chunks *c)
{
    c->n = 0;
    for (size_t pos = IM_BACKUP_HEADER_BYTES; pos < len && c->n < 4096;) {
        c->off[c->n] = pos;
        c->len[c->n] = IM_BACKUP_FRAME_BYTES + get32(f + pos + 4);
        pos += c->len[c->n++];
    }
}

/* A copy of file with chunks arranged by order[] (indices into c). */
static unsigned char *rearrange(const unsigned char *f, const chunks *c, const size_t *order, size_t n,
                                size_t *outlen)
{
    unsigned char *o = malloc(IM_BACKUP_HEADER_BYTES + c->n * (CHUNK + 64) * 2);
    size_t pos = IM_BACKUP_HEADER_BYTES;
    memcpy(o, f, pos);
    for (size_t i = 0; i < n; i++) {
        memcpy(o + pos, f + c->off[order[i]], c->len[order[i]]);
        pos += c->len[order[i]];
    }
    *outlen = pos;
    return o;
}

static im_backup_problem check(const im_backup_key *k, const unsigned char *f, size_t len)
{
    im_backup_problem why = IM_BACKUP_OK;
    im_rc rc = im_backup_check(k, f, len, &why);
    if ((rc == IM_OK) != (why == IM_BACKUP_OK))
        return IM_BACKUP_PROBLEM_COUNT_; /* inconsistent: fails the test */
    return why;
}

static int count_temp_files(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *x;
    while (d && (x = readdir(d)) != NULL)
        n += strstr(x->d_name, ".tmp-") != NULL;
    if (d)
        closedir(d);
    return n;
}

static void test_damage(const unsigned char *file, size_t len, const im_backup_key *k)
{
    chunks *c = malloc(sizeof *c);
    find_chunks(file, len, c);
    printf("backup: %zu bytes, %zu chunks\n", len, c->n);
    REQUIRE(c->n >= 8);
    CHECK(check(k, file, len) == IM_BACKUP_OK);
    unsigned char *f = malloc(len + 4096);
    memcpy(f, file, len);

    /* Truncation at every chunk boundary (and the header's end). */
    int bad = 0;
    for (size_t i = 0; i < c->n; i++)
        bad += check(k, f, c->off[i]) != IM_BACKUP_TRUNCATED;
    CHECK(bad == 0);
    /* ... and at 1,000 random offsets, including inside the header. */
    uint64_t seed = 7;
    bad = 0;
    for (int i = 0; i < 1000; i++)
        bad += check(k, f, (size_t)(jt_rand(&seed) % len)) != IM_BACKUP_TRUNCATED;
    CHECK(bad == 0);
    CHECK(check(k, f, 0) == IM_BACKUP_TRUNCATED);

    /* Every single-bit flip in the header: refused by the full API without
     * reaching the key derivation, and by a check with the key. */
    bad = 0;
    int derived = 0;
    for (size_t bit = 0; bit < IM_BACKUP_HEADER_BYTES * 8; bit++) {
        f[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        im_backup_key *k2 = NULL;
        im_backup_problem why;
        if (im_backup_key_derive(f, len, BACKUP_PASS, &k2, &why) == IM_OK) {
            derived++;
            bad += check(k2, f, len) == IM_BACKUP_OK;
            im_backup_key_free(k2);
        }
        bad += check(k, f, len) == IM_BACKUP_OK;
        f[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    }
    CHECK(bad == 0);
    CHECK(derived == 0);
    /* Every single-bit flip in the first chunk (frame and ciphertext). */
    bad = 0;
    int not_damaged = 0;
    size_t c0 = c->off[0], c0end = c->off[0] + c->len[0];
    for (size_t bit = c0 * 8; bit < c0end * 8; bit++) {
        f[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        im_backup_problem why = check(k, f, len);
        bad += why == IM_BACKUP_OK;
        if (bit / 8 >= c0 + IM_BACKUP_FRAME_BYTES)
            not_damaged += why != IM_BACKUP_CHUNK_DAMAGED;
        f[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    }
    CHECK(bad == 0);
    CHECK(not_damaged == 0);
    /* A changed byte in a middle chunk and in the last one. */
    f[c->off[c->n / 2] + 20] ^= 0x40;
    CHECK(check(k, f, len) == IM_BACKUP_CHUNK_DAMAGED);
    f[c->off[c->n / 2] + 20] ^= 0x40;
    f[len - 1] ^= 1;
    CHECK(check(k, f, len) == IM_BACKUP_CHUNK_DAMAGED);
    f[len - 1] ^= 1;

    /* Chunks reordered, dropped, repeated. */
    size_t *order = malloc((c->n + 1) * sizeof *order);
    size_t olen;
    unsigned char *o;
    for (size_t i = 0; i < c->n; i++)
        order[i] = i;
    order[1] = 2, order[2] = 1; /* swap 1 and 2 */
    o = rearrange(f, c, order, c->n, &olen);
    CHECK(check(k, o, olen) == IM_BACKUP_CHUNK_ORDER);
    /* The same swap with the index fields rewritten to look in order. */
    put32(o + c->off[1], 1);
    put32(o + c->off[1] + c->len[1], 2);
    CHECK(check(k, o, olen) == IM_BACKUP_CHUNK_DAMAGED);
    free(o);
    order[1] = 1, order[2] = 2;
    o = rearrange(f, c, order, c->n - 1, &olen); /* last dropped */
    CHECK(check(k, o, olen) == IM_BACKUP_TRUNCATED);
    free(o);
    for (size_t i = 3; i < c->n; i++) /* chunk 3 dropped */
        order[i] = i + 1;
    o = rearrange(f, c, order, c->n - 1, &olen);
    CHECK(check(k, o, olen) == IM_BACKUP_CHUNK_ORDER);
    free(o);
    for (size_t i = 0; i < c->n; i++) /* chunk 0 dropped */
        order[i] = i + 1;
    o = rearrange(f, c, order, c->n - 1, &olen);
    CHECK(check(k, o, olen) == IM_BACKUP_CHUNK_ORDER);
    free(o);
    for (size_t i = 0; i <= c->n; i++) /* chunk 4 twice */
        order[i] = i <= 4 ? i : i - 1;
    o = rearrange(f, c, order, c->n + 1, &olen);
    CHECK(check(k, o, olen) == IM_BACKUP_CHUNK_ORDER);
    free(o);
    free(order);

    /* Trailing garbage: one byte, a block, a copy of the last chunk. */
    f[len] = 0;
    CHECK(check(k, f, len + 1) == IM_BACKUP_TRAILING_DATA);
    memset(f + len, 0xAB, 1000);
    CHECK(check(k, f, len + 1000) == IM_BACKUP_TRAILING_DATA);
    memcpy(f + len, file + c->off[c->n - 1], c->len[c->n - 1]);
    CHECK(check(k, f, len + c->len[c->n - 1]) == IM_BACKUP_TRAILING_DATA);

    /* Not a backup; a newer format. */
    memcpy(f, file, len);
    f[0] = 'X';
    CHECK(check(k, f, len) == IM_BACKUP_NOT_A_BACKUP);
    f[0] = file[0];
    f[8] = IM_BACKUP_VERSION + 1; /* 2 is readable since sealed members */
    CHECK(check(k, f, len) == IM_BACKUP_NEWER_VERSION);
    free(f);
    free(c);
}

static void test_messages(void)
{
    for (int a = 1; a < IM_BACKUP_PROBLEM_COUNT_; a++) {
        const char *ma = im_backup_problem_message((im_backup_problem)a);
        CHECK(ma && *ma);
        CHECK(im_backup_problem_rc((im_backup_problem)a) != IM_OK);
        for (int b = a + 1; b < IM_BACKUP_PROBLEM_COUNT_; b++)
            CHECK(strcmp(ma, im_backup_problem_message((im_backup_problem)b)) != 0);
    }
    CHECK(im_backup_problem_rc(IM_BACKUP_WRONG_PASSPHRASE) == IM_ERR_WRONG_SECRET);
}

/* KEEP into a vault whose own records hold some of the backup's ids: the
 * vault's records stay untouched at their ids, the backup's records with
 * free ids keep them, the colliding ones get new ids past every other,
 * and journal references (drafts name their entry by uid) still hold. */
static void test_keep_remaps(const char *path)
{
    jt_env e;
    jt_open(&e, "backup-keep");
    im_journal *j;
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    im_entry_fields mine = {"mine", "my own entry", 2, NULL, NULL, NULL};
    im_entry_fields edit = {"mine", "my own entry, being edited", 2, NULL, NULL, NULL};
    int64_t my_id = 0;
    REQUIRE(im_journal_create(j, &mine, &my_id) == IM_OK);
    REQUIRE(im_journal_draft_save(j, my_id, &edit) == IM_OK);
    im_journal_close(j);
    snap own;
    snap_take(e.v, &own);
    size_t nown = snap_total(&own);

    int64_t max_own = 0;
    for (int k = 1; k <= IM_KIND_MAX_; k++)
        for (size_t i = 0; i < own.n[k]; i++)
            if (own.ids[k][i] > max_own)
                max_own = own.ids[k][i];

    /* What the backup holds, read from a vault it was restored into. */
    jt_env ref;
    jt_open(&ref, "backup-keep-ref");
    REQUIRE(im_backup_restore(ref.v, path, BACKUP_PASS, IM_RESTORE_ONLY_IF_EMPTY, NULL, NULL) == IM_OK);
    snap bk;
    snap_take(ref.v, &bk);
    jt_close(&ref);
    int64_t max_bk = 0;
    size_t colliding = 0;
    for (int k = 1; k <= IM_KIND_MAX_; k++)
        for (size_t i = 0; i < bk.n[k]; i++) {
            if (bk.ids[k][i] > max_bk)
                max_bk = bk.ids[k][i];
            colliding += bk.ids[k][i] <= max_own;
        }
    REQUIRE(colliding > 0);

    im_backup_stats st;
    CHECK_RC(im_backup_restore(e.v, path, BACKUP_PASS, IM_RESTORE_KEEP, &st, NULL), IM_OK);
    CHECK(st.records == snap_total(&bk));
    snap all;
    snap_take(e.v, &all);
    CHECK(snap_total(&all) == nown + snap_total(&bk));
    /* Every record of each side is found: own ones at their ids, backup
     * ones at their id when it was free, else above everything. */
    size_t own_found = 0, kept_id = 0, moved = 0;
    for (int k = 1; k <= IM_KIND_MAX_; k++) {
        for (size_t i = 0; i < all.n[k]; i++) {
            int64_t id = all.ids[k][i];
            const im_buf *b = &all.data[k][i];
            int is_own = 0;
            for (size_t o = 0; o < own.n[k]; o++)
                is_own |= own.ids[k][o] == id && own.data[k][o].len == b->len &&
                          memcmp(own.data[k][o].data, b->data, b->len) == 0;
            if (is_own) {
                own_found++;
                continue;
            }
            int same_id = 0;
            for (size_t o = 0; o < bk.n[k]; o++)
                same_id |= bk.ids[k][o] == id && bk.data[k][o].len == b->len &&
                           memcmp(bk.data[k][o].data, b->data, b->len) == 0;
            if (same_id)
                kept_id++;
            else if (id > max_bk && id > max_own)
                moved++;
        }
    }
    CHECK(own_found == nown);
    CHECK(moved == colliding);
    CHECK(kept_id + moved == snap_total(&bk));

    /* The journal holds both sides, and the draft of edits still belongs
     * to the person's own entry. */
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    CHECK(im_journal_count(j) == 1 + bk.n[IM_KIND_JOURNAL]);
    im_entry d;
    CHECK_RC(im_journal_draft_load(j, my_id, &d), IM_OK);
    CHECK(d.body && strcmp(d.body, edit.body) == 0);
    im_entry_free(&d);
    CHECK_RC(im_journal_draft_load(j, 0, &d), IM_OK);
    CHECK(d.title && strcmp(d.title, CANARY) == 0);
    im_entry_free(&d);
    im_journal_close(j);

    snap_free(&all);
    snap_free(&bk);
    snap_free(&own);
    jt_close(&e);
}

int main(void)
{
    jt_env src, dst;
    jt_open(&src, "backup-src");
    fill(&src);
    snap before;
    snap_take(src.v, &before);
    REQUIRE(snap_total(&before) > 100);

    char *out = im_tmpdir_make("backup-out");
    char path[4096];
    snprintf(path, sizeof path, "%s/innermost.backup", out);
    im_backup_options o = {im_kdf_params_min(), CHUNK};
    im_backup_stats st;
    CHECK_RC(im_backup_write(src.v, path, "short", &o, &st), IM_ERR_WEAK_SECRET);
    CHECK_RC(im_backup_write(src.v, path, BACKUP_PASS, &o, &st), IM_OK);
    CHECK(st.records == snap_total(&before) && st.prefs >= 4 && st.damaged == 0);
    /* Writing again replaces the file atomically and leaves no temp file. */
    CHECK_RC(im_backup_write(src.v, path, BACKUP_PASS, &o, &st), IM_OK);
    CHECK(count_temp_files(out) == 0);
    char nodir[4200];
    snprintf(nodir, sizeof nodir, "%s/missing/x.backup", out);
    CHECK_RC(im_backup_write(src.v, nodir, BACKUP_PASS, &o, NULL), IM_ERR_IO);
    CHECK(im_scan_dir_for(out, CANARY, strlen(CANARY)) == 0);
    CHECK(im_scan_dir_for(out, "a title", 7) == 0);

    size_t len = 0;
    unsigned char *file = im_file_read(path, &len);
    REQUIRE(file && len == st.bytes);

    /* Round trip into a fresh vault with a different passphrase. */
    jt_open(&dst, "backup-dst");
    im_backup_problem why;
    CHECK_RC(im_backup_restore(dst.v, path, "not the passphrase", IM_RESTORE_ONLY_IF_EMPTY, NULL, &why),
             IM_ERR_WRONG_SECRET);
    CHECK(why == IM_BACKUP_WRONG_PASSPHRASE);
    CHECK_RC(im_backup_restore(dst.v, path, BACKUP_PASS, IM_RESTORE_ONLY_IF_EMPTY, &st, &why), IM_OK);
    CHECK(why == IM_BACKUP_OK && st.records == snap_total(&before));
    snap after;
    snap_take(dst.v, &after);
    CHECK(snap_equal(&before, &after));
    snap_free(&after);
    /* The journal reads back whole, drafts included. */
    im_journal *j;
    REQUIRE(im_journal_open(dst.v, &j) == IM_OK);
    im_entry d;
    CHECK_RC(im_journal_draft_load(j, 0, &d), IM_OK);
    CHECK(d.title && strcmp(d.title, CANARY) == 0);
    im_entry_free(&d);
    size_t njournal = im_journal_count(j);
    CHECK(njournal == before.n[IM_KIND_JOURNAL]);
    im_journal_close(j);

    /* Over existing data: refused without a choice, then replace or keep. */
    int64_t extra = 0;
    CHECK_RC(im_record_put(dst.v, IM_KIND_SETTING, &extra, "x", 1), IM_OK);
    snap mid;
    snap_take(dst.v, &mid);
    CHECK_RC(im_backup_restore(dst.v, path, BACKUP_PASS, IM_RESTORE_ONLY_IF_EMPTY, NULL, &why),
             IM_ERR_EXISTS);
    snap_take(dst.v, &after);
    CHECK(snap_equal(&mid, &after));
    snap_free(&after);
    snap_free(&mid);
    CHECK_RC(im_backup_restore(dst.v, path, BACKUP_PASS, IM_RESTORE_REPLACE, NULL, &why), IM_OK);
    snap_take(dst.v, &after);
    CHECK(snap_equal(&before, &after));
    snap_free(&after);
    /* The same backup again with KEEP adds nothing: every record is
     * already there, at its id. */
    CHECK_RC(im_backup_restore(dst.v, path, BACKUP_PASS, IM_RESTORE_KEEP, &st, &why), IM_OK);
    CHECK(st.records == 0);
    snap_take(dst.v, &after);
    CHECK(snap_equal(&before, &after));
    snap_free(&after);
    test_keep_remaps(path);

    /* Damage of every kind, checked with one derived key. */
    im_backup_key *k = NULL;
    CHECK_RC(im_backup_key_derive(file, len, "wrong passphrase!", &k, &why), IM_ERR_WRONG_SECRET);
    CHECK(why == IM_BACKUP_WRONG_PASSPHRASE && k == NULL);
    REQUIRE(im_backup_key_derive(file, len, BACKUP_PASS, &k, &why) == IM_OK);
    test_damage(file, len, k);

    /* Nothing restored from a file that fails, even with REPLACE: the one
     * record already there stays, nothing is added. */
    jt_env empty;
    jt_open(&empty, "backup-empty");
    int64_t kept = 0;
    CHECK_RC(im_record_put(empty.v, IM_KIND_SETTING, &kept, "kept", 4), IM_OK);
    unsigned char *f = malloc(len + 1);
    memcpy(f, file, len);
    size_t cases[] = {len - 1, len / 2, IM_BACKUP_HEADER_BYTES + 5};
    for (size_t i = 0; i < 3; i++)
        CHECK_RC(im_backup_restore_with_key(empty.v, k, f, cases[i], IM_RESTORE_REPLACE, NULL, &why),
                 IM_ERR_DAMAGED);
    f[len - 30] ^= 4; /* the final chunk: all else decrypts first */
    CHECK_RC(im_backup_restore_with_key(empty.v, k, f, len, IM_RESTORE_REPLACE, NULL, &why), IM_ERR_DAMAGED);
    CHECK(why == IM_BACKUP_CHUNK_DAMAGED);
    f[len - 30] ^= 4;
    f[len] = 1;
    CHECK_RC(im_backup_restore_with_key(empty.v, k, f, len + 1, IM_RESTORE_REPLACE, NULL, &why),
             IM_ERR_DAMAGED);
    CHECK(why == IM_BACKUP_TRAILING_DATA);
    snap_take(empty.v, &after);
    CHECK(snap_total(&after) == 1 && after.n[IM_KIND_SETTING] == 1 &&
          memcmp(after.data[IM_KIND_SETTING][0].data, "kept", 4) == 0);
    snap_free(&after);
    free(f);
    jt_close(&empty);
    im_backup_key_free(k);
    test_messages();

    /* The restored vault's files hold no plaintext either. */
    im_vault_close(dst.v);
    dst.v = NULL;
    CHECK(im_scan_dir_for(dst.dir, CANARY, strlen(CANARY)) == 0);
    REQUIRE(im_vault_open(dst.dir, &dst.v) == IM_OK);
    jt_close(&dst);
    jt_close(&src);
    snap_free(&before);
    free(file);
    im_tmpdir_remove(out);
    return im_check_done();
}
