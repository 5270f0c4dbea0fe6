/* player_journal.c -- see player_journal.h. */
#include "screens/player_journal.h"

#include "app/strings.h"

/* HOOK (journal-ui): until journal-ui's branch is merged here, this says
 * the journal is not ready.  With it: ui_nav_push(app,
 * journal_new_entry_screen(app, item_id, prompt)). */
void player_journal_open(ui_app *app, const char *item_id, const char *prompt)
{
    (void)item_id, (void)prompt;
    ui_app_toast(app, ui_str(STR_PLAYER_JOURNAL_SOON));
}
