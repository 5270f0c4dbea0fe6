/*
 * file_picker.h -- where a person keeps files: the places to offer
 * (Documents, Downloads, the desktop, home, the app's shared folder on
 * Android, removable drives), the folders and files in a folder, whether a
 * new file can be written in one, and the system's own file chooser where
 * there is one.
 *
 * The in-app chooser (screens/files.c) is built from the first half; the
 * second half is the one seam to the platforms' choosers:
 *   - Linux desktops: the XDG desktop portal (org.freedesktop.portal.
 *     FileChooser, SaveFile / OpenFile over the session bus; the answer
 *     comes as the Request object's Response signal): file_portal.c.
 *   - Android: the Storage Access Framework (ACTION_CREATE_DOCUMENT /
 *     ACTION_OPEN_DOCUMENT through InnermostActivity.java; the document
 *     comes back as a file descriptor of its content URI): android_jni.c.
 *     Written, not run here (docs/platforms.md).
 *   - iOS: UIDocumentPickerViewController (ios/im_file_picker.m).  Written,
 *     not run here.
 * Nothing here reads or writes a file's contents: the write itself is
 * core's (im_backup_write, im_export_markdown_write and their _fd forms),
 * so no plaintext passes through a temporary file of this module's.
 *
 * Invariants:
 *   1. ui_places_list gives existing folders only, each once (by path),
 *      in the order of ui_place_kind.
 *   2. A chooser run (ui_picker) ends exactly once: CHOSEN, CANCELLED or
 *      FAILED; after ui_picker_free nothing of it calls wake again, so the
 *      caller's context may go at once.
 *   3. Headless runs never open a system chooser unless a session bus is
 *      named in the environment (the test kit unsets it but in the portal
 *      test, which brings its own private bus and fake portal).
 */
#ifndef UI_FILE_PICKER_H
#define UI_FILE_PICKER_H

#include <stddef.h>
#include <stdint.h>

#define UI_PICK_PATH_MAX 4096
#define UI_PICK_NAME_MAX 256
#define UI_PLACES_MAX 16
#define UI_DIR_ENTRIES_MAX 1000 /* a folder's listing stops here */

typedef enum ui_place_kind {
    UI_PLACE_LAST,      /* the folder chosen last (this run of the app) */
    UI_PLACE_DOCUMENTS, /* XDG_DOCUMENTS_DIR, else ~/Documents */
    UI_PLACE_DOWNLOADS,
    UI_PLACE_DESKTOP,
    UI_PLACE_SHARED, /* Android: the app's folder in shared storage */
    UI_PLACE_HOME,
    UI_PLACE_REMOVABLE /* a drive mounted under /media or /run/media */
} ui_place_kind;

typedef struct ui_place {
    ui_place_kind kind;
    char name[UI_PICK_NAME_MAX]; /* a removable drive's folder name; "" for the others */
    char path[UI_PICK_PATH_MAX];
    uint64_t free_bytes; /* room left for a new file */
    int free_known;      /* 0: statvfs failed */
} ui_place;

/* The places there are now, at most cap (invariant 1); last: the folder
 * chosen last, or NULL / "".  Returns how many. */
int ui_places_list(const char *last, ui_place *out, int cap);

/* Why a new file cannot be written in a folder. */
typedef enum ui_folder_problem {
    UI_FOLDER_OK = 0,
    UI_FOLDER_MISSING,       /* no such folder (a drive taken out, a folder moved) */
    UI_FOLDER_NOT_FOLDER,    /* the path is a file, or runs through one */
    UI_FOLDER_NO_PERMISSION, /* the folder's owner does not let this user write */
    UI_FOLDER_READ_ONLY,     /* the drive is mounted read-only */
    UI_FOLDER_FULL           /* no room left on its drive */
} ui_folder_problem;

/* Can a new file be written in dir, as far as can be told without writing
 * one?  Never creates anything. */
ui_folder_problem ui_folder_check(const char *dir);

/* The folder dir's free space in *bytes; 0 when known. */
int ui_folder_free(const char *dir, uint64_t *bytes);

typedef struct ui_dir_entry {
    char name[UI_PICK_NAME_MAX];
    int is_dir;
    int64_t mtime_s; /* seconds since the epoch (files) */
    uint64_t size;   /* bytes (files) */
} ui_dir_entry;

