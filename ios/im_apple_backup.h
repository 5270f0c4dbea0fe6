/*
 * im_apple_backup.h -- keep the app's data out of iCloud and iTunes/Finder
 * backups on iOS.  Compiled only into the iOS build (ios/CMakeLists.txt
 * defines IM_HAVE_APPLE_BACKUP_EXCLUSION); the app calls it once at start:
 *
 *     char *pref = SDL_GetPrefPath(org, app);
 *     #ifdef IM_HAVE_APPLE_BACKUP_EXCLUSION
 *     if (im_apple_exclude_from_backup(pref) != 0)
 *         ... say so; data still works, it just may be backed up ...
 *     #endif
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

#ifdef __cplusplus
}
#endif
#endif
