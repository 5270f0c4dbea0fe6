/*
 * contract.c -- what a broken IM_ASSERT does (contract.h).
 */
#include "innermost/contract.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void im_contract_broken(const char *file, int line, const char *cond)
{
    fprintf(stderr, "%s:%d: contract broken: %s\n", file, line, cond);
    fflush(stderr);
    abort();
}
