/*
 * rel_memscan.c -- after lock, is anything secret left in this process's
 * memory?  The "memory after lock" row of `make reliability`.
 *
 * A session as the app would run it: create a vault, write journal entries
 * and a draft holding unique canary strings (two in each: one near the
 * start, which the list's preview also keeps, and a "deep" one past the
 * preview, which after the journal loads only the search dictionary,
 * journal_words.c, holds), lock and close, open and
 * unlock again with the passphrase, open the journal (which decrypts every
 * entry), list, read and search every entry, then lock the vault with the
 * journal still open (as auto-lock does: the journal's lock listener must
 * wipe its index), and later close the journal too.  After each, the
 * program reads all of its own writable memory (every rw mapping in
 * /proc/self/maps, through /proc/self/mem) and counts where the master
 * key, the record subkey, the passphrase and the canaries still are.
 *
 * The needles (canaries, keys, passphrase, search queries) and the read
 * buffer live in one private mapping, "scratch", which the scan skips; so a
 * hit is a copy some module made and did not wipe, never the program's own
 * reference copy.  The keys are learned through vault_internal.h (struct
 * im_vault is visible to core's own modules and to tests that put core/src
 * on their include path; there is no public way, on purpose).
 *
 * As a control, the same scan runs once while the journal is open and the
 * vault unlocked: it must find the keys and the canaries there, which shows
 * the scan can see what it looks for; seeing the deep canaries shows it
 * sees the dictionary's copies in particular.  Each hit after lock is printed with
 * the mapping it is in ([heap], [stack], a library, anonymous).
 *
 * Prints: "memscan: control (unlocked, journal open): key hits K canary
 *          hits C of N canaries"
 *         "memscan: after lock (journal still open): scanned M MiB in R
 *          mappings; master key hits A record key hits B passphrase hits P
 *          canary hits C", and the same "after lock and journal close"
 *         "memscan: hit WHAT in MAPPING at +OFFSET" for each hit after lock
 * Exit status 1 if there is any hit after lock or the control finds nothing.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "memwalk.h"
#include "innermost/journal.h"
#include "innermost/vault.h"
#include "vault_fixture.h"
#include "vault_internal.h"

#define N_CANARIES 40              /* entries (the last one a draft); two canaries each */
#define N_NEEDLES (2 * N_CANARIES) /* [i] near the start, [N_CANARIES + i] deep */
#define N_FILLER 5000
#define CANARY_LEN 24 /* "xq9vjz" and 18 random lowercase letters/digits */
#define PREFIX "xq9vjz"
#define PREFIX_LEN 6
#define CHUNK (1u << 20)

/* Everything the scan must not count: one mapping, skipped by address. */
struct scratch {
    char canary[N_NEEDLES][CANARY_LEN + 1];
    char text[N_CANARIES][512]; /* the bodies handed to the journal */
    char title[N_CANARIES][64];
    char query[128];
    char passphrase[64];
    unsigned char master[IM_MASTER_KEY_BYTES];
    unsigned char record[IM_MASTER_KEY_BYTES];
    unsigned char buf[CHUNK + 4096];
};

static struct scratch *S;

struct hits {
    long master, record, passphrase, canary;
    int canaries_seen[N_NEEDLES];
    size_t bytes, mappings;
    int verbose;
};

static void make_canaries(void)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < N_NEEDLES; i++) {
        memcpy(S->canary[i], PREFIX, PREFIX_LEN);
        for (int k = PREFIX_LEN; k < CANARY_LEN; k++)
            S->canary[i][k] = alphabet[randombytes_uniform(36)];
        S->canary[i][CANARY_LEN] = 0;
    }
    for (int i = 0; i < N_CANARIES; i++) {
        snprintf(S->title[i], sizeof S->title[i], "evening %d", i);
        /* Assembled in place: a copy on the stack would be a hit.  The
         * deep canary starts past IM_JOURNAL_PREVIEW_BYTES. */
        static const char before[] = "I wanted to say something and did not. ";
        static const char middle[] = " Later we talked about the week, the weather, the small plans "
                                     "for Sunday, and none of it was what I meant; then the kettle, "
                                     "the dishes, the long quiet of the evening, and still I said "
                                     "nothing about it. ";
        static const char after[] = " The walk home was quiet, and that was fine.";
        char *t = S->text[i];
        size_t n = 0;
        memcpy(t + n, before, sizeof before - 1), n += sizeof before - 1;
        memcpy(t + n, S->canary[i], CANARY_LEN), n += CANARY_LEN;
        memcpy(t + n, middle, sizeof middle - 1), n += sizeof middle - 1;
        memcpy(t + n, S->canary[N_CANARIES + i], CANARY_LEN), n += CANARY_LEN;
        memcpy(t + n, after, sizeof after);
    }
    memcpy(S->passphrase, "memory scan passphrase", 23);
}

