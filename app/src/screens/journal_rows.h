/*
 * journal_rows.h -- the rows of the journal list and of search results,
 * read from core a page at a time.
 *
 * Design.  The list widget is virtual: it asks for the label, height and
 * drawing of the rows on screen only.  This model turns a row number into
 * what to show without loading the journal: by-day mode interleaves one
 * heading per day (from im_journal_days) with that day's entries; search
 * mode is the flat result list.  Entry summaries come from
 * im_journal_list / im_journal_search in pages of JR_PAGE_ROWS, and a few
 * recent pages are cached (oldest-used page replaced), so scrolling 10,000
 * entries touches a handful of small pages.
 *
 * Traps.  Rows are mapped by position: entry k of the list is the k-th
 * newest, and a day's entries are consecutive because days come from
 * creation times too.  Any write to the journal must be followed by
 * jr_model_reload (counts and cached pages are stale).  Summaries hold the
 * person's text: pages are freed with im_entry_page_free, which wipes.
 */
#ifndef UI_JOURNAL_ROWS_H
#define UI_JOURNAL_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/journal.h"
#include "widgets/widget.h"

#define JR_PAGE_ROWS 24 /* the journal's head holds the first 24 (one AEAD open) */
#define JR_PAGES 4
#define JR_HEADING_PT 44.0
#define JR_ENTRY_PT 84.0

typedef struct jr_page {
    size_t offset; /* first entry index of the page */
    unsigned used; /* last use (bigger is newer); 0: empty slot */
    im_entry_page p;
} jr_page;

typedef struct jr_model {
    im_journal *j;
    char *query;       /* search mode when non-NULL */
    int32_t today;     /* local day, for "Today" / "Yesterday" */
    int32_t *days;     /* by-day mode: days newest first */
    size_t *counts;    /* entries per day */
    size_t *first_row; /* row of each day's heading */
    size_t ndays;
    size_t entries; /* entries listed (all, or search results) */
    int partial;    /* search mode: core has not looked through every
                            entry yet, so more may match              */
    uint32_t rows;
    unsigned clock;
    jr_page pages[JR_PAGES];
    im_rc rc; /* last error from core (IM_OK normally) */
} jr_model;

/* Starts empty; call jr_model_reload.  query NULL: by day; else search. */
void jr_model_init(jr_model *m, im_journal *j, const char *query);
void jr_model_free(jr_model *m);
/* Reads counts again and drops the cached pages.  Returns the core rc. */
im_rc jr_model_reload(jr_model *m, int32_t today);
/* Search mode: a new query (NULL or "" shows nothing). */
im_rc jr_model_set_query(jr_model *m, const char *query, int32_t today);

/* What row `row` is: a heading (returns 1, *day_index set) or an entry
 * (returns 0, *entry set; *entry NULL if core failed). */
int jr_model_row(jr_model *m, uint32_t row, size_t *day_index, const im_entry_summary **entry);

/* List widget callbacks (ctx is the jr_model). */
double jr_row_height(void *ctx, uint32_t row);
void jr_row_label(void *ctx, uint32_t row, char *buf, size_t cap);
void jr_row_draw(void *ctx, ui_ctx *c, ui_drawlist *dl, uint32_t row, ui_rect r);

/* "Saturday, 21 November 2026" (or Today / Yesterday). */
void jr_day_text(int32_t day, int32_t today, char *buf, size_t cap);
/* "Saturday, 21 November 2026", whatever the day. */
void jr_date_text(int32_t day, char *buf, size_t cap);
/* "21 Nov". */
void jr_day_short(int32_t day, char *buf, size_t cap);
/* Local "HH:MM" of a time. */
void jr_time_text(int64_t ms, char *buf, size_t cap);
/* The local day of now (ms since the epoch). */
int32_t jr_today(int64_t now_ms);
/* The words of a mood 1..5 from the strings table; "" otherwise. */
const char *jr_mood_word(int mood);

/* Marks in the reader (UI_FIELD_READ) showing text the matches of a
 * search query, as the journal's search finds them (core's
 * im_journal_match_spans: case, accents, scripts); clears them without a
 * query.  Returns how many were marked. */
int jr_mark_matches(ui_widget *reader, ui_ctx *c, const char *text, const char *query);

/* Draws s on one line at (x, y), cut with an ellipsis to fit max_w. */
void jr_draw_line(ui_ctx *c, ui_drawlist *dl, const char *s, int n, ui_face face, int px, ui_rgba col, int x, int y,
                  int max_w);

#endif
