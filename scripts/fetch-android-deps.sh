#!/bin/sh
# fetch-android-deps.sh -- download the pinned dependency sources of
# cmake/deps.lock into DIR (default ~/src/innermost-deps), check each
# archive's sha256 (sha256sum) BEFORE unpacking it, unpack each into
# DIR/<name>, and print the -P arguments for gradlew.  An archive whose sum
# differs is deleted and the script stops: nothing unverified is unpacked.
# An entry without a sum is refused (the lock must name one).
# Needs a network, curl, sha256sum (or shasum), tar (gzip/xz), unzip.
# IM_DEPS_LOCK=FILE reads another lock (the test uses file:// URLs).
# Usage: fetch-android-deps.sh [DIR]
set -eu
dir=${1:-$HOME/src/innermost-deps}
lock=${IM_DEPS_LOCK:-$(cd "$(dirname "$0")/.." && pwd)/cmake/deps.lock}
mkdir -p "$dir"
# sha256sum (GNU coreutils); macOS, for the iOS build, has shasum instead
sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1
}
grep -v '^#' "$lock" | while read -r name ver url sum rest; do
    [ -n "$name" ] || continue
    if ! echo "$sum" | grep -qE '^[0-9a-f]{64}$' || [ -n "$rest" ]; then
        echo "$name $ver: deps.lock has no sha256 for $url: refusing to fetch it unverified" >&2
        exit 1
    fi
    case $url in
        *.tar.gz) ext=tar.gz ;;
        *.tar.xz) ext=tar.xz ;;
        *.zip) ext=zip ;;
        *) echo "$name $ver: not a .tar.gz, .tar.xz or .zip: $url" >&2; exit 1 ;;
    esac
    file=$dir/$name-$ver.$ext
    if [ ! -s "$file" ]; then
        curl -fL --retry 3 -o "$file.part" "$url" ||
            { rm -f "$file.part"; echo "$name $ver: download failed: $url" >&2; exit 1; }
        mv "$file.part" "$file"
    fi
    got=$(sha256_of "$file")
    if [ "$got" != "$sum" ]; then
        rm -f "$file"
        echo "$name $ver: sha256 mismatch for $url: want $sum, got $got (deleted)" >&2
        exit 1
    fi
    # one top-level folder in each archive; it becomes DIR/<name>
    rm -rf "$dir/$name" "$dir/.unpack-$name"
    mkdir "$dir/.unpack-$name"
    case $file in
        *.zip) unzip -q "$file" -d "$dir/.unpack-$name" ;;
        *) tar -C "$dir/.unpack-$name" -xf "$file" ;;
    esac
    top=$(ls "$dir/.unpack-$name")
    [ "$(echo "$top" | wc -l)" -eq 1 ] && [ -d "$dir/.unpack-$name/$top" ] ||
        { echo "$name $ver: expected one folder in $file" >&2; exit 1; }
    mv "$dir/.unpack-$name/$top" "$dir/$name"
    rmdir "$dir/.unpack-$name"
    echo "$name $ver: sha256 ok, unpacked into $dir/$name"
done
echo "gradlew -Pinnermost.sdl2Source=$dir/sdl2 -Pinnermost.sdl2TtfSource=$dir/sdl2_ttf \\"
echo "        -Pinnermost.sqliteSource=$dir/sqlite -Pinnermost.sodiumSource=$dir/sodium \\"
echo "        -Pinnermost.fribidiSource=$dir/fribidi -Pinnermost.unibreakSource=$dir/unibreak \\"
echo "        -Pinnermost.utf8procSource=$dir/utf8proc assembleDebug"
