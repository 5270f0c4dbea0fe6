/*
 * couple_test.h -- helpers the couple space's tests share
 * (test_couple_space.c, test_couple_planted.c): a whole data folder copied
 * as an attacker or a kill test copies it, the space's database path, a
 * couple record put, and the owner's leave run in a child to be killed.
 */
#ifndef IM_COUPLE_TEST_H
#define IM_COUPLE_TEST_H

#include <stddef.h>

#include "innermost/vault.h"

/* Copy the folder from to to (to removed first), instance locks left out. */
void ct_copy_tree(const char *from, const char *to);

/* dir's couple/innermost.db, written into buf. */
const char *ct_space_db(const char *dir, char *buf, size_t cap);

/* A couple record holding text, put into v. */
void ct_put(im_vault *v, const char *text);

/* In a forked child: the owner (TH_PASS) of dir leaves its couple space of
 * its own accord (im_couple_space_leave_with); exits 0 when it did. */
void ct_child_leave_with(const char *dir);

#endif
