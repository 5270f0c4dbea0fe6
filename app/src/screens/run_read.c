/*
 * run_read.c -- one saved solo run read back: the exercise's questions,
 * each with what was answered, and the ways on ("Continue" for a run not
 * finished, "Do it again" for a new one).
 *
 * Design.  The run is read from the vault like any other
 * (im_run_resume_from) and never changed here, so nothing is saved; which
 * answers show is core's decision (im_answer_shows), how each is put in
 * words is this screen's.  The run listens to the vault's lock like the
 * player's, and the screen goes with the session's screens on a lock.
 * Both ways on replace this screen with the player, so Back from the
 * player returns to where the read view was opened from, which hears
 * UI_ACT_PLAYER_CHANGED and shows what changed.
 *
 * "Copy these answers" puts the run on the clipboard in the readable
 * export's words for one run (im_run_render_markdown), for the session to
 * clear like any copy.  "Save as a file" writes the same words to the file
 * chosen in the file slot above it (files.h: the system's chooser where
 * there is one -- the desktop portal, Android's or iOS's document picker --
 * else the in-app chooser of places; no path is typed), through core's
 * im_run_export_write (whole or not at all, mode 0600), or, for a document
 * the system picker opened, to its descriptor.  The folder is checked
 * first (ui_file_slot_check, naming it), and the passphrase is asked again
 * (reauth.c, as for the readable export): the gate's callback finds this
 * screen on top again and writes then, so a wrong passphrase writes
 * nothing.
 *
 * "Write about this" opens a new journal entry linked to the exercise and
 * to this run (ui_player_journal_open_run: the editor of the exercise's
 * own journal prompts), which then says "From: <exercise>" in the editor
 * and in the journal's read view.
 *
 * Also here: ui_player_open_exercise, the one place that decides whether
 * coming back to an exercise plays it or reads it back.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <SDL.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/session.h"
#include "app/strings.h"
#include "innermost/engine.h"
#include "innermost/wipe.h"
#include "screens/common.h"
#include "screens/files.h"
#include "screens/journal_rows.h"
#include "screens/player.h"
#include "screens/player_internal.h"
#include "screens/player_journal.h"
#include "screens/start.h"
#include "widgets/basic.h"
#include "widgets/frame.h"
#include "widgets/textfield.h"

enum { RR_BACK = 1, RR_AGAIN, RR_CONTINUE, RR_COPY, RR_WRITE, RR_SAVE_FILE, RR_CHOOSE, RR_PICKED };

typedef struct run_read {
    im_run *run;
    int64_t run_id;
    ui_file_slot slot; /* where "Save as a file" writes (files.h) */
    char *query;       /* opened from Your work's search: its words (else NULL) */
} run_read;

/* ---- one answer in words -------------------------------------------------------- */

static void add_line(ui_widget *col, const char *text, ui_text_style style)
{
    ui_widget_add(col, ui_label_new(text, style));
}

static void add_choices(ui_widget *col, const im_step *st, uint64_t chosen)
{
    char buf[1200];
    if (!chosen) add_line(col, ui_str(STR_RUN_READ_NONE_TICKED), UI_TEXT_BODY);
    for (size_t i = 0; i < st->n_options && i < 64; i++) {
        if (!(chosen >> i & 1u)) continue;
        snprintf(buf, sizeof buf, "\xE2\x80\xA2 %s", st->options[i].text);
        add_line(col, buf, UI_TEXT_BODY);
    }
}

static void add_scale(ui_widget *col, const im_step *st, int value)
{
    char buf[600];
    snprintf(buf, sizeof buf, ui_str(STR_RUN_READ_SCALE), value);
    add_line(col, buf, UI_TEXT_BODY);
    if (!st->low || !st->high) return;
    snprintf(buf, sizeof buf, ui_str(STR_PLAYER_SCALE_ENDS), st->low, st->high);
    add_line(col, buf, UI_TEXT_SMALL);
}

/* Each step of the person's ladder, with its discomfort before and, once
 * done, after. */
static void add_ladder(ui_widget *col, const im_answer *a)
{
    char buf[IM_RUNG_TEXT_MAX + 32];
    for (size_t i = 0; i < a->n_rungs; i++) {
        const im_rung *g = &a->rungs[i];
        snprintf(buf, sizeof buf, ui_str(STR_RUN_READ_RUNG), i + 1, g->text ? g->text : "");
        add_line(col, buf, UI_TEXT_BODY);
        if (g->done) snprintf(buf, sizeof buf, ui_str(STR_PLAYER_RUNG_DONE_NOTE), g->before, g->after);
        else snprintf(buf, sizeof buf, ui_str(STR_RUN_READ_RUNG_PLANNED), g->before);
        add_line(col, buf, UI_TEXT_SMALL);
    }
}

