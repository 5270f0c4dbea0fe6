/*
 * test_content_lint -- the whole-library rules: a fixture that breaks each
 * rule gets exactly that diagnostic; a synthetic complete library passes
 * the completeness check, and taking any required piece away fails it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "innermost/content.h"

static im_diags diags;

/* Add one file to lib; the test fails if it does not parse. */
static void add(im_library *lib, const char *name, const char *text)
{
    im_rc rc = im_content_parse(lib, name, text, strlen(text), &diags);
    if (rc != IM_OK && diags.n)
        fprintf(stderr, "  %s:%d: %s\n", diags.d[diags.n - 1].file, diags.d[diags.n - 1].line,
                diags.d[diags.n - 1].text);
    CHECK_RC(rc, IM_OK);
}

static int has_diag(const char *file, int line, const char *text)
{
    for (size_t i = 0; i < diags.n; i++)
        if ((!file || !strcmp(diags.d[i].file, file)) && (line < 0 || diags.d[i].line == line) &&
            strstr(diags.d[i].text, text))
            return 1;
    return 0;
}

#define SAFETY "id: crisis\nkind: safety\ntitle: S\n\n# Card: S\nHelp.\n"

static void test_rules(void)
{
    im_library *lib = im_library_new();
    im_diags_clear(&diags);
    add(lib, "safety.txt", SAFETY);
    add(lib, "a.txt",
        "id: a\nkind: guide\ntitle: A\nlinks: b, nowhere\n"
        "\n# Card: A\nText.\n");
    add(lib, "b.txt",
        "id: b\nkind: guide\ntitle: B\ntags: past-hurt\n"
        "\n# Card: B\nText.\n");
    add(lib, "c.txt",
        "id: c\nkind: guide\ntitle: C\nsafety: a\n"
        "\n# Card: C\nText.\n");
    add(lib, "dup.txt",
        "id: a\nkind: guide\ntitle: A again\n"
        "\n# Card: A\nText.\n");
    add(lib, "d.txt",
        "id: d\nkind: practice\ntitle: D\n\n"
        "# Exercise: E\nid: b\ntags: trauma\nlinks: a\n\n"
        "## Prompt\nanswer: one\nQ\n- Yes\n- Not now\n\n"
        "# Exercise: F\nid: f\n\n## Prompt\nanswer: many\nQ\n"
        "- Fine\n- skip.\n");
    add(lib, "e.txt",
        "id: e-item\nkind: together\ntitle: E\n\n"
        "# Exercise: E\nid: e\nmode: match\n\n## Prompts\n"
        "- Without an id\n- [with-one] With one\n");
    add(lib, "w.txt",
        "id: w-item\nkind: together\ntitle: W\n\n"
        "# Exercise: W\nid: w\nmode: reveal\n\n## Prompt\nid: w-now\n"
        "answer: scale\nlow: Shaken\nhigh: Steady\nwellbeing: low\nHow now?\n\n"
        "# Exercise: V\nid: v\n\n## Prompt\nid: v-now\n"
        "answer: scale\nlow: Shaken\nhigh: Steady\nwellbeing: low\nHow now?\n");
    REQUIRE(diags.n == 0);
    size_t n = im_content_lint(lib, &diags);
    CHECK(has_diag("a.txt", 1, "link 'nowhere' does not match any item"));
    CHECK(has_diag("b.txt", 1, "tagged 'past-hurt' but has no 'safety:'"));
    CHECK(has_diag("c.txt", 1, "'safety: a' does not name a safety note"));
    CHECK(has_diag("dup.txt", 1, "id 'a' is already used in a.txt:1"));
    CHECK(has_diag("d.txt", 5, "id 'b' is already used in b.txt:1"));
    CHECK(has_diag("d.txt", 5, "tagged 'trauma' but has no 'safety:'"));
    CHECK(has_diag("d.txt", 10, "choice 'Not now' repeats what the app"));
    CHECK(has_diag("d.txt", 19, "choice 'skip.' repeats what the app"));
    /* d.txt's prompts have no written ids; of e.txt's bullets one has. */
    CHECK(has_diag("d.txt", 10,
                   "prompt in exercise 'b' needs an id that "
                   "stays"));
    CHECK(has_diag("d.txt", 19, "prompt in exercise 'f' needs an id"));
    CHECK(has_diag("e.txt", 10, "prompt in exercise 'e' needs an id"));
    CHECK(!has_diag("e.txt", 11, "needs an id"));
    /* a wellbeing check in a couple exercise; the solo one is fine */
    CHECK(has_diag("w.txt", 9, "'wellbeing:' in exercise 'w' (mode: reveal): a wellbeing check is for solo"));
    CHECK(!has_diag("w.txt", 17, ""));
    CHECK(n == 12 && diags.n == 12);
    im_library_free(lib);

    /* a clean library: no problem */
    lib = im_library_new();
    im_diags_clear(&diags);
    add(lib, "safety.txt", SAFETY);
    add(lib, "b.txt",
        "id: b\nkind: guide\ntitle: B\ntags: past-hurt\n"
        "safety: crisis\nlinks: crisis\n\n# Card: B\nText.\n");
    CHECK(im_content_lint(lib, &diags) == 0 && diags.n == 0);
    im_library_free(lib);
}

