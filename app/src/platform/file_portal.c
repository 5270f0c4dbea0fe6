/*
 * file_portal.c -- the system chooser's half for Linux desktops: the XDG
 * desktop portal's FileChooser (file_picker.h).  Android's half is in
 * android_jni.c, iOS's in ios/im_file_picker.m; a build with neither and no
 * libdbus has none (ui_picker_native_possible says 0).
 *
 * One run is one thread with its own private connection to the session
 * bus (libdbus, blocking calls, so the UI thread never waits on it):
 *   1. is org.freedesktop.portal.Desktop there (owned, or activatable)?
 *      If not, FAILED: the caller shows the in-app chooser.
 *   2. subscribe to Response on the Request path the portal will use
 *      (/org/freedesktop/portal/desktop/request/SENDER/TOKEN, the sender's
 *      unique name without ':' and with '.' as '_'), before the call, so an
 *      answer that comes at once is not missed;
 *   3. SaveFile or OpenFile (parent "", the title, options handle_token,
 *      modal, filters, current_name); the reply names the Request (older
 *      portals may pick another path: then that one is subscribed too);
 *   4. wait for Response (u response, a{sv} results): 0 with results
 *      "uris" -> CHOSEN with the first file:// URI as a path; 1 ->
 *      CANCELLED; anything else -> FAILED.  While waiting, every 250 ms it
 *      looks whether the caller left; then it calls Request.Close and ends.
 * Only a path crosses back: the portal never sees the file's contents.
 *
 * Loading (issue 19).  libdbus is not mapped at start: the code above is
 * built as the module innermost-portal.so (IM_PORTAL_MODULE; the app's
 * ui_picker_finish and ui_picker_abandoned reach it through a table), and
 * the app's copy (IM_HAVE_DBUS) opens it (platform/module.h) the first
 * time a chooser is asked for.  A missing module: start says -1 and the
 * caller shows the in-app chooser at once, as with no portal.
 */
#define _DEFAULT_SOURCE
#include "platform/file_picker.h"

#include <SDL.h>

#if defined(__ANDROID__) || defined(__IPHONEOS__)
/* the halves in android_jni.c and ios/im_file_picker.m */
typedef int ui_file_portal_unused;
#elif defined(IM_HAVE_DBUS) || defined(IM_PORTAL_MODULE)
typedef struct ui_portal_host {
    void (*finish)(ui_picker *p, ui_pick_state state, const ui_pick_result *r);
    int (*abandoned)(ui_picker *p);
} ui_portal_host;
typedef int (*ui_portal_start_fn)(ui_picker *p);
typedef ui_portal_start_fn (*ui_portal_entry)(const ui_portal_host *host);
#define UI_PORTAL_ENTRY "ui_portal_module_get"
#include <stdlib.h>

int ui_picker_native_possible(void)
{
    const char *bus = getenv("DBUS_SESSION_BUS_ADDRESS");
    return bus && bus[0]; /* invariant 3: no autolaunch, no guessing */
}
#endif

#if defined(__ANDROID__) || defined(__IPHONEOS__)
#elif defined(IM_HAVE_DBUS) && !defined(IM_PORTAL_MODULE)
#include "platform/module.h"
int ui_picker_platform_start(ui_picker *p)
{
    static const ui_portal_host host = { ui_picker_finish, ui_picker_abandoned };
    static ui_portal_start_fn start;
    if (!start) {
        ui_portal_entry get = (ui_portal_entry)ui_module_entry("portal", UI_PORTAL_ENTRY);
        start = get ? get(&host) : NULL;
    }
    return start ? start(p) : -1;
}
#elif defined(IM_PORTAL_MODULE)
#include <dbus/dbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define CHOOSER_IFACE "org.freedesktop.portal.FileChooser"
#define REQUEST_IFACE "org.freedesktop.portal.Request"
#define CALL_TIMEOUT_MS 10000
#define POLL_MS 250

static const ui_portal_host *host; /* the app's */
#define ui_picker_finish(p, st, r) host->finish(p, st, r)
#define ui_picker_abandoned(p) host->abandoned(p)

