/*
 * engine_answer.c -- one person's answers to one exercise (the "sheet"):
 * setting each answer kind with validation, timers and breathing from the
 * clock, summaries, and the sheet's saved form.
 *
 * Every setter validates first and only then replaces the old value, so a
 * rejected answer leaves the sheet as it was (engine.h invariant 1).
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

/* ---- Sheet --------------------------------------------------------------- */

static void answer_reset(im_answer *a)
{
    memset(a, 0, sizeof *a);
    a->scale = -1;
}

im_rc im_sheet_init(im_sheet *s, size_t n)
{
    s->n = 0;
    s->a = calloc(n ? n : 1, sizeof *s->a);
    if (!s->a)
        return IM_ERR_NOMEM;
    s->n = n;
    for (size_t i = 0; i < n; i++)
        answer_reset(&s->a[i]);
    return IM_OK;
}

static void rungs_free(im_rung *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        im_str_wipe_free(r[i].text);
    free(r);
}

void im_answer_clear(im_answer *a)
{
    im_str_wipe_free(a->text);
    rungs_free(a->rungs, a->n_rungs);
    answer_reset(a);
}

void im_sheet_wipe(im_sheet *s)
{
    for (size_t i = 0; s->a && i < s->n; i++)
        im_answer_clear(&s->a[i]);
}

void im_sheet_free(im_sheet *s)
{
    for (size_t i = 0; s->a && i < s->n; i++)
        im_answer_clear(&s->a[i]);
    free(s->a);
    s->a = NULL;
    s->n = 0;
}

size_t im_exercise_step_index(const im_exercise *ex, const char *id)
{
    size_t i;
    for (i = 0; i < ex->n_steps; i++)
        if (strcmp(ex->steps[i].id, id) == 0)
            break;
    return i;
}

/* ---- Setters ----------------------------------------------------------------- */

static int is_prompt(const im_step *st, im_answer_kind k)
{
    return st && st->kind == IM_STEP_PROMPT && st->answer == k;
}

im_rc im_answer_set_text(const im_step *st, im_answer *a, const char *utf8)
{
    if (!is_prompt(st, IM_ANSWER_TEXT))
        return IM_ERR_STATE;
    if (!utf8)
        return IM_ERR_INVALID;
    size_t n = strlen(utf8);
    if (n > IM_ANSWER_TEXT_MAX)
        return IM_ERR_TOO_LARGE;
    if (!im_utf8_ok(utf8, n))
        return IM_ERR_INVALID;
    char *copy = malloc(n + 1);
    if (!copy)
        return IM_ERR_NOMEM;
    memcpy(copy, utf8, n + 1);
    im_str_wipe_free(a->text);
    a->text = copy;
    a->status = IM_STATUS_ANSWERED;
    return IM_OK;
}

static uint64_t options_mask(const im_step *st)
{
    return st->n_options >= 64 ? ~(uint64_t)0
                               : (((uint64_t)1 << st->n_options) - 1);
}

im_rc im_answer_set_choices(const im_step *st, im_answer *a, uint64_t chosen)
{
    if (!st || st->kind != IM_STEP_PROMPT ||
        (st->answer != IM_ANSWER_ONE && st->answer != IM_ANSWER_MANY &&
         st->answer != IM_ANSWER_CHECKLIST))
        return IM_ERR_STATE;
    if (chosen & ~options_mask(st))
        return IM_ERR_INVALID;
    /* exactly one bit for a single choice */
    if (st->answer == IM_ANSWER_ONE && (chosen == 0 || (chosen & (chosen - 1))))
        return IM_ERR_INVALID;
    a->chosen = chosen;
    a->status = IM_STATUS_ANSWERED;
    return IM_OK;
}

im_rc im_answer_set_scale(const im_step *st, im_answer *a, int value)
{
    if (!is_prompt(st, IM_ANSWER_SCALE))
        return IM_ERR_STATE;
    if (value < IM_SCALE_MIN || value > IM_SCALE_MAX)
        return IM_ERR_INVALID;
    a->scale = value;
    a->status = IM_STATUS_ANSWERED;
    return IM_OK;
}

