#!/bin/sh
# check-format.sh -- the C sources of core/, app/ and tests/ against their
# .clang-format (one per tree: each matches how that tree is written, see the
# files' headers).  Without --fix: prints each file clang-format would change,
# with the first lines of the change, and exits 1 if there is any; nothing is
# written.  With --fix (`make format`): rewrites those files in place.
# Generated or data files are skipped (SKIP below).  `make test` runs it as
# the test test_source_format (tests/layers).
#   scripts/check-format.sh [--fix] [FILE...]     (.c/.h only; default: every tracked
#                                                  .c/.h under core app tests)
# CLANG_FORMAT names the program (default clang-format-14, else clang-format);
# the styles were measured with version 14, and other versions format some
# constructs differently, so another version is warned about.
set -eu
cd "$(dirname "$0")/.."
fix=0
[ "${1:-}" = --fix ] && { fix=1; shift; }
cf=${CLANG_FORMAT:-}
if [ -z "$cf" ]; then
    if command -v clang-format-14 >/dev/null 2>&1; then cf=clang-format-14; else cf=clang-format; fi
fi
command -v "$cf" >/dev/null 2>&1 || { echo "check-format: $cf not found (Debian: apt-get install clang-format-14)" >&2; exit 2; }
ver=$("$cf" --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
[ "$ver" = 14 ] || echo "check-format: warning: $cf is version ${ver:-?}, the styles were measured with 14" >&2
# the embedded window icon: pixel data written by packaging/make-icons.sh
SKIP="app/src/platform/window_icon_data.h"
if [ $# -gt 0 ]; then
    files="$*"
elif git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files 'core/*.[ch]' 'app/*.[ch]' 'tests/*.[ch]')
else
    files=$(find core app tests -name '*.[ch]' | sort)
fi
tmp=$(mktemp "${TMPDIR:-/tmp}/im-format-XXXXXX")
trap 'rm -f "$tmp"' EXIT
n=0 bad=0
for f in $files; do
    case " $SKIP " in *" $f "*) continue ;; esac
    # only C: clang-format would rewrite a .md, .def or CMakeLists.txt as C
    case $f in *.c | *.h) ;; *) echo "check-format: $f skipped (not a .c or .h file)" >&2; continue ;; esac
    n=$((n + 1))
    "$cf" --style=file "$f" > "$tmp"
    cmp -s "$tmp" "$f" && continue
    bad=$((bad + 1))
    if [ $fix -eq 1 ]; then
        cat "$tmp" > "$f"
        echo "formatted $f"
    else
        echo "--- $f"
        diff -u "$f" "$tmp" | sed -n '3,12p'
    fi
done
if [ $fix -eq 1 ]; then
    echo "check-format: $bad of $n files rewritten"
elif [ $bad -gt 0 ]; then
    echo "check-format: $bad of $n files differ from their .clang-format (scripts/check-format.sh --fix, or make format)"
    exit 1
else
    echo "check-format: $n files match their .clang-format"
fi
