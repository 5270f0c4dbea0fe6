/*
 * run_solo.c -- runs one scenario of the real app (tests/solo/scripts) the
 * way a person would meet it, then checks that nothing typed leaked.
 *
 *   run_solo SCENARIO [--size WxH] [--scale S] [--shots DIR] [--dark]
 *
 * (make screenshots runs the scripts of tests/screenshots through it at
 * phone and tablet sizes, light and dark: --dark starts with the dark
 * theme saved in the data folder's ui-prefs.txt.)
 *
 * The scenario is a script for the headless driver (app/driver.h), run in
 * this process step by step on a fresh data folder with the smallest KDF
 * the policy allows (INNERMOST_TEST_KDF=min; 64 MiB, as in real use).  Two
 * runner lines come on top:
 *   #> hold      the app quits, another process opens the vault and keeps
 *                it open (a second Innermost on the same data folder),
 *                and the app starts again
 *   #> release   that process closes it and exits
 *   #> file-has NAME TEXT   the file NAME in the scenario's temporary
 *                folder ({{TMP}}) exists and contains TEXT (an export)
 *   #> file-absent NAME     no file NAME there (nothing was written)
 *   #> costly-backup NAME OPS PASSPHRASE   writes {{TMP}}/NAME, a backup
 *                of an empty vault locked with PASSPHRASE at OPS passes
 *                (64 MiB): costlier than the app's own test KDF
 * In any step, {{TMP}} is replaced by that temporary folder (outside the
 * data folder), {{CODE}} is replaced by the last recovery code the screen
 * showed, and {{LAST}} by its last group: that is how a scenario types back
 * the code it was shown once.
 *
 * At the end the data folder (and XDG_DATA_HOME) are scanned for every
 * text the scenario typed (4 bytes or longer) and every recovery code it
 * saw: each must occur 0 times.
 */
#define _GNU_SOURCE /* memmem */
#include <SDL.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/app.h"
#include "app/driver.h"
#include "check.h"
#include "innermost/backup.h"
#include "innermost/vault.h"

#define MAX_TYPED 128
#define MAX_CODES 8
#define CODE_LEN 39

typedef struct run {
    ui_driver *d;
    char typed[MAX_TYPED][256];
    int ntyped;
    char codes[MAX_CODES][CODE_LEN + 1];
    int ncodes;
    pid_t holder;
    int holder_pipe;
} run;

static int b32(int ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '2' && ch <= '7'); }

/* "XXXX-XXXX-XXXX-XXXX\nXXXX-XXXX-XXXX-XXXX": the code as shown. */
static void look_for_code(void *p, ui_widget *w, const char *label, ui_rect vis, int enabled)
{
    (void)w, (void)vis, (void)enabled;
    run *r = p;
    if (strlen(label) != CODE_LEN) return;
    for (int i = 0; i < CODE_LEN; i++) {
        int sep = i % 5 == 4;
        if (sep ? (label[i] != '-' && !(i == 19 && label[i] == '\n')) : !b32((unsigned char)label[i])) return;
    }
    char code[CODE_LEN + 1];
    memcpy(code, label, CODE_LEN + 1);
    code[19] = '-';
    if (r->ncodes && !strcmp(r->codes[r->ncodes - 1], code)) return;
    if (r->ncodes < MAX_CODES) memcpy(r->codes[r->ncodes++], code, sizeof code);
}

static void scan_screen(run *r)
{
    ui_app *app = ui_driver_app(r->d);
    ui_rect screen = { 0, 0, app->ctx.metrics.width_px, app->ctx.metrics.height_px };
    ui_widget_each_label(ui_app_input_root(app), &app->ctx, screen, look_for_code, r);
}

static const char *tmp_dir;

static void substitute(run *r, const char *in, char *out, size_t cap)
{
    const char *code = r->ncodes ? r->codes[r->ncodes - 1] : "NO-CODE-SEEN-YET";
    const char *last = r->ncodes ? r->codes[r->ncodes - 1] + CODE_LEN - 4 : "NONE";
    size_t n = 0;
    for (const char *p = in; *p && n + 1 < cap;) {
        const char *rep = !strncmp(p, "{{CODE}}", 8)  ? code
                          : !strncmp(p, "{{LAST}}", 8) ? last
                          : !strncmp(p, "{{TMP}}", 7)  ? tmp_dir
                                                       : NULL;
        if (!rep) {
            out[n++] = *p++;
            continue;
        }
        for (const char *q = rep; *q && n + 1 < cap; q++) out[n++] = *q;
        p += rep == tmp_dir ? 7 : 8;
    }
    out[n] = 0;
}

