/*
 * rel_app_memscan.c -- after the real app locks, is anything a person typed
 * or read, or the vault's key, left in the process's memory?  The app-level
 * "memory after lock" rows of `make reliability` (rel_memscan.c is the
 * core-level one).
 *
 * The real app runs in this process on SDL's dummy video driver, driven
 * step by step by the headless script driver (app/driver.h).  A vault with
 * a known passphrase is made first (so the app starts at its unlock
 * screen); then the script unlocks, writes a journal entry (title and body
 * are canaries), searches the journal (the query is a canary, then a word
 * of the body), answers an exercise in the player (a text answer, a
 * canary), and:
 *   1. taps Home -> "Lock now";
 *   2. unlocks again, opens the entry (its text decrypted onto the screen),
 *      starts another entry and leaves a canary in the editor unsaved, then
 *      `wait`s past the auto-lock time (5 minutes): the idle lock.
 * After each lock the program reads all of its own writable memory (every
 * rw mapping of /proc/self/maps, through /proc/self/mem) and counts the
 * canaries, the passphrase and the master key (learned while unlocked
 * through core/src/vault_internal.h, reached via ui_session_of(app)->vault).
 * A control scan runs while unlocked, before the first lock: it must find
 * the canaries and the key.
 *
 * The needles, the script's step texts and the read buffer live in one
 * private mapping, "scratch", which the scan skips.  Every hit is printed
 * with its mapping and what is known of its owner:
 *   "SDL event queue"  the text of an SDL_TEXTINPUT event (SDL keeps freed
 *                      queue entries on a free list, unwiped)
 *   "heap"             any other [heap] or anonymous-mapping hit
 *   "stack"            [stack]: dead frames below the scanner's own
 * so what the app owns and could wipe is told apart from what SDL or libc
 * keep out of its reach.
 *
 * Prints: "appmem: control (unlocked): ..." and, per lock,
 *   "appmem: after LOCK: scanned M MiB in R mappings; master key hits A
 *    passphrase hits P canary hits C; sdl-queue Q heap H stack S other O"
 *   "appmem: hit WHAT in MAPPING (OWNER) at +OFFSET: context"
 * Exit status 1 if the control finds nothing or a step fails; hits after
 * lock are figures (the table says whether the goal is met), except with
 * --strict, which fails on any hit (the CTest test app_memscan: it fails
 * without the wipes of ui_app_forget_text, app/app.h).  --trace prints,
 * for each hit, the call stack that allocated the block it is in.
 *
 * Not under AddressSanitizer: its shadow memory is terabytes of rw
 * mappings, and the --trace interposer would fight its allocator.
 */
#define _GNU_SOURCE
#include <SDL.h>
#include <ctype.h>
#include <execinfo.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app_harness.h"
#include "app/session.h"
#include "check.h"
#include "memwalk.h"
#include "innermost/vault.h"
#include "vault_internal.h"

enum { C_TITLE, C_BODY, C_SEARCH, C_ANSWER, C_DRAFT_TITLE, C_DRAFT, N_CANARIES };
static const char *const canary_what[N_CANARIES] = {"journal title",       "journal body",
                                                    "search query",        "exercise answer",
                                                    "unsaved draft title", "unsaved draft"};
#define CANARY_LEN 24
#define PREFIX "xq7wkp"
#define PREFIX_LEN 6
#define CHUNK (1u << 20)
#define STEP_LEN 512
/* A string freed to glibc loses its first 16 bytes to the allocator's list
 * pointers, so a needle at the very start of a freed copy would be missed:
 * every canary is typed after at least 16 other bytes, and the passphrase
 * is found by its last PASS_TAIL bytes (random). */
#define PASS_TAIL 16

struct scratch {
    char canary[N_CANARIES][CANARY_LEN + 1];
    char passphrase[64];
    unsigned char master[IM_MASTER_KEY_BYTES];
    int have_master;
    char step[STEP_LEN];
    unsigned char buf[CHUNK + 4096];
};
static struct scratch *S;

enum { OWN_QUEUE, OWN_HEAP, OWN_STACK, OWN_OTHER, OWN_N };
static const char *const owner_name[OWN_N] = {"SDL event queue", "heap", "stack", "other"};

struct hits {
    long master, passphrase, canary;
    long by_canary[N_CANARIES];
    long by_owner[OWN_N];
    size_t bytes, mappings;
    int verbose;
    uintptr_t base; /* the mapping being scanned */
};

