/*
 * test_partner_secret -- a partner's own secret in Together, tested as the
 * threat: someone with the device owner's passphrase and the file.
 *
 *  - the attacker opens the vault with the OWNER's passphrase and reads the
 *    couple records through the public record API (the plaintext under the
 *    vault key): a locked partner's unfinished answer (a canary) and their
 *    match marks are not there -- mid-turn, at the hand-off and at the
 *    reveal's opening;
 *  - "I'm Sam" after a relaunch: the resumed session refuses to read,
 *    change or move past a locked partner's sheet without their secret;
 *  - a wrong secret is refused and changes nothing in the vault;
 *  - the match (and the reveal) is computed only with both secrets, after
 *    a relaunch too, and then only the result is kept;
 *  - a lock moved to another slot does not open (bound to its place);
 *  - a kill while a locked partner types loses nothing acknowledged.
 * Written first against main's couple run, which seals every answer under
 * the vault key only: there the canaries were found (see the commit).
 */
#define _DEFAULT_SOURCE
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine_test.h"
#include "innermost/vault.h"
#include "memwalk.h"
#include "partner_fixture.h"
#include "vault_fixture.h"

#define CANARY_A "CANARY-4d1e-alex-unfinished"
#define CANARY_B "CANARY-88b0-sam-unfinished"
#define PIN_ALEX "482913"
#define PIN_SAM "774120"
#define PASS_SAM "velvet orbit harbour quietly 93 lanterns"

static pf_env env;
static im_library *lib;
static im_clock clk;
static im_rng rng;
static char *dir;

/* ---- this process's memory ---------------------------------------------- */

typedef struct memhits {
    const char *needle;
    size_t n;
    long hits;
} memhits;

static void mem_chunk(void *ctx, const unsigned char *chunk, size_t len, size_t limit, const char *mapping,
                      uintptr_t start, size_t offset)
{
    (void)mapping, (void)start, (void)offset;
    memhits *h = ctx;
    for (size_t i = 0; i < limit && i + h->n <= len; i++)
        if (chunk[i] == (unsigned char)h->needle[0] && !memcmp(chunk + i, h->needle, h->n))
            h->hits++;
}

/* Under AddressSanitizer the walk would read its terabytes of shadow
 * mappings (as tests/reliability's memory scans, it is left out there). */
#if defined(__SANITIZE_ADDRESS__)
#define IM_NO_MEMSCAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IM_NO_MEMSCAN 1
#endif
#endif

/* Copies of needle (a string literal: read-only memory, not scanned) in
 * this process's writable memory; -1 when it cannot be read. */
static __attribute__((unused)) long in_memory(const char *needle)
{
    enum { CHUNK = 1 << 16 };
    /* the read buffer in a mapping of its own: the walk skips it whole */
    unsigned char *buf = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(buf != MAP_FAILED);
    memhits h = {needle, strlen(needle), 0};
    im_memwalk w = {buf, CHUNK, h.n, buf, CHUNK};
    long mappings = 0;
    im_memwalk_run(&w, mem_chunk, &h, &mappings);
    munmap(buf, CHUNK);
    return mappings < 0 ? -1 : h.hits;
}

/* ---- the attacker: the owner's passphrase, the public record API -------- */

/* How often needle occurs in the plaintext of every couple record, read
 * with the owner's key from a fresh open of the file (the app's handle is
 * closed first: the attacker has the file); *vp is then opened again. */
static long owner_reads(im_vault **vp, const char *needle)
{
    static const uint32_t kinds[] = {IM_KIND_COUPLE};
    im_vault_close(*vp);
    long records = 0;
    long hits = pf_owner_reads(dir, needle, kinds, 1, &records);
    CHECK(records > 0);
    *vp = th_vault_reopen(NULL, dir);
    return hits;
}

#define resume(v, id) pf_resume(&env, (v), (id))

