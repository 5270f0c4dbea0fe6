/*
 * test_content_parse -- the content parser: a fixture library read back in
 * detail, one test per error kind (message, file and line), and broken
 * input of every sort giving an error rather than a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "innermost/content.h"

static im_diags diags;

/* Parse one in-memory file named "t.txt" into a fresh library. */
static im_rc parse_text(const char *text, im_library **lib)
{
    im_diags_clear(&diags);
    *lib = im_library_new();
    return im_content_parse(*lib, "t.txt", text, strlen(text), &diags);
}

static const char *para(const im_text *t, size_t i) { return i < t->n ? t->v[i].text : "(none)"; }

static void test_fixture_library(void)
{
    char *dir = im_source_path("tests/content/fixtures/good");
    im_library *lib = NULL;
    im_diags_clear(&diags);
    CHECK_RC(im_content_load_dir(dir, &lib, &diags), IM_OK);
    free(dir);
    REQUIRE(lib != NULL);
    CHECK(diags.n == 0);
    CHECK(im_library_item_count(lib) == 3);
    /* sorted by path: practice/, safety.txt, together/ */
    CHECK(strcmp(im_library_item(lib, 0)->file, "practice/tools.txt") == 0);
    CHECK(strcmp(im_library_item(lib, 1)->file, "safety.txt") == 0);
    CHECK(strcmp(im_library_item(lib, 2)->file, "together/couple.txt") == 0);

    const im_item *it = im_library_find_item(lib, "tools");
    REQUIRE(it);
    CHECK(it->kind == IM_ITEM_PRACTICE);
    CHECK(strcmp(it->summary, "Every answer kind.") == 0);
    CHECK(it->tags.n == 1 && strcmp(it->tags.v[0], "past-hurt") == 0);
    CHECK(strcmp(it->safety, "crisis") == 0);
    CHECK(it->links.n == 2 && strcmp(it->links.v[1], "crisis") == 0);
    REQUIRE(it->n_cards == 1);
    const im_text *ct = &it->cards[0].text;
    CHECK(strcmp(it->cards[0].title, "Before you start") == 0);
    CHECK(ct->n == 3);
    CHECK(strcmp(para(ct, 0), "First paragraph line one continues here.") == 0);
    CHECK(ct->n == 3 && ct->v[1].bullet && !ct->v[0].bullet);
    CHECK(strcmp(para(ct, 1), "bullet one continues bullet one") == 0);
    CHECK(it->journal.n == 2 && strcmp(it->journal.v[1], "Two") == 0);
    REQUIRE(it->n_exercises == 1);

    const im_exercise *ex = im_library_find_exercise(lib, "all-kinds");
    REQUIRE(ex && ex->item == it);
    CHECK(ex->mode == IM_MODE_SOLO);
    REQUIRE(ex->n_steps == 11);
    CHECK(ex->steps[0].kind == IM_STEP_CARD);
    CHECK(strcmp(ex->steps[0].title, "Welcome") == 0);
    CHECK(strcmp(ex->steps[0].id, "all-kinds.1") == 0);
    const im_step *s = im_exercise_find_step(ex, "free");
    REQUIRE(s);
    CHECK(s->answer == IM_ANSWER_TEXT); /* the exercise's default */
    CHECK(strcmp(s->hint, "anything") == 0);
    CHECK(strcmp(para(&s->text, 0), "What is on your mind?") == 0);
    s = im_exercise_find_step(ex, "pick-one");
    CHECK(s && s->answer == IM_ANSWER_ONE && s->n_options == 2);
    CHECK(s && strcmp(s->options[1].text, "Beta") == 0 && s->text.n == 1);
    s = im_exercise_find_step(ex, "pick-many");
    CHECK(s && s->answer == IM_ANSWER_MANY && s->n_options == 3);
    s = im_exercise_find_step(ex, "feel");
    CHECK(s && s->answer == IM_ANSWER_SCALE && !strcmp(s->low, "Calm") && !strcmp(s->high, "Very anxious"));
    s = im_exercise_find_step(ex, "signs");
    CHECK(s && s->answer == IM_ANSWER_CHECKLIST && s->n_options == 2);
    CHECK(s && !strcmp(s->options[0].note, "It made sense once.") && s->options[1].note == NULL);
    s = im_exercise_find_step(ex, "steps");
    CHECK(s && s->answer == IM_ANSWER_LADDER && s->n_options == 2);
    s = im_exercise_find_step(ex, "wait");
    CHECK(s && s->answer == IM_ANSWER_TIMER && s->seconds == 120);
    s = im_exercise_find_step(ex, "breathe");
    REQUIRE(s && s->answer == IM_ANSWER_BREATHING);
    CHECK(s->n_phases == 3 && s->rounds == 3);
    CHECK(s->phases[0].phase == IM_BREATH_IN && s->phases[0].seconds == 4);
    CHECK(s->phases[1].phase == IM_BREATH_HOLD && s->phases[1].seconds == 7);
    CHECK(s->phases[2].phase == IM_BREATH_OUT && s->phases[2].seconds == 8);
    CHECK(ex->steps[9].answer == IM_ANSWER_NONE);
    s = &ex->steps[10];
    CHECK(s->kind == IM_STEP_SUMMARY && s->shows.n == 2);
    CHECK(!strcmp(s->title, "What you noticed") && !strcmp(para(&s->text, 0), "These are yours."));
    CHECK(ex->journal.n == 1);

    const im_exercise *t = im_library_find_exercise(lib, "turns");
    REQUIRE(t && t->mode == IM_MODE_TURNS && t->turn_seconds == 60);
    REQUIRE(t->n_steps == 3);
    CHECK(t->steps[0].answer == IM_ANSWER_NONE);
    CHECK(!strcmp(t->steps[0].reflect, "Say back what you heard."));
    CHECK(!strcmp(t->steps[2].reflect, "What did you notice in their voice?"));
    CHECK(!strcmp(para(&t->steps[1].text, 0), "What do you need more of?"));
    CHECK(t->steps[1].seconds == 60);
    const im_exercise *h = im_library_find_exercise(lib, "hopes");
    REQUIRE(h && h->mode == IM_MODE_REVEAL && h->n_steps == 3);
    CHECK(h->steps[2].kind == IM_STEP_DISCUSS && h->steps[2].n_options == 1);
    const im_exercise *m = im_library_find_exercise(lib, "comfort");
    REQUIRE(m && m->mode == IM_MODE_MATCH && m->n_steps == 3);
    CHECK(m->steps[1].answer == IM_ANSWER_MATCH && !strcmp(m->steps[1].group, "Everyday"));
    const im_exercise *c = im_library_find_exercise(lib, "closer");
    REQUIRE(c && c->mode == IM_MODE_CONSENT_LADDER && c->n_steps == 3);
    CHECK(c->steps[2].answer == IM_ANSWER_CONSENT);
    CHECK(!strcmp(im_library_find_item(lib, "couple")->dimension, "emotional"));
    im_library_free(lib);
}