static void note_hit(struct hits *h, const char *what, const char *mapping, size_t offset)
{
    if (h->verbose)
        printf("memscan: hit %s in %s at +0x%zx\n", what, mapping, offset);
}

/* Search p[0..len) for every needle, counting matches that start before
 * limit (the rest are counted by the next chunk, which starts there). */
static void search_chunk(struct hits *h, const unsigned char *p, size_t len, size_t limit,
                         const char *mapping, size_t offset)
{
    const unsigned char *end = p + len, *q;
    for (q = p; (size_t)(q - p) < limit && (q = memmem(q, (size_t)(end - q), PREFIX, PREFIX_LEN)); q++) {
        if ((size_t)(q - p) >= limit || (size_t)(end - q) < CANARY_LEN)
            break;
        for (int i = 0; i < N_NEEDLES; i++)
            if (memcmp(q, S->canary[i], CANARY_LEN) == 0) {
                h->canary++;
                h->canaries_seen[i] = 1;
                note_hit(h, "canary", mapping, offset + (size_t)(q - p));
            }
    }
    struct {
        const void *needle;
        size_t n;
        long *count;
        const char *name;
    } keys[] = {
        {S->master, IM_MASTER_KEY_BYTES, &h->master, "master key"},
        {S->record, IM_MASTER_KEY_BYTES, &h->record, "record key"},
        {S->passphrase, strlen(S->passphrase), &h->passphrase, "passphrase"},
    };
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        for (q = p; (q = memmem(q, (size_t)(end - q), keys[k].needle, keys[k].n)) && (size_t)(q - p) < limit;
             q++) {
            (*keys[k].count)++;
            note_hit(h, keys[k].name, mapping, offset + (size_t)(q - p));
        }
}

static void on_chunk(void *ctx, const unsigned char *chunk, size_t len, size_t limit, const char *mapping,
                     uintptr_t mapping_start, size_t offset)
{
    (void)mapping_start;
    search_chunk(ctx, chunk, len, limit, mapping, offset);
}

/* The chunks overlap by the longest needle, so a copy straddling a
 * boundary is found, once (memwalk.h). */
static struct hits scan_memory(int verbose)
{
    struct hits h = {0};
    h.verbose = verbose;
    im_memwalk w = {S->buf, CHUNK, CANARY_LEN + IM_MASTER_KEY_BYTES, S, sizeof *S};
    long mappings = 0;
    h.bytes = im_memwalk_run(&w, on_chunk, &h, &mappings);
    REQUIRE(mappings > 0);
    h.mappings = (size_t)mappings;
    return h;
}

static void report(const char *when, const struct hits *h)
{
    printf("memscan: %s: scanned %.1f MiB in %zu mappings; master key hits "
           "%ld record key hits %ld passphrase hits %ld canary hits %ld\n",
           when, (double)h->bytes / (1 << 20), h->mappings, h->master, h->record, h->passphrase, h->canary);
    fflush(stdout);
}

static void fields_for(int i, im_entry_fields *f)
{
    memset(f, 0, sizeof *f);
    f->title = S->title[i];
    f->body = S->text[i];
    f->mood = 1 + i % 5;
}

