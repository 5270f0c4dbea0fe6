/*
 * app_harness.h -- the real app, headless, in this process: how a C test
 * starts it, drives it with the script driver's own lines (app/driver.h)
 * and looks inside it.  The scripts (tests/AREA/scripts) go through
 * script_runner.c, which is built on this too.
 *
 *   th_app h;
 *   th_app_prepare(&h, "tag");      a fresh temporary folder: h.data, h.xdg, h.home
 *   th_vault_make(h.data);          (optional: start at the unlock screen)
 *   th_app_start(&h);               the app on h.data, its first frame drawn
 *   CHECK(th_app_step(&h, "tap \"Passphrase\"") == 0);
 *   th_app_finish(&h);              the app closed, the folder removed
 *
 * Every app test runs the same way: SDL's dummy video driver and software
 * renderer, the smallest key derivation (INNERMOST_TEST_KDF=min), XDG_DATA_HOME
 * inside the temporary folder, a 390x844 point screen at scale 1 unless the
 * test changes h.opt before th_app_start.
 */
#ifndef IM_TEST_APP_HARNESS_H
#define IM_TEST_APP_HARNESS_H

#include <stdint.h>

#include "app/app.h"
#include "app/driver.h"
#include "vault_fixture.h"

/* The driver's virtual wall clock at virtual time 0 (ui_driver_new sets it;
 * th_app_start checks the two agree), for a test that dates files before
 * the app starts. */
#define TH_EPOCH_MS 1767603600000LL

#define TH_PATH_MAX 1024

typedef struct th_app {
    char *root;             /* the temporary folder; data/ and xdg/ below */
    char data[TH_PATH_MAX]; /* the app's data folder (made, empty) */
    char xdg[TH_PATH_MAX];  /* XDG_DATA_HOME */
    char home[TH_PATH_MAX]; /* HOME: root/home, with Documents/ and Downloads/ (the chooser's places) */
    ui_app_options opt;     /* what th_app_start hands the driver */
    const char *shots;      /* screenshots folder, or NULL */
    const char *name;       /* the file name in failure messages */
    ui_driver *drv;         /* NULL until started, and after th_app_stop */
} th_app;

/* Starts SDL (video and events, the dummy video driver, the software
 * renderer) once per process; REQUIREs success. */
void th_app_env(void);

/* A fresh temporary folder with data/ and xdg/ (XDG_DATA_HOME points
 * there), the environment and the default options; nothing is started
 * (SDL neither: a test may fork before th_app_start). */
void th_app_prepare(th_app *h, const char *tag);

/* th_app_env, then the app on h->data with h->opt, its first frame drawn;
 * REQUIREs success (the app's own words on stderr if not). */
void th_app_start(th_app *h);

/* The same, for a test that expects a refusal: 0, or -1 with the app's
 * words in err. */
int th_app_try_start(th_app *h, char *err, size_t errlen);

ui_app *th_app_ui(th_app *h);

/* 1 if text stands, byte for byte, inside one text command of the frame
 * the app drew last (its draw list), else 0: what is on screen, read
 * without pixels. */
int th_app_drawn(th_app *h, const char *text);

/* One driver line; 0 or -1 (the driver printed why, this adds the line). */
int th_app_step(th_app *h, const char *line);

/* The unlock screen: passphrase (NULL: TH_PASS), Unlock, then Home. */
void th_app_unlock(th_app *h, const char *pass);

/* Closes the app (and so the vault: what is on disk is final); the folder
 * stays for the test's scans.  The virtual clock is kept in
 * h->opt.start_virtual_ms, so a th_app_start after it goes on in time. */
void th_app_stop(th_app *h);

/* th_app_stop, the temporary folder removed, SDL stopped. */
void th_app_finish(th_app *h);

/* How many times text is in the data folder and XDG_DATA_HOME, in clear. */
long th_app_scan(const th_app *h, const char *text);

#endif
