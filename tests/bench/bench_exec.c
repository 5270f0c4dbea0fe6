/*
 * bench_exec.c -- how long a program takes from exec to its first output,
 * over N runs.
 *
 * `make bench` uses it for "exec -> first frame": the bare SDL2 + SDL2_ttf
 * baseline (bare_sdl) prints a line once its one frame is presented, and
 * the app runs headless with a script whose `dump` step prints the labels
 * once the first screen has been drawn and has settled.  The time is taken
 * at the first byte on the program's stdout (a pipe), so neither figure
 * counts the program's teardown; the run must then exit 0.  stderr goes to
 * /dev/null; a run that prints nothing or fails (non-zero exit, a signal)
 * is reported and makes this program exit 1.
 *
 * Usage: bench_exec RUNS PROGRAM [ARGS...]
 * Prints: "exec: runs N median M ms min A ms max B ms"
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

/* One run: milliseconds from fork+exec to the child's first byte on
 * stdout, or -1. */
static double run_once(char **argv)
{
    int out[2];
    if (pipe(out) != 0)
        return -1;
    double t0 = bench_now_ms();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(out[1], 1);
        if (null >= 0)
            dup2(null, 2);
        close(out[0]);
        close(out[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(out[1]);
    char buf[4096];
    ssize_t n = read(out[0], buf, 1);
    double ms = n == 1 ? bench_now_ms() - t0 : -1; /* nothing printed: no figure */
    while (n > 0)                                  /* let it write the rest and finish */
        n = read(out[0], buf, sizeof buf);
    close(out[0]);
    int status;
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || ms < 0) {
        fprintf(stderr, "bench_exec: %s failed (status %d)\n", argv[0], status);
        return -1;
    }
    return ms;
}

int main(int argc, char **argv)
{
    int runs = argc > 2 ? atoi(argv[1]) : 0;
    if (runs < 1) {
        fprintf(stderr, "usage: bench_exec RUNS PROGRAM [ARGS...]\n");
        return 2;
    }
    double *ms = malloc((size_t)runs * sizeof *ms);
    if (!ms)
        return 1;
    run_once(argv + 2); /* warm the page cache; not counted */
    for (int i = 0; i < runs; i++) {
        if ((ms[i] = run_once(argv + 2)) < 0) {
            free(ms);
            return 1;
        }
    }
    double median = bench_pct(ms, (size_t)runs, 0.5); /* sorts ms */
    printf("exec: runs %d median %.1f ms min %.1f ms max %.1f ms\n", runs, median, ms[0], ms[runs - 1]);
    free(ms);
    return 0;
}
