/* journal_rows.c -- see journal_rows.h. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "screens/journal_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/strings.h"
#include "innermost/clock.h"
#include "innermost/utf8.h"
#include "innermost/wipe.h"
#include "widgets/basic.h"
#include "widgets/textfield.h"

/* ---- dates ----------------------------------------------------------------- */

/* Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm). */
static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
    int64_t zz = (int64_t)z + 719468;
    int64_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
    int64_t doe = zz - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

void jr_date_text(int32_t day, char *buf, size_t cap)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    int wd = (int)((((int64_t)day % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
    snprintf(buf, cap, ui_str(STR_JOURNAL_DAY_FMT), ui_str((ui_str_id)(STR_WEEKDAY_0 + wd)), d,
             ui_str((ui_str_id)(STR_MONTH_0 + m - 1)), y);
}

void jr_day_text(int32_t day, int32_t today, char *buf, size_t cap)
{
    if (day == today) {
        snprintf(buf, cap, "%s", ui_str(STR_JOURNAL_TODAY));
        return;
    }
    if (day == today - 1) {
        snprintf(buf, cap, "%s", ui_str(STR_JOURNAL_YESTERDAY));
        return;
    }
    jr_date_text(day, buf, cap);
}

void jr_day_short(int32_t day, char *buf, size_t cap)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(buf, cap, ui_str(STR_JOURNAL_SHORT_DAY_FMT), d, ui_str((ui_str_id)(STR_MON_0 + m - 1)));
}

void jr_time_text(int64_t ms, char *buf, size_t cap)
{
    int64_t local_min = ms / 60000 + im_local_tz_offset_min(ms);
    int64_t in_day = ((local_min % 1440) + 1440) % 1440;
    snprintf(buf, cap, "%02d:%02d", (int)(in_day / 60), (int)(in_day % 60));
}

int32_t jr_today(int64_t now_ms) { return im_day_from_ms(now_ms, im_local_tz_offset_min(now_ms)); }

const char *jr_mood_word(int mood) { return mood >= 1 && mood <= 5 ? ui_str((ui_str_id)(STR_MOOD_1 + mood - 1)) : ""; }

/* ---- the model --------------------------------------------------------------- */

void jr_model_init(jr_model *m, im_journal *j, const char *query)
{
    memset(m, 0, sizeof *m);
    m->j = j;
    if (query) m->query = strdup(query);
}

static void drop_pages(jr_model *m)
{
    for (int i = 0; i < JR_PAGES; i++) {
        if (m->pages[i].used) im_entry_page_free(&m->pages[i].p);
        memset(&m->pages[i], 0, sizeof m->pages[i]);
    }
}

static void drop_days(jr_model *m)
{
    free(m->days);
    free(m->counts);
    free(m->first_row);
    m->days = NULL;
    m->counts = m->first_row = NULL;
    m->ndays = 0;
}

void jr_model_free(jr_model *m)
{
    drop_pages(m);
    drop_days(m);
    if (m->query) {
        /* the query is the person's words: wipe before freeing */
        memset(m->query, 0, strlen(m->query));
        free(m->query);
    }
    memset(m, 0, sizeof *m);
}

static im_rc reload_days(jr_model *m)
{
    im_rc rc = im_journal_days(m->j, &m->days, &m->counts, &m->ndays);
    if (rc != IM_OK) return rc;
    m->first_row = malloc((m->ndays ? m->ndays : 1) * sizeof *m->first_row);
    if (!m->first_row) return IM_ERR_NOMEM;
    size_t row = 0;
    for (size_t i = 0; i < m->ndays; i++) {
        m->first_row[i] = row;
        row += 1 + m->counts[i];
        m->entries += m->counts[i];
    }
    m->rows = row > UINT32_MAX ? UINT32_MAX : (uint32_t)row;
    return IM_OK;
}

static im_rc reload_search(jr_model *m)
{
    if (!m->query || !m->query[0]) return IM_OK;
    im_entry_page p = { 0 };
    im_rc rc = im_journal_search(m->j, m->query, 0, JR_PAGE_ROWS, &p);
    if (rc != IM_OK) return rc;
    m->entries = p.total;
    m->partial = p.partial;
    m->rows = p.total > UINT32_MAX ? UINT32_MAX : (uint32_t)p.total;
    /* keep the first page: it is what shows first */
    m->pages[0].offset = 0;
    m->pages[0].used = ++m->clock;
    m->pages[0].p = p;
    return IM_OK;
}

im_rc jr_model_reload(jr_model *m, int32_t today)
{
    drop_pages(m);
    drop_days(m);
    m->entries = 0;
    m->partial = 0;
    m->rows = 0;
    m->today = today;
    m->rc = m->query ? reload_search(m) : reload_days(m);
    if (m->rc != IM_OK) {
        drop_days(m);
        m->entries = 0;
        m->rows = 0;
    }
    return m->rc;
}

im_rc jr_model_set_query(jr_model *m, const char *query, int32_t today)
{
    if (m->query) {
        memset(m->query, 0, strlen(m->query));
        free(m->query);
    }
    m->query = strdup(query ? query : "");
    if (!m->query) return m->rc = IM_ERR_NOMEM;
    return jr_model_reload(m, today);
}

/* The summary of entry k (0 = newest), through the page cache. */
static const im_entry_summary *entry_at(jr_model *m, size_t k)
{
    size_t offset = k / JR_PAGE_ROWS * JR_PAGE_ROWS;
    jr_page *oldest = &m->pages[0];
    for (int i = 0; i < JR_PAGES; i++) {
        jr_page *pg = &m->pages[i];
        if (pg->used && pg->offset == offset) {
            pg->used = ++m->clock;
            return k - offset < pg->p.n ? &pg->p.items[k - offset] : NULL;
        }
        if (pg->used < oldest->used) oldest = pg;
    }
    if (oldest->used) im_entry_page_free(&oldest->p);
    memset(oldest, 0, sizeof *oldest);
    im_rc rc = m->query ? im_journal_search(m->j, m->query, offset, JR_PAGE_ROWS, &oldest->p)
                        : im_journal_list(m->j, offset, JR_PAGE_ROWS, &oldest->p);
    if (rc != IM_OK) {
        m->rc = rc;
        return NULL;
    }
    oldest->offset = offset;
    oldest->used = ++m->clock;
    return k - offset < oldest->p.n ? &oldest->p.items[k - offset] : NULL;
}

/* The day whose rows contain `row`: the last day whose heading is at or
 * before it (binary search over first_row). */
static size_t day_of_row(const jr_model *m, uint32_t row)
{
    size_t lo = 0, hi = m->ndays;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->first_row[mid] <= row) lo = mid;
        else hi = mid;
    }
    return lo;
}

