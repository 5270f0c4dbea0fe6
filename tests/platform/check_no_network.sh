#!/bin/sh
# check_no_network.sh -- fails if Innermost's own code imports network calls.
#
# Usage: check_no_network.sh [--expect-found] [--deps] FILE...
#   FILE      an executable or shared library (its dynamic imports are read
#             with `nm -D --undefined-only`) or a static library / object
#             (its undefined symbols, `nm --undefined-only`).
#   --deps    also check the libsqlite3 and libsodium that each executable
#             resolves to (ldd): core's own dependencies must not talk to the
#             network either (for them only the network calls are checked).
#   --dep FILE  check FILE as such a dependency (network calls only).
#   --loader MEMBER  the one object of our static libraries that may import
#             dlopen/dlsym (app/src/platform/module.c: it opens only the
#             app's own innermost-NAME.so modules, issue 19); every other
#             member is checked as before, that one for network calls and
#             the other loaders; an executable may then import dlopen/dlsym
#             (that member's, linked in).  Give it before the files.
#   --expect-found   invert: pass only if every FILE DOES import one of the
#             names (the negative control that proves this script can fail).
#
# What it proves, and what not (see docs/platforms.md): our binary, our
# static libraries (so every object file we wrote) and SQLite/libsodium do
# not call the BSD socket or resolver API, and our code does not load code by
# name (dlopen/dlsym/SDL_LoadObject), which would hide such calls.  It does
# not prove SDL2 or the libraries SDL loads at run time (X11, Wayland, D-Bus,
# PulseAudio use local sockets) never touch a network; nor does it watch a
# raw `syscall(SYS_socket)`.  On Android the manifest's missing INTERNET
# permission is the enforcement; this is a build-time guard against us.
#
# Prints one line per file and ends with "N passed, N failed".
set -u

net_calls="socket connect getaddrinfo getnameinfo gethostbyname gethostbyname2
gethostbyname_r gethostbyaddr bind listen accept accept4 sendto recvfrom
sendmsg recvmsg res_query res_search"
# Only for our own code: SQLite imports dlopen/dlsym for its extension loader,
# which stays off (sqlite3_enable_load_extension is never called).
loader_calls="dlopen dlsym dlmopen SDL_LoadObject SDL_LoadFunction"

expect_found=no
deps=no
loader_member=""
passed=0
failed=0

# The undefined (imported) symbol names of one file, without @VERSION.
imports_of() {
    case "$1" in
        *.a|*.o) nm --undefined-only "$1" 2>/dev/null ;;
        *)       nm -D --undefined-only "$1" 2>/dev/null ;;
    esac | awk -v skip="${2:-}" '/:$/ { member = $0; sub(/:$/, "", member); next }
                                skip != "" && member == skip { next }
                                NF >= 2 { sub(/@.*/, "", $NF); print $NF }' | sort -u
}

# The imports of MEMBER of archive FILE alone.
member_imports_of() {
    nm --undefined-only "$1" 2>/dev/null |
        awk -v want="$2" '/:$/ { member = $0; sub(/:$/, "", member); next }
                          member == want && NF >= 2 { sub(/@.*/, "", $NF); print $NF }' | sort -u
}

# check_file FILE FORBIDDEN-NAMES
check_file() {
    file=$1
    forbidden=$2
    if [ ! -r "$file" ]; then
        echo "FAIL $file: cannot be read"
        failed=$((failed + 1))
        return
    fi
    found=""
    names=$(imports_of "$file" "${3:-}")
    if [ -n "${4:-}" ]; then names=$(member_imports_of "$file" "$4"); file="$file($4)"; fi
    if [ -z "$names" ] && ! nm -D "$file" >/dev/null 2>&1 && ! nm "$file" >/dev/null 2>&1; then
        echo "FAIL $file: nm cannot read it"
        failed=$((failed + 1))
        return
    fi
    for f in $forbidden; do
        if printf '%s\n' "$names" | grep -qx "$f"; then
            found="$found $f"
        fi
    done
    if [ "$expect_found" = yes ]; then
        if [ -n "$found" ]; then
            echo "ok   $file imports:$found (as the control expects)"
            passed=$((passed + 1))
        else
            echo "FAIL $file: the control imports no network call, so this check is blind"
            failed=$((failed + 1))
        fi
    elif [ -n "$found" ]; then
        echo "FAIL $file imports:$found"
        failed=$((failed + 1))
    else
        echo "ok   $file: none of the forbidden imports ($(printf '%s\n' "$names" | grep -c .) imports read)"
        passed=$((passed + 1))
    fi
}

[ $# -gt 0 ] || { echo "usage: $0 [--expect-found] [--deps] [--dep LIB]... FILE..." >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --expect-found) expect_found=yes ;;
        --deps)         deps=yes ;;
        --dep)          shift; check_file "$1" "$net_calls" ;;
        --loader)       shift; loader_member=$1 ;;
        *)
            if [ -z "$loader_member" ] || [ "$expect_found" = yes ]; then
                check_file "$1" "$net_calls $loader_calls"
            else
                case "$1" in
                    *.a)
                        check_file "$1" "$net_calls $loader_calls" "$loader_member"
                        if nm "$1" 2>/dev/null | grep -qx "$loader_member:"; then
                            check_file "$1" "$net_calls dlmopen SDL_LoadObject SDL_LoadFunction" "" "$loader_member"
                        fi ;;
                    *.so) check_file "$1" "$net_calls $loader_calls" ;;
                    *) check_file "$1" "$net_calls dlmopen SDL_LoadObject SDL_LoadFunction" ;;
                esac
            fi
            if [ "$deps" = yes ] && [ "$expect_found" = no ]; then
                case "$1" in *.a|*.o) ;; *)
                    for lib in $(ldd "$1" 2>/dev/null | awk '/libsqlite3|libsodium/ { print $3 }'); do
                        check_file "$lib" "$net_calls"
                    done ;;
                esac
            fi ;;
    esac
    shift
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
