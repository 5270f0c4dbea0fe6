/* player_journal.c -- see player_journal.h. */
#include "screens/player_journal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/journal_screens.h"
#include "screens/player.h"

/* journal-ui's editor: it shows "From: <title>" and keeps the link. */
void ui_player_journal_open(ui_app *app, const char *item_id, const char *prompt)
{
    ui_nav_push(app, journal_new_entry_screen(app, item_id, prompt));
}

void ui_player_journal_run_ref(int64_t run_id, char *buf, size_t cap)
{
    snprintf(buf, cap, "run:%lld", (long long)run_id);
}

int ui_player_journal_run_of(const char *link_ref, int64_t *run_id)
{
    if (!link_ref || strncmp(link_ref, "run:", 4) != 0 || !isdigit((unsigned char)link_ref[4])) return 0;
    char *end;
    errno = 0;
    long long id = strtoll(link_ref + 4, &end, 10);
    if (errno || *end || id <= 0) return 0;
    *run_id = (int64_t)id;
    return 1;
}

void ui_player_journal_show_run(ui_app *app, int64_t run_id)
{
    ui_screen *s = ui_screen_new(app, &ui_run_read_class, &(ui_run_read_args){ run_id, NULL });
    if (s) ui_nav_push(app, s); /* else the read view said why (the run is gone) */
}

/* The same editor, also told which run it answers. */
void ui_player_journal_open_run(ui_app *app, const char *item_id, int64_t run_id)
{
    char ref[32];
    ui_player_journal_run_ref(run_id, ref, sizeof ref);
    ui_nav_push(app, journal_new_run_entry_screen(app, item_id, ref));
}
