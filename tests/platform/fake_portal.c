/*
 * fake_portal.c -- a stand-in for xdg-desktop-portal's FileChooser on a
 * private session bus (dbus-run-session), for test_file_portal.
 *
 *   fake_portal LOG ANSWER
 *
 * Takes org.freedesktop.portal.Desktop, serves SaveFile and OpenFile on
 * /org/freedesktop/portal/desktop (org.freedesktop.portal.FileChooser),
 * and answers each call as the real portal does: the reply names the
 * Request object (/org/freedesktop/portal/desktop/request/SENDER/TOKEN,
 * from the caller's handle_token), then the Request's Response signal
 * carries the answer -- ANSWER "cancel" gives response 1, anything else
 * is the URI given back in results["uris"] with response 0.
 * LOG gets "ready" once the name is taken, then one line per call:
 *   METHOD title=TITLE current_name=NAME filter=PATTERN
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_bus.h"

static const char *reply_with; /* ANSWER */

/* The string value of key in the a{sv} at it; NULL if none.  For
 * "filters" (a(sa(us))) the first pattern. */
static const char *option(DBusMessageIter *opts, const char *want)
{
    DBusMessageIter dict;
    dbus_message_iter_recurse(opts, &dict);
    for (; dbus_message_iter_get_arg_type(&dict) == DBUS_TYPE_DICT_ENTRY; dbus_message_iter_next(&dict)) {
        DBusMessageIter e, v;
        const char *key;
        dbus_message_iter_recurse(&dict, &e);
        dbus_message_iter_get_basic(&e, &key);
        dbus_message_iter_next(&e);
        dbus_message_iter_recurse(&e, &v);
        if (strcmp(key, want) != 0)
            continue;
        if (dbus_message_iter_get_arg_type(&v) == DBUS_TYPE_STRING) {
            const char *s;
            dbus_message_iter_get_basic(&v, &s);
            return s;
        }
        if (strcmp(want, "filters") == 0 && dbus_message_iter_get_arg_type(&v) == DBUS_TYPE_ARRAY) {
            DBusMessageIter arr, st, pats, pat;
            dbus_message_iter_recurse(&v, &arr);
            dbus_message_iter_recurse(&arr, &st);
            dbus_message_iter_next(&st); /* the filter's name */
            dbus_message_iter_recurse(&st, &pats);
            dbus_message_iter_recurse(&pats, &pat);
            dbus_message_iter_next(&pat); /* the kind */
            const char *s;
            dbus_message_iter_get_basic(&pat, &s);
            return s;
        }
    }
    return NULL;
}

static void answer(DBusConnection *c, DBusMessage *call, const char *method)
{
    DBusMessageIter it;
    const char *parent = "", *title = "";
    if (!dbus_message_iter_init(call, &it))
        return;
    dbus_message_iter_get_basic(&it, &parent);
    dbus_message_iter_next(&it);
    dbus_message_iter_get_basic(&it, &title);
    dbus_message_iter_next(&it);
    const char *token = option(&it, "handle_token"), *name = option(&it, "current_name");
    const char *filter = option(&it, "filters");
    fake_bus_log("%s title=%s current_name=%s filter=%s", method, title, name ? name : "",
                 filter ? filter : "");
    char sender[128], path[512];
    size_t n = 0;
    for (const char *q = dbus_message_get_sender(call) + 1; *q && n + 1 < sizeof sender; q++)
        sender[n++] = *q == '.' ? '_' : *q;
    sender[n] = 0;
    snprintf(path, sizeof path, "/org/freedesktop/portal/desktop/request/%s/%s", sender, token ? token : "t");
    const char *p = path;
    DBusMessage *r = dbus_message_new_method_return(call);
    dbus_message_append_args(r, DBUS_TYPE_OBJECT_PATH, &p, DBUS_TYPE_INVALID);
    dbus_connection_send(c, r, NULL);
    dbus_message_unref(r);

    DBusMessage *sig = dbus_message_new_signal(path, "org.freedesktop.portal.Request", "Response");
    dbus_message_set_destination(sig, dbus_message_get_sender(call));
    int cancel = strcmp(reply_with, "cancel") == 0;
    dbus_uint32_t code = cancel ? 1 : 0;
    DBusMessageIter s, dict, e, v, arr;
    dbus_message_iter_init_append(sig, &s);
    dbus_message_iter_append_basic(&s, DBUS_TYPE_UINT32, &code);
    dbus_message_iter_open_container(&s, DBUS_TYPE_ARRAY, "{sv}", &dict);
    if (!cancel) {
        const char *key = "uris";
        dbus_message_iter_open_container(&dict, DBUS_TYPE_DICT_ENTRY, NULL, &e);
        dbus_message_iter_append_basic(&e, DBUS_TYPE_STRING, &key);
        dbus_message_iter_open_container(&e, DBUS_TYPE_VARIANT, "as", &v);
        dbus_message_iter_open_container(&v, DBUS_TYPE_ARRAY, "s", &arr);
        dbus_message_iter_append_basic(&arr, DBUS_TYPE_STRING, &reply_with);
        dbus_message_iter_close_container(&v, &arr);
        dbus_message_iter_close_container(&e, &v);
        dbus_message_iter_close_container(&dict, &e);
    }
    dbus_message_iter_close_container(&s, &dict);
    dbus_connection_send(c, sig, NULL);
    dbus_connection_flush(c);
    dbus_message_unref(sig);
}

static void on_message(DBusConnection *c, DBusMessage *m)
{
    const char *iface = "org.freedesktop.portal.FileChooser";
    if (dbus_message_is_method_call(m, iface, "SaveFile"))
        answer(c, m, "SaveFile");
    else if (dbus_message_is_method_call(m, iface, "OpenFile"))
        answer(c, m, "OpenFile");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: fake_portal LOG ANSWER\n");
        return 2;
    }
    reply_with = argv[2];
    DBusConnection *c = fake_bus_open("fake_portal", argv[1]);
    return c ? fake_bus_run(c, on_message, NULL) : 1;
}
