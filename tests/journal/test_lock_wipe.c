/*
 * test_lock_wipe.c -- locking the vault wipes decrypted text at once.
 *
 * The vault's lock listeners (order, duplicates, removal, the closing
 * call, no re-entry); the journal's index, and the search dictionary
 * that holds every word of every entry, are empty right after
 * im_vault_lock (checked through its internal handle); an attached solo
 * run and an attached couple session lose their answers, names and seal
 * contents on lock, refuse to save the emptied state over their records,
 * and come back whole from the vault after unlock.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "innermost/engine.h"
#include "journal_internal.h"
#include "jtest.h"

#define CANARY_J "CANARY-lockwipe-journal-7f2a"
#define CANARY_R "CANARY-lockwipe-run-03c9"
#define CANARY_C "CANARY-lockwipe-couple-b81e"

/* ---- The mechanism ------------------------------------------------------------ */

typedef struct heard {
    char log[64];
    size_t n;
    im_vault *v;
} heard;

static heard calls;

static void hear(void *ctx, im_vault *v, int closing)
{
    calls.v = v;
    if (calls.n + 2 < sizeof calls.log) {
        calls.log[calls.n++] = *(const char *)ctx;
        calls.log[calls.n++] = closing ? 'C' : 'L';
        calls.log[calls.n] = 0;
    }
    /* A listener cannot change the list or lock again. */
    CHECK_RC(im_vault_lock_listener_add(v, hear, "z"), IM_ERR_STATE);
    im_vault_lock(v);
    CHECK(closing || im_vault_is_unlocked(v)); /* keys still there */
}

static void test_listeners(void)
{
    jt_env e;
    jt_open(&e, "lock-listeners");
    CHECK_RC(im_vault_lock_listener_add(e.v, NULL, NULL), IM_ERR_INVALID);
    CHECK_RC(im_vault_lock_listener_add(e.v, hear, "a"), IM_OK);
    CHECK_RC(im_vault_lock_listener_add(e.v, hear, "b"), IM_OK);
    CHECK_RC(im_vault_lock_listener_add(e.v, hear, "a"), IM_OK); /* once */
    CHECK_RC(im_vault_lock_listener_add(e.v, hear, "c"), IM_OK);
    im_vault_lock_listener_remove(e.v, hear, "b");
    im_vault_lock_listener_remove(e.v, hear, "nobody");

    calls.n = 0;
    im_vault_lock(e.v);
    CHECK(strcmp(calls.log, "aLcL") == 0 && calls.v == e.v);
    CHECK(!im_vault_is_unlocked(e.v));
    calls.n = 0;
    calls.log[0] = 0;
    im_vault_lock(e.v); /* already locked: nobody is told again */
    CHECK(calls.n == 0);

    REQUIRE(im_vault_unlock(e.v, TH_PASS) == IM_OK);
    im_vault_close(e.v); /* lock, then closing */
    e.v = NULL;
    CHECK(strcmp(calls.log, "aLcLaCcC") == 0);
    jt_close(&e);
}

/* ---- The journal -------------------------------------------------------------- */

/* 1 if the search dictionary has the (folded) token word. */
static int dictionary_has(const im_jwords *d, const char *word)
{
    for (uint32_t id = 0; id < im_jwords_count(d); id++) {
        size_t len;
        const char *t = im_jwords_token(d, id, &len);
        if (len == strlen(word) && memcmp(t, word, len) == 0)
            return 1;
    }
    return 0;
}

/* Nothing left in the dictionary: every buffer freed (each was wiped
 * first: journal_words.c frees only through free_wiped). */
static int dictionary_empty(const im_jwords *d)
{
    return im_jwords_count(d) == 0 && im_jwords_bytes(d) == 0 && d->text == NULL && d->start == NULL &&
           d->slots == NULL && d->fold == NULL && d->post == NULL && d->pages == NULL && d->npages == 0 &&
           d->live_pages == 0;
}

