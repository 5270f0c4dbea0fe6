/*
 * settings_data.c -- the screens behind "Your data" and the recovery code:
 * encrypted backup and restore, the readable export, a new recovery code.
 *
 * Where a file goes and which backup comes back is chosen, never typed: a
 * file slot (files.h) shows the choice and opens the system's chooser or
 * the in-app one.  The choice is checked before a passphrase leaves its
 * field, so a folder that is gone, read-only or full is named in the
 * message and what was typed stays; a write that still fails because of
 * the folder puts the passphrase back in its field.
 *
 * The export is chosen on the screen: which sections, which dates (the
 * journal has no tags, so by date only), which of the exercises done in
 * those dates, with or without their answers; a line under the choices
 * says what they leave out before anything is written.
 *
 * Restoring over data that is already here asks "replace or keep" only
 * once the backup has been read and verified with its passphrase.  A
 * backup whose header asks for a costlier key derivation than this device
 * uses for its own passphrase is stopped before the derivation runs and
 * the person is asked first (it may take long or not fit in memory).
 *
 * Gates: Settings opens every screen here only after the
 * re-authentication screen (reauth.c).  A backup is locked either with the
 * vault's own passphrase -- checked against the vault on the worker before
 * anything is written; a wrong one counts in the lock screen's counter --
 * or with a new passphrase typed twice and labelled as the backup's own.
 *
 * Backup and restore derive keys (Argon2id), so they run on the session's
 * worker while dots pulse; the export is a quick local write and runs on
 * the main thread.  The passphrase typed for a backup leaves the field the
 * moment the worker has its copy; the job wipes its copy when done.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/strings.h"
#include "innermost/backup.h"
#include "innermost/export.h"
#include "screens/areas.h"
#include "screens/settings.h"
#include "screens/common.h"
#include "screens/files.h"
#include "screens/worker_form.h"
#include "widgets/basic.h"
#include "widgets/controls.h"
#include "widgets/overlay.h"
#include "widgets/textfield.h"

enum {
    ACT_BACK = 1,
    ACT_GO,
    ACT_REPLACE,
    ACT_KEEP,
    ACT_DISMISS,
    ACT_KEPT,
    ACT_RANGE,
    ACT_TOGGLE,
    ACT_LOCK_WITH,
    ACT_PASS_CHANGED,
    ACT_SUGGEST,
    ACT_COST_GO,
    ACT_RUN,
    ACT_CHOOSE,
    ACT_PICKED
};

#define PATH_CAP UI_PICK_PATH_MAX

typedef struct data_form {
    ui_file_slot slot; /* where the file goes, or which backup */
    ui_widget *pass;
    ui_worker_form wf; /* the button, the dots, the message line */
    ui_widget *journal, *progress, *exercises;
    /* backup: which passphrase locks it, and the fields for it */
    ui_widget *passbox;
    int new_pass;   /* 0: the vault's passphrase (checked); 1: a new one typed twice */
    int pass_wrong; /* the job found the vault's passphrase wrong */
    ui_newpass np;
    int range; /* 0 everything, 1 last 7 days, 2 last 30 days, 3 last year */
    /* export: the answers toggle, the runs to tick, what is left out */
    ui_widget *answers, *runs_box, *left_out;
    im_export_run_info *runs; /* the runs in the chosen dates, oldest first */
    size_t n_runs;
    ui_widget **run_ticks; /* one toggle per run, in the same order */
    /* the job's copies, wiped when it is done */
    char job_path[PATH_CAP];
    int job_fd; /* the chosen document's descriptor instead of job_path; -1 */
    char *job_pass;
    im_restore_mode mode;
    im_backup_problem why;
    im_backup_stats stats; /* backup: what it carried, and left out */
    /* restore: the file (ciphertext) and its key, kept between checking it
     * and the answer to "replace or keep" */
    unsigned char *file;
    size_t file_len;
    im_backup_key *key;
    /* restore: the header asks for more than local; asked before deriving */
    int cost_ok, cost_warn;
    im_kdf_params cost_asked, cost_local;
} data_form;

static void forget_file(data_form *f)
{
    im_backup_key_free(f->key);
    f->key = NULL;
    SDL_free(f->file);
    f->file = NULL;
    f->file_len = 0;
}

