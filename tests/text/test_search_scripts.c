/*
 * test_search_scripts.c -- search in every script (core/src/journal_words.c
 * with im_utf8_fold): queries match whatever their case and Unicode
 * normalisation, and text written without spaces is found by any run of
 * its characters.  Each pair is (entry text, query that must find it); the
 * old fold (simple lower-casing of Latin, Greek and Cyrillic capitals)
 * misses the ß/ss, ligature, decomposed-accent, full-width, Cherokee and
 * Armenian cases.  A query that is not in any entry finds nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "journal_words.h"
#include "utf8_text.h"

static const struct { const char *text, *query; } finds[] = {
    { "Die Stra\xC3\x9F" "e war still", "STRASSE" },                       /* ß = ss */
    { "a fine day", "\xEF\xAC\x81" "ne" },                                 /* ﬁ ligature */
    { "Caf\xC3\xA9 au lait", "cafe\xCC\x81" },                             /* é = e + ◌́ */
    { "cafe\xCC\x81 noir", "CAF\xC3\x89" },                                /* and back */
    { "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 fullwidth", "abc" },           /* ＡＢＣ */
    { "\xCF\x83\xCE\xBF\xCF\x86\xCE\xAF\xCE\xB1\xCF\x82", "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x8A\xCE\x91\xCE\xA3" }, /* σοφίας / ΣΟΦΊΑΣ */
    { "\xD0\x94\xD0\xBE\xD0\xB2\xD0\xB5\xD1\x80\xD0\xB8\xD0\xB5", "\xD0\xB4\xD0\x9E\xD0\x92\xD0\x95\xD0\xA0\xD0\x98\xD0\x95" },
    { "\xD4\xB1\xD5\xB6\xD5\xB8\xD6\x82\xD5\xB6", "\xD5\xA1\xD5\xB6\xD5\xB8\xD6\x82\xD5\xB6" },  /* Armenian Անուն / անուն */
    { "\xE1\x8E\xA0\xE1\x8E\xA1", "\xEA\xAD\xB0\xEA\xAD\xB1" },            /* Cherokee capitals / small */
    { "\xE4\xBF\xA1\xE4\xBB\xBB\xE6\x98\xAF\xE6\x85\xA2\xE6\x85\xA2\xE5\xBB\xBA\xE7\xAB\x8B\xE8\xB5\xB7\xE6\x9D\xA5\xE7\x9A\x84\xE3\x80\x82", "\xE5\xBB\xBA\xE7\xAB\x8B" }, /* 建立 */
    { "\xE4\xBF\xA1\xE9\xA0\xBC\xE3\x81\xAF\xE3\x82\x86\xE3\x81\xA3\xE3\x81\x8F\xE3\x82\x8A\xE7\xAF\x89\xE3\x81\x8B\xE3\x82\x8C\xE3\x81\xBE\xE3\x81\x99", "\xE3\x82\x86\xE3\x81\xA3\xE3\x81\x8F\xE3\x82\x8A" }, /* ゆっくり */
    { "\xEC\x8B\xA0\xEB\xA2\xB0\xEB\x8A\x94 \xEC\xB2\x9C\xEC\xB2\x9C\xED\x9E\x88", "\xEC\xB2\x9C\xEC\xB2\x9C" },  /* 천천 */
    { "\xE1\x84\x8E\xE1\x85\xA5\xE1\x86\xAB", "\xEC\xB2\x9C" },            /* 천 in jamo, found by the syllable */
    { "\xE0\xB8\x84\xE0\xB8\xA7\xE0\xB8\xB2\xE0\xB8\xA1\xE0\xB9\x84\xE0\xB8\xA7\xE0\xB9\x89\xE0\xB8\xA7\xE0\xB8\xB2\xE0\xB8\x87\xE0\xB9\x83\xE0\xB8\x88", "\xE0\xB9\x84\xE0\xB8\xA7\xE0\xB9\x89" }, /* Thai, no spaces */
    { "\xD8\xA7\xD9\x84\xD8\xAB\xD9\x82\xD8\xA9 \xD8\xAA\xD8\xA8\xD9\x86\xD9\x89", "\xD8\xAB\xD9\x82\xD8\xA9" },  /* Arabic */
    { "\xE0\xA4\xAD\xE0\xA4\xB0\xE0\xA5\x8B\xE0\xA4\xB8\xE0\xA4\xBE", "\xE0\xA4\xAD\xE0\xA4\xB0\xE0\xA5\x8B" },  /* Devanagari */
    { "\xE2\x91\xA0 first \xE3\x8E\x8F", "1 kg" },                         /* ① … ㎏: compatibility forms */
};

static int search(const char *text, const char *query)
{
    im_jwords d = { 0 };
    const unsigned char *set = NULL;
    size_t set_len = 0;
    REQUIRE(im_jwords_add_text(&d, "", 0, text, strlen(text), &set, &set_len) == IM_OK);
    unsigned char *copy = malloc(set_len + 1);
    REQUIRE(copy);
    memcpy(copy, set, set_len);
    im_jwords_query q;
    REQUIRE(im_jwords_query_make(&d, query, &q) == IM_OK);
    int hit = im_jwords_query_matches(&q, copy, set_len);
    im_jwords_query_free(&q);
    free(copy);
    im_jwords_clear(&d);
    return hit;
}

int main(void)
{
    for (size_t i = 0; i < sizeof finds / sizeof finds[0]; i++) {
        int hit = search(finds[i].text, finds[i].query);
        if (!hit) fprintf(stderr, "  \"%s\" not found by \"%s\"\n", finds[i].text, finds[i].query);
        CHECK(hit);
    }
    /* and nothing is found that is not there */
    CHECK(!search("Die Stra\xC3\x9F" "e war still", "strasse laut"));
    CHECK(!search("\xE4\xBF\xA1\xE4\xBB\xBB", "\xE5\xBB\xBA"));
    CHECK(!search("cafe", "caf\xC3\xA9")); /* an accent is not folded away */
    /* im_utf8_fold reports the room it needs */
    char out[4];
    CHECK(im_utf8_fold("\xC3\x9F\xC3\x9F\xC3\x9F", 6, out, sizeof out) == 6); /* ßßß -> ssssss */
    CHECK(im_utf8_fold("ABC", 3, out, sizeof out) == 3 && memcmp(out, "abc", 3) == 0);
    return im_check_done();
}
