/* memwalk.c -- see memwalk.h. */
#define _GNU_SOURCE
#include "memwalk.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Reads [start, end) in chunks that overlap by w->overlap. */
static size_t walk_range(const im_memwalk *w, int mem, uintptr_t start, uintptr_t end, const char *mapping,
                         im_memwalk_fn fn, void *ctx)
{
    size_t bytes = 0;
    uintptr_t at = start;
    while (at < end) {
        size_t want = end - at < w->cap ? end - at : w->cap;
        ssize_t got = pread(mem, w->buf, want, (off_t)at);
        if (got <= 0) { /* unreadable page: skip it */
            at = (at + 4096) & ~(uintptr_t)4095;
            continue;
        }
        size_t limit = (size_t)got;
        if (at + (size_t)got < end && (size_t)got > w->overlap)
            limit -= w->overlap;
        bytes += limit;
        fn(ctx, w->buf, (size_t)got, limit, mapping, start, at - start);
        at += limit;
    }
    return bytes;
}

size_t im_memwalk_run(const im_memwalk *w, im_memwalk_fn fn, void *ctx, long *mappings)
{
    *mappings = 0;
    FILE *maps = fopen("/proc/self/maps", "r");
    int mem = open("/proc/self/mem", O_RDONLY);
    if (!maps || mem < 0) {
        if (maps)
            fclose(maps);
        if (mem >= 0)
            close(mem);
        *mappings = -1;
        return 0;
    }
    size_t bytes = 0;
    char line[4096];
    uintptr_t skip_lo = (uintptr_t)w->skip, skip_hi = skip_lo + w->skip_len;
    while (fgets(line, sizeof line, maps)) {
        unsigned long lo, hi;
        char perms[8] = "", path[4096] = "";
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %4095[^\n]", &lo, &hi, perms, path) < 3)
            continue;
        if (perms[0] != 'r' || perms[1] != 'w')
            continue;
        if (lo < skip_hi && hi > skip_lo)
            continue; /* the caller's own */
        if (!strcmp(path, "[vvar]") || !strcmp(path, "[vsyscall]"))
            continue;
        (*mappings)++;
        bytes += walk_range(w, mem, lo, hi, path[0] ? path : "anonymous mapping", fn, ctx);
    }
    close(mem);
    fclose(maps);
    return bytes;
}