int jr_model_row(jr_model *m, uint32_t row, size_t *day_index, const im_entry_summary **entry)
{
    *entry = NULL;
    if (m->query) {
        *entry = entry_at(m, row);
        return 0;
    }
    if (m->ndays == 0) return 0;
    size_t d = day_of_row(m, row);
    *day_index = d;
    if (row == m->first_row[d]) return 1;
    /* entries before day d, plus the position inside day d */
    size_t k = m->first_row[d] - d + (row - m->first_row[d] - 1);
    *entry = entry_at(m, k);
    return 0;
}

/* ---- list callbacks --------------------------------------------------------- */

double jr_row_height(void *ctx, uint32_t row)
{
    jr_model *m = ctx;
    if (m->query || m->ndays == 0) return JR_ENTRY_PT;
    size_t d = day_of_row(m, row);
    return row == m->first_row[d] ? JR_HEADING_PT : JR_ENTRY_PT;
}

/* The first line of s, at most max bytes, cut between characters. */
static int first_line_len(const char *s, int max)
{
    size_t n = 0; /* the line's length, or max + 1 when it is longer */
    while (s[n] && s[n] != '\n' && n <= (size_t)max) n++;
    return (int)im_utf8_clip(s, n, (size_t)max);
}

/* What an entry is called: its title, else its first words. */
static const char *entry_name(const im_entry_summary *e, int *len)
{
    const char *s = e->title && e->title[0] ? e->title : e->preview;
    if (!s || !s[0]) s = ui_str(STR_JOURNAL_NO_WORDS);
    *len = first_line_len(s, 80);
    return s;
}

