/*
 * crash_vfs.c -- a SQLite VFS that simulates a power loss (crash_vfs.h).
 *
 * The approach of SQLite's own crash tests (src/test6.c, "crash" VFS):
 * wrap the real VFS, let writes through, but remember what each file held
 * before every write since its last xSync.  At the chosen write the power
 * "fails": for every file, each sector written since its last sync is, at
 * random, kept (the write reached the disk), put back as it was (lost), or
 * filled with random bytes (torn), and a file grown since its last sync may
 * lose its new tail.  Synced data is never touched: that is the promise an
 * fsync makes.  From then on every call fails with SQLITE_IOERR, as for a
 * machine that has stopped, until cv_reboot.
 *
 * Design notes
 *   - Writes go through to the real file at once and the old bytes go into
 *     an undo list (sector, old bytes or "beyond the synced end"), so reads
 *     see the new data as a real page cache would.
 *   - Registered as the default VFS (as SQLite's crash test does), so the
 *     core opens its database through it with no change to core.  The state
 *     is one cv_state the test owns, reached through pAppData.
 *   - xShm* and the lock calls pass through; after a crash the test deletes
 *     the -shm file (a reboot forgets shared memory) before reopening.
 *   - iVersion 2 io methods: no xFetch, so SQLite never writes through a
 *     memory map behind our back.
 */
#include "crash_vfs.h"

#include <stdlib.h>
#include <string.h>

typedef struct cv_undo {
    sqlite3_int64 sector;
    int beyond; /* the sector was past the synced end      */
    unsigned char old[CV_SECTOR];
} cv_undo;

typedef struct cv_file {
    sqlite3_file base; /* must be first */
    cv_state *st;
    sqlite3_file *real; /* the wrapped file, allocated after us    */
    struct cv_file *next;
    sqlite3_int64 synced_size;
    cv_undo *undo;
    size_t nundo, capundo;
} cv_file;

#define CV_REAL(f) (((cv_file *)(f))->real)
#define CV_DEAD(f) (((cv_file *)(f))->st->crashed)

static uint64_t cv_rand(cv_state *s)
{
    s->rng ^= s->rng << 13;
    s->rng ^= s->rng >> 7;
    s->rng ^= s->rng << 17;
    return s->rng;
}

static int undo_has(cv_file *f, sqlite3_int64 sector)
{
    for (size_t k = 0; k < f->nundo; k++)
        if (f->undo[k].sector == sector)
            return 1;
    return 0;
}

/* Remember sector's bytes as they are now, once per sync interval. */
static int undo_save(cv_file *f, sqlite3_int64 sector, sqlite3_int64 size)
{
    if (undo_has(f, sector))
        return SQLITE_OK;
    if (f->nundo == f->capundo) {
        size_t cap = f->capundo ? f->capundo * 2 : 64;
        cv_undo *u = realloc(f->undo, cap * sizeof *u);
        if (!u)
            return SQLITE_NOMEM;
        f->undo = u;
        f->capundo = cap;
    }
    cv_undo *u = &f->undo[f->nundo++];
    u->sector = sector;
    u->beyond = sector * CV_SECTOR >= f->synced_size;
    memset(u->old, 0, CV_SECTOR);
    sqlite3_int64 off = sector * CV_SECTOR;
    if (off < size) {
        int n = (int)(size - off < CV_SECTOR ? size - off : CV_SECTOR);
        int rc = f->real->pMethods->xRead(f->real, u->old, n, off);
        if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
            return rc;
    }
    return SQLITE_OK;
}

/* The power fails: every unsynced sector of every open file is kept, lost
 * or torn; a grown file may lose its unsynced tail. */
static void cv_power_loss(cv_state *s)
{
    for (cv_file *f = s->files; f; f = f->next) {
        sqlite3_int64 size = 0, keep_end = f->synced_size;
        f->real->pMethods->xFileSize(f->real, &size);
        for (size_t k = 0; k < f->nundo; k++) {
            cv_undo *u = &f->undo[k];
            sqlite3_int64 off = u->sector * CV_SECTOR;
            int fate = (int)(cv_rand(s) % 3); /* 0 kept, 1 lost, 2 torn */
            if (fate == 1) {
                f->real->pMethods->xWrite(f->real, u->old, CV_SECTOR, off);
                s->sectors_lost++;
            } else if (fate == 2) {
                unsigned char junk[CV_SECTOR];
                for (int b = 0; b < CV_SECTOR; b++)
                    junk[b] = (unsigned char)cv_rand(s);
                f->real->pMethods->xWrite(f->real, junk, CV_SECTOR, off);
                s->sectors_torn++;
            }
            if (fate != 1 && off + CV_SECTOR > keep_end)
                keep_end = off + CV_SECTOR;
        }
        /* Unsynced growth whose sectors were all lost goes away. */
        if (keep_end < size)
            f->real->pMethods->xTruncate(f->real, keep_end);
        f->nundo = 0;
    }
    s->crashed = 1;
}

