/*
 * engine_turns.c -- speaker / listener (mode: turns).
 *
 * Each prompt runs: SPEAKING (one partner talks, turn-seconds on the clock)
 * -> REFLECTING (the listener says back what they heard: the reflect-back
 * prompt comes before the swap) -> SPEAKING (the other partner) ->
 * REFLECTING -> next step.  Who opens alternates from prompt to prompt; the
 * very first opener is drawn from the rng.  Cards are read TOGETHER.
 * The speaking clock stops while paused and goes on from where it was.
 */
#include "engine_couple.h"

static int64_t turn_ms(const im_couple *c)
{
    return (int64_t)c->ex->turn_seconds * 1000;
}

static void speak_begin(im_couple *c, int speaker)
{
    c->phase = IM_PHASE_SPEAKING;
    c->partner = speaker;
    c->speak_used_ms = 0;
    c->speak_start_ms = im_couple_now(c);
    if (c->speak_start_ms <= 0)
        c->speak_start_ms = 1;
}

void im_turns_enter(im_couple *c, size_t i)
{
    c->index = i;
    c->spoken = 0;
    c->speak_start_ms = c->speak_used_ms = 0;
    if (i >= c->ex->n_steps) {
        c->phase = IM_PHASE_DONE;
        c->partner = -1;
        c->index = c->ex->n_steps;
    } else if (c->ex->steps[i].kind == IM_STEP_PROMPT) {
        c->first_speaker ^= 1;
        speak_begin(c, c->first_speaker);
    } else {
        c->phase = IM_PHASE_TOGETHER;
        c->partner = -1;
    }
}

static int64_t used_ms(const im_couple *c)
{
    int64_t used = c->speak_used_ms; /* >= 0: a loaded state is checked */
    if (c->speak_start_ms) {
        int64_t e = im_couple_now(c) - c->speak_start_ms;
        /* saturating: a stored total near INT64_MAX plus a real interval
         * must not wrap (fuzz_engine_state found it) */
        if (e > 0)
            used = used > INT64_MAX - e ? INT64_MAX : used + e;
    }
    return used;
}

int64_t im_couple_turn_remaining_ms(const im_couple *c)
{
    if (c->phase != IM_PHASE_SPEAKING)
        return 0;
    int64_t left = turn_ms(c) - used_ms(c);
    return left > 0 ? left : 0;
}

static void to_reflecting(im_couple *c)
{
    c->speak_used_ms = used_ms(c);
    c->speak_start_ms = 0;
    c->phase = IM_PHASE_REFLECTING;
}

im_rc im_couple_tick(im_couple *c)
{
    if (c->paused || c->phase != IM_PHASE_SPEAKING)
        return IM_OK;
    if (im_couple_turn_remaining_ms(c) > 0)
        return IM_OK;
    to_reflecting(c);
    return im_couple_changed(c);
}

const char *im_couple_reflect_prompt(const im_couple *c)
{
    if (c->phase != IM_PHASE_REFLECTING || c->index >= c->ex->n_steps)
        return NULL;
    return c->ex->steps[c->index].reflect;
}

im_rc im_turns_next(im_couple *c)
{
    switch (c->phase) {
    case IM_PHASE_SPEAKING:
        to_reflecting(c); /* the speaker finished early */
        break;
    case IM_PHASE_REFLECTING:
        if (c->spoken == 0) {
            c->spoken = 1;
            speak_begin(c, c->partner ^ 1);
        } else {
            im_turns_enter(c, c->index + 1);
        }
        break;
    case IM_PHASE_TOGETHER: im_turns_enter(c, c->index + 1); break;
    default: return IM_ERR_STATE;
    }
    return im_couple_changed(c);
}

im_rc im_turns_skip(im_couple *c)
{
    im_turns_enter(c, c->index + 1);
    return im_couple_changed(c);
}

im_rc im_turns_back(im_couple *c)
{
    if (c->index == 0)
        return IM_ERR_STATE;
    /* entering flips the opener once, so the prompt before opens with the
     * partner who opened it the first time */
    im_turns_enter(c, c->index - 1);
    return im_couple_changed(c);
}

void im_turns_pause(im_couple *c)
{
    c->speak_used_ms = used_ms(c);
    c->speak_start_ms = 0;
}

void im_turns_resume(im_couple *c)
{
    c->speak_start_ms = im_couple_now(c);
    if (c->speak_start_ms <= 0)
        c->speak_start_ms = 1;
}