/* The example in content/README.md, which also ships as content. */
static void test_readme_example(void)
{
    char *path = im_source_path("content/README.md");
    size_t len;
    unsigned char *md = im_file_read(path, &len);
    free(path);
    REQUIRE(md);
    const char *start = strstr((char *)md, "```\n// Path step 3.");
    REQUIRE(start);
    start += 4;
    const char *end = strstr(start, "```");
    REQUIRE(end);
    im_library *lib = im_library_new();
    im_diags_clear(&diags);
    CHECK_RC(im_content_parse(lib, "path/03-trust.txt", start, (size_t)(end - start), &diags), IM_OK);
    const im_item *it = im_library_find_item(lib, "trust");
    REQUIRE(it);
    CHECK(it->kind == IM_ITEM_PATH && it->step == 3 && it->minutes == 10);
    CHECK(it->n_cards == 2 && it->cards[1].text.n == 3);
    CHECK(it->n_exercises == 1 && it->exercises[0].n_steps == 5);
    CHECK(it->journal.n == 1);
    im_library_free(lib);
    free(md);
}

/* ---- Error kinds -------------------------------------------------------- */

#define HDR "id: x\nkind: practice\ntitle: X\n"
#define EXH HDR "# Exercise: E\nid: e\n"

static const struct {
    const char *name, *text;
    int line;
    const char *expect;
} errors[] = {
    {"no header", "", 1, "expected 'id:' in the header"},
    {"missing kind", "id: x\ntitle: T\n", 1, "expected 'kind:' in the header"},
    {"text in header", "id: x\nHello there\n", 2, "expected 'key: value' in the header"},
    {"unknown field", "id: x\ncolour: red\n", 2, "unknown field 'colour:'"},
    {"duplicate field", "id: x\nid: y\n", 2, "field 'id:' given twice (first on line 1)"},
    {"empty value", "id:\n", 1, "expected a value after 'id:'"},
    {"bad id", "id: Trust Me\nkind: guide\ntitle: T\n", 1, "expected an id of lower-case letters"},
    {"bad kind", "id: x\nkind: movie\ntitle: T\n", 2,
     "expected 'kind:' to be path, practice, guide, together or safety"},
    {"path without step", "id: x\nkind: path\ntitle: T\n", 1, "expected 'step:' (1 to 10)"},
    {"step not number", "id: x\nkind: path\ntitle: T\nstep: three\n", 4,
     "expected a whole number from 1 to 99 after 'step:'"},
    {"step off path", HDR "step: 2\n", 4, "'step:' is only for kind: path"},
    {"section on together", "id: x\nkind: together\ntitle: X\nsection: S\n", 4,
     "'section:' is only for kind: practice or guide"},
    {"section on the path",
     "id: x\nkind: path\nstep: 1\ntitle: X\n"
     "section: S\n",
     5, "'section:' is only for kind"},
    {"bad dimension", HDR "dimension: cosmic\n", 4, "expected 'dimension:' to be emotional"},
    {"bad list", HDR "links: a,,b\n", 4,
     "expected ids separated by commas after 'links:' (found an empty entry)"},
    {"bad heading level", HDR "### Deep\n", 4, "expected '# ' or '## '"},
    {"no space", HDR "#Card\n", 4, "expected '# ' or '## '"},
    {"unknown heading", HDR "# Chapter: One\n", 4, "unknown heading 'Chapter'"},
    {"card without title", HDR "# Card\ntext\n", 4, "expected a title after '# Card:'"},
    {"card without text", HDR "# Card: Hi\n\n# Journal\n- a\n", 4, "expected text under '# Card: Hi'"},
    {"title on prompt", EXH "## Prompt: Why?\n", 6, "expected nothing after '## Prompt'"},
    {"step before exercise", HDR "## Prompt\nanswer: text\nQ\n", 4,
     "expected '# Exercise:' before '## Prompt'"},
    {"exercise without id", HDR "# Exercise: E\n## Prompt\n", 4, "expected 'id:' under '# Exercise: E'"},
    {"exercise text", EXH "Some words\n", 6, "expected '## ' steps after the fields"},
    {"exercise without prompt", EXH "## Card\nHi\n", 4,
     "expected at least one '## Prompt' or '## Prompts' in exercise 'e'"},
    {"missing answer", EXH "## Prompt\nWho?\n", 6, "expected 'answer:' after a prompt"},
    {"bad answer", EXH "## Prompt\nanswer: essay\nWho?\n", 7, "expected 'answer:' to be none, text, one"},
    {"no question", EXH "## Prompt\nanswer: text\n", 6, "expected the question text under '## Prompt'"},
    {"too few choices", EXH "## Prompt\nanswer: one\nPick\n- only\n", 6,
     "expected at least 2 '- ' choices for answer: one"},
    {"list on text", EXH "## Prompt\nanswer: text\nQ\n- a\n", 6, "expected no '- ' list with answer: text"},
    {"scale ends", EXH "## Prompt\nanswer: scale\nlow: a\nQ\n", 6,
     "expected 'low:' and 'high:' for answer: scale"},
    {"field not fitting", EXH "## Prompt\nanswer: text\nlow: a\nQ\n", 8,
     "'low:' goes only with answer: scale"},
    {"wellbeing not on a scale", EXH "## Prompt\nanswer: text\nwellbeing: low\nQ\n", 8,
     "'wellbeing:' goes only with answer: scale"},
    {"wellbeing end", EXH "## Prompt\nanswer: scale\nlow: a\nhigh: b\nwellbeing: bottom\nQ\n", 10,
     "expected 'wellbeing:' to be low or high"},
    {"timer length", EXH "## Prompt\nanswer: timer\nQ\n", 6,
     "expected 'seconds:' or 'minutes:' for answer: timer"},
    {"breathing pattern",
     EXH "## Prompt\nanswer: breathing\npattern: in "
         "four\nQ\n",
     8, "expected a pattern like"},
    {"breathing no pattern", EXH "## Prompt\nanswer: breathing\nQ\n", 6,
     "expected 'pattern:' for answer: breathing"},
    {"bad mode", EXH "mode: trio\n", 6, "expected 'mode:' to be solo, turns"},
    {"turns no seconds", HDR "# Exercise: E\nid: e\nmode: turns\n", 4,
     "expected 'turn-seconds:' for mode: turns"},
    {"turns no reflect",
     HDR "# Exercise: E\nid: e\nmode: turns\nturn-seconds: "
         "60\n## Prompt\nQ\n",
     8, "expected 'reflect:' on the prompt or its exercise"},
    {"reflect in solo", EXH "reflect: say\n", 6, "'reflect:' is only for mode: turns"},
    {"pace not a pattern", EXH "## Prompt\nanswer: breathing\npattern: in 4, out 4\npaces: in 4; fast\nQ\n",
     9, "expected 'paces:' to be up to 4 patterns"},
    {"length too long", EXH "## Prompt\nanswer: breathing\npattern: in 4, out 4\nlengths: 1, 90\nQ\n", 9,
     "expected 'lengths:' to be up to 4 numbers of minutes"},
    {"paces on a timer", EXH "## Prompt\nanswer: timer\nseconds: 5\nlengths: 1\nQ\n", 9,
     "'lengths:' goes only with answer: breathing"},
    {"guided word", EXH "guided: maybe\n", 6, "expected 'guided:' to be yes or no"},
    {"guided couple", EXH "mode: reveal\nguided: yes\n", 7, "'guided: yes' is only for solo exercises"},
    {"answer in match",
     HDR "# Exercise: E\nid: e\nmode: match\n## Prompt\n"
         "answer: text\nQ\n",
     8, "'answer:' is not used in a mode: match exercise"},
    {"reveal of nothing",
     HDR "# Exercise: E\nid: e\nmode: reveal\n## Prompt\n"
         "answer: timer\nseconds: 5\nQ\n",
     8, "expected an answer that can be revealed"},
    {"prompts with choices", EXH "## Prompts\nanswer: one\n- a\n- b\n", 6,
     "'## Prompts' cannot carry choices"},
    {"prompts with text", EXH "## Prompts\nanswer: text\nIntro\n- a\n", 8,
     "expected only '- ' bullets under '## Prompts'"},
    {"discuss in solo", EXH "## Prompt\nanswer: text\nQ\n## Discuss\n- a\n", 9,
     "'## Discuss' is for couple exercises"},
    {"discuss point with a note",
     EXH "mode: reveal\n## Prompt\nanswer: text\n"
         "Q\n## Discuss\n- A long\n  point\n",
     11, "expected no indented line under a '## Discuss' point"},
    {"summary without shows", EXH "## Prompt\nanswer: text\nQ\n## Summary\nHi\n", 9, "expected 'shows:'"},
    {"summary of text",
     EXH "## Prompt\nid: q\nanswer: text\nQ\n## Summary\n"
         "shows: q\n",
     11, "'shows:' names 'q', which is not a one, many or checklist prompt"},
    {"duplicate step id",
     EXH "## Prompt\nid: q\nanswer: text\nQ\n## Prompt\n"
         "id: q\nanswer: text\nR\n",
     10, "step id 'q' used twice in exercise 'e'"},
    {"bullet id unclosed", EXH "mode: match\n## Prompts\n- [hold-hands Hold\n", 8,
     "expected a prompt id of lower-case letters, digits and '-' (at most "
     "64) between '[' and ']'"},
    {"bullet id not an id", EXH "mode: match\n## Prompts\n- [Hold Hands] H\n", 8, "between '[' and ']'"},
    {"bullet id empty", EXH "mode: match\n## Prompts\n- [] Holding hands\n", 8, "between '[' and ']'"},
    {"bullet id alone", EXH "mode: match\n## Prompts\n- [hold-hands]\n", 8,
     "expected the prompt text after '[hold-hands]'"},
    {"bullet id twice", EXH "mode: match\n## Prompts\n- [a] One\n- [a] Two\n", 9,
     "step id 'a' used twice in exercise 'e'"},
    {"empty bullet", HDR "# Journal\n-\n", 5, "expected text after '- '"},
    {"journal text", HDR "# Journal\nWrite.\n", 5, "expected only '- ' bullets under '# Journal'"},
    {"zero byte", "id: x\nki\0nd", 2, "binary data"},
    {"invalid utf8", "id: x\ntitle: caf\xC3\x28\n", 2, "invalid UTF-8"},
    {"overlong utf8", "id: x\ntitle: \xC0\xAF\n", 2, "invalid UTF-8"},
    {"surrogate", "id: x\ntitle: \xED\xA0\x80\n", 2, "invalid UTF-8"},
    {"control char", "id: x\ntitle: a\x1B[31m\n", 2, "control character 0x1B"},
};

