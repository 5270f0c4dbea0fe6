/*
 * content_parse.c -- one content file to one item (format: content/README.md).
 *
 * Design: a line-driven reader with one "block" open at a time.  A block is
 * the header, or the text under a "# " or "## " heading.  Its key: value
 * fields and its paragraphs / bullets are gathered as slices of the input;
 * when the next heading (or the end) closes it, a finisher for that block
 * kind checks it and turns it into the public structures (content.h).
 *
 * Invariants:
 *   1. The input is checked as bytes first (content_lex.c), so everything
 *      after works on valid UTF-8 lines of bounded length.
 *   2. Every allocation comes from the library's arena; a failure just
 *      stops parsing -- there is nothing to unwind.
 *   3. The first error stops the file: one diagnostic per broken file, and
 *      its item is not added (content.h invariant 2).
 *   4. Block finishers run in file order, so an exercise's mode is known
 *      when its prompts are finished.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "content_internal.h"
#include "content_lex.h"

typedef enum block_kind {
    B_NONE, B_HEADER,
    B_CARD, B_EXERCISE, B_JOURNAL,                       /* "# "  */
    B_STEP_CARD, B_PROMPT, B_PROMPTS, B_DISCUSS, B_SUMMARY,
    B_EX_JOURNAL                                         /* "## " */
} block_kind;

typedef struct field {
    im_slice key, value;
    int line;
} field;

typedef struct para_build {
    int bullet;
    int line;
    im_vec text;  /* im_slice pieces, joined with one space */
    im_vec note;
} para_build;

typedef struct block {
    block_kind kind;
    int line;
    im_slice title;        /* after "Card:" etc.; n == 0 when none */
    im_vec fields;         /* field */
    im_vec paras;          /* para_build */
    int in_fields;
    int open;              /* 0: none, 1: paragraph, 2: bullet */
} block;

typedef struct parser {
    im_arena *a;
    im_diags *diags;
    const char *file;
    int failed;
    im_rc rc;
    block b;
    int nblocks;
    im_item *item;
    im_vec cards, exercises, journal;   /* im_card, im_exercise, char* */
    int in_exercise;
    im_exercise ex;
    im_vec steps, ex_journal;           /* im_step, char* */
    im_slice ex_default_answer;         /* an exercise's answer:, or n 0 */
    int ex_default_answer_line;
} parser;

/* ---- Errors ---------------------------------------------------------------- */

