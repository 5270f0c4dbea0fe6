/*
 * content.h -- the content library: programs, tools, decks and notes parsed
 * from the human-written text files in content/ (format: content/README.md).
 *
 * A library is built from many files (a folder on disk, or the copies
 * embedded in the binary at build time).  Each file holds one item; an item
 * has reading cards, exercises made of steps, and journal prompts.  The
 * parsed structures are read-only views owned by the library: every pointer
 * stays valid until im_library_free.
 *
 * Invariants:
 *   1. Any input -- binary, huge, invalid UTF-8, truncated -- gives either a
 *      parsed item or a diagnostic naming file, line and what was expected;
 *      never a crash, an overread or a leak.  Sizes are bounded by the
 *      IM_CONTENT_* limits below.
 *   2. A file with an error adds nothing to the library: items are whole or
 *      absent.  Other files still load.
 *   3. All strings are valid UTF-8, NUL-terminated, with no trailing spaces.
 *      Optional strings are NULL when absent; lists have a count.
 *   4. Parsing checks one file at a time.  Whole-library rules (unique ids,
 *      links resolving, minimum counts) are im_content_lint's job.
 */
#ifndef INNERMOST_CONTENT_H
#define INNERMOST_CONTENT_H

#include <stddef.h>

#include "innermost/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Limits ------------------------------------------------------------ */

#define IM_CONTENT_FILE_MAX      (1024u * 1024u) /* bytes in one file     */
#define IM_CONTENT_TOTAL_MAX     (32u * 1024u * 1024u) /* bytes in a library    */
#define IM_CONTENT_LINE_MAX      4096 /* bytes in one line                   */
#define IM_CONTENT_FILES_MAX     2000 /* files in a library                  */
#define IM_CONTENT_BLOCKS_MAX    2000 /* headed blocks in one file           */
#define IM_CONTENT_PARAS_MAX     1000 /* paragraphs + bullets in one block   */
#define IM_CONTENT_LIST_MAX      64   /* entries in a comma-separated list   */
#define IM_CONTENT_CHOICES_MAX   64   /* choices of one prompt (a bit each)  */
#define IM_CONTENT_ID_MAX        64   /* bytes in an id                      */
#define IM_CONTENT_DIR_DEPTH     8    /* folder nesting when loading a dir   */
#define IM_CONTENT_PATH_MAX      1024 /* bytes in a file path                */
#define IM_CONTENT_SECONDS_MAX   (4 * 3600) /* a timer or a turn               */
#define IM_BREATH_PHASES_MAX     8 /* phases in a breathing pattern       */
#define IM_BREATH_ROUNDS_MAX     100
#define IM_BREATH_ROUNDS_DEFAULT 4
#define IM_BREATH_PACES_MAX      4  /* paces a breathing prompt offers       */
#define IM_BREATH_LENGTHS_MAX    4  /* lengths (minutes) it offers           */
#define IM_BREATH_LENGTH_MAX     60 /* minutes                              */
#define IM_SCALE_MIN             0
#define IM_SCALE_MAX             10

/* ---- Diagnostics --------------------------------------------------------- */

#define IM_DIAG_FILE_MAX 256
#define IM_DIAG_TEXT_MAX 256
#define IM_DIAGS_MAX     200

/* One problem found in content: "path/03-trust.txt:14: expected ...".
 * line is 0 when the problem concerns a whole file or the whole library. */
typedef struct im_diag {
    char file[IM_DIAG_FILE_MAX];
    int line;
    char text[IM_DIAG_TEXT_MAX];
} im_diag;

/* A list of diagnostics, fixed size so it needs no freeing.  Further
 * diagnostics past IM_DIAGS_MAX are counted in dropped. */
typedef struct im_diags {
    im_diag d[IM_DIAGS_MAX];
    size_t n;
    size_t dropped;
} im_diags;

void im_diags_clear(im_diags *d);

/* Format diagnostic i as "file:line: text" (or "file: text") into buf. */
void im_diag_format(const im_diag *d, char *buf, size_t size);

/* ---- The parsed model ---------------------------------------------------- */

typedef enum im_item_kind {
    IM_ITEM_PATH = 1, /* a step of the guided path (has a step number)  */
    IM_ITEM_PRACTICE, /* a practice tool                                */
    IM_ITEM_GUIDE,    /* reading only                                   */
    IM_ITEM_TOGETHER, /* a couple deck or exercise                      */
    IM_ITEM_SAFETY    /* a safety note                                  */
} im_item_kind;

typedef enum im_mode {
    IM_MODE_SOLO = 1,
    IM_MODE_TURNS,         /* speaker / listener with reflect-back           */
    IM_MODE_REVEAL,        /* private answers, revealed when both answered   */
    IM_MODE_MATCH,         /* yes / maybe / not now, only mutual shown       */
    IM_MODE_CONSENT_LADDER /* next step opens when both confirm              */
} im_mode;

