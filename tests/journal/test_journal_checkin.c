/*
 * test_journal_checkin.c -- the mood check-in as a progress event: logged
 * and corrected in place, read back by day, never a journal entry; "Very
 * low" twice in a row is hard; the mood chart draws check-ins beside
 * entries; practice days do not count them; the export reads "Checked in:
 * Low".
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "innermost/export.h"
#include "innermost/progress.h"
#include "jtest.h"

static int32_t day_of(int64_t ms) { return im_day_from_ms(ms, 0); }

static int mood_on(jt_env *e, int32_t day)
{
    int mood = -1;
    CHECK_RC(im_progress_checkin_on(e->v, day, &mood), IM_OK);
    return mood;
}

static void test_log_and_read(jt_env *e, im_journal *j)
{
    int32_t d0 = day_of(JT_T0);
    int64_t id = 0;
    CHECK_RC(im_progress_checkin(e->v, IM_MOOD_NONE, &id), IM_ERR_INVALID);
    CHECK_RC(im_progress_checkin(e->v, IM_MOOD_VERY_GOOD + 1, &id), IM_ERR_INVALID);
    CHECK(id == 0);
    CHECK(mood_on(e, d0) == IM_MOOD_NONE);

    e->now = JT_T0 + 9 * 3600000;
    CHECK_RC(im_progress_checkin(e->v, IM_MOOD_LOW, &id), IM_OK);
    CHECK(id != 0);
    CHECK(mood_on(e, d0) == IM_MOOD_LOW);
    /* a second pick on the same card corrects it: still one event, its time kept */
    int64_t first = id;
    e->now += 60000;
    CHECK_RC(im_progress_checkin(e->v, IM_MOOD_GOOD, &id), IM_OK);
    CHECK(id == first);
    CHECK(mood_on(e, d0) == IM_MOOD_GOOD);
    im_progress_event *ev;
    size_t n;
    CHECK_RC(im_progress_events(e->v, IM_PROGRESS_CHECKIN, INT64_MIN, INT64_MAX, &ev, &n), IM_OK);
    CHECK(n == 1 && ev[0].after == IM_MOOD_GOOD && ev[0].at_ms == JT_T0 + 9 * 3600000);
    free(ev);
    /* an id that is no check-in is refused */
    im_progress_event step = im_progress_event_make(IM_PROGRESS_PATH_STEP, "path.1", NULL);
    int64_t step_id = 0;
    CHECK_RC(im_progress_log(e->v, &step, &step_id), IM_OK);
    int64_t wrong = step_id;
    CHECK_RC(im_progress_checkin(e->v, IM_MOOD_OKAY, &wrong), IM_ERR_NOT_FOUND);
    CHECK(mood_on(e, d0) == IM_MOOD_GOOD);

    /* the latest of the day wins; another day has its own */
    e->now = JT_T0 + 20 * 3600000;
    id = 0;
    CHECK_RC(im_progress_checkin(e->v, IM_MOOD_OKAY, &id), IM_OK);
    CHECK(mood_on(e, d0) == IM_MOOD_OKAY);
    CHECK(mood_on(e, d0 + 1) == IM_MOOD_NONE);

    /* the journal lists only what a person wrote */
    size_t entries = 7;
    CHECK_RC(im_record_count(e->v, IM_KIND_JOURNAL, &entries), IM_OK);
    CHECK(entries == 0);
    im_entry_page page = {0};
    CHECK_RC(im_journal_list_day(j, d0, &page), IM_OK);
    CHECK(page.n == 0);
    im_entry_page_free(&page);
}