int main(void)
{
    S = mmap(NULL, sizeof *S, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(S != MAP_FAILED && sodium_init() >= 0);
    make_canaries();
    char *dir = im_tmpdir_make("rel-memscan");
    REQUIRE(dir);

    /* Write: every canary into an entry; the last one is also a draft. */
    char code[IM_RECOVERY_CODE_SIZE];
    im_journal *j = NULL;
    /* the passphrase is a needle of the scan: this test's own, not TH_PASS */
    im_vault *v = th_vault_create(dir, S->passphrase, code);
    sodium_memzero(code, sizeof code);
    REQUIRE(im_journal_open(v, &j) == IM_OK);
    im_entry_fields f;
    for (int i = 0; i < N_CANARIES - 1; i++) {
        fields_for(i, &f);
        CHECK_RC(im_journal_create(j, &f, NULL), IM_OK);
    }
    fields_for(N_CANARIES - 1, &f);
    CHECK_RC(im_journal_draft_save(j, 0, &f), IM_OK);
    /* Ordinary entries around them, so the heap is the size of a real
     * journal's and freed blocks get reused. */
    REQUIRE(im_vault_begin(v) == IM_OK);
    for (int i = 0; i < N_FILLER; i++) {
        im_entry_fields filler = {"a day",
                                  "Nothing much happened; the "
                                  "kettle, the bus, a call with a friend.",
                                  3,
                                  NULL,
                                  NULL,
                                  NULL};
        CHECK_RC(im_journal_create(j, &filler, NULL), IM_OK);
    }
    REQUIRE(im_vault_commit(v) == IM_OK);
    im_journal_close(j);
    im_vault_close(v);

    /* Read: unlock with the passphrase, open, list, get, search. */
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    REQUIRE(im_vault_unlock(v, S->passphrase) == IM_OK);
    memcpy(S->master, v->keys->master, IM_MASTER_KEY_BYTES);
    memcpy(S->record, v->keys->record, IM_MASTER_KEY_BYTES);
    REQUIRE(im_journal_open(v, &j) == IM_OK);
    im_entry_page page;
    CHECK_RC(im_journal_list(j, N_FILLER, N_CANARIES, &page), IM_OK);
    CHECK(page.n == N_CANARIES - 1); /* newest first: the canaries are last */
    for (size_t k = 0; k < page.n; k++) {
        im_entry e;
        CHECK_RC(im_journal_get(j, page.items[k].id, &e), IM_OK);
        im_entry_free(&e);
    }
    im_entry_page_free(&page);
    int found = 0;
    for (int i = 0; i < N_CANARIES - 1; i++) {
        memcpy(S->query, S->canary[i], CANARY_LEN + 1);
        CHECK_RC(im_journal_search(j, S->query, 0, 10, &page), IM_OK);
        found += page.total == 1;
        im_entry_page_free(&page);
    }
    CHECK(found == N_CANARIES - 1);
    im_entry e;
    CHECK_RC(im_journal_draft_load(j, 0, &e), IM_OK);
    im_entry_free(&e);

    struct hits control = scan_memory(0);
    int control_seen = 0, deep_seen = 0;
    for (int i = 0; i < N_CANARIES; i++) {
        control_seen += control.canaries_seen[i];
        /* The entries' deep canaries (the draft's is not in the index). */
        deep_seen += i < N_CANARIES - 1 && control.canaries_seen[N_CANARIES + i];
    }
    printf("memscan: control (unlocked, journal open): key hits %ld "
           "canary hits %ld (%d of %d canaries; %d of %d deep ones, which "
           "only the search dictionary keeps)\n",
           control.master + control.record, control.canary, control_seen, N_CANARIES, deep_seen,
           N_CANARIES - 1);

    /* Lock as auto-lock does, the journal left open (its lock listener
     * must wipe the index); then close the journal too. */
    im_vault_lock(v);
    struct hits after = scan_memory(1);
    report("after lock (journal still open)", &after);
    im_journal_close(j);
    struct hits closed = scan_memory(1);
    report("after lock and journal close", &closed);

    CHECK(control.master + control.record > 0 && control.canary > 0);
    CHECK(deep_seen == N_CANARIES - 1); /* every entry's, in the dictionary */
    CHECK(after.master + after.record + after.passphrase + after.canary == 0);
    CHECK(closed.master + closed.record + closed.passphrase + closed.canary == 0);
    CHECK_RC(im_vault_erase(v), IM_OK);
    im_tmpdir_remove(dir);
    return im_check_done();
}
