/* files.c -- see files.h: the file slot of a form and the in-app chooser. */
#define _POSIX_C_SOURCE 200809L
#include "screens/files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/session.h"
#include "screens/common.h"
#include "widgets/basic.h"
#include "widgets/textfield.h"

/* The folder chosen last in this run of the app (offered first). */
static char last_dir[UI_PICK_PATH_MAX];

void ui_files_size_text(uint64_t bytes, char *buf, size_t cap)
{
    static const char *const units[] = { "KB", "MB", "GB", "TB" };
    if (bytes < 1000) {
        snprintf(buf, cap, "%llu bytes", (unsigned long long)bytes);
        return;
    }
    double v = (double)bytes / 1000.0;
    int u = 0;
    while (v >= 1000.0 && u < 3) {
        v /= 1000.0;
        u++;
    }
    if (v < 10.0) snprintf(buf, cap, "%.1f %s", v, units[u]);
    else snprintf(buf, cap, "%.0f %s", v, units[u]);
}

static const char *place_name(const ui_place *p, char *buf, size_t cap)
{
    static const ui_str_id names[] = {
        [UI_PLACE_LAST] = STR_FILES_PLACE_LAST,           [UI_PLACE_DOCUMENTS] = STR_FILES_PLACE_DOCUMENTS,
        [UI_PLACE_DOWNLOADS] = STR_FILES_PLACE_DOWNLOADS, [UI_PLACE_DESKTOP] = STR_FILES_PLACE_DESKTOP,
        [UI_PLACE_SHARED] = STR_FILES_PLACE_SHARED,       [UI_PLACE_HOME] = STR_FILES_PLACE_HOME,
        [UI_PLACE_REMOVABLE] = STR_FILES_PLACE_REMOVABLE,
    };
    snprintf(buf, cap, ui_str(names[p->kind]), p->name);
    return buf;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* path as a person reads it: "~/Documents" for a folder under home. */
static const char *pretty(const char *path, char *buf, size_t cap)
{
    const char *home = getenv("HOME");
    size_t n = home ? strlen(home) : 0;
    if (n > 1 && strncmp(path, home, n) == 0 && (path[n] == '/' || path[n] == 0)) snprintf(buf, cap, "~%s", path + n);
    else snprintf(buf, cap, "%s", path);
    return buf;
}

/* name, or name with "-2" ... "-99" before its extension, whichever is not
 * in dir yet (so a default never replaces a file), into out. */
static void free_name(const char *dir, const char *name, char *out, size_t cap)
{
    char path[UI_PICK_PATH_MAX];
    struct stat st;
    snprintf(out, cap, "%s", name);
    const char *dot = strrchr(name, '.');
    int stem = dot && dot != name ? (int)(dot - name) : (int)strlen(name);
    for (int k = 2; k < 100; k++) {
        if (ui_path_join(path, sizeof path, dir, out) != 0 || lstat(path, &st) != 0) return;
        snprintf(out, cap, "%.*s-%d%s", stem, name, k, name + stem);
    }
}

/* ---- the slot ------------------------------------------------------------------- */

static void slot_show(ui_file_slot *fs, ui_app *app)
{
    char line[2 * UI_PICK_PATH_MAX + 128], dir[UI_PICK_PATH_MAX], shown[UI_PICK_PATH_MAX];
    if (!fs->chosen) snprintf(line, sizeof line, "%s", ui_str(STR_FILES_NOTHING_YET));
    else if (fs->fd >= 0 || ui_path_dir(dir, sizeof dir, fs->path) != 0)
        snprintf(line, sizeof line, "%s", base_name(fs->path));
    else
        snprintf(line, sizeof line, ui_str(STR_FILES_CHOSEN_IN), base_name(fs->path), pretty(dir, shown, sizeof shown));
    if (fs->line) ui_label_set_text(fs->line, &app->ctx, line);
    ui_ctx_relayout(&app->ctx);
}

static void slot_forget_fd(ui_file_slot *fs)
{
    if (fs->fd >= 0) close(fs->fd);
    fs->fd = -1;
}

int ui_file_slot_add(ui_file_slot *fs, ui_app *app, ui_widget *col, int choose_action)
{
    fs->fd = -1;
    int save = fs->mode == UI_PICK_SAVE;
    ui_widget_add(col, ui_label_new(ui_str(save ? STR_FILES_SAVE_TO : STR_FILES_OPEN_FROM), UI_TEXT_HEADING));
    fs->line = ui_widget_add(col, ui_label_new("", UI_TEXT_BODY));
    fs->button = ui_widget_add(col, ui_button_new(ui_str(save ? STR_FILES_CHOOSE_SAVE : STR_FILES_CHOOSE_OPEN),
                                                  UI_BUTTON_SECONDARY, choose_action));
    if (save) {
        ui_place places[UI_PLACES_MAX];
        int n = ui_places_list(last_dir, places, UI_PLACES_MAX);
        char name[UI_PICK_NAME_MAX];
        for (int i = 0; i < n && !fs->chosen; i++) {
            if (ui_folder_check(places[i].path) != UI_FOLDER_OK) continue;
            free_name(places[i].path, fs->default_name, name, sizeof name);
            if (ui_path_join(fs->path, sizeof fs->path, places[i].path, name) == 0) fs->chosen = 1;
        }
    }
    slot_show(fs, app);
    return fs->line && fs->button ? 0 : -1;
}

static void wake_app(void *ctx) { ui_app_request_refresh(ctx); }

static void push_chooser(ui_file_slot *fs, ui_app *app)
{
    ui_files_args args = { fs };
    ui_screen *s = ui_screen_new(app, &ui_files_class, &args);
    if (s) ui_nav_push(app, s);
}

void ui_file_slot_choose(ui_file_slot *fs, ui_app *app)
{
    if (fs->picker) return; /* the system's chooser is open */
    ui_pick_request req = {
        .mode = fs->mode,
        .title = ui_str(fs->chooser_title),
        .file_name = fs->default_name,
        .filter_name = fs->filter_name,
        .mime = fs->mime,
        .wake = wake_app,
        .wake_ctx = app,
    };
    char pattern[64];
    snprintf(pattern, sizeof pattern, "*%s", fs->ext ? fs->ext : "");
    req.pattern = pattern;
    fs->picker = ui_picker_native_start(&req);
    if (!fs->picker) push_chooser(fs, app);
}

void ui_file_slot_tick(ui_file_slot *fs, ui_app *app)
{
    if (!fs->picker) return;
    ui_pick_result r;
    ui_pick_state st = ui_picker_poll(fs->picker, &r);
    if (st == UI_PICK_RUNNING) return;
    ui_picker_free(fs->picker);
    fs->picker = NULL;
    if (st == UI_PICK_FAILED) {
        push_chooser(fs, app); /* no system chooser after all */
    } else if (st == UI_PICK_CHOSEN) {
        slot_forget_fd(fs);
        fs->fd = r.fd;
        snprintf(fs->path, sizeof fs->path, "%s", r.fd >= 0 ? r.display : r.path);
        fs->chosen = 1;
        if (r.fd < 0 && ui_path_dir(last_dir, sizeof last_dir, r.path) != 0) last_dir[0] = 0;
        slot_show(fs, app);
        if (fs->message) ui_message_set(fs->message, &app->ctx, "");
    }
}

void ui_file_slot_picked(ui_file_slot *fs, ui_app *app)
{
    slot_show(fs, app);
    if (fs->message) ui_message_set(fs->message, &app->ctx, "");
}

/* The words for a folder's problem, naming it. */
static int folder_words(ui_folder_problem p, const char *dir, char *msg, size_t cap)
{
    static const ui_str_id words[] = {
        [UI_FOLDER_MISSING] = STR_FILES_MISSING,
        [UI_FOLDER_NOT_FOLDER] = STR_FILES_NOT_FOLDER,
        [UI_FOLDER_NO_PERMISSION] = STR_FILES_NO_PERMISSION,
        [UI_FOLDER_READ_ONLY] = STR_FILES_READ_ONLY,
        [UI_FOLDER_FULL] = STR_FILES_FULL,
    };
    if (p == UI_FOLDER_OK) return 0;
    char shown[UI_PICK_PATH_MAX];
    snprintf(msg, cap, ui_str(words[p]), pretty(dir, shown, sizeof shown));
    return -1;
}

int ui_file_slot_check(const ui_file_slot *fs, char *msg, size_t cap)
{
    if (!fs->chosen) {
        snprintf(msg, cap, "%s", ui_str(fs->mode == UI_PICK_SAVE ? STR_FILES_NEED_CHOICE : STR_FILES_NEED_BACKUP));
        return -1;
    }
    if (fs->fd >= 0) return 0;
    if (fs->mode == UI_PICK_OPEN) {
        struct stat st;
        if (stat(fs->path, &st) == 0 && S_ISREG(st.st_mode)) return 0;
        char shown[UI_PICK_PATH_MAX];
        snprintf(msg, cap, ui_str(STR_FILES_GONE), pretty(fs->path, shown, sizeof shown));
        return -1;
    }
    char dir[UI_PICK_PATH_MAX];
    if (ui_path_dir(dir, sizeof dir, fs->path) != 0) return folder_words(UI_FOLDER_MISSING, fs->path, msg, cap);
    return folder_words(ui_folder_check(dir), dir, msg, cap);
}

int ui_file_slot_explain(const ui_file_slot *fs, char *msg, size_t cap)
{
    return fs->chosen && fs->fd < 0 ? ui_file_slot_check(fs, msg, cap) : 0;
}

void ui_file_slot_free(ui_file_slot *fs)
{
    ui_picker_free(fs->picker);
    fs->picker = NULL;
    slot_forget_fd(fs);
}

/* ---- the chooser -------------------------------------------------------------------- */

enum { ACT_BACK = 1, ACT_TARGET, ACT_OTHER, ACT_UP, ACT_HERE, ACT_NAME };

typedef enum target_kind { T_PLACE, T_FOUND, T_DIR, T_FILE } target_kind;

typedef struct target {
    ui_widget *w;
    target_kind kind;
    size_t index;
} target;

typedef struct files_state {
    ui_file_slot *slot;
    ui_place places[UI_PLACES_MAX];
    int nplaces;
    ui_widget *name, *message, *list;
    int browsing;
    char dir[UI_PICK_PATH_MAX];
    ui_found_file *found;
    size_t nfound;
    ui_dir_entry *entries;
    size_t nentries;
    target *targets;
    size_t ntargets, cap_targets;
    char replace_ok[UI_PICK_PATH_MAX]; /* the file a second tap may replace */
} files_state;

static void files_free(ui_screen *s)
{
    files_state *f = s->state;
    if (!f) return;
    free(f->found);
    free(f->entries);
    free(f->targets);
    free(f);
}

static void say_error(ui_app *app, files_state *f, const char *text)
{
    ui_message_say(f->message, &app->ctx, UI_MESSAGE_ERROR, text);
}

/* A row: a button (its label the name a person taps) and a small detail line. */
static void add_row(files_state *f, const char *label, const char *detail, target_kind kind, size_t index)
{
    if (f->ntargets == f->cap_targets) {
        size_t cap = f->cap_targets ? 2 * f->cap_targets : 16;
        target *g = realloc(f->targets, cap * sizeof *g);
        if (!g) return;
        f->targets = g;
        f->cap_targets = cap;
    }
    ui_widget *row = ui_widget_add(f->list, ui_column_new(0, 2));
    if (!row) return;
    ui_widget *b = ui_widget_add(row, ui_button_new(label, UI_BUTTON_SECONDARY, ACT_TARGET));
    if (detail && detail[0]) ui_widget_add(row, ui_label_new(detail, UI_TEXT_SMALL));
    if (b) f->targets[f->ntargets++] = (target){ b, kind, index };
}

static void file_detail(const ui_dir_entry *e, const char *where, char *buf, size_t cap)
{
    char when[64], size[32];
    time_t t = (time_t)e->mtime_s;
    struct tm tmv;
    if (!localtime_r(&t, &tmv) || !strftime(when, sizeof when, "%e %b %Y, %H:%M", &tmv))
        snprintf(when, sizeof when, "?");
    ui_files_size_text(e->size, size, sizeof size);
    const char *w = when[0] == ' ' ? when + 1 : when;
    if (where) snprintf(buf, cap, ui_str(STR_FILES_FILE_DETAIL), w, size, where);
    else snprintf(buf, cap, ui_str(STR_FILES_FILE_DETAIL_HERE), w, size);
}

static void build_places(files_state *f)
{
    int save = f->slot->mode == UI_PICK_SAVE;
    char name[UI_PICK_NAME_MAX + 32], detail[2 * UI_PICK_PATH_MAX + 64], size[32], shown[UI_PICK_PATH_MAX];
    if (save) {
        ui_widget_add(f->list, ui_label_new(ui_str(STR_FILES_PLACES), UI_TEXT_HEADING));
        for (int i = 0; i < f->nplaces; i++) {
            const ui_place *p = &f->places[i];
            if (p->free_known) {
                ui_files_size_text(p->free_bytes, size, sizeof size);
                snprintf(detail, sizeof detail, ui_str(STR_FILES_PLACE_DETAIL), pretty(p->path, shown, sizeof shown),
                         size);
            } else {
                snprintf(detail, sizeof detail, "%s", pretty(p->path, shown, sizeof shown));
            }
            add_row(f, place_name(p, name, sizeof name), detail, T_PLACE, (size_t)i);
        }
        ui_widget_add(f->list, ui_button_new(ui_str(STR_FILES_OTHER_FOLDER), UI_BUTTON_TEXT, ACT_OTHER));
        return;
    }
    ui_widget_add(f->list, ui_label_new(ui_str(STR_FILES_FOUND), UI_TEXT_HEADING));
    free(f->found);
    f->nfound = ui_files_find(f->places, f->nplaces, f->slot->ext, NULL, 0);
    f->found = calloc(f->nfound ? f->nfound : 1, sizeof *f->found);
    if (!f->found) f->nfound = 0;
    f->nfound = f->found ? ui_files_find(f->places, f->nplaces, f->slot->ext, f->found, f->nfound) : 0;
    for (size_t i = 0; i < f->nfound; i++) {
        file_detail(&f->found[i].e, place_name(&f->places[f->found[i].place], name, sizeof name), detail,
                    sizeof detail);
        add_row(f, f->found[i].e.name, detail, T_FOUND, i);
    }
    if (f->nfound == 0) {
        char names[1024] = "";
        for (int i = 0; i < f->nplaces; i++) {
            size_t l = strlen(names);
            snprintf(names + l, sizeof names - l, "%s%s", i ? ", " : "", place_name(&f->places[i], name, sizeof name));
        }
        snprintf(detail, sizeof detail, ui_str(STR_FILES_NONE_FOUND), names);
        ui_widget_add(f->list, ui_label_new(detail, UI_TEXT_BODY));
    }
    ui_widget_add(f->list, ui_button_new(ui_str(STR_FILES_OTHER_LOOK), UI_BUTTON_TEXT, ACT_OTHER));
}

static void build_browse(files_state *f)
{
    int save = f->slot->mode == UI_PICK_SAVE;
    char text[2 * UI_PICK_PATH_MAX + 64], shown[UI_PICK_PATH_MAX];
    snprintf(text, sizeof text, ui_str(STR_FILES_IN_FOLDER), pretty(f->dir, shown, sizeof shown));
    ui_widget_add(f->list, ui_label_new(text, UI_TEXT_BODY));
    if (strcmp(f->dir, "/") != 0) ui_widget_add(f->list, ui_button_new(ui_str(STR_FILES_UP), UI_BUTTON_TEXT, ACT_UP));
    if (save) ui_widget_add(f->list, ui_button_new(ui_str(STR_FILES_SAVE_HERE), UI_BUTTON_PRIMARY, ACT_HERE));
    free(f->entries);
    f->entries = NULL;
    f->nentries = 0;
    if (ui_dir_list(f->dir, save ? NULL : f->slot->ext, &f->entries, &f->nentries) != 0) {
        snprintf(text, sizeof text, ui_str(STR_FILES_CANNOT_READ), f->dir);
        ui_widget_add(f->list, ui_label_new(text, UI_TEXT_BODY));
        return;
    }
    size_t dirs = 0, files = 0;
    for (size_t i = 0; i < f->nentries; i++) *(f->entries[i].is_dir ? &dirs : &files) += 1;
    if (!save) {
        ui_widget_add(f->list, ui_label_new(ui_str(STR_FILES_FILES_HERE), UI_TEXT_HEADING));
        for (size_t i = 0; i < f->nentries; i++) {
            if (f->entries[i].is_dir) continue;
            file_detail(&f->entries[i], NULL, text, sizeof text);
            add_row(f, f->entries[i].name, text, T_FILE, i);
        }
        if (!files) ui_widget_add(f->list, ui_label_new(ui_str(STR_FILES_NO_BACKUPS_HERE), UI_TEXT_SMALL));
    }
    ui_widget_add(f->list, ui_label_new(ui_str(STR_FILES_SUBFOLDERS), UI_TEXT_HEADING));
    for (size_t i = 0; i < f->nentries; i++)
        if (f->entries[i].is_dir) add_row(f, f->entries[i].name, NULL, T_DIR, i);
    if (!dirs) ui_widget_add(f->list, ui_label_new(ui_str(STR_FILES_NO_FOLDERS), UI_TEXT_SMALL));
}

static void rebuild(ui_app *app, files_state *f)
{
    ui_widget_remove_children(f->list, &app->ctx);
    f->ntargets = 0;
    if (f->browsing) build_browse(f);
    else build_places(f);
    ui_ctx_relayout(&app->ctx);
}

/* The choice is made (invariant 2): into the slot, back to the form, and
 * the form told. */
static void choose(ui_app *app, files_state *f, const char *path)
{
    ui_file_slot *fs = f->slot;
    if (fs->fd >= 0) close(fs->fd);
    fs->fd = -1;
    snprintf(fs->path, sizeof fs->path, "%s", path);
    fs->chosen = 1;
    if (ui_path_dir(last_dir, sizeof last_dir, path) != 0) last_dir[0] = 0;
    int action = fs->picked_action;
    f->browsing = 0;  /* so Back leaves (files_back) */
    ui_nav_back(app); /* frees this screen: f is gone */
    ui_ctx_emit_kind(&app->ctx, NULL, action, 0);
}

/* Save into dir under the typed name, once both pass. */
static void save_in(ui_app *app, files_state *f, const char *dir)
{
    const char *name = ui_field_text(f->name);
    char msg[UI_PICK_PATH_MAX + 256], path[UI_PICK_PATH_MAX];
    if (!name[0]) {
        say_error(app, f, ui_str(STR_FILES_NAME_EMPTY));
        return;
    }
    if (strchr(name, '/')) {
        say_error(app, f, ui_str(STR_FILES_NAME_SLASH));
        return;
    }
    if (folder_words(ui_folder_check(dir), dir, msg, sizeof msg) != 0) {
        say_error(app, f, msg);
        return;
    }
    if (ui_path_join(path, sizeof path, dir, name) != 0) return;
    struct stat st;
    if (lstat(path, &st) == 0 && strcmp(f->replace_ok, path) != 0) { /* never replaced at one tap */
        char shown[UI_PICK_PATH_MAX];
        snprintf(msg, sizeof msg, ui_str(STR_FILES_EXISTS), name, pretty(dir, shown, sizeof shown));
        say_error(app, f, msg);
        snprintf(f->replace_ok, sizeof f->replace_ok, "%s", path);
        return;
    }
    snprintf(f->slot->default_name, sizeof f->slot->default_name, "%s", name);
    choose(app, f, path);
}

static void open_file(ui_app *app, files_state *f, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        char msg[UI_PICK_PATH_MAX + 128], shown[UI_PICK_PATH_MAX];
        snprintf(msg, sizeof msg, ui_str(STR_FILES_GONE), pretty(path, shown, sizeof shown));
        say_error(app, f, msg);
        rebuild(app, f);
        return;
    }
    choose(app, f, path);
}