/* ---- io methods ---- */

static int cv_close(sqlite3_file *pf)
{
    cv_file *f = (cv_file *)pf;
    int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
    for (cv_file **p = &f->st->files; *p; p = &(*p)->next)
        if (*p == f) {
            *p = f->next;
            break;
        }
    free(f->undo);
    f->undo = NULL;
    return rc;
}

static int cv_read(sqlite3_file *pf, void *buf, int n, sqlite3_int64 off)
{
    if (CV_DEAD(pf))
        return SQLITE_IOERR_READ;
    return CV_REAL(pf)->pMethods->xRead(CV_REAL(pf), buf, n, off);
}

static int cv_write(sqlite3_file *pf, const void *buf, int n, sqlite3_int64 off)
{
    cv_file *f = (cv_file *)pf;
    cv_state *s = f->st;
    if (s->crashed)
        return SQLITE_IOERR_WRITE;
    sqlite3_int64 size = 0;
    int rc = f->real->pMethods->xFileSize(f->real, &size);
    for (sqlite3_int64 sec = off / CV_SECTOR; rc == SQLITE_OK && sec * CV_SECTOR < off + n; sec++)
        rc = undo_save(f, sec, size);
    if (rc == SQLITE_OK)
        rc = f->real->pMethods->xWrite(f->real, buf, n, off);
    s->writes++;
    if (s->crash_at && s->writes == s->crash_at) {
        cv_power_loss(s);
        return SQLITE_IOERR_WRITE;
    }
    return rc;
}

static int cv_truncate(sqlite3_file *pf, sqlite3_int64 size)
{
    cv_file *f = (cv_file *)pf;
    if (f->st->crashed)
        return SQLITE_IOERR_TRUNCATE;
    sqlite3_int64 cur = 0;
    int rc = f->real->pMethods->xFileSize(f->real, &cur);
    /* Keep what the cut removes, so a crash before the next sync can
     * bring it back. */
    for (sqlite3_int64 sec = size / CV_SECTOR; rc == SQLITE_OK && sec * CV_SECTOR < cur; sec++)
        rc = undo_save(f, sec, cur);
    return rc == SQLITE_OK ? f->real->pMethods->xTruncate(f->real, size) : rc;
}

static int cv_sync(sqlite3_file *pf, int flags)
{
    cv_file *f = (cv_file *)pf;
    if (f->st->crashed)
        return SQLITE_IOERR_FSYNC;
    int rc = f->real->pMethods->xSync(f->real, flags);
    if (rc == SQLITE_OK && !f->st->lying_sync) {
        f->nundo = 0;
        f->real->pMethods->xFileSize(f->real, &f->synced_size);
        f->st->syncs++;
    }
    return rc;
}

static int cv_file_size(sqlite3_file *pf, sqlite3_int64 *size)
{
    if (CV_DEAD(pf))
        return SQLITE_IOERR_FSTAT;
    return CV_REAL(pf)->pMethods->xFileSize(CV_REAL(pf), size);
}

static int cv_lock(sqlite3_file *pf, int lock)
{
    if (CV_DEAD(pf))
        return SQLITE_IOERR_LOCK;
    return CV_REAL(pf)->pMethods->xLock(CV_REAL(pf), lock);
}

static int cv_unlock(sqlite3_file *pf, int lock)
{
    /* Unlocking always works: a dead machine holds no locks. */
    return CV_REAL(pf)->pMethods->xUnlock(CV_REAL(pf), lock);
}

static int cv_check_lock(sqlite3_file *pf, int *out)
{
    return CV_REAL(pf)->pMethods->xCheckReservedLock(CV_REAL(pf), out);
}

static int cv_file_control(sqlite3_file *pf, int op, void *arg)
{
    return CV_REAL(pf)->pMethods->xFileControl(CV_REAL(pf), op, arg);
}

static int cv_sector_size(sqlite3_file *pf)
{
    (void)pf;
    return CV_SECTOR;
}

static int cv_device_chars(sqlite3_file *pf)
{
    (void)pf;
    return 0; /* promise nothing: no atomic or safe-append writes */
}

static int cv_shm_map(sqlite3_file *pf, int pg, int pgsz, int extend, void volatile **pp)
{
    if (CV_DEAD(pf))
        return SQLITE_IOERR_SHMMAP;
    return CV_REAL(pf)->pMethods->xShmMap(CV_REAL(pf), pg, pgsz, extend, pp);
}

static int cv_shm_lock(sqlite3_file *pf, int off, int n, int flags)
{
    if (CV_DEAD(pf) && (flags & SQLITE_SHM_LOCK))
        return SQLITE_IOERR_SHMLOCK;
    return CV_REAL(pf)->pMethods->xShmLock(CV_REAL(pf), off, n, flags);
}

static void cv_shm_barrier(sqlite3_file *pf) { CV_REAL(pf)->pMethods->xShmBarrier(CV_REAL(pf)); }

