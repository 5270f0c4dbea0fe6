#!/bin/sh
# check_orca.sh -- Innermost with Orca, by keyboard and speech alone.
# Xvfb, a private D-Bus session with the AT-SPI bus, Orca with its own
# settings folder and its debug log (whose "SPEECH OUTPUT" lines are the
# words it hands its speech server), the windowed test build on a fresh data
# folder, then test_orca_journey.py pressing keys with xdotool (Tab, arrows,
# Return, Space, typing, and Orca's own keypad commands) and deciding each
# next key from what Orca said.
# Exit 77 (skipped, with the reason) when orca, xdotool, Xvfb, the AT-SPI
# bus or dbus-run-session is missing; every other failure fails.
# Usage: check_orca.sh APP JOURNEY_PY [TRANSCRIPT_OUT]
set -u
app=$1
journey=$2
out=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/support/xbus.sh
. "$here/../support/xbus.sh"
command -v orca >/dev/null 2>&1 || xbus_skip "no orca (apt-get install orca; see docs/platforms.md: not installed by scripts/setup.sh)"
command -v xdotool >/dev/null 2>&1 || xbus_skip "no xdotool (apt-get install xdotool)"
xbus_need_x
xbus_need_launcher
xbus_find_py
launcher=$xbus_launcher
py=$xbus_py
xbus_tmp orca
d=$xbus_dir
xbus_start_x "$d/display"
n=$xbus_display
mkdir -p "$d/data" "$d/orca-prefs"

DISPLAY=:$n HOME=$d XDG_DATA_HOME=$d/share XDG_CONFIG_HOME=$d/cfg XDG_RUNTIME_DIR=$d \
    IM_LAUNCHER=$launcher IM_PY=$py IM_APP=$app IM_DATA=$d/data IM_LOG=$d/app.log \
    IM_ORCA_LOG=$d/orca.log IM_HERE=$here IM_TRANSCRIPT=$d/transcript.txt \
    timeout 600 dbus-run-session -- sh -c '
        unset SDL_VIDEODRIVER AT_SPI_BUS_ADDRESS NO_AT_BRIDGE
        "$IM_LAUNCHER" --launch-immediately >/dev/null 2>&1 &
        lpid=$!
        sleep 0.5
        "$IM_PY" "$IM_HERE/orca_line_log.py" "$(command -v orca)" --debug-file="$IM_ORCA_LOG" -u "$HOME/orca-prefs" >"$HOME/orca.out" 2>&1 &
        opid=$!
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 "$IM_APP" --data-dir "$IM_DATA" >"$IM_LOG" 2>&1 &
        apid=$!
        "$IM_PY" "$0" "$apid"
        rc=$?
        kill $apid 2>/dev/null; wait $apid 2>/dev/null
        kill $opid $lpid 2>/dev/null
        exit $rc' "$journey"
rc=$?
if grep -qE "runtime error|ERROR: AddressSanitizer" "$d/app.log"; then
    echo "FAIL: the app's log has a sanitizer report"
    rc=1
fi
[ -n "$out" ] && [ -f "$d/transcript.txt" ] && cp "$d/transcript.txt" "$out"
[ -n "${IM_ORCA_KEEP_LOG:-}" ] && cp "$d/orca.log" "$IM_ORCA_KEEP_LOG"
if [ $rc -ne 0 ]; then
    echo "--- app log"
    tail -40 "$d/app.log"
    echo "--- orca stdout"
    tail -20 "$d/orca.out"
fi
exit $rc
