/*
 * backup.h -- one encrypted file holding everything, and restoring from it.
 *
 * A backup holds every record of every kind (decrypted from the vault and
 * re-encrypted under the backup's own key) and the plain preferences.  An
 * owner's backup also carries every person's space (people.h) sealed as it
 * is -- their database, never decrypted, each opening only with its own
 * secret after a restore (backup_format.h, "Sealed members").  It is
 * protected by a passphrase (the person may reuse their vault passphrase):
 *
 *   header (IM_BACKUP_HEADER_BYTES, in clear)
 *     magic "IMBACKUP", format version, chunk size, Argon2id opslimit and
 *     memlimit, salt, secretstream header, a key check (BLAKE2b keyed with a
 *     subkey of the passphrase key, over everything before it), and a plain
 *     BLAKE2b checksum of everything before it.
 *   chunks, each
 *     index (u32) | ciphertext length (u32) | secretstream ciphertext
 *     with the 8 framing bytes as associated data (and, for chunk 0, the
 *     whole header too), the last one tagged TAG_FINAL.
 *
 * The checksum tells "the header was damaged" apart from "wrong
 * passphrase" (the key check); chunk indexes tell "chunks out of order or
 * missing" apart from "a chunk was changed" (the AEAD tag).  None of them
 * adds an offline guessing shortcut: the first chunk's tag already lets an
 * attacker test a guess, at the same Argon2id cost.
 *
 * Invariants:
 *   1. A backup is written to a temporary name beside the target, fsync'd
 *      and renamed into place: the target is either the old file or the
 *      complete new one.  Only ciphertext is ever written.
 *   2. A restore verifies and decrypts the whole file into memory first;
 *      the target vault is touched only when every chunk authenticated and
 *      the contents parsed.  Then all records are written in one
 *      transaction.  A file that fails restores nothing.
 *      People's spaces are put back after that transaction, each built
 *      under a hidden name and renamed whole; one already in the folder is
 *      never written over.  (Should putting one back fail -- a full disk --
 *      the owner's records are in and the spaces put back so far are
 *      whole; restoring again with IM_RESTORE_KEEP completes it.)
 *   3. Restoring into a vault that holds records needs an explicit
 *      IM_RESTORE_REPLACE or IM_RESTORE_KEEP; without it IM_ERR_EXISTS and
 *      nothing changes.
 *   4. Plaintext lives only in memory that is wiped before it is freed.
 */
#ifndef INNERMOST_BACKUP_H
#define INNERMOST_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/error.h"
#include "innermost/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IM_BACKUP_MAGIC         "IMBACKUP"
#define IM_BACKUP_MAGIC_BYTES   8
#define IM_BACKUP_VERSION       3 /* 1: one space; 2: and people; 3: and couple */
#define IM_BACKUP_HEADER_BYTES  104
#define IM_BACKUP_CHUNK_DEFAULT (64u * 1024u) /* plaintext bytes per chunk */
#define IM_BACKUP_CHUNK_MIN     256u
#define IM_BACKUP_CHUNK_MAX     (1024u * 1024u)
#define IM_BACKUP_FRAME_BYTES   8 /* index + length           */
/* The KDF parameters a backup may ask for when read (a crafted header must
 * not make us allocate without bound). */
#define IM_BACKUP_OPSLIMIT_MAX 16ULL
#define IM_BACKUP_MEMLIMIT_MAX (1ULL * 1024 * 1024 * 1024)
/* Largest backup file read into memory by im_backup_restore. */
#define IM_BACKUP_FILE_MAX (2ULL * 1024 * 1024 * 1024)

/* Why a backup could not be read: each has its own plain sentence. */
typedef enum im_backup_problem {
    IM_BACKUP_OK = 0,
    IM_BACKUP_NOT_A_BACKUP,     /* no magic: some other file              */
    IM_BACKUP_NEWER_VERSION,    /* made by a newer Innermost               */
    IM_BACKUP_HEADER_DAMAGED,   /* the header fails its checksum or bounds */
    IM_BACKUP_WRONG_PASSPHRASE, /* the key check does not match            */
    IM_BACKUP_TRUNCATED,        /* the file ends before its final chunk    */
    IM_BACKUP_CHUNK_DAMAGED,    /* a chunk fails authentication            */
    IM_BACKUP_CHUNK_ORDER,      /* chunks out of order, repeated or missing */
    IM_BACKUP_TRAILING_DATA,    /* bytes after the final chunk             */
    IM_BACKUP_CONTENT_INVALID,  /* authentic, but the contents do not parse */
    IM_BACKUP_KEY_MISMATCH,     /* a key derived for another backup file   */
    IM_BACKUP_UNREADABLE,       /* the file cannot be opened or read       */
    IM_BACKUP_PROBLEM_COUNT_
} im_backup_problem;

/* One plain sentence for a problem, never NULL. */
const char *im_backup_problem_message(im_backup_problem p);

/* The im_rc a problem is reported as (IM_ERR_WRONG_SECRET,
 * IM_ERR_DAMAGED, IM_ERR_PARSE, IM_ERR_IO, ...). */
IM_MUST_CHECK
im_rc im_backup_problem_rc(im_backup_problem p);