static void add_dict_s(DBusMessageIter *dict, const char *key, const char *val)
{
    DBusMessageIter e, v;
    dbus_message_iter_open_container(dict, DBUS_TYPE_DICT_ENTRY, NULL, &e);
    dbus_message_iter_append_basic(&e, DBUS_TYPE_STRING, &key);
    dbus_message_iter_open_container(&e, DBUS_TYPE_VARIANT, "s", &v);
    dbus_message_iter_append_basic(&v, DBUS_TYPE_STRING, &val);
    dbus_message_iter_close_container(&e, &v);
    dbus_message_iter_close_container(dict, &e);
}

static void add_dict_b(DBusMessageIter *dict, const char *key, dbus_bool_t val)
{
    DBusMessageIter e, v;
    dbus_message_iter_open_container(dict, DBUS_TYPE_DICT_ENTRY, NULL, &e);
    dbus_message_iter_append_basic(&e, DBUS_TYPE_STRING, &key);
    dbus_message_iter_open_container(&e, DBUS_TYPE_VARIANT, "b", &v);
    dbus_message_iter_append_basic(&v, DBUS_TYPE_BOOLEAN, &val);
    dbus_message_iter_close_container(&e, &v);
    dbus_message_iter_close_container(dict, &e);
}

/* filters: a(sa(us)) with one filter, one glob (kind 0). */
static void add_filter(DBusMessageIter *dict, const char *name, const char *glob)
{
    const char *key = "filters";
    DBusMessageIter e, v, arr, st, pats, pat;
    dbus_uint32_t kind = 0;
    dbus_message_iter_open_container(dict, DBUS_TYPE_DICT_ENTRY, NULL, &e);
    dbus_message_iter_append_basic(&e, DBUS_TYPE_STRING, &key);
    dbus_message_iter_open_container(&e, DBUS_TYPE_VARIANT, "a(sa(us))", &v);
    dbus_message_iter_open_container(&v, DBUS_TYPE_ARRAY, "(sa(us))", &arr);
    dbus_message_iter_open_container(&arr, DBUS_TYPE_STRUCT, NULL, &st);
    dbus_message_iter_append_basic(&st, DBUS_TYPE_STRING, &name);
    dbus_message_iter_open_container(&st, DBUS_TYPE_ARRAY, "(us)", &pats);
    dbus_message_iter_open_container(&pats, DBUS_TYPE_STRUCT, NULL, &pat);
    dbus_message_iter_append_basic(&pat, DBUS_TYPE_UINT32, &kind);
    dbus_message_iter_append_basic(&pat, DBUS_TYPE_STRING, &glob);
    dbus_message_iter_close_container(&pats, &pat);
    dbus_message_iter_close_container(&st, &pats);
    dbus_message_iter_close_container(&arr, &st);
    dbus_message_iter_close_container(&v, &arr);
    dbus_message_iter_close_container(&e, &v);
    dbus_message_iter_close_container(dict, &e);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* A file:// URI as a local path (percent-decoded); 0, or -1 when it is
 * not one (another host, another scheme, a NUL, too long). */
static int uri_to_path(const char *uri, char *out, size_t cap)
{
    if (strncmp(uri, "file://", 7) != 0) return -1;
    const char *p = uri + 7;
    if (*p != '/') return -1; /* file://host/...: not this machine's */
    size_t n = 0;
    for (; *p; p++) {
        int c = (unsigned char)*p;
        if (c == '%') {
            int hi = hexval(p[1]), lo = hi >= 0 ? hexval(p[2]) : -1;
            if (lo < 0) return -1;
            c = hi * 16 + lo;
            p += 2;
            if (c == 0) return -1;
        }
        if (n + 1 >= cap) return -1;
        out[n++] = (char)c;
    }
    out[n] = 0;
    return 0;
}

/* The first of results["uris"]; NULL if none. */
static const char *first_uri(DBusMessageIter *results)
{
    if (dbus_message_iter_get_arg_type(results) != DBUS_TYPE_ARRAY) return NULL;
    DBusMessageIter dict;
    dbus_message_iter_recurse(results, &dict);
    for (; dbus_message_iter_get_arg_type(&dict) == DBUS_TYPE_DICT_ENTRY; dbus_message_iter_next(&dict)) {
        DBusMessageIter e, v, arr;
        const char *key = NULL;
        dbus_message_iter_recurse(&dict, &e);
        if (dbus_message_iter_get_arg_type(&e) != DBUS_TYPE_STRING) continue;
        dbus_message_iter_get_basic(&e, &key);
        if (strcmp(key, "uris") != 0 || !dbus_message_iter_next(&e)) continue;
        dbus_message_iter_recurse(&e, &v);
        if (dbus_message_iter_get_arg_type(&v) != DBUS_TYPE_ARRAY) return NULL;
        dbus_message_iter_recurse(&v, &arr);
        if (dbus_message_iter_get_arg_type(&arr) != DBUS_TYPE_STRING) return NULL;
        const char *uri = NULL;
        dbus_message_iter_get_basic(&arr, &uri);
        return uri;
    }
    return NULL;
}

static void subscribe(DBusConnection *c, const char *path)
{
    char rule[1024];
    int n = snprintf(rule, sizeof rule, "type='signal',interface='" REQUEST_IFACE "',member='Response',path='%s'",
                     path);
    if (n > 0 && (size_t)n < sizeof rule) dbus_bus_add_match(c, rule, NULL);
}

static int portal_there(DBusConnection *c)
{
    DBusError err;
    dbus_error_init(&err);
    int owned = dbus_bus_name_has_owner(c, PORTAL_NAME, &err);
    dbus_error_free(&err);
    if (owned) return 1;
    /* activatable: the bus starts it on the call */
    DBusMessage *m = dbus_message_new_method_call(DBUS_SERVICE_DBUS, DBUS_PATH_DBUS, DBUS_INTERFACE_DBUS,
                                                  "ListActivatableNames");
    DBusMessage *r = m ? dbus_connection_send_with_reply_and_block(c, m, CALL_TIMEOUT_MS, &err) : NULL;
    int found = 0;
    DBusMessageIter it, arr;
    if (r && dbus_message_iter_init(r, &it) && dbus_message_iter_get_arg_type(&it) == DBUS_TYPE_ARRAY) {
        dbus_message_iter_recurse(&it, &arr);
        for (; dbus_message_iter_get_arg_type(&arr) == DBUS_TYPE_STRING; dbus_message_iter_next(&arr)) {
            const char *name;
            dbus_message_iter_get_basic(&arr, &name);
            if (strcmp(name, PORTAL_NAME) == 0) found = 1;
        }
    }
    if (r) dbus_message_unref(r);
    if (m) dbus_message_unref(m);
    dbus_error_free(&err);
    return found;
}

/* The call (step 3); the Request's path into handle; 0 when the portal took it. */
static int call_chooser(DBusConnection *c, ui_picker *p, const char *token, char *handle, size_t cap)
{
    const int save = p->req.mode == UI_PICK_SAVE;
    DBusMessage *m = dbus_message_new_method_call(PORTAL_NAME, PORTAL_PATH, CHOOSER_IFACE,
                                                  save ? "SaveFile" : "OpenFile");
    if (!m) return -1;
    DBusMessageIter it, dict;
    const char *parent = "", *title = p->req.title;
    dbus_message_iter_init_append(m, &it);
    dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &parent);
    dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &title);
    dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "{sv}", &dict);
    add_dict_s(&dict, "handle_token", token);
    add_dict_b(&dict, "modal", TRUE);
    if (save && p->req.file_name[0]) add_dict_s(&dict, "current_name", p->req.file_name);
    if (p->req.pattern[0])
        add_filter(&dict, p->req.filter_name[0] ? p->req.filter_name : p->req.pattern, p->req.pattern);
    dbus_message_iter_close_container(&it, &dict);
    DBusError err;
    dbus_error_init(&err);
    DBusMessage *r = dbus_connection_send_with_reply_and_block(c, m, CALL_TIMEOUT_MS, &err);
    dbus_message_unref(m);
    int ok = -1;
    const char *path = NULL;
    if (r && dbus_message_get_args(r, &err, DBUS_TYPE_OBJECT_PATH, &path, DBUS_TYPE_INVALID) && path) {
        if (strcmp(path, handle) != 0) subscribe(c, path);
        snprintf(handle, cap, "%s", path);
        ok = 0;
    }
    if (r) dbus_message_unref(r);
    dbus_error_free(&err);
    return ok;
}

