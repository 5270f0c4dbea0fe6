/*
 * test_file_portal.c -- the desktop's own file chooser (the XDG portal,
 * app/src/platform/file_portal.c) against a fake portal (fake_portal.c)
 * on a private session bus: run as `dbus-run-session -- test_file_portal
 * FAKE_PORTAL`.
 *
 *   1. Back up: "Choose where to save" asks the portal's SaveFile (the
 *      dated name offered as current_name, the *.imbackup filter); the
 *      URI it answers (with a space, percent-encoded) is the file the
 *      backup is then written to, and the in-app chooser never opens.
 *   2. Restore: OpenFile's answer is the backup chosen.
 *   3. Export, the portal cancelled: the default choice stays, nothing
 *      else opens.
 *   4. No portal on the bus: the in-app chooser opens instead.
 * Fails on main: there was no chooser button, only a path field.
 */
#define _POSIX_C_SOURCE 200809L
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app_harness.h"
#include "check.h"
#include "portal_fixture.h"
#include "vault_fixture.h"

static pf_fake portal;

static int log_has(const char *text) { return pf_log_count(&portal, text) > 0; }

static void step(th_app *h, const char *line) { CHECK(th_app_step(h, line) == 0); }

/* Lets the app run (its clock and the portal's thread) until text is
 * drawn; 1 if it was within about 5 s. */
static int until_drawn(th_app *h, const char *text)
{
    for (int i = 0; i < 250; i++) {
        if (th_app_drawn(h, text))
            return 1;
        th_app_step(h, "wait 0.02");
        SDL_Delay(20);
    }
    return th_app_drawn(h, text);
}

static void open_settings_screen(th_app *h, const char *button)
{
    char line[128];
    step(h, "tap \"Settings\"");
    snprintf(line, sizeof line, "scroll-to \"%s\"", button);
    step(h, line);
    snprintf(line, sizeof line, "tap \"%s\"", button);
    step(h, line);
    step(h, "tap \"Current passphrase\"");
    step(h, "type \"" TH_PASS "\"");
    step(h, "tap \"Confirm\"");
}

int main(int argc, char **argv)
{
    REQUIRE(argc == 2);
    th_app h;
    pf_app_prepare(&h, "portal");
    pf_fake_init(&portal, argv[1], &h);
    char dir[TH_PATH_MAX + 32], file[TH_PATH_MAX + 64], uri[2 * TH_PATH_MAX];
    snprintf(dir, sizeof dir, "%s/chosen place", h.root);
    snprintf(file, sizeof file, "%s/portal backup.imbackup", dir);
    snprintf(uri, sizeof uri, "file://%s/chosen%%20place/portal%%20backup.imbackup", h.root);
    REQUIRE(mkdir(dir, 0700) == 0);
    th_vault_make(h.data);
    th_app_start(&h);
    th_app_unlock(&h, NULL);

    /* 1. backup through SaveFile */
    pf_fake_start(&portal, uri, 0);
    open_settings_screen(&h, "Back up");
    step(&h, "scroll-to \"Choose where to save\"");
    step(&h, "tap \"Choose where to save\"");
    CHECK(until_drawn(&h, "portal backup.imbackup, in"));
    CHECK(log_has("SaveFile title=Where to save the backup current_name=innermost-backup-"));
    CHECK(log_has(".imbackup filter=*.imbackup"));
    CHECK(!th_app_drawn(&h, "Places")); /* the in-app chooser stayed shut */
    step(&h, "scroll-to \"Current passphrase\"");
    step(&h, "tap \"Current passphrase\"");
    step(&h, "type \"" TH_PASS "\"");
    step(&h, "scroll-to \"Save backup\"");
    step(&h, "tap \"Save backup\"");
    CHECK(until_drawn(&h, "Backup saved."));
    FILE *f = fopen(file, "rb");
    char head[8] = "";
    CHECK(f && fread(head, 1, sizeof head, f) == sizeof head && memcmp(head, "IMBACKUP", 8) == 0);
    if (f)
        fclose(f);
    step(&h, "tap \"Back\"");

    /* 2. restore through OpenFile */
    pf_fake_start(&portal, uri, 0);
    step(&h, "scroll-to \"Restore a backup\"");
    step(&h, "tap \"Restore a backup\"");
    step(&h, "tap \"Current passphrase\"");
    step(&h, "type \"" TH_PASS "\"");
    step(&h, "tap \"Confirm\"");
    step(&h, "scroll-to \"Choose a backup\"");
    step(&h, "tap \"Choose a backup\"");
    CHECK(until_drawn(&h, "portal backup.imbackup, in"));
    CHECK(log_has("OpenFile title=Choose a backup current_name= filter=*.imbackup"));
    step(&h, "tap \"Back\"");

    /* 3. export, the portal cancelled: the default stays */
    pf_fake_start(&portal, "cancel", 0);
    step(&h, "scroll-to \"Export as readable text\"");
    step(&h, "tap \"Export as readable text\"");
    step(&h, "tap \"Current passphrase\"");
    step(&h, "type \"" TH_PASS "\"");
    step(&h, "tap \"Confirm\"");
    step(&h, "scroll-to \"Choose where to save\"");
    step(&h, "tap \"Choose where to save\"");
    for (int i = 0; i < 100 && !log_has("SaveFile"); i++)
        SDL_Delay(10);
    CHECK(log_has("SaveFile title=Where to save the export current_name=innermost-export-"));
    for (int i = 0; i < 25; i++) {
        th_app_step(&h, "wait 0.02");
        SDL_Delay(20);
    }
    CHECK(th_app_drawn(&h, "innermost-export-")); /* the default, as it was */
    CHECK(!th_app_drawn(&h, "Places"));

    /* 4. no portal on the bus: Innermost's own chooser */
    pf_fake_stop(&portal);
    step(&h, "tap \"Choose where to save\"");
    CHECK(until_drawn(&h, "Tap a place to save the file there"));
    CHECK(th_app_drawn(&h, "Places"));

    th_app_finish(&h);
    return im_check_done();
}
