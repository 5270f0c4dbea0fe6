/*
 * rel_bad_input.c -- the "bad input" rows of `make reliability`: invalid
 * UTF-8, a 1 MB paste, 100,000 entries, a full disk.  For each, what the
 * person would be told (im_rc_message), and whether everything saved
 * before is still there afterwards.
 *
 *   utf8    bodies and titles with broken UTF-8 (stray continuation byte,
 *           0xFF, overlong form, surrogate, cut-off sequence): refused, or
 *           stored repaired -- never stored broken;
 *   paste   one entry with a 1 MiB body (multi-byte text) saved and read
 *           back equal; one just over IM_JOURNAL_BODY_MAX_BYTES refused;
 *   many    ENTRIES entries (default 100,000) created in transactions of
 *           1,000, the journal reopened, counted, searched;
 *   full    RLIMIT_FSIZE a little above the database's size (SIGXFSZ
 *           ignored by im_process_harden, as in the app): 4 KiB entries
 *           until a save fails; then the limit is lifted, the vault is
 *           reopened, and every acknowledged entry must be intact.
 * Each case starts from a vault holding "kept" entries and checks them at
 * the end.
 *
 * Usage: rel_bad_input [ENTRIES]
 * Prints one "badinput: CASE ..." line per case; exit status 1 if a case
 * lost something, crashed into an unclear state or stored broken text.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "innermost/journal.h"
#include "innermost/vault.h"
#include "vault_fixture.h"
#include "utf8.h"

#define PASS TH_PASS
#define N_KEPT 20

static char *dir;
static im_vault *v;
static im_journal *j;
static int64_t kept[N_KEPT];

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void kept_text(int i, char *buf, size_t n)
{
    snprintf(buf, n, "kept entry %d: what I wrote before anything went wrong", i);
}

static void start(const char *tag)
{
    dir = im_tmpdir_make(tag);
    REQUIRE(dir);
    v = th_vault_create(dir, NULL, NULL);
    REQUIRE(im_journal_open(v, &j) == IM_OK);
    for (int i = 0; i < N_KEPT; i++) {
        char body[128];
        kept_text(i, body, sizeof body);
        im_entry_fields f = {"kept", body, 3, NULL, NULL, NULL};
        REQUIRE(im_journal_create(j, &f, &kept[i]) == IM_OK);
    }
}

/* Close everything, reopen from disk, count the kept entries intact. */
static int reopen_and_count_kept(void)
{
    im_journal_close(j);
    im_vault_close(v);
    j = NULL;
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    REQUIRE(im_vault_unlock(v, PASS) == IM_OK);
    REQUIRE(im_journal_open(v, &j) == IM_OK);
    int intact = 0;
    for (int i = 0; i < N_KEPT; i++) {
        char want[128];
        im_entry e;
        kept_text(i, want, sizeof want);
        if (im_journal_get(j, kept[i], &e) == IM_OK && e.body && !strcmp(e.body, want))
            intact++;
        im_entry_free(&e);
    }
    return intact;
}

static void finish(void)
{
    im_journal_close(j);
    CHECK_RC(im_vault_erase(v), IM_OK);
    im_tmpdir_remove(dir);
    j = NULL;
    v = NULL;
}

static void case_utf8(void)
{
    static const char *const bad[] = {
        "stray \x80 continuation",     "byte \xff never valid",       "overlong \xc0\xaf slash",
        "surrogate \xed\xa0\x80 half", "cut off at the end \xe2\x82", "\xc3\x28 bad second byte",
    };
    const size_t n = sizeof bad / sizeof *bad;
    start("rel-utf8");
    int refused = 0, repaired = 0, broken = 0;
    const char *message = NULL;
    for (size_t i = 0; i < 2 * n; i++) {
        const char *text = bad[i % n];
        im_entry_fields f = {i < n ? "title" : text, i < n ? text : "body", 2, NULL, NULL, NULL};
        int64_t id = 0;
        im_rc rc = im_journal_create(j, &f, &id);
        if (rc != IM_OK) {
            refused++;
            message = im_rc_message(rc);
            continue;
        }
        im_entry e;
        CHECK_RC(im_journal_get(j, id, &e), IM_OK);
        const char *back = i < n ? e.body : e.title;
        if (back && im_utf8_ok(back, strlen(back)))
            repaired++;
        else
            broken++;
        im_entry_free(&e);
    }
    int intact = reopen_and_count_kept();
    printf("badinput: utf8 cases %zu refused %d repaired %d stored-broken %d; "
           "message \"%s\"; kept %d of %d\n",
           2 * n, refused, repaired, broken, message ? message : "-", intact, N_KEPT);
    CHECK(broken == 0 && refused + repaired == (int)(2 * n));
    CHECK(intact == N_KEPT);
    finish();
}

/* A body of n bytes of valid, mostly multi-byte text. */
static char *big_body(size_t n)
{
    static const char piece[] = "ça va — näher, 近い ";
    char *b = malloc(n + 1);
    REQUIRE(b);
    size_t at = 0, k = sizeof piece - 1;
    while (at + k <= n) {
        memcpy(b + at, piece, k);
        at += k;
    }
    memset(b + at, 'x', n - at);
    b[n] = 0;
    return b;
}

