/*
 * session.h -- what every screen of the real app shares: the open vault,
 * the journal once unlocked, the person's names and settings, when the
 * screens save what is typed, and how to open another area of the app.
 *
 * ---- A note for the screens' authors (player, journal-ui, together) -------
 *  - Reach the session from any handler with ui_session_of(app).  Never keep
 *    an im_vault or im_journal pointer in a screen across a lock: every
 *    screen is destroyed when the session locks (the stack is reset to the
 *    unlock screen), so a screen only lives while the vault is unlocked.
 *    s->vault and s->journal are valid for the whole life of your screen.
 *  - Text being typed (journal entries, exercise answers) must be saved
 *    before a lock, a trip to the background or the app's end: give your
 *    screen's class a save hook (app/screen.h).  The session calls it on
 *    every stacked screen, on the main thread while the vault is still
 *    unlocked; it must be quick (one record write) and must not change
 *    screens.  Nothing is registered, so nothing can fail to be.
 *  - Top-level areas (Path, Practice, Together, Journal, Progress, Settings)
 *    are classes listed in screens/areas.c, which the routes hand in (ui_routes,
 *    app/screen.h).  A top-level screen uses ui_area_frame() (screens/areas.h)
 *    so it gets the tab bar / side rail, and starts its action with
 *        if (ui_area_handle_action(app, a)) return;
 *    so tab taps switch areas.  To go to another area from a button, call
 *    ui_session_open_area(app, UI_AREA_JOURNAL); to show a screen on top
 *    of yours (with Back), ui_nav_push as usual.
 *  - Strings: every user-facing string of the chrome is in the table
 *    (app/strings.h): add yours to your own file in app/src/strings/.
 *  - Time: ui_app_now(app) for the UI; the vault's clock (the system's, or
 *    in the test build the seam's virtual one, so `wait` moves it) for
 *    records.
 * ---------------------------------------------------------------------------
 *
 * States.  NONE (no vault yet: first run), LOCKED (vault open, keys wiped),
 * UNLOCKED (keys in memory, journal open), BUSY (another process has the
 * data folder: nothing is touched), BROKEN (the vault cannot be read).
 *
 * Threads.  Everything here runs on the main thread except the key
 * derivation, which the unlock and first-run screens run on a worker
 * (ui_session_unlock_start and friends); while it runs the main thread does
 * not touch the vault (vault.h invariant 5) and the worker's end wakes the
 * loop with ui_app_request_refresh.
 *
 * Invariants.
 *  1. When the session locks, every stacked screen saves first (its
 *     class's save), then the journal index and the vault keys are wiped,
 *     then every screen is destroyed.
 *  2. Nothing typed by the person is kept in the session; names live in an
 *     IM_KIND_PROFILE record, settings that must be read before unlock
 *     (auto-lock, failed tries) in plain vault prefs holding integers only.
 */
#ifndef UI_SESSION_H
#define UI_SESSION_H

#include <SDL.h>
#include <stdint.h>

#include "app/app.h"
#include "innermost/backup.h"
#include "innermost/clock.h"
#include "innermost/export.h"
#include "innermost/fingerprint.h"
#include "innermost/journal.h"
#include "innermost/progress.h"
#include "innermost/vault.h"

typedef enum ui_session_state {
    UI_SESSION_NONE, /* no vault in the data folder: first run */
    UI_SESSION_LOCKED,
    UI_SESSION_UNLOCKED,
    UI_SESSION_BUSY,  /* another Innermost has the data folder */
    UI_SESSION_BROKEN /* the data cannot be read */
} ui_session_state;

#define UI_NAME_MAX 64                               /* bytes of a first name, with the NUL */
#define UI_SAVE_SOON_MS IM_JOURNAL_DRAFT_INTERVAL_MS /* the journal's draft cadence */
#define UI_AUTOLOCK_DEFAULT_S 300
#define UI_LEAVE_GRACE_DEFAULT_S 30 /* desktop: lock this long after the window was left */
#define UI_CLIPBOARD_KEEP_MS 60000  /* what the app copied is cleared after this */

/* A key derivation running on a worker thread. */
typedef enum ui_work_kind {
    UI_WORK_NONE,
    UI_WORK_UNLOCK,  /* unlock with the passphrase */
    UI_WORK_RECOVER, /* unlock with the recovery code */
    UI_WORK_CHECK,   /* unlocked already: is this the passphrase? (asked again) */
    UI_WORK_CHANGE,  /* unlocked: new master key, this new passphrase (and a
                        new recovery code after a recovery-code unlock) */
    UI_WORK_NEWCODE, /* unlocked: new master key and a new recovery code */
    UI_WORK_CREATE,  /* first run: calibrate, create the vault */
    UI_WORK_JOB,     /* any slow call on the unlocked vault (backup, restore) */
    /* other people's spaces (session_people.c) */
    UI_WORK_SWITCH,         /* locked: the person this passphrase opens */
    UI_WORK_SWITCH_RECOVER, /* locked: the person this recovery code opens */
    UI_WORK_ADD_PERSON,     /* the owner unlocked: a space for someone else */
    UI_WORK_COUPLE_JOIN     /* unlocked, the couple space open: link the person this passphrase opens */
} ui_work_kind;

