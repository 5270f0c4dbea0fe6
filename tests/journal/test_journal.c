/*
 * test_journal.c -- entries, trash and undo, drafts, limits, UTF-8, days,
 * locking, and a canary scan of the data directory.
 */
#include <stdlib.h>
#include <string.h>

#include "jtest.h"

#define CANARY "CANARY-journal-7f3a9c"

static im_entry_fields fields(const char *title, const char *body, int mood)
{
    im_entry_fields f = {title, body, mood, NULL, NULL, NULL};
    return f;
}

static void test_create_get_update(jt_env *e, im_journal *j)
{
    im_entry_fields f = fields("First", "Today I said what I needed.", IM_MOOD_GOOD);
    f.link_item = "ex.vulnerability-ladder";
    f.link_ref = "step-3";
    f.prompt = "What did you notice in your body?";
    int64_t id = 0;
    CHECK_RC(im_journal_create(j, &f, &id), IM_OK);
    CHECK(id > 0);
    im_entry got;
    CHECK_RC(im_journal_get(j, id, &got), IM_OK);
    CHECK(got.id == id);
    CHECK(got.title && strcmp(got.title, "First") == 0);
    CHECK(strcmp(got.body, f.body) == 0);
    CHECK(got.mood == IM_MOOD_GOOD);
    CHECK(got.link_item && strcmp(got.link_item, f.link_item) == 0);
    CHECK(got.link_ref && strcmp(got.link_ref, "step-3") == 0);
    CHECK(got.prompt && strcmp(got.prompt, f.prompt) == 0);
    CHECK(got.created_ms == JT_T0 && got.edited_ms == JT_T0);
    CHECK(got.day == im_day_from_ms(JT_T0, 0));
    im_entry_free(&got);

    e->now += 60000;
    im_entry_fields g = fields(NULL, "Edited: ça va mieux.", IM_MOOD_OKAY);
    CHECK_RC(im_journal_update(j, id, &g), IM_OK);
    CHECK_RC(im_journal_get(j, id, &got), IM_OK);
    CHECK(got.title == NULL && got.link_item == NULL && got.prompt == NULL);
    CHECK(strcmp(got.body, g.body) == 0);
    CHECK(got.created_ms == JT_T0 && got.edited_ms == JT_T0 + 60000);
    im_entry_free(&got);
    CHECK_RC(im_journal_update(j, 999999, &g), IM_ERR_NOT_FOUND);
    CHECK_RC(im_journal_get(j, 999999, &got), IM_ERR_NOT_FOUND);
    CHECK(strcmp(im_mood_word(IM_MOOD_VERY_LOW), "Very low") == 0);
    CHECK(strcmp(im_mood_word(IM_MOOD_VERY_GOOD), "Very good") == 0);
    CHECK(strcmp(im_mood_word(0), "") == 0 && strcmp(im_mood_word(9), "") == 0);
    /* The same query again after a write sees the write (no stale cache). */
    im_entry_page p;
    CHECK_RC(im_journal_search(j, "mieux", 0, 10, &p), IM_OK);
    CHECK(p.total == 1);
    im_entry_page_free(&p);
    im_entry_fields more = fields("Mieux", "encore", 0);
    int64_t id2 = 0;
    CHECK_RC(im_journal_create(j, &more, &id2), IM_OK);
    CHECK_RC(im_journal_search(j, "mieux", 0, 10, &p), IM_OK);
    CHECK(p.total == 2 && p.n == 2 && p.items[0].id == id2);
    im_entry_page_free(&p);
    CHECK_RC(im_journal_update(j, id2, &g), IM_OK);
    CHECK_RC(im_journal_search(j, "encore", 0, 10, &p), IM_OK);
    CHECK(p.total == 0);
    im_entry_page_free(&p);
    CHECK_RC(im_journal_delete(j, id2, NULL), IM_OK);
    CHECK_RC(im_journal_search(j, "mieux", 0, 10, &p), IM_OK);
    CHECK(p.total == 1);
    im_entry_page_free(&p);
    im_entry_fields bad = fields(NULL, "x", 6);
    CHECK_RC(im_journal_create(j, &bad, &id), IM_ERR_INVALID);
}

