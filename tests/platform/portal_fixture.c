#define _POSIX_C_SOURCE 200809L
/*
 * portal_fixture.c -- a fake portal run from a test, and the desktop's
 * settings changed from one (portal_fixture.h).
 */
#include "portal_fixture.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

void pf_app_prepare(th_app *h, const char *tag)
{
    const char *bus = getenv("DBUS_SESSION_BUS_ADDRESS");
    REQUIRE(bus && bus[0]); /* dbus-run-session's */
    char keep[1024];
    REQUIRE(snprintf(keep, sizeof keep, "%s", bus) < (int)sizeof keep);
    th_app_prepare(h, tag);
    REQUIRE(setenv("DBUS_SESSION_BUS_ADDRESS", keep, 1) ==
            0); /* the harness drops it: this test brings its own */
}

void pf_fake_init(pf_fake *f, const char *prog, const th_app *h)
{
    f->prog = prog;
    snprintf(f->log, sizeof f->log, "%s/portal.log", h->root);
    f->pid = -1;
    f->in = NULL;
}

int pf_log_count(const pf_fake *f, const char *text)
{
    char buf[8192];
    FILE *in = fopen(f->log, "r");
    size_t n = in ? fread(buf, 1, sizeof buf - 1, in) : 0;
    if (in)
        fclose(in);
    buf[n] = 0;
    int c = 0;
    for (const char *p = buf; (p = strstr(p, text)) != NULL; p++)
        c++;
    return c;
}

void pf_fake_stop(pf_fake *f)
{
    if (f->pid <= 0)
        return;
    if (f->in)
        fclose(f->in);
    f->in = NULL;
    kill(f->pid, SIGTERM);
    waitpid(f->pid, NULL, 0);
    f->pid = -1;
}

void pf_fake_start(pf_fake *f, const char *arg, int with_stdin)
{
    pf_fake_stop(f);
    int fds[2] = {-1, -1};
    if (with_stdin)
        REQUIRE(pipe(fds) == 0);
    unlink(f->log);
    f->pid = fork();
    REQUIRE(f->pid >= 0);
    if (f->pid == 0) {
        if (with_stdin) {
            dup2(fds[0], 0);
            close(fds[0]), close(fds[1]);
        }
        execl(f->prog, f->prog, f->log, arg, (char *)NULL);
        _exit(127);
    }
    if (with_stdin) {
        close(fds[0]);
        f->in = fdopen(fds[1], "w");
        REQUIRE(f->in != NULL);
    }
    for (int i = 0; i < 500 && !pf_log_count(f, "ready"); i++)
        SDL_Delay(10);
    REQUIRE(pf_log_count(f, "ready") == 1);
}

void pf_gset(const char *schema, const char *key, const char *value)
{
    char cmd[TH_PATH_MAX * 2];
    snprintf(cmd, sizeof cmd, "gsettings set %s %s %s", schema, key, value);
    REQUIRE(system(cmd) == 0);
}

int pf_wait_until(th_app *h, int (*cond)(ui_app *), int timeout_ms)
{
    ui_app *app = th_app_ui(h);
    Uint32 start = SDL_GetTicks();
    int events = 0;
    while (!cond(app) && SDL_GetTicks() - start < (Uint32)timeout_ms) {
        SDL_Event e;
        if (SDL_WaitEventTimeout(&e, timeout_ms)) {
            events++;
            ui_app_handle_event(app, &e);
        }
    }
    return events;
}