void jr_row_label(void *ctx, uint32_t row, char *buf, size_t cap)
{
    jr_model *m = ctx;
    size_t d = 0;
    const im_entry_summary *e = NULL;
    char when[80];
    if (jr_model_row(m, row, &d, &e)) {
        jr_day_text(m->days[d], m->today, when, sizeof when);
        snprintf(buf, cap, ui_str(STR_JOURNAL_DAY_ROW_FMT), when, (int)m->counts[d]);
        return;
    }
    if (!e) {
        snprintf(buf, cap, "%s", "");
        return;
    }
    int n;
    const char *name = entry_name(e, &n);
    snprintf(buf, cap, "%.*s", n, name);
}

static const char ellipsis[] = "\xE2\x80\xA6";

/* How many bytes of s[0..n) jr_draw_line draws before its ellipsis (all
 * of them when they fit). */
static int drawn_len(ui_ctx *c, const char *s, int n, ui_face face, int px, int max_w)
{
    if (n < 0) n = (int)strlen(s);
    if (ui_text_measure(c->text, face, px, s, n) <= max_w) return n;
    return ui_text_fit(c->text, face, px, s, n, max_w - ui_text_measure(c->text, face, px, ellipsis, 3));
}

void jr_draw_line(ui_ctx *c, ui_drawlist *dl, const char *s, int n, ui_face face, int px, ui_rgba col, int x, int y,
                  int max_w)
{
    int lh = ui_text_line_height(c->text, face, px);
    int w = ui_text_measure(c->text, face, px, s, n);
    if (w <= max_w) {
        ui_draw_text(dl, x, y, w, lh, face, px, col, s, n);
        return;
    }
    int ew = ui_text_measure(c->text, face, px, ellipsis, 3);
    int cut = ui_text_fit(c->text, face, px, s, n, max_w - ew); /* holds for right-to-left text too */
    int cw = ui_text_measure(c->text, face, px, s, cut);
    ui_draw_text(dl, x, y, cw, lh, face, px, col, s, cut);
    ui_draw_text(dl, x + cw, y, ew, lh, face, px, col, ellipsis, 3);
}

/* A line of a search result: jr_draw_line over the query's matches in
 * the part drawn (a row shows at most a line: a few spans). */
static void draw_matched_line(jr_model *m, ui_ctx *c, ui_drawlist *dl, const char *s, int n, ui_face face, int px,
                              ui_rgba col, int x, int y, int max_w)
{
    enum { ROW_MARKS = 32 };
    if (m->query && m->query[0]) {
        int cut = drawn_len(c, s, n, face, px, max_w);
        im_text_span spans[ROW_MARKS];
        ui_mark marks[ROW_MARKS];
        size_t k = im_journal_match_spans(s, (size_t)cut, m->query, spans, ROW_MARKS);
        if (k == (size_t)-1) k = 0;
        if (k > ROW_MARKS) k = ROW_MARKS;
        for (size_t i = 0; i < k; i++) marks[i] = (ui_mark){ (int)spans[i].start, (int)spans[i].end };
        ui_draw_marks(c, dl, face, px, s, cut, 0, x, y, ui_text_line_height(c->text, face, px), marks, (int)k);
        im_mem_wipe(spans, sizeof spans);
        im_mem_wipe(marks, sizeof marks);
    }
    jr_draw_line(c, dl, s, n, face, px, col, x, y, max_w);
}

static void draw_heading(jr_model *m, ui_ctx *c, ui_drawlist *dl, size_t d, ui_rect r)
{
    char text[80];
    jr_day_text(m->days[d], m->today, text, sizeof text);
    ui_face face;
    int px;
    ui_text_style_font(c, UI_TEXT_HEADING, &face, &px);
    int lh = ui_text_line_height(c->text, face, px), pad = ui_pt(c, 16);
    jr_draw_line(c, dl, text, -1, face, px, ui_color(c, UI_C_TEXT), r.x + pad, r.y + r.h - lh - ui_pt(c, 6),
                 r.w - 2 * pad);
}

