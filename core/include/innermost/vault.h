/*
 * vault.h -- the encrypted store every piece of a person's data lives in.
 *
 * A vault is one SQLite database (innermost.db, with its -wal and -shm) in a
 * data directory the caller owns, plus a lock file that keeps a second
 * instance out.  A random 32-byte master key encrypts every record; the
 * master key itself is stored only wrapped, in keyslots: one opened by the
 * passphrase (Argon2id), one by the recovery code.  There is no password
 * verifier: a wrong passphrase is simply an AEAD tag that does not verify.
 * Changing either secret makes a new master key (im_vault_rekey), and a
 * sealed key check refuses a slot that opens a replaced one.
 *
 * Records are opaque byte strings of a kind (journal entry, answer, ...)
 * sealed with XChaCha20-Poly1305 under the master key, a fresh random nonce
 * on every write, and associated data binding (vault id, stored kind, id),
 * so a record copied to another row, kind or vault fails to open.  No edit
 * count is stored; the sealed manifest (below) catches an older copy of a
 * row put back.
 *
 * Invariants:
 *   1. No plaintext of a record and no key ever reaches the database, a
 *      temporary file or a log.
 *   2. Every write is one SQLite transaction with synchronous=FULL in WAL
 *      mode: once a call returns IM_OK the data survives a kill or a crash.
 *   3. A wrong secret changes nothing on disk.
 *   4. Keys live only in sodium_malloc'd memory and are wiped by lock/close.
 *   5. A handle is used by one thread at a time (the app may unlock on a
 *      worker thread, but not while another thread uses the same handle).
 */
#ifndef INNERMOST_VAULT_H
#define INNERMOST_VAULT_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/clock.h"
#include "innermost/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Key derivation policy ------------------------------------------- */

#define IM_KDF_MEMLIMIT_MIN     (64ULL * 1024 * 1024) /* never below 64 MiB */
#define IM_KDF_OPSLIMIT_MIN     1ULL
#define IM_KDF_TARGET_MS        750 /* calibrate to 0.5-1.0 s: aim mid-way */
#define IM_SALT_BYTES           16
#define IM_PASSPHRASE_MIN_CHARS 8 /* counted in UTF-8 code points       */
#define IM_PASSPHRASE_MAX_BYTES 1024

typedef struct im_kdf_params {
    uint64_t opslimit; /* Argon2id passes                              */
    uint64_t memlimit; /* bytes; always >= IM_KDF_MEMLIMIT_MIN          */
} im_kdf_params;

/* Measure Argon2id on this device and choose parameters that take about
 * target_ms (never below the minimums).  Takes a few times target_ms. */
IM_MUST_CHECK
im_rc im_kdf_calibrate(int target_ms, im_kdf_params *out);

/* The smallest parameters the policy allows (fast: for tests). */
im_kdf_params im_kdf_params_min(void);

/* Whether a new passphrase is acceptable: valid UTF-8, at most
 * IM_PASSPHRASE_MAX_BYTES, and estimated to take at least
 * 10^IM_PP_MIN_GUESSES_LOG10 guesses (passphrase.h: common passwords, words,
 * repeats, sequences, keyboard walks and dates count for little).  The floor
 * is in guesses, not length: IM_PASSPHRASE_MIN_CHARS is only the shortest
 * that could ever pass, and is no longer enough on its own.
 *
 * Unicode normalisation: none.  A passphrase is the exact UTF-8 bytes it
 * was typed as, both when it is set and when it is typed again.  The same
 * visible text can be spelled two ways in Unicode -- "é" as one code point
 * (U+00E9, precomposed, what nearly every keyboard and input method sends)
 * or as "e" followed by a combining accent (U+0301, decomposed) -- and the
 * two spellings are different passphrases here; the decomposed one also
 * counts one more code point towards IM_PASSPHRASE_MIN_CHARS.  Full NFC
 * needs the Unicode composition tables, which neither libsodium nor SDL
 * provides, and normalising only some letters would be neither NFC nor
 * safe: a vault made before such a change whose passphrase held a
 * decomposed letter would stop opening.  So the bytes are kept as typed,
 * and the recovery code (ASCII only) is the way back in if an input method
 * ever sends a different spelling. */