static void test_hard(jt_env *e)
{
    int hard = -1;
    int64_t a = 0, b = 0, c = 0;
    e->now = JT_T0 + 2 * JT_DAY_MS;
    CHECK_RC(im_progress_checkin(e->v, IM_MOOD_VERY_LOW, &a), IM_OK);
    /* once is not "twice in a row" (the check-in before it was Okay) */
    CHECK_RC(im_progress_checkin_is_hard(e->v, a, &hard), IM_OK);
    CHECK(hard == 0);
    e->now += 3600000;
    CHECK_RC(im_progress_checkin(e->v, IM_MOOD_VERY_LOW, &b), IM_OK);
    CHECK_RC(im_progress_checkin_is_hard(e->v, b, &hard), IM_OK);
    CHECK(hard == 1);
    /* other events in between do not break the row */
    im_progress_event p = im_progress_event_make(IM_PROGRESS_PRACTICE, "breathing", NULL);
    e->now += 3600000;
    CHECK_RC(im_progress_log(e->v, &p, NULL), IM_OK);
    e->now += 3600000;
    CHECK_RC(im_progress_checkin(e->v, IM_MOOD_VERY_LOW, &c), IM_OK);
    CHECK_RC(im_progress_checkin_is_hard(e->v, c, &hard), IM_OK);
    CHECK(hard == 1);
    /* corrected upwards: no longer hard */
    CHECK_RC(im_progress_checkin(e->v, IM_MOOD_LOW, &c), IM_OK);
    CHECK_RC(im_progress_checkin_is_hard(e->v, c, &hard), IM_OK);
    CHECK(hard == 0);
    CHECK_RC(im_progress_checkin_is_hard(e->v, 999999, &hard), IM_ERR_NOT_FOUND);
}

static void test_series(jt_env *e, im_journal *j)
{
    int32_t d0 = day_of(JT_T0);
    /* day 0: check-in Okay (3); an entry with mood 5 too */
    e->now = JT_T0 + 21 * 3600000;
    im_entry_fields f = {NULL, "words of my own", 5, NULL, NULL, NULL};
    CHECK_RC(im_journal_create(j, &f, NULL), IM_OK);
    im_mood_day *md;
    size_t n;
    CHECK_RC(im_progress_mood_by_day(j, d0, d0 + 2, &md, &n), IM_OK);
    CHECK(n == 3);
    /* day 0: the corrected Good (4), Okay (3) and the entry's 5 */
    CHECK(md[0].count == 3 && md[0].min == 3 && md[0].max == 5 && md[0].average_x100 == 400);
    CHECK(md[1].count == 0);
    /* day 2: Very low, Very low, Low */
    CHECK(md[2].count == 3 && md[2].min == 1 && md[2].max == 2 && md[2].average_x100 == 133);
    free(md);

    /* practice days: the path step on day 0 and the breathing on day 2, not check-ins */
    uint32_t *counts;
    size_t days = 0;
    CHECK_RC(im_progress_practice_days(e->v, d0, d0 + 2, &counts, &days), IM_OK);
    CHECK(days == 2 && counts[0] == 1 && counts[1] == 0 && counts[2] == 1);
    free(counts);
    e->now = JT_T0 + 5 * JT_DAY_MS;
    int64_t only = 0;
    CHECK_RC(im_progress_checkin(e->v, IM_MOOD_GOOD, &only), IM_OK);
    CHECK_RC(im_progress_practice_days(e->v, d0 + 5, d0 + 5, NULL, &days), IM_OK);
    CHECK(days == 0);
}

static void test_export(jt_env *e, im_journal *j)
{
    im_export_options o = {0};
    o.from_day = day_of(JT_T0) + 5;
    o.to_day = day_of(JT_T0) + 5;
    o.kinds = IM_EXPORT_PROGRESS;
    char *md;
    size_t len;
    (void)e;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    CHECK(strstr(md, "- 2026-01-06 00:00 - Checked in: Good\n") != NULL);
    CHECK(strstr(md, "No practice recorded in this range.") != NULL);
    CHECK(strstr(md, "Days with practice") == NULL);
    im_export_free(md, len);
    o.from_day = day_of(JT_T0) + 2;
    o.to_day = day_of(JT_T0) + 2;
    CHECK_RC(im_export_markdown(j, &o, &md, &len), IM_OK);
    CHECK(strstr(md, "Checked in: Very low\n") != NULL);
    CHECK(strstr(md, "Checked in: Low\n") != NULL);
    CHECK(strstr(md, "Days with practice in this range: 1\n") != NULL);
    im_export_free(md, len);
}

int main(void)
{
    jt_env e;
    jt_open(&e, "checkin");
    im_journal *j;
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    test_log_and_read(&e, j);
    test_hard(&e);
    test_series(&e, j);
    test_export(&e, j);
    im_journal_close(j);
    /* after a restart the day's check-in is still there */
    jt_reopen(&e);
    CHECK(mood_on(&e, day_of(JT_T0) + 5) == IM_MOOD_GOOD);
    jt_close(&e);
    return im_check_done();
}
