/*
 * rel_app_people.c -- two people on one device, in the real app (headless,
 * in this process, app/driver.h): neither ever sees the other's journal,
 * search results or words, on screen or in memory.
 *
 * The owner unlocks, writes a journal entry (title and body are canaries),
 * and in Settings -> "Someone else on this device" (after the passphrase)
 * makes a space for a second person, who chooses a passphrase and gets a
 * recovery code (read here off the code screen's state, typed back in the
 * check).  The app locks.  Then:
 *   1. a wrong passphrase on "Switch person": the plain words, the shared
 *      wait (on the lock screen too), and no file of anyone's changed;
 *   2. with the owner's canaries forbidden in every frame's draw list
 *      (the driver's `forbid`), the person switches in: their Home, an
 *      empty journal, a search for the owner's words finds nothing; they
 *      write an entry of their own (canaries too).  While they are
 *      unlocked the process's writable memory holds none of the owner's
 *      canaries nor the owner's master key; after their "Lock now", none of
 *      theirs nor their key;
 *   3. with the person's canaries forbidden, the owner unlocks: the owner's
 *      entry is there, a search for the person's words finds nothing, and
 *      memory holds none of the person's canaries;
 *   4. the person's recovery code, on the owner's "Use recovery code",
 *      opens nothing.
 * The draw lists are checked with `forbid` on a 20-character probe from
 * inside each canary (a frame drawing the canary draws its probe), and the
 * searches type the probe (search matches inside words), so the driver's
 * own copies never hold a whole canary, which is what the memory scans
 * look for; the driver wipes its joined copy of each frame's text
 * (seam/driver.c), without which this test finds the person's words in
 * freed heap after their lock.
 * Prints "apppeople: ..." figures for each scan.  Fails on the old code:
 * there was no "Switch person".  Not under AddressSanitizer (its shadow
 * memory is terabytes of rw mappings: rel_app_memscan.c).
 */
#define _GNU_SOURCE
#include <SDL.h>
#include <dirent.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "app/app.h"
#include "app/session.h"
#include "app/screen.h"
#include "app_harness.h"
#include "check.h"
#include "memwalk.h"
#include "vault_internal.h"

enum { C_OWNER_TITLE, C_OWNER_BODY, C_PERSON_TITLE, C_PERSON_BODY, N_CANARIES };
#define CANARY_LEN 24
#define PREFIX "zv3qhm"
#define PREFIX_LEN 6
#define CHUNK (1u << 20)
#define STEP_LEN 512

#define OWNER_PASS "owner lantern orchard harbour"
#define PERSON_PASS "second person quiet notebook"

#define PROBE_AT 2
#define PROBE_LEN 20

struct scratch {
    char canary[N_CANARIES][CANARY_LEN + 1];
    char probe[N_CANARIES][PROBE_LEN + 1];     /* inside each canary, not its start */
    unsigned char key[2][IM_MASTER_KEY_BYTES]; /* the owner's, the person's */
    int have_key[2];
    char code[IM_RECOVERY_CODE_SIZE];
    char step[STEP_LEN];
    unsigned char buf[CHUNK + 4096];
};
static struct scratch *S;

struct hits {
    long canary[N_CANARIES];
    long key[2];
};

static void search_chunk(void *ctx, const unsigned char *p, size_t len, size_t limit, const char *mapping,
                         uintptr_t start, size_t offset)
{
    (void)mapping, (void)start, (void)offset;
    struct hits *h = ctx;
    const unsigned char *end = p + len, *q;
    for (q = p; (q = memmem(q, (size_t)(end - q), PREFIX, PREFIX_LEN)) && (size_t)(q - p) < limit; q++) {
        if ((size_t)(end - q) < CANARY_LEN)
            break;
        for (int i = 0; i < N_CANARIES; i++)
            if (memcmp(q, S->canary[i], CANARY_LEN) == 0)
                h->canary[i]++;
    }
    for (int k = 0; k < 2; k++)
        if (S->have_key[k])
            for (q = p; (q = memmem(q, (size_t)(end - q), S->key[k], IM_MASTER_KEY_BYTES)) &&
                        (size_t)(q - p) < limit;
                 q++)
                h->key[k]++;
}

static struct hits scan(const char *when)
{
    struct hits h = {0};
    im_memwalk w = {S->buf, CHUNK, 64, S, sizeof *S};
    long mappings = 0;
    size_t bytes = im_memwalk_run(&w, search_chunk, &h, &mappings);
    REQUIRE(mappings > 0);
    printf("apppeople: %s: scanned %.1f MiB; owner's canaries %ld+%ld, person's %ld+%ld; "
           "owner's key %ld, person's key %ld\n",
           when, (double)bytes / (1 << 20), h.canary[C_OWNER_TITLE], h.canary[C_OWNER_BODY],
           h.canary[C_PERSON_TITLE], h.canary[C_PERSON_BODY], h.key[0], h.key[1]);
    fflush(stdout);
    return h;
}

