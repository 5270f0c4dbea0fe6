/*
 * cli.h -- the command line of `innermost`.
 *
 *   innermost [--data-dir DIR] [--content DIR]            a window
 *   innermost --headless [--data-dir DIR] [--size WxH] [--scale S]
 *             [--shots DIR] [--content DIR] --script FILE  the script driver
 *
 * Without --headless and without a display it exits with one clear line.
 */
#ifndef UI_CLI_H
#define UI_CLI_H

/* Returns the process exit status. */
int ui_main(int argc, char **argv);

#endif
