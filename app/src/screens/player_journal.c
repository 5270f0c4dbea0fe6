/* player_journal.c -- see player_journal.h. */
#include "screens/player_journal.h"

#include "screens/journal_screens.h"

/* journal-ui's editor: it shows "From: <title>" and keeps the link. */
void ui_player_journal_open(ui_app *app, const char *item_id, const char *prompt)
{
    ui_nav_push(app, journal_new_entry_screen(app, item_id, prompt));
}