im_rc im_answer_set_match(const im_step *st, im_answer *a, im_match m)
{
    if (!is_prompt(st, IM_ANSWER_MATCH))
        return IM_ERR_STATE;
    if (m != IM_MATCH_YES && m != IM_MATCH_MAYBE && m != IM_MATCH_NOT_NOW)
        return IM_ERR_INVALID;
    a->match = m;
    a->status = IM_STATUS_ANSWERED;
    return IM_OK;
}

im_rc im_answer_set_ladder(const im_step *st, im_answer *a,
                           const char *const *texts, const int *before,
                           size_t n)
{
    if (!is_prompt(st, IM_ANSWER_LADDER))
        return IM_ERR_STATE;
    if (n > IM_LADDER_RUNGS_MAX || (n && (!texts || !before)))
        return IM_ERR_INVALID;
    for (size_t i = 0; i < n; i++) {
        size_t len = texts[i] ? strlen(texts[i]) : 0;
        if (len == 0 || len > IM_RUNG_TEXT_MAX || !im_utf8_ok(texts[i], len) ||
            before[i] < IM_SCALE_MIN || before[i] > IM_SCALE_MAX)
            return IM_ERR_INVALID;
    }
    im_rung *r = calloc(n ? n : 1, sizeof *r);
    if (!r)
        return IM_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(texts[i]);
        r[i].text = malloc(len + 1);
        if (!r[i].text) {
            rungs_free(r, i);
            return IM_ERR_NOMEM;
        }
        memcpy(r[i].text, texts[i], len + 1);
        r[i].before = before[i];
        r[i].after = -1;
        /* a rung already done keeps its re-rating */
        for (size_t k = 0; k < a->n_rungs; k++)
            if (a->rungs[k].done && strcmp(a->rungs[k].text, texts[i]) == 0) {
                r[i].done = 1;
                r[i].after = a->rungs[k].after;
                break;
            }
    }
    rungs_free(a->rungs, a->n_rungs);
    a->rungs = r;
    a->n_rungs = n;
    a->status = IM_STATUS_ANSWERED;
    return IM_OK;
}

im_rc im_answer_ladder_done(const im_step *st, im_answer *a, size_t rung,
                            int after)
{
    if (!is_prompt(st, IM_ANSWER_LADDER))
        return IM_ERR_STATE;
    if (rung >= a->n_rungs || after < IM_SCALE_MIN || after > IM_SCALE_MAX)
        return IM_ERR_INVALID;
    a->rungs[rung].done = 1;
    a->rungs[rung].after = after;
    return IM_OK;
}

im_rc im_answer_ladder_rename(const im_step *st, im_answer *a, size_t rung,
                              const char *text)
{
    if (!is_prompt(st, IM_ANSWER_LADDER))
        return IM_ERR_STATE;
    size_t len = text ? strlen(text) : 0;
    if (rung >= a->n_rungs || len == 0 || len > IM_RUNG_TEXT_MAX ||
        !im_utf8_ok(text, len))
        return IM_ERR_INVALID;
    char *copy = malloc(len + 1);
    if (!copy)
        return IM_ERR_NOMEM;
    memcpy(copy, text, len + 1);
    im_str_wipe_free(a->rungs[rung].text);
    a->rungs[rung].text = copy;
    return IM_OK;
}

im_rc im_answer_ladder_remove(const im_step *st, im_answer *a, size_t rung)
{
    if (!is_prompt(st, IM_ANSWER_LADDER))
        return IM_ERR_STATE;
    if (rung >= a->n_rungs)
        return IM_ERR_INVALID;
    im_str_wipe_free(a->rungs[rung].text);
    memmove(a->rungs + rung, a->rungs + rung + 1,
            (a->n_rungs - rung - 1) * sizeof a->rungs[0]);
    a->n_rungs--;
    return IM_OK;
}

/* ---- What shows ---------------------------------------------------------------- */

int im_answer_shows(const im_step *st, const im_answer *a)
{
    if (!st || !a || st->kind != IM_STEP_PROMPT ||
        a->status != IM_STATUS_ANSWERED)
        return 0;
    switch (st->answer) {
    case IM_ANSWER_TEXT: return a->text && *a->text;
    case IM_ANSWER_ONE: return a->chosen != 0;
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST: return 1; /* none ticked is an answer too */
    case IM_ANSWER_SCALE: return a->scale >= 0;
    case IM_ANSWER_LADDER: return a->n_rungs > 0;
    case IM_ANSWER_TIMER:
    case IM_ANSWER_BREATHING: return 1; /* started: done, or stopped early */
    default: return 0;
    }
}

