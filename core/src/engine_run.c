/*
 * engine_run.c -- the solo run: one person walking one exercise.
 *
 * State: the step index (n_steps means finished), a paused flag set by
 * "not now", and the sheet of answers.  Every changing call ends in
 * run_changed(), which saves the run to the vault when one is attached.
 *
 * Saved form (record_codec.h, sequential):
 *   u32 IM_RUN_MAGIC, str exercise id, str current step id (absent when
 *   finished), u8 paused, sheet, i64 started_ms, i64 changed_ms, then the
 *   breathing choices: u32 count, and for each step with one its str step
 *   id, u8 pace, u8 minutes.  States saved before the choices were kept
 *   (IM_RUN_MAGIC_V2) end after the times and load with none; those saved
 *   before the times were kept (IM_RUN_MAGIC_V1) end after the sheet and
 *   load with both times 0.
 */
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "innermost/contract.h"
#include "innermost/ladder.h"

struct im_run {
    const im_exercise *ex;
    im_clock clock;
    size_t index;
    int paused;
    im_sheet sheet;
    im_vault *vault;
    int64_t record_id;
    int64_t started_ms; /* when the run was started (0: not known)       */
    int64_t changed_ms; /* the last change (0: not known)                */
    int listening;      /* registered as the vault's lock listener       */
    int unsaved;        /* the last save failed                          */
    int wiped;          /* the vault locked: answers wiped, saves refused */
    int log_pending;    /* finished: log the practice with the next save  */
    int log_on;         /* log the finish (im_run_log_progress)           */
    int logged;         /* this run's finish is in the progress log       */
    int ladder_dirty;   /* the person's ladder is to be saved from ...    */
    size_t ladder_at;   /* ... the answer of this step                    */
};

static void run_on_lock(void *ctx, im_vault *v, int closing);

static im_run *run_new(const im_exercise *ex, const im_clock *clock)
{
    im_run *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->ex = ex;
    r->clock = clock ? *clock : im_clock_system();
    if (im_sheet_init(&r->sheet, ex->n_steps) != IM_OK) {
        free(r);
        return NULL;
    }
    return r;
}

im_rc im_run_start(const im_exercise *ex, const im_clock *clock, im_run **out)
{
    *out = NULL;
    if (!ex || ex->n_steps == 0)
        return IM_ERR_INVALID;
    im_run *r = run_new(ex, clock);
    if (!r)
        return IM_ERR_NOMEM;
    r->started_ms = r->changed_ms = im_clock_now_ms(&r->clock);
    *out = r;
    return IM_OK;
}

void im_run_free(im_run *r)
{
    if (!r)
        return;
    im_engine_unbind(r->vault, &r->listening, run_on_lock, r);
    im_sheet_free(&r->sheet);
    free(r);
}

static int64_t now_ms(const im_run *r)
{
    return im_clock_now_ms(&r->clock);
}

/* The events a finished run logs (im_run_progress_logged): its path
 * step, if it is one, then the practice.  Returns how many. */
static size_t run_finish_events(const im_run *r, im_progress_event *e)
{
    size_t n = 0;
    const im_item *item = r->ex->item;
    if (item && item->kind == IM_ITEM_PATH)
        e[n++] = im_progress_event_make(IM_PROGRESS_PATH_STEP, item->id, NULL);
    e[n++] = im_progress_event_make(IM_PROGRESS_PRACTICE, r->ex->id, NULL);
    return n;
}

/* The run's saved state data and events, with the person's ladder as this
 * run's ladder answer has it, in one transaction (ladder.h). */
static im_rc store_with_ladder(im_run *r, const unsigned char *data, size_t len,
                               const im_progress_event *events, size_t n)
{
    im_ladder old;
    int64_t ladder_id = 0;
    im_rc rc = im_ladder_read(r->vault, &old, &ladder_id);
    im_ladder_free(&old);
    if (rc != IM_OK && rc != IM_ERR_DAMAGED)
        return rc; /* a damaged record is replaced by this one */
    unsigned char *ladder;
    size_t ladder_len;
    rc = im_ladder_encode(&r->sheet.a[r->ladder_at], &ladder, &ladder_len);
    if (rc != IM_OK)
        return rc;
    rc = im_engine_store_also(r->vault, IM_KIND_RUN, &r->record_id, data, len,
                              events, n, IM_KIND_LADDER, &ladder_id, ladder,
                              ladder_len);
    im_state_free(ladder, ladder_len);
    if (rc == IM_OK)
        r->ladder_dirty = 0;
    return rc;
}