typedef enum im_step_kind {
    IM_STEP_CARD = 1, /* reading text inside an exercise                */
    IM_STEP_PROMPT,   /* a question with an answer kind                 */
    IM_STEP_DISCUSS,  /* talking points after a reveal                  */
    IM_STEP_SUMMARY   /* reflective summary of earlier choices          */
} im_step_kind;

typedef enum im_answer_kind {
    IM_ANSWER_NONE = 1, /* nothing to enter                               */
    IM_ANSWER_TEXT,
    IM_ANSWER_ONE,   /* one chip                                       */
    IM_ANSWER_MANY,  /* any number of chips                            */
    IM_ANSWER_SCALE, /* 0..10 with words at both ends                  */
    IM_ANSWER_CHECKLIST,
    IM_ANSWER_LADDER, /* ordered steps, each rated, done, re-rated      */
    IM_ANSWER_TIMER,
    IM_ANSWER_BREATHING,
    IM_ANSWER_MATCH,  /* yes / maybe / not now (mode: match)            */
    IM_ANSWER_CONSENT /* both confirm (mode: consent-ladder)            */
} im_answer_kind;

typedef enum im_breath_phase {
    IM_BREATH_IN = 1,
    IM_BREATH_HOLD,
    IM_BREATH_OUT,
    IM_BREATH_REST
} im_breath_phase;

typedef struct im_phase {
    im_breath_phase phase;
    int seconds;
} im_phase;

/* One pace a breathing prompt offers ('paces:'): a pattern like the
 * prompt's own. */
typedef struct im_pace {
    im_phase phases[IM_BREATH_PHASES_MAX];
    size_t n_phases;
} im_pace;

/* A scale that asks how the person is ('wellbeing:' on it): which end is
 * the hard one.  A rating there brings the app's care card. */
typedef enum im_wellbeing {
    IM_WELLBEING_NONE = 0, /* not a wellbeing check                     */
    IM_WELLBEING_LOW,      /* 0 is the hard end ("Shaken")              */
    IM_WELLBEING_HIGH      /* 10 is the hard end ("Overwhelmed")        */
} im_wellbeing;

/* How near its hard end a rating counts as hard: 0-2 or 8-10. */
#define IM_WELLBEING_HARD_BAND 2

typedef struct im_strings {
    const char *const *v;
    size_t n;
} im_strings;

/* A paragraph or a bullet.  note is the indented text under a bullet (for a
 * choice: what a summary reflects back), NULL if none. */
typedef struct im_para {
    int bullet;
    const char *text;
    const char *note;
    int line;
} im_para;

typedef struct im_text {
    const im_para *v;
    size_t n;
} im_text;

typedef struct im_option {
    const char *text;
    const char *note; /* may be NULL */
} im_option;

typedef struct im_step {
    im_step_kind kind;
    const char *id;        /* given, or "<exercise-id>.<n>" (n from 1)       */
    int id_given;          /* 1: written by the author (a prompt's 'id:' or
                             a '## Prompts' bullet's "[id]"), so it stays
                             when steps are added or reordered; 0: the
                             positional id above                            */
    const char *title;     /* may be NULL                                    */
    im_text text;          /* card body, question, summary or discuss intro  */
    im_answer_kind answer; /* IM_ANSWER_NONE for cards, discuss, summary     */
    const im_option *options; /* choices, checklist, ladder suggestions,
                                 discussion points                          */
    size_t n_options;
    const char *hint;       /* text answers                                   */
    const char *low;        /* scale: words at 0                              */
    const char *high;       /* scale: words at 10                             */
    im_wellbeing wellbeing; /* scale: a wellbeing check, and its hard end */
    const char *reflect;    /* turns: reflect-back prompt (resolved: the
                             prompt's own or the exercise's)                */
    const char *group;      /* from a "## Prompts" block's group:             */
    int seconds;            /* timer: length; turns: per speaker              */
    im_phase phases[IM_BREATH_PHASES_MAX];
    size_t n_phases;
    int rounds; /* breathing                                      */
    /* breathing: what the person may choose before starting, besides the
     * pattern and rounds above ('paces:' patterns separated by ';',
     * 'lengths:' minutes separated by ','); none when not given */
    im_pace paces[IM_BREATH_PACES_MAX];
    size_t n_paces;
    int lengths[IM_BREATH_LENGTHS_MAX];
    size_t n_lengths;
    im_strings shows; /* summary: prompt ids it reflects                */
    const char *file;
    int line;
} im_step;

struct im_item;

typedef struct im_exercise {
    const char *id;
    const char *title;
    im_mode mode;
    const im_step *steps;
    size_t n_steps;
    int turn_seconds;    /* turns                                          */
    int guided;          /* 'guided: yes': a timed step that runs to its end
                   moves on by itself, and a timed step it reaches
                   starts by itself (eyes may stay closed)          */
    const char *reflect; /* turns: default reflect-back prompt             */
    im_strings tags;
    im_strings links;
    const char *safety;
    im_strings journal; /* journal prompts offered after it               */
    const struct im_item *item;
    const char *file;
    int line;
} im_exercise;

