/*
 * test_scripts_roundtrip.c -- entries written in 13 scripts come back
 * byte for byte: from the journal list (titles, previews), from a get,
 * after a restart, in the Markdown export, and through an encrypted
 * backup restored into a new vault; and each is found by searching a word
 * of it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "innermost/backup.h"
#include "innermost/export.h"
#include "jtest.h"

static const char *const texts[] = {
    "\xC3\x87"
    "a m\xE2\x80\x99"
    "a touch\xC3\xA9"
    "e na\xC3\xAF"
    "ve fa\xC3\xA7"
    "ade \xC5\x81\xC3\xB3"
    "d\xC5\xBA",
    "\xCE\x97 \xCE\xB5\xCE\xBC\xCF\x80\xCE\xB9\xCF\x83\xCF\x84\xCE\xBF\xCF\x83\xCF\x8D\xCE\xBD\xCE\xB7 "
    "\xCF\x87\xCF\x84\xCE\xAF\xCE\xB6\xCE\xB5\xCF\x84\xCE\xB1\xCE\xB9",
    "\xD0\x94\xD0\xBE\xD0\xB2\xD0\xB5\xD1\x80\xD0\xB8\xD0\xB5 "
    "\xD1\x81\xD1\x82\xD1\x80\xD0\xBE\xD0\xB8\xD1\x82\xD1\x81\xD1\x8F",
    "\xD8\xA7\xD9\x84\xD8\xAB\xD9\x82\xD8\xA9 \xD8\xAA\xD9\x8F\xD8\xA8\xD9\x86\xD9\x89 "
    "\xD8\xA8\xD8\xA8\xD8\xB7\xD8\xA1",
    "\xD7\x94\xD7\x90\xD7\x9E\xD7\x95\xD7\x9F \xD7\xA0\xD7\x91\xD7\xA0\xD7\x94 \xD7\x9C\xD7\x90\xD7\x98",
    "\xE0\xA4\xAD\xE0\xA4\xB0\xE0\xA5\x8B\xE0\xA4\xB8\xE0\xA4\xBE "
    "\xE0\xA4\xA7\xE0\xA5\x80\xE0\xA4\xB0\xE0\xA5\x87 "
    "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7\xE0\xA4\xAE\xE0\xA4\xBE",
    "\xE0\xA6\xAC\xE0\xA6\xBF\xE0\xA6\xB6\xE0\xA7\x8D\xE0\xA6\xAC\xE0\xA6\xBE\xE0\xA6\xB8 "
    "\xE0\xA6\xA7\xE0\xA7\x80\xE0\xA6\xB0\xE0\xA7\x87",
    "\xE0\xAE\xA8\xE0\xAE\xAE\xE0\xAF\x8D\xE0\xAE\xAA\xE0\xAE\xBF\xE0\xAE\x95\xE0\xAF\x8D\xE0\xAE\x95\xE0\xAF"
    "\x88 \xE0\xAE\xAE\xE0\xAF\x86\xE0\xAE\xA4\xE0\xAF\x81\xE0\xAE\xB5\xE0\xAE\xBE\xE0\xAE\x95",
    "\xE0\xB8\x84\xE0\xB8\xA7\xE0\xB8\xB2\xE0\xB8\xA1\xE0\xB9\x84\xE0\xB8\xA7\xE0\xB9\x89\xE0\xB8\xA7\xE0\xB8"
    "\xB2\xE0\xB8\x87\xE0\xB9\x83\xE0\xB8\x88 \xE0\xB8\xAA\xE0\xB8\xA3\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\x87",
    "\xE4\xBF\xA1\xE4\xBB\xBB\xE6\x98\xAF\xE6\x85\xA2\xE6\x85\xA2\xE5\xBB\xBA\xE7\xAB\x8B\xE8\xB5\xB7\xE6\x9D"
    "\xA5\xE7\x9A\x84",
    "\xE4\xBF\xA1\xE9\xA0\xBC\xE3\x81\xAF\xE3\x82\x86\xE3\x81\xA3\xE3\x81\x8F\xE3\x82\x8A\xE7\xAF\x89\xE3\x81"
    "\x8B\xE3\x82\x8C\xE3\x81\xBE\xE3\x81\x99",
    "\xEC\x8B\xA0\xEB\xA2\xB0\xEB\x8A\x94 \xEC\xB2\x9C\xEC\xB2\x9C\xED\x9E\x88 "
    "\xEC\x8C\x93\xEC\x9E\x85\xEB\x8B\x88\xEB\x8B\xA4",
    "\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD "
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 \xE2\x9D\xA4\xEF\xB8\x8F "
    "\xF0\x9F\x87\xB8\xF0\x9F\x87\xAA",
};
#define N (sizeof texts / sizeof texts[0])

static void body_of(size_t i, char *out, size_t cap)
{
    snprintf(out, cap, "%s\n%s", texts[i], texts[(i + 4) % N]);
}

/* Every entry's title and body, read back, equal what was written. */
static void check_entries(im_vault *v, const int64_t *ids)
{
    im_journal *j;
    REQUIRE(im_journal_open(v, &j) == IM_OK);
    CHECK(im_journal_count(j) == N);
    for (size_t i = 0; i < N; i++) {
        im_entry e;
        char body[512];
        body_of(i, body, sizeof body);
        REQUIRE(im_journal_get(j, ids[i], &e) == IM_OK);
        CHECK(e.title && strcmp(e.title, texts[i]) == 0);
        CHECK(e.body && strcmp(e.body, body) == 0);
        im_entry_free(&e);
    }
    /* the list: titles whole, previews a prefix of the body */
    im_entry_page p;
    REQUIRE(im_journal_list(j, 0, 100, &p) == IM_OK);
    CHECK(p.n == N);
    for (size_t k = 0; k < p.n; k++) {
        size_t i = N;
        for (size_t m = 0; m < N; m++)
            if (ids[m] == p.items[k].id)
                i = m;
        REQUIRE(i < N);
        char body[512];
        body_of(i, body, sizeof body);
        CHECK(p.items[k].title && strcmp(p.items[k].title, texts[i]) == 0);
        CHECK(p.items[k].preview && strncmp(body, p.items[k].preview, strlen(p.items[k].preview)) == 0);
        CHECK(p.items[k].preview && strlen(p.items[k].preview) > 0);
    }
    im_entry_page_free(&p);
    /* search: the first word of each text finds its entry */
    for (size_t i = 0; i < N; i++) {
        char word[128];
        size_t w = strcspn(texts[i], " ");
        if (w >= sizeof word)
            w = sizeof word - 1;
        memcpy(word, texts[i], w);
        word[w] = '\0';
        REQUIRE(im_journal_search(j, word, 0, 100, &p) == IM_OK);
        int found = 0;
        for (size_t k = 0; k < p.n; k++)
            found |= p.items[k].id == ids[i];
        if (!found)
            fprintf(stderr, "  search \"%s\" missed its entry\n", word);
        CHECK(found);
        im_entry_page_free(&p);
    }
    im_journal_close(j);
}

