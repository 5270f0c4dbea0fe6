/*
 * memwalk.h -- reads this process's own writable memory, for the "memory
 * after lock" scans (rel_memscan.c, rel_app_memscan.c).
 *
 * Every rw mapping of /proc/self/maps (but [vvar], [vsyscall] and the one
 * the caller keeps its needles in) is read through /proc/self/mem in
 * chunks that overlap by `overlap` bytes, so a needle straddling two
 * chunks is seen, once: the callback gets the chunk and the `limit` below
 * which a match starts in this chunk (matches starting at or after it are
 * the next chunk's).  Unreadable pages are skipped.
 *
 * Trap: the callback must not allocate a copy of what it finds (printf of
 * a needle goes to stdout's buffer, which the next walk reads).
 */
#ifndef IM_MEMWALK_H
#define IM_MEMWALK_H

#include <stddef.h>
#include <stdint.h>

typedef void (*im_memwalk_fn)(void *ctx, const unsigned char *chunk, size_t len, size_t limit,
                              const char *mapping, uintptr_t mapping_start, size_t offset);

typedef struct im_memwalk {
    unsigned char *buf; /* the read buffer: inside the skipped region */
    size_t cap;         /* its size (a chunk) */
    size_t overlap;     /* the longest needle */
    const void *skip;   /* the caller's own region (needles, buf) */
    size_t skip_len;
} im_memwalk;

/* Walks the memory, calling fn for each chunk; returns the bytes scanned
 * (each counted once) and the mappings read in *mappings.  -1 in *mappings
 * if /proc/self/maps or /proc/self/mem cannot be opened. */
size_t im_memwalk_run(const im_memwalk *w, im_memwalk_fn fn, void *ctx, long *mappings);

#endif
