/*
 * content_steps.c -- finishing the '## ' blocks of an exercise (Card,
 * Prompt, Prompts, Discuss, Summary) into steps, and the exercise itself.
 * The answer kind of a prompt is its own answer:, else the exercise's,
 * else what the mode implies (match, consent-ladder, turns).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "content_parse.h"

/* ---- Finishing exercise steps ------------------------------------------------------- */

static const char *const answer_names[] = {"none",   "text",  "one",
                                           "many",   "scale", "checklist",
                                           "ladder", "timer", "breathing"};
static const int answer_values[] = {
    IM_ANSWER_NONE,   IM_ANSWER_TEXT,  IM_ANSWER_ONE,
    IM_ANSWER_MANY,   IM_ANSWER_SCALE, IM_ANSWER_CHECKLIST,
    IM_ANSWER_LADDER, IM_ANSWER_TIMER, IM_ANSWER_BREATHING};
#define ANSWER_LIST \
    "none, text, one, many, scale, checklist, ladder, timer or breathing"

static int is_choice(im_answer_kind k)
{
    return k == IM_ANSWER_ONE || k == IM_ANSWER_MANY ||
           k == IM_ANSWER_CHECKLIST;
}

/* The answer kind of the prompt in the open block: its own answer:, else
 * the exercise's, else what the mode implies. */
static int prompt_answer(parser *P, im_answer_kind *out)
{
    im_mode mode = P->ex.mode;
    const field *f = im_cp_get(P, "answer");
    if (mode == IM_MODE_MATCH || mode == IM_MODE_CONSENT_LADDER) {
        int line = f ? f->line : P->ex_default_answer_line;
        if (line) {
            im_cp_fail(P, line, "'answer:' is not used in a mode: %s exercise",
                       im_mode_name(mode));
            return -1;
        }
        *out = mode == IM_MODE_MATCH ? IM_ANSWER_MATCH : IM_ANSWER_CONSENT;
        return 0;
    }
    im_slice v = f ? f->value : P->ex_default_answer;
    int line = f ? f->line : P->ex_default_answer_line;
    if (!line) {
        if (mode == IM_MODE_TURNS) {
            *out = IM_ANSWER_NONE;
            return 0;
        }
        im_cp_fail(P, P->b.line, "expected 'answer:' after a prompt");
        return -1;
    }
    size_t i;
    for (i = 0; i < sizeof answer_names / sizeof answer_names[0]; i++)
        if (im_slice_eq(v, answer_names[i]))
            break;
    if (i == sizeof answer_names / sizeof answer_names[0]) {
        im_cp_fail(P, line, "expected 'answer:' to be " ANSWER_LIST);
        return -1;
    }
    *out = (im_answer_kind)answer_values[i];
    if (mode == IM_MODE_REVEAL &&
        (*out == IM_ANSWER_NONE || *out == IM_ANSWER_TIMER ||
         *out == IM_ANSWER_BREATHING)) {
        im_cp_fail(P, line,
                   "expected an answer that can be revealed (text, one, "
                   "many, scale, checklist or ladder) in a mode: reveal "
                   "exercise");
        return -1;
    }
    return 0;
}

/* A field that only fits some answer kinds: fail when present otherwise. */
static int field_fits(parser *P, const char *key, int fits, const char *which)
{
    const field *f = im_cp_get(P, key);
    if (f && !fits) {
        im_cp_fail(P, f->line, "'%s:' goes only with %s", key, which);
        return -1;
    }
    return 0;
}

/* 'wellbeing: low' or 'wellbeing: high': which end of the scale is the
 * hard one (the app's care card answers a rating there). */
static int wellbeing_field(parser *P, im_step *s)
{
    const field *f = im_cp_get(P, "wellbeing");
    s->wellbeing = IM_WELLBEING_NONE;
    if (!f)
        return 0;
    if (im_slice_eq(f->value, "low"))
        s->wellbeing = IM_WELLBEING_LOW;
    else if (im_slice_eq(f->value, "high"))
        s->wellbeing = IM_WELLBEING_HIGH;
    else {
        im_cp_fail(P, f->line,
                   "expected 'wellbeing:' to be low or high (the end of "
                   "the scale that means the person is not okay)");
        return -1;
    }
    return 0;
}

