/* check.c -- see check.h. */
#define _DEFAULT_SOURCE
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int passed, failed;

void im_check_record(int ok, const char *expr, const char *file, int line)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
}

int im_check_done(void)
{
    printf("%d passed, %d failed\n", passed, failed);
    fflush(stdout);
    return failed ? 1 : 0;
}

char *im_tmpdir_make(const char *tag)
{
    const char *base = getenv("TMPDIR");
    char buf[4096];
    snprintf(buf, sizeof buf, "%s/im-%s-XXXXXX", base && *base ? base : "/tmp", tag ? tag : "test");
    if (!mkdtemp(buf))
        return NULL;
    return strdup(buf);
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                char child[4096];
                snprintf(child, sizeof child, "%s/%s", path, e->d_name);
                remove_tree(child);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

void im_tmpdir_remove(char *path)
{
    if (!path)
        return;
    remove_tree(path);
    free(path);
}

unsigned char *im_file_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf && len)
        *len = n;
    return buf;
}

int im_file_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, len, f) == len;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

static long count_in(const unsigned char *hay, size_t n, const void *needle, size_t len)
{
    long hits = 0;
    if (len == 0 || n < len)
        return 0;
    for (size_t i = 0; i + len <= n; i++)
        if (hay[i] == *(const unsigned char *)needle && memcmp(hay + i, needle, len) == 0)
            hits++;
    return hits;
}

long im_scan_dir_for(const char *dir, const void *needle, size_t len)
{
    long hits = 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char child[4096];
        snprintf(child, sizeof child, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(child, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            hits += im_scan_dir_for(child, needle, len);
        } else if (S_ISREG(st.st_mode)) {
            size_t n = 0;
            unsigned char *buf = im_file_read(child, &n);
            if (buf)
                hits += count_in(buf, n, needle, len);
            free(buf);
        }
    }
    closedir(d);
    return hits;
}

char *im_source_path(const char *relative)
{
    const char *root = getenv("IM_SOURCE_DIR");
    char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", root && *root ? root : ".", relative);
    return strdup(buf);
}

int im_test_scale(int full)
{
    const char *s = getenv("IM_TEST_SCALE");
    if (!s || !*s || full <= 1)
        return full;
    char *end;
    double f = strtod(s, &end);
    if (*end != '\0' || !(f > 0.0) || f >= 1.0) /* also rejects NaN */
        return full;
    double n = (double)full * f;
    return n < 1.0 ? 1 : (int)n;
}

int im_check_in_child(void (*body)(void *ctx), void *ctx, char *msg, size_t cap)
{
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    fflush(NULL);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 2);
        body(ctx);
        _exit(0);
    }
    close(fds[1]);
    size_t n = 0;
    ssize_t got;
    while (n + 1 < cap && (got = read(fds[0], msg + n, cap - 1 - n)) > 0)
        n += (size_t)got;
    msg[n] = 0;
    close(fds[0]);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    return status;
}