IM_MUST_CHECK
im_rc im_passphrase_check(const char *passphrase);

/* ---- Recovery codes ---------------------------------------------------- */

/* 160 random bits as 32 base32 characters (RFC 4648 alphabet without
 * padding) in 8 groups of 4, each group followed by a check character
 * (Luhn mod 32 over the group and its number), joined by '-':
 * "ABCDx-EFGHy-...", 47 characters.  When typed back, case, spaces and
 * dashes are ignored, and 0/1/8 are read as O/I/B; a code from before
 * check characters (32 characters, "ABCD-EFGH-...") still opens its vault. */
#define IM_RECOVERY_CODE_BYTES 20
#define IM_RECOVERY_CODE_SIZE  48 /* 47 characters and the NUL */

/* Typing a code back.  im_recovery_regroup writes what was typed as a code
 * is written (dashes and whitespace dropped, a-z upper-cased, '-' between
 * groups), so a screen can show the groups as they are typed whatever the
 * person types between them.  Groups are of 5 (today's codes) unless the
 * person typed a separator after the first 4 (a code from before check
 * characters, copied with its dashes); a dash is never added after the
 * last group, only kept there when typed.  At most cap - 1 bytes and a
 * NUL; returns the length.  im_recovery_bad_group names, as far as the
 * format can tell, where a typed code is wrong: the 1-based group (counted
 * as regrouped) holding the first character no code has (not A-Z, 2-7, or
 * 0/1/8), else, for a code of 40 characters, the first group whose check
 * character does not hold; 0 when the format cannot tell (a code of
 * another length cannot say which group lost or gained a character, and a
 * code from before check characters cannot tell a wrong character). */
size_t im_recovery_regroup(const char *typed, char *out, size_t cap);
int im_recovery_bad_group(const char *typed);

/* ---- Process ------------------------------------------------------------- */

/* Call once at start-up, before any secret is in memory: core dumps off
 * (RLIMIT_CORE 0; on Linux also PR_SET_DUMPABLE 0, which keeps same-user
 * debuggers out), and SIGXFSZ ignored so a file-size limit is reported as
 * IM_ERR_DISK_FULL instead of killing the process mid-write. */
void im_process_harden(void);

/* ---- Locked memory for secrets --------------------------------------------
 * For a secret held longer than one call (the app's copy of a passphrase
 * while a worker derives its key): guard pages, mlock'd where the OS
 * allows, never in a core dump, wiped on free.  NULL if out of memory (or
 * n is 0).  im_secure_free(NULL) is fine. */
void *im_secure_alloc(size_t n);
void im_secure_free(void *p);

/* ---- Lifecycle ----------------------------------------------------------- */

typedef struct im_vault im_vault;

/* Whether dir holds a vault (1) or not (0). */
int im_vault_exists(const char *dir);

/* Create a vault in dir (which must exist and hold no vault) protected by
 * passphrase, with kdf parameters (NULL: calibrate now).  Writes the new
 * recovery code to recovery_code (shown once; never stored) and returns the
 * vault unlocked in *out.  On failure nothing is left behind in dir. */
IM_MUST_CHECK
im_rc im_vault_create(const char *dir, const char *passphrase,
                      const im_kdf_params *kdf,
                      char recovery_code[IM_RECOVERY_CODE_SIZE],
                      im_vault **out);

/* Open an existing vault, locked.  IM_ERR_BUSY if another process has it
 * open, IM_ERR_NOT_FOUND if there is none, IM_ERR_UNREADABLE if the file is
 * not a vault or cannot be read. */
IM_MUST_CHECK
im_rc im_vault_open(const char *dir, im_vault **out);

/* The clock used for record metadata kept by core modules (NULL: system). */
void im_vault_set_clock(im_vault *v, const im_clock *clock);
const im_clock *im_vault_clock(const im_vault *v);

/* Raise the KDF policy: a later unlock whose slot was wrapped with weaker
 * parameters rewraps that slot with these (never lowers anything). */
void im_vault_set_kdf_policy(im_vault *v, const im_kdf_params *kdf);

/* The parameters of the passphrase slot as stored. */
IM_MUST_CHECK
im_rc im_vault_kdf_params(im_vault *v, im_kdf_params *out);

