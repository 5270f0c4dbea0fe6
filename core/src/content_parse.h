/*
 * content_parse.h -- the content parser's shared state, split over
 * content_parse.c (lines, headings, the header and item blocks),
 * content_fields.c (errors, text, key: value fields) and content_steps.c
 * (the '## ' steps of an exercise).  See content_parse.c for the design.
 */
#ifndef IM_CONTENT_PARSE_H
#define IM_CONTENT_PARSE_H

#include "content_internal.h"
#include "content_lex.h"

typedef enum block_kind {
    B_NONE,
    B_HEADER,
    B_CARD,
    B_EXERCISE,
    B_JOURNAL, /* "# "  */
    B_STEP_CARD,
    B_PROMPT,
    B_PROMPTS,
    B_DISCUSS,
    B_SUMMARY,
    B_EX_JOURNAL /* "## " */
} block_kind;

typedef struct field {
    im_slice key, value;
    int line;
} field;

typedef struct para_build {
    int bullet;
    int line;
    im_vec text; /* im_slice pieces, joined with one space */
    im_vec note;
} para_build;

typedef struct block {
    block_kind kind;
    int line;
    im_slice title; /* after "Card:" etc.; n == 0 when none */
    im_vec fields;  /* field */
    im_vec paras;   /* para_build */
    int in_fields;
    int open; /* 0: none, 1: paragraph, 2: bullet */
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
    im_vec cards, exercises, journal; /* im_card, im_exercise, char* */
    int in_exercise;
    im_exercise ex;
    im_vec steps, ex_journal;   /* im_step, char* */
    im_slice ex_default_answer; /* an exercise's answer:, or n 0 */
    int ex_default_answer_line;
} parser;

/* content_fields.c: errors, text, fields and block checks. */
void im_cp_fail(parser *P, int line, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void im_cp_fail_nomem(parser *P);
void *im_cp_push(parser *P, im_vec *v);
char *im_cp_join(parser *P, const im_vec *pieces);
char *im_cp_dup_slice(parser *P, im_slice s);
im_text im_cp_block_text(parser *P, int notes_are_text);
const field *im_cp_get(parser *P, const char *key);
const char *im_cp_allowed_fields(block_kind k);
const char *im_cp_block_name(block_kind k);
int im_cp_add_field(parser *P, im_slice key, im_slice value, int line);
const char *im_cp_field_str(parser *P, const char *key);
int im_cp_field_int(parser *P, const char *key, long min, long max, long def,
                    long *out);
int im_cp_field_list(parser *P, const char *key, im_strings *out);
int im_cp_field_id(parser *P, const char *key, const char **out);
int im_cp_field_enum(parser *P, const char *key, const char *const *names,
                     const int *values, size_t n, const char *expected, int def,
                     int *out);
int im_cp_has_plain_paras(parser *P);
int im_cp_bullet_count(parser *P);
int im_cp_require_only_bullets(parser *P, int min);
im_strings im_cp_bullets_as_strings(parser *P);

/* content_steps.c: finishing the '## ' steps of an exercise. */
int im_cp_finish_prompt(parser *P);
int im_cp_finish_prompts(parser *P);
int im_cp_finish_step_card(parser *P);
int im_cp_finish_discuss(parser *P);
int im_cp_finish_summary(parser *P);
int im_cp_finish_exercise(parser *P);

#endif
