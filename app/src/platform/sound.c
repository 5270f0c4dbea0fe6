/* sound.c -- see sound.h. */
#include "platform/sound.h"

#include <SDL.h>
#include <math.h>
#include <string.h>

#define RATE 22050
#define TONE_MS 900   /* long enough to be heard through closed eyes, short of a phase */
#define ATTACK_MS 300 /* a slow rise: no click, nothing that startles */
#define LOUDNESS 0.12 /* of full scale: soft under everyday sounds */
#define RUMBLE_MS 80  /* a brief touch, not a buzz */
#define RUMBLE_STRENGTH 0.25f
#define LOG_MAX 4096
#define PI 3.14159265358979323846

static struct {
    int recording;
    char log[LOG_MAX];
    size_t log_len;
    int audio_tried; /* opened once at most: a failure is not retried every cue */
    SDL_AudioDeviceID audio;
    int haptic_tried;
    int haptic_up; /* SDL's haptic subsystem was started here */
    SDL_Haptic *haptic;
} S;

const char *ui_sound_cue_name(ui_cue cue)
{
    switch (cue) {
    case UI_CUE_START: return "start";
    case UI_CUE_IN: return "in";
    case UI_CUE_HOLD: return "hold";
    case UI_CUE_OUT: return "out";
    case UI_CUE_REST: return "rest";
    case UI_CUE_STEP: return "step";
    case UI_CUE_END: return "end";
    }
    return "?";
}

/* Rising for the in-breath, falling for the out-breath, the same middle
 * note for the still phases; the end a low, settled note. */
static double cue_hz(ui_cue cue)
{
    switch (cue) {
    case UI_CUE_START: return 392.0;
    case UI_CUE_IN: return 440.0;
    case UI_CUE_HOLD: return 349.2;
    case UI_CUE_OUT: return 293.7;
    case UI_CUE_REST: return 349.2;
    case UI_CUE_STEP: return 392.0;
    case UI_CUE_END: return 261.6;
    }
    return 392.0;
}

void ui_sound_synth(ui_cue cue, short *out, size_t n, int rate)
{
    double hz = cue_hz(cue);
    size_t attack = (size_t)rate * ATTACK_MS / 1000;
    if (attack > n / 2) attack = n / 2;
    for (size_t i = 0; i < n; i++) {
        /* a raised cosine up over the attack, down over the rest */
        double env = i < attack ? 0.5 - 0.5 * cos(PI * (double)i / (double)attack)
                                : 0.5 + 0.5 * cos(PI * (double)(i - attack) / (double)(n - attack));
        double v = sin(2.0 * PI * hz * (double)i / (double)rate) * env * LOUDNESS;
        out[i] = (short)(v * 32767.0);
    }
}

static void log_cue(ui_cue cue)
{
    const char *name = ui_sound_cue_name(cue);
    size_t n = strlen(name);
    if (S.log_len + n + 2 > LOG_MAX) return; /* a full log: the test sees it stop growing */
    if (S.log_len) S.log[S.log_len++] = ' ';
    memcpy(S.log + S.log_len, name, n);
    S.log_len += n;
    S.log[S.log_len] = 0;
}

/* The audio device, opened on first use; 0 when there is none. */
static SDL_AudioDeviceID audio_device(void)
{
    if (S.audio_tried) return S.audio;
    S.audio_tried = 1;
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return 0;
    SDL_AudioSpec want, got;
    SDL_zero(want);
    want.freq = RATE;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    S.audio = SDL_OpenAudioDevice(NULL, 0, &want, &got, 0);
    if (S.audio) SDL_PauseAudioDevice(S.audio, 0);
    return S.audio;
}

static void play_tone(ui_cue cue)
{
    static short buf[RATE * TONE_MS / 1000];
    SDL_AudioDeviceID dev = audio_device();
    if (!dev) return;
    ui_sound_synth(cue, buf, sizeof buf / sizeof buf[0], RATE);
    /* a tone still sounding is cut short, so cues never pile up behind it */
    SDL_ClearQueuedAudio(dev);
    SDL_QueueAudio(dev, buf, (Uint32)sizeof buf);
}

/* A phone's vibration, where SDL has a haptic device that can rumble. */
static void rumble(void)
{
    if (!S.haptic_tried) {
        S.haptic_tried = 1;
        S.haptic_up = SDL_InitSubSystem(SDL_INIT_HAPTIC) == 0;
        if (S.haptic_up && SDL_NumHaptics() > 0) {
            S.haptic = SDL_HapticOpen(0);
            if (S.haptic && SDL_HapticRumbleInit(S.haptic) != 0) {
                SDL_HapticClose(S.haptic);
                S.haptic = NULL;
            }
        }
    }
    if (S.haptic) SDL_HapticRumblePlay(S.haptic, RUMBLE_STRENGTH, RUMBLE_MS);
}

void ui_sound_cue(ui_cue cue)
{
    if (S.recording) {
        log_cue(cue);
        return;
    }
    play_tone(cue);
    rumble();
}

void ui_sound_record(int on)
{
    S.recording = on;
    ui_sound_log_clear();
}

const char *ui_sound_log(void) { return S.log; }

void ui_sound_log_clear(void)
{
    S.log_len = 0;
    S.log[0] = 0;
}

void ui_sound_shutdown(void)
{
    if (S.audio) SDL_CloseAudioDevice(S.audio);
    if (S.haptic) SDL_HapticClose(S.haptic);
    if (S.audio_tried && S.audio) SDL_QuitSubSystem(SDL_INIT_AUDIO);
    if (S.haptic_up) SDL_QuitSubSystem(SDL_INIT_HAPTIC);
    S.audio = 0;
    S.haptic = NULL;
    S.audio_tried = S.haptic_tried = S.haptic_up = 0;
}
