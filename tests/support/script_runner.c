/*
 * script_runner.c -- the one runner of the app's test scripts
 * (tests/AREA/scripts, one step a line): the real app, headless, in
 * process (through app_harness.h), on a fresh data folder, then a scan of
 * that folder for everything the scripts typed.
 *
 *   script_runner [--vault] [--month] [--gallery] [--content DIR] [--size WxH]
 *                 [--scale S] [--shots DIR] [--dark] [--text-scale T]
 *                 SCRIPT...
 *
 *   --vault     the data folder starts with the fixture's vault (TH_PASS,
 *               vault_fixture.h): the app opens on the unlock screen
 *   --month     the data folder starts as a month of use leaves it (TH_PASS,
 *               month.h), the month before the driver's fixed moment
 *   --gallery   the toolkit gallery instead of the app's screens
 *   --content   the programmes from DIR (the app's --content)
 *   --size --scale   the screen (default 390x844 points at scale 2)
 *   --shots     where `screenshot` writes (default: the run's folder)
 *   --dark      the dark theme saved in the data folder before the start
 *               (make screenshots: scripts/screenshots.sh)
 *   --text-scale   the text size saved there so too, T from 0.5 to 3 (the
 *               range ui-prefs.txt keeps; 0.85, 1 and 2 in make screenshots)
 *
 * The scripts run one after the other on the same app and data folder;
 * one that wants a fresh start begins with `restart`.  A line is one step
 * in the driver's language (app/driver.h: tap, type, expect, wait, ...), or
 * one of the runner's own steps, written the same way:
 *
 *   secret "TEXT"      TEXT must not be in the data folder (or
 *                      XDG_DATA_HOME) in clear at the end.  Every text a
 *                      `type` step typed (4 bytes or more) and every
 *                      recovery code the screen showed is checked so too.
 *   expect-file "NAME" "TEXT"   the file NAME in the run's folder ({{TMP}})
 *                      exists and holds TEXT (an export)
 *   expect-no-file "NAME"       no file NAME there (nothing was written)
 *   remove-folder "NAME"        the empty folder NAME there is removed (a
 *                      drive taken out while its folder is chosen)
 *   expect-image "NAME"         the screenshot NAME.png was written: a PNG
 *                      of more than 1000 bytes in the shots folder
 *   expect-data-files "NAMES"   the data folder holds exactly these names
 *                      (space-separated, any order; "" for none)
 *   expect-code-whole [LINES]  the last recovery code shown is drawn, all
 *                      of it, in text runs of whole groups (each run starts
 *                      and ends at a group's edge: no line breaks inside a
 *                      group), every run inside the window's width; with
 *                      LINES, on exactly that many lines, whose numbers of
 *                      groups differ by one at most (shared out evenly)
 *   expect-private     every file in the data folder (and below it) can be
 *                      read by its owner only (no group or other bits), and
 *                      every folder there too
 *   hold               the app quits, another process opens the vault and
 *                      keeps it open (a second Innermost on the same data
 *                      folder), and the app starts again
 *   release            that process closes the vault and exits
 *   kill               the app dies here by SIGKILL: no saver, exit
 *                      handler or destructor runs; it starts again on the
 *                      same data folder, the clock going on
 *   costly-backup "NAME" "OPS" "PASSPHRASE"   writes {{TMP}}/NAME, a backup
 *                      of an empty vault of its own locked with PASSPHRASE at
 *                      OPS passes (64 MiB): costlier than the app's test KDF
 *   expect-fail "TEXT" the scripts must fail: some step fails, and what
 *                      was printed on stderr holds TEXT (one line each;
 *                      how a test shows that a check really bites)
 *
 * In any step {{TMP}} is the run's folder (outside the data folder),
 * {{CODE}} the last recovery code the screen showed and {{LAST}} its last
 * group: how a script types back the code it was shown once.
 *
 * How `kill` is done: every stretch of the scripts up to a `kill` runs in
 * a child process (the worker), which SIGKILLs itself there; this process
 * then starts the next worker at the line after it.  What the workers saw
 * (texts typed, codes shown) is kept in memory shared with this process,
 * which does the final scans.
 */
#define _GNU_SOURCE /* memmem */
#include <SDL.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app_harness.h"
#include "app/driver.h"
#include "check.h"
#include "month.h"
#include "innermost/backup.h"
#include "innermost/vault.h"

