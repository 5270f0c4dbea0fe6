#!/bin/sh
# make screenshots: every script in tests/screenshots/*.txt, run headless
# through the one script runner (tests/support/script_runner.c: it can type back the
# recovery code a script was shown), which links the app's test build
# (innermost_ui_test: the product's code plus the script driver) at
#   phone:  390x844 points x3 (portrait)
#   tablet: 1180x820 points x2 (landscape)
# in the light and the dark theme, into shots/<size>-<theme>/NAME.png.
# Usage: scripts/screenshots.sh BUILD_DIR [OUT_DIR]
set -eu
build=${1:-build}
out=${2:-shots}
runner="$build/tests/script_runner"
[ -x "$runner" ] || { echo "screenshots: $runner is missing (build first)" >&2; exit 1; }
status=0
for script in tests/screenshots/*.txt; do
  for size in phone tablet; do
    case $size in
      phone) geo=390x844; scale=3 ;;
      tablet) geo=1180x820; scale=2 ;;
    esac
    for theme in light dark; do
      dir="$out/$size-$theme"
      mkdir -p "$dir"
      dark=""
      [ "$theme" = dark ] && dark="--dark"
      if ! SDL_VIDEODRIVER=dummy "$runner" "$script" --size $geo --scale $scale --shots "$dir" $dark >/dev/null; then
        echo "screenshots: $script failed at $size $theme" >&2
        status=1
      fi
    done
  done
done
[ $status -eq 0 ] && echo "screenshots: $(find "$out" -name '*.png' | wc -l) images in $out/"
exit $status
