/*
 * test_engine_library -- the engine runs every exercise of the shipped
 * library ($IM_SOURCE_DIR/content, or the folder given as argv[1]):
 *   - solo exercises: once skipping every step (every step is skippable),
 *     once answering every prompt with a valid answer of its kind, with a
 *     restart after each step;
 *   - couple exercises: through to DONE in their mode, both partners
 *     answering, with a restart after each step.
 */
#include <stdio.h>

#include "engine_test.h"

static im_library *lib;
static int64_t now = 1700000000000;
static im_clock clk;
static uint64_t seed = 11;
static im_rng rng;

static const char *const ladder_texts[] = {"A small step", "A bigger step"};
static const int ladder_before[] = {2, 6};

static im_rc answer_solo(im_run *r, const im_step *st)
{
    switch (st->answer) {
    case IM_ANSWER_TEXT: return im_run_answer_text(r, "Some words of mine.");
    case IM_ANSWER_ONE: return im_run_answer_choices(r, 1);
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST: return im_run_answer_choices(r, 1);
    case IM_ANSWER_SCALE: return im_run_answer_scale(r, 5);
    case IM_ANSWER_LADDER: {
        im_rc rc = im_run_answer_ladder(r, ladder_texts, ladder_before, 2);
        return rc == IM_OK ? im_run_ladder_done(r, 0, 1) : rc;
    }
    case IM_ANSWER_TIMER:
    case IM_ANSWER_BREATHING: {
        im_timer_status ts;
        im_rc rc = im_run_timer_start(r);
        now += im_step_duration_ms(st);
        if (rc == IM_OK)
            rc = im_run_timer_status(r, &ts);
        return rc == IM_OK && ts.completed ? IM_OK : IM_ERR_STATE;
    }
    default: return IM_OK;
    }
}

static im_rc answer_couple(im_couple *c, const im_step *st)
{
    switch (st->answer) {
    case IM_ANSWER_TEXT: return im_couple_answer_text(c, "My answer.");
    case IM_ANSWER_ONE:
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST: return im_couple_answer_choices(c, 1);
    case IM_ANSWER_SCALE: return im_couple_answer_scale(c, 6);
    case IM_ANSWER_LADDER: return im_couple_answer_ladder(c, ladder_texts, ladder_before, 2);
    case IM_ANSWER_MATCH: return im_couple_answer_match(c, IM_MATCH_YES);
    default: return IM_OK;
    }
}

/* A check about one exercise: on failure its id is printed beside the
 * expression, so a broken exercise names itself. */
