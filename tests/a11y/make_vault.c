/*
 * make_vault.c -- a data folder for the AT-SPI check (check_atspi.sh): a
 * vault made with the smallest key derivation the policy allows, under the
 * passphrase given, closed, as a first run leaves it; the app started on
 * that folder opens on the unlock screen.
 *
 *   a11y_make_vault DIR PASSPHRASE
 */
#include <stdio.h>

#include "vault_fixture.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: a11y_make_vault DIR PASSPHRASE\n");
        return 2;
    }
    im_vault_close(th_vault_create(argv[1], argv[2], NULL));
    return 0;
}