static void enter(ui_app *app, files_state *f, const char *dir)
{
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    f->browsing = 1;
    ui_message_set(f->message, &app->ctx, "");
    rebuild(app, f);
}

static void on_target(ui_app *app, files_state *f, const ui_widget *w)
{
    const target *t = NULL;
    for (size_t i = 0; i < f->ntargets && !t; i++)
        if (f->targets[i].w == w) t = &f->targets[i];
    if (!t) return;
    char path[UI_PICK_PATH_MAX];
    switch (t->kind) {
    case T_PLACE: save_in(app, f, f->places[t->index].path); break;
    case T_FOUND: open_file(app, f, f->found[t->index].path); break;
    case T_DIR:
        if (ui_path_join(path, sizeof path, f->dir, f->entries[t->index].name) == 0) enter(app, f, path);
        break;
    case T_FILE:
        if (ui_path_join(path, sizeof path, f->dir, f->entries[t->index].name) == 0) open_file(app, f, path);
        break;
    }
}

static void files_action(ui_app *app, ui_screen *s, const ui_action *a)
{
    files_state *f = s->state;
    char dir[UI_PICK_PATH_MAX];
    switch (a->kind) {
    case ACT_BACK:
        if (f->browsing) {
            f->browsing = 0;
            ui_message_set(f->message, &app->ctx, "");
            rebuild(app, f);
        } else {
            ui_nav_back(app);
        }
        break;
    case ACT_TARGET: on_target(app, f, a->source); break;
    case ACT_OTHER: {
        const char *home = getenv("HOME");
        if (f->slot->chosen && f->slot->fd < 0 && ui_path_dir(dir, sizeof dir, f->slot->path) == 0 &&
            ui_folder_check(dir) != UI_FOLDER_MISSING)
            enter(app, f, dir);
        else enter(app, f, f->nplaces ? f->places[0].path : home && home[0] ? home : "/");
        break;
    }
    case ACT_UP:
        if (ui_path_dir(dir, sizeof dir, f->dir) == 0) enter(app, f, dir);
        break;
    case ACT_HERE: save_in(app, f, f->dir); break;
    default: break;
    }
}