static void make_canaries(void)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < N_CANARIES; i++) {
        memcpy(S->canary[i], PREFIX, PREFIX_LEN);
        for (int k = PREFIX_LEN; k < CANARY_LEN; k++)
            S->canary[i][k] = alphabet[randombytes_uniform(36)];
        S->canary[i][CANARY_LEN] = 0;
    }
    /* the passphrase is typed too: unique, so any copy is the app's.  The
     * scan looks for its random tail (see PASS_TAIL). */
    snprintf(S->passphrase, sizeof S->passphrase, "lantern orchard harbour %08x%08x", randombytes_random(),
             randombytes_random());
}

/* ---- --trace: where a hit was allocated --------------------------------------
 * With --trace, malloc and friends are interposed (the executable's
 * definitions come first for every library) and each block's size and
 * allocating call stack are kept in a table, also after it is freed, so a
 * hit can be named by the code that allocated the block it lies in.  A
 * diagnostic: the figures do not use it. */
#if defined(__SANITIZE_ADDRESS__)
#define IM_NO_TRACE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IM_NO_TRACE 1
#endif
#endif
#ifndef IM_NO_TRACE
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

#define TRACE_SLOTS (1u << 20)
#define TRACE_DEPTH 8
struct block {
    uintptr_t p;
    size_t n;
    int freed;
    void *stack[TRACE_DEPTH];
};
static struct block *trace_tab;
static int tracing;
static __thread int in_trace;

static void trace_note(void *p, size_t n)
{
    if (!tracing || !p || in_trace)
        return;
    in_trace = 1;
    struct block *b = &trace_tab[((uintptr_t)p >> 4) % TRACE_SLOTS];
    b->p = (uintptr_t)p;
    b->n = n;
    b->freed = 0;
    memset(b->stack, 0, sizeof b->stack);
    backtrace(b->stack, TRACE_DEPTH);
    in_trace = 0;
}

static void trace_free(void *p)
{
    if (!tracing || !p)
        return;
    struct block *b = &trace_tab[((uintptr_t)p >> 4) % TRACE_SLOTS];
    if (b->p == (uintptr_t)p)
        b->freed = 1;
}

void *malloc(size_t n)
{
    void *p = __libc_malloc(n);
    trace_note(p, n);
    return p;
}
void *calloc(size_t k, size_t n)
{
    void *p = __libc_calloc(k, n);
    trace_note(p, k * n);
    return p;
}
void *realloc(void *old, size_t n)
{
    trace_free(old);
    void *p = __libc_realloc(old, n);
    trace_note(p, n);
    return p;
}
void free(void *p)
{
    trace_free(p);
    __libc_free(p);
}

