/*
 * content_library.c -- the library container: its arena, diagnostics,
 * lookups, and loading from a folder or from embedded files.
 *
 * Parsing one file is content_parse.c's job; this file decides which files
 * and in what order (sorted by path, so ids and diagnostics come out the
 * same on every machine).
 */
#define _POSIX_C_SOURCE 200809L
#include "content_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- Arena ---------------------------------------------------------------- */

struct im_arena_chunk {
    im_arena_chunk *next;
    size_t used, size;
    max_align_t data[]; /* aligned storage follows */
};

#define ARENA_CHUNK (64u * 1024u)
/* The arena may hold more than the source bytes (structures, copies made
 * while growing vectors); this bounds it far above any honest library. */
#define ARENA_LIMIT ((size_t)IM_CONTENT_TOTAL_MAX * 8u)

void *im_arena_alloc(im_arena *a, size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    if (size == 0)
        size = 16;
    if (size > ARENA_LIMIT || a->total > ARENA_LIMIT - size)
        return NULL;
    im_arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t want = size > ARENA_CHUNK ? size : ARENA_CHUNK;
        c = malloc(sizeof *c + want);
        if (!c)
            return NULL;
        c->next = a->head;
        c->used = 0;
        c->size = want;
        a->head = c;
    }
    void *p = (unsigned char *)c->data + c->used;
    c->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

char *im_arena_strndup(im_arena *a, const char *s, size_t n)
{
    char *p = im_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void im_arena_free(im_arena *a)
{
    im_arena_chunk *c = a->head;
    while (c) {
        im_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->total = 0;
}

void im_vec_init(im_vec *vec, size_t elem)
{
    vec->v = NULL;
    vec->n = vec->cap = 0;
    vec->elem = elem;
}

void *im_vec_push(im_arena *a, im_vec *vec)
{
    if (vec->n == vec->cap) {
        size_t cap = vec->cap ? vec->cap * 2 : 8;
        if (cap > SIZE_MAX / vec->elem)
            return NULL;
        void *v = im_arena_alloc(a, cap * vec->elem);
        if (!v)
            return NULL;
        if (vec->n)
            memcpy(v, vec->v, vec->n * vec->elem);
        vec->v = v;
        vec->cap = cap;
    }
    void *p = (unsigned char *)vec->v + vec->n * vec->elem;
    vec->n++;
    memset(p, 0, vec->elem);
    return p;
}

/* ---- Diagnostics ------------------------------------------------------------ */

void im_diags_clear(im_diags *d)
{
    if (d) {
        d->n = 0;
        d->dropped = 0;
    }
}

void im_diags_add(im_diags *d, const char *file, int line, const char *fmt, ...)
{
    if (!d)
        return;
    if (d->n >= IM_DIAGS_MAX) {
        d->dropped++;
        return;
    }
    im_diag *g = &d->d[d->n++];
    snprintf(g->file, sizeof g->file, "%s", file ? file : "");
    g->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->text, sizeof g->text, fmt, ap);
    va_end(ap);
}

void im_diag_format(const im_diag *d, char *buf, size_t size)
{
    if (d->line > 0)
        snprintf(buf, size, "%s:%d: %s", d->file, d->line, d->text);
    else if (d->file[0])
        snprintf(buf, size, "%s: %s", d->file, d->text);
    else
        snprintf(buf, size, "%s", d->text);
}

int im_content_id_valid(const char *s, size_t n)
{
    if (n == 0 || n > IM_CONTENT_ID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 (c == '-' && i > 0);
        if (!ok)
            return 0;
    }
    return 1;
}

/* ---- Library ----------------------------------------------------------------- */

im_library *im_library_new(void)
{
    im_library *lib = calloc(1, sizeof *lib);
    if (lib)
        im_vec_init(&lib->items, sizeof(im_item *));
    return lib;
}

void im_library_free(im_library *lib)
{
    if (!lib)
        return;
    im_arena_free(&lib->arena);
    free(lib);
}

size_t im_library_item_count(const im_library *lib)
{
    return lib ? lib->items.n : 0;
}

const im_item *im_library_item(const im_library *lib, size_t i)
{
    if (!lib || i >= lib->items.n)
        return NULL;
    return ((im_item **)lib->items.v)[i];
}

const im_item *im_library_find_item(const im_library *lib, const char *id)
{
    for (size_t i = 0; id && i < im_library_item_count(lib); i++) {
        const im_item *it = im_library_item(lib, i);
        if (strcmp(it->id, id) == 0)
            return it;
    }
    return NULL;
}

const im_exercise *im_library_find_exercise(const im_library *lib,
                                            const char *id)
{
    for (size_t i = 0; id && i < im_library_item_count(lib); i++) {
        const im_item *it = im_library_item(lib, i);
        for (size_t e = 0; e < it->n_exercises; e++)
            if (strcmp(it->exercises[e].id, id) == 0)
                return &it->exercises[e];
    }
    return NULL;
}

size_t im_library_path(const im_library *lib, const im_item **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < im_library_item_count(lib); i++) {
        const im_item *it = im_library_item(lib, i);
        if (it->kind != IM_ITEM_PATH)
            continue;
        if (n < max) {
            /* insertion by step number; ties keep file order */
            size_t j = n;
            while (j > 0 && out[j - 1]->step > it->step) {
                out[j] = out[j - 1];
                j--;
            }
            out[j] = it;
        }
        n++;
    }
    return n;
}

