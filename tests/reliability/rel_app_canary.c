/*
 * rel_app_canary.c -- the app-level canary row of `make reliability`: after
 * a scripted session of the real app, does any file it wrote hold a
 * person's words, the passphrase or the recovery code in clear?
 *
 *   rel_app_canary INNERMOST [--keep]
 *
 * Runs the app's test build (`innermost-test --headless`, INNERMOST_TEST_KDF=min,
 * SDL's dummy video driver) with HOME, XDG_DATA_HOME, XDG_CONFIG_HOME,
 * XDG_CACHE_HOME and TMPDIR all inside one private temporary tree and no
 * --data-dir (the app picks its own data folder there), through three
 * sessions that type a unique canary everywhere a person can type:
 *   1. first run, fed line by line on stdin (`--script -`) so the runner
 *      can read the recovery code from a `dump` and type it back in the
 *      check: the passphrase (twice; a canary), the two names; then a
 *      journal entry (title, body), an exercise in the player with a text
 *      answer, and a Together daily check-in with both partners' private
 *      answers (the names typed again in Together's setup);
 *   2. a new journal entry typed and left unsaved, the app SIGKILLed once
 *      the draft has been saved (`wait`, then a `dump` as the mark);
 *   3. the draft continued and saved, a journal search (the query is a
 *      canary), then Settings: an encrypted backup written to a file in
 *      ~/Documents, restored from it (replacing what is there), and the
 *      readable Markdown export written to ~/Documents (each file chosen
 *      in the app's chooser, never typed as a path).
 * Every session unlocks with the passphrase, typed again.
 *
 * After the kill, and again at the end, every regular file under the tree
 * is read whole and searched for
 * every canary, the passphrase (whole, and its random tail alone) and the
 * recovery code (with and without dashes); so are the app's stderr logs,
 * which the runner keeps outside the tree.  The goal is 0 hits.  The
 * export is the one file that is plaintext by design (the person asked for
 * their words in clear); it is scanned apart as the control and must hold
 * the journal canaries, which shows the scan finds what it looks for.
 * The scripts (they hold the canaries) and the app's stdout (the `dump`
 * output of the test) are the runner's own, outside the tree, not scanned.
 *
 * Prints each hit as "appcanary: hit WHAT in FILE (N times)", then
 *   "appcanary: files F bytes B logs L needles N hits H (after the kill:
 *    files F2 hits H2)" (F, B and H count both scans)
 *   "appcanary: control: the readable export ... holds J of K journal
 *    canaries and A of M answers ..."
 * Exit status 1 on any hit, a failed session or a failed control.
 */
#define _GNU_SOURCE /* memmem */
#include <dirent.h>
#include <regex.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define MAX_NEEDLES 32
#define CODE_LEN 47 /* XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX */

typedef struct needle {
    char what[48];
    char text[96];
    int journal; /* 1: must be in the export (the control) */
    int answer;  /* 1: an exercise or Together answer (the export may hold it) */
} needle;

static needle needles[MAX_NEEDLES];
static int n_needles;
static char root[1024], home[1100], runner[1100], docs[1200], export_path[1300], backup_path[1300];
/* chosen in the app's file chooser: the names typed there, ~/Documents tapped */
static const char backup_name[] = "innermost.imbackup", export_name[] = "innermost-export.md";
static const char *exe;

static const char *canary(const char *what, int journal, int answer)
{
    REQUIRE(n_needles < MAX_NEEDLES);
    needle *n = &needles[n_needles++];
    snprintf(n->what, sizeof n->what, "%s", what);
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    memcpy(n->text, "cz", 2);
    for (int k = 2; k < 16; k++)
        n->text[k] = alphabet[randombytes_uniform(36)];
    n->text[16] = 0;
    n->journal = journal;
    n->answer = answer;
    return n->text;
}

static void add_needle(const char *what, const char *text)
{
    REQUIRE(n_needles < MAX_NEEDLES);
    needle *n = &needles[n_needles++];
    snprintf(n->what, sizeof n->what, "%s", what);
    snprintf(n->text, sizeof n->text, "%s", text);
}

