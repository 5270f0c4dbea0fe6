/*
 * test_journal_10k.c -- 10,000 entries: create, list in pages, search, edit
 * and delete, then reload from the vault; every answer is compared with a
 * plain model kept by the test.
 *
 * The model never calls the journal's folding: each word is generated from
 * a (lower, upper) pair, the entry gets a random mix of the two, and the
 * model keeps the lower form.  So case-insensitive search is checked against
 * text the test itself knows the lower case of (ASCII, Latin-1 and Latin
 * Extended-A letters).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "jtest.h"

#define N_ENTRIES 10000
#define PAGE 50

typedef struct pair {
    const char *lower, *upper;
} pair;

static const pair words[] = {
    {"trust", "TRUST"},   {"close", "CLOSE"},     {"afraid", "AFRAID"}, {"partner", "PARTNER"},
    {"walk", "WALK"},     {"morning", "MORNING"}, {"breath", "BREATH"}, {"quiet", "QUIET"},
    {"letter", "LETTER"}, {"mother", "MOTHER"},   {"garden", "GARDEN"}, {"rain", "RAIN"},
    {"laugh", "LAUGH"},   {"hands", "HANDS"},     {"phone", "PHONE"},   {"dinner", "DINNER"},
    {"sleep", "SLEEP"},   {"touch", "TOUCH"},     {"honest", "HONEST"}, {"angry", "ANGRY"},
    {"sorry", "SORRY"},   {"small", "SMALL"},     {"step", "STEP"},     {"ladder", "LADDER"},
    {"élan", "ÉLAN"},     {"ärger", "ÄRGER"},     {"naïve", "NAÏVE"},   {"łódź", "ŁÓDŹ"},
    {"œuvre", "ŒUVRE"},   {"ĳssel", "ĲSSEL"},     {"çà", "ÇÀ"},         {"ørsted", "ØRSTED"},
    {"žena", "ŽENA"},     {"straße", "STRAßE"},   {"þing", "ÞING"},     {"ŝafo", "ŜAFO"},
};
#define N_WORDS (sizeof words / sizeof words[0])

typedef struct model {
    int64_t id, created;
    int mood;
    int live;
    char *lower; /* "title\nbody" in lower case */
    char *title; /* as stored, NULL if none     */
} model;

static model m[N_ENTRIES];
static uint64_t seed = 0x9E3779B97F4A7C15ULL;

/* Build title and body text; the lower-case twin goes to lower. */
static void make_text(char *title, char *body, char *lower, int *has_title)
{
    char *tp = title, *bp = body, *lp = lower;
    *has_title = jt_rand(&seed) % 3 != 0;
    int nt = *has_title ? 1 + (int)(jt_rand(&seed) % 3) : 0;
    int nb = 5 + (int)(jt_rand(&seed) % 40);
    for (int part = 0; part < 2; part++) {
        int n = part ? nb : nt;
        char **out = part ? &bp : &tp;
        for (int i = 0; i < n; i++) {
            const pair *w = &words[jt_rand(&seed) % N_WORDS];
            const char *form = jt_rand(&seed) % 2 ? w->upper : w->lower;
            const char *sep = i == 0 ? "" : jt_rand(&seed) % 7 ? " " : ", ";
            *out += sprintf(*out, "%s%s", sep, form);
            lp += sprintf(lp, "%s%s", sep, w->lower);
        }
        if (part == 0)
            *lp++ = '\n';
    }
    *tp = *bp = *lp = 0;
}

/* Model order: newest created first, then larger id first. */
static int cmp_model(const void *pa, const void *pb)
{
    const model *a = *(model *const *)pa, *b = *(model *const *)pb;
    if (a->created != b->created)
        return a->created > b->created ? -1 : 1;
    return a->id > b->id ? -1 : a->id < b->id;
}

static size_t model_sorted(model **out)
{
    size_t n = 0;
    for (size_t i = 0; i < N_ENTRIES; i++)
        if (m[i].live)
            out[n++] = &m[i];
    qsort(out, n, sizeof *out, cmp_model);
    return n;
}

static int model_match(const model *x, char *const *qw, int nq)
{
    for (int k = 0; k < nq; k++)
        if (!strstr(x->lower, qw[k]))
            return 0;
    return 1;
}

static int check_list(im_journal *j, model **sorted, size_t n)
{
    int bad = 0;
    CHECK(im_journal_count(j) == n);
    for (size_t off = 0; off < n + PAGE; off += PAGE) {
        im_entry_page p;
        if (im_journal_list(j, off, PAGE, &p) != IM_OK)
            return 1;
        size_t want = off >= n ? 0 : (n - off < PAGE ? n - off : PAGE);
        bad |= p.n != want || p.total != n;
        for (size_t i = 0; i < p.n && i < want; i++) {
            const model *x = sorted[off + i];
            const im_entry_summary *s = &p.items[i];
            bad |= s->id != x->id || s->created_ms != x->created || s->mood != x->mood ||
                   (x->title == NULL) != (s->title == NULL) || (x->title && strcmp(x->title, s->title) != 0);
        }
        im_entry_page_free(&p);
    }
    return bad;
}