#define EX_CHECK(ex, cond)                                                                                   \
    do {                                                                                                     \
        int ex_ok_ = !!(cond);                                                                               \
        if (!ex_ok_)                                                                                         \
            fprintf(stderr, "  exercise %s: ", (ex)->id);                                                    \
        im_check_record(ex_ok_, #cond, __FILE__, __LINE__);                                                  \
    } while (0)

static size_t reflections_checked, answers_checked, turn_prompts_checked;

static const im_step *step_by_id(const im_exercise *ex, const char *id, size_t *index)
{
    for (size_t i = 0; i < ex->n_steps; i++)
        if (!strcmp(ex->steps[i].id, id)) {
            *index = i;
            return &ex->steps[i];
        }
    return NULL;
}

static int is_choice(im_answer_kind k)
{
    return k == IM_ANSWER_ONE || k == IM_ANSWER_MANY || k == IM_ANSWER_CHECKLIST;
}

/* The summary at step `at`, all answered as answer_solo does (the first
 * option of every choice): exactly the first option, with its note, of
 * each shown choice prompt before it, in the order the summary names
 * them; when nothing was answered (skipped), nothing. */
static void check_summary(const im_exercise *ex, const im_run *r, size_t at, int answered)
{
    im_reflection got[32];
    size_t n = im_run_summary(r, got, 32), want = 0;
    const im_step *sum = &ex->steps[at];
    for (size_t k = 0; answered && k < sum->shows.n; k++) {
        size_t i = 0;
        const im_step *st = step_by_id(ex, sum->shows.v[k], &i);
        if (!st || i >= at || !is_choice(st->answer) || st->n_options == 0)
            continue;
        EX_CHECK(ex, want < n && !strcmp(got[want].prompt_id, st->id));
        EX_CHECK(ex, want < n && !strcmp(got[want].text, st->options[0].text));
        EX_CHECK(ex, want < n && (got[want].note == st->options[0].note ||
                                  (got[want].note && st->options[0].note &&
                                   !strcmp(got[want].note, st->options[0].note))));
        want++;
    }
    EX_CHECK(ex, n == want);
    reflections_checked += want;
}

static void run_solo(const im_exercise *ex)
{
    im_run *r = NULL;
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    while (!im_run_finished(r)) {
        const im_step *st = im_run_step(r);
        if (st->kind == IM_STEP_SUMMARY)
            check_summary(ex, r, im_run_index(r), 0);
        EX_CHECK(ex, im_run_skip(r) == IM_OK);
    }
    im_run_free(r);
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    for (size_t guard = 0; !im_run_finished(r) && guard < 1000; guard++) {
        const im_step *st = im_run_step(r);
        if (st->kind == IM_STEP_PROMPT) {
            im_rc rc = answer_solo(r, st);
            if (rc != IM_OK)
                fprintf(stderr, "  %s: cannot answer step %s: %s\n", ex->id, st->id, im_rc_name(rc));
            EX_CHECK(ex, rc == IM_OK);
        }
        if (st->kind == IM_STEP_SUMMARY)
            check_summary(ex, r, im_run_index(r), 1);
        EX_CHECK(ex, im_run_next(r) == IM_OK);
        r = restart_run(lib, r, &clk);
    }
    EX_CHECK(ex, im_run_finished(r));
    im_run_free(r);
}

/* One partner's answer to a prompt, as answer_couple gave it. */
static void check_couple_answer(const im_exercise *ex, const im_couple *c, int partner, size_t i)
{
    const im_step *st = &ex->steps[i];
    const im_answer *a = NULL;
    im_rc rc = im_couple_get_answer(c, partner, i, &a);
    EX_CHECK(ex, rc == IM_OK && a != NULL);
    if (rc != IM_OK || !a)
        return;
    switch (st->answer) {
    case IM_ANSWER_TEXT: EX_CHECK(ex, a->text && !strcmp(a->text, "My answer.")); break;
    case IM_ANSWER_ONE:
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST: EX_CHECK(ex, a->chosen == 1); break;
    case IM_ANSWER_SCALE: EX_CHECK(ex, a->scale == 6); break;
    case IM_ANSWER_LADDER:
        EX_CHECK(ex, a->n_rungs == 2 && a->rungs && !strcmp(a->rungs[0].text, ladder_texts[0]) &&
                         !strcmp(a->rungs[1].text, ladder_texts[1]));
        break;
    default: return;
    }
    answers_checked++;
}

static int takes_answer(const im_step *st)
{
    return st->kind == IM_STEP_PROMPT && st->answer != IM_ANSWER_NONE && st->answer != IM_ANSWER_MATCH &&
           st->answer != IM_ANSWER_CONSENT;
}

/* What each mode leaves when both partners went through to DONE:
 *   reveal  both partners' answers to every prompt readable, as given;
 *   match   the result is every match item (both said yes to all), in step
 *           order, and no single mark is readable;
 *   consent-ladder  every ladder step opened;
 *   turns   on every prompt each partner spoke once and reflected back
 *           once, as the listener. */
/* turns: who spoke and who reflected back, per step */
typedef struct turn_log {
    unsigned char spoke[256][2], reflected[256][2];
} turn_log;

static void check_couple_result(const im_exercise *ex, const im_couple *c, const turn_log *turns)
{
    size_t items = 0, ladder = 0;
    for (size_t i = 0; i < ex->n_steps; i++) {
        items += ex->steps[i].answer == IM_ANSWER_MATCH;
        ladder += ex->steps[i].answer == IM_ANSWER_CONSENT;
    }
    EX_CHECK(ex, im_couple_phase_of(c) == IM_PHASE_DONE);
    if (ex->mode == IM_MODE_MATCH) {
        size_t steps[256], n = 0, k = 0;
        int yes[256];
        EX_CHECK(ex, items > 0 && items <= 256);
        EX_CHECK(ex, im_couple_match_result(c, steps, yes, 256, &n) == IM_OK);
        EX_CHECK(ex, n == items); /* both said yes to everything */
        for (size_t i = 0; i < ex->n_steps && k < n; i++) {
            if (ex->steps[i].answer != IM_ANSWER_MATCH)
                continue;
            EX_CHECK(ex, steps[k] == i && yes[k] == 1);
            const im_answer *a = NULL;
            EX_CHECK(ex, im_couple_get_answer(c, 0, i, &a) == IM_ERR_SEALED);
            EX_CHECK(ex, im_couple_get_answer(c, 1, i, &a) == IM_ERR_SEALED);
            k++;
        }
    } else if (ex->mode == IM_MODE_CONSENT_LADDER) {
        EX_CHECK(ex, ladder > 0);
        EX_CHECK(ex, im_couple_ladder_open(c) == ladder);
    } else if (ex->mode == IM_MODE_REVEAL) {
        size_t prompts = 0;
        for (size_t i = 0; i < ex->n_steps; i++) {
            if (!takes_answer(&ex->steps[i]))
                continue;
            prompts++;
            check_couple_answer(ex, c, 0, i);
            check_couple_answer(ex, c, 1, i);
        }
        EX_CHECK(ex, prompts > 0);
    } else if (ex->mode == IM_MODE_TURNS) {
        size_t prompts = 0;
        EX_CHECK(ex, ex->n_steps <= 256);
        for (size_t i = 0; i < ex->n_steps && i < 256; i++) {
            if (ex->steps[i].kind != IM_STEP_PROMPT)
                continue;
            prompts++;
            for (int p = 0; p < 2; p++)
                EX_CHECK(ex, turns->spoke[i][p] == 1 && turns->reflected[i][p] == 1);
        }
        EX_CHECK(ex, prompts > 0);
        turn_prompts_checked += prompts;
    } else {
        EX_CHECK(ex, !"a couple mode this test does not know");
    }
}

static void run_couple(const im_exercise *ex)
{
    im_couple *c = NULL;
    static turn_log turns;
    memset(&turns, 0, sizeof turns);
    int was_phase = 0;
    size_t was_index = 0;
    REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
    for (size_t guard = 0; im_couple_phase_of(c) != IM_PHASE_DONE; guard++) {
        if (guard > 5000) {
            EX_CHECK(ex, !"the session never reached DONE");
            break;
        }
        im_couple_phase ph = im_couple_phase_of(c);
        const im_step *st = im_couple_step(c);
        size_t at = im_couple_index(c);
        /* a turn is counted once, when it begins (the loop visits a phase
         * once per step it takes within it) */
        if ((int)ph != was_phase || at != was_index) {
            if (ph == IM_PHASE_SPEAKING && at < 256 && im_couple_partner(c) >= 0)
                turns.spoke[at][im_couple_partner(c)]++;
            if (ph == IM_PHASE_REFLECTING && at < 256 && im_couple_listener(c) >= 0)
                turns.reflected[at][im_couple_listener(c)]++;
        }
        was_phase = (int)ph, was_index = at;
        im_rc rc;
        if (ph == IM_PHASE_HANDOFF) {
            rc = im_couple_handoff_done(c);
        } else if (ph == IM_PHASE_LADDER) {
            rc = im_couple_ladder_confirm(c, 0);
            if (rc == IM_OK)
                rc = im_couple_ladder_confirm(c, 1);
        } else {
            rc = IM_OK;
            if (st && st->kind == IM_STEP_PROMPT && ph != IM_PHASE_REFLECTING)
                rc = answer_couple(c, st);
            if (rc == IM_OK)
                rc = im_couple_next(c);
        }
        if (rc != IM_OK)
            fprintf(stderr, "  %s: %s in phase %d\n", ex->id, im_rc_name(rc), (int)ph);
        EX_CHECK(ex, rc == IM_OK);
        if (rc != IM_OK)
            break;
        c = restart_couple(lib, c, &clk, &rng);
    }
    check_couple_result(ex, c, &turns);
    im_couple_free(c);
}

int main(int argc, char **argv)
{
    clk = im_clock_fixed(&now);
    rng = im_rng_seeded(&seed);
    char *dir = argc > 1 ? NULL : im_source_path("content");
    static im_diags diags;
    CHECK_RC(im_content_load_dir(argc > 1 ? argv[1] : dir, &lib, &diags), IM_OK);
    for (size_t i = 0; i < diags.n; i++)
        fprintf(stderr, "  %s:%d: %s\n", diags.d[i].file, diags.d[i].line, diags.d[i].text);
    CHECK(diags.n == 0); /* every file of the library takes part */
    free(dir);
    REQUIRE(lib);
    size_t exercises = 0, modes[IM_MODE_CONSENT_LADDER + 1] = {0};
    for (size_t i = 0; i < im_library_item_count(lib); i++) {
        const im_item *it = im_library_item(lib, i);
        for (size_t e = 0; e < it->n_exercises; e++) {
            const im_exercise *ex = &it->exercises[e];
            if (ex->mode == IM_MODE_SOLO)
                run_solo(ex);
            else
                run_couple(ex);
            if (ex->mode >= IM_MODE_SOLO && ex->mode <= IM_MODE_CONSENT_LADDER)
                modes[ex->mode]++;
            exercises++;
        }
    }
    printf("%zu exercises run end to end (solo %zu, turns %zu, reveal %zu, "
           "match %zu, consent-ladder %zu); %zu summary lines, %zu couple "
           "answers and %zu turns prompts checked\n",
           exercises, modes[IM_MODE_SOLO], modes[IM_MODE_TURNS], modes[IM_MODE_REVEAL], modes[IM_MODE_MATCH],
           modes[IM_MODE_CONSENT_LADDER], reflections_checked, answers_checked, turn_prompts_checked);
    CHECK(exercises > 0);
    /* the shipped library has every mode, and summaries to check: an
     * empty tally would make the checks above vacuous */
    if (argc <= 1) {
        for (int m = IM_MODE_SOLO; m <= IM_MODE_CONSENT_LADDER; m++)
            CHECK(modes[m] > 0);
        CHECK(reflections_checked > 0 && answers_checked > 0 && turn_prompts_checked > 0);
    }
    im_library_free(lib);
    return im_check_done();
}