static int cv_shm_unmap(sqlite3_file *pf, int del)
{
    return CV_REAL(pf)->pMethods->xShmUnmap(CV_REAL(pf), del);
}

static const sqlite3_io_methods cv_io = {
    2,
    cv_close,
    cv_read,
    cv_write,
    cv_truncate,
    cv_sync,
    cv_file_size,
    cv_lock,
    cv_unlock,
    cv_check_lock,
    cv_file_control,
    cv_sector_size,
    cv_device_chars,
    cv_shm_map,
    cv_shm_lock,
    cv_shm_barrier,
    cv_shm_unmap,
    0,
    0,
};

/* ---- vfs methods ---- */

static cv_state *vfs_state(sqlite3_vfs *vfs) { return vfs->pAppData; }

static int cv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *pf, int flags, int *out_flags)
{
    cv_state *s = vfs_state(vfs);
    cv_file *f = (cv_file *)pf;
    memset(f, 0, sizeof *f);
    if (s->crashed)
        return SQLITE_CANTOPEN;
    f->st = s;
    f->real = (sqlite3_file *)(f + 1);
    int rc = s->real->xOpen(s->real, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        f->real->pMethods = NULL;
        return rc;
    }
    f->real->pMethods->xFileSize(f->real, &f->synced_size);
    f->next = s->files;
    s->files = f;
    pf->pMethods = &cv_io;
    return SQLITE_OK;
}

static int cv_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    cv_state *s = vfs_state(vfs);
    if (s->crashed)
        return SQLITE_IOERR_DELETE;
    return s->real->xDelete(s->real, name, sync_dir);
}

static int cv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    cv_state *s = vfs_state(vfs);
    return s->real->xAccess(s->real, name, flags, out);
}

static int cv_full_path(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    cv_state *s = vfs_state(vfs);
    return s->real->xFullPathname(s->real, name, n, out);
}

static void *cv_dl_open(sqlite3_vfs *vfs, const char *p)
{
    return vfs_state(vfs)->real->xDlOpen(vfs_state(vfs)->real, p);
}
static void cv_dl_error(sqlite3_vfs *vfs, int n, char *msg)
{
    vfs_state(vfs)->real->xDlError(vfs_state(vfs)->real, n, msg);
}
static void (*cv_dl_sym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
    return vfs_state(vfs)->real->xDlSym(vfs_state(vfs)->real, h, sym);
}
static void cv_dl_close(sqlite3_vfs *vfs, void *h)
{
    vfs_state(vfs)->real->xDlClose(vfs_state(vfs)->real, h);
}
static int cv_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    return vfs_state(vfs)->real->xRandomness(vfs_state(vfs)->real, n, out);
}
static int cv_sleep(sqlite3_vfs *vfs, int us)
{
    return vfs_state(vfs)->real->xSleep(vfs_state(vfs)->real, us);
}
static int cv_current_time(sqlite3_vfs *vfs, double *t)
{
    return vfs_state(vfs)->real->xCurrentTime(vfs_state(vfs)->real, t);
}
static int cv_last_error(sqlite3_vfs *vfs, int n, char *msg)
{
    return vfs_state(vfs)->real->xGetLastError(vfs_state(vfs)->real, n, msg);
}
static int cv_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *t)
{
    return vfs_state(vfs)->real->xCurrentTimeInt64(vfs_state(vfs)->real, t);
}

int cv_register(cv_state *s)
{
    memset(s, 0, sizeof *s);
    s->rng = 0x9e3779b97f4a7c15ULL;
    s->real = sqlite3_vfs_find(NULL);
    if (!s->real)
        return SQLITE_ERROR;
    sqlite3_vfs *v = &s->vfs;
    v->iVersion = 2;
    v->szOsFile = (int)sizeof(cv_file) + s->real->szOsFile;
    v->mxPathname = s->real->mxPathname;
    v->zName = "innermost-crash";
    v->pAppData = s;
    v->xOpen = cv_open;
    v->xDelete = cv_delete;
    v->xAccess = cv_access;
    v->xFullPathname = cv_full_path;
    v->xDlOpen = cv_dl_open;
    v->xDlError = cv_dl_error;
    v->xDlSym = cv_dl_sym;
    v->xDlClose = cv_dl_close;
    v->xRandomness = cv_randomness;
    v->xSleep = cv_sleep;
    v->xCurrentTime = cv_current_time;
    v->xGetLastError = cv_last_error;
    v->xCurrentTimeInt64 = cv_current_time64;
    return sqlite3_vfs_register(v, 1);
}

void cv_arm(cv_state *s, long crash_at, uint64_t seed)
{
    s->writes = 0;
    s->crash_at = crash_at;
    s->rng = seed * 0x9e3779b97f4a7c15ULL + 1;
    if (!s->rng)
        s->rng = 1;
}

void cv_reboot(cv_state *s)
{
    s->crashed = 0;
    s->crash_at = 0;
    s->writes = 0;
}
