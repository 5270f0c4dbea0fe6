/*
 * crash_vfs.h -- a SQLite VFS for power-loss tests (crash_vfs.c).
 *
 *   cv_state s;
 *   cv_register(&s);           // once: becomes the default VFS
 *   cv_arm(&s, 7, seed);       // the 7th write from now loses the power
 *   ... run an operation: it fails with an I/O error at that write ...
 *   cv_reboot(&s);             // the machine is back: I/O works again
 *
 * Only for tests: the state is the caller's, one process, one thread.
 */
#ifndef IM_CRASH_VFS_H
#define IM_CRASH_VFS_H

#include <sqlite3.h>
#include <stdint.h>

#define CV_SECTOR 512

struct cv_file;

typedef struct cv_state {
    sqlite3_vfs vfs;       /* registered; pAppData points back here  */
    sqlite3_vfs *real;     /* the VFS wrapped (unix)                 */
    struct cv_file *files; /* open files                             */
    long writes;           /* xWrite calls since cv_arm               */
    long crash_at;         /* 0: never                               */
    int crashed;           /* the power is off until cv_reboot        */
    int lying_sync;        /* self-test: xSync succeeds, syncs nothing */
    long syncs;
    long sectors_lost, sectors_torn;
    uint64_t rng; /* xorshift: which sectors survive         */
} cv_state;

int cv_register(cv_state *s);
void cv_arm(cv_state *s, long crash_at, uint64_t seed);
void cv_reboot(cv_state *s);

#endif
