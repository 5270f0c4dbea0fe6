/*
 * test_engine_couple -- transcripts of each couple mode on the fixture
 * exercises, with a restart after every action (the seal must survive),
 * and the privacy rules as properties:
 *   - reveal: before both have answered, no call returns the first
 *     partner's answers (checked at every point of the run);
 *   - match: for every combination of both partners' marks (yes, maybe,
 *     not now, skipped) over a 4-item map, the result is exactly the mutual
 *     yes/maybe set, no individual mark is ever readable, and the saved
 *     state after the result is byte-identical for all combinations with
 *     the same result -- so nothing in it shows who declined.
 */
#include <stdio.h>

#include "engine_test.h"

static im_library *lib;
static int64_t now = 1700000000000;
static im_clock clk;
static uint64_t seed = 42;
static im_rng rng;

static im_couple *start(const char *exercise_id)
{
    const im_exercise *ex = im_library_find_exercise(lib, exercise_id);
    REQUIRE(ex);
    im_couple *c = NULL;
    REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
    return c;
}

/* Every read of partner p's answers returns IM_ERR_SEALED. */
static int all_sealed(const im_couple *c, int p)
{
    const im_answer *a;
    for (size_t i = 0; i < im_couple_exercise(c)->n_steps; i++)
        if (im_couple_get_answer(c, p, i, &a) != IM_ERR_SEALED || a != NULL)
            return 0;
    return 1;
}

static void test_reveal(void)
{
    im_couple *c = start("hopes");
    const im_exercise *ex = im_couple_exercise(c);
    const im_answer *a;
    im_couple *bad = NULL;
    CHECK_RC(im_couple_start(ex, "", "Sam", &clk, &rng, &bad), IM_ERR_INVALID);
    CHECK(im_couple_phase_of(c) == IM_PHASE_ANSWERING);
    CHECK(im_couple_partner(c) == 0 && !strcmp(im_couple_name(c, 0), "Alex"));
    CHECK(all_sealed(c, 1));
    CHECK_RC(im_couple_answer_text(c, "A trip to the sea"), IM_OK);
    c = restart_couple(lib, c, &clk, &rng);
    /* Alex, still answering, may read back Alex's own answer ... */
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_OK);
    CHECK(a && !strcmp(a->text, "A trip to the sea"));
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_answer_scale(c, 7), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK); /* last answer step: hand off */
    c = restart_couple(lib, c, &clk, &rng);
    CHECK(im_couple_phase_of(c) == IM_PHASE_HANDOFF);
    CHECK(im_couple_partner(c) == 1 && im_couple_step(c) == NULL);
    /* ... but from the hand-off on, Alex's answers are sealed */
    CHECK(all_sealed(c, 0));
    CHECK_RC(im_couple_answer_text(c, "x"), IM_ERR_STATE);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    c = restart_couple(lib, c, &clk, &rng);
    CHECK(im_couple_partner(c) == 1 && im_couple_index(c) == 0);
    CHECK(all_sealed(c, 0));
    CHECK_RC(im_couple_back(c), IM_ERR_STATE); /* never into Alex's turn */
    CHECK_RC(im_couple_answer_text(c, "Learning to dance"), IM_OK);
    CHECK_RC(im_couple_get_answer(c, 1, 0, &a), IM_OK);
    CHECK_RC(im_couple_not_now(c), IM_OK); /* interrupted mid-way */
    c = restart_couple(lib, c, &clk, &rng);
    CHECK(im_couple_paused(c) && all_sealed(c, 0));
    CHECK(all_sealed(c, 1)); /* paused: nobody's turn, nothing readable */
    CHECK_RC(im_couple_resume(c), IM_OK);
    CHECK(all_sealed(c, 0));
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_skip(c), IM_OK); /* Sam skips the scale: revealed */
    c = restart_couple(lib, c, &clk, &rng);
    CHECK(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_OK);
    CHECK(a && !strcmp(a->text, "A trip to the sea"));
    CHECK_RC(im_couple_get_answer(c, 0, 1, &a), IM_OK);
    CHECK(a && a->scale == 7);
    CHECK_RC(im_couple_get_answer(c, 1, 0, &a), IM_OK);
    CHECK(a && !strcmp(a->text, "Learning to dance"));
    CHECK_RC(im_couple_get_answer(c, 1, 1, &a), IM_OK);
    CHECK(a && a->status == IM_STATUS_SKIPPED && a->scale == -1);
    /* the discussion step follows the reveal */
    CHECK(im_couple_step(c) && im_couple_step(c)->kind == IM_STEP_DISCUSS);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_DONE);
    CHECK_RC(im_couple_get_answer(c, 1, 0, &a), IM_OK);
    CHECK_RC(im_couple_get_answer(c, 1, 99, &a), IM_ERR_NOT_FOUND);
    im_couple_free(c);
}