typedef struct ui_session ui_session;
/* A job for the worker: runs with the vault to itself; returns its rc. */
typedef im_rc (*ui_job_fn)(ui_session *s, void *ctx);

/* Actions the session sends to the top screen (outside every screen's own
 * range of action ids, which start at 1):
 *   UI_ACT_AREA_TAB   a tab / rail item was tapped (value: index)
 *   UI_ACT_AREA_BACK  the Back button of an area frame (screens/areas.h) */
enum { UI_ACT_AREA_TAB = 9000, UI_ACT_AREA_BACK };

typedef struct ui_work {
    ui_work_kind kind;
    SDL_Thread *thread;
    SDL_atomic_t done;
    im_rc rc;
    char *secret;                 /* im_secure_alloc'd (locked, wiped on free)    */
    SDL_atomic_t done_n, total_n; /* records re-sealed so far, of total  */
    int made_code;                /* the work made a new recovery code (recovery) */
    im_kdf_params kdf;
    char recovery[IM_RECOVERY_CODE_SIZE];
    im_vault *created;
    im_vault *couple;             /* the couple space entered on the worker (unlock, switch) */
    unsigned couple_found;        /* what its open found that no member wrote (IM_COUPLE_FOUND_*), */
    int couple_own_row_gone;      /* and whether the member's own row was taken (IM_ERR_DAMAGED) */
    const struct im_library *lib; /* loaded on the main thread before the work starts */
    ui_job_fn job;
    void *job_ctx;
    struct ui_session *session;
} ui_work;

struct ui_session {
    ui_app *app;
    ui_session_state state;
    im_vault *vault;     /* NULL in NONE / BUSY / BROKEN */
    im_journal *journal; /* only while UNLOCKED */
    im_vault *couple;    /* the couple space (couple_space.h), open while UNLOCKED and a member */
    im_clock clock;      /* the system's; the test seam's in innermost-test */
    /* the person */
    char name[UI_NAME_MAX], partner[UI_NAME_MAX];
    int64_t profile_id; /* 0: no profile record yet */
    /* settings kept as plain prefs */
    int autolock_s;      /* 0: never (only on background) */
    int failures;        /* wrong passphrases in a row (persisted) */
    int64_t retry_at_ms; /* app clock: no unlock try before this (0: none) */
    im_rc open_rc;       /* why the vault did not open (BUSY, BROKEN) */
    /* idle (app->last_input_ms) and lifecycle */
    SDL_atomic_t lock_pending; /* set by the lifecycle filter */
    SDL_threadID main_thread;
    int last_area;      /* reopened after an unlock (ui_routes) */
    int64_t save_at_ms; /* ui_session_save_soon: the screens save then; 0: none asked */
    ui_work work;
    int test_kdf_min; /* test seam's kdf_min (innermost-test only) */
    /* ---- the gates ---- */
    int leave_grace_s;  /* desktop: lock this long after leaving the window (pref) */
    SDL_atomic_t away;  /* the window was left (set by the lifecycle filter, any thread) */
    int64_t left_at_ms; /* main thread: app clock when it was first seen away; 0: here */
    int no_start_over;  /* locked by Together's "Lock instead": no start over offered */
    /* another person's space is the open vault (session_people.c); a lock
     * closes it and opens the owner's, locked, again */
    int person;
    /* the clipboard: only a keyed fingerprint of what the app put there */
    unsigned char clip_key[IM_FINGERPRINT_KEYBYTES];
    unsigned char clip_print[IM_FINGERPRINT_BYTES];
    int64_t clip_clear_at_ms; /* 0: nothing of ours on the clipboard */
};

/* The session of an app (created with the start screen). */
ui_session *ui_session_of(ui_app *app);

/* Opens the data folder: decides NONE / LOCKED / BUSY / BROKEN.  Installs
 * the lifecycle hooks and the idle timer on app.  NULL when out of memory. */
ui_session *ui_session_create(ui_app *app);
/* Looks at the data folder again (after BUSY or BROKEN, "Try again"):
 * sets state to NONE, LOCKED, BUSY or BROKEN.  No-op while a vault is open.
 * The first time, it takes the vault app->prefetch opened, if any. */
void ui_session_reopen(ui_session *s);