/* ---- the canaries ------------------------------------------------------------ */

static char pass[64];
static const char *name1, *name2, *title, *body, *answer, *tg[4], *draft, *search;

static void make_canaries(void)
{
    char tail[17];
    snprintf(tail, sizeof tail, "%08x%08x", randombytes_random(), randombytes_random());
    snprintf(pass, sizeof pass, "harbour lantern %s", tail);
    add_needle("passphrase", pass);
    add_needle("passphrase's random tail", tail);
    name1 = canary("first name", 0, 0);
    name2 = canary("partner's name", 0, 0);
    title = canary("journal title", 1, 0);
    body = canary("journal body", 1, 0);
    answer = canary("exercise answer", 0, 1);
    tg[0] = canary("Together: second partner's appreciation", 0, 1);
    tg[1] = canary("Together: second partner's need", 0, 1);
    tg[2] = canary("Together: first partner's appreciation", 0, 1);
    tg[3] = canary("Together: first partner's need", 0, 1);
    draft = canary("journal draft (killed, then saved)", 1, 0);
    search = canary("journal search query", 0, 0);
}

/* ---- running the app --------------------------------------------------------- */

static void build_argv(const char *script, const char **argv)
{
    int k = 0;
    argv[k++] = exe;
    argv[k++] = "--headless";
    argv[k++] = "--size";
    argv[k++] = "390x844";
    argv[k++] = "--scale";
    argv[k++] = "1";
    argv[k++] = "--script";
    argv[k++] = script;
    argv[k] = NULL;
}

/* Starts the app; its stdin (if in) and stdout come from/to pipes, its
 * stderr goes to runner/NAME.err. */
static pid_t spawn(const char *script, const char *name, int *in, int *out)
{
    int pin[2] = {-1, -1}, pout[2];
    REQUIRE((!in || pipe(pin) == 0) && pipe(pout) == 0);
    char err[1400];
    snprintf(err, sizeof err, "%s/%s.err", runner, name);
    const char *argv[16];
    build_argv(script, argv);
    fflush(NULL);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (!freopen(err, "w", stderr))
            _exit(126);
        if (in)
            dup2(pin[0], STDIN_FILENO);
        dup2(pout[1], STDOUT_FILENO);
        if (in)
            close(pin[0]), close(pin[1]);
        close(pout[0]);
        close(pout[1]);
        alarm(200);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    if (in)
        close(pin[0]), *in = pin[1];
    close(pout[1]);
    *out = pout[0];
    return pid;
}

static int finish(pid_t pid, const char *name)
{
    int st = 0;
    waitpid(pid, &st, 0);
    int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
    if (!ok) {
        char err[1400];
        snprintf(err, sizeof err, "%s/%s.err", runner, name);
        size_t n = 0;
        unsigned char *b = im_file_read(err, &n);
        fprintf(stderr, "session %s failed (status 0x%x):\n%.*s\n", name, st, (int)n, b ? (char *)b : "");
        free(b);
    }
    return ok;
}

/* Reads fd until EOF or until want (if not NULL) shows; returns what was
 * read (malloc'd, NUL-terminated) or NULL if want never showed. */
static char *read_until(int fd, const char *want)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    REQUIRE(buf);
    for (;;) {
        if (len == cap) {
            char *b = realloc(buf, cap * 2 + 1);
            REQUIRE(b);
            buf = b, cap *= 2;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n <= 0)
            break;
        len += (size_t)n;
        buf[len] = 0;
        if (want && strstr(buf, want))
            return buf;
    }
    buf[len] = 0;
    if (want) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void say(int fd, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    REQUIRE(n > 0 && (size_t)n < sizeof line - 1);
    line[n++] = '\n';
    REQUIRE(write(fd, line, (size_t)n) == n);
}

static void write_script(const char *path, const char *text)
{
    REQUIRE(im_file_write(path, text, strlen(text)) == 0);
}

