#!/bin/sh
# check_no_display.sh PRODUCT -- with no display (no DISPLAY, no
# WAYLAND_DISPLAY, no SDL_VIDEODRIVER) the product's window mode exits with
# status 1 and one clear line on stderr that says so, not a crash
# (cli.h, invariant 2).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER XDG_DATA_HOME="$tmp/xdg" \
  timeout 60 "$1" >"$tmp/out" 2>"$tmp/err"
code=$?
fails=0
fail() { echo "check_no_display: $*" >&2; fails=$((fails + 1)); }
[ $code -eq 1 ] || fail "exit status $code, wanted 1"
grep -q "no display" "$tmp/err" || fail "stderr does not say \"no display\": $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line on stderr: $(cat "$tmp/err")"
[ $fails -eq 0 ] && echo "check_no_display: $(cat "$tmp/err")"
exit $fails