static void test_journal(void)
{
    jt_env e;
    jt_open(&e, "lock-journal");
    im_journal *j;
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    im_entry_fields f = {"a title", "the body holds " CANARY_J, 3, NULL, NULL, NULL};
    int64_t id = 0;
    REQUIRE(im_journal_create(j, &f, &id) == IM_OK);
    im_entry_fields d = {NULL, "a draft with " CANARY_J, 0, NULL, NULL, NULL};
    REQUIRE(im_journal_draft_save(j, 0, &d) == IM_OK);
    im_entry_page p;
    REQUIRE(im_journal_search(j, "lockwipe", 0, 10, &p) == IM_OK);
    CHECK(p.total == 1);
    im_entry_page_free(&p);
    CHECK(j->loaded && j->index.n == 1 && j->ndrafts == 1 && j->search_query);
    /* The body's words, folded, past the preview or not. */
    CHECK(dictionary_has(&j->index.words, "lockwipe"));
    CHECK(dictionary_has(&j->index.words, "7f2a"));
    CHECK(dictionary_has(&j->index.words, "title"));

    /* Locking empties the index at once: no journal call in between. */
    im_vault_lock(e.v);
    CHECK(!j->loaded);
    CHECK(j->index.n == 0 && j->index.v == NULL);
    CHECK(dictionary_empty(&j->index.words));
    CHECK(j->ndrafts == 0 && j->search_query == NULL && j->search_hits == NULL);
    CHECK(im_journal_count(j) == 0);

    /* After unlock it loads again. */
    REQUIRE(im_vault_unlock(e.v, TH_PASS) == IM_OK);
    CHECK(im_journal_count(j) == 1);
    im_entry got;
    CHECK_RC(im_journal_get(j, id, &got), IM_OK);
    CHECK(got.body && strstr(got.body, CANARY_J));
    im_entry_free(&got);

    /* Closed before the vault: the vault no longer calls it. */
    im_journal_close(j);
    im_vault_lock(e.v);
    REQUIRE(im_vault_unlock(e.v, TH_PASS) == IM_OK);

    /* The vault closed first: the journal forgets it and closes cleanly
     * (ASan would catch a touch of the freed vault). */
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    CHECK(im_journal_count(j) == 1);
    /* The count came from the head: no entry was read for it. */
    CHECK(j->head.valid && j->head.n == 1 && im_jwords_count(&j->index.words) == 0);
    REQUIRE(im_journal_search(j, "lockwipe", 0, 10, &p) == IM_OK);
    CHECK(p.total == 1 && !p.partial);
    im_entry_page_free(&p);
    CHECK(dictionary_has(&j->index.words, "lockwipe"));
    im_vault_close(e.v);
    e.v = NULL;
    CHECK(j->index.n == 0 && !j->listening);
    CHECK(dictionary_empty(&j->index.words));
    CHECK(j->head.v == NULL && j->head.n == 0);
    im_journal_close(j);
    jt_close(&e);
}

/* Locked halfway through reading the entries in: the head, the entries
 * read so far, their words and the ids still to read are all gone at once;
 * after unlock the build starts over and completes. */