/* The job's copy of a passphrase, in locked memory (wiped on free). */
static char *secret_copy(const char *p)
{
    size_t n = strlen(p) + 1;
    char *c = im_secure_alloc(n);
    if (c) memcpy(c, p, n);
    return c;
}

static void data_free(ui_screen *s)
{
    data_form *f = s->state;
    if (!f) return;
    ui_file_slot_free(&f->slot);
    forget_file(f);
    im_secure_free(f->job_pass);
    free(f);
}

static void say(ui_app *app, data_form *f, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    ui_worker_form_say(&f->wf, app, msg);
}

/* The file for the job (a path, or the chosen document's descriptor);
 * 0 when the choice can be used, else -1 and the line says why, naming the
 * folder (nothing typed is touched). */
/* msg, and that the passphrase is still typed when the form has one. */
static void refuse_file(ui_app *app, data_form *f, char *msg, size_t cap)
{
    if (f->pass || f->np.first) {
        size_t n = strlen(msg);
        snprintf(msg + n, cap - n, "%s", ui_str(STR_FILES_PASS_KEPT));
    }
    ui_worker_form_refuse(&f->wf, app, msg);
}

static int take_file(ui_app *app, data_form *f)
{
    char msg[PATH_CAP + 256];
    if (ui_file_slot_check(&f->slot, msg, sizeof msg) != 0) {
        if (f->slot.chosen) refuse_file(app, f, msg, sizeof msg);
        else ui_worker_form_refuse(&f->wf, app, msg);
        return -1;
    }
    snprintf(f->job_path, sizeof f->job_path, "%s", f->slot.path);
    f->job_fd = f->slot.fd;
    return 0;
}

/* A default file name with today's date: "innermost-backup-2026-12-07.imbackup". */
static void dated_name(ui_app *app, char *buf, size_t cap, const char *stem, const char *ext)
{
    ui_session *s = ui_session_of(app);
    int64_t now = im_clock_now_ms(&s->clock);
    char day[11];
    im_export_day_text(im_day_from_ms(now, im_local_tz_offset_min(now)), day);
    snprintf(buf, cap, "%s-%s%s", stem, day, ext);
}

/* The form's file slot: set up, then added to col. */
static int add_slot(ui_app *app, data_form *f, ui_widget *col, ui_pick_mode mode, ui_str_id title, const char *stem,
                    const char *ext, const char *filter, const char *mime)
{
    ui_file_slot *fs = &f->slot;
    fs->mode = mode;
    fs->chooser_title = title;
    fs->ext = ext;
    fs->filter_name = filter;
    fs->mime = mime;
    fs->picked_action = ACT_PICKED;
    fs->message = f->wf.message;
    dated_name(app, fs->default_name, sizeof fs->default_name, stem, ext);
    return ui_file_slot_add(fs, app, col, ACT_CHOOSE);
}

/* A write that failed: the words for it, the folder's when it is the
 * folder's fault. */
static void say_failed(ui_app *app, data_form *f, ui_str_id fmt, const char *reason)
{
    char msg[PATH_CAP + 256];
    if (ui_file_slot_explain(&f->slot, msg, sizeof msg) != 0) {
        refuse_file(app, f, msg, sizeof msg);
        return;
    }
    snprintf(msg, sizeof msg, ui_str(fmt), reason);
    ui_worker_form_refuse(&f->wf, app, msg);
}

/* The slot's part of every data screen's action; 1 when it was one. */
static int slot_action(ui_app *app, data_form *f, const ui_action *a)
{
    if (a->kind == ACT_CHOOSE) {
        if (!ui_session_work_busy(ui_session_of(app))) ui_file_slot_choose(&f->slot, app);
        return 1;
    }
    if (a->kind == ACT_PICKED) {
        ui_file_slot_picked(&f->slot, app);
        return 1;
    }
    return 0;
}

/* Copies the path and passphrase out of the fields for the job; empties
 * the passphrase field.  0 when both are there. */
static int take_inputs(ui_app *app, data_form *f)
{
    const char *pass = ui_field_text(f->pass);
    if (take_file(app, f) != 0) return -1;
    if (!pass[0]) {
        say(app, f, "%s", ui_str(STR_UNLOCK_EMPTY));
        return -1;
    }
    f->job_pass = secret_copy(pass);
    if (!f->job_pass) return -1;
    ui_field_set_text(f->pass, &app->ctx, "");
    return 0;
}

/* A job that failed for its file, not its passphrase: what was typed goes
 * back in the field, so the person only chooses again. */
