/*
 * content_lint.c -- whole-library rules (content/README.md, "What the
 * checker checks").
 *
 * The parser checks each file alone; here we check what needs the whole
 * library: ids unique across files, links resolving, safety links on
 * trauma / past-hurt items, the past-hurt tag on anything about touch, the
 * body, childhood or past hurt, wellbeing checks only in solo exercises,
 * and (im_content_lint_complete) the minimum
 * counts and required ids of the shipped library.
 *
 * Skippability: the format has no way to make a step required, and the
 * engine offers Skip / Not now on every step (engine.h), so every exercise
 * is skippable by construction; the lint's part is to refuse content that
 * repeats those choices as options, and tests/content run every shipped
 * exercise through skip.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content_internal.h"

static size_t problem(im_diags *d, const char *file, int line, const char *fmt,
                      ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static size_t problem(im_diags *d, const char *file, int line, const char *fmt,
                      ...)
{
    char text[IM_DIAG_TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    im_diags_add(d, file, line, "%s", text);
    return 1;
}

/* ---- Ids -------------------------------------------------------------------- */

typedef struct id_ref {
    const char *id, *file;
    int line;
} id_ref;

/* Visit every id (items, then their exercises) in library order. */
static size_t all_ids(const im_library *lib, id_ref *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < im_library_item_count(lib); i++) {
        const im_item *it = im_library_item(lib, i);
        if (n < max)
            out[n] = (id_ref){it->id, it->file, it->line};
        n++;
        for (size_t e = 0; e < it->n_exercises; e++) {
            if (n < max)
                out[n] = (id_ref){it->exercises[e].id, it->file,
                                  it->exercises[e].line};
            n++;
        }
    }
    return n;
}

static size_t lint_unique_ids(const im_library *lib, im_diags *d)
{
    /* Quadratic, but a library has a few hundred ids at most; bounded by
     * the file and block limits. */
    enum { MAX_IDS = 8192 };
    id_ref *v = malloc(MAX_IDS * sizeof *v);
    if (!v)
        return problem(d, "", 0, "out of memory");
    size_t n = all_ids(lib, v, MAX_IDS), bad = 0;
    if (n > MAX_IDS) {
        free(v);
        return problem(d, "", 0, "more than %d ids in the library", MAX_IDS);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(v[i].id, v[j].id) == 0) {
                bad += problem(d, v[i].file, v[i].line,
                               "id '%s' is already used in %s:%d", v[i].id,
                               v[j].file, v[j].line);
                break;
            }
    free(v);
    return bad;
}

static int id_exists(const im_library *lib, const char *id)
{
    return im_library_find_item(lib, id) || im_library_find_exercise(lib, id);
}

static size_t lint_links(const im_library *lib, const im_strings *links,
                         const char *file, int line, im_diags *d)
{
    size_t bad = 0;
    for (size_t i = 0; i < links->n; i++)
        if (!id_exists(lib, links->v[i]))
            bad += problem(d, file, line,
                           "link '%s' does not match any item or exercise id",
                           links->v[i]);
    return bad;
}

static int has_tag(const im_strings *tags, const char *tag)
{
    for (size_t i = 0; i < tags->n; i++)
        if (strcmp(tags->v[i], tag) == 0)
            return 1;
    return 0;
}

/* A safety: link must name a safety note; trauma / past-hurt needs one. */
static size_t lint_safety(const im_library *lib, const im_strings *tags,
                          const char *safety, const char *file, int line,
                          im_diags *d)
{
    if (safety) {
        const im_item *note = im_library_find_item(lib, safety);
        if (!note || note->kind != IM_ITEM_SAFETY)
            return problem(d, file, line,
                           "'safety: %s' does not name a safety note "
                           "(an item with kind: safety)",
                           safety);
        return 0;
    }
    const char *tag = has_tag(tags, "trauma")      ? "trauma"
                      : has_tag(tags, "past-hurt") ? "past-hurt"
                                                   : NULL;
    if (tag)
        return problem(d, file, line,
                       "tagged '%s' but has no 'safety:' link to the safety "
                       "note",
                       tag);
    return 0;
}

/* ---- Touch, the body, childhood, past hurt -------------------------------------
 *
 * Touch can be trauma-related, so anything that talks about
 * touch, the body, childhood or past hurt carries 'past-hurt' (or
 * 'trauma'), or says explicitly that it is not about hurt with the waiver
 * tag 'past-hurt-waived'; either way it links the safety note.  Words are
 * matched whole, case-insensitively, on the text people read (titles,
 * summaries, cards, questions, choices, hints, journal prompts).
 */