static void test_error_kinds(void)
{
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        im_library *lib;
        /* the zero-byte case needs its real length */
        size_t len = strlen(errors[i].text);
        if (!strcmp(errors[i].name, "zero byte"))
            len = 12;
        im_diags_clear(&diags);
        lib = im_library_new();
        im_rc rc = im_content_parse(lib, "path/t.txt", errors[i].text, len, &diags);
        int ok = rc == IM_ERR_PARSE && diags.n == 1 && diags.d[0].line == errors[i].line &&
                 strcmp(diags.d[0].file, "path/t.txt") == 0 &&
                 strstr(diags.d[0].text, errors[i].expect) != NULL && im_library_item_count(lib) == 0;
        if (!ok)
            fprintf(stderr, "  case '%s': rc %s, %zu diags, line %d: %s\n", errors[i].name, im_rc_name(rc),
                    diags.n, diags.n ? diags.d[0].line : -1, diags.n ? diags.d[0].text : "");
        CHECK(ok);
        im_library_free(lib);
    }
    /* the formatted form the writer sees */
    im_library *lib;
    parse_text(EXH "## Prompt\nWho?\n", &lib);
    char buf[512];
    REQUIRE(diags.n == 1);
    im_diag_format(&diags.d[0], buf, sizeof buf);
    CHECK(strcmp(buf, "t.txt:6: expected 'answer:' after a prompt") == 0);
    im_library_free(lib);
}

