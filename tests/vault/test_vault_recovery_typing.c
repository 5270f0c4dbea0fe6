/*
 * test_vault_recovery_typing.c -- typing a recovery code back: what the
 * screen shows as it is typed (im_recovery_regroup) is a code that still
 * unlocks, and im_recovery_bad_group names the group of a character no
 * code has, and nothing when the format cannot tell.
 */
#include <ctype.h>
#include <string.h>

#include "vault_test.h"

static void test_regroup(void)
{
    char out[64];
    /* whatever goes between the groups, they come out as a code's */
    CHECK(im_recovery_regroup("aaaabbbb cccc", out, sizeof out) == 14);
    CHECK(strcmp(out, "AAAA-BBBB-CCCC") == 0);
    im_recovery_regroup("AA-AA  BB\tBB-", out, sizeof out);
    CHECK(strcmp(out, "AAAA-BBBB") == 0);
    /* no dash after a full group: Backspace is never undone by it */
    im_recovery_regroup("ABCD", out, sizeof out);
    CHECK(strcmp(out, "ABCD") == 0);
    im_recovery_regroup("ABCD-", out, sizeof out);
    CHECK(strcmp(out, "ABCD") == 0);
    im_recovery_regroup("ABCDE", out, sizeof out);
    CHECK(strcmp(out, "ABCD-E") == 0);
    /* characters no code has are kept, to be seen (and a character of two
     * bytes is one character, never split by a dash) */
    im_recovery_regroup("abc9\xC3\xA9xyz", out, sizeof out);
    CHECK(strcmp(out, "ABC9-\xC3\xA9XYZ") == 0);
    /* cut to cap, always terminated */
    CHECK(im_recovery_regroup("ABCDEFGH", out, 6) == 5);
    CHECK(strcmp(out, "ABCD-") == 0);
    CHECK(im_recovery_regroup(NULL, out, sizeof out) == 0 && out[0] == 0);
}

static void test_bad_group(void)
{
    CHECK(im_recovery_bad_group("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH") == 0);
    /* 0, 1 and 8 are read as O, I and B: not wrong */
    CHECK(im_recovery_bad_group("0018-BBBB") == 0);
    CHECK(im_recovery_bad_group("AAAA-BBBB-CC9C-DDDD") == 3);
    CHECK(im_recovery_bad_group("aaaabbbbcccc dddd e!ee") == 5);
    CHECK(im_recovery_bad_group("\xC3\xA9"
                                "AAA") == 1);
    CHECK(im_recovery_bad_group("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHH\xC3\xA9") == 8);
    /* a wrong length cannot say which group lost a character */
    CHECK(im_recovery_bad_group("AAAA-BBB-CCCC") == 0);
    CHECK(im_recovery_bad_group("") == 0 && im_recovery_bad_group(NULL) == 0);
}

/* The code as the screen shows it while typed from paper still opens. */
static void test_regrouped_unlocks(void)
{
    char *dir = im_tmpdir_make("vault-typing");
    REQUIRE(dir);
    char code[IM_RECOVERY_CODE_SIZE], typed[IM_RECOVERY_CODE_SIZE], shown[64];
    im_vault *v = th_vault_create(dir, NULL, code);
    size_t n = 0;
    for (const char *p = code; *p; p++) /* lower case, no dashes, a space in the middle */
        if (*p != '-') {
            if (n == 16)
                typed[n++] = ' ';
            typed[n++] = (char)tolower((unsigned char)*p);
        }
    typed[n] = 0;
    CHECK(im_recovery_regroup(typed, shown, sizeof shown) == strlen(code));
    CHECK(strcmp(shown, code) == 0);
    CHECK(im_recovery_bad_group(shown) == 0);
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
    test_regrouped_unlocks();
    return im_check_done();
}
