#!/bin/sh
# make screenshots: every script in tests/screenshots/*.txt, run headless
# through the one script runner (tests/support/script_runner.c: it can type back the
# recovery code a script was shown), which links the app's test build
# (innermost_ui_test: the product's code plus the script driver) at
#   phone:  390x844 points x3 (portrait)
#   tablet: 1180x820 points x2 (landscape)
# in the light and the dark theme, at text sizes 85 %, 100 % and 200 %
# (the runner's --text-scale), into shots/<size>-<theme>/NAME.png at 100 %
# and shots/<size>-<theme>-<pct>/NAME.png at 85 and 200.
# Usage: scripts/screenshots.sh BUILD_DIR [OUT_DIR] [PCT...]
#   (PCT: only these text sizes, e.g. `200`; default 85 100 200)
set -eu
build=${1:-build}
out=${2:-shots}
shift $(( $# < 2 ? $# : 2 ))
pcts=${*:-85 100 200}
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
      dark=""
      [ "$theme" = dark ] && dark="--dark"
      for pct in $pcts; do
        case $pct in
          85) text=0.85; dir="$out/$size-$theme-85" ;;
          100) text=1; dir="$out/$size-$theme" ;; # the folder names from before text sizes
          200) text=2; dir="$out/$size-$theme-200" ;;
          *) echo "screenshots: text size $pct is not 85, 100 or 200" >&2; exit 2 ;;
        esac
        mkdir -p "$dir"
        if ! SDL_VIDEODRIVER=dummy "$runner" "$script" --size $geo --scale $scale --shots "$dir" $dark \
            --text-scale $text >/dev/null; then
          echo "screenshots: $script failed at $size $theme $pct %" >&2
          status=1
        fi
      done
    done
  done
done
[ $status -eq 0 ] && echo "screenshots: $(find "$out" -name '*.png' | wc -l) images in $out/"
exit $status
