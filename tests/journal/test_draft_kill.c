/*
 * test_draft_kill.c -- a draft survives SIGKILL in the middle of writing.
 *
 * Each cycle forks a child that opens the vault, unlocks it with the
 * recovery code (fast), opens the journal and saves the draft of a new
 * entry over and over, each version larger or smaller, reporting a version
 * over a pipe only after im_journal_draft_save returned.  The parent kills
 * the child after a random delay, then opens the journal itself and checks
 * that the draft is there, whole, and is the last reported version or the
 * one that was in flight.
 *
 * The kill comes 20-140 ms after the fork, or, on a machine where the
 * child's start-up (open, unlock, journal, first save: timed once in the
 * parent) takes longer than 20 ms, 1-7 times that: natively (on an idle
 * machine) the window stays 20-140 ms; under emulation a fixed window is
 * too short for a slow child to save anything.  Every other cycle the
 * delay starts only once the child has reported its first save, so on a
 * loaded machine (where the start-up timed once can be far off) those
 * cycles still kill a child that is writing, and the final check -- at
 * least one version saved per such cycle -- does not depend on the load.
 *
 * Usage: test_draft_kill [cycles]   (default im_test_scale(25), at least 5:
 * 25 under CTest, 5 under `make test-arm`)
 */
#define _POSIX_C_SOURCE 200809L
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "jtest.h"

static char code[IM_RECOVERY_CODE_SIZE];

/* The body of version seq: "v<seq>:" then a pattern whose length varies
 * (now and then 300 KB, so some saves take a while). */
static char *body_make(int64_t seq)
{
    size_t len = 64 + (size_t)(seq * 7919 % 20000);
    if (seq % 9 == 4)
        len = 300 * 1024;
    char *b = malloc(len + 1);
    int head = snprintf(b, len, "v%lld:", (long long)seq);
    for (size_t i = (size_t)head; i < len; i++)
        b[i] = (char)('a' + (seq * 31 + (int64_t)i) % 26);
    b[len] = 0;
    return b;
}

/* What the child does before its first report, timed in the parent:
 * open, unlock with the recovery code, open the journal, save version 0. */
static double startup_ms(const char *dir)
{
    struct timespec t0, t1;
    im_vault *v;
    im_journal *j;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    REQUIRE(im_vault_unlock_recovery(v, code) == IM_OK);
    REQUIRE(im_journal_open(v, &j) == IM_OK);
    char *b = body_make(0);
    im_entry_fields f = {"draft", b, 2, NULL, NULL, NULL};
    CHECK_RC(im_journal_draft_save(j, 0, &f), IM_OK);
    free(b);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    im_journal_close(j);
    im_vault_close(v);
    return (double)(t1.tv_sec - t0.tv_sec) * 1000 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
}

static int64_t body_seq(const char *b) { return b[0] == 'v' ? strtoll(b + 1, NULL, 10) : -1; }

static void child(const char *dir, int fd, int64_t start)
{
    im_vault *v;
    im_journal *j;
    if (im_vault_open(dir, &v) != IM_OK || im_vault_unlock_recovery(v, code) != IM_OK ||
        im_journal_open(v, &j) != IM_OK)
        _exit(3);
    for (int64_t seq = start;; seq++) {
        char *b = body_make(seq);
        im_entry_fields f = {"draft", b, 2, NULL, NULL, NULL};
        im_rc rc = im_journal_draft_save(j, 0, &f);
        free(b);
        if (rc != IM_OK)
            _exit(4);
        if (write(fd, &seq, sizeof seq) != sizeof seq)
            _exit(5);
    }
}

int main(int argc, char **argv)
{
    int cycles = argc > 1 ? atoi(argv[1]) : im_test_scale(25);
    if (argc <= 1 && cycles < 5)
        cycles = 5;
    jt_env e;
    jt_open(&e, "draftkill");
    /* jt_open made the vault; make a fresh recovery code we know. */
    REQUIRE(im_vault_new_recovery_code(e.v, code) == IM_OK);
    im_vault_close(e.v);
    e.v = NULL;
    REQUIRE(sodium_init() >= 0);
    /* Version 0 is saved here (so a kill before the child's first save
     * finds it: the checks accept the last acknowledged version, 0). */
    double start_ms = startup_ms(e.dir);
    double scale = start_ms > 20 ? start_ms / 20 : 1;
    printf("child start-up about %.1f ms: kills %.0f-%.0f ms after the fork\n", start_ms, 20 * scale,
           140 * scale);

    int64_t acked = 0; /* last version reported saved, over all cycles */
    int killed_mid = 0, waited = 0;
    for (int c = 0; c < cycles; c++) {
        int p[2];
        REQUIRE(pipe(p) == 0);
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            close(p[0]);
            child(e.dir, p[1], acked + 1);
        }
        close(p[1]);
        int64_t seq, last = acked;
        if (c % 2 == 1) { /* this cycle's delay starts at the first save */
            struct pollfd pf = {p[0], POLLIN, 0};
            CHECK(poll(&pf, 1, 60000) == 1);
            CHECK(read(p[0], &seq, sizeof seq) == sizeof seq);
            last = seq;
            waited++;
        }
        double delay_ms = (20 + randombytes_uniform(120)) * scale;
        long long delay_ns = (long long)(delay_ms * 1e6);
        struct timespec d = {(time_t)(delay_ns / 1000000000), (long)(delay_ns % 1000000000)};
        nanosleep(&d, NULL);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        while (read(p[0], &seq, sizeof seq) == sizeof seq)
            last = seq;
        close(p[0]);

        im_vault *v;
        im_journal *j;
        REQUIRE(im_vault_open(e.dir, &v) == IM_OK);
        REQUIRE(im_vault_unlock_recovery(v, code) == IM_OK);
        REQUIRE(im_journal_open(v, &j) == IM_OK);
        im_entry got;
        im_rc rc = im_journal_draft_load(j, 0, &got);
        if (last == 0) {
            CHECK(rc == IM_OK || rc == IM_ERR_NOT_FOUND);
        } else {
            CHECK_RC(rc, IM_OK);
        }
        if (rc == IM_OK) {
            int64_t s = body_seq(got.body);
            char *want = body_make(s);
            CHECK(s == last || s == last + 1);
            CHECK(strcmp(got.body, want) == 0);
            CHECK(got.title && strcmp(got.title, "draft") == 0);
            killed_mid += s == last + 1;
            free(want);
            if (s > last)
                last = s;
            im_entry_free(&got);
        }
        acked = last;
        im_journal_close(j);
        im_vault_close(v);
    }
    printf("%d cycles (%d timed from the first save), %lld draft versions "
           "saved; %d kills landed after a save reached the file but before "
           "it returned\n",
           cycles, waited, (long long)acked, killed_mid);
    CHECK(acked >= waited); /* the children really were writing */
    REQUIRE(im_vault_open(e.dir, &e.v) == IM_OK);
    jt_close(&e);
    return im_check_done();
}