/* The unlock screen: the passphrase, typed again. */
static void unlock_lines(char *s, size_t cap)
{
    snprintf(s + strlen(s), cap - strlen(s),
             "expect \"Unlock Innermost\"\ntap \"Passphrase\"\ntype \"%s\"\ntap \"Unlock\"\nwait 1\n", pass);
}

static char code[CODE_LEN + 1];

/* The recovery code as the dump showed it: two labels' halves. */
static int find_code(const char *out)
{
    regex_t re;
    REQUIRE(regcomp(&re, "[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{5}", REG_EXTENDED) == 0);
    regmatch_t m;
    const char *p = out;
    int halves = 0;
    while (halves < 2 && regexec(&re, p, 1, &m, 0) == 0) {
        memcpy(code + halves * 24, p + m.rm_so, 23);
        halves++;
        p += m.rm_eo;
    }
    regfree(&re);
    code[23] = '-';
    code[CODE_LEN] = 0;
    return halves == 2;
}

/* 1. first run, a journal entry, an exercise answer, a Together check-in */
static int session_first(void)
{
    int in, out;
    pid_t pid = spawn("-", "1-first-run", &in, &out);
    signal(SIGPIPE, SIG_IGN);
    say(in, "expect \"Welcome to Innermost\"");
    say(in, "tap \"Get started\"");
    say(in, "tap \"Passphrase\"");
    say(in, "type \"%s\"", pass);
    say(in, "tap \"Type it again\"");
    say(in, "type \"%s\"", pass);
    say(in, "tap \"Create my private space\"");
    say(in, "expect \"Your recovery code\"");
    say(in, "dump");
    char *shown = read_until(out, "visible texts:");
    int ok = shown && find_code(shown);
    free(shown);
    if (!ok) {
        fprintf(stderr, "the recovery code never showed\n");
        close(in);
        close(out);
        finish(pid, "1-first-run");
        return 0;
    }
    add_needle("recovery code", code);
    char compact[CODE_LEN + 1];
    size_t k = 0;
    for (const char *c = code; *c; c++)
        if (*c != '-')
            compact[k++] = *c;
    compact[k] = 0;
    add_needle("recovery code without dashes", compact);
    say(in, "tap \"I have written it down\"");
    say(in, "tap \"Groups from your code\"");
    say(in, "type \"%s\"", code); /* the whole code passes the check */
    say(in, "tap \"Check\"");
    say(in, "expect \"A little about you\"");
    say(in, "tap \"Your first name\"");
    say(in, "type \"%s\"", name1);
    say(in, "tap \"Your partner's name\"");
    say(in, "type \"%s\"", name2);
    say(in, "tap \"Done\"");
    say(in, "expect \"Hello, %s\"", name1);
    /* the journal */
    say(in, "tap \"Journal\"");
    say(in, "tap \"New entry\"");
    say(in, "tap \"Title (optional)\"");
    say(in, "type \"%s\"", title);
    say(in, "tap \"Your words\"");
    say(in, "type \"Told them the thing I usually swallow: %s. It went fine.\"", body);
    say(in, "tap \"Okay\"");
    say(in, "tap \"Save\"");
    say(in, "expect \"Saved\"");
    /* an exercise with a text answer */
    say(in, "tap \"Practice\"");
    say(in, "scroll-to \"Getting ready to reach out\"");
    say(in, "tap \"Getting ready to reach out\"");
    say(in, "tap \"Before the first call\"");
    say(in, "tap \"As a couple\"");
    say(in, "tap \"Next\"");
    say(in, "tap \"Next\"");
    say(in, "tap \"Next\"");
    say(in, "tap \"Your answer\"");
    say(in, "type \"Whether %s is possible\"", answer);
    say(in, "tap \"Next\"");
    say(in, "tap \"Finish\"");
    say(in, "tap \"Done\"");
    say(in, "tap \"Back\"");
    say(in, "tap \"Home\"");
    /* Together: a daily check-in, each partner's private answers */
    say(in, "tap \"Together\"");
    say(in, "tap \"First partner's name\"");
    say(in, "key \"Ctrl+A\"");
    say(in, "type \"%s\"", name1);
    say(in, "tap \"Second partner's name\"");
    say(in, "key \"Ctrl+A\"");
    say(in, "type \"%s\"", name2);
    say(in, "tap \"%s starts\"", name2);
    say(in, "scroll-to \"Daily check-in\"");
    say(in, "tap \"Daily check-in\"");
    say(in, "scroll-to \"Begin\""); /* its intro card, the first time */
    say(in, "tap \"Begin\"");
    say(in, "tap \"I'm %s\"", name2);
    say(in, "tap \"Something small is perfect.\"");
    say(in, "type \"%s\"", tg[0]);
    say(in, "tap \"Next\"");
    say(in, "tap \"For example: \\\"a quiet evening\\\", \\\"a hug when I get home\\\".\"");
    say(in, "type \"%s\"", tg[1]);
    say(in, "tap \"Next\"");
    say(in, "tap \"I'm %s\"", name1);
    say(in, "tap \"Something small is perfect.\"");
    say(in, "type \"%s\"", tg[2]);
    say(in, "tap \"Next\"");
    say(in, "tap \"For example: \\\"a quiet evening\\\", \\\"a hug when I get home\\\".\"");
    say(in, "type \"%s\"", tg[3]);
    say(in, "tap \"Next\"");
    say(in, "expect \"Your answers, side by side\"");
    say(in, "expect \"%s\"", tg[0]);
    say(in, "scroll-to \"Next\""); /* below the reveal's keep choice */
    say(in, "tap \"Next\"");
    say(in, "expect \"Finished.\"");
    say(in, "tap \"Done\"");
    close(in);
    free(read_until(out, NULL));
    close(out);
    return finish(pid, "1-first-run");
}

