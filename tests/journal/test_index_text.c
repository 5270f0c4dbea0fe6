/*
 * test_index_text.c -- the index keeps titles and previews only for the
 * entries the journal's head holds (journal_index.h, keep_text), and every
 * page still shows each entry's own title and preview, read from its record
 * (journal_build.c, im_journal_page_text): the list past the head, a search,
 * a day; during the build and after it; after creates, edits and deletes
 * that move entries in and out of the head, whose stored copy stays
 * current.  On the code before (text in every node) the "no text past the
 * head" checks fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal_internal.h"
#include "jtest.h"

#define ENTRIES 150

typedef struct model {
    int64_t id;
    char title[64];
    char body[400];
    int has_title;
} model;

static model M[ENTRIES + 8];
static size_t nm;

static const model *model_of(int64_t id)
{
    for (size_t i = 0; i < nm; i++)
        if (M[i].id == id)
            return &M[i];
    return NULL;
}

/* The text a page should show for id: its title and its body clipped to
 * the preview size (ASCII here, so a byte cut). */
static int item_right(const im_entry_summary *s)
{
    const model *m = model_of(s->id);
    if (!m || !s->preview)
        return 0;
    size_t plen = strlen(m->body) < IM_JOURNAL_PREVIEW_BYTES ? strlen(m->body) : IM_JOURNAL_PREVIEW_BYTES;
    int title_ok = m->has_title ? s->title && strcmp(s->title, m->title) == 0 : s->title == NULL;
    return title_ok && strlen(s->preview) == plen && memcmp(s->preview, m->body, plen) == 0;
}

static void model_set(model *m, size_t k, int edited)
{
    m->has_title = k % 3 != 0;
    snprintf(m->title, sizeof m->title, "Title %zu%s", k, edited ? " edited" : "");
    /* A word only this entry has (w<k>q), and a body past the preview. */
    int n =
        snprintf(m->body, sizeof m->body, "entry w%zuq %s begins here and", k, edited ? "changed" : "first");
    while (n < 300)
        n += snprintf(m->body + n, sizeof m->body - (size_t)n, " more words");
}

static void create(im_journal *j, jt_env *e, size_t k)
{
    model *m = &M[nm++];
    model_set(m, k, 0);
    e->now += 3600 * 1000;
    im_entry_fields f = {m->has_title ? m->title : NULL, m->body, (int)(k % 5), NULL, NULL, NULL};
    REQUIRE(im_journal_create(j, &f, &m->id) == IM_OK);
}

/* Nodes holding text: how many, and whether any is past the head's. */
static size_t with_text(const im_journal *j, int *past_head)
{
    size_t n = 0;
    *past_head = 0;
    for (size_t i = 0; i < j->index.n; i++)
        if (j->index.v[i]->preview) {
            n++;
            *past_head |= i >= IM_JHEAD_ENTRIES;
        }
    return n;
}

static int top_has_text(const im_journal *j)
{
    for (size_t i = 0; i < j->index.n && i < IM_JHEAD_ENTRIES; i++)
        if (!j->index.v[i]->preview)
            return 0;
    return 1;
}

/* Every page of the list shows every entry's own text. */
static size_t list_wrong(im_journal *j)
{
    size_t wrong = 0, seen = 0;
    for (size_t off = 0; off < nm; off += 24) {
        im_entry_page p;
        REQUIRE(im_journal_list(j, off, 24, &p) == IM_OK);
        for (size_t i = 0; i < p.n; i++)
            wrong += !item_right(&p.items[i]);
        seen += p.n;
        im_entry_page_free(&p);
    }
    return wrong + (seen != nm);
}

/* Search for each entry's own word: one hit, with its text. */
static size_t search_wrong(im_journal *j, int *partial)
{
    size_t wrong = 0;
    *partial = 0;
    for (size_t i = 0; i < nm; i += 7) {
        char q[32];
        const char *w = strstr(M[i].body, " w") + 1;
        snprintf(q, sizeof q, "%.*s", (int)strcspn(w, " "), w);
        im_entry_page p;
        REQUIRE(im_journal_search(j, q, 0, 50, &p) == IM_OK);
        *partial |= p.partial;
        if (!p.partial)
            wrong += p.total != 1 || p.n != 1 || p.items[0].id != M[i].id;
        for (size_t k = 0; k < p.n; k++)
            wrong += !item_right(&p.items[k]);
        im_entry_page_free(&p);
    }
    return wrong;
}

/* Ids that disagree with created times (the clock set back and forth
 * between saves, as entries imported or restored later have): pages past
 * the head while the index builds are still the list's, in created order,
 * whether or not the early answer could settle them. */
static void test_out_of_order(void)
{
    jt_env e;
    jt_open(&e, "index-order");
    im_journal *j;
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    enum { N = 120 };
    int64_t ids[N];
    uint64_t seed = 5;
    REQUIRE(im_vault_begin(e.v) == IM_OK);
    for (int i = 0; i < N; i++) {
        /* mostly forward, some far back, one far ahead */
        int64_t r = (int64_t)(jt_rand(&seed) % 10);
        e.now = JT_T0 + (r == 0   ? -(int64_t)(jt_rand(&seed) % 20) * JT_DAY_MS
                         : i == 7 ? 40 * JT_DAY_MS
                                  : (int64_t)i * 3 * 3600 * 1000);
        char body[64];
        snprintf(body, sizeof body, "entry number %d", i);
        im_entry_fields f = {NULL, body, 0, NULL, NULL, NULL};
        REQUIRE(im_journal_create(j, &f, &ids[i]) == IM_OK);
    }
    REQUIRE(im_vault_commit(e.v) == IM_OK);
    im_entry_page want;
    REQUIRE(im_journal_list(j, 0, N, &want) == IM_OK && want.n == N);
    im_journal_close(j);
    jt_reopen(&e);
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    int done = 0;
    REQUIRE(im_journal_index_step(j, 2048, &done) == IM_OK);
    size_t wrong = 0;
    for (size_t off = 24; off + 24 <= N; off += 24) {
        im_entry_page p;
        REQUIRE(im_journal_list(j, off, 24, &p) == IM_OK);
        CHECK(p.total == N && p.n == 24);
        for (size_t i = 0; i < p.n; i++)
            wrong += p.items[i].id != want.items[off + i].id;
        im_entry_page_free(&p);
        REQUIRE(im_journal_index_step(j, 2048, &done) == IM_OK);
    }
    printf("out of order: %zu of %d wrong past the head (%s when the last page was asked)\n", wrong, N,
           j->ordered ? "ordered" : "not ordered");
    CHECK(wrong == 0);
    im_entry_page_free(&want);
    im_journal_close(j);
    jt_close(&e);
}

