/*
 * support.h -- the safety screens (help.c) and the "My support" card
 * (support.c), issue 15.
 *
 *   ui_safety_screen   a safety note (content kind: safety) with, on top,
 *                      one tap to "My support" and to the note for anyone
 *                      afraid of their partner.  Every safety link of the
 *                      app opens this screen.
 *   ui_support_screen  the card itself: a crisis line, a trusted person and
 *                      a therapist, saved sealed in the vault (core's
 *                      support.h) as typed and with Save.
 *
 * shared: the screen is opened from Together, where the partner may be
 * holding the device.  There "My support" asks for the passphrase first
 * (the same rule that keeps the journal out of reach from Together).
 */
#ifndef UI_SUPPORT_H
#define UI_SUPPORT_H

#include "app/app.h"

ui_screen *ui_safety_screen(ui_app *app, const char *note_id, int shared);
ui_screen *ui_support_screen(ui_app *app);
/* Pushes the card: at once, or after the passphrase when shared. */
void ui_support_open(ui_app *app, int shared);

#endif
