#!/bin/sh
# check_loaded.sh APP MKVAULT -- which libraries the app maps, and when
# (issue 19; app/src/platform/module.h).  None of GIO, GObject, ATK,
# atk-bridge, libatspi or the app's own modules is mapped at start:
#   1. headless to the unlock screen (the bench's run): none of them, and
#      none of the innermost-*.so modules, loaded at any time of the run;
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
skip() { echo "SKIP: $1"; exit 77; }
command -v Xvfb >/dev/null 2>&1 || skip "no Xvfb"
command -v dbus-run-session >/dev/null 2>&1 || skip "no dbus-run-session"
launcher=""
for p in /usr/libexec/at-spi-bus-launcher /usr/lib/at-spi2-core/at-spi-bus-launcher; do
    [ -x "$p" ] && launcher=$p && break
done
[ -n "$launcher" ] || skip "no at-spi-bus-launcher"
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || skip "no pyatspi for /usr/bin/python3"
d=$(mktemp -d "${TMPDIR:-/tmp}/im-loaded-XXXXXX")
pids=""
cleanup() { [ -n "$pids" ] && kill $pids 2>/dev/null; rm -rf "$d"; }
trap cleanup EXIT
rc=0
fail() { echo "FAIL: $1"; rc=1; }
"$mkvault" "$d/data" "loaded canary 4411" || { echo "FAIL: cannot make the vault"; exit 1; }
export HOME=$d XDG_CONFIG_HOME=$d/config XDG_RUNTIME_DIR=$d GSETTINGS_BACKEND=memory
unset AT_SPI_BUS_ADDRESS NO_AT_BRIDGE

never='libgio-2\.0|libgobject-2\.0|libatk-1\.0|libatk-bridge-2\.0|libatspi|innermost-[a-z]*\.so'
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

# an X server for the window
Xvfb -displayfd 3 -screen 0 1024x900x24 -nolisten tcp 3>"$d/display" >/dev/null 2>&1 &
pids="$pids $!"
i=0
while [ $i -lt 100 ] && [ ! -s "$d/display" ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$d/display" ] || { echo "FAIL: Xvfb did not start"; exit 1; }
export DISPLAY=:$(cat "$d/display")
unset SDL_VIDEODRIVER

# 2. a window, no bus, a GSettings backend that watches without one
# (keyfile): the reader's module is opened
env -u DBUS_SESSION_BUS_ADDRESS GSETTINGS_BACKEND=keyfile "$app" --data-dir "$d/data" >"$d/w.log" 2>&1 &
w=$!
pids="$pids $w"
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
    pids="$pids $w"
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
cat >"$d/walk.py" <<'PY'
import sys, time, pyatspi
pid = int(sys.argv[1])
for _ in range(80):
    d = pyatspi.Registry.getDesktop(0)
    a = [x for x in (d.getChildAtIndex(i) for i in range(d.childCount)) if x is not None and x.get_process_id() == pid]
    if a:
        break
    time.sleep(0.25)
else:
    print("FAIL: the app is not in the AT-SPI registry"); sys.exit(1)
def walk(x):
    yield x
    for i in range(x.childCount):
        yield from walk(x.getChildAtIndex(i))
names = [x.name for x in walk(a[0])]
if "Unlock Innermost" not in " ".join(n or "" for n in names):
    print("FAIL: the tree has no 'Unlock Innermost': %r" % names[:20]); sys.exit(1)
print("client: %d nodes walked" % len(names))
PY
IM_LAUNCHER=$launcher IM_APP=$app IM_DATA=$d/data IM_D=$d timeout 100 dbus-run-session -- sh -c '
    "$IM_LAUNCHER" --launch-immediately >/dev/null 2>&1 &
    lpid=$!
    sleep 0.5
    "$IM_APP" --data-dir "$IM_DATA" >"$IM_D/b.log" 2>&1 &
    apid=$!
    /usr/bin/python3 "$IM_D/walk.py" "$apid"
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