#define WAIVER_TAG "past-hurt-waived"

/* Whole words (and short phrases), lower case, padded with spaces. */
static const char *const sensitive[] = {
    " touch ",       " touches ",          " touched ",   " touching ",
    " body ",        " bodies ",           " bodily ",    " childhood ",
    " childhoods ",  " past hurt ",        " old hurt ",  " old hurts ",
    " been hurt ",   " being hurt ",       " were hurt ", " was hurt ",
    " hurt before ", " hurt in the past ",
};

/* The first sensitive word in text, or NULL.  Letters are lower-cased
 * (ASCII), anything else becomes a space, so "Touch," matches " touch ";
 * an apostrophe is dropped so "body's" stays one word. */
static const char *sensitive_word(const char *text)
{
    if (!text)
        return NULL;
    size_t n = strlen(text);
    char *buf = malloc(n + 3);
    if (!buf)
        return NULL;
    size_t k = 0;
    buf[k++] = ' ';
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (c == '\'')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (!(c >= 'a' && c <= 'z'))
            c = ' ';
        if (c == ' ' && buf[k - 1] == ' ')
            continue;
        buf[k++] = c;
    }
    buf[k++] = ' ';
    buf[k] = '\0';
    const char *hit = NULL;
    for (size_t w = 0; !hit && w < sizeof sensitive / sizeof sensitive[0]; w++)
        if (strstr(buf, sensitive[w]))
            hit = sensitive[w];
    free(buf);
    return hit;
}

typedef struct mention {
    const char *word; /* padded, from sensitive[] */
    int line;
} mention;

static int mention_in(mention *m, const char *text, int line)
{
    if (m->word)
        return 1;
    m->word = sensitive_word(text);
    if (m->word)
        m->line = line;
    return m->word != NULL;
}

static void mention_text(mention *m, const im_text *t)
{
    for (size_t i = 0; i < t->n && !m->word; i++) {
        mention_in(m, t->v[i].text, t->v[i].line);
        mention_in(m, t->v[i].note, t->v[i].line);
    }
}

static void mention_strings(mention *m, const im_strings *s, int line)
{
    for (size_t i = 0; i < s->n && !m->word; i++)
        mention_in(m, s->v[i], line);
}

static void mention_exercise(mention *m, const im_exercise *ex)
{
    mention_in(m, ex->title, ex->line);
    mention_in(m, ex->reflect, ex->line);
    mention_strings(m, &ex->journal, ex->line);
    for (size_t s = 0; s < ex->n_steps && !m->word; s++) {
        const im_step *st = &ex->steps[s];
        mention_in(m, st->title, st->line);
        mention_text(m, &st->text);
        mention_in(m, st->hint, st->line);
        mention_in(m, st->low, st->line);
        mention_in(m, st->high, st->line);
        mention_in(m, st->reflect, st->line);
        mention_in(m, st->group, st->line);
        for (size_t o = 0; o < st->n_options && !m->word; o++) {
            mention_in(m, st->options[o].text, st->line);
            mention_in(m, st->options[o].note, st->line);
        }
    }
}

static void mention_item(mention *m, const im_item *it)
{
    mention_in(m, it->title, it->line);
    mention_in(m, it->summary, it->line);
    mention_strings(m, &it->journal, it->line);
    for (size_t c = 0; c < it->n_cards && !m->word; c++) {
        mention_in(m, it->cards[c].title, it->cards[c].line);
        mention_text(m, &it->cards[c].text);
    }
}

static int hurt_tagged(const im_strings *tags)
{
    return has_tag(tags, "past-hurt") || has_tag(tags, "trauma");
}

/* What the tags and safety link of an item (or an exercise with the item's
 * as fallback) say about a mention m; one problem at most. */