/* Every text field and the search query refuse broken UTF-8, and a refused
 * call stores nothing. */
static void test_invalid_utf8(im_journal *j)
{
    static const char *const broken[] = {
        "\xC3",             /* truncated two-byte sequence */
        "\xC0\xAF",         /* overlong '/'                */
        "\xED\xA0\x80",     /* UTF-16 surrogate            */
        "\xF4\x90\x80\x80", /* above U+10FFFF              */
        "ok \xFF ok",       /* never valid                 */
        "\x80",             /* lone continuation byte      */
    };
    size_t before = im_journal_count(j);
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        const char *s = broken[i];
        im_entry_fields f[5] = {fields(s, "b", 0), fields("t", s, 0), fields("t", "b", 0),
                                fields("t", "b", 0), fields("t", "b", 0)};
        f[2].prompt = s;
        f[3].link_item = s;
        f[4].link_ref = s;
        for (int k = 0; k < 5; k++) {
            int64_t id = 0;
            CHECK_RC(im_journal_create(j, &f[k], &id), IM_ERR_INVALID);
            CHECK_RC(im_journal_draft_save(j, 0, &f[k]), IM_ERR_INVALID);
        }
        im_entry_page p;
        CHECK_RC(im_journal_search(j, s, 0, 10, &p), IM_ERR_INVALID);
    }
    CHECK(im_journal_count(j) == before);
    im_entry d;
    CHECK_RC(im_journal_draft_load(j, 0, &d), IM_ERR_NOT_FOUND);
}

static void test_limits(im_journal *j)
{
    /* 1 MB of multi-byte text is fine. */
    size_t mb = 1024 * 1024;
    char *big = malloc(IM_JOURNAL_BODY_MAX_BYTES + 2);
    REQUIRE(big);
    for (size_t i = 0; i < mb; i += 2)
        memcpy(big + i, "\xC3\xA9", 2); /* é */
    big[mb] = 0;
    int64_t id = 0;
    im_entry_fields f = fields("big", big, 0);
    CHECK_RC(im_journal_create(j, &f, &id), IM_OK);
    im_entry got;
    CHECK_RC(im_journal_get(j, id, &got), IM_OK);
    CHECK(got.body && strlen(got.body) == mb && memcmp(got.body, big, mb) == 0);
    im_entry_free(&got);

    /* Over the limit: refused, and the entry and its draft stay intact. */
    CHECK_RC(im_journal_draft_save(j, id, &f), IM_OK);
    memset(big, 'a', IM_JOURNAL_BODY_MAX_BYTES + 1);
    big[IM_JOURNAL_BODY_MAX_BYTES + 1] = 0;
    im_entry_fields over = fields("over", big, 0);
    CHECK_RC(im_journal_update(j, id, &over), IM_ERR_TOO_LARGE);
    CHECK_RC(im_journal_draft_save(j, id, &over), IM_ERR_TOO_LARGE);
    int64_t other = 0;
    CHECK_RC(im_journal_create(j, &over, &other), IM_ERR_TOO_LARGE);
    CHECK_RC(im_journal_get(j, id, &got), IM_OK);
    CHECK(got.body && strlen(got.body) == mb && strcmp(got.title, "big") == 0);
    im_entry_free(&got);
    CHECK_RC(im_journal_draft_load(j, id, &got), IM_OK);
    CHECK(got.body && strlen(got.body) == mb);
    im_entry_free(&got);
    CHECK_RC(im_journal_draft_discard(j, id), IM_OK);
    /* Exactly at the limit is fine. */
    big[IM_JOURNAL_BODY_MAX_BYTES] = 0;
    CHECK_RC(im_journal_update(j, id, &over), IM_OK);
    char title[IM_JOURNAL_TITLE_MAX_BYTES + 2];
    memset(title, 't', sizeof title - 1);
    title[sizeof title - 1] = 0;
    im_entry_fields long_title = fields(title, "b", 0);
    CHECK_RC(im_journal_create(j, &long_title, &other), IM_ERR_TOO_LARGE);
    CHECK_RC(im_journal_delete(j, id, NULL), IM_OK);
    free(big);
}

