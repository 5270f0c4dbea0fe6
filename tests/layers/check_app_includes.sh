#!/bin/sh
# check_app_includes.sh APP_DIR CORE_LINKS_FILE
# The app never talks SQL or crypto: no source under APP_DIR includes
# sqlite3.h or sodium.h, and core hands neither library on to what links
# it (CORE_LINKS_FILE: core's INTERFACE_LINK_LIBRARIES, one per line,
# where a PRIVATE dependency shows only as $<LINK_ONLY:...>).  System
# headers sit on every include path, so a compile probe would not tell;
# the sources and the link interface do.  Exit 0 when both hold.
app=$1
links=$2
fail=0
hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](sqlite3|sodium)(\.h|/)' "$app" \
       --include='*.c' --include='*.h' --include='*.m' --include='*.cpp' --include='*.cc')
if [ -n "$hits" ]; then
    echo "app/ includes SQLite or libsodium, which only core may use:"
    echo "$hits"
    fail=1
fi
if [ -n "$links" ]; then
    while IFS= read -r item; do
        case "$item" in
        *LINK_ONLY*) ;;
        *[Ss][Qq][Ll][Ii][Tt][Ee]*|*[Ss][Oo][Dd][Ii][Uu][Mm]*)
            echo "core passes $item on to its users: link it PRIVATE"
            fail=1 ;;
        esac
    done < "$links"
fi
if [ "$fail" -eq 0 ]; then
    echo "$app: no sqlite3.h or sodium.h; core keeps SQLite and libsodium to itself"
fi
exit "$fail"