static void draw_entry(jr_model *m, ui_ctx *c, ui_drawlist *dl, const im_entry_summary *e, ui_rect r)
{
    int pad = ui_pt(c, 16), gap = ui_pt(c, 4);
    ui_rect card = { r.x + pad, r.y + gap, r.w - 2 * pad, r.h - 2 * gap };
    ui_draw_rrect(dl, card, ui_pt(c, 12), ui_color(c, UI_C_SURFACE));
    ui_draw_rrect_outline(dl, card, ui_pt(c, 12), ui_pt(c, 1) > 0 ? ui_pt(c, 1) : 1, ui_color(c, UI_C_OUTLINE));
    ui_face bf, sf;
    int bpx, spx;
    ui_text_style_font(c, UI_TEXT_BODY, &bf, &bpx);
    ui_text_style_font(c, UI_TEXT_SMALL, &sf, &spx);
    int in = ui_pt(c, 12), x = card.x + in, w = card.w - 2 * in;
    int y = card.y + ui_pt(c, 8);
    /* top line: time (or date in search results), mood, link */
    char meta[160], when[64], day[80];
    jr_time_text(e->created_ms, when, sizeof when);
    if (m->query) {
        jr_day_text(e->day, m->today, day, sizeof day);
        snprintf(meta, sizeof meta, "%s, %s", day, when);
    } else {
        snprintf(meta, sizeof meta, "%s", when);
    }
    if (e->mood) {
        size_t used = strlen(meta);
        snprintf(meta + used, sizeof meta - used, "  \xC2\xB7  %s", jr_mood_word(e->mood));
    }
    if (e->has_link) {
        size_t used = strlen(meta);
        snprintf(meta + used, sizeof meta - used, "  \xC2\xB7  %s", ui_str(STR_JOURNAL_LINKED));
    }
    jr_draw_line(c, dl, meta, -1, sf, spx, ui_color(c, UI_C_TEXT_MUTED), x, y, w);
    y += ui_text_line_height(c->text, sf, spx) + ui_pt(c, 2);
    /* then the title (bold) and the first words, or the first words alone */
    int has_title = e->title && e->title[0];
    if (has_title) {
        ui_face tf = UI_FACE_BOLD;
        draw_matched_line(m, c, dl, e->title, first_line_len(e->title, 200), tf, bpx, ui_color(c, UI_C_TEXT), x, y, w);
        y += ui_text_line_height(c->text, tf, bpx);
    }
    const char *p = e->preview && e->preview[0] ? e->preview : (has_title ? "" : ui_str(STR_JOURNAL_NO_WORDS));
    if (p[0])
        draw_matched_line(m, c, dl, p, first_line_len(p, (int)IM_JOURNAL_PREVIEW_BYTES), has_title ? sf : bf,
                          has_title ? spx : bpx, ui_color(c, has_title ? UI_C_TEXT_MUTED : UI_C_TEXT), x, y, w);
}

void jr_row_draw(void *ctx, ui_ctx *c, ui_drawlist *dl, uint32_t row, ui_rect r)
{
    jr_model *m = ctx;
    size_t d = 0;
    const im_entry_summary *e = NULL;
    if (jr_model_row(m, row, &d, &e)) draw_heading(m, c, dl, d, r);
    else if (e) draw_entry(m, c, dl, e, r);
}

/* Matches highlighted in a text, at most: past them the words are still
 * shown, only not marked (a very common word in a very long entry). */
#define MARKS_MAX 4096

int jr_mark_matches(ui_widget *reader, ui_ctx *c, const char *text, const char *query)
{
    ui_field_set_marks(reader, c, NULL, 0);
    if (!query || !query[0] || !text || !text[0]) return 0;
    size_t len = strlen(text);
    size_t n = im_journal_match_spans(text, len, query, NULL, 0);
    if (n == 0 || n == (size_t)-1) return 0;
    if (n > MARKS_MAX) n = MARKS_MAX;
    im_text_span *spans = malloc(n * sizeof *spans);
    ui_mark *marks = malloc(n * sizeof *marks);
    int marked = 0;
    if (spans && marks && im_journal_match_spans(text, len, query, spans, n) != (size_t)-1) {
        for (size_t i = 0; i < n; i++) marks[i] = (ui_mark){ (int)spans[i].start, (int)spans[i].end };
        ui_field_set_marks(reader, c, marks, (int)n);
        marked = (int)n;
    }
    if (spans) im_mem_wipe_free(spans, n * sizeof *spans);
    if (marks) im_mem_wipe_free(marks, n * sizeof *marks);
    return marked;
}
