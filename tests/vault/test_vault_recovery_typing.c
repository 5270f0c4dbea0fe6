/*
 * test_vault_recovery_typing.c -- typing a recovery code back: codes
 * carry a check character per group, so a wrong character's group is
 * named (im_recovery_bad_group), and older codes without them still
 * unlock; what the screen shows as it is typed (im_recovery_regroup) is a
 * code that unlocks.
 */
#include <ctype.h>
#include <string.h>

#include "vault_test.h"

static void test_regroup(void)
{
    char out[64];
    /* today's codes: groups of 5, whatever goes between them */
    CHECK(im_recovery_regroup("aaaabbbbbcccc", out, sizeof out) == 15);
    CHECK(strcmp(out, "AAAAB-BBBBC-CCC") == 0);
    im_recovery_regroup("AAA AAB\tBBB", out, sizeof out);
    CHECK(strcmp(out, "AAAAA-BBBB") == 0);
    /* a separator typed after 4: a code from before check characters */
    im_recovery_regroup("abcd-efghijk", out, sizeof out);
    CHECK(strcmp(out, "ABCD-EFGH-IJK") == 0);
    im_recovery_regroup("ABCD-", out, sizeof out); /* kept: it says which grouping */
    CHECK(strcmp(out, "ABCD-") == 0);
    /* never a dash added after a full group: Backspace is not undone */
    im_recovery_regroup("ABCDE", out, sizeof out);
    CHECK(strcmp(out, "ABCDE") == 0);
    im_recovery_regroup("ABCDEF", out, sizeof out);
    CHECK(strcmp(out, "ABCDE-F") == 0);
    /* characters no code has are kept, to be seen (and a character of two
     * bytes is one character, never split by a dash) */
    im_recovery_regroup("abcd9\xC3\xA9xyz", out, sizeof out);
    CHECK(strcmp(out, "ABCD9-\xC3\xA9XYZ") == 0);
    /* cut to cap, always terminated */
    CHECK(im_recovery_regroup("ABCDEFGH", out, 7) == 6);
    CHECK(strcmp(out, "ABCDE-") == 0);
    CHECK(im_recovery_regroup(NULL, out, sizeof out) == 0 && out[0] == 0);
}

/* code with every character of group `group` (1-based) moved one step in
 * the alphabet at position `at` of that group. */
static void change_char(const char *code, int group, int at, char *out)
{
    strcpy(out, code);
    char *c = out + (group - 1) * 6 + at;
    *c = *c == 'A' ? 'C' : 'A';
}

static void test_bad_group(void)
{
    /* a character no code has, named by its group as grouped */
    CHECK(im_recovery_bad_group("AAAAB-BBBBC-CC9CD") == 3);
    CHECK(im_recovery_bad_group("aaaabbbbccccdddd e!ee") == 4); /* groups of 5 */
    CHECK(im_recovery_bad_group("AAAA-BBBB-CC9C-DDDD") == 3);   /* an older code's groups */
    CHECK(im_recovery_bad_group("\xC3\xA9"
                                "AAA") == 1);
    /* an older code cannot tell a wrong letter; 0, 1 and 8 are not wrong */
    CHECK(im_recovery_bad_group("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH") == 0);
    CHECK(im_recovery_bad_group("0018-BBBB") == 0);
    /* a wrong length cannot say which group lost a character */
    CHECK(im_recovery_bad_group("AAAA-BBB-CCCC") == 0);
    CHECK(im_recovery_bad_group("") == 0 && im_recovery_bad_group(NULL) == 0);
}

/* A real code: its checks hold, any one character changed names its
 * group, and both spellings (with check characters, and the older 32
 * characters of the same secret) unlock; the code as the screen shows it
 * while typed from paper too. */
static void test_codes_old_and_new(void)
{
    char *dir = im_tmpdir_make("vault-typing");
    REQUIRE(dir);
    char code[IM_RECOVERY_CODE_SIZE], typed[IM_RECOVERY_CODE_SIZE], shown[64], old[IM_RECOVERY_CODE_SIZE];
    im_vault *v = th_vault_create(dir, NULL, code);
    CHECK(strlen(code) == 47);
    for (int g = 0; g < 8; g++)
        CHECK(g == 7 || code[g * 6 + 5] == '-');
    CHECK(im_recovery_bad_group(code) == 0);
    for (int g = 1; g <= 8; g++)
        for (int at = 0; at < 5; at++) {
            change_char(code, g, at, typed);
            CHECK(im_recovery_bad_group(typed) == g);
            im_vault_lock(v);
            CHECK_RC(im_vault_unlock_recovery(v, typed), IM_ERR_INVALID);
            CHECK_RC(im_vault_unlock_recovery(v, code), IM_OK);
        }
    /* two neighbours swapped in a group */
    strcpy(typed, code);
    for (int g = 0; g < 8; g++) {
        int i = g * 6 + 1;
        if (typed[i] == typed[i + 1])
            continue;
        char t = typed[i];
        typed[i] = typed[i + 1];
        typed[i + 1] = t;
        CHECK(im_recovery_bad_group(typed) == g + 1);
        break;
    }
    /* lower case, no dashes: regrouped as the screen shows it */
    size_t n = 0;
    for (const char *p = code; *p; p++)
        if (*p != '-')
            typed[n++] = (char)tolower((unsigned char)*p);
    typed[n] = 0;
    CHECK(im_recovery_regroup(typed, shown, sizeof shown) == strlen(code));
    CHECK(strcmp(shown, code) == 0);
    /* the same secret spelt as before check characters: 8 groups of 4 */
    n = 0;
    for (int i = 0; code[i]; i++)
        if (code[i] != '-' && i % 6 != 4) {
            if (n && n % 5 == 4)
                old[n++] = '-';
            old[n++] = code[i];
        }
    old[n] = 0;
    CHECK(strlen(old) == 39);
    CHECK(im_recovery_regroup(old, shown, sizeof shown) == 39 && strcmp(shown, old) == 0);
    CHECK(im_recovery_bad_group(old) == 0);
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock_recovery(v, old), IM_OK);
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock_recovery(v, shown), IM_OK);
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

int main(void)
{
    im_process_harden();
    test_regroup();
    test_bad_group();
    test_codes_old_and_new();
    return im_check_done();
}
