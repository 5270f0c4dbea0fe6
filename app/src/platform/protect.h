/*
 * protect.h -- what the operating system is asked to do for the data
 * folder: keep it out of backups and give it a data-protection class.
 *
 * On Apple (the iOS build, IM_HAVE_APPLE_BACKUP_EXCLUSION) the folder is
 * excluded from iCloud and Finder/iTunes backups and given the class
 * "complete unless open" (unreadable while the device is locked, except for
 * files the app already holds open, so a save at lock time still lands).
 * Elsewhere there is nothing to ask: Android's backup rules live in the
 * manifest, and desktops have no such classes.
 *
 * The seam: the calls go through a ui_protect_ops table, so a test on Linux
 * can record them (tests/platform/test_protect.c) and the Apple table can
 * be compiled here with stand-ins for the Objective-C functions.
 */
#ifndef UI_PROTECT_H
#define UI_PROTECT_H

#include <stddef.h>

typedef struct ui_protect_ops {
    /* Each returns 0 on success, -1 on failure; NULL: not on this platform. */
    int (*set_protection_class)(void *ctx, const char *dir);
    int (*exclude_from_backup)(void *ctx, const char *dir);
    void *ctx;
} ui_protect_ops;

/* The table for this build: the Apple calls under
 * IM_HAVE_APPLE_BACKUP_EXCLUSION, else NULL (nothing to do). */
const ui_protect_ops *ui_protect_platform_ops(void);

/* Applies every call OPS has to DIR; both are tried even when one fails.
 * Returns 0, or -1 with what failed in ERR (no user content: only which
 * step).  OPS NULL: nothing to do, 0. */
int ui_protect_data_dir(const ui_protect_ops *ops, const char *dir, char *err, size_t errlen);

#endif