/* 'wellbeing:' marks which end of a scale is the hard one; a rating
 * within two steps of that end is hard, nothing else is. */
static void test_wellbeing(void)
{
    im_library *lib;
    CHECK_RC(parse_text(EXH "## Prompt\nid: now\nanswer: scale\nlow: Shaken\nhigh: Steady\n"
                            "wellbeing: low\nHow are you?\n"
                            "## Prompt\nid: weight\nanswer: scale\nlow: Light\nhigh: Crushing\n"
                            "wellbeing: high\nHow heavy?\n"
                            "## Prompt\nid: plain\nanswer: scale\nlow: Not at all\nhigh: Very\nHow sure?\n",
                        &lib),
             IM_OK);
    const im_exercise *ex = im_library_find_exercise(lib, "e");
    REQUIRE(ex && ex->n_steps == 3);
    const im_step *now = &ex->steps[0], *weight = &ex->steps[1], *plain = &ex->steps[2];
    CHECK(now->wellbeing == IM_WELLBEING_LOW && weight->wellbeing == IM_WELLBEING_HIGH &&
          plain->wellbeing == IM_WELLBEING_NONE);
    CHECK(im_step_rating_is_hard(now, 0) && im_step_rating_is_hard(now, 2));
    CHECK(!im_step_rating_is_hard(now, 3) && !im_step_rating_is_hard(now, 10));
    CHECK(im_step_rating_is_hard(weight, 10) && im_step_rating_is_hard(weight, 8));
    CHECK(!im_step_rating_is_hard(weight, 7) && !im_step_rating_is_hard(weight, 0));
    CHECK(!im_step_rating_is_hard(plain, 0) && !im_step_rating_is_hard(plain, 10));
    CHECK(!im_step_rating_is_hard(now, -1) && !im_step_rating_is_hard(now, 11));
    CHECK(!im_step_rating_is_hard(NULL, 0));
    im_library_free(lib);
}