/* ---- Timers and breathing ---------------------------------------------------- */

static int is_timed(const im_step *st)
{
    return st && st->kind == IM_STEP_PROMPT &&
           (st->answer == IM_ANSWER_TIMER || st->answer == IM_ANSWER_BREATHING);
}

/* The phases the breath follows: the chosen pace, else the step's own. */
static const im_phase *breath_phases(const im_step *st, const im_answer *a,
                                     size_t *n)
{
    if (a && a->pace > 0 && (size_t)a->pace <= st->n_paces) {
        *n = st->paces[a->pace - 1].n_phases;
        return st->paces[a->pace - 1].phases;
    }
    *n = st->n_phases;
    return st->phases;
}

static int64_t breath_cycle_ms(const im_step *st, const im_answer *a)
{
    size_t n;
    const im_phase *ph = breath_phases(st, a, &n);
    int64_t ms = 0;
    for (size_t i = 0; i < n; i++)
        ms += (int64_t)ph[i].seconds * 1000;
    return ms;
}

int im_answer_breath_rounds(const im_step *st, const im_answer *a)
{
    int64_t cycle = breath_cycle_ms(st, a);
    if (!a || !a->minutes || cycle <= 0)
        return st->rounds;
    /* whole rounds, as near the chosen length as they come */
    int64_t want = (int64_t)a->minutes * 60000;
    int64_t rounds = (want + cycle / 2) / cycle;
    return rounds < 1 ? 1 : (int)rounds;
}

int64_t im_answer_duration_ms(const im_step *st, const im_answer *a)
{
    if (!is_timed(st))
        return 0;
    if (st->answer == IM_ANSWER_TIMER)
        return (int64_t)st->seconds * 1000;
    return breath_cycle_ms(st, a) * im_answer_breath_rounds(st, a);
}

int64_t im_step_duration_ms(const im_step *st)
{
    return im_answer_duration_ms(st, NULL);
}

im_rc im_answer_breath_choose(const im_step *st, im_answer *a, int pace,
                              int minutes)
{
    if (!st || st->kind != IM_STEP_PROMPT ||
        st->answer != IM_ANSWER_BREATHING || a->started_ms)
        return IM_ERR_STATE;
    if (pace < 0 || (size_t)pace > st->n_paces)
        return IM_ERR_INVALID;
    int known = minutes == 0;
    for (size_t i = 0; i < st->n_lengths; i++)
        known |= st->lengths[i] == minutes;
    if (!known)
        return IM_ERR_INVALID;
    a->pace = pace;
    a->minutes = minutes;
    /* a finished round of another pace is not this one's: start afresh */
    a->elapsed_ms = 0;
    a->completed = 0;
    return IM_OK;
}

im_rc im_answer_timer_start(const im_step *st, im_answer *a, int64_t now)
{
    if (!is_timed(st))
        return IM_ERR_STATE;
    a->started_ms = now > 0 ? now : 1;
    a->elapsed_ms = 0;
    a->completed = 0;
    return IM_OK;
}

static int64_t elapsed_at(const im_answer *a, int64_t now)
{
    if (!a->started_ms)
        return a->elapsed_ms;
    int64_t e = now - a->started_ms;
    return e < 0 ? 0 : e;
}

int im_answer_timer_status(const im_step *st, im_answer *a, int64_t now,
                           im_timer_status *out)
{
    memset(out, 0, sizeof *out);
    if (!is_timed(st))
        return 0;
    int64_t total = im_answer_duration_ms(st, a);
    int64_t e = elapsed_at(a, now);
    int changed = 0;
    if (a->started_ms && e >= total) {
        a->started_ms = 0;
        a->elapsed_ms = (int)total;
        a->completed = 1;
        a->status = IM_STATUS_ANSWERED;
        changed = 1;
    }
    if (a->completed)
        e = total;
    out->running = a->started_ms != 0;
    out->completed = a->completed;
    out->remaining_ms = total - e;
    size_t n;
    const im_phase *ph = breath_phases(st, a, &n);
    if (st->answer == IM_ANSWER_BREATHING && n) {
        int rounds = im_answer_breath_rounds(st, a);
        int64_t cycle = breath_cycle_ms(st, a);
        int64_t in_cycle = e % cycle;
        out->rounds = rounds;
        out->phases = ph;
        out->n_phases = n;
        out->round = (size_t)(e / cycle);
        if (out->round >= (size_t)rounds) {
            out->round = (size_t)rounds - 1;
            in_cycle = cycle;
        }
        size_t i = 0;
        int64_t at = 0;
        while (i + 1 < n && in_cycle >= at + (int64_t)ph[i].seconds * 1000) {
            at += (int64_t)ph[i].seconds * 1000;
            i++;
        }
        out->phase_index = i;
        out->phase = ph[i].phase;
        int64_t left = at + (int64_t)ph[i].seconds * 1000 - in_cycle;
        out->phase_remaining_ms = left < 0 ? 0 : left;
    }
    return changed;
}

