#!/bin/sh
# Regenerates org.innermost.Innermost-256.png (committed) from the same
# shapes as org.innermost.Innermost.svg.  Debian's ImageMagick 6 has no SVG
# reader without extra delegates, so the drawing is repeated here with
# ImageMagick primitives; keep the two in step.  Needs the real ImageMagick.
set -eu
cd "$(dirname "$0")"
im=$(command -v convert-im6.q16 || command -v convert)
"$im" -size 256x256 gradient:'#3b4a6b-#26304a' \
  \( -size 256x256 xc:none -fill white -draw "roundrectangle 8,8 247,247 56,56" \) \
  -compose DstIn -composite -compose Over \
  -fill 'rgba(233,185,160,0.85)' -draw "circle 104,128 160,128" \
  -fill 'rgba(169,199,192,0.75)' -draw "circle 152,128 208,128" \
  -fill '#f6efe6' -draw "circle 128,128 140,128" \
  -depth 8 -strip org.innermost.Innermost-256.png
