#!/bin/sh
# SPDX-License-Identifier: MIT
# check-abi.sh LIB.so PREFIX CC INCDIR...: the ABI rules of docs/abi.md.
#  - every exported function starts with PREFIX (hidden visibility works);
#  - the library never references exit/abort/_exit (a library must not end
#    the host program; libpq has the same check);
#  - the SONAME is set;
#  - the public umbrella header compiles alone with -pedantic -Werror.
set -eu
lib=$1; prefix=$2; cc=$3; shift 3
fail=0

bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ {print $3}' | grep -v "^$prefix" || true)
if [ -n "$bad" ]; then echo "exported symbols without prefix $prefix: $bad"; fail=1; fi

ends=$(nm -D --undefined-only "$lib" | awk '{print $2}' | sed 's/@.*//' | grep -xE 'exit|abort|_exit|_Exit|quick_exit' || true)
if [ -n "$ends" ]; then echo "$lib references: $ends"; fail=1; fi

soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
[ -n "$soname" ] || { echo "$lib has no SONAME"; fail=1; }

header=${ABI_HEADER:-mdb/mdb.h}
incs=
for d in "$@"; do incs="$incs -I$d"; done
# shellcheck disable=SC2086
printf '#include <%s>\nint main (void) { return 0; }\n' "$header" \
  | $cc -std=c11 -Wall -Wextra -pedantic -Werror $(pkg-config --cflags glib-2.0) $incs -x c -fsyntax-only - \
  || { echo "$header does not compile alone with -pedantic -Werror"; fail=1; }

[ $fail -eq 0 ] && echo "ABI rules hold for $lib ($soname)"
exit $fail
