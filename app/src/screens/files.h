/*
 * files.h -- choosing a file without typing a path (files.c): where a
 * backup or an export is saved, which backup is restored.
 *
 * Two pieces:
 *   - the file slot, which a form embeds (settings_data.c): a heading, a
 *     line saying what is chosen ("innermost-backup-2026-12-07.imbackup,
 *     in /home/sam/Documents"), and a button that opens the system's
 *     chooser where there is one (file_picker.h: the desktop portal,
 *     Android's document picker, iOS's), else the in-app chooser;
 *   - the in-app chooser (ui_files_class): for a save, the places with
 *     their free space, "Choose another folder" to browse folders (no
 *     files of other kinds shown), and the file name to edit; for a
 *     restore, the backups found in those places (name, date, size),
 *     newest first, and the same browsing with backup files shown.
 *
 * A chosen folder is checked before the form takes a passphrase
 * (ui_file_slot_check), and the message names the folder and what is wrong
 * with it; the passphrase fields are left as they are.
 *
 * Invariants:
 *   1. The slot's choice changes only by the person's choosing (a place,
 *      a folder, a file, the system chooser's answer) or by the default
 *      given when the form was built; never by typing a path.
 *   2. The chooser writes to the slot only when a choice passed its
 *      checks, then goes back and emits the slot's action to the form.
 */
#ifndef UI_SCREENS_FILES_H
#define UI_SCREENS_FILES_H

#include "app/app.h"
#include "app/strings.h"
#include "platform/file_picker.h"

typedef struct ui_file_slot {
    /* set by the form before ui_file_slot_add */
    ui_pick_mode mode;
    ui_str_id chooser_title;
    const char *ext;         /* ".imbackup", ".md" */
    const char *filter_name; /* "Innermost backup" (the system chooser's filter) */
    const char *mime;        /* Android's document type */
    char default_name[UI_PICK_NAME_MAX];
    int picked_action; /* emitted to the form when a choice was made */
    /* the choice */
    int chosen;
    char path[UI_PICK_PATH_MAX]; /* the file (save: what will be written) */
    int fd;                      /* Android: the document's descriptor instead, -1 */
    /* the widgets (the form's tree) and a system chooser's run */
    ui_widget *line, *button, *message;
    ui_picker *picker;
} ui_file_slot;

/* Adds the slot's heading, line and button (emitting choose_action) to
 * col; for a save, chooses default_name in the first place (Documents, else
 * the next there is).  0 when made. */
int ui_file_slot_add(ui_file_slot *fs, ui_app *app, ui_widget *col, int choose_action);

/* The button was tapped: the system chooser, or the in-app one. */
void ui_file_slot_choose(ui_file_slot *fs, ui_app *app);

/* The form's tick: a system chooser's answer (a choice, a cancel, or no
 * chooser after all: the in-app one is pushed). */
void ui_file_slot_tick(ui_file_slot *fs, ui_app *app);

/* The form's picked_action: the line says what is chosen now. */
void ui_file_slot_picked(ui_file_slot *fs, ui_app *app);

/* Before the form takes a passphrase: 0 when the choice can be used;
 * else -1 and msg says, naming the folder, why not (nothing chosen, the
 * folder gone, read-only, full, not writable; for a restore, the file
 * gone). */
int ui_file_slot_check(const ui_file_slot *fs, char *msg, size_t cap);

/* After a write failed with rc: a message as specific as the folder's
 * state allows, into msg; 0 when one was found, -1 for "use rc's". */
int ui_file_slot_explain(const ui_file_slot *fs, char *msg, size_t cap);

/* The form's free: ends a system chooser's run; closes an unused fd. */
void ui_file_slot_free(ui_file_slot *fs);

/* The in-app chooser; its arguments. */
typedef struct ui_files_args {
    ui_file_slot *slot; /* the form's (it stays under the chooser) */
} ui_files_args;
extern const ui_screen_class ui_files_class;

/* "48 KB", "1.2 MB", "12.3 GB" for bytes, into buf. */
void ui_files_size_text(uint64_t bytes, char *buf, size_t cap);

#endif