static void test_build_wipe(void)
{
    jt_env e;
    jt_open(&e, "lock-build");
    im_journal *j;
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    REQUIRE(im_vault_begin(e.v) == IM_OK);
    for (int i = 0; i < 200; i++) {
        char body[128];
        snprintf(body, sizeof body, "entry %d holds " CANARY_J, i);
        im_entry_fields f = {"a title", body, 2, NULL, NULL, NULL};
        REQUIRE(im_journal_create(j, &f, NULL) == IM_OK);
    }
    REQUIRE(im_vault_commit(e.v) == IM_OK);
    im_journal_close(j);

    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    int done = 1;
    REQUIRE(im_journal_index_step(j, 4096, &done) == IM_OK);
    CHECK(!done && im_journal_index_pending(j));
    CHECK(j->head.valid && j->head.n == IM_JHEAD_ENTRIES);
    CHECK(j->index.n > 0 && j->index.n < 200 && j->nunread > 0);
    CHECK(dictionary_has(&j->index.words, "lockwipe"));
    im_entry_page p;
    REQUIRE(im_journal_search(j, "lockwipe", 0, 10, &p) == IM_OK);
    CHECK(p.partial && p.total == j->index.n);
    im_entry_page_free(&p);

    im_vault_lock(e.v);
    CHECK(!j->loaded && !j->ordered && !j->complete);
    CHECK(j->index.n == 0 && j->index.v == NULL);
    CHECK(dictionary_empty(&j->index.words));
    CHECK(j->head.v == NULL && j->head.n == 0 && j->head.days == NULL && !j->head.valid);
    CHECK(j->unread == NULL && j->nunread == 0 && j->days == NULL);
    CHECK(j->search_query == NULL && j->search_hits == NULL);
    CHECK(!im_journal_index_pending(j));
    CHECK_RC(im_journal_index_step(j, 4096, &done), IM_ERR_LOCKED);

    REQUIRE(im_vault_unlock(e.v, TH_PASS) == IM_OK);
    int steps = 0;
    for (done = 0; !done && steps < 10000; steps++)
        REQUIRE(im_journal_index_step(j, 4096, &done) == IM_OK);
    CHECK(done && steps > 1);
    REQUIRE(im_journal_search(j, "lockwipe", 0, 10, &p) == IM_OK);
    CHECK(!p.partial && p.total == 200);
    im_entry_page_free(&p);
    /* After the search is complete the steps compact the word lists, for
     * as long as the journal says it is pending. */
    for (; im_journal_index_pending(j) && steps < 10000; steps++)
        REQUIRE(im_journal_index_step(j, 4096, &done) == IM_OK);
    CHECK(done && !im_journal_index_pending(j) && j->index.words.compacted);

    /* Locked in the middle of compacting: the old pages and the new runs
     * are all wiped and given back; after unlock it starts over. */
    im_vault_lock(e.v);
    REQUIRE(im_vault_unlock(e.v, TH_PASS) == IM_OK);
    for (done = 0, steps = 0; !done && steps < 100000; steps++)
        REQUIRE(im_journal_index_step(j, 64, &done) == IM_OK);
    REQUIRE(im_journal_index_step(j, 64, &done) == IM_OK);
    CHECK(done && j->index.words.compacting && im_journal_index_pending(j));
    im_vault_lock(e.v);
    CHECK(dictionary_empty(&j->index.words) && !j->index.words.compacting);
    REQUIRE(im_vault_unlock(e.v, TH_PASS) == IM_OK);
    for (steps = 0; im_journal_index_pending(j) && steps < 100000; steps++)
        REQUIRE(im_journal_index_step(j, 4096, &done) == IM_OK);
    REQUIRE(im_journal_search(j, "lockwipe", 0, 10, &p) == IM_OK);
    CHECK(!p.partial && p.total == 200 && j->index.words.compacted);
    im_entry_page_free(&p);
    im_journal_close(j);
    jt_close(&e);
}

/* ---- Engine runs ---------------------------------------------------------------- */

static const char library_text[] = "id: lockwipe\n"
                                   "kind: together\n"
                                   "title: Lock wipe\n"
                                   "\n"
                                   "# Exercise: Alone\n"
                                   "id: alone\n"
                                   "\n"
                                   "## Prompt\n"
                                   "id: words\n"
                                   "answer: text\n"
                                   "What would you like to say?\n"
                                   "\n"
                                   "## Prompt\n"
                                   "id: how-much\n"
                                   "answer: scale\n"
                                   "low: Not at all\n"
                                   "high: Very much\n"
                                   "How much?\n"
                                   "\n"
                                   "# Exercise: Together privately\n"
                                   "id: together\n"
                                   "mode: reveal\n"
                                   "\n"
                                   "## Prompt\n"
                                   "id: hope\n"
                                   "answer: text\n"
                                   "One hope for us?\n";

