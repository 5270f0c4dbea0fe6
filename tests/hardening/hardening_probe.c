/*
 * hardening_probe.c -- a small program linked with the core, built with the
 * same flags as everything else, so the cross builds (which have no app)
 * also get their hardening checked (check_hardening.sh).  It copies into a
 * fixed buffer with a size the compiler cannot prove, which is what makes
 * FORTIFY route the copy through a checked __*_chk call.
 */
#include "innermost/passphrase.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", argc > 1 ? argv[1] : "probe");
    char copy[64];
    memcpy(copy, buf, strlen(buf) + 1);
    im_pp_strength s;
    if (im_pp_strength_estimate(copy, &s) != IM_OK)
        return 1;
    printf("%s: 10^%.1f\n", copy, s.guesses_log10);
    return 0;
}