/* ---- A synthetic complete library ---------------------------------------- */

enum {
    DROP_NONE,
    DROP_PATH_STEP,
    DROP_CARD,
    DROP_DECK_QUESTION,
    DROP_REVEAL,
    DROP_COMFORT_ITEM,
    DROP_LADDER_STEP,
    DROP_BREATHING,
    DROP_THOUGHT_RECORD,
    DROP_COUNT
};

static char buf[64 * 1024];

static void build(im_library *lib, int drop)
{
    add(lib, "safety.txt", SAFETY);
    for (int s = 1; s <= 10; s++) {
        if (drop == DROP_PATH_STEP && s == 7)
            continue;
        char name[32];
        snprintf(name, sizeof name, "path/%02d.txt", s);
        snprintf(buf, sizeof buf,
                 "id: step-%d\nkind: path\nstep: %d\ntitle: Step\n\n"
                 "# Card: One\nText.\n\n%s"
                 "# Exercise: E\nid: step-%d-ex\n\n## Prompt\nid: q\nanswer: text\n"
                 "Q?\n",
                 s, s, (drop == DROP_CARD && s == 2) ? "" : "# Card: Two\nMore.\n\n", s);
        add(lib, name, buf);
    }
    static const char *const dims[] = {"emotional", "intellectual", "experiential", "spiritual", "physical"};
    for (int d = 0; d < 5; d++) {
        int at = snprintf(buf, sizeof buf,
                          "id: deck-%s\nkind: together\ntitle: D\n"
                          "dimension: %s\n\n# Exercise: Deck\nid: deck-%s-ex\n"
                          "mode: turns\nturn-seconds: 60\nreflect: Say back.\n"
                          "\n## Prompts\n",
                          dims[d], dims[d], dims[d]);
        int n = (drop == DROP_DECK_QUESTION && d == 3) ? 11 : 12;
        for (int q = 0; q < n; q++)
            at += snprintf(buf + at, sizeof buf - (size_t)at, "- [q-%d] Question %d?\n", q, q);
        add(lib, "deck.txt", buf);
    }
    int reveals = drop == DROP_REVEAL ? 0 : 1; /* + connection-map, daily */
    for (int r = 0; r < reveals; r++) {
        snprintf(buf, sizeof buf,
                 "id: reveal-%d\nkind: together\ntitle: R\n\n# Exercise: R\n"
                 "id: reveal-%d-ex\nmode: reveal\n\n## Prompt\nid: q\nanswer: text\n"
                 "Q?\n",
                 r, r);
        add(lib, "reveal.txt", buf);
    }
    int at = snprintf(buf, sizeof buf,
                      "id: together-tools\nkind: together\ntitle: T\n\n"
                      "# Exercise: Comfort\nid: comfort-map\nmode: match\n\n"
                      "## Prompts\n");
    int items = drop == DROP_COMFORT_ITEM ? 23 : 24;
    for (int i = 0; i < items; i++)
        at += snprintf(buf + at, sizeof buf - (size_t)at, "- [item-%d] Item %d\n", i, i);
    at += snprintf(buf + at, sizeof buf - (size_t)at,
                   "\n# Exercise: Ladder\nid: closeness-ladder\n"
                   "mode: consent-ladder\n\n## Prompts\n");
    int steps = drop == DROP_LADDER_STEP ? 7 : 8;
    for (int i = 0; i < steps; i++)
        at += snprintf(buf + at, sizeof buf - (size_t)at, "- [step-%d] Step %d\n", i, i);
    at += snprintf(buf + at, sizeof buf - (size_t)at,
                   "\n# Exercise: Map\nid: connection-map\nmode: reveal\n\n"
                   "## Prompts\nanswer: scale\nlow: Far\nhigh: Close\n"
                   "- [emotional] Emotional\n- [intellectual] Intellectual\n"
                   "- [experiential] Experiential\n- [spiritual] Spiritual\n"
                   "- [physical] Physical\n\n"
                   "# Exercise: Talk\nid: speaker-listener\nmode: turns\n"
                   "turn-seconds: 120\nreflect: Say back.\n\n## Prompt\nid: q\nQ?\n\n"
                   "# Exercise: Daily\nid: daily-check-in\nmode: reveal\n\n"
                   "## Prompt\nid: q\nanswer: text\nThanks?\n\n"
                   "# Exercise: Ideas\nid: quality-time\nmode: match\n\n"
                   "## Prompts\n- [a-walk] A walk\n");
    add(lib, "together.txt", buf);
    snprintf(buf, sizeof buf,
             "id: practice\nkind: practice\ntitle: P\n\n"
             "# Exercise: Self\nid: self-check\n\n## Prompt\nid: s\n"
             "answer: checklist\nQ?\n- A\n\n## Summary\nshows: s\nYours.\n\n"
             "# Exercise: TR\nid: %s\n\n## Prompt\nid: q\nanswer: text\nQ?\n\n"
             "# Exercise: VL\nid: vulnerability-ladder\n\n## Prompt\n"
             "id: q\nanswer: ladder\nQ?\n\n"
             "# Exercise: BM\nid: boundaries-map\n\n## Prompt\nid: q\nanswer: text\n"
             "Q?\n\n"
             "# Exercise: BS\nid: body-scan\n\n## Prompt\nid: q\nanswer: timer\n"
             "seconds: 60\nFeet.\n\n"
             "# Exercise: Breathe\nid: breathing\n\n## Prompt\n"
             "id: q\nanswer: breathing\npattern: in 4, out 4\nBox.\n%s",
             drop == DROP_THOUGHT_RECORD ? "thought-notes" : "thought-record",
             drop == DROP_BREATHING ? ""
                                    : "\n## Prompt\nid: q2\nanswer: breathing\n"
                                      "pattern: in 4, hold 7, out 8\n4-7-8.\n");
    add(lib, "practice.txt", buf);
    add(lib, "therapist.txt",
        "id: finding-a-therapist\nkind: guide\n"
        "title: F\n\n# Card: F\nText.\n");
    add(lib, "partner.txt",
        "id: supporting-a-partner\nkind: practice\n"
        "title: S\n\n# Exercise: S\nid: support-ex\n\n"
        "## Prompt\nid: q\nanswer: text\nQ?\n");
}