/* 'paces:' -- breathing patterns separated by ';', each like 'pattern:'. */
static int paces_field(parser *P, im_step *s)
{
    const field *f = im_cp_get(P, "paces");
    if (!f)
        return 0;
    const char *p = f->value.s, *end = f->value.s + f->value.n;
    while (p <= end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *stop = semi ? semi : end;
        im_pace *pace = &s->paces[s->n_paces];
        if (s->n_paces == IM_BREATH_PACES_MAX ||
            im_lex_breathing(im_slice_trim((im_slice){p, (size_t)(stop - p)}),
                             pace->phases, &pace->n_phases) != 0) {
            im_cp_fail(P, f->line,
                       "expected 'paces:' to be up to %d patterns like "
                       "'in 4, out 4' separated by ';'",
                       IM_BREATH_PACES_MAX);
            return -1;
        }
        s->n_paces++;
        p = stop + 1;
    }
    return 0;
}

/* 'lengths:' -- minutes separated by ','. */
static int lengths_field(parser *P, im_step *s)
{
    const field *f = im_cp_get(P, "lengths");
    if (!f)
        return 0;
    const char *p = f->value.s, *end = f->value.s + f->value.n;
    while (p <= end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        long mins;
        if (s->n_lengths == IM_BREATH_LENGTHS_MAX ||
            im_lex_int(im_slice_trim((im_slice){p, (size_t)(stop - p)}), 1,
                       IM_BREATH_LENGTH_MAX, &mins) != 0) {
            im_cp_fail(P, f->line,
                       "expected 'lengths:' to be up to %d numbers of "
                       "minutes (1 to %d) separated by ','",
                       IM_BREATH_LENGTHS_MAX, IM_BREATH_LENGTH_MAX);
            return -1;
        }
        s->lengths[s->n_lengths++] = (int)mins;
        p = stop + 1;
    }
    return 0;
}

/* Read the answer-specific fields shared by '## Prompt' and '## Prompts'. */
static int prompt_fields(parser *P, im_step *s)
{
    im_answer_kind k = s->answer;
    if (field_fits(P, "hint", k == IM_ANSWER_TEXT, "answer: text") ||
        field_fits(P, "low", k == IM_ANSWER_SCALE, "answer: scale") ||
        field_fits(P, "high", k == IM_ANSWER_SCALE, "answer: scale") ||
        field_fits(P, "wellbeing", k == IM_ANSWER_SCALE, "answer: scale") ||
        field_fits(P, "seconds", k == IM_ANSWER_TIMER, "answer: timer") ||
        field_fits(P, "minutes", k == IM_ANSWER_TIMER, "answer: timer") ||
        field_fits(P, "pattern", k == IM_ANSWER_BREATHING,
                   "answer: breathing") ||
        field_fits(P, "rounds", k == IM_ANSWER_BREATHING,
                   "answer: breathing") ||
        field_fits(P, "paces", k == IM_ANSWER_BREATHING, "answer: breathing") ||
        field_fits(P, "lengths", k == IM_ANSWER_BREATHING,
                   "answer: breathing") ||
        field_fits(P, "reflect", P->ex.mode == IM_MODE_TURNS, "mode: turns"))
        return -1;
    s->hint = im_cp_field_str(P, "hint");
    s->low = im_cp_field_str(P, "low");
    s->high = im_cp_field_str(P, "high");
    if (k == IM_ANSWER_SCALE && (!s->low || !s->high)) {
        im_cp_fail(P, P->b.line,
                   "expected 'low:' and 'high:' for answer: scale");
        return -1;
    }
    if (wellbeing_field(P, s) != 0)
        return -1;
    if (k == IM_ANSWER_TIMER) {
        long secs, mins;
        if (im_cp_get(P, "seconds") && im_cp_get(P, "minutes")) {
            im_cp_fail(P, im_cp_get(P, "minutes")->line,
                       "expected 'seconds:' or 'minutes:', not both");
            return -1;
        }
        if (im_cp_field_int(P, "seconds", 1, IM_CONTENT_SECONDS_MAX, 0,
                            &secs) ||
            im_cp_field_int(P, "minutes", 1, IM_CONTENT_SECONDS_MAX / 60, 0,
                            &mins))
            return -1;
        s->seconds = (int)(secs ? secs : mins * 60);
        if (!s->seconds) {
            im_cp_fail(P, P->b.line,
                       "expected 'seconds:' or 'minutes:' for answer: timer");
            return -1;
        }
    }
    if (k == IM_ANSWER_BREATHING) {
        const field *pat = im_cp_get(P, "pattern");
        long rounds;
        if (!pat) {
            im_cp_fail(P, P->b.line,
                       "expected 'pattern:' for answer: breathing");
            return -1;
        }
        if (im_lex_breathing(pat->value, s->phases, &s->n_phases) != 0) {
            im_cp_fail(
                P, pat->line,
                "expected a pattern like 'in 4, hold 7, out 8' (phases in, "
                "hold, out, rest; 1 to 60 seconds; at most %d phases)",
                IM_BREATH_PHASES_MAX);
            return -1;
        }
        if (im_cp_field_int(P, "rounds", 1, IM_BREATH_ROUNDS_MAX,
                            IM_BREATH_ROUNDS_DEFAULT, &rounds))
            return -1;
        s->rounds = (int)rounds;
        if (paces_field(P, s) != 0 || lengths_field(P, s) != 0)
            return -1;
    }
    s->reflect = im_cp_field_str(P, "reflect");
    if (!s->reflect)
        s->reflect = P->ex.reflect;
    if (P->ex.mode == IM_MODE_TURNS && !s->reflect) {
        im_cp_fail(P, P->b.line,
                   "expected 'reflect:' on the prompt or its "
                   "exercise for mode: turns");
        return -1;
    }
    s->seconds = P->ex.mode == IM_MODE_TURNS ? P->ex.turn_seconds : s->seconds;
    return P->failed ? -1 : 0;
}