/* The cost this device is known to bear for a passphrase: the handle's
 * policy (after an unlock, the sealed calibrated policy), raised to the
 * cost the last passphrase unlock proved.  What a foreign cost (a backup's
 * header) is compared with before it runs (im_backup_kdf_warning). */
IM_MUST_CHECK
im_rc im_vault_kdf_local(const im_vault *v, im_kdf_params *out);

/* Unlock with the passphrase or the recovery code.  IM_ERR_WRONG_SECRET if
 * it does not open the slot (nothing on disk changes); a recovery code that
 * is not 32 base32 characters is IM_ERR_INVALID.  On a vault that is already
 * unlocked these only check the secret, and the vault stays unlocked
 * whatever the answer (for screens that ask for the passphrase again). */
IM_MUST_CHECK
im_rc im_vault_unlock(im_vault *v, const char *passphrase);
IM_MUST_CHECK
im_rc im_vault_unlock_recovery(im_vault *v, const char *code);
int im_vault_is_unlocked(const im_vault *v);

/* Tell the lock listeners (below), then wipe and free every key.  Safe to
 * call when already locked (listeners are not called again).  An open
 * im_vault_begin transaction is rolled back. */
void im_vault_lock(im_vault *v);

/* Lock, tell the lock listeners that v is closing, close the database,
 * release the instance lock, free v.  NULL ok. */
void im_vault_close(im_vault *v);

/* ---- Lock listeners -------------------------------------------------------
 * Modules that keep decrypted text in memory (the journal's index, an
 * attached exercise run) register a listener so that locking wipes that
 * text at once, not at their next call.  im_vault_lock calls every listener
 * of an unlocked vault, in the order they were added, while the keys are
 * still there (a listener may save unsaved work before it wipes), then
 * wipes the keys.  im_vault_close and im_vault_erase call them too, locked
 * or not, with closing 1: the listener must then forget v (it is freed
 * right after) and must not call im_vault_lock_listener_remove for it.
 * A listener must not lock, close or erase v, nor add or remove listeners
 * (IM_ERR_STATE while listeners run).  The same (fn, ctx) is registered
 * once; adding it again is IM_OK and changes nothing. */
typedef void (*im_lock_fn)(void *ctx, im_vault *v, int closing);
IM_MUST_CHECK
im_rc im_vault_lock_listener_add(im_vault *v, im_lock_fn fn, void *ctx);
/* Remove (fn, ctx); nothing happens if it is not registered. */
void im_vault_lock_listener_remove(im_vault *v, im_lock_fn fn, void *ctx);

/* ---- Key rotation ---------------------------------------------------------
 * Progress of a long job: fn(ctx, done, total), called on the caller's
 * thread (the app's worker), about every 64 records and at the end. */
typedef void (*im_progress_fn)(void *ctx, size_t done, size_t total);

/* Make a new master key and re-seal every record under it, in one
 * transaction with the new keyslots and key check: a kill at any moment
 * leaves either the old vault (old secrets) or the new one, never neither.
 * new_passphrase (NULL: keep the passphrase; needs a passphrase unlock in
 * this session) gets a new slot whose cost is kdf if given, else the cost
 * authenticated at the last passphrase unlock raised to the sealed policy
 * (never a cost read from the file).  new_code (NULL: keep the code) gets
 * a fresh recovery code (shown once, never stored).  A vault made before
 * schema 2 keeps its recovery code only through a new code: then
 * new_code NULL is IM_ERR_STATE.  Old secrets and old keyslot rows open
 * nothing written afterwards; pasted back, unlock reports IM_ERR_REPLACED.
 * Requires an unlocked vault outside im_vault_begin (IM_ERR_STATE). */
IM_MUST_CHECK
im_rc im_vault_rekey(im_vault *v, const char *new_passphrase,
                     const im_kdf_params *kdf,
                     char new_code[IM_RECOVERY_CODE_SIZE], im_progress_fn fn,
                     void *ctx);

/* 1 after an unlock by recovery code until a rekey made a new code: the
 * app should have the person set a passphrase and write down a new code. */
int im_vault_recovery_used(const im_vault *v);
/* 1 when the next rekey must make a new recovery code: after a recovery
 * unlock, or when the recovery slot is from before schema 2 (it cannot
 * follow a new master key without the code). */
int im_vault_recovery_needs_new(im_vault *v);