/* Start-up: when data_dir holds a vault, im_vault_open runs on a thread of
 * its own while the app makes its window and opens its fonts (SQLite, its
 * WAL and shared-memory files, the schema check: off the first frame's
 * path); ui_session_create waits for it and goes on as if it had opened
 * the vault itself.  NULL when there is no vault (or no thread: the
 * session opens it then).  ui_session_prefetch_drop waits and closes. */
struct ui_vault_prefetch *ui_session_prefetch(const char *data_dir);
void ui_session_prefetch_drop(struct ui_vault_prefetch *f);
/* The screens save, then it locks and closes the vault.  NULL is fine. */
void ui_session_destroy(ui_session *s);

int ui_session_is_unlocked(const ui_session *s);

/* Saves every stacked screen (its class's save, bottom first), wipes the
 * journal index and the keys, then resets the screen stack to the lock
 * screen.  Nothing happens when not unlocked. */
void ui_session_lock(ui_session *s);

/* Text was typed that is not stored yet: every stacked screen saves
 * within UI_SAVE_SOON_MS even if nothing else happens (no further key,
 * no lock), so a pause in typing followed by a kill loses nothing.  Cheap
 * to call on every edit: the first call since the last save sets the time. */
void ui_session_save_soon(ui_session *s);

/* ---- the gates (session.c) ---------------------------------------
 * Wrong passphrases anywhere (unlock, re-authentication, Together's leave
 * prompt) go through ui_session_note_failure / ui_session_retry_wait_s: one
 * counter, one growing wait, measured on the app's monotonic clock. */

/* The leave grace (seconds, 0: at once), saved as a plain pref. */
void ui_session_set_leave_grace(ui_session *s, int seconds);
/* If the system clipboard still holds what a field of the app copied,
 * empty it.  Runs on every lock and UI_CLIPBOARD_KEEP_MS after a copy. */
void ui_session_clipboard_forget(ui_session *s);
/* Start over from the lock screen: the sealed vault goes aside for
 * IM_ASIDE_KEEP_DAYS days (vault.h) and the welcome screen shows. */
im_rc ui_session_start_over(ui_session *s);
/* 1 and *when_ms (the session clock) if a vault was set aside. */
int ui_session_aside_latest(ui_session *s, int64_t *when_ms);
/* Brings the newest aside back (a vault here goes aside in its place);
 * the unlock screen then asks for its passphrase or recovery code. */
im_rc ui_session_bring_back(ui_session *s);

/* The vault was unlocked (by a worker that finished, or at first run):
 * opens the journal, loads the profile and settings, resets the failure
 * count and opens the last area (Home the first time). */
void ui_session_did_unlock(ui_session *s);

/* After a restore: the journal index, profile and settings are read again,
 * and the couple's space the restore put back is entered (when the session
 * has none open and its vault is one of the space's members). */
void ui_session_reload(ui_session *s);

/* Opens an area (a number the routes give a class, app/screen.h; the
 * screens name them, screens/areas.h): the tabs replace the whole stack,
 * the others are pushed on top of what is shown (with Back). */
void ui_session_open_area(ui_app *app, int area);
/* The same with the area's class's arguments (Home opens the Path on a
 * step: screens/player.h). */
void ui_session_open_area_with(ui_app *app, int area, const void *args);

/* The screen for the session's state now (the routes' welcome, unlock,
 * busy or broken); NULL when out of memory. */
ui_screen *ui_session_first_screen(ui_session *s);

/* ---- key derivation on a worker ------------------------------------------- */
/* Starts unlocking with a passphrase (kind UNLOCK) or a recovery code
 * (RECOVER); a copy of secret is taken and wiped when done.  -1 if a
 * derivation is already running or the thread could not start. */
int ui_session_work_start(ui_session *s, ui_work_kind kind, const char *secret);
/* Starts fn(s, ctx) on the worker (UI_WORK_JOB); the screen waits for
 * its class's work_done like for a derivation.  -1 if busy. */
int ui_session_job_start(ui_session *s, ui_job_fn fn, void *ctx);
/* The KDF for new keys made by jobs (backups): the policy's minimum in
 * the test build (INNERMOST_TEST_KDF=min), else NULL (calibrate). */
const im_kdf_params *ui_session_job_kdf(ui_session *s, im_kdf_params *buf);
/* 1 while a derivation runs. */
int ui_session_work_busy(ui_session *s);
/* When the worker has finished: joins it and returns its kind (and its rc
 * in *rc); UI_WORK_NONE while it still runs or when nothing ran. */
ui_work_kind ui_session_work_finish(ui_session *s, im_rc *rc);