static im_step *new_step(parser *P, im_step_kind kind)
{
    im_step *s = im_cp_push(P, &P->steps);
    if (!s)
        return NULL;
    s->kind = kind;
    s->answer = IM_ANSWER_NONE;
    s->file = P->file;
    s->line = P->b.line;
    char id[IM_CONTENT_ID_MAX + 16];
    snprintf(id, sizeof id, "%s.%zu", P->ex.id, P->steps.n);
    s->id = im_arena_strndup(P->a, id, strlen(id));
    if (!s->id)
        im_cp_fail_nomem(P);
    return s;
}

/* The bullets of the open block as options (text and note). */
static int block_options(parser *P, im_step *s)
{
    size_t n = (size_t)im_cp_bullet_count(P);
    if (n == 0)
        return 0;
    im_option *o = im_arena_alloc(P->a, n * sizeof *o);
    if (!o) {
        im_cp_fail_nomem(P);
        return -1;
    }
    const para_build *pb = P->b.paras.v;
    size_t k = 0;
    for (size_t i = 0; i < P->b.paras.n; i++) {
        if (!pb[i].bullet)
            continue;
        o[k].text = im_cp_join(P, &pb[i].text);
        o[k].note = pb[i].note.n ? im_cp_join(P, &pb[i].note) : NULL;
        k++;
    }
    s->options = o;
    s->n_options = n;
    return P->failed ? -1 : 0;
}

/* Only the plain paragraphs of the open block, as text. */
static im_text plain_text(parser *P)
{
    im_text all = im_cp_block_text(P, 0);
    im_text t = {NULL, 0};
    if (P->failed || all.n == 0)
        return t;
    im_para *v = (im_para *)all.v;
    size_t k = 0;
    for (size_t i = 0; i < all.n; i++)
        if (!all.v[i].bullet)
            v[k++] = all.v[i];
    t.v = k ? v : NULL;
    t.n = k;
    return t;
}

