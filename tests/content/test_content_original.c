/*
 * test_content_original -- the writing in content/ is our own: no run of
 * IM_ORIGINAL_RUN words is shared with the source articles.
 *
 *   test_content_original CONTENT_DIR SEEDS_DIR
 *
 * Every *.txt file below CONTENT_DIR (the whole tree, so new material is
 * covered the day it lands) is compared with every file in SEEDS_DIR
 * (a copy of the articles kept outside the project, ../shared/seeds; its
 * README is not an article).  Text is normalised first: letters and digits
 * lower-cased, apostrophes dropped ("don't" = "dont"), anything else a word
 * break; "//" comment lines of content files are left out.  Runs are taken
 * within one file on each side.
 *
 * Prints the longest shared run (its length, where, and its words) and
 * fails when it is IM_ORIGINAL_RUN words or more, listing each such run.
 * Exits 77 (CTest: skipped) with a one-line note when SEEDS_DIR is absent:
 * a user's clone has no copy of the articles.
 *
 * Method: for n = 1, 2, ... the n-word runs of the seeds are hashed into a
 * sorted table, each n-word run of content is looked up and a hit checked
 * word by word; the longest n with a true hit is the answer.  A few
 * thousand words a side make this a few milliseconds.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define IM_ORIGINAL_RUN 8
#define SKIPPED 77
#define MAX_FILES 4096
#define MAX_DEPTH 8

typedef struct words {
    char **w;    /* normalised words, each malloc'd */
    uint64_t *h; /* a hash per word */
    int *file;   /* index into the file names */
    size_t n, cap;
    char *names[MAX_FILES];
    size_t nfiles;
} words;

static void die(const char *what)
{
    fprintf(stderr, "test_content_original: %s\n", what);
    exit(1);
}

static uint64_t word_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void push_word(words *ws, const char *w, size_t len, int file)
{
    if (ws->n == ws->cap) {
        ws->cap = ws->cap ? 2 * ws->cap : 4096;
        ws->w = realloc(ws->w, ws->cap * sizeof *ws->w);
        ws->h = realloc(ws->h, ws->cap * sizeof *ws->h);
        ws->file = realloc(ws->file, ws->cap * sizeof *ws->file);
        if (!ws->w || !ws->h || !ws->file)
            die("out of memory");
    }
    char *c = malloc(len + 1);
    if (!c)
        die("out of memory");
    memcpy(c, w, len);
    c[len] = '\0';
    ws->w[ws->n] = c;
    ws->h[ws->n] = word_hash(c);
    ws->file[ws->n] = file;
    ws->n++;
}

/* Split one file's text into normalised words. */
static void add_text(words *ws, const char *text, size_t len, int file, int skip_comments)
{
    char word[256];
    size_t k = 0;
    int line_start = 1;
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)text[i] : '\n';
        if (skip_comments && line_start && c == '/' && i + 1 < len && text[i + 1] == '/') {
            while (i < len && text[i] != '\n')
                i++;
            c = '\n';
        }
        line_start = c == '\n';
        /* ' and U+2019 (E2 80 99) join a word; they are dropped */
        if (c == '\'')
            continue;
        if (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
            (unsigned char)text[i + 2] == 0x99) {
            i += 2;
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (k < sizeof word - 1)
                word[k++] = (char)c;
            continue;
        }
        if (k)
            push_word(ws, word, k, file);
        k = 0;
    }
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static int ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (!c)
        die("out of memory");
    return memcpy(c, s, n);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Add every file below dir (content: *.txt only, comments skipped; seeds:
 * every file but a README), sorted by path for a stable report. */
static void add_dir(words *ws, const char *dir, const char *rel, int content, int depth)
{
    char path[2048];
    snprintf(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel);
    DIR *d = opendir(path);
    if (!d)
        die("cannot open a folder");
    char *names[MAX_FILES];
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (e->d_name[0] != '.' && n < MAX_FILES)
            names[n++] = dup_str(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        char sub[2048], full[4096];
        snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", names[i]);
        snprintf(full, sizeof full, "%s/%s", dir, sub);
        struct stat st;
        if (stat(full, &st) != 0) {
            free(names[i]);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (depth < MAX_DEPTH)
                add_dir(ws, dir, sub, content, depth + 1);
        } else if (S_ISREG(st.st_mode) &&
                   (content ? ends_with(names[i], ".txt") : strncmp(names[i], "README", 6) != 0) &&
                   ws->nfiles < MAX_FILES) {
            size_t len = 0;
            char *text = read_all(full, &len);
            if (!text)
                die("cannot read a file");
            int file = (int)ws->nfiles;
            ws->names[ws->nfiles++] = dup_str(sub);
            add_text(ws, text, len, file, content);
            free(text);
        }
        free(names[i]);
    }
}

