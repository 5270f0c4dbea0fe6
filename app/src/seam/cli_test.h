/*
 * cli_test.h -- the entry of the test build, innermost-test: the product's
 * command line (cli.h) plus the headless script driver (driver.h).  Only
 * app/src/main_test.c calls it; the product never links it.
 */
#ifndef UI_CLI_TEST_H
#define UI_CLI_TEST_H

#include "app/cli.h"

/* Returns the process exit status.  routes: the screens (screens/routes.h). */
int ui_test_main(int argc, char **argv, const ui_routes *routes);

#endif