/* Save to the vault when attached, with the finish's events when they
 * are due and extra (an event of this change, n_extra of them) in the
 * same transaction.  The in-memory change stands either way; a failed
 * save is reported so the caller can retry. */
static im_rc run_store(im_run *r, const im_progress_event *extra,
                       size_t n_extra)
{
    if (r->wiped)
        return IM_ERR_LOCKED; /* never save the emptied sheet over the record */
    r->changed_ms = now_ms(r);
    if (!r->vault)
        return IM_OK;
    unsigned char *data;
    size_t len;
    im_progress_event events[3];
    size_t n = r->log_pending ? run_finish_events(r, events) : 0;
    IM_ASSERT(n + n_extra <= sizeof events / sizeof events[0]);
    for (size_t i = 0; i < n_extra; i++)
        events[n++] = extra[i];
    im_rc rc = im_run_save(r, &data, &len);
    if (rc == IM_OK) {
        rc = r->ladder_dirty
                 ? store_with_ladder(r, data, len, events, n)
                 : im_engine_store(r->vault, IM_KIND_RUN, &r->record_id, data,
                                   len, events, n);
        im_state_free(data, len);
    }
    if (rc == IM_OK && r->log_pending) {
        r->log_pending = 0;
        r->logged = 1;
    }
    r->unsaved = rc != IM_OK;
    im_mem_wipe(events, sizeof events); /* a rung's own words */
    return rc;
}

static im_rc run_changed(im_run *r)
{
    return run_store(r, NULL, 0);
}

int im_run_progress_logged(const im_run *r)
{
    return r->logged;
}

void im_run_log_progress(im_run *r, int on)
{
    r->log_on = on != 0;
    if (!r->log_on)
        r->log_pending = 0;
}

const im_exercise *im_run_exercise(const im_run *r)
{
    return r->ex;
}
size_t im_run_index(const im_run *r)
{
    return r->index;
}
int im_run_finished(const im_run *r)
{
    return r->index >= r->ex->n_steps;
}
int im_run_paused(const im_run *r)
{
    return r->paused;
}
int64_t im_run_started_ms(const im_run *r)
{
    return r->started_ms;
}
int64_t im_run_changed_ms(const im_run *r)
{
    return r->changed_ms;
}

const im_step *im_run_step(const im_run *r)
{
    return im_run_finished(r) ? NULL : &r->ex->steps[r->index];
}

const im_answer *im_run_answer(const im_run *r, size_t i)
{
    return i < r->sheet.n ? &r->sheet.a[i] : NULL;
}

/* The current answer, or NULL when the run cannot take one now. */
static im_answer *current(im_run *r)
{
    if (r->paused || im_run_finished(r))
        return NULL;
    return &r->sheet.a[r->index];
}

/*
 * The step just entered is a ladder prompt: it shows the person's ladder
 * as it is now (ladder.h), not a copy this run saved earlier.  Not for a
 * run without a vault, nor while a change of its own ladder waits to be
 * saved (that change is the newer one).  A ladder that cannot be read
 * leaves the run's own rungs.
 */
static void enter_ladder(im_run *r)
{
    const im_step *st = im_run_step(r);
    if (!r->vault || r->wiped || r->ladder_dirty || !st ||
        st->kind != IM_STEP_PROMPT || st->answer != IM_ANSWER_LADDER)
        return;
    im_ladder l;
    int64_t id;
    if (im_ladder_read(r->vault, &l, &id) == IM_OK && (id || l.n))
        (void)im_answer_from_ladder(&r->sheet.a[r->index], &l);
    im_ladder_free(&l);
}

static im_rc leave_current(im_run *r, im_step_status mark)
{
    im_answer *a = current(r);
    if (!a)
        return IM_ERR_STATE;
    /* an answer given stays given: skipping past it loses no words */
    if (a->status != IM_STATUS_ANSWERED) {
        if (mark == IM_STATUS_SKIPPED)
            a->status = IM_STATUS_SKIPPED;
        else if (a->status == IM_STATUS_UNSEEN ||
                 a->status == IM_STATUS_NOT_NOW)
            a->status = IM_STATUS_SEEN;
    }
    r->index++;
    if (im_run_finished(r) && r->vault && r->log_on && !r->logged)
        r->log_pending = 1;
    enter_ladder(r);
    return run_changed(r);
}

im_rc im_run_next(im_run *r)
{
    return leave_current(r, IM_STATUS_SEEN);
}

im_rc im_run_skip(im_run *r)
{
    return leave_current(r, IM_STATUS_SKIPPED);
}