typedef struct im_card {
    const char *title;
    im_text text;
    int line;
} im_card;

typedef struct im_item {
    const char *id;
    im_item_kind kind;
    const char *title;
    const char *summary;   /* may be NULL */
    int step;              /* path position, 0 when not on the path          */
    int minutes;           /* 0 when not given                               */
    const char *dimension; /* decks: emotional, intellectual, ...; or NULL   */
    const char *section;   /* tools and guides: a heading on the Practice
                           * list ("Working with fear"), or NULL            */
    im_strings tags;
    const char *safety; /* id of a safety note, or NULL                   */
    im_strings links;
    const im_card *cards;
    size_t n_cards;
    const im_exercise *exercises;
    size_t n_exercises;
    im_strings journal;
    const char *file; /* relative name, e.g. "path/03-trust.txt"        */
    int line;
} im_item;

typedef struct im_library im_library;

/* ---- Building a library --------------------------------------------------- */

/* A new empty library.  NULL only when out of memory. */
im_library *im_library_new(void);
void im_library_free(im_library *lib);

/* Parse one file's bytes (name is what diagnostics show) and add its item.
 * Returns IM_OK, IM_ERR_PARSE (a diagnostic was added and nothing was
 * added to the library), IM_ERR_TOO_LARGE (over a limit; also diagnosed) or
 * IM_ERR_NOMEM.  diags may be NULL. */
IM_MUST_CHECK
im_rc im_content_parse(im_library *lib, const char *name, const char *data,
                       size_t len, im_diags *diags);

/* Load every *.txt file below dir (sorted by path, hidden entries and
 * folders deeper than IM_CONTENT_DIR_DEPTH skipped) into a new library.
 * On IM_OK or IM_ERR_PARSE *out is a library holding every file that parsed
 * (the caller frees it); IM_ERR_PARSE means diags says what failed.  Other
 * codes (IM_ERR_NOT_FOUND, IM_ERR_IO, IM_ERR_NOMEM, IM_ERR_TOO_LARGE) leave
 * *out NULL. */
IM_MUST_CHECK
im_rc im_content_load_dir(const char *dir, im_library **out, im_diags *diags);

/* An in-memory file, as embedded at build time. */
typedef struct im_content_file {
    const char *name;
    const unsigned char *data;
    size_t len;
} im_content_file;

/* Like im_content_load_dir over an array of files. */
IM_MUST_CHECK
im_rc im_content_load_files(const im_content_file *files, size_t n,
                            im_library **out, im_diags *diags);

/* The content embedded at build time (target innermost_content, made from
 * content/ by cmake/embed_content.cmake): loaded like im_content_load_files.
 * Link innermost_content to use these. */
IM_MUST_CHECK
im_rc im_content_load_embedded(im_library **out, im_diags *diags);
size_t im_content_embedded_count(void);
const im_content_file *im_content_embedded_files(void);

/* ---- Reading a library ----------------------------------------------------- */

size_t im_library_item_count(const im_library *lib);
const im_item *im_library_item(const im_library *lib, size_t i);
const im_item *im_library_find_item(const im_library *lib, const char *id);
const im_exercise *im_library_find_exercise(const im_library *lib,
                                            const char *id);
/* The path steps ordered by step number (n is the count). */
size_t im_library_path(const im_library *lib, const im_item **out, size_t max);
/* A step of an exercise by id, or NULL. */
const im_step *im_exercise_find_step(const im_exercise *ex, const char *id);
/* 1 when rating (0..10) on st is at the hard end of a wellbeing check:
 * within IM_WELLBEING_HARD_BAND of the end its 'wellbeing:' names.  0 for
 * any other step or rating (NULL, not a scale, not marked, out of range). */
int im_step_rating_is_hard(const im_step *st, int rating);

const char *im_item_kind_name(im_item_kind k);
const char *im_mode_name(im_mode m);
const char *im_answer_kind_name(im_answer_kind k);

/* ---- Lint ---------------------------------------------------------------------
 * Whole-library rules (content/README.md, "What the checker checks").
 * im_content_lint checks the rules that hold for any library (unique ids,
 * links and safety links resolve, trauma/past-hurt items link a safety
 * note, no choice repeats Skip / Not now, every prompt has a written id
 * so stored answers stay attached to it).  im_content_lint_complete checks
 * the minimum counts and required ids of the shipped library.  Each adds
 * diagnostics and returns the number of problems found (0: clean). */
size_t im_content_lint(const im_library *lib, im_diags *diags);
size_t im_content_lint_complete(const im_library *lib, im_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
