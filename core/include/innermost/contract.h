/*
 * contract.h -- IM_ASSERT, the one check of the program's own contracts,
 * for core and the app alike (the app's widget context checks its focus
 * and tickers with it, as core's vault checks its keys and transactions).
 *
 * An IM_ASSERT states something that holds whenever the code is right,
 * whatever a caller, a file, the disk or a person does: bad input and
 * failed I/O are im_rc results or messages, never asserts.  A broken
 * contract means the program's state can no longer be trusted, so the
 * check stops it at once, printing the file, the line and the condition
 * (source text only: never user data) on stderr, and aborts.
 *
 * The checks run in debug builds (no NDEBUG) and in every sanitizer build
 * (IM_CHECK_CONTRACTS, set by CMake), so the whole test suite runs with
 * them on under ASan.  In a release build they compile to nothing, but the
 * condition is still type-checked (it sits behind a constant 0 &&) so a
 * check cannot rot while it is off.  A condition must have no side
 * effects: it is not evaluated in release builds.
 */
#ifndef INNERMOST_CONTRACT_H
#define INNERMOST_CONTRACT_H

#if defined(NDEBUG) && !defined(IM_CHECK_CONTRACTS)
#define IM_CONTRACTS_CHECKED 0
#define IM_ASSERT(cond)      ((void)(0 && (cond)))
#else
#define IM_CONTRACTS_CHECKED 1
#define IM_ASSERT(cond) \
    ((cond) ? (void)0 : im_contract_broken(__FILE__, __LINE__, #cond))
#endif

/* Print "file:line: contract broken: cond" on stderr and abort(). */
_Noreturn void im_contract_broken(const char *file, int line, const char *cond);

#endif