const im_step *im_exercise_find_step(const im_exercise *ex, const char *id)
{
    for (size_t i = 0; ex && id && i < ex->n_steps; i++)
        if (strcmp(ex->steps[i].id, id) == 0)
            return &ex->steps[i];
    return NULL;
}

int im_step_rating_is_hard(const im_step *st, int rating)
{
    if (!st || st->answer != IM_ANSWER_SCALE || rating < 0 || rating > 10)
        return 0;
    if (st->wellbeing == IM_WELLBEING_LOW)
        return rating <= IM_WELLBEING_HARD_BAND;
    if (st->wellbeing == IM_WELLBEING_HIGH)
        return rating >= 10 - IM_WELLBEING_HARD_BAND;
    return 0;
}

const char *im_item_kind_name(im_item_kind k)
{
    switch (k) {
    case IM_ITEM_PATH: return "path";
    case IM_ITEM_PRACTICE: return "practice";
    case IM_ITEM_GUIDE: return "guide";
    case IM_ITEM_TOGETHER: return "together";
    case IM_ITEM_SAFETY: return "safety";
    }
    return "?";
}

const char *im_mode_name(im_mode m)
{
    switch (m) {
    case IM_MODE_SOLO: return "solo";
    case IM_MODE_TURNS: return "turns";
    case IM_MODE_REVEAL: return "reveal";
    case IM_MODE_MATCH: return "match";
    case IM_MODE_CONSENT_LADDER: return "consent-ladder";
    }
    return "?";
}

const char *im_answer_kind_name(im_answer_kind k)
{
    switch (k) {
    case IM_ANSWER_NONE: return "none";
    case IM_ANSWER_TEXT: return "text";
    case IM_ANSWER_ONE: return "one";
    case IM_ANSWER_MANY: return "many";
    case IM_ANSWER_SCALE: return "scale";
    case IM_ANSWER_CHECKLIST: return "checklist";
    case IM_ANSWER_LADDER: return "ladder";
    case IM_ANSWER_TIMER: return "timer";
    case IM_ANSWER_BREATHING: return "breathing";
    case IM_ANSWER_MATCH: return "match";
    case IM_ANSWER_CONSENT: return "consent";
    }
    return "?";
}

/* ---- Loading ------------------------------------------------------------------- */

/* Whether any file failed: the loaders return IM_ERR_PARSE then, with the
 * library of everything that did parse. */
static im_rc merge_rc(im_rc sofar, im_rc rc)
{
    if (rc == IM_ERR_PARSE || rc == IM_ERR_TOO_LARGE)
        return sofar == IM_OK ? IM_ERR_PARSE : sofar;
    return sofar;
}

im_rc im_content_load_files(const im_content_file *files, size_t n,
                            im_library **out, im_diags *diags)
{
    *out = NULL;
    if (n > IM_CONTENT_FILES_MAX) {
        im_diags_add(diags, "", 0, "more than %d content files",
                     IM_CONTENT_FILES_MAX);
        return IM_ERR_TOO_LARGE;
    }
    im_library *lib = im_library_new();
    if (!lib)
        return IM_ERR_NOMEM;
    im_rc result = IM_OK;
    for (size_t i = 0; i < n; i++) {
        im_rc rc = im_content_parse(lib, files[i].name,
                                    (const char *)files[i].data, files[i].len,
                                    diags);
        if (rc == IM_ERR_NOMEM) {
            im_library_free(lib);
            return rc;
        }
        result = merge_rc(result, rc);
    }
    *out = lib;
    return result;
}

/* The relative paths of every *.txt file below root, collected for sorting. */
typedef struct path_list {
    char **v;
    size_t n, cap;
    im_rc rc;
} path_list;

static void paths_free(path_list *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
}