static void fail(parser *P, int line, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void fail(parser *P, int line, const char *fmt, ...)
{
    if (P->failed)
        return;
    P->failed = 1;
    P->rc = IM_ERR_PARSE;
    char text[IM_DIAG_TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    im_diags_add(P->diags, P->file, line, "%s", text);
}

static void fail_nomem(parser *P)
{
    if (P->failed)
        return;
    P->failed = 1;
    P->rc = IM_ERR_NOMEM;
    im_diags_add(P->diags, P->file, 0, "out of memory");
}

static void *push(parser *P, im_vec *v)
{
    void *p = im_vec_push(P->a, v);
    if (!p)
        fail_nomem(P);
    return p;
}

/* ---- Text ------------------------------------------------------------------- */

static char *join(parser *P, const im_vec *pieces)
{
    const im_slice *s = pieces->v;
    size_t len = 0;
    for (size_t i = 0; i < pieces->n; i++)
        len += s[i].n + 1;
    char *out = im_arena_alloc(P->a, len + 1);
    if (!out) {
        fail_nomem(P);
        return NULL;
    }
    size_t at = 0;
    for (size_t i = 0; i < pieces->n; i++) {
        if (i)
            out[at++] = ' ';
        memcpy(out + at, s[i].s, s[i].n);
        at += s[i].n;
    }
    out[at] = '\0';
    return out;
}

static char *dup_slice(parser *P, im_slice s)
{
    char *p = im_arena_strndup(P->a, s.s, s.n);
    if (!p)
        fail_nomem(P);
    return p;
}

/* The block's paragraphs and bullets as public paragraphs.  When
 * notes_are_text, a bullet's indented lines continue its text (cards);
 * otherwise they are its note (choices). */
static im_text block_text(parser *P, int notes_are_text)
{
    im_text t = {NULL, 0};
    size_t n = P->b.paras.n;
    if (n == 0 || P->failed)
        return t;
    im_para *v = im_arena_alloc(P->a, n * sizeof *v);
    if (!v) {
        fail_nomem(P);
        return t;
    }
    para_build *pb = P->b.paras.v;
    for (size_t i = 0; i < n && !P->failed; i++) {
        v[i].bullet = pb[i].bullet;
        v[i].line = pb[i].line;
        if (notes_are_text) {
            im_vec all = pb[i].text;
            im_vec copy;
            im_vec_init(&copy, sizeof(im_slice));
            for (size_t k = 0; k < all.n + pb[i].note.n && !P->failed; k++) {
                im_slice *dst = push(P, &copy);
                if (dst)
                    *dst = k < all.n ? ((im_slice *)all.v)[k]
                                     : ((im_slice *)pb[i].note.v)[k - all.n];
            }
            v[i].text = join(P, &copy);
        } else {
            v[i].text = join(P, &pb[i].text);
            if (pb[i].note.n)
                v[i].note = join(P, &pb[i].note);
        }
    }
    t.v = v;
    t.n = n;
    return t;
}

/* ---- Fields ----------------------------------------------------------------- */

static const field *get(parser *P, const char *key)
{
    const field *f = P->b.fields.v;
    for (size_t i = 0; i < P->b.fields.n; i++)
        if (im_slice_eq(f[i].key, key))
            return &f[i];
    return NULL;
}

/* The allowed fields of each block kind, as " key key " strings. */
static const char *allowed_fields(block_kind k)
{
    switch (k) {
    case B_HEADER:
        return "id kind title step summary minutes dimension tags safety links";
    case B_EXERCISE:
        return "id mode answer tags safety links turn-seconds reflect minutes";
    case B_PROMPT:
        return "id answer hint low high seconds minutes pattern rounds reflect";
    case B_PROMPTS:
        return "group answer hint low high seconds minutes pattern rounds "
               "reflect";
    case B_SUMMARY:
        return "shows title";
    default:
        return NULL; /* no fields: every line is text */
    }
}

static int in_word_list(const char *list, im_slice word)
{
    const char *p = list;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        if (n == word.n && memcmp(p, word.s, n) == 0)
            return 1;
        p += n;
        while (*p == ' ')
            p++;
    }
    return 0;
}

static const char *block_name(block_kind k)
{
    switch (k) {
    case B_HEADER: return "the header";
    case B_CARD: return "'# Card'";
    case B_EXERCISE: return "'# Exercise'";
    case B_JOURNAL: return "'# Journal'";
    case B_STEP_CARD: return "'## Card'";
    case B_PROMPT: return "'## Prompt'";
    case B_PROMPTS: return "'## Prompts'";
    case B_DISCUSS: return "'## Discuss'";
    case B_SUMMARY: return "'## Summary'";
    case B_EX_JOURNAL: return "'## Journal'";
    default: return "?";
    }
}

/* Take a field line into the open block.  Returns 0, or -1 on error. */
static int add_field(parser *P, im_slice key, im_slice value, int line)
{
    const char *allowed = allowed_fields(P->b.kind);
    if (!in_word_list(allowed, key)) {
        fail(P, line, "unknown field '%.*s:' in %s (expected one of: %s)",
             (int)key.n, key.s, block_name(P->b.kind), allowed);
        return -1;
    }
    const field *f = P->b.fields.v;
    for (size_t i = 0; i < P->b.fields.n; i++)
        if (f[i].key.n == key.n && memcmp(f[i].key.s, key.s, key.n) == 0) {
            fail(P, line, "field '%.*s:' given twice (first on line %d)",
                 (int)key.n, key.s, f[i].line);
            return -1;
        }
    if (value.n == 0) {
        fail(P, line, "expected a value after '%.*s:'", (int)key.n, key.s);
        return -1;
    }
    field *nf = push(P, &P->b.fields);
    if (!nf)
        return -1;
    nf->key = key;
    nf->value = value;
    nf->line = line;
    return 0;
}

static const char *field_str(parser *P, const char *key)
{
    const field *f = get(P, key);
    return f ? dup_slice(P, f->value) : NULL;
}

/* A whole number field in [min, max]; def when absent; -1 on error. */
static int field_int(parser *P, const char *key, long min, long max, long def,
                     long *out)
{
    const field *f = get(P, key);
    *out = def;
    if (!f)
        return 0;
    if (im_lex_int(f->value, min, max, out) != 0) {
        fail(P, f->line, "expected a whole number from %ld to %ld after '%s:'",
             min, max, key);
        return -1;
    }
    return 0;
}

static int field_list(parser *P, const char *key, im_strings *out)
{
    const field *f = get(P, key);
    out->v = NULL;
    out->n = 0;
    if (!f)
        return 0;
    char why[96];
    if (im_lex_list(P->a, f->value, out, why, sizeof why) != 0) {
        fail(P, f->line,
             "expected ids separated by commas after '%s:' (found %s)", key,
             why);
        return -1;
    }
    return 0;
}

static int field_id(parser *P, const char *key, const char **out)
{
    const field *f = get(P, key);
    *out = NULL;
    if (!f)
        return 0;
    if (!im_content_id_valid(f->value.s, f->value.n)) {
        fail(P, f->line,
             "expected an id of lower-case letters, digits and '-' "
             "(at most %d) after '%s:'", IM_CONTENT_ID_MAX, key);
        return -1;
    }
    *out = dup_slice(P, f->value);
    return 0;
}

/* Match a field against a table of names; -1 when absent (def used) or on
 * error (P->failed set). */
static int field_enum(parser *P, const char *key, const char *const *names,
                      const int *values, size_t n, const char *expected,
                      int def, int *out)
{
    const field *f = get(P, key);
    *out = def;
    if (!f)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (im_slice_eq(f->value, names[i])) {
            *out = values[i];
            return 0;
        }
    fail(P, f->line, "expected '%s:' to be %s", key, expected);
    return -1;
}

/* ---- Block checks --------------------------------------------------------------- */

static int has_plain_paras(parser *P)
{
    const para_build *pb = P->b.paras.v;
    for (size_t i = 0; i < P->b.paras.n; i++)
        if (!pb[i].bullet)
            return pb[i].line;
    return 0;
}

static int bullet_count(parser *P)
{
    const para_build *pb = P->b.paras.v;
    int n = 0;
    for (size_t i = 0; i < P->b.paras.n; i++)
        n += pb[i].bullet;
    return n;
}

static int require_only_bullets(parser *P, int min)
{
    int line = has_plain_paras(P);
    if (line) {
        fail(P, line, "expected only '- ' bullets under %s",
             block_name(P->b.kind));
        return -1;
    }
    if (bullet_count(P) < min) {
        fail(P, P->b.line, "expected at least %d '- ' bullet%s under %s", min,
             min == 1 ? "" : "s", block_name(P->b.kind));
        return -1;
    }
    return 0;
}

/* Bullets as a list of strings (journal prompts). */
static im_strings bullets_as_strings(parser *P)
{
    im_strings s = {NULL, 0};
    size_t n = P->b.paras.n;
    const char **v = im_arena_alloc(P->a, (n ? n : 1) * sizeof *v);
    if (!v) {
        fail_nomem(P);
        return s;
    }
    const para_build *pb = P->b.paras.v;
    for (size_t i = 0; i < n; i++)
        v[i] = join(P, &pb[i].text);
    s.v = v;
    s.n = n;
    return s;
}

/* ---- Finishing the header ---------------------------------------------------------- */

static int finish_header(parser *P)
{
    static const char *const kinds[] = {"path", "practice", "guide",
                                        "together", "safety"};
    static const int kind_values[] = {IM_ITEM_PATH, IM_ITEM_PRACTICE,
                                      IM_ITEM_GUIDE, IM_ITEM_TOGETHER,
                                      IM_ITEM_SAFETY};
    static const char *const dims[] = {"emotional", "intellectual",
                                       "experiential", "spiritual",
                                       "physical"};
    im_item *it = P->item;
    int line = P->b.line;
    const char *need[] = {"id", "kind", "title"};
    for (size_t i = 0; i < 3; i++)
        if (!get(P, need[i])) {
            fail(P, line, "expected '%s:' in the header", need[i]);
            return -1;
        }
    int kind;
    long step, minutes;
    if (field_id(P, "id", &it->id) || field_list(P, "tags", &it->tags) ||
        field_list(P, "links", &it->links) ||
        field_id(P, "safety", &it->safety) ||
        field_enum(P, "kind", kinds, kind_values, 5,
                   "path, practice, guide, together or safety", 0, &kind) ||
        field_int(P, "step", 1, 99, 0, &step) ||
        field_int(P, "minutes", 1, 600, 0, &minutes))
        return -1;
    it->kind = (im_item_kind)kind;
    it->step = (int)step;
    it->minutes = (int)minutes;
    it->title = field_str(P, "title");
    it->summary = field_str(P, "summary");
    const field *st = get(P, "step");
    if (it->kind == IM_ITEM_PATH && !st) {
        fail(P, line, "expected 'step:' (1 to 10) in the header of a path step");
        return -1;
    }
    if (it->kind != IM_ITEM_PATH && st) {
        fail(P, st->line, "'step:' is only for kind: path");
        return -1;
    }
    const field *dim = get(P, "dimension");
    if (dim) {
        size_t i;
        for (i = 0; i < 5; i++)
            if (im_slice_eq(dim->value, dims[i]))
                break;
        if (i == 5) {
            fail(P, dim->line,
                 "expected 'dimension:' to be emotional, intellectual, "
                 "experiential, spiritual or physical");
            return -1;
        }
        it->dimension = dims[i];
    }
    return P->failed ? -1 : 0;
}

/* ---- Finishing item blocks --------------------------------------------------------- */

static int finish_card(parser *P)
{
    if (P->b.title.n == 0) {
        fail(P, P->b.line, "expected a title after '# Card:'");
        return -1;
    }
    if (P->b.paras.n == 0) {
        fail(P, P->b.line, "expected text under '# Card: %.*s'",
             (int)(P->b.title.n > 60 ? 60 : P->b.title.n), P->b.title.s);
        return -1;
    }
    im_card *c = push(P, &P->cards);
    if (!c)
        return -1;
    c->title = dup_slice(P, P->b.title);
    c->text = block_text(P, 1);
    c->line = P->b.line;
    return P->failed ? -1 : 0;
}

static int finish_journal(parser *P, im_vec *into)
{
    if (require_only_bullets(P, 1))
        return -1;
    im_strings s = bullets_as_strings(P);
    for (size_t i = 0; i < s.n && !P->failed; i++) {
        const char **slot = push(P, into);
        if (slot)
            *slot = s.v[i];
    }
    return P->failed ? -1 : 0;
}

static int finish_exercise_header(parser *P)
{
    static const char *const modes[] = {"solo", "turns", "reveal", "match",
                                        "consent-ladder"};
    static const int mode_values[] = {IM_MODE_SOLO, IM_MODE_TURNS,
                                      IM_MODE_REVEAL, IM_MODE_MATCH,
                                      IM_MODE_CONSENT_LADDER};
    im_exercise *ex = &P->ex;
    memset(ex, 0, sizeof *ex);
    im_vec_init(&P->steps, sizeof(im_step));
    im_vec_init(&P->ex_journal, sizeof(char *));
    P->in_exercise = 1;
    ex->line = P->b.line;
    ex->file = P->file;
    if (P->b.title.n == 0) {
        fail(P, P->b.line, "expected a title after '# Exercise:'");
        return -1;
    }
    if (P->b.paras.n) {
        fail(P, ((para_build *)P->b.paras.v)[0].line,
             "expected '## ' steps after the fields of '# Exercise' "
             "(put reading text in a '## Card')");
        return -1;
    }
    if (!get(P, "id")) {
        fail(P, P->b.line, "expected 'id:' under '# Exercise: %.*s'",
             (int)(P->b.title.n > 60 ? 60 : P->b.title.n), P->b.title.s);
        return -1;
    }
    int mode;
    long turn;
    if (field_id(P, "id", &ex->id) || field_list(P, "tags", &ex->tags) ||
        field_list(P, "links", &ex->links) ||
        field_id(P, "safety", &ex->safety) ||
        field_enum(P, "mode", modes, mode_values, 5,
                   "solo, turns, reveal, match or consent-ladder",
                   IM_MODE_SOLO, &mode) ||
        field_int(P, "minutes", 1, 600, 0, &turn) ||
        field_int(P, "turn-seconds", 10, IM_CONTENT_SECONDS_MAX, 0, &turn))
        return -1;
    ex->mode = (im_mode)mode;
    ex->turn_seconds = (int)turn;
    ex->title = dup_slice(P, P->b.title);
    ex->reflect = field_str(P, "reflect");
    if (ex->mode == IM_MODE_TURNS && !ex->turn_seconds) {
        fail(P, P->b.line, "expected 'turn-seconds:' for mode: turns");
        return -1;
    }
    if (ex->mode != IM_MODE_TURNS) {
        const field *f = get(P, "turn-seconds");
        if (!f)
            f = get(P, "reflect");
        if (f) {
            fail(P, f->line, "'%.*s:' is only for mode: turns", (int)f->key.n,
                 f->key.s);
            return -1;
        }
    }
    /* The exercise's default answer kind is kept as a field slice and read
     * by each prompt (see prompt_answer). */
    const field *ans = get(P, "answer");
    P->ex_default_answer_line = ans ? ans->line : 0;
    P->ex_default_answer = ans ? ans->value : (im_slice){NULL, 0};
    return P->failed ? -1 : 0;
}

/* ---- Finishing exercise steps ------------------------------------------------------- */

static const char *const answer_names[] = {"none", "text", "one", "many",
                                           "scale", "checklist", "ladder",
                                           "timer", "breathing"};
static const int answer_values[] = {IM_ANSWER_NONE, IM_ANSWER_TEXT,
                                    IM_ANSWER_ONE, IM_ANSWER_MANY,
                                    IM_ANSWER_SCALE, IM_ANSWER_CHECKLIST,
                                    IM_ANSWER_LADDER, IM_ANSWER_TIMER,
                                    IM_ANSWER_BREATHING};
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
    const field *f = get(P, "answer");
    if (mode == IM_MODE_MATCH || mode == IM_MODE_CONSENT_LADDER) {
        int line = f ? f->line : P->ex_default_answer_line;
        if (line) {
            fail(P, line, "'answer:' is not used in a mode: %s exercise",
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
        fail(P, P->b.line, "expected 'answer:' after a prompt");
        return -1;
    }
    size_t i;
    for (i = 0; i < sizeof answer_names / sizeof answer_names[0]; i++)
        if (im_slice_eq(v, answer_names[i]))
            break;
    if (i == sizeof answer_names / sizeof answer_names[0]) {
        fail(P, line, "expected 'answer:' to be " ANSWER_LIST);
        return -1;
    }
    *out = (im_answer_kind)answer_values[i];
    if (mode == IM_MODE_REVEAL &&
        (*out == IM_ANSWER_NONE || *out == IM_ANSWER_TIMER ||
         *out == IM_ANSWER_BREATHING)) {
        fail(P, line, "expected an answer that can be revealed (text, one, "
                      "many, scale, checklist or ladder) in a mode: reveal "
                      "exercise");
        return -1;
    }
    return 0;
}

/* A field that only fits some answer kinds: fail when present otherwise. */
static int field_fits(parser *P, const char *key, int fits,
                      const char *which)
{
    const field *f = get(P, key);
    if (f && !fits) {
        fail(P, f->line, "'%s:' goes only with %s", key, which);
        return -1;
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
        field_fits(P, "seconds", k == IM_ANSWER_TIMER, "answer: timer") ||
        field_fits(P, "minutes", k == IM_ANSWER_TIMER, "answer: timer") ||
        field_fits(P, "pattern", k == IM_ANSWER_BREATHING,
                   "answer: breathing") ||
        field_fits(P, "rounds", k == IM_ANSWER_BREATHING,
                   "answer: breathing") ||
        field_fits(P, "reflect", P->ex.mode == IM_MODE_TURNS,
                   "mode: turns"))
        return -1;
    s->hint = field_str(P, "hint");
    s->low = field_str(P, "low");
    s->high = field_str(P, "high");
    if (k == IM_ANSWER_SCALE && (!s->low || !s->high)) {
        fail(P, P->b.line, "expected 'low:' and 'high:' for answer: scale");
        return -1;
    }
    if (k == IM_ANSWER_TIMER) {
        long secs, mins;
        if (get(P, "seconds") && get(P, "minutes")) {
            fail(P, get(P, "minutes")->line,
                 "expected 'seconds:' or 'minutes:', not both");
            return -1;
        }
        if (field_int(P, "seconds", 1, IM_CONTENT_SECONDS_MAX, 0, &secs) ||
            field_int(P, "minutes", 1, IM_CONTENT_SECONDS_MAX / 60, 0, &mins))
            return -1;
        s->seconds = (int)(secs ? secs : mins * 60);
        if (!s->seconds) {
            fail(P, P->b.line,
                 "expected 'seconds:' or 'minutes:' for answer: timer");
            return -1;
        }
    }
    if (k == IM_ANSWER_BREATHING) {
        const field *pat = get(P, "pattern");
        long rounds;
        if (!pat) {
            fail(P, P->b.line, "expected 'pattern:' for answer: breathing");
            return -1;
        }
        if (im_lex_breathing(pat->value, s->phases, &s->n_phases) != 0) {
            fail(P, pat->line,
                 "expected a pattern like 'in 4, hold 7, out 8' (phases in, "
                 "hold, out, rest; 1 to 60 seconds; at most %d phases)",
                 IM_BREATH_PHASES_MAX);
            return -1;
        }
        if (field_int(P, "rounds", 1, IM_BREATH_ROUNDS_MAX,
                      IM_BREATH_ROUNDS_DEFAULT, &rounds))
            return -1;
        s->rounds = (int)rounds;
    }
    s->reflect = field_str(P, "reflect");
    if (!s->reflect)
        s->reflect = P->ex.reflect;
    if (P->ex.mode == IM_MODE_TURNS && !s->reflect) {
        fail(P, P->b.line, "expected 'reflect:' on the prompt or its "
                           "exercise for mode: turns");
        return -1;
    }
    s->seconds = P->ex.mode == IM_MODE_TURNS ? P->ex.turn_seconds : s->seconds;
    return P->failed ? -1 : 0;
}

static im_step *new_step(parser *P, im_step_kind kind)
{
    im_step *s = push(P, &P->steps);
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
        fail_nomem(P);
    return s;
}

/* The bullets of the open block as options (text and note). */
static int block_options(parser *P, im_step *s)
{
    size_t n = (size_t)bullet_count(P);
    if (n == 0)
        return 0;
    im_option *o = im_arena_alloc(P->a, n * sizeof *o);
    if (!o) {
        fail_nomem(P);
        return -1;
    }
    const para_build *pb = P->b.paras.v;
    size_t k = 0;
    for (size_t i = 0; i < P->b.paras.n; i++) {
        if (!pb[i].bullet)
            continue;
        o[k].text = join(P, &pb[i].text);
        o[k].note = pb[i].note.n ? join(P, &pb[i].note) : NULL;
        k++;
    }
    s->options = o;
    s->n_options = n;
    return P->failed ? -1 : 0;
}

/* Only the plain paragraphs of the open block, as text. */
static im_text plain_text(parser *P)
{
    im_text all = block_text(P, 0);
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

static int finish_prompt(parser *P)
{
    im_answer_kind k;
    if (prompt_answer(P, &k))
        return -1;
    im_step *s = new_step(P, IM_STEP_PROMPT);
    if (!s)
        return -1;
    s->answer = k;
    const char *id;
    if (field_id(P, "id", &id) || prompt_fields(P, s))
        return -1;
    if (id)
        s->id = id;
    int bullets = bullet_count(P);
    if (bullets && !is_choice(k) && k != IM_ANSWER_LADDER) {
        fail(P, P->b.line,
             "expected no '- ' list with answer: %s (a list is for one, "
             "many, checklist or ladder)", im_answer_kind_name(k));
        return -1;
    }
    int min = (k == IM_ANSWER_ONE || k == IM_ANSWER_MANY) ? 2
              : k == IM_ANSWER_CHECKLIST                  ? 1
                                                          : 0;
    if (bullets > IM_CONTENT_CHOICES_MAX) {
        fail(P, P->b.line, "more than %d '- ' choices in one prompt",
             IM_CONTENT_CHOICES_MAX);
        return -1;
    }
    if (bullets < min) {
        fail(P, P->b.line, "expected at least %d '- ' choice%s for answer: %s",
             min, min == 1 ? "" : "s", im_answer_kind_name(k));
        return -1;
    }
    if (block_options(P, s))
        return -1;
    s->text = plain_text(P);
    if (s->text.n == 0) {
        fail(P, P->b.line, "expected the question text under '## Prompt'");
        return -1;
    }
    return P->failed ? -1 : 0;
}

static int finish_prompts(parser *P)
{
    im_answer_kind k;
    if (prompt_answer(P, &k) || require_only_bullets(P, 1))
        return -1;
    if (is_choice(k)) {
        fail(P, P->b.line, "'## Prompts' cannot carry choices; use one "
                           "'## Prompt' block per question for answer: %s",
             im_answer_kind_name(k));
        return -1;
    }
    const char *group = field_str(P, "group");
    const para_build *pb = P->b.paras.v;
    for (size_t i = 0; i < P->b.paras.n && !P->failed; i++) {
        if (pb[i].note.n) {
            fail(P, pb[i].line, "expected no indented note under a bullet "
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
            fail_nomem(P);
            return -1;
        }
        para->text = join(P, &pb[i].text);
        para->line = pb[i].line;
        s->text.v = para;
        s->text.n = 1;
    }
    return P->failed ? -1 : 0;
}

static int finish_step_card(parser *P)
{
    if (P->b.paras.n == 0) {
        fail(P, P->b.line, "expected text under '## Card'");
        return -1;
    }
    im_step *s = new_step(P, IM_STEP_CARD);
    if (!s)
        return -1;
    s->title = P->b.title.n ? dup_slice(P, P->b.title) : NULL;
    s->text = block_text(P, 1);
    return P->failed ? -1 : 0;
}

static int finish_discuss(parser *P)
{
    if (P->ex.mode == IM_MODE_SOLO) {
        fail(P, P->b.line, "'## Discuss' is for couple exercises (mode: "
                           "turns, reveal, match or consent-ladder)");
        return -1;
    }
    if (bullet_count(P) < 1) {
        fail(P, P->b.line, "expected at least 1 '- ' talking point under "
                           "'## Discuss'");
        return -1;
    }
    im_step *s = new_step(P, IM_STEP_DISCUSS);
    if (!s || block_options(P, s))
        return -1;
    s->text = plain_text(P);
    return P->failed ? -1 : 0;
}

static int finish_summary(parser *P)
{
    const field *shows = get(P, "shows");
    if (!shows) {
        fail(P, P->b.line, "expected 'shows:' (the ids of the prompts it "
                           "reflects) under '## Summary'");
        return -1;
    }
    if (bullet_count(P)) {
        fail(P, P->b.line, "expected no '- ' list under '## Summary' (it "
                           "shows the lines the person ticked)");
        return -1;
    }
    im_strings ids;
    if (field_list(P, "shows", &ids))
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
            fail(P, shows->line,
                 "'shows:' names '%s', which is not a one, many or "
                 "checklist prompt above in this exercise", ids.v[i]);
            return -1;
        }
    }
    im_step *s = new_step(P, IM_STEP_SUMMARY);
    if (!s)
        return -1;
    s->shows = ids;
    s->title = field_str(P, "title");
    s->text = block_text(P, 0);
    return P->failed ? -1 : 0;
}

/* Close the exercise being built and add it to the item. */
static int finish_exercise(parser *P)
{
    P->in_exercise = 0;
    const im_step *steps = P->steps.v;
    size_t prompts = 0;
    for (size_t i = 0; i < P->steps.n; i++) {
        prompts += steps[i].kind == IM_STEP_PROMPT;
        for (size_t j = 0; j < i; j++)
            if (strcmp(steps[i].id, steps[j].id) == 0) {
                fail(P, steps[i].line, "step id '%s' used twice in exercise "
                                       "'%s'", steps[i].id, P->ex.id);
                return -1;
            }
    }
    if (prompts == 0) {
        fail(P, P->ex.line, "expected at least one '## Prompt' or "
                            "'## Prompts' in exercise '%s'", P->ex.id);
        return -1;
    }
    P->ex.steps = steps;
    P->ex.n_steps = P->steps.n;
    P->ex.journal.v = P->ex_journal.v;
    P->ex.journal.n = P->ex_journal.n;
    im_exercise *slot = push(P, &P->exercises);
    if (!slot)
        return -1;
    *slot = P->ex;
    return 0;
}

/* ---- Lines and blocks -------------------------------------------------------------- */

static int close_block(parser *P)
{
    switch (P->b.kind) {
    case B_HEADER: return finish_header(P);
    case B_CARD: return finish_card(P);
    case B_EXERCISE: return finish_exercise_header(P);
    case B_JOURNAL: return finish_journal(P, &P->journal);
    case B_STEP_CARD: return finish_step_card(P);
    case B_PROMPT: return finish_prompt(P);
    case B_PROMPTS: return finish_prompts(P);
    case B_DISCUSS: return finish_discuss(P);
    case B_SUMMARY: return finish_summary(P);
    case B_EX_JOURNAL: return finish_journal(P, &P->ex_journal);
    case B_NONE: return 0;
    }
    return 0;
}

static void open_block(parser *P, block_kind kind, int line, im_slice title)
{
    memset(&P->b, 0, sizeof P->b);
    P->b.kind = kind;
    P->b.line = line;
    P->b.title = title;
    im_vec_init(&P->b.fields, sizeof(field));
    im_vec_init(&P->b.paras, sizeof(para_build));
    P->b.in_fields = allowed_fields(kind) != NULL;
}

typedef struct heading_name {
    int level;
    const char *name;
    block_kind kind;
    int titled; /* 1: title needed or allowed after ':'; 0: nothing after */
} heading_name;

static const heading_name headings[] = {
    {1, "Card", B_CARD, 1},         {1, "Exercise", B_EXERCISE, 1},
    {1, "Journal", B_JOURNAL, 0},   {2, "Card", B_STEP_CARD, 1},
    {2, "Prompt", B_PROMPT, 0},     {2, "Prompts", B_PROMPTS, 0},
    {2, "Discuss", B_DISCUSS, 0},   {2, "Summary", B_SUMMARY, 0},
    {2, "Journal", B_EX_JOURNAL, 0},
};

static void heading_line(parser *P, im_slice line, int ln)
{
    int level = 0;
    while ((size_t)level < line.n && line.s[level] == '#')
        level++;
    if (level > 2 || (size_t)level >= line.n || line.s[level] != ' ') {
        fail(P, ln, "expected '# ' or '## ' followed by a heading name "
                    "(Card, Exercise, Prompt, ...)");
        return;
    }
    im_slice rest = im_slice_trim((im_slice){line.s + level,
                                             line.n - (size_t)level});
    const char *colon = memchr(rest.s, ':', rest.n);
    im_slice name = rest, title = {rest.s + rest.n, 0};
    if (colon) {
        name = im_slice_trim((im_slice){rest.s, (size_t)(colon - rest.s)});
        title = im_slice_trim((im_slice){colon + 1,
                                         rest.n - (size_t)(colon - rest.s) - 1});
    }
    const heading_name *h = NULL;
    for (size_t i = 0; i < sizeof headings / sizeof headings[0]; i++)
        if (headings[i].level == level && im_slice_ieq(name, headings[i].name))
            h = &headings[i];
    if (!h) {
        fail(P, ln, "unknown heading '%.*s' (expected %s)",
             (int)(name.n > 40 ? 40 : name.n), name.s,
             level == 1 ? "'# Card:', '# Exercise:' or '# Journal'"
                        : "'## Card', '## Prompt', '## Prompts', "
                          "'## Discuss', '## Summary' or '## Journal'");
        return;
    }
    if (!h->titled && (colon || title.n)) {
        fail(P, ln, "expected nothing after '%s %s' (its text goes on the "
                    "lines below)", level == 1 ? "#" : "##", h->name);
        return;
    }
    if (close_block(P))
        return;
    if (level == 1 && P->in_exercise && finish_exercise(P))
        return;
    if (level == 2 && !P->in_exercise) {
        fail(P, ln, "expected '# Exercise:' before '## %s'", h->name);
        return;
    }
    if (++P->nblocks > IM_CONTENT_BLOCKS_MAX) {
        fail(P, ln, "more than %d headings in one file", IM_CONTENT_BLOCKS_MAX);
        return;
    }
    open_block(P, h->kind, ln, title);
}

static int starts_bullet(im_slice line)
{
    return line.n >= 1 && line.s[0] == '-' &&
           (line.n == 1 || line.s[1] == ' ' || line.s[1] == '\t');
}

static void add_piece(parser *P, im_vec *pieces, im_slice s)
{
    im_slice *p = push(P, pieces);
    if (p)
        *p = s;
}

static para_build *new_para(parser *P, int bullet, int ln)
{
    if (P->b.paras.n >= IM_CONTENT_PARAS_MAX) {
        fail(P, ln, "more than %d paragraphs and bullets under one heading",
             IM_CONTENT_PARAS_MAX);
        return NULL;
    }
    para_build *pb = push(P, &P->b.paras);
    if (!pb)
        return NULL;
    pb->bullet = bullet;
    pb->line = ln;
    im_vec_init(&pb->text, sizeof(im_slice));
    im_vec_init(&pb->note, sizeof(im_slice));
    return pb;
}

static void body_line(parser *P, im_slice line, int ln)
{
    im_slice t = im_slice_trim(line);
    block *b = &P->b;
    if (t.n == 0) {
        b->open = 0;
        return;
    }
    if (b->in_fields) {
        im_slice key, value;
        if (line.s[0] != ' ' && line.s[0] != '\t' &&
            im_lex_field(line, &key, &value)) {
            add_field(P, key, value, ln);
            return;
        }
        b->in_fields = 0;
    }
    if (b->kind == B_HEADER) {
        fail(P, ln, "expected 'key: value' in the header (text goes under a "
                    "'# Card:' heading)");
        return;
    }
    para_build *last = b->paras.n ? &((para_build *)b->paras.v)[b->paras.n - 1]
                                  : NULL;
    if (starts_bullet(line)) {
        im_slice rest = im_slice_trim((im_slice){line.s + 1, line.n - 1});
        if (rest.n == 0) {
            fail(P, ln, "expected text after '- '");
            return;
        }
        para_build *pb = new_para(P, 1, ln);
        if (pb)
            add_piece(P, &pb->text, rest);
        b->open = 2;
    } else if (b->open == 2 && (line.s[0] == ' ' || line.s[0] == '\t')) {
        add_piece(P, &last->note, t);
    } else if (b->open) {
        add_piece(P, &last->text, t);
    } else {
        para_build *pb = new_para(P, 0, ln);
        if (pb)
            add_piece(P, &pb->text, t);
        b->open = 1;
    }
}

static int is_comment(im_slice line)
{
    im_slice t = im_slice_trim(line);
    return t.n >= 2 && t.s[0] == '/' && t.s[1] == '/';
}

/* ---- The entry point ------------------------------------------------------------------- */

static int finish_item(parser *P)
{
    if (close_block(P))
        return -1;
    if (P->in_exercise && finish_exercise(P))
        return -1;
    im_item *it = P->item;
    it->cards = P->cards.v;
    it->n_cards = P->cards.n;
    it->exercises = P->exercises.v;
    it->n_exercises = P->exercises.n;
    it->journal.v = P->journal.v;
    it->journal.n = P->journal.n;
    it->file = P->file;
    it->line = 1;
    for (size_t i = 0; i < it->n_exercises; i++)
        ((im_exercise *)it->exercises)[i].item = it;
    return 0;
}

im_rc im_content_parse(im_library *lib, const char *name, const char *data,
                       size_t len, im_diags *diags)
{
    if (!lib || (!data && len))
        return IM_ERR_INVALID;
    if (!name)
        name = "(unnamed)";
    if (len > IM_CONTENT_FILE_MAX) {
        im_diags_add(diags, name, 0, "file is larger than %u bytes",
                     IM_CONTENT_FILE_MAX);
        return IM_ERR_TOO_LARGE;
    }
    if (lib->bytes + len > IM_CONTENT_TOTAL_MAX) {
        im_diags_add(diags, name, 0, "the library is larger than %u bytes",
                     IM_CONTENT_TOTAL_MAX);
        return IM_ERR_TOO_LARGE;
    }
    parser P;
    memset(&P, 0, sizeof P);
    P.a = &lib->arena;
    P.diags = diags;
    size_t name_len = strnlen(name, IM_CONTENT_PATH_MAX);
    P.file = im_arena_strndup(P.a, name, name_len);
    P.item = im_arena_alloc(P.a, sizeof *P.item);
    if (!P.file || !P.item) {
        im_diags_add(diags, name, 0, "out of memory");
        return IM_ERR_NOMEM;
    }
    im_vec_init(&P.cards, sizeof(im_card));
    im_vec_init(&P.exercises, sizeof(im_exercise));
    im_vec_init(&P.journal, sizeof(char *));

    int bad_line;
    char msg[IM_DIAG_TEXT_MAX];
    if (data && im_lex_check_bytes(data, len, &bad_line, msg, sizeof msg)) {
        im_diags_add(diags, P.file, bad_line, "%s", msg);
        return IM_ERR_PARSE;
    }
    const char *pos = data, *end = data ? data + len : NULL;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos += 3; /* a byte-order mark some editors add */
    open_block(&P, B_HEADER, 1, (im_slice){"", 0});
    im_slice line;
    int ln = 0;
    while (!P.failed && pos && im_lex_next_line(&pos, end, &line)) {
        ln++;
        if (is_comment(line))
            continue;
        if (line.n && line.s[0] == '#')
            heading_line(&P, line, ln);
        else
            body_line(&P, line, ln);
    }
    if (!P.failed)
        finish_item(&P);
    if (P.failed)
        return P.rc;
    im_item **slot = im_vec_push(&lib->arena, &lib->items);
    if (!slot) {
        im_diags_add(diags, P.file, 0, "out of memory");
        return IM_ERR_NOMEM;
    }
    *slot = P.item;
    lib->bytes += len;
    return IM_OK;
}
