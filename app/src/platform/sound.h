/*
 * sound.h -- gentle cues for practices that guide themselves: a soft sine
 * tone, made in code (no recordings), with a slow attack and a slow decay,
 * and a short vibration where the device has one.
 *
 * SDL audio is opened lazily, on the first cue, so an app that never runs
 * a practice never opens a sound device.  Every failure is quiet: no
 * audio device, no haptic device, a full queue -- the practice goes on in
 * silence (its words on screen say the same).
 *
 * The test sink.  The test build's script driver (driver.h) turns on
 * recording before the app starts: cues are then written into a log
 * (their names, space-separated) instead of being played, so a headless
 * script can assert which cues a practice gave and in what order.  The
 * product never turns it on.
 */
#ifndef UI_SOUND_H
#define UI_SOUND_H

#include <stddef.h>

typedef enum ui_cue {
    UI_CUE_START = 1, /* a timed step was started                      */
    UI_CUE_IN,        /* breathing: the in-breath begins               */
    UI_CUE_HOLD,
    UI_CUE_OUT,
    UI_CUE_REST,
    UI_CUE_STEP, /* a guided practice moved on to its next step   */
    UI_CUE_END   /* a timed step ran to its end                   */
} ui_cue;

/* Gives cue: records it (test sink on) or plays its tone and, where SDL
 * offers a haptic device, a brief soft rumble. */
void ui_sound_cue(ui_cue cue);

/* The cue's name in the test log: "start", "in", "hold", "out", "rest",
 * "step", "end". */
const char *ui_sound_cue_name(ui_cue cue);

/* Test sink: on, cues are logged and never played (and no device is
 * opened); turning it on clears the log. */
void ui_sound_record(int on);
/* The log since it was last cleared: names separated by single spaces
 * ("" when none).  Valid until the next cue or clear. */
const char *ui_sound_log(void);
void ui_sound_log_clear(void);

/* Closes the audio and haptic devices if they were opened. */
void ui_sound_shutdown(void);

/* Fills out[0..n) with cue's tone as signed 16-bit mono samples at rate
 * Hz: a sine whose loudness rises and falls as a raised cosine, so the
 * tone has no click at either end.  Exposed for its test. */
void ui_sound_synth(ui_cue cue, short *out, size_t n, int rate);

#endif