static void case_paste(void)
{
    start("rel-paste");
    char *body = big_body(1u << 20);
    im_entry_fields f = {"a long paste", body, 4, NULL, NULL, NULL};
    int64_t id = 0;
    double t = now_ms();
    im_rc saved = im_journal_create(j, &f, &id);
    double save_ms = now_ms() - t;
    int equal = 0;
    im_entry e;
    if (saved == IM_OK && im_journal_get(j, id, &e) == IM_OK) {
        equal = e.body && !strcmp(e.body, body);
        im_entry_free(&e);
    }
    free(body);
    body = big_body(IM_JOURNAL_BODY_MAX_BYTES + 1);
    f.body = body;
    int64_t id2 = 0;
    im_rc over = im_journal_create(j, &f, &id2);
    free(body);
    size_t count = im_journal_count(j);
    int intact = reopen_and_count_kept();
    printf("badinput: paste 1 MiB saved %s in %.0f ms, read back %s; "
           "%u MiB + 1 byte: %s \"%s\"; entries %zu; kept %d of %d\n",
           saved == IM_OK ? "ok" : im_rc_name(saved), save_ms, equal ? "equal" : "DIFFERENT",
           IM_JOURNAL_BODY_MAX_BYTES >> 20, im_rc_name(over), im_rc_message(over), count, intact, N_KEPT);
    CHECK(saved == IM_OK && equal);
    CHECK(over != IM_OK && count == N_KEPT + 1);
    CHECK(intact == N_KEPT);
    finish();
}

static void case_many(size_t entries)
{
    start("rel-many");
    double t = now_ms();
    im_rc rc = IM_OK;
    for (size_t i = 0; i < entries && !rc; i += 1000) {
        rc = im_vault_begin(v);
        for (size_t k = i; k < i + 1000 && k < entries && !rc; k++) {
            char body[200];
            snprintf(body, sizeof body,
                     "entry %zu: a day like the others, "
                     "the word %s came back",
                     k, k % 100 ? "ordinary" : "seldomword");
            im_entry_fields f = {NULL, body, 1 + (int)(k % 5), NULL, NULL, NULL};
            rc = im_journal_create(j, &f, NULL);
        }
        im_rc c = im_vault_commit(v);
        if (!rc)
            rc = c;
    }
    double create_s = (now_ms() - t) / 1000;
    int intact = reopen_and_count_kept(); /* the reopen loads all entries */
    im_journal_close(j);
    t = now_ms();
    REQUIRE(im_journal_open(v, &j) == IM_OK);
    double open_ms = now_ms() - t;
    size_t count = im_journal_count(j);
    im_entry_page p;
    t = now_ms();
    CHECK_RC(im_journal_search(j, "seldomword", 0, 50, &p), IM_OK);
    double search_ms = now_ms() - t;
    size_t found = p.total;
    im_entry_page_free(&p);
    printf("badinput: many %zu entries created in %.1f s (%s); journal open "
           "%.0f ms; count %zu; search %.0f ms found %zu of %zu; kept %d of "
           "%d\n",
           entries, create_s, rc ? im_rc_name(rc) : "ok", open_ms, count, search_ms, found,
           (entries + 99) / 100, intact, N_KEPT);
    CHECK(rc == IM_OK && count == entries + N_KEPT);
    CHECK(found == (entries + 99) / 100);
    CHECK(intact == N_KEPT);
    finish();
}

static void case_full_disk(void)
{
    start("rel-full");
    im_process_harden(); /* SIGXFSZ ignored, as in the app */
    struct rlimit saved;
    REQUIRE(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    /* The limit binds every file the process writes: the database and its
     * -wal.  Room for about 60 more entries past the larger of the two. */
    struct stat st, wal;
    char wal_path[4096];
    snprintf(wal_path, sizeof wal_path, "%s-wal", im_vault_db_path(v));
    REQUIRE(stat(im_vault_db_path(v), &st) == 0);
    if (stat(wal_path, &wal) == 0 && wal.st_size > st.st_size)
        st.st_size = wal.st_size;
    struct rlimit r = saved;
    r.rlim_cur = (rlim_t)st.st_size + 256 * 1024;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &r) == 0);
    static int64_t acked[4096];
    int n_acked = 0;
    im_rc rc = IM_OK;
    char *body = malloc(4097); /* ASCII: its first byte varies below */
    REQUIRE(body);
    memset(body, 'w', 4096);
    body[4096] = 0;
    while (n_acked < 4096) {
        body[0] = (char)('a' + n_acked % 26);
        im_entry_fields f = {"filling", body, 1, NULL, NULL, NULL};
        if ((rc = im_journal_create(j, &f, &acked[n_acked])) != IM_OK)
            break;
        n_acked++;
    }
    REQUIRE(setrlimit(RLIMIT_FSIZE, &saved) == 0);
    int intact = reopen_and_count_kept();
    int acked_intact = 0;
    for (int i = 0; i < n_acked; i++) {
        im_entry e;
        body[0] = (char)('a' + i % 26);
        if (im_journal_get(j, acked[i], &e) == IM_OK && e.body && !strcmp(e.body, body))
            acked_intact++;
        im_entry_free(&e);
    }
    im_entry_fields f = {"after", "room again", 1, NULL, NULL, NULL};
    im_rc after = im_journal_create(j, &f, NULL);
    free(body);
    printf("badinput: full after %d saves: %s \"%s\"; acknowledged %d "
           "intact %d; kept %d of %d; save with room again: %s\n",
           n_acked, im_rc_name(rc), im_rc_message(rc), n_acked, acked_intact, intact, N_KEPT,
           im_rc_name(after));
    CHECK(rc == IM_ERR_DISK_FULL);
    CHECK(acked_intact == n_acked && intact == N_KEPT && after == IM_OK);
    finish();
}

int main(int argc, char **argv)
{
    size_t entries = argc > 1 ? (size_t)atol(argv[1]) : 100000;
    case_utf8();
    case_paste();
    case_full_disk();
    case_many(entries);
    return im_check_done();
}
