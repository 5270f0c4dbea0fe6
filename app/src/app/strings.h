/*
 * strings.h -- every user-facing string of the app's own chrome, in one
 * table, so the app can be translated later.  (Content text -- programs,
 * exercises, safety notes -- comes from content/, not from here.)
 *
 * How it is laid out (chosen so three people can add strings without merge
 * conflicts):
 *   app/src/strings/<area>.def   one file per area, lines of
 *                                    S(ID, "English text")
 *   shell.def    start, first run, unlock, home, settings, areas, lock
 *   player.def   path, step and exercise player, practice tools
 *   journal.def  journal and progress screens
 *   together.def couple mode
 *   safety.def   safety screens and the "My support" card
 *   people.def   other people's spaces on this device (Switch person)
 *   rejoin.def   the owner out of the couple space: the way back (Together)
 * Add a string by adding one S() line to YOUR area's file; never edit
 * another area's file or this header.  Ids are STR_<AREA>_<WHAT>.
 *
 * Strings with arguments are printf formats ("%s", "%d"): the comment
 * beside the line says what goes in; translations keep the same
 * conversions in the same order.
 *
 * Use: ui_str(STR_UNLOCK_TITLE).  Never NULL; an id out of range gives "".
 */
#ifndef UI_STRINGS_H
#define UI_STRINGS_H

typedef enum ui_str_id {
    STR_NONE_ = 0,
#define S(id, en) id,
#include "strings/shell.def"
#include "strings/player.def"
#include "strings/journal.def"
#include "strings/together.def"
#include "strings/gates.def"
#include "strings/safety.def"
#include "strings/files.def"
#include "strings/people.def"
#include "strings/rejoin.def"
#undef S
    STR_COUNT_
} ui_str_id;

const char *ui_str(ui_str_id id);

#endif
