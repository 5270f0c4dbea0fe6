#!/bin/sh
# check_no_sprintf.sh -- no sprintf/vsprintf call in core/ or app/.
# Apple's SDK marks both deprecated, so under -Werror one call stops the iOS
# and macOS builds; snprintf is the portable form.  A text check:
# comments and strings mentioning the word with "(" would also trip it.
# Usage: check_no_sprintf.sh SOURCE_DIR
src=${1:?usage: check_no_sprintf.sh SOURCE_DIR}
hits=$(grep -rnE '(^|[^a-zA-Z0-9_n])v?sprintf[[:space:]]*\(' "$src/core" "$src/app" \
       --include='*.c' --include='*.h' --include='*.m' 2>/dev/null)
if [ -n "$hits" ]; then
    echo "FAIL: sprintf/vsprintf (deprecated in Apple's SDK; use snprintf):"
    echo "$hits"
    exit 1
fi
echo "no sprintf/vsprintf in core/ or app/"
