/*
 * test_recovery_check.c -- the first-run check of the recovery code
 * (onboarding.c): two groups drawn at random, or the whole code;
 * the last group alone (the old check) is no longer enough.
 */
#include "check.h"

#include "screens/start.h"

int main(void)
{
    const char *code = "ABCD-EFGH-OIBK-MNOP-QRST-UVWX-YZ23-4567";
    const int g15[2] = {1, 5}, g02[2] = {0, 2};
    CHECK(ui_recovery_check_ok(code, g15, "EFGHUVWX"));
    CHECK(ui_recovery_check_ok(code, g15, "efgh uvwx"));
    CHECK(ui_recovery_check_ok(code, g15, "EFGH-UVWX"));
    CHECK(!ui_recovery_check_ok(code, g15, "UVWXEFGH")); /* order counts */
    CHECK(!ui_recovery_check_ok(code, g15, "EFGHUVWY"));
    CHECK(!ui_recovery_check_ok(code, g15, "4567")); /* the old check */
    CHECK(!ui_recovery_check_ok(code, g15, "EFGH"));
    CHECK(!ui_recovery_check_ok(code, g15, ""));
    CHECK(ui_recovery_check_ok(code, g02, "abcd 01bk")); /* 0/1/8 as O/I/B */
    CHECK(ui_recovery_check_ok(code, g02, "ABCD0I8K"));
    /* The whole code, however it is spaced. */
    CHECK(ui_recovery_check_ok(code, g15, code));
    CHECK(ui_recovery_check_ok(code, g15, "abcdefghoibkmnopqrstuvwxyz234567"));
    CHECK(!ui_recovery_check_ok(code, g15, "ABCD-EFGH-OIBK-MNOP-QRST-UVWX-YZ23-4568"));
    CHECK(!ui_recovery_check_ok(code, g15, "ABCD-EFGH-OIBK-MNOP-QRST-UVWX-YZ23-4567-A"));
    const int bad[2] = {1, 8};
    CHECK(!ui_recovery_check_ok(code, bad, "EFGHAAAA"));
    return im_check_done();
}