static size_t lint_mention(const mention *m, const im_strings *tags,
                           const im_strings *item_tags, const char *safety,
                           const char *file, const char *id, im_diags *d)
{
    if (!m->word)
        return 0;
    char word[24];
    snprintf(word, sizeof word, "%s", m->word + 1);
    word[strlen(word) - 1] = '\0'; /* drop the padding */
    int tagged = hurt_tagged(tags) || (item_tags && hurt_tagged(item_tags));
    int waived = has_tag(tags, WAIVER_TAG) ||
                 (item_tags && has_tag(item_tags, WAIVER_TAG));
    if (!tagged && !waived)
        return problem(
            d, file, m->line,
            "'%s' mentions '%s' (touch, the body, childhood or "
            "past hurt) but is not tagged 'past-hurt': add 'tags: "
            "past-hurt' and 'safety: crisis', or the waiver 'tags: " WAIVER_TAG
            "'",
            id, word);
    if (!safety)
        return problem(d, file, m->line,
                       "'%s' mentions '%s' (touch, the body, childhood or "
                       "past hurt) but has no 'safety:' link to the safety "
                       "note",
                       id, word);
    return 0;
}

static size_t lint_sensitive(const im_item *it, im_diags *d)
{
    if (it->kind == IM_ITEM_SAFETY)
        return 0; /* the safety notes are where these links lead */
    mention m = {0};
    mention_item(&m, it);
    size_t bad = lint_mention(&m, &it->tags, NULL, it->safety, it->file, it->id,
                              d);
    for (size_t e = 0; e < it->n_exercises; e++) {
        const im_exercise *ex = &it->exercises[e];
        mention me = {0};
        mention_exercise(&me, ex);
        bad += lint_mention(&me, &ex->tags, &it->tags,
                            ex->safety ? ex->safety : it->safety, it->file,
                            ex->id, d);
    }
    return bad;
}

/* ---- Options ------------------------------------------------------------------ */

/* Whether a choice repeats what the app always offers. */
static int is_app_choice(const char *text)
{
    char buf[32];
    size_t n = strlen(text);
    if (n >= sizeof buf)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    while (n > 0 && (buf[n - 1] == '.' || buf[n - 1] == '!'))
        n--;
    buf[n] = '\0';
    return !strcmp(buf, "skip") || !strcmp(buf, "not now") ||
           !strcmp(buf, "skip this") || !strcmp(buf, "not right now");
}

static size_t lint_exercise(const im_library *lib, const im_item *it,
                            const im_exercise *ex, im_diags *d)
{
    size_t bad = lint_links(lib, &ex->links, it->file, ex->line, d);
    im_strings tags = ex->tags;
    const char *safety = ex->safety ? ex->safety : it->safety;
    if (ex->safety || !it->safety)
        bad += lint_safety(lib, &tags, safety, it->file, ex->line, d);
    for (size_t s = 0; s < ex->n_steps; s++) {
        const im_step *st = &ex->steps[s];
        if (st->kind != IM_STEP_PROMPT)
            continue;
        /* Answers are stored under the prompt's id and kept across
         * sessions (runs resume, couple sessions, progress): a positional
         * id would hand them to another prompt once the file changes. */
        if (!st->id_given)
            bad += problem(d, it->file, st->line,
                           "prompt in exercise '%s' needs an id that stays: "
                           "'id:' under '## Prompt', or '- [an-id] ...' "
                           "on a '## Prompts' bullet",
                           ex->id);
        /* The care card answers one person on their own device; in a
         * couple exercise it would open in front of the partner. */
        if (st->wellbeing != IM_WELLBEING_NONE && ex->mode != IM_MODE_SOLO)
            bad += problem(d, it->file, st->line,
                           "'wellbeing:' in exercise '%s' (mode: %s): a "
                           "wellbeing check is for solo exercises only",
                           ex->id, im_mode_name(ex->mode));
        for (size_t o = 0; o < st->n_options; o++)
            if (is_app_choice(st->options[o].text))
                bad += problem(d, it->file, st->line,
                               "choice '%s' repeats what the app always "
                               "offers (Skip and Not now)",
                               st->options[o].text);
    }
    return bad;
}

size_t im_content_lint(const im_library *lib, im_diags *d)
{
    size_t bad = lint_unique_ids(lib, d);
    for (size_t i = 0; i < im_library_item_count(lib); i++) {
        const im_item *it = im_library_item(lib, i);
        bad += lint_links(lib, &it->links, it->file, it->line, d);
        bad += lint_safety(lib, &it->tags, it->safety, it->file, it->line, d);
        for (size_t e = 0; e < it->n_exercises; e++)
            bad += lint_exercise(lib, it, &it->exercises[e], d);
        bad += lint_sensitive(it, d);
    }
    return bad;
}

