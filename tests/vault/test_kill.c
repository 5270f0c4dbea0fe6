/*
 * test_kill.c -- nothing acknowledged is lost when the process is killed.
 *
 * Each cycle forks a child that opens and unlocks the vault and writes
 * records in a loop, reporting each one over a pipe only after
 * im_record_put returned.  Every fifth write replaces one draft record
 * instead, and every tenth cycle starts by changing the passphrase.  The
 * parent sends SIGKILL after a random delay (libsodium randombytes; see
 * kill_at_random for where the delays start), then
 * opens and unlocks the vault, runs PRAGMA integrity_check, and checks
 * that every reported record is there and intact, that the draft holds the
 * last reported version or the one in flight, and that exactly one of the
 * last reported passphrase and the one in flight opens the vault.
 *
 * Records carry their own sequence number and a pattern derived from it,
 * so any record -- reported or committed just before the kill -- can be
 * checked on its own.
 *
 * Usage: test_kill [cycles]   (default im_test_scale(200): 200 under CTest,
 * 10 under `make test-arm`; `make crash-test`: 1,000)
 * The child unlocks with the recovery code, whose derivation is fast, so
 * cycles cost the writes and the checks rather than Argon2id.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vault_test.h"

enum { MSG_RECORD = 1, MSG_DRAFT, MSG_PASS, MSG_READY, MSG_CHANGING, MSG_FAIL = 9 };

struct msg {
    int32_t type;
    int32_t rc;
    int64_t id;
    int64_t seq;
};

static const char *const passes[2] = {"first passphrase", "second passphrase"};

static char *dir;
static char code[IM_RECOVERY_CODE_SIZE];
static int64_t draft_id;

/* A record's bytes: its sequence number, then a pattern of a length that
 * varies with it (now and then long enough for overflow pages). */
static size_t record_make(int64_t seq, unsigned char *buf)
{
    size_t len = 8 + (size_t)(seq * 37 % 300);
    if (seq % 50 == 7)
        len = 20000;
    memcpy(buf, &seq, 8);
    for (size_t i = 8; i < len; i++)
        buf[i] = (unsigned char)(seq * 131 + (int64_t)i * 17);
    return len;
}

/* The sequence number of an intact record, or -1. */
static int64_t record_check(const unsigned char *data, size_t len)
{
    unsigned char want[20000];
    int64_t seq;
    if (!data || len < 8)
        return -1;
    memcpy(&seq, data, 8);
    if (seq < 0 || record_make(seq, want) != len || memcmp(want, data, len))
        return -1;
    return seq;
}

static void send_msg(int fd, int type, im_rc rc, int64_t id, int64_t seq)
{
    struct msg m = {type, (int32_t)rc, id, seq};
    if (write(fd, &m, sizeof m) != (ssize_t)sizeof m)
        _exit(3);
}

static void child(int fd, int64_t seq, int64_t draft_version, int pass_idx, int change_pass)
{
    im_vault *v = NULL;
    im_rc rc = im_vault_open(dir, &v);
    if (!rc)
        rc = im_vault_unlock_recovery(v, code);
    if (rc) {
        send_msg(fd, MSG_FAIL, rc, 0, 0);
        _exit(1);
    }
    send_msg(fd, MSG_READY, IM_OK, 0, 0);
    if (change_pass) {
        send_msg(fd, MSG_CHANGING, IM_OK, 0, 0);
        rc = im_vault_change_passphrase(v, passes[!pass_idx], NULL);
        if (rc) {
            send_msg(fd, MSG_FAIL, rc, 0, 0);
            _exit(1);
        }
        send_msg(fd, MSG_PASS, IM_OK, 0, !pass_idx);
    }
    unsigned char buf[20000];
    for (int n = 0;; n++) {
        if (n % 5 == 4) {
            int64_t id = draft_id;
            size_t len = record_make(++draft_version, buf);
            rc = im_record_put(v, IM_KIND_DRAFT, &id, buf, len);
            if (!rc)
                send_msg(fd, MSG_DRAFT, rc, id, draft_version);
        } else {
            int64_t id = 0;
            size_t len = record_make(seq, buf);
            rc = im_record_put(v, IM_KIND_JOURNAL, &id, buf, len);
            if (!rc)
                send_msg(fd, MSG_RECORD, rc, id, seq++);
        }
        if (rc) {
            send_msg(fd, MSG_FAIL, rc, 0, 0);
            _exit(1);
        }
    }
}

/* Acknowledged records, in id order (ids only grow). */
static int64_t *acked_id, *acked_seq;
static size_t acked_n, acked_cap;

