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
    case IM_ANSWER_LADDER:
        return im_couple_answer_ladder(c, ladder_texts, ladder_before, 2);
    case IM_ANSWER_MATCH: return im_couple_answer_match(c, IM_MATCH_YES);
    default: return IM_OK;
    }
}

static int run_solo(const im_exercise *ex)
{
    int ok = 1;
    im_run *r = NULL;
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    while (!im_run_finished(r))
        ok &= im_run_skip(r) == IM_OK;
    im_run_free(r);
    REQUIRE(im_run_start(ex, &clk, &r) == IM_OK);
    for (size_t guard = 0; !im_run_finished(r) && guard < 1000; guard++) {
        const im_step *st = im_run_step(r);
        if (st->kind == IM_STEP_PROMPT && answer_solo(r, st) != IM_OK) {
            fprintf(stderr, "  %s: cannot answer step %s\n", ex->id, st->id);
            ok = 0;
        }
        if (st->kind == IM_STEP_SUMMARY) {
            im_reflection refl[4];
            im_run_summary(r, refl, 4);
        }
        ok &= im_run_next(r) == IM_OK;
        r = restart_run(lib, r, &clk);
    }
    ok &= im_run_finished(r);
    im_run_free(r);
    return ok;
}

static int run_couple(const im_exercise *ex)
{
    int ok = 1;
    im_couple *c = NULL;
    REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
    for (size_t guard = 0; im_couple_phase_of(c) != IM_PHASE_DONE; guard++) {
        if (guard > 5000) {
            ok = 0;
            break;
        }
        im_couple_phase ph = im_couple_phase_of(c);
        const im_step *st = im_couple_step(c);
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
        if (rc != IM_OK) {
            fprintf(stderr, "  %s: %s in phase %d\n", ex->id, im_rc_name(rc),
                    (int)ph);
            ok = 0;
            break;
        }
        c = restart_couple(lib, c, &clk, &rng);
    }
    if (ex->mode == IM_MODE_MATCH) {
        size_t n = 0;
        ok &= im_couple_match_result(c, NULL, NULL, 0, &n) == IM_OK;
        size_t items = 0;
        for (size_t i = 0; i < ex->n_steps; i++)
            items += ex->steps[i].answer == IM_ANSWER_MATCH;
        ok &= n == items; /* both said yes to everything */
    }
    im_couple_free(c);
    return ok;
}

int main(int argc, char **argv)
{
    clk = im_clock_fixed(&now);
    rng = im_rng_seeded(&seed);
    char *dir = argc > 1 ? NULL : im_source_path("content");
    static im_diags diags;
    CHECK_RC(im_content_load_dir(argc > 1 ? argv[1] : dir, &lib, &diags),
             IM_OK);
    for (size_t i = 0; i < diags.n; i++)
        fprintf(stderr, "  %s:%d: %s\n", diags.d[i].file, diags.d[i].line,
                diags.d[i].text);
    CHECK(diags.n == 0); /* every file of the library takes part */
    free(dir);
    REQUIRE(lib);
    size_t exercises = 0, failed = 0;
    for (size_t i = 0; i < im_library_item_count(lib); i++) {
        const im_item *it = im_library_item(lib, i);
        for (size_t e = 0; e < it->n_exercises; e++) {
            const im_exercise *ex = &it->exercises[e];
            int ok = ex->mode == IM_MODE_SOLO ? run_solo(ex) : run_couple(ex);
            if (!ok)
                fprintf(stderr, "  exercise %s (%s) failed\n", ex->id,
                        it->file);
            failed += !ok;
            exercises++;
        }
    }
    printf("%zu exercises run end to end, %zu failed\n", exercises, failed);
    CHECK(exercises > 0 && failed == 0);
    im_library_free(lib);
    return im_check_done();
}