static void give_back_pass(ui_app *app, data_form *f)
{
    if (!f->job_pass) return;
    if (f->pass) ui_field_set_text(f->pass, &app->ctx, f->job_pass);
    else if (f->np.first && f->np.second) {
        ui_field_set_text(f->np.first, &app->ctx, f->job_pass);
        ui_field_set_text(f->np.second, &app->ctx, f->job_pass);
        ui_newpass_changed(&f->np, &app->ctx);
    }
}

static void forget_pass(data_form *f)
{
    if (!f->job_pass) return;
    im_secure_free(f->job_pass);
    f->job_pass = NULL;
}

/* ---- backup -------------------------------------------------------------------------- */

static im_rc backup_job(ui_session *s, void *ctx)
{
    data_form *f = ctx;
    im_backup_options opts = { 0 }, *o = NULL;
    if (ui_session_job_kdf(s, &opts.kdf)) o = &opts;
    f->pass_wrong = 0;
    memset(&f->stats, 0, sizeof f->stats);
    if (!f->new_pass) {
        /* on an unlocked vault this only checks the passphrase (vault.h) */
        im_rc rc = im_vault_unlock(s->vault, f->job_pass);
        if (rc != IM_OK) {
            f->pass_wrong = rc == IM_ERR_WRONG_SECRET;
            return rc;
        }
    }
    /* the couple's space this app holds open is closed for it (session.h) */
    return ui_session_backup_write(s, f->job_fd >= 0 ? NULL : f->job_path, f->job_fd, f->job_pass, o, &f->stats);
}

/* The fields for the chosen passphrase, built again when the choice
 * changes (what was typed goes: the editor wipes it). */
static void build_passbox(ui_app *app, data_form *f)
{
    ui_ctx *c = &app->ctx;
    ui_widget_remove_children(f->passbox, c);
    memset(&f->np, 0, sizeof f->np);
    f->pass = NULL;
    if (f->new_pass) {
        ui_widget_add(f->passbox, ui_label_new(ui_str(STR_GB_BACKUP_NEW_NOTE), UI_TEXT_SMALL));
        ui_newpass_add(&f->np, f->passbox, ui_str(STR_GB_BACKUP_NEW_FIELD), ACT_PASS_CHANGED, ACT_GO, ACT_SUGGEST);
    } else {
        ui_widget_add(f->passbox, ui_label_new(ui_str(STR_GB_BACKUP_MINE_NOTE), UI_TEXT_SMALL));
        f->pass = ui_widget_add(f->passbox, ui_field_new(ui_str(STR_CONFIRM_FIELD), UI_FIELD_PASSWORD, ACT_GO, 0));
    }
    ui_ctx_relayout(c);
}

/* Copies the path and the chosen passphrase for the job; 0 when ready. */
static int take_backup_inputs(ui_app *app, data_form *f)
{
    ui_session *s = ui_session_of(app);
    if (!f->new_pass) {
        if (ui_session_retry_wait_s(s) > 0) { /* the lock screen's wait holds here too */
            ui_worker_form_say_wrong(&f->wf, app, STR_GB_BACKUP_WRONG);
            return -1;
        }
        return take_inputs(app, f);
    }
    if (take_file(app, f) != 0) return -1;
    const char *p = ui_newpass_accept(&f->np, &app->ctx);
    if (!p) return -1; /* the hint says why */
    f->job_pass = secret_copy(p);
    ui_newpass_clear(&f->np, &app->ctx);
    return f->job_pass ? 0 : -1;
}

static void backup_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    data_form *f = scr->state;
    ui_session *s = ui_session_of(app);
    if (slot_action(app, f, a)) return;
    switch (a->kind) {
    case ACT_BACK:
        ui_nav_back(app); /* waits while work runs: UI_SCREEN_FORM */
        break;
    case ACT_LOCK_WITH:
        if (ui_session_work_busy(s) || f->new_pass == (a->value == 1)) break;
        f->new_pass = a->value == 1;
        build_passbox(app, f);
        break;
    case ACT_PASS_CHANGED:
        if (f->new_pass) ui_newpass_changed(&f->np, &app->ctx);
        break;
    case ACT_SUGGEST:
        if (f->new_pass) ui_newpass_suggest(&f->np, &app->ctx);
        break;
    case ACT_GO:
        if (ui_session_work_busy(s) || take_backup_inputs(app, f) != 0) break;
        if (ui_worker_form_start_job(&f->wf, app, backup_job, f) != 0) forget_pass(f);
        break;
    default: break;
    }
}

