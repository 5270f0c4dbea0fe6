/*
 * start.h -- the screens of the shell: start (busy, unreadable), first run,
 * unlock, home, settings, and the small pieces they share.
 *
 * Every screen here is a class (app/screen.h), most of them forms (a frame
 * over a scrolling column).  Multi-step flows (first run, recovery) replace
 * their screen with the next step (ui_nav_replace) and hand their flow
 * state on to it as the next step's arguments.
 */
#ifndef UI_START_H
#define UI_START_H

#include "app/app.h"
#include "app/session.h"

/* First screens (no arguments). */
extern const ui_screen_class ui_welcome_class, ui_unlock_class, ui_busy_class, ui_broken_class;
/* Brings back the newest vault set aside by start over (unlock.c), then
 * shows its lock screen; a toast says what happened. */
void ui_start_bring_back(ui_app *app);
/* Start over without the secret (lock screen, unreadable data): a dialog
 * saying the vault is set aside for 30 days, not destroyed; then
 * ui_start_over does it and shows the welcome. */
void ui_start_over_dialog(ui_app *app, int confirm_action, int dismiss_action);
void ui_start_over(ui_app *app);

/* Areas built by the shell (no arguments). */
extern const ui_screen_class ui_home_class, ui_settings_class;

/* Unlock's recovery path: the code, then a new passphrase.  The owner's
 * code (NULL args), or with person set the code of someone else's space
 * (from Switch person). */
typedef struct ui_recover_args {
    int person;
} ui_recover_args;
extern const ui_screen_class ui_recover_class;
/* Switch person (from the lock screen): someone else's own space. */
extern const ui_screen_class ui_switch_class;

/* A new passphrase typed twice, set on the worker: after a recovery
 * (from_settings 0: then Home) or from Settings (then back).  Arguments:
 * ui_newpass_args (NULL: after a recovery). */
typedef struct ui_newpass_args {
    int from_settings;
} ui_newpass_args;
extern const ui_screen_class ui_newpass_class;

/* The one re-authentication screen (reauth.c): asks for the passphrase
 * before an action that reveals or replaces everything, saying which
 * (checked on the worker; wrong tries count in the lock screen's counter
 * and wait); when it is right the screen closes and then(app) runs. */
typedef enum ui_reauth_for {
    UI_REAUTH_BACKUP,
    UI_REAUTH_RESTORE,
    UI_REAUTH_EXPORT,
    UI_REAUTH_ERASE,
    UI_REAUTH_CHANGE_PASS,
    UI_REAUTH_NEW_CODE,
    UI_REAUTH_SUPPORT,    /* My support, opened from Together */
    UI_REAUTH_PERSON_ADD, /* a space for someone else (people.c) */
    UI_REAUTH_COUNT_
} ui_reauth_for;
typedef struct ui_reauth_args {
    ui_reauth_for why;
    void (*then)(ui_app *app);
} ui_reauth_args;
extern const ui_screen_class ui_reauth_class;

/* The recovery code's checks (onboarding.c; Settings' new code too). */
/* A typed code as the vault reads codes: case, spaces and dashes ignored,
 * 0/1/8 read as O/I/B; at most cap-1 characters kept; returns the length. */
size_t ui_recovery_code_normalise(const char *typed, char *out, size_t cap);
/* The first-run check of the recovery code: typed is the whole code, or
 * groups[0] and groups[1] (0-based, in that order) of it, read as the vault
 * reads codes. */
int ui_recovery_check_ok(const char *code, const int groups[2], const char *typed);

#endif
