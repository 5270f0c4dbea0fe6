#!/bin/sh
# test_install.sh -- `cmake --install` puts every file where a Linux desktop
# looks for it, and the files are valid.
# Usage: test_install.sh BUILD_DIR APP_ID [SOURCE_DIR]
# Needs desktop-file-validate (desktop-file-utils) and appstreamcli
# (appstream), which scripts/setup.sh installs for `make test`.
set -u
build=$1
id=$2
src=${3:-}
passed=0
failed=0
ok()   { passed=$((passed + 1)); }
bad()  { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
    what=$1; shift
    if "$@" >/dev/null 2>&1; then ok; else bad "$what"; fi
}

prefix=$(mktemp -d "${TMPDIR:-/tmp}/im-install-XXXXXX")
trap 'rm -rf "$prefix"' EXIT

if ! cmake --install "$build" --prefix "$prefix" >"$prefix.log" 2>&1; then
    cat "$prefix.log"; rm -f "$prefix.log"
    echo "FAIL: cmake --install failed"
    echo "0 passed, 1 failed"
    exit 1
fi
rm -f "$prefix.log"

check "bin/innermost is an executable" test -x "$prefix/bin/innermost"
for f in NotoSans-Regular.ttf NotoSans-Bold.ttf NotoSansSymbols2-Regular.ttf OFL.txt; do
    check "share/innermost/fonts/$f installed" test -s "$prefix/share/innermost/fonts/$f"
done
# The app finds its fonts relative to its executable: bin/../share/innermost.
check "fonts reachable as bin/../share/innermost/fonts" \
    test -s "$prefix/bin/../share/innermost/fonts/NotoSans-Regular.ttf"
desktop=$prefix/share/applications/$id.desktop
svg=$prefix/share/icons/hicolor/scalable/apps/$id.svg
png=$prefix/share/icons/hicolor/256x256/apps/$id.png
meta=$prefix/share/metainfo/$id.metainfo.xml
check "desktop file installed" test -s "$desktop"
check "scalable icon installed" test -s "$svg"
check "256px icon installed" test -s "$png"
check "AppStream metainfo installed" test -s "$meta"
for s in 16 24 32 48 64 128 256 512; do
    check "hicolor ${s}x${s} icon installed" test -s "$prefix/share/icons/hicolor/${s}x${s}/apps/$id.png"
done
check "desktop StartupWMClass is the app id (the window's WM class)" grep -qx "StartupWMClass=$id" "$desktop"

# The desktop entry points at what was installed.
check "desktop Exec= is the installed binary name" grep -qx 'Exec=innermost' "$desktop"
check "desktop Icon= is the installed icon name" grep -qx "Icon=$id" "$desktop"
check "metainfo has screenshots" grep -q '<screenshot type="default">' "$meta"
check "metainfo release has notes" sh -c "tr -d '\n' < '$meta' | grep -q '<release [^>]*>[[:space:]]*<description>'"
check "metainfo launchable is the desktop file" grep -q "<launchable type=\"desktop-id\">$id.desktop<" "$meta"
check "svg is an SVG document" grep -q '<svg ' "$svg"
# PNG signature, then IHDR width and height (big-endian) = 256 x 256.
sig=$(od -An -tx1 -N8 "$png" 2>/dev/null | tr -d ' \n')
dims=$(od -An -tx1 -j16 -N8 "$png" 2>/dev/null | tr -d ' \n')
check "png signature" test "$sig" = 89504e470d0a1a0a
check "png is 256x256" test "$dims" = 0000010000000100

if command -v desktop-file-validate >/dev/null 2>&1; then
    if out=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$out" ]; then ok; else bad "desktop-file-validate: $out"; fi
else
    bad "desktop-file-validate missing (apt-get install desktop-file-utils; scripts/setup.sh test does)"
fi
if command -v appstreamcli >/dev/null 2>&1; then
    if out=$(appstreamcli validate --no-net "$meta" 2>&1); then ok; else bad "appstreamcli validate: $out"; fi
else
    bad "appstreamcli missing (apt-get install appstream; scripts/setup.sh test does)"
fi

check "share/innermost/content not installed (the programmes are built in; nothing reads it)" \
    test ! -e "$prefix/share/innermost/content"
# A stripped install (what make deb ships): no symbol table left.
sprefix=$prefix/stripped
if cmake --install "$build" --prefix "$sprefix" --strip >/dev/null 2>&1 && command -v readelf >/dev/null 2>&1; then
    check "cmake --install --strip leaves no .symtab" sh -c "! readelf -S '$sprefix/bin/innermost' | grep -q '\.symtab'"
else
    bad "cmake --install --strip failed (or no readelf)"
fi
rm -rf "$sprefix"

# --help and --version: exit 0 with useful text on stdout (they exited 2,
# "needs a value (or is unknown)", before the fix).
bin=$prefix/bin/innermost
if out=$("$bin" --help 2>/dev/null) && echo "$out" | grep -q '^usage: innermost' &&
   echo "$out" | grep -q -- '--data-dir'; then ok; else bad "innermost --help: exit 0 and a usage text"; fi
if out=$("$bin" --version 2>/dev/null) && echo "$out" | grep -qE '^innermost [0-9]+\.[0-9]+'; then ok
else bad "innermost --version: exit 0 and 'innermost X.Y'"; fi
check "manual page installed" test -s "$prefix/share/man/man1/innermost.1"
if command -v man >/dev/null 2>&1; then
    check "manual page renders" sh -c "man -l '$prefix/share/man/man1/innermost.1' >/dev/null"
fi

# An installed binary whose fonts are gone fails plainly; it must not reach
# back into the source tree it was built from (the compiled-in fallback is
# for the build folder only).  Before the fix it quietly started.
rm -rf "$prefix/share/innermost/fonts"
data=$(mktemp -d "${TMPDIR:-/tmp}/im-install-data-XXXXXX")
noto=/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf
if [ -s "$noto" ]; then
    # The system's Noto is there: the app uses it (the .deb's case) -- and
    # must still never open the source tree's fonts.  Seen with strace.
    if [ -n "$src" ] && command -v strace >/dev/null 2>&1 && strace -o /dev/null true 2>/dev/null; then
        SDL_VIDEODRIVER=dummy HOME=$data XDG_DATA_HOME=$data INNERMOST_FONT_DIR= \
            timeout 5 strace -f -e trace=open,openat -o "$data/trace" "$bin" --data-dir "$data/vault" >/dev/null 2>&1
        check "installed binary opens no font of the source tree" sh -c "! grep -q '\"$src/fonts/' '$data/trace'"
        check "installed binary without its fonts reads the system's Noto" grep -q "\"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf\"" "$data/trace"
    fi
else
    err=$(SDL_VIDEODRIVER=dummy HOME=$data XDG_DATA_HOME=$data INNERMOST_FONT_DIR= \
          timeout 20 "$bin" --data-dir "$data/vault" 2>&1 >/dev/null)
    rc=$?
    if [ "$rc" -eq 1 ] && echo "$err" | grep -q 'fonts'; then ok
    else bad "installed binary without fonts: want exit 1 and a fonts message, got $rc: $err"; fi
fi
rm -rf "$data"

# Nothing user-related is installed: no database or pref files.
stray=$(find "$prefix" -name '*.db' -o -name '*.sqlite*' -o -name '*-wal' | head -1)
check "no data files in the install tree" test -z "$stray"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
