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
 * leaves behind; the caller wipes the result.
 */
#include <stdio.h>
#include <string.h>

#include "engine_internal.h"
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

/* One answered step; 0 if it has nothing to show. */
static int put_answer(im_wbuf *w, const im_step *st, const im_answer *a)
{
    if (st->kind != IM_STEP_PROMPT || a->status != IM_STATUS_ANSWERED)
        return 0;
    switch (st->answer) {
    case IM_ANSWER_TEXT:
        if (!a->text || !*a->text)
            return 0;
        put_question(w, st);
        put_answer_lines(w, a->text);
        return 1;
    case IM_ANSWER_ONE:
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST:
        put_question(w, st);
        if (a->chosen)
            put_choices(w, st, a->chosen);
        else
            im_md_put(w, "Nothing ticked.\n\n");
        return 1;
    case IM_ANSWER_SCALE:
        if (a->scale < 0)
            return 0;
        put_question(w, st);
        put_scale(w, st, a->scale);
        return 1;
    case IM_ANSWER_LADDER:
        if (!a->n_rungs)
            return 0;
        put_question(w, st);
        put_ladder(w, a);
        return 1;
    case IM_ANSWER_TIMER:
    case IM_ANSWER_BREATHING:
        put_question(w, st);
        im_md_put(w, a->completed ? "Done.\n\n" : "Started, not finished.\n\n");
        return 1;
    default: /* none; match and consent belong to couple sessions */ return 0;
    }
}

static void put_heading(im_wbuf *w, const im_run *r)
{
    const im_exercise *ex = im_run_exercise(r);
    im_md_put(w, "### ");
    im_md_put_one_line(w, ex->title ? ex->title : ex->id);
    if (ex->item && ex->item->title &&
        (!ex->title || strcmp(ex->item->title, ex->title))) {
        im_md_put(w, " (");
        im_md_put_one_line(w, ex->item->title);
        im_md_put(w, ")");
    }
    im_md_put(w, "\n\n");
    int64_t when = im_run_changed_ms(r);
    if (when > 0) {
        char day[11];
        im_export_day_text(im_day_from_ms(when, im_local_tz_offset_min(when)),
                           day);
        im_md_put(w, im_run_finished(r) ? "Finished, last worked on "
                                        : "In progress, last worked on ");
        im_md_put(w, day);
        im_md_put(w, ".\n\n");
    } else {
        im_md_put(w, im_run_finished(r) ? "Finished.\n\n" : "In progress.\n\n");
    }
}

im_rc im_run_render_markdown(void *lib, const unsigned char *data, size_t len,
                             int64_t *when_ms, char **markdown)
{
    if (!lib || !data || !when_ms || !markdown)
        return IM_ERR_INVALID;
    *markdown = NULL;
    *when_ms = 0;
    im_run *r = NULL;
    im_rc rc = im_run_load(lib, data, len, NULL, &r);
    if (rc != IM_OK)
        return rc;
    const im_exercise *ex = im_run_exercise(r);
    im_wbuf w = {0};
    put_heading(&w, r);
    size_t shown = 0;
    for (size_t i = 0; i < ex->n_steps; i++)
        shown += (size_t)put_answer(&w, &ex->steps[i], im_run_answer(r, i));
    im_wbuf_raw(&w, "", 1); /* the NUL */
    *when_ms = im_run_changed_ms(r);
    im_run_free(r);
    if (shown == 0) {
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