int main(void)
{
    test_out_of_order();
    jt_env e;
    jt_open(&e, "index-text");
    im_journal *j;
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    REQUIRE(im_vault_begin(e.v) == IM_OK);
    for (size_t k = 0; k < ENTRIES; k++)
        create(j, &e, k);
    REQUIRE(im_vault_commit(e.v) == IM_OK);

    /* Saved one by one: only the head's entries keep their text. */
    int past;
    CHECK(with_text(j, &past) == IM_JHEAD_ENTRIES && !past && top_has_text(j));
    CHECK(list_wrong(j) == 0);

    /* Reopened: while the index builds, search answers with each entry's
     * text (partly, saying so); once built, the same holds. */
    im_journal_close(j);
    jt_reopen(&e);
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    int done = 0, partial = 0, saw_partial = 0;
    size_t wrong = 0;
    for (int step = 0; !done; step++) {
        REQUIRE(im_journal_index_step(j, 4096, &done) == IM_OK);
        if (step % 5 == 0) {
            wrong += search_wrong(j, &partial);
            saw_partial |= partial;
        }
    }
    CHECK(wrong == 0 && saw_partial);

    /* Again, paging past the head while the index builds (as the app's
     * list does): each page is the list's, from the entries read so far
     * (and about as many more as it lacks), without ordering them all. */
    im_journal_close(j);
    jt_reopen(&e);
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    REQUIRE(im_journal_index_step(j, 4096, &done) == IM_OK);
    size_t early = 0, read_max = 0;
    for (size_t off = 24; off < 96; off += 24) {
        im_entry_page p;
        REQUIRE(im_journal_list(j, off, 24, &p) == IM_OK);
        CHECK(p.total == nm && p.n == 24);
        for (size_t i = 0; i < p.n; i++)
            CHECK(p.items[i].id == M[nm - 1 - off - i].id && item_right(&p.items[i]));
        im_entry_page_free(&p);
        early += !j->ordered;
        read_max = j->index.n > read_max ? j->index.n : read_max;
    }
    printf("pages past the head while building: %zu of 3 early, %zu of %zu entries read\n", early, read_max,
           nm);
    CHECK(early == 3 && read_max < nm);
    while (!done)
        REQUIRE(im_journal_index_step(j, 4096, &done) == IM_OK);
    CHECK(with_text(j, &past) == IM_JHEAD_ENTRIES && !past && top_has_text(j));
    CHECK(list_wrong(j) == 0);
    CHECK(search_wrong(j, &partial) == 0 && !partial);

    /* The day of an entry past the head. */
    im_entry_page day;
    int32_t d = j->index.v[100]->day;
    REQUIRE(im_journal_list_day(j, d, &day) == IM_OK);
    CHECK(day.n >= 1);
    for (size_t i = 0; i < day.n; i++)
        CHECK(item_right(&day.items[i]));
    im_entry_page_free(&day);

    /* Deleting the three newest brings three bare nodes into the head:
     * they get their text, and the stored head matches the index. */
    for (int i = 0; i < 3; i++) {
        int64_t trash;
        REQUIRE(im_journal_delete(j, M[nm - 1].id, &trash) == IM_OK);
        nm--;
    }
    CHECK(top_has_text(j) && with_text(j, &past) == IM_JHEAD_ENTRIES && !past);
    /* An edit past the head keeps no text; the list shows the new one. */
    model *far = &M[10];
    model_set(far, 10, 1);
    im_entry_fields f = {far->has_title ? far->title : NULL, far->body, 1, NULL, NULL, NULL};
    REQUIRE(im_journal_update(j, far->id, &f) == IM_OK);
    CHECK(with_text(j, &past) == IM_JHEAD_ENTRIES && !past);
    /* A new entry goes to the top, pushing one out of the head. */
    create(j, &e, 900);
    CHECK(with_text(j, &past) == IM_JHEAD_ENTRIES && !past && top_has_text(j));
    CHECK(list_wrong(j) == 0);
    CHECK(search_wrong(j, &partial) == 0);

    /* After a restart the first page comes from the stored head (no entry
     * read), written from the nodes that got their text back above. */
    im_journal_close(j);
    jt_reopen(&e);
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    im_entry_page p;
    REQUIRE(im_journal_list(j, 0, 24, &p) == IM_OK);
    CHECK(!j->ordered && p.n == 24 && p.items[0].id == M[nm - 1].id);
    for (size_t i = 0; i < p.n; i++)
        CHECK(item_right(&p.items[i]));
    im_entry_page_free(&p);
    CHECK(list_wrong(j) == 0);
    printf("index text: %zu entries, %d kept with text\n", nm, IM_JHEAD_ENTRIES);
    im_journal_close(j);
    jt_close(&e);
    return im_check_done();
}