/* im_vault_rekey with a new passphrase (the recovery code is kept). */
IM_MUST_CHECK
im_rc im_vault_change_passphrase(im_vault *v, const char *new_passphrase,
                                 const im_kdf_params *kdf);

/* im_vault_rekey with a new recovery code (the passphrase is kept; after a
 * recovery-code unlock this is IM_ERR_STATE: use im_vault_rekey with a new
 * passphrase as well). */
IM_MUST_CHECK
im_rc im_vault_new_recovery_code(im_vault *v,
                                 char recovery_code[IM_RECOVERY_CODE_SIZE]);

/* Close v and delete every file the vault wrote in its directory (database,
 * -wal, -shm, journal, lock file).  Works locked or unlocked; v is freed. */
IM_MUST_CHECK
im_rc im_vault_erase(im_vault *v);

/* Delete a vault's files in dir without opening it (e.g. after a crash). */
IM_MUST_CHECK
im_rc im_vault_erase_dir(const char *dir);

/* ---- Records ------------------------------------------------------------- */

/* Record kinds.  Stored in clear (so lists by kind are cheap), except that
 * a trash record is stored as a journal entry, its real kind sealed inside
 * (the file does not show what was deleted lately); everything that
 * reveals behaviour -- times, titles, types, how often a record was edited
 * -- lives inside the data. */
enum {
    IM_KIND_SETTING = 1,        /* personal settings                        */
    IM_KIND_JOURNAL = 2,        /* journal entries                          */
    IM_KIND_DRAFT = 3,          /* journal drafts being written             */
    IM_KIND_RUN = 4,            /* exercise runs: position and answers      */
    IM_KIND_COUPLE = 5,         /* couple sessions and their results        */
    IM_KIND_PROGRESS = 6,       /* progress events                          */
    IM_KIND_TRASH = 7,          /* deleted entries waiting out their undo   */
    IM_KIND_PROFILE = 8,        /* names given at onboarding                */
    IM_KIND_JOURNAL_HEAD = 9,   /* the journal's count, days and first page */
    IM_KIND_LADDER = 10,        /* the person's one ladder (ladder.h)       */
    IM_KIND_PARTNER = 11,       /* a Together partner's own secret's lock   */
    IM_KIND_COUPLE_MEMBER = 12, /* this vault's key pair for a couple space */
    IM_KIND_MAX_ = 63
};

#define IM_RECORD_MAX_BYTES     (8u * 1024u * 1024u) /* one record, plaintext */
#define IM_RECORD_PAD_BLOCK     256  /* lengths padded to this */
#define IM_RECORD_PAD_POW2_FROM 1024 /* ...then powers of two  */
/* The plaintext size a record of len bytes is padded to before sealing. */
size_t im_record_padded_size(size_t len);

/* A decrypted record.  Free with im_buf_free, which wipes it first. */
typedef struct im_buf {
    unsigned char *data;
    size_t len;
} im_buf;

void im_buf_free(im_buf *b);

/* Store data as a record of kind.  *id == 0 creates a new record and sets
 * *id; otherwise the record *id of that kind is replaced (IM_ERR_NOT_FOUND
 * if it does not exist).  IM_ERR_LOCKED when locked. */
IM_MUST_CHECK
im_rc im_record_put(im_vault *v, uint32_t kind, int64_t *id, const void *data,
                    size_t len);

/* Store data as a new record of kind at id (> 0), for restoring a backup
 * with its ids.  IM_ERR_EXISTS if a record of any kind has that id (nothing
 * is written).  Ids made later by im_record_put are above every id placed
 * this way, so an id is never handed out twice while a record holds it. */
IM_MUST_CHECK
im_rc im_record_put_at(im_vault *v, uint32_t kind, int64_t id, const void *data,
                       size_t len);

/* Read one record.  IM_ERR_DAMAGED if it fails to authenticate. */
IM_MUST_CHECK
im_rc im_record_get(im_vault *v, uint32_t kind, int64_t id, im_buf *out);

IM_MUST_CHECK
im_rc im_record_delete(im_vault *v, uint32_t kind, int64_t id);

/* Ids of all records of kind, ascending.  Free *ids with free(). */
IM_MUST_CHECK
im_rc im_record_list(im_vault *v, uint32_t kind, int64_t **ids, size_t *n);

