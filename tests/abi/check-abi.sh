#!/bin/sh
# SPDX-License-Identifier: MIT
# check-abi.sh LIB.so PREFIX CC INCDIR...: the ABI rules of docs/abi.md.
#  - the exported functions are exactly those the public umbrella header
#    declares (one public layer: nothing internal leaks out, e.g. a generated
#    query not annotated `export`, and nothing declared is missing);
#  - the library never references exit/abort/_exit (a library must not end
#    the host program; libpq has the same check);
#  - the SONAME is set;
#  - the public umbrella header compiles alone with -pedantic -Werror.
set -eu
lib=$1; prefix=$2; cc=$3; shift 3
fail=0
header=${ABI_HEADER:-mdb/mdb.h}
incs=
for d in "$@"; do incs="$incs -I$d"; done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRWV]$/ {print $3}' | sed 's/@.*//' | sort -u > "$tmp/exported"
bad=$(grep -v "^$prefix" "$tmp/exported" || true)
if [ -n "$bad" ]; then echo "exported symbols without prefix $prefix: $bad"; fail=1; fi

# Functions the header declares: PREFIX names followed by "(" in the
# preprocessed header, less static inline helpers defined there.
# shellcheck disable=SC2086
printf '#include <%s>\n' "$header" \
  | $cc -std=c11 $(pkg-config --cflags glib-2.0) $incs -E -x c - > "$tmp/header.i"
grep -oE "\\b$prefix[a-z0-9_]* *\\(" "$tmp/header.i" | sed 's/ *($//' | sort -u > "$tmp/named"
{ grep -oE "static[^;{(]*\\b$prefix[a-z0-9_]* *\\(" "$tmp/header.i" || true; } \
  | grep -oE "$prefix[a-z0-9_]* *\\($" | sed 's/ *($//' | sort -u > "$tmp/inline"
comm -23 "$tmp/named" "$tmp/inline" > "$tmp/declared"
hidden=$(comm -13 "$tmp/declared" "$tmp/exported" | tr '\n' ' ')
missing=$(comm -23 "$tmp/declared" "$tmp/exported" | tr '\n' ' ')
if [ -n "$hidden" ]; then
  echo "exported but not declared in <$header> (make them static, G_GNUC_INTERNAL, or for a"
  echo "generated query leave off \`export\`): $hidden"; fail=1
fi
if [ -n "$missing" ]; then echo "declared in <$header> but not exported: $missing"; fail=1; fi

ends=$(nm -D --undefined-only "$lib" | awk '{print $2}' | sed 's/@.*//' | grep -xE 'exit|abort|_exit|_Exit|quick_exit' || true)
if [ -n "$ends" ]; then echo "$lib references: $ends"; fail=1; fi

soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
[ -n "$soname" ] || { echo "$lib has no SONAME"; fail=1; }

# shellcheck disable=SC2086
printf '#include <%s>\nint main (void) { return 0; }\n' "$header" \
  | $cc -std=c11 -Wall -Wextra -pedantic -Werror $(pkg-config --cflags glib-2.0) $incs -x c -fsyntax-only - \
  || { echo "$header does not compile alone with -pedantic -Werror"; fail=1; }

[ $fail -eq 0 ] && echo "ABI rules hold for $lib ($soname): $(wc -l < "$tmp/exported") exported functions, all declared in <$header>"
exit $fail
