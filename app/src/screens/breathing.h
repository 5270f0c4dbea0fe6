/*
 * breathing.h -- the live part of a timer or breathing step: a countdown,
 * or a shape that grows as one breathes in and shrinks as one breathes out.
 *
 * The widget owns no time of its own: it asks the exercise engine
 * (im_run_timer_status, on the app's clock -- virtual in tests) where the
 * step is, every frame while the step runs.  It ticks only while the
 * engine says the step is running, and stops ticking the moment it is
 * done or stopped, so the loop goes idle again.  When the step ends on its
 * own the widget emits its action (value 1), so the screen can update its
 * buttons.
 *
 * Timer: big minutes:seconds and a line under it, only as tall as they
 * are with a little room around, redrawn once a second (the ticker is
 * quiet in between: UI_TICK_QUIET).  Breathing: a circle whose size
 * follows the phase (in: grows, hold: stays large, out: shrinks, rest: stays small),
 * or for a four-phase pattern a square with a dot travelling along one
 * side a phase, with the phase's word and seconds left in it; redrawn
 * only when the shape or the words change.  Under reduce-motion no shape
 * is drawn: the phase and its count of seconds are the still cue (the
 * accessible label says which version shows).
 *
 * Made for a step already running (a guided practice moved on by itself,
 * a run resumed), the widget scrolls its page, once it is placed, by as
 * little as shows it whole -- not with the eyes closed, when nothing moves.
 *
 * Sound (platform/sound.h): a start tone when the person starts the step,
 * and a tone at each new breathing phase.  A step already running when
 * the widget is made gets neither for the phase it is in.
 */
#ifndef UI_BREATHING_H
#define UI_BREATHING_H

#include "innermost/engine.h"
#include "widgets/widget.h"

extern const ui_class ui_timed_class;

/* run must outlive the widget; its current step is a TIMER or BREATHING
 * prompt.  Starts ticking at once if the step is already running (a run
 * resumed after a restart). */
ui_widget *ui_timed_new(ui_ctx *c, im_run *run, int done_action);
/* Eyes closed: the widget draws a dim panel and one still line, nothing
 * that moves (the tones guide instead), and wakes the loop only for the
 * cues -- once a second at most. */
void ui_timed_set_eyes_closed(ui_widget *w, ui_ctx *c, int on);
/* Call after im_run_timer_start / stop: starts or ends the ticking. */
void ui_timed_poke(ui_widget *w, ui_ctx *c);

/* Whether run's current step is drawn as a square (the breathing pattern
 * followed -- the chosen pace, else the step's own -- has four phases:
 * in, hold, out, rest, one side each) rather than a circle. */
int ui_breath_is_square(im_run *run);

/* "Breathe in", "Hold", "Breathe out", "Rest" (from the strings table). */
const char *ui_breath_phase_word(im_breath_phase p);

#endif