static void test_completeness(void)
{
    static const char *const expect[DROP_COUNT] = {
        [DROP_PATH_STEP] = "path step 7 is missing",
        [DROP_CARD] = "path step 'step-2' has 1 cards (expected 2 to 4)",
        [DROP_DECK_QUESTION] = "deck 'deck-spiritual' has 11 open-ended",
        [DROP_REVEAL] = "2 mode: reveal exercises (expected at least 3)",
        [DROP_COMFORT_ITEM] = "'comfort-map' should be a mode: match exercise "
                              "with at least 24 items",
        [DROP_LADDER_STEP] = "'closeness-ladder' should be a mode: "
                             "consent-ladder exercise with at least 8 steps",
        [DROP_BREATHING] = "1 breathing prompts (expected at least 2)",
        [DROP_THOUGHT_RECORD] = "'thought-record' should be an exercise",
    };
    for (int drop = DROP_NONE; drop < DROP_COUNT; drop++) {
        im_library *lib = im_library_new();
        im_diags_clear(&diags);
        build(lib, drop);
        REQUIRE(diags.n == 0);
        size_t rules = im_content_lint(lib, &diags);
        /* deck.txt / reveal.txt names repeat, ids do not */
        CHECK(rules == 0);
        size_t n = im_content_lint_complete(lib, &diags);
        if (drop == DROP_NONE) {
            for (size_t i = 0; i < diags.n; i++)
                fprintf(stderr, "  unexpected: %s\n", diags.d[i].text);
            CHECK(n == 0);
        } else {
            int ok = n == 1 && has_diag(NULL, -1, expect[drop]);
            if (!ok)
                for (size_t i = 0; i < diags.n; i++)
                    fprintf(stderr, "  drop %d: %s\n", drop, diags.d[i].text);
            if (!ok)
                fprintf(stderr, "  drop %d: %zu problems\n", drop, n);
            CHECK(ok);
        }
        im_library_free(lib);
    }
    /* an empty library lacks everything, and says so */
    im_library *lib = im_library_new();
    im_diags_clear(&diags);
    CHECK(im_content_lint_complete(lib, &diags) > 20);
    CHECK(has_diag("", 0, "path step 1 is missing"));
    CHECK(has_diag("", 0, "no deck for dimension 'physical'"));
    im_library_free(lib);
}

