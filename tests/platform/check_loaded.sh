#!/bin/sh
# check_loaded.sh APP MKVAULT -- which libraries the app maps, and when
# (issue 19; app/src/platform/module.h).  None of GIO, GObject, ATK,
# atk-bridge, libatspi or the app's own modules is mapped at start:
#   1. headless to the unlock screen (the bench's run): none of them, and
#      none of the innermost-*.so modules, loaded at any time of the run --
#      but the font chain's, innermost-fontconfig.so, which its worker opens
#      after the first frame: fontconfig is not among the objects loaded at
#      exec (render/fontchain_fc.h);
#   2. in a window under Xvfb with no accessibility bus: no ATK,
#      atk-bridge, libatspi nor the bridge's module -- while the settings
#      reader's module is opened once the first frame is presented (a
#      GSettings backend that can tell of a change: keyfile); with the
#      memory backend, which nothing outside can change, the settings are
#      read once by the gsettings tool and neither the module nor GIO is
#      mapped;
#   3. in a window with a private session bus and the AT-SPI bus
#      (at-spi-bus-launcher): the bridge's module and atk-bridge are
#      mapped, and a pyatspi client finds the app and walks its tree.
# (libglib and libdbus are not asked about: Debian's HarfBuzz needs GLib
# and SDL2's PulseAudio libdbus, so the bare SDL2 + SDL2_ttf program maps
# them too.)  Fails on the code before issue 19, which linked them all.
# Exit 77 (skipped) without Xvfb, dbus-run-session, the launcher or pyatspi.
app=$1
mkvault=$2
# shellcheck source=tests/support/xbus.sh
. "$(dirname "$0")/../support/xbus.sh"
xbus_need_x
xbus_need_launcher
xbus_need_pyatspi
xbus_tmp loaded
d=$xbus_dir
rc=0
fail() { echo "FAIL: $1"; rc=1; }
"$mkvault" "$d/data" "loaded canary 4411" || { echo "FAIL: cannot make the vault"; exit 1; }
export HOME=$d XDG_CONFIG_HOME=$d/config XDG_RUNTIME_DIR=$d GSETTINGS_BACKEND=memory
unset AT_SPI_BUS_ADDRESS NO_AT_BRIDGE

never='libgio-2\.0|libgobject-2\.0|libatk-1\.0|libatk-bridge-2\.0|libatspi|innermost-(atspi|gsettings|portal)\.so'
bridge='libatk-1\.0|libatk-bridge-2\.0|libatspi|innermost-atspi\.so'
# mapped PID: the objects (file names) PID maps now
mapped() { awk '$6 ~ /\// { n = split($6, p, "/"); print p[n] }' "/proc/$1/maps" | sort -u; }

# 1. headless, to the unlock screen and out: every object the loader opened
# in the whole run (LD_DEBUG=files names each, at exec and at dlopen)
printf 'expect "Unlock Innermost"\ndump\n' >"$d/first.txt"
LD_DEBUG=files LD_DEBUG_OUTPUT=$d/ld SDL_VIDEODRIVER=dummy "$app" --headless --data-dir "$d/data" --size 390x844 \
    --script "$d/first.txt" >"$d/h.log" 2>&1 || fail "headless run failed: $(cat "$d/h.log")"
cat "$d"/ld.* | awk '/file=/ { sub(/.*file=/, ""); sub(/ .*/, ""); n = split($0, p, "/"); print p[n] }' | sort -u >"$d/h.maps"
grep -q libSDL2 "$d/h.maps" || fail "headless: the loader's list was not read"
got=$(grep -E "$never" "$d/h.maps" | tr '\n' ' ')
[ -z "$got" ] || fail "headless to the unlock screen loads: $got"
# what the loader opened at exec: every file= line before the first dlopen
cat "$d"/ld.* | awk '/dynamically loaded by/ { exit } /file=/ { sub(/.*file=/, ""); sub(/ .*/, ""); n = split($0, p, "/"); print p[n] }' |
    sort -u >"$d/x.maps"
grep -q libSDL2 "$d/x.maps" || fail "headless: the objects loaded at exec were not read"
got=$(grep -E 'libfontconfig' "$d/x.maps" | tr '\n' ' ')
[ -z "$got" ] || fail "headless: loaded at exec: $got"

