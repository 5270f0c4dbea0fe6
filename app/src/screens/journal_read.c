/*
 * journal_read.c -- see journal_read.h.
 *
 * Design.  The words are shown by readers (textfield.h, UI_FIELD_READ):
 * the text lives once, in the reader's buffer, and only its visible lines
 * reach the draw list, so a long entry scrolls as smoothly as the editor
 * and the words are never copied into labels.  The matches of the search
 * the entry was found by come from core (im_journal_match_spans: search's
 * own folding and word cutting) and are drawn behind the words.
 *
 * Traps.  The title and words are the person's: they go to the readers
 * only, never to a label, the log or a toast; the query and the spans
 * (which say where the searched words are) are wiped when freed.  An
 * entry deleted in the editor cannot pop this screen from the editor's
 * callback (the editor is on top then): it marks the view gone, and the
 * tick that runs once the editor has gone closes it.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "screens/journal_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/content.h"
#include "innermost/journal.h"
#include "innermost/wipe.h"
#include "screens/journal_rows.h"
#include "screens/player_journal.h"
#include "widgets/basic.h"
#include "widgets/frame.h"
#include "widgets/scrollview.h"
#include "widgets/textfield.h"

enum read_action { ACT_BACK = 1, ACT_EDIT, ACT_RUN };

typedef struct read_state {
    ui_app *app;
    im_journal *j;
    int64_t id;
    char *query;  /* NULL: not opened from a search */
    int revealed; /* the first match was scrolled into view once */
    int gone;     /* deleted in the editor: close once on top again */
    ui_widget *when, *mood, *from, *prompt, *title, *body, *no_words;
    ui_widget *to_run; /* "See the exercise answers": shown when the entry names a saved run */
    int64_t run_id;    /* that run (0: none) */
    journal_listener parent;
} read_state;

static void show(ui_widget *w, int on)
{
    if (on) w->flags &= ~(unsigned)UI_WF_HIDDEN;
    else w->flags |= UI_WF_HIDDEN;
}

/* A label with text, or hidden when text is empty. */
static void set_line(read_state *st, ui_widget *w, const char *text)
{
    ui_label_set_text(w, &st->app->ctx, text);
    show(w, text[0] != 0);
}

/* The reader shows text, with the query's matches marked. */
static void set_words(read_state *st, ui_widget *reader, const char *text)
{
    ui_ctx *c = &st->app->ctx;
    ui_field_set_text(reader, c, text);
    show(reader, text[0] != 0);
    if (jr_mark_matches(reader, c, text, st->query) > 0 && !st->revealed) {
        st->revealed = 1; /* the first match in view, not the entry's top */
        ui_field_reveal_mark(reader, c);
    }
}

/* The title of the exercise or item an entry links to, or NULL. */
static const char *link_title(ui_app *app, const char *id)
{
    if (!id || !ui_app_content(app)) return NULL;
    const im_exercise *ex = im_library_find_exercise(ui_app_content(app), id);
    if (ex && ex->title) return ex->title;
    const im_item *it = im_library_find_item(ui_app_content(app), id);
    return it ? it->title : NULL;
}

/* When it was written, its mood and what it answers. */
static void fill_meta(read_state *st, const im_entry *e)
{
    char day[80], time[16], buf[300];
    jr_date_text(e->day, day, sizeof day);
    jr_time_text(e->created_ms, time, sizeof time);
    snprintf(buf, sizeof buf, ui_str(STR_READ_WHEN), day, time);
    set_line(st, st->when, buf);
    buf[0] = 0;
    if (e->mood) snprintf(buf, sizeof buf, ui_str(STR_READ_MOOD), jr_mood_word(e->mood));
    set_line(st, st->mood, buf);
    const char *from = link_title(st->app, e->link_item);
    buf[0] = 0;
    if (from) snprintf(buf, sizeof buf, ui_str(STR_ENTRY_FROM), from);
    set_line(st, st->from, buf);
    set_line(st, st->prompt, e->prompt ? e->prompt : "");
    if (!ui_player_journal_run_of(e->link_ref, &st->run_id)) st->run_id = 0;
    show(st->to_run, st->run_id != 0);
}

/* Reads the entry again (on opening, and after the editor saved it). */
static int load(read_state *st)
{
    im_entry e;
    memset(&e, 0, sizeof e);
    if (im_journal_get(st->j, st->id, &e) != IM_OK) return -1;
    fill_meta(st, &e);
    set_words(st, st->title, e.title ? e.title : "");
    set_words(st, st->body, e.body ? e.body : "");
    show(st->no_words, !(e.title && e.title[0]) && !(e.body && e.body[0]));
    im_entry_free(&e);
    ui_ctx_relayout(&st->app->ctx);
    return 0;
}