static void test_match_transcript(void)
{
    im_couple *c = start("comfort"); /* Holding hands, Cooking, A walk */
    size_t steps[4], n;
    int yes[4];
    CHECK_RC(im_couple_match_result(c, steps, yes, 4, &n), IM_ERR_SEALED);
    CHECK_RC(im_couple_answer_text(c, "x"), IM_ERR_STATE);
    CHECK_RC(im_couple_answer_match(c, IM_MATCH_NONE), IM_ERR_INVALID);
    CHECK_RC(im_couple_answer_match(c, IM_MATCH_YES), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_answer_match(c, IM_MATCH_NOT_NOW), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_answer_match(c, IM_MATCH_MAYBE), IM_OK);
    CHECK(all_sealed(c, 0)); /* match marks: even one's own are not read */
    CHECK_RC(im_couple_next(c), IM_OK);
    c = restart_couple(lib, c, &clk, &rng);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    CHECK_RC(im_couple_answer_match(c, IM_MATCH_YES), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_answer_match(c, IM_MATCH_YES), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    c = restart_couple(lib, c, &clk, &rng);
    CHECK_RC(im_couple_match_result(c, steps, yes, 4, &n), IM_ERR_SEALED);
    CHECK_RC(im_couple_answer_match(c, IM_MATCH_MAYBE), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    c = restart_couple(lib, c, &clk, &rng);
    CHECK_RC(im_couple_match_result(c, steps, yes, 4, &n), IM_OK);
    CHECK(n == 2 && steps[0] == 0 && yes[0] == 1 && steps[1] == 2 &&
          yes[1] == 0);
    CHECK(all_sealed(c, 0) && all_sealed(c, 1));
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_DONE);
    im_couple_free(c);
}

/* ---- The match property -------------------------------------------------- */

#define K 4
static const char *MAP =
    "id: m\nkind: together\ntitle: M\n\n# Exercise: Map\nid: map\n"
    "mode: match\n\n## Card\nGo through on your own.\n\n## Prompts\n"
    "- Holding hands\n- A long hug\n- Cooking together\n- A walk\n";

/* choice 0..3: yes, maybe, not now, skipped */
static void mark(im_couple *c, int choice)
{
    static const im_match m[] = {IM_MATCH_YES, IM_MATCH_MAYBE,
                                 IM_MATCH_NOT_NOW};
    if (choice == 3) {
        CHECK_RC(im_couple_skip(c), IM_OK);
    } else {
        CHECK_RC(im_couple_answer_match(c, m[choice]), IM_OK);
        CHECK_RC(im_couple_next(c), IM_OK);
    }
}

static void test_match_property(void)
{
    im_library *ml = text_library(MAP);
    const im_exercise *ex = im_library_find_exercise(ml, "map");
    REQUIRE(ex && ex->n_steps == K + 1);
    /* the saved state for each result signature, first time seen */
    enum { SIGS = 81 }; /* 3^K: per item absent / maybe / both yes */
    unsigned char *canon[SIGS] = {0};
    size_t canon_len[SIGS] = {0};
    long combos = 0, wrong = 0, leaks = 0, differ = 0;
    for (int a = 0; a < 256; a++)
        for (int b = 0; b < 256; b++) {
            im_couple *c = NULL;
            REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) ==
                    IM_OK);
            CHECK_RC(im_couple_next(c), IM_OK); /* the card */
            for (int i = 0; i < K; i++)
                mark(c, (a >> (2 * i)) & 3);
            leaks += !all_sealed(c, 0) || !all_sealed(c, 1);
            size_t n, steps[K];
            int yes[K];
            leaks += im_couple_match_result(c, steps, yes, K, &n) !=
                     IM_ERR_SEALED;
            CHECK_RC(im_couple_handoff_done(c), IM_OK);
            CHECK_RC(im_couple_next(c), IM_OK);
            for (int i = 0; i < K; i++)
                mark(c, (b >> (2 * i)) & 3);
            REQUIRE(im_couple_phase_of(c) == IM_PHASE_REVEALED);
            leaks += !all_sealed(c, 0) || !all_sealed(c, 1);
            REQUIRE(im_couple_match_result(c, steps, yes, K, &n) == IM_OK);
            /* expected: items both marked yes or maybe, in order */
            size_t want = 0;
            int sig = 0;
            for (int i = 0; i < K; i++) {
                int ca = (a >> (2 * i)) & 3, cb = (b >> (2 * i)) & 3;
                int in = ca <= 1 && cb <= 1;
                int both_yes = ca == 0 && cb == 0;
                if (in) {
                    if (want >= n || steps[want] != (size_t)(i + 1) ||
                        yes[want] != both_yes)
                        wrong++;
                    want++;
                }
                sig = sig * 3 + (in ? 1 + both_yes : 0);
            }
            if (want != n)
                wrong++;
            unsigned char *data;
            size_t len;
            REQUIRE(im_couple_save(c, &data, &len) == IM_OK);
            if (!canon[sig]) {
                canon[sig] = data;
                canon_len[sig] = len;
            } else {
                differ += len != canon_len[sig] ||
                          memcmp(data, canon[sig], len) != 0;
                im_state_free(data, len);
            }
            im_couple_free(c);
            combos++;
        }
    printf("match property: %ld combinations, %ld wrong results, %ld "
           "reads past the seal, %ld states that differ within a result\n",
           combos, wrong, leaks, differ);
    CHECK(combos == 65536 && wrong == 0 && leaks == 0 && differ == 0);
    int sigs = 0;
    for (int s = 0; s < SIGS; s++)
        if (canon[s]) {
            sigs++;
            im_state_free(canon[s], canon_len[s]);
        }
    CHECK(sigs == SIGS); /* every result shape was reached */
    im_library_free(ml);
}

