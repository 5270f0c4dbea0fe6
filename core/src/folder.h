/*
 * folder.h -- the vault's folder on disk: the instance lock every handle
 * and every move of the vault's files holds (vault.c invariant, and
 * vault_aside.c invariant 1), and making a folder's entries durable after
 * a create, rename or unlink.
 */
#ifndef IM_FOLDER_H
#define IM_FOLDER_H

#include "innermost/error.h"

/* Takes the instance lock of dir (IM_LOCK_NAME inside it, made 0600 if
 * missing; an exclusive flock that is never waited for): the open fd, whose
 * close releases it, or -1 with *rc IM_ERR_BUSY (another holder),
 * IM_ERR_NOT_FOUND (no such folder), IM_ERR_DISK_FULL, IM_ERR_NOMEM or
 * IM_ERR_IO. */
int im_folder_lock(const char *dir, im_rc *rc);

/* fsyncs the folder dir so the names in it survive a power cut; IM_OK or
 * IM_ERR_IO (callers that cannot do better go on: the data itself was
 * synced). */
IM_MUST_CHECK
im_rc im_folder_sync(const char *dir);

#endif