/* Words the person wrote: a label, or a reader with the search's matches
 * marked when the screen was opened from a search that found them here
 * (the first such reader is scrolled into view: the match, not the top). */
static void add_words(ui_widget *col, ui_ctx *c, const char *text, const char *query, int *revealed)
{
    ui_widget *reader = NULL;
    size_t found = query && text[0] ? im_journal_match_spans(text, strlen(text), query, NULL, 0) : 0;
    if (found > 0 && found != (size_t)-1) {
        reader = ui_widget_add(col, ui_field_new(ui_str(STR_PLAYER_YOUR_ANSWER), UI_FIELD_READ, 0, 0));
        if (reader) ui_field_set_text(reader, c, text);
    }
    if (!reader) {
        add_line(col, text, UI_TEXT_BODY);
        return;
    }
    if (jr_mark_matches(reader, c, text, query) > 0 && !*revealed) {
        *revealed = 1;
        ui_field_reveal_mark(reader, c);
    }
}

/* The answer a gave to st, in words, into col. */
static void add_answer(ui_widget *col, ui_ctx *c, const im_step *st, const im_answer *a, const char *query,
                       int *revealed)
{
    switch (st->answer) {
    case IM_ANSWER_TEXT: add_words(col, c, a->text ? a->text : "", query, revealed); break;
    case IM_ANSWER_ONE:
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST: add_choices(col, st, a->chosen); break;
    case IM_ANSWER_SCALE: add_scale(col, st, a->scale); break;
    case IM_ANSWER_LADDER: add_ladder(col, a); break;
    case IM_ANSWER_TIMER:
    case IM_ANSWER_BREATHING:
        add_line(col, ui_str(a->completed ? STR_PLAYER_TIMER_DONE : STR_RUN_READ_STARTED), UI_TEXT_BODY);
        break;
    default: break; /* match and consent belong to couple sessions: never shown */
    }
}

/* A card per step whose answer shows: the question, then the answer. */
static size_t add_answers(ui_widget *col, ui_ctx *c, const im_run *run, const char *query)
{
    int revealed = 0;
    const im_exercise *ex = im_run_exercise(run);
    size_t shown = 0;
    for (size_t i = 0; i < ex->n_steps; i++) {
        const im_step *st = &ex->steps[i];
        const im_answer *a = im_run_answer(run, i);
        if (!a || !im_answer_shows(st, a)) continue;
        ui_widget *card = ui_widget_add(col, ui_card_new());
        if (!card) continue;
        if (st->title) add_line(card, st->title, UI_TEXT_HEADING);
        player_add_text(card, &st->text);
        add_answer(card, c, st, a, query, &revealed);
        shown++;
    }
    return shown;
}

/* "Finished · Today" or "In progress · last worked on ...". */
static void add_state(ui_widget *col, const im_run *run, int64_t now_ms)
{
    int finished = im_run_finished(run);
    int64_t when = im_run_changed_ms(run);
    char day[80], buf[160];
    if (when > 0) {
        jr_day_text(jr_today(when), jr_today(now_ms), day, sizeof day);
        snprintf(buf, sizeof buf, ui_str(finished ? STR_RUN_READ_FINISHED : STR_RUN_READ_OPEN), day);
    } else {
        snprintf(buf, sizeof buf, "%s", ui_str(finished ? STR_RUN_READ_FINISHED_UNDATED : STR_RUN_READ_OPEN_UNDATED));
    }
    add_line(col, buf, UI_TEXT_SMALL);
}

/* Writing about it, copying it, saving it as a file (the file slot above
 * its button: "innermost-answers-<day>.md" in Documents, or the next place
 * there is, until another is chosen).  Returns -1 when a widget could not
 * be made. */
static int add_ways_out(ui_widget *col, ui_app *app, ui_session *s, run_read *rr)
{
    ui_widget_add(col, ui_button_new(ui_str(STR_RUN_READ_WRITE), UI_BUTTON_SECONDARY, RR_WRITE));
    ui_widget_add(col, ui_button_new(ui_str(STR_RUN_READ_COPY), UI_BUTTON_TEXT, RR_COPY));
    ui_file_slot *fs = &rr->slot;
    fs->mode = UI_PICK_SAVE;
    fs->chooser_title = STR_FILES_SAVE_TITLE_RUN;
    fs->ext = ".md";
    fs->filter_name = "Markdown";
    fs->mime = "text/markdown";
    fs->picked_action = RR_PICKED;
    int64_t now = im_clock_now_ms(&s->clock);
    char day[11];
    im_export_day_text(im_day_from_ms(now, im_local_tz_offset_min(now)), day);
    snprintf(fs->default_name, sizeof fs->default_name, "innermost-answers-%s.md", day);
    int made = ui_file_slot_add(fs, app, col, RR_CHOOSE);
    ui_widget *save = ui_widget_add(col, ui_button_new(ui_str(STR_RUN_READ_SAVE_FILE), UI_BUTTON_TEXT, RR_SAVE_FILE));
    fs->message = ui_widget_add(col, ui_message_new());
    return made == 0 && save && fs->message ? 0 : -1;
}