/* ---- Consent ladder ---------------------------------------------------------- */

static void test_ladder(void)
{
    im_couple *c = start("closer"); /* Sitting close, Holding hands, A hug */
    CHECK(im_couple_phase_of(c) == IM_PHASE_LADDER);
    CHECK(im_couple_ladder_open(c) == 0 && im_couple_step(c) == NULL);
    CHECK_RC(im_couple_ladder_step_back(c), IM_ERR_STATE);
    CHECK_RC(im_couple_ladder_confirm(c, 0), IM_OK);
    c = restart_couple(lib, c, &clk, &rng);
    CHECK(im_couple_ladder_open(c) == 0); /* one is not enough */
    CHECK_RC(im_couple_ladder_confirm(c, 0), IM_OK); /* twice: still one */
    CHECK(im_couple_ladder_open(c) == 0);
    CHECK_RC(im_couple_ladder_confirm(c, 1), IM_OK);
    CHECK(im_couple_ladder_open(c) == 1);
    CHECK(!strcmp(im_couple_step(c)->text.v[0].text, "Sitting close"));
    /* Sam confirms the next step, then Alex pauses: no reason, and the
     * pending confirmation is gone */
    CHECK_RC(im_couple_ladder_confirm(c, 1), IM_OK);
    CHECK_RC(im_couple_ladder_pause(c), IM_OK);
    c = restart_couple(lib, c, &clk, &rng);
    CHECK(im_couple_paused(c));
    CHECK_RC(im_couple_ladder_confirm(c, 0), IM_ERR_STATE);
    CHECK_RC(im_couple_resume(c), IM_OK);
    CHECK_RC(im_couple_ladder_confirm(c, 0), IM_OK);
    CHECK(im_couple_ladder_open(c) == 1); /* Sam must confirm again */
    CHECK_RC(im_couple_ladder_confirm(c, 1), IM_OK);
    CHECK(im_couple_ladder_open(c) == 2);
    CHECK_RC(im_couple_ladder_confirm(c, 0), IM_OK);
    CHECK_RC(im_couple_ladder_step_back(c), IM_OK); /* either, any time */
    c = restart_couple(lib, c, &clk, &rng);
    CHECK(im_couple_ladder_open(c) == 1);
    CHECK_RC(im_couple_ladder_confirm(c, 1), IM_OK);
    CHECK(im_couple_ladder_open(c) == 1); /* Alex's earlier yes was cleared */
    CHECK_RC(im_couple_ladder_confirm(c, 0), IM_OK);
    CHECK_RC(im_couple_ladder_confirm(c, 0), IM_OK);
    CHECK_RC(im_couple_ladder_confirm(c, 1), IM_OK);
    CHECK(im_couple_ladder_open(c) == 3 &&
          im_couple_phase_of(c) == IM_PHASE_DONE);
    CHECK_RC(im_couple_ladder_confirm(c, 0), IM_ERR_STATE); /* the top */
    CHECK_RC(im_couple_ladder_step_back(c), IM_OK);
    CHECK(im_couple_ladder_open(c) == 2 &&
          im_couple_phase_of(c) == IM_PHASE_LADDER);
    CHECK_RC(im_couple_ladder_confirm(c, 2), IM_ERR_INVALID);
    im_couple_free(c);
}