static void test_runs(void)
{
    jt_env e;
    jt_open(&e, "lock-runs");
    im_library *lib = im_library_new();
    im_diags diags;
    REQUIRE(im_content_parse(lib, "lockwipe.txt", library_text, strlen(library_text), &diags) == IM_OK);
    const im_exercise *alone = im_library_find_exercise(lib, "alone");
    const im_exercise *together = im_library_find_exercise(lib, "together");
    REQUIRE(alone && together);

    im_run *r = NULL;
    int64_t rid = 0;
    REQUIRE(im_run_start(alone, &e.clock, &r) == IM_OK);
    REQUIRE(im_run_attach(r, e.v, &rid) == IM_OK);
    REQUIRE(im_run_answer_text(r, "my words: " CANARY_R) == IM_OK);
    const im_answer *a = im_run_answer(r, 0);
    REQUIRE(a && a->text && strstr(a->text, CANARY_R));

    im_couple *c = NULL;
    int64_t cid = 0;
    REQUIRE(im_couple_start(together, "Alex", "Sam", &e.clock, NULL, &c) == IM_OK);
    REQUIRE(im_couple_attach(c, e.v, &cid) == IM_OK);
    REQUIRE(im_couple_answer_text(c, "sealed hope " CANARY_C) == IM_OK);
    const im_answer *ca = NULL;
    REQUIRE(im_couple_get_answer(c, 0, 0, &ca) == IM_OK); /* Alex's own */

    im_vault_lock(e.v);
    /* The run's answer is gone from memory (the view points into the
     * run's sheet, which keeps its size). */
    CHECK(a->text == NULL && a->status == IM_STATUS_UNSEEN);
    CHECK(ca->text == NULL && ca->status == IM_STATUS_UNSEEN);
    CHECK(strcmp(im_couple_name(c, 0), "") == 0);
    CHECK(strcmp(im_couple_name(c, 1), "") == 0);

    /* After unlock the wiped objects refuse to save their empty state ... */
    REQUIRE(im_vault_unlock(e.v, TH_PASS) == IM_OK);
    CHECK_RC(im_run_answer_text(r, "new words"), IM_ERR_LOCKED);
    CHECK_RC(im_run_next(r), IM_ERR_LOCKED);
    CHECK_RC(im_couple_next(c), IM_ERR_LOCKED);
    CHECK_RC(im_run_attach(r, e.v, &rid), IM_ERR_LOCKED);
    im_run_free(r);
    im_couple_free(c);

    /* ... so the records still hold everything, seal intact. */
    CHECK_RC(im_run_resume_from(lib, e.v, rid, &e.clock, &r), IM_OK);
    REQUIRE(r);
    a = im_run_answer(r, 0);
    CHECK(a && a->text && strstr(a->text, CANARY_R));
    CHECK(im_run_index(r) == 0);
    CHECK_RC(im_couple_resume_from(lib, e.v, cid, &e.clock, NULL, &c), IM_OK);
    REQUIRE(c);
    CHECK(strcmp(im_couple_name(c, 1), "Sam") == 0);
    CHECK_RC(im_couple_get_answer(c, 0, 0, &ca), IM_OK);
    CHECK(ca && ca->text && strstr(ca->text, CANARY_C));

    /* The vault closing first: both forget it and free cleanly. */
    im_vault_close(e.v);
    e.v = NULL;
    CHECK(im_run_answer(r, 0)->text == NULL);
    im_run_free(r);
    im_couple_free(c);
    im_library_free(lib);
    jt_close(&e);
}

int main(void)
{
    test_listeners();
    test_journal();
    test_build_wipe();
    test_runs();
    return im_check_done();
}
