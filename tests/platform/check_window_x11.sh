#!/bin/sh
# check_window_x11.sh -- the real window on an X server (Xvfb): its WM_CLASS
# is the app id (matching StartupWMClass in the desktop file and the icon
# name) and it carries a 48x48 _NET_WM_ICON.  Before this was fixed: WM_CLASS
# "innermost" and no icon.  Needs xvfb-run and xprop; exit 77 (skipped)
# without them.  Usage: check_window_x11.sh BINARY APP_ID
set -u
bin=$1
id=$2
command -v xvfb-run >/dev/null 2>&1 && command -v xprop >/dev/null 2>&1 || { echo "skipped: no xvfb-run/xprop"; exit 77; }
d=$(mktemp -d "${TMPDIR:-/tmp}/im-x11-XXXXXX")
trap 'rm -rf "$d"' EXIT
out=$(timeout 60 xvfb-run -a -s "-screen 0 1024x768x24" sh -c '
    unset SDL_VIDEODRIVER; HOME=$1 XDG_DATA_HOME=$1 "$2" --data-dir "$1/v" >/dev/null 2>&1 & pid=$!
    i=0; while [ $i -lt 50 ] && ! xprop -name Innermost WM_CLASS >/dev/null 2>&1; do sleep 0.2; i=$((i+1)); done
    xprop -name Innermost WM_CLASS; xprop -notype -name Innermost 32c _NET_WM_ICON | cut -c1-40
    kill $pid' _ "$d" "$bin" 2>/dev/null)
failed=0
echo "$out" | grep -q "WM_CLASS(STRING) = \"$id\", \"$id\"" || { echo "FAIL: WM_CLASS is not $id: $(echo "$out" | grep WM_CLASS)"; failed=1; }
echo "$out" | grep -q '_NET_WM_ICON = 48, 48,' || { echo "FAIL: no 48x48 _NET_WM_ICON"; failed=1; }
[ $failed -eq 0 ] && echo "window: WM_CLASS $id, 48x48 icon"
exit $failed