/* 'guided: yes' on an exercise is kept; without it an exercise is not
 * guided. */
static void test_guided(void)
{
    im_library *lib;
    CHECK_RC(parse_text(HDR "# Exercise: G\nid: g\nguided: yes\n## Prompt\nanswer: timer\nseconds: 5\nQ\n"
                            "# Exercise: P\nid: p\n## Prompt\nanswer: timer\nseconds: 5\nQ\n"
                            "# Exercise: N\nid: n\nguided: no\n## Prompt\nanswer: timer\nseconds: 5\nQ\n",
                        &lib),
             IM_OK);
    const im_exercise *g = im_library_find_exercise(lib, "g"), *p = im_library_find_exercise(lib, "p"),
                      *n = im_library_find_exercise(lib, "n");
    REQUIRE(g && p && n);
    CHECK(g->guided == 1 && p->guided == 0 && n->guided == 0);
    im_library_free(lib);
    /* the paces and lengths a breathing step offers */
    CHECK_RC(parse_text(EXH "## Prompt\nanswer: breathing\npattern: in 4, out 4\n"
                            "paces: in 4, hold 4, out 4, rest 4 ; in 5, out 5\nlengths: 1, 3,5\nQ\n",
                        &lib),
             IM_OK);
    const im_step *b = &im_library_find_exercise(lib, "e")->steps[0];
    CHECK(b->n_paces == 2 && b->paces[0].n_phases == 4 && b->paces[0].phases[3].phase == IM_BREATH_REST &&
          b->paces[1].n_phases == 2 && b->paces[1].phases[1].seconds == 5);
    CHECK(b->n_lengths == 3 && b->lengths[0] == 1 && b->lengths[1] == 3 && b->lengths[2] == 5);
    im_library_free(lib);
}