/* A reveal: Alex (PIN) answers with a canary; Sam (passphrase) too. */
static void test_reveal_sealed(im_vault **vp)
{
    const im_exercise *ex = im_library_find_exercise(lib, "hopes");
    REQUIRE(ex);
    im_couple *c = NULL;
    int64_t id = 0;
    REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
    CHECK_RC(im_couple_partner_lock(c, 0, IM_PARTNER_SECRET_PIN, PIN_ALEX), IM_ERR_STATE); /* not attached */
    CHECK_RC(im_couple_attach(c, *vp, &id), IM_OK);
    /* the secret's own rules */
    CHECK_RC(im_couple_partner_lock(c, 0, IM_PARTNER_SECRET_PIN, "12345"), IM_ERR_INVALID);
    CHECK_RC(im_couple_partner_lock(c, 0, IM_PARTNER_SECRET_PIN, "12a456"), IM_ERR_INVALID);
    CHECK_RC(im_couple_partner_lock(c, 0, IM_PARTNER_SECRET_PASSPHRASE, "password1"), IM_ERR_WEAK_SECRET);
    CHECK_RC(im_couple_partner_lock(c, 1, IM_PARTNER_SECRET_PIN, PIN_SAM),
             IM_ERR_STATE); /* not Sam's moment */
    CHECK_RC(im_couple_partner_lock(c, 0, IM_PARTNER_SECRET_PIN, PIN_ALEX), IM_OK);
    CHECK(im_couple_partner_secret(c, 0) == IM_PARTNER_SECRET_PIN && im_couple_partner_is_open(c, 0));
    CHECK_RC(im_couple_partner_lock(c, 0, IM_PARTNER_SECRET_PIN, PIN_ALEX), IM_ERR_STATE); /* has one */
    CHECK_RC(im_couple_answer_text(c, CANARY_A), IM_OK);
    im_couple_free(c); /* the app is killed mid-turn */

    /* mid-turn: Alex's unfinished answer is not in what the owner's key opens */
    CHECK(owner_reads(vp, CANARY_A) == 0);

    /* impersonation after a relaunch: "I'm Alex" without Alex's PIN */
    c = resume(*vp, id);
    const im_answer *a = NULL;
    CHECK(im_couple_phase_of(c) == IM_PHASE_ANSWERING && im_couple_partner(c) == 0);
    CHECK(!im_couple_partner_is_open(c, 0));
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_ERR_SEALED);
    CHECK_RC(im_couple_answer_text(c, "changed by someone else"), IM_ERR_SEALED);
    CHECK_RC(im_couple_next(c), IM_ERR_SEALED);
    CHECK_RC(im_couple_skip(c), IM_ERR_SEALED);
    CHECK_RC(im_couple_back(c), IM_ERR_SEALED);
    CHECK_RC(im_couple_partner_open(c, 1, PIN_ALEX), IM_ERR_STATE); /* Sam has no secret, not his turn */
    CHECK_RC(im_couple_partner_lock(c, 0, IM_PARTNER_SECRET_PIN, "000000"),
             IM_ERR_STATE); /* no new lock over it */
    /* a wrong PIN: refused, and nothing in the vault changes */
    im_buf before = {0}, after = {0};
    CHECK_RC(im_record_get(*vp, IM_KIND_COUPLE, id, &before), IM_OK);
    CHECK_RC(im_couple_partner_open(c, 0, "482914"), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_couple_partner_open(c, 0, PASS_SAM), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_record_get(*vp, IM_KIND_COUPLE, id, &after), IM_OK);
    CHECK(before.len == after.len && !memcmp(before.data, after.data, before.len));
    im_buf_free(&before);
    im_buf_free(&after);
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_ERR_SEALED);
    /* Alex's PIN: the answer is back, as typed */
    CHECK_RC(im_couple_partner_open(c, 0, PIN_ALEX), IM_OK);
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_OK);
    CHECK(a && a->text && !strcmp(a->text, CANARY_A));
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_answer_scale(c, 3), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK); /* hand-off: Alex's sheet sealed and wiped */
    CHECK(im_couple_phase_of(c) == IM_PHASE_HANDOFF && !im_couple_partner_is_open(c, 0));
    CHECK_RC(im_couple_partner_lock(c, 1, IM_PARTNER_SECRET_PASSPHRASE, PASS_SAM), IM_OK);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    CHECK_RC(im_couple_answer_text(c, CANARY_B), IM_OK);
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_ERR_SEALED);
    /* while Sam answers, Alex's sheet is nowhere in memory in plaintext */