/* What dir holds: its folders (hidden ones left out) by name, then, when
 * ext is not NULL, its files whose names end in ext, newest first; no other
 * files.  *out is malloc'd (free it), *n its count (at most
 * UI_DIR_ENTRIES_MAX).  0, or -1 when dir cannot be read (*out NULL). */
int ui_dir_list(const char *dir, const char *ext, ui_dir_entry **out, size_t *n);

typedef struct ui_found_file {
    ui_dir_entry e;
    int place; /* index into the places given */
    char path[UI_PICK_PATH_MAX];
} ui_found_file;

/* The files ending in ext directly inside each place, newest first, at
 * most cap; returns how many (out may be NULL to count). */
size_t ui_files_find(const ui_place *places, int nplaces, const char *ext, ui_found_file *out, size_t cap);

/* dir/name into buf (one '/' between); 0, or -1 when it does not fit. */
int ui_path_join(char *buf, size_t cap, const char *dir, const char *name);

/* The folder part of path into buf ("/" for a file at the root); 0 or -1. */
int ui_path_dir(char *buf, size_t cap, const char *path);

/* ---- the system's chooser ------------------------------------------------------ */

typedef enum ui_pick_mode { UI_PICK_SAVE, UI_PICK_OPEN } ui_pick_mode;

typedef enum ui_pick_state {
    UI_PICK_RUNNING,
    UI_PICK_CHOSEN,    /* result.path or result.fd holds the choice */
    UI_PICK_CANCELLED, /* the person closed the chooser */
    UI_PICK_FAILED     /* no chooser after all (no portal): use the in-app one */
} ui_pick_state;

typedef struct ui_pick_request {
    ui_pick_mode mode;
    const char *title;       /* the chooser's title */
    const char *file_name;   /* SAVE: the name offered */
    const char *filter_name; /* "Innermost backup" */
    const char *pattern;     /* "*.imbackup" */
    const char *mime;        /* "application/octet-stream" (Android) */
    /* Called from another thread when the run ends (ui_app_request_refresh
     * is what the screens give); never after ui_picker_free. */
    void (*wake)(void *ctx);
    void *wake_ctx;
} ui_pick_request;

typedef struct ui_pick_result {
    char path[UI_PICK_PATH_MAX];    /* a local path (the portal's file:// URI) */
    int fd;                         /* or an open descriptor (Android's content URI); -1 if none */
    char display[UI_PICK_NAME_MAX]; /* what to call it on screen */
} ui_pick_result;

typedef struct ui_picker ui_picker;

/* 1 if a system chooser may be there to ask (a session bus named in the
 * environment and the portal code built in; Android; iOS). */
int ui_picker_native_possible(void);

/* Starts the system's chooser for req (copied); NULL when there is none to
 * start (then offer the in-app chooser at once). */
ui_picker *ui_picker_native_start(const ui_pick_request *req);

/* Where the run is; on CHOSEN *out gets the choice (its fd, if any, now
 * the caller's to close). */
ui_pick_state ui_picker_poll(ui_picker *p, ui_pick_result *out);

/* Ends the run (a chooser still open is told to close where it can) and
 * frees it; NULL is fine.  Invariant 2. */
void ui_picker_free(ui_picker *p);

/* ---- the platforms' halves (one of them is built in) ------------------------- */

/* The shared state of a run, for file_picker.c and the platform halves. */
struct ui_picker {
    ui_pick_request req;
    char title[128], file_name[UI_PICK_NAME_MAX], filter_name[128], pattern[64], mime[96];
    void *lock;    /* SDL_mutex */
    int state;     /* ui_pick_state, under lock */
    int refs;      /* the caller's and the platform's, under lock */
    int abandoned; /* ui_picker_free ran */
    ui_pick_result result;
    void *platform; /* the half's own */
};

/* The platform half: starts the chooser for p (0) or says there is none (-1). */
int ui_picker_platform_start(ui_picker *p);
/* The platform half ends a run: stores state (and the result), wakes the
 * caller unless it left, and drops the platform's reference. */
void ui_picker_finish(ui_picker *p, ui_pick_state state, const ui_pick_result *r);
/* The platform half: 1 once the caller has left (the half may stop). */
int ui_picker_abandoned(ui_picker *p);

#endif
