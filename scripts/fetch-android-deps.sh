#!/bin/sh
# fetch-android-deps.sh -- download the pinned sources of android/deps.lock
# into DIR (default ~/src/innermost-deps), verify each sha256, unpack, and
# print the -P arguments for gradlew.  Needs a network, curl, sha256sum, tar,
# unzip.  --pin: for entries whose sum is "-", record the downloaded file's
# sum in deps.lock (verify it against the upstream's published sum first).
set -eu
pin=0
[ "${1:-}" = --pin ] && { pin=1; shift; }
dir=${1:-$HOME/src/innermost-deps}
lock=$(cd "$(dirname "$0")/.." && pwd)/android/deps.lock
mkdir -p "$dir"
grep -v '^#' "$lock" | while read -r name ver url sum; do
    [ -n "$name" ] || continue
    file=$dir/$(basename "$url")
    [ -s "$file" ] || curl -fL --retry 3 -o "$file" "$url"
    got=$(sha256sum "$file" | cut -d' ' -f1)
    if [ "$sum" = - ]; then
        if [ "$pin" -eq 1 ]; then
            sed -i "s|^\($name  *$ver  *[^ ]*  *\)-\$|\1$got|" "$lock"
            echo "$name $ver: pinned $got (compare with the upstream's published sum)"
        else
            echo "$name $ver: not pinned in deps.lock (sha256 of the download: $got); rerun with --pin" >&2
            exit 1
        fi
    elif [ "$got" != "$sum" ]; then
        echo "$name $ver: sha256 mismatch: want $sum, got $got" >&2
        exit 1
    fi
    case $file in
        *.zip) (cd "$dir" && unzip -qo "$file") ;;
        *) tar -C "$dir" -xzf "$file" ;;
    esac
done
echo "gradlew -Pinnermost.sdl2Source=$dir/SDL2-2.26.5 -Pinnermost.sdl2TtfSource=$dir/SDL2_ttf-2.20.2 \\"
echo "        -Pinnermost.sqliteSource=$dir/sqlite-amalgamation-3400100 -Pinnermost.sodiumSource=$dir/libsodium-1.0.18 assembleDebug"
