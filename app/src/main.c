/*
 * main.c -- the program entry; everything else is in innermost_ui.
 * On Android SDL's Java glue loads this as libmain.so and calls SDL_main.
 */
#include <SDL.h>

#include "app/cli.h"

int main(int argc, char **argv) { return ui_main(argc, argv); }
