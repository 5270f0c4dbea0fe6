/*
 * atomic_file.h -- write a file so that it appears whole or not at all.
 *
 * Bytes go to a temporary sibling (path.tmp-XXXXXX, mode 0600); commit
 * fsyncs it, renames it over path and fsyncs the directory.  Abort (or any
 * failure in commit) removes the temporary file.  Callers decide what may be
 * written: backup writes only ciphertext; export writes the readable file
 * the person asked for.
 *
 * Adopted (im_atomic_file_adopt): a file the person chose through the
 * system (an Android document, given as a descriptor) has no folder to put
 * a sibling in, so bytes go straight to it; commit fsyncs it, abort
 * truncates it to nothing.  The caller's descriptor stays open (a dup is
 * written through).
 */
#ifndef INNERMOST_ATOMIC_FILE_H
#define INNERMOST_ATOMIC_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/error.h"

typedef struct im_atomic_file {
    int fd;
    char *tmp;
    char *path;
    im_rc rc; /* sticky: the first write error */
    uint64_t written;
    int adopted; /* writes go to the caller's file (im_atomic_file_adopt) */
} im_atomic_file;

im_rc im_atomic_file_open(im_atomic_file *f, const char *path);
/* Write into fd, an open, writable, empty file (see above). */
im_rc im_atomic_file_adopt(im_atomic_file *f, int fd);
/* Append; errors are sticky and reported by commit too. */
im_rc im_atomic_file_write(im_atomic_file *f, const void *p, size_t n);
/* Make the file appear at path.  Always releases f. */
im_rc im_atomic_file_commit(im_atomic_file *f);
/* Drop the temporary file.  Releases f; safe after a failed open. */
void im_atomic_file_abort(im_atomic_file *f);

#endif