static void backup_work_done(ui_app *app, ui_screen *scr, int kind)
{
    (void)kind;
    data_form *f = scr->state;
    ui_session *s = ui_session_of(app);
    im_rc rc;
    if (!ui_worker_form_done(&f->wf, app, UI_WORK_JOB, &rc)) return;
    if (rc == IM_OK) {
        ui_session_note_success(s);
        /* a space open in another copy of the app could not be read: said
         * plainly, without counting (or naming) anyone */
        if (f->stats.spaces_kept) ui_worker_form_refuse(&f->wf, app, ui_str(STR_BACKUP_LEFT_OUT));
        else say(app, f, "%s", ui_str(STR_BACKUP_DONE));
    } else if (f->pass_wrong) {
        ui_session_note_failure(s); /* the one counter */
        ui_worker_form_say_wrong(&f->wf, app, STR_GB_BACKUP_WRONG);
    } else {
        give_back_pass(app, f); /* the file's fault, not the passphrase's */
        say_failed(app, f, STR_BACKUP_FAILED, im_rc_message(rc));
    }
    forget_pass(f);
}

static void data_tick(ui_app *app, ui_screen *s)
{
    data_form *f = s->state;
    ui_worker_form_tick(&f->wf, app);
    ui_file_slot_tick(&f->slot, app);
}

static int64_t data_deadline(ui_app *app, ui_screen *s)
{
    return ui_worker_form_deadline(&((data_form *)s->state)->wf, app);
}

/* The state and column every data screen starts with; -1 if out of memory. */
static data_form *data_start(ui_screen *s, ui_str_id title)
{
    data_form *f = s->state = calloc(1, sizeof *f);
    s->body = ui_column_new(24, 12);
    s->title = ui_str(title);
    s->back_action = ACT_BACK;
    if (f) f->slot.fd = f->job_fd = -1;
    return f && s->body ? f : NULL;
}

static int backup_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)args;
    data_form *f = data_start(s, STR_BACKUP_TITLE);
    if (!f) return -1;
    ui_widget *col = s->body;
    ui_widget_add(col, ui_label_new(ui_str(STR_GB_BACKUP_LEAD), UI_TEXT_BODY));
    int slot = add_slot(app, f, col, UI_PICK_SAVE, STR_FILES_SAVE_TITLE_BACKUP, "innermost-backup", ".imbackup",
                        ui_str(STR_FILES_FILTER_BACKUP), "application/octet-stream");
    ui_widget_add(col, ui_label_new(ui_str(STR_GB_BACKUP_LOCK), UI_TEXT_HEADING));
    ui_widget *with = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    ui_widget *mine = with ? ui_widget_add(with, ui_chip_new(ui_str(STR_GB_BACKUP_MINE), ACT_LOCK_WITH)) : NULL;
    if (with) ui_widget_add(with, ui_chip_new(ui_str(STR_GB_BACKUP_NEW), ACT_LOCK_WITH));
    if (mine) mine->value = 1;
    f->passbox = ui_widget_add(col, ui_column_new(0, 12));
    f->wf.message = f->slot.message = ui_widget_add(col, ui_message_new());
    int made = ui_worker_form_add(&f->wf, col, ui_str(STR_BACKUP_SAVE), ACT_GO, ui_str(STR_CHECKING));
    if (slot != 0 || !mine || !f->passbox || !f->wf.message || made != 0) return -1;
    build_passbox(app, f);
    return 0;
}

const ui_screen_class ui_backup_class = {
    .name = "backup",
    .options = UI_SCREEN_FORM,
    .build = backup_build,
    .action = backup_action,
    .tick = data_tick,
    .deadline = data_deadline,
    .work_done = backup_work_done,
    .free = data_free,
};

/* ---- restore ---------------------------------------------------------------------------- */

/* The first run reads the file, derives its key and verifies every chunk,
 * so "replace or keep" is only asked about a backup that will restore;
 * the second (with the answer) restores with the same key. */
