/*
 * export.h -- a readable Markdown export of the person's own words, for
 * their own use or to bring to a therapist.
 *
 * The person chooses which kinds to include and a range of local days.  The
 * export is plaintext by design: the app asks for the passphrase again
 * before calling this (the screens do that) and says the file is not
 * encrypted.
 *
 * Never included, whatever is asked: couple records (IM_KIND_COUPLE), so a
 * partner's private answers from couple exercises cannot leave the app this
 * way; connection-map ratings (they are both partners' numbers; the export
 * only notes that a map was done together); drafts and the trash.
 *
 * Solo exercise results are IM_KIND_RUN records whose format belongs to the
 * exercise engine: export never parses runs itself.  The caller passes the
 * content library (options.library) and the engine's renderer
 * (im_run_render_markdown, engine.h) names each prompt and shows the
 * person's answers; a caller may pass its own renderer instead.
 *
 * Invariants:
 *   1. The Markdown is built in memory that is wiped before it is freed;
 *      im_export_markdown_write writes it atomically (temporary sibling,
 *      fsync, rename) and only to the path the person chose.
 *   2. Entries come oldest first, grouped by local day, each with its time,
 *      mood words, link and prompt.
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
    IM_EXPORT_JOURNAL = 1u << 0,  /* journal entries                      */
    IM_EXPORT_PROGRESS = 1u << 1, /* progress events and practice days    */
    IM_EXPORT_EXERCISES = 1u << 2 /* solo exercise results (needs the library
                                      or a renderer)                      */
};

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
    int32_t from_day, to_day; /* local days (clock.h), inclusive       */
    /* With IM_EXPORT_EXERCISES, one of: */
    const im_library *library;     /* the content: runs are rendered by
                                     im_run_render_markdown               */
    im_export_run_fn run_renderer; /* or a renderer of the caller's (it wins
                                     when both are set)                   */
    void *run_ctx;
} im_export_options;

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

/* "YYYY-MM-DD" for a local day (buf of at least 11 bytes). */
void im_export_day_text(int32_t day, char buf[11]);

#ifdef __cplusplus
}
#endif
#endif