/* While the worker re-seals records: 1 with (done, total), else 0. */
int ui_session_work_progress(ui_session *s, int *done, int *total);
/* Start a rekey with a new recovery code on the worker (UI_WORK_NEWCODE). */
int ui_session_start_new_code(ui_session *s);
/* 1 when the finished work made a recovery code (take it, show it once). */
int ui_session_made_code(const ui_session *s);
/* After UI_WORK_CREATE, or work that made a code: the new recovery code,
 * copied out and wiped here (show it once, then wipe your copy). */
void ui_session_take_recovery(ui_session *s, char out[IM_RECOVERY_CODE_SIZE]);

/* ---- wrong tries ------------------------------------------------------------ */
/* A wrong secret was given: counts it (persisted) and sets retry_at_ms. */
void ui_session_note_failure(ui_session *s);
/* Core counted a wrong try itself (a new passphrase refused because it
 * opens another person's space: people_internal.h): the session's count
 * and wait follow core's count, as after ui_session_note_failure. */
void ui_session_note_counted(ui_session *s);
/* The right secret was given: the count starts again. */
void ui_session_note_success(ui_session *s);
/* Seconds to wait before the next try (0: may try now). */
int ui_session_retry_wait_s(ui_session *s);
/* The app time at which ui_session_retry_wait_s next changes (its next
 * whole second; now once the wait is over); INT64_MAX when no wait was
 * ever set.  A screen that shows the wait folds it into its deadline. */
int64_t ui_session_retry_next_change(ui_session *s);

/* ---- profile and settings ------------------------------------------------------ */
/* Saves names (either may be "" or NULL) into the profile record. */
im_rc ui_session_save_profile(ui_session *s, const char *name, const char *partner);
/* Sets and persists the auto-lock time (seconds; 0: never). */
void ui_session_set_autolock(ui_session *s, int seconds);

/* Erase everything: closes and deletes the vault; the session goes to NONE
 * and the stack to the first-run welcome.  In another person's space only
 * that space goes, and the owner's lock screen shows. */
im_rc ui_session_erase(ui_session *s);

/* ---- the couple's shared space (couple_space.h) -------------------------------------
 * At every unlock (the owner's, or a person's with a profile of their own)
 * the worker that unlocked also enters the couple space when the vault is
 * a member of it (open, then finish moving its couple records in); a lock
 * wipes its key with the vault's and closes it; a passphrase change or a
 * new recovery code rotates the couple key (im_couple_space_rekey). */

/* The vault every Together call takes: the couple space when it is open,
 * else the session's own vault (a person who never joined, or the owner
 * before Together made the space).  Valid while unlocked. */
im_vault *ui_session_couple(ui_session *s);
/* Together's first entry: the owner (never a person) with no couple space
 * in the data folder makes it, with themselves as its one member, and
 * moves their couple records in (core: crash safe; the next unlock
 * finishes a move a kill cut short).  IM_OK with nothing done otherwise. */
im_rc ui_session_couple_ensure(ui_session *s);
/* A backup of the session's vault (the owner's, or a person's own) to path,
 * or (path NULL) into fd, as im_backup_write / im_backup_write_fd, with the
 * couple's space in it: the space this session holds open is closed first
 * (core carries a space only when no copy of the app holds it: its instance
 * lock) and opened again after, whether the backup worked or not, so
 * nothing of it is lost.  Should it not open again, the session locks at
 * the next update (the next unlock enters it), never leaving Together on
 * the session's own vault.  Runs on whatever thread runs the backup (the
 * worker: the main thread does not touch the vaults meanwhile).
 * stats->spaces_kept (stats may be NULL) counts what was still left out:
 * open in another copy of the app. */
IM_MUST_CHECK
im_rc ui_session_backup_write(ui_session *s, const char *path, int fd, const char *passphrase,
                              const im_backup_options *opts, im_backup_stats *stats);
/* The session's space left the couple's (im_couple_space_leave): its
 * handle is closed, and Together runs on the session's own vault again.
 * Main thread; no screen may hold the handle. */
void ui_session_couple_drop(ui_session *s);

/* ---- other people's spaces (session_people.c) ------------------------------------
 * The owner's vault is the session's vault whenever the lock screen shows.
 * "Switch person" runs UI_WORK_SWITCH (or _RECOVER) on the worker with
 * ui_session_work_start; when it opened someone's space, finishing the
 * work closes the owner's handle and makes theirs the session's vault
 * (LOCKED, then ui_session_did_unlock as after any unlock).  A lock
 * closes it again and opens the owner's, so the lock screen is the same
 * whoever used the device last.  UI_WORK_ADD_PERSON (the owner unlocked)
 * makes a space for someone else; its recovery code is taken with
 * ui_session_take_recovery. */

/* 1 while the open vault is another person's space, not the owner's. */
int ui_session_is_person(const ui_session *s);

#endif