#ifndef IM_NO_MEMSCAN
    CHECK(in_memory(CANARY_A) == 0);
    CHECK(in_memory(CANARY_B) > 0); /* the scan sees Sam's open sheet */
#endif
    /* a lock closes Sam's sheet too: wiped with the keys */
    im_vault_lock(*vp);
    CHECK(!im_couple_partner_is_open(c, 1));
#ifndef IM_NO_MEMSCAN
    CHECK(in_memory(CANARY_B) == 0);
#endif
    REQUIRE(im_vault_unlock(*vp, TH_PASS) == IM_OK);
    im_couple_free(c);
    CHECK(owner_reads(vp, CANARY_A) == 0);
    CHECK(owner_reads(vp, CANARY_B) == 0);

    /* "I'm Sam" after a relaunch: refused without Sam's passphrase; Alex's
     * PIN does not open Sam's turn either */
    c = resume(*vp, id);
    CHECK(im_couple_partner(c) == 1 && !im_couple_partner_is_open(c, 1));
    CHECK_RC(im_couple_get_answer(c, 1, 0, &a), IM_ERR_SEALED);
    CHECK_RC(im_couple_answer_text(c, "Sam did not write this"), IM_ERR_SEALED);
    CHECK_RC(im_couple_partner_open(c, 0, PIN_ALEX), IM_ERR_STATE); /* not Alex's moment */
    CHECK_RC(im_couple_partner_open(c, 1, PIN_ALEX), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_couple_partner_open(c, 1, PASS_SAM), IM_OK);
    CHECK_RC(im_couple_get_answer(c, 1, 0, &a), IM_OK);
    CHECK(a && a->text && !strcmp(a->text, CANARY_B));
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_answer_scale(c, 8), IM_OK);
    im_couple_outcome out;
    CHECK_RC(im_couple_advance(c, &out), IM_OK);
    /* both answered, Alex's sheet sealed: the reveal waits for Alex */
    CHECK(im_couple_phase_of(c) == IM_PHASE_OPENING && !out.revealed);
    CHECK(im_couple_opening_partner(c) == 0);
    CHECK_RC(im_couple_get_answer(c, 1, 0, &a), IM_ERR_SEALED);
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_ERR_SEALED);
    im_couple_free(c);
    CHECK(owner_reads(vp, CANARY_A) == 0);
    CHECK(owner_reads(vp, CANARY_B) == 0);

    /* the reveal after a relaunch: both present, each with their own */
    c = resume(*vp, id);
    CHECK(im_couple_phase_of(c) == IM_PHASE_OPENING && im_couple_opening_partner(c) == 0);
    CHECK_RC(im_couple_partner_open(c, 0, PIN_SAM), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_couple_partner_open(c, 0, PIN_ALEX), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_OPENING && im_couple_opening_partner(c) == 1);
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_ERR_SEALED); /* nothing shows before both */
    CHECK_RC(im_couple_partner_open(c, 1, PASS_SAM), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_OK);
    CHECK(a && a->text && !strcmp(a->text, CANARY_A));
    CHECK_RC(im_couple_get_answer(c, 1, 1, &a), IM_OK);
    CHECK(a && a->scale == 8);
    im_couple_free(c);
    /* what was revealed is the shared history, under the vault key */
    CHECK(owner_reads(vp, CANARY_A) == 1);
    c = resume(*vp, id);
    CHECK(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    CHECK(im_couple_partner_secret(c, 0) == IM_PARTNER_SECRET_NONE);
    CHECK_RC(im_couple_get_answer(c, 1, 0, &a), IM_OK);
    CHECK(a && a->text && !strcmp(a->text, CANARY_B));
    im_couple_free(c);
}