im_rc im_answer_timer_stop(const im_step *st, im_answer *a, int64_t now)
{
    if (!is_timed(st))
        return IM_ERR_STATE;
    if (!a->started_ms)
        return IM_ERR_STATE;
    int64_t total = im_answer_duration_ms(st, a);
    int64_t e = elapsed_at(a, now);
    a->elapsed_ms = (int)(e < total ? e : total);
    a->completed = e >= total;
    a->started_ms = 0;
    a->status = IM_STATUS_ANSWERED;
    return IM_OK;
}

/* ---- Summary ---------------------------------------------------------------- */

size_t im_sheet_summary(const im_exercise *ex, const im_sheet *s,
                        const im_step *summary, im_reflection *out, size_t max)
{
    size_t n = 0;
    if (!summary || summary->kind != IM_STEP_SUMMARY)
        return 0;
    for (size_t k = 0; k < summary->shows.n; k++) {
        size_t i = im_exercise_step_index(ex, summary->shows.v[k]);
        if (i >= ex->n_steps || i >= s->n)
            continue;
        const im_step *st = &ex->steps[i];
        const im_answer *a = &s->a[i];
        if (a->status != IM_STATUS_ANSWERED)
            continue;
        for (size_t o = 0; o < st->n_options && o < 64; o++) {
            if (!(a->chosen & ((uint64_t)1 << o)))
                continue;
            if (n < max)
                out[n] = (im_reflection){st->id, st->options[o].text,
                                         st->options[o].note};
            n++;
        }
    }
    return n;
}

/* ---- Saved form ---------------------------------------------------------------- */

static int answer_is_blank(const im_answer *a)
{
    return a->status == IM_STATUS_UNSEEN && !a->text && !a->n_rungs &&
           !a->started_ms && !a->elapsed_ms;
}

static void answer_save(im_wbuf *w, const im_answer *a)
{
    im_wbuf_u8(w, (unsigned)a->status);
    im_wbuf_text(w, a->text);
    im_wbuf_i64(w, (int64_t)a->chosen);
    im_wbuf_u8(w, (unsigned)(a->scale + 1));
    im_wbuf_u32(w, (uint32_t)a->n_rungs);
    for (size_t i = 0; i < a->n_rungs; i++) {
        im_wbuf_text(w, a->rungs[i].text);
        im_wbuf_u8(w, (unsigned)a->rungs[i].before);
        im_wbuf_u8(w, (unsigned)a->rungs[i].done);
        im_wbuf_u8(w, (unsigned)(a->rungs[i].after + 1));
    }
    im_wbuf_i64(w, a->started_ms);
    im_wbuf_u32(w, (uint32_t)a->elapsed_ms);
    im_wbuf_u8(w, (unsigned)a->completed);
    im_wbuf_u8(w, (unsigned)a->match);
}

void im_sheet_save(im_wbuf *w, const im_exercise *ex, const im_sheet *s)
{
    uint32_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += !answer_is_blank(&s->a[i]);
    im_wbuf_u32(w, n);
    for (size_t i = 0; i < s->n && i < ex->n_steps; i++) {
        if (answer_is_blank(&s->a[i]))
            continue;
        im_wbuf_text(w, ex->steps[i].id);
        answer_save(w, &s->a[i]);
    }
}

