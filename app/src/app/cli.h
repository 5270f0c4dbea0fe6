/*
 * cli.h -- the command line of `innermost`, and the seam its test build
 * plugs into.
 *
 *   innermost [--data-dir DIR] [--content DIR] [--gallery]     a window
 *
 * The product has no other mode.  The test build (`innermost-test`, built
 * beside it from the same library plus app/src/seam/cli_test.c and the
 * script driver) hands ui_main an extension that adds
 *
 *   innermost-test --headless [--data-dir DIR] [--size WxH] [--scale S]
 *                  [--shots DIR] [--content DIR] --script FILE
 *
 * Invariants:
 *  1. Without an extension (the product), --headless, --script, --shots,
 *     --size and --scale are refused with one plain line and status 2,
 *     before SDL starts; nothing else in the product can start the driver,
 *     its virtual clock or the test key-derivation setting.
 *  2. Without a display the window mode exits with one clear line.
 */
#ifndef UI_CLI_H
#define UI_CLI_H

#include "app/app.h"

/* Extra options and a second way to run (the test build's).  option():
 * argv[i] is an option ui_main does not know; return how many arguments it
 * took (1 or 2), 0 if it is not the extension's, or -1 after printing why
 * a value is bad.  run(): after parsing; return -1 to open the window as
 * usual, else the exit status of the extension's own run. */
typedef struct ui_cli_ext {
    int (*option)(void *st, int argc, char **argv, int i, ui_app_options *opt);
    int (*run)(void *st, const ui_app_options *opt);
    void *st;
} ui_cli_ext;

/* Returns the process exit status.  routes: the screens (the top hands
 * them in: screens/routes.h).  ext NULL: the product. */
int ui_main(int argc, char **argv, const ui_routes *routes, const ui_cli_ext *ext);

#endif