/* 2. a draft typed and left unsaved; SIGKILL once it has been saved (the
 * editor saves a draft on an edit at most every 3 s, so a few more words
 * come after a `wait`).  The dumps after the mark fill the pipe, so the app
 * blocks there and the kill always lands mid-script. */
static int session_kill(void)
{
    char script[65536] = "", path[1400];
    unlock_lines(script, sizeof script);
    snprintf(script + strlen(script), sizeof script - strlen(script),
             "tap \"Journal\"\ntap \"New entry\"\ntap \"Your words\"\n"
             "type \"Half a thought about the evening: %s\"\nwait 4\ntype \", not finished\"\n",
             draft);
    for (int i = 0; i < 400; i++)
        strcat(script, "dump\n");
    snprintf(path, sizeof path, "%s/2-draft-kill.txt", runner);
    write_script(path, script);
    int out;
    pid_t pid = spawn(path, "2-draft-kill", NULL, &out);
    char *seen = read_until(out, "visible texts:");
    kill(pid, SIGKILL);
    int st = 0;
    waitpid(pid, &st, 0);
    close(out);
    int ok = seen && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
    if (!ok)
        fprintf(stderr, "session 2: the app was not killed after the draft (status 0x%x)\n", st);
    free(seen);
    return ok;
}