/* Step 4: the Response's state, the path on CHOSEN. */
static ui_pick_state wait_response(DBusConnection *c, ui_picker *p, const char *handle, ui_pick_result *res)
{
    while (!ui_picker_abandoned(p)) {
        if (!dbus_connection_read_write(c, POLL_MS)) return UI_PICK_FAILED; /* the bus went */
        DBusMessage *msg;
        while ((msg = dbus_connection_pop_message(c)) != NULL) {
            int mine = dbus_message_is_signal(msg, REQUEST_IFACE, "Response") && dbus_message_has_path(msg, handle);
            ui_pick_state st = UI_PICK_RUNNING;
            DBusMessageIter it;
            if (mine && dbus_message_iter_init(msg, &it) && dbus_message_iter_get_arg_type(&it) == DBUS_TYPE_UINT32) {
                dbus_uint32_t code;
                dbus_message_iter_get_basic(&it, &code);
                dbus_message_iter_next(&it);
                const char *uri = code == 0 ? first_uri(&it) : NULL;
                if (code == 1) st = UI_PICK_CANCELLED;
                else if (uri && uri_to_path(uri, res->path, sizeof res->path) == 0) st = UI_PICK_CHOSEN;
                else st = UI_PICK_FAILED;
            }
            dbus_message_unref(msg);
            if (st != UI_PICK_RUNNING) return st;
        }
    }
    /* the caller left: close the dialog */
    DBusMessage *m = dbus_message_new_method_call(PORTAL_NAME, handle, REQUEST_IFACE, "Close");
    if (m) {
        dbus_connection_send(c, m, NULL);
        dbus_connection_flush(c);
        dbus_message_unref(m);
    }
    return UI_PICK_CANCELLED;
}