int im_cp_finish_prompt(parser *P)
{
    im_answer_kind k;
    if (prompt_answer(P, &k))
        return -1;
    im_step *s = new_step(P, IM_STEP_PROMPT);
    if (!s)
        return -1;
    s->answer = k;
    const char *id;
    if (im_cp_field_id(P, "id", &id) || prompt_fields(P, s))
        return -1;
    if (id) {
        s->id = id;
        s->id_given = 1;
    }
    int bullets = im_cp_bullet_count(P);
    if (bullets && !is_choice(k) && k != IM_ANSWER_LADDER) {
        im_cp_fail(P, P->b.line,
                   "expected no '- ' list with answer: %s (a list is for one, "
                   "many, checklist or ladder)",
                   im_answer_kind_name(k));
        return -1;
    }
    int min = (k == IM_ANSWER_ONE || k == IM_ANSWER_MANY) ? 2
              : k == IM_ANSWER_CHECKLIST                  ? 1
                                                          : 0;
    if (bullets > IM_CONTENT_CHOICES_MAX) {
        im_cp_fail(P, P->b.line, "more than %d '- ' choices in one prompt",
                   IM_CONTENT_CHOICES_MAX);
        return -1;
    }
    if (bullets < min) {
        im_cp_fail(P, P->b.line,
                   "expected at least %d '- ' choice%s for answer: %s", min,
                   min == 1 ? "" : "s", im_answer_kind_name(k));
        return -1;
    }
    if (block_options(P, s))
        return -1;
    s->text = plain_text(P);
    if (s->text.n == 0) {
        im_cp_fail(P, P->b.line,
                   "expected the question text under '## Prompt'");
        return -1;
    }
    return P->failed ? -1 : 0;
}

/*
 * A '## Prompts' bullet may start with its id in brackets,
 * "- [hold-hands] Holding hands": the id names the prompt for good (stored
 * answers are keyed by it), so adding or reordering bullets moves no
 * answer.  Without one the prompt keeps its positional id; the lint asks
 * for it.  The bracket is taken off the text.
 */
static int bullet_id(parser *P, im_step *s, im_para *para)
{
    const char *t = para->text;
    if (t[0] != '[')
        return 0;
    const char *close = strchr(t, ']');
    size_t n = close ? (size_t)(close - t - 1) : 0;
    if (!close || !im_content_id_valid(t + 1, n)) {
        im_cp_fail(P, para->line,
                   "expected a prompt id of lower-case letters, "
                   "digits and '-' (at most %d) between '[' and ']'",
                   IM_CONTENT_ID_MAX);
        return -1;
    }
    const char *rest = close + 1;
    while (*rest == ' ')
        rest++;
    if (!*rest) {
        im_cp_fail(P, para->line, "expected the prompt text after '[%.*s]'",
                   (int)n, t + 1);
        return -1;
    }
    s->id = im_arena_strndup(P->a, t + 1, n);
    if (!s->id) {
        im_cp_fail_nomem(P);
        return -1;
    }
    s->id_given = 1;
    para->text = rest;
    return 0;
}

int im_cp_finish_prompts(parser *P)
{
    im_answer_kind k;
    if (prompt_answer(P, &k) || im_cp_require_only_bullets(P, 1))
        return -1;
    if (is_choice(k)) {
        im_cp_fail(P, P->b.line,
                   "'## Prompts' cannot carry choices; use one "
                   "'## Prompt' block per question for answer: %s",
                   im_answer_kind_name(k));
        return -1;
    }
    const char *group = im_cp_field_str(P, "group");
    const para_build *pb = P->b.paras.v;
    for (size_t i = 0; i < P->b.paras.n && !P->failed; i++) {
        if (pb[i].note.n) {
            im_cp_fail(P, pb[i].line,
                       "expected no indented note under a bullet "
                       "in '## Prompts'");
            return -1;
        }
        im_step *s = new_step(P, IM_STEP_PROMPT);
        if (!s)
            return -1;
        s->answer = k;
        s->line = pb[i].line;
        s->group = group;
        if (prompt_fields(P, s))
            return -1;
        im_para *para = im_arena_alloc(P->a, sizeof *para);
        if (!para) {
            im_cp_fail_nomem(P);
            return -1;
        }
        para->text = im_cp_join(P, &pb[i].text);
        para->line = pb[i].line;
        if (!para->text || bullet_id(P, s, para))
            return -1;
        s->text.v = para;
        s->text.n = 1;
    }
    return P->failed ? -1 : 0;
}

