#!/bin/sh
# SPDX-License-Identifier: MIT
# check-abi-catches.sh CHECK_ABI LIB.so CC INCDIR: check-abi.sh must fail on
# a library that exports an undeclared function (leak_internal) and lacks a
# declared one (leak_missing), and name both; its static inline helper is
# not a missing export.
set -u
out=$(ABI_HEADER=leak.h sh "$1" "$2" leak_ "$3" "$4" 2>&1); rc=$?
fail=0
[ $rc -ne 0 ] || { echo "check-abi.sh passed a leaking library"; fail=1; }
echo "$out" | grep -q "exported but not declared in <leak.h>" || { echo "no leak reported"; fail=1; }
echo "$out" | grep -q ": leak_internal *$" || { echo "leak_internal not named"; fail=1; }
echo "$out" | grep -q "declared in <leak.h> but not exported: leak_missing *$" || { echo "leak_missing not named"; fail=1; }
if echo "$out" | grep -q "leak_inline"; then echo "static inline leak_inline reported"; fail=1; fi
[ $fail -eq 0 ] && echo "check-abi.sh names the leaked and the missing symbol" || echo "$out"
exit $fail
