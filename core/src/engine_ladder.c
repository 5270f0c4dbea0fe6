/*
 * engine_ladder.c -- the consent-gated ladder (mode: consent-ladder).
 *
 * Rungs are the exercise's prompts, in order.  A rung opens only when both
 * partners have confirmed; a confirmation is private (no call says that the
 * other has confirmed -- no pressure), and pausing or stepping back, which
 * either may do at any time without a reason, clears pending confirmations.
 * open == number of rungs means the top was reached (phase DONE); stepping
 * back from there is still allowed.
 */
#include "engine_couple.h"

size_t im_ladder_rungs(const im_exercise *ex)
{
    size_t n = 0;
    for (size_t i = 0; i < ex->n_steps; i++)
        n += ex->steps[i].kind == IM_STEP_PROMPT;
    return n;
}

size_t im_ladder_rung_step(const im_exercise *ex, size_t k)
{
    for (size_t i = 0; i < ex->n_steps; i++)
        if (ex->steps[i].kind == IM_STEP_PROMPT && k-- == 0)
            return i;
    return ex->n_steps;
}

size_t im_couple_ladder_open(const im_couple *c)
{
    return c->ex->mode == IM_MODE_CONSENT_LADDER ? c->open : 0;
}

static void show_rung(im_couple *c)
{
    c->index = c->open ? im_ladder_rung_step(c->ex, c->open - 1)
                       : c->ex->n_steps;
    c->phase = c->open == im_ladder_rungs(c->ex) ? IM_PHASE_DONE
                                                 : IM_PHASE_LADDER;
    c->confirmed[0] = c->confirmed[1] = 0;
}

im_rc im_couple_ladder_confirm(im_couple *c, int partner)
{
    if (c->ex->mode != IM_MODE_CONSENT_LADDER)
        return IM_ERR_STATE;
    if (partner != 0 && partner != 1)
        return IM_ERR_INVALID;
    if (c->paused || c->phase != IM_PHASE_LADDER)
        return IM_ERR_STATE;
    c->confirmed[partner] = 1;
    if (c->confirmed[0] && c->confirmed[1]) {
        c->open++;
        show_rung(c);
    }
    return im_couple_changed(c);
}

im_rc im_couple_ladder_pause(im_couple *c)
{
    if (c->ex->mode != IM_MODE_CONSENT_LADDER || c->paused)
        return IM_ERR_STATE;
    c->paused = 1;
    c->confirmed[0] = c->confirmed[1] = 0;
    return im_couple_changed(c);
}

im_rc im_couple_ladder_step_back(im_couple *c)
{
    if (c->ex->mode != IM_MODE_CONSENT_LADDER || c->open == 0)
        return IM_ERR_STATE;
    c->open--;
    show_rung(c);
    return im_couple_changed(c);
}
