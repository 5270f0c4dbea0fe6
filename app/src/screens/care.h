/*
 * care.h -- the care card: what the app shows, instead of its usual
 * thank-you, when someone says they are not okay (a rating at the hard end
 * of a wellbeing check, or "Very low" twice in a row on Home).
 *
 *   ui_care_class   a few gentle things to do now: a minute of slow
 *                   breathing, the person's own support contacts (the "My
 *                   support" card), the crisis note.  Never an alarm,
 *                   nothing is sent or told to anyone; Skip (or Back) goes
 *                   on where the person was.  No arguments.
 *
 * Which ratings are hard is core's to say (im_step_rating_is_hard,
 * im_progress_checkin_is_hard); this screen only shows the card.
 */
#ifndef UI_CARE_H
#define UI_CARE_H

#include "app/app.h"

extern const ui_screen_class ui_care_class;

/* Pushes the care card over the current screen. */
void ui_care_open(ui_app *app);

#endif