/* The hash of the n words from i, or 0 when they cross a file boundary. */
static int run_hash(const words *ws, size_t i, size_t n, uint64_t *out)
{
    if (i + n > ws->n || ws->file[i] != ws->file[i + n - 1])
        return 0;
    uint64_t h = 0;
    for (size_t k = 0; k < n; k++)
        h = h * 0x100000001b3ull + ws->h[i + k];
    *out = h;
    return 1;
}

static int same_run(const words *a, size_t i, const words *b, size_t j, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(a->w[i + k], b->w[j + k]) != 0)
            return 0;
    return 1;
}

typedef struct entry {
    uint64_t h;
    size_t pos;
} entry;

static int by_hash(const void *a, const void *b)
{
    uint64_t x = ((const entry *)a)->h, y = ((const entry *)b)->h;
    return x < y ? -1 : x > y;
}

typedef struct hit {
    size_t at, seed_at; /* word positions in content and seeds */
} hit;

/* Shared runs of n words: prints each when print is set, and returns how
 * many content positions start one; *first is set to the first. */
static size_t shared_runs(const words *content, const words *seeds, size_t n, hit *first, int print)
{
    entry *t = malloc((seeds->n + 1) * sizeof *t);
    if (!t)
        die("out of memory");
    size_t nt = 0, found = 0;
    for (size_t j = 0; j < seeds->n; j++)
        if (run_hash(seeds, j, n, &t[nt].h))
            t[nt++].pos = j;
    qsort(t, nt, sizeof *t, by_hash);
    for (size_t i = 0; i < content->n; i++) {
        entry key;
        if (!run_hash(content, i, n, &key.h))
            continue;
        entry *e = bsearch(&key, t, nt, sizeof *t, by_hash);
        if (!e)
            continue;
        while (e > t && e[-1].h == key.h)
            e--;
        for (; e < t + nt && e->h == key.h; e++) {
            if (!same_run(content, i, seeds, e->pos, n))
                continue;
            if (!found++)
                *first = (hit){i, e->pos};
            if (print) {
                printf("  shared run of %zu words: content/%s and seeds/%s:", n,
                       content->names[content->file[i]], seeds->names[seeds->file[e->pos]]);
                for (size_t k = 0; k < n; k++)
                    printf(" %s", content->w[i + k]);
                printf("\n");
            }
            break;
        }
    }
    free(t);
    return found;
}

static void words_free(words *ws)
{
    for (size_t i = 0; i < ws->n; i++)
        free(ws->w[i]);
    for (size_t i = 0; i < ws->nfiles; i++)
        free(ws->names[i]);
    free(ws->w);
    free(ws->h);
    free(ws->file);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_content_original CONTENT_DIR "
                        "SEEDS_DIR\n");
        return 2;
    }
    struct stat st;
    if (stat(argv[2], &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("no source articles at %s: originality check skipped\n", argv[2]);
        return SKIPPED;
    }
    static words content, seeds;
    add_dir(&content, argv[1], "", 1, 0);
    add_dir(&seeds, argv[2], "", 0, 0);
    if (content.n == 0 || seeds.n == 0)
        die("no words to compare (empty folder?)");
    size_t longest = 0;
    hit best = {0, 0};
    for (size_t n = 1;; n++) {
        hit h;
        if (!shared_runs(&content, &seeds, n, &h, 0))
            break;
        longest = n;
        best = h;
    }
    printf("%zu content words in %zu files, %zu source words in %zu files\n", content.n, content.nfiles,
           seeds.n, seeds.nfiles);
    printf("longest shared run: %zu words", longest);
    if (longest) {
        printf(" (content/%s, seeds/%s):", content.names[content.file[best.at]],
               seeds.names[seeds.file[best.seed_at]]);
        for (size_t k = 0; k < longest; k++)
            printf(" %s", content.w[best.at + k]);
    }
    printf("\n");
    int ok = longest < IM_ORIGINAL_RUN;
    if (!ok) {
        hit h;
        printf("FAIL: runs of %d words or more are shared with the source "
               "articles; rewrite them in our own words:\n",
               IM_ORIGINAL_RUN);
        shared_runs(&content, &seeds, IM_ORIGINAL_RUN, &h, 1);
    }
    words_free(&content);
    words_free(&seeds);
    return ok ? 0 : 1;
}
