/*
 * bench_exec.c -- how long a program takes from exec to exit, over N runs.
 *
 * `make bench` uses it for "exec -> first frame": the bare SDL2 + SDL2_ttf
 * baseline (bare_sdl) presents one frame and exits, and the app is run
 * headless with a script that ends once the first screen has settled, so
 * both figures are exec -> first frame -> exit, measured the same way.
 * Each run's stdout and stderr go to /dev/null; a run that fails (non-zero
 * exit or a signal) is reported and makes the program exit 1.
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

/* One run: milliseconds from fork+exec to the child's exit, or -1. */
static double run_once(char **argv)
{
    double t0 = bench_now_ms();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    double ms = bench_now_ms() - t0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
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
    printf("exec: runs %d median %.1f ms min %.1f ms max %.1f ms\n", runs,
           median, ms[0], ms[runs - 1]);
    free(ms);
    return 0;
}
