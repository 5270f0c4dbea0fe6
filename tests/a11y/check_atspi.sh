#!/bin/sh
# check_atspi.sh -- the app under a real AT-SPI client.  Starts Xvfb, a
# private D-Bus session (dbus-run-session) whose accessibility bus
# at-spi-bus-launcher brings up (with at-spi2-registryd), the windowed test
# build on a fresh data folder holding a vault (a11y_make_vault), and then
# atspi_walk.py, which finds the app through the AT-SPI registry and drives
# it.  Exit 77 (skipped) only when one of those programs is missing, with
# the reason; every other failure fails.
# Usage: check_atspi.sh APP MAKE_VAULT WALK_PY
set -u
app=$1
mkvault=$2
walk=$3
# shellcheck source=tests/support/xbus.sh
. "$(dirname "$0")/../support/xbus.sh"
xbus_need_x
xbus_need_launcher
xbus_need_pyatspi
launcher=$xbus_launcher
py=$xbus_py
xbus_tmp atspi
d=$xbus_dir
xbus_start_x "$d/display"
n=$xbus_display

# the canary: the passphrase the walk types, which no name, description or
# text the client can read may ever hold
pass="canary-otter-9137 lantern"
"$mkvault" "$d/data" "$pass" || { echo "FAIL: cannot make the vault"; exit 1; }

DISPLAY=:$n HOME=$d XDG_DATA_HOME=$d XDG_CONFIG_HOME=$d XDG_RUNTIME_DIR=$d \
    IM_LAUNCHER=$launcher IM_PY=$py IM_APP=$app IM_DATA=$d/data IM_PASS=$pass IM_LOG=$d/app.log \
    timeout 200 dbus-run-session -- sh -c '
        unset SDL_VIDEODRIVER AT_SPI_BUS_ADDRESS NO_AT_BRIDGE
        "$IM_LAUNCHER" --launch-immediately >/dev/null 2>&1 &
        lpid=$!
        sleep 0.5
        # (leaks: a windowed run under ASan reports a few hundred bytes
        # that SDL, Mesa and libdbus keep at exit, bridge or not; the tree
        # and the hub are leak-checked headless by test_a11y_tree)
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 "$IM_APP" --data-dir "$IM_DATA" >"$IM_LOG" 2>&1 &
        apid=$!
        "$IM_PY" "$0" "$apid"
        rc=$?
        kill $apid 2>/dev/null; wait $apid 2>/dev/null
        kill $lpid 2>/dev/null
        exit $rc' "$walk"
rc=$?
# the app's own log: a sanitizer's report there fails the check too (the
# ASan + UBSan build runs this test as well)
if grep -qE "runtime error|ERROR: AddressSanitizer" "$d/app.log"; then
    echo "FAIL: the app's log has a sanitizer report"
    rc=1
fi
if [ $rc -ne 0 ]; then
    echo "--- app log"
    cat "$d/app.log"
fi
exit $rc
