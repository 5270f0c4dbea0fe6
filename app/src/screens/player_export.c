/* player_export.c -- see player_export.h. */
#include "screens/player_export.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "innermost/engine.h"
#include "innermost/export.h"
#include "innermost/wipe.h"

/* A growing text whose old copies are wiped (it holds answers). */
typedef struct md {
    char *s;
    size_t len, cap;
    int failed;
} md;

static void md_add(md *m, const char *fmt, ...)
{
    if (m->failed) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        m->failed = 1;
        return;
    }
    if (m->len + (size_t)n + 1 > m->cap) {
        size_t cap = (m->cap ? m->cap * 2 : 1024) + (size_t)n;
        char *s = malloc(cap);
        if (!s) {
            m->failed = 1;
            return;
        }
        if (m->s) {
            memcpy(s, m->s, m->len + 1);
            im_mem_wipe(m->s, m->cap);
            free(m->s);
        }
        m->s = s, m->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(m->s + m->len, m->cap - m->len, fmt, ap);
    va_end(ap);
    m->len += (size_t)n;
}

static void add_answer(md *m, const im_step *st, const im_answer *a)
{
    switch (st->answer) {
    case IM_ANSWER_TEXT: md_add(m, "%s\n", a->text ? a->text : ""); break;
    case IM_ANSWER_ONE:
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST:
        for (size_t i = 0; i < st->n_options && i < 64; i++)
            if ((a->chosen >> i) & 1u) md_add(m, "- %s\n", st->options[i].text);
        break;
    case IM_ANSWER_SCALE:
        md_add(m, "%d (0: %s, 10: %s)\n", a->scale, st->low ? st->low : "", st->high ? st->high : "");
        break;
    case IM_ANSWER_LADDER:
        for (size_t i = 0; i < a->n_rungs; i++) {
            if (a->rungs[i].done)
                md_add(m, "%zu. %s (discomfort %d, then %d)\n", i + 1, a->rungs[i].text, a->rungs[i].before,
                       a->rungs[i].after);
            else md_add(m, "%zu. %s (discomfort %d)\n", i + 1, a->rungs[i].text, a->rungs[i].before);
        }
        break;
    case IM_ANSWER_TIMER:
    case IM_ANSWER_BREATHING: md_add(m, "%s\n", a->completed ? "Done." : "Started."); break;
    default: break;
    }
}

static im_rc render_run(void *ctx, const unsigned char *data, size_t len, int64_t *when_ms, char **markdown)
{
    ui_app *app = ctx;
    im_run *r = NULL;
    *when_ms = 0;
    *markdown = NULL;
    if (!ui_app_content(app) || im_run_load(ui_app_content(app), data, len, NULL, &r) != IM_OK) return IM_ERR_NOT_FOUND;
    const im_exercise *ex = im_run_exercise(r);
    md m = { 0 };
    int answered = 0;
    md_add(&m, "### %s\n\n", ex->title);
    for (size_t i = 0; i < ex->n_steps; i++) {
        const im_step *st = &ex->steps[i];
        const im_answer *a = im_run_answer(r, i);
        if (st->kind != IM_STEP_PROMPT || !a || a->status != IM_STATUS_ANSWERED) continue;
        answered++;
        md_add(&m, "**%s**\n\n", st->text.n ? st->text.v[0].text : st->id);
        add_answer(&m, st, a);
        md_add(&m, "\n");
    }
    im_run_free(r);
    if (m.failed || !answered) {
        if (m.s) {
            im_mem_wipe(m.s, m.cap);
            free(m.s);
        }
        return m.failed ? IM_ERR_NOMEM : IM_ERR_NOT_FOUND;
    }
    *markdown = m.s;
    return IM_OK;
}

void ui_player_export_install(ui_session *s, ui_app *app)
{
    s->export_run = render_run;
    s->export_run_ctx = app;
}