static ui_widget *build_body(ui_app *app, ui_session *s, run_read *rr)
{
    const im_run *run = rr->run;
    ui_widget *col = ui_column_new(16, 12);
    if (!col) return NULL;
    add_line(col, ui_str(STR_RUN_READ_HEADING), UI_TEXT_HEADING);
    add_state(col, run, im_clock_now_ms(&s->clock));
    if (add_answers(col, &app->ctx, run, rr->query) == 0)
        add_line(col, ui_str(STR_PLAYER_SUMMARY_EMPTY), UI_TEXT_SMALL);
    int finished = im_run_finished(run);
    if (!finished) ui_widget_add(col, ui_button_new(ui_str(STR_RUN_READ_CONTINUE), UI_BUTTON_PRIMARY, RR_CONTINUE));
    ui_widget_add(
        col, ui_button_new(ui_str(STR_RUN_READ_AGAIN), finished ? UI_BUTTON_PRIMARY : UI_BUTTON_SECONDARY, RR_AGAIN));
    if (add_ways_out(col, app, s, rr) != 0) {
        ui_widget_free(col);
        return NULL;
    }
    return col;
}

/* ---- the screen ----------------------------------------------------------------- */

/* The player on a run of the exercise read here, in this screen's place. */
static void play(ui_app *app, const run_read *rr, int64_t run_id)
{
    ui_player_args pa = { im_run_exercise(rr->run), run_id };
    ui_screen *player = ui_screen_new(app, &ui_player_run_class, &pa);
    if (player) ui_nav_replace(app, player); /* rr is gone now */
}

/* The run as the readable export writes it (core's im_run_render_markdown
 * of its saved state): a malloc'd text to wipe, or NULL. */
static char *run_markdown(ui_app *app, const im_run *run)
{
    unsigned char *state = NULL;
    size_t len = 0;
    char *md = NULL;
    int64_t when_ms = 0;
    if (im_run_save(run, &state, &len) != IM_OK) return NULL;
    /* the renderer's context is the library, not changed (im_export_run_fn's signature) */
    if (im_run_render_markdown((void *)ui_app_content(app), state, len, &when_ms, &md) != IM_OK) md = NULL;
    im_state_free(state, len);
    return md;
}

/* Puts the answers on the clipboard, and tells the session (ctx.copied),
 * which clears them again on a lock or after UI_CLIPBOARD_KEEP_MS, as it
 * does for a field's copy. */
static void copy_answers(ui_app *app, const run_read *rr)
{
    char *md = run_markdown(app, rr->run);
    int ok = md && SDL_SetClipboardText(md) == 0;
    if (ok && app->ctx.copied) app->ctx.copied(app->ctx.host, md, strlen(md));
    if (md) im_mem_wipe_free(md, strlen(md) + 1);
    ui_app_toast(app, ui_str(ok ? STR_RUN_READ_COPIED : STR_RUN_READ_NOT_COPIED));
}

/* The run's words to the document the system picker opened (fd): all of
 * them, or IM_ERR_IO. */
static im_rc write_to_fd(ui_app *app, const run_read *rr, int fd)
{
    char *md = run_markdown(app, rr->run);
    if (!md) return IM_ERR_NOT_FOUND;
    size_t len = strlen(md), done = 0;
    im_rc rc = IM_OK;
    if (lseek(fd, 0, SEEK_SET) == 0 && ftruncate(fd, 0) != 0) rc = IM_ERR_IO; /* a second save starts over */
    while (rc == IM_OK && done < len) {
        ssize_t n = write(fd, md + done, len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) rc = IM_ERR_IO;
        else done += (size_t)n;
    }
    if (rc == IM_OK && fsync(fd) != 0 && errno != EINVAL) rc = IM_ERR_IO;
    im_mem_wipe_free(md, len + 1);
    return rc;
}

/* The gate's callback (reauth.c, after the passphrase was right and the
 * gate has gone): the read view is on top again, with the file chosen. */
