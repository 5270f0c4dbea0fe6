/*
 * engine_export.c -- a saved solo run as readable Markdown, for the export
 * (engine.h, "Readable export of a solo run"; export.h).
 *
 * The run is loaded like any other (im_run_load against the library, steps
 * matched by id) and walked in step order; the content names the prompts,
 * the run gives the answers.  Only solo runs come here: couple sessions
 * are IM_KIND_COUPLE records, which the export never reads, so neither
 * partner's private answers can appear.
 *
 * The text is built in the engine's wbuf, which wipes every buffer it
 * leaves behind; the caller wipes the result.  A timer or breathing step
 * says how long it ran; a run's heading, the time spent in all of them.
 */
#include <stdio.h>
#include <string.h>

#include "atomic_file.h"
#include "engine_internal.h"
#include "innermost/vault.h"
#include "innermost/wipe.h"
#include "markdown.h"
#include "innermost/export.h"

/* The person's words as written, then the paragraph's end. */
static void put_answer_lines(im_wbuf *w, const char *s)
{
    im_md_put_lines(w, s);
    im_md_put(w, "\n\n");
}

static void put_int(im_wbuf *w, int v)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%d", v);
    im_md_put(w, buf);
}

/* The question: the prompt's paragraphs, bold. */
static void put_question(im_wbuf *w, const im_step *st)
{
    for (size_t i = 0; i < st->text.n; i++) {
        im_md_put(w, i ? " " : "**");
        im_md_put_one_line(w, st->text.v[i].text);
    }
    im_md_put(w, st->text.n ? "**\n\n" : "");
}

static void put_choices(im_wbuf *w, const im_step *st, uint64_t chosen)
{
    for (size_t i = 0; i < st->n_options && i < 64; i++) {
        if (!(chosen & (UINT64_C(1) << i)))
            continue;
        im_md_put(w, "- ");
        im_md_put_one_line(w, st->options[i].text);
        im_md_put(w, "\n");
    }
    im_md_put(w, "\n");
}

static void put_scale(im_wbuf *w, const im_step *st, int value)
{
    put_int(w, value);
    im_md_put(w, " of 10");
    if (st->low && st->high) {
        im_md_put(w, " (0: ");
        im_md_put_one_line(w, st->low);
        im_md_put(w, "; 10: ");
        im_md_put_one_line(w, st->high);
        im_md_put(w, ")");
    }
    im_md_put(w, "\n\n");
}

static void put_ladder(im_wbuf *w, const im_answer *a)
{
    for (size_t i = 0; i < a->n_rungs; i++) {
        const im_rung *g = &a->rungs[i];
        put_int(w, (int)i + 1);
        im_md_put(w, ". ");
        im_md_put_one_line(w, g->text);
        im_md_put(w, " -- discomfort ");
        put_int(w, g->before);
        if (g->done && g->after >= 0) {
            im_md_put(w, " before, ");
            put_int(w, g->after);
            im_md_put(w, " after (done)");
        } else if (g->done) {
            im_md_put(w, " (done)");
        } else {
            im_md_put(w, " (not done yet)");
        }
        im_md_put(w, "\n");
    }
    im_md_put(w, "\n");
}

/* The time a timer or breathing step ran: the whole step when it ran to
 * the end, the time done when stopped early, else 0 (still running when
 * saved: how long is not known). */
static int64_t step_practice_ms(const im_step *st, const im_answer *a)
{
    if (a->completed)
        return a->elapsed_ms > 0 ? a->elapsed_ms : im_step_duration_ms(st);
    return a->elapsed_ms > 0 ? a->elapsed_ms : 0;
}

static void put_timed(im_wbuf *w, const im_step *st, const im_answer *a)
{
    int64_t done = step_practice_ms(st, a);
    if (a->completed) {
        im_md_put(w, "Done: ");
        im_md_put_duration(w, done);
    } else if (done > 0) {
        im_md_put(w, "Stopped after ");
        im_md_put_duration(w, done);
        im_md_put(w, " of ");
        im_md_put_duration(w, im_step_duration_ms(st));
    } else {
        im_md_put(w, "Started, not finished");
    }
    im_md_put(w, ".\n\n");
}