static im_rc restore_job(ui_session *s, void *ctx)
{
    data_form *f = ctx;
    f->why = IM_BACKUP_OK;
    if (!f->key) {
        if (!f->file) {
            SDL_RWops *rw = NULL;
            if (f->job_fd < 0) rw = SDL_RWFromFile(f->job_path, "rb");
            else if (lseek(f->job_fd, 0, SEEK_SET) == 0) { /* a second try reads it again */ int fd = dup(f->job_fd);
                FILE *fp = fd >= 0 ? fdopen(fd, "rb") : NULL;
                if (!fp && fd >= 0) close(fd);
                rw = fp ? SDL_RWFromFP(fp, SDL_TRUE) : NULL;
            }
            if (rw) f->file = SDL_LoadFile_RW(rw, &f->file_len, 1);
        }
        if (!f->file) {
            f->why = IM_BACKUP_UNREADABLE;
            return IM_ERR_IO;
        }
        if (!f->cost_ok) {
            /* the header's cost, before the slow step it sets */
            im_rc rc = im_vault_kdf_local(s->vault, &f->cost_local);
            if (rc != IM_OK) return rc;
            if (im_backup_kdf_warning(f->file, f->file_len, &f->cost_local, &f->cost_asked) == IM_ERR_TOO_LARGE) {
                f->cost_warn = 1;
                return IM_ERR_TOO_LARGE;
            }
        }
        im_rc rc = im_backup_key_derive(f->file, f->file_len, f->job_pass, &f->key, &f->why);
        if (rc == IM_OK) rc = im_backup_check(f->key, f->file, f->file_len, &f->why);
        if (rc != IM_OK) return rc;
    }
    return im_backup_restore_with_key(s->vault, f->key, f->file, f->file_len, f->mode, NULL, &f->why);
}

static void ask_replace_or_keep(ui_app *app)
{
    ui_widget *o = ui_overlay_new(UI_OVERLAY_DIALOG, ui_str(STR_RESTORE_TITLE), ACT_DISMISS);
    if (!o) return;
    ui_widget *card = ui_overlay_card(o);
    ui_widget_add(card, ui_label_new(ui_str(STR_RESTORE_ASK), UI_TEXT_BODY));
    /* the choice that loses nothing is the highlighted one, first; replacing
     * is there, never the default */
    ui_widget_add(card, ui_button_new(ui_str(STR_RESTORE_MERGE), UI_BUTTON_PRIMARY, ACT_KEEP));
    ui_widget_add(card, ui_button_new(ui_str(STR_RESTORE_REPLACE), UI_BUTTON_SECONDARY, ACT_REPLACE));
    ui_widget_add(card, ui_button_new(ui_str(STR_CANCEL), UI_BUTTON_TEXT, ACT_DISMISS));
    ui_app_show_overlay(app, o);
}

/* The header asks for more than this device uses: say so, and let the
 * person choose before anything slow runs (the passphrase and the file
 * wait for the answer). */
static void ask_cost(ui_app *app, data_form *f)
{
    ui_widget *o = ui_overlay_new(UI_OVERLAY_DIALOG, ui_str(STR_RESTORE_COST_TITLE), ACT_DISMISS);
    if (!o) return;
    char body[512];
    snprintf(body, sizeof body, ui_str(STR_RESTORE_COST_BODY), (unsigned long long)(f->cost_asked.memlimit >> 20),
             (unsigned long long)f->cost_asked.opslimit, (unsigned long long)(f->cost_local.memlimit >> 20),
             (unsigned long long)f->cost_local.opslimit);
    ui_widget *card = ui_overlay_card(o);
    ui_widget_add(card, ui_label_new(body, UI_TEXT_BODY));
    ui_widget_add(card, ui_button_new(ui_str(STR_RESTORE_COST_GO), UI_BUTTON_PRIMARY, ACT_COST_GO));
    ui_widget_add(card, ui_button_new(ui_str(STR_CANCEL), UI_BUTTON_TEXT, ACT_DISMISS));
    ui_app_show_overlay(app, o);
}

static void restore_start(ui_app *app, data_form *f)
{
    if (ui_worker_form_start_job(&f->wf, app, restore_job, f) != 0) forget_pass(f);
}

