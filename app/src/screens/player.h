/*
 * player.h -- the solo experience's screens: the Path, Practice, an item's
 * page (a path step or a tool), and the exercise player.
 *
 *   ui_path_class      the ten steps in order, what is done, the next one;
 *                      arguments: ui_path_args (NULL: none)
 *   ui_practice_class  the tools and guides (content kinds practice, guide)
 *   ui_item_class      one item: its reading cards, its exercises, its
 *                      journal prompts, a way to the safety note;
 *                      arguments: the const im_item
 *   ui_player_class    one exercise, one card at a time, driven by the
 *                      engine's solo run (engine.h), saved as it goes;
 *                      arguments: the const im_exercise
 *   ui_reader_class    an item's reading cards, one at a time; arguments:
 *                      the const im_item
 *   ui_player_run_class  the player on a chosen run: a new one ("Do it
 *                      again") or one to continue; arguments: ui_player_args
 *   ui_run_read_class  one saved run read back (run_read.c): each answered
 *                      question with its answer, "Continue" when the run is
 *                      unfinished, "Do it again"; arguments: ui_run_read_args
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

/* The Path opens with an item's page on top (Home's "Open this step"). */
typedef struct ui_path_args {
    const char *item_id; /* NULL or "": none */
} ui_path_args;

extern const ui_screen_class ui_path_class, ui_practice_class, ui_item_class, ui_player_class, ui_reader_class;

/* Which run ui_player_run_class plays. */
typedef struct ui_player_args {
    const im_exercise *ex;
    int64_t run_id; /* the record to continue (im_run_entry's id); 0: a new run */
} ui_player_args;

/* Which saved run ui_run_read_class reads back. */
typedef struct ui_run_read_args {
    int64_t run_id;    /* an IM_KIND_RUN record (im_run_history) */
    const char *query; /* Your work's search that found it, its matches marked (NULL: none) */
} ui_run_read_args;

extern const ui_screen_class ui_player_run_class, ui_run_read_class;

/* Opens ex as a person coming back to it expects: its unfinished run in
 * the player where it was left; else, when it was done before, the last
 * run's answers (the read view, which offers "Do it again"); else a new
 * run in the player. */
void ui_player_open_exercise(ui_app *app, const im_exercise *ex);

/* Closes the top screen (Back); with ui_player_on_back as that screen's
 * class's back, the one below hears UI_ACT_PLAYER_CHANGED and shows what
 * changed. */
void ui_player_close(ui_app *app);
int ui_player_on_back(ui_app *app, ui_screen *s);

#endif