static long owners(const struct hits *h)
{
    return h->canary[C_OWNER_TITLE] + h->canary[C_OWNER_BODY] + h->key[0];
}
static long persons(const struct hits *h)
{
    return h->canary[C_PERSON_TITLE] + h->canary[C_PERSON_BODY] + h->key[1];
}

static th_app H;
static int line_no;

static int step_rc(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(S->step, sizeof S->step, fmt, ap);
    va_end(ap);
    line_no++;
    return ui_driver_step(H.drv, "rel_app_people", line_no, S->step);
}
#define step(...) REQUIRE(step_rc(__VA_ARGS__) == 0)

static void make_canaries(void)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < N_CANARIES; i++) {
        memcpy(S->canary[i], PREFIX, PREFIX_LEN);
        for (int k = PREFIX_LEN; k < CANARY_LEN; k++)
            S->canary[i][k] = alphabet[randombytes_uniform(26)];
        S->canary[i][CANARY_LEN] = 0;
        memcpy(S->probe[i], S->canary[i] + PROBE_AT, PROBE_LEN);
        S->probe[i][PROBE_LEN] = 0;
    }
}

static void grab_key(int who)
{
    ui_session *s = ui_session_of(ui_driver_app(H.drv));
    REQUIRE(s && s->vault && s->vault->keys);
    memcpy(S->key[who], s->vault->keys->master, IM_MASTER_KEY_BYTES);
    S->have_key[who] = 1;
}

/* A journal entry (title and body canaries); ends on the journal. */
static void write_entry(int title, int body)
{
    step("tap \"Home\"");
    step("tap \"Journal\"");
    step("tap \"New entry\"");
    step("tap \"Title (optional)\"");
    step("type \"A note of mine: %s\"", S->canary[title]);
    step("tap \"Your words\"");
    step("type \"Nobody else should ever read this: %s, truly.\"", S->canary[body]);
    step("tap \"Okay\"");
    step("tap \"Save\"");
    step("expect \"Saved\"");
}

/* Journal search for the probe of a canary (search matches inside words:
 * it would find the entry); found says whether it must. */
static void search_probe(int which, int found)
{
    step("tap \"Search\"");
    step("tap \"Search words\"");
    if (!found)
        step("allow \"%s\"", S->probe[which]); /* the field itself draws it */
    step("type \"%s\"", S->probe[which]);
    step(found ? "expect \"Entries found: 1\"" : "expect \"No entries contain those words.\"");
    step("key Escape");
    if (!found)
        step("forbid \"%s\"", S->probe[which]);
}

/* Every frame from now on: none may draw a's or b's canary (its probe is
 * forbidden: the driver keeps only the probe, so the memory scans, which
 * look for whole canaries, never find the driver's copy). */
static void forbid_two(int a, int b, int on)
{
    step("%s \"%s\"", on ? "forbid" : "allow", S->probe[a]);
    step("%s \"%s\"", on ? "forbid" : "allow", S->probe[b]);
}

/* Hash of every file under the data folder (names and bytes). */
static void hash_tree(const char *dir, crypto_generichash_state *h)
{
    struct dirent **e;
    int n = scandir(dir, &e, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        char p[2048];
        /* the wrong-try count is meant to move; -shm is SQLite's index of
         * the owner's open database (shared memory, no data) */
        if (strcmp(e[i]->d_name, ".") && strcmp(e[i]->d_name, "..") && !strstr(e[i]->d_name, ".tries") &&
            !strstr(e[i]->d_name, "-shm")) {
            snprintf(p, sizeof p, "%s/%s", dir, e[i]->d_name);
            crypto_generichash_update(h, (const unsigned char *)p, strlen(p));
            if (e[i]->d_type == DT_DIR) {
                hash_tree(p, h);
            } else {
                size_t len = 0;
                unsigned char *data = im_file_read(p, &len);
                if (data)
                    crypto_generichash_update(h, data, len);
                free(data);
            }
        }
        free(e[i]);
    }
    if (n > 0)
        free(e);
}

static void hash_data(unsigned char out[32])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    hash_tree(H.data, &h);
    crypto_generichash_final(&h, out, 32);
}

/* Settings -> Someone else on this device: the person's space, its code
 * taken off the code screen and typed back. */
static void add_person(void)
{
    step("tap \"Home\"");
    step("tap \"Settings\"");
    step("scroll-to \"Someone else on this device\"");
    step("tap \"Someone else on this device\"");
    step("tap \"Current passphrase\"");
    step("type \"%s\"", OWNER_PASS);
    step("tap \"Confirm\"");
    step("wait 1");
    step("expect \"Hand the device to them now.\"");
    step("tap \"Your passphrase, for your own space\"");
    step("type \"%s\"", PERSON_PASS);
    step("tap \"Type it again\"");
    step("type \"%s\"", PERSON_PASS);
    step("tap \"Make my space\"");
    step("wait 2");
    step("expect \"This is your recovery code.\"");
    /* the code screen's state starts with the code (newcode.c, code_state) */
    ui_screen *top = ui_nav_top(ui_driver_app(H.drv));
    REQUIRE(top && !strcmp(top->cls->name, "code-show") && top->state);
    memcpy(S->code, top->state, IM_RECOVERY_CODE_SIZE);
    S->code[IM_RECOVERY_CODE_SIZE - 1] = 0;
    REQUIRE(strlen(S->code) > 30);
    step("tap \"I have written it down\"");
    step("tap \"Recovery code\"");
    step("type \"%s\"", S->code);
    step("tap \"Check\"");
    step("expect \"Unlock Innermost\"");
    step("expect \"Your space is ready\"");
}

