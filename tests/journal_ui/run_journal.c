/*
 * run_journal.c -- runs the real app headless over one data folder through
 * a sequence of scripts, optionally SIGKILLing it in the middle of the
 * first, then scans the data folder (and the temporary home) for the texts
 * the scripts typed: each must occur 0 times.
 *
 *   run_journal INNERMOST (--script FILE | --kill FILE MARK)...
 *               [--canary TEXT]... [--extra ARG]...
 *
 * Scripts run in order on the same data folder; each must pass.
 * --kill FILE MARK: the script runs with its stdout on a pipe; when MARK
 * appears there (a `dump` prints it) the runner stops reading and kills
 * the app with SIGKILL.  The script goes on dumping after the mark,
 * so the app blocks on the full pipe and cannot finish by itself first:
 * the kill always lands mid-script, after the draft save the mark follows,
 * with no exit handler, saver or destructor run.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define ARGS_MAX 32

typedef struct run_opts {
    const char *exe, *data;
    const char *extra[ARGS_MAX];
    int nextra;
} run_opts;

static void print_file(const char *what, const char *path)
{
    size_t n = 0;
    unsigned char *b = im_file_read(path, &n);
    fprintf(stderr, "--- %s:\n%.*s\n", what, (int)n, b ? (const char *)b : "");
    free(b);
}

/* argv of one headless run */
static void build_argv(const run_opts *o, const char *script, const char **argv)
{
    int k = 0;
    argv[k++] = o->exe;
    argv[k++] = "--headless";
    argv[k++] = "--data-dir";
    argv[k++] = o->data;
    argv[k++] = "--size";
    argv[k++] = "390x844";
    argv[k++] = "--scale";
    argv[k++] = "1";
    for (int i = 0; i < o->nextra; i++) argv[k++] = o->extra[i];
    argv[k++] = "--script";
    argv[k++] = script;
    argv[k] = NULL;
}

/* Runs a script to its end; returns the exit status (-1: no normal exit). */
static int run_to_end(const run_opts *o, const char *script, const char *err_path)
{
    const char *argv[ARGS_MAX + 16];
    build_argv(o, script, argv);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        FILE *e = freopen(err_path, "w", stderr);
        FILE *out = freopen("/dev/null", "w", stdout);
        (void)e, (void)out;
        alarm(100);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st = 0;
    if (waitpid(pid, &st, 0) != pid) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Runs a script and SIGKILLs it once `mark` shows on its stdout.  Returns 1
 * if the app was killed by the signal after the mark, 0 otherwise. */
static int run_and_kill(const run_opts *o, const char *script, const char *mark, const char *err_path)
{
    const char *argv[ARGS_MAX + 16];
    build_argv(o, script, argv);
    int fds[2];
    if (pipe(fds) != 0) return 0;
    pid_t pid = fork();
    if (pid < 0) return 0;
    if (pid == 0) {
        FILE *e = freopen(err_path, "w", stderr);
        (void)e;
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        alarm(100);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    int seen = 0;
    while (buf && !seen) {
        if (len == cap) { /* keep the tail: the mark may straddle reads */
            memmove(buf, buf + cap / 2, cap / 2);
            len = cap / 2;
        }
        ssize_t n = read(fds[0], buf + len, cap - len);
        if (n <= 0) break;
        len += (size_t)n;
        buf[len] = 0;
        seen = strstr(buf, mark) != NULL;
    }
    free(buf);
    kill(pid, SIGKILL);
    int st = 0;
    waitpid(pid, &st, 0);
    close(fds[0]);
    if (!seen) fprintf(stderr, "the mark \"%s\" never showed on stdout\n", mark);
    return seen && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
}

typedef struct step {
    const char *script, *kill_mark; /* kill_mark: SIGKILL at this mark */
} step;

int main(int argc, char **argv)
{
    REQUIRE(argc >= 3);
    run_opts o = { .exe = argv[1] };
    step steps[ARGS_MAX];
    const char *canaries[ARGS_MAX];
    int nsteps = 0, ncanaries = 0;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--script") && nsteps < ARGS_MAX) {
            steps[nsteps++] = (step){ argv[i + 1], NULL };
        } else if (!strcmp(argv[i], "--kill") && i + 2 < argc && nsteps < ARGS_MAX) {
            steps[nsteps++] = (step){ argv[i + 1], argv[i + 2] };
            i++;
        } else if (!strcmp(argv[i], "--canary") && ncanaries < ARGS_MAX) {
            canaries[ncanaries++] = argv[i + 1];
        } else if (!strcmp(argv[i], "--extra") && o.nextra < ARGS_MAX) {
            o.extra[o.nextra++] = argv[i + 1];
        } else {
            fprintf(stderr, "run_journal: unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    REQUIRE(nsteps > 0);
    char *tmp = im_tmpdir_make("journal-ui");
    REQUIRE(tmp != NULL);
    char xdg[1024], data[1024], err[1024];
    snprintf(xdg, sizeof xdg, "%s/xdg", tmp);
    snprintf(data, sizeof data, "%s/data", tmp);
    snprintf(err, sizeof err, "%s/stderr.txt", tmp);
    setenv("XDG_DATA_HOME", xdg, 1);
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("INNERMOST_TEST_KDF", "min", 1);
    o.data = data;

    int ok = 1;
    for (int i = 0; i < nsteps && ok; i++) {
        if (steps[i].kill_mark) ok = run_and_kill(&o, steps[i].script, steps[i].kill_mark, err);
        else ok = run_to_end(&o, steps[i].script, err) == 0;
        if (!ok) print_file(steps[i].script, err);
        CHECK(ok);
    }
    /* Nothing typed may be found in clear anywhere the app could write
     * (stderr.txt is the runner's own and is not scanned). */
    for (int i = 0; i < ncanaries; i++) {
        long in_data = im_scan_dir_for(data, canaries[i], strlen(canaries[i]));
        long in_home = im_scan_dir_for(xdg, canaries[i], strlen(canaries[i]));
        if (in_data || in_home)
            fprintf(stderr, "\"%s\" found in clear: %ld times in the data folder, %ld in the home folder\n",
                    canaries[i], in_data, in_home);
        CHECK(in_data == 0);
        CHECK(in_home == 0);
    }
    im_tmpdir_remove(tmp);
    return im_check_done();
}
