#!/bin/sh
# check_deps_fetch.sh -- the two readers of cmake/deps.lock refuse an
# archive whose sha256 is not the lock's, and take one whose sum is: the
# fetch script (sha256sum) and CMake's im_deps_fetch_missing (FetchContent,
# URL_HASH SHA256), on archives made here and fetched through file:// (no
# network).  A lock entry without a sum is refused by both.
# Usage: check_deps_fetch.sh SOURCE_ROOT CMAKE
set -u
root=$1
cmake=${2:-cmake}
for t in curl sha256sum unzip tar; do
    command -v $t >/dev/null 2>&1 || { echo "skipped: no $t"; exit 77; }
done
d=$(mktemp -d "${TMPDIR:-/tmp}/im-depsfetch-XXXXXX")
trap 'rm -rf "$d"' EXIT
failed=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; failed=1; }

# two archives, a .tar.gz and a .zip, each with one top folder
mkdir -p "$d/src/foo-1.0" "$d/src/bar-2.0"
echo foo > "$d/src/foo-1.0/marker.txt"
echo bar > "$d/src/bar-2.0/marker.txt"
(cd "$d/src" && "$cmake" -E tar czf "$d/foo-1.0.tar.gz" foo-1.0 && "$cmake" -E tar cf "$d/bar-2.0.zip" --format=zip bar-2.0)
foo_sum=$(sha256sum "$d/foo-1.0.tar.gz" | cut -d' ' -f1)
bar_sum=$(sha256sum "$d/bar-2.0.zip" | cut -d' ' -f1)
wrong=0000000000000000000000000000000000000000000000000000000000000000
printf 'foo 1.0 file://%s/foo-1.0.tar.gz %s\nbar 2.0 file://%s/bar-2.0.zip %s\n' "$d" "$foo_sum" "$d" "$bar_sum" > "$d/good.lock"
printf 'foo 1.0 file://%s/foo-1.0.tar.gz %s\n' "$d" "$wrong" > "$d/bad.lock"
printf 'foo 1.0 file://%s/foo-1.0.tar.gz -\n' "$d" > "$d/unpinned.lock"

# the fetch script
fetch=$root/scripts/fetch-android-deps.sh
if IM_DEPS_LOCK=$d/good.lock sh "$fetch" "$d/out1" > "$d/log1" 2>&1 &&
   [ "$(cat "$d/out1/foo/marker.txt")" = foo ] && [ "$(cat "$d/out1/bar/marker.txt")" = bar ]; then
    ok "fetch script: right sums -> unpacked into DIR/foo, DIR/bar"
else
    bad "fetch script with the right sums: $(cat "$d/log1")"
fi
if IM_DEPS_LOCK=$d/bad.lock sh "$fetch" "$d/out2" > "$d/log2" 2>&1; then
    bad "fetch script accepted a wrong sha256"
elif grep -q "sha256 mismatch" "$d/log2" && [ ! -e "$d/out2/foo" ] && [ ! -e "$d/out2/foo-1.0.tar.gz" ]; then
    ok "fetch script: wrong sum -> refused, nothing unpacked, download deleted"
else
    bad "fetch script on a wrong sum: $(cat "$d/log2"); $(ls "$d/out2" 2>&1)"
fi
if IM_DEPS_LOCK=$d/unpinned.lock sh "$fetch" "$d/out3" > "$d/log3" 2>&1; then
    bad "fetch script fetched an entry without a sum"
elif grep -q "no sha256" "$d/log3" && [ ! -e "$d/out3/foo" ]; then
    ok "fetch script: no sum -> refused"
else
    bad "fetch script on an entry without a sum: $(cat "$d/log3")"
fi

# CMake's FetchContent path
conf() { # NAME LOCK EXPECT
    "$cmake" -S "$root/tests/platform/deps_fetch" -B "$d/cm-$1" -DIM_ROOT="$root" \
        -DIM_TEST_LOCK="$2" "-DIM_TEST_EXPECT=$3" > "$d/cm-$1.log" 2>&1
}
if conf good "$d/good.lock" "IM_FOO_SOURCE;IM_BAR_SOURCE"; then
    ok "FetchContent: right sums -> IM_FOO_SOURCE, IM_BAR_SOURCE populated"
else
    bad "FetchContent with the right sums: $(tail -20 "$d/cm-good.log")"
fi
if conf bad "$d/bad.lock" "IM_FOO_SOURCE"; then
    bad "FetchContent accepted a wrong sha256"
elif grep -q "expected: .$wrong" "$d/cm-bad.log" && grep -q "actual: .$foo_sum" "$d/cm-bad.log"; then
    ok "FetchContent: wrong sum -> configure stops (expected and actual sums printed)"
else
    bad "FetchContent on a wrong sum failed, but not on the hash: $(tail -20 "$d/cm-bad.log")"
fi
if conf unpinned "$d/unpinned.lock" "IM_FOO_SOURCE"; then
    bad "FetchContent fetched an entry without a sum"
elif grep -q "has no sha256\|not 'name version URL sha256'" "$d/cm-unpinned.log"; then
    ok "FetchContent: no sum -> refused"
else
    bad "FetchContent on an entry without a sum: $(tail -20 "$d/cm-unpinned.log")"
fi
exit $failed