static void switch_in(const char *pass)
{
    step("tap \"Switch person\"");
    step("tap \"Your passphrase\"");
    step("type \"%s\"", pass);
    step("tap \"Open my space\"");
    step("wait 1");
}

int main(void)
{
    S = mmap(NULL, sizeof *S, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(S != MAP_FAILED && sodium_init() >= 0);
    make_canaries();
    th_app_prepare(&H, "rel-app-people");
    im_vault_close(th_vault_create(H.data, OWNER_PASS, NULL));
    th_app_start(&H);

    /* the owner: an entry, then a space for someone else */
    step("tap \"Passphrase\"");
    step("type \"%s\"", OWNER_PASS);
    step("tap \"Unlock\"");
    step("wait 1");
    grab_key(0);
    write_entry(C_OWNER_TITLE, C_OWNER_BODY);
    add_person();
    struct hits after_add = scan("the owner locked after adding a person");
    CHECK(owners(&after_add) == 0);

    /* 1. a wrong passphrase on Switch person: the shared wait, nothing changed */
    unsigned char before[32], after[32];
    hash_data(before);
    switch_in("nobody has this passphrase");
    step("expect \"That passphrase did not open a space here.\"");
    step("expect \"Wait\"");
    ui_session *s = ui_session_of(ui_driver_app(H.drv));
    CHECK(s->failures == 1 && ui_session_retry_wait_s(s) > 0);
    CHECK(!ui_session_is_person(s));
    hash_data(after);
    CHECK(memcmp(before, after, 32) == 0);
    step("tap \"Back\"");
    step("expect \"Wait\""); /* the lock screen has the same wait */
    step("wait 4");

    /* 2. the person: nothing of the owner's on any frame or in memory */
    forbid_two(C_OWNER_TITLE, C_OWNER_BODY, 1);
    switch_in(PERSON_PASS);
    step("expect \"Journal\"");
    CHECK(ui_session_is_person(s) && ui_session_is_unlocked(s));
    CHECK(s->failures == 0);
    grab_key(1);
    CHECK(memcmp(S->key[0], S->key[1], IM_MASTER_KEY_BYTES) != 0);
    step("tap \"Journal\"");
    step("expect-not \"A note of mine\"");
    search_probe(C_OWNER_BODY, 0);
    write_entry(C_PERSON_TITLE, C_PERSON_BODY);
    search_probe(C_PERSON_BODY, 1); /* the control: search finds their own */
    step("tap \"Home\"");
    step("tap \"Settings\"");
    step("scroll-to \"New recovery code\"");
    step("expect-not \"Someone else on this device\""); /* only the owner lets people in */
    step("tap \"Back\"");
    struct hits person_in = scan("the person unlocked");
    CHECK(owners(&person_in) == 0);
    CHECK(persons(&person_in) > 0); /* the control: the scan finds what is there */
    step("tap \"Lock now\"");
    step("expect \"Unlock Innermost\"");
    CHECK(!ui_session_is_person(s) && s->vault && !ui_session_is_unlocked(s));
    struct hits person_out = scan("the person locked");
    CHECK(persons(&person_out) == 0 && owners(&person_out) == 0);
    forbid_two(C_OWNER_TITLE, C_OWNER_BODY, 0);

    /* 3. the owner again: nothing of the person's (the wait of the wrong
     * try on Switch person runs again for the owner's lock screen) */
    step("wait 4");
    forbid_two(C_PERSON_TITLE, C_PERSON_BODY, 1);
    step("tap \"Passphrase\"");
    step("type \"%s\"", OWNER_PASS);
    step("tap \"Unlock\"");
    step("wait 1");
    step("tap \"Journal\"");
    step("expect \"A note of mine: %s\"", S->canary[C_OWNER_TITLE]);
    search_probe(C_PERSON_BODY, 0);
    step("tap \"Home\"");
    struct hits owner_in = scan("the owner unlocked again");
    CHECK(persons(&owner_in) == 0);
    CHECK(owners(&owner_in) > 0);
    step("tap \"Lock now\"");

    /* 4. the person's recovery code does not open the owner's space */
    step("tap \"Use recovery code\"");
    step("tap \"Recovery code\"");
    step("type \"%s\"", S->code);
    step("tap \"Unlock with the code\"");
    step("wait 1");
    step("expect \"That recovery code did not open Innermost.\"");
    CHECK(!ui_session_is_unlocked(s));
    sodium_memzero(S->code, sizeof S->code);
    th_app_finish(&H);
    return im_check_done();
}
