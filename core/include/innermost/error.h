/*
 * error.h -- the result codes every core call returns.
 *
 * Every public core function that can fail returns an im_rc.  IM_OK is 0,
 * every failure is a distinct positive code, and im_rc_message() turns any
 * code into one plain sentence fit to show a person.  Messages never contain
 * user text, paths or key material, so they are also safe to log.
 *
 * Invariants:
 *   1. A call that returns an error leaves the caller's data as it was:
 *      nothing half-written is ever visible after a failure.
 *   2. IM_ERR_WRONG_SECRET is returned for a wrong passphrase or recovery
 *      code and for nothing else; it never hints at how close a guess was.
 *   3. IM_ERR_DAMAGED concerns one record or one slot; other records stay
 *      readable.
 */
#ifndef INNERMOST_ERROR_H
#define INNERMOST_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum im_rc {
    IM_OK = 0,
    IM_ERR_WRONG_SECRET, /* passphrase or recovery code does not open it   */
    IM_ERR_DAMAGED,      /* a record, slot or file fails authentication    */
    IM_ERR_UNREADABLE,   /* the database cannot be opened or is not ours   */
    IM_ERR_DISK_FULL,    /* no room left to write; nothing was changed     */
    IM_ERR_NOT_FOUND,    /* no such record, item or file                   */
    IM_ERR_INVALID,      /* an argument or input is malformed              */
    IM_ERR_TOO_LARGE,    /* input is over a documented limit               */
    IM_ERR_LOCKED,       /* the vault is locked: unlock first              */
    IM_ERR_BUSY,         /* another instance has this data open            */
    IM_ERR_NOMEM,        /* out of memory                                  */
    IM_ERR_IO,           /* any other storage failure                      */
    IM_ERR_PARSE,        /* content or file format error                   */
    IM_ERR_EXISTS,       /* something is already there                     */
    IM_ERR_WEAK_SECRET,  /* a new passphrase is below the minimum          */
    IM_ERR_SEALED,       /* answers are sealed until both partners answer  */
    IM_ERR_STATE,        /* the call does not fit the current state        */
    IM_ERR_REPLACED,     /* the secret opens a key that was since replaced */
    IM_ERR_COUNT_        /* not a code: the number of codes                */
} im_rc;

/* Every public function returning an im_rc carries IM_MUST_CHECK, so a
 * result dropped by mistake is a compile error (-Werror): each failure
 * must be handled, passed on or reported.  GCC ignores a (void) cast on
 * such a call; where dropping a result is truly right, say so with
 * im_rc_ignore() and a comment giving the reason. */
#if defined(__GNUC__) || defined(__clang__)
#define IM_MUST_CHECK __attribute__((warn_unused_result))
#else
#define IM_MUST_CHECK
#endif

/* Drop a result on purpose: best-effort calls whose failure changes
 * nothing the caller could act on (each use says why). */
static inline void im_rc_ignore(im_rc rc)
{
    (void)rc;
}

/* One plain sentence for any code, never NULL.  Unknown codes get a generic
 * sentence rather than a crash. */
const char *im_rc_message(im_rc rc);

/* A short stable name ("IM_ERR_DAMAGED") for tests and developer logs. */
const char *im_rc_name(im_rc rc);

#ifdef __cplusplus
}
#endif
#endif
