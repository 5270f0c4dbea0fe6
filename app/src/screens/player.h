/*
 * player.h -- the solo experience's screens: the Path, Practice, an item's
 * page (a path step or a tool), and the exercise player.
 *
 *   ui_path_screen      the ten steps in order, what is done, the next one
 *   ui_practice_screen  the tools and guides (content kinds practice, guide)
 *   ui_item_screen      one item: its reading cards, its exercises, its
 *                       journal prompts, a way to the safety note
 *   ui_player_screen    one exercise, one card at a time, driven by the
 *                       engine's solo run (engine.h), saved as it goes
 *   ui_reader_screen    an item's reading cards, one at a time
 *
 * All of them live only while the session is unlocked (app/session.h) and
 * read the content library of the app.  They talk to core only: engine.h
 * for runs, progress.h for what is done.
 */
#ifndef UI_PLAYER_H
#define UI_PLAYER_H

#include "app/app.h"
#include "innermost/content.h"

/* Sent to the screen under a player or item page when that page closes, so
 * it can show what changed (done marks, "in progress").  Outside every
 * screen's own action range and the session's (9000 and up). */
#define UI_ACT_PLAYER_CHANGED 8100

ui_screen *ui_path_screen(ui_app *app);
ui_screen *ui_practice_screen(ui_app *app);
ui_screen *ui_item_screen(ui_app *app, const im_item *item);
ui_screen *ui_player_screen(ui_app *app, const im_exercise *ex);
ui_screen *ui_reader_screen(ui_app *app, const im_item *item);

/* Closes the top screen (Back); with ui_player_on_back as that screen's
 * on_back, the one below hears UI_ACT_PLAYER_CHANGED and shows what
 * changed. */
void ui_player_close(ui_app *app);
int ui_player_on_back(ui_app *app, ui_screen *s);

#endif