static void note_typed(run *r, const char *step)
{
    if (strncmp(step, "type \"", 6) != 0 || r->ntyped == MAX_TYPED) return;
    char *t = r->typed[r->ntyped];
    size_t n = 0;
    for (const char *p = step + 6; *p && *p != '"' && n < 255; p++) {
        if (*p == '\\' && p[1]) p++, t[n++] = *p == 'n' ? '\n' : *p;
        else t[n++] = *p;
    }
    t[n] = 0;
    if (n >= 4) r->ntyped++;
}

/* A child process opens the vault and keeps it until released. */
static void hold(run *r, const char *data)
{
    int ready[2], stop[2];
    REQUIRE(pipe(ready) == 0 && pipe(stop) == 0);
    fflush(NULL);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        close(stop[1]);
        im_vault *v = NULL;
        char ok = im_vault_open(data, &v) == IM_OK ? 'y' : 'n';
        if (write(ready[1], &ok, 1) != 1) _exit(2);
        char c;
        while (read(stop[0], &c, 1) > 0) {}
        im_vault_close(v);
        _exit(0);
    }
    close(ready[1]);
    close(stop[0]);
    char ok = 0;
    CHECK(read(ready[0], &ok, 1) == 1 && ok == 'y');
    close(ready[0]);
    r->holder = pid;
    r->holder_pipe = stop[1];
}