static void test_trash(jt_env *e, im_journal *j)
{
    int64_t a = 0, b = 0, ta = 0, tb = 0, back = 0;
    im_entry_fields fa = fields("keep me", "undo this delete", IM_MOOD_LOW);
    im_entry_fields fb = fields("let go", "gone for good later", 0);
    int64_t created_a = e->now;
    CHECK_RC(im_journal_create(j, &fa, &a), IM_OK);
    e->now += 1000;
    CHECK_RC(im_journal_create(j, &fb, &b), IM_OK);
    size_t n = im_journal_count(j);
    CHECK_RC(im_journal_delete(j, a, &ta), IM_OK);
    CHECK_RC(im_journal_delete(j, b, &tb), IM_OK);
    CHECK(im_journal_count(j) == n - 2);
    CHECK_RC(im_journal_get(j, a, &(im_entry){0}), IM_ERR_NOT_FOUND);
    im_entry_page p;
    CHECK_RC(im_journal_trash_list(j, &p), IM_OK);
    /* (two entries deleted by earlier parts are in the trash too) */
    CHECK(p.n == 4 && p.items[0].id == tb && p.items[1].id == ta);
    im_entry_page_free(&p);
    CHECK_RC(im_journal_search(j, "undo", 0, 10, &p), IM_OK);
    CHECK(p.total == 0);
    im_entry_page_free(&p);

    /* Undo within the window: back in its place, with its created time. */
    e->now += IM_JOURNAL_UNDO_WINDOW_MS - 5000;
    CHECK_RC(im_journal_trash_restore(j, ta, &back), IM_OK);
    im_entry got;
    CHECK_RC(im_journal_get(j, back, &got), IM_OK);
    CHECK(strcmp(got.body, fa.body) == 0 && got.created_ms == created_a && got.mood == IM_MOOD_LOW);
    im_entry_free(&got);
    CHECK_RC(im_journal_search(j, "UNDO", 0, 10, &p), IM_OK);
    CHECK(p.total == 1 && p.n == 1 && p.items[0].id == back);
    im_entry_page_free(&p);

    /* After the window: gone for good, the record deleted. */
    e->now += 10000;
    size_t before = 0, purged = 0;
    CHECK_RC(im_record_count(e->v, IM_KIND_TRASH, &before), IM_OK);
    CHECK(before == 3);
    CHECK_RC(im_journal_trash_restore(j, tb, &back), IM_ERR_NOT_FOUND);
    CHECK_RC(im_journal_trash_purge(j, &purged), IM_OK);
    size_t after = 1;
    CHECK_RC(im_record_count(e->v, IM_KIND_TRASH, &after), IM_OK);
    CHECK(after == 0);
    CHECK_RC(im_journal_trash_list(j, &p), IM_OK);
    CHECK(p.n == 0);
    im_entry_page_free(&p);
    CHECK_RC(im_journal_delete(j, back, &ta), IM_OK);
    CHECK_RC(im_journal_trash_forget(j, ta), IM_OK);
    CHECK_RC(im_journal_trash_restore(j, ta, &back), IM_ERR_NOT_FOUND);
}