/* Run one query through the journal and the model; 1 if they differ. */
static int check_query(im_journal *j, model **sorted, size_t n, const char *query, char *const *qw, int nq,
                       size_t *hits)
{
    size_t k = 0;
    int bad = 0;
    im_entry_page p;
    size_t off = 0, got;
    do {
        if (im_journal_search(j, query, off, 300, &p) != IM_OK)
            return 1;
        for (size_t i = 0; i < p.n; i++) {
            while (k < n && !model_match(sorted[k], qw, nq))
                k++;
            bad |= k >= n || sorted[k]->id != p.items[i].id;
            k++;
        }
        off += got = p.n;
        *hits = p.total;
        im_entry_page_free(&p);
    } while (got > 0 && !bad);
    while (k < n && !model_match(sorted[k], qw, nq))
        k++;
    bad |= k != n || off != *hits;
    return bad;
}

static void check_searches(im_journal *j, model **sorted, size_t n, int rounds)
{
    size_t total_hits = 0, empty = 0;
    for (int r = 0; r < rounds; r++) {
        char query[256] = "", *qp = query;
        char lowers[3][64];
        char *qw[3];
        int nq = 1 + (int)(jt_rand(&seed) % 3);
        for (int k = 0; k < nq; k++) {
            const pair *w = &words[jt_rand(&seed) % N_WORDS];
            /* Sometimes only a prefix of the word (at a character edge). */
            size_t len = strlen(w->lower);
            if (jt_rand(&seed) % 3 == 0 && (unsigned char)w->lower[3] < 0x80 &&
                (unsigned char)w->lower[2] < 0x80)
                len = 3;
            memcpy(lowers[k], w->lower, len);
            lowers[k][len] = 0;
            qw[k] = lowers[k];
            const char *form = jt_rand(&seed) % 2 ? w->upper : w->lower;
            size_t flen = form == w->lower ? len : strlen(form);
            if (form != w->lower && len != strlen(w->lower))
                flen = len; /* ASCII prefix: same length either way */
            qp += sprintf(qp, "%s%.*s", k ? "  " : "", (int)flen, form);
        }
        if (r == 0) { /* a word that is nowhere */
            strcpy(query, "zebra");
            strcpy(lowers[0], "zebra");
            nq = 1;
        }
        size_t hits = 0;
        int bad = check_query(j, sorted, n, query, qw, nq, &hits);
        if (bad)
            fprintf(stderr, "  search mismatch for query #%d [%s] (%s|%s|%s) n=%d\n", r, query, qw[0],
                    nq > 1 ? qw[1] : "", nq > 2 ? qw[2] : "", nq);
        CHECK(!bad);
        total_hits += hits;
        empty += hits == 0;
    }
    printf("searches: %d queries, %zu hits, %zu empty\n", rounds, total_hits, empty);
    CHECK(total_hits > 0);
}

int main(void)
{
    jt_env e;
    jt_open(&e, "journal10k");
    im_journal *j;
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    char *title = malloc(1024), *body = malloc(8192), *lower = malloc(9216);
    REQUIRE(title && body && lower);

    /* Bulk insert in one transaction (setup speed only; the bench measures
     * one save at a time). */
    REQUIRE(im_vault_begin(e.v) == IM_OK);
    for (size_t i = 0; i < N_ENTRIES; i++) {
        int has_title;
        make_text(title, body, lower, &has_title);
        e.now += (int64_t)(jt_rand(&seed) % 4) * 60000; /* ties happen */
        im_entry_fields f = {has_title ? title : NULL, body, (int)(jt_rand(&seed) % 6), NULL, NULL, NULL};
        m[i].created = e.now;
        m[i].mood = f.mood;
        m[i].live = 1;
        m[i].lower = strdup(lower);
        m[i].title = has_title ? strdup(title) : NULL;
        CHECK_RC(im_journal_create(j, &f, &m[i].id), IM_OK);
    }
    REQUIRE(im_vault_commit(e.v) == IM_OK);

    model **sorted = malloc(N_ENTRIES * sizeof *sorted);
    size_t n = model_sorted(sorted);
    CHECK(check_list(j, sorted, n) == 0);
    check_searches(j, sorted, n, 30);

    /* Edit 100 entries and delete 100. */
    for (int k = 0; k < 100; k++) {
        model *x = &m[jt_rand(&seed) % N_ENTRIES];
        if (!x->live)
            continue;
        int has_title;
        make_text(title, body, lower, &has_title);
        im_entry_fields f = {has_title ? title : NULL, body, 2, NULL, NULL, NULL};
        CHECK_RC(im_journal_update(j, x->id, &f), IM_OK);
        free(x->lower);
        free(x->title);
        x->lower = strdup(lower);
        x->title = has_title ? strdup(title) : NULL;
        x->mood = 2;
        model *y = &m[jt_rand(&seed) % N_ENTRIES];
        if (y->live && y != x) {
            CHECK_RC(im_journal_delete(j, y->id, NULL), IM_OK);
            y->live = 0;
        }
    }
    n = model_sorted(sorted);
    CHECK(check_list(j, sorted, n) == 0);
    check_searches(j, sorted, n, 10);

    /* Reload everything from the vault and compare again. */
    im_journal_close(j);
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    CHECK(check_list(j, sorted, n) == 0);
    check_searches(j, sorted, n, 10);
    im_journal_close(j);

    for (size_t i = 0; i < N_ENTRIES; i++) {
        free(m[i].lower);
        free(m[i].title);
    }
    free(sorted);
    free(title);
    free(body);
    free(lower);
    jt_close(&e);
    return im_check_done();
}
