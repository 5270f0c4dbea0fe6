/*
 * common.h -- pieces the screens share (common.c): a message line, content
 * text, the activity indicator, the new-passphrase fields and their
 * checks, the erase dialog.
 */
#ifndef UI_SCREENS_COMMON_H
#define UI_SCREENS_COMMON_H

#include "app/app.h"
#include "innermost/content.h"
#include "innermost/vault.h"

/* A message line (errors, waits, results), placed right under the field it
 * speaks of: hidden while empty, so it leaves no gap.  An error (a wrong
 * secret, a failure, a refusal) is drawn in the error colour after a round
 * "!" badge, so it is told by shape as well as colour; information ("Backup
 * saved") is plain body text.  ui_message_set says text as information;
 * ui_message_say with a kind.  On a plain label (a hint line) both just set
 * its text. */
typedef enum ui_message_kind { UI_MESSAGE_INFO, UI_MESSAGE_ERROR } ui_message_kind;
ui_widget *ui_message_new(void);
void ui_message_set(ui_widget *w, ui_ctx *c, const char *text);
void ui_message_say(ui_widget *w, ui_ctx *c, ui_message_kind kind, const char *text);

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

/* A recovery code shown once (onboarding, a new code): the code on a card
 * as a grid of whole groups (four a line, fewer evenly at large text, drawn
 * smaller rather than one a line: never broken inside a group; easier to
 * copy than one long line), then
 * the "I have written it down" button that emits kept_action.  The copy
 * made for the label is wiped; the label's own is freed with the screen. */
void ui_recovery_code_add(ui_widget *col, const char *code, int kept_action);

/* A field a recovery code (or groups of it) is typed back into, written
 * as a code is (im_recovery_regroup: upper case, a dash between groups)
 * so its groups appear as they are typed, whatever is typed between them;
 * the caret stays after the same number of code characters.  Called on
 * the field's every change (its change_action).  The copy made is wiped. */
void ui_code_field_regroup(ui_widget *field, ui_ctx *c);

/* Erase everything: a dialog that says exactly what is lost; Confirm
 * emits confirm_action, Cancel / Esc dismiss_action. */
void ui_erase_dialog(ui_app *app, int confirm_action, int dismiss_action);

#endif