im_rc im_run_back(im_run *r)
{
    if (r->paused || r->index == 0)
        return IM_ERR_STATE;
    r->index--;
    enter_ladder(r);
    return run_changed(r);
}

im_rc im_run_not_now(im_run *r)
{
    im_answer *a = current(r);
    if (!a)
        return IM_ERR_STATE;
    if (a->status != IM_STATUS_ANSWERED)
        a->status = IM_STATUS_NOT_NOW;
    r->paused = 1;
    return run_changed(r);
}

im_rc im_run_resume(im_run *r)
{
    if (!r->paused)
        return IM_ERR_STATE;
    r->paused = 0;
    return run_changed(r);
}

/* ---- Answers ------------------------------------------------------------ */

/* Apply a setter's result: save on success. */
static im_rc answered(im_run *r, im_rc rc)
{
    return rc == IM_OK ? run_changed(r) : rc;
}

im_rc im_run_answer_text(im_run *r, const char *utf8)
{
    im_answer *a = current(r);
    return a ? answered(r, im_answer_set_text(im_run_step(r), a, utf8))
             : IM_ERR_STATE;
}

im_rc im_run_answer_choices(im_run *r, uint64_t chosen)
{
    im_answer *a = current(r);
    return a ? answered(r, im_answer_set_choices(im_run_step(r), a, chosen))
             : IM_ERR_STATE;
}

im_rc im_run_answer_scale(im_run *r, int value)
{
    im_answer *a = current(r);
    return a ? answered(r, im_answer_set_scale(im_run_step(r), a, value))
             : IM_ERR_STATE;
}

/* The run's ladder answer changed: the person's ladder follows with the
 * save (store_with_ladder). */
static void ladder_changed(im_run *r)
{
    r->ladder_dirty = 1; /* also before an attach: then saved with it */
    r->ladder_at = r->index;
}

im_rc im_run_answer_ladder(im_run *r, const char *const *texts,
                           const int *before, size_t n)
{
    im_answer *a = current(r);
    if (!a)
        return IM_ERR_STATE;
    im_rc rc = im_answer_set_ladder(im_run_step(r), a, texts, before, n);
    if (rc == IM_OK)
        ladder_changed(r);
    return answered(r, rc);
}

im_rc im_run_ladder_done(im_run *r, size_t rung, int after)
{
    im_answer *a = current(r);
    if (!a)
        return IM_ERR_STATE;
    const im_step *st = im_run_step(r);
    int before = rung < a->n_rungs ? a->rungs[rung].before : 0;
    im_rc rc = im_answer_ladder_done(st, a, rung, after);
    if (rc == IM_OK)
        ladder_changed(r); /* the rung's rating is now after */
    if (rc != IM_OK || !r->log_on)
        return rc == IM_OK ? run_changed(r) : rc;
    /* the try, with its discomfort before and after, is logged with the
     * save that marks the rung: both or neither survive a crash */
    im_progress_event e = im_progress_event_make(
        IM_PROGRESS_LADDER_STEP, r->ex->id, a->rungs[rung].text);
    e.before = before;
    e.after = after;
    rc = run_store(r, &e, 1);
    im_mem_wipe(&e, sizeof e);
    return rc;
}

/* A rung's own change: saved, with the person's ladder, on success. */
static im_rc rung_changed(im_run *r, im_rc rc)
{
    if (rc == IM_OK)
        ladder_changed(r);
    return answered(r, rc);
}

im_rc im_run_ladder_rename(im_run *r, size_t rung, const char *text)
{
    im_answer *a = current(r);
    return a ? rung_changed(
                   r, im_answer_ladder_rename(im_run_step(r), a, rung, text))
             : IM_ERR_STATE;
}

im_rc im_run_ladder_remove(im_run *r, size_t rung)
{
    im_answer *a = current(r);
    return a ? rung_changed(r, im_answer_ladder_remove(im_run_step(r), a, rung))
             : IM_ERR_STATE;
}

im_rc im_run_timer_start(im_run *r)
{
    im_answer *a = current(r);
    return a ? answered(r, im_answer_timer_start(im_run_step(r), a, now_ms(r)))
             : IM_ERR_STATE;
}

im_rc im_run_timer_status(im_run *r, im_timer_status *out)
{
    memset(out, 0, sizeof *out);
    im_answer *a = current(r);
    const im_step *st = im_run_step(r);
    if (!a || !st || st->kind != IM_STEP_PROMPT ||
        (st->answer != IM_ANSWER_TIMER && st->answer != IM_ANSWER_BREATHING))
        return IM_ERR_STATE;
    if (im_answer_timer_status(st, a, now_ms(r), out))
        return run_changed(r);
    return IM_OK;
}