/* ---- Completeness ------------------------------------------------------------- */

#define PATH_STEPS    10
#define CARDS_MIN     2
#define CARDS_MAX     4
#define DECK_PROMPTS  12
#define REVEALS_MIN   3
#define BREATHING_MIN 2
#define COMFORT_MIN   24
#define CLOSENESS_MIN 8

static size_t count_prompts(const im_exercise *ex, im_answer_kind kind,
                            int any_open)
{
    size_t n = 0;
    for (size_t s = 0; s < ex->n_steps; s++) {
        const im_step *st = &ex->steps[s];
        if (st->kind != IM_STEP_PROMPT)
            continue;
        if (any_open
                ? (st->answer == IM_ANSWER_TEXT || st->answer == IM_ANSWER_NONE)
                : st->answer == kind)
            n++;
    }
    return n;
}

static int has_summary(const im_exercise *ex)
{
    for (size_t s = 0; s < ex->n_steps; s++)
        if (ex->steps[s].kind == IM_STEP_SUMMARY)
            return 1;
    return 0;
}

static size_t lint_path(const im_library *lib, im_diags *d)
{
    const im_item *path[64];
    size_t n = im_library_path(lib, path, 64), bad = 0;
    if (n > 64)
        n = 64;
    for (int step = 1; step <= PATH_STEPS; step++) {
        const im_item *found = NULL;
        for (size_t i = 0; i < n; i++) {
            if (path[i]->step != step)
                continue;
            if (found)
                bad += problem(d, path[i]->file, path[i]->line,
                               "path step %d is also %s", step, found->file);
            found = path[i];
        }
        if (!found) {
            bad += problem(d, "", 0, "path step %d is missing", step);
            continue;
        }
        if (found->n_cards < CARDS_MIN || found->n_cards > CARDS_MAX)
            bad += problem(d, found->file, found->line,
                           "path step '%s' has %zu cards (expected %d to %d)",
                           found->id, found->n_cards, CARDS_MIN, CARDS_MAX);
        if (found->n_exercises < 1)
            bad += problem(d, found->file, found->line,
                           "path step '%s' has no exercise (expected at "
                           "least 1)",
                           found->id);
    }
    for (size_t i = 0; i < n; i++)
        if (path[i]->step > PATH_STEPS)
            bad += problem(d, path[i]->file, path[i]->line,
                           "path step %d is past the last step (%d)",
                           path[i]->step, PATH_STEPS);
    return bad;
}

static size_t lint_decks(const im_library *lib, im_diags *d)
{
    static const char *const dims[] = {"emotional", "intellectual",
                                       "experiential", "spiritual", "physical"};
    size_t bad = 0;
    for (size_t k = 0; k < 5; k++) {
        const im_item *best = NULL;
        size_t best_n = 0;
        for (size_t i = 0; i < im_library_item_count(lib); i++) {
            const im_item *it = im_library_item(lib, i);
            if (it->kind != IM_ITEM_TOGETHER || !it->dimension ||
                strcmp(it->dimension, dims[k]) != 0)
                continue;
            size_t n = 0;
            for (size_t e = 0; e < it->n_exercises; e++)
                n += count_prompts(&it->exercises[e], IM_ANSWER_TEXT, 1);
            if (!best || n > best_n) {
                best = it;
                best_n = n;
            }
        }
        if (!best)
            bad += problem(d, "", 0,
                           "no deck for dimension '%s' (a together "
                           "item with 'dimension: %s')",
                           dims[k], dims[k]);
        else if (best_n < DECK_PROMPTS)
            bad += problem(d, best->file, best->line,
                           "deck '%s' has %zu open-ended prompts (expected "
                           "at least %d)",
                           best->id, best_n, DECK_PROMPTS);
    }
    return bad;
}

static size_t lint_totals(const im_library *lib, im_diags *d)
{
    size_t reveals = 0, breathing = 0, bad = 0;
    for (size_t i = 0; i < im_library_item_count(lib); i++) {
        const im_item *it = im_library_item(lib, i);
        for (size_t e = 0; e < it->n_exercises; e++) {
            reveals += it->exercises[e].mode == IM_MODE_REVEAL;
            breathing += count_prompts(&it->exercises[e], IM_ANSWER_BREATHING,
                                       0);
        }
    }
    if (reveals < REVEALS_MIN)
        bad += problem(d, "", 0,
                       "%zu mode: reveal exercises (expected at "
                       "least %d)",
                       reveals, REVEALS_MIN);
    if (breathing < BREATHING_MIN)
        bad += problem(d, "", 0,
                       "%zu breathing prompts (expected at least "
                       "%d)",
                       breathing, BREATHING_MIN);
    return bad;
}