/* The step id of the k-th match item of ex. */
static const char *item_id(const im_exercise *ex, int k)
{
    for (size_t i = 0; i < ex->n_steps; i++)
        if (ex->steps[i].answer == IM_ANSWER_MATCH && k-- == 0)
            return ex->steps[i].id;
    return NULL;
}

/* A match: both lock; the marks are nowhere the owner's key reaches, and
 * the result comes only with both secrets. */
static void test_match_needs_both(im_vault **vp)
{
    const im_exercise *ex = im_library_find_exercise(lib, "comfort");
    REQUIRE(ex);
    const char *item1 = item_id(ex, 0);
    REQUIRE(item1);
    im_couple *c = NULL;
    int64_t id = 0;
    REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
    CHECK_RC(im_couple_attach(c, *vp, &id), IM_OK);
    /* the intro card, then the items */
    while (im_couple_step(c) && im_couple_step(c)->answer != IM_ANSWER_MATCH)
        CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_partner_lock(c, 0, IM_PARTNER_SECRET_PIN, PIN_ALEX), IM_OK);
    CHECK_RC(im_couple_answer_match(c, IM_MATCH_NOT_NOW), IM_OK); /* item 1: not now */
    CHECK_RC(im_couple_next(c), IM_OK);
    im_couple_free(c);
    /* on main the sheet held item 1's id with its mark; sealed, only the
     * current step's id (item 2) is in clear */
    CHECK(owner_reads(vp, item1) == 0);

    c = resume(*vp, id);
    CHECK_RC(im_couple_answer_match(c, IM_MATCH_YES), IM_ERR_SEALED);
    CHECK_RC(im_couple_partner_open(c, 0, PIN_ALEX), IM_OK);
    while (im_couple_phase_of(c) == IM_PHASE_ANSWERING) {
        CHECK_RC(im_couple_answer_match(c, IM_MATCH_YES), IM_OK);
        CHECK_RC(im_couple_next(c), IM_OK);
    }
    CHECK(im_couple_phase_of(c) == IM_PHASE_HANDOFF);
    /* Sam's hand-off: his PIN, then his marks */
    CHECK_RC(im_couple_partner_lock(c, 1, IM_PARTNER_SECRET_PIN, PIN_SAM), IM_OK);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    while (im_couple_step(c) && im_couple_step(c)->answer != IM_ANSWER_MATCH)
        CHECK_RC(im_couple_next(c), IM_OK);
    int k = 0;
    while (im_couple_phase_of(c) == IM_PHASE_ANSWERING) {
        CHECK_RC(im_couple_answer_match(c, k++ == 0 ? IM_MATCH_MAYBE : IM_MATCH_YES), IM_OK);
        CHECK_RC(im_couple_next(c), IM_OK);
    }
    CHECK(im_couple_phase_of(c) == IM_PHASE_OPENING);
    size_t steps[8], n = 0;
    int yes[8];
    CHECK_RC(im_couple_match_result(c, steps, yes, 8, &n), IM_ERR_SEALED);
    im_couple_free(c);
    CHECK(owner_reads(vp, item1) == 0);

    /* after a relaunch: one secret is not enough */
    c = resume(*vp, id);
    CHECK(im_couple_opening_partner(c) == 0);
    CHECK_RC(im_couple_partner_open(c, 1, PIN_SAM), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_OPENING);
    CHECK_RC(im_couple_match_result(c, steps, yes, 8, &n), IM_ERR_SEALED);
    im_couple_free(c);
    c = resume(*vp, id);
    CHECK_RC(im_couple_partner_open(c, 0, PIN_ALEX), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_OPENING && im_couple_opening_partner(c) == 1);
    CHECK_RC(im_couple_partner_open(c, 1, PIN_ALEX), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_couple_partner_open(c, 1, PIN_SAM), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    CHECK_RC(im_couple_match_result(c, steps, yes, 8, &n), IM_OK);
    CHECK(n == 2); /* items 2 and 3: Alex's "not now" and Sam's "maybe" on item 1 */
    im_couple_free(c);
    /* the marks were erased with the locks: the result alone stays */
    CHECK(owner_reads(vp, item1) == 0);
}

