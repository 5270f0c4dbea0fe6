/* golden.c -- see golden.h. */
#include "golden.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define DIFF_LINES_MAX 4000 /* beyond this only the first difference shows */
#define CONTEXT 2

typedef struct lines {
    const char **at;
    size_t *len;
    size_t n;
} lines;

static int lines_split(const char *s, size_t n, lines *out)
{
    size_t count = 1;
    for (size_t i = 0; i < n; i++)
        count += s[i] == '\n';
    out->at = calloc(count, sizeof *out->at);
    out->len = calloc(count, sizeof *out->len);
    out->n = 0;
    if (!out->at || !out->len)
        return -1;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n;
        out->at[out->n] = s + i;
        out->len[out->n++] = end - i;
        i = end + 1;
    }
    return 0;
}

static int line_eq(const lines *a, size_t i, const lines *b, size_t j)
{
    return a->len[i] == b->len[j] && memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

/* "-  12| text": the mark, the line's number in its own file, the line. */
static void line_print(char mark, const lines *l, size_t i)
{
    fprintf(stderr, "%c %4zu| %.*s\n", mark, i + 1, (int)l->len[i], l->at[i]);
}

/* A diff from the longest common subsequence of the lines: "-" golden,
 * "+" got, " " context within CONTEXT lines of a change. */
static void diff_print(const lines *g, const lines *t)
{
    size_t n = g->n, m = t->n;
    if (n > DIFF_LINES_MAX || m > DIFF_LINES_MAX) {
        size_t i = 0;
        while (i < n && i < m && line_eq(g, i, t, i))
            i++;
        fprintf(stderr, "first difference at line %zu\n", i + 1);
        if (i < n)
            line_print('-', g, i);
        if (i < m)
            line_print('+', t, i);
        return;
    }
    /* lcs[i][j]: the common length of g[i..] and t[i..] */
    unsigned short *lcs = calloc((n + 1) * (m + 1), sizeof *lcs);
    char *ops = malloc(n + m + 1);
    size_t *where = malloc((n + m + 1) * 2 * sizeof *where);
    if (!lcs || !ops || !where) {
        fprintf(stderr, "(no memory for the diff)\n");
        free(lcs), free(ops), free(where);
        return;
    }
#define L(i, j) lcs[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            L(i, j) = line_eq(g, i, t, j) ? L(i + 1, j + 1) + 1
                                          : (L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1));
    size_t k = 0, i = 0, j = 0;
    while (i < n || j < m) {
        char op = i < n && j < m && line_eq(g, i, t, j)             ? ' '
                  : i < n && (j == m || L(i + 1, j) >= L(i, j + 1)) ? '-'
                                                                    : '+';
        ops[k] = op, where[2 * k] = i, where[2 * k + 1] = j, k++;
        if (op != '+')
            i++;
        if (op != '-')
            j++;
    }
#undef L
    int shown = 1;
    for (size_t x = 0; x < k; x++) {
        int near = 0;
        for (size_t y = x >= CONTEXT ? x - CONTEXT : 0; y < k && y <= x + CONTEXT; y++)
            near |= ops[y] != ' ';
        if (!near) {
            if (shown)
                fprintf(stderr, "  ...\n");
            shown = 0;
            continue;
        }
        shown = 1;
        if (ops[x] == '+')
            line_print('+', t, where[2 * x + 1]);
        else
            line_print(ops[x], g, where[2 * x]);
    }
    free(lcs), free(ops), free(where);
}

int th_golden_check(const char *got, size_t len, const char *relative)
{
    char *path = im_source_path(relative);
    size_t n = 0;
    unsigned char *want = path ? im_file_read(path, &n) : NULL;
    int same = want && n == len && memcmp(want, got, len) == 0;
    if (!same) {
        fprintf(stderr, "%s: differs from the golden file (- golden, + this run)\n", relative);
        lines g = {0}, t = {0};
        if (!want)
            fprintf(stderr, "(the golden file cannot be read)\n");
        else if (lines_split((const char *)want, n, &g) == 0 && lines_split(got, len, &t) == 0)
            diff_print(&g, &t);
        free(g.at), free(g.len), free(t.at), free(t.len);
        const char *update = getenv("IM_GOLDEN_UPDATE");
        if (update && !strcmp(update, "1") && path && im_file_write(path, got, len) == 0)
            fprintf(stderr, "IM_GOLDEN_UPDATE=1: wrote %s\n", path);
    }
    im_check_record(same, relative, __FILE__, __LINE__);
    free(want);
    free(path);
    return same;
}