#define MAX_SCRIPTS 8
#define MAX_TYPED 128
#define MAX_SECRETS 32
#define MAX_FAILS 8
#define MAX_CODES 8
#define TEXT_MAX 256
#define CODE_LEN 47   /* "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX" */
#define CODE_BREAK 23 /* shown in two lines: the dash after group 4 */

typedef struct script {
    const char *path;
    char **lines; /* the file's lines, NUL-terminated, '\r' dropped */
    int nlines;
} script;

/* What the workers found, in memory this process shares with them. */
typedef struct seen {
    int next_script, next_line; /* where the next worker starts */
    int killed;                 /* the last worker stopped at a `kill` */
    int failed;                 /* a step failed */
    int64_t clock_ms;           /* the virtual clock at the kill */
    char typed[MAX_TYPED][TEXT_MAX];
    int ntyped;
    char codes[MAX_CODES][CODE_LEN + 1];
    int ncodes;
} seen;

typedef struct run {
    script scripts[MAX_SCRIPTS];
    int nscripts;
    char secrets[MAX_SECRETS][TEXT_MAX];
    int nsecrets;
    char fails[MAX_FAILS][TEXT_MAX]; /* expect-fail texts */
    int nfails;
    int vault, month, dark;
    float text_scale; /* 0: none given, the app's default */
    char shots[TH_PATH_MAX];
    th_app h;
    seen *seen;
    pid_t holder;
    int holder_pipe;
} run;

/* ---- reading steps ------------------------------------------------------------ */

/* The command word of a step, and its quoted (or bare) arguments, with the
 * driver's escapes (\" \\ \n).  Returns the number of arguments read, or
 * -1 for an unterminated string. */
static int split_step(const char *s, char *cmd, size_t cmdcap, char args[][TEXT_MAX], int max)
{
    size_t k = 0;
    for (; *s && *s != ' ' && *s != '\t'; s++)
        if (k + 1 < cmdcap)
            cmd[k++] = *s;
    cmd[k] = 0;
    int n = 0;
    while (n < max) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#')
            break;
        char *out = args[n++];
        size_t o = 0;
        int quoted = *s == '"';
        s += quoted;
        while (*s && (quoted ? *s != '"' : (*s != ' ' && *s != '\t'))) {
            char ch = *s++;
            if (quoted && ch == '\\' && *s)
                ch = *s == 'n' ? '\n' : *s, s++;
            if (o + 1 < TEXT_MAX)
                out[o++] = ch;
        }
        out[o] = 0;
        if (quoted && *s++ != '"')
            return -1;
    }
    return n;
}

static int is_step(const char *p) { return *p && *p != '#'; }

static const char *skip_blank(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* A script's lines in memory (read once, before any worker starts). */
static void script_load(script *sc, const char *path)
{
    size_t len = 0;
    char *text = (char *)im_file_read(path, &len);
    if (!text)
        fprintf(stderr, "%s: cannot read the script\n", path);
    REQUIRE(text != NULL);
    text = realloc(text, len + 1);
    REQUIRE(text != NULL);
    text[len] = 0;
    sc->path = path;
    sc->lines = calloc(len + 2, sizeof *sc->lines);
    REQUIRE(sc->lines != NULL);
    for (char *p = text; p && *p;) {
        char *next = strchr(p, '\n');
        if (next)
            *next++ = 0;
        p[strcspn(p, "\r")] = 0;
        sc->lines[sc->nlines++] = p;
        p = next;
    }
}

/* The declarations are read before the run: `secret` and `expect-fail`
 * hold whatever the steps do (a failing first step still has its
 * expectation). */
static void declarations_read(run *r)
{
    for (int i = 0; i < r->nscripts; i++)
        for (int l = 0; l < r->scripts[i].nlines; l++) {
            const char *p = skip_blank(r->scripts[i].lines[l]);
            char cmd[32], args[1][TEXT_MAX];
            if (!is_step(p) || split_step(p, cmd, sizeof cmd, args, 1) != 1)
                continue;
            if (!strcmp(cmd, "secret") && r->nsecrets < MAX_SECRETS)
                memcpy(r->secrets[r->nsecrets++], args[0], TEXT_MAX);
            if (!strcmp(cmd, "expect-fail") && r->nfails < MAX_FAILS)
                memcpy(r->fails[r->nfails++], args[0], TEXT_MAX);
        }
}

/* ---- what the screen showed and the person typed --------------------------------- */

static int b32(int ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '2' && ch <= '7'); }