static int files_back(ui_app *app, ui_screen *s)
{
    files_state *f = s->state;
    if (!f || !f->browsing) return 0;
    ui_action a = { ACT_BACK, NULL, 0, "" };
    files_action(app, s, &a);
    return 1;
}

static int files_build(ui_app *app, ui_screen *s, const void *args)
{
    const ui_files_args *in = args;
    files_state *f = s->state = calloc(1, sizeof *f);
    s->body = ui_column_new(24, 12);
    s->back_action = ACT_BACK;
    if (!f || !s->body || !in || !in->slot) return -1;
    f->slot = in->slot;
    int save = f->slot->mode == UI_PICK_SAVE;
    s->title = ui_str(f->slot->chooser_title);
    f->nplaces = ui_places_list(last_dir, f->places, UI_PLACES_MAX);
    ui_widget_add(s->body, ui_label_new(ui_str(save ? STR_FILES_SAVE_LEAD : STR_FILES_OPEN_LEAD), UI_TEXT_BODY));
    if (save) {
        f->name = ui_widget_add(s->body, ui_field_new(ui_str(STR_FILES_NAME), UI_FIELD_LINE, ACT_NAME, 0));
        ui_field_set_wrap(f->name); /* the whole name in sight at 200 % too */
        if (f->name)
            ui_field_set_text(f->name, &app->ctx, base_name(f->slot->chosen ? f->slot->path : f->slot->default_name));
    }
    f->message = ui_widget_add(s->body, ui_message_new());
    f->list = ui_widget_add(s->body, ui_column_new(0, 12));
    if ((save && !f->name) || !f->message || !f->list) return -1;
    rebuild(app, f);
    return 0;
}

const ui_screen_class ui_files_class = {
    .name = "files",
    .options = UI_SCREEN_FRAMED,
    .build = files_build,
    .action = files_action,
    .back = files_back,
    .free = files_free,
};