static void ack(int64_t id, int64_t seq)
{
    if (acked_n == acked_cap) {
        acked_cap = acked_cap ? acked_cap * 2 : 4096;
        acked_id = realloc(acked_id, acked_cap * sizeof *acked_id);
        acked_seq = realloc(acked_seq, acked_cap * sizeof *acked_seq);
        REQUIRE(acked_id && acked_seq);
    }
    REQUIRE(acked_n == 0 || id > acked_id[acked_n - 1]);
    acked_id[acked_n] = id;
    acked_seq[acked_n++] = seq;
}

struct walk {
    size_t next;      /* index into the acknowledged list               */
    int64_t seen_max; /* highest id seen by earlier walks                */
    int64_t max;      /* highest id seen by this one                     */
    long found, damaged, extra, wrong;
};

static int walk_record(void *ctx, int64_t id, im_rc rc, const unsigned char *data, size_t len)
{
    struct walk *w = ctx;
    int64_t seq = rc == IM_OK ? record_check(data, len) : -1;
    if (seq < 0)
        w->damaged++;
    while (w->next < acked_n && acked_id[w->next] < id)
        w->next++; /* missing: counted as lost by the caller */
    if (w->next < acked_n && acked_id[w->next] == id) {
        if (seq >= 0 && seq == acked_seq[w->next])
            w->found++;
        else if (seq >= 0)
            w->wrong++;
        w->next++;
    } else if (seq >= 0 && id > w->seen_max) {
        w->extra++; /* committed, killed before it was reported */
    }
    if (id > w->max)
        w->max = id;
    return 0;
}

static int integrity_ok(const char *db_path)
{
    sqlite3 *db = vt_sql_open(db_path);
    sqlite3_stmt *st;
    int ok = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, 0) == SQLITE_OK &&
             sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ok;
}

/* What the parent knows, updated from the child's reports. */
struct state {
    int64_t seq;           /* next sequence number for a new record      */
    int64_t draft_version; /* last reported draft version                */
    int64_t draft_in_flight;
    int pass_idx;       /* the passphrase last reported in force      */
    int pass_in_flight; /* a change was started and not reported      */
    int pass_changes;
    long child_failures;
};

/* Read one report and apply it; the type read, or 0 at end of stream. */
static int receive(int fd, struct state *st)
{
    struct msg m;
    ssize_t got;
    do
        got = read(fd, &m, sizeof m);
    while (got < 0 && errno == EINTR);
    if (got != (ssize_t)sizeof m)
        return 0;
    switch (m.type) {
    case MSG_RECORD:
        ack(m.id, m.seq);
        st->seq = m.seq + 1;
        break;
    case MSG_DRAFT:
        st->draft_version = m.seq;
        st->draft_in_flight = m.seq + 1;
        break;
    case MSG_CHANGING: st->pass_in_flight = 1; break;
    case MSG_PASS:
        st->pass_idx = (int)m.seq;
        st->pass_in_flight = 0;
        st->pass_changes++;
        break;
    case MSG_READY: break;
    default: fprintf(stderr, "  child failed: %s\n", im_rc_name(m.rc)); st->child_failures++;
    }
    return m.type;
}

