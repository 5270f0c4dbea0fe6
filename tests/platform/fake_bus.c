/*
 * fake_bus.c -- the fake portals' bus, log and loop (fake_bus.h).
 */
#include "fake_bus.h"

#include <poll.h>
#include <stdarg.h>
#include <stdio.h>

static FILE *logf;

DBusConnection *fake_bus_open(const char *prog, const char *log_path)
{
    logf = fopen(log_path, "w");
    DBusError err;
    dbus_error_init(&err);
    DBusConnection *c = logf ? dbus_bus_get(DBUS_BUS_SESSION, &err) : NULL;
    if (!c || dbus_bus_request_name(c, "org.freedesktop.portal.Desktop", DBUS_NAME_FLAG_DO_NOT_QUEUE, &err) !=
                  DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER) {
        fprintf(stderr, "%s: %s\n", prog, err.message ? err.message : "no bus");
        return NULL;
    }
    fake_bus_log("ready");
    return c;
}

void fake_bus_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(logf, fmt, ap);
    va_end(ap);
    fputc('\n', logf);
    fflush(logf);
}

int fake_bus_run(DBusConnection *c, void (*on_message)(DBusConnection *c, DBusMessage *m),
                 void (*on_line)(DBusConnection *c, const char *line))
{
    if (on_line)
        setvbuf(stdin, NULL, _IONBF, 0); /* a line at a time: the rest stays for poll() */
    int fd = -1;
    dbus_connection_get_unix_fd(c, &fd);
    char line[512];
    for (;;) {
        DBusMessage *m;
        while ((m = dbus_connection_pop_message(c)) != NULL) {
            on_message(c, m);
            dbus_message_unref(m);
        }
        struct pollfd fds[2] = {{fd, POLLIN, 0}, {0, POLLIN, 0}};
        if (poll(fds, on_line ? 2 : 1, -1) < 0)
            continue;
        if (on_line && fds[1].revents) {
            if (!fgets(line, sizeof line, stdin))
                return 0;
            on_line(c, line);
        }
        if (!dbus_connection_read_write(c, 0))
            return 0;
    }
}
