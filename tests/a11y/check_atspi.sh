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
skip() { echo "skipped: $*"; exit 77; }
command -v Xvfb >/dev/null 2>&1 || skip "no Xvfb (apt-get install xvfb)"
command -v dbus-run-session >/dev/null 2>&1 || skip "no dbus-run-session (apt-get install dbus-bin dbus-daemon)"
launcher=""
for p in /usr/libexec/at-spi-bus-launcher /usr/lib/at-spi2-core/at-spi-bus-launcher; do
    [ -x "$p" ] && launcher=$p && break
done
[ -n "$launcher" ] || skip "no at-spi-bus-launcher (apt-get install at-spi2-core)"
# Debian's python3, where python3-pyatspi installs (not a python3 of one's own
# earlier in PATH)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$py" -c 'import pyatspi' 2>/dev/null || skip "no pyatspi for $py (apt-get install python3-pyatspi)"

d=$(mktemp -d "${TMPDIR:-/tmp}/im-atspi-XXXXXX")
xpid=""
cleanup() { [ -n "$xpid" ] && kill "$xpid" 2>/dev/null; rm -rf "$d"; }
trap cleanup EXIT
# a display of our own: Xvfb picks a free number and says which (-displayfd)
Xvfb -displayfd 3 -screen 0 1024x900x24 -nolisten tcp 3>"$d/display" >"$d/xvfb.log" 2>&1 &
xpid=$!
i=0
while [ $i -lt 100 ] && [ ! -s "$d/display" ]; do sleep 0.1; i=$((i + 1)); done
n=$(cat "$d/display" 2>/dev/null)
[ -n "$n" ] || { echo "FAIL: Xvfb did not start"; cat "$d/xvfb.log"; exit 1; }

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