static void trace_start(void)
{
    void *warm[2];
    backtrace(warm, 2); /* loads libgcc before any traced malloc */
    trace_tab = mmap(NULL, TRACE_SLOTS * sizeof *trace_tab, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(trace_tab != MAP_FAILED);
    tracing = 1;
}

/* Prints the allocation stack of the block holding addr, if one is known. */
static void trace_explain(uintptr_t addr)
{
    if (!tracing)
        return;
    for (size_t i = 0; i < TRACE_SLOTS; i++) {
        struct block *b = &trace_tab[i];
        if (!b->p || addr < b->p || addr >= b->p + b->n)
            continue;
        printf("appmem:   in a %s block of %zu bytes at +%zu, allocated by:\n", b->freed ? "FREED" : "live",
               b->n, (size_t)(addr - b->p));
        fflush(stdout);
        int n = 0;
        while (n < TRACE_DEPTH && b->stack[n])
            n++;
        backtrace_symbols_fd(b->stack, n, STDOUT_FILENO);
        return;
    }
    printf("appmem:   no traced block holds it\n");
}
#else
static void trace_start(void) { fprintf(stderr, "--trace: not in a sanitizer build\n"); }
static void trace_explain(uintptr_t addr) { (void)addr; }
#endif

/* Who holds a hit at p (inside the chunk buf, which starts at the
 * mapping's offset `at` of a mapping called name)?  An SDL_TextInputEvent
 * is {Uint32 type, timestamp, windowID; char text[32]}: the text of an
 * event starts 12 bytes after its type, or inside that text. */
static int owner_of(const unsigned char *buf, const unsigned char *p, const char *name)
{
    if (!strcmp(name, "[stack]"))
        return OWN_STACK;
    for (int back = 12; back < 12 + 32 && p - back >= buf; back++) {
        uint32_t type;
        memcpy(&type, p - back, sizeof type);
        if (type == SDL_TEXTINPUT)
            return OWN_QUEUE;
    }
    if (!strcmp(name, "[heap]") || !strcmp(name, "anonymous mapping"))
        return OWN_HEAP;
    return OWN_OTHER;
}

static void note_hit(struct hits *h, const char *what, const char *mapping, const unsigned char *buf,
                     const unsigned char *p, size_t got, size_t offset)
{
    int own = owner_of(buf, p, mapping);
    h->by_owner[own]++;
    if (!h->verbose)
        return;
    char ctx[257];
    size_t k = 0;
    const unsigned char *from = p - buf >= 160 ? p - 160 : buf;
    /* The context is printed with every needle masked: stdout's buffer is
     * memory the next scan reads. */
    for (const unsigned char *q = from; q < buf + got && k < sizeof ctx - 1 && q < p + 96; q++) {
        int masked = q + PREFIX_LEN <= buf + got && !memcmp(q, PREFIX, PREFIX_LEN);
        masked |= q + 8 <= buf + got && !memcmp(q, S->passphrase + strlen(S->passphrase) - PASS_TAIL, 8);
        ctx[k++] = masked ? '#' : isprint(*q) ? (char)*q : '.';
    }
    ctx[k] = 0;
    printf("appmem: hit %s in %s (%s) at +0x%zx: %s\n", what, mapping, owner_name[own], offset, ctx);
    trace_explain(h->base + offset);
}

static void search_chunk(struct hits *h, const unsigned char *p, size_t len, size_t limit,
                         const char *mapping, size_t offset)
{
    const unsigned char *end = p + len, *q;
    for (q = p; (q = memmem(q, (size_t)(end - q), PREFIX, PREFIX_LEN)) && (size_t)(q - p) < limit; q++) {
        if ((size_t)(end - q) < CANARY_LEN)
            break;
        for (int i = 0; i < N_CANARIES; i++)
            if (memcmp(q, S->canary[i], CANARY_LEN) == 0) {
                h->canary++;
                h->by_canary[i]++;
                note_hit(h, canary_what[i], mapping, p, q, len, offset + (size_t)(q - p));
            }
    }
    const char *tail = S->passphrase + strlen(S->passphrase) - PASS_TAIL;
    for (q = p; (q = memmem(q, (size_t)(end - q), tail, PASS_TAIL)) && (size_t)(q - p) < limit; q++) {
        h->passphrase++;
        note_hit(h, "passphrase", mapping, p, q, len, offset + (size_t)(q - p));
    }
    if (S->have_master)
        for (q = p;
             (q = memmem(q, (size_t)(end - q), S->master, IM_MASTER_KEY_BYTES)) && (size_t)(q - p) < limit;
             q++) {
            h->master++;
            note_hit(h, "master key", mapping, p, q, len, offset + (size_t)(q - p));
        }
}

static void on_chunk(void *ctx, const unsigned char *chunk, size_t len, size_t limit, const char *mapping,
                     uintptr_t mapping_start, size_t offset)
{
    struct hits *h = ctx;
    h->base = mapping_start;
    search_chunk(h, chunk, len, limit, mapping, offset);
}

static struct hits scan_memory(int verbose)
{
    struct hits h = {0};
    h.verbose = verbose;
    im_memwalk w = {S->buf, CHUNK, 64, S, sizeof *S};
    long mappings = 0;
    h.bytes = im_memwalk_run(&w, on_chunk, &h, &mappings);
    REQUIRE(mappings > 0);
    h.mappings = (size_t)mappings;
    return h;
}

static void report(const char *when, const struct hits *h)
{
    printf("appmem: after %s: scanned %.1f MiB in %zu mappings; master key hits %ld passphrase hits %ld "
           "canary hits %ld; sdl-queue %ld heap %ld stack %ld other %ld\n",
           when, (double)h->bytes / (1 << 20), h->mappings, h->master, h->passphrase, h->canary,
           h->by_owner[OWN_QUEUE], h->by_owner[OWN_HEAP], h->by_owner[OWN_STACK], h->by_owner[OWN_OTHER]);
    fflush(stdout);
}

/* ---- the script ------------------------------------------------------------ */

static ui_driver *D;
static int line_no;

/* Runs one step, formatted into scratch (a step may hold a canary). */
static void step(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(S->step, sizeof S->step, fmt, ap);
    va_end(ap);
    line_no++;
    REQUIRE(ui_driver_step(D, "rel_app_memscan", line_no, S->step) == 0);
}

/* Unlocks; with a control, scans first while the passphrase is typed in
 * the field (the scan must see it there). */
static void unlock(struct hits *control)
{
    step("tap \"Passphrase\"");
    step("type \"%s\"", S->passphrase);
    if (control)
        *control = scan_memory(0);
    step("tap \"Unlock\"");
    step("wait 1");
    step("expect \"Journal\"");
}

static void grab_master(void)
{
    ui_session *s = ui_session_of(ui_driver_app(D));
    REQUIRE(s && s->vault && s->vault->keys);
    memcpy(S->master, s->vault->keys->master, IM_MASTER_KEY_BYTES);
    S->have_master = 1;
}

/* A journal entry, a search, an exercise answer; ends on Home. */
static void write_search_answer(void)
{
    step("tap \"Journal\"");
    step("tap \"New entry\"");
    step("tap \"Title (optional)\"");
    step("type \"An evening walk: %s\"", S->canary[C_TITLE]);
    step("tap \"Your words\"");
    step("type \"Said the thing I usually keep back: %s, and nothing broke.\"", S->canary[C_BODY]);
    step("tap \"Okay\"");
    step("tap \"Save\"");
    step("expect \"Saved\"");
    step("tap \"Search\"");
    step("tap \"Search words\"");
    step("type \"sunlit harbour at %s\"", S->canary[C_SEARCH]);
    step("expect \"No entries contain those words.\"");
    step("key \"Ctrl+A\"");
    step("key Backspace");
    step("type \"usually keep back %s\"", S->canary[C_BODY]);
    step("expect \"Entries found: 1\"");
    step("key Escape");
    step("tap \"Practice\"");
    step("scroll-to \"Getting ready to reach out\"");
    step("tap \"Getting ready to reach out\"");
    step("tap \"Before the first call\"");
    step("tap \"As a couple\"");
    step("tap \"Next\"");
    step("tap \"Next\"");
    step("tap \"Next\"");
    step("tap \"Your answer\"");
    step("type \"Whether quiet evenings are possible: %s\"", S->canary[C_ANSWER]);
    step("tap \"Next\"");
    step("tap \"Finish\"");
    step("tap \"Done\"");
    step("tap \"Back\"");
    step("tap \"Home\"");
}

static int count_seen(const struct hits *h)
{
    int n = 0;
    for (int i = 0; i < N_CANARIES; i++)
        n += h->by_canary[i] > 0;
    return n;
}

static long total(const struct hits *h) { return h->master + h->passphrase + h->canary; }

int main(int argc, char **argv)
{
    int strict = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--strict"))
            strict = 1;
        else if (!strcmp(argv[i], "--trace"))
            trace_start();
    }
    S = mmap(NULL, sizeof *S, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(S != MAP_FAILED && sodium_init() >= 0);
    make_canaries();
    static th_app h;
    th_app_prepare(&h, "rel-app-memscan");

    /* The vault, so the app starts at its unlock screen. */
    char code[IM_RECOVERY_CODE_SIZE];
    /* the passphrase is a needle of the scan: this test's own, not TH_PASS */
    im_vault_close(th_vault_create(h.data, S->passphrase, code));
    sodium_memzero(code, sizeof code);

    h.opt.scale = 2.0f;
    th_app_start(&h);
    D = h.drv;

    struct hits typing;
    unlock(&typing);
    grab_master();
    write_search_answer();
    struct hits control = scan_memory(0);
    printf("appmem: control (unlocked, after writing, searching, answering): master key hits %ld canary hits "
           "%ld "
           "(%d of %d canaries:",
           control.master, control.canary, count_seen(&control), N_CANARIES - 2);
    for (int i = 0; i < N_CANARIES - 2; i++)
        printf(" %s %ld%s", canary_what[i], control.by_canary[i], i < N_CANARIES - 3 ? "," : ")");
    printf("; passphrase hits %ld while it was typed in the unlock field\n", typing.passphrase);
    fflush(stdout);

    /* 1. Home -> Lock now */
    step("tap \"Lock now\"");
    step("expect \"Unlock Innermost\"");
    struct hits locked = scan_memory(1);
    report("Lock now", &locked);

    /* 2. the entry read again, a draft left in the editor, then idle */
    unlock(NULL);
    step("tap \"Journal\"");
    step("tap \"An evening walk: %s\"", S->canary[C_TITLE]);
    step("tap \"Edit\"");
    step("expect \"Edit entry\"");
    step("tap \"Back\"");
    step("tap \"Back\"");
    step("tap \"New entry\"");
    step("tap \"Title (optional)\"");
    step("type \"Half a thought, later: %s\"", S->canary[C_DRAFT_TITLE]);
    step("tap \"Your words\"");
    step("type \"Half a thought about the call: %s\"", S->canary[C_DRAFT]);
    step("wait 301");
    step("expect \"Unlock Innermost\"");
    struct hits idle = scan_memory(1);
    report("auto-lock", &idle);

    CHECK(control.master > 0 && count_seen(&control) >= 3 && typing.passphrase > 0);
    if (strict) {
        CHECK(total(&locked) == 0);
        CHECK(total(&idle) == 0);
    }
    th_app_finish(&h);
    return im_check_done();
}
