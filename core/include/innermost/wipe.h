/*
 * wipe.h -- the one way Innermost zeroes memory that held a secret or a
 * person's text.
 *
 * A plain memset before free() may be removed by the compiler (the memory
 * is dead afterwards); these calls are kept (libsodium's sodium_memzero
 * underneath), so the app, which may not use libsodium itself, wipes the
 * same way core does.
 */
#ifndef INNERMOST_WIPE_H
#define INNERMOST_WIPE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Zero p[0..n).  p may be NULL (then nothing happens). */
void im_mem_wipe(void *p, size_t n);

/* Zero p[0..n), then free(p): for malloc'd memory.  p may be NULL. */
void im_mem_wipe_free(void *p, size_t n);

/* Zero a malloc'd NUL-terminated string up to its NUL, then free it.
 * s may be NULL. */
void im_str_wipe_free(char *s);

#ifdef __cplusplus
}
#endif
#endif
