#!/bin/sh
# check_idle.sh -- the screen-reader bridge does not keep the app awake:
# the windowed test build idles on the unlock screen under Xvfb at most
# 0.5 % of one core, both with the AT-SPI bus up (a pyatspi client having
# found it and walked its whole tree, so the bridge is connected and its
# objects made) and with no D-Bus session at all (no bridge).  CPU time is
# read from /proc/PID/stat (utime + stime) over MEASURE seconds, after the
# focused field's caret has stopped blinking (15 s after the last input,
# widgets/textfield.h).  Both apps run side by side.  Exit 77 (skipped)
# only without Xvfb, dbus-run-session, the AT-SPI bus or pyatspi.
# Usage: check_idle.sh APP MAKE_VAULT [MEASURE_SECONDS]
set -u
app=$1
mkvault=$2
secs=${3:-10}
skip() { echo "skipped: $*"; exit 77; }
command -v Xvfb >/dev/null 2>&1 || skip "no Xvfb"
command -v dbus-run-session >/dev/null 2>&1 || skip "no dbus-run-session"
launcher=/usr/libexec/at-spi-bus-launcher
[ -x "$launcher" ] || skip "no at-spi-bus-launcher"
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || skip "no pyatspi for /usr/bin/python3"
d=$(mktemp -d "${TMPDIR:-/tmp}/im-idle-XXXXXX")
xpids=""
cleanup() { [ -n "$xpids" ] && kill $xpids 2>/dev/null; rm -rf "$d"; }
trap cleanup EXIT
# two X servers: at-spi-bus-launcher also names its bus on the X root
# window (AT_SPI_BUS), where an app on the same display would find it
xserver() { # file for the display number
    Xvfb -displayfd 3 -screen 0 1024x900x24 -nolisten tcp 3>"$1" >/dev/null 2>&1 &
    xpids="$xpids $!"
    i=0
    while [ $i -lt 100 ] && [ ! -s "$1" ]; do sleep 0.1; i=$((i + 1)); done
    [ -s "$1" ] || { echo "FAIL: Xvfb did not start"; exit 1; }
}
xserver "$d/display"
xserver "$d/display2"
n=$(cat "$d/display")
n2=$(cat "$d/display2")
"$mkvault" "$d/bus" "idle canary 5566" && "$mkvault" "$d/nobus" "idle canary 5566" || exit 1
cat >"$d/walk.py" <<'PY'
import sys, time, pyatspi
pid = int(sys.argv[1])
for _ in range(80):
    d = pyatspi.Registry.getDesktop(0)
    apps = [d.getChildAtIndex(i) for i in range(d.childCount)]
    a = [x for x in apps if x is not None and x.get_process_id() == pid]
    if a:
        break
    time.sleep(0.25)
else:
    print("FAIL: the app is not in the AT-SPI registry"); sys.exit(1)
def walk(x):
    yield x
    for i in range(x.childCount):
        yield from walk(x.getChildAtIndex(i))
print("client: %d nodes walked" % len(list(walk(a[0]))))
PY
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() { # name pid
    sleep 16
    t0=$(ticks "$2")
    sleep "$secs"
    t1=$(ticks "$2")
    echo "$1 $((t1 - t0))"
}
export DISPLAY=:$n HOME=$d XDG_RUNTIME_DIR=$d
unset SDL_VIDEODRIVER
env -u DBUS_SESSION_BUS_ADDRESS DISPLAY=:$n2 "$app" --data-dir "$d/nobus" >"$d/nobus.log" 2>&1 &
nobus=$!
measure "no-bus" $nobus >"$d/nobus.ticks" &
mpid=$!
IM_APP=$app IM_DATA=$d/bus IM_SECS=$secs IM_WALK=$d/walk.py IM_LAUNCHER=$launcher \
    timeout 120 dbus-run-session -- sh -c '
        "$IM_LAUNCHER" --launch-immediately >/dev/null 2>&1 &
        lp=$!
        sleep 0.5
        "$IM_APP" --data-dir "$IM_DATA" >/dev/null 2>&1 &
        ap=$!
        /usr/bin/python3 "$IM_WALK" $ap || { kill $ap $lp; exit 1; }
        sleep 16
        t0=$(awk "{print \$14 + \$15}" /proc/$ap/stat)
        sleep "$IM_SECS"
        t1=$(awk "{print \$14 + \$15}" /proc/$ap/stat)
        echo "bus $((t1 - t0))" >"$HOME/bus.ticks"
        kill $ap $lp' 2>/dev/null
rc=$?
wait $mpid
kill $nobus 2>/dev/null
[ $rc -eq 0 ] || { echo "FAIL: the run with the bus did not finish"; exit 1; }
hz=$(getconf CLK_TCK)
limit=$((hz * secs / 200)) # 0.5 % of one core, in ticks
failed=0
for f in "$d/bus.ticks" "$d/nobus.ticks"; do
    read -r name t <"$f"
    pct=$(awk -v t="$t" -v hz="$hz" -v s="$secs" 'BEGIN { printf "%.2f", 100 * t / hz / s }')
    echo "idle CPU, $name: $t ticks of 1/$hz s in $secs s = $pct % (limit 0.5 %)"
    [ "$t" -le "$limit" ] || failed=1
done
[ $failed -eq 0 ] && echo "2 passed, 0 failed" || echo "FAIL: the app does not idle"
exit $failed