static void paths_add(path_list *p, const char *rel)
{
    if (p->rc != IM_OK)
        return;
    if (p->n >= IM_CONTENT_FILES_MAX) {
        p->rc = IM_ERR_TOO_LARGE;
        return;
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        char **v = realloc(p->v, cap * sizeof *v);
        if (!v) {
            p->rc = IM_ERR_NOMEM;
            return;
        }
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n] = strdup(rel);
    if (!p->v[p->n]) {
        p->rc = IM_ERR_NOMEM;
        return;
    }
    p->n++;
}

static int ends_with_txt(const char *s)
{
    size_t n = strlen(s);
    return n > 4 && strcmp(s + n - 4, ".txt") == 0;
}

static void collect(const char *root, const char *rel, int depth, path_list *p)
{
    char full[IM_CONTENT_PATH_MAX];
    if ((size_t)snprintf(full, sizeof full, "%s%s%s", root, *rel ? "/" : "",
                         rel) >= sizeof full)
        return; /* too long to open: skipped */
    DIR *d = opendir(full);
    if (!d) {
        if (depth == 0)
            p->rc = errno == ENOENT ? IM_ERR_NOT_FOUND : IM_ERR_IO;
        return;
    }
    struct dirent *e;
    while (p->rc == IM_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* hidden files, ".", ".." */
        char child[IM_CONTENT_PATH_MAX];
        if ((size_t)snprintf(child, sizeof child, "%s%s%s", rel,
                             *rel ? "/" : "", e->d_name) >= sizeof child)
            continue;
        char childfull[IM_CONTENT_PATH_MAX];
        if ((size_t)snprintf(childfull, sizeof childfull, "%s/%s", root,
                             child) >= sizeof childfull)
            continue;
        struct stat st;
        if (lstat(childfull, &st) != 0)
            continue;
        /* a linked file is read; a linked folder is not followed (no
         * loops, no wandering outside the content folder) */
        if (S_ISLNK(st.st_mode) &&
            (stat(childfull, &st) != 0 || S_ISDIR(st.st_mode)))
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth + 1 < IM_CONTENT_DIR_DEPTH)
                collect(root, child, depth + 1, p);
        } else if (S_ISREG(st.st_mode) && ends_with_txt(e->d_name)) {
            paths_add(p, child);
        }
    }
    closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read a whole regular file of at most max bytes.  IM_ERR_TOO_LARGE when
 * longer (nothing returned). */
static im_rc read_file(const char *path, size_t max, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return IM_ERR_IO;
    char *buf = malloc(max + 1);
    if (!buf) {
        fclose(f);
        return IM_ERR_NOMEM;
    }
    size_t n = fread(buf, 1, max + 1, f);
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return IM_ERR_IO;
    }
    if (n > max) {
        free(buf);
        return IM_ERR_TOO_LARGE;
    }
    *data = buf;
    *len = n;
    return IM_OK;
}

im_rc im_content_load_dir(const char *dir, im_library **out, im_diags *diags)
{
    *out = NULL;
    if (!dir || !*dir)
        return IM_ERR_INVALID;
    path_list p = {0};
    collect(dir, "", 0, &p);
    if (p.rc != IM_OK) {
        im_rc rc = p.rc;
        if (rc == IM_ERR_TOO_LARGE)
            im_diags_add(diags, dir, 0, "more than %d content files",
                         IM_CONTENT_FILES_MAX);
        paths_free(&p);
        return rc;
    }
    if (p.n > 1)
        qsort(p.v, p.n, sizeof *p.v, cmp_str);

    im_library *lib = im_library_new();
    if (!lib) {
        paths_free(&p);
        return IM_ERR_NOMEM;
    }
    im_rc result = IM_OK;
    for (size_t i = 0; i < p.n; i++) {
        char full[IM_CONTENT_PATH_MAX];
        snprintf(full, sizeof full, "%s/%s", dir, p.v[i]);
        char *data;
        size_t len;
        im_rc rc = read_file(full, IM_CONTENT_FILE_MAX, &data, &len);
        if (rc == IM_OK) {
            rc = im_content_parse(lib, p.v[i], data, len, diags);
            free(data);
        } else if (rc == IM_ERR_TOO_LARGE) {
            im_diags_add(diags, p.v[i], 0, "file is larger than %u bytes",
                         IM_CONTENT_FILE_MAX);
        } else if (rc == IM_ERR_IO) {
            im_diags_add(diags, p.v[i], 0, "cannot be read");
            rc = IM_ERR_PARSE;
        }
        if (rc == IM_ERR_NOMEM) {
            im_library_free(lib);
            paths_free(&p);
            return rc;
        }
        result = merge_rc(result, rc);
    }
    paths_free(&p);
    *out = lib;
    return result;
}