static void restore_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    data_form *f = scr->state;
    ui_session *s = ui_session_of(app);
    if (slot_action(app, f, a)) return;
    switch (a->kind) {
    case ACT_BACK:
        ui_nav_back(app); /* waits while work runs: UI_SCREEN_FORM */
        break;
    case ACT_GO:
        if (ui_session_work_busy(s) || take_inputs(app, f) != 0) break;
        forget_file(f);
        f->mode = IM_RESTORE_ONLY_IF_EMPTY;
        f->cost_ok = f->cost_warn = 0;
        restore_start(app, f);
        break;
    case ACT_COST_GO:
        ui_app_close_overlay(app);
        f->cost_ok = 1;
        restore_start(app, f);
        break;
    case ACT_REPLACE:
    case ACT_KEEP:
        ui_app_close_overlay(app);
        f->mode = a->kind == ACT_REPLACE ? IM_RESTORE_REPLACE : IM_RESTORE_KEEP;
        restore_start(app, f);
        break;
    case ACT_DISMISS:
        ui_app_close_overlay(app);
        forget_pass(f);
        forget_file(f);
        break;
    default: break;
    }
}

static void restore_work_done(ui_app *app, ui_screen *scr, int kind)
{
    (void)kind;
    data_form *f = scr->state;
    ui_session *s = ui_session_of(app);
    im_rc rc;
    if (!ui_worker_form_done(&f->wf, app, UI_WORK_JOB, &rc)) return;
    if (f->cost_warn) {
        f->cost_warn = 0;
        ask_cost(app, f); /* the passphrase and the file wait for the answer */
        return;
    }
    if (f->why == IM_BACKUP_UNREADABLE) give_back_pass(app, f); /* the file's fault */
    forget_pass(f);
    if (rc == IM_ERR_EXISTS && f->mode == IM_RESTORE_ONLY_IF_EMPTY) {
        ask_replace_or_keep(app); /* the checked file and key wait for the answer */
        return;
    }
    forget_file(f);
    if (rc == IM_OK) {
        /* everything may have changed: Home is built again from it */
        ui_session_reload(s);
        ui_app_toast(app, ui_str(STR_RESTORE_DONE));
        ui_session_open_area(app, UI_AREA_HOME); /* frees this screen */
        return;
    }
    if (f->why == IM_BACKUP_UNREADABLE) {
        say_failed(app, f, STR_RESTORE_FAILED, im_backup_problem_message(f->why));
        return;
    }
    char msg[512];
    snprintf(msg, sizeof msg, ui_str(STR_RESTORE_FAILED),
             f->why != IM_BACKUP_OK ? im_backup_problem_message(f->why) : im_rc_message(rc));
    ui_worker_form_refuse(&f->wf, app, msg);
}

static int restore_build(ui_app *app, ui_screen *s, const void *args)
{
    (void)args;
    data_form *f = data_start(s, STR_RESTORE_TITLE);
    if (!f) return -1;
    ui_widget *col = s->body;
    ui_widget_add(col, ui_label_new(ui_str(STR_RESTORE_LEAD), UI_TEXT_BODY));
    ui_widget_add(col, ui_label_new(ui_str(STR_GB_RESTORE_KEEPS), UI_TEXT_SMALL));
    int slot = add_slot(app, f, col, UI_PICK_OPEN, STR_FILES_OPEN_TITLE, "innermost-backup", ".imbackup",
                        ui_str(STR_FILES_FILTER_BACKUP), "application/octet-stream");
    f->pass = ui_widget_add(col, ui_field_new(ui_str(STR_RESTORE_PASS), UI_FIELD_PASSWORD, ACT_GO, 0));
    f->wf.message = f->slot.message = ui_widget_add(col, ui_message_new());
    int made = ui_worker_form_add(&f->wf, col, ui_str(STR_RESTORE_GO), ACT_GO, ui_str(STR_CHECKING));
    return slot == 0 && f->pass && f->wf.message && made == 0 ? 0 : -1;
}

const ui_screen_class ui_restore_class = {
    .name = "restore",
    .options = UI_SCREEN_FORM,
    .build = restore_build,
    .action = restore_action,
    .tick = data_tick,
    .deadline = data_deadline,
    .work_done = restore_work_done,
    .free = data_free,
};

/* ---- readable export -------------------------------------------------------------------- */

/* The chosen dates as local days (the range chips). */
static void export_days(ui_app *app, const data_form *f, int32_t *from, int32_t *to)
{
    ui_session *s = ui_session_of(app);
    static const int32_t back[] = { 0, 6, 29, 364 };
    int64_t now = im_clock_now_ms(&s->clock);
    int32_t today = im_day_from_ms(now, im_local_tz_offset_min(now));
    *from = f->range > 0 && f->range < 4 ? today - back[f->range] : IM_EXPORT_DAY_MIN;
    *to = IM_EXPORT_DAY_MAX;
}