/* 3. the draft back and saved, a search, backup, restore, export */
static int session_settings(void)
{
    char script[16384] = "", path[1400];
    unlock_lines(script, sizeof script);
    snprintf(script + strlen(script), sizeof script - strlen(script),
             "tap \"Journal\"\n"
             "tap \"Continue your unfinished entry\"\n"
             "expect \"%s\"\n"
             "tap \"Save\"\n"
             "tap \"Search\"\n"
             "tap \"Search words\"\n"
             "type \"evening harbour %s\"\n"
             "expect \"No entries contain those words.\"\n"
             "key Escape\n"
             "tap \"Home\"\n"
             "tap \"Settings\"\n"
             "scroll-to \"Back up\"\n"
             "tap \"Back up\"\n"
             "tap \"Current passphrase\"\n"
             "type \"%s\"\n"
             "tap \"Confirm\"\n"
             "scroll-to \"Choose where to save\"\n"
             "tap \"Choose where to save\"\n"
             "tap \"File name\"\n"
             "key \"Ctrl+A\"\n"
             "type \"%s\"\n"
             "tap \"Documents\"\n"
             "scroll-to \"Current passphrase\"\n"
             "tap \"Current passphrase\"\n"
             "type \"%s\"\n"
             "tap \"Save backup\"\n"
             "expect \"Backup saved.\"\n"
             "tap \"Back\"\n"
             "scroll-to \"Restore a backup\"\n"
             "tap \"Restore a backup\"\n"
             "tap \"Current passphrase\"\n"
             "type \"%s\"\n"
             "tap \"Confirm\"\n"
             "scroll-to \"Choose a backup\"\n"
             "tap \"Choose a backup\"\n"
             "tap \"%s\"\n"
             "tap \"The backup's passphrase\"\n"
             "type \"%s\"\n"
             "tap \"Restore\"\n"
             "expect \"Replace it with the backup\"\n"
             "tap \"Replace what is here\"\n"
             "expect \"Backup restored.\"\n"
             "tap \"Settings\"\n"
             "scroll-to \"Export as readable text\"\n"
             "tap \"Export as readable text\"\n"
             "tap \"Current passphrase\"\n"
             "type \"%s\"\n"
             "tap \"Confirm\"\n"
             "scroll-to \"Exercise answers\"\n"
             "scroll-to \"Choose where to save\"\n"
             "tap \"Choose where to save\"\n"
             "tap \"File name\"\n"
             "key \"Ctrl+A\"\n"
             "type \"%s\"\n"
             "tap \"Documents\"\n"
             "scroll-to \"Export\"\n"
             "tap \"Export\"\n"
             "expect \"Exported.\"\n",
             draft, search, pass, backup_name, pass, pass, backup_name, pass, pass, export_name);
    snprintf(path, sizeof path, "%s/3-settings.txt", runner);
    write_script(path, script);
    int out;
    pid_t pid = spawn(path, "3-settings", NULL, &out);
    free(read_until(out, NULL));
    close(out);
    return finish(pid, "3-settings");
}

/* ---- the scan ------------------------------------------------------------------ */

typedef struct scan {
    long files, bytes, hits;
} scan;

static long count_in(const unsigned char *b, size_t n, const char *needle)
{
    long c = 0;
    size_t k = strlen(needle);
    for (const unsigned char *p = b; (p = memmem(p, n - (size_t)(p - b), needle, k)); p++)
        c++;
    return c;
}

static void scan_file(scan *sc, const char *path)
{
    size_t n = 0;
    unsigned char *b = im_file_read(path, &n);
    if (!b) {
        fprintf(stderr, "cannot read %s\n", path);
        sc->hits++; /* unread is not clean */
        return;
    }
    sc->files++;
    sc->bytes += (long)n;
    for (int i = 0; i < n_needles; i++) {
        long c = count_in(b, n, needles[i].text);
        if (c)
            printf("appcanary: hit %s in %s (%ld times)\n", needles[i].what, path, c);
        sc->hits += c;
    }
    free(b);
}

