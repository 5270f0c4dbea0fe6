/*
 * harden.c -- process-wide protections for a program that holds keys.
 *
 * Core dumps would write unlocked keys and decrypted text to disk, so they
 * are turned off (RLIMIT_CORE = 0), and on Linux the process is made
 * non-dumpable, which also keeps other processes of the same user from
 * attaching a debugger or reading /proc/<pid>/mem.  SIGXFSZ is ignored so
 * a file-size limit makes a write fail with EFBIG -- reported as
 * IM_ERR_DISK_FULL -- instead of killing the app mid-save.
 */
#define _DEFAULT_SOURCE
#include "innermost/vault.h"

#include <signal.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

void im_process_harden(void)
{
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
#ifdef __linux__
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
#ifdef SIGXFSZ
    signal(SIGXFSZ, SIG_IGN);
#endif
}