int main(void)
{
    jt_env e;
    jt_open(&e, "scripts");
    im_journal *j;
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    int64_t ids[N];
    for (size_t i = 0; i < N; i++) {
        char body[512];
        body_of(i, body, sizeof body);
        im_entry_fields f = {texts[i], body, 3, NULL, NULL, NULL};
        e.now += 60000;
        REQUIRE(im_journal_create(j, &f, &ids[i]) == IM_OK);
    }
    /* the export holds every text verbatim */
    im_export_options opt = {
        IM_EXPORT_JOURNAL, IM_EXPORT_DAY_MIN, IM_EXPORT_DAY_MAX, NULL, NULL, NULL, NULL, 0, NULL};
    char *md = NULL;
    size_t mdlen = 0;
    REQUIRE(im_export_markdown(j, &opt, &md, &mdlen) == IM_OK);
    for (size_t i = 0; i < N; i++) {
        int in = strstr(md, texts[i]) != NULL;
        if (!in)
            fprintf(stderr, "  export lost \"%s\"\n", texts[i]);
        CHECK(in);
    }
    im_export_free(md, mdlen);
    im_journal_close(j);

    check_entries(e.v, ids);
    jt_reopen(&e); /* a restart */
    check_entries(e.v, ids);

    /* backup, then restore into a new vault */
    char path[1024];
    snprintf(path, sizeof path, "%s/scripts.imbackup", e.dir);
    im_backup_options bo = {im_kdf_params_min(), 0};
    REQUIRE(im_backup_write(e.v, path, "another long passphrase here", &bo, NULL) == IM_OK);
    jt_env r;
    jt_open(&r, "scripts-restore");
    im_backup_problem why;
    REQUIRE(im_backup_restore(r.v, path, "another long passphrase here", IM_RESTORE_ONLY_IF_EMPTY, NULL,
                              &why) == IM_OK);
    check_entries(r.v, ids); /* restored records keep their ids */
    jt_close(&r);
    jt_close(&e);
    return im_check_done();
}
