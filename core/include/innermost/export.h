/*
 * export.h -- a readable Markdown export of the person's own words, for
 * their own use or to bring to a therapist.
 *
 * The person chooses which kinds to include, a range of local days, which
 * solo exercise runs (im_export_runs lists them for a chooser) and whether
 * their answers go in (the default) or only what was done and for how long;
 * im_export_left_out says in words what such a choice leaves out, for the
 * screen to show before writing.  The journal has no tags: it is chosen by
 * date only.  The export is plaintext by design: the app asks for the
 * passphrase again before calling this (the screens do that) and says the
 * file is not encrypted.
 *
 * Never included, whatever is asked: anything answered in a couple
 * session (IM_KIND_COUPLE), so a partner's private answers -- sealed under
 * their own secret, or not revealed, or revealed (both partners' words) --
 * cannot leave the app this way; connection-map ratings (they are both
 * partners' numbers; the export only notes that a map was done together);
 * drafts and the trash.
 *
 * What the couple's space holds (couple_space.h) is read through
 * options.couple, the space the person's session holds open: with
 * progress, its connection maps (a line each, among the person's own
 * events) and "Done together", the sessions finished or revealed there, by
 * their exercise's title and whether both kept them -- what this person may
 * read in the app's shared history, never a word of it.
 *
 * Solo exercise results are IM_KIND_RUN records whose format belongs to the
 * exercise engine: export never parses runs itself.  The caller passes the
 * content library (options.library) and the engine's side of the export
 * (engine_export.c: im_export_run_markdown, im_export_run_describe) names
 * each exercise and prompt and shows the person's answers; a caller may
 * pass its own renderer instead.  Progress events carry content ids: the
 * library gives their titles, so no id is ever printed.
 *
 * Invariants:
 *   1. The Markdown is built in memory that is wiped before it is freed;
 *      im_export_markdown_write writes it atomically (temporary sibling,
 *      fsync, rename) and only to the path the person chose.
 *   2. Entries come oldest first, grouped by local day, each with its time,
 *      mood words, the title of what prompted it and the prompt.
 *   3. Progress is one line per event, oldest first; a path step's finish
 *      (logged as a path step and a practice at the same moment) is one
 *      line that says both.
 *   4. With progress comes the person's ladder (ladder.h) as it stands:
 *      its rungs easiest first, each in the person's words on one line
 *      with its discomfort now and its tries (LADDER_STEP events) in the
 *      range.  Nothing when there is no ladder, nor when the range ends
 *      before today (the ratings are today's).
 */
#ifndef INNERMOST_EXPORT_H
#define INNERMOST_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/content.h"
#include "innermost/error.h"
#include "innermost/journal.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    IM_EXPORT_JOURNAL = 1u << 0,   /* journal entries                      */
    IM_EXPORT_PROGRESS = 1u << 1,  /* progress events, practice days and
                                      the person's ladder (invariant 4)  */
    IM_EXPORT_EXERCISES = 1u << 2, /* solo exercise results (needs the
                                      library or a renderer)              */
    IM_EXPORT_NO_ANSWERS = 1u << 3 /* with EXERCISES: what each run did and
                                      for how long, not its answers (with
                                      the library; a caller's renderer
                                      shows what it shows)               */
};

#define IM_EXPORT_TITLE_MAX 255 /* bytes of a run's title in the chooser */

#define IM_EXPORT_DAY_MIN (-1000000) /* "from the beginning" */
#define IM_EXPORT_DAY_MAX 1000000    /* "until today and beyond" */

/* Render one solo run (the plaintext of an IM_KIND_RUN record) as Markdown
 * into *markdown (malloc'd, NUL-terminated; export wipes and frees it) and
 * its time into *when_ms (used for the date range; 0: always included).
 * Return IM_ERR_NOT_FOUND to leave the run out (e.g. never started); any
 * other error stops the export. */
typedef im_rc (*im_export_run_fn)(void *ctx, const unsigned char *data,
                                  size_t len, int64_t *when_ms,
                                  char **markdown);

