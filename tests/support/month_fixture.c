/*
 * month_fixture.c -- a data folder as a person leaves it after a month of
 * use, to try the app's look-back views in a real window ("a person can
 * return after a month and see everything they did", issue 20).
 *
 *   month_fixture DIR PASSPHRASE [DAYS]
 *
 * DAYS (default 30) days of use before now, as month.h says; the folder
 * is made if missing and must not hold a vault yet.  Prints what it wrote
 * and the vault's recovery code (a test vault: the passphrase is on the
 * command line anyway).
 *
 * What it writes is th_month_make's (month.h); the script runner's
 * --month starts the app on the same folder, dated back from the driver's
 * fixed moment instead of now.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "month.h"

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: month_fixture DIR PASSPHRASE [DAYS]\n");
        return 2;
    }
    int days = argc == 4 ? atoi(argv[3]) : 30;
    if (days < 7 || days > 365)
        days = 30;
    (void)mkdir(argv[1], 0700); /* made if missing; th_month_make says if it is unusable */
    char code[IM_RECOVERY_CODE_SIZE];
    th_month_counts n;
    th_month_make(argv[1], argv[2], days, (int64_t)time(NULL) * 1000, code, &n);
    printf("month: %d days, %d journal entries, %d check-ins, %d path steps, %d exercise runs, %d ladder "
           "tries\n",
           days, n.entries, n.checkins, n.path_steps, n.runs, n.tries);
    printf("recovery code: %s\n", code);
    return 0;
}
