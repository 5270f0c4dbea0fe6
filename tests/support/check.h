/*
 * check.h -- the small assertion kit every test uses.
 *
 * CHECK(cond) records a failure with file:line and goes on; REQUIRE(cond)
 * stops the test.  A test's main ends with `return im_check_done();`, which
 * prints "N passed, N failed" and returns non-zero if anything failed.
 */
#ifndef IM_TEST_CHECK_H
#define IM_TEST_CHECK_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "innermost/error.h"

void im_check_record(int ok, const char *expr, const char *file, int line);
int im_check_done(void);

#define CHECK(cond) im_check_record(!!(cond), #cond, __FILE__, __LINE__)
#define REQUIRE(cond)                                                                                        \
    do {                                                                                                     \
        int im_req_ok_ = !!(cond);                                                                           \
        im_check_record(im_req_ok_, #cond, __FILE__, __LINE__);                                              \
        if (!im_req_ok_) {                                                                                   \
            im_check_done();                                                                                 \
            exit(1);                                                                                         \
        }                                                                                                    \
    } while (0)
/* Checks an im_rc and prints its name when it differs. */
#define CHECK_RC(expr, want)                                                                                 \
    do {                                                                                                     \
        im_rc im_rc_got_ = (expr);                                                                           \
        if (im_rc_got_ != (want))                                                                            \
            fprintf(stderr, "  got %s, want %s\n", im_rc_name(im_rc_got_), im_rc_name(want));                \
        im_check_record(im_rc_got_ == (want), #expr " == " #want, __FILE__, __LINE__);                       \
    } while (0)

/* A fresh empty directory under $TMPDIR (or /tmp); the path is malloc'd.
 * im_tmpdir_remove deletes it and everything in it. */
char *im_tmpdir_make(const char *tag);
void im_tmpdir_remove(char *path);

/* Count occurrences of needle (len bytes) in every regular file below dir,
 * recursively.  Used by the canary scans: the answer must be 0. */
long im_scan_dir_for(const char *dir, const void *needle, size_t len);

/* Read a whole file; NULL if it cannot be read.  Free with free(). */
unsigned char *im_file_read(const char *path, size_t *len);
int im_file_write(const char *path, const void *data, size_t len);

/* Path of a file in the source tree ($IM_SOURCE_DIR or the compiled-in
 * fallback); malloc'd. */
char *im_source_path(const char *relative);

/* How many iterations a loop-heavy test should run: `full` scaled by the
 * fraction in $IM_TEST_SCALE (a number in (0, 1]; unset, empty or invalid
 * means 1), never below 1.  `make test-arm` sets IM_TEST_SCALE because under
 * qemu a KDF or a fork-and-kill cycle is 5-10x slower; a test prints the
 * count it used so a scaled run is never mistaken for a full one.
 * Scale only repetition counts, never what a check asserts. */
int im_test_scale(int full);

/* Runs body(ctx) in a forked child (which then exits 0) and returns its
 * wait status, with what it wrote on stderr in msg (NUL-ended, cut to
 * cap): how a test watches a contract check stop a process (SIGABRT and
 * its words) without risking its own state. */
int im_check_in_child(void (*body)(void *ctx), void *ctx, char *msg, size_t cap);

#endif
