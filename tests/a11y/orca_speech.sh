#!/bin/sh
# orca_speech.sh -- what Orca says about Innermost (by hand, not in ctest:
# Orca is a large install; apt-get install orca).  Xvfb, a private D-Bus
# session with the AT-SPI bus, Orca with its debug log, the windowed test
# build on a vault locked by a canary passphrase, and orca_drive.py moving
# focus and acting through AT-SPI as a keyboard user's screen reader would
# see it.  Prints every SPEECH OUTPUT line of Orca's log: what Orca handed
# to its speech server (speech-dispatcher), and whether the passphrase was
# ever among it.
# Usage: orca_speech.sh APP MAKE_VAULT
set -u
app=$1
mkvault=$2
here=$(cd "$(dirname "$0")" && pwd)
command -v orca >/dev/null 2>&1 || { echo "no orca (apt-get install orca)"; exit 77; }
d=$(mktemp -d "${TMPDIR:-/tmp}/im-orca-XXXXXX")
n=80
while [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ]; do n=$((n + 1)); done
Xvfb :$n -screen 0 1024x900x24 -nolisten tcp >/dev/null 2>&1 &
xp=$!
sleep 1
pass="canary-otter-9137 lantern"
"$mkvault" "$d/data" "$pass"
DISPLAY=:$n HOME=$d XDG_CONFIG_HOME=$d/cfg XDG_DATA_HOME=$d/share XDG_RUNTIME_DIR=$d \
    IM_APP=$app IM_PASS=$pass IM_DRIVE=$here/orca_drive.py \
    timeout 90 dbus-run-session -- sh -c '
        unset SDL_VIDEODRIVER
        /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
        lp=$!
        sleep 0.5
        orca --debug-file="$HOME/orca.log" -u "$HOME/orca-prefs" >"$HOME/orca.out" 2>&1 &
        op=$!
        sleep 4
        "$IM_APP" --data-dir "$HOME/data" >"$HOME/app.log" 2>&1 &
        ap=$!
        sleep 3
        /usr/bin/python3 "$IM_DRIVE" "$ap"
        sleep 2
        kill $ap $op $lp' 2>/dev/null
kill $xp
grep "SPEECH OUTPUT" "$d/orca.log" | sed "s/.*SPEECH OUTPUT: //"
if grep -q "$pass" "$d/orca.log"; then
    echo "FAIL: the passphrase is in Orca's log"
    rc=1
else
    echo "the passphrase is nowhere in Orca's log"
    rc=0
fi
rm -rf "$d"
exit $rc