static void sleep_us(uint32_t us)
{
    struct timespec ts = {(time_t)(us / 1000000), (long)(us % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/*
 * When to kill.  A quarter of the cycles count from the fork, so kills land
 * in open, WAL recovery and unlock; the rest count from the child's "ready"
 * (unlocked), so they land among the writes however slow a busy machine
 * makes start-up.  Passphrase cycles count from "changing", over four times
 * what one Argon2id derivation took in the parent (a fresh child also pays
 * for faulting in its 64 MiB), so kills land before, inside and
 * after the rewrap.
 *
 * The other windows are 40 ms, or 10 times what one record write took in
 * the parent if that is longer: natively a write takes well under 4 ms, so
 * the window stays 40 ms; under emulation (qemu, 5-50x slower) a fixed
 * 40 ms ended before the child's first write, and no kill landed among the
 * writes at all.
 */
static uint32_t write_window_us(double write_ms)
{
    double us = write_ms * 10 * 1000;
    return us > 40000 ? (uint32_t)us : 40000;
}

static void kill_at_random(pid_t pid, int fd, int change_pass, double kdf_ms, double write_ms,
                           struct state *st)
{
    int wait_for = change_pass ? MSG_CHANGING : randombytes_uniform(4) ? MSG_READY : 0;
    uint32_t max_us = change_pass ? (uint32_t)(kdf_ms * 4000) : write_window_us(write_ms);
    int type = -1;
    while (wait_for && type != wait_for && type != 0 && type != MSG_FAIL)
        type = receive(fd, st);
    sleep_us(randombytes_uniform(max_us));
    kill(pid, SIGKILL);
}

int main(int argc, char **argv)
{
    int cycles = argc > 1 ? atoi(argv[1]) : im_test_scale(200);
    REQUIRE(cycles > 0 && sodium_init() >= 0);
    dir = im_tmpdir_make("vault-kill");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, passes[0], code);
    unsigned char buf[20000];
    struct state st = {0};
    size_t len = record_make(st.draft_version, buf);
    CHECK_RC(im_record_put(v, IM_KIND_DRAFT, &draft_id, buf, len), IM_OK);
    /* How fast this machine writes: the mean of a few draft versions (the
     * draft is the one record the checks allow to move on unreported). */
    double write_ms = vt_now_ms();
    for (int i = 0; i < 5; i++) {
        len = record_make(++st.draft_version, buf);
        CHECK_RC(im_record_put(v, IM_KIND_DRAFT, &draft_id, buf, len), IM_OK);
    }
    write_ms = (vt_now_ms() - write_ms) / 5;
    im_vault_lock(v);
    double kdf_ms = vt_now_ms();
    CHECK_RC(im_vault_unlock(v, passes[0]), IM_OK);
    kdf_ms = vt_now_ms() - kdf_ms;
    im_vault_close(v);

    int64_t seen_max = 0;
    long lost = 0, damaged = 0, extra = 0, wrong = 0;
    int integrity_failures = 0, open_failures = 0, draft_failures = 0;
    int pass_failures = 0;
    double t0 = vt_now_ms();
    for (int cycle = 0; cycle < cycles; cycle++) {
        int change_pass = cycle % 10 == 5;
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        fflush(NULL);
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            child(fds[1], st.seq, st.draft_version, st.pass_idx, change_pass);
        }
        close(fds[1]);
        st.draft_in_flight = st.draft_version + 1;
        st.pass_in_flight = 0;
        kill_at_random(pid, fds[0], change_pass, kdf_ms, write_ms, &st);
        while (receive(fds[0], &st))
            ;
        close(fds[0]);
        int status;
        waitpid(pid, &status, 0);
        /* A record committed but not reported may have used seq: skip past
         * it so every sequence number stays unique. */
        st.seq += 1;

        /* After the kill: open, unlock, integrity, every record. */
        v = NULL;
        im_rc rc = im_vault_open(dir, &v);
        if (!rc)
            rc = im_vault_unlock_recovery(v, code);
        if (rc) {
            fprintf(stderr, "  cycle %d: reopen failed: %s\n", cycle, im_rc_name(rc));
            open_failures++;
            im_vault_close(v);
            continue;
        }
        if (!integrity_ok(im_vault_db_path(v)))
            integrity_failures++;
        struct walk w = {.seen_max = seen_max, .max = seen_max};
        CHECK_RC(im_record_foreach(v, IM_KIND_JOURNAL, walk_record, &w), IM_OK);
        seen_max = w.max;
        lost += (long)acked_n - w.found - w.wrong;
        damaged += w.damaged;
        wrong += w.wrong;
        extra += w.extra;

        im_buf b;
        int64_t dv = -1;
        if (im_record_get(v, IM_KIND_DRAFT, draft_id, &b) == IM_OK)
            dv = record_check(b.data, b.len);
        im_buf_free(&b);
        if (dv == st.draft_version || dv == st.draft_in_flight)
            st.draft_version = dv;
        else
            draft_failures++;

        if (change_pass) {
            im_vault_lock(v);
            int opens_acked = im_vault_unlock(v, passes[st.pass_idx]) == IM_OK;
            im_vault_lock(v);
            int opens_other = im_vault_unlock(v, passes[!st.pass_idx]) == IM_OK;
            if (opens_acked + opens_other != 1 || (!st.pass_in_flight && !opens_acked))
                pass_failures++;
            else if (opens_other)
                st.pass_idx = !st.pass_idx;
        }
        im_vault_close(v);
    }
    double secs = (vt_now_ms() - t0) / 1000;

    CHECK(lost == 0);
    CHECK(damaged == 0);
    CHECK(wrong == 0);
    CHECK(integrity_failures == 0);
    CHECK(open_failures == 0);
    CHECK(draft_failures == 0);
    CHECK(pass_failures == 0);
    CHECK(st.child_failures == 0);
    CHECK(acked_n > 0);
    printf("kill test: one write %.2f ms, so kills within %.0f ms of the "
           "child's start or first report; one derivation %.0f ms\n",
           write_ms, write_window_us(write_ms) / 1000.0, kdf_ms);
    printf("kill test: %d cycles in %.1f s; %zu records acknowledged, "
           "%ld lost, %ld damaged, %ld wrong; %d integrity failures; "
           "%d reopen failures; %d draft failures; %d passphrase changes "
           "acknowledged, %d passphrase failures; %ld records committed "
           "before their report (in flight at the kill)\n",
           cycles, secs, acked_n, lost, damaged, wrong, integrity_failures, open_failures, draft_failures,
           st.pass_changes, pass_failures, extra);
    free(acked_id);
    free(acked_seq);
    im_tmpdir_remove(dir);
    return im_check_done();
}