/* What a required id must be.  Returns NULL when it fits, or what it
 * lacks. */
typedef const char *(*id_check)(const im_library *lib, const char *id);

static const char *want_exercise(const im_library *lib, const char *id)
{
    return im_library_find_exercise(lib, id) ? NULL : "an exercise";
}

static const char *want_any(const im_library *lib, const char *id)
{
    return id_exists(lib, id) ? NULL : "an item or exercise";
}

static const char *want_safety(const im_library *lib, const char *id)
{
    const im_item *it = im_library_find_item(lib, id);
    return it && it->kind == IM_ITEM_SAFETY ? NULL
                                            : "an item with kind: safety";
}

static const char *want_self_check(const im_library *lib, const char *id)
{
    const im_exercise *ex = im_library_find_exercise(lib, id);
    return ex && has_summary(ex) ? NULL : "an exercise with a '## Summary'";
}

static const char *want_ladder(const im_library *lib, const char *id)
{
    const im_exercise *ex = im_library_find_exercise(lib, id);
    return ex && count_prompts(ex, IM_ANSWER_LADDER, 0)
               ? NULL
               : "an exercise with an answer: ladder prompt";
}

static const char *want_item_with_exercise(const im_library *lib,
                                           const char *id)
{
    const im_item *it = im_library_find_item(lib, id);
    return it && it->n_exercises ? NULL : "an item with at least 1 exercise";
}

static const char *want_item(const im_library *lib, const char *id)
{
    return im_library_find_item(lib, id) ? NULL : "an item";
}

static const char *want_turns(const im_library *lib, const char *id)
{
    const im_exercise *ex = im_library_find_exercise(lib, id);
    return ex && ex->mode == IM_MODE_TURNS ? NULL
                                           : "an exercise with mode: turns";
}

static const char *want_comfort(const im_library *lib, const char *id)
{
    const im_exercise *ex = im_library_find_exercise(lib, id);
    return ex && ex->mode == IM_MODE_MATCH &&
                   count_prompts(ex, IM_ANSWER_MATCH, 0) >= COMFORT_MIN
               ? NULL
               : "a mode: match exercise with at least 24 items";
}

static const char *want_connection(const im_library *lib, const char *id)
{
    const im_exercise *ex = im_library_find_exercise(lib, id);
    return ex && ex->mode == IM_MODE_REVEAL &&
                   count_prompts(ex, IM_ANSWER_SCALE, 0) >= 5
               ? NULL
               : "a mode: reveal exercise with a scale prompt per dimension";
}

static const char *want_closeness(const im_library *lib, const char *id)
{
    const im_exercise *ex = im_library_find_exercise(lib, id);
    return ex && ex->mode == IM_MODE_CONSENT_LADDER &&
                   count_prompts(ex, IM_ANSWER_CONSENT, 0) >= CLOSENESS_MIN
               ? NULL
               : "a mode: consent-ladder exercise with at least 8 steps";
}

static const struct {
    const char *id;
    id_check check;
} required[] = {
    {"crisis", want_safety},
    {"self-check", want_self_check},
    {"thought-record", want_exercise},
    {"vulnerability-ladder", want_ladder},
    {"boundaries-map", want_exercise},
    {"body-scan", want_exercise},
    {"finding-a-therapist", want_item},
    {"supporting-a-partner", want_item_with_exercise},
    {"speaker-listener", want_turns},
    {"comfort-map", want_comfort},
    {"connection-map", want_connection},
    {"daily-check-in", want_exercise},
    {"closeness-ladder", want_closeness},
    {"quality-time", want_any},
};

size_t im_content_lint_complete(const im_library *lib, im_diags *d)
{
    size_t bad = lint_path(lib, d) + lint_decks(lib, d) + lint_totals(lib, d);
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        const char *lack = required[i].check(lib, required[i].id);
        if (lack)
            bad += problem(d, "", 0,
                           "'%s' should be %s (see content/"
                           "README.md, ids the checker looks for)",
                           required[i].id, lack);
    }
    return bad;
}