static void on_saved(ui_app *app, void *ctx, int64_t id)
{
    read_state *st = ctx;
    load(st);
    if (st->parent.saved) st->parent.saved(app, st->parent.ctx, id);
}

static void on_deleted(ui_app *app, void *ctx, int64_t trash_id)
{
    read_state *st = ctx;
    st->gone = 1;
    if (st->parent.deleted) st->parent.deleted(app, st->parent.ctx, trash_id);
}

static void read_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    read_state *st = s->state;
    if (a->kind == ACT_BACK) {
        ui_nav_back(app);
    } else if (a->kind == ACT_EDIT) {
        journal_listener l = { on_saved, on_deleted, st };
        ui_screen *ed = ui_screen_new(app, &ui_journal_entry_class,
                                      &(journal_entry_args){ .entry_id = st->id, .listener = &l });
        if (ed) ui_nav_push(app, ed);
    } else if (a->kind == ACT_RUN && st->run_id) {
        ui_player_journal_show_run(app, st->run_id);
    }
}

static void read_tick(ui_app *app, ui_screen *s)
{
    read_state *st = s->state;
    if (st && st->gone) {
        st->gone = 0;
        ui_nav_back(app);
    }
}

static int64_t read_deadline(ui_app *app, ui_screen *s)
{
    read_state *st = s->state;
    return st && st->gone ? app->ctx.now_ms : INT64_MAX;
}

static void read_free(ui_screen *s)
{
    read_state *st = s->state;
    if (!st) return;
    if (st->query) im_mem_wipe_free(st->query, strlen(st->query) + 1);
    free(st);
}

static ui_widget *build_body(read_state *st)
{
    ui_widget *col = ui_column_new(16, UI_SPACING_PT);
    if (!col) return NULL;
    st->when = ui_widget_add(col, ui_label_new("", UI_TEXT_SMALL));
    st->mood = ui_widget_add(col, ui_label_new("", UI_TEXT_BODY));
    st->from = ui_widget_add(col, ui_label_new("", UI_TEXT_SMALL));
    st->prompt = ui_widget_add(col, ui_label_new("", UI_TEXT_HEADING));
    /* Edit before the words, so it is at hand however long they are */
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    ui_widget *edit = row ? ui_widget_add(row, ui_button_new(ui_str(STR_READ_EDIT), UI_BUTTON_PRIMARY, ACT_EDIT))
                          : NULL;
    st->to_run = row ? ui_widget_add(row, ui_button_new(ui_str(STR_READ_TO_RUN), UI_BUTTON_SECONDARY, ACT_RUN)) : NULL;
    st->title = ui_widget_add(col, ui_field_new(ui_str(STR_READ_TITLE_TEXT), UI_FIELD_READ, 0, 0));
    st->body = ui_widget_add(col, ui_field_new(ui_str(STR_READ_BODY_TEXT), UI_FIELD_READ, 0, 0));
    st->no_words = ui_widget_add(col, ui_label_new(ui_str(STR_JOURNAL_NO_WORDS), UI_TEXT_BODY));
    if (!st->no_words || !st->when || !st->mood || !st->from || !st->prompt || !edit || !st->to_run || !st->title ||
        !st->body) {
        ui_widget_free(col);
        return NULL;
    }
    ui_field_set_face(st->title, UI_FACE_BOLD, 20);
    return ui_scroll_new(col);
}

static int read_build(ui_app *app, ui_screen *s, const void *args)
{
    const journal_read_args *ra = args;
    ui_session *sess = ui_session_of(app);
    if (!ra || !sess || !sess->journal) return -1;
    read_state *st = s->state = calloc(1, sizeof *st);
    if (!st) return -1;
    st->app = app;
    st->j = sess->journal;
    st->id = ra->entry_id;
    if (ra->query && ra->query[0] && !(st->query = strdup(ra->query))) return -1;
    if (ra->listener) st->parent = *ra->listener;
    s->title = ui_str(STR_READ_TITLE);
    s->root = ui_frame_new(s->title, ACT_BACK);
    ui_widget *body = s->root ? build_body(st) : NULL;
    if (!body) return -1;
    ui_frame_set_body(s->root, body);
    return load(st);
}

const ui_screen_class ui_journal_read_class = {
    .name = "journal-read",
    .build = read_build,
    .action = read_action,
    .tick = read_tick,
    .deadline = read_deadline,
    .free = read_free,
};