/* 1 if step st's answer a has something to show (a prompt answered with
 * words, choices, a rating, rungs or a timer started). */
static int has_answer(const im_step *st, const im_answer *a)
{
    if (st->kind != IM_STEP_PROMPT || a->status != IM_STATUS_ANSWERED)
        return 0;
    switch (st->answer) {
    case IM_ANSWER_TEXT: return a->text && *a->text;
    case IM_ANSWER_ONE:
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST:
    case IM_ANSWER_TIMER:
    case IM_ANSWER_BREATHING: return 1;
    case IM_ANSWER_SCALE: return a->scale >= 0;
    case IM_ANSWER_LADDER: return a->n_rungs > 0;
    default: /* none; match and consent belong to couple sessions */ return 0;
    }
}

/* One answered step (has_answer): its question and the answer. */
static void put_answer(im_wbuf *w, const im_step *st, const im_answer *a)
{
    put_question(w, st);
    switch (st->answer) {
    case IM_ANSWER_TEXT: put_answer_lines(w, a->text); break;
    case IM_ANSWER_SCALE: put_scale(w, st, a->scale); break;
    case IM_ANSWER_LADDER: put_ladder(w, a); break;
    case IM_ANSWER_TIMER:
    case IM_ANSWER_BREATHING: put_timed(w, st, a); break;
    default:
        if (a->chosen)
            put_choices(w, st, a->chosen);
        else
            im_md_put(w, "Nothing ticked.\n\n");
        break;
    }
}

/* How many prompts of r have an answer to show, and the time spent in its
 * timed steps. */
static size_t run_answered(const im_run *r, int64_t *practice_ms)
{
    const im_exercise *ex = im_run_exercise(r);
    size_t n = 0;
    *practice_ms = 0;
    for (size_t i = 0; i < ex->n_steps; i++) {
        const im_step *st = &ex->steps[i];
        const im_answer *a = im_run_answer(r, i);
        if (!has_answer(st, a))
            continue;
        n++;
        if (st->answer == IM_ANSWER_TIMER || st->answer == IM_ANSWER_BREATHING)
            *practice_ms += step_practice_ms(st, a);
    }
    return n;
}

/* "Exercise (Item)": the item's title only when it says something more. */
static void put_title(im_wbuf *w, const im_exercise *ex)
{
    im_md_put_one_line(w, ex->title ? ex->title : ex->id);
    if (ex->item && ex->item->title &&
        (!ex->title || strcmp(ex->item->title, ex->title))) {
        im_md_put(w, " (");
        im_md_put_one_line(w, ex->item->title);
        im_md_put(w, ")");
    }
}

static void put_heading(im_wbuf *w, const im_run *r, int64_t practice_ms)
{
    im_md_put(w, "### ");
    put_title(w, im_run_exercise(r));
    im_md_put(w, "\n\n");
    int64_t when = im_run_changed_ms(r);
    if (when > 0) {
        char day[11];
        im_export_day_text(im_day_from_ms(when, im_local_tz_offset_min(when)),
                           day);
        im_md_put(w, im_run_finished(r) ? "Finished, last worked on "
                                        : "In progress, last worked on ");
        im_md_put(w, day);
        im_md_put(w, ".");
    } else {
        im_md_put(w, im_run_finished(r) ? "Finished." : "In progress.");
    }
    if (practice_ms > 0) {
        im_md_put(w, " Time spent practising: ");
        im_md_put_duration(w, practice_ms);
        im_md_put(w, ".");
    }
    im_md_put(w, "\n\n");
}

/* Only how much was answered, for an export without the answers. */
static void put_summary(im_wbuf *w, size_t answered)
{
    im_md_put(w, "Answered ");
    put_int(w, (int)answered);
    im_md_put(w, answered == 1 ? " question" : " questions");
    im_md_put(w, " (answers not included).\n\n");
}

/* A saved run loaded against lib; IM_ERR_NOT_FOUND when its exercise is
 * gone (the run stays in the vault). */
static im_rc load_run(const im_library *lib, const unsigned char *data,
                      size_t len, im_run **r)
{
    if (!lib || !data)
        return IM_ERR_INVALID;
    return im_run_load(lib, data, len, NULL, r);
}