/* "XXXXX-XXXXX-XXXXX-XXXXX\nXXXXX-XXXXX-XXXXX-XXXXX": the code as shown. */
static void code_look(void *p, ui_widget *w, const char *label, ui_rect vis, int enabled)
{
    (void)w, (void)vis, (void)enabled;
    seen *s = p;
    if (strlen(label) != CODE_LEN)
        return;
    for (int i = 0; i < CODE_LEN; i++) {
        int sep = i % 6 == 5;
        if (sep ? (label[i] != '-' && !(i == CODE_BREAK && label[i] == '\n')) : !b32((unsigned char)label[i]))
            return;
    }
    char code[CODE_LEN + 1];
    memcpy(code, label, CODE_LEN + 1);
    code[CODE_BREAK] = '-';
    if (s->ncodes && !strcmp(s->codes[s->ncodes - 1], code))
        return;
    if (s->ncodes < MAX_CODES)
        memcpy(s->codes[s->ncodes++], code, sizeof code);
}

static void screen_scan(run *r)
{
    ui_app *app = th_app_ui(&r->h);
    ui_rect screen = {0, 0, app->ctx.metrics.width_px, app->ctx.metrics.height_px};
    ui_widget_each_label(ui_app_input_root(app), &app->ctx, screen, code_look, r->seen);
}

static void substitute(run *r, const char *in, char *out, size_t cap)
{
    const seen *s = r->seen;
    const char *code = s->ncodes ? s->codes[s->ncodes - 1] : "NO-CODE-SEEN-YET";
    const char *last = s->ncodes ? s->codes[s->ncodes - 1] + CODE_LEN - 5 : "NONE";
    static const char *const keys[] = {"{{CODE}}", "{{LAST}}", "{{TMP}}"};
    const char *values[] = {code, last, r->h.root};
    size_t n = 0;
    for (const char *p = in; *p && n + 1 < cap;) {
        int k = 0;
        while (k < 3 && strncmp(p, keys[k], strlen(keys[k])) != 0)
            k++;
        if (k == 3) {
            out[n++] = *p++;
            continue;
        }
        for (const char *q = values[k]; *q && n + 1 < cap; q++)
            out[n++] = *q;
        p += strlen(keys[k]);
    }
    out[n] = 0;
}

static void typed_note(run *r, const char *cmd, char args[][TEXT_MAX], int nargs)
{
    seen *s = r->seen;
    if (strcmp(cmd, "type") != 0 || nargs != 1 || strlen(args[0]) < 4 || s->ntyped == MAX_TYPED)
        return;
    memcpy(s->typed[s->ntyped++], args[0], TEXT_MAX);
}

/* ---- the runner's own steps ----------------------------------------------------- */

static int step_fail(const char *file, int line, const char *step, const char *why, const char *what)
{
    fprintf(stderr, "%s:%d: %s: %s%s\n", file, line, step, why, what ? what : "");
    return -1;
}

/* A child process opens the vault and keeps it until released. */
static void hold(run *r)
{
    th_app_stop(&r->h);
    int ready[2], stop[2];
    REQUIRE(pipe(ready) == 0 && pipe(stop) == 0);
    fflush(NULL);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        close(stop[1]);
        im_vault *v = NULL;
        char ok = im_vault_open(r->h.data, &v) == IM_OK ? 'y' : 'n';
        if (write(ready[1], &ok, 1) != 1)
            _exit(2);
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
    th_app_start(&r->h);
}