typedef struct im_export_options {
    unsigned kinds;           /* IM_EXPORT_* bits                      */
    int32_t from_day, to_day; /* local days (clock.h), inclusive, for
                                 every section                         */
    /* The content: titles of progress events and of what prompted an
     * entry (without it, events are named by their kind only: "a path
     * step", "an exercise"); runs are rendered by im_export_run_markdown. */
    const im_library *library;
    im_export_run_fn run_renderer; /* or a renderer of runs of the caller's
                                     (it wins when both are set)          */
    void *run_ctx;
    /* With IM_EXPORT_EXERCISES: the chosen runs' record ids
     * (im_export_run_info.id), n_runs of them; NULL: every run in the
     * range. */
    const int64_t *runs;
    size_t n_runs;
    /* The couple's space (couple_space.h) this person is a member of, open
     * and unlocked (the app's session holds it), or NULL: with
     * IM_EXPORT_PROGRESS, its connection maps and the sessions done
     * together (by title) are included (see above; needs the library). */
    im_vault *couple;
} im_export_options;

/* One solo run as a chooser lists it.  Only content words (titles) and
 * numbers: never the person's answers. */
typedef struct im_export_run_info {
    int64_t id;                     /* its IM_KIND_RUN record              */
    int64_t started_ms, changed_ms; /* by the run's clock (0: not known)  */
    int32_t day;                    /* local day of changed_ms             */
    int finished;
    size_t answered;     /* prompts answered                    */
    int64_t practice_ms; /* time spent in timer and breathing
                                     steps                                */
    char exercise_id[IM_CONTENT_ID_MAX + 1];
    char title[IM_EXPORT_TITLE_MAX + 1]; /* "Exercise (Item)", cut whole */
} im_export_run_info;

/* The solo runs with something answered whose last change falls in
 * [from_day, to_day], oldest first, for the person to tick.  Runs whose
 * exercise is no longer in lib, or that do not decode, are left out.
 * Free *out with free(). */
IM_MUST_CHECK
im_rc im_export_runs(im_journal *j, const im_library *lib, int32_t from_day,
                     int32_t to_day, im_export_run_info **out, size_t *n);

/* What one saved run (the plaintext of an IM_KIND_RUN record) holds, named
 * through lib (implemented by the engine, engine_export.c); id is left 0.
 * IM_ERR_NOT_FOUND when nothing was answered or the exercise is gone;
 * IM_ERR_DAMAGED if it does not decode. */
IM_MUST_CHECK
im_rc im_export_run_describe(const im_library *lib, const unsigned char *data,
                             size_t len, im_export_run_info *out);

/* A run as Markdown (see im_run_render_markdown, engine.h): with_answers
 * 0 keeps only the heading, how many questions were answered and the time
 * spent practising. */
IM_MUST_CHECK
im_rc im_export_run_markdown(const im_library *lib, const unsigned char *data,
                             size_t len, int with_answers, int64_t *when_ms,
                             char **markdown);

/* "Not included: ...", in words, for the screen before writing: the kinds
 * not chosen, runs not ticked (of runs_in_range listed by im_export_runs
 * for these dates), exercise answers left out, the days outside the range;
 * "Not included: nothing you can choose." when it is all in.  What is
 * never exported (the header) is not repeated.  Cut whole to fit cap. */
void im_export_left_out(const im_export_options *opt, size_t runs_in_range,
                        char *buf, size_t cap);

/* Build the export in memory: *out is NUL-terminated Markdown of *len
 * bytes; free it with im_export_free. */
IM_MUST_CHECK
im_rc im_export_markdown(im_journal *j, const im_export_options *opt,
                         char **out, size_t *len);

/* Wipe and free an export. */
void im_export_free(char *md, size_t len);

/* Build the export and write it to path atomically. */
IM_MUST_CHECK
im_rc im_export_markdown_write(im_journal *j, const im_export_options *opt,
                               const char *path);

/* The same into fd, an open, writable, empty file the person chose through
 * the system (an Android document's descriptor): written in place (there
 * is no folder for a temporary sibling), truncated to nothing on failure;
 * fd stays the caller's. */
IM_MUST_CHECK
im_rc im_export_markdown_write_fd(im_journal *j, const im_export_options *opt,
                                  int fd);

/* "YYYY-MM-DD" for a local day (buf of at least 11 bytes). */
void im_export_day_text(int32_t day, char buf[11]);

#ifdef __cplusplus
}
#endif
#endif
