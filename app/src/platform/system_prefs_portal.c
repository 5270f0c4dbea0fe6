/*
 * system_prefs_portal.c -- the desktop's text size, motion and contrast
 * through the XDG desktop portal's org.freedesktop.portal.Settings
 * interface, over libdbus (issue 19).  Built into innermost-portal.so
 * (IM_PORTAL_MODULE, beside file_portal.c): libdbus is mapped in every run
 * anyway (SDL2's PulseAudio and IBus), so this costs no library, where the
 * GSettings reader (innermost-gsettings.so) maps GIO, GObject and dconf,
 * ~3 MB of steady RSS.  system_prefs.c asks this one first and opens the
 * GSettings module only when start says -1.
 *
 *   start  with a session bus (DBUS_SESSION_BUS_ADDRESS; never autolaunch),
 *          a private connection; subscribe to SettingChanged; then one
 *          blocking ReadAll of the namespaces below.  An error reply (no
 *          portal, or one without Settings) or no reply within
 *          CALL_TIMEOUT_MS: -1, the connection closed.  Otherwise the
 *          values are stored and a thread of its own watches.
 *   watch  the thread sleeps in poll() on the connection's socket and a
 *          wake pipe, no timeout: it runs only when the bus sends
 *          something (idle CPU nil), and each SettingChanged of a key below
 *          stores the new values (system_prefs.c notifies on a change).
 *   stop   a byte down the pipe; the thread is joined, the connection
 *          closed.
 *
 * Keys, as the GSettings reader reads them:
 *   org.gnome.desktop.interface       text-scaling-factor (d),
 *                                     enable-animations (b, inverted)
 *   org.gnome.desktop.a11y.interface  high-contrast (b)
 *   org.freedesktop.appearance        contrast (u: 1 more, 0 none) -- the
 *                                     portal's own name, used when the
 *                                     GNOME key is not said.
 *
 * Invariants.
 *  1. A key the portal does not say is "not said" (system_prefs.h
 *     invariant 1); a value of another type than the key's is ignored.
 *  2. Only the watcher thread touches the connection after start returns.
 *  3. The thread never wakes on a timer.
 */
#define _DEFAULT_SOURCE
#include "platform/system_prefs_module.h"

#ifndef IM_PORTAL_MODULE
/* the app's floor compiles every platform file: this one is the module's only */
typedef int ui_system_prefs_portal_unused;
#else

#include <SDL.h>
#include <dbus/dbus.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define SETTINGS_IFACE "org.freedesktop.portal.Settings"
#define NS_INTERFACE "org.gnome.desktop.interface"
#define NS_A11Y "org.gnome.desktop.a11y.interface"
#define NS_APPEARANCE "org.freedesktop.appearance"
#define CALL_TIMEOUT_MS 1000

static void (*store)(ui_system_prefs p); /* the app's */
static DBusConnection *conn;
static SDL_Thread *thread;
static int wake[2] = { -1, -1 };

/* what the portal said; -1 / 0.0: not said */
static struct said {
    double text_scale;
    int animations, high_contrast, contrast;
} said = { 0.0, -1, -1, -1 };

static void store_said(void)
{
    ui_system_prefs p = { 0.0f, -1, -1 };
    if (said.text_scale > 0.0) p.text_scale = (float)said.text_scale;
    if (said.animations >= 0) p.reduce_motion = !said.animations;
    if (said.high_contrast >= 0) p.high_contrast = said.high_contrast;
    else if (said.contrast >= 0) p.high_contrast = said.contrast == 1;
    store(p);
}

/* One key's value (v, the iterator inside the variant) into said;
 * 1 when it was one of ours. */
static int take(const char *ns, const char *key, DBusMessageIter *v)
{
    int t = dbus_message_iter_get_arg_type(v);
    if (t == DBUS_TYPE_VARIANT) { /* Read's v-in-v, or a portal that wraps once more */
        DBusMessageIter in;
        dbus_message_iter_recurse(v, &in);
        return take(ns, key, &in);
    }
    if (!strcmp(ns, NS_INTERFACE) && !strcmp(key, "text-scaling-factor") && t == DBUS_TYPE_DOUBLE) {
        dbus_message_iter_get_basic(v, &said.text_scale);
        return 1;
    }
    dbus_bool_t b;
    if (!strcmp(ns, NS_INTERFACE) && !strcmp(key, "enable-animations") && t == DBUS_TYPE_BOOLEAN) {
        dbus_message_iter_get_basic(v, &b);
        said.animations = b != 0;
        return 1;
    }
    if (!strcmp(ns, NS_A11Y) && !strcmp(key, "high-contrast") && t == DBUS_TYPE_BOOLEAN) {
        dbus_message_iter_get_basic(v, &b);
        said.high_contrast = b != 0;
        return 1;
    }
    if (!strcmp(ns, NS_APPEARANCE) && !strcmp(key, "contrast") && t == DBUS_TYPE_UINT32) {
        dbus_uint32_t u;
        dbus_message_iter_get_basic(v, &u);
        said.contrast = u == 1;
        return 1;
    }
    return 0;
}

