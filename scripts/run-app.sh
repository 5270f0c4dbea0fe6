#!/bin/sh
# Starts the app built in $1.  With no display, says so in one line.
set -eu
build=${1:-build}; [ $# -gt 0 ] && shift
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${SDL_VIDEODRIVER:-}" ]; then
    echo "innermost: no display found (DISPLAY and WAYLAND_DISPLAY are unset); run it from a desktop session." >&2
    exit 1
fi
exec "$build/app/innermost" "$@"
