/* folder.c -- the vault folder's lock and folder syncs; see folder.h. */
#define _DEFAULT_SOURCE
#include "folder.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "vault_internal.h"

int im_folder_lock(const char *dir, im_rc *rc)
{
    size_t n = strlen(dir) + sizeof "/" IM_LOCK_NAME;
    char *path = malloc(n);
    if (!path) {
        *rc = IM_ERR_NOMEM;
        return -1;
    }
    snprintf(path, n, "%s/%s", dir, IM_LOCK_NAME);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    free(path);
    if (fd < 0) {
        *rc = errno == ENOENT || errno == ENOTDIR ? IM_ERR_NOT_FOUND
              : errno == ENOSPC                   ? IM_ERR_DISK_FULL
                                                  : IM_ERR_IO;
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        *rc = errno == EWOULDBLOCK ? IM_ERR_BUSY : IM_ERR_IO;
        close(fd);
        return -1;
    }
    *rc = IM_OK;
    return fd;
}

im_rc im_folder_sync(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return IM_ERR_IO;
    int rc = fsync(fd);
    close(fd);
    return rc == 0 ? IM_OK : IM_ERR_IO;
}
