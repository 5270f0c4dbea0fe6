#!/bin/sh
# with_settings_portal.sh FAKE LOG COMMAND [ARG...] -- COMMAND run with the
# desktop's settings portal answering on this session bus, as on a desktop
# (`make bench`'s row "steady RSS ... with the desktop's settings portal";
# scripts/bench.sh runs this under a private dbus-run-session).
#
# FAKE is tests/platform/fake_settings_portal: it takes
# org.freedesktop.portal.Desktop and serves org.freedesktop.portal.Settings'
# ReadAll with the values set here (a desktop's defaults: text 100 %,
# animations on, no high contrast), logging to LOG.  COMMAND's output is
# passed on, then one line "portal: read-all N": how many times the app
# asked the portal (0 means the figure was not taken with the portal).
# Exits with COMMAND's status (1 if the portal did not start).
set -u
fake=${1:?usage: with_settings_portal.sh FAKE LOG COMMAND...}
log=${2:?usage: with_settings_portal.sh FAKE LOG COMMAND...}
shift 2
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "with_settings_portal: no session bus" >&2; exit 1; }
d=$(mktemp -d "${TMPDIR:-/tmp}/im-portal-XXXXXX")
trap 'rm -rf "$d"' EXIT
mkfifo "$d/in"
rm -f "$log"
"$fake" "$log" <"$d/in" &
fake_pid=$!
exec 3<>"$d/in" # the fake reads commands from here; it exits when this closes (read-write: never blocks)
# grep -c prints 0 itself when nothing matches (and fails): one number either way
count() { if [ -f "$log" ]; then grep -c "$1" "$log" || true; else echo 0; fi; }
i=0
while [ $i -lt 100 ] && [ "$(count '^ready')" = 0 ]; do sleep 0.05; i=$((i + 1)); done
if [ "$(count '^ready')" = 0 ]; then
    echo "with_settings_portal: the fake portal did not start" >&2
    exec 3>&-
    kill "$fake_pid" 2>/dev/null
    exit 1
fi
# what a GNOME desktop's portal says with its settings untouched
printf '%s\n' \
    "set org.gnome.desktop.interface text-scaling-factor d 1.0" \
    "set org.gnome.desktop.interface enable-animations b true" \
    "set org.gnome.desktop.a11y.interface high-contrast b false" \
    "set org.freedesktop.appearance contrast u 0" >&3
i=0
while [ $i -lt 100 ] && [ "$(count '^set ')" -lt 4 ]; do sleep 0.05; i=$((i + 1)); done
"$@"
rc=$?
echo "portal: read-all $(count ReadAll)"
exec 3>&-
wait "$fake_pid" 2>/dev/null
exit $rc
