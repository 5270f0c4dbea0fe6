/*
 * support.h -- the safety screens (help.c) and the "My support" card
 * (support.c), issue 15.
 *
 *   ui_safety_class    a safety note (content kind: safety) with, on top,
 *                      one tap to "My support" and to the note for anyone
 *                      afraid of their partner.  Every safety link of the
 *                      app opens this screen.  Arguments: ui_safety_args.
 *   ui_support_class   the card itself: a crisis line, a trusted person and
 *                      a therapist, saved sealed in the vault (core's
 *                      support.h) as typed and with Save.  No arguments.
 *
 * shared: the screen is opened from Together, where the partner may be
 * holding the device.  There "My support" asks for the passphrase first
 * (the same rule that keeps the journal out of reach from Together).
 */
#ifndef UI_SUPPORT_H
#define UI_SUPPORT_H

#include "app/app.h"

typedef struct ui_safety_args {
    const char *note_id; /* NULL or unknown: the crisis note */
    int shared;
} ui_safety_args;
extern const ui_screen_class ui_safety_class, ui_support_class;
/* Pushes the card: at once, or after the passphrase when shared. */
void ui_support_open(ui_app *app, int shared);

#endif
