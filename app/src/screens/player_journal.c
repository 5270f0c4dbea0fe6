/* player_journal.c -- see player_journal.h. */
#include "screens/player_journal.h"

#include <stdio.h>

#include "screens/journal_screens.h"

/* journal-ui's editor: it shows "From: <title>" and keeps the link. */
void ui_player_journal_open(ui_app *app, const char *item_id, const char *prompt)
{
    ui_nav_push(app, journal_new_entry_screen(app, item_id, prompt));
}

void ui_player_journal_run_ref(int64_t run_id, char *buf, size_t cap)
{
    snprintf(buf, cap, "run:%lld", (long long)run_id);
}

/* The same editor, also told which run it answers. */
void ui_player_journal_open_run(ui_app *app, const char *item_id, int64_t run_id)
{
    char ref[32];
    ui_player_journal_run_ref(run_id, ref, sizeof ref);
    ui_nav_push(app, journal_new_run_entry_screen(app, item_id, ref));
}