static void release(run *r)
{
    if (!r->holder)
        return;
    close(r->holder_pipe);
    int st = 0;
    waitpid(r->holder, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    r->holder = 0;
}

static unsigned char *file_in(const char *dir, const char *name, size_t *n)
{
    char path[2 * TH_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return im_file_read(path, n);
}

/* expect-file "NAME" "TEXT", expect-no-file "NAME", expect-image "NAME":
 * 0 when the file is as the step says, else -1 after saying why. */
static int file_step(run *r, const char *file, int line, const char *step, const char *cmd,
                     char a[][TEXT_MAX], int n)
{
    int want_text = cmd[7] == 'f', image = cmd[7] == 'i';
    if (n != (want_text ? 2 : 1))
        return step_fail(file, line, step,
                         want_text ? "expected a file name and a text" : "expected a file name", NULL);
    char png[TEXT_MAX + 8];
    snprintf(png, sizeof png, "%.*s.png", TEXT_MAX - 1, a[0]);
    size_t len = 0;
    unsigned char *body = file_in(image ? r->shots : r->h.root, image ? png : a[0], &len);
    int rc = 0;
    if (want_text && !(body && memmem(body, len, a[1], strlen(a[1]))))
        rc = step_fail(file, line, step, body ? "the file does not hold the text" : "no such file", NULL);
    if (!want_text && !image && body)
        rc = step_fail(file, line, step, "the file exists", NULL);
    if (image && !(body && len > 1000 && memcmp(body, "\x89PNG\r\n\x1a\n", 8) == 0))
        rc = step_fail(file, line, step, "no PNG image of more than 1000 bytes at ", png);
    free(body);
    return rc;
}

/* expect-data-files "NAMES": the data folder's names, exactly. */
static int data_files_step(run *r, const char *file, int line, const char *step, char a[][TEXT_MAX], int n)
{
    if (n != 1)
        return step_fail(file, line, step, "expected one quoted list of names", NULL);
    DIR *d = opendir(r->h.data);
    if (!d)
        return step_fail(file, line, step, "the data folder cannot be read", NULL);
    char have[TEXT_MAX] = "", want[TEXT_MAX + 3];
    want[0] = ' ';
    memcpy(want + 1, a[0], strlen(a[0]) + 1);
    strcat(want, " ");
    int rc = 0, listed = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char needle[300];
        snprintf(needle, sizeof needle, " %s ", e->d_name);
        listed += strstr(want, needle) != NULL;
        if (!strstr(want, needle))
            rc = -1;
        size_t used = strlen(have), name = strlen(e->d_name);
        if (used + name + 2 < sizeof have) {
            if (used)
                have[used++] = ' ';
            memcpy(have + used, e->d_name, name + 1);
        }
    }
    closedir(d);
    int wanted = 0;
    for (const char *p = a[0]; *p;) {
        while (*p == ' ')
            p++;
        if (*p)
            wanted++;
        while (*p && *p != ' ')
            p++;
    }
    if (rc != 0 || listed != wanted)
        return step_fail(file, line, step, "the data folder holds: ", have[0] ? have : "(nothing)");
    return 0;
}

/* The first path under dir (itself included) that group or others may
 * read, write or enter, into bad; 0 when there is none. */
static int first_open_path(const char *dir, char *bad, size_t cap)
{
    struct stat st;
    if (lstat(dir, &st) != 0)
        return 0;
    if (st.st_mode & 077) {
        snprintf(bad, cap, "%s (mode %03o)", dir, (unsigned)(st.st_mode & 0777));
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int found = 0;
    for (struct dirent *e; !found && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char path[2 * TH_PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        found = first_open_path(path, bad, cap);
    }
    closedir(d);
    return found;
}

/* costly-backup "NAME" "OPS" "PASSPHRASE": made by a vault of its own in
 * the run's folder, erased again once the backup is written. */
static int costly_backup_step(run *r, const char *file, int line, const char *step, char a[][TEXT_MAX], int n)
{
    if (n != 3)
        return step_fail(file, line, step, "expected a file name, a number of passes and a passphrase", NULL);
    char dir[2 * TH_PATH_MAX], path[2 * TH_PATH_MAX], code[IM_RECOVERY_CODE_SIZE];
    snprintf(dir, sizeof dir, "%s/costly-src", r->h.root);
    snprintf(path, sizeof path, "%s/%s", r->h.root, a[0]);
    REQUIRE(mkdir(dir, 0700) == 0);
    im_kdf_params kdf = im_kdf_params_min();
    im_vault *v = NULL;
    REQUIRE(im_vault_create(dir, a[2], &kdf, code, &v) == IM_OK);
    im_backup_options o = {.kdf = {strtoull(a[1], NULL, 10), IM_KDF_MEMLIMIT_MIN}};
    int rc = im_backup_write(v, path, a[2], &o, NULL) == IM_OK
                 ? 0
                 : step_fail(file, line, step, "the backup was not written", NULL);
    REQUIRE(im_vault_erase(v) == IM_OK);
    rmdir(dir);
    return rc;
}

/* 1: the step was the runner's (rc says how it went); 0: the driver's. */
/* expect-code-whole: see the header. */
static int code_whole_step(run *r, const char *file, int line, const char *step, int want_lines)
{
    seen *s = r->seen;
    if (!s->ncodes)
        return step_fail(file, line, step, "no recovery code was shown", NULL);
    const char *code = s->codes[s->ncodes - 1];
    ui_app *app = th_app_ui(&r->h);
    int covered = 0, width = app->ctx.metrics.width_px;
    int ys[CODE_LEN], per[CODE_LEN], nys = 0; /* the lines (by their top) and their groups */
    for (size_t i = 0; i < app->dl.count; i++) {
        const ui_cmd *c = &app->dl.cmds[i];
        if (c->kind != UI_CMD_TEXT || c->text_len < 1)
            continue;
        const char *t = ui_drawlist_text(&app->dl, c);
        int n = c->text_len, mine = 1;
        for (int k = 0; k < n && mine; k++)
            mine = b32((unsigned char)t[k]) || t[k] == '-';
        const char *at = mine ? memmem(code, CODE_LEN, t, (size_t)n) : NULL;
        if (!at)
            continue;
        int off = (int)(at - code), body = t[n - 1] == '-' ? n - 1 : n; /* a dash may end a line */
        if (off % 6 != 0 || (body + 1) % 6 != 0) {
            char what[TEXT_MAX];
            snprintf(what, sizeof what, "%.*s (at %d of the code)", n, t, off);
            return step_fail(file, line, step, "a line breaks inside a group: ", what);
        }
        if (c->r.x < 0 || c->r.x + c->r.w > width)
            return step_fail(file, line, step, "a line of the code runs past the window's edge", NULL);
        covered += (body + 1) / 6;
        int y = 0;
        while (y < nys && ys[y] != c->r.y)
            y++;
        if (y == nys && nys < CODE_LEN)
            ys[nys] = c->r.y, per[nys++] = 0;
        if (y < nys)
            per[y] += (body + 1) / 6;
    }
    if (covered < 8)
        return step_fail(file, line, step, "not all eight groups of the code are drawn", NULL);
    if (want_lines > 0) {
        int lo = 8, hi = 0;
        char what[96];
        for (int y = 0; y < nys; y++)
            lo = per[y] < lo ? per[y] : lo, hi = per[y] > hi ? per[y] : hi;
        snprintf(what, sizeof what, "%d lines (want %d), %d to %d groups a line", nys, want_lines, lo, hi);
        if (nys != want_lines || hi - lo > 1)
            return step_fail(file, line, step, "the code's lines: ", what);
    }
    return 0;
}

static int runner_step(run *r, const char *file, int line, const char *step, int *rc)
{
    char cmd[32], a[3][TEXT_MAX];
    int n = split_step(step, cmd, sizeof cmd, a, 3);
    *rc = 0;
    if (!strcmp(cmd, "secret") || !strcmp(cmd, "expect-fail")) {
        if (n != 1)
            *rc = step_fail(file, line, step, "expected one quoted text", NULL);
    } else if (!strcmp(cmd, "expect-file") || !strcmp(cmd, "expect-no-file") ||
               !strcmp(cmd, "expect-image")) {
        *rc = file_step(r, file, line, step, cmd, a, n);
    } else if (!strcmp(cmd, "remove-folder")) {
        char path[TH_PATH_MAX + TEXT_MAX + 2];
        if (n != 1)
            *rc = step_fail(file, line, step, "expected one quoted name", NULL);
        else if (snprintf(path, sizeof path, "%s/%s", r->h.root, a[0]), rmdir(path) != 0)
            *rc = step_fail(file, line, step, "could not remove the folder ", a[0]);
    } else if (!strcmp(cmd, "expect-data-files")) {
        *rc = data_files_step(r, file, line, step, a, n);
    } else if (!strcmp(cmd, "expect-code-whole")) {
        *rc = n > 1 || (n == 1 && atoi(a[0]) < 1)
                  ? step_fail(file, line, step, "expected nothing or a number of lines", NULL)
                  : code_whole_step(r, file, line, step, n == 1 ? atoi(a[0]) : 0);
    } else if (!strcmp(cmd, "expect-private")) {
        char bad[2 * TH_PATH_MAX + 32];
        if (first_open_path(r->h.data, bad, sizeof bad))
            *rc = step_fail(file, line, step, "not private to its owner: ", bad);
    } else if (!strcmp(cmd, "costly-backup")) {
        *rc = costly_backup_step(r, file, line, step, a, n);
    } else if (!strcmp(cmd, "hold")) {
        hold(r);
    } else if (!strcmp(cmd, "release")) {
        release(r);
    } else {
        return 0;
    }
    return 1;
}

/* ---- a worker: the app from a given line to a `kill` or the end ---------------- */

/* Runs the steps from r->seen's position; returns 0 if they all passed. */
static int steps_run(run *r)
{
    seen *s = r->seen;
    for (int i = s->next_script; i < r->nscripts; i++) {
        const script *sc = &r->scripts[i];
        for (int l = i == s->next_script ? s->next_line : 0; l < sc->nlines; l++) {
            const char *p = skip_blank(sc->lines[l]);
            if (!is_step(p))
                continue;
            if (!strcmp(p, "kill")) {
                s->next_script = i, s->next_line = l + 1, s->killed = 1;
                s->clock_ms = th_app_ui(&r->h)->virtual_ms;
                fflush(stdout);
                raise(SIGKILL);
            }
            char step[4096], cmd[32], args[1][TEXT_MAX];
            substitute(r, p, step, sizeof step);
            typed_note(r, cmd, args, split_step(step, cmd, sizeof cmd, args, 1));
            int rc = 0;
            if (!runner_step(r, sc->path, l + 1, step, &rc))
                rc = ui_driver_step(r->h.drv, sc->path, l + 1, step);
            if (rc != 0)
                return -1;
            screen_scan(r);
        }
    }
    return 0;
}

/* The theme and text size the options asked for, written as the app's own
 * ui-prefs.txt (app/src/app/prefs.c), so the app starts with them as if the
 * person had chosen them in Settings. */
static void prefs_write(const run *r)
{
    char prefs[TH_PATH_MAX + 32], text[64];
    snprintf(prefs, sizeof prefs, "%s/ui-prefs.txt", r->h.data);
    int n = snprintf(text, sizeof text, "dark %d\ntext_scale %.2f\n", r->dark,
                     r->text_scale > 0 ? r->text_scale : 1.0f);
    REQUIRE(n > 0 && (size_t)n < sizeof text);
    REQUIRE(im_file_write(prefs, text, (size_t)n) == 0);
}

/* --text-scale's value, or exit 2: one the app would ignore (outside what
 * ui-prefs.txt keeps) would quietly give shots at 100 %. */
static float text_scale_read(const char *v)
{
    char *end = NULL;
    float t = strtof(v, &end);
    if (end == v || *end || !(t >= 0.5f && t <= 3.0f)) {
        fprintf(stderr, "script_runner: --text-scale wants 0.5 to 3, not \"%s\"\n", v);
        exit(2);
    }
    return t;
}

/* The worker's whole life; it exits (0: every step passed) or is killed. */
static void worker(run *r, int capture_fd)
{
    if (capture_fd >= 0)
        dup2(capture_fd, STDERR_FILENO);
    r->h.opt.start_virtual_ms = r->seen->clock_ms;
    char err[512] = "";
    if (th_app_try_start(&r->h, err, sizeof err) != 0) {
        fprintf(stderr, "%s: the app did not start: %s\n", r->scripts[0].path, err);
        r->seen->failed = 1;
        exit(1);
    }
    r->seen->failed = steps_run(r) != 0;
    release(r);
    th_app_stop(&r->h);
    SDL_Quit();
    exit(im_check_done() != 0 || r->seen->failed);
}

/* ---- this process: the workers one after another, then the verdict ------------- */

static int workers_run(run *r, int capture_fd)
{
    for (;;) {
        r->seen->killed = 0;
        fflush(NULL);
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0)
            worker(r, capture_fd);
        int st = 0;
        REQUIRE(waitpid(pid, &st, 0) == pid);
        if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL && r->seen->killed)
            continue;
        if (WIFEXITED(st))
            return WEXITSTATUS(st);
        fprintf(stderr, "the app's process ended by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
        return -1;
    }
}

static void leak_scan(run *r, const char *what, const char *text)
{
    long hits = th_app_scan(&r->h, text);
    if (hits != 0)
        fprintf(stderr, "%s \"%s\" found %ld times in clear on disk\n", what, text, hits);
    CHECK(hits == 0);
}

static void leaks_check(run *r)
{
    const seen *s = r->seen;
    for (int i = 0; i < s->ntyped; i++)
        leak_scan(r, "typed text", s->typed[i]);
    for (int i = 0; i < r->nsecrets; i++)
        leak_scan(r, "the secret", r->secrets[i]);
    for (int i = 0; i < s->ncodes; i++) {
        char compact[CODE_LEN + 1];
        size_t n = 0;
        for (const char *q = s->codes[i]; *q; q++)
            if (*q != '-')
                compact[n++] = *q;
        compact[n] = 0;
        long hits = th_app_scan(&r->h, s->codes[i]) + th_app_scan(&r->h, compact);
        if (hits != 0)
            fprintf(stderr, "a recovery code was found %ld times on disk\n", hits);
        CHECK(hits == 0);
    }
    printf("scanned the data folder for %d typed texts, %d secrets and %d recovery codes\n", s->ntyped,
           r->nsecrets, s->ncodes);
}

/* The printed failure, echoed, must hold every expect-fail text. */
static void fails_check(run *r, int status, int capture_fd)
{
    off_t size = lseek(capture_fd, 0, SEEK_END);
    char *out = calloc(1, (size_t)(size > 0 ? size : 0) + 1);
    REQUIRE(out != NULL);
    if (size > 0 && pread(capture_fd, out, (size_t)size, 0) != size)
        out[0] = 0;
    fputs(out, stderr);
    if (status == 0)
        fprintf(stderr, "the scripts were expected to fail, and every step passed\n");
    CHECK(status != 0 && r->seen->failed);
    for (int i = 0; i < r->nfails; i++) {
        int ok = strstr(out, r->fails[i]) != NULL;
        if (!ok)
            fprintf(stderr, "stderr lacks \"%s\"\n", r->fails[i]);
        CHECK(ok);
    }
    free(out);
}

static void options_read(run *r, int argc, char **argv)
{
    th_app *h = &r->h;
    h->opt.scale = 2.0f;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
        int takes = !strcmp(a, "--content") || !strcmp(a, "--size") || !strcmp(a, "--scale") ||
                    !strcmp(a, "--shots") || !strcmp(a, "--text-scale");
        if (takes)
            i++;
        if (!strcmp(a, "--vault"))
            r->vault = 1;
        else if (!strcmp(a, "--month"))
            r->month = 1;
        else if (!strcmp(a, "--dark"))
            r->dark = 1;
        else if (!strcmp(a, "--text-scale"))
            r->text_scale = text_scale_read(v);
        else if (!strcmp(a, "--gallery"))
            h->opt.gallery = 1;
        else if (!strcmp(a, "--content"))
            h->opt.content_dir = v;
        else if (!strcmp(a, "--scale"))
            h->opt.scale = strtof(v, NULL);
        else if (!strcmp(a, "--shots"))
            snprintf(r->shots, sizeof r->shots, "%s", v);
        else if (!strcmp(a, "--size"))
            REQUIRE(sscanf(v, "%dx%d", &h->opt.width_pt, &h->opt.height_pt) == 2);
        else if (a[0] == '-') {
            fprintf(stderr, "script_runner: unknown option %s\n", a);
            exit(2);
        } else {
            REQUIRE(r->nscripts < MAX_SCRIPTS);
            script_load(&r->scripts[r->nscripts++], a);
        }
    }
    REQUIRE(r->nscripts > 0);
}

int main(int argc, char **argv)
{
    static run r;
    const char *name = strrchr(argv[argc - 1], '/');
    th_app_prepare(&r.h, name ? name + 1 : "script");
    options_read(&r, argc, argv);
    declarations_read(&r);
    if (!r.shots[0])
        snprintf(r.shots, sizeof r.shots, "%s", r.h.root);
    r.h.shots = r.shots;
    if (r.vault)
        th_vault_make(r.h.data);
    if (r.month)
        th_month_make(r.h.data, TH_PASS, 30, UI_DRIVER_EPOCH_MS, NULL, NULL);
    if (r.dark || r.text_scale > 0)
        prefs_write(&r);
    r.seen = mmap(NULL, sizeof *r.seen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    REQUIRE(r.seen != MAP_FAILED);
    memset(r.seen, 0, sizeof *r.seen);
    FILE *capture = r.nfails ? tmpfile() : NULL; /* unnamed: gone when closed */
    REQUIRE(!r.nfails || capture);
    int capture_fd = capture ? fileno(capture) : -1;

    int status = workers_run(&r, capture_fd);
    if (capture)
        fails_check(&r, status, capture_fd);
    else
        CHECK(status == 0);
    leaks_check(&r);
    if (capture)
        fclose(capture);
    munmap(r.seen, sizeof *r.seen);
    th_app_finish(&r.h);
    return im_check_done();
}