static void test_drafts(jt_env *e, im_journal *j)
{
    im_entry_fields d1 = fields("half", "I am starting to", IM_MOOD_OKAY);
    CHECK(im_journal_draft_due(j, 0));
    CHECK_RC(im_journal_draft_save(j, 0, &d1), IM_OK);
    CHECK(!im_journal_draft_due(j, 0));
    e->now += IM_JOURNAL_DRAFT_INTERVAL_MS;
    CHECK(im_journal_draft_due(j, 0));
    im_entry_fields d2 = fields("half", "I am starting to trust", IM_MOOD_OKAY);
    CHECK_RC(im_journal_draft_save(j, 0, &d2), IM_OK);
    size_t nd = 0;
    CHECK_RC(im_record_count(e->v, IM_KIND_DRAFT, &nd), IM_OK);
    CHECK(nd == 1); /* replaced in place, not piled up */

    /* A restart brings the draft back. */
    im_journal_close(j);
    jt_reopen(e);
    REQUIRE(im_journal_open(e->v, &j) == IM_OK);
    int64_t *targets = NULL;
    size_t nt = 0;
    CHECK_RC(im_journal_drafts(j, &targets, &nt), IM_OK);
    CHECK(nt == 1 && targets[0] == 0);
    free(targets);
    im_entry got;
    CHECK_RC(im_journal_draft_load(j, 0, &got), IM_OK);
    CHECK(strcmp(got.body, d2.body) == 0 && got.mood == IM_MOOD_OKAY);
    CHECK(got.created_ms == JT_T0 + 1000 + IM_JOURNAL_UNDO_WINDOW_MS + 5000 ||
          got.created_ms < got.edited_ms);
    im_entry_free(&got);
    size_t n = im_journal_count(j);
    int64_t id = 0;
    CHECK_RC(im_journal_draft_commit(j, 0, &id), IM_OK);
    CHECK(im_journal_count(j) == n + 1);
    CHECK_RC(im_journal_draft_load(j, 0, &got), IM_ERR_NOT_FOUND);
    CHECK_RC(im_journal_get(j, id, &got), IM_OK);
    CHECK(strcmp(got.body, d2.body) == 0);
    im_entry_free(&got);

    /* A draft of edits follows its entry through the trash and back. */
    im_entry_fields edit = fields("half", "edited in a draft", 0);
    CHECK_RC(im_journal_draft_save(j, id, &edit), IM_OK);
    int64_t tid = 0, back = 0;
    CHECK_RC(im_journal_delete(j, id, &tid), IM_OK);
    CHECK_RC(im_journal_drafts(j, &targets, &nt), IM_OK);
    CHECK(nt == 0);
    free(targets);
    CHECK_RC(im_journal_trash_restore(j, tid, &back), IM_OK);
    CHECK_RC(im_journal_draft_load(j, back, &got), IM_OK);
    CHECK(strcmp(got.body, "edited in a draft") == 0);
    im_entry_free(&got);
    CHECK_RC(im_journal_draft_commit(j, back, NULL), IM_OK);
    CHECK_RC(im_journal_get(j, back, &got), IM_OK);
    CHECK(strcmp(got.body, "edited in a draft") == 0);
    im_entry_free(&got);
    /* Once the trashed entry is gone for good, its draft goes too. */
    CHECK_RC(im_journal_draft_save(j, back, &edit), IM_OK);
    CHECK_RC(im_journal_delete(j, back, &tid), IM_OK);
    CHECK_RC(im_journal_trash_forget(j, tid), IM_OK);
    CHECK_RC(im_record_count(e->v, IM_KIND_DRAFT, &nd), IM_OK);
    CHECK(nd == 0);
    CHECK_RC(im_journal_draft_discard(j, 0), IM_OK);
    im_journal_close(j);
}

static void test_days_and_lock(jt_env *e)
{
    im_journal *j;
    REQUIRE(im_journal_open(e->v, &j) == IM_OK);
    size_t base = im_journal_count(j);
    int64_t day0 = JT_T0 + 40 * JT_DAY_MS;
    int32_t d0 = im_day_from_ms(day0, 0);
    for (int i = 0; i < 5; i++) {
        e->now = day0 + (i % 2) * JT_DAY_MS + i * 1000;
        im_entry_fields f = fields(NULL, "day test", 1 + i % 5);
        CHECK_RC(im_journal_create(j, &f, NULL), IM_OK);
    }
    im_entry_page p;
    CHECK_RC(im_journal_list_day(j, d0, &p), IM_OK);
    CHECK(p.n == 3 && p.total == 3);
    for (size_t i = 0; i < p.n; i++)
        CHECK(p.items[i].day == d0);
    CHECK(p.n == 3 && p.items[0].created_ms > p.items[2].created_ms);
    im_entry_page_free(&p);
    int32_t *days;
    size_t *counts, nd;
    CHECK_RC(im_journal_days(j, &days, &counts, &nd), IM_OK);
    CHECK(nd >= 2 && days[0] == d0 + 1 && counts[0] == 2 && days[1] == d0 && counts[1] == 3);
    free(days);
    free(counts);
    CHECK(im_journal_count(j) == base + 5);

    /* Locked: calls refuse and the index is wiped; unlock and it reloads. */
    im_vault_lock(e->v);
    CHECK_RC(im_journal_list(j, 0, 10, &p), IM_ERR_LOCKED);
    CHECK(im_journal_count(j) == 0);
    REQUIRE(im_vault_unlock(e->v, TH_PASS) == IM_OK);
    CHECK(im_journal_count(j) == base + 5);
    im_journal_close(j);
}

