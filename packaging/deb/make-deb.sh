#!/bin/sh
# make-deb.sh -- build innermost_<version>_<arch>.deb from this tree and run
# lintian on it (`make deb`).  A binary package made with dpkg-deb from a
# stripped `cmake --install` under /usr (not a full Debian source package):
#   - no bundled fonts (INNERMOST_INSTALL_FONTS=OFF): it depends on
#     fonts-noto-core and the app reads /usr/share/fonts/truetype/noto;
#   - the man page and changelog gzip'd, copyright in /usr/share/doc.
# Needs: cmake, a C compiler, the -dev packages, dpkg-deb, fakeroot, lintian,
# objdump (binutils).
# Usage: make-deb.sh [BUILD_DIR] [OUT_DIR]
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build-deb}
out=${2:-$src}
version=$(sed -n 's/^project(innermost VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
arch=$(dpkg --print-architecture)
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DINNERMOST_BUILD_TESTS=OFF \
      -DINNERMOST_INSTALL_FONTS=OFF -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build" --target innermost -j2 >/dev/null
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
DESTDIR=$stage/root cmake --install "$build" --strip >/dev/null
root=$stage/root
doc=$root/usr/share/doc/innermost
mkdir -p "$doc" "$root/DEBIAN"
gzip -9n "$root/usr/share/man/man1/innermost.1"
cp "$src/packaging/deb/copyright" "$doc/copyright"
sed "s/@VERSION@/$version/" "$src/packaging/deb/changelog" | gzip -9n > "$doc/changelog.gz"
size=$(du -sk "$root/usr" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
    "$src/packaging/deb/control" > "$root/DEBIAN/control"
# Every shared library the binary and its modules (usr/lib/innermost, opened
# when their feature is used: app/src/platform/module.h) load must come from a
# package named in Depends (written by hand; a new link dependency must be added).
deps=$(sed -n 's/^Depends: //p' "$root/DEBIAN/control" | tr ',' '\n' | sed 's/^ *\([^ ]*\).*/\1/')
for obj in "$root/usr/bin/innermost" "$root"/usr/lib/innermost/*.so; do
[ -e "$obj" ] || continue
for lib in $(objdump -p "$obj" | awk '/NEEDED/{print $2}'); do
    path=$(ldd "$obj" | awk -v l="$lib" '$1 == l {print $3}')
    pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null || true)
    pkg=${pkg%%:*}
    echo "$deps" | grep -qx "$pkg" ||
        { echo "make-deb: $lib comes from '${pkg:-no package}', which Depends does not name" >&2; exit 1; }
done
done
find "$root" -type d -exec chmod 0755 {} +
find "$root/usr/share" -type f -exec chmod 0644 {} +
deb=$out/innermost_${version}_${arch}.deb
fakeroot dpkg-deb --build -Zxz "$root" "$deb" >/dev/null
echo "built $deb"
if command -v lintian >/dev/null 2>&1; then
    lintian --tag-display-limit 0 "$deb" || { echo "lintian: errors (see above)"; exit 1; }
    echo "lintian: no errors"
fi