static void save_file_confirmed(ui_app *app)
{
    ui_screen *top = ui_nav_top(app);
    ui_session *sess = ui_session_of(app);
    if (!top || !ui_screen_is(top, &ui_run_read_class) || !top->state || !sess || !sess->vault) return;
    run_read *rr = top->state;
    im_rc rc = rr->slot.fd >= 0 ? write_to_fd(app, rr, rr->slot.fd)
                                : im_run_export_write(ui_app_content(app), sess->vault, rr->run_id, rr->slot.path);
    char msg[UI_PICK_PATH_MAX + 300];
    if (rc == IM_OK) {
        ui_message_set(rr->slot.message, &app->ctx, "");
        ui_app_toast(app, ui_str(STR_RUN_READ_SAVED));
        return;
    }
    if (ui_file_slot_explain(&rr->slot, msg, sizeof msg) == 0)
        snprintf(msg, sizeof msg, ui_str(STR_RUN_READ_NOT_SAVED), im_rc_message(rc));
    ui_message_set(rr->slot.message, &app->ctx, msg);
    ui_app_toast(app, msg);
}

/* Checks the chosen folder, then asks for the passphrase; nothing is
 * written before it is right. */
static void save_file(ui_app *app, run_read *rr)
{
    char msg[UI_PICK_PATH_MAX + 256];
    if (ui_file_slot_check(&rr->slot, msg, sizeof msg) != 0) {
        ui_message_set(rr->slot.message, &app->ctx, msg);
        return;
    }
    ui_message_set(rr->slot.message, &app->ctx, "");
    ui_screen *gate = ui_screen_new(app, &ui_reauth_class, &(ui_reauth_args){ UI_REAUTH_EXPORT, save_file_confirmed });
    if (gate) ui_nav_push(app, gate);
}

static void on_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    run_read *rr = s->state;
    switch (a->kind) {
    case RR_BACK: ui_player_close(app); break;
    case RR_AGAIN: play(app, rr, 0); break;
    case RR_CONTINUE: play(app, rr, rr->run_id); break;
    case RR_COPY: copy_answers(app, rr); break;
    case RR_WRITE: ui_player_journal_open_run(app, im_run_exercise(rr->run)->id, rr->run_id); break;
    case RR_SAVE_FILE: save_file(app, rr); break;
    case RR_CHOOSE: ui_file_slot_choose(&rr->slot, app); break;
    case RR_PICKED: ui_file_slot_picked(&rr->slot, app); break;
    default: break;
    }
}

static void run_read_free(ui_screen *s)
{
    run_read *rr = s->state;
    if (!rr) return;
    ui_file_slot_free(&rr->slot);
    im_run_free(rr->run);
    if (rr->query) im_mem_wipe_free(rr->query, strlen(rr->query) + 1);
    free(rr);
}

/* A system chooser's answer, when one is open. */
static void run_read_tick(ui_app *app, ui_screen *s)
{
    if (s->state) ui_file_slot_tick(&((run_read *)s->state)->slot, app);
}

static int run_read_build(ui_app *app, ui_screen *s, const void *args)
{
    const ui_run_read_args *ra = args;
    ui_session *sess = ui_session_of(app);
    if (!ra || !sess || !sess->vault || !ui_app_content(app)) return -1;
    run_read *rr = s->state = calloc(1, sizeof *rr);
    if (!rr) return -1;
    rr->slot.fd = -1;
    rr->run_id = ra->run_id;
    if (ra->query && ra->query[0] && !(rr->query = strdup(ra->query))) return -1;
    if (im_run_resume_from(ui_app_content(app), sess->vault, ra->run_id, &sess->clock, &rr->run) != IM_OK) {
        ui_app_toast(app, ui_str(STR_RUN_READ_GONE));
        return -1;
    }
    s->title = im_run_exercise(rr->run)->title;
    s->back_action = RR_BACK;
    s->body = build_body(app, sess, rr);
    return s->body ? 0 : -1;
}

const ui_screen_class ui_run_read_class = {
    .name = "run-read",
    .options = UI_SCREEN_FRAMED,
    .build = run_read_build,
    .action = on_action,
    .back = ui_player_on_back,
    .free = run_read_free,
    .tick = run_read_tick,
};

/* ---- coming back to an exercise --------------------------------------------------- */

void ui_player_open_exercise(ui_app *app, const im_exercise *ex)
{
    ui_session *s = ui_session_of(app);
    int64_t id = 0;
    int finished = 0;
    ui_screen *next = NULL;
    if (s && s->vault && ui_app_content(app) && im_run_find_open(s->vault, ex->id, &id) != IM_OK &&
        im_run_find_last(ui_app_content(app), s->vault, ex->id, &id, &finished) == IM_OK && finished)
        next = ui_screen_new(app, &ui_run_read_class, &(ui_run_read_args){ id, NULL });
    if (!next) next = ui_screen_new(app, &ui_player_class, ex);
    if (next) ui_nav_push(app, next);
}
