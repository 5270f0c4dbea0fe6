/* atomic_file.c -- see atomic_file.h. */
#define _POSIX_C_SOURCE 200809L
#include "atomic_file.h"
#include "folder.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static im_rc errno_rc(int e)
{
    return (e == ENOSPC || e == EFBIG
#ifdef EDQUOT
            || e == EDQUOT
#endif
            )
               ? IM_ERR_DISK_FULL
               : IM_ERR_IO;
}

im_rc im_atomic_file_open(im_atomic_file *f, const char *path)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    size_t n = strlen(path) + sizeof ".tmp-XXXXXX";
    f->tmp = malloc(n);
    f->path = strdup(path);
    if (!f->tmp || !f->path) {
        im_atomic_file_abort(f);
        return IM_ERR_NOMEM;
    }
    snprintf(f->tmp, n, "%s.tmp-XXXXXX", path);
    f->fd = mkstemp(f->tmp); /* mode 0600 */
    if (f->fd < 0) {
        im_rc rc = errno_rc(errno);
        free(f->tmp);
        f->tmp = NULL; /* nothing was created: nothing to unlink */
        im_atomic_file_abort(f);
        return rc;
    }
    return IM_OK;
}

im_rc im_atomic_file_write(im_atomic_file *f, const void *data, size_t n)
{
    const unsigned char *p = data;
    while (f->rc == IM_OK && n > 0) {
        ssize_t k = write(f->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            f->rc = k < 0 ? errno_rc(errno) : IM_ERR_IO;
            break;
        }
        p += k;
        n -= (size_t)k;
        f->written += (uint64_t)k;
    }
    return f->rc;
}

static im_rc sync_dir_of(const char *path)
{
    char *dir = strdup(path);
    if (!dir)
        return IM_ERR_NOMEM;
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = 0;
    else if (slash)
        *slash = 0;
    else
        strcpy(dir, ".");
    im_rc rc = im_folder_sync(dir);
    free(dir);
    return rc;
}

im_rc im_atomic_file_adopt(im_atomic_file *f, int fd)
{
    memset(f, 0, sizeof *f);
    f->adopted = 1;
    f->fd = fd >= 0 ? dup(fd) : -1;
    if (f->fd < 0)
        return fd >= 0 ? errno_rc(errno) : IM_ERR_INVALID;
    return IM_OK;
}

im_rc im_atomic_file_commit(im_atomic_file *f)
{
    im_rc rc = f->rc;
    if (f->adopted) {
        if (rc == IM_OK && fsync(f->fd) != 0 && errno != EINVAL)
            rc = errno_rc(
                errno); /* EINVAL: a pipe or socket, nothing to sync */
        if (rc != IM_OK) {
            im_atomic_file_abort(f);
            return rc;
        }
        if (close(f->fd) != 0)
            rc = errno_rc(errno);
        f->fd = -1;
        return rc;
    }
    if (rc == IM_OK && fsync(f->fd) != 0)
        rc = errno_rc(errno);
    if (close(f->fd) != 0 && rc == IM_OK)
        rc = errno_rc(errno);
    f->fd = -1;
    if (rc == IM_OK && rename(f->tmp, f->path) != 0)
        rc = errno_rc(errno);
    if (rc != IM_OK) {
        im_atomic_file_abort(f);
        return rc;
    }
    rc = sync_dir_of(f->path);
    free(f->tmp);
    free(f->path);
    f->tmp = f->path = NULL;
    return rc;
}

void im_atomic_file_abort(im_atomic_file *f)
{
    if (f->adopted && f->fd >= 0 && ftruncate(f->fd, 0) != 0) {
        /* nothing better to do: the caller is told the write failed */
    }
    if (f->fd >= 0)
        close(f->fd);
    if (f->tmp)
        unlink(f->tmp);
    free(f->tmp);
    free(f->path);
    f->fd = -1;
    f->tmp = f->path = NULL;
}
