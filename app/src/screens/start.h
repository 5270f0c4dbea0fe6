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
#include "innermost/content.h"

/* First screens (no arguments). */
extern const ui_screen_class ui_welcome_class, ui_unlock_class, ui_busy_class, ui_broken_class;
/* Brings back the newest vault set aside by start over (unlock.c), then
 * shows its lock screen; a toast says what happened. */
void ui_start_bring_back(ui_app *app);
/* Start over without the secret (lock screen, unreadable data): a dialog
 * saying the vault is set aside for 30 days, not destroyed; then
 * ui_start_over does it and shows the welcome (issue 14). */
void ui_start_over_dialog(ui_app *app, int confirm_action, int dismiss_action);
void ui_start_over(ui_app *app);

/* Areas built by the shell (no arguments). */
extern const ui_screen_class ui_home_class, ui_settings_class;

/* Unlock's recovery path: the code, then a new passphrase (no arguments). */
extern const ui_screen_class ui_recover_class;

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
    UI_REAUTH_COUNT_
} ui_reauth_for;
typedef struct ui_reauth_args {
    ui_reauth_for why;
    void (*then)(ui_app *app);
} ui_reauth_args;
extern const ui_screen_class ui_reauth_class;

/* ---- shared pieces --------------------------------------------------------- */

/* A message line (errors, waits, results): hidden while empty, so it
 * leaves no gap. */
ui_widget *ui_message_new(void);
void ui_message_set(ui_widget *w, ui_ctx *c, const char *text);

/* The text of a content item (its summary and cards) added to col as
 * labels: headings for card titles, "•" before bullets.  Nothing if the
 * item is missing. */
void ui_content_add_item(ui_widget *col, const im_item *item, int with_title);

/* The first card of item whose title starts with title_prefix (its title
 * as a heading, then its text); -1 and nothing added when none matches. */
int ui_content_add_card(ui_widget *col, const im_item *item, const char *title_prefix);

/* An activity indicator with a caption: dots that pulse while shown (still
 * under reduce motion).  Hidden until ui_busy_show; the screen shows it
 * when its work starts and hides it when the work is done.  It knows
 * nothing of the session: ui_busy_set_progress puts a re-seal's count in
 * place of the caption (total 0: the caption again), and ui_busy_follow,
 * from the screen's tick, sets it from the session's worker. */
ui_widget *ui_busy_new(const char *caption);
void ui_busy_show(ui_widget *w, ui_ctx *c, int on);
void ui_busy_set_progress(ui_widget *w, int done, int total);
void ui_busy_follow(ui_widget *w, ui_app *app);

/* A choice of a new passphrase: two password fields and a hint line that
 * says how strong it is and why it is refused. */
typedef struct ui_newpass {
    ui_widget *first, *second, *hint;
} ui_newpass;
/* Adds the fields (labelled first_label and "Type it again"), the hint (the
 * core's strength estimate in plain words) and a "Suggest a passphrase"
 * button to col; edits emit change_action, Return in the second emits
 * submit, the button suggest_action (answer it with ui_newpass_suggest). */
void ui_newpass_add(ui_newpass *np, ui_widget *col, const char *first_label, int change_action, int submit_action,
                    int suggest_action);
/* The first-run check of the recovery code: typed is the whole code, or
 * groups[0] and groups[1] (0-based, in that order) of it, read as the vault
 * reads codes (case, spaces and dashes ignored, 0/1/8 as O/I/B). */
/* A typed code as the vault reads codes: case, spaces and dashes ignored,
 * 0/1/8 read as O/I/B; at most cap-1 characters kept; returns the length. */
size_t ui_recovery_code_normalise(const char *typed, char *out, size_t cap);
int ui_recovery_check_ok(const char *code, const int groups[2], const char *typed);
/* Puts a suggested passphrase of random words in both fields and its words
 * in the hint. */
void ui_newpass_suggest(ui_newpass *np, ui_ctx *c);
/* Call on change_action: updates the strength hint. */
void ui_newpass_changed(ui_newpass *np, ui_ctx *c);
/* The passphrase when both fields agree and it is acceptable; else NULL
 * after putting the plain reason in the hint. */
const char *ui_newpass_accept(ui_newpass *np, ui_ctx *c);
/* Empties both fields (their memory is wiped by the editor). */
void ui_newpass_clear(ui_newpass *np, ui_ctx *c);

/* Erase everything: a dialog that says exactly what is lost; Confirm
 * emits confirm_action, Cancel / Esc dismiss_action. */
void ui_erase_dialog(ui_app *app, int confirm_action, int dismiss_action);

#endif
