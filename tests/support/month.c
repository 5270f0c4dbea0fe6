/*
 * month.c -- see month.h: a data folder as a person leaves it after a
 * month of use, written through the core API as the app drives it.
 *
 * Every step is answered by its kind (answer_step): words for text, a
 * point of the scale, one chip, timers run to their end on the fixture's
 * clock -- so the content can change without this file knowing its
 * prompts.  Errors end the process (a fixture that cannot be made is a
 * broken test set-up, not a case to handle).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "month.h"
#include "innermost/content.h"
#include "innermost/engine.h"
#include "innermost/journal.h"
#include "innermost/profile.h"
#include "innermost/progress.h"
#include "innermost/vault.h"

#define DAY_MS (INT64_C(86400000))
#define HOUR_MS (INT64_C(3600000))

typedef struct month {
    im_vault *v;
    im_journal *j;
    im_library *lib;
    int64_t now; /* the vault's and the runs' clock */
    im_clock clock;
    th_month_counts n;
} month;

static _Noreturn void fail(const char *what, im_rc rc)
{
    fprintf(stderr, "month_fixture: %s: %s\n", what, im_rc_message(rc));
    exit(1);
}

static void must(const char *what, im_rc rc)
{
    if (rc != IM_OK)
        fail(what, rc);
}

static const char *const sentences[] = {
    "Woke early and sat with a coffee before anyone else was up.",
    "Felt the old pull to keep things light when she asked how I was.",
    "Told him one small true thing about the week. Nothing bad happened.",
    "A heavy day. I noticed I went quiet instead of saying I was tired.",
    "Walked by the river at lunch; the wind helped.",
    "Noticed the urge to check my phone when we were close on the sofa.",
    "Said no to a plan and explained why. It felt strange and fine.",
    "Remembered that being careful once kept me safe. It is allowed to change.",
    "Long call with my sister. I let her help a little.",
    "Slept badly, still got up, still did the breathing.",
};

/* Answer the run's current step by its kind; timers run to their end on
 * the fixture's clock. */
static void answer_step(month *m, im_run *r, int day)
{
    const im_step *st = im_run_step(r);
    if (!st || st->kind != IM_STEP_PROMPT)
        return;
    switch (st->answer) {
    case IM_ANSWER_TEXT:
        must("text", im_run_answer_text(r, sentences[(day + (int)im_run_index(r)) % 10]));
        break;
    case IM_ANSWER_ONE:
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST:
        if (st->n_options > 0)
            must("choices", im_run_answer_choices(r, UINT64_C(1) << (day % (int)st->n_options)));
        break;
    case IM_ANSWER_SCALE: must("scale", im_run_answer_scale(r, 3 + day % 5)); break;
    case IM_ANSWER_TIMER:
    case IM_ANSWER_BREATHING: {
        must("timer", im_run_timer_start(r));
        m->now += im_step_duration_ms(st) + 1000;
        im_timer_status ts;
        must("timer status", im_run_timer_status(r, &ts));
        break;
    }
    default: break;
    }
}

/* Answer and leave each step until the end (or the ladder step, left
 * for the caller, when stop_at_ladder). */
static void walk_run(month *m, im_run *r, int day, int stop_at_ladder)
{
    while (!im_run_finished(r)) {
        const im_step *st = im_run_step(r);
        if (stop_at_ladder && st && st->answer == IM_ANSWER_LADDER)
            return;
        if (st && st->answer != IM_ANSWER_LADDER)
            answer_step(m, r, day);
        im_rc rc = im_run_next(r);
        if (rc != IM_OK)
            must("next", im_run_skip(r));
        m->now += 40000;
    }
}

/* A run of exercise id started now, attached and logging as the player
 * does; walked to its end unless stop_at_ladder (left on the ladder). */
static im_run *run_exercise(month *m, const char *id, int day, int stop_at_ladder)
{
    const im_exercise *ex = im_library_find_exercise(m->lib, id);
    if (!ex) {
        fprintf(stderr, "month_fixture: no exercise %s in the content\n", id);
        exit(1);
    }
    im_run *r = NULL;
    int64_t rid = 0;
    must("run start", im_run_start(ex, &m->clock, &r));
    im_run_log_progress(r, 1);
    must("run attach", im_run_attach(r, m->v, &rid));
    m->n.runs++;
    walk_run(m, r, day, stop_at_ladder);
    return r;
}

static void write_entry(month *m, int day, const char *title, const char *link)
{
    char body[600];
    snprintf(body, sizeof body, "%s\n\n%s", sentences[day % 10], sentences[(day * 7 + 3) % 10]);
    im_entry_fields f = {title, body, 1 + (day * 3 + 2) % 5, link, NULL, NULL};
    must("entry", im_journal_create(m->j, &f, NULL));
    m->n.entries++;
}