/* A '## Prompts' bullet's "[id]" names its prompt and leaves the text;
 * bullets without one keep positional ids; ids never come from other
 * blocks' bullets. */
static void test_bullet_ids(void)
{
    im_library *lib;
    REQUIRE(parse_text(EXH "mode: match\n\n## Prompts\ngroup: G\n"
                           "- [hold-hands] Holding hands\n"
                           "- [a-walk]   A walk, [on] foot\n"
                           "- No id here\n- [x]y\n\n"
                           "# Exercise: F\nid: f\n\n## Prompt\nid: q\n"
                           "answer: one\nPick\n- [not-an-id] first\n- second\n",
                       &lib) == IM_OK);
    const im_exercise *ex = im_library_find_exercise(lib, "e");
    REQUIRE(ex && ex->n_steps == 4);
    CHECK(!strcmp(ex->steps[0].id, "hold-hands") && ex->steps[0].id_given);
    CHECK(!strcmp(para(&ex->steps[0].text, 0), "Holding hands"));
    CHECK(!strcmp(ex->steps[1].id, "a-walk") && ex->steps[1].id_given);
    CHECK(!strcmp(para(&ex->steps[1].text, 0), "A walk, [on] foot"));
    CHECK(!strcmp(ex->steps[2].id, "e.3") && !ex->steps[2].id_given);
    CHECK(!strcmp(para(&ex->steps[2].text, 0), "No id here"));
    CHECK(!strcmp(ex->steps[3].id, "x") && !strcmp(para(&ex->steps[3].text, 0), "y"));
    CHECK(im_exercise_find_step(ex, "a-walk") == &ex->steps[1]);
    const im_exercise *f = im_library_find_exercise(lib, "f");
    REQUIRE(f && f->n_steps == 1 && f->steps[0].n_options == 2);
    CHECK(f->steps[0].id_given);
    /* a choice's text is never taken for an id */
    CHECK(!strcmp(f->steps[0].options[0].text, "[not-an-id] first"));
    im_library_free(lib);
}