static int portal_thread(void *arg)
{
    ui_picker *p = arg;
    ui_pick_result res;
    memset(&res, 0, sizeof res);
    res.fd = -1;
    ui_pick_state st = UI_PICK_FAILED;
    DBusError err;
    dbus_error_init(&err);
    DBusConnection *c = dbus_bus_get_private(DBUS_BUS_SESSION, &err);
    dbus_error_free(&err);
    if (c) {
        dbus_connection_set_exit_on_disconnect(c, FALSE);
        static SDL_atomic_t counter;
        char token[64], sender[128], handle[512];
        snprintf(token, sizeof token, "innermost%d", SDL_AtomicAdd(&counter, 1) + 1);
        const char *u = dbus_bus_get_unique_name(c);
        size_t n = 0;
        for (const char *q = u && u[0] == ':' ? u + 1 : ""; *q && n + 1 < sizeof sender; q++)
            sender[n++] = *q == '.' ? '_' : *q;
        sender[n] = 0;
        snprintf(handle, sizeof handle, PORTAL_PATH "/request/%s/%s", sender, token);
        if (portal_there(c)) {
            subscribe(c, handle);
            if (call_chooser(c, p, token, handle, sizeof handle) == 0) st = wait_response(c, p, handle, &res);
        }
        const char *base = strrchr(res.path, '/');
        snprintf(res.display, sizeof res.display, "%.*s", (int)sizeof res.display - 1, base ? base + 1 : res.path);
        dbus_connection_close(c);
        dbus_connection_unref(c);
    }
    ui_picker_finish(p, st, &res);
    return 0;
}

static int portal_start(ui_picker *p)
{
    if (!dbus_threads_init_default()) return -1;
    SDL_Thread *t = SDL_CreateThread(portal_thread, "portal", p);
    if (!t) return -1;
    SDL_DetachThread(t);
    return 0;
}

__attribute__((visibility("default"))) ui_portal_start_fn ui_portal_module_get(const ui_portal_host *h);
ui_portal_start_fn ui_portal_module_get(const ui_portal_host *h)
{
    host = h;
    return portal_start;
}
#else
/* No system chooser in this build: the in-app one is the only one. */
int ui_picker_native_possible(void) { return 0; }
int ui_picker_platform_start(ui_picker *p)
{
    (void)p;
    return -1;
}
#endif
