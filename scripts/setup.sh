#!/bin/sh
# Installs the Debian/Ubuntu packages Innermost needs to build and test.
# Usage: scripts/setup.sh [run|test|bench]
#   run   -- what building and running the app needs
#   test  -- that, plus clang (sanitizers, libFuzzer) for the test suite, and
#            the validators tests/platform/test_install.sh runs
#   bench -- run's, plus Xvfb: `make bench` measures idle in a real X11
#            window, where SDL_WaitEvent truly sleeps; and dbus-daemon
#            (dbus-run-session) for the RSS row with the settings portal
#   (the ARM cross toolchains: scripts/setup-arm.sh, run by make test-arm*)
# As root it runs apt-get; otherwise it prints the exact command and fails.
# It is quick when everything is present: one dpkg-query, no network.
set -eu

mode=${1:-run}
pkgs="gcc make cmake pkg-config libsqlite3-dev libsodium-dev libsdl2-dev libsdl2-ttf-dev
      libharfbuzz-dev libfribidi-dev libunibreak-dev libutf8proc-dev libfreetype-dev libfontconfig-dev
      libglib2.0-dev libdbus-1-dev libatk1.0-dev libatk-bridge2.0-dev"
# (ATK and atk-bridge: the app's accessibility tree over AT-SPI for screen
# readers such as Orca, app/src/a11y/atspi.c; without them it builds without)
if [ "$mode" = test ]; then
    pkgs="$pkgs clang clang-format-14 libclang-rt-dev binutils desktop-file-utils appstream"
    # the text reference check (tests/text): hb-shape and the fonts for 13 scripts
    pkgs="$pkgs libharfbuzz-bin fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji"
    # jni.h for the __ANDROID__ syntax check; Xvfb for the window tests
    # (xrdb, x11-xserver-utils: the HiDPI window test sets Xft.dpi with it)
    pkgs="$pkgs openjdk-17-jdk-headless xvfb xauth x11-utils x11-xserver-utils strace"
    # the desktop's accessibility settings read live (tests/platform/test_system_prefs):
    # the GNOME schemas and the gsettings tool that changes them
    pkgs="$pkgs gsettings-desktop-schemas libglib2.0-bin"
    # the desktop file chooser test: a fake XDG portal on a private session bus
    pkgs="$pkgs dbus-daemon"
    # the screen-reader check (tests/a11y/check_atspi.sh): a private D-Bus
    # session, the AT-SPI bus and registry, and pyatspi (Orca's library) for
    # Debian's python3
    pkgs="$pkgs at-spi2-core python3-pyatspi"
fi
if [ "$mode" = bench ]; then
    pkgs="$pkgs binutils xvfb xauth dbus-daemon"
fi

# One line per installed architecture: once scripts/setup-arm.sh has added
# arm64, "libsqlite3-dev" also matches libsqlite3-dev:arm64, so look for the
# native (or arch-independent) one.
native=$(dpkg --print-architecture)
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Architecture} ${db:Status-Status}\n' "$p" 2>/dev/null |
        grep -qE "^($native|all) installed\$" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "Innermost needs these packages:$missing" >&2
    echo "Install them with:  sudo apt-get update && sudo $cmd" >&2
    exit 1
fi
echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
$cmd
