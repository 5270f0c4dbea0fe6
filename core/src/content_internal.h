/*
 * content_internal.h -- what the content modules share: the arena every
 * parsed structure lives in, and the library's layout.
 *
 * Why an arena: a parse can fail at any line, and a library is freed all at
 * once.  Allocating every string and array from one arena makes "no leak on
 * any error path" true by construction -- nothing is freed piecemeal.
 */
#ifndef IM_CONTENT_INTERNAL_H
#define IM_CONTENT_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "innermost/content.h"

typedef struct im_arena_chunk im_arena_chunk;

typedef struct im_arena {
    im_arena_chunk *head;
    size_t total; /* bytes handed out, for the library limit */
} im_arena;

/* Zeroed memory of size bytes (8-byte aligned), or NULL when out of memory
 * or when the arena would exceed IM_CONTENT_TOTAL_MAX plus slack. */
void *im_arena_alloc(im_arena *a, size_t size);
char *im_arena_strndup(im_arena *a, const char *s, size_t n);
void im_arena_free(im_arena *a);

/* A growable array of fixed-size elements inside an arena.  Growing copies
 * into a new block; the old one is abandoned to the arena (files are small,
 * and this keeps every error path free of frees). */
typedef struct im_vec {
    void *v;
    size_t n, cap, elem;
} im_vec;

void im_vec_init(im_vec *vec, size_t elem);
/* Pointer to a new zeroed element at the end, or NULL when out of memory. */
void *im_vec_push(im_arena *a, im_vec *vec);

struct im_library {
    im_arena arena;
    im_vec items; /* im_item * */
    size_t bytes; /* source bytes parsed so far */
};

/* Add a diagnostic (printf-style text). */
void im_diags_add(im_diags *d, const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Whether s is a valid id: [a-z0-9][a-z0-9-]*, at most IM_CONTENT_ID_MAX. */
int im_content_id_valid(const char *s, size_t n);

#endif