im_rc im_run_timer_stop(im_run *r)
{
    im_answer *a = current(r);
    return a ? answered(r, im_answer_timer_stop(im_run_step(r), a, now_ms(r)))
             : IM_ERR_STATE;
}

im_rc im_run_breath_choose(im_run *r, int pace, int minutes)
{
    im_answer *a = current(r);
    if (!a)
        return IM_ERR_STATE;
    im_rc rc = im_answer_breath_choose(im_run_step(r), a, pace, minutes);
    return rc == IM_OK ? run_changed(r) : rc;
}

static int step_is_timed(const im_step *st)
{
    return st && st->kind == IM_STEP_PROMPT &&
           (st->answer == IM_ANSWER_TIMER || st->answer == IM_ANSWER_BREATHING);
}

im_rc im_run_guided_advance(im_run *r)
{
    im_timer_status t;
    if (!r->ex->guided || !step_is_timed(im_run_step(r)) ||
        im_run_timer_status(r, &t) != IM_OK || !t.completed || t.running)
        return IM_ERR_STATE;
    im_rc rc = im_run_next(r);
    if (rc == IM_OK && step_is_timed(im_run_step(r))) {
        const im_answer *a = im_run_answer(r, im_run_index(r));
        /* a step done before (the person went back) is not run again */
        if (a && !a->completed)
            rc = im_run_timer_start(r);
    }
    return rc;
}

size_t im_run_summary(const im_run *r, im_reflection *out, size_t max)
{
    return im_sheet_summary(r->ex, &r->sheet, im_run_step(r), out, max);
}

/* ---- Saved form --------------------------------------------------------------- */

/* The breathing choices kept apart from the sheet (couple states share
 * the sheet's form and have no breathing). */
static void save_choices(im_wbuf *w, const im_run *r)
{
    uint32_t n = 0;
    for (size_t i = 0; i < r->sheet.n; i++)
        n += r->sheet.a[i].pace || r->sheet.a[i].minutes;
    im_wbuf_u32(w, n);
    for (size_t i = 0; i < r->sheet.n && i < r->ex->n_steps; i++) {
        const im_answer *a = &r->sheet.a[i];
        if (!a->pace && !a->minutes)
            continue;
        im_wbuf_text(w, r->ex->steps[i].id);
        im_wbuf_u8(w, (unsigned)a->pace);
        im_wbuf_u8(w, (unsigned)a->minutes);
    }
}

/* Choices of steps that are gone, or no longer offer them, are dropped. */
static void load_choices(im_rbuf *rb, im_run *r)
{
    uint32_t n = im_rbuf_u32(rb);
    if (n > r->ex->n_steps + 1024u)
        rb->err = 1;
    for (uint32_t k = 0; k < n && !rb->err; k++) {
        char id[IM_CONTENT_ID_MAX + 32];
        im_rbuf_id(rb, id, sizeof id);
        int pace = (int)im_rbuf_u8(rb), minutes = (int)im_rbuf_u8(rb);
        size_t i = im_exercise_step_index(r->ex, id);
        if (rb->err || i >= r->sheet.n)
            continue;
        im_answer *a = &r->sheet.a[i];
        im_answer keep = *a;
        /* choosing is refused while running and forgets a finished run;
         * loading restores the choice under either */
        a->started_ms = 0;
        (void)im_answer_breath_choose(&r->ex->steps[i], a, pace, minutes);
        a->started_ms = keep.started_ms;
        a->elapsed_ms = keep.elapsed_ms;
        a->completed = keep.completed;
    }
}

im_rc im_run_save(const im_run *r, unsigned char **data, size_t *len)
{
    im_wbuf w = {0};
    im_wbuf_u32(&w, IM_RUN_MAGIC);
    im_wbuf_text(&w, r->ex->id);
    im_wbuf_text(&w, im_run_finished(r) ? NULL : r->ex->steps[r->index].id);
    im_wbuf_u8(&w, (unsigned)r->paused);
    im_sheet_save(&w, r->ex, &r->sheet);
    im_wbuf_i64(&w, r->started_ms);
    im_wbuf_i64(&w, r->changed_ms);
    save_choices(&w, r);
    return im_state_take(&w, data, len);
}

