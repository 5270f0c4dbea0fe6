/*
 * run_script.c -- runs `innermost-test --headless --script FILE` the way CI
 * would: a fresh data folder, XDG_DATA_HOME in a temporary folder,
 * SDL_VIDEODRIVER=dummy.  Checks the exit status and what stderr says.
 *
 *   run_script INNERMOST SCRIPT [--fail] [--stderr TEXT]... [--shots]
 *              [--extra ARG]...   (more options for innermost)
 *   run_script INNERMOST --no-display     (no --headless, no display)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "check.h"

static char *slurp(const char *path)
{
    size_t n = 0;
    unsigned char *b = im_file_read(path, &n);
    if (!b) return NULL;
    char *s = realloc(b, n + 1);
    if (!s) {
        free(b);
        return NULL;
    }
    s[n] = 0;
    return s;
}

int main(int argc, char **argv)
{
    REQUIRE(argc >= 3);
    const char *exe = argv[1];
    int no_display = strcmp(argv[2], "--no-display") == 0;
    int want_fail = no_display, shots = 0;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--fail")) want_fail = 1;
        if (!strcmp(argv[i], "--shots")) shots = 1;
    }
    char extra[4096] = "";
    for (int i = 3; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--extra")) {
            size_t used = strlen(extra);
            snprintf(extra + used, sizeof extra - used, " '%s'", argv[++i]);
        }
    char *tmp = im_tmpdir_make("ui-script");
    REQUIRE(tmp != NULL);
    char xdg[1024], data[1024], err[1024], out[1024], cmd[8192], shotdir[1024];
    snprintf(xdg, sizeof xdg, "%s/xdg", tmp);
    snprintf(data, sizeof data, "%s/data", tmp);
    snprintf(err, sizeof err, "%s/stderr.txt", tmp);
    snprintf(out, sizeof out, "%s/stdout.txt", tmp);
    snprintf(shotdir, sizeof shotdir, "%s/shots", tmp);
    setenv("XDG_DATA_HOME", xdg, 1);
    if (no_display) {
        unsetenv("DISPLAY");
        unsetenv("WAYLAND_DISPLAY");
        unsetenv("SDL_VIDEODRIVER");
        snprintf(cmd, sizeof cmd, "timeout 60 '%s' >'%s' 2>'%s'", exe, out, err);
    } else {
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        snprintf(cmd, sizeof cmd, "mkdir -p '%s' && timeout 100 '%s' --headless --data-dir '%s' --size 390x844 --scale 2%s %s%s%s --script '%s' >'%s' 2>'%s'",
                 shotdir, exe, data, extra, shots ? "--shots '" : "", shots ? shotdir : "", shots ? "'" : "", argv[2], out, err);
    }
    int st = system(cmd);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    char *errs = slurp(err);
    char *outs = slurp(out);
    if ((code != 0) != want_fail || code < 0 || code > 1) {
        fprintf(stderr, "exit status %d, wanted %s\n--- stderr:\n%s\n--- stdout:\n%s\n", code,
                want_fail ? "1" : "0", errs ? errs : "", outs ? outs : "");
    }
    CHECK(want_fail ? code == 1 : code == 0);
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--stderr") != 0 || i + 1 >= argc) continue;
        const char *want = argv[++i];
        int ok = errs && strstr(errs, want) != NULL;
        if (!ok) fprintf(stderr, "stderr lacks \"%s\"; it was:\n%s\n", want, errs ? errs : "");
        CHECK(ok);
    }
    if (no_display) {
        /* one clear line, not a crash */
        int lines = 0;
        for (const char *p = errs ? errs : ""; *p; p++) lines += *p == '\n';
        CHECK(lines == 1);
    }
    if (shots) {
        char png[1100];
        snprintf(png, sizeof png, "%s/gallery.png", shotdir);
        size_t n = 0;
        unsigned char *b = im_file_read(png, &n);
        CHECK(b && n > 1000 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0);
        free(b);
    }
    free(errs);
    free(outs);
    im_tmpdir_remove(tmp);
    return im_check_done();
}