/* A lock is bound to its slot: Alex's lock copied over Sam's does not open
 * with Alex's PIN as Sam's (the saved form is edited with the owner's key). */
static void test_lock_bound_to_slot(im_vault **vp)
{
    const im_exercise *ex = im_library_find_exercise(lib, "hopes");
    im_couple *c = NULL;
    int64_t id = 0;
    REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
    CHECK_RC(im_couple_attach(c, *vp, &id), IM_OK);
    CHECK_RC(im_couple_partner_lock(c, 0, IM_PARTNER_SECRET_PIN, PIN_ALEX), IM_OK);
    CHECK_RC(im_couple_answer_text(c, CANARY_A), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK); /* hand-off */
    CHECK_RC(im_couple_partner_lock(c, 1, IM_PARTNER_SECRET_PIN, PIN_SAM), IM_OK);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    im_couple_free(c);
    /* the attacker, with the owner's key, swaps the two partners' lock
     * blocks in the saved form (found on the bytes: two PIN locks in a row) */
    im_buf b = {0};
    CHECK_RC(im_record_get(*vp, IM_KIND_COUPLE, id, &b), IM_OK);
    /* lock block: u8 kind, 16 salt, 16 cost, 72 wrapped, u32 n, n sealed */
    size_t at = 0, blk0 = 0, blk1 = 0, len0 = 0, len1 = 0;
    for (at = 0; at + 1 + 16 + 16 + 72 + 4 < b.len; at++) {
        if (b.data[at] != IM_PARTNER_SECRET_PIN)
            continue;
        size_t n = (size_t)b.data[at + 105] | (size_t)b.data[at + 106] << 8 | (size_t)b.data[at + 107] << 16 |
                   (size_t)b.data[at + 108] << 24;
        size_t end = at + 109 + n;
        if (n < 40 || end + 1 > b.len || b.data[end] != IM_PARTNER_SECRET_PIN)
            continue;
        size_t n1 = (size_t)b.data[end + 105] | (size_t)b.data[end + 106] << 8 |
                    (size_t)b.data[end + 107] << 16 | (size_t)b.data[end + 108] << 24;
        if (end + 109 + n1 > b.len)
            continue;
        blk0 = at;
        len0 = 109 + n;
        blk1 = end;
        len1 = 109 + n1;
        break;
    }
    REQUIRE(len0 && len1);
    unsigned char *swapped = malloc(b.len);
    REQUIRE(swapped);
    memcpy(swapped, b.data, blk0);
    memcpy(swapped + blk0, b.data + blk1, len1);
    memcpy(swapped + blk0 + len1, b.data + blk0, len0);
    memcpy(swapped + blk0 + len1 + len0, b.data + blk1 + len1, b.len - blk1 - len1);
    CHECK_RC(im_record_put(*vp, IM_KIND_COUPLE, &id, swapped, b.len), IM_OK);
    free(swapped);
    im_buf_free(&b);
    c = resume(*vp, id);
    /* Sam's turn now holds Alex's lock: Alex's PIN does not open it there */
    CHECK_RC(im_couple_partner_open(c, 1, PIN_ALEX), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_couple_partner_open(c, 1, PIN_SAM), IM_ERR_WRONG_SECRET);
    im_couple_free(c);
}

/* ---- kill while a locked partner types ------------------------------------ */

/* The child: resume (or start) the session, open with the PIN, then type
 * one more answer after another, reporting each after its call returned. */
