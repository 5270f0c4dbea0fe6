#!/bin/sh
# Installs what the ARM cross builds need (Debian 12), idempotently.
# Usage: scripts/setup-arm.sh [arm64|armhf|all]     (default: all)
#
# arm64 -- Debian multiarch: the arm64 architecture is added to dpkg and
#          gcc-aarch64-linux-gnu, libc6-dev-arm64-cross, libsqlite3-dev:arm64,
#          libsodium-dev:arm64 and qemu-user-static are installed.
# armhf -- NOT multiarch.  Adding armhf to dpkg broke `apt-get update` on the
#          mirror this was written on (a size mismatch in the security index)
#          and kept breaking it until the architecture was removed.  So:
#          gcc-arm-linux-gnueabihf from the normal archive, plus a sysroot made
#          by `apt-get download`ing the armhf libsqlite3/libsodium packages
#          under a private APT configuration (its own lists and cache, with
#          APT::Architecture "armhf") and unpacking them with `dpkg-deb -x`.
#          The system's dpkg and apt state are never told about armhf.
#
# Where the armhf sysroot goes: $IM_ARMHF_SYSROOT, default
# /opt/innermost-sysroot-armhf (cmake/toolchain-arm-linux-gnueabihf.cmake
# reads the same variable and default).
#
# Quick when everything is present: a few dpkg-query calls and a stamp file,
# no network.  As root it installs; otherwise it prints what is missing and
# fails.
set -eu

what=${1:-all}
sysroot=${IM_ARMHF_SYSROOT:-/opt/innermost-sysroot-armhf}
armhf_debs="libsqlite3-dev libsqlite3-0 libsodium-dev libsodium23 libutf8proc-dev libutf8proc2"
# Wait for another apt/dpkg (other builds share this machine) instead of failing.
apt_opts="-o DPkg::Lock::Timeout=600"

need_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup-arm: $1" >&2
        echo "setup-arm: run scripts/setup-arm.sh as root (or with sudo)." >&2
        exit 1
    fi
}

missing_packages() {
    for p in "$@"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
        [ "$status" = installed ] || printf ' %s' "$p"
    done
}

apt_updated=no
apt_update_once() {
    [ "$apt_updated" = yes ] && return 0
    # shellcheck disable=SC2086
    apt-get $apt_opts update -qq
    apt_updated=yes
}

setup_arm64() {
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        need_root "the arm64 architecture is not enabled in dpkg."
        echo "setup-arm: dpkg --add-architecture arm64"
        dpkg --add-architecture arm64
        apt_updated=no
    fi
    # libc6:arm64 (a dependency of the two -dev packages anyway) is named
    # because the tests run on its ld.so and libc, never the cross ones:
    # see cmake/toolchain-aarch64-linux-gnu.cmake.
    missing=$(missing_packages gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
        libc6:arm64 libsqlite3-dev:arm64 libsodium-dev:arm64 libutf8proc-dev:arm64 qemu-user-static)
    [ -z "$missing" ] && return 0
    need_root "missing packages:$missing"
    echo "setup-arm: installing$missing"
    apt_update_once
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get $apt_opts install -y --no-install-recommends $missing
}

# The stamp records the package list; the sysroot is rebuilt if it changes.
armhf_stamp="$sysroot/.innermost-sysroot"

armhf_sysroot_ok() {
    [ -f "$armhf_stamp" ] && [ "$(cat "$armhf_stamp")" = "$armhf_debs" ] &&
        [ -f "$sysroot/usr/include/sqlite3.h" ] && [ -f "$sysroot/usr/include/sodium.h" ]
}

make_armhf_sysroot() {
    need_root "the armhf sysroot $sysroot is missing."
    work=$(mktemp -d /tmp/innermost-apt-armhf.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" \
             "$work/etc/sources.list.d" "$work/etc/preferences.d"
    : > "$work/status"
    # Only the main archive: the security index is what failed for armhf, and
    # headers plus two libraries for tests do not need security updates.
    cat > "$work/etc/sources.list.d/debian.sources" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    cat > "$work/apt.conf" <<EOF
APT::Architecture "armhf";
APT::Architectures { "armhf"; };
Dir::State "$work";
Dir::State::Lists "$work/lists";
Dir::State::status "$work/status";
Dir::Cache "$work/cache";
Dir::Etc::SourceList "/dev/null";
Dir::Etc::SourceParts "$work/etc/sources.list.d";
Dir::Etc::Preferences "/dev/null";
Dir::Etc::PreferencesParts "$work/etc/preferences.d";
APT::Sandbox::User "root";
EOF
    echo "setup-arm: downloading armhf packages ($armhf_debs) into a sysroot at $sysroot"
    APT_CONFIG="$work/apt.conf" apt-get update -qq
    # shellcheck disable=SC2086
    (cd "$work/debs" && APT_CONFIG="$work/apt.conf" apt-get download -qq $armhf_debs)
    rm -rf "$sysroot"
    mkdir -p "$sysroot"
    for deb in "$work"/debs/*.deb; do
        dpkg-deb -x "$deb" "$sysroot"
    done
    echo "$armhf_debs" > "$armhf_stamp"
    rm -rf "$work"
    trap - EXIT
}

setup_armhf() {
    missing=$(missing_packages gcc-arm-linux-gnueabihf libc6-dev-armhf-cross qemu-user-static)
    if [ -n "$missing" ]; then
        need_root "missing packages:$missing"
        echo "setup-arm: installing$missing"
        apt_update_once
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get $apt_opts install -y --no-install-recommends $missing
    fi
    armhf_sysroot_ok || make_armhf_sysroot
    if dpkg --print-foreign-architectures | grep -qx armhf; then
        echo "setup-arm: warning: armhf is a dpkg architecture here; if 'apt-get update' fails," >&2
        echo "setup-arm: remove it with 'dpkg --remove-architecture armhf' (this script never adds it)." >&2
    fi
}

case "$what" in
    arm64) setup_arm64 ;;
    armhf) setup_armhf ;;
    all)   setup_arm64; setup_armhf ;;
    *)     echo "usage: $0 [arm64|armhf|all]" >&2; exit 2 ;;
esac