/* Every regular file under dir but skip (the export). */
static void scan_tree(scan *sc, const char *dir, const char *skip)
{
    DIR *d = opendir(dir);
    REQUIRE(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[4096];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (lstat(p, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            scan_tree(sc, p, skip);
        else if (S_ISREG(st.st_mode) && strcmp(p, skip) != 0)
            scan_file(sc, p);
    }
    closedir(d);
}

static void mkdirs(const char *path)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
    REQUIRE(system(cmd) == 0);
}

int main(int argc, char **argv)
{
    REQUIRE(argc >= 2 && sodium_init() >= 0);
    exe = argv[1];
    int keep = argc > 2 && !strcmp(argv[2], "--keep");
    char *tmp = im_tmpdir_make("rel-app-canary");
    REQUIRE(tmp);
    snprintf(root, sizeof root, "%s", tmp);
    snprintf(home, sizeof home, "%s/home", root);
    snprintf(runner, sizeof runner, "%s/runner", root);
    snprintf(docs, sizeof docs, "%s/Documents", home);
    snprintf(backup_path, sizeof backup_path, "%s/%s", docs, backup_name);
    snprintf(export_path, sizeof export_path, "%s/%s", docs, export_name);
    char xdg_data[1300], xdg_config[1300], xdg_cache[1300], tmpdir[1300];
    snprintf(xdg_data, sizeof xdg_data, "%s/.local/share", home);
    snprintf(xdg_config, sizeof xdg_config, "%s/.config", home);
    snprintf(xdg_cache, sizeof xdg_cache, "%s/.cache", home);
    snprintf(tmpdir, sizeof tmpdir, "%s/tmp", home);
    mkdirs(xdg_data), mkdirs(xdg_config), mkdirs(xdg_cache), mkdirs(tmpdir), mkdirs(docs), mkdirs(runner);
    setenv("HOME", home, 1);
    setenv("XDG_DATA_HOME", xdg_data, 1);
    setenv("XDG_CONFIG_HOME", xdg_config, 1);
    setenv("XDG_CACHE_HOME", xdg_cache, 1);
    setenv("TMPDIR", tmpdir, 1);
    unsetenv("DBUS_SESSION_BUS_ADDRESS"); /* no desktop portal: the in-app chooser */
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("INNERMOST_TEST_KDF", "min", 1);
    make_canaries();

    int ok1 = session_first();
    CHECK(ok1);
    int ok2 = ok1 && session_kill();
    CHECK(ok2);
    /* what the kill left behind (a WAL, a journal file), before the next
     * session opens and checkpoints it */
    scan mid = {0};
    if (ok2)
        scan_tree(&mid, home, export_path);
    int ok3 = ok2 && session_settings();
    CHECK(ok3);

    /* everything under the tree but the export; the app's stderr logs */
    scan sc = {0};
    scan_tree(&sc, home, export_path);
    static const char *const logs[] = {"1-first-run.err", "2-draft-kill.err", "3-settings.err"};
    for (size_t i = 0; i < sizeof logs / sizeof *logs; i++) {
        char p[1400];
        snprintf(p, sizeof p, "%s/%s", runner, logs[i]);
        scan_file(&sc, p);
    }
    printf(
        "appcanary: files %ld bytes %ld logs %zu needles %d hits %ld (after the kill: files %ld hits %ld)\n",
        sc.files + mid.files, sc.bytes + mid.bytes, sizeof logs / sizeof *logs, n_needles, sc.hits + mid.hits,
        mid.files, mid.hits);

    /* the control: the readable export holds the journal's words */
    size_t n = 0;
    unsigned char *ex = im_file_read(export_path, &n);
    int journal = 0, journal_in = 0, answers = 0, answers_in = 0;
    for (int i = 0; i < n_needles; i++) {
        long c = ex ? count_in(ex, n, needles[i].text) : 0;
        if (needles[i].journal)
            journal++, journal_in += c > 0;
        if (needles[i].answer)
            answers++, answers_in += c > 0;
        if (!needles[i].journal && !needles[i].answer && c)
            printf("appcanary: export also holds %s (%ld times)\n", needles[i].what, c);
    }
    free(ex);
    printf("appcanary: control: the readable export (plaintext by design, scanned apart; %zu bytes) holds %d "
           "of %d "
           "journal canaries and %d of %d answers (the exercise's; Together answers are not exported)\n",
           n, journal_in, journal, answers_in, answers);
    CHECK(ok3 && journal_in == journal);
    CHECK(ok3 && sc.hits == 0 && mid.hits == 0);
    if (keep)
        printf("appcanary: kept %s\n", root);
    else
        im_tmpdir_remove(tmp);
    return im_check_done();
}