/* ---- Turns ------------------------------------------------------------------- */

static void test_turns(void)
{
    im_couple *c = start("turns"); /* 60 s turns, 3 prompts */
    CHECK(im_couple_phase_of(c) == IM_PHASE_SPEAKING);
    int first = im_couple_partner(c);
    CHECK(first == 0 || first == 1);
    CHECK(im_couple_listener(c) == (first ^ 1));
    CHECK(im_couple_turn_remaining_ms(c) == 60000);
    CHECK(im_couple_reflect_prompt(c) == NULL);
    now += 20000;
    c = restart_couple(lib, c, &clk, &rng);
    CHECK(im_couple_turn_remaining_ms(c) == 40000);
    CHECK_RC(im_couple_tick(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_SPEAKING);
    /* a pause stops the speaking clock */
    CHECK_RC(im_couple_not_now(c), IM_OK);
    now += 600000;
    c = restart_couple(lib, c, &clk, &rng);
    CHECK_RC(im_couple_resume(c), IM_OK);
    CHECK(im_couple_turn_remaining_ms(c) == 40000);
    now += 40000; /* time is up: the listener reflects back before the swap */
    CHECK_RC(im_couple_tick(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_REFLECTING);
    CHECK(im_couple_partner(c) == first);
    CHECK(!strcmp(im_couple_reflect_prompt(c), "Say back what you heard."));
    c = restart_couple(lib, c, &clk, &rng);
    CHECK(im_couple_phase_of(c) == IM_PHASE_REFLECTING);
    CHECK_RC(im_couple_next(c), IM_OK); /* swap */
    CHECK(im_couple_phase_of(c) == IM_PHASE_SPEAKING);
    CHECK(im_couple_partner(c) == (first ^ 1) && im_couple_index(c) == 0);
    CHECK(im_couple_turn_remaining_ms(c) == 60000);
    CHECK_RC(im_couple_next(c), IM_OK); /* finished early */
    CHECK(im_couple_phase_of(c) == IM_PHASE_REFLECTING);
    CHECK_RC(im_couple_next(c), IM_OK); /* both spoke: next prompt */
    c = restart_couple(lib, c, &clk, &rng);
    CHECK(im_couple_index(c) == 1 && im_couple_phase_of(c) ==
                                         IM_PHASE_SPEAKING);
    CHECK(im_couple_partner(c) == (first ^ 1)); /* openers alternate */
    CHECK_RC(im_couple_skip(c), IM_OK); /* skip a whole prompt */
    CHECK(im_couple_index(c) == 2);
    CHECK(im_couple_partner(c) == first);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK(!strcmp(im_couple_reflect_prompt(c),
                  "What did you notice in their voice?"));
    CHECK_RC(im_couple_back(c), IM_OK);
    CHECK(im_couple_index(c) == 1 && im_couple_partner(c) == (first ^ 1));
    CHECK_RC(im_couple_skip(c), IM_OK);
    CHECK_RC(im_couple_skip(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_DONE);
    im_couple_free(c);

    /* the rng decides who opens: both happen over a few seeds */
    int seen[2] = {0, 0};
    for (uint64_t s = 1; s <= 16; s++) {
        uint64_t st = s;
        im_rng r2 = im_rng_seeded(&st);
        im_couple *d = NULL;
        REQUIRE(im_couple_start(im_library_find_exercise(lib, "turns"), "A",
                                "B", &clk, &r2, &d) == IM_OK);
        seen[im_couple_partner(d)]++;
        im_couple_free(d);
    }
    CHECK(seen[0] > 0 && seen[1] > 0);
}

/* ---- The reveal seal under random use -------------------------------------------
 * Random walks of every call a UI could make (and restarts), checking after
 * each that an answer is readable only by its author during their own turn,
 * or by anyone after the reveal. */
static void test_reveal_random_walks(void)
{
    const im_exercise *ex = im_library_find_exercise(lib, "hopes");
    uint64_t st = 7;
    im_rng walk = im_rng_seeded(&st);
    long calls = 0, violations = 0, reveals = 0;
    for (int w = 0; w < 2000; w++) {
        im_couple *c = NULL;
        REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
        for (int k = 0; k < 40 && im_couple_phase_of(c) != IM_PHASE_DONE;
             k++) {
            switch (im_rng_below(&walk, 10)) {
            case 0: im_couple_next(c); break;
            case 1: im_couple_back(c); break;
            case 2: im_couple_skip(c); break;
            case 3: im_couple_not_now(c); break;
            case 4: im_couple_resume(c); break;
            case 5: im_couple_handoff_done(c); break;
            case 6: im_couple_answer_text(c, "words"); break;
            case 7: im_couple_answer_scale(c, 5); break;
            case 8: c = restart_couple(lib, c, &clk, &rng); break;
            default: im_couple_next(c); im_couple_next(c); break;
            }
            calls++;
            im_couple_phase ph = im_couple_phase_of(c);
            int revealed = ph == IM_PHASE_REVEALED || ph == IM_PHASE_DONE;
            for (int p = 0; p < 2; p++) {
                int own = ph == IM_PHASE_ANSWERING && !im_couple_paused(c) &&
                          im_couple_partner(c) == p;
                for (size_t i = 0; i < ex->n_steps; i++) {
                    const im_answer *a;
                    im_rc rc = im_couple_get_answer(c, p, i, &a);
                    if ((rc == IM_OK) != (revealed || own))
                        violations++;
                    if (rc != IM_OK && a != NULL)
                        violations++;
                }
            }
        }
        reveals += im_couple_phase_of(c) >= IM_PHASE_REVEALED;
        im_couple_free(c);
    }
    printf("reveal random walks: %ld calls, %ld reached the reveal, %ld seal "
           "violations\n", calls, reveals, violations);
    CHECK(violations == 0 && reveals > 100);
}

int main(void)
{
    clk = im_clock_fixed(&now);
    rng = im_rng_seeded(&seed);
    lib = fixture_library();
    test_reveal();
    test_reveal_random_walks();
    test_match_transcript();
    test_match_property();
    test_ladder();
    test_turns();
    im_library_free(lib);
    return im_check_done();
}
