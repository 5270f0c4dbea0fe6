/*
 * test_vault_contracts.c -- a handle in a broken state stops at the first
 * call (IM_ASSERT, core/src/contract.h), naming the file, the line and the
 * check, instead of carrying on with state nobody can trust.
 *
 * There is no public way to break a handle, on purpose: this test reaches
 * into struct im_vault through core/src/vault_internal.h (on its include
 * path, as the memory scans do) and spoils one field at a time, in a
 * forked child, then makes one ordinary call.  With contracts checked
 * (debug and sanitizer builds) the child must die of SIGABRT with the
 * message; the parent's handle is never touched.  A release build
 * compiles the checks out: there the test checks that the condition is
 * not even evaluated, and runs only the healthy case.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vault_internal.h"
#include "vault_test.h"

typedef void (*spoil_fn)(im_vault *v);

/* What a child does: spoil the handle, then make one call. */
typedef struct child_job {
    im_vault *v;
    spoil_fn spoil, call;
} child_job;

static void child_body(void *p)
{
    child_job *j = p;
    if (j->spoil)
        j->spoil(j->v);
    j->call(j->v);
}

/* Run spoil(v) then call(v) in a child; return its wait status, and what
 * it wrote on stderr in msg. */
static int in_child(im_vault *v, spoil_fn spoil, spoil_fn call, char *msg, size_t cap)
{
    child_job j = {v, spoil, call};
    return im_check_in_child(child_body, &j, msg, cap);
}

/* The broken states, one field each. */
static void doom_outside_tx(im_vault *v) { v->tx_doomed = 1; }
static void negative_depth(im_vault *v) { v->tx_depth = -1; }
static void flag_not_flag(im_vault *v) { v->keys->has_pass_kek = 7; }
static void listeners_overflow(im_vault *v) { v->n_listeners = v->cap_listeners + 1; }
static void no_database(im_vault *v) { v->db = NULL; }
static void bad_policy(im_vault *v) { v->policy.memlimit = 1; }
/* An SQL transaction the vault does not know about (deferred: no lock is
 * taken, nothing reaches the file the parent shares). */
static void stray_transaction(im_vault *v) { sqlite3_exec(v->db, "BEGIN DEFERRED;", 0, 0, 0); }

/* The calls: each checks the handle before any SQL runs, so a child that
 * is not stopped returns at once (its result does not matter). */
static void dropped(im_rc rc) { (void)rc; }
static void call_kdf_local(im_vault *v)
{
    im_kdf_params p;
    if (im_vault_kdf_local(v, &p) != IM_OK)
        _exit(3);
}
static void call_pref_set(im_vault *v) { dropped(im_vault_pref_set(v, "x", 1)); }
static void call_begin(im_vault *v) { dropped(im_vault_begin(v)); }
static void call_record_put(im_vault *v)
{
    int64_t id = 0;
    dropped(im_record_put(v, IM_KIND_JOURNAL, &id, "x", 1));
}
static void noop_listener(void *ctx, im_vault *v, int closing) { (void)ctx, (void)v, (void)closing; }
static void call_listener_add(im_vault *v) { dropped(im_vault_lock_listener_add(v, noop_listener, NULL)); }

static void expect_abort(im_vault *v, const char *what, spoil_fn spoil, spoil_fn call, const char *file)
{
    char msg[1024];
    int status = in_child(v, spoil, call, msg, sizeof msg);
    int aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
    if (!aborted || !strstr(msg, "contract broken") || !strstr(msg, file))
        fprintf(stderr, "  %s: status %d, stderr \"%s\"\n", what, status, msg);
    CHECK(aborted);
    CHECK(strstr(msg, "contract broken: ") != NULL);
    CHECK(strstr(msg, file) != NULL);
}

int main(void)
{
    char *dir = im_tmpdir_make("contracts");
    im_vault *v = th_vault_create(dir, NULL, NULL);

    /* The healthy handle passes the same checks. */
    char msg[1024];
    int status = in_child(v, NULL, call_kdf_local, msg, sizeof msg);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(msg[0] == 0);

    /* Evaluated once when checked, not at all when compiled out. */
    int evaluated = 0;
    IM_ASSERT(++evaluated > 0);
    CHECK(evaluated == IM_CONTRACTS_CHECKED);

    if (IM_CONTRACTS_CHECKED) {
        expect_abort(v, "doomed at depth 0", doom_outside_tx, call_pref_set, "vault.c:");
        expect_abort(v, "negative depth", negative_depth, call_begin, "vault.c:");
        expect_abort(v, "has_pass_kek 7", flag_not_flag, call_kdf_local, "vault.c:");
        expect_abort(v, "listeners past their array", listeners_overflow, call_listener_add, "vault.c:");
        expect_abort(v, "no database", no_database, call_kdf_local, "vault.c:");
        expect_abort(v, "policy below the minimum", bad_policy, call_kdf_local, "vault.c:");
        expect_abort(v, "a stray transaction", stray_transaction, call_begin, "im_vault_idle_ok");
        expect_abort(v, "record call on a doomed handle", doom_outside_tx, call_record_put, "record.c:");
    } else {
        printf("contracts compiled out (NDEBUG): broken states not tried\n");
    }

    /* The parent's handle is as it was, and works. */
    CHECK(im_vault_state_ok(v));
    CHECK_RC(im_vault_pref_set(v, "after", 1), IM_OK);
    im_vault_close(v);
    im_tmpdir_remove(dir);
    return im_check_done();
}