/* ReadAll's reply: a{sa{sv}} */
static void take_all(DBusMessage *r)
{
    DBusMessageIter it, nss;
    if (!dbus_message_iter_init(r, &it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_ARRAY) return;
    dbus_message_iter_recurse(&it, &nss);
    for (; dbus_message_iter_get_arg_type(&nss) == DBUS_TYPE_DICT_ENTRY; dbus_message_iter_next(&nss)) {
        DBusMessageIter e, keys;
        const char *ns;
        dbus_message_iter_recurse(&nss, &e);
        if (dbus_message_iter_get_arg_type(&e) != DBUS_TYPE_STRING) continue;
        dbus_message_iter_get_basic(&e, &ns);
        if (!dbus_message_iter_next(&e) || dbus_message_iter_get_arg_type(&e) != DBUS_TYPE_ARRAY) continue;
        dbus_message_iter_recurse(&e, &keys);
        for (; dbus_message_iter_get_arg_type(&keys) == DBUS_TYPE_DICT_ENTRY; dbus_message_iter_next(&keys)) {
            DBusMessageIter k, v;
            const char *key;
            dbus_message_iter_recurse(&keys, &k);
            if (dbus_message_iter_get_arg_type(&k) != DBUS_TYPE_STRING) continue;
            dbus_message_iter_get_basic(&k, &key);
            if (!dbus_message_iter_next(&k)) continue;
            dbus_message_iter_recurse(&k, &v); /* inside the variant */
            take(ns, key, &v);
        }
    }
}

/* SettingChanged (s namespace, s key, v value): 1 when one of ours changed */
static int take_changed(DBusMessage *m)
{
    DBusMessageIter it, v;
    const char *ns, *key;
    if (!dbus_message_iter_init(m, &it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_STRING) return 0;
    dbus_message_iter_get_basic(&it, &ns);
    if (!dbus_message_iter_next(&it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_STRING) return 0;
    dbus_message_iter_get_basic(&it, &key);
    if (!dbus_message_iter_next(&it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_VARIANT) return 0;
    dbus_message_iter_recurse(&it, &v);
    return take(ns, key, &v);
}

/* Every message queued; 0 when the bus went. */
static int drain(void)
{
    DBusMessage *m;
    int changed = 0;
    while ((m = dbus_connection_pop_message(conn)) != NULL) {
        if (dbus_message_is_signal(m, SETTINGS_IFACE, "SettingChanged")) changed |= take_changed(m);
        else if (dbus_message_is_signal(m, DBUS_INTERFACE_LOCAL, "Disconnected")) {
            dbus_message_unref(m);
            return 0;
        }
        dbus_message_unref(m);
    }
    if (changed) store_said();
    return dbus_connection_get_is_connected(conn);
}

static int watch_main(void *arg)
{
    (void)arg;
    int fd = -1;
    if (!dbus_connection_get_unix_fd(conn, &fd)) return 0;
    while (drain()) {
        struct pollfd fds[2] = { { fd, POLLIN, 0 }, { wake[0], POLLIN, 0 } };
        if (poll(fds, 2, -1) < 0) continue; /* EINTR */
        if (fds[1].revents) break;          /* stop */
        /* read what arrived, without blocking (invariant 3) */
        if (!dbus_connection_read_write(conn, 0)) break;
        if (fds[0].revents & (POLLHUP | POLLERR) && !dbus_connection_get_is_connected(conn)) break;
    }
    return 0;
}

static void close_conn(void)
{
    if (!conn) return;
    dbus_connection_close(conn);
    dbus_connection_unref(conn);
    conn = NULL;
}

static int settings_start(void)
{
    const char *bus = getenv("DBUS_SESSION_BUS_ADDRESS");
    if (!bus || !bus[0] || !dbus_threads_init_default()) return -1; /* no autolaunch */
    DBusError err;
    dbus_error_init(&err);
    conn = dbus_bus_get_private(DBUS_BUS_SESSION, &err);
    dbus_error_free(&err);
    if (!conn) return -1;
    dbus_connection_set_exit_on_disconnect(conn, FALSE);
    /* subscribed before the read, so a change between the two is not lost */
    dbus_bus_add_match(
        conn, "type='signal',interface='" SETTINGS_IFACE "',member='SettingChanged',path='" PORTAL_PATH "'", NULL);
    DBusMessage *m = dbus_message_new_method_call(PORTAL_NAME, PORTAL_PATH, SETTINGS_IFACE, "ReadAll");
    DBusMessage *r = NULL;
    if (m) {
        static const char *const names[] = { NS_INTERFACE, NS_A11Y, NS_APPEARANCE };
        const char *const *p = names;
        dbus_message_append_args(m, DBUS_TYPE_ARRAY, DBUS_TYPE_STRING, &p, 3, DBUS_TYPE_INVALID);
        r = dbus_connection_send_with_reply_and_block(conn, m, CALL_TIMEOUT_MS, &err);
        dbus_message_unref(m);
    }
    dbus_error_free(&err); /* ServiceUnknown, UnknownMethod, NoReply, ...: not here */
    if (!r) {
        close_conn();
        return -1;
    }
    said = (struct said){ 0.0, -1, -1, -1 };
    take_all(r);
    dbus_message_unref(r);
    store_said();
    if (pipe(wake) != 0) {
        wake[0] = wake[1] = -1;
        close_conn();
        return -1;
    }
    thread = SDL_CreateThread(watch_main, "im-system-prefs", NULL);
    if (!thread) {
        close(wake[0]), close(wake[1]);
        wake[0] = wake[1] = -1;
        close_conn();
        return -1;
    }
    return 0;
}

static void settings_stop(void)
{
    if (thread) {
        char b = 1;
        if (write(wake[1], &b, 1) != 1) { /* cannot happen on an empty pipe */
        }
        SDL_WaitThread(thread, NULL);
        thread = NULL;
    }
    if (wake[0] >= 0) close(wake[0]), close(wake[1]);
    wake[0] = wake[1] = -1;
    close_conn();
}

__attribute__((visibility("default"))) const ui_gsettings_module *
ui_portal_settings_get(void (*app_store)(ui_system_prefs));
const ui_gsettings_module *ui_portal_settings_get(void (*app_store)(ui_system_prefs))
{
    static const ui_gsettings_module m = { settings_start, settings_stop };
    store = app_store;
    return &m;
}
#endif
