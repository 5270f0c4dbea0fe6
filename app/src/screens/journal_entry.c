/*
 * journal_entry.c -- the editor of one journal entry: title, body, mood,
 * the prompt it answers and the exercise it came from; drafts that survive
 * a kill.
 *
 * Drafts.  Every edit marks the editor dirty and, while the text is under
 * SAVE_EVERY_EDIT_BYTES, goes straight to im_journal_draft_save (one atomic
 * vault write of a few KB; people type a few edits a second), so a kill at
 * any moment loses nothing.  A longer text is written whole on each save,
 * so it asks the session to save soon (ui_session_save_soon: at most
 * UI_SAVE_SOON_MS after the first unsaved edit, whether or not keys
 * follow); at most that interval is lost to a kill.  The session's saver
 * (that timer, lock, background, the app's end) saves whatever is dirty.  Save and Back store
 * what is on screen as the entry and drop its draft with im_journal_save (one transaction).
 *
 * Opening.  The words field has the focus, its caret at the end, for a new
 * entry and a saved one alike.  A new entry first looks for the draft of a new entry: if it
 * answers the same prompt and exercise (or a blank page was asked for) it
 * comes back; otherwise it is committed as an entry so nothing is lost, and
 * the new page starts empty.  Editing an entry loads it, then its draft of
 * unsaved edits if there is one.
 *
 * Traps.  Field texts are the person's words: they never go to a label,
 * the log or a toast.  A refused save (too long, invalid) keeps the editor
 * open with a plain message; the words stay in the fields and the last good
 * draft stays in the vault.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "screens/journal_entry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/content.h"
#include "innermost/journal.h"
#include "screens/journal_rows.h"
#include "screens/journal_screens.h"
#include "widgets/basic.h"
#include "widgets/controls.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"
#include "widgets/textfield.h"

#define SAVE_EVERY_EDIT_BYTES (64 * 1024)

enum entry_action { ACT_BACK = 1, ACT_CHANGED, ACT_MOOD, ACT_SAVE, ACT_DELETE };

typedef struct entry_state {
    ui_app *app;
    im_journal *j;
    int64_t target; /* entry being edited; 0: a new entry */
    char *link_item, *link_ref, *prompt;
    int mood;
    int dirty;   /* edits not yet in a draft */
    int changed; /* anything changed since the editor opened */
    int closing; /* Save / Delete already handled: Back just pops */
    ui_widget *title, *body, *moods, *status;
    journal_listener l;
} entry_state;

/* The line above the fields: hidden when there is nothing to say. */
static void set_status(entry_state *st, const char *text)
{
    ui_label_set_text(st->status, &st->app->ctx, text);
    if (text[0]) st->status->flags &= ~(unsigned)UI_WF_HIDDEN;
    else st->status->flags |= UI_WF_HIDDEN;
    ui_ctx_relayout(&st->app->ctx);
}

static im_entry_fields fields_of(const entry_state *st)
{
    im_entry_fields f = { 0 };
    f.title = ui_field_text(st->title);
    f.body = ui_field_text(st->body);
    f.mood = st->mood;
    f.link_item = st->link_item;
    f.link_ref = st->link_ref;
    f.prompt = st->prompt;
    return f;
}

static void show_error(entry_state *st, im_rc rc)
{
    char msg[300];
    if (rc == IM_ERR_TOO_LARGE) snprintf(msg, sizeof msg, "%s", ui_str(STR_ENTRY_TOO_LARGE));
    else snprintf(msg, sizeof msg, ui_str(STR_ENTRY_NOT_SAVED), im_rc_message(rc));
    set_status(st, msg);
}

static int is_blank(const entry_state *st)
{
    return !ui_field_text(st->title)[0] && !ui_field_text(st->body)[0] && st->mood == 0;
}

/* Writes the draft if there are unsaved edits.  A new entry emptied again
 * has nothing to come back to: its draft is dropped instead, so the
 * journal stops offering to continue it.  Returns the core rc. */
static im_rc save_draft(entry_state *st)
{
    if (!st->dirty) return IM_OK;
    im_entry_fields f = fields_of(st);
    im_rc rc = st->target == 0 && is_blank(st) ? im_journal_draft_discard(st->j, 0)
                                               : im_journal_draft_save(st->j, st->target, &f);
    if (rc == IM_OK) st->dirty = 0;
    else show_error(st, rc);
    return rc;
}

/* The class's save (lock, background, the app's end). */
static void entry_save(ui_app *app, ui_screen *s)
{
    (void)app;
    if (s->state) save_draft(s->state);
}

/* Stores the entry (draft -> entry in one transaction).  0 on success. */
static int commit(entry_state *st)
{
    if (!st->changed) return 0;
    if (st->target == 0 && is_blank(st)) {
        im_rc rc = im_journal_draft_discard(st->j, 0);
        if (rc != IM_OK) {
            show_error(st, rc);
            return -1;
        }
        return 0;
    }
    /* what is on screen becomes the entry and its draft goes, at once */
    im_entry_fields f = fields_of(st);
    int64_t id = st->target;
    im_rc rc = im_journal_save(st->j, &id, &f);
    if (rc != IM_OK) {
        st->dirty = 1; /* the saver keeps the words as a draft */
        show_error(st, rc);
        return -1;
    }
    st->dirty = 0;
    ui_app_toast(st->app, ui_str(STR_ENTRY_SAVED));
    if (st->l.saved) st->l.saved(st->app, st->l.ctx, id);
    return 0;
}