/* Decode one answer; on any error r->err is set and a is left clean. */
static void answer_load(im_rbuf *r, im_answer *a)
{
    answer_reset(a);
    a->status = (im_step_status)im_rbuf_u8(r);
    a->text = im_rbuf_text(r, IM_ANSWER_TEXT_MAX, NULL);
    a->chosen = (uint64_t)im_rbuf_i64(r);
    a->scale = (int)im_rbuf_u8(r) - 1;
    uint32_t n = im_rbuf_u32(r);
    if (n > IM_LADDER_RUNGS_MAX)
        r->err = 1;
    if (!r->err && n) {
        a->rungs = calloc(n, sizeof *a->rungs);
        if (!a->rungs)
            r->err = 1;
        else
            a->n_rungs = n;
    }
    for (size_t i = 0; !r->err && i < a->n_rungs; i++) {
        a->rungs[i].text = im_rbuf_text(r, IM_RUNG_TEXT_MAX, NULL);
        a->rungs[i].before = (int)im_rbuf_u8(r);
        a->rungs[i].done = (int)im_rbuf_u8(r);
        a->rungs[i].after = (int)im_rbuf_u8(r) - 1;
        if (!a->rungs[i].text || a->rungs[i].before > IM_SCALE_MAX ||
            a->rungs[i].done > 1 || a->rungs[i].after > IM_SCALE_MAX)
            r->err = 1;
    }
    a->started_ms = im_rbuf_i64(r);
    a->elapsed_ms = (int)im_rbuf_u32(r);
    a->completed = (int)im_rbuf_u8(r);
    a->match = (im_match)im_rbuf_u8(r);
    if (a->status > IM_STATUS_NOT_NOW || a->scale > IM_SCALE_MAX ||
        a->match > IM_MATCH_NOT_NOW || a->completed > 1 || a->started_ms < 0 ||
        a->elapsed_ms < 0)
        r->err = 1;
    if (r->err)
        im_answer_clear(a);
}

/* Whether a decoded answer fits the step it is for (content may have
 * changed since it was saved). */
static int answer_fits(const im_step *st, const im_answer *a)
{
    if (a->chosen &&
        (st->kind != IM_STEP_PROMPT || (a->chosen & ~options_mask(st))))
        return 0;
    if (a->text && !is_prompt(st, IM_ANSWER_TEXT))
        return 0;
    if (a->scale >= 0 && !is_prompt(st, IM_ANSWER_SCALE))
        return 0;
    if (a->n_rungs && !is_prompt(st, IM_ANSWER_LADDER))
        return 0;
    if (a->match && !is_prompt(st, IM_ANSWER_MATCH))
        return 0;
    if ((a->started_ms || a->elapsed_ms || a->completed) && !is_timed(st))
        return 0;
    return 1;
}

im_rc im_sheet_load(im_rbuf *r, const im_exercise *ex, im_sheet *s)
{
    uint32_t n = im_rbuf_u32(r);
    if (n > ex->n_steps + 1024u)
        r->err = 1;
    for (uint32_t k = 0; k < n && !r->err; k++) {
        char id[IM_CONTENT_ID_MAX + 32];
        im_rbuf_id(r, id, sizeof id);
        im_answer a;
        answer_load(r, &a);
        if (r->err)
            break;
        size_t i = im_exercise_step_index(ex, id);
        if (i < ex->n_steps && i < s->n && answer_fits(&ex->steps[i], &a)) {
            im_answer_clear(&s->a[i]);
            s->a[i] = a;
        } else {
            im_answer_clear(&a); /* the step is gone or changed */
        }
    }
    return r->err ? IM_ERR_DAMAGED : IM_OK;
}

im_rc im_sheet_scan_ladder(im_rbuf *r, im_answer *out)
{
    memset(out, 0, sizeof *out);
    answer_reset(out);
    uint32_t n = im_rbuf_u32(r);
    if (n > IM_SHEET_SCAN_MAX)
        r->err = 1;
    for (uint32_t k = 0; k < n && !r->err; k++) {
        char id[IM_CONTENT_ID_MAX + 32];
        im_rbuf_id(r, id, sizeof id);
        im_answer a;
        answer_load(r, &a);
        if (!r->err && a.n_rungs && !out->n_rungs)
            *out = a; /* the first ladder: one per exercise as shipped */
        else
            im_answer_clear(&a);
    }
    if (r->err)
        im_answer_clear(out);
    return r->err ? IM_ERR_DAMAGED : IM_OK;
}
