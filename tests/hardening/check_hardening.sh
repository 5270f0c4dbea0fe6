#!/bin/sh
# check_hardening.sh -- does a built ELF binary carry the hardening
# cmake/hardening.cmake asks for?  Usage: check_hardening.sh FILE [fortify]
#   PIE       ELF type DYN (position-independent executable)
#   RELRO     a GNU_RELRO segment, and BIND_NOW (full RELRO: the GOT is made
#             read-only after start-up)
#   stack     an import of __stack_chk_fail (-fstack-protector-strong)
#   fortify   with the second argument "fortify": imports of glibc's checked
#             __*_chk functions (-D_FORTIFY_SOURCE=2, optimised builds only)
# readelf and nm read any ELF, so a cross-built arm64 binary is checked the
# same way.  Prints one line per property and exits 1 if any is missing.
set -u
bin=$1
want_fortify=${2:-}
fail=0
say() { printf '%-8s %s\n' "$1" "$2"; }
if [ ! -f "$bin" ]; then echo "no such binary: $bin"; exit 1; fi
echo "checking $bin"

type=$(readelf -h "$bin" | sed -n 's/^ *Type: *\([A-Z]*\).*/\1/p')
if [ "$type" = DYN ]; then say PIE "ok (type DYN)"; else say PIE "MISSING (type $type)"; fail=1; fi

if readelf -lW "$bin" | grep -q GNU_RELRO; then say RELRO "ok (GNU_RELRO)"; else say RELRO "MISSING"; fail=1; fi

dyn=$(readelf -dW "$bin")
if echo "$dyn" | grep -q BIND_NOW || echo "$dyn" | grep -E 'FLAGS(_1)?' | grep -q NOW; then
  say NOW "ok (BIND_NOW)"
else
  say NOW "MISSING (lazy binding: partial RELRO only)"; fail=1
fi

syms=$(nm -D "$bin" 2>/dev/null)
if echo "$syms" | grep -q ' U __stack_chk_fail'; then say stack "ok (__stack_chk_fail)"; else say stack "MISSING"; fail=1; fi

if [ "$want_fortify" = fortify ]; then
  chk=$(echo "$syms" | sed -n 's/.* U \(__[a-z_]*_chk\)\(@.*\)\{0,1\}$/\1/p' | grep -v __stack_chk | sort -u)
  n=$(echo "$chk" | grep -c . || true)
  if [ "$n" -gt 0 ]; then
    say fortify "ok ($n checked functions: $(echo $chk | cut -c1-120))"
  else
    say fortify "MISSING (no __*_chk imports)"; fail=1
  fi
fi
[ $fail -eq 0 ] && echo "hardening: all present" || echo "hardening: MISSING flags"
exit $fail