static void edited(entry_state *st)
{
    st->dirty = 1;
    st->changed = 1;
    size_t size = strlen(ui_field_text(st->title)) + strlen(ui_field_text(st->body));
    if (size <= SAVE_EVERY_EDIT_BYTES) save_draft(st);
    /* Long, or the save failed: the session's timer saves (or retries). */
    if (st->dirty) ui_session_save_soon(ui_session_of(st->app));
}

static void delete_entry(ui_app *app, entry_state *st)
{
    int64_t trash = 0;
    /* the draft first: one left behind would bring the text back */
    im_rc rc = im_journal_draft_discard(st->j, st->target);
    if (rc != IM_OK) {
        show_error(st, rc);
        return;
    }
    rc = im_journal_delete(st->j, st->target, &trash);
    if (rc != IM_OK) {
        show_error(st, rc);
        return;
    }
    st->closing = 1;
    if (st->l.deleted) st->l.deleted(app, st->l.ctx, trash);
    ui_nav_back(app);
}

static void entry_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    entry_state *st = s->state;
    switch (a->kind) {
    case ACT_BACK: ui_nav_back(app); break;
    case ACT_CHANGED: edited(st); break;
    case ACT_MOOD:
        st->mood = a->value + 1;
        edited(st);
        break;
    case ACT_SAVE:
        if (commit(st) == 0) {
            st->closing = 1;
            ui_nav_back(app);
        }
        break;
    case ACT_DELETE: delete_entry(app, st); break;
    default: break;
    }
}

/* Back (the button, Esc, the phone's back key) keeps what was written. */
static int entry_back(ui_app *app, ui_screen *s)
{
    (void)app;
    entry_state *st = s->state;
    if (st->closing) return 0;
    if (commit(st) != 0) return 1; /* stay: the message says why */
    st->closing = 1;
    return 0;
}

/* The stack frees s->root before this runs: the fields are gone.  Nothing
 * is lost by that: the editor is only ever removed by Back or Save (which
 * commit) or by a lock (which saved every screen first). */
static void entry_free(ui_screen *s)
{
    entry_state *st = s->state;
    if (!st) return;
    free(st->link_item);
    free(st->link_ref);
    free(st->prompt);
    free(st);
}

/* ---- opening ---------------------------------------------------------------- */

static char *dup_or_null(const char *s) { return s && s[0] ? strdup(s) : NULL; }

/* The entry (or draft) decides what the editor links to and answers. */
static void take_link(entry_state *st, const im_entry *e)
{
    free(st->link_item);
    free(st->link_ref);
    free(st->prompt);
    st->link_item = dup_or_null(e->link_item);
    st->link_ref = dup_or_null(e->link_ref);
    st->prompt = dup_or_null(e->prompt);
}

static int same_text(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0; }

/* The title of the exercise or item an entry links to, or NULL. */
static const char *link_title(ui_app *app, const char *id)
{
    if (!id || !ui_app_content(app)) return NULL;
    const im_exercise *ex = im_library_find_exercise(ui_app_content(app), id);
    if (ex && ex->title) return ex->title;
    const im_item *it = im_library_find_item(ui_app_content(app), id);
    return it ? it->title : NULL;
}

static void fill_fields(entry_state *st, const im_entry *e)
{
    ui_ctx *c = &st->app->ctx;
    ui_field_set_text(st->title, c, e->title ? e->title : "");
    ui_field_set_text(st->body, c, e->body ? e->body : "");
    st->mood = e->mood;
    int i = 0;
    for (ui_widget *chip = st->moods->first; chip; chip = chip->next, i++) chip->value = i + 1 == e->mood;
}

/* What the fields start with: the entry, a draft, or nothing.  Runs after
 * the widgets exist. */
static void load_start(entry_state *st, const char *want_item, const char *want_prompt)
{
    im_entry e;
    memset(&e, 0, sizeof e);
    if (st->target != 0) {
        if (im_journal_get(st->j, st->target, &e) != IM_OK) return;
        take_link(st, &e);
        fill_fields(st, &e);
        im_entry_free(&e);
    }
    memset(&e, 0, sizeof e);
    if (im_journal_draft_load(st->j, st->target, &e) != IM_OK) return;
    int other = st->target == 0 && (want_item || want_prompt) &&
                !(same_text(e.link_item, want_item) && same_text(e.link_ref, st->link_ref) &&
                  same_text(e.prompt, want_prompt));
    if (other) {
        /* an unfinished entry about something else: keep it as an entry */
        if (im_journal_draft_commit(st->j, 0, NULL) == IM_OK) ui_app_toast(st->app, ui_str(STR_ENTRY_OLD_DRAFT_SAVED));
        im_entry_free(&e);
        return;
    }
    if (st->target == 0) {
        take_link(st, &e);
    }
    fill_fields(st, &e);
    im_entry_free(&e);
    st->changed = 1;
    set_status(st, ui_str(STR_ENTRY_DRAFT_BACK));
}

