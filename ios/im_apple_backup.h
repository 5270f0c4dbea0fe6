/*
 * im_apple_backup.h -- keep the app's data out of iCloud and iTunes/Finder
 * backups on iOS.  Compiled only into the iOS build (ios/CMakeLists.txt
 * defines IM_HAVE_APPLE_BACKUP_EXCLUSION); ui_app_create calls both
 * functions below on the data folder at start, through
 * app/src/platform/protect.c (tested on Linux by tests/platform/test_protect).
 *
 * Apple documents that excluding a directory excludes everything in it,
 * including files created later, so one call on the vault's folder covers
 * the database, its WAL and any temporary files SQLite creates there.
 * Returns 0 when the flag is set and reads back as set, -1 otherwise.
 */
#ifndef IM_APPLE_BACKUP_H
#define IM_APPLE_BACKUP_H

#ifdef __cplusplus
extern "C" {
#endif

int im_apple_exclude_from_backup(const char *dir_path);

/* Gives DIR the data-protection class NSFileProtectionCompleteUnlessOpen
 * (files created in it later inherit it).  0 on success, -1 otherwise. */
int im_apple_protect_dir(const char *dir_path);

#ifdef __cplusplus
}
#endif
#endif