int im_cp_finish_step_card(parser *P)
{
    if (P->b.paras.n == 0) {
        im_cp_fail(P, P->b.line, "expected text under '## Card'");
        return -1;
    }
    im_step *s = new_step(P, IM_STEP_CARD);
    if (!s)
        return -1;
    s->title = P->b.title.n ? im_cp_dup_slice(P, P->b.title) : NULL;
    s->text = im_cp_block_text(P, 1);
    return P->failed ? -1 : 0;
}

int im_cp_finish_discuss(parser *P)
{
    if (P->ex.mode == IM_MODE_SOLO) {
        im_cp_fail(P, P->b.line,
                   "'## Discuss' is for couple exercises (mode: "
                   "turns, reveal, match or consent-ladder)");
        return -1;
    }
    if (im_cp_bullet_count(P) < 1) {
        im_cp_fail(P, P->b.line,
                   "expected at least 1 '- ' talking point under "
                   "'## Discuss'");
        return -1;
    }
    /* A talking point has no note (nothing shows one): an indented line
     * under it would silently vanish, so it is an error here. */
    const para_build *pb = P->b.paras.v;
    for (size_t i = 0; i < P->b.paras.n; i++)
        if (pb[i].bullet && pb[i].note.n) {
            im_cp_fail(P, pb[i].line,
                       "expected no indented line under a "
                       "'## Discuss' point (write it on one line, "
                       "or continue it without indenting)");
            return -1;
        }
    im_step *s = new_step(P, IM_STEP_DISCUSS);
    if (!s || block_options(P, s))
        return -1;
    s->text = plain_text(P);
    return P->failed ? -1 : 0;
}

int im_cp_finish_summary(parser *P)
{
    const field *shows = im_cp_get(P, "shows");
    if (!shows) {
        im_cp_fail(P, P->b.line,
                   "expected 'shows:' (the ids of the prompts it "
                   "reflects) under '## Summary'");
        return -1;
    }
    if (im_cp_bullet_count(P)) {
        im_cp_fail(P, P->b.line,
                   "expected no '- ' list under '## Summary' (it "
                   "shows the lines the person ticked)");
        return -1;
    }
    im_strings ids;
    if (im_cp_field_list(P, "shows", &ids))
        return -1;
    const im_step *steps = P->steps.v;
    for (size_t i = 0; i < ids.n; i++) {
        size_t j;
        for (j = 0; j < P->steps.n; j++)
            if (steps[j].kind == IM_STEP_PROMPT &&
                strcmp(steps[j].id, ids.v[i]) == 0 &&
                is_choice(steps[j].answer))
                break;
        if (j == P->steps.n) {
            im_cp_fail(P, shows->line,
                       "'shows:' names '%s', which is not a one, many or "
                       "checklist prompt above in this exercise",
                       ids.v[i]);
            return -1;
        }
    }
    im_step *s = new_step(P, IM_STEP_SUMMARY);
    if (!s)
        return -1;
    s->shows = ids;
    s->title = im_cp_field_str(P, "title");
    s->text = im_cp_block_text(P, 0);
    return P->failed ? -1 : 0;
}

/* Close the exercise being built and add it to the item. */
int im_cp_finish_exercise(parser *P)
{
    P->in_exercise = 0;
    const im_step *steps = P->steps.v;
    size_t prompts = 0;
    for (size_t i = 0; i < P->steps.n; i++) {
        prompts += steps[i].kind == IM_STEP_PROMPT;
        for (size_t j = 0; j < i; j++)
            if (strcmp(steps[i].id, steps[j].id) == 0) {
                im_cp_fail(P, steps[i].line,
                           "step id '%s' used twice in exercise "
                           "'%s'",
                           steps[i].id, P->ex.id);
                return -1;
            }
    }
    if (prompts == 0) {
        im_cp_fail(P, P->ex.line,
                   "expected at least one '## Prompt' or "
                   "'## Prompts' in exercise '%s'",
                   P->ex.id);
        return -1;
    }
    P->ex.steps = steps;
    P->ex.n_steps = P->steps.n;
    P->ex.journal.v = P->ex_journal.v;
    P->ex.journal.n = P->ex_journal.n;
    im_exercise *slot = im_cp_push(P, &P->exercises);
    if (!slot)
        return -1;
    *slot = P->ex;
    return 0;
}
