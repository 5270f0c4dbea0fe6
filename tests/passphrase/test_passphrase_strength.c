/*
 * test_passphrase_strength.c -- the strength estimate against a table of
 * known-weak and known-strong passphrases, the floor im_passphrase_check
 * applies, and suggested passphrases.
 *
 * Weak: each would fall early to a guessing attack that knows the usual
 * tricks (common lists, repeats, sequences, keyboard walks, dates, l33t,
 * a capital and a symbol at the end).  Strong: random words, long
 * unpredictable phrases, random characters.  Run with -v to print every
 * estimate.
 */
#include "check.h"

#include "innermost/passphrase.h"
#include "innermost/vault.h"

#include <sodium.h>
#include <string.h>

static const char *const weak[] = {
    "aaaaaaaaaaaaaaaaaaaa",
    "password",
    "12345678",
    "iloveyou",
    "qwertyuiop",
    "Password1!",
    "01011990",
    "abcdefgh",
    "P@ssw0rd",
    "passw0rd123",
    "letmein!",
    "123456789012",
    "qwerty123",
    "asdfghjkl",
    "zxcvbnm,./",
    "1q2w3e4r5t",
    "abcabcabcabc",
    "monkey2024",
    "Dragon1990",
    "11/09/2001",
    "1990-04-12",
    "sunshine",
    "princess1",
    "drowssap",
    "abc123abc123",
    "zyxwvutsrq",
    "13579135",
    "Michael1985",
    "trustno1",
    "football!",
    "qazwsxedc",
    "!QAZ2wsx",
    "iloveyou2",
    "19871987",
    "summer2025",
    "aaaaaa111111",
    "hello world",
    "Jennifer",
};

static const char *const strong[] = {
    "correct horse battery staple",
    "mango pebble unsteady glider reprint",
    "a quiet harbour at dawn",
    "Tr4vel-Kettle-Orbit-9",
    "x7#kQ9!mZp2&vL",
    "we met under the old bridge in march",
    "gravel tucking unmasked clothing",
    "innermost fixture v1 passphrase",
    "river stone lamp candle",
    "pd8Mw3qYzL0xV",
    "the owl sings softly to forty seven moons",
};

int main(int argc, char **argv)
{
    REQUIRE(sodium_init() >= 0);
    int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    im_pp_strength s;
    for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
        CHECK_RC(im_pp_strength_estimate(weak[i], &s), IM_OK);
        if (verbose || s.level != IM_PP_TOO_EASY)
            printf("weak   %-40s 10^%5.2f level %d weakness %d\n", weak[i], s.guesses_log10, s.level,
                   s.weakness);
        CHECK(s.level == IM_PP_TOO_EASY);
        CHECK(s.weakness != IM_PP_WEAK_NONE);
        CHECK_RC(im_passphrase_check(weak[i]), IM_ERR_WEAK_SECRET);
    }
    for (size_t i = 0; i < sizeof strong / sizeof strong[0]; i++) {
        CHECK_RC(im_pp_strength_estimate(strong[i], &s), IM_OK);
        if (verbose || s.level == IM_PP_TOO_EASY)
            printf("strong %-40s 10^%5.2f level %d weakness %d\n", strong[i], s.guesses_log10, s.level,
                   s.weakness);
        CHECK(s.level != IM_PP_TOO_EASY);
        CHECK_RC(im_passphrase_check(strong[i]), IM_OK);
    }
    /* Long texts: a repeat stays weak however long; real length counts. */
    char longrep[IM_PASSPHRASE_MAX_BYTES + 1];
    memset(longrep, 'a', IM_PASSPHRASE_MAX_BYTES);
    longrep[IM_PASSPHRASE_MAX_BYTES] = '\0';
    CHECK_RC(im_pp_strength_estimate(longrep, &s), IM_OK);
    CHECK(s.level == IM_PP_TOO_EASY);
    CHECK_RC(im_passphrase_check(longrep), IM_ERR_WEAK_SECRET);
    longrep[0] = '\0';
    while (strlen(longrep) + 30 < sizeof longrep)
        strcat(longrep, "abc"); /* 3 does not divide the chunk size */
    CHECK_RC(im_pp_strength_estimate(longrep, &s), IM_OK);
    CHECK(s.level == IM_PP_TOO_EASY);
    CHECK_RC(im_pp_strength_estimate("", &s), IM_OK);
    CHECK(s.level == IM_PP_TOO_EASY && s.guesses_log10 == 0);

    /* Suggestions: five lowercase words, strong by the estimate, accepted,
     * and not the same twice. */
    char prev[IM_PP_SUGGEST_SIZE] = "";
    for (int k = 0; k < 50; k++) {
        char sug[IM_PP_SUGGEST_SIZE];
        CHECK_RC(im_pp_suggest(sug), IM_OK);
        int spaces = 0, letters = 1;
        for (const char *q = sug; *q; q++) {
            spaces += *q == ' ';
            letters &= *q == ' ' || (*q >= 'a' && *q <= 'z');
        }
        CHECK(spaces == IM_PP_SUGGEST_WORDS - 1 && letters);
        CHECK_RC(im_pp_strength_estimate(sug, &s), IM_OK);
        CHECK(s.level == IM_PP_STRONG);
        CHECK_RC(im_passphrase_check(sug), IM_OK);
        CHECK(strcmp(sug, prev) != 0);
        memcpy(prev, sug, sizeof prev);
    }
    CHECK(im_pp_suggest_bits() > 64.0);
    CHECK_RC(im_pp_suggest(NULL), IM_ERR_INVALID);
    CHECK_RC(im_pp_strength_estimate("bad \xc3", &s), IM_ERR_INVALID);
    CHECK_RC(im_pp_strength_estimate(NULL, &s), IM_ERR_INVALID);
    return im_check_done();
}
