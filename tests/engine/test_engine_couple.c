/*
 * test_engine_couple -- transcripts of each couple mode on the fixture
 * exercises, with a restart after every action (the seal must survive),
 * and the privacy rules as properties:
 *   - reveal: before both have answered, no call returns the first
 *     partner's answers (checked at every point of the run);
 *   - reveal: after it, a step shows both answers or neither (a step one
 *     partner skipped shows nothing of the other's);
 *   - match: for every combination of both partners' marks (yes, maybe,
 *     not now, skipped) over a 4-item map, the result is exactly the mutual
 *     yes set, no individual mark is ever readable, and the saved state
 *     after the result is byte-identical for all combinations with the
 *     same result -- so nothing in it shows who declined;
 *   - the comfort-map property: an attack on the shipped 29-item
 *     map tells none of the other's "maybe" from "not now", and over every
 *     pair of sheets of a 6-item map (3^6 x 3^6) each partner, knowing
 *     their own sheet and what they see, can deduce only "both said yes"
 *     of the items shown and nothing of the rest.
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
    CHECK_RC(im_couple_get_answer(c, 1, 0, &a), IM_OK);
    CHECK(a && !strcmp(a->text, "Learning to dance"));
    /* Sam skipped the scale: neither answer to it is shown */
    CHECK_RC(im_couple_get_answer(c, 0, 1, &a), IM_ERR_SEALED);
    CHECK_RC(im_couple_get_answer(c, 1, 1, &a), IM_ERR_SEALED);
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
    /* yes + yes is shown; maybe + maybe is not (only mutual yeses) */
    CHECK(n == 1 && steps[0] == 0 && yes[0] == 1);
    CHECK(all_sealed(c, 0) && all_sealed(c, 1));
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_DONE);
    im_couple_free(c);
}

/* ---- The match property -------------------------------------------------- */

#define K 4
static const char *MAP = "id: m\nkind: together\ntitle: M\n\n# Exercise: Map\nid: map\n"
                         "mode: match\n\n## Card\nGo through on your own.\n\n## Prompts\n"
                         "- Holding hands\n- A long hug\n- Cooking together\n- A walk\n";