/* Up to max ids (into ids, *n of them) of the rows stored as kind, below
 * id before, newest first, without opening any: a slice of a walk that
 * costs the same however many records there are (start with INT64_MAX,
 * go on below the last id given).  Rows that only open as kind are told
 * apart when read: a journal kind's ids include its trash (which passes
 * for it on disk), so im_record_get of such an id as the journal kind
 * says IM_ERR_NOT_FOUND. */
IM_MUST_CHECK
im_rc im_record_ids_below(im_vault *v, uint32_t kind, int64_t before,
                          size_t max, int64_t *ids, size_t *n);

IM_MUST_CHECK
im_rc im_record_count(im_vault *v, uint32_t kind, size_t *n);

/* Call fn for every record of kind in ascending id order, with its
 * decrypted data (valid only during the call; wiped afterwards).  A record
 * that fails to authenticate is passed with data NULL and rc
 * IM_ERR_DAMAGED, and iteration goes on.  fn returns 0 to continue, non-zero
 * to stop. */
typedef int (*im_record_fn)(void *ctx, int64_t id, im_rc rc,
                            const unsigned char *data, size_t len);
IM_MUST_CHECK
im_rc im_record_foreach(im_vault *v, uint32_t kind, im_record_fn fn, void *ctx);

/* Group several writes into one atomic transaction.  Nested begins are
 * counted; only the outermost commit writes.  A rollback at any level
 * discards the whole transaction at once; the levels still open must each
 * be ended, writes meanwhile fail, and the outermost commit then returns
 * IM_ERR_STATE.  The same happens if SQLite itself had to roll back (for
 * instance when the disk filled up). */
IM_MUST_CHECK
im_rc im_vault_begin(im_vault *v);
IM_MUST_CHECK
im_rc im_vault_commit(im_vault *v);
void im_vault_rollback(im_vault *v);

/* ---- Security settings ------------------------------------------------------
 * Wrong guesses: counted in a small file beside the database
 * (innermost.tries), because the count must be written while the vault is
 * locked and so no vault key can protect it; a wrong passphrase leaves the
 * database's bytes unchanged.  On a desktop, someone who can edit files can
 * reset the count (they could as well copy the file and guess offline at
 * the full key-derivation cost).  The app notes each wrong try; every
 * unlock takes the count, keeps it for im_vault_tries_since_unlock, and
 * resets it. */
IM_MUST_CHECK
im_rc im_vault_tries_note(im_vault *v, int *count); /* count: the new total */
int im_vault_tries_count(const im_vault *v);        /* wrong tries pending */
/* The passphrase was proven again while unlocked (a screen that asks for
 * it again): the pending count goes back to 0.  IM_ERR_LOCKED if locked. */
IM_MUST_CHECK
im_rc im_vault_tries_clear(im_vault *v);
/* Wrong tries between the previous unlock and the latest one. */
int im_vault_tries_since_unlock(const im_vault *v);

/* Auto-lock, sealed inside the vault (unlocked only): one of the choices
 * the app offers.  A stored value that does not open or is not a choice
 * reads as IM_AUTOLOCK_DEFAULT_S with IM_ERR_DAMAGED (so the app can say
 * so); nothing stored reads as the default with IM_OK.  Setting any other
 * value is IM_ERR_INVALID. */
#define IM_AUTOLOCK_CHOICES \
    {                       \
        60, 300, 900, 3600  \
    }
#define IM_AUTOLOCK_DEFAULT_S 300
IM_MUST_CHECK
im_rc im_vault_autolock_get(im_vault *v, int *seconds);
IM_MUST_CHECK
im_rc im_vault_autolock_set(im_vault *v, int seconds);

/* ---- History check ----------------------------------------------------------
 * A sealed manifest (generation and a keyed digest over every live record
 * row's id, stored kind and nonce, which is new at every write) is updated
 * with every write and checked at every unlock.  What the check found at the latest unlock: rows deleted behind
 * Innermost's back (removed), deleted or foreign rows put back (added), a
 * record put back to an older version (changed), or a manifest that does
 * not open (unreadable).  All zero: the file is as Innermost left it.  A
 * whole file replaced by an older copy of itself is NOT caught on desktop
 * (nothing outside the file to compare with); see platform_seam.h. */
