/*
 * month.h -- a data folder as a person leaves it after a month of use, to
 * try the look-back views (issue 20: "a person can return after a month
 * and see everything they did").
 *
 * Over the `days` days before today_ms, on the shipped content, through the
 * core API as the app drives it: journal entries most days with a mood and
 * now and then a link to an exercise; mood check-ins on two days of three;
 * the path's steps in order, one every third day; breathing, the body
 * scan, thought records, self-checks and a boundaries map finished every
 * other day; the vulnerability ladder built in the path step and practised
 * over the last two weeks (each try re-rates its rung lower); one thought
 * record left part-way ("Continue").  Names: Robin, partner Sam.  The
 * vault has the floor cost (64 MiB, one pass).  dir must not hold a vault.
 */
#ifndef TH_MONTH_H
#define TH_MONTH_H

#include <stdint.h>

#include "innermost/vault.h"

typedef struct th_month_counts {
    int entries, checkins, path_steps, runs, tries;
} th_month_counts;

/* Make the folder (exits the process with a message if it cannot);
 * recovery_code (may be NULL) receives the vault's code, out (may be
 * NULL) what was written. */
void th_month_make(const char *dir, const char *passphrase, int days, int64_t today_ms,
                   char recovery_code[IM_RECOVERY_CODE_SIZE], th_month_counts *out);

#endif
