/*
 * golden.h -- comparing a test's output with a golden file kept in the
 * source tree (tests/fixtures/...), byte for byte.
 *
 * On a difference the test fails and a line diff is printed ("-" the
 * golden file, "+" what the test made, with two lines of context), so the
 * change reads at a glance.  IM_GOLDEN_UPDATE=1 in the environment writes
 * what the test made over the golden file instead (and still fails, so an
 * update is never silent): review it with git diff.
 */
#ifndef IM_TEST_GOLDEN_H
#define IM_TEST_GOLDEN_H

#include <stddef.h>

/* 1 if got (len bytes) equals the file at relative (from the source
 * tree's root); else 0 after printing the diff.  Records a CHECK. */
int th_golden_check(const char *got, size_t len, const char *relative);

#endif