typedef struct im_backup_options {
    im_kdf_params kdf;    /* memlimit >= IM_KDF_MEMLIMIT_MIN            */
    uint32_t chunk_bytes; /* 0: IM_BACKUP_CHUNK_DEFAULT                 */
} im_backup_options;

typedef struct im_backup_stats {
    size_t records; /* records written, or added by a restore    */
    size_t prefs;
    size_t damaged;     /* records that failed to authenticate in the
                                 vault and could not be included           */
    uint64_t bytes;     /* size of the file                          */
    size_t spaces;      /* other people's spaces carried (write) or
                       put back (restore), sealed as they are     */
    size_t spaces_kept; /* restore: spaces of the backup not put back
                           because this folder already has them (or
                           is full); write: spaces that could not be
                           read (open in another copy of the app)    */
} im_backup_stats;

/* Write a backup of the unlocked vault v to path (atomically; see invariant
 * 1): v's records and, if v is the owner's, every person's space sealed as
 * it is (stats->spaces; one open in another copy of the app is left out and
 * counted in stats->spaces_kept).  opts NULL: calibrated KDF (im_kdf_calibrate) and default chunks.  The
 * passphrase must pass im_passphrase_check.  stats may be NULL. */
IM_MUST_CHECK
im_rc im_backup_write(im_vault *v, const char *path, const char *passphrase,
                      const im_backup_options *opts, im_backup_stats *stats);

/* The same into fd, an open, writable, empty file the person chose through
 * the system (an Android document's descriptor): no temporary sibling, so
 * not atomic; on failure it is truncated to nothing.  fd stays the
 * caller's to close. */
IM_MUST_CHECK
im_rc im_backup_write_fd(im_vault *v, int fd, const char *passphrase,
                         const im_backup_options *opts, im_backup_stats *stats);

/* How to restore into a vault that already has records. */
typedef enum im_restore_mode {
    IM_RESTORE_ONLY_IF_EMPTY = 0, /* IM_ERR_EXISTS if anything is there   */
    IM_RESTORE_REPLACE = 1,       /* delete everything there, then restore */
    IM_RESTORE_KEEP = 2           /* keep what is there and add the backup's
                                     records beside it (preferences already
                                     set are kept; ids: see below)          */
} im_restore_mode;

/* Restore the backup at path into the unlocked vault v.  *why (may be NULL)
 * says what was wrong with the file.  Records keep their ids (ONLY_IF_EMPTY
 * and REPLACE give back exactly the backup's ids).  KEEP puts each record
 * at its own id when that id is free in v; a record whose id is taken is
 * skipped if v holds the very same record there (same kind and bytes:
 * restoring one backup twice adds nothing), and otherwise added under a new
 * id past every id in v, in the order of the original ids.  So data must
 * never name another record by its id (the journal uses its own uids, the
 * engine and progress content ids).  stats->records counts the records
 * added.  Into the owner's vault, the people's spaces the backup carries are
 * put back beside it (stats->spaces; stats->spaces_kept those already here,
 * kept as they are, or past IM_PEOPLE_MAX); into a person's vault, none.  A journal open on v must be closed and opened again afterwards
 * (or im_journal_wipe'd). */
IM_MUST_CHECK
im_rc im_backup_restore(im_vault *v, const char *path, const char *passphrase,
                        im_restore_mode mode, im_backup_stats *stats,
                        im_backup_problem *why);

/* ---- The same in steps, for a UI that derives the key on a worker thread,
 * for checking a backup without restoring, and for tests. -------------- */

typedef struct im_backup_key im_backup_key;

/* Before deriving a backup's key (no passphrase needed): IM_OK if the cost
 * its header asks for is within local (what this device's calibration
 * picks, im_kdf_calibrate), IM_ERR_TOO_LARGE if it asks for more memory or
 * more memory x passes -- a warning to show before running it, since it
 * will take longer than an unlock here or may not fit in memory.  *asked
 * (may be NULL) gets the header's cost.  A header over the hard caps
 * (IM_BACKUP_OPSLIMIT_MAX, IM_BACKUP_MEMLIMIT_MAX) or damaged fails as
 * im_backup_problem_rc says. */
IM_MUST_CHECK
im_rc im_backup_kdf_warning(const unsigned char *file, size_t len,
                            const im_kdf_params *local, im_kdf_params *asked);

/* Parse the header of file[0..len) and derive its key from passphrase (the
 * slow Argon2id step).  Fails on a bad header or a wrong passphrase. */
IM_MUST_CHECK
im_rc im_backup_key_derive(const unsigned char *file, size_t len,
                           const char *passphrase, im_backup_key **out,
                           im_backup_problem *why);
void im_backup_key_free(im_backup_key *k);

/* Verify the whole file with k, restoring nothing. */
IM_MUST_CHECK
im_rc im_backup_check(const im_backup_key *k, const unsigned char *file,
                      size_t len, im_backup_problem *why);

/* Verify, then restore file[0..len) into v as im_backup_restore does. */
IM_MUST_CHECK
im_rc im_backup_restore_with_key(im_vault *v, const im_backup_key *k,
                                 const unsigned char *file, size_t len,
                                 im_restore_mode mode, im_backup_stats *stats,
                                 im_backup_problem *why);

#ifdef __cplusplus
}
#endif
#endif