im_rc im_run_load(const im_library *lib, const unsigned char *data, size_t len,
                  const im_clock *clock, im_run **out)
{
    *out = NULL;
    if (!data || len > IM_RUN_STATE_MAX)
        return IM_ERR_INVALID;
    im_rbuf rb;
    im_rbuf_open(&rb, data, len);
    char exid[IM_CONTENT_ID_MAX + 32], stepid[IM_CONTENT_ID_MAX + 32];
    uint32_t magic = im_rbuf_u32(&rb);
    if (magic != IM_RUN_MAGIC && magic != IM_RUN_MAGIC_V2 &&
        magic != IM_RUN_MAGIC_V1)
        return IM_ERR_DAMAGED;
    im_rbuf_id(&rb, exid, sizeof exid);
    if (rb.err)
        return IM_ERR_DAMAGED;
    const im_exercise *ex = im_library_find_exercise(lib, exid);
    if (!ex)
        return IM_ERR_NOT_FOUND;
    /* the current step: absent (finished) is encoded as length 0xFFFFFFFF */
    size_t at = rb.pos;
    int finished = im_rbuf_u32(&rb) == 0xFFFFFFFFu;
    if (!finished) {
        rb.pos = at;
        im_rbuf_id(&rb, stepid, sizeof stepid);
    }
    unsigned paused = im_rbuf_u8(&rb);
    if (rb.err || paused > 1)
        return IM_ERR_DAMAGED;
    im_run *r = run_new(ex, clock);
    if (!r)
        return IM_ERR_NOMEM;
    /* a step that no longer exists: start over at the first step */
    r->index = finished ? ex->n_steps : im_exercise_step_index(ex, stepid);
    if (r->index >= ex->n_steps && !finished)
        r->index = 0;
    r->paused = (int)paused && !im_run_finished(r);
    im_rc rc = im_sheet_load(&rb, ex, &r->sheet);
    if (rc == IM_OK && magic != IM_RUN_MAGIC_V1) {
        r->started_ms = im_rbuf_i64(&rb);
        r->changed_ms = im_rbuf_i64(&rb);
        if (rb.err || r->started_ms < 0 || r->changed_ms < 0)
            rc = IM_ERR_DAMAGED;
    }
    if (rc == IM_OK && magic == IM_RUN_MAGIC) {
        load_choices(&rb, r);
        if (rb.err)
            rc = IM_ERR_DAMAGED;
    }
    if (rc != IM_OK) {
        im_run_free(r);
        return rc;
    }
    *out = r;
    return IM_OK;
}

/* ---- Storage --------------------------------------------------------------------- */

/*
 * The attached vault is locking: its answers must not stay in memory.  A
 * change whose save failed gets one more try while the keys are still
 * there; then every answer is wiped and the run refuses to save from now
 * on (its record keeps the last saved state; resume from it after unlock).
 * A closing vault is forgotten.
 */
static void run_on_lock(void *ctx, im_vault *v, int closing)
{
    im_run *r = ctx;
    (void)v;
    if (!closing && r->unsaved && !r->wiped)
        (void)run_changed(r);
    im_sheet_wipe(&r->sheet);
    r->wiped = 1;
    if (closing) {
        r->listening = 0;
        r->vault = NULL;
    }
}

/* Point r at v (and listen to v's lock), leaving any earlier vault. */
static im_rc run_bind(im_run *r, im_vault *v, int64_t id)
{
    r->record_id = id;
    return im_engine_bind(&r->vault, &r->listening, v, run_on_lock, r);
}

im_rc im_run_attach(im_run *r, im_vault *v, int64_t *id)
{
    if (!r || !v)
        return IM_ERR_INVALID;
    if (r->wiped)
        return IM_ERR_LOCKED;
    im_rc rc = run_bind(r, v, id ? *id : 0);
    if (rc == IM_OK) {
        enter_ladder(r);
        rc = run_changed(r);
    }
    if (id)
        *id = r->record_id;
    return rc;
}

im_rc im_run_resume_from(const im_library *lib, im_vault *v, int64_t id,
                         const im_clock *clock, im_run **out)
{
    im_buf b = {0};
    *out = NULL;
    im_rc rc = im_record_get(v, IM_KIND_RUN, id, &b);
    if (rc != IM_OK)
        return rc;
    rc = im_run_load(lib, b.data, b.len, clock, out);
    im_buf_free(&b);
    if (rc == IM_OK && (rc = run_bind(*out, v, id)) != IM_OK) {
        im_run_free(*out);
        *out = NULL;
    }
    if (rc == IM_OK)
        enter_ladder(*out); /* in memory: saved with the next change */
    return rc;
}
