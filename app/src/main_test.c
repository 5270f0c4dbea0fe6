/*
 * main_test.c -- the entry of innermost-test, the test build: the same app
 * library as the product, plus the headless script driver, its virtual
 * clock and the INNERMOST_TEST_KDF setting (innermost_ui_test).  Every test,
 * screenshot and benchmark runs this program; it is never installed.
 */
#include <SDL.h>

#include "screens/routes.h"
#include "seam/cli_test.h"
#include "innermost/vault.h"

int main(int argc, char **argv)
{
    im_process_harden();
    return ui_test_main(argc, argv, ui_screens_routes());
}
