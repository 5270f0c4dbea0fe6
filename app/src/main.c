/*
 * main.c -- the program entry of the product; everything else is in
 * innermost_ui.  It hands the app its screens (screens/routes.h): the
 * host below never names one.  It hands ui_main no test extension (cli.h, invariant 1):
 * the script driver is not in this program at all.
 * On Android SDL's Java glue loads this as libmain.so and calls SDL_main.
 * The process is hardened (no core dumps, SIGXFSZ ignored) before any
 * secret can be in memory.
 */
#include <SDL.h>

#include "app/cli.h"
#include "screens/routes.h"
#include "innermost/vault.h"

int main(int argc, char **argv)
{
    im_process_harden();
    /* Android's back key arrives as SDLK_AC_BACK ("back") instead of
     * closing the activity; the app pops its own screen stack. */
    SDL_SetHint(SDL_HINT_ANDROID_TRAP_BACK_BUTTON, "1");
    return ui_main(argc, argv, ui_screens_routes(), NULL);
}
