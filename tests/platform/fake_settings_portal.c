/*
 * fake_settings_portal.c -- a stand-in for xdg-desktop-portal's Settings
 * interface on a private session bus (dbus-run-session), for
 * test_system_prefs_portal.
 *
 *   fake_settings_portal LOG  < commands
 *
 * Takes org.freedesktop.portal.Desktop and serves ReadAll on
 * /org/freedesktop/portal/desktop (org.freedesktop.portal.Settings) with
 * the values set so far, as a{sa{sv}}.  Each line on stdin
 *   set NAMESPACE KEY d|b|u VALUE
 * sets a value and emits SettingChanged (s, s, v), as the portal does when
 * the desktop's panel changes it.  LOG gets "ready" once the name is
 * taken, "ReadAll" per call and "set KEY" per line handled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_bus.h"

#define MAX_KEYS 16
static struct key {
    char ns[128], key[128], type;
    double d;
    dbus_bool_t b;
    dbus_uint32_t u;
} keys[MAX_KEYS];
static int nkeys;

static void append_value(DBusMessageIter *it, const struct key *k)
{
    char sig[2] = {k->type, 0};
    DBusMessageIter v;
    dbus_message_iter_open_container(it, DBUS_TYPE_VARIANT, sig, &v);
    if (k->type == 'd')
        dbus_message_iter_append_basic(&v, DBUS_TYPE_DOUBLE, &k->d);
    else if (k->type == 'b')
        dbus_message_iter_append_basic(&v, DBUS_TYPE_BOOLEAN, &k->b);
    else
        dbus_message_iter_append_basic(&v, DBUS_TYPE_UINT32, &k->u);
    dbus_message_iter_close_container(it, &v);
}

static void read_all(DBusConnection *c, DBusMessage *call)
{
    DBusMessage *r = dbus_message_new_method_return(call);
    DBusMessageIter it, outer;
    dbus_message_iter_init_append(r, &it);
    dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "{sa{sv}}", &outer);
    for (int i = 0; i < nkeys; i++) {
        int first = 1;
        for (int j = 0; j < i; j++)
            if (!strcmp(keys[j].ns, keys[i].ns))
                first = 0;
        if (!first)
            continue;
        DBusMessageIter e, inner;
        const char *ns = keys[i].ns;
        dbus_message_iter_open_container(&outer, DBUS_TYPE_DICT_ENTRY, NULL, &e);
        dbus_message_iter_append_basic(&e, DBUS_TYPE_STRING, &ns);
        dbus_message_iter_open_container(&e, DBUS_TYPE_ARRAY, "{sv}", &inner);
        for (int j = i; j < nkeys; j++) {
            if (strcmp(keys[j].ns, ns))
                continue;
            DBusMessageIter ke;
            const char *key = keys[j].key;
            dbus_message_iter_open_container(&inner, DBUS_TYPE_DICT_ENTRY, NULL, &ke);
            dbus_message_iter_append_basic(&ke, DBUS_TYPE_STRING, &key);
            append_value(&ke, &keys[j]);
            dbus_message_iter_close_container(&inner, &ke);
        }
        dbus_message_iter_close_container(&e, &inner);
        dbus_message_iter_close_container(&outer, &e);
    }
    dbus_message_iter_close_container(&it, &outer);
    /* logged before the reply: the test counts calls as soon as the app
     * has its answer */
    fake_bus_log("ReadAll");
    dbus_connection_send(c, r, NULL);
    dbus_connection_flush(c);
    dbus_message_unref(r);
}

static void set_line(DBusConnection *c, const char *line)
{
    char ns[128], key[128], type, val[64];
    if (sscanf(line, "set %127s %127s %c %63s", ns, key, &type, val) != 4)
        return;
    int i = 0;
    while (i < nkeys && (strcmp(keys[i].ns, ns) || strcmp(keys[i].key, key)))
        i++;
    if (i == MAX_KEYS)
        return;
    if (i == nkeys)
        nkeys++;
    struct key *k = &keys[i];
    snprintf(k->ns, sizeof k->ns, "%s", ns);
    snprintf(k->key, sizeof k->key, "%s", key);
    k->type = type;
    k->d = atof(val);
    k->b = !strcmp(val, "true");
    k->u = (dbus_uint32_t)strtoul(val, NULL, 10);
    DBusMessage *sig = dbus_message_new_signal("/org/freedesktop/portal/desktop",
                                               "org.freedesktop.portal.Settings", "SettingChanged");
    DBusMessageIter it;
    const char *pns = k->ns, *pkey = k->key;
    dbus_message_iter_init_append(sig, &it);
    dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &pns);
    dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &pkey);
    append_value(&it, k);
    fake_bus_log("set %s", key); /* before the signal, as ReadAll's */
    dbus_connection_send(c, sig, NULL);
    dbus_connection_flush(c);
    dbus_message_unref(sig);
}

static void on_message(DBusConnection *c, DBusMessage *m)
{
    if (dbus_message_is_method_call(m, "org.freedesktop.portal.Settings", "ReadAll"))
        read_all(c, m);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fake_settings_portal LOG\n");
        return 2;
    }
    DBusConnection *c = fake_bus_open("fake_settings_portal", argv[1]);
    return c ? fake_bus_run(c, on_message, set_line) : 1;
}