/* 'section:' names a Practice heading for a tool or a guide; without it an
 * item has none. */
static void test_section(void)
{
    im_library *lib;
    REQUIRE(parse_text("id: t\nkind: practice\ntitle: T\n"
                       "section: Working with fear\n",
                       &lib) == IM_OK);
    CHECK(!strcmp(im_library_find_item(lib, "t")->section, "Working with fear"));
    im_library_free(lib);
    REQUIRE(parse_text("id: g\nkind: guide\ntitle: G\nsection: Body and touch\n", &lib) == IM_OK);
    CHECK(!strcmp(im_library_find_item(lib, "g")->section, "Body and touch"));
    im_library_free(lib);
    REQUIRE(parse_text(HDR, &lib) == IM_OK);
    CHECK(im_library_find_item(lib, "x")->section == NULL);
    im_library_free(lib);
}

/* ---- Broken input ----------------------------------------------------------- */

static void test_limits(void)
{
    im_library *lib = im_library_new();
    /* a line over the limit */
    size_t n = IM_CONTENT_LINE_MAX + 10;
    char *big = malloc(n + 1);
    REQUIRE(big);
    memcpy(big, "id: x\ntitle: ", 13);
    memset(big + 13, 'a', n - 13);
    big[n] = '\0';
    im_diags_clear(&diags);
    CHECK_RC(im_content_parse(lib, "big.txt", big, n, &diags), IM_ERR_PARSE);
    CHECK(diags.n == 1 && diags.d[0].line == 2 && strstr(diags.d[0].text, "line longer than"));
    free(big);

    /* a file over the limit */
    n = IM_CONTENT_FILE_MAX + 1;
    big = malloc(n);
    REQUIRE(big);
    memset(big, '\n', n);
    im_diags_clear(&diags);
    CHECK_RC(im_content_parse(lib, "huge.txt", big, n, &diags), IM_ERR_TOO_LARGE);
    CHECK(diags.n == 1 && strstr(diags.d[0].text, "larger than"));

    /* too many bullets under one heading */
    size_t cap = 8 * (IM_CONTENT_PARAS_MAX + 5) + 100;
    char *many = malloc(cap);
    REQUIRE(many);
    size_t at = (size_t)snprintf(many, cap, HDR "# Journal\n");
    for (int i = 0; i < IM_CONTENT_PARAS_MAX + 5; i++)
        at += (size_t)snprintf(many + at, cap - at, "- b\n");
    im_diags_clear(&diags);
    CHECK_RC(im_content_parse(lib, "many.txt", many, at, &diags), IM_ERR_PARSE);
    CHECK(diags.n == 1 && diags.d[0].line == 5 + IM_CONTENT_PARAS_MAX &&
          strstr(diags.d[0].text, "paragraphs and bullets"));
    free(many);

    /* many headings */
    cap = 16 * (IM_CONTENT_BLOCKS_MAX + 5) + 100;
    many = malloc(cap);
    REQUIRE(many);
    at = (size_t)snprintf(many, cap, HDR);
    for (int i = 0; i < IM_CONTENT_BLOCKS_MAX + 5; i++)
        at += (size_t)snprintf(many + at, cap - at, "# Journal\n- b\n");
    im_diags_clear(&diags);
    CHECK_RC(im_content_parse(lib, "heads.txt", many, at, &diags), IM_ERR_PARSE);
    CHECK(diags.n == 1 && strstr(diags.d[0].text, "headings in one file"));
    free(many);

    /* random bytes: any result, never a crash (ASan watches) */
    unsigned state = 12345;
    for (int round = 0; round < 200; round++) {
        size_t len = (size_t)(round * 37 % 3000);
        for (size_t i = 0; i < len && i < n; i++) {
            state = state * 1103515245u + 12345u;
            big[i] = (char)(state >> 16);
        }
        /* Noise may be refused or parse to nothing: either is fine, what
         * is checked below is that no item came of it. */
        im_rc_ignore(im_content_parse(lib, "noise.txt", big, len < n ? len : n, NULL));
    }
    free(big);
    CHECK(im_library_item_count(lib) == 0);
    im_library_free(lib);
}