/* choice 0..3: yes, maybe, not now, skipped */
static void mark(im_couple *c, int choice)
{
    static const im_match m[] = {IM_MATCH_YES, IM_MATCH_MAYBE, IM_MATCH_NOT_NOW};
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
    enum { SIGS = 16 }; /* 2^K: per item absent / both yes */
    unsigned char *canon[SIGS] = {0};
    size_t canon_len[SIGS] = {0};
    long combos = 0, wrong = 0, leaks = 0, differ = 0;
    for (int a = 0; a < 256; a++)
        for (int b = 0; b < 256; b++) {
            im_couple *c = NULL;
            REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
            CHECK_RC(im_couple_next(c), IM_OK); /* the card */
            for (int i = 0; i < K; i++)
                mark(c, (a >> (2 * i)) & 3);
            leaks += !all_sealed(c, 0) || !all_sealed(c, 1);
            size_t n, steps[K];
            int yes[K];
            leaks += im_couple_match_result(c, steps, yes, K, &n) != IM_ERR_SEALED;
            CHECK_RC(im_couple_handoff_done(c), IM_OK);
            CHECK_RC(im_couple_next(c), IM_OK);
            for (int i = 0; i < K; i++)
                mark(c, (b >> (2 * i)) & 3);
            REQUIRE(im_couple_phase_of(c) == IM_PHASE_REVEALED);
            leaks += !all_sealed(c, 0) || !all_sealed(c, 1);
            REQUIRE(im_couple_match_result(c, steps, yes, K, &n) == IM_OK);
            /* expected: items both marked yes, in order */
            size_t want = 0;
            int sig = 0;
            for (int i = 0; i < K; i++) {
                int ca = (a >> (2 * i)) & 3, cb = (b >> (2 * i)) & 3;
                int in = ca == 0 && cb == 0;
                if (in) {
                    if (want >= n || steps[want] != (size_t)(i + 1) || yes[want] != 1)
                        wrong++;
                    want++;
                }
                sig = sig * 2 + in;
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
                differ += len != canon_len[sig] || memcmp(data, canon[sig], len) != 0;
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
    CHECK(im_couple_ladder_open(c) == 0);            /* one is not enough */
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
    CHECK(im_couple_ladder_open(c) == 3 && im_couple_phase_of(c) == IM_PHASE_DONE);
    CHECK_RC(im_couple_ladder_confirm(c, 0), IM_ERR_STATE); /* the top */
    CHECK_RC(im_couple_ladder_step_back(c), IM_OK);
    CHECK(im_couple_ladder_open(c) == 2 && im_couple_phase_of(c) == IM_PHASE_LADDER);
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
    CHECK(im_couple_index(c) == 1 && im_couple_phase_of(c) == IM_PHASE_SPEAKING);
    CHECK(im_couple_partner(c) == (first ^ 1)); /* openers alternate */
    CHECK_RC(im_couple_skip(c), IM_OK);         /* skip a whole prompt */
    CHECK(im_couple_index(c) == 2);
    CHECK(im_couple_partner(c) == first);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK(!strcmp(im_couple_reflect_prompt(c), "What did you notice in their voice?"));
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
        REQUIRE(im_couple_start(im_library_find_exercise(lib, "turns"), "A", "B", &clk, &r2, &d) == IM_OK);
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
    long calls = 0, violations = 0, reveals = 0, pairs = 0;
    for (int w = 0; w < 2000; w++) {
        im_couple *c = NULL;
        REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
        for (int k = 0; k < 40 && im_couple_phase_of(c) != IM_PHASE_DONE; k++) {
            /* A random walk: many calls do not fit the phase and are
             * refused, which is allowed; what is checked is the state
             * after each one. */
            switch (im_rng_below(&walk, 10)) {
            case 0: im_rc_ignore(im_couple_next(c)); break;
            case 1: im_rc_ignore(im_couple_back(c)); break;
            case 2: im_rc_ignore(im_couple_skip(c)); break;
            case 3: im_rc_ignore(im_couple_not_now(c)); break;
            case 4: im_rc_ignore(im_couple_resume(c)); break;
            case 5: im_rc_ignore(im_couple_handoff_done(c)); break;
            case 6: im_rc_ignore(im_couple_answer_text(c, "words")); break;
            case 7: im_rc_ignore(im_couple_answer_scale(c, 5)); break;
            case 8: c = restart_couple(lib, c, &clk, &rng); break;
            default:
                im_rc_ignore(im_couple_next(c));
                im_rc_ignore(im_couple_next(c));
                break;
            }
            calls++;
            im_couple_phase ph = im_couple_phase_of(c);
            int revealed = ph == IM_PHASE_REVEALED || ph == IM_PHASE_DONE;
            for (int p = 0; p < 2; p++) {
                int own = ph == IM_PHASE_ANSWERING && !im_couple_paused(c) && im_couple_partner(c) == p;
                for (size_t i = 0; i < ex->n_steps; i++) {
                    const im_answer *a, *b;
                    im_rc rc = im_couple_get_answer(c, p, i, &a);
                    if (rc == IM_OK && !(revealed || own))
                        violations++;
                    if (rc != IM_OK && a != NULL)
                        violations++;
                    if (own && rc != IM_OK)
                        violations++;
                    if (!revealed)
                        continue;
                    /* after the reveal, only pairs both answered */
                    im_rc rc2 = im_couple_get_answer(c, p ^ 1, i, &b);
                    if (rc != rc2)
                        violations++;
                    if (rc == IM_OK && (a->status != IM_STATUS_ANSWERED || b->status != IM_STATUS_ANSWERED))
                        violations++;
                    pairs += rc == IM_OK && p == 0;
                }
            }
        }
        reveals += im_couple_phase_of(c) >= IM_PHASE_REVEALED;
        im_couple_free(c);
    }
    printf("reveal random walks: %ld calls, %ld reached the reveal, %ld "
           "answer pairs shown, %ld seal violations\n",
           calls, reveals, pairs, violations);
    CHECK(violations == 0 && reveals > 100 && pairs > 100);
}


/* ---- The comfort map's property ------------------------
 *
 * What a partner sees of a finished map is the result (im_couple_match_result)
 * and, through it, the saved state; the attack marks every item yes and reads
 * the other's sheet from that.  An item's mark is "recovered" when changing
 * only that item of the other's sheet between "maybe" and "not now" changes
 * what the attacker can observe.
 */

/* One finished map: a[i], b[i] in 0..2 (yes, maybe, not now); the
 * observation (result steps and both-yes flags, then the saved state) is
 * appended to obs (cap bytes); returns its length. */
static size_t map_observe(const im_exercise *ex, const int *a, const int *b, size_t k, unsigned char *obs,
                          size_t cap)
{
    static const im_match m[] = {IM_MATCH_YES, IM_MATCH_MAYBE, IM_MATCH_NOT_NOW};
    im_couple *c = NULL;
    REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
    for (int p = 0; p < 2; p++) {
        const int *sheet = p ? b : a;
        if (p)
            REQUIRE(im_couple_handoff_done(c) == IM_OK);
        size_t item = 0;
        while (im_couple_phase_of(c) == IM_PHASE_ANSWERING && im_couple_partner(c) == p) {
            const im_step *st = im_couple_step(c);
            if (st && st->answer == IM_ANSWER_MATCH && item < k)
                REQUIRE(im_couple_answer_match(c, m[sheet[item++]]) == IM_OK);
            REQUIRE(im_couple_next(c) == IM_OK);
        }
        REQUIRE(item == k);
    }
    REQUIRE(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    size_t n = 0, steps[64];
    int yes[64];
    REQUIRE(im_couple_match_result(c, steps, yes, 64, &n) == IM_OK);
    size_t len = 0;
    for (size_t i = 0; i < n && len + 2 <= cap; i++) {
        obs[len++] = (unsigned char)steps[i];
        obs[len++] = (unsigned char)yes[i];
    }
    unsigned char *data;
    size_t dlen;
    REQUIRE(im_couple_save(c, &data, &dlen) == IM_OK);
    REQUIRE(len + dlen <= cap);
    memcpy(obs + len, data, dlen);
    len += dlen;
    im_state_free(data, dlen);
    im_couple_free(c);
    return len;
}

/* The attack on the shipped comfort map: Alex marks all 29 items yes and
 * tries to tell each of Sam's "maybe" from a "not now". */
static void test_match_attack(void)
{
    static im_diags diags;
    char *dir = im_source_path("content");
    im_library *cl = NULL;
    REQUIRE(im_content_load_dir(dir, &cl, &diags) == IM_OK && cl);
    free(dir);
    const im_exercise *ex = im_library_find_exercise(cl, "comfort-map");
    REQUIRE(ex);
    int a[64], b[64];
    size_t k = 0;
    for (size_t i = 0; i < ex->n_steps; i++)
        if (ex->steps[i].answer == IM_ANSWER_MATCH)
            k++;
    REQUIRE(k == 29);
    for (size_t i = 0; i < k; i++) {
        a[i] = 0;            /* the attacker: yes to everything */
        b[i] = (int)(i % 3); /* Sam: a mix of yes, maybe and not now */
    }
    static unsigned char o1[1 << 16], o2[1 << 16];
    size_t recovered = 0;
    for (size_t i = 0; i < k; i++) {
        int keep = b[i];
        b[i] = 1;
        size_t n1 = map_observe(ex, a, b, k, o1, sizeof o1);
        b[i] = 2;
        size_t n2 = map_observe(ex, a, b, k, o2, sizeof o2);
        b[i] = keep;
        recovered += n1 != n2 || memcmp(o1, o2, n1) != 0;
    }
    printf("comfort-map attack: %zu of %zu of the other partner's marks "
           "told apart (maybe / not now)\n",
           recovered, k);
    CHECK(recovered == 0);
    im_library_free(cl);
}

/* Every pair of sheets over a 6-item map (3^6 x 3^6): what each partner can
 * deduce about the other from the result.  Sheets are numbered in base 3,
 * digit i = item i's mark. */
#define PK 6
#define PSHEETS 729 /* 3^PK */
static const char *MAP6 = "id: m6\nkind: together\ntitle: M\n\n# Exercise: Map\nid: map6\n"
                          "mode: match\n\n## Card\nGo through on your own.\n\n## Prompts\n"
                          "- One\n- Two\n- Three\n- Four\n- Five\n- Six\n";

static int digit(int sheet, int i)
{
    while (i-- > 0)
        sheet /= 3;
    return sheet % 3;
}

static void test_match_property6(void)
{
    im_library *ml = text_library(MAP6);
    const im_exercise *ex = im_library_find_exercise(ml, "map6");
    REQUIRE(ex && ex->n_steps == PK + 1);
    /* The observation of each pair, as a class number: equal observations
     * (result and saved state byte for byte) get the same class. */
    enum { CLASSES_MAX = 4096 };
    static unsigned char *cls_obs[CLASSES_MAX];
    static size_t cls_len[CLASSES_MAX];
    static unsigned short cls[PSHEETS][PSHEETS];
    size_t nclasses = 0;
    static unsigned char obs[1 << 12];
    int a[PK], b[PK];
    long combos = 0;
    for (int sa = 0; sa < PSHEETS; sa++)
        for (int sb = 0; sb < PSHEETS; sb++) {
            for (int i = 0; i < PK; i++) {
                a[i] = digit(sa, i);
                b[i] = digit(sb, i);
            }
            size_t len = map_observe(ex, a, b, PK, obs, sizeof obs);
            size_t k = 0;
            while (k < nclasses && (cls_len[k] != len || memcmp(cls_obs[k], obs, len) != 0))
                k++;
            if (k == nclasses) {
                REQUIRE(nclasses < CLASSES_MAX);
                cls_obs[k] = malloc(len ? len : 1);
                REQUIRE(cls_obs[k]);
                memcpy(cls_obs[k], obs, len);
                cls_len[k] = len;
                nclasses++;
            }
            cls[sa][sb] = (unsigned short)k;
            combos++;
        }
    /* For each partner p, own sheet s and observation class k: the marks
     * the other may have given to each item (bit m of poss[i]). */
    long hidden = 0, pinned = 0, shown_not_yes = 0;
    static unsigned char poss[PSHEETS][PK]; /* by local class */
    static unsigned short local[PSHEETS], ids[PSHEETS];
    for (int p = 0; p < 2; p++) {
        /* classes seen by one own sheet are few: index them locally */
        for (int s = 0; s < PSHEETS; s++) {
            int nids = 0;
            memset(poss, 0, sizeof poss);
            for (int o = 0; o < PSHEETS; o++) {
                unsigned short k = p ? cls[o][s] : cls[s][o];
                int j = 0;
                while (j < nids && ids[j] != k)
                    j++;
                if (j == nids)
                    ids[nids++] = k;
                local[o] = (unsigned short)j;
                for (int i = 0; i < PK; i++)
                    poss[j][i] |= (unsigned char)(1u << digit(o, i));
            }
            for (int o = 0; o < PSHEETS; o++) {
                unsigned short k = p ? cls[o][s] : cls[s][o];
                /* which items this observation shows: parse the result */
                unsigned shown = 0;
                for (size_t x = 0; x + 1 < cls_len[k]; x += 2) {
                    unsigned st = cls_obs[k][x];
                    if (st < 1 || st > PK || cls_obs[k][x + 1] > 1)
                        break;
                    shown |= 1u << (st - 1);
                    if (!cls_obs[k][x + 1])
                        shown_not_yes++;
                }
                for (int i = 0; i < PK; i++) {
                    unsigned char can = poss[local[o]][i];
                    if (shown & (1u << i))
                        pinned += can != 1u; /* shown: both said yes */
                    else
                        hidden += (can & 6u) != 6u; /* maybe and not now */
                }
            }
        }
    }
    printf("match property, 6 items: %ld combinations, %zu observations, "
           "%ld hidden items whose maybe/not now can be told apart, %ld "
           "shown items not a sure mutual yes, %ld shown without both yes\n",
           combos, nclasses, hidden, pinned, shown_not_yes);
    CHECK(combos == (long)PSHEETS * PSHEETS);
    CHECK(hidden == 0 && pinned == 0 && shown_not_yes == 0);
    CHECK(nclasses == 64); /* one per set of mutual-yes items, no more */
    for (size_t k = 0; k < nclasses; k++)
        free(cls_obs[k]);
    im_library_free(ml);
}

/* The gentle note's question: on the last item, has this partner said yes
 * to every earlier one?  It reads only the asking partner's own sheet. */
static void test_match_all_yes(void)
{
    im_library *ml = text_library(MAP6);
    const im_exercise *ex = im_library_find_exercise(ml, "map6");
    REQUIRE(ex);
    for (int pattern = 0; pattern < 2; pattern++) {
        im_couple *c = NULL;
        REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
        for (int p = 0; p < 2; p++) {
            if (p)
                CHECK_RC(im_couple_handoff_done(c), IM_OK);
            CHECK_RC(im_couple_next(c), IM_OK); /* the card */
            for (int i = 0; i < PK; i++) {
                /* pattern 0: Alex all yes, Sam one "not now";
                 * pattern 1: the other way round */
                int all = (p == 0) == (pattern == 0);
                int expect = i == PK - 1 && all;
                CHECK(im_couple_match_all_yes(c) == expect);
                im_match m = !all && i == 2 ? IM_MATCH_NOT_NOW : IM_MATCH_YES;
                CHECK_RC(im_couple_answer_match(c, m), IM_OK);
                CHECK_RC(im_couple_next(c), IM_OK);
            }
            CHECK(im_couple_match_all_yes(c) == 0); /* hand-off, result */
        }
        im_couple_free(c);
    }
    im_library_free(ml);
}

/* ---- Reveal: only what both gave ----------------------- */

static void test_reveal_reciprocal(void)
{
    im_couple *c = start("hopes"); /* a text step, a scale step, discuss */
    const im_answer *a;
    CHECK_RC(im_couple_answer_text(c, "A trip to the sea"), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_answer_scale(c, 7), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    /* Sam skips every step and still reaches the reveal */
    CHECK_RC(im_couple_skip(c), IM_OK);
    CHECK_RC(im_couple_skip(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    long shown = 0;
    for (int p = 0; p < 2; p++)
        for (size_t i = 0; i < 2; i++)
            shown += im_couple_get_answer(c, p, i, &a) != IM_ERR_SEALED || a != NULL;
    c = restart_couple(lib, c, &clk, &rng);
    for (int p = 0; p < 2; p++)
        for (size_t i = 0; i < 2; i++)
            shown += im_couple_get_answer(c, p, i, &a) != IM_ERR_SEALED;
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_DONE);
    for (int p = 0; p < 2; p++)
        for (size_t i = 0; i < 2; i++)
            shown += im_couple_get_answer(c, p, i, &a) != IM_ERR_SEALED;
    printf("reveal, second partner skipped all: %ld answers shown\n", shown);
    CHECK(shown == 0);
    im_couple_free(c);

    /* Both answer the text, only Alex the scale: the text pair is shown,
     * the scale shows neither. */
    c = start("hopes");
    CHECK_RC(im_couple_answer_text(c, "A trip to the sea"), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_answer_scale(c, 7), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_handoff_done(c), IM_OK);
    CHECK_RC(im_couple_answer_text(c, "Learning to dance"), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK);
    CHECK_RC(im_couple_next(c), IM_OK); /* moved past the scale, no answer */
    CHECK(im_couple_phase_of(c) == IM_PHASE_REVEALED);
    CHECK_RC(im_couple_get_answer(c, 0, 0, &a), IM_OK);
    CHECK(a && !strcmp(a->text, "A trip to the sea"));
    CHECK_RC(im_couple_get_answer(c, 1, 0, &a), IM_OK);
    CHECK(a && !strcmp(a->text, "Learning to dance"));
    CHECK_RC(im_couple_get_answer(c, 0, 1, &a), IM_ERR_SEALED);
    CHECK(a == NULL);
    CHECK_RC(im_couple_get_answer(c, 1, 1, &a), IM_ERR_SEALED);
    im_couple_free(c);
}

/* The Together list: couple exercises grouped by kind in the order of
 * im_couple_kind (content order within), solo ones left out, each with its
 * item's summary, minutes and intro cards; a check-in tag outranks the mode. */
static void test_menu(void)
{
    static const char *const files[] = {
        "id: t1\nkind: together\ntitle: T1\nsummary: Ladder line.\nminutes: 10\n\n# Card: Slowly\nAt your "
        "pace.\n\n"
        "# Exercise: Lad\nid: lad\nmode: consent-ladder\n\n## Prompt\nSit close.\n",
        "id: t2\nkind: together\ntitle: T2\nsummary: Check line.\nminutes: 3\ntags: check-in\n\n"
        "# Exercise: Check\nid: check\nmode: reveal\n\n## Prompt\nanswer: text\nToday?\n",
        "id: t3\nkind: together\ntitle: T3\n\n# Card: One\nA.\n\n# Card: Two\nB.\n\n"
        "# Exercise: Talk\nid: talk\nmode: turns\nturn-seconds: 60\nreflect: Say it back.\n\n## Prompt\nWhat "
        "moved you?\n\n"
        "# Exercise: Hopes\nid: hope\nmode: reveal\n\n## Prompt\nanswer: text\nA hope?\n",
        "id: t4\nkind: together\ntitle: T4\n\n# Exercise: Map\nid: map\nmode: match\n\n## Prompts\n- A "
        "walk\n",
        "id: t5\nkind: practice\ntitle: T5\n\n# Exercise: Alone\nid: alone\n\n## Prompt\nanswer: "
        "text\nWhy?\n",
    };
    im_library *ml = im_library_new();
    REQUIRE(ml);
    static im_diags diags;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        im_diags_clear(&diags);
        im_rc rc = im_content_parse(ml, "inline.txt", files[i], strlen(files[i]), &diags);
        if (rc != IM_OK && diags.n)
            fprintf(stderr, "  file %zu:%d: %s\n", i, diags.d[0].line, diags.d[0].text);
        REQUIRE(rc == IM_OK);
    }
    im_couple_entry e[8];
    size_t n = im_couple_menu(ml, e, 8);
    static const char *const order[] = {"talk", "hope", "map", "lad", "check"};
    CHECK(n == 5);
    for (size_t i = 0; i < n && i < 5; i++)
        CHECK(!strcmp(e[i].ex->id, order[i]));
    CHECK(e[0].kind == IM_COUPLE_KIND_TURNS && e[1].kind == IM_COUPLE_KIND_REVEAL);
    CHECK(e[2].kind == IM_COUPLE_KIND_MAP && e[3].kind == IM_COUPLE_KIND_LADDER);
    CHECK(e[4].kind == IM_COUPLE_KIND_CHECK_IN);
    CHECK(e[3].minutes == 10 && !strcmp(e[3].summary, "Ladder line.") && e[3].n_cards == 1);
    CHECK(e[0].n_cards == 2 && e[1].n_cards == 2 && e[2].n_cards == 0 && e[2].summary == NULL);
    CHECK(im_couple_menu(ml, e, 2) == 5); /* the count, with only two written */
    CHECK(im_couple_kind_of(im_library_find_exercise(ml, "alone")) == 0);
    im_library_free(ml);
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
    test_match_attack();
    test_match_property6();
    test_match_all_yes();
    test_reveal_reciprocal();
    test_ladder();
    test_turns();
    test_menu();
    im_library_free(lib);
    return im_check_done();
}
