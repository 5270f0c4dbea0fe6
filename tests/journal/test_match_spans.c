/*
 * test_match_spans.c -- im_journal_match_spans (journal.h) says where a
 * search's words are in a text as written: byte ranges on character
 * boundaries, found with search's own folding and word cutting, for Latin
 * case, an accent composed or not, "ß", Greek, Cyrillic, full-width
 * letters, Chinese without spaces, an apostrophe, a word at the start and
 * at the end, several words, overlaps merged, and the count when there is
 * less room than matches.  Last, every span of a set of texts is checked
 * against im_journal_search itself: an entry holding only the span's text
 * is found by the query word the span is for.
 */
#include <string.h>

#include "check.h"
#include "innermost/journal.h"
#include "jtest.h"

#define MAX_SPANS 16

/* Whether query's spans in text are exactly want (pairs, npairs of them). */
static int spans_are(const char *text, const char *query, const size_t *want, size_t npairs)
{
    im_text_span got[MAX_SPANS];
    memset(got, 0xAB, sizeof got);
    size_t n = im_journal_match_spans(text, strlen(text), query, got, MAX_SPANS);
    if (n != npairs) {
        fprintf(stderr, "\"%s\" in \"%s\": %zu spans, want %zu\n", query, text, n, npairs);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        if (got[i].start != want[2 * i] || got[i].end != want[2 * i + 1]) {
            fprintf(stderr, "\"%s\" in \"%s\": span %zu is [%zu, %zu), want [%zu, %zu)\n", query, text, i,
                    got[i].start, got[i].end, want[2 * i], want[2 * i + 1]);
            return 0;
        }
    return 1;
}

#define SPANS(text, query, ...)                                                                              \
    do {                                                                                                     \
        static const size_t want_[] = {__VA_ARGS__};                                                         \
        CHECK(spans_are(text, query, want_, sizeof want_ / sizeof want_[0] / 2));                            \
    } while (0)
#define NO_SPANS(text, query) CHECK(spans_are(text, query, NULL, 0))

static void latin(void)
{
    SPANS("A pelican stood. PELICANS fly", "pelican", 2, 9, 17, 24);
    SPANS("Trust builds trust", "TRUST", 0, 5, 13, 18);            /* a word at the start and at the end */
    SPANS("the sun and the moon", "moon sun", 4, 7, 16, 20);       /* sorted by place, not by query word */
    SPANS("unpelicanlike", "pelican", 2, 9);                       /* inside a word, as search finds it */
    SPANS("I don't know", "DON'T", 2, 7);                          /* the apostrophe is a word byte */
    SPANS("pelicans", "pelican cans", 0, 8);                       /* overlapping words: one span */
    SPANS("a pelican, the pelican", "  pelican,  ", 2, 9, 15, 22); /* separators in the query */
    NO_SPANS("a pelican", " , . ");                                /* a query with no words */
    NO_SPANS("", "pelican");
    NO_SPANS("pelic an", "pelican"); /* never across a separator */
}

static void other_scripts(void)
{
    SPANS("Café au lait", "CAFÉ", 0, 5);
    SPANS("cafe\xCC\x81 noir", "café", 0, 6); /* a decomposed é: the accent is inside the span */
    SPANS("cafe\xCC\x81 noir", "caf", 0, 3);
    NO_SPANS("Café", "cafe"); /* folding keeps accents, and so does search */
    SPANS("Die Straße", "STRASSE", 4, 11);
    SPANS("Die Straße", "ss", 8, 10); /* part of what ß folds to: the whole ß */
    SPANS("\xCE\x97 \xCF\x88\xCF\x85\xCF\x87\xCE\xAE \xCE\xBC\xCE\xBF\xCF\x85",
          "\xCE\xA8\xCE\xA5\xCE\xA7\xCE\x89", 3, 11); /* Greek "ψυχή" by "ΨΥΧΉ" */
    SPANS("\xD0\x94\xD0\xBE\xD0\xB2\xD0\xB5\xD1\x80\xD0\xB8\xD0\xB5",
          "\xD0\xB4\xD0\x9E\xD0\x92\xD0\x95\xD0\xA0", 0, 10); /* Cyrillic "Доверие" by "дОВЕР" */
    SPANS("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 x", "abc", 0, 9); /* full-width ＡＢＣ */
    /* "信任是慢慢建立起来的": 建立 is the sixth and seventh character */
    SPANS("\xE4\xBF\xA1\xE4\xBB\xBB\xE6\x98\xAF\xE6\x85\xA2\xE6\x85\xA2\xE5\xBB\xBA\xE7\xAB\x8B\xE8\xB5\xB7"
          "\xE6\x9D"
          "\xA5\xE7\x9A\x84",
          "\xE5\xBB\xBA\xE7\xAB\x8B", 15, 21);
}

static void room_and_errors(void)
{
    im_text_span two[3];
    memset(two, 0, sizeof two);
    two[2].start = 77;
    CHECK(im_journal_match_spans("a a a a", 7, "A", two, 2) == 4); /* the count, not what fitted */
    CHECK(two[0].start == 0 && two[0].end == 1 && two[1].start == 2 && two[1].end == 3);
    CHECK(two[2].start == 77); /* nothing written past max */
    CHECK(im_journal_match_spans("a a a a", 7, "a", NULL, 0) == 4);
    CHECK(im_journal_match_spans("pelican", 4, "pelican", two, 2) == 0); /* only len bytes are read */
    CHECK(im_journal_match_spans("pel\xFF", 4, "pel", two, 2) == (size_t)-1);
}

/* Every span holds what search finds: an entry of the span's text alone is
 * found by the query (each of these queries is one word). */
static void agrees_with_search(void)
{
    static const char *const cases[][2] = {
        {"A pelican stood. PELICANS fly", "pelican"},
        {"Die Straße, die STRASSE", "strasse"},
        {"cafe\xCC\x81 and Caf\xC3\xA9", "CAF\xC3\x89"},
        {"\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 and abc", "abc"},
        {"\xE4\xBF\xA1\xE4\xBB\xBB\xE6\x98\xAF\xE6\x85\xA2\xE6\x85\xA2\xE5\xBB\xBA\xE7\xAB\x8B",
         "\xE5\xBB\xBA"},
    };
    jt_env e;
    jt_open(&e, "match_spans");
    im_journal *j = NULL;
    REQUIRE(im_journal_open(e.v, &j) == IM_OK);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        im_text_span sp[MAX_SPANS];
        size_t n = im_journal_match_spans(cases[c][0], strlen(cases[c][0]), cases[c][1], sp, MAX_SPANS);
        CHECK(n >= 1 && n <= MAX_SPANS);
        for (size_t i = 0; i < n && i < MAX_SPANS; i++) {
            char piece[128];
            size_t len = sp[i].end - sp[i].start;
            REQUIRE(len < sizeof piece);
            memcpy(piece, cases[c][0] + sp[i].start, len);
            piece[len] = 0;
            int64_t id = 0;
            im_entry_fields f = {.body = piece};
            REQUIRE(im_journal_create(j, &f, &id) == IM_OK);
            im_entry_page p = {0};
            REQUIRE(im_journal_search(j, cases[c][1], 0, 10, &p) == IM_OK);
            int found = 0;
            for (size_t k = 0; k < p.n; k++)
                found |= p.items[k].id == id;
            CHECK(found);
            im_entry_page_free(&p);
            int64_t trash = 0;
            REQUIRE(im_journal_delete(j, id, &trash) == IM_OK);
        }
    }
    im_journal_close(j);
    jt_close(&e);
}

int main(void)
{
    latin();
    other_scripts();
    room_and_errors();
    agrees_with_search();
    return im_check_done();
}
