#!/bin/sh
# check_product.sh PRODUCT TEST_BUILD -- the installed program has no test
# door:
#   1. no script-driver symbol (nm: ui_driver_*, ui_test_main) and no
#      INNERMOST_TEST_KDF string, so nothing in it can read that switch;
#   2. `--headless` and `--script` (alone, together, or with the rest of a
#      driver command line) are refused with a plain message and a non-zero
#      status, before SDL starts, and no data folder is made;
#   3. the control: the test build has the symbols, the string and the
#      options, so checks 1 and 2 can fail.
set -u
prod=$1
testb=$2
fails=0
fail() { echo "check_product: $*" >&2; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

symbols() { nm "$1" 2>/dev/null | grep -E ' (ui_driver_[a-z_]+|ui_test_main)$' ; }
if symbols "$prod" >"$tmp/syms"; then
  fail "the product has driver symbols: $(tr '\n' ' ' <"$tmp/syms")"
fi
if grep -q INNERMOST_TEST_KDF "$prod"; then
  fail "the product holds the string INNERMOST_TEST_KDF"
fi
symbols "$testb" >/dev/null || fail "control: no driver symbols found in the test build"
grep -q INNERMOST_TEST_KDF "$testb" || fail "control: INNERMOST_TEST_KDF not found in the test build"

printf 'expect "Innermost"\n' >"$tmp/script.txt"
refused() { # label, then the arguments
  label=$1
  shift
  rm -rf "$tmp/data"
  INNERMOST_TEST_KDF=min SDL_VIDEODRIVER=dummy "$prod" "$@" >"$tmp/out" 2>"$tmp/err"
  code=$?
  [ $code -ne 0 ] || fail "$label: exit status 0"
  grep -q "is not an option of this program" "$tmp/err" || fail "$label: no plain refusal on stderr: $(cat "$tmp/err")"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$label: more than one line on stderr: $(cat "$tmp/err")"
  [ ! -e "$tmp/data" ] || fail "$label: a data folder was made"
  echo "refused ($code): $label: $(cat "$tmp/err")"
}
refused "--headless --script" --headless --data-dir "$tmp/data" --script "$tmp/script.txt"
refused "--script" --data-dir "$tmp/data" --script "$tmp/script.txt"
refused "--headless" --headless
refused "driver options first" --size 390x844 --scale 2 --headless --script "$tmp/script.txt"

# control: the test build runs the same script
mkdir -p "$tmp/tdata"
if ! SDL_VIDEODRIVER=dummy INNERMOST_TEST_KDF=min "$testb" --headless --data-dir "$tmp/tdata" \
      --script "$tmp/script.txt" >"$tmp/out" 2>"$tmp/err"; then
  fail "control: the test build did not run the script: $(cat "$tmp/err")"
fi
[ $fails -eq 0 ] && echo "check_product: the product has no test door"
exit $fails