/* The vulnerability ladder: built in the path step, practised over weeks;
 * each try re-rates its rung a little lower. */
static void ladder_day(month *m, int day, int first)
{
    im_run *r = run_exercise(m, first ? "vulnerability-first-rungs" : "vulnerability-ladder", day, 1);
    if (first) {
        const char *rungs[] = {"Say I am tired instead of fine", "Share a song that matters to me",
                               "Ask for a hug when I want one", "Tell her about last winter"};
        int before[] = {3, 5, 7, 9};
        must("ladder", im_run_answer_ladder(r, rungs, before, 4));
        must("ladder next", im_run_next(r));
        walk_run(m, r, day, 0); /* the path step finished */
    } else {
        const im_answer *a = im_run_answer(r, im_run_index(r));
        size_t rung = a && a->n_rungs ? (size_t)(day / 7) % (a->n_rungs > 2 ? 2 : a->n_rungs) : 0;
        if (a && a->n_rungs) {
            int after = a->rungs[rung].before - 1 - day % 2;
            must("ladder try", im_run_ladder_done(r, rung, after < 0 ? 0 : after));
            m->n.tries++;
        }
    }
    im_run_free(r);
}


void th_month_make(const char *dir, const char *passphrase, int days, int64_t today_ms,
                   char recovery_code[IM_RECOVERY_CODE_SIZE], th_month_counts *out)
{
    month m = {0};
    m.clock = im_clock_fixed(&m.now);
    m.now = today_ms - (int64_t)days * DAY_MS;
    im_kdf_params kdf = im_kdf_params_min();
    char code[IM_RECOVERY_CODE_SIZE];
    must("create", im_vault_create(dir, passphrase, &kdf, code, &m.v));
    if (recovery_code)
        memcpy(recovery_code, code, IM_RECOVERY_CODE_SIZE);
    im_vault_set_clock(m.v, &m.clock);
    int64_t pid = 0;
    must("profile", im_profile_save(m.v, "Robin", "Sam", &pid, NULL));
    must("journal", im_journal_open(m.v, &m.j));
    im_diags diags;
    im_rc rc = im_content_load_embedded(&m.lib, &diags); /* the app's own content */
    if (rc != IM_OK || !m.lib)
        fail("content", rc == IM_OK ? IM_ERR_PARSE : rc);

    const im_item *path[16];
    size_t n_path = im_library_path(m.lib, path, 16);
    const char *practices[] = {"breathing-even", "thought-record", "breathing-square",  "self-check",
                               "body-scan",      "boundaries-map", "breathing-long-out"};
    for (int d = 0; d < days; d++) {
        int64_t day0 = today_ms - (int64_t)(days - d) * DAY_MS;
        m.now = day0 + 8 * HOUR_MS + (d % 3) * 1800000;
        if (d % 3 != 2) {
            int64_t cid = 0;
            must("check-in", im_progress_checkin(m.v, 1 + (d * 2 + 3) % 5, &cid));
            m.n.checkins++;
        }
        m.now = day0 + 12 * HOUR_MS;
        if (d % 3 == 0 && (size_t)m.n.path_steps < n_path) { /* a path step every third day */
            const im_item *step = path[m.n.path_steps++];
            if (step->n_exercises > 0) {
                const char *id = step->exercises[0].id;
                if (!strcmp(id, "vulnerability-first-rungs"))
                    ladder_day(&m, d, 1);
                else
                    im_run_free(run_exercise(&m, id, d, 0));
            }
        }
        m.now = day0 + 18 * HOUR_MS;
        if (d % 2 == 1)
            im_run_free(run_exercise(&m, practices[(d / 2) % 7], d, 0));
        if (d > 15 && d % 4 == 0)
            ladder_day(&m, d, 0);
        m.now = day0 + 21 * HOUR_MS;
        if (d % 5 != 4)
            write_entry(&m, d, d % 2 ? NULL : "Evening", d % 6 == 1 ? "thought-record" : NULL);
    }
    /* one practice left part-way, for "Continue" */
    m.now = today_ms - 2 * HOUR_MS;
    im_run *open = NULL;
    int64_t oid = 0;
    must("open run", im_run_start(im_library_find_exercise(m.lib, "thought-record"), &m.clock, &open));
    im_run_log_progress(open, 1);
    must("open attach", im_run_attach(open, m.v, &oid));
    must("open next", im_run_next(open));
    answer_step(&m, open, 1);
    must("open next", im_run_next(open));
    im_run_free(open);
    m.n.runs++;

    im_journal_close(m.j);
    im_vault_close(m.v);
    im_library_free(m.lib);
    sodium_memzero(code, sizeof code);
    if (out)
        *out = m.n;
}
