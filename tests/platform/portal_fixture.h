/*
 * portal_fixture.h -- the test's side of a fake desktop portal and of the
 * desktop's settings, for the platform tests of the real app in this
 * process: test_file_portal (fake_portal), test_system_prefs_portal
 * (fake_settings_portal), test_system_prefs (GSettings alone).
 *
 *   pf_app_prepare(&h, "tag");              th_app_prepare, bus kept
 *   pf_fake f; pf_fake_init(&f, argv[1], &h);
 *   pf_fake_start(&f, "cancel", 0);         the fake, holding its name
 *   pf_log_count(&f, "SaveFile title=...")  what it was asked
 *   pf_fake_stop(&f);
 *
 * Invariants:
 *   1. pf_fake_start returns only once the fake logged "ready" (it holds
 *      org.freedesktop.portal.Desktop: fake_bus.h), on a fresh log.
 *   2. At most one fake runs per pf_fake: starting again stops the last.
 */
#ifndef IM_PORTAL_FIXTURE_H
#define IM_PORTAL_FIXTURE_H

#include <stdio.h>
#include <sys/types.h>

#include "app_harness.h"

typedef struct pf_fake {
    const char *prog;           /* the fake's program */
    char log[TH_PATH_MAX + 32]; /* its log: root/portal.log */
    pid_t pid;                  /* -1 when none runs */
    FILE *in;                   /* its stdin, when started with one; else NULL */
} pf_fake;

/* th_app_prepare(h, tag), keeping the private session bus the test was
 * started on (dbus-run-session's; REQUIREd), which the harness drops. */
void pf_app_prepare(th_app *h, const char *tag);

/* f for the fake program prog, its log in h's temporary folder; none runs. */
void pf_fake_init(pf_fake *f, const char *prog, const th_app *h);

/* Runs `prog LOG [arg]` (arg may be NULL), with a pipe to its stdin in
 * f->in when with_stdin, after stopping one already running; waits up to
 * 5 s for its "ready" (REQUIREd). */
void pf_fake_start(pf_fake *f, const char *arg, int with_stdin);

/* Ends the fake (stdin closed, SIGTERM, reaped); nothing if none runs. */
void pf_fake_stop(pf_fake *f);

/* How many times text stands in the fake's log (its first 8 KiB). */
int pf_log_count(const pf_fake *f, const char *text);

/* `gsettings set schema key value`, REQUIREd to succeed: the desktop's
 * settings panel, in another process. */
void pf_gset(const char *schema, const char *key, const char *value);

/* Handles events as the window's loop does, blocking, until cond holds or
 * timeout_ms pass; returns how many events it handled. */
int pf_wait_until(th_app *h, int (*cond)(ui_app *), int timeout_ms);

#endif
