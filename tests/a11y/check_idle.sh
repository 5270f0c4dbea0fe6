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
# shellcheck source=tests/support/xbus.sh
. "$(dirname "$0")/../support/xbus.sh"
xbus_need_x
xbus_need_launcher
xbus_need_pyatspi
xbus_tmp idle
d=$xbus_dir
# two X servers: at-spi-bus-launcher also names its bus on the X root
# window (AT_SPI_BUS), where an app on the same display would find it
xbus_start_x "$d/display"
n=$xbus_display
xbus_start_x "$d/display2"
n2=$xbus_display
"$mkvault" "$d/bus" "idle canary 5566" && "$mkvault" "$d/nobus" "idle canary 5566" || exit 1
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
IM_APP=$app IM_DATA=$d/bus IM_SECS=$secs IM_WALK=$(dirname "$0")/../support/atspi_find.py IM_LAUNCHER=$xbus_launcher IM_PY=$xbus_py \
    timeout 120 dbus-run-session -- sh -c '
        "$IM_LAUNCHER" --launch-immediately >/dev/null 2>&1 &
        lp=$!
        sleep 0.5
        "$IM_APP" --data-dir "$IM_DATA" >/dev/null 2>&1 &
        ap=$!
        "$IM_PY" "$IM_WALK" $ap || { kill $ap $lp; exit 1; }
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