static void test_load_dir(void)
{
    im_library *lib = (im_library *)1;
    im_diags_clear(&diags);
    CHECK_RC(im_content_load_dir("/nonexistent/im-content", &lib, &diags), IM_ERR_NOT_FOUND);
    CHECK(lib == NULL);

    char *dir = im_tmpdir_make("content");
    REQUIRE(dir);
    char path[1024];
    snprintf(path, sizeof path, "%s/a.txt", dir);
    const char *good = "id: a\nkind: guide\ntitle: A\n\n# Card: A\nText.\n";
    REQUIRE(im_file_write(path, good, strlen(good)) == 0);
    snprintf(path, sizeof path, "%s/b.txt", dir);
    const char *bad = "id: b\nkind: guide\n\n# Card: B\n";
    REQUIRE(im_file_write(path, bad, strlen(bad)) == 0);
    snprintf(path, sizeof path, "%s/notes.md", dir);
    REQUIRE(im_file_write(path, "ignored", 7) == 0);
    snprintf(path, sizeof path, "%s/.hidden.txt", dir);
    REQUIRE(im_file_write(path, "\0\0", 2) == 0);

    im_diags_clear(&diags);
    CHECK_RC(im_content_load_dir(dir, &lib, &diags), IM_ERR_PARSE);
    REQUIRE(lib != NULL);
    CHECK(im_library_item_count(lib) == 1);
    CHECK(im_library_find_item(lib, "a") != NULL);
    CHECK(diags.n == 1 && !strcmp(diags.d[0].file, "b.txt") && diags.d[0].line == 1 &&
          strstr(diags.d[0].text, "expected 'title:' in the header"));
    im_library_free(lib);

    /* a CRLF file with a byte-order mark reads like any other */
    static const char crlf[] = "\xEF\xBB\xBFid: c\r\nkind: guide\r\n"
                               "title: C\r\n\r\n# Card: C\r\nWords.\r\n";
    const im_content_file files[] = {
        {"crlf.txt", (const unsigned char *)crlf, sizeof crlf - 1},
    };
    im_diags_clear(&diags);
    CHECK_RC(im_content_load_files(files, 1, &lib, &diags), IM_OK);
    const im_item *c = im_library_find_item(lib, "c");
    CHECK(c && !strcmp(c->title, "C") && c->n_cards == 1 && !strcmp(c->cards[0].text.v[0].text, "Words."));
    im_library_free(lib);
    im_tmpdir_remove(dir);
}

int main(void)
{
    test_fixture_library();
    test_readme_example();
    test_error_kinds();
    test_wellbeing();
    test_guided();
    test_bullet_ids();
    test_section();
    test_limits();
    test_load_dir();
    return im_check_done();
}
