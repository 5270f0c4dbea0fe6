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
 * Beside the wall time, the CPU time the program's main thread had used
 * by then (Linux: /proc/PID/schedstat, read at the first byte): on a
 * shared machine the wall figure counts other work's turns, this one
 * does not.
 *
 * Usage: bench_exec RUNS PROGRAM [ARGS...]
 * Prints: "exec: runs N median M ms min A ms max B ms cpu-median C ms
 *          cpu-min D ms" (the cpu fields -1 where schedstat is missing)
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

/* The CPU time pid's main thread has run, in ms, or -1. */
static double thread_cpu_ms(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
    FILE *f = fopen(path, "r");
    unsigned long long ns = 0;
    int ok = f && fscanf(f, "%llu", &ns) == 1;
    if (f)
        fclose(f);
    return ok ? (double)ns / 1e6 : -1;
}

/* One run: milliseconds from fork+exec to the child's first byte on
 * stdout (and in *cpu the child's CPU time then), or -1. */
static double run_once(char **argv, double *cpu)
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
    *cpu = thread_cpu_ms(pid);
    while (n > 0) /* let it write the rest and finish */
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
    double *ms = malloc((size_t)runs * sizeof *ms), *cpu = malloc((size_t)runs * sizeof *cpu), warm;
    if (!ms || !cpu) {
        free(ms);
        free(cpu);
        return 1;
    }
    run_once(argv + 2, &warm); /* warm the page cache; not counted */
    for (int i = 0; i < runs; i++) {
        if ((ms[i] = run_once(argv + 2, &cpu[i])) < 0) {
            free(ms);
            free(cpu);
            return 1;
        }
    }
    double median = bench_pct(ms, (size_t)runs, 0.5); /* sorts ms */
    double cpu_median = bench_pct(cpu, (size_t)runs, 0.5);
    printf("exec: runs %d median %.1f ms min %.1f ms max %.1f ms cpu-median %.1f ms cpu-min %.1f ms\n", runs,
           median, ms[0], ms[runs - 1], cpu_median, cpu[0]);
    free(ms);
    free(cpu);
    return 0;
}
