/*
 * run_together.c -- runs one Together script against the real app, headless,
 * on a fresh data folder that already holds a vault (passphrase
 * "correct horse battery", the fastest key derivation), so a script starts
 * at the unlock screen.  Then scans the data folder: none of the --canary
 * texts (typed by the script) may be there in clear.
 *
 *   run_together INNERMOST SCRIPT [--canary TEXT]... [--fail --stderr TEXT]
 *                [--shots DIR] [--scale S]
 *
 * --fail: the script must fail (status 1) with TEXT on stderr -- how the
 * tests show that a check (`forbid`, a refused leave) really bites.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "check.h"
#include "innermost/vault.h"

#define TG_PASSPHRASE "correct horse battery"

static int make_vault(const char *dir)
{
    char code[IM_RECOVERY_CODE_SIZE];
    im_kdf_params kdf = im_kdf_params_min();
    im_vault *v = NULL;
    im_rc rc = im_vault_create(dir, TG_PASSPHRASE, &kdf, code, &v);
    if (rc != IM_OK) {
        fprintf(stderr, "cannot create the vault: %s\n", im_rc_message(rc));
        return -1;
    }
    im_vault_close(v);
    return 0;
}

int main(int argc, char **argv)
{
    REQUIRE(argc >= 3);
    const char *exe = argv[1], *script = argv[2], *shots = NULL, *scale = "2";
    int want_fail = 0;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--fail")) want_fail = 1;
        else if (!strcmp(argv[i], "--shots") && i + 1 < argc) shots = argv[++i];
        else if (!strcmp(argv[i], "--scale") && i + 1 < argc) scale = argv[++i];
        else if (i + 1 < argc) i++; /* --canary, --stderr: read below */
    }
    char *tmp = im_tmpdir_make("together");
    REQUIRE(tmp != NULL);
    char data[1024], xdg[1024], err[1024], cmd[8192];
    snprintf(data, sizeof data, "%s/data", tmp);
    snprintf(xdg, sizeof xdg, "%s/xdg", tmp);
    snprintf(err, sizeof err, "%s/stderr.txt", tmp);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' '%s'", data, xdg);
    REQUIRE(system(cmd) == 0);
    REQUIRE(make_vault(data) == 0);
    setenv("XDG_DATA_HOME", xdg, 1);
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("INNERMOST_TEST_KDF", "min", 1);
    snprintf(cmd, sizeof cmd,
             "timeout 100 '%s' --headless --data-dir '%s' --size 390x844 --scale %s %s%s%s --script '%s' >'%s' 2>'%s'",
             exe, data, scale, shots ? "--shots '" : "", shots ? shots : "", shots ? "'" : "", script,
             getenv("TG_VERBOSE") ? "/dev/stderr" : "/dev/null", err);
    int st = system(cmd);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    size_t n = 0;
    unsigned char *raw = im_file_read(err, &n);
    char *errs = calloc(1, n + 1); /* the file's bytes, NUL-terminated */
    if (errs && raw) memcpy(errs, raw, n);
    free(raw);
    if ((code != 0) != want_fail || code < 0 || code > 1)
        fprintf(stderr, "exit status %d, wanted %s\n--- stderr:\n%s\n", code, want_fail ? "1" : "0", errs ? errs : "");
    CHECK(want_fail ? code == 1 : code == 0);
    for (int i = 3; i + 1 < argc; i++) {
        if (!strcmp(argv[i], "--stderr")) {
            int ok = errs && strstr(errs, argv[i + 1]) != NULL;
            if (!ok) fprintf(stderr, "stderr lacks \"%s\"; it was:\n%s\n", argv[i + 1], errs ? errs : "");
            CHECK(ok);
        }
        if (!strcmp(argv[i], "--canary")) {
            long hits = im_scan_dir_for(data, argv[i + 1], strlen(argv[i + 1]));
            if (hits != 0) fprintf(stderr, "\"%s\" is in the data folder in clear (%ld times)\n", argv[i + 1], hits);
            CHECK(hits == 0);
        }
    }
    free(errs);
    im_tmpdir_remove(tmp);
    return im_check_done();
}
