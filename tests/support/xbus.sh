# xbus.sh -- sourced (POSIX sh) by the checks that run the windowed app
# under a private X server and a private AT-SPI bus: tests/a11y/check_atspi.sh,
# check_idle.sh, check_orca.sh and tests/platform/check_loaded.sh.
#
#   . "$(dirname "$0")/../support/xbus.sh"
#   xbus_need_x                 Xvfb and dbus-run-session, or skip
#   xbus_need_launcher          sets xbus_launcher (at-spi-bus-launcher), or skip
#   xbus_need_pyatspi           sets xbus_py (Debian's python3 with pyatspi), or skip
#   xbus_tmp TAG                sets xbus_dir (a fresh temporary folder) and
#                               a trap that kills $xbus_pids and removes it
#   xbus_start_x FILE           an Xvfb of its own; sets xbus_display (its number)
#
# Invariants:
#   1. A skip exits 77 with "skipped: REASON" -- only for a missing program,
#      never for one that fails (a failure exits 1: "FAIL: ...").
#   2. Every process a check starts in the background goes into xbus_pids,
#      so the EXIT trap ends it; the temporary folder goes with it.
#   3. Nothing here runs at source time: the sourcing check says what it needs.

xbus_pids=""
xbus_dir=""

# xbus_skip REASON: the check cannot run here; exits 77.
xbus_skip() {
    echo "skipped: $*"
    exit 77
}

# xbus_need_x: Xvfb and dbus-run-session on PATH, or a skip.
xbus_need_x() {
    command -v Xvfb >/dev/null 2>&1 || xbus_skip "no Xvfb (apt-get install xvfb)"
    command -v dbus-run-session >/dev/null 2>&1 || xbus_skip "no dbus-run-session (apt-get install dbus-bin dbus-daemon)"
}

# xbus_need_launcher: xbus_launcher is at-spi-bus-launcher's path, or a skip.
xbus_need_launcher() {
    xbus_launcher=""
    for xbus_p in /usr/libexec/at-spi-bus-launcher /usr/lib/at-spi2-core/at-spi-bus-launcher; do
        [ -x "$xbus_p" ] && xbus_launcher=$xbus_p && break
    done
    [ -n "$xbus_launcher" ] || xbus_skip "no at-spi-bus-launcher (apt-get install at-spi2-core)"
}

# xbus_find_py: xbus_py is Debian's python3, where python3-pyatspi installs
# (not a python3 of one's own earlier in PATH), else the python3 on PATH.
xbus_find_py() {
    xbus_py=/usr/bin/python3
    [ -x "$xbus_py" ] || xbus_py=python3
}

# xbus_need_pyatspi: xbus_find_py, and that python3 imports pyatspi, or a skip.
xbus_need_pyatspi() {
    xbus_find_py
    "$xbus_py" -c 'import pyatspi' 2>/dev/null || xbus_skip "no pyatspi for $xbus_py (apt-get install python3-pyatspi)"
}

xbus_cleanup() {
    # shellcheck disable=SC2086 # a list of pids
    [ -n "$xbus_pids" ] && kill $xbus_pids 2>/dev/null
    [ -n "$xbus_dir" ] && rm -rf "$xbus_dir"
}

# xbus_tmp TAG: xbus_dir is a new folder ${TMPDIR:-/tmp}/im-TAG-XXXXXX,
# removed (and every pid in xbus_pids killed) when the check exits.
xbus_tmp() {
    xbus_dir=$(mktemp -d "${TMPDIR:-/tmp}/im-$1-XXXXXX") || { echo "FAIL: no temporary folder"; exit 1; }
    trap xbus_cleanup EXIT
}

# xbus_start_x FILE: a display of our own -- Xvfb picks a free number and
# says which (-displayfd) in FILE; its output goes to FILE.log.  Waits up to
# 10 s for it; xbus_display is the number.  Exits 1 (with the log) if Xvfb
# does not start.
xbus_start_x() {
    Xvfb -displayfd 3 -screen 0 1024x900x24 -nolisten tcp 3>"$1" >"$1.log" 2>&1 &
    xbus_pids="$xbus_pids $!"
    xbus_i=0
    while [ $xbus_i -lt 100 ] && [ ! -s "$1" ]; do
        sleep 0.1
        xbus_i=$((xbus_i + 1))
    done
    xbus_display=$(cat "$1" 2>/dev/null)
    [ -n "$xbus_display" ] || {
        echo "FAIL: Xvfb did not start"
        cat "$1.log"
        exit 1
    }
}