static ui_widget *build_body(entry_state *st, ui_app *app)
{
    ui_widget *col = ui_column_new(16, UI_SPACING_PT);
    if (!col) return NULL;
    const char *from = link_title(app, st->link_item);
    if (from) {
        char buf[300];
        snprintf(buf, sizeof buf, ui_str(STR_ENTRY_FROM), from);
        ui_widget_add(col, ui_label_new(buf, UI_TEXT_SMALL));
    }
    if (st->prompt) ui_widget_add(col, ui_label_new(st->prompt, UI_TEXT_HEADING));
    st->status = ui_widget_add(col, ui_label_new("", UI_TEXT_SMALL));
    if (st->status) st->status->flags |= UI_WF_HIDDEN;
    st->title = ui_widget_add(col, ui_field_new(ui_str(STR_ENTRY_TITLE_FIELD), UI_FIELD_LINE, 0, ACT_CHANGED));
    st->body = ui_widget_add(col, ui_field_new(ui_str(STR_ENTRY_BODY_FIELD), UI_FIELD_EDITOR, 0, ACT_CHANGED));
    ui_widget_add(col, ui_label_new(ui_str(STR_ENTRY_MOOD), UI_TEXT_HEADING));
    st->moods = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    if (st->moods)
        for (int m = 1; m <= 5; m++) ui_widget_add(st->moods, ui_chip_new(jr_mood_word(m), ACT_MOOD));
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (row) {
        if (st->target) ui_widget_add(row, ui_button_new(ui_str(STR_ENTRY_DELETE), UI_BUTTON_SECONDARY, ACT_DELETE));
        ui_widget_add(row, ui_button_new(ui_str(STR_ENTRY_SAVE), UI_BUTTON_PRIMARY, ACT_SAVE));
    }
    if (!st->status || !st->title || !st->body || !st->moods || !row) {
        ui_widget_free(col);
        return NULL;
    }
    return ui_scroll_new(col);
}

static int entry_build(ui_app *app, ui_screen *s, const void *args)
{
    const journal_entry_args *ea = args;
    ui_session *sess = ui_session_of(app);
    if (!ea || !sess || !sess->journal) return -1;
    entry_state *st = s->state = calloc(1, sizeof *st);
    if (!st) return -1;
    st->app = app;
    st->j = sess->journal;
    st->target = ea->entry_id;
    st->link_item = dup_or_null(ea->item_id);
    st->link_ref = dup_or_null(ea->entry_id == 0 ? ea->link_ref : NULL);
    st->prompt = dup_or_null(ea->prompt);
    if (ea->listener) st->l = *ea->listener;
    /* The draft decides the link and prompt, so it is read before the
     * widgets are built; the fields are filled after. */
    im_entry peek;
    memset(&peek, 0, sizeof peek);
    if (ea->entry_id == 0 && !ea->item_id && !ea->prompt && im_journal_draft_load(st->j, 0, &peek) == IM_OK) {
        take_link(st, &peek);
        im_entry_free(&peek);
    } else if (ea->entry_id != 0 && im_journal_get(st->j, ea->entry_id, &peek) == IM_OK) {
        take_link(st, &peek);
        im_entry_free(&peek);
    }
    s->title = ui_str(ea->entry_id ? STR_ENTRY_EDIT_TITLE : STR_ENTRY_NEW_TITLE);
    s->root = ui_frame_new(s->title, ACT_BACK);
    ui_widget *body = s->root ? build_body(st, app) : NULL;
    if (!body) return -1;
    ui_frame_set_body(s->root, body);
    load_start(st, ea->item_id, ea->prompt);
    /* the editor opens ready to write (on a phone the keyboard comes up):
     * a new entry, and a saved one, which the person opened here with
     * "Edit" to change -- its words field, the caret after its last
     * character (ui_field_set_text puts it there), so typing goes on
     * where the entry ends and a screen reader's "where am I" names the
     * field and reads the words, not the window's title alone */
    s->first_focus = st->body;
    return 0;
}

const ui_screen_class ui_journal_entry_class = {
    .name = "journal-entry",
    .build = entry_build,
    .action = entry_action,
    .back = entry_back,
    .save = entry_save,
    .free = entry_free,
};

ui_screen *journal_new_entry_screen(ui_app *app, const char *item_id, const char *prompt)
{
    return ui_screen_new(app, &ui_journal_entry_class, &(journal_entry_args){ .item_id = item_id, .prompt = prompt });
}

ui_screen *journal_new_run_entry_screen(ui_app *app, const char *item_id, const char *link_ref)
{
    return ui_screen_new(app, &ui_journal_entry_class,
                         &(journal_entry_args){ .item_id = item_id, .link_ref = link_ref });
}