im_rc im_export_run_markdown(const im_library *lib, const unsigned char *data,
                             size_t len, int with_answers, int64_t *when_ms,
                             char **markdown)
{
    if (!when_ms || !markdown)
        return IM_ERR_INVALID;
    *markdown = NULL;
    *when_ms = 0;
    im_run *r = NULL;
    im_rc rc = load_run(lib, data, len, &r);
    if (rc != IM_OK)
        return rc;
    const im_exercise *ex = im_run_exercise(r);
    int64_t practice_ms;
    size_t answered = run_answered(r, &practice_ms);
    im_wbuf w = {0};
    put_heading(&w, r, practice_ms);
    if (with_answers) {
        for (size_t i = 0; i < ex->n_steps; i++)
            if (has_answer(&ex->steps[i], im_run_answer(r, i)))
                put_answer(&w, &ex->steps[i], im_run_answer(r, i));
    } else {
        put_summary(&w, answered);
    }
    im_wbuf_raw(&w, "", 1); /* the NUL */
    *when_ms = im_run_changed_ms(r);
    im_run_free(r);
    if (answered == 0) {
        im_wbuf_wipe(&w);
        return IM_ERR_NOT_FOUND;
    }
    unsigned char *out;
    size_t n;
    rc = im_state_take(&w, &out, &n);
    if (rc == IM_OK)
        *markdown = (char *)out;
    return rc;
}

im_rc im_run_render_markdown(void *lib, const unsigned char *data, size_t len,
                             int64_t *when_ms, char **markdown)
{
    return im_export_run_markdown(lib, data, len, 1, when_ms, markdown);
}

/* The whole text at path, or nothing there. */
static im_rc write_whole(const char *path, const char *text)
{
    im_atomic_file f;
    im_rc rc = im_atomic_file_open(&f, path);
    if (rc != IM_OK)
        return rc;
    rc = im_atomic_file_write(&f, text, strlen(text));
    if (rc != IM_OK) {
        im_atomic_file_abort(&f);
        return rc;
    }
    return im_atomic_file_commit(&f);
}

im_rc im_run_export_write(const im_library *lib, im_vault *v, int64_t run_id,
                          const char *path)
{
    if (!lib || !v || !path || !path[0])
        return IM_ERR_INVALID;
    im_buf b = {0};
    im_rc rc = im_record_get(v, IM_KIND_RUN, run_id, &b);
    if (rc != IM_OK)
        return rc;
    char *md = NULL;
    int64_t when_ms = 0;
    /* the renderer's context is the library, read only (im_export_run_fn) */
    rc = im_run_render_markdown((void *)lib, b.data, b.len, &when_ms, &md);
    im_buf_free(&b);
    if (rc != IM_OK)
        return rc;
    rc = write_whole(path, md);
    im_mem_wipe_free(md, strlen(md) + 1);
    return rc;
}

im_rc im_export_run_describe(const im_library *lib, const unsigned char *data,
                             size_t len, im_export_run_info *out)
{
    if (!out)
        return IM_ERR_INVALID;
    memset(out, 0, sizeof *out);
    im_run *r = NULL;
    im_rc rc = load_run(lib, data, len, &r);
    if (rc != IM_OK)
        return rc;
    const im_exercise *ex = im_run_exercise(r);
    out->answered = run_answered(r, &out->practice_ms);
    out->started_ms = im_run_started_ms(r);
    out->changed_ms = im_run_changed_ms(r);
    out->day = im_day_from_ms(out->changed_ms,
                              im_local_tz_offset_min(out->changed_ms));
    out->finished = im_run_finished(r);
    im_md_copy_cut(out->exercise_id, sizeof out->exercise_id, ex->id,
                   strlen(ex->id));
    im_wbuf w = {0}; /* content words only, but built like the rest */
    put_title(&w, ex);
    rc = im_wbuf_rc(&w);
    if (rc == IM_OK && w.len)
        im_md_copy_cut(out->title, sizeof out->title, (const char *)w.data,
                       w.len);
    im_wbuf_wipe(&w);
    im_run_free(r);
    if (rc == IM_OK && out->answered == 0)
        rc = IM_ERR_NOT_FOUND;
    return rc;
}
