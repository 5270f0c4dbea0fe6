/*
 * test_ui_sound.c -- the practice cues (platform/sound.h): each tone is a
 * soft sine that rises and falls without a click, and the test sink logs
 * cues by name, in order, without opening any device.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "platform/sound.h"

#define RATE 22050
#define N (RATE * 9 / 10)

/* Silent at both ends, never loud, and heard in the middle. */
static void test_tone_shape(void)
{
    static short buf[N];
    for (int cue = UI_CUE_START; cue <= UI_CUE_END; cue++) {
        ui_sound_synth((ui_cue)cue, buf, N, RATE);
        int peak = 0;
        for (size_t i = 0; i < N; i++)
            peak = abs(buf[i]) > peak ? abs(buf[i]) : peak;
        CHECK(abs(buf[0]) <= 1 && abs(buf[N - 1]) < 100); /* no click */
        CHECK(peak > 2000 && peak < 32767 / 5);           /* soft, not silent */
        /* the rise is slow: the first 10 ms stay far below the peak */
        int early = 0;
        for (size_t i = 0; i < RATE / 100; i++)
            early = abs(buf[i]) > early ? abs(buf[i]) : early;
        CHECK(early < peak / 10);
    }
}

static void test_sink(void)
{
    ui_sound_record(1);
    CHECK(strcmp(ui_sound_log(), "") == 0);
    ui_sound_cue(UI_CUE_START);
    ui_sound_cue(UI_CUE_IN);
    ui_sound_cue(UI_CUE_END);
    CHECK(strcmp(ui_sound_log(), "start in end") == 0);
    ui_sound_log_clear();
    CHECK(strcmp(ui_sound_log(), "") == 0);
    /* a full log stops growing rather than overflowing */
    for (int i = 0; i < 5000; i++)
        ui_sound_cue(UI_CUE_STEP);
    CHECK(strlen(ui_sound_log()) < 4096);
    ui_sound_record(0);
    ui_sound_shutdown();
}

int main(void)
{
    test_tone_shape();
    test_sink();
    return im_check_done();
}
