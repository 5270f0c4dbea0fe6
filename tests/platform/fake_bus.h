/*
 * fake_bus.h -- what the fake desktop portals (fake_portal.c, the file
 * chooser; fake_settings_portal.c, the settings) share: the session bus
 * (dbus-run-session's), the portal's well-known name, the log the tests
 * read, and the loop that hands each method call (and, for the settings
 * fake, each line on stdin) to the fake.
 *
 * Invariants:
 *   1. "ready" is the log's first line, written only once the name
 *      org.freedesktop.portal.Desktop is ours: a test that saw it may call.
 *   2. fake_bus_log flushes each line before it returns, so a line logged
 *      before a reply or a signal is sent is in the file before the caller
 *      can have its answer (the order the settings test counts on).
 */
#ifndef IM_FAKE_BUS_H
#define IM_FAKE_BUS_H

#include <dbus/dbus.h>

/* The session bus, with org.freedesktop.portal.Desktop taken and "ready"
 * logged to a new file at log_path.  NULL (prog's reason on stderr) when
 * the log cannot be made, there is no bus or the name is held. */
DBusConnection *fake_bus_open(const char *prog, const char *log_path);

/* A line to the log (printf format, a newline added), flushed. */
void fake_bus_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Each message that comes goes to on_message (which unrefs nothing); with
 * on_line, so does each line read from stdin (up to 511 bytes), one at a
 * time as it comes.  Returns 0 when the bus goes or stdin ends. */
int fake_bus_run(DBusConnection *c, void (*on_message)(DBusConnection *c, DBusMessage *m),
                 void (*on_line)(DBusConnection *c, const char *line));

#endif