/* Touch, the body, childhood or past hurt need 'past-hurt' (or
 * 'trauma', or the waiver 'past-hurt-waived') and a safety link. */
static void test_sensitive(void)
{
    im_library *lib = im_library_new();
    im_diags_clear(&diags);
    add(lib, "safety.txt", SAFETY);
    /* bad: a card mentions touch, no tag */
    add(lib, "t1.txt",
        "id: t1\nkind: guide\ntitle: T1\n\n# Card: C\n"
        "Plain words.\n\nA gentle Touch, on the arm.\n");
    /* bad: an exercise's choice mentions the body; waiver without safety */
    add(lib, "t2.txt",
        "id: t2\nkind: practice\ntitle: T2\n"
        "tags: past-hurt-waived\n\n# Exercise: E\nid: t2-ex\n\n"
        "## Prompt\nid: q\nanswer: many\nWhat helps?\n"
        "- Rest\n- Moving my body\n");
    /* bad: childhood in a summary, and past hurt in a hint of an exercise
     * whose item is untagged */
    add(lib, "t3.txt",
        "id: t3\nkind: guide\ntitle: T3\n"
        "summary: About childhood.\n\n# Card: C\nText.\n\n"
        "# Exercise: E\nid: t3-ex\n\n## Prompt\nid: q\n"
        "answer: text\nhint: Any past hurt?\nWrite.\n");
    /* good: tagged and linked; the exercise inherits the item's tag */
    add(lib, "g1.txt",
        "id: g1\nkind: practice\ntitle: G1\ntags: past-hurt\n"
        "safety: crisis\n\n# Card: C\nHolding hands is touch.\n\n"
        "# Exercise: E\nid: g1-ex\n\n## Prompt\nid: q\n"
        "answer: text\nWhere in your body do you feel it?\n");
    /* good: waived with a safety link; the exercise tags itself */
    add(lib, "g2.txt",
        "id: g2\nkind: practice\ntitle: G2\n"
        "tags: past-hurt-waived\nsafety: crisis\n\n"
        "# Card: C\nRelax your body.\n\n# Exercise: E\n"
        "id: g2-ex\ntags: trauma\nsafety: crisis\n\n"
        "## Prompt\nid: q\nanswer: text\nWhen were you hurt "
        "before?\n");
    /* good: words that only contain the sensitive ones, and no mention */
    add(lib, "g3.txt",
        "id: g3\nkind: guide\ntitle: G3\n\n# Card: C\n"
        "Somebody touchy-feely? Nobody; anybody; a touchstone.\n");
    REQUIRE(diags.n == 0);
    size_t n = im_content_lint(lib, &diags);
    for (size_t i = 0; i < diags.n; i++)
        fprintf(stderr, "  (expected) %s:%d: %s\n", diags.d[i].file, diags.d[i].line, diags.d[i].text);
    CHECK(has_diag("t1.txt", 8, "'t1' mentions 'touch'"));
    CHECK(has_diag("t1.txt", 8, "is not tagged 'past-hurt'"));
    CHECK(has_diag("t2.txt", 9, "'t2-ex' mentions 'body'"));
    CHECK(has_diag("t2.txt", 9, "has no 'safety:' link"));
    CHECK(has_diag("t3.txt", 1, "'t3' mentions 'childhood'"));
    CHECK(has_diag("t3.txt", 12, "'t3-ex' mentions 'past hurt'"));
    CHECK(!has_diag("g1.txt", -1, ""));
    CHECK(!has_diag("g2.txt", -1, ""));
    CHECK(!has_diag("g3.txt", -1, ""));
    CHECK(n == 4 && diags.n == 4);
    im_library_free(lib);
}

int main(void)
{
    test_rules();
    test_sensitive();
    test_completeness();
    return im_check_done();
}