typedef struct im_history {
    uint64_t generation; /* writes counted by the sealed manifest          */
    int64_t removed;     /* at least this many records gone                */
    int64_t added;       /* at least this many records came back or appeared */
    int changed;         /* a record was put back to an earlier version    */
    int unreadable;      /* the manifest itself did not open               */
    int rolled_back;     /* older than the counter in trusted storage
                            (only with a trusted store: trusted_store.h)   */
} im_history;
IM_MUST_CHECK
im_rc im_vault_history(const im_vault *v, im_history *out);
/* Plain words for a finding ("" when there is none); returns the length. */
size_t im_history_describe(const im_history *h, char *buf, size_t cap);

/* ---- Plain preferences ----------------------------------------------------
 * A handful of integers needed before unlock (text size, theme, reduce
 * motion).  Stored in clear and unauthenticated: they must never hold user
 * text nor anything security depends on (auto-lock and the wrong-try count
 * have their own calls above).  Keys are short ASCII identifiers. */
IM_MUST_CHECK
im_rc im_vault_pref_get(im_vault *v, const char *key, int64_t *value);
IM_MUST_CHECK
im_rc im_vault_pref_set(im_vault *v, const char *key, int64_t value);

/* Call fn for every preference in key order (for backup); fn returns 0 to
 * continue, non-zero to stop.  Works locked or unlocked. */
typedef int (*im_pref_fn)(void *ctx, const char *key, int64_t value);
IM_MUST_CHECK
im_rc im_vault_pref_foreach(im_vault *v, im_pref_fn fn, void *ctx);

/* ---- Low level, for backup and tests -------------------------------------- */

/* Path of the database file (valid while v is open). */
const char *im_vault_db_path(const im_vault *v);

/* The vault's random 16-byte id. */
#define IM_VAULT_ID_BYTES 16
void im_vault_id(const im_vault *v, unsigned char id[IM_VAULT_ID_BYTES]);

/* ---- Setting a vault aside (vault_aside.c) -------------
 * "Start over" from the lock screen must not destroy a vault: the person
 * may only have forgotten the passphrase, or be made to do it by someone
 * else.  So the vault's files (every regular file whose name starts with
 * "innermost." except the lock file) are moved, still sealed, into
 * DIR/set-aside/<ms>/ and kept IM_ASIDE_KEEP_DAYS days; bringing one back
 * moves its files back, and the lock screen then asks for the old
 * passphrase or recovery code as for any vault.  The caller must have closed
 * every handle on DIR (the instance lock is taken: IM_ERR_BUSY otherwise).
 * The database file moves last, so after a crash in the middle
 * im_vault_exists reports where the vault really is (a closed vault has
 * no -wal content left: close checkpoints it). */
#define IM_ASIDE_DIR_NAME  "set-aside"
#define IM_ASIDE_KEEP_DAYS 30
#define IM_ASIDE_KEEP_MS   ((int64_t)IM_ASIDE_KEEP_DAYS * 24 * 3600 * 1000)

/* Move the vault in dir aside, stamped now_ms.  IM_ERR_NOT_FOUND if dir
 * holds no vault, IM_ERR_EXISTS if an aside of that stamp exists. */
IM_MUST_CHECK
im_rc im_vault_aside_put(const char *dir, int64_t now_ms);

/* The newest aside's stamp in *when_ms; IM_ERR_NOT_FOUND if none. */
IM_MUST_CHECK
im_rc im_vault_aside_latest(const char *dir, int64_t *when_ms);

/* Bring the aside stamped when_ms back into dir.  If dir holds a vault it
 * is first set aside itself (stamped now_ms), so nothing is ever lost by
 * bringing one back. */
IM_MUST_CHECK
im_rc im_vault_aside_restore(const char *dir, int64_t when_ms, int64_t now_ms);

/* Delete every aside stamped more than IM_ASIDE_KEEP_MS before now_ms
 * (one stamped in the future, after the clock was set back, is kept),
 * counting them in *removed (NULL ok).  Called at start. */
IM_MUST_CHECK
im_rc im_vault_aside_expire(const char *dir, int64_t now_ms, int *removed);

#ifdef __cplusplus
}
#endif
#endif