# an X server for the window
xbus_start_x "$d/display"
export DISPLAY=:$xbus_display
unset SDL_VIDEODRIVER

# 2. a window, no bus, a GSettings backend that watches without one
# (keyfile): the reader's module is opened
env -u DBUS_SESSION_BUS_ADDRESS GSETTINGS_BACKEND=keyfile "$app" --data-dir "$d/data" >"$d/w.log" 2>&1 &
w=$!
xbus_pids="$xbus_pids $w"
i=0
while [ $i -lt 50 ] && ! mapped $w 2>/dev/null | grep -q innermost-gsettings; do sleep 0.1; i=$((i + 1)); done
mapped $w >"$d/w.maps"
grep -q innermost-gsettings "$d/w.maps" || fail "window: the settings reader was not opened after the first frame"
got=$(grep -E "$bridge" "$d/w.maps" | tr '\n' ' ')
[ -z "$got" ] || fail "window with no accessibility bus maps: $got"
kill $w 2>/dev/null
wait $w 2>/dev/null

# 2b. the same window with the memory backend, which nothing outside the
# app can change: GLib's gsettings tool reads the settings once in a child
# (seen through a logging stand-in first on PATH) and neither the module
# nor GIO is mapped (app/src/platform/system_prefs.c, "Read once")
real_gs=$(command -v gsettings || true)
if [ -n "$real_gs" ]; then
    mkdir -p "$d/bin"
    printf '#!/bin/sh
echo "$*" >>"%s/tool.log"
exec "%s" "$@"
' "$d" "$real_gs" >"$d/bin/gsettings"
    chmod +x "$d/bin/gsettings"
    env -u DBUS_SESSION_BUS_ADDRESS PATH="$d/bin:$PATH" "$app" --data-dir "$d/data" >"$d/m.log" 2>&1 &
    w=$!
    xbus_pids="$xbus_pids $w"
    i=0
    while [ $i -lt 50 ] && [ "$(cat "$d/tool.log" 2>/dev/null | wc -l)" -lt 2 ]; do sleep 0.1; i=$((i + 1)); done
    sleep 0.3
    mapped $w >"$d/m.maps"
    [ "$(cat "$d/tool.log" 2>/dev/null | wc -l)" -ge 2 ] || fail "memory backend: the gsettings tool was not run"
    got=$(grep -E 'innermost-gsettings|libgio-2\.0|libgobject-2\.0' "$d/m.maps" | tr '\n' ' ')
    [ -z "$got" ] || fail "memory backend, nothing to watch: maps $got"
    kill $w 2>/dev/null
    wait $w 2>/dev/null
fi

# 3. a window with the AT-SPI bus: loaded, and the tree is served
IM_LAUNCHER=$xbus_launcher IM_PY=$xbus_py IM_APP=$app IM_DATA=$d/data IM_D=$d IM_WALK=$(dirname "$0")/../support/atspi_find.py timeout 100 dbus-run-session -- sh -c '
    "$IM_LAUNCHER" --launch-immediately >/dev/null 2>&1 &
    lpid=$!
    sleep 0.5
    "$IM_APP" --data-dir "$IM_DATA" >"$IM_D/b.log" 2>&1 &
    apid=$!
    "$IM_PY" "$IM_WALK" "$apid" "Unlock Innermost"
    rc=$?
    awk "\$6 ~ /\\// { n = split(\$6, p, \"/\"); print p[n] }" /proc/$apid/maps | sort -u >"$IM_D/b.maps"
    kill $apid 2>/dev/null; wait $apid 2>/dev/null
    kill $lpid 2>/dev/null
    exit $rc' || fail "with the AT-SPI bus: the client did not walk the tree"
for lib in innermost-atspi.so libatk-bridge-2.0 libatk-1.0; do
    grep -q "$lib" "$d/b.maps" || fail "with the AT-SPI bus, $lib is not mapped"
done
[ $rc -eq 0 ] && echo "ok: loaded only when used (headless, no bus, no bus and nothing to watch, bus)"
exit $rc