static int ticked(const ui_widget *w) { return w && w->value; }

/* The options as the screen stands; chosen gets the ticked runs' ids
 * (room for f->n_runs). */
static im_export_options export_options(ui_app *app, const data_form *f, int64_t *chosen)
{
    im_export_options o = { 0 };
    o.kinds = (ticked(f->journal) ? IM_EXPORT_JOURNAL : 0) | (ticked(f->progress) ? IM_EXPORT_PROGRESS : 0) |
              (ticked(f->exercises) ? IM_EXPORT_EXERCISES : 0) |
              (f->answers && !f->answers->value ? IM_EXPORT_NO_ANSWERS : 0);
    o.library = ui_app_content(app);
    /* what the couple's space holds that this person may read: its maps
     * and what was done together, by title (core: export.h) */
    o.couple = ui_session_of(app)->couple;
    export_days(app, f, &o.from_day, &o.to_day);
    o.runs = chosen;
    for (size_t i = 0; i < f->n_runs; i++)
        if (ticked(f->run_ticks[i])) chosen[o.n_runs++] = f->runs[i].id;
    return o;
}

/* "Not included: ..." for what the screen now says, before writing. */
static void say_left_out(ui_app *app, data_form *f)
{
    int64_t *chosen = malloc((f->n_runs ? f->n_runs : 1) * sizeof *chosen);
    if (!chosen || !f->left_out) {
        free(chosen);
        return;
    }
    im_export_options o = export_options(app, f, chosen);
    char text[512];
    im_export_left_out(&o, f->n_runs, text, sizeof text);
    ui_label_set_text(f->left_out, &app->ctx, text);
    free(chosen);
    ui_ctx_relayout(&app->ctx);
}

static void forget_runs(data_form *f)
{
    free(f->runs);
    free(f->run_ticks);
    f->runs = NULL;
    f->run_ticks = NULL;
    f->n_runs = 0;
}

/* The exercises done in the chosen dates, each a toggle (all ticked), built
 * again when the dates change.  Only titles and days: no answers. */
static void list_runs(ui_app *app, data_form *f)
{
    ui_session *s = ui_session_of(app);
    const im_library *lib = ui_app_content(app);
    forget_runs(f);
    ui_widget_remove_children(f->runs_box, &app->ctx);
    ui_widget_add(f->runs_box, ui_label_new(ui_str(STR_EXPORT_RUNS), UI_TEXT_HEADING));
    int32_t from, to;
    export_days(app, f, &from, &to);
    im_export_run_info *runs = NULL;
    size_t n = 0;
    if (!lib || !s->journal || im_export_runs(s->journal, lib, from, to, &runs, &n) != IM_OK) n = 0;
    f->run_ticks = calloc(n ? n : 1, sizeof *f->run_ticks);
    if (!f->run_ticks) n = 0;
    f->runs = runs;
    f->n_runs = n;
    for (size_t i = 0; i < n; i++) {
        char day[11], row[IM_EXPORT_TITLE_MAX + 32];
        im_export_day_text(runs[i].day, day);
        snprintf(row, sizeof row, ui_str(STR_EXPORT_RUN_ROW), runs[i].title, day);
        f->run_ticks[i] = ui_widget_add(f->runs_box, ui_toggle_new(row, 1, ACT_RUN));
    }
    if (n == 0) ui_widget_add(f->runs_box, ui_label_new(ui_str(STR_EXPORT_NO_RUNS), UI_TEXT_SMALL));
    ui_ctx_relayout(&app->ctx);
}

static void export_now(ui_app *app, data_form *f)
{
    ui_session *s = ui_session_of(app);
    if (take_file(app, f) != 0) return;
    int64_t *chosen = malloc((f->n_runs ? f->n_runs : 1) * sizeof *chosen);
    im_rc rc = IM_ERR_NOMEM;
    if (chosen) {
        im_export_options o = export_options(app, f, chosen);
        if (!s->journal) rc = IM_ERR_LOCKED;
        else if (f->job_fd >= 0) rc = im_export_markdown_write_fd(s->journal, &o, f->job_fd);
        else rc = im_export_markdown_write(s->journal, &o, f->job_path);
        free(chosen);
    }
    if (rc == IM_OK) say(app, f, "%s", ui_str(STR_EXPORT_DONE));
    else say_failed(app, f, STR_EXPORT_FAILED, im_rc_message(rc));
}