static void kill_child(int fd, int64_t id)
{
    im_vault *v = NULL;
    if (im_vault_open(dir, &v) != IM_OK || im_vault_unlock(v, TH_PASS) != IM_OK)
        _exit(2);
    im_couple *c = NULL;
    if (im_couple_resume_from(lib, v, id, &clk, &rng, &c) != IM_OK ||
        im_couple_partner_open(c, 0, PIN_ALEX) != IM_OK)
        _exit(3);
    const im_answer *a = NULL;
    long seq = 0;
    if (im_couple_get_answer(c, 0, 0, &a) == IM_OK && a && a->text)
        seq = strtol(a->text + 6, NULL, 10);
    for (;;) {
        char text[64];
        seq++;
        snprintf(text, sizeof text, "typed %ld words", seq);
        if (im_couple_answer_text(c, text) != IM_OK)
            _exit(4);
        if (write(fd, &seq, sizeof seq) != (ssize_t)sizeof seq)
            _exit(5);
    }
}

static void test_kill_while_typing(im_vault **vp)
{
    const im_exercise *ex = im_library_find_exercise(lib, "hopes");
    im_couple *c = NULL;
    int64_t id = 0;
    REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
    CHECK_RC(im_couple_attach(c, *vp, &id), IM_OK);
    CHECK_RC(im_couple_partner_lock(c, 0, IM_PARTNER_SECRET_PIN, PIN_ALEX), IM_OK);
    CHECK_RC(im_couple_answer_text(c, "typed 0 words"), IM_OK);
    im_couple_free(c);
    im_vault_close(*vp);
    int cycles = im_test_scale(6), lost = 0, damaged = 0;
    long last = 0;
    for (int k = 0; k < cycles; k++) {
        int p[2];
        REQUIRE(pipe(p) == 0);
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            close(p[0]);
            kill_child(p[1], id);
        }
        close(p[1]);
        /* let it type a while: the first report, then a random stretch */
        long seq = 0, got;
        ssize_t r = read(p[0], &got, sizeof got);
        if (r == (ssize_t)sizeof got)
            seq = got;
        struct timespec ts = {0, (long)(5 + randombytes_uniform(40)) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        while (read(p[0], &got, sizeof got) == (ssize_t)sizeof got)
            seq = got;
        close(p[0]);
        int status;
        waitpid(pid, &status, 0);
        CHECK(seq > last);
        last = seq;
        /* what the vault holds: the last acknowledged answer, or the next */
        im_vault *v = NULL;
        REQUIRE(im_vault_open(dir, &v) == IM_OK && im_vault_unlock(v, TH_PASS) == IM_OK);
        c = NULL;
        if (im_couple_resume_from(lib, v, id, &clk, &rng, &c) != IM_OK ||
            im_couple_partner_open(c, 0, PIN_ALEX) != IM_OK) {
            damaged++;
        } else {
            const im_answer *a = NULL;
            long have = -1;
            if (im_couple_get_answer(c, 0, 0, &a) == IM_OK && a && a->text)
                have = strtol(a->text + 6, NULL, 10);
            if (have != seq && have != seq + 1)
                lost++;
            if (have > last)
                last = have;
        }
        im_couple_free(c);
        im_vault_close(v);
    }
    printf("kill while a locked partner types: %d cycles, %d lost, %d that did not open\n", cycles, lost,
           damaged);
    CHECK(lost == 0 && damaged == 0);
    REQUIRE(im_vault_open(dir, vp) == IM_OK && im_vault_unlock(*vp, TH_PASS) == IM_OK);
}

int main(void)
{
    im_vault *v = pf_setup(&env, "partner-secret", 5);
    lib = env.lib, clk = env.clk, rng = env.rng, dir = env.dir;
    CHECK_RC(im_partner_secret_check(IM_PARTNER_SECRET_PASSPHRASE, PASS_SAM), IM_OK);
    test_reveal_sealed(&v);
    test_match_needs_both(&v);
    test_lock_bound_to_slot(&v);
    test_kill_while_typing(&v);
    im_vault_close(v);
    CHECK(im_scan_dir_for(dir, CANARY_A, strlen(CANARY_A)) == 0);
    CHECK(im_scan_dir_for(dir, CANARY_B, strlen(CANARY_B)) == 0);
    im_tmpdir_remove(dir);
    im_library_free(lib);
    return im_check_done();
}
