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

#include "content_parse.h"

/* ---- Finishing the header ---------------------------------------------------------- */

static int finish_header(parser *P)
{
    static const char *const kinds[] = {"path", "practice", "guide", "together",
                                        "safety"};
    static const int kind_values[] = {IM_ITEM_PATH, IM_ITEM_PRACTICE,
                                      IM_ITEM_GUIDE, IM_ITEM_TOGETHER,
                                      IM_ITEM_SAFETY};
    static const char *const dims[] = {"emotional", "intellectual",
                                       "experiential", "spiritual", "physical"};
    im_item *it = P->item;
    int line = P->b.line;
    const char *need[] = {"id", "kind", "title"};
    for (size_t i = 0; i < 3; i++)
        if (!im_cp_get(P, need[i])) {
            im_cp_fail(P, line, "expected '%s:' in the header", need[i]);
            return -1;
        }
    int kind;
    long step, minutes;
    if (im_cp_field_id(P, "id", &it->id) ||
        im_cp_field_list(P, "tags", &it->tags) ||
        im_cp_field_list(P, "links", &it->links) ||
        im_cp_field_id(P, "safety", &it->safety) ||
        im_cp_field_enum(P, "kind", kinds, kind_values, 5,
                         "path, practice, guide, together or safety", 0,
                         &kind) ||
        im_cp_field_int(P, "step", 1, 99, 0, &step) ||
        im_cp_field_int(P, "minutes", 1, 600, 0, &minutes))
        return -1;
    it->kind = (im_item_kind)kind;
    it->step = (int)step;
    it->minutes = (int)minutes;
    it->title = im_cp_field_str(P, "title");
    it->summary = im_cp_field_str(P, "summary");
    const field *st = im_cp_get(P, "step");
    if (it->kind == IM_ITEM_PATH && !st) {
        im_cp_fail(P, line,
                   "expected 'step:' (1 to 10) in the header of a path step");
        return -1;
    }
    if (it->kind != IM_ITEM_PATH && st) {
        im_cp_fail(P, st->line, "'step:' is only for kind: path");
        return -1;
    }
    const field *sec = im_cp_get(P, "section");
    if (sec && it->kind != IM_ITEM_PRACTICE && it->kind != IM_ITEM_GUIDE) {
        im_cp_fail(P, sec->line,
                   "'section:' is only for kind: practice or "
                   "guide (it names a heading on the Practice list)");
        return -1;
    }
    it->section = im_cp_field_str(P, "section");
    const field *dim = im_cp_get(P, "dimension");
    if (dim) {
        size_t i;
        for (i = 0; i < 5; i++)
            if (im_slice_eq(dim->value, dims[i]))
                break;
        if (i == 5) {
            im_cp_fail(P, dim->line,
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
        im_cp_fail(P, P->b.line, "expected a title after '# Card:'");
        return -1;
    }
    if (P->b.paras.n == 0) {
        im_cp_fail(P, P->b.line, "expected text under '# Card: %.*s'",
                   (int)(P->b.title.n > 60 ? 60 : P->b.title.n), P->b.title.s);
        return -1;
    }
    im_card *c = im_cp_push(P, &P->cards);
    if (!c)
        return -1;
    c->title = im_cp_dup_slice(P, P->b.title);
    c->text = im_cp_block_text(P, 1);
    c->line = P->b.line;
    return P->failed ? -1 : 0;
}

static int finish_journal(parser *P, im_vec *into)
{
    if (im_cp_require_only_bullets(P, 1))
        return -1;
    im_strings s = im_cp_bullets_as_strings(P);
    for (size_t i = 0; i < s.n && !P->failed; i++) {
        const char **slot = im_cp_push(P, into);
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
        im_cp_fail(P, P->b.line, "expected a title after '# Exercise:'");
        return -1;
    }
    if (P->b.paras.n) {
        im_cp_fail(P, ((para_build *)P->b.paras.v)[0].line,
                   "expected '## ' steps after the fields of '# Exercise' "
                   "(put reading text in a '## Card')");
        return -1;
    }
    if (!im_cp_get(P, "id")) {
        im_cp_fail(P, P->b.line, "expected 'id:' under '# Exercise: %.*s'",
                   (int)(P->b.title.n > 60 ? 60 : P->b.title.n), P->b.title.s);
        return -1;
    }
    static const char *const yes_no[] = {"yes", "no"};
    static const int yes_no_values[] = {1, 0};
    int mode, guided;
    long turn;
    if (im_cp_field_id(P, "id", &ex->id) ||
        im_cp_field_list(P, "tags", &ex->tags) ||
        im_cp_field_list(P, "links", &ex->links) ||
        im_cp_field_id(P, "safety", &ex->safety) ||
        im_cp_field_enum(P, "mode", modes, mode_values, 5,
                         "solo, turns, reveal, match or consent-ladder",
                         IM_MODE_SOLO, &mode) ||
        im_cp_field_enum(P, "guided", yes_no, yes_no_values, 2, "yes or no", 0,
                         &guided) ||
        im_cp_field_int(P, "minutes", 1, 600, 0, &turn) ||
        im_cp_field_int(P, "turn-seconds", 10, IM_CONTENT_SECONDS_MAX, 0,
                        &turn))
        return -1;
    ex->mode = (im_mode)mode;
    ex->guided = guided;
    ex->turn_seconds = (int)turn;
    ex->title = im_cp_dup_slice(P, P->b.title);
    ex->reflect = im_cp_field_str(P, "reflect");
    if (ex->mode == IM_MODE_TURNS && !ex->turn_seconds) {
        im_cp_fail(P, P->b.line, "expected 'turn-seconds:' for mode: turns");
        return -1;
    }
    if (ex->guided && ex->mode != IM_MODE_SOLO) {
        /* one person, eyes closed: a couple's turns need the screen */
        im_cp_fail(P, im_cp_get(P, "guided")->line,
                   "'guided: yes' is only for solo exercises");
        return -1;
    }
    if (ex->mode != IM_MODE_TURNS) {
        const field *f = im_cp_get(P, "turn-seconds");
        if (!f)
            f = im_cp_get(P, "reflect");
        if (f) {
            im_cp_fail(P, f->line, "'%.*s:' is only for mode: turns",
                       (int)f->key.n, f->key.s);
            return -1;
        }
    }
    /* The exercise's default answer kind is kept as a field slice and read
     * by each prompt (see prompt_answer). */
    const field *ans = im_cp_get(P, "answer");
    P->ex_default_answer_line = ans ? ans->line : 0;
    P->ex_default_answer = ans ? ans->value : (im_slice){NULL, 0};
    return P->failed ? -1 : 0;
}

/* ---- Lines and blocks -------------------------------------------------------------- */

static int close_block(parser *P)
{
    switch (P->b.kind) {
    case B_HEADER: return finish_header(P);
    case B_CARD: return finish_card(P);
    case B_EXERCISE: return finish_exercise_header(P);
    case B_JOURNAL: return finish_journal(P, &P->journal);
    case B_STEP_CARD: return im_cp_finish_step_card(P);
    case B_PROMPT: return im_cp_finish_prompt(P);
    case B_PROMPTS: return im_cp_finish_prompts(P);
    case B_DISCUSS: return im_cp_finish_discuss(P);
    case B_SUMMARY: return im_cp_finish_summary(P);
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
    P->b.in_fields = im_cp_allowed_fields(kind) != NULL;
}

typedef struct heading_name {
    int level;
    const char *name;
    block_kind kind;
    int titled; /* 1: title needed or allowed after ':'; 0: nothing after */
} heading_name;

static const heading_name headings[] = {
    {1, "Card", B_CARD, 1},          {1, "Exercise", B_EXERCISE, 1},
    {1, "Journal", B_JOURNAL, 0},    {2, "Card", B_STEP_CARD, 1},
    {2, "Prompt", B_PROMPT, 0},      {2, "Prompts", B_PROMPTS, 0},
    {2, "Discuss", B_DISCUSS, 0},    {2, "Summary", B_SUMMARY, 0},
    {2, "Journal", B_EX_JOURNAL, 0},
};

static void heading_line(parser *P, im_slice line, int ln)
{
    int level = 0;
    while ((size_t)level < line.n && line.s[level] == '#')
        level++;
    if (level > 2 || (size_t)level >= line.n || line.s[level] != ' ') {
        im_cp_fail(P, ln,
                   "expected '# ' or '## ' followed by a heading name "
                   "(Card, Exercise, Prompt, ...)");
        return;
    }
    im_slice rest = im_slice_trim(
        (im_slice){line.s + level, line.n - (size_t)level});
    const char *colon = memchr(rest.s, ':', rest.n);
    im_slice name = rest, title = {rest.s + rest.n, 0};
    if (colon) {
        name = im_slice_trim((im_slice){rest.s, (size_t)(colon - rest.s)});
        title = im_slice_trim(
            (im_slice){colon + 1, rest.n - (size_t)(colon - rest.s) - 1});
    }
    const heading_name *h = NULL;
    for (size_t i = 0; i < sizeof headings / sizeof headings[0]; i++)
        if (headings[i].level == level && im_slice_ieq(name, headings[i].name))
            h = &headings[i];
    if (!h) {
        im_cp_fail(P, ln, "unknown heading '%.*s' (expected %s)",
                   (int)(name.n > 40 ? 40 : name.n), name.s,
                   level == 1 ? "'# Card:', '# Exercise:' or '# Journal'"
                              : "'## Card', '## Prompt', '## Prompts', "
                                "'## Discuss', '## Summary' or '## Journal'");
        return;
    }
    if (!h->titled && (colon || title.n)) {
        im_cp_fail(P, ln,
                   "expected nothing after '%s %s' (its text goes on the "
                   "lines below)",
                   level == 1 ? "#" : "##", h->name);
        return;
    }
    if (close_block(P))
        return;
    if (level == 1 && P->in_exercise && im_cp_finish_exercise(P))
        return;
    if (level == 2 && !P->in_exercise) {
        im_cp_fail(P, ln, "expected '# Exercise:' before '## %s'", h->name);
        return;
    }
    if (++P->nblocks > IM_CONTENT_BLOCKS_MAX) {
        im_cp_fail(P, ln, "more than %d headings in one file",
                   IM_CONTENT_BLOCKS_MAX);
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
    im_slice *p = im_cp_push(P, pieces);
    if (p)
        *p = s;
}

static para_build *new_para(parser *P, int bullet, int ln)
{
    if (P->b.paras.n >= IM_CONTENT_PARAS_MAX) {
        im_cp_fail(P, ln,
                   "more than %d paragraphs and bullets under one heading",
                   IM_CONTENT_PARAS_MAX);
        return NULL;
    }
    para_build *pb = im_cp_push(P, &P->b.paras);
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
            im_cp_add_field(P, key, value, ln);
            return;
        }
        b->in_fields = 0;
    }
    if (b->kind == B_HEADER) {
        im_cp_fail(P, ln,
                   "expected 'key: value' in the header (text goes under a "
                   "'# Card:' heading)");
        return;
    }
    para_build *last = b->paras.n ? &((para_build *)b->paras.v)[b->paras.n - 1]
                                  : NULL;
    if (starts_bullet(line)) {
        im_slice rest = im_slice_trim((im_slice){line.s + 1, line.n - 1});
        if (rest.n == 0) {
            im_cp_fail(P, ln, "expected text after '- '");
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
    if (P->in_exercise && im_cp_finish_exercise(P))
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