/* The build in slices walks the ids newest first, a batch at a time, and
 * purges the trash past its window that it meets on the way (the rows of
 * trash pass for entries on disk): the same result as the at-once read. */
static void test_sliced_build(jt_env *e)
{
    im_journal *j;
    REQUIRE(im_journal_open(e->v, &j) == IM_OK);
    size_t base = im_journal_count(j), trash0 = 0;
    int64_t ids[70], tid = 0, live_tid = 0;
    for (int i = 0; i < 70; i++) {
        e->now += 1000;
        im_entry_fields f = fields(NULL, i == 69 ? "the newest one" : "sliced build", 0);
        CHECK_RC(im_journal_create(j, &f, &ids[i]), IM_OK);
    }
    CHECK_RC(im_journal_delete(j, ids[3], &tid), IM_OK);
    e->now += IM_JOURNAL_UNDO_WINDOW_MS + 10000;
    CHECK_RC(im_journal_delete(j, ids[4], &live_tid), IM_OK); /* still in its window */
    CHECK_RC(im_record_count(e->v, IM_KIND_TRASH, &trash0), IM_OK);
    im_journal_close(j);

    REQUIRE(im_journal_open(e->v, &j) == IM_OK);
    int done = 0;
    size_t steps = 0;
    /* a batch of ids listed, the two newest rows read (the trash made
     * last), then the newest entry */
    for (; steps < 4; steps++)
        CHECK_RC(im_journal_index_step(j, 1, &done), IM_OK);
    im_entry_page p;
    CHECK_RC(im_journal_search(j, "newest", 0, 10, &p), IM_OK);
    CHECK(p.n == 1 && p.items[0].id == ids[69]);
    im_entry_page_free(&p);
    while (!done && steps < 1000) {
        CHECK_RC(im_journal_index_step(j, 1, &done), IM_OK);
        steps++;
    }
    CHECK(done && steps > 70);

    CHECK(im_journal_count(j) == base + 68);
    size_t trash = 0;
    CHECK_RC(im_record_count(e->v, IM_KIND_TRASH, &trash), IM_OK);
    CHECK(trash == trash0 - 1);
    CHECK_RC(im_journal_trash_restore(j, tid, NULL), IM_ERR_NOT_FOUND);
    CHECK_RC(im_journal_trash_restore(j, live_tid, NULL), IM_OK);
    CHECK(im_journal_count(j) == base + 69);
    im_journal_close(j);
}

int main(void)
{
    jt_env e;
    jt_open(&e, "journal");
    im_journal *j;
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    CHECK(im_journal_count(j) == 0);
    test_create_get_update(&e, j);
    test_invalid_utf8(j);
    test_limits(j);
    test_trash(&e, j);
    test_drafts(&e, j); /* closes j */
    test_days_and_lock(&e);
    test_sliced_build(&e);

    /* Canary: text in every kind this module writes, then scan the files. */
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    im_entry_fields f = fields(CANARY, CANARY " body", IM_MOOD_GOOD);
    f.prompt = CANARY;
    f.link_item = CANARY;
    int64_t id = 0, tid = 0;
    CHECK_RC(im_journal_create(j, &f, &id), IM_OK);
    CHECK_RC(im_journal_create(j, &f, &id), IM_OK);
    CHECK_RC(im_journal_delete(j, id, &tid), IM_OK);
    CHECK_RC(im_journal_draft_save(j, 0, &f), IM_OK);
    im_journal_close(j);
    im_vault_close(e.v);
    e.v = NULL;
    CHECK(im_scan_dir_for(e.dir, CANARY, strlen(CANARY)) == 0);
    REQUIRE(im_vault_open(e.dir, &e.v) == IM_OK);
    jt_close(&e);
    return im_check_done();
}