static void release(run *r)
{
    if (!r->holder) return;
    close(r->holder_pipe);
    int st = 0;
    waitpid(r->holder, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    r->holder = 0;
}

/* The backup `#> costly-backup` asks for: made by a vault of its own. */
static void costly_backup(const char *tmp, const char *name, unsigned long long ops, const char *pass)
{
    char dir[1400], path[1400], code[IM_RECOVERY_CODE_SIZE];
    snprintf(dir, sizeof dir, "%s/costly-src", tmp);
    snprintf(path, sizeof path, "%s/%s", tmp, name);
    REQUIRE(mkdir(dir, 0700) == 0);
    im_kdf_params kdf = im_kdf_params_min();
    im_vault *v = NULL;
    REQUIRE(im_vault_create(dir, pass, &kdf, code, &v) == IM_OK);
    im_backup_options o = { .kdf = { ops, IM_KDF_MEMLIMIT_MIN } };
    CHECK_RC(im_backup_write(v, path, pass, &o, NULL), IM_OK);
    REQUIRE(im_vault_erase(v) == IM_OK);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    REQUIRE(argc >= 2);
    const char *shots = getenv("IM_SOLO_SHOTS");
    int dark = 0, width = 390, height = 844;
    float scale = 2.0f;
    for (int i = 2; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : "";
        if (!strcmp(argv[i], "--dark")) dark = 1;
        else if (!strcmp(argv[i], "--shots")) shots = v, i++;
        else if (!strcmp(argv[i], "--scale")) scale = strtof(v, NULL), i++;
        else if (!strcmp(argv[i], "--size")) {
            REQUIRE(sscanf(v, "%dx%d", &width, &height) == 2);
            i++;
        }
    }
    size_t len = 0;
    char *script = (char *)im_file_read(argv[1], &len);
    REQUIRE(script != NULL);
    script = realloc(script, len + 1);
    REQUIRE(script != NULL);
    script[len] = 0;
    char *tmp = im_tmpdir_make("solo");
    REQUIRE(tmp != NULL);
    tmp_dir = tmp;
    char xdg[1024], data[1024];
    snprintf(xdg, sizeof xdg, "%s/xdg", tmp);
    snprintf(data, sizeof data, "%s/data", tmp);
    setenv("XDG_DATA_HOME", xdg, 1);
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (dark) {
        char prefs[1100], mk[1200];
        snprintf(mk, sizeof mk, "mkdir -p '%s'", data);
        REQUIRE(system(mk) == 0);
        snprintf(prefs, sizeof prefs, "%s/ui-prefs.txt", data);
        REQUIRE(im_file_write(prefs, "dark 1\n", 7) == 0);
    }
    setenv("INNERMOST_TEST_KDF", "min", 1);
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    REQUIRE(SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) == 0);
    ui_app_options opt = { 0 };
    opt.headless = 1;
    opt.data_dir = data;
    opt.width_pt = width;
    opt.height_pt = height;
    opt.scale = scale;
    char err[256] = "";
    static run r;
    r.d = ui_driver_new(&opt, shots, err, sizeof err);
    if (!r.d) fprintf(stderr, "driver: %s\n", err);
    REQUIRE(r.d != NULL);
    int line = 0, failed = 0;
    for (char *p = script; p && *p && !failed;) {
        char *next = strchr(p, '\n');
        if (next) *next++ = 0;
        line++;
        while (*p == ' ' || *p == '\t') p++;
        if (!strncmp(p, "#> hold", 7)) {
            ui_app *app = ui_driver_app(r.d);
            opt.start_virtual_ms = app->virtual_ms;
            ui_driver_free(r.d);
            hold(&r, data);
            r.d = ui_driver_new(&opt, shots, err, sizeof err);
            REQUIRE(r.d != NULL);
        }
        else if (!strncmp(p, "#> release", 10)) release(&r);
        else if (!strncmp(p, "#> file-has ", 12)) {
            char name[256], path[1400];
            int used = 0;
            REQUIRE(sscanf(p + 12, "%255s %n", name, &used) == 1);
            snprintf(path, sizeof path, "%s/%s", tmp, name);
            size_t n = 0;
            char *body = (char *)im_file_read(path, &n);
            char *want = p + 12 + used;
            int ok = body && memmem(body, n, want, strlen(want)) != NULL;
            if (!ok) fprintf(stderr, "%s:%d: %s does not contain \"%s\"\n", argv[1], line, path, want);
            CHECK(ok);
            free(body);
        }
        else if (!strncmp(p, "#> costly-backup ", 17)) {
            char name[256];
            unsigned long long ops = 0;
            int used = 0;
            REQUIRE(sscanf(p + 17, "%255s %llu %n", name, &ops, &used) == 2);
            costly_backup(tmp, name, ops, p + 17 + used);
        }
        else if (!strncmp(p, "#> file-absent ", 15)) {
            char name[256], path[1400];
            REQUIRE(sscanf(p + 15, "%255s", name) == 1);
            snprintf(path, sizeof path, "%s/%s", tmp, name);
            FILE *f = fopen(path, "rb");
            if (f) fprintf(stderr, "%s:%d: %s exists\n", argv[1], line, path);
            CHECK(f == NULL);
            if (f) fclose(f);
        }
        else if (*p && *p != '#' && *p != '\r') {
            char step[4096];
            substitute(&r, p, step, sizeof step);
            note_typed(&r, step);
            failed = ui_driver_step(r.d, argv[1], line, step) != 0;
            if (!failed) scan_screen(&r);
        }
        p = next;
    }
    CHECK(!failed);
    release(&r);
    ui_driver_free(r.d);
    SDL_Quit();
    /* nothing typed, and no recovery code, reaches the disk in clear */
    for (int i = 0; i < r.ntyped; i++) {
        long hits = im_scan_dir_for(data, r.typed[i], strlen(r.typed[i])) +
                    im_scan_dir_for(xdg, r.typed[i], strlen(r.typed[i]));
        if (hits != 0) fprintf(stderr, "typed text \"%s\" found %ld times on disk\n", r.typed[i], hits);
        CHECK(hits == 0);
    }
    for (int i = 0; i < r.ncodes; i++) {
        char compact[CODE_LEN + 1];
        size_t n = 0;
        for (const char *q = r.codes[i]; *q; q++)
            if (*q != '-') compact[n++] = *q;
        compact[n] = 0;
        long hits = im_scan_dir_for(data, r.codes[i], CODE_LEN) + im_scan_dir_for(data, compact, n) +
                    im_scan_dir_for(xdg, r.codes[i], CODE_LEN);
        if (hits != 0) fprintf(stderr, "a recovery code was found %ld times on disk\n", hits);
        CHECK(hits == 0);
    }
    printf("%d lines; scanned the data folder for %d typed texts and %d recovery codes\n", line, r.ntyped, r.ncodes);
    free(script);
    im_tmpdir_remove(tmp);
    return im_check_done();
}