static void export_action(ui_app *app, ui_screen *scr, const ui_action *a)
{
    data_form *f = scr->state;
    if (slot_action(app, f, a)) return;
    switch (a->kind) {
    case ACT_BACK: ui_nav_back(app); break;
    case ACT_RANGE:
        f->range = a->value;
        list_runs(app, f);
        say_left_out(app, f);
        break;
    case ACT_TOGGLE:
    case ACT_RUN: say_left_out(app, f); break;
    case ACT_GO: export_now(app, f); break;
    default: break;
    }
}

/* Journal, progress and exercises to tick; progress and exercises need the
 * content for their titles. */
static void add_kinds(ui_app *app, data_form *f, ui_widget *col)
{
    int content = ui_app_content(app) != NULL;
    ui_widget_add(col, ui_label_new(ui_str(STR_EXPORT_WHAT), UI_TEXT_HEADING));
    f->journal = ui_widget_add(col, ui_toggle_new(ui_str(STR_EXPORT_JOURNAL), 1, ACT_TOGGLE));
    if (!content) return;
    f->progress = ui_widget_add(col, ui_toggle_new(ui_str(STR_EXPORT_PROGRESS), 1, ACT_TOGGLE));
    f->exercises = ui_widget_add(col, ui_toggle_new(ui_str(STR_EXPORT_EXERCISE_LIST), 1, ACT_TOGGLE));
    f->answers = ui_widget_add(col, ui_toggle_new(ui_str(STR_EXPORT_EXERCISES), 1, ACT_TOGGLE));
}

static void add_range(ui_widget *col)
{
    ui_widget_add(col, ui_label_new(ui_str(STR_EXPORT_RANGE), UI_TEXT_HEADING));
    ui_widget_add(col, ui_label_new(ui_str(STR_EXPORT_NO_TAGS), UI_TEXT_SMALL));
    ui_widget *range = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    static const ui_str_id ranges[] = { STR_EXPORT_ALL, STR_EXPORT_7, STR_EXPORT_30, STR_EXPORT_365 };
    for (int i = 0; i < 4 && range; i++) {
        ui_widget *chip = ui_widget_add(range, ui_chip_new(ui_str(ranges[i]), ACT_RANGE));
        if (chip) chip->value = i == 0;
    }
}

static int export_build(ui_app *app, ui_screen *scr, const void *args)
{
    (void)args;
    data_form *f = data_start(scr, STR_EXPORT_TITLE);
    if (!f) return -1;
    ui_widget *col = scr->body;
    ui_widget_add(col, ui_label_new(ui_str(STR_EXPORT_LEAD), UI_TEXT_BODY));
    ui_widget_add(col, ui_label_new(ui_str(STR_GB_EXPORT_LEAVES_OUT), UI_TEXT_SMALL));
    add_kinds(app, f, col);
    add_range(col);
    f->runs_box = ui_widget_add(col, ui_column_new(0, 12));
    int slot = add_slot(app, f, col, UI_PICK_SAVE, STR_FILES_SAVE_TITLE_EXPORT, "innermost-export", ".md",
                        ui_str(STR_FILES_FILTER_EXPORT), "text/markdown");
    f->left_out = ui_widget_add(col, ui_label_new("", UI_TEXT_BODY));
    f->wf.message = f->slot.message = ui_widget_add(col, ui_message_new());
    f->wf.button = ui_widget_add(col, ui_button_new(ui_str(STR_EXPORT_SAVE), UI_BUTTON_PRIMARY, ACT_GO));
    if (!f->journal || !f->runs_box || slot != 0 || !f->left_out || !f->wf.message || !f->wf.button) return -1;
    if (f->exercises) list_runs(app, f);
    say_left_out(app, f);
    return 0;
}

static void export_free(ui_screen *s)
{
    if (s->state) forget_runs(s->state);
    data_free(s);
}

static void export_tick(ui_app *app, ui_screen *s) { ui_file_slot_tick(&((data_form *)s->state)->slot, app); }

const ui_screen_class ui_export_class = {
    .name = "export",
    .options = UI_SCREEN_FORM,
    .build = export_build,
    .action = export_action,
    .tick = export_tick,
    .free = export_free,
};
